/* intake_chat.c - what a message of a chat door adds to its transaction.
 *
 * A message made from a Telegram chat goes through the pipeline like any
 * mail (intake_message), with ie_channel set.  Two things differ: a new
 * ticket records its channel and chat (where its replies and notices go),
 * and no MTA delivers the message onward, so the copy for the support
 * mailbox that a mail gets from Postfix is queued in the outbox here:
 * the stored (redacted) message, its subject tagged, its Reply-To the
 * ticket's reply address, so agents see and answer it like any other.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "intake/intake_int.h"

/* Queues the support mailbox's copy of the job's mail on ticket number. */
static enum store_status
intake_chat_copy(struct store *s, struct intake_job *j, long number,
    int created)
{
	const struct conf *cf = j->j_in->in_conf;
	struct mail *m = j->j_mail;
	const char *rcpt = j->j_env->ie_rcpts[0];
	struct mail_addr to = { NULL, (char *)rcpt };
	struct mail_out mo;
	enum store_status st;
	char *subject, *reply_to, *id;
	size_t big = 0, i;

	subject = tag_subject(created && j->j_made != NULL ? j->j_made :
	    created ? j->j_untagged : m->m_subject, cf->cf_tag_prefix, number);
	reply_to = ticket_reply_address(cf->cf_hmac_secret, rcpt, number);
	id = m->m_message_id != NULL ? xstrdup(m->m_message_id) :
	    ticket_message_id(cf->cf_hmac_secret, number, j->j_in->in_domain);
	memset(&mo, 0, sizeof(mo));
	mo.mo_from_addr = m->m_from.a_addr;
	mo.mo_from_name = m->m_from.a_name;
	mo.mo_to = &to;
	mo.mo_nto = 1;
	mo.mo_reply_to = reply_to;
	mo.mo_subject = subject;
	mo.mo_message_id = id;
	mo.mo_text = m->m_text;
	mo.mo_parts = m;
	for (i = 0; i < m->m_natt; i++)
		big += m->m_att[i].at_size;
	st = intake_queue_mail(s, j, NULL, 0, "support-copy", "", &mo, &rcpt,
	    1, big > (size_t)cf->cf_spill_threshold);
	free(subject);
	free(reply_to);
	free(id);
	return st;
}

/* The channel and chat of a new ticket, and the support mailbox's copy. */
enum store_status
intake_chat_tx(struct store *s, struct intake_job *j, long number,
    int created)
{
	const struct intake_env *env = j->j_env;
	enum store_status st;

	if (env->ie_nrcpts == 0 || number == 0)
		return STORE_ONE;
	if (created && (st = store_tg_ticket_set(s, number, env->ie_channel,
	    env->ie_chat)) != STORE_ONE)
		return st == STORE_NONE ? STORE_HARD : st;
	return intake_chat_copy(s, j, number, created);
}
