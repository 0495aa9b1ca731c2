/* intake_merge.c - merging one ticket into another, for both doors: an
 * agent's "#merge N" and postdeskctl merge.
 *
 * Runs in the caller's transaction: both tickets are locked (the lower
 * number first; a mail's own ticket is locked before, so two crossed
 * merges by mail can deadlock, which PostgreSQL breaks and the loser
 * retries as a soft failure, then finds its ticket merged), ticket/
 * decides whether the merge may happen,
 * store/ moves everything in one statement, and the requester of the
 * merged ticket is told once (the notice is queued in the same
 * transaction, so a merge that fails or is refused tells nobody).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "intake/intake_int.h"

/* Locks ticket n into *t; its existence and merged_into into the facts. */
static enum store_status
merge_lock(struct store *s, long n, struct store_ticket *t, int *exists,
    long *merged)
{
	enum store_status st = store_ticket_get(s, n, t);

	*exists = st == STORE_ONE;
	*merged = st == STORE_ONE ? t->t_merged_into : 0;
	return st < 0 ? st : STORE_ONE;
}

/* Merges ticket from into ticket into (see intake.h). */
enum store_status
intake_merge(struct intake *in, struct store *s, long from, long into,
    const char *by, int agent, int *queued, enum merge_refusal *why,
    char *err, size_t errlen)
{
	struct merge_facts mf;
	struct store_ticket a, b;
	enum store_status st;
	char last[1000];
	int have_last;

	memset(&mf, 0, sizeof(mf));
	mf.mf_from = from;
	mf.mf_into = into;
	mf.mf_agent = agent;
	*why = MR_NOT_AGENT;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (!agent)
		return STORE_ONE;
	if (from <= into) {
		st = merge_lock(s, from, &a, &mf.mf_from_exists,
		    &mf.mf_from_merged);
		if (st == STORE_ONE)
			st = merge_lock(s, into, &b, &mf.mf_into_exists,
			    &mf.mf_into_merged);
	} else {
		st = merge_lock(s, into, &b, &mf.mf_into_exists,
		    &mf.mf_into_merged);
		if (st == STORE_ONE)
			st = merge_lock(s, from, &a, &mf.mf_from_exists,
			    &mf.mf_from_merged);
	}
	if (st != STORE_ONE)
		return st;
	if ((*why = ticket_merge_check(&mf)) != MR_OK)
		return STORE_ONE;
	st = store_last_customer_id(s, from, last, sizeof(last));
	if (st < 0)
		return st;
	have_last = st == STORE_ONE;
	if ((st = store_ticket_merge(s, from, into, by, NULL)) == STORE_NONE) {
		snprintf(err, errlen, "ticket %ld changed while merging", from);
		return STORE_HARD;	/* both rows are locked: cannot be */
	}
	if (st < 0)
		return st;
	return intake_queue_merged(in, s, &a, into, have_last ? last : NULL,
	    queued, err, errlen);
}

/* Answers an agent whose #merge (argument into) on ticket number was not
 * carried out, saying why; stored on that ticket. */
static enum store_status
merge_refused(struct intake_job *j, struct store *s, long number,
    const char *into, const char *reason)
{
	char *tag = tag_format(j->j_in->in_conf->cf_tag_prefix, number);
	char *subj, *body;
	enum store_status st;

	subj = xasprintf("%s not merged: %s", tag, reason);
	body = xasprintf("Your command \"#merge %s\" on ticket %ld was not "
	    "carried out:\n%s.\n\nNothing was changed.\n", into, number,
	    reason);
	st = intake_queue_agent_note(j->j_in, s, number, j->j_from, subj,
	    body, "merge-refused", &j->j_res->ir_confirmations);
	free(tag);
	free(subj);
	free(body);
	return st;
}

/* An agent's "#merge N" on ticket number (arg is N); a refusal is answered
 * to the agent.  *number becomes N when merged, so that the commands after
 * it act on the ticket that lives on. */
enum store_status
intake_merge_cmd(struct store *s, struct intake_job *j, long *number,
    const char *arg, char *err, size_t errlen)
{
	enum merge_refusal why;
	enum store_status st;
	long into = atol(arg);

	st = intake_merge(j->j_in, s, *number, into, j->j_from, j->j_trusted,
	    &j->j_res->ir_confirmations, &why, err, errlen);
	if (st != STORE_ONE)
		return st;
	if (why == MR_OK) {
		*number = into;
		return STORE_ONE;
	}
	snprintf(j->j_res->ir_reason, sizeof(j->j_res->ir_reason),
	    "#merge %s not done: %s", arg, ticket_merge_reason(why));
	return merge_refused(j, s, *number, arg, ticket_merge_reason(why));
}
