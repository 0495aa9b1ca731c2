/* loop.c - the thread an outbox sender runs in: the mail worker
 * (worker.c) and the Telegram sender share it.
 *
 * Offers notifier_loop_start(), notifier_loop_stopping(),
 * notifier_loop_due(), notifier_loop_kick() and notifier_loop_stop().  The
 * thread keeps its own database connection (LISTEN postdesk_outbox) and
 * calls the sender's drain whenever rows may be due: at start, on NOTIFY,
 * on a kick, every poll_s seconds and at the time a sender asked for.  A
 * lost database is reopened every few seconds; nothing ever spins.  On
 * stop the sender may send what is due for a bounded time, then says what
 * it could not record.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "notifier/notifier.h"

#define LOOP_RETRY_S	3	/* between attempts to reopen the database */
#define LOOP_TICK_MS	1000	/* longest wait for a notification */

struct notifier_loop {
	pthread_t		 l_thread;
	struct notifier_loop_ops l_ops;
	void			*l_arg;
	char			*l_conninfo;
	int			 l_poll_s;
	time_t			 l_due;		/* a wake-up asked for (0) */
	int			 l_wake[2];	/* a pipe: stop, or a kick */
	pthread_mutex_t		 l_lock;
	int			 l_stop;
};

/* Whether notifier_loop_stop() was called. */
int
notifier_loop_stopping(struct notifier_loop *l)
{
	int stop;

	pthread_mutex_lock(&l->l_lock);
	stop = l->l_stop;
	pthread_mutex_unlock(&l->l_lock);
	return stop;
}

/* Asks to be woken by when (in the loop's own thread, from drain). */
void
notifier_loop_due(struct notifier_loop *l, time_t when)
{
	if (l->l_due == 0 || when < l->l_due)
		l->l_due = when;
}

/* Empties the wake-up pipe (both ends are non-blocking). */
static void
loop_drain_wake(struct notifier_loop *l)
{
	char buf[64];

	while (read(l->l_wake[0], buf, sizeof(buf)) > 0)
		;
}

/* Sleeps up to ms, or less when stop is asked. */
static void
loop_sleep(struct notifier_loop *l, int ms)
{
	struct pollfd pfd = { l->l_wake[0], POLLIN, 0 };

	if (!notifier_loop_stopping(l))
		(void)poll(&pfd, 1, ms);
	loop_drain_wake(l);
}

/* Copies s into out (may be s) with line breaks and tabs as blanks. */
static const char *
oneline(const char *s, char *out, size_t outlen)
{
	size_t i;

	if (s != out)
		snprintf(out, outlen, "%s", s != NULL ? s : "");
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == '\n' || out[i] == '\r' || out[i] == '\t')
			out[i] = ' ';
	while (i > 0 && out[i - 1] == ' ')
		out[--i] = '\0';
	return out;
}

/* Opens the database and LISTENs; NULL (after a log line) when down. */
static struct store *
loop_connect(struct notifier_loop *l, int *warned)
{
	struct store *st;
	char err[512];

	if ((st = store_open(l->l_conninfo, err, sizeof(err))) != NULL &&
	    store_listen(st) == STORE_ONE) {
		if (*warned)
			log_info("%s: database back", l->l_ops.lo_name);
		*warned = 0;
		return st;
	}
	if (st != NULL) {
		snprintf(err, sizeof(err), "%s", store_error(st));
		store_close(st);
	}
	if (!*warned)
		log_warn("%s: database unavailable (%s); retrying",
		    l->l_ops.lo_name, oneline(err, err, sizeof(err)));
	*warned = 1;
	return NULL;
}

/* Waits for a notification, a kick, the poll timer, the time asked for
 * or stop; -1 when the connection was lost. */
