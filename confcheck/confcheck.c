/* confcheck.c - the configuration check: each rule is one function that
 * adds what it finds; confcheck_file() runs them all in order.
 *
 * Only what would make mail fail (or silently not work) is an error;
 * what works but is risky is a warning.  The database is only asked
 * with CONFCHECK_CONNECT.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "common/addr.h"
#include "common/net.h"
#include "common/xalloc.h"
#include "confcheck/confcheck.h"
#include "notifier/notifier.h"
#include "redact/redact.h"
#include "store/store.h"
#include "ticket/ticket.h"

/* Zeroes a report. */
void
confcheck_init(struct confcheck *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->cc_postfix = "postfix";
}

/* Adds one problem. */
void
confcheck_add(struct confcheck *cc, enum confcheck_level level,
    const char *key, const char *fix, const char *fmt, ...)
{
	struct confcheck_item *it;
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cc->cc_items = xreallocarray(cc->cc_items, cc->cc_n + 1,
	    sizeof(*cc->cc_items));
	it = &cc->cc_items[cc->cc_n++];
	it->ci_level = level;
	it->ci_key = xstrdup(key);
	it->ci_text = xstrdup(text);
	it->ci_fix = xstrdup(fix);
	if (level == CC_ERROR)
		cc->cc_errors++;
	else
		cc->cc_warnings++;
}

/* The user the milter will run as: "user", else whoever runs this. */
static void
check_user(struct confcheck *cc, const struct conf *cf, struct cc_user *run)
{
	cc_user_self(run);
	if (cf->cf_user == NULL || *cf->cf_user == '\0')
		return;
	if (cc_user_named(run, cf->cf_user) < 0) {
		cc_user_self(run);
		confcheck_add(cc, CC_ERROR, "user", "create it (adduser "
		    "--system --group NAME) or name an existing user",
		    "no user \"%s\": postdesk cannot drop its privileges to "
		    "it and will not start", cf->cf_user);
	}
}

/* Every template in one directory (label: how the report names it). */
static void
check_template_set(struct confcheck *cc, const struct cc_user *run,
    const char *dir)
{
	char path[4096], why[512];
	struct stat st;
	size_t i;

	for (i = 0; tmpl_names[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s.txt", dir, tmpl_names[i]);
		if (cc_user_can(run, path, R_OK, why, sizeof(why)) < 0)
			confcheck_add(cc, CC_ERROR, "template_dir", "install "
			    "the template there (make install, or the "
			    "package) and make it readable by the milter's "
			    "user", "template %s missing or unreadable (%s)",
			    tmpl_names[i], why);
		else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			confcheck_add(cc, CC_ERROR, "template_dir", "put the "
			    "template file there", "%s is not a file", path);
	}
}

/* The optional templates: a template_dir of an earlier version lacks
 * them, and then says nothing of what they would send.  Found where the
 * languages fall back to (default_language's directory, template_dir). */
static void
check_template_optional(struct confcheck *cc, const char *dir,
    const char *lang)
{
	static const struct {
		const char	*o_name;
		const char	*o_without;	/* what goes unsaid */
	} optional[] = {
		{ "redacted", "a secret in a later mail on a ticket brings "
		    "its sender no notice of what to do" },
	};
	char p1[4096], p2[4096];
	size_t i;

	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		snprintf(p1, sizeof(p1), "%s/%s/%s.txt", dir, lang,
		    optional[i].o_name);
		snprintf(p2, sizeof(p2), "%s/%s.txt", dir, optional[i].o_name);
		if (access(p1, F_OK) == 0 || access(p2, F_OK) == 0)
			continue;
		confcheck_add(cc, CC_WARN, "template_dir", "copy it from the "
		    "installed templates (" PKGDATADIR "/templates/LANG/) "
		    "into each language directory", "optional template %s "
		    "missing: %s", optional[i].o_name, optional[i].o_without);
	}
}

/* The templates, in each language directory, and in template_dir when
 * there is no directory of default_language. */
static void
check_templates(struct confcheck *cc, const struct conf *cf,
    const struct cc_user *run)
{
	const char *dir = cf->cf_template_dir;
	char sub[4096], why[512] = "not a directory";
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (cc_user_can(run, dir, R_OK | X_OK, why, sizeof(why)) < 0 ||
	    stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		confcheck_add(cc, CC_ERROR, "template_dir", "install the "
		    "templates (make install puts them in " PKGDATADIR
		    "/templates) or set template_dir to their directory",
		    "%s is not a directory the milter can read (%s)", dir,
		    why);
		return;
	}
	/* the templates a language lacks come from default_language's
	 * directory, else from template_dir itself */
	snprintf(sub, sizeof(sub), "%s/%s", dir, cf->cf_default_language);
	if (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode))
		check_template_set(cc, run, dir);
	check_template_optional(cc, dir, cf->cf_default_language);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			check_template_set(cc, run, sub);
	}
	closedir(d);
}

