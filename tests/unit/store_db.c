/* store_db.c - the test database of the store tests (see store_db.h). */
#include "config.h"

#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "tests/unit/store_db.h"

const char *dburl;

/* A migrated connection to the test database. */
struct store *
db(void)
{
	char err[256];
	struct store *s;

	s = store_open(dburl, err, sizeof(err));
	ck_assert_msg(s != NULL, "store_open: %s", err);
	ck_assert_int_eq(store_migrate(s, NULL), STORE_ONE);
	return s;
}

/* The first value of an administrative query, as a long. */
long
admin_long(const char *sql)
{
	return admin_long_at(dburl, sql);
}

/* The first value of a query on the database at url, as a long. */
long
admin_long_at(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;
	long v;

	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
	    PQerrorMessage(c));
	v = PQntuples(r) > 0 ? atol(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	PQfinish(c);
	return v;
}

/* Runs administrative SQL. */
void
admin_exec(const char *sql)
{
	admin_exec_at(dburl, sql);
}

/* The same on the database at url. */
void
admin_exec_at(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;

	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
	    PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* Creates database NAME_PID on the test server; its URL into url. */
void
admin_fresh_db(const char *name, char *url, size_t urllen)
{
	char sql[128], *slash;

	snprintf(sql, sizeof(sql), "CREATE DATABASE %s_%d", name,
	    (int)getpid());
	admin_exec(sql);
	snprintf(url, urllen, "%s", dburl);
	slash = strrchr(url, '/');
	ck_assert_ptr_nonnull(slash);
	snprintf(slash + 1, urllen - (size_t)(slash + 1 - url), "%s_%d",
	    name, (int)getpid());
}

/* The plan of sql run with args (EXPLAIN ANALYZE of a prepared
 * statement, generic or custom) on a connection of its own to url. */
char *
admin_plan(const char *url, const char *sql, const char *args, int generic)
{
	PGconn *c = PQconnectdb(url);
	struct buf b = BUF_INIT, q = BUF_INIT;
	PGresult *r;
	int i;

	buf_addf(&q, "SET plan_cache_mode = %s; PREPARE q AS %s",
	    generic ? "force_generic_plan" : "force_custom_plan", sql);
	PQclear(PQexec(c, q.b_data));
	q.b_len = 0;
	buf_addf(&q, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)"
	    " EXECUTE q(%s)", args);
	r = PQexec(c, q.b_data);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "explain: %s",
	    PQerrorMessage(c));
	for (i = 0; i < PQntuples(r); i++)
		buf_addf(&b, "%s\n", PQgetvalue(r, i, 0));
	PQclear(r);
	PQfinish(c);
	buf_free(&q);
	return buf_steal(&b);
}

/* The most rows a scan node of an EXPLAIN ANALYZE plan gave. */
int
admin_plan_rows(const char *plan)
{
	const char *l, *end, *at, *scan;
	int most = 0, n;

	for (l = plan; *l != '\0'; l = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(l, '\n')) == NULL)
			end = l + strlen(l);
		at = strstr(l, "(actual rows=");
		scan = strstr(l, "Scan");
		if (at == NULL || at > end || scan == NULL || scan > at)
			continue;
		n = atoi(at + strlen("(actual rows="));
		if (n > most)
			most = n;
	}
	return most;
}

/* Runs the suite; 77 (skipped) without a test database. */
int
store_db_main(Suite *(*suite)(void))
{
	SRunner *sr;
	int failed;

	dburl = getenv("POSTDESK_TEST_DATABASE");
	if (dburl == NULL || *dburl == '\0') {
		fprintf(stderr, "POSTDESK_TEST_DATABASE not set: skipped\n");
		return 77;
	}
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
