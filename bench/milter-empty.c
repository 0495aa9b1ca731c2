/* milter-empty.c - an empty libmilter filter, the baselines for bench/run.
 *
 * It accepts every message and does nothing else, but it carries the same
 * two TCP fixes as postdesk so the comparison measures postdesk's work and
 * not libmilter's stalls: an xxfi_data callback (without one Postfix sends
 * the DATA macros with nothing after them and the first header waits for
 * a delayed ACK), and TCP_NODELAY on the listening socket (accepted
 * sockets inherit it; libmilter writes its final reply in two writes).
 *
 * With -s URL it is also the floor of a gateway that confirms every mail:
 * right after the end of each message with a sender, one mail of -l bytes
 * goes to that sender from the null sender through URL (the same Postfix),
 * sent by one thread over one SMTP session kept open, the way postdesk's
 * notifier sends its confirmations.  Mail from the null sender (those
 * confirmations coming back through the filter) makes none.  Each time
 * its queue runs empty it prints "idle sent N failed N" on stdout.
 *
 * With -e it also does what the MTA sees postdesk do to a mail that opens
 * a ticket, and nothing else: it takes the headers (unanswered, as
 * postdesk negotiates them) and the body, and at the end of the message
 * adds X-Postdesk-Ticket, X-Postdesk-Action, Reply-To and
 * X-Postdesk-Requester and changes the Subject: the floor of a gateway
 * that marks every mail for the support mailbox, before any parsing or
 * storing.
 *
 * With -d CONNINFO as well, it keeps each whole mail (its headers as
 * received, and its body) and stores it at the end of the message with
 * one INSERT, committed on its own, into a table of its own in that
 * PostgreSQL: the floor of a gateway that stores every mail durably,
 * before anything else it does.
 *
 * Usage: milter-empty [-u] [-e [-d CONNINFO]] -p SOCKET
 *            [-s SMTP_URL [-l BYTES]]
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmilter/mfapi.h>
#include <libpq-fe.h>

#include "common/buf.h"
#include "common/net.h"
#include "common/xalloc.h"
#include "notifier/notifier.h"

/* The mails to send (-s): recipients queued by the callbacks, taken by
 * the sending thread. */
static struct outq {
	pthread_mutex_t	 q_lock;
	pthread_cond_t	 q_cond;
	char		**q_v;
	size_t		 q_head, q_n, q_cap;
	const char	*q_url;
	size_t		 q_len;		/* bytes of each mail */
	unsigned long	 q_sent, q_failed;
} outq = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0,
    0, 0, NULL, 2048, 0, 0 };

/* Queues one mail to rcpt (taken). */
static void
outq_push(char *rcpt)
{
	pthread_mutex_lock(&outq.q_lock);
	if (outq.q_head > 0 && outq.q_head == outq.q_n) {
		outq.q_head = 0;
		outq.q_n = 0;
	}
	if (outq.q_n == outq.q_cap) {
		outq.q_cap = outq.q_cap ? outq.q_cap * 2 : 256;
		outq.q_v = xreallocarray(outq.q_v, outq.q_cap,
		    sizeof(*outq.q_v));
	}
	outq.q_v[outq.q_n++] = rcpt;
	pthread_cond_signal(&outq.q_cond);
	pthread_mutex_unlock(&outq.q_lock);
}

/* The next recipient, waiting for one (malloc'd). */
static char *
outq_pop(void)
{
	char *rcpt;

	pthread_mutex_lock(&outq.q_lock);
	while (outq.q_head == outq.q_n)
		pthread_cond_wait(&outq.q_cond, &outq.q_lock);
	rcpt = outq.q_v[outq.q_head++];
	pthread_mutex_unlock(&outq.q_lock);
	return rcpt;
}

