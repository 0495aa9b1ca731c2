/* store_int.h - what the files of store/ share: the connection handle, the
 * table of prepared statements and the helpers that run them.
 *
 * Not for use outside store/ (it includes libpq-fe.h).
 */
#ifndef PD_STORE_INT_H
#define PD_STORE_INT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "common/buf.h"
#include "store/store.h"

/* Every statement postdesk runs (but the migrations), by number. */
enum stmt_id {
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_LISTEN,
	ST_SCHEMA_VERSION, ST_SCHEMA_EXISTS,
	ST_MESSAGE_SEEN, ST_TICKET_BY_REFS, ST_TICKET_GET, ST_IS_PARTICIPANT,
	ST_TICKET_SET_PRIORITY,
	ST_TICKET_SET_CATEGORY, ST_TICKET_SET_ASSIGNEE,
	ST_TICKET_FIRST_RESPONSE,
	ST_OUTBOX_NOTIFY, ST_OUTBOX_CLAIM, ST_OUTBOX_SENT,
	ST_OUTBOX_FAILED,
	ST_TICKET_READ, ST_TICKET_LIST, ST_TICKET_LISTS, ST_TICKET_MESSAGES,
	ST_TICKET_MSG_LISTS, ST_TICKET_ATTACHMENTS,
	ST_AUTOREPLY_ALLOW, ST_CONTACT_MARK_UNDELIVERABLE,
	ST_CONTACT_UNDELIVERABLE,
	ST_OUTBOX_LIST, ST_OUTBOX_RETRY, ST_OUTBOX_DROP,
	ST_STATS, ST_STALE_COUNT, ST_CLOSE_STALE,
	ST_LAST_CUSTOMER_ID, ST_OUTBOX_UNCLAIM,
	ST_LO_NEW, ST_LO_PUT, ST_LO_UNLINK, ST_BLOB_HAS, ST_TICKET_PEOPLE,
	ST_OUTBOX_DATA, ST_TICKET_SET_REPLY_TO, ST_TICKETS_OF,
	ST_TICKET_MERGE, ST_TICKET_QUEUE, ST_ESCALATE, ST_DIGEST,
	ST_TICKET_EXISTS, ST_OUTBOX_PARTS, ST_OUTBOX_LATER,
	/* prepared on first use */
	ST_TICKET_NUMBERS, ST_G_PLANS, ST_G_LOOKUP, ST_G_TICKETS_GET,
	/* the writes (defer.c), one statement per table */
	ST_TICKETS_ADD, ST_STATUS_ADD, ST_FACTS_ADD, ST_MESSAGES_ADD,
	ST_PARTICIPANTS_ADD, ST_CONTACTS_ADD, ST_TICKETS_TOUCH, ST_BLOBS_ADD,
	ST_ATTACHMENTS_ADD, ST_OUTBOX_ADD,
	/* the Telegram door (telegram.c) */
	ST_TG_OFFSET, ST_TG_CLAIM, ST_TG_CONV_GET, ST_TG_CONV_PUT,
	ST_TG_CONV_DROP, ST_TG_FILE_ADD, ST_TG_FILES, ST_TG_TICKETS,
	ST_TG_TICKET_SET, ST_TG_TICKET_CHANNEL, ST_TG_BLOB,
	ST__MAX
};
#define ST_FIRST_LAZY	ST_TICKET_NUMBERS

struct stmt {
	const char	*st_name;
	const char	*st_sql;
};

/* conn.c: what a failure's SQLSTATE says.  SOFT: retrying may help;
 * RECONNECT: also on another connection only (lost, or the server is a
 * standby, recovering or shutting down); HARD: retrying will not help. */
enum st_class {
	ST_CLASS_HARD, ST_CLASS_SOFT, ST_CLASS_RECONNECT
};
enum st_class	 st_sqlstate_class(const char *state);

/* sql.c */
extern const struct stmt store_stmts[ST__MAX];

/* A statement's parameters: text unless a length is given (bytea). */
struct params {
	int		 p_n;
	const char	*p_val[20];
	int		 p_len[20];
	int		 p_fmt[20];
};

