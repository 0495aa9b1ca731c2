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

/* Bytes 0-127: the low seven bits are the lower case, TK_WORD marks a
 * letter or digit. */
#define TK_UP(c)	((c) >= 'A' && (c) <= 'Z')
#define TK_A(c)		((unsigned char)((TK_UP(c) ? (c) + 32 : (c)) | \
	(TK_UP(c) || ((c) >= 'a' && (c) <= 'z') || \
	((c) >= '0' && (c) <= '9') ? TK_WORD : 0)))
#define TK_A4(c)	TK_A(c), TK_A((c) + 1), TK_A((c) + 2), TK_A((c) + 3)
#define TK_A16(c)	TK_A4(c), TK_A4((c) + 4), TK_A4((c) + 8), \
	TK_A4((c) + 12)
const unsigned char tk_ascii[128] = {
	TK_A16(0), TK_A16(16), TK_A16(32), TK_A16(48),
	TK_A16(64), TK_A16(80), TK_A16(96), TK_A16(112),
};

/* 0 when the code point at s is written longer than it needs to be (an
 * over-long form: "\xc1\xa1" for 'a'). */
int
tk_utf8_shortest(const char *s)
{
	uint32_t c;
	size_t n = tk_utf8_next(s, &c);

	return n == 1 || (n == 2 && c >= 0x80) || (n == 3 && c >= 0x800) ||
	    (n == 4 && c >= 0x10000);
}

/* Simple lower-casing for the scripts reply prefixes are written in. */
uint32_t
tk_fold(uint32_t c)
{
	if (c < 0x80)
		return tk_ascii[c] & TK_LOWER;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)	/* Latin-1 */
		return c + 32;
	if (c == 0x130 || c == 0x131)			/* Turkish I, i */
		return 'i';
	if (c == 0x11e || c == 0x15e)			/* Turkish Ğ, Ş */
		return c + 1;
	if (c == 0x490)					/* Ukrainian Ґ */
		return c + 1;
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

/* Length of s matched by word case-insensitively, or 0. */
size_t
tk_prefix_fold(const char *s, const char *word)
{
	return tk_prefix_fold_n(s, word, strlen(word));
}

/* Length of s matched by word[0..wlen) case-insensitively, or 0. */
size_t
tk_prefix_fold_n(const char *s, const char *word, size_t wlen)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *w = (const unsigned char *)word, *end = w + wlen;
	uint32_t a, b;

	while (w < end) {
		if (*p == '\0')
			return 0;
		if (*p < 0x80 && *w < 0x80) {
			/* ASCII on both sides: no decoding, no folding */
			if ((tk_ascii[*p] ^ tk_ascii[*w]) & TK_LOWER)
				return 0;
			p++;
			if (*w++ == 'i' && p[0] == 0xcc && p[1] == 0x87)
				p += 2;
			continue;
		}
		p += tk_utf8_next((const char *)p, &a);
		w += tk_utf8_next((const char *)w, &b);
		/* "İ" folds to "i"; a following combining dot is dropped */
		if (tk_fold(a) != tk_fold(b))
			return 0;
		if ((b == 'i' || b == 0x130) && p[0] == 0xcc && p[1] == 0x87)
			p += 2;
	}
	return (size_t)(p - (const unsigned char *)s);
}

/* Letters and digits; every non-ASCII code point counts as a letter except
 * the blanks and punctuation people put around words. */
