/* main.c - postdesk, the milter daemon: options, start-up, signals.
 *
 *   postdesk [-fnV] [-c FILE] [-p SOCKET]
 *
 * -n runs the configuration check (confcheck/, as postdeskctl
 * config-check does) and exits 0, or 78 on errors; -V prints the version.
 * At start the same check is run and what it finds is logged.
 * Start-up order matters: the socket is opened (as root if need be)
 * before detaching so errors reach the terminal, privileges are dropped
 * after the socket and pid file exist, and signals are blocked before any
 * thread starts.  libmilter runs in its own thread; the main thread waits
 * for SIGHUP (reload: a new snapshot, mails in flight finish on the old
 * one) and SIGTERM/SIGINT (stop accepting, finish what is in intake,
 * stop the notifier, exit).  Signals sent to the process go to the main
 * thread first on Linux, ahead of libmilter's own signal thread.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "common/conf.h"
#include "common/log.h"
#include "common/sig.h"
#include "common/xalloc.h"
#include "confcheck/confcheck.h"
#include "intake/intake.h"
#include "milter/milter.h"
#include "notifier/notifier.h"
#include "parser/parser.h"

#define DRAIN_MS	30000	/* how long SIGTERM waits for mails in flight */
#define FLUSH_MS	200	/* for libmilter to write the last replies */

static pthread_t	 main_thread;
static volatile int	 stop_requested;

struct run {
	const char	*r_path;	/* -c */
	char		*r_socket;	/* effective socket */
	struct conf	*r_conf;	/* current */
	struct notifier	*r_notifier;
	int		 r_foreground;
};

/* Prints usage and exits. */
static void
usage(void)
{
	fprintf(stderr, "usage: postdesk [-fnV] [-c config] [-p socket]\n");
	exit(EX_USAGE);
}

/* Where log lines go and how many. */
static void
setup_log(const struct conf *cf, int foreground)
{
	log_init("postdesk", !foreground && strcmp(cf->cf_log, "syslog") == 0);
	log_set_level(cf->cf_log_debug ? LOG_L_DEBUG : LOG_L_INFO);
}

static pthread_mutex_t	 kick_lock = PTHREAD_MUTEX_INITIALIZER;
static struct notifier	*kick_notifier;	/* the running worker, or NULL */

/* Wakes the outbox worker: a mail just queued something (the wake of
 * every snapshot's intake). */
static void
milter_kick(void)
{
	pthread_mutex_lock(&kick_lock);
	notifier_kick(kick_notifier);
	pthread_mutex_unlock(&kick_lock);
}

/* Makes n the worker milter_kick() wakes; returns the one it replaces. */
static struct notifier *
kick_set(struct notifier *n)
{
	struct notifier *old;

	pthread_mutex_lock(&kick_lock);
	old = kick_notifier;
	kick_notifier = n;
	pthread_mutex_unlock(&kick_lock);
	return old;
}

/* Starts the outbox worker when the config asks for it. */
static struct notifier *
start_notifier(const struct conf *cf)
{
	struct notifier *n;
	char err[256];

	if (!cf->cf_notify)
		return NULL;
	n = notifier_start(cf->cf_database, cf->cf_smtp_url,
	    (int)cf->cf_outbox_max_attempts, (int)cf->cf_outbox_poll, err,
	    sizeof(err));
	if (n == NULL)
		log_err("notifier: %s; confirmations stay queued", err);
	(void)kick_set(n);
	return n;
}

/* Does the notifier need a restart for the new config? */
static int
notifier_changed(const struct conf *a, const struct conf *b)
{
	return a->cf_notify != b->cf_notify ||
	    strcmp(a->cf_database, b->cf_database) != 0 ||
	    strcmp(a->cf_smtp_url, b->cf_smtp_url) != 0 ||
	    a->cf_outbox_max_attempts != b->cf_outbox_max_attempts ||
	    a->cf_outbox_poll != b->cf_outbox_poll;
}

/* SIGHUP: a new snapshot, or the old one kept with a log line. */
static void
reload(void *arg)
{
	struct run *r = arg;
	struct conf *cf;
	struct snap *s;
	char err[512];

	if ((cf = conf_load(r->r_path, err, sizeof(err))) == NULL) {
		log_err("reload: %s; keeping the running configuration",
		    err);
		return;
	}
	if ((s = snap_new(cf, milter_kick, err, sizeof(err))) == NULL) {
		log_err("reload: %s; keeping the running configuration",
		    err);
		conf_unref(cf);
		return;
	}
	snap_install(s);
	setup_log(cf, r->r_foreground);
	if (strcmp(cf->cf_socket, r->r_conf->cf_socket) != 0)
		log_warn("reload: a new socket takes a restart");
	if (notifier_changed(r->r_conf, cf)) {
		notifier_stop(kick_set(NULL));
		r->r_notifier = start_notifier(cf);
	}
	conf_unref(r->r_conf);
	r->r_conf = cf;
	log_info("reloaded %s", r->r_path);
}

/* The libmilter thread: runs until smfi_stop(). */
static void *
listener(void *arg)
{
	int rc;

	(void)arg;
	rc = smfi_main();
	if (!stop_requested) {
		log_err("libmilter stopped on its own (rc %d); exiting", rc);
		pthread_kill(main_thread, SIGTERM);
	}
	return NULL;
}

