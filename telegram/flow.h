/* flow.h - the conversation of the Telegram door as a state machine.
 *
 * Pure decisions, no I/O: what an update means (flow_event_of), and what
 * the door does with it in the current step of the customer's
 * conversation (flow_next).  The steps are stored by name.
 *
 *   /createticket -> department (buttons, when configured) -> subject
 *   -> order ID (or Skip) -> message (texts and files) -> Complete
 *   /start -> the active tickets -> a ticket -> "Add a reply" (texts and
 *   files) -> Complete, or "Close ticket"
 *   /cancel ends a conversation in any step.
 */
#ifndef PD_TG_FLOW_H
#define PD_TG_FLOW_H

#include "telegram/update.h"

enum flow_step {
	FS_NONE,		/* no conversation */
	FS_DEPARTMENT,		/* waiting for a department button */
	FS_SUBJECT,		/* waiting for the subject */
	FS_ORDER,		/* waiting for the order ID or Skip */
	FS_MESSAGE,		/* gathering a new ticket's texts, files */
	FS_REPLY		/* gathering a reply's texts, files */
};

enum flow_event {
	FE_START,		/* /start */
	FE_CREATE,		/* /createticket */
	FE_CANCEL,		/* /cancel */
	FE_COMMAND,		/* any other command */
	FE_TEXT,		/* a text */
	FE_FILE,		/* a photo or document (maybe a caption) */
	FE_UNSUPPORTED,		/* a sticker, voice, location, ... */
	FE_DEPT,		/* button "dept:<index>" */
	FE_SKIP,		/* button "skip" */
	FE_COMPLETE,		/* button "complete" */
	FE_VIEW,		/* button "t:<number>" */
	FE_ADD_REPLY,		/* button "reply:<number>" */
	FE_CLOSE,		/* button "close:<number>" */
	FE_BAD_BUTTON		/* a button of nothing we know */
};

enum flow_action {
	FA_LIST,		/* list the active tickets */
	FA_ASK_DEPARTMENT,	/* a new conversation: department buttons */
	FA_ASK_SUBJECT,		/* a new conversation without departments */
	FA_TAKE_DEPARTMENT,	/* keep it, ask for the subject */
	FA_TAKE_SUBJECT,	/* keep it, ask for the order ID */
	FA_TAKE_ORDER,		/* keep it, ask for the message */
	FA_SKIP_ORDER,		/* no order ID, ask for the message */
	FA_GATHER,		/* add the text or file */
	FA_SUBMIT,		/* Complete: through intake */
	FA_CANCEL,		/* drop the conversation */
	FA_HELP,		/* a help line */
	FA_REPEAT,		/* ask the current step's question again */
	FA_UNSUPPORTED,		/* say what may be sent */
	FA_SHOW,		/* show a ticket */
	FA_ASK_REPLY,		/* start a reply to a ticket */
	FA_CLOSE,		/* close a ticket */
	FA_STALE		/* a button of a step that is over */
};

struct flow_move {
	enum flow_action	fm_action;
	enum flow_step		fm_next;
};

/* What update means; *arg gets a button's number (a department's index,
 * a ticket number), else 0. */
enum flow_event	 flow_event_of(const struct tg_update *, long *arg);
/* The action and the next step for event in step cur; departments: the
 * configuration has department buttons. */
struct flow_move flow_next(enum flow_step cur, enum flow_event,
		    int departments);
/* A step's stored name ("subject"), and back (unknown names: FS_NONE). */
const char	*flow_step_name(enum flow_step);
enum flow_step	 flow_step_of(const char *);

#endif
