/* format.c - a mail's text as Telegram messages: HTML into Telegram's
 * subset (libxml2's HTML parser), plain text escaped, long texts split.
 *
 * Offers tg_format_html(), tg_format_text(), tg_format_split() and
 * tg_format_free().  The only file that knows libxml2.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "telegram/format.h"

#define FMT_DEPTH	200	/* elements deeper than this are left out */

/* An element's part in the output. */
enum role {
	R_INLINE,	/* its text only */
	R_TAG,		/* a Telegram tag (r_tag) */
	R_BLOCK,	/* on a line of its own */
	R_PARA,		/* a paragraph: a blank line around */
	R_BREAK,	/* <br> */
	R_ITEM,		/* a list item */
	R_CELL,		/* a table cell: a blank after */
	R_SKIP,		/* left out with its text */
};

static const struct {
	const char	*r_name;
	enum role	 r_role;
	const char	*r_tag;
} roles[] = {
	{ "b", R_TAG, "b" }, { "strong", R_TAG, "b" },
	{ "i", R_TAG, "i" }, { "em", R_TAG, "i" }, { "cite", R_TAG, "i" },
	{ "var", R_TAG, "i" }, { "dfn", R_TAG, "i" },
	{ "u", R_TAG, "u" }, { "ins", R_TAG, "u" },
	{ "s", R_TAG, "s" }, { "strike", R_TAG, "s" }, { "del", R_TAG, "s" },
	{ "a", R_TAG, "a" },
	{ "code", R_TAG, "code" }, { "kbd", R_TAG, "code" },
	{ "samp", R_TAG, "code" }, { "tt", R_TAG, "code" },
	{ "pre", R_TAG, "pre" }, { "blockquote", R_TAG, "blockquote" },
	{ "h1", R_TAG, "b" }, { "h2", R_TAG, "b" }, { "h3", R_TAG, "b" },
	{ "h4", R_TAG, "b" }, { "h5", R_TAG, "b" }, { "h6", R_TAG, "b" },
	{ "p", R_PARA, NULL }, { "ul", R_PARA, NULL }, { "ol", R_PARA, NULL },
	{ "table", R_PARA, NULL }, { "dl", R_PARA, NULL },
	{ "div", R_BLOCK, NULL }, { "tr", R_BLOCK, NULL },
	{ "dt", R_BLOCK, NULL }, { "dd", R_BLOCK, NULL },
	{ "hr", R_BLOCK, NULL }, { "section", R_BLOCK, NULL },
	{ "article", R_BLOCK, NULL }, { "header", R_BLOCK, NULL },
	{ "footer", R_BLOCK, NULL }, { "address", R_BLOCK, NULL },
	{ "center", R_BLOCK, NULL }, { "figure", R_BLOCK, NULL },
	{ "figcaption", R_BLOCK, NULL }, { "nav", R_BLOCK, NULL },
	{ "main", R_BLOCK, NULL }, { "aside", R_BLOCK, NULL },
	{ "form", R_BLOCK, NULL }, { "fieldset", R_BLOCK, NULL },
	{ "caption", R_BLOCK, NULL },
	{ "br", R_BREAK, NULL }, { "li", R_ITEM, NULL },
	{ "td", R_CELL, NULL }, { "th", R_CELL, NULL },
	{ "head", R_SKIP, NULL }, { "script", R_SKIP, NULL },
	{ "style", R_SKIP, NULL }, { "title", R_SKIP, NULL },
	{ "template", R_SKIP, NULL }, { "object", R_SKIP, NULL },
	{ "svg", R_SKIP, NULL }, { "select", R_SKIP, NULL },
};

struct conv {
	struct buf	 c_out;
	int		 c_nl;		/* line ends pending (at most 2) */
	int		 c_space;	/* a blank pending */
	int		 c_literal;	/* inside pre or code: no tags */
	int		 c_pre;		/* inside pre: blanks kept */
	int		 c_link;	/* inside a kept <a> */
	int		 c_quote;	/* inside blockquote */
};

