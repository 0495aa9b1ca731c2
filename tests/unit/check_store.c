/* check_store.c - store/ against a real PostgreSQL.
 *
 * The database comes from POSTDESK_TEST_DATABASE (tests/integration/
 * store.test starts a throwaway server and sets it); without it every
 * test is skipped (exit 77).  Administrative SQL (pg_terminate_backend,
 * peeking at rows) goes through a separate libpq connection.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/digest.h"
#include "store/store.h"
#include "store/store_int.h"
#include "tests/unit/store_db.h"

/* Milliseconds on the monotonic clock. */
static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* A ticket of its own for a test. */
static long
new_ticket(struct store *s, const char *requester)
{
	static const char *const orders[] = { "A-1", "A-2", NULL };
	static const char *const links[] = { "https://x.test/1", NULL };
	static const char *const missing[] = { "order_id", "current_count",
	    NULL };
	struct store_new_ticket nt = {
		.nt_subject = "Printer on fire",
		.nt_requester = requester,
		.nt_requester_name = "Rita Requester",
		.nt_priority = TP_HIGH,
		.nt_category = "billing",
		.nt_due = 1700000000,
		.nt_order_ids = orders,
		.nt_links = links,
		.nt_issue_type = "refill",
		.nt_language = "uk",
		.nt_missing = missing,
	};
	long n = 0;

	ck_assert_int_eq(store_ticket_create(s, &nt, &n), STORE_ONE);
	ck_assert_int_ge(n, 10001);
	return n;
}

/* Adds a message under key to ticket t; returns store_message_add's. */
static enum store_status
add_msg(struct store *s, long t, const char *key, const char *from,
    const char *to, const char *cc)
{
	struct mail_addr ta = { "To Person", (char *)to };
	struct mail_addr ca = { NULL, (char *)cc };
	struct mail_addrs tos = { &ta, to != NULL ? 1 : 0 };
	struct mail_addrs ccs = { &ca, cc != NULL ? 1 : 0 };
	struct mail_attachment att[2];
	struct store_message m = {
		.sm_ticket = t, .sm_key = key, .sm_message_id = key,
		.sm_direction = DIR_CUSTOMER, .sm_from_addr = from,
		.sm_from_name = "Sender \"Q\" Name", .sm_to = &tos,
		.sm_cc = &ccs, .sm_subject = "Re: Printer on fire",
		.sm_text = "It still burns.\nMy password was [redacted].",
		.sm_new_len = 15, .sm_raw = "Subject: x\r\n\r\nbody",
		.sm_raw_len = 18, .sm_redactions = "{\"password\": 1}",
		.sm_att = att, .sm_natt = 2,
	};
	enum store_status st;

	memset(att, 0, sizeof(att));
	att[0].at_filename = "log.txt";
	att[0].at_content_type = "text/plain";
	att[0].at_data = (unsigned char *)"same bytes";
	att[0].at_size = 10;
	att[1] = att[0];
	att[1].at_filename = "copy.txt";
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	st = store_message_add(s, &m);
	if (st == STORE_ONE)
		ck_assert_int_eq(store_commit(s), STORE_ONE);
	else
		store_rollback(s);
	return st;
}

START_TEST(test_migrate_twice)
{
	struct store *s = db();
	int v1 = -1, v2 = -1;

	ck_assert_int_eq(store_migrate(s, &v1), STORE_ONE);
	ck_assert_int_eq(store_migrate(s, &v2), STORE_ONE);
	ck_assert_msg(v1 == store_schema_latest() && v2 == v1,
	    "got %d/%d, want %d", v1, v2, store_schema_latest());
	store_close(s);
}
END_TEST

static const char *fresh_url;
static int migrating;

/* Migrates the fresh database from a thread of its own. */
static void *
migrate_thread(void *arg)
{
	char err[256];
	struct store *s = store_open(fresh_url, err, sizeof(err));

	*(int *)arg = s != NULL ? store_migrate(s, NULL) : STORE_SOFT;
	if (*(int *)arg != STORE_ONE)
		fprintf(stderr, "migrate: %s\n", s != NULL ? store_error(s) :
		    err);
	store_close(s);
	return NULL;
}

/* Opens connections to the fresh database while it is migrated, as
 * instances starting then do: each open prepares every statement whose
 * tables exist, and so takes locks on the tables a migration alters. */
static void *
open_thread(void *arg)
{

	(void)arg;
	while (__atomic_load_n(&migrating, __ATOMIC_ACQUIRE))
		store_close(store_open(fresh_url, NULL, 0));
	return NULL;
}

START_TEST(test_migrate_concurrent)
{
	static char url[1024];
	pthread_t th[4], op[4];
	int rc[4], i, round;

	for (round = 0; round < 10; round++) {
		char name[32];

		snprintf(name, sizeof(name), "pd_fresh%d", round);
		admin_fresh_db(name, url, sizeof(url));
		fresh_url = url;
		__atomic_store_n(&migrating, 1, __ATOMIC_RELEASE);
		for (i = 0; i < 4; i++)
			pthread_create(&op[i], NULL, open_thread, NULL);
		for (i = 0; i < 4; i++)
			pthread_create(&th[i], NULL, migrate_thread, &rc[i]);
		for (i = 0; i < 4; i++)
			pthread_join(th[i], NULL);
		__atomic_store_n(&migrating, 0, __ATOMIC_RELEASE);
		for (i = 0; i < 4; i++)
			pthread_join(op[i], NULL);
		for (i = 0; i < 4; i++)
			ck_assert_msg(rc[i] == STORE_ONE, "round %d: got %d, "
			    "want %d", round, rc[i], STORE_ONE);
	}
}
END_TEST

