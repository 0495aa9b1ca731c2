/* emit.c - postdeskctl's JSON (jansson): tickets, the outbox, the
 * statistics and the verdicts of ingest, from the rows store/ and
 * intake/ hand over.  Times are ISO 8601 in UTC; a missing value is null.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "common/log.h"
#include "common/xalloc.h"

/* A JSON string of s (null for NULL); bytes that are not UTF-8 become
 * '?' rather than failing the whole output. */
static json_t *
jstr(const char *s)
{
	json_t *j;
	char *copy;
	size_t i;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	copy = xstrdup(s);
	for (i = 0; copy[i] != '\0'; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

/* A time as "2026-01-31T14:05:00+00:00", null when absent. */
static json_t *
jtime(time_t t)
{
	char out[40];
	struct tm tm;

	if (t == STORE_NO_TIME || gmtime_r(&t, &tm) == NULL)
		return json_null();
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	return json_string(out);
}

/* A number, null when it is below zero (absent). */
static json_t *
jnum_or_null(long n)
{
	return n < 0 ? json_null() : json_integer(n);
}

/* An array of the strings of a NULL-terminated list. */
static json_t *
jstrv(char *const *v)
{
	json_t *a = json_array();

	for (; v != NULL && *v != NULL; v++)
		json_array_append_new(a, jstr(*v));
	return a;
}

/* An object of named counts. */
static json_t *
jcounts(const struct store_count *c, size_t n)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_set_new(o, c[i].sc_name, json_integer(c[i].sc_n));
	return o;
}

/* One message of a ticket, with its attachments. */
static json_t *
msg_json(const struct store_msg_row *m)
{
	json_t *atts = json_array();
	size_t i;

	for (i = 0; i < m->mr_natt; i++)
		json_array_append_new(atts, json_pack("{s:o s:o s:I s:o s:b}",
		    "filename", jstr(m->mr_att[i].ar_filename),
		    "content_type", jstr(m->mr_att[i].ar_content_type),
		    "size", (json_int_t)m->mr_att[i].ar_size,
		    "sha256", jstr(m->mr_att[i].ar_sha256),
		    "inline", m->mr_att[i].ar_inline));
	return json_pack("{s:I s:o s:o s:o s:o s:o s:o s:o s:o s:o s:o s:o "
	    "s:o s:I s:o}",
	    "id", (json_int_t)m->mr_id, "direction", jstr(m->mr_direction),
	    "from", jstr(m->mr_from), "from_name", jstr(m->mr_from_name),
	    "to", jstrv(m->mr_to), "cc", jstrv(m->mr_cc),
	    "subject", jstr(m->mr_subject), "text", jstr(m->mr_text),
	    "new_text_len", jnum_or_null(m->mr_new_text_len),
	    "message_id", jstr(m->mr_message_id),
	    "queue_id", jstr(m->mr_queue_id),
	    "created_at", jtime(m->mr_created_at),
	    "redactions", jcounts(m->mr_redactions, m->mr_nredactions),
	    "flags", (json_int_t)m->mr_flags, "attachments", atts);
}

/* A ticket: with full, as show --json has it (facts, participants,
 * redactions, messages), else as a row of list --json. */
json_t *
cli_ticket_json(const struct store_ticket_row *t, const char *tag_prefix,
    int full)
{
	json_t *o, *msgs;
	char tag[96];
	size_t i;

	snprintf(tag, sizeof(tag), "[%s#%ld]", tag_prefix, t->tr_number);
	o = json_pack("{s:I s:o s:s s:o s:o s:o s:o}",
	    "number", (json_int_t)t->tr_number, "subject", jstr(t->tr_subject),
	    "tag", tag, "status", jstr(t->tr_status),
	    "priority", jstr(t->tr_priority), "category", jstr(t->tr_category),
	    "requester", jstr(t->tr_requester));
	if (full)
		json_object_set_new(o, "requester_name",
		    jstr(t->tr_requester_name));
	json_object_set_new(o, "assignee", jstr(t->tr_assignee));
	json_object_set_new(o, "issue_type", jstr(t->tr_issue_type));
	json_object_set_new(o, "language", jstr(t->tr_language));
	json_object_set_new(o, "missing", jstrv(t->tr_missing));
	if (full) {
		json_object_set_new(o, "quoted", t->tr_quoted > 0 ?
		    json_integer(t->tr_quoted) : json_null());
		json_object_set_new(o, "merged_into", t->tr_merged_into > 0 ?
		    json_integer(t->tr_merged_into) : json_null());
		json_object_set_new(o, "order_ids", jstrv(t->tr_order_ids));
		json_object_set_new(o, "links", jstrv(t->tr_links));
	}
	json_object_set_new(o, "due_at", jtime(t->tr_due_at));
	json_object_set_new(o, "first_response_at",
	    jtime(t->tr_first_response_at));
	json_object_set_new(o, "created_at", jtime(t->tr_created_at));
	json_object_set_new(o, "updated_at", jtime(t->tr_updated_at));
	if (!full) {
		json_object_set_new(o, "overdue", json_boolean(t->tr_overdue));
		json_object_set_new(o, "messages",
		    json_integer(t->tr_nmessages));
		return o;
	}
	json_object_set_new(o, "participants", jstrv(t->tr_participants));
	json_object_set_new(o, "redactions", jcounts(t->tr_redactions,
	    t->tr_nredactions));
	msgs = json_array();
	for (i = 0; i < t->tr_nmsgs; i++)
		json_array_append_new(msgs, msg_json(&t->tr_msgs[i]));
	json_object_set_new(o, "messages", msgs);
	return o;
}

/* The outbox rows as an array. */
json_t *
cli_outbox_json(const struct store_outbox_row *rows, size_t n)
{
	const struct store_outbox_row *r;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		r = &rows[i];
		json_array_append_new(a, json_pack("{s:I s:o s:o s:o s:o s:i "
		    "s:o s:o s:o s:o s:o s:o s:i}", "id", (json_int_t)r->or_id,
		    "ticket", r->or_ticket > 0 ? json_integer(r->or_ticket) :
		    json_null(), "kind", jstr(r->or_kind),
		    "rcpt", jstr(r->or_rcpt), "state", jstr(r->or_state),
		    "attempts", r->or_attempts,
		    "next_attempt_at", jtime(r->or_next_attempt_at),
		    "last_error", jstr(r->or_last_error),
		    "created_at", jtime(r->or_created_at),
		    "sent_at", jtime(r->or_sent_at),
		    "message_id", jstr(r->or_message_id),
		    "channel", jstr(r->or_channel),
		    "sent_parts", r->or_sent_parts));
	}
	return a;
}

