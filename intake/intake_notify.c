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
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/addr.h"
#include "common/msgbuf.h"
#include "common/xalloc.h"
#include "intake/intake_int.h"
#include "notifier/notifier.h"
#include "parser/parser.h"
#include "ticket/chat.h"

enum { V_NUMBER, V_TAG, V_SUBJECT, V_PRIORITY, V_FIRST_RESPONSE, V_DUE_AT,
    V_REQUESTER_NAME, V_REQUESTER, V_SUPPORT, V_FROM_NAME, V_MISS_ANY,
    V_REDACTED, V_REDACTED_KINDS, V_AGENT_NAME, V_BODY, V_STATUS,
    V_ISSUE_TYPE, V_HOURS, V_MERGED_NUMBER, V_MERGED_TAG, V_IS_RESOLVED,
    V_IS_CLOSED, V_IS_CHAT, V_RED,
    V_PRIO = V_RED + RA__MAX,
    V_MISS = V_PRIO + TP__MAX,
    V__MAX = V_MISS + DT__MAX };

/* The names templates know; "redacted_ADVICE" in the order of enum
 * redact_advice, "is_PRIORITY" in that of enum ticket_priority,
 * "missing_DETAIL" in that of enum ticket_detail. */
static const char *const var_names[V__MAX] = { "number", "tag", "subject",
    "priority", "first_response", "due_at", "requester_name", "requester",
    "support_address", "from_name", "missing_any", "redacted",
    "redacted_kinds", "agent_name", "body", "status", "issue_type",
    "hours", "merged_number", "merged_tag", "is_resolved", "is_closed",
    "is_chat", "redacted_password", "redacted_code", "redacted_recovery",
    "redacted_card", "redacted_access", "redacted_other",
    "is_low", "is_medium",
    "is_high", "is_urgent",
    "missing_order_id", "missing_service", "missing_link",
    "missing_status", "missing_current_count", "missing_payment_reference",
    "missing_amount", "missing_date", "missing_method", "missing_account" };

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

/* What was removed from a mail, for a template: redacted, redacted_kinds
 * (kinds, intake_kinds_text()) and the advice of each kind. */
static void
intake_redacted_vars(struct tmpl_var *v, const struct redact_counts *c,
    const char *kinds)
{
	int k;

	v[V_REDACTED].tv_value = *kinds != '\0' ? "yes" : "";
	v[V_REDACTED_KINDS].tv_value = kinds;
	for (k = 0; k < RK__MAX; k++)
		if (c->rc_n[k] > 0)
			v[V_RED + redact_kind_advice((enum redact_kind)k)].tv_value =
			    "yes";
}

/* "Medium" from "medium". */
static void
capitalize(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
	if (dst[0] != '\0')
		dst[0] = (char)toupper((unsigned char)dst[0]);
}

/* Composes mo at now into og (a temp file when big is set); on a ticket
 * (number not 0) its Reply-To becomes the ticket's own reply address.
 * -1 (errno set) when that file cannot be written. */
int
intake_out_compose(const struct conf *cf, const struct mail_out *in_mo,
    long number, int big, time_t now, struct intake_out *og)
{
	struct mail_out mo = *in_mo;
	char *reply_to = NULL;
	off_t n;
	int rc = 0;

	memset(og, 0, sizeof(*og));
	og->og_fd = -1;
	if (number != 0 && mo.mo_reply_to != NULL)
		mo.mo_reply_to = reply_to = ticket_reply_address(
		    cf->cf_hmac_secret, mo.mo_reply_to, number);
	if (!big) {
		mail_compose(&mo, now, &og->og_data);
		og->og_len = og->og_data.b_len;
	} else if ((og->og_fd = msgbuf_tmpfile(cf->cf_tmpdir)) < 0 ||
	    (n = mail_compose_fd(&mo, now, og->og_fd)) < 0)
		rc = -1;
	else
		og->og_len = (size_t)n;
	free(reply_to);
	return rc;
}

/* Frees what intake_out_compose() made. */
void
intake_out_free(struct intake_out *og)
{
	buf_free(&og->og_data);
	if (og->og_fd >= 0)
		close(og->og_fd);
	og->og_fd = -1;
}

