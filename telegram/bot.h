/* bot.h - what the files of the Telegram door share; not a public
 * interface.
 *
 * A bot holds the Bot API client, the database pool, the intake pipeline
 * and a redactor.  Each update is handled in one transaction that also
 * records it as done (store_tg_claim), so a redelivered update changes
 * nothing twice; what the bot says is queued while the transaction runs
 * and sent once it is committed.  A message made at Complete goes through
 * intake_message() in its own transaction, made idempotent by a Message-ID
 * derived from the update.
 */
#ifndef PD_TG_BOT_H
#define PD_TG_BOT_H

#include <stddef.h>

#include <jansson.h>

#include "common/conf.h"
#include "intake/intake.h"
#include "redact/redact.h"
#include "store/store.h"
#include "telegram/api.h"
#include "telegram/flow.h"
#include "telegram/text.h"
#include "telegram/update.h"

struct tg_bot {
	struct conf		*b_conf;
	struct tg_api		*b_api;
	struct store_pool	*b_pool;
	struct intake		*b_intake;
	struct redactor		*b_rd;
	char			*b_support;	/* where tickets are addressed */
	long long		 b_offset;	/* the next getUpdates offset */
	volatile int		*b_stop;	/* set: stop at the next step */
	/* a new configuration (SIGHUP) to take between polls, or NULL */
	struct conf		*(*b_take_conf)(void);
	/* builds the bot anew for it (or keeps this one) */
	struct tg_bot		*(*b_reload)(struct tg_bot *, struct conf *);
};

/* A Bot API call to make once the transaction is committed. */
struct tg_call {
	char		*c_method;
	json_t		*c_params;
	char		*c_field;	/* an upload's: its file field, */
	char		*c_filename;
	char		*c_type;
	char		*c_data;
	size_t		 c_len;
};

#define TG_OUTQ_MAX	24

struct tg_outq {
	struct tg_call	 q_calls[TG_OUTQ_MAX];
	size_t		 q_n;
};

/* One update being handled. */
struct tg_ctx {
	struct tg_bot		*x_bot;
	const struct tg_update	*x_u;
	struct store		*x_s;		/* in a transaction */
	struct store_tg_conv	 x_conv;
	int			 x_have_conv;
	enum flow_step		 x_step;
	long			 x_arg;		/* the button's number */
	const char		*x_lang;	/* the customer's, or NULL */
	int			 x_answered;	/* the callback is answered */
	struct tg_outq		 x_out;
};

/* outq.c: queue and send calls. */
void		 outq_add(struct tg_outq *, const char *method, json_t *params);
void		 outq_upload(struct tg_outq *, const char *method,
		    json_t *params, const char *field, const char *filename,
		    const char *type, char *data, size_t len);
void		 outq_send(struct tg_bot *, struct tg_outq *);
void		 outq_clear(struct tg_outq *);
/* Calls method now, tried again a few times while the Bot API says
 * TG_RETRY (honouring retry_after); params are consumed. */
enum tg_status	 bot_call(struct tg_bot *, const char *method,
		    json_t *params, json_t **result);
/* Seconds to wait after the n-th failure in a row (1, 2, 4, ... 60). */
int		 bot_backoff(int n);
/* Sleeps s seconds unless told to stop. */
void		 bot_sleep(struct tg_bot *, int s);

/* say.c: what the bot says in the update's chat, queued. */
void		 ctx_say(struct tg_ctx *, json_t *keyboard, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
void		 ctx_edit(struct tg_ctx *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 ctx_answer(struct tg_ctx *, const char *text);
const char	*ctx_text(const struct tg_ctx *, enum tg_text);
/* An inline keyboard of one button a row; pairs of label and data,
 * ended by NULL. */
json_t		*kb_column(const char *label, const char *data, ...);
void		 kb_add(json_t *keyboard, const char *label,
		    const char *data);
/* s cut to at most max bytes, never inside a UTF-8 character
 * (malloc'd). */
char		*say_clip(const char *s, size_t max);
/* The customer's pseudo address (malloc'd). */
char		*ctx_requester(const struct tg_ctx *);

/* gather.c: the steps of /createticket and of a reply. */
enum store_status gather_start(struct tg_ctx *, enum flow_step next);
enum store_status gather_department(struct tg_ctx *);
enum store_status gather_subject(struct tg_ctx *);
enum store_status gather_order(struct tg_ctx *, int skip);
enum store_status gather_input(struct tg_ctx *);
enum store_status gather_repeat(struct tg_ctx *);

/* menu.c: /start, a ticket, Add a reply, Close ticket. */
enum store_status menu_list(struct tg_ctx *);
enum store_status menu_show(struct tg_ctx *);
enum store_status menu_ask_reply(struct tg_ctx *);
enum store_status menu_close(struct tg_ctx *);

/* door.c: Complete: the gathered conversation through intake.  ONE with
 * *ticket and *action, SOFT to try again later, HARD with why when the
 * message was refused for good. */
enum store_status door_submit(struct tg_bot *, const struct tg_update *,
		    const struct store_tg_conv *, long *ticket,
		    enum intake_action *action, char *why, size_t whylen);

/* bot.c: handles one update (the JSON of getUpdates' result); ONE when
 * it is done (applied now or before), SOFT when it must be delivered
 * again later (the database or the Bot API is unavailable). */
enum store_status bot_handle(struct tg_bot *, json_t *update);

/* poll.c: getUpdates and the updates handled in order, until *b_stop. */
int		 bot_poll(struct tg_bot *);

#endif
