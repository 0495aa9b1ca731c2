/* worker.c - the outbox worker: a thread that sends what intake queued.
 *
 * Offers notifier_start(), notifier_stop() and notifier_run_once().  The
 * thread keeps its own database connection (LISTEN postdesk_outbox) and one
 * SMTP session.  It claims a batch of due rows in one statement (store: FOR
 * UPDATE SKIP LOCKED, so several instances never send one row twice), sends
 * each, and records the outcome: the rows the server accepted are marked
 * sent together, in one statement at the end of the batch (or every
 * WORKER_SETTLE_S while a batch takes longer); a failure is recorded at
 * once, with a backoff (store_outbox_failed), for good on a 5xx reply or
 * after max_attempts.  It wakes on NOTIFY, on a timer every poll_s
 * seconds, and on notifier_stop().  A lost database is reopened every few
 * seconds; nothing ever spins.  An outcome the database could not record
 * (it went away between a send and the record) is kept and recorded first
 * when it is back: a mail that went out is not sent twice.
 *
 * The guarantee: a row is marked sent only after the SMTP server accepted
 * its mail, so nothing is marked sent that did not go out.  A process that
 * dies between the server's acceptance and the record (at most one batch,
 * WORKER_BATCH rows or WORKER_SETTLE_S of sending) leaves those rows
 * pending under their lease: they are sent again once it ends (at least
 * once, as with any mail queue; the copies carry the same Message-ID).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "notifier/notifier.h"

#define WORKER_BATCH	32	/* rows claimed at once */
#define WORKER_FINAL_S	10	/* at most this long for the last batches */
#define WORKER_LEASE_S	240	/* stop a batch before store's lease (300 s)
				   runs out; the rest are given back */
#define WORKER_PIECE	(256u << 10)	/* of a big message, read at once */
#define WORKER_SETTLE_S	1	/* longest wait of an accepted row for its
				   record while its batch goes on */

/* What became of a claimed row when the database could not record it:
 * the connection was lost between the send and its record.  The worker
 * keeps these and records them first once the database is back, so a mail
 * that went out is not sent again when its lease ends, and the rows it
 * never tried are not held for the whole lease. */
struct outcome {
	long			 o_id;
	int			 o_tried;	/* 0: given back untried */
	enum notify_status	 o_rc;
	char			 o_err[512];	/* as worker_batch()'s */
};

struct outcomes {
	struct outcome	*o_v;
	size_t		 o_n, o_cap;
};

struct notifier {
	struct notifier_loop *n_loop;
	struct smtp_session *n_smtp;
	int		 n_max_attempts;
	struct outcomes	 n_late;	/* outcomes not recorded yet */
};

/* Records the outcome of one row (untried: gives it back); <0 when the
 * store failed. */
static int
worker_record(struct store *st, long id, int tried, enum notify_status rc,
    const char *err, int max_attempts)
{
	enum store_status s;

	if (!tried)
		s = store_outbox_unclaim(st, id);
	else if (rc == NOTIFY_OK)
		s = store_outbox_sent(st, id);
	else
		s = store_outbox_failed(st, id, rc == NOTIFY_PERM, err,
		    max_attempts);
	if (s == STORE_SOFT)
		return -1;
	if (s == STORE_HARD)
		log_warn("outbox %ld: cannot record the outcome: %s", id,
		    store_error(st));
	return 0;
}

/* Keeps an outcome the database did not take, for worker_settle(). */
static void
outcome_keep(struct outcomes *late, long id, int tried,
    enum notify_status rc, const char *err)
{
	struct outcome *o;

	if (late->o_n == late->o_cap) {
		late->o_cap = late->o_cap ? late->o_cap * 2 : WORKER_BATCH;
		late->o_v = xreallocarray(late->o_v, late->o_cap,
		    sizeof(*late->o_v));
	}
	o = &late->o_v[late->o_n++];
	o->o_id = id;
	o->o_tried = tried;
	o->o_rc = rc;
	snprintf(o->o_err, sizeof(o->o_err), "%s", err != NULL ? err : "");
}