/* Stores our outgoing mail on the ticket (unless number is 0) and
 * queues it, one outbox row for each of the n envelope recipients; on a
 * ticket its Reply-To becomes the ticket's own reply address.  big: it
 * takes the parts of a big mail, so it is written to a temp file and
 * read from there. */
enum store_status
intake_queue_mail(struct store *s, struct intake_job *j, int *counter,
    long number, const char *kind, const char *env_from,
    const struct mail_out *mo, const char *const *rcpts, size_t n,
    int big)
{
	const struct conf *cf = j->j_in->in_conf;
	struct store_outbox ob;
	struct store_message sm;
	struct intake_out og;
	enum store_status st = STORE_SOFT;
	const char *ours[2] = { mo->mo_from_addr, NULL };	/* us */
	size_t i;

	if (intake_out_compose(cf, mo, number, big, time(NULL), &og) < 0) {
		snprintf(j->j_res->ir_reason, sizeof(j->j_res->ir_reason),
		    "cannot write the reply in %s: %s",
		    cf->cf_tmpdir, strerror(errno));
		goto out;
	}
	memset(&sm, 0, sizeof(sm));
	sm.sm_ticket = number;
	sm.sm_key = mo->mo_message_id;
	sm.sm_message_id = mo->mo_message_id;
	sm.sm_direction = DIR_AUTO;
	sm.sm_from_addr = mo->mo_from_addr;
	sm.sm_from_name = mo->mo_from_name;
	sm.sm_ours = ours;
	sm.sm_subject = mo->mo_subject;
	sm.sm_text = mo->mo_text;
	sm.sm_new_len = strlen(mo->mo_text);
	sm.sm_raw = og.og_data.b_data;
	sm.sm_raw_len = og.og_len;
	sm.sm_read = intake_read_file;
	sm.sm_read_arg = &og.og_fd;
	sm.sm_redactions = "{}";
	st = number != 0 ? store_message_add(s, &sm) : STORE_ONE;
	if (st == STORE_NONE)
		st = STORE_HARD;	/* our own id cannot repeat */
	for (i = 0; i < n && st == STORE_ONE; i++) {
		memset(&ob, 0, sizeof(ob));
		ob.ob_ticket = number;
		ob.ob_kind = (char *)kind;
		ob.ob_mail_from = (char *)env_from;
		ob.ob_rcpt = (char *)rcpts[i];
		ob.ob_message_id = (char *)mo->mo_message_id;
		ob.ob_data = og.og_data.b_data;
		ob.ob_len = og.og_len;
		ob.ob_read = intake_read_file;
		ob.ob_read_arg = &og.og_fd;
		st = store_outbox_add(s, &ob, NULL);
		if (st == STORE_ONE && counter != NULL)
			(*counter)++;
	}
out:
	intake_out_free(&og);
	return st;
}

/* Starts an automatic mail from the support address to one person
 * (addr, name; to holds them): From, To, Reply-To and X-Loop set, the
 * rest empty. */
void
intake_mo_init(struct mail_out *mo, struct mail_addr *to,
    const struct conf *cf, const char *addr, const char *name)
{
	memset(mo, 0, sizeof(*mo));
	mo->mo_from_addr = cf->cf_from_address;
	mo->mo_from_name = cf->cf_from_name;
	to->a_addr = (char *)addr;
	to->a_name = (char *)name;
	mo->mo_to = to;
	mo->mo_nto = 1;
	mo->mo_reply_to = cf->cf_from_address;
	mo->mo_x_loop = cf->cf_from_address;
}

/* A job of no mail for an automatic mail to from: what the templates
 * and intake_queue_mail() need of it. */
void
intake_job_bare(struct intake_job *j, struct intake_result *r,
    struct intake *in, const char *from)
{
	memset(j, 0, sizeof(*j));
	memset(r, 0, sizeof(*r));
	j->j_in = in;
	j->j_res = r;
	j->j_from = from;
}

/* ONE when addr may get an automatic mail: given, and not marked
 * undeliverable after a bounce; NONE when not. */
static enum store_status
intake_deliverable(struct store *s, const char *addr)
{
	enum store_status st;

	if (addr == NULL || *addr == '\0')
		return STORE_NONE;
	st = store_contact_undeliverable(s, addr, NULL);
	if (st == STORE_NONE)
		return STORE_ONE;
	return st == STORE_ONE ? STORE_NONE : st;
}

