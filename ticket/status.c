/* status.c - status transitions and the threading decision.
 *
 * Statuses follow DESIGN.md: a customer's mail opens or reopens (Resolved
 * -> Open; Closed -> Open, or a new ticket when reopen_closed is off), an
 * agent's reply waits for the customer, an internal note changes nothing.
 *
 * Threading: a reference to a stored message (one of ours with a valid
 * HMAC, or any Message-ID stored on a ticket) appends whoever sends it.  A
 * subject tag alone appends only for the requester, a participant or a
 * trusted agent; anyone else gets a new ticket and the number they quoted
 * is reported so it can be noted there.
 */
#include "config.h"

#include <stddef.h>

#include "ticket/ticket.h"

/* The status after an event on a ticket in status cur. */
enum ticket_status
ticket_next_status(enum ticket_status cur, enum ticket_event ev,
    int reopen_closed, int *new_ticket)
{
	if (new_ticket != NULL)
		*new_ticket = 0;
	switch (ev) {
	case TE_NOTE:
		return cur;
	case TE_AGENT_REPLY:
		/* An agent writing on a closed ticket does not reopen it. */
		if (cur == TS_CLOSED)
			return cur;
		return TS_WAITING;
	case TE_CUSTOMER_MAIL:
		if (cur == TS_CLOSED && !reopen_closed) {
			if (new_ticket != NULL)
				*new_ticket = 1;
			return TS_OPEN;
		}
		return TS_OPEN;
	}
	return cur;
}

/* Where a mail goes, from what intake found out about it. */
enum thread_decision
ticket_thread(const struct thread_facts *tf, long *ticket, long *quoted)
{
	if (ticket != NULL)
		*ticket = 0;
	if (quoted != NULL)
		*quoted = 0;
	if (tf == NULL)
		return TD_NEW;
	if (tf->tf_ref_ticket > 0) {
		if (ticket != NULL)
			*ticket = tf->tf_ref_ticket;
		return TD_APPEND;
	}
	if (tf->tf_tag_ticket > 0 && tf->tf_tag_exists &&
	    (tf->tf_sender_known || tf->tf_sender_agent)) {
		if (ticket != NULL)
			*ticket = tf->tf_tag_ticket;
		return TD_APPEND;
	}
	if (tf->tf_tag_ticket > 0 && quoted != NULL)
		*quoted = tf->tf_tag_ticket;
	return TD_NEW;
}
