/* message.c - storing one message: its row (once per key), attachments
 * with their content deduplicated by SHA-256, participants from
 * From/To/Cc, the sender as a contact.  Big contents go through lob.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/digest.h"
#include "common/xalloc.h"
#include "store/store_int.h"

/* Appends the addresses (and names) of as to a[]/n[] at *k. */
static void
addrs_collect(const struct mail_addrs *as, const char **a, const char **n,
    size_t *k)
{
	size_t i;

	for (i = 0; as != NULL && i < as->as_n; i++) {
		if (as->as_v[i].a_addr == NULL || *as->as_v[i].a_addr == '\0')
			continue;
		a[*k] = as->as_v[i].a_addr;
		n[*k] = as->as_v[i].a_name;
		(*k)++;
	}
}

/* The addresses of as as a text[] literal. */
char *
addrs_array(const struct mail_addrs *as)
{
	const char **a, **n;
	size_t k = 0;
	char *r;

	a = xcalloc(as != NULL ? as->as_n + 1 : 1, sizeof(*a));
	n = xcalloc(as != NULL ? as->as_n + 1 : 1, sizeof(*n));
	addrs_collect(as, a, n, &k);
	r = st_text_array(a, k);
	free(a);
	free(n);
	return r;
}

/* 1 when addr is one of the message's customer participants. */
int
message_is_customer(const struct store_message *m, const char *addr)
{
	size_t i;

	for (i = 0; m->sm_customers != NULL && m->sm_customers[i] != NULL;
	    i++)
		if (strcasecmp(m->sm_customers[i], addr) == 0)
			return 1;
	return 0;
}

/* The participants of a message, From, Reply-To, To and Cc: how many,
 * their addresses in *aa and names in *na (free both). */
size_t
message_people(const struct store_message *m, const char ***aa,
    const char ***na)
{
	const char **a, **n;
	size_t k = 0, max;

	max = 2 + (m->sm_to != NULL ? m->sm_to->as_n : 0) +
	    (m->sm_cc != NULL ? m->sm_cc->as_n : 0);
	*aa = a = xcalloc(max, sizeof(*a));
	*na = n = xcalloc(max, sizeof(*n));
	if (m->sm_from_addr != NULL && *m->sm_from_addr != '\0') {
		a[k] = m->sm_from_addr;
		n[k++] = m->sm_from_name;
	}
	if (m->sm_reply_to != NULL && *m->sm_reply_to != '\0') {
		a[k] = m->sm_reply_to;
		n[k++] = NULL;
	}
	addrs_collect(m->sm_to, a, n, &k);
	addrs_collect(m->sm_cc, a, n, &k);
	return k;
}

/* From, To and Cc (the participants) as two text[] literals. */
static void
message_participants(const struct store_message *m, char **aa, char **na)
{
	const char **a, **n;
	size_t k;

	k = message_people(m, &a, &n);
	*aa = st_text_array(a, k);
	*na = st_text_array(n, k);
	free(a);
	free(n);
}

/* The content once in blobs.  A big one already there is not sent
 * again (the INSERT would drop it). */
static enum store_status
message_blob(struct store *s, const struct store_message *m, size_t i,
    const char *hash, const char *size)
{
	const struct mail_attachment *at = &m->sm_att[i];
	struct st_content c = { at->at_data, at->at_size, m->sm_read,
	    m->sm_read_arg, i };
	struct params p = { 0 };
	struct st_value v;
	enum store_status st;

	if (at->at_size > STORE_LO_MIN) {
		st_param(&p, hash);
		if ((st = st_run(s, ST_BLOB_HAS, &p)) != STORE_NONE)
			return st;
		memset(&p, 0, sizeof(p));
	}
	if ((st = st_value_make(s, &c, &v)) == STORE_ONE) {
		st_param(&p, hash);
		st_param(&p, size);
		st_param_value(&p, &v);
		st_param(&p, v.v_oid);
		st = st_run(s, ST_BLOB_ADD, &p);
	}
	return st_value_done(s, &v, st);
}

