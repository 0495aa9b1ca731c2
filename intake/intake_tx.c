/* intake_tx.c - the one transaction of a mail: find its ticket, store it,
 * apply an agent's commands, queue the mails it calls for.
 *
 * Every function here runs inside store_begin()/store_commit() and returns
 * the store's status; nothing is written outside the transaction.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/addr.h"
#include "common/xalloc.h"
#include "intake/intake_int.h"

/* The In-Reply-To and References of the mail, newest first. */
size_t
intake_refs(const struct mail *m, const char **ids, size_t max)
{
	size_t n = 0, i;

	if (m->m_in_reply_to != NULL && n < max)
		ids[n++] = m->m_in_reply_to;
	for (i = m->m_nreferences; i > 0 && n < max; i--)
		ids[n++] = m->m_references[i - 1];
	return n;
}

/* A bounce names our mail in the headers it returns (a DSN's
 * message/rfc822 or text/rfc822-headers part, or the quoted headers of the
 * classic MAILER-DAEMON forms): the first of our Message-IDs found in the
 * raw text whose HMAC verifies gives the ticket. */
static long
intake_bounce_ticket(const struct intake_job *j)
{
	const char *secret = j->j_in->in_conf->cf_hmac_secret;
	const char *p = j->j_raw.b_data, *end = p + j->j_raw.b_len, *e;
	char id[256];
	long t;

	while (p != NULL && p < end &&
	    (p = memmem(p, (size_t)(end - p), "<pd.", 4)) != NULL) {
		p++;
		for (e = p; e < end && *e != '>' && *e != '\n' &&
		    e - p < (long)sizeof(id) - 1; e++)
			;
		if (e < end && *e == '>') {
			memcpy(id, p, (size_t)(e - p));
			id[e - p] = '\0';
			if (ticket_message_id_verify(secret, id, &t))
				return t;
		}
	}
	return 0;
}

/* The failed recipient of a permanent bounce, or NULL (a DSN's
 * "Final-Recipient: rfc822; addr" with "Action: failed" or a 5.x.x
 * status).  Returns a malloc'd lower-case address. */
static char *
intake_bounce_failed_rcpt(const struct intake_job *j)
{
	const char *raw = j->j_raw.b_data, *p, *e;
	char *addr;

	if (raw == NULL || (strcasestr(raw, "Action: failed") == NULL &&
	    strcasestr(raw, "Status: 5.") == NULL))
		return NULL;
	if ((p = strcasestr(raw, "Final-Recipient:")) == NULL)
		return NULL;
	p += 16;
	if ((e = strchr(p, ';')) != NULL && e < strchr(p, '\n'))
		p = e + 1;
	while (*p == ' ' || *p == '\t')
		p++;
	for (e = p; *e != '\0' && *e != '\r' && *e != '\n' && *e != ' '; e++)
		;
	addr = xstrndup(p, (size_t)(e - p));
	p = addr_normalize(addr);
	free(addr);
	return (char *)p;
}

/* After a permanent bounce, no automatic mail to that address for a
 * day: the next customer mail from it is stored but not answered. */
static enum store_status
intake_bounce_mark(struct store *s, const struct intake_job *j)
{
	enum store_status st;
	char *rcpt = intake_bounce_failed_rcpt(j);

	if (rcpt == NULL)
		return STORE_ONE;
	st = store_contact_mark_undeliverable(s, rcpt, 86400,
	    "permanent delivery failure");
	free(rcpt);
	return st;
}

/* Locks ticket number into *tk, or the ticket it was merged into: mail
 * for a merged ticket lands on the one that lives on (merges point one
 * hop, see store_ticket_merge). */
static enum store_status
intake_ticket_get(struct store *s, long number, struct store_ticket *tk)
{
	enum store_status st = store_ticket_get(s, number, tk);

	if (st == STORE_ONE && tk->t_merged_into != 0)
		st = store_ticket_get(s, tk->t_merged_into, tk);
	return st;
}

