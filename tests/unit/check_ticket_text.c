/* check_ticket_text.c - unit tests of ticket/ text scanning: agent
 * commands at the top of a mail, order IDs and links. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
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
	strv_free(v);
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
	/* ru */
	{ "Здравствуйте! Заказ №5512345 не выполняется уже три дня.",
	    "5512345" },
	{ "Номер заказа 5512345, деньги списали, а подписчиков нет",
	    "5512345" },
	{ "Мой заказ под номером 5512345 висит в обработке", "5512345" },
	{ "По заказу 778899 пришла только половина просмотров", "778899" },
	{ "В заказе #445566 указана неверная ссылка", "445566" },
	{ "Что с моими заказами? Заказы 111222 и 333444 стоят",
	    "111222|333444" },
	{ "ЗАКАЗ № 5512345", "5512345" },
	{ "Заказ за 500 рублей так и не выполнен", "" },
	/* uk */
	{ "Замовлення №774411 не виконано, гроші списано двічі", "774411" },
	{ "Номер замовлення: 774412, статус частково виконано", "774412" },
	{ "У замовленні 774413 неправильне посилання", "774413" },
	{ "Моє замовлення за номером 774414 скасовано", "774414" },
	/* es */
	{ "Hola, mi pedido 889900 sigue pendiente desde el lunes", "889900" },
	{ "Número de pedido: 889901. No he recibido nada.", "889901" },
	{ "El pedido nº 889902 aparece como completado", "889902" },
	{ "Mi orden #889903 está en proceso hace 3 días", "889903" },
	{ "Los pedidos 889904 y 889905 están cancelados",
	    "889904|889905" },
	{ "Hice un pedido de 1000 seguidores", "" },
	/* pt */
	{ "Olá, o número do pedido é 445566 e está pendente", "445566" },
	{ "Meu pedido nº 445567 não foi concluído", "445567" },
	{ "Pedido #445568: visualizações paradas em 0", "445568" },
	{ "A encomenda 445569 ainda não chegou", "445569" },
	/* de */
	{ "Meine Bestellung 771122 hängt seit gestern in Bearbeitung",
	    "771122" },
	{ "Bestellnummer: 998877, Status: storniert", "998877" },
	{ "Bestellnr. 998878 wurde nur teilweise geliefert", "998878" },
	{ "Die Bestell-Nr. 998879 ist ausstehend", "998879" },
	{ "Auftragsnummer 998880 ist abgeschlossen, aber nichts kam an",
	    "998880" },
	/* tr */
	{ "Merhaba, sipariş no 556677 hâlâ beklemede", "556677" },
	{ "Sipariş numarası: 556678, kısmen tamamlandı", "556678" },
	{ "556679 numaralı siparişim iptal edildi", "556679" },
	{ "#556680 nolu sipariş tamamlanmadı", "556680" },
	{ "Siparişim 556681 üç gündür işleniyor", "556681" },
	{ "SİPARİŞ NO: 556682", "556682" },
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
	/* the kinds of links panels take, pasted without a scheme */
	{ "пост: instagram.com/p/Cx1AbC/", "https://instagram.com/p/Cx1AbC/" },
	{ "канал t.me/mychannel, пост t.me/mychannel/42.",
	    "https://t.me/mychannel|https://t.me/mychannel/42" },
	{ "vídeo: youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ" },
	{ "Video m.youtube.com/watch?v=dQw4w9WgXcQ!",
	    "https://m.youtube.com/watch?v=dQw4w9WgXcQ" },
	{ "perfil www.tiktok.com/@usuario/video/72",
	    "https://www.tiktok.com/@usuario/video/72" },
	{ "gönderi (x.com/kullanici/status/17)",
	    "https://x.com/kullanici/status/17" },
	{ "сторінка www.my-shop.example/page",
	    "https://www.my-shop.example/page" },
	{ "https://t.me/a and t.me/a", "https://t.me/a" },
	{ "mail olena@t.me/x or instagram.com", "" },
	{ "notinstagram.com/p/1 and example.com/x", "" },
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

