/* issue.c - the issue type of a new ticket: order, refill, cancel, speed,
 * drop, payment, account or other.
 *
 * From the recipient first: an issue_type_addresses entry
 * ("refill@example.com:refill"), or a support address whose +detail or
 * local part is a type's name ("support+payment@", "refill@").  Else from
 * the text: the stems of each type's words in en, ru, uk, es, pt, de and
 * tr are counted where they start a word; a specific type's word counts
 * twice, a plain order word once; the highest score wins, ties going to
 * the earlier type of score_order; nothing found is "other".
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

static const char *const issue_names[IT__MAX] = { "order", "refill",
    "cancel", "speed", "drop", "payment", "account", "other" };

static const char *const order_stems[] = {
	"order", "not delivered", "not started", "never started",
	"заказ", "замовлен",
	"pedido", "orden",
	"encomenda",
	"bestellung", "auftrag",
	"sipariş", "siparis",
	NULL
};

static const char *const refill_stems[] = {
	"refill", "re-fill", "refil",
	"рефил", "восстановлени", "восстановить", "докрут",
	"рефіл", "відновлен", "відновіть",
	"reposición", "reposicion", "reponer", "rellenar",
	"reposição", "reposicao",
	"nachfüll", "auffüll", "wiederauffüll", "nachliefer",
	"telafi", "yeniden doldur", "yenile",
	NULL
};

static const char *const cancel_stems[] = {
	"cancel", "refund", "money back",
	"отмен", "отмените", "возврат",
	"скасу", "повернення коштів", "поверніть",
	"cancelar", "cancelación", "cancelacion", "reembolso", "anular",
	"cancelamento", "estorno", "devolução",
	"storn", "abbrechen", "rückerstattung", "erstatten", "zurückerstatt",
	"iptal", "iade", "geri ödeme",
	NULL
};

static const char *const speed_stems[] = {
	"slow", "speed", "partial", "partially", "too long", "taking long",
	"медленн", "скорост", "частично", "долго",
	"повільн", "швидк", "частков", "довго",
	"lento", "lenta", "velocidad", "parcial", "demora", "tarda",
	"devagar", "velocidade", "demorando",
	"langsam", "geschwindigkeit", "teilweise", "dauert",
	"yavaş", "yavas", "kısmen", "kismen", "kısmi", "uzun sür",
	NULL
};

static const char *const drop_stems[] = {
	"drop", "decreas", "went down", "disappear", "unfollow",
	"списал", "списани", "упал", "уменьшил", "пропал", "отписал",
	"отписк",
	"списан", "впав", "впал", "зменшил", "зникл", "відпис",
	"bajó", "bajo a", "bajaron", "caída", "caida", "desaparec",
	"caiu", "caíram", "cairam", "queda", "sumiram",
	"gesunken", "abgefallen", "weniger geworden",
	"verschwunden",
	"düştü", "dustu", "düşüş", "azaldı", "azaldi", "eksildi", "kayboldu",
	NULL
};

static const char *const payment_stems[] = {
	"payment", "paid", "pay ", "deposit", "add funds", "added funds",
	"top up", "top-up", "charged", "balance",
	"оплат", "платеж", "платёж", "пополн", "баланс", "заплатил",
	"списали деньги",
	"платіж", "поповн", "сплати", "сплатив", "оплатив", "кошти",
	"pago", "pagué", "pague", "depósito", "deposito", "saldo", "cobr",
	"pagamento", "paguei", "fundos",
	"zahlung", "bezahlt", "einzahlung", "guthaben", "aufladung",
	"überwiesen",
	"ödeme", "odeme", "ödedim", "odedim", "bakiye", "yükleme", "para yat",
	NULL
};

static const char *const account_stems[] = {
	"account", "log in", "login", "sign in", "password", "two-factor",
	"2fa", "api key", "banned", "suspended", "email address",
	"аккаунт", "логин", "войти", "вход в", "пароль", "учетн", "учётн",
	"заблокир",
	"акаунт", "обліков", "увійти", "вхід", "логін", "заблоков",
	"cuenta", "iniciar sesión", "contraseña", "acceder", "bloquead",
	"minha conta", "na conta", "da conta", "senha", "acessar",
	"entrar na", "bloqueada",
	"konto", "anmeld", "einlogg", "passwort", "zugang", "gesperrt",
	"hesap", "giriş", "giris", "şifre", "sifre", "parola",
	"engellen",
	NULL
};

/* The types that words name, in the order ties are broken. */
static const struct {
	enum issue_type		 it;
	const char *const	*stems;
	int			 weight;
} score_order[] = {
	{ IT_REFILL, refill_stems, 2 },
	{ IT_CANCEL, cancel_stems, 2 },
	{ IT_DROP, drop_stems, 2 },
	{ IT_SPEED, speed_stems, 2 },
	{ IT_PAYMENT, payment_stems, 2 },
	{ IT_ACCOUNT, account_stems, 2 },
	{ IT_ORDER, order_stems, 1 },
};

/* "order", "refill", ... */
const char *
ticket_issue_name(enum issue_type t)
{
	return (unsigned)t < IT__MAX ? issue_names[t] : "other";
}

/* The type of a name, case-insensitively; -1 when none. */
int
ticket_issue_parse(const char *s, enum issue_type *t)
{
	int i = tk_name_index(issue_names, IT__MAX, s);

	if (i >= 0)
		*t = (enum issue_type)i;
	return i >= 0 ? 0 : -1;
}

