/* chat.c - Telegram pseudo addresses: made from a user id, read back. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "ticket/chat.h"

/* 1 and *user when addr is "<digits>@telegram.invalid". */
int
chat_addr_user(const char *addr, long long *user)
{
	const char *p;
	long long v = 0;

	if (addr == NULL || *addr < '1' || *addr > '9')
		return 0;
	for (p = addr; *p >= '0' && *p <= '9'; p++) {
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return 0;		/* too large */
		v = v * 10 + (*p - '0');
	}
	if (*p != '@' || strcasecmp(p + 1, CHAT_DOMAIN) != 0)
		return 0;
	*user = v;
	return 1;
}

/* The pseudo address of user. */
char *
chat_addr_make(long long user)
{
	return xasprintf("%lld@%s", user, CHAT_DOMAIN);
}

/* The first whole support address. */
const char *
chat_support_address(const struct conf *cf)
{
	const char *a, *at;
	size_t i;

	for (i = 0; i < cf->cf_support_addresses.sl_n; i++) {
		a = cf->cf_support_addresses.sl_v[i];
		if ((at = strchr(a, '@')) != NULL && at != a && at[1] != '\0')
			return a;
	}
	return NULL;
}