/* The HMAC secret: set, readable by the milter, long enough, private. */
static void
check_secret(struct confcheck *cc, const struct conf *cf,
    const struct cc_user *run)
{
	const char *f = cf->cf_hmac_secret_file;
	char err[512], why[512], *secret;
	struct stat st;

	if (f == NULL || *f == '\0') {
		confcheck_add(cc, CC_WARN, "hmac_secret_file", "generate one "
		    "(head -c 32 /dev/urandom | base64 >FILE, mode 0640) and "
		    "set hmac_secret_file = FILE", "unset: postdesk's "
		    "Message-IDs carry no MAC, so a reply to a ticket can be "
		    "forged");
		return;
	}
	if (cc_user_can(run, f, R_OK, why, sizeof(why)) < 0) {
		confcheck_add(cc, CC_ERROR, "hmac_secret_file", "create it "
		    "(head -c 32 /dev/urandom | base64 >FILE) readable by "
		    "the milter's user, or fix the path", "cannot read %s "
		    "(%s)", f, why);
		return;
	}
	if (conf_read_secret(f, &secret, err, sizeof(err)) < 0) {
		confcheck_add(cc, CC_ERROR, "hmac_secret_file", "write a "
		    "secret of at least 16 characters on its first line",
		    "%s", err);
		return;
	}
	free(secret);
	if (stat(f, &st) == 0 && (st.st_mode & 004))
		confcheck_add(cc, CC_WARN, "hmac_secret_file", "chmod 0640 "
		    "it, group of the milter's user", "%s is readable by "
		    "every user", f);
}

/* agents_address: an address, and not one that makes tickets; the
 * second escalation after the first. */
static void
check_agents_mail(struct confcheck *cc, const struct conf *cf)
{
	const char *a = cf->cf_agents_address;

	if (cf->cf_escalation_second <= cf->cf_escalation_first)
		confcheck_add(cc, CC_WARN, "escalation_second", "set it above "
		    "escalation_first", "%ld is not after escalation_first "
		    "(%ld): a ticket gets one escalation, not two",
		    cf->cf_escalation_second, cf->cf_escalation_first);
	if (a == NULL || *a == '\0')
		return;
	if (!notifier_addr_ok(a))
		confcheck_add(cc, CC_ERROR, "agents_address", "set "
		    "agents_address = team@example.org", "\"%s\" is not an "
		    "address: escalations and the digest cannot be sent", a);
	else if (addr_match_list(&cf->cf_support_addresses, a))
		confcheck_add(cc, CC_ERROR, "agents_address", "use the agents' "
		    "own list or mailbox", "%s is a support address: every "
		    "escalation and digest would land in the support mailbox",
		    a);
}

/* Support addresses, agents, how agents are trusted, the From. */
static void
check_addresses(struct confcheck *cc, const struct conf *cf)
{
	if (cf->cf_support_addresses.sl_n == 0)
		confcheck_add(cc, CC_ERROR, "support_addresses", "set "
		    "support_addresses = support@example.org (or "
		    "@support.example.org)", "empty: every mail passes "
		    "through untouched and no ticket is made");
	if (cf->cf_agents.sl_n == 0)
		confcheck_add(cc, CC_ERROR, "agents", "set agents = "
		    "alice@example.org, @staff.example.org", "empty: no "
		    "mail is taken as an agent's, so no reply ever reaches "
		    "a customer");
	if (cf->cf_agent_trust & CONF_TRUST_FROM)
		confcheck_add(cc, CC_WARN, "agent_trust", "use agent_trust = "
		    "auth, dkim (SMTP AUTH, or DKIM/DMARC checked by your "
		    "own authserv_id)", "includes from: anyone who puts an "
		    "agent's address in From: can answer customers and run "
		    "commands");
	else if (cf->cf_agent_trust == 0)
		confcheck_add(cc, CC_WARN, "agent_trust", "use agent_trust = "
		    "auth, dkim", "none: no agent is ever trusted, their "
		    "commands and replies are taken as a customer's");
	if (cf->cf_from_address == NULL || *cf->cf_from_address == '\0')
		confcheck_add(cc, CC_ERROR, "from_address", "set from_address "
		    "= support@example.org", "unset and no support address "
		    "to take it from: confirmations cannot be sent");
	check_agents_mail(cc, cf);
}

