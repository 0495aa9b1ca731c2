/* store.h - tickets, messages and the outbox in PostgreSQL (libpq inside).
 *
 * The only module that knows libpq.  A struct store is one connection,
 * used by one thread at a time; a store_pool lends them out with a bounded
 * wait.  Every call returns an enum store_status: HARD (retrying cannot
 * help: bad data, constraint, SQL error), SOFT (try again: connection lost,
 * serialization failure, deadlock, pool exhausted), NONE (no row), ONE (done
 * / found).  A SOFT result inside a transaction leaves the transaction to be
 * rolled back by the caller.  Text for the last failure: store_error().
 *
 * A content bigger than 1 MB (a raw message, an attachment) goes to the
 * database in pieces through a large object of the transaction, which is
 * unlinked again before the commit; it may come from a reader instead of
 * memory (see struct store_message).
 */
#ifndef PD_STORE_H
#define PD_STORE_H

#include <stddef.h>
#include <time.h>

#include "common/buf.h"
#include "parser/parser.h"
#include "ticket/ticket.h"

enum store_status { STORE_HARD = -2, STORE_SOFT = -1, STORE_NONE = 0,
    STORE_ONE = 1 };

struct store;
struct store_pool;

/* A content that is not in memory comes from a reader: it calls put with
 * each piece in order and returns 0, the first non-zero value put
 * returned (which stops it), or -1 when it cannot read (errno set).
 * which is STORE_RAW or the index of an attachment. */
typedef int	(*store_put_fn)(const void *, size_t, void *);
typedef int	(*store_read_fn)(void *arg, size_t which, store_put_fn put,
		    void *putarg);
#define STORE_RAW	((size_t)-1)

/* Opens a connection (and prepares the statements).  NULL and err on
 * failure; a failure to connect is always worth retrying. */
struct store	*store_open(const char *conninfo, char *err, size_t errlen);
void		 store_close(struct store *);		/* NULL is fine */
/* Borrowed; valid until the next call on this handle. */
const char	*store_error(const struct store *);
/* 1 when the connection is lost (the next call outside a transaction
 * reconnects). */
int		 store_broken(const struct store *);
/* 1 inside a transaction (also a failed one not yet rolled back). */
int		 store_in_transaction(const struct store *);

/* A pool of at most size connections, opened lazily. */
struct store_pool *store_pool_new(const char *conninfo, int size,
		    int wait_ms);
void		 store_pool_free(struct store_pool *);	/* NULL is fine */
/* Lends a connection, waiting at most the pool's wait; NULL (SOFT) with a
 * reason in err when none could be had or the database is down. */
struct store	*store_pool_get(struct store_pool *, char *err, size_t errlen);
/* Gives it back; an open transaction is rolled back, a broken connection
 * is closed. */
void		 store_pool_put(struct store_pool *, struct store *);

/* Creates or upgrades the schema; idempotent.  ONE on success.  Safe
 * when several instances migrate at once (an advisory lock serialises
 * them).  *version (may be NULL) is the version reached. */
enum store_status store_migrate(struct store *, int *version);
/* The schema version the database is at (0: none), changing nothing. */
enum store_status store_schema_version(struct store *, int *version);
/* The newest schema version this build knows. */
int		 store_schema_latest(void);

enum store_status store_begin(struct store *);
enum store_status store_commit(struct store *);
void		 store_rollback(struct store *);

/* Writes: every write (store_ticket_create, store_ticket_set_status,
 * store_ticket_add_facts, store_message_add, store_outbox_add) is kept
 * and sent with the others kept with it, one statement per table: at
 * once outside a group (a single write is a group of one), at its commit
 * inside a group.
 *
 * Groups: the transactions of many mails in one transaction and a handful
 * of statements.  store_group_begin() opens a transaction and reads in
 * the same round trip everything the mails' transactions will look up
 * (each struct store_ask says what), and locks the tickets they may read;
 * until store_group_end() the lookups (store_message_seen,
 * store_ticket_by_refs, store_ticket_get, store_is_participant,
 * store_contact_undeliverable, store_autoreply_allow) are answered from
 * it, and the writes are kept for the end.  store_begin, store_commit and
 * store_rollback then mark, keep and drop the writes of one mail.
 * Anything else (another call, a lookup of something not asked for, a
 * content over STORE_GROUP_BIG) fails HARD with store_group_missed() set:
 * that mail must run outside the group.  The asks, and what they point
 * to, stay the caller's until store_group_end(). */
