/* check_notifier.c - templates and envelope addresses of notifier/ (no
 * I/O but the template files of etc/templates/LANG).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "notifier/notifier.h"

#ifndef TEMPLATE_DIR
#define TEMPLATE_DIR "etc/templates/en"
#endif
#ifndef TEMPLATE_ROOT
#define TEMPLATE_ROOT "etc/templates"
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
    V_REDACTED, V_MISS_PAYREF = 22, V_MISS_AMOUNT, V_IS_RESOLVED = 29,
    V_IS_CLOSED, V_RED_PASSWORD, V_RED_CODE, V_RED_CARD, V_IS_CHAT = 37 };

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
		{ "issue_type", "order" }, { "missing_service", "" },
		{ "missing_current_count", "" },
		{ "missing_payment_reference", "" }, { "missing_amount", "" },
		{ "missing_date", "" }, { "missing_method", "" },
		{ "missing_account", "" }, { "merged_number", "10040" },
		{ "merged_tag", "[Ticket#10040]" }, { "is_resolved", "" },
		{ "is_closed", "" }, { "redacted_password", "" },
		{ "redacted_code", "" }, { "redacted_card", "" },
		{ "redacted_recovery", "" }, { "redacted_access", "" },
		{ "redacted_other", "" }, { "is_chat", "" },
	};

	memcpy(v, base, sizeof(base));
}
#define NFILE_VARS	38

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
	{ "confirmation", { V_MISS_PAYREF, V_MISS_AMOUNT, V_MISS_ANY },
	    { "transaction ID", "amount you paid", NULL, NULL },
	    { "order ID", "public link", "current status" }, NULL },
	{ "confirmation", { V_REDACTED, V_RED_PASSWORD, V_RED_CODE },
	    { "never needs your password", "password, one-time code",
	    "change that password now", "someone is trying to sign" },
	    { "order ID", "block the card", NULL }, NULL },
	/* the advice follows what was removed: a card is not a password */
	{ "confirmation", { V_REDACTED, V_RED_CARD, 0 },
	    { "never needs your password", "block the card", NULL, NULL },
	    { "change that password", "someone is trying", NULL }, NULL },
	{ "reply", { 0 }, { "We fixed it.", "Bob", NULL, NULL },
	    { "{{", "as resolved", "now closed" },
	    "Re: [Ticket#10042] Order stuck" },
	/* a reply whose #status resolved it tells of it after the text */
	{ "reply", { V_IS_RESOLVED, 0 }, { "We fixed it.\n\nWe have marked "
	    "ticket 10042 as resolved", "reopened", "Bob", NULL },
	    { "{{", "now closed", NULL }, "Re: [Ticket#10042] Order stuck" },
	{ "reply", { V_IS_CLOSED, 0 }, { "We fixed it.\n\nTicket 10042 is "
	    "now closed", "support@example.test", "Bob", NULL },
	    { "{{", "as resolved", NULL }, "Re: [Ticket#10042] Order stuck" },
	/* to a Telegram chat: no subject to keep a tag in */
	{ "reply", { V_IS_CHAT, 0 }, { "We fixed it.", "send /start and "
	    "choose it", NULL, NULL }, { "in the subject", "{{", NULL },
	    NULL },
	{ "reply", { V_IS_CHAT, V_IS_RESOLVED, 0 }, { "as resolved",
	    "/createticket", NULL, NULL }, { "in the subject", "/start",
	    "reply to this message" }, NULL },
	{ "resolved", { V_IS_CHAT, 0 }, { "10042", "/createticket", NULL,
	    NULL }, { "in the subject", "reply to this message", NULL }, NULL },
	{ "confirmation", { V_IS_CHAT, 0 }, { "send /start and choose it",
	    NULL, NULL, NULL }, { "in the subject", NULL, NULL }, NULL },
	{ "resolved", { 0 }, { "10042", "resolved", "reopen", NULL },
	    { "{{", NULL, NULL }, "[Ticket#10042] Resolved: Order stuck" },
	{ "closed", { 0 }, { "10042", "closed", NULL, NULL },
	    { "{{", NULL, NULL }, "[Ticket#10042] Closed: Order stuck" },
	/* a secret in a mail to an open ticket: change it */
	{ "redacted", { V_REDACTED, V_RED_PASSWORD, 0 }, { "ticket 10042",
	    "(password, one-time code)", "change that password now",
	    "Ann Smith" }, { "{{", "block the card", "someone is trying" },
	    "Re: [Ticket#10042] Order stuck" },
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

/* Every template of every language renders with the variables intake
 * gives it (an unknown name is an error), all conditions true. */
#define NA(a)	(sizeof(a) / sizeof((a)[0]))
static const char *const langs[] = { "en", "ru", "uk", "es", "pt", "de",
    "tr" };
static const char *const lang_files[] = { "confirmation", "reply",
    "resolved", "closed", "tickets", "tickets-row", "merged", "redacted" };