/* A confirmation-like mail of about len bytes to rcpt, numbered n. */
static void
outq_message(struct buf *b, const char *rcpt, unsigned long n, size_t len)
{
	static const char line[] = "Thank you for your mail: we have it and "
	    "answer within a day.\r\n";

	b->b_len = 0;
	buf_addf(b, "From: Support <support@support.example.test>\r\n"
	    "To: <%s>\r\nSubject: [Ticket#%lu] we have your request\r\n"
	    "Message-ID: <bench.%lu.%ld@support.example.test>\r\n"
	    "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n", rcpt,
	    10000 + n, n, (long)getpid());
	while (b->b_len + sizeof(line) - 1 <= len)
		buf_add(b, line, sizeof(line) - 1);
	buf_add(b, "", 0);
	b->b_len--;
}

/* The sending thread: one SMTP session, one mail at a time. */
static void *
outq_main(void *arg)
{
	struct smtp_session *smtp = arg;
	struct buf msg = BUF_INIT;
	char err[512], *rcpt;
	unsigned long n = 0;

	for (;;) {
		rcpt = outq_pop();
		outq_message(&msg, rcpt, ++n, outq.q_len);
		if (smtp_send(smtp, "", rcpt, msg.b_data, msg.b_len, err,
		    sizeof(err)) == NOTIFY_OK)
			outq.q_sent++;
		else if (outq.q_failed++ < 10)
			fprintf(stderr, "milter-empty: %s: %s\n", rcpt, err);
		free(rcpt);
		pthread_mutex_lock(&outq.q_lock);
		if (outq.q_head == outq.q_n) {
			printf("idle sent %lu failed %lu\n", outq.q_sent,
			    outq.q_failed);
			fflush(stdout);
		}
		pthread_mutex_unlock(&outq.q_lock);
	}
	return NULL;
}

/* MAIL FROM (-s only): keeps the sender, unless it is the null sender. */
static sfsistat
empty_envfrom(SMFICTX *ctx, char **argv)
{
	const char *a = argv[0] != NULL ? argv[0] : "";
	size_t n;

	free(smfi_getpriv(ctx));
	smfi_setpriv(ctx, NULL);
	if (*a == '<')
		a++;
	n = strcspn(a, ">");
	if (n > 0)
		smfi_setpriv(ctx, xstrndup(a, n));
	return SMFIS_CONTINUE;
}

/* Every stage: carry on. */
static sfsistat
empty_data(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

/* A chunk of body: nothing to keep. */
static sfsistat
empty_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return SMFIS_CONTINUE;
}

/* -e: the headers postdesk adds or changes on a mail that opens a
 * ticket. */
static void
postdesk_edits(SMFICTX *ctx)
{
	smfi_addheader(ctx, "X-Postdesk-Ticket", " 10001");
	smfi_addheader(ctx, "X-Postdesk-Action", " created");
	smfi_chgheader(ctx, "Subject", 1, " [Ticket#10001] bench");
	smfi_addheader(ctx, "Reply-To", " support+t10001.a1b2c3d4e5f6@"
	    "support.example.test");
	smfi_addheader(ctx, "X-Postdesk-Requester", " customer@"
	    "client.example.test");
}

/* The connections of -d, one per milter thread at most, kept. */
#define DB_CONNS	16
static struct {
	pthread_mutex_t	 d_lock;
	PGconn		*d_free[DB_CONNS];
	int		 d_nfree;
	const char	*d_conninfo;
} db = { PTHREAD_MUTEX_INITIALIZER, { NULL }, 0, NULL };

