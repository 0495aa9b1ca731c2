/* intake.c - the pipeline: parse, redact, decide, store, all or nothing.
 *
 * One mail is one database transaction: the duplicate check, the threading
 * look-ups, the ticket, the message, its attachments and the outbox rows of
 * the mails it calls for are committed together or not at all.  A SOFT
 * failure (database away, serialization failure) is retried a few times
 * within a bounded time, then answered "try again".
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "common/addr.h"
#include "common/digest.h"
#include "common/msgbuf.h"
#include "common/xalloc.h"
#include "intake/intake_int.h"


/* Builds an intake around a config snapshot. */
struct intake *
intake_new(struct conf *cf, struct store_pool *pool, char *err,
    size_t errlen)
{
	struct intake *in;
	const char *dom;

	if (ticket_conf_check(cf, err, errlen) < 0)
		return NULL;
	in = xcalloc(1, sizeof(*in));
	in->in_rd = redactor_new((const char *const *)cf->cf_redact_rules.sl_v,
	    cf->cf_redact_rules.sl_n, err, errlen);
	if (in->in_rd == NULL) {
		free(in);
		return NULL;
	}
	in->in_conf = conf_ref(cf);
	in->in_pool = pool;
	intake_gc_init(&in->in_gc, (int)(cf->cf_db_writers <
	    cf->cf_db_pool_size ? cf->cf_db_writers : cf->cf_db_pool_size));
	in->in_tmpl = tmpl_cache_new();
	dom = addr_domain(cf->cf_from_address);
	snprintf(in->in_domain, sizeof(in->in_domain), "%s",
	    dom != NULL && *dom != '\0' ? dom : "postdesk.invalid");
	return in;
}

/* Releases the intake (not the pool). */
void
intake_free(struct intake *in)
{
	if (in == NULL)
		return;
	redactor_free(in->in_rd);
	conf_unref(in->in_conf);
	intake_gc_free(&in->in_gc);
	tmpl_cache_free(in->in_tmpl);
	free(in);
}

/* Who wakes the outbox workers after a commit that queued mail. */
void
intake_set_wake(struct intake *in, void (*wake)(void))
{
	in->in_wake = wake;
}

/* Whether a message of size bytes is over max_message_size. */
int
intake_too_big(const struct intake *in, uintmax_t size)
{
	return size > (uintmax_t)in->in_conf->cf_max_message_size;
}

/* A message's bytes as they arrive: in memory up to spill_threshold,
 * then in a temp file in tmpdir. */
void
intake_buf_init(const struct intake *in, struct msgbuf *mb)
{
	msgbuf_init(mb, (size_t)in->in_conf->cf_spill_threshold,
	    in->in_conf->cf_tmpdir);
}

/* Adds bytes of a message; past max_message_size they are dropped (one
 * byte more is kept, so that intake_message() refuses it).  -1 with
 * errno set when the temp file cannot be written. */
int
intake_buf_add(const struct intake *in, struct msgbuf *mb, const void *p,
    size_t n)
{
	size_t keep = (size_t)in->in_conf->cf_max_message_size + 1;

	if (mb->mb_len >= keep)
		return 0;
	if (n > keep - mb->mb_len)
		n = keep - mb->mb_len;
	return n > 0 ? msgbuf_add(mb, p, n) : 0;
}

/* The snapshot this intake works with. */
const struct conf *
intake_conf(const struct intake *in)
{
	return in->in_conf;
}

/* The domain our Message-IDs carry. */
const char *
intake_domain(const struct intake *in)
{
	return in->in_domain;
}

/* 1 when a recipient is a support address. */
int
intake_wants(const struct intake *in, const char *const *rcpts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr_match_list(&in->in_conf->cf_support_addresses,
		    rcpts[i]))
			return 1;
	return 0;
}

