/* digest.h - SHA-256 and HMAC-SHA-256 in lower-case hex (GLib's GChecksum).
 *
 * out must hold DIGEST_HEX_LEN bytes (64 hex digits and NUL).
 */
#ifndef PD_DIGEST_H
#define PD_DIGEST_H

#include <stddef.h>

#define DIGEST_HEX_LEN	65

void	digest_sha256_hex(const void *, size_t, char *out);
void	digest_hmac_hex(const char *key, const void *, size_t, char *out);
/* Constant-time comparison of two equally long strings; 1 when equal. */
int	digest_equal(const char *, const char *);

#endif
