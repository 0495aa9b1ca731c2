/* fuzz_tag.c - libFuzzer target: the subject tag and reply-prefix parser.
 *
 * The input is "PREFIX\0SUBJECT", or only a subject (prefix "Ticket").
 * Besides not crashing, it checks what ticket.h promises: the prefix
 * skipper stays inside the subject, a found number is 1-15 digits, and a
 * subject that carried no tag carries exactly ours after tag_subject().
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticket/ticket.h"

/* A prefix of these characters is one a site would configure. */
#define WORD	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		"0123456789-_."

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Checks one subject against one prefix. */
static void
one(const char *subject, const char *prefix)
{
	const char *rest;
	char *tagged, *tag;
	long n = 0, n2 = 0;
	int found;

	rest = tag_skip_prefixes(subject);
	if (rest == NULL || rest < subject ||
	    rest > subject + strlen(subject))
		abort();
	found = tag_find(subject, prefix, &n);
	if (found && (n <= 0 || n > 999999999999999L))
		abort();
	tag_find(rest, prefix, &n2);
	tag = tag_format(prefix, found ? n : 10042);
	free(tag);
	tagged = tag_subject(subject, prefix, found ? n : 10042);
	if (tagged == NULL)
		abort();
	n2 = 0;
	if (!found && *prefix != '\0' && strspn(prefix, WORD) ==
	    strlen(prefix) &&
	    (!tag_find(tagged, prefix, &n2) || n2 != 10042))
		abort();
	free(tagged);
}

/* Splits the input and runs both the given and the default prefix. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *subject;
	const char *prefix;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (strlen(s) < size) {
		prefix = s;
		subject = s + strlen(s) + 1;
	} else {
		prefix = "Ticket";
		subject = s;
	}
	one(subject, prefix);
	one(subject, "Ticket");
	free(s);
	return 0;
}
