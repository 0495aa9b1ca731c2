/* rewrite.c - mail_rewrite(), mail_write() and mail_write_body(), into
 * memory or into a file.
 *
 * A rewrite replaces the content of every changed text leaf with a new
 * in-memory data wrapper (the old one, which may point into the original
 * file, is dropped) and the Subject header, then refills the struct mail
 * from the changed tree.  New text goes back into the part's own charset
 * when it can (so the top-level headers the milter keeps stay true), else
 * into UTF-8; the transfer encoding is kept, 7bit becoming quoted-printable
 * when 8-bit text has to be written.  Multipart boundaries never change.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/xalloc.h"
#include "parser/priv.h"

struct rw {
	struct mail	*r_mail;
	mail_rewrite_fn	 r_fn;
	void		*r_arg;
	GMimeObject	*r_top;		/* the message's top part */
	int		 r_count;
};

/* Whether n bytes are all ASCII. */
static int
is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* The new text in the part's charset (*utf8 set when UTF-8 was used). */
static char *
encode_text(const char *cs, const char *text, int top, size_t *lenp,
    int *utf8)
{
	const char *ic = cs != NULL ? g_mime_charset_iconv_name(cs) : NULL;
	gsize outlen = 0;
	gchar *r = NULL;
	char *out;
	size_t n = strlen(text);

	*utf8 = 0;
	if (ic == NULL || g_ascii_strcasecmp(ic, "UTF-8") == 0 ||
	    (g_ascii_strcasecmp(ic, "us-ascii") == 0 && is_ascii(text, n))) {
		*utf8 = ic == NULL || g_ascii_strcasecmp(ic, "UTF-8") != 0 ?
		    !is_ascii(text, n) : 0;
		*lenp = n;
		return xstrndup(text, n);
	}
	r = g_convert(text, (gssize)n, ic, "UTF-8", NULL, &outlen, NULL);
	if (r == NULL && top)
		r = g_convert_with_fallback(text, (gssize)n, ic, "UTF-8", "?",
		    NULL, &outlen, NULL);
	if (r == NULL) {
		*utf8 = 1;
		*lenp = n;
		return xstrndup(text, n);
	}
	out = xmalloc(outlen + 1);
	memcpy(out, r, outlen);
	out[outlen] = '\0';
	*lenp = outlen;
	g_free(r);
	return out;
}

/* Replaces a text part's content with text (UTF-8). */
static void
replace_content(struct rw *rw, GMimePart *part, const char *text)
{
	GMimeObject *o = GMIME_OBJECT(part);
	GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);
	GMimeStream *s;
	GMimeDataWrapper *dw;
	const char *cs;
	char *bytes;
	size_t n;
	int utf8, top = o == rw->r_top;

	cs = g_mime_object_get_content_type_parameter(o, "charset");
	bytes = encode_text(cs, text, top, &n, &utf8);
	s = g_mime_stream_mem_new_with_buffer(bytes, n);
	memset(bytes, 0, n);
	free(bytes);
	dw = g_mime_data_wrapper_new_with_stream(s,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, dw);
	g_object_unref(dw);
	g_object_unref(s);
	if (utf8 && !top)
		g_mime_object_set_content_type_parameter(o, "charset", "utf-8");
	if (top)
		return;		/* its headers are not ours to change */
	if (enc == GMIME_CONTENT_ENCODING_UUENCODE)
		g_mime_part_set_content_encoding(part,
		    GMIME_CONTENT_ENCODING_BASE64);
	else if ((enc == GMIME_CONTENT_ENCODING_DEFAULT ||
	    enc == GMIME_CONTENT_ENCODING_7BIT) && !is_ascii(text, strlen(text)))
		g_mime_part_set_content_encoding(part,
		    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
}

/* Runs the function over one text leaf. */
static void
rewrite_leaf(struct rw *rw, GMimePart *part)
{
	char *t, *r;
	size_t n;

	if (!g_mime_content_type_is_type(g_mime_object_get_content_type(
	    GMIME_OBJECT(part)), "text", "*"))
		return;
	t = walk_part_text(part, &n);
	r = rw->r_fn(t, n, rw->r_arg);
	memset(t, 0, n);
	free(t);
	if (r == NULL)
		return;
	replace_content(rw, part, r);
	memset(r, 0, strlen(r));
	free(r);
	rw->r_count++;
}

