/* check_parser.c - parser/: headers, bodies, attachments, rewrite, limits,
 * the GMime 3.2.13 parameter loop and memory use of large mail. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/digest.h"
#include "common/xalloc.h"
#include "parser/parser.h"

/* The bytes of tests/data/parser/NAME (NUL-terminated). */
static char *
load(const char *name, size_t *lenp)
{
	const char *dir = getenv("srcdir");
	char path[4096];
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/parser/%s",
	    dir != NULL ? dir : ".", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*lenp = b.b_len;
	return buf_steal(&b);
}

/* Parses a data file from memory. */
static struct mail *
parse_file(const char *name)
{
	struct mail *m;
	size_t n;
	char *d = load(name, &n);

	m = mail_parse_mem(d, n);
	free(d);
	return m;
}

/* Fixture: GMime once per test process. */
static void
setup(void)
{
	parser_init();
}

/* Fixture teardown. */
static void
teardown(void)
{
	parser_shutdown();
}

/* --- header fields ---------------------------------------------------- */

/* One header field of a parsed mail as a string ("(null)" for NULL). */
static char *
field(struct mail *m, const char *f)
{
	size_t i;
	struct buf b = BUF_INIT;

	if (strcmp(f, "subject") == 0)
		return xstrdup(m->m_subject);
	if (strcmp(f, "from") == 0)
		return xasprintf("%s|%s", m->m_from.a_name ? m->m_from.a_name :
		    "(null)", m->m_from.a_addr);
	if (strcmp(f, "reply_to") == 0)
		return xasprintf("%s|%s", m->m_reply_to.a_name ?
		    m->m_reply_to.a_name : "(null)", m->m_reply_to.a_addr);
	if (strcmp(f, "to") == 0 || strcmp(f, "cc") == 0) {
		struct mail_addrs *as = f[0] == 't' ? &m->m_to : &m->m_cc;
		for (i = 0; i < as->as_n; i++)
			buf_addf(&b, "%s%s|%s", i ? "," : "",
			    as->as_v[i].a_name ? as->as_v[i].a_name : "(null)",
			    as->as_v[i].a_addr);
		return buf_steal(&b);
	}
	if (strcmp(f, "date_t") == 0)
		return xasprintf("%lld", (long long)m->m_date_t);
	if (strcmp(f, "refs") == 0) {
		for (i = 0; i < m->m_nreferences; i++)
			buf_addf(&b, "%s%s", i ? " " : "", m->m_references[i]);
		return buf_steal(&b);
	}
	if (strcmp(f, "auth") == 0) {
		for (i = 0; i < m->m_nauth_results; i++)
			buf_addf(&b, "%s%s", i ? "|" : "", m->m_auth_results[i]);
		return buf_steal(&b);
	}
	if (strcmp(f, "flags") == 0)
		return xasprintf("%#x", m->m_flags);
#define S(name, member) \
	if (strcmp(f, name) == 0) \
		return xstrdup(m->member ? m->member : "(null)");
	S("message_id", m_message_id);
	S("in_reply_to", m_in_reply_to);
	S("auto_submitted", m_auto_submitted);
	S("precedence", m_precedence);
	S("x_loop", m_x_loop);
	S("importance", m_importance);
	S("x_priority", m_x_priority);
	S("report_type", m_report_type);
	S("date", m_date);
#undef S
	ck_abort_msg("unknown field %s", f);
	return NULL;
}

