/* report.c - what postdeskctl asks of the whole database: the outbox as
 * rows and a hand on single rows (retry, drop), the statistics, and
 * closing stale tickets in one statement.
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

/* Where the single figures of ST_STATS go. */
struct stats_in {
	struct store_stats	*si_stats;
	const char *const	*si_names;
	long			**si_vals;
	int			 si_n;
};

/* The outbox, oldest first; sent rows only when all. */
enum store_status
store_outbox_list(struct store *s, int all, struct store_outbox_row **rows,
    size_t *n)
{
	struct params p = { 0 };
	struct store_outbox_row *o;
	enum store_status st;
	PGresult *r;
	int i;

	*rows = NULL;
	*n = 0;
	st_param(&p, all ? "true" : "false");
	if ((st = st_exec(s, ST_OUTBOX_LIST, &p, &r)) != STORE_ONE)
		return st;
	*rows = xcalloc((size_t)PQntuples(r) + 1, sizeof(**rows));
	for (i = 0; i < PQntuples(r); i++) {
		o = &(*rows)[(*n)++];
		o->or_id = st_col_long(r, i, 0, 0);
		o->or_ticket = st_col_long(r, i, 1, 0);
		o->or_kind = st_col_str(r, i, 2);
		o->or_rcpt = st_col_str(r, i, 3);
		o->or_state = st_col_str(r, i, 4);
		o->or_attempts = (int)st_col_long(r, i, 5, 0);
		o->or_next_attempt_at = st_col_long(r, i, 6, STORE_NO_TIME);
		o->or_last_error = st_col_str(r, i, 7);
		o->or_created_at = st_col_long(r, i, 8, STORE_NO_TIME);
		o->or_sent_at = st_col_long(r, i, 9, STORE_NO_TIME);
		o->or_message_id = st_col_str(r, i, 10);
		o->or_channel = st_col_str(r, i, 11);
		o->or_sent_parts = (int)st_col_long(r, i, 12, 0);
	}
	PQclear(r);
	return STORE_ONE;
}

/* Frees n outbox rows and the array. */
void
store_outbox_rows_free(struct store_outbox_row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows != NULL && i < n; i++) {
		free(rows[i].or_kind);
		free(rows[i].or_rcpt);
		free(rows[i].or_state);
		free(rows[i].or_last_error);
		free(rows[i].or_message_id);
		free(rows[i].or_channel);
	}
	free(rows);
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

/* "pending", "sent", "failed" */
const char *
store_outbox_state_name(enum store_outbox_state st)
{
	static const char *const names[SO__MAX] = { "pending", "sent",
	    "failed" };

	return (unsigned)st < SO__MAX ? names[st] : "unknown";
}

/* Puts one row of ST_STATS (what, which, value) into *ss. */
static void
stats_row(struct stats_in *in, const char *what, const char *which,
    long v)
{
	struct store_stats *ss = in->si_stats;
	enum ticket_status ts;
	enum ticket_priority tp;
	int k;

	if (strcmp(what, "by_status") == 0 &&
	    ticket_status_parse(which, &ts) == 0)
		ss->ss_by_status[ts] = v;
	else if (strcmp(what, "open_by_priority") == 0 &&
	    ticket_priority_parse(which, &tp) == 0)
		ss->ss_open_by_priority[tp] = v;
	else if (strcmp(what, "redactions") == 0)
		st_count_add(&ss->ss_redactions, &ss->ss_nredactions, which,
		    v);
	else if (strcmp(what, "outbox") == 0) {
		for (k = 0; k < SO__MAX; k++)
			if (strcmp(which, store_outbox_state_name(k)) == 0)
				ss->ss_outbox[k] = v;
	} else
		for (k = 0; k < in->si_n; k++)
			if (strcmp(what, in->si_names[k]) == 0)
				*in->si_vals[k] = v;
}

/* The statistics. */
enum store_status
store_stats(struct store *s, struct store_stats *ss)
{
	static const char *const names[] = { "tickets", "overdue",
	    "first_responses", "median_first_response_s", "due", "retrying",
	    "oldest_pending_age_s" };
	long *vals[] = { &ss->ss_tickets, &ss->ss_overdue,
	    &ss->ss_first_responses, &ss->ss_median_first_response_s,
	    &ss->ss_outbox_due, &ss->ss_outbox_retrying,
	    &ss->ss_oldest_pending_age_s };
	struct stats_in in = { ss, names, vals, 7 };
	enum store_status st;
	PGresult *r;
	int i;

	memset(ss, 0, sizeof(*ss));
	ss->ss_median_first_response_s = -1;
	ss->ss_oldest_pending_age_s = -1;
	if ((st = st_exec(s, ST_STATS, NULL, &r)) != STORE_ONE)
		return st;
	for (i = 0; i < PQntuples(r); i++)
		stats_row(&in, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		    st_col_long(r, i, 2, -1));
	PQclear(r);
	return STORE_ONE;
}

/* Frees what the statistics hold. */
void
store_stats_free(struct store_stats *ss)
{
	if (ss == NULL)
		return;
	st_counts_free(ss->ss_redactions, ss->ss_nredactions);
	ss->ss_redactions = NULL;
	ss->ss_nredactions = 0;
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

/* The digest's figures up to now (see store.h). */
enum store_status
store_digest(struct store *s, time_t now, struct store_digest *sd)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char nb[24];
	int i, k = 0;

	memset(sd, 0, sizeof(*sd));
	sd->sd_median_s = sd->sd_p90_s = -1;
	st_param(&p, st_ltoa((long)now, nb, sizeof(nb)));
	if ((st = st_exec(s, ST_DIGEST, &p, &r)) != STORE_ONE)
		return st;
	for (i = 0; i < PQntuples(r); i++) {
		const char *what = PQgetvalue(r, i, 0);
		long v = st_col_long(r, i, 2, 0);

		if (strcmp(what, "day") == 0 && k < STORE_DIGEST_DAYS) {
			sd->sd_days[k].dd_day = (time_t)st_col_long(r, i, 1,
			    0);
			sd->sd_days[k].dd_opened = v;
			sd->sd_days[k].dd_resolved = st_col_long(r, i, 3, 0);
			sd->sd_days[k++].dd_open = st_col_long(r, i, 4, 0);
		} else if (strcmp(what, "first_response") == 0) {
			sd->sd_first_responses = v;
			sd->sd_median_s = st_col_long(r, i, 3, -1);
			sd->sd_p90_s = st_col_long(r, i, 4, -1);
		} else if (strcmp(what, "overdue") == 0)
			sd->sd_overdue = v;
		else if (strcmp(what, "redactions") == 0)
			st_count_add(&sd->sd_redactions, &sd->sd_nredactions,
			    PQgetvalue(r, i, 1), v);
	}
	PQclear(r);
	return STORE_ONE;
}

/* Frees what the digest holds. */
void
store_digest_free(struct store_digest *sd)
{
	if (sd == NULL)
		return;
	st_counts_free(sd->sd_redactions, sd->sd_nredactions);
	sd->sd_redactions = NULL;
	sd->sd_nredactions = 0;
}
