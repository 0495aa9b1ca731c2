/* defer.c - a group's memory and the writes it keeps: each row goes into
 * one array per column, and each table's rows are sent in one statement
 * (sql.c), in the order a mail makes them: tickets, their status changes
 * and facts, messages with their participants, contacts and touched
 * tickets, blobs and attachments, the outbox.  No statement runs here;
 * group.c sends what is kept.
 *
 * A later mail of a group never reads what an earlier one wrote (see
 * group.c), so a ticket gets at most one status change and one facts
 * update per group, and the rows of one table never depend on each other.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/digest.h"
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

/* How many of the set's strings lower(a) equals: ASCII compared without
 * case; -1 when it cannot tell (an address with other letters may lower
 * to anything). */
int
strset_count_addr(const struct strset *ss, const char *a)
{
	size_t i;
	int n = 0;

	if (non_ascii(a))
		return ss->ss_n > 0 ? -1 : 0;
	for (i = 0; i < ss->ss_n; i++)
		if (strcasecmp(ss->ss_b.b_data + ss->ss_off[i], a) == 0)
			n++;
	return n;
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

/* Appends the addresses (and names) of as to a[]/n[] at *k. */
static void
addrs_collect(const struct mail_addrs *as, const char **a, const char **n,
    size_t *k)
{
	size_t i;

	for (i = 0; as != NULL && i < as->as_n; i++) {
		if (as->as_v[i].a_addr == NULL || *as->as_v[i].a_addr == '\0')
			continue;
		a[*k] = as->as_v[i].a_addr;
		n[*k] = as->as_v[i].a_name;
		(*k)++;
	}
}

/* The addresses of as as a text[] literal. */
static char *
addrs_array(const struct mail_addrs *as)
{
	const char **a, **n;
	size_t k = 0;
	char *r;

	a = xcalloc(as != NULL ? as->as_n + 1 : 1, sizeof(*a));
	n = xcalloc(as != NULL ? as->as_n + 1 : 1, sizeof(*n));
	addrs_collect(as, a, n, &k);
	r = st_text_array(a, k);
	free(a);
	free(n);
	return r;
}

/* 1 when addr is on the NULL-terminated list v (may be NULL). */
static int
addr_listed(const char *const *v, const char *addr)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		if (strcasecmp(v[i], addr) == 0)
			return 1;
	return 0;
}

/* The participants of a message, From, Reply-To, To and Cc: how many,
 * their addresses in *aa and names in *na (free both). */
static size_t
message_people(const struct store_message *m, const char ***aa,
    const char ***na)
{
	const char **a, **n;
	size_t k = 0, max;

	max = 2 + (m->sm_to != NULL ? m->sm_to->as_n : 0) +
	    (m->sm_cc != NULL ? m->sm_cc->as_n : 0);
	*aa = a = xcalloc(max, sizeof(*a));
	*na = n = xcalloc(max, sizeof(*n));
	if (m->sm_from_addr != NULL && *m->sm_from_addr != '\0') {
		a[k] = m->sm_from_addr;
		n[k++] = m->sm_from_name;
	}
	if (m->sm_reply_to != NULL && *m->sm_reply_to != '\0') {
		a[k] = m->sm_reply_to;
		n[k++] = NULL;
	}
	addrs_collect(m->sm_to, a, n, &k);
	addrs_collect(m->sm_cc, a, n, &k);
	return k;
}

