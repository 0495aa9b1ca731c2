/* check_ticket_customer.c - unit tests of ticket/ on the customer's side:
 * the subject made from a first line, "#close", issue types, the details
 * a type needs and the language of a text. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "common/xalloc.h"
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
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
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


/* --- issue types ----------------------------------------------------- */

static const struct {
	const char	*text;
	const char	*want;
} issue_rows[] = {
	/* en */
	{ "My order 55123 has not started yet, it is still pending.",
	    "order" },
	{ "Please refill order 7781, the followers dropped after a week.",
	    "refill" },
	{ "I want to cancel order 4410 and get a refund to my balance.",
	    "cancel" },
	{ "The order is very slow, only 200 of 5000 delivered in 3 days.",
	    "speed" },
	{ "My followers dropped from 10k to 8k overnight.", "drop" },
	{ "I paid 25 USD with PayPal but my balance was not updated.",
	    "payment" },
	{ "I cannot log in to my account, it says wrong password.",
	    "account" },
	{ "Do you have an affiliate program?", "other" },
	/* ru */
	{ "Здравствуйте, заказ 99817 так и не запустился.", "order" },
	{ "Сделайте, пожалуйста, рефилл по заказу 5512, подписчики ушли.",
	    "refill" },
	{ "Прошу отменить заказ 1203 и вернуть деньги на баланс.",
	    "cancel" },
	{ "Заказ выполняется очень медленно, за сутки всего 100 лайков.",
	    "speed" },
	{ "У меня списали 3000 подписчиков за два дня.", "drop" },
	{ "Оплатил через карту 1500 рублей, но баланс не пополнился.",
	    "payment" },
	{ "Не могу войти в аккаунт, пишет неверный пароль.", "account" },
	/* uk */
	{ "Моє замовлення 4821 досі не виконане.", "order" },
	{ "Будь ласка, зробіть рефіл для замовлення 3310.", "refill" },
	{ "Прошу скасувати замовлення 7720.", "cancel" },
	{ "Замовлення виконується дуже повільно.", "speed" },
	{ "Підписники впали з 5000 до 3000.", "drop" },
	{ "Я оплатив 500 грн карткою, але кошти не зарахували.",
	    "payment" },
	{ "Не можу увійти в обліковий запис.", "account" },
	/* es */
	{ "Mi pedido 30211 sigue sin empezar.", "order" },
	{ "¿Pueden hacer la reposición del pedido 8812? Bajaron los "
	    "seguidores.", "refill" },
	{ "Quiero cancelar el pedido 6610 y recibir un reembolso.",
	    "cancel" },
	{ "El pedido va muy lento, solo llegaron 300 visitas.", "speed" },
	{ "Mis seguidores bajaron de 2000 a 1500.", "drop" },
	{ "Hice un pago de 20 dólares y no se reflejó en mi saldo.",
	    "payment" },
	{ "No puedo acceder a mi cuenta, olvidé la contraseña.",
	    "account" },
	/* pt */
	{ "Meu pedido 51234 ainda não foi entregue.", "order" },
	{ "Podem fazer a reposição do pedido 1209?", "refill" },
	{ "Quero cancelar o pedido 7001 e receber reembolso.", "cancel" },
	{ "O pedido está muito lento, chegaram só 50 curtidas.", "speed" },
	{ "Meus seguidores caíram de 800 para 600.", "drop" },
	{ "Fiz o pagamento via Pix de R$ 50 e o saldo não apareceu.",
	    "payment" },
	{ "Não consigo acessar minha conta, a senha não funciona.",
	    "account" },
	/* de */
	{ "Meine Bestellung 40012 ist immer noch nicht gestartet.",
	    "order" },
	{ "Bitte die Nachfüllung für Bestellung 2231 starten.", "refill" },
	{ "Ich möchte die Bestellung 9931 stornieren.", "cancel" },
	{ "Die Bestellung läuft sehr langsam, erst 100 von 1000.",
	    "speed" },
	{ "Meine Follower sind von 5000 auf 4200 gesunken.", "drop" },
	{ "Ich habe 30 EUR bezahlt, aber mein Guthaben ist leer.",
	    "payment" },
	{ "Ich kann mich nicht in mein Konto einloggen.", "account" },
	/* tr */
	{ "Siparişim 62001 hâlâ başlamadı.", "order" },
	{ "62010 numaralı sipariş için telafi yapar mısınız?", "refill" },
	{ "Siparişimi iptal edip iade istiyorum.", "cancel" },
	{ "Sipariş çok yavaş ilerliyor.", "speed" },
	{ "Takipçilerim 3000'den 2500'e düştü.", "drop" },
	{ "Papara ile 200 TL ödeme yaptım ama bakiyeme yansımadı.",
	    "payment" },
	{ "Hesabıma giriş yapamıyorum, şifre hatalı diyor.", "account" },
};

