/* hdr.c - RFC 2047 encoded words in header fields, decoded word by word.
 *
 * Works around GMime 3.2.13: g_mime_utils_header_decode_text() and
 * g_mime_utils_header_decode_phrase() (behind g_mime_message_get_subject(),
 * display names and parameter values) join the payloads of a run of
 * adjacent encoded words of one charset and encoding and decode them as
 * one stream, to mend mailers that split a character across words; its
 * base64 decoder then loses what follows the first '=' padding inside
 * the joined stream (upstream issue 133), so a subject written as
 * "=?utf-8?b?...0YM=?= =?utf-8?b?...?=" keeps only its first word, and a
 * tag in a later word is lost with it.
 *
 * Here each word is decoded on its own, with GMime's base64 and
 * quoted-printable decoders, and converted from its charset with iconv:
 * only a word that ends inside a character (or inside a base64 quantum)
 * is joined with the next word of the same charset and encoding.  Blanks
 * between adjacent encoded words are dropped, other text is kept
 * (undeclared 8-bit bytes read as UTF-8, else as windows-1252).
 *
 * Display names and filename parameters still go through GMime's parsers,
 * after every run of encoded words in them has been replaced by its
 * decoded text as a quoted string (UTF-8, RFC 6532), so GMime never
 * decodes such a word itself.  RFC 2231 parameters (continuations,
 * charsets) GMime 3.2.13 decodes right and are left to it.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "parser/priv.h"

#define HDR_MAX_CHARSET	64

/* One encoded word "=?charset?B|Q?text?=". */
struct ew {
	char		 e_cs[HDR_MAX_CHARSET + 1];	/* without *lang */
	char		 e_enc;			/* 'B' or 'Q' */
	const char	*e_text;
	size_t		 e_textlen;
	const char	*e_end;			/* after "?=" */
};

/* What a word left undecoded for the next one of its kind. */
struct carry {
	char		 c_cs[HDR_MAX_CHARSET + 1];
	char		 c_enc;			/* 0: nothing carried */
	int		 c_state;		/* base64 / QP decoder state */
	guint32		 c_save;
	size_t		 c_quad;		/* base64 chars mod 4 */
	struct buf	 c_bytes;		/* an incomplete character */
};

/* Parses an encoded word at p (before end); 1 when there is one. */
static int
ew_parse(const char *p, const char *end, struct ew *e)
{
	const char *cs = p + 2, *q = cs;
	size_t n;

	if (end - p < 8 || p[0] != '=' || p[1] != '?')
		return 0;
	while (q < end && *q != '?' && (unsigned char)*q > ' ' &&
	    (unsigned char)*q < 0x7f)
		q++;
	n = (size_t)(q - cs);
	if (q >= end || *q != '?' || n == 0 || n > HDR_MAX_CHARSET)
		return 0;
	if (memchr(cs, '*', n) != NULL)		/* RFC 2231 language */
		n = (size_t)((const char *)memchr(cs, '*', n) - cs);
	if (n == 0 || end - q < 5 || q[2] != '?')
		return 0;
	memcpy(e->e_cs, cs, n);
	e->e_cs[n] = '\0';
	e->e_enc = g_ascii_toupper(q[1]);
	if (e->e_enc != 'B' && e->e_enc != 'Q')
		return 0;
	e->e_text = q + 3;
	for (q = e->e_text; q + 1 < end; q++) {
		if (q[0] == '?' && q[1] == '=')
			break;
		if ((unsigned char)*q <= ' ' || (unsigned char)*q >= 0x7f)
			return 0;
	}
	if (q + 1 >= end)
		return 0;
	e->e_textlen = (size_t)(q - e->e_text);
	e->e_end = q + 2;
	return 1;
}