/* The element type of every column. */
static const unsigned col_oid[GC__MAX] = {
	[GC_TK_NUMBER] = OID_INT8, [GC_TK_SUBJECT] = OID_TEXT,
	[GC_TK_REQUESTER] = OID_TEXT, [GC_TK_NAME] = OID_TEXT,
	[GC_TK_PRIORITY] = OID_TEXT, [GC_TK_CATEGORY] = OID_TEXT,
	[GC_TK_DUE] = OID_INT8, [GC_TK_QUOTED] = OID_INT8,
	[GC_TK_ORDERS] = OID_TEXT, [GC_TK_LINKS] = OID_TEXT,
	[GC_TK_ISSUE] = OID_TEXT, [GC_TK_LANG] = OID_TEXT,
	[GC_TK_MISSING] = OID_TEXT,
	[GC_ST_NUMBER] = OID_INT8, [GC_ST_STATUS] = OID_TEXT,
	[GC_ST_BY] = OID_TEXT,
	[GC_FA_NUMBER] = OID_INT8, [GC_FA_ORDERS] = OID_TEXT,
	[GC_FA_LINKS] = OID_TEXT, [GC_FA_FOUND] = OID_TEXT,
	[GC_MS_TICKET] = OID_INT8, [GC_MS_KEY] = OID_TEXT,
	[GC_MS_ID] = OID_TEXT, [GC_MS_DIRECTION] = OID_TEXT,
	[GC_MS_QUEUE_ID] = OID_TEXT, [GC_MS_FROM] = OID_TEXT,
	[GC_MS_FROM_NAME] = OID_TEXT, [GC_MS_TO] = OID_TEXT,
	[GC_MS_CC] = OID_TEXT, [GC_MS_SUBJECT] = OID_TEXT,
	[GC_MS_BODY] = OID_TEXT, [GC_MS_NEW_LEN] = OID_INT4,
	[GC_MS_RAW] = OID_BYTEA, [GC_MS_RAW_LO] = OID_INT8,
	[GC_MS_REDACTIONS] = OID_TEXT,
	[GC_MS_WARNINGS] = OID_TEXT, [GC_MS_FLAGS] = OID_INT4,
	[GC_PA_MSG] = OID_INT4, [GC_PA_TICKET] = OID_INT8,
	[GC_PA_ADDR] = OID_TEXT, [GC_PA_NAME] = OID_TEXT,
	[GC_PA_CUSTOMER] = OID_BOOL,
	[GC_CO_ADDR] = OID_TEXT, [GC_CO_NAME] = OID_TEXT,
	[GC_TO_NUMBER] = OID_INT8,
	[GC_BL_SHA] = OID_TEXT, [GC_BL_SIZE] = OID_INT8,
	[GC_BL_DATA] = OID_BYTEA, [GC_BL_LO] = OID_INT8,
	[GC_AT_KEY] = OID_TEXT, [GC_AT_POS] = OID_INT4,
	[GC_AT_FILENAME] = OID_TEXT, [GC_AT_TYPE] = OID_TEXT,
	[GC_AT_CID] = OID_TEXT, [GC_AT_SIZE] = OID_INT8,
	[GC_AT_SHA] = OID_TEXT, [GC_AT_INLINE] = OID_BOOL,
	[GC_OB_TICKET] = OID_INT8, [GC_OB_KIND] = OID_TEXT,
	[GC_OB_FROM] = OID_TEXT, [GC_OB_RCPT] = OID_TEXT,
	[GC_OB_ID] = OID_TEXT, [GC_OB_DATA] = OID_BYTEA,
	[GC_OB_LO] = OID_INT8,
	[GC_OB_CHANNEL] = OID_TEXT,
};

/* The statements of the flush, in order, with their columns. */
static const struct {
	enum stmt_id	 f_stmt;
	int		 f_first;
	int		 f_ncols;
} flush_order[] = {
	{ ST_TICKETS_ADD, GC_TK_NUMBER, GC_ST_NUMBER - GC_TK_NUMBER },
	{ ST_STATUS_ADD, GC_ST_NUMBER, GC_FA_NUMBER - GC_ST_NUMBER },
	{ ST_FACTS_ADD, GC_FA_NUMBER, GC_MS_TICKET - GC_FA_NUMBER },
	{ ST_MESSAGES_ADD, GC_MS_TICKET, GC_PA_MSG - GC_MS_TICKET },
	{ ST_PARTICIPANTS_ADD, GC_PA_MSG, GC_CO_ADDR - GC_PA_MSG },
	{ ST_CONTACTS_ADD, GC_CO_ADDR, GC_TO_NUMBER - GC_CO_ADDR },
	{ ST_TICKETS_TOUCH, GC_TO_NUMBER, GC_BL_SHA - GC_TO_NUMBER },
	{ ST_BLOBS_ADD, GC_BL_SHA, GC_AT_KEY - GC_BL_SHA },
	{ ST_ATTACHMENTS_ADD, GC_AT_KEY, GC_OB_TICKET - GC_AT_KEY },
	{ ST_OUTBOX_ADD, GC_OB_TICKET, GC__MAX - GC_OB_TICKET },
};

