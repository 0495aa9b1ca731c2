/* cmd_reply.c - postdeskctl reply and note: agents writing from the console.
 *
 * The text comes from --file, else stdin, else $VISUAL/$EDITOR on a temp
 * file when stdin is a terminal (lines starting with '#' are dropped, as
 * in git).  It may be plain text, which becomes the agent's mail to the
 * support address (threaded onto the customer's latest mail, the tag in
 * its subject; a note starts with "#note"), or a whole RFC 5322 message
 * with attachments.  Either goes through intake like an agent's mail from
 * the milter: the same redaction, ticket (the one named), commands,
 * status change, relay to the requester and participants, template and
 * Message-IDs.  A note is internal: nothing is sent.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/addr.h"
#include "common/xalloc.h"
#include "intake/intake.h"

/* Runs the editor on path; 0 when it exited 0. */
static int
run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	int status;
	pid_t pid;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path,
		    (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Drops '#' comment lines (editor text only). */
static void
drop_comments(struct buf *b)
{
	struct buf o = BUF_INIT;
	const char *p = b->b_data, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		e = e != NULL ? e + 1 : p + strlen(p);
		if (*p != '#')
			buf_add(&o, p, (size_t)(e - p));
		p = e;
	}
	buf_free(b);
	*b = o;
}

/* Reads the text of a reply or note; an exit status on failure. */
static int
read_text(const char *file, int note, long n, struct buf *b)
{
	const char *tmp = getenv("TMPDIR");
	char *tpl;
	int fd, rc = 0;

	if (file != NULL || !isatty(STDIN_FILENO)) {
		fd = file != NULL ? open(file, O_RDONLY) : STDIN_FILENO;
		if (fd < 0 || cli_read_fd(fd, b) < 0) {
			fprintf(stderr, "postdeskctl: %s: %s\n", file != NULL ?
			    file : "stdin", strerror(errno));
			rc = EX_NOINPUT;
		}
		if (fd > STDIN_FILENO)
			close(fd);
		return rc;
	}
	tpl = xasprintf("%s/postdeskctl-XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	if ((fd = mkstemp(tpl)) < 0) {
		fprintf(stderr, "postdeskctl: %s: %s\n", tpl, strerror(errno));
		free(tpl);
		return EX_CANTCREAT;
	}
	dprintf(fd, "\n# Write the %s for ticket %ld above.  Lines starting "
	    "with '#' are dropped;\n# an empty text cancels.\n",
	    note ? "internal note" : "reply to the customer", n);
	close(fd);
	if (run_editor(tpl) < 0) {
		fprintf(stderr, "postdeskctl: the editor failed; nothing "
		    "stored\n");
		rc = EX_UNAVAILABLE;
	} else if ((fd = open(tpl, O_RDONLY)) < 0 || cli_read_fd(fd, b) < 0) {
		fprintf(stderr, "postdeskctl: %s: %s\n", tpl, strerror(errno));
		rc = EX_IOERR;
	}
	if (fd >= 0)
		close(fd);
	unlink(tpl);
	free(tpl);
	drop_comments(b);
	return rc;
}

/* 1 when the text holds nothing but blanks. */
static int
blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* The agent from "Name <addr>" or "addr", read as a From header is; NULL
 * when it names no address.  Free with mail_free(). */
static struct mail *
reply_agent(const char *agent)
{
	struct buf b = BUF_INIT;
	struct mail *m;
	const char *p;

	buf_adds(&b, "From: ");
	for (p = agent; *p != '\0'; p++)
		buf_addc(&b, *p == '\r' || *p == '\n' ? ' ' : *p);
	buf_adds(&b, "\r\n\r\n");
	m = mail_parse_mem(b.b_data, b.b_len);
	buf_free(&b);
	if (m != NULL && strchr(m->m_from.a_addr, '@') == NULL) {
		mail_free(m);
		m = NULL;
	}
	return m;
}

/* The support address the agent's mail goes to: from_address when it is
 * one, else the first full address of support_addresses; NULL if none. */
static const char *
reply_rcpt(const struct intake *in, const struct conf *cf)
{
	const char *a = cf->cf_from_address;
	size_t i;

	if (a != NULL && intake_wants(in, &a, 1))
		return a;
	for (i = 0; i < cf->cf_support_addresses.sl_n; i++)
		if (cf->cf_support_addresses.sl_v[i][0] != '@')
			return cf->cf_support_addresses.sl_v[i];
	return NULL;
}

