/* intake_list.c - "my tickets" by mail: a mail to LOCAL+tickets@DOMAIN of
 * a support address makes no ticket; its sender gets one automatic mail
 * listing the tickets of their address, newest first.
 *
 * The list goes to the sender's own address only (the tickets of the
 * address it goes to), under the same rules as a confirmation: never to
 * automatic mail (RFC 3834), never to an address marked undeliverable, and
 * within the per-address cap.  Each ticket is one rendering of the
 * "tickets-row" template, the whole mail the "tickets" template.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/addr.h"
#include "common/xalloc.h"
#include "intake/intake_int.h"

#define LIST_MAX	50	/* tickets in one list */

enum { R_NUMBER, R_TAG, R_SUBJECT, R_STATUS, R_PRIORITY, R_AGO_NOW,
    R_AGO_MIN, R_AGO_HOURS, R_AGO_DAYS, R_UPDATED_AT, R_REPLY_LINK,
    R_SUPPORT, R_ST, R_PR = R_ST + TS__MAX, R__MAX = R_PR + TP__MAX };

static const char *const row_names[R__MAX] = { "number", "tag", "subject",
    "status", "priority", "ago_now", "ago_minutes", "ago_hours",
    "ago_days", "updated_at", "reply_link", "support_address",
    "is_open", "is_in_progress", "is_waiting", "is_resolved", "is_closed",
    "is_low", "is_medium", "is_high", "is_urgent" };

enum { L_REQUESTER, L_SUPPORT, L_FROM_NAME, L_COUNT, L_LIST, L_NONE,
    L_MORE, L__MAX };

static const char *const list_names[L__MAX] = { "requester",
    "support_address", "from_name", "count", "list", "none", "more" };

/* 1 when every support recipient is LOCAL+tickets@DOMAIN. */
int
intake_is_list(const struct intake *in, const struct intake_env *env)
{
	size_t i;
	int lists = 0;

	for (i = 0; i < env->ie_nrcpts; i++) {
		switch (ticket_detail_of(env->ie_rcpts[i], in->in_conf,
		    NULL)) {
		case TDET_NONE:
			/* no detail, or no support address */
			if (addr_match_list(&in->in_conf->cf_support_addresses,
			    env->ie_rcpts[i]))
				return 0;
			break;
		case TDET_TICKETS:
			lists++;
			break;
		default:
			return 0;
		}
	}
	return lists > 0;
}

/* s percent-encoded for a mailto: URL (RFC 6068) onto b. */
static void
url_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* How long ago t was, as one of the ago_* variables. */
static void
row_ago(struct tmpl_var *v, time_t t, time_t now, char *n, size_t nlen)
{
	long d = (long)(now - t);

	if (d < 60) {
		v[R_AGO_NOW].tv_value = "yes";
		return;
	}
	if (d < 3600) {
		snprintf(n, nlen, "%ld", d / 60);
		v[R_AGO_MIN].tv_value = n;
	} else if (d < 2 * 86400) {
		snprintf(n, nlen, "%ld", d / 3600);
		v[R_AGO_HOURS].tv_value = n;
	} else {
		snprintf(n, nlen, "%ld", d / 86400);
		v[R_AGO_DAYS].tv_value = n;
	}
}

/* Renders one ticket's row onto out; -1 and err when the template
 * fails. */
