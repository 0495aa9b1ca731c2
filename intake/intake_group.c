/* intake_group.c - storing prepared mails: one at a time, tried again for
 * a while when it fails softly, or by the grouped writer, many at a time,
 * in one transaction (store_group_begin), so that the lookups of a group
 * are one statement, its writes a few and its commit one WAL flush,
 * however many mails it holds.
 *
 * The import hands it the mails it has prepared (intake_batch.c); the
 * milter's threads hand it each their own mail (intake_group_commit):
 * whoever finds fewer groups being written than the writer may have at
 * once (db_writers, one by default) writes one at once with every mail
 * waiting, and the mails that arrive meanwhile wait for the next group
 * (leaders and followers: a lone mail waits for nobody).  Each mail gets
 * its own verdict after its group's commit.  A mail a group cannot take,
 * or one that fails in it, runs on its own (intake_job_store), and so does
 * every mail of a group whose writes fail: a failing mail never takes the
 * others down, and is answered with its own reason.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "intake/intake_int.h"

#define INTAKE_TRIES		3
#define INTAKE_RETRY_MS		2000	/* no new try after this long */

/* Wakes our own outbox worker after a commit that queued mail (others
 * were told by a NOTIFY in the transaction). */
void
intake_wake(struct intake *in)
{
	if (in->in_wake != NULL)
		in->in_wake();
}

/* Milliseconds since some fixed point. */
static long long
intake_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Clears what an attempt decides. */
static void
intake_attempt_reset(struct intake_job *j, char *err)
{
	err[0] = '\0';
	j->j_conf_err = 0;
	j->j_res->ir_config = 0;
	j->j_res->ir_action = IA_IGNORED;
	j->j_res->ir_ticket = 0;
	j->j_res->ir_confirmations = 0;
	j->j_res->ir_reason[0] = '\0';
	j->j_res->ir_smtp_code[0] = '\0';
	j->j_res->ir_dsn[0] = '\0';
}

/* One attempt at the transaction of a mail on s. */
enum store_status
intake_attempt_on(struct store *s, struct intake_job *j, char *err,
    size_t errlen)
{
	enum store_status st;
	long t;

	intake_attempt_reset(j, err);
	st = store_begin(s);
	if (st == STORE_ONE)
		st = intake_tx(s, j, err, errlen);
	/* workers of other processes learn of the mail queued at commit */
	if (st == STORE_ONE && j->j_res->ir_confirmations > 0 &&
	    j->j_in->in_wake == NULL)
		st = store_outbox_notify(s);
	if (st == STORE_ONE && ((j->j_res->ir_action != IA_DUPLICATE &&
	    j->j_res->ir_action != IA_IGNORED &&
	    j->j_res->ir_action != IA_REJECTED) ||
	    (j->j_res->ir_action == IA_IGNORED &&
	    j->j_res->ir_confirmations > 0)))
		st = store_commit(s);
	else
		store_rollback(s);
	if (st == STORE_NONE) {
		/* another instance stored the same key first */
		j->j_res->ir_action = IA_DUPLICATE;
		j->j_res->ir_ticket = 0;
		if (store_message_seen(s, j->j_key, &t) == STORE_ONE)
			j->j_res->ir_ticket = t;
		st = STORE_ONE;
	}
	if (st < 0 && *err == '\0')
		snprintf(err, errlen, "%s", store_error(s));
	return st;
}

/* One attempt at the transaction on a pooled connection. */
static enum store_status
intake_attempt(struct intake_job *j, char *err, size_t errlen)
{
	struct store *s;
	enum store_status st;

	intake_attempt_reset(j, err);
	if ((s = store_pool_get(j->j_in->in_pool, err, errlen)) == NULL)
		return STORE_SOFT;
	st = intake_attempt_on(s, j, err, errlen);
	store_pool_put(j->j_in->in_pool, s);
	if (st == STORE_ONE && j->j_res->ir_confirmations > 0)
		intake_wake(j->j_in);
	return st;
}

/* The transaction of a prepared mail, tried again for a while when it
 * fails softly. */
