/* names.c - names of statuses, priorities and directions, both ways.
 *
 * Names are what the database, the JSON output and agents' commands use:
 * lower-case ASCII.  Parsing is lenient about case, blanks, '-' and '_'
 * and knows the long spellings people type ("Waiting for Customer").
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

static const char *const status_names[TS__MAX] = {
	"open", "in_progress", "waiting", "resolved", "closed"
};

static const char *const priority_names[TP__MAX] = {
	"low", "medium", "high", "urgent"
};

static const char *const direction_names[DIR__MAX] = {
	"customer", "agent", "note", "auto"
};

/* Other spellings, already folded by fold_name(). */
static const struct {
	const char		*alias;
	enum ticket_status	 status;
} status_aliases[] = {
	{ "new", TS_OPEN },
	{ "reopen", TS_OPEN },
	{ "reopened", TS_OPEN },
	{ "inprogress", TS_IN_PROGRESS },
	{ "progress", TS_IN_PROGRESS },
	{ "working", TS_IN_PROGRESS },
	{ "pending", TS_WAITING },
	{ "waitingforcustomer", TS_WAITING },
	{ "waitingoncustomer", TS_WAITING },
	{ "waitingcustomer", TS_WAITING },
	{ "solved", TS_RESOLVED },
	{ "done", TS_RESOLVED },
	{ "fixed", TS_RESOLVED },
	{ "close", TS_CLOSED },
};

static const struct {
	const char		*alias;
	enum ticket_priority	 prio;
} priority_aliases[] = {
	{ "normal", TP_MEDIUM },
	{ "med", TP_MEDIUM },
	{ "critical", TP_URGENT },
	{ "emergency", TP_URGENT },
	{ "highest", TP_URGENT },
	{ "lowest", TP_LOW },
};

/* Lower-cases s into out dropping blanks, '-' and '_'; 0 if too long. */
static int
fold_name(const char *s, char *out, size_t outlen)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '-' || *s == '_')
			continue;
		if (n + 1 >= outlen)
			return 0;
		out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = '\0';
	return n > 0;
}

/* The canonical name of a status. */
const char *
ticket_status_name(enum ticket_status s)
{
	return (unsigned)s < TS__MAX ? status_names[s] : "unknown";
}

/* A status from any usual spelling; -1 when unknown. */
int
ticket_status_parse(const char *s, enum ticket_status *out)
{
	char f[64], g[64];
	size_t i;

	if (s == NULL || !fold_name(s, f, sizeof(f)))
		return -1;
	for (i = 0; i < TS__MAX; i++) {
		fold_name(status_names[i], g, sizeof(g));
		if (strcmp(f, g) == 0) {
			*out = (enum ticket_status)i;
			return 0;
		}
	}
	for (i = 0; i < NELEM(status_aliases); i++)
		if (strcmp(f, status_aliases[i].alias) == 0) {
			*out = status_aliases[i].status;
			return 0;
		}
	return -1;
}

/* The canonical name of a priority. */
const char *
ticket_priority_name(enum ticket_priority p)
{
	return (unsigned)p < TP__MAX ? priority_names[p] : "unknown";
}

/* A priority from its name (or "normal", "critical", ...); -1 if unknown. */
int
ticket_priority_parse(const char *s, enum ticket_priority *out)
{
	char f[64];
	size_t i;

	if (s == NULL || !fold_name(s, f, sizeof(f)))
		return -1;
	for (i = 0; i < TP__MAX; i++)
		if (strcmp(f, priority_names[i]) == 0) {
			*out = (enum ticket_priority)i;
			return 0;
		}
	for (i = 0; i < NELEM(priority_aliases); i++)
		if (strcmp(f, priority_aliases[i].alias) == 0) {
			*out = priority_aliases[i].prio;
			return 0;
		}
	return -1;
}

/* The name of a message direction. */
const char *
ticket_direction_name(enum msg_direction d)
{
	return (unsigned)d < DIR__MAX ? direction_names[d] : "unknown";
}

