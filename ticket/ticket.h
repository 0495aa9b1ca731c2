/* ticket.h - what a mail means for a ticket: pure decisions, no I/O.
 *
 * Tags in subjects, reply prefixes, statuses and their transitions,
 * priorities and SLA targets, categories, agent commands and trust, our
 * HMAC'd Message-IDs, the RFC 3834 auto-reply rules, order IDs and links
 * found in text.  Everything here is a function of its arguments (plus the
 * clock passed in), so it is tested with plain tables.
 */
#ifndef PD_TICKET_H
#define PD_TICKET_H

#include <stddef.h>
#include <time.h>

#include "common/conf.h"
#include "parser/parser.h"

enum ticket_status {
	TS_OPEN, TS_IN_PROGRESS, TS_WAITING, TS_RESOLVED, TS_CLOSED, TS__MAX
};
enum ticket_priority { TP_LOW, TP_MEDIUM, TP_HIGH, TP_URGENT, TP__MAX };
enum msg_direction { DIR_CUSTOMER, DIR_AGENT, DIR_NOTE, DIR_AUTO, DIR__MAX };

/* "open", "in_progress", "waiting", "resolved", "closed" */
const char	*ticket_status_name(enum ticket_status);
/* Accepts the names above, case-insensitively, and "Waiting for Customer",
 * "in-progress" and similar spellings; -1 when unknown. */
int		 ticket_status_parse(const char *, enum ticket_status *);
/* "low", "medium", "high", "urgent" */
const char	*ticket_priority_name(enum ticket_priority);
int		 ticket_priority_parse(const char *, enum ticket_priority *);
/* "customer", "agent", "note", "auto" */
const char	*ticket_direction_name(enum msg_direction);

/* --- tags and subjects ------------------------------------------------ */

/* Skips any chain of reply/forward prefixes (Re:, AW:, Fwd:, 回复:, ...). */
const char	*tag_skip_prefixes(const char *subject);
/* Finds "[PREFIX#N]" anywhere in subject; 1 and *number when found.
 * PREFIX is compared case-insensitively; blanks around '#' and inside the
 * brackets are allowed ("[ticket #10042]"); N is 1-15 digits, not 0.
 * The first tag counts when there are several. */
int		 tag_find(const char *subject, const char *prefix,
		    long *number);
/* "[PREFIX#N]" into a new string. */
char		*tag_format(const char *prefix, long number);
/* The subject with the tag put in front unless it already carries it. */
char		*tag_subject(const char *subject, const char *prefix,
		    long number);
/* The subject without any tag of the prefix (a new ticket's subject
 * names no other ticket of ours); other systems' tags stay.  Malloc'd. */
char		*tag_strip(const char *subject, const char *prefix);

/* The longest subject made from a first line, in characters. */
#define TICKET_SUBJECT_MAX	80

/* A subject for a new ticket whose mail has none: the first line of the
 * customer's new text text[0..len) that is not blank, quoted or a
 * greeting alone ("Hello,", "Здравствуйте!"), its blanks collapsed, cut
 * at a word boundary to at most TICKET_SUBJECT_MAX characters.  NULL when
 * no line says anything; else malloc'd. */
char		*ticket_subject_from_text(const char *text, size_t len);

/* --- statuses --------------------------------------------------------- */

enum ticket_event { TE_CUSTOMER_MAIL, TE_AGENT_REPLY, TE_NOTE };

/* The status after an event.  *new_ticket is set to 1 when the mail must
 * open a new ticket instead (a customer writing to a Closed ticket with
 * reopen_closed = no). */
enum ticket_status ticket_next_status(enum ticket_status, enum ticket_event,
		    int reopen_closed, int *new_ticket);

/* --- priority, SLA, category ------------------------------------------ */

/* From Importance/X-Priority, the configured keywords in the subject and
 * "urgent"/"high" in recipient details; default medium. */
enum ticket_priority ticket_priority_of(const struct mail *,
		    const char *const *rcpts, size_t nrcpts,
		    const struct conf *);
/* created + the first-response target of the priority. */
time_t		 ticket_due(time_t created, enum ticket_priority,
		    const struct conf *);
/* "billing" from billing@ or support+billing@; NULL when none (free it). */
char		*ticket_category_of(const char *const *rcpts, size_t nrcpts,
		    const struct conf *);

/* --- automatic mail (RFC 3834) ---------------------------------------- */

enum auto_class {
	AC_HUMAN,		/* may be answered */
	AC_NULL_SENDER,		/* MAIL FROM:<> */
	AC_AUTO_SUBMITTED,	/* Auto-Submitted other than "no" */
	AC_BULK,		/* Precedence bulk/junk/list */
	AC_LIST,		/* List-* headers */
	AC_LOOP,		/* X-Loop carries our value */
	AC_ROBOT,		/* mailer-daemon, postmaster, noreply, ... */
	AC_BOUNCE		/* multipart/report delivery status */
};
/* envelope_sender "" (or "<>") is the null sender, NULL unknown; x_loop
 * is our X-Loop value.  A bounce wins over the other classes so it can be
 * recorded on its ticket. */