struct store_ask {
	const char		*sa_key;	/* the message key */
	const char *const	*sa_refs;	/* In-Reply-To, References */
	size_t			 sa_nrefs;
	const long		*sa_tickets;	/* numbers it may read */
	size_t			 sa_ntickets;
	long			 sa_tag;	/* its tag, or 0 */
	const char		*sa_from;	/* the sender */
	int			 sa_cap;	/* its automatic mail is
						 * counted up to this cap */
	int			 sa_creates;	/* sure to open a ticket
						 * unless its key is stored */
};

#define STORE_GROUP_BIG		(1u << 20)

/* ONE; HARD or SOFT when the lookups failed (no transaction is left
 * open).  Not inside a transaction. */
enum store_status store_group_begin(struct store *,
		    const struct store_ask *, size_t n);
/* Mail i (in order) runs next: ONE, or NONE when what it looks up may
 * have been changed by a write kept for an earlier mail of the group
 * (end the group before it). */
enum store_status store_group_next(struct store *, size_t i);
/* Sends the kept writes and commits, in one round trip.  ONE; HARD,
 * SOFT, or NONE (a message's key was stored meanwhile) when they could
 * not all be made: then none of them is (the mails must run again,
 * outside a group). */
enum store_status store_group_end(struct store *);
/* 1 when the last failure came from a call the group cannot serve. */
int		 store_group_missed(const struct store *);

/* --- lookups inside the intake transaction ----------------------------- */

/* ONE and *ticket when a message with this key is stored already. */
enum store_status store_message_seen(struct store *, const char *key,
		    long *ticket);
/* ONE and *ticket for the newest ticket holding one of these Message-IDs
 * (stored messages and our outgoing ones). */
enum store_status store_ticket_by_refs(struct store *,
		    const char *const *ids, size_t n, long *ticket);

struct store_ticket {
	long			 t_number;
	enum ticket_status	 t_status;
	enum ticket_priority	 t_priority;
	char			 t_subject[512];
	char			 t_requester[320];
	char			 t_category[64];
	char			 t_issue_type[16];
	char			 t_language[16];	/* "" when unknown */
	char			 t_reply_to[320];	/* the requester's own
							   Reply-To, or "" */
	long			 t_merged_into;	/* 0 unless merged */
};

/* ONE when the ticket exists (a merged one too), NONE when not; no
 * lock. */
enum store_status store_ticket_exists(struct store *, long number);
/* ONE and *out when the ticket exists; locks its row (FOR UPDATE). */
enum store_status store_ticket_get(struct store *, long number,
		    struct store_ticket *);
/* ONE and the Message-ID (without <>) of the customer's latest mail on
 * the ticket; NONE when there is none. */
enum store_status store_last_customer_id(struct store *, long number,
		    char *out, size_t outlen);
struct store_brief {
	long			 sb_number;
	enum ticket_status	 sb_status;
	enum ticket_priority	 sb_priority;
	char			 sb_subject[512];
	time_t			 sb_updated;
	char			 sb_language[16];	/* "" unknown */
};

/* The tickets addr is the requester or a participant of, newest first,
 * at most max of them into *rows (malloc'd, free it; NULL when none):
 * ONE with *n, NONE when there are none. */
enum store_status store_tickets_of(struct store *, const char *addr,
		    size_t max, struct store_brief **rows, size_t *n);

struct store_person {
	char	*sp_addr;
	char	*sp_name;		/* "" when none */
};

/* The customer participants of a ticket (its requester and the people
 * customers wrote from or put in Reply-To, To or Cc), oldest first:
 * *v malloc'd (free with store_people_free), NONE when there are none. */
enum store_status store_ticket_people(struct store *, long number,
		    struct store_person **v, size_t *n);
void		 store_people_free(struct store_person *, size_t n);
/* ONE when addr is the requester or a participant of the ticket. */
enum store_status store_is_participant(struct store *, long number,
		    const char *addr);