START_TEST(test_issue_text)
{
	const char *got = ticket_issue_name(
	    ticket_issue_of_text(issue_rows[_i].text));

	ck_assert_msg(strcmp(got, issue_rows[_i].want) == 0,
	    "row %d (%s): got %s, want %s", _i, issue_rows[_i].text, got,
	    issue_rows[_i].want);
}
END_TEST

/* Recipients first: the configured map, then a +detail or local part
 * naming a type, only on a support address. */
static const struct {
	const char	*rcpt;
	const char	*want;		/* NULL: none */
} issue_rcpt_rows[] = {
	{ "refill@example.com", "refill" },
	{ "help+pay@example.com", "payment" },
	{ "support+payment@example.com", "payment" },
	{ "support+Cancel@example.com", "cancel" },
	{ "support@example.com", NULL },
	{ "support+billing@example.com", NULL },
	{ "drop@elsewhere.example", NULL },
	{ "money@example.com", "payment" },
};

START_TEST(test_issue_rcpt)
{
	struct conf *cf;
	enum issue_type t;
	const char *r = issue_rcpt_rows[_i].rcpt, *want, *got;
	char err[256];

	cf = conf_load_string("support_addresses = @example.com\n"
	    "issue_type_addresses = help+pay@example.com:payment, "
	    "money@example.com:payment\n", "test", err, sizeof(err));
	ck_assert_msg(cf != NULL, "got error %s", err);
	want = issue_rcpt_rows[_i].want;
	got = ticket_issue_of_rcpts(&r, 1, cf, &t) == 0 ?
	    ticket_issue_name(t) : NULL;
	ck_assert_msg((got == NULL) == (want == NULL) &&
	    (got == NULL || strcmp(got, want) == 0), "%s: got %s, want %s",
	    r, got ? got : "(none)", want ? want : "(none)");
	conf_unref(cf);
}
END_TEST

/* The subject's specific type wins over the text's plain order. */
START_TEST(test_issue_of)
{
	const char *none = "support@example.com";

	ck_assert_str_eq(ticket_issue_name(ticket_issue_of("Refill request",
	    "Order 123 please", &none, 1, NULL)), "refill");
	ck_assert_str_eq(ticket_issue_name(ticket_issue_of("Order 5",
	    "I want a refund", &none, 1, NULL)), "cancel");
	ck_assert_str_eq(ticket_issue_name(ticket_issue_of("My order", "hi",
	    &none, 1, NULL)), "order");
	ck_assert_str_eq(ticket_issue_name(ticket_issue_of("", "",
	    NULL, 0, NULL)), "other");
}
END_TEST

/* --- details --------------------------------------------------------- */

static const struct {
	const char	*text;
	const char	*want;		/* detail names, '|'-joined */
} detail_rows[] = {
	{ "Hello", "" },
	{ "The service is Instagram followers, status pending.",
	    "service|status" },
	{ "Start count was 1200, now it shows 1100.", "current_count" },
	{ "Сейчас 350 подписчиков.", "service|current_count" },
	{ "Transaction ID: 8H7623450K1234567", "payment_reference" },
	{ "Номер транзакции 4f9a2c71e0", "payment_reference" },
	{ "Transaction ID: pending", "status" },
	{ "I paid 25 USD", "amount" },
	{ "Pagué 20 € ayer", "amount|date" },
	{ "Оплатил 1500 руб. 12.05.2026 картой",
	    "amount|date|method" },
	{ "on 2026-05-12 via PayPal", "date|method" },
	{ "Ödeme Papara ile dün yapıldı", "date|method" },
	{ "my login is ann@example.org", "account" },
	{ "Benutzername: annika", "account" },
	{ "version 1.2.3 and 10.5 percent", "" },
	{ "https://example.org/p/1 is stuck", "status" },
};

