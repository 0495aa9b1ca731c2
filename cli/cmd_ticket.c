/* cmd_ticket.c - postdeskctl status, priority, assign and merge.
 *
 * Each change is one transaction: the ticket row is locked first (so a
 * missing ticket is told apart from a failure), then changed.  The status
 * change is recorded in the ticket's history under the acting name.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"

enum change_kind { CH_STATUS, CH_PRIORITY, CH_ASSIGN };

/* Locks ticket n and applies one change, in a transaction. */
static int
change(struct cli *cli, long n, enum change_kind kind, int value,
    const char *text, const char *by)
{
	struct store_ticket t;
	enum store_status st;
	int rc;

	if ((rc = cli_store(cli)) != 0)
		return rc;
	if ((st = store_begin(cli->c_store)) != STORE_ONE)
		return cli_store_fail(cli, st, n);
	if ((st = store_ticket_get(cli->c_store, n, &t)) != STORE_ONE)
		goto fail;
	switch (kind) {
	case CH_STATUS:
		st = cli_set_status(cli, n, (enum ticket_status)value, by,
		    1, (enum ticket_status)value != t.t_status);
		break;
	case CH_PRIORITY:
		st = store_ticket_set_priority(cli->c_store, n,
		    (enum ticket_priority)value);
		break;
	case CH_ASSIGN:
		st = store_ticket_set_assignee(cli->c_store, n, text);
		break;
	}
	if (st != STORE_ONE)
		goto fail;
	if ((st = store_commit(cli->c_store)) != STORE_ONE)
		goto fail;
	switch (kind) {
	case CH_STATUS:
		printf("ticket %ld: status %s -> %s\n", n,
		    ticket_status_name(t.t_status),
		    ticket_status_name((enum ticket_status)value));
		break;
	case CH_PRIORITY:
		printf("ticket %ld: priority %s -> %s\n", n,
		    ticket_priority_name(t.t_priority),
		    ticket_priority_name((enum ticket_priority)value));
		break;
	case CH_ASSIGN:
		printf("ticket %ld: assigned to %s\n", n, text);
		break;
	}
	return 0;
fail:
	rc = cli_store_fail(cli, st, n);
	store_rollback(cli->c_store);
	return rc;
}

/* Parses "N VALUE [--agent A]" for the commands below. */
static int
two_args(const char *cmd, int argc, char **argv, long *n,
    const char **value, const char **agent)
{
	static const struct option opts[] = {
		{ "agent", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "a:h", opts, NULL)) != -1)
		switch (ch) {
		case 'a':
			if (agent == NULL)
				return cli_usage(cmd);
			*agent = optarg;
			break;
		case 'h':
			cli_help(cmd);
			return -1;
		default:
			return cli_usage(cmd);
		}
	if (optind + 2 != argc || (*n = cli_ticket_arg(argv[optind])) < 0)
		return cli_usage(cmd);
	*value = argv[optind + 1];
	return 0;
}

/* postdeskctl status N STATUS */
int
cmd_status(struct cli *cli, int argc, char **argv)
{
	const char *v, *agent = NULL;
	enum ticket_status ts;
	long n;
	int rc;

	if ((rc = two_args("status", argc, argv, &n, &v, &agent)) != 0)
		return rc < 0 ? 0 : rc;
	if (ticket_status_parse(v, &ts) < 0) {
		fprintf(stderr, "postdeskctl: unknown status '%s' (open, "
		    "in_progress, waiting, resolved, closed)\n", v);
		return EX_USAGE;
	}
	return change(cli, n, CH_STATUS, (int)ts, NULL,
	    agent != NULL ? agent : cli_actor());
}

/* postdeskctl priority N PRIORITY */
int
cmd_priority(struct cli *cli, int argc, char **argv)
{
	enum ticket_priority tp;
	const char *v;
	long n;
	int rc;

	if ((rc = two_args("priority", argc, argv, &n, &v, NULL)) != 0)
		return rc < 0 ? 0 : rc;
	if (ticket_priority_parse(v, &tp) < 0) {
		fprintf(stderr, "postdeskctl: unknown priority '%s' (low, "
		    "medium, high, urgent)\n", v);
		return EX_USAGE;
	}
	return change(cli, n, CH_PRIORITY, (int)tp, NULL, NULL);
}

/* postdeskctl assign N WHO */
int
cmd_assign(struct cli *cli, int argc, char **argv)
{
	const char *v;
	long n;
	int rc;

	if ((rc = two_args("assign", argc, argv, &n, &v, NULL)) != 0)
		return rc < 0 ? 0 : rc;
	if (*v == '\0') {
		fprintf(stderr, "postdeskctl: assign: WHO is empty\n");
		return EX_USAGE;
	}
	return change(cli, n, CH_ASSIGN, 0, v, NULL);
}

/* postdeskctl merge N INTO [--agent A] */
int
cmd_merge(struct cli *cli, int argc, char **argv)
{
	const char *v, *agent = NULL;
	enum merge_refusal why;
	enum store_status st;
	struct intake *in;
	char err[256] = "";
	long n, into;
	int rc, queued = 0;

	if ((rc = two_args("merge", argc, argv, &n, &v, &agent)) != 0)
		return rc < 0 ? 0 : rc;
	if ((into = cli_ticket_arg(v)) < 0)
		return cli_usage("merge");
	if ((rc = cli_store(cli)) != 0)
		return rc;
	if ((in = cli_intake(cli)) == NULL)
		return EX_CONFIG;
	if ((st = store_begin(cli->c_store)) == STORE_ONE)
		st = intake_merge(in, cli->c_store, n, into, agent != NULL ?
		    agent : cli_actor(), 1, &queued, &why, err, sizeof(err));
	if (st == STORE_ONE && why != MR_OK) {
		store_rollback(cli->c_store);
		fprintf(stderr, "postdeskctl: ticket %ld not merged into %ld: "
		    "%s\n", n, into, ticket_merge_reason(why));
		return EX_DATAERR;
	}
	if (st == STORE_ONE)
		st = store_commit(cli->c_store);
	if (st != STORE_ONE) {
		if (err[0] != '\0')
			fprintf(stderr, "postdeskctl: %s\n", err);
		rc = cli_store_fail(cli, st, n);
		store_rollback(cli->c_store);
		return rc;
	}
	printf("ticket %ld merged into %ld (%d notice%s queued)\n", n, into,
	    queued, queued == 1 ? "" : "s");
	return 0;
}