/* is_chat: the mail goes to a Telegram chat, where there is no subject
 * to keep a tag in, and /start and /createticket are the way back. */
static void
intake_chat_var(struct tmpl_var *v, const char *to)
{
	long long user;

	v[V_IS_CHAT].tv_value = to != NULL && chat_addr_user(to, &user) ?
	    "yes" : "";
}

/* Fills the template variables common to every mail about a ticket. */
static void
intake_vars(struct intake_job *j, long number, const char *subject,
    enum ticket_priority pr, const char *prio, struct tmpl_var *v,
    char *num, char **tag)
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
	if ((unsigned)pr < TP__MAX)
		v[V_PRIO + pr].tv_value = "yes";
	v[V_REQUESTER].tv_value = j->j_from;
	/* a name, or nothing: "Hello," reads better than an address */
	v[V_REQUESTER_NAME].tv_value = j->j_from_name != NULL ?
	    j->j_from_name : "";
	v[V_SUPPORT].tv_value = cf->cf_from_address;
	v[V_FROM_NAME].tv_value = cf->cf_from_name;
	intake_chat_var(v, j->j_from);
}

/* Threads mo onto parent (may be NULL): In-Reply-To parent, References
 * the last of m's references (m may be NULL) and then parent. */
static void
intake_thread(struct mail_out *mo, const struct mail *m, const char *parent,
    const char **refs, size_t max)
{
	size_t n = 0, i, nrefs = m != NULL ? m->m_nreferences : 0;

	for (i = nrefs > max - 1 ? nrefs - (max - 1) : 0; i < nrefs; i++)
		refs[n++] = m->m_references[i];
	if (parent != NULL && (n == 0 || strcmp(refs[n - 1], parent) != 0))
		refs[n++] = parent;
	mo->mo_in_reply_to = parent;
	mo->mo_references = refs;
	mo->mo_nreferences = n;
}

/* The threading of a relayed agent reply: onto what the customer has
 * seen.  The agent answered the customer's mail (its In-Reply-To and
 * References), or wrote fresh with only the tag: then onto the customer's
 * latest mail on the ticket. */
static enum store_status
intake_relay_refs(struct store *s, const struct mail *m, long number,
    struct mail_out *mo, const char **refs, size_t max, char *last,
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
	intake_thread(mo, m, parent, refs, max);
	return STORE_ONE;
}

/* The directory to take template name from for language lang (may be
 * NULL): template_dir/LANG, else template_dir/DEFAULT_LANGUAGE, else
 * template_dir itself, the first that has NAME.txt. */
void
intake_tmpl_dir(const struct intake *in, const char *lang, const char *name,
    char *dir, size_t dirlen)
{
	const struct conf *cf = in->in_conf;
	const char *langs[2] = { lang, cf->cf_default_language };
	char path[4096];
	int i;

	for (i = 0; i < 2; i++) {
		if (langs[i] == NULL || ticket_lang_known(langs[i]) == NULL)
			continue;
		snprintf(dir, dirlen, "%s/%s", cf->cf_template_dir,
		    ticket_lang_known(langs[i]));
		snprintf(path, sizeof(path), "%s/%s.txt", dir, name);
		if (tmpl_cache_has(in->in_tmpl, path) ||
		    access(path, R_OK) == 0)
			return;
	}
	snprintf(dir, dirlen, "%s", cf->cf_template_dir);
}

/* Renders a template's subject and body separately, so nothing a customer
 * wrote can move text from one to the other; -1 with err on failure,
 * which is a configuration error of the job (j_conf_err). */
static int
intake_render(struct intake_job *j, const char *lang, const char *name,
    struct tmpl_var *v, struct buf *subj, struct buf *body, char *err,
    size_t errlen)
{
	char dir[4096];

	intake_tmpl_dir(j->j_in, lang, name, dir, sizeof(dir));
	if (tmpl_cache_render_mail(j->j_in->in_tmpl, dir, name, v, V__MAX,
	    subj, body, err, errlen) < 0) {
		j->j_conf_err = 1;
		return -1;
	}
	if (subj->b_data == NULL)
		buf_adds(subj, "");
	if (body->b_data == NULL)
		buf_adds(body, "");
	return 0;
}

