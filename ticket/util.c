/* util.c - UTF-8 folding and string vectors used across ticket/. */
#include "config.h"


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/addr.h"
#include "common/xalloc.h"
#include "ticket/ticket_int.h"

/* One code point from UTF-8; malformed bytes become U+FFFD, length 1. */
size_t
tk_utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i;
	uint32_t c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3;
		c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	*cp = c;
	return n;
}

/* Simple lower-casing for the scripts reply prefixes are written in. */
uint32_t
tk_fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)	/* Latin-1 */
		return c + 32;
	if (c == 0x130 || c == 0x131)			/* Turkish I, i */
		return 'i';
	if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)	/* Greek */
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)			/* Cyrillic */
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	if (c == 0xff1a)				/* full-width ':' */
		return ':';
	return c;
}

#define TK_ASCII_LOWER(c) \
	((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))

/* Length of s matched by word case-insensitively, or 0. */
size_t
tk_prefix_fold(const char *s, const char *word)
{
	const char *p = s;
	uint32_t a, b;
	size_t la, lb;

	while (*word != '\0') {
		if (*p == '\0')
			return 0;
		if ((unsigned char)*p < 0x80 && (unsigned char)*word < 0x80) {
			/* ASCII on both sides: no decoding, no folding table */
			if (TK_ASCII_LOWER(*p) != TK_ASCII_LOWER(*word))
				return 0;
			p++;
			if (*word++ == 'i' && (unsigned char)p[0] == 0xcc &&
			    (unsigned char)p[1] == 0x87)
				p += 2;
			continue;
		}
		la = tk_utf8_next(p, &a);
		lb = tk_utf8_next(word, &b);
		/* "İ" folds to "i"; a following combining dot is dropped */
		if (tk_fold(a) != tk_fold(b))
			return 0;
		p += la;
		word += lb;
		if (b == 'i' || b == 0x130)
			if ((unsigned char)p[0] == 0xcc &&
			    (unsigned char)p[1] == 0x87)
				p += 2;
	}
	return (size_t)(p - s);
}

/* Letters and digits; every non-ASCII code point counts as a letter except
 * the blanks and punctuation people put around words. */
int
tk_is_wordch(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');
	if (c == 0xa0 || c == 0x3000 || c == 0xff1a || c == 0xfffd)
		return 0;
	if (c >= 0x2000 && c <= 0x206f)			/* punctuation */
		return 0;
	if (c >= 0x3000 && c <= 0x303f)			/* CJK punct. */
		return 0;
	if (c >= 0xff00 && c <= 0xff0f)
		return 0;
	return 1;
}

/* The code point ending just before p (p > start). */
static uint32_t
prev_cp(const char *start, const char *p)
{
	uint32_t c;
	const char *q = p - 1;

	while (q > start && ((unsigned char)*q & 0xc0) == 0x80)
		q--;
	tk_utf8_next(q, &c);
	return c;
}

/* Does s[p-start .. +n) stand as a whole word inside start? */
int
tk_word_at(const char *start, const char *p, size_t n)
{
	uint32_t c;

	if (p > start && tk_is_wordch(prev_cp(start, p)))
		return 0;
	if (p[n] != '\0') {
		tk_utf8_next(p + n, &c);
		if (tk_is_wordch(c))
			return 0;
	}
	return 1;
}

/* First case-folded occurrence of word in s; whole: at word boundaries. */
const char *
tk_find_fold(const char *s, const char *word, int whole)
{
	const char *p;
	uint32_t c;
	size_t n;

	if (*word == '\0')
		return NULL;
	for (p = s; *p != '\0'; p += (unsigned char)*p < 0x80 ? 1 :
	    tk_utf8_next(p, &c)) {
		if (!tk_may_start(p, word))
			continue;
		n = tk_prefix_fold(p, word);
		if (n > 0 && (!whole || tk_word_at(s, p, n)))
			return p;
	}
	return NULL;
}

/* Past spaces, tabs, newlines, NBSP and the ideographic space. */
const char *
tk_skip_blank(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if ((unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] == 0xa0)
			s += 2;
		else if ((unsigned char)s[0] == 0xe3 &&
		    (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] == 0x80)
			s += 3;
		else
			return s;
	}
}

/* The index of s among names[0..n) (any case); -1 when none. */
int
tk_name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* Length of the line at p without its end of line. */
size_t
tk_line_len(const char *p)
{
	size_t n = strcspn(p, "\n");

	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

/* The start of the line after p. */
const char *
tk_next_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl != NULL ? nl + 1 : p + strlen(p);
}