/* Marks the rows sent in one statement and empties ids; -1 (the rows
 * kept in late) when the connection failed or st is NULL (known lost). */
static int
worker_mark_sent(struct store *st, long *ids, size_t *n,
    struct outcomes *late)
{
	enum store_status s = STORE_SOFT;
	size_t i;

	if (*n == 0)
		return 0;
	if (st != NULL)
		s = store_outbox_sent_many(st, ids, *n, NULL);
	if (s == STORE_SOFT)
		for (i = 0; i < *n; i++)
			outcome_keep(late, ids[i], 1, NOTIFY_OK, "");
	else if (s == STORE_HARD)
		log_warn("outbox: cannot mark %zu row(s) sent: %s", *n,
		    store_error(st));
	*n = 0;
	return s == STORE_SOFT ? -1 : 0;
}

/* Records the outcomes kept while the database was away: the sent ones
 * in one statement, then the others oldest first; -1 (keeping those not
 * recorded) when it is lost again. */
static int
worker_settle(struct store *st, struct outcomes *late, int max_attempts)
{
	size_t i, j, n = 0, total = late->o_n;
	long *ids;
	int rc;

	if (late->o_n == 0)
		return 0;
	ids = xreallocarray(NULL, late->o_n, sizeof(*ids));
	for (i = j = 0; i < late->o_n; i++) {
		if (late->o_v[i].o_tried && late->o_v[i].o_rc == NOTIFY_OK)
			ids[n++] = late->o_v[i].o_id;
		else
			late->o_v[j++] = late->o_v[i];
	}
	late->o_n = j;
	rc = worker_mark_sent(st, ids, &n, late);	/* kept again on -1 */
	free(ids);
	if (rc < 0)
		return -1;
	for (i = 0; i < late->o_n; i++) {
		const struct outcome *o = &late->o_v[i];

		if (worker_record(st, o->o_id, o->o_tried, o->o_rc, o->o_err,
		    max_attempts) < 0)
			break;
	}
	memmove(late->o_v, late->o_v + i, (late->o_n - i) *
	    sizeof(*late->o_v));
	late->o_n -= i;
	if (total > late->o_n)
		log_info("notifier: recorded %zu outcome(s) kept while the "
		    "database was away", total - late->o_n);
	return late->o_n > 0 ? -1 : 0;
}

/* A big row's message, read from the database in pieces as libcurl
 * asks for it: the worker holds one piece, never the whole message. */
struct piece {
	struct store	*p_st;
	long		 p_id;
	unsigned char	*p_buf;		/* WORKER_PIECE bytes */
	size_t		 p_off;		/* where p_buf starts */
	size_t		 p_len;		/* bytes in p_buf */
	int		 p_failed;
};

/* smtp_read_fn: len bytes from off, from the piece held or a new one. */
static ssize_t
worker_piece_read(void *arg, size_t off, void *buf, size_t len)
{
	struct piece *p = arg;
	size_t done = 0, k;

	while (done < len) {
		if (off + done < p->p_off ||
		    off + done >= p->p_off + p->p_len) {
			p->p_off = off + done;
			if (store_outbox_read(p->p_st, p->p_id, p->p_off,
			    WORKER_PIECE, p->p_buf, &p->p_len) != STORE_ONE) {
				p->p_failed = 1;
				return -1;
			}
			if (p->p_len == 0)
				break;
		}
		k = p->p_off + p->p_len - (off + done);
		if (k > len - done)
			k = len - done;
		memcpy((char *)buf + done, p->p_buf + (off + done - p->p_off),
		    k);
		done += k;
	}
	return (ssize_t)done;
}

