/* addr.h - small pure helpers for e-mail addresses.
 *
 * Addresses are compared case-insensitively (the local part too: that is
 * what every real mailbox does).  A list entry is either "user@domain" or
 * "@domain"; "user@domain" also matches "user+detail@domain".
 */
#ifndef PD_ADDR_H
#define PD_ADDR_H

#include <stddef.h>

#include "common/conf.h"

/* Returns 1 when addr matches an entry of the list, else 0. */
int	 addr_match_list(const struct strlist *, const char *addr);
/* Returns the matching list entry or NULL. */
const char *addr_list_find(const struct strlist *, const char *addr);
/* Copies addr without <>, lower-cased; NULL when it is not an address. */
char	*addr_normalize(const char *addr);
/* The domain part (borrowed, after '@'), or NULL. */
const char *addr_domain(const char *addr);
/* The "+detail" of a local part into out (may be empty); 1 if present. */
int	 addr_detail(const char *addr, char *out, size_t outlen);
/* Strips <> and blanks from an SMTP envelope address into a new string. */
char	*addr_from_envelope(const char *smtp_arg);

#endif
