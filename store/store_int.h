/* store_int.h - what the files of store/ share: the connection handle, the
 * table of prepared statements and the helpers that run them.
 *
 * Not for use outside store/ (it includes libpq-fe.h).
 */
#ifndef PD_STORE_INT_H
#define PD_STORE_INT_H

#include <libpq-fe.h>

#include "common/buf.h"
#include "store/store.h"

/* Every statement postdesk runs (but the migrations), by number. */
enum stmt_id {
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_LISTEN,
	ST_SCHEMA_VERSION,
	ST_MESSAGE_SEEN, ST_TICKET_BY_REFS, ST_TICKET_GET, ST_IS_PARTICIPANT,
	ST_TICKET_CREATE, ST_TICKET_SET_STATUS, ST_TICKET_SET_PRIORITY,
	ST_TICKET_SET_CATEGORY, ST_TICKET_SET_ASSIGNEE, ST_TICKET_ADD_FACTS,
	ST_TICKET_FIRST_RESPONSE,
	ST_MESSAGE_ADD, ST_BLOB_ADD, ST_ATTACHMENT_ADD, ST_PARTICIPANTS_ADD,
	ST_CONTACT_SEEN, ST_TICKET_TOUCH,
	ST_OUTBOX_ADD, ST_OUTBOX_NOTIFY, ST_OUTBOX_CLAIM, ST_OUTBOX_SENT,
	ST_OUTBOX_FAILED,
	ST_TICKET_JSON, ST_LIST_JSON,
	ST_AUTOREPLY_ALLOW, ST_CONTACT_MARK_UNDELIVERABLE,
	ST_CONTACT_UNDELIVERABLE,
	ST_OUTBOX_LIST_JSON, ST_OUTBOX_RETRY, ST_OUTBOX_DROP,
	ST_STATS_JSON, ST_STALE_COUNT, ST_CLOSE_STALE,
	ST_SAVEPOINT, ST_RELEASE, ST_ROLLBACK_TO, ST_OUTBOX_ADD_NOTIFY,
	ST_LAST_CUSTOMER_ID, ST_OUTBOX_UNCLAIM,
	ST_LO_NEW, ST_LO_PUT, ST_LO_UNLINK, ST_BLOB_HAS,
	ST__MAX
};

struct stmt {
	const char	*st_name;
	const char	*st_sql;
};

/* sql.c */
extern const struct stmt store_stmts[ST__MAX];

struct store {
	PGconn		*s_conn;
	char		*s_conninfo;
	int		 s_in_txn;	/* between store_begin and the end */
	int		 s_batch;	/* in a batch: txns are savepoints */
	int		 s_release;	/* a savepoint awaits its RELEASE */
	int		 s_listening;	/* LISTEN again after a reconnect */
	int		 s_quiet;	/* queue without NOTIFY */
	unsigned char	 s_prepared[ST__MAX];
	char		 s_err[512];
};

/* A statement's parameters: text unless a length is given (bytea). */
struct params {
	int		 p_n;
	const char	*p_val[20];
	int		 p_len[20];
	int		 p_fmt[20];
};

/* conn.c */
void		 st_param(struct params *, const char *);
void		 st_param_bin(struct params *, const void *, size_t);
/* Runs a prepared statement; ONE on success with *res set (free it with
 * PQclear), HARD or SOFT with s_err set and *res NULL. */
enum store_status st_exec(struct store *, enum stmt_id,
		    const struct params *, PGresult **res);
/* Like st_exec, for statements whose rows are not wanted: ONE when a row
 * was affected or returned, NONE when none. */
enum store_status st_run(struct store *, enum stmt_id,
		    const struct params *);
void		 st_seterr(struct store *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* lob.c: contents bigger than this go through a large object, in
 * pieces of STORE_LO_CHUNK; smaller ones are bytea parameters. */
#define STORE_LO_MIN	(1u << 20)
#define STORE_LO_CHUNK	(256u << 10)

/* A content for a bytea: c_len bytes at c_data, or (c_data NULL) from
 * c_read(c_arg, c_which, ...). */
struct st_content {
	const void	*c_data;
	size_t		 c_len;
	store_read_fn	 c_read;
	void		*c_arg;
	size_t		 c_which;
};

/* A content made ready for one statement. */
struct st_value {
	const void	*v_data;	/* bytea parameter, or */
	size_t		 v_len;
	char		*v_oid;		/* ... the large object (lo_get) */
	char		 v_oidbuf[16];
	struct buf	 v_buf;		/* a small content read in */
	size_t		 v_want;
	int		 v_over;	/* the reader gave too much */
};

/* Reads a small content in, or writes a big one into a large object of
 * the transaction.  Call st_value_done() after the statement, whatever
 * happened. */
enum store_status st_value_make(struct store *, const struct st_content *,
		    struct st_value *);
/* The bytea parameter: the bytes, or NULL when in a large object. */
void		 st_param_value(struct params *, const struct st_value *);
/* Unlinks the large object when st says the statement went through,
 * frees the rest; returns st or the unlink's failure. */
enum store_status st_value_done(struct store *, struct st_value *,
		    enum store_status st);

/* A PostgreSQL text[] literal of n strings (NULL elements allowed when
 * n is given; with n == (size_t)-1, v is NULL-terminated). */
char		*st_text_array(const char *const *v, size_t n);
/* "%ld" into a caller's buffer. */
const char	*st_ltoa(long, char *, size_t);

#endif
