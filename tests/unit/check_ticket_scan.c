/* check_ticket_scan.c - unit tests of the one pass that finds word lists
 * in a text (tk_scan_text) and of what the text analysis makes of the
 * places that pass treats specially: Turkish İ, ı and the combining
 * dot, Cyrillic capitals, the full-width colon, words at the very start
 * and end, a word inside another, NBSP and punctuation between words,
 * invalid and over-long UTF-8. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

/* --- the scan itself ------------------------------------------------- */

static const char *const w_order[] = { "order", "orders", NULL };
static const char *const w_tr[] = { "iade", "iptal", "işlem", NULL };
static const char *const w_ru[] = { "заказ", "статус*", NULL };
static const char *const w_sign[] = { "$", "€", NULL };
static const char *const w_cjk[] = { "注文", "order", NULL };
static const char *const w_two[] = { "pay ", "user:", NULL };
/* two ASCII first letters, three, one, a second one not ASCII */
static const char *const w_de[] = { "de", "delay", "d", "d\xc3\xa9", "deal",
    NULL };

static const struct {
	const char		*text;
	const char *const	*words;
	int			 flags;
	const char		*want;	/* "offset+len" of each hit, ',' */
} scan_rows[] = {
	{ "order 5", w_order, 0, "0+5" },
	{ "my order", w_order, 0, "3+5" },
	{ "orders", w_order, 0, "0+5,0+6" },	/* the list's order */
	{ "reorder 5", w_order, 0, "" },	/* inside a word */
	{ "order2order", w_order, 0, "0+5" },	/* a digit is a letter */
	{ "ORDER", w_order, 0, "0+5" },
	{ "(order)", w_order, 0, "1+5" },
	{ "x\xc2\xa0order", w_order, 0, "3+5" },	/* NBSP */
	{ "x\xe3\x80\x80order", w_order, 0, "4+5" },	/* ideographic */
	{ "x\xef\xbc\x9aorder", w_order, 0, "4+5" },	/* full-width : */
	{ "x\xe2\x80\x94order", w_order, 0, "4+5" },	/* em dash */
	{ "\xfforder", w_order, 0, "1+5" },	/* an invalid byte */
	{ "\xd0\xb0\xb0order", w_order, 0, "3+5" },	/* stray byte */
	{ "\xc3" "order", w_order, 0, "1+5" },	/* cut sequence */
	{ "\xc3\xa9order", w_order, 0, "" },	/* é is a letter */
	{ "\xc1\xafrder", w_order, 0, "0+6" },	/* over-long 'o' */
	{ "ord", w_order, 0, "" },		/* text ends first */
	{ "İADE", w_tr, 0, "0+5" },
	{ "ıptal", w_tr, 0, "0+6" },
	{ "i\xcc\x87" "ade", w_tr, 0, "0+6" },	/* i, combining dot */
	{ "İŞLEM", w_tr, 0, "0+7" },
	{ "ЗАКАЗ", w_ru, 0, "0+10" },
	{ "Статусы", w_ru, 0, "0+12" },		/* '*' not compared */
	{ "перезаказ", w_ru, 0, "" },
	{ "5$ and $5 and 5€", w_sign, TK_SCAN_ANYWHERE, "1+1,7+1,15+3" },
	{ "5$", w_sign, 0, "" },		/* '$' starts no word */
	{ "私の注文番号", w_cjk, TK_SCAN_CJK, "6+6" },
	{ "私の注文番号", w_cjk, 0, "" },
	{ "reorder", w_cjk, TK_SCAN_CJK, "" },	/* ASCII: word starts */
	{ "I pay today", w_two, 0, "2+4" },
	{ "I pay", w_two, 0, "" },		/* "pay " needs its blank */
	{ "User: bob", w_two, 0, "0+5" },
	{ "", w_order, 0, "" },
	/* the words of one place in the list's order, whichever bucket */
	{ "Delay", w_de, 0, "0+2,0+5,0+1" },
	{ "DEAL", w_de, 0, "0+2,0+1,0+4" },
	{ "de la", w_de, 0, "0+2,0+1" },
	{ "d\xc3\xa9j\xc3\xa0", w_de, 0, "0+1,0+3" },
	{ "d", w_de, 0, "0+1" },
	{ "dela", w_de, 0, "0+2,0+1" },	/* text ends before the word */
	{ "dei\xcc\x87", w_de, 0, "0+2,0+1" },
};

/* tk_scan_text callback: appends "offset+len" to the string arg. */
static int
scan_collect(void *arg, const struct tk_hit *h)
{
	char *got = arg;
	size_t n = strlen(got);
	const char *text = got + 256;

	snprintf(got + n, 256 - n, "%s%td+%zu", n > 0 ? "," : "",
	    h->h_at - text, h->h_len);
	return 0;
}

