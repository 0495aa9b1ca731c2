/* merge.c - whether one ticket may be merged into another, and why not.
 *
 * Pure: the caller looks the two tickets up and says who asks.
 */
#include "config.h"

#include "ticket/ticket.h"

/* The first reason the merge described by mf must not happen. */
enum merge_refusal
ticket_merge_check(const struct merge_facts *mf)
{
	if (!mf->mf_agent)
		return MR_NOT_AGENT;
	if (mf->mf_from == mf->mf_into)
		return MR_SELF;
	if (!mf->mf_from_exists)
		return MR_NO_SOURCE;
	if (mf->mf_from_merged != 0)
		return MR_SOURCE_MERGED;
	if (!mf->mf_into_exists)
		return MR_NO_TARGET;
	if (mf->mf_into_merged != 0)
		return MR_TARGET_MERGED;
	return MR_OK;
}

/* Why, in words an agent understands. */
const char *
ticket_merge_reason(enum merge_refusal r)
{
	switch (r) {
	case MR_OK:
		return "merged";
	case MR_NOT_AGENT:
		return "only a trusted agent may merge tickets";
	case MR_SELF:
		return "a ticket cannot be merged into itself";
	case MR_NO_SOURCE:
		return "the ticket to merge does not exist";
	case MR_SOURCE_MERGED:
		return "the ticket was merged already";
	case MR_NO_TARGET:
		return "the target ticket does not exist";
	case MR_TARGET_MERGED:
		return "the target ticket was itself merged into another; "
		    "merge into that one";
	}
	return "unknown";
}
