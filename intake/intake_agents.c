/* intake_agents.c - mail postdesk sends to agents about their queue:
 * the queue report a trusted agent asks for by mail (+queue), and
 * escalations of tickets that passed their first-response due time.
 *
 * Everything runs in the caller's transaction: the claim of an escalation
 * (store_escalation_claim) and the mail it queues commit together, so a
 * run that fails sends nothing and claims nothing, and two runs (two
 * hosts, or a timer and a person) never send the same escalation twice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "intake/intake_int.h"
#include "notifier/notifier.h"

/* Who gets the escalation of t: its assignee when that is an address,
 * else agents_address; NULL when nobody. */
static const char *
escalation_rcpt(const struct conf *cf, const struct store_ticket_row *t)
{
	if (t->tr_assignee != NULL && strchr(t->tr_assignee, '@') != NULL &&
	    notifier_addr_ok(t->tr_assignee))
		return t->tr_assignee;
	if (cf->cf_agents_address != NULL && *cf->cf_agents_address != '\0')
		return cf->cf_agents_address;
	return NULL;
}

/* The text of escalation level of t at now into b. */
static void
escalation_text(const struct store_ticket_row *t, int level, time_t now,
    struct buf *b)
{
	char opened[40], due[40];
	long late = (long)(now - t->tr_due_at) / 60;

	notifier_report_time(t->tr_created_at, opened, sizeof(opened));
	notifier_report_time(t->tr_due_at, due, sizeof(due));
	buf_addf(b, "Ticket %ld has had no answer from an agent, and its "
	    "first response\nwas due %ldh %02ldm ago%s.\n\n", t->tr_number,
	    late / 60, late % 60, level == 2 ? " (second reminder)" : "");
	buf_addf(b, "  Subject:    %s\n  Requester:  %s\n  Priority:   %s\n"
	    "  Status:     %s\n  Opened:     %s UTC\n  Due:        %s UTC\n"
	    "  Assignee:   %s\n\n", t->tr_subject, t->tr_requester,
	    t->tr_priority, t->tr_status, opened, due,
	    t->tr_assignee != NULL && *t->tr_assignee != '\0' ?
	    t->tr_assignee : "nobody");
	buf_addf(b, "Answer the customer with a reply that keeps the ticket "
	    "tag, or to the\nReply-To address of this mail; postdeskctl show "
	    "%ld shows the thread.\n", t->tr_number);
}

/* Queues a text mail to an agent about ticket number (stored on it). */
enum store_status
intake_queue_agent_note(struct intake *in, struct store *s, long number,
    const char *rcpt, const char *subject, const char *body,
    const char *kind, int *queued)
{
	const struct conf *cf = in->in_conf;
	struct intake_job j;
	struct intake_result r;
	struct mail_out mo;
	struct mail_addr to;
	enum store_status st;

	intake_job_bare(&j, &r, in, NULL);
	intake_mo_init(&mo, &to, cf, rcpt, NULL);
	mo.mo_subject = subject;
	mo.mo_message_id = ticket_message_id(cf->cf_hmac_secret, number,
	    in->in_domain);
	mo.mo_auto_submitted = "auto-generated";
	mo.mo_text = body;
	st = intake_queue_mail(s, &j, queued, number, kind, "", &mo,
	    (const char *const *)&to.a_addr, 1, 0);
	free((char *)mo.mo_message_id);
	return st;
}

/* Queues escalation level of ticket t to rcpt. */
static enum store_status
escalation_queue(struct intake *in, struct store *s,
    const struct store_ticket_row *t, int level, time_t now,
    const char *rcpt, int *queued)
{
	struct buf body = BUF_INIT;
	char *tag = tag_format(in->in_conf->cf_tag_prefix, t->tr_number);
	char *subj;
	enum store_status st;

	subj = xasprintf("%s Overdue%s: %s", tag, level == 2 ?
	    " again" : "", t->tr_subject);
	escalation_text(t, level, now, &body);
	st = intake_queue_agent_note(in, s, t->tr_number, rcpt, subj,
	    body.b_data, level == 2 ? "escalation2" : "escalation1", queued);
	free(tag);
	free(subj);
	buf_free(&body);
	return st;
}

/* Claims and queues the escalations of one level (see intake.h). */
static enum store_status
escalate_level(struct intake *in, struct store *s, int level, time_t now,
    struct intake_escalation *e)
{
	const struct conf *cf = in->in_conf;
	struct store_ticket_row *rows;
	enum store_status st;
	const char *rcpt;
	size_t n, i;

	st = store_escalation_claim(s, level, now, level == 2 ?
	    cf->cf_escalation_second : cf->cf_escalation_first, &rows, &n);
	for (i = 0; st == STORE_ONE && i < n; i++) {
		if ((rcpt = escalation_rcpt(cf, &rows[i])) == NULL) {
			e->ie_nobody++;
			continue;
		}
		st = escalation_queue(in, s, &rows[i], level, now, rcpt,
		    &e->ie_sent[level - 1]);
	}
	store_ticket_rows_free(rows, n, 1);
	return st;
}

