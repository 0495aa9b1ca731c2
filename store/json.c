/* json.c - tickets as JSON for postdeskctl, built by PostgreSQL itself
 * (json_build_object/json_agg), so no value is ever quoted by hand.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

/* Appends the one text value of r to out. */
static void
json_take(PGresult *r, struct buf *out)
{
	buf_add(out, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
	PQclear(r);
}

/* One ticket with its messages and attachments. */
enum store_status
store_ticket_json(struct store *s, long number, const char *tag_prefix,
    struct buf *out)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char nb[24];

	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	st_param(&p, tag_prefix != NULL ? tag_prefix : "Ticket");
	if ((st = st_exec(s, ST_TICKET_JSON, &p, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) == 0) {
		PQclear(r);
		st_seterr(s, "no ticket %ld", number);
		return STORE_NONE;
	}
	json_take(r, out);
	return STORE_ONE;
}

/* Tickets, newest first, optionally of one status or issue type only. */
enum store_status
store_list_json(struct store *s, const char *status, const char *issue_type,
    const char *tag_prefix, struct buf *out)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;

	st_param(&p, status != NULL && *status != '\0' ? status : NULL);
	st_param(&p, tag_prefix != NULL ? tag_prefix : "Ticket");
	st_param(&p, issue_type != NULL && *issue_type != '\0' ? issue_type :
	    NULL);
	if ((st = st_exec(s, ST_LIST_JSON, &p, &r)) != STORE_ONE)
		return st;
	json_take(r, out);
	return STORE_ONE;
}
