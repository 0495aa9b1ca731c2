/* check_ticket_chat.c - unit tests of ticket/chat.c: Telegram pseudo
 * addresses made from a user id and read back. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ticket/chat.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*addr;
	int		 want;		/* a pseudo address? */
	long long	 user;
} user_rows[] = {
	{ "12345@telegram.invalid", 1, 12345 },
	{ "1@telegram.invalid", 1, 1 },
	{ "987654321@TELEGRAM.INVALID", 1, 987654321 },
	{ "9223372036854775807@telegram.invalid", 1, 9223372036854775807LL },
	{ "9223372036854775808@telegram.invalid", 0, 0 },
	{ "012@telegram.invalid", 0, 0 },
	{ "0@telegram.invalid", 0, 0 },
	{ "-5@telegram.invalid", 0, 0 },
	{ "12a@telegram.invalid", 0, 0 },
	{ "@telegram.invalid", 0, 0 },
	{ "12345@telegram.invalid.example.com", 0, 0 },
	{ "12345@telegram.org", 0, 0 },
	{ "12345@", 0, 0 },
	{ "12345", 0, 0 },
	{ "alice@example.com", 0, 0 },
	{ "", 0, 0 },
	{ NULL, 0, 0 },
};

/* chat_addr_user() on each row. */
START_TEST(test_user)
{
	long long user = -1;
	int got = chat_addr_user(user_rows[_i].addr, &user);

	ck_assert_msg(got == user_rows[_i].want, "%s: got %d, want %d",
	    user_rows[_i].addr != NULL ? user_rows[_i].addr : "(null)", got,
	    user_rows[_i].want);
	if (got)
		ck_assert_msg(user == user_rows[_i].user,
		    "%s: got %lld, want %lld", user_rows[_i].addr, user,
		    user_rows[_i].user);
}
END_TEST

static const struct {
	long long	 user;
	const char	*want;
} make_rows[] = {
	{ 1, "1@telegram.invalid" },
	{ 42, "42@telegram.invalid" },
	{ 5000000001LL, "5000000001@telegram.invalid" },
};

/* chat_addr_make() gives the address, and chat_addr_user() reads it. */
START_TEST(test_make)
{
	char *got = chat_addr_make(make_rows[_i].user);
	long long back = 0;

	ck_assert_msg(strcmp(got, make_rows[_i].want) == 0,
	    "got %s, want %s", got, make_rows[_i].want);
	ck_assert_msg(chat_addr_user(got, &back) == 1 &&
	    back == make_rows[_i].user, "round trip of %s: got %lld, want %lld",
	    got, back, make_rows[_i].user);
	free(got);
}
END_TEST

/* The suite. */
static Suite *
chat_suite(void)
{
	Suite *s = suite_create("ticket_chat");
	TCase *tc = tcase_create("chat");

	tcase_add_loop_test(tc, test_user, 0, NELEM(user_rows));
	tcase_add_loop_test(tc, test_make, 0, NELEM(make_rows));
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(chat_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
