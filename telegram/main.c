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
 * being sent are finished).  A
 * new configuration takes a restart (SIGHUP is logged and ignored).
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
#include "common/xalloc.h"
#include "confcheck/confcheck.h"
#include "parser/parser.h"
#include "telegram/bot.h"
#include "telegram/send.h"
#include "ticket/chat.h"

static volatile int stop_requested;

/* Prints usage and exits. */
static void
usage(void)
{
	fprintf(stderr, "usage: postdesk-telegram [-fnV] [-c config]\n");
	exit(EX_USAGE);
}

/* Everything the bot needs, or exit with a log line. */
static void
bot_setup(struct tg_bot *b, struct conf *cf)
{
	char err[512], *token;

	memset(b, 0, sizeof(*b));
	b->b_conf = cf;
	b->b_stop = &stop_requested;
	if (cf->cf_tg_token_file == NULL || conf_read_secret(
	    cf->cf_tg_token_file, &token, err, sizeof(err)) < 0) {
		log_err("telegram_token_file: %s", cf->cf_tg_token_file ==
		    NULL ? "unset" : err);
		exit(EX_CONFIG);
	}
	if ((b->b_support = xstrdup_null(chat_support_address(cf))) == NULL) {
		log_err("support_addresses: no whole address to file "
		    "tickets to");
		exit(EX_CONFIG);
	}
	if (tg_api_global_init() < 0 || (b->b_api = tg_api_new(
	    cf->cf_tg_api_url, token, err, sizeof(err))) == NULL) {
		log_err("telegram: %s", err);
		exit(EX_SOFTWARE);
	}
	free(token);
	tg_api_set_cancel(b->b_api, &stop_requested);
	b->b_pool = store_pool_new(cf->cf_database, cf->cf_db_pool_size < 2 ?
	    2 : (int)cf->cf_db_pool_size, (int)cf->cf_db_pool_wait);
	if (b->b_pool == NULL ||
	    (b->b_intake = intake_new(cf, b->b_pool, err, sizeof(err))) ==
	    NULL ||
	    (b->b_rd = redactor_new((const char *const *)
	    cf->cf_redact_rules.sl_v, cf->cf_redact_rules.sl_n, err,
	    sizeof(err))) == NULL) {
		log_err("%s", b->b_pool == NULL ? "no database pool" : err);
		exit(EX_CONFIG);
	}
}

/* Releases what bot_setup() made. */
static void
bot_teardown(struct tg_bot *b)
{
	redactor_free(b->b_rd);
	intake_free(b->b_intake);
	store_pool_free(b->b_pool);
	tg_api_free(b->b_api);
	free(b->b_support);
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

/* Waits for SIGTERM or SIGINT. */
static void
signal_loop(const sigset_t *set)
{
	int sig;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGHUP)
			log_warn("SIGHUP: a new configuration takes a restart "
			    "of postdesk-telegram");
		else if (sig == SIGTERM || sig == SIGINT)
			return;
	}
}

/* postdesk-telegram: the Telegram door. */
int
main(int argc, char **argv)
{
	const char *path = conf_default_path();
	struct tg_sender *sender;
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
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	parser_init();
	bot_setup(&b, cf);
	if ((sender = tg_sender_start(cf, err, sizeof(err))) == NULL) {
		log_err("telegram sender: %s", err);
		exit(EX_CONFIG);
	}
	if (pthread_create(&tid, NULL, poller, &b) != 0)
		log_fatal("cannot start the polling thread");
	log_info("started");
	signal_loop(&set);
	stop_requested = 1;
	pthread_join(tid, NULL);
	tg_sender_stop(sender);
	bot_teardown(&b);
	log_info("stopped");
	conf_unref(cf);
	parser_shutdown();
	return 0;
}
