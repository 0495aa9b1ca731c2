/* cmd_stats.c - postdeskctl close-stale, stats and outbox.
 *
 * Each is one or two calls into store/: close-stale moves every stale
 * ticket in one statement (staleness counted from the last change of
 * status), stats is one query whose figures are printed as JSON or for
 * people, outbox lists, retries or drops rows, or makes one sending
 * pass through the notifier.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "common/xalloc.h"
#include "notifier/notifier.h"
#include "redact/redact.h"

/* postdeskctl close-stale [--dry-run] [--json] */
int
cmd_close_stale(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct conf *cf = cli->c_conf;
	struct store_moved *mv = NULL;
	enum store_status st;
	long nres = 0, nclo = 0;
	size_t i, nmv = 0;
	int ch, dry = 0, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "njh", opts, NULL)) != -1)
		switch (ch) {
		case 'n': dry = 1; break;
		case 'j': json = 1; break;
		case 'h': return cli_help("close-stale");
		default: return cli_usage("close-stale");
		}
	if (optind != argc)
		return cli_usage("close-stale");
	if ((rc = cli_store(cli)) != 0)
		return rc;
	if (dry)
		st = store_count_stale(cli->c_store,
		    (int)cf->cf_stale_waiting_days,
		    (int)cf->cf_stale_resolved_days, &nres, &nclo);
	else
		st = store_close_stale(cli->c_store,
		    (int)cf->cf_stale_waiting_days,
		    (int)cf->cf_stale_resolved_days, "close-stale", &nres,
		    &nclo, &mv, &nmv);
	if (st != STORE_ONE)
		return cli_store_fail(cli, st == STORE_NONE ? STORE_HARD : st,
		    0);
	for (i = 0; i < nmv; i++) {
		fprintf(stderr, "ticket %ld: %s -> %s\n", mv[i].sm_number,
		    ticket_status_name(mv[i].sm_from),
		    ticket_status_name(mv[i].sm_to));
		/* each notice in its own transaction: a failure costs one
		 * notice, never the status change already made */
		if (store_begin(cli->c_store) == STORE_ONE &&
		    cli_set_status(cli, mv[i].sm_number, mv[i].sm_to, NULL, 0,
		    1) == STORE_ONE)
			(void)store_commit(cli->c_store);
		else
			store_rollback(cli->c_store);
	}
	free(mv);
	if (json)
		cli_json_print(json_pack("{s:I s:I s:b}", "resolved",
		    (json_int_t)nres, "closed", (json_int_t)nclo, "dry_run",
		    dry));
	else
		printf("%s%ld waiting ticket(s) resolved (older than %ld "
		    "days), %ld resolved ticket(s) closed (older than %ld "
		    "days)\n", dry ? "dry run: " : "", nres,
		    cf->cf_stale_waiting_days, nclo, cf->cf_stale_resolved_days);
	return 0;
}

