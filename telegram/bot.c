/* bot.c - one update: what it means in the customer's conversation, done
 * in one transaction with the record that it is done; what the bot says
 * is sent after the commit.  An update seen before is only acknowledged.
 * Group chats are refused politely: tickets are private. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "telegram/bot.h"

/* Does the action of move (the step already set on the conversation). */
static enum store_status
bot_apply(struct tg_ctx *x, struct flow_move mv)
{
	switch (mv.fm_action) {
	case FA_LIST:
		return menu_list(x);
	case FA_ASK_DEPARTMENT:
	case FA_ASK_SUBJECT:
		return gather_start(x, mv.fm_next);
	case FA_TAKE_DEPARTMENT:
		return gather_department(x);
	case FA_TAKE_SUBJECT:
		return gather_subject(x);
	case FA_TAKE_ORDER:
	case FA_SKIP_ORDER:
		return gather_order(x, mv.fm_action == FA_SKIP_ORDER);
	case FA_GATHER:
		return gather_input(x);
	case FA_CANCEL:
		ctx_say(x, NULL, "%s", ctx_text(x, x->x_have_conv ?
		    TT_CANCELLED : TT_NOTHING_TO_CANCEL));
		return x->x_have_conv ? store_tg_conv_drop(x->x_s,
		    x->x_u->u_user) : STORE_ONE;
	case FA_HELP:
		ctx_say(x, NULL, "%s", ctx_text(x, TT_HELP));
		return STORE_ONE;
	case FA_REPEAT:
		return gather_repeat(x);
	case FA_UNSUPPORTED:
		ctx_say(x, NULL, "%s", ctx_text(x, TT_UNSUPPORTED));
		return STORE_ONE;
	case FA_SHOW:
		return menu_show(x);
	case FA_ASK_REPLY:
		return menu_ask_reply(x);
	case FA_CLOSE:
		return menu_close(x);
	case FA_STALE:
	case FA_SUBMIT:
		break;
	}
	ctx_answer(x, ctx_text(x, TT_STALE));
	return STORE_ONE;
}

/* Commits the update's transaction (or rolls it back on failure). */
static enum store_status
bot_done(struct tg_ctx *x, enum store_status st)
{
	if (st == STORE_ONE)
		st = store_commit(x->x_s);
	else
		store_rollback(x->x_s);
	return st;
}

/* Begins the update's transaction and claims the update: ONE to go on,
 * NONE when it was done before (nothing to do), else the failure. */
static enum store_status
bot_claim(struct tg_ctx *x)
{
	enum store_status st;

	if ((st = store_begin(x->x_s)) != STORE_ONE)
		return st;
	if ((st = store_tg_claim(x->x_s, x->x_u->u_id)) != STORE_ONE)
		store_rollback(x->x_s);
	return st;
}

/* The language the bot speaks to the customer. */
static const char *
bot_lang(const struct tg_ctx *x)
{
	const char *l = tg_text_lang(x->x_u->u_lang);

	if (l == NULL && x->x_have_conv)
		l = tg_text_lang(x->x_conv.tc_language);
	return l != NULL ? l : tg_text_lang(
	    x->x_bot->b_conf->cf_default_language);
}

/* Complete, after the transaction that read the conversation: the
 * message through intake (its own transaction), then the conversation
 * ended and the update done in one more. */
