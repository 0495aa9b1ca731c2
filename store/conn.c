/* conn.c - one connection: open, close, errors, transactions, running the
 * prepared statements and LISTEN/NOTIFY.
 *
 * A result is checked the Postfix way: PGRES_COMMAND_OK and PGRES_TUPLES_OK
 * are success, everything else a failure that is SOFT when retrying may
 * help (connection lost, serialization failure, deadlock, shutdown, out of
 * resources, timeouts, a server that is read-only because it is a standby
 * or still recovering) and HARD otherwise.  A connection that is lost, or
 * whose server can no longer take our writes (a standby, one shutting
 * down), is replaced on the next call outside a transaction: with a
 * multi-host conninfo and target_session_attrs=read-write libpq then finds
 * the new primary, and the statements are prepared again on it.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "store/store_int.h"

/* Seconds a connection attempt may take, unless conninfo says otherwise. */
#define STORE_CONNECT_TIMEOUT	"5"

/* Formats the last failure of s. */
void
st_seterr(struct store *s, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(s->s_err, sizeof(s->s_err), fmt, ap);
	va_end(ap);
	n = strlen(s->s_err);
	while (n > 0 && (s->s_err[n - 1] == '\n' || s->s_err[n - 1] == ' '))
		s->s_err[--n] = '\0';
}

/* Adds a text parameter (NULL is SQL NULL). */
void
st_param(struct params *p, const char *v)
{
	p->p_val[p->p_n] = v;
	p->p_len[p->p_n] = 0;
	p->p_fmt[p->p_n] = 0;
	p->p_n++;
}

/* Adds a binary parameter (for bytea). */
void
st_param_bin(struct params *p, const void *v, size_t len)
{
	p->p_val[p->p_n] = v != NULL ? v : "";
	p->p_len[p->p_n] = (int)len;
	p->p_fmt[p->p_n] = 1;
	p->p_n++;
}

/* "%ld" into buf. */
const char *
st_ltoa(long v, char *buf, size_t len)
{
	snprintf(buf, len, "%ld", v);
	return buf;
}

/* A text[] literal: {"a","b",NULL}. */
char *
st_text_array(const char *const *v, size_t n)
{
	struct buf b = BUF_INIT;
	const char *p;
	size_t i;

	buf_addc(&b, '{');
	for (i = 0; v != NULL && (n == (size_t)-1 ? v[i] != NULL : i < n);
	    i++) {
		if (i > 0)
			buf_addc(&b, ',');
		if (v[i] == NULL) {
			buf_adds(&b, "NULL");
			continue;
		}
		buf_addc(&b, '"');
		for (p = v[i]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
	}
	buf_addc(&b, '}');
	return buf_steal(&b);
}

/* What a failure with this SQLSTATE (NULL: none) says about retrying
 * and about the connection it came on. */
enum st_class
st_sqlstate_class(const char *state)
{
	static const struct {
		const char	*sc_state;
		enum st_class	 sc_class;
	} known[] = {
		{ "40001", ST_CLASS_SOFT },	/* serialization_failure */
		{ "40P01", ST_CLASS_SOFT },	/* deadlock_detected */
		{ "57014", ST_CLASS_SOFT },	/* query_canceled (timeout) */
		{ "55P03", ST_CLASS_SOFT },	/* lock_not_available */
		/* read_only_sql_transaction: a standby */
		{ "25006", ST_CLASS_RECONNECT },
		{ "57P01", ST_CLASS_RECONNECT },	/* admin_shutdown */
		{ "57P02", ST_CLASS_RECONNECT },	/* crash_shutdown */
		{ "57P03", ST_CLASS_RECONNECT },	/* cannot_connect_now */
		{ "57P04", ST_CLASS_RECONNECT },	/* database_dropped */
	};
	size_t i;

	if (state == NULL)
		return ST_CLASS_HARD;
	if (strncmp(state, "08", 2) == 0)	/* connection_exception */
		return ST_CLASS_RECONNECT;
	if (strncmp(state, "53", 2) == 0)	/* insufficient_resources */
		return ST_CLASS_SOFT;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(state, known[i].sc_state) == 0)
			return known[i].sc_class;
	return ST_CLASS_HARD;
}

