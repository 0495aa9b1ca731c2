/* check_ticket.c - unit tests of ticket/: names, tags and reply prefixes,
 * status transitions, threading and our Message-IDs. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "ticket/ticket.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* --- names ------------------------------------------------------------ */

static const struct {
	const char	*in;
	int		 want;		/* status, or -1 */
} status_rows[] = {
	{ "open", TS_OPEN },
	{ "Open", TS_OPEN },
	{ "new", TS_OPEN },
	{ "in_progress", TS_IN_PROGRESS },
	{ "In Progress", TS_IN_PROGRESS },
	{ "in-progress", TS_IN_PROGRESS },
	{ "waiting", TS_WAITING },
	{ "Waiting for Customer", TS_WAITING },
	{ "pending", TS_WAITING },
	{ "RESOLVED", TS_RESOLVED },
	{ "solved", TS_RESOLVED },
	{ "closed", TS_CLOSED },
	{ "", -1 },
	{ "nonsense", -1 },
	{ "open please", -1 },
};

START_TEST(test_status_parse)
{
	enum ticket_status st = TS_OPEN;
	int r = ticket_status_parse(status_rows[_i].in, &st);
	int got = r == 0 ? (int)st : -1;

	ck_assert_msg(got == status_rows[_i].want, "%s: got %d, want %d",
	    status_rows[_i].in, got, status_rows[_i].want);
	if (r == 0) {
		enum ticket_status back;

		ck_assert_int_eq(ticket_status_parse(ticket_status_name(st),
		    &back), 0);
		ck_assert_int_eq(back, st);
	}
}
END_TEST

static const struct {
	const char	*in;
	int		 want;
} prio_rows[] = {
	{ "low", TP_LOW }, { "Medium", TP_MEDIUM }, { "normal", TP_MEDIUM },
	{ "HIGH", TP_HIGH }, { "urgent", TP_URGENT },
	{ "critical", TP_URGENT }, { "meh", -1 }, { "", -1 },
};

START_TEST(test_priority_parse)
{
	enum ticket_priority p = TP_MEDIUM;
	int r = ticket_priority_parse(prio_rows[_i].in, &p);
	int got = r == 0 ? (int)p : -1;

	ck_assert_msg(got == prio_rows[_i].want, "%s: got %d, want %d",
	    prio_rows[_i].in, got, prio_rows[_i].want);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(ticket_status_name(TS_IN_PROGRESS), "in_progress");
	ck_assert_str_eq(ticket_status_name(TS_WAITING), "waiting");
	ck_assert_str_eq(ticket_priority_name(TP_URGENT), "urgent");
	ck_assert_str_eq(ticket_direction_name(DIR_NOTE), "note");
	ck_assert_str_eq(ticket_direction_name(DIR_CUSTOMER), "customer");
	ck_assert_str_eq(ticket_auto_class_name(AC_BOUNCE), "bounce");
	ck_assert_str_eq(ticket_auto_class_name(AC_HUMAN), "human");
	strv_free(NULL);
}
END_TEST

/* --- reply prefixes ------------------------------------------------------ */