static const struct {
	const char	*file;
	const char	*field;
	const char	*want;
} header_cases[] = {
	{ "plain.eml", "subject", "Problème de connexion – тест" },
	{ "plain.eml", "from", "Анна Иванова|anna@example.org" },
	{ "plain.eml", "reply_to", "Anna (work)|anna.work@example.org" },
	{ "plain.eml", "to",
	    "Support|support@example.test,(null)|other@example.test" },
	{ "plain.eml", "cc", "Müller, Jörg|joerg@example.de" },
	{ "plain.eml", "date", "Tue, 05 Mar 2024 10:15:00 +0100" },
	{ "plain.eml", "date_t", "1709630100" },
	{ "plain.eml", "message_id", "abc123@mail.example.org" },
	{ "plain.eml", "in_reply_to", "prev@example.test" },
	{ "plain.eml", "refs", "first@example.test prev@example.test" },
	{ "plain.eml", "auto_submitted", "no" },
	{ "plain.eml", "precedence", "bulk" },
	{ "plain.eml", "x_loop", "support@example.test" },
	{ "plain.eml", "importance", "High" },
	{ "plain.eml", "x_priority", "1 (Highest)" },
	{ "plain.eml", "auth", "mx.example.net; spf=pass "
	    "smtp.mailfrom=example.org|mx.example.net; dkim=pass "
	    "header.d=example.org" },
	{ "plain.eml", "flags", "0x8" },
	{ "alt.eml", "in_reply_to", "(null)" },
	{ "alt.eml", "refs", "" },
	{ "alt.eml", "reply_to", "(null)|" },
	{ "report.eml", "flags", "0x2" },
	{ "report.eml", "report_type", "delivery-status" },
	{ "report.eml", "auto_submitted", "auto-replied" },
	{ "latin1.eml", "subject", "Änderung" },
	{ "broken8bit.eml", "subject", "Café crème € price" },
	{ "garbage.eml", "flags", "0x1" },
	{ "garbage.eml", "subject", "" },
	{ "gmime165.eml", "subject", "crafted parameter list" },
	/* line breaks decoded out of encoded words stay out of one-line
	 * values */
	{ "crlf_words.eml", "subject", "Hello  Bcc: victim@example.test" },
	{ "crlf_words.eml", "from", "Eve  Bcc: x@evil.test|eve@example.org" },
};

/* Each header field decodes to the expected UTF-8 value. */
START_TEST(test_headers)
{
	struct mail *m = parse_file(header_cases[_i].file);
	char *got = field(m, header_cases[_i].field);

	ck_assert_msg(strcmp(got, header_cases[_i].want) == 0,
	    "%s %s: got %s, want %s", header_cases[_i].file,
	    header_cases[_i].field, got, header_cases[_i].want);
	free(got);
	mail_free(m);
}
END_TEST

/* --- body text -------------------------------------------------------- */

static const struct {
	const char	*file;
	const char	*has;		/* substring of m_text */
	const char	*hasnt;		/* not in m_text, or NULL */
	const char	*new_text;	/* m_text[0..m_new_len), or NULL */
	int		 flags;		/* MAIL_F_HTML_ONLY expected or not */
} body_cases[] = {
	{ "plain.eml", "je n'arrive plus à me connecter.", NULL,
	    "Bonjour,\nje n'arrive plus à me connecter.", 0 },
	{ "alt.eml", "Plain version of the text.", "HTML version", NULL, 0 },
	{ "html_only.eml", "Hallo Grüße,", "alert(1)", NULL,
	    MAIL_F_HTML_ONLY },
	{ "html_only.eml", "my order <https://example.com/order/42>", "color",
	    NULL, MAIL_F_HTML_ONLY },
	{ "html_only.eml", "& https://example.com/x\n", "<https://example."
	    "com/x>", NULL, MAIL_F_HTML_ONLY },
	{ "html_only.eml", "- one\n- two", NULL, NULL, MAIL_F_HTML_ONLY },
	{ "latin1.eml", "bitte ändern Sie meine Adresse. Vielen Dank!", NULL,
	    NULL, 0 },
	{ "broken8bit.eml", "Naïve text in windows-1252 “quoted”.", NULL,
	    NULL, 0 },
	{ "flowed.eml", "This is a long line that was wrapped by the client."
	    "\nFrom the start.", NULL, NULL, 0 },
	{ "gmail.eml", "> Please try again.", NULL, "Thanks, that worked.",
	    0 },
	{ "outlook.eml", "Sent: Tuesday", NULL, "Still broken.", 0 },
	{ "apple.eml", "Sent from my iPhone", NULL, "OK, I will try.", 0 },
	{ "thunderbird.eml", "Kim, Example Org", NULL,
	    "Here is the log you asked for.", 0 },
	{ "fwd.eml", "Your order 4711 has shipped.", NULL,
	    "See the mail below.", 0 },
	{ "fwd.eml", "Subject: Your order 4711", NULL, NULL, 0 },
	{ "report.eml", "could not be delivered", NULL, NULL, 0 },
	{ "garbage.eml", "", NULL, "", 0 },
	{ "gmail_html.eml", "> Please try again.", "mailto", "It works now, "
	    "thanks!", MAIL_F_HTML_ONLY },
	{ "gmail_html.eml", "Mia Example", NULL, NULL, MAIL_F_HTML_ONLY },
	{ "outlook_html.eml", "From: Support <support@example.test>\nSent:",
	    NULL, "Still broken after the update.", MAIL_F_HTML_ONLY },
	{ "names.eml", "Two files.", "machine", "Two files.", 0 },
};