/* The redaction rules compile. */
static void
check_rules(struct confcheck *cc, const struct conf *cf)
{
	struct redactor *r;
	char err[512];

	r = redactor_new((const char *const *)cf->cf_redact_rules.sl_v,
	    cf->cf_redact_rules.sl_n, err, sizeof(err));
	if (r == NULL)
		confcheck_add(cc, CC_ERROR, "redact_rule", "correct the rule "
		    "(KIND REGEX, see postdesk.conf(5))", "%s", err);
	redactor_free(r);
}

/* tmpdir: a directory the milter can create files in. */
static void
check_tmpdir(struct confcheck *cc, const struct conf *cf,
    const struct cc_user *run)
{
	char why[512];
	struct stat st;

	if (stat(cf->cf_tmpdir, &st) == 0 && !S_ISDIR(st.st_mode))
		confcheck_add(cc, CC_ERROR, "tmpdir", "point tmpdir at a "
		    "directory", "%s is not a directory: big mails cannot "
		    "be spilled and are refused with 451", cf->cf_tmpdir);
	else if (cc_user_can(run, cf->cf_tmpdir, W_OK | X_OK, why,
	    sizeof(why)) < 0)
		confcheck_add(cc, CC_ERROR, "tmpdir", "create it, writable "
		    "by the milter's user, or set tmpdir to such a "
		    "directory", "%s is unusable (%s): big mails cannot be "
		    "spilled and are refused with 451", cf->cf_tmpdir, why);
}

/* Who will own a unix socket, and its group: socket_owner, else "user"
 * when started as root, else the starter; socket_group, else the
 * starter's group.  -1 when a name is unknown (reported). */
static int
socket_ids(struct confcheck *cc, const struct conf *cf, unsigned *uid,
    unsigned *gid)
{
	struct cc_user u;

	*uid = geteuid();
	*gid = getegid();
	if (cf->cf_socket_owner != NULL) {
		if (cc_user_named(&u, cf->cf_socket_owner) < 0) {
			confcheck_add(cc, CC_ERROR, "socket_owner", "name an "
			    "existing user", "no user \"%s\"",
			    cf->cf_socket_owner);
			return -1;
		}
		*uid = u.cu_uid;
	} else if (cf->cf_user != NULL && geteuid() == 0 &&
	    cc_user_named(&u, cf->cf_user) == 0)
		*uid = u.cu_uid;
	if (cf->cf_socket_group != NULL) {
		if (cc_group_id(cf->cf_socket_group, gid) < 0) {
			confcheck_add(cc, CC_ERROR, "socket_group", "name an "
			    "existing group", "no group \"%s\"",
			    cf->cf_socket_group);
			return -1;
		}
	}
	return 0;
}

/* A unix socket: its directory exists, Postfix can reach and use it. */
static void
check_socket(struct confcheck *cc, const struct conf *cf)
{
	const char *path = net_unix_path(cf->cf_socket);
	char dir[4096], why[512], *slash;
	struct cc_user pf;
	unsigned uid, gid;
	struct stat st;

	if (path == NULL)
		return;
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		confcheck_add(cc, CC_ERROR, "socket", "create the directory "
		    "or put the socket elsewhere", "the directory of %s "
		    "does not exist", path);
		return;
	}
	if (cc_user_named(&pf, cc->cc_postfix) < 0)
		return;		/* no Postfix here */
	if (cc_user_can(&pf, dir, X_OK, why, sizeof(why)) < 0) {
		confcheck_add(cc, CC_ERROR, "socket", "let user postfix "
		    "search every directory of the path (chmod o+x or a "
		    "postfix group), or put the socket where it can; a "
		    "chrooted smtpd (Debian's default) needs it under "
		    "/var/spool/postfix", "Postfix cannot reach %s: %s", path,
		    why);
		return;
	}
	if (socket_ids(cc, cf, &uid, &gid) == 0 &&
	    cc_mode_allows(&pf, uid, gid, (unsigned)cf->cf_socket_mode,
	    R_OK | W_OK) < 0)
		confcheck_add(cc, CC_ERROR, "socket_mode", "set socket_group "
		    "= postfix (with socket_mode = 0660) or socket_owner = "
		    "postfix", "user postfix could not connect to %s (owner "
		    "%u, group %u, mode %04lo)", path, uid, gid,
		    (unsigned long)cf->cf_socket_mode);
}

