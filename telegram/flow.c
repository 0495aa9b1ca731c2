/* flow.c - the conversation's state machine (see flow.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "telegram/flow.h"

static const char *const step_names[] = {
	[FS_NONE] = "none",
	[FS_DEPARTMENT] = "department",
	[FS_SUBJECT] = "subject",
	[FS_ORDER] = "order",
	[FS_MESSAGE] = "message",
	[FS_REPLY] = "reply",
};

#define NSTEPS	(sizeof(step_names) / sizeof(step_names[0]))

/* A step's stored name. */
const char *
flow_step_name(enum flow_step s)
{
	return (size_t)s < NSTEPS ? step_names[s] : "none";
}

/* The step of a stored name. */
enum flow_step
flow_step_of(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NSTEPS; i++)
		if (strcmp(name, step_names[i]) == 0)
			return (enum flow_step)i;
	return FS_NONE;
}

/* The number after prefix in data ("t:10042"), or -1. */
static long
flow_button_arg(const char *data, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p;
	long v = 0;

	if (strncmp(data, prefix, n) != 0 || data[n] == '\0')
		return -1;
	for (p = data + n; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > 100000000000L)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* The event of a pressed button. */
static enum flow_event
flow_button(const char *data, long *arg)
{
	static const struct {
		const char	*b_prefix;
		enum flow_event	 b_event;
	} with_arg[] = {
		{ "dept:", FE_DEPT },
		{ "t:", FE_VIEW },
		{ "reply:", FE_ADD_REPLY },
		{ "close:", FE_CLOSE },
	};
	size_t i;
	long v;

	if (strcmp(data, "skip") == 0)
		return FE_SKIP;
	if (strcmp(data, "complete") == 0)
		return FE_COMPLETE;
	for (i = 0; i < sizeof(with_arg) / sizeof(with_arg[0]); i++)
		if ((v = flow_button_arg(data, with_arg[i].b_prefix)) >= 0) {
			*arg = v;
			return with_arg[i].b_event;
		}
	return FE_BAD_BUTTON;
}

/* What an update means. */
enum flow_event
flow_event_of(const struct tg_update *u, long *arg)
{
	*arg = 0;
	if (u->u_kind == TU_CALLBACK)
		return flow_button(u->u_data, arg);
	if (strcmp(u->u_command, "/start") == 0)
		return FE_START;
	if (strcmp(u->u_command, "/createticket") == 0)
		return FE_CREATE;
	if (strcmp(u->u_command, "/cancel") == 0)
		return FE_CANCEL;
	if (u->u_command[0] != '\0')
		return FE_COMMAND;
	if (u->u_file != TF_NONE)
		return FE_FILE;
	if (u->u_text != NULL)
		return FE_TEXT;
	return FE_UNSUPPORTED;
}

/* A text or a file in step cur. */
static struct flow_move
flow_input(enum flow_step cur, enum flow_event ev)
{
	struct flow_move m = { FA_REPEAT, cur };

	switch (cur) {
	case FS_NONE:
		m.fm_action = FA_HELP;
		break;
	case FS_SUBJECT:
		if (ev == FE_TEXT)
			m = (struct flow_move){ FA_TAKE_SUBJECT, FS_ORDER };
		break;
	case FS_ORDER:
		if (ev == FE_TEXT)
			m = (struct flow_move){ FA_TAKE_ORDER, FS_MESSAGE };
		break;
	case FS_MESSAGE:
	case FS_REPLY:
		m.fm_action = FA_GATHER;
		break;
	default:
		break;
	}
	return m;
}

/* The action and next step. */
struct flow_move
flow_next(enum flow_step cur, enum flow_event ev, int departments)
{
	struct flow_move m = { FA_STALE, cur };
	int gathering = cur == FS_MESSAGE || cur == FS_REPLY;

	switch (ev) {
	case FE_START:
		m.fm_action = FA_LIST;
		break;
	case FE_CREATE:
		m = departments ?
		    (struct flow_move){ FA_ASK_DEPARTMENT, FS_DEPARTMENT } :
		    (struct flow_move){ FA_ASK_SUBJECT, FS_SUBJECT };
		break;
	case FE_CANCEL:
		m = (struct flow_move){ FA_CANCEL, FS_NONE };
		break;
	case FE_COMMAND:
		m.fm_action = FA_HELP;
		break;
	case FE_TEXT:
	case FE_FILE:
		m = flow_input(cur, ev);
		break;
	case FE_UNSUPPORTED:
		m.fm_action = FA_UNSUPPORTED;
		break;
	case FE_DEPT:
		if (cur == FS_DEPARTMENT)
			m = (struct flow_move){ FA_TAKE_DEPARTMENT,
			    FS_SUBJECT };
		break;
	case FE_SKIP:
		if (cur == FS_ORDER)
			m = (struct flow_move){ FA_SKIP_ORDER, FS_MESSAGE };
		break;
	case FE_COMPLETE:
		if (gathering)
			m = (struct flow_move){ FA_SUBMIT, FS_NONE };
		break;
	case FE_VIEW:
		m.fm_action = FA_SHOW;
		break;
	case FE_ADD_REPLY:
		m = (struct flow_move){ FA_ASK_REPLY, FS_REPLY };
		break;
	case FE_CLOSE:
		m.fm_action = FA_CLOSE;
		break;
	case FE_BAD_BUTTON:
		break;
	}
	return m;
}
