/* check_notifier_smtp.c - smtp_send() against a real SMTP sink.
 *
 * Run by tests/integration/notifier.test, which starts
 * tests/data/notifier/sink.py and sets NOTIFIER_SMTP_URL (the sink),
 * NOTIFIER_SINK_DIR (what it recorded) and NOTIFIER_DOWN_URL (a port
 * nobody listens on).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "notifier/notifier.h"
#include "parser/parser.h"

static const char *sink_url, *sink_dir, *down_url, *idle_url, *idle_dir;

/* The contents of a file of the sink's directory (malloc'd) or NULL. */
static char *
sink_file(const char *name)
{
	struct buf b = BUF_INIT;
	char path[1024], chunk[4096];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", sink_dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	buf_add(&b, "", 0);
	return buf_steal(&b);
}

/* How many connections the sink has accepted. */
static int
sink_connections(void)
{
	char *s = sink_file("connections");
	int n = s != NULL ? atoi(s) : -1;

	free(s);
	return n;
}

/* How many messages the sink has stored. */
static int
sink_messages(void)
{
	char name[64], *s;
	int n = 0;

	for (;;) {
		snprintf(name, sizeof(name), "msg-%d.env", n + 1);
		if ((s = sink_file(name)) == NULL)
			return n;
		free(s);
		n++;
	}
}

/* A small message with a dot line (libcurl must stuff it). */
static const char test_msg[] =
    "From: <support@example.test>\r\n"
    "To: <ann@example.test>\r\n"
    "Subject: test\r\n"
    "\r\n"
    "line one\r\n"
    ".\r\n"
    "..two dots\r\n";

static const struct {
	const char	*from;
	const char	*rcpt;
	int		 down;		/* send to the port nobody listens on */
	enum notify_status want;
	const char	*want_err;	/* substring of err */
	const char	*want_cmd;	/* MAIL line the sink logged */
} send_cases[] = {
	{ "", "ann@example.test", 0, NOTIFY_OK, NULL, "MAIL FROM:<>" },
	{ "bounces@example.test", "ann@example.test", 0, NOTIFY_OK, NULL,
	    "MAIL FROM:<bounces@example.test>" },
	{ "", "perm-user@example.test", 0, NOTIFY_PERM, "550", NULL },
	{ "", "temp-user@example.test", 0, NOTIFY_TEMP, "451", NULL },
	{ "", "ann@example.test", 1, NOTIFY_TEMP, "", NULL },
	{ "", "ann@example.test\r\nRCPT TO:<x@y>", 0, NOTIFY_PERM, "address",
	    NULL },
	{ "a b@x", "ann@example.test", 0, NOTIFY_PERM, "address", NULL },
};

START_TEST(test_send)
{
	struct smtp_session *s;
	enum notify_status got;
	char err[256] = "", name[64], *eml, *log;
	int before = sink_messages();

	s = smtp_session_new(send_cases[_i].down ? down_url : sink_url);
	ck_assert(s != NULL);
	got = smtp_send(s, send_cases[_i].from, send_cases[_i].rcpt, test_msg,
	    sizeof(test_msg) - 1, err, sizeof(err));
	ck_assert_msg(got == send_cases[_i].want, "case %d: got %d (%s), "
	    "want %d", _i, got, err, send_cases[_i].want);
	if (send_cases[_i].want_err != NULL)
		ck_assert_msg(strstr(err, send_cases[_i].want_err) != NULL,
		    "got err %s, want %s in it", err,
		    send_cases[_i].want_err);
	if (got == NOTIFY_OK) {
		ck_assert_msg(sink_messages() == before + 1,
		    "got %d messages, want %d", sink_messages(), before + 1);
		snprintf(name, sizeof(name), "msg-%d.eml", before + 1);
		eml = sink_file(name);
		ck_assert_msg(eml != NULL && strcmp(eml, test_msg) == 0,
		    "got message %s, want %s", eml, test_msg);
		free(eml);
		log = sink_file("commands.log");
		ck_assert_msg(log != NULL &&
		    strstr(log, send_cases[_i].want_cmd) != NULL,
		    "got commands %s, want %s", log, send_cases[_i].want_cmd);
		free(log);
	} else
		ck_assert_msg(sink_messages() == before,
		    "got %d messages, want %d", sink_messages(), before);
	smtp_session_free(s);
}
END_TEST

/* Several mails, a refused one among them, over one connection. */
START_TEST(test_reuse)
{
	static const char *const rcpts[] = { "a@example.test",
	    "b@example.test", "perm-x@example.test", "c@example.test" };
	struct smtp_session *s = smtp_session_new(sink_url);
	int conns = sink_connections(), msgs = sink_messages(), i, want;
	char err[256];

	for (i = 0; i < 4; i++) {
		want = i == 2 ? NOTIFY_PERM : NOTIFY_OK;
		ck_assert_msg((int)smtp_send(s, "", rcpts[i], test_msg,
		    sizeof(test_msg) - 1, err, sizeof(err)) == want,
		    "%s: got an error %s, want %d", rcpts[i], err, want);
	}
	ck_assert_msg(sink_messages() == msgs + 3, "got %d messages, want %d",
	    sink_messages(), msgs + 3);
	/* a refused recipient may cost libcurl its connection, no more */
	ck_assert_msg(sink_connections() - conns <= 2,
	    "got %d connections, want at most 2", sink_connections() - conns);
	conns = sink_connections();
	for (i = 0; i < 2; i++)
		ck_assert(smtp_send(s, "", rcpts[i], test_msg,
		    sizeof(test_msg) - 1, err, sizeof(err)) == NOTIFY_OK);
	ck_assert_msg(sink_connections() - conns <= 1,
	    "got %d connections for two mails, want at most 1",
	    sink_connections() - conns);
	smtp_session_free(s);
}
END_TEST