/* Empty columns for a new group. */
void
dfr_init(struct group *g)
{
	int i;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < GC__MAX; i++)
		arr_init(&g->g_col[i], col_oid[i]);
}

/* Frees what the group holds. */
void
dfr_free(struct group *g)
{
	struct strset *ss;
	int i;

	dfr_reset(g);
	for (i = 0; i < GC__MAX; i++)
		arr_free(&g->g_col[i]);
	for (ss = g->g_set; ss < g->g_set + 3; ss++) {
		buf_free(&ss->ss_b);
		free(ss->ss_off);
		free(ss->ss_hash);
	}
	free(g->g_written.ns_v);
	free(g->g_created.ns_v);
	free(g->g_asked.ns_v);
	memset(g, 0, sizeof(*g));
}

/* Empties a group for its next use, keeping its memory. */
void
dfr_reset(struct group *g)
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
	g->g_asks = NULL;
	g->g_nasks = 0;
	g->g_msgs = 0;
	g->g_missed = 0;
	g->g_mail = 0;
	g->g_cur = 0;
}

/* Marks where a mail's writes begin (store_begin in a group). */
void
dfr_mark(struct group *g, size_t numpos)
{
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
	m->gm_numpos = numpos;
	m->gm_msgs = g->g_msgs;
	m->gm_notify = g->g_notify;
	g->g_missed = 0;
}

/* Drops the writes of the mail since the mark (store_rollback); the
 * position of the ticket numbers then. */
size_t
dfr_rewind(struct group *g)
{
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
	g->g_msgs = m->gm_msgs;
	g->g_notify = m->gm_notify;
	return m->gm_numpos;
}

/* A column of the group. */
static struct arr *
col(struct group *g, enum grp_col c)
{
	return &g->g_col[c];
}

/* Appends a text[] literal of a NULL-terminated list to column c. */
static void
col_strv(struct group *g, enum grp_col c, const char *const *v)
{
	char *lit = st_text_array(v, (size_t)-1);

	arr_text(col(g, c), lit);
	free(lit);
}

/* Appends a content (its bytes, or its large object) to two columns. */
static void
col_bytes(struct group *g, enum grp_col data, enum grp_col lo,
    const struct grp_bytes *b)
{
	arr_bytes(col(g, data), b->gb_data, b->gb_len);
	arr_int8(col(g, lo), b->gb_lo);
}

/* Keeps a participant of a ticket, named by message msg (-1: by the
 * ticket).  An address a ticket is given twice keeps one row: a
 * customer's if one is, else the first named. */
static void
dfr_participant(struct group *g, int msg, long ticket, const char *addr,
    const char *name, int customer)
{
	arr_int4(col(g, GC_PA_MSG), msg);
	arr_int8(col(g, GC_PA_TICKET), ticket);
	arr_text(col(g, GC_PA_ADDR), addr);
	arr_text(col(g, GC_PA_NAME), name);
	arr_bool(col(g, GC_PA_CUSTOMER), customer);
}

/* Keeps a new ticket under number. */
void
dfr_ticket_create(struct group *g, const struct store_new_ticket *nt,
    long n)
{
	arr_int8(col(g, GC_TK_NUMBER), n);
	arr_text(col(g, GC_TK_SUBJECT), nt->nt_subject != NULL ?
	    nt->nt_subject : "");
	arr_text(col(g, GC_TK_REQUESTER), nt->nt_requester != NULL ?
	    nt->nt_requester : "");
	arr_text(col(g, GC_TK_NAME), nt->nt_requester_name);
	arr_text(col(g, GC_TK_PRIORITY), ticket_priority_name(nt->nt_priority));
	arr_text(col(g, GC_TK_CATEGORY), nt->nt_category != NULL &&
	    *nt->nt_category != '\0' ? nt->nt_category : NULL);
	arr_int8(col(g, GC_TK_DUE), (long long)nt->nt_due);
	arr_int8(col(g, GC_TK_QUOTED), nt->nt_quoted);
	col_strv(g, GC_TK_ORDERS, nt->nt_order_ids);
	col_strv(g, GC_TK_LINKS, nt->nt_links);
	arr_text(col(g, GC_TK_ISSUE), nt->nt_issue_type != NULL ?
	    nt->nt_issue_type : "other");
	arr_text(col(g, GC_TK_LANG), nt->nt_language != NULL &&
	    *nt->nt_language != '\0' ? nt->nt_language : NULL);
	col_strv(g, GC_TK_MISSING, nt->nt_missing);
	/* the requester is its first participant, a customer */
	dfr_participant(g, -1, n, nt->nt_requester, nt->nt_requester_name, 1);
	numset_add(&g->g_written, n);
	numset_add(&g->g_created, n);
}

