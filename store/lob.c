/* lob.c - big contents (a raw message, an attachment) into a bytea
 * without holding them whole: written in pieces into a large object of
 * the current transaction, read into the row by lo_get() in the INSERT,
 * then unlinked.
 *
 * Handed over as one bytea parameter, a 50 MB content is in memory once
 * as it is and once more in libpq's output buffer.  Written with
 * lo_from_bytea()/lo_put() in pieces of STORE_LO_CHUNK, neither this
 * process nor libpq holds more than a piece, and the content may come
 * from a reader (a temp file, an attachment decoded from the spill file)
 * that is never in memory at all.  The large object lives only inside
 * the transaction: a rollback removes it with everything else, a commit
 * comes after the unlink.  Going through SQL functions rather than
 * libpq's lo_* calls keeps every failure a checked result with its
 * SQLSTATE (SOFT or HARD as everywhere else).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"

struct lob_put {
	struct store	*lp_s;
	struct st_value	*lp_v;
	unsigned char	*lp_buf;	/* a piece being filled */
	size_t		 lp_fill;
	size_t		 lp_off;	/* bytes in the large object */
	size_t		 lp_got;	/* bytes the reader gave */
	size_t		 lp_want;
	enum store_status lp_st;	/* ONE, or the first failure */
};

/* Sends one piece: the first makes the large object. */
static enum store_status
lob_send(struct lob_put *lp, const void *p, size_t n)
{
	struct params pa = { 0 };
	enum store_status st;
	char off[24];
	PGresult *r;

	if (lp->lp_v->v_oid == NULL) {
		st_param_bin(&pa, p, n);
		if ((st = st_exec(lp->lp_s, ST_LO_NEW, &pa, &r)) != STORE_ONE)
			return st;
		snprintf(lp->lp_v->v_oidbuf, sizeof(lp->lp_v->v_oidbuf), "%s",
		    PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "");
		PQclear(r);
		if (lp->lp_v->v_oidbuf[0] == '\0') {
			st_seterr(lp->lp_s, "lo_from_bytea: no oid");
			return STORE_HARD;
		}
		lp->lp_v->v_oid = lp->lp_v->v_oidbuf;
	} else {
		st_param(&pa, lp->lp_v->v_oid);
		st_param(&pa, st_ltoa((long)lp->lp_off, off, sizeof(off)));
		st_param_bin(&pa, p, n);
		if ((st = st_run(lp->lp_s, ST_LO_PUT, &pa)) < STORE_NONE)
			return st;
	}
	lp->lp_off += n;
	return STORE_ONE;
}

/* store_put_fn: fills a piece, sends it when full; non-zero stops the
 * reader (lp_st says why). */
static int
lob_put_cb(const void *p, size_t n, void *arg)
{
	struct lob_put *lp = arg;
	const unsigned char *c = p;
	size_t k;

	if (lp->lp_got + n > lp->lp_want) {
		st_seterr(lp->lp_s, "content longer than its %zu bytes",
		    lp->lp_want);
		lp->lp_st = STORE_HARD;
		return 1;
	}
	lp->lp_got += n;
	while (n > 0) {
		k = STORE_LO_CHUNK - lp->lp_fill;
		if (k > n)
			k = n;
		memcpy(lp->lp_buf + lp->lp_fill, c, k);
		lp->lp_fill += k;
		c += k;
		n -= k;
		if (lp->lp_fill < STORE_LO_CHUNK)
			break;
		lp->lp_fill = 0;
		if ((lp->lp_st = lob_send(lp, lp->lp_buf, STORE_LO_CHUNK)) !=
		    STORE_ONE)
			return 1;
	}
	return 0;
}

