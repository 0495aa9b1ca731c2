/* addr.c - pure helpers for e-mail addresses. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/addr.h"
#include "common/xalloc.h"

/* Lower-cased copy without <> and surrounding blanks; NULL if no '@'. */
char *
addr_normalize(const char *addr)
{
	const char *s, *e;
	char *r, *p;

	if (addr == NULL)
		return NULL;
	for (s = addr; *s == ' ' || *s == '\t' || *s == '<'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' ||
	    e[-1] == '>'); e--)
		;
	if (e == s || memchr(s, '@', (size_t)(e - s)) == NULL)
		return NULL;
	r = xstrndup(s, (size_t)(e - s));
	for (p = r; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

/* Envelope argument ("<a@b>", "<>", "a@b") into a bare address; "" for <>. */
char *
addr_from_envelope(const char *arg)
{
	char *r = addr_normalize(arg);

	return r != NULL ? r : xstrdup("");
}

/* The part after the last '@'. */
const char *
addr_domain(const char *addr)
{
	const char *at = addr != NULL ? strrchr(addr, '@') : NULL;

	return at != NULL ? at + 1 : NULL;
}

/* The detail of "user+detail@domain". */
int
addr_detail(const char *addr, char *out, size_t outlen)
{
	const char *plus, *at;
	size_t n;

	if (outlen > 0)
		out[0] = '\0';
	at = addr != NULL ? strrchr(addr, '@') : NULL;
	if (at == NULL)
		return 0;
	plus = memchr(addr, '+', (size_t)(at - addr));
	if (plus == NULL)
		return 0;
	n = (size_t)(at - plus - 1);
	if (outlen > 0) {
		if (n >= outlen)
			n = outlen - 1;
		memcpy(out, plus + 1, n);
		out[n] = '\0';
	}
	return 1;
}

/* Does entry ("a@b" or "@b") cover addr? */
static int
addr_match_one(const char *entry, const char *addr)
{
	const char *at = strrchr(addr, '@'), *eat, *plus;
	size_t llen;

	if (at == NULL)
		return 0;
	if (entry[0] == '@')
		return strcasecmp(entry + 1, at + 1) == 0;
	if (strcasecmp(entry, addr) == 0)
		return 1;
	/* user+detail@domain against user@domain */
	eat = strrchr(entry, '@');
	plus = memchr(addr, '+', (size_t)(at - addr));
	if (eat == NULL || plus == NULL)
		return 0;
	llen = (size_t)(plus - addr);
	return llen == (size_t)(eat - entry) &&
	    strncasecmp(entry, addr, llen) == 0 &&
	    strcasecmp(eat + 1, at + 1) == 0;
}

/* First list entry matching addr. */
const char *
addr_list_find(const struct strlist *l, const char *addr)
{
	size_t i;

	if (addr == NULL || l == NULL)
		return NULL;
	for (i = 0; i < l->sl_n; i++)
		if (addr_match_one(l->sl_v[i], addr))
			return l->sl_v[i];
	return NULL;
}

/* 1 when some entry matches. */
int
addr_match_list(const struct strlist *l, const char *addr)
{
	return addr_list_find(l, addr) != NULL;
}
