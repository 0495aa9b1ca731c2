/* outq.c - Bot API calls: made now with retries, or queued until the
 * transaction that decided them is committed. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "telegram/bot.h"

#define BOT_CALL_TRIES	4	/* a call, while the Bot API says retry */
#define BOT_WAIT_MAX	60	/* s, the longest wait between tries */

/* Queues method with params (taken over). */
void
outq_add(struct tg_outq *q, const char *method, json_t *params)
{
	struct tg_call *c;

	if (q->q_n >= TG_OUTQ_MAX) {
		log_warn("telegram: too many calls for one update; %s dropped",
		    method);
		json_decref(params);
		return;
	}
	c = &q->q_calls[q->q_n++];
	memset(c, 0, sizeof(*c));
	c->c_method = xstrdup(method);
	c->c_params = params;
}

/* Queues an upload; data (malloc'd, len bytes) is taken over. */
void
outq_upload(struct tg_outq *q, const char *method, json_t *params,
    const char *field, const char *filename, const char *type, char *data,
    size_t len)
{
	struct tg_call *c;

	outq_add(q, method, params);
	if (q->q_n == 0 || q->q_calls[q->q_n - 1].c_params != params) {
		free(data);
		return;
	}
	c = &q->q_calls[q->q_n - 1];
	c->c_field = xstrdup(field);
	c->c_filename = xstrdup_null(filename);
	c->c_type = xstrdup_null(type);
	c->c_data = data;
	c->c_len = len;
}

/* Frees a call. */
static void
outq_free_call(struct tg_call *c)
{
	free(c->c_method);
	json_decref(c->c_params);
	free(c->c_field);
	free(c->c_filename);
	free(c->c_type);
	free(c->c_data);
	memset(c, 0, sizeof(*c));
}

/* Drops what is queued. */
void
outq_clear(struct tg_outq *q)
{
	size_t i;

	for (i = 0; i < q->q_n; i++)
		outq_free_call(&q->q_calls[i]);
	q->q_n = 0;
}

/* Seconds to wait after n failures in a row. */
int
bot_backoff(int n)
{
	int s = 1;

	while (n-- > 1 && s < BOT_WAIT_MAX)
		s *= 2;
	return s < BOT_WAIT_MAX ? s : BOT_WAIT_MAX;
}

/* Sleeps s seconds, a tenth at a time, unless told to stop. */
void
bot_sleep(struct tg_bot *b, int s)
{
	struct timespec ts = { 0, 100000000L };
	int i;

	for (i = 0; i < s * 10 && !*b->b_stop; i++)
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
}

/* One call, tried again while the Bot API says retry. */
static enum tg_status
outq_call(struct tg_bot *b, const struct tg_call *c, json_t **result)
{
	enum tg_status st = TG_RETRY;
	char err[256] = "stopping";
	int i, after;

	for (i = 1; i <= BOT_CALL_TRIES && !*b->b_stop; i++) {
		if (c->c_field != NULL)
			st = tg_api_upload(b->b_api, c->c_method, c->c_params,
			    c->c_field, c->c_filename, c->c_type, c->c_data,
			    c->c_len, result, &after, err, sizeof(err));
		else
			st = tg_api_call(b->b_api, c->c_method, c->c_params,
			    result, &after, err, sizeof(err));
		if (st != TG_RETRY)
			break;
		log_warn("telegram: %s: %s; trying again", c->c_method, err);
		if (i < BOT_CALL_TRIES)
			bot_sleep(b, after > 0 ? (after < BOT_WAIT_MAX ? after :
			    BOT_WAIT_MAX) : bot_backoff(i));
	}
	if (st == TG_REFUSED)
		log_warn("telegram: %s refused: %s", c->c_method, err);
	else if (st == TG_RETRY)
		log_err("telegram: %s failed: %s", c->c_method, err);
	return st;
}

/* Calls method now. */
enum tg_status
bot_call(struct tg_bot *b, const char *method, json_t *params,
    json_t **result)
{
	struct tg_call c;
	enum tg_status st;

	memset(&c, 0, sizeof(c));
	c.c_method = xstrdup(method);
	c.c_params = params;
	st = outq_call(b, &c, result);
	outq_free_call(&c);
	return st;
}

/* Sends everything queued, in order, and empties the queue. */
void
outq_send(struct tg_bot *b, struct tg_outq *q)
{
	size_t i;

	for (i = 0; i < q->q_n; i++)
		(void)outq_call(b, &q->q_calls[i], NULL);
	outq_clear(q);
}
