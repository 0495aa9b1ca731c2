/* conn.c - one connection: open, close, errors, running the prepared
 * statements and LISTEN/NOTIFY (transactions: group.c).
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

/* Success of r, or the class of its failure (s_err and s_state set). */
enum store_status
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
	snprintf(s->s_state, sizeof(s->s_state), "%s",
	    state != NULL ? state : "");
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
	if (s->s_in_txn) {
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
 * result of statement want in *res when all went well. */
static enum store_status
st_pipeline_results(struct store *s, const struct st_call *c, int n,
    int want, PGresult **res)
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
			if (cst == STORE_ONE && k == want && res != NULL &&
			    *res == NULL) {
				*res = r;
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
 * in order; a failure fails the statements after it.  ONE and *res
 * (may be NULL; free it with PQclear) the result of statement want, or
 * the class of the first failure with s_err set.  Their results must be
 * small: they are read only once everything is sent. */
enum store_status
st_exec_many(struct store *s, const struct st_call *c, int n, int want,
    PGresult **res)
{
	static const struct params none;
	const struct params *p;
	enum store_status st;
	int i;

	if (res != NULL)
		*res = NULL;
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
	st = st_pipeline_results(s, c, n, want, res);
	if (!PQexitPipelineMode(s->s_conn) && st == STORE_ONE) {
		st_seterr(s, "pipeline: %s", PQerrorMessage(s->s_conn));
		st = STORE_SOFT;
	}
	if (st != STORE_ONE && res != NULL) {
		PQclear(*res);
		*res = NULL;
	}
	return st;
}

/* Runs a statement whose rows are not wanted. */
enum store_status
st_run(struct store *s, enum stmt_id id, const struct params *p)
{
	enum store_status st;
	PGresult *r;

	if ((st = st_exec(s, id, p, &r)) != STORE_ONE)
		return st;
	st = st_rows(r);
	PQclear(r);
	return st;
}

/* ONE when the statement of r affected or returned a row, else NONE. */
enum store_status
st_rows(const PGresult *r)
{
	const char *n;

	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		return PQntuples(r) > 0 ? STORE_ONE : STORE_NONE;
	n = PQcmdTuples((PGresult *)r);
	return (*n == '\0' || atol(n) > 0) ? STORE_ONE : STORE_NONE;
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
	dfr_init(&s->s_group);
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
	dfr_free(&s->s_group);
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
	return s->s_in_txn || PQtransactionStatus(s->s_conn) != PQTRANS_IDLE;
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
