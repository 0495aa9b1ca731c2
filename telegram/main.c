/* main.c - postdesk-telegram, the Telegram door: options, start-up,
 * signals.
 *
 *   postdesk-telegram [-fnV] [-c FILE]
 *
 * The same configuration file as postdesk.  -n runs the configuration
 * check with the Telegram keys and exits 0, or 78 on errors; -f stays in
 * the foreground (logging to stderr); -V prints the version.  The bot
 * polls on its own thread and the sender (send.h) sends the outbox's rows
 * of channel telegram on another; the main thread waits for SIGTERM/SIGINT
 * (the poll in flight is given up, the update being handled and the piece
 * being sent are finished) and SIGHUP (the file is loaded again; the
 * poller swaps in a bot built for it between two polls, or keeps the
 * running one when that fails; a sender started on it takes over from
 * the running one).
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "common/conf.h"
#include "common/log.h"
#include "common/sig.h"
#include "common/xalloc.h"
#include "confcheck/confcheck.h"
#include "parser/parser.h"
#include "telegram/bot.h"
#include "telegram/send.h"
#include "ticket/chat.h"

static volatile int stop_requested;

static pthread_mutex_t	 reload_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conf	*reload_conf;	/* loaded at SIGHUP, not yet taken */
static struct tg_sender	*sender;	/* the outbox's rows to chats */

/* Hands the poller the configuration SIGHUP loaded (its reference), or
 * NULL. */
static struct conf *
reload_take(void)
{
	struct conf *cf;

	pthread_mutex_lock(&reload_lock);
	cf = reload_conf;
	reload_conf = NULL;
	pthread_mutex_unlock(&reload_lock);
	return cf;
}

/* Prints usage and exits. */
static void
usage(void)
{
	fprintf(stderr, "usage: postdesk-telegram [-fnV] [-c config]\n");
	exit(EX_USAGE);
}

/* Releases what bot_build() made. */
static void
bot_teardown(struct tg_bot *b)
{
	redactor_free(b->b_rd);
	intake_free(b->b_intake);
	store_pool_free(b->b_pool);
	tg_api_free(b->b_api);
	free(b->b_support);
	conf_unref(b->b_conf);
	b->b_rd = NULL;
	b->b_intake = NULL;
	b->b_pool = NULL;
	b->b_api = NULL;
	b->b_support = NULL;
	b->b_conf = NULL;
}

static struct tg_bot *reload_apply(struct tg_bot *, struct conf *);

/* Everything the bot needs for cf (a reference is taken); -1 with err
 * (nothing kept) when something cannot be had. */
static int
bot_build(struct tg_bot *b, struct conf *cf, char *err, size_t errlen)
{
	char why[400], *token;

	memset(b, 0, sizeof(*b));
	b->b_stop = &stop_requested;
	b->b_take_conf = reload_take;
	b->b_reload = reload_apply;
	if (cf->cf_tg_token_file == NULL || conf_read_secret(
	    cf->cf_tg_token_file, &token, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "telegram_token_file: %s",
		    cf->cf_tg_token_file == NULL ? "unset" : why);
		return -1;
	}
	b->b_conf = conf_ref(cf);
	b->b_support = xstrdup_null(chat_support_address(cf));
	b->b_api = tg_api_new(cf->cf_tg_api_url, token, why, sizeof(why));
	free(token);
	if (b->b_support == NULL)
		snprintf(why, sizeof(why), "support_addresses: no whole "
		    "address to file tickets to");
	if (b->b_api != NULL && b->b_support != NULL) {
		tg_api_set_cancel(b->b_api, &stop_requested);
		b->b_pool = store_pool_new(cf->cf_database,
		    cf->cf_db_pool_size < 2 ? 2 : (int)cf->cf_db_pool_size,
		    (int)cf->cf_db_pool_wait);
		if ((b->b_intake = intake_new(cf, b->b_pool, why,
		    sizeof(why))) != NULL)
			b->b_rd = redactor_new((const char *const *)
			    cf->cf_redact_rules.sl_v, cf->cf_redact_rules.sl_n,
			    why, sizeof(why));
	}
	if (b->b_rd != NULL)
		return 0;
	snprintf(err, errlen, "%s", why);
	bot_teardown(b);
	return -1;
}

