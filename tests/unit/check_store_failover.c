/* check_store_failover.c - store/ when the server is a standby, and when
 * the standby is promoted.
 *
 * The classification of SQLSTATEs is a table.  The rest runs against a
 * real primary (POSTDESK_TEST_DATABASE) and its hot standby, streaming
 * synchronously with remote_apply (POSTDESK_TEST_STANDBY, the same
 * database on the standby); tests/integration/store-failover.test starts
 * both.  The tests run in order: the last one promotes the standby.
 */
#include "config.h"

#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_int.h"
#include "tests/unit/store_db.h"

static const char *sburl;

static const struct {
	const char	*state;
	enum st_class	 want;
} class_cases[] = {
	{ "25006", ST_CLASS_RECONNECT },	/* read-only: a standby */
	{ "57P01", ST_CLASS_RECONNECT },	/* admin_shutdown */
	{ "57P02", ST_CLASS_RECONNECT },	/* crash_shutdown */
	{ "57P03", ST_CLASS_RECONNECT },	/* cannot_connect_now */
	{ "08006", ST_CLASS_RECONNECT },	/* connection_failure */
	{ "08001", ST_CLASS_RECONNECT },
	{ "40001", ST_CLASS_SOFT },		/* serialization_failure */
	{ "40P01", ST_CLASS_SOFT },		/* deadlock_detected */
	{ "53300", ST_CLASS_SOFT },		/* too_many_connections */
	{ "57014", ST_CLASS_SOFT },		/* statement_timeout */
	{ "55P03", ST_CLASS_SOFT },		/* lock_timeout */
	{ "23505", ST_CLASS_HARD },		/* unique_violation */
	{ "22P02", ST_CLASS_HARD },		/* bad input syntax */
	{ "42P01", ST_CLASS_HARD },		/* undefined_table */
	{ "25P02", ST_CLASS_HARD },		/* in_failed_sql_transaction */
	{ "XX000", ST_CLASS_HARD },
	{ NULL, ST_CLASS_HARD },
};

/* The name of a class, for messages. */
static const char *
class_name(enum st_class c)
{
	switch (c) {
	case ST_CLASS_SOFT:
		return "SOFT";
	case ST_CLASS_RECONNECT:
		return "RECONNECT";
	default:
		return "HARD";
	}
}

START_TEST(test_sqlstate_class)
{
	enum st_class got = st_sqlstate_class(class_cases[_i].state);

	ck_assert_msg(got == class_cases[_i].want, "%s: got %s, want %s",
	    class_cases[_i].state != NULL ? class_cases[_i].state : "(none)",
	    class_name(got), class_name(class_cases[_i].want));
}
END_TEST

/* The first value of a query on the standby (-1: no row). */
static long
standby_long(const char *sql)
{
	return admin_long_at(sburl, sql);
}

/* postdesk's connections to the standby. */
static long
backends(void)
{
	return standby_long("SELECT count(*) FROM pg_stat_activity "
	    "WHERE application_name = 'postdesk'");
}

/* The port of a postgresql:// URL (after its last ':'). */
static const char *
url_port(const char *url, char *buf, size_t len)
{
	const char *p = strrchr(url, ':');

	ck_assert_ptr_nonnull(p);
	snprintf(buf, len, "%.*s", (int)strcspn(p + 1, "/"), p + 1);
	return buf;
}

/* A ticket created on the primary (seen on the standby on return). */
static long
primary_ticket(void)
{
	struct store_new_ticket nt = {
		.nt_subject = "Replicated",
		.nt_requester = "rita@example.test",
		.nt_priority = TP_HIGH,
	};
	struct store *s = db();
	long n = 0;

	ck_assert_int_eq(store_ticket_create(s, &nt, &n), STORE_ONE);
	store_close(s);
	return n;
}