/* Claims and queues due escalations, the second ones first. */
enum store_status
intake_escalate(struct intake *in, struct store *s, time_t now,
    struct intake_escalation *e)
{
	enum store_status st;

	memset(e, 0, sizeof(*e));
	if ((st = escalate_level(in, s, 2, now, e)) != STORE_ONE)
		return st;
	return escalate_level(in, s, 1, now, e);
}

/* 1 when a recipient of the mail is a support address's +queue. */
static int
queue_asked(const struct intake_job *j)
{
	size_t i;

	for (i = 0; i < j->j_env->ie_nrcpts; i++)
		if (ticket_detail_of(j->j_env->ie_rcpts[i], j->j_in->in_conf,
		    NULL) == TDET_QUEUE)
			return 1;
	return 0;
}

/* The queue report's title for filter f. */
static const char *
queue_title(enum ticket_queue_filter f)
{
	switch (f) {
	case TQ_MINE:
		return "Open tickets assigned to you";
	case TQ_OVERDUE:
		return "Overdue tickets";
	case TQ_UNASSIGNED:
		return "Unassigned open tickets";
	case TQ_ALL:
		break;
	}
	return "Open tickets";
}

/* Queues a report (text with an HTML alternative) to an agent; it
 * belongs to no ticket (see intake.h). */
enum store_status
intake_queue_report_mail(struct intake *in, struct store *s,
    const char *rcpt, const char *subject, const char *text,
    const char *html, const char *kind, const char *in_reply_to)
{
	const struct conf *cf = in->in_conf;
	struct intake_job j;
	struct intake_result r;
	struct mail_out mo;
	struct mail_addr to;
	const char *refs[1] = { in_reply_to };
	enum store_status st;

	intake_job_bare(&j, &r, in, NULL);
	intake_mo_init(&mo, &to, cf, rcpt, NULL);
	mo.mo_reply_to = NULL;
	mo.mo_subject = subject;
	mo.mo_message_id = ticket_message_id(cf->cf_hmac_secret, 0,
	    in->in_domain);
	if (in_reply_to != NULL) {
		mo.mo_in_reply_to = in_reply_to;
		mo.mo_references = refs;
		mo.mo_nreferences = 1;
	}
	mo.mo_auto_submitted = in_reply_to != NULL ? "auto-replied" :
	    "auto-generated";
	mo.mo_text = text;
	mo.mo_html = html;
	st = intake_queue_mail(s, &j, NULL, 0, kind, "", &mo,
	    (const char *const *)&to.a_addr, 1, 0);
	free((char *)mo.mo_message_id);
	return st;
}

/* Queues the report of rows to the agent who asked with the job's mail. */
static enum store_status
queue_send(struct store *s, struct intake_job *j,
    const struct store_ticket_row *rows, size_t n, const char *title)
{
	struct buf text = BUF_INIT, html = BUF_INIT;
	enum store_status st;

	notifier_queue_report(rows, n, time(NULL), title,
	    j->j_in->in_conf->cf_tag_prefix, &text, &html);
	st = intake_queue_report_mail(j->j_in, s, j->j_from, title,
	    text.b_data, html.b_data, "queue", j->j_mail->m_message_id);
	buf_free(&text);
	buf_free(&html);
	return st;
}

/* A trusted agent's mail to +queue gets the queue report back. */
enum store_status
intake_queue_report(struct store *s, struct intake_job *j, int *done)
{
	static const enum store_queue_filter sq[] = { [TQ_ALL] = SQ_ALL,
	    [TQ_MINE] = SQ_MINE, [TQ_OVERDUE] = SQ_OVERDUE,
	    [TQ_UNASSIGNED] = SQ_UNASSIGNED };
	struct intake_result *r = j->j_res;
	struct store_ticket_row *rows;
	enum ticket_queue_filter f;
	enum store_status st;
	size_t n;

	*done = 0;
	if (!j->j_trusted || !queue_asked(j))
		return STORE_ONE;
	f = ticket_queue_filter(j->j_mail->m_subject);
	if ((st = store_ticket_queue(s, sq[f], j->j_from, &rows, &n)) !=
	    STORE_ONE)
		return st;
	st = queue_send(s, j, rows, n, queue_title(f));
	store_ticket_rows_free(rows, n, 1);
	if (st != STORE_ONE)
		return st;
	*done = 1;
	r->ir_action = IA_ANSWERED;
	r->ir_confirmations++;
	snprintf(r->ir_reason, sizeof(r->ir_reason), "queue report of %zu "
	    "ticket(s) sent to the agent", n);
	return STORE_ONE;
}
