/* cmd_agents.c - postdeskctl escalate: the agents' reminders of tickets
 * past their first-response due time.
 *
 * Meant for a timer (etc/postdesk-escalate.timer runs it every five
 * minutes); any number of hosts may run it at once, each escalation is
 * claimed once in the database.  The mails go out through the outbox,
 * sent by the milter's worker (or postdeskctl outbox --flush).
 * clock_offset moves "now" for drills and tests.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>
#include <time.h>

#include "cli/cli.h"

/* postdeskctl escalate [--json] */
int
cmd_escalate(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct intake_escalation e;
	enum store_status st;
	struct intake *in;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "jh", opts, NULL)) != -1)
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			return cli_help("escalate");
		default:
			return cli_usage("escalate");
		}
	if (optind != argc)
		return cli_usage("escalate");
	if ((rc = cli_store(cli)) != 0)
		return rc;
	if ((in = cli_intake(cli)) == NULL)
		return EX_CONFIG;
	if ((st = store_begin(cli->c_store)) == STORE_ONE)
		st = intake_escalate(in, cli->c_store, cli->c_now +
		    cli->c_conf->cf_clock_offset, &e);
	if (st == STORE_ONE)
		st = store_commit(cli->c_store);
	if (st != STORE_ONE) {
		rc = cli_store_fail(cli, st, 0);
		store_rollback(cli->c_store);
		return rc;
	}
	if (json)
		cli_json_print(json_pack("{s:i s:i s:i}", "first",
		    e.ie_sent[0], "second", e.ie_sent[1], "nobody",
		    e.ie_nobody));
	else
		printf("%d first and %d second escalation(s) queued%s\n",
		    e.ie_sent[0], e.ie_sent[1], e.ie_nobody > 0 ?
		    " (some with nobody to tell: set agents_address)" : "");
	return 0;
}
