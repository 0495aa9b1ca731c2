/* check_notifier.c - templates and composing of notifier/ (no I/O but the
 * template files of etc/templates).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "notifier/notifier.h"

#ifndef TEMPLATE_DIR
#define TEMPLATE_DIR "etc/templates"
#endif

/* --- templates --------------------------------------------------------- */

static const struct tmpl_var tvars[] = {
	{ "name", "Ann" },
	{ "empty", "" },
	{ "null", NULL },
	{ "yes", "yes" },
	{ "brace", "{{name}}" },
};

static const struct {
	const char	*in;
	const char	*want;		/* NULL: an error */
} tmpl_cases[] = {
	{ "plain text", "plain text" },
	{ "", "" },
	{ "Hi {{name}}!", "Hi Ann!" },
	{ "Hi {{ name }}!", "Hi Ann!" },
	{ "{{brace}}", "{{name}}" },		/* values are verbatim */
	{ "[{{empty}}][{{null}}]", "[][]" },
	{ "a{{#if yes}}b{{/if}}c", "abc" },
	{ "a{{#if empty}}b{{/if}}c", "ac" },
	{ "a{{#if null}}b{{/if}}c", "ac" },
	{ "a{{#unless empty}}b{{/unless}}c", "abc" },
	{ "a{{#unless yes}}b{{/unless}}c", "ac" },
	{ "{{#if yes}}1{{#if empty}}2{{/if}}3{{/if}}", "13" },
	{ "{{#if empty}}1{{#if yes}}2{{/if}}3{{/if}}4", "4" },
	{ "{{#unless empty}}{{#unless null}}x{{/unless}}{{/unless}}", "x" },
	{ "l1\n{{#if yes}}\nl2\n{{/if}}\nl3\n", "l1\nl2\nl3\n" },
	{ "l1\n  {{#if empty}}  \nl2\n{{/if}}\nl3", "l1\nl3" },
	{ "l1\r\n{{#if yes}}\r\nl2\r\n{{/if}}\r\n", "l1\r\nl2\r\n" },
	{ "x {{#if yes}}y{{/if}}\n", "x y\n" },
	{ "{{name}}\n", "Ann\n" },
	{ "{{nope}}", NULL },
	{ "{{#if empty}}{{nope}}{{/if}}", NULL },	/* even when dropped */
	{ "{{#if nope}}x{{/if}}", NULL },
	{ "{{#if yes}}x", NULL },
	{ "x{{/if}}", NULL },
	{ "{{#if yes}}x{{/unless}}", NULL },
	{ "{{#unless yes}}x{{/if}}", NULL },
	{ "{{#each yes}}x{{/each}}", NULL },
	{ "{{name", NULL },
	{ "{{}}", NULL },
	{ "{{#if}}x{{/if}}", NULL },
};

START_TEST(test_tmpl)
{
	struct buf out = BUF_INIT;
	char err[256] = "";
	int rc;

	buf_adds(&out, "kept:");
	rc = tmpl_render(tmpl_cases[_i].in, strlen(tmpl_cases[_i].in), tvars,
	    sizeof(tvars) / sizeof(tvars[0]), &out, err, sizeof(err));
	if (tmpl_cases[_i].want == NULL) {
		ck_assert_msg(rc < 0, "%s: got %d, want an error",
		    tmpl_cases[_i].in, rc);
		ck_assert_msg(err[0] != '\0', "%s: no error text",
		    tmpl_cases[_i].in);
		ck_assert_msg(strcmp(out.b_data, "kept:") == 0,
		    "%s: got output %s, want it unchanged", tmpl_cases[_i].in,
		    out.b_data);
	} else {
		ck_assert_msg(rc == 0, "%s: got error %s", tmpl_cases[_i].in,
		    err);
		ck_assert_msg(strcmp(out.b_data + 5, tmpl_cases[_i].want) == 0,
		    "%s: got \"%s\", want \"%s\"", tmpl_cases[_i].in,
		    out.b_data + 5, tmpl_cases[_i].want);
	}
	buf_free(&out);
}
END_TEST

