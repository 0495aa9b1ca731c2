/* group.c - transactions and groups: a transaction's writes are kept
 * (defer.c) and sent in one statement per table: at once for a write
 * outside a group (a group of one), at the group's commit for a group of
 * many mails, whose lookups are read for all of them in one statement and
 * whose ticket numbers are taken ahead.
 *
 * A group is one transaction, so a failure anywhere in it leaves nothing
 * behind.  A mail's lookups are answered from what store_group_begin()
 * read; that stays true only while no write kept for an earlier mail of
 * the group touches what the mail looks up: its key, the Message-IDs it
 * references, the tickets it may read (the automatic mail kept for its
 * sender is added to the count read).  store_group_next() checks exactly
 * that, and the caller ends the group before a mail that fails the check
 * (its lookups are then made again, in the next group, after the writes
 * they depend on).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"

/* The SQLSTATE of a unique key taken: a message stored already. */
#define ST_DUPLICATE	"23505"

/* The call cannot be served inside a group. */
enum store_status
grp_miss(struct store *s, const char *what)
{
	s->s_group.g_missed = 1;
	st_seterr(s, "%s: not possible in a group", what);
	return STORE_HARD;
}

/* Sorts numbers. */
static int
long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Takes n more ticket numbers from the sequence, ascending, after those
 * still unused (nothing moves: marks hold positions). */
static enum store_status
grp_take_numbers(struct store *s, size_t n)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char nb[24];
	size_t base;
	int i, nt;

	st_param(&p, st_ltoa((long)n, nb, sizeof(nb)));
	if ((st = st_exec(s, ST_TICKET_NUMBERS, &p, &r)) != STORE_ONE)
		return st;
	base = s->s_nnums;
	nt = PQntuples(r);
	s->s_nums = xreallocarray(s->s_nums, base + (size_t)nt + 1,
	    sizeof(long));
	for (i = 0; i < nt; i++)
		s->s_nums[base + (size_t)i] = atol(PQgetvalue(r, i, 0));
	PQclear(r);
	qsort(s->s_nums + base, (size_t)nt, sizeof(long), long_cmp);
	s->s_nnums = base + (size_t)nt;
	return STORE_ONE;
}

/* The next ticket number taken ahead, else one taken now; 0 when the
 * sequence cannot be reached (s_err set). */
long
grp_number(struct store *s)
{
	if (!GRP_OPEN(s) && s->s_numpos >= s->s_nnums)
		s->s_numpos = s->s_nnums = 0;	/* no mark holds them */
	if (s->s_numpos >= s->s_nnums && grp_take_numbers(s, 1) != STORE_ONE)
		return 0;
	return s->s_nums[s->s_numpos++];
}

/* The lookup's columns: keys, senders, tags, (mail, reference) pairs,
 * caps, whether sure to open a ticket. */
enum { GL_KEY, GL_FROM, GL_TAG, GL_REF_MAIL, GL_REF_ID, GL_CAP, GL_CREATES,
    GL__MAX };

/* Fills the lookup's columns from the asks.  The first mails sure to
 * open a ticket take the left numbers, unused before; the others one
 * from the lookup (unless their key is stored). */
static void
grp_lookup_params(const struct group *g, size_t left, struct arr *a,
    struct params *p)
{
	static const unsigned oid[GL__MAX] = { OID_TEXT, OID_TEXT, OID_INT8,
	    OID_INT4, OID_TEXT, OID_INT4, OID_BOOL };
	size_t i, k;
	int j;

	for (j = 0; j < GL__MAX; j++)
		arr_init(&a[j], oid[j]);
	for (i = 0; i < g->g_nasks; i++) {
		const struct store_ask *q = &g->g_asks[i];

		arr_text(&a[GL_KEY], q->sa_key != NULL ? q->sa_key : "");
		arr_text(&a[GL_FROM], q->sa_from != NULL ? q->sa_from : "");
		arr_int8(&a[GL_TAG], q->sa_tag);
		for (k = 0; k < q->sa_nrefs; k++) {
			arr_int4(&a[GL_REF_MAIL], (int)i + 1);
			arr_text(&a[GL_REF_ID], q->sa_refs[k]);
		}
		arr_int4(&a[GL_CAP], q->sa_cap > 0 ? q->sa_cap : 0);
		arr_bool(&a[GL_CREATES], q->sa_creates && left == 0);
		if (q->sa_creates && left > 0)
			left--;
	}
	for (j = 0; j < GL__MAX; j++)
		st_param_arr(p, &a[j]);
}

