/* details.c - the details an issue type needs (details_TYPE in the
 * configuration) and which of them a customer's text gives.
 *
 * A detail counts as given when: order_id - an order ID was found;
 * link - a public link; status - an order status word; service - a
 * service word (followers, likes, views, ...); current_count - a number
 * on a line with a word like "now", "current" or "start count";
 * payment_reference - a token of six or more letters and digits (with a
 * digit) on a line with a word like "transaction", "invoice" or
 * "reference"; amount - a number on a line with a currency; date - a
 * date in digits ("12.05.2026", "2026-05-12") or a word like
 * "yesterday"; method - a payment method's name; account - an e-mail
 * address or a user-name word followed by a name.  Each list of words
 * is in en, ru, uk, es, pt, de and tr.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

static const char *const detail_names[DT__MAX] = { "order_id", "service",
    "link", "status", "current_count", "payment_reference", "amount",
    "date", "method", "account" };

static const char *const service_stems[] = {
	"service", "follower", "like", "view", "subscriber", "comment",
	"member", "plays", "watch time", "retweet", "reel",
	"услуг", "подписчик", "лайк", "просмотр", "комментари",
	"участник",
	"послуг", "підписник", "вподоба", "перегляд", "коментар",
	"servicio", "seguidor", "me gusta", "visualizac", "visualizaç",
	"suscriptor", "comentario",
	"serviço", "servico", "curtida", "inscrito", "comentário",
	"dienst", "abonnent", "aufruf", "kommentar",
	"hizmet", "servis", "takipçi", "takipci", "beğeni", "begeni",
	"izlenme", "abone", "yorum",
	NULL
};

static const char *const count_stems[] = {
	"count", "now", "currently", "current", "start", "started at",
	"сейчас", "текущ", "стало", "было", "начал", "старт",
	"зараз", "поточн", "було", "стало", "початков",
	"ahora", "actual", "inicio", "inicial", "tengo",
	"agora", "atual", "inicial", "tenho",
	"jetzt", "aktuell", "derzeit", "start", "anfang",
	"şu an", "su an", "şimdi", "simdi", "mevcut", "başlangıç",
	"baslangic",
	NULL
};

static const char *const reference_stems[] = {
	"transaction", "txid", "tx", "reference", "ref", "invoice",
	"receipt", "payment id", "hash",
	"транзакц", "чек", "квитанц", "номер платеж", "счет", "счёт",
	"рахун", "квитанц", "номер платіж",
	"transacci", "referencia", "factura", "recibo", "comprobante",
	"transação", "transacao", "referência", "comprovante", "fatura",
	"transaktion", "referenz", "rechnung", "beleg", "verwendungszweck",
	"işlem", "islem", "dekont", "referans", "fatura",
	NULL
};

static const char *const currency_stems[] = {
	"usd", "eur", "rub", "uah", "brl", "gbp", "usdt", "btc",
	"dollar", "euro", "руб", "грн", "гривн", "доллар", "евро",
	"dólar", "dolar", "reais", "lira", "tl",
	NULL
};

static const char *const date_stems[] = {
	"today", "yesterday", "last week", "january", "february", "march",
	"april", "may ", "june", "july", "august", "september", "october",
	"november", "december",
	"сегодня", "вчера", "позавчера", "январ", "феврал", "март", "апрел",
	"мая", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
	"декабр",
	"сьогодні", "вчора", "позавчора",
	"hoy", "ayer", "anteayer", "hoje", "ontem", "anteontem",
	"heute", "gestern", "vorgestern",
	"bugün", "bugun", "dün", "dun ",
	NULL
};

static const char *const method_stems[] = {
	"paypal", "card", "visa", "mastercard", "crypto", "bitcoin", "btc",
	"usdt", "ethereum", "payeer", "perfect money", "perfectmoney",
	"webmoney", "qiwi", "yoomoney", "skrill", "stripe", "binance",
	"coinbase", "apple pay", "google pay", "bank transfer", "wire",
	"карт", "крипт", "юмани", "перевод", "сбп",
	"картк", "переказ", "приват",
	"tarjeta", "transferencia", "pix", "boleto", "cartão", "cartao",
	"transferência", "karte", "kreditkarte", "überweisung", "sofort",
	"kart", "havale", "eft", "papara",
	NULL
};

static const char *const user_stems[] = {
	"username", "user name", "user:", "login:", "account name",
	"логин", "имя пользователя", "логін", "ім'я користувача",
	"usuario", "usuário", "benutzername", "nutzername",
	"kullanıcı adı", "kullanici adi",
	NULL
};

/* "order_id", "service", ... */
const char *
ticket_detail_name(enum ticket_detail d)
{
	return (unsigned)d < DT__MAX ? detail_names[d] : "";
}

/* The detail of a name; -1 when none. */
int
ticket_detail_parse(const char *s, enum ticket_detail *d)
{
	int i = tk_name_index(detail_names, DT__MAX, s);

	if (i >= 0)
		*d = (enum ticket_detail)i;
	return i >= 0 ? 0 : -1;
}

/* 1 when s holds a run of at least min letters and digits with a digit
 * in it (min 1: any digit). */
