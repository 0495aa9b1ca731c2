/* format.h - a mail's text as Telegram messages (parse_mode "HTML").
 *
 * Telegram shows a small subset of HTML: b, i, u, s, a href, code, pre and
 * blockquote, with &lt; &gt; &amp; &quot; and numeric entities.  An HTML
 * body is parsed with libxml2's HTML parser (the only file that knows
 * libxml2 is format.c) and written again in that subset: the tags it has
 * kept (their synonyms strong, em, ins, del, strike, ... mapped), block
 * elements as line breaks, list items as bullets, everything else
 * dropped with its text kept (script, style and head with their text),
 * every text escaped.  A plain text is only escaped.  A message longer
 * than Telegram's limit is split at line ends, each piece closing and
 * reopening the tags open across the cut.
 */
#ifndef PD_TG_FORMAT_H
#define PD_TG_FORMAT_H

#include <stddef.h>

/* Telegram's limit on a message's text, in UTF-16 code units after the
 * entities are parsed. */
#define TG_TEXT_MAX	4096

/* HTML (UTF-8, len bytes) in Telegram's subset; malloc'd, "" when it has
 * no text. */
char	*tg_format_html(const char *html, size_t len);
/* A plain text (UTF-8) escaped for Telegram's HTML; malloc'd. */
char	*tg_format_text(const char *text);
/* Splits a text of tg_format_*() into pieces of at most max visible
 * UTF-16 units each (cut at the last line end before the limit, or
 * inside a line that is longer); *pieces is a malloc'd array of n
 * malloc'd strings, free with tg_format_free().  Returns n (0 for an
 * empty text). */
size_t	 tg_format_split(const char *text, size_t max, char ***pieces);
void	 tg_format_free(char **pieces, size_t n);

#endif