/* Whether a reply address (+t<number>.<token>) may be a recipient. */
enum intake_rcpt
intake_rcpt_check(const struct intake *in, const char *rcpt)
{
	enum store_status st;
	struct store *s;
	char err[256];
	long n;

	switch (ticket_detail_of(rcpt, in->in_conf, &n)) {
	case TDET_FORGED:
		return IR_UNKNOWN;
	case TDET_REPLY:
		break;
	default:
		return IR_OK;
	}
	if (in->in_pool == NULL)
		return IR_OK;		/* no database here: intake decides */
	if ((s = store_pool_get(in->in_pool, err, sizeof(err))) == NULL)
		return IR_SOFT;
	st = store_ticket_exists(s, n);
	store_pool_put(in->in_pool, s);
	return st == STORE_ONE ? IR_OK : st == STORE_NONE ? IR_UNKNOWN :
	    IR_SOFT;
}

/* Names of the actions as printed and stored. */
const char *
intake_action_name(enum intake_action a)
{
	static const char *const names[] = { "created", "appended",
	    "duplicate", "ignored", "answered", "rejected" };

	return (unsigned)a < 6 ? names[a] : "unknown";
}

/* The non-zero counts as a JSON object, {"password":1,...} (malloc'd),
 * for the messages' redactions column. */
char *
intake_counts_json(const struct redact_counts *c)
{
	json_t *o = json_object();
	char *s;
	int k;

	for (k = 0; k < RK__MAX; k++)
		if (c->rc_n[k] > 0)
			json_object_set_new(o, redact_kind_name(k),
			    json_integer(c->rc_n[k]));
	if ((s = json_dumps(o, JSON_COMPACT)) == NULL)
		abort();	/* out of memory */
	json_decref(o);
	return s;
}

/* Fills a "try again" verdict. */
static enum intake_status
intake_soft(struct intake_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->ir_reason, sizeof(r->ir_reason), fmt, ap);
	va_end(ap);
	snprintf(r->ir_smtp_code, sizeof(r->ir_smtp_code), "451");
	snprintf(r->ir_dsn, sizeof(r->ir_dsn), "4.3.0");
	return INTAKE_SOFT;
}

/* Fills the "try again" verdict of a configuration error. */
static enum intake_status
intake_config_error(struct intake_result *r, const char *err)
{
	snprintf(r->ir_reason, sizeof(r->ir_reason), "configuration error: "
	    "%s", err);
	snprintf(r->ir_smtp_code, sizeof(r->ir_smtp_code), "451");
	snprintf(r->ir_dsn, sizeof(r->ir_dsn), "4.3.5");
	r->ir_config = 1;
	return INTAKE_SOFT;
}

/* Fills a rejection. */
static enum intake_status
intake_hard(struct intake_result *r, const char *code, const char *dsn,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->ir_reason, sizeof(r->ir_reason), fmt, ap);
	va_end(ap);
	snprintf(r->ir_smtp_code, sizeof(r->ir_smtp_code), "%s", code);
	snprintf(r->ir_dsn, sizeof(r->ir_dsn), "%s", dsn);
	r->ir_action = IA_REJECTED;
	return INTAKE_HARD;
}

/* mail_rewrite() callback: the redactor over one text. */
static char *
intake_redact_cb(const char *text, size_t len, void *arg)
{
	struct intake_job *j = arg;

	return redact_text_subj(j->j_in->in_rd, text, len,
	    j->j_mail->m_subject, &j->j_res->ir_counts);
}

/* The body of a raw message: what follows the first empty line. */
static const char *
intake_body_of(const char *raw, size_t len, size_t *blen)
{
	const char *p;

	for (p = raw; p < raw + len; p++) {
		if (p[0] != '\n')
			continue;
		if (p + 1 < raw + len && p[1] == '\n') {
			p += 2;
			break;
		}
		if (p + 2 < raw + len && p[1] == '\r' && p[2] == '\n') {
			p += 3;
			break;
		}
	}
	*blen = p < raw + len ? (size_t)(raw + len - p) : 0;
	return p < raw + len ? p : raw + len;
}

/* Redacts the whole raw text of a mail GMime could not read. */
static void
intake_redact_raw(struct intake_job *j)
{
	struct buf b = BUF_INIT;
	char *red;

	mail_write(j->j_mail, &b);
	red = redact_text(j->j_in->in_rd, b.b_data != NULL ? b.b_data : "",
	    b.b_len, &j->j_res->ir_counts);
	if (red != NULL) {
		buf_free(&b);
		buf_adds(&b, red);
		free(red);
	}
	j->j_raw = b;
}