static int
list_row(const struct intake *in, const char *dir,
    const struct store_brief *t, time_t now, struct buf *out, char *err,
    size_t errlen)
{
	const struct conf *cf = in->in_conf;
	struct tmpl_var v[R__MAX];
	struct buf link = BUF_INIT;
	char num[24], ago[24], when[40], *tag;
	struct tm tm;
	int i, rc;

	for (i = 0; i < R__MAX; i++) {
		v[i].tv_name = row_names[i];
		v[i].tv_value = "";
	}
	snprintf(num, sizeof(num), "%ld", t->sb_number);
	tag = tag_format(cf->cf_tag_prefix, t->sb_number);
	gmtime_r(&t->sb_updated, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	row_ago(v, t->sb_updated, now, ago, sizeof(ago));
	buf_adds(&link, "mailto:");
	buf_adds(&link, cf->cf_from_address);
	buf_adds(&link, "?subject=");
	url_encode(&link, tag);
	v[R_NUMBER].tv_value = num;
	v[R_TAG].tv_value = tag;
	v[R_SUBJECT].tv_value = t->sb_subject;
	v[R_STATUS].tv_value = ticket_status_name(t->sb_status);
	v[R_PRIORITY].tv_value = ticket_priority_name(t->sb_priority);
	v[R_UPDATED_AT].tv_value = when;
	v[R_REPLY_LINK].tv_value = link.b_data;
	v[R_SUPPORT].tv_value = cf->cf_from_address;
	v[R_ST + t->sb_status].tv_value = "yes";
	v[R_PR + t->sb_priority].tv_value = "yes";
	rc = tmpl_render_file(dir, "tickets-row", v, R__MAX, out, err,
	    errlen);
	free(tag);
	buf_free(&link);
	return rc;
}

/* Renders the whole list mail into subj and body. */
static int
list_render(const struct intake_job *j, const char *dir,
    const struct store_brief *rows, size_t n, struct buf *subj,
    struct buf *body, char *err, size_t errlen)
{
	const struct conf *cf = j->j_in->in_conf;
	struct tmpl_var v[L__MAX];
	struct buf list = BUF_INIT;
	char count[24], more[24];
	time_t now = time(NULL);
	size_t i;
	int rc = 0;

	for (i = 0; i < n && i < LIST_MAX && rc == 0; i++)
		rc = list_row(j->j_in, dir, &rows[i], now, &list, err,
		    errlen);
	if (rc < 0) {
		buf_free(&list);
		return -1;
	}
	for (i = 0; i < L__MAX; i++) {
		v[i].tv_name = list_names[i];
		v[i].tv_value = "";
	}
	snprintf(count, sizeof(count), "%zu", n > LIST_MAX ? LIST_MAX : n);
	snprintf(more, sizeof(more), "%d", LIST_MAX);
	v[L_REQUESTER].tv_value = j->j_from;
	v[L_SUPPORT].tv_value = cf->cf_from_address;
	v[L_FROM_NAME].tv_value = cf->cf_from_name;
	v[L_COUNT].tv_value = count;
	v[L_LIST].tv_value = list.b_data != NULL ? list.b_data : "";
	v[L_NONE].tv_value = n == 0 ? "yes" : "";
	v[L_MORE].tv_value = n > LIST_MAX ? more : "";
	rc = tmpl_render_mail(dir, "tickets", v, L__MAX, subj, body, err,
	    errlen);
	buf_free(&list);
	return rc;
}

/* The language of the list: the recipient's, the request's, else that
 * of the sender's newest ticket (NULL: default_language). */
static const char *
list_lang(const struct intake_job *j, const struct store_brief *rows,
    size_t n)
{
	const struct intake_env *env = j->j_env;
	const char *l;
	char *fresh;

	if ((l = ticket_lang_of_rcpts(env->ie_rcpts, env->ie_nrcpts,
	    j->j_in->in_conf)) != NULL)
		return l;
	fresh = xstrndup(j->j_mail->m_text, j->j_mail->m_new_len <
	    INTAKE_JUDGED ? j->j_mail->m_new_len : INTAKE_JUDGED);
	l = ticket_lang_of_text(fresh);
	free(fresh);
	if (l == NULL && n > 0)
		l = ticket_lang_known(rows[0].sb_language);
	return l;
}

/* Queues the list mail to the sender. */
static enum store_status
list_send(struct store *s, struct intake_job *j, struct buf *subj,
    struct buf *body)
{
	const struct conf *cf = j->j_in->in_conf;
	const struct mail *m = j->j_mail;
	struct mail_out mo;
	struct mail_addr to;
	const char *refs[1];
	enum store_status st;

	intake_mo_init(&mo, &to, cf, j->j_from, j->j_from_name);
	mo.mo_subject = subj->b_data != NULL ? subj->b_data : "";
	mo.mo_message_id = ticket_message_id(cf->cf_hmac_secret, 0,
	    j->j_in->in_domain);
	if (m->m_message_id != NULL) {
		refs[0] = m->m_message_id;
		mo.mo_in_reply_to = m->m_message_id;
		mo.mo_references = refs;
		mo.mo_nreferences = 1;
	}
	mo.mo_auto_submitted = "auto-replied";
	mo.mo_text = body->b_data != NULL ? body->b_data : "";
	st = intake_queue_mail(s, j, &j->j_res->ir_confirmations, 0,
	    "tickets", "", &mo, (const char *const *)&to.a_addr, 1, 0);
	free((char *)mo.mo_message_id);
	return st;
}

/* Answers a +tickets request inside the transaction: nothing is stored
 * but the outbox row of the list (when the sender may have one). */
enum store_status
intake_queue_list(struct store *s, struct intake_job *j, char *err,
    size_t errlen)
{
	struct intake_result *r = j->j_res;
	struct buf subj = BUF_INIT, body = BUF_INIT;
	struct store_brief *rows = NULL;
	enum store_status st;
	char dir[4096];
	size_t n = 0;

	r->ir_action = IA_IGNORED;
	snprintf(r->ir_reason, sizeof(r->ir_reason), "a request for the "
	    "sender's tickets: no ticket");
	if (j->j_auto != AC_HUMAN || j->j_agent || *j->j_from == '\0')
		return STORE_ONE;	/* nothing goes to automatic mail */
	st = store_contact_undeliverable(s, j->j_from, NULL);
	if (st != STORE_NONE)
		return st == STORE_ONE ? STORE_ONE : st;
	st = store_autoreply_allow(s, j->j_from,
	    (int)j->j_in->in_conf->cf_auto_reply_cap);
	if (st != STORE_ONE)
		return st == STORE_NONE ? STORE_ONE : st;	/* capped */
	st = store_tickets_of(s, j->j_from, LIST_MAX + 1, &rows, &n);
	if (st < 0)
		return st;
	intake_tmpl_dir(j->j_in, list_lang(j, rows, n), "tickets", dir,
	    sizeof(dir));
	if (list_render(j, dir, rows, n, &subj, &body, err, errlen) < 0) {
		j->j_conf_err = 1;
		st = STORE_SOFT;	/* a broken template (j_conf_err) */
	} else
		st = list_send(s, j, &subj, &body);
	free(rows);
	buf_free(&subj);
	buf_free(&body);
	return st;
}
