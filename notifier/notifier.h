/* notifier.h - the mail postdesk sends: templates, the outbox worker and
 * SMTP over libcurl.
 *
 * The only module that knows libcurl.  Rendering is pure and fast, so
 * intake/ renders inside its transaction, has the message built by the
 * one composer (parser/'s writing half, mail_compose()) and stores it in
 * the outbox; the worker thread only claims rows and sends them.
 */
#ifndef PD_NOTIFIER_H
#define PD_NOTIFIER_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "common/buf.h"
#include "common/conf.h"
#include "store/store.h"

/* --- templates --------------------------------------------------------- */

/* Every template postdesk renders, by NAME (NAME.txt in template_dir
 * and in each language directory under it); NULL-terminated. */
extern const char *const tmpl_names[];

struct tmpl_var {
	const char	*tv_name;
	const char	*tv_value;	/* NULL or "" is false in {{#if}} */
};

/* Renders tmpl: "{{name}}" is replaced by the value, "{{#if name}}...
 * {{/if}}" and "{{#unless name}}...{{/unless}}" keep or drop their text.
 * An unknown name or an unbalanced block is an error. */
int		 tmpl_render(const char *tmpl, size_t len,
		    const struct tmpl_var *, size_t nvars, struct buf *out,
		    char *err, size_t errlen);
/* Reads NAME.txt from dir and renders it. */
int		 tmpl_render_file(const char *dir, const char *name,
		    const struct tmpl_var *, size_t nvars, struct buf *out,
		    char *err, size_t errlen);
/* A template file's first line is "Subject: ..." (itself a template), then
 * a blank line, then the body.  Renders both of dir/NAME.txt separately, so
 * a value holding a line break cannot move text between them: appends to
 * subject and body; 0, or -1 and err. */
int		 tmpl_render_mail(const char *dir, const char *name,
		    const struct tmpl_var *, size_t nvars, struct buf *subject,
		    struct buf *body, char *err, size_t errlen);
/* Template files read once: a cache shared by threads (one per
 * configuration snapshot; a reload makes a new one).  A file is kept once
 * it rendered well; a missing or broken one is read again each time, so
 * mending it needs no reload (editing one that works does).  NULL is
 * no cache: tmpl_cache_render_mail() then reads the file, as
 * tmpl_render_mail().  tmpl_cache_has(): whether path ("DIR/NAME.txt")
 * is kept (so it exists). */
struct tmpl_cache;
struct tmpl_cache *tmpl_cache_new(void);
void		 tmpl_cache_free(struct tmpl_cache *);	/* NULL fine */
int		 tmpl_cache_render_mail(struct tmpl_cache *, const char *dir,
		    const char *name, const struct tmpl_var *, size_t nvars,
		    struct buf *subject, struct buf *body, char *err,
		    size_t errlen);
int		 tmpl_cache_has(struct tmpl_cache *, const char *path);
/* Splits the output of tmpl_render_file() of such a file: *subject is
 * malloc'd (caller frees), *body points into rendered.  -1 when the first
 * line is not a Subject line. */
int		 tmpl_split_subject(const char *rendered, char **subject,
		    const char **body);

/* --- sending ----------------------------------------------------------- */

/* 1 when addr is a plain addr-spec fit for an envelope and a header
 * (local@domain, printable ASCII without blanks and <>()[],;:\"),
 * else 0.  smtp_send() refuses any other (PERM). */
int		 notifier_addr_ok(const char *addr);

/* --- reports to agents (report.c) ------------------------------------ */

/* The queue report of rows (open tickets, in the order to show) at now:
 * a text and an HTML page (appended to text and html) with number,
 * subject, requester, status, priority, age, due time and assignee,
 * overdue ones marked; title heads both. */
void		 notifier_queue_report(const struct store_ticket_row *,
		    size_t n, time_t now, const char *title,
		    const char *tag_prefix, struct buf *text,
		    struct buf *html);
/* The tickets as text lines and an HTML table (no page around it). */
void		 notifier_queue_rows(const struct store_ticket_row *,
		    size_t n, time_t now, const char *tag_prefix,
		    struct buf *text, struct buf *html);
/* The daily digest: per day of sd the tickets opened, resolved and still
 * open (bars in the HTML), first-response median and p90, overdue count
 * and the overdue tickets (n rows), redactions by kind. */
void		 notifier_digest_report(const struct store_digest *,
		    const struct store_ticket_row *overdue, size_t n,
		    time_t now, const char *title, const char *tag_prefix,
		    struct buf *text, struct buf *html);
/* Helpers the reports share: "3d 4h" / "5h 12m" / "12m"; "YYYY-MM-DD
 * HH:MM" in UTC ("-" for 0); an HTML page's head with its <h2>. */
void		 notifier_report_age(long secs, char *out, size_t len);
void		 notifier_report_time(time_t, char *out, size_t len);
void		 notifier_report_head(struct buf *, const char *title);

