/* check_store_outbox.c - the outbox's message in a table of its own
 * (migration 9): rows queued before it keep working, and claiming and
 * marking a row leave its message where it is.
 *
 * Runs against POSTDESK_TEST_DATABASE (tests/integration/store.test);
 * the migration test makes a database of its own on the same server.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"
#include "tests/unit/store_db.h"

#define BIG_LEN		(STORE_LO_MIN + 4096)

/* The outbox as migration 8 left it: the message in the row itself. */
static const char *const schema_8 =
    "ALTER TABLE outbox ADD COLUMN data bytea;"
    "UPDATE outbox o SET data = d.data FROM outbox_data d"
    "  WHERE d.id = o.id;"
    "ALTER TABLE outbox ALTER COLUMN data SET NOT NULL,"
    "  ALTER COLUMN data SET STORAGE EXTERNAL;"
    "DROP TABLE outbox_data;"
    "DELETE FROM schema_version WHERE version = 9;"
    "INSERT INTO outbox (kind, mail_from, rcpt, message_id, data) VALUES"
    "  ('confirmation', '', 'old@example.test', 'old.1@desk.test',"
    "  'Subject: queued before\r\n\r\nstill here'),"
    "  ('reply', 'desk@desk.test', 'big@example.test', 'old.2@desk.test',"
    "  convert_to(repeat('y', 1052672), 'UTF8')),"
    "  ('confirmation', '', 'gone@example.test', 'old.3@desk.test',"
    "  'Subject: dropped\r\n\r\nx');";

/* Claims every due mail row: its number in *n. */
static struct store_outbox *
claim_all(struct store *s, size_t *n)
{
	struct store_outbox *rows = NULL;

	ck_assert_int_eq(store_outbox_claim(s, STORE_CH_MAIL, 10, &rows, n),
	    STORE_ONE);
	return rows;
}

START_TEST(test_migrate_9_keeps_rows)
{
	static const char want[] = "Subject: queued before\r\n\r\nstill here";
	char url[1024], err[256], piece[16];
	struct store_outbox *rows;
	struct store *s;
	size_t n = 0, got = 0, i;
	int v = 0;

	admin_fresh_db("pd_outbox9", url, sizeof(url));
	s = store_open(url, err, sizeof(err));
	ck_assert_msg(s != NULL, "got %s, want a connection", err);
	ck_assert_int_eq(store_migrate(s, NULL), STORE_ONE);
	admin_exec_at(url, schema_8);
	ck_assert_int_eq(store_migrate(s, &v), STORE_ONE);
	ck_assert_int_eq(v, store_schema_latest());
	ck_assert_int_eq(admin_long_at(url, "SELECT count(*) FROM"
	    " information_schema.columns WHERE table_name = 'outbox'"
	    " AND column_name = 'data'"), 0);
	rows = claim_all(s, &n);
	ck_assert_msg(n == 3, "got %zu rows, want 3", n);
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].ob_rcpt, "old@example.test") == 0)
			ck_assert_msg(rows[i].ob_data != NULL &&
			    strcmp(rows[i].ob_data, want) == 0,
			    "got %s, want %s", rows[i].ob_data, want);
		if (strcmp(rows[i].ob_rcpt, "big@example.test") != 0)
			continue;
		ck_assert_ptr_null(rows[i].ob_data);	/* read in pieces */
		ck_assert_uint_eq(rows[i].ob_len, 1052672);
		ck_assert_int_eq(store_outbox_read(s, rows[i].ob_id, 1052660,
		    sizeof(piece), piece, &got), STORE_ONE);
		ck_assert_msg(got == 12 && memcmp(piece, "yyyyyyyyyyyy", 12)
		    == 0, "got %zu bytes, want the last 12", got);
	}
	ck_assert_int_eq(store_outbox_sent_many(s, (long []){ rows[0].ob_id,
	    rows[1].ob_id }, 2, NULL), STORE_ONE);
	ck_assert_int_eq(store_outbox_drop(s, rows[2].ob_id), STORE_ONE);
	ck_assert_int_eq(admin_long_at(url, "SELECT count(*) FROM outbox_data"
	    " d JOIN outbox o USING (id) WHERE o.state = 'sent'"), 2);
	ck_assert_int_eq(admin_long_at(url, "SELECT count(*) FROM"
	    " outbox_data"), 2);
	store_outbox_free(rows, n);
	store_close(s);
}
END_TEST

