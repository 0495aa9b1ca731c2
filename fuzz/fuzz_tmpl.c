/* fuzz_tmpl.c - libFuzzer target: the template renderer and the composer
 * of outgoing mail.
 *
 * The input is split at NUL bytes.  The first piece is a template, the
 * others are the values of the variables our templates use; the same
 * pieces are also the fields of a struct mail_out.  The composed
 * message must keep every header on its own CRLF-ended line: no value may
 * add a header line, and no lone CR or LF may appear in the header block.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "notifier/notifier.h"
#include "parser/parser.h"

#define NPIECES	16

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *names[] = {
	"number", "tag", "subject", "priority", "first_response", "due_at",
	"requester_name", "agent_name", "from_name", "support_address",
	"body", "redacted", "redacted_kinds", "missing_any", "missing_link",
	"missing_order_id", "missing_status",
};
#define NNAMES	(sizeof(names) / sizeof(names[0]))

/* The headers mail_compose() may write, each at most once. */
static const char *headers[] = {
	"Date", "From", "To", "Reply-To", "Subject", "Message-Id",
	"In-Reply-To", "References", "Auto-Submitted", "X-Loop",
	"MIME-Version", "Content-Type", "Content-Transfer-Encoding",
	"Precedence", "X-Auto-Response-Suppress",
};
#define NHEADERS	(sizeof(headers) / sizeof(headers[0]))

/* Checks the header block of a composed message. */
static void
check_headers(const char *msg, size_t len)
{
	int seen[NHEADERS];
	const char *p = msg, *end = msg + len, *eol, *colon;
	size_t i, n;

	memset(seen, 0, sizeof(seen));
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL || eol == p || eol[-1] != '\r')
			abort();	/* no CRLF, or a bare LF */
		if (memchr(p, '\r', (size_t)(eol - 1 - p)) != NULL)
			abort();	/* a CR inside the line */
		if (eol - 1 == p)
			return;		/* the blank line: body follows */
		if (*p == ' ' || *p == '\t') {
			p = eol + 1;	/* a continuation */
			continue;
		}
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon == NULL)
			abort();
		n = (size_t)(colon - p);
		for (i = 0; i < NHEADERS; i++)
			if (strlen(headers[i]) == n &&
			    strncmp(headers[i], p, n) == 0)
				break;
		if (i == NHEADERS || seen[i]++)
			abort();	/* an injected header */
		p = eol + 1;
	}
	abort();			/* no end of the header block */
}

/* Renders the template and composes a message of the pieces. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *piece[NPIECES];
	struct tmpl_var vars[NNAMES];
	struct mail_out nm;
	struct mail_addr to;
	struct buf out = BUF_INIT;
	char err[256], *s;
	size_t i, np = 0, off = 0;
	static int init;

	if (!init) {
		parser_init();
		init = 1;
	}
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	while (np < NPIECES && off <= size) {
		piece[np++] = s + off;
		off += strlen(s + off) + 1;
	}
	for (i = np; i < NPIECES; i++)
		piece[i] = "";
	for (i = 0; i < NNAMES; i++) {
		vars[i].tv_name = names[i];
		vars[i].tv_value = i + 1 < NPIECES ? piece[i + 1] : NULL;
	}
	tmpl_render(piece[0], strlen(piece[0]), vars, NNAMES, &out, err,
	    sizeof(err));
	buf_reset(&out);

	memset(&nm, 0, sizeof(nm));
	nm.mo_from_addr = piece[1];
	nm.mo_from_name = piece[2];
	to.a_addr = (char *)piece[3];
	to.a_name = (char *)piece[4];
	nm.mo_to = &to;
	nm.mo_nto = 1;
	nm.mo_reply_to = piece[5];
	nm.mo_subject = piece[6];
	nm.mo_message_id = piece[7];
	nm.mo_in_reply_to = piece[8];
	nm.mo_references = &piece[9];
	nm.mo_nreferences = 3;
	nm.mo_auto_submitted = *piece[12] != '\0' ? piece[12] : NULL;
	nm.mo_x_loop = piece[13];
	nm.mo_text = piece[0];
	mail_compose(&nm, (time_t)1700000000, &out);
	check_headers(out.b_data, out.b_len);
	buf_free(&out);
	free(s);
	return 0;
}