START_TEST(test_scan)
{
	struct tk_scan sc;
	char buf[512];

	memset(buf, 0, sizeof(buf));
	snprintf(buf + 256, 256, "%s", scan_rows[_i].text);
	tk_scan_init(&sc);
	ck_assert_int_eq(tk_scan_add(&sc, scan_rows[_i].words, 0,
	    scan_rows[_i].flags), 0);
	tk_scan_text(&sc, buf + 256, scan_collect, buf);
	ck_assert_msg(strcmp(buf, scan_rows[_i].want) == 0,
	    "row %d: got %s, want %s", _i, buf, scan_rows[_i].want);
}
END_TEST

/* Lists added one after another: at one place, the words of the first
 * list before those of the next. */
START_TEST(test_scan_lists)
{
	static const char *const first[] = { "pay", NULL };
	static const char *const next[] = { "p", "payment", NULL };
	struct tk_scan sc;
	char buf[512];

	memset(buf, 0, sizeof(buf));
	snprintf(buf + 256, 256, "Payment");
	tk_scan_init(&sc);
	tk_scan_add(&sc, first, 0, 0);
	tk_scan_add(&sc, next, 1, 0);
	tk_scan_text(&sc, buf + 256, scan_collect, buf);
	ck_assert_str_eq(buf, "0+3,0+1,0+7");
}
END_TEST

/* tk_scan_text callback: stops at the second hit. */
static int
scan_stop(void *arg, const struct tk_hit *h)
{
	int *n = arg;

	(void)h;
	return ++*n == 2 ? 7 : 0;
}

/* fn's non-zero value ends the scan and comes back; lists are numbered
 * as added, and a list that does not fit is refused whole. */
START_TEST(test_scan_stop)
{
	static const char *const w_status[] = { "status", NULL };
	const char *many[TK_SCAN_WORDS + 1];
	struct tk_scan sc;
	int n = 0, i;

	for (i = 0; i < TK_SCAN_WORDS; i++)
		many[i] = "x";
	many[TK_SCAN_WORDS] = NULL;
	tk_scan_init(&sc);
	tk_scan_add(&sc, w_order, 0, 0);
	ck_assert_int_eq(tk_scan_text(&sc, "order order order", scan_stop,
	    &n), 7);
	ck_assert_int_eq(n, 2);
	tk_scan_add(&sc, w_status, 3, 0);
	ck_assert_int_eq(tk_scan_add(&sc, many, 4, 0), -1);
	ck_assert_uint_eq(sc.sc_n, 3);
	ck_assert_int_ge(tk_scan_first(&sc, 's'), 0);
	ck_assert_ptr_eq(sc.sc_w[tk_scan_first(&sc, 's')].sw_word,
	    w_status[0]);
	ck_assert_uint_eq(sc.sc_w[tk_scan_first(&sc, 's')].sw_list, 3);
}
END_TEST

/* --- what the analysis makes of them --------------------------------- */

static const struct {
	const char	*text;
	int		 status;	/* ticket_mentions_status */
	const char	*issue;		/* ticket_issue_of_text */
	const char	*details;	/* ticket_details_found, '|' */
	const char	*orders;	/* ticket_order_ids, '|' */
} edge_rows[] = {
	{ "Sipariş İŞLENİYOR", 1, "order", "status", "" },
	{ "siparis i\xcc\x87slemde", 0, "order", "", "" },
	{ "sipariş i\xcc\x87şlemde", 1, "order", "status", "" },
	{ "İPTAL edin lütfen", 0, "cancel", "", "" },
	{ "ıade istiyorum", 0, "cancel", "", "" },
	{ "ЗАКАЗ 12345 ЗАВЕРШЁН", 1, "order", "order_id|status",
	    "12345" },
	{ "ЗАМОВЛЕННЯ 4821 СКАСОВАНО", 1, "order", "order_id|status",
	    "4821" },
	{ "Status：pending", 1, "other", "status", "" },
	{ "Bestellung：55667", 0, "order", "order_id", "55667" },
	{ "pending", 1, "other", "status", "" },
	{ "it is pending", 1, "other", "status", "" },
	{ "unpending, statusless", 0, "other", "", "" },
	{ "statuses", 0, "other", "", "" },		/* whole word */
	{ "статусы заказа 7788", 1, "order", "order_id|status", "7788" },
	/* NBSP and the ideographic space are blanks before an ID, a new
	 * line is not */
	{ "order\xc2\xa0" "12345\xc2\xa0pending", 1, "order",
	    "order_id|status", "12345" },
	{ "order\xe3\x80\x80" "12345", 0, "order", "order_id", "12345" },
	{ "my order\n20240501 was fine", 0, "order", "", "" },
	{ "(order 12345), [refill]", 0, "refill", "order_id", "12345" },
	{ "reorder 12345 prerefill", 0, "other", "", "" },
	{ "please refill", 0, "refill", "", "" },
	{ "\xffpending\xff", 1, "other", "status", "" },
	{ "\xd0\xb0\xb0pending", 0, "other", "", "" },	/* after а */
	{ "\xc1\xb0" "ending order 123", 0, "order", "order_id", "123" },
	{ "\xc1\xafrder 12345", 0, "order", "", "" },	/* over-long 'o' */
	{ "I paid 20\xc2\xa0€", 0, "payment", "amount", "" },
	{ "I paid €\n20 yesterday", 0, "payment", "date", "" },
	{ "I paid \xe0\x82\xa3 20", 0, "payment", "", "" },
	{ "start count 500", 0, "other", "current_count", "" },
	{ "start count\n500", 0, "other", "", "" },
	{ "Invoice ABC123", 0, "other", "payment_reference", "" },
	{ "Invoice\nABC123", 0, "other", "", "" },
	{ "Invoice AB12", 0, "other", "", "" },		/* too short */
	{ "selfservice", 0, "other", "", "" },
	{ "service", 0, "other", "service", "" },
	{ "user:", 0, "other", "account", "" },
	{ "私の注文番号12345です", 0, "other", "order_id", "12345" },
	{ "", 0, "other", "", "" },
};

