/* check_store_group.c - groups (store_group_begin ... store_group_end)
 * against a real PostgreSQL: what a group writes is what the same calls
 * write one by one, lookups give the answers the single statements give,
 * a write that a later mail would look up ends the group before it, a
 * failed group leaves nothing behind, and ticket numbers come in order.
 */
#include "config.h"

#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "tests/unit/store_db.h"

/* A key unique to this run. */
static void
mkkey(char *out, size_t len, const char *what)
{
	static int n;

	snprintf(out, len, "%s.%d.%d@group.test", what, (int)getpid(), ++n);
}

/* What a mail of these tests writes: a ticket (new, or number), the
 * message, on a new ticket the confirmation; on an old one a status
 * change and facts.  Inside store_begin/store_commit. */
static long
write_mail(struct store *s, long number, const char *key, const char *from)
{
	static const char *const orders[] = { "ORD-123", "ORD-123", NULL };
	static const char *const links[] = { "https://shop.test/x", NULL };
	static const char *const missing[] = { "amount", "date", NULL };
	static const char *const found[] = { "date", NULL };
	struct mail_addr to[2] = { { "Support", "support@desk.test" },
	    { NULL, "Boss@Example.test" } };
	struct mail_addrs tos = { to, 2 };
	struct mail_attachment att;
	struct store_new_ticket nt = { .nt_subject = "Printer on fire",
	    .nt_requester = from, .nt_requester_name = "Rita",
	    .nt_priority = TP_HIGH, .nt_category = "billing",
	    .nt_due = 1800000000, .nt_order_ids = orders, .nt_links = links,
	    .nt_issue_type = "payment", .nt_language = "tr",
	    .nt_missing = missing };
	struct store_message m = { .sm_key = key, .sm_message_id = key,
	    .sm_direction = DIR_CUSTOMER, .sm_from_addr = from,
	    .sm_from_name = "Rita", .sm_to = &tos, .sm_subject = "Re: fire",
	    .sm_text = "It still burns.", .sm_new_len = 15,
	    .sm_raw = "Subject: fire\r\n\r\nbin\001\377", .sm_raw_len = 23,
	    .sm_redactions = "{\"password\": 1}", .sm_warnings = "odd",
	    .sm_att = &att, .sm_natt = 1 };
	struct store_outbox ob = { .ob_kind = "confirmation",
	    .ob_mail_from = "", .ob_rcpt = (char *)from,
	    .ob_data = "Subject: ok\r\n\r\nbin\001\377", .ob_len = 20 };
	struct store_message auto_m = { .sm_direction = DIR_AUTO,
	    .sm_from_addr = "support@desk.test", .sm_subject = "ok",
	    .sm_text = "ok", .sm_new_len = 2, .sm_redactions = "{}" };
	char id[128];
	long seen;

	memset(&att, 0, sizeof(att));
	att.at_filename = "log.txt";
	att.at_content_type = "text/plain";
	att.at_data = (unsigned char *)"group bytes";
	att.at_size = 11;
	ck_assert_int_eq(store_begin(s), STORE_ONE);
	ck_assert_int_eq(store_message_seen(s, key, &seen), STORE_NONE);
	if (number == 0)
		ck_assert_int_eq(store_ticket_create(s, &nt, &number),
		    STORE_ONE);
	else {
		ck_assert_int_ge(store_ticket_set_status(s, number, TS_OPEN,
		    from), STORE_NONE);
		ck_assert_int_ge(store_ticket_add_facts(s, number, orders,
		    links, found), STORE_NONE);
	}
	m.sm_ticket = number;
	ck_assert_int_eq(store_message_add(s, &m), STORE_ONE);
	snprintf(id, sizeof(id), "pd.%s", key);
	auto_m.sm_ticket = ob.ob_ticket = number;
	auto_m.sm_key = auto_m.sm_message_id = ob.ob_message_id = id;
	ck_assert_int_eq(store_message_add(s, &auto_m), STORE_ONE);
	ck_assert_int_eq(store_outbox_add(s, &ob, NULL), STORE_ONE);
	ck_assert_int_eq(store_commit(s), STORE_ONE);
	return number;
}

/* A key of run a or b, the same for both. */
#define SAME(k)	"replace(replace(" k ", 'ka.', 'k.'), 'kb.', 'k.')"

/* Everything stored for a ticket, with what differs between two runs
 * (numbers, ids, the run in the keys) left out. */