static const struct {
	const char	*in;
	const char	*want;
} prefix_rows[] = {
	{ "Re: help", "help" },
	{ "RE: help", "help" },
	{ "re: help", "help" },
	{ "Fwd: help", "help" },
	{ "FWD: help", "help" },
	{ "Fw: help", "help" },
	{ "FW: help", "help" },
	{ "AW: Hilfe", "Hilfe" },
	{ "WG: Hilfe", "Hilfe" },
	{ "SV: hjälp", "hjälp" },
	{ "VS: apua", "apua" },
	{ "Odp: pomoc", "pomoc" },
	{ "RV: ayuda", "ayuda" },
	{ "Antw: hulp", "hulp" },
	{ "Antwort: Hilfe", "Hilfe" },
	{ "Doorst: hulp", "hulp" },
	{ "TR: aide", "aide" },
	{ "Réf: aide", "aide" },
	{ "RÉF: aide", "aide" },
	{ "RIF: aiuto", "aiuto" },
	{ "R: aiuto", "aiuto" },
	{ "Enc: ajuda", "ajuda" },
	{ "Res: ajuda", "ajuda" },
	{ "YNT: yardım", "yardım" },
	{ "İLT: yardım", "yardım" },
	{ "ilt: yardım", "yardım" },
	{ "回复: 帮助", "帮助" },
	{ "答复: 帮助", "帮助" },
	{ "转发: 帮助", "帮助" },
	{ "回覆: 幫助", "幫助" },
	{ "回复：帮助", "帮助" },
	{ "Ответ: помощь", "помощь" },
	{ "ОТВЕТ: помощь", "помощь" },
	{ "Отв: помощь", "помощь" },
	{ "Re[2]: help", "help" },
	{ "Re(2): help", "help" },
	{ "Re^3: help", "help" },
	{ "Re: Re: Fwd: help", "help" },
	{ "Re：help", "help" },
	{ "RE : help", "help" },
	{ "  Re:   AW:WG: help", "help" },
	{ "Re: [Ticket#10042] help", "[Ticket#10042] help" },
	{ "Reset password", "Reset password" },
	{ "Re help", "Re help" },
	{ "Regarding: x", "Regarding: x" },
	{ "Fwd:", "" },
	{ "", "" },
	{ "help: Re: x", "help: Re: x" },
	{ "Re:Re:help", "help" },
	{ "RE: RE: RE: RE: RE: help", "help" },
	{ "RE[10]: help", "help" },
	{ "Fwd: Re: 回复: Ответ: help", "help" },
	{ "Aw: Wg: Sv: Vs: help", "help" },
	{ "ΑΠ: βοήθεια", "βοήθεια" },
	{ "Απ: βοήθεια", "βοήθεια" },
	{ "Re:\thelp", "help" },
	{ "Re:\xc2\xa0help", "help" },
	{ "FW：help", "help" },
	{ "回复： 答复：转发: 帮助", "帮助" },
	{ "Ynt: İlt: yardım", "yardım" },
	{ "Odp: Odp: pomoc", "pomoc" },
	{ "Fwd: [Ticket#1] Re: help", "[Ticket#1] Re: help" },
	{ "Re:", "" },
	{ "Re: ", "" },
	{ "Re :help", "help" },
	{ "Reply: help", "Reply: help" },
	{ "Fwd help", "Fwd help" },
	{ "Re[2: help", "Re[2: help" },
	{ "Re:\r\n\tFwd:\r\n help", "help" },
	{ "\xe3\x80\x80Re: help", "help" },
	{ "Re[x]: help", "Re[x]: help" },
};

START_TEST(test_skip_prefixes)
{
	const char *got = tag_skip_prefixes(prefix_rows[_i].in);

	ck_assert_msg(strcmp(got, prefix_rows[_i].want) == 0,
	    "%s: got %s, want %s", prefix_rows[_i].in, got,
	    prefix_rows[_i].want);
}
END_TEST

/* --- tags ---------------------------------------------------------------- */

static const struct {
	const char	*subject;
	const char	*prefix;
	long		 want;		/* 0: none */
} tag_rows[] = {
	{ "[Ticket#10042] help", "Ticket", 10042 },
	{ "Re: [Ticket#10042] help", "Ticket", 10042 },
	{ "AW: WG: Re: help [Ticket#7]", "Ticket", 7 },
	{ "回复: [Ticket#10042] 帮助", "Ticket", 10042 },
	{ "Ответ: [Ticket#5] вопрос", "Ticket", 5 },
	{ "[ticket#10042] x", "Ticket", 10042 },
	{ "[TICKET#10042] x", "Ticket", 10042 },
	{ "[ticket #10042] x", "Ticket", 10042 },
	{ "[Ticket# 10042] x", "Ticket", 10042 },
	{ "[ Ticket#10042 ] x", "Ticket", 10042 },
	{ "Re:[Ticket#10042]x", "Ticket", 10042 },
	{ "[Ticket#10042", "Ticket", 0 },
	{ "Ticket#10042", "Ticket", 0 },
	{ "[Ticket 10042]", "Ticket", 0 },
	{ "[Ticket#]", "Ticket", 0 },
	{ "[Ticket#abc]", "Ticket", 0 },
	{ "[Ticket#0]", "Ticket", 0 },
	{ "[Ticket#1234567890123456]", "Ticket", 0 },
	{ "[Tick#10042]", "Ticket", 0 },
	{ "[MyTicket#10042]", "Ticket", 0 },
	{ "[Case#10042]", "Ticket", 0 },
	{ "[Case#10042]", "Case", 10042 },
	{ "[Fall#10042]", "fall", 10042 },
	{ "[Заявка#12]", "заявка", 12 },
	{ "[x] [Ticket#3] [Ticket#4]", "Ticket", 3 },
	{ "[[Ticket#9]]", "Ticket", 9 },
	{ "", "Ticket", 0 },
	{ "Re:\r\n [Ticket#10042] x", "Ticket", 10042 },
	{ "x [Ticket#10042]", "Ticket", 10042 },
	{ "x[Ticket#10042]y", "Ticket", 10042 },
	{ "[Ticket#00042]", "Ticket", 42 },
	{ "[Ticket##42]", "Ticket", 0 },
	{ "[Ticket#-42]", "Ticket", 0 },
	{ "[Ticket#42 x]", "Ticket", 0 },
	{ "[Ticket#42", "Ticket", 0 },
	{ "[#42]", "", 42 },
	{ "[#42]", "Ticket", 0 },
	{ "[Ticket#42] [Ticket#43]", "Ticket", 42 },
	{ "RE: AW: [Ticket#10042] x", "Ticket", 10042 },
	{ "Re: long subject\r\n [Ticket#\r\n 10042]", "Ticket", 10042 },
	{ "[Ticket\t#\t10042]", "Ticket", 10042 },
	{ "[Ticket\xc2\xa0#10042]", "Ticket", 10042 },
};

