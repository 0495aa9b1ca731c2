/* defer.c - the writes a group keeps: each row goes into one array per
 * column, and store_group_end() sends each table's rows in one statement
 * (sql.c, ST_G_*), in the order the one-by-one statements would have
 * made them: tickets, their status changes and facts, messages with their
 * participants, contacts and touched tickets, blobs and attachments, the
 * outbox.
 *
 * A later mail of the group never reads what an earlier one wrote (see
 * group.c), so a ticket gets at most one status change and one facts
 * update per group, and the rows of one table never depend on each other.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/digest.h"
#include "common/xalloc.h"
#include "store/store_int.h"

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
	[GC_MS_RAW] = OID_BYTEA, [GC_MS_REDACTIONS] = OID_TEXT,
	[GC_MS_WARNINGS] = OID_TEXT, [GC_MS_FLAGS] = OID_INT4,
	[GC_PA_MSG] = OID_INT4, [GC_PA_TICKET] = OID_INT8,
	[GC_PA_ADDR] = OID_TEXT, [GC_PA_NAME] = OID_TEXT,
	[GC_PA_CUSTOMER] = OID_BOOL,
	[GC_CO_ADDR] = OID_TEXT, [GC_CO_NAME] = OID_TEXT,
	[GC_TO_NUMBER] = OID_INT8,
	[GC_BL_SHA] = OID_TEXT, [GC_BL_SIZE] = OID_INT8,
	[GC_BL_DATA] = OID_BYTEA,
	[GC_AT_KEY] = OID_TEXT, [GC_AT_POS] = OID_INT4,
	[GC_AT_FILENAME] = OID_TEXT, [GC_AT_TYPE] = OID_TEXT,
	[GC_AT_CID] = OID_TEXT, [GC_AT_SIZE] = OID_INT8,
	[GC_AT_SHA] = OID_TEXT, [GC_AT_INLINE] = OID_BOOL,
	[GC_OB_TICKET] = OID_INT8, [GC_OB_KIND] = OID_TEXT,
	[GC_OB_FROM] = OID_TEXT, [GC_OB_RCPT] = OID_TEXT,
	[GC_OB_ID] = OID_TEXT, [GC_OB_DATA] = OID_BYTEA,
	[GC_OB_CHANNEL] = OID_TEXT,
};

/* The statements of the flush, in order, with their columns. */
static const struct {
	enum stmt_id	 f_stmt;
	int		 f_first;
	int		 f_ncols;
} flush_order[] = {
	{ ST_G_TICKETS, GC_TK_NUMBER, GC_ST_NUMBER - GC_TK_NUMBER },
	{ ST_G_STATUS, GC_ST_NUMBER, GC_FA_NUMBER - GC_ST_NUMBER },
	{ ST_G_FACTS, GC_FA_NUMBER, GC_MS_TICKET - GC_FA_NUMBER },
	{ ST_G_MESSAGES, GC_MS_TICKET, GC_PA_MSG - GC_MS_TICKET },
	{ ST_G_PARTICIPANTS, GC_PA_MSG, GC_CO_ADDR - GC_PA_MSG },
	{ ST_G_CONTACTS, GC_CO_ADDR, GC_TO_NUMBER - GC_CO_ADDR },
	{ ST_G_TOUCH, GC_TO_NUMBER, GC_BL_SHA - GC_TO_NUMBER },
	{ ST_G_BLOBS, GC_BL_SHA, GC_AT_KEY - GC_BL_SHA },
	{ ST_G_ATTACHMENTS, GC_AT_KEY, GC_OB_TICKET - GC_AT_KEY },
	{ ST_G_OUTBOX, GC_OB_TICKET, GC__MAX - GC_OB_TICKET },
};

/* Empty columns for a new group. */
void
dfr_init(struct group *g)
{
	int i;

	for (i = 0; i < GC__MAX; i++)
		arr_init(&g->g_col[i], col_oid[i]);
}

/* Frees the columns. */
void
dfr_free(struct group *g)
{
	int i;

	for (i = 0; i < GC__MAX; i++)
		arr_free(&g->g_col[i]);
}

/* A column of the open group. */
static struct arr *
col(struct store *s, enum grp_col c)
{
	return &s->s_group->g_col[c];
}

/* Appends a text[] literal of a NULL-terminated list to column c. */
static void
col_strv(struct store *s, enum grp_col c, const char *const *v)
{
	char *lit = st_text_array(v, (size_t)-1);

	arr_text(col(s, c), lit);
	free(lit);
}