/* One statement of st_exec_many(). */
struct st_call {
	enum stmt_id		 sc_id;
	const struct params	*sc_params;	/* NULL: none */
};

/* arr.c: a one-dimensional array in binary format, built an element at a
 * time: many rows in one statement. */
#define OID_BOOL	16
#define OID_BYTEA	17
#define OID_INT8	20
#define OID_INT4	23
#define OID_TEXT	25

struct arr {
	struct buf	 a_b;		/* header room, elements */
	unsigned	 a_oid;		/* element type */
	int		 a_n;
	int		 a_nulls;
	uint32_t	 a_empty[3];	/* the form without elements */
};

struct arr_mark {
	size_t		 am_len;
	int		 am_n;
	int		 am_nulls;
};

void		 arr_init(struct arr *, unsigned oid);
void		 arr_free(struct arr *);
void		 arr_reset(struct arr *);
/* NULL p or s is SQL NULL. */
void		 arr_bytes(struct arr *, const void *p, size_t len);
void		 arr_text(struct arr *, const char *s);
void		 arr_int8(struct arr *, long long);
void		 arr_int4(struct arr *, int);
void		 arr_bool(struct arr *, int);
void		 arr_mark(const struct arr *, struct arr_mark *);
void		 arr_rewind(struct arr *, const struct arr_mark *);
/* Adds a as a binary parameter (a must not change until it has run). */
void		 st_param_arr(struct params *, struct arr *);

/* A group of mails (see store_group_begin) and the writes kept for it,
 * one array per column; each table's rows are sent in one statement.  A
 * write outside a group is kept and sent at once: a group of one. */
enum grp_col {
	GC_TK_NUMBER, GC_TK_SUBJECT, GC_TK_REQUESTER, GC_TK_NAME,
	GC_TK_PRIORITY, GC_TK_CATEGORY, GC_TK_DUE, GC_TK_QUOTED,
	GC_TK_ORDERS, GC_TK_LINKS, GC_TK_ISSUE, GC_TK_LANG, GC_TK_MISSING,
	GC_ST_NUMBER, GC_ST_STATUS, GC_ST_BY,
	GC_FA_NUMBER, GC_FA_ORDERS, GC_FA_LINKS, GC_FA_FOUND,
	GC_MS_TICKET, GC_MS_KEY, GC_MS_ID, GC_MS_DIRECTION, GC_MS_QUEUE_ID,
	GC_MS_FROM, GC_MS_FROM_NAME, GC_MS_TO, GC_MS_CC, GC_MS_SUBJECT,
	GC_MS_BODY, GC_MS_NEW_LEN, GC_MS_RAW, GC_MS_RAW_LO, GC_MS_REDACTIONS,
	GC_MS_WARNINGS, GC_MS_FLAGS,
	GC_PA_MSG, GC_PA_TICKET, GC_PA_ADDR, GC_PA_NAME, GC_PA_CUSTOMER,
	GC_CO_ADDR, GC_CO_NAME,
	GC_TO_NUMBER,
	GC_BL_SHA, GC_BL_SIZE, GC_BL_DATA, GC_BL_LO,
	GC_AT_KEY, GC_AT_POS, GC_AT_FILENAME, GC_AT_TYPE, GC_AT_CID,
	GC_AT_SIZE, GC_AT_SHA, GC_AT_INLINE,
	GC_OB_TICKET, GC_OB_KIND, GC_OB_FROM, GC_OB_RCPT, GC_OB_ID,
	GC_OB_DATA, GC_OB_LO, GC_OB_CHANNEL,
	GC__MAX
};

/* Strings and numbers the kept writes touch: what a later mail of the
 * group must not look up. */
struct strset {
	struct buf	 ss_b;		/* the strings, NUL-separated */
	size_t		*ss_off;
	uint32_t	*ss_hash;
	size_t		 ss_n;
	size_t		 ss_cap;
};

struct numset {
	long		*ns_v;
	size_t		 ns_n;
	size_t		 ns_cap;
};

