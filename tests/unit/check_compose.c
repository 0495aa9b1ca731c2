/* check_compose.c - the composer (parser/compose.c): what it builds parses
 * back to the same headers, texts and attachment bytes, and nothing put
 * into a name, subject, address or id can add a header.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/digest.h"
#include "common/xalloc.h"
#include "parser/parser.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

#ifndef DATA_DIR
#define DATA_DIR "tests/data/parser"
#endif

/* Checks that every line ends in CRLF, that header lines stay within
 * hdr_max columns unless they hold one unbreakable word, and that the
 * header names are the composer's own; *hdr_end is the header block's
 * length. */
static void
check_shape(const char *msg, size_t len, int hdr_max, size_t *hdr_end)
{
	static const char *const ok[] = { "Date:", "From:", "To:", "Cc:",
	    "Reply-To:", "Subject:", "Message-Id:", "In-Reply-To:",
	    "References:", "Auto-Submitted:", "X-Auto-Response-Suppress:",
	    "X-Loop:", "Content-Language:", "MIME-Version:", "Content-Type:",
	    "Content-Transfer-Encoding:" };
	const char *p = msg, *eol, *end = msg + len;
	int in_body = 0;
	size_t k;

	*hdr_end = 0;
	for (; p < end; p = eol + 2) {
		eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		ck_assert_msg(eol != NULL, "got a last line without CRLF");
		ck_assert_msg(memchr(p, '\n', (size_t)(eol - p)) == NULL &&
		    memchr(p, '\r', (size_t)(eol - p)) == NULL,
		    "got a bare CR or LF in %.*s", (int)(eol - p), p);
		if (in_body)
			continue;
		if (eol == p) {
			in_body = 1;
			*hdr_end = (size_t)(p - msg);
			continue;
		}
		ck_assert_msg(eol - p <= hdr_max ||
		    memchr(p + 1, ' ', (size_t)(eol - p - 1)) == NULL ||
		    strncmp(p, "References:", 11) == 0,
		    "got a header line of %d columns: %.*s", (int)(eol - p),
		    (int)(eol - p), p);
		if (*p == ' ' || *p == '\t')
			continue;
		for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
			if (strncasecmp(p, ok[k], strlen(ok[k])) == 0)
				break;
		ck_assert_msg(k < sizeof(ok) / sizeof(ok[0]),
		    "got header line %.*s", (int)(eol - p), p);
	}
	ck_assert_msg(in_body, "got no blank line after the headers");
}

static const char *const refs[] = { "a1@example.test",
    "verylongidentifier-0123456789-0123456789-0123456789@customer.example.test",
    "b2@x>\r\nBcc: evil@x", "c3@example.test", "d4@example.test" };

