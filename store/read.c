/* read.c - tickets read back for postdeskctl, as rows of C structs.
 *
 * A ticket is read with a handful of statements (the ticket, its lists,
 * its messages, their lists, their attachments), each row of a child
 * placed on its parent by id; nothing is built as text to be parsed
 * again.  Who frees what: store.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"

/* Column c of row i (seconds since the epoch) as a time. */
static time_t
col_time(const PGresult *r, int i, int c)
{
	return (time_t)st_col_long(r, i, c, (long)STORE_NO_TIME);
}

/* Appends s to the NULL-terminated list *v. */
static void
strv_push(char ***v, const char *s)
{
	size_t n = 0;

	while (*v != NULL && (*v)[n] != NULL)
		n++;
	*v = xreallocarray(*v, n + 2, sizeof(char *));
	(*v)[n] = xstrdup(s);
	(*v)[n + 1] = NULL;
}

/* Adds n to the count called name of *c (one more entry when new). */
void
st_count_add(struct store_count **c, size_t *nc, const char *name, long n)
{
	size_t i;

	for (i = 0; i < *nc; i++)
		if (strcmp((*c)[i].sc_name, name) == 0) {
			(*c)[i].sc_n += n;
			return;
		}
	*c = xreallocarray(*c, *nc + 1, sizeof(**c));
	(*c)[*nc].sc_name = xstrdup(name);
	(*c)[*nc].sc_n = n;
	(*nc)++;
}

/* Frees n counts. */
void
st_counts_free(struct store_count *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(c[i].sc_name);
	free(c);
}

/* One ticket row of ST_TICKET_READ / ST_TICKET_LIST (TICKET_COLS). */
static void
ticket_cols(const PGresult *r, int i, struct store_ticket_row *t)
{
	const char *p;
	char *v;
	size_t len;

	memset(t, 0, sizeof(*t));
	t->tr_number = st_col_long(r, i, 0, 0);
	t->tr_subject = st_col_str(r, i, 1);
	t->tr_status = st_col_str(r, i, 2);
	t->tr_priority = st_col_str(r, i, 3);
	t->tr_category = st_col_str(r, i, 4);
	t->tr_requester = st_col_str(r, i, 5);
	t->tr_requester_name = st_col_str(r, i, 6);
	t->tr_assignee = st_col_str(r, i, 7);
	t->tr_quoted = st_col_long(r, i, 8, 0);
	t->tr_due_at = col_time(r, i, 9);
	t->tr_first_response_at = col_time(r, i, 10);
	t->tr_created_at = col_time(r, i, 11);
	t->tr_updated_at = col_time(r, i, 12);
	t->tr_overdue = strcmp(PQgetvalue(r, i, 13), "t") == 0;
	t->tr_nmessages = st_col_long(r, i, 14, 0);
	t->tr_issue_type = st_col_str(r, i, 15);
	t->tr_language = st_col_str(r, i, 16);
	t->tr_missing = xcalloc(1, sizeof(char *));
	for (p = PQgetvalue(r, i, 17); *p != '\0'; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		v = xstrndup(p, len);
		strv_push(&t->tr_missing, v);
		free(v);
	}
	t->tr_merged_into = st_col_long(r, i, 18, 0);
}

/* Runs statement id, whose rows are TICKET_COLS, into *rows (*n of them,
 * one zeroed row after them). */
static enum store_status
ticket_rows(struct store *s, enum stmt_id id, const struct params *p,
    struct store_ticket_row **rows, size_t *n)
{
	enum store_status st;
	PGresult *r;
	int i;

	*rows = NULL;
	*n = 0;
	if ((st = st_exec(s, id, p, &r)) != STORE_ONE)
		return st;
	*rows = xcalloc((size_t)PQntuples(r) + 1, sizeof(**rows));
	for (i = 0; i < PQntuples(r); i++)
		ticket_cols(r, i, &(*rows)[(*n)++]);
	PQclear(r);
	return STORE_ONE;
}

/* Runs statement id with the ticket number as its one parameter. */
static enum store_status
by_ticket(struct store *s, enum stmt_id id, long number, PGresult **r)
{
	struct params p = { 0 };
	char nb[24];

	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	return st_exec(s, id, &p, r);
}

