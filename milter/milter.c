/* milter.c - the libmilter callbacks: envelope, buffering, the verdict.
 *
 * A per-connection context (struct mconn) holds at most one per-message
 * context (struct mmsg); msg_free() is the one place a message ends,
 * whatever ended it (end of message, abort, close, a refusal).  The
 * decision is taken once, at end of message: the pipeline runs with the
 * message in memory or in its spill file, and its status becomes header
 * edits or an SMTP reply.  A mail for nobody on support_addresses is
 * accepted at DATA (or end of headers), so its body never reaches us.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "common/addr.h"
#include "common/log.h"
#include "common/msgbuf.h"
#include "common/xalloc.h"
#include "intake/intake.h"
#include "milter/milter.h"

#define MILTER_SOFT_TEXT \
	"Ticket system temporarily unavailable, try again later"
#define MILTER_BODY_CHUNK	(64u << 10)	/* body replaced in pieces */

enum merr { MERR_NONE, MERR_TOOBIG, MERR_INTERNAL };

struct mmsg {
	struct snap	*m_snap;
	char		*m_sender;
	char	       **m_rcpts;
	size_t		 m_nrcpts;
	char		*m_auth;
	char		*m_qid;
	struct msgbuf	 m_buf;
	int		 m_subject_seen;
	int		 m_forged[3];	/* X-Postdesk-Ticket/-Action/-Requester
					   seen */
	int		 m_reply_to;	/* Reply-To headers seen */
	int		 m_decided;	/* intake_wants() said yes */
	enum merr	 m_error;	/* sticky: the first failure */
};

struct mconn {
	struct mmsg	*c_msg;
	int		 c_leadspc;	/* SMFIP_HDR_LEADSPC negotiated */
	int		 c_noreply;	/* headers, their end and the body go
					   unanswered (SMFIP_NR_*) */
};

static int	 milter_is_stopping;	/* atomic */
static int	 milter_nmsgs;		/* atomic: live message contexts */

/* Ends the message of a connection, whatever ended it. */
static void
msg_free(struct mconn *c)
{
	struct mmsg *m;
	size_t i;

	if (c == NULL || (m = c->c_msg) == NULL)
		return;
	c->c_msg = NULL;
	snap_put(m->m_snap);
	free(m->m_sender);
	for (i = 0; i < m->m_nrcpts; i++)
		free(m->m_rcpts[i]);
	free(m->m_rcpts);
	free(m->m_auth);
	free(m->m_qid);
	msgbuf_free(&m->m_buf);
	free(m);
	__atomic_sub_fetch(&milter_nmsgs, 1, __ATOMIC_SEQ_CST);
}

/* The connection context, made on first use. */
static struct mconn *
conn_get(SMFICTX *ctx)
{
	struct mconn *c = smfi_getpriv(ctx);

	if (c == NULL) {
		c = xcalloc(1, sizeof(*c));
		smfi_setpriv(ctx, c);
	}
	return c;
}

/* The current message, or NULL. */
static struct mmsg *
msg_get(SMFICTX *ctx)
{
	struct mconn *c = smfi_getpriv(ctx);

	return c != NULL ? c->c_msg : NULL;
}

/* Picks up the queue id as soon as the MTA tells it. */
static const char *
msg_qid(SMFICTX *ctx, struct mmsg *m)
{
	char *v;

	if (m->m_qid == NULL && (v = smfi_getsymval(ctx, "i")) != NULL)
		m->m_qid = xstrdup(v);
	return m->m_qid != NULL ? m->m_qid : "NOQUEUE";
}

/* Sets an SMTP reply; text is made safe first. */
static void
reply(SMFICTX *ctx, const char *code, const char *dsn, const char *text)
{
	char safe[400];

	milter_reply_text(text, safe, sizeof(safe));
	if (smfi_setreply(ctx, (char *)code, (char *)dsn, safe) !=
	    MI_SUCCESS)
		log_warn("smfi_setreply %s %s failed", code, dsn);
}