/* Renders the confirmation of a new ticket to its requester into c
 * (free it with intake_confirm_free()); -1 with err when its template
 * is broken (j_conf_err set). */
int
intake_confirm_make(struct intake_job *j, long number,
    const struct store_new_ticket *nt, struct intake_confirm *c, char *err,
    size_t errlen)
{
	const struct conf *cf = j->j_in->in_conf;
	struct tmpl_var v[V__MAX];
	char num[32], prio[16], resp[32], due[64], hrs[24];
	struct tm tm;
	long hours = cf->cf_sla_hours[nt->nt_priority];
	int d;

	memset(c, 0, sizeof(*c));
	capitalize(prio, sizeof(prio), ticket_priority_name(nt->nt_priority));
	intake_vars(j, number, nt->nt_subject, nt->nt_priority, prio, v, num,
	    &c->cm_tag);
	snprintf(resp, sizeof(resp), "%ld hour%s", hours, hours == 1 ? "" :
	    "s");
	gmtime_r(&nt->nt_due, &tm);
	strftime(due, sizeof(due), "%Y-%m-%d %H:%M UTC", &tm);
	c->cm_kinds = intake_kinds_text(&j->j_res->ir_counts);
	snprintf(hrs, sizeof(hrs), "%ld", hours);
	v[V_HOURS].tv_value = hrs;
	v[V_FIRST_RESPONSE].tv_value = resp;
	v[V_DUE_AT].tv_value = due;
	for (d = 0; d < DT__MAX; d++)
		v[V_MISS + d].tv_value = j->j_missing & (1u << d) ? "yes" : "";
	v[V_MISS_ANY].tv_value = j->j_missing != 0 ? "yes" : "";
	v[V_ISSUE_TYPE].tv_value = ticket_issue_name(j->j_issue);
	intake_redacted_vars(v, &j->j_res->ir_counts, c->cm_kinds);
	v[V_STATUS].tv_value = "Open";
	if (intake_render(j, j->j_lang, "confirmation", v, &c->cm_subj,
	    &c->cm_body, err, errlen) < 0)
		return -1;
	c->cm_fallback = tag_subject(nt->nt_subject, cf->cf_tag_prefix,
	    number);
	intake_mo_init(&c->cm_mo, &c->cm_to, cf, j->j_from, j->j_from_name);
	c->cm_mo.mo_subject = *c->cm_subj.b_data != '\0' ? c->cm_subj.b_data :
	    c->cm_fallback;
	c->cm_mo.mo_message_id = c->cm_msgid = ticket_message_id(
	    cf->cf_hmac_secret, number, j->j_in->in_domain);
	intake_thread(&c->cm_mo, j->j_mail, j->j_mail->m_message_id,
	    c->cm_refs, INTAKE_CONFIRM_REFS);
	c->cm_mo.mo_auto_submitted = "auto-replied";
	c->cm_mo.mo_text = c->cm_body.b_data;
	return 0;
}

/* Frees what intake_confirm_make() made. */
void
intake_confirm_free(struct intake_confirm *c)
{
	free(c->cm_msgid);
	free(c->cm_fallback);
	free(c->cm_tag);
	free(c->cm_kinds);
	buf_free(&c->cm_subj);
	buf_free(&c->cm_body);
}

/* Queues the confirmation of a new ticket to its requester. */
enum store_status
intake_queue_confirmation(struct store *s, struct intake_job *j, long number,
    const struct store_new_ticket *nt, char *err, size_t errlen)
{
	struct intake_confirm c;
	enum store_status st = STORE_SOFT;	/* a broken template */

	if (intake_confirm_make(j, number, nt, &c, err, errlen) == 0)
		st = intake_queue_mail(s, j, &j->j_res->ir_confirmations,
		    number, "confirmation", "", &c.cm_mo,
		    (const char *const *)&c.cm_to.a_addr, 1, 0);
	intake_confirm_free(&c);
	return st;
}

