/* conf.c - the config table and its loader.
 *
 * One row per key: name, type, where it goes in struct conf, default,
 * and the range a number must fall in.  Defaults are parsed by the same
 * code as the file, so a default can never be of the wrong shape.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/conf.h"
#include "common/xalloc.h"

enum conf_type { CT_STR, CT_INT, CT_SIZE, CT_BOOL, CT_LIST, CT_MULTI,
    CT_TRUST, CT_ONERR, CT_MODE, CT_RELAY };

struct conf_key {
	const char	*k_name;
	enum conf_type	 k_type;
	size_t		 k_off;
	const char	*k_default;	/* NULL: unset */
	long		 k_min, k_max;
};

#define O(f) offsetof(struct conf, f)
#define BIG  2147483647L

static const struct conf_key conf_keys[] = {
	{ "database", CT_STR, O(cf_database), "postgresql:///postdesk", 0, 0 },
	{ "db_pool_size", CT_INT, O(cf_db_pool_size), "8", 1, 256 },
	{ "db_pool_wait", CT_INT, O(cf_db_pool_wait), "5000", 0, 60000 },
	{ "db_writers", CT_INT, O(cf_db_writers), "1", 1, 256 },
	{ "support_addresses", CT_LIST, O(cf_support_addresses), NULL, 0, 0 },
	{ "agents", CT_LIST, O(cf_agents), NULL, 0, 0 },
	{ "agent_trust", CT_TRUST, O(cf_agent_trust), "auth, dkim", 0, 0 },
	{ "authserv_id", CT_STR, O(cf_authserv_id), NULL, 0, 0 },
	{ "tag_prefix", CT_STR, O(cf_tag_prefix), "Ticket", 0, 0 },
	{ "from_address", CT_STR, O(cf_from_address), NULL, 0, 0 },
	{ "from_name", CT_STR, O(cf_from_name), "Support", 0, 0 },
	{ "hmac_secret_file", CT_STR, O(cf_hmac_secret_file), NULL, 0, 0 },
	{ "socket", CT_STR, O(cf_socket), "inet:8894@127.0.0.1", 0, 0 },
	{ "socket_owner", CT_STR, O(cf_socket_owner), NULL, 0, 0 },
	{ "socket_group", CT_STR, O(cf_socket_group), NULL, 0, 0 },
	{ "socket_mode", CT_MODE, O(cf_socket_mode), "0660", 0, 0777 },
	{ "user", CT_STR, O(cf_user), NULL, 0, 0 },
	{ "pidfile", CT_STR, O(cf_pidfile), NULL, 0, 0 },
	{ "log", CT_STR, O(cf_log), "syslog", 0, 0 },
	{ "log_debug", CT_BOOL, O(cf_log_debug), "no", 0, 0 },
	{ "max_message_size", CT_SIZE, O(cf_max_message_size), "25M",
	    1024, BIG },
	{ "spill_threshold", CT_SIZE, O(cf_spill_threshold), "1M", 0, BIG },
	{ "tmpdir", CT_STR, O(cf_tmpdir), "/tmp", 0, 0 },
	{ "intake_max", CT_INT, O(cf_intake_max), "32", 1, 10000 },
	{ "intake_wait", CT_INT, O(cf_intake_wait), "10000", 0, 25000 },
	{ "on_error", CT_ONERR, O(cf_on_error), "tempfail", 0, 0 },
	{ "redact_delivered", CT_BOOL, O(cf_redact_delivered), "yes", 0, 0 },
	{ "quarantine_suspicious", CT_BOOL, O(cf_quarantine_suspicious),
	    "no", 0, 0 },
	{ "support_copy_reply_to", CT_BOOL, O(cf_support_copy_reply_to),
	    "yes", 0, 0 },
	{ "redact_rule", CT_MULTI, O(cf_redact_rules), NULL, 0, 0 },
	{ "reopen_closed", CT_BOOL, O(cf_reopen_closed), "yes", 0, 0 },
	{ "sla_low", CT_INT, O(cf_sla_hours[0]), "48", 1, 8760 },
	{ "sla_medium", CT_INT, O(cf_sla_hours[1]), "24", 1, 8760 },
	{ "sla_high", CT_INT, O(cf_sla_hours[2]), "4", 1, 8760 },
	{ "sla_urgent", CT_INT, O(cf_sla_hours[3]), "1", 1, 8760 },
	{ "urgent_keywords", CT_LIST, O(cf_urgent_keywords), "urgent", 0, 0 },
	{ "high_keywords", CT_LIST, O(cf_high_keywords), "asap", 0, 0 },
	{ "stale_waiting_days", CT_INT, O(cf_stale_waiting_days), "7", 1,
	    3650 },
	{ "stale_resolved_days", CT_INT, O(cf_stale_resolved_days), "7", 1,
	    3650 },
	{ "issue_type_addresses", CT_LIST, O(cf_issue_type_addresses), NULL,
	    0, 0 },
	{ "details_order", CT_LIST, O(cf_details[0]),
	    "order_id, service, link, status", 0, 0 },
	{ "details_refill", CT_LIST, O(cf_details[1]),
	    "order_id, current_count", 0, 0 },
	{ "details_cancel", CT_LIST, O(cf_details[2]), "order_id, status",
	    0, 0 },
	{ "details_speed", CT_LIST, O(cf_details[3]),
	    "order_id, status, current_count", 0, 0 },
	{ "details_drop", CT_LIST, O(cf_details[4]),
	    "order_id, link, current_count", 0, 0 },
	{ "details_payment", CT_LIST, O(cf_details[5]),
	    "payment_reference, amount, date, method", 0, 0 },
	{ "details_account", CT_LIST, O(cf_details[6]), "account", 0, 0 },
	{ "details_other", CT_LIST, O(cf_details[7]),
	    "order_id, link, status", 0, 0 },
	{ "language_addresses", CT_LIST, O(cf_language_addresses), NULL,
	    0, 0 },
	{ "default_language", CT_STR, O(cf_default_language), "en", 0, 0 },
	{ "smtp_url", CT_STR, O(cf_smtp_url), "smtp://127.0.0.1:25", 0, 0 },
	{ "template_dir", CT_STR, O(cf_template_dir), PKGDATADIR "/templates",
	    0, 0 },
	{ "outbox_max_attempts", CT_INT, O(cf_outbox_max_attempts), "10", 1,
	    1000 },
	{ "outbox_poll", CT_INT, O(cf_outbox_poll), "30", 1, 3600 },
	{ "auto_reply_cap", CT_INT, O(cf_auto_reply_cap), "5", 0, 10000 },
	{ "notify", CT_BOOL, O(cf_notify), "yes", 0, 0 },
	{ "agents_address", CT_STR, O(cf_agents_address), NULL, 0, 0 },
	{ "escalation_first", CT_INT, O(cf_escalation_first), "0", 0,
	    525600 },
	{ "escalation_second", CT_INT, O(cf_escalation_second), "240", 1,
	    525600 },
	{ "clock_offset", CT_INT, O(cf_clock_offset), "0", -BIG, BIG },
	{ "relay_to", CT_RELAY, O(cf_relay_to), "participants", 0, 0 },
	{ "telegram_token_file", CT_STR, O(cf_tg_token_file), NULL, 0, 0 },
	{ "telegram_api_url", CT_STR, O(cf_tg_api_url),
	    "https://api.telegram.org", 0, 0 },
	{ "telegram_departments", CT_LIST, O(cf_tg_departments), NULL, 0, 0 },
	{ "telegram_max_files", CT_INT, O(cf_tg_max_files), "5", 0, 50 },
	{ "telegram_max_file_size", CT_SIZE, O(cf_tg_max_file_size), "20M",
	    1, 20L * 1024 * 1024 },
	{ "telegram_max_text", CT_SIZE, O(cf_tg_max_text), "16K", 1, 1048576 },
	{ "telegram_poll_timeout", CT_INT, O(cf_tg_poll_timeout), "30", 0,
	    50 },
};

