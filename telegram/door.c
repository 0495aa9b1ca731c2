/* door.c - Complete: a conversation becomes a real MIME message (the
 * composer of parser/), From the customer's pseudo address, To the
 * support address of the department chosen, the order ID line and the
 * texts in its body, the files fetched from the Bot API as attachments;
 * it goes through intake like any mail, as channel "telegram".  Its
 * Message-ID is made from the update, so a Complete delivered again after
 * a crash is recognised as a duplicate: never two tickets. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/msgbuf.h"
#include "common/xalloc.h"
#include "parser/parser.h"
#include "telegram/bot.h"
#include "ticket/chat.h"
#include "ticket/ticket.h"

/* What a conversation's files became. */
struct door_files {
	struct mail_file	*df_v;
	char			**df_data;
	size_t			 df_n;
	struct buf		 df_notes;	/* files left out, a line
						 * each */
};

/* Fetches file f (getFile, then its download) into df; ONE, SOFT (the Bot
 * API is unavailable), or NONE when it cannot be had (noted). */
static enum store_status
door_fetch(struct tg_bot *b, const struct store_tg_file *f,
    struct door_files *df)
{
	json_t *res = NULL;
	enum tg_status st;
	const char *path;
	char *data, err[256];
	size_t len;

	st = bot_call(b, "getFile", json_pack("{s:s}", "file_id",
	    f->tf_file_id), &res);
	path = json_string_value(json_object_get(res, "file_path"));
	if (st == TG_OK && path != NULL)
		st = tg_api_download(b->b_api, path,
		    (size_t)b->b_conf->cf_tg_max_file_size, &data, &len, err,
		    sizeof(err));
	else if (st == TG_OK)
		st = TG_REFUSED;
	json_decref(res);
	if (st == TG_RETRY)
		return STORE_SOFT;
	if (st != TG_OK) {
		buf_addf(&df->df_notes, "[%s could not be fetched]\n",
		    f->tf_filename);
		return STORE_NONE;
	}
	df->df_data[df->df_n] = data;
	df->df_v[df->df_n].mf_filename = f->tf_filename;
	df->df_v[df->df_n].mf_content_type = f->tf_content_type;
	df->df_v[df->df_n].mf_data = data;
	df->df_v[df->df_n].mf_len = len;
	df->df_n++;
	return STORE_ONE;
}

/* Frees what door_fetch() got. */
static void
door_files_free(struct door_files *df)
{
	size_t i;

	for (i = 0; i < df->df_n; i++)
		free(df->df_data[i]);
	free(df->df_data);
	free(df->df_v);
	buf_free(&df->df_notes);
}

/* The address a ticket of category goes to: LOCAL+category@DOMAIN of the
 * support address (malloc'd). */
static char *
door_rcpt(const struct tg_bot *b, const char *category)
{
	const char *at = strrchr(b->b_support, '@');

	if (category == NULL || *category == '\0' || at == NULL)
		return xstrdup(b->b_support);
	return xasprintf("%.*s+%s%s", (int)(at - b->b_support), b->b_support,
	    category, at);
}

/* The message of the conversation, composed into out. */
static void
door_compose(struct tg_bot *b, const struct tg_update *u,
    const struct store_tg_conv *c, const char *rcpt,
    const struct door_files *df, struct buf *out)
{
	struct mail_addr to = { NULL, (char *)rcpt };
	struct mail_out mo;
	char *from = chat_addr_make(c->tc_user), *subject, *id, *text;

	subject = c->tc_ticket > 0 ? tag_subject(c->tc_subject,
	    b->b_conf->cf_tag_prefix, c->tc_ticket) :
	    xstrdup(c->tc_subject != NULL ? c->tc_subject : "");
	id = xasprintf("tg%lld.%lld@%s", u->u_id, c->tc_user, CHAT_DOMAIN);
	text = xasprintf("%s%s%s%s%s", c->tc_order != NULL ? "Order ID: " :
	    "", c->tc_order != NULL ? c->tc_order : "", c->tc_order != NULL ?
	    "\n\n" : "", c->tc_body != NULL ? c->tc_body : "",
	    df->df_notes.b_len > 0 ? df->df_notes.b_data : "");
	memset(&mo, 0, sizeof(mo));
	mo.mo_from_addr = from;
	mo.mo_from_name = c->tc_name != NULL ? c->tc_name : u->u_name;
	mo.mo_to = &to;
	mo.mo_nto = 1;
	mo.mo_subject = subject;
	mo.mo_message_id = id;
	mo.mo_content_language = c->tc_language;
	mo.mo_text = text;
	mo.mo_files = df->df_v;
	mo.mo_nfiles = df->df_n;
	mail_compose(&mo, time(NULL), out);
	free(from);
	free(subject);
	free(id);
	free(text);
}

