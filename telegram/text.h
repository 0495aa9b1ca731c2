/* text.h - what the bot says, by language.
 *
 * One table of short texts; each has English and may have other
 * languages (those of the mail templates: en, ru, uk, es, pt, de, tr).
 * The warning about a deleted secret exists in every one of them.
 */
#ifndef PD_TG_TEXT_H
#define PD_TG_TEXT_H

enum tg_text {
	TT_HELP,		/* the help line */
	TT_PRIVATE_ONLY,	/* a group chat */
	TT_CHOOSE_DEPARTMENT,
	TT_ENTER_SUBJECT,
	TT_ENTER_ORDER,
	TT_ENTER_MESSAGE,
	TT_ENTER_REPLY,
	TT_GOT_IT,		/* text or file taken: more, or Complete */
	TT_PRESS_BUTTON,	/* a text where a button is wanted */
	TT_UNSUPPORTED,
	TT_TOO_MUCH_TEXT,	/* %ld: the limit in bytes */
	TT_TOO_MANY_FILES,	/* %ld: the limit */
	TT_FILE_TOO_BIG,	/* %ld: the limit in KB */
	TT_FILES_TOO_BIG,	/* %ld: the limit of all files in KB */
	TT_NOTHING_YET,		/* Complete with nothing gathered */
	TT_CANCELLED,
	TT_NOTHING_TO_CANCEL,
	TT_NO_TICKETS,
	TT_YOUR_TICKETS,
	TT_CLOSED,		/* %ld: the number (a stale button) */
	TT_NOW_CLOSED,		/* %ld */
	TT_NOT_YOURS,
	TT_STALE,		/* a button of a step that is over */
	TT_SENT_NEW,		/* %ld */
	TT_SENT_REPLY,		/* %ld */
	TT_REFUSED,		/* %s: why */
	TT_SECRET,		/* the deleted secret */
	TT_SECRET_PASSWORD,	/* ... what to do: one sentence a kind */
	TT_SECRET_CODE,
	TT_SECRET_RECOVERY,
	TT_SECRET_CARD,
	TT_SECRET_ACCESS,
	TT_SKIP,		/* button labels */
	TT_COMPLETE,
	TT_ADD_REPLY,
	TT_CLOSE_TICKET,
	TT_DEPARTMENT,		/* %s: the label chosen */
	TT_ORDER_SKIPPED,
	TT__MAX
};

/* The text in lang ("ru"; NULL or unknown: English); a format for the
 * ones marked above. */
const char	*tg_text(enum tg_text, const char *lang);
/* lang when the bot speaks it (texts or mail templates), else NULL. */
const char	*tg_text_lang(const char *lang);

#endif
