/* intake_agents.c - mail postdesk sends to agents about their queue:
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

/* "2026-12-04 21:00 UTC" for t (0: "-"). */
static void
utc(time_t t, char *out, size_t len)
{
	struct tm tm;

	if (t == 0) {
		snprintf(out, len, "-");
		return;
	}
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M UTC", &tm);
}

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

	utc(t->tr_created_at, opened, sizeof(opened));
	utc(t->tr_due_at, due, sizeof(due));
	buf_addf(b, "Ticket %ld has had no answer from an agent, and its "
	    "first response\nwas due %ldh %02ldm ago%s.\n\n", t->tr_number,
	    late / 60, late % 60, level == 2 ? " (second reminder)" : "");
	buf_addf(b, "  Subject:    %s\n  Requester:  %s\n  Priority:   %s\n"
	    "  Status:     %s\n  Opened:     %s\n  Due:        %s\n"
	    "  Assignee:   %s\n\n", t->tr_subject, t->tr_requester,
	    t->tr_priority, t->tr_status, opened, due,
	    t->tr_assignee != NULL && *t->tr_assignee != '\0' ?
	    t->tr_assignee : "nobody");
	buf_addf(b, "Answer the customer with a reply that keeps the ticket "
	    "tag, or to the\nReply-To address of this mail; postdeskctl show "
	    "%ld shows the thread.\n", t->tr_number);
}

/* Queues escalation level of ticket t to rcpt. */
static enum store_status
escalation_queue(struct intake *in, struct store *s,
    const struct store_ticket_row *t, int level, time_t now,
    const char *rcpt, int *queued)
{
	const struct conf *cf = in->in_conf;
	struct notify_msg nm;
	struct buf body = BUF_INIT;
	char *tag = tag_format(cf->cf_tag_prefix, t->tr_number), *subj;
	enum store_status st;

	subj = xasprintf("%s Overdue%s: %s", tag, level == 2 ?
	    " again" : "", t->tr_subject);
	escalation_text(t, level, now, &body);
	memset(&nm, 0, sizeof(nm));
	nm.nm_from_addr = cf->cf_from_address;
	nm.nm_from_name = cf->cf_from_name;
	nm.nm_to_addr = rcpt;
	nm.nm_reply_to = cf->cf_from_address;
	nm.nm_subject = subj;
	nm.nm_message_id = ticket_message_id(cf->cf_hmac_secret,
	    t->tr_number, in->in_domain);
	nm.nm_auto_submitted = "auto-generated";
	nm.nm_x_loop = cf->cf_from_address;
	nm.nm_body = body.b_data;
	st = intake_queue(s, queued, t->tr_number, level == 2 ?
	    "escalation2" : "escalation1", "", &nm, cf->cf_hmac_secret);
	free((char *)nm.nm_message_id);
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