/* The role of element name (and its Telegram tag). */
static enum role
fmt_role(const char *name, const char **tag)
{
	size_t i;

	*tag = NULL;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcasecmp(name, roles[i].r_name) == 0) {
			*tag = roles[i].r_tag;
			return roles[i].r_role;
		}
	return R_INLINE;
}

/* Appends text with the characters Telegram's HTML needs escaped (&, <,
 * >, ") as the named entities it knows. */
static void
fmt_escape(struct buf *b, const char *text)
{
	size_t n;

	while (*text != '\0') {
		n = strcspn(text, "&<>\"");
		buf_add(b, text, n);
		text += n;
		switch (*text) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			return;
		}
		text++;
	}
}

/* Asks for at least n line ends before the next text. */
static void
fmt_lines(struct conv *c, int n)
{
	if (c->c_nl < n)
		c->c_nl = n;
	c->c_space = 0;
}

/* Writes the line ends and blank pending, when text follows. */
static void
fmt_flush(struct conv *c)
{
	if (c->c_out.b_len == 0) {
		c->c_nl = c->c_space = 0;
		return;
	}
	for (; c->c_nl > 0; c->c_nl--)
		buf_addc(&c->c_out, '\n');
	if (c->c_space)
		buf_addc(&c->c_out, ' ');
	c->c_space = 0;
}

/* Appends a text node: blanks collapsed outside pre, escaped. */
static void
fmt_text(struct conv *c, const char *t)
{
	struct buf w = BUF_INIT;
	const char *p;

	if (c->c_pre) {
		if (*t != '\0')
			fmt_flush(c);
		fmt_escape(&c->c_out, t);
		return;
	}
	for (p = t; *p != '\0'; p++) {
		if (strchr(" \t\r\n\f", *p) == NULL) {
			buf_addc(&w, *p);
			continue;
		}
		if (w.b_len > 0) {
			fmt_flush(c);
			fmt_escape(&c->c_out, w.b_data);
			buf_reset(&w);
		}
		if (c->c_out.b_len > 0 && c->c_nl == 0)
			c->c_space = 1;
	}
	if (w.b_len > 0) {
		fmt_flush(c);
		fmt_escape(&c->c_out, w.b_data);
	}
	buf_free(&w);
}

