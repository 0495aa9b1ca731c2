/* check_hostile.c - hostile input through the whole in-process pipeline:
 * parse, redact, the ticket decisions and the confirmation composed from
 * what the mail said.  Each input is built at test time and handled in a
 * child bounded by RLIMIT_CPU (2 s of CPU, so a loaded machine does not
 * fail it), a wall-clock alarm and RLIMIT_AS; the child's CPU time and peak
 * RSS are checked too.  What comes out must be NUL-free UTF-8, and no header of
 * the composed confirmation may be split by what the sender wrote.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/conf.h"
#include "common/xalloc.h"
#include "parser/parser.h"
#include "redact/redact.h"
#include "ticket/ticket.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif

#ifdef UNDER_ASAN
#define SLOW		5		/* sanitizers slow everything down */
#else
#define SLOW		1
#endif
#define TIME_LIMIT	2		/* seconds of CPU, per input */
#define WALL_LIMIT	20		/* seconds, however loaded */
#define AS_LIMIT	(1024UL << 20)	/* address space of the child */
#define RSS_LIMIT	(256L << 10)	/* KB of peak RSS of the child */

static const char hdr[] = "From: Ann <ann@example.com>\n"
    "To: support@example.test\nMessage-ID: <h@example.com>\n"
    "MIME-Version: 1.0\n";

/* A Subject line of 1 MB on one line. */
static void
gen_long_header(struct buf *b)
{
	buf_adds(b, hdr);
	buf_adds(b, "Subject: ");
	for (size_t i = 0; i < (1u << 20) / 8; i++)
		buf_adds(b, "password");
	buf_adds(b, "\nX-Long: ");
	for (size_t i = 0; i < (1u << 20); i++)
		buf_addc(b, i % 64 == 63 ? ' ' : 'x');
	buf_adds(b, "\n\nmy password is hunter2\n");
}

/* A From header of 100,000 colons (and a Reply-To of as many). */
static void
gen_colons(struct buf *b)
{
	buf_adds(b, "From: ");
	for (int i = 0; i < 100000; i++)
		buf_addc(b, ':');
	buf_adds(b, "\nReply-To: a");
	for (int i = 0; i < 100000; i++)
		buf_adds(b, ":<");
	buf_adds(b, "\nTo: support@example.test\nSubject: colons\n\nhi\n");
}

/* 3,000 levels of nested multiparts, a secret at the bottom. */
static void
gen_nested(struct buf *b)
{
	int i;

	buf_adds(b, hdr);
	buf_adds(b, "Subject: deep\n");
	for (i = 0; i < 3000; i++)
		buf_addf(b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n"
		    "\n--b%d\n", i, i);
	buf_adds(b, "Content-Type: text/plain\n\nmy password is hunter2\n");
	for (i = 2999; i >= 0; i--)
		buf_addf(b, "--b%d--\n", i);
}

/* 20,000 parts of one multipart, text and attachments. */
static void
gen_wide(struct buf *b)
{
	int i;

	buf_adds(b, hdr);
	buf_adds(b, "Subject: wide\n"
	    "Content-Type: multipart/mixed; boundary=\"w\"\n\n");
	for (i = 0; i < 20000; i++) {
		if (i % 2 == 0)
			buf_addf(b, "--w\nContent-Type: text/plain\n\n"
			    "part %d password: hunter%d\n", i, i);
		else
			buf_addf(b, "--w\nContent-Type: application/"
			    "octet-stream\nContent-Disposition: attachment; "
			    "filename=\"f%d.bin\"\n"
			    "Content-Transfer-Encoding: base64\n\nAAEC\n", i);
	}
	buf_adds(b, "--w--\n");
}

/* NUL bytes in header names, values, the body and a filename. */
static void
gen_nul(struct buf *b)
{
	buf_adds(b, "From: Ann");
	buf_add(b, "\0<evil@x>", 9);
	buf_adds(b, " <ann@example.com>\nTo: support@example.test\nSub");
	buf_add(b, "\0", 1);
	buf_adds(b, "ject: n\nSubject: nul");
	buf_add(b, "\0\r\nBcc: x@y\0", 12);
	buf_adds(b, " here\nContent-Type: multipart/mixed; boundary=\"n\"\n\n"
	    "--n\nContent-Type: text/plain\n\nmy password is ");
	buf_add(b, "hun\0ter2\0\0\0", 11);
	buf_adds(b, "\n--n\nContent-Type: text/plain\n"
	    "Content-Disposition: attachment; filename=\"a");
	buf_add(b, "\0", 1);
	buf_adds(b, ".txt\"\n\nx\n--n--\n");
}

/* Bytes that are not UTF-8 where UTF-8 is declared and where nothing is. */
static void
gen_bad_utf8(struct buf *b)
{
	buf_adds(b, "From: \xff\xfe\xc0\xaf <ann@example.com>\n"
	    "To: support@example.test\n"
	    "Subject: \xed\xa0\x80 \xf4\x90\x80\x80 \xc3 =?UTF-8?B?/w==?= "
	    "=?UTF-8?Q?=C3=28=ED=A0=80?=\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n\n"
	    "password: \xff\xfe\xfd \xe2\x82 \xf0\x9f\x98 \xc0\x80\n");
}

