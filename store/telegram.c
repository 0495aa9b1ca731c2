/* telegram.c - what the Telegram door keeps: the getUpdates offset, the
 * updates whose effect is stored, each customer's conversation with its
 * files, a ticket's channel and chat, and the reads its menus need.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "store/store_int.h"

/* "%lld" into a caller's buffer. */
static const char *
tg_lltoa(long long v, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", v);
	return buf;
}

/* The getUpdates offset stored, 0 when none. */
enum store_status
store_tg_offset(struct store *s, long long *offset)
{
	enum store_status st;
	PGresult *r;

	*offset = 0;
	if ((st = st_exec(s, ST_TG_OFFSET, NULL, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) > 0)
		*offset = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return STORE_ONE;
}

/* Marks update_id done in this transaction; NONE when it was before. */
enum store_status
store_tg_claim(struct store *s, long long update_id)
{
	struct params p = { 0 };
	char ub[24];
	enum store_status st;
	PGresult *r;

	st_param(&p, tg_lltoa(update_id, ub, sizeof(ub)));
	if ((st = st_exec(s, ST_TG_CLAIM, &p, &r)) != STORE_ONE)
		return st;
	st = atol(PQgetvalue(r, 0, 0)) > 0 ? STORE_ONE : STORE_NONE;
	PQclear(r);
	return st;
}

/* Reads the files of user's conversation into c. */
static enum store_status
store_tg_files(struct store *s, long long user, struct store_tg_conv *c)
{
	struct params p = { 0 };
	char ub[24];
	enum store_status st;
	PGresult *r;
	int i, n;

	st_param(&p, tg_lltoa(user, ub, sizeof(ub)));
	if ((st = st_exec(s, ST_TG_FILES, &p, &r)) != STORE_ONE)
		return st;
	n = PQntuples(r);
	c->tc_files = n > 0 ? xcalloc((size_t)n, sizeof(*c->tc_files)) : NULL;
	for (i = 0; i < n; i++) {
		c->tc_files[i].tf_file_id = st_col_str(r, i, 0);
		c->tc_files[i].tf_filename = st_col_str(r, i, 1);
		c->tc_files[i].tf_content_type = st_col_str(r, i, 2);
		c->tc_files[i].tf_size = st_col_long(r, i, 3, 0);
	}
	c->tc_nfiles = (size_t)n;
	PQclear(r);
	return STORE_ONE;
}

/* The conversation of user, locked, with its files. */
enum store_status
store_tg_conv_get(struct store *s, long long user, struct store_tg_conv *c)
{
	struct params p = { 0 };
	char ub[24];
	enum store_status st;
	PGresult *r;

	memset(c, 0, sizeof(*c));
	c->tc_user = user;
	st_param(&p, tg_lltoa(user, ub, sizeof(ub)));
	if ((st = st_exec(s, ST_TG_CONV_GET, &p, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return STORE_NONE;
	}
	c->tc_chat = atoll(PQgetvalue(r, 0, 0));
	c->tc_step = st_col_str(r, 0, 1);
	c->tc_category = st_col_str(r, 0, 2);
	c->tc_subject = st_col_str(r, 0, 3);
	c->tc_order = st_col_str(r, 0, 4);
	c->tc_ticket = st_col_long(r, 0, 5, 0);
	c->tc_body = st_col_str(r, 0, 6);
	c->tc_ntexts = (int)st_col_long(r, 0, 7, 0);
	c->tc_name = st_col_str(r, 0, 8);
	c->tc_language = st_col_str(r, 0, 9);
	PQclear(r);
	if ((st = store_tg_files(s, user, c)) != STORE_ONE) {
		store_tg_conv_free(c);
		return st;
	}
	return STORE_ONE;
}

/* Writes the conversation. */
enum store_status
store_tg_conv_put(struct store *s, const struct store_tg_conv *c)
{
	struct params p = { 0 };
	char ub[24], cb[24], tb[24], nb[16];
	enum store_status st;

	/* $1 user_id, $2 chat_id, $3 step, $4 category, $5 subject,
	 * $6 order_id, $7 ticket, $8 body, $9 ntexts, $10 name,
	 * $11 language */
	st_param(&p, tg_lltoa(c->tc_user, ub, sizeof(ub)));
	st_param(&p, tg_lltoa(c->tc_chat, cb, sizeof(cb)));
	st_param(&p, c->tc_step);
	st_param(&p, c->tc_category);
	st_param(&p, c->tc_subject);
	st_param(&p, c->tc_order);
	st_param(&p, st_ltoa(c->tc_ticket, tb, sizeof(tb)));
	st_param(&p, c->tc_body != NULL ? c->tc_body : "");
	st_param(&p, st_ltoa(c->tc_ntexts, nb, sizeof(nb)));
	st_param(&p, c->tc_name);
	st_param(&p, c->tc_language);
	st = st_run(s, ST_TG_CONV_PUT, &p);
	return st == STORE_NONE ? STORE_HARD : st;
}

/* Ends user's conversation. */
enum store_status
store_tg_conv_drop(struct store *s, long long user)
{
	struct params p = { 0 };
	char ub[24];
	enum store_status st;

	st_param(&p, tg_lltoa(user, ub, sizeof(ub)));
	st = st_run(s, ST_TG_CONV_DROP, &p);
	return st == STORE_NONE ? STORE_ONE : st;
}

/* Adds a file to user's conversation. */
enum store_status
store_tg_file_add(struct store *s, long long user,
    const struct store_tg_file *f)
{
	struct params p = { 0 };
	char ub[24], sb[24];
	enum store_status st;

	/* $1 user_id, $2 file_id, $3 filename, $4 content_type, $5 size */
	st_param(&p, tg_lltoa(user, ub, sizeof(ub)));
	st_param(&p, f->tf_file_id);
	st_param(&p, f->tf_filename);
	st_param(&p, f->tf_content_type);
	st_param(&p, st_ltoa(f->tf_size, sb, sizeof(sb)));
	st = st_run(s, ST_TG_FILE_ADD, &p);
	return st == STORE_NONE ? STORE_HARD : st;
}

/* Frees what a conversation holds. */
void
store_tg_conv_free(struct store_tg_conv *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->tc_step);
	free(c->tc_category);
	free(c->tc_subject);
	free(c->tc_order);
	free(c->tc_body);
	free(c->tc_name);
	free(c->tc_language);
	for (i = 0; i < c->tc_nfiles; i++) {
		free(c->tc_files[i].tf_file_id);
		free(c->tc_files[i].tf_filename);
		free(c->tc_files[i].tf_content_type);
	}
	free(c->tc_files);
	memset(c, 0, sizeof(*c));
}

/* A requester's tickets being worked on. */
enum store_status
store_tg_tickets(struct store *s, const char *requester, int max,
    struct store_tg_ticket **rows, size_t *n)
{
	struct params p = { 0 };
	char mb[16];
	enum store_status st;
	PGresult *r;
	int i, k;

	*rows = NULL;
	*n = 0;
	st_param(&p, requester);
	st_param(&p, st_ltoa(max, mb, sizeof(mb)));
	if ((st = st_exec(s, ST_TG_TICKETS, &p, &r)) != STORE_ONE)
		return st;
	k = PQntuples(r);
	*rows = k > 0 ? xcalloc((size_t)k, sizeof(**rows)) : NULL;
	for (i = 0; i < k; i++) {
		(*rows)[i].tt_number = st_col_long(r, i, 0, 0);
		(*rows)[i].tt_subject = st_col_str(r, i, 1);
		(*rows)[i].tt_status = st_col_str(r, i, 2);
	}
	*n = (size_t)k;
	PQclear(r);
	return STORE_ONE;
}

/* Frees a list of store_tg_tickets(). */
void
store_tg_tickets_free(struct store_tg_ticket *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n && rows != NULL; i++) {
		free(rows[i].tt_subject);
		free(rows[i].tt_status);
	}
	free(rows);
}

/* Sets a ticket's channel and chat. */
enum store_status
store_tg_ticket_set(struct store *s, long number, const char *channel,
    long long chat)
{
	struct params p = { 0 };
	char nb[24], cb[24];

	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	st_param(&p, channel);
	st_param(&p, chat != 0 ? tg_lltoa(chat, cb, sizeof(cb)) : NULL);
	return st_run(s, ST_TG_TICKET_SET, &p);
}

/* A ticket's channel and chat. */
enum store_status
store_tg_ticket_channel(struct store *s, long number, char **channel,
    long long *chat)
{
	struct params p = { 0 };
	char nb[24];
	enum store_status st;
	PGresult *r;

	*channel = NULL;
	*chat = 0;
	st_param(&p, st_ltoa(number, nb, sizeof(nb)));
	if ((st = st_exec(s, ST_TG_TICKET_CHANNEL, &p, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return STORE_NONE;
	}
	*channel = st_col_str(r, 0, 0);
	*chat = atoll(PQgetvalue(r, 0, 1));
	PQclear(r);
	return STORE_ONE;
}

/* A stored attachment's bytes by their SHA-256. */
enum store_status
store_tg_blob(struct store *s, const char *sha256, char **data,
    size_t *len)
{
	struct params p = { 0 };
	enum store_status st;
	unsigned char *u;
	PGresult *r;
	size_t n;

	*data = NULL;
	*len = 0;
	st_param(&p, sha256);
	if ((st = st_exec(s, ST_TG_BLOB, &p, &r)) != STORE_ONE)
		return st;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return STORE_NONE;
	}
	u = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &n);
	PQclear(r);
	if (u == NULL) {
		st_seterr(s, "blob %s: cannot decode", sha256);
		return STORE_HARD;
	}
	*data = xmalloc(n + 1);
	memcpy(*data, u, n);
	(*data)[n] = '\0';
	*len = n;
	PQfreemem(u);
	return STORE_ONE;
}
