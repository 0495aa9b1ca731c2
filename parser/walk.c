/* walk.c - the body of a message: readable text and attachments.
 *
 * Walks the MIME tree by hand (bounded depth and part count, setting
 * MAIL_F_TRUNCATED when a limit is reached): text/plain is preferred,
 * text/html becomes text only when an alternative has no plain part or the
 * message has no plain text at all; attached message/rfc822 mails are
 * descended into and their text follows the main text.  Content is read
 * through a decoding filter in chunks, so an attachment's size and SHA-256
 * never need it in memory at once.
 */
#include "config.h"

#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "parser/priv.h"

struct walk {
	struct mail	*w_mail;
	struct buf	 w_text;	/* text/plain bodies */
	struct buf	 w_htext;	/* text of text/html bodies */
	struct buf	 w_fwd;		/* text of attached messages */
	struct buf	 w_html;	/* HTML source */
	size_t		 w_nparts;
	int		 w_fwd_depth;	/* > 0 inside message/rfc822 */
};

static void walk_object(struct walk *, GMimeObject *, int depth, int alt);

/* Feeds a part's decoded content to fn in chunks; returns the size, or
 * stops early when fn returns non-zero (stored in *stop). */
static size_t
stream_content(GMimePart *part, int (*fn)(const void *, size_t, void *),
    void *arg, int *stop)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *raw, *filt;
	GMimeFilter *dec;
	char chunk[65536];
	ssize_t n;
	size_t total = 0, used = 0;

	*stop = 0;
	if (dw == NULL || (raw = g_mime_data_wrapper_get_stream(dw)) == NULL)
		return 0;
	g_mime_stream_reset(raw);
	filt = g_mime_stream_filter_new(raw);
	dec = g_mime_filter_basic_new(g_mime_data_wrapper_get_encoding(dw),
	    FALSE);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(filt), dec);
	g_object_unref(dec);
	while ((n = g_mime_stream_read(filt, chunk, sizeof(chunk))) > 0) {
		total += (size_t)n;
		if ((size_t)n > used)
			used = (size_t)n;
		if ((*stop = fn(chunk, (size_t)n, arg)) != 0)
			break;
	}
	memset(chunk, 0, used);		/* what the reads wrote */
	g_object_unref(filt);
	return total;
}

struct sink {
	GChecksum	*s_ck;
	struct buf	 s_buf;
	size_t		 s_keep;	/* keep bytes while under this */
	int		 s_over;
};

/* stream_content() callback: hash, and keep while under the limit. */
static int
sink_add(const void *p, size_t n, void *arg)
{
	struct sink *s = arg;

	if (s->s_ck != NULL)
		g_checksum_update(s->s_ck, p, (gssize)n);
	if (s->s_over || s->s_buf.b_len + n > s->s_keep) {
		s->s_over = 1;
		if (s->s_buf.b_data != NULL)
			memset(s->s_buf.b_data, 0, s->s_buf.b_len);
		buf_free(&s->s_buf);
	} else
		buf_add(&s->s_buf, p, n);
	return 0;
}

/* Reads a part's decoded content: into *out when it stays within keep
 * bytes (else *out is NULL), hashing into sha when not NULL.  Returns the
 * size. */
static size_t
read_content(GMimePart *part, unsigned char **out, size_t keep, char *sha)
{
	struct sink s;
	size_t total;
	int stop;

	memset(&s, 0, sizeof(s));
	s.s_keep = keep;
	if (sha != NULL)
		s.s_ck = g_checksum_new(G_CHECKSUM_SHA256);
	total = stream_content(part, sink_add, &s, &stop);
	if (s.s_ck != NULL) {
		g_strlcpy(sha, g_checksum_get_string(s.s_ck), 65);
		g_checksum_free(s.s_ck);
	}
	*out = s.s_over ? NULL : (unsigned char *)buf_steal(&s.s_buf);
	return total;
}

/* Streams attachment i's decoded bytes to fn. */
int
mail_att_read(struct mail *m, size_t i,
    int (*fn)(const void *, size_t, void *), void *arg)
{
	GPtrArray *parts = m->m_priv->p_att_parts;
	int stop;

	if (parts == NULL || i >= m->m_natt || i >= parts->len)
		return -1;
	stream_content(g_ptr_array_index(parts, i), fn, arg, &stop);
	return stop;
}

