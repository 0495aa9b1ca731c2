/* html.c - HTML into readable plain text, links kept.
 *
 * A small forgiving scanner, not a parser: tags are dropped, block tags
 * become line breaks, <li> a bullet, <blockquote> content is prefixed with
 * "> " (so quoted history stays recognisable), script/style/head content is
 * skipped, entities are decoded, and <a href="URL">label</a> becomes
 * "label <URL>" when the label is not the URL itself.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include <glib.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "parser/priv.h"

struct html {
	struct buf	 h_out;
	char		*h_href;	/* of the open <a>, or NULL */
	size_t		 h_label;	/* h_out length at <a> */
	int		 h_quote;	/* blockquote depth */
	int		 h_space;	/* a blank is pending */
};

static const struct {
	const char	*e_name;
	const char	*e_text;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", " " }, { "copy", "\xc2\xa9" },
	{ "reg", "\xc2\xae" }, { "euro", "\xe2\x82\xac" },
	{ "hellip", "\xe2\x80\xa6" }, { "mdash", "\xe2\x80\x94" },
	{ "ndash", "\xe2\x80\x93" }, { "laquo", "\xc2\xab" },
	{ "raquo", "\xc2\xbb" },
};

static const char *block_tags[] = {
	"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
	"table", "ul", "ol", "blockquote", "hr", "pre", "section", "article",
	"header", "footer", "dd", "dt", NULL
};

/* Starts a new line, with the quote prefix of the current depth. */
static void
newline(struct html *h)
{
	int i;

	if (h->h_out.b_len > 0)
		buf_addc(&h->h_out, '\n');
	for (i = 0; i < h->h_quote && i < 20; i++)
		buf_adds(&h->h_out, "> ");
	h->h_space = 0;
}

/* Whether the output is at the start of a line (after any prefix). */
static int
at_line_start(struct html *h)
{
	size_t n = h->h_out.b_len;

	while (n >= 2 && h->h_out.b_data[n - 1] == ' ' &&
	    h->h_out.b_data[n - 2] == '>')
		n -= 2;
	return n == 0 || h->h_out.b_data[n - 1] == '\n';
}

/* Emits text, collapsing white space. */
static void
emit(struct html *h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			h->h_space = 1;
			continue;
		}
		if (h->h_space && !at_line_start(h))
			buf_addc(&h->h_out, ' ');
		h->h_space = 0;
		buf_addc(&h->h_out, s[i]);
	}
}

/* Decodes the entity at s (after '&'); returns bytes used, 0 if none. */
static size_t
entity(struct html *h, const char *s, size_t n)
{
	char tmp[8];
	gunichar c;
	size_t i, len;

	for (len = 0; len < n && len < 12 && s[len] != ';'; len++)
		;
	if (len == n || s[len] != ';' || len == 0)
		return 0;
	if (s[0] == '#') {
		c = s[1] == 'x' || s[1] == 'X' ?
		    (gunichar)strtoul(s + 2, NULL, 16) :
		    (gunichar)strtoul(s + 1, NULL, 10);
		if (c == 0 || !g_unichar_validate(c))
			c = 0xfffd;
		tmp[g_unichar_to_utf8(c, tmp)] = '\0';
		emit(h, c == 0xa0 ? " " : tmp, c == 0xa0 ? 1 : strlen(tmp));
		return len + 1;
	}
	for (i = 0; i < G_N_ELEMENTS(entities); i++)
		if (strlen(entities[i].e_name) == len &&
		    strncmp(s, entities[i].e_name, len) == 0) {
			emit(h, entities[i].e_text, strlen(entities[i].e_text));
			return len + 1;
		}
	return 0;
}

/* The value of attribute attr inside a tag's text, or NULL. */
static char *
attr_value(const char *tag, size_t n, const char *attr)
{
	size_t al = strlen(attr), i, j;
	char q;

	for (i = 0; i + al < n; i++) {
		if (g_ascii_strncasecmp(tag + i, attr, al) != 0 ||
		    (i > 0 && !isspace((unsigned char)tag[i - 1])))
			continue;
		j = i + al;
		while (j < n && isspace((unsigned char)tag[j]))
			j++;
		if (j >= n || tag[j++] != '=')
			continue;
		while (j < n && isspace((unsigned char)tag[j]))
			j++;
		q = j < n && (tag[j] == '"' || tag[j] == '\'') ? tag[j++] : 0;
		for (i = j; j < n && (q ? tag[j] != q :
		    !isspace((unsigned char)tag[j]) && tag[j] != '>'); j++)
			;
		return xstrndup(tag + i, j - i);
	}
	return NULL;
}

/* Closes an <a>: appends " <URL>" unless the label already says it. */
static void
close_link(struct html *h)
{
	const char *label;
	char *href = h->h_href;

	h->h_href = NULL;
	if (href == NULL)
		return;
	label = h->h_out.b_data != NULL ? h->h_out.b_data + h->h_label : "";
	if (*href != '\0' && g_ascii_strncasecmp(href, "mailto:", 7) != 0 &&
	    href[0] != '#' && strstr(label, href) == NULL) {
		if (h->h_out.b_len > h->h_label)
			buf_addc(&h->h_out, ' ');
		buf_addf(&h->h_out, "<%s>", href);
	}
	free(href);
}

