/* ticket.c - tickets: lookups for threading, creation, status, priority,
 * category, assignee, facts found in the text, first response.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"

/* The ticket holding a message stored under key. */
enum store_status
store_message_seen(struct store *s, const char *key, long *ticket)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;

	if (GRP_OPEN(s))
		return grp_seen(s, key, ticket);
	st_param(&p, key);
	if ((st = st_exec(s, ST_MESSAGE_SEEN, &p, &r)) != STORE_ONE)
		return st;
	st = PQntuples(r) > 0 ? STORE_ONE : STORE_NONE;
	if (st == STORE_ONE && ticket != NULL)
		*ticket = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return st;
}

/* The Message-ID of the customer's latest mail on the ticket. */
enum store_status
store_last_customer_id(struct store *s, long number, char *out,
    size_t outlen)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char nb[24];

	if (GRP_OPEN(s))
		return grp_miss(s, "last_customer_id");
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	if ((st = st_exec(s, ST_LAST_CUSTOMER_ID, &p, &r)) != STORE_ONE)
		return st;
	st = PQntuples(r) > 0 ? STORE_ONE : STORE_NONE;
	if (st == STORE_ONE)
		snprintf(out, outlen, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return st;
}

/* The customer participants of a ticket, oldest first. */
enum store_status
store_ticket_people(struct store *s, long number, struct store_person **v,
    size_t *n)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char nb[24];
	int i, nt;

	*v = NULL;
	*n = 0;
	if (GRP_OPEN(s))
		return grp_miss(s, "ticket_people");
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	if ((st = st_exec(s, ST_TICKET_PEOPLE, &p, &r)) != STORE_ONE)
		return st;
	if ((nt = PQntuples(r)) == 0) {
		PQclear(r);
		return STORE_NONE;
	}
	*v = xcalloc((size_t)nt, sizeof(**v));
	for (i = 0; i < nt; i++) {
		(*v)[i].sp_addr = xstrdup(PQgetvalue(r, i, 0));
		(*v)[i].sp_name = xstrdup(PQgetvalue(r, i, 1));
	}
	*n = (size_t)nt;
	PQclear(r);
	return STORE_ONE;
}

/* Frees what store_ticket_people() gave; NULL is fine. */
void
store_people_free(struct store_person *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].sp_addr);
		free(v[i].sp_name);
	}
	free(v);
}

/* The newest ticket holding one of the Message-IDs. */
enum store_status
store_ticket_by_refs(struct store *s, const char *const *ids, size_t n,
    long *ticket)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char *arr;

	if (n == 0)
		return STORE_NONE;
	if (GRP_OPEN(s))
		return grp_by_refs(s, ids, n, ticket);
	arr = st_text_array(ids, n);
	st_param(&p, arr);
	st = st_exec(s, ST_TICKET_BY_REFS, &p, &r);
	free(arr);
	if (st != STORE_ONE)
		return st;
	st = PQntuples(r) > 0 ? STORE_ONE : STORE_NONE;
	if (st == STORE_ONE && ticket != NULL)
		*ticket = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return st;
}