/* Keeps a status change (with its row in the history). */
void
dfr_set_status(struct group *g, long number, const char *status,
    const char *by)
{
	arr_int8(col(g, GC_ST_NUMBER), number);
	arr_text(col(g, GC_ST_STATUS), status);
	arr_text(col(g, GC_ST_BY), by);
	numset_add(&g->g_written, number);
}

/* Keeps order IDs and links to add to a ticket. */
void
dfr_add_facts(struct group *g, long number, const char *const *order_ids,
    const char *const *links, const char *const *found)
{
	arr_int8(col(g, GC_FA_NUMBER), number);
	col_strv(g, GC_FA_ORDERS, order_ids);
	col_strv(g, GC_FA_LINKS, links);
	col_strv(g, GC_FA_FOUND, found);
	numset_add(&g->g_written, number);
}

/* Keeps the participants of a message: From, Reply-To, To, Cc, but our
 * own addresses. */
static void
dfr_participants(struct group *g, const struct store_message *m)
{
	const char **a, **n;
	size_t k, i;

	k = message_people(m, &a, &n);
	for (i = 0; i < k; i++)
		if (!addr_listed(m->sm_ours, a[i]))
			dfr_participant(g, g->g_msgs, m->sm_ticket, a[i], n[i],
			    addr_listed(m->sm_customers, a[i]));
	free(a);
	free(n);
}

/* Keeps the attachments of a message: each content once (unless it is
 * stored already), then the rows (which find their message by its key
 * when sent). */
static void
dfr_attachments(struct group *g, const struct store_message *m,
    const struct grp_bytes *b)
{
	const struct mail_attachment *at;
	char sha[DIGEST_HEX_LEN];
	const char *hash;
	size_t i;

	for (i = 0; i < m->sm_natt; i++) {
		at = &m->sm_att[i];
		hash = at->at_sha256;
		if (hash[0] == '\0') {
			digest_sha256_hex(at->at_data, at->at_size, sha);
			hash = sha;
		}
		if (!b[i].gb_have) {
			arr_text(col(g, GC_BL_SHA), hash);
			arr_int8(col(g, GC_BL_SIZE), (long long)at->at_size);
			col_bytes(g, GC_BL_DATA, GC_BL_LO, &b[i]);
		}
		arr_text(col(g, GC_AT_KEY), m->sm_key);
		arr_int4(col(g, GC_AT_POS), (int)i);
		arr_text(col(g, GC_AT_FILENAME), at->at_filename);
		arr_text(col(g, GC_AT_TYPE), at->at_content_type);
		arr_text(col(g, GC_AT_CID), at->at_content_id);
		arr_int8(col(g, GC_AT_SIZE), (long long)at->at_size);
		arr_text(col(g, GC_AT_SHA), hash);
		arr_bool(col(g, GC_AT_INLINE), at->at_inline);
	}
}