/* 1 when addr already got the agent's mail directly. */
static int
intake_is_rcpt(const struct intake_job *j, const char *addr)
{
	const struct mail *m = j->j_mail;
	size_t i;

	for (i = 0; i < m->m_to.as_n; i++)
		if (strcasecmp(m->m_to.as_v[i].a_addr, addr) == 0)
			return 1;
	for (i = 0; i < m->m_cc.as_n; i++)
		if (strcasecmp(m->m_cc.as_v[i].a_addr, addr) == 0)
			return 1;
	for (i = 0; i < j->j_env->ie_nrcpts; i++)
		if (strcasecmp(j->j_env->ie_rcpts[i], addr) == 0)
			return 1;
	return 0;
}

/* Who an agent's reply goes to. */
struct relay_to {
	struct mail_addr	 rt_to;		/* the requester */
	struct mail_addr	*rt_cc;		/* the customer participants */
	size_t			 rt_ncc;
	const char		**rt_rcpts;	/* the envelope: those of the
						   above who need it */
	size_t			 rt_nrcpts;
	struct store_person	*rt_people;
	size_t			 rt_npeople;
};

/* Adds addr to the envelope unless it got the mail directly or bounced;
 * <0 when the store failed. */
static enum store_status
relay_rcpt(struct store *s, const struct intake_job *j, struct relay_to *rt,
    const char *addr)
{
	enum store_status st;

	if (intake_is_rcpt(j, addr))
		return STORE_ONE;
	if ((st = store_contact_undeliverable(s, addr, NULL)) != STORE_NONE)
		return st;	/* ONE: it bounced, skipped */
	rt->rt_rcpts[rt->rt_nrcpts++] = addr;
	return STORE_ONE;
}

/* The requester (To: their own Reply-To when they gave one) and, with
 * relay_to = participants, the customer participants (Cc) but support
 * addresses, agents and anyone whose mail bounced; the envelope leaves
 * out those who got the mail directly. */
static enum store_status
relay_people(struct store *s, const struct intake_job *j,
    const struct store_ticket *tk, struct relay_to *rt)
{
	const struct conf *cf = j->j_in->in_conf;
	enum store_status st;
	const char *a;
	size_t i;

	memset(rt, 0, sizeof(*rt));
	rt->rt_to.a_addr = (char *)(tk->t_reply_to[0] != '\0' ?
	    tk->t_reply_to : tk->t_requester);
	if (cf->cf_relay_to == CONF_RELAY_PARTICIPANTS &&
	    (st = store_ticket_people(s, tk->t_number, &rt->rt_people,
	    &rt->rt_npeople)) < 0)
		return st;
	rt->rt_cc = xcalloc(rt->rt_npeople + 1, sizeof(*rt->rt_cc));
	rt->rt_rcpts = xcalloc(rt->rt_npeople + 1, sizeof(*rt->rt_rcpts));
	if (intake_is_rcpt(j, tk->t_requester))	/* got it already */
		rt->rt_to.a_addr = (char *)tk->t_requester;
	if ((st = relay_rcpt(s, j, rt, rt->rt_to.a_addr)) < 0)
		return st;
	for (i = 0; i < rt->rt_npeople; i++) {
		a = rt->rt_people[i].sp_addr;
		if (strcasecmp(a, tk->t_requester) == 0 ||
		    strcasecmp(a, rt->rt_to.a_addr) == 0 ||
		    addr_match_list(&cf->cf_support_addresses, a) ||
		    ticket_is_agent(a, cf) ||
		    strcasecmp(a, cf->cf_from_address) == 0)
			continue;
		if ((st = store_contact_undeliverable(s, a, NULL)) < 0)
			return st;
		if (st == STORE_ONE)
			continue;
		rt->rt_cc[rt->rt_ncc].a_addr = (char *)a;
		rt->rt_cc[rt->rt_ncc++].a_name = *rt->rt_people[i].sp_name !=
		    '\0' ? rt->rt_people[i].sp_name : NULL;
		if ((st = relay_rcpt(s, j, rt, a)) < 0)
			return st;
	}
	return STORE_ONE;
}

/* Frees what relay_people() made. */
static void
relay_people_free(struct relay_to *rt)
{
	store_people_free(rt->rt_people, rt->rt_npeople);
	free(rt->rt_cc);
	free(rt->rt_rcpts);
}

/* Where the agent's text goes in the rendered reply template. */
#define RELAY_MARK	"\001pd-body\001"