/* Where the kept writes stood when a mail began. */
struct grp_mark {
	struct arr_mark	 gm_col[GC__MAX];
	size_t		 gm_set[3][2];	/* g_set's n, length */
	size_t		 gm_written;
	size_t		 gm_created;
	size_t		 gm_numpos;
	int		 gm_msgs;
	int		 gm_notify;
};

/* What the lookups of one mail found. */
struct grp_fact {
	long		 gf_seen;	/* ticket of its key, 0 */
	long		 gf_by_refs;	/* its references' ticket */
	int		 gf_participant;
	int		 gf_undeliverable;
	long long	 gf_until;
	long		 gf_sent;	/* auto mail to it, 1 h */
};

struct group {
	const struct store_ask	*g_asks;	/* none: no group is open */
	size_t			 g_nasks;
	size_t			 g_cur;		/* the mail running */
	int			 g_mail;	/* ... between begin and end */
	struct grp_fact		*g_facts;
	struct store_ticket	*g_rows;	/* tickets read, locked */
	size_t			 g_nrows;
	struct numset		 g_asked;	/* numbers read */
	struct arr		 g_col[GC__MAX];
	struct strset		 g_set[3];	/* keys, ids, rcpts */
	struct numset		 g_written;	/* tickets written */
	struct numset		 g_created;	/* ... and created */
	struct grp_mark		 g_mark;	/* at store_begin */
	size_t			 g_numstart;	/* first number used */
	int			 g_msgs;	/* messages kept */
	int			 g_notify;	/* NOTIFY after the commit */
	int			 g_missed;
};

enum { GS_KEYS, GS_IDS, GS_RCPTS };

struct store {
	PGconn		*s_conn;
	char		*s_conninfo;
	int		 s_in_txn;	/* between store_begin and the end */
	int		 s_listening;	/* LISTEN again after a reconnect */
	int		 s_stale;	/* server cannot take writes: reset */
	unsigned char	 s_prepared[ST__MAX];
	char		 s_err[512];
	char		 s_state[6];	/* the last failure's SQLSTATE */
	struct group	 s_group;
	long		*s_nums;	/* ticket numbers taken ahead */
	size_t		 s_nnums;
	size_t		 s_numpos;	/* the next one to use */
};

/* 1 while a group of many mails is open on s. */
#define GRP_OPEN(s)	((s)->s_group.g_nasks > 0)

/* A content of a kept write: len bytes at data (NULL: SQL NULL), or the
 * large object lo (when not 0) of the transaction. */
struct grp_bytes {
	const void	*gb_data;
	size_t		 gb_len;
	long		 gb_lo;
	int		 gb_have;	/* a blob already stored: no row */
};

/* defer.c: the group's memory and its kept writes (no statement runs
 * here). */
void		 dfr_init(struct group *);
void		 dfr_free(struct group *);
/* Empties the group (asks, lookups, kept writes), keeping its memory
 * (and g_notify, which the transaction's end clears). */
void		 dfr_reset(struct group *);
void		 strset_add(struct strset *, const char *);
int		 strset_has(const struct strset *, const char *);
/* How many strings of the set lower(a) equals; -1: cannot tell. */
int		 strset_count_addr(const struct strset *, const char *a);
void		 numset_add(struct numset *, long);
int		 numset_has(const struct numset *, long);
/* Marks where a mail's writes begin; drops those since the mark and
 * gives back the number position it held. */
void		 dfr_mark(struct group *, size_t numpos);
size_t		 dfr_rewind(struct group *);
void		 dfr_ticket_create(struct group *,
		    const struct store_new_ticket *, long number);
void		 dfr_set_status(struct group *, long number,
		    const char *status, const char *by);
void		 dfr_add_facts(struct group *, long number,
		    const char *const *order_ids, const char *const *links,
		    const char *const *found);
/* raw: the raw message's content; att: each attachment's. */
void		 dfr_message_add(struct group *, const struct store_message *,
		    const struct grp_bytes *raw, const struct grp_bytes *att);
void		 dfr_outbox_add(struct group *, const struct store_outbox *,
		    const struct grp_bytes *data);