/* Runs the function over a message's subject. */
static void
rewrite_subject(struct rw *rw, GMimeMessage *msg)
{
	char *v = hdr_subject(GMIME_OBJECT(msg)), *r;

	if (v == NULL || *v == '\0') {
		free(v);
		return;
	}
	r = rw->r_fn(v, strlen(v), rw->r_arg);
	memset(v, 0, strlen(v));
	free(v);
	if (r == NULL)
		return;
	g_mime_message_set_subject(msg, r, "utf-8");
	free(r);
	rw->r_count++;
}

/* A multipart's prologue and epilogue (text outside the parts; also
 * where GMime leaves what lies beyond its nesting limit). */
static void
rewrite_edges(struct rw *rw, GMimeMultipart *mp)
{
	const char *edge[2];
	char *t, *r;
	size_t n;
	int i;

	edge[0] = g_mime_multipart_get_prologue(mp);
	edge[1] = g_mime_multipart_get_epilogue(mp);
	for (i = 0; i < 2; i++) {
		if (edge[i] == NULL || *edge[i] == '\0')
			continue;
		t = walk_to_utf8(NULL, edge[i], strlen(edge[i]), &n);
		r = rw->r_fn(t, n, rw->r_arg);
		memset(t, 0, n);
		free(t);
		if (r == NULL)
			continue;
		if (i == 0)
			g_mime_multipart_set_prologue(mp, r);
		else
			g_mime_multipart_set_epilogue(mp, r);
		memset(r, 0, strlen(r));
		free(r);
		rw->r_count++;
	}
}

/* Every text leaf under o, attached messages included (GMime bounds the
 * nesting; no part is skipped, so nothing unrewritten is written). */
static void
rewrite_object(struct rw *rw, GMimeObject *o)
{
	GMimeMessage *sub;
	int i;

	if (GMIME_IS_PART(o)) {
		rewrite_leaf(rw, GMIME_PART(o));
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		sub = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (sub != NULL) {
			rewrite_subject(rw, sub);
			if (g_mime_message_get_mime_part(sub) != NULL)
				rewrite_object(rw,
				    g_mime_message_get_mime_part(sub));
		}
	} else if (GMIME_IS_MULTIPART(o)) {
		rewrite_edges(rw, GMIME_MULTIPART(o));
		for (i = 0; i < g_mime_multipart_get_count(
		    GMIME_MULTIPART(o)); i++)
			rewrite_object(rw, g_mime_multipart_get_part(
			    GMIME_MULTIPART(o), i));
	}
}

/* An unparseable message: the raw bytes are the text. */
static int
rewrite_raw(struct rw *rw)
{
	struct mail_priv *p = rw->r_mail->m_priv;
	struct buf b = BUF_INIT;
	char *t, *r;
	size_t n;

	mail_write(rw->r_mail, &b);
	t = walk_to_utf8(NULL, b.b_data != NULL ? b.b_data : "", b.b_len, &n);
	if (b.b_data != NULL)
		memset(b.b_data, 0, b.b_len);
	buf_free(&b);
	r = rw->r_fn(t, n, rw->r_arg);
	memset(t, 0, n);
	free(t);
	if (r == NULL)
		return 0;
	g_object_unref(p->p_stream);
	p->p_stream = g_mime_stream_mem_new_with_buffer(r, strlen(r));
	memset(r, 0, strlen(r));
	free(r);
	return 1;
}

/* Rewrites the subject and every text part; returns how many changed. */
int
mail_rewrite(struct mail *m, mail_rewrite_fn fn, void *arg)
{
	struct rw rw;
	GMimeMessage *msg = m->m_priv->p_msg;

	memset(&rw, 0, sizeof(rw));
	rw.r_mail = m;
	rw.r_fn = fn;
	rw.r_arg = arg;
	if (msg == NULL)
		return rewrite_raw(&rw);
	rewrite_subject(&rw, msg);
	rw.r_top = g_mime_message_get_mime_part(msg);
	if (rw.r_top != NULL)
		rewrite_object(&rw, rw.r_top);
	if (rw.r_count > 0) {
		parser_clear(m);
		parser_fill(m);
	}
	return rw.r_count;
}

