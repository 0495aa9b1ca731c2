/* detail.c - what the +detail of a support address asks for.
 *
 * "LOCAL+t<number>.<token>@DOMAIN" is a ticket's own reply address: token
 * is the first TICKET_TOKEN_HEX hex digits of HMAC-SHA-256(secret,
 * "reply.<number>") (the helper our Message-IDs use, over a different
 * text), compared case-insensitively since some MTAs fold local parts.
 * "+queue" asks for an agent's queue report and "+tickets" for a
 * customer's list, filtered by a word of the subject (mine, overdue,
 * unassigned).  Every other detail is left to the callers (a category, a
 * priority word).  Pure: no I/O.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/addr.h"
#include "common/digest.h"
#include "common/xalloc.h"
#include "ticket/ticket.h"

/* The token of ticket number into out[TICKET_TOKEN_HEX + 1]; 0 without a
 * secret (no token can be made or checked). */
static int
reply_token(const char *secret, long number, char *out)
{
	char data[48], h[DIGEST_HEX_LEN];

	if (secret == NULL || *secret == '\0')
		return 0;
	snprintf(data, sizeof(data), "reply.%ld", number);
	digest_hmac_hex(secret, data, strlen(data), h);
	memcpy(out, h, TICKET_TOKEN_HEX);
	out[TICKET_TOKEN_HEX] = '\0';
	return 1;
}

/* The reply address of ticket number on address (LOCAL@DOMAIN, any
 * detail of it replaced); a copy of address without a secret. */
char *
ticket_reply_address(const char *secret, const char *address, long number)
{
	char tok[TICKET_TOKEN_HEX + 1];
	const char *at, *plus;
	size_t llen;

	if (address == NULL)
		return NULL;
	at = strrchr(address, '@');
	if (at == NULL || at == address || number <= 0 ||
	    !reply_token(secret, number, tok))
		return xstrdup(address);
	plus = memchr(address, '+', (size_t)(at - address));
	llen = (size_t)((plus != NULL ? plus : at) - address);
	return xasprintf("%.*s+t%ld.%s%s", (int)llen, address, number, tok,
	    at);
}

/* "t<number>.<token>": 1 and *number when the token is right, -1 when the
 * detail has that shape ("t" and a digit) but is wrong, 0 otherwise. */
static int
reply_detail(const char *d, const char *secret, long *number)
{
	char tok[TICKET_TOKEN_HEX + 1], got[TICKET_TOKEN_HEX + 1];
	const char *p = d + 1;
	long n = 0;
	int digits = 0, i;

	if ((d[0] != 't' && d[0] != 'T') || !isdigit((unsigned char)d[1]))
		return 0;
	if (*p == '0')
		return -1;			/* no leading zeros */
	for (; isdigit((unsigned char)*p); p++) {
		if (++digits > 15)
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (*p++ != '.' || strlen(p) != TICKET_TOKEN_HEX)
		return -1;
	for (i = 0; i < TICKET_TOKEN_HEX; i++) {
		if (!isxdigit((unsigned char)p[i]))
			return -1;
		got[i] = (char)tolower((unsigned char)p[i]);
	}
	got[i] = '\0';
	if (!reply_token(secret, n, tok) || !digest_equal(got, tok))
		return -1;
	*number = n;
	return 1;
}

/* What the detail of rcpt asks for when rcpt is a support address; sets
 * *number for TDET_REPLY. */
enum ticket_rcpt_detail
ticket_detail_of(const char *rcpt, const struct conf *cf, long *number)
{
	char d[96];
	long n = 0;
	int r;

	if (number != NULL)
		*number = 0;
	if (rcpt == NULL || cf == NULL ||
	    !addr_match_list(&cf->cf_support_addresses, rcpt) ||
	    !addr_detail(rcpt, d, sizeof(d)) || d[0] == '\0')
		return TDET_NONE;
	if (strcasecmp(d, "queue") == 0)
		return TDET_QUEUE;
	if (strcasecmp(d, "tickets") == 0)
		return TDET_TICKETS;
	r = reply_detail(d, cf->cf_hmac_secret, &n);
	if (r > 0 && number != NULL)
		*number = n;
	if (r > 0)
		return TDET_REPLY;
	return r < 0 ? TDET_FORGED : TDET_OTHER;
}

/* The first reply address among rcpts whose token verifies: its ticket,
 * or 0. */
long
ticket_reply_ticket(const char *const *rcpts, size_t nrcpts,
    const struct conf *cf)
{
	size_t i;
	long n;

	for (i = 0; rcpts != NULL && i < nrcpts; i++)
		if (ticket_detail_of(rcpts[i], cf, &n) == TDET_REPLY)
			return n;
	return 0;
}

/* The filter a queue request's subject names: its first word that is one
 * of the filters. */
enum ticket_queue_filter
ticket_queue_filter(const char *subject)
{
	static const struct {
		const char		*w;
		enum ticket_queue_filter f;
	} words[] = { { "mine", TQ_MINE }, { "overdue", TQ_OVERDUE },
	    { "unassigned", TQ_UNASSIGNED } };
	const char *p = subject, *e;
	size_t i, n;

	while (p != NULL && *p != '\0') {
		while (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
		for (e = p; isalnum((unsigned char)*e); e++)
			;
		n = (size_t)(e - p);
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].w) == n &&
			    strncasecmp(p, words[i].w, n) == 0)
				return words[i].f;
		p = e;
	}
	return TQ_ALL;
}