/* The variables intake passes; index of the ones a case changes. */
enum { V_MISS_ORDER = 9, V_MISS_LINK, V_MISS_STATUS, V_MISS_ANY,
    V_REDACTED };

static void
file_vars(struct tmpl_var *v)
{
	static const struct tmpl_var base[] = {
		{ "number", "10042" }, { "tag", "[Ticket#10042]" },
		{ "subject", "Order stuck" }, { "priority", "Medium" },
		{ "first_response", "24 hours" },
		{ "due_at", "2026-11-22 14:00 UTC" },
		{ "requester_name", "Ann Smith" },
		{ "requester", "ann@example.test" },
		{ "support_address", "support@example.test" },
		{ "missing_order_id", "" }, { "missing_link", "" },
		{ "missing_status", "" }, { "missing_any", "" },
		{ "redacted", "" },
		{ "redacted_kinds", "password, one-time code" },
		{ "agent_name", "Bob" }, { "body", "We fixed it." },
		{ "status", "Resolved" }, { "from_name", "Example Support" },
		{ "merged_number", "10040" },
		{ "merged_tag", "[Ticket#10040]" },
	};

	memcpy(v, base, sizeof(base));
}
#define NFILE_VARS	21

static const struct {
	const char	*name;
	int		 set[3];	/* variables set to "yes", 0 ends */
	const char	*has[4];	/* must appear */
	const char	*hasnt[3];	/* must not appear */
	const char	*subject;
} file_cases[] = {
	{ "confirmation", { 0 }, { "10042", "Medium", "24 hours",
	    "keep [Ticket#10042]" }, { "order ID", "password", "link" },
	    "[Ticket#10042] Order stuck" },
	{ "confirmation", { V_MISS_ORDER, V_MISS_ANY, 0 },
	    { "the order ID", "Ann Smith", NULL, NULL },
	    { "password", "public link", "current status" },
	    "[Ticket#10042] Order stuck" },
	{ "confirmation", { V_MISS_LINK, V_MISS_STATUS, V_MISS_ANY },
	    { "public link", "current status", NULL, NULL },
	    { "order ID", "password", NULL }, NULL },
	{ "confirmation", { V_REDACTED, 0 }, { "never needs your password",
	    "2FA", "password, one-time code", "change" },
	    { "order ID", NULL, NULL }, NULL },
	{ "reply", { 0 }, { "We fixed it.", "Bob", NULL, NULL },
	    { "{{", NULL, NULL }, "Re: [Ticket#10042] Order stuck" },
	{ "resolved", { 0 }, { "10042", "resolved", "reopen", NULL },
	    { "{{", NULL, NULL }, "[Ticket#10042] Resolved: Order stuck" },
	{ "closed", { 0 }, { "10042", "closed", NULL, NULL },
	    { "{{", NULL, NULL }, "[Ticket#10042] Closed: Order stuck" },
	{ "merged", { 0 }, { "[Ticket#10040] is about", "ticket 10042",
	    "keep [Ticket#10042]", "Ann Smith" }, { "{{", NULL, NULL },
	    "[Ticket#10042] Order stuck (was [Ticket#10040])" },
};

