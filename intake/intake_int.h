/* intake_int.h - what the files of intake/ share; not a public interface. */
#ifndef PD_INTAKE_INT_H
#define PD_INTAKE_INT_H

#include <pthread.h>

#include "intake/intake.h"
#include "parser/parser.h"
#include "ticket/ticket.h"
#include "notifier/notifier.h"

/* Bytes of a customer's new text judged for the issue type, the
 * details it gives and its language (what a customer writes first). */
#define INTAKE_JUDGED	4096

#define IG_GROUP	64		/* mails in one group at most */
#define IG_GROUP_BYTES	(8u << 20)	/* ... and bytes of them */
#define IG_REFS		64		/* references looked at */

struct intake_gmail;

/* The mails the milter's threads hand to the grouped writer. */
struct intake_gc {
	pthread_mutex_t		 gc_lock;
	struct intake_gmail	*gc_head;	/* waiting, oldest first */
	struct intake_gmail	**gc_tail;
	int			 gc_flights;	/* groups being written */
	int			 gc_max;	/* ... at most */
	unsigned long		 gc_groups;	/* groups written */
};

struct intake {
	struct conf		*in_conf;
	struct redactor		*in_rd;
	struct store_pool	*in_pool;
	char			 in_domain[256];	/* for our Message-IDs */
	void			(*in_wake)(void);	/* or NOTIFY */
	struct intake_gc	 in_gc;
	struct tmpl_cache	*in_tmpl;	/* template files read */
};

enum gm_state { GM_WAIT, GM_STORED, GM_ALONE };

/* One prepared mail for the grouped writer. */
struct intake_gmail {
	struct intake_job	*gm_job;
	size_t			 gm_len;	/* its bytes */
	enum gm_state		 gm_state;
	int			 gm_done;	/* its writer is done */
	pthread_cond_t		 gm_cond;	/* ... or it may write */
	unsigned long		 gm_group;	/* its group, once stored */
	size_t			 gm_size;	/* ... of so many mails */
	struct store_ask	 gm_ask;
	const char		*gm_refs[IG_REFS];
	long			 gm_tickets[IG_REFS + 1];
	struct intake_gmail	*gm_next;	/* in the writer's queue */
};

/* Everything one mail needs while it goes through the pipeline. */
struct intake_job {
	struct intake		*j_in;
	const struct intake_env	*j_env;
	struct mail		*j_mail;
	struct intake_result	*j_res;
	const char		*j_from;	/* requester / sender address */
	const char		*j_from_name;
	char			*j_key;		/* Message-ID or content key */
	struct buf		 j_raw;		/* redacted raw message, or */
	int			 j_raw_fd;	/* ... in this temp file (big
						 * mails but bounces), or -1 */
	size_t			 j_raw_len;	/* bytes in j_raw_fd */
	int			 j_body_fd;	/* delivered body of a big mail
						 * (temp file), or -1 */
	char			*j_redactions;	/* JSON object */
	char			*j_warnings;
	char			*j_untagged;	/* subject without our tags */
	enum auto_class		 j_auto;
	int			 j_agent;	/* a configured agent address */
	int			 j_trusted;	/* ... and proven */
	struct ticket_cmd	 j_cmds[8];
	size_t			 j_ncmds;
	int			 j_cmds_refused; /* commands from someone
						 * not trusted: kept as text */
	size_t			 j_body_off;	/* text after the commands */
	int			 j_note;
	int			 j_told;	/* the status its commands set
						 * that the relayed reply tells
						 * of (TS_RESOLVED, TS_CLOSED),
						 * or -1 */
	char			**j_orders;
	char			**j_links;
	char			*j_orig;	/* the subject as it came */
	char			*j_made;	/* a new ticket's subject from
						 * the first line, when the
						 * mail has none; or NULL */
	int			 j_close;	/* a customer's "#close" */
	int			 j_list;	/* a +tickets request */
	unsigned		 j_found;	/* details its new text gives,
						 * 1 << DT_* */
	enum issue_type		 j_issue;	/* a new ticket's type */
	unsigned		 j_missing;	/* ... and what it lacks */
	const char		*j_lang;	/* ... and its language */
	int			 j_conf_err;	/* this attempt failed on the
						 * configuration (a template) */
};

