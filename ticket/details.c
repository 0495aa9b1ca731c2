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
 *
 * The order's status is told when one of the words a panel shows for it
 * appears (pending, processing, in progress, partial, completed,
 * canceled, and their words in ru, uk, es, pt, de, tr, inflected).
 *
 * One pass over the text (tk_scan_text) looks for the words of every
 * list; a word of a list that needs a number on its line has that line
 * checked when it is found.
 */
#include "config.h"

#include <pthread.h>
#include <string.h>

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

/* Words that tell the state of an order as a panel shows it (pending,
 * processing, in progress, partial, completed, canceled, refunded) or
 * name it ("status"), in lower case.  A stem ends in '*' and takes any
 * ending ("частичн*": частично, частичный); the others stand whole. */
static const char *const status_words[] = {
	/* en */
	"status", "state of the order", "pending", "processing",
	"in progress", "partial", "partially", "completed",
	"canceled", "cancelled", "refunded", "stuck",
	/* ru */
	"статус*", "в ожидании", "ожидает", "ожидание", "в обработке",
	"обрабатывается", "в процессе", "выполняется", "частичн*",
	"выполнен", "выполнена", "выполнено", "завершен*", "завершён*",
	"отменен*", "отменён*", "возвращен*",
	/* uk */
	"очікує", "в очікуванні", "в обробці", "обробляється",
	"виконується", "в процесі", "частков*", "виконано", "виконаний",
	"виконане", "завершено", "скасован*", "скасоване",
	/* es */
	"estado del pedido", "estado de mi pedido", "estado de la orden",
	"pendiente*", "procesando", "en proceso", "en progreso", "en curso",
	"parcial*", "completad*", "cancelad*", "reembolsad*",
	/* pt */
	"estado do pedido", "status do pedido", "pendente*", "processando",
	"em processamento", "em andamento", "em progresso", "concluíd*",
	"concluid*", "completo", "estornad*",
	/* de */
	"zustand", "ausstehend*", "in bearbeitung", "wird bearbeitet",
	"in arbeit", "teilweise", "teilgeliefert", "abgeschlossen",
	"erledigt", "storniert", "abgebrochen", "erstattet", "zurückerstattet",
	/* tr */
	"durum*", "beklemede", "bekliyor", "işleniyor", "işlemde",
	"devam ediyor", "kısmen", "kismen", "kısmi", "tamamlandı",
	"tamamlandi", "tamamlanmış", "tamamlanmadı", "iptal edil*",
	"iade edil*",
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

/* 1 when s[0..n) holds a run of at least min letters and digits with a
 * digit in it (min 1: any digit). */
static int
has_token(const char *s, size_t n, size_t min)
{
	size_t run = 0, i;
	int digit = 0;

	for (i = 0;; i++) {
		unsigned char c = i < n ? (unsigned char)s[i] : '\0';

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '-' || c == '_') {
			run++;
			digit |= c >= '0' && c <= '9';
			continue;
		}
		if (run >= min && digit)
			return 1;
		if (i >= n)
			return 0;
		run = 0;
		digit = 0;
	}
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

/* Currency signs: found anywhere, not only where a word starts. */
static const char *const currency_signs[] = { "$", "€", "£", "₽", "₺",
    "₴", "₹", NULL };

/* The lists of one scan, and the detail a word of each tells. */
enum { DL_STATUS, DL_SERVICE, DL_COUNT, DL_REFERENCE, DL_CURRENCY, DL_SIGN,
    DL_DATE, DL_METHOD, DL_USER };
static const struct {
	const char *const	*stems;
	enum ticket_detail	 detail;
	size_t			 token;		/* a token of this many on
						 * its line; 0: none needed */
} detail_lists[] = {
	[DL_STATUS] = { status_words, DT_STATUS, 0 },
	[DL_SERVICE] = { service_stems, DT_SERVICE, 0 },
	[DL_COUNT] = { count_stems, DT_CURRENT_COUNT, 1 },
	[DL_REFERENCE] = { reference_stems, DT_PAYMENT_REFERENCE, 6 },
	[DL_CURRENCY] = { currency_stems, DT_AMOUNT, 1 },
	[DL_SIGN] = { currency_signs, DT_AMOUNT, 1 },
	[DL_DATE] = { date_stems, DT_DATE, 0 },
	[DL_METHOD] = { method_stems, DT_METHOD, 0 },
	[DL_USER] = { user_stems, DT_ACCOUNT, 0 },
};

_Static_assert(NELEM(status_words) + NELEM(service_stems) +
    NELEM(count_stems) + NELEM(reference_stems) + NELEM(currency_stems) +
    NELEM(currency_signs) + NELEM(date_stems) + NELEM(method_stems) +
    NELEM(user_stems) <= TK_SCAN_WORDS, "the detail words fit one scan");

/* The status words alone, and every list of detail_lists, filed once
 * for every thread. */
static struct tk_scan status_scan, details_scan;
static pthread_once_t details_once = PTHREAD_ONCE_INIT;

/* Files the words of status_scan and details_scan. */
static void
details_file(void)
{
	size_t i;

	tk_scan_init(&status_scan);
	tk_scan_add(&status_scan, status_words, DL_STATUS, 0);
	tk_scan_init(&details_scan);
	for (i = 0; i < NELEM(detail_lists); i++)
		tk_scan_add(&details_scan, detail_lists[i].stems, (unsigned)i,
		    i == DL_SIGN ? TK_SCAN_ANYWHERE : 0);
}

/* 1 when the status word of h stands as a word: a stem ('*') where a
 * word starts, any other word whole; never from a letter written in an
 * over-long form. */
static int
status_hit(const char *text, const struct tk_hit *h)
{
	size_t len = strlen(h->h_word);

	if (!tk_utf8_shortest(h->h_at))
		return 0;
	if (h->h_word[len - 1] == '*')
		return tk_word_start(text, h->h_at);
	return tk_word_at(text, h->h_at, h->h_len);
}

/* tk_scan_text callback of ticket_mentions_status: 1 ends the scan. */
static int
status_only_hit(void *arg, const struct tk_hit *h)
{
	return status_hit(arg, h);
}

/* 1 when text tells the order's status in one of the customers'
 * languages (any case, at word boundaries). */
int
ticket_mentions_status(const char *text)
{
	if (text == NULL)
		return 0;
	pthread_once(&details_once, details_file);
	return tk_scan_text(&status_scan, text, status_only_hit,
	    (void *)text);
}

/* What the scan of ticket_details_found knows: the details found, and
 * the line of the last word that needed a token on its line. */
struct details_found {
	const char	*df_text;
	unsigned	 df_mask;
	const char	*df_line;	/* NULL before the first such word */
	size_t		 df_len;	/* without its end of line */
	const char	*df_next;	/* where the line after it starts */
	int		 df_token[2];	/* has_token of the line, for 1
					 * and 6 characters; -1: not yet */
};

/* Moves df to the line of text that p is on (p at or after it). */
static void
details_line(struct details_found *df, const char *p)
{
	const char *s = p, *lo = df->df_line != NULL ? df->df_next :
	    df->df_text;

	if (df->df_line != NULL && p < df->df_next)
		return;
	while (s > lo && s[-1] != '\n')
		s--;
	df->df_line = s;
	df->df_len = tk_line_len(s);
	df->df_next = tk_next_line(s);
	df->df_token[0] = df->df_token[1] = -1;
}

/* Does the line of df hold a token of min (1 or 6) characters?  Each
 * line is looked at once for each. */
static int
details_token(struct details_found *df, size_t min)
{
	int *t = &df->df_token[min > 1];

	if (*t < 0)
		*t = has_token(df->df_line, df->df_len, min);
	return *t;
}

/* tk_scan_text callback of ticket_details_found. */
static int
details_hit(void *arg, const struct tk_hit *h)
{
	struct details_found *df = arg;
	unsigned bit = 1u << detail_lists[h->h_list].detail;
	size_t token = detail_lists[h->h_list].token;

	if (df->df_mask & bit)
		return 0;
	if (h->h_list == DL_STATUS && !status_hit(df->df_text, h))
		return 0;
	if (h->h_list == DL_SIGN && !tk_utf8_shortest(h->h_at))
		return 0;	/* the sign's own bytes, not a longer form */
	if (token > 0) {
		details_line(df, h->h_at);
		if (!details_token(df, token))
			return 0;
	}
	df->df_mask |= bit;
	return 0;
}

/* The details text gives, as a mask of 1 << DT_*; orders and links are
 * what ticket_order_ids() and ticket_links() found in it (may be NULL). */
unsigned
ticket_details_found(const char *text, const char *const *orders,
    const char *const *links)
{
	struct details_found df = { text, 0, NULL, 0, NULL, { -1, -1 } };

	if (orders != NULL && orders[0] != NULL)
		df.df_mask |= 1u << DT_ORDER_ID;
	if (links != NULL && links[0] != NULL)
		df.df_mask |= 1u << DT_LINK;
	if (text == NULL)
		return df.df_mask;
	pthread_once(&details_once, details_file);
	tk_scan_text(&details_scan, text, details_hit, &df);
	if (has_date(text))
		df.df_mask |= 1u << DT_DATE;
	if (has_email(text))
		df.df_mask |= 1u << DT_ACCOUNT;
	return df.df_mask;
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
