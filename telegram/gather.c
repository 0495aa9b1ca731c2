/* gather.c - the steps of /createticket and of a reply: the department,
 * the subject, the order ID, then texts and files until Complete.  Every
 * text is redacted before it is kept; a message that held a secret is
 * deleted from the chat and the customer told why. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "telegram/bot.h"

/* A conversation's field set to a copy of v. */
static void
conv_set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup_null(v);
}

/* The warning of a deleted secret, and what to do about each kind the
 * counts hold (a site rule's kind gets the warning alone). */
static void
gather_warn(struct tg_ctx *x, const struct redact_counts *c)
{
	static const enum tg_text text[RA__MAX] = {
		[RA_PASSWORD] = TT_SECRET_PASSWORD, [RA_CODE] = TT_SECRET_CODE,
		[RA_RECOVERY] = TT_SECRET_RECOVERY, [RA_CARD] = TT_SECRET_CARD,
		[RA_ACCESS] = TT_SECRET_ACCESS,
	};
	struct buf b = BUF_INIT;
	int said[RA__MAX] = { 0 }, k;
	enum redact_advice a;

	buf_adds(&b, ctx_text(x, TT_SECRET));
	for (k = 0; k < RK__MAX; k++) {
		a = redact_kind_advice((enum redact_kind)k);
		if (c->rc_n[k] == 0 || said[a] || a == RA_OTHER)
			continue;
		said[a] = 1;
		buf_addf(&b, " %s", ctx_text(x, text[a]));
	}
	ctx_say(x, NULL, "%s", b.b_data);
	buf_free(&b);
}

/* The customer's text, redacted (malloc'd); when something was
 * removed, the message is deleted from the chat now, and the
 * customer is told why, and what to do, once it is stored. */
static char *
gather_redact(struct tg_ctx *x, const char *text)
{
	const struct tg_update *u = x->x_u;
	struct redact_counts c;
	char *r;

	memset(&c, 0, sizeof(c));
	r = redact_text_subj(x->x_bot->b_rd, text, strlen(text),
	    x->x_conv.tc_subject, &c);
	if (r == NULL)
		return xstrdup(text);
	log_info("telegram: update %lld: a secret redacted; deleting message "
	    "%lld", u->u_id, u->u_message);
	(void)bot_call(x->x_bot, "deleteMessage", json_pack("{s:I, s:I}",
	    "chat_id", (json_int_t)u->u_chat, "message_id",
	    (json_int_t)u->u_message), NULL);
	gather_warn(x, &c);
	return r;
}

/* Starts a new conversation in step next (department or subject). */
enum store_status
gather_start(struct tg_ctx *x, enum flow_step next)
{
	const struct conf *cf = x->x_bot->b_conf;
	struct store_tg_conv *c = &x->x_conv;
	enum store_status st;
	json_t *kb;
	char data[32];
	size_t i;

	if (x->x_have_conv &&
	    (st = store_tg_conv_drop(x->x_s, c->tc_user)) != STORE_ONE)
		return st;
	store_tg_conv_free(c);
	c->tc_user = x->x_u->u_user;
	c->tc_chat = x->x_u->u_chat;
	c->tc_step = xstrdup(flow_step_name(next));
	c->tc_name = xstrdup(x->x_u->u_name);
	c->tc_language = xstrdup_null(x->x_lang);
	if ((st = store_tg_conv_put(x->x_s, c)) != STORE_ONE)
		return st;
	if (next == FS_SUBJECT) {
		ctx_say(x, NULL, "%s", ctx_text(x, TT_ENTER_SUBJECT));
		return STORE_ONE;
	}
	kb = json_array();
	for (i = 0; i < cf->cf_tg_departments.sl_n; i++) {
		const char *d = cf->cf_tg_departments.sl_v[i];
		const char *eq = strchr(d, '=');
		char *label = xstrndup(d, eq != NULL ? (size_t)(eq - d) :
		    strlen(d));

		snprintf(data, sizeof(data), "dept:%zu", i);
		kb_add(kb, label, data);
		free(label);
	}
	ctx_say(x, kb, "%s", ctx_text(x, TT_CHOOSE_DEPARTMENT));
	return STORE_ONE;
}