/* Appends the payload bytes of a word, decoded with the given state. */
static void
ew_bytes(const struct ew *e, struct buf *out, int *state, guint32 *save)
{
	unsigned char sin[256], sdec[264], *in = sin, *dec = sdec;
	size_t i, n;

	if (e->e_textlen > sizeof(sin)) {
		in = xmalloc(e->e_textlen);
		dec = xmalloc(e->e_textlen + 8);
	}
	memcpy(in, e->e_text, e->e_textlen);
	if (e->e_enc == 'B')
		n = g_mime_encoding_base64_decode_step(in, e->e_textlen, dec,
		    state, save);
	else {
		for (i = 0; i < e->e_textlen; i++)
			if (in[i] == '_')
				in[i] = ' ';	/* RFC 2047 4.2 (2) */
		n = g_mime_encoding_quoted_decode_step(in, e->e_textlen, dec,
		    state, save);
	}
	buf_add(out, dec, n);
	if (in != sin) {
		free(in);
		free(dec);
	}
}

/* conv_append() for UTF-8, the common case, without iconv: GLib's
 * validator finds where a character is cut off. */
static ssize_t
utf8_append(struct buf *out, char *in, size_t n, int final)
{
	const gchar *valid;
	size_t i, good;

	for (i = 0; i < n; i++)
		if (in[i] == '\0')
			in[i] = ' ';	/* one byte in UTF-8; a blank later */
	if (g_utf8_validate_len(in, n, &valid)) {
		buf_add(out, in, n);
		return (ssize_t)n;
	}
	good = (size_t)(valid - in);
	if (n - good >= 4 || g_utf8_get_char_validated(valid,
	    (gssize)(n - good)) != (gunichar)-2)
		return -1;		/* not UTF-8 after all */
	buf_add(out, in, good);
	if (!final)
		return (ssize_t)good;	/* a character goes on */
	buf_adds(out, "\xef\xbf\xbd");	/* U+FFFD */
	return (ssize_t)n;
}

/* Appends n bytes in charset cs as UTF-8 through GMime's iconv cache
 * (opened once, not per call).  Returns how many bytes were taken: fewer
 * than n when the input ends inside a character and !final; -1 when cs
 * is unknown or the bytes are not cs. */
static ssize_t
iconv_append(struct buf *out, const char *cs, const char *in, size_t n,
    int final)
{
	char chunk[1024], *op, *ip = (char *)in;
	size_t il = n, ol, r;
	iconv_t cd;

	if (cs == NULL || (cd = g_mime_iconv_open("UTF-8", cs)) ==
	    (iconv_t)-1)
		return -1;
	while (il > 0) {
		op = chunk;
		ol = sizeof(chunk);
		r = iconv(cd, &ip, &il, &op, &ol);
		buf_add(out, chunk, (size_t)(op - chunk));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !final)
			break;			/* a character goes on */
		if (errno == EINVAL) {
			buf_adds(out, "\xef\xbf\xbd");	/* U+FFFD */
			il = 0;
			break;
		}
		g_mime_iconv_close(cd);
		return -1;
	}
	op = chunk;
	ol = sizeof(chunk);
	iconv(cd, NULL, NULL, &op, &ol);	/* a stateful charset's end */
	buf_add(out, chunk, (size_t)(op - chunk));
	g_mime_iconv_close(cd);
	return (ssize_t)(n - il);
}

/* n bytes in charset cs as UTF-8 in new memory (*lenp bytes), or NULL
 * when cs is unknown or the bytes are not all cs. */
char *
parser_iconv(const char *cs, const char *in, size_t n, size_t *lenp)
{
	struct buf b = BUF_INIT;

	if (iconv_append(&b, g_mime_charset_iconv_name(cs), in, n, 0) !=
	    (ssize_t)n) {
		buf_free(&b);
		return NULL;
	}
	*lenp = b.b_len;
	return buf_steal(&b);
}

/* Appends n bytes of text in charset cs as UTF-8: iconv_append(), or
 * utf8_append() for UTF-8. */
static ssize_t
conv_append(struct buf *out, const char *cs, char *in, size_t n,
    int final)
{
	cs = g_mime_charset_iconv_name(cs);
	if (cs != NULL && (g_ascii_strcasecmp(cs, "UTF-8") == 0 ||
	    g_ascii_strcasecmp(cs, "us-ascii") == 0))
		return utf8_append(out, in, n, final);
	return iconv_append(out, cs, in, n, final);
}