/* "3h 12m" for a duration in seconds. */
static void
duration(double secs, char *out, size_t len)
{
	long s = (long)(secs + 0.5);

	if (s >= 86400)
		snprintf(out, len, "%ldd %ldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(out, len, "%ldh %ldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(out, len, "%ldm %lds", s / 60, s % 60);
	else
		snprintf(out, len, "%lds", s);
}

/* A two-column table of n counts named by name(k), with a heading. */
static void
stats_table(struct cli *cli, const char *h1, const char *h2,
    const long *counts, int n, const char *(*name)(int))
{
	const char *heads[2] = { h1, h2 };
	const char *cells[2];
	char num[32];
	struct table *t;
	int k;

	t = table_new(2, heads);
	table_right(t, 1);
	for (k = 0; k < n; k++) {
		snprintf(num, sizeof(num), "%ld", counts[k]);
		cells[0] = name(k);
		cells[1] = num;
		table_row(t, cells, NULL);
	}
	table_print(t, stdout, term_width(), cli->c_color);
	table_free(t);
}

/* Names of the rows of stats_table(). */
static const char *
status_name(int k)
{
	return ticket_status_name((enum ticket_status)k);
}

static const char *
priority_name(int k)
{
	return ticket_priority_name((enum ticket_priority)k);
}

/* "a 1, b 2" for the counts, "none" when there are none. */
static void
stats_counts(const struct store_count *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s%s %ld", i > 0 ? ", " : "", c[i].sc_name, c[i].sc_n);
	printf("%s\n", n == 0 ? "none" : "");
}

/* The outbox line of stats. */
static void
stats_outbox(struct cli *cli, const struct store_stats *ss)
{
	long failed = ss->ss_outbox[SO_FAILED];
	char d[32];

	printf("Outbox:                %ld pending (%ld due, %ld "
	    "retrying), %ld sent, ", ss->ss_outbox[SO_PENDING],
	    ss->ss_outbox_due, ss->ss_outbox_retrying,
	    ss->ss_outbox[SO_SENT]);
	if (cli->c_color && failed > 0)
		printf("\033[%sm%ld failed\033[0m", CLR_RED, failed);
	else
		printf("%ld failed", failed);
	if (ss->ss_oldest_pending_age_s >= 0) {
		duration((double)ss->ss_oldest_pending_age_s, d, sizeof(d));
		printf("; oldest pending %s", d);
	}
	printf("\n");
}

/* stats for people. */
static void
stats_human(struct cli *cli, const struct store_stats *ss)
{
	char d[32];

	stats_table(cli, "STATUS", "TICKETS", ss->ss_by_status, TS__MAX,
	    status_name);
	printf("\n");
	stats_table(cli, "PRIORITY", "UNRESOLVED", ss->ss_open_by_priority,
	    TP__MAX, priority_name);
	printf("\nTickets:               %ld\n", ss->ss_tickets);
	if (cli->c_color && ss->ss_overdue > 0)
		printf("Overdue:               \033[%sm%ld\033[0m\n", CLR_RED,
		    ss->ss_overdue);
	else
		printf("Overdue:               %ld\n", ss->ss_overdue);
	if (ss->ss_median_first_response_s < 0)
		printf("Median first response: -\n");
	else {
		duration((double)ss->ss_median_first_response_s, d,
		    sizeof(d));
		printf("Median first response: %s (%ld tickets)\n", d,
		    ss->ss_first_responses);
	}
	printf("Redactions:            ");
	stats_counts(ss->ss_redactions, ss->ss_nredactions);
	stats_outbox(cli, ss);
}

/* postdeskctl stats --html FILE: the digest as a page. */
static int
stats_html(struct cli *cli, const char *path)
{
	struct buf text = BUF_INIT, html = BUF_INIT;
	char title[64];
	FILE *f;
	int rc;

	rc = cli_digest(cli, cli->c_now + cli->c_conf->cf_clock_offset,
	    &text, &html, title, sizeof(title));
	if (rc == 0) {
		if ((f = fopen(path, "w")) == NULL ||
		    fwrite(html.b_data, 1, html.b_len, f) != html.b_len ||
		    fclose(f) != 0) {
			fprintf(stderr, "postdeskctl: %s: %s\n", path,
			    strerror(errno));
			rc = EX_CANTCREAT;
		}
	}
	buf_free(&text);
	buf_free(&html);
	return rc;
}

/* postdeskctl stats [--json | --html FILE] */
int
cmd_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "html", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_stats ss;
	enum store_status st;
	const char *html = NULL;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "jH:h", opts, NULL)) != -1)
		switch (ch) {
		case 'j': json = 1; break;
		case 'H': html = optarg; break;
		case 'h': return cli_help("stats");
		default: return cli_usage("stats");
		}
	if (optind != argc || (json && html != NULL))
		return cli_usage("stats");
	if (html != NULL)
		return stats_html(cli, html);
	if ((rc = cli_store(cli)) != 0)
		return rc;
	if ((st = store_stats(cli->c_store, &ss)) != STORE_ONE)
		return cli_store_fail(cli, st == STORE_NONE ? STORE_HARD : st,
		    0);
	if (json)
		cli_json_print(cli_stats_json(&ss));
	else
		stats_human(cli, &ss);
	store_stats_free(&ss);
	return 0;
}

/* One outbox row as a table row. */
static void
outbox_row(struct cli *cli, struct table *t, const struct store_outbox_row *o)
{
	const char *cells[8], *colors[8] = { NULL };
	const char *state = o->or_state != NULL ? o->or_state : "";
	char id[24], tk[24], tries[16], next[32];

	snprintf(id, sizeof(id), "%ld", o->or_id);
	if (o->or_ticket > 0)
		snprintf(tk, sizeof(tk), "%ld", o->or_ticket);
	else
		snprintf(tk, sizeof(tk), "-");
	snprintf(tries, sizeof(tries), "%d", o->or_attempts);
	if (strcmp(state, "pending") == 0 &&
	    o->or_next_attempt_at != STORE_NO_TIME)
		reltime(o->or_next_attempt_at, cli->c_now, next, sizeof(next));
	else
		snprintf(next, sizeof(next), "-");
	cells[0] = id;
	cells[1] = tk;
	cells[2] = o->or_kind != NULL ? o->or_kind : "";
	cells[3] = o->or_rcpt != NULL ? o->or_rcpt : "";
	cells[4] = state;
	cells[5] = tries;
	cells[6] = next;
	cells[7] = o->or_last_error != NULL ? o->or_last_error : "";
	if (strcmp(state, "failed") == 0)
		colors[4] = CLR_RED;
	else if (strcmp(state, "sent") == 0)
		colors[4] = CLR_GREEN;
	table_row(t, cells, colors);
}

