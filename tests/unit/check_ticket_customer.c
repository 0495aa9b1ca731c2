/* check_ticket_customer.c - unit tests of ticket/ on the customer's side:
 * the subject made from a first line, "#close", issue types, the details
 * a type needs and the language of a text. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "ticket/ticket.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* --- subject from the first line ------------------------------------ */

static const struct {
	const char	*text;
	const char	*want;		/* NULL: no subject */
} subj_rows[] = {
	{ "My order 12345 is stuck\nThanks\n", "My order 12345 is stuck" },
	{ "Hello,\n\nMy order is stuck at 0.\n", "My order is stuck at 0." },
	{ "Здравствуйте!\nЗаказ 5512 не выполняется уже два дня.\n",
	    "Заказ 5512 не выполняется уже два дня." },
	{ "Hola,\nNo recibí mis seguidores\n", "No recibí mis seguidores" },
	{ "Olá,\n\n  Meu pedido não foi entregue\n",
	    "Meu pedido não foi entregue" },
	{ "Merhaba,\nSiparişim hâlâ beklemede\n",
	    "Siparişim hâlâ beklemede" },
	{ "Hallo,\nIch habe doppelt bezahlt\n", "Ich habe doppelt bezahlt" },
	{ "Добрий день!\nНе прийшли підписники\n", "Не прийшли підписники" },
	{ "Hi John,\nRefill please\n", "Refill please" },
	{ "Dear support team,\nwhere is my refund?\n", "where is my refund?" },
	{ "Hi, my order 7781 dropped by half\n",
	    "Hi, my order 7781 dropped by half" },
	{ "Hello team, I paid 20 USD and got nothing\n",
	    "Hello team, I paid 20 USD and got nothing" },
	{ "> quoted text\n>> more\nNew words here\n", "New words here" },
	{ "\n\n\t\n  spaced\t\tout   words  \n", "spaced out words" },
	{ "Hello,\n", NULL },
	{ "", NULL },
	{ "\n \n\t\n", NULL },
	{ "Hi,\n-- \nJohn Smith\n", NULL },
	{ "\xef\xbb\xbf" "BOM first\n", "BOM first" },
	{ "The quick brown fox jumps over the lazy dog and keeps running far "
	    "away into the night\n",
	    "The quick brown fox jumps over the lazy dog and keeps running far "
	    "away into the" },
	{ "Мой заказ номер 12345 на подписчиков инстаграм завис в статусе "
	    "в процессе уже третьи сутки\n",
	    "Мой заказ номер 12345 на подписчиков инстаграм завис в статусе "
	    "в процессе уже" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaa" },
	{ "жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж"
	    "жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж\n",
	    "жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж"
	    "жжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжжж" },
	{ "Problem:, \n", "Problem" },
	{ "Refill for 9981\r\nthanks\r\n", "Refill for 9981" },
};

START_TEST(test_subject)
{
	const char *t = subj_rows[_i].text, *want = subj_rows[_i].want;
	char *got = ticket_subject_from_text(t, strlen(t));

	ck_assert_msg((got == NULL) == (want == NULL) &&
	    (got == NULL || strcmp(got, want) == 0),
	    "row %d: got %s, want %s", _i, got ? got : "(null)",
	    want ? want : "(null)");
	free(got);
}
END_TEST

/* Only the first len bytes count (the new text, not what is quoted). */
START_TEST(test_subject_len)
{
	const char *t = "Hello,\nwhat I wrote\n";
	char *got;

	ck_assert_ptr_null(ticket_subject_from_text(t, 7));
	got = ticket_subject_from_text(t, 11);
	ck_assert_str_eq(got, "what");
	free(got);
	ck_assert_ptr_null(ticket_subject_from_text(NULL, 0));
}
END_TEST

/* --- #close ---------------------------------------------------------- */

static const struct {
	const char	*text;
	int		 want;
} close_rows[] = {
	{ "#close\n", 1 },
	{ "#close", 1 },
	{ "\n\n  #CLOSE  \r\nthanks, all good\n", 1 },
	{ "\xef\xbb\xbf" "#Close\n", 1 },
	{ "#closed\n", 0 },
	{ "#close please\n", 0 },
	{ "Thanks!\n#close\n", 0 },
	{ "> #close\n", 0 },
	{ "#status closed\n", 0 },
	{ "", 0 },
};

START_TEST(test_close)
{
	int got = ticket_customer_close(close_rows[_i].text);

	ck_assert_msg(got == close_rows[_i].want, "row %d: got %d, want %d",
	    _i, got, close_rows[_i].want);
}
END_TEST

/* The suite. */
static Suite *
customer_suite(void)
{
	Suite *s = suite_create("ticket_customer");
	TCase *tc = tcase_create("subject");

	tcase_add_loop_test(tc, test_subject, 0, NELEM(subj_rows));
	tcase_add_test(tc, test_subject_len);
	suite_add_tcase(s, tc);
	tc = tcase_create("close");
	tcase_add_loop_test(tc, test_close, 0, NELEM(close_rows));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(customer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