/* Keeps a message with its participants, contact, attachments. */
void
dfr_message_add(struct group *g, const struct store_message *m,
    const struct grp_bytes *raw, const struct grp_bytes *att)
{
	char *to, *cc;

	to = addrs_array(m->sm_to);
	cc = addrs_array(m->sm_cc);
	arr_int8(col(g, GC_MS_TICKET), m->sm_ticket);
	arr_text(col(g, GC_MS_KEY), m->sm_key);
	arr_text(col(g, GC_MS_ID), m->sm_message_id);
	arr_text(col(g, GC_MS_DIRECTION),
	    ticket_direction_name(m->sm_direction));
	arr_text(col(g, GC_MS_QUEUE_ID), m->sm_queue_id);
	arr_text(col(g, GC_MS_FROM), m->sm_from_addr != NULL ?
	    m->sm_from_addr : "");
	arr_text(col(g, GC_MS_FROM_NAME), m->sm_from_name);
	arr_text(col(g, GC_MS_TO), to);
	arr_text(col(g, GC_MS_CC), cc);
	arr_text(col(g, GC_MS_SUBJECT), m->sm_subject != NULL ?
	    m->sm_subject : "");
	arr_text(col(g, GC_MS_BODY), m->sm_text != NULL ? m->sm_text : "");
	arr_int4(col(g, GC_MS_NEW_LEN), (int)m->sm_new_len);
	col_bytes(g, GC_MS_RAW, GC_MS_RAW_LO, raw);
	arr_text(col(g, GC_MS_REDACTIONS), m->sm_redactions);
	arr_text(col(g, GC_MS_WARNINGS), m->sm_warnings);
	arr_int4(col(g, GC_MS_FLAGS), m->sm_flags);
	free(to);
	free(cc);
	dfr_participants(g, m);
	if (m->sm_from_addr != NULL && *m->sm_from_addr != '\0' &&
	    m->sm_direction != DIR_AUTO) {
		arr_text(col(g, GC_CO_ADDR), m->sm_from_addr);
		arr_text(col(g, GC_CO_NAME), m->sm_from_name);
	}
	if (!numset_has(&g->g_created, m->sm_ticket))
		arr_int8(col(g, GC_TO_NUMBER), m->sm_ticket);
	dfr_attachments(g, m, att);
	strset_add(&g->g_set[GS_KEYS], m->sm_key);
	if (m->sm_message_id != NULL)
		strset_add(&g->g_set[GS_IDS], m->sm_message_id);
	numset_add(&g->g_written, m->sm_ticket);
	g->g_msgs++;
}

/* Keeps an outbox row. */
void
dfr_outbox_add(struct group *g, const struct store_outbox *ob,
    const struct grp_bytes *data)
{
	const char *from = ob->ob_mail_from != NULL ? ob->ob_mail_from : "";

	arr_int8(col(g, GC_OB_TICKET), ob->ob_ticket);
	arr_text(col(g, GC_OB_KIND), ob->ob_kind != NULL ? ob->ob_kind :
	    "confirmation");
	arr_text(col(g, GC_OB_FROM), from);
	arr_text(col(g, GC_OB_RCPT), ob->ob_rcpt);
	arr_text(col(g, GC_OB_ID), ob->ob_message_id);
	col_bytes(g, GC_OB_DATA, GC_OB_LO, data);
	arr_text(col(g, GC_OB_CHANNEL), st_outbox_channel(ob->ob_rcpt));
	if (ob->ob_message_id != NULL && *ob->ob_message_id != '\0')
		strset_add(&g->g_set[GS_IDS], ob->ob_message_id);
	if (*from == '\0' && ob->ob_rcpt != NULL)
		strset_add(&g->g_set[GS_RCPTS], ob->ob_rcpt);
	if (ob->ob_ticket > 0)
		numset_add(&g->g_written, ob->ob_ticket);
}

/* The statements that send every table's kept rows into c[] with their
 * parameters in p[] (room for DFR_CALLS of each); how many. */
int
dfr_calls(struct group *g, struct st_call *c, struct params *p)
{
	size_t i;
	int n = 0, k;

	for (i = 0; i < sizeof(flush_order) / sizeof(flush_order[0]); i++) {
		if (col(g, flush_order[i].f_first)->a_n == 0)
			continue;
		memset(&p[n], 0, sizeof(p[n]));
		for (k = 0; k < flush_order[i].f_ncols; k++)
			st_param_arr(&p[n], col(g, flush_order[i].f_first + k));
		c[n].sc_id = flush_order[i].f_stmt;
		c[n].sc_params = &p[n];
		n++;
	}
	return n;
}