/* Sleeps ms milliseconds. */
static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Runs smfi_stop(), which waits for the listener to let go. */
static void *
stopper(void *arg)
{
	int *done = arg;

	smfi_stop();
	__atomic_store_n(done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Stops libmilter's listener.  smfi_stop() waits until the listener's
 * poll times out (5 s); connecting to our own socket ends that poll. */
static void
stop_listener(const char *socket)
{
	static int done;
	pthread_t tid;
	int i;

	if (pthread_create(&tid, NULL, stopper, &done) != 0) {
		smfi_stop();
		return;
	}
	for (i = 0; i < 100 && !__atomic_load_n(&done, __ATOMIC_SEQ_CST);
	    i++) {
		sleep_ms(20);
		daemon_poke_socket(socket);
	}
	if (__atomic_load_n(&done, __ATOMIC_SEQ_CST))
		pthread_join(tid, NULL);
	else
		pthread_detach(tid);
}

/* Stops accepting, lets the mails in flight finish, stops the rest. */
static void
shutdown_all(struct run *r)
{
	long waited = 0;

	log_info("stopping: %d mail(s) in flight, %d in intake",
	    milter_active(), gate_busy());
	stop_requested = 1;
	milter_stopping();
	stop_listener(r->r_socket);
	while (milter_active() > 0 && waited < DRAIN_MS) {
		sleep_ms(50);
		waited += 50;
	}
	if (milter_active() > 0)
		log_warn("stopping: %d mail(s) still in flight after %d ms",
		    milter_active(), DRAIN_MS);
	sleep_ms(FLUSH_MS);
	notifier_stop(kick_set(NULL));
	r->r_notifier = NULL;
}

/* Logs what the configuration check finds in a config about to run. */
static void
log_config_problems(const struct conf *cf)
{
	struct confcheck cc;
	size_t i;

	confcheck_init(&cc);
	confcheck_conf(&cc, cf, 0);
	for (i = 0; i < cc.cc_n; i++)
		log_warn("configuration %s: %s: %s; fix: %s",
		    cc.cc_items[i].ci_level == CC_ERROR ? "error" : "warning",
		    cc.cc_items[i].ci_key, cc.cc_items[i].ci_text,
		    cc.cc_items[i].ci_fix);
	confcheck_free(&cc);
}

/* Everything up to the point where mail may come in. */
static void
start(struct run *r)
{
	const struct conf *cf = r->r_conf;
	char err[512];
	struct snap *s;

	if (milter_setup(r->r_socket, err, sizeof(err)) < 0 ||
	    daemon_open_socket(cf, r->r_socket, err, sizeof(err)) < 0) {
		log_err("%s", err);
		exit(EX_OSERR);
	}
	if (!r->r_foreground && daemon_detach(strcmp(cf->cf_log, "stderr") ==
	    0, err, sizeof(err)) < 0) {
		log_err("%s", err);
		exit(EX_OSERR);
	}
	if (cf->cf_pidfile != NULL &&
	    daemon_write_pidfile(cf->cf_pidfile, err, sizeof(err)) < 0) {
		log_err("%s", err);
		exit(EX_CANTCREAT);
	}
	if (daemon_drop_privileges(cf->cf_user, err, sizeof(err)) < 0) {
		log_err("%s", err);
		exit(EX_NOPERM);
	}
	parser_init();
	if (notifier_global_init() < 0) {
		log_err("cannot initialise libcurl");
		exit(EX_SOFTWARE);
	}
	if ((s = snap_new(r->r_conf, milter_kick, err, sizeof(err))) == NULL) {
		log_err("%s", err);
		exit(EX_CONFIG);
	}
	snap_install(s);
}

/* postdesk: the milter. */
int
main(int argc, char **argv)
{
	struct run r;
	sigset_t set;
	pthread_t tid;
	int ch, check_only = 0;

	memset(&r, 0, sizeof(r));
	r.r_path = conf_default_path();
	while ((ch = getopt(argc, argv, "c:fnp:V")) != -1) {
		switch (ch) {
		case 'c': r.r_path = optarg; break;
		case 'f': r.r_foreground = 1; break;
		case 'n': check_only = 1; break;
		case 'p': r.r_socket = optarg; break;
		case 'V':
			printf("postdesk %s\n", PACKAGE_VERSION);
			return 0;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (check_only)
		confcheck_exit(r.r_path, 0, "postdesk");
	r.r_conf = confcheck_load(r.r_path, "postdesk");
	r.r_socket = xstrdup(r.r_socket != NULL ? r.r_socket :
	    r.r_conf->cf_socket);	/* outlives reloads */
	setup_log(r.r_conf, r.r_foreground);
	log_config_problems(r.r_conf);
	sig_block(&set);
	start(&r);

	main_thread = pthread_self();
	milter_own_signals();
	r.r_notifier = start_notifier(r.r_conf);
	if (pthread_create(&tid, NULL, listener, NULL) != 0)
		log_fatal("cannot start the listener thread");
	pthread_detach(tid);
	log_info("listening on %s", r.r_socket);

	sig_loop(&set, reload, &r);
	shutdown_all(&r);
	snap_install(NULL);
	daemon_remove_socket(r.r_socket);
	if (r.r_conf->cf_pidfile != NULL)
		unlink(r.r_conf->cf_pidfile);
	log_info("stopped");
	conf_unref(r.r_conf);
	free(r.r_socket);
	if (milter_active() == 0)
		parser_shutdown();
	return 0;
}