/* -d: a connection, kept or new; NULL when the server cannot be had. */
static PGconn *
db_get(void)
{
	PGconn *c = NULL;

	pthread_mutex_lock(&db.d_lock);
	if (db.d_nfree > 0)
		c = db.d_free[--db.d_nfree];
	pthread_mutex_unlock(&db.d_lock);
	if (c == NULL)
		c = PQconnectdb(db.d_conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "milter-empty: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* -d: keeps a connection for the next mail. */
static void
db_put(PGconn *c)
{
	pthread_mutex_lock(&db.d_lock);
	if (db.d_nfree < DB_CONNS)
		db.d_free[db.d_nfree++] = c;
	else
		PQfinish(c);
	pthread_mutex_unlock(&db.d_lock);
}

/* -d: stores the mail in one INSERT, committed; -1 when it fails. */
static int
db_store(const struct buf *m)
{
	const char *val[1] = { m->b_data };
	int len[1] = { (int)m->b_len }, fmt[1] = { 1 }, ok;
	PGconn *c;
	PGresult *r;

	if ((c = db_get()) == NULL)
		return -1;
	r = PQexecParams(c, "INSERT INTO bench_mail (data) VALUES ($1)", 1,
	    NULL, val, len, fmt, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "milter-empty: %s", PQerrorMessage(c));
	PQclear(r);
	db_put(c);
	return ok ? 0 : -1;
}

/* -d: the table the mails go to. */
static int
db_setup(const char *conninfo)
{
	PGconn *c;
	PGresult *r;
	int ok;

	db.d_conninfo = conninfo;
	if ((c = db_get()) == NULL)
		return -1;
	r = PQexec(c, "CREATE TABLE IF NOT EXISTS bench_mail (id bigserial "
	    "PRIMARY KEY, data bytea NOT NULL)");
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	db_put(c);
	return ok ? 0 : -1;
}

/* -d: the mail of a connection, made on first use. */
static struct buf *
db_mail(SMFICTX *ctx)
{
	struct buf *m = smfi_getpriv(ctx);

	if (m == NULL) {
		m = xcalloc(1, sizeof(*m));
		smfi_setpriv(ctx, m);
	}
	return m;
}

/* -d: a header, kept as it came, unanswered. */
static sfsistat
keep_header(SMFICTX *ctx, char *name, char *value)
{
	struct buf *m = db_mail(ctx);

	buf_addf(m, "%s: %s\r\n", name, value);
	return SMFIS_NOREPLY;
}

/* -d: the end of headers, unanswered. */
static sfsistat
keep_eoh(SMFICTX *ctx)
{
	buf_add(db_mail(ctx), "\r\n", 2);
	return SMFIS_NOREPLY;
}

/* -d: a chunk of body, kept, unanswered. */
static sfsistat
keep_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	buf_add(db_mail(ctx), p, n);
	return SMFIS_NOREPLY;
}

/* -d: the mail stored, then postdesk's edits; 451 when it cannot be. */
static sfsistat
keep_eom(SMFICTX *ctx)
{
	struct buf *m = db_mail(ctx);
	int rc = db_store(m);

	m->b_len = 0;
	if (rc < 0) {
		smfi_setreply(ctx, "451", "4.3.0", "cannot store");
		return SMFIS_TEMPFAIL;
	}
	postdesk_edits(ctx);
	return SMFIS_CONTINUE;
}

/* -d: the mail given up, or the connection closed. */
static sfsistat
keep_abort(SMFICTX *ctx)
{
	struct buf *m = smfi_getpriv(ctx);

	if (m != NULL) {
		buf_free(m);
		free(m);
		smfi_setpriv(ctx, NULL);
	}
	return SMFIS_CONTINUE;
}

/* -e: asks for no replies to headers, their end and the body. */
static sfsistat
edit_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	(void)ctx;
	(void)f2;
	(void)f3;
	*pf0 = f0 & (SMFIF_ADDHDRS | SMFIF_CHGHDRS);
	*pf1 = f1 & (SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOUNKNOWN |
	    SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY);
	*pf2 = 0;
	*pf3 = 0;
	return SMFIS_CONTINUE;
}

/* -e: a header, unanswered. */
static sfsistat
edit_header(SMFICTX *ctx, char *name, char *value)
{
	(void)ctx;
	(void)name;
	(void)value;
	return SMFIS_NOREPLY;
}

/* -e: the end of headers, unanswered. */
static sfsistat
edit_eoh(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_NOREPLY;
}

/* -e: a chunk of body, unanswered. */
static sfsistat
edit_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return SMFIS_NOREPLY;
}

/* End of message: accept it unchanged; with -s, queue its mail out. */
static sfsistat
empty_eom(SMFICTX *ctx)
{
	char *sender = smfi_getpriv(ctx);

	if (sender != NULL) {
		smfi_setpriv(ctx, NULL);
		outq_push(sender);
	}
	return SMFIS_ACCEPT;
}

/* -e: the edits postdesk makes to a mail that opens a ticket; with -s,
 * its mail out. */
