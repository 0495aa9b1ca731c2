/* text.c - pure helpers of the milter: reply text, SIZE=, header lines.
 *
 * Nothing here touches libmilter, so all of it is unit tested.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "milter/milter.h"

/* Makes s safe for smfi_setreply. */
void
milter_reply_text(const char *s, char *out, size_t outlen)
{
	size_t o = 0;

	if (outlen == 0)
		return;
	for (; s != NULL && *s != '\0' && o + 1 < outlen; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '%') {
			if (o + 2 >= outlen)
				break;
			out[o++] = '%';
			out[o++] = '%';
		} else if (c < 0x20 || c == 0x7f)
			out[o++] = ' ';
		else
			out[o++] = (char)c;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	if (o == 0 && outlen > 5)
		strcpy(out, "error");
}

/* Looks for SIZE=n among the ESMTP arguments of MAIL FROM. */
long
milter_esmtp_size(char *const *args)
{
	char *end;
	long n;

	for (; args != NULL && *args != NULL; args++) {
		if (strncasecmp(*args, "SIZE=", 5) != 0)
			continue;
		if (!isdigit((unsigned char)(*args)[5]))
			return -1;
		errno = 0;
		n = strtol(*args + 5, &end, 10);
		if (errno != 0 || *end != '\0')
			return -1;
		return n;
	}
	return -1;
}

/* Appends one header as it stood in the message. */
void
milter_header_line(struct buf *b, const char *name, const char *value,
    int leadspc)
{
	const char *p;

	buf_adds(b, name);
	buf_addc(b, ':');
	if (!leadspc)
		buf_addc(b, ' ');
	for (p = value; *p != '\0'; p++) {
		if (*p == '\n' && (p == value || p[-1] != '\r'))
			buf_addc(b, '\r');
		buf_addc(b, *p);
	}
	buf_add(b, "\r\n", 2);
}

/* A value for a header edit: CR dropped, LF only before a fold. */
char *
milter_header_value(const char *value, int leadspc)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (leadspc)
		buf_addc(&b, ' ');
	for (p = value; *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n' && p[1] != ' ' && p[1] != '\t') {
			buf_addc(&b, ' ');
			continue;
		}
		buf_addc(&b, *p);
	}
	return buf_steal(&b);
}