enum auto_class	 ticket_auto_class(const struct mail *,
		    const char *envelope_sender, const char *x_loop);
const char	*ticket_auto_class_name(enum auto_class);

/* --- our Message-IDs --------------------------------------------------- */

/* A new Message-ID (without <>) for mail about ticket: carries the number,
 * a random part and an HMAC of both under secret (NULL: no HMAC). */
char		*ticket_message_id(const char *secret, long ticket,
		    const char *domain);
/* 1 and *ticket when msgid is one of ours with a valid HMAC. */
int		 ticket_message_id_verify(const char *secret,
		    const char *msgid, long *ticket);

/* --- details of support addresses ------------------------------------ */

#define TICKET_TOKEN_HEX	10	/* hex digits of a reply token */

enum ticket_rcpt_detail {
	TDET_NONE,		/* not a support address, or no detail */
	TDET_REPLY,		/* +t<number>.<token>, the token verifies */
	TDET_FORGED,		/* +t<number>... that does not verify */
	TDET_QUEUE,		/* +queue: an agent's queue report */
	TDET_TICKETS,		/* +tickets: a customer's list */
	TDET_OTHER		/* any other detail (category, priority) */
};

/* What the +detail of a support address rcpt asks for; *number (may be
 * NULL) is the ticket of a TDET_REPLY.  Details compare case-insensitively.
 * Without an hmac secret no reply address verifies. */
enum ticket_rcpt_detail ticket_detail_of(const char *rcpt,
		    const struct conf *, long *number);

enum ticket_queue_filter { TQ_ALL, TQ_MINE, TQ_OVERDUE, TQ_UNASSIGNED };

/* What a queue request (+queue) asks for: the first word of subject that
 * is "mine", "overdue" or "unassigned" (any case); TQ_ALL when none. */
enum ticket_queue_filter ticket_queue_filter(const char *subject);
/* The ticket of the first recipient that is a verified reply address,
 * else 0. */
long		 ticket_reply_ticket(const char *const *rcpts,
		    size_t nrcpts, const struct conf *);
/* "LOCAL+t<number>.<token>@DOMAIN" made from address (LOCAL@DOMAIN; a
 * detail it has is replaced), malloc'd; a copy of address when there is
 * no secret or number is not positive. */
char		*ticket_reply_address(const char *secret,
		    const char *address, long number);

/* --- threading -------------------------------------------------------- */

struct thread_facts {
	long	tf_ref_ticket;		/* ticket of a referenced message that
					 * is stored, or of one of our ids
					 * that verifies; else 0 */
	int	tf_ref_verified;	/* the reference is our HMAC'd id */
	long	tf_tag_ticket;		/* ticket named by the subject tag, 0 */
	int	tf_tag_exists;		/* that ticket exists */
	int	tf_sender_known;	/* requester/participant of it */
	int	tf_sender_agent;	/* a trusted agent */
};

enum thread_decision { TD_NEW, TD_APPEND };

/* Which ticket a mail belongs to; *ticket set for TD_APPEND.  *quoted is
 * set to a tag number the sender may not use (noted on the new ticket):
 * a reference appends whoever sends it; a tag alone only for a known
 * sender or a trusted agent. */
enum thread_decision ticket_thread(const struct thread_facts *,
		    long *ticket, long *quoted);

/* --- agents ----------------------------------------------------------- */

/* 1 when from is a configured agent and proven so by one of agent_trust:
 * auth_authen (SMTP AUTH, may be NULL), an Authentication-Results header of
 * our authserv_id with dkim/dmarc=pass for the agent's domain, or from. */
int		 ticket_agent_trusted(const struct mail *, const char *from,
		    const char *auth_authen, const struct conf *);
int		 ticket_is_agent(const char *addr, const struct conf *);

enum ticket_cmd_kind { TC_STATUS, TC_PRIORITY, TC_CATEGORY, TC_ASSIGN,
    TC_NOTE, TC_MERGE };

struct ticket_cmd {
	enum ticket_cmd_kind	tc_kind;
	char			tc_arg[128];
};

/* Parses commands at the top of text ("#status resolved" lines, blank
 * lines between them allowed).  Returns how many (at most max) and sets
 * *body_off to where the rest of the text starts (0 when none).  The block
 * ends at the first line that is not a valid command (unknown "#foo",
 * "#status bogus", prose); "#note text" on one line starts the body at
 * "text".  #status and #priority arguments parse with
 * ticket_status_parse()/ticket_priority_parse(); #category comes back
 * lower-cased; #merge's argument ("N", "#N" or "[Tag#N]") comes back as
 * the bare number. */
size_t		 ticket_commands(const char *text, struct ticket_cmd *,
		    size_t max, size_t *body_off);

/* --- merging ---------------------------------------------------------- */

