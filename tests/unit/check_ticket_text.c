/* check_ticket_text.c - unit tests of ticket/ text scanning: agent
 * commands at the top of a mail, order IDs and links. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const kind_names[] = {
	"status", "priority", "category", "assign", "note", "merge"
};

/* --- commands ------------------------------------------------------- */

static const struct {
	const char	*text;
	const char	*want;		/* "kind=arg|kind=arg" */
	const char	*rest;		/* text from *body_off */
} cmd_rows[] = {
	{ "#status resolved\nThanks!\n", "status=resolved", "Thanks!\n" },
	{ "#status waiting\n\nHi Bob,\n", "status=waiting", "Hi Bob,\n" },
	{ "#STATUS Resolved\nx", "status=Resolved", "x" },
	{ "#Status in progress\nx", "status=in progress", "x" },
	{ "#priority urgent\n#category billing\nHello\n",
	    "priority=urgent|category=billing", "Hello\n" },
	{ "#assign alice@example.com\nx", "assign=alice@example.com", "x" },
	{ "#note\nCustomer called.\n", "note=", "Customer called.\n" },
	{ "#note Customer called.\n", "note=Customer called.",
	    "Customer called.\n" },
	{ "\n\n  #status resolved  \r\n\r\n#priority high\r\nBody\r\n",
	    "status=resolved|priority=high", "Body\r\n" },
	{ "#status resolved\n#foo bar\n#priority high\n", "status=resolved",
	    "#foo bar\n#priority high\n" },
	{ "#foo\n#status resolved\n", "", "#foo\n#status resolved\n" },
	{ "Hello\n#status resolved\n", "", "Hello\n#status resolved\n" },
	{ "#status bogus\nx", "", "#status bogus\nx" },
	{ "#status\nx", "", "#status\nx" },
	{ "#priority whenever\nx", "", "#priority whenever\nx" },
	{ "#category\nx", "", "#category\nx" },
	{ "#assign\nx", "", "#assign\nx" },
	{ "#statusresolved\nx", "", "#statusresolved\nx" },
	{ "> #status resolved\nx", "", "> #status resolved\nx" },
	{ "#12345 is my order\n", "", "#12345 is my order\n" },
	{ "#status resolved", "status=resolved", "" },
	{ "\xef\xbb\xbf#status resolved\nx", "status=resolved", "x" },
	{ "", "", "" },
	{ "#status resolved\n#status closed\n#note\n",
	    "status=resolved|status=closed|note=", "" },
	{ "#prio high\nx", "priority=high", "x" },
	{ "#category Billing\nx", "category=billing", "x" },
	{ "#category billing stuff\nx", "", "#category billing stuff\nx" },
	{ "#category bill/ing\nx", "", "#category bill/ing\nx" },
	{ "#assign Alice Smith\nx", "", "#assign Alice Smith\nx" },
	{ "#Note\nx", "note=", "x" },
	{ "#status Waiting for Customer\nx", "status=Waiting for Customer",
	    "x" },
	{ "#priority Urgent\n#assign bob\nx", "priority=Urgent|assign=bob",
	    "x" },
	{ "#status resolved\n-- \nAlice\n", "status=resolved", "-- \nAlice\n" },
	{ "#status closed\n> quoted\n", "status=closed", "> quoted\n" },
	{ "\t#priority low\n\n\n", "priority=low", "" },
	{ "#merge 10042\n", "merge=10042", "" },
	{ "#Merge #10042\nx", "merge=10042", "x" },
	{ "#merge [Ticket#10042]\nx", "merge=10042", "x" },
	{ "#merge  10042  \r\nx", "merge=10042", "x" },
	{ "#merge\nx", "", "#merge\nx" },
	{ "#merge 010042\nx", "", "#merge 010042\nx" },
	{ "#merge 10042 please\nx", "", "#merge 10042 please\nx" },
	{ "#merge ticket 10042\nx", "", "#merge ticket 10042\nx" },
	{ "#merge 1234567890123456\nx", "", "#merge 1234567890123456\nx" },
	{ "#merge [Ticket#10042\nx", "", "#merge [Ticket#10042\nx" },
	{ "#merge 10042x\nx", "", "#merge 10042x\nx" },
	{ "#status resolved\n#merge 10042\n", "status=resolved|merge=10042",
	    "" },
};

