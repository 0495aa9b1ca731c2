/* arr.c - the parameters of a statement: text, binary, and one-dimensional
 * arrays in PostgreSQL's binary format, built an element at a time and sent
 * as one parameter (text[], bytea[], int8[], int4[], bool[]): many rows in
 * one statement, with no quoting of the elements and no copy of them into
 * a literal.
 *
 * The format (array_send): ndim, a has-nulls flag, the element type, then
 * per dimension its size and lower bound, then each element as a length
 * (-1 for NULL) and its bytes, all integers in network byte order.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "store/store_int.h"

#define ARR_HEAD	20	/* ndim, flags, type, size, lower bound */

/* Appends a 32-bit integer in network byte order. */
static void
arr_u32(struct buf *b, uint32_t v)
{
	v = htonl(v);
	buf_add(b, &v, sizeof(v));
}

/* An empty array of elements of type oid. */
void
arr_init(struct arr *a, unsigned oid)
{
	memset(a, 0, sizeof(*a));
	a->a_oid = oid;
}

/* Frees the elements. */
void
arr_free(struct arr *a)
{
	buf_free(&a->a_b);
	a->a_n = 0;
	a->a_nulls = 0;
}

/* Empties the array, keeping its memory. */
void
arr_reset(struct arr *a)
{
	a->a_b.b_len = 0;
	a->a_n = 0;
	a->a_nulls = 0;
}

/* Room for the header before the first element. */
static void
arr_start(struct arr *a)
{
	static const char zero[ARR_HEAD];

	if (a->a_b.b_len == 0)
		buf_add(&a->a_b, zero, sizeof(zero));
}

/* Appends an element of len bytes; NULL is SQL NULL. */
void
arr_bytes(struct arr *a, const void *p, size_t len)
{
	arr_start(a);
	if (p == NULL) {
		arr_u32(&a->a_b, 0xffffffffu);
		a->a_nulls++;
	} else {
		arr_u32(&a->a_b, (uint32_t)len);
		buf_add(&a->a_b, p, len);
	}
	a->a_n++;
}

/* Appends a string (NULL is SQL NULL). */
void
arr_text(struct arr *a, const char *s)
{
	arr_bytes(a, s, s != NULL ? strlen(s) : 0);
}

/* Appends an int8. */
void
arr_int8(struct arr *a, long long v)
{
	uint32_t w[2];

	w[0] = htonl((uint32_t)((unsigned long long)v >> 32));
	w[1] = htonl((uint32_t)((unsigned long long)v & 0xffffffffu));
	arr_bytes(a, w, sizeof(w));
}

/* Appends an int4. */
void
arr_int4(struct arr *a, int v)
{
	uint32_t w = htonl((uint32_t)v);

	arr_bytes(a, &w, sizeof(w));
}

/* Appends a bool. */
void
arr_bool(struct arr *a, int v)
{
	char c = v != 0;

	arr_bytes(a, &c, 1);
}

/* Where the array stands, to go back to it. */
void
arr_mark(const struct arr *a, struct arr_mark *m)
{
	m->am_len = a->a_b.b_len;
	m->am_n = a->a_n;
	m->am_nulls = a->a_nulls;
}

/* Drops the elements added since the mark. */
void
arr_rewind(struct arr *a, const struct arr_mark *m)
{
	a->a_b.b_len = m->am_len;
	a->a_n = m->am_n;
	a->a_nulls = m->am_nulls;
}

/* Adds the array as a binary parameter; it must not change until the
 * statement has run. */
void
st_param_arr(struct params *p, struct arr *a)
{
	uint32_t *h;

	if (a->a_n == 0) {
		/* no dimensions: ndim 0, flags 0, the element type */
		h = a->a_empty;
		h[0] = htonl(0);
		h[1] = htonl(0);
		h[2] = htonl(a->a_oid);
		st_param_bin(p, a->a_empty, 12);
		return;
	}
	h = (uint32_t *)a->a_b.b_data;
	h[0] = htonl(1);
	h[1] = htonl(a->a_nulls > 0);
	h[2] = htonl(a->a_oid);
	h[3] = htonl((uint32_t)a->a_n);
	h[4] = htonl(1);
	st_param_bin(p, a->a_b.b_data, a->a_b.b_len);
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
