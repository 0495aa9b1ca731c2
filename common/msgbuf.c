/* msgbuf.c - one message's bytes: memory first, a temp file past a size.
 *
 * The temp file is made with mkstemp (mode 0600) in the configured
 * directory and unlinked at once, so nothing is left behind whatever
 * happens to the process; it holds the whole message once spilled.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/msgbuf.h"
#include "common/xalloc.h"

/* Sets up an empty buffer. */
void
msgbuf_init(struct msgbuf *mb, size_t threshold, const char *tmpdir)
{
	struct buf empty = BUF_INIT;

	mb->mb_mem = empty;
	mb->mb_fd = -1;
	mb->mb_len = 0;
	mb->mb_threshold = threshold;
	mb->mb_tmpdir = xstrdup(tmpdir != NULL ? tmpdir : "/tmp");
}

/* Writes all of p to fd. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A fresh temp file, unlinked at once.  mkstemp creates it 0600 (POSIX
 * 2008); the umask is not touched, as it is process-wide and other
 * threads may be creating files. */
int
msgbuf_tmpfile(const char *dir)
{
	char *path = xasprintf("%s/postdesk.XXXXXX", dir != NULL ? dir :
	    "/tmp");
	int fd, saved;

	fd = mkstemp(path);
	saved = errno;
	if (fd >= 0)
		unlink(path);
	free(path);
	errno = saved;
	return fd;
}

/* Moves what is in memory into a fresh temp file. */
static int
msgbuf_spill(struct msgbuf *mb)
{
	int fd, saved;

	if ((fd = msgbuf_tmpfile(mb->mb_tmpdir)) < 0)
		return -1;
	if (write_all(fd, mb->mb_mem.b_data, mb->mb_mem.b_len) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	buf_free(&mb->mb_mem);
	mb->mb_fd = fd;
	return 0;
}

/* Appends bytes, spilling to a file once past the threshold. */
int
msgbuf_add(struct msgbuf *mb, const void *p, size_t n)
{
	if (mb->mb_fd < 0 && mb->mb_mem.b_len + n > mb->mb_threshold &&
	    msgbuf_spill(mb) < 0)
		return -1;
	if (mb->mb_fd >= 0) {
		if (write_all(mb->mb_fd, p, n) < 0)
			return -1;
	} else
		buf_add(&mb->mb_mem, p, n);
	mb->mb_len += n;
	return 0;
}

/* Tells whether the bytes live in a file. */
int
msgbuf_spilled(const struct msgbuf *mb)
{
	return mb->mb_fd >= 0;
}

/* Returns the file rewound to its start. */
int
msgbuf_fd(struct msgbuf *mb)
{
	if (mb->mb_fd < 0 || lseek(mb->mb_fd, 0, SEEK_SET) < 0)
		return -1;
	return mb->mb_fd;
}

/* Releases memory and file. */
void
msgbuf_free(struct msgbuf *mb)
{
	buf_free(&mb->mb_mem);
	if (mb->mb_fd >= 0)
		close(mb->mb_fd);
	mb->mb_fd = -1;
	mb->mb_len = 0;
	free(mb->mb_tmpdir);
	mb->mb_tmpdir = NULL;
}