START_TEST(test_commands)
{
	struct ticket_cmd c[8];
	char got[512] = "";
	size_t n, i, off = 99;

	n = ticket_commands(cmd_rows[_i].text, c, NELEM(c), &off);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(got, "|");
		strcat(got, kind_names[c[i].tc_kind]);
		strcat(got, "=");
		strcat(got, c[i].tc_arg);
	}
	ck_assert_msg(strcmp(got, cmd_rows[_i].want) == 0,
	    "row %d: got %s, want %s", _i, got, cmd_rows[_i].want);
	ck_assert_msg(strcmp(cmd_rows[_i].text + off, cmd_rows[_i].rest) == 0,
	    "row %d rest: got %s, want %s", _i, cmd_rows[_i].text + off,
	    cmd_rows[_i].rest);
}
END_TEST

/* At most max commands; the rest stays text. */
START_TEST(test_commands_max)
{
	const char *t = "#status resolved\n#priority low\n#note\nx";
	struct ticket_cmd c[2];
	size_t off, n = ticket_commands(t, c, 2, &off);

	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(t + off, "#note\nx");
	ck_assert_int_eq(ticket_commands(NULL, c, 2, &off), 0);
	ck_assert_int_eq(off, 0);
}
END_TEST

/* A long argument is cut, not overflowed. */
START_TEST(test_commands_long)
{
	char t[600];
	struct ticket_cmd c[1];
	size_t off;

	strcpy(t, "#category ");
	memset(t + 10, 'a', 500);
	strcpy(t + 510, "\nrest");
	ck_assert_int_eq(ticket_commands(t, c, 1, &off), 1);
	ck_assert_int_eq(strlen(c[0].tc_arg), sizeof(c[0].tc_arg) - 1);
	ck_assert_str_eq(t + off, "rest");
}
END_TEST

/* --- order IDs and links ------------------------------------------------- */

/* Joins a vector with '|' and frees it. */
static void
join(char **v, char *out, size_t outlen)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; v[i] != NULL; i++) {
		if (i > 0)
			strncat(out, "|", outlen - strlen(out) - 1);
		strncat(out, v[i], outlen - strlen(out) - 1);
	}
	ticket_strv_free(v);
}

static const struct {
	const char	*text;
	const char	*want;
} order_rows[] = {
	{ "My order 12345 has not arrived", "12345" },
	{ "Order ID: 12345", "12345" },
	{ "order #12345", "12345" },
	{ "Order No. 12345", "12345" },
	{ "order number: A-12345-X", "A-12345-X" },
	{ "order nr 98765.", "98765" },
	{ "ORDER-ID 55555", "55555" },
	{ "the order is 77777", "77777" },
	{ "заказ 12345", "12345" },
	{ "Заказ № 12345", "12345" },
	{ "номер заказа: 4567", "4567" },
	{ "pedido 12345", "12345" },
	{ "Bestellung 12345", "12345" },
	{ "Bestellnummer: 12345", "12345" },
	{ "commande n° 12345", "12345" },
	{ "ordine 12345", "12345" },
	{ "zamówienie 12345", "12345" },
	{ "订单 12345", "12345" },
	{ "注文番号 12345", "12345" },
	{ "注文番号：12345", "12345" },
	{ "我的订单12345没到", "12345" },
	{ "주문 번호 12345", "12345" },
	{ "numer zamówienia 12345", "12345" },
	{ "Bestelnummer 12345", "12345" },
	{ "my order, ticket #10042, is late", "" },
	{ "order Ticket#10042", "" },
	{ "order Case#10042", "" },
	{ "order#12345", "12345" },
	{ "Order Nr#12345", "12345" },
	{ "Bestellung#4711", "4711" },
	{ "order ticket 10042", "" },
	{ "order: see ticket 10042; order 777", "777" },
	{ "the ticket 555 order 12345", "12345" },
	{ "my order (placed in May) is #12345", "12345" },
	{ "order 111 and order 222 and order 111", "111|222" },
	{ "Order 12345\nOrder ID: 67890", "12345|67890" },
	{ "#12345", "" },
	{ "please see #12345", "" },
	{ "order of 3 items", "" },
	{ "order 12", "" },
	{ "ordered 12345 items", "" },
	{ "reorder 12345", "" },
	{ "Re: [Ticket#10042] order", "" },
	{ "order [Ticket#10042]", "" },
	{ "order [ticket #10042] and order 5555", "5555" },
	{ "", "" },
	{ "order", "" },
	{ "order\n#12345", "" },
};

START_TEST(test_order_ids)
{
	char got[512];

	join(ticket_order_ids(order_rows[_i].text), got, sizeof(got));
	ck_assert_msg(strcmp(got, order_rows[_i].want) == 0,
	    "%s: got %s, want %s", order_rows[_i].text, got,
	    order_rows[_i].want);
}
END_TEST

