/* lang.c - the language a customer is written to in: en, ru, uk, es, pt,
 * de or tr.
 *
 * From the recipient first (a language_addresses entry,
 * "support-ru@example.com:ru"), else from the customer's own text, else
 * from Content-Language, else default_language.
 *
 * The text is judged by its letters and its most common words.  When
 * Cyrillic letters outnumber Latin ones it is Russian or Ukrainian: the
 * letters only Ukrainian has (і ї є ґ) and only Russian has (ы э ъ ё)
 * count two each, the common words of each one each.  Otherwise each
 * Latin-script language scores one for each of its common words and two
 * for each letter only it (of the five) uses (ñ ¿ ¡ for es; ã õ for pt;
 * ß ä for de; ş ğ ı for tr).  The best score wins when it is at least
 * LANG_MIN_SCORE and ahead of the next; otherwise the text says nothing.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

#define LANG_MIN_SCORE	3
#define LANG_SCAN	4096	/* bytes of text judged */
#define LANG_WORD	48	/* longest word compared */

enum { L_EN, L_RU, L_UK, L_ES, L_PT, L_DE, L_TR, L__MAX };

static const char *const lang_codes[L__MAX] = { "en", "ru", "uk", "es",
    "pt", "de", "tr" };

static const char *const words_en[] = { "the", "and", "is", "my", "i",
    "you", "to", "of", "it", "for", "not", "have", "with", "was", "this",
    "please", "but", "thanks", "hello", "are", "can", "still", NULL };
static const char *const words_ru[] = { "и", "что", "это", "как", "мне",
    "пожалуйста", "уже", "спасибо", "заказ", "мой", "меня", "вы", "нет",
    "был", "было", "если", "или", "здравствуйте", "почему", "только",
    "ещё", "еще", "когда", "очень", NULL };
static const char *const words_uk[] = { "і", "що", "це", "як", "мені",
    "будь", "ласка", "вже", "дякую", "замовлення", "мій", "мене", "ви",
    "ні", "був", "було", "якщо", "або", "вітаю", "чому", "тільки", "ще",
    "коли", "дуже", "та", NULL };
static const char *const words_es[] = { "el", "la", "los", "las", "que",
    "y", "en", "mi", "por", "para", "con", "es", "una", "pero", "gracias",
    "hola", "pedido", "está", "ya", "del", "muy", "tengo", "no", NULL };
static const char *const words_pt[] = { "o", "os", "que", "e", "em",
    "meu", "minha", "não", "por", "para", "com", "é", "um", "uma", "mas",
    "obrigado", "obrigada", "olá", "pedido", "está", "já", "você", "do",
    "da", "ainda", NULL };
static const char *const words_de[] = { "der", "die", "das", "und", "ist",
    "ich", "nicht", "mein", "meine", "mit", "für", "auf", "ein", "eine",
    "es", "zu", "bitte", "danke", "hallo", "wurde", "habe", "aber", "noch",
    "sie", NULL };
static const char *const words_tr[] = { "ve", "bir", "bu", "için", "çok",
    "ama", "ben", "benim", "değil", "ile", "mi", "merhaba", "teşekkürler",
    "lütfen", "hala", "hâlâ", "yok", "var", "ne", "siparişim", "sipariş",
    "daha", "olarak", NULL };

static const char *const *const lang_words[L__MAX] = { words_en, words_ru,
    words_uk, words_es, words_pt, words_de, words_tr };

/* The language a letter belongs to alone, or -1. */
static int
letter_lang(uint32_t c)
{
	switch (c) {
	case 0x456: case 0x457: case 0x454: case 0x491:	/* і ї є ґ */
	case 0x406: case 0x407: case 0x404: case 0x490:
		return L_UK;
	case 0x44b: case 0x44d: case 0x44a: case 0x451:	/* ы э ъ ё */
	case 0x42b: case 0x42d: case 0x42a: case 0x401:
		return L_RU;
	case 0xf1: case 0xd1: case 0xbf: case 0xa1:	/* ñ Ñ ¿ ¡ */
		return L_ES;
	case 0xe3: case 0xf5: case 0xc3: case 0xd5:	/* ã õ */
		return L_PT;
	case 0xdf: case 0xe4: case 0xc4:		/* ß ä */
		return L_DE;
	case 0x15f: case 0x15e: case 0x11f: case 0x11e:	/* ş ğ */
	case 0x131: case 0x130:				/* ı İ */
		return L_TR;
	}
	return -1;
}

_Static_assert(NELEM(words_en) + NELEM(words_ru) + NELEM(words_uk) +
    NELEM(words_es) + NELEM(words_pt) + NELEM(words_de) + NELEM(words_tr)
    <= TK_SCAN_WORDS, "the common words fit one table");

/* The common words of every language, filed once for every thread. */
static struct tk_scan lang_table;
static pthread_once_t lang_once = PTHREAD_ONCE_INIT;

/* Files the common words in lang_table. */
static void
lang_file(void)
{
	int l;

	tk_scan_init(&lang_table);
	for (l = 0; l < L__MAX; l++)
		tk_scan_add(&lang_table, lang_words[l], (unsigned)l, 0);
}

/* Adds one for each language whose common words hold the word w[0..n),
 * whose first code point is first (folded). */
static void
score_word(const struct tk_scan *sc, const char *w, size_t n,
    uint32_t first, int *score)
{
	const struct tk_scan_word *sw;
	int i;

	for (i = tk_scan_first(sc, first); i >= 0; i = sw->sw_next) {
		sw = &sc->sc_w[i];
		if (sw->sw_first == first && sw->sw_len == n &&
		    memcmp(w, sw->sw_word, n) == 0)
			score[sw->sw_list]++;
	}
}