_Static_assert(NELEM(refill_stems) + NELEM(cancel_stems) +
    NELEM(drop_stems) + NELEM(speed_stems) + NELEM(payment_stems) +
    NELEM(account_stems) + NELEM(order_stems) <= TK_SCAN_WORDS,
    "the issue stems fit one scan");

/* The stems found so far and how many of each list. */
struct issue_count {
	unsigned char	ic_seen[TK_SCAN_WORDS];
	int		ic_n[NELEM(score_order)];
};

/* The stems of every type, filed once for every thread. */
static struct tk_scan issue_words;
static pthread_once_t issue_once = PTHREAD_ONCE_INIT;

/* Files the stems of score_order in issue_words. */
static void
issue_words_file(void)
{
	size_t i;

	tk_scan_init(&issue_words);
	for (i = 0; i < NELEM(score_order); i++)
		tk_scan_add(&issue_words, score_order[i].stems, (unsigned)i, 0);
}

/* tk_scan_text callback: counts each stem once. */
static int
issue_hit(void *arg, const struct tk_hit *h)
{
	struct issue_count *ic = arg;

	if (!ic->ic_seen[h->h_id]) {
		ic->ic_seen[h->h_id] = 1;
		ic->ic_n[h->h_list]++;
	}
	return 0;
}

/* The type the words of text point to; IT_OTHER when none do: one pass
 * counts the stems of every type. */
enum issue_type
ticket_issue_of_text(const char *text)
{
	enum issue_type best = IT_OTHER;
	struct issue_count ic;
	int top = 0, score;
	size_t i;

	if (text == NULL)
		return IT_OTHER;
	pthread_once(&issue_once, issue_words_file);
	memset(&ic, 0, sizeof(ic));
	tk_scan_text(&issue_words, text, issue_hit, &ic);
	for (i = 0; i < NELEM(score_order); i++) {
		score = ic.ic_n[i] * score_order[i].weight;
		if (score > top) {
			top = score;
			best = score_order[i].it;
		}
	}
	return best;
}

/* The type a support recipient names; -1 when none does. */
int
ticket_issue_of_rcpts(const char *const *rcpts, size_t n,
    const struct conf *cf, enum issue_type *t)
{
	char word[64];
	size_t i;

	for (i = 0; rcpts != NULL && i < n; i++) {
		if (cf != NULL && tk_addr_value(&cf->cf_issue_type_addresses,
		    rcpts[i], word, sizeof(word)) &&
		    ticket_issue_parse(word, t) == 0)
			return 0;
		if (!tk_is_support(rcpts[i], cf))
			continue;
		tk_addr_word(rcpts[i], word, sizeof(word));
		if (ticket_issue_parse(word, t) == 0)
			return 0;
	}
	return -1;
}

/* The recipient's type, else the subject's and text's. */
enum issue_type
ticket_issue_of(const char *subject, const char *text,
    const char *const *rcpts, size_t n, const struct conf *cf)
{
	enum issue_type t;

	if (ticket_issue_of_rcpts(rcpts, n, cf, &t) == 0)
		return t;
	t = ticket_issue_of_text(subject);
	if (t != IT_OTHER && t != IT_ORDER)
		return t;
	if ((t = ticket_issue_of_text(text)) != IT_OTHER)
		return t;
	return ticket_issue_of_text(subject);
}

/* 0 when every "address:value" entry of l has a value ok accepts. */
static int
check_pairs(const struct strlist *l, const char *key,
    int (*ok)(const char *), char *err, size_t errlen)
{
	const char *colon;
	size_t i;

	for (i = 0; i < l->sl_n; i++) {
		colon = strrchr(l->sl_v[i], ':');
		if (colon == NULL || colon == l->sl_v[i] || !ok(colon + 1)) {
			snprintf(err, errlen, "%s: \"%s\" is not "
			    "ADDRESS:VALUE with a known value", key,
			    l->sl_v[i]);
			return -1;
		}
	}
	return 0;
}

/* Is s an issue type's name? */
static int
type_ok(const char *s)
{
	enum issue_type t;

	return ticket_issue_parse(s, &t) == 0;
}

/* Is s a language postdesk writes in? */
static int
lang_ok(const char *s)
{
	return ticket_lang_known(s) != NULL;
}

/* 0 when the customer-side keys of the configuration are sound. */
int
ticket_conf_check(const struct conf *cf, char *err, size_t errlen)
{
	enum ticket_detail d;
	size_t i;
	int t;

	if (check_pairs(&cf->cf_issue_type_addresses, "issue_type_addresses",
	    type_ok, err, errlen) < 0 ||
	    check_pairs(&cf->cf_language_addresses, "language_addresses",
	    lang_ok, err, errlen) < 0)
		return -1;
	if (ticket_lang_known(cf->cf_default_language) == NULL) {
		snprintf(err, errlen, "default_language: \"%s\" is none of "
		    "en, ru, uk, es, pt, de, tr", cf->cf_default_language);
		return -1;
	}
	for (t = 0; t < IT__MAX; t++)
		for (i = 0; i < cf->cf_details[t].sl_n; i++)
			if (ticket_detail_parse(cf->cf_details[t].sl_v[i],
			    &d) < 0) {
				snprintf(err, errlen, "details_%s: unknown "
				    "detail \"%s\"", issue_names[t],
				    cf->cf_details[t].sl_v[i]);
				return -1;
			}
	return 0;
}
