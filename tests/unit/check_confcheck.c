/* check_confcheck.c - the configuration check of postdesk -n and
 * postdeskctl config-check: each case breaks one thing in a good setup
 * (templates, secret, tmpdir in a fresh directory) and looks for the
 * item that names it. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "confcheck/confcheck.h"
#include "notifier/notifier.h"

enum setup { S_NONE, S_NO_REPLY, S_LANG_PARTIAL, S_LANG_FULL,
    S_UNREADABLE, S_SHORT_SECRET, S_TMPDIR_FILE, S_PRIVATE_DIR,
    S_TMPDIR_ROOT, S_NO_OPTIONAL };

static const struct {
	const char	*name;
	const char	*conf;		/* lines after the good ones; {D} is
					 * the test directory */
	enum setup	 setup;
	int		 flags;
	const char	*key;		/* NULL: nothing at all found */
	enum confcheck_level level;
	const char	*text;		/* in the item's text */
} cases[] = {
	{ "good", "", S_NONE, 0, NULL, CC_ERROR, NULL },
	{ "a template missing", "", S_NO_REPLY, 0, "template_dir", CC_ERROR,
	    "template reply missing" },
	{ "a language without one template", "", S_LANG_PARTIAL, 0,
	    "template_dir", CC_ERROR, "/de/closed.txt" },
	{ "a whole language", "", S_LANG_FULL, 0, NULL, CC_ERROR, NULL },
	{ "an optional template missing (an earlier version's)", "",
	    S_NO_OPTIONAL, 0, "template_dir", CC_WARN,
	    "optional template redacted missing" },
	{ "template_dir missing", "template_dir = {D}/none", S_NONE, 0,
	    "template_dir", CC_ERROR, "not a directory" },
	{ "a template the user cannot read", "user = nobody\n"
	    "tmpdir = /tmp", S_UNREADABLE, 0, "template_dir", CC_ERROR,
	    "user nobody cannot read" },
	{ "secret missing", "hmac_secret_file = {D}/none", S_NONE, 0,
	    "hmac_secret_file", CC_ERROR, "No such file" },
	{ "secret too short", "", S_SHORT_SECRET, 0, "hmac_secret_file",
	    CC_ERROR, "at least 16" },
	{ "secret unset", "hmac_secret_file =", S_NONE, 0,
	    "hmac_secret_file", CC_WARN, "unset" },
	{ "no support addresses", "support_addresses =", S_NONE, 0,
	    "support_addresses", CC_ERROR, "empty" },
	{ "no agents", "agents =", S_NONE, 0, "agents", CC_ERROR, "empty" },
	{ "agents_address not an address", "agents_address = the team",
	    S_NONE, 0, "agents_address", CC_ERROR, "not an address" },
	{ "agents_address a support address", "agents_address = "
	    "support+team@example.test", S_NONE, 0, "agents_address",
	    CC_ERROR, "is a support address" },
	{ "agents_address fine", "agents_address = team@staff.example.test",
	    S_NONE, 0, NULL, CC_ERROR, NULL },
	{ "second escalation first", "escalation_first = 60\n"
	    "escalation_second = 60", S_NONE, 0, "escalation_second",
	    CC_WARN, "one escalation, not two" },
	{ "agents trusted by From", "agent_trust = auth, from", S_NONE, 0,
	    "agent_trust", CC_WARN, "includes from" },
	{ "tmpdir missing", "tmpdir = {D}/none", S_NONE, 0, "tmpdir",
	    CC_ERROR, "No such file" },
	{ "tmpdir a file", "tmpdir = {D}/templates/reply.txt", S_TMPDIR_FILE,
	    0, "tmpdir", CC_ERROR, "not a directory" },
	{ "tmpdir not writable by the user", "user = nobody\n"
	    "hmac_secret_file =\ntmpdir = {D}/rootonly", S_TMPDIR_ROOT, 0,
	    "tmpdir", CC_ERROR, "nobody cannot create files in" },
	{ "no such user", "user = no-such-user-here", S_NONE, 0, "user",
	    CC_ERROR, "no user" },
	{ "socket directory missing", "socket = unix:{D}/none/pd.sock",
	    S_NONE, 0, "socket", CC_ERROR, "does not exist" },
	{ "socket Postfix cannot reach", "socket = unix:{D}/private/pd.sock",
	    S_PRIVATE_DIR, 0, "socket", CC_ERROR, "Postfix cannot reach" },
	{ "socket Postfix may not use", "socket = unix:{D}/pd.sock\n"
	    "socket_mode = 0600", S_NONE, 0, "socket_mode", CC_ERROR,
	    "user postfix could not connect" },
	{ "socket for the postfix group", "socket = unix:{D}/pd.sock\n"
	    "socket_group = postfix\nsocket_mode = 0660", S_NONE, 0, NULL,
	    CC_ERROR, NULL },
	{ "a bad redaction rule", "redact_rule = password ((", S_NONE, 0,
	    "redact_rule", CC_ERROR, "" },
	{ "an unknown detail", "details_refill = order_id, colour", S_NONE,
	    0, "details_refill", CC_ERROR, "unknown detail \"colour\"" },
	{ "an unknown language", "default_language = fr", S_NONE, 0,
	    "default_language", CC_ERROR, "none of en, ru" },
	{ "an unknown language address", "language_addresses = "
	    "a@example.test:xx", S_NONE, 0, "language_addresses", CC_ERROR,
	    "a@example.test:xx" },
	{ "an unknown key", "no_such_key = 1", S_NONE, 0, "{D}/t.conf",
	    CC_ERROR, "unknown key" },
	{ "database unreachable", "database = postgresql://x@127.0.0.1:1/x"
	    "?connect_timeout=2", S_NONE, CONFCHECK_CONNECT, "database",
	    CC_ERROR, "cannot connect" },
};