/* Joins the parser's warnings into one string, or NULL. */
static char *
intake_warnings(const struct mail *m)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (m->m_nwarnings == 0)
		return NULL;
	for (i = 0; i < m->m_nwarnings && b.b_len < 4000; i++)
		buf_addf(&b, "%s%s", i ? "; " : "", m->m_warnings[i]);
	return buf_steal(&b);
}

/* The redacted copy of a big mail goes to a temp file, not memory (the
 * store reads it from there in pieces); its SHA-256 comes with the
 * writing.  A file that cannot be written is a "try again". */
static int
intake_raw_file(struct intake_job *j, char *sha)
{
	const struct conf *cf = j->j_in->in_conf;
	off_t n;

	if ((j->j_raw_fd = msgbuf_tmpfile(cf->cf_tmpdir)) < 0 ||
	    (n = mail_write_fd(j->j_mail, j->j_raw_fd, sha)) < 0) {
		intake_soft(j->j_res, "cannot write the copy to be stored "
		    "in %s: %s", cf->cf_tmpdir, strerror(errno));
		return -1;
	}
	j->j_raw_len = (size_t)n;
	return 0;
}

/* The redacted body a big mail is delivered with, in a temp file made
 * before anything is stored, so that a file that cannot be written is a
 * "try again" and not a ticket whose mail goes out unredacted. */
static int
intake_body_file(struct intake_job *j)
{
	const struct conf *cf = j->j_in->in_conf;

	if ((j->j_body_fd = msgbuf_tmpfile(cf->cf_tmpdir)) < 0 ||
	    mail_write_body_fd(j->j_mail, j->j_body_fd) < 0) {
		intake_soft(j->j_res, "cannot write the redacted body in %s: "
		    "%s", cf->cf_tmpdir, strerror(errno));
		return -1;
	}
	return 0;
}

/* The details the customer's new text gives (quotes of our own mail
 * do not count; only its first INTAKE_JUDGED bytes, what a customer
 * writes first), and the type and language a new ticket would have. */
static void
intake_found(struct intake_job *j)
{
	const struct mail *m = j->j_mail;
	const struct intake_env *env = j->j_env;
	char *fresh = xstrndup(m->m_text, m->m_new_len < INTAKE_JUDGED ?
	    m->m_new_len : INTAKE_JUDGED);

	j->j_found = ticket_details_found(fresh,
	    (const char *const *)j->j_orders, (const char *const *)j->j_links);
	j->j_issue = ticket_issue_of(j->j_made != NULL ? j->j_made :
	    m->m_subject, fresh, env->ie_rcpts, env->ie_nrcpts,
	    j->j_in->in_conf);
	j->j_missing = ticket_details_required(j->j_issue, j->j_in->in_conf) &
	    ~j->j_found;
	j->j_lang = ticket_language(fresh, m->m_content_language,
	    env->ie_rcpts, env->ie_nrcpts, j->j_in->in_conf);
	free(fresh);
}

/* 1 when m says nothing after its commands (text up to off): no new
 * text before any quote or signature, and no file. */
static int
intake_says_nothing(const struct mail *m, size_t off)
{
	size_t i;

	if (m->m_natt > 0)
		return 0;
	for (i = off; i < m->m_new_len; i++)
		if (!isspace((unsigned char)m->m_text[i]))
			return 0;
	return 1;
}

/* Redacts, serialises and classifies: everything before the database.
 * A mail of size bytes over spill_threshold is written to a temp file
 * (but a bounce, which is searched in memory for our Message-IDs, and an
 * unparseable mail, which is redacted as one text), and so is the body it
 * is delivered with when something was redacted.  -1 with the result
 * filled when such a file cannot be written. */