/* The agent's HTML, redacted, without the command lines the text began
 * with (each one's first occurrence); malloc'd, NULL when there is none. */
static char *
relay_html(const struct intake_job *j)
{
	const struct mail *m = j->j_mail;
	const char *p, *e, *hit;
	char *html, *line;
	size_t len;

	if (m->m_html == NULL)
		return NULL;
	html = xstrdup(m->m_html);
	for (p = m->m_text; p < m->m_text + j->j_body_off; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL ||
		    e > m->m_text + j->j_body_off)
			e = m->m_text + j->j_body_off;
		len = (size_t)(e - p);
		while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (len > 0 && *p == '#') {
			line = xstrndup(p, len);
			if ((hit = strstr(html, line)) != NULL)
				memmove((char *)hit, hit + len,
				    strlen(hit + len) + 1);
			free(line);
		}
		if (e >= m->m_text + j->j_body_off)
			break;
	}
	return html;
}

/* The reply's text and HTML from the template rendered with RELAY_MARK
 * for the body: what the template puts around the agent's text goes
 * around both (escaped in the HTML). */
static void
relay_bodies(const struct intake_job *j, const char *rendered,
    struct buf *text, char **html)
{
	const char *agent = j->j_mail->m_text + j->j_body_off;
	const char *mark = strstr(rendered, RELAY_MARK);
	char *head, *src;

	*html = NULL;
	buf_add(text, "", 0);
	if (mark == NULL) {
		buf_adds(text, rendered);	/* a template without the body */
		return;
	}
	head = xstrndup(rendered, (size_t)(mark - rendered));
	buf_adds(text, head);
	buf_adds(text, agent);
	buf_adds(text, mark + strlen(RELAY_MARK));
	if ((src = relay_html(j)) != NULL)
		*html = mail_html_frame(src, head, mark + strlen(RELAY_MARK));
	free(src);
	free(head);
}

/* Queues an automatic mail from the support address to the job's sender
 * on ticket number (kind, counted in *counter): template name in lang
 * with v, threaded onto parent after the references of m (either may be
 * NULL).  HARD when the template is broken (j_conf_err, err set). */
static enum store_status
intake_queue_notice(struct store *s, struct intake_job *j, int *counter,
    long number, const char *lang, const char *name, const char *kind,
    struct tmpl_var *v, const struct mail *m, const char *parent,
    const char *auto_submitted, char *err, size_t errlen)
{
	const struct conf *cf = j->j_in->in_conf;
	const char *refs[INTAKE_CONFIRM_REFS];
	struct buf subj = BUF_INIT, body = BUF_INIT;
	struct mail_out mo;
	struct mail_addr to;
	enum store_status st = STORE_HARD;

	intake_mo_init(&mo, &to, cf, j->j_from, j->j_from_name);
	if (intake_render(j, lang, name, v, &subj, &body, err, errlen) == 0) {
		mo.mo_subject = subj.b_data;
		mo.mo_message_id = ticket_message_id(cf->cf_hmac_secret,
		    number, j->j_in->in_domain);
		intake_thread(&mo, m, parent, refs, INTAKE_CONFIRM_REFS);
		mo.mo_auto_submitted = auto_submitted;
		mo.mo_text = body.b_data;
		st = intake_queue_mail(s, j, counter, number, kind, "", &mo,
		    (const char *const *)&to.a_addr, 1, 0);
	}
	free((char *)mo.mo_message_id);
	buf_free(&subj);
	buf_free(&body);
	return st;
}

/* Tells the sender of a mail added to ticket tk that a secret was taken
 * out of it (template "redacted", in the ticket's language, threaded
 * onto their mail), so that they change it.  The template is optional:
 * a template_dir without redacted.txt sends nothing. */