/* --- writes ------------------------------------------------------------ */

struct store_new_ticket {
	const char		*nt_subject;
	const char		*nt_requester;	/* address */
	const char		*nt_requester_name;
	enum ticket_priority	 nt_priority;
	const char		*nt_category;	/* may be NULL */
	time_t			 nt_due;
	long			 nt_quoted;	/* number a stranger quoted, 0 */
	/* NULL-terminated, may be NULL; distinct and none empty, as
	 * ticket_order_ids() and ticket_links() give them */
	const char *const	*nt_order_ids;
	const char *const	*nt_links;
	const char		*nt_issue_type;	/* "order", ...; NULL: other */
	const char		*nt_language;	/* "en", ...; may be NULL */
	const char *const	*nt_missing;	/* details the type needs and
						 * the mail lacks, may be
						 * NULL */
};

/* Creates a ticket with status open.  Its number comes from the
 * sequence, or first from those a group took ahead for the mails sure to
 * open one (sa_creates), in order, so tickets get the numbers they would
 * have got one by one (a connection closed with some unused leaves a
 * gap). */
enum store_status store_ticket_create(struct store *,
		    const struct store_new_ticket *, long *number);
/* Sets the status and records it in the history (by: who, may be NULL). */
enum store_status store_ticket_set_status(struct store *, long number,
		    enum ticket_status, const char *by);
enum store_status store_ticket_set_priority(struct store *, long number,
		    enum ticket_priority);
enum store_status store_ticket_set_category(struct store *, long number,
		    const char *);
enum store_status store_ticket_set_assignee(struct store *, long number,
		    const char *);
/* Where replies to the requester go: their own Reply-To ("" clears). */
enum store_status store_ticket_set_reply_to(struct store *, long number,
		    const char *addr);
/* Adds order IDs and links found in a later message (no duplicates) and
 * takes the details it gives (found, may be NULL) off the ticket's
 * missing ones. */
enum store_status store_ticket_add_facts(struct store *, long number,
		    const char *const *order_ids, const char *const *links,
		    const char *const *found);
/* Records the first agent response time, if not yet recorded (NONE when
 * it was). */
enum store_status store_ticket_first_response(struct store *, long number);
/* Merges ticket from into ticket into: its messages (with their
 * attachments) and outgoing mail move to into, its participants, order
 * IDs and links are added to into's, and from is closed with merged_into
 * set (tickets merged into from before now point at into).  ONE and
 * *moved (may be NULL) the messages moved; NONE when either ticket is
 * missing or merged already, or they are the same: nothing changed. */
enum store_status store_ticket_merge(struct store *, long from, long into,
		    const char *by, long *moved);

struct store_message {
	long			 sm_ticket;
	const char		*sm_key;	/* Message-ID or content key */
	const char		*sm_message_id;	/* may be NULL */
	enum msg_direction	 sm_direction;
	const char		*sm_queue_id;	/* may be NULL */
	const char		*sm_from_addr;
	const char		*sm_from_name;	/* may be NULL */
	const struct mail_addrs	*sm_to;		/* may be NULL */
	const struct mail_addrs	*sm_cc;		/* may be NULL */
	const char		*sm_reply_to;	/* may be NULL */
	/* of the people above, those who are customer participants (not
	 * support addresses, not agents): NULL-terminated, may be NULL */
	const char *const	*sm_customers;
	/* ... and those that are our own (support addresses, the address
	 * we send from): never participants; NULL-terminated, may be NULL */
	const char *const	*sm_ours;
	const char		*sm_subject;
	const char		*sm_text;	/* redacted */
	size_t			 sm_new_len;
	const char		*sm_raw;	/* redacted raw message, */
	size_t			 sm_raw_len;	/* ... or NULL: sm_read's */
	const char		*sm_redactions;	/* JSON object of counts */
	const char		*sm_warnings;	/* may be NULL */
	int			 sm_flags;	/* MAIL_F_* */
	const struct mail_attachment *sm_att;	/* at_data NULL: sm_read */
	size_t			 sm_natt;
	store_read_fn		 sm_read;	/* may be NULL */
	void			*sm_read_arg;
};