static int
intake_prepare(struct intake_job *j, size_t size)
{
	const struct conf *cf = j->j_in->in_conf;
	struct mail *m = j->j_mail;
	char hex[DIGEST_HEX_LEN] = "";

	if (m->m_flags & MAIL_F_UNPARSEABLE)
		intake_redact_raw(j);
	else
		mail_rewrite(m, intake_redact_cb, j);
	j->j_auto = ticket_auto_class(m, j->j_env->ie_sender,
	    cf->cf_from_address);
	if (!(m->m_flags & MAIL_F_UNPARSEABLE)) {
		if (size <= (size_t)cf->cf_spill_threshold ||
		    j->j_auto == AC_BOUNCE)
			mail_write(m, &j->j_raw);
		else if (intake_raw_file(j, hex) < 0)
			return -1;
		else if (redact_total(&j->j_res->ir_counts) > 0 &&
		    cf->cf_redact_delivered && intake_body_file(j) < 0)
			return -1;
	}
	if (j->j_raw.b_data == NULL && j->j_raw_fd < 0)
		buf_adds(&j->j_raw, "");
	j->j_redactions = intake_counts_json(&j->j_res->ir_counts);
	j->j_warnings = intake_warnings(m);
	if (m->m_message_id != NULL && *m->m_message_id != '\0')
		j->j_key = xstrndup(m->m_message_id, 900);
	else {
		if (j->j_raw_fd < 0)
			digest_sha256_hex(j->j_raw.b_data, j->j_raw.b_len,
			    hex);
		j->j_key = xasprintf("sha256:%s", hex);
	}
	j->j_from = *m->m_from.a_addr != '\0' ? m->m_from.a_addr :
	    j->j_env->ie_sender;
	j->j_from_name = m->m_from.a_name;
	j->j_agent = j->j_env->ie_ticket > 0 || ticket_is_agent(j->j_from, cf);
	j->j_trusted = j->j_env->ie_ticket > 0 || (j->j_agent &&
	    ticket_agent_trusted(m, j->j_from, j->j_env->ie_auth_authen, cf));
	j->j_ncmds = ticket_commands(m->m_text, j->j_cmds, 8, &j->j_body_off);
	if (j->j_ncmds > 0 && !j->j_trusted) {
		/* a command from someone we cannot trust stays plain text */
		if (j->j_agent)
			j->j_res->ir_suspicious = 1;
		j->j_cmds_refused = 1;
		j->j_ncmds = 0;
		j->j_body_off = 0;
	}
	j->j_note = j->j_env->ie_note;
	/* a merge is internal: the customer gets the merge notice */
	for (size_t i = 0; i < j->j_ncmds; i++)
		if (j->j_cmds[i].tc_kind == TC_NOTE ||
		    j->j_cmds[i].tc_kind == TC_MERGE)
			j->j_note = 1;
	/* so is a mail of commands alone ("#priority high"): it says
	 * nothing to the customer, so it is neither relayed nor an answer */
	if (j->j_ncmds > 0 && intake_says_nothing(m, j->j_body_off))
		j->j_note = 1;
	j->j_orders = ticket_order_ids(m->m_text);
	j->j_links = ticket_links(m->m_text);
	/* a quoted tag of another ticket of ours is no part of a new one */
	j->j_untagged = tag_strip(m->m_subject, cf->cf_tag_prefix);
	if (*tag_skip_prefixes(j->j_untagged) == '\0')
		j->j_made = ticket_subject_from_text(m->m_text, m->m_new_len);
	j->j_close = !j->j_agent && ticket_customer_close(m->m_text);
	j->j_list = intake_is_list(j->j_in, j->j_env);
	intake_found(j);
	return 0;
}

/* Releases what intake_job_prepare() made (not the mail). */
void
intake_job_free(struct intake_job *j)
{
	free(j->j_orig);
	free(j->j_made);
	free(j->j_untagged);
	buf_free(&j->j_raw);
	if (j->j_raw_fd >= 0)
		close(j->j_raw_fd);
	if (j->j_body_fd >= 0)
		close(j->j_body_fd);
	free(j->j_key);
	free(j->j_redactions);
	free(j->j_warnings);
	strv_free(j->j_orders);
	strv_free(j->j_links);
}