/* Every reply/forward prefix from the languages clients use, in front of
 * a tagged subject: the prefix goes, the tag is found. */
static const char *const prefix_words[] = {
	"Re", "RE", "re", "Fwd", "FWD", "Fw", "FW", "AW", "WG", "SV", "VS",
	"Odp", "RV", "Antw", "Antwort", "Doorst", "TR", "Réf", "RIF", "R",
	"Enc", "Res", "YNT", "İLT", "回复", "答复", "转发", "回覆", "Ответ",
	"Отв", "Re[2]", "Re(2)", "Re: Re: Fwd", "VB", "VL", "PD", "ΑΠ",
	"ΣΧΕΤ", "Wtr", "FS", "答覆", "返信", "転送", "답장", "전달",
};

START_TEST(test_prefix_words)
{
	const char *colons[] = { ":", "：", " :" };
	char subj[128];
	const char *got;
	size_t k;
	long n;

	for (k = 0; k < NELEM(colons); k++) {
		snprintf(subj, sizeof(subj), "%s%s [Ticket#10042] x",
		    prefix_words[_i], colons[k]);
		got = tag_skip_prefixes(subj);
		ck_assert_msg(strcmp(got, "[Ticket#10042] x") == 0,
		    "%s: got %s, want %s", subj, got, "[Ticket#10042] x");
		n = 0;
		ck_assert_msg(tag_find(subj, "ticket", &n) && n == 10042,
		    "%s: got %ld, want 10042", subj, n);
	}
}
END_TEST

START_TEST(test_tag_find)
{
	long got = 0;

	if (!tag_find(tag_rows[_i].subject, tag_rows[_i].prefix, &got))
		got = 0;
	ck_assert_msg(got == tag_rows[_i].want, "%s: got %ld, want %ld",
	    tag_rows[_i].subject, got, tag_rows[_i].want);
}
END_TEST

static const struct {
	const char	*subject;
	long		 number;
	const char	*want;
} tagsubj_rows[] = {
	{ "help", 10042, "[Ticket#10042] help" },
	{ "Re: help", 10042, "[Ticket#10042] Re: help" },
	{ "[Ticket#10042] help", 10042, "[Ticket#10042] help" },
	{ "Re: [Ticket#10042] help", 10042, "Re: [Ticket#10042] help" },
	{ "Re: [ticket #10042] help", 10042, "Re: [ticket #10042] help" },
	{ "[Ticket#10041] help", 10042, "[Ticket#10042] [Ticket#10041] help" },
	{ "", 7, "[Ticket#7]" },
	{ "   ", 7, "[Ticket#7]" },
	{ "  x", 7, "[Ticket#7] x" },
};

START_TEST(test_tag_subject)
{
	char *got = tag_subject(tagsubj_rows[_i].subject, "Ticket",
	    tagsubj_rows[_i].number);
	long n = 0;

	ck_assert_msg(strcmp(got, tagsubj_rows[_i].want) == 0,
	    "got %s, want %s", got, tagsubj_rows[_i].want);
	ck_assert(tag_find(got, "Ticket", &n));
	ck_assert_int_eq(n, tagsubj_rows[_i].number);
	free(got);
}
END_TEST

