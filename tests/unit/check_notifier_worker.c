/* check_notifier_worker.c - the outbox worker against a real PostgreSQL and
 * a real SMTP sink.
 *
 * Run by tests/integration/notifier.test with NOTIFIER_SMTP_URL,
 * NOTIFIER_SINK_DIR and NOTIFIER_DOWN_URL (as check_notifier_smtp),
 * NOTIFIER_DB_URL (a fresh database) and, when the test owns the server,
 * NOTIFIER_PG_RESTART (a command that restarts it) and
 * NOTIFIER_EMPTY_DB_URL (a database without the schema).  Rows are inspected
 * with psql.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "notifier/notifier.h"

static const char *sink_url, *sink_dir, *down_url, *db_url, *pg_restart;
static const char *empty_url;

/* How many messages the sink has stored. */
static int
sink_messages(void)
{
	char path[1024];
	int n = 0;

	for (;;) {
		snprintf(path, sizeof(path), "%s/msg-%d.env", sink_dir, n + 1);
		if (access(path, F_OK) != 0)
			return n;
		n++;
	}
}

/* Runs one SQL statement with psql; its output (malloc'd). */
static char *
sql(const char *q)
{
	struct buf b = BUF_INIT, cmd = BUF_INIT;
	char chunk[1024];
	size_t n;
	FILE *fp;

	buf_addf(&cmd, "psql -X -A -t -q -F '|' '%s' -c \"%s\"", db_url, q);
	fp = popen(cmd.b_data, "r");
	ck_assert(fp != NULL);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	ck_assert_msg(pclose(fp) == 0, "psql failed: %s", q);
	buf_add(&b, "", 0);
	while (b.b_len > 0 && b.b_data[b.b_len - 1] == '\n')
		b.b_data[--b.b_len] = '\0';
	buf_free(&cmd);
	return buf_steal(&b);
}

/* Asserts that a query gives want. */
static void
sql_is(const char *q, const char *want)
{
	char *got = sql(q);

	ck_assert_msg(strcmp(got, want) == 0, "%s: got %s, want %s", q, got,
	    want);
	free(got);
}

/* Queues a small message to rcpt; returns its row id. */
static long
queue(struct store *st, const char *rcpt, const char *tag)
{
	struct store_outbox ob;
	char msg[512], mid[128];
	long id = 0;

	snprintf(mid, sizeof(mid), "%s.%ld@test", tag, (long)random());
	snprintf(msg, sizeof(msg), "From: <support@example.test>\r\n"
	    "To: <%s>\r\nSubject: %s\r\nMessage-ID: <%s>\r\n\r\nhello\r\n",
	    rcpt, tag, mid);
	memset(&ob, 0, sizeof(ob));
	ob.ob_kind = (char *)"confirmation";
	ob.ob_mail_from = (char *)"";
	ob.ob_rcpt = (char *)rcpt;
	ob.ob_message_id = mid;
	ob.ob_data = msg;
	ob.ob_len = strlen(msg);
	ck_assert_msg(store_outbox_add(st, &ob, &id) == STORE_ONE,
	    "outbox_add: %s", store_error(st));
	return id;
}

/* A fresh connection to an empty outbox. */
static struct store *
open_store(void)
{
	struct store *st;
	char err[256];
	int v;

	st = store_open(db_url, err, sizeof(err));
	ck_assert_msg(st != NULL, "store_open: %s", err);
	ck_assert_msg(store_migrate(st, &v) == STORE_ONE, "migrate: %s",
	    store_error(st));
	free(sql("DELETE FROM outbox; DELETE FROM outbox_data"));
	return st;
}

/* Waits up to s seconds for the sink to hold want messages. */
static int
wait_messages(int want, int s)
{
	int i;

	for (i = 0; i < s * 10 && sink_messages() < want; i++)
		usleep(100000);
	return sink_messages();
}

