/* stems.c - where rules may start, and text made fit for matching.
 *
 * A rule that starts with a label is tried only where one of its stems
 * (the first two or three bytes of a label, case-folded) starts a word;
 * one pass over a folded copy of the text finds those offsets.  Also here:
 * the HTML-entity spelling of accented letters in built-in patterns, and
 * invalid UTF-8 made harmless for PCRE2.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "redact/stems.h"

/* Latin-1 letters that HTML often writes as entities. */
static const struct ent {
	const char	*e_utf8;
	const char	*e_name;
	int		 e_code;
} ents[] = {
	{ "à", "agrave", 224 }, { "á", "aacute", 225 }, { "â", "acirc", 226 },
	{ "ã", "atilde", 227 }, { "ä", "auml", 228 }, { "å", "aring", 229 },
	{ "ç", "ccedil", 231 }, { "è", "egrave", 232 }, { "é", "eacute", 233 },
	{ "ê", "ecirc", 234 }, { "ë", "euml", 235 }, { "í", "iacute", 237 },
	{ "î", "icirc", 238 }, { "ï", "iuml", 239 }, { "ñ", "ntilde", 241 },
	{ "ò", "ograve", 242 }, { "ó", "oacute", 243 }, { "ô", "ocirc", 244 },
	{ "õ", "otilde", 245 }, { "ö", "ouml", 246 }, { "ù", "ugrave", 249 },
	{ "ú", "uacute", 250 }, { "û", "ucirc", 251 }, { "ü", "uuml", 252 },
	{ "ß", "szlig", 223 }, { NULL, NULL, 0 }
};

/* The entity entry for the letter at p, or NULL. */
static const struct ent *
ent_at(const char *p)
{
	const struct ent *e;

	for (e = ents; e->e_utf8 != NULL; e++)
		if (strncmp(p, e->e_utf8, 2) == 0)
			return e;
	return NULL;
}

/* Copies n bytes of UTF-8 with upper case made lower where that keeps
 * the length: ASCII, Latin-1, Greek, Cyrillic and a few others. */
static void
fold(const unsigned char *in, unsigned char *out, size_t n)
{
	size_t	 i;
	unsigned char c, d;

	for (i = 0; i < n; i++) {
		c = in[i];
		if (c < 0xC3 || i + 1 >= n) {
			out[i] = c + (((unsigned)c - 'A' < 26u) << 5);
			continue;
		}
		out[i] = c;
		d = in[i + 1];
		if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97)
			d += 0x20;
		else if ((c == 0xC4 || c == 0xC5) && d >= 0x80 && d <= 0xB7 &&
		    (d & 1) == 0 && !(c == 0xC4 && d == 0xB0))
			d += 1;			/* Ā..ŷ pairs: Ş Ğ Ś ... */
		else if (c == 0xC5 && d >= 0x81 && d <= 0x88 && (d & 1))
			d += 1;			/* Ł Ń ... */
		else if (c == 0xCE && d >= 0x91 && d <= 0x9F)
			d += 0x20;
		else if (c == 0xCE && d >= 0xA0 && d <= 0xAB) {
			c = 0xCF;
			d -= 0x20;
		} else if (c == 0xD0 && d >= 0x90 && d <= 0x9F)
			d += 0x20;
		else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) {
			c = 0xD1;
			d -= 0x20;
		} else if (c == 0xD0 && d >= 0x80 && d <= 0x8F) {
			c = 0xD1;
			d += 0x10;
		}
		out[i] = c;
		out[i + 1] = d;
		i++;
	}
}

/* Bucket of a three-byte stem (multiplicative hashing). */
static unsigned
hash3(unsigned a, unsigned b, unsigned c)
{
	uint32_t	 k = (a << 16) | (b << 8) | c;

	return (uint32_t)(k * 2654435761u) >> (32 - STEM_TAB_BITS);
}

/* A stem with an accented letter also starts as "c&o" or "c&#". */
static void
stem_ent_add(struct stems *st, const char *p, size_t n, uint64_t bit)
{
	const struct ent *e;
	char		 v[8];
	size_t		 i;

	for (i = 0; i + 1 < n && i < 3; i++) {
		if ((e = ent_at(p + i)) == NULL)
			continue;
		if (i == 0)
			return;		/* not used by any stem */
		memcpy(v, p, i);
		snprintf(v + i, sizeof(v) - i, "&%c", e->e_name[0]);
		stems_add(st, v, bit);
		snprintf(v + i, sizeof(v) - i, "&#");
		stems_add(st, v, bit);
		return;
	}
}

/* Enters the stems of a rule (space-separated) into the tables. */
void
stems_add(struct stems *st, const char *stems, uint64_t bit)
{
	uint64_t	*tab = st->st_tab;
	unsigned char	 f[4];
	const char	*p = stems, *q;
	size_t		 n;
	unsigned	 c;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		stem_ent_add(st, p, (size_t)(q - p), bit);
		n = (size_t)(q - p) > 3 ? 3 : (size_t)(q - p);
		if (n >= 2) {		/* one-byte stems are not supported */
			memset(f, 0, sizeof(f));
			fold((const unsigned char *)p, f, n);
			st->st_bigram[(f[0] << 2) | (f[1] >> 6)] |=
			    (uint64_t)1 << (f[1] & 63);
			if (n == 3)
				tab[hash3(f[0], f[1], f[2])] |= bit;
			else
				for (c = 0; c < 256; c++)	/* "pw", "xs" */
					tab[hash3(f[0], f[1], c)] |= bit;
		}
		p = q;
	}
}

/* A built-in pattern with each accented letter outside a class also
 * matching its HTML entities: "ñ" -> "(?:ñ|&ntilde;|&#241;|&#xf1;)". */