/* A new ticket's subject: our tags out, other systems' tags kept. */
static const struct {
	const char	*subject;
	const char	*prefix;
	const char	*want;
} strip_rows[] = {
	{ "[Ticket#10003] Views stuck at 0", "Ticket",
	    "Views stuck at 0" },
	{ "[Ticket#10011] [Ticket#10003] Views stuck at 0", "Ticket",
	    "Views stuck at 0" },
	{ "Re: [ticket # 10003] Views stuck", "Ticket", "Re: Views stuck" },
	{ "Fwd: Views stuck [Ticket#10003]", "Ticket", "Fwd: Views stuck" },
	{ "Re: [Ticket#10003]", "Ticket", "Re:" },
	{ "[Ticket#10003]", "Ticket", "" },
	{ "[JIRA-123] [Ticket#10003] Login", "Ticket", "[JIRA-123] Login" },
	{ "[Case#55] Login", "Ticket", "[Case#55] Login" },
	{ "[Support#55] [Ticket#7] Login", "Support", "[Ticket#7] Login" },
	{ "[Ticket#] [Ticket#abc] x", "Ticket", "[Ticket#] [Ticket#abc] x" },
	{ "[TicketX#5] x", "Ticket", "[TicketX#5] x" },
	{ "Заказ [Ticket#10003] не выполнен", "Ticket",
	    "Заказ не выполнен" },
	{ "AW: [Ticket#10003] Bestellung hängt", "Ticket",
	    "AW: Bestellung hängt" },
	{ "no tag at all", "Ticket", "no tag at all" },
	{ "", "Ticket", "" },
};

START_TEST(test_tag_strip)
{
	char *got = tag_strip(strip_rows[_i].subject, strip_rows[_i].prefix);

	ck_assert_msg(strcmp(got, strip_rows[_i].want) == 0,
	    "%s: got %s, want %s", strip_rows[_i].subject, got,
	    strip_rows[_i].want);
	free(got);
}
END_TEST

START_TEST(test_tag_format)
{
	char *t = tag_format("Ticket", 10042);

	ck_assert_str_eq(t, "[Ticket#10042]");
	free(t);
	t = tag_format("Case", 1);
	ck_assert_str_eq(t, "[Case#1]");
	free(t);
}
END_TEST

/* --- statuses ------------------------------------------------------------- */

static const struct {
	enum ticket_status	cur;
	enum ticket_event	ev;
	int			reopen;
	enum ticket_status	want;
	int			want_new;
} trans_rows[] = {
	{ TS_OPEN, TE_CUSTOMER_MAIL, 1, TS_OPEN, 0 },
	{ TS_OPEN, TE_AGENT_REPLY, 1, TS_WAITING, 0 },
	{ TS_OPEN, TE_NOTE, 1, TS_OPEN, 0 },
	{ TS_IN_PROGRESS, TE_AGENT_REPLY, 1, TS_WAITING, 0 },
	{ TS_IN_PROGRESS, TE_CUSTOMER_MAIL, 1, TS_OPEN, 0 },
	{ TS_IN_PROGRESS, TE_NOTE, 1, TS_IN_PROGRESS, 0 },
	{ TS_WAITING, TE_CUSTOMER_MAIL, 1, TS_OPEN, 0 },
	{ TS_WAITING, TE_AGENT_REPLY, 1, TS_WAITING, 0 },
	{ TS_WAITING, TE_NOTE, 0, TS_WAITING, 0 },
	{ TS_RESOLVED, TE_CUSTOMER_MAIL, 0, TS_OPEN, 0 },
	{ TS_RESOLVED, TE_CUSTOMER_MAIL, 1, TS_OPEN, 0 },
	{ TS_RESOLVED, TE_AGENT_REPLY, 1, TS_WAITING, 0 },
	{ TS_RESOLVED, TE_NOTE, 1, TS_RESOLVED, 0 },
	{ TS_CLOSED, TE_CUSTOMER_MAIL, 1, TS_OPEN, 0 },
	{ TS_CLOSED, TE_CUSTOMER_MAIL, 0, TS_OPEN, 1 },
	{ TS_CLOSED, TE_AGENT_REPLY, 1, TS_CLOSED, 0 },
	{ TS_CLOSED, TE_NOTE, 0, TS_CLOSED, 0 },
};