/* A link target Telegram may be given: http, https, mailto or tg. */
static int
fmt_href_ok(const char *href)
{
	static const char *const schemes[] = { "http://", "https://",
	    "mailto:", "tg://" };
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(href, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

/* Opens Telegram tag tag for element e: 0 when it is left out (nested
 * where Telegram does not allow it, a link without a usable target). */
static int
fmt_open(struct conv *c, xmlNode *e, const char *tag)
{
	xmlChar *href;

	if (c->c_literal || (strcmp(tag, "a") == 0 && c->c_link) ||
	    (strcmp(tag, "blockquote") == 0 && c->c_quote))
		return 0;
	if (strcmp(tag, "pre") == 0 || strcmp(tag, "blockquote") == 0)
		fmt_lines(c, 1);
	fmt_flush(c);
	if (strcmp(tag, "a") != 0) {
		buf_addf(&c->c_out, "<%s>", tag);
		return 1;
	}
	href = xmlGetProp(e, (const xmlChar *)"href");
	if (href == NULL || !fmt_href_ok((const char *)href)) {
		xmlFree(href);
		return 0;
	}
	buf_adds(&c->c_out, "<a href=\"");
	fmt_escape(&c->c_out, (const char *)href);
	buf_adds(&c->c_out, "\">");
	xmlFree(href);
	return 1;
}

/* Sets or clears the state a kept tag puts its content in. */
static void
fmt_state(struct conv *c, const char *tag, int on)
{
	if (strcmp(tag, "pre") == 0)
		c->c_pre = c->c_literal = on;
	else if (strcmp(tag, "code") == 0)
		c->c_literal = on;
	else if (strcmp(tag, "a") == 0)
		c->c_link = on;
	else if (strcmp(tag, "blockquote") == 0)
		c->c_quote = on;
}

/* Closes tag; an empty pair (nothing since opened) is taken out again
 * with what its opening wrote (from mark), the line ends and blank
 * that wrote (nl, space) pending again. */
static void
fmt_close(struct conv *c, const char *tag, size_t mark, size_t opened,
    int nl, int space)
{
	if (c->c_out.b_len == opened) {
		c->c_out.b_len = mark;
		c->c_out.b_data[mark] = '\0';
		if (c->c_nl < nl)
			c->c_nl = nl;
		c->c_space = c->c_nl == 0 && (c->c_space || space);
		return;
	}
	buf_addf(&c->c_out, "</%s>", tag);
	if (strcmp(tag, "pre") == 0 || strcmp(tag, "blockquote") == 0)
		fmt_lines(c, 1);
}

static void fmt_children(struct conv *, xmlNode *, int depth);

/* Writes element e and its content. */
static void
fmt_element(struct conv *c, xmlNode *e, int depth, int *item)
{
	const char *tag;
	enum role r = fmt_role((const char *)e->name, &tag);
	size_t mark, opened;
	int nl, space;
	int kept = 0;

	switch (r) {
	case R_SKIP:
		return;
	case R_BREAK:
		if (c->c_nl < 2)
			c->c_nl++;
		if (c->c_out.b_len == 0)
			c->c_nl = 0;
		c->c_space = 0;
		return;
	case R_PARA:
	case R_BLOCK:
		fmt_lines(c, r == R_PARA ? 2 : 1);
		break;
	case R_ITEM:
		fmt_lines(c, 1);
		fmt_flush(c);
		buf_addf(&c->c_out, (*item) > 0 ? "%d. " : "\xe2\x80\xa2 ",
		    *item);
		if (*item > 0)
			(*item)++;
		break;
	default:
		break;
	}
	mark = c->c_out.b_len;
	nl = c->c_nl;
	space = c->c_space;
	if (tag != NULL && (kept = fmt_open(c, e, tag)))
		fmt_state(c, tag, 1);
	opened = c->c_out.b_len;
	fmt_children(c, e, depth + 1);
	if (kept) {
		fmt_state(c, tag, 0);
		fmt_close(c, tag, mark, opened, nl, space);
	}
	if (tag != NULL && *tag == 'b' && e->name[0] == 'h')
		fmt_lines(c, 2);
	if (r == R_PARA || r == R_BLOCK || r == R_ITEM)
		fmt_lines(c, r == R_PARA ? 2 : 1);
	if (r == R_CELL && c->c_nl == 0 && c->c_out.b_len > 0)
		c->c_space = 1;
}

/* Writes the children of node n. */
static void
fmt_children(struct conv *c, xmlNode *n, int depth)
{
	xmlNode *k;
	int item = 0;

	if (depth > FMT_DEPTH)
		return;
	if (n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, "ol") == 0)
		item = 1;
	for (k = n->children; k != NULL; k = k->next) {
		if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE)
			fmt_text(c, (const char *)k->content);
		else if (k->type == XML_ELEMENT_NODE)
			fmt_element(c, k, depth, &item);
	}
}

/* HTML in Telegram's subset. */
char *
tg_format_html(const char *html, size_t len)
{
	struct conv c;
	htmlDocPtr doc;
	xmlNode *root;

	memset(&c, 0, sizeof(c));
	if (len > 0 && len <= (size_t)INT32_MAX) {
		doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
		    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
		if (root != NULL)
			fmt_children(&c, (xmlNode *)doc, 0);
		xmlFreeDoc(doc);
	}
	return buf_steal(&c.c_out);
}

/* A plain text escaped. */
char *
tg_format_text(const char *text)
{
	struct buf b = BUF_INIT;

	fmt_escape(&b, text);
	return buf_steal(&b);
}

/* --- splitting --------------------------------------------------------- */

#define SPLIT_DEPTH	32	/* open tags followed across a cut */

/* The tags open at a point of a text: where each opening tag starts in
 * the text, and its length. */
struct open_tags {
	size_t	 o_at[SPLIT_DEPTH];
	size_t	 o_len[SPLIT_DEPTH];
	int	 o_n;
};

struct split {
	const char	*s_text;
	char		**s_v;
	size_t		 s_n;
};

