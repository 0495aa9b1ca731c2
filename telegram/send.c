/* send.c - the sender thread: outbox rows of channel telegram into their
 * chats, piece by piece, each piece recorded once Telegram took it.
 *
 * Offers tg_sender_start() and tg_sender_stop().  A row's pieces are its
 * text pieces (format.h) then its attachments, in the order of the
 * message; sent_parts says how many went out.  An outcome the database
 * could not record (it went away after Telegram took a piece) is kept and
 * recorded first when it is back, so the piece is not sent again when the
 * row's lease ends.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "common/buf.h"
#include "common/conf.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "notifier/notifier.h"
#include "parser/parser.h"
#include "store/store.h"
#include "telegram/api.h"
#include "telegram/format.h"
#include "telegram/send.h"
#include "ticket/chat.h"

#define SEND_BATCH	8		/* rows claimed at once */
#define SEND_LEASE_S	240		/* start no row of a batch after this
					   (store's lease is 300 s): the rest
					   are given back */
#define SEND_PIECE	(256u << 10)	/* of a big row, read at once */
#define SEND_KEPT	64		/* outcomes kept while the database is
					   away */

/* What became of a row: its pieces sent, and how it ended. */
enum row_end {
	END_SENT,	/* every piece went out */
	END_LATER,	/* Telegram asked to wait (o_after seconds) */
	END_RETRY,	/* a failed attempt: the outbox's backoff */
	END_REFUSED,	/* refused for good */
	END_GIVEN_BACK,	/* not tried (stopping) */
};

struct outcome {
	long		 o_id;
	int		 o_parts;	/* pieces sent in all */
	enum row_end	 o_end;
	int		 o_after;
	char		 o_err[256];
};

struct tg_sender {
	struct notifier_loop *t_loop;	/* the thread */
	struct tg_api	*t_api;		/* used in the thread only */
	int		 t_max_attempts;
	struct outcome	 t_kept[SEND_KEPT];
	size_t		 t_nkept;
};

/* A row's whole message, in memory or read from the database in
 * pieces, into b; <0 when the store failed (its status). */
static enum store_status
sender_data(struct store *st, const struct store_outbox *row, struct buf *b)
{
	enum store_status s;
	size_t got;
	char *piece;

	if (row->ob_data != NULL || row->ob_len == 0) {
		buf_add(b, row->ob_data != NULL ? row->ob_data : "",
		    row->ob_len);
		return STORE_ONE;
	}
	piece = xmalloc(SEND_PIECE);
	do {
		s = store_outbox_read(st, row->ob_id, b->b_len, SEND_PIECE,
		    piece, &got);
		if (s == STORE_ONE)
			buf_add(b, piece, got);
	} while (s == STORE_ONE && got > 0);
	free(piece);
	return s;
}

/* The text of a message as Telegram pieces: its subject in bold, then
 * its HTML in Telegram's subset, or its plain text escaped. */
static size_t
sender_texts(struct mail *m, char ***pieces)
{
	struct buf b = BUF_INIT;
	char *body, *subject;
	size_t n;

	subject = tg_format_text(m->m_subject);
	if (*subject != '\0')
		buf_addf(&b, "<b>%s</b>\n\n", subject);
	free(subject);
	body = m->m_html != NULL ? tg_format_html(m->m_html,
	    strlen(m->m_html)) : tg_format_text(m->m_text);
	buf_adds(&b, body);
	free(body);
	n = tg_format_split(b.b_data != NULL ? b.b_data : "", TG_TEXT_MAX,
	    pieces);
	buf_free(&b);
	return n;
}

/* mail_att_read() callback: appends to a buf. */
static int
sender_att_chunk(const void *data, size_t len, void *arg)
{
	buf_add(arg, data, len);
	return 0;
}

/* Sends one piece: text piece k, or attachment k - ntexts. */
static enum tg_status
sender_piece(struct tg_api *api, long long chat, struct mail *m,
    char **texts, size_t ntexts, size_t k, int *after, char *err,
    size_t errlen)
{
	const struct mail_attachment *at;
	struct buf data = BUF_INIT;
	enum tg_status rc;
	json_t *p;

	p = json_pack("{s:I}", "chat_id", (json_int_t)chat);
	if (k < ntexts) {
		json_object_set_new(p, "text", json_string(texts[k]));
		json_object_set_new(p, "parse_mode", json_string("HTML"));
		rc = tg_api_call(api, "sendMessage", p, NULL, after, err,
		    errlen);
		json_decref(p);
		return rc;
	}
	at = &m->m_att[k - ntexts];
	if (mail_att_read(m, k - ntexts, sender_att_chunk, &data) != 0) {
		snprintf(err, errlen, "cannot read attachment %zu",
		    k - ntexts + 1);
		json_decref(p);
		return TG_REFUSED;
	}
	rc = tg_api_upload(api, "sendDocument", p, "document",
	    at->at_filename != NULL ? at->at_filename : "attachment",
	    at->at_content_type, data.b_data != NULL ? data.b_data : "",
	    data.b_len, NULL, after, err, errlen);
	json_decref(p);
	buf_free(&data);
	return rc;
}

/* Records an outcome; <0 when the database is gone (SOFT). */
static int
sender_record(struct tg_sender *t, struct store *st, const struct outcome *o)
{
	enum store_status s = STORE_ONE;

	if (o->o_parts > 0 && o->o_end != END_SENT)
		s = store_outbox_parts(st, o->o_id, o->o_parts);
	if (s >= STORE_NONE) {
		switch (o->o_end) {
		case END_SENT:
			s = store_outbox_sent(st, o->o_id);
			break;
		case END_LATER:
			s = store_outbox_later(st, o->o_id, o->o_after,
			    o->o_err);
			break;
		case END_RETRY:
		case END_REFUSED:
			s = store_outbox_failed(st, o->o_id,
			    o->o_end == END_REFUSED, o->o_err,
			    t->t_max_attempts);
			break;
		case END_GIVEN_BACK:
			s = store_outbox_unclaim(st, o->o_id);
			break;
		}
	}
	if (s == STORE_SOFT)
		return -1;
	if (s == STORE_HARD)
		log_warn("outbox %ld: cannot record the outcome: %s",
		    o->o_id, store_error(st));
	return 0;
}

/* Keeps an outcome the database did not take (the oldest is dropped,
 * with a warning, when there are too many). */
static void
sender_keep(struct tg_sender *t, const struct outcome *o)
{
	if (t->t_nkept == SEND_KEPT) {
		log_warn("outbox %ld: outcome not recorded; its pieces may be "
		    "sent again", t->t_kept[0].o_id);
		memmove(t->t_kept, t->t_kept + 1, (SEND_KEPT - 1) *
		    sizeof(t->t_kept[0]));
		t->t_nkept--;
	}
	t->t_kept[t->t_nkept++] = *o;
}

/* Records the outcomes kept while the database was away; -1 when it is
 * lost again. */
static int
sender_settle(struct tg_sender *t, struct store *st)
{
	size_t i;

	for (i = 0; i < t->t_nkept; i++)
		if (sender_record(t, st, &t->t_kept[i]) < 0)
			break;
	memmove(t->t_kept, t->t_kept + i, (t->t_nkept - i) *
	    sizeof(t->t_kept[0]));
	t->t_nkept -= i;
	return t->t_nkept > 0 ? -1 : 0;
}

/* Sends the pieces of a parsed row from o->o_parts on, recording each
 * one Telegram took; fills o's end.  *lost when the database went away
 * (then o is not recorded yet). */
static void
sender_pieces(struct notifier_loop *l, struct store *st, struct tg_api *api,
    long long chat, struct mail *m, struct outcome *o, int *lost)
{
	enum tg_status rc = TG_OK;
	char **texts;
	size_t ntexts, total, k;

	ntexts = sender_texts(m, &texts);
	total = ntexts + m->m_natt;
	for (k = (size_t)o->o_parts; k < total && rc == TG_OK; k++) {
		if (notifier_loop_stopping(l)) {
			o->o_end = END_GIVEN_BACK;
			break;
		}
		rc = sender_piece(api, chat, m, texts, ntexts, k, &o->o_after,
		    o->o_err, sizeof(o->o_err));
		if (rc == TG_OK) {
			o->o_parts = (int)k + 1;
			if (k + 1 < total && store_outbox_parts(st, o->o_id,
			    o->o_parts) == STORE_SOFT) {
				o->o_end = END_GIVEN_BACK;
				*lost = 1;
				break;
			}
		} else if (rc == TG_RETRY)
			o->o_end = o->o_after > 0 ? END_LATER : END_RETRY;
		else
			o->o_end = END_REFUSED;
	}
	if (rc == TG_OK && k >= total)
		o->o_end = END_SENT;
	tg_format_free(texts, ntexts);
}

/* Sends one claimed row into o; *lost as sender_pieces(). */
static void
sender_row(struct notifier_loop *l, struct store *st, struct tg_api *api,
    const struct store_outbox *row, struct outcome *o, int *lost)
{
	struct buf data = BUF_INIT;
	enum store_status s;
	struct mail *m;
	long long chat;

	o->o_id = row->ob_id;
	o->o_parts = row->ob_sent_parts;
	o->o_end = END_REFUSED;
	o->o_err[0] = '\0';
	if (!chat_addr_user(row->ob_rcpt, &chat)) {
		snprintf(o->o_err, sizeof(o->o_err), "not a Telegram address");
		return;
	}
	if ((s = sender_data(st, row, &data)) != STORE_ONE) {
		o->o_end = s == STORE_SOFT ? END_GIVEN_BACK : END_RETRY;
		*lost = s == STORE_SOFT;
		snprintf(o->o_err, sizeof(o->o_err), "cannot read the "
		    "message: %.200s", store_error(st));
		buf_free(&data);
		return;
	}
	m = mail_parse_mem(data.b_data != NULL ? data.b_data : "",
	    data.b_len);
	buf_free(&data);
	sender_pieces(l, st, api, chat, m, o, lost);
	mail_free(m);
}

/* Claims one batch and sends it: how many rows came, or -1 when the
 * database was lost (outcomes kept), -2 when claiming failed otherwise. */
static int
sender_batch(struct notifier_loop *l, struct tg_sender *t, struct store *st)
{
	struct store_outbox *rows = NULL;
	enum store_status claim;
	struct outcome o;
	size_t n = 0, i;
	int lost = 0, flood = 0;
	time_t start;

	claim = store_outbox_claim(st, STORE_CH_TELEGRAM, SEND_BATCH, &rows,
	    &n);
	if (claim < STORE_NONE)
		return claim == STORE_SOFT ? -1 : -2;
	start = time(NULL);
	for (i = 0; i < n; i++) {
		memset(&o, 0, sizeof(o));
		if (lost || flood || time(NULL) - start > SEND_LEASE_S) {
			o.o_id = rows[i].ob_id;	/* not tried */
			o.o_end = flood ? END_LATER : END_GIVEN_BACK;
			o.o_after = flood;
			snprintf(o.o_err, sizeof(o.o_err), "not tried: "
			    "Telegram asked to wait");
		} else
			sender_row(l, st, t->t_api, &rows[i], &o, &lost);
		if (o.o_end == END_LATER) {
			flood = o.o_after;
			notifier_loop_due(l, time(NULL) + o.o_after);
		}
		if (o.o_end == END_REFUSED)
			log_warn("outbox %ld (ticket %ld): refused: %s",
			    o.o_id, rows[i].ob_ticket, o.o_err);
		if (lost || sender_record(t, st, &o) < 0) {
			sender_keep(t, &o);
			lost = 1;
		}
	}
	store_outbox_free(rows, n);
	return lost ? -1 : (int)n;
}

/* notifier_loop_ops.lo_drain: batches until nothing is due, 0, or < 0
 * as sender_batch(). */
static int
sender_drain(struct notifier_loop *l, struct store *st, time_t deadline,
    void *arg)
{
	struct tg_sender *t = arg;
	int n;

	(void)deadline;		/* no final drain */
	if (sender_settle(t, st) < 0)
		return -1;
	while ((n = sender_batch(l, t, st)) == SEND_BATCH &&
	    !notifier_loop_stopping(l))
		;
	return n < 0 ? n : 0;
}

/* notifier_loop_ops.lo_done: what could not be recorded, recorded now
 * or logged. */
static void
sender_done(struct store *st, void *arg)
{
	struct tg_sender *t = arg;

	if (t->t_nkept > 0 && st != NULL)
		(void)sender_settle(t, st);
	if (t->t_nkept > 0)
		log_warn("telegram sender: %zu outcome(s) not recorded; their "
		    "pieces may be sent again", t->t_nkept);
}

/* Starts the sender's thread. */
struct tg_sender *
tg_sender_start(const struct conf *cf, char *err, size_t errlen)
{
	static const struct notifier_loop_ops ops = { "telegram sender",
	    sender_drain, sender_done, 0 };
	struct tg_sender *t;
	char *token;

	if (cf->cf_tg_token_file == NULL) {
		snprintf(err, errlen, "telegram_token_file is not set");
		return NULL;
	}
	if (conf_read_secret(cf->cf_tg_token_file, &token, err, errlen) < 0)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->t_api = tg_api_new(cf->cf_tg_api_url, token, err, errlen);
	explicit_bzero(token, strlen(token));
	free(token);
	if (t->t_api == NULL) {
		free(t);
		return NULL;
	}
	t->t_max_attempts = (int)cf->cf_outbox_max_attempts;
	if ((t->t_loop = notifier_loop_start(&ops, t, cf->cf_database,
	    (int)cf->cf_outbox_poll, err, errlen)) == NULL) {
		tg_api_free(t->t_api);
		free(t);
		return NULL;
	}
	return t;
}

/* Stops the thread and frees everything. */
void
tg_sender_stop(struct tg_sender *t)
{
	if (t == NULL)
		return;
	notifier_loop_stop(t->t_loop);
	tg_api_free(t->t_api);
	free(t);
}