/* Success of r, or the class of its failure (s_err set). */
static enum store_status
st_check(struct store *s, const PGresult *r, const char *what)
{
	const char *state;

	switch (r != NULL ? PQresultStatus(r) : PGRES_FATAL_ERROR) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		return STORE_ONE;
	default:
		break;
	}
	state = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	st_seterr(s, "%s: %s%s%s", what, state != NULL ? state : "",
	    state != NULL ? " " : "", r != NULL &&
	    *PQresultErrorMessage(r) != '\0' ? PQresultErrorMessage(r) :
	    PQerrorMessage(s->s_conn));
	switch (st_sqlstate_class(state)) {
	case ST_CLASS_RECONNECT:
		s->s_stale = 1;
		return STORE_SOFT;
	case ST_CLASS_SOFT:
		return STORE_SOFT;
	default:
		return PQstatus(s->s_conn) == CONNECTION_BAD ? STORE_SOFT :
		    STORE_HARD;
	}
}

/* Prepares statement id on this connection unless done already. */
static enum store_status
st_prepare(struct store *s, enum stmt_id id)
{
	PGresult *r;
	enum store_status st;

	if (s->s_prepared[id])
		return STORE_ONE;
	r = PQprepare(s->s_conn, store_stmts[id].st_name,
	    store_stmts[id].st_sql, 0, NULL);
	st = st_check(s, r, store_stmts[id].st_name);
	PQclear(r);
	if (st == STORE_ONE)
		s->s_prepared[id] = 1;
	return st;
}

/* Prepares every statement it can (the schema may not exist yet: those
 * are prepared on first use then). */
static void
st_prepare_all(struct store *s)
{
	int i;

	for (i = 0; i < ST_FIRST_LAZY; i++)
		if (st_prepare(s, i) == STORE_SOFT)
			return;
}

/* Runs statement id with params p outside of the checks. */
static PGresult *
st_send(struct store *s, enum stmt_id id, const struct params *p)
{
	static const struct params none;

	if (p == NULL)
		p = &none;
	return PQexecPrepared(s->s_conn, store_stmts[id].st_name, p->p_n,
	    p->p_val, p->p_len, p->p_fmt, 0);
}

/* Makes sure the connection is usable: a broken one, or one to a server
 * that cannot take our writes, is reset when no transaction depended on
 * it (libpq tries every host of the conninfo again). */
static enum store_status
st_ready(struct store *s)
{
	PGresult *r;

	if (PQstatus(s->s_conn) == CONNECTION_OK && !s->s_stale)
		return STORE_ONE;
	if (s->s_in_txn || s->s_batch) {
		st_seterr(s, "%s inside a transaction", s->s_stale ?
		    "server unable to take writes" : "connection lost");
		return STORE_SOFT;
	}
	PQreset(s->s_conn);
	memset(s->s_prepared, 0, sizeof(s->s_prepared));
	if (PQstatus(s->s_conn) != CONNECTION_OK) {
		st_seterr(s, "reconnect: %s", PQerrorMessage(s->s_conn));
		return STORE_SOFT;
	}
	s->s_stale = 0;
	st_prepare_all(s);
	if (s->s_listening) {
		r = st_send(s, ST_LISTEN, NULL);
		if (st_check(s, r, "listen") != STORE_ONE) {
			PQclear(r);
			return STORE_SOFT;
		}
		PQclear(r);
	}
	return STORE_ONE;
}

/* Runs a prepared statement and checks its result. */
enum store_status
st_exec(struct store *s, enum stmt_id id, const struct params *p,
    PGresult **res)
{
	enum store_status st;
	PGresult *r;

	*res = NULL;
	if ((st = st_ready(s)) != STORE_ONE)
		return st;
	if ((st = st_prepare(s, id)) != STORE_ONE)
		return st;
	r = st_send(s, id, p);
	if ((st = st_check(s, r, store_stmts[id].st_name)) != STORE_ONE) {
		PQclear(r);
		return st;
	}
	*res = r;
	return STORE_ONE;
}

/* Reads the results of a pipeline of n statements up to its sync: the
 * first failure (the statements after it come back aborted), and the
 * result of the last statement in *last when all went well. */