static int
loop_wait(struct notifier_loop *l, struct store *st)
{
	time_t until = time(NULL) + l->l_poll_s;
	enum store_status s;

	if (l->l_due != 0 && l->l_due < until)
		until = l->l_due;
	l->l_due = 0;
	while (!notifier_loop_stopping(l) && time(NULL) < until) {
		s = store_wait_notify_fd(st, LOOP_TICK_MS, l->l_wake[0]);
		if (s == STORE_ONE) {
			loop_drain_wake(l);
			return 0;
		}
		if (s < STORE_NONE)
			return -1;
	}
	return 0;
}

/* The thread: connect, drain, wait, until stopped. */
static void *
loop_main(void *arg)
{
	struct notifier_loop *l = arg;
	struct store *st = NULL;
	char line[256];
	int warned = 0, hard = 0, rc;

	while (!notifier_loop_stopping(l)) {
		if (st == NULL && (st = loop_connect(l, &warned)) == NULL) {
			loop_sleep(l, LOOP_RETRY_S * 1000);
			continue;
		}
		rc = l->l_ops.lo_drain(l, st, 0, l->l_arg);
		if (rc == -2 && !hard)
			log_err("%s: cannot claim outbox rows (%s); retrying "
			    "every %d s", l->l_ops.lo_name, oneline(
			    store_error(st), line, sizeof(line)), l->l_poll_s);
		hard = rc == -2;
		if (rc == -1 || loop_wait(l, st) < 0) {
			if (!warned)
				log_warn("%s: database lost (%s); "
				    "reconnecting", l->l_ops.lo_name, oneline(
				    store_error(st), line, sizeof(line)));
			warned = 1;
			store_close(st);
			st = NULL;
			loop_sleep(l, LOOP_RETRY_S * 1000);
		}
	}
	/* what is due now may still go out, within a bound on shutdown */
	if (st == NULL)
		st = loop_connect(l, &warned);
	if (st != NULL && l->l_ops.lo_final_s > 0)
		(void)l->l_ops.lo_drain(l, st, time(NULL) +
		    l->l_ops.lo_final_s, l->l_arg);
	l->l_ops.lo_done(st, l->l_arg);
	store_close(st);
	return NULL;
}

/* Frees a loop that has no thread (any more). */
static void
loop_free(struct notifier_loop *l)
{
	close(l->l_wake[0]);
	close(l->l_wake[1]);
	pthread_mutex_destroy(&l->l_lock);
	free(l->l_conninfo);
	free(l);
}

/* Starts the thread (signals blocked in it). */
struct notifier_loop *
notifier_loop_start(const struct notifier_loop_ops *ops, void *arg,
    const char *conninfo, int poll_s, char *err, size_t errlen)
{
	struct notifier_loop *l;
	sigset_t all, old;
	int rc;

	l = xcalloc(1, sizeof(*l));
	if (pipe(l->l_wake) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		free(l);
		return NULL;
	}
	for (rc = 0; rc < 2; rc++) {
		(void)fcntl(l->l_wake[rc], F_SETFD, FD_CLOEXEC);
		(void)fcntl(l->l_wake[rc], F_SETFL, O_NONBLOCK);
	}
	pthread_mutex_init(&l->l_lock, NULL);
	l->l_ops = *ops;
	l->l_arg = arg;
	l->l_conninfo = xstrdup(conninfo);
	l->l_poll_s = poll_s > 0 ? poll_s : 1;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&l->l_thread, NULL, loop_main, l);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "pthread_create: %s", strerror(rc));
		loop_free(l);
		return NULL;
	}
	return l;
}

/* Wakes the thread: something was queued by this process. */
void
notifier_loop_kick(struct notifier_loop *l)
{
	ssize_t w;

	if (l == NULL)
		return;
	w = write(l->l_wake[1], "k", 1);	/* a full pipe wakes it too */
	(void)w;
}

/* Asks the thread to stop, waits for it and frees the loop. */
void
notifier_loop_stop(struct notifier_loop *l)
{
	if (l == NULL)
		return;
	pthread_mutex_lock(&l->l_lock);
	l->l_stop = 1;
	pthread_mutex_unlock(&l->l_lock);
	notifier_loop_kick(l);
	pthread_join(l->l_thread, NULL);
	loop_free(l);
}
