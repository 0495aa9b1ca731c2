/* intake.h - one pipeline, two front doors (milter/ and postdeskctl ingest).
 *
 * parse (parser/) -> redact (redact/) -> decide (ticket/) -> store (store/)
 * in one transaction, with the confirmation composed (notifier/) and queued
 * in the outbox of that same transaction.  An intake holds one config
 * snapshot and its compiled redaction rules; it is shared by all threads.
 */
#ifndef PD_INTAKE_H
#define PD_INTAKE_H

#include <stddef.h>

#include <stdint.h>

#include "common/buf.h"
#include "common/conf.h"
#include "common/msgbuf.h"
#include "redact/redact.h"
#include "store/store.h"

struct intake;

/* Takes a reference on conf; the pool stays the caller's. */
struct intake	*intake_new(struct conf *, struct store_pool *,
		    char *err, size_t errlen);
void		 intake_free(struct intake *);		/* NULL is fine */
/* After a commit that queued mail the intake wakes the outbox workers
 * with wake() (a process's own worker), or else by NOTIFY. */
void		 intake_set_wake(struct intake *, void (*wake)(void));
const struct conf *intake_conf(const struct intake *);
/* The domain of our Message-IDs (from_address's). */
const char	*intake_domain(const struct intake *);

/* The envelope, as the MTA saw it. */
struct intake_env {
	const char		*ie_queue_id;	/* may be NULL */
	const char		*ie_sender;	/* MAIL FROM, "" for <> */
	const char *const	*ie_rcpts;	/* RCPT TO, bare addresses */
	size_t			 ie_nrcpts;
	const char		*ie_auth_authen; /* {auth_authen}, may be NULL */
	/* postdeskctl reply|note: the sender is the agent the console
	 * names (trusted, an agent whatever the config says) and the mail
	 * goes on ticket ie_ticket; 0 for mail */
	long			 ie_ticket;
	int			 ie_note;	/* ... as an internal note */
	/* a chat door (postdesk-telegram): the channel ("telegram") and
	 * chat a new ticket gets; no MTA delivers such a message onward,
	 * so its copy for the support mailbox (ie_rcpts[0]) is queued in
	 * the outbox of the same transaction.  NULL and 0 for mail */
	const char		*ie_channel;
	long long		 ie_chat;
};

/* IA_ANSWERED: a request answered by mail, no ticket (an agent's +queue) */
enum intake_action { IA_CREATED, IA_APPENDED, IA_DUPLICATE, IA_IGNORED,
    IA_ANSWERED, IA_REJECTED };

/* INTAKE_SOFT: try again later (451 / exit 75; with ir_config set, a
 * configuration error such as a missing template: 451 4.3.5 / exit 78);
 * INTAKE_HARD: rejected (5xx / exit 65); INTAKE_OK: see the action. */
enum intake_status { INTAKE_HARD = -2, INTAKE_SOFT = -1, INTAKE_OK = 0 };

struct intake_result {
	enum intake_action	 ir_action;
	long			 ir_ticket;	/* 0 when none */
	char			 ir_reason[256]; /* for 4xx/5xx and logs */
	char			 ir_smtp_code[4]; /* "451", "554", ... */
	char			 ir_dsn[8];	/* "4.3.0", "5.6.0", ... */
	char			*ir_subject;	/* new Subject:, or NULL */
	int			 ir_body_changed;
	struct buf		 ir_body;	/* redacted body when changed */
	int			 ir_body_file;	/* 1: a big mail's is in */
	int			 ir_body_fd;	/* ... this temp file instead */
	struct redact_counts	 ir_counts;
	int			 ir_suspicious;	/* forged agent command, ... */
	int			 ir_confirmations; /* outbox rows queued */
	/* for the support mailbox's copy (support_copy_reply_to), or NULL:
	 * its Reply-To (the support address it came to) and the value of
	 * X-Postdesk-Requester (the customer's Reply-To, else From) */
	char			*ir_reply_to;
	char			*ir_requester;
	int			 ir_config;	/* the 4xx comes from a
						 * configuration error
						 * (451 4.3.5) */
	unsigned long		 ir_group;	/* stored in this group (a
						 * count), or 0: alone */
	size_t			 ir_group_size;	/* ... of so many mails */
	size_t			 ir_fallback;	/* stored alone after a group
						 * of so many failed, or 0 */
};

/* Does any recipient belong to support_addresses? */
int		 intake_wants(const struct intake *, const char *const *rcpts,
		    size_t nrcpts);

enum intake_rcpt { IR_OK, IR_UNKNOWN, IR_SOFT };

/* Whether rcpt may be a recipient: IR_UNKNOWN for a support address's
 * reply address (+t<number>.<token>) whose token is not ours or whose
 * ticket does not exist (the milter refuses it at RCPT with 550 5.1.1),
 * IR_SOFT when the database cannot tell now (451 4.3.0), else IR_OK.
 * Only a reply address costs a lookup. */
enum intake_rcpt intake_rcpt_check(const struct intake *, const char *rcpt);