START_TEST(test_multi_host)
{
	char conninfo[512], p1[16], p2[16], sql[96];
	const char *name = strrchr(dburl, '/') + 1;
	struct store *s;
	char err[256];
	long t = primary_ticket();

	/* the standby first: libpq passes it by for the read-write one */
	snprintf(conninfo, sizeof(conninfo), "host=127.0.0.1,127.0.0.1 "
	    "port=%s,%s dbname=%s user=postgres "
	    "target_session_attrs=read-write", url_port(sburl, p1,
	    sizeof(p1)), url_port(dburl, p2, sizeof(p2)), name);
	s = store_open(conninfo, err, sizeof(err));
	ck_assert_msg(s != NULL, "store_open: %s", err);
	ck_assert_int_eq(store_ticket_set_priority(s, t, TP_LOW), STORE_ONE);
	ck_assert_int_eq(store_broken(s), 0);
	store_close(s);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM tickets WHERE "
	    "number = %ld AND priority = 'low'", t);
	ck_assert_int_eq(standby_long(sql), 1);
}
END_TEST

START_TEST(test_read_only_then_promoted)
{
	struct store_pool *p = store_pool_new(sburl, 1, 500);
	struct store *s, *q;
	char err[256] = "", sql[128];
	long t = primary_ticket();
	int pid, i;

	s = store_open(sburl, err, sizeof(err));
	ck_assert_msg(s != NULL, "store_open on the standby: %s", err);
	/* a hot standby answers reads and refuses writes with 25006 */
	ck_assert_int_eq(store_ticket_set_priority(s, t, TP_URGENT),
	    STORE_SOFT);
	ck_assert_msg(strstr(store_error(s), "25006") != NULL,
	    "got %s, want 25006", store_error(s));
	ck_assert_int_eq(store_broken(s), 1);
	/* the pool closes such a connection when it comes back */
	q = store_pool_get(p, err, sizeof(err));
	ck_assert_msg(q != NULL, "pool_get: %s", err);
	ck_assert_int_eq(store_ticket_set_priority(q, t, TP_URGENT),
	    STORE_SOFT);
	ck_assert_int_eq(backends(), 2);
	store_pool_put(p, q);
	for (i = 0; i < 50 && backends() != 1; i++)
		usleep(20000);
	ck_assert_msg(backends() == 1, "got %ld connections, want 1",
	    backends());
	/* still a standby: the connection made again refuses as well */
	pid = PQbackendPID(s->s_conn);
	ck_assert_int_eq(store_ticket_set_priority(s, t, TP_URGENT),
	    STORE_SOFT);
	ck_assert_msg(PQbackendPID(s->s_conn) != pid, "not reconnected");
	/* promoted: the next call reconnects and prepares again */
	ck_assert_int_eq(standby_long("SELECT count(*) FROM "
	    "pg_promote(true, 60) p WHERE p"), 1);
	pid = PQbackendPID(s->s_conn);
	ck_assert_int_eq(store_ticket_set_priority(s, t, TP_URGENT),
	    STORE_ONE);
	ck_assert_msg(PQbackendPID(s->s_conn) != pid, "not reconnected");
	ck_assert_int_eq(store_broken(s), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM tickets WHERE "
	    "number = %ld AND priority = 'urgent'", t);
	ck_assert_int_eq(standby_long(sql), 1);
	store_close(s);
	store_pool_free(p);
}
END_TEST

/* The suite. */
static Suite *
failover_suite(void)
{
	Suite *su = suite_create("store-failover");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 90);
	tcase_add_loop_test(tc, test_sqlstate_class, 0,
	    (int)(sizeof(class_cases) / sizeof(class_cases[0])));
	tcase_add_test(tc, test_multi_host);
	tcase_add_test(tc, test_read_only_then_promoted);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	sburl = getenv("POSTDESK_TEST_STANDBY");
	if (sburl == NULL || *sburl == '\0') {
		fprintf(stderr, "POSTDESK_TEST_STANDBY not set: skipped\n");
		return 77;
	}
	return store_db_main(failover_suite);
}