static const struct {
	const char	*text;
	const char	*want;
} link_rows[] = {
	{ "see https://example.com/x", "https://example.com/x" },
	{ "see http://example.com/x.", "http://example.com/x" },
	{ "(https://example.com/a)", "https://example.com/a" },
	{ "https://en.wikipedia.org/wiki/Foo_(bar)",
	    "https://en.wikipedia.org/wiki/Foo_(bar)" },
	{ "<https://example.com/a?b=c&d=e>", "https://example.com/a?b=c&d=e" },
	{ "\"https://example.com/q\"", "https://example.com/q" },
	{ "a https://x.com, b https://y.com; c https://x.com!",
	    "https://x.com|https://y.com" },
	{ "HTTPS://Example.com/A", "HTTPS://Example.com/A" },
	{ "[link](https://example.com/m)", "https://example.com/m" },
	{ "ftp://example.com/x", "" },
	{ "https://", "" },
	{ "https:// x", "" },
	{ "xhttps://example.com", "" },
	{ "mail me at bob@example.com", "" },
	{ "https://example.com/a\nhttps://example.com/b",
	    "https://example.com/a|https://example.com/b" },
	{ "https://example.com/x?y=1...", "https://example.com/x?y=1" },
	{ "", "" },
};

START_TEST(test_links)
{
	char got[512];

	join(ticket_links(link_rows[_i].text), got, sizeof(got));
	ck_assert_msg(strcmp(got, link_rows[_i].want) == 0,
	    "%s: got %s, want %s", link_rows[_i].text, got,
	    link_rows[_i].want);
}
END_TEST

/* At most 32 of each; NULL text gives an empty list. */
START_TEST(test_extract_limits)
{
	char text[4096] = "", one[64];
	char **v;
	int i, n;

	for (i = 0; i < 40; i++) {
		snprintf(one, sizeof(one), "order %d https://e.com/%d\n",
		    1000 + i, i);
		strcat(text, one);
	}
	v = ticket_order_ids(text);
	for (n = 0; v[n] != NULL; n++)
		;
	ck_assert_int_eq(n, 32);
	ticket_strv_free(v);
	v = ticket_links(text);
	for (n = 0; v[n] != NULL; n++)
		;
	ck_assert_int_eq(n, 32);
	ticket_strv_free(v);
	v = ticket_order_ids(NULL);
	ck_assert_ptr_null(v[0]);
	ticket_strv_free(v);
	v = ticket_links(NULL);
	ck_assert_ptr_null(v[0]);
	ticket_strv_free(v);
}
END_TEST

/* The quick first-byte filter lets every order word through, in both
 * ASCII cases and capitalised (a missing entry would lose order IDs). */
START_TEST(test_order_first_bytes)
{
	static const char *const caps[] = { "Заказ", "ЗАКАЗ", "Objednávka",
	    "SİPARİŞ", "ZAMÓWIENIE", "Order", "ORDER" };
	size_t i;

	for (i = 0; tk_order_words[i] != NULL; i++) {
		unsigned char b = (unsigned char)tk_order_words[i][0];

		ck_assert_msg(tk_order_first_byte(b), "%s: got filtered, want "
		    "kept", tk_order_words[i]);
		if (b < 0x80)
			ck_assert_msg(tk_order_first_byte((unsigned char)
			    (b ^ 0x20)), "%s upper-case: got filtered, want "
			    "kept", tk_order_words[i]);
	}
	for (i = 0; i < NELEM(caps); i++)
		ck_assert_msg(tk_order_first_byte((unsigned char)caps[i][0]),
		    "%s: got filtered, want kept", caps[i]);
}
END_TEST

/* The suite of text scanning. */
static Suite *
text_suite(void)
{
	Suite *s = suite_create("ticket_text");
	TCase *tc;

	tc = tcase_create("commands");
	tcase_add_loop_test(tc, test_commands, 0, NELEM(cmd_rows));
	tcase_add_test(tc, test_commands_max);
	tcase_add_test(tc, test_commands_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("extract");
	tcase_add_loop_test(tc, test_order_ids, 0, NELEM(order_rows));
	tcase_add_loop_test(tc, test_links, 0, NELEM(link_rows));
	tcase_add_test(tc, test_extract_limits);
	tcase_add_test(tc, test_order_first_bytes);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite; exit status for make check. */
int
main(void)
{
	SRunner *sr = srunner_create(text_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
