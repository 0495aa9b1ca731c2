/* extract.c - order IDs and public links found in a customer's text.
 *
 * An order ID follows an order word ("order", "Bestellung", "commande",
 * "pedido", "ordine", "заказ", "zamówienie", "注文", "订单", ...), after
 * optional connectors ("ID", "no.", "nr", "number", "Nummer", "номер",
 * "#", ':', '-', "№"): a token of letters, digits, '-' and '_' with at
 * least three digits.  A bare "#12345" counts only on the same line and
 * within 40 bytes after an order word ("my order from May is #12345").
 * Ticket numbers ("[Ticket#10042]" with any prefix, "Case#7", "ticket
 * 10042") are blanked out first so they are never taken for an order ID.
 * Order words in CJK scripts need no blank around them ("注文番号12345").
 *
 * Links are http:// and https:// URLs up to a blank, quote or angle
 * bracket; trailing punctuation is dropped (and a closing parenthesis or
 * bracket the URL did not open).  Links of the kinds panels take, pasted
 * without a scheme ("instagram.com/p/Cx1", "t.me/channel/5",
 * "www.site.example/page"), count too, with "https://" put in front.
 * Both lists are deduplicated, in order of appearance, at most 32
 * entries each.
 */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

#define EXTRACT_MAX	32
#define ID_MIN_DIGITS	3
#define ID_MAX_LEN	40
#define HASH_WINDOW	40

/* Inflected forms are listed: a word must stand whole. */
const char *const tk_order_words[] = {
	"order", "orders", "ordernumber", "order-id", "orderid", "bestellung",
	"bestellnummer", "bestellnr.", "bestellnr", "bestell-nr.",
	"bestell-nr", "auftrag", "auftragsnummer", "auftragsnr.",
	"auftragsnr", "commande", "pedido", "pedidos", "encomenda", "orden",
	"ordine", "bestelling", "ordernummer", "заказ", "заказа", "заказу",
	"заказе", "заказом", "заказы", "заказов", "заказик", "замовлення",
	"замовленні", "замовленням", "замовлень", "zamówienie",
	"zamówienia", "zamowienie", "objednávka", "objednávky", "sipariş",
	"siparis", "siparişim", "siparişimin", "siparişimi", "siparişin",
	"siparişi", "siparişler", "tilaus", "bestelnummer", "ordernr",
	"注文", "订单", "訂單", "주문", NULL
};
#define order_words tk_order_words
_Static_assert(NELEM(tk_order_words) <= TK_SCAN_WORDS,
    "the order words fit one scan");
#define NORDER_WORDS (NELEM(tk_order_words) - 1)

static const char *const connectors[] = {
	"id", "no.", "no", "nr.", "nr", "number", "num", "nummer", "numéro",
	"número", "numero", "номером", "номер", "n°", "nº", "n.º", "n.°",
	"nro.", "nro", "núm.", "núm", "num.", "№", "#", ":", "-", "：", "is",
	"ist", "est", "es", "é", "ref", "ref.", "reference", "под номером",
	"за номером", "sob o número", "numarası", "numarasi", "numaram",
	"kodu", "番号", "编号", "編號", "号", "號", "번호",
};

/* Before a Turkish order word: "556677 numaralı sipariş". */
static const char *const numbered[] = {
	"numaralı", "numarali", "nolu", "no'lu", "no.lu",
};

/* Blanks "[word#digits]" at p ('[') in place; 1 when it was a tag. */
static int
blank_bracket_tag(char *p)
{
	char *q = p + 1;

	while (*q != '\0' && *q != ']' && *q != '[' && *q != '#' &&
	    *q != '\n' && q - p < 64)
		q++;
	if (*q != '#')
		return 0;
	for (q++; *q == ' '; q++)
		;
	if (!isdigit((unsigned char)*q))
		return 0;
	while (isdigit((unsigned char)*q) || *q == ' ')
		q++;
	if (*q != ']')
		return 0;
	memset(p, ' ', (size_t)(q + 1 - p));
	return 1;
}

/* Is the word glued to the '#' at p an order word or connector
 * ("order#123", "Nr#123")? */