static int
has_token(const char *s, size_t min)
{
	size_t run = 0;
	int digit = 0;

	for (;; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '-' || c == '_') {
			run++;
			digit |= c >= '0' && c <= '9';
			continue;
		}
		if (run >= min && digit)
			return 1;
		if (c == '\0')
			return 0;
		run = 0;
		digit = 0;
	}
}

/* 1 when one line of text has one of stems and a token of at least min
 * characters with a digit. */
static int
line_with(const char *text, const char *const *stems, size_t min)
{
	const char *p;
	char *line;
	int hit = 0;

	for (p = text; *p != '\0' && !hit; p = tk_next_line(p)) {
		line = xstrndup(p, tk_line_len(p));
		hit = tk_has_stem(line, stems) && has_token(line, min);
		free(line);
	}
	return hit;
}

/* A date in digits: d.m.y, d/m/y, y-m-d (not inside a longer number). */
static int
has_date(const char *text)
{
	const char *s;
	size_t a, b, c;

	for (s = text; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || (s > text && ((s[-1] >= '0' &&
		    s[-1] <= '9') || s[-1] == '.' || s[-1] == '/' ||
		    s[-1] == '-')))
			continue;
		a = strspn(s, "0123456789");
		if (a > 4 || s[a] == '\0' || strchr("./-", s[a]) == NULL)
			continue;
		b = strspn(s + a + 1, "0123456789");
		if (b < 1 || b > 2 || s[a + 1 + b] != s[a])
			continue;
		c = strspn(s + a + b + 2, "0123456789");
		if (c >= 2 && c <= 4)
			return 1;
	}
	return 0;
}

/* A number on a line with a currency sign (before or after it) or the
 * word of one. */
static int
has_amount(const char *text)
{
	static const char *const signs[] = { "$", "€", "£", "₽", "₺", "₴",
	    "₹", NULL };
	const char *p;
	char *line;
	size_t i;
	int hit = 0;

	for (p = text; *p != '\0' && !hit; p = tk_next_line(p)) {
		line = xstrndup(p, tk_line_len(p));
		if (has_token(line, 1)) {
			for (i = 0; signs[i] != NULL && !hit; i++)
				hit = strstr(line, signs[i]) != NULL;
			hit = hit || tk_has_stem(line, currency_stems);
		}
		free(line);
	}
	return hit;
}

/* An e-mail address: local@domain.tld. */
static int
has_email(const char *s)
{
	const char *at, *dot;

	for (at = strchr(s, '@'); at != NULL; at = strchr(at + 1, '@')) {
		if (at == s || strchr(" \t\n<(", at[-1]) != NULL)
			continue;
		dot = at + 1 + strcspn(at + 1, ". \t\n>)");
		if (*dot == '.' && dot > at + 1 && dot[1] != '\0' &&
		    strchr(" \t\n", dot[1]) == NULL)
			return 1;
	}
	return 0;
}

/* The details text gives, as a mask of 1 << DT_*; orders and links are
 * what ticket_order_ids() and ticket_links() found in it (may be NULL). */
unsigned
ticket_details_found(const char *text, const char *const *orders,
    const char *const *links)
{
	unsigned m = 0;

	if (orders != NULL && orders[0] != NULL)
		m |= 1u << DT_ORDER_ID;
	if (links != NULL && links[0] != NULL)
		m |= 1u << DT_LINK;
	if (text == NULL)
		return m;
	if (ticket_mentions_status(text))
		m |= 1u << DT_STATUS;
	if (tk_has_stem(text, service_stems))
		m |= 1u << DT_SERVICE;
	if (line_with(text, count_stems, 1))
		m |= 1u << DT_CURRENT_COUNT;
	if (line_with(text, reference_stems, 6))
		m |= 1u << DT_PAYMENT_REFERENCE;
	if (has_amount(text))
		m |= 1u << DT_AMOUNT;
	if (has_date(text) || tk_has_stem(text, date_stems))
		m |= 1u << DT_DATE;
	if (tk_has_stem(text, method_stems))
		m |= 1u << DT_METHOD;
	if (has_email(text) || tk_has_stem(text, user_stems))
		m |= 1u << DT_ACCOUNT;
	return m;
}

/* The details configured for type t, as a mask. */
unsigned
ticket_details_required(enum issue_type t, const struct conf *cf)
{
	enum ticket_detail d;
	unsigned m = 0;
	size_t i;

	if (cf == NULL || (unsigned)t >= IT__MAX)
		return 0;
	for (i = 0; i < cf->cf_details[t].sl_n; i++)
		if (ticket_detail_parse(cf->cf_details[t].sl_v[i], &d) == 0)
			m |= 1u << d;
	return m;
}

/* The names of the details of mask, in order (free with
 * strv_free). */
char **
ticket_details_names(unsigned mask)
{
	struct tk_strv sv = { NULL, 0, 0 };
	int d;

	for (d = 0; d < DT__MAX; d++)
		if (mask & (1u << d))
			tk_strv_add(&sv, detail_names[d],
			    strlen(detail_names[d]));
	return tk_strv_finish(&sv);
}

/* The mask of a list of names (unknown ones ignored). */
unsigned
ticket_details_mask(const char *const *names)
{
	enum ticket_detail d;
	unsigned m = 0;
	size_t i;

	for (i = 0; names != NULL && names[i] != NULL; i++)
		if (ticket_detail_parse(names[i], &d) == 0)
			m |= 1u << d;
	return m;
}