/* Decoded bytes of a leaf part (NUL-terminated, caller frees). */
unsigned char *
walk_part_bytes(GMimePart *part, size_t *lenp)
{
	unsigned char *p;

	*lenp = read_content(part, &p, (size_t)-1, NULL);
	return p;
}

/* Converts n bytes from charset to valid UTF-8 (through GMime's iconv
 * cache: a charset module is loaded once, not for every text). */
char *
walk_to_utf8(const char *charset, const char *in, size_t n, size_t *lenp)
{
	static const char *fallbacks[] = { "windows-1252", "iso-8859-1" };
	size_t outlen = 0, i;
	char *r = NULL, *out;
	const char *cs = NULL;
	gchar *v;

	if (charset != NULL && *charset != '\0')
		cs = g_mime_charset_iconv_name(charset);
	if (cs != NULL && g_ascii_strcasecmp(cs, "UTF-8") != 0 &&
	    g_ascii_strcasecmp(cs, "us-ascii") != 0)
		r = parser_iconv(cs, in, n, &outlen);
	if (r == NULL && g_utf8_validate(in, (gssize)n, NULL)) {
		*lenp = n;		/* valid as it is, no NUL in it */
		return xstrndup(in, n);
	}
	for (i = 0; r == NULL && i < G_N_ELEMENTS(fallbacks); i++)
		r = parser_iconv(fallbacks[i], in, n, &outlen);
	if (r == NULL) {
		r = xstrndup(in, n);
		outlen = strlen(r);
	}
	v = g_utf8_make_valid(r, (gssize)outlen);
	free(r);
	*lenp = strlen(v);
	out = xstrndup(v, *lenp);
	g_free(v);
	return out;
}

/* Decoded content of a text part as UTF-8. */
char *
walk_part_text(GMimePart *part, size_t *lenp)
{
	const char *cs;
	unsigned char *raw;
	size_t n;
	char *t;

	raw = walk_part_bytes(part, &n);
	cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
	    "charset");
	t = walk_to_utf8(cs, (char *)raw, n, lenp);
	memset(raw, 0, n);
	free(raw);
	return t;
}

/* Lower-case "type/subtype" of an object. */
static char *
type_of(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *s, *r;

	if (ct == NULL)
		return xstrdup("application/octet-stream");
	s = g_mime_content_type_get_mime_type(ct);
	r = xstrdup(s);
	g_free(s);
	for (s = r; *s != '\0'; s++)
		*s = g_ascii_tolower(*s);
	return r;
}

/* Length of a part's content as stored (encoded), or -1. */
static gint64
encoded_length(GMimePart *part)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *raw;

	if (dw == NULL || (raw = g_mime_data_wrapper_get_stream(dw)) == NULL)
		return -1;
	return g_mime_stream_length(raw);
}

/* Records a leaf part as an attachment. */
static void
add_attachment(struct walk *w, GMimePart *part)
{
	struct mail *m = w->w_mail;
	struct mail_attachment *a;
	const char *cid, *disp;
	size_t keep = PARSER_MAX_ATT_MEM;

	m->m_att = xreallocarray(m->m_att, m->m_natt + 1, sizeof(*a));
	a = &m->m_att[m->m_natt++];
	memset(a, 0, sizeof(*a));
	a->at_filename = hdr_filename(part, m->m_priv->p_opts);
	if (a->at_filename != NULL && *a->at_filename == '\0') {
		free(a->at_filename);
		a->at_filename = NULL;
	}
	a->at_content_type = type_of(GMIME_OBJECT(part));
	cid = g_mime_object_get_content_id(GMIME_OBJECT(part));
	a->at_content_id = cid != NULL && *cid != '\0' ? xstrdup(cid) : NULL;
	disp = g_mime_object_get_disposition(GMIME_OBJECT(part));
	a->at_inline = (disp != NULL &&
	    g_ascii_strcasecmp(disp, "inline") == 0) || a->at_content_id != NULL;
	a->at_winmail = strcmp(a->at_content_type, "application/ms-tnef") == 0 ||
	    strcmp(a->at_content_type, "application/vnd.ms-tnef") == 0 ||
	    (a->at_filename != NULL &&
	    g_ascii_strcasecmp(a->at_filename, "winmail.dat") == 0);
	if (strncmp(a->at_content_type, "text/", 5) == 0)
		keep = (size_t)-1;	/* texts are always rewritten */
	else if (encoded_length(part) / 3 > (gint64)keep)
		keep = 0;	/* surely too big: do not start keeping it */
	a->at_size = read_content(part, &a->at_data, keep, a->at_sha256);
	if (m->m_priv->p_att_parts == NULL)
		m->m_priv->p_att_parts = g_ptr_array_new_with_free_func(
		    g_object_unref);
	g_ptr_array_add(m->m_priv->p_att_parts, g_object_ref(part));
}