/* Appends the lower case of c to w (UTF-8); 0 when it does not fit. */
static int
word_put(char *w, size_t *n, uint32_t c)
{
	char enc[4];
	size_t len, i;

	/* tk_fold makes "İ" the word lists' 'i' */
	c = c < 0x80 ? tk_ascii[c] & TK_LOWER : tk_fold(c);
	if (c < 0x80) {
		enc[0] = (char)c;
		len = 1;
	} else if (c < 0x800) {
		enc[0] = (char)(0xc0 | (c >> 6));
		enc[1] = (char)(0x80 | (c & 0x3f));
		len = 2;
	} else {
		enc[0] = (char)(0xe0 | (c >> 12));
		enc[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		enc[2] = (char)(0x80 | (c & 0x3f));
		len = 3;
	}
	if (c >= 0x10000 || *n + len >= LANG_WORD)
		return 0;
	for (i = 0; i < len; i++)
		w[(*n)++] = enc[i];
	w[*n] = '\0';
	return 1;
}

/* Counts the script's letters (cyr, lat) and scores the letters and
 * words of every language in the first LANG_SCAN bytes of text.  Its own
 * pass, not tk_scan_text: a word here is compared whole, and '¿' and
 * '¡' end one. */
static void
lang_scan(const char *text, int *score, int *cyr, int *lat)
{
	char w[LANG_WORD] = "";
	const char *p = text;
	size_t n = 0;
	uint32_t c, first = 0;
	int l, fits = 1, word;

	pthread_once(&lang_once, lang_file);
	while (p - text < LANG_SCAN && *p != '\0') {
		if ((unsigned char)*p < 0x80)
			c = (unsigned char)*p++;
		else
			p += tk_utf8_next(p, &c);
		if (c >= 0x400 && c <= 0x4ff)
			(*cyr)++;
		else if (c < 0x80 ? (tk_ascii[c] & TK_WORD) && c > '9' :
		    c >= 0xc0 && c <= 0x17f && c != 0xd7 && c != 0xf7)
			(*lat)++;
		if (c >= 0x80 && (l = letter_lang(c)) >= 0)
			score[l] += 2;
		word = c < 0x80 ? (tk_ascii[c] & TK_WORD) != 0 :
		    tk_is_wordch(c) && c != 0xbf && c != 0xa1;
		if (word) {
			if (n == 0)
				first = tk_fold(c);
			fits = fits && word_put(w, &n, c);
			continue;
		}
		if (n > 0 && fits)
			score_word(&lang_table, w, n, first, score);
		n = 0;
		fits = 1;
	}
	if (n > 0 && fits)
		score_word(&lang_table, w, n, first, score);
}

/* The language of text, or NULL when it does not say clearly. */
const char *
ticket_lang_of_text(const char *text)
{
	int score[L__MAX] = { 0 };
	int cyr = 0, lat = 0, best = -1, second = 0, l, cyrillic;

	if (text == NULL)
		return NULL;
	lang_scan(text, score, &cyr, &lat);
	cyrillic = cyr > lat;
	for (l = 0; l < L__MAX; l++)
		if (((l == L_RU || l == L_UK) == cyrillic) &&
		    (best < 0 || score[l] > score[best]))
			best = l;
	for (l = 0; l < L__MAX; l++)
		if (l != best && ((l == L_RU || l == L_UK) == cyrillic) &&
		    score[l] > second)
			second = score[l];
	if (best < 0 || score[best] < LANG_MIN_SCORE ||
	    score[best] == second)
		return NULL;
	return lang_codes[best];
}

/* The code of a language postdesk writes in, from "ru", "RU", "ru-RU",
 * "pt_BR"; NULL when it is none of them. */
const char *
ticket_lang_known(const char *tag)
{
	size_t n;
	int l;

	if (tag == NULL)
		return NULL;
	tag += strspn(tag, " \t");
	n = strcspn(tag, "-_ ,;\t");
	for (l = 0; l < L__MAX; l++)
		if (n == 2 && strncasecmp(tag, lang_codes[l], 2) == 0)
			return lang_codes[l];
	return NULL;
}

/* The first language of a Content-Language header we write in. */
static const char *
lang_of_header(const char *h)
{
	const char *p, *l;

	for (p = h; p != NULL && *p != '\0'; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if ((l = ticket_lang_known(p)) != NULL)
			return l;
	}
	return NULL;
}

/* The language a support recipient is configured for, or NULL. */
const char *
ticket_lang_of_rcpts(const char *const *rcpts, size_t n,
    const struct conf *cf)
{
	char v[16];
	size_t i;

	for (i = 0; cf != NULL && rcpts != NULL && i < n; i++)
		if (tk_addr_value(&cf->cf_language_addresses, rcpts[i], v,
		    sizeof(v)))
			return ticket_lang_known(v);
	return NULL;
}

/* A new ticket's language: its recipient's, its text's, its
 * Content-Language's, else default_language (else "en"). */
const char *
ticket_language(const char *text, const char *content_language,
    const char *const *rcpts, size_t n, const struct conf *cf)
{
	const char *l;

	if ((l = ticket_lang_of_rcpts(rcpts, n, cf)) != NULL ||
	    (l = ticket_lang_of_text(text)) != NULL ||
	    (l = lang_of_header(content_language)) != NULL)
		return l;
	if (cf != NULL && (l = ticket_lang_known(cf->cf_default_language)) !=
	    NULL)
		return l;
	return "en";
}