START_TEST(test_tmpl_file)
{
	struct tmpl_var v[NFILE_VARS];
	struct buf subj = BUF_INIT, body = BUF_INIT, all = BUF_INIT;
	const char *name = file_cases[_i].name, *b;
	char err[256] = "", *s;
	size_t k;

	file_vars(v);
	for (k = 0; k < 3 && file_cases[_i].set[k] != 0; k++)
		v[file_cases[_i].set[k]].tv_value = "yes";
	ck_assert_msg(tmpl_render_mail(TEMPLATE_DIR, name, v, NFILE_VARS,
	    &subj, &body, err, sizeof(err)) == 0, "%s: got error %s", name,
	    err);
	for (k = 0; k < 4; k++)
		if (file_cases[_i].has[k] != NULL)
			ck_assert_msg(strstr(body.b_data,
			    file_cases[_i].has[k]) != NULL,
			    "%s case %d: got no %s in %s", name, _i,
			    file_cases[_i].has[k], body.b_data);
	for (k = 0; k < 3; k++)
		if (file_cases[_i].hasnt[k] != NULL)
			ck_assert_msg(strstr(body.b_data,
			    file_cases[_i].hasnt[k]) == NULL,
			    "%s case %d: got %s in %s, want none", name, _i,
			    file_cases[_i].hasnt[k], body.b_data);
	if (file_cases[_i].subject != NULL)
		ck_assert_msg(strcmp(subj.b_data, file_cases[_i].subject) == 0,
		    "got subject %s, want %s", subj.b_data,
		    file_cases[_i].subject);
	ck_assert_msg(strstr(body.b_data, "\n\n\n") == NULL,
	    "%s: got three line breaks in a row", name);
	/* the whole-file render splits into the same two parts */
	ck_assert(tmpl_render_file(TEMPLATE_DIR, name, v, NFILE_VARS, &all,
	    err, sizeof(err)) == 0);
	ck_assert(tmpl_split_subject(all.b_data, &s, &b) == 0);
	ck_assert_msg(strcmp(s, subj.b_data) == 0, "got %s, want %s", s,
	    subj.b_data);
	ck_assert_msg(strcmp(b, body.b_data) == 0, "got %s, want %s", b,
	    body.b_data);
	free(s);
	buf_free(&subj);
	buf_free(&body);
	buf_free(&all);
}
END_TEST

START_TEST(test_tmpl_file_errors)
{
	static const char *const names[] = { "../confirmation", "nope", "",
	    "a/b" };
	struct buf out = BUF_INIT, o2 = BUF_INIT;
	char err[256];

	ck_assert_msg(tmpl_render_file(TEMPLATE_DIR, names[_i], tvars, 1,
	    &out, err, sizeof(err)) < 0, "%s: got success, want error",
	    names[_i]);
	ck_assert_msg(tmpl_render_mail(TEMPLATE_DIR, names[_i], tvars, 1,
	    &out, &o2, err, sizeof(err)) < 0, "%s: got success, want error",
	    names[_i]);
	buf_free(&out);
	buf_free(&o2);
}
END_TEST

/* --- composing --------------------------------------------------------- */

/* Decodes base64 text of len bytes, appending to out. */
static void
b64_decode(const char *s, size_t len, struct buf *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < len && s[i] != '='; i++) {
		const char *p = strchr(tab, s[i]);

		ck_assert_msg(p != NULL && s[i] != '\0', "bad base64 %c", s[i]);
		v = (v << 6) | (unsigned)(p - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(out, (char)((v >> bits) & 0xff));
		}
	}
}

/* The unfolded value of header name in msg (malloc'd) or NULL. */
static char *
header_value(const char *msg, const char *name)
{
	struct buf v = BUF_INIT;
	const char *p = msg, *eol;
	size_t nlen = strlen(name);

	while (*p != '\0' && strncmp(p, "\r\n", 2) != 0) {
		eol = strstr(p, "\r\n");
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			p += nlen + 1;
			for (;;) {
				buf_add(&v, p, (size_t)(eol - p));
				p = eol + 2;
				if (*p != ' ' && *p != '\t')
					break;
				eol = strstr(p, "\r\n");
			}
			buf_add(&v, "", 0);
			return buf_steal(&v);
		}
		p = eol + 2;
	}
	return NULL;
}

/* Decodes RFC 2047 B-words of UTF-8 in an unfolded value. */
static char *
decode_2047(const char *v)
{
	struct buf out = BUF_INIT;
	const char *p = v, *end;
	int prev_word = 0;

	while (*p == ' ')
		p++;
	buf_add(&out, "", 0);
	while (*p != '\0') {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0 &&
		    (end = strstr(p + 10, "?=")) != NULL) {
			b64_decode(p + 10, (size_t)(end - p - 10), &out);
			p = end + 2;
			prev_word = 1;
			continue;
		}
		if (*p == ' ' && prev_word) {
			const char *q = p + strspn(p, " ");

			if (strncmp(q, "=?", 2) == 0) {
				p = q;
				continue;
			}
		}
		prev_word = 0;
		buf_addc(&out, *p++);
	}
	return buf_steal(&out);
}

