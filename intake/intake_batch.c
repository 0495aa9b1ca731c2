/* intake_batch.c - imports: mails parsed on worker threads while the
 * caller's thread stores them, many at a time.
 *
 * Mails wait in a ring, in order.  Workers take them in that order and do
 * everything before the database (intake_job_mem).  intake_batch_pop()
 * stores the oldest: with the prepared mails after it, by the grouped
 * writer (intake_group.c).  A mail runs alone (intake_job_store, as a
 * single mail would run) when a group cannot take it: an agent's mail
 * (commands, relays), a bounce, a content over STORE_GROUP_BIG, a call the
 * group missed; and every mail of a group whose writes fail runs alone
 * again, so a mail that cannot be stored is reported with its own reason
 * and the others are kept.  A group ends before a mail that would look up
 * what an earlier mail of the group wrote; that mail starts the next
 * group.
 */
#include "config.h"

#include <sys/resource.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "intake/intake_int.h"

#define IB_RING		256		/* mails queued at most */
#define IB_RING_BYTES	(16u << 20)	/* ... and bytes of them */
#define IB_NICE		5		/* the workers' lower priority */

enum ib_state { IB_QUEUED, IB_WORKING, IB_READY, IB_DONE };

/* What a mail leaves once its verdict is taken: freed by a worker, not
 * by the thread that talks to the database. */
struct ib_trash {
	struct ib_trash		*tr_next;
	struct intake_job	 tr_job;	/* prepared, with its mail */
	char			*tr_data;
};

struct ib_item {
	size_t			 it_pos;	/* in the queue */
	struct intake_env	 it_env;
	char			*it_sender;
	char			*it_data;
	size_t			 it_len;
	enum ib_state		 it_state;	/* DONE: it_st is set */
	int			 it_job_ok;	/* it_job is prepared */
	int			 it_alone;	/* not in a group */
	struct intake_job	 it_job;
	struct intake_result	 it_res;
	enum intake_status	 it_st;
	struct intake_gmail	 it_gm;		/* for the grouped writer */
};

struct intake_batch {
	struct intake		*b_in;
	pthread_mutex_t		 b_lock;
	pthread_cond_t		 b_work;	/* work, or stop */
	pthread_cond_t		 b_ready;	/* a mail was prepared */
	pthread_t		*b_threads;
	struct ib_trash		*b_trash;
	int			 b_nthreads;
	int			 b_stop;
	int			 b_retries;
	struct ib_item		*b_ring;
	size_t			 b_head;	/* the oldest */
	size_t			 b_next;	/* the next to prepare */
	size_t			 b_tail;	/* after the newest */
	size_t			 b_bytes;
	unsigned long		 b_groups;	/* groups written */
};

/* The item of a queue position. */
static struct ib_item *
ib_slot(const struct intake_batch *b, size_t i)
{
	return &b->b_ring[i % IB_RING];
}

/* Frees what a mail left. */
static void
ib_trash_free(struct ib_trash *tr)
{
	if (tr->tr_job.j_mail != NULL) {
		intake_job_free(&tr->tr_job);
		mail_free(tr->tr_job.j_mail);
	}
	free(tr->tr_data);
	free(tr);
}

/* A worker: frees what mails left, prepares queued mails in order until
 * told to stop. */
static void *
ib_worker(void *arg)
{
	struct intake_batch *b = arg;
	struct ib_trash *tr;
	struct ib_item *it;

#ifdef __linux__
	/* The thread that stores and the database are the import's critical
	 * path; what the workers make waits in the ring.  (Linux gives each
	 * thread its own nice value.) */
	setpriority(PRIO_PROCESS, (id_t)gettid(), IB_NICE);
#endif
	pthread_mutex_lock(&b->b_lock);
	for (;;) {
		while (!b->b_stop && b->b_next == b->b_tail &&
		    b->b_trash == NULL)
			pthread_cond_wait(&b->b_work, &b->b_lock);
		if (b->b_stop)
			break;
		if ((tr = b->b_trash) != NULL) {
			b->b_trash = tr->tr_next;
			pthread_mutex_unlock(&b->b_lock);
			ib_trash_free(tr);
			pthread_mutex_lock(&b->b_lock);
			continue;
		}
		it = ib_slot(b, b->b_next++);
		it->it_state = IB_WORKING;
		pthread_mutex_unlock(&b->b_lock);
		it->it_job_ok = intake_job_mem(b->b_in, &it->it_env,
		    it->it_data, it->it_len, &it->it_res, &it->it_job,
		    &it->it_st);
		it->it_alone = it->it_job_ok &&
		    intake_group_alone(&it->it_job);
		pthread_mutex_lock(&b->b_lock);
		it->it_state = it->it_job_ok ? IB_READY : IB_DONE;
		pthread_cond_broadcast(&b->b_ready);
	}
	pthread_mutex_unlock(&b->b_lock);
	return NULL;
}