char *
stems_ent_expand(const char *pat)
{
	struct buf	 b = BUF_INIT;
	const struct ent *e;
	const char	*p;
	int		 cls = 0;

	for (p = pat; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			buf_add(&b, p, 2);
			p++;
			continue;
		}
		if (!cls && *p == '[') {
			cls = 1;
			buf_addc(&b, *p);
			if (p[1] == '^')
				buf_addc(&b, *++p);
			if (p[1] == ']')
				buf_addc(&b, *++p);
			continue;
		}
		if (cls && *p == ']')
			cls = 0;
		if (!cls && (e = ent_at(p)) != NULL) {
			buf_addf(&b, "(?:%s|&%s;|&#%d;|&#x%x;)", e->e_utf8,
			    e->e_name, e->e_code, (unsigned)e->e_code);
			p++;
			continue;
		}
		buf_addc(&b, *p);
	}
	return buf_steal(&b);
}

/* Length of the well-formed UTF-8 sequence at t[i], 0 when ill-formed. */
static size_t
utf8_len(const unsigned char *t, size_t len, size_t i)
{
	unsigned char	 c = t[i];
	size_t		 n, k;
	unsigned	 lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;		/* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (i + n > len)
		return 0;
	for (k = 1; k < n; k++) {
		if (t[i + k] < lo || t[i + k] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	return n;
}

/* NULL when t is valid UTF-8, else a copy with each bad byte made '?'
 * (same length, so offsets into it are offsets into t). */
char *
stems_utf8_clean(const char *t, size_t len)
{
	const unsigned char *u = (const unsigned char *)t;
	char		*c = NULL;
	size_t		 i = 0, n;

	while (i < len) {
		if ((n = utf8_len(u, len, i)) > 0) {
			i += n;
			continue;
		}
		if (c == NULL) {
			c = xmalloc(len + 1);
			memcpy(c, t, len);
			c[len] = '\0';
		}
		c[i++] = '?';
	}
	return c;
}

/* Is c an ASCII letter, digit or '_'? */
static int
is_word(unsigned char c)
{
	return (unsigned)(c | 0x20) - 'a' < 26u || (unsigned)c - '0' < 10u ||
	    c == '_';
}

/* Remembers an offset where the rules in mask may start. */
static void
cand_add(struct cands *cs, size_t pos, uint64_t mask)
{
	if (cs->cs_n == cs->cs_cap) {
		cs->cs_cap = cs->cs_cap ? cs->cs_cap * 2 : 256;
		cs->cs_v = xreallocarray(cs->cs_v, cs->cs_cap,
		    sizeof(*cs->cs_v));
	}
	cs->cs_v[cs->cs_n].cd_pos = pos;
	cs->cs_v[cs->cs_n].cd_mask = mask;
	cs->cs_n++;
}

/* Is c (folded) part of a run that may be a token? */
static int
is_tok(unsigned char c)
{
	return (unsigned)c - 'a' < 26u || (unsigned)c - '0' < 10u ||
	    c == '_' || c == '-';
}

/* Remembers where a run of token characters of the right length
 * started. */
static void
long_add(struct cands *cs, size_t start, size_t run)
{
	if (run >= STEM_LONG_MIN && run <= STEM_LONG_MAX)
		cand_add(cs, start, STEM_LONG);
}

/* The digit bits for a run of digits starting at f[i]. */
static uint64_t
digit_bits(const unsigned char *f, size_t i)
{
	size_t	 n = 0;

	while ((unsigned)f[i + n] - '0' < 10u)
		n++;
	if (n >= 4)
		return STEM_DIGIT | STEM_DIGIT4 | STEM_GROUP;
	if ((f[i + n] == ' ' || f[i + n] == '-') &&
	    (unsigned)f[i + n + 1] - '0' < 10u)
		return STEM_DIGIT | STEM_GROUP;
	return STEM_DIGIT;
}

/* Finds the offsets where a stem or a run of digits starts; with all,
 * every character start (the slow reference used by the tests). */
void
stems_find(const struct stems *st, const char *t, size_t len, int all,
    struct cands *cs)
{
	unsigned char	*f, c;
	size_t		 i, run = 0, rs = 0;
	uint64_t	 m;
	int		 w, pw = 0;

	f = xmalloc(len + 3);
	fold((const unsigned char *)t, f, len);
	f[len] = f[len + 1] = f[len + 2] = 0;
	for (i = 0; i < len; i++) {
		c = f[i];
		if (all) {
			if ((c & 0xC0) != 0x80)
				cand_add(cs, i, ~(uint64_t)0);
			continue;
		}
		if (is_tok(c)) {
			if (run++ == 0)
				rs = i;
		} else {
			long_add(cs, rs, run);
			run = 0;
		}
		/* Labels start a word: skip the inside of ASCII words. */
		w = is_word(c);
		if (w && pw)
			continue;
		pw = w;
		m = (unsigned)c - '0' < 10u ? digit_bits(f, i) : 0;
		if (st->st_bigram[(c << 2) | (f[i + 1] >> 6)] &
		    ((uint64_t)1 << (f[i + 1] & 63)))
			m |= st->st_tab[hash3(c, f[i + 1], f[i + 2])];
		if (m != 0)
			cand_add(cs, i, m);
	}
	if (!all)
		long_add(cs, rs, run);
	explicit_bzero(f, len);		/* it holds the text */
	free(f);
}

/* Makes the empty tables. */
void
stems_init(struct stems *st)
{
	memset(st, 0, sizeof(*st));
	st->st_tab = xcalloc(STEM_TAB_SIZE, sizeof(*st->st_tab));
}

/* Frees the tables. */
void
stems_free(struct stems *st)
{
	free(st->st_tab);
	st->st_tab = NULL;
}