/* Stores a message, its attachments (deduplicated by SHA-256) and adds
 * its From/Reply-To/To/Cc but sm_ours to the participants (those of
 * sm_customers as customer participants, for good).  NONE when the key
 * is stored already (another instance won the race): the transaction
 * failed, roll back, it is a duplicate.
 * sm_raw NULL with sm_raw_len 0 stores no raw message; with sm_raw_len
 * > 0 it is read with sm_read(sm_read_arg, STORE_RAW, ...), as is an
 * attachment i with at_data NULL and at_size > 0 (its at_sha256 set) with
 * sm_read(sm_read_arg, i, ...).  A reader that fails makes it SOFT, one
 * that gives other than the size said HARD. */
enum store_status store_message_add(struct store *,
		    const struct store_message *);

/* --- outbox ------------------------------------------------------------ */

struct store_outbox {
	long		 ob_id;
	long		 ob_ticket;
	char		*ob_kind;	/* confirmation, reply, status, ... */
	char		*ob_mail_from;	/* "" for the null sender */
	char		*ob_rcpt;
	char		*ob_message_id;	/* ours, without <> */
	char		*ob_data;	/* the whole RFC 5322 message; NULL
					 * for a claimed row over STORE_LO_MIN
					 * (read it with store_outbox_read),
					 * or when queued from ob_read */
	size_t		 ob_len;
	int		 ob_attempts;
	int		 ob_sent_parts;	/* claimed: pieces a chat took */
	store_read_fn	 ob_read;	/* queueing: ob_len bytes from */
	void		*ob_read_arg;	/* ob_read(arg, STORE_RAW, ...) */
};

/* Contents over this go to and come from the database in pieces. */
#define STORE_LO_MIN	(1u << 20)

/* Queues a mail in the current transaction; *id (may be NULL) its row,
 * 0 inside a group.  Nobody is woken: see store_outbox_notify. */
enum store_status store_outbox_add(struct store *,
		    const struct store_outbox *, long *id);
/* Wakes the workers that LISTEN (store_wait_notify): at once outside a
 * transaction, else right after the current transaction commits (inside
 * a group: the group's, unless the mail is rolled back); for a process
 * whose own worker is not woken directly.  The wake-up is not durable
 * (the rows are): it holds no commit up. */
enum store_status store_outbox_notify(struct store *);
/* Where a row goes, set when it is queued: a row to a Telegram pseudo
 * address (ticket/chat.h) goes to that chat, any other by mail. */
#define STORE_CH_MAIL		"mail"
#define STORE_CH_TELEGRAM	"telegram"
/* Claims up to max due rows of channel (STORE_CH_*; FOR UPDATE SKIP
 * LOCKED, then marks them taken for a lease); *rows is malloc'd, free
 * with store_outbox_free. */
enum store_status store_outbox_claim(struct store *, const char *channel,
		    size_t max, struct store_outbox **rows, size_t *n);
void		 store_outbox_free(struct store_outbox *, size_t n);
/* Reads up to len bytes of row id's message from off into buf (a piece
 * of a big row, which claiming leaves out): ONE and *got (0 at the end),
 * or the failure. */
enum store_status store_outbox_read(struct store *, long id, size_t off,
		    size_t len, void *buf, size_t *got);
/* A row the SMTP server accepted: marked sent; NONE when it was not
 * pending.  The _many form marks n rows in one statement: ONE and *done
 * (may be NULL) how many were still pending, NONE when none was. */
enum store_status store_outbox_sent(struct store *, long id);
/* Records that the first parts pieces of a claimed row went out (a row
 * sent in several pieces; a retry starts after them). */
enum store_status store_outbox_parts(struct store *, long id, int parts);
/* The receiver asked to wait: not due before secs from now, reason kept,
 * not counted as a failed attempt. */
enum store_status store_outbox_later(struct store *, long id, int secs,
		    const char *reason);
enum store_status store_outbox_sent_many(struct store *, const long *ids,
		    size_t n, size_t *done);
/* Gives a claimed row back before its lease ends: due again now, its
 * attempts unchanged (it was not tried). */
enum store_status store_outbox_unclaim(struct store *, long id);
/* A failed attempt: permanent, or due again after a backoff; after
 * max_attempts it is given up with reason kept. */