/* Body text: preferred part, decoding, new text vs. history. */
START_TEST(test_body)
{
	struct mail *m = parse_file(body_cases[_i].file);
	char *nt;

	ck_assert_msg(strstr(m->m_text, body_cases[_i].has) != NULL,
	    "%s: got %s, want it to contain %s", body_cases[_i].file,
	    m->m_text, body_cases[_i].has);
	if (body_cases[_i].hasnt != NULL)
		ck_assert_msg(strstr(m->m_text, body_cases[_i].hasnt) == NULL,
		    "%s: got %s, want no %s", body_cases[_i].file, m->m_text,
		    body_cases[_i].hasnt);
	if (body_cases[_i].new_text != NULL) {
		nt = xstrndup(m->m_text, m->m_new_len);
		ck_assert_msg(strcmp(nt, body_cases[_i].new_text) == 0,
		    "%s: got new text %s, want %s", body_cases[_i].file, nt,
		    body_cases[_i].new_text);
		free(nt);
	}
	ck_assert_msg((m->m_flags & MAIL_F_HTML_ONLY) == body_cases[_i].flags,
	    "%s: got flags %#x, want HTML_ONLY %#x", body_cases[_i].file,
	    m->m_flags, body_cases[_i].flags);
	mail_free(m);
}
END_TEST

/* --- attachments ------------------------------------------------------ */

static const struct {
	const char	*filename;
	const char	*type;
	const char	*cid;
	size_t		 size;
	const char	*sha256;
	int		 is_inline, winmail;
} att_cases[] = {
	{ "отчёт №1.pdf", "application/pdf", NULL, 12,
	    "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
	    0, 0 },
	{ "logo.png", "image/png", "logo@example.com", 8, NULL, 1, 0 },
	{ "winmail.dat", "application/ms-tnef", NULL, 6, NULL, 0, 1 },
	{ "Счет №5.xlsx", "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", NULL, 4, NULL, 0, 0 },
	{ "very long name.txt", "text/plain", NULL, 28, NULL, 0, 0 },
};

/* Attachments: decoded name, type, size, hash, inline, winmail.dat. */
START_TEST(test_attachments)
{
	struct mail *m = parse_file(_i < 3 ? "attach.eml" : "names.eml");
	struct mail_attachment *a;
	size_t want = _i < 3 ? 3 : 2;

	ck_assert_msg(m->m_natt == want, "got %zu attachments, want %zu",
	    m->m_natt, want);
	a = &m->m_att[_i < 3 ? _i : _i - 3];
	ck_assert_msg(a->at_filename != NULL &&
	    strcmp(a->at_filename, att_cases[_i].filename) == 0,
	    "got %s, want %s", a->at_filename, att_cases[_i].filename);
	ck_assert_msg(strcmp(a->at_content_type, att_cases[_i].type) == 0,
	    "got %s, want %s", a->at_content_type, att_cases[_i].type);
	ck_assert_msg(att_cases[_i].cid == NULL ? a->at_content_id == NULL :
	    a->at_content_id != NULL &&
	    strcmp(a->at_content_id, att_cases[_i].cid) == 0,
	    "got %s, want %s", a->at_content_id, att_cases[_i].cid);
	ck_assert_msg(a->at_size == att_cases[_i].size,
	    "got size %zu, want %zu", a->at_size, att_cases[_i].size);
	ck_assert_msg(a->at_data != NULL, "got no data, want %zu bytes",
	    a->at_size);
	if (att_cases[_i].sha256 != NULL)
		ck_assert_msg(strcmp(a->at_sha256, att_cases[_i].sha256) == 0,
		    "got %s, want %s", a->at_sha256, att_cases[_i].sha256);
	ck_assert_msg(a->at_inline == att_cases[_i].is_inline,
	    "got inline %d, want %d", a->at_inline, att_cases[_i].is_inline);
	ck_assert_msg(a->at_winmail == att_cases[_i].winmail,
	    "got winmail %d, want %d", a->at_winmail, att_cases[_i].winmail);
	mail_free(m);
}
END_TEST