/* A claim reads its batch of the due rows, not all of them (to sort
 * them), however many are due: with statistics taken (1) or not (0). */
START_TEST(test_claim_reads_batch)
{
	const char *sql = store_stmts[ST_OUTBOX_CLAIM].st_sql;
	char url[1024], err[256], name[32], *plan;
	struct store *s;
	int g, most;

	snprintf(name, sizeof(name), "pd_claim%d", _i);
	admin_fresh_db(name, url, sizeof(url));
	s = store_open(url, err, sizeof(err));
	ck_assert_msg(s != NULL, "got %s, want a connection", err);
	ck_assert_int_eq(store_migrate(s, NULL), STORE_ONE);
	store_close(s);
	admin_exec_at(url, "WITH o AS (INSERT INTO outbox (kind, mail_from,"
	    " rcpt, created_at, next_attempt_at) SELECT 'confirmation', '',"
	    " 'due' || i || '@example.test', now(), now() - make_interval("
	    "secs => i % 7) FROM generate_series(1, 3000) i RETURNING id)"
	    " INSERT INTO outbox_data SELECT id, 'x' FROM o");
	if (_i == 1)
		admin_exec_at(url, "ANALYZE outbox");
	for (g = 0; g < 2; g++) {
		plan = admin_plan(url, sql, "32, 300, 'mail'", g);
		most = admin_plan_rows(plan);
		ck_assert_msg(most <= 33, "%s plan read %d rows, want at most"
		    " 33:\n%s", g ? "generic" : "custom", most, plan);
		free(plan);
	}
}
END_TEST

/* The sizes a queued message may have: in memory, a large object. */
static const size_t sizes[] = { 0, 1300, BIG_LEN };

START_TEST(test_claim_leaves_data)
{
	struct store *s = db();
	struct store_outbox ob, *rows = NULL;
	char *data = malloc(sizes[_i] + 1), sql[256];
	size_t n = 0, i;
	long id = 0, before, after;

	memset(data, 'm', sizes[_i]);
	data[sizes[_i]] = '\0';
	memset(&ob, 0, sizeof(ob));
	ob.ob_kind = "confirmation";
	ob.ob_mail_from = "";
	ob.ob_rcpt = "keep@example.test";
	ob.ob_message_id = "keep@desk.test";
	ob.ob_data = data;
	ob.ob_len = sizes[_i];
	ck_assert_int_eq(store_outbox_add(s, &ob, &id), STORE_ONE);
	snprintf(sql, sizeof(sql), "SELECT xmin::text::int8 FROM outbox_data"
	    " WHERE id = %ld AND octet_length(data) = %zu", id, sizes[_i]);
	before = admin_long(sql);
	ck_assert_msg(before > 0, "got %ld, want the row's xmin", before);
	while (store_outbox_claim(s, STORE_CH_MAIL, 50, &rows, &n) ==
	    STORE_ONE) {
		for (i = 0; i < n; i++)
			if (rows[i].ob_id == id) {
				ck_assert_uint_eq(rows[i].ob_len, sizes[_i]);
				ck_assert(sizes[_i] >= STORE_LO_MIN ||
				    memcmp(rows[i].ob_data, data,
				    sizes[_i]) == 0);
			}
		store_outbox_free(rows, n);
	}
	ck_assert_int_eq(store_outbox_sent(s, id), STORE_ONE);
	after = admin_long(sql);
	ck_assert_msg(after == before, "got xmin %ld, want %ld (unchanged)",
	    after, before);
	free(data);
	store_close(s);
}
END_TEST

/* The suite. */
static Suite *
store_outbox_suite(void)
{
	Suite *su = suite_create("store_outbox");
	TCase *tc = tcase_create("store_outbox");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_migrate_9_keeps_rows);
	tcase_add_loop_test(tc, test_claim_leaves_data, 0,
	    sizeof(sizes) / sizeof(sizes[0]));
	tcase_add_loop_test(tc, test_claim_reads_batch, 0, 2);
	suite_add_tcase(su, tc);
	return su;
}

/* Runs it. */
int
main(void)
{
	return store_db_main(store_outbox_suite);
}