/* Refuses a message that is too big. */
static sfsistat
too_big(SMFICTX *ctx, struct mmsg *m)
{
	log_info("%s: reject: 552 5.3.4 message exceeds max_message_size "
	    "(%ld bytes)", msg_qid(ctx, m), m->m_snap->sn_conf->
	    cf_max_message_size);
	reply(ctx, "552", "5.3.4", "Message too big for the support system");
	msg_free(smfi_getpriv(ctx));
	return SMFIS_REJECT;
}

/* The answer to a message we could not keep (logged when it happened):
 * tempfail or accept, as on_error says. */
static sfsistat
internal_error(SMFICTX *ctx, struct mmsg *m)
{
	int accept = m->m_snap->sn_conf->cf_on_error ==
	    CONF_ON_ERROR_ACCEPT;

	log_err("%s: %s", msg_qid(ctx, m), accept ? "accepted untouched "
	    "(on_error = accept)" : "tempfail: 451 4.3.0");
	msg_free(smfi_getpriv(ctx));
	if (accept)
		return SMFIS_ACCEPT;
	reply(ctx, "451", "4.3.0", "Temporary local problem, try again later");
	return SMFIS_TEMPFAIL;
}

/* Asks only for what postdesk uses. */
static sfsistat
mlfi_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	struct mconn *c = conn_get(ctx);
	unsigned long noreply = SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY;
	unsigned long want_steps = SMFIP_NOCONNECT | SMFIP_NOHELO |
	    SMFIP_NOUNKNOWN | SMFIP_HDR_LEADSPC | noreply;

	(void)f2;
	(void)f3;
	*pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY |
	    SMFIF_QUARANTINE | SMFIF_SETSYMLIST);
	*pf1 = f1 & want_steps;
	*pf2 = 0;
	*pf3 = 0;
	c->c_leadspc = (*pf1 & SMFIP_HDR_LEADSPC) != 0;
	/* libmilter offers these even to an MTA without them (it answers
	 * for us then); an MTA with them sends on without waiting */
	c->c_noreply = (*pf1 & noreply) == noreply;
	if (*pf0 & SMFIF_SETSYMLIST) {
		smfi_setsymlist(ctx, SMFIM_ENVFROM, "{i} {auth_authen}");
		smfi_setsymlist(ctx, SMFIM_ENVRCPT, "{i}");
		smfi_setsymlist(ctx, SMFIM_EOM, "{i}");
	}
	return SMFIS_CONTINUE;
}

/* MAIL FROM: a new message; SIZE= beyond the limit is refused now. */
static sfsistat
mlfi_envfrom(SMFICTX *ctx, char **argv)
{
	struct mconn *c = conn_get(ctx);
	struct mmsg *m;
	char *auth;
	long size;

	msg_free(c);
	m = xcalloc(1, sizeof(*m));
	c->c_msg = m;
	__atomic_add_fetch(&milter_nmsgs, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&milter_is_stopping, __ATOMIC_SEQ_CST)) {
		msg_free(c);
		reply(ctx, "421", "4.3.2", "Service shutting down, try again "
		    "later");
		return SMFIS_TEMPFAIL;
	}
	if ((m->m_snap = snap_get()) == NULL) {
		msg_free(c);
		reply(ctx, "451", "4.3.0", "Not ready, try again later");
		return SMFIS_TEMPFAIL;
	}
	intake_buf_init(m->m_snap->sn_intake, &m->m_buf);
	m->m_sender = addr_from_envelope(argv[0] != NULL ? argv[0] : "");
	if (m->m_sender == NULL)
		m->m_sender = xstrdup("");
	if ((auth = smfi_getsymval(ctx, "{auth_authen}")) != NULL &&
	    *auth != '\0')
		m->m_auth = xstrdup(auth);
	size = milter_esmtp_size(argv[0] != NULL ? argv + 1 : NULL);
	if (size > 0 && intake_too_big(m->m_snap->sn_intake, (uintmax_t)size))
		return too_big(ctx, m);
	return SMFIS_CONTINUE;
}

/* RCPT TO: collected as bare addresses; a forged reply address is
 * refused here, before DATA. */
