/* store_stress.c - one process of the store concurrency tests: N threads
 * sharing one intake and one connection pool ingest generated mails.
 *
 * usage: store_stress CONF PROC NPROC THREADS UNIQUE DUPS MODE OUT
 *
 * Mail x (0 <= x < UNIQUE) comes from customerX@example.test with
 * Message-ID <stress-X@example.test>.  Process PROC ingests its share of
 * the unique mails plus copies of the first DUPS/NPROC mails of the
 * process before it, each next to its original's turn so that they race.  MODE "retry"
 * tries a mail again on "try again" (like an MTA would) until it is
 * stored; "once" tries each mail once.  OUT gets a line "x outcome" per
 * mail (created, appended, duplicate, ignored, rejected, soft, hard).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/conf.h"
#include "common/xalloc.h"
#include "intake/intake.h"
#include "parser/parser.h"
#include "store/store.h"

struct work {
	pthread_mutex_t	 w_lock;
	struct intake	*w_intake;
	long		*w_items;
	const char	**w_outcome;
	size_t		 w_n;
	size_t		 w_next;
	int		 w_retry;
};

/* Ingests mail x once. */
static const char *
ingest(struct intake *in, long x)
{
	static const char *const rcpts[] = { "support@support.example.test" };
	struct intake_env env = { NULL, NULL, rcpts, 1, NULL, 0, 0, NULL, 0 };
	struct intake_result res;
	enum intake_status st;
	struct msgbuf mb;
	const char *out;
	char sender[64];
	char *mail;

	snprintf(sender, sizeof(sender), "customer%ld@example.test", x);
	env.ie_sender = sender;
	mail = xasprintf("From: Customer %ld <%s>\r\n"
	    "To: support@support.example.test\r\n"
	    "Subject: Stress mail %ld\r\n"
	    "Message-ID: <stress-%ld@example.test>\r\n"
	    "Date: Sat, 21 Nov 2026 10:00:00 +0000\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
	    "Mail number %ld, order %ld.\r\n", x, sender, x, x, x, 100000 + x);
	memset(&res, 0, sizeof(res));
	intake_buf_init(in, &mb);
	if (intake_buf_add(in, &mb, mail, strlen(mail)) < 0)
		st = INTAKE_SOFT;
	else
		st = intake_message(in, &env, &mb, &res);
	msgbuf_free(&mb);
	if (st == INTAKE_SOFT)
		out = "soft";
	else if (st == INTAKE_HARD)
		out = "hard";
	else
		out = intake_action_name(res.ir_action);
	intake_result_free(&res);
	free(mail);
	return out;
}

/* A thread: takes the next mail until none is left. */
static void *
worker(void *arg)
{
	struct work *w = arg;
	const char *out;
	size_t i;
	int tries;

	for (;;) {
		pthread_mutex_lock(&w->w_lock);
		i = w->w_next++;
		pthread_mutex_unlock(&w->w_lock);
		if (i >= w->w_n)
			return NULL;
		for (tries = 0; ; tries++) {
			out = ingest(w->w_intake, w->w_items[i]);
			if (strcmp(out, "soft") != 0 || !w->w_retry ||
			    tries >= 240)
				break;
			usleep(250000);
		}
		w->w_outcome[i] = out;
	}
}

/* The mails of process p, copies placed next to their originals' turn. */
static long *
items(long p, long nproc, long unique, long dups, size_t *n)
{
	long *v, x, lo, hi, owner, k = 0;

	v = xcalloc((size_t)(unique + dups), sizeof(*v));
	lo = p * unique / nproc;
	hi = (p + 1) * unique / nproc;
	for (x = 0; x < hi - lo; x++) {
		v[k++] = lo + x;
		/* copies of mails of the process before us, same position */
		owner = (p + nproc - 1) % nproc;
		if (owner != p && x < dups / nproc)
			v[k++] = owner * unique / nproc + x;
	}
	*n = (size_t)k;
	return v;
}

int
main(int argc, char **argv)
{
	struct work w = { .w_lock = PTHREAD_MUTEX_INITIALIZER };
	struct conf *conf;
	struct store_pool *pool;
	pthread_t *th;
	char err[512];
	long nthreads, i;
	FILE *f;

	if (argc != 9) {
		fprintf(stderr, "usage: store_stress CONF PROC NPROC THREADS "
		    "UNIQUE DUPS retry|once OUT\n");
		return 64;
	}
	if ((conf = conf_load(argv[1], err, sizeof(err))) == NULL) {
		fprintf(stderr, "store_stress: %s\n", err);
		return 78;
	}
	parser_init();
	pool = store_pool_new(conf->cf_database, (int)conf->cf_db_pool_size,
	    (int)conf->cf_db_pool_wait);
	if ((w.w_intake = intake_new(conf, pool, err, sizeof(err))) == NULL) {
		fprintf(stderr, "store_stress: %s\n", err);
		return 78;
	}
	w.w_items = items(atol(argv[2]), atol(argv[3]), atol(argv[5]),
	    atol(argv[6]), &w.w_n);
	w.w_outcome = xcalloc(w.w_n, sizeof(*w.w_outcome));
	w.w_retry = strcmp(argv[7], "retry") == 0;
	nthreads = atol(argv[4]);
	th = xcalloc((size_t)nthreads, sizeof(*th));
	for (i = 0; i < nthreads; i++)
		pthread_create(&th[i], NULL, worker, &w);
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	if ((f = fopen(argv[8], "w")) == NULL)
		return 73;
	for (i = 0; i < (long)w.w_n; i++)
		fprintf(f, "%ld %s\n", w.w_items[i], w.w_outcome[i]);
	fclose(f);
	intake_free(w.w_intake);
	store_pool_free(pool);
	conf_unref(conf);
	parser_shutdown();
	free(th);
	free(w.w_items);
	free(w.w_outcome);
	return 0;
}
