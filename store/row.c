/* row.c - values out of result rows: a column as a copy or a number, a
 * ticket's row as a struct store_ticket.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"

/* Column c of row i: a copy, or NULL for an SQL NULL. */
char *
st_col_str(const PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? NULL : xstrdup(PQgetvalue(r, i, c));
}

/* Column c of row i as a number; def for an SQL NULL. */
long
st_col_long(const PGresult *r, int i, int c, long def)
{
	return PQgetisnull(r, i, c) ? def : atol(PQgetvalue(r, i, c));
}

/* Copies src into dst[len], cut if need be. */
void
st_copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src != NULL ? src : "");
}

/* Fills t from row i: number, status, priority, subject, requester,
 * category, reply_to, issue type, language, merged_into. */
void
store_ticket_row(const PGresult *r, int i, struct store_ticket *t)
{
	memset(t, 0, sizeof(*t));
	t->t_number = atol(PQgetvalue(r, i, 0));
	if (ticket_status_parse(PQgetvalue(r, i, 1), &t->t_status) < 0)
		t->t_status = TS_OPEN;
	if (ticket_priority_parse(PQgetvalue(r, i, 2), &t->t_priority) < 0)
		t->t_priority = TP_MEDIUM;
	st_copy_str(t->t_subject, sizeof(t->t_subject), PQgetvalue(r, i, 3));
	st_copy_str(t->t_requester, sizeof(t->t_requester),
	    PQgetvalue(r, i, 4));
	st_copy_str(t->t_category, sizeof(t->t_category), PQgetvalue(r, i, 5));
	st_copy_str(t->t_reply_to, sizeof(t->t_reply_to), PQgetvalue(r, i, 6));
	st_copy_str(t->t_issue_type, sizeof(t->t_issue_type),
	    PQgetvalue(r, i, 7));
	st_copy_str(t->t_language, sizeof(t->t_language), PQgetvalue(r, i, 8));
	t->t_merged_into = atol(PQgetvalue(r, i, 9));
}
