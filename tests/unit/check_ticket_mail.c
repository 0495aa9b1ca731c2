/* check_ticket_mail.c - unit tests of ticket/ decisions about a mail:
 * priority, SLA, category, RFC 3834 class, agent trust, commands, order
 * IDs and links.  Mails are struct mail values built by hand. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "ticket/ticket.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct conf *cf;

/* A config snapshot from text, for the whole run. */
static struct conf *
load_conf(const char *text)
{
	char err[256];
	struct conf *c = conf_load_string(text, "test", err, sizeof(err));

	ck_assert_msg(c != NULL, "conf: %s", err);
	return c;
}

/* Fixture: the config all tests share. */
static void
setup(void)
{
	cf = load_conf(
	    "support_addresses = support@example.com, billing@example.com,"
	    " @help.example.net\n"
	    "agents = alice@example.com, @staff.example.org\n"
	    "agent_trust = auth, dkim\n"
	    "authserv_id = mx.example.com\n"
	    "urgent_keywords = urgent, dringend, срочно\n"
	    "high_keywords = asap, important\n"
	    "sla_low = 72\nsla_medium = 24\nsla_high = 8\nsla_urgent = 2\n");
}

/* Fixture teardown. */
static void
teardown(void)
{
	conf_unref(cf);
	cf = NULL;
}

/* --- priority -------------------------------------------------------- */

static const struct {
	const char		*subject;
	const char		*importance;
	const char		*x_priority;
	const char		*rcpt;
	enum ticket_priority	 want;
} prio_rows[] = {
	{ "help", NULL, NULL, "support@example.com", TP_MEDIUM },
	{ "help", "high", NULL, "support@example.com", TP_HIGH },
	{ "help", "High", NULL, "support@example.com", TP_HIGH },
	{ "help", "low", NULL, "support@example.com", TP_LOW },
	{ "help", "normal", NULL, "support@example.com", TP_MEDIUM },
	{ "help", NULL, "1 (Highest)", "support@example.com", TP_HIGH },
	{ "help", NULL, "2", "support@example.com", TP_HIGH },
	{ "help", NULL, "3 (Normal)", "support@example.com", TP_MEDIUM },
	{ "help", NULL, "4", "support@example.com", TP_LOW },
	{ "help", NULL, "5 (Lowest)", "support@example.com", TP_LOW },
	{ "help", NULL, NULL, "support+urgent@example.com", TP_URGENT },
	{ "help", NULL, NULL, "support+high@example.com", TP_HIGH },
	{ "help", NULL, NULL, "support+low@example.com", TP_LOW },
	{ "help", NULL, NULL, "support+billing@example.com", TP_MEDIUM },
	{ "help", NULL, NULL, "urgent@help.example.net", TP_URGENT },
	{ "help", NULL, NULL, "other+urgent@elsewhere.com", TP_MEDIUM },
	{ "URGENT: server down", NULL, NULL, "support@example.com",
	    TP_URGENT },
	{ "server down urgent!", NULL, NULL, "support@example.com",
	    TP_URGENT },
	{ "Dringend: Server", NULL, NULL, "support@example.com", TP_URGENT },
	{ "Срочно: сервер", NULL, NULL, "support@example.com", TP_URGENT },
	{ "not urgently needed", NULL, NULL, "support@example.com",
	    TP_MEDIUM },
	{ "please fix asap", NULL, NULL, "support@example.com", TP_HIGH },
	{ "ASAP", "low", NULL, "support@example.com", TP_HIGH },
	{ "urgent", "low", "5", "support@example.com", TP_URGENT },
	{ "important", "high", NULL, "support+urgent@example.com",
	    TP_URGENT },
	{ "[URGENT] login broken", NULL, NULL, "support@example.com",
	    TP_URGENT },
	{ "Important!", NULL, NULL, "support@example.com", TP_HIGH },
	{ "unimportant", NULL, NULL, "support@example.com", TP_MEDIUM },
	{ "", NULL, NULL, "support@example.com", TP_MEDIUM },
	{ "x", "  HIGH ", NULL, "support@example.com", TP_HIGH },
	{ "x", NULL, " 1", "support@example.com", TP_HIGH },
	{ "x", NULL, "9", "support@example.com", TP_MEDIUM },
	{ "x", NULL, NULL, "Support+URGENT@Example.com", TP_URGENT },
	{ "x", NULL, NULL, "billing+urgent@example.com", TP_URGENT },
	{ "x", NULL, NULL, "support+critical@example.com", TP_URGENT },
};