/* --- sending ----------------------------------------------------------- */

enum notify_status { NOTIFY_PERM = -2, NOTIFY_TEMP = -1, NOTIFY_OK = 0 };

/* Initialises libcurl: in main, before any thread starts (nothing but
 * notifier/ includes curl.h).  Runs once however often it is called;
 * notifier_start() and smtp_session_new() call it too.  0, or -1 when
 * libcurl cannot start.  notifier_global_cleanup() at the very end. */
int		 notifier_global_init(void);
void		 notifier_global_cleanup(void);

struct smtp_session;

/* A session keeps one SMTP connection open between mails. */
struct smtp_session *smtp_session_new(const char *url);
void		 smtp_session_free(struct smtp_session *);	/* NULL fine */
/* Sends one message; mail_from "" is the null sender. */
enum notify_status smtp_send(struct smtp_session *, const char *mail_from,
		    const char *rcpt, const char *data, size_t len,
		    char *err, size_t errlen);
/* A message not in memory: fills buf with up to len bytes from off;
 * returns how many (all of them but at the end), or -1. */
typedef ssize_t	(*smtp_read_fn)(void *arg, size_t off, void *buf,
		    size_t len);
/* The same as smtp_send() for a message of len bytes read from fn. */
enum notify_status smtp_send_reader(struct smtp_session *,
		    const char *mail_from, const char *rcpt, size_t len,
		    smtp_read_fn fn, void *arg, char *err, size_t errlen);
/* 1 when the last smtp_send() failed without an SMTP reply (no connection,
 * a timeout): the server is down, so the next mails need not be tried. */
int		 smtp_session_down(const struct smtp_session *);

/* --- an outbox sender's thread (loop.c) -------------------------------- */

struct notifier_loop;

/* What a sender does in the loop's thread; arg is the sender's own. */
struct notifier_loop_ops {
	const char	*lo_name;	/* starts its log lines */
	/* Sends what is due (until deadline; 0: no bound): >= 0, or -1 when
	 * the connection was lost, -2 when claiming failed otherwise. */
	int		(*lo_drain)(struct notifier_loop *, struct store *,
			    time_t deadline, void *arg);
	/* After the last drain (the database may be NULL): records or logs
	 * what is left. */
	void		(*lo_done)(struct store *, void *arg);
	int		 lo_final_s;	/* on stop, drain for this long (0:
					   not at all) */
};

/* Starts a thread with its own connection (LISTEN postdesk_outbox) that
 * calls ops->lo_drain at start, on NOTIFY, on a kick, every poll_s
 * seconds and when asked (notifier_loop_due()); a database that is down
 * or goes away is reopened every few seconds (logged once).  The thread
 * blocks all signals.  NULL and err only when there is no thread. */
struct notifier_loop *notifier_loop_start(const struct notifier_loop_ops *,
		    void *arg, const char *conninfo, int poll_s, char *err,
		    size_t errlen);
/* Whether the loop was asked to stop (any thread). */
int		 notifier_loop_stopping(struct notifier_loop *);
/* From lo_drain: drain again no later than when. */
void		 notifier_loop_due(struct notifier_loop *, time_t when);
/* Wakes the thread at once; safe from any thread; NULL is fine. */
void		 notifier_loop_kick(struct notifier_loop *);
/* Stops the thread (after the final drain and lo_done) and frees the
 * loop; NULL is fine. */
void		 notifier_loop_stop(struct notifier_loop *);

/* --- the worker -------------------------------------------------------- */

struct notifier;

/* Starts the worker thread: it LISTENs on its own connection, claims due
 * rows, sends them and records the outcome (a 5xx fails the row for good,
 * anything else is retried with store's backoff until max_attempts).  It
 * wakes on NOTIFY and every poll_s seconds; a database that is down at
 * start or goes away is reopened every few seconds (logged once).  The
 * thread blocks all signals.  NULL and err only for bad arguments or no
 * thread; the database need not be up. */
struct notifier	*notifier_start(const char *conninfo, const char *smtp_url,
		    int max_attempts, int poll_s, char *err, size_t errlen);
/* Wakes the worker at once (rows queued by this process without NOTIFY,
 * see intake_set_wake()).  Safe from any thread; NULL is fine. */
void		 notifier_kick(struct notifier *);
/* Sends what is due now, then stops the thread and frees it. */
void		 notifier_stop(struct notifier *);	/* NULL is fine */
/* One pass without a thread (for postdeskctl outbox --flush and tests):
 * claims and sends what is due, batch after batch, stopping early when the
 * SMTP server is unreachable (the rest are deferred).  Returns how many
 * were sent, or < 0 when the store failed (see store_error()): -1 the
 * connection (reopen it), -2 anything else. */
int		 notifier_run_once(struct store *, struct smtp_session *,
		    int max_attempts);

#endif