/* The message through intake; the verdict as a store status. */
static enum store_status
door_intake(struct tg_bot *b, const struct store_tg_conv *c,
    const char *rcpt, const struct buf *msg, long *ticket,
    enum intake_action *action, char *why, size_t whylen)
{
	struct intake_env env;
	struct intake_result r;
	struct msgbuf mb;
	enum intake_status is;
	enum store_status st;
	char *from = chat_addr_make(c->tc_user);

	memset(&env, 0, sizeof(env));
	env.ie_sender = from;
	env.ie_rcpts = &rcpt;
	env.ie_nrcpts = 1;
	env.ie_channel = "telegram";
	env.ie_chat = c->tc_chat;
	intake_buf_init(b->b_intake, &mb);
	if (intake_buf_add(b->b_intake, &mb, msg->b_data, msg->b_len) < 0) {
		snprintf(why, whylen, "cannot keep the message: %s",
		    strerror(errno));
		msgbuf_free(&mb);
		free(from);
		return STORE_SOFT;
	}
	is = intake_message(b->b_intake, &env, &mb, &r);
	msgbuf_free(&mb);
	*ticket = r.ir_ticket;
	*action = r.ir_action;
	snprintf(why, whylen, "%s", r.ir_reason);
	if (is == INTAKE_SOFT)
		st = STORE_SOFT;
	else if (is == INTAKE_HARD || r.ir_ticket == 0) {
		st = STORE_HARD;	/* rejected, or taken for no ticket */
		if (*why == '\0')
			snprintf(why, whylen, "it made no ticket");
	} else
		st = STORE_ONE;
	intake_result_free(&r);
	free(from);
	return st;
}

/* Complete: the conversation through intake. */
enum store_status
door_submit(struct tg_bot *b, const struct tg_update *u,
    const struct store_tg_conv *c, long *ticket, enum intake_action *action,
    char *why, size_t whylen)
{
	struct door_files df;
	struct buf msg = BUF_INIT;
	enum store_status st = STORE_ONE;
	char *rcpt;
	size_t i;

	*ticket = 0;
	*action = IA_IGNORED;
	*why = '\0';
	memset(&df, 0, sizeof(df));
	df.df_v = xcalloc(c->tc_nfiles + 1, sizeof(*df.df_v));
	df.df_data = xcalloc(c->tc_nfiles + 1, sizeof(*df.df_data));
	for (i = 0; i < c->tc_nfiles && st != STORE_SOFT; i++)
		st = door_fetch(b, &c->tc_files[i], &df);
	if (st == STORE_SOFT) {
		snprintf(why, whylen, "the Bot API cannot give the files now");
		door_files_free(&df);
		return STORE_SOFT;
	}
	rcpt = door_rcpt(b, c->tc_category);
	door_compose(b, u, c, rcpt, &df, &msg);
	door_files_free(&df);
	st = door_intake(b, c, rcpt, &msg, ticket, action, why, whylen);
	log_info("telegram: update %lld: user %lld: %s ticket %ld%s%s",
	    u->u_id, c->tc_user, intake_action_name(*action), *ticket,
	    *why != '\0' ? ": " : "", why);
	free(rcpt);
	buf_free(&msg);
	return st;
}