/* Takes what the lookup found for each mail, and the ticket numbers it
 * took for the new tickets (after those still unused). */
static void
grp_facts(struct store *s, struct group *g, const PGresult *r)
{
	size_t i, base = s->s_nnums;

	s->s_nums = xreallocarray(s->s_nums, base + g->g_nasks + 1,
	    sizeof(long));
	for (i = 0; i < g->g_nasks; i++) {
		struct grp_fact *f = &g->g_facts[i];

		f->gf_seen = atol(PQgetvalue(r, (int)i, 1));
		f->gf_by_refs = atol(PQgetvalue(r, (int)i, 2));
		f->gf_participant = *PQgetvalue(r, (int)i, 3) == 't';
		f->gf_undeliverable = !PQgetisnull(r, (int)i, 4);
		f->gf_until = atoll(PQgetvalue(r, (int)i, 4));
		f->gf_sent = atol(PQgetvalue(r, (int)i, 5));
		if (!PQgetisnull(r, (int)i, 6))
			s->s_nums[s->s_nnums++] = atol(PQgetvalue(r, (int)i,
			    6));
	}
	qsort(s->s_nums + base, s->s_nnums - base, sizeof(long), long_cmp);
}

/* Opens the group's transaction, with the plans of a group set, and
 * reads in the same round trip what every mail of the group looks up. */
static enum store_status
grp_lookup(struct store *s, struct group *g)
{
	struct st_call c[3];
	struct arr a[GL__MAX];
	struct params p = { 0 };
	enum store_status st;
	PGresult *r = NULL;
	int j;

	grp_lookup_params(g, s->s_nnums - s->s_numpos, a, &p);
	c[0] = (struct st_call){ ST_BEGIN, NULL };
	c[1] = (struct st_call){ ST_G_PLANS, NULL };
	c[2] = (struct st_call){ ST_G_LOOKUP, &p };
	st = st_exec_many(s, c, 3, 2, &r);
	s->s_in_txn = 1;	/* grp_abandon rolls back what went in */
	for (j = 0; j < GL__MAX; j++)
		arr_free(&a[j]);
	if (st != STORE_ONE)
		return st;
	if ((size_t)PQntuples(r) != g->g_nasks) {
		st_seterr(s, "group lookup: %d rows for %zu mails",
		    PQntuples(r), g->g_nasks);
		PQclear(r);
		return STORE_HARD;
	}
	grp_facts(s, g, r);
	PQclear(r);
	return STORE_ONE;
}

/* Reads (and locks) the tickets the mails may read: those they name and
 * those their references found. */
static enum store_status
grp_rows(struct store *s, struct group *g)
{
	struct params p = { 0 };
	struct arr a;
	enum store_status st;
	PGresult *r;
	size_t i, k;
	int n;

	for (i = 0; i < g->g_nasks; i++) {
		const struct store_ask *q = &g->g_asks[i];

		for (k = 0; k < q->sa_ntickets; k++)
			if (q->sa_tickets[k] > 0 &&
			    !numset_has(&g->g_asked, q->sa_tickets[k]))
				numset_add(&g->g_asked, q->sa_tickets[k]);
		if (g->g_facts[i].gf_by_refs > 0 &&
		    !numset_has(&g->g_asked, g->g_facts[i].gf_by_refs))
			numset_add(&g->g_asked, g->g_facts[i].gf_by_refs);
	}
	if (g->g_asked.ns_n == 0)
		return STORE_ONE;
	arr_init(&a, OID_INT8);
	for (i = 0; i < g->g_asked.ns_n; i++)
		arr_int8(&a, g->g_asked.ns_v[i]);
	st_param_arr(&p, &a);
	st = st_exec(s, ST_G_TICKETS_GET, &p, &r);
	arr_free(&a);
	if (st != STORE_ONE)
		return st;
	n = PQntuples(r);
	g->g_rows = xcalloc((size_t)n + 1, sizeof(*g->g_rows));
	for (g->g_nrows = 0; g->g_nrows < (size_t)n; g->g_nrows++)
		store_ticket_row(r, (int)g->g_nrows, &g->g_rows[g->g_nrows]);
	PQclear(r);
	return STORE_ONE;
}

