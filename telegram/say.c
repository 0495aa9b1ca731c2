/* say.c - what the bot says in the chat of the update it handles, and
 * the inline keyboards it offers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "common/xalloc.h"
#include "telegram/bot.h"
#include "ticket/chat.h"

#define SAY_MAX		4096	/* bytes of one message (Telegram's limit
				 * is 4096 characters) */

/* The longest start of s of at most max bytes that is whole UTF-8
 * characters: never cut inside one, and a character an earlier cut left
 * incomplete goes too (malloc'd). */
char *
say_clip(const char *s, size_t max)
{
	size_t n = strlen(s);
	const gchar *end;

	(void)g_utf8_validate_len(s, n < max ? n : max, &end);
	return xstrndup(s, (size_t)(end - s));
}

/* Formats into text (SAY_MAX bytes), never cutting a character. */
static void
say_format(char *text, const char *fmt, va_list ap)
{
	char *c;

	if (vsnprintf(text, SAY_MAX, fmt, ap) < SAY_MAX)
		return;
	c = say_clip(text, SAY_MAX - 1);
	memcpy(text, c, strlen(c) + 1);
	free(c);
}

/* A text in the customer's language. */
const char *
ctx_text(const struct tg_ctx *x, enum tg_text id)
{
	return tg_text(id, x->x_lang);
}

/* Queues a message to the chat, with an inline keyboard (taken over,
 * may be NULL). */
void
ctx_say(struct tg_ctx *x, json_t *keyboard, const char *fmt, ...)
{
	char text[SAY_MAX];
	json_t *p;
	va_list ap;

	va_start(ap, fmt);
	say_format(text, fmt, ap);
	va_end(ap);
	p = json_pack("{s:I, s:s}", "chat_id", (json_int_t)x->x_u->u_chat,
	    "text", text);
	if (keyboard != NULL)
		json_object_set_new(p, "reply_markup", json_pack("{s:o}",
		    "inline_keyboard", keyboard));
	outq_add(&x->x_out, "sendMessage", p);
}

/* Replaces the text of the message whose keyboard was pressed (the
 * keyboard goes with it: it is used up). */
void
ctx_edit(struct tg_ctx *x, const char *fmt, ...)
{
	char text[SAY_MAX];
	va_list ap;

	if (x->x_u->u_kind != TU_CALLBACK || x->x_u->u_message == 0)
		return;
	va_start(ap, fmt);
	say_format(text, fmt, ap);
	va_end(ap);
	outq_add(&x->x_out, "editMessageText", json_pack("{s:I, s:I, s:s}",
	    "chat_id", (json_int_t)x->x_u->u_chat, "message_id",
	    (json_int_t)x->x_u->u_message, "text", text));
}

/* Answers the callback query (text: a notice shown to the customer, may
 * be NULL); once. */
void
ctx_answer(struct tg_ctx *x, const char *text)
{
	json_t *p;

	if (x->x_u->u_kind != TU_CALLBACK || x->x_answered)
		return;
	x->x_answered = 1;
	p = json_pack("{s:s}", "callback_query_id", x->x_u->u_callback);
	if (text != NULL)
		json_object_set_new(p, "text", json_string(text));
	outq_add(&x->x_out, "answerCallbackQuery", p);
}

/* Adds a row of one button. */
void
kb_add(json_t *keyboard, const char *label, const char *data)
{
	json_array_append_new(keyboard, json_pack("[{s:s, s:s}]", "text",
	    label, "callback_data", data));
}

/* A keyboard of one button a row. */
json_t *
kb_column(const char *label, const char *data, ...)
{
	json_t *kb = json_array();
	va_list ap;

	va_start(ap, data);
	while (label != NULL && data != NULL) {
		kb_add(kb, label, data);
		if ((label = va_arg(ap, const char *)) != NULL)
			data = va_arg(ap, const char *);
	}
	va_end(ap);
	return kb;
}

/* The customer's pseudo address. */
char *
ctx_requester(const struct tg_ctx *x)
{
	return chat_addr_make(x->x_u->u_user);
}