static enum store_status
st_pipeline_results(struct store *s, const struct st_call *c, int n,
    PGresult **last)
{
	enum store_status st = STORE_ONE, cst;
	PGresult *r;
	int k = 0;

	for (;;) {
		if ((r = PQgetResult(s->s_conn)) == NULL) {
			if (++k > n || PQstatus(s->s_conn) == CONNECTION_BAD)
				break;	/* lost: no sync will come */
			continue;	/* the end of statement k's results */
		}
		switch (PQresultStatus(r)) {
		case PGRES_PIPELINE_SYNC:
			PQclear(r);
			return st;
		case PGRES_PIPELINE_ABORTED:
			break;
		default:
			cst = st_check(s, r, k < n ?
			    store_stmts[c[k].sc_id].st_name : "pipeline");
			if (cst != STORE_ONE && st == STORE_ONE)
				st = cst;
			if (cst == STORE_ONE && k == n - 1 && last != NULL &&
			    *last == NULL) {
				*last = r;
				continue;
			}
			break;
		}
		PQclear(r);
	}
	if (st == STORE_ONE)
		st_seterr(s, "pipeline: %s", PQerrorMessage(s->s_conn));
	return STORE_SOFT;
}

/* Runs n prepared statements in one round trip (libpq's pipeline mode),
 * in order; a failure fails the statements after it.  ONE and *last
 * (may be NULL; free it with PQclear) the result of the last one, or the
 * class of the first failure with s_err set.  Their results must be
 * small: they are read only once everything is sent. */
enum store_status
st_exec_many(struct store *s, const struct st_call *c, int n,
    PGresult **last)
{
	static const struct params none;
	const struct params *p;
	enum store_status st;
	int i;

	if (last != NULL)
		*last = NULL;
	if ((st = st_ready(s)) != STORE_ONE)
		return st;
	for (i = 0; i < n; i++)
		if ((st = st_prepare(s, c[i].sc_id)) != STORE_ONE)
			return st;
	if (!PQenterPipelineMode(s->s_conn)) {
		st_seterr(s, "pipeline: %s", PQerrorMessage(s->s_conn));
		return STORE_SOFT;
	}
	for (i = 0; i < n; i++) {
		p = c[i].sc_params != NULL ? c[i].sc_params : &none;
		if (!PQsendQueryPrepared(s->s_conn,
		    store_stmts[c[i].sc_id].st_name, p->p_n, p->p_val,
		    p->p_len, p->p_fmt, 0))
			break;
	}
	if (i < n || !PQpipelineSync(s->s_conn)) {
		st_seterr(s, "pipeline: %s", PQerrorMessage(s->s_conn));
		PQexitPipelineMode(s->s_conn);
		return STORE_SOFT;
	}
	st = st_pipeline_results(s, c, n, last);
	if (!PQexitPipelineMode(s->s_conn) && st == STORE_ONE) {
		st_seterr(s, "pipeline: %s", PQerrorMessage(s->s_conn));
		st = STORE_SOFT;
	}
	if (st != STORE_ONE && last != NULL) {
		PQclear(*last);
		*last = NULL;
	}
	return st;
}

/* Runs a statement whose rows are not wanted. */
enum store_status
st_run(struct store *s, enum stmt_id id, const struct params *p)
{
	enum store_status st;
	PGresult *r;
	const char *n;

	if ((st = st_exec(s, id, p, &r)) != STORE_ONE)
		return st;
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		st = PQntuples(r) > 0 ? STORE_ONE : STORE_NONE;
	else {
		n = PQcmdTuples(r);
		st = (*n == '\0' || atol(n) > 0) ? STORE_ONE : STORE_NONE;
	}
	PQclear(r);
	return st;
}

/* Drops server notices: only the front doors talk. */
static void
st_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Opens a connection with a bounded connect time, UTC and our name. */
struct store *
store_open(const char *conninfo, char *err, size_t errlen)
{
	static const char *const keys[] = { "connect_timeout",
	    "application_name", "options", "dbname", NULL };
	const char *vals[] = { STORE_CONNECT_TIMEOUT, "postdesk",
	    "-c TimeZone=UTC -c statement_timeout=20000", conninfo, NULL };
	struct store *s;

	s = xcalloc(1, sizeof(*s));
	s->s_conninfo = xstrdup(conninfo != NULL ? conninfo : "");
	s->s_conn = PQconnectdbParams(keys, vals, 1);
	if (s->s_conn == NULL || PQstatus(s->s_conn) != CONNECTION_OK) {
		if (err != NULL && errlen > 0) {
			snprintf(err, errlen, "connect: %s", s->s_conn != NULL ?
			    PQerrorMessage(s->s_conn) : "out of memory");
			err[strcspn(err, "\n")] = '\0';
		}
		store_close(s);
		return NULL;
	}
	PQsetNoticeProcessor(s->s_conn, st_quiet, NULL);
	st_prepare_all(s);
	return s;
}

