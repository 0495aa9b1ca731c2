/* update.h - a Bot API Update read into a plain struct.
 *
 * Only what the door uses: a message (text or caption, a command, one
 * photo or document) or a callback query (a pressed inline button), who
 * sent it, in which chat, in which language.  Pure: no I/O.
 */
#ifndef PD_TG_UPDATE_H
#define PD_TG_UPDATE_H

#include <jansson.h>

enum tg_kind {
	TU_OTHER,		/* an update the door does not take */
	TU_MESSAGE,
	TU_CALLBACK
};

enum tg_file_kind { TF_NONE, TF_PHOTO, TF_DOCUMENT };

struct tg_update {
	long long	 u_id;			/* update_id */
	enum tg_kind	 u_kind;
	long long	 u_user;		/* from.id */
	char		 u_name[128];		/* first and last name */
	char		 u_lang[8];		/* "ru" of "ru-RU", or "" */
	long long	 u_chat;		/* chat.id */
	int		 u_private;		/* chat.type "private" */
	long long	 u_message;		/* message_id (the keyboard's
						 * for a callback) */
	const char	*u_text;		/* text or caption (borrowed
						 * from the JSON), or NULL */
	char		 u_command[33];		/* "/start" (no @bot), or "" */
	enum tg_file_kind u_file;		/* a photo or document */
	char		 u_file_id[256];
	char		 u_file_name[256];	/* "" when none given */
	char		 u_file_type[128];	/* mime_type, or "" */
	long long	 u_file_size;		/* -1 when not given */
	int		 u_unsupported;		/* a message of another kind
						 * (sticker, voice, ...) */
	char		 u_callback[128];	/* callback_query.id */
	char		 u_data[65];		/* callback_data */
};

/* Reads update (a JSON object of getUpdates' result) into u; strings
 * stay owned by update.  0, or -1 when it has no update_id. */
int	 tg_update_parse(json_t *update, struct tg_update *u);

#endif
