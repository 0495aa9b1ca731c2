/* compose.c - the RFC 5322 messages postdesk sends.
 *
 * Offers notifier_compose() and notifier_addr_ok().  Every field is cleaned
 * before it goes into a header: invalid UTF-8 becomes U+FFFD, line breaks
 * and tabs become blanks, other control characters are dropped, so nothing a
 * customer wrote can start a header of its own.  Non-ASCII text goes out as
 * RFC 2047 B-encoded UTF-8; header lines are folded below 78 columns; the
 * body is UTF-8 in quoted-printable with lines of at most 76 characters;
 * a mail with HTML is a multipart/alternative of its text and its HTML.
 * Only an address or Message-ID longer than a line can make a longer one
 * (both are cut at 250 bytes, far below the 998 limit).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"
#include "notifier/notifier.h"

#define HDR_WIDTH	76	/* fold before this column */
#define NAME_MAX_BYTES	128	/* display names are cut here */
#define SUBJ_MAX_BYTES	600
/* "=_" never occurs in quoted-printable text, so no part can hold it */
#define ALT_BOUNDARY	"=_postdesk_alternative"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid;
 * the code point goes to *cp. */
static size_t
utf8_seq(const unsigned char *p, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c = p[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; c &= 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; c &= 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Copies s into out as valid UTF-8.  oneline: line breaks and tabs become
 * one blank, other controls go; else only CR/LF/TAB of the controls stay.
 * Stops before max bytes of output, at a character boundary. */
static void
clean_text(const char *s, int oneline, size_t max, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s != NULL ? strlen(s) : 0, len, start = out->b_len;
	unsigned cp;

	buf_add(out, "", 0);
	while (n > 0) {
		if ((len = utf8_seq(p, n, &cp)) == 0) {
			cp = 0xfffd;
			len = 1;
		}
		if (out->b_len - start + 4 > max)
			break;
		if (cp == '\r' || cp == '\n' || cp == '\t' ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
			if (!oneline)
				buf_addc(out, cp < 0x80 ? (char)cp : '\n');
			else if (out->b_len > start &&
			    out->b_data[out->b_len - 1] != ' ')
				buf_addc(out, ' ');
		} else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    cp == 0xfeff) {
			/* dropped */
		} else if (cp == 0xfffd && len == 1)
			buf_add(out, "\xef\xbf\xbd", 3);
		else
			buf_add(out, p, len);
		p += len;
		n -= len;
	}
}

/* 1 when s is all printable ASCII (and blanks). */
static int
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* Whether c may stand in an address. */
static int
addr_char_ok(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("<>()[],;:\\\"", c) == NULL;
}

/* 1 when addr is a plain addr-spec. */
int
notifier_addr_ok(const char *addr)
{
	const char *p, *at;

	if (addr == NULL || *addr == '\0' || strlen(addr) > 254)
		return 0;
	for (p = addr; *p != '\0'; p++)
		if (!addr_char_ok((unsigned char)*p))
			return 0;
	at = strchr(addr, '@');
	return at != NULL && at != addr && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL;
}

/* Appends addr with every character unfit for an address dropped. */
static void
add_clean_addr(struct buf *out, const char *addr)
{
	const char *p;

	for (p = addr != NULL ? addr : ""; *p != '\0' && p - addr < 254; p++)
		if (addr_char_ok((unsigned char)*p))
			buf_addc(out, *p);
}

/* Appends a Message-ID (brackets added, blanks and controls dropped);
 * returns how many bytes it added. */
static size_t
add_msgid(struct buf *out, const char *id)
{
	size_t start = out->b_len;
	const char *p;

	buf_addc(out, '<');
	for (p = id; *p != '\0' && p - id < 250; p++)
		if ((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f &&
		    *p != '<' && *p != '>')
			buf_addc(out, *p);
	buf_addc(out, '>');
	return out->b_len - start;
}

/* Appends the bytes of s as RFC 2047 B-encoded words, folding as needed;
 * *col is the current column. */
static void
add_encoded_words(struct buf *out, const char *s, size_t *col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), take, room, i;
	unsigned cp, v;

	while (n > 0) {
		room = HDR_WIDTH > *col + 13 ? HDR_WIDTH - *col - 13 : 0;
		if (room < 8) {
			buf_adds(out, "\r\n ");
			*col = 1;
			continue;
		}
		if (room > 63)
			room = 63;
		room = room / 4 * 3;	/* bytes that fit */
		take = 0;
		while (take < n) {
			size_t len = utf8_seq(p + take, n - take, &cp);

			if (len == 0)
				len = 1;
			if (take + len > room)
				break;
			take += len;
		}
		if (take == 0)
			take = n < room ? n : room;
		buf_adds(out, "=?UTF-8?B?");
		for (i = 0; i < take; i += 3) {
			v = (unsigned)p[i] << 16;
			if (i + 1 < take)
				v |= (unsigned)p[i + 1] << 8;
			if (i + 2 < take)
				v |= p[i + 2];
			buf_addc(out, b64[(v >> 18) & 63]);
			buf_addc(out, b64[(v >> 12) & 63]);
			buf_addc(out, i + 1 < take ? b64[(v >> 6) & 63] : '=');
			buf_addc(out, i + 2 < take ? b64[v & 63] : '=');
		}
		buf_adds(out, "?=");
		*col += 12 + (take + 2) / 3 * 4;
		p += take;
		n -= take;
		if (n > 0) {
			buf_adds(out, "\r\n ");
			*col = 1;
		}
	}
}

/* Appends ASCII words separated by blanks, folding before a word that
 * would pass the width.  The first word follows a blank too. */
static void
add_folded_words(struct buf *out, const char *s, size_t *col)
{
	const char *w = s;
	size_t len;

	for (;;) {
		w += strspn(w, " ");
		if (*w == '\0')
			break;
		len = strcspn(w, " ");
		if (*col + 1 + len > HDR_WIDTH && *col > 1) {
			buf_adds(out, "\r\n");
			*col = 0;
		}
		buf_addc(out, ' ');
		buf_add(out, w, len);
		*col += 1 + len;
		w += len;
	}
}

/* Whether plain text needs encoding: non-ASCII, something that looks like
 * an encoded word, or a word too long to fold. */
static int
needs_encoding(const char *s)
{
	const char *w;

	if (!is_ascii(s) || strstr(s, "=?") != NULL)
		return 1;
	for (w = s; *w != '\0'; w += strspn(w, " "))
		if (strcspn(w, " ") > 60)
			return 1;
		else
			w += strcspn(w, " ");
	return 0;
}

/* Appends "Subject: ..." with its line end. */
static void
add_subject(struct buf *out, const char *subject)
{
	struct buf clean = BUF_INIT;
	size_t col = 8;

	clean_text(subject, 1, SUBJ_MAX_BYTES, &clean);
	buf_adds(out, "Subject:");
	if (clean.b_len == 0)
		buf_addc(out, ' ');
	else if (needs_encoding(clean.b_data)) {
		buf_addc(out, ' ');
		col++;
		add_encoded_words(out, clean.b_data, &col);
	} else
		add_folded_words(out, clean.b_data, &col);
	buf_adds(out, "\r\n");
	buf_free(&clean);
}

/* Whether an ASCII display name must be quoted. */
static int
name_needs_quotes(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == ' ' ||
		    strchr("!#$%&'*+-/=?^_`{|}~", *s) != NULL))
			return 1;
	return 0;
}

