/* check_cli.c - postdeskctl's JSON (cli/emit.c): the rows store/ and
 * intake/ hand over, printed with the field names and types scripts rely
 * on; times in UTC, absent values null, bytes that are not UTF-8 kept
 * out of the output. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Dumps j compactly (frees j); the caller frees the text. */
static char *
dump(json_t *j)
{
	struct buf b = BUF_INIT;

	cli_json_line(j, &b);
	return buf_steal(&b);
}

/* A ticket with one message and one attachment. */
static char *
ticket_text(int full)
{
	static char *to[] = { "Support <support@example.test>", NULL };
	static char *none[] = { NULL };
	static char *orders[] = { "A-1", NULL };
	static struct store_count red[] = { { "password", 2 } };
	struct store_att_row att = { "log.txt", "text/plain", "ab12", 10, 0 };
	struct store_msg_row m = { 0 };
	struct store_ticket_row t = { 0 };

	m.mr_id = 7;
	m.mr_direction = "customer";
	m.mr_from = "rita@example.test";
	m.mr_to = to;
	m.mr_cc = none;
	m.mr_subject = "Printer on fire";
	m.mr_text = "caf\xe9 \"quoted\"\n";
	m.mr_new_text_len = -1;
	m.mr_created_at = 1700000000;
	m.mr_redactions = red;
	m.mr_nredactions = 1;
	m.mr_att = &att;
	m.mr_natt = 1;
	t.tr_number = 10042;
	t.tr_subject = "Printer on fire";
	t.tr_status = "open";
	t.tr_priority = "high";
	t.tr_requester = "rita@example.test";
	t.tr_due_at = 1700000000;
	t.tr_first_response_at = STORE_NO_TIME;
	t.tr_created_at = 1699990000;
	t.tr_updated_at = 1699990000;
	t.tr_overdue = 1;
	t.tr_nmessages = 1;
	t.tr_order_ids = orders;
	t.tr_links = none;
	t.tr_participants = none;
	t.tr_redactions = red;
	t.tr_nredactions = 1;
	t.tr_msgs = &m;
	t.tr_nmsgs = 1;
	return dump(cli_ticket_json(&t, "Ticket", full));
}

static const struct {
	int		 full;
	const char	*want;		/* in the output */
	int		 present;	/* 0: must not be in it */
} ticket_cases[] = {
	{ 1, "{\"number\":10042,\"subject\":\"Printer on fire\","
	    "\"tag\":\"[Ticket#10042]\",\"status\":\"open\"", 1 },
	{ 1, "\"category\":null", 1 },
	{ 1, "\"order_ids\":[\"A-1\"],\"links\":[]", 1 },
	{ 1, "\"due_at\":\"2023-11-14T22:13:20+00:00\"", 1 },
	{ 1, "\"first_response_at\":null", 1 },
	{ 1, "\"redactions\":{\"password\":2}", 1 },
	{ 1, "\"to\":[\"Support <support@example.test>\"],\"cc\":[]", 1 },
	{ 1, "\"text\":\"caf? \\\"quoted\\\"\\n\"", 1 },
	{ 1, "\"new_text_len\":null", 1 },
	{ 1, "\"attachments\":[{\"filename\":\"log.txt\","
	    "\"content_type\":\"text/plain\",\"size\":10,\"sha256\":\"ab12\","
	    "\"inline\":false}]", 1 },
	{ 1, "\"overdue\"", 0 },
	{ 0, "\"overdue\":true,\"messages\":1}", 1 },
	{ 0, "\"order_ids\"", 0 },
};

START_TEST(test_ticket)
{
	char *s = ticket_text(ticket_cases[_i].full);

	ck_assert_msg((strstr(s, ticket_cases[_i].want) != NULL) ==
	    ticket_cases[_i].present, "got %s, want %s%s", s,
	    ticket_cases[_i].present ? "" : "no ", ticket_cases[_i].want);
	ck_assert_msg(s[strlen(s) - 1] == '\n' && strchr(s, '\n') ==
	    s + strlen(s) - 1, "got %s, want one line", s);
	free(s);
}
END_TEST

/* The outbox, the statistics and an ingest verdict. */
START_TEST(test_others)
{
	struct store_outbox_row o = { 3, 0, "confirmation", "a@b.test",
	    "pending", 1, 1700000000, NULL, 1700000000, STORE_NO_TIME,
	    "x@y", "telegram", 1 };
	struct store_stats ss = { 0 };
	struct intake_result r = { 0 };
	char *s;

	s = dump(cli_outbox_json(&o, 1));
	ck_assert_str_eq(s, "[{\"id\":3,\"ticket\":null,\"kind\":"
	    "\"confirmation\",\"rcpt\":\"a@b.test\",\"state\":\"pending\","
	    "\"attempts\":1,\"next_attempt_at\":\"2023-11-14T22:13:20+00:00\","
	    "\"last_error\":null,\"created_at\":\"2023-11-14T22:13:20+00:00\","
	    "\"sent_at\":null,\"message_id\":\"x@y\",\"channel\":"
	    "\"telegram\",\"sent_parts\":1}]\n");
	free(s);
	ss.ss_tickets = 4;
	ss.ss_by_status[TS_WAITING] = 1;
	ss.ss_median_first_response_s = -1;
	ss.ss_oldest_pending_age_s = 30;
	ss.ss_outbox[SO_FAILED] = 2;
	s = dump(cli_stats_json(&ss));
	ck_assert_msg(strstr(s, "\"tickets\":4,\"by_status\":{\"open\":0,"
	    "\"in_progress\":0,\"waiting\":1,\"resolved\":0,\"closed\":0}")
	    != NULL && strstr(s, "\"median_first_response_s\":null") != NULL
	    && strstr(s, "\"outbox\":{\"by_state\":{\"pending\":0,\"sent\":0,"
	    "\"failed\":2},\"due\":0,\"retrying\":0,"
	    "\"oldest_pending_age_s\":30}") != NULL, "got %s", s);
	free(s);
	r.ir_action = IA_REJECTED;
	r.ir_counts.rc_n[0] = 1;
	strcpy(r.ir_smtp_code, "554");
	strcpy(r.ir_reason, "bad \x01 input");
	s = dump(cli_result_json(&r));
	ck_assert_msg(strstr(s, "{\"ticket\":null,\"action\":\"rejected\","
	    "\"redactions\":{\"") != NULL && strstr(s, "\"code\":\"554\","
	    "\"reason\":\"bad \\u0001 input\"}") != NULL, "got %s", s);
	free(s);
}
END_TEST

/* The suite. */
static Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("json");

	tcase_add_loop_test(tc, test_ticket, 0,
	    sizeof(ticket_cases) / sizeof(ticket_cases[0]));
	tcase_add_test(tc, test_others);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cli_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
