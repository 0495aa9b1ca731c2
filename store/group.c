/* group.c - groups of mails inside a batch: the lookups of all their
 * transactions in one statement, their writes kept (defer.c) and sent
 * together, and the ticket numbers taken ahead.
 *
 * A group runs inside a savepoint of the batch (pd_group), so a failure
 * anywhere in it leaves the batch as it was before the group.  A mail's
 * lookups are answered from what store_group_begin() read; that stays true
 * only while no write kept for an earlier mail of the group touches what
 * the mail looks up: its key, the Message-IDs it references, the tickets
 * it may read, the automatic mail counted for its sender.
 * store_group_next() checks exactly that, and the caller ends the group
 * before a mail that fails the check (its lookups are then made again, in
 * the next group, after the writes they depend on).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "store/store_int.h"

/* FNV-1a of a string: compared before the strings themselves. */
static uint32_t
str_hash(const char *v)
{
	uint32_t h = 2166136261u;

	for (; *v != '\0'; v++)
		h = (h ^ (unsigned char)*v) * 16777619u;
	return h;
}

/* Adds a string to a set (a copy). */
void
strset_add(struct strset *ss, const char *v)
{
	if (ss->ss_n == ss->ss_cap) {
		ss->ss_cap = ss->ss_cap ? ss->ss_cap * 2 : 32;
		ss->ss_off = xreallocarray(ss->ss_off, ss->ss_cap,
		    sizeof(*ss->ss_off));
		ss->ss_hash = xreallocarray(ss->ss_hash, ss->ss_cap,
		    sizeof(*ss->ss_hash));
	}
	ss->ss_hash[ss->ss_n] = str_hash(v);
	ss->ss_off[ss->ss_n++] = ss->ss_b.b_len;
	buf_add(&ss->ss_b, v, strlen(v) + 1);
}

/* 1 when v is in the set. */
int
strset_has(const struct strset *ss, const char *v)
{
	uint32_t h = str_hash(v);
	size_t i;

	for (i = 0; i < ss->ss_n; i++)
		if (ss->ss_hash[i] == h &&
		    strcmp(ss->ss_b.b_data + ss->ss_off[i], v) == 0)
			return 1;
	return 0;
}

/* 1 when a has a byte outside ASCII. */
static int
non_ascii(const char *a)
{
	for (; *a != '\0'; a++)
		if ((unsigned char)*a >= 0x80)
			return 1;
	return 0;
}

/* 1 when the set may hold lower(a): ASCII compared without case; an
 * address with other letters may lower to anything, so against any. */
static int
strset_has_addr(const struct strset *ss, const char *a)
{
	size_t i;

	if (non_ascii(a))
		return ss->ss_n > 0;
	for (i = 0; i < ss->ss_n; i++)
		if (strcasecmp(ss->ss_b.b_data + ss->ss_off[i], a) == 0)
			return 1;
	return 0;
}

/* Adds a number to a set. */
void
numset_add(struct numset *ns, long v)
{
	if (ns->ns_n == ns->ns_cap) {
		ns->ns_cap = ns->ns_cap ? ns->ns_cap * 2 : 32;
		ns->ns_v = xreallocarray(ns->ns_v, ns->ns_cap,
		    sizeof(*ns->ns_v));
	}
	ns->ns_v[ns->ns_n++] = v;
}

/* 1 when v is in the set. */
int
numset_has(const struct numset *ns, long v)
{
	size_t i;

	for (i = 0; i < ns->ns_n; i++)
		if (ns->ns_v[i] == v)
			return 1;
	return 0;
}

/* Releases a group. */
static void
grp_free(struct group *g)
{
	int i;

	if (g == NULL)
		return;
	dfr_free(g);
	for (i = 0; i < 3; i++) {
		buf_free(&g->g_set[i].ss_b);
		free(g->g_set[i].ss_off);
		free(g->g_set[i].ss_hash);
	}
	free(g->g_written.ns_v);
	free(g->g_created.ns_v);
	free(g->g_asked.ns_v);
	free(g->g_rows);
	free(g->g_facts);
	free(g);
}