/* Decodes a quoted-printable body (CRLF lines), appending to out. */
static void
qp_decode(const char *s, struct buf *out)
{
	unsigned x;

	while (*s != '\0') {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			ck_assert_msg(sscanf(s + 1, "%2X", &x) == 1,
			    "bad QP escape %.3s", s);
			buf_addc(out, (char)x);
			s += 3;
		} else
			buf_addc(out, *s++);
	}
}

static const char *const refs[] = { "a1@example.test",
    "verylongidentifier-0123456789-0123456789-0123456789@customer.example.test",
    "b2@x>\r\nBcc: evil@x", "c3@example.test", "d4@example.test" };

static const struct {
	const char	*subject;
	const char	*want_subject;
	const char	*from_name;
	const char	*to_addr;
	const char	*body;
	const char	*want_body;	/* NULL: same as body, CRLF */
} compose_cases[] = {
	{ "Hello", "Hello", "Support", "ann@example.test", "Hi\n", "Hi\r\n" },
	{ "x\r\nBcc: victim@x", "x Bcc: victim@x", "Evil\r\nBcc: v@x",
	    "ann@example.test\r\nBcc: v@x", "b", "b\r\n" },
	{ "Grüße aus Köln – Bestellung 4711", "Grüße aus Köln – Bestellung 4711",
	    "Jürgen Support", "ann@example.test", "Grüße\n", "Grüße\r\n" },
	{ "回复: 订单问题 [Ticket#10042] "
	    "我的订单一直处于待处理状态，请帮忙查看一下谢谢",
	    "回复: 订单问题 [Ticket#10042] "
	    "我的订单一直处于待处理状态，请帮忙查看一下谢谢",
	    NULL, "ann@example.test", "x", "x\r\n" },
	{ "A fairly long plain ASCII subject line that must be folded "
	    "somewhere before column seventy-eight [Ticket#10042]",
	    "A fairly long plain ASCII subject line that must be folded "
	    "somewhere before column seventy-eight [Ticket#10042]",
	    "\"Quoted\" Name, Inc.", "ann@example.test", "a\r\nb\rc\n",
	    "a\r\nb\r\nc\r\n" },
	{ "=?UTF-8?B?Zm9v?= looks encoded", "=?UTF-8?B?Zm9v?= looks encoded",
	    "Bob", "bob@example.test",
	    "trailing space \nand tab\t\n.dot\nFrom x\n= sign\n", NULL },
	{ "bad \xff\xfe utf8 \x01\x7f", "bad \xef\xbf\xbd\xef\xbf\xbd utf8 ",
	    "B\xc3", "bob@example.test", "bad \xc3\x28 byte\n",
	    "bad \xef\xbf\xbd( byte\r\n" },
	{ "", "", "", "bob@example.test",
	    "A very long line of body text that goes on and on without any "
	    "break at all, well past seventy-six characters, with Ünïcödé "
	    "and = signs ==== to make the encoder work for its living, "
	    "and a dot at the end.\n", NULL },
};

/* Checks that every line of msg ends in CRLF and headers stay short
 * (below 78 columns, or 998 where a header holds one unbreakable token). */
