/* conf.h - postdesk.conf: one table of keys, loaded into an immutable snapshot.
 *
 * The file is "key = value" lines; '#' starts a comment; an unknown key, a
 * bad value or a value out of range is an error naming file and line.  A
 * snapshot is never changed after conf_load(); a reload builds a new one and
 * swaps it in (see conf_ref/conf_unref).  Lists are comma or space separated.
 * POSTDESK_DATABASE in the environment overrides "database".
 */
#ifndef PD_CONF_H
#define PD_CONF_H

#include <stddef.h>
#include <stdio.h>

struct strlist {
	char	**sl_v;			/* NULL-terminated */
	size_t	  sl_n;
};

enum conf_on_error { CONF_ON_ERROR_TEMPFAIL, CONF_ON_ERROR_ACCEPT };
/* relay_to: who gets an agent's reply */
enum conf_relay { CONF_RELAY_PARTICIPANTS, CONF_RELAY_REQUESTER };

/* agent_trust bits */
#define CONF_TRUST_AUTH	0x1
#define CONF_TRUST_DKIM	0x2
#define CONF_TRUST_FROM	0x4

struct conf {
	char		*cf_path;		/* file it came from, or NULL */

	/* database */
	char		*cf_database;
	long		 cf_db_pool_size;
	long		 cf_db_writers;		/* groups written at once */
	long		 cf_db_pool_wait;	/* ms */

	/* addresses and identity */
	struct strlist	 cf_support_addresses;	/* "a@b" or "@domain" */
	struct strlist	 cf_agents;
	int		 cf_agent_trust;	/* CONF_TRUST_* */
	char		*cf_authserv_id;
	char		*cf_tag_prefix;
	char		*cf_from_address;
	char		*cf_from_name;
	char		*cf_hmac_secret_file;
	char		*cf_hmac_secret;	/* read from the file, or NULL */

	/* the milter */
	char		*cf_socket;
	char		*cf_socket_owner;
	char		*cf_socket_group;
	long		 cf_socket_mode;
	char		*cf_user;
	char		*cf_pidfile;
	char		*cf_log;		/* "syslog" or "stderr" */
	int		 cf_log_debug;
	long		 cf_max_message_size;	/* bytes */
	long		 cf_spill_threshold;	/* bytes */
	char		*cf_tmpdir;
	long		 cf_intake_max;
	long		 cf_intake_wait;	/* ms */
	enum conf_on_error cf_on_error;
	int		 cf_redact_delivered;
	int		 cf_quarantine_suspicious;
	int		 cf_support_copy_reply_to;

	/* redaction */
	struct strlist	 cf_redact_rules;	/* "kind regex", repeatable */

	/* tickets */
	int		 cf_reopen_closed;
	long		 cf_sla_hours[4];	/* low, medium, high, urgent */
	struct strlist	 cf_urgent_keywords;
	struct strlist	 cf_high_keywords;
	long		 cf_stale_waiting_days;
	long		 cf_stale_resolved_days;
	struct strlist	 cf_issue_type_addresses; /* "address:type" */
	struct strlist	 cf_details[8];		/* what each issue type
						 * needs, in the order of
						 * ticket.h's enum
						 * issue_type */
	struct strlist	 cf_language_addresses;	/* "address:lang" */
	char		*cf_default_language;

	/* notifier */
	char		*cf_smtp_url;
	char		*cf_template_dir;
	long		 cf_outbox_max_attempts;
	long		 cf_outbox_poll;	/* s */
	long		 cf_auto_reply_cap;	/* per sender per hour */
	int		 cf_notify;		/* run the outbox worker */
	enum conf_relay	 cf_relay_to;

	/* agents' mail: escalation, queue report, digest */
	char		*cf_agents_address;	/* or NULL */
	long		 cf_escalation_first;	/* minutes past due */
	long		 cf_escalation_second;	/* minutes past due */
	long		 cf_clock_offset;	/* s added to the clock */

	/* the Telegram door (postdesk-telegram) */
	char		*cf_tg_token_file;
	char		*cf_tg_api_url;
	struct strlist	 cf_tg_departments;	/* "Label=category" */
	long		 cf_tg_max_files;	/* per ticket or reply */
	long		 cf_tg_max_file_size;	/* bytes */
	long		 cf_tg_max_text;	/* bytes of text gathered */
	long		 cf_tg_poll_timeout;	/* s, getUpdates' timeout */

	int		 cf_refs;		/* see conf_ref() */
};

/* Loads path (NULL: built-in defaults only).  Returns NULL and fills err. */
struct conf	*conf_load(const char *path, char *err, size_t errlen);
/* Like conf_load() but leaves hmac_secret_file unread (cf_hmac_secret
 * NULL): for the configuration check, which reports it with the rest. */
struct conf	*conf_load_lax(const char *path, char *err, size_t errlen);
/* Reads the secret of an hmac_secret_file (its first line, at least 16
 * characters) into *secret (malloc'd); -1 with err when it cannot. */
int		 conf_read_secret(const char *file, char **secret, char *err,
		    size_t errlen);
/* Like conf_load() but from a string; name is used in error messages. */
struct conf	*conf_load_string(const char *text, const char *name,
		    char *err, size_t errlen);
/* Snapshots are reference counted so a reload can swap them under traffic. */
struct conf	*conf_ref(struct conf *);
void		 conf_unref(struct conf *);	/* NULL is fine */
/* Writes every key with its effective value, as a config file would. */
void		 conf_dump(const struct conf *, FILE *);

/* Default config file: $sysconfdir/postdesk/postdesk.conf */
const char	*conf_default_path(void);

#endif
