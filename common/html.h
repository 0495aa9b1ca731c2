/* html.h - text made safe for HTML (GLib's markup escaping). */
#ifndef PD_HTML_H
#define PD_HTML_H

#include "common/buf.h"

/* Appends text with &, <, >, " and ' escaped; NULL appends nothing. */
void	html_escape(struct buf *, const char *text);

#endif