/* Closes the connection; NULL is fine. */
void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	grp_release(s);
	if (s->s_conn != NULL)
		PQfinish(s->s_conn);
	free(s->s_nums);
	free(s->s_conninfo);
	free(s);
}

/* The text of the last failure. */
const char *
store_error(const struct store *s)
{
	return s != NULL ? s->s_err : "no connection";
}

/* Whether the connection is lost or its server cannot take our writes
 * (the pool closes such ones). */
int
store_broken(const struct store *s)
{
	return s == NULL || PQstatus(s->s_conn) != CONNECTION_OK ||
	    s->s_stale;
}

/* Whether a transaction is open (or failed and not yet rolled back). */
int
store_in_transaction(const struct store *s)
{
	if (s->s_batch)
		return s->s_in_txn;
	return s->s_in_txn ||
	    PQtransactionStatus(s->s_conn) != PQTRANS_IDLE;
}

/* 1 while a batch is open. */
int
store_in_batch(const struct store *s)
{
	return s != NULL && s->s_batch;
}

/* A mail's savepoint in a batch; the RELEASE of the one before goes in
 * the same round trip. */
static enum store_status
st_savepoint(struct store *s)
{
	enum store_status st;
	PGresult *r;

	if (!s->s_release)
		st = st_run(s, ST_SAVEPOINT, NULL);
	else if ((st = st_ready(s)) == STORE_ONE) {
		r = PQexec(s->s_conn, "RELEASE SAVEPOINT pd_mail;"
		    " SAVEPOINT pd_mail");
		st = st_check(s, r, "savepoint");
		PQclear(r);
	}
	if (st < STORE_NONE)
		return st;
	s->s_release = 0;
	s->s_in_txn = 1;
	return STORE_ONE;
}

/* BEGIN; a connection lost since the last call is reset first.  Inside
 * a batch: SAVEPOINT. */
enum store_status
store_begin(struct store *s)
{
	enum store_status st;

	if (s->s_group != NULL) {
		grp_mark(s);
		s->s_in_txn = 1;
		return STORE_ONE;
	}
	if (s->s_batch)
		return st_savepoint(s);
	st = st_run(s, ST_BEGIN, NULL);
	if (st == STORE_SOFT && PQstatus(s->s_conn) == CONNECTION_BAD)
		st = st_run(s, ST_BEGIN, NULL);	/* lost while idle */
	if (st >= STORE_NONE) {
		s->s_in_txn = 1;
		return STORE_ONE;
	}
	return st;
}

/* COMMIT; SOFT when the outcome is unknown or it failed to serialize. */
enum store_status
store_commit(struct store *s)
{
	enum store_status st;
	PGresult *r;

	if (s->s_group != NULL) {
		s->s_in_txn = 0;	/* kept until store_group_end */
		return STORE_ONE;
	}
	if (s->s_batch) {
		/* released with the next SAVEPOINT or the batch's COMMIT */
		s->s_release = 1;
		s->s_in_txn = 0;
		return STORE_ONE;
	}
	st = st_exec(s, ST_COMMIT, NULL, &r);
	if (st == STORE_ONE && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		st_seterr(s, "commit: transaction was aborted");
		st = STORE_HARD;
	}
	PQclear(r);
	s->s_in_txn = 0;
	return st;
}