static sfsistat
mlfi_envrcpt(SMFICTX *ctx, char **argv)
{
	struct mmsg *m = msg_get(ctx);
	char *a;

	if (m == NULL || argv[0] == NULL)
		return SMFIS_CONTINUE;
	if ((a = addr_from_envelope(argv[0])) == NULL)
		return SMFIS_CONTINUE;
	switch (intake_rcpt_check(m->m_snap->sn_intake, a)) {
	case IR_OK:
		break;
	case IR_UNKNOWN:
		log_info("%s: reject RCPT <%s>: 550 5.1.1 unknown reply "
		    "address", msg_qid(ctx, m), a);
		reply(ctx, "550", "5.1.1", "No such ticket reply address");
		free(a);
		return SMFIS_REJECT;
	case IR_SOFT:
		log_warn("%s: RCPT <%s>: 451 4.3.0 the database cannot check "
		    "the reply address", msg_qid(ctx, m), a);
		reply(ctx, "451", "4.3.0", MILTER_SOFT_TEXT);
		free(a);
		return SMFIS_TEMPFAIL;
	}
	m->m_rcpts = xreallocarray(m->m_rcpts, m->m_nrcpts + 1,
	    sizeof(char *));
	m->m_rcpts[m->m_nrcpts++] = a;
	(void)msg_qid(ctx, m);
	return SMFIS_CONTINUE;
}

/* Lets a mail for nobody on support_addresses through untouched. */
static int
msg_wanted(SMFICTX *ctx, struct mmsg *m)
{
	if (m->m_decided)
		return 1;
	if (!intake_wants(m->m_snap->sn_intake,
	    (const char *const *)m->m_rcpts, m->m_nrcpts)) {
		log_debug("%s: no support recipient, passed",
		    msg_qid(ctx, m));
		msg_free(smfi_getpriv(ctx));
		return 0;
	}
	m->m_decided = 1;
	return 1;
}

/* DATA: the last point before the content; also avoids a TCP stall. */
static sfsistat
mlfi_data(SMFICTX *ctx)
{
	struct mmsg *m = msg_get(ctx);

	if (m == NULL)
		return SMFIS_CONTINUE;
	(void)msg_qid(ctx, m);
	return msg_wanted(ctx, m) ? SMFIS_CONTINUE : SMFIS_ACCEPT;
}

/* What a header, the end of headers or a piece of body is answered:
 * nothing when the MTA does not wait (a failure is answered at the end
 * of the message). */
static sfsistat
step_done(SMFICTX *ctx)
{
	struct mconn *c = smfi_getpriv(ctx);

	return c != NULL && c->c_noreply ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

/* Adds bytes to the message, keeping count against the limit; the first
 * failure is kept for the end of the message, and the rest ignored. */
static void
msg_add(SMFICTX *ctx, struct mmsg *m, const void *p, size_t n)
{
	if (m->m_error != MERR_NONE)
		return;
	if (intake_buf_add(m->m_snap->sn_intake, &m->m_buf, p, n) < 0) {
		log_err("%s: cannot buffer the message: %s", msg_qid(ctx, m),
		    strerror(errno));
		m->m_error = MERR_INTERNAL;
	} else if (intake_too_big(m->m_snap->sn_intake, m->m_buf.mb_len))
		m->m_error = MERR_TOOBIG;
}

/* One header, rebuilt byte for byte. */
static sfsistat
mlfi_header(SMFICTX *ctx, char *name, char *value)
{
	struct mconn *c = smfi_getpriv(ctx);
	struct mmsg *m = msg_get(ctx);
	struct buf line = BUF_INIT;

	if (m == NULL)
		return step_done(ctx);
	if (strcasecmp(name, "Subject") == 0)
		m->m_subject_seen = 1;
	else if (strcasecmp(name, "X-Postdesk-Ticket") == 0)
		m->m_forged[0]++;
	else if (strcasecmp(name, "X-Postdesk-Action") == 0)
		m->m_forged[1]++;
	else if (strcasecmp(name, "X-Postdesk-Requester") == 0)
		m->m_forged[2]++;
	else if (strcasecmp(name, "Reply-To") == 0)
		m->m_reply_to++;
	milter_header_line(&line, name, value, c->c_leadspc);
	msg_add(ctx, m, line.b_data, line.b_len);
	buf_free(&line);
	return step_done(ctx);
}

/* End of headers: the blank line.  A mail for nobody on
 * support_addresses (when the MTA did not say DATA) is dropped here and
 * passes untouched at its end. */
static sfsistat
mlfi_eoh(SMFICTX *ctx)
{
	struct mmsg *m = msg_get(ctx);

	if (m != NULL && msg_wanted(ctx, m))
		msg_add(ctx, m, "\r\n", 2);
	return step_done(ctx);
}

/* A chunk of body. */
static sfsistat
mlfi_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	struct mmsg *m = msg_get(ctx);

	if (m != NULL)
		msg_add(ctx, m, p, n);
	return step_done(ctx);
}

