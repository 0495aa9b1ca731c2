/* command.c - agent commands at the top of a mail.
 *
 * Lines at the very top of the text, each "#name argument": #status,
 * #priority, #category, #assign, #note and #merge, names case-insensitive,
 * leading blanks and blank lines allowed.  The block ends at the first
 * other line: an unknown "#foo", "#status" with a value that is no status,
 * a command without its argument, quoted text, or prose.  A #category
 * argument is lower-cased and must be [a-z0-9_-] like categories from
 * addresses; an #assign argument is one word (an address or login); a
 * #merge argument is a ticket number ("10042", "#10042" or
 * "[Ticket#10042]", kept as the bare number).  "#note" takes no argument;
 * text after it on the same line is the start of the body.  Whether a
 * command is executed is the caller's decision (only for trusted agents);
 * this only finds them and where the rest of the text starts.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

static const struct {
	const char		*name;
	enum ticket_cmd_kind	 kind;
} commands[] = {
	{ "status", TC_STATUS },
	{ "priority", TC_PRIORITY },
	{ "prio", TC_PRIORITY },
	{ "category", TC_CATEGORY },
	{ "assign", TC_ASSIGN },
	{ "note", TC_NOTE },
	{ "merge", TC_MERGE },
};

/* A #merge argument: a ticket number, "#N" or a tag "[PREFIX#N]";
 * rewritten in place to the bare number.  1 when it is one. */
static int
merge_arg(char *arg)
{
	char *p = arg, *d;
	size_t n;

	if (*p == '[') {
		if ((p = strchr(p, '#')) == NULL)
			return 0;
	}
	if (*p == '#')
		p++;
	n = strspn(p, "0123456789");
	if (n == 0 || n > 15 || *p == '0' ||
	    strcmp(p + n, arg[0] == '[' ? "]" : "") != 0)
		return 0;
	for (d = arg; n > 0; n--)
		*d++ = *p++;
	*d = '\0';
	return 1;
}

/* Parses a command line (leading blanks skipped) into c.  Returns 1 for a
 * command, 0 otherwise; *rest is set to text after #note on the line. */
static int
parse_line(const char *p, struct ticket_cmd *c, const char **rest)
{
	enum ticket_status st;
	enum ticket_priority pr;
	size_t i, n, len, alen;
	const char *a;

	*rest = NULL;
	p = tk_skip_blank(p);
	if (*p != '#')
		return 0;
	p++;
	len = tk_line_len(p);
	n = strcspn(p, " \t\r\n");
	for (i = 0; i < NELEM(commands); i++)
		if (strlen(commands[i].name) == n &&
		    strncasecmp(p, commands[i].name, n) == 0)
			break;
	if (i == NELEM(commands))
		return 0;
	a = p + n;
	while (*a == ' ' || *a == '\t')
		a++;
	alen = len - (size_t)(a - p);
	while (alen > 0 && (a[alen - 1] == ' ' || a[alen - 1] == '\t'))
		alen--;
	c->tc_kind = commands[i].kind;
	if (alen >= sizeof(c->tc_arg))
		alen = sizeof(c->tc_arg) - 1;
	memcpy(c->tc_arg, a, alen);
	c->tc_arg[alen] = '\0';
	switch (c->tc_kind) {
	case TC_NOTE:
		if (alen > 0)
			*rest = a;
		return 1;
	case TC_STATUS:
		return ticket_status_parse(c->tc_arg, &st) == 0;
	case TC_PRIORITY:
		return ticket_priority_parse(c->tc_arg, &pr) == 0;
	case TC_CATEGORY:
		/* the same alphabet as categories taken from addresses */
		for (i = 0; i < alen; i++) {
			char ch = (char)tolower((unsigned char)c->tc_arg[i]);

			if (!((ch >= 'a' && ch <= 'z') ||
			    (ch >= '0' && ch <= '9') || ch == '_' ||
			    ch == '-'))
				return 0;
			c->tc_arg[i] = ch;
		}
		return alen > 0;
	case TC_ASSIGN:
		return alen > 0 && strpbrk(c->tc_arg, " \t") == NULL;
	case TC_MERGE:
		return merge_arg(c->tc_arg);
	}
	return 0;
}

/* Commands at the top of text; *body_off is where the rest starts. */
size_t
ticket_commands(const char *text, struct ticket_cmd *cmds, size_t max,
    size_t *body_off)
{
	const char *p, *rest = NULL, *end;
	struct ticket_cmd c;
	size_t n = 0;

	if (body_off != NULL)
		*body_off = 0;
	if (text == NULL)
		return 0;
	p = text;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)		/* BOM */
		p += 3;
	end = text;
	while (*p != '\0' && n < max) {
		if (tk_blank_line(p)) {
			p = tk_next_line(p);
			continue;
		}
		if (!parse_line(p, &c, &rest))
			break;
		cmds[n++] = c;
		if (rest != NULL) {
			end = rest;
			break;
		}
		p = end = tk_next_line(p);
	}
	if (n > 0 && end != text)
		while (*end != '\0' && tk_blank_line(end) && rest == NULL)
			end = tk_next_line(end);
	if (body_off != NULL)
		*body_off = (size_t)(end - text);
	return n;
}