/* The outbox as a table or as JSON. */
static int
outbox_list(struct cli *cli, int all, int json)
{
	static const char *const heads[] = { "ID", "TICKET", "KIND", "RCPT",
	    "STATE", "TRIES", "NEXT", "LAST ERROR" };
	struct store_outbox_row *rows;
	enum store_status st;
	struct table *t;
	size_t i, n;

	if ((st = store_outbox_list(cli->c_store, all, &rows, &n)) !=
	    STORE_ONE)
		return cli_store_fail(cli, st == STORE_NONE ? STORE_HARD : st,
		    0);
	if (json)
		cli_json_print(cli_outbox_json(rows, n));
	else if (n == 0)
		printf(all ? "the outbox is empty\n" : "nothing waiting in "
		    "the outbox\n");
	else {
		t = table_new(8, heads);
		table_right(t, 0);
		table_right(t, 1);
		table_right(t, 5);
		table_flex(t, 3);
		table_flex(t, 7);
		for (i = 0; i < n; i++)
			outbox_row(cli, t, &rows[i]);
		table_print(t, stdout, term_width(), cli->c_color);
		table_free(t);
	}
	store_outbox_rows_free(rows, n);
	return 0;
}

/* --retry / --drop of one row. */
static int
outbox_change(struct cli *cli, long retry, long drop, int json)
{
	enum store_status st;
	long id = retry > 0 ? retry : drop;

	st = retry > 0 ? store_outbox_retry(cli->c_store, id) :
	    store_outbox_drop(cli->c_store, id);
	if (st == STORE_NONE) {
		fprintf(stderr, "postdeskctl: no unsent outbox row %ld\n", id);
		return EX_DATAERR;
	}
	if (st != STORE_ONE)
		return cli_store_fail(cli, st, 0);
	if (json)
		cli_json_print(json_pack("{s:I s:b}", "id", (json_int_t)id,
		    retry > 0 ? "retried" : "dropped", 1));
	else
		printf("outbox row %ld %s\n", id, retry > 0 ?
		    "due now (attempts reset)" : "dropped");
	return 0;
}

/* One sending pass through smtp_url. */
static int
outbox_flush(struct cli *cli, int json)
{
	struct smtp_session *ss;
	int sent;

	if (cli->c_conf->cf_smtp_url == NULL ||
	    *cli->c_conf->cf_smtp_url == '\0') {
		fprintf(stderr, "postdeskctl: no smtp_url configured\n");
		return EX_CONFIG;
	}
	ss = smtp_session_new(cli->c_conf->cf_smtp_url);
	sent = notifier_run_once(cli->c_store, ss,
	    (int)cli->c_conf->cf_outbox_max_attempts);
	smtp_session_free(ss);
	if (sent < 0) {
		fprintf(stderr, "postdeskctl: outbox: the pass failed: %s\n",
		    store_error(cli->c_store));
		return EX_TEMPFAIL;
	}
	if (json)
		cli_json_print(json_pack("{s:i}", "sent", sent));
	else
		printf("sent %d\n", sent);
	return 0;
}

/* postdeskctl outbox [--all] [--flush] [--json] [--retry ID] [--drop ID] */
int
cmd_outbox(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "all", no_argument, NULL, 'a' },
		{ "flush", no_argument, NULL, 'f' },
		{ "retry", required_argument, NULL, 'r' },
		{ "drop", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long retry = 0, drop = 0;
	int ch, all = 0, flush = 0, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "jafr:d:h", opts, NULL)) != -1)
		switch (ch) {
		case 'j': json = 1; break;
		case 'a': all = 1; break;
		case 'f': flush = 1; break;
		case 'r':
			if ((retry = cli_ticket_arg(optarg)) <= 0)
				return cli_usage("outbox");
			break;
		case 'd':
			if ((drop = cli_ticket_arg(optarg)) <= 0)
				return cli_usage("outbox");
			break;
		case 'h': return cli_help("outbox");
		default: return cli_usage("outbox");
		}
	if (optind != argc || flush + (retry > 0) + (drop > 0) > 1)
		return cli_usage("outbox");
	if ((rc = cli_store(cli)) != 0)
		return rc;
	if (flush)
		return outbox_flush(cli, json);
	if (retry > 0 || drop > 0)
		return outbox_change(cli, retry, drop, json);
	return outbox_list(cli, all, json);
}