/* SIGHUP's new configuration, taken by the poller between two polls:
 * a new bot is built for it and swapped in, or the old one kept. */
static struct tg_bot *
reload_apply(struct tg_bot *b, struct conf *cf)
{
	struct tg_bot nb;
	char err[512];

	if (bot_build(&nb, cf, err, sizeof(err)) < 0) {
		log_err("reload: %s; keeping the running configuration", err);
		return b;
	}
	nb.b_offset = b->b_offset;
	bot_teardown(b);
	*b = nb;
	log_set_level(cf->cf_log_debug ? LOG_L_DEBUG : LOG_L_INFO);
	log_info("reloaded %s", cf->cf_path != NULL ? cf->cf_path :
	    "the configuration");
	return b;
}

/* The polling thread. */
static void *
poller(void *arg)
{
	struct tg_bot *b = arg;

	bot_poll(b);
	if (!stop_requested) {
		log_err("telegram: polling stopped on its own; exiting");
		kill(getpid(), SIGTERM);
	}
	return NULL;
}

/* SIGHUP: the file (path) loaded again, for the poller to take; a sender
 * started on it replaces the running one (both claim with SKIP LOCKED, so
 * while they overlap no row is sent twice). */
static void
reload(void *path)
{
	struct tg_sender *ns;
	struct conf *cf;
	char err[512];

	if ((cf = conf_load(path, err, sizeof(err))) == NULL) {
		log_err("reload: %s; keeping the running configuration",
		    err);
		return;
	}
	if ((ns = tg_sender_start(cf, err, sizeof(err))) == NULL)
		log_err("reload: %s; keeping the running sender", err);
	else {
		tg_sender_stop(sender);
		sender = ns;
	}
	pthread_mutex_lock(&reload_lock);
	conf_unref(reload_conf);
	reload_conf = cf;
	pthread_mutex_unlock(&reload_lock);
}

/* postdesk-telegram: the Telegram door. */
int
main(int argc, char **argv)
{
	const char *path = conf_default_path();
	struct tg_bot b;
	struct conf *cf;
	char err[512];
	sigset_t set;
	pthread_t tid;
	int ch, check_only = 0, foreground = 0;

	while ((ch = getopt(argc, argv, "c:fnV")) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 'f': foreground = 1; break;
		case 'n': check_only = 1; break;
		case 'V':
			printf("postdesk-telegram %s\n", PACKAGE_VERSION);
			return 0;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (check_only)
		confcheck_exit(path, CONFCHECK_TELEGRAM,
		    "postdesk-telegram");
	cf = confcheck_load(path, "postdesk-telegram");
	log_init("postdesk-telegram", !foreground &&
	    strcmp(cf->cf_log, "syslog") == 0);
	log_set_level(cf->cf_log_debug ? LOG_L_DEBUG : LOG_L_INFO);
	if (!foreground && daemon(0, strcmp(cf->cf_log, "stderr") == 0) < 0)
		log_fatal("cannot detach: %m");
	sig_block(&set);
	parser_init();
	if (tg_api_global_init() < 0)
		log_fatal("cannot initialise libcurl");
	if (bot_build(&b, cf, err, sizeof(err)) < 0 ||
	    (sender = tg_sender_start(cf, err, sizeof(err))) == NULL) {
		log_err("%s", err);
		exit(EX_CONFIG);
	}
	conf_unref(cf);
	if (pthread_create(&tid, NULL, poller, &b) != 0)
		log_fatal("cannot start the polling thread");
	log_info("started");
	sig_loop(&set, reload, (void *)path);
	stop_requested = 1;
	pthread_join(tid, NULL);
	tg_sender_stop(sender);
	bot_teardown(&b);
	conf_unref(reload_take());
	log_info("stopped");
	parser_shutdown();
	return 0;
}