START_TEST(test_transitions)
{
	int nt = -1;
	enum ticket_status got = ticket_next_status(trans_rows[_i].cur,
	    trans_rows[_i].ev, trans_rows[_i].reopen, &nt);

	ck_assert_msg(got == trans_rows[_i].want, "row %d: got %s, want %s",
	    _i, ticket_status_name(got),
	    ticket_status_name(trans_rows[_i].want));
	ck_assert_msg(nt == trans_rows[_i].want_new,
	    "row %d new ticket: got %d, want %d", _i, nt,
	    trans_rows[_i].want_new);
}
END_TEST

/* --- threading ------------------------------------------------------------ */

static const struct {
	struct thread_facts	tf;
	enum thread_decision	want;
	long			want_ticket;
	long			want_quoted;
} thread_rows[] = {
	/* nothing: new */
	{ { 0, 0, 0, 0, 0, 0 }, TD_NEW, 0, 0 },
	/* verified reference to our mail, a stranger in Cc: append */
	{ { 42, 1, 0, 0, 0, 0 }, TD_APPEND, 42, 0 },
	/* reference to a stored customer message: append */
	{ { 42, 0, 0, 0, 0, 0 }, TD_APPEND, 42, 0 },
	/* reference wins over a tag naming another ticket */
	{ { 42, 1, 7, 1, 0, 0 }, TD_APPEND, 42, 0 },
	/* tag from the requester/participant */
	{ { 0, 0, 7, 1, 1, 0 }, TD_APPEND, 7, 0 },
	/* tag from a trusted agent */
	{ { 0, 0, 7, 1, 0, 1 }, TD_APPEND, 7, 0 },
	/* tag from a stranger: own ticket, number noted */
	{ { 0, 0, 7, 1, 0, 0 }, TD_NEW, 0, 7 },
	/* tag of a ticket that does not exist */
	{ { 0, 0, 99, 0, 1, 0 }, TD_NEW, 0, 99 },
	{ { 0, 0, 99, 0, 0, 1 }, TD_NEW, 0, 99 },
};

START_TEST(test_thread)
{
	long t = -1, q = -1;
	enum thread_decision got = ticket_thread(&thread_rows[_i].tf, &t, &q);

	ck_assert_msg(got == thread_rows[_i].want, "row %d: got %s, want %s",
	    _i, got == TD_NEW ? "new" : "append",
	    thread_rows[_i].want == TD_NEW ? "new" : "append");
	ck_assert_msg(t == thread_rows[_i].want_ticket,
	    "row %d ticket: got %ld, want %ld", _i, t,
	    thread_rows[_i].want_ticket);
	ck_assert_msg(q == thread_rows[_i].want_quoted,
	    "row %d quoted: got %ld, want %ld", _i, q,
	    thread_rows[_i].want_quoted);
}
END_TEST

/* --- Message-IDs ---------------------------------------------------------- */

static const long msgid_tickets[] = { 0, 1, 10042, 999999999999L };

START_TEST(test_msgid_roundtrip)
{
	long want = msgid_tickets[_i], got = -1;
	char *a = ticket_message_id("s3cret", want, "example.com");
	char *b = ticket_message_id("s3cret", want, "example.com");
	char *bad, *unsigned_id, *p;

	ck_assert_msg(strcmp(a, b) != 0, "got %s twice", a);
	ck_assert_msg(strncmp(a, "pd.", 3) == 0, "got %s, want pd.*", a);
	ck_assert_msg(strstr(a, "@example.com") != NULL, "got %s", a);
	ck_assert(ticket_message_id_verify("s3cret", a, &got));
	ck_assert_msg(got == want, "got %ld, want %ld", got, want);
	/* other secret, no secret */
	ck_assert(!ticket_message_id_verify("other", a, &got));
	ck_assert(!ticket_message_id_verify(NULL, a, &got));
	/* one changed digit in the mac */
	bad = strdup(a);
	p = strchr(bad, '@') - 1;
	*p = *p == '0' ? '1' : '0';
	ck_assert_msg(!ticket_message_id_verify("s3cret", bad, &got),
	    "got %s verified", bad);
	free(bad);
	/* without a secret: no mac, never verifies */
	unsigned_id = ticket_message_id(NULL, want, "example.com");
	ck_assert(!ticket_message_id_verify("s3cret", unsigned_id, &got));
	ck_assert(!ticket_message_id_verify(NULL, unsigned_id, &got));
	free(unsigned_id);
	free(a);
	free(b);
}
END_TEST