/* Empties a group for its next use, keeping its memory. */
static void
grp_reset(struct group *g)
{
	int i;

	for (i = 0; i < GC__MAX; i++)
		arr_reset(&g->g_col[i]);
	for (i = 0; i < 3; i++) {
		g->g_set[i].ss_n = 0;
		g->g_set[i].ss_b.b_len = 0;
	}
	g->g_written.ns_n = g->g_created.ns_n = g->g_asked.ns_n = 0;
	free(g->g_rows);
	free(g->g_facts);
	g->g_rows = NULL;
	g->g_facts = NULL;
	g->g_nrows = 0;
	g->g_msgs = 0;
	g->g_missed = 0;
	g->g_cur = 0;
}

/* Closes the open group; its memory serves the next one. */
static void
grp_close(struct store *s)
{
	grp_reset(s->s_group);
	grp_free(s->s_spare);
	s->s_spare = s->s_group;
	s->s_group = NULL;
	s->s_in_txn = 0;
}

/* Frees the memory kept for groups (the connection closes). */
void
grp_release(struct store *s)
{
	grp_drop(s);
	grp_free(s->s_spare);
	s->s_spare = NULL;
}

/* The call cannot be served inside a group. */
enum store_status
grp_miss(struct store *s, const char *what)
{
	s->s_group->g_missed = 1;
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
	if (s->s_numpos >= s->s_nnums && grp_take_numbers(s, 1) != STORE_ONE)
		return 0;
	return s->s_nums[s->s_numpos++];
}

/* 1 when numbers taken ahead are left. */
int
grp_numbers_left(const struct store *s)
{
	return s->s_numpos < s->s_nnums;
}

/* Opens the group's savepoint (after a mail's savepoint still to
 * release, with the plans of the batch set) and reads, in the same round
 * trip, what every mail of the group looks up. */