static const struct {
	const char	*subject;
	const char	*want_subject;
	const char	*from_name;
	const char	*want_from_name;	/* NULL: none */
	const char	*to_addr;
	const char	*want_to;
	const char	*text;
	const char	*want_text;
} cases[] = {
	{ "Hello", "Hello", "Support", "Support", "ann@example.test",
	    "ann@example.test", "Hi\n", "Hi\n" },
	{ "x\r\nBcc: victim@x", "x Bcc: victim@x", "Evil\r\nBcc: v@x",
	    "Evil Bcc: v@x", "ann@example.test\r\nBcc: v@x",
	    "ann@example.testbccv", "b", "b" },
	{ "Grüße aus Köln – Bestellung 4711",
	    "Grüße aus Köln – Bestellung 4711", "Jürgen Support",
	    "Jürgen Support", "ann@example.test", "ann@example.test",
	    "Grüße\n", "Grüße\n" },
	{ "回复: 订单问题 [Ticket#10042] "
	    "我的订单一直处于待处理状态，请帮忙查看一下谢谢",
	    "回复: 订单问题 [Ticket#10042] "
	    "我的订单一直处于待处理状态，请帮忙查看一下谢谢",
	    NULL, NULL, "ann@example.test", "ann@example.test", "x", "x" },
	{ "A fairly long plain ASCII subject line that must be folded "
	    "somewhere before column seventy-eight [Ticket#10042]",
	    "A fairly long plain ASCII subject line that must be folded "
	    "somewhere before column seventy-eight [Ticket#10042]",
	    "\"Quoted\" Name, Inc.", "\"Quoted\" Name, Inc.",
	    "ann@example.test", "ann@example.test", "a\r\nb\nc\n",
	    "a\nb\nc\n" },
	/* GMime leaves a word that looks encoded as it is: it reads back
	 * decoded, which is all it can do (it cannot add a line) */
	{ "=?UTF-8?B?Zm9v?= looks encoded", "foo looks encoded",
	    "Bob", "Bob", "bob@example.test", "bob@example.test",
	    "trailing space \nand tab\t\n.dot\nFrom x\n= sign\n",
	    "trailing space \nand tab\t\n.dot\nFrom x\n= sign\n" },
	{ "bad \xff\xfe utf8 \x01\x7f", "bad \xef\xbf\xbd\xef\xbf\xbd utf8",
	    "B\xc3", "B\xef\xbf\xbd", "bob@example.test", "bob@example.test",
	    "bad \xc3\x28 byte\n", "bad \xef\xbf\xbd( byte\n" },
	{ "", "", "", NULL, "bob@example.test", "bob@example.test",
	    "A very long line of body text that goes on and on without any "
	    "break at all, well past seventy-six characters, with Ünïcödé "
	    "and = signs ==== to make the encoder work for its living.\n",
	    "A very long line of body text that goes on and on without any "
	    "break at all, well past seventy-six characters, with Ünïcödé "
	    "and = signs ==== to make the encoder work for its living.\n" },
};

/* text without CRs and without line ends at its end, malloc'd. */
static char *
plain_lines(const char *text)
{
	char *r = xstrdup(text), *q = r;
	const char *p;

	for (p = text; *p != '\0'; p++)
		if (*p != '\r')
			*q++ = *p;
	while (q > r && q[-1] == '\n')
		q--;
	*q = '\0';
	return r;
}

/* Headers and text come back from the parser as they were given,
 * cleaned of what could start a header. */
START_TEST(test_compose_roundtrip)
{
	struct mail_out mo;
	struct mail_addr to = { NULL, NULL };
	struct buf out = BUF_INIT;
	struct mail *m;
	size_t hdr_end;
	char *got, *want;

	memset(&mo, 0, sizeof(mo));
	to.a_name = "Ann <ann@evil>";
	to.a_addr = (char *)cases[_i].to_addr;
	mo.mo_from_addr = "support@example.test";
	mo.mo_from_name = cases[_i].from_name;
	mo.mo_to = &to;
	mo.mo_nto = 1;
	mo.mo_reply_to = "support@example.test";
	mo.mo_subject = cases[_i].subject;
	mo.mo_message_id = "pd.10042.abc@example.test";
	mo.mo_in_reply_to = "cust-1@customer.example.test";
	mo.mo_references = refs;
	mo.mo_nreferences = sizeof(refs) / sizeof(refs[0]);
	mo.mo_auto_submitted = "auto-replied";
	mo.mo_x_loop = "support@example.test";
	mo.mo_text = cases[_i].text;
	mail_compose(&mo, 1795300000, &out);
	check_shape(out.b_data, out.b_len, 78, &hdr_end);
	m = mail_parse_mem(out.b_data, out.b_len);
	ck_assert_msg(strcmp(m->m_subject, cases[_i].want_subject) == 0,
	    "got subject %s, want %s", m->m_subject, cases[_i].want_subject);
	ck_assert_msg(cases[_i].want_from_name == NULL ?
	    m->m_from.a_name == NULL : m->m_from.a_name != NULL &&
	    strcmp(m->m_from.a_name, cases[_i].want_from_name) == 0,
	    "got From name %s, want %s", m->m_from.a_name,
	    cases[_i].want_from_name);
	ck_assert_msg(m->m_to.as_n == 1 && m->m_cc.as_n == 0 &&
	    strcmp(m->m_to.as_v[0].a_addr, cases[_i].want_to) == 0 &&
	    strcmp(m->m_to.as_v[0].a_name, "Ann <ann@evil>") == 0,
	    "got %zu To (%s), want one %s", m->m_to.as_n, m->m_to.as_n ?
	    m->m_to.as_v[0].a_addr : "", cases[_i].want_to);
	got = plain_lines(m->m_text);
	want = plain_lines(cases[_i].want_text);
	ck_assert_msg(strcmp(got, want) == 0, "got text %s, want %s", got,
	    want);
	free(got);
	free(want);
	ck_assert_msg(m->m_nreferences == 4 &&
	    strcmp(m->m_references[2], "c3@example.test") == 0 &&
	    strcmp(m->m_in_reply_to, "cust-1@customer.example.test") == 0 &&
	    strcmp(m->m_message_id, "pd.10042.abc@example.test") == 0 &&
	    strcmp(m->m_auto_submitted, "auto-replied") == 0,
	    "got %zu references, the third %s", m->m_nreferences,
	    m->m_nreferences > 2 ? m->m_references[2] : "");
	ck_assert_msg(strcmp(m->m_reply_to.a_addr, "support@example.test") ==
	    0, "got Reply-To %s", m->m_reply_to.a_addr);
	mail_free(m);
	buf_free(&out);
}
END_TEST

