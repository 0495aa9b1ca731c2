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
 * text (stems.c) finds where a stem starts, and the rule, anchored with
 * \G, is tried only there.  Rules that start with digits are tried where
 * a run of digits of the right shape starts, the rule for long random
 * tokens where a long enough run starts; one pass over those offsets
 * tries each rule whose bit is set there.  The rest (literal prefixes
 * JIT finds fast) scan.
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
#include "redact/stems.h"

#define RX_MATCH_LIMIT	1000000	/* per match: no runaway backtracking */
#define RX_JIT_STACK	(1024 * 1024)
#define RX_MAX_FAILS	10	/* limit errors before a rule gives up */
#define RX_NONE		((size_t)-1)
#define RX_FAIL		((size_t)-2)

enum trig {
	TRIG_SCAN,			/* try at every offset */
	TRIG_STEMS,			/* where one of its stems starts */
	TRIG_DIGIT,			/* where digits or a long run start */
	TRIG_SUBJ			/* everywhere, under a code subject */
};

struct rx {
	pcre2_code	*x_code;
	enum redact_kind x_kind;
	enum rule_check	 x_check;
	unsigned	 x_group;	/* the part replaced: 0 = whole match */
	enum trig	 x_trig;
	uint64_t	 x_bit;		/* its bit in the stem table */
};

/* The rules one stem bit stands for (STEM_DIGIT: all that start at
 * digits). */
struct bitrules {
	size_t			*br_v;
	size_t			 br_n;
};

