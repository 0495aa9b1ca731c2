/* main.c - postdeskctl: global options, the command table, help, exits.
 *
 *   postdeskctl [-c FILE] COMMAND [ARGS]
 *
 * The config is FILE, or the default file when it exists, or the built-in
 * defaults; POSTDESK_DATABASE overrides its database.  Every command
 * returns a sysexits(3) status: 0 ok, 64 usage, 65 bad data / rejected /
 * no such ticket, 69 database unreachable, 75 try again, 78 config.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "intake/intake.h"

static const struct cli_cmd cli_cmds[] = {
	{ "migrate", cmd_migrate,
	    "create or upgrade the database schema",
	    "",
	    "Creates or upgrades the database schema; prints the version.", 0 },
	{ "ingest", cmd_ingest,
	    "run mail through the intake pipeline (stdin, mbox, Maildir)",
	    "[--sender A] [--rcpt A]... [--queue-id ID] "
	    "[--mbox FILE | --maildir DIR] [--quiet]",
	    "Runs mail through the intake pipeline.  Without --mbox or\n"
	    "--maildir one message is read from stdin.  Prints one JSON\n"
	    "line per message.  Without --rcpt the first support address of\n"
	    "the config is the recipient; without --sender the envelope\n"
	    "sender is taken from the mbox From_ line, Return-Path or From.\n"
	    "  --mbox FILE    import every message of an mbox file\n"
	    "  --maildir DIR  import every message of a maildir (cur, new)\n"
	    "  --quiet        no JSON lines for imports, only the summary\n"
	    "Exit: 0, 65 rejected, 75 try again.", 0 },
	{ "list", cmd_list,
	    "list tickets, newest first",
	    "[--status S] [--type T] [--json]",
	    "Lists tickets, newest first; a subject starts with\n"
	    "\"[needs T context]\" while the ticket lacks details its issue\n"
	    "type T needs.\n"
	    "  --status S  only tickets with status S\n"
	    "  --type T    only tickets of issue type T (order, refill,\n"
	    "              cancel, speed, drop, payment, account, other)\n"
	    "  --json      the tickets as one JSON array", 0 },
	{ "show", cmd_show,
	    "show a ticket and its message thread",
	    "N [--json]",
	    "Shows ticket N with its message thread.\n"
	    "  --json  the ticket as one JSON object", 0 },
	{ "status", cmd_status,
	    "set a ticket's status",
	    "N STATUS [--agent A]",
	    "Sets the status: open, in_progress, waiting, resolved,\n"
	    "closed.", 0 },
	{ "priority", cmd_priority,
	    "set a ticket's priority",
	    "N PRIORITY",
	    "Sets the priority: low, medium, high, urgent.", 0 },
	{ "assign", cmd_assign,
	    "assign a ticket to an agent",
	    "N WHO",
	    "Assigns ticket N to WHO (an agent address or name).", 0 },
	{ "merge", cmd_merge,
	    "merge a ticket into another",
	    "N INTO [--agent A]",
	    "Merges ticket N into ticket INTO: its messages, attachments,\n"
	    "participants, order IDs and links move to INTO, N is closed as\n"
	    "merged and its requester is told once.  Later mail to N's tag,\n"
	    "Message-IDs or reply address lands on INTO.  A merge into\n"
	    "itself or into a merged ticket changes nothing (exit 65).", 0 },
	{ "reply", cmd_reply,
	    "reply on a ticket as an agent",
	    "N --agent A [--file F]",
	    "Replies on ticket N as agent A, like a mail from A would: to\n"
	    "the requester and the participants.  The text (or a whole\n"
	    "message with attachments) comes from --file, else stdin, else\n"
	    "$EDITOR when stdin is a terminal.", 0 },
	{ "note", cmd_note,
	    "add an internal note to a ticket",
	    "N --agent A [--file F]",
	    "Adds an internal note to ticket N (nothing is sent).  Text as\n"
	    "for reply.", 0 },
	{ "close-stale", cmd_close_stale,
	    "resolve and close tickets that went quiet",
	    "[--dry-run] [--json]",
	    "Waiting tickets whose status changed stale_waiting_days ago or\n"
	    "earlier become resolved, resolved ones older than\n"
	    "stale_resolved_days become closed.", 0 },
	{ "stats", cmd_stats,
	    "tickets, response times, redactions, outbox health",
	    "[--json | --html FILE]",
	    "Tickets by status and priority, overdue tickets, median first\n"
	    "response, redactions by kind, outbox health.\n"
	    "  --html FILE  write the daily digest (see digest) as a page",
	    0 },
	{ "escalate", cmd_escalate,
	    "mail agents about tickets past their first-response time",
	    "[--json]",
	    "Queues one mail per ticket that has had no agent reply\n"
	    "escalation_first minutes after its due time (to its assignee\n"
	    "when that is an address, else to agents_address), and again\n"
	    "escalation_second minutes after it; never for resolved, closed\n"
	    "or merged tickets, never twice, whatever runs it at once.  Run\n"
	    "by postdesk-escalate.timer every five minutes.", 0 },
	{ "digest", cmd_digest,
	    "mail the agents the daily summary",
	    "[--to ADDR]",
	    "Queues the daily digest to agents_address (or --to): tickets\n"
	    "opened, resolved and still open per day for 14 days, first\n"
	    "response median and p90, overdue tickets, redactions by kind;\n"
	    "HTML with charts and a text alternative.  Run daily by\n"
	    "postdesk-digest.timer.", 0 },
	{ "outbox", cmd_outbox,
	    "list, send, retry or drop outgoing mail",
	    "[--all] [--json] [--flush | --retry ID | --drop ID]",
	    "Lists mail waiting in the outbox (--all: sent mail too), sends\n"
	    "what is due (--flush), or makes one row due now with its\n"
	    "attempts reset (--retry) or deletes an unsent row (--drop).", 0 },
	{ "config-check", cmd_config_check,
	    "check the configuration (--connect: the database too)",
	    "[--connect]",
	    "Checks what would make mail fail: the file, every template (in\n"
	    "every language directory), the HMAC secret, support_addresses,\n"
	    "agents, agent_trust, tmpdir, a unix socket Postfix must reach;\n"
	    "one line per problem with its key and a fix, then\n"
	    "\"configuration OK\" when there is no error.\n"
	    "  --connect  the database too: reachable, schema up to date\n"
	    "Exit: 0 (warnings only included), 78 errors.", 1 },
};
#define NCMDS	(sizeof(cli_cmds) / sizeof(cli_cmds[0]))

/* The tool's own usage. */
static void
usage_all(FILE *f)
{
	size_t i;

	fprintf(f, "usage: postdeskctl [-c FILE] COMMAND [ARGS]\n\n"
	    "Commands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-13s %s\n", cli_cmds[i].cc_name,
		    cli_cmds[i].cc_summary);
	fprintf(f, "\nOptions:\n"
	    "  -c FILE        config file (default %s)\n"
	    "  -h, --help     this help; COMMAND --help for a command\n"
	    "  -V, --version  the version\n",
	    conf_default_path());
}