/* A department button: its category kept, the subject asked. */
enum store_status
gather_department(struct tg_ctx *x)
{
	const struct strlist *l = &x->x_bot->b_conf->cf_tg_departments;
	const char *d, *eq;
	char *label;

	if (x->x_arg < 0 || (size_t)x->x_arg >= l->sl_n) {
		ctx_answer(x, ctx_text(x, TT_STALE));
		return STORE_ONE;
	}
	d = l->sl_v[x->x_arg];
	eq = strchr(d, '=');
	conv_set(&x->x_conv.tc_category, eq != NULL ? eq + 1 : d);
	label = xstrndup(d, eq != NULL ? (size_t)(eq - d) : strlen(d));
	ctx_answer(x, NULL);
	ctx_edit(x, ctx_text(x, TT_DEPARTMENT), label);
	free(label);
	ctx_say(x, NULL, "%s", ctx_text(x, TT_ENTER_SUBJECT));
	return store_tg_conv_put(x->x_s, &x->x_conv);
}

/* The subject (one line of the text), the order ID asked. */
enum store_status
gather_subject(struct tg_ctx *x)
{
	char *s;

	s = gather_redact(x, x->x_u->u_text);
	s[strcspn(s, "\r\n")] = '\0';
	free(x->x_conv.tc_subject);
	x->x_conv.tc_subject = say_clip(s, 200);
	free(s);
	ctx_say(x, kb_column(ctx_text(x, TT_SKIP), "skip", NULL), "%s",
	    ctx_text(x, TT_ENTER_ORDER));
	return store_tg_conv_put(x->x_s, &x->x_conv);
}

/* The order ID, or Skip; the message asked. */
enum store_status
gather_order(struct tg_ctx *x, int skip)
{
	char *o;

	if (skip) {
		ctx_answer(x, NULL);
		ctx_edit(x, "%s", ctx_text(x, TT_ORDER_SKIPPED));
	} else {
		o = gather_redact(x, x->x_u->u_text);
		o[strcspn(o, "\r\n")] = '\0';
		free(x->x_conv.tc_order);
		x->x_conv.tc_order = say_clip(o, 100);
		free(o);
	}
	ctx_say(x, NULL, ctx_text(x, TT_ENTER_MESSAGE),
	    x->x_bot->b_conf->cf_tg_max_files);
	return store_tg_conv_put(x->x_s, &x->x_conv);
}

/* Adds a text to the conversation's body, within the limit; 0 when it
 * does not fit (the customer told). */
static int
gather_text(struct tg_ctx *x, const char *text)
{
	struct store_tg_conv *c = &x->x_conv;
	long max = x->x_bot->b_conf->cf_tg_max_text;
	size_t have = c->tc_body != NULL ? strlen(c->tc_body) : 0;
	char *r, *body;

	if ((long)(have + strlen(text) + 2) > max) {
		ctx_say(x, NULL, ctx_text(x, TT_TOO_MUCH_TEXT), max);
		return 0;
	}
	r = gather_redact(x, text);
	body = xasprintf("%s%s%s", have > 0 ? c->tc_body : "",
	    have > 0 ? "\n\n" : "", r);
	free(r);
	free(c->tc_body);
	c->tc_body = body;
	c->tc_ntexts++;
	return 1;
}