struct redactor {
	struct rx		*r_rx;
	size_t			 r_nrx;
	struct bitrules		 r_bit[64];
	pcre2_code		*r_subj;	/* rules_subject_code */
	pcre2_match_context	*r_mctx;	/* read only: limits */
	struct stems		 r_stems;
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
	struct cands		 sc_cands;
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

/* What to do about a secret of kind k once it was sent. */
enum redact_advice
redact_kind_advice(enum redact_kind k)
{
	static const enum redact_advice advice[RK__MAX] = {
		[RK_PASSWORD] = RA_PASSWORD, [RK_OTP] = RA_CODE,
		[RK_RECOVERY] = RA_RECOVERY, [RK_RESET_LINK] = RA_ACCESS,
		[RK_SESSION] = RA_ACCESS, [RK_API_KEY] = RA_ACCESS,
		[RK_CARD] = RA_CARD, [RK_CVV] = RA_CARD, [RK_SITE] = RA_OTHER,
	};

	if ((int)k < 0 || k >= RK__MAX)
		return RA_OTHER;
	return advice[k];
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
	if (strcmp(stems, "#s") == 0) {
		x->x_trig = TRIG_SUBJ;
		return;
	}
	if (stems[0] == '#') {		/* "#d", "#4", "#g" or "#t" */
		x->x_trig = TRIG_DIGIT;
		x->x_bit = stems[1] == '4' ? STEM_DIGIT4 : stems[1] == 'g' ?
		    STEM_GROUP : stems[1] == 't' ? STEM_LONG : STEM_DIGIT;
		return;
	}
	if (*nstem >= STEM_MAX_RULES)
		return;
	x->x_trig = TRIG_STEMS;
	x->x_bit = (uint64_t)1 << (*nstem)++;
	stems_add(&r->r_stems, stems, x->x_bit);
}

/* Enters rule ri under its stem bit. */
static void
bit_add(struct redactor *r, uint64_t bit, size_t ri)
{
	struct bitrules	*b;
	int		 k = 0;

	while (k < 63 && (bit >> k) != 1)
		k++;
	b = &r->r_bit[k];
	b->br_v = xreallocarray(b->br_v, b->br_n + 1, sizeof(*b->br_v));
	b->br_v[b->br_n++] = ri;
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
	PCRE2_SIZE	 erroff;

	if (errlen > 0)
		err[0] = '\0';
	if (rules == NULL)
		nrules = 0;
	r = xcalloc(1, sizeof(*r));
	stems_init(&r->r_stems);
	r->r_rx = xcalloc(rules_nbuiltin + nrules, sizeof(*r->r_rx));
	for (i = 0; i < rules_nbuiltin; i++) {
		struct rx *x = &r->r_rx[r->r_nrx];

		snprintf(what, sizeof(what), "built-in redact rule %zu", i);
		x->x_kind = rules_builtin[i].rd_kind;
		x->x_check = rules_builtin[i].rd_check;
		rule_trigger(r, x, rules_builtin[i].rd_stems, &nstem);
		pat = stems_ent_expand(rules_builtin[i].rd_pattern);
		rc = rx_compile(x, pat, strlen(pat),
		    PCRE2_CASELESS | PCRE2_UCP, what, err, errlen);
		free(pat);
		if (rc < 0)
			goto fail;
		if (x->x_trig != TRIG_SCAN)
			bit_add(r, x->x_bit, r->r_nrx);
		r->r_nrx++;
	}
	for (i = 0; i < nrules; i++) {
		if (site_rule(&r->r_rx[r->r_nrx], rules[i], i, err,
		    errlen) < 0)
			goto fail;
		r->r_nrx++;
	}
	pat = stems_ent_expand(rules_subject_code);
	r->r_subj = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_CASELESS | PCRE2_UCP | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
	    &rc, &erroff, NULL);
	free(pat);
	if (r->r_subj == NULL) {
		snprintf(err, errlen, "built-in subject rule: error %d at "
		    "offset %zu", rc, (size_t)erroff);
		goto fail;
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
	for (i = 0; i < 64; i++)
		free(r->r_bit[i].br_v);
	pcre2_code_free(r->r_subj);
	free(r->r_rx);
	pcre2_match_context_free(r->r_mctx);
	stems_free(&r->r_stems);
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

/* Drops closing punctuation a secret rarely ends with ("hunter2."); a
 * password keeps a final '!' or '?', which is as often its own. */
static size_t
trim_end(const char *t, size_t s, size_t e, enum redact_kind k)
{
	const char *trail = k == RK_PASSWORD ? ".,;:)]}\"'" : ".,;:!?)]}\"'";

	while (e > s + 1 && strchr(trail, t[e - 1]) != NULL)
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

/* Tries rule ri once from off; returns where the next try may start,
 * RX_NONE when it did not match, RX_FAIL when PCRE2 gave up (a limit). */
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
	if (rc == PCRE2_ERROR_NOMATCH)
		return RX_NONE;
	if (rc < 0)
		return RX_FAIL;
	ov = pcre2_get_ovector_pointer(sc->sc_md);
	s = ov[2 * x->x_group];
	e = ov[2 * x->x_group + 1];
	if (s != PCRE2_UNSET && e > s) {
		if (x->x_kind != RK_SITE)
			e = trim_end(t, s, e, x->x_kind);
		if (rules_check(x->x_check, t, len, s, e))
			spans_add(ss, s, e, ri, x->x_kind);
	}
	return ov[1] > ov[0] ? ov[1] : next_char(t, len, ov[0]);
}

/* Runs a rule tried at every offset over the text, adds spans. */
static void
rx_scan(const struct redactor *r, size_t ri, const char *t, size_t len,
    struct scratch *sc, struct spans *ss)
{
	size_t		 off = 0, next;
	int		 fails = 0;

	while (off <= len) {
		next = rx_try(r, ri, t, len, off, sc, ss);
		if (next == RX_NONE)
			break;
		if (next == RX_FAIL) {
			/* Past a pathological spot, but not forever. */
			if (++fails > RX_MAX_FAILS)
				break;
			next = next_char(t, len, off);
		}
		off = next;
	}
}

/* One pass over the candidate offsets: each rule of each bit set there
 * is tried, unless its last match reaches past the offset. */
static void
rx_cands(const struct redactor *r, const char *t, size_t len,
    struct scratch *sc, struct spans *ss)
{
	const struct bitrules *b;
	size_t		*after, i, k, ri, next;
	uint64_t	 m;

	after = xcalloc(r->r_nrx + 1, sizeof(*after));
	for (i = 0; i < sc->sc_cands.cs_n; i++) {
		const struct cand *c = &sc->sc_cands.cs_v[i];

		for (m = c->cd_mask; m != 0; m &= m - 1) {
			b = &r->r_bit[__builtin_ctzll(m)];
			for (k = 0; k < b->br_n; k++) {
				ri = b->br_v[k];
				if (c->cd_pos < after[ri])
					continue;
				next = rx_try(r, ri, t, len, c->cd_pos, sc, ss);
				if (next != RX_NONE && next != RX_FAIL)
					after[ri] = next;
			}
		}
	}
	free(after);
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

/* Does the subject name a one-time code and hold no number? */
static int
subject_names_code(const struct redactor *r, const char *s)
{
	pcre2_match_data *md;
	size_t		 i, run = 0;
	int		 rc;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((run = s[i] >= '0' && s[i] <= '9' ? run + 1 : 0) >= 4)
			return 0;
	md = pcre2_match_data_create(1, NULL);
	rc = pcre2_match(r->r_subj, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0,
	    0, md, r->r_mctx);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* The work of redact_text(): with all, every rule at every offset; with
 * subj, the rules for a text under a code subject too. */
static char *
redact_run(const struct redactor *r, const char *text, size_t len,
    struct redact_counts *counts, int all, int subj)
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
	clean = stems_utf8_clean(text, len);
	t = clean ? clean : text;
	sc.sc_md = pcre2_match_data_create(32, NULL);
	stems_find(&r->r_stems, t, len, all, &sc.sc_cands);
	rx_cands(r, t, len, &sc, &ss);
	for (i = 0; i < r->r_nrx; i++)
		if (r->r_rx[i].x_trig == TRIG_SCAN ||
		    (subj && r->r_rx[i].x_trig == TRIG_SUBJ))
			rx_scan(r, i, t, len, &sc, &ss);
	if (clean != NULL)
		explicit_bzero(clean, len);
	free(clean);
	free(sc.sc_cands.cs_v);
	pcre2_match_data_free(sc.sc_md);
	pcre2_match_context_free(sc.sc_big);	/* NULL is fine */
	pcre2_jit_stack_free(sc.sc_js);
	if (ss.ss_n > 0)
		out = rewrite(text, len, &ss, counts);
	free(ss.ss_v);
	return out;
}

/* redact_text(), or with all set every rule tried at every offset. */
char *
redact_text_mode(const struct redactor *r, const char *text, size_t len,
    struct redact_counts *counts, int all)
{
	return redact_run(r, text, len, counts, all, 0);
}

/* Removes the secrets from text; NULL when there is nothing to remove. */
char *
redact_text(const struct redactor *r, const char *text, size_t len,
    struct redact_counts *counts)
{
	return redact_run(r, text, len, counts, 0, 0);
}

/* redact_text() for a text of a mail whose subject may name a code. */
char *
redact_text_subj(const struct redactor *r, const char *text, size_t len,
    const char *subject, struct redact_counts *counts)
{
	if (r == NULL)
		return NULL;
	return redact_run(r, text, len, counts, 0,
	    subject_names_code(r, subject));
}