/* The statements (at most DFR_CALLS) that send what the group keeps. */
#define DFR_CALLS	12
int		 dfr_calls(struct group *, struct st_call *,
		    struct params *);

/* group.c */
/* Fails the call: the group cannot serve it (store_group_missed). */
enum store_status grp_miss(struct store *, const char *what);
/* Sends what is kept (a write outside a group): the result of statement
 * want (NONE when it made or returned no row) and, with res, the result
 * itself (free it). */
enum store_status grp_send(struct store *, enum stmt_id want,
		    PGresult **res);
enum store_status grp_seen(struct store *, const char *key, long *ticket);
enum store_status grp_by_refs(struct store *, const char *const *ids,
		    size_t n, long *ticket);
enum store_status grp_ticket_get(struct store *, long number,
		    struct store_ticket *);
enum store_status grp_participant(struct store *, long number,
		    const char *addr);
enum store_status grp_undeliverable(struct store *, const char *addr,
		    time_t *until);
enum store_status grp_autoreply(struct store *, const char *addr,
		    int cap);
/* The next ticket number taken ahead, else one taken now; 0 when the
 * sequence cannot be reached. */
long		 grp_number(struct store *);

/* row.c: a struct store_ticket from row i of number, status, priority,
 * subject, requester, category, reply_to. */
void		 store_ticket_row(const PGresult *, int i,
		    struct store_ticket *);

/* arr.c */
void		 st_param(struct params *, const char *);
void		 st_param_bin(struct params *, const void *, size_t);

/* conn.c */
/* Runs a prepared statement; ONE on success with *res set (free it with
 * PQclear), HARD or SOFT with s_err set and *res NULL. */
enum store_status st_exec(struct store *, enum stmt_id,
		    const struct params *, PGresult **res);
/* Runs n statements in one round trip, in order; the first failure fails
 * the rest.  ONE with *res (may be NULL) the result of statement want. */
enum store_status st_exec_many(struct store *, const struct st_call *,
		    int n, int want, PGresult **res);
/* Like st_exec, for statements whose rows are not wanted: ONE when a row
 * was affected or returned, NONE when none. */
enum store_status st_run(struct store *, enum stmt_id,
		    const struct params *);
/* ONE when r succeeded, else the class of its failure (SOFT: worth
 * trying again) with s_err and s_state set, what naming the step. */
enum store_status st_check(struct store *, const PGresult *,
		    const char *what);
/* What st_run says of a result. */
enum store_status st_rows(const PGresult *);
void		 st_seterr(struct store *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* outbox.c: st_run of a statement whose one parameter is a row's id. */
enum store_status st_outbox_by_id(struct store *, enum stmt_id, long id);
/* outbox.c: the channel of a row queued to rcpt (STORE_CH_*). */
const char	*st_outbox_channel(const char *rcpt);
/* lob.c: contents bigger than this go through a large object, in
 * pieces of STORE_LO_CHUNK; smaller ones are bytea parameters. */
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
/* The content of a kept write: the bytes, or the large object. */
void		 st_value_bytes(const struct st_value *, struct grp_bytes *);
/* Unlinks the large object when st says the statement went through,
 * frees the rest; returns st or the unlink's failure. */
enum store_status st_value_done(struct store *, struct st_value *,
		    enum store_status st);

/* arr.c: a PostgreSQL text[] literal of n strings (NULL elements allowed
 * when n is given; with n == (size_t)-1, v is NULL-terminated); "%ld"
 * into a caller's buffer. */
char		*st_text_array(const char *const *v, size_t n);
const char	*st_ltoa(long, char *, size_t);
/* row.c: column c of row i as a copy (NULL for an SQL NULL), as a
 * number (def for NULL); src into dst[len], cut if need be. */
char		*st_col_str(const PGresult *, int i, int c);
long		 st_col_long(const PGresult *, int i, int c, long def);
void		 st_copy_str(char *dst, size_t len, const char *src);
/* read.c: a count added to a list of named counts. */
void		 st_count_add(struct store_count **, size_t *n,
		    const char *name, long count);
void		 st_counts_free(struct store_count *, size_t n);

#endif