/* One pass: sent, refused for good, deferred, given up. */
START_TEST(test_run_once)
{
	struct store *st = open_store();
	struct smtp_session *smtp = smtp_session_new(sink_url);
	int before = sink_messages(), got;

	queue(st, "a@example.test", "ok1");
	queue(st, "perm-b@example.test", "perm");
	queue(st, "temp-c@example.test", "temp");
	queue(st, "bad address@example.test", "bad");
	queue(st, "d@example.test", "ok2");
	got = notifier_run_once(st, smtp, 5);
	ck_assert_msg(got == 2, "got %d sent, want 2", got);
	ck_assert_msg(sink_messages() == before + 2, "got %d, want %d",
	    sink_messages(), before + 2);
	sql_is("SELECT string_agg(state || ',' || attempts, ' ' ORDER BY id)"
	    " FROM outbox",
	    "sent,0 failed,1 pending,1 failed,1 sent,0");
	sql_is("SELECT count(*) FROM outbox WHERE last_error LIKE '550%'", "1");
	sql_is("SELECT count(*) FROM outbox WHERE last_error LIKE '451%'"
	    " AND next_attempt_at > now()", "1");
	/* nothing due: nothing sent again */
	ck_assert_int_eq(notifier_run_once(st, smtp, 5), 0);
	/* due again and out of attempts: given up */
	free(sql("UPDATE outbox SET next_attempt_at = now(), attempts = 4"
	    " WHERE state = 'pending'"));
	ck_assert_int_eq(notifier_run_once(st, smtp, 5), 0);
	sql_is("SELECT state || ',' || attempts FROM outbox WHERE rcpt LIKE"
	    " 'temp%'", "failed,5");
	ck_assert_msg(sink_messages() == before + 2, "got %d, want %d",
	    sink_messages(), before + 2);
	smtp_session_free(smtp);
	store_close(st);
}
END_TEST

/* A batch is claimed in one statement and its accepted rows are marked
 * sent in one more (now() is the time its transaction began: one time
 * each), the failed ones on their own.  Rows accepted wait at most a
 * second to be marked: a batch that took longer to send (a loaded
 * machine) is marked once a second. */
START_TEST(test_batch_settled_once)
{
	struct store *st = open_store();
	struct smtp_session *smtp = smtp_session_new(sink_url);
	int before = sink_messages(), got, i, marks;
	time_t t0;
	char *v;

	for (i = 0; i < 20; i++)
		queue(st, i == 7 ? "perm-x@example.test" : "a@example.test",
		    "batch");
	t0 = time(NULL);
	got = notifier_run_once(st, smtp, 5);
	ck_assert_msg(got == 19, "got %d sent, want 19", got);
	ck_assert_int_eq(sink_messages(), before + 19);
	sql_is("SELECT count(*) FROM outbox WHERE state = 'sent'", "19");
	v = sql("SELECT count(DISTINCT sent_at) FROM outbox"
	    " WHERE state = 'sent'");
	marks = atoi(v);
	free(v);
	ck_assert_msg(marks >= 1 && marks <= 1 + (int)(time(NULL) - t0),
	    "19 rows marked sent in %d statements over %lld s", marks,
	    (long long)(time(NULL) - t0));
	/* claimed together: one lease for all twenty */
	sql_is("SELECT count(DISTINCT next_attempt_at) FROM outbox"
	    " WHERE state = 'sent'", "1");
	sql_is("SELECT state || ',' || attempts FROM outbox WHERE rcpt LIKE"
	    " 'perm%'", "failed,1");
	/* recorded again: nothing is pending any more, nothing changes */
	ck_assert_int_eq(notifier_run_once(st, smtp, 5), 0);
	v = sql("SELECT count(DISTINCT sent_at) FROM outbox");
	ck_assert_int_eq(atoi(v), marks);
	free(v);
	smtp_session_free(smtp);
	store_close(st);
}
END_TEST