START_TEST(test_priority)
{
	struct mail m;
	const char *rcpts[1];
	enum ticket_priority got;

	memset(&m, 0, sizeof(m));
	m.m_subject = (char *)prio_rows[_i].subject;
	m.m_importance = (char *)prio_rows[_i].importance;
	m.m_x_priority = (char *)prio_rows[_i].x_priority;
	m.m_from.a_addr = "bob@customer.com";
	rcpts[0] = prio_rows[_i].rcpt;
	got = ticket_priority_of(&m, rcpts, 1, cf);
	ck_assert_msg(got == prio_rows[_i].want, "%s: got %s, want %s",
	    prio_rows[_i].subject, ticket_priority_name(got),
	    ticket_priority_name(prio_rows[_i].want));
}
END_TEST

/* Without envelope recipients To/Cc count. */
START_TEST(test_priority_to)
{
	struct mail m;
	struct mail_addr to = { NULL, "support+urgent@example.com" };

	memset(&m, 0, sizeof(m));
	m.m_subject = "x";
	m.m_from.a_addr = "";
	m.m_to.as_v = &to;
	m.m_to.as_n = 1;
	ck_assert_str_eq(ticket_priority_name(ticket_priority_of(&m, NULL, 0,
	    cf)), "urgent");
}
END_TEST

static const struct {
	enum ticket_priority	p;
	long			hours;
} due_rows[] = {
	{ TP_LOW, 72 }, { TP_MEDIUM, 24 }, { TP_HIGH, 8 }, { TP_URGENT, 2 },
};

START_TEST(test_due)
{
	time_t got = ticket_due(1000000, due_rows[_i].p, cf);
	time_t want = 1000000 + due_rows[_i].hours * 3600;

	ck_assert_msg(got == want, "got %ld, want %ld", (long)got,
	    (long)want);
}
END_TEST

START_TEST(test_due_default)
{
	ck_assert_int_eq(ticket_due(0, TP_LOW, NULL), 48 * 3600);
	ck_assert_int_eq(ticket_due(0, TP_MEDIUM, NULL), 24 * 3600);
	ck_assert_int_eq(ticket_due(0, TP_HIGH, NULL), 4 * 3600);
	ck_assert_int_eq(ticket_due(0, TP_URGENT, NULL), 3600);
}
END_TEST

/* --- category ---------------------------------------------------------- */

static const struct {
	const char	*rcpt1;
	const char	*rcpt2;
	const char	*want;		/* NULL: none */
} cat_rows[] = {
	{ "support@example.com", NULL, NULL },
	{ "billing@example.com", NULL, "billing" },
	{ "Billing@Example.com", NULL, "billing" },
	{ "support+billing@example.com", NULL, "billing" },
	{ "support+Billing@example.com", NULL, "billing" },
	{ "support+urgent@example.com", NULL, NULL },
	{ "support+re.funds!@example.com", NULL, "refunds" },
	{ "support+x_y-z@example.com", NULL, "x_y-z" },
	{ "sales@help.example.net", NULL, "sales" },
	{ "help@help.example.net", NULL, NULL },
	{ "helpdesk@help.example.net", NULL, NULL },
	{ "info@help.example.net", NULL, NULL },
	{ "billing+refunds@example.com", NULL, "refunds" },
	{ "friend@elsewhere.com", "billing@example.com", "billing" },
	{ "sales@elsewhere.com", NULL, NULL },
	{ "support@example.com", "support+tech@example.com", "tech" },
	{ "support+@example.com", NULL, NULL },
};

START_TEST(test_category)
{
	const char *rcpts[2] = { cat_rows[_i].rcpt1, cat_rows[_i].rcpt2 };
	char *got = ticket_category_of(rcpts, rcpts[1] != NULL ? 2 : 1, cf);
	const char *want = cat_rows[_i].want;

	ck_assert_msg((got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0),
	    "%s: got %s, want %s", rcpts[0], got ? got : "(none)",
	    want ? want : "(none)");
	free(got);
}
END_TEST

/* --- RFC 3834 ------------------------------------------------------------ */