static int
order_word_before(const char *start, const char *p)
{
	const char *w = p;
	size_t i, n;

	while (w > start && isalpha((unsigned char)w[-1]))
		w--;
	n = (size_t)(p - w);
	for (i = 0; i < NORDER_WORDS; i++)
		if (strlen(order_words[i]) == n &&
		    strncasecmp(w, order_words[i], n) == 0)
			return 1;
	for (i = 0; i < NELEM(connectors); i++)
		if (strlen(connectors[i]) == n &&
		    strncasecmp(w, connectors[i], n) == 0)
			return 1;
	return 0;
}

/* A copy of text with ticket numbers blanked out: every "[word#digits]"
 * tag, a '#' number glued to a word ("Ticket#10042", "Case#7") and
 * "ticket #10042" / "ticket 10042". */
static char *
blank_tags(const char *text)
{
	char *c = xstrdup(text), *p, *q;

	for (p = strchr(c, '['); p != NULL; p = strchr(p + 1, '['))
		blank_bracket_tag(p);
	for (p = strchr(c, '#'); p != NULL; p = strchr(p + 1, '#')) {
		if (p == c || !isalpha((unsigned char)p[-1]) ||
		    order_word_before(c, p))
			continue;
		for (q = p + 1; isdigit((unsigned char)*q); q++)
			*q = ' ';
	}
	for (p = c; (p = (char *)tk_find_fold(p, "ticket", 1)) != NULL;) {
		for (q = p + 6; *q == ' ' || *q == '#' || *q == ':'; q++)
			;
		if (!isdigit((unsigned char)*q)) {
			p += 6;
			continue;
		}
		for (; isdigit((unsigned char)*q); q++)
			*q = ' ';
		p = q;
	}
	return c;
}

/* Length of an order-ID token at p, or 0. */
static size_t
id_token(const char *p)
{
	size_t n = 0, digits = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '-' || p[n] == '_') {
		if (isdigit((unsigned char)p[n]))
			digits++;
		n++;
	}
	while (n > 0 && (p[n - 1] == '-' || p[n - 1] == '_'))
		n--;
	if (digits < ID_MIN_DIGITS || n > ID_MAX_LEN)
		return 0;
	return n;
}

/* Skips blanks of the line (NBSP too) and connector words after an
 * order word. */
static const char *
skip_connectors(const char *p)
{
	size_t i, n;
	int again = 1;

	while (again) {
		again = 0;
		while (*p != '\r' && *p != '\n' && (n = tk_blank_len(p)) > 0)
			p += n;
		for (i = 0; i < NELEM(connectors); i++) {
			if (!tk_may_start(p, connectors[i]))
				continue;
			n = tk_prefix_fold(p, connectors[i]);
			if (n == 0)
				continue;
			if (isalpha((unsigned char)connectors[i][0]) &&
			    isalnum((unsigned char)p[n]))
				continue;	/* "nov", not "no" */
			p += n;
			again = 1;
			break;
		}
	}
	return p;
}

/* Words that join a list of IDs: "orders 111222 and 333444". */
static const char *const joiners[] = {
	",", "/", "&", "and", "и", "і", "та", "y", "e", "und", "ve",
};

/* After the ID q[0..n): more IDs of the same length in a list. */
static void
more_ids(const char *q, size_t n, struct tk_strv *sv)
{
	const char *r;
	size_t i, k, m;
	int more = 10;

	for (q += n; more-- > 0; q = r + m) {
		r = tk_skip_blank(q);
		for (i = 0; i < NELEM(joiners); i++)
			if ((k = tk_prefix_fold(r, joiners[i])) > 0 &&
			    (strchr(",/&", joiners[i][0]) != NULL ||
			    tk_word_at(r, r, k)))
				break;
		if (i == NELEM(joiners))
			return;
		r = tk_skip_blank(r + k);
		if (*r == '#')
			r++;
		else if (strncmp(r, "№", strlen("№")) == 0)
			r = tk_skip_blank(r + strlen("№"));
		if ((m = id_token(r)) != n)
			return;
		tk_strv_add(sv, r, m);
	}
}