/* Two plain mails on a fresh session: exactly one connection. */
START_TEST(test_one_connection)
{
	struct smtp_session *s = smtp_session_new(sink_url);
	int conns = sink_connections();
	char err[256];

	ck_assert(smtp_send(s, "", "a@example.test", test_msg,
	    sizeof(test_msg) - 1, err, sizeof(err)) == NOTIFY_OK);
	ck_assert(smtp_send(s, "", "b@example.test", test_msg,
	    sizeof(test_msg) - 1, err, sizeof(err)) == NOTIFY_OK);
	ck_assert_msg(sink_connections() - conns == 1,
	    "got %d connections, want 1", sink_connections() - conns);
	smtp_session_free(s);
}
END_TEST

/* The server closed the kept connection while idle: the next mail goes
 * out on a new one, at once. */
START_TEST(test_idle_close)
{
	struct smtp_session *s;
	char err[256], *log, *p;
	int i, n = 0;

	if (idle_url == NULL || idle_dir == NULL)
		return;
	s = smtp_session_new(idle_url);
	for (i = 0; i < 2; i++) {
		ck_assert_msg(smtp_send(s, "", "a@example.test", test_msg,
		    sizeof(test_msg) - 1, err, sizeof(err)) == NOTIFY_OK,
		    "mail %d: got %s, want it sent", i, err);
		sleep(2);
	}
	sink_dir = idle_dir;
	log = sink_file("commands.log");
	for (p = log; p != NULL && (p = strstr(p, "MAIL ")) != NULL; p++)
		n++;
	ck_assert_msg(n == 2, "got %d MAIL commands, want 2", n);
	ck_assert_int_eq(sink_connections(), 2);
	free(log);
	smtp_session_free(s);
}
END_TEST

/* A composed message goes through; verify.py checks it on the other side
 * with Python's email parser. */
START_TEST(test_composed)
{
	static const char *const refs[] = { "c1@customer.test" };
	struct smtp_session *s = smtp_session_new(sink_url);
	struct mail_out m;
	struct mail_addr to = { "Änn \"the\" Smith", "ann@example.test" };
	struct buf out = BUF_INIT, body = BUF_INIT;
	char err[256];
	int i;

	buf_adds(&body, "Grüße,\n.\nline two ünïcödé ");
	for (i = 0; i < 100; i++)
		buf_addc(&body, 'x');
	buf_adds(&body, "\n");
	memset(&m, 0, sizeof(m));
	m.mo_from_addr = "support@example.test";
	m.mo_from_name = "Jürgen, Support";
	m.mo_to = &to;
	m.mo_nto = 1;
	m.mo_reply_to = "support@example.test";
	m.mo_subject = "Grüße – 订单 [Ticket#10042] x\r\nBcc: victim@x";
	m.mo_message_id = "composed-1@test";
	m.mo_in_reply_to = refs[0];
	m.mo_references = refs;
	m.mo_nreferences = 1;
	m.mo_auto_submitted = "auto-replied";
	m.mo_x_loop = "support@example.test";
	m.mo_text = body.b_data;
	mail_compose(&m, 1795300000, &out);
	ck_assert_msg(smtp_send(s, "", "ann@example.test", out.b_data,
	    out.b_len, err, sizeof(err)) == NOTIFY_OK, "got %s", err);
	buf_free(&out);
	buf_free(&body);
	smtp_session_free(s);
}
END_TEST

/* The suite. */
static Suite *
smtp_suite(void)
{
	Suite *s = suite_create("notifier_smtp");
	TCase *tc = tcase_create("smtp");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_send, 0,
	    (int)(sizeof(send_cases) / sizeof(send_cases[0])));
	tcase_add_test(tc, test_one_connection);
	tcase_add_test(tc, test_reuse);
	tcase_add_test(tc, test_idle_close);
	tcase_add_test(tc, test_composed);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite against the sink named in the environment. */
int
main(void)
{
	SRunner *sr;
	int failed;

	sink_url = getenv("NOTIFIER_SMTP_URL");
	sink_dir = getenv("NOTIFIER_SINK_DIR");
	down_url = getenv("NOTIFIER_DOWN_URL");
	idle_url = getenv("NOTIFIER_IDLE_URL");
	idle_dir = getenv("NOTIFIER_IDLE_DIR");
	if (sink_url == NULL || sink_dir == NULL || down_url == NULL) {
		fprintf(stderr, "run me from "
		    "tests/integration/notifier.test\n");
		return 77;
	}
	parser_init();
	if (notifier_global_init() < 0)
		return EXIT_FAILURE;
	sr = srunner_create(smtp_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	notifier_global_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