/* A batch with its worker threads. */
struct intake_batch *
intake_batch_new(struct intake *in, int threads, int retries)
{
	struct intake_batch *b;
	int i;

	b = xcalloc(1, sizeof(*b));
	b->b_in = in;
	b->b_retries = retries;
	b->b_ring = xcalloc(IB_RING, sizeof(*b->b_ring));
	pthread_mutex_init(&b->b_lock, NULL);
	pthread_cond_init(&b->b_work, NULL);
	pthread_cond_init(&b->b_ready, NULL);
	b->b_nthreads = threads > 0 ? threads : 1;
	b->b_threads = xcalloc((size_t)b->b_nthreads, sizeof(pthread_t));
	for (i = 0; i < b->b_nthreads; i++)
		if (pthread_create(&b->b_threads[i], NULL, ib_worker, b) != 0)
			break;
	b->b_nthreads = i;
	if (i == 0) {
		intake_batch_free(b);
		return NULL;
	}
	return b;
}

/* Releases what an item holds (its verdict was taken or is dropped);
 * the mail and its bytes go to the workers to free. */
static void
ib_release(struct intake_batch *b, struct ib_item *it)
{
	struct ib_trash *tr = xcalloc(1, sizeof(*tr));

	if (it->it_job_ok)
		tr->tr_job = it->it_job;
	tr->tr_data = it->it_data;
	intake_result_free(&it->it_res);
	free(it->it_sender);
	b->b_bytes -= it->it_len;
	memset(it, 0, sizeof(*it));
	pthread_mutex_lock(&b->b_lock);
	tr->tr_next = b->b_trash;
	b->b_trash = tr;
	pthread_cond_signal(&b->b_work);
	pthread_mutex_unlock(&b->b_lock);
}

/* Drops every queued mail, waiting for those being prepared. */
static void
ib_clear(struct intake_batch *b)
{
	size_t i;

	pthread_mutex_lock(&b->b_lock);
	b->b_next = b->b_tail;		/* the workers take no more */
	for (i = b->b_head; i < b->b_tail; i++)
		while (ib_slot(b, i)->it_state == IB_WORKING)
			pthread_cond_wait(&b->b_ready, &b->b_lock);
	pthread_mutex_unlock(&b->b_lock);
	for (i = b->b_head; i < b->b_tail; i++)
		ib_release(b, ib_slot(b, i));
	b->b_head = b->b_next = b->b_tail = 0;
}

/* Drops what is queued, stops the workers, frees the batch. */
void
intake_batch_free(struct intake_batch *b)
{
	struct ib_trash *tr;
	int i;

	if (b == NULL)
		return;
	ib_clear(b);
	pthread_mutex_lock(&b->b_lock);
	b->b_stop = 1;
	pthread_cond_broadcast(&b->b_work);
	pthread_mutex_unlock(&b->b_lock);
	for (i = 0; i < b->b_nthreads; i++)
		pthread_join(b->b_threads[i], NULL);
	while ((tr = b->b_trash) != NULL) {
		b->b_trash = tr->tr_next;
		ib_trash_free(tr);
	}
	pthread_cond_destroy(&b->b_ready);
	pthread_cond_destroy(&b->b_work);
	pthread_mutex_destroy(&b->b_lock);
	free(b->b_threads);
	free(b->b_ring);
	free(b);
}

/* Whether another mail fits in the queue. */
int
intake_batch_room(const struct intake_batch *b)
{
	return b->b_tail - b->b_head < IB_RING &&
	    (b->b_bytes < IB_RING_BYTES || b->b_tail == b->b_head);
}