enum store_status store_outbox_failed(struct store *, long id,
		    int permanent, const char *reason, int max_attempts);
/* LISTEN for new outbox rows; then wait up to ms for a notification:
 * ONE when notified, NONE on timeout. */
enum store_status store_listen(struct store *);
enum store_status store_wait_notify(struct store *, int ms);
/* The same, also ONE as soon as fd (when >= 0) is readable. */
enum store_status store_wait_notify_fd(struct store *, int ms, int fd);

/* --- contacts ---------------------------------------------------------- */

/* ONE when addr may get one more automatic mail (null sender) now, NONE
 * when cap_per_hour of them were queued for it within the hour.  It only
 * counts the outbox (no lock), so mails racing each other may pass the
 * cap by the few that run at once. */
enum store_status store_autoreply_allow(struct store *, const char *addr,
		    int cap_per_hour);
/* A bounce: no automatic mail to addr for the next seconds. */
enum store_status store_contact_mark_undeliverable(struct store *,
		    const char *addr, int seconds, const char *reason);
/* ONE (and *until, may be NULL) while addr is marked undeliverable. */
enum store_status store_contact_undeliverable(struct store *,
		    const char *addr, time_t *until);

/* --- reading for postdeskctl ------------------------------------------- */

/* What is read back is handed out as rows: strings are malloc'd (NULL
 * for an SQL NULL), times are seconds since the epoch (STORE_NO_TIME for
 * NULL), and each *_free() releases a whole result (NULL is fine). */
#define STORE_NO_TIME	((time_t)-1)

/* A named count: redactions by kind. */
struct store_count {
	char			*sc_name;
	long			 sc_n;
};

struct store_att_row {
	char			*ar_filename;
	char			*ar_content_type;
	char			*ar_sha256;
	long			 ar_size;
	int			 ar_inline;
};

struct store_msg_row {
	long			 mr_id;
	char			*mr_direction;
	char			*mr_from;
	char			*mr_from_name;
	char			**mr_to;	/* NULL-terminated */
	char			**mr_cc;
	char			*mr_subject;
	char			*mr_text;
	long			 mr_new_text_len;	/* -1: NULL */
	char			*mr_message_id;
	char			*mr_queue_id;
	time_t			 mr_created_at;
	struct store_count	*mr_redactions;
	size_t			 mr_nredactions;
	long			 mr_flags;
	struct store_att_row	*mr_att;
	size_t			 mr_natt;
};

struct store_ticket_row {
	long			 tr_number;
	char			*tr_subject;
	char			*tr_status;
	char			*tr_priority;
	char			*tr_category;
	char			*tr_requester;
	char			*tr_requester_name;
	char			*tr_assignee;
	long			 tr_quoted;	/* 0: none */
	time_t			 tr_due_at;
	time_t			 tr_first_response_at;
	time_t			 tr_created_at;
	time_t			 tr_updated_at;
	int			 tr_overdue;	/* no first response, past due */
	long			 tr_nmessages;
	char			*tr_issue_type;
	char			*tr_language;	/* NULL: older than languages */
	char			**tr_missing;	/* details its type still needs,
						 * NULL-terminated */
	long			 tr_merged_into;	/* 0: not merged */
	/* store_ticket_read() only (NULL / 0 in a list) */
	char			**tr_order_ids;	/* NULL-terminated */
	char			**tr_links;
	char			**tr_participants;
	struct store_count	*tr_redactions;	/* summed over the messages */
	size_t			 tr_nredactions;
	struct store_msg_row	*tr_msgs;	/* oldest first */
	size_t			 tr_nmsgs;
};

/* Ticket number with its facts, participants and messages (attachments
 * included); NONE when there is no such ticket. */
enum store_status store_ticket_read(struct store *, long number,
		    struct store_ticket_row *);
/* Tickets (without their messages), newest first; status and
 * issue_type (each may be NULL) keep only the tickets that have it. */
enum store_status store_ticket_list(struct store *, const char *status,
		    const char *issue_type, struct store_ticket_row **rows,
		    size_t *n);

enum store_queue_filter { SQ_ALL, SQ_MINE, SQ_OVERDUE, SQ_UNASSIGNED };

