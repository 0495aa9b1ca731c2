/* guard.c - keeps GMime 3.2.13 out of its parameter-encoding loop.
 *
 * GMime before 3.2.15 (upstream issue 165) loops forever, growing a
 * string without end, in g_mime_param_list_encode() when it re-encodes a
 * parameter list holding a parameter whose value must be RFC 2231-encoded
 * (8-bit, or too long for a line) and whose name is so long that the
 * "name*N*=" continuation leaves no room for the value: with 3.2.13 that
 * is a name of 70 to 72 bytes (8-bit names count bytes; e.g. 35 Cyrillic
 * letters).  Re-encoding happens whenever a list changes:
 * g_mime_multipart_get_boundary() on a multipart without a boundary (it
 * makes one up), setting a charset on a rewritten part, writing a changed
 * header.
 *
 * Real parameter names are short tokens (boundary, charset, filename, ...),
 * so after parsing, before anything else touches the tree, every
 * Content-Type and Content-Disposition parameter whose name is longer than
 * GUARD_MAX_NAME bytes or not an RFC 2045 token is removed (with a warning).
 * Nothing in parser/ calls g_mime_multipart_get_boundary().
 */
#include "config.h"

#include <string.h>

#include "parser/priv.h"

#define GUARD_MAX_NAME	32

/* Whether a parameter name is a short RFC 2045 token. */
static int
name_ok(const char *name)
{
	const unsigned char *p;

	if (name == NULL || *name == '\0' || strlen(name) > GUARD_MAX_NAME)
		return 0;
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p <= 32 || *p >= 127 || strchr("()<>@,;:\\\"/[]?=", *p))
			return 0;
	return 1;
}

/* Removes the hazardous parameters of a list; returns how many. */
static int
clean_list(struct mail *m, GMimeParamList *l, const char *what)
{
	GMimeParam *p;
	int i, n = 0;

	if (l == NULL)
		return 0;
	for (i = g_mime_param_list_length(l) - 1; i >= 0; i--) {
		p = g_mime_param_list_get_parameter_at(l, i);
		if (p != NULL && name_ok(g_mime_param_get_name(p)))
			continue;
		g_mime_param_list_remove_at(l, i);
		n++;
	}
	if (n > 0)
		parser_add_warning(m, "removed %d hazardous %s parameter%s", n,
		    what, n == 1 ? "" : "s");
	return n;
}

/* Cleans one object's Content-Type and Content-Disposition. */
static int
clean_object(struct mail *m, GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(o);
	int n = 0;

	if (ct != NULL)
		n += clean_list(m, g_mime_content_type_get_parameters(ct),
		    "Content-Type");
	if (cd != NULL)
		n += clean_list(m, g_mime_content_disposition_get_parameters(cd),
		    "Content-Disposition");
	return n;
}

/* Cleans every object of the tree under o (GMime bounds the nesting);
 * returns how many parameters were removed. */
int
guard_sanitize(struct mail *m, GMimeObject *o)
{
	GMimeMessage *sub;
	int i, n;

	if (o == NULL)
		return 0;
	if (GMIME_IS_MESSAGE(o))
		return guard_sanitize(m,
		    g_mime_message_get_mime_part(GMIME_MESSAGE(o)));
	n = clean_object(m, o);
	if (GMIME_IS_MESSAGE_PART(o)) {
		sub = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (sub != NULL)
			n += guard_sanitize(m, GMIME_OBJECT(sub));
	} else if (GMIME_IS_MULTIPART(o)) {
		for (i = 0; i < g_mime_multipart_get_count(
		    GMIME_MULTIPART(o)); i++)
			n += guard_sanitize(m, g_mime_multipart_get_part(
			    GMIME_MULTIPART(o), i));
	}
	return n;
}
