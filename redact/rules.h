/* rules.h - the built-in redaction rules (internal to redact/).
 *
 * Each rule is a PCRE2 pattern (compiled caseless, UTF, UCP) with the kind
 * it removes and an optional check run on what it matched.  When the
 * pattern has a group named "s", only that group is replaced, otherwise
 * the whole match.
 */
#ifndef PD_REDACT_RULES_H
#define PD_REDACT_RULES_H

#include <stddef.h>

#include "redact/redact.h"

enum rule_check {
	RC_NONE,
	RC_CARD,		/* 13-19 digits, Luhn, not an order number */
	RC_TOKEN,		/* looks machine-made: letters and digits */
	RC_TOKEN_LONG,		/* RC_TOKEN and at least 16 characters */
	RC_MIXED		/* upper and lower case letters and digits */
};

struct rule_def {
	enum redact_kind rd_kind;
	enum rule_check	 rd_check;
	const char	*rd_stems;	/* where to try it, see rules.c */
	const char	*rd_pattern;
};

extern const struct rule_def	rules_builtin[];
extern const size_t		rules_nbuiltin;
/* A subject that names a one-time code; with it the rules whose stems
 * are "#s" are tried too. */
extern const char		rules_subject_code[];

/* Does s[0..n) pass the check c?  text/tlen is the whole text, for context. */
int	rules_check(enum rule_check c, const char *text, size_t tlen,
	    size_t s, size_t e);

/* redact_text(); with all set, every rule is tried at every offset
 * instead of only where its stems start (for tests: same result). */
char	*redact_text_mode(const struct redactor *, const char *text,
	    size_t len, struct redact_counts *, int all);

#endif