enum store_status
intake_queue_redacted(struct store *s, struct intake_job *j,
    const struct store_ticket *tk, char *err, size_t errlen)
{
	struct tmpl_var v[V__MAX];
	char num[32], prio[16], dir[4096], path[4200], *tag, *kinds;
	enum store_status st;

	intake_tmpl_dir(j->j_in, tk->t_language, "redacted", dir,
	    sizeof(dir));
	snprintf(path, sizeof(path), "%s/redacted.txt", dir);
	if (!tmpl_cache_has(j->j_in->in_tmpl, path) &&
	    access(path, R_OK) != 0)
		return STORE_ONE;
	capitalize(prio, sizeof(prio), ticket_priority_name(tk->t_priority));
	intake_vars(j, tk->t_number, tk->t_subject, tk->t_priority, prio, v,
	    num, &tag);
	kinds = intake_kinds_text(&j->j_res->ir_counts);
	intake_redacted_vars(v, &j->j_res->ir_counts, kinds);
	v[V_STATUS].tv_value = ticket_status_name(tk->t_status);
	st = intake_queue_notice(s, j, &j->j_res->ir_confirmations,
	    tk->t_number, tk->t_language, "redacted", "redacted", v,
	    j->j_mail, j->j_mail->m_message_id, "auto-replied", err, errlen);
	free(tag);
	free(kinds);
	return st;
}

/* Relays a trusted agent's reply to the requester of the ticket and the
 * customer participants: its text and HTML with the template around
 * them, its attachments and inline images as they came.  A status its
 * commands set (j_told) is told in it ({{#if is_resolved}}), or, when
 * the requester does not get it from us, in a notice of its own. */
enum store_status
intake_queue_relay(struct store *s, struct intake_job *j,
    const struct store_ticket *tk, char *err, size_t errlen)
{
	const struct conf *cf = j->j_in->in_conf;
	const struct mail *m = j->j_mail;
	struct tmpl_var v[V__MAX];
	struct mail_out mo;
	struct relay_to rt;
	struct buf subj = BUF_INIT, body = BUF_INIT, text = BUF_INIT;
	const char *refs[20];
	char num[32], prio[16], status[32], last[1000], *tag, *fallback;
	char *agent, *html = NULL;
	enum store_status st;
	int told;

	if (tk->t_requester[0] == '\0')
		return STORE_ONE;
	if ((st = relay_people(s, j, tk, &rt)) < 0) {
		relay_people_free(&rt);
		return st;
	}
	told = j->j_told >= 0 && rt.rt_nrcpts > 0 &&
	    rt.rt_rcpts[0] == rt.rt_to.a_addr;
	if (j->j_told >= 0 && !told)
		st = intake_queue_status(j->j_in, s, tk->t_number,
		    (enum ticket_status)j->j_told,
		    &j->j_res->ir_confirmations, err, errlen);
	if (st < 0 || rt.rt_nrcpts == 0) {
		relay_people_free(&rt);
		return st < 0 ? st : STORE_ONE;
	}
	capitalize(prio, sizeof(prio), ticket_priority_name(tk->t_priority));
	capitalize(status, sizeof(status), ticket_status_name(tk->t_status));
	intake_vars(j, tk->t_number, tk->t_subject, tk->t_priority, prio, v,
	    num, &tag);
	intake_chat_var(v, rt.rt_to.a_addr);
	if (told)
		v[j->j_told == TS_RESOLVED ? V_IS_RESOLVED :
		    V_IS_CLOSED].tv_value = "yes";
	v[V_REQUESTER].tv_value = tk->t_requester;
	v[V_REQUESTER_NAME].tv_value = "";
	agent = xasprintf("%s", j->j_from_name != NULL && *j->j_from_name !=
	    '\0' ? j->j_from_name : j->j_from);
	v[V_AGENT_NAME].tv_value = agent;
	v[V_BODY].tv_value = RELAY_MARK;
	v[V_STATUS].tv_value = status;
	memset(&mo, 0, sizeof(mo));
	fallback = NULL;
	if (intake_render(j, tk->t_language, "reply", v, &subj, &body, err,
	    errlen) < 0) {
		st = STORE_SOFT;
		goto out;
	}
	fallback = tag_subject(tag_skip_prefixes(m->m_subject),
	    cf->cf_tag_prefix, tk->t_number);
	mo.mo_from_addr = cf->cf_from_address;
	mo.mo_from_name = agent;
	mo.mo_to = &rt.rt_to;
	mo.mo_nto = 1;
	mo.mo_cc = rt.rt_cc;
	mo.mo_ncc = rt.rt_ncc;
	mo.mo_reply_to = cf->cf_from_address;
	mo.mo_subject = *subj.b_data != '\0' ? subj.b_data : fallback;
	mo.mo_message_id = ticket_message_id(cf->cf_hmac_secret,
	    tk->t_number, j->j_in->in_domain);
	if ((st = intake_relay_refs(s, m, tk->t_number, &mo, refs, 20,
	    last, sizeof(last))) < 0)
		goto out;
	mo.mo_x_loop = cf->cf_from_address;
	relay_bodies(j, body.b_data, &text, &html);
	mo.mo_text = text.b_data;
	mo.mo_html = html;
	mo.mo_parts = m->m_natt > 0 ? j->j_mail : NULL;
	st = intake_queue_mail(s, j, &j->j_res->ir_confirmations, tk->t_number,
	    "reply", cf->cf_from_address, &mo, rt.rt_rcpts, rt.rt_nrcpts,
	    j->j_raw_fd >= 0);
out:
	free(html);
	buf_free(&text);
	free((char *)mo.mo_message_id);
	free(fallback);
	free(tag);
	free(agent);
	buf_free(&subj);
	buf_free(&body);
	relay_people_free(&rt);
	return st;
}