/* Whether data is a whole message (a header block with From or Subject
 * before its body): 1 with a From, 2 without; 0 for plain text. */
static int
reply_is_message(const char *data, size_t len)
{
	struct mail *m;
	size_t name = strcspn(data, ": \t\r\n");
	int r;

	if (name == 0 || data[name] != ':')
		return 0;
	m = mail_parse_mem(data, len);
	r = m != NULL && !(m->m_flags & MAIL_F_UNPARSEABLE) &&
	    (*m->m_from.a_addr != '\0' || *m->m_subject != '\0');
	if (r && *m->m_from.a_addr == '\0')
		r = 2;
	mail_free(m);
	return r;
}

/* 1 (after saying so) when a whole message is From someone else than
 * the agent. */
static int
reply_from_differs(const char *data, size_t len, const char *agent)
{
	struct mail *m = mail_parse_mem(data, len);
	int r = m != NULL && strcasecmp(m->m_from.a_addr, agent) != 0;

	if (r)
		fprintf(stderr, "postdeskctl: the message is From %s, not the "
		    "agent %s\n", m->m_from.a_addr, agent);
	mail_free(m);
	return r;
}

/* The agent's mail for plain text: From the agent to the support
 * address, threaded onto the customer's latest mail, the tag in the
 * subject. */
static int
reply_compose(struct cli *cli, struct intake *in, long n,
    const struct mail_addr *agent, const char *rcpt, const char *text,
    struct buf *out)
{
	const struct conf *cf = cli->c_conf;
	struct store_ticket t;
	struct mail_out mo;
	struct mail_addr to = { NULL, (char *)rcpt };
	enum store_status st;
	char last[1000], *tagged, *subject, *id;
	const char *parent = NULL;

	if ((st = store_ticket_get(cli->c_store, n, &t)) != STORE_ONE)
		return cli_store_fail(cli, st, n);
	if ((st = store_last_customer_id(cli->c_store, n, last,
	    sizeof(last))) < 0)
		return cli_store_fail(cli, st, n);
	if (st == STORE_ONE)
		parent = last;
	tagged = tag_subject(tag_skip_prefixes(t.t_subject), cf->cf_tag_prefix,
	    n);
	subject = xasprintf("Re: %s", tagged);
	id = ticket_message_id(cf->cf_hmac_secret, n, intake_domain(in));
	memset(&mo, 0, sizeof(mo));
	mo.mo_from_addr = agent->a_addr;
	mo.mo_from_name = agent->a_name;
	mo.mo_to = &to;
	mo.mo_nto = 1;
	mo.mo_subject = subject;
	mo.mo_message_id = id;
	mo.mo_in_reply_to = parent;
	mo.mo_references = &parent;
	mo.mo_nreferences = parent != NULL ? 1 : 0;
	mo.mo_text = text;
	mail_compose(&mo, cli->c_now, out);
	free(id);
	free(subject);
	free(tagged);
	return 0;
}

/* Says what became of the agent's mail; an exit status. */
static int
reply_report(struct cli *cli, long n, int note, enum intake_status rc,
    const struct intake_result *r, enum ticket_status before)
{
	struct store_ticket t;

	if (rc == INTAKE_SOFT || r->ir_action == IA_REJECTED ||
	    r->ir_action == IA_IGNORED) {
		fprintf(stderr, "postdeskctl: ticket %ld: %s\n", n,
		    r->ir_reason[0] != '\0' ? r->ir_reason : "not stored");
		return rc == INTAKE_SOFT ? EX_TEMPFAIL : EX_DATAERR;
	}
	if (redact_total(&r->ir_counts) > 0)
		fprintf(stderr, "postdeskctl: %u secret(s) redacted from the "
		    "text\n", redact_total(&r->ir_counts));
	if (r->ir_action == IA_DUPLICATE) {
		printf("ticket %ld: stored already (the same message)\n", n);
		return 0;
	}
	if (note)
		printf("ticket %ld: note added", n);
	else
		printf("ticket %ld: reply queued (%d mail%s to send)", n,
		    r->ir_confirmations, r->ir_confirmations == 1 ? "" : "s");
	if (store_ticket_get(cli->c_store, n, &t) == STORE_ONE &&
	    t.t_status != before)
		printf(", status %s -> %s", ticket_status_name(before),
		    ticket_status_name(t.t_status));
	printf("\n");
	return 0;
}