/* Appends bytes of unknown or undeclared charset as UTF-8. */
static void
add_fallback(struct buf *out, const char *in, size_t n)
{
	size_t len;
	char *u;

	if (n == 0)
		return;
	if (memchr(in, '\0', n) == NULL && g_utf8_validate_len(in, n, NULL)) {
		buf_add(out, in, n);	/* the common case, without copies */
		return;
	}
	u = walk_to_utf8(NULL, in, n, &len);
	buf_add(out, u, len);
	free(u);
}

/* Converts what a carry holds into out; final: nothing may follow, an
 * incomplete character becomes U+FFFD and the run ends. */
static void
carry_flush(struct carry *c, struct buf *out, int final)
{
	struct buf *b = &c->c_bytes;
	size_t mark = out->b_len;
	ssize_t used = 0;

	if (b->b_len > 0 && (used = conv_append(out, c->c_cs, b->b_data,
	    b->b_len, final)) < 0) {
		if (out->b_data != NULL)
			out->b_data[out->b_len = mark] = '\0';
		add_fallback(out, b->b_data, b->b_len);
		used = (ssize_t)b->b_len;
	}
	if (used > 0) {
		memmove(b->b_data, b->b_data + used, b->b_len - (size_t)used);
		b->b_len -= (size_t)used;
	}
	if (final) {
		buf_reset(b);
		c->c_enc = 0;
		c->c_state = 0;
		c->c_save = 0;
		c->c_quad = 0;
	}
}

/* Base64 characters in a word (what counts towards its quanta). */
static size_t
b64_count(const struct ew *e)
{
	size_t i, n = 0;

	for (i = 0; i < e->e_textlen; i++)
		if (g_ascii_isalnum(e->e_text[i]) || e->e_text[i] == '+' ||
		    e->e_text[i] == '/' || e->e_text[i] == '=')
			n++;
	return n;
}

/* Decodes one word into out.  Only a word that left a character (or a
 * base64 quantum) unfinished passes it on, to the next word when that
 * one has the same charset and encoding and only blanks lie between. */
static void
ew_decode(const struct ew *e, struct carry *c, struct buf *out, int adjacent)
{
	if (c->c_enc != 0 && (!adjacent || c->c_enc != e->e_enc ||
	    g_ascii_strcasecmp(c->c_cs, e->e_cs) != 0))
		carry_flush(c, out, 1);
	if (c->c_enc == 0) {
		g_strlcpy(c->c_cs, e->e_cs, sizeof(c->c_cs));
		c->c_enc = e->e_enc;
	}
	ew_bytes(e, &c->c_bytes, &c->c_state, &c->c_save);
	if (e->e_enc == 'B') {
		c->c_quad = (c->c_quad + b64_count(e)) % 4;
		if (c->c_quad == 0) {	/* whole quanta: the next starts anew */
			c->c_state = 0;
			c->c_save = 0;
		}
	}
	carry_flush(c, out, 0);
}

/* Blanks of raw text between words, without the line breaks of folding. */
static void
add_blanks(struct buf *b, const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != '\r' && *p != '\n')
			buf_addc(b, *p);
}