/* Gathers what threading needs to know about the mail's ticket. */
static enum store_status
intake_facts(struct store *s, struct intake_job *j, struct thread_facts *f)
{
	const struct conf *cf = j->j_in->in_conf;
	const struct mail *m = j->j_mail;
	struct store_ticket tk;
	const char *ids[64];
	enum store_status st;
	size_t n, i;
	long t;

	memset(f, 0, sizeof(*f));
	if (j->j_env->ie_ticket > 0) {
		/* the console names the ticket */
		f->tf_ref_ticket = j->j_env->ie_ticket;
		f->tf_ref_verified = 1;
		f->tf_sender_agent = 1;
		return STORE_ONE;
	}
	if (j->j_auto == AC_BOUNCE) {
		/* only a verified reference to our own mail places a bounce */
		f->tf_ref_ticket = intake_bounce_ticket(j);
		f->tf_ref_verified = f->tf_ref_ticket != 0;
		return STORE_ONE;
	}
	n = intake_refs(m, ids, 64);
	for (i = 0; i < n && f->tf_ref_ticket == 0; i++)
		if (ticket_message_id_verify(cf->cf_hmac_secret, ids[i], &t) &&
		    (st = store_ticket_get(s, t, &tk)) != STORE_NONE) {
			if (st < 0)
				return st;
			f->tf_ref_ticket = t;
			f->tf_ref_verified = 1;
		}
	if (f->tf_ref_ticket == 0 && n > 0) {
		st = store_ticket_by_refs(s, ids, n, &t);
		if (st < 0)
			return st;
		if (st == STORE_ONE)
			f->tf_ref_ticket = t;
	}
	/* a verified reply address counts as the tag when there is none */
	if (tag_find(m->m_subject, cf->cf_tag_prefix, &t) ||
	    (t = ticket_reply_ticket(j->j_env->ie_rcpts,
	    j->j_env->ie_nrcpts, cf)) > 0) {
		st = intake_ticket_get(s, t, &tk);
		if (st < 0)
			return st;
		f->tf_tag_exists = st == STORE_ONE;
		f->tf_tag_ticket = f->tf_tag_exists ? tk.t_number : t;
		if (f->tf_tag_exists && *j->j_from != '\0') {
			st = store_is_participant(s, t, j->j_from);
			if (st < 0)
				return st;
			f->tf_sender_known = st == STORE_ONE;
		}
	}
	f->tf_sender_agent = j->j_trusted;
	return STORE_ONE;
}

/* Direction of the stored message. */
static enum msg_direction
intake_direction(const struct intake_job *j)
{
	if (j->j_note)
		return DIR_NOTE;
	if (j->j_trusted)
		return DIR_AGENT;
	if (j->j_auto != AC_HUMAN)
		return DIR_AUTO;
	return DIR_CUSTOMER;
}

/* Opens a new ticket for the mail. */
static enum store_status
intake_create(struct store *s, struct intake_job *j, long quoted,
    struct store_new_ticket *nt, char **cat, char ***missing, long *number)
{
	const struct conf *cf = j->j_in->in_conf;
	const struct intake_env *env = j->j_env;
	const char *subj;

	subj = tag_skip_prefixes(j->j_untagged);
	memset(nt, 0, sizeof(*nt));
	if (*subj == '\0' && j->j_made != NULL)
		subj = j->j_made;
	nt->nt_subject = *subj != '\0' ? subj : "(no subject)";
	nt->nt_requester = j->j_from;
	nt->nt_requester_name = j->j_from_name;
	nt->nt_priority = ticket_priority_of(j->j_mail, env->ie_rcpts,
	    env->ie_nrcpts, cf);
	*cat = ticket_category_of(env->ie_rcpts, env->ie_nrcpts, cf);
	nt->nt_category = *cat;
	nt->nt_due = ticket_due(time(NULL), nt->nt_priority, cf);
	nt->nt_quoted = quoted;
	nt->nt_order_ids = (const char *const *)j->j_orders;
	nt->nt_links = (const char *const *)j->j_links;
	nt->nt_issue_type = ticket_issue_name(j->j_issue);
	nt->nt_language = j->j_lang;
	*missing = ticket_details_names(j->j_missing);
	nt->nt_missing = (const char *const *)*missing;
	return store_ticket_create(s, nt, number);
}

