/* quote.c - where a customer's new text ends, and format=flowed.
 *
 * quote_new_len() finds the first line that starts quoted history or a
 * signature as the common clients write them: "On ... wrote:" (Gmail,
 * Apple Mail, Thunderbird, in several languages), Outlook's "-----Original
 * Message-----" and "From: / Sent:" blocks, Thunderbird's "-------- Original
 * Message --------", "> " quotes, "-- " signatures and "Sent from my ..."
 * lines.  Everything stays in the text; only the length is returned.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include <glib.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "parser/priv.h"

/* Lines that start history or a signature by themselves. */
static const char *exact_markers[] = {
	"-----original message-----", "-------- original message --------",
	"-------- forwarded message --------", "begin forwarded message:",
	"---------- forwarded message ---------", "-- ",
	"--", "________________________________", NULL
};

/* Line starts ("Sent from my iPhone" and the like). */
static const char *prefix_markers[] = {
	"sent from my ", "get outlook for ", "sent from mail for windows",
	"sent from outlook", "envoyé de mon ", "von meinem ",
	"enviado desde mi ", NULL
};

/* Endings of an attribution line ("On <date>, <name> wrote:"). */
static const char *wrote_markers[] = {
	"wrote:", "schrieb:", "a écrit :", "a écrit:", "escribió:",
	"escreveu:", "ha scritto:", "пишет:", "написал:", "написала:",
	"napisał:", "schreef:", "skrev:", "kirjoitti:", NULL
};

/* Header names of Outlook's quoted header block. */
static const char *outlook_heads[] = {
	"from:", "von:", "de:", "от:", "da:", "van:", NULL
};

/* A copy of the line, trimmed and lower-cased (ASCII). */
static char *
line_key(const char *s, size_t n)
{
	char *k = xstrndup(s, n), *p;

	if (n > 0 && k[n - 1] == '\r')
		k[n - 1] = '\0';
	if (strcmp(k, "-- ") != 0)
		g_strchomp(k);
	for (p = k; *p != '\0'; p++)
		*p = g_ascii_tolower(*p);
	return k;
}

/* Whether k (a line key) is in the list, as a whole or as a prefix. */
static int
in_list(const char *k, const char **v, int prefix)
{
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (prefix ? strncmp(k, v[i], strlen(v[i])) == 0 :
		    strcmp(k, v[i]) == 0)
			return 1;
	return 0;
}

/* Whether k ends with one of the "wrote:" endings. */
static int
ends_wrote(const char *k)
{
	size_t i, kl = strlen(k), l;

	for (i = 0; wrote_markers[i] != NULL; i++) {
		l = strlen(wrote_markers[i]);
		if (kl >= l && strcmp(k + kl - l, wrote_markers[i]) == 0)
			return 1;
	}
	return 0;
}

/* Whether the lines at s start an Outlook "From: ... Sent: ..." block. */
static int
outlook_block(const char *k, const char *next, const char *end)
{
	const char *e;
	char *nk;
	int r, i;

	if (!in_list(k, outlook_heads, 1))
		return 0;
	for (i = 0; i < 3 && next < end; i++) {
		e = memchr(next, '\n', (size_t)(end - next));
		if (e == NULL)
			e = end;
		nk = line_key(next, (size_t)(e - next));
		r = strncmp(nk, "sent:", 5) == 0 || strncmp(nk, "date:", 5) == 0 ||
		    strncmp(nk, "gesendet:", 9) == 0 ||
		    strncmp(nk, "envoyé :", 9) == 0 ||
		    strncmp(nk, "enviado:", 8) == 0 ||
		    strncmp(nk, "отправлено:", 21) == 0;
		free(nk);
		if (r)
			return 1;
		next = e < end ? e + 1 : e;
	}
	return 0;
}

/* Whether the line key k (with the next line) starts history. */
static int
is_marker(const char *k, const char *prev, const char *next,
    const char *end)
{
	if (k[0] == '>')
		return 1;
	if (in_list(k, exact_markers, 0) || in_list(k, prefix_markers, 1))
		return 1;
	if (ends_wrote(k) && strlen(k) < 300)
		return 1;
	/* Gmail folds long attributions: "On ... <a@b.c>" / "wrote:". */
	if (prev != NULL && strncmp(prev, "on ", 3) == 0 && ends_wrote(k) &&
	    strlen(k) < 40)
		return 1;
	return outlook_block(k, next, end);
}

/* Length of the new text: up to the first history or signature line,
 * trailing blank lines dropped. */
size_t
quote_new_len(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *e, *cut = end;
	const char *prev_start = NULL;
	char *k, *prev = NULL;

	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		k = line_key(p, (size_t)(e - p));
		if (is_marker(k, prev, e < end ? e + 1 : e, end)) {
			cut = p;
			/* "On ...\nwrote:": cut before the first half. */
			if (prev != NULL && strncmp(prev, "on ", 3) == 0 &&
			    strcmp(k, "wrote:") == 0)
				cut = prev_start;
			free(k);
			break;
		}
		free(prev);
		prev = *k != '\0' ? k : NULL;
		if (prev == NULL)
			free(k);
		else
			prev_start = p;
		p = e < end ? e + 1 : e;
	}
	free(prev);
	while (cut > s && isspace((unsigned char)cut[-1]))
		cut--;
	return (size_t)(cut - s);
}

/* Joins format=flowed lines (RFC 3676): soft breaks are removed within a
 * quote depth, space-stuffing is undone, delsp drops the soft space. */
char *
quote_unflow(const char *s, size_t n, int delsp, size_t *lenp)
{
	struct buf b = BUF_INIT;
	const char *p = s, *end = s + n, *e, *t;
	int depth, prev_depth = -1, soft = 0;
	size_t len;

	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		len = (size_t)(e - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		for (t = p, depth = 0; t < p + len && *t == '>'; t++)
			depth++;
		if (t < p + len && *t == ' ')
			t++;	/* space-stuffing */
		len -= (size_t)(t - p);
		if (soft && depth != prev_depth)
			buf_addc(&b, '\n');
		else if (soft == 0 && prev_depth >= 0)
			buf_addc(&b, '\n');
		if (!soft || depth != prev_depth)
			for (int i = 0; i < depth; i++)
				buf_adds(&b, i + 1 < depth ? ">" : "> ");
		soft = len > 0 && t[len - 1] == ' ' &&
		    !(len == 3 && strncmp(t, "-- ", 3) == 0);
		buf_add(&b, t, soft && delsp ? len - 1 : len);
		prev_depth = depth;
		p = e < end ? e + 1 : e;
	}
	if (n > 0 && s[n - 1] == '\n')
		buf_addc(&b, '\n');
	*lenp = b.b_len;
	return buf_steal(&b);
}