static const struct {
	const char	*sender;	/* envelope; NULL unknown */
	const char	*from;
	const char	*auto_submitted;
	const char	*precedence;
	const char	*x_loop;
	int		 flags;
	const char	*report_type;
	enum auto_class	 want;
} ac_rows[] = {
	{ "bob@c.com", "bob@c.com", NULL, NULL, NULL, 0, NULL, AC_HUMAN },
	{ NULL, "bob@c.com", NULL, NULL, NULL, 0, NULL, AC_HUMAN },
	{ "", "bob@c.com", NULL, NULL, NULL, 0, NULL, AC_NULL_SENDER },
	{ "<>", "bob@c.com", NULL, NULL, NULL, 0, NULL, AC_NULL_SENDER },
	{ "bob@c.com", "bob@c.com", "auto-replied", NULL, NULL, 0, NULL,
	    AC_AUTO_SUBMITTED },
	{ "bob@c.com", "bob@c.com", "auto-generated", NULL, NULL, 0, NULL,
	    AC_AUTO_SUBMITTED },
	{ "bob@c.com", "bob@c.com", "Auto-Replied; owner-email=x", NULL,
	    NULL, 0, NULL, AC_AUTO_SUBMITTED },
	{ "bob@c.com", "bob@c.com", "no", NULL, NULL, 0, NULL, AC_HUMAN },
	{ "bob@c.com", "bob@c.com", " No (manual)", NULL, NULL, 0, NULL,
	    AC_HUMAN },
	{ "bob@c.com", "bob@c.com", NULL, "bulk", NULL, 0, NULL, AC_BULK },
	{ "bob@c.com", "bob@c.com", NULL, "Junk", NULL, 0, NULL, AC_BULK },
	{ "bob@c.com", "bob@c.com", NULL, "list", NULL, 0, NULL, AC_BULK },
	{ "bob@c.com", "bob@c.com", NULL, "first-class", NULL, 0, NULL,
	    AC_HUMAN },
	{ "bob@c.com", "bob@c.com", NULL, NULL, NULL, MAIL_F_HAS_LIST, NULL,
	    AC_LIST },
	{ "bob@c.com", "bob@c.com", NULL, NULL, "postdesk@example.com", 0,
	    NULL, AC_LOOP },
	{ "bob@c.com", "bob@c.com", NULL, NULL, "POSTDESK@Example.COM", 0,
	    NULL, AC_LOOP },
	{ "bob@c.com", "bob@c.com", NULL, NULL, "other@example.com", 0,
	    NULL, AC_HUMAN },
	{ "MAILER-DAEMON@c.com", "x@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bob@c.com", "postmaster@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bob@c.com", "noreply@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bob@c.com", "no-reply@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bob@c.com", "do-not-reply@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bob@c.com", "DoNotReply@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bounces+123@c.com", "bob@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bob@c.com", "bounce@c.com", NULL, NULL, NULL, 0, NULL, AC_ROBOT },
	{ "listserv@c.com", "bob@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "majordomo@c.com", "bob@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "owner-users@c.com", "bob@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "users-request@c.com", "bob@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_ROBOT },
	{ "bob@c.com", "bob.bounce@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_HUMAN },
	{ "bob@c.com", "owner@c.com", NULL, NULL, NULL, 0, NULL, AC_HUMAN },
	{ "bob@c.com", "request@c.com", NULL, NULL, NULL, 0, NULL,
	    AC_HUMAN },
	{ "", "MAILER-DAEMON@c.com", NULL, NULL, NULL,
	    MAIL_F_MULTIPART_REPORT, "delivery-status", AC_BOUNCE },
	{ "", "MAILER-DAEMON@c.com", NULL, NULL, NULL, 0, NULL, AC_BOUNCE },
	{ "", "postmaster@c.com", "auto-replied", NULL, NULL, 0, NULL,
	    AC_BOUNCE },
	{ "bob@c.com", "bob@c.com", "auto-replied", NULL, NULL,
	    MAIL_F_MULTIPART_REPORT, NULL, AC_BOUNCE },
	{ "", "postdesk@example.com", "auto-replied", NULL,
	    "postdesk@example.com", MAIL_F_MULTIPART_REPORT,
	    "delivery-status", AC_BOUNCE },
	{ "bob@c.com", "bob@c.com", NULL, NULL, NULL,
	    MAIL_F_MULTIPART_REPORT, "disposition-notification",
	    AC_AUTO_SUBMITTED },
	{ "", "postdesk@example.com", "auto-replied", NULL,
	    "postdesk@example.com", 0, NULL, AC_LOOP },
};

START_TEST(test_auto_class)
{
	struct mail m;
	enum auto_class got;

	memset(&m, 0, sizeof(m));
	m.m_subject = "x";
	m.m_from.a_addr = (char *)ac_rows[_i].from;
	m.m_auto_submitted = (char *)ac_rows[_i].auto_submitted;
	m.m_precedence = (char *)ac_rows[_i].precedence;
	m.m_x_loop = (char *)ac_rows[_i].x_loop;
	m.m_flags = ac_rows[_i].flags;
	m.m_report_type = (char *)ac_rows[_i].report_type;
	got = ticket_auto_class(&m, ac_rows[_i].sender,
	    "postdesk@example.com");
	ck_assert_msg(got == ac_rows[_i].want, "row %d: got %s, want %s", _i,
	    ticket_auto_class_name(got),
	    ticket_auto_class_name(ac_rows[_i].want));
}
END_TEST

/* --- agents ----------------------------------------------------------- */

static const struct {
	const char	*addr;
	int		 want;
} agent_rows[] = {
	{ "alice@example.com", 1 },
	{ "Alice@Example.COM", 1 },
	{ "<alice@example.com>", 1 },
	{ "alice+x@example.com", 1 },
	{ "bob@example.com", 0 },
	{ "anyone@staff.example.org", 1 },
	{ "anyone@sub.staff.example.org", 0 },
	{ "alice@example.com.evil.com", 0 },
	{ "", 0 },
	{ "not an address", 0 },
};

START_TEST(test_is_agent)
{
	int got = ticket_is_agent(agent_rows[_i].addr, cf);

	ck_assert_msg(got == agent_rows[_i].want, "%s: got %d, want %d",
	    agent_rows[_i].addr, got, agent_rows[_i].want);
}
END_TEST

static const struct {
	const char	*trust;		/* agent_trust */
	const char	*from;
	const char	*auth;
	const char	*ar1;
	const char	*ar2;
	int		 want;
} trust_rows[] = {
	/* SMTP AUTH */
	{ "auth", "alice@example.com", "alice", NULL, NULL, 1 },
	{ "auth", "alice@example.com", "alice@example.com", NULL, NULL, 1 },
	{ "auth", "alice@example.com", "eve@example.com", NULL, NULL, 0 },
	{ "auth", "alice@example.com", "", NULL, NULL, 0 },
	{ "auth", "alice@example.com", NULL, NULL, NULL, 0 },
	{ "auth", "eve@evil.com", "eve", NULL, NULL, 0 },
	{ "dkim", "alice@example.com", "alice", NULL, NULL, 0 },
	/* DKIM from our authserv-id */
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "MX.Example.COM; DKIM=Pass header.d=Example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com 1; dkim=pass (2048-bit key; secure) "
	    "header.d=example.com header.i=@example.com header.b=\"abc\"",
	    NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.i=alice@example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com;\r\n\tspf=pass smtp.mailfrom=example.com;\r\n"
	    "\tdkim=pass header.d=example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim = pass header . d = example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dmarc=pass (p=reject) header.from=example.com",
	    NULL, 1 },
	{ "dkim", "x@staff.example.org", NULL,
	    "mx.example.com; dkim=pass header.d=staff.example.org", NULL, 1 },
	/* ... and what does not count */
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=fail header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=evil.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=example.com.evil.com", NULL,
	    0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=evil.com; "
	    "spf=pass smtp.mailfrom=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.evil.com; dkim=pass header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com.evil.com; dkim=pass header.d=example.com", NULL,
	    0 },
	{ "dkim", "alice@example.com", NULL,
	    "evil.com; mx.example.com; dkim=pass header.d=example.com", NULL,
	    0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; none", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; spf=pass smtp.mailfrom=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=fail (dkim=pass header.d=example.com) "
	    "header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=fail reason=\"x; dkim=pass "
	    "header.d=example.com\"", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dmarc=pass header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.i=alice@evil.com", NULL, 0 },
	/* another authserv-id first is skipped, ours decides */
	{ "dkim", "alice@example.com", NULL,
	    "mx.evil.com; dkim=fail",
	    "mx.example.com; dkim=pass header.d=example.com", 1 },
	/* several verifiers of ours each add a header */
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; arc=none",
	    "mx.example.com; dkim=pass header.d=example.com", 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dmarc=pass header.from=example.com",
	    "mx.example.com; dkim=none", 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=fail header.d=example.com",
	    "mx.evil.com; dkim=pass header.d=example.com", 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=sub.example.com", NULL, 0 },
	{ "dkim", "alice@sub.example.com", NULL,
	    "mx.example.com; dkim=pass header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=\"example.com\"", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim/1=pass header.d=example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "(comment) mx.example.com (more); dkim=pass header.d=example.com",
	    NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass (good (nested) sig) "
	    "header.d=example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=policy header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=passed header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkimx=pass header.d=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.dd=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass smtp.mailfrom=example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.i=bob@example.com", NULL, 0 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.i=Alice@Example.com", NULL, 1 },
	{ "dkim", "alice@example.com", NULL,
	    "mx.example.com; dmarc=pass header.from=alice@example.com", NULL,
	    1 },
	{ "auth", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=example.com", NULL, 0 },
	{ "auth, dkim", "alice@example.com", NULL,
	    "mx.example.com; dkim=pass header.d=example.com", NULL, 1 },
	{ "auth, dkim", "eve@evil.com", "eve",
	    "mx.example.com; dkim=pass header.d=evil.com", NULL, 0 },
	/* plain From */
	{ "from", "alice@example.com", NULL, NULL, NULL, 1 },
	{ "from", "eve@evil.com", NULL, NULL, NULL, 0 },
	{ "auth, dkim", "alice@example.com", NULL, NULL, NULL, 0 },
};

START_TEST(test_trust)
{
	struct conf *c;
	struct mail m;
	char *ar[2], text[512];
	int got;

	snprintf(text, sizeof(text), "agents = alice@example.com, "
	    "@staff.example.org\nauthserv_id = mx.example.com\n"
	    "agent_trust = %s\n", trust_rows[_i].trust);
	c = load_conf(text);
	memset(&m, 0, sizeof(m));
	m.m_subject = "x";
	m.m_from.a_addr = (char *)trust_rows[_i].from;
	ar[0] = (char *)trust_rows[_i].ar1;
	ar[1] = (char *)trust_rows[_i].ar2;
	m.m_auth_results = ar;
	m.m_nauth_results = ar[0] == NULL ? 0 : ar[1] == NULL ? 1 : 2;
	got = ticket_agent_trusted(&m, NULL, trust_rows[_i].auth, c);
	ck_assert_msg(got == trust_rows[_i].want, "row %d: got %d, want %d",
	    _i, got, trust_rows[_i].want);
	conf_unref(c);
}
END_TEST

/* Without authserv_id no Authentication-Results header is believed. */
START_TEST(test_trust_no_authserv)
{
	struct conf *c = load_conf("agents = alice@example.com\n"
	    "agent_trust = dkim\n");
	struct mail m;
	char *ar[1] = { "mx.example.com; dkim=pass header.d=example.com" };

	memset(&m, 0, sizeof(m));
	m.m_from.a_addr = "alice@example.com";
	m.m_auth_results = ar;
	m.m_nauth_results = 1;
	ck_assert_int_eq(ticket_agent_trusted(&m, NULL, NULL, c), 0);
	ck_assert_int_eq(ticket_agent_trusted(&m, "alice@example.com",
	    "alice", c), 0);
	conf_unref(c);
}
END_TEST

/* The suite of mail-level decisions. */
static Suite *
mail_suite(void)
{
	Suite *s = suite_create("ticket_mail");
	TCase *tc;

	tc = tcase_create("priority");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_priority, 0, NELEM(prio_rows));
	tcase_add_test(tc, test_priority_to);
	tcase_add_loop_test(tc, test_due, 0, NELEM(due_rows));
	tcase_add_test(tc, test_due_default);
	tcase_add_loop_test(tc, test_category, 0, NELEM(cat_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("auto");
	tcase_add_loop_test(tc, test_auto_class, 0, NELEM(ac_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("agents");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_is_agent, 0, NELEM(agent_rows));
	tcase_add_loop_test(tc, test_trust, 0, NELEM(trust_rows));
	tcase_add_test(tc, test_trust_no_authserv);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite; exit status for make check. */
int
main(void)
{
	SRunner *sr = srunner_create(mail_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