/* Reads a file of the test data. */
static void
read_data(const char *name, struct buf *b)
{
	char path[512], chunk[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, name);
	fd = open(path, O_RDONLY);
	ck_assert_msg(fd >= 0, "cannot open %s", path);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(b, chunk, (size_t)n);
	close(fd);
}

/* A relayed reply keeps the text, the HTML, the inline image (still
 * referenced by its cid, in a multipart/related with the HTML) and the
 * attachment, byte for byte; in memory and through a file alike. */
START_TEST(test_compose_parts)
{
	struct mail_out mo;
	struct mail_addr to[1] = { { "Ann", "ann@example.test" } };
	struct mail_addr cc[2] = { { NULL, "bob@example.test" },
	    { "Carol C.", "carol@example.test" } };
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct mail *src, *m;
	size_t i, hdr_end;
	char *got, *want;
	FILE *f;

	read_data("agent_html.eml", &in);
	src = mail_parse_mem(in.b_data, in.b_len);
	ck_assert_msg(src->m_natt == 2 && src->m_html != NULL,
	    "got %zu attachments in the source, want 2", src->m_natt);
	memset(&mo, 0, sizeof(mo));
	mo.mo_from_addr = "support@example.test";
	mo.mo_from_name = "Alice Agent";
	mo.mo_to = to;
	mo.mo_nto = 1;
	mo.mo_cc = cc;
	mo.mo_ncc = 2;
	mo.mo_subject = "Re: [Ticket#10001] invoice";
	mo.mo_message_id = "pd.10001.x@example.test";
	mo.mo_text = "See the attached invoice.\n\n--\nAlice\n";
	mo.mo_html = src->m_html;
	mo.mo_parts = src;
	if (_i == 0)
		mail_compose(&mo, 1795300000, &out);
	else {
		f = tmpfile();
		ck_assert_msg(mail_compose_fd(&mo, 1795300000, fileno(f)) > 0,
		    "got a failed write");
		rewind(f);
		while (!feof(f) && !ferror(f)) {
			char chunk[4096];
			size_t n = fread(chunk, 1, sizeof(chunk), f);

			buf_add(&out, chunk, n);
		}
		fclose(f);
	}
	check_shape(out.b_data, out.b_len, 78, &hdr_end);
	ck_assert_msg(strstr(out.b_data, "multipart/mixed") != NULL &&
	    strstr(out.b_data, "multipart/alternative") != NULL &&
	    strstr(out.b_data, "multipart/related") != NULL,
	    "got %s", out.b_data);
	m = mail_parse_mem(out.b_data, out.b_len);
	ck_assert_msg(m->m_natt == src->m_natt, "got %zu attachments, want "
	    "%zu", m->m_natt, src->m_natt);
	for (i = 0; i < m->m_natt; i++)
		ck_assert_msg(strcmp(m->m_att[i].at_sha256,
		    src->m_att[i].at_sha256) == 0 &&
		    strcmp(m->m_att[i].at_content_type,
		    src->m_att[i].at_content_type) == 0 &&
		    strcmp(m->m_att[i].at_filename,
		    src->m_att[i].at_filename) == 0 &&
		    m->m_att[i].at_inline == src->m_att[i].at_inline,
		    "got attachment %zu %s %s, want %s %s", i,
		    m->m_att[i].at_content_type, m->m_att[i].at_sha256,
		    src->m_att[i].at_content_type, src->m_att[i].at_sha256);
	ck_assert_msg(m->m_att[0].at_content_id != NULL &&
	    strcmp(m->m_att[0].at_content_id, "logo.1@agents.example.test") ==
	    0 && strstr(m->m_html, "cid:logo.1@agents.example.test") != NULL,
	    "got the image's cid %s", m->m_att[0].at_content_id);
	got = plain_lines(m->m_html);
	want = plain_lines(src->m_html);
	ck_assert_msg(strcmp(got, want) == 0, "got HTML %s, want %s", got,
	    want);
	free(got);
	free(want);
	got = plain_lines(m->m_text);
	want = plain_lines(mo.mo_text);
	ck_assert_msg(strcmp(got, want) == 0, "got text %s, want %s", got,
	    want);
	free(got);
	free(want);
	ck_assert_msg(m->m_cc.as_n == 2 && strcmp(m->m_cc.as_v[1].a_name,
	    "Carol C.") == 0, "got %zu Cc", m->m_cc.as_n);
	mail_free(m);
	mail_free(src);
	buf_free(&in);
	buf_free(&out);
}
END_TEST