#define NKEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

/* Releases a list's strings. */
static void
strlist_clear(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->sl_n; i++)
		free(l->sl_v[i]);
	free(l->sl_v);
	l->sl_v = NULL;
	l->sl_n = 0;
}

/* Appends one string to a list. */
static void
strlist_push(struct strlist *l, const char *s, size_t n)
{
	l->sl_v = xreallocarray(l->sl_v, l->sl_n + 2, sizeof(char *));
	l->sl_v[l->sl_n++] = xstrndup(s, n);
	l->sl_v[l->sl_n] = NULL;
}

/* Splits "a, b c" into a fresh list. */
static void
strlist_split(struct strlist *l, const char *v)
{
	const char *p = v, *s;

	strlist_clear(l);
	for (;;) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		for (s = p; *p != '\0' && *p != ',' &&
		    !isspace((unsigned char)*p); p++)
			;
		strlist_push(l, s, (size_t)(p - s));
	}
}

/* Parses a yes/no word. */
static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}

/* Parses a number with an optional K/M/G suffix (sizes only). */
static int
parse_number(const char *v, int base, int suffix, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, base);
	if (end == v || errno != 0)
		return -1;
	if (suffix && *end != '\0' && end[1] == '\0') {
		long mul = 1;

		switch (toupper((unsigned char)*end)) {
		case 'K': mul = 1024L; break;
		case 'M': mul = 1024L * 1024; break;
		case 'G': mul = 1024L * 1024 * 1024; break;
		default: return -1;
		}
		if (n > BIG / mul)
			return -1;
		n *= mul;
		end++;
	}
	if (*end != '\0')
		return -1;
	*out = n;
	return 0;
}