/* The entry of a command. */
static const struct cli_cmd *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cli_cmds[i].cc_name, name) == 0)
			return &cli_cmds[i];
	return NULL;
}

/* Usage of one command on stderr. */
int
cli_usage(const char *cmd)
{
	const struct cli_cmd *c = cmd_find(cmd);

	if (c != NULL)
		fprintf(stderr, "usage: postdeskctl %s %s\n", c->cc_name,
		    c->cc_synopsis);
	fprintf(stderr, "Try 'postdeskctl %s --help'.\n", cmd);
	return EX_USAGE;
}

/* Help of one command on stdout. */
int
cli_help(const char *cmd)
{
	const struct cli_cmd *c = cmd_find(cmd);

	if (c == NULL)
		return EX_SOFTWARE;
	printf("usage: postdeskctl %s %s\n\n%s\n", c->cc_name,
	    c->cc_synopsis, c->cc_help);
	return 0;
}

/* Opens the database once. */
int
cli_store(struct cli *cli)
{
	char err[512];

	if (cli->c_store != NULL)
		return 0;
	if (cli->c_conf->cf_database == NULL ||
	    cli->c_conf->cf_database[0] == '\0') {
		fprintf(stderr, "postdeskctl: no database configured (set "
		    "database in the config or POSTDESK_DATABASE)\n");
		return EX_CONFIG;
	}
	if ((cli->c_store = store_open(cli->c_conf->cf_database, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "postdeskctl: database unavailable: %s\n",
		    err);
		return EX_UNAVAILABLE;
	}
	return 0;
}

/* Sets ticket n's status and queues its notice, or (set 0) only the
 * notice of a status changed already; in the open transaction. */
enum store_status
cli_set_status(struct cli *cli, long n, enum ticket_status status,
    const char *by, int set, int notify)
{
	enum store_status st;
	char err[256];

	if (cli_intake(cli) == NULL)
		return STORE_HARD;
	err[0] = '\0';
	if (set)
		st = intake_set_status(cli->c_intake, cli->c_store, n, status,
		    by, notify, NULL, err, sizeof(err));
	else
		st = intake_queue_status(cli->c_intake, cli->c_store, n,
		    status, NULL, err, sizeof(err));
	if (st != STORE_ONE)
		fprintf(stderr, "postdeskctl: ticket %ld: cannot set %s or "
		    "queue its notice: %s\n", n, ticket_status_name(status),
		    st == STORE_HARD && err[0] != '\0' ? err :
		    store_error(cli->c_store));
	return st;
}

/* The intake (made on first use); NULL after saying why on stderr. */
struct intake *
cli_intake(struct cli *cli)
{
	char err[256];

	if (cli->c_intake == NULL &&
	    (cli->c_intake = intake_new(cli->c_conf, NULL, err,
	    sizeof(err))) == NULL)
		fprintf(stderr, "postdeskctl: %s\n", err);
	return cli->c_intake;
}

/* An exit status for a failed store call. */
int
cli_store_fail(struct cli *cli, enum store_status st, long ticket)
{
	switch (st) {
	case STORE_NONE:
		fprintf(stderr, "postdeskctl: no ticket %ld\n", ticket);
		return EX_DATAERR;
	case STORE_SOFT:
		fprintf(stderr, "postdeskctl: temporary failure, try again: "
		    "%s\n", store_error(cli->c_store));
		return EX_TEMPFAIL;
	case STORE_HARD:
	default:
		fprintf(stderr, "postdeskctl: %s\n",
		    store_error(cli->c_store));
		return EX_DATAERR;
	}
}

/* A ticket number: digits, optionally "#" or the tag form. */
long
cli_ticket_arg(const char *s)
{
	char *end;
	long n;

	if (*s == '#')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || n <= 0)
		return -1;
	return n;
}