/* Sends a row's message, in memory or read in pieces. */
static enum notify_status
worker_smtp(struct store *st, struct smtp_session *smtp,
    const struct store_outbox *row, char *err, size_t errlen)
{
	struct piece p;
	enum notify_status rc;

	if (row->ob_data != NULL || row->ob_len == 0)
		return smtp_send(smtp, row->ob_mail_from, row->ob_rcpt,
		    row->ob_data != NULL ? row->ob_data : "", row->ob_len,
		    err, errlen);
	memset(&p, 0, sizeof(p));
	p.p_st = st;
	p.p_id = row->ob_id;
	p.p_buf = xmalloc(WORKER_PIECE);
	rc = smtp_send_reader(smtp, row->ob_mail_from, row->ob_rcpt,
	    row->ob_len, worker_piece_read, &p, err, errlen);
	if (p.p_failed) {
		snprintf(err, errlen, "cannot read the message: %.400s",
		    store_error(st));
		rc = NOTIFY_TEMP;
	}
	free(p.p_buf);
	return rc;
}

/* Sends one row; once the server is found unreachable (down[] set) the
 * others of the batch are not tried. */
static enum notify_status
worker_send(struct store *st, struct smtp_session *smtp,
    const struct store_outbox *row, char *down, size_t downlen, char *err,
    size_t errlen)
{
	enum notify_status rc;

	if (down[0] != '\0') {
		snprintf(err, errlen, "not tried: %.480s", down);
		return NOTIFY_TEMP;
	}
	if (!notifier_addr_ok(row->ob_rcpt)) {
		snprintf(err, errlen, "bad recipient address");
		return NOTIFY_PERM;
	}
	rc = worker_smtp(st, smtp, row, err, errlen);
	if (rc == NOTIFY_TEMP && smtp_session_down(smtp))
		snprintf(down, downlen, "%s", err);
	return rc;
}

/* Claims one batch and sends it; *claimed tells how many rows came.
 * Returns how many were sent, or -1 when the connection failed (SOFT: the
 * outcomes not recorded are in late), -2 when claiming failed otherwise
 * (HARD: schema, SQL). */
static int
worker_batch(struct store *st, struct smtp_session *smtp, int max_attempts,
    size_t *claimed, struct outcomes *late)
{
	struct store_outbox *rows = NULL;
	enum notify_status rc;
	char err[512], down[512] = "";
	size_t n = 0, i, k = 0;
	int sent = 0, broken = 0, tried;
	time_t start, settled;
	long ids[WORKER_BATCH];		/* accepted, not recorded yet */

	*claimed = 0;
	switch (store_outbox_claim(st, STORE_CH_MAIL, WORKER_BATCH,
	    &rows, &n)) {
	case STORE_ONE:
	case STORE_NONE:
		break;
	case STORE_SOFT:
		return -1;
	default:
		return -2;
	}
	*claimed = n;
	start = settled = time(NULL);
	for (i = 0; i < n; i++) {
		const struct store_outbox *row = &rows[i];

		err[0] = '\0';
		rc = NOTIFY_TEMP;
		/* past the lease, or the database is gone: given back */
		tried = !broken && time(NULL) - start <= WORKER_LEASE_S;
		if (tried)
			rc = worker_send(st, smtp, row, down, sizeof(down),
			    err, sizeof(err));
		if (tried && rc == NOTIFY_OK) {
			sent++;
			ids[k++] = row->ob_id;
		} else if (tried && rc == NOTIFY_PERM)
			log_warn("outbox %ld (ticket %ld, %s): refused: %s",
			    row->ob_id, row->ob_ticket, row->ob_kind, err);
		if (!(tried && rc == NOTIFY_OK) && (broken ||
		    worker_record(st, row->ob_id, tried, rc, err,
		    max_attempts) < 0)) {
			outcome_keep(late, row->ob_id, tried, rc, err);
			broken = 1;
		}
		/* the accepted ones: one statement, at the end of the batch
		 * or when they have waited long enough */
		if (k > 0 && (broken || i + 1 == n || k == WORKER_BATCH ||
		    time(NULL) - settled >= WORKER_SETTLE_S)) {
			if (worker_mark_sent(broken ? NULL : st, ids, &k,
			    late) < 0)
				broken = 1;
			settled = time(NULL);
		}
	}
	store_outbox_free(rows, n);
	return broken ? -1 : sent;
}