START_TEST(test_ticket_messages)
{
	struct store *s = db();
	struct store_ticket t;
	long n, seen = 0;
	char key[64];

	n = new_ticket(s, "Rita@Example.TEST");
	snprintf(key, sizeof(key), "m1.%ld@example.test", n);
	ck_assert_int_eq(add_msg(s, n, key, "rita@example.test",
	    "support@desk.test", "boss@example.test"), STORE_ONE);
	ck_assert_int_eq(add_msg(s, n, key, "rita@example.test", NULL, NULL),
	    STORE_NONE);
	ck_assert_int_eq(store_message_seen(s, key, &seen), STORE_ONE);
	ck_assert_int_eq(seen, n);
	ck_assert_int_eq(store_message_seen(s, "nope@x", &seen), STORE_NONE);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(store_ticket_get(s, n, &t), STORE_ONE);
	ck_assert_str_eq(t.t_requester, "rita@example.test");
	ck_assert_str_eq(t.t_category, "billing");
	ck_assert_int_eq(t.t_priority, TP_HIGH);
	ck_assert_int_eq(t.t_status, TS_OPEN);
	ck_assert_int_eq(store_ticket_set_status(s, n, TS_WAITING, "agent@x"),
	    STORE_ONE);
	ck_assert_int_eq(store_ticket_set_priority(s, n, TP_URGENT),
	    STORE_ONE);
	ck_assert_int_eq(store_ticket_set_assignee(s, n, "bob@desk.test"),
	    STORE_ONE);
	ck_assert_int_eq(store_ticket_first_response(s, n), STORE_ONE);
	ck_assert_int_eq(store_ticket_first_response(s, n), STORE_NONE);
	ck_assert_int_eq(store_ticket_get(s, n, &t), STORE_ONE);
	ck_assert_int_eq(t.t_status, TS_WAITING);
	ck_assert_int_eq(store_ticket_get(s, 1, &t), STORE_NONE);
	ck_assert_int_eq(store_ticket_set_status(s, 1, TS_CLOSED, NULL),
	    STORE_NONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	/* the attachment's content is stored once, referenced twice */
	ck_assert_int_eq(admin_long("SELECT count(*) FROM blobs WHERE sha256 ="
	    " encode(sha256('same bytes'), 'hex')"), 1);
	ck_assert_int_ge(admin_long("SELECT count(*) FROM attachments WHERE "
	    "sha256 = encode(sha256('same bytes'), 'hex')"), 2);
	store_close(s);
}
END_TEST

/* Participants: who may use the subject tag of a ticket. */
static const struct {
	const char	*addr;
	int		 want;
} part_cases[] = {
	{ "rita@example.test", STORE_ONE },	/* requester */
	{ "RITA@example.test", STORE_ONE },
	{ "colleague@example.test", STORE_ONE },	/* From */
	{ "support@desk.test", STORE_ONE },	/* To */
	{ "boss@example.test", STORE_ONE },	/* Cc */
	{ "mallory@evil.test", STORE_NONE },
	{ "", STORE_NONE },
};

START_TEST(test_participants)
{
	struct store *s = db();
	long n;
	char key[64];

	n = new_ticket(s, "rita@example.test");
	snprintf(key, sizeof(key), "p.%ld@example.test", n);
	ck_assert_int_eq(add_msg(s, n, key, "Colleague@example.test",
	    "support@desk.test", "boss@example.test"), STORE_ONE);
	ck_assert_msg(store_is_participant(s, n, part_cases[_i].addr) ==
	    part_cases[_i].want, "%s: got %d, want %d", part_cases[_i].addr,
	    store_is_participant(s, n, part_cases[_i].addr),
	    part_cases[_i].want);
	store_close(s);
}
END_TEST

START_TEST(test_refs)
{
	struct store *s = db();
	struct store_outbox ob = { .ob_kind = "confirmation",
	    .ob_mail_from = "", .ob_rcpt = "rita@example.test",
	    .ob_data = "Subject: x\r\n\r\nhi", .ob_len = 17 };
	long a, b, got;
	char ka[64], kb[64], ko[64];
	const char *ids[3];

	a = new_ticket(s, "rita@example.test");
	b = new_ticket(s, "rita@example.test");
	snprintf(ka, sizeof(ka), "ra.%ld@example.test", a);
	snprintf(kb, sizeof(kb), "rb.%ld@example.test", b);
	snprintf(ko, sizeof(ko), "pd.%ld.ours@desk.test", a);
	ck_assert_int_eq(add_msg(s, a, ka, "rita@example.test", NULL, NULL),
	    STORE_ONE);
	ck_assert_int_eq(add_msg(s, b, kb, "rita@example.test", NULL, NULL),
	    STORE_ONE);
	ob.ob_ticket = a;
	ob.ob_message_id = ko;
	ck_assert_int_eq(store_outbox_add(s, &ob, NULL), STORE_ONE);
	ids[0] = "unknown@x";
	ids[1] = ka;
	ck_assert_int_eq(store_ticket_by_refs(s, ids, 2, &got), STORE_ONE);
	ck_assert_int_eq(got, a);
	ids[1] = ko;
	ck_assert_int_eq(store_ticket_by_refs(s, ids, 2, &got), STORE_ONE);
	ck_assert_int_eq(got, a);
	ids[2] = kb;
	ck_assert_int_eq(store_ticket_by_refs(s, ids, 3, &got), STORE_ONE);
	ck_assert_int_eq(got, b);	/* the newest */
	ck_assert_int_eq(store_ticket_by_refs(s, ids, 1, &got), STORE_NONE);
	ck_assert_int_eq(store_ticket_by_refs(s, ids, 0, &got), STORE_NONE);
	store_close(s);
}
END_TEST

/* Queues a mail for ticket t; returns its id. */
static long
queue(struct store *s, long t)
{
	struct store_outbox ob = { .ob_ticket = t, .ob_kind = "confirmation",
	    .ob_mail_from = "", .ob_rcpt = "rita@example.test",
	    .ob_data = "Subject: x\r\n\r\nbin\001\377", .ob_len = 19 };
	long id = 0;

	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(store_outbox_add(s, &ob, &id), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	ck_assert_int_gt(id, 0);
	return id;
}

/* Claims until row id comes (other tests leave due rows too). */
static int
claim_until(struct store *s, long id, struct store_outbox *out)
{
	struct store_outbox *rows;
	size_t n, i;
	int found = 0;

	while (!found && store_outbox_claim(s, STORE_CH_MAIL, 50, &rows,
	    &n) == STORE_ONE) {
		for (i = 0; i < n; i++)
			if (rows[i].ob_id == id) {
				found = 1;
				out->ob_attempts = rows[i].ob_attempts;
				out->ob_len = rows[i].ob_len;
				ck_assert_mem_eq(rows[i].ob_data,
				    "Subject: x\r\n\r\nbin\001\377", 19);
			}
		store_outbox_free(rows, n);
	}
	return found;
}

/* Seconds until row id is due again. */
static long
due_in(long id)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT round(extract(epoch FROM "
	    "next_attempt_at - now())) FROM outbox WHERE id = %ld", id);
	return admin_long(sql);
}

/* A row to a Telegram pseudo address is claimed by the Telegram channel
 * only, keeps the pieces it sent, and is put off without an attempt. */
START_TEST(test_outbox_channel)
{
	struct store *s = db();
	long t = new_ticket(s, "rita@example.test"), mail = queue(s, t), id;
	struct store_outbox ob = { .ob_ticket = t, .ob_kind = "reply",
	    .ob_mail_from = "", .ob_rcpt = "4242@telegram.invalid",
	    .ob_data = "Subject: y\r\n\r\nhi", .ob_len = 16 };
	struct store_outbox *rows;
	size_t n, i, k;
	char sql[160];
	int seen;

	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(store_outbox_add(s, &ob, &id), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE id = %ld"
	    " AND channel = 'telegram'", id);
	ck_assert_msg(admin_long(sql) == 1, "got not channel telegram");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE id = %ld"
	    " AND channel = 'mail'", mail);
	ck_assert_msg(admin_long(sql) == 1, "got not channel mail");
	while (store_outbox_claim(s, STORE_CH_MAIL, 50, &rows, &n) ==
	    STORE_ONE) {
		for (i = 0; i < n; i++)
			ck_assert_msg(rows[i].ob_id != id,
			    "got the Telegram row claimed for mail");
		store_outbox_free(rows, n);
	}
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(store_outbox_claim(s, STORE_CH_TELEGRAM, 50,
		    &rows, &n), STORE_ONE);
		seen = 0;
		for (k = 0; k < n; k++) {
			ck_assert_msg(rows[k].ob_id != mail,
			    "got the mail row claimed for Telegram");
			if (rows[k].ob_id == id) {
				seen = 1;
				ck_assert_msg(rows[k].ob_sent_parts ==
				    (int)(i * 2), "got %d parts, want %zu",
				    rows[k].ob_sent_parts, i * 2);
			}
		}
		store_outbox_free(rows, n);
		ck_assert_msg(seen, "got the Telegram row not claimed");
		ck_assert_int_eq(store_outbox_parts(s, id, 2), STORE_ONE);
		ck_assert_int_eq(store_outbox_unclaim(s, id), STORE_ONE);
	}
	ck_assert_int_eq(store_outbox_later(s, id, 30, "429 wait"), STORE_ONE);
	ck_assert_msg(due_in(id) >= 29 && due_in(id) <= 30,
	    "got due in %ld s, want 30", due_in(id));
	snprintf(sql, sizeof(sql), "SELECT attempts FROM outbox WHERE id = "
	    "%ld AND last_error = '429 wait'", id);
	ck_assert_msg(admin_long(sql) == 0, "got an attempt counted");
	ck_assert_int_eq(store_outbox_sent(s, id), STORE_ONE);
	store_close(s);
}
END_TEST

