/* mime.h - the little MIME header encoding every module that writes a
 * header needs, without GMime: RFC 2047 encoded-words for UTF-8 text.
 */
#ifndef PD_MIME_H
#define PD_MIME_H

#include "common/buf.h"

/* Appends text as a header value: as it is when it is printable ASCII,
 * otherwise as RFC 2047 "B" encoded-words of at most 75 characters
 * separated by fold ("\r\n " in a message, "\n " for a milter header
 * edit).  CR, LF and other controls in text become spaces. */
void	mime_header_value(struct buf *, const char *text, const char *fold);
/* Copies text with CR, LF, NUL and other controls replaced by spaces. */
char	*mime_header_clean(const char *text);

#endif