/* The database answers and its schema is what this build expects. */
static void
check_database(struct confcheck *cc, const struct conf *cf)
{
	struct store *s;
	char err[512];
	int v;

	if (cf->cf_database == NULL || *cf->cf_database == '\0') {
		confcheck_add(cc, CC_ERROR, "database", "set database = "
		    "postgresql:///postdesk (or POSTDESK_DATABASE)",
		    "unset");
		return;
	}
	if ((s = store_open(cf->cf_database, err, sizeof(err))) == NULL) {
		confcheck_add(cc, CC_ERROR, "database", "check the "
		    "connection string, that PostgreSQL runs, and that it "
		    "lets this user in (pg_hba.conf)", "cannot connect: %s",
		    err);
		return;
	}
	if (store_schema_version(s, &v) != STORE_ONE)
		confcheck_add(cc, CC_ERROR, "database", "check the rights of "
		    "the database user", "cannot read the schema version: "
		    "%s", store_error(s));
	else if (v < store_schema_latest())
		confcheck_add(cc, CC_ERROR, "database", "run postdeskctl "
		    "migrate", "schema at version %d, this postdesk needs %d",
		    v, store_schema_latest());
	else if (v > store_schema_latest())
		confcheck_add(cc, CC_WARN, "database", "upgrade postdesk on "
		    "this host", "schema at version %d, newer than this "
		    "postdesk knows (%d)", v, store_schema_latest());
	store_close(s);
}

/* The customer's side: issue types, their details, languages. */
static void
check_customer(struct confcheck *cc, const struct conf *cf)
{
	char err[512], key[64];
	size_t n;

	if (ticket_conf_check(cf, err, sizeof(err)) == 0)
		return;
	n = strcspn(err, ":");
	snprintf(key, sizeof(key), "%.*s", (int)n, err);
	confcheck_add(cc, CC_ERROR, key, "use the names postdesk.conf(5) "
	    "lists", "%s", err[n] == ':' ? err + n + 2 : err);
}

/* Every rule on a loaded snapshot. */
void
confcheck_conf(struct confcheck *cc, const struct conf *cf, int flags)
{
	struct cc_user run;

	check_user(cc, cf, &run);
	check_addresses(cc, cf);
	check_secret(cc, cf, &run);
	check_templates(cc, cf, &run);
	check_tmpdir(cc, cf, &run);
	check_socket(cc, cf);
	check_rules(cc, cf);
	check_customer(cc, cf);
	if (flags & CONFCHECK_TELEGRAM)
		confcheck_telegram(cc, cf, &run);
	if (flags & CONFCHECK_CONNECT)
		check_database(cc, cf);
}

/* Loads a file (leaving the secret to the check) and checks it. */
void
confcheck_file(struct confcheck *cc, const char *path, int flags)
{
	struct conf *cf;
	char err[512];

	if ((cf = conf_load_lax(path, err, sizeof(err))) == NULL) {
		confcheck_add(cc, CC_ERROR, path != NULL ? path : "(defaults)",
		    "correct the file; every key is in postdesk.conf(5)",
		    "%s", err);
		return;
	}
	confcheck_conf(cc, cf, flags);
	conf_unref(cf);
}

/* One line per problem, then "configuration OK" when no error. */
void
confcheck_print(const struct confcheck *cc, const char *prog, FILE *f,
    FILE *ok)
{
	size_t i;

	for (i = 0; i < cc->cc_n; i++)
		fprintf(f, "%s: %s: %s: %s; fix: %s\n", prog,
		    cc->cc_items[i].ci_level == CC_ERROR ? "error" :
		    "warning", cc->cc_items[i].ci_key,
		    cc->cc_items[i].ci_text, cc->cc_items[i].ci_fix);
	if (cc->cc_errors > 0)
		fprintf(f, "%s: %d error(s), %d warning(s)\n", prog,
		    cc->cc_errors, cc->cc_warnings);
	else
		fprintf(ok, "configuration OK\n");
}

/* The exit status the report calls for. */
int
confcheck_status(const struct confcheck *cc)
{
	return cc->cc_errors > 0 ? CONFCHECK_EXIT_ERROR : CONFCHECK_EXIT_OK;
}

/* Frees the items. */
void
confcheck_free(struct confcheck *cc)
{
	size_t i;

	for (i = 0; i < cc->cc_n; i++) {
		free(cc->cc_items[i].ci_key);
		free(cc->cc_items[i].ci_text);
		free(cc->cc_items[i].ci_fix);
	}
	free(cc->cc_items);
	cc->cc_items = NULL;
	cc->cc_n = 0;
	cc->cc_errors = cc->cc_warnings = 0;
}

/* A daemon's -n. */
void
confcheck_exit(const char *path, int flags, const char *prog)
{
	struct confcheck cc;
	int rc;

	confcheck_init(&cc);
	confcheck_file(&cc, path, flags);
	confcheck_print(&cc, prog, stderr, stdout);
	rc = confcheck_status(&cc);
	confcheck_free(&cc);
	exit(rc);
}

/* A daemon's configuration, or exit. */
struct conf *
confcheck_load(const char *path, const char *prog)
{
	struct conf *cf;
	char err[512];

	if ((cf = conf_load(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err);
		exit(EX_CONFIG);
	}
	return cf;
}