/* Milliseconds since t0. */
static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L +
	    (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* Adds or changes one header. */
static void
edit_header(SMFICTX *ctx, struct mmsg *m, const char *name,
    const char *value, int change)
{
	struct mconn *c = smfi_getpriv(ctx);
	char *v = milter_header_value(value, c->c_leadspc);
	int rc;

	if (change)
		rc = smfi_chgheader(ctx, (char *)name, 1, v);
	else
		rc = smfi_addheader(ctx, (char *)name, v);
	if (rc != MI_SUCCESS)
		log_warn("%s: cannot %s header %s", msg_qid(ctx, m),
		    change ? "change" : "add", name);
	free(v);
}

/* Removes X-Postdesk-* headers the sender wrote: only ours may reach the
 * support mailbox, where agents' filters trust them. */
static void
drop_forged(SMFICTX *ctx, struct mmsg *m)
{
	static const char *const names[3] = { "X-Postdesk-Ticket",
	    "X-Postdesk-Action", "X-Postdesk-Requester" };
	int k, i;

	for (k = 0; k < 3; k++)
		for (i = m->m_forged[k]; i > 0; i--)
			if (smfi_chgheader(ctx, (char *)names[k], i, NULL) !=
			    MI_SUCCESS)
				log_warn("%s: cannot remove header %s",
				    msg_qid(ctx, m), names[k]);
}

/* The support mailbox's copy answers to the ticket: Reply-To its
 * reply address (one header, whatever the sender had), and the
 * customer's own address for replies shown in X-Postdesk-Requester. */
static void
set_reply_to(SMFICTX *ctx, struct mmsg *m, const struct intake_result *r)
{
	int i;

	if (r->ir_reply_to == NULL)
		return;
	for (i = m->m_reply_to; i > 1; i--)
		if (smfi_chgheader(ctx, "Reply-To", i, NULL) != MI_SUCCESS)
			log_warn("%s: cannot remove header Reply-To",
			    msg_qid(ctx, m));
	edit_header(ctx, m, "Reply-To", r->ir_reply_to, m->m_reply_to > 0);
	if (r->ir_requester != NULL)
		edit_header(ctx, m, "X-Postdesk-Requester", r->ir_requester, 0);
}

/* Replaces the body with the redacted one: from memory, or from the
 * temp file of a big mail in pieces (libmilter joins them).  -1 when a
 * piece cannot be read or handed over: the mail must not go out cut
 * short (it is stored; the MTA's retry is a duplicate, delivered then). */
static int
replace_body(SMFICTX *ctx, struct mmsg *m, struct intake_result *r)
{
	unsigned char *chunk;
	off_t off = 0;
	ssize_t n;
	int rc = 0;

	if (!r->ir_body_file) {
		if (smfi_replacebody(ctx, (unsigned char *)r->ir_body.b_data,
		    (int)r->ir_body.b_len) != MI_SUCCESS)
			log_warn("%s: cannot replace the body",
			    msg_qid(ctx, m));
		return 0;
	}
	chunk = xmalloc(MILTER_BODY_CHUNK);
	while ((n = pread(r->ir_body_fd, chunk, MILTER_BODY_CHUNK, off)) !=
	    0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_warn("%s: cannot read the redacted body: %s",
			    msg_qid(ctx, m), strerror(errno));
			rc = -1;
			break;
		}
		off += n;
		if (smfi_replacebody(ctx, chunk, (int)n) != MI_SUCCESS) {
			log_warn("%s: cannot replace the body",
			    msg_qid(ctx, m));
			rc = -1;
			break;
		}
	}
	free(chunk);
	return rc;
}