static char *
ticket_text(long number)
{
	char sql[2048];
	PGconn *c = PQconnectdb(dburl);
	PGresult *r;
	char *v;

	snprintf(sql, sizeof(sql), "SELECT concat_ws(' | ', t.subject,"
	    " t.status, t.priority, t.category, t.requester, t.requester_name,"
	    " t.quoted, t.order_ids, t.links, t.due_at,"
	    " t.updated_at = t.created_at, t.issue_type, t.language,"
	    " t.missing,"
	    " (SELECT string_agg(concat_ws(',', p.address, p.name), ';'"
	    "  ORDER BY p.address) FROM participants p"
	    "  WHERE p.ticket = t.number),"
	    " (SELECT string_agg(concat_ws(',', h.old_status, h.status,"
	    "  h.changed_by), ';' ORDER BY h.id) FROM status_history h"
	    "  WHERE h.ticket = t.number),"
	    " (SELECT string_agg(concat_ws(',', " SAME("m.message_key") ","
	    "  m.direction, m.from_addr, m.from_name, m.to_addrs, m.cc_addrs,"
	    "  m.subject, m.body, m.new_text_len, encode(m.raw, 'hex'),"
	    "  m.redactions, m.warnings, m.flags, (SELECT string_agg("
	    "  concat_ws(',', a.position, a.filename, a.content_type, a.size,"
	    "  a.sha256, a.is_inline, b.data), ';') FROM attachments a JOIN"
	    "  blobs b USING (sha256) WHERE a.message = m.id)), ';'"
	    "  ORDER BY m.id) FROM messages m WHERE m.ticket = t.number),"
	    " (SELECT string_agg(concat_ws(',', o.kind, o.mail_from, o.rcpt,"
	    "  " SAME("o.message_id") ", encode(d.data, 'hex'), o.state), ';'"
	    "  ORDER BY o.id) FROM outbox o JOIN outbox_data d USING (id)"
	    "  WHERE o.ticket = t.number),"
	    " (SELECT c.name FROM contacts c WHERE c.address = t.requester))"
	    " FROM tickets t WHERE t.number = %ld", number);
	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK &&
	    PQntuples(r) == 1, "%s", PQerrorMessage(c));
	v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return v;
}

/* A group's writes are the one-by-one writes. */
START_TEST(test_group_same_rows)
{
	struct store *s = db();
	struct store_ask ask[2];
	char ka[2][96], kb[2][96], from[64];
	long na[2], nb[2];
	char *ta, *tb;
	int i;

	snprintf(from, sizeof(from), "rita%d@example.test", (int)getpid());
	memset(ask, 0, sizeof(ask));
	for (i = 0; i < 2; i++) {
		snprintf(ka[i], sizeof(ka[i]), "ka.%d.%d@group.test",
		    (int)getpid(), i);
		snprintf(kb[i], sizeof(kb[i]), "kb.%d.%d@group.test",
		    (int)getpid(), i);
	}
	/* one by one: a new ticket, then a second mail on it */
	na[0] = write_mail(s, 0, ka[0], from);
	na[1] = write_mail(s, na[0], ka[1], from);
	nb[0] = na[0] + 1000;	/* not a number: a group takes its own */
	/* the same in two groups (the second mail reads the first's ticket) */
	ask[0].sa_key = kb[0];
	ask[0].sa_from = from;
	ask[0].sa_creates = 1;
	ck_assert_int_eq(store_group_begin(s, ask, 1), STORE_ONE);
	ck_assert_int_eq(store_group_next(s, 0), STORE_ONE);
	nb[0] = write_mail(s, 0, kb[0], from);
	ck_assert_int_eq(store_group_end(s), STORE_ONE);
	ask[1].sa_key = kb[1];
	ask[1].sa_from = from;
	ask[1].sa_tickets = &nb[0];
	ask[1].sa_ntickets = 1;
	ck_assert_int_eq(store_group_begin(s, &ask[1], 1), STORE_ONE);
	ck_assert_int_eq(store_group_next(s, 0), STORE_ONE);
	nb[1] = write_mail(s, nb[0], kb[1], from);
	ck_assert_int_eq(store_group_end(s), STORE_ONE);
	ck_assert_int_eq(nb[0], na[0] + 1);
	ta = ticket_text(na[0]);
	tb = ticket_text(nb[0]);
	ck_assert_str_eq(tb, ta);
	free(ta);
	free(tb);
	store_close(s);
}
END_TEST

