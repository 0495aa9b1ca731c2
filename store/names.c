/* names.c - how statuses, priorities and directions are spelled in the
 * database (the same names ticket/ gives them).
 */
#include "config.h"

#include <string.h>

#include "store/store_int.h"

static const char *const status_names[TS__MAX] = {
	"open", "in_progress", "waiting", "resolved", "closed"
};
static const char *const priority_names[TP__MAX] = {
	"low", "medium", "high", "urgent"
};
static const char *const direction_names[DIR__MAX] = {
	"customer", "agent", "note", "auto"
};

/* The index of name in v[n], or -1. */
static int
name_find(const char *const *v, int n, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(v[i], name) == 0)
			return i;
	return -1;
}

/* The stored name of a status. */
const char *
st_status_name(enum ticket_status s)
{
	return (unsigned)s < TS__MAX ? status_names[s] : "open";
}

/* The status of a stored name; -1 when unknown. */
int
st_status_parse(const char *name, enum ticket_status *out)
{
	int i = name_find(status_names, TS__MAX, name);

	if (i < 0)
		return -1;
	*out = (enum ticket_status)i;
	return 0;
}

/* The stored name of a priority. */
const char *
st_priority_name(enum ticket_priority p)
{
	return (unsigned)p < TP__MAX ? priority_names[p] : "medium";
}

/* The priority of a stored name; -1 when unknown. */
int
st_priority_parse(const char *name, enum ticket_priority *out)
{
	int i = name_find(priority_names, TP__MAX, name);

	if (i < 0)
		return -1;
	*out = (enum ticket_priority)i;
	return 0;
}

/* The stored name of a message direction. */
const char *
st_direction_name(enum msg_direction d)
{
	return (unsigned)d < DIR__MAX ? direction_names[d] : "customer";
}