/* Appends the decoded text of n bytes of raw header value to out. */
static void
decode_into(struct buf *out, const char *raw, size_t n)
{
	struct buf lit = BUF_INIT;
	struct carry c;
	const char *p = raw, *end = raw + n, *ws = NULL, *q;
	struct ew e;
	int after_ew = 0;

	memset(&c, 0, sizeof(c));
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			if (ws == NULL)
				ws = p;
			p++;
			continue;
		}
		if (ew_parse(p, end, &e)) {
			if (!after_ew && ws != NULL)
				add_blanks(&lit, ws, p);
			add_fallback(out, lit.b_data, lit.b_len);
			buf_reset(&lit);
			ew_decode(&e, &c, out, after_ew);
			after_ew = 1;
			ws = NULL;
			p = e.e_end;
			continue;
		}
		if (after_ew)
			carry_flush(&c, out, 1);
		if (ws != NULL)
			add_blanks(&lit, ws, p);
		ws = NULL;
		after_ew = 0;
		/* text up to the next blank or '=' at once */
		for (q = p + 1; q < end && *q != ' ' && *q != '\t' &&
		    *q != '\r' && *q != '\n' && *q != '='; q++)
			;
		buf_add(&lit, p, (size_t)(q - p));
		p = q;
	}
	carry_flush(&c, out, 1);
	if (!after_ew && ws != NULL)
		add_blanks(&lit, ws, end);
	add_fallback(out, lit.b_data, lit.b_len);
	buf_free(&lit);
	buf_free(&c.c_bytes);
}

/* n bytes as valid UTF-8 on one line (every control character a blank),
 * trimmed, in new memory. */
char *
parser_clean(const char *s, size_t n)
{
	char *v, *r;

	v = g_utf8_make_valid(s != NULL ? s : "", s != NULL ? (gssize)n : 0);
	/* a header value is one line: a CR or LF decoded out of an encoded
	 * word ("=0D=0A"), a NUL or any other control character becomes a
	 * blank */
	for (r = v; *r != '\0'; r++)
		if ((unsigned char)*r < 0x20 || *r == 0x7f)
			*r = ' ';
	g_strstrip(v);
	r = xstrdup(v);
	g_free(v);
	return r;
}

/* Decodes n bytes of an unstructured header value (RFC 2047 *text;
 * encoded words are also taken where they touch other text). */
char *
hdr_decode_text(const char *raw, size_t n)
{
	struct buf out = BUF_INIT;
	size_t i;
	char *r;

	decode_into(&out, raw, n);
	for (i = 0; i < out.b_len; i++)
		if (out.b_data[i] == '\0')
			out.b_data[i] = ' ';
	r = parser_clean(out.b_data, out.b_len);
	buf_free(&out);
	return r;
}

/* Appends the decoded text of the run of words raw[0..n) as the inside
 * of a quoted string; 0 when it would hold an encoded word again. */