/* Writes text to path with mode. */
static void
put(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

/* Every template into dir (but skip, when not NULL). */
static void
put_templates(const char *dir, const char *skip)
{
	char path[512];
	size_t i;

	ck_assert_int_eq(mkdir(dir, 0755), 0);
	for (i = 0; tmpl_names[i] != NULL; i++) {
		if (skip != NULL && strcmp(tmpl_names[i], skip) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s.txt", dir, tmpl_names[i]);
		put(path, "Subject: x\n\nbody\n", 0644);
	}
}

/* The good setup in dir, then what case i breaks. */
static void
setup(const char *d, enum setup s)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/templates", d);
	put_templates(p, s == S_NO_REPLY ? "reply" : NULL);
	snprintf(p, sizeof(p), "%s/templates/redacted.txt", d);
	if (s != S_NO_OPTIONAL)
		put(p, "Subject: x\n\nbody\n", 0644);
	snprintf(p, sizeof(p), "%s/hmac.key", d);
	put(p, s == S_SHORT_SECRET ? "short\n" :
	    "0123456789abcdef0123456789abcdef\n", 0600);
	snprintf(p, sizeof(p), "%s/tmp", d);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/templates/de", d);
	if (s == S_LANG_PARTIAL || s == S_LANG_FULL)
		put_templates(p, s == S_LANG_PARTIAL ? "closed" : NULL);
	snprintf(p, sizeof(p), "%s/templates/confirmation.txt", d);
	if (s == S_UNREADABLE)
		ck_assert_int_eq(chmod(p, 0600), 0);
	snprintf(p, sizeof(p), "%s/private", d);
	if (s == S_PRIVATE_DIR)
		ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/rootonly", d);
	if (s == S_TMPDIR_ROOT)
		ck_assert_int_eq(mkdir(p, 0755), 0);
}

/* Copies text to b with every {D} replaced by dir. */
static void
expand(const char *text, const char *dir, struct buf *b)
{
	while (*text != '\0')
		if (strncmp(text, "{D}", 3) == 0) {
			buf_adds(b, dir);
			text += 3;
		} else
			buf_addc(b, *text++);
}

/* Each case finds what it broke, and the good ones find nothing. */
START_TEST(test_confcheck)
{
	char dir[] = "/tmp/check_confcheck.XXXXXX", path[512];
	struct buf conf = BUF_INIT, key = BUF_INIT;
	struct confcheck cc;
	struct cc_user pf;
	size_t i, found = 0;

	if (strstr(cases[_i].conf, "nobody") != NULL && geteuid() != 0)
		return;		/* a file of ours is not root's */
	if (strstr(cases[_i].name, "ostfix") != NULL &&
	    cc_user_named(&pf, "postfix") < 0)
		return;		/* no Postfix on this machine */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	setup(dir, cases[_i].setup);
	expand("support_addresses = support@example.test\n"
	    "agents = @staff.example.test\nagent_trust = auth, dkim\n"
	    "hmac_secret_file = {D}/hmac.key\ntemplate_dir = {D}/templates\n"
	    "tmpdir = {D}/tmp\nsocket = inet:8894@127.0.0.1\n", dir, &conf);
	expand(cases[_i].conf, dir, &conf);
	buf_addc(&conf, '\n');
	snprintf(path, sizeof(path), "%s/t.conf", dir);
	put(path, conf.b_data, 0644);
	confcheck_init(&cc);
	confcheck_file(&cc, path, cases[_i].flags);
	if (cases[_i].key != NULL)
		expand(cases[_i].key, dir, &key);
	for (i = 0; i < cc.cc_n; i++)
		if (key.b_data != NULL &&
		    strcmp(cc.cc_items[i].ci_key, key.b_data) == 0 &&
		    cc.cc_items[i].ci_level == cases[_i].level &&
		    strstr(cc.cc_items[i].ci_text, cases[_i].text) != NULL &&
		    cc.cc_items[i].ci_fix[0] != '\0')
			found++;
	if (cases[_i].key == NULL)
		ck_assert_msg(cc.cc_n == 0, "%s: got %zu item(s), first %s: "
		    "%s, want none", cases[_i].name, cc.cc_n,
		    cc.cc_n ? cc.cc_items[0].ci_key : "",
		    cc.cc_n ? cc.cc_items[0].ci_text : "");
	else
		ck_assert_msg(found == 1, "%s: got %zu item(s) for %s "
		    "(first: %s: %s), want one with \"%s\"", cases[_i].name,
		    found, key.b_data, cc.cc_n ? cc.cc_items[0].ci_key : "-",
		    cc.cc_n ? cc.cc_items[0].ci_text : "-", cases[_i].text);
	ck_assert_int_eq(confcheck_status(&cc), cc.cc_errors > 0 ?
	    CONFCHECK_EXIT_ERROR : CONFCHECK_EXIT_OK);
	confcheck_free(&cc);
	buf_free(&conf);
	buf_free(&key);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* Owner, group and other bits, as the kernel picks them. */
static const struct {
	unsigned	uid, gid, mode;
	int		want, ok;
} modes[] = {
	{ 1000, 1000, 0600, R_OK | W_OK, 1 },	/* owner */
	{ 1000, 2000, 0066, R_OK, 0 },		/* owner bits rule */
	{ 3000, 1000, 0060, R_OK | W_OK, 1 },	/* primary group */
	{ 3000, 1500, 0060, R_OK | W_OK, 1 },	/* supplementary */
	{ 3000, 4000, 0660, R_OK, 0 },		/* other */
	{ 3000, 4000, 0006, R_OK | W_OK, 1 },
	{ 3000, 4000, 0001, X_OK, 1 },
};

START_TEST(test_modes)
{
	struct cc_user u = { "u", 1000, 1000, { 1500 }, 1 };
	int got = cc_mode_allows(&u, modes[_i].uid, modes[_i].gid,
	    modes[_i].mode, modes[_i].want) == 0;

	ck_assert_msg(got == modes[_i].ok, "case %d: got %d, want %d", _i,
	    got, modes[_i].ok);
}
END_TEST

/* The suite. */
static Suite *
confcheck_suite(void)
{
	Suite *s = suite_create("confcheck");
	TCase *tc = tcase_create("confcheck");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_confcheck, 0,
	    sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(tc, test_modes, 0,
	    sizeof(modes) / sizeof(modes[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(confcheck_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