static const char *const msgid_forged[] = {
	"",
	"pd.10042@example.com",
	"pd.10042.0123456789abcdef@example.com",
	"pd.10042.0123456789abcdef.0123456789abcdef@example.com",
	"pd.x.0123456789abcdef.0123456789abcdef@example.com",
	"CAF=abc123@mail.gmail.com",
	"pd.10042.0123456789abcdef.0123456789abcdef",
	"pd.010042.0123456789abcdef.0123456789abcdef@example.com",
	"pd.10042.0123456789abcdeg.0123456789abcdef@example.com",
	"pd.10042.0123456789abcde.0123456789abcdef@example.com",
	"pd.10042.0123456789abcdef.0123456789abcdef0@example.com",
	"pd.10042.0123456789abcdef.0123456789abcdef@",
	"xpd.10042.0123456789abcdef.0123456789abcdef@example.com",
};

START_TEST(test_msgid_forged)
{
	long t = -1;

	ck_assert_msg(!ticket_message_id_verify("s3cret", msgid_forged[_i],
	    &t), "got %s verified, want rejected", msgid_forged[_i]);
	ck_assert_int_eq(t, -1);
}
END_TEST

/* The ticket number in the id cannot be changed without breaking it. */
START_TEST(test_msgid_swap)
{
	char *a = ticket_message_id("k", 10042, "example.com"), *b;
	long t;

	b = malloc(strlen(a) + 2);
	strcpy(b, "pd.10043");
	strcat(b, a + strlen("pd.10042"));
	ck_assert_msg(!ticket_message_id_verify("k", b, &t), "got %s", b);
	/* <> and upper-case hex still verify */
	free(b);
	b = malloc(strlen(a) + 3);
	sprintf(b, "<%s>", a);
	for (char *p = b; *p != '@'; p++)
		if (*p >= 'a' && *p <= 'f')
			*p -= 32;
	ck_assert_msg(ticket_message_id_verify("k", b, &t), "got %s", b);
	ck_assert_int_eq(t, 10042);
	free(a);
	free(b);
}
END_TEST

/* The shape: pd.<ticket>.<16 hex>.<16 hex>@domain, and without secret
 * pd.<ticket>.<16 hex>@domain; no domain gives a placeholder domain. */
START_TEST(test_msgid_shape)
{
	char *a = ticket_message_id("k", 10042, "example.com");
	char *b = ticket_message_id(NULL, 10042, "example.com");
	char *c = ticket_message_id("k", 5, NULL);
	size_t i;

	ck_assert_msg(strlen(a) == strlen("pd.10042..@example.com") + 32,
	    "got %s", a);
	for (i = 9; i < 9 + 16; i++)
		ck_assert_msg(strchr("0123456789abcdef", a[i]) != NULL,
		    "got %s", a);
	ck_assert_int_eq(a[25], '.');
	ck_assert_msg(strlen(b) == strlen("pd.10042.@example.com") + 16,
	    "got %s", b);
	ck_assert_msg(strchr(c, '@') != NULL && strchr(c, '@')[1] != '\0',
	    "got %s", c);
	ck_assert(ticket_message_id_verify("k", c, NULL));
	free(a);
	free(b);
	free(c);
}
END_TEST

/* The suite of tag, status, thread and Message-ID tests. */
static Suite *
ticket_suite(void)
{
	Suite *s = suite_create("ticket");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_status_parse, 0, NELEM(status_rows));
	tcase_add_loop_test(tc, test_priority_parse, 0, NELEM(prio_rows));
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("tags");
	tcase_add_loop_test(tc, test_skip_prefixes, 0, NELEM(prefix_rows));
	tcase_add_loop_test(tc, test_prefix_words, 0, NELEM(prefix_words));
	tcase_add_loop_test(tc, test_tag_find, 0, NELEM(tag_rows));
	tcase_add_loop_test(tc, test_tag_subject, 0, NELEM(tagsubj_rows));
	tcase_add_loop_test(tc, test_tag_strip, 0, NELEM(strip_rows));
	tcase_add_test(tc, test_tag_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("status");
	tcase_add_loop_test(tc, test_transitions, 0, NELEM(trans_rows));
	tcase_add_loop_test(tc, test_thread, 0, NELEM(thread_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("msgid");
	tcase_add_loop_test(tc, test_msgid_roundtrip, 0,
	    NELEM(msgid_tickets));
	tcase_add_loop_test(tc, test_msgid_forged, 0, NELEM(msgid_forged));
	tcase_add_test(tc, test_msgid_swap);
	tcase_add_test(tc, test_msgid_shape);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite; exit status for make check. */
int
main(void)
{
	SRunner *sr = srunner_create(ticket_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
