/* chat.h - the pseudo address of a Telegram customer.
 *
 * Inside postdesk a Telegram user is addressed as "<user id>@telegram.invalid"
 * (RFC 2606's reserved domain: it never resolves and is never mailed).  The
 * requester of a Telegram ticket is that address.  Pure functions, no I/O.
 */
#ifndef PD_TICKET_CHAT_H
#define PD_TICKET_CHAT_H

#include "common/conf.h"

#define CHAT_DOMAIN "telegram.invalid"

/* 1 and *user when addr is a Telegram pseudo address (a positive decimal
 * user id without leading zeros, the domain in any case), else 0. */
int	 chat_addr_user(const char *addr, long long *user);
/* "<user>@telegram.invalid" (malloc'd, caller frees). */
char	*chat_addr_make(long long user);
/* The address a chat's tickets are filed to: the first entry of
 * support_addresses that is a whole address (not "@domain"), or NULL. */
const char *chat_support_address(const struct conf *);

#endif
