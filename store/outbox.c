/* outbox.c - mail waiting to be sent: queued in the intake transaction,
 * claimed by workers with FOR UPDATE SKIP LOCKED and a lease (a batch of
 * rows in one statement), then marked sent (a batch of rows in one
 * statement), retried with exponential backoff, or given up.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"
#include "ticket/chat.h"

/* Seconds a claimed row stays out of other workers' reach. */
#define OUTBOX_LEASE	"300"

/* The channel of a row queued to rcpt. */
const char *
st_outbox_channel(const char *rcpt)
{
	long long user;

	return rcpt != NULL && chat_addr_user(rcpt, &user) ?
	    STORE_CH_TELEGRAM : STORE_CH_MAIL;
}

/* Queues a mail (the workers are woken by store_outbox_notify). */
enum store_status
store_outbox_add(struct store *s, const struct store_outbox *ob, long *id)
{
	struct st_content c = { ob->ob_data, ob->ob_len, ob->ob_read,
	    ob->ob_read_arg, STORE_RAW };
	struct grp_bytes data = { ob->ob_data, ob->ob_len, 0, 0 };
	struct st_value v;
	enum store_status st;
	PGresult *r = NULL;

	if (id != NULL)
		*id = 0;	/* a group's is known after its commit */
	if (GRP_OPEN(s)) {
		if (ob->ob_data == NULL && ob->ob_len > 0)
			return grp_miss(s, "outbox_add from a reader");
		dfr_outbox_add(&s->s_group, ob, &data);
		return STORE_ONE;
	}
	if (ob->ob_data == NULL && ob->ob_read == NULL)
		c.c_len = 0;
	if ((st = st_value_make(s, &c, &v)) != STORE_ONE)
		return st_value_done(s, &v, st);
	st_value_bytes(&v, &data);
	dfr_outbox_add(&s->s_group, ob, &data);
	st = grp_send(s, ST_OUTBOX_ADD, &r);
	if (st == STORE_ONE && id != NULL)
		*id = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return st_value_done(s, &v, st == STORE_NONE ? STORE_HARD : st);
}

/* Wakes the workers listening for new rows (store_wait_notify): inside
 * a transaction, right after its commit (in the same round trip). */
enum store_status
store_outbox_notify(struct store *s)
{
	if (s->s_in_txn) {
		s->s_group.g_notify = 1;
		return STORE_ONE;
	}
	return st_run(s, ST_OUTBOX_NOTIFY, NULL);
}

/* Fills one claimed row from result row i. */
static void
outbox_row(PGresult *r, int i, struct store_outbox *ob)
{
	unsigned char *data;
	size_t len = 0;

	ob->ob_id = atol(PQgetvalue(r, i, 0));
	ob->ob_ticket = atol(PQgetvalue(r, i, 1));
	ob->ob_kind = xstrdup(PQgetvalue(r, i, 2));
	ob->ob_mail_from = xstrdup(PQgetvalue(r, i, 3));
	ob->ob_rcpt = xstrdup(PQgetvalue(r, i, 4));
	ob->ob_message_id = xstrdup(PQgetvalue(r, i, 5));
	ob->ob_attempts = atoi(PQgetvalue(r, i, 7));
	ob->ob_len = (size_t)atol(PQgetvalue(r, i, 8));
	ob->ob_sent_parts = atoi(PQgetvalue(r, i, 9));
	if (PQgetisnull(r, i, 6))
		return;		/* big: read in pieces */
	data = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 6),
	    &len);
	ob->ob_data = xmalloc(len + 1);
	if (data != NULL)
		memcpy(ob->ob_data, data, len);
	ob->ob_data[len] = '\0';
	ob->ob_len = len;
	PQfreemem(data);
}

/* Claims up to max due rows of a channel for a lease. */
enum store_status
store_outbox_claim(struct store *s, const char *channel, size_t max,
    struct store_outbox **rows, size_t *n)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char mb[24];
	int i, nt;

	*rows = NULL;
	*n = 0;
	st_param(&p, st_ltoa((long)max, mb, sizeof(mb)));
	st_param(&p, OUTBOX_LEASE);
	st_param(&p, channel);
	if ((st = st_exec(s, ST_OUTBOX_CLAIM, &p, &r)) != STORE_ONE)
		return st;
	nt = PQntuples(r);
	if (nt == 0) {
		PQclear(r);
		return STORE_NONE;
	}
	*rows = xcalloc((size_t)nt, sizeof(**rows));
	for (i = 0; i < nt; i++)
		outbox_row(r, i, &(*rows)[i]);
	*n = (size_t)nt;
	PQclear(r);
	return STORE_ONE;
}