/* Charsets nobody knows, in headers, parameters and bodies. */
static void
gen_charsets(struct buf *b)
{
	buf_adds(b, "From: =?x-klingon?Q?Kor?= <kor@example.com>\n"
	    "To: support@example.test\n"
	    "Subject: =?utf-42?B?aGVsbG8=?= =??Q?x?= =?x?q?=FF?= "
	    "=?iso-2022-jp?B?GyRCJEgbKEI=?=\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=c\n\n"
	    "--c\nContent-Type: text/plain; charset=x-unknown-charset\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "password: hunter2 =FF=FE\n"
	    "--c\nContent-Type: text/html; charset=\"\"\n\n"
	    "<p>code: 123456</p>\n"
	    "--c\nContent-Type: text/plain; charset*=x-nope''%FF%FE; "
	    "name*0*=bogus''%ZZ; name*1=\"x\"\n\nhi\n--c--\n");
}

/* Base64 that is not: bad letters, bad padding, truncated encoded words. */
static void
gen_bad_base64(struct buf *b)
{
	buf_adds(b, "From: =?UTF-8?B?###?= <ann@example.com>\n"
	    "To: support@example.test\n"
	    "Subject: =?UTF-8?B?cGFzc3dvcmQ6IGh1bnRlcjI?= =?UTF-8?B?=?= "
	    "=?UTF-8?B?a===b===?= =?UTF-8?B?\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"x\"\n\n"
	    "--x\nContent-Type: text/plain\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "cGFzc3dvcmQ6IGh1bnRlcjI!!!!====*&^%\n====\nQ\n"
	    "--x\nContent-Type: image/png\n"
	    "Content-Transfer-Encoding: base64\n"
	    "Content-Disposition: attachment; filename=\"x.png\"\n\n");
	for (int i = 0; i < 10000; i++)
		buf_adds(b, "====");
	buf_adds(b, "\n--x--\n");
}

/* A Subject of encoded words 20 KB long, one unbroken word among them. */
static void
gen_long_encoded(struct buf *b)
{
	buf_adds(b, hdr);
	buf_adds(b, "Subject: =?UTF-8?B?");
	for (int i = 0; i < 2500; i++)
		buf_adds(b, "w6TDtsO8");		/* äöü */
	buf_adds(b, "?=");
	for (int i = 0; i < 200; i++)
		buf_adds(b, " =?UTF-8?Q?Re:_[Ticket#42]_password=3A_x?=");
	buf_adds(b, "\n\nbody\n");
}

static const struct {
	const char	*name;
	void		(*gen)(struct buf *);
} inputs[] = {
	{ "1 MB header line", gen_long_header },
	{ "From of 100,000 colons", gen_colons },
	{ "3,000 nested multiparts", gen_nested },
	{ "20,000 parts", gen_wide },
	{ "NUL bytes", gen_nul },
	{ "invalid UTF-8", gen_bad_utf8 },
	{ "unknown charsets", gen_charsets },
	{ "broken base64", gen_bad_base64 },
	{ "20 KB encoded-word subject", gen_long_encoded },
};

/* 1 when s is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
static int
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp, n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			n = 1, cp = *p & 0x1f;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2, cp = *p & 0x0f;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3, cp = *p & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		p += n + 1;
	}
	return 1;
}

static struct redactor *rd;

/* mail_rewrite's function: the built-in redaction rules. */
static char *
redact_fn(const char *text, size_t len, void *arg)
{
	return redact_text(rd, text, len, arg);
}

/* Child exit codes, so the parent can say what went wrong. */
enum { HX_OK, HX_UTF8, HX_HEADER, HX_SECRET, HX_SETUP };

/* 0 when every header line of a composed message is a known header or a
 * continuation, each ends in CRLF and none carries a lone CR or LF. */
static int
headers_ok(const char *msg)
{
	const char *p = msg, *eol;

	while ((eol = strstr(p, "\r\n")) != NULL && eol != p) {
		if (memchr(p, '\n', (size_t)(eol - p)) != NULL ||
		    memchr(p, '\r', (size_t)(eol - p)) != NULL)
			return -1;
		if (*p != ' ' && *p != '\t' && strncmp(p, "Bcc", 3) == 0)
			return -1;
		p = eol + 2;
	}
	return eol == p ? 0 : -1;
}

