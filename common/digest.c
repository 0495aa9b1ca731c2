/* digest.c - SHA-256 and HMAC-SHA-256 through GLib. */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "common/digest.h"

/* SHA-256 of the bytes, as hex. */
void
digest_sha256_hex(const void *p, size_t n, char *out)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);

	g_checksum_update(c, p, (gssize)n);
	g_strlcpy(out, g_checksum_get_string(c), DIGEST_HEX_LEN);
	g_checksum_free(c);
}

/* HMAC-SHA-256 of the bytes under key, as hex. */
void
digest_hmac_hex(const char *key, const void *p, size_t n, char *out)
{
	GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, (const guchar *)key,
	    strlen(key));

	g_hmac_update(h, p, (gssize)n);
	g_strlcpy(out, g_hmac_get_string(h), DIGEST_HEX_LEN);
	g_hmac_unref(h);
}

/* Compares without leaking where the first difference is. */
int
digest_equal(const char *a, const char *b)
{
	size_t i, la = strlen(a), lb = strlen(b);
	unsigned char d = 0;

	if (la != lb)
		return 0;
	for (i = 0; i < la; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return d == 0;
}