START_TEST(test_details_found)
{
	char got[256] = "", **names;
	size_t i;

	names = ticket_details_names(ticket_details_found(
	    detail_rows[_i].text, NULL, NULL));
	for (i = 0; names[i] != NULL; i++) {
		if (i > 0)
			strcat(got, "|");
		strcat(got, names[i]);
	}
	strv_free(names);
	ck_assert_msg(strcmp(got, detail_rows[_i].want) == 0,
	    "row %d (%s): got %s, want %s", _i, detail_rows[_i].text, got,
	    detail_rows[_i].want);
}
END_TEST

/* Order IDs and links come from extract.c's lists; the defaults are the
 * panels' lists; names and masks go both ways. */
START_TEST(test_details_required)
{
	static const char *const orders[] = { "123", NULL };
	static const char *const links[] = { "https://x.example/a", NULL };
	char err[256], **names;
	struct conf *cf = conf_load_string("", "test", err, sizeof(err));
	unsigned m;

	ck_assert_uint_eq(ticket_details_found("", orders, links),
	    (1u << DT_ORDER_ID) | (1u << DT_LINK));
	m = ticket_details_required(IT_ORDER, cf);
	names = ticket_details_names(m);
	ck_assert_str_eq(names[0], "order_id");
	ck_assert_str_eq(names[1], "service");
	ck_assert_str_eq(names[2], "link");
	ck_assert_str_eq(names[3], "status");
	ck_assert_ptr_null(names[4]);
	ck_assert_uint_eq(ticket_details_mask((const char *const *)names), m);
	strv_free(names);
	ck_assert_uint_eq(ticket_details_required(IT_PAYMENT, cf),
	    (1u << DT_PAYMENT_REFERENCE) | (1u << DT_AMOUNT) |
	    (1u << DT_DATE) | (1u << DT_METHOD));
	ck_assert_uint_eq(ticket_details_required(IT_REFILL, cf),
	    (1u << DT_ORDER_ID) | (1u << DT_CURRENT_COUNT));
	ck_assert_int_eq(ticket_conf_check(cf, err, sizeof(err)), 0);
	conf_unref(cf);
	cf = conf_load_string("details_refill = order_id, colour\n", "test",
	    err, sizeof(err));
	ck_assert_int_eq(ticket_conf_check(cf, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "colour") != NULL, "got %s", err);
	conf_unref(cf);
	cf = conf_load_string("issue_type_addresses = a@b.example:bogus\n",
	    "test", err, sizeof(err));
	ck_assert_int_eq(ticket_conf_check(cf, err, sizeof(err)), -1);
	conf_unref(cf);
}
END_TEST


/* --- languages ------------------------------------------------------- */