/* Length of the tag name at p (after "<" or "</"). */
static size_t
split_name_len(const char *p)
{
	return strcspn(p, " >");
}

/* Adds text[from, to) as a piece: the tags open at from opened first,
 * those open at to closed at its end; pieces of blanks only are left
 * out. */
static void
split_piece(struct split *s, const struct open_tags *at_from, size_t from,
    size_t to, const struct open_tags *at_to)
{
	struct buf b = BUF_INIT;
	size_t i;
	int k, seen = 0;

	for (i = from; i < to && !seen; i++)
		if (s->s_text[i] == '<')
			i += strcspn(s->s_text + i, ">");
		else if (strchr(" \t\r\n", s->s_text[i]) == NULL)
			seen = 1;
	if (!seen)
		return;
	for (k = 0; k < at_from->o_n; k++)
		buf_add(&b, s->s_text + at_from->o_at[k], at_from->o_len[k]);
	buf_add(&b, s->s_text + from, to - from);
	for (k = at_to->o_n - 1; k >= 0; k--) {
		buf_adds(&b, "</");
		buf_add(&b, s->s_text + at_to->o_at[k] + 1,
		    split_name_len(s->s_text + at_to->o_at[k] + 1));
		buf_addc(&b, '>');
	}
	s->s_v = xreallocarray(s->s_v, s->s_n + 1, sizeof(*s->s_v));
	s->s_v[s->s_n++] = buf_steal(&b);
}

/* The token at p: its length, and in *units its visible UTF-16 units (0
 * for a tag, 1 for an entity). */
static size_t
split_token(const char *p, size_t *units)
{
	unsigned char c = (unsigned char)*p;
	size_t n;

	*units = 1;
	if (c == '<') {
		*units = 0;
		n = strcspn(p, ">");
		return p[n] == '>' ? n + 1 : n;
	}
	if (c == '&') {
		n = strcspn(p, ";< \n");
		return p[n] == ';' ? n + 1 : 1;
	}
	if (c < 0x80)
		return 1;
	for (n = 1; (p[n] & 0xc0) == 0x80 && n < 4; n++)
		;
	if (c >= 0xf0)
		*units = 2;
	return n;
}

/* Follows tag at p (at offset i): pushed when it opens, popped when it
 * closes. */
static void
split_tag(struct open_tags *o, const char *text, size_t i, size_t len)
{
	if (text[i + 1] == '/') {
		if (o->o_n > 0)
			o->o_n--;
		return;
	}
	if (o->o_n < SPLIT_DEPTH) {
		o->o_at[o->o_n] = i;
		o->o_len[o->o_n++] = len;
	}
}

/* Splits text into pieces of at most max visible units. */
size_t
tg_format_split(const char *text, size_t max, char ***pieces)
{
	struct split s = { text, NULL, 0 };
	struct open_tags now = { 0 }, at_start = { 0 }, at_nl = { 0 };
	size_t i = 0, start = 0, nl = 0, vis = 0, vis_nl = 0, len, units;

	while (text[i] != '\0') {
		len = split_token(text + i, &units);
		if (units == 0) {
			split_tag(&now, text, i, len);
			i += len;
			continue;
		}
		if (vis + units > max && vis > 0) {
			if (nl > start) {	/* at the last line end */
				split_piece(&s, &at_start, start, nl, &at_nl);
				start = nl;
				at_start = at_nl;
				vis -= vis_nl;
			} else {		/* a line over the limit */
				split_piece(&s, &at_start, start, i, &now);
				start = i;
				at_start = now;
				vis = 0;
			}
			nl = start;
			continue;
		}
		vis += units;
		i += len;
		if (text[i - 1] == '\n') {
			nl = i;
			vis_nl = vis;
			at_nl = now;
		}
	}
	split_piece(&s, &at_start, start, i, &now);
	*pieces = s.s_v;
	return s.s_n;
}

/* Frees the pieces of tg_format_split(). */
void
tg_format_free(char **pieces, size_t n)
{
	size_t i;

	for (i = 0; pieces != NULL && i < n; i++)
		free(pieces[i]);
	free(pieces);
}