/* The pipeline in two halves.  Before the database (any thread, in
 * intake.c): intake_job_mem(), or intake_job_prepare() on a parsed mail.
 * Then on the database (intake_group.c): intake_attempt_on() (one
 * attempt on a connection the caller holds) or intake_job_store()
 * (pooled, tried again a while on a soft failure); and intake_job_finish()
 * (intake.c) for the verdict (and the delivered copy's subject and body,
 * which an import does not need).  intake_job_free() releases the job,
 * not its mail. */
int		 intake_job_mem(struct intake *, const struct intake_env *,
		    const char *, size_t, struct intake_result *,
		    struct intake_job *, enum intake_status *rc);
int		 intake_job_prepare(struct intake_job *, struct intake *,
		    const struct intake_env *, struct mail *, size_t size,
		    struct intake_result *);
enum store_status intake_attempt_on(struct store *, struct intake_job *,
		    char *err, size_t errlen);
enum store_status intake_job_store(struct intake_job *, char *err,
		    size_t errlen);
enum intake_status intake_job_finish(struct intake_job *,
		    enum store_status, const char *err, int delivered);
void		 intake_job_free(struct intake_job *);

/* intake_group.c: the grouped writer.  intake_group_alone(): 1 when a
 * group cannot take the prepared mail (an agent's, a bounce, a big one).
 * intake_group_run(): stores mails v[0..n) in one group, in order, up to
 * the first that must not join it; each one it took is GM_STORED, or
 * GM_ALONE (to run on its own: it failed in the group, or the group
 * failed); returns how many it took (at least one).
 * intake_group_commit(): a mail of one of many threads, written with
 * those that arrive meanwhile (whoever finds a writer free writes the
 * next group at once); the store's word on it, after its group's
 * commit. */
int		 intake_group_alone(const struct intake_job *);
size_t		 intake_group_run(struct intake *, struct intake_gmail **v,
		    size_t n, unsigned long group);
enum store_status intake_group_commit(struct intake_job *, size_t len,
		    char *err, size_t errlen);
void		 intake_gc_init(struct intake_gc *, int flights);
void		 intake_gc_free(struct intake_gc *);
/* intake_group.c: wakes our own outbox worker after a commit that
 * queued mail. */
void		 intake_wake(struct intake *);

/* intake_tx.c: the In-Reply-To and References of m, newest first. */
size_t		 intake_refs(const struct mail *, const char **ids,
		    size_t max);

/* intake_tx.c: a store_read_fn giving the whole of a temp file; arg
 * points to its fd. */
int		 intake_read_file(void *arg, size_t which, store_put_fn,
		    void *putarg);

/* intake_tx.c: the transaction body (see there). */
enum store_status intake_tx(struct store *, struct intake_job *,
		    char *err, size_t errlen);

/* intake_notify.c: composes mo, stores it on ticket number as an
 * automatic message (unless number is 0; then with the ticket's reply
 * address as its Reply-To) and queues it in the outbox, one row for each
 * of the n rcpts, with kind and env_from; *counter (may be NULL) counts
 * them; big: compose it into a temp file. */
enum store_status intake_queue_mail(struct store *, struct intake_job *,
		    int *counter, long number, const char *kind,
		    const char *env_from, const struct mail_out *,
		    const char *const *rcpts, size_t n, int big);
/* intake_notify.c: our outgoing mail, composed: in og_data, or in a
 * temp file (og_fd, og_len bytes) when it takes the parts of a big mail. */
struct intake_out {
	struct buf	 og_data;
	int		 og_fd;
	size_t		 og_len;
};
/* Composes a mail_out at now into og (a temp file when big is set; on
 * ticket number, not 0, with its reply address as the Reply-To); -1
 * (errno set) when the file cannot be written.  intake_out_free() frees
 * og either way. */