/* Appends what the writer put into a memory stream to b. */
static void
take_stream(GMimeStream *s, struct buf *b)
{
	GByteArray *a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));

	if (a->len == 0)
		return;
	buf_add(b, a->data, a->len);
	memset(a->data, 0, a->len);
}

/* The raw bytes of an unparseable message (the body: after the first
 * blank line). */
static void
write_raw(struct mail *m, struct buf *b, int body_only)
{
	GMimeStream *out = g_mime_stream_mem_new();
	GByteArray *a;
	const char *d, *e;
	size_t off = 0;

	g_mime_stream_reset(m->m_priv->p_stream);
	g_mime_stream_write_to_stream(m->m_priv->p_stream, out);
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	if (body_only && a->len > 0) {
		d = (const char *)a->data;
		e = g_strstr_len(d, a->len, "\n\n");
		off = e != NULL ? (size_t)(e - d) + 2 : 0;
		e = g_strstr_len(d, a->len, "\r\n\r\n");
		if (e != NULL && ((size_t)(e - d) + 4 < off || off == 0))
			off = (size_t)(e - d) + 4;
	}
	if (a->len > off)
		buf_add(b, a->data + off, a->len - off);
	if (a->len > 0)
		memset(a->data, 0, a->len);
	g_object_unref(out);
}

/* The whole message as it is now. */
void
mail_write(struct mail *m, struct buf *b)
{
	GMimeStream *out;

	if (m->m_priv->p_msg == NULL) {
		write_raw(m, b, 0);
		return;
	}
	out = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(GMIME_OBJECT(m->m_priv->p_msg), NULL,
	    out);
	take_stream(out, b);
	g_object_unref(out);
}

/* The body only: the top part's content without its headers. */
void
mail_write_body(struct mail *m, struct buf *b)
{
	GMimeObject *top;
	GMimeStream *out;

	if (m->m_priv->p_msg == NULL) {
		write_raw(m, b, 1);
		return;
	}
	top = g_mime_message_get_mime_part(m->m_priv->p_msg);
	if (top == NULL)
		return;
	out = g_mime_stream_mem_new();
	g_mime_object_write_content_to_stream(top, NULL, out);
	take_stream(out, b);
	g_object_unref(out);
}

/* Writes the message (or only its body) into fd.  A failure GMime saw
 * but the stream did not is one reading the input (the spill file). */
static off_t
write_fd(struct mail *m, int fd, int body_only, char *sha)
{
	GMimeMessage *msg = m->m_priv->p_msg;
	GMimeObject *top;
	GMimeStream *out = fdstream_new(fd, sha != NULL);
	gint64 w = 0, n;
	int saved;

	if (msg == NULL) {
		g_mime_stream_reset(m->m_priv->p_stream);
		w = g_mime_stream_write_to_stream(m->m_priv->p_stream, out);
	} else if (!body_only)
		w = g_mime_object_write_to_stream(GMIME_OBJECT(msg), NULL,
		    out);
	else if ((top = g_mime_message_get_mime_part(msg)) != NULL)
		w = g_mime_object_write_content_to_stream(top, NULL, out);
	n = fdstream_result(out, sha);
	saved = n < 0 ? errno : EIO;
	g_object_unref(out);
	if (n < 0 || w < 0) {
		errno = saved;
		return -1;
	}
	return (off_t)n;
}

/* The whole message as it is now, into a file. */
off_t
mail_write_fd(struct mail *m, int fd, char *sha256)
{
	return write_fd(m, fd, 0, sha256);
}

/* The body only, into a file; not for an unparseable message, whose
 * body is found by looking for the blank line in memory. */
off_t
mail_write_body_fd(struct mail *m, int fd)
{
	if (m->m_priv->p_msg == NULL) {
		errno = EINVAL;
		return -1;
	}
	return write_fd(m, fd, 1, NULL);
}
