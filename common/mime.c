/* mime.c - RFC 2047 encoded-words for header values written by postdesk. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/mime.h"
#include "common/xalloc.h"

/* Copy with controls (CR, LF, TAB included) turned into spaces. */
char *
mime_header_clean(const char *text)
{
	char *r = xstrdup(text != NULL ? text : ""), *p;

	for (p = r; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return r;
}

/* 1 when the text needs no encoding. */
static int
mime_is_plain(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p >= 0x7f || *p < 0x20)
			return 0;
	/* "=?" would be read as an encoded-word */
	return strstr(s, "=?") == NULL;
}

/* Length of the UTF-8 sequence starting at p (1 for a stray byte). */
static size_t
utf8_len(const unsigned char *p)
{
	if (*p < 0x80)
		return 1;
	if ((*p & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80)
		return 2;
	if ((*p & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80)
		return 3;
	if ((*p & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80)
		return 4;
	return 1;
}

/* Appends base64 of n bytes. */
static void
mime_base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		buf_addc(b, tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)]);
		buf_addc(b, tab[p[i + 2] & 63]);
	}
	if (n - i == 1) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[(p[i] & 3) << 4]);
		buf_adds(b, "==");
	} else if (n - i == 2) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		buf_addc(b, tab[(p[i + 1] & 15) << 2]);
		buf_addc(b, '=');
	}
}

/* Appends the value, encoded when needed; whole characters per word. */
void
mime_header_value(struct buf *b, const char *text, const char *fold)
{
	char *clean = mime_header_clean(text);
	const unsigned char *p = (const unsigned char *)clean, *s;
	int first = 1;

	if (mime_is_plain(clean)) {
		buf_adds(b, clean);
		free(clean);
		return;
	}
	/* 45 bytes of text -> 60 of base64; "=?UTF-8?B?" + "?=" -> 72 */
	while (*p != '\0') {
		for (s = p; *p != '\0' && (size_t)(p - s) + utf8_len(p) <= 45;)
			p += utf8_len(p);
		if (!first)
			buf_adds(b, fold);
		buf_adds(b, "=?UTF-8?B?");
		mime_base64(b, s, (size_t)(p - s));
		buf_adds(b, "?=");
		first = 0;
	}
	free(clean);
}