/* A piece of a big row's message. */
enum store_status
store_outbox_read(struct store *s, long id, size_t off, size_t len,
    void *buf, size_t *got)
{
	struct params p = { 0 };
	enum store_status st;
	unsigned char *data;
	PGresult *r;
	char nb[24], ob[24], lb[24];
	size_t n = 0;

	*got = 0;
	st_param(&p, st_ltoa(id, nb, sizeof(nb)));
	st_param(&p, st_ltoa((long)off, ob, sizeof(ob)));
	st_param(&p, st_ltoa((long)len, lb, sizeof(lb)));
	if ((st = st_exec(s, ST_OUTBOX_DATA, &p, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) != 1) {
		PQclear(r);
		st_seterr(s, "outbox %ld is gone", id);
		return STORE_NONE;
	}
	data = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &n);
	PQclear(r);
	if (data == NULL || n > len) {
		PQfreemem(data);
		st_seterr(s, "outbox %ld: a bad piece", id);
		return STORE_HARD;
	}
	memcpy(buf, data, n);
	PQfreemem(data);
	*got = n;
	return STORE_ONE;
}

/* Frees claimed rows; NULL is fine. */
void
store_outbox_free(struct store_outbox *rows, size_t n)
{
	size_t i;

	for (i = 0; rows != NULL && i < n; i++) {
		free(rows[i].ob_kind);
		free(rows[i].ob_mail_from);
		free(rows[i].ob_rcpt);
		free(rows[i].ob_message_id);
		free(rows[i].ob_data);
	}
	free(rows);
}

/* Runs a statement whose one parameter is an outbox row's id. */
enum store_status
st_outbox_by_id(struct store *s, enum stmt_id stmt, long id)
{
	struct params p = { 0 };
	char nb[24];

	st_param(&p, st_ltoa(id, nb, sizeof(nb)));
	return st_run(s, stmt, &p);
}

/* Marks rows sent in one statement (one commit); ONE and *done (may be
 * NULL) how many were still pending, NONE when none was. */
enum store_status
store_outbox_sent_many(struct store *s, const long *ids, size_t n,
    size_t *done)
{
	struct params p = { 0 };
	enum store_status st;
	struct arr a;
	PGresult *r;
	long k;
	size_t i;

	if (done != NULL)
		*done = 0;
	if (n == 0)
		return STORE_NONE;
	arr_init(&a, OID_INT8);
	for (i = 0; i < n; i++)
		arr_int8(&a, ids[i]);
	st_param_arr(&p, &a);
	st = st_exec(s, ST_OUTBOX_SENT, &p, &r);
	arr_free(&a);
	if (st != STORE_ONE)
		return st;
	k = atol(PQcmdTuples(r));
	PQclear(r);
	if (done != NULL)
		*done = k > 0 ? (size_t)k : 0;
	return k > 0 ? STORE_ONE : STORE_NONE;
}

/* Marks a row sent; NONE when it was not pending. */
enum store_status
store_outbox_sent(struct store *s, long id)
{
	return store_outbox_sent_many(s, &id, 1, NULL);
}

/* Gives a claimed, untried row back: due now. */
enum store_status
store_outbox_unclaim(struct store *s, long id)
{
	return st_outbox_by_id(s, ST_OUTBOX_UNCLAIM, id);
}

/* Records a failed attempt: due again after 1 min * 2^attempts (at most
 * an hour), or failed for good when permanent or out of attempts. */
enum store_status
store_outbox_failed(struct store *s, long id, int permanent,
    const char *reason, int max_attempts)
{
	struct params p = { 0 };
	char nb[24], mb[16];

	snprintf(mb, sizeof(mb), "%d", max_attempts > 0 ? max_attempts : 1);
	st_param(&p, st_ltoa(id, nb, sizeof(nb)));
	st_param(&p, reason != NULL ? reason : "");
	st_param(&p, permanent ? "true" : "false");
	st_param(&p, mb);
	return st_run(s, ST_OUTBOX_FAILED, &p);
}

/* Records how many pieces of a row went out. */
enum store_status
store_outbox_parts(struct store *s, long id, int parts)
{
	struct params p = { 0 };
	char nb[24], pb[16];

	snprintf(pb, sizeof(pb), "%d", parts);
	st_param(&p, st_ltoa(id, nb, sizeof(nb)));
	st_param(&p, pb);
	return st_run(s, ST_OUTBOX_PARTS, &p);
}

/* Puts a row off for secs, without counting an attempt. */
enum store_status
store_outbox_later(struct store *s, long id, int secs, const char *reason)
{
	struct params p = { 0 };
	char nb[24], sb[16];

	snprintf(sb, sizeof(sb), "%d", secs > 0 ? secs : 1);
	st_param(&p, st_ltoa(id, nb, sizeof(nb)));
	st_param(&p, sb);
	st_param(&p, reason != NULL ? reason : "");
	return st_run(s, ST_OUTBOX_LATER, &p);
}
