/* compose.c - the writing half of parser/: every message postdesk sends,
 * built with GMime.
 *
 * Offers mail_compose(), mail_compose_fd() and mail_header_encode().  A
 * struct mail_out becomes a GMimeMessage: the headers are set through
 * GMime (RFC 2047 encoding and folding are its own), the text is a
 * text/plain part, an HTML text makes it multipart/alternative, inline
 * images referenced from the HTML by cid: go with it in a
 * multipart/related, and the other attachments make it multipart/mixed.
 * Attachments and inline images are taken from a parsed message: their
 * content is the source part's (a stream over the source, decoded and
 * encoded again while it is written), never copied into memory.
 *
 * Every text that becomes a header is cleaned first: invalid UTF-8
 * becomes U+FFFD, line breaks, tabs and other controls become blanks, so
 * nothing a customer or an agent wrote can start a header of its own.
 * Addresses and Message-IDs keep only the characters an addr-spec or a
 * msg-id may hold.  Lines end in CRLF, as SMTP wants them.
 */
#include "config.h"

#include <string.h>

#include "common/xalloc.h"
#include "parser/priv.h"

#define NAME_MAX_BYTES	128	/* display names are cut here */
#define SUBJ_MAX_BYTES	600
#define ID_MAX_BYTES	250	/* a Message-ID or an address */

/* Copies s as valid UTF-8 of at most max bytes with every control (line
 * breaks and tabs too) and BOM as one blank, blanks at both ends gone. */
static char *
compose_clean(const char *s, size_t max)
{
	gchar *v = g_utf8_make_valid(s != NULL ? s : "", -1), *p, *q;
	GString *o = g_string_new(NULL);
	gunichar c;
	char *r;

	for (p = v; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		q = g_utf8_next_char(p);
		if (o->len + (size_t)(q - p) > max)
			break;
		if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xfeff ||
		    c == 0x2028 || c == 0x2029) {
			if (o->len > 0 && o->str[o->len - 1] != ' ')
				g_string_append_c(o, ' ');
		} else
			g_string_append_len(o, p, q - p);
	}
	while (o->len > 0 && o->str[o->len - 1] == ' ')
		g_string_truncate(o, o->len - 1);
	r = xstrdup(o->str + strspn(o->str, " "));
	g_string_free(o, TRUE);
	g_free(v);
	return r;
}

/* Whether c may stand in an address or a msg-id. */
static int
compose_token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("<>()[],;:\\\"", c) == NULL;
}

/* s with every character unfit for an addr-spec or msg-id dropped. */
static char *
compose_token(const char *s)
{
	char *r = xcalloc(1, ID_MAX_BYTES + 1);
	size_t n = 0;

	for (; s != NULL && *s != '\0' && n < ID_MAX_BYTES; s++)
		if (compose_token_char((unsigned char)*s))
			r[n++] = *s;
	return r;
}

/* Adds a mailbox to one of the message's address lists. */
static void
compose_mailbox(GMimeMessage *msg, GMimeAddressType type, const char *name,
    const char *addr)
{
	char *n = compose_clean(name, NAME_MAX_BYTES), *a = compose_token(addr);

	if (*a != '\0')
		g_mime_message_add_mailbox(msg, type, *n != '\0' ? n : NULL,
		    a);
	free(n);
	free(a);
}

/* 1 when a cleaned token has the shape of a msg-id: left@right. */
static int
compose_id_ok(const char *t)
{
	const char *at = strchr(t, '@');

	return at != NULL && at != t && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL;
}

/* Sets a header whose value is a list of <msg-id>s; an id that cannot
 * be one is left out. */
static void
compose_ids(GMimeMessage *msg, const char *name, const char *const *ids,
    size_t n)
{
	GString *v = g_string_new(NULL);
	char *t;
	size_t i;

	for (i = 0; i < n; i++) {
		if (ids[i] == NULL)
			continue;
		t = compose_token(ids[i]);
		if (compose_id_ok(t))
			g_string_append_printf(v, "%s<%s>", v->len ? " " : "",
			    t);
		free(t);
	}
	if (v->len > 0)
		g_mime_object_set_header(GMIME_OBJECT(msg), name, v->str,
		    NULL);
	g_string_free(v, TRUE);
}

/* Sets a header with a token value (printable ASCII, no blanks). */
static void
compose_token_header(GMimeMessage *msg, const char *name, const char *value)
{
	char *t;

	if (value == NULL || *value == '\0')
		return;
	t = compose_token(value);
	if (*t != '\0')
		g_mime_object_set_header(GMIME_OBJECT(msg), name, t, NULL);
	free(t);
}

