/* cmd_reply.c - postdeskctl reply and note: agents writing from the console.
 *
 * The text comes from --file, else stdin, else $VISUAL/$EDITOR on a temp
 * file when stdin is a terminal (lines starting with '#' are dropped, as
 * in git).  Secrets are redacted before anything is stored.  A reply is
 * stored as an agent message and queued in the outbox in one transaction,
 * like an agent's mail relayed by the milter: our HMAC'd Message-ID,
 * threaded to the customer's mail, the tag in the subject, From the support
 * address with the agent's name.  A note is internal: nothing is sent.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/addr.h"
#include "common/xalloc.h"
#include "notifier/notifier.h"
#include "redact/redact.h"

#define MAX_REFS	20

struct compose {
	long			 cp_n;
	int			 cp_note;
	char			*cp_agent_addr;
	char			*cp_agent_name;	/* may be NULL */
	char			*cp_text;	/* redacted */
	struct redact_counts	 cp_counts;
	const char		*cp_refs[MAX_REFS];
	size_t			 cp_nrefs;
	const char		*cp_in_reply_to;
	struct store_ticket_row	 cp_ticket;	/* for threading */
};

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

/* Splits "Name <addr>" or "addr" into the compose context. */
static int
parse_agent(struct compose *cp, const char *agent)
{
	const char *lt = strchr(agent, '<');

	if (lt != NULL) {
		size_t nl = (size_t)(lt - agent);

		while (nl > 0 && (agent[nl - 1] == ' ' || agent[nl - 1] == '"'))
			nl--;
		while (nl > 0 && (*agent == ' ' || *agent == '"')) {
			agent++;
			nl--;
		}
		if (nl > 0)
			cp->cp_agent_name = xstrndup(agent, nl);
		cp->cp_agent_addr = addr_normalize(lt);
	} else
		cp->cp_agent_addr = addr_normalize(agent);
	return cp->cp_agent_addr != NULL && strchr(cp->cp_agent_addr, '@') !=
	    NULL ? 0 : -1;
}

/* Message-IDs of the thread for In-Reply-To/References. */
static void
thread_refs(struct compose *cp)
{
	const struct store_msg_row *msgs = cp->cp_ticket.tr_msgs;
	size_t i, first, n = cp->cp_ticket.tr_nmsgs;

	first = n > MAX_REFS ? n - MAX_REFS : 0;
	for (i = first; i < n; i++) {
		const char *id = msgs[i].mr_message_id;
		const char *dir = msgs[i].mr_direction;

		if (id == NULL || *id == '\0' || (dir != NULL &&
		    strcmp(dir, "note") == 0))
			continue;
		cp->cp_refs[cp->cp_nrefs++] = id;
		if (dir != NULL && strcmp(dir, "customer") == 0)
			cp->cp_in_reply_to = id;
	}
	if (cp->cp_in_reply_to == NULL && cp->cp_nrefs > 0)
		cp->cp_in_reply_to = cp->cp_refs[cp->cp_nrefs - 1];
}

/* Composes the reply mail (From the support address with the agent's
 * name, threaded, tagged subject) into data. */
static void
compose_mail(struct cli *cli, const struct compose *cp,
    const struct store_ticket *t, const char *msgid, const char *subject,
    struct buf *data)
{
	const struct conf *cf = cli->c_conf;
	struct notify_msg nm;

	memset(&nm, 0, sizeof(nm));
	nm.nm_from_addr = cf->cf_from_address;
	nm.nm_from_name = cp->cp_agent_name != NULL ? cp->cp_agent_name :
	    cp->cp_agent_addr;
	nm.nm_to_addr = t->t_requester;
	nm.nm_reply_to = ticket_reply_address(cf->cf_hmac_secret,
	    cf->cf_from_address, t->t_number);
	nm.nm_subject = subject;
	nm.nm_message_id = msgid;
	nm.nm_in_reply_to = cp->cp_in_reply_to;
	nm.nm_references = cp->cp_refs;
	nm.nm_nreferences = cp->cp_nrefs;
	nm.nm_x_loop = cf->cf_from_address;
	nm.nm_body = cp->cp_text;
	notifier_compose(&nm, cli->c_now, data);
	free((char *)nm.nm_reply_to);
}