/* One raw message, whatever its size: its bytes go into a msgbuf made
 * by intake_buf_init() (memory, then a temp file past spill_threshold)
 * with intake_buf_add() (nothing past max_message_size is kept), and
 * intake_message() runs the pipeline on it: the size checked once, the
 * stored copy in memory or a temp file by the same threshold, stored
 * with the mails of other threads in one transaction when a group can
 * take it.  intake_too_big(): whether a message of size bytes (say, an
 * announced SIZE=) is refused. */
void		 intake_buf_init(const struct intake *, struct msgbuf *);
int		 intake_buf_add(const struct intake *, struct msgbuf *,
		    const void *, size_t);
int		 intake_too_big(const struct intake *, uintmax_t size);
enum intake_status intake_message(struct intake *, const struct intake_env *,
		    struct msgbuf *, struct intake_result *);
void		 intake_result_free(struct intake_result *);

/* Imports: many mails through the pipeline, each with the meaning of
 * its own intake_message().  Worker threads parse, redact and classify
 * the queued mails in order; intake_batch_pop() stores them in that
 * order: in groups (store_group_begin) of the mails that do not look up
 * what an earlier one of the group writes, each group committed, and for
 * a mail a group cannot take (an agent's, a bounce, a big one) or when a
 * group fails, one by one.  One thread pushes and pops. */
struct intake_batch;

/* threads: how many parse; retries: how often a mail that failed softly
 * runs again, a second apart.  NULL when no thread could be started. */
struct intake_batch *intake_batch_new(struct intake *, int threads,
		    int retries);
/* Drops what is queued and stops the threads; NULL is fine. */
void		 intake_batch_free(struct intake_batch *);
/* 1 when another mail may be queued now (a few hundred, or 64 MB). */
int		 intake_batch_room(const struct intake_batch *);
/* Queues a mail: data (malloc'd, len bytes) is the batch's from now on;
 * env is copied, but its recipients and queue id must outlive the
 * batch. */
void		 intake_batch_push(struct intake_batch *,
		    const struct intake_env *, char *data, size_t len);
/* The verdict on the oldest queued mail into *st and *res (free it with
 * intake_result_free), after storing it (with the mails that share its
 * group); 0 when nothing is queued. */
int		 intake_batch_pop(struct intake_batch *,
		    enum intake_status *, struct intake_result *);
/* Queues, in the caller's transaction on s, the mail telling the
 * requester of ticket number that it is now resolved or closed (from
 * etc/templates/resolved.txt, closed.txt); other statuses queue nothing.
 * Adds to *queued (may be NULL) what it queued.  HARD with err when a
 * template fails. */
enum store_status intake_queue_status(struct intake *, struct store *,
		    long number, enum ticket_status, int *queued, char *err,
		    size_t errlen);

/* The one way a status changes, whichever door asks (an agent's
 * #status, postdeskctl status): sets it (recorded as by, may be NULL)
 * in the caller's transaction and, with notify, queues the notice of
 * intake_queue_status(). */
enum store_status intake_set_status(struct intake *, struct store *,
		    long number, enum ticket_status, const char *by,
		    int notify, int *queued, char *err, size_t errlen);
/* Merges ticket from into ticket into, in the caller's transaction on s
 * (see ticket_merge_check): messages, attachments, outgoing mail,
 * participants, order IDs and links move to into; from is closed as
 * merged, and its requester gets one notice (template "merged").  agent:
 * asked by a trusted agent or the console.  ONE with *why MR_OK when
 * merged, else ONE with the reason nothing changed; a store failure
 * (HARD with err when the notice's template fails) otherwise.  Adds to
 * *queued (may be NULL) what it queued. */
enum store_status intake_merge(struct intake *, struct store *, long from,
		    long into, const char *by, int agent, int *queued,
		    enum merge_refusal *why, char *err, size_t errlen);

/* What one escalation run queued. */
struct intake_escalation {
	int	ie_sent[2];	/* first and second escalations queued */
	int	ie_nobody;	/* claimed but nobody to send to: no
				 * assignee address, no agents_address */
};

/* Claims and queues, in the caller's transaction on s, the escalations
 * due at now (the first escalation_first, the second escalation_second
 * minutes past a ticket's due time, while no agent has answered and it
 * is not resolved, closed or merged): one mail each to the assignee when
 * that is an address, else to agents_address.  The second ones are taken
 * first, so a ticket past both gets only the second.  Each is claimed once
 * for all hosts and runs. */
enum store_status intake_escalate(struct intake *, struct store *,
		    time_t now, struct intake_escalation *);

/* Queues, in the caller's transaction on s, a report to an agent that
 * belongs to no ticket: text with an HTML alternative (may be NULL),
 * from the support address and the null sender, answering in_reply_to
 * (a Message-ID, may be NULL); kind names the outbox row. */
enum store_status intake_queue_report_mail(struct intake *, struct store *,
		    const char *rcpt, const char *subject, const char *text,
		    const char *html, const char *kind,
		    const char *in_reply_to);

/* The non-zero redaction counts as a JSON object ({"password":1}), as
 * stored with a message; malloc'd. */
char		*intake_counts_json(const struct redact_counts *);
/* "created", "appended", "duplicate", "ignored", "answered",
 * "rejected" */
const char	*intake_action_name(enum intake_action);

#endif
