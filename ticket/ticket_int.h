/* ticket_int.h - helpers shared by the files of ticket/ (not public).
 *
 * A small UTF-8 reader with a simple case fold (ASCII, Latin-1, Greek,
 * Cyrillic, Turkish dotted I) good enough to compare reply prefixes and
 * keywords, and a growable string vector without duplicates.
 */
#ifndef PD_TICKET_INT_H
#define PD_TICKET_INT_H

#include <stddef.h>
#include <stdint.h>

#include "common/conf.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Decodes one code point at s into *cp; returns its length (>= 1; an
 * invalid byte counts as one code point U+FFFD). */
size_t	 tk_utf8_next(const char *s, uint32_t *cp);
/* The simple lower-case of a code point. */
uint32_t tk_fold(uint32_t cp);
/* 0 when s cannot start with word, judged by the first bytes the way
 * tk_prefix_fold compares them: two ASCII bytes without case; an ASCII
 * byte and a longer code point only when that one may fold to ASCII
 * ("İ" and "ı" to 'i', the full-width colon to ':').  A quick test
 * before tk_prefix_fold. */
static inline int
tk_may_start(const char *s, const char *word)
{
	unsigned char a = (unsigned char)*s, b = (unsigned char)*word;

	if (a >= 'A' && a <= 'Z')
		a += 'a' - 'A';
	if (b >= 'A' && b <= 'Z')
		b += 'a' - 'A';
	if (a < 0x80 && b < 0x80)
		return a == b;
	if (a < 0x80)
		return a == 'i' || a == ':';
	if (b < 0x80)
		return b == 'i' || b == ':';
	return 1;
}

/* If s starts with word (case-folded), the length of s it covers, else 0. */
size_t	 tk_prefix_fold(const char *s, const char *word);
/* extract.c: the order words (NULL-terminated) and the bytes they may
 * start with, in any case. */
extern const char *const tk_order_words[];
int	 tk_order_first_byte(unsigned char);
/* Is p[0..n) a whole word within start? */
int	 tk_word_at(const char *start, const char *p, size_t n);
/* Finds word in s case-folded, at word boundaries when whole; NULL if not. */
const char *tk_find_fold(const char *s, const char *word, int whole);
/* Is cp a letter or digit (ASCII, or any non-ASCII code point)? */
int	 tk_is_wordch(uint32_t cp);
/* Skips ASCII and ideographic blanks. */
const char *tk_skip_blank(const char *s);
/* The index of s among names[0..n), compared without case; -1 when
 * none. */
int	 tk_name_index(const char *const *names, int n, const char *s);
/* Lines of a NUL-terminated text: the length of the one at p without
 * its end of line, the start of the next, whether it is only blanks. */
size_t	 tk_line_len(const char *p);
const char *tk_next_line(const char *p);
int	 tk_blank_line(const char *p);

/* priority.c: is addr one of the support addresses (any address when
 * none are configured)? */
int	 tk_is_support(const char *addr, const struct conf *);
/* The value configured for addr in a list of "address:value" entries
 * (an "address" matches as addr_match_list() does, "+detail" included),
 * copied into out; 1 when found. */
int	 tk_addr_value(const struct strlist *, const char *addr, char *out,
	    size_t outlen);
/* The +detail of addr, else its local part, lower-cased, into out. */
void	 tk_addr_word(const char *addr, char *out, size_t outlen);
/* 1 when some word of text starts with one of stems (NULL-terminated,
 * compared case-folded); the stems are written in lower case. */
int	 tk_has_stem(const char *text, const char *const *stems);
/* How many of stems (NULL-terminated) start a word of text. */
int	 tk_count_stems(const char *text, const char *const *stems);

struct tk_strv {
	char	**sv_v;		/* NULL-terminated once anything is added */
	size_t	  sv_n;
	size_t	  sv_max;	/* stop adding after this many */
};

/* Adds a copy of s[0..n) unless present; 1 when added. */
int	 tk_strv_add(struct tk_strv *, const char *s, size_t n);
/* The vector (always NULL-terminated, possibly empty); the struct is
 * emptied. */
char	**tk_strv_finish(struct tk_strv *);

#endif
