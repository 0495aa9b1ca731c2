/* fdstream.c - a GMime stream that writes into a file descriptor for
 * mail_write_fd(): every byte is written (a short write is retried, the
 * first failure is kept with its errno and ends the writing), counted and,
 * when asked, hashed with SHA-256 on the way.
 *
 * GMime's own GMimeStreamFs drops what a short write did not take when
 * the error comes after it (the last piece on a full disk would go
 * unnoticed), and its flush is an fsync, which a temp copy does not want.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "parser/priv.h"

typedef struct {
	GMimeStream	 parent;
	int		 fd;
	int		 err;		/* errno of the first failure */
	gint64		 count;		/* bytes written */
	GChecksum	*ck;		/* NULL: no hash */
} FdStream;

typedef struct {
	GMimeStreamClass parent_class;
} FdStreamClass;

G_DEFINE_TYPE(FdStream, fd_stream, GMIME_TYPE_STREAM)

/* Writes all of buf, or fails for good. */
static ssize_t
fd_stream_write(GMimeStream *stream, const char *buf, size_t len)
{
	FdStream *s = (FdStream *)stream;
	size_t done = 0;
	ssize_t n;

	if (s->err != 0)
		return -1;
	while (done < len) {
		if ((n = write(s->fd, buf + done, len - done)) < 0) {
			if (errno == EINTR)
				continue;
			s->err = errno;
			return -1;
		}
		done += (size_t)n;
	}
	if (s->ck != NULL)
		g_checksum_update(s->ck, (const guchar *)buf, (gssize)len);
	s->count += (gint64)len;
	stream->position += (gint64)len;
	return (ssize_t)len;
}

/* Nothing is buffered here, and a temp copy needs no fsync. */
static int
fd_stream_flush(GMimeStream *stream)
{
	return ((FdStream *)stream)->err != 0 ? -1 : 0;
}

/* Frees the hash; the fd stays the caller's. */
static void
fd_stream_finalize(GObject *o)
{
	FdStream *s = (FdStream *)o;

	if (s->ck != NULL)
		g_checksum_free(s->ck);
	G_OBJECT_CLASS(fd_stream_parent_class)->finalize(o);
}

static void
fd_stream_class_init(FdStreamClass *k)
{
	GMIME_STREAM_CLASS(k)->write = fd_stream_write;
	GMIME_STREAM_CLASS(k)->flush = fd_stream_flush;
	G_OBJECT_CLASS(k)->finalize = fd_stream_finalize;
}

static void
fd_stream_init(FdStream *s)
{
	s->fd = -1;
}

/* A stream writing into fd from its current offset; hashed when sha. */
GMimeStream *
fdstream_new(int fd, int sha)
{
	FdStream *s = g_object_new(fd_stream_get_type(), NULL);

	s->fd = fd;
	if (sha)
		s->ck = g_checksum_new(G_CHECKSUM_SHA256);
	g_mime_stream_construct(GMIME_STREAM(s), 0, -1);
	return GMIME_STREAM(s);
}

/* The outcome: bytes written, or -1 with errno set; sha (65 bytes, may
 * be NULL) gets the hex SHA-256 when the stream hashes. */
gint64
fdstream_result(GMimeStream *stream, char *sha)
{
	FdStream *s = (FdStream *)stream;

	if (s->err != 0) {
		errno = s->err;
		return -1;
	}
	if (sha != NULL && s->ck != NULL)
		g_strlcpy(sha, g_checksum_get_string(s->ck), 65);
	return s->count;
}