/* The open tickets (not resolved, closed or merged) for a queue report:
 * overdue first, then by due time; SQ_MINE those assigned to agent.
 * Free with store_ticket_rows_free(). */
enum store_status store_ticket_queue(struct store *,
		    enum store_queue_filter, const char *agent,
		    struct store_ticket_row **rows, size_t *n);
/* Claims, in the caller's transaction, escalation level (1 or 2) of every
 * ticket with no first response, not resolved, closed or merged, whose
 * due time is after_min minutes before now: each is marked so that no
 * other run (on any host) claims it again; level 2 marks level 1 too.
 * Rows that another transaction holds are left for the next run. */
enum store_status store_escalation_claim(struct store *, int level,
		    time_t now, long after_min, struct store_ticket_row **rows,
		    size_t *n);
/* Frees the contents of n rows and, with all, the array itself. */
void		 store_ticket_rows_free(struct store_ticket_row *, size_t n,
		    int all);

struct store_outbox_row {
	long			 or_id;
	long			 or_ticket;	/* 0: none */
	char			*or_kind;
	char			*or_rcpt;
	char			*or_state;	/* pending, sent, failed */
	int			 or_attempts;
	time_t			 or_next_attempt_at;
	char			*or_last_error;
	time_t			 or_created_at;
	time_t			 or_sent_at;
	char			*or_message_id;
	char			*or_channel;	/* STORE_CH_* */
	int			 or_sent_parts;	/* pieces a chat took */
};

/* The outbox, oldest first; sent rows only when all. */
enum store_status store_outbox_list(struct store *, int all,
		    struct store_outbox_row **rows, size_t *n);
void		 store_outbox_rows_free(struct store_outbox_row *, size_t n);

/* Makes a pending or failed row due now, with attempts reset to 0 (a
 * full round of retries; last_error stays until the next attempt).  NONE
 * when there is no such unsent row.  A row a worker is sending at this
 * very moment may then go out twice. */
enum store_status store_outbox_retry(struct store *, long id);
/* Deletes a row that was not sent; NONE when there is no such row. */
enum store_status store_outbox_drop(struct store *, long id);

enum store_outbox_state { SO_PENDING, SO_SENT, SO_FAILED, SO__MAX };

/* The statistics: tickets by status, open_by_priority (tickets neither
 * resolved nor closed), overdue (no first response, due_at passed, not
 * resolved or closed), first responses and their median in seconds (-1:
 * none), redactions summed over the messages by kind, and the outbox:
 * rows by state, due, retrying, the oldest pending row's age (-1: none). */
struct store_stats {
	long			 ss_tickets;
	long			 ss_by_status[TS__MAX];
	long			 ss_open_by_priority[TP__MAX];
	long			 ss_overdue;
	long			 ss_first_responses;
	long			 ss_median_first_response_s;
	struct store_count	*ss_redactions;
	size_t			 ss_nredactions;
	long			 ss_outbox[SO__MAX];
	long			 ss_outbox_due;
	long			 ss_outbox_retrying;
	long			 ss_oldest_pending_age_s;
};

enum store_status store_stats(struct store *, struct store_stats *);
void		 store_stats_free(struct store_stats *);	/* contents */
/* "pending", "sent", "failed" */
const char	*store_outbox_state_name(enum store_outbox_state);

#define STORE_DIGEST_DAYS	14

struct store_digest_day {
	time_t			 dd_day;	/* 00:00 UTC */
	long			 dd_opened;	/* tickets opened that day */
	long			 dd_resolved;	/* tickets set resolved */
	long			 dd_open;	/* not resolved or closed at its
						 * end */
};

struct store_digest {
	struct store_digest_day	 sd_days[STORE_DIGEST_DAYS]; /* oldest
							      * first */
	long			 sd_first_responses;	/* of tickets opened
							 * in those days */
	long			 sd_median_s;	/* -1: none */
	long			 sd_p90_s;	/* -1: none */
	long			 sd_overdue;	/* at now */
	struct store_count	*sd_redactions;	/* by kind, in those days */
	size_t			 sd_nredactions;
};

/* The figures of the daily digest for the 14 UTC days up to and with
 * now's. */