/* The SMTP server down: one try, the rest deferred, then all go out. */
START_TEST(test_server_down)
{
	struct store *st = open_store();
	struct smtp_session *down = smtp_session_new(down_url);
	struct smtp_session *up = smtp_session_new(sink_url);
	int before = sink_messages(), i;

	for (i = 0; i < 5; i++)
		queue(st, "a@example.test", "down");
	ck_assert_int_eq(notifier_run_once(st, down, 5), 0);
	sql_is("SELECT count(*) FROM outbox WHERE state = 'pending' AND"
	    " attempts = 1 AND next_attempt_at > now()", "5");
	ck_assert_int_eq(notifier_run_once(st, up, 5), 0);
	free(sql("UPDATE outbox SET next_attempt_at = now()"));
	ck_assert_int_eq(notifier_run_once(st, up, 5), 5);
	ck_assert_int_eq(sink_messages(), before + 5);
	sql_is("SELECT count(*) FROM outbox WHERE state = 'sent'", "5");
	smtp_session_free(down);
	smtp_session_free(up);
	store_close(st);
}
END_TEST

/* The thread wakes on NOTIFY (store_outbox_notify, not the 60 s timer)
 * and stops promptly. */
START_TEST(test_thread_notify)
{
	struct store *st = open_store();
	struct notifier *n;
	char err[256];
	int before = sink_messages();
	time_t t0;

	n = notifier_start(db_url, sink_url, 5, 60, err, sizeof(err));
	ck_assert_msg(n != NULL, "notifier_start: %s", err);
	sleep(1);
	queue(st, "a@example.test", "notify");
	ck_assert_int_eq(store_outbox_notify(st), STORE_ONE);
	ck_assert_int_eq(wait_messages(before + 1, 5), before + 1);
	queue(st, "b@example.test", "notify");
	ck_assert_int_eq(store_outbox_notify(st), STORE_ONE);
	ck_assert_int_eq(wait_messages(before + 2, 5), before + 2);
	t0 = time(NULL);
	notifier_stop(n);
	ck_assert_msg(time(NULL) - t0 <= 3, "got %ld s to stop, want <= 3",
	    (long)(time(NULL) - t0));
	sql_is("SELECT count(*) FROM outbox WHERE state = 'sent'", "2");
	store_close(st);
}
END_TEST

/* Rows queued before the start are sent; stop sends what is due. */
START_TEST(test_thread_backlog)
{
	struct store *st = open_store();
	struct notifier *n;
	char err[256];
	int before = sink_messages(), i;

	for (i = 0; i < 40; i++)
		queue(st, "a@example.test", "backlog");
	n = notifier_start(db_url, sink_url, 5, 60, err, sizeof(err));
	ck_assert(n != NULL);
	notifier_stop(n);
	ck_assert_int_eq(sink_messages(), before + 40);
	store_close(st);
}
END_TEST

/* Three workers at once never send one row twice. */
START_TEST(test_three_workers)
{
	struct store *st = open_store();
	struct notifier *n[3];
	char err[256];
	int before = sink_messages(), i;

	for (i = 0; i < 3; i++) {
		n[i] = notifier_start(db_url, sink_url, 5, 60, err,
		    sizeof(err));
		ck_assert(n[i] != NULL);
	}
	sleep(1);
	for (i = 0; i < 90; i++)
		queue(st, "a@example.test", "three");
	wait_messages(before + 90, 20);
	sleep(1);
	for (i = 0; i < 3; i++)
		notifier_stop(n[i]);
	ck_assert_int_eq(sink_messages(), before + 90);
	sql_is("SELECT count(*) FROM outbox WHERE state = 'sent'", "90");
	store_close(st);
}
END_TEST

/* The database restarted under the thread: it reconnects. */
START_TEST(test_db_restart)
{
	struct store *st;
	struct notifier *n;
	char err[256];
	int before;

	if (pg_restart == NULL)
		return;
	st = open_store();
	n = notifier_start(db_url, sink_url, 5, 2, err, sizeof(err));
	ck_assert(n != NULL);
	sleep(1);
	store_close(st);
	ck_assert_msg(system(pg_restart) == 0, "restart failed");
	st = open_store();
	before = sink_messages();
	queue(st, "a@example.test", "restart");
	ck_assert_int_eq(wait_messages(before + 1, 15), before + 1);
	notifier_stop(n);
	store_close(st);
}
END_TEST