/* Sets a ticket's status and queues the notice it calls for. */
enum store_status
intake_set_status(struct intake *in, struct store *s, long number,
    enum ticket_status status, const char *by, int notify, int *queued,
    char *err, size_t errlen)
{
	enum store_status st;

	st = store_ticket_set_status(s, number, status, by);
	if (st == STORE_ONE && notify)
		st = intake_queue_status(in, s, number, status, queued, err,
		    errlen);
	return st;
}

/* Queues the one notice telling the requester of ticket a that it now
 * lives on as ticket into (template "merged", in a's language), threaded
 * onto parent (may be NULL), stored on into with into's reply address. */
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
	char num[32], anum[32], prio[16], *tag, *atag;
	enum store_status st;

	if ((st = store_ticket_get(s, into, &b)) != STORE_ONE)
		return st;
	if ((st = intake_deliverable(s, a->t_requester)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	intake_job_bare(&j, &r, in, a->t_requester);
	capitalize(prio, sizeof(prio), ticket_priority_name(b.t_priority));
	intake_vars(&j, into, b.t_subject, b.t_priority, prio, v, num, &tag);
	snprintf(anum, sizeof(anum), "%ld", a->t_number);
	atag = tag_format(cf->cf_tag_prefix, a->t_number);
	v[V_MERGED_NUMBER].tv_value = anum;
	v[V_MERGED_TAG].tv_value = atag;
	v[V_STATUS].tv_value = ticket_status_name(b.t_status);
	st = intake_queue_notice(s, &j, queued, into, a->t_language, "merged",
	    "merged", v, NULL, parent, "auto-generated", err, errlen);
	free(tag);
	free(atag);
	return st;
}

/* Queues the notice of a status the customer should know of (resolved,
 * closed) in the caller's transaction; anything else queues nothing. */
enum store_status
intake_queue_status(struct intake *in, struct store *s, long number,
    enum ticket_status status, int *queued, char *err, size_t errlen)
{
	struct intake_job j;
	struct intake_result r;
	struct store_ticket tk;
	struct tmpl_var v[V__MAX];
	const char *name, *parent;
	char num[32], prio[16], last[1000], *tag;
	enum store_status st;

	if (status != TS_RESOLVED && status != TS_CLOSED)
		return STORE_ONE;
	name = ticket_status_name(status);
	if ((st = store_ticket_get(s, number, &tk)) != STORE_ONE)
		return st;
	if ((st = intake_deliverable(s, tk.t_requester)) != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;
	if ((st = store_last_customer_id(s, number, last, sizeof(last))) < 0)
		return st;
	parent = st == STORE_ONE ? last : NULL;
	intake_job_bare(&j, &r, in, tk.t_requester);
	capitalize(prio, sizeof(prio), ticket_priority_name(tk.t_priority));
	intake_vars(&j, number, tk.t_subject, tk.t_priority, prio, v, num,
	    &tag);
	v[V_STATUS].tv_value = name;
	st = intake_queue_notice(s, &j, queued, number, tk.t_language, name,
	    "status", v, NULL, parent, "auto-generated", err, errlen);
	free(tag);
	return st;
}