enum store_status
intake_job_store(struct intake_job *j, char *err, size_t errlen)
{
	enum store_status st = STORE_SOFT;
	long long start = intake_now_ms();
	int i;

	for (i = 0; i < INTAKE_TRIES; i++) {
		st = intake_attempt(j, err, errlen);
		if (st != STORE_SOFT || j->j_conf_err ||
		    intake_now_ms() - start > INTAKE_RETRY_MS)
			break;
	}
	return st;
}


/* Whether a group cannot take the prepared mail. */
int
intake_group_alone(const struct intake_job *j)
{
	const struct mail *m = j->j_mail;
	size_t i;

	if (j->j_trusted || j->j_auto == AC_BOUNCE || j->j_raw_fd >= 0 ||
	    j->j_raw.b_len > STORE_GROUP_BIG)
		return 1;
	for (i = 0; i < m->m_natt; i++)
		if (m->m_att[i].at_size > STORE_GROUP_BIG)
			return 1;
	return 0;
}

/* What the transaction of mail i will look up.  It is sure to open a
 * ticket (unless its key is stored) when nothing could thread it: no
 * references, no tag, a key no earlier mail of the group has. */
static void
ig_ask(struct intake *in, struct intake_gmail **v, size_t i)
{
	const struct conf *cf = in->in_conf;
	struct intake_gmail *g = v[i];
	struct store_ask *q = &g->gm_ask;
	const struct intake_job *j = g->gm_job;
	const struct mail *m = j->j_mail, *o;
	size_t n, k = 0, p;
	long t;

	memset(q, 0, sizeof(*q));
	n = intake_refs(m, g->gm_refs, IG_REFS);
	for (p = 0; p < n; p++)
		if (ticket_message_id_verify(cf->cf_hmac_secret,
		    g->gm_refs[p], &t))
			g->gm_tickets[k++] = t;
	if (tag_find(m->m_subject, cf->cf_tag_prefix, &t))
		g->gm_tickets[k++] = q->sa_tag = t;
	q->sa_key = j->j_key;
	q->sa_refs = g->gm_refs;
	q->sa_nrefs = n;
	q->sa_tickets = g->gm_tickets;
	q->sa_ntickets = k;
	q->sa_from = j->j_from;
	q->sa_cap = (int)cf->cf_auto_reply_cap;
	q->sa_creates = n == 0 && q->sa_tag == 0 && !j->j_list &&
	    strncmp(j->j_key, "pd.", 3) != 0;
	for (p = 0; p < i && q->sa_creates; p++) {
		o = v[p]->gm_job->j_mail;
		if (strcmp(v[p]->gm_job->j_key, j->j_key) == 0 ||
		    (o->m_message_id != NULL &&
		    strcmp(o->m_message_id, j->j_key) == 0))
			q->sa_creates = 0;
	}
}

/* Marks mails v[0..n) to run on their own. */
static size_t
ig_alone(struct intake_gmail **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		v[i]->gm_state = GM_ALONE;
		v[i]->gm_size = n;
	}
	return n;
}

/* Stores mails as one group: each runs until one must not (it would look
 * up what the group wrote, or the group cannot serve it); those that ran
 * are written and committed together. */
size_t
intake_group_run(struct intake *in, struct intake_gmail **v, size_t n,
    unsigned long group)
{
	struct store_ask asks[IG_GROUP];
	enum store_status st;
	struct store *s;
	char err[256];
	size_t i, cut, took;
	int queued = 0;

	if (n > IG_GROUP)
		n = IG_GROUP;
	for (i = 0; i < n; i++) {
		ig_ask(in, v, i);
		asks[i] = v[i]->gm_ask;
	}
	if ((s = store_pool_get(in->in_pool, err, sizeof(err))) == NULL)
		return ig_alone(v, n);
	if (store_group_begin(s, asks, n) != STORE_ONE) {
		store_pool_put(in->in_pool, s);
		return ig_alone(v, n);
	}
	for (cut = 0, took = 0; cut < n; cut++) {
		if (store_group_next(s, cut) != STORE_ONE)
			break;
		took = cut + 1;
		if (intake_attempt_on(s, v[cut]->gm_job, err,
		    sizeof(err)) != STORE_ONE) {
			v[cut]->gm_state = GM_ALONE;
			v[cut]->gm_size = took;
			break;
		}
	}
	st = store_group_end(s);
	if (st != STORE_ONE) {
		store_pool_put(in->in_pool, s);
		return ig_alone(v, took);
	}
	for (i = 0; i < cut; i++) {
		v[i]->gm_state = GM_STORED;
		v[i]->gm_group = group;
		v[i]->gm_size = cut;
		queued += v[i]->gm_job->j_res->ir_confirmations;
	}
	store_pool_put(in->in_pool, s);
	if (queued > 0)
		intake_wake(in);
	return took;
}

