/* tag.c - the subject tag "[Ticket#10042]" and reply/forward prefixes.
 *
 * tag_skip_prefixes() removes any chain of reply and forward prefixes in
 * the languages mail clients write them in ("Re:", "AW:", "Fwd:", "SV:",
 * "Odp:", "回复:", "Ответ:", "Re[2]:", "Re(2):", with ':' or '：').
 * A prefix needs its colon: "Reset password" is a subject, not a reply.
 *
 * tag_find() looks for the tag anywhere in the subject.  The tag prefix is
 * compared case-insensitively and blanks are allowed around '#' and inside
 * the brackets, so "[Ticket#10042]", "[ticket #10042]", "[TICKET# 10042]"
 * and "[ Ticket#10042 ]" all name ticket 10042; the '#' and the brackets
 * are required and the number must be 1 to 15 digits.  When a subject
 * carries several tags the first one counts (the newest, as clients add
 * theirs in front).  tag_strip() removes every tag of the prefix (a new
 * ticket's subject carries only its own); other systems' tags stay.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

/* Reply and forward prefixes, without their colon. */
static const char *const reply_prefixes[] = {
	"re", "fwd", "fw", "aw", "wg", "sv", "vs", "vb", "vl", "odp", "pd",
	"rv", "antw", "antwort", "doorst", "tr", "réf", "ref", "rif", "r",
	"enc", "res", "ynt", "ilt", "fs", "vá", "rép",
	"απ", "σχετ", "πρθ", "ответ", "отв", "пересл", "fwd", "wtr",
	"回复", "答复", "转发", "回覆", "轉寄", "转寄", "答覆", "返信", "転送",
	"답장", "전달",
};

/* After a prefix word: "[2]", "(2)" or "^2" counts, then blanks, then ':'
 * or '：'.  Returns the length covered or 0 when it is not a prefix. */
static size_t
prefix_tail(const char *p)
{
	const char *s = p;
	char close = '\0';

	if (*s == '[')
		close = ']';
	else if (*s == '(')
		close = ')';
	if (close != '\0' || *s == '^') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
		if (close != '\0' && *s++ != close)
			return 0;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == ':')
		return (size_t)(s + 1 - p);
	if (strncmp(s, "\xef\xbc\x9a", 3) == 0)		/* '：' */
		return (size_t)(s + 3 - p);
	return 0;
}

/* Length of the reply prefix at s (with its colon), or 0. */
static size_t
one_prefix(const char *s)
{
	size_t i, n, t, best = 0;

	for (i = 0; i < NELEM(reply_prefixes); i++) {
		n = tk_prefix_fold(s, reply_prefixes[i]);
		if (n == 0)
			continue;
		t = prefix_tail(s + n);
		if (t > 0 && n + t > best)
			best = n + t;
	}
	return best;
}

/* The subject after any chain of reply/forward prefixes and blanks. */
const char *
tag_skip_prefixes(const char *subject)
{
	const char *s;
	size_t n;

	if (subject == NULL)
		return "";
	s = tk_skip_blank(subject);
	while ((n = one_prefix(s)) > 0)
		s = tk_skip_blank(s + n);
	return s;
}

/* Parses a tag at p ('[' already seen); its length and *num when it is
 * one, else 0. */
static size_t
tag_at(const char *p, const char *prefix, long *num)
{
	const char *start = p;
	long v = 0;
	size_t n, digits = 0;

	p = tk_skip_blank(p + 1);
	if (*prefix != '\0') {
		if ((n = tk_prefix_fold(p, prefix)) == 0)
			return 0;
		p += n;
	}
	p = tk_skip_blank(p);
	if (*p++ != '#')
		return 0;
	p = tk_skip_blank(p);
	while (*p >= '0' && *p <= '9') {
		if (++digits > 15)
			return 0;
		v = v * 10 + (*p++ - '0');
	}
	p = tk_skip_blank(p);
	if (digits == 0 || *p != ']' || v <= 0)
		return 0;
	*num = v;
	return (size_t)(p + 1 - start);
}

/* First "[PREFIX#N]" anywhere in subject. */
int
tag_find(const char *subject, const char *prefix, long *number)
{
	const char *p;

	if (subject == NULL)
		return 0;
	if (prefix == NULL)
		prefix = "Ticket";
	for (p = strchr(subject, '['); p != NULL; p = strchr(p + 1, '['))
		if (tag_at(p, prefix, number))
			return 1;
	return 0;
}

/* "[PREFIX#N]", malloc'd. */
char *
tag_format(const char *prefix, long number)
{
	return xasprintf("[%s#%ld]", prefix != NULL ? prefix : "Ticket",
	    number);
}

/* subject with "[PREFIX#N] " in front unless that tag is already there. */
char *
tag_subject(const char *subject, const char *prefix, long number)
{
	char *tag, *r;
	const char *p;
	long n;

	if (subject == NULL)
		subject = "";
	if (prefix == NULL)
		prefix = "Ticket";
	for (p = strchr(subject, '['); p != NULL; p = strchr(p + 1, '['))
		if (tag_at(p, prefix, &n) && n == number)
			return xstrdup(subject);
	tag = tag_format(prefix, number);
	p = tk_skip_blank(subject);
	if (*p == '\0')
		return tag;
	r = xasprintf("%s %s", tag, p);
	free(tag);
	return r;
}

/* subject without any "[PREFIX#N]" tag, each with the blanks after it;
 * other brackets stay.  Malloc'd. */
char *
tag_strip(const char *subject, const char *prefix)
{
	char *r, *o;
	const char *p;
	size_t n;
	long num;

	if (subject == NULL)
		subject = "";
	if (prefix == NULL)
		prefix = "Ticket";
	r = o = xstrdup(subject);
	for (p = subject; *p != '\0';) {
		if (*p == '[' && (n = tag_at(p, prefix, &num)) > 0) {
			p = tk_skip_blank(p + n);
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	while (o > r && (o[-1] == ' ' || o[-1] == '\t'))
		*--o = '\0';
	return r;
}
