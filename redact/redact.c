/* redact.c - the redactor: compiled rules, matching, replacement.
 *
 * redactor_new() compiles the built-in rules (rules.c) and the site rules
 * once, with the JIT when the platform has it.  redact_text() runs every
 * rule over the text, collects the spans to remove, merges overlapping
 * ones and writes the text again with "[redacted: KIND]" in their place.
 *
 * Most rules start with a label ("password", "2FA code", ...).  Trying
 * such a rule at every offset would be slow, so each one names the first
 * bytes of its labels (stems); one pass over a case-folded copy of the
 * text finds where a stem starts, and the rule, anchored with \G, is
 * tried only there.  Rules that start with digits are tried where a run
 * of digits starts; the rest (literal prefixes JIT finds fast) scan.
 * The redactor is never changed after redactor_new(), so any number of
 * threads may use it at once; match data is made per call.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "redact/redact.h"
#include "redact/rules.h"

#define RX_MATCH_LIMIT	1000000	/* per match: no runaway backtracking */
#define RX_JIT_STACK	(1024 * 1024)
#define TAB_BITS	15		/* stem table: 2^15 buckets */
#define TAB_SIZE	(1u << TAB_BITS)
#define DIGIT_BIT	((uint64_t)1 << 63)
#define MAX_STEM_RULES	63

enum trig {
	TRIG_SCAN,			/* try at every offset */
	TRIG_STEMS,			/* where one of its stems starts */
	TRIG_DIGIT			/* where a run of digits starts */
};

struct rx {
	pcre2_code	*x_code;
	enum redact_kind x_kind;
	enum rule_check	 x_check;
	unsigned	 x_group;	/* the part replaced: 0 = whole match */
	enum trig	 x_trig;
	uint64_t	 x_bit;		/* its bit in the stem table */
};

struct redactor {
	struct rx		*r_rx;
	size_t			 r_nrx;
	pcre2_match_context	*r_mctx;	/* read only: limits */
	uint64_t		*r_tab;		/* stem hash -> rule bits */
	uint64_t		 r_bigram[1024];	/* first two bytes seen */
};

/* An offset where some rules may start. */
struct cand {
	size_t		 cd_pos;
	uint64_t	 cd_mask;
};

struct span {
	size_t		 sp_start;
	size_t		 sp_end;
	size_t		 sp_rule;
	enum redact_kind sp_kind;
};

/* What one redact_text() call owns. */
struct scratch {
	pcre2_match_data	*sc_md;
	pcre2_match_context	*sc_big;	/* with a big JIT stack */
	pcre2_jit_stack		*sc_js;
	struct cand		*sc_cand;	/* sorted by offset */
	size_t			 sc_ncand;
	size_t			 sc_candcap;
};

struct spans {
	struct span	*ss_v;
	size_t		 ss_n;
	size_t		 ss_cap;
};

static const char *const kind_names[RK__MAX] = {
	"password", "otp", "recovery_code", "reset_link", "session",
	"api_key", "card", "cvv", "site"
};

/* The name of a kind as used in the replacement and in JSON. */
const char *
redact_kind_name(enum redact_kind k)
{
	if ((int)k < 0 || k >= RK__MAX)
		return "unknown";
	return kind_names[k];
}

/* How many secrets the counts hold in all. */
unsigned
redact_total(const struct redact_counts *c)
{
	unsigned	 n = 0;
	int		 i;

	if (c == NULL)
		return 0;
	for (i = 0; i < RK__MAX; i++)
		n += c->rc_n[i];
	return n;
}

/* Adds the counts b to a. */
void
redact_counts_add(struct redact_counts *a, const struct redact_counts *b)
{
	int	 i;

	if (a == NULL || b == NULL)
		return;
	for (i = 0; i < RK__MAX; i++)
		a->rc_n[i] += b->rc_n[i];
}

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
		out[i] = c;
		if (c >= 'A' && c <= 'Z') {
			out[i] = c + 32;
			continue;
		}
		if (c < 0xC3 || i + 1 >= n)
			continue;
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

	return (uint32_t)(k * 2654435761u) >> (32 - TAB_BITS);
}