/* Is the line at p only blanks? */
int
tk_blank_line(const char *p)
{
	const char *q = tk_skip_blank(p);

	while (p < q && *p != '\n')
		p++;
	return *p == '\n' || *p == '\0';
}

/* The value of the "address:value" entry of l that matches addr. */
int
tk_addr_value(const struct strlist *l, const char *addr, char *out,
    size_t outlen)
{
	struct strlist one;
	char *v[2], *colon;
	size_t i;
	int hit;

	for (i = 0; addr != NULL && i < l->sl_n; i++) {
		if ((colon = strrchr(l->sl_v[i], ':')) == NULL)
			continue;
		v[0] = xstrndup(l->sl_v[i], (size_t)(colon - l->sl_v[i]));
		v[1] = NULL;
		one.sl_v = v;
		one.sl_n = 1;
		hit = addr_match_list(&one, addr);
		free(v[0]);
		if (hit) {
			snprintf(out, outlen, "%s", colon + 1);
			return 1;
		}
	}
	return 0;
}

/* The +detail of addr, else its local part, in lower case. */
void
tk_addr_word(const char *addr, char *out, size_t outlen)
{
	const char *at = strrchr(addr, '@'), *plus;
	size_t n, i;

	if (at == NULL)
		at = addr + strlen(addr);
	plus = memchr(addr, '+', (size_t)(at - addr));
	if (plus != NULL)
		addr = plus + 1;
	n = (size_t)(at - addr);
	if (outlen == 0)
		return;
	if (n >= outlen)
		n = outlen - 1;
	for (i = 0; i < n; i++)
		out[i] = (char)(addr[i] >= 'A' && addr[i] <= 'Z' ?
		    addr[i] + 'a' - 'A' : addr[i]);
	out[n] = '\0';
}

#define STEMS_MAX	128	/* longest list tk_count_stems() takes */

/* How many of stems start a word of text (at most one when first):
 * one pass, a stem tried only where a word starts with its first
 * letter. */
static int
stems_scan(const char *text, const char *const *stems, int first)
{
	uint32_t f[STEMS_MAX], c, prev = ' ';
	unsigned char seen[STEMS_MAX] = { 0 };
	const char *p;
	size_t ns, i, l;
	int n = 0;

	for (ns = 0; stems[ns] != NULL && ns < STEMS_MAX; ns++) {
		tk_utf8_next(stems[ns], &c);
		f[ns] = tk_fold(c);
	}
	for (p = text; *p != '\0'; p += l, prev = c) {
		l = tk_utf8_next(p, &c);
		if (tk_is_wordch(prev) || !tk_is_wordch(c))
			continue;
		c = tk_fold(c);
		for (i = 0; i < ns; i++) {
			if (seen[i] || f[i] != c ||
			    tk_prefix_fold(p, stems[i]) == 0)
				continue;
			seen[i] = 1;
			if (++n > 0 && first)
				return n;
		}
	}
	return n;
}

/* 1 when one of stems starts a word of text. */
int
tk_has_stem(const char *text, const char *const *stems)
{
	return text != NULL && stems_scan(text, stems, 1) > 0;
}

/* How many of stems start a word of text. */
int
tk_count_stems(const char *text, const char *const *stems)
{
	return text != NULL ? stems_scan(text, stems, 0) : 0;
}

/* Appends a copy of s[0..n) unless it is there already or the vector is
 * full. */
int
tk_strv_add(struct tk_strv *sv, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sv->sv_n; i++)
		if (strlen(sv->sv_v[i]) == n && memcmp(sv->sv_v[i], s, n) == 0)
			return 0;
	if (sv->sv_max > 0 && sv->sv_n >= sv->sv_max)
		return 0;
	sv->sv_v = xreallocarray(sv->sv_v, sv->sv_n + 2, sizeof(char *));
	sv->sv_v[sv->sv_n++] = xstrndup(s, n);
	sv->sv_v[sv->sv_n] = NULL;
	return 1;
}

/* Hands out the vector, never NULL. */
char **
tk_strv_finish(struct tk_strv *sv)
{
	char **v = sv->sv_v;

	if (v == NULL)
		v = xcalloc(1, sizeof(char *));
	sv->sv_v = NULL;
	sv->sv_n = 0;
	return v;
}
