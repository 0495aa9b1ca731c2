/* check_redact_mail.c - redaction of whole mails, through parser/.
 *
 * Each mail under tests/data/redact/ hides secrets behind an encoding
 * (quoted-printable with a soft line break inside the secret, base64,
 * RFC 2047, Latin-1, HTML entities, a text attachment).  The mail is
 * parsed, rewritten with redact_text(), written out and parsed again:
 * no secret may be left in the written bytes, the text, the HTML, the
 * subject or a text attachment, and what support needs must stay.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "parser/parser.h"
#include "redact/redact.h"

#define MAXS	6

struct mcase {
	const char	*mc_file;
	const char	*mc_secret[MAXS];	/* must be gone everywhere */
	const char	*mc_keep[MAXS];		/* must stay in text+subject */
};

static const struct mcase mcases[] = {
	{ "qp-soft.eml",
	  { "Sommer2024", "482913", "mer2024", NULL },
	  { "Bestellung 40221133", "Grüße", "[redacted: password]",
	    "[redacted: otp]", NULL } },
	{ "base64-ru.eml",
	  { "Qwerty123zx", "8842", "123456", NULL },
	  { "Номер заказа 77889900", "Спасибо", "Мой пароль:",
	    "не работает", NULL } },
	{ "html-only.eml",
	  { "Tr0ub4dor", "8f3a9c2d71e4b6aa", NULL },
	  { "https://panel.example/reset-password",
	    "https://instagram.com/p/CxYz123AbC/", "Password:", NULL } },
	{ "alt-latin1.eml",
	  { "Gato_2023", "Gato=5F2023", "4111 1111 1111 1111", "CVV: 123",
	    NULL },
	  { "pedido 98765432", "contraseña", "llegó", "[redacted: card]",
	    NULL } },
	{ "subject-code.eml",
	  { "48-15-16", NULL },
	  { "Код подтверждения", "заказ 4821516", "[redacted: otp]", NULL } },
	{ "text-attachment.eml",
	  { "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1", "9012-3456", NULL },
	  { "https://t.me/mychannel", "Backup codes:", NULL } },
};

#define NMCASES	(sizeof(mcases) / sizeof(mcases[0]))

static struct redactor *rd;

/* The bytes of tests/data/redact/NAME. */
static char *
load(const char *name, size_t *lenp)
{
	const char	*dir = getenv("srcdir");
	char		 path[4096], chunk[8192];
	struct buf	 b = BUF_INIT;
	size_t		 n;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/tests/data/redact/%s",
	    dir != NULL ? dir : ".", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*lenp = b.b_len;
	return buf_steal(&b);
}

static const struct mail *cur;		/* the mail being rewritten */

/* The rewrite callback, as the intake calls it: redact_text_subj() with
 * the mail's subject and the counts as argument. */
static char *
redact_cb(const char *text, size_t len, void *arg)
{
	return redact_text_subj(rd, text, len, cur->m_subject, arg);
}

/* Fails when secret s is anywhere in the readable parts of m. */
static void
assert_gone(const struct mail *m, const char *s, const char *file)
{
	size_t	 i;

	ck_assert_msg(strstr(m->m_text, s) == NULL,
	    "%s: text: got %s, want no %s", file, m->m_text, s);
	ck_assert_msg(strstr(m->m_subject, s) == NULL,
	    "%s: subject: got %s, want no %s", file, m->m_subject, s);
	ck_assert_msg(m->m_html == NULL || strstr(m->m_html, s) == NULL,
	    "%s: html: got %s, want no %s", file, m->m_html, s);
	for (i = 0; i < m->m_natt; i++) {
		const struct mail_attachment *a = &m->m_att[i];
		char *d;

		if (a->at_data == NULL || strncmp(a->at_content_type, "text/",
		    5) != 0)
			continue;
		d = strndup((const char *)a->at_data, a->at_size);
		ck_assert_msg(strstr(d, s) == NULL,
		    "%s: attachment %s: got %s, want no %s", file,
		    a->at_filename ? a->at_filename : "?", d, s);
		free(d);
	}
}

/* Parse, rewrite, write, parse again: the secrets are gone everywhere. */
START_TEST(test_mail)
{
	const struct mcase *c = &mcases[_i];
	struct redact_counts counts;
	struct buf	 out = BUF_INIT;
	struct mail	*m, *again;
	char		*raw, *both;
	size_t		 len, k;
	int		 n;

	memset(&counts, 0, sizeof(counts));
	raw = load(c->mc_file, &len);
	m = mail_parse_mem(raw, len);
	ck_assert_ptr_nonnull(m);
	cur = m;
	n = mail_rewrite(m, redact_cb, &counts);
	ck_assert_msg(n > 0, "%s: got %d texts rewritten, want > 0",
	    c->mc_file, n);
	ck_assert_uint_gt(redact_total(&counts), 0);
	mail_write(m, &out);
	again = mail_parse_mem(out.b_data, out.b_len);
	for (k = 0; k < MAXS && c->mc_secret[k] != NULL; k++) {
		ck_assert_msg(strstr(out.b_data, c->mc_secret[k]) == NULL,
		    "%s: written: got %s, want no %s", c->mc_file, out.b_data,
		    c->mc_secret[k]);
		assert_gone(m, c->mc_secret[k], c->mc_file);
		assert_gone(again, c->mc_secret[k], c->mc_file);
	}
	both = NULL;
	if (asprintf(&both, "%s\n%s", again->m_subject, again->m_text) < 0)
		ck_abort_msg("out of memory");
	for (k = 0; k < MAXS && c->mc_keep[k] != NULL; k++)
		ck_assert_msg(strstr(both, c->mc_keep[k]) != NULL,
		    "%s: got %s, want %s kept", c->mc_file, both,
		    c->mc_keep[k]);
	free(both);
	mail_free(again);
	mail_free(m);
	buf_free(&out);
	free(raw);
}
END_TEST

/* Builds the redactor once for the suite. */
static void
setup(void)
{
	char	 err[256];

	rd = redactor_new(NULL, 0, err, sizeof(err));
	ck_assert_msg(rd != NULL, "redactor_new: %s", err);
}

/* Frees the redactor. */
static void
teardown(void)
{
	redactor_free(rd);
	rd = NULL;
}

/* The suite: one loop over the mails. */
static Suite *
redact_mail_suite(void)
{
	Suite	*s = suite_create("redact_mail");
	TCase	*tc = tcase_create("mails");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_mail, 0, (int)NMCASES);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 nfail;

	parser_init();
	sr = srunner_create(redact_mail_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	parser_shutdown();
	return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
