/* msgbuf.h - one message's bytes: memory first, a temp file past a size;
 * and the anonymous temp files that hold them.
 *
 * Shared by the milter (the message as it arrives), postdeskctl ingest
 * (a message on stdin) and intake/ (the stored copy of a big message).
 * A temp file is made with mkstemp (mode 0600) and unlinked at once, so
 * nothing is left in the directory whatever happens to the process.
 */
#ifndef PD_MSGBUF_H
#define PD_MSGBUF_H

#include <stddef.h>

#include "common/buf.h"

/* Bytes of one message: in memory up to a threshold, then in a temp file
 * holding everything. */
struct msgbuf {
	struct buf	 mb_mem;
	int		 mb_fd;		/* -1 while in memory */
	size_t		 mb_len;	/* bytes added in all */
	size_t		 mb_threshold;
	char		*mb_tmpdir;
};

void	 msgbuf_init(struct msgbuf *, size_t threshold, const char *tmpdir);
/* Appends; -1 with errno set when the temp file cannot be made/written. */
int	 msgbuf_add(struct msgbuf *, const void *, size_t);
/* 1 when the bytes are in a file (then use msgbuf_fd()), else 0. */
int	 msgbuf_spilled(const struct msgbuf *);
/* The file, rewound to its start; -1 on error. */
int	 msgbuf_fd(struct msgbuf *);
void	 msgbuf_free(struct msgbuf *);		/* closes the file */

/* A new temp file in dir (NULL: /tmp), already unlinked; the caller
 * closes it.  -1 with errno set on failure. */
int	 msgbuf_tmpfile(const char *dir);

#endif
