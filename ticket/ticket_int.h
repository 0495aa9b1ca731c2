/* ticket_int.h - helpers shared by the files of ticket/ (not public).
 *
 * A small UTF-8 reader with a simple case fold (ASCII, Latin-1, Greek,
 * Cyrillic, Ukrainian Ґ, Turkish İ, Ğ, Ş) good enough to compare reply
 * prefixes and keywords, and a growable string vector without duplicates.
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
/* 0 when the code point at s is in an over-long form ("\xc1\xa1"). */
int	 tk_utf8_shortest(const char *s);
/* The simple lower-case of a code point. */
uint32_t tk_fold(uint32_t cp);
/* What bytes 0-127 are: tk_ascii[b] & TK_LOWER is the lower case of b,
 * & TK_WORD set for a letter or digit (the ASCII part of tk_fold and
 * tk_is_wordch, without a call or a branch). */
#define TK_WORD		0x80
#define TK_LOWER	0x7f
extern const unsigned char tk_ascii[128];
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

/* If s starts with word (case-folded), the length of s it covers, else 0;
 * _n: with the first wlen bytes of word. */
size_t	 tk_prefix_fold(const char *s, const char *word);
size_t	 tk_prefix_fold_n(const char *s, const char *word, size_t wlen);
/* extract.c: the order words (NULL-terminated) and the bytes they may
 * start with, in any case. */
extern const char *const tk_order_words[];
int	 tk_order_first_byte(unsigned char);
/* Does a word start at p within start? */
int	 tk_word_start(const char *start, const char *p);
/* Is p[0..n) a whole word within start? */
int	 tk_word_at(const char *start, const char *p, size_t n);
/* Finds word in s case-folded, at word boundaries when whole; NULL if not. */
const char *tk_find_fold(const char *s, const char *word, int whole);
/* Is cp a letter or digit (ASCII, or any non-ASCII code point)? */
int	 tk_is_wordch(uint32_t cp);
/* Bytes of the blank at s (ASCII, NBSP, ideographic), 0 for none. */
size_t	 tk_blank_len(const char *s);
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
/* Word lists looked for in one pass over a text (tk_scan_text): each
 * word is filed under its folded first letter, and one that starts with
 * two ASCII characters under those two as well, so where a word of the
 * text starts only the words that can match there are compared, with
 * tk_prefix_fold.  The words are written in lower case; a final '*' is
 * not compared (it marks a stem, for callers that tell stems from whole
 * words).  Each user files its lists once (pthread_once) and then
 * only reads them, from any thread. */
#define TK_SCAN_WORDS	512	/* words of all the lists of one scan */
#define TK_SCAN_PAIRS	1024	/* buckets of two ASCII first letters */
#define TK_SCAN_ANYWHERE 0x1	/* tk_scan_add: see there */
#define TK_SCAN_CJK	0x2

struct tk_scan_word {
	const char	*sw_word;
	uint32_t	 sw_first;	/* its first code point, folded */
	unsigned char	 sw_second;	/* an ASCII first letter's next
					 * letter, folded; else 0 */
	unsigned char	 sw_third;	/* ... and the one after, when
					 * the three are ASCII; else 0 */
	unsigned short	 sw_len;	/* bytes compared */
	unsigned short	 sw_list;	/* the list it was added with */
	unsigned char	 sw_any;	/* tried where no word starts */
	short		 sw_next;	/* next word of its bucket, -1 */
	short		 sw_next_any;	/* next one tried anywhere, -1 */
	short		 sw_next_pair;	/* ASCII first letter: the next one
					 * of its two-letter bucket (of the
					 * letter's short words when
					 * sw_second is 0), -1 */
};

struct tk_scan {
	short			sc_head[256];	/* by first letter, -1 */
	short			sc_any[256];	/* words tried anywhere */
	short			sc_pair[TK_SCAN_PAIRS];	/* by two
						 * ASCII first letters, -1 */
	short			sc_short[128];	/* by an ASCII first letter,
						 * the words with no ASCII
						 * second one, -1 */
	size_t			sc_n;
	size_t			sc_nany;
	int			sc_any_alnum;	/* one of those starts
						 * with an ASCII letter or
						 * digit */
	struct tk_scan_word	sc_w[TK_SCAN_WORDS];
};

/* One word of a scan found in the text. */
struct tk_hit {
	const char	*h_at;		/* where in the text */
	size_t		 h_len;		/* bytes of text it covers */
	const char	*h_word;	/* the word as listed */
	unsigned	 h_id;		/* its number in the scan, < sc_n */
	unsigned	 h_list;	/* the list it was added with */
};
typedef int	(*tk_hit_fn)(void *arg, const struct tk_hit *);

void	 tk_scan_init(struct tk_scan *);
/* Adds the words of a NULL-terminated list, as list number list.  Its
 * words are also tried where no word starts, at every code point: all of
 * them with TK_SCAN_ANYWHERE (signs such as '$'), those in scripts
 * written without blanks between words (first byte 0xe3 and up) with
 * TK_SCAN_CJK.
 * -1 when they do not fit (callers check their sizes at compile time). */
int	 tk_scan_add(struct tk_scan *, const char *const *words,
	    unsigned list, int flags);
/* Calls fn for every word of the scan that a word of text starts with,
 * in the order of the text, and at one place in the order the lists
 * and their words were added; returns fn's first non-zero value (which
 * ends the scan), else 0.  A word starts at a letter or digit that
 * follows none, code points decoded from the start of text. */
int	 tk_scan_text(const struct tk_scan *, const char *text,
	    tk_hit_fn fn, void *arg);
/* The first word filed under the folded code point c, or -1 (follow
 * sw_next, and compare sw_first: other letters share buckets). */
int	 tk_scan_first(const struct tk_scan *, uint32_t c);

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