/* Parses agent_trust. */
static int
parse_trust(const char *v, int *out)
{
	struct strlist l = { NULL, 0 };
	size_t i;
	int bits = 0, rc = 0;

	strlist_split(&l, v);
	for (i = 0; i < l.sl_n; i++) {
		if (strcasecmp(l.sl_v[i], "auth") == 0)
			bits |= CONF_TRUST_AUTH;
		else if (strcasecmp(l.sl_v[i], "dkim") == 0)
			bits |= CONF_TRUST_DKIM;
		else if (strcasecmp(l.sl_v[i], "from") == 0)
			bits |= CONF_TRUST_FROM;
		else if (strcasecmp(l.sl_v[i], "none") != 0)
			rc = -1;
	}
	strlist_clear(&l);
	*out = bits;
	return rc;
}

/* Stores one value; returns -1 with a reason in err. */
static int
conf_set(struct conf *c, const struct conf_key *k, const char *v,
    char *err, size_t errlen)
{
	void *f = (char *)c + k->k_off;
	long n;

	switch (k->k_type) {
	case CT_STR:
		free(*(char **)f);
		*(char **)f = xstrdup(v);
		return 0;
	case CT_LIST:
		strlist_split(f, v);
		return 0;
	case CT_MULTI:
		strlist_push(f, v, strlen(v));
		return 0;
	case CT_BOOL:
		if (parse_bool(v, f) == 0)
			return 0;
		snprintf(err, errlen, "%s: want yes or no", k->k_name);
		return -1;
	case CT_TRUST:
		if (parse_trust(v, f) == 0)
			return 0;
		snprintf(err, errlen, "%s: want a list of auth, dkim, from",
		    k->k_name);
		return -1;
	case CT_ONERR:
		if (strcasecmp(v, "tempfail") == 0)
			*(enum conf_on_error *)f = CONF_ON_ERROR_TEMPFAIL;
		else if (strcasecmp(v, "accept") == 0)
			*(enum conf_on_error *)f = CONF_ON_ERROR_ACCEPT;
		else {
			snprintf(err, errlen, "%s: want tempfail or accept",
			    k->k_name);
			return -1;
		}
		return 0;
	case CT_RELAY:
		if (strcasecmp(v, "requester") == 0)
			*(enum conf_relay *)f = CONF_RELAY_REQUESTER;
		else if (strcasecmp(v, "participants") == 0)
			*(enum conf_relay *)f = CONF_RELAY_PARTICIPANTS;
		else {
			snprintf(err, errlen, "%s: want requester or "
			    "participants", k->k_name);
			return -1;
		}
		return 0;
	case CT_INT:
	case CT_SIZE:
	case CT_MODE:
		if (parse_number(v, k->k_type == CT_MODE ? 8 : 10,
		    k->k_type == CT_SIZE, &n) < 0) {
			snprintf(err, errlen, "%s: \"%s\" is not a %s",
			    k->k_name, v, k->k_type == CT_SIZE ?
			    "size (like 25M)" : "number");
			return -1;
		}
		if (n < k->k_min || n > k->k_max) {
			snprintf(err, errlen, "%s: %ld is out of range "
			    "%ld..%ld", k->k_name, n, k->k_min, k->k_max);
			return -1;
		}
		*(long *)f = n;
		return 0;
	}
	return -1;
}

/* Finds a key by name. */
static const struct conf_key *
conf_key_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(conf_keys[i].k_name, name) == 0)
			return &conf_keys[i];
	return NULL;
}

/* A snapshot holding the defaults. */
static struct conf *
conf_defaults(void)
{
	struct conf *c = xcalloc(1, sizeof(*c));
	char err[256];
	size_t i;

	c->cf_refs = 1;
	for (i = 0; i < NKEYS; i++)
		if (conf_keys[i].k_default != NULL &&
		    conf_set(c, &conf_keys[i], conf_keys[i].k_default, err,
		    sizeof(err)) < 0)
			abort();	/* a broken table */
	return c;
}