/* The pipeline without a database, as intake runs it. */
static int
pipeline(const char *raw, size_t len, const struct conf *cf)
{
	struct redact_counts rc;
	struct ticket_cmd cmds[8];
	struct mail_out nm;
	struct mail_addr to;
	struct buf out = BUF_INIT;
	const char *rcpt = "support@example.test";
	char **ids, **links, *tagged;
	struct mail *m;
	size_t off;
	long n;

	memset(&rc, 0, sizeof(rc));
	m = mail_parse_mem(raw, len);
	if (m == NULL)
		return HX_SETUP;
	mail_rewrite(m, redact_fn, &rc);
	if (!utf8_ok(m->m_subject) || !utf8_ok(m->m_text) ||
	    (m->m_from.a_name != NULL && !utf8_ok(m->m_from.a_name)) ||
	    !utf8_ok(m->m_from.a_addr))
		return HX_UTF8;
	if (strstr(m->m_text, "hunter2") != NULL ||
	    strstr(m->m_subject, "hunter2") != NULL)
		return HX_SECRET;
	tag_find(m->m_subject, "Ticket", &n);
	tag_skip_prefixes(m->m_subject);
	ticket_priority_of(m, &rcpt, 1, cf);
	ticket_auto_class(m, "ann@example.com", "postdesk");
	ticket_commands(m->m_text, cmds, 8, &off);
	ids = ticket_order_ids(m->m_text);
	links = ticket_links(m->m_text);
	strv_free(ids);
	strv_free(links);
	tagged = tag_subject(m->m_subject, "Ticket", 10042);
	memset(&nm, 0, sizeof(nm));
	nm.mo_from_addr = "support@example.test";
	nm.mo_from_name = "Support";
	to = m->m_from;
	nm.mo_to = &to;
	nm.mo_nto = 1;
	nm.mo_subject = tagged;
	nm.mo_message_id = "10042.x@example.test";
	nm.mo_in_reply_to = m->m_message_id;
	nm.mo_auto_submitted = "auto-replied";
	nm.mo_text = m->m_text;
	mail_compose(&nm, time(NULL), &out);
	free(tagged);
	if (headers_ok(out.b_data) != 0)
		return HX_HEADER;
	buf_reset(&out);
	mail_write(m, &out);
	buf_free(&out);
	mail_free(m);
	return HX_OK;
}

static const char *why[] = {
	"ok", "a string that is not UTF-8", "a broken header line",
	"a secret left", "no mail or config",
};

/* Bounds the child that handles one input. */
static void
limit_child(void)
{
	struct rlimit cpu = { TIME_LIMIT * SLOW, TIME_LIMIT * SLOW + 1 };
#ifndef UNDER_ASAN
	struct rlimit as = { AS_LIMIT, AS_LIMIT };

	setrlimit(RLIMIT_AS, &as);
#endif
	setrlimit(RLIMIT_CPU, &cpu);
	/* Check's own SIGALRM handler would kill the whole test */
	signal(SIGALRM, SIG_DFL);
	signal(SIGXCPU, SIG_DFL);
	alarm(WALL_LIMIT * SLOW);
}

/* Each input in a child with an alarm and an address-space limit. */
START_TEST(test_hostile)
{
	struct buf b = BUF_INIT;
	struct rusage ru;
	struct timeval t0, t1;
	double cpu;
	struct conf *cf;
	char err[256];
	double secs;
	pid_t pid;
	int st;

	inputs[_i].gen(&b);
	gettimeofday(&t0, NULL);
	pid = fork();
	ck_assert_msg(pid >= 0, "fork failed");
	if (pid == 0) {
		limit_child();
		parser_init();
		rd = redactor_new(NULL, 0, err, sizeof(err));
		cf = conf_load_string("", "test", err, sizeof(err));
		if (rd == NULL || cf == NULL)
			_exit(HX_SETUP);
		st = pipeline(b.b_data, b.b_len, cf);
		_exit(st);
	}
	ck_assert_msg(wait4(pid, &st, 0, &ru) == pid, "wait4 failed");
	gettimeofday(&t1, NULL);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_usec - t0.tv_usec) / 1e6;
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	printf("%s: %.2f s CPU, %.2f s wall, %ld KB peak RSS\n",
	    inputs[_i].name, cpu, secs, ru.ru_maxrss);
	buf_free(&b);
	ck_assert_msg(!WIFSIGNALED(st), "%s: got signal %d after %.2f s (%.2f "
	    "s CPU), want an answer within %d s", inputs[_i].name,
	    WTERMSIG(st), secs, cpu, TIME_LIMIT * SLOW);
	ck_assert_msg(WEXITSTATUS(st) == HX_OK, "%s: got %s, want %s",
	    inputs[_i].name, WEXITSTATUS(st) <= HX_SETUP ?
	    why[WEXITSTATUS(st)] : "a crash", why[HX_OK]);
#ifndef UNDER_ASAN
	ck_assert_msg(ru.ru_maxrss < RSS_LIMIT, "%s: got peak RSS %ld KB, "
	    "want < %ld KB", inputs[_i].name, ru.ru_maxrss, RSS_LIMIT);
#endif
	ck_assert_msg(cpu < TIME_LIMIT * SLOW, "%s: got %.2f s of CPU, want "
	    "< %d s", inputs[_i].name, cpu, TIME_LIMIT * SLOW);
}
END_TEST

/* One suite: the table of inputs. */
static Suite *
hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("pipeline");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_hostile, 0,
	    sizeof(inputs) / sizeof(inputs[0]));
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(hostile_suite());
	int nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