/* Goes back to before the group: its transaction rolled back. */
static void
grp_abandon(struct store *s)
{
	PGresult *r;

	if (PQstatus(s->s_conn) == CONNECTION_OK &&
	    st_exec(s, ST_ROLLBACK, NULL, &r) == STORE_ONE)
		PQclear(r);
	s->s_in_txn = 0;
	s->s_group.g_notify = 0;
	s->s_numpos = s->s_group.g_numstart;
	dfr_reset(&s->s_group);
}

/* Opens a group: its transaction, one lookup for every mail with the
 * ticket numbers they need, their tickets read and locked. */
enum store_status
store_group_begin(struct store *s, const struct store_ask *asks, size_t n)
{
	struct group *g = &s->s_group;
	enum store_status st;
	char err[sizeof(s->s_err)];

	if (s->s_in_txn || n == 0) {
		st_seterr(s, "group: a transaction is open, or no mail");
		return STORE_HARD;
	}
	if (s->s_numpos > 0) {
		memmove(s->s_nums, s->s_nums + s->s_numpos,
		    (s->s_nnums - s->s_numpos) * sizeof(long));
		s->s_nnums -= s->s_numpos;
		s->s_numpos = 0;
	}
	dfr_reset(g);
	g->g_asks = asks;
	g->g_nasks = n;
	g->g_facts = xcalloc(n, sizeof(*g->g_facts));
	g->g_numstart = s->s_numpos;
	st = grp_lookup(s, g);
	if (st == STORE_ONE)
		st = grp_rows(s, g);
	if (st != STORE_ONE) {
		snprintf(err, sizeof(err), "%s", s->s_err);
		grp_abandon(s);
		st_seterr(s, "%s", err);
		return st;
	}
	g->g_numstart = s->s_numpos;
	return STORE_ONE;
}

/* Whether mail i may run on the lookups made for it. */
enum store_status
store_group_next(struct store *s, size_t i)
{
	struct group *g = &s->s_group;
	const struct store_ask *q;
	const struct grp_fact *f;
	size_t k;

	if (!GRP_OPEN(s) || i >= g->g_nasks) {
		st_seterr(s, "group: no such mail");
		return STORE_HARD;
	}
	q = &g->g_asks[i];
	f = &g->g_facts[i];
	g->g_missed = 0;
	if (q->sa_key != NULL && strset_has(&g->g_set[GS_KEYS], q->sa_key))
		return STORE_NONE;
	for (k = 0; k < q->sa_nrefs; k++)
		if (strset_has(&g->g_set[GS_IDS], q->sa_refs[k]))
			return STORE_NONE;
	for (k = 0; k < q->sa_ntickets; k++)
		if (numset_has(&g->g_written, q->sa_tickets[k]))
			return STORE_NONE;
	if (f->gf_by_refs > 0 && numset_has(&g->g_written, f->gf_by_refs))
		return STORE_NONE;
	/* automatic mail kept for the sender is counted (grp_autoreply) */
	if (q->sa_from != NULL &&
	    strset_count_addr(&g->g_set[GS_RCPTS], q->sa_from) < 0)
		return STORE_NONE;
	g->g_cur = i;
	return STORE_ONE;
}

/* The statements that send what is kept, and the COMMIT with end;
 * NONE when a message was stored already (the transaction failed). */