/* The content once in blobs, then the attachment row of message id. */
static enum store_status
message_attachment(struct store *s, const struct store_message *m,
    const char *id, size_t i)
{
	const struct mail_attachment *at = &m->sm_att[i];
	struct params p = { 0 };
	enum store_status st;
	char size[24], posb[24], sha[DIGEST_HEX_LEN];
	const char *hash = at->at_sha256;

	if (hash[0] == '\0' && at->at_data == NULL && at->at_size > 0) {
		st_seterr(s, "attachment %zu: no SHA-256 and no bytes", i);
		return STORE_HARD;
	}
	if (hash[0] == '\0') {
		digest_sha256_hex(at->at_data, at->at_size, sha);
		hash = sha;
	}
	st_ltoa((long)at->at_size, size, sizeof(size));
	if ((st = message_blob(s, m, i, hash, size)) < STORE_NONE)
		return st;
	snprintf(posb, sizeof(posb), "%zu", i);
	st_param(&p, id);
	st_param(&p, posb);
	st_param(&p, at->at_filename);
	st_param(&p, at->at_content_type);
	st_param(&p, at->at_content_id);
	st_param(&p, size);
	st_param(&p, hash);
	st_param(&p, at->at_inline ? "true" : "false");
	return st_run(s, ST_ATTACHMENT_ADD, &p);
}

/* Inserts the message row (raw: NULL for none), its participants, the
 * sender as a contact and touches the ticket; NONE when its key is there
 * already. */
static enum store_status
message_row(struct store *s, const struct store_message *m,
    const struct st_value *raw, long *id)
{
	struct params p = { 0 };
	enum store_status st;
	PGresult *r;
	char nb[24], nl[24], fl[16], *to, *cc, *pa, *pn, *cu;

	message_participants(m, &pa, &pn);
	cu = st_text_array(m->sm_customers, (size_t)-1);
	to = addrs_array(m->sm_to);
	cc = addrs_array(m->sm_cc);
	snprintf(fl, sizeof(fl), "%d", m->sm_flags);
	st_param(&p, st_ltoa(m->sm_ticket, nb, sizeof(nb)));
	st_param(&p, m->sm_key);
	st_param(&p, m->sm_message_id);
	st_param(&p, ticket_direction_name(m->sm_direction));
	st_param(&p, m->sm_queue_id);
	st_param(&p, m->sm_from_addr != NULL ? m->sm_from_addr : "");
	st_param(&p, m->sm_from_name);
	st_param(&p, to);
	st_param(&p, cc);
	st_param(&p, m->sm_subject != NULL ? m->sm_subject : "");
	st_param(&p, m->sm_text != NULL ? m->sm_text : "");
	st_param(&p, st_ltoa((long)m->sm_new_len, nl, sizeof(nl)));
	if (raw == NULL)
		st_param(&p, NULL);
	else
		st_param_value(&p, raw);
	st_param(&p, m->sm_redactions);
	st_param(&p, m->sm_warnings);
	st_param(&p, fl);
	st_param(&p, pa);
	st_param(&p, pn);
	st_param(&p, raw != NULL ? raw->v_oid : NULL);
	st_param(&p, cu);
	st = st_exec(s, ST_MESSAGE_ADD, &p, &r);
	free(cu);
	free(to);
	free(cc);
	free(pa);
	free(pn);
	if (st != STORE_ONE)
		return st;
	if (PQntuples(r) == 0) {
		PQclear(r);
		st_seterr(s, "message %s is stored already", m->sm_key);
		return STORE_NONE;
	}
	if (id != NULL)
		*id = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return STORE_ONE;
}

/* Stores a message with its participants, then its attachments. */
enum store_status
store_message_add(struct store *s, const struct store_message *m,
    long *id)
{
	struct st_content c = { m->sm_raw, m->sm_raw_len, m->sm_read,
	    m->sm_read_arg, STORE_RAW };
	struct st_value raw;
	enum store_status st;
	char idb[24];
	long mid;
	size_t i;

	if (m->sm_key == NULL || *m->sm_key == '\0') {
		st_seterr(s, "message without a key");
		return STORE_HARD;
	}
	if (s->s_group != NULL)
		return dfr_message_add(s, m, id);
	if (m->sm_raw == NULL && m->sm_raw_len == 0)
		st = message_row(s, m, NULL, &mid);
	else {
		if ((st = st_value_make(s, &c, &raw)) == STORE_ONE)
			st = message_row(s, m, &raw, &mid);
		st = st_value_done(s, &raw, st);
	}
	if (st != STORE_ONE)
		return st;
	st_ltoa(mid, idb, sizeof(idb));
	for (i = 0; i < m->sm_natt; i++)
		if ((st = message_attachment(s, m, idb, i)) < STORE_NONE)
			return st;
	if (id != NULL)
		*id = mid;
	return STORE_ONE;
}