/* Batches until nothing is due, the server is down or the deadline (0:
 * none) has passed: how many were sent, or < 0 as worker_batch().  The
 * outcomes kept from a lost connection are recorded first. */
static int
worker_drain(struct store *st, struct smtp_session *smtp, int max_attempts,
    time_t deadline, struct outcomes *late)
{
	size_t claimed;
	int total = 0, sent;

	if (worker_settle(st, late, max_attempts) < 0)
		return -1;
	do {
		if ((sent = worker_batch(st, smtp, max_attempts, &claimed,
		    late)) < 0)
			return sent;
		total += sent;
		if (smtp_session_down(smtp))
			break;
	} while (claimed == WORKER_BATCH &&
	    (deadline == 0 || time(NULL) < deadline));
	return total;
}

/* Logs the outcomes that could not be recorded before giving up. */
static void
worker_lost(struct outcomes *late)
{
	size_t i, sent = 0;

	for (i = 0; i < late->o_n; i++)
		if (late->o_v[i].o_tried && late->o_v[i].o_rc == NOTIFY_OK)
			sent++;
	if (late->o_n > 0)
		log_warn("notifier: %zu outcome(s) not recorded, the database "
		    "being away; %zu mail(s) sent may be sent again once "
		    "their lease ends", late->o_n, sent);
	free(late->o_v);
	memset(late, 0, sizeof(*late));
}

/* One pass over what is due now: how many were sent, or < 0 (-1 the
 * connection failed, -2 another store error). */
int
notifier_run_once(struct store *st, struct smtp_session *smtp,
    int max_attempts)
{
	struct outcomes late = { 0 };
	int rc;

	rc = worker_drain(st, smtp, max_attempts, 0, &late);
	worker_lost(&late);
	return rc;
}

/* notifier_loop_ops.lo_drain: what is due, through the session. */
static int
worker_loop_drain(struct notifier_loop *l, struct store *st, time_t deadline,
    void *arg)
{
	struct notifier *n = arg;

	(void)l;
	return worker_drain(st, n->n_smtp, n->n_max_attempts, deadline,
	    &n->n_late);
}

/* notifier_loop_ops.lo_done: the outcomes never recorded, logged. */
static void
worker_loop_done(struct store *st, void *arg)
{
	struct notifier *n = arg;

	(void)st;
	worker_lost(&n->n_late);
}

/* Starts the worker thread. */
struct notifier *
notifier_start(const char *conninfo, const char *smtp_url, int max_attempts,
    int poll_s, char *err, size_t errlen)
{
	static const struct notifier_loop_ops ops = { "notifier",
	    worker_loop_drain, worker_loop_done, WORKER_FINAL_S };
	struct notifier *n;

	if (conninfo == NULL || smtp_url == NULL || *smtp_url == '\0') {
		snprintf(err, errlen, "no database or no smtp_url");
		return NULL;
	}
	if (notifier_global_init() < 0) {
		snprintf(err, errlen, "libcurl cannot start");
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->n_max_attempts = max_attempts > 0 ? max_attempts : 1;
	if ((n->n_smtp = smtp_session_new(smtp_url)) == NULL) {
		snprintf(err, errlen, "cannot start an SMTP session");
		free(n);
		return NULL;
	}
	if ((n->n_loop = notifier_loop_start(&ops, n, conninfo, poll_s, err,
	    errlen)) == NULL) {
		smtp_session_free(n->n_smtp);
		free(n);
		return NULL;
	}
	return n;
}

/* Wakes the worker: something was queued by this process. */
void
notifier_kick(struct notifier *n)
{
	if (n != NULL)
		notifier_loop_kick(n->n_loop);
}

/* Asks the thread to stop, waits for it and frees everything. */
void
notifier_stop(struct notifier *n)
{
	if (n == NULL)
		return;
	notifier_loop_stop(n->n_loop);
	smtp_session_free(n->n_smtp);
	free(n);
}