/* Appends text to a buffer, a blank line between pieces; bounded. */
static void
append_text(struct mail *m, struct buf *b, const char *t, size_t n)
{
	const gchar *end;

	if (b->b_len + n > PARSER_MAX_TEXT) {
		m->m_flags |= MAIL_F_TRUNCATED;
		if (b->b_len >= PARSER_MAX_TEXT)
			return;
		/* the whole characters that fit (t is valid UTF-8) */
		(void)g_utf8_validate_len(t, PARSER_MAX_TEXT - b->b_len, &end);
		n = (size_t)(end - t);
	}
	if (b->b_len > 0 && b->b_data[b->b_len - 1] != '\n')
		buf_addc(b, '\n');
	if (b->b_len > 0)
		buf_addc(b, '\n');
	buf_add(b, t, n);
}

/* A text/plain body part: unflowed when format=flowed. */
static void
body_plain(struct walk *w, GMimePart *part)
{
	GMimeObject *o = GMIME_OBJECT(part);
	const char *fmt, *delsp;
	char *t, *u;
	size_t n, un;

	t = walk_part_text(part, &n);
	fmt = g_mime_object_get_content_type_parameter(o, "format");
	if (fmt != NULL && g_ascii_strcasecmp(fmt, "flowed") == 0) {
		delsp = g_mime_object_get_content_type_parameter(o, "delsp");
		u = quote_unflow(t, n, delsp != NULL &&
		    g_ascii_strcasecmp(delsp, "yes") == 0, &un);
		memset(t, 0, n);
		free(t);
		t = u;
		n = un;
	}
	append_text(w->w_mail, w->w_fwd_depth > 0 ? &w->w_fwd : &w->w_text,
	    t, n);
	memset(t, 0, n);
	free(t);
}

/* A text/html body part: source kept; text when alt allows it. */
static void
body_html(struct walk *w, GMimePart *part, int alt)
{
	char *t, *h;
	size_t n;

	t = walk_part_text(part, &n);
	if (w->w_html.b_len == 0 && w->w_fwd_depth == 0)
		buf_add(&w->w_html, t, n);
	if (!alt) {
		h = html_to_text(t, n);
		append_text(w->w_mail, w->w_fwd_depth > 0 ? &w->w_fwd :
		    &w->w_htext, h, strlen(h));
		memset(h, 0, strlen(h));
		free(h);
	}
	memset(t, 0, n);
	free(t);
}

/* Whether a leaf is body text rather than an attachment. */
static int
is_body(GMimeObject *o, const char *type)
{
	const char *disp = g_mime_object_get_disposition(o);

	if (strcmp(type, "text/plain") != 0 && strcmp(type, "text/html") != 0)
		return 0;
	if (disp != NULL && g_ascii_strcasecmp(disp, "attachment") == 0)
		return 0;
	return g_mime_part_get_filename(GMIME_PART(o)) == NULL;
}

/* A leaf part: body text or attachment. */
static void
walk_leaf(struct walk *w, GMimePart *part, int alt)
{
	char *type = type_of(GMIME_OBJECT(part));

	if (!is_body(GMIME_OBJECT(part), type))
		add_attachment(w, part);
	else if (type[5] == 'p')
		body_plain(w, part);
	else
		body_html(w, part, alt);
	free(type);
}

