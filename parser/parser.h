/* parser.h - raw RFC 5322/MIME bytes into a struct mail (GMime 3 inside).
 *
 * The only module that knows GMime.  mail_parse_*() never fails on bad
 * input: problems are recorded in m_warnings, and a message that cannot be
 * made sense of at all comes back with MAIL_F_UNPARSEABLE set (its text
 * empty, its raw bytes still available through mail_write()).  Every string
 * is UTF-8 (decoded from RFC 2047/2231 and legacy charsets), NUL-terminated,
 * owned by the struct mail and freed by mail_free().
 *
 * mail_rewrite() runs a function over every human-readable text (subject,
 * text/plain, text/html, other text/ attachments) and replaces what it
 * changes inside the MIME tree, so mail_write() and mail_write_body() then
 * give the rewritten message; nothing of the old content is kept.
 */
#ifndef PD_PARSER_H
#define PD_PARSER_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "common/buf.h"

struct mail_addr {
	char	*a_name;		/* display name, may be NULL */
	char	*a_addr;		/* lower-cased addr-spec, never NULL */
};

struct mail_addrs {
	struct mail_addr *as_v;
	size_t		  as_n;
};

struct mail_attachment {
	char	*at_filename;		/* decoded, may be NULL */
	char	*at_content_type;	/* "type/subtype", lower-case */
	char	*at_content_id;		/* without <>, may be NULL */
	size_t	 at_size;		/* decoded bytes */
	char	 at_sha256[65];		/* of the decoded bytes */
	unsigned char *at_data;		/* decoded bytes (at_size of them);
					 * NULL for a non-text attachment
					 * over MAIL_ATT_MEM_MAX: read it
					 * with mail_att_read() */
	int	 at_inline;		/* Content-Disposition inline / cid */
	int	 at_winmail;		/* application/ms-tnef, winmail.dat */
};

/* at_data is kept up to this: a mail's many middling attachments would
 * add up in memory, and store/ streams bigger ones from mail_att_read(). */
#define MAIL_ATT_MEM_MAX	(1u << 20)

#define MAIL_F_UNPARSEABLE	0x01	/* not a MIME message at all */
#define MAIL_F_MULTIPART_REPORT	0x02	/* a DSN or MDN (multipart/report) */
#define MAIL_F_HTML_ONLY	0x04	/* text came from HTML */
#define MAIL_F_HAS_LIST		0x08	/* List-Id, List-Unsubscribe, ... */
#define MAIL_F_TRUNCATED	0x10	/* limits reached (parts, depth) */

struct mail {
	char		*m_subject;		/* decoded; "" when absent */
	struct mail_addr m_from;		/* a_addr "" when absent */
	struct mail_addr m_reply_to;		/* a_addr "" when absent */
	struct mail_addrs m_to;
	struct mail_addrs m_cc;
	char		*m_date;		/* raw header, may be NULL */
	time_t		 m_date_t;		/* 0 when absent/bad */
	char		*m_message_id;		/* without <>, may be NULL */
	char		*m_in_reply_to;		/* without <>, may be NULL */
	char		**m_references;		/* without <>, oldest first */
	size_t		 m_nreferences;
	char		*m_auto_submitted;	/* may be NULL */
	char		*m_precedence;		/* may be NULL */
	char		*m_x_loop;		/* may be NULL */
	char		*m_importance;		/* Importance, may be NULL */
	char		*m_x_priority;		/* X-Priority, may be NULL */
	char		*m_content_language;	/* Content-Language of the
						 * message, may be NULL */
	char		**m_auth_results;	/* Authentication-Results */
	size_t		 m_nauth_results;
	char		*m_report_type;		/* report-type=, may be NULL */

	char		*m_text;		/* whole readable body text */
	size_t		 m_new_len;		/* m_text[0..m_new_len) is new */
	char		*m_html;		/* HTML source, may be NULL */

	struct mail_attachment *m_att;
	size_t		 m_natt;

	char		**m_warnings;		/* GMime's complaints */
	size_t		 m_nwarnings;
	int		 m_flags;		/* MAIL_F_* */

	struct mail_priv *m_priv;		/* GMime objects */
};

/* Once per process, before threads: g_mime_init(). */
void		 parser_init(void);
void		 parser_shutdown(void);

/* Parses n bytes (copied as needed). */
struct mail	*mail_parse_mem(const char *, size_t);
/* Parses from an open file without reading it all into memory; the fd
 * stays the caller's but must stay open until mail_free(). */
struct mail	*mail_parse_fd(int fd);
void		 mail_free(struct mail *);	/* NULL is fine */

