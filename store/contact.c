/* contact.c - what is known about a correspondent: the per-sender cap on
 * automatic mail and the "undeliverable until" mark left by bounces.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* Counts one automatic mail to addr; NONE when over cap this hour. */
enum store_status
store_autoreply_allow(struct store *s, const char *addr, int cap_per_hour)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char cb[16];
	long sent;

	if (addr == NULL || *addr == '\0' || cap_per_hour <= 0)
		return STORE_NONE;	/* a cap of 0: nothing to count */
	if (GRP_OPEN(s))
		return grp_autoreply(s, addr, cap_per_hour);
	snprintf(cb, sizeof(cb), "%d", cap_per_hour);
	st_param(&p, addr);
	st_param(&p, cb);
	if ((st = st_exec(s, ST_AUTOREPLY_ALLOW, &p, &r)) != STORE_ONE)
		return st;
	sent = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return sent <= cap_per_hour ? STORE_ONE : STORE_NONE;
}

/* Marks addr undeliverable for the next seconds (a bounce). */
enum store_status
store_contact_mark_undeliverable(struct store *s, const char *addr,
    int seconds, const char *reason)
{
	struct params p = { 0 };
	char sb[16];

	if (GRP_OPEN(s))
		return grp_miss(s, "contact_mark_undeliverable");
	snprintf(sb, sizeof(sb), "%d", seconds > 0 ? seconds : 0);
	st_param(&p, addr);
	st_param(&p, sb);
	st_param(&p, reason);
	return st_run(s, ST_CONTACT_MARK_UNDELIVERABLE, &p);
}

/* ONE (and *until) while addr is marked undeliverable. */
enum store_status
store_contact_undeliverable(struct store *s, const char *addr,
    time_t *until)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;

	if (GRP_OPEN(s))
		return grp_undeliverable(s, addr, until);
	st_param(&p, addr);
	if ((st = st_exec(s, ST_CONTACT_UNDELIVERABLE, &p, &r)) != STORE_ONE)
		return st;
	st = PQntuples(r) > 0 ? STORE_ONE : STORE_NONE;
	if (st == STORE_ONE && until != NULL)
		*until = (time_t)atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return st;
}
