/* snap.c - the current config snapshot, and the cap on mails in intake.
 *
 * A snapshot is a config with the store pool and the intake built from
 * it.  Each mail takes a reference at MAIL FROM and gives it back when it
 * ends, so a reload (SIGHUP) swaps in a new snapshot while the mails in
 * flight finish on the old one; the last of them frees it.
 *
 * The gate bounds how many mails run the pipeline at once (libmilter
 * starts a thread per connection without limit); a mail waits a bounded
 * time for a seat, then is told to come back (451 4.3.2).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "intake/intake.h"
#include "milter/milter.h"
#include "store/store.h"

static pthread_mutex_t	 snap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snap	*snap_current;

static pthread_mutex_t	 gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 gate_cond;
static pthread_once_t	 gate_once = PTHREAD_ONCE_INIT;
static int		 gate_inside;

/* Builds a snapshot: its own pool, its own intake. */
struct snap *
snap_new(struct conf *conf, void (*wake)(void), char *err, size_t errlen)
{
	struct snap *s = xcalloc(1, sizeof(*s));

	s->sn_conf = conf_ref(conf);
	s->sn_pool = store_pool_new(conf->cf_database,
	    (int)conf->cf_db_pool_size, (int)conf->cf_db_pool_wait);
	if (s->sn_pool == NULL) {
		snprintf(err, errlen, "cannot make a database pool");
		goto fail;
	}
	if ((s->sn_intake = intake_new(conf, s->sn_pool, err, errlen)) ==
	    NULL)
		goto fail;
	/* our own worker is woken directly, not by NOTIFY, which would make
	 * every commit wait for the one before */
	if (conf->cf_notify)
		intake_set_wake(s->sn_intake, wake);
	s->sn_refs = 1;
	return s;
fail:
	store_pool_free(s->sn_pool);
	conf_unref(s->sn_conf);
	free(s);
	return NULL;
}

/* Frees a snapshot nobody uses any more. */
static void
snap_free(struct snap *s)
{
	intake_free(s->sn_intake);
	store_pool_free(s->sn_pool);
	conf_unref(s->sn_conf);
	free(s);
}

/* Makes s current; drops the reference on the one it replaces. */
void
snap_install(struct snap *s)
{
	struct snap *old;

	pthread_mutex_lock(&snap_lock);
	old = snap_current;
	snap_current = s;
	pthread_mutex_unlock(&snap_lock);
	snap_put(old);
}

/* Takes a reference on the current snapshot. */
struct snap *
snap_get(void)
{
	struct snap *s;

	pthread_mutex_lock(&snap_lock);
	if ((s = snap_current) != NULL)
		s->sn_refs++;
	pthread_mutex_unlock(&snap_lock);
	return s;
}

/* Gives a reference back; the last one frees. */
void
snap_put(struct snap *s)
{
	int last;

	if (s == NULL)
		return;
	pthread_mutex_lock(&snap_lock);
	last = --s->sn_refs == 0;
	pthread_mutex_unlock(&snap_lock);
	if (last)
		snap_free(s);
}

/* The condition variable waits on the monotonic clock. */
static void
gate_init(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&gate_cond, &a);
	pthread_condattr_destroy(&a);
}

/* A deadline wait_ms from now. */
static void
deadline(struct timespec *ts, long wait_ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += wait_ms / 1000;
	ts->tv_nsec += (wait_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Takes a seat in intake, waiting at most wait_ms. */
int
gate_enter(long max, long wait_ms)
{
	struct timespec ts;
	int rc = 0;

	pthread_once(&gate_once, gate_init);
	deadline(&ts, wait_ms);
	pthread_mutex_lock(&gate_lock);
	while (gate_inside >= max && rc == 0)
		if (pthread_cond_timedwait(&gate_cond, &gate_lock, &ts) ==
		    ETIMEDOUT && gate_inside >= max)
			rc = -1;
	if (rc == 0)
		gate_inside++;
	pthread_mutex_unlock(&gate_lock);
	return rc;
}

/* Gives a seat back. */
void
gate_leave(void)
{
	pthread_once(&gate_once, gate_init);
	pthread_mutex_lock(&gate_lock);
	gate_inside--;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

/* How many mails are in intake now. */
int
gate_busy(void)
{
	int n;

	pthread_mutex_lock(&gate_lock);
	n = gate_inside;
	pthread_mutex_unlock(&gate_lock);
	return n;
}

/* Waits for intake to empty, at most wait_ms. */
int
gate_drain(long wait_ms)
{
	struct timespec ts;
	int rc = 0;

	pthread_once(&gate_once, gate_init);
	deadline(&ts, wait_ms);
	pthread_mutex_lock(&gate_lock);
	while (gate_inside > 0 && rc == 0)
		if (pthread_cond_timedwait(&gate_cond, &gate_lock, &ts) ==
		    ETIMEDOUT && gate_inside > 0)
			rc = -1;
	pthread_mutex_unlock(&gate_lock);
	return rc;
}