static sfsistat
edit_eom(SMFICTX *ctx)
{
	postdesk_edits(ctx);
	(void)empty_eom(ctx);
	return SMFIS_CONTINUE;
}

/* A message given up, or the connection closed: forget its sender. */
static sfsistat
empty_abort(SMFICTX *ctx)
{
	free(smfi_getpriv(ctx));
	smfi_setpriv(ctx, NULL);
	return SMFIS_CONTINUE;
}

static struct smfiDesc empty_desc = {
	.xxfi_name = "milter-empty",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = 0,
	.xxfi_body = empty_body,
	.xxfi_eom = empty_eom,
	.xxfi_data = empty_data,
};

/* Starts the sending thread of -s; -1 when it cannot. */
static int
outq_start(const char *url)
{
	struct smtp_session *smtp;
	pthread_t th;

	if (notifier_global_init() < 0 ||
	    (smtp = smtp_session_new(url)) == NULL)
		return -1;
	if (pthread_create(&th, NULL, outq_main, smtp) != 0)
		return -1;
	empty_desc.xxfi_envfrom = empty_envfrom;
	empty_desc.xxfi_abort = empty_abort;
	empty_desc.xxfi_close = empty_abort;
	return 0;
}

/* Opens the socket, sets TCP_NODELAY on it and serves until killed.
 * -u: as libmilter filters are usually written (no xxfi_data callback,
 * no TCP_NODELAY), to show what the two fixes are worth. */
int
main(int argc, char **argv)
{
	const char *sock = NULL, *url = NULL, *conninfo = NULL;
	int c, usual = 0;

	while ((c = getopt(argc, argv, "d:el:p:s:u")) != -1) {
		if (c == 'd')
			conninfo = optarg;
		else if (c == 'e') {
			empty_desc.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS;
			empty_desc.xxfi_negotiate = edit_negotiate;
			empty_desc.xxfi_header = edit_header;
			empty_desc.xxfi_eoh = edit_eoh;
			empty_desc.xxfi_body = edit_body;
			empty_desc.xxfi_eom = edit_eom;
		} else if (c == 'p')
			sock = optarg;
		else if (c == 'u')
			usual = 1;
		else if (c == 's')
			url = optarg;
		else if (c == 'l')
			outq.q_len = (size_t)strtoul(optarg, NULL, 10);
		else
			goto usage;
	}
	if (usual)
		empty_desc.xxfi_data = NULL;
	if (conninfo != NULL) {
		if (empty_desc.xxfi_eom != edit_eom || url != NULL)
			goto usage;
		if (db_setup(conninfo) < 0)
			return 1;
		empty_desc.xxfi_header = keep_header;
		empty_desc.xxfi_eoh = keep_eoh;
		empty_desc.xxfi_body = keep_body;
		empty_desc.xxfi_eom = keep_eom;
		empty_desc.xxfi_abort = keep_abort;
		empty_desc.xxfi_close = keep_abort;
	}
	if (sock == NULL)
		goto usage;
	if (url != NULL && outq_start(url) < 0) {
		fprintf(stderr, "milter-empty: cannot send through %s\n", url);
		return 1;
	}
	if (strncmp(sock, "unix:", 5) == 0 || sock[0] == '/')
		unlink(sock[0] == '/' ? sock : sock + 5);
	if (smfi_setconn((char *)sock) == MI_FAILURE ||
	    smfi_register(empty_desc) == MI_FAILURE ||
	    smfi_opensocket(1) == MI_FAILURE) {
		fprintf(stderr, "milter-empty: cannot listen on %s\n", sock);
		return 1;
	}
	if (!usual && strncmp(sock, "inet", 4) == 0 && net_nodelay_listeners() <= 0) {
		fprintf(stderr, "milter-empty: cannot set TCP_NODELAY\n");
		return 1;
	}
	return smfi_main() == MI_SUCCESS ? 0 : 1;
usage:
	fprintf(stderr, "usage: milter-empty [-u] [-e [-d CONNINFO]] "
	    "-p SOCKET [-s SMTP_URL [-l BYTES]]\n");
	return 2;
}