/* Keeps a new ticket; its number is the next taken ahead. */
enum store_status
dfr_ticket_create(struct store *s, const struct store_new_ticket *nt,
    long *number)
{
	long n = grp_number(s);

	if (n == 0)
		return STORE_SOFT;
	arr_int8(col(s, GC_TK_NUMBER), n);
	arr_text(col(s, GC_TK_SUBJECT), nt->nt_subject != NULL ?
	    nt->nt_subject : "");
	arr_text(col(s, GC_TK_REQUESTER), nt->nt_requester != NULL ?
	    nt->nt_requester : "");
	arr_text(col(s, GC_TK_NAME), nt->nt_requester_name);
	arr_text(col(s, GC_TK_PRIORITY), ticket_priority_name(nt->nt_priority));
	arr_text(col(s, GC_TK_CATEGORY), nt->nt_category != NULL &&
	    *nt->nt_category != '\0' ? nt->nt_category : NULL);
	arr_int8(col(s, GC_TK_DUE), (long long)nt->nt_due);
	arr_int8(col(s, GC_TK_QUOTED), nt->nt_quoted);
	col_strv(s, GC_TK_ORDERS, nt->nt_order_ids);
	col_strv(s, GC_TK_LINKS, nt->nt_links);
	arr_text(col(s, GC_TK_ISSUE), nt->nt_issue_type != NULL ?
	    nt->nt_issue_type : "other");
	arr_text(col(s, GC_TK_LANG), nt->nt_language != NULL &&
	    *nt->nt_language != '\0' ? nt->nt_language : NULL);
	col_strv(s, GC_TK_MISSING, nt->nt_missing);
	numset_add(&s->s_group->g_written, n);
	numset_add(&s->s_group->g_created, n);
	if (number != NULL)
		*number = n;
	return STORE_ONE;
}

/* Keeps a status change (the history row is made at the flush). */
enum store_status
dfr_set_status(struct store *s, long number, const char *status,
    const char *by)
{
	arr_int8(col(s, GC_ST_NUMBER), number);
	arr_text(col(s, GC_ST_STATUS), status);
	arr_text(col(s, GC_ST_BY), by);
	numset_add(&s->s_group->g_written, number);
	return STORE_ONE;
}

/* Keeps order IDs and links to add to a ticket. */
enum store_status
dfr_add_facts(struct store *s, long number, const char *const *order_ids,
    const char *const *links, const char *const *found)
{
	arr_int8(col(s, GC_FA_NUMBER), number);
	col_strv(s, GC_FA_ORDERS, order_ids);
	col_strv(s, GC_FA_LINKS, links);
	col_strv(s, GC_FA_FOUND, found);
	numset_add(&s->s_group->g_written, number);
	return STORE_ONE;
}

/* Keeps the participants of a message: From, Reply-To, To, Cc. */
static void
dfr_participants(struct store *s, const struct store_message *m)
{
	const char **a, **n;
	size_t k, i;

	k = message_people(m, &a, &n);
	for (i = 0; i < k; i++) {
		arr_int4(col(s, GC_PA_MSG), s->s_group->g_msgs);
		arr_int8(col(s, GC_PA_TICKET), m->sm_ticket);
		arr_text(col(s, GC_PA_ADDR), a[i]);
		arr_text(col(s, GC_PA_NAME), n[i]);
		arr_bool(col(s, GC_PA_CUSTOMER), message_is_customer(m,
		    a[i]));
	}
	free(a);
	free(n);
}

/* Keeps the attachments of a message: the contents once, then the rows
 * (which find their message by its key at the flush). */
static void
dfr_attachments(struct store *s, const struct store_message *m)
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
		arr_text(col(s, GC_BL_SHA), hash);
		arr_int8(col(s, GC_BL_SIZE), (long long)at->at_size);
		arr_bytes(col(s, GC_BL_DATA), at->at_data != NULL ?
		    (const void *)at->at_data : "", at->at_data != NULL ?
		    at->at_size : 0);
		arr_text(col(s, GC_AT_KEY), m->sm_key);
		arr_int4(col(s, GC_AT_POS), (int)i);
		arr_text(col(s, GC_AT_FILENAME), at->at_filename);
		arr_text(col(s, GC_AT_TYPE), at->at_content_type);
		arr_text(col(s, GC_AT_CID), at->at_content_id);
		arr_int8(col(s, GC_AT_SIZE), (long long)at->at_size);
		arr_text(col(s, GC_AT_SHA), hash);
		arr_bool(col(s, GC_AT_INLINE), at->at_inline);
	}
}

/* 1 when a content of the message is too big for a group. */
static int
dfr_big(const struct store_message *m)
{
	size_t i;

	/* over the limit, or read in pieces (sm_read) */
	if (m->sm_raw_len > STORE_GROUP_BIG ||
	    (m->sm_raw == NULL && m->sm_raw_len > 0))
		return 1;
	for (i = 0; i < m->sm_natt; i++)
		if (m->sm_att[i].at_size > STORE_GROUP_BIG ||
		    (m->sm_att[i].at_data == NULL && m->sm_att[i].at_size > 0))
			return 1;
	return 0;
}