/* Whether a multipart/alternative has a text/plain child. */
static int
alt_has_plain(GMimeMultipart *mp)
{
	GMimeObject *c;
	int i, n = g_mime_multipart_get_count(mp);

	for (i = 0; i < n; i++) {
		c = g_mime_multipart_get_part(mp, i);
		if (GMIME_IS_PART(c) && g_mime_content_type_is_type(
		    g_mime_object_get_content_type(c), "text", "plain"))
			return 1;
	}
	return 0;
}

/* An attached message: a short header line, then its body. */
static void
walk_message_part(struct walk *w, GMimeMessagePart *mp, int depth)
{
	GMimeMessage *sub = g_mime_message_part_get_message(mp);
	struct buf hdr = BUF_INIT;
	InternetAddressList *from;
	char *subj, *f;

	if (sub == NULL)
		return;
	from = hdr_addresses(GMIME_OBJECT(sub), w->w_mail->m_priv->p_opts,
	    "From");
	f = internet_address_list_to_string(from, NULL, FALSE);
	g_object_unref(from);
	subj = hdr_subject(GMIME_OBJECT(sub));
	buf_addf(&hdr, "---------- Attached message ----------\nFrom: %s\n"
	    "Subject: %s\n", f != NULL ? f : "", subj != NULL ? subj : "");
	g_free(f);
	free(subj);
	append_text(w->w_mail, &w->w_fwd, hdr.b_data, hdr.b_len);
	buf_free(&hdr);
	w->w_fwd_depth++;
	if (g_mime_message_get_mime_part(sub) != NULL)
		walk_object(w, g_mime_message_get_mime_part(sub), depth + 1, 0);
	w->w_fwd_depth--;
}

/* One object of the tree, within the limits. */
static void
walk_object(struct walk *w, GMimeObject *o, int depth, int alt)
{
	GMimeMultipart *mp;
	int i, n, plain;

	if (++w->w_nparts > PARSER_MAX_PARTS || depth > PARSER_MAX_DEPTH) {
		w->w_mail->m_flags |= MAIL_F_TRUNCATED;
		return;
	}
	if (GMIME_IS_MESSAGE_PART(o)) {
		walk_message_part(w, GMIME_MESSAGE_PART(o), depth);
		return;
	}
	if (GMIME_IS_PART(o)) {
		walk_leaf(w, GMIME_PART(o), alt);
		return;
	}
	if (!GMIME_IS_MULTIPART(o))
		return;
	mp = GMIME_MULTIPART(o);
	plain = g_mime_content_type_is_type(g_mime_object_get_content_type(o),
	    "multipart", "alternative") && alt_has_plain(mp);
	n = g_mime_multipart_get_count(mp);
	for (i = 0; i < n && !(w->w_mail->m_flags & MAIL_F_TRUNCATED); i++)
		walk_object(w, g_mime_multipart_get_part(mp, i), depth + 1,
		    alt || plain);
}

/* Sets m_text, m_new_len, m_html and the attachments of a message. */
void
walk_message(struct mail *m, GMimeMessage *msg)
{
	struct walk w;
	struct buf *main_text;
	GMimeObject *top = g_mime_message_get_mime_part(msg);

	memset(&w, 0, sizeof(w));
	w.w_mail = m;
	if (top != NULL)
		walk_object(&w, top, 0, 0);
	main_text = &w.w_text;
	if (w.w_text.b_len == 0 && w.w_htext.b_len > 0) {
		main_text = &w.w_htext;
		m->m_flags |= MAIL_F_HTML_ONLY;
	}
	m->m_new_len = quote_new_len(main_text->b_data != NULL ?
	    main_text->b_data : "", main_text->b_len);
	if (w.w_fwd.b_len > 0)
		append_text(m, main_text, w.w_fwd.b_data, w.w_fwd.b_len);
	m->m_text = buf_steal(main_text);
	if (w.w_html.b_len > 0)
		m->m_html = buf_steal(&w.w_html);
	buf_free(&w.w_text);
	buf_free(&w.w_htext);
	buf_free(&w.w_fwd);
	buf_free(&w.w_html);
}