START_TEST(test_outbox_backoff)
{
	struct store *s = db();
	struct store_outbox got;
	long t = new_ticket(s, "rita@example.test"), id, id2;
	char sql[160];

	id = queue(s, t);
	ck_assert_int_eq(claim_until(s, id, &got), 1);
	ck_assert_int_eq(got.ob_attempts, 0);
	ck_assert_int_eq(got.ob_len, 19);
	ck_assert_int_eq(claim_until(s, id, &got), 0);	/* leased */
	ck_assert_int_eq(store_outbox_failed(s, id, 0, "421 busy", 5),
	    STORE_ONE);
	ck_assert_int_eq(due_in(id), 60);
	ck_assert_int_eq(store_outbox_failed(s, id, 0, "421 busy", 5),
	    STORE_ONE);
	ck_assert_int_eq(due_in(id), 120);
	snprintf(sql, sizeof(sql), "UPDATE outbox SET attempts = 9 "
	    "WHERE id = %ld RETURNING 1", id);
	admin_long(sql);
	ck_assert_int_eq(store_outbox_failed(s, id, 0, "421 busy", 50),
	    STORE_ONE);
	ck_assert_int_eq(due_in(id), 3600);	/* capped */
	snprintf(sql, sizeof(sql), "UPDATE outbox SET next_attempt_at = "
	    "now() WHERE id = %ld RETURNING 1", id);
	admin_long(sql);
	ck_assert_int_eq(claim_until(s, id, &got), 1);
	ck_assert_int_eq(got.ob_attempts, 10);
	ck_assert_int_eq(store_outbox_failed(s, id, 1, "550 no such user", 50),
	    STORE_ONE);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE id = "
	    "%ld AND state = 'failed' AND last_error = '550 no such user'",
	    id);
	ck_assert_int_eq(admin_long(sql), 1);
	ck_assert_int_eq(store_outbox_failed(s, id, 1, "x", 5), STORE_NONE);
	/* out of attempts */
	id2 = queue(s, t);
	ck_assert_int_eq(store_outbox_failed(s, id2, 0, "421", 1), STORE_ONE);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbox WHERE id = "
	    "%ld AND state = 'failed'", id2);
	ck_assert_int_eq(admin_long(sql), 1);
	/* sent */
	id2 = queue(s, t);
	ck_assert_int_eq(store_outbox_sent(s, id2), STORE_ONE);
	ck_assert_int_eq(store_outbox_sent(s, id2), STORE_NONE);
	store_close(s);
}
END_TEST

#define CLAIM_ROWS	60

struct claimer {
	long	 ids[CLAIM_ROWS * 4];
	size_t	 n;
};

/* Claims three at a time until nothing is due. */
static void *
claim_thread(void *arg)
{
	struct claimer *c = arg;
	struct store_outbox *rows;
	struct store *s;
	char err[256];
	size_t n, i;

	s = store_open(dburl, err, sizeof(err));
	if (s == NULL)
		return NULL;
	while (store_outbox_claim(s, STORE_CH_MAIL, 3, &rows, &n) ==
	    STORE_ONE) {
		for (i = 0; i < n && c->n < CLAIM_ROWS * 4; i++)
			c->ids[c->n++] = rows[i].ob_id;
		store_outbox_free(rows, n);
	}
	store_close(s);
	return NULL;
}