static const struct {
	const char	*text;
	const char	*want;		/* NULL: the text does not say */
} lang_rows[] = {
	{ "Hello, my order 55123 is still pending. Can you check it please?",
	    "en" },
	{ "I paid for the refill but nothing happened, and the followers are "
	    "still dropping.", "en" },
	{ "Thanks for the quick answer, it works now.", "en" },
	{ "Здравствуйте! Мой заказ 99817 уже три дня висит в статусе "
	    "«в процессе». Что с ним?", "ru" },
	{ "Пожалуйста, отмените заказ и верните деньги на баланс.", "ru" },
	{ "Спасибо, всё пришло.", "ru" },
	{ "Вітаю! Моє замовлення 4821 досі не виконане, що сталося?", "uk" },
	{ "Будь ласка, поверніть кошти, бо підписники так і не прийшли.",
	    "uk" },
	{ "Дякую, все прийшло, тепер усе працює.", "uk" },
	{ "Hola, mi pedido 30211 sigue sin empezar. ¿Pueden revisarlo?",
	    "es" },
	{ "Pagué con tarjeta pero el saldo no se actualizó, gracias.", "es" },
	{ "Olá, meu pedido 51234 ainda não foi entregue. Vocês podem "
	    "verificar?", "pt" },
	{ "Fiz o pagamento com Pix mas o saldo não caiu na minha conta.",
	    "pt" },
	{ "Hallo, meine Bestellung 40012 ist noch nicht gestartet. Können "
	    "Sie das bitte prüfen?", "de" },
	{ "Ich habe die Zahlung gemacht, aber das Guthaben ist nicht da.",
	    "de" },
	{ "Merhaba, siparişim 62001 hâlâ başlamadı. Kontrol eder misiniz?",
	    "tr" },
	{ "Ödeme yaptım ama bakiyeme yansımadı, lütfen yardımcı olun.",
	    "tr" },
	{ "12345", NULL },
	{ "ok", NULL },
	{ "", NULL },
	{ "https://instagram.com/p/abc123", NULL },
};

START_TEST(test_lang_text)
{
	const char *got = ticket_lang_of_text(lang_rows[_i].text);
	const char *want = lang_rows[_i].want;

	ck_assert_msg((got == NULL) == (want == NULL) &&
	    (got == NULL || strcmp(got, want) == 0),
	    "row %d (%s): got %s, want %s", _i, lang_rows[_i].text,
	    got ? got : "(none)", want ? want : "(none)");
}
END_TEST

/* The recipient, then the text, then Content-Language, then
 * default_language. */
START_TEST(test_language)
{
	const char *ru = "support-ru@example.com";
	const char *plain = "support@example.com";
	char err[256];
	struct conf *cf = conf_load_string("support_addresses = @example.com\n"
	    "language_addresses = support-ru@example.com:ru\n"
	    "default_language = de\n", "test", err, sizeof(err));

	ck_assert_msg(cf != NULL, "got error %s", err);
	ck_assert_int_eq(ticket_conf_check(cf, err, sizeof(err)), 0);
	ck_assert_str_eq(ticket_language("Hello, my order is late and I "
	    "need it", NULL, &ru, 1, cf), "ru");
	ck_assert_str_eq(ticket_language("Hola, mi pedido no llegó y ya "
	    "pagué", "en", &plain, 1, cf), "es");
	ck_assert_str_eq(ticket_language("12345", "pt-BR, en", &plain, 1, cf),
	    "pt");
	ck_assert_str_eq(ticket_language("12345", "fr, uk", &plain, 1, cf),
	    "uk");
	ck_assert_str_eq(ticket_language("12345", "fr", &plain, 1, cf), "de");
	ck_assert_str_eq(ticket_language("12345", NULL, NULL, 0, NULL), "en");
	ck_assert_ptr_null(ticket_lang_known("fr"));
	ck_assert_str_eq(ticket_lang_known("TR"), "tr");
	conf_unref(cf);
	cf = conf_load_string("default_language = fr\n", "test", err,
	    sizeof(err));
	ck_assert_int_eq(ticket_conf_check(cf, err, sizeof(err)), -1);
	conf_unref(cf);
	cf = conf_load_string("language_addresses = a@b.example:xx\n", "test",
	    err, sizeof(err));
	ck_assert_int_eq(ticket_conf_check(cf, err, sizeof(err)), -1);
	conf_unref(cf);
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
	tc = tcase_create("issue");
	tcase_add_loop_test(tc, test_issue_text, 0, NELEM(issue_rows));
	tcase_add_loop_test(tc, test_issue_rcpt, 0, NELEM(issue_rcpt_rows));
	tcase_add_test(tc, test_issue_of);
	suite_add_tcase(s, tc);
	tc = tcase_create("details");
	tcase_add_loop_test(tc, test_details_found, 0, NELEM(detail_rows));
	tcase_add_test(tc, test_details_required);
	suite_add_tcase(s, tc);
	tc = tcase_create("language");
	tcase_add_loop_test(tc, test_lang_text, 0, NELEM(lang_rows));
	tcase_add_test(tc, test_language);
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