static const char *const att_files[] = { "attach.eml", "agent_html.eml",
    "outlook_html.eml", "apple.eml" };

/* Every attachment of a parsed mail comes back with its name (UTF-8
 * names too), type, inline flag and bytes. */
START_TEST(test_compose_att_names)
{
	struct mail_out mo;
	struct mail_addr to = { NULL, "ann@example.test" };
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct mail *src, *m;
	size_t i;

	read_data(att_files[_i], &in);
	src = mail_parse_mem(in.b_data, in.b_len);
	memset(&mo, 0, sizeof(mo));
	mo.mo_from_addr = "support@example.test";
	mo.mo_to = &to;
	mo.mo_nto = 1;
	mo.mo_subject = "x";
	mo.mo_text = "x";
	mo.mo_html = src->m_html;
	mo.mo_parts = src;
	mail_compose(&mo, 0, &out);
	m = mail_parse_mem(out.b_data, out.b_len);
	ck_assert_msg(m->m_natt == src->m_natt, "%s: got %zu attachments, "
	    "want %zu", att_files[_i], m->m_natt, src->m_natt);
	for (i = 0; i < m->m_natt; i++) {
		const struct mail_attachment *g = &m->m_att[i];
		const struct mail_attachment *w = &src->m_att[i];

		ck_assert_msg(strcmp(g->at_sha256, w->at_sha256) == 0 &&
		    strcmp(g->at_content_type, w->at_content_type) == 0 &&
		    g->at_inline == w->at_inline &&
		    (w->at_filename == NULL ? g->at_filename == NULL :
		    g->at_filename != NULL &&
		    strcmp(g->at_filename, w->at_filename) == 0),
		    "%s: got attachment %zu %s %s, want %s %s", att_files[_i],
		    i, g->at_filename, g->at_content_type, w->at_filename,
		    w->at_content_type);
	}
	mail_free(m);
	mail_free(src);
	buf_free(&in);
	buf_free(&out);
}
END_TEST

