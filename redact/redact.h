/* redact.h - secrets out of text (PCRE2 with JIT inside).
 *
 * The only module that knows PCRE2.  A redactor holds the compiled rules
 * (built-in plus site rules); it is immutable once built and shared by all
 * threads; each call uses its own match data.  A secret is replaced by
 * "[redacted: KIND]"; what support needs (order IDs, amounts, dates, public
 * links, e-mail addresses, phone numbers, ticket numbers, the words
 * "password" or "2FA" themselves) stays.
 */
#ifndef PD_REDACT_H
#define PD_REDACT_H

#include <stddef.h>

#include "common/buf.h"

enum redact_kind {
	RK_PASSWORD,
	RK_OTP,
	RK_RECOVERY,
	RK_RESET_LINK,
	RK_SESSION,
	RK_API_KEY,
	RK_CARD,
	RK_CVV,
	RK_SITE,		/* a site rule from the config */
	RK__MAX
};

struct redact_counts {
	unsigned	rc_n[RK__MAX];
};

struct redactor;

/* rules: "KIND REGEX" strings from the config (redact_rule), may be NULL.
 * KIND is a name of redact_kind_name(); REGEX is PCRE2 over UTF-8, case
 * sensitive unless it says (?i); with a capturing group only group 1 is
 * replaced, else the whole match.
 * Returns NULL and fills err when a rule does not compile ("redact rule
 * N: ..."). */
struct redactor	*redactor_new(const char *const *rules, size_t nrules,
		    char *err, size_t errlen);
void		 redactor_free(struct redactor *);	/* NULL is fine */

/* Returns a new malloc'd string when something was replaced, else NULL;
 * adds what it removed to counts (which may be NULL). */
char		*redact_text(const struct redactor *, const char *text,
		    size_t len, struct redact_counts *);

/* redact_text() for a text of a mail with this subject (may be NULL):
 * when the subject names a one-time code ("2FA code", "код из смс") and
 * holds no number, a code alone on a line of the text is one too. */
char		*redact_text_subj(const struct redactor *, const char *text,
		    size_t len, const char *subject, struct redact_counts *);

/* What the person who sent a secret should now do about it; kinds that
 * call for the same step share one. */
enum redact_advice {
	RA_PASSWORD,		/* change the password */
	RA_CODE,		/* a code nobody asked for: someone signs in */
	RA_RECOVERY,		/* new backup codes or recovery phrase */
	RA_CARD,		/* have the card blocked */
	RA_ACCESS,		/* revoke the key, token or link */
	RA_OTHER,		/* replace the secret (a site rule's kind) */
	RA__MAX
};

/* "password", "otp", ... as used in "[redacted: KIND]" and in JSON. */
const char	*redact_kind_name(enum redact_kind);
enum redact_advice redact_kind_advice(enum redact_kind);
unsigned	 redact_total(const struct redact_counts *);
void		 redact_counts_add(struct redact_counts *,
		    const struct redact_counts *);

#endif
