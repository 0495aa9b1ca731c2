/* msgid.c - our own Message-IDs, which carry an HMAC.
 *
 * Format: "pd.<ticket>.<random>.<mac>@<domain>" where random is 16 hex
 * digits from the kernel's generator and mac the first 16 hex digits of
 * HMAC-SHA-256(secret, "<ticket>.<random>").  Without a secret the mac
 * part is left out and such an id never verifies: a reference to it is
 * only as good as a lookup of the stored Message-ID.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "common/digest.h"
#include "common/xalloc.h"
#include "ticket/ticket.h"

#define MSGID_RAND_HEX	16
#define MSGID_MAC_HEX	16

/* 8 random bytes as 16 hex digits into out[17]. */
static void
random_hex(char *out)
{
	static unsigned long counter;
	unsigned char b[8];
	char seed[128], h[DIGEST_HEX_LEN];
	size_t i;

	if (getrandom(b, sizeof(b), 0) == (ssize_t)sizeof(b)) {
		for (i = 0; i < sizeof(b); i++)
			snprintf(out + 2 * i, 3, "%02x", b[i]);
		return;
	}
	/* No entropy source: still unique, just not secret. */
	snprintf(seed, sizeof(seed), "%ld.%ld.%lu.%p", (long)time(NULL),
	    (long)getpid(), __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED),
	    (void *)b);
	digest_sha256_hex(seed, strlen(seed), h);
	memcpy(out, h, MSGID_RAND_HEX);
	out[MSGID_RAND_HEX] = '\0';
}

/* The mac of "<ticket>.<random>" into out[MSGID_MAC_HEX + 1]. */
static void
msgid_mac(const char *secret, long ticket, const char *rnd, char *out)
{
	char data[64], h[DIGEST_HEX_LEN];

	snprintf(data, sizeof(data), "%ld.%s", ticket, rnd);
	digest_hmac_hex(secret, data, strlen(data), h);
	memcpy(out, h, MSGID_MAC_HEX);
	out[MSGID_MAC_HEX] = '\0';
}

/* A fresh Message-ID (without <>) for mail about ticket. */
char *
ticket_message_id(const char *secret, long ticket, const char *domain)
{
	char rnd[MSGID_RAND_HEX + 1], mac[MSGID_MAC_HEX + 1];

	if (domain == NULL || *domain == '\0')
		domain = "postdesk.invalid";
	if (ticket < 0)
		ticket = 0;
	random_hex(rnd);
	if (secret == NULL || *secret == '\0')
		return xasprintf("pd.%ld.%s@%s", ticket, rnd, domain);
	msgid_mac(secret, ticket, rnd, mac);
	return xasprintf("pd.%ld.%s.%s@%s", ticket, rnd, mac, domain);
}

/* Reads n lower-case hex digits at s into out (case folded); 0 if not. */
static int
hex_part(const char *s, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return 0;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[n] = '\0';
	return 1;
}

/* 1 and *ticket when msgid is ours and its mac is right. */
int
ticket_message_id_verify(const char *secret, const char *msgid,
    long *ticket)
{
	char rnd[MSGID_RAND_HEX + 1], mac[MSGID_MAC_HEX + 1];
	char want[MSGID_MAC_HEX + 1];
	const char *p;
	long t = 0;
	size_t digits = 0;

	if (secret == NULL || *secret == '\0' || msgid == NULL)
		return 0;
	p = msgid;
	while (*p == ' ' || *p == '\t' || *p == '<')
		p++;
	if (strncasecmp(p, "pd.", 3) != 0)
		return 0;
	if (p[3] == '0' && p[4] != '.')
		return 0;			/* no leading zeros */
	for (p += 3; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 15)
			return 0;
		t = t * 10 + (*p - '0');
	}
	if (digits == 0 || *p++ != '.')
		return 0;
	if (!hex_part(p, MSGID_RAND_HEX, rnd) || p[MSGID_RAND_HEX] != '.')
		return 0;
	p += MSGID_RAND_HEX + 1;
	if (!hex_part(p, MSGID_MAC_HEX, mac) || p[MSGID_MAC_HEX] != '@' ||
	    p[MSGID_MAC_HEX + 1] == '\0')
		return 0;
	msgid_mac(secret, t, rnd, want);
	if (!digest_equal(mac, want))
		return 0;
	if (ticket != NULL)
		*ticket = t;
	return 1;
}
