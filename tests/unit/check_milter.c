/* check_milter.c - the milter's pure parts: reply text, SIZE=, header
 * lines and the intake gate. */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "milter/milter.h"

/* --- reply text -------------------------------------------------------- */

static const struct {
	const char	*in;
	size_t		 outlen;
	const char	*want;
} reply_cases[] = {
	{ "Try again later", 64, "Try again later" },
	{ "100% sure", 64, "100%% sure" },
	{ "line one\r\nline two", 64, "line one  line two" },
	{ "tab\there", 64, "tab here" },
	{ "", 64, "error" },
	{ NULL, 64, "error" },
	{ "trailing\r\n", 64, "trailing" },
	{ "abcdefghij", 6, "abcde" },
	{ "ab%cd", 4, "ab" },		/* never half a %% */
	{ "%%", 64, "%%%%" },
};

/* Reply text is safe for smfi_setreply. */
START_TEST(test_reply_text)
{
	char out[64];

	milter_reply_text(reply_cases[_i].in, out, reply_cases[_i].outlen);
	ck_assert_msg(strcmp(out, reply_cases[_i].want) == 0,
	    "case %d: got \"%s\", want \"%s\"", _i, out,
	    reply_cases[_i].want);
}
END_TEST

/* --- SIZE= ------------------------------------------------------------- */

static char *size_a[] = { "SIZE=12345", NULL };
static char *size_b[] = { "BODY=8BITMIME", "size=99", NULL };
static char *size_c[] = { "BODY=8BITMIME", NULL };
static char *size_d[] = { "SIZE=", NULL };
static char *size_e[] = { "SIZE=12x", NULL };
static char *size_f[] = { "SIZE=-5", NULL };
static char *size_g[] = { NULL };

static const struct {
	char *const	*args;
	long		 want;
} size_cases[] = {
	{ size_a, 12345 }, { size_b, 99 }, { size_c, -1 }, { size_d, -1 },
	{ size_e, -1 }, { size_f, -1 }, { size_g, -1 }, { NULL, -1 },
};

/* SIZE= is found and checked. */
START_TEST(test_esmtp_size)
{
	long got = milter_esmtp_size(size_cases[_i].args);

	ck_assert_msg(got == size_cases[_i].want, "case %d: got %ld, want %ld",
	    _i, got, size_cases[_i].want);
}
END_TEST

/* --- header lines ------------------------------------------------------ */

static const struct {
	const char	*name, *value;
	int		 leadspc;
	const char	*line, *edit;
} hdr_cases[] = {
	{ "Subject", " Hello", 1, "Subject: Hello\r\n", "  Hello" },
	{ "Subject", "Hello", 0, "Subject: Hello\r\n", "Hello" },
	{ "Subject", "", 1, "Subject:\r\n", " " },
	{ "To", " a@b,\n\tc@d", 1, "To: a@b,\r\n\tc@d\r\n", "  a@b,\n\tc@d" },
	{ "To", " a@b,\r\n c@d", 1, "To: a@b,\r\n c@d\r\n", "  a@b,\n c@d" },
	{ "X", "bad\nline", 0, "X: bad\r\nline\r\n", "bad line" },
};

/* Headers are rebuilt as they stood, edits carry no bare CR/LF. */
START_TEST(test_header_line)
{
	struct buf b = BUF_INIT;
	char *v;

	milter_header_line(&b, hdr_cases[_i].name, hdr_cases[_i].value,
	    hdr_cases[_i].leadspc);
	ck_assert_msg(strcmp(b.b_data, hdr_cases[_i].line) == 0,
	    "case %d: got \"%s\", want \"%s\"", _i, b.b_data,
	    hdr_cases[_i].line);
	buf_free(&b);
	v = milter_header_value(hdr_cases[_i].value, hdr_cases[_i].leadspc);
	ck_assert_msg(strcmp(v, hdr_cases[_i].edit) == 0,
	    "case %d: got \"%s\", want \"%s\"", _i, v, hdr_cases[_i].edit);
	free(v);
}
END_TEST

/* --- intake gate ------------------------------------------------------- */

/* Holds a seat for a while. */
static void *
gate_holder(void *arg)
{
	(void)arg;
	if (gate_enter(1, 1000) == 0) {
		usleep(300000);
		gate_leave();
	}
	return NULL;
}

/* The cap turns away after the wait, and lets in when a seat frees. */
START_TEST(test_gate)
{
	pthread_t t;

	ck_assert_int_eq(gate_enter(2, 0), 0);
	ck_assert_int_eq(gate_enter(2, 0), 0);
	ck_assert_int_eq(gate_busy(), 2);
	ck_assert_int_eq(gate_enter(2, 50), -1);
	gate_leave();
	ck_assert_int_eq(gate_enter(2, 0), 0);
	gate_leave();
	gate_leave();
	ck_assert_int_eq(gate_busy(), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, gate_holder, NULL), 0);
	usleep(50000);
	ck_assert_int_eq(gate_enter(1, 10), -1);
	ck_assert_int_eq(gate_enter(1, 2000), 0);
	gate_leave();
	pthread_join(t, NULL);
	ck_assert_int_eq(gate_drain(10), 0);
}
END_TEST

/* The suite. */
static Suite *
milter_suite(void)
{
	Suite *s = suite_create("milter");
	TCase *tc = tcase_create("pure");

	tcase_add_loop_test(tc, test_reply_text, 0,
	    sizeof(reply_cases) / sizeof(reply_cases[0]));
	tcase_add_loop_test(tc, test_esmtp_size, 0,
	    sizeof(size_cases) / sizeof(size_cases[0]));
	tcase_add_loop_test(tc, test_header_line, 0,
	    sizeof(hdr_cases) / sizeof(hdr_cases[0]));
	tcase_add_test(tc, test_gate);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(milter_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