int		 intake_out_compose(const struct conf *,
		    const struct mail_out *, long number, int big, time_t now,
		    struct intake_out *og);
void		 intake_out_free(struct intake_out *og);
/* intake_notify.c: an automatic mail from the support address to one
 * person (addr, name; to holds them), its From, To, Reply-To and X-Loop
 * set, the rest empty. */
void		 intake_mo_init(struct mail_out *, struct mail_addr *to,
		    const struct conf *, const char *addr, const char *name);
/* intake_notify.c: a job of no mail for an automatic mail to from (may
 * be NULL): enough for the templates and intake_queue_mail(). */
void		 intake_job_bare(struct intake_job *, struct intake_result *,
		    struct intake *, const char *from);
/* intake_notify.c: where template name is for language lang (may be
 * NULL): template_dir/LANG, template_dir/DEFAULT_LANGUAGE or
 * template_dir, the first that has it. */
void		 intake_tmpl_dir(const struct intake *, const char *lang,
		    const char *name, char *dir, size_t dirlen);
/* intake_list.c: answers a +tickets request: the sender's tickets. */
enum store_status intake_queue_list(struct store *, struct intake_job *,
		    char *err, size_t errlen);
/* intake_list.c: 1 when every support recipient is LOCAL+tickets@. */
int		 intake_is_list(const struct intake *,
		    const struct intake_env *);

/* intake_notify.c: the confirmation of a new ticket, rendered: cm_mo
 * is ready for intake_out_compose() or intake_queue_mail() (to cm_to);
 * everything it points to lives in here. */
#define INTAKE_CONFIRM_REFS	20
struct intake_confirm {
	struct mail_out	 cm_mo;
	struct mail_addr cm_to;
	const char	*cm_refs[INTAKE_CONFIRM_REFS];
	struct buf	 cm_subj, cm_body;
	char		*cm_tag, *cm_kinds, *cm_fallback, *cm_msgid;
};
/* Renders it for job j (its mail, sender, language, missing details and
 * redactions) on ticket number; -1 with err (j_conf_err set) when the
 * template is broken.  intake_confirm_free() frees c either way. */
int		 intake_confirm_make(struct intake_job *, long number,
		    const struct store_new_ticket *, struct intake_confirm *c,
		    char *err, size_t errlen);
void		 intake_confirm_free(struct intake_confirm *c);

/* intake_notify.c: queue the mails a stored message calls for. */
enum store_status intake_queue_confirmation(struct store *,
		    struct intake_job *, long number,
		    const struct store_new_ticket *, char *err, size_t errlen);
enum store_status intake_queue_relay(struct store *, struct intake_job *,
		    const struct store_ticket *, char *err, size_t errlen);
enum store_status intake_queue_redacted(struct store *, struct intake_job *,
		    const struct store_ticket *, char *err, size_t errlen);
enum store_status intake_queue_merged(struct intake *, struct store *,
		    const struct store_ticket *from, long into,
		    const char *parent, int *queued, char *err,
		    size_t errlen);
/* intake_agents.c: queues a text mail to an agent (rcpt) about ticket
 * number, stored on it as our own mail. */
enum store_status intake_queue_agent_note(struct intake *, struct store *,
		    long number, const char *rcpt, const char *subject,
		    const char *body, const char *kind, int *queued);

/* intake_chat.c: for a message of a chat door (ie_channel set), in the
 * transaction that stored it on ticket number (created: a new one): the
 * ticket's channel and chat, and the copy for the support mailbox. */
enum store_status intake_chat_tx(struct store *, struct intake_job *,
		    long number, int created);

/* intake_agents.c: a trusted agent's mail to +queue: the queue report is
 * queued and *done set (the mail makes no ticket); else nothing. */
enum store_status intake_queue_report(struct store *, struct intake_job *,
		    int *done);

/* intake_merge.c: an agent's #merge (its argument) on *number. */
enum store_status intake_merge_cmd(struct store *, struct intake_job *,
		    long *number, const char *arg, char *err, size_t errlen);

#endif
