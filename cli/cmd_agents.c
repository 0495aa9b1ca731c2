/* cmd_agents.c - postdeskctl escalate and digest: the agents' reminders
 * of tickets past their first-response due time, and their daily summary
 * (also written as a page by postdeskctl stats --html).
 *
 * Meant for timers (etc/postdesk-escalate.timer every five minutes,
 * etc/postdesk-digest.timer daily); any number of hosts may run escalate
 * at once, each escalation is claimed once in the database.  The mails go
 * out through the outbox, sent by the milter's worker (or postdeskctl
 * outbox --flush).  clock_offset moves "now" for drills and tests.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli/cli.h"
#include "notifier/notifier.h"

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

/* The digest at now into text and html; 0 or an exit status. */
int
cli_digest(struct cli *cli, time_t now, struct buf *text, struct buf *html,
    char *title, size_t tlen)
{
	struct store_ticket_row *rows = NULL;
	struct store_digest sd;
	enum store_status st;
	struct tm tm;
	char day[16];
	size_t n = 0;
	int rc;

	if ((rc = cli_store(cli)) != 0)
		return rc;
	if ((st = store_digest(cli->c_store, now, &sd)) == STORE_ONE &&
	    (st = store_ticket_queue(cli->c_store, SQ_OVERDUE, NULL, &rows,
	    &n)) != STORE_ONE)
		store_digest_free(&sd);
	if (st != STORE_ONE)
		return cli_store_fail(cli, st == STORE_NONE ? STORE_HARD : st,
		    0);
	gmtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(title, tlen, "Support digest for %s", day);
	notifier_digest_report(&sd, rows, n, now, title,
	    cli->c_conf->cf_tag_prefix, text, html);
	store_ticket_rows_free(rows, n, 1);
	store_digest_free(&sd);
	return 0;
}

/* Queues the digest mail to rcpt in one transaction. */
static enum store_status
digest_queue(struct cli *cli, const char *rcpt, const char *title,
    const struct buf *text, const struct buf *html)
{
	struct intake *in;
	enum store_status st;

	if ((in = cli_intake(cli)) == NULL)
		return STORE_HARD;
	if ((st = store_begin(cli->c_store)) == STORE_ONE &&
	    (st = intake_queue_report_mail(in, cli->c_store, rcpt, title,
	    text->b_data, html->b_data, "digest", NULL)) == STORE_ONE)
		st = store_commit(cli->c_store);
	if (st != STORE_ONE)
		store_rollback(cli->c_store);
	return st;
}

/* postdeskctl digest [--to ADDR] */
int
cmd_digest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf text = BUF_INIT, html = BUF_INIT;
	const char *to = cli->c_conf->cf_agents_address;
	enum store_status st;
	char title[64];
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "t:h", opts, NULL)) != -1)
		switch (ch) {
		case 't':
			to = optarg;
			break;
		case 'h':
			return cli_help("digest");
		default:
			return cli_usage("digest");
		}
	if (optind != argc)
		return cli_usage("digest");
	if (to == NULL || *to == '\0' || !notifier_addr_ok(to)) {
		fprintf(stderr, "postdeskctl: digest: no address to send it "
		    "to (set agents_address or give --to)\n");
		return EX_CONFIG;
	}
	rc = cli_digest(cli, cli->c_now + cli->c_conf->cf_clock_offset,
	    &text, &html, title, sizeof(title));
	if (rc == 0 && (st = digest_queue(cli, to, title, &text, &html)) !=
	    STORE_ONE)
		rc = cli_store_fail(cli, st, 0);
	if (rc == 0)
		printf("%s queued to %s\n", title, to);
	buf_free(&text);
	buf_free(&html);
	return rc;
}
