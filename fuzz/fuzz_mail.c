/* fuzz_mail.c - libFuzzer target: a raw mail through the parser, the
 * redactor (as mail_rewrite's function) and back out with mail_write();
 * mail_write_fd() into a memory file must write the same bytes and their
 * SHA-256 (big mails are stored that way).
 *
 * The input is the whole message.  Every field of the struct mail is read
 * so that a string that is not NUL-terminated or a count that is wrong
 * shows up under AddressSanitizer.
 */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/digest.h"
#include "parser/parser.h"
#include "redact/redact.h"

static struct redactor *rd;
static int memfd = -1;

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The rewrite function: the redactor's built-in rules. */
static char *
redact_fn(const char *text, size_t len, void *arg)
{
	struct redact_counts *rc = arg;

	return redact_text(rd, text, len, rc);
}

/* Touches every string of an address list. */
static size_t
addrs_len(const struct mail_addrs *as)
{
	size_t i, n = 0;

	for (i = 0; i < as->as_n; i++) {
		n += strlen(as->as_v[i].a_addr);
		if (as->as_v[i].a_name != NULL)
			n += strlen(as->as_v[i].a_name);
	}
	return n;
}

/* Touches every string a parsed mail holds. */
static size_t
mail_len(const struct mail *m)
{
	size_t i, n;

	n = strlen(m->m_subject) + strlen(m->m_from.a_addr) +
	    strlen(m->m_reply_to.a_addr) + strlen(m->m_text);
	n += addrs_len(&m->m_to) + addrs_len(&m->m_cc);
	if (m->m_new_len > strlen(m->m_text))
		abort();
	if (m->m_html != NULL)
		n += strlen(m->m_html);
	if (m->m_message_id != NULL)
		n += strlen(m->m_message_id);
	if (m->m_in_reply_to != NULL)
		n += strlen(m->m_in_reply_to);
	for (i = 0; i < m->m_nreferences; i++)
		n += strlen(m->m_references[i]);
	for (i = 0; i < m->m_nauth_results; i++)
		n += strlen(m->m_auth_results[i]);
	for (i = 0; i < m->m_nwarnings; i++)
		n += strlen(m->m_warnings[i]);
	for (i = 0; i < m->m_natt; i++) {
		n += strlen(m->m_att[i].at_content_type);
		if (m->m_att[i].at_filename != NULL)
			n += strlen(m->m_att[i].at_filename);
		if (strlen(m->m_att[i].at_sha256) != 64)
			abort();
	}
	return n;
}

/* Once: GMime and the built-in redaction rules. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	parser_init();
	rd = redactor_new(NULL, 0, err, sizeof(err));
	if (rd == NULL)
		abort();
	if ((memfd = memfd_create("fuzz_mail", 0)) < 0)
		abort();
	return 0;
}

/* mail_write_fd() writes what mail_write() wrote, and hashes it. */
static void
check_write_fd(struct mail *m, const struct buf *want)
{
	char sha[65], wsha[DIGEST_HEX_LEN];
	char *got;

	if (ftruncate(memfd, 0) < 0 || lseek(memfd, 0, SEEK_SET) != 0 ||
	    mail_write_fd(m, memfd, sha) != (off_t)want->b_len)
		abort();
	got = malloc(want->b_len + 1);
	if (pread(memfd, got, want->b_len, 0) != (ssize_t)want->b_len ||
	    (want->b_len > 0 && memcmp(got, want->b_data, want->b_len) != 0))
		abort();
	free(got);
	digest_sha256_hex(want->b_data != NULL ? want->b_data : "",
	    want->b_len, wsha);
	if (strcmp(sha, wsha) != 0)
		abort();
}

/* Parse, redact, write; the redacted output is parsed once more. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct redact_counts rc;
	struct buf out = BUF_INIT, body = BUF_INIT;
	struct mail *m, *m2;
	volatile size_t sink;

	memset(&rc, 0, sizeof(rc));
	m = mail_parse_mem((const char *)data, size);
	if (m == NULL)
		abort();
	sink = mail_len(m);
	mail_rewrite(m, redact_fn, &rc);
	sink += mail_len(m);
	mail_write(m, &out);
	check_write_fd(m, &out);
	mail_write_body(m, &body);
	m2 = mail_parse_mem(out.b_data != NULL ? out.b_data : "", out.b_len);
	sink += mail_len(m2);
	(void)sink;
	mail_free(m2);
	mail_free(m);
	buf_free(&out);
	buf_free(&body);
	return 0;
}