/* The lookups of a group answer what the single statements answer. */
START_TEST(test_group_lookups)
{
	struct store *s = db(), *o = db();
	struct store_ask ask;
	struct store_ticket tk;
	char k1[96], k2[96], from[64], stranger[64], sql[256];
	const char *refs[2];
	long t, got = 0, want = 0;
	time_t u1 = 0, u2 = 0;
	int i;

	snprintf(from, sizeof(from), "lk%d@example.test", (int)getpid());
	snprintf(stranger, sizeof(stranger), "st%d@example.test",
	    (int)getpid());
	mkkey(k1, sizeof(k1), "l");
	mkkey(k2, sizeof(k2), "l");
	t = write_mail(o, 0, k1, from);
	ck_assert_int_eq(store_contact_mark_undeliverable(o, from, 600, "x"),
	    STORE_ONE);
	/* two automatic mails this hour (the confirmation and one more):
	 * at a cap of 2, under a cap of 3 */
	snprintf(sql, sizeof(sql), "INSERT INTO outbox (kind, mail_from, rcpt)"
	    " VALUES ('confirmation', '', '%s')", from);
	admin_exec(sql);
	ck_assert_int_eq(store_autoreply_allow(o, from, 2), STORE_NONE);
	ck_assert_int_eq(store_autoreply_allow(o, from, 3), STORE_ONE);
	refs[0] = "unknown@x";
	refs[1] = k1;
	for (i = 0; i < 2; i++) {
		memset(&ask, 0, sizeof(ask));
		ask.sa_key = i == 0 ? k1 : k2;
		ask.sa_refs = refs;
		ask.sa_nrefs = 2;
		ask.sa_tickets = &t;
		ask.sa_ntickets = 1;
		ask.sa_tag = t;
		ask.sa_from = i == 0 ? from : stranger;
		ask.sa_cap = 2;
		ck_assert_int_eq(store_group_begin(s, &ask, 1), STORE_ONE);
		ck_assert_int_eq(store_group_next(s, 0), STORE_ONE);
		ck_assert_int_eq(store_message_seen(s, ask.sa_key, &got),
		    store_message_seen(o, ask.sa_key, &want));
		ck_assert_int_eq(store_ticket_by_refs(s, refs, 2, &got),
		    STORE_ONE);
		ck_assert_int_eq(got, t);
		ck_assert_int_eq(store_ticket_get(s, t, &tk), STORE_ONE);
		ck_assert_str_eq(tk.t_requester, from);
		ck_assert_int_eq(store_is_participant(s, t, ask.sa_from),
		    store_is_participant(o, t, ask.sa_from));
		ck_assert_int_eq(store_contact_undeliverable(s, ask.sa_from,
		    &u1), store_contact_undeliverable(o, ask.sa_from, &u2));
		ck_assert_int_eq((long)u1, (long)u2);
		ck_assert_int_eq(store_autoreply_allow(s, ask.sa_from, 1),
		    store_autoreply_allow(o, ask.sa_from, 1));
		ck_assert_int_eq(store_autoreply_allow(s, ask.sa_from, 2),
		    store_autoreply_allow(o, ask.sa_from, 2));
		/* what was not asked for cannot be answered: a higher cap
		 * than counted up to, another key, another ticket */
		ck_assert_int_eq(store_autoreply_allow(s, ask.sa_from, 3),
		    STORE_HARD);
		ck_assert_int_eq(store_message_seen(s, "other@x", &got),
		    STORE_HARD);
		ck_assert_int_eq(store_group_missed(s), 1);
		ck_assert_int_eq(store_ticket_get(s, t + 1, &tk), STORE_HARD);
		/* counted up to the cap asked: a larger one cannot be told */
		ck_assert_int_eq(store_autoreply_allow(s, ask.sa_from, 4),
		    STORE_HARD);
		ck_assert_int_eq(store_last_customer_id(s, t, k1, 1),
		    STORE_HARD);
		ck_assert_int_eq(store_group_end(s), STORE_ONE);
	}
	store_close(o);
	store_close(s);
}
END_TEST

/* A later mail that would look up what an earlier one wrote waits for
 * the next group; the automatic mail kept for a sender counts at once. */