START_TEST(test_outbox_two_claimers)
{
	static struct claimer c[2];
	struct store *s = db();
	long t = new_ticket(s, "rita@example.test"), ids[CLAIM_ROWS];
	pthread_t th[2];
	size_t i, j, k, seen;

	for (i = 0; i < CLAIM_ROWS; i++)
		ids[i] = queue(s, t);
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, claim_thread, &c[i]);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < c[0].n; i++)
		for (j = 0; j < c[1].n; j++)
			ck_assert_msg(c[0].ids[i] != c[1].ids[j],
			    "row %ld claimed twice", c[0].ids[i]);
	for (i = 0; i < CLAIM_ROWS; i++) {
		seen = 0;
		for (k = 0; k < 2; k++)
			for (j = 0; j < c[k].n; j++)
				seen += c[k].ids[j] == ids[i];
		ck_assert_msg(seen == 1, "row %ld: got %zu claims, want 1",
		    ids[i], seen);
	}
	store_close(s);
}
END_TEST

/* A ticket read back: each row a field of it, as text. */
static const struct {
	const char	*w_what;
	const char	*w_want;
} read_want[] = {
	{ "subject", "Printer on fire" },
	{ "status", "open" },
	{ "priority", "high" },
	{ "category", "billing" },
	{ "requester", "rita@example.test" },
	{ "order_ids", "A-1,A-2,B-7" },
	{ "links", "https://x.test/1,https://x.test/2" },
	{ "due_at", "1700000000" },
	{ "redactions", "password=2" },
	{ "messages", "2/2" },
	{ "direction", "customer" },
	{ "from", "rita@example.test" },
	{ "from_name", "Sender \"Q\" Name" },
	{ "to", "" },
	{ "text", "It still burns.\nMy password was [redacted]." },
	{ "attachments", "log.txt text/plain 10,copy.txt text/plain 10" },
	{ "msg_redactions", "password=1" },
	{ "order", "j1.,j2." },
	{ "issue_type", "refill" },
	{ "language", "uk" },
	{ "missing", "order_id" },
};

/* Joins a NULL-terminated list with ",". */
static void
join_strv(char *const *v, struct buf *b)
{
	for (; v != NULL && *v != NULL; v++)
		buf_addf(b, "%s%s", b->b_len > 0 ? "," : "", *v);
}

/* Joins named counts as "name=n,...". */
static void
join_counts(const struct store_count *c, size_t n, struct buf *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(b, "%s%s=%ld", i > 0 ? "," : "", c[i].sc_name,
		    c[i].sc_n);
}

/* The field w of ticket t (its first message for message fields). */
static void
read_field(const struct store_ticket_row *t, const char *w, struct buf *b)
{
	const struct store_msg_row *m = &t->tr_msgs[0];
	size_t i;

	if (strcmp(w, "subject") == 0) buf_adds(b, t->tr_subject);
	else if (strcmp(w, "status") == 0) buf_adds(b, t->tr_status);
	else if (strcmp(w, "priority") == 0) buf_adds(b, t->tr_priority);
	else if (strcmp(w, "category") == 0) buf_adds(b, t->tr_category);
	else if (strcmp(w, "requester") == 0) buf_adds(b, t->tr_requester);
	else if (strcmp(w, "order_ids") == 0) join_strv(t->tr_order_ids, b);
	else if (strcmp(w, "links") == 0) join_strv(t->tr_links, b);
	else if (strcmp(w, "due_at") == 0)
		buf_addf(b, "%ld", (long)t->tr_due_at);
	else if (strcmp(w, "redactions") == 0)
		join_counts(t->tr_redactions, t->tr_nredactions, b);
	else if (strcmp(w, "messages") == 0)
		buf_addf(b, "%zu/%ld", t->tr_nmsgs, t->tr_nmessages);
	else if (strcmp(w, "direction") == 0) buf_adds(b, m->mr_direction);
	else if (strcmp(w, "from") == 0) buf_adds(b, m->mr_from);
	else if (strcmp(w, "from_name") == 0) buf_adds(b, m->mr_from_name);
	else if (strcmp(w, "to") == 0) join_strv(m->mr_to, b);
	else if (strcmp(w, "text") == 0) buf_adds(b, m->mr_text);
	else if (strcmp(w, "msg_redactions") == 0)
		join_counts(m->mr_redactions, m->mr_nredactions, b);
	else if (strcmp(w, "attachments") == 0)
		for (i = 0; i < m->mr_natt; i++)
			buf_addf(b, "%s%s %s %ld", i > 0 ? "," : "",
			    m->mr_att[i].ar_filename,
			    m->mr_att[i].ar_content_type, m->mr_att[i].ar_size);
	else if (strcmp(w, "issue_type") == 0)
		buf_adds(b, t->tr_issue_type);
	else if (strcmp(w, "language") == 0)
		buf_adds(b, t->tr_language);
	else if (strcmp(w, "missing") == 0)
		join_strv(t->tr_missing, b);
	else if (strcmp(w, "order") == 0)
		for (i = 0; i < t->tr_nmsgs; i++)
			buf_addf(b, "%s%.3s", i > 0 ? "," : "",
			    t->tr_msgs[i].mr_message_id);
	if (b->b_data == NULL)
		buf_adds(b, "");
}