static void stems_add(struct redactor *, const char *, uint64_t);

/* A stem with an accented letter also starts as "c&o" or "c&#". */
static void
stem_ent_add(struct redactor *r, const char *p, size_t n, uint64_t bit)
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
		stems_add(r, v, bit);
		snprintf(v + i, sizeof(v) - i, "&#");
		stems_add(r, v, bit);
		return;
	}
}

/* Enters the stems of a rule (space-separated) into the tables. */
static void
stems_add(struct redactor *r, const char *stems, uint64_t bit)
{
	uint64_t	*tab = r->r_tab;
	unsigned char	 f[4];
	const char	*p = stems, *q;
	size_t		 n;
	unsigned	 c;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		stem_ent_add(r, p, (size_t)(q - p), bit);
		n = (size_t)(q - p) > 3 ? 3 : (size_t)(q - p);
		if (n >= 2) {		/* one-byte stems are not supported */
			memset(f, 0, sizeof(f));
			fold((const unsigned char *)p, f, n);
			r->r_bigram[(f[0] << 2) | (f[1] >> 6)] |=
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
static char *
ent_expand(const char *pat)
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

/* Compiles one pattern into rx; fills err and returns -1 on failure. */
static int
rx_compile(struct rx *x, const char *pat, size_t patlen, uint32_t opts,
    const char *what, char *err, size_t errlen)
{
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 off;
	int		 ec, n;
	uint32_t	 ncap;

	char		*anch = NULL;

	if (x->x_trig != TRIG_SCAN) {
		/* Tried only at chosen offsets: anchor it there. */
		anch = xasprintf("\\G(?:%.*s)", (int)patlen, pat);
		pat = anch;
		patlen = strlen(anch);
		/* No look-ahead for a required character: that search may
		 * run far past the offset on every try. */
		opts |= PCRE2_NO_START_OPTIMIZE;
	}
	x->x_code = pcre2_compile((PCRE2_SPTR)pat, patlen,
	    opts | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	free(anch);
	if (x->x_code == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(err, errlen, "%s: %s at offset %zu", what,
		    (char *)msg, (size_t)off);
		return -1;
	}
	/* No JIT (an unusual platform) still works, only slower. */
	(void)pcre2_jit_compile(x->x_code, PCRE2_JIT_COMPLETE);
	n = pcre2_substring_number_from_name(x->x_code, (PCRE2_SPTR)"s");
	if (n > 0)
		x->x_group = (unsigned)n;
	else {
		pcre2_pattern_info(x->x_code, PCRE2_INFO_CAPTURECOUNT, &ncap);
		x->x_group = ncap > 0 ? 1 : 0;
	}
	return 0;
}

/* Looks up a kind by name; -1 when unknown. */
static int
kind_from_name(const char *s, size_t n)
{
	int	 i;

	for (i = 0; i < RK__MAX; i++)
		if (strlen(kind_names[i]) == n &&
		    strncmp(kind_names[i], s, n) == 0)
			return i;
	return -1;
}

/* Compiles a site rule "KIND REGEX" into x. */
static int
site_rule(struct rx *x, const char *rule, size_t idx, char *err,
    size_t errlen)
{
	const char	*p = rule, *k;
	char		 what[64];
	int		 kind;

	snprintf(what, sizeof(what), "redact rule %zu", idx + 1);
	while (*p == ' ' || *p == '\t')
		p++;
	k = p;
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	kind = kind_from_name(k, (size_t)(p - k));
	if (kind < 0) {
		snprintf(err, errlen, "%s: unknown kind \"%.*s\" (want one of "
		    "password, otp, recovery_code, reset_link, session, "
		    "api_key, card, cvv, site)", what, (int)(p - k), k);
		return -1;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0') {
		snprintf(err, errlen, "%s: \"KIND REGEX\" wanted, the regex "
		    "is missing", what);
		return -1;
	}
	x->x_kind = (enum redact_kind)kind;
	x->x_check = RC_NONE;
	return rx_compile(x, p, strlen(p), 0, what, err, errlen);
}

/* Decides where a built-in rule is tried, from its stems. */
static void
rule_trigger(struct redactor *r, struct rx *x, const char *stems,
    unsigned *nstem)
{
	x->x_trig = TRIG_SCAN;
	if (stems == NULL || *stems == '\0')
		return;
	if (strcmp(stems, "#d") == 0) {
		x->x_trig = TRIG_DIGIT;
		x->x_bit = DIGIT_BIT;
		return;
	}
	if (*nstem >= MAX_STEM_RULES)
		return;
	x->x_trig = TRIG_STEMS;
	x->x_bit = (uint64_t)1 << (*nstem)++;
	stems_add(r, stems, x->x_bit);
}

/* Builds a redactor from the built-in rules and the site rules. */
struct redactor *
redactor_new(const char *const *rules, size_t nrules, char *err,
    size_t errlen)
{
	struct redactor	*r;
	char		 what[64], *pat;
	size_t		 i;
	unsigned	 nstem = 0;
	int		 rc;

	if (errlen > 0)
		err[0] = '\0';
	if (rules == NULL)
		nrules = 0;
	r = xcalloc(1, sizeof(*r));
	r->r_tab = xcalloc(TAB_SIZE, sizeof(*r->r_tab));
	r->r_rx = xcalloc(rules_nbuiltin + nrules, sizeof(*r->r_rx));
	for (i = 0; i < rules_nbuiltin; i++) {
		struct rx *x = &r->r_rx[r->r_nrx];

		snprintf(what, sizeof(what), "built-in redact rule %zu", i);
		x->x_kind = rules_builtin[i].rd_kind;
		x->x_check = rules_builtin[i].rd_check;
		rule_trigger(r, x, rules_builtin[i].rd_stems, &nstem);
		pat = ent_expand(rules_builtin[i].rd_pattern);
		rc = rx_compile(x, pat, strlen(pat),
		    PCRE2_CASELESS | PCRE2_UCP, what, err, errlen);
		free(pat);
		if (rc < 0)
			goto fail;
		r->r_nrx++;
	}
	for (i = 0; i < nrules; i++) {
		if (site_rule(&r->r_rx[r->r_nrx], rules[i], i, err,
		    errlen) < 0)
			goto fail;
		r->r_nrx++;
	}
	r->r_mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(r->r_mctx, RX_MATCH_LIMIT);
	return r;
fail:
	redactor_free(r);
	return NULL;
}

/* Frees a redactor; NULL is fine. */
void
redactor_free(struct redactor *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->r_nrx; i++)
		pcre2_code_free(r->r_rx[i].x_code);
	free(r->r_rx);
	pcre2_match_context_free(r->r_mctx);
	free(r->r_tab);
	free(r);
}

/* Remembers one span to remove. */
static void
spans_add(struct spans *ss, size_t s, size_t e, size_t rule,
    enum redact_kind k)
{
	if (ss->ss_n == ss->ss_cap) {
		ss->ss_cap = ss->ss_cap ? ss->ss_cap * 2 : 16;
		ss->ss_v = xreallocarray(ss->ss_v, ss->ss_cap,
		    sizeof(*ss->ss_v));
	}
	ss->ss_v[ss->ss_n].sp_start = s;
	ss->ss_v[ss->ss_n].sp_end = e;
	ss->ss_v[ss->ss_n].sp_rule = rule;
	ss->ss_v[ss->ss_n].sp_kind = k;
	ss->ss_n++;
}

/* Drops closing punctuation a secret rarely ends with ("hunter2."). */
static size_t
trim_end(const char *t, size_t s, size_t e)
{
	while (e > s + 1 && strchr(".,;:!?)]}\"'", t[e - 1]) != NULL)
		e--;
	return e;
}

/* The offset of the next character after off (UTF-8 aware). */
static size_t
next_char(const char *t, size_t len, size_t off)
{
	off++;
	while (off < len && ((unsigned char)t[off] & 0xC0) == 0x80)
		off++;
	return off;
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
static char *
utf8_sanitize(const char *t, size_t len)
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

/* Tries rule ri once from off; returns where the next try may start,
 * or (size_t)-1 when it did not match. */
static size_t
rx_try(const struct redactor *r, size_t ri, const char *t, size_t len,
    size_t off, struct scratch *sc, struct spans *ss)
{
	const struct rx	*x = &r->r_rx[ri];
	PCRE2_SIZE	*ov;
	size_t		 s, e;
	int		 rc;

	for (;;) {
		rc = pcre2_match(x->x_code, (PCRE2_SPTR)t, len, off,
		    PCRE2_NO_UTF_CHECK, sc->sc_md,
		    sc->sc_big ? sc->sc_big : r->r_mctx);
		if (rc != PCRE2_ERROR_JIT_STACKLIMIT || sc->sc_big != NULL)
			break;
		/* Rare: a deep match; retry with a big stack. */
		sc->sc_big = pcre2_match_context_copy(r->r_mctx);
		sc->sc_js = pcre2_jit_stack_create(32 * 1024, RX_JIT_STACK,
		    NULL);
		pcre2_jit_stack_assign(sc->sc_big, NULL, sc->sc_js);
	}
	if (rc < 0)
		return (size_t)-1;
	ov = pcre2_get_ovector_pointer(sc->sc_md);
	s = ov[2 * x->x_group];
	e = ov[2 * x->x_group + 1];
	if (s != PCRE2_UNSET && e > s) {
		if (x->x_kind != RK_SITE)
			e = trim_end(t, s, e);
		if (rules_check(x->x_check, t, len, s, e))
			spans_add(ss, s, e, ri, x->x_kind);
	}
	return ov[1] > ov[0] ? ov[1] : next_char(t, len, ov[0]);
}

/* Runs one rule over the text (or its candidate offsets), adds spans. */
static void
rx_scan(const struct redactor *r, size_t ri, const char *t, size_t len,
    struct scratch *sc, struct spans *ss)
{
	const struct rx	*x = &r->r_rx[ri];
	size_t		 off = 0, next, i;

	if (x->x_trig == TRIG_SCAN) {
		while (off <= len && (off = rx_try(r, ri, t, len, off, sc,
		    ss)) != (size_t)-1)
			;
		return;
	}
	for (i = 0; i < sc->sc_ncand; i++) {
		if ((sc->sc_cand[i].cd_mask & x->x_bit) == 0 ||
		    sc->sc_cand[i].cd_pos < off)
			continue;
		next = rx_try(r, ri, t, len, sc->sc_cand[i].cd_pos, sc, ss);
		if (next != (size_t)-1)
			off = next;
	}
}

/* Is c an ASCII letter, digit or '_'? */
static int
is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	    (c >= 'A' && c <= 'Z');
}

/* Remembers an offset where the rules in mask may start. */
static void
cand_add(struct scratch *sc, size_t pos, uint64_t mask)
{
	if (sc->sc_ncand == sc->sc_candcap) {
		sc->sc_candcap = sc->sc_candcap ? sc->sc_candcap * 2 : 256;
		sc->sc_cand = xreallocarray(sc->sc_cand, sc->sc_candcap,
		    sizeof(*sc->sc_cand));
	}
	sc->sc_cand[sc->sc_ncand].cd_pos = pos;
	sc->sc_cand[sc->sc_ncand].cd_mask = mask;
	sc->sc_ncand++;
}

/* Finds the offsets where a stem or a run of digits starts; with all,
 * every character start (the slow reference used by the tests). */
static void
cands_find(const struct redactor *r, const char *t, size_t len, int all,
    struct scratch *sc)
{
	unsigned char	*f;
	size_t		 i;
	uint64_t	 m;

	f = xmalloc(len + 3);
	fold((const unsigned char *)t, f, len);
	f[len] = f[len + 1] = f[len + 2] = 0;
	for (i = 0; i < len; i++) {
		if (all) {
			if ((f[i] & 0xC0) != 0x80)
				cand_add(sc, i, ~(uint64_t)0);
			continue;
		}
		/* Labels start a word: skip the inside of ASCII words. */
		if (i > 0 && is_word(f[i]) && is_word(f[i - 1]))
			continue;
		m = 0;
		if (f[i] >= '0' && f[i] <= '9')
			m = DIGIT_BIT;
		if (r->r_bigram[(f[i] << 2) | (f[i + 1] >> 6)] &
		    ((uint64_t)1 << (f[i + 1] & 63)))
			m |= r->r_tab[hash3(f[i], f[i + 1], f[i + 2])];
		if (m != 0)
			cand_add(sc, i, m);
	}
	free(f);
}

/* Orders spans by start, then by rule. */
static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->sp_start != y->sp_start)
		return x->sp_start < y->sp_start ? -1 : 1;
	if (x->sp_rule != y->sp_rule)
		return x->sp_rule < y->sp_rule ? -1 : 1;
	return 0;
}