static int
add_run_quoted(struct buf *b, const char *raw, size_t n)
{
	char *dec = hdr_decode_text(raw, n), *p;

	if (strstr(dec, "=?") != NULL) {
		free(dec);
		return 0;
	}
	for (p = dec; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	free(dec);
	return 1;
}

/* End of the run of encoded words (blanks between them) that starts
 * with the word e. */
static const char *
run_end(const struct ew *first, const char *end)
{
	const char *q = first->e_end, *r;
	struct ew e;

	for (;;) {
		for (r = q; r < end && (*r == ' ' || *r == '\t' ||
		    *r == '\r' || *r == '\n'); r++)
			;
		if (!ew_parse(r, end, &e))
			return q;
		q = e.e_end;
	}
}

/* Tracks quotes, comments and angle brackets over the byte at p. */
static void
track(const char *p, int *inq, int *comment, int *angle)
{
	if (*p == '"' && *comment == 0)
		*inq = !*inq;
	else if (*inq)
		return;
	else if (*p == '(')
		(*comment)++;
	else if (*p == ')' && *comment > 0)
		(*comment)--;
	else if (*p == '<' && *comment == 0)
		*angle = 1;
	else if (*p == '>' && *comment == 0)
		*angle = 0;
}

/* A structured header value (address list, parameter list) with every
 * run of encoded words outside comments and angle brackets replaced by
 * its decoded text in a quoted string, for GMime's parsers; NULL when
 * nothing was replaced. */
char *
hdr_unwrap_words(const char *raw)
{
	struct buf b = BUF_INIT;
	const char *p = raw, *end = raw + strlen(raw), *q;
	int inq = 0, comment = 0, angle = 0, changed = 0;
	struct ew e;

	if (strstr(raw, "=?") == NULL)
		return NULL;
	while (p < end) {
		if (inq && *p == '\\' && p + 1 < end) {
			buf_add(&b, p, 2);
			p += 2;
			continue;
		}
		if (comment == 0 && angle == 0 && ew_parse(p, end, &e)) {
			q = run_end(&e, end);
			if (!inq)
				buf_addc(&b, '"');
			if (add_run_quoted(&b, p, (size_t)(q - p)))
				changed = 1;
			else
				buf_add(&b, p, (size_t)(q - p));
			if (!inq)
				buf_addc(&b, '"');
			p = q;
			continue;
		}
		track(p, &inq, &comment, &angle);
		buf_addc(&b, *p++);
	}
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The raw value of the first header field called name, or NULL. */
static const char *
raw_header(GMimeObject *o, const char *name)
{
	GMimeHeader *h;

	h = g_mime_header_list_get_header(g_mime_object_get_header_list(o),
	    name);
	return h != NULL ? g_mime_header_get_raw_value(h) : NULL;
}

/* The decoded Subject of a message, or NULL when it has none. */
char *
hdr_subject(GMimeObject *o)
{
	const char *raw = raw_header(o, "Subject");

	return raw != NULL ? hdr_decode_text(raw, strlen(raw)) : NULL;
}

/* The mailboxes of every header field called name, their display names
 * decoded here; free with g_object_unref(). */
InternetAddressList *
hdr_addresses(GMimeObject *o, GMimeParserOptions *opts, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	InternetAddressList *all = internet_address_list_new(), *l;
	GMimeHeader *h;
	const char *raw;
	char *fixed;
	int i, n = g_mime_header_list_get_count(hl);

	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) != 0 ||
		    (raw = g_mime_header_get_raw_value(h)) == NULL)
			continue;
		fixed = hdr_unwrap_words(raw);
		l = internet_address_list_parse(opts, fixed != NULL ? fixed :
		    raw);
		free(fixed);
		if (l == NULL)
			continue;
		internet_address_list_append(all, l);
		g_object_unref(l);
	}
	return all;
}

/* Parameter param of the header field (Content-Disposition or
 * Content-Type) whose value GMime gave as value, decoded here when it
 * holds an encoded word; NULL when value is NULL. */
static char *
param_decoded(GMimeObject *o, GMimeParserOptions *opts, const char *header,
    const char *param, const char *value)
{
	const char *raw = raw_header(o, header), *v = NULL;
	GMimeParamList *pl = NULL;
	char *fixed, *semi, *r;

	if (value == NULL)
		return NULL;
	if (raw == NULL || strstr(raw, "=?") == NULL ||
	    (fixed = hdr_unwrap_words(raw)) == NULL)
		return parser_clean(value, strlen(value));
	if ((semi = strchr(fixed, ';')) != NULL &&
	    (pl = g_mime_param_list_parse(opts, semi + 1)) != NULL)
		v = g_mime_param_list_get_parameter(pl, param) != NULL ?
		    g_mime_param_get_value(g_mime_param_list_get_parameter(pl,
		    param)) : NULL;
	r = parser_clean(v != NULL ? v : value, strlen(v != NULL ? v : value));
	if (pl != NULL)
		g_object_unref(pl);
	free(fixed);
	return r;
}

/* A part's file name (Content-Disposition filename, else Content-Type
 * name), decoded; NULL when it has none. */
char *
hdr_filename(GMimePart *part, GMimeParserOptions *opts)
{
	GMimeObject *o = GMIME_OBJECT(part);
	const char *v;

	v = g_mime_object_get_content_disposition_parameter(o, "filename");
	if (v != NULL)
		return param_decoded(o, opts, "Content-Disposition",
		    "filename", v);
	v = g_mime_object_get_content_type_parameter(o, "name");
	return param_decoded(o, opts, "Content-Type", "name", v);
}

/* Public face of hdr_decode_text() for callers outside parser/. */
char *
mail_header_decode(const char *raw, size_t n)
{
	return hdr_decode_text(raw != NULL ? raw : "", raw != NULL ? n : 0);
}