/* Whether a tag opens a client's signature block (Gmail, Thunderbird,
 * Outlook). */
static int
is_signature(const char *t, size_t n)
{
	char *c = attr_value(t, n, "class"), *id = attr_value(t, n, "id");
	int r = (c != NULL && (strstr(c, "gmail_signature") != NULL ||
	    strstr(c, "moz-signature") != NULL)) ||
	    (id != NULL && (strcmp(id, "Signature") == 0 ||
	    strcmp(id, "signature") == 0));

	free(c);
	free(id);
	return r;
}

/* Finds needle (ASCII, lower-case) in s..end, ignoring case. */
static const char *
find_ci(const char *s, const char *end, const char *needle)
{
	size_t nl = strlen(needle);

	for (; s + nl <= end; s++)
		if (g_ascii_strncasecmp(s, needle, nl) == 0)
			return s;
	return NULL;
}

/* Handles one tag (text between < and >); returns 1 to skip content. */
static int
tag(struct html *h, const char *t, size_t n, const char **skip_to)
{
	char name[16];
	size_t i = 0, k = 0;
	int end = 0;

	if (n > 0 && t[0] == '/') {
		end = 1;
		i = 1;
	}
	while (i < n && k < sizeof(name) - 1 && isalnum((unsigned char)t[i]))
		name[k++] = g_ascii_tolower(t[i++]);
	name[k] = '\0';
	if (!end && (strcmp(name, "script") == 0 ||
	    strcmp(name, "style") == 0 || strcmp(name, "head") == 0 ||
	    strcmp(name, "title") == 0)) {
		*skip_to = strcmp(name, "script") == 0 ? "</script" :
		    strcmp(name, "style") == 0 ? "</style" :
		    strcmp(name, "head") == 0 ? "</head" : "</title";
		return 1;
	}
	if (strcmp(name, "a") == 0) {
		if (end)
			close_link(h);
		else {
			close_link(h);
			h->h_href = attr_value(t, n, "href");
			if (h->h_href != NULL)
				g_strstrip(h->h_href);
			h->h_label = h->h_out.b_len;
		}
		return 0;
	}
	if (!end && is_signature(t, n)) {
		newline(h);
		buf_adds(&h->h_out, "-- ");
		newline(h);
	}
	if (strcmp(name, "blockquote") == 0)
		h->h_quote += end ? (h->h_quote > 0 ? -1 : 0) : 1;
	if (end && (strcmp(name, "li") == 0 || strcmp(name, "br") == 0))
		return 0;
	for (i = 0; block_tags[i] != NULL; i++)
		if (strcmp(name, block_tags[i]) == 0) {
			newline(h);
			if (!end && strcmp(name, "li") == 0)
				buf_adds(&h->h_out, "- ");
			break;
		}
	return 0;
}

/* Trims blank runs: at most one empty line in a row, none at the end. */
static char *
tidy(struct buf *b)
{
	struct buf o = BUF_INIT;
	const char *s = b->b_data != NULL ? b->b_data : "";
	int blank = 0;
	const char *e;

	while (*s != '\0') {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		if (strspn(s, " >") >= (size_t)(e - s)) {
			blank++;
		} else {
			if (blank > 0 && o.b_len > 0)
				buf_addc(&o, '\n');
			blank = 0;
			buf_add(&o, s, (size_t)(e - s));
			buf_addc(&o, '\n');
		}
		s = *e != '\0' ? e + 1 : e;
	}
	return buf_steal(&o);
}

/* Readable text of an HTML document (UTF-8 in, UTF-8 out). */
char *
html_to_text(const char *s, size_t n)
{
	struct html h;
	const char *end = s + n, *gt, *skip = NULL;
	size_t used;
	char *r;

	memset(&h, 0, sizeof(h));
	while (s < end) {
		if (*s == '<') {
			if (end - s >= 4 && strncmp(s, "<!--", 4) == 0) {
				gt = g_strstr_len(s, end - s, "-->");
				s = gt != NULL ? gt + 3 : end;
				continue;
			}
			gt = memchr(s, '>', (size_t)(end - s));
			if (gt == NULL)
				break;
			if (tag(&h, s + 1, (size_t)(gt - s - 1), &skip)) {
				gt = find_ci(gt, end, skip);
				if (gt == NULL || (gt = memchr(gt, '>',
				    (size_t)(end - gt))) == NULL)
					break;
			}
			s = gt + 1;
		} else if (*s == '&' && (used = entity(&h, s + 1,
		    (size_t)(end - s - 1))) > 0) {
			s += used + 1;
		} else {
			emit(&h, s, 1);
			s++;
		}
	}
	close_link(&h);
	r = tidy(&h.h_out);
	buf_free(&h.h_out);
	return r;
}