/* Appends "Name: display <addr>" (or just "<addr>") with its line end. */
static void
add_mailbox(struct buf *out, const char *hname, const char *name,
    const char *addr)
{
	struct buf clean = BUF_INIT;
	size_t col, start;
	const char *p;

	buf_addf(out, "%s:", hname);
	col = strlen(hname) + 1;
	clean_text(name, 1, NAME_MAX_BYTES, &clean);
	while (clean.b_len > 0 && clean.b_data[clean.b_len - 1] == ' ')
		clean.b_data[--clean.b_len] = '\0';
	if (clean.b_len > 0 && clean.b_data[0] != ' ') {
		buf_addc(out, ' ');
		col++;
		if (!is_ascii(clean.b_data) ||
		    strstr(clean.b_data, "=?") != NULL)
			add_encoded_words(out, clean.b_data, &col);
		else if (name_needs_quotes(clean.b_data)) {
			start = out->b_len;
			buf_addc(out, '"');
			for (p = clean.b_data; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					buf_addc(out, '\\');
				buf_addc(out, *p);
			}
			buf_addc(out, '"');
			col += out->b_len - start;
		} else {
			buf_adds(out, clean.b_data);
			col += clean.b_len;
		}
	}
	start = out->b_len;
	add_clean_addr(out, addr);
	col += out->b_len - start + 3;
	out->b_len = start;
	out->b_data[start] = '\0';
	buf_adds(out, col > HDR_WIDTH && clean.b_len > 0 ? "\r\n <" : " <");
	add_clean_addr(out, addr);
	buf_adds(out, ">\r\n");
	buf_free(&clean);
}

/* Appends a Date header for now, in UTC. */
static void
add_date(struct buf *out, time_t now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&now, &tm);
	buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Appends "Name: value" with a token-like value (printable ASCII only). */
static void
add_token_header(struct buf *out, const char *hname, const char *value)
{
	const char *p;

	buf_addf(out, "%s: ", hname);
	for (p = value; *p != '\0' && p - value < 200; p++)
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
			buf_addc(out, *p);
	buf_adds(out, "\r\n");
}