static void
check_lines_max(const char *msg, size_t *hdr_end, int hdr_max)
{
	const char *p = msg, *eol;
	int in_body = 0;

	for (; *p != '\0'; p = eol + 2) {
		eol = strstr(p, "\r\n");
		ck_assert_msg(eol != NULL, "got a last line without CRLF");
		ck_assert_msg(memchr(p, '\n', (size_t)(eol - p)) == NULL &&
		    memchr(p, '\r', (size_t)(eol - p)) == NULL,
		    "got a bare CR or LF in %.40s", p);
		if (!in_body && eol == p) {
			in_body = 1;
			*hdr_end = (size_t)(p - msg);
			continue;
		}
		ck_assert_msg(eol - p <= (in_body ? 76 : hdr_max),
		    "got a line of %d characters: %.*s, want at most %d",
		    (int)(eol - p), (int)(eol - p), p, in_body ? 76 : hdr_max);
		if (!in_body && *p != ' ' && *p != '\t') {
			static const char *const ok[] = { "Date:", "From:",
			    "To:", "Reply-To:", "Subject:", "Message-ID:",
			    "In-Reply-To:", "References:", "Auto-Submitted:",
			    "X-Auto-Response-Suppress:", "X-Loop:",
			    "MIME-Version:", "Content-Type:",
			    "Content-Transfer-Encoding:" };
			size_t k;
			int known = 0;

			for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
				if (strncmp(p, ok[k], strlen(ok[k])) == 0)
					known = 1;
			ck_assert_msg(known, "got header line %.*s",
			    (int)(eol - p), p);
		}
		for (const char *c = p; c < eol; c++)
			ck_assert_msg(((unsigned char)*c >= 0x20 &&
			    (unsigned char)*c < 0x7f) ||
			    (in_body && *c == '\t'),
			    "got byte %02x in %.*s",
			    (unsigned char)*c, (int)(eol - p), p);
	}
	ck_assert_msg(in_body, "got no blank line after the headers");
}

/* check_lines_max() for headers below 78 columns. */
static void
check_lines(const char *msg, size_t *hdr_end)
{
	check_lines_max(msg, hdr_end, 77);
}

START_TEST(test_compose)
{
	struct notify_msg m;
	struct buf out = BUF_INIT, body = BUF_INIT, want = BUF_INIT;
	char *v, *d;
	size_t hdr_end = 0;
	const char *wb = compose_cases[_i].want_body, *p;

	memset(&m, 0, sizeof(m));
	m.nm_from_addr = "support@example.test";
	m.nm_from_name = compose_cases[_i].from_name;
	m.nm_to_addr = compose_cases[_i].to_addr;
	m.nm_to_name = "Ann <ann@evil>";
	m.nm_reply_to = "support@example.test";
	m.nm_subject = compose_cases[_i].subject;
	m.nm_message_id = "pd.10042.abc@example.test";
	m.nm_in_reply_to = "cust-1@customer.example.test";
	m.nm_references = refs;
	m.nm_nreferences = sizeof(refs) / sizeof(refs[0]);
	m.nm_auto_submitted = "auto-replied";
	m.nm_x_loop = "support@example.test";
	m.nm_body = compose_cases[_i].body;
	notifier_compose(&m, 1795300000, &out);

	check_lines(out.b_data, &hdr_end);
	v = header_value(out.b_data, "Subject");
	ck_assert_msg(v != NULL, "got no Subject");
	d = decode_2047(v);
	ck_assert_msg(strcmp(d, compose_cases[_i].want_subject) == 0,
	    "got subject %s, want %s", d, compose_cases[_i].want_subject);
	free(v);
	free(d);
	v = header_value(out.b_data, "To");
	ck_assert_msg(strstr(v, "<ann@example.test") != NULL ||
	    strstr(v, "<bob@example.test>") != NULL, "got To %s", v);
	ck_assert_msg(strchr(strchr(v, '<') + 1, '<') == NULL ||
	    strstr(v, "\"Ann <ann@evil>\"") != NULL, "got To %s", v);
	free(v);
	v = header_value(out.b_data, "References");
	ck_assert_msg(strstr(v, "<a1@example.test>") == v + 1 &&
	    strstr(v, "<d4@example.test>") != NULL, "got References %s", v);
	free(v);
	ck_assert_msg(strncmp(out.b_data, "Date: Sat, 21 Nov 2026 ", 23) == 0,
	    "got %.40s, want the Date first", out.b_data);

	qp_decode(out.b_data + hdr_end + 2, &body);
	if (wb == NULL) {
		for (p = compose_cases[_i].body; *p != '\0'; p++)
			if (*p == '\n')
				buf_adds(&want, "\r\n");
			else
				buf_addc(&want, *p);
		wb = want.b_data;
	}
	ck_assert_msg(strcmp(body.b_data, wb) == 0, "got body %s, want %s",
	    body.b_data, wb);
	for (p = out.b_data + hdr_end + 2; *p != '\0';
	    p = strstr(p, "\r\n") + 2)
		ck_assert_msg(*p != '.' && strncmp(p, "From ", 5) != 0,
		    "got a line starting with %.5s", p);
	buf_free(&out);
	buf_free(&body);
	buf_free(&want);
}
END_TEST