/* --- rewrite ---------------------------------------------------------- */

/* Replaces every occurrence of the needle (arg) with "[X]". */
static char *
replace_fn(const char *text, size_t len, void *arg)
{
	const char *needle = arg, *p = text, *hit;
	struct buf b = BUF_INIT;

	(void)len;
	if (strstr(text, needle) == NULL)
		return NULL;
	while ((hit = strstr(p, needle)) != NULL) {
		buf_add(&b, p, (size_t)(hit - p));
		buf_adds(&b, "[X]");
		p = hit + strlen(needle);
	}
	buf_adds(&b, p);
	return buf_steal(&b);
}

/* Appends "ü" to every text: forces a charset change on ASCII parts. */
static char *
umlaut_fn(const char *text, size_t len, void *arg)
{
	(void)arg;
	return xasprintf("%.*s ü", (int)len, text);
}

/* Whether a mail's body shows the needle anywhere readable. */
static int
body_shows(struct mail *m, const char *needle)
{
	size_t i;

	if (strstr(m->m_text, needle) ||
	    (m->m_html != NULL && strstr(m->m_html, needle)))
		return 1;
	for (i = 0; i < m->m_natt; i++)
		if (m->m_att[i].at_data != NULL && memmem(m->m_att[i].at_data,
		    m->m_att[i].at_size, needle, strlen(needle)) != NULL)
			return 1;
	return 0;
}

/* Whether a mail shows the needle in its subject or body. */
static int
shows(struct mail *m, const char *needle)
{
	return strstr(m->m_subject, needle) != NULL || body_shows(m, needle);
}

/* Parses a data file through a temporary file and mail_parse_fd(). */
static struct mail *
parse_via_fd(const char *name, int *fdp)
{
	char path[] = "/tmp/check_parser.XXXXXX";
	size_t n;
	char *d = load(name, &n);
	int fd = mkstemp(path);

	ck_assert_msg(fd >= 0, "mkstemp failed");
	unlink(path);
	ck_assert_msg(write(fd, d, n) == (ssize_t)n, "short write");
	lseek(fd, 0, SEEK_SET);
	free(d);
	*fdp = fd;
	return mail_parse_fd(fd);
}

/* The bytes of an open file, from its start. */
static void
file_bytes(int fd, struct buf *b)
{
	char chunk[8192];
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(b, chunk, (size_t)n);
}

/* mail_write_fd() and mail_write_body_fd() write what mail_write() and
 * mail_write_body() do, and the SHA-256 of it. */