/* Writes the text with the (sorted) spans replaced; merges overlaps. */
static char *
rewrite(const char *t, size_t len, struct spans *ss,
    struct redact_counts *counts)
{
	struct buf	 b = BUF_INIT;
	size_t		 i, pos = 0, s, e;
	enum redact_kind k;

	qsort(ss->ss_v, ss->ss_n, sizeof(*ss->ss_v), span_cmp);
	for (i = 0; i < ss->ss_n; ) {
		s = ss->ss_v[i].sp_start;
		e = ss->ss_v[i].sp_end;
		k = ss->ss_v[i].sp_kind;
		for (i++; i < ss->ss_n && ss->ss_v[i].sp_start < e; i++)
			if (ss->ss_v[i].sp_end > e)
				e = ss->ss_v[i].sp_end;
		buf_add(&b, t + pos, s - pos);
		buf_addf(&b, "[redacted: %s]", redact_kind_name(k));
		if (counts != NULL)
			counts->rc_n[k]++;
		pos = e;
	}
	buf_add(&b, t + pos, len - pos);
	return buf_steal(&b);
}

/* redact_text(), or with all set every rule tried at every offset. */
char *
redact_text_mode(const struct redactor *r, const char *text, size_t len,
    struct redact_counts *counts, int all)
{
	struct spans	 ss = { NULL, 0, 0 };
	struct scratch	 sc;
	char		*out = NULL, *clean;
	const char	*t;
	size_t		 i;

	if (r == NULL || text == NULL || len == 0)
		return NULL;
	memset(&sc, 0, sizeof(sc));
	/* Rules see valid UTF-8; the output keeps the original bytes. */
	clean = utf8_sanitize(text, len);
	t = clean ? clean : text;
	sc.sc_md = pcre2_match_data_create(32, NULL);
	cands_find(r, t, len, all, &sc);
	for (i = 0; i < r->r_nrx; i++)
		rx_scan(r, i, t, len, &sc, &ss);
	free(clean);
	free(sc.sc_cand);
	pcre2_match_data_free(sc.sc_md);
	pcre2_match_context_free(sc.sc_big);	/* NULL is fine */
	pcre2_jit_stack_free(sc.sc_js);
	if (ss.ss_n > 0)
		out = rewrite(text, len, &ss, counts);
	free(ss.ss_v);
	return out;
}

/* Removes the secrets from text; NULL when there is nothing to remove. */
char *
redact_text(const struct redactor *r, const char *text, size_t len,
    struct redact_counts *counts)
{
	return redact_text_mode(r, text, len, counts, 0);
}
