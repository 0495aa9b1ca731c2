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

#include "common/buf.h"
#include "common/conf.h"
#include "redact/redact.h"
#include "store/store.h"

struct intake;

/* Takes a reference on conf; the pool stays the caller's. */
struct intake	*intake_new(struct conf *, struct store_pool *,
		    char *err, size_t errlen);
void		 intake_free(struct intake *);		/* NULL is fine */
const struct conf *intake_conf(const struct intake *);

/* The envelope, as the MTA saw it. */
struct intake_env {
	const char		*ie_queue_id;	/* may be NULL */
	const char		*ie_sender;	/* MAIL FROM, "" for <> */
	const char *const	*ie_rcpts;	/* RCPT TO, bare addresses */
	size_t			 ie_nrcpts;
	const char		*ie_auth_authen; /* {auth_authen}, may be NULL */
};

enum intake_action { IA_CREATED, IA_APPENDED, IA_DUPLICATE, IA_IGNORED,
    IA_REJECTED };

/* INTAKE_SOFT: try again later (451 / exit 75); INTAKE_HARD: rejected
 * (5xx / exit 65); INTAKE_OK: see the action. */
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
};

/* Does any recipient belong to support_addresses? */
int		 intake_wants(const struct intake *, const char *const *rcpts,
		    size_t nrcpts);

/* Runs the pipeline on a message in memory / in an open file. */
enum intake_status intake_mem(struct intake *, const struct intake_env *,
		    const char *, size_t, struct intake_result *);
enum intake_status intake_fd(struct intake *, const struct intake_env *,
		    int fd, struct intake_result *);
void		 intake_result_free(struct intake_result *);

/* Queues, in the caller's transaction on s, the mail telling the
 * requester of ticket number that it is now resolved or closed (from
 * etc/templates/resolved.txt, closed.txt); other statuses queue nothing.
 * Adds to *queued (may be NULL) what it queued.  HARD with err when a
 * template fails. */
enum store_status intake_queue_status(struct intake *, struct store *,
		    long number, enum ticket_status, int *queued, char *err,
		    size_t errlen);

/* "created", "appended", "duplicate", "ignored", "rejected" */
const char	*intake_action_name(enum intake_action);
/* One JSON line as postdeskctl ingest prints it (no newline). */
void		 intake_result_json(const struct intake_result *,
		    struct buf *);

#endif