static void
check_write_fd(struct mail *m, const char *name)
{
	struct buf mem = BUF_INIT, file = BUF_INIT;
	char path[] = "/tmp/check_parser.XXXXXX";
	char sha[65] = "", want[DIGEST_HEX_LEN];
	off_t n;
	int fd = mkstemp(path);

	ck_assert_msg(fd >= 0, "mkstemp failed");
	unlink(path);
	mail_write(m, &mem);
	n = mail_write_fd(m, fd, sha);
	file_bytes(fd, &file);
	digest_sha256_hex(mem.b_data, mem.b_len, want);
	ck_assert_msg(n == (off_t)mem.b_len && file.b_len == mem.b_len &&
	    memcmp(file.b_data, mem.b_data, mem.b_len) == 0,
	    "%s: got %lld bytes in the file, want the %zu of mail_write",
	    name, (long long)n, mem.b_len);
	ck_assert_msg(strcmp(sha, want) == 0, "%s: got sha256 %s, want %s",
	    name, sha, want);
	buf_reset(&mem);
	buf_reset(&file);
	ck_assert(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0);
	if (m->m_flags & MAIL_F_UNPARSEABLE)
		ck_assert_msg(mail_write_body_fd(m, fd) == -1 &&
		    errno == EINVAL, "%s: got a body written, want EINVAL",
		    name);
	else {
		mail_write_body(m, &mem);
		n = mail_write_body_fd(m, fd);
		file_bytes(fd, &file);
		ck_assert_msg(n == (off_t)mem.b_len &&
		    file.b_len == mem.b_len && (mem.b_len == 0 ||
		    memcmp(file.b_data, mem.b_data, mem.b_len) == 0),
		    "%s: got a body of %lld bytes, want %zu", name,
		    (long long)n, mem.b_len);
	}
	close(fd);
	buf_free(&mem);
	buf_free(&file);
}

/* A full disk is an error, not a short copy. */
START_TEST(test_write_fd_full)
{
	struct mail *m;
	size_t n;
	char sha[65] = "";
	char *d = load("attach.eml", &n);
	int fd = open("/dev/full", O_WRONLY);

	ck_assert_msg(fd >= 0, "cannot open /dev/full");
	m = mail_parse_mem(d, n);
	errno = 0;
	ck_assert_msg(mail_write_fd(m, fd, sha) == -1 && errno == ENOSPC,
	    "got errno %d, want ENOSPC", errno);
	ck_assert_msg(sha[0] == '\0', "got sha256 %s, want none", sha);
	mail_free(m);
	close(fd);
	free(d);
}
END_TEST

static const struct {
	const char	*file;
	const char	*needle;
	int		 count;		/* texts changed */
	int		 via_fd;
} rewrite_cases[] = {
	{ "plain.eml", "conne", 2, 0 },
	{ "plain.eml", "conne", 2, 1 },
	{ "alt.eml", "version", 2, 1 },
	{ "latin1.eml", "Adresse", 1, 0 },
	{ "html_only.eml", "order", 1, 1 },
	{ "fwd.eml", "4711", 2, 0 },
	{ "attach.eml", "attached", 1, 1 },
	{ "flowed.eml", "wrapped", 1, 0 },
	{ "broken8bit.eml", "windows", 1, 0 },
	{ "gmime165b.eml", "secret", 1, 0 },
	{ "names.eml", "machine", 1, 1 },
	{ "garbage.eml", "garbage", 1, 0 },
};

/* A rewrite changes the struct, mail_write() and mail_write_body(). */
START_TEST(test_rewrite)
{
	struct buf whole = BUF_INIT, body = BUF_INIT, again = BUF_INIT;
	const char *needle = rewrite_cases[_i].needle, *e;
	struct mail *m, *r;
	size_t n;
	int fd = -1, got;
	char *orig = load(rewrite_cases[_i].file, &n);

	m = rewrite_cases[_i].via_fd ? parse_via_fd(rewrite_cases[_i].file,
	    &fd) : mail_parse_mem(orig, n);
	got = mail_rewrite(m, replace_fn, (void *)needle);
	ck_assert_msg(got == rewrite_cases[_i].count, "%s: got %d, want %d",
	    rewrite_cases[_i].file, got, rewrite_cases[_i].count);
	ck_assert_msg(!shows(m, needle), "%s: got %s, want no %s",
	    rewrite_cases[_i].file, m->m_text, needle);
	mail_write(m, &whole);
	ck_assert_msg(memmem(whole.b_data, whole.b_len, needle,
	    strlen(needle)) == NULL, "%s: got %s, want no %s",
	    rewrite_cases[_i].file, whole.b_data, needle);
	r = mail_parse_mem(whole.b_data, whole.b_len);
	ck_assert_msg(!shows(r, needle) && (strstr(r->m_text, "[X]") ||
	    memmem(whole.b_data, whole.b_len, "[X]", 3) ||
	    strstr(r->m_subject, "[X]")), "%s: got %s, want [X] and no %s",
	    rewrite_cases[_i].file, r->m_text, needle);
	mail_free(r);
	if (!(m->m_flags & MAIL_F_UNPARSEABLE)) {
		/* the original header block with the new body */
		mail_write_body(m, &body);
		e = strstr(orig, "\n\n");
		ck_assert_msg(e != NULL, "no header end");
		buf_add(&again, orig, (size_t)(e - orig) + 2);
		buf_add(&again, body.b_data, body.b_len);
		r = mail_parse_mem(again.b_data, again.b_len);
		ck_assert_msg(body_shows(r, "[X]") && !body_shows(r, needle),
		    "%s: got %s, want [X] and no %s", rewrite_cases[_i].file,
		    r->m_text, needle);
		mail_free(r);
	}
	check_write_fd(m, rewrite_cases[_i].file);
	mail_free(m);
	if (fd >= 0)
		close(fd);
	free(orig);
	buf_free(&whole);
	buf_free(&body);
	buf_free(&again);
}
END_TEST

