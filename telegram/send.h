/* send.h - the sender: outbox rows of channel telegram into their chats.
 *
 * A thread with its own database connection (LISTEN postdesk_outbox) and
 * its own Bot API client claims the due rows of channel 'telegram' (FOR
 * UPDATE SKIP LOCKED, with the outbox's lease), parses each stored
 * message (parser/) and sends it to the chat of its recipient's pseudo
 * address: the subject and text in one or more sendMessage calls (HTML
 * kept in Telegram's subset, see format.h), then every attachment as a
 * sendDocument.  Each piece Telegram accepted is recorded on the row
 * (sent_parts) before the next is sent, so a retry sends only the rest;
 * the row is marked sent right after its last piece.  A 429 puts the row
 * off for Telegram's retry_after, a network error or 5xx counts a failed
 * attempt (the outbox's backoff), any other refusal fails the row with
 * Telegram's description.
 */
#ifndef PD_TG_SEND_H
#define PD_TG_SEND_H

#include <stddef.h>

struct conf;
struct tg_sender;

/* Starts the sender for cf (database, telegram_api_url, the token, the
 * outbox's attempts and poll interval); NULL and err on failure. */
struct tg_sender *tg_sender_start(const struct conf *, char *err,
		    size_t errlen);
/* Asks the thread to stop (a piece being sent is finished and recorded),
 * waits for it and frees everything; NULL is fine. */
void		 tg_sender_stop(struct tg_sender *);

#endif