/* Who is acting. */
const char *
cli_actor(void)
{
	const char *u = getenv("USER");

	return u != NULL && *u != '\0' ? u : "postdeskctl";
}

/* Reads everything from fd. */
int
cli_read_fd(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
	}
}

/* Loads the config: -c FILE must exist, the default file may be absent
 * (then the built-in defaults hold).  A command that loads it itself
 * only gets the path. */
static int
load_conf(struct cli *cli, const struct cli_cmd *cmd, const char *path,
    int explicit)
{
	char err[512];

	if (!explicit && access(path, F_OK) < 0 && errno == ENOENT)
		path = NULL;
	cli->c_conf_path = path;
	if (cmd->cc_ownconf)
		return 0;
	if ((cli->c_conf = conf_load(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "postdeskctl: %s\n", err);
		return EX_CONFIG;
	}
	return 0;
}

/* Parses the global options and runs a command. */
int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "config", required_argument, NULL, 'c' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli;
	const struct cli_cmd *cmd;
	const char *path = conf_default_path();
	const char *nc = getenv("NO_COLOR");
	int ch, explicit = 0, rc;

	memset(&cli, 0, sizeof(cli));
	log_init("postdeskctl", 0);
	while ((ch = getopt_long(argc, argv, "+c:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			explicit = 1;
			break;
		case 'h':
			usage_all(stdout);
			return 0;
		case 'V':
			printf("postdeskctl (postdesk) %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage_all(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage_all(stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[0], "help") == 0) {
		if (argc > 1 && cmd_find(argv[1]) != NULL)
			return cli_help(argv[1]);
		usage_all(stdout);
		return 0;
	}
	if ((cmd = cmd_find(argv[0])) == NULL) {
		fprintf(stderr, "postdeskctl: unknown command '%s'\n",
		    argv[0]);
		usage_all(stderr);
		return EX_USAGE;
	}
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_help(cmd->cc_name);
	if ((rc = load_conf(&cli, cmd, path, explicit)) != 0)
		return rc;
	cli.c_color = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
	cli.c_now = time(NULL);
	optind = 0;
	parser_init();		/* reading and composing mail */
	rc = cmd->cc_run(&cli, argc, argv);
	/* what a command queued goes out now: the workers are woken (the
	 * import and mail through the intake wake them themselves) */
	if (cli.c_store != NULL && !store_broken(cli.c_store) &&
	    !store_in_transaction(cli.c_store))
		(void)store_outbox_notify(cli.c_store);
	intake_free(cli.c_intake);
	store_close(cli.c_store);
	conf_unref(cli.c_conf);
	parser_shutdown();
	return rc;
}
