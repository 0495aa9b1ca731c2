/* fields.c - the decoded top-level header fields of a struct mail.
 *
 * parser_fill() sets every field of struct mail from the GMime message
 * (headers here, body and attachments in walk.c); parser_clear() frees
 * them again, wiping the texts first, so that a rewrite can refill the
 * struct from the changed tree.
 */
#include "config.h"

#include <string.h>

#include "common/xalloc.h"
#include "parser/priv.h"

/* A valid-UTF-8, trimmed copy of s, or NULL for NULL. */
static char *
clean_dup(const char *s)
{
	char *v, *r;

	if (s == NULL)
		return NULL;
	v = g_utf8_make_valid(s, -1);
	/* a header value is one line: a CR or LF decoded out of an encoded
	 * word ("=0D=0A") or any other control character becomes a blank */
	for (r = v; *r != '\0'; r++)
		if ((unsigned char)*r < 0x20 || *r == 0x7f)
			*r = ' ';
	g_strstrip(v);
	r = xstrdup(v);
	g_free(v);
	return r;
}

/* The decoded value of the first header called name, or NULL. */
static char *
header_dup(GMimeMessage *msg, const char *name)
{
	return clean_dup(g_mime_object_get_header(GMIME_OBJECT(msg), name));
}

/* Content-Language: GMime keeps Content-* headers with the top MIME
 * part, not the message. */
static char *
content_language(GMimeMessage *msg)
{
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	char *v = header_dup(msg, "Content-Language");

	if (v == NULL && top != NULL)
		v = clean_dup(g_mime_object_get_header(top,
		    "Content-Language"));
	return v;
}

/* A message id without <>, or NULL. */
static char *
msgid_dup(const char *raw)
{
	char *id, *r;

	if (raw == NULL || (id = g_mime_utils_decode_message_id(raw)) == NULL)
		return NULL;
	r = *id != '\0' ? clean_dup(id) : NULL;
	g_free(id);
	return r;
}

/* Copies one mailbox into a. */
static void
set_addr(struct mail_addr *a, InternetAddress *ia)
{
	const char *name = internet_address_get_name(ia);
	const char *addr;

	addr = internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(ia));
	a->a_name = name != NULL && *name != '\0' ? clean_dup(name) : NULL;
	a->a_addr = clean_dup(addr != NULL ? addr : "");
	g_strstrip(a->a_addr);
	for (char *c = a->a_addr; *c != '\0'; c++)
		*c = g_ascii_tolower(*c);
}

/* Appends every mailbox of l (groups flattened) to as. */
static void
add_addrs(struct mail_addrs *as, InternetAddressList *l, int depth)
{
	InternetAddress *ia;
	int i, n;

	if (l == NULL || depth > 4)
		return;
	n = internet_address_list_length(l);
	for (i = 0; i < n && as->as_n < 1000; i++) {
		ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			add_addrs(as, internet_address_group_get_members(
			    INTERNET_ADDRESS_GROUP(ia)), depth + 1);
			continue;
		}
		as->as_v = xreallocarray(as->as_v, as->as_n + 1,
		    sizeof(struct mail_addr));
		set_addr(&as->as_v[as->as_n++], ia);
	}
}

/* The first mailbox of l into a; a_addr "" when there is none. */
static void
first_addr(struct mail_addr *a, InternetAddressList *l)
{
	struct mail_addrs as = { NULL, 0 };
	size_t i;

	add_addrs(&as, l, 0);
	if (as.as_n == 0) {
		a->a_name = NULL;
		a->a_addr = xstrdup("");
		return;
	}
	*a = as.as_v[0];
	for (i = 1; i < as.as_n; i++) {
		free(as.as_v[i].a_name);
		free(as.as_v[i].a_addr);
	}
	free(as.as_v);
}

/* References (or In-Reply-To) ids, oldest first. */
static void
set_references(struct mail *m, GMimeMessage *msg)
{
	GMimeReferences *refs;
	const char *raw;
	int i, n;

	raw = g_mime_object_get_header(GMIME_OBJECT(msg), "References");
	if (raw == NULL)
		return;
	refs = g_mime_references_parse(m->m_priv->p_opts, raw);
	if (refs == NULL)
		return;
	n = g_mime_references_length(refs);
	if (n > 500)
		n = 500;
	m->m_references = xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		m->m_references[m->m_nreferences++] =
		    clean_dup(g_mime_references_get_message_id(refs, i));
	g_mime_references_free(refs);
}