/* An unchanged mail is written back as it came (body part included). */
START_TEST(test_write_unchanged)
{
	static const char *files[] = { "alt.eml", "attach.eml", "latin1.eml" };
	struct buf body = BUF_INIT;
	const char *e;
	struct mail *m;
	size_t n;
	char *orig = load(files[_i], &n);

	m = mail_parse_mem(orig, n);
	mail_write_body(m, &body);
	e = strstr(orig, "\n\n") + 2;
	ck_assert_msg(body.b_len == n - (size_t)(e - orig) &&
	    memcmp(body.b_data, e, body.b_len) == 0, "%s: got %s, want %s",
	    files[_i], body.b_data, e);
	mail_free(m);
	free(orig);
	buf_free(&body);
}
END_TEST

/* --- GMime 3.2.13 parameter loop (upstream issue 165) ----------------- */

static const char *loop_files[] = { "gmime165.eml", "gmime165b.eml" };

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif

/* Bounds the child: GMime's loop also grows a string without end. */
static void
limit_child(void)
{
#ifndef UNDER_ASAN
	struct rlimit rl = { 1024UL << 20, 1024UL << 20 };

	setrlimit(RLIMIT_AS, &rl);
#endif
	alarm(5);
}

/* Every path that could re-encode a parameter list, in a child that an
 * alarm kills if GMime loops: the test fails instead of hanging. */
START_TEST(test_param_loop)
{
	struct buf b = BUF_INIT;
	struct mail *m;
	pid_t pid;
	int st;

	pid = fork();
	ck_assert_msg(pid >= 0, "fork failed");
	if (pid == 0) {
		limit_child();
		m = parse_file(loop_files[_i]);
		mail_write(m, &b);
		mail_write_body(m, &b);
		mail_rewrite(m, umlaut_fn, NULL);
		mail_write(m, &b);
		mail_write_body(m, &b);
		st = 3;
		for (size_t i = 0; i < m->m_nwarnings; i++)
			if (strstr(m->m_warnings[i], "hazardous") != NULL)
				st = 0;
		mail_free(m);
		buf_free(&b);
		_exit(st);
	}
	ck_assert_msg(waitpid(pid, &st, 0) == pid, "waitpid failed");
	ck_assert_msg(!WIFSIGNALED(st), "%s: got signal %d (GMime loop?), "
	    "want exit 0", loop_files[_i], WTERMSIG(st));
	ck_assert_msg(WEXITSTATUS(st) == 0, "%s: got exit %d, want 0 (and a "
	    "warning)", loop_files[_i], WEXITSTATUS(st));
}
END_TEST

/* --- hostile structure ------------------------------------------------ */