/* How the mail was stored, for its log line: " group=G/N" (in group G
 * of N mails), " fallback=N" (alone, after a group of N failed), or "". */
static const char *
group_note(const struct intake_result *r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (r->ir_group > 0)
		snprintf(buf, len, " group=%lu/%zu", r->ir_group,
		    r->ir_group_size);
	else if (r->ir_fallback > 0)
		snprintf(buf, len, " fallback=%zu", r->ir_fallback);
	return buf;
}

/* Applies an accepted verdict: header edits, body, quarantine. */
static sfsistat
verdict_ok(SMFICTX *ctx, struct mmsg *m, struct intake_result *r,
    long ms)
{
	const struct conf *cf = m->m_snap->sn_conf;
	char num[32], group[48] = "";
	int quarantined = 0;

	if (r->ir_action == IA_IGNORED || r->ir_action == IA_ANSWERED) {
		/* no ticket, but maybe an answer (a list, a queue report) */
		log_info("%s: %s answered=%d ms=%ld%s%s", msg_qid(ctx, m),
		    intake_action_name(r->ir_action), r->ir_confirmations, ms,
		    r->ir_reason[0] != '\0' ? ": " : "", r->ir_reason);
		return SMFIS_ACCEPT;
	}
	snprintf(num, sizeof(num), "%ld", r->ir_ticket);
	drop_forged(ctx, m);
	edit_header(ctx, m, "X-Postdesk-Ticket", num, 0);
	edit_header(ctx, m, "X-Postdesk-Action",
	    intake_action_name(r->ir_action), 0);
	if (r->ir_subject != NULL)
		edit_header(ctx, m, "Subject", r->ir_subject,
		    m->m_subject_seen);
	set_reply_to(ctx, m, r);
	if (r->ir_body_changed && cf->cf_redact_delivered &&
	    replace_body(ctx, m, r) < 0) {
		reply(ctx, "451", "4.3.0", MILTER_SOFT_TEXT);
		return SMFIS_TEMPFAIL;
	}
	if (r->ir_suspicious && cf->cf_quarantine_suspicious &&
	    smfi_quarantine(ctx, "postdesk: suspicious message") ==
	    MI_SUCCESS)
		quarantined = 1;
	log_info("%s: ticket=%ld action=%s redacted=%u size=%zu%s%s ms=%ld%s"
	    "%s%s", msg_qid(ctx, m), r->ir_ticket,
	    intake_action_name(r->ir_action), redact_total(&r->ir_counts),
	    m->m_buf.mb_len, r->ir_suspicious ? " suspicious" : "",
	    quarantined ? " quarantined" : "", ms,
	    group_note(r, group, sizeof(group)),
	    r->ir_reason[0] != '\0' ? ": " : "", r->ir_reason);
	return SMFIS_CONTINUE;
}

/* Turns a refusal into an SMTP reply.  A "try again" reason stays in
 * the log (it may name database hosts); a rejection's reason is meant
 * for the sender. */
static sfsistat
verdict_refuse(SMFICTX *ctx, struct mmsg *m, enum intake_status st,
    struct intake_result *r, long ms)
{
	const char *code = "451", *dsn = "4.3.0", *text = MILTER_SOFT_TEXT;
	const char *why = r->ir_reason[0] != '\0' ? r->ir_reason :
	    "no reason given";
	char group[48];

	if (st == INTAKE_HARD || (st == INTAKE_OK &&
	    r->ir_action == IA_REJECTED)) {
		code = r->ir_smtp_code[0] == '5' ? r->ir_smtp_code : "554";
		dsn = r->ir_dsn[0] == '5' ? r->ir_dsn : "5.6.0";
		text = r->ir_reason[0] != '\0' ? r->ir_reason :
		    "Message refused by the support system";
	} else if (r->ir_dsn[0] == '4')
		dsn = r->ir_dsn;	/* 4.3.5: our configuration */
	if (r->ir_config)
		log_err("%s: tempfail: %s %s %s ms=%ld%s", msg_qid(ctx, m),
		    code, dsn, why, ms, group_note(r, group, sizeof(group)));
	else
		log_info("%s: %s: %s %s %s ms=%ld%s", msg_qid(ctx, m),
		    code[0] == '5' ? "reject" : "tempfail", code, dsn, why,
		    ms, group_note(r, group, sizeof(group)));
	reply(ctx, code, dsn, text);
	return code[0] == '5' ? SMFIS_REJECT : SMFIS_TEMPFAIL;
}