/* The statistics as one object. */
json_t *
cli_stats_json(const struct store_stats *ss)
{
	json_t *bs = json_object(), *bp = json_object(), *ob = json_object();
	int k;

	for (k = 0; k < TS__MAX; k++)
		json_object_set_new(bs, ticket_status_name(k),
		    json_integer(ss->ss_by_status[k]));
	for (k = 0; k < TP__MAX; k++)
		json_object_set_new(bp, ticket_priority_name(k),
		    json_integer(ss->ss_open_by_priority[k]));
	for (k = 0; k < SO__MAX; k++)
		json_object_set_new(ob, store_outbox_state_name(k),
		    json_integer(ss->ss_outbox[k]));
	return json_pack("{s:I s:o s:o s:I s:I s:o s:o s:{s:o s:I s:I s:o}}",
	    "tickets", (json_int_t)ss->ss_tickets, "by_status", bs,
	    "open_by_priority", bp, "overdue", (json_int_t)ss->ss_overdue,
	    "first_responses", (json_int_t)ss->ss_first_responses,
	    "median_first_response_s",
	    jnum_or_null(ss->ss_median_first_response_s),
	    "redactions", jcounts(ss->ss_redactions, ss->ss_nredactions),
	    "outbox", "by_state", ob, "due", (json_int_t)ss->ss_outbox_due,
	    "retrying", (json_int_t)ss->ss_outbox_retrying,
	    "oldest_pending_age_s",
	    jnum_or_null(ss->ss_oldest_pending_age_s));
}

/* {"ticket":N,"action":"...","redactions":{...},...} of ingest. */
json_t *
cli_result_json(const struct intake_result *r)
{
	json_t *o, *red = json_object();
	int k;

	for (k = 0; k < RK__MAX; k++)
		if (r->ir_counts.rc_n[k] > 0)
			json_object_set_new(red, redact_kind_name(k),
			    json_integer(r->ir_counts.rc_n[k]));
	o = json_pack("{s:o s:s s:o s:i}", "ticket", r->ir_ticket > 0 ?
	    json_integer(r->ir_ticket) : json_null(),
	    "action", intake_action_name(r->ir_action), "redactions", red,
	    "confirmations", r->ir_confirmations);
	if (r->ir_suspicious)
		json_object_set_new(o, "suspicious", json_true());
	if (r->ir_smtp_code[0] != '\0')
		json_object_set_new(o, "code", jstr(r->ir_smtp_code));
	if (r->ir_reason[0] != '\0')
		json_object_set_new(o, "reason", jstr(r->ir_reason));
	return o;
}

/* Appends j as one line (compact, newline added) to b and frees j. */
void
cli_json_line(json_t *j, struct buf *b)
{
	char *s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	if (s == NULL)
		log_fatal("out of memory making JSON");
	buf_adds(b, s);
	buf_addc(b, '\n');
	free(s);
	json_decref(j);
}

/* Prints j as one line on stdout and frees it. */
void
cli_json_print(json_t *j)
{
	struct buf b = BUF_INIT;

	cli_json_line(j, &b);
	fwrite(b.b_data, 1, b.b_len, stdout);
	buf_free(&b);
}
