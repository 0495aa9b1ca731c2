/* parser.c - mail_parse_mem(), mail_parse_fd(), mail_free(): the GMime
 * message behind a struct mail and its decoded top-level headers.
 *
 * Parser options live as long as the message (GMime decodes headers with
 * them), carry a fallback charset list for undeclared 8-bit text and a
 * warning callback that records GMime's complaints on the message.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "parser/priv.h"

static const char *fallback_charsets[] = {
	"UTF-8", "windows-1252", "iso-8859-1", NULL
};

static const char *warning_names[] = {
	"", "duplicated header", "duplicated parameter",
	"unencoded 8-bit header", "invalid content type",
	"invalid RFC 2047 header value", "malformed multipart",
	"truncated message", "malformed message", "invalid header name",
	"conflicting header", "conflicting parameter",
	"multipart without boundary", "invalid parameter",
	"invalid address list", "nesting overflow", "part without content",
	"part without headers or content"
};

/* Once per process: GMime's tables and charset maps. */
void
parser_init(void)
{
	g_mime_init();
}

/* Releases GMime's global state. */
void
parser_shutdown(void)
{
	g_mime_shutdown();
}

/* Records one warning on the message, up to PARSER_MAX_WARNINGS. */
void
parser_add_warning(struct mail *m, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (m->m_nwarnings >= PARSER_MAX_WARNINGS) {
		m->m_priv->p_dropped++;
		return;
	}
	va_start(ap, fmt);
	s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	m->m_warnings = xreallocarray(m->m_warnings, m->m_nwarnings + 1,
	    sizeof(char *));
	m->m_warnings[m->m_nwarnings++] = xstrdup(s);
	g_free(s);
}

/* GMime's warning callback: the text and the offset, never the item
 * itself (it may be a header value with a secret in it). */
static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer arg)
{
	struct mail *m = arg;
	const char *name = "parser warning";

	(void)item;
	if ((size_t)code < G_N_ELEMENTS(warning_names) && code > 0)
		name = warning_names[code];
	parser_add_warning(m, "%s at offset %lld", name, (long long)offset);
	if (code == GMIME_CRIT_NESTING_OVERFLOW)
		m->m_flags |= MAIL_F_TRUNCATED;
}

/* Parses the stream (taken over) into a new struct mail. */
static struct mail *
parse_stream(GMimeStream *stream, int fd)
{
	struct mail *m = xcalloc(1, sizeof(*m));
	struct mail_priv *p = xcalloc(1, sizeof(*p));
	GMimeParser *parser;

	m->m_priv = p;
	p->p_fd = fd;
	p->p_stream = stream;
	p->p_opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(p->p_opts,
	    fallback_charsets);
	g_mime_parser_options_set_warning_callback(p->p_opts, on_warning, m);

	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_persist_stream(parser, TRUE);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	p->p_msg = g_mime_parser_construct_message(parser, p->p_opts);
	g_object_unref(parser);
	/* Later decoding must not call back into a freed mail. */
	g_mime_parser_options_set_warning_callback(p->p_opts, NULL, NULL);

	if (p->p_msg != NULL && g_mime_header_list_get_count(
	    g_mime_object_get_header_list(GMIME_OBJECT(p->p_msg))) == 0) {
		g_object_unref(p->p_msg);
		p->p_msg = NULL;
	}
	if (p->p_msg == NULL) {
		m->m_flags |= MAIL_F_UNPARSEABLE;
		parser_add_warning(m, "not a MIME message");
	} else
		guard_sanitize(m, GMIME_OBJECT(p->p_msg));
	if (p->p_dropped > 0) {
		m->m_warnings = xreallocarray(m->m_warnings,
		    m->m_nwarnings + 1, sizeof(char *));
		m->m_warnings[m->m_nwarnings++] = xasprintf("%d more warnings "
		    "not kept", p->p_dropped);
	}
	parser_fill(m);
	return m;
}

/* Parses n bytes of a message held in memory. */
struct mail *
mail_parse_mem(const char *data, size_t n)
{
	GMimeStream *s;

	s = g_mime_stream_mem_new_with_buffer(data, n);
	return parse_stream(s, -1);
}

/* Parses a message from an open file, reading it as GMime needs it. */
struct mail *
mail_parse_fd(int fd)
{
	GMimeStream *s;

	s = g_mime_stream_fs_new(fd);
	g_mime_stream_fs_set_owner(GMIME_STREAM_FS(s), FALSE);
	return parse_stream(s, fd);
}

/* Frees the mail, its strings and its GMime objects. */
void
mail_free(struct mail *m)
{
	size_t i;

	if (m == NULL)
		return;
	parser_clear(m);
	for (i = 0; i < m->m_nwarnings; i++)
		free(m->m_warnings[i]);
	free(m->m_warnings);
	if (m->m_priv->p_msg != NULL)
		g_object_unref(m->m_priv->p_msg);
	g_object_unref(m->m_priv->p_stream);
	g_mime_parser_options_free(m->m_priv->p_opts);
	free(m->m_priv);
	free(m);
}