START_TEST(test_compose_minimal)
{
	struct notify_msg m;
	struct buf out = BUF_INIT;
	size_t hdr_end;
	char *v;

	memset(&m, 0, sizeof(m));
	m.nm_from_addr = "support@example.test";
	m.nm_to_addr = "ann@example.test";
	m.nm_subject = "Hi";
	m.nm_message_id = "<x@y>";
	m.nm_body = "";
	notifier_compose(&m, 0, &out);
	check_lines(out.b_data, &hdr_end);
	ck_assert_msg(strstr(out.b_data, "Auto-Submitted") == NULL &&
	    strstr(out.b_data, "In-Reply-To") == NULL &&
	    strstr(out.b_data, "References") == NULL &&
	    strstr(out.b_data, "Reply-To") == NULL, "got %s", out.b_data);
	v = header_value(out.b_data, "Message-ID");
	ck_assert_msg(strcmp(v, " <x@y>") == 0, "got %s, want <x@y>", v);
	free(v);
	v = header_value(out.b_data, "From");
	ck_assert_msg(strcmp(v, " <support@example.test>") == 0,
	    "got %s, want <support@example.test>", v);
	free(v);
	buf_free(&out);
}
END_TEST

/* With HTML: one multipart/alternative of the text and the HTML. */
START_TEST(test_compose_alternative)
{
	static const char *const want[] = {
	    "Content-Type: multipart/alternative; "
	    "boundary=\"=_postdesk_alternative\"\r\n\r\n"
	    "--=_postdesk_alternative\r\nContent-Type: text/plain",
	    "Plain words.\r\n--=_postdesk_alternative\r\n"
	    "Content-Type: text/html; charset=UTF-8\r\n",
	    "<p>5 &lt; 6</p>\r\n--=_postdesk_alternative--\r\n" };
	struct notify_msg m;
	struct buf out = BUF_INIT;
	size_t hdr_end, i;

	memset(&m, 0, sizeof(m));
	m.nm_from_addr = "support@example.test";
	m.nm_to_addr = "ann@example.test";
	m.nm_subject = "Report";
	m.nm_message_id = "x@y";
	m.nm_body = "Plain words.";
	m.nm_html = "<p>5 &lt; 6</p>";
	notifier_compose(&m, 0, &out);
	check_lines(out.b_data, &hdr_end);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(strstr(out.b_data, want[i]) != NULL,
		    "got %s, want %s in it", out.b_data, want[i]);
	ck_assert_msg(strstr(out.b_data, "Content-Type: text/plain; "
	    "charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"
	    "\r\n\r\n") != NULL, "got %s", out.b_data);
	buf_free(&out);
}
END_TEST

/* The queue report: every field in the text and the HTML, values escaped,
 * overdue marked. */