static enum store_status
grp_lookup(struct store *s, struct group *g)
{
	struct st_call c[4];
	struct arr a[6];
	struct params p = { 0 };
	enum store_status st;
	PGresult *r = NULL;
	size_t i, k;
	int j, n = 0;

	arr_init(&a[0], OID_TEXT);
	arr_init(&a[1], OID_TEXT);
	arr_init(&a[2], OID_INT8);
	arr_init(&a[3], OID_INT4);
	arr_init(&a[4], OID_TEXT);
	arr_init(&a[5], OID_INT4);
	for (i = 0; i < g->g_nasks; i++) {
		const struct store_ask *q = &g->g_asks[i];

		arr_text(&a[0], q->sa_key != NULL ? q->sa_key : "");
		arr_text(&a[1], q->sa_from != NULL ? q->sa_from : "");
		arr_int8(&a[2], q->sa_tag);
		arr_int4(&a[5], q->sa_cap);
		for (k = 0; k < q->sa_nrefs; k++) {
			arr_int4(&a[3], (int)i + 1);
			arr_text(&a[4], q->sa_refs[k]);
		}
	}
	for (j = 0; j < 6; j++)
		st_param_arr(&p, &a[j]);
	if (s->s_release)
		c[n++] = (struct st_call){ ST_RELEASE, NULL };
	if (!s->s_group_plans)
		c[n++] = (struct st_call){ ST_G_PLANS, NULL };
	c[n++] = (struct st_call){ ST_G_SAVEPOINT, NULL };
	c[n++] = (struct st_call){ ST_G_LOOKUP, &p };
	st = st_exec_many(s, c, n, &r);
	for (j = 0; j < 6; j++)
		arr_free(&a[j]);
	if (st != STORE_ONE)
		return st;
	s->s_release = 0;
	s->s_group_plans = 1;
	if ((size_t)PQntuples(r) != g->g_nasks) {
		st_seterr(s, "group lookup: %d rows for %zu mails",
		    PQntuples(r), g->g_nasks);
		PQclear(r);
		return STORE_HARD;
	}
	for (i = 0; i < g->g_nasks; i++) {
		struct grp_fact *f = &g->g_facts[i];

		f->gf_seen = atol(PQgetvalue(r, (int)i, 1));
		f->gf_by_refs = atol(PQgetvalue(r, (int)i, 2));
		f->gf_participant = *PQgetvalue(r, (int)i, 3) == 't';
		f->gf_undeliverable = !PQgetisnull(r, (int)i, 4);
		f->gf_until = atoll(PQgetvalue(r, (int)i, 4));
		f->gf_sent = atol(PQgetvalue(r, (int)i, 5));
	}
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

/* Takes the numbers the mails sure to open a ticket need (those whose
 * key is not stored yet), beyond those left from before. */
static enum store_status
grp_numbers(struct store *s, struct group *g)
{
	size_t i, want = 0, left = s->s_nnums - s->s_numpos;

	for (i = 0; i < g->g_nasks; i++)
		if (g->g_asks[i].sa_creates && g->g_facts[i].gf_seen == 0)
			want++;
	if (want <= left)
		return STORE_ONE;
	return grp_take_numbers(s, want - left);
}

/* Goes back to the batch as it was before the group. */
static void
grp_abandon(struct store *s)
{
	PGresult *r;

	if (PQstatus(s->s_conn) == CONNECTION_OK &&
	    st_exec(s, ST_G_ROLLBACK_TO, NULL, &r) == STORE_ONE) {
		PQclear(r);
		if (st_exec(s, ST_G_RELEASE, NULL, &r) == STORE_ONE)
			PQclear(r);
	}
	s->s_numpos = s->s_group->g_numstart;
	grp_close(s);
}

/* Forgets an open group without a word to the server (the batch is
 * rolled back or the connection closed). */
void
grp_drop(struct store *s)
{
	if (s->s_group == NULL)
		return;
	s->s_numpos = s->s_group->g_numstart;
	grp_close(s);
}

/* Opens a group: one savepoint, one lookup for every mail, their
 * tickets read and locked, the ticket numbers they need. */
enum store_status
store_group_begin(struct store *s, const struct store_ask *asks, size_t n)
{
	enum store_status st;
	struct group *g;
	char err[sizeof(s->s_err)];

	if (!s->s_batch || s->s_in_txn || s->s_group != NULL || n == 0) {
		st_seterr(s, "group: no batch, or a transaction is open");
		return STORE_HARD;
	}
	if (s->s_numpos > 0) {
		memmove(s->s_nums, s->s_nums + s->s_numpos,
		    (s->s_nnums - s->s_numpos) * sizeof(long));
		s->s_nnums -= s->s_numpos;
		s->s_numpos = 0;
	}
	if ((g = s->s_spare) == NULL) {
		g = xcalloc(1, sizeof(*g));
		dfr_init(g);
	}
	s->s_spare = NULL;
	g->g_asks = asks;
	g->g_nasks = n;
	g->g_facts = xcalloc(n, sizeof(*g->g_facts));
	s->s_group = g;
	g->g_numstart = s->s_numpos;
	st = grp_lookup(s, g);
	if (st == STORE_ONE)
		st = grp_rows(s, g);
	if (st == STORE_ONE)
		st = grp_numbers(s, g);
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
	struct group *g = s->s_group;
	const struct store_ask *q;
	const struct grp_fact *f;
	size_t k;

	if (g == NULL || i >= g->g_nasks) {
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
	if (q->sa_from != NULL &&
	    strset_has_addr(&g->g_set[GS_RCPTS], q->sa_from))
		return STORE_NONE;
	g->g_cur = i;
	return STORE_ONE;
}

/* Sends the kept writes and closes the group. */
enum store_status
store_group_end(struct store *s)
{
	struct st_call c[DFR_CALLS + 1];
	struct params p[DFR_CALLS];
	enum store_status st;
	char err[sizeof(s->s_err)];
	int n;

	if (s->s_group == NULL) {
		st_seterr(s, "group: none is open");
		return STORE_HARD;
	}
	if (s->s_in_txn)
		grp_rewind(s);
	s->s_in_txn = 0;
	n = dfr_calls(s, c, p);
	c[n++] = (struct st_call){ ST_G_RELEASE, NULL };
	st = st_exec_many(s, c, n, NULL);
	if (st != STORE_ONE) {
		snprintf(err, sizeof(err), "%s", s->s_err);
		grp_abandon(s);
		st_seterr(s, "%s", err);
		return st;
	}
	grp_close(s);
	return STORE_ONE;
}

/* 1 when the last failure was a call the group cannot serve. */
int
store_group_missed(const struct store *s)
{
	return s != NULL && s->s_group != NULL && s->s_group->g_missed;
}

/* Marks where a mail's writes begin (store_begin in a group). */
void
grp_mark(struct store *s)
{
	struct group *g = s->s_group;
	struct grp_mark *m = &g->g_mark;
	int i;

	for (i = 0; i < GC__MAX; i++)
		arr_mark(&g->g_col[i], &m->gm_col[i]);
	for (i = 0; i < 3; i++) {
		m->gm_set[i][0] = g->g_set[i].ss_n;
		m->gm_set[i][1] = g->g_set[i].ss_b.b_len;
	}
	m->gm_written = g->g_written.ns_n;
	m->gm_created = g->g_created.ns_n;
	m->gm_numpos = s->s_numpos;
	m->gm_msgs = g->g_msgs;
	g->g_missed = 0;
}

/* Drops the writes of the mail since the mark (store_rollback). */
void
grp_rewind(struct store *s)
{
	struct group *g = s->s_group;
	const struct grp_mark *m = &g->g_mark;
	int i;

	for (i = 0; i < GC__MAX; i++)
		arr_rewind(&g->g_col[i], &m->gm_col[i]);
	for (i = 0; i < 3; i++) {
		g->g_set[i].ss_n = m->gm_set[i][0];
		g->g_set[i].ss_b.b_len = m->gm_set[i][1];
	}
	g->g_written.ns_n = m->gm_written;
	g->g_created.ns_n = m->gm_created;
	s->s_numpos = m->gm_numpos;
	g->g_msgs = m->gm_msgs;
}

/* The ask of the mail that runs. */
static const struct store_ask *
grp_ask(const struct store *s)
{
	return &s->s_group->g_asks[s->s_group->g_cur];
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
	long t = s->s_group->g_facts[s->s_group->g_cur].gf_seen;

	if (q->sa_key == NULL || key == NULL || strcmp(q->sa_key, key) != 0)
		return grp_miss(s, "message_seen");
	return grp_found(t, ticket);
}

/* store_ticket_by_refs from the lookup. */
enum store_status
grp_by_refs(struct store *s, const char *const *ids, size_t n, long *ticket)
{
	const struct store_ask *q = grp_ask(s);
	long t = s->s_group->g_facts[s->s_group->g_cur].gf_by_refs;
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
	struct group *g = s->s_group;
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
	    numset_has(&s->s_group->g_written, number))
		return grp_miss(s, "is_participant");
	return s->s_group->g_facts[s->s_group->g_cur].gf_participant ?
	    STORE_ONE : STORE_NONE;
}

/* store_contact_undeliverable for the sender. */
enum store_status
grp_undeliverable(struct store *s, const char *addr, time_t *until)
{
	const struct store_ask *q = grp_ask(s);
	const struct grp_fact *f = &s->s_group->g_facts[s->s_group->g_cur];

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
	long sent = s->s_group->g_facts[s->s_group->g_cur].gf_sent + 1;

	if (q->sa_from == NULL || strcmp(addr, q->sa_from) != 0 ||
	    (q->sa_cap > 0 && cap > q->sa_cap))
		return grp_miss(s, "autoreply_allow");
	return sent <= cap ? STORE_ONE : STORE_NONE;
}
