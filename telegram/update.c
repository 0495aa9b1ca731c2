/* update.c - reading a Bot API Update (jansson) into struct tg_update. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "telegram/update.h"

/* Copies a JSON string member into dst ("" when absent). */
static void
tu_str(json_t *obj, const char *key, char *dst, size_t len)
{
	const char *v = json_string_value(json_object_get(obj, key));

	snprintf(dst, len, "%s", v != NULL ? v : "");
}

/* The sender: id, name, language. */
static void
tu_from(json_t *from, struct tg_update *u)
{
	char first[64], last[64];
	char *dash;

	u->u_user = json_integer_value(json_object_get(from, "id"));
	tu_str(from, "first_name", first, sizeof(first));
	tu_str(from, "last_name", last, sizeof(last));
	snprintf(u->u_name, sizeof(u->u_name), "%s%s%s", first,
	    *first != '\0' && *last != '\0' ? " " : "", last);
	tu_str(from, "language_code", u->u_lang, sizeof(u->u_lang));
	if ((dash = strchr(u->u_lang, '-')) != NULL)
		*dash = '\0';
}

/* The command at the start of a text ("/start@bot x" -> "/start"). */
static void
tu_command(struct tg_update *u)
{
	const char *t = u->u_text;
	size_t n;

	u->u_command[0] = '\0';
	if (t == NULL || t[0] != '/')
		return;
	n = strcspn(t, " @\t\r\n");
	if (n < 2 || n >= sizeof(u->u_command))
		n = sizeof(u->u_command) - 1;
	memcpy(u->u_command, t, n);
	u->u_command[n] = '\0';
}

/* The file of a message: the largest size of a photo, or a document. */
static void
tu_file(json_t *msg, struct tg_update *u)
{
	json_t *photo = json_object_get(msg, "photo"), *f = NULL, *sz;
	size_t i;

	u->u_file_size = -1;
	if (json_is_array(photo) && json_array_size(photo) > 0) {
		/* sizes come smallest first: take the last (largest) */
		i = json_array_size(photo) - 1;
		f = json_array_get(photo, i);
		u->u_file = TF_PHOTO;
	} else if (json_is_object(f = json_object_get(msg, "document"))) {
		u->u_file = TF_DOCUMENT;
		tu_str(f, "file_name", u->u_file_name,
		    sizeof(u->u_file_name));
		tu_str(f, "mime_type", u->u_file_type,
		    sizeof(u->u_file_type));
	} else
		return;
	tu_str(f, "file_id", u->u_file_id, sizeof(u->u_file_id));
	if (u->u_file == TF_PHOTO)
		snprintf(u->u_file_type, sizeof(u->u_file_type),
		    "image/jpeg");
	if (json_is_integer(sz = json_object_get(f, "file_size")))
		u->u_file_size = json_integer_value(sz);
	if (u->u_file_id[0] == '\0')
		u->u_file = TF_NONE;
}

/* The message part: chat, id, text or caption, file. */
static void
tu_message(json_t *msg, struct tg_update *u)
{
	json_t *chat = json_object_get(msg, "chat");
	const char *type = json_string_value(json_object_get(chat, "type"));

	u->u_chat = json_integer_value(json_object_get(chat, "id"));
	u->u_private = type != NULL && strcmp(type, "private") == 0;
	u->u_message = json_integer_value(json_object_get(msg,
	    "message_id"));
}

/* Reads one update. */
int
tg_update_parse(json_t *update, struct tg_update *u)
{
	json_t *id = json_object_get(update, "update_id"), *msg, *cq;

	memset(u, 0, sizeof(*u));
	u->u_file_size = -1;
	if (!json_is_integer(id))
		return -1;
	u->u_id = json_integer_value(id);
	if (json_is_object(msg = json_object_get(update, "message"))) {
		u->u_kind = TU_MESSAGE;
		tu_from(json_object_get(msg, "from"), u);
		tu_message(msg, u);
		u->u_text = json_string_value(json_object_get(msg, "text"));
		if (u->u_text == NULL)
			u->u_text = json_string_value(json_object_get(msg,
			    "caption"));
		else
			tu_command(u);
		tu_file(msg, u);
		u->u_unsupported = u->u_text == NULL && u->u_file == TF_NONE;
	} else if (json_is_object(cq = json_object_get(update,
	    "callback_query"))) {
		u->u_kind = TU_CALLBACK;
		tu_from(json_object_get(cq, "from"), u);
		tu_str(cq, "id", u->u_callback, sizeof(u->u_callback));
		tu_str(cq, "data", u->u_data, sizeof(u->u_data));
		if (json_is_object(msg = json_object_get(cq, "message")))
			tu_message(msg, u);
		else
			u->u_chat = u->u_user;	/* an inline message */
	}
	return 0;
}