/* Sets up the writer's queue: at most flights groups written at once. */
void
intake_gc_init(struct intake_gc *gc, int flights)
{
	memset(gc, 0, sizeof(*gc));
	gc->gc_max = flights > 0 ? flights : 1;
	pthread_mutex_init(&gc->gc_lock, NULL);
	gc->gc_tail = &gc->gc_head;
}

/* Releases the writer's queue (nothing waits in it). */
void
intake_gc_free(struct intake_gc *gc)
{
	pthread_mutex_destroy(&gc->gc_lock);
}

/* Takes the oldest waiting mails, as many as one group holds. */
static size_t
ig_take(struct intake_gc *gc, struct intake_gmail **v)
{
	struct intake_gmail *g;
	size_t n = 0, bytes = 0;

	while ((g = gc->gc_head) != NULL && n < IG_GROUP &&
	    (n == 0 || bytes + g->gm_len <= IG_GROUP_BYTES)) {
		gc->gc_head = g->gm_next;
		if (gc->gc_head == NULL)
			gc->gc_tail = &gc->gc_head;
		bytes += g->gm_len;
		v[n++] = g;
	}
	return n;
}

/* Writes the mails taken, in as many groups as they need. */
static void
ig_write(struct intake *in, struct intake_gmail **v, size_t n)
{
	struct intake_gc *gc = &in->in_gc;
	unsigned long group;
	size_t i = 0;

	while (i < n) {
		pthread_mutex_lock(&gc->gc_lock);
		group = ++gc->gc_groups;
		pthread_mutex_unlock(&gc->gc_lock);
		i += intake_group_run(in, v + i, n - i, group);
	}
}

/* Stores a prepared mail with those of other threads.  A thread is woken
 * only when its mail is written, or when its mail is the oldest waiting
 * and a writer is free (it writes the next group): never to find that
 * another one's group was written. */
enum store_status
intake_group_commit(struct intake_job *j, size_t len, char *err,
    size_t errlen)
{
	struct intake *in = j->j_in;
	struct intake_gc *gc = &in->in_gc;
	struct intake_gmail me, *v[IG_GROUP];
	size_t n;

	memset(&me, 0, sizeof(me));
	me.gm_job = j;
	me.gm_len = len;
	pthread_cond_init(&me.gm_cond, NULL);
	pthread_mutex_lock(&gc->gc_lock);
	*gc->gc_tail = &me;
	gc->gc_tail = &me.gm_next;
	while (!me.gm_done) {
		/* ours is being written, or no writer is free */
		if (gc->gc_head == NULL || gc->gc_flights >= gc->gc_max) {
			pthread_cond_wait(&me.gm_cond, &gc->gc_lock);
			continue;
		}
		gc->gc_flights++;
		n = ig_take(gc, v);
		/* mails left behind (a full group) and a writer free */
		if (gc->gc_head != NULL && gc->gc_flights < gc->gc_max)
			pthread_cond_signal(&gc->gc_head->gm_cond);
		pthread_mutex_unlock(&gc->gc_lock);
		ig_write(in, v, n);
		pthread_mutex_lock(&gc->gc_lock);
		while (n > 0) {
			v[--n]->gm_done = 1;
			pthread_cond_signal(&v[n]->gm_cond);
		}
		gc->gc_flights--;
		if (gc->gc_head != NULL && gc->gc_head != &me)
			pthread_cond_signal(&gc->gc_head->gm_cond);
	}
	pthread_mutex_unlock(&gc->gc_lock);
	pthread_cond_destroy(&me.gm_cond);
	if (me.gm_state == GM_ALONE) {
		j->j_res->ir_fallback = me.gm_size;
		return intake_job_store(j, err, errlen);
	}
	j->j_res->ir_group = me.gm_group;
	j->j_res->ir_group_size = me.gm_size;
	*err = '\0';
	return STORE_ONE;
}