/* Runs a trusted agent's commands on ticket *nump (whose status was was
 * before the mail); a status the customer should know of, and did not,
 * queues its notice, unless the reply is relayed: then the relayed reply
 * tells of it (j_told).  After a #merge *nump is the ticket merged
 * into. */
static enum store_status
intake_commands(struct store *s, struct intake_job *j, long *nump,
    enum ticket_status was, int relayed, char *err, size_t errlen)
{
	enum store_status st = STORE_ONE;
	long number = *nump;
	enum ticket_priority p;
	enum ticket_status ts;
	size_t i;

	j->j_told = -1;
	for (i = 0; i < j->j_ncmds && st >= 0; i++) {
		const char *arg = j->j_cmds[i].tc_arg;

		switch (j->j_cmds[i].tc_kind) {
		case TC_STATUS:
			if (ticket_status_parse(arg, &ts) != 0)
				break;
			j->j_told = relayed && ts != was && (ts == TS_RESOLVED ||
			    ts == TS_CLOSED) ? (int)ts : -1;
			st = intake_set_status(j->j_in, s, number, ts,
			    j->j_from, !relayed && ts != was,
			    &j->j_res->ir_confirmations, err, errlen);
			break;
		case TC_PRIORITY:
			if (ticket_priority_parse(arg, &p) == 0)
				st = store_ticket_set_priority(s, number, p);
			break;
		case TC_CATEGORY:
			st = store_ticket_set_category(s, number, arg);
			break;
		case TC_ASSIGN:
			st = store_ticket_set_assignee(s, number, arg);
			break;
		case TC_MERGE:
			st = intake_merge_cmd(s, j, &number, arg, err,
			    errlen);
			break;
		case TC_NOTE:
			break;
		}
	}
	*nump = number;
	return st;
}