/* The subject for the delivered copy, or NULL when it stays. */
static char *
intake_delivered_subject(struct intake_job *j, const char *orig)
{
	const struct conf *cf = j->j_in->in_conf;
	char *tagged, *v;

	if (j->j_res->ir_ticket == 0)
		tagged = xstrdup(j->j_mail->m_subject);
	else if (j->j_res->ir_action == IA_CREATED)	/* only its own tag */
		tagged = tag_subject(j->j_made != NULL ? j->j_made :
		    j->j_untagged, cf->cf_tag_prefix, j->j_res->ir_ticket);
	else
		tagged = tag_subject(j->j_mail->m_subject, cf->cf_tag_prefix,
		    j->j_res->ir_ticket);
	if (strcmp(tagged, orig) == 0) {
		free(tagged);
		return NULL;
	}
	v = mail_header_encode("Subject", tagged);
	free(tagged);
	return v;
}

/* Reply-To and X-Postdesk-Requester of the copy the support mailbox
 * gets: a plain Reply from there goes to the ticket's reply address.
 * Only when every recipient is a support address: a milter edits the
 * message for all of them, and a colleague in the same transaction keeps
 * the mail as the customer wrote it. */
static void
intake_delivered_reply_to(struct intake_job *j)
{
	const struct intake_env *env = j->j_env;
	const struct mail *m = j->j_mail;
	const struct mail_addr *req;
	char *ra;
	size_t i;

	if (!j->j_in->in_conf->cf_support_copy_reply_to ||
	    j->j_res->ir_ticket == 0 || j->j_auto == AC_BOUNCE)
		return;
	for (i = 0; i < env->ie_nrcpts; i++)
		if (!addr_match_list(&j->j_in->in_conf->cf_support_addresses,
		    env->ie_rcpts[i]))
			return;
	if (env->ie_nrcpts > 0) {
		ra = ticket_reply_address(j->j_in->in_conf->cf_hmac_secret,
		    env->ie_rcpts[0], j->j_res->ir_ticket);
		j->j_res->ir_reply_to = mail_header_address(NULL, ra);
		free(ra);
	}
	if (j->j_agent || j->j_res->ir_reply_to == NULL)
		return;
	req = *m->m_reply_to.a_addr != '\0' ? &m->m_reply_to : &m->m_from;
	if (*req->a_addr != '\0')
		j->j_res->ir_requester = mail_header_address(req->a_name,
		    req->a_addr);
}

/* The redacted body for the delivered copy, when something was removed:
 * a big mail's is in its temp file already (or not wanted). */
static void
intake_delivered_body(struct intake_job *j)
{
	struct intake_result *r = j->j_res;
	const char *body;
	size_t blen;

	if (redact_total(&r->ir_counts) == 0)
		return;
	if (j->j_body_fd >= 0) {
		r->ir_body_file = 1;
		r->ir_body_fd = j->j_body_fd;
		j->j_body_fd = -1;
	} else if (j->j_raw_fd >= 0)
		return;
	else if (j->j_mail->m_flags & MAIL_F_UNPARSEABLE) {
		body = intake_body_of(j->j_raw.b_data, j->j_raw.b_len, &blen);
		buf_add(&r->ir_body, body, blen);
	} else
		mail_write_body(j->j_mail, &r->ir_body);
	r->ir_body_changed = 1;
}

/* Sets up a job for a parsed mail of size bytes and does everything
 * before the database; -1 (the result filled) when a temp file it needs
 * cannot be written.  Free the job either way. */
int
intake_job_prepare(struct intake_job *j, struct intake *in,
    const struct intake_env *env, struct mail *m, size_t size,
    struct intake_result *r)
{
	memset(j, 0, sizeof(*j));
	j->j_in = in;
	j->j_env = env;
	j->j_mail = m;
	j->j_res = r;
	j->j_raw_fd = -1;
	j->j_body_fd = -1;
	j->j_orig = xstrdup(m->m_subject);
	return intake_prepare(j, size);
}

/* The verdict on a mail from the store's last word on it; with
 * delivered, also what the delivered copy should carry. */