/* Queues a mail for the workers. */
void
intake_batch_push(struct intake_batch *b, const struct intake_env *env,
    char *data, size_t len)
{
	struct ib_item *it = ib_slot(b, b->b_tail);

	memset(it, 0, sizeof(*it));
	it->it_pos = b->b_tail;
	it->it_env = *env;
	it->it_sender = xstrdup_null(env->ie_sender);
	it->it_env.ie_sender = it->it_sender;
	it->it_data = data;
	it->it_len = len;
	it->it_state = IB_QUEUED;
	b->b_bytes += len;
	pthread_mutex_lock(&b->b_lock);
	b->b_tail++;
	pthread_cond_signal(&b->b_work);
	pthread_mutex_unlock(&b->b_lock);
}

/* Waits until the item at position i is prepared. */
static struct ib_item *
ib_wait(struct intake_batch *b, size_t i)
{
	struct ib_item *it = ib_slot(b, i);

	pthread_mutex_lock(&b->b_lock);
	while (it->it_state < IB_READY)
		pthread_cond_wait(&b->b_ready, &b->b_lock);
	pthread_mutex_unlock(&b->b_lock);
	return it;
}

/* Stores a mail on its own, as a single mail runs (with the retries). */
static void
ib_store_alone(struct intake_batch *b, struct ib_item *it)
{
	enum store_status st;
	char err[256];
	int attempt;

	for (attempt = 0; ; attempt++) {
		st = intake_job_store(&it->it_job, err, sizeof(err));
		it->it_st = intake_job_finish(&it->it_job, st, err, 0);
		if (it->it_st != INTAKE_SOFT || it->it_job.j_conf_err ||
		    attempt >= b->b_retries)
			break;
		sleep(1);
	}
	it->it_state = IB_DONE;
}

/* Stores prepared mails as groups: each group up to the first mail that
 * must not join it; a mail that must run alone is left for ib_store(). */
static void
ib_store_group(struct intake_batch *b, struct ib_item **items, size_t n)
{
	struct intake_gmail *v[IG_GROUP];
	size_t i, took;

	for (i = 0; i < n; i++) {
		memset(&items[i]->it_gm, 0, sizeof(items[i]->it_gm));
		items[i]->it_gm.gm_job = &items[i]->it_job;
		v[i] = &items[i]->it_gm;
	}
	took = intake_group_run(b->b_in, v, n, ++b->b_groups);
	for (i = 0; i < took; i++) {
		if (v[i]->gm_state != GM_STORED) {
			items[i]->it_alone = 1;
			continue;
		}
		items[i]->it_st = intake_job_finish(&items[i]->it_job,
		    STORE_ONE, "", 0);
		items[i]->it_state = IB_DONE;
	}
}

/* Stores the oldest mail: alone, or in a group with the prepared mails
 * after it (up to the first that must run alone). */
static void
ib_store(struct intake_batch *b)
{
	struct ib_item *items[IG_GROUP], *it = ib_slot(b, b->b_head);
	size_t i, n = 0, bytes = 0;

	if (it->it_alone) {
		ib_store_alone(b, it);
		return;
	}
	for (i = b->b_head; i < b->b_tail && n < IG_GROUP &&
	    bytes < IG_GROUP_BYTES; i++) {
		it = ib_wait(b, i);
		if (it->it_state == IB_DONE)
			continue;	/* decided without the database */
		if (it->it_alone)
			break;
		items[n++] = it;
		bytes += it->it_len;
	}
	ib_store_group(b, items, n);
}

/* The verdict on the oldest mail, stored first if need be. */
int
intake_batch_pop(struct intake_batch *b, enum intake_status *st,
    struct intake_result *res)
{
	struct ib_item *it;

	if (b->b_head == b->b_tail)
		return 0;
	it = ib_wait(b, b->b_head);
	while (it->it_state != IB_DONE)
		ib_store(b);
	*st = it->it_st;
	*res = it->it_res;
	memset(&it->it_res, 0, sizeof(it->it_res));
	ib_release(b, it);
	b->b_head++;
	return 1;
}