/* A message of depth nested multiparts, each holding width text parts. */
static char *
hostile(int depth, int width, size_t *lenp)
{
	struct buf b = BUF_INIT;
	int i, j;

	buf_adds(&b, "From: x@example.com\nSubject: deep\nMIME-Version: 1.0\n");
	for (i = 0; i < depth; i++) {
		buf_addf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n"
		    "\n", i);
		for (j = 0; j < width; j++)
			buf_addf(&b, "--b%d\nContent-Type: text/plain\n\n"
			    "part %d secret\n", i, j);
		buf_addf(&b, "--b%d\n", i);
	}
	buf_adds(&b, "Content-Type: text/plain\n\ninnermost secret\n");
	for (i = depth - 1; i >= 0; i--)
		buf_addf(&b, "--b%d--\n", i);
	*lenp = b.b_len;
	return buf_steal(&b);
}

static const struct {
	int	depth, width;
} hostile_cases[] = {
	{ 3000, 0 },
	{ 1, 20000 },
	{ 200, 100 },
};

/* Deep or wide mail is bounded in time and flagged, never a crash; a
 * rewrite still reaches every text that mail_write() writes. */
START_TEST(test_hostile)
{
	struct buf b = BUF_INIT;
	struct mail *m;
	size_t n;
	time_t t0 = time(NULL);
	char *d = hostile(hostile_cases[_i].depth, hostile_cases[_i].width,
	    &n);

	m = mail_parse_mem(d, n);
	ck_assert_msg(m->m_flags & MAIL_F_TRUNCATED,
	    "case %d: got flags %#x, want TRUNCATED", _i, m->m_flags);
	mail_rewrite(m, replace_fn, "secret");
	mail_write(m, &b);
	ck_assert_msg(memmem(b.b_data, b.b_len, "secret", 6) == NULL,
	    "case %d: got a secret in the output, want none", _i);
	ck_assert_msg(time(NULL) - t0 < 20, "case %d: got %lld s, want < 20",
	    _i, (long long)(time(NULL) - t0));
	mail_free(m);
	free(d);
	buf_free(&b);
}
END_TEST

/* --- large mail from a file ------------------------------------------- */

#ifdef UNDER_ASAN
#define RSS_LIMIT_KB	(32 * 1024)	/* the quarantine keeps freed chunks */
#else
#define RSS_LIMIT_KB	(6 * 1024)
#endif

/* Peak resident set size of this process in kB (VmHWM). */
static long
peak_rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

/* mail_att_read() callback: counts bytes. */
static int
count_fn(const void *p, size_t n, void *arg)
{
	(void)p;
	*(size_t *)arg += n;
	return 0;
}

/* A 40 MB message parsed through mail_parse_fd() and written back with
 * mail_write_fd() costs a few MB. */
START_TEST(test_large_fd)
{
	char path[] = "/tmp/check_parser_big.XXXXXX";
	char line[78], sha[65] = "";
	const size_t lines = 540000;	/* 76 base64 chars each: ~41 MB */
	size_t total = 0;
	struct mail *m;
	long before, after;
	off_t size;
	size_t i;
	FILE *f;
	int fd = mkstemp(path), out;

	ck_assert_msg(fd >= 0, "mkstemp failed");
	unlink(path);
	f = fdopen(dup(fd), "w");
	fputs("From: big@example.com\nSubject: big\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"BIG\"\n\n--BIG\n"
	    "Content-Type: text/plain\n\nsmall text\n--BIG\n"
	    "Content-Type: application/octet-stream\n"
	    "Content-Disposition: attachment; filename=\"big.bin\"\n"
	    "Content-Transfer-Encoding: base64\n\n", f);
	memset(line, 'Q', 76);
	line[76] = '\n';
	line[77] = '\0';
	for (i = 0; i < lines; i++)
		fputs(line, f);
	fputs("--BIG--\n", f);
	fclose(f);
	lseek(fd, 0, SEEK_SET);

	before = peak_rss_kb();
	m = mail_parse_fd(fd);
	after = peak_rss_kb();
	ck_assert_msg(m->m_natt == 1 && m->m_att[0].at_size == lines * 57,
	    "got %zu attachments, want 1 of %zu bytes", m->m_natt, lines * 57);
	ck_assert_msg(strstr(m->m_text, "small text") != NULL,
	    "got %s, want small text", m->m_text);
	ck_assert_msg(m->m_att[0].at_data == NULL,
	    "got at_data, want NULL over MAIL_ATT_MEM_MAX");
	ck_assert_msg(mail_att_read(m, 0, count_fn, &total) == 0 &&
	    total == lines * 57, "got %zu streamed bytes, want %zu", total,
	    lines * 57);
	ck_assert_msg(mail_att_read(m, 1, count_fn, &total) == -1,
	    "got a read of attachment 1, want -1");
	ck_assert_msg(after - before < RSS_LIMIT_KB,
	    "got %ld kB peak RSS growth, want < %d kB", after - before,
	    RSS_LIMIT_KB);
	size = lseek(fd, 0, SEEK_END);
	ck_assert((out = open("/tmp", O_TMPFILE | O_RDWR, 0600)) >= 0);
	ck_assert_msg(mail_write_fd(m, out, sha) == size &&
	    strlen(sha) == 64, "got a copy of %lld bytes, want %lld",
	    (long long)lseek(out, 0, SEEK_END), (long long)size);
	after = peak_rss_kb();
	ck_assert_msg(after - before < RSS_LIMIT_KB,
	    "got %ld kB peak RSS growth with the copy, want < %d kB",
	    after - before, RSS_LIMIT_KB);
	close(out);
	mail_free(m);
	close(fd);
}
END_TEST