START_TEST(test_queue_report)
{
	struct store_ticket_row t[2];
	struct buf text = BUF_INIT, html = BUF_INIT;
	static const char *const in_text[] = {
	    "2 open ticket(s), 1 overdue.",
	    "[Ticket#10042] OVERDUE <b>Help</b> & more\n"
	    "    ann@example.test | open | urgent | age 1d 2h | due "
	    "2026-12-03 10:00 (overdue) | assignee bob@example.test\n",
	    "[Ticket#10043] Second\n    cy@example.test | waiting | low | "
	    "age 5m | due - | assignee -\n" };
	static const char *const in_html[] = { "<title>Queue</title>",
	    "&lt;b&gt;Help&lt;/b&gt; &amp; more", "background:#fde8e8",
	    "color:#b00;font-weight:bold\">2026-12-03 10:00</td>",
	    ">bob@example.test</td>" };
	time_t now = 1796392800;	/* 2026-12-04 14:00 UTC */
	size_t i;

	memset(t, 0, sizeof(t));
	t[0].tr_number = 10042;
	t[0].tr_subject = "<b>Help</b> & more";
	t[0].tr_requester = "ann@example.test";
	t[0].tr_status = "open";
	t[0].tr_priority = "urgent";
	t[0].tr_assignee = "bob@example.test";
	t[0].tr_created_at = now - 93600;
	t[0].tr_due_at = now - 100800;
	t[0].tr_overdue = 1;
	t[1].tr_number = 10043;
	t[1].tr_subject = "Second";
	t[1].tr_requester = "cy@example.test";
	t[1].tr_status = "waiting";
	t[1].tr_priority = "low";
	t[1].tr_created_at = now - 300;
	notifier_queue_report(t, 2, now, "Queue", "Ticket", &text, &html);
	for (i = 0; i < sizeof(in_text) / sizeof(in_text[0]); i++)
		ck_assert_msg(strstr(text.b_data, in_text[i]) != NULL,
		    "got %s, want %s in it", text.b_data, in_text[i]);
	for (i = 0; i < sizeof(in_html) / sizeof(in_html[0]); i++)
		ck_assert_msg(strstr(html.b_data, in_html[i]) != NULL,
		    "got %s, want %s in it", html.b_data, in_html[i]);
	ck_assert_msg(strstr(html.b_data, "<b>Help") == NULL,
	    "got %s, want the subject escaped", html.b_data);
	buf_free(&text);
	buf_free(&html);
}
END_TEST

/* The digest: a line and a row of bars per day (widths in proportion to
 * the largest count), the figures, the redactions. */
