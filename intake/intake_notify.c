/* intake_notify.c - the mails a stored message calls for, queued in its
 * transaction: the confirmation of a new ticket and an agent's reply
 * relayed to the requester.
 *
 * Each is rendered from a template, composed into a finished message with
 * our HMAC'd Message-ID, stored on the ticket as an automatic message (so a
 * reply to it threads) and put in the outbox.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/addr.h"
#include "common/xalloc.h"
#include "intake/intake_int.h"
#include "notifier/notifier.h"

enum { V_NUMBER, V_TAG, V_SUBJECT, V_PRIORITY, V_FIRST_RESPONSE, V_DUE_AT,
    V_REQUESTER_NAME, V_REQUESTER, V_SUPPORT, V_FROM_NAME, V_MISS_ORDER,
    V_MISS_LINK, V_MISS_STATUS, V_MISS_ANY, V_REDACTED, V_REDACTED_KINDS,
    V_AGENT_NAME, V_BODY, V_STATUS, V_MERGED_NUMBER, V_MERGED_TAG, V__MAX };

static const char *const var_names[V__MAX] = { "number", "tag", "subject",
    "priority", "first_response", "due_at", "requester_name", "requester",
    "support_address", "from_name", "missing_order_id", "missing_link",
    "missing_status", "missing_any", "redacted", "redacted_kinds",
    "agent_name", "body", "status", "merged_number", "merged_tag" };

/* Words that tell the current state of an order on a service panel, in
 * lower case (the bytes they start with are listed in
 * intake_mentions_status()). */
static const char *const status_words[] = { "status", "pending",
    "processing", "in progress", "partial", "completed", "canceled",
    "cancelled", "refunded", "stuck", "статус", "estado", "statut",
    "zustand", NULL };

/* 1 when w is at p: ASCII letters compared without case, other bytes as
 * they are (as strcasecmp(3) compares in the C locale). */
