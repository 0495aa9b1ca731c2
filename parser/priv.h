/* priv.h - what the files of parser/ share; never included outside it.
 *
 * struct mail_priv keeps the GMime objects behind a struct mail: the
 * parsed message, the parser options its headers were decoded with, and
 * the raw bytes (or fd) for messages GMime could not make sense of.
 */
#ifndef PD_PARSER_PRIV_H
#define PD_PARSER_PRIV_H

#include <gmime/gmime.h>

#include "parser/parser.h"

#define PARSER_MAX_DEPTH	32	/* nested multiparts / messages */
#define PARSER_MAX_PARTS	1000	/* leaves and containers visited */
#define PARSER_MAX_WARNINGS	64	/* kept on the message */
#define PARSER_MAX_TEXT		(8u << 20)	/* bytes of m_text */
#define PARSER_MAX_ATT_MEM	MAIL_ATT_MEM_MAX

struct mail_priv {
	GMimeParserOptions *p_opts;
	GMimeMessage	*p_msg;		/* NULL when unparseable */
	GMimeStream	*p_stream;	/* the mem or fs stream parsed */
	char		*p_raw;		/* copy for mail_parse_mem() */
	size_t		 p_rawlen;
	int		 p_fd;		/* -1 for memory input */
	int		 p_dropped;	/* warnings not kept */
	GPtrArray	*p_att_parts;	/* GMimePart of each m_att[i] */
};

/* parser.c */
void	 parser_add_warning(struct mail *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Fills every field from p_msg (after parse and after a rewrite). */
void	 parser_fill(struct mail *);
/* Frees what parser_fill() set (not m_warnings, not m_priv). */
void	 parser_clear(struct mail *);

/* walk.c: body text and attachments of the message. */
void	 walk_message(struct mail *, GMimeMessage *);
/* Decoded bytes of a leaf part's content into a new buffer. */
unsigned char *walk_part_bytes(GMimePart *, size_t *lenp);
/* Decoded content of a text part converted to UTF-8 (always valid). */
char	*walk_part_text(GMimePart *, size_t *lenp);
/* Converts n bytes in charset to valid UTF-8 (fallback charsets). */
char	*walk_to_utf8(const char *charset, const char *, size_t, size_t *);

/* html.c: readable text of an HTML document, links kept. */
char	*html_to_text(const char *, size_t);

/* quote.c: where the new text ends (quoted history, signature). */
size_t	 quote_new_len(const char *, size_t);
/* Joins format=flowed lines (RFC 3676); delsp as in the parameter. */
char	*quote_unflow(const char *, size_t, int delsp, size_t *lenp);

/* hdr.c: RFC 2047 decoding that GMime 3.2.13 gets wrong. */
/* n bytes as valid UTF-8 on one line, trimmed (new memory). */
char	*parser_clean(const char *, size_t);
/* n bytes in charset cs as UTF-8 (new memory, *lenp bytes) through
 * GMime's iconv cache, or NULL when cs is unknown or the bytes are not
 * all in cs. */
char	*parser_iconv(const char *cs, const char *, size_t, size_t *lenp);
/* An unstructured header value decoded to UTF-8 (new memory). */
char	*hdr_decode_text(const char *raw, size_t n);
/* A structured value with its encoded words decoded into quoted
 * strings, or NULL when it has none. */
char	*hdr_unwrap_words(const char *raw);
/* The decoded Subject of a message, or NULL. */
char	*hdr_subject(GMimeObject *);
/* Mailboxes of every header field called name (g_object_unref()). */
InternetAddressList *hdr_addresses(GMimeObject *, GMimeParserOptions *,
	    const char *name);
/* A part's decoded file name, or NULL. */
char	*hdr_filename(GMimePart *, GMimeParserOptions *);

/* guard.c: removes hazardous Content-* parameters (GMime issue 165). */
int	 guard_sanitize(struct mail *, GMimeObject *);

/* fdstream.c: a stream writing into fd that keeps its first failure,
 * counts and (when sha) hashes what it wrote. */
GMimeStream *fdstream_new(int fd, int sha);
/* Bytes written, or -1 with errno set; sha (may be NULL) gets the hex
 * SHA-256 of a hashing stream. */
gint64	 fdstream_result(GMimeStream *, char *sha);

#endif