START_TEST(test_digest_report)
{
	static const char *const in_text[] = {
	    "Day          Opened  Resolved  Still open\n",
	    "\nFri 12-04         8         4           2\n",
	    "\nSat 11-21         0         0           0\n",
	    "First responses (tickets of these 14 days): 3, median 45s, p90 "
	    "1h 2m\nOverdue now: 2\n", "Redactions by kind: otp 2 password 4\n",
	    "Overdue tickets:" };
	static const char *const in_html[] = {
	    "<title>Digest</title>", "<td style=\"padding:2px 6px;white-space:"
	    "nowrap\">Fri 12-04</td>", "width:240px;background:#2563eb",
	    "width:120px;background:#16a34a\"></div><span style=\""
	    "padding-left:4px\">4</span>", "width:60px;background:#9ca3af",
	    "width:0px;background:#2563eb", "<b id=\"median\">45s</b>",
	    "<b id=\"p90\">1h 2m</b>", ">otp</td>",
	    "width:120px;background:#d97706", "&lt;i&gt;" };
	struct store_count red[2] = { { "otp", 2 }, { "password", 4 } };
	struct store_ticket_row t;
	struct store_digest sd;
	struct buf text = BUF_INIT, html = BUF_INIT;
	time_t now = 1796392800;	/* 2026-12-04 14:00 UTC, a Friday */
	size_t i;

	memset(&sd, 0, sizeof(sd));
	for (i = 0; i < STORE_DIGEST_DAYS; i++)
		sd.sd_days[i].dd_day = now - 50400 - (time_t)(13 - i) * 86400;
	sd.sd_days[13].dd_opened = 8;
	sd.sd_days[13].dd_resolved = 4;
	sd.sd_days[13].dd_open = 2;
	sd.sd_first_responses = 3;
	sd.sd_median_s = 45;
	sd.sd_p90_s = 3720;
	sd.sd_overdue = 2;
	sd.sd_redactions = red;
	sd.sd_nredactions = 2;
	memset(&t, 0, sizeof(t));
	t.tr_number = 10042;
	t.tr_subject = "<i>late</i>";
	t.tr_requester = "ann@example.test";
	t.tr_status = "open";
	t.tr_priority = "high";
	t.tr_overdue = 1;
	t.tr_created_at = now - 3600;
	notifier_digest_report(&sd, &t, 1, now, "Digest", "Ticket", &text,
	    &html);
	for (i = 0; i < sizeof(in_text) / sizeof(in_text[0]); i++)
		ck_assert_msg(strstr(text.b_data, in_text[i]) != NULL,
		    "got %s, want %s in it", text.b_data, in_text[i]);
	for (i = 0; i < sizeof(in_html) / sizeof(in_html[0]); i++)
		ck_assert_msg(strstr(html.b_data, in_html[i]) != NULL,
		    "got %s, want %s in it", html.b_data, in_html[i]);
	buf_free(&text);
	buf_free(&html);
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

/* Whatever the fields hold, the message keeps its shape. */
START_TEST(test_compose_random)
{
	unsigned seed = 1000u + (unsigned)_i;
	struct notify_msg m;
	struct buf out = BUF_INIT, body = BUF_INIT;
	char *f[6], err[128];
	size_t hdr_end = 0;
	int k;

	for (k = 0; k < 6; k++)
		f[k] = random_text(&seed, k == 5 ? 2000 : 200);
	memset(&m, 0, sizeof(m));
	m.nm_from_addr = "support@example.test";
	m.nm_from_name = f[0];
	m.nm_to_addr = f[1];
	m.nm_to_name = f[2];
	m.nm_subject = f[3];
	m.nm_message_id = f[4];
	m.nm_in_reply_to = f[4];
	m.nm_references = (const char *const *)f;
	m.nm_nreferences = 5;
	m.nm_auto_submitted = f[2];
	m.nm_x_loop = f[3];
	m.nm_body = f[5];
	notifier_compose(&m, 0, &out);
	check_lines_max(out.b_data, &hdr_end, 300);
	qp_decode(out.b_data + hdr_end + 2, &body);
	/* and templates fail cleanly or render */
	buf_reset(&body);
	(void)tmpl_render(f[5], strlen(f[5]), tvars, 5, &body, err,
	    sizeof(err));
	for (k = 0; k < 6; k++)
		free(f[k]);
	buf_free(&out);
	buf_free(&body);
}
END_TEST

static const struct {
	const char	*addr;
	int		 ok;
} addr_cases[] = {
	{ "ann@example.test", 1 },
	{ "ann+x.y@sub.example.test", 1 },
	{ "", 0 },
	{ "ann", 0 },
	{ "@example.test", 0 },
	{ "ann@", 0 },
	{ "a@b@c", 0 },
	{ "ann@example.test\r\nRCPT TO:<x@y>", 0 },
	{ "ann@example.test>", 0 },
	{ "ann @example.test", 0 },
	{ "\"a b\"@example.test", 0 },
};

START_TEST(test_addr_ok)
{
	int got = notifier_addr_ok(addr_cases[_i].addr);

	ck_assert_msg(got == addr_cases[_i].ok, "%s: got %d, want %d",
	    addr_cases[_i].addr, got, addr_cases[_i].ok);
}
END_TEST

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* The suite. */
static Suite *
notifier_suite(void)
{
	Suite *s = suite_create("notifier");
	TCase *tc;

	tc = tcase_create("tmpl");
	tcase_add_loop_test(tc, test_tmpl, 0, N(tmpl_cases));
	tcase_add_loop_test(tc, test_tmpl_file, 0, N(file_cases));
	tcase_add_loop_test(tc, test_tmpl_file_errors, 0, 4);
	suite_add_tcase(s, tc);
	tc = tcase_create("compose");
	tcase_add_loop_test(tc, test_compose, 0, N(compose_cases));
	tcase_add_test(tc, test_compose_minimal);
	tcase_add_test(tc, test_compose_alternative);
	tcase_add_test(tc, test_queue_report);
	tcase_add_test(tc, test_digest_report);
	tcase_add_loop_test(tc, test_compose_random, 0, 200);
	tcase_add_loop_test(tc, test_addr_ok, 0, N(addr_cases));
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(notifier_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
