/* fuzz_hdr.c - libFuzzer target: the header decoding of parser/ alone
 * (RFC 2047 encoded words in subjects, display names and file names).
 *
 * The input is one raw header value.  mail_header_decode() must return
 * one line of valid UTF-8 without control characters, and a value with
 * no encoded word in it ("=?"), valid UTF-8 on one line without control
 * characters, must come back as it was, trimmed.  For one input in 256
 * (by its last byte and length; coverage feedback keeps the inputs that
 * go there) the value also becomes the From, To, Cc and Subject of a
 * small message and the filename and name of its attachment, which is
 * parsed and every such field read, so the address and parameter paths
 * (GMime's parsers after the words are unwrapped) run on it too.  Under
 * AddressSanitizer GMime takes a hundred times longer to build a message
 * than the decoder takes for a value, hence the one in 256; fuzz_mail
 * runs those paths on every whole mail.
 */
#include "config.h"

#include <glib.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "parser/parser.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Once: GMime. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	parser_init();
	return 0;
}

/* Aborts unless s is one line of valid UTF-8 without control bytes. */
static void
check_line(const char *s)
{
	const unsigned char *p;

	if (s == NULL || !g_utf8_validate(s, -1, NULL))
		abort();
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
}

/* Decodes the value alone and checks what comes back. */
static void
check_decode(const char *v, size_t n)
{
	char *d = mail_header_decode(v, n), *plain;
	size_t i;
	int simple = memchr(v, '\0', n) == NULL &&
	    g_utf8_validate(v, (gssize)n, NULL) && strstr(v, "=?") == NULL;

	check_line(d);
	for (i = 0; simple && i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			simple = 0;
	if (simple) {
		plain = g_strstrip(g_strndup(v, n));
		if (strcmp(plain, d) != 0)
			abort();
		g_free(plain);
	}
	free(d);
}

/* The value as a header body: line breaks become folds. */
static void
add_folded(struct buf *b, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i] == '\0' || v[i] == '\r')
			buf_addc(b, ' ');
		else if (v[i] == '\n')
			buf_add(b, "\n ", 2);
		else
			buf_addc(b, v[i]);
	}
}

/* A message with the value in every decoded field, parsed and read. */
static void
check_mail(const char *v, size_t n)
{
	static const char *const fields[] = { "From: ", "\nTo: ", "\nCc: ",
	    "\nSubject: ", "\nMIME-Version: 1.0\nContent-Type: multipart/"
	    "mixed; boundary=b\n\n--b\nContent-Type: application/x; name=",
	    "\nContent-Disposition: attachment; filename=" };
	struct buf b = BUF_INIT;
	struct mail *m;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(fields); i++) {
		buf_adds(&b, fields[i]);
		add_folded(&b, v, n);
	}
	buf_adds(&b, "\n\nx\n--b--\n");
	m = mail_parse_mem(b.b_data, b.b_len);
	check_line(m->m_subject);
	check_line(m->m_from.a_addr);
	if (m->m_from.a_name != NULL)
		check_line(m->m_from.a_name);
	for (i = 0; i < m->m_to.as_n; i++)
		if (m->m_to.as_v[i].a_name != NULL)
			check_line(m->m_to.as_v[i].a_name);
	for (i = 0; i < m->m_cc.as_n; i++)
		if (m->m_cc.as_v[i].a_name != NULL)
			check_line(m->m_cc.as_v[i].a_name);
	for (i = 0; i < m->m_natt; i++)
		if (m->m_att[i].at_filename != NULL)
			check_line(m->m_att[i].at_filename);
	mail_free(m);
	buf_free(&b);
}

/* One header value. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v;

	if (size > 4096)
		return 0;	/* a header line, not a mail */
	v = malloc(size + 1);
	if (v == NULL)
		return 0;
	memcpy(v, data, size);
	v[size] = '\0';
	check_decode(v, size);
	if (size > 0 && (data[size - 1] + size) % 256 == 0)
		check_mail(v, size);
	free(v);
	return 0;
}
