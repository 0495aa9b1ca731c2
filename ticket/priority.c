/* priority.c - priority, first-response due time and category of a mail.
 *
 * Priority signals: Importance (high/low), X-Priority (1-2 high, 4-5 low),
 * a priority word as the +detail or the local part of a support recipient
 * ("support+urgent@", "urgent@"), and the configured urgent_keywords and
 * high_keywords as whole words in the subject.  The highest signal above
 * medium wins; otherwise any "low" signal gives low; otherwise medium.
 *
 * Category: from the first support recipient that names one, either its
 * +detail ("support+billing@") or a local part that is not generic
 * ("billing@" but not "support@", "help@", "helpdesk@", "info@").  It is
 * lower-cased and reduced to [a-z0-9_-]; priority words are not
 * categories.  When support_addresses is empty every recipient counts as
 * a support address.  ticket_priority_of() falls back to To/Cc when no
 * envelope recipients are given.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/addr.h"
#include "common/xalloc.h"
#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

#define SIGNAL_NONE	-1

static const char *const generic_locals[] = {
	"support", "help", "helpdesk", "info", "service", "contact",
	"kontakt", "hello", "mail", "team", "office", "tickets", "ticket",
};

static const long default_sla[TP__MAX] = { 48, 24, 4, 1 };

/* Raises *best by signal p (the highest wins; low only remembered). */
static void
note_signal(int *best, int *low, enum ticket_priority p)
{
	if (p == TP_LOW)
		*low = 1;
	else if (p > TP_MEDIUM && (int)p > *best)
		*best = (int)p;
}

/* Is the word (local part or detail) a priority name? */
static int
priority_word(const char *w, size_t n, enum ticket_priority *p)
{
	char buf[32];

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, w, n);
	buf[n] = '\0';
	return ticket_priority_parse(buf, p) == 0;
}

/* Is addr one of ours (or is there no list at all)? */
int
tk_is_support(const char *addr, const struct conf *cf)
{
	if (addr == NULL || strchr(addr, '@') == NULL)
		return 0;
	if (cf == NULL || cf->cf_support_addresses.sl_n == 0)
		return 1;
	return addr_match_list(&cf->cf_support_addresses, addr);
}

/* Priority signals from a recipient's local part and detail. */
static void
rcpt_signal(const char *addr, const struct conf *cf, int *best, int *low)
{
	const char *at, *plus;
	enum ticket_priority p;
	char detail[64];

	if (!tk_is_support(addr, cf))
		return;
	at = strrchr(addr, '@');
	plus = memchr(addr, '+', (size_t)(at - addr));
	if (addr_detail(addr, detail, sizeof(detail)) &&
	    priority_word(detail, strlen(detail), &p))
		note_signal(best, low, p);
	if (priority_word(addr, (size_t)((plus != NULL ? plus : at) - addr),
	    &p))
		note_signal(best, low, p);
}

/* Signals of any keyword of the list found as a word in subject. */
static int
has_keyword(const char *subject, const struct strlist *kw)
{
	size_t i;

	for (i = 0; i < kw->sl_n; i++)
		if (kw->sl_v[i][0] != '\0' &&
		    tk_find_fold(subject, kw->sl_v[i], 1) != NULL)
			return 1;
	return 0;
}

/* Priority signals from Importance and X-Priority. */
static void
header_signal(const struct mail *m, int *best, int *low)
{
	const char *s;

	if (m->m_importance != NULL) {
		s = tk_skip_blank(m->m_importance);
		if (strncasecmp(s, "high", 4) == 0)
			note_signal(best, low, TP_HIGH);
		else if (strncasecmp(s, "low", 3) == 0)
			note_signal(best, low, TP_LOW);
	}
	if (m->m_x_priority != NULL) {
		s = tk_skip_blank(m->m_x_priority);
		if (*s == '1' || *s == '2')
			note_signal(best, low, TP_HIGH);
		else if (*s == '4' || *s == '5')
			note_signal(best, low, TP_LOW);
	}
}

/* The priority of a new mail. */
enum ticket_priority
ticket_priority_of(const struct mail *m, const char *const *rcpts,
    size_t nrcpts, const struct conf *cf)
{
	int best = SIGNAL_NONE, low = 0;
	size_t i;

	if (m != NULL) {
		header_signal(m, &best, &low);
		if (cf != NULL && m->m_subject != NULL) {
			if (has_keyword(m->m_subject, &cf->cf_urgent_keywords))
				note_signal(&best, &low, TP_URGENT);
			if (has_keyword(m->m_subject, &cf->cf_high_keywords))
				note_signal(&best, &low, TP_HIGH);
		}
	}
	for (i = 0; rcpts != NULL && i < nrcpts; i++)
		rcpt_signal(rcpts[i], cf, &best, &low);
	if ((rcpts == NULL || nrcpts == 0) && m != NULL) {
		for (i = 0; i < m->m_to.as_n; i++)
			rcpt_signal(m->m_to.as_v[i].a_addr, cf, &best, &low);
		for (i = 0; i < m->m_cc.as_n; i++)
			rcpt_signal(m->m_cc.as_v[i].a_addr, cf, &best, &low);
	}
	if (best != SIGNAL_NONE)
		return (enum ticket_priority)best;
	return low ? TP_LOW : TP_MEDIUM;
}

/* created plus the first-response target of the priority. */
time_t
ticket_due(time_t created, enum ticket_priority p, const struct conf *cf)
{
	long h;

	if ((unsigned)p >= TP__MAX)
		p = TP_MEDIUM;
	h = cf != NULL && cf->cf_sla_hours[p] > 0 ? cf->cf_sla_hours[p] :
	    default_sla[p];
	return created + (time_t)h * 3600;
}

/* A category name from w[0..n): lower-cased, only [a-z0-9_-]; NULL when
 * nothing is left or it is generic or a priority word. */
static char *
category_word(const char *w, size_t n)
{
	enum ticket_priority p;
	char *r;
	size_t i, k = 0;

	r = xmalloc(n + 1);
	for (i = 0; i < n && k < 64; i++) {
		int c = tolower((unsigned char)w[i]);

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-')
			r[k++] = (char)c;
	}
	r[k] = '\0';
	for (i = 0; i < NELEM(generic_locals) && k > 0; i++)
		if (strcmp(r, generic_locals[i]) == 0)
			k = 0;
	if (k == 0 || priority_word(r, k, &p)) {
		free(r);
		return NULL;
	}
	return r;
}

/* The category one recipient names, or NULL. */
static char *
rcpt_category(const char *addr, const struct conf *cf)
{
	const char *at, *plus;
	char *c;

	if (!tk_is_support(addr, cf))
		return NULL;
	at = strrchr(addr, '@');
	plus = memchr(addr, '+', (size_t)(at - addr));
	if (plus != NULL && ticket_detail_of(addr, cf, NULL) == TDET_OTHER &&
	    (c = category_word(plus + 1, (size_t)(at - plus - 1))) != NULL)
		return c;
	return category_word(addr, (size_t)((plus != NULL ? plus : at) -
	    addr));
}

/* The category from the recipients, or NULL. */
char *
ticket_category_of(const char *const *rcpts, size_t nrcpts,
    const struct conf *cf)
{
	char *c;
	size_t i;

	for (i = 0; rcpts != NULL && i < nrcpts; i++)
		if ((c = rcpt_category(rcpts[i], cf)) != NULL)
			return c;
	return NULL;
}