/* Strips blanks at both ends in place. */
static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Parses one line; returns -1 with err filled. */
static int
conf_line(struct conf *c, char *line, char *err, size_t errlen)
{
	const struct conf_key *k;
	char *eq, *key, *val, *hash;

	if ((hash = strchr(line, '#')) != NULL &&
	    (hash == line || isspace((unsigned char)hash[-1])))
		*hash = '\0';
	line = trim(line);
	if (*line == '\0')
		return 0;
	if ((eq = strchr(line, '=')) == NULL) {
		snprintf(err, errlen, "expected \"key = value\"");
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	if ((k = conf_key_find(key)) == NULL) {
		snprintf(err, errlen, "unknown key \"%.64s\"", key);
		return -1;
	}
	return conf_set(c, k, val, err, errlen);
}

/* Reads the HMAC secret of file (first line, at least 16 bytes). */
int
conf_read_secret(const char *file, char **secret, char *err, size_t errlen)
{
	char line[512];
	FILE *f;

	*secret = NULL;
	if ((f = fopen(file, "r")) == NULL) {
		snprintf(err, errlen, "hmac_secret_file %s: %s", file,
		    strerror(errno));
		return -1;
	}
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	if (strlen(line) < 16) {
		snprintf(err, errlen, "hmac_secret_file %s: the secret must "
		    "be at least 16 characters", file);
		return -1;
	}
	*secret = xstrdup(line);
	return 0;
}

/* Checks relations between keys once everything is read. */
static int
conf_finish(struct conf *c, int lax, char *err, size_t errlen)
{
	const char *env = getenv("POSTDESK_DATABASE");
	size_t i;

	if (env != NULL && *env != '\0') {
		free(c->cf_database);
		c->cf_database = xstrdup(env);
	}
	for (i = 0; i < c->cf_support_addresses.sl_n; i++)
		if (strchr(c->cf_support_addresses.sl_v[i], '@') == NULL) {
			snprintf(err, errlen, "support_addresses: \"%s\" is "
			    "neither an address nor @domain",
			    c->cf_support_addresses.sl_v[i]);
			return -1;
		}
	if (c->cf_from_address == NULL) {
		for (i = 0; i < c->cf_support_addresses.sl_n; i++)
			if (c->cf_support_addresses.sl_v[i][0] != '@')
				break;
		if (i < c->cf_support_addresses.sl_n)
			c->cf_from_address =
			    xstrdup(c->cf_support_addresses.sl_v[i]);
	}
	if (strcmp(c->cf_log, "syslog") != 0 &&
	    strcmp(c->cf_log, "stderr") != 0) {
		snprintf(err, errlen, "log: want syslog or stderr");
		return -1;
	}
	if (c->cf_tag_prefix[0] == '\0' || strpbrk(c->cf_tag_prefix,
	    "[]# \t") != NULL) {
		snprintf(err, errlen, "tag_prefix: must be a word without "
		    "brackets, '#' or blanks");
		return -1;
	}
	if (lax || c->cf_hmac_secret_file == NULL ||
	    *c->cf_hmac_secret_file == '\0')
		return 0;	/* "hmac_secret_file =" leaves it unset */
	return conf_read_secret(c->cf_hmac_secret_file, &c->cf_hmac_secret,
	    err, errlen);
}

/* Parses text into a snapshot; with lax the secret file is not read. */
static struct conf *
conf_parse(const char *text, const char *name, int lax, char *err,
    size_t errlen)
{
	struct conf *c = conf_defaults();
	char msg[300];
	const char *p = text, *nl;
	char *line;
	int lineno = 0, rc = 0;

	while (rc == 0 && p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		line = nl != NULL ? xstrndup(p, (size_t)(nl - p)) :
		    xstrdup(p);
		lineno++;
		rc = conf_line(c, line, msg, sizeof(msg));
		free(line);
		p = nl != NULL ? nl + 1 : NULL;
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s:%d: %s", name, lineno, msg);
		conf_unref(c);
		return NULL;
	}
	c->cf_path = xstrdup(name);
	if (conf_finish(c, lax, msg, sizeof(msg)) < 0) {
		snprintf(err, errlen, "%s: %s", name, msg);
		conf_unref(c);
		return NULL;
	}
	return c;
}

/* Parses text into a snapshot. */
struct conf *
conf_load_string(const char *text, const char *name, char *err,
    size_t errlen)
{
	return conf_parse(text, name, 0, err, errlen);
}

/* Reads a file into a snapshot; NULL path means defaults only. */
static struct conf *
conf_load_file(const char *path, int lax, char *err, size_t errlen)
{
	struct conf *c;
	char *text;
	long len;
	FILE *f;

	if (path == NULL)
		return conf_parse("", "(defaults)", lax, err, errlen);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 ||
	    len > 1024 * 1024 || fseek(f, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "%s: cannot read (or larger than 1 MB)",
		    path);
		fclose(f);
		return NULL;
	}
	text = xmalloc((size_t)len + 1);
	len = (long)fread(text, 1, (size_t)len, f);
	text[len] = '\0';
	fclose(f);
	if (memchr(text, '\0', (size_t)len) != NULL) {
		snprintf(err, errlen, "%s: contains a NUL byte", path);
		free(text);
		return NULL;
	}
	c = conf_parse(text, path, lax, err, errlen);
	free(text);
	return c;
}