static int
word_at(const char *p, const char *w)
{
	unsigned char a, b;

	for (; *w != '\0'; p++, w++) {
		a = (unsigned char)*p;
		b = (unsigned char)*w;
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

/* 1 when text mentions the order's status.  One pass: the words are
 * compared only where a byte one of them starts with is. */
int
intake_mentions_status(const char *text)
{
	static const unsigned char first[256] = {
		['s'] = 1, ['S'] = 1, ['p'] = 1, ['P'] = 1, ['i'] = 1,
		['I'] = 1, ['c'] = 1, ['C'] = 1, ['r'] = 1, ['R'] = 1,
		['e'] = 1, ['E'] = 1, ['z'] = 1, ['Z'] = 1, [0xd1] = 1,
	};
	const char *p;
	size_t i;
	int c;

	for (p = text; *p != '\0'; p++) {
		if (!first[(unsigned char)*p])
			continue;
		c = (unsigned char)*p | ((unsigned char)*p < 0x80 ? 0x20 : 0);
		for (i = 0; status_words[i] != NULL; i++)
			if ((unsigned char)status_words[i][0] == c &&
			    word_at(p, status_words[i]))
				return 1;
	}
	return 0;
}

/* Human words for the kinds that were removed, e.g. "password, card". */
static char *
intake_kinds_text(const struct redact_counts *c)
{
	static const char *const human[RK__MAX] = { "password",
	    "one-time or 2FA code", "recovery code", "password-reset link",
	    "session cookie", "API key or token", "card number",
	    "card security code", "secret" };
	struct buf b = BUF_INIT;
	int k;

	for (k = 0; k < RK__MAX; k++)
		if (c->rc_n[k] > 0)
			buf_addf(&b, "%s%s", b.b_len ? ", " : "", human[k]);
	return buf_steal(&b);
}

/* "Medium" from "medium". */
static void
capitalize(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
	if (dst[0] != '\0')
		dst[0] = (char)toupper((unsigned char)dst[0]);
}

/* Stores our outgoing mail on the ticket and queues it; its Reply-To
 * becomes the ticket's own reply address (secret: the hmac secret). */
enum store_status
intake_queue(struct store *s, int *counter, long number, const char *kind,
    const char *env_from, const struct notify_msg *nm, const char *secret)
{
	struct notify_msg out = *nm;
	struct store_outbox ob;
	struct store_message sm;
	struct buf data = BUF_INIT;
	enum store_status st;
	long id;

	out.nm_reply_to = ticket_reply_address(secret, nm->nm_reply_to,
	    number);
	notifier_compose(&out, time(NULL), &data);
	free((char *)out.nm_reply_to);
	memset(&sm, 0, sizeof(sm));
	sm.sm_ticket = number;
	sm.sm_key = nm->nm_message_id;
	sm.sm_message_id = nm->nm_message_id;
	sm.sm_direction = DIR_AUTO;
	sm.sm_from_addr = nm->nm_from_addr;
	sm.sm_from_name = nm->nm_from_name;
	sm.sm_subject = nm->nm_subject;
	sm.sm_text = nm->nm_body;
	sm.sm_new_len = strlen(nm->nm_body);
	sm.sm_raw = data.b_data;
	sm.sm_raw_len = data.b_len;
	sm.sm_redactions = "{}";
	st = store_message_add(s, &sm, &id);
	if (st == STORE_NONE)
		st = STORE_HARD;	/* our own id cannot repeat */
	if (st == STORE_ONE) {
		memset(&ob, 0, sizeof(ob));
		ob.ob_ticket = number;
		ob.ob_kind = (char *)kind;
		ob.ob_mail_from = (char *)env_from;
		ob.ob_rcpt = (char *)nm->nm_to_addr;
		ob.ob_message_id = (char *)nm->nm_message_id;
		ob.ob_data = data.b_data;
		ob.ob_len = data.b_len;
		st = store_outbox_add(s, &ob, &id);
		if (st == STORE_ONE && counter != NULL)
			(*counter)++;
	}
	buf_free(&data);
	return st;
}

/* Fills the template variables common to every mail about a ticket. */
static void
intake_vars(struct intake_job *j, long number, const char *subject,
    const char *prio, struct tmpl_var *v, char *num, char **tag)
{
	const struct conf *cf = j->j_in->in_conf;
	int i;

	for (i = 0; i < V__MAX; i++) {
		v[i].tv_name = var_names[i];
		v[i].tv_value = "";
	}
	snprintf(num, 32, "%ld", number);
	*tag = tag_format(cf->cf_tag_prefix, number);
	v[V_NUMBER].tv_value = num;
	v[V_TAG].tv_value = *tag;
	v[V_SUBJECT].tv_value = subject;
	v[V_PRIORITY].tv_value = prio;
	v[V_REQUESTER].tv_value = j->j_from;
	v[V_REQUESTER_NAME].tv_value = j->j_from_name != NULL &&
	    *j->j_from_name != '\0' ? j->j_from_name : j->j_from;
	v[V_SUPPORT].tv_value = cf->cf_from_address;
	v[V_FROM_NAME].tv_value = cf->cf_from_name;
}

/* Threads nm onto parent (may be NULL): In-Reply-To parent, References
 * the last of m's references (m may be NULL) and then parent. */
static void
intake_thread(struct notify_msg *nm, const struct mail *m, const char *parent,
    const char **refs, size_t max)
{
	size_t n = 0, i, nrefs = m != NULL ? m->m_nreferences : 0;

	for (i = nrefs > max - 1 ? nrefs - (max - 1) : 0; i < nrefs; i++)
		refs[n++] = m->m_references[i];
	if (parent != NULL && (n == 0 || strcmp(refs[n - 1], parent) != 0))
		refs[n++] = parent;
	nm->nm_in_reply_to = parent;
	nm->nm_references = refs;
	nm->nm_nreferences = n;
}

/* The threading of a relayed agent reply: onto what the customer has
 * seen.  The agent answered the customer's mail (its In-Reply-To and
 * References), or wrote fresh with only the tag: then onto the customer's
 * latest mail on the ticket. */
static enum store_status
intake_relay_refs(struct store *s, const struct mail *m, long number,
    struct notify_msg *nm, const char **refs, size_t max, char *last,
    size_t lastlen)
{
	const char *parent = m->m_in_reply_to;
	enum store_status st;

	if (parent == NULL) {
		st = store_last_customer_id(s, number, last, lastlen);
		if (st < 0)
			return st;
		if (st == STORE_ONE)
			parent = last;
	}
	intake_thread(nm, m, parent, refs, max);
	return STORE_ONE;
}

/* Renders a template's subject and body separately, so nothing a customer
 * wrote can move text from one to the other; -1 with err on failure,
 * which is a configuration error of the job (j_conf_err). */
static int
intake_render(struct intake_job *j, const char *name, struct tmpl_var *v,
    struct buf *subj, struct buf *body, char *err, size_t errlen)
{
	if (tmpl_render_mail(j->j_in->in_conf->cf_template_dir, name, v,
	    V__MAX, subj, body, err, errlen) < 0) {
		j->j_conf_err = 1;
		return -1;
	}
	if (subj->b_data == NULL)
		buf_adds(subj, "");
	if (body->b_data == NULL)
		buf_adds(body, "");
	return 0;
}

/* Queues the confirmation of a new ticket to its requester. */
enum store_status
intake_queue_confirmation(struct store *s, struct intake_job *j, long number,
    const struct store_new_ticket *nt, char *err, size_t errlen)
{
	const struct conf *cf = j->j_in->in_conf;
	const struct mail *m = j->j_mail;
	struct tmpl_var v[V__MAX];
	struct notify_msg nm;
	struct buf subj = BUF_INIT, body = BUF_INIT;
	const char *refs[20];
	char num[32], prio[16], resp[32], due[64], *tag, *kinds, *fallback;
	enum store_status st;
	struct tm tm;
	long hours = cf->cf_sla_hours[nt->nt_priority];
	int miss_order, miss_link, miss_status;

	capitalize(prio, sizeof(prio), ticket_priority_name(nt->nt_priority));
	intake_vars(j, number, nt->nt_subject, prio, v, num, &tag);
	snprintf(resp, sizeof(resp), "%ld hour%s", hours, hours == 1 ? "" :
	    "s");
	gmtime_r(&nt->nt_due, &tm);
	strftime(due, sizeof(due), "%Y-%m-%d %H:%M UTC", &tm);
	miss_order = j->j_orders == NULL || j->j_orders[0] == NULL;
	miss_link = j->j_links == NULL || j->j_links[0] == NULL;
	miss_status = !intake_mentions_status(m->m_text);
	kinds = intake_kinds_text(&j->j_res->ir_counts);
	v[V_FIRST_RESPONSE].tv_value = resp;
	v[V_DUE_AT].tv_value = due;
	v[V_MISS_ORDER].tv_value = miss_order ? "yes" : "";
	v[V_MISS_LINK].tv_value = miss_link ? "yes" : "";
	v[V_MISS_STATUS].tv_value = miss_status ? "yes" : "";
	v[V_MISS_ANY].tv_value = miss_order || miss_link || miss_status ?
	    "yes" : "";
	v[V_REDACTED].tv_value = *kinds != '\0' ? "yes" : "";
	v[V_REDACTED_KINDS].tv_value = kinds;
	v[V_STATUS].tv_value = "Open";
	if (intake_render(j, "confirmation", v, &subj, &body, err,
	    errlen) < 0) {
		free(tag);
		free(kinds);
		buf_free(&subj);
		buf_free(&body);
		return STORE_SOFT;	/* a broken template (j_conf_err) */
	}
	fallback = tag_subject(nt->nt_subject, cf->cf_tag_prefix, number);
	memset(&nm, 0, sizeof(nm));
	nm.nm_from_addr = cf->cf_from_address;
	nm.nm_from_name = cf->cf_from_name;
	nm.nm_to_addr = j->j_from;
	nm.nm_to_name = j->j_from_name;
	nm.nm_reply_to = cf->cf_from_address;
	nm.nm_subject = *subj.b_data != '\0' ? subj.b_data : fallback;
	nm.nm_message_id = ticket_message_id(cf->cf_hmac_secret, number,
	    j->j_in->in_domain);
	intake_thread(&nm, m, m->m_message_id, refs, 20);
	nm.nm_auto_submitted = "auto-replied";
	nm.nm_x_loop = cf->cf_from_address;
	nm.nm_body = body.b_data;
	st = intake_queue(s, &j->j_res->ir_confirmations, number,
	    "confirmation", "", &nm, cf->cf_hmac_secret);
	free((char *)nm.nm_message_id);
	free(fallback);
	free(tag);
	free(kinds);
	buf_free(&subj);
	buf_free(&body);
	return st;
}

/* 1 when the requester already got the agent's mail directly. */
static int
intake_requester_is_rcpt(const struct intake_job *j, const char *req)
{
	const struct mail *m = j->j_mail;
	size_t i;

	for (i = 0; i < m->m_to.as_n; i++)
		if (strcasecmp(m->m_to.as_v[i].a_addr, req) == 0)
			return 1;
	for (i = 0; i < m->m_cc.as_n; i++)
		if (strcasecmp(m->m_cc.as_v[i].a_addr, req) == 0)
			return 1;
	for (i = 0; i < j->j_env->ie_nrcpts; i++)
		if (strcasecmp(j->j_env->ie_rcpts[i], req) == 0)
			return 1;
	return 0;
}

/* Relays a trusted agent's reply to the requester of the ticket. */
enum store_status
intake_queue_relay(struct store *s, struct intake_job *j,
    const struct store_ticket *tk, char *err, size_t errlen)
{
	const struct conf *cf = j->j_in->in_conf;
	const struct mail *m = j->j_mail;
	struct tmpl_var v[V__MAX];
	struct notify_msg nm;
	struct buf subj = BUF_INIT, body = BUF_INIT;
	const char *refs[20];
	char num[32], prio[16], status[32], last[1000], *tag, *fallback;
	char *agent;
	enum store_status st;

	if (tk->t_requester[0] == '\0' ||
	    intake_requester_is_rcpt(j, tk->t_requester))
		return STORE_ONE;
	capitalize(prio, sizeof(prio), ticket_priority_name(tk->t_priority));
	capitalize(status, sizeof(status), ticket_status_name(tk->t_status));
	intake_vars(j, tk->t_number, tk->t_subject, prio, v, num, &tag);
	v[V_REQUESTER].tv_value = tk->t_requester;
	v[V_REQUESTER_NAME].tv_value = tk->t_requester;
	agent = xasprintf("%s", j->j_from_name != NULL && *j->j_from_name !=
	    '\0' ? j->j_from_name : j->j_from);
	v[V_AGENT_NAME].tv_value = agent;
	v[V_BODY].tv_value = m->m_text + j->j_body_off;
	v[V_STATUS].tv_value = status;
	if (intake_render(j, "reply", v, &subj, &body, err, errlen) < 0) {
		free(tag);
		free(agent);
		buf_free(&subj);
		buf_free(&body);
		return STORE_SOFT;
	}
	fallback = tag_subject(tag_skip_prefixes(m->m_subject),
	    cf->cf_tag_prefix, tk->t_number);
	memset(&nm, 0, sizeof(nm));
	nm.nm_from_addr = cf->cf_from_address;
	nm.nm_from_name = agent;
	nm.nm_to_addr = tk->t_requester;
	nm.nm_reply_to = cf->cf_from_address;
	nm.nm_subject = *subj.b_data != '\0' ? subj.b_data : fallback;
	nm.nm_message_id = ticket_message_id(cf->cf_hmac_secret,
	    tk->t_number, j->j_in->in_domain);
	if ((st = intake_relay_refs(s, m, tk->t_number, &nm, refs, 20,
	    last, sizeof(last))) < 0)
		goto out;
	nm.nm_x_loop = cf->cf_from_address;
	nm.nm_body = body.b_data;
	st = intake_queue(s, &j->j_res->ir_confirmations, tk->t_number,
	    "reply", cf->cf_from_address, &nm, cf->cf_hmac_secret);
out:
	free((char *)nm.nm_message_id);
	free(fallback);
	free(tag);
	free(agent);
	buf_free(&subj);
	buf_free(&body);
	return st;
}

/* Queues the notice of a status the customer should know of (resolved,
 * closed) in the caller's transaction; anything else queues nothing. */
enum store_status
intake_queue_status(struct intake *in, struct store *s, long number,
    enum ticket_status status, int *queued, char *err, size_t errlen)
{
	const struct conf *cf = in->in_conf;
	struct intake_job j;
	struct intake_result r;
	struct store_ticket tk;
	struct tmpl_var v[V__MAX];
	struct notify_msg nm;
	struct buf subj = BUF_INIT, body = BUF_INIT;
	const char *refs[2], *name;
	char num[32], prio[16], last[1000], *tag;
	enum store_status st;

	if (status != TS_RESOLVED && status != TS_CLOSED)
		return STORE_ONE;
	name = ticket_status_name(status);
	if ((st = store_ticket_get(s, number, &tk)) != STORE_ONE)
		return st;
	if (tk.t_requester[0] == '\0')
		return STORE_ONE;
	if ((st = store_contact_undeliverable(s, tk.t_requester, NULL)) !=
	    STORE_NONE)
		return st == STORE_ONE ? STORE_ONE : st;
	memset(&j, 0, sizeof(j));
	memset(&r, 0, sizeof(r));
	j.j_in = in;
	j.j_res = &r;
	j.j_from = tk.t_requester;
	capitalize(prio, sizeof(prio), ticket_priority_name(tk.t_priority));
	intake_vars(&j, number, tk.t_subject, prio, v, num, &tag);
	v[V_STATUS].tv_value = name;
	memset(&nm, 0, sizeof(nm));
	if (intake_render(&j, name, v, &subj, &body, err, errlen) < 0) {
		st = STORE_HARD;
		goto out;
	}
	nm.nm_from_addr = cf->cf_from_address;
	nm.nm_from_name = cf->cf_from_name;
	nm.nm_to_addr = tk.t_requester;
	nm.nm_reply_to = cf->cf_from_address;
	nm.nm_subject = subj.b_data;
	nm.nm_message_id = ticket_message_id(cf->cf_hmac_secret, number,
	    in->in_domain);
	if ((st = store_last_customer_id(s, number, last, sizeof(last))) < 0)
		goto out;
	intake_thread(&nm, NULL, st == STORE_ONE ? last : NULL, refs, 2);
	nm.nm_auto_submitted = "auto-generated";
	nm.nm_x_loop = cf->cf_from_address;
	nm.nm_body = body.b_data;
	st = intake_queue(s, queued, number, "status", "", &nm,
	    cf->cf_hmac_secret);
out:
	free((char *)nm.nm_message_id);
	free(tag);
	buf_free(&subj);
	buf_free(&body);
	return st;
}

/* Queues the one notice telling the requester of ticket a that it now
 * lives on as ticket into (template "merged"), threaded onto parent (may
 * be NULL), stored on into with into's reply address. */
enum store_status
intake_queue_merged(struct intake *in, struct store *s,
    const struct store_ticket *a, long into, const char *parent,
    int *queued, char *err, size_t errlen)
{
	const struct conf *cf = in->in_conf;
	struct intake_job j;
	struct intake_result r;
	struct store_ticket b;
	struct tmpl_var v[V__MAX];
	struct notify_msg nm;
	struct buf subj = BUF_INIT, body = BUF_INIT;
	const char *refs[2];
	char num[32], anum[32], prio[16], *tag, *atag;
	enum store_status st;

	if ((st = store_ticket_get(s, into, &b)) != STORE_ONE)
		return st;
	if (a->t_requester[0] == '\0' || (st = store_contact_undeliverable(s,
	    a->t_requester, NULL)) != STORE_NONE)
		return st == STORE_ONE || a->t_requester[0] == '\0' ?
		    STORE_ONE : st;
	memset(&j, 0, sizeof(j));
	memset(&r, 0, sizeof(r));
	j.j_in = in;
	j.j_res = &r;
	j.j_from = a->t_requester;
	capitalize(prio, sizeof(prio), ticket_priority_name(b.t_priority));
	intake_vars(&j, into, b.t_subject, prio, v, num, &tag);
	snprintf(anum, sizeof(anum), "%ld", a->t_number);
	atag = tag_format(cf->cf_tag_prefix, a->t_number);
	v[V_MERGED_NUMBER].tv_value = anum;
	v[V_MERGED_TAG].tv_value = atag;
	v[V_STATUS].tv_value = ticket_status_name(b.t_status);
	memset(&nm, 0, sizeof(nm));
	if (intake_render(&j, "merged", v, &subj, &body, err, errlen) < 0) {
		st = STORE_HARD;
		goto out;
	}
	nm.nm_from_addr = cf->cf_from_address;
	nm.nm_from_name = cf->cf_from_name;
	nm.nm_to_addr = a->t_requester;
	nm.nm_reply_to = cf->cf_from_address;
	nm.nm_subject = subj.b_data;
	nm.nm_message_id = ticket_message_id(cf->cf_hmac_secret, into,
	    in->in_domain);
	intake_thread(&nm, NULL, parent, refs, 2);
	nm.nm_auto_submitted = "auto-generated";
	nm.nm_x_loop = cf->cf_from_address;
	nm.nm_body = body.b_data;
	st = intake_queue(s, queued, into, "merged", "", &nm,
	    cf->cf_hmac_secret);
out:
	free((char *)nm.nm_message_id);
	free(tag);
	free(atag);
	buf_free(&subj);
	buf_free(&body);
	return st;
}