/* Runs the agent's mail through intake onto ticket n. */
static int
reply_intake(struct cli *cli, long n, const struct mail *agent,
    const struct buf *text, int note, enum ticket_status before)
{
	struct store_pool *pool;
	struct intake *in;
	struct intake_env env;
	struct msgbuf mb;
	struct intake_result r;
	struct buf data = BUF_INIT;
	enum intake_status rc;
	const char *rcpt;
	char err[512];
	int whole, ex;

	pool = store_pool_new(cli->c_conf->cf_database, 1,
	    (int)cli->c_conf->cf_db_pool_wait);
	if ((in = intake_new(cli->c_conf, pool, err, sizeof(err))) == NULL) {
		fprintf(stderr, "postdeskctl: %s\n", err);
		store_pool_free(pool);
		return EX_CONFIG;
	}
	ex = 0;
	if ((rcpt = reply_rcpt(in, cli->c_conf)) == NULL) {
		fprintf(stderr, "postdeskctl: no support address to write "
		    "to (support_addresses)\n");
		ex = EX_CONFIG;
	} else if ((whole = reply_is_message(text->b_data, text->b_len)) ==
	    0) {
		ex = reply_compose(cli, in, n, &agent->m_from, rcpt,
		    text->b_data, &data);
	} else {
		buf_add(&data, text->b_data, text->b_len);
		if (whole == 1 && reply_from_differs(data.b_data, data.b_len,
		    agent->m_from.a_addr))
			ex = EX_DATAERR;
	}
	if (ex == 0) {
		memset(&env, 0, sizeof(env));
		env.ie_sender = agent->m_from.a_addr;
		env.ie_rcpts = &rcpt;
		env.ie_nrcpts = 1;
		env.ie_ticket = n;
		env.ie_note = note;
		intake_buf_init(in, &mb);
		if (intake_buf_add(in, &mb, data.b_data, data.b_len) < 0) {
			fprintf(stderr, "postdeskctl: cannot keep the message "
			    "in %s: %s\n", cli->c_conf->cf_tmpdir,
			    strerror(errno));
			ex = EX_TEMPFAIL;
		} else {
			rc = intake_message(in, &env, &mb, &r);
			ex = reply_report(cli, n, note, rc, &r, before);
			intake_result_free(&r);
		}
		msgbuf_free(&mb);
	}
	buf_free(&data);
	intake_free(in);
	store_pool_free(pool);
	return ex;
}

/* reply and note: options, the ticket, the text, intake. */
static int
compose_cmd(struct cli *cli, int argc, char **argv, int note)
{
	static const struct option opts[] = {
		{ "agent", required_argument, NULL, 'a' },
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = note ? "note" : "reply", *agent = NULL, *file = NULL;
	struct buf text = BUF_INIT;
	struct store_ticket t;
	struct mail *who = NULL;
	enum store_status st;
	int ch, rc;
	long n;

	while ((ch = getopt_long(argc, argv, "a:f:h", opts, NULL)) != -1)
		switch (ch) {
		case 'a': agent = optarg; break;
		case 'f': file = optarg; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd);
		}
	if (optind + 1 != argc || (n = cli_ticket_arg(argv[optind])) < 0 ||
	    agent == NULL)
		return cli_usage(cmd);
	if ((who = reply_agent(agent)) == NULL) {
		fprintf(stderr, "postdeskctl: --agent: '%s' is not an "
		    "address\n", agent);
		return EX_USAGE;
	}
	if (!ticket_is_agent(who->m_from.a_addr, cli->c_conf))
		fprintf(stderr, "postdeskctl: warning: %s is not among the "
		    "configured agents\n", who->m_from.a_addr);
	if ((rc = cli_store(cli)) != 0)
		goto out;
	if ((st = store_ticket_get(cli->c_store, n, &t)) != STORE_ONE) {
		rc = cli_store_fail(cli, st, n);
		goto out;
	}
	if ((rc = read_text(file, note, n, &text)) != 0)
		goto out;
	if (blank(text.b_data)) {
		fprintf(stderr, "postdeskctl: empty text; nothing stored\n");
		rc = EX_DATAERR;
		goto out;
	}
	rc = reply_intake(cli, n, who, &text, note, t.t_status);
out:
	mail_free(who);
	buf_free(&text);
	return rc;
}

/* postdeskctl reply N --agent A */
int
cmd_reply(struct cli *cli, int argc, char **argv)
{
	return compose_cmd(cli, argc, argv, 0);
}

/* postdeskctl note N --agent A */
int
cmd_note(struct cli *cli, int argc, char **argv)
{
	return compose_cmd(cli, argc, argv, 1);
}