/* Stores the agent message or note, and queues a reply's mail. */
static enum store_status
compose_store(struct cli *cli, const struct compose *cp,
    const struct store_ticket *t, const char *msgid, const char *subject,
    long *outbox)
{
	const struct conf *cf = cli->c_conf;
	struct store_message sm;
	struct store_outbox ob;
	struct mail_addr to;
	struct mail_addrs tos;
	struct buf data = BUF_INIT;
	char *red;
	enum store_status st;
	long id;

	if (!cp->cp_note)
		compose_mail(cli, cp, t, msgid, subject, &data);
	red = intake_counts_json(&cp->cp_counts);
	to.a_name = NULL;
	to.a_addr = (char *)t->t_requester;
	tos.as_v = &to;
	tos.as_n = 1;
	memset(&sm, 0, sizeof(sm));
	sm.sm_ticket = cp->cp_n;
	sm.sm_key = msgid;
	sm.sm_message_id = cp->cp_note ? NULL : msgid;
	sm.sm_direction = cp->cp_note ? DIR_NOTE : DIR_AGENT;
	sm.sm_from_addr = cp->cp_agent_addr;
	sm.sm_from_name = cp->cp_agent_name;
	sm.sm_to = cp->cp_note ? NULL : &tos;
	sm.sm_subject = subject;
	sm.sm_text = cp->cp_text;
	sm.sm_new_len = strlen(cp->cp_text);
	sm.sm_raw = cp->cp_note ? cp->cp_text : data.b_data;
	sm.sm_raw_len = cp->cp_note ? strlen(cp->cp_text) : data.b_len;
	sm.sm_redactions = red;
	st = store_message_add(cli->c_store, &sm, &id);
	if (st == STORE_NONE)
		st = STORE_HARD;	/* our own id cannot repeat */
	if (st == STORE_ONE && !cp->cp_note) {
		memset(&ob, 0, sizeof(ob));
		ob.ob_ticket = cp->cp_n;
		ob.ob_kind = "reply";
		ob.ob_mail_from = cf->cf_from_address;
		ob.ob_rcpt = (char *)t->t_requester;
		ob.ob_message_id = (char *)msgid;
		ob.ob_data = data.b_data;
		ob.ob_len = data.b_len;
		st = store_outbox_add(cli->c_store, &ob, outbox);
	}
	buf_free(&data);
	free(red);
	return st;
}