static enum store_status
grp_flush(struct store *s, int end, enum stmt_id want, PGresult **res)
{
	struct st_call c[DFR_CALLS + 2];
	struct params p[DFR_CALLS];
	enum store_status st;
	int n, i, w = -1;

	n = dfr_calls(&s->s_group, c, p);
	for (i = 0; i < n; i++)
		if (c[i].sc_id == want)
			w = i;
	if (end)
		c[n++] = (struct st_call){ ST_COMMIT, NULL };
	if (end && s->s_group.g_notify)
		c[n++] = (struct st_call){ ST_OUTBOX_NOTIFY, NULL };
	st = n > 0 ? st_exec_many(s, c, n, w, res) : STORE_ONE;
	if (st == STORE_HARD && strcmp(s->s_state, ST_DUPLICATE) == 0)
		st = STORE_NONE;
	return st;
}

/* Sends what a write outside a group kept (a group of one). */
enum store_status
grp_send(struct store *s, enum stmt_id want, PGresult **res)
{
	enum store_status st;
	PGresult *r = NULL;

	st = grp_flush(s, 0, want, &r);
	dfr_reset(&s->s_group);
	if (st == STORE_ONE && r != NULL)
		st = st_rows(r);
	if (res != NULL)
		*res = r;
	else
		PQclear(r);
	return st;
}

/* Sends the kept writes and commits the group. */
enum store_status
store_group_end(struct store *s)
{
	enum store_status st;
	char err[sizeof(s->s_err)];

	if (!GRP_OPEN(s)) {
		st_seterr(s, "group: none is open");
		return STORE_HARD;
	}
	if (s->s_group.g_mail)
		s->s_numpos = dfr_rewind(&s->s_group);
	st = grp_flush(s, 1, ST__MAX, NULL);
	if (st != STORE_ONE) {
		snprintf(err, sizeof(err), "%s", s->s_err);
		grp_abandon(s);
		st_seterr(s, "%s", err);
		return st;
	}
	s->s_in_txn = 0;
	s->s_group.g_notify = 0;
	dfr_reset(&s->s_group);
	return STORE_ONE;
}

/* 1 when the last failure was a call the group cannot serve. */
int
store_group_missed(const struct store *s)
{
	return s != NULL && GRP_OPEN(s) && s->s_group.g_missed;
}

/* BEGIN; a connection lost since the last call is reset first.  Inside
 * a group: marks where the writes of a mail begin. */
enum store_status
store_begin(struct store *s)
{
	enum store_status st;

	if (GRP_OPEN(s)) {
		dfr_mark(&s->s_group, s->s_numpos);
		s->s_group.g_mail = 1;
		return STORE_ONE;
	}
	st = st_run(s, ST_BEGIN, NULL);
	if (st == STORE_SOFT && PQstatus(s->s_conn) == CONNECTION_BAD)
		st = st_run(s, ST_BEGIN, NULL);	/* lost while idle */
	if (st >= STORE_NONE) {
		s->s_in_txn = 1;
		return STORE_ONE;
	}
	return st;
}

/* COMMIT; SOFT when the outcome is unknown or it failed to serialize.
 * Inside a group: the mail's writes are kept for the group's commit. */
enum store_status
store_commit(struct store *s)
{
	static const struct st_call c[2] = { { ST_COMMIT, NULL },
	    { ST_OUTBOX_NOTIFY, NULL } };
	enum store_status st;
	PGresult *r;

	if (GRP_OPEN(s)) {
		s->s_group.g_mail = 0;
		return STORE_ONE;
	}
	st = st_exec_many(s, c, s->s_group.g_notify ? 2 : 1, 0, &r);
	s->s_group.g_notify = 0;
	if (st == STORE_ONE && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		st_seterr(s, "commit: transaction was aborted");
		st = STORE_HARD;
	}
	PQclear(r);
	s->s_in_txn = 0;
	return st;
}

/* ROLLBACK, quietly; nothing to do on a lost connection.  Inside a
 * group: drops the writes of the mail. */
void
store_rollback(struct store *s)
{
	PGresult *r;

	if (s == NULL)
		return;
	if (GRP_OPEN(s)) {
		if (s->s_group.g_mail)
			s->s_numpos = dfr_rewind(&s->s_group);
		s->s_group.g_mail = 0;
		return;
	}
	s->s_in_txn = 0;
	s->s_group.g_notify = 0;
	dfr_reset(&s->s_group);
	if (PQstatus(s->s_conn) != CONNECTION_OK ||
	    PQtransactionStatus(s->s_conn) == PQTRANS_IDLE)
		return;
	if (st_exec(s, ST_ROLLBACK, NULL, &r) == STORE_ONE)
		PQclear(r);
}