struct merge_facts {
	long	mf_from;		/* the ticket merged away */
	long	mf_into;		/* the one that takes it in */
	int	mf_agent;		/* asked by a trusted agent (or the
					 * console) */
	int	mf_from_exists;
	long	mf_from_merged;		/* its merged_into, 0 */
	int	mf_into_exists;
	long	mf_into_merged;
};

enum merge_refusal { MR_OK, MR_NOT_AGENT, MR_SELF, MR_NO_SOURCE,
    MR_SOURCE_MERGED, MR_NO_TARGET, MR_TARGET_MERGED };

/* MR_OK, or the first reason not to merge. */
enum merge_refusal ticket_merge_check(const struct merge_facts *);
/* A sentence for the agent or the console ("merged" for MR_OK). */
const char	*ticket_merge_reason(enum merge_refusal);
/* 1 when the first line of text that is not blank is "#close" (any
 * case): a customer closing their ticket. */
int		 ticket_customer_close(const char *text);

/* --- issue types and the details they need --------------------------- */

enum issue_type { IT_ORDER, IT_REFILL, IT_CANCEL, IT_SPEED, IT_DROP,
    IT_PAYMENT, IT_ACCOUNT, IT_OTHER, IT__MAX };

/* "order", "refill", "cancel", "speed", "drop", "payment", "account",
 * "other" */
const char	*ticket_issue_name(enum issue_type);
/* The type of a name (any case); -1 when unknown. */
int		 ticket_issue_parse(const char *, enum issue_type *);
/* The type words of text point to (see issue.c); IT_OTHER when none. */
enum issue_type	 ticket_issue_of_text(const char *text);
/* 0 and *t when a recipient names a type: an issue_type_addresses entry
 * ("refill@example.com:refill"), or a support address whose +detail or
 * local part is a type's name; -1 when none does. */
int		 ticket_issue_of_rcpts(const char *const *rcpts, size_t n,
		    const struct conf *, enum issue_type *t);
/* A new ticket's type: its recipients', else a specific type the
 * subject names, else the text's, else the subject's. */
enum issue_type	 ticket_issue_of(const char *subject, const char *text,
		    const char *const *rcpts, size_t n, const struct conf *);

enum ticket_detail { DT_ORDER_ID, DT_SERVICE, DT_LINK, DT_STATUS,
    DT_CURRENT_COUNT, DT_PAYMENT_REFERENCE, DT_AMOUNT, DT_DATE, DT_METHOD,
    DT_ACCOUNT, DT__MAX };

/* "order_id", "service", "link", "status", "current_count",
 * "payment_reference", "amount", "date", "method", "account" */
const char	*ticket_detail_name(enum ticket_detail);
int		 ticket_detail_parse(const char *, enum ticket_detail *);
/* The details text gives, a mask of 1 << DT_*; orders and links are what
 * ticket_order_ids() and ticket_links() found in it (may be NULL). */
unsigned	 ticket_details_found(const char *text,
		    const char *const *orders, const char *const *links);
/* The details the configuration asks for type t (details_TYPE). */
unsigned	 ticket_details_required(enum issue_type, const struct conf *);
/* The names of a mask's details, in order, NULL-terminated (free with
 * strv_free, common/xalloc.h); and the mask of such a list. */
char		**ticket_details_names(unsigned mask);
unsigned	 ticket_details_mask(const char *const *names);

/* --- the customer's language ------------------------------------------ */

/* The language of a text (en, ru, uk, es, pt, de, tr; see lang.c), or
 * NULL when it does not say clearly. */
const char	*ticket_lang_of_text(const char *text);
/* The code of a language postdesk writes in ("ru" from "ru", "RU-ru",
 * "pt_BR"), or NULL. */
const char	*ticket_lang_known(const char *tag);
/* The language a language_addresses entry gives a recipient, or NULL. */
const char	*ticket_lang_of_rcpts(const char *const *rcpts, size_t n,
		    const struct conf *);
/* A new ticket's language: its recipient's, its text's (text: the
 * customer's new text), the first known one of content_language (may be
 * NULL), else default_language, else "en".  Never NULL. */
const char	*ticket_language(const char *text,
		    const char *content_language, const char *const *rcpts,
		    size_t n, const struct conf *);

/* 0 when the configuration's customer-side keys are sound (types and
 * details by name, languages known); else -1 and err. */
int		 ticket_conf_check(const struct conf *, char *err,
		    size_t errlen);

/* --- what support needs ------------------------------------------------ */

/* Order IDs ("order 12345", "Order ID: 12345", "заказ 12345", and
 * "#12345" on the same line shortly after an order word; never a ticket
 * number) and public http(s) links found in text, each list deduplicated,
 * NULL-terminated and malloc'd (free with strv_free, common/xalloc.h).
 * At most 32 of each. */
char		**ticket_order_ids(const char *text);
/* 1 when text tells the state of the order (pending, processing, in
 * progress, partial, completed, canceled, ...) in English, Russian,
 * Ukrainian, Spanish, Portuguese, German or Turkish. */
int		 ticket_mentions_status(const char *text);
char		**ticket_links(const char *text);

#endif