/* Streams the decoded bytes of m_att[i] to fn in chunks (works whether
 * at_data is set or not).  Returns 0, the first non-zero value fn
 * returned (which stops the reading), or -1 for a bad index. */
int		 mail_att_read(struct mail *, size_t i,
		    int (*fn)(const void *, size_t, void *), void *arg);

/* An unstructured header value (a Subject) with its RFC 2047 encoded
 * words decoded, as one trimmed line of valid UTF-8; the caller frees. */
char		*mail_header_decode(const char *raw, size_t n);

/* Called with each text (UTF-8).  Returns NULL when it changes nothing,
 * or a new malloc'd string that replaces the text. */
typedef char	*(*mail_rewrite_fn)(const char *text, size_t len, void *arg);
/* Returns how many texts were replaced. */
int		 mail_rewrite(struct mail *, mail_rewrite_fn, void *arg);

/* Also a multipart's prologue and epilogue, and the raw bytes of a
 * MAIL_F_UNPARSEABLE message. */

/* The whole message (headers and body) as it is now; GMime writes
 * headers with LF line ends, bodies keep the line ends they came with. */
void		 mail_write(struct mail *, struct buf *);
/* Only the body (after the header block), for a milter's body replace. */
void		 mail_write_body(struct mail *, struct buf *);
/* The same into an open file, from its current offset, for a message too
 * big to copy into memory: parts left as they came are copied from the
 * input in pieces.  sha256 (may be NULL, else 65 bytes) gets the hex
 * SHA-256 of what was written.  Returns the bytes written, or -1 with
 * errno set (ENOSPC, ...), the file then holding an unknown part. */
off_t		 mail_write_fd(struct mail *, int fd, char *sha256);
/* Not for a MAIL_F_UNPARSEABLE message (-1, EINVAL). */
off_t		 mail_write_body_fd(struct mail *, int fd);

/* --- writing: the mail postdesk sends (compose.c) ---------------------- */

/* A file attached from memory (what a chat door gathered). */
struct mail_file {
	const char		*mf_filename;		/* may be NULL */
	const char		*mf_content_type;	/* NULL: octet-stream */
	const void		*mf_data;
	size_t			 mf_len;
};

struct mail_out {
	const char		*mo_from_addr;
	const char		*mo_from_name;		/* may be NULL */
	const struct mail_addr	*mo_to;			/* mo_nto of them */
	size_t			 mo_nto;
	const struct mail_addr	*mo_cc;			/* may be NULL */
	size_t			 mo_ncc;
	const char		*mo_reply_to;		/* may be NULL */
	const char		*mo_subject;		/* UTF-8 */
	const char		*mo_message_id;		/* without <> */
	const char		*mo_in_reply_to;	/* may be NULL */
	const char *const	*mo_references;		/* may be NULL */
	size_t			 mo_nreferences;
	const char		*mo_auto_submitted;	/* NULL: a person's */
	const char		*mo_x_loop;		/* may be NULL */
	const char		*mo_content_language;	/* "ru", may be NULL */
	const char		*mo_text;		/* UTF-8 */
	const char		*mo_html;		/* may be NULL */
	struct mail		*mo_parts;		/* may be NULL */
	const struct mail_file	*mo_files;		/* after mo_parts' */
	size_t			 mo_nfiles;
};

/* Builds the message with GMime: headers encoded and folded, names,
 * subject and ids cleaned of anything that could start a header; the
 * text as text/plain, with mo_html as multipart/alternative; every
 * attachment of mo_parts (a parsed message) after it, byte for byte, the
 * images mo_html shows by "cid:" in a multipart/related with the HTML,
 * then the files of mo_files.
 * UTF-8, quoted-printable texts, base64 attachments, CRLF line ends.
 * mail_compose() appends it to out; mail_compose_fd() writes it into fd
 * (attachments streamed from their source) and returns its length, or -1
 * with errno set. */
void		 mail_compose(const struct mail_out *, time_t now,
		    struct buf *out);
off_t		 mail_compose_fd(const struct mail_out *, time_t now, int fd);
/* The value of header name for text (UTF-8): cleaned of controls,
 * RFC 2047-encoded where needed and folded ("\n" and a blank); malloc'd. */
char		*mail_header_encode(const char *name, const char *text);
/* The HTML document html with the plain texts before and after (may be
 * NULL) HTML-escaped and put in as the first and last of its body, their
 * line breaks kept; malloc'd. */
char		*mail_html_frame(const char *html, const char *before,
		    const char *after);
/* A mailbox as a header value, "Name <addr>" (name may be NULL),
 * encoded and cleaned as above; malloc'd. */
char		*mail_header_address(const char *name, const char *addr);

#endif