START_TEST(test_read)
{
	static const char *const orders[] = { "A-2", "B-7", NULL };
	static const char *const links[] = { "https://x.test/2", NULL };
	static const char *const found[] = { "current_count", "link",
	    NULL };
	struct store *s = db();
	struct store_ticket_row t, *rows;
	struct buf b = BUF_INIT;
	long n = new_ticket(s, "rita@example.test");
	const char *want = read_want[_i].w_want;
	char key[64];
	size_t nrows;

	snprintf(key, sizeof(key), "j1.%ld@example.test", n);
	ck_assert_int_eq(add_msg(s, n, key, "rita@example.test", NULL, NULL),
	    STORE_ONE);
	snprintf(key, sizeof(key), "j2.%ld@example.test", n);
	ck_assert_int_eq(add_msg(s, n, key, "rita@example.test", NULL, NULL),
	    STORE_ONE);
	ck_assert_int_eq(store_ticket_add_facts(s, n, orders, links, found),
	    STORE_ONE);
	ck_assert_int_eq(store_ticket_read(s, n, &t), STORE_ONE);
	read_field(&t, read_want[_i].w_what, &b);
	ck_assert_msg(strcmp(b.b_data, want) == 0, "%s: got %s, want %s",
	    read_want[_i].w_what, b.b_data, want);
	store_ticket_rows_free(&t, 1, 0);
	buf_free(&b);
	ck_assert_int_eq(store_ticket_read(s, 1, &t), STORE_NONE);
	ck_assert_int_eq(store_ticket_list(s, "open", NULL, &rows, &nrows),
	    STORE_ONE);
	ck_assert_msg(nrows >= 1 && rows[0].tr_number == n &&
	    rows[0].tr_nmessages == 2 && rows[0].tr_msgs == NULL,
	    "got %zu rows, want ticket %ld first with 2 messages", nrows, n);
	ck_assert_msg(strcmp(rows[0].tr_issue_type, "refill") == 0 &&
	    rows[0].tr_missing[0] != NULL &&
	    strcmp(rows[0].tr_missing[0], "order_id") == 0 &&
	    rows[0].tr_missing[1] == NULL, "got %s %s, want refill order_id",
	    rows[0].tr_issue_type, rows[0].tr_missing[0]);
	store_ticket_rows_free(rows, nrows, 1);
	ck_assert_int_eq(store_ticket_list(s, NULL, "refill", &rows, &nrows),
	    STORE_ONE);
	ck_assert_msg(nrows >= 1 && rows[0].tr_number == n,
	    "got %zu rows, want ticket %ld first", nrows, n);
	store_ticket_rows_free(rows, nrows, 1);
	ck_assert_int_eq(store_ticket_list(s, NULL, "account", &rows, &nrows),
	    STORE_ONE);
	ck_assert_msg(nrows == 0, "got %zu rows, want none", nrows);
	store_ticket_rows_free(rows, nrows, 1);
	ck_assert_int_eq(store_ticket_list(s, "no-such", NULL, &rows, &nrows),
	    STORE_ONE);
	ck_assert_msg(nrows == 0, "got %zu rows, want none", nrows);
	store_ticket_rows_free(rows, nrows, 1);
	store_close(s);
}
END_TEST

START_TEST(test_pool_exhausted)
{
	struct store_pool *p = store_pool_new(dburl, 2, 300);
	struct store *a, *b, *c;
	char err[256] = "";
	long t0, dt;

	a = store_pool_get(p, err, sizeof(err));
	b = store_pool_get(p, err, sizeof(err));
	ck_assert_msg(a != NULL && b != NULL, "pool_get: %s", err);
	t0 = now_ms();
	c = store_pool_get(p, err, sizeof(err));
	dt = now_ms() - t0;
	ck_assert_ptr_null(c);
	ck_assert_msg(dt >= 250 && dt < 2000, "got %ld ms, want ~300", dt);
	ck_assert_msg(strstr(err, "exhausted") != NULL, "got %s", err);
	/* an open transaction is rolled back on the way back */
	ck_assert_int_eq(store_begin(a), STORE_ONE);
	store_pool_put(p, a);
	c = store_pool_get(p, err, sizeof(err));
	ck_assert_ptr_eq(c, a);
	ck_assert_int_eq(store_in_transaction(c), 0);
	store_pool_put(p, c);
	store_pool_put(p, b);
	store_pool_free(p);
}
END_TEST

/* Connection strings of databases that cannot answer. */
static const char *const down_urls[] = {
	"postgresql://postgres@127.0.0.1:1/postdesk",
	"host=127.0.0.1 port=9 dbname=postdesk user=postdesk",
};

START_TEST(test_down)
{
	struct store_pool *p = store_pool_new(down_urls[_i], 4, 100);
	char err[256] = "";
	long t0 = now_ms(), dt;

	ck_assert_ptr_null(store_open(down_urls[_i], err, sizeof(err)));
	ck_assert_msg(err[0] != '\0', "got no reason");
	ck_assert_ptr_null(store_pool_get(p, err, sizeof(err)));
	ck_assert_ptr_null(store_pool_get(p, err, sizeof(err)));
	dt = now_ms() - t0;
	ck_assert_msg(dt < 2000, "got %ld ms, want < 2000", dt);
	store_pool_free(p);
}
END_TEST

/* Kills the server process behind s from another connection. */
static void
terminate(struct store *s)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM "
	    "pg_terminate_backend(%d)", PQbackendPID(s->s_conn));
	ck_assert_int_eq(admin_long(sql), 1);
	usleep(100000);
}

