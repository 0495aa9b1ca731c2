/* report.c - what postdeskctl asks of the whole database: the outbox as
 * JSON and a hand on single rows (retry, drop), the statistics as one
 * JSON object, and closing stale tickets in one statement.
 *
 * Staleness is measured from the last change of status (the newest row
 * of status_history), not from the last message: a ticket an agent set
 * to waiting a week ago is stale even if a note was added since.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"

/* Appends the one text value of statement id's result to out. */
static enum store_status
report_json(struct store *s, enum stmt_id id, const struct params *p,
    struct buf *out)
{
	enum store_status st;
	PGresult *r;

	if ((st = st_exec(s, id, p, &r)) != STORE_ONE)
		return st;
	buf_add(out, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
	PQclear(r);
	return STORE_ONE;
}

/* The outbox, oldest first; sent rows only when all. */
enum store_status
store_outbox_list_json(struct store *s, int all, struct buf *out)
{
	struct params p = { 0 };

	st_param(&p, all ? "true" : "false");
	return report_json(s, ST_OUTBOX_LIST_JSON, &p, out);
}

/* Runs a statement on one outbox row. */
static enum store_status
outbox_one(struct store *s, enum stmt_id id, long row)
{
	enum store_status st;

	st = st_outbox_by_id(s, id, row);
	if (st == STORE_NONE)
		st_seterr(s, "no unsent outbox row %ld", row);
	return st;
}

/* A pending or failed row due now with its attempts counted afresh. */
enum store_status
store_outbox_retry(struct store *s, long id)
{
	return outbox_one(s, ST_OUTBOX_RETRY, id);
}

/* Deletes a row that was not sent. */
enum store_status
store_outbox_drop(struct store *s, long id)
{
	return outbox_one(s, ST_OUTBOX_DROP, id);
}

/* The statistics as one JSON object. */
enum store_status
store_stats_json(struct store *s, struct buf *out)
{
	return report_json(s, ST_STATS_JSON, NULL, out);
}

/* The two day limits as parameters. */
static void
stale_params(struct params *p, char *wb, char *rb, size_t len,
    int waiting_days, int resolved_days)
{
	snprintf(wb, len, "%d", waiting_days > 0 ? waiting_days : 0);
	snprintf(rb, len, "%d", resolved_days > 0 ? resolved_days : 0);
	st_param(p, wb);
	st_param(p, rb);
}

/* Counts what store_close_stale would move, moving nothing. */
enum store_status
store_count_stale(struct store *s, int waiting_days, int resolved_days,
    long *resolved, long *closed)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char wb[16], rb[16];

	stale_params(&p, wb, rb, sizeof(wb), waiting_days, resolved_days);
	if ((st = st_exec(s, ST_STALE_COUNT, &p, &r)) != STORE_ONE)
		return st;
	*resolved = atol(PQgetvalue(r, 0, 0));
	*closed = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	return STORE_ONE;
}

/* Resolves stale waiting tickets and closes stale resolved ones. */
enum store_status
store_close_stale(struct store *s, int waiting_days, int resolved_days,
    const char *by, long *resolved, long *closed,
    struct store_moved **moved, size_t *nmoved)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char wb[16], rb[16];
	int i, n;

	*resolved = *closed = 0;
	if (moved != NULL)
		*moved = NULL;
	if (nmoved != NULL)
		*nmoved = 0;
	stale_params(&p, wb, rb, sizeof(wb), waiting_days, resolved_days);
	st_param(&p, by != NULL ? by : "close-stale");
	if ((st = st_exec(s, ST_CLOSE_STALE, &p, &r)) != STORE_ONE)
		return st;
	n = PQntuples(r);
	if (moved != NULL && n > 0)
		*moved = xcalloc((size_t)n, sizeof(**moved));
	for (i = 0; i < n; i++) {
		enum ticket_status to = TS_CLOSED;

		(void)ticket_status_parse(PQgetvalue(r, i, 2), &to);
		if (to == TS_RESOLVED)
			(*resolved)++;
		else
			(*closed)++;
		if (moved == NULL)
			continue;
		(*moved)[i].sm_number = atol(PQgetvalue(r, i, 0));
		(*moved)[i].sm_to = to;
		(*moved)[i].sm_from = to == TS_RESOLVED ? TS_WAITING :
		    TS_RESOLVED;
	}
	if (nmoved != NULL)
		*nmoved = (size_t)n;
	PQclear(r);
	return STORE_ONE;
}
