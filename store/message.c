/* message.c - storing one message: its row (once per key), attachments
 * with their content deduplicated by SHA-256, participants from
 * From/To/Cc, the sender as a contact.  The writes are kept (defer.c):
 * for the group's commit inside a group, else sent at once.  Big contents
 * go through lob.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/digest.h"
#include "common/xalloc.h"
#include "store/store_int.h"

/* 1 when a content of the message is too big for a group. */
static int
message_big(const struct store_message *m)
{
	size_t i;

	/* over the limit, or read in pieces (sm_read) */
	if (m->sm_raw_len > STORE_GROUP_BIG ||
	    (m->sm_raw == NULL && m->sm_raw_len > 0))
		return 1;
	for (i = 0; i < m->sm_natt; i++)
		if (m->sm_att[i].at_size > STORE_GROUP_BIG ||
		    (m->sm_att[i].at_data == NULL && m->sm_att[i].at_size > 0))
			return 1;
	return 0;
}

/* The bytes of attachment i as they are in memory. */
static void
message_att_mem(const struct mail_attachment *at, struct grp_bytes *b)
{
	memset(b, 0, sizeof(*b));
	b->gb_data = at->at_data != NULL ? (const void *)at->at_data : "";
	b->gb_len = at->at_data != NULL ? at->at_size : 0;
}

/* Keeps a message of a group: its contents are in memory. */
static enum store_status
message_keep(struct store *s, const struct store_message *m)
{
	struct grp_bytes raw = { m->sm_raw, m->sm_raw_len, 0, 0 }, *att;
	size_t i;

	if (message_big(m))
		return grp_miss(s, "message_add of a big content");
	att = xcalloc(m->sm_natt + 1, sizeof(*att));
	for (i = 0; i < m->sm_natt; i++)
		message_att_mem(&m->sm_att[i], &att[i]);
	dfr_message_add(&s->s_group, m, &raw, att);
	free(att);
	return STORE_ONE;
}

/* Makes attachment i's content ready: nothing when a big one is stored
 * already (it is not sent again). */
static enum store_status
message_att_value(struct store *s, const struct store_message *m,
    size_t i, struct st_value *v, struct grp_bytes *b)
{
	const struct mail_attachment *at = &m->sm_att[i];
	struct st_content c = { at->at_data, at->at_size, m->sm_read,
	    m->sm_read_arg, i };
	struct params p = { 0 };
	enum store_status st;
	char sha[DIGEST_HEX_LEN];
	const char *hash = at->at_sha256;

	if (hash[0] == '\0' && at->at_data == NULL && at->at_size > 0) {
		st_seterr(s, "attachment %zu: no SHA-256 and no bytes", i);
		return STORE_HARD;
	}
	if (at->at_size > STORE_LO_MIN) {
		if (hash[0] == '\0') {
			digest_sha256_hex(at->at_data, at->at_size, sha);
			hash = sha;
		}
		st_param(&p, hash);
		if ((st = st_run(s, ST_BLOB_HAS, &p)) == STORE_ONE) {
			b->gb_have = 1;
			return STORE_ONE;
		}
		if (st != STORE_NONE)
			return st;
	}
	if ((st = st_value_make(s, &c, v)) == STORE_ONE)
		st_value_bytes(v, b);
	return st;
}

/* Makes every content of the message ready (the raw message's in
 * v[natt]), then keeps and sends the message. */
static enum store_status
message_send(struct store *s, const struct store_message *m,
    struct st_value *v, struct grp_bytes *b)
{
	struct st_content c = { m->sm_raw, m->sm_raw_len, m->sm_read,
	    m->sm_read_arg, STORE_RAW };
	enum store_status st = STORE_ONE;
	size_t i, n = m->sm_natt;

	if (m->sm_raw != NULL || m->sm_raw_len > 0) {
		if ((st = st_value_make(s, &c, &v[n])) != STORE_ONE)
			return st;
		st_value_bytes(&v[n], &b[n]);
	}
	for (i = 0; i < n && st == STORE_ONE; i++)
		st = message_att_value(s, m, i, &v[i], &b[i]);
	if (st != STORE_ONE)
		return st;
	dfr_message_add(&s->s_group, m, &b[n], b);
	return grp_send(s, ST_MESSAGES_ADD, NULL);
}

/* Stores a message with its participants and attachments. */
enum store_status
store_message_add(struct store *s, const struct store_message *m)
{
	struct st_value *v;
	struct grp_bytes *b;
	enum store_status st, dst;
	size_t i;

	if (m->sm_key == NULL || *m->sm_key == '\0') {
		st_seterr(s, "message without a key");
		return STORE_HARD;
	}
	if (GRP_OPEN(s))
		return message_keep(s, m);
	v = xcalloc(m->sm_natt + 1, sizeof(*v));
	b = xcalloc(m->sm_natt + 1, sizeof(*b));
	st = message_send(s, m, v, b);
	if (st == STORE_NONE)
		st_seterr(s, "message %s is stored already", m->sm_key);
	/* a large object goes with the transaction when it failed */
	for (i = 0; i <= m->sm_natt; i++)
		if ((dst = st_value_done(s, &v[i], st == STORE_ONE ? st :
		    STORE_HARD)) < STORE_NONE && st == STORE_ONE)
			st = dst;
	free(v);
	free(b);
	return st;
}