/* The ask of the mail that runs. */
static const struct store_ask *
grp_ask(const struct store *s)
{
	return &s->s_group.g_asks[s->s_group.g_cur];
}

/* ONE and *ticket (may be NULL) when a ticket t was found, else NONE. */
static enum store_status
grp_found(long t, long *ticket)
{
	if (t == 0)
		return STORE_NONE;
	if (ticket != NULL)
		*ticket = t;
	return STORE_ONE;
}

/* store_message_seen from the lookup. */
enum store_status
grp_seen(struct store *s, const char *key, long *ticket)
{
	const struct store_ask *q = grp_ask(s);
	long t = s->s_group.g_facts[s->s_group.g_cur].gf_seen;

	if (q->sa_key == NULL || key == NULL || strcmp(q->sa_key, key) != 0)
		return grp_miss(s, "message_seen");
	return grp_found(t, ticket);
}

/* store_ticket_by_refs from the lookup. */
enum store_status
grp_by_refs(struct store *s, const char *const *ids, size_t n, long *ticket)
{
	const struct store_ask *q = grp_ask(s);
	long t = s->s_group.g_facts[s->s_group.g_cur].gf_by_refs;
	size_t i;

	if (n != q->sa_nrefs)
		return grp_miss(s, "ticket_by_refs");
	for (i = 0; i < n; i++)
		if (strcmp(ids[i], q->sa_refs[i]) != 0)
			return grp_miss(s, "ticket_by_refs");
	return grp_found(t, ticket);
}

/* store_ticket_get from the rows read; a ticket the group wrote to is not
 * served. */
enum store_status
grp_ticket_get(struct store *s, long number, struct store_ticket *t)
{
	struct group *g = &s->s_group;
	size_t i;

	if (!numset_has(&g->g_asked, number) ||
	    numset_has(&g->g_written, number))
		return grp_miss(s, "ticket_get");
	for (i = 0; i < g->g_nrows; i++)
		if (g->g_rows[i].t_number == number) {
			*t = g->g_rows[i];
			return STORE_ONE;
		}
	return STORE_NONE;
}

/* store_is_participant for the tag and sender asked about. */
enum store_status
grp_participant(struct store *s, long number, const char *addr)
{
	const struct store_ask *q = grp_ask(s);

	if (number != q->sa_tag || q->sa_from == NULL ||
	    strcmp(addr, q->sa_from) != 0 ||
	    numset_has(&s->s_group.g_written, number))
		return grp_miss(s, "is_participant");
	return s->s_group.g_facts[s->s_group.g_cur].gf_participant ?
	    STORE_ONE : STORE_NONE;
}

/* store_contact_undeliverable for the sender. */
enum store_status
grp_undeliverable(struct store *s, const char *addr, time_t *until)
{
	const struct store_ask *q = grp_ask(s);
	const struct grp_fact *f = &s->s_group.g_facts[s->s_group.g_cur];

	if (q->sa_from == NULL || addr == NULL ||
	    strcmp(addr, q->sa_from) != 0)
		return grp_miss(s, "contact_undeliverable");
	if (!f->gf_undeliverable)
		return STORE_NONE;
	if (until != NULL)
		*until = (time_t)f->gf_until;
	return STORE_ONE;
}

/* store_autoreply_allow for the sender. */
enum store_status
grp_autoreply(struct store *s, const char *addr, int cap)
{
	const struct store_ask *q = grp_ask(s);
	long sent = s->s_group.g_facts[s->s_group.g_cur].gf_sent + 1;
	int kept;

	/* counted up to the cap asked for only; with what the group keeps */
	kept = strset_count_addr(&s->s_group.g_set[GS_RCPTS], addr);
	if (q->sa_from == NULL || strcmp(addr, q->sa_from) != 0 ||
	    cap > q->sa_cap || kept < 0)
		return grp_miss(s, "autoreply_allow");
	return sent + kept <= cap ? STORE_ONE : STORE_NONE;
}