enum store_status store_digest(struct store *, time_t now,
		    struct store_digest *);
void		 store_digest_free(struct store_digest *);	/* contents */

struct store_moved {
	long			 sm_number;
	enum ticket_status	 sm_from;
	enum ticket_status	 sm_to;
};

/* In one statement: waiting tickets whose status last changed (per the
 * status history) waiting_days ago or earlier become resolved, resolved
 * ones older than resolved_days become closed (a ticket resolved by this
 * call is not also closed); each change is recorded in the history with
 * by (NULL: "close-stale").  *moved (may be NULL; free it) lists them. */
enum store_status store_close_stale(struct store *, int waiting_days,
		    int resolved_days, const char *by, long *resolved,
		    long *closed, struct store_moved **moved, size_t *nmoved);
/* What store_close_stale would do, changing nothing. */
enum store_status store_count_stale(struct store *, int waiting_days,
		    int resolved_days, long *resolved, long *closed);

/* --- the Telegram door (telegram.c) ------------------------------------ */

/* A file a customer sent in a conversation (fetched at its end). */
struct store_tg_file {
	char		*tf_file_id;	/* Telegram's file_id */
	char		*tf_filename;
	char		*tf_content_type;
	long		 tf_size;
};

/* A customer's conversation with the bot: a ticket being made
 * (/createticket) or a reply being written (Add a reply). */
struct store_tg_conv {
	long long		 tc_user;
	long long		 tc_chat;
	char			*tc_step;	/* see telegram/flow.h */
	char			*tc_category;	/* may be NULL */
	char			*tc_subject;	/* may be NULL */
	char			*tc_order;	/* may be NULL */
	long			 tc_ticket;	/* a reply's ticket, or 0 */
	char			*tc_body;	/* the texts so far */
	int			 tc_ntexts;
	char			*tc_name;	/* the user's name, may be NULL */
	char			*tc_language;	/* may be NULL */
	struct store_tg_file	*tc_files;	/* store_tg_conv_get only */
	size_t			 tc_nfiles;
};

/* A requester's ticket in a list. */
struct store_tg_ticket {
	long		 tt_number;
	char		*tt_subject;
	char		*tt_status;
};

/* The getUpdates offset to use (0 when none is stored yet). */
enum store_status store_tg_offset(struct store *, long long *offset);
/* Records, in the transaction of update_id's effect, that it is done,
 * and moves the offset past it: ONE when this transaction does it, NONE
 * when it was done before (then there is nothing to do). */
enum store_status store_tg_claim(struct store *, long long update_id);
/* The conversation of user, locked for the caller's transaction (with
 * its files); NONE when there is none. */
enum store_status store_tg_conv_get(struct store *, long long user,
		    struct store_tg_conv *);
/* Writes the conversation (not its files). */
enum store_status store_tg_conv_put(struct store *,
		    const struct store_tg_conv *);
/* Ends user's conversation (its files with it). */
enum store_status store_tg_conv_drop(struct store *, long long user);
/* Adds a file after the conversation's others. */
enum store_status store_tg_file_add(struct store *, long long user,
		    const struct store_tg_file *);
void		 store_tg_conv_free(struct store_tg_conv *);	/* contents */
/* At most max of requester's tickets not resolved, closed or merged,
 * newest first (*rows malloc'd, free with store_tg_tickets_free). */
enum store_status store_tg_tickets(struct store *, const char *requester,
		    int max, struct store_tg_ticket **rows, size_t *n);
void		 store_tg_tickets_free(struct store_tg_ticket *, size_t n);
/* Marks ticket number as one of channel ("mail", "telegram") and its
 * chat (0: none). */
enum store_status store_tg_ticket_set(struct store *, long number,
		    const char *channel, long long chat);
/* The channel (malloc'd) and chat (0: none) of ticket number; NONE when
 * there is no such ticket. */
enum store_status store_tg_ticket_channel(struct store *, long number,
		    char **channel, long long *chat);
/* The bytes of the stored attachment content with this SHA-256 (*data
 * malloc'd); NONE when there is none. */
enum store_status store_tg_blob(struct store *, const char *sha256,
		    char **data, size_t *len);

#endif