static enum store_status
bot_submit(struct tg_ctx *x)
{
	enum store_status st;
	enum intake_action act;
	char why[256];
	long ticket;

	st = door_submit(x->x_bot, x->x_u, &x->x_conv, &ticket, &act, why,
	    sizeof(why));
	if (st == STORE_SOFT)
		return st;
	if (st == STORE_ONE) {
		ctx_answer(x, NULL);
		ctx_edit(x, ctx_text(x, x->x_conv.tc_ticket > 0 ?
		    TT_SENT_REPLY : TT_SENT_NEW), ticket);
	} else {
		ctx_answer(x, NULL);
		ctx_say(x, NULL, ctx_text(x, TT_REFUSED), why);
	}
	if ((st = bot_claim(x)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	st = store_tg_conv_drop(x->x_s, x->x_u->u_user);
	return bot_done(x, st);
}

/* In the update's transaction: the conversation read, the event's
 * action done.  *submit set for a Complete with something to send. */
static enum store_status
bot_step(struct tg_ctx *x, int *submit)
{
	const struct tg_update *u = x->x_u;
	struct flow_move mv;
	enum store_status st;

	*submit = 0;
	if (!u->u_private) {
		ctx_answer(x, ctx_text(x, TT_PRIVATE_ONLY));
		if (u->u_kind == TU_MESSAGE)
			ctx_say(x, NULL, "%s", ctx_text(x, TT_PRIVATE_ONLY));
		return STORE_ONE;
	}
	st = store_tg_conv_get(x->x_s, u->u_user, &x->x_conv);
	if (st < 0)
		return st;
	x->x_have_conv = st == STORE_ONE;
	x->x_step = x->x_have_conv ? flow_step_of(x->x_conv.tc_step) :
	    FS_NONE;
	x->x_lang = bot_lang(x);
	mv = flow_next(x->x_step, flow_event_of(u, &x->x_arg),
	    x->x_bot->b_conf->cf_tg_departments.sl_n > 0);
	if (mv.fm_action == FA_SUBMIT && x->x_conv.tc_ntexts == 0 &&
	    x->x_conv.tc_nfiles == 0) {
		ctx_answer(x, ctx_text(x, TT_NOTHING_YET));
		return STORE_ONE;
	}
	if (mv.fm_action == FA_SUBMIT) {
		*submit = 1;
		return STORE_ONE;
	}
	if (x->x_have_conv && mv.fm_next != x->x_step) {
		free(x->x_conv.tc_step);
		x->x_conv.tc_step = xstrdup(flow_step_name(mv.fm_next));
	}
	return bot_apply(x, mv);
}

/* The update on its connection: ONE when done (now or before), SOFT to
 * retry. */
static enum store_status
bot_run(struct tg_ctx *x)
{
	enum store_status st;
	int submit = 0;

	if ((st = bot_claim(x)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	x->x_lang = tg_text_lang(x->x_u->u_lang);
	st = x->x_u->u_kind != TU_OTHER ? bot_step(x, &submit) : STORE_ONE;
	if (st == STORE_ONE && submit) {
		store_rollback(x->x_s);
		return bot_submit(x);
	}
	if (st == STORE_HARD) {
		/* a bad update must not stop the bot: done, without effect */
		log_err("telegram: update %lld: %s; skipped", x->x_u->u_id,
		    store_error(x->x_s));
		store_rollback(x->x_s);
		outq_clear(&x->x_out);
		if ((st = bot_claim(x)) != STORE_ONE)
			return st == STORE_NONE ? STORE_ONE : st;
	}
	return bot_done(x, st);
}

/* Handles one update. */
enum store_status
bot_handle(struct tg_bot *b, json_t *update)
{
	struct tg_update u;
	struct tg_ctx x;
	enum store_status st;
	char err[256];

	if (tg_update_parse(update, &u) < 0) {
		log_warn("telegram: an update without update_id; ignored");
		return STORE_ONE;
	}
	memset(&x, 0, sizeof(x));
	x.x_bot = b;
	x.x_u = &u;
	if ((x.x_s = store_pool_get(b->b_pool, err, sizeof(err))) == NULL) {
		log_err("telegram: update %lld: %s", u.u_id, err);
		return STORE_SOFT;
	}
	st = bot_run(&x);
	if (st < 0)
		log_err("telegram: update %lld: %s; %s", u.u_id,
		    store_error(x.x_s), st == STORE_SOFT ? "trying again" :
		    "skipped");
	store_pool_put(b->b_pool, x.x_s);
	ctx_answer(&x, NULL);		/* every callback is answered */
	if (st == STORE_ONE)
		outq_send(b, &x.x_out);
	outq_clear(&x.x_out);
	store_tg_conv_free(&x.x_conv);
	return st == STORE_SOFT ? STORE_SOFT : STORE_ONE;
}