static const struct mail_file chat_files[] = {
	{ "photo-1.jpg", "image/jpeg", "\xff\xd8\xff\xe0\0\x10JFIF\0", 11 },
	{ "отчёт.txt", "text/plain", "line one\nline two\n", 18 },
	{ NULL, NULL, "\0\1\2\3", 4 },
	{ "x.bin", "bogus", "abc", 3 },
};

/* Files from memory (mo_files) come back as attachments with their
 * names, types (application/octet-stream when none or malformed) and
 * bytes, after the text; Content-Language is set. */
START_TEST(test_compose_files)
{
	struct mail_out mo;
	struct mail_addr to = { NULL, "support@example.test" };
	struct buf out = BUF_INIT;
	const struct mail_file *f = &chat_files[_i];
	const char *want_type;
	char sha[DIGEST_HEX_LEN];
	struct mail *m;

	memset(&mo, 0, sizeof(mo));
	mo.mo_from_addr = "5001@telegram.invalid";
	mo.mo_to = &to;
	mo.mo_nto = 1;
	mo.mo_subject = "Payment";
	mo.mo_text = "See the file.";
	mo.mo_content_language = "ru";
	mo.mo_files = chat_files;
	mo.mo_nfiles = (size_t)_i + 1;
	mail_compose(&mo, 0, &out);
	m = mail_parse_mem(out.b_data, out.b_len);
	ck_assert_msg(m->m_natt == (size_t)_i + 1, "got %zu attachments, "
	    "want %d", m->m_natt, _i + 1);
	ck_assert_msg(strstr(m->m_text, "See the file.") != NULL,
	    "got text %s", m->m_text);
	ck_assert_msg(m->m_content_language != NULL &&
	    strcmp(m->m_content_language, "ru") == 0, "got language %s, "
	    "want ru", m->m_content_language);
	digest_sha256_hex(f->mf_data, f->mf_len, sha);
	want_type = f->mf_content_type != NULL &&
	    strchr(f->mf_content_type, '/') != NULL ? f->mf_content_type :
	    "application/octet-stream";
	ck_assert_msg(strcmp(m->m_att[_i].at_sha256, sha) == 0 &&
	    strcmp(m->m_att[_i].at_content_type, want_type) == 0 &&
	    (f->mf_filename == NULL ? m->m_att[_i].at_filename == NULL :
	    m->m_att[_i].at_filename != NULL &&
	    strcmp(m->m_att[_i].at_filename, f->mf_filename) == 0),
	    "got %s %s %s, want %s %s %s", m->m_att[_i].at_filename,
	    m->m_att[_i].at_content_type, m->m_att[_i].at_sha256,
	    f->mf_filename, want_type, sha);
	mail_free(m);
	buf_free(&out);
}
END_TEST

/* Random bytes of up to max length, biased toward the troublesome ones. */
static char *
random_text(unsigned *seed, size_t max)
{
	static const char special[] = "\r\n\t =?<>\"\\.:\x01\x7f\xc3\xa9"
	    "\xe2\x80\x94\xff{}#/";
	size_t len = (size_t)rand_r(seed) % max, i;
	char *s = xmalloc(len + 1);

	for (i = 0; i < len; i++) {
		int r = rand_r(seed) % 4;

		if (r == 0)
			s[i] = special[rand_r(seed) % (sizeof(special) - 1)];
		else if (r == 1)
			s[i] = (char)(1 + rand_r(seed) % 255);
		else
			s[i] = (char)('a' + rand_r(seed) % 26);
	}
	s[len] = '\0';
	return s;
}