START_TEST(test_reconnect)
{
	struct store_pool *p = store_pool_new(dburl, 1, 500);
	struct store *s;
	char err[256] = "";
	long seen, t;
	enum store_status st;

	s = store_pool_get(p, err, sizeof(err));
	ck_assert_msg(s != NULL, "pool_get: %s", err);
	ck_assert_int_eq(store_migrate(s, NULL), STORE_ONE);
	t = new_ticket(s, "rita@example.test");
	/* lost while idle: the next call reconnects or answers SOFT */
	terminate(s);
	st = store_message_seen(s, "x@y", &seen);
	ck_assert_msg(st == STORE_SOFT || st == STORE_NONE, "got %d", st);
	ck_assert_int_eq(store_message_seen(s, "x@y", &seen), STORE_NONE);
	/* lost inside a transaction: SOFT until rolled back */
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	terminate(s);
	ck_assert_int_eq(store_ticket_set_priority(s, t, TP_LOW), STORE_SOFT);
	ck_assert_int_eq(store_ticket_set_priority(s, t, TP_LOW), STORE_SOFT);
	store_rollback(s);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(store_ticket_set_priority(s, t, TP_LOW), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	/* begin right after a loss reconnects by itself */
	terminate(s);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	store_rollback(s);
	/* the pool drops a connection that broke while lent */
	terminate(s);
	ck_assert_int_eq(store_message_seen(s, "x@y", &seen), STORE_SOFT);
	store_pool_put(p, s);
	s = store_pool_get(p, err, sizeof(err));
	ck_assert_msg(s != NULL, "pool_get: %s", err);
	ck_assert_int_eq(store_message_seen(s, "x@y", &seen), STORE_NONE);
	store_pool_put(p, s);
	store_pool_free(p);
}
END_TEST

START_TEST(test_listen)
{
	struct store *l = db(), *s = db();
	long t = new_ticket(s, "rita@example.test");

	ck_assert_int_eq(store_listen(l), STORE_ONE);
	ck_assert_int_eq(store_wait_notify(l, 50), STORE_NONE);
	queue(s, t);
	/* queueing alone wakes nobody */
	ck_assert_int_eq(store_wait_notify(l, 50), STORE_NONE);
	ck_assert_int_eq(store_outbox_notify(s), STORE_ONE);
	ck_assert_int_eq(store_wait_notify(l, 2000), STORE_ONE);
	ck_assert_int_eq(store_wait_notify(l, 50), STORE_NONE);
	terminate(l);
	ck_assert_int_ne(store_wait_notify(l, 50), STORE_ONE);
	ck_assert_int_eq(store_wait_notify(l, 50), STORE_NONE);
	queue(s, t);
	/* queueing alone wakes nobody */
	ck_assert_int_eq(store_wait_notify(l, 50), STORE_NONE);
	ck_assert_int_eq(store_outbox_notify(s), STORE_ONE);
	ck_assert_int_eq(store_wait_notify(l, 2000), STORE_ONE);
	store_close(l);
	store_close(s);
}
END_TEST

START_TEST(test_contacts)
{
	struct store *s = db();
	char addr[64];
	time_t until = 0;
	int i;

	snprintf(addr, sizeof(addr), "loop%d@example.test", (int)getpid());
	for (i = 0; i < 3; i++) {
		struct store_outbox ob = { .ob_kind = "confirmation",
		    .ob_mail_from = "", .ob_rcpt = addr, .ob_data = "x",
		    .ob_len = 1 };
		long id;

		/* asking does not count; a queued automatic mail does */
		ck_assert_int_eq(store_autoreply_allow(s, addr, 3), STORE_ONE);
		ck_assert_int_eq(store_autoreply_allow(s, addr, 3), STORE_ONE);
		ck_assert_int_eq(store_outbox_add(s, &ob, &id), STORE_ONE);
	}
	ck_assert_int_eq(store_autoreply_allow(s, addr, 3), STORE_NONE);
	addr[0] = 'L';		/* addresses compare in lower case */
	ck_assert_int_eq(store_autoreply_allow(s, addr, 3), STORE_NONE);
	ck_assert_int_eq(store_autoreply_allow(s, "other@example.test", 3),
	    STORE_ONE);
	ck_assert_int_eq(store_contact_undeliverable(s, addr, &until),
	    STORE_NONE);
	ck_assert_int_eq(store_contact_mark_undeliverable(s, addr, 3600,
	    "550 5.1.1 no such user"), STORE_ONE);
	ck_assert_int_eq(store_contact_undeliverable(s, addr, &until),
	    STORE_ONE);
	ck_assert_msg(until > time(NULL) + 3000, "got %ld", (long)until);
	ck_assert_int_eq(store_contact_mark_undeliverable(s, addr, 0, NULL),
	    STORE_ONE);
	ck_assert_int_eq(store_contact_undeliverable(s, addr, NULL),
	    STORE_NONE);
	store_close(s);
}
END_TEST

/* --- big contents (large objects) -------------------------------------- */

/* The first value of an administrative query, as text (caller frees). */
static char *
admin_text(const char *sql)
{
	PGconn *c = PQconnectdb(dburl);
	PGresult *r;
	char *v;

	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
	    PQerrorMessage(c));
	v = strdup(PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	PQfinish(c);
	return v;
}

/* Contents a reader hands out, in pieces of 64 KB. */
struct big_src {
	unsigned char	*b_raw;
	size_t		 b_raw_len;
	unsigned char	*b_att;
	size_t		 b_att_len;
	size_t		 b_fail_at;	/* fail with EIO after this, or 0 */
	long		 b_extra;	/* bytes more to give (< 0: less) */
	int		 b_att_reads;	/* times the attachment was read */
};

/* store_read_fn over a big_src. */
static int
big_read(void *arg, size_t which, store_put_fn put, void *putarg)
{
	struct big_src *b = arg;
	const unsigned char *p = which == STORE_RAW ? b->b_raw : b->b_att;
	size_t len = which == STORE_RAW ? b->b_raw_len : b->b_att_len;
	size_t off, k;
	int rc;

	if (which != STORE_RAW)
		b->b_att_reads++;
	if (b->b_extra < 0)
		len -= (size_t)-b->b_extra;
	for (off = 0; off < len; off += k) {
		k = len - off < 65536 ? len - off : 65536;
		if (b->b_fail_at > 0 && off + k > b->b_fail_at) {
			errno = EIO;
			return -1;
		}
		if ((rc = put(p + off, k, putarg)) != 0)
			return rc;
	}
	if (b->b_extra > 0)
		return put(p, (size_t)b->b_extra, putarg);
	return 0;
}

/* Deterministic bytes that do not compress. */
static unsigned char *
big_bytes(size_t n, unsigned seed)
{
	unsigned char *p = malloc(n > 0 ? n : 1);
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
	return p;
}

static const struct {
	size_t	raw_len;
	int	raw_reader;
	size_t	att_len;
	int	att_reader;
} big_cases[] = {
	{ (3u << 20) + 7, 0, (5u << 19) + 1, 1 },	/* memory, reader */
	{ (3u << 20) + 7, 1, (3u << 19), 0 },		/* reader, memory */
	{ 300000, 1, 1000, 1 },				/* small, read in */
	{ STORE_LO_CHUNK * 5, 1, STORE_LO_MIN + 1, 1 },	/* edges */
	{ STORE_LO_MIN, 0, STORE_LO_MIN, 1 },		/* the last bytea */
};

/* Adds one message with a big raw copy and attachment from src. */
static enum store_status
big_msg(struct store *s, long t, const char *key, struct big_src *src,
    int raw_reader, int att_reader, char *att_sha)
{
	struct mail_attachment att;
	struct store_message m = {
		.sm_ticket = t, .sm_key = key, .sm_direction = DIR_CUSTOMER,
		.sm_from_addr = "big@example.test", .sm_subject = "big",
		.sm_text = "see the dump", .sm_redactions = "{}",
		.sm_raw = raw_reader ? NULL : (char *)src->b_raw,
		.sm_raw_len = src->b_raw_len, .sm_att = &att, .sm_natt = 1,
		.sm_read = big_read, .sm_read_arg = src,
	};

	memset(&att, 0, sizeof(att));
	att.at_filename = "dump.bin";
	att.at_content_type = "application/octet-stream";
	att.at_size = src->b_att_len;
	att.at_data = att_reader ? NULL : src->b_att;
	digest_sha256_hex(src->b_att, src->b_att_len, att.at_sha256);
	if (att_sha != NULL)
		strcpy(att_sha, att.at_sha256);
	return store_message_add(s, &m);
}

/* The SHA-256 and length of the bytea column col of the row from
 * (a FROM clause) are sha and len. */
static void
check_bytea(int i, const char *col, const char *from, const char *sha,
    size_t len)
{
	char sql[512], want[128], *got;

	snprintf(sql, sizeof(sql), "SELECT encode(sha256(%s), 'hex') || ' ' "
	    "|| length(%s) %s", col, col, from);
	got = admin_text(sql);
	snprintf(want, sizeof(want), "%s %zu", sha, len);
	ck_assert_msg(strcmp(got, want) == 0, "case %d: got %s %s, want %s",
	    i, col, got, want);
	free(got);
}

/* What is stored is byte for byte what was given, from memory or from
 * a reader, and no large object outlives the transaction. */
START_TEST(test_big_contents)
{
	struct store *s = db();
	struct big_src src;
	char key[64], sql[512], raw_sha[DIGEST_HEX_LEN];
	char att_sha[DIGEST_HEX_LEN];
	long t;

	memset(&src, 0, sizeof(src));
	src.b_raw_len = big_cases[_i].raw_len;
	src.b_raw = big_bytes(src.b_raw_len, 7 + (unsigned)_i);
	src.b_att_len = big_cases[_i].att_len;
	src.b_att = big_bytes(src.b_att_len, 99 + (unsigned)_i);
	digest_sha256_hex(src.b_raw, src.b_raw_len, raw_sha);
	t = new_ticket(s, "big@example.test");
	snprintf(key, sizeof(key), "big.%ld@example.test", t);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(big_msg(s, t, key, &src, big_cases[_i].raw_reader,
	    big_cases[_i].att_reader, att_sha), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	snprintf(sql, sizeof(sql), "FROM messages WHERE message_key = '%s'",
	    key);
	check_bytea(_i, "raw", sql, raw_sha, src.b_raw_len);
	snprintf(sql, sizeof(sql), "FROM blobs WHERE sha256 = '%s'", att_sha);
	check_bytea(_i, "data", sql, att_sha, src.b_att_len);
	ck_assert_int_eq(admin_long("SELECT count(*) FROM "
	    "pg_largeobject_metadata"), 0);
	free(src.b_raw);
	free(src.b_att);
	store_close(s);
}
END_TEST

static const struct {
	size_t	fail_at;
	long	extra;
	int	raw_reader;
	int	want;
} big_fail_cases[] = {
	{ (3u << 19), 0, 1, STORE_SOFT },	/* the raw copy: EIO */
	{ (3u << 19), 0, 0, STORE_SOFT },	/* the attachment: EIO */
	{ 0, -5, 1, STORE_HARD },		/* shorter than said */
	{ 0, 70000, 1, STORE_HARD },		/* longer than said */
};

/* A reader that fails or lies leaves nothing: no row, no large object. */
START_TEST(test_big_failures)
{
	struct store *s = db();
	struct big_src src;
	char key[64], sql[256];
	enum store_status st;
	long t;

	memset(&src, 0, sizeof(src));
	src.b_raw_len = 2u << 20;
	src.b_raw = big_bytes(src.b_raw_len, 3);
	src.b_att_len = 2u << 20;
	src.b_att = big_bytes(src.b_att_len, 40 + (unsigned)_i);
	src.b_fail_at = big_fail_cases[_i].fail_at;
	src.b_extra = big_fail_cases[_i].extra;
	t = new_ticket(s, "big@example.test");
	snprintf(key, sizeof(key), "bigfail.%ld@example.test", t);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	st = big_msg(s, t, key, &src, big_fail_cases[_i].raw_reader, 1, NULL);
	ck_assert_msg(st == big_fail_cases[_i].want, "case %d: got %d, want "
	    "%d (%s)", _i, st, big_fail_cases[_i].want, store_error(s));
	store_rollback(s);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM messages WHERE "
	    "message_key = '%s'", key);
	ck_assert_int_eq(admin_long(sql), 0);
	ck_assert_int_eq(admin_long("SELECT count(*) FROM "
	    "pg_largeobject_metadata"), 0);
	/* the connection goes on working */
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	src.b_fail_at = 0;
	src.b_extra = 0;
	ck_assert_int_eq(big_msg(s, t, key, &src, 1, 1, NULL), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	free(src.b_raw);
	free(src.b_att);
	store_close(s);
}
END_TEST

/* A big attachment already stored is not sent again; a mail rolled back
 * takes its large objects with it. */
START_TEST(test_big_dedup_rollback)
{
	struct store *s = db();
	struct big_src src;
	char key[64];
	long t;

	memset(&src, 0, sizeof(src));
	src.b_raw_len = 100;
	src.b_raw = big_bytes(src.b_raw_len, 5);
	src.b_att_len = (2u << 20) + 3;
	src.b_att = big_bytes(src.b_att_len, 6);
	t = new_ticket(s, "big@example.test");
	snprintf(key, sizeof(key), "dup1.%ld@example.test", t);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(big_msg(s, t, key, &src, 1, 1, NULL), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	ck_assert_int_eq(src.b_att_reads, 1);
	snprintf(key, sizeof(key), "dup2.%ld@example.test", t);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(big_msg(s, t, key, &src, 1, 1, NULL), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	ck_assert_msg(src.b_att_reads == 1, "got %d reads, want 1",
	    src.b_att_reads);
	/* a mail that fails half-way */
	src.b_raw_len = 3u << 20;
	free(src.b_raw);
	src.b_raw = big_bytes(src.b_raw_len, 8);
	src.b_att_len = 3u << 20;
	src.b_fail_at = 1u << 20;
	free(src.b_att);
	src.b_att = big_bytes(src.b_att_len, 9);
	snprintf(key, sizeof(key), "dup3.%ld@example.test", t);
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(big_msg(s, t, key, &src, 0, 1, NULL), STORE_SOFT);
	store_rollback(s);
	ck_assert_int_eq(admin_long("SELECT count(*) FROM "
	    "pg_largeobject_metadata"), 0);
	ck_assert_int_eq(admin_long("SELECT count(*) FROM messages WHERE "
	    "message_key LIKE 'dup_.%'"), 2);
	free(src.b_raw);
	free(src.b_att);
	store_close(s);
}
END_TEST

/* The cap on automatic mail at its boundary: rows of the hour queued
 * with the null sender count, older ones and mail with a sender do not. */
static const struct cap_case {
	int			 cc_cap;
	int			 cc_recent;	/* automatic, this hour */
	int			 cc_old;	/* automatic, 61 min ago */
	int			 cc_sender;	/* with a sender, this hour */
	enum store_status	 cc_want;
} cap_cases[] = {
	{ 0, 0, 0, 0, STORE_NONE },	/* no automatic mail at all */
	{ 1, 0, 0, 0, STORE_ONE },
	{ 1, 1, 0, 0, STORE_NONE },
	{ 5, 4, 0, 0, STORE_ONE },
	{ 5, 5, 0, 0, STORE_NONE },
	{ 5, 4, 50, 0, STORE_ONE },
	{ 5, 4, 0, 50, STORE_ONE },
	{ 5, 500, 0, 0, STORE_NONE },	/* a flood far past the cap */
	{ 10000, 9999, 0, 0, STORE_ONE },
	{ 10000, 10000, 0, 0, STORE_NONE },
};

/* Queues n rows to addr with mail_from from, created ago minutes ago. */
static void
cap_rows(const char *addr, int n, const char *from, int ago)
{
	char sql[512];

	if (n == 0)
		return;
	snprintf(sql, sizeof(sql), "INSERT INTO outbox (kind, mail_from,"
	    " rcpt, state, created_at) SELECT 'confirmation', '%s',"
	    " '%s', 'sent', now() - make_interval(mins => %d)"
	    " FROM generate_series(1, %d)", from, addr, ago, n);
	admin_exec(sql);
}

/* The plan of the cap's own statement for addr and cap, run (EXPLAIN
 * ANALYZE) on a connection of its own, generic or custom. */
static char *
cap_plan(const char *addr, int cap, int generic)
{
	char args[128];

	snprintf(args, sizeof(args), "'%s', %d", addr, cap);
	return admin_plan(dburl, store_stmts[ST_AUTOREPLY_ALLOW].st_sql, args,
	    generic);
}

/* An outbox of some size, its statistics taken: on a table of a few
 * rows the planner rightly reads the table itself, but the cap must stay
 * O(cap) however big the outbox grows. */
static void
cap_filler(void)
{
	admin_exec("INSERT INTO outbox (kind, mail_from, rcpt, state,"
	    " created_at) SELECT 'confirmation', '', 'filler' || (i % 500) ||"
	    " '@example.test', 'sent', now() - make_interval(mins =>"
	    " i % 120) FROM generate_series(1, 20000) i"
	    " WHERE (SELECT count(*) FROM outbox) < 20000");
	admin_exec("ANALYZE outbox");
}

/* One case of cap_cases: the answer, and the plan that gave it. */
START_TEST(test_autoreply_cap)
{
	const struct cap_case *cc = &cap_cases[_i];
	struct store *s = db();
	char addr[64], *plan;
	int g, read = cc->cc_recent < cc->cc_cap ? cc->cc_recent :
	    cc->cc_cap;

	snprintf(addr, sizeof(addr), "cap%d.%d@example.test", _i,
	    (int)getpid());
	cap_rows(addr, cc->cc_recent, "", 0);
	cap_rows(addr, cc->cc_old, "", 61);
	cap_rows(addr, cc->cc_sender, "support@example.test", 0);
	cap_filler();
	ck_assert_msg(store_autoreply_allow(s, addr, cc->cc_cap) ==
	    cc->cc_want, "cap %d, %d this hour: got %d, want %d",
	    cc->cc_cap, cc->cc_recent, store_autoreply_allow(s, addr,
	    cc->cc_cap), cc->cc_want);
	/* answered by the index, no scan of it or of the table reading
	 * further than the cap */
	for (g = 0; g < 2 && cc->cc_cap > 0; g++) {
		plan = cap_plan(addr, cc->cc_cap, g);
		ck_assert_msg(strstr(plan, "Seq Scan") == NULL &&
		    strstr(plan, "outbox_auto_rcpt_idx") != NULL &&
		    admin_plan_rows(plan) <= read, "got plan\n%s, want no scan "
		    "reading more than %d rows", plan, read);
		free(plan);
	}
	store_close(s);
}
END_TEST

/* The suite. */
static Suite *
store_suite(void)
{
	Suite *su = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_migrate_twice);
	tcase_add_test(tc, test_migrate_concurrent);
	tcase_add_test(tc, test_ticket_messages);
	tcase_add_loop_test(tc, test_participants, 0,
	    sizeof(part_cases) / sizeof(part_cases[0]));
	tcase_add_test(tc, test_refs);
	tcase_add_test(tc, test_outbox_backoff);
	tcase_add_test(tc, test_outbox_channel);
	tcase_add_test(tc, test_outbox_two_claimers);
	tcase_add_loop_test(tc, test_read, 0,
	    sizeof(read_want) / sizeof(read_want[0]));
	tcase_add_test(tc, test_pool_exhausted);
	tcase_add_loop_test(tc, test_down, 0,
	    sizeof(down_urls) / sizeof(down_urls[0]));
	tcase_add_test(tc, test_reconnect);
	tcase_add_test(tc, test_listen);
	tcase_add_test(tc, test_contacts);
	tcase_add_loop_test(tc, test_autoreply_cap, 0,
	    sizeof(cap_cases) / sizeof(cap_cases[0]));
	tcase_add_loop_test(tc, test_big_contents, 0,
	    sizeof(big_cases) / sizeof(big_cases[0]));
	tcase_add_loop_test(tc, test_big_failures, 0,
	    sizeof(big_fail_cases) / sizeof(big_fail_cases[0]));
	tcase_add_test(tc, test_big_dedup_rollback);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return store_db_main(store_suite);
}