/* Reads a ticket and locks its row. */
enum store_status
store_ticket_get(struct store *s, long number, struct store_ticket *t)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char nb[24];

	if (GRP_OPEN(s))
		return grp_ticket_get(s, number, t);
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	if ((st = st_exec(s, ST_TICKET_GET, &p, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return STORE_NONE;
	}
	store_ticket_row(r, 0, t);
	PQclear(r);
	return STORE_ONE;
}

/* An address's tickets, newest first. */
enum store_status
store_tickets_of(struct store *s, const char *addr, size_t max,
    struct store_brief **rows, size_t *n)
{
	struct params p = { 0 };
	struct store_brief *b;
	enum store_status st;
	PGresult *r;
	char mb[24];
	int i, nt;

	*rows = NULL;
	*n = 0;
	if (GRP_OPEN(s))
		return grp_miss(s, "tickets_of");
	st_param(&p, addr);
	st_param(&p, st_ltoa((long)max, mb, sizeof(mb)));
	if ((st = st_exec(s, ST_TICKETS_OF, &p, &r)) != STORE_ONE)
		return st;
	if ((nt = PQntuples(r)) == 0) {
		PQclear(r);
		return STORE_NONE;
	}
	*rows = b = xcalloc((size_t)nt, sizeof(*b));
	for (i = 0; i < nt; i++) {
		b[i].sb_number = atol(PQgetvalue(r, i, 0));
		if (ticket_status_parse(PQgetvalue(r, i, 1),
		    &b[i].sb_status) < 0)
			b[i].sb_status = TS_OPEN;
		if (ticket_priority_parse(PQgetvalue(r, i, 2),
		    &b[i].sb_priority) < 0)
			b[i].sb_priority = TP_MEDIUM;
		st_copy_str(b[i].sb_subject, sizeof(b[i].sb_subject),
		    PQgetvalue(r, i, 3));
		b[i].sb_updated = (time_t)atoll(PQgetvalue(r, i, 4));
		st_copy_str(b[i].sb_language, sizeof(b[i].sb_language),
		    PQgetvalue(r, i, 5));
	}
	*n = (size_t)nt;
	PQclear(r);
	return STORE_ONE;
}

/* Whether addr is the requester or a participant of the ticket. */
enum store_status
store_is_participant(struct store *s, long number, const char *addr)
{
	struct params p = { 0 };
	char nb[24];

	if (addr == NULL || *addr == '\0')
		return STORE_NONE;
	if (GRP_OPEN(s))
		return grp_participant(s, number, addr);
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	st_param(&p, addr);
	return st_run(s, ST_IS_PARTICIPANT, &p);
}

/* Creates an open ticket; the requester becomes its first participant. */
enum store_status
store_ticket_create(struct store *s, const struct store_new_ticket *nt,
    long *number)
{
	enum store_status st;
	long n;

	if ((n = grp_number(s)) == 0)
		return STORE_SOFT;
	dfr_ticket_create(&s->s_group, nt, n);
	if (!GRP_OPEN(s) && (st = grp_send(s, ST_TICKETS_ADD, NULL)) !=
	    STORE_ONE)
		return st == STORE_NONE ? STORE_HARD : st;
	if (number != NULL)
		*number = n;
	return STORE_ONE;
}

/* Sets the status and adds a row to the history; NONE when there is no
 * such ticket. */
enum store_status
store_ticket_set_status(struct store *s, long number,
    enum ticket_status status, const char *by)
{
	dfr_set_status(&s->s_group, number, ticket_status_name(status), by);
	return GRP_OPEN(s) ? STORE_ONE : grp_send(s, ST_STATUS_ADD, NULL);
}

/* Runs a one-value update of a ticket. */
static enum store_status
ticket_update(struct store *s, enum stmt_id id, long number, const char *v)
{
	struct params p = { 0 };
	char nb[24];

	if (GRP_OPEN(s))
		return grp_miss(s, store_stmts[id].st_name);
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	st_param(&p, v);
	return st_run(s, id, &p);
}

/* Sets the priority. */
enum store_status
store_ticket_set_priority(struct store *s, long number,
    enum ticket_priority prio)
{
	return ticket_update(s, ST_TICKET_SET_PRIORITY, number,
	    ticket_priority_name(prio));
}

/* Sets the category (NULL or "" clears it). */
enum store_status
store_ticket_set_category(struct store *s, long number, const char *cat)
{
	return ticket_update(s, ST_TICKET_SET_CATEGORY, number,
	    cat != NULL ? cat : "");
}

/* Sets the assignee (NULL or "" clears it). */
enum store_status
store_ticket_set_assignee(struct store *s, long number, const char *who)
{
	return ticket_update(s, ST_TICKET_SET_ASSIGNEE, number,
	    who != NULL ? who : "");
}

/* Sets where replies to the requester go (NULL or "" clears it). */
enum store_status
store_ticket_set_reply_to(struct store *s, long number, const char *addr)
{
	return ticket_update(s, ST_TICKET_SET_REPLY_TO, number,
	    addr != NULL ? addr : "");
}

/* Appends order IDs and links the ticket does not have yet. */
enum store_status
store_ticket_add_facts(struct store *s, long number,
    const char *const *order_ids, const char *const *links,
    const char *const *found)
{
	dfr_add_facts(&s->s_group, number, order_ids, links, found);
	return GRP_OPEN(s) ? STORE_ONE : grp_send(s, ST_FACTS_ADD, NULL);
}

/* Records now as the first response; NONE when it was recorded before. */
enum store_status
store_ticket_first_response(struct store *s, long number)
{
	struct params p = { 0 };
	char nb[24];

	if (GRP_OPEN(s))
		return grp_miss(s, "ticket_first_response");
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	return st_run(s, ST_TICKET_FIRST_RESPONSE, &p);
}

/* ONE when ticket number exists; reads without locking. */
enum store_status
store_ticket_exists(struct store *s, long number)
{
	struct params p = { 0 };
	char nb[24];

	if (GRP_OPEN(s))
		return grp_miss(s, "ticket_exists");
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	return st_run(s, ST_TICKET_EXISTS, &p);
}

/* Merges ticket from into into (see store.h); *moved: messages moved. */
enum store_status
store_ticket_merge(struct store *s, long from, long into, const char *by,
    long *moved)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char fb[24], ib[24];

	if (GRP_OPEN(s))
		return grp_miss(s, "ticket_merge");
	st_param(&p, st_ltoa(from, fb, sizeof(fb)));
	st_param(&p, st_ltoa(into, ib, sizeof(ib)));
	st_param(&p, by);
	if ((st = st_exec(s, ST_TICKET_MERGE, &p, &r)) != STORE_ONE)
		return st;
	st = PQntuples(r) > 0 ? STORE_ONE : STORE_NONE;
	if (st == STORE_ONE && moved != NULL)
		*moved = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return st;
}