/* End of message: run the pipeline once and act on its verdict. */
static sfsistat
mlfi_eom(SMFICTX *ctx)
{
	struct mmsg *m = msg_get(ctx);
	const struct conf *cf;
	struct intake_result r;
	struct intake_env env;
	struct timespec t0;
	enum intake_status st;
	sfsistat rc;

	if (m == NULL)
		return SMFIS_CONTINUE;
	cf = m->m_snap->sn_conf;
	if (m->m_error == MERR_TOOBIG)
		return too_big(ctx, m);
	if (m->m_error == MERR_INTERNAL)
		return internal_error(ctx, m);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&env, 0, sizeof(env));
	env.ie_queue_id = msg_qid(ctx, m);
	env.ie_sender = m->m_sender;
	env.ie_rcpts = (const char *const *)m->m_rcpts;
	env.ie_nrcpts = m->m_nrcpts;
	env.ie_auth_authen = m->m_auth;
	if (gate_enter(cf->cf_intake_max, cf->cf_intake_wait) < 0) {
		log_warn("%s: tempfail: 451 4.3.2 too busy (%ld mails in "
		    "intake)", env.ie_queue_id, cf->cf_intake_max);
		reply(ctx, "451", "4.3.2", "Support system too busy, try "
		    "again later");
		msg_free(smfi_getpriv(ctx));
		return SMFIS_TEMPFAIL;
	}
	st = intake_message(m->m_snap->sn_intake, &env, &m->m_buf, &r);
	gate_leave();
	if (st == INTAKE_OK && r.ir_action != IA_REJECTED)
		rc = verdict_ok(ctx, m, &r, ms_since(&t0));
	else
		rc = verdict_refuse(ctx, m, st, &r, ms_since(&t0));
	intake_result_free(&r);
	msg_free(smfi_getpriv(ctx));
	return rc;
}

/* The MTA dropped the message. */
static sfsistat
mlfi_abort(SMFICTX *ctx)
{
	msg_free(smfi_getpriv(ctx));
	return SMFIS_CONTINUE;
}

/* The connection is gone. */
static sfsistat
mlfi_close(SMFICTX *ctx)
{
	struct mconn *c = smfi_getpriv(ctx);

	if (c != NULL) {
		msg_free(c);
		free(c);
		smfi_setpriv(ctx, NULL);
	}
	return SMFIS_CONTINUE;
}

/* Registers the filter and names its socket. */
int
milter_setup(const char *socket, char *err, size_t errlen)
{
	struct smfiDesc d;

	memset(&d, 0, sizeof(d));
	d.xxfi_name = "postdesk";
	d.xxfi_version = SMFI_VERSION;
	d.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY |
	    SMFIF_QUARANTINE | SMFIF_SETSYMLIST;
	d.xxfi_envfrom = mlfi_envfrom;
	d.xxfi_envrcpt = mlfi_envrcpt;
	d.xxfi_header = mlfi_header;
	d.xxfi_eoh = mlfi_eoh;
	d.xxfi_body = mlfi_body;
	d.xxfi_eom = mlfi_eom;
	d.xxfi_abort = mlfi_abort;
	d.xxfi_close = mlfi_close;
	d.xxfi_data = mlfi_data;
	d.xxfi_negotiate = mlfi_negotiate;
	if (smfi_register(d) != MI_SUCCESS) {
		snprintf(err, errlen, "smfi_register failed");
		return -1;
	}
	if (smfi_setconn((char *)socket) != MI_SUCCESS) {
		snprintf(err, errlen, "bad socket \"%s\"", socket);
		return -1;
	}
	return 0;
}

/* New messages are turned away from now on. */
void
milter_stopping(void)
{
	__atomic_store_n(&milter_is_stopping, 1, __ATOMIC_SEQ_CST);
}

/* How many messages are between MAIL FROM and their end. */
int
milter_active(void)
{
	return __atomic_load_n(&milter_nmsgs, __ATOMIC_SEQ_CST);
}