/* Names of a detail mask, '|'-joined, into got. */
static void
mask_names(unsigned m, char *got, size_t len)
{
	char **names = ticket_details_names(m);
	size_t i, n = 0;

	got[0] = '\0';
	for (i = 0; names[i] != NULL; i++)
		n += (size_t)snprintf(got + n, len - n, "%s%s", i > 0 ? "|" :
		    "", names[i]);
	strv_free(names);
}

START_TEST(test_edges)
{
	const char *t = edge_rows[_i].text;
	char **ids = ticket_order_ids(t), got[256];
	size_t i, n = 0;
	int status = ticket_mentions_status(t);

	ck_assert_msg(status == edge_rows[_i].status, "row %d status: got "
	    "%d, want %d", _i, status, edge_rows[_i].status);
	ck_assert_msg(strcmp(ticket_issue_name(ticket_issue_of_text(t)),
	    edge_rows[_i].issue) == 0, "row %d issue: got %s, want %s", _i,
	    ticket_issue_name(ticket_issue_of_text(t)), edge_rows[_i].issue);
	mask_names(ticket_details_found(t, (const char *const *)ids, NULL),
	    got, sizeof(got));
	ck_assert_msg(strcmp(got, edge_rows[_i].details) == 0,
	    "row %d details: got %s, want %s", _i, got,
	    edge_rows[_i].details);
	got[0] = '\0';
	for (i = 0; ids[i] != NULL; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
		    i > 0 ? "|" : "", ids[i]);
	strv_free(ids);
	ck_assert_msg(strcmp(got, edge_rows[_i].orders) == 0,
	    "row %d orders: got %s, want %s", _i, got, edge_rows[_i].orders);
}
END_TEST

/* Languages: '¿' and '¡' end a word there, İ is the word lists' i, a
 * capital Cyrillic letter counts as its small one. */
static const struct {
	const char	*text;
	const char	*want;		/* NULL: says nothing */
} lang_rows[] = {
	{ "¿hola? ¡gracias! el pedido", "es" },
	{ "İÇİN ÇOK TEŞEKKÜRLER BİR", "tr" },
	{ "СПАСИБО, ЭТО МОЙ ЗАКАЗ", "ru" },
	{ "ДЯКУЮ, ЦЕ МІЙ", "uk" },
	{ "the\xff" "and\xff" "is", "en" },
	{ "\xc1\xb4he and is", "en" },	/* an over-long 't' reads 't' */
	{ "he and is", NULL },
	{ "", NULL },
};

START_TEST(test_lang_edges)
{
	const char *got = ticket_lang_of_text(lang_rows[_i].text);
	const char *want = lang_rows[_i].want;

	ck_assert_msg((got == NULL) == (want == NULL) && (got == NULL ||
	    strcmp(got, want) == 0), "row %d: got %s, want %s", _i,
	    got != NULL ? got : "(none)", want != NULL ? want : "(none)");
}
END_TEST

/* The suite. */
static Suite *
scan_suite(void)
{
	Suite *s = suite_create("ticket_scan");
	TCase *tc = tcase_create("scan");

	tcase_add_loop_test(tc, test_scan, 0, NELEM(scan_rows));
	tcase_add_test(tc, test_scan_stop);
	tcase_add_test(tc, test_scan_lists);
	suite_add_tcase(s, tc);
	tc = tcase_create("edges");
	tcase_add_loop_test(tc, test_edges, 0, NELEM(edge_rows));
	tcase_add_loop_test(tc, test_lang_edges, 0, NELEM(lang_rows));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(scan_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
