/* poll.c - long polling: getUpdates from the offset after the last update
 * whose effect is stored, each update handled in order.  An update that
 * cannot be stored now stops the batch: the offset stays on it, so the
 * Bot API gives it again at the next call (nothing is acknowledged before
 * it is stored).  A Bot API that is down, answers 5xx or 429 is waited
 * for (retry_after, or a growing pause). */
#include "config.h"

#include <stdio.h>

#include "common/log.h"
#include "telegram/bot.h"

/* The stored offset, waited for while the database is unavailable. */
static int
poll_offset(struct tg_bot *b)
{
	struct store *s;
	enum store_status st = STORE_SOFT;
	char err[256];
	int fails = 0;

	while (!*b->b_stop) {
		if ((s = store_pool_get(b->b_pool, err, sizeof(err))) != NULL) {
			st = store_tg_offset(s, &b->b_offset);
			if (st != STORE_ONE)
				snprintf(err, sizeof(err), "%s",
				    store_error(s));
			store_pool_put(b->b_pool, s);
		}
		if (st == STORE_ONE)
			return 0;
		log_err("telegram: reading the update offset: %s", err);
		bot_sleep(b, bot_backoff(++fails));
	}
	return -1;
}

/* Handles the updates of one getUpdates answer; -1 when one must be
 * delivered again (the offset stays on it). */
static int
poll_batch(struct tg_bot *b, json_t *updates)
{
	json_t *u;
	json_int_t id;
	size_t i;

	json_array_foreach(updates, i, u) {
		if (*b->b_stop)
			return 0;
		id = json_integer_value(json_object_get(u, "update_id"));
		if (id < b->b_offset)
			continue;	/* done before */
		if (bot_handle(b, u) != STORE_ONE)
			return -1;
		b->b_offset = id + 1;
	}
	return 0;
}

/* Polls until told to stop, taking a new configuration between two
 * polls; 0. */
int
bot_poll(struct tg_bot *b)
{
	json_t *params, *res;
	enum tg_status st;
	struct conf *cf;
	char err[256];
	int after, fails = 0;

	if (poll_offset(b) < 0)
		return 0;
	log_info("telegram: polling from offset %lld", b->b_offset);
	while (!*b->b_stop) {
		if (b->b_take_conf != NULL && (cf = b->b_take_conf()) != NULL) {
			b = b->b_reload(b, cf);
			conf_unref(cf);
		}
		params = json_pack("{s:I, s:I, s:[s, s]}", "offset",
		    (json_int_t)b->b_offset, "timeout",
		    (json_int_t)b->b_conf->cf_tg_poll_timeout,
		    "allowed_updates", "message", "callback_query");
		res = NULL;
		st = tg_api_call(b->b_api, "getUpdates", params, &res, &after,
		    err, sizeof(err));
		json_decref(params);
		if (st != TG_OK) {
			log_warn("telegram: getUpdates: %s", err);
			bot_sleep(b, after > 0 ? after : bot_backoff(++fails));
			continue;
		}
		fails = 0;
		if (poll_batch(b, res) < 0)
			bot_sleep(b, bot_backoff(++fails));
		json_decref(res);
	}
	return 0;
}