START_TEST(test_tmpl_langs)
{
	static const char *const names[] = { "number", "tag", "subject",
	    "priority", "first_response", "due_at", "requester_name",
	    "requester", "support_address", "from_name", "missing_any",
	    "redacted", "redacted_kinds", "agent_name", "body", "status",
	    "issue_type", "hours", "is_low", "is_medium", "is_high",
	    "is_urgent", "missing_order_id", "missing_service",
	    "missing_link", "missing_status", "missing_current_count",
	    "missing_payment_reference", "missing_amount", "missing_date",
	    "missing_method", "missing_account", "ago_now", "ago_minutes",
	    "ago_hours", "ago_days", "updated_at", "reply_link", "is_open",
	    "is_in_progress", "is_waiting", "is_resolved", "is_closed",
	    "redacted_password", "redacted_code", "redacted_recovery",
	    "redacted_card", "redacted_access", "redacted_other", "is_chat",
	    "count", "list", "none", "more", "merged_number", "merged_tag" };
	const char *lang = langs[_i / NA(lang_files)];
	const char *name = lang_files[_i % NA(lang_files)];
	struct tmpl_var v[NA(names)];
	struct buf subj = BUF_INIT, body = BUF_INIT;
	char dir[512], err[256] = "";
	size_t k;

	for (k = 0; k < NA(names); k++) {
		v[k].tv_name = names[k];
		v[k].tv_value = "7";
	}
	snprintf(dir, sizeof(dir), "%s/%s", TEMPLATE_ROOT, lang);
	if (strcmp(name, "tickets-row") == 0)
		ck_assert_msg(tmpl_render_file(dir, name, v, NA(names), &body,
		    err, sizeof(err)) == 0, "%s/%s: got error %s", lang, name,
		    err);
	else {
		ck_assert_msg(tmpl_render_mail(dir, name, v, NA(names), &subj,
		    &body, err, sizeof(err)) == 0, "%s/%s: got error %s", lang,
		    name, err);
		ck_assert_msg(subj.b_data != NULL && *subj.b_data != '\0',
		    "%s/%s: got no subject", lang, name);
	}
	ck_assert_msg(body.b_data != NULL && strstr(body.b_data, "{{") ==
	    NULL, "%s/%s: got %s", lang, name, body.b_data);
	if (strcmp(lang, "en") != 0)
		ck_assert_msg(strstr(body.b_data, "thank you for writing") ==
		    NULL && strstr(body.b_data, "Last update") == NULL &&
		    strstr(body.b_data, "is now closed") == NULL,
		    "%s/%s: got English in %s", lang, name, body.b_data);
	buf_free(&subj);
	buf_free(&body);
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

/* The cache of template files: each step writes dir/t.txt (NULL: leaves
 * it as it is) and renders it through the cache. */
static const struct {
	const char	*write;
	const char	*want;		/* subject|body, or NULL: an error */
} cache_steps[][3] = {
	/* kept once it rendered: an edit waits for the next cache */
	{ { "Subject: a {{name}}\n\nbody 1\n", "a Ann|body 1\n" },
	  { "Subject: b\n\nbody 2\n", "a Ann|body 1\n" },
	  { NULL, "a Ann|body 1\n" } },
	/* a broken one is read again until it is mended */
	{ { "Subject: a {{nope}}\n\nx\n", NULL },
	  { "Subject: b {{name}}\n\ny\n", "b Ann|y\n" },
	  { "Subject: c\n\nz\n", "b Ann|y\n" } },
	/* not there yet, then there */
	{ { "", NULL },
	  { "Subject: d\n\n{{#if yes}}w{{/if}}\n", "d|w\n" },
	  { NULL, "d|w\n" } },
};

START_TEST(test_tmpl_cache)
{
	struct tmpl_cache *c = tmpl_cache_new();
	char dir[] = "/tmp/pd-tmpl.XXXXXX", path[64], err[256], *got;
	struct buf subj = BUF_INIT, body = BUF_INIT;
	FILE *fp;
	int i, rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.txt", dir);
	for (i = 0; i < 3; i++) {
		if (cache_steps[_i][i].write != NULL &&
		    *cache_steps[_i][i].write != '\0') {
			ck_assert_ptr_nonnull(fp = fopen(path, "w"));
			fputs(cache_steps[_i][i].write, fp);
			fclose(fp);
		}
		buf_reset(&subj);
		buf_reset(&body);
		rc = tmpl_cache_render_mail(c, dir, "t", tvars,
		    sizeof(tvars) / sizeof(tvars[0]), &subj, &body, err,
		    sizeof(err));
		got = rc < 0 ? xstrdup("(error)") : xasprintf("%s|%s",
		    subj.b_data, body.b_data);
		ck_assert_msg(strcmp(got, cache_steps[_i][i].want != NULL ?
		    cache_steps[_i][i].want : "(error)") == 0,
		    "step %d: got %s, want %s", i, got,
		    cache_steps[_i][i].want);
		ck_assert_int_eq(tmpl_cache_has(c, path), rc == 0);
		free(got);
	}
	unlink(path);
	rmdir(dir);
	buf_free(&subj);
	buf_free(&body);
	tmpl_cache_free(c);
}
END_TEST

/* --- addresses -------------------------------------------------------- */

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

/* Checks that each of the n strings want is in got. */
static void
has_all(const char *got, const char *const *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(strstr(got, want[i]) != NULL,
		    "got %s, want %s in it", got, want[i]);
}

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
	has_all(text.b_data, in_text, NA(in_text));
	has_all(html.b_data, in_html, NA(in_html));
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
	has_all(text.b_data, in_text, NA(in_text));
	has_all(html.b_data, in_html, NA(in_html));
	buf_free(&text);
	buf_free(&html);
}
END_TEST

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
	tcase_add_loop_test(tc, test_tmpl_langs, 0, N(langs) * N(lang_files));
	tcase_add_loop_test(tc, test_tmpl_file_errors, 0, 4);
	tcase_add_loop_test(tc, test_tmpl_cache, 0, N(cache_steps));
	suite_add_tcase(s, tc);
	tc = tcase_create("report");
	tcase_add_test(tc, test_queue_report);
	tcase_add_test(tc, test_digest_report);
	suite_add_tcase(s, tc);
	tc = tcase_create("addr");
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