/* Adds the message's file, within the limits; 0 when it does not. */
static int
gather_file(struct tg_ctx *x, enum store_status *st)
{
	const struct tg_update *u = x->x_u;
	const struct conf *cf = x->x_bot->b_conf;
	struct store_tg_conv *c = &x->x_conv;
	struct store_tg_file f;
	char name[300];
	long long total;
	size_t i;

	*st = STORE_ONE;
	if ((long)x->x_conv.tc_nfiles >= cf->cf_tg_max_files) {
		ctx_say(x, NULL, ctx_text(x, TT_TOO_MANY_FILES),
		    cf->cf_tg_max_files);
		return 0;
	}
	if (u->u_file_size > cf->cf_tg_max_file_size) {
		ctx_say(x, NULL, ctx_text(x, TT_FILE_TOO_BIG),
		    cf->cf_tg_max_file_size / 1024);
		return 0;
	}
	for (i = 0, total = u->u_file_size > 0 ? u->u_file_size : 0;
	    i < c->tc_nfiles; i++)
		total += c->tc_files[i].tf_size;
	/* base64 makes 4 bytes of 3 in the message intake takes */
	if (total / 3 * 4 + cf->cf_tg_max_text > cf->cf_max_message_size) {
		ctx_say(x, NULL, ctx_text(x, TT_FILES_TOO_BIG),
		    (cf->cf_max_message_size - cf->cf_tg_max_text) / 4 * 3 /
		    1024);
		return 0;
	}
	if (u->u_file_name[0] != '\0')
		snprintf(name, sizeof(name), "%s", u->u_file_name);
	else
		snprintf(name, sizeof(name), "%s-%zu.%s", u->u_file ==
		    TF_PHOTO ? "photo" : "file", x->x_conv.tc_nfiles + 1,
		    u->u_file == TF_PHOTO ? "jpg" : "bin");
	f.tf_file_id = (char *)u->u_file_id;
	f.tf_filename = name;
	f.tf_content_type = u->u_file_type[0] != '\0' ?
	    (char *)u->u_file_type : "application/octet-stream";
	f.tf_size = u->u_file_size > 0 ? (long)u->u_file_size : 0;
	if ((*st = store_tg_file_add(x->x_s, u->u_user, &f)) != STORE_ONE)
		return 0;
	c->tc_files = xreallocarray(c->tc_files, c->tc_nfiles + 1,
	    sizeof(*c->tc_files));
	c->tc_files[c->tc_nfiles].tf_file_id = xstrdup(f.tf_file_id);
	c->tc_files[c->tc_nfiles].tf_filename = xstrdup(f.tf_filename);
	c->tc_files[c->tc_nfiles].tf_content_type =
	    xstrdup(f.tf_content_type);
	c->tc_files[c->tc_nfiles++].tf_size = f.tf_size;
	return 1;
}

/* A text or a file (with its caption) while gathering. */
enum store_status
gather_input(struct tg_ctx *x)
{
	const struct tg_update *u = x->x_u;
	enum store_status st = STORE_ONE;
	int took = 0;

	if (u->u_file != TF_NONE) {
		took = gather_file(x, &st);
		if (st != STORE_ONE)
			return st;
	}
	if (u->u_text != NULL && *u->u_text != '\0' &&
	    (u->u_file == TF_NONE || took))
		took = gather_text(x, u->u_text) || took;
	if (!took)
		return STORE_ONE;
	ctx_say(x, kb_column(ctx_text(x, TT_COMPLETE), "complete", NULL),
	    "%s", ctx_text(x, TT_GOT_IT));
	return store_tg_conv_put(x->x_s, &x->x_conv);
}

/* The current step's question again. */
enum store_status
gather_repeat(struct tg_ctx *x)
{
	switch (x->x_step) {
	case FS_DEPARTMENT:
		ctx_say(x, NULL, "%s", ctx_text(x, TT_PRESS_BUTTON));
		break;
	case FS_SUBJECT:
		ctx_say(x, NULL, "%s", ctx_text(x, TT_ENTER_SUBJECT));
		break;
	case FS_ORDER:
		ctx_say(x, kb_column(ctx_text(x, TT_SKIP), "skip", NULL),
		    "%s", ctx_text(x, TT_ENTER_ORDER));
		break;
	default:
		ctx_say(x, NULL, "%s", ctx_text(x, TT_HELP));
		break;
	}
	return STORE_ONE;
}