/* Keeps a message with its participants, contact, attachments. */
enum store_status
dfr_message_add(struct store *s, const struct store_message *m, long *id)
{
	struct group *g = s->s_group;
	char *to, *cc;

	if (id != NULL)
		*id = 0;	/* known after the flush only */
	if (dfr_big(m))
		return grp_miss(s, "message_add of a big content");
	to = addrs_array(m->sm_to);
	cc = addrs_array(m->sm_cc);
	arr_int8(col(s, GC_MS_TICKET), m->sm_ticket);
	arr_text(col(s, GC_MS_KEY), m->sm_key);
	arr_text(col(s, GC_MS_ID), m->sm_message_id);
	arr_text(col(s, GC_MS_DIRECTION),
	    ticket_direction_name(m->sm_direction));
	arr_text(col(s, GC_MS_QUEUE_ID), m->sm_queue_id);
	arr_text(col(s, GC_MS_FROM), m->sm_from_addr != NULL ?
	    m->sm_from_addr : "");
	arr_text(col(s, GC_MS_FROM_NAME), m->sm_from_name);
	arr_text(col(s, GC_MS_TO), to);
	arr_text(col(s, GC_MS_CC), cc);
	arr_text(col(s, GC_MS_SUBJECT), m->sm_subject != NULL ?
	    m->sm_subject : "");
	arr_text(col(s, GC_MS_BODY), m->sm_text != NULL ? m->sm_text : "");
	arr_int4(col(s, GC_MS_NEW_LEN), (int)m->sm_new_len);
	arr_bytes(col(s, GC_MS_RAW), m->sm_raw, m->sm_raw_len);
	arr_text(col(s, GC_MS_REDACTIONS), m->sm_redactions);
	arr_text(col(s, GC_MS_WARNINGS), m->sm_warnings);
	arr_int4(col(s, GC_MS_FLAGS), m->sm_flags);
	free(to);
	free(cc);
	dfr_participants(s, m);
	if (m->sm_from_addr != NULL && *m->sm_from_addr != '\0' &&
	    m->sm_direction != DIR_AUTO) {
		arr_text(col(s, GC_CO_ADDR), m->sm_from_addr);
		arr_text(col(s, GC_CO_NAME), m->sm_from_name);
	}
	if (!numset_has(&g->g_created, m->sm_ticket))
		arr_int8(col(s, GC_TO_NUMBER), m->sm_ticket);
	dfr_attachments(s, m);
	strset_add(&g->g_set[GS_KEYS], m->sm_key);
	if (m->sm_message_id != NULL)
		strset_add(&g->g_set[GS_IDS], m->sm_message_id);
	numset_add(&g->g_written, m->sm_ticket);
	g->g_msgs++;
	return STORE_ONE;
}

/* Keeps an outbox row. */
enum store_status
dfr_outbox_add(struct store *s, const struct store_outbox *ob)
{
	struct group *g = s->s_group;
	const char *from = ob->ob_mail_from != NULL ? ob->ob_mail_from : "";

	arr_int8(col(s, GC_OB_TICKET), ob->ob_ticket);
	arr_text(col(s, GC_OB_KIND), ob->ob_kind != NULL ? ob->ob_kind :
	    "confirmation");
	arr_text(col(s, GC_OB_FROM), from);
	arr_text(col(s, GC_OB_RCPT), ob->ob_rcpt);
	arr_text(col(s, GC_OB_ID), ob->ob_message_id);
	arr_bytes(col(s, GC_OB_DATA), ob->ob_data != NULL ?
	    (const void *)ob->ob_data : "", ob->ob_data != NULL ?
	    ob->ob_len : 0);
	arr_text(col(s, GC_OB_CHANNEL), st_outbox_channel(ob->ob_rcpt));
	if (ob->ob_message_id != NULL && *ob->ob_message_id != '\0')
		strset_add(&g->g_set[GS_IDS], ob->ob_message_id);
	if (*from == '\0' && ob->ob_rcpt != NULL)
		strset_add(&g->g_set[GS_RCPTS], ob->ob_rcpt);
	if (ob->ob_ticket > 0)
		numset_add(&g->g_written, ob->ob_ticket);
	return STORE_ONE;
}

/* The statements that send every table's kept rows, then wake the
 * outbox workers, into c[] with their parameters in p[] (room for
 * DFR_CALLS of each); how many. */
int
dfr_calls(struct store *s, struct st_call *c, struct params *p)
{
	size_t i;
	int n = 0, k;

	for (i = 0; i < sizeof(flush_order) / sizeof(flush_order[0]); i++) {
		if (col(s, flush_order[i].f_first)->a_n == 0)
			continue;
		memset(&p[n], 0, sizeof(p[n]));
		for (k = 0; k < flush_order[i].f_ncols; k++)
			st_param_arr(&p[n], col(s, flush_order[i].f_first + k));
		c[n].sc_id = flush_order[i].f_stmt;
		c[n].sc_params = &p[n];
		n++;
	}
	if (col(s, GC_OB_TICKET)->a_n > 0 && !s->s_quiet) {
		c[n].sc_id = ST_OUTBOX_NOTIFY;
		c[n++].sc_params = NULL;
	}
	return n;
}
