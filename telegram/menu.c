/* menu.c - /start: the customer's active tickets as buttons; a ticket
 * (number, subject, status, the last message with its files) with "Add a
 * reply" and "Close ticket"; closing it.  A button of a ticket that is
 * closed by now (or merged, or not the customer's) is answered so. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "telegram/bot.h"

#define MENU_TICKETS	20	/* tickets listed */
#define MENU_TEXT	3000	/* bytes of the last message shown */

/* /start: the active tickets. */
enum store_status
menu_list(struct tg_ctx *x)
{
	struct store_tg_ticket *rows;
	enum store_status st;
	char *req = ctx_requester(x), *label, *subj, data[32];
	json_t *kb;
	size_t n, i;

	st = store_tg_tickets(x->x_s, req, MENU_TICKETS, &rows, &n);
	free(req);
	if (st != STORE_ONE)
		return st;
	if (n == 0) {
		ctx_say(x, NULL, "%s", ctx_text(x, TT_NO_TICKETS));
		return STORE_ONE;
	}
	kb = json_array();
	for (i = 0; i < n; i++) {
		subj = say_clip(rows[i].tt_subject != NULL ?
		    rows[i].tt_subject : "", 60);
		label = xasprintf("#%ld %s", rows[i].tt_number, subj);
		free(subj);
		snprintf(data, sizeof(data), "t:%ld", rows[i].tt_number);
		kb_add(kb, label, data);
		free(label);
	}
	store_tg_tickets_free(rows, n);
	ctx_say(x, kb, "%s", ctx_text(x, TT_YOUR_TICKETS));
	return STORE_ONE;
}

/* ONE with *tk when the button's ticket is the customer's and open;
 * otherwise NONE, the customer told (closed, or not theirs). */
static enum store_status
menu_ticket(struct tg_ctx *x, struct store_ticket *tk)
{
	enum store_status st;
	char *req;
	int mine;

	if ((st = store_ticket_get(x->x_s, x->x_arg, tk)) < 0)
		return st;
	req = ctx_requester(x);
	mine = st == STORE_ONE && strcmp(tk->t_requester, req) == 0;
	free(req);
	if (!mine) {
		ctx_answer(x, ctx_text(x, TT_NOT_YOURS));
		return STORE_NONE;
	}
	if (tk->t_status == TS_CLOSED || tk->t_merged_into != 0) {
		char text[128];

		snprintf(text, sizeof(text), ctx_text(x, TT_CLOSED),
		    tk->t_number);
		ctx_answer(x, text);
		ctx_edit(x, "%s", text);
		return STORE_NONE;
	}
	return STORE_ONE;
}

/* The last message the customer may see: their own or an agent's (not
 * an internal note), or NULL. */
static const struct store_msg_row *
menu_last(const struct store_ticket_row *tr)
{
	size_t i;

	for (i = tr->tr_nmsgs; i > 0; i--)
		if (strcmp(tr->tr_msgs[i - 1].mr_direction, "customer") == 0 ||
		    strcmp(tr->tr_msgs[i - 1].mr_direction, "agent") == 0)
			return &tr->tr_msgs[i - 1];
	return NULL;
}

/* Queues the files of message m: images as photos, the rest as
 * documents. */
static enum store_status
menu_files(struct tg_ctx *x, const struct store_msg_row *m)
{
	enum store_status st;
	const struct store_att_row *a;
	size_t i, len;
	char *data;
	int photo;

	for (i = 0; i < m->mr_natt; i++) {
		a = &m->mr_att[i];
		st = store_tg_blob(x->x_s, a->ar_sha256, &data, &len);
		if (st == STORE_NONE)
			continue;
		if (st != STORE_ONE)
			return st;
		photo = a->ar_content_type != NULL &&
		    (strcmp(a->ar_content_type, "image/jpeg") == 0 ||
		    strcmp(a->ar_content_type, "image/png") == 0);
		outq_upload(&x->x_out, photo ? "sendPhoto" : "sendDocument",
		    json_pack("{s:I}", "chat_id", (json_int_t)x->x_u->u_chat),
		    photo ? "photo" : "document", a->ar_filename,
		    a->ar_content_type, data, len);
	}
	return STORE_ONE;
}

/* A ticket: number, subject, status, last message, its files, buttons. */
enum store_status
menu_show(struct tg_ctx *x)
{
	struct store_ticket tk;
	struct store_ticket_row tr;
	const struct store_msg_row *m;
	enum store_status st;
	char reply[32], close[32], *text;

	if ((st = menu_ticket(x, &tk)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	memset(&tr, 0, sizeof(tr));
	if ((st = store_ticket_read(x->x_s, tk.t_number, &tr)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	ctx_answer(x, NULL);
	m = menu_last(&tr);
	text = say_clip(m != NULL && m->mr_text != NULL ? m->mr_text : "",
	    MENU_TEXT);
	snprintf(reply, sizeof(reply), "reply:%ld", tk.t_number);
	snprintf(close, sizeof(close), "close:%ld", tk.t_number);
	ctx_say(x, kb_column(ctx_text(x, TT_ADD_REPLY), reply,
	    ctx_text(x, TT_CLOSE_TICKET), close, NULL),
	    "#%ld %s\n%s\n\n%s%s%s", tk.t_number, tk.t_subject,
	    ticket_status_name(tk.t_status), m == NULL ? "" :
	    strcmp(m->mr_direction, "customer") == 0 ? "You" :
	    m->mr_from_name != NULL ? m->mr_from_name : "Support",
	    m != NULL ? ":\n" : "", text);
	free(text);
	st = m != NULL ? menu_files(x, m) : STORE_ONE;
	store_ticket_rows_free(&tr, 1, 0);
	return st;
}

/* "Add a reply": a conversation gathering a reply to the ticket. */
enum store_status
menu_ask_reply(struct tg_ctx *x)
{
	struct store_tg_conv *c = &x->x_conv;
	struct store_ticket tk;
	enum store_status st;

	if ((st = menu_ticket(x, &tk)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	if ((st = gather_start(x, FS_REPLY)) != STORE_ONE)
		return st;
	c->tc_ticket = tk.t_number;
	free(c->tc_subject);
	c->tc_subject = xstrdup(tk.t_subject);
	ctx_answer(x, NULL);
	ctx_say(x, NULL, ctx_text(x, TT_ENTER_REPLY), tk.t_number);
	return store_tg_conv_put(x->x_s, c);
}

/* "Close ticket": closed at the customer's word, the notice queued. */
enum store_status
menu_close(struct tg_ctx *x)
{
	struct store_ticket tk;
	enum store_status st;
	char *req, err[256] = "", text[128];

	if ((st = menu_ticket(x, &tk)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	req = ctx_requester(x);
	st = intake_set_status(x->x_bot->b_intake, x->x_s, tk.t_number,
	    TS_CLOSED, req, 1, NULL, err, sizeof(err));
	free(req);
	if (st != STORE_ONE) {
		log_err("telegram: closing ticket %ld: %s", tk.t_number, err);
		return st;
	}
	log_info("telegram: ticket %ld closed by its customer", tk.t_number);
	snprintf(text, sizeof(text), ctx_text(x, TT_NOW_CLOSED), tk.t_number);
	ctx_answer(x, text);
	ctx_edit(x, "%s", text);
	return STORE_ONE;
}
