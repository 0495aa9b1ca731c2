/* check_ticket_detail.c - unit tests of ticket/detail.c and merge.c: the
 * +detail of a support address (reply addresses with their token, +queue,
 * +tickets), the reply address made for a ticket, and whether a merge may
 * happen. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "common/xalloc.h"
#include "ticket/ticket.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SECRET		"test-secret-0123456789"

static struct conf *cf;

/* Fixture: support addresses and a known secret. */
static void
setup(void)
{
	char err[256];

	cf = conf_load_string("support_addresses = support@example.com,"
	    " @help.example.net\n", "test", err, sizeof(err));
	ck_assert_msg(cf != NULL, "conf: %s", err);
	free(cf->cf_hmac_secret);
	cf->cf_hmac_secret = xstrdup(SECRET);
}

/* Fixture teardown. */
static void
teardown(void)
{
	conf_unref(cf);
	cf = NULL;
}

/* Tokens below: the first 10 hex digits of HMAC-SHA-256(SECRET,
 * "reply.<number>"), computed outside postdesk. */
static const struct {
	const char		*rcpt;
	enum ticket_rcpt_detail	 want;
	long			 number;
} detail_rows[] = {
	{ "support+t10042.16ad88ea56@example.com", TDET_REPLY, 10042 },
	{ "SUPPORT+T10042.16AD88EA56@EXAMPLE.COM", TDET_REPLY, 10042 },
	{ "support+t1.42bb06f09e@example.com", TDET_REPLY, 1 },
	{ "support+t999999999999999.3d59a4afbb@example.com", TDET_REPLY,
	    999999999999999 },
	{ "anyone+t10042.16ad88ea56@help.example.net", TDET_REPLY, 10042 },
	/* forged or damaged */
	{ "support+t10043.16ad88ea56@example.com", TDET_FORGED, 0 },
	{ "support+t10042.16ad88ea57@example.com", TDET_FORGED, 0 },
	{ "support+t10042.16ad88ea5@example.com", TDET_FORGED, 0 },
	{ "support+t10042.16ad88ea566@example.com", TDET_FORGED, 0 },
	{ "support+t10042@example.com", TDET_FORGED, 0 },
	{ "support+t10042.@example.com", TDET_FORGED, 0 },
	{ "support+t010042.16ad88ea56@example.com", TDET_FORGED, 0 },
	{ "support+t10042.16ad88ea5g@example.com", TDET_FORGED, 0 },
	{ "support+t1234567890123456.3d59a4afbb@example.com", TDET_FORGED,
	    0 },
	/* other details */
	{ "support+queue@example.com", TDET_QUEUE, 0 },
	{ "support+Queue@example.com", TDET_QUEUE, 0 },
	{ "support+tickets@example.com", TDET_TICKETS, 0 },
	{ "support+billing@example.com", TDET_OTHER, 0 },
	{ "support+tea@example.com", TDET_OTHER, 0 },
	{ "support+t@example.com", TDET_OTHER, 0 },
	/* not a support address, or no detail */
	{ "support@example.com", TDET_NONE, 0 },
	{ "support+@example.com", TDET_NONE, 0 },
	{ "other+t10042.16ad88ea56@example.com", TDET_NONE, 0 },
	{ "support+t10042.16ad88ea56@example.org", TDET_NONE, 0 },
	{ "no-at-sign", TDET_NONE, 0 },
};

START_TEST(test_detail)
{
	long n = -1;
	enum ticket_rcpt_detail got = ticket_detail_of(detail_rows[_i].rcpt, cf,
	    &n);

	ck_assert_msg(got == detail_rows[_i].want, "%s: got %d, want %d",
	    detail_rows[_i].rcpt, (int)got, (int)detail_rows[_i].want);
	ck_assert_msg(n == detail_rows[_i].number, "%s: got %ld, want %ld",
	    detail_rows[_i].rcpt, n, detail_rows[_i].number);
}
END_TEST

static const struct {
	const char	*address;
	long		 number;
	const char	*want;
} make_rows[] = {
	{ "support@example.com", 10042,
	    "support+t10042.16ad88ea56@example.com" },
	{ "support+billing@example.com", 10042,
	    "support+t10042.16ad88ea56@example.com" },
	{ "support@example.com", 1, "support+t1.42bb06f09e@example.com" },
	{ "support@example.com", 0, "support@example.com" },
	{ "no-at-sign", 10042, "no-at-sign" },
};

START_TEST(test_make)
{
	char *got = ticket_reply_address(SECRET, make_rows[_i].address,
	    make_rows[_i].number);

	ck_assert_msg(strcmp(got, make_rows[_i].want) == 0,
	    "got %s, want %s", got, make_rows[_i].want);
	free(got);
}
END_TEST

/* Without a secret no reply address is made and none verifies. */
START_TEST(test_no_secret)
{
	char *got = ticket_reply_address(NULL, "support@example.com", 10042);
	long n = 0;

	ck_assert_msg(strcmp(got, "support@example.com") == 0,
	    "got %s, want support@example.com", got);
	free(got);
	free(cf->cf_hmac_secret);
	cf->cf_hmac_secret = NULL;
	ck_assert_int_eq(ticket_detail_of(
	    "support+t10042.16ad88ea56@example.com", cf, &n), TDET_FORGED);
}
END_TEST

