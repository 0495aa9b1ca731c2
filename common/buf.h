/* buf.h - growable byte buffers, always NUL-terminated.
 *
 * struct buf b = BUF_INIT; buf_add(&b, ...); ... buf_free(&b);
 * b_data may be taken over with buf_steal(), then the caller frees it.
 */
#ifndef PD_BUF_H
#define PD_BUF_H

#include <stddef.h>

struct buf {
	char	*b_data;
	size_t	 b_len;
	size_t	 b_cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);
/* Returns the data (never NULL, caller frees) and empties the buffer. */
char	*buf_steal(struct buf *);

#endif
