/* json.c - a small JSON reader for postdeskctl's human output.
 *
 * store/ hands tickets out as JSON; the human forms of show, list and
 * stats read that JSON back into a tree of struct jv.  Strings are UTF-8
 * (\u escapes, surrogate pairs included, are decoded).  Numbers are doubles.
 * The whole tree is freed with jv_free().
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/xalloc.h"

struct jparse {
	const char	*p;
	const char	*end;
	int		 depth;
};

static struct jv	*jv_value(struct jparse *);

/* Skips white space. */
static void
jv_ws(struct jparse *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Appends code point c as UTF-8. */
static void
jv_utf8(struct buf *b, unsigned long c)
{
	if (c < 0x80)
		buf_addc(b, (char)c);
	else if (c < 0x800) {
		buf_addc(b, (char)(0xc0 | (c >> 6)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xe0 | (c >> 12)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | (c >> 18)));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* Reads four hex digits; -1 when they are not. */
static long
jv_hex4(struct jparse *j)
{
	long v = 0;
	int i;

	if (j->end - j->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = *j->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Reads a string literal (the opening quote is at j->p). */
static char *
jv_string(struct jparse *j)
{
	struct buf b = BUF_INIT;
	long c, lo;

	j->p++;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p != '\\') {
			buf_addc(&b, *j->p++);
			continue;
		}
		if (++j->p >= j->end)
			break;
		switch (*j->p++) {
		case 'n': buf_addc(&b, '\n'); break;
		case 't': buf_addc(&b, '\t'); break;
		case 'r': buf_addc(&b, '\r'); break;
		case 'b': buf_addc(&b, '\b'); break;
		case 'f': buf_addc(&b, '\f'); break;
		case 'u':
			if ((c = jv_hex4(j)) < 0)
				goto bad;
			if (c >= 0xd800 && c < 0xdc00 && j->end - j->p >= 6 &&
			    j->p[0] == '\\' && j->p[1] == 'u') {
				j->p += 2;
				if ((lo = jv_hex4(j)) < 0)
					goto bad;
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			jv_utf8(&b, (unsigned long)c);
			break;
		default:
			buf_addc(&b, j->p[-1]);
		}
	}
	if (j->p >= j->end)
		goto bad;
	j->p++;
	return buf_steal(&b);
bad:
	buf_free(&b);
	return NULL;
}

/* Reads the members of an array or object. */
static int
jv_members(struct jparse *j, struct jv *v, char close)
{
	struct jv *e;
	char *key = NULL;

	j->p++;
	jv_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		jv_ws(j);
		if (close == '}') {
			if (j->p >= j->end || *j->p != '"' ||
			    (key = jv_string(j)) == NULL)
				return -1;
			jv_ws(j);
			if (j->p >= j->end || *j->p++ != ':') {
				free(key);
				return -1;
			}
		}
		if ((e = jv_value(j)) == NULL) {
			free(key);
			return -1;
		}
		e->j_key = key;
		key = NULL;
		v->j_v = xreallocarray(v->j_v, v->j_n + 1, sizeof(*v->j_v));
		v->j_v[v->j_n++] = e;
		jv_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		return -1;
	}
}

/* Reads one value of any kind. */
static struct jv *
jv_value(struct jparse *j)
{
	struct jv *v;
	char *endp;

	jv_ws(j);
	if (j->p >= j->end || ++j->depth > 64)
		return NULL;
	v = xcalloc(1, sizeof(*v));
	switch (*j->p) {
	case '{':
	case '[':
		v->j_type = *j->p == '{' ? JV_OBJECT : JV_ARRAY;
		if (jv_members(j, v, *j->p == '{' ? '}' : ']') < 0)
			goto bad;
		break;
	case '"':
		v->j_type = JV_STRING;
		if ((v->j_str = jv_string(j)) == NULL)
			goto bad;
		break;
	case 't':
	case 'f':
	case 'n':
		if (j->end - j->p >= 4 && strncmp(j->p, "true", 4) == 0) {
			v->j_type = JV_BOOL;
			v->j_num = 1;
			j->p += 4;
		} else if (j->end - j->p >= 5 &&
		    strncmp(j->p, "false", 5) == 0) {
			v->j_type = JV_BOOL;
			j->p += 5;
		} else if (j->end - j->p >= 4 &&
		    strncmp(j->p, "null", 4) == 0) {
			v->j_type = JV_NULL;
			j->p += 4;
		} else
			goto bad;
		break;
	default:
		v->j_type = JV_NUMBER;
		v->j_num = strtod(j->p, &endp);
		if (endp == j->p || endp > j->end)
			goto bad;
		j->p = endp;
	}
	j->depth--;
	return v;
bad:
	jv_free(v);
	return NULL;
}

/* Parses text (NUL-terminated); NULL when it is not JSON. */
struct jv *
jv_parse(const char *text)
{
	struct jparse j;
	struct jv *v;

	j.p = text;
	j.end = text + strlen(text);
	j.depth = 0;
	if ((v = jv_value(&j)) == NULL)
		return NULL;
	jv_ws(&j);
	if (j.p != j.end) {
		jv_free(v);
		return NULL;
	}
	return v;
}

/* Frees a tree; NULL is fine. */
void
jv_free(struct jv *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->j_n; i++)
		jv_free(v->j_v[i]);
	free(v->j_v);
	free(v->j_key);
	free(v->j_str);
	free(v);
}

/* The member named key of an object, or NULL. */
const struct jv *
jv_get(const struct jv *v, const char *key)
{
	size_t i;

	if (v == NULL || v->j_type != JV_OBJECT)
		return NULL;
	for (i = 0; i < v->j_n; i++)
		if (strcmp(v->j_v[i]->j_key, key) == 0)
			return v->j_v[i];
	return NULL;
}

/* A member as a string: strings as they are, numbers printed, else NULL. */
const char *
jv_str(const struct jv *v, const char *key)
{
	const struct jv *m = key != NULL ? jv_get(v, key) : v;

	if (m == NULL)
		return NULL;
	if (m->j_type == JV_STRING)
		return m->j_str;
	return NULL;
}

/* A member as a number; def when absent or not a number. */
double
jv_num(const struct jv *v, const char *key, double def)
{
	const struct jv *m = key != NULL ? jv_get(v, key) : v;

	if (m == NULL)
		return def;
	if (m->j_type == JV_NUMBER || m->j_type == JV_BOOL)
		return m->j_num;
	if (m->j_type == JV_STRING && m->j_str[0] != '\0') {
		char *end;
		double d = strtod(m->j_str, &end);

		if (*end == '\0')
			return d;
	}
	return def;
}
