/* stems.h - where rules may start (internal to redact/).
 *
 * stems_add() enters a rule's stems with the rule's bit; stems_find()
 * lists the offsets of a text where some stem starts a word, each with
 * the bits of the rules to try there (STEM_DIGIT where digits start,
 * STEM_DIGIT4 where four or more do, STEM_GROUP where four or more do or
 * a group of up to three is followed by a blank or dash and a digit,
 * STEM_LONG where a run of 32 to 63 letters, digits, '_' or '-' starts).
 */
#ifndef PD_REDACT_STEMS_H
#define PD_REDACT_STEMS_H

#include <stddef.h>
#include <stdint.h>

#define STEM_TAB_BITS	15		/* 2^15 buckets of rule bits */
#define STEM_TAB_SIZE	(1u << STEM_TAB_BITS)
#define STEM_DIGIT	((uint64_t)1 << 63)
#define STEM_LONG	((uint64_t)1 << 62)
#define STEM_DIGIT4	((uint64_t)1 << 61)
#define STEM_GROUP	((uint64_t)1 << 60)
#define STEM_MAX_RULES	60
#define STEM_LONG_MIN	32
#define STEM_LONG_MAX	63

struct stems {
	uint64_t	*st_tab;		/* hash of 3 bytes -> bits */
	uint64_t	 st_bigram[1024];	/* first 2 bytes seen */
};

struct cand {
	size_t		 cd_pos;
	uint64_t	 cd_mask;
};

struct cands {
	struct cand	*cs_v;	/* by offset (STEM_LONG ones: at run end) */
	size_t		 cs_n;
	size_t		 cs_cap;
};

void	 stems_init(struct stems *);
void	 stems_free(struct stems *);
/* list: stems separated by blanks, two bytes or more each. */
void	 stems_add(struct stems *, const char *list, uint64_t bit);
/* Appends the offsets of t; with all, every character start with every
 * bit (the slow reference). */
void	 stems_find(const struct stems *, const char *t, size_t len, int all,
	    struct cands *);
/* pat with accented letters also matching their HTML entities. */
char	*stems_ent_expand(const char *pat);
/* NULL when t is valid UTF-8, else a copy of the same length with each
 * bad byte made '?'. */
char	*stems_utf8_clean(const char *t, size_t len);

#endif