/* After an order word ending at p: adds the ID it names, if any. */
static void
order_after(const char *p, struct tk_strv *sv)
{
	const char *q = skip_connectors(p), *h;
	size_t n;

	if ((n = id_token(q)) > 0) {
		tk_strv_add(sv, q, n);
		more_ids(q, n, sv);
		return;
	}
	for (h = p; *h != '\0' && *h != '\n' && h - p < HASH_WINDOW; h++)
		if (*h == '#' && (n = id_token(h + 1)) > 0 &&
		    isdigit((unsigned char)h[1])) {
			tk_strv_add(sv, h + 1, n);
			return;
		}
}

/* Before the order word at p: "ID numaralı" / "ID nolu" adds the ID. */
static void
order_before(const char *start, const char *p, struct tk_strv *sv)
{
	const char *w, *id;
	size_t i, n;

	for (w = p; w > start && (w[-1] == ' ' || w[-1] == '\t'); w--)
		;
	if (w == p)
		return;
	for (i = 0; i < NELEM(numbered); i++) {
		n = strlen(numbered[i]);
		if ((size_t)(w - start) >= n + 2 &&
		    tk_prefix_fold(w - n, numbered[i]) == n)
			break;
	}
	if (i == NELEM(numbered))
		return;
	w -= n;
	if (w == start || (w[-1] != ' ' && w[-1] != '\t'))
		return;
	while (w > start && (w[-1] == ' ' || w[-1] == '\t'))
		w--;
	for (id = w; id > start && (isalnum((unsigned char)id[-1]) ||
	    id[-1] == '-' || id[-1] == '_'); id--)
		;
	if ((n = id_token(id)) > 0 && id + n == w)
		tk_strv_add(sv, id, n);
}

/* 1 when an order word may start with this byte: the first byte of each
 * word in either ASCII case, and the lead bytes of Cyrillic and of the CJK
 * words (not the lead byte of an over-long form of one of those
 * letters). */
int
tk_order_first_byte(unsigned char b)
{
	static const unsigned char first[256] = {
		['a'] = 1, ['A'] = 1, ['b'] = 1, ['B'] = 1, ['c'] = 1,
		['C'] = 1, ['e'] = 1, ['E'] = 1, ['o'] = 1, ['O'] = 1,
		['p'] = 1, ['P'] = 1, ['s'] = 1, ['S'] = 1, ['t'] = 1,
		['T'] = 1, ['z'] = 1, ['Z'] = 1, [0xd0] = 1, [0xd1] = 1,
		[0xe6] = 1, [0xe8] = 1, [0xec] = 1,
	};

	return first[b];
}

/* The order words, filed once for every thread. */
static struct tk_scan order_scan;
static pthread_once_t order_once = PTHREAD_ONCE_INIT;

/* Files the order words in order_scan. */
static void
order_file(void)
{
	tk_scan_init(&order_scan);
	tk_scan_add(&order_scan, order_words, 0, TK_SCAN_CJK);
}

/* What the scan of ticket_order_ids knows. */
struct order_found {
	const char	*os_text;	/* with ticket numbers blanked */
	const char	*os_taken;	/* where the last order word was */
	struct tk_strv	 os_ids;
};

/* tk_scan_text callback: the first order word (in the list's order)
 * that stands at a place takes the IDs around it; 1 once the list is
 * full. */
static int
order_hit(void *arg, const struct tk_hit *h)
{
	struct order_found *os = arg;
	const char *p = h->h_at;

	if (p == os->os_taken || !tk_order_first_byte((unsigned char)*p))
		return 0;
	/* CJK writes words without blanks between them */
	if ((unsigned char)*p < 0xe3 && !tk_word_at(os->os_text, p, h->h_len))
		return 0;
	order_before(os->os_text, p, &os->os_ids);
	order_after(p + h->h_len, &os->os_ids);
	os->os_taken = p;
	return os->os_ids.sv_n >= os->os_ids.sv_max;
}

/* Order IDs in text. */
char **
ticket_order_ids(const char *text)
{
	struct order_found os = { NULL, NULL, { NULL, 0, EXTRACT_MAX } };
	char *c;

	if (text == NULL)
		return tk_strv_finish(&os.os_ids);
	c = blank_tags(text);
	os.os_text = c;
	pthread_once(&order_once, order_file);
	tk_scan_text(&order_scan, c, order_hit, &os);
	free(c);
	return tk_strv_finish(&os.os_ids);
}