/* What is made verifies, for the number it was made for only. */
START_TEST(test_roundtrip)
{
	static const long nums[] = { 1, 9, 10, 10001, 10042, 123456789 };
	long n;
	size_t i;

	for (i = 0; i < NELEM(nums); i++) {
		char *a = ticket_reply_address(SECRET, "support@example.com",
		    nums[i]);
		const char *rcpts[] = { "x@example.org", a };

		ck_assert_msg(ticket_detail_of(a, cf, &n) == TDET_REPLY &&
		    n == nums[i], "%s: got %ld, want %ld", a, n, nums[i]);
		n = ticket_reply_ticket(rcpts, 2, cf);
		ck_assert_msg(n == nums[i], "got %ld, want %ld", n, nums[i]);
		free(a);
	}
}
END_TEST

/* The category of a reply address or +queue is not its detail. */
START_TEST(test_no_category)
{
	const char *r1[] = { "support+t10042.16ad88ea56@example.com" };
	const char *r2[] = { "support+queue@example.com" };
	const char *r3[] = { "support+billing@example.com" };
	char *c;

	ck_assert_ptr_null(ticket_category_of(r1, 1, cf));
	ck_assert_ptr_null(ticket_category_of(r2, 1, cf));
	c = ticket_category_of(r3, 1, cf);
	ck_assert_msg(c != NULL && strcmp(c, "billing") == 0,
	    "got %s, want billing", c != NULL ? c : "(null)");
	free(c);
}
END_TEST

static const struct {
	const char			*subject;
	enum ticket_queue_filter	 want;
} filter_rows[] = {
	{ "", TQ_ALL },
	{ "queue", TQ_ALL },
	{ "mine", TQ_MINE },
	{ "Mine please", TQ_MINE },
	{ "Re: my queue: MINE", TQ_MINE },
	{ "overdue", TQ_OVERDUE },
	{ "show overdue tickets", TQ_OVERDUE },
	{ "unassigned", TQ_UNASSIGNED },
	{ "[unassigned]", TQ_UNASSIGNED },
	{ "overdue, mine", TQ_OVERDUE },
	{ "mines", TQ_ALL },
	{ "undermine", TQ_ALL },
	{ "overdue2", TQ_ALL },
	{ "assigned", TQ_ALL },
};

START_TEST(test_queue_filter)
{
	enum ticket_queue_filter got =
	    ticket_queue_filter(filter_rows[_i].subject);

	ck_assert_msg(got == filter_rows[_i].want, "%s: got %d, want %d",
	    filter_rows[_i].subject, (int)got, (int)filter_rows[_i].want);
}
END_TEST

static const struct {
	struct merge_facts	 mf;
	enum merge_refusal	 want;
} merge_rows[] = {
	/* from, into, agent, from exists, from merged, into exists, into
	 * merged */
	{ { 10, 20, 1, 1, 0, 1, 0 }, MR_OK },
	{ { 20, 10, 1, 1, 0, 1, 0 }, MR_OK },
	{ { 10, 20, 0, 1, 0, 1, 0 }, MR_NOT_AGENT },
	{ { 10, 10, 1, 1, 0, 1, 0 }, MR_SELF },
	{ { 10, 10, 0, 1, 0, 1, 0 }, MR_NOT_AGENT },
	{ { 10, 20, 1, 0, 0, 1, 0 }, MR_NO_SOURCE },
	{ { 10, 20, 1, 1, 30, 1, 0 }, MR_SOURCE_MERGED },
	{ { 10, 20, 1, 1, 0, 0, 0 }, MR_NO_TARGET },
	{ { 10, 20, 1, 1, 0, 1, 30 }, MR_TARGET_MERGED },
	{ { 10, 20, 1, 1, 20, 1, 0 }, MR_SOURCE_MERGED },
	{ { 10, 20, 1, 1, 0, 1, 10 }, MR_TARGET_MERGED },
};

START_TEST(test_merge_check)
{
	enum merge_refusal got = ticket_merge_check(&merge_rows[_i].mf);

	ck_assert_msg(got == merge_rows[_i].want, "row %d: got %s, want %s",
	    _i, ticket_merge_reason(got),
	    ticket_merge_reason(merge_rows[_i].want));
}
END_TEST

/* Every refusal has its own sentence. */
START_TEST(test_merge_reasons)
{
	int i, k;

	for (i = MR_OK; i <= MR_TARGET_MERGED; i++)
		for (k = i + 1; k <= MR_TARGET_MERGED; k++)
			ck_assert_msg(strcmp(ticket_merge_reason(i),
			    ticket_merge_reason(k)) != 0, "%d and %d: got "
			    "the same sentence, want two", i, k);
}
END_TEST

/* The suite. */
static Suite *
detail_suite(void)
{
	Suite *s = suite_create("ticket_detail");
	TCase *tc = tcase_create("detail");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_detail, 0, NELEM(detail_rows));
	tcase_add_loop_test(tc, test_make, 0, NELEM(make_rows));
	tcase_add_test(tc, test_no_secret);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_no_category);
	tcase_add_loop_test(tc, test_queue_filter, 0, NELEM(filter_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("merge");
	tcase_add_loop_test(tc, test_merge_check, 0, NELEM(merge_rows));
	tcase_add_test(tc, test_merge_reasons);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(detail_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