/* Appends the References header, one folded line per id as needed. */
static void
add_references(struct buf *out, const char *const *refs, size_t n)
{
	struct buf id = BUF_INIT;
	size_t i, col = 11;

	buf_adds(out, "References:");
	for (i = 0; i < n; i++) {
		if (refs[i] == NULL)
			continue;
		buf_reset(&id);
		add_msgid(&id, refs[i]);
		if (id.b_len <= 2)
			continue;
		if (col + 1 + id.b_len > HDR_WIDTH && col > 11) {
			buf_adds(out, "\r\n");
			col = 0;
		}
		buf_addc(out, ' ');
		buf_add(out, id.b_data, id.b_len);
		col += 1 + id.b_len;
	}
	buf_adds(out, "\r\n");
	buf_free(&id);
}

/* Appends one quoted-printable token, breaking the line softly first when
 * it would not fit (last: the token ends the line). */
static void
qp_token(struct buf *out, size_t *col, const char *tok, size_t len, int last)
{
	if (*col + len > (last ? 76 : 75)) {
		buf_adds(out, "=\r\n");
		*col = 0;
	}
	buf_add(out, tok, len);
	*col += len;
}

/* Appends text as quoted-printable with CRLF line ends.  A line never
 * starts with "." or "From " (encoded as =2E, =46), so no transport's
 * dot-stuffing or mbox escaping can change it. */
static void
add_qp_body(struct buf *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	char tok[4];
	size_t col = 0, len;
	int last;

	while (*p != '\0') {
		if (*p == '\r' || *p == '\n') {
			p += (p[0] == '\r' && p[1] == '\n') ? 2 : 1;
			buf_adds(out, "\r\n");
			col = 0;
			continue;
		}
		last = p[1] == '\0' || p[1] == '\r' || p[1] == '\n';
		if ((*p == ' ' || *p == '\t') && !last) {
			tok[0] = (char)*p;
			len = 1;
		} else if (*p > 32 && *p < 127 && *p != '=' &&
		    !(col == 0 && (*p == '.' ||
		    strncmp((const char *)p, "From ", 5) == 0))) {
			tok[0] = (char)*p;
			len = 1;
		} else {
			snprintf(tok, sizeof(tok), "=%02X", *p);
			len = 3;
		}
		if (len == 1 && tok[0] == '.' && col + 1 > (last ? 76 : 75)) {
			/* it would start the next line */
			snprintf(tok, sizeof(tok), "=2E");
			len = 3;
		}
		qp_token(out, &col, tok, len, last);
		p++;
	}
	if (out->b_len < 2 || memcmp(out->b_data + out->b_len - 2, "\r\n", 2))
		buf_adds(out, "\r\n");
}

/* One text part (subtype plain or html) in quoted-printable UTF-8; in a
 * multipart with its boundary line first. */
static void
add_part(struct buf *out, const char *subtype, const char *text,
    int multipart)
{
	struct buf body = BUF_INIT;

	if (multipart)
		buf_adds(out, "--" ALT_BOUNDARY "\r\n");
	buf_addf(out, "Content-Type: text/%s; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", subtype);
	clean_text(text, 0, (size_t)-1, &body);
	add_qp_body(out, body.b_data);
	buf_free(&body);
}

/* A complete RFC 5322 message for m, appended to out. */
void
notifier_compose(const struct notify_msg *m, time_t now, struct buf *out)
{
	add_date(out, now);
	add_mailbox(out, "From", m->nm_from_name, m->nm_from_addr);
	add_mailbox(out, "To", m->nm_to_name, m->nm_to_addr);
	if (m->nm_reply_to != NULL && *m->nm_reply_to != '\0')
		add_mailbox(out, "Reply-To", NULL, m->nm_reply_to);
	add_subject(out, m->nm_subject);
	if (m->nm_message_id != NULL && *m->nm_message_id != '\0') {
		buf_adds(out, "Message-ID: ");
		add_msgid(out, m->nm_message_id);
		buf_adds(out, "\r\n");
	}
	if (m->nm_in_reply_to != NULL && *m->nm_in_reply_to != '\0') {
		buf_adds(out, "In-Reply-To: ");
		add_msgid(out, m->nm_in_reply_to);
		buf_adds(out, "\r\n");
	}
	if (m->nm_references != NULL && m->nm_nreferences > 0)
		add_references(out, m->nm_references, m->nm_nreferences);
	if (m->nm_auto_submitted != NULL && *m->nm_auto_submitted != '\0') {
		add_token_header(out, "Auto-Submitted", m->nm_auto_submitted);
		buf_adds(out, "X-Auto-Response-Suppress: All\r\n");
	}
	if (m->nm_x_loop != NULL && *m->nm_x_loop != '\0')
		add_token_header(out, "X-Loop", m->nm_x_loop);
	buf_adds(out, "MIME-Version: 1.0\r\n");
	if (m->nm_html != NULL)
		buf_adds(out, "Content-Type: multipart/alternative; "
		    "boundary=\"" ALT_BOUNDARY "\"\r\n\r\n");
	add_part(out, "plain", m->nm_body, m->nm_html != NULL);
	if (m->nm_html != NULL) {
		add_part(out, "html", m->nm_html, 1);
		buf_adds(out, "--" ALT_BOUNDARY "--\r\n");
	}
}