START_TEST(test_group_conflicts)
{
	struct store *s = db();
	struct store_ask ask[6];
	char k[6][96], from[64], other[64], ours[128];
	const char *r1[1], *r3[1];
	long t;
	int i;

	snprintf(from, sizeof(from), "cf%d@example.test", (int)getpid());
	snprintf(other, sizeof(other), "ot%d@example.test", (int)getpid());
	memset(ask, 0, sizeof(ask));
	for (i = 0; i < 6; i++) {
		mkkey(k[i], sizeof(k[i]), "c");
		ask[i].sa_key = k[i];
		ask[i].sa_from = other;
	}
	snprintf(ours, sizeof(ours), "pd.%s", k[0]);
	ask[0].sa_from = from;
	ask[0].sa_creates = 1;
	r1[0] = k[0];			/* a reply to mail 0 */
	ask[1].sa_refs = r1;
	ask[1].sa_nrefs = 1;
	ask[2].sa_key = ours;		/* mail 0's confirmation again */
	r3[0] = ours;			/* a reply to that confirmation */
	ask[3].sa_refs = r3;
	ask[3].sa_nrefs = 1;
	ask[4].sa_from = from;		/* counts mail 0's confirmation */
	ask[4].sa_cap = 2;
	ck_assert_int_eq(store_group_begin(s, ask, 6), STORE_ONE);
	for (i = 1; i < 6; i++)
		ck_assert_int_eq(store_group_next(s, (size_t)i), STORE_ONE);
	ck_assert_int_eq(store_group_next(s, 0), STORE_ONE);
	t = write_mail(s, 0, k[0], from);
	for (i = 1; i < 4; i++)
		ck_assert_msg(store_group_next(s, (size_t)i) == STORE_NONE,
		    "mail %d may still run", i);
	/* the sender's count has mail 0's confirmation added */
	ck_assert_int_eq(store_group_next(s, 4), STORE_ONE);
	ck_assert_int_eq(store_autoreply_allow(s, from, 1), STORE_NONE);
	ck_assert_int_eq(store_autoreply_allow(s, from, 2), STORE_ONE);
	ck_assert_int_eq(store_group_next(s, 5), STORE_ONE);
	ask[5].sa_tickets = &t;		/* naming the new ticket */
	ask[5].sa_ntickets = 1;
	ck_assert_int_eq(store_group_next(s, 5), STORE_NONE);
	ck_assert_int_eq(store_group_end(s), STORE_ONE);
	store_close(s);
}
END_TEST

/* A group that fails to write leaves nothing, and its numbers go to the
 * next tickets. */
START_TEST(test_group_failure)
{
	struct store *s = db(), *o = db();
	struct store_ask ask[2];
	char k[2][96], from[2][64], sql[256];
	long t[2], again;
	int i;

	memset(ask, 0, sizeof(ask));
	for (i = 0; i < 2; i++) {
		snprintf(from[i], sizeof(from[i]), "fl%d.%d@example.test", i,
		    (int)getpid());
		mkkey(k[i], sizeof(k[i]), "f");
		ask[i].sa_key = k[i];
		ask[i].sa_from = from[i];
		ask[i].sa_creates = 1;
	}
	ck_assert_int_eq(store_group_begin(s, ask, 2), STORE_ONE);
	ck_assert_int_eq(store_group_next(s, 0), STORE_ONE);
	t[0] = write_mail(s, 0, k[0], from[0]);
	/* the second key arrives meanwhile through another instance */
	write_mail(o, 0, k[1], from[1]);
	ck_assert_int_eq(store_group_next(s, 1), STORE_ONE);
	t[1] = write_mail(s, 0, k[1], from[1]);
	ck_assert_int_eq(t[1], t[0] + 1);
	/* a key stored meanwhile: nothing of the group is left */
	ck_assert_int_eq(store_group_end(s), STORE_NONE);
	ck_assert_int_eq(store_in_transaction(s), 0);
	/* its mails run again one by one, with the same numbers */
	again = write_mail(s, 0, k[0], from[0]);
	ck_assert_int_eq(again, t[0]);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM messages WHERE "
	    "message_key = '%s' AND ticket = %ld", k[0], t[0]);
	ck_assert_int_eq(admin_long(sql), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM tickets WHERE "
	    "number = %ld", t[1]);
	ck_assert_int_eq(admin_long(sql), 0);
	store_close(o);
	store_close(s);
}
END_TEST

/* Numbers taken ahead go to the tickets in the order they are made,
 * whoever was sure to make one. */
START_TEST(test_group_numbers)
{
	struct store *s = db();
	struct store_ask ask[3];
	char k[3][96], from[64];
	long t[3];
	int i;

	snprintf(from, sizeof(from), "nb%d@example.test", (int)getpid());
	memset(ask, 0, sizeof(ask));
	for (i = 0; i < 3; i++) {
		mkkey(k[i], sizeof(k[i]), "n");
		ask[i].sa_key = k[i];
		ask[i].sa_creates = i != 1;	/* the middle one was not sure */
	}
	ck_assert_int_eq(store_group_begin(s, ask, 3), STORE_ONE);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(store_group_next(s, (size_t)i), STORE_ONE);
		t[i] = write_mail(s, 0, k[i], from);
	}
	ck_assert_int_eq(store_group_end(s), STORE_ONE);
	ck_assert_int_eq(t[1], t[0] + 1);
	ck_assert_int_eq(t[2], t[0] + 2);
	store_close(s);
}
END_TEST

/* The suite. */
static Suite *
group_suite(void)
{
	Suite *su = suite_create("store_group");
	TCase *tc = tcase_create("group");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_group_same_rows);
	tcase_add_test(tc, test_group_lookups);
	tcase_add_test(tc, test_group_conflicts);
	tcase_add_test(tc, test_group_failure);
	tcase_add_test(tc, test_group_numbers);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return store_db_main(group_suite);
}