/* Stores the message (and for a reply the outbox row) in a transaction. */
static int
compose_tx(struct cli *cli, struct compose *cp, long *outbox)
{
	const struct conf *cf = cli->c_conf;
	const char *dom = cf->cf_from_address != NULL ?
	    addr_domain(cf->cf_from_address) : NULL;
	struct store_ticket t;
	enum store_status st;
	enum ticket_status next = TS_OPEN;
	char *msgid, *tagged, *subject = NULL;
	int newt = 0, rc;

	msgid = ticket_message_id(cf->cf_hmac_secret, cp->cp_n,
	    dom != NULL ? dom : "localhost");
	if ((st = store_begin(cli->c_store)) != STORE_ONE)
		goto fail;
	if ((st = store_ticket_get(cli->c_store, cp->cp_n, &t)) != STORE_ONE)
		goto fail;
	tagged = tag_subject(tag_skip_prefixes(t.t_subject),
	    cf->cf_tag_prefix, cp->cp_n);
	subject = xasprintf("%s%s", cp->cp_note ? "" : "Re: ", tagged);
	free(tagged);
	st = compose_store(cli, cp, &t, msgid, subject, outbox);
	next = ticket_next_status(t.t_status, cp->cp_note ? TE_NOTE :
	    TE_AGENT_REPLY, cf->cf_reopen_closed, &newt);
	if (st == STORE_ONE && next != t.t_status)
		st = store_ticket_set_status(cli->c_store, cp->cp_n, next,
		    cp->cp_agent_addr);
	if (st == STORE_ONE && !cp->cp_note &&
	    store_ticket_first_response(cli->c_store, cp->cp_n) < STORE_NONE)
		st = STORE_SOFT;
	if (st == STORE_ONE && (st = store_commit(cli->c_store)) == STORE_ONE) {
		printf("ticket %ld: %s", cp->cp_n, cp->cp_note ? "note added" :
		    "reply queued");
		if (!cp->cp_note)
			printf(" for %s (outbox %ld)", t.t_requester, *outbox);
		if (next != t.t_status)
			printf(", status %s -> %s", ticket_status_name(t.t_status),
			    ticket_status_name(next));
		printf("\n");
		free(subject);
		free(msgid);
		return 0;
	}
fail:
	rc = cli_store_fail(cli, st, cp->cp_n);
	store_rollback(cli->c_store);
	free(subject);
	free(msgid);
	return rc;
}

/* reply and note: options, text, the ticket, the transaction. */
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
	struct compose cp;
	struct buf text = BUF_INIT;
	struct redactor *r;
	enum store_status st;
	char err[512], *red;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "a:f:h", opts, NULL)) != -1)
		switch (ch) {
		case 'a': agent = optarg; break;
		case 'f': file = optarg; break;
		case 'h': return cli_help(cmd);
		default: return cli_usage(cmd);
		}
	memset(&cp, 0, sizeof(cp));
	cp.cp_note = note;
	if (optind + 1 != argc || (cp.cp_n = cli_ticket_arg(argv[optind])) < 0 ||
	    agent == NULL)
		return cli_usage(cmd);
	if (parse_agent(&cp, agent) < 0) {
		fprintf(stderr, "postdeskctl: --agent: '%s' is not an "
		    "address\n", agent);
		rc = EX_USAGE;
		goto out;
	}
	if (!ticket_is_agent(cp.cp_agent_addr, cli->c_conf))
		fprintf(stderr, "postdeskctl: warning: %s is not among the "
		    "configured agents\n", cp.cp_agent_addr);
	if ((rc = cli_store(cli)) != 0)
		goto out;
	if ((st = store_ticket_read(cli->c_store, cp.cp_n,
	    &cp.cp_ticket)) != STORE_ONE) {
		rc = cli_store_fail(cli, st, cp.cp_n);
		goto out;
	}
	thread_refs(&cp);
	if ((rc = read_text(file, note, cp.cp_n, &text)) != 0)
		goto out;
	if (blank(text.b_data)) {
		fprintf(stderr, "postdeskctl: empty text; nothing stored\n");
		rc = EX_DATAERR;
		goto out;
	}
	if ((r = redactor_new((const char *const *)
	    cli->c_conf->cf_redact_rules.sl_v,
	    cli->c_conf->cf_redact_rules.sl_n, err, sizeof(err))) == NULL) {
		fprintf(stderr, "postdeskctl: %s\n", err);
		rc = EX_CONFIG;
		goto out;
	}
	red = redact_text(r, text.b_data, text.b_len, &cp.cp_counts);
	redactor_free(r);
	cp.cp_text = red != NULL ? red : buf_steal(&text);
	if (redact_total(&cp.cp_counts) > 0)
		fprintf(stderr, "postdeskctl: %u secret(s) redacted from the "
		    "text\n", redact_total(&cp.cp_counts));
	rc = compose_tx(cli, &cp, &(long){ 0 });
out:
	store_ticket_rows_free(&cp.cp_ticket, 1, 0);
	free(cp.cp_agent_addr);
	free(cp.cp_agent_name);
	free(cp.cp_text);
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