/* --- corpora of real and broken mail (when installed) ------------------ */

static glob_t corpus;

/* Collects the corpus files named in the build notes. */
static void
corpus_find(void)
{
	glob("/usr/lib/python3*/test/test_email/data/msg_*.txt", 0, NULL,
	    &corpus);
	glob("/usr/share/doc/libmime-explode-perl/examples/testmsgs/*",
	    corpus.gl_pathc > 0 ? GLOB_APPEND : 0, NULL, &corpus);
}

/* Every corpus message parses from memory and from a file, rewrites and
 * writes back, and the output parses again: no crash, no hang. */
START_TEST(test_corpus)
{
	struct buf b = BUF_INIT;
	struct mail *m, *r;
	int fd = open(corpus.gl_pathv[_i], O_RDONLY);

	ck_assert_msg(fd >= 0, "cannot open %s", corpus.gl_pathv[_i]);
	m = mail_parse_fd(fd);
	ck_assert_msg(m->m_text != NULL && m->m_subject != NULL,
	    "%s: got NULL text, want a string", corpus.gl_pathv[_i]);
	mail_rewrite(m, replace_fn, "the");
	mail_write(m, &b);
	mail_write_body(m, &b);
	r = mail_parse_mem(b.b_data, b.b_len);
	ck_assert_msg(r->m_text != NULL, "%s: reparse failed",
	    corpus.gl_pathv[_i]);
	mail_free(r);
	mail_free(m);
	close(fd);
	buf_free(&b);
}
END_TEST

/* The parser suite. */
static Suite *
parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc = tcase_create("parser");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_headers, 0,
	    sizeof(header_cases) / sizeof(header_cases[0]));
	tcase_add_loop_test(tc, test_body, 0,
	    sizeof(body_cases) / sizeof(body_cases[0]));
	tcase_add_loop_test(tc, test_attachments, 0,
	    sizeof(att_cases) / sizeof(att_cases[0]));
	tcase_add_loop_test(tc, test_rewrite, 0,
	    sizeof(rewrite_cases) / sizeof(rewrite_cases[0]));
	tcase_add_loop_test(tc, test_write_unchanged, 0, 3);
	tcase_add_test(tc, test_write_fd_full);
	tcase_add_loop_test(tc, test_param_loop, 0,
	    sizeof(loop_files) / sizeof(loop_files[0]));
	tcase_add_loop_test(tc, test_hostile, 0,
	    sizeof(hostile_cases) / sizeof(hostile_cases[0]));
	tcase_add_test(tc, test_large_fd);
	corpus_find();
	if (corpus.gl_pathc > 0)
		tcase_add_loop_test(tc, test_corpus, 0, (int)corpus.gl_pathc);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite; exit status is the number of failures. */
int
main(void)
{
	SRunner *sr = srunner_create(parser_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	globfree(&corpus);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