/* Order IDs, links and participants. */
static enum store_status
ticket_lists(struct store *s, struct store_ticket_row *t)
{
	char ***lists[3] = { &t->tr_order_ids, &t->tr_links,
	    &t->tr_participants };
	enum store_status st;
	PGresult *r;
	int i, k;

	if ((st = by_ticket(s, ST_TICKET_LISTS, t->tr_number, &r)) !=
	    STORE_ONE)
		return st;
	for (i = 0; i < PQntuples(r); i++)
		if ((k = atoi(PQgetvalue(r, i, 0))) >= 0 && k < 3)
			strv_push(lists[k], PQgetvalue(r, i, 2));
	PQclear(r);
	for (k = 0; k < 3; k++)
		if (*lists[k] == NULL)
			*lists[k] = xcalloc(1, sizeof(char *));
	return STORE_ONE;
}

/* The message of t with this id, or NULL. */
static struct store_msg_row *
msg_by_id(struct store_ticket_row *t, long id)
{
	size_t lo = 0, hi = t->tr_nmsgs;

	while (lo < hi) {	/* oldest first: ids ascend */
		size_t mid = (lo + hi) / 2;

		if (t->tr_msgs[mid].mr_id == id)
			return &t->tr_msgs[mid];
		if (t->tr_msgs[mid].mr_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The messages, then their To, Cc and redaction counts. */
static enum store_status
ticket_messages(struct store *s, struct store_ticket_row *t)
{
	struct store_msg_row *m;
	enum store_status st;
	PGresult *r;
	int i, n;

	if ((st = by_ticket(s, ST_TICKET_MESSAGES, t->tr_number, &r)) !=
	    STORE_ONE)
		return st;
	n = PQntuples(r);
	t->tr_msgs = xcalloc((size_t)n + 1, sizeof(*t->tr_msgs));
	for (i = 0; i < n; i++) {
		m = &t->tr_msgs[t->tr_nmsgs++];
		m->mr_id = st_col_long(r, i, 0, 0);
		m->mr_direction = st_col_str(r, i, 1);
		m->mr_from = st_col_str(r, i, 2);
		m->mr_from_name = st_col_str(r, i, 3);
		m->mr_subject = st_col_str(r, i, 4);
		m->mr_text = st_col_str(r, i, 5);
		m->mr_new_text_len = st_col_long(r, i, 6, -1);
		m->mr_message_id = st_col_str(r, i, 7);
		m->mr_queue_id = st_col_str(r, i, 8);
		m->mr_created_at = col_time(r, i, 9);
		m->mr_flags = st_col_long(r, i, 10, 0);
		m->mr_to = xcalloc(1, sizeof(char *));
		m->mr_cc = xcalloc(1, sizeof(char *));
	}
	PQclear(r);
	if ((st = by_ticket(s, ST_TICKET_MSG_LISTS, t->tr_number, &r)) !=
	    STORE_ONE)
		return st;
	for (i = 0; i < PQntuples(r); i++) {
		if ((m = msg_by_id(t, st_col_long(r, i, 0, 0))) == NULL)
			continue;
		switch (atoi(PQgetvalue(r, i, 1))) {
		case 0: strv_push(&m->mr_to, PQgetvalue(r, i, 3)); break;
		case 1: strv_push(&m->mr_cc, PQgetvalue(r, i, 3)); break;
		default:
			st_count_add(&m->mr_redactions, &m->mr_nredactions,
			    PQgetvalue(r, i, 3), st_col_long(r, i, 4, 0));
			st_count_add(&t->tr_redactions, &t->tr_nredactions,
			    PQgetvalue(r, i, 3), st_col_long(r, i, 4, 0));
		}
	}
	PQclear(r);
	return STORE_ONE;
}

/* The attachments, each on its message. */
static enum store_status
ticket_attachments(struct store *s, struct store_ticket_row *t)
{
	struct store_msg_row *m;
	struct store_att_row *a;
	enum store_status st;
	PGresult *r;
	int i;

	if ((st = by_ticket(s, ST_TICKET_ATTACHMENTS, t->tr_number, &r)) !=
	    STORE_ONE)
		return st;
	for (i = 0; i < PQntuples(r); i++) {
		if ((m = msg_by_id(t, st_col_long(r, i, 0, 0))) == NULL)
			continue;
		m->mr_att = xreallocarray(m->mr_att, m->mr_natt + 1,
		    sizeof(*m->mr_att));
		a = &m->mr_att[m->mr_natt++];
		a->ar_filename = st_col_str(r, i, 1);
		a->ar_content_type = st_col_str(r, i, 2);
		a->ar_size = st_col_long(r, i, 3, 0);
		a->ar_sha256 = st_col_str(r, i, 4);
		a->ar_inline = strcmp(PQgetvalue(r, i, 5), "t") == 0;
	}
	PQclear(r);
	return STORE_ONE;
}

/* A ticket with everything on it. */
enum store_status
store_ticket_read(struct store *s, long number, struct store_ticket_row *t)
{
	enum store_status st;
	PGresult *r;

	memset(t, 0, sizeof(*t));
	if ((st = by_ticket(s, ST_TICKET_READ, number, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) == 0) {
		PQclear(r);
		st_seterr(s, "no ticket %ld", number);
		return STORE_NONE;
	}
	ticket_cols(r, 0, t);
	PQclear(r);
	if ((st = ticket_lists(s, t)) == STORE_ONE &&
	    (st = ticket_messages(s, t)) == STORE_ONE)
		st = ticket_attachments(s, t);
	if (st != STORE_ONE)
		store_ticket_rows_free(t, 1, 0);
	return st;
}

/* Tickets, newest first, optionally of one status or issue type only. */
enum store_status
store_ticket_list(struct store *s, const char *status,
    const char *issue_type, struct store_ticket_row **rows, size_t *n)
{
	struct params p = { 0 };

	st_param(&p, status != NULL && *status != '\0' ? status : NULL);
	st_param(&p, issue_type != NULL && *issue_type != '\0' ? issue_type :
	    NULL);
	return ticket_rows(s, ST_TICKET_LIST, &p, rows, n);
}

/* The open tickets for a queue report (see store.h). */
enum store_status
store_ticket_queue(struct store *s, enum store_queue_filter f,
    const char *agent, struct store_ticket_row **rows, size_t *n)
{
	struct params p = { 0 };

	if (GRP_OPEN(s))
		return grp_miss(s, "ticket_queue");
	st_param(&p, f == SQ_OVERDUE ? "t" : "f");
	st_param(&p, f == SQ_UNASSIGNED ? "t" : "f");
	st_param(&p, f == SQ_MINE ? (agent != NULL ? agent : "") : NULL);
	return ticket_rows(s, ST_TICKET_QUEUE, &p, rows, n);
}

/* Claims the tickets due for an escalation (see store.h). */
enum store_status
store_escalation_claim(struct store *s, int level, time_t now,
    long after_min, struct store_ticket_row **rows, size_t *n)
{
	struct params p = { 0 };
	char nb[24], ab[24], lb[24];

	st_param(&p, st_ltoa((long)now, nb, sizeof(nb)));
	st_param(&p, st_ltoa(after_min, ab, sizeof(ab)));
	st_param(&p, st_ltoa(level, lb, sizeof(lb)));
	return ticket_rows(s, ST_ESCALATE, &p, rows, n);
}

/* Frees one message row's contents. */
static void
msg_row_free(struct store_msg_row *m)
{
	size_t i;

	free(m->mr_direction);
	free(m->mr_from);
	free(m->mr_from_name);
	strv_free(m->mr_to);
	strv_free(m->mr_cc);
	free(m->mr_subject);
	free(m->mr_text);
	free(m->mr_message_id);
	free(m->mr_queue_id);
	st_counts_free(m->mr_redactions, m->mr_nredactions);
	for (i = 0; i < m->mr_natt; i++) {
		free(m->mr_att[i].ar_filename);
		free(m->mr_att[i].ar_content_type);
		free(m->mr_att[i].ar_sha256);
	}
	free(m->mr_att);
}

/* Frees n ticket rows' contents, and the array with all. */
void
store_ticket_rows_free(struct store_ticket_row *rows, size_t n, int all)
{
	struct store_ticket_row *t;
	size_t i, k;

	for (i = 0; rows != NULL && i < n; i++) {
		t = &rows[i];
		free(t->tr_subject);
		free(t->tr_status);
		free(t->tr_priority);
		free(t->tr_category);
		free(t->tr_requester);
		free(t->tr_requester_name);
		free(t->tr_assignee);
		free(t->tr_issue_type);
		free(t->tr_language);
		strv_free(t->tr_missing);
		strv_free(t->tr_order_ids);
		strv_free(t->tr_links);
		strv_free(t->tr_participants);
		st_counts_free(t->tr_redactions, t->tr_nredactions);
		for (k = 0; k < t->tr_nmsgs; k++)
			msg_row_free(&t->tr_msgs[k]);
		free(t->tr_msgs);
		memset(t, 0, sizeof(*t));
	}
	if (all)
		free(rows);
}