/* store_read_fn: the whole of a temp file (arg points to its fd). */
int
intake_read_file(void *arg, size_t which, store_put_fn put, void *putarg)
{
	char chunk[65536];
	off_t off = 0;
	ssize_t n;
	int rc, fd = *(const int *)arg;

	(void)which;
	while ((n = pread(fd, chunk, sizeof(chunk), off)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += n;
		if ((rc = put(chunk, (size_t)n, putarg)) != 0)
			return rc;
	}
	return 0;
}

/* store_read_fn: the raw copy from its temp file, an attachment kept out
 * of memory through the parser (from the spill file). */
static int
intake_read(void *arg, size_t which, store_put_fn put, void *putarg)
{
	struct intake_job *j = arg;

	if (which != STORE_RAW)
		return mail_att_read(j->j_mail, which, put, putarg);
	return intake_read_file(&j->j_raw_fd, which, put, putarg);
}

/* 1 when a is one of our own addresses: a support address, or the one
 * postdesk sends from. */
static int
intake_is_ours(const struct conf *cf, const char *a)
{
	return addr_match_list(&cf->cf_support_addresses, a) ||
	    (cf->cf_from_address != NULL && strcasecmp(a, cf->cf_from_address)
	    == 0);
}

/* Adds a to the customer participants v (n so far) unless it is one of
 * our own addresses or an agent's. */
static void
intake_customer_add(const struct intake_job *j, const char **v, size_t *n,
    const char *a)
{
	const struct conf *cf = j->j_in->in_conf;

	if (a == NULL || *a == '\0' || intake_is_ours(cf, a) ||
	    ticket_is_agent(a, cf))
		return;
	v[(*n)++] = a;
}

/* Files a person a mail names: in ours (k so far) when it is one of our
 * own addresses, else in the customers v (n so far; none when v is
 * NULL) unless it is an agent's. */
static void
intake_person(const struct intake_job *j, const char **ours, size_t *k,
    const char **v, size_t *n, const char *a)
{
	if (a == NULL || *a == '\0')
		return;
	if (intake_is_ours(j->j_in->in_conf, a))
		ours[(*k)++] = a;
	else if (v != NULL)
		intake_customer_add(j, v, n, a);
}

/* The people a mail names, From, Reply-To, To, Cc (NULL-terminated,
 * borrowed from the mail): in *ours our own addresses, and the return
 * the customers, NULL for anyone else's mail. */
static const char **
intake_people(const struct intake_job *j, const char ***ours)
{
	const struct mail *m = j->j_mail;
	const char **v = NULL;
	size_t n = 0, k = 0, i, max = 3 + m->m_to.as_n + m->m_cc.as_n;

	*ours = xcalloc(max, sizeof(**ours));
	if (intake_direction(j) == DIR_CUSTOMER)
		v = xcalloc(max, sizeof(*v));
	intake_person(j, *ours, &k, v, &n, j->j_from);
	intake_person(j, *ours, &k, v, &n, m->m_reply_to.a_addr);
	for (i = 0; i < m->m_to.as_n; i++)
		intake_person(j, *ours, &k, v, &n, m->m_to.as_v[i].a_addr);
	for (i = 0; i < m->m_cc.as_n; i++)
		intake_person(j, *ours, &k, v, &n, m->m_cc.as_v[i].a_addr);
	return v;
}

/* The requester's own Reply-To on their mail is kept on the ticket:
 * replies to them go there. */
static enum store_status
intake_keep_reply_to(struct store *s, const struct intake_job *j,
    long number, const char *requester)
{
	const char *rt = j->j_mail->m_reply_to.a_addr;
	const char *v[2] = { NULL, NULL };
	size_t n = 0;

	if (intake_direction(j) != DIR_CUSTOMER || *rt == '\0' ||
	    strcasecmp(j->j_from, requester) != 0)
		return STORE_ONE;
	intake_customer_add(j, v, &n, rt);	/* not support, not an agent */
	if (n == 0 || strcasecmp(rt, j->j_from) == 0)
		return STORE_ONE;
	return store_ticket_set_reply_to(s, number, rt);
}

/* Stores the message itself. */
static enum store_status
intake_store_message(struct store *s, struct intake_job *j, long number)
{
	const struct mail *m = j->j_mail;
	struct store_message sm;
	enum store_status st;
	const char **ours, **cust = intake_people(j, &ours);

	memset(&sm, 0, sizeof(sm));
	sm.sm_ticket = number;
	sm.sm_key = j->j_key;
	sm.sm_message_id = m->m_message_id;
	sm.sm_direction = intake_direction(j);
	sm.sm_queue_id = j->j_env->ie_queue_id;
	sm.sm_from_addr = j->j_from;
	sm.sm_from_name = j->j_from_name;
	sm.sm_to = &m->m_to;
	sm.sm_cc = &m->m_cc;
	if (cust != NULL)
		sm.sm_reply_to = m->m_reply_to.a_addr;
	sm.sm_customers = cust;
	sm.sm_ours = ours;
	sm.sm_subject = m->m_subject;
	sm.sm_text = m->m_text + j->j_body_off;
	sm.sm_new_len = m->m_new_len > j->j_body_off ?
	    m->m_new_len - j->j_body_off : 0;
	sm.sm_raw = j->j_raw.b_data;
	sm.sm_raw_len = j->j_raw_fd >= 0 ? j->j_raw_len : j->j_raw.b_len;
	sm.sm_redactions = j->j_redactions;
	sm.sm_warnings = j->j_warnings;
	sm.sm_flags = m->m_flags;
	sm.sm_att = m->m_att;
	sm.sm_natt = m->m_natt;
	sm.sm_read = intake_read;
	sm.sm_read_arg = j;
	st = store_message_add(s, &sm);
	free(cust);
	free(ours);
	return st;
}

/* Appends to an existing ticket: status change, facts, first response. */
static enum store_status
intake_append(struct store *s, struct intake_job *j,
    const struct store_ticket *tk, int *reopen_new)
{
	const struct conf *cf = j->j_in->in_conf;
	enum ticket_status next;
	enum ticket_event ev;
	enum store_status st;
	char **found;

	*reopen_new = 0;
	if (j->j_note)
		ev = TE_NOTE;
	else if (j->j_trusted)
		ev = TE_AGENT_REPLY;
	else
		ev = TE_CUSTOMER_MAIL;
	if (j->j_auto != AC_HUMAN && !j->j_trusted)
		return STORE_ONE;	/* an auto-reply changes nothing */
	next = ticket_next_status(tk->t_status, ev, cf->cf_reopen_closed,
	    reopen_new);
	if (*reopen_new)
		return STORE_ONE;
	if (next != tk->t_status &&
	    (st = store_ticket_set_status(s, tk->t_number, next,
	    j->j_from)) < 0)
		return st;
	if (ev == TE_AGENT_REPLY &&
	    (st = store_ticket_first_response(s, tk->t_number)) < 0)
		return st;
	found = ticket_details_names(j->j_trusted ? 0 : j->j_found);
	st = store_ticket_add_facts(s, tk->t_number,
	    (const char *const *)j->j_orders, (const char *const *)j->j_links,
	    (const char *const *)found);
	strv_free(found);
	return st;
}

/* *closing set when the mail is a customer's "#close" the ticket's
 * requester or one of its participants sent (a stranger's changes
 * nothing). */
static enum store_status
intake_may_close(struct store *s, struct intake_job *j, long number,
    int *closing)
{
	enum store_status st;

	*closing = 0;
	if (!j->j_close || j->j_auto != AC_HUMAN || *j->j_from == '\0')
		return STORE_ONE;
	if ((st = store_is_participant(s, number, j->j_from)) < 0)
		return st;
	*closing = st == STORE_ONE;
	return STORE_ONE;
}

/* Closes the ticket at its customer's word and queues the notice. */
static enum store_status
intake_close(struct store *s, struct intake_job *j, long number, char *err,
    size_t errlen)
{
	return intake_set_status(j->j_in, s, number, TS_CLOSED, j->j_from, 1,
	    &j->j_res->ir_confirmations, err, errlen);
}

/* ONE when the sender may get an automatic mail now: not marked
 * undeliverable after a bounce, and under the per-sender hourly cap. */
static enum store_status
intake_may_autoreply(struct store *s, struct intake_job *j)
{
	enum store_status st;

	st = store_contact_undeliverable(s, j->j_from, NULL);
	if (st != STORE_NONE)
		return st == STORE_ONE ? STORE_NONE : st;
	return store_autoreply_allow(s, j->j_from,
	    (int)j->j_in->in_conf->cf_auto_reply_cap);
}

/* The ticket the mail goes to (*number, 0 for a new one, *tk read and
 * locked), with what appending it changes done; *quoted a number the
 * new ticket links, *closing set for a customer's "#close". */
static enum store_status
intake_place(struct store *s, struct intake_job *j, struct store_ticket *tk,
    long *number, long *quoted, int *closing)
{
	struct thread_facts f;
	enum store_status st;
	int reopen_new = 0;

	if ((st = intake_facts(s, j, &f)) < 0)
		return st;
	if (ticket_thread(&f, number, quoted) != TD_APPEND) {
		*number = 0;
		return STORE_ONE;
	}
	if ((st = intake_ticket_get(s, *number, tk)) < 0)
		return st;
	if (st == STORE_NONE)
		*number = 0;
	else if ((*number = tk->t_number) > 0 &&
	    (st = intake_may_close(s, j, *number, closing)) < 0)
		return st;
	else if (!*closing &&
	    (st = intake_append(s, j, tk, &reopen_new)) < 0)
		return st;
	if (reopen_new) {
		*quoted = *number;
		*number = 0;
	}
	return STORE_ONE;
}

/* The whole transaction body.  ONE: stored (or a duplicate, see the
 * result's action); NONE: lost a race on the key, a duplicate. */
enum store_status
intake_tx(struct store *s, struct intake_job *j, char *err, size_t errlen)
{
	struct intake_result *r = j->j_res;
	struct store_new_ticket nt;
	struct store_ticket tk;
	enum store_status st;
	long number = 0, quoted = 0;
	int created = 0, closing = 0, report, relayed;
	char *cat = NULL, **missing = NULL;

	if (j->j_list)
		return intake_queue_list(s, j, err, errlen);
	if ((st = store_message_seen(s, j->j_key, &number)) != STORE_NONE) {
		if (st == STORE_ONE) {
			r->ir_action = IA_DUPLICATE;
			r->ir_ticket = number;
		}
		return st;
	}
	if ((st = intake_queue_report(s, j, &report)) != STORE_ONE || report)
		return st;		/* an agent's queue request */
	if ((st = intake_place(s, j, &tk, &number, &quoted, &closing)) < 0)
		return st;
	if (number == 0 && j->j_env->ie_ticket > 0) {
		/* the console's reply to a ticket that is not there */
		r->ir_action = IA_REJECTED;
		snprintf(r->ir_reason, sizeof(r->ir_reason), "no ticket %ld",
		    j->j_env->ie_ticket);
		return STORE_ONE;
	}
	if (number == 0 && j->j_auto == AC_BOUNCE) {
		/* a bounce is recorded on its ticket, never a new one */
		r->ir_action = IA_IGNORED;
		snprintf(r->ir_reason, sizeof(r->ir_reason), "a delivery "
		    "report about no mail of ours: delivered, no ticket");
		return STORE_ONE;
	}
	if (number == 0) {
		st = intake_create(s, j, quoted, &nt, &cat, &missing, &number);
		if (st < 0) {
			free(cat);
			strv_free(missing);
			return st;
		}
		created = 1;
	}
	/* a trusted agent's mail on a ticket reaches its customer */
	relayed = !created && j->j_trusted && !j->j_note;
	st = intake_store_message(s, j, number);
	if (st == STORE_ONE)
		st = intake_keep_reply_to(s, j, number, created ? j->j_from :
		    tk.t_requester);
	if (st == STORE_ONE)
		st = intake_commands(s, j, &number, created ? TS_OPEN :
		    tk.t_status, relayed, err, errlen);
	if (st == STORE_ONE && closing && tk.t_status != TS_CLOSED)
		st = intake_close(s, j, number, err, errlen);
	if (st == STORE_ONE && j->j_auto == AC_BOUNCE)
		st = intake_bounce_mark(s, j);
	if (st == STORE_ONE && created && j->j_auto == AC_HUMAN &&
	    !j->j_agent && *j->j_from != '\0') {
		st = intake_may_autoreply(s, j);
		if (st == STORE_ONE)
			st = intake_queue_confirmation(s, j, number, &nt, err,
			    errlen);
		else if (st == STORE_NONE)
			st = STORE_ONE;	/* capped or bouncing: no reply */
	} else if (st == STORE_ONE && relayed &&
	    (st = store_ticket_get(s, number, &tk)) == STORE_ONE)
		st = intake_queue_relay(s, j, &tk, err, errlen);
	else if (st == STORE_ONE && !created && j->j_auto == AC_HUMAN &&
	    !j->j_agent && *j->j_from != '\0' &&
	    j->j_env->ie_channel == NULL &&
	    redact_total(&r->ir_counts) > 0) {
		/* a secret in a mail to a ticket: its sender is told to
		 * change it (the Telegram door warns in the chat itself) */
		st = intake_may_autoreply(s, j);
		if (st == STORE_ONE)
			st = intake_queue_redacted(s, j, &tk, err, errlen);
		else if (st == STORE_NONE)
			st = STORE_ONE;	/* capped or bouncing: no notice */
	}
	if (st == STORE_ONE && j->j_env->ie_channel != NULL)
		st = intake_chat_tx(s, j, number, created);
	free(cat);
	strv_free(missing);
	if (st == STORE_ONE) {
		r->ir_action = created ? IA_CREATED : IA_APPENDED;
		r->ir_ticket = number;
		if (j->j_cmds_refused)
			snprintf(r->ir_reason, sizeof(r->ir_reason), "commands "
			    "kept as text: the sender is not a trusted agent");
	}
	return st;
}