/* Is c a character that ends a URL? */
static int
url_stop(unsigned char c)
{
	return c <= ' ' || c == '<' || c == '>' || c == '"' || c == '\'' ||
	    c == '`' || c == '{' || c == '}' || c == '|' || c == '\\' ||
	    c == 0x7f;
}

/* Length of the URL at p after trailing punctuation is dropped. */
static size_t
url_len(const char *p)
{
	size_t n = 0, i;
	int open, close;

	while (p[n] != '\0' && !url_stop((unsigned char)p[n]))
		n++;
	for (;;) {
		if (n == 0)
			break;
		if (strchr(".,;:!?*", p[n - 1]) != NULL) {
			n--;
			continue;
		}
		if (p[n - 1] == ')' || p[n - 1] == ']') {
			char o = p[n - 1] == ')' ? '(' : '[';

			for (i = 0, open = close = 0; i < n; i++) {
				open += p[i] == o;
				close += p[i] == p[n - 1];
			}
			if (close > open) {
				n--;
				continue;
			}
		}
		break;
	}
	return n;
}

/* Hosts of the services panels sell for, whose links customers paste
 * without "https://" ("instagram.com/p/...", "t.me/channel"); any host
 * starting "www." counts too. */
static const char *const panel_hosts[] = {
	"instagram.com", "instagr.am", "t.me", "telegram.me", "youtube.com",
	"youtu.be", "tiktok.com", "twitter.com", "x.com", "facebook.com",
	"fb.com", "fb.watch", "vk.com", "ok.ru", "twitch.tv", "threads.net",
	"spotify.com", "soundcloud.com", "linkedin.com", "pinterest.com",
	"reddit.com", "discord.gg", "kick.com", "rutube.ru", "dzen.ru",
};

/* Length of a host name at p ([A-Za-z0-9.-]). */
static size_t
host_len(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '.' || p[n] == '-')
		n++;
	return n;
}

/* Is p[0..n) a panel host, a subdomain of one ("m.youtube.com") or a
 * "www." host? */
static int
panel_host(const char *p, size_t n)
{
	size_t i, k;

	if (n > 4 && strncasecmp(p, "www.", 4) == 0 &&
	    memchr(p + 4, '.', n - 4) != NULL)
		return 1;
	for (i = 0; i < NELEM(panel_hosts); i++) {
		k = strlen(panel_hosts[i]);
		if (n >= k && strncasecmp(p + n - k, panel_hosts[i], k) == 0 &&
		    (n == k || p[n - k - 1] == '.'))
			return 1;
	}
	return 0;
}

/* A link without its scheme at p: a panel host and a path; the link is
 * added with "https://" in front.  Returns the length covered, or 0. */
static size_t
bare_link(const char *text, const char *p, struct tk_strv *sv)
{
	size_t h, n;
	char *u;

	if (p > text && (isalnum((unsigned char)p[-1]) || strchr(".-@/:",
	    p[-1]) != NULL))
		return 0;
	h = host_len(p);
	if (h == 0 || p[h] != '/' || !panel_host(p, h))
		return 0;
	n = url_len(p);
	if (n <= h + 1)
		return 0;
	u = xasprintf("https://%.*s", (int)n, p);
	tk_strv_add(sv, u, strlen(u));
	free(u);
	return n;
}

/* http(s) links in text, and panel links written without a scheme. */
char **
ticket_links(const char *text)
{
	struct tk_strv sv = { NULL, 0, EXTRACT_MAX };
	const char *p;
	size_t n, s;

	if (text == NULL)
		return tk_strv_finish(&sv);
	for (p = text; *p != '\0'; p++) {
		/* a link starts a word */
		if (!isalnum((unsigned char)*p) ||
		    (p > text && isalnum((unsigned char)p[-1])))
			continue;
		if ((*p | 0x20) == 'h' && strncasecmp(p, "http://", 7) == 0)
			s = 7;
		else if ((*p | 0x20) == 'h' &&
		    strncasecmp(p, "https://", 8) == 0)
			s = 8;
		else {
			if ((n = bare_link(text, p, &sv)) > 0)
				p += n - 1;
			continue;
		}
		n = url_len(p);
		if (n > s && strchr("/?#.:@", p[s]) == NULL)
			tk_strv_add(&sv, p, n);
		if (n > 0)
			p += n - 1;
	}
	return tk_strv_finish(&sv);
}