/* The database connection lost while a mail is being sent: the worker
 * keeps the outcome and records it once it has reconnected, so the mail
 * is not sent again when its lease ends, and the rest of its batch goes
 * out at once rather than after the lease. */
START_TEST(test_db_lost_mid_send)
{
	struct store *st = open_store();
	struct notifier *n;
	char err[256];
	int before = sink_messages(), i;

	queue(st, "slow-a@example.test", "midsend");	/* DATA waits 5 s */
	for (i = 0; i < 3; i++)
		queue(st, "b@example.test", "midsend");
	store_close(st);
	n = notifier_start(db_url, sink_url, 5, 60, err, sizeof(err));
	ck_assert_msg(n != NULL, "notifier_start: %s", err);
	sleep(2);
	/* every other session of the database: the worker's */
	free(sql("SELECT count(pg_terminate_backend(pid)) FROM"
	    " pg_stat_activity WHERE datname = current_database()"
	    " AND pid <> pg_backend_pid()"));
	ck_assert_int_eq(wait_messages(before + 4, 20), before + 4);
	sleep(2);
	notifier_stop(n);
	ck_assert_int_eq(sink_messages(), before + 4);
	sql_is("SELECT string_agg(state || ',' || attempts, ' ' ORDER BY id)"
	    " FROM outbox", "sent,0 sent,0 sent,0 sent,0");
}
END_TEST

/* A database without the schema: the worker waits, it does not spin. */
START_TEST(test_no_schema)
{
	struct notifier *n;
	struct buf q = BUF_INIT;
	const char *dbname;
	char err[256], *got;

	if (empty_url == NULL)
		return;
	dbname = strrchr(empty_url, '/') + 1;
	n = notifier_start(empty_url, sink_url, 5, 1, err, sizeof(err));
	ck_assert(n != NULL);
	sleep(4);
	notifier_stop(n);
	buf_addf(&q, "SELECT sessions FROM pg_stat_database WHERE datname ="
	    " '%s'", dbname);
	got = sql(q.b_data);
	ck_assert_msg(atoi(got) <= 4, "got %s sessions in 4 s, want <= 4",
	    got);
	free(got);
	buf_free(&q);
}
END_TEST

/* The suite. */
static Suite *
worker_suite(void)
{
	Suite *s = suite_create("notifier_worker");
	TCase *tc = tcase_create("worker");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_run_once);
	tcase_add_test(tc, test_batch_settled_once);
	tcase_add_test(tc, test_server_down);
	tcase_add_test(tc, test_thread_notify);
	tcase_add_test(tc, test_thread_backlog);
	tcase_add_test(tc, test_three_workers);
	tcase_add_test(tc, test_db_restart);
	tcase_add_test(tc, test_db_lost_mid_send);
	tcase_add_test(tc, test_no_schema);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite against the servers named in the environment. */
int
main(void)
{
	SRunner *sr;
	int failed;

	sink_url = getenv("NOTIFIER_SMTP_URL");
	sink_dir = getenv("NOTIFIER_SINK_DIR");
	down_url = getenv("NOTIFIER_DOWN_URL");
	db_url = getenv("NOTIFIER_DB_URL");
	pg_restart = getenv("NOTIFIER_PG_RESTART");
	empty_url = getenv("NOTIFIER_EMPTY_DB_URL");
	if (sink_url == NULL || sink_dir == NULL || down_url == NULL ||
	    db_url == NULL) {
		fprintf(stderr, "run me from "
		    "tests/integration/notifier.test\n");
		return 77;
	}
	if (notifier_global_init() < 0)
		return EXIT_FAILURE;
	sr = srunner_create(worker_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	notifier_global_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