/* The header block of the message. */
static void
compose_headers(GMimeMessage *msg, const struct mail_out *mo, time_t now)
{
	GDateTime *dt = g_date_time_new_from_unix_utc((gint64)now);
	char *subj = compose_clean(mo->mo_subject, SUBJ_MAX_BYTES), *id;
	size_t i;

	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
	compose_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, mo->mo_from_name,
	    mo->mo_from_addr);
	for (i = 0; i < mo->mo_nto; i++)
		compose_mailbox(msg, GMIME_ADDRESS_TYPE_TO,
		    mo->mo_to[i].a_name, mo->mo_to[i].a_addr);
	for (i = 0; i < mo->mo_ncc; i++)
		compose_mailbox(msg, GMIME_ADDRESS_TYPE_CC,
		    mo->mo_cc[i].a_name, mo->mo_cc[i].a_addr);
	if (mo->mo_reply_to != NULL && *mo->mo_reply_to != '\0')
		compose_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, NULL,
		    mo->mo_reply_to);
	g_mime_message_set_subject(msg, subj, "utf-8");
	free(subj);
	id = compose_token(mo->mo_message_id);
	if (*id != '\0')
		g_mime_message_set_message_id(msg, id);
	free(id);
	compose_ids(msg, "In-Reply-To", &mo->mo_in_reply_to, 1);
	if (mo->mo_references != NULL)
		compose_ids(msg, "References", mo->mo_references,
		    mo->mo_nreferences);
	if (mo->mo_auto_submitted != NULL && *mo->mo_auto_submitted != '\0') {
		compose_token_header(msg, "Auto-Submitted",
		    mo->mo_auto_submitted);
		g_mime_object_set_header(GMIME_OBJECT(msg),
		    "X-Auto-Response-Suppress", "All", NULL);
	}
	compose_token_header(msg, "X-Loop", mo->mo_x_loop);
	compose_token_header(msg, "Content-Language",
	    mo->mo_content_language);
}