/* Sentences customers write; 1 when they tell the order's status. */
static const struct {
	const char	*lang;
	const char	*text;
	int		 want;
} status_rows[] = {
	{ "en", "My order is still pending", 1 },
	{ "en", "Status: In progress since Monday", 1 },
	{ "en", "It says Partial and nothing else happens", 1 },
	{ "en", "The order was COMPLETED but I got nothing", 1 },
	{ "en", "my order got canceled", 1 },
	{ "en", "Please help me with my order", 0 },
	{ "en", "please complete my order", 0 },
	{ "ru", "Заказ уже три дня в обработке", 1 },
	{ "ru", "В ожидании с понедельника", 1 },
	{ "ru", "Статус: выполнен, а подписчиков нет", 1 },
	{ "ru", "Заказ частично выполнен", 1 },
	{ "ru", "Заказ отменён, верните деньги", 1 },
	{ "ru", "Заказ ЗАВЕРШЁН, но просмотров 0", 1 },
	{ "ru", "Здравствуйте, помогите с заказом", 0 },
	{ "uk", "Замовлення в обробці вже тиждень", 1 },
	{ "uk", "Статус частково виконано", 1 },
	{ "uk", "Моє замовлення скасовано без причини", 1 },
	{ "uk", "Допоможіть будь ласка із замовленням", 0 },
	{ "es", "Mi pedido sigue pendiente", 1 },
	{ "es", "Aparece como Completado pero no llegó nada", 1 },
	{ "es", "Está en proceso desde ayer", 1 },
	{ "es", "El pedido fue cancelado", 1 },
	{ "es", "Quiero saber el estado del pedido", 1 },
	{ "es", "He estado esperando una respuesta", 0 },
	{ "pt", "O pedido está pendente há três dias", 1 },
	{ "pt", "Consta como concluído mas não recebi", 1 },
	{ "pt", "Pedido em andamento desde segunda", 1 },
	{ "pt", "Meu pedido foi cancelado", 1 },
	{ "pt", "Preciso de ajuda com meu pedido", 0 },
	{ "de", "Die Bestellung ist seit Tagen ausstehend", 1 },
	{ "de", "Status: In Bearbeitung", 1 },
	{ "de", "Nur teilweise geliefert", 1 },
	{ "de", "Die Bestellung wurde storniert", 1 },
	{ "de", "Bitte helfen Sie mir mit meiner Bestellung", 0 },
	{ "tr", "Siparişim üç gündür beklemede", 1 },
	{ "tr", "Sipariş İŞLENİYOR görünüyor", 1 },
	{ "tr", "Sipariş kısmen tamamlandı", 1 },
	{ "tr", "Siparişim iptal edildi", 1 },
	{ "tr", "Siparişimin durumu nedir?", 1 },
	{ "tr", "Siparişimle ilgili yardım istiyorum", 0 },
	{ "--", "", 0 },
};

START_TEST(test_mentions_status)
{
	int got = ticket_mentions_status(status_rows[_i].text);

	ck_assert_msg(got == status_rows[_i].want, "%s \"%s\": got %d, "
	    "want %d", status_rows[_i].lang, status_rows[_i].text, got,
	    status_rows[_i].want);
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
	strv_free(v);
	v = ticket_links(text);
	for (n = 0; v[n] != NULL; n++)
		;
	ck_assert_int_eq(n, 32);
	strv_free(v);
	v = ticket_order_ids(NULL);
	ck_assert_ptr_null(v[0]);
	strv_free(v);
	v = ticket_links(NULL);
	ck_assert_ptr_null(v[0]);
	strv_free(v);
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
	tcase_add_loop_test(tc, test_mentions_status, 0, NELEM(status_rows));
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
