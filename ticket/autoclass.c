/* autoclass.c - RFC 3834: is this mail automatic, and must we stay quiet?
 *
 * Checked in this order, the first match wins: a delivery report
 * (multipart/report, or a null sender from mailer-daemon/postmaster) is a
 * bounce, so it can be recorded on the ticket of the mail that bounced;
 * X-Loop with our value; the null sender; Auto-Submitted other than "no";
 * Precedence bulk/junk/list; List-* headers; robot senders (envelope or
 * From): mailer-daemon, postmaster, noreply and its spellings, bounce*,
 * listserv, majordomo, owner-*, *-request.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

static const char *const class_names[] = {
	"human", "null_sender", "auto_submitted", "bulk", "list", "loop",
	"robot", "bounce"
};

/* Local parts that are robots when equal (before any +detail). */
static const char *const robot_exact[] = {
	"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster",
	"listserv", "majordomo", "daemon", "nobody",
};

/* Local parts that are robots when they contain one of these. */
static const char *const robot_contains[] = {
	"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
	"do_not_reply", "dontreply", "dont-reply",
};

/* The name of an auto class ("human", "bounce", ...). */
const char *
ticket_auto_class_name(enum auto_class c)
{
	return (unsigned)c < NELEM(class_names) ? class_names[c] : "unknown";
}

/* Does the local part of addr equal word (case-insensitively, ignoring a
 * +detail)?  exact = 0: starts with it. */
static int
local_is(const char *addr, const char *word, int exact)
{
	size_t n = strlen(word), l;
	const char *at = strrchr(addr, '@'), *plus;

	l = at != NULL ? (size_t)(at - addr) : strlen(addr);
	plus = memchr(addr, '+', l);
	if (plus != NULL && exact)
		l = (size_t)(plus - addr);
	if (l < n || strncasecmp(addr, word, n) != 0)
		return 0;
	return !exact || l == n;
}

/* Is addr a robot mailbox? */
static int
is_robot(const char *addr)
{
	const char *at;
	size_t i, l, n, k;

	if (addr == NULL || *addr == '\0')
		return 0;
	at = strrchr(addr, '@');
	l = at != NULL ? (size_t)(at - addr) : strlen(addr);
	for (i = 0; i < NELEM(robot_exact); i++)
		if (local_is(addr, robot_exact[i], 1))
			return 1;
	for (i = 0; i < NELEM(robot_contains); i++) {
		n = strlen(robot_contains[i]);
		for (k = 0; k + n <= l; k++)
			if (strncasecmp(addr + k, robot_contains[i], n) == 0)
				return 1;
	}
	if (local_is(addr, "bounce", 0) || local_is(addr, "owner-", 0))
		return 1;
	return l > 8 && strncasecmp(addr + l - 8, "-request", 8) == 0;
}

/* Trimmed, case-insensitive equality ignoring <> around either side. */
static int
token_eq(const char *a, const char *b)
{
	size_t la, lb;

	a = tk_skip_blank(a);
	b = tk_skip_blank(b);
	if (*a == '<')
		a++;
	if (*b == '<')
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la > 0 && strchr(" \t\r\n>", a[la - 1]) != NULL)
		la--;
	while (lb > 0 && strchr(" \t\r\n>", b[lb - 1]) != NULL)
		lb--;
	return la == lb && la > 0 && strncasecmp(a, b, la) == 0;
}

/* The first token of a header value (before ';', '(' or blanks) equals w? */
static int
first_token_is(const char *v, const char *w)
{
	size_t n;

	v = tk_skip_blank(v);
	n = strcspn(v, " \t\r\n;(");
	return n == strlen(w) && strncasecmp(v, w, n) == 0;
}

/* Is this a delivery report? */
static int
is_bounce(const struct mail *m, const char *sender)
{
	if (m->m_flags & MAIL_F_MULTIPART_REPORT)
		return m->m_report_type == NULL ||
		    !first_token_is(m->m_report_type,
		    "disposition-notification");
	return sender != NULL && *sender == '\0' &&
	    (local_is(m->m_from.a_addr, "mailer-daemon", 1) ||
	    local_is(m->m_from.a_addr, "postmaster", 1));
}

/* How automatic a mail is; envelope_sender "" is the null sender, NULL
 * means unknown; x_loop is our X-Loop value or NULL. */
enum auto_class
ticket_auto_class(const struct mail *m, const char *envelope_sender,
    const char *x_loop)
{
	const char *v;

	if (envelope_sender != NULL && strcmp(envelope_sender, "<>") == 0)
		envelope_sender = "";
	if (m == NULL)
		return envelope_sender != NULL && *envelope_sender == '\0' ?
		    AC_NULL_SENDER : AC_HUMAN;
	if (is_bounce(m, envelope_sender))
		return AC_BOUNCE;
	if (x_loop != NULL && m->m_x_loop != NULL &&
	    token_eq(m->m_x_loop, x_loop))
		return AC_LOOP;
	if (envelope_sender != NULL && *envelope_sender == '\0')
		return AC_NULL_SENDER;
	if (m->m_flags & MAIL_F_MULTIPART_REPORT)
		return AC_AUTO_SUBMITTED;	/* a read receipt */
	v = m->m_auto_submitted != NULL ? tk_skip_blank(m->m_auto_submitted) :
	    "";
	if (*v != '\0' && !first_token_is(v, "no"))
		return AC_AUTO_SUBMITTED;
	if (m->m_precedence != NULL &&
	    (first_token_is(m->m_precedence, "bulk") ||
	    first_token_is(m->m_precedence, "junk") ||
	    first_token_is(m->m_precedence, "list")))
		return AC_BULK;
	if (m->m_flags & MAIL_F_HAS_LIST)
		return AC_LIST;
	if (is_robot(envelope_sender) || is_robot(m->m_from.a_addr))
		return AC_ROBOT;
	return AC_HUMAN;
}