int
tk_is_wordch(uint32_t c)
{
	if (c < 0x80)
		return (tk_ascii[c] & TK_WORD) != 0;
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

/* Does a word start at p inside start (no letter or digit before)? */
int
tk_word_start(const char *start, const char *p)
{
	return p == start || !tk_is_wordch(prev_cp(start, p));
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

/* Bytes of the blank at s: a space, tab, CR, LF, NBSP or the
 * ideographic space; 0 when s is none. */
size_t
tk_blank_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
		return 2;
	if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

/* Past spaces, tabs, newlines, NBSP and the ideographic space. */
const char *
tk_skip_blank(const char *s)
{
	size_t n;

	while ((n = tk_blank_len(s)) > 0)
		s += n;
	return s;
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

/* The bucket of a folded first code point. */
static unsigned
scan_bucket(uint32_t c)
{
	return c < 0x80 ? c : 0x80 | (c & 0x7f);
}

/* The bucket of two folded ASCII first letters. */
static unsigned
scan_pair(unsigned first, unsigned second)
{
	return ((first << 5) ^ second) & (TK_SCAN_PAIRS - 1);
}

/* Files every word of the scan in its buckets, each bucket in the order
 * the words were added. */
static void
scan_file(struct tk_scan *sc)
{
	struct tk_scan_word *w;
	size_t i;
	unsigned k, pk;

	memset(sc->sc_head, 0xff, sizeof(sc->sc_head));
	memset(sc->sc_any, 0xff, sizeof(sc->sc_any));
	memset(sc->sc_pair, 0xff, sizeof(sc->sc_pair));
	memset(sc->sc_short, 0xff, sizeof(sc->sc_short));
	sc->sc_nany = 0;
	sc->sc_any_alnum = 0;
	/* filed at the front of the buckets, so the last word first */
	for (i = sc->sc_n; i-- > 0;) {
		w = &sc->sc_w[i];
		k = scan_bucket(w->sw_first);
		w->sw_next = sc->sc_head[k];
		sc->sc_head[k] = (short)i;
		w->sw_next_pair = -1;
		if (w->sw_first < 0x80 && w->sw_second != 0) {
			pk = scan_pair(w->sw_first, w->sw_second);
			w->sw_next_pair = sc->sc_pair[pk];
			sc->sc_pair[pk] = (short)i;
		} else if (w->sw_first < 0x80) {
			w->sw_next_pair = sc->sc_short[w->sw_first];
			sc->sc_short[w->sw_first] = (short)i;
		}
		w->sw_next_any = -1;
		if (w->sw_any) {
			w->sw_next_any = sc->sc_any[k];
			sc->sc_any[k] = (short)i;
			sc->sc_nany++;
			if (w->sw_first < 0x80 &&
			    (tk_ascii[w->sw_first] & TK_WORD))
				sc->sc_any_alnum = 1;
		}
	}
}

/* An empty scan. */
void
tk_scan_init(struct tk_scan *sc)
{
	sc->sc_n = 0;
	scan_file(sc);
}

/* Adds the words of a NULL-terminated list under their folded first
 * letters, after those added before (see ticket_int.h for flags).  -1
 * when they do not fit. */
int
tk_scan_add(struct tk_scan *sc, const char *const *words, unsigned list,
    int flags)
{
	struct tk_scan_word *w;
	size_t n, i, len;
	uint32_t c;

	for (n = 0; words[n] != NULL; n++)
		;
	if (n > TK_SCAN_WORDS - sc->sc_n)
		return -1;
	for (i = 0; i < n; i++) {
		w = &sc->sc_w[sc->sc_n + i];
		if ((unsigned char)words[i][0] < 0x80)
			c = (unsigned char)words[i][0];
		else
			tk_utf8_next(words[i], &c);
		len = strlen(words[i]);
		w->sw_word = words[i];
		w->sw_len = len > 0 && words[i][len - 1] == '*' ? len - 1 : len;
		w->sw_first = tk_fold(c);
		w->sw_second = c < 0x80 && w->sw_len >= 2 &&
		    (unsigned char)words[i][1] < 0x80 ?
		    tk_ascii[(unsigned char)words[i][1]] & TK_LOWER : 0;
		w->sw_third = w->sw_second != 0 && w->sw_len >= 3 &&
		    (unsigned char)words[i][2] < 0x80 ?
		    tk_ascii[(unsigned char)words[i][2]] & TK_LOWER : 0;
		w->sw_list = list;
		w->sw_any = (flags & TK_SCAN_ANYWHERE) ||
		    ((flags & TK_SCAN_CJK) &&
		    (unsigned char)words[i][0] >= 0xe3);
	}
	sc->sc_n += n;
	scan_file(sc);
	return 0;
}

/* The first word filed under the folded code point c (follow sw_next and
 * compare sw_first), or -1. */
int
tk_scan_first(const struct tk_scan *sc, uint32_t c)
{
	return sc->sc_head[scan_bucket(c)];
}

/* Calls fn when word i of the scan is at p. */
static int
scan_try(const struct tk_scan *sc, int i, const char *p, tk_hit_fn fn,
    void *arg)
{
	const struct tk_scan_word *w = &sc->sc_w[i];
	struct tk_hit h;

	if ((h.h_len = tk_prefix_fold_n(p, w->sw_word, w->sw_len)) == 0)
		return 0;
	h.h_at = p;
	h.h_word = w->sw_word;
	h.h_id = (unsigned)i;
	h.h_list = w->sw_list;
	return fn(arg, &h);
}

/* Tries the words of the chain from i at p, whose code point folds to
 * c; any: the chain of words tried anywhere. */
static int
scan_chain(const struct tk_scan *sc, int i, const char *p, uint32_t c,
    int any, tk_hit_fn fn, void *arg)
{
	const unsigned char *u = (const unsigned char *)p;
	const struct tk_scan_word *w;
	unsigned second;
	int rc;

	/* two ASCII letters: most words fail on the second, without a call */
	second = u[0] < 0x80 && u[1] < 0x80 ? tk_ascii[u[1]] & TK_LOWER :
	    0x100;
	for (; i >= 0; i = any ? w->sw_next_any : w->sw_next) {
		w = &sc->sc_w[i];
		if (w->sw_first != c || (w->sw_second != 0 &&
		    second != 0x100 && w->sw_second != second))
			continue;
		if ((rc = scan_try(sc, i, p, fn, arg)) != 0)
			return rc;
	}
	return 0;
}

/* Where a word starts at p, whose code point folds to c: the words of
 * its first letter, those of its first two when both are ASCII (the
 * two-letter bucket and the letter's short words, in the order they
 * were added). */
static int
scan_at(const struct tk_scan *sc, const char *p, uint32_t c, tk_hit_fn fn,
    void *arg)
{
	const unsigned char *u = (const unsigned char *)p;
	const struct tk_scan_word *w;
	unsigned second, third;
	int i, j, k, rc;

	if (u[0] >= 0x80 || u[1] >= 0x80)
		return scan_chain(sc, sc->sc_head[scan_bucket(c)], p, c, 0,
		    fn, arg);
	second = tk_ascii[u[1]] & TK_LOWER;
	/* the third when ASCII (after a second one that is not: 0x100) */
	third = second == 0 ? 0x100 : u[2] < 0x80 ?
	    tk_ascii[u[2]] & TK_LOWER : 0x100;
	i = second != 0 ? sc->sc_pair[scan_pair(c, second)] : -1;
	j = sc->sc_short[c];
	while (i >= 0 || j >= 0) {
		if (j < 0 || (i >= 0 && i < j)) {
			k = i;
			w = &sc->sc_w[i];
			i = w->sw_next_pair;
			if (w->sw_first != c || w->sw_second != second ||
			    (w->sw_third != 0 && third != 0x100 &&
			    w->sw_third != third))
				continue;	/* another pair's, or a third
						 * letter that differs */
		} else {
			k = j;
			j = sc->sc_w[j].sw_next_pair;
		}
		if ((rc = scan_try(sc, k, p, fn, arg)) != 0)
			return rc;
	}
	return 0;
}

/* One pass over text: where a word starts (a letter or digit after
 * none), every word of sc filed under its first letter is compared, and
 * fn is called with each that matches, in the order of the text and,
 * at one place, of the lists.  Stops at fn's first non-zero value and
 * returns it. */
int
tk_scan_text(const struct tk_scan *sc, const char *text, tk_hit_fn fn,
    void *arg)
{
	const char *p;
	uint32_t c;
	size_t l;
	int w, prev = 0, rc, any;

	for (p = text; *p != '\0'; p += l, prev = w) {
		/* the rest of a word in ASCII starts nothing */
		while (prev && !sc->sc_any_alnum && (unsigned char)*p < 0x80 &&
		    (tk_ascii[(unsigned char)*p] & TK_WORD))
			p++;
		if (*p == '\0')
			break;
		if ((unsigned char)*p < 0x80) {
			/* ASCII: one table for the class and the case */
			l = 1;
			c = tk_ascii[(unsigned char)*p];
			w = (c & TK_WORD) != 0;
			c &= TK_LOWER;
		} else {
			l = tk_utf8_next(p, &c);
			w = tk_is_wordch(c);
			c = tk_fold(c);
		}
		if (w && !prev)
			rc = scan_at(sc, p, c, fn, arg);
		else if (sc->sc_nany > 0 &&
		    (any = sc->sc_any[scan_bucket(c)]) >= 0)
			rc = scan_chain(sc, any, p, c, 1, fn, arg);
		else
			continue;
		if (rc != 0)
			return rc;
	}
	return 0;
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