enum intake_status
intake_job_finish(struct intake_job *j, enum store_status st,
    const char *err, int delivered)
{
	struct intake_result *r = j->j_res;

	if (st == STORE_ONE && delivered) {
		free(r->ir_subject);
		r->ir_subject = intake_delivered_subject(j, j->j_orig);
		free(r->ir_reply_to);
		free(r->ir_requester);
		r->ir_reply_to = r->ir_requester = NULL;
		intake_delivered_reply_to(j);
		buf_reset(&r->ir_body);
		r->ir_body_changed = 0;
		intake_delivered_body(j);
	}
	if (st != STORE_ONE && j->j_conf_err)
		return intake_config_error(r, err);
	if (st == STORE_SOFT)
		return intake_soft(r, "ticket store unavailable: %s", err);
	if (st < 0)
		return intake_soft(r, "ticket store error: %s", err);
	return INTAKE_OK;
}

/* Runs the pipeline on a parsed mail of size bytes: stored with the
 * mails of other threads (intake_group.c) unless a group cannot take
 * it. */
static enum intake_status
intake_run(struct intake *in, const struct intake_env *env, struct mail *m,
    size_t size, struct intake_result *r)
{
	struct intake_job j;
	enum store_status st;
	enum intake_status rc;
	char err[256];

	if (intake_job_prepare(&j, in, env, m, size, r) < 0)
		rc = INTAKE_SOFT;
	else {
		if (intake_group_alone(&j))
			st = intake_job_store(&j, err, sizeof(err));
		else
			st = intake_group_commit(&j, size, err, sizeof(err));
		rc = intake_job_finish(&j, st, err, 1);
	}
	intake_job_free(&j);
	return rc;
}

/* Sets up a result before anything can fail. */
static void
intake_result_init(struct intake_result *r)
{
	memset(r, 0, sizeof(*r));
	r->ir_action = IA_IGNORED;
}

/* Whether a message of size bytes to these recipients goes through the
 * pipeline: 1, or 0 with the verdict in *rc (not ours: OK; too big:
 * 552). */
static int
intake_admit(struct intake *in, const struct intake_env *env,
    uintmax_t size, struct intake_result *r, enum intake_status *rc)
{
	intake_result_init(r);
	*rc = INTAKE_OK;
	if (!intake_wants(in, env->ie_rcpts, env->ie_nrcpts))
		return 0;
	if (intake_too_big(in, size)) {
		*rc = intake_hard(r, "552", "5.3.4", "message is larger than "
		    "%ld bytes", in->in_conf->cf_max_message_size);
		return 0;
	}
	return 1;
}

/* What intake_message does before the database, for a message in
 * memory: 1 and j prepared (the caller frees j and then j_mail), or 0
 * with the verdict in *rc. */
int
intake_job_mem(struct intake *in, const struct intake_env *env,
    const char *p, size_t n, struct intake_result *r, struct intake_job *j,
    enum intake_status *rc)
{
	if (!intake_admit(in, env, n, r, rc))
		return 0;
	if (intake_job_prepare(j, in, env, mail_parse_mem(p, n), n, r) < 0) {
		*rc = INTAKE_SOFT;
		intake_job_free(j);
		mail_free(j->j_mail);
		return 0;
	}
	return 1;
}

/* The pipeline on one raw message, in memory or spilled to its file. */
enum intake_status
intake_message(struct intake *in, const struct intake_env *env,
    struct msgbuf *mb, struct intake_result *r)
{
	enum intake_status rc;
	struct mail *m;
	int fd;

	if (!intake_admit(in, env, mb->mb_len, r, &rc))
		return rc;
	if (!msgbuf_spilled(mb))
		m = mail_parse_mem(mb->mb_mem.b_data != NULL ?
		    mb->mb_mem.b_data : "", mb->mb_mem.b_len);
	else if ((fd = msgbuf_fd(mb)) < 0 || (m = mail_parse_fd(fd)) == NULL)
		return intake_soft(r, "cannot read the spooled message");
	rc = intake_run(in, env, m, mb->mb_len, r);
	mail_free(m);
	return rc;
}

/* Releases what a result holds. */
void
intake_result_free(struct intake_result *r)
{
	free(r->ir_subject);
	r->ir_subject = NULL;
	free(r->ir_reply_to);
	free(r->ir_requester);
	r->ir_reply_to = r->ir_requester = NULL;
	buf_free(&r->ir_body);
	if (r->ir_body_file)
		close(r->ir_body_fd);
	r->ir_body_file = 0;
}