/* Writes a content into a new large object (v_oid). */
static enum store_status
lob_write(struct store *s, const struct st_content *c, struct st_value *v)
{
	struct lob_put lp;
	size_t off, k;
	int rc;

	memset(&lp, 0, sizeof(lp));
	lp.lp_s = s;
	lp.lp_v = v;
	lp.lp_want = c->c_len;
	lp.lp_st = STORE_ONE;
	if (c->c_data != NULL) {
		for (off = 0; off < c->c_len && lp.lp_st == STORE_ONE;
		    off += k) {
			k = c->c_len - off < STORE_LO_CHUNK ? c->c_len - off :
			    STORE_LO_CHUNK;
			lp.lp_st = lob_send(&lp, (const char *)c->c_data + off,
			    k);
		}
		return lp.lp_st;
	}
	lp.lp_buf = xmalloc(STORE_LO_CHUNK);
	errno = 0;
	rc = c->c_read(c->c_arg, c->c_which, lob_put_cb, &lp);
	if (lp.lp_st == STORE_ONE && rc != 0) {
		st_seterr(s, "cannot read the content: %s", errno != 0 ?
		    strerror(errno) : "reader failed");
		lp.lp_st = STORE_SOFT;
	}
	if (lp.lp_st == STORE_ONE && lp.lp_fill > 0)
		lp.lp_st = lob_send(&lp, lp.lp_buf, lp.lp_fill);
	if (lp.lp_st == STORE_ONE && lp.lp_off != c->c_len) {
		st_seterr(s, "content of %zu bytes, want %zu", lp.lp_off,
		    c->c_len);
		lp.lp_st = STORE_HARD;
	}
	free(lp.lp_buf);
	return lp.lp_st;
}

/* store_put_fn: a small content read into memory. */
static int
mem_put_cb(const void *p, size_t n, void *arg)
{
	struct st_value *v = arg;

	if (v->v_buf.b_len + n > v->v_want) {
		v->v_over = 1;
		return 1;
	}
	buf_add(&v->v_buf, p, n);
	return 0;
}

/* Makes a content ready for a statement: a bytea parameter in memory
 * (read in from its reader when small), or a large object past
 * STORE_LO_MIN. */
enum store_status
st_value_make(struct store *s, const struct st_content *c,
    struct st_value *v)
{
	enum store_status st;
	int rc;

	memset(v, 0, sizeof(*v));
	v->v_want = c->c_len;
	if (c->c_len > STORE_LO_MIN && (c->c_data != NULL ||
	    c->c_read != NULL))
		return lob_write(s, c, v);
	if (c->c_data != NULL || c->c_len == 0) {
		v->v_data = c->c_data != NULL ? c->c_data : "";
		v->v_len = c->c_len;
		return STORE_ONE;
	}
	if (c->c_read == NULL) {
		st_seterr(s, "content of %zu bytes without its bytes",
		    c->c_len);
		return STORE_HARD;
	}
	errno = 0;
	rc = c->c_read(c->c_arg, c->c_which, mem_put_cb, v);
	if (rc == 0 && v->v_buf.b_len == c->c_len) {
		v->v_data = v->v_buf.b_data;
		v->v_len = v->v_buf.b_len;
		return STORE_ONE;
	}
	if (rc != 0 && !v->v_over) {
		st_seterr(s, "cannot read the content: %s", errno != 0 ?
		    strerror(errno) : "reader failed");
		st = STORE_SOFT;
	} else {
		st_seterr(s, "content of %s%zu bytes, want %zu", v->v_over ?
		    "over " : "", v->v_buf.b_len, c->c_len);
		st = STORE_HARD;
	}
	buf_free(&v->v_buf);
	return st;
}

/* The value as the content of a kept write: its bytes, or its large
 * object. */
void
st_value_bytes(const struct st_value *v, struct grp_bytes *b)
{
	memset(b, 0, sizeof(*b));
	if (v->v_oid != NULL)
		b->gb_lo = atol(v->v_oid);
	else {
		b->gb_data = v->v_data;
		b->gb_len = v->v_len;
	}
}

/* After the statement that used the value: unlinks its large object
 * when the statement went through (else the transaction is lost and a
 * rollback removes it), frees what was read in.  Returns st, or the
 * unlink's failure. */
enum store_status
st_value_done(struct store *s, struct st_value *v, enum store_status st)
{
	struct params p = { 0 };
	enum store_status ust;

	if (v->v_buf.b_data != NULL)
		memset(v->v_buf.b_data, 0, v->v_buf.b_len);
	buf_free(&v->v_buf);
	if (v->v_oid == NULL || st < STORE_NONE)
		return st;
	st_param(&p, v->v_oid);
	v->v_oid = NULL;
	if ((ust = st_run(s, ST_LO_UNLINK, &p)) < STORE_NONE)
		return ust;
	return st;
}