/* Authentication-Results (all), List-* and the multipart/report type. */
static void
scan_headers(struct mail *m, GMimeMessage *msg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	GMimeObject *top;
	GMimeHeader *h;
	const char *name;
	int i, n = g_mime_header_list_get_count(hl);

	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		name = g_mime_header_get_name(h);
		if (g_ascii_strncasecmp(name, "List-", 5) == 0)
			m->m_flags |= MAIL_F_HAS_LIST;
		if (g_ascii_strcasecmp(name, "Authentication-Results") != 0 ||
		    m->m_nauth_results >= 64)
			continue;
		m->m_auth_results = xreallocarray(m->m_auth_results,
		    m->m_nauth_results + 1, sizeof(char *));
		m->m_auth_results[m->m_nauth_results++] =
		    clean_dup(g_mime_header_get_value(h) != NULL ?
		    g_mime_header_get_value(h) : "");
	}
	top = g_mime_message_get_mime_part(msg);
	if (top != NULL && g_mime_content_type_is_type(
	    g_mime_object_get_content_type(top), "multipart", "report")) {
		m->m_flags |= MAIL_F_MULTIPART_REPORT;
		m->m_report_type = clean_dup(
		    g_mime_object_get_content_type_parameter(top,
		    "report-type"));
	}
}

/* The header fields of a parsed message. */
static void
fill_headers(struct mail *m, GMimeMessage *msg)
{
	GDateTime *dt;

	m->m_subject = clean_dup(g_mime_message_get_subject(msg));
	if (m->m_subject == NULL)
		m->m_subject = xstrdup("");
	first_addr(&m->m_from, g_mime_message_get_from(msg));
	first_addr(&m->m_reply_to, g_mime_message_get_reply_to(msg));
	add_addrs(&m->m_to, g_mime_message_get_to(msg), 0);
	add_addrs(&m->m_cc, g_mime_message_get_cc(msg), 0);
	m->m_date = header_dup(msg, "Date");
	if ((dt = g_mime_message_get_date(msg)) != NULL)
		m->m_date_t = (time_t)g_date_time_to_unix(dt);
	m->m_message_id = clean_dup(g_mime_message_get_message_id(msg));
	m->m_in_reply_to = msgid_dup(g_mime_object_get_header(
	    GMIME_OBJECT(msg), "In-Reply-To"));
	set_references(m, msg);
	m->m_auto_submitted = header_dup(msg, "Auto-Submitted");
	m->m_precedence = header_dup(msg, "Precedence");
	m->m_x_loop = header_dup(msg, "X-Loop");
	m->m_importance = header_dup(msg, "Importance");
	m->m_x_priority = header_dup(msg, "X-Priority");
	m->m_content_language = content_language(msg);
	scan_headers(m, msg);
}

/* Sets every field from the message (or empty ones when unparseable). */
void
parser_fill(struct mail *m)
{
	GMimeMessage *msg = m->m_priv->p_msg;

	if (msg == NULL) {
		m->m_subject = xstrdup("");
		m->m_from.a_addr = xstrdup("");
		m->m_reply_to.a_addr = xstrdup("");
		m->m_text = xstrdup("");
		return;
	}
	fill_headers(m, msg);
	walk_message(m, msg);
	if (m->m_text == NULL)
		m->m_text = xstrdup("");
}

/* Frees a string after overwriting it. */
static void
wipe_free(char *s)
{
	if (s == NULL)
		return;
	memset(s, 0, strlen(s));
	free(s);
}

/* Frees an array of addresses. */
static void
free_addrs(struct mail_addrs *as)
{
	size_t i;

	for (i = 0; i < as->as_n; i++) {
		free(as->as_v[i].a_name);
		free(as->as_v[i].a_addr);
	}
	free(as->as_v);
}

/* Frees a vector of n strings. */
static void
free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Frees everything parser_fill() set and zeroes those fields. */
void
parser_clear(struct mail *m)
{
	struct mail_attachment *a;
	size_t i;

	wipe_free(m->m_subject);
	free(m->m_from.a_name);
	free(m->m_from.a_addr);
	free(m->m_reply_to.a_name);
	free(m->m_reply_to.a_addr);
	free_addrs(&m->m_to);
	free_addrs(&m->m_cc);
	free(m->m_date);
	free(m->m_message_id);
	free(m->m_in_reply_to);
	free_strv(m->m_references, m->m_nreferences);
	free(m->m_auto_submitted);
	free(m->m_precedence);
	free(m->m_x_loop);
	free(m->m_importance);
	free(m->m_x_priority);
	free(m->m_content_language);
	free_strv(m->m_auth_results, m->m_nauth_results);
	free(m->m_report_type);
	wipe_free(m->m_text);
	wipe_free(m->m_html);
	for (i = 0; i < m->m_natt; i++) {
		a = &m->m_att[i];
		free(a->at_filename);
		free(a->at_content_type);
		free(a->at_content_id);
		if (a->at_data != NULL)
			memset(a->at_data, 0, a->at_size);
		free(a->at_data);
	}
	free(m->m_att);
	if (m->m_priv->p_att_parts != NULL)
		g_ptr_array_free(m->m_priv->p_att_parts, TRUE);
	m->m_priv->p_att_parts = NULL;
	m->m_flags &= ~(MAIL_F_MULTIPART_REPORT | MAIL_F_HTML_ONLY |
	    MAIL_F_HAS_LIST);
	memset(m, 0, offsetof(struct mail, m_warnings));
}