/* Reads a file into a snapshot. */
struct conf *
conf_load(const char *path, char *err, size_t errlen)
{
	return conf_load_file(path, 0, err, errlen);
}

/* The same, leaving the secret file unread. */
struct conf *
conf_load_lax(const char *path, char *err, size_t errlen)
{
	return conf_load_file(path, 1, err, errlen);
}

/* Takes a reference. */
struct conf *
conf_ref(struct conf *c)
{
	__atomic_add_fetch(&c->cf_refs, 1, __ATOMIC_SEQ_CST);
	return c;
}

/* Drops a reference, freeing the snapshot with the last one. */
void
conf_unref(struct conf *c)
{
	size_t i;

	if (c == NULL || __atomic_sub_fetch(&c->cf_refs, 1,
	    __ATOMIC_SEQ_CST) > 0)
		return;
	for (i = 0; i < NKEYS; i++) {
		void *f = (char *)c + conf_keys[i].k_off;

		if (conf_keys[i].k_type == CT_STR)
			free(*(char **)f);
		else if (conf_keys[i].k_type == CT_LIST ||
		    conf_keys[i].k_type == CT_MULTI)
			strlist_clear(f);
	}
	free(c->cf_hmac_secret);
	free(c->cf_path);
	free(c);
}

/* Prints every key and its effective value. */
void
conf_dump(const struct conf *c, FILE *out)
{
	size_t i, j;

	for (i = 0; i < NKEYS; i++) {
		const struct conf_key *k = &conf_keys[i];
		const void *f = (const char *)c + k->k_off;
		const struct strlist *l = f;

		switch (k->k_type) {
		case CT_STR:
			if (*(char *const *)f != NULL)
				fprintf(out, "%s = %s\n", k->k_name,
				    *(char *const *)f);
			else
				fprintf(out, "# %s (unset)\n", k->k_name);
			break;
		case CT_LIST:
			fprintf(out, "%s =", k->k_name);
			for (j = 0; j < l->sl_n; j++)
				fprintf(out, "%s %s", j ? "," : "",
				    l->sl_v[j]);
			fputc('\n', out);
			break;
		case CT_MULTI:
			for (j = 0; j < l->sl_n; j++)
				fprintf(out, "%s = %s\n", k->k_name,
				    l->sl_v[j]);
			break;
		case CT_BOOL:
			fprintf(out, "%s = %s\n", k->k_name,
			    *(const int *)f ? "yes" : "no");
			break;
		case CT_TRUST: {
			int b = *(const int *)f;

			fprintf(out, "%s = %s%s%s%s\n", k->k_name,
			    b & CONF_TRUST_AUTH ? "auth " : "",
			    b & CONF_TRUST_DKIM ? "dkim " : "",
			    b & CONF_TRUST_FROM ? "from " : "",
			    b == 0 ? "none" : "");
			break;
		}
		case CT_ONERR:
			fprintf(out, "%s = %s\n", k->k_name,
			    *(const enum conf_on_error *)f ==
			    CONF_ON_ERROR_ACCEPT ? "accept" : "tempfail");
			break;
		case CT_RELAY:
			fprintf(out, "%s = %s\n", k->k_name,
			    *(const enum conf_relay *)f ==
			    CONF_RELAY_REQUESTER ? "requester" : "participants");
			break;
		case CT_MODE:
			fprintf(out, "%s = %04lo\n", k->k_name,
			    (unsigned long)*(const long *)f);
			break;
		case CT_INT:
		case CT_SIZE:
			fprintf(out, "%s = %ld\n", k->k_name,
			    *(const long *)f);
			break;
		}
	}
}

/* $sysconfdir/postdesk/postdesk.conf */
const char *
conf_default_path(void)
{
	return SYSCONFDIR "/postdesk/postdesk.conf";
}
