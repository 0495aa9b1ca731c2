/* html.c - text made safe for HTML through GLib. */
#include "config.h"

#include <glib.h>

#include "common/html.h"

/* Appends text escaped for an HTML element or attribute value. */
void
html_escape(struct buf *b, const char *text)
{
	gchar *e;

	if (text == NULL)
		return;
	e = g_markup_escape_text(text, -1);
	buf_adds(b, e);
	g_free(e);
}
