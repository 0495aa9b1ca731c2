/* pool.c - a bounded pool of connections shared by threads.
 *
 * At most p_size connections, opened lazily by the thread that needs one
 * (outside the lock); a thread finding none free waits on a condition
 * variable for at most p_wait_ms.  Connections come back through
 * store_pool_put(): an open transaction is rolled back, a broken
 * connection is closed so that the next borrower opens a fresh one.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"
#include "store/store_int.h"

struct store_pool {
	pthread_mutex_t	  p_lock;
	pthread_cond_t	  p_cond;
	char		 *p_conninfo;
	int		  p_size;
	int		  p_wait_ms;
	int		  p_open;	/* connections in existence */
	int		  p_nidle;
	struct store	**p_idle;
};

/* A pool of at most size connections, waiting at most wait_ms for one. */
struct store_pool *
store_pool_new(const char *conninfo, int size, int wait_ms)
{
	struct store_pool *p;
	pthread_condattr_t ca;

	p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->p_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->p_cond, &ca);
	pthread_condattr_destroy(&ca);
	p->p_conninfo = xstrdup(conninfo != NULL ? conninfo : "");
	p->p_size = size > 0 ? size : 1;
	p->p_wait_ms = wait_ms >= 0 ? wait_ms : 0;
	p->p_idle = xcalloc((size_t)p->p_size, sizeof(*p->p_idle));
	return p;
}

/* Closes the idle connections and frees the pool (all must be back). */
void
store_pool_free(struct store_pool *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < p->p_nidle; i++)
		store_close(p->p_idle[i]);
	pthread_cond_destroy(&p->p_cond);
	pthread_mutex_destroy(&p->p_lock);
	free(p->p_idle);
	free(p->p_conninfo);
	free(p);
}

/* The deadline now + ms on the monotonic clock. */
static void
pool_deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Takes an idle connection, or a slot to open one (*s NULL); 0 when
 * neither came within the wait.  Called with the lock held. */
static int
pool_take(struct store_pool *p, struct store **s)
{
	struct timespec dl;
	int rc = 0;

	pool_deadline(&dl, p->p_wait_ms);
	for (;;) {
		if (p->p_nidle > 0) {
			*s = p->p_idle[--p->p_nidle];
			return 1;
		}
		if (p->p_open < p->p_size) {
			p->p_open++;
			*s = NULL;
			return 1;
		}
		if (rc != 0)
			return 0;
		rc = pthread_cond_timedwait(&p->p_cond, &p->p_lock, &dl);
	}
}

/* Gives a slot back after a connection was closed or never opened. */
static void
pool_release_slot(struct store_pool *p)
{
	pthread_mutex_lock(&p->p_lock);
	p->p_open--;
	pthread_cond_signal(&p->p_cond);
	pthread_mutex_unlock(&p->p_lock);
}

/* Lends a connection: an idle one, a new one, or NULL after the wait. */
struct store *
store_pool_get(struct store_pool *p, char *err, size_t errlen)
{
	struct store *s;
	int ok;

	pthread_mutex_lock(&p->p_lock);
	ok = pool_take(p, &s);
	pthread_mutex_unlock(&p->p_lock);
	if (!ok) {
		snprintf(err, errlen, "database pool exhausted (%d in use "
		    "after %d ms)", p->p_size, p->p_wait_ms);
		return NULL;
	}
	if (s != NULL && store_broken(s)) {
		store_close(s);
		s = NULL;
	}
	if (s == NULL && (s = store_open(p->p_conninfo, err, errlen)) ==
	    NULL) {
		pool_release_slot(p);
		return NULL;
	}
	return s;
}

/* Takes a connection back; rolls back what is open, drops what broke. */
void
store_pool_put(struct store_pool *p, struct store *s)
{
	if (s == NULL)
		return;
	if (!store_broken(s) && store_in_transaction(s))
		store_rollback(s);
	if (store_broken(s) || store_in_transaction(s)) {
		store_close(s);
		pool_release_slot(p);
		return;
	}
	pthread_mutex_lock(&p->p_lock);
	p->p_idle[p->p_nidle++] = s;
	pthread_cond_signal(&p->p_cond);
	pthread_mutex_unlock(&p->p_lock);
}