/* A text/SUBTYPE part in UTF-8, quoted-printable. */
static GMimeObject *
compose_text(const char *subtype, const char *text)
{
	GMimeTextPart *tp = g_mime_text_part_new_with_subtype(subtype);
	gchar *v = g_utf8_make_valid(text != NULL ? text : "", -1), *p, *q;
	GMimeDataWrapper *dw;
	GMimeStream *stream;

	for (p = q = v; *p != '\0'; p++)	/* CRLF ends come back on writing */
		if (*p != '\r' || p[1] != '\n')
			*q++ = *p;
	*q = '\0';
	/* as it is: set_text() would pick a charset of its own (latin1) */
	stream = g_mime_stream_mem_new_with_buffer(v, strlen(v));
	dw = g_mime_data_wrapper_new_with_stream(stream,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(GMIME_PART(tp), dw);
	g_object_unref(dw);
	g_object_unref(stream);
	g_mime_text_part_set_charset(tp, "utf-8");
	g_mime_part_set_content_encoding(GMIME_PART(tp),
	    GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	g_free(v);
	return GMIME_OBJECT(tp);
}

/* A new part with the content of attachment i of src (shared, not
 * copied), its type, name, Content-ID and disposition; base64. */
static GMimeObject *
compose_att(struct mail *src, size_t i)
{
	const struct mail_attachment *at = &src->m_att[i];
	GMimePart *sp = g_ptr_array_index(src->m_priv->p_att_parts, i);
	GMimeContentType *ct;
	GMimePart *np;
	const char *slash = strchr(at->at_content_type, '/');
	char *type, *name;

	type = slash != NULL ? xstrndup(at->at_content_type,
	    (size_t)(slash - at->at_content_type)) :
	    xstrdup("application");
	np = g_mime_part_new_with_type(type, slash != NULL ? slash + 1 :
	    "octet-stream");
	free(type);
	ct = g_mime_object_get_content_type(GMIME_OBJECT(sp));
	if (ct != NULL && g_mime_content_type_get_parameter(ct, "charset"))
		g_mime_object_set_content_type_parameter(GMIME_OBJECT(np),
		    "charset", g_mime_content_type_get_parameter(ct,
		    "charset"));
	g_mime_object_set_disposition(GMIME_OBJECT(np), at->at_inline ?
	    "inline" : "attachment");
	if (at->at_filename != NULL) {
		name = compose_clean(at->at_filename, 255);
		if (*name != '\0')
			g_mime_part_set_filename(np, name);
		free(name);
	}
	if (at->at_content_id != NULL) {
		name = compose_token(at->at_content_id);
		if (*name != '\0')
			g_mime_object_set_content_id(GMIME_OBJECT(np), name);
		free(name);
	}
	g_mime_part_set_content(np, g_mime_part_get_content(sp));
	g_mime_part_set_content_encoding(np, GMIME_CONTENT_ENCODING_BASE64);
	return GMIME_OBJECT(np);
}

/* 1 when attachment i of src is an image the HTML shows by its cid. */
static int
compose_is_related(const struct mail *src, size_t i, const char *html)
{
	const struct mail_attachment *at = &src->m_att[i];
	char *ref;
	int r;

	if (html == NULL || at->at_content_id == NULL ||
	    *at->at_content_id == '\0')
		return 0;
	ref = xasprintf("cid:%s", at->at_content_id);
	r = strstr(html, ref) != NULL;
	free(ref);
	return r;
}

/* Wraps first and the parts of src that pass (or fail, want 0) the
 * related test in a multipart/SUBTYPE; first alone when there are none. */
static GMimeObject *
compose_wrap(GMimeObject *first, const char *subtype, struct mail *src,
    const char *html, int want)
{
	GMimeMultipart *mp = NULL;
	GMimeObject *o;
	size_t i;

	for (i = 0; src != NULL && i < src->m_natt &&
	    src->m_priv->p_att_parts != NULL &&
	    i < src->m_priv->p_att_parts->len; i++) {
		if (compose_is_related(src, i, html) != want)
			continue;
		if (mp == NULL) {
			mp = g_mime_multipart_new_with_subtype(subtype);
			g_mime_multipart_add(mp, first);
			g_object_unref(first);
		}
		o = compose_att(src, i);
		g_mime_multipart_add(mp, o);
		g_object_unref(o);
	}
	return mp != NULL ? GMIME_OBJECT(mp) : first;
}

/* A part with the bytes of a file from memory; base64. */
static GMimeObject *
compose_file(const struct mail_file *f)
{
	GMimeDataWrapper *dw;
	GMimeStream *stream;
	GMimePart *np;
	char *type, *slash, *name;

	type = compose_token(f->mf_content_type != NULL ?
	    f->mf_content_type : "");
	if ((slash = strchr(type, '/')) == NULL || slash == type ||
	    slash[1] == '\0') {
		free(type);
		type = xstrdup("application/octet-stream");
		slash = strchr(type, '/');
	}
	*slash = '\0';
	np = g_mime_part_new_with_type(type, slash + 1);
	free(type);
	stream = g_mime_stream_mem_new_with_buffer(f->mf_data, f->mf_len);
	dw = g_mime_data_wrapper_new_with_stream(stream,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(np, dw);
	g_object_unref(dw);
	g_object_unref(stream);
	g_mime_object_set_disposition(GMIME_OBJECT(np), "attachment");
	if (f->mf_filename != NULL) {
		name = compose_clean(f->mf_filename, 255);
		if (*name != '\0')
			g_mime_part_set_filename(np, name);
		free(name);
	}
	g_mime_part_set_content_encoding(np, GMIME_CONTENT_ENCODING_BASE64);
	return GMIME_OBJECT(np);
}

/* first with the files of mo after it in a multipart/mixed (first alone
 * when there are none). */
static GMimeObject *
compose_files(GMimeObject *first, const struct mail_out *mo)
{
	GMimeMultipart *mp;
	GMimeObject *o;
	size_t i;

	if (mo->mo_nfiles == 0)
		return first;
	mp = g_mime_multipart_new_with_subtype("mixed");
	g_mime_multipart_add(mp, first);
	g_object_unref(first);
	for (i = 0; i < mo->mo_nfiles; i++) {
		o = compose_file(&mo->mo_files[i]);
		g_mime_multipart_add(mp, o);
		g_object_unref(o);
	}
	return GMIME_OBJECT(mp);
}

/* The body: text, or text and HTML (with its images), then the
 * attachments. */
static GMimeObject *
compose_body(const struct mail_out *mo)
{
	GMimeMultipart *alt;
	GMimeObject *text, *html;

	text = compose_text("plain", mo->mo_text);
	if (mo->mo_html != NULL) {
		html = compose_wrap(compose_text("html", mo->mo_html),
		    "related", mo->mo_parts, mo->mo_html, 1);
		alt = g_mime_multipart_new_with_subtype("alternative");
		g_mime_multipart_add(alt, text);
		g_mime_multipart_add(alt, html);
		g_object_unref(text);
		g_object_unref(html);
		text = GMIME_OBJECT(alt);
	}
	return compose_files(compose_wrap(text, "mixed", mo->mo_parts,
	    mo->mo_html, 0), mo);
}

/* Builds the message and writes it to stream; -1 when writing failed. */
static gint64
compose_write(const struct mail_out *mo, time_t now, GMimeStream *stream)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GMimeFormatOptions *fo = g_mime_format_options_new();
	GMimeObject *body;
	gint64 n;

	compose_headers(msg, mo, now);
	body = compose_body(mo);
	g_mime_message_set_mime_part(msg, body);
	g_object_unref(body);
	g_mime_format_options_set_newline_format(fo,
	    GMIME_NEWLINE_FORMAT_DOS);
	n = g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, stream);
	if (n >= 0 && g_mime_stream_flush(stream) < 0)
		n = -1;
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	return n;
}

/* The whole message, appended to out. */
void
mail_compose(const struct mail_out *mo, time_t now, struct buf *out)
{
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *ba;

	(void)compose_write(mo, now, mem);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	buf_add(out, ba->data, ba->len);
	g_object_unref(mem);
}

/* The whole message into fd from its offset: bytes, or -1 and errno. */
off_t
mail_compose_fd(const struct mail_out *mo, time_t now, int fd)
{
	GMimeStream *s = fdstream_new(fd, 0);
	gint64 n;

	n = compose_write(mo, now, s);
	if (n >= 0)
		n = fdstream_result(s, NULL);
	g_object_unref(s);
	return n < 0 ? -1 : (off_t)n;
}

/* Where to put text before an HTML document's content: after its
 * <body ...> tag, or at its start. */
static size_t
compose_body_start(const char *html)
{
	const char *p = html, *gt;

	while ((p = strchr(p, '<')) != NULL) {
		if (g_ascii_strncasecmp(p, "<body", 5) == 0 &&
		    (p[5] == '>' || g_ascii_isspace(p[5])) &&
		    (gt = strchr(p, '>')) != NULL)
			return (size_t)(gt + 1 - html);
		p++;
	}
	return 0;
}

/* Where to put text after an HTML document's content: before its last
 * </body>, or at its end. */
static size_t
compose_body_end(const char *html)
{
	const char *p = html, *last = NULL;

	while ((p = strchr(p, '<')) != NULL) {
		if (g_ascii_strncasecmp(p, "</body", 6) == 0)
			last = p;
		p++;
	}
	return last != NULL ? (size_t)(last - html) : strlen(html);
}

/* Appends text, HTML-escaped, as a block that keeps its line breaks. */
static void
compose_html_block(GString *o, const char *text)
{
	gchar *esc;
	size_t len;

	if (text == NULL)
		return;
	text += strspn(text, "\r\n");
	for (len = strlen(text); len > 0 && (text[len - 1] == '\n' ||
	    text[len - 1] == '\r' || text[len - 1] == ' '); len--)
		;
	if (len == 0)
		return;
	esc = g_markup_escape_text(text, (gssize)len);
	g_string_append_printf(o, "<div style=\"white-space: pre-wrap; "
	    "margin: 1em 0\">%s</div>", esc);
	g_free(esc);
}

/* The HTML document with before and after (plain text, escaped) put in
 * as the first and last of its content; malloc'd. */
char *
mail_html_frame(const char *html, const char *before, const char *after)
{
	GString *o = g_string_new(NULL);
	size_t start = compose_body_start(html), end = compose_body_end(html);
	char *r;

	if (end < start)
		end = start;
	g_string_append_len(o, html, (gssize)start);
	compose_html_block(o, before);
	g_string_append_len(o, html + start, (gssize)(end - start));
	compose_html_block(o, after);
	g_string_append(o, html + end);
	r = xstrdup(o->str);
	g_string_free(o, TRUE);
	return r;
}

/* "Name <addr>" as a header value, the name encoded where needed. */
char *
mail_header_address(const char *name, const char *addr)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	char *n = compose_clean(name, NAME_MAX_BYTES), *a = compose_token(addr);
	InternetAddress *ia;
	char *s, *r;

	ia = internet_address_mailbox_new(*n != '\0' ? n : NULL, a);
	s = internet_address_to_string(ia, fo, TRUE);
	r = xstrdup(s);
	g_free(s);
	g_object_unref(ia);
	g_mime_format_options_free(fo);
	free(n);
	free(a);
	return r;
}

/* text as a header value: RFC 2047 where needed, folded with "\n\t". */
char *
mail_header_encode(const char *name, const char *text)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	char *clean = compose_clean(text, SUBJ_MAX_BYTES), *enc, *line;
	char *folded, *r;
	size_t skip = strlen(name) + 1;

	enc = g_mime_utils_header_encode_text(fo, clean, "utf-8");
	line = g_strdup_printf("%s: %s", name, enc);
	folded = g_mime_utils_unstructured_header_fold(NULL, fo, line);
	while (folded[skip] == ' ')
		skip++;
	r = xstrdup(folded + skip);
	skip = strlen(r);
	while (skip > 0 && (r[skip - 1] == '\n' || r[skip - 1] == '\r'))
		r[--skip] = '\0';
	g_free(folded);
	g_free(line);
	g_free(enc);
	free(clean);
	g_mime_format_options_free(fo);
	return r;
}