/* Whatever the fields hold, the message keeps its shape: only the
 * composer's headers, one To, no line break of a field's own. */
START_TEST(test_compose_random)
{
	unsigned seed = 1000u + (unsigned)_i;
	struct mail_out mo;
	struct mail_addr to;
	struct buf out = BUF_INIT;
	struct mail *m;
	char *f[7];
	size_t hdr_end = 0;
	int k;

	for (k = 0; k < 7; k++)
		f[k] = random_text(&seed, k == 5 ? 2000 : 200);
	memset(&mo, 0, sizeof(mo));
	to.a_name = f[2];
	to.a_addr = f[1];
	mo.mo_from_addr = "support@example.test";
	mo.mo_from_name = f[0];
	mo.mo_to = &to;
	mo.mo_nto = 1;
	mo.mo_subject = f[3];
	mo.mo_message_id = f[4];
	mo.mo_in_reply_to = f[4];
	mo.mo_references = (const char *const *)f;
	mo.mo_nreferences = 5;
	mo.mo_auto_submitted = f[2];
	mo.mo_x_loop = f[3];
	mo.mo_text = f[5];
	mo.mo_html = f[6];
	mail_compose(&mo, 0, &out);
	check_shape(out.b_data, out.b_len, 998, &hdr_end);
	m = mail_parse_mem(out.b_data, out.b_len);
	ck_assert_msg(m->m_to.as_n <= 1 && m->m_cc.as_n == 0 &&
	    !(m->m_flags & MAIL_F_UNPARSEABLE), "got %zu To, %zu Cc",
	    m->m_to.as_n, m->m_cc.as_n);
	mail_free(m);
	for (k = 0; k < 7; k++)
		free(f[k]);
	buf_free(&out);
}
END_TEST

static const struct {
	const char	*in;
	const char	*want;		/* decoded again */
} enc_cases[] = {
	{ "Hello world", "Hello world" },
	{ "x\r\nBcc: evil@x.test", "x Bcc: evil@x.test" },
	{ "Grüße", "Grüße" },
	{ "a =?b?= c", "a =?b?= c" },
	{ "Привет! Заказ 12345 не выполнен [Ticket#10042]",
	    "Привет! Заказ 12345 не выполнен [Ticket#10042]" },
};

/* A header value for a milter's edit decodes back to the text, with
 * no line break but a fold. */
START_TEST(test_header_encode)
{
	struct buf msg = BUF_INIT;
	struct mail *m;
	char *v = mail_header_encode("Subject", enc_cases[_i].in);
	const char *p;

	for (p = v; *p != '\0'; p++)
		ck_assert_msg((*p != '\n' && *p != '\r') ||
		    (*p == '\n' && (p[1] == ' ' || p[1] == '\t')),
		    "got a line break without a fold in %s", v);
	buf_addf(&msg, "Subject: %s\n\nx\n", v);
	m = mail_parse_mem(msg.b_data, msg.b_len);
	ck_assert_msg(strcmp(m->m_subject, enc_cases[_i].want) == 0,
	    "got %s, want %s", m->m_subject, enc_cases[_i].want);
	mail_free(m);
	free(v);
	buf_free(&msg);
}
END_TEST

/* The suite. */
static Suite *
compose_suite(void)
{
	Suite *s = suite_create("compose");
	TCase *tc = tcase_create("compose");

	tcase_add_loop_test(tc, test_compose_roundtrip, 0, N(cases));
	tcase_add_loop_test(tc, test_compose_parts, 0, 2);
	tcase_add_loop_test(tc, test_compose_att_names, 0, N(att_files));
	tcase_add_loop_test(tc, test_compose_files, 0, N(chat_files));
	tcase_add_loop_test(tc, test_compose_random, 0, 200);
	tcase_add_loop_test(tc, test_header_encode, 0, N(enc_cases));
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr;
	int failed;

	parser_init();
	sr = srunner_create(compose_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	parser_shutdown();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