/* ROLLBACK, quietly; nothing to do on a lost connection. */
void
store_rollback(struct store *s)
{
	PGresult *r;

	if (s == NULL)
		return;
	if (s->s_group != NULL) {
		if (s->s_in_txn)
			grp_rewind(s);
		s->s_in_txn = 0;
		return;
	}
	if (s->s_batch) {
		if (s->s_in_txn && PQstatus(s->s_conn) == CONNECTION_OK &&
		    st_exec(s, ST_ROLLBACK_TO, NULL, &r) == STORE_ONE) {
			PQclear(r);
			if (st_exec(s, ST_RELEASE, NULL, &r) == STORE_ONE)
				PQclear(r);
		}
		s->s_in_txn = 0;
		s->s_release = 0;
		return;
	}
	s->s_in_txn = 0;
	if (PQstatus(s->s_conn) != CONNECTION_OK ||
	    PQtransactionStatus(s->s_conn) == PQTRANS_IDLE)
		return;
	if (st_exec(s, ST_ROLLBACK, NULL, &r) == STORE_ONE)
		PQclear(r);
}

/* Opens a batch: one transaction whose mails are savepoints. */
enum store_status
store_batch_begin(struct store *s)
{
	enum store_status st;

	if (s->s_batch || s->s_in_txn) {
		st_seterr(s, "batch: a transaction is open already");
		return STORE_HARD;
	}
	if ((st = store_begin(s)) != STORE_ONE)
		return st;
	s->s_in_txn = 0;
	s->s_batch = 1;
	s->s_group_plans = 0;
	return STORE_ONE;
}

/* Commits the batch; SOFT when it is lost (run its mails again). */
enum store_status
store_batch_commit(struct store *s)
{
	enum store_status st;

	if (!s->s_batch) {
		st_seterr(s, "batch lost with its connection");
		return STORE_SOFT;
	}
	if (s->s_group != NULL && (st = store_group_end(s)) != STORE_ONE)
		return STORE_SOFT;
	if (s->s_in_txn)
		store_rollback(s);
	s->s_batch = 0;
	s->s_release = 0;
	s->s_in_txn = 1;
	st = store_commit(s);
	return st == STORE_HARD ? STORE_SOFT : st;
}

/* Gives the batch up. */
void
store_batch_rollback(struct store *s)
{
	if (s == NULL)
		return;
	grp_drop(s);
	s->s_batch = 0;
	s->s_release = 0;
	s->s_in_txn = 1;
	store_rollback(s);
}

/* LISTEN for outbox notifications (again after any reconnect). */
enum store_status
store_listen(struct store *s)
{
	enum store_status st;

	if ((st = st_run(s, ST_LISTEN, NULL)) < STORE_NONE)
		return st;
	s->s_listening = 1;
	return STORE_ONE;
}

/* Reads what arrived; ONE when a notification was among it. */
static enum store_status
st_drain(struct store *s)
{
	PGnotify *n;
	int got = 0;

	if (!PQconsumeInput(s->s_conn)) {
		st_seterr(s, "notify: %s", PQerrorMessage(s->s_conn));
		return STORE_SOFT;
	}
	while ((n = PQnotifies(s->s_conn)) != NULL) {
		got = 1;
		PQfreemem(n);
	}
	return got ? STORE_ONE : STORE_NONE;
}

/* Waits up to ms for a notification: ONE notified, NONE timed out. */
enum store_status
store_wait_notify(struct store *s, int ms)
{
	return store_wait_notify_fd(s, ms, -1);
}

/* Like store_wait_notify(), also returning ONE when fd (if >= 0) becomes
 * readable; the caller reads fd. */
enum store_status
store_wait_notify_fd(struct store *s, int ms, int fd)
{
	struct pollfd pfd[2];
	enum store_status st;
	int rc;

	if ((st = st_ready(s)) != STORE_ONE)
		return st;
	if ((st = st_drain(s)) != STORE_NONE)
		return st;
	pfd[0].fd = PQsocket(s->s_conn);
	pfd[0].events = POLLIN;
	pfd[0].revents = 0;
	pfd[1].fd = fd;
	pfd[1].events = POLLIN;
	pfd[1].revents = 0;
	if (pfd[0].fd < 0) {
		st_seterr(s, "notify: no socket");
		return STORE_SOFT;
	}
	do
		rc = poll(pfd, fd >= 0 ? 2 : 1, ms);
	while (rc < 0 && errno == EINTR);
	if (rc < 0) {
		st_seterr(s, "poll: %s", strerror(errno));
		return STORE_SOFT;
	}
	if (rc == 0)
		return STORE_NONE;
	if (fd >= 0 && (pfd[1].revents & POLLIN) && !(pfd[0].revents &
	    POLLIN))
		return STORE_ONE;
	return st_drain(s);
}
