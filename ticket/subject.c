/* subject.c - a subject for a mail that came without one, made from the
 * first line of the customer's own text, and the customer's "#close".
 *
 * The first line that is neither blank, nor quoted, nor a greeting alone
 * ("Hello,", "Здравствуйте!", "Hi team,") becomes the subject, its blanks
 * collapsed, cut at a word boundary to at most TICKET_SUBJECT_MAX
 * characters (code points, never inside a UTF-8 sequence).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "ticket/ticket.h"
#include "ticket/ticket_int.h"

#define SUBJECT_SCAN	65536	/* bytes of text searched for a line */

/* Greetings that open a mail, in the languages customers write in
 * (compared case-folded, as whole words). */
static const char *const greetings[] = {
	"good morning", "good afternoon", "good evening", "good day",
	"hello", "hi", "hey", "dear", "greetings",
	"здравствуйте", "здравствуй", "добрый день", "добрый вечер",
	"доброе утро", "доброго дня", "привет", "приветствую",
	"уважаемые", "уважаемая", "уважаемый",
	"добрий день", "добрий вечір", "доброго ранку", "вітаю",
	"привіт", "шановні", "шановна", "шановний",
	"buenos días", "buenos dias", "buenas tardes", "buenas noches",
	"buen día", "buen dia", "hola", "estimados", "estimado", "estimada",
	"bom dia", "boa tarde", "boa noite", "olá", "ola", "oi",
	"prezados", "prezado", "prezada", "caro", "cara",
	"sehr geehrte damen und herren", "sehr geehrte", "sehr geehrter",
	"guten tag", "guten morgen", "guten abend", "hallo", "liebe",
	"lieber", "moin", "servus",
	"iyi günler", "iyi akşamlar", "günaydın", "merhaba", "selamlar",
	"selam", "sayın",
	NULL
};

/* The length of the greeting line starts with, or 0. */
static size_t
greeting_len(const char *line)
{
	size_t i, n;

	for (i = 0; greetings[i] != NULL; i++) {
		if (!tk_may_start(line, greetings[i]))
			continue;
		n = tk_prefix_fold(line, greetings[i]);
		if (n > 0 && tk_word_at(line, line, n))
			return n;
	}
	return 0;
}

/* Counts the words of s[0..n) (runs of letters and digits); *digits is
 * set when one of them holds a digit. */
static size_t
count_words(const char *s, size_t n, int *digits)
{
	size_t i = 0, words = 0, l;
	int in = 0;
	uint32_t c;

	*digits = 0;
	while (i < n) {
		l = tk_utf8_next(s + i, &c);
		if (tk_is_wordch(c)) {
			words += !in;
			in = 1;
			if (c >= '0' && c <= '9')
				*digits = 1;
		} else
			in = 0;
		i += l;
	}
	return words;
}

/* 1 when the line (len bytes, trimmed) is a greeting alone: a greeting,
 * then at most three words of a name with no digits, ending in
 * punctuation or nothing ("Hello,", "Hi John!", "Dear support team,"). */
static int
greeting_only(const char *line, size_t len)
{
	size_t g = greeting_len(line), words;
	int digits;
	char last;

	if (g == 0)
		return 0;
	words = count_words(line + g, len - g, &digits);
	if (words == 0)
		return 1;
	last = line[len - 1];
	return words <= 3 && !digits && (last == ',' || last == '!' ||
	    last == '.' || last == ':');
}

/* The line's text with blanks collapsed, cut to the limit at a word
 * boundary when longer. */
static char *
subject_of_line(const char *line, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0, l, chars = 0, cut = 0;
	uint32_t c;
	int space = 0;

	while (i < len && chars <= TICKET_SUBJECT_MAX) {
		l = tk_utf8_next(line + i, &c);
		if (c == ' ' || c == '\t' || c == 0xa0 || c == 0x3000) {
			space = b.b_len > 0;
			i += l;
			continue;
		}
		if (space) {
			cut = b.b_len;	/* a boundary before this word */
			buf_addc(&b, ' ');
			chars++;
			space = 0;
		}
		if (c == 0xfffd && l == 1)
			buf_adds(&b, "\xef\xbf\xbd");	/* a bad byte */
		else
			buf_add(&b, line + i, l);
		chars++;
		i += l;
	}
	if (chars > TICKET_SUBJECT_MAX) {
		if (cut == 0)	/* one long word: cut between code points */
			for (cut = 0, i = 0; i < TICKET_SUBJECT_MAX; i++)
				cut += tk_utf8_next(b.b_data + cut, &c);
		b.b_len = cut;
		b.b_data[cut] = '\0';
	}
	while (b.b_len > 0 && strchr(" ,;:-", b.b_data[b.b_len - 1]) != NULL)
		b.b_data[--b.b_len] = '\0';
	return buf_steal(&b);
}

/* The subject from the first line of text[0..len) that says something;
 * NULL when none does. */
char *
ticket_subject_from_text(const char *text, size_t len)
{
	char *copy, *subject = NULL;
	const char *p, *s;
	size_t n;

	if (text == NULL)
		return NULL;
	copy = xstrndup(text, len < SUBJECT_SCAN ? len : SUBJECT_SCAN);
	p = copy;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)		/* BOM */
		p += 3;
	for (; *p != '\0' && subject == NULL; p = tk_next_line(p)) {
		if (tk_blank_line(p))
			continue;
		s = tk_skip_blank(p);
		n = tk_line_len(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (*s == '>' || greeting_only(s, n))
			continue;
		if (n == 2 && s[0] == '-' && s[1] == '-')
			break;		/* the signature: nothing said */
		subject = subject_of_line(s, n);
		if (*subject == '\0') {
			free(subject);
			subject = NULL;
		}
	}
	free(copy);
	return subject;
}

/* 1 when the first line of text that is not blank is "#close". */
int
ticket_customer_close(const char *text)
{
	const char *p;
	size_t n;

	if (text == NULL)
		return 0;
	p = text;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)		/* BOM */
		p += 3;
	while (*p != '\0' && tk_blank_line(p))
		p = tk_next_line(p);
	p = tk_skip_blank(p);
	n = tk_line_len(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == 6 && strncasecmp(p, "#close", 6) == 0;
}
