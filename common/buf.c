/* buf.c - growable byte buffers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* Makes room for n more bytes plus the terminator. */
static void
buf_grow(struct buf *b, size_t n)
{
	size_t want = b->b_len + n + 1;

	if (want <= b->b_cap)
		return;
	if (b->b_cap == 0)
		b->b_cap = 64;
	while (b->b_cap < want)
		b->b_cap *= 2;
	b->b_data = xrealloc(b->b_data, b->b_cap);
}

/* Appends n bytes. */
void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->b_data + b->b_len, p, n);
	b->b_len += n;
	b->b_data[b->b_len] = '\0';
}

/* Appends a string. */
void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Appends one byte. */
void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

/* Appends formatted text. */
void
buf_addf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, (size_t)n);
		return;
	}
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->b_data + b->b_len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->b_len += (size_t)n;
}

/* Empties the buffer, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->b_len = 0;
	if (b->b_data != NULL)
		b->b_data[0] = '\0';
}

/* Releases the memory. */
void
buf_free(struct buf *b)
{
	free(b->b_data);
	b->b_data = NULL;
	b->b_len = b->b_cap = 0;
}

/* Hands the data to the caller. */
char *
buf_steal(struct buf *b)
{
	char *p = b->b_data != NULL ? b->b_data : xstrdup("");

	b->b_data = NULL;
	b->b_len = b->b_cap = 0;
	return p;
}
