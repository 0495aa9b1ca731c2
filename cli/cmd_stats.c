/* cmd_stats.c - postdeskctl close-stale, stats and outbox.
 *
 * Each is one or two calls into store/: close-stale moves every stale
 * ticket in one statement (staleness counted from the last change of
 * status), stats is one query whose JSON is printed as it is or read back
 * for people, outbox lists, retries or drops rows, or makes one sending
 * pass through the notifier.
 */
#include "config.h"

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
		printf("{\"resolved\":%ld,\"closed\":%ld,\"dry_run\":%s}\n",
		    nres, nclo, dry ? "true" : "false");
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

/* A two-column table of the counts in object o, with a heading. */
static void
stats_table(struct cli *cli, const char *h1, const char *h2,
    const struct jv *o)
{
	const char *heads[2] = { h1, h2 };
	const char *cells[2];
	char num[32];
	struct table *t;
	size_t i;

	t = table_new(2, heads);
	table_right(t, 1);
	for (i = 0; o != NULL && o->j_type == JV_OBJECT && i < o->j_n; i++) {
		snprintf(num, sizeof(num), "%.0f", jv_num(o->j_v[i], NULL, 0));
		cells[0] = o->j_v[i]->j_key;
		cells[1] = num;
		table_row(t, cells, NULL);
	}
	table_print(t, stdout, term_width(), cli->c_color);
	table_free(t);
}

/* "a 1, b 2" for the counts of object o, "none" when empty. */
static void
stats_counts(const struct jv *o)
{
	size_t i, n = 0;

	for (i = 0; o != NULL && o->j_type == JV_OBJECT && i < o->j_n; i++)
		printf("%s%s %.0f", n++ ? ", " : "", o->j_v[i]->j_key,
		    jv_num(o->j_v[i], NULL, 0));
	printf("%s\n", n == 0 ? "none" : "");
}

/* The outbox line of stats. */
static void
stats_outbox(struct cli *cli, const struct jv *ob)
{
	const struct jv *bs = jv_get(ob, "by_state");
	const struct jv *age = jv_get(ob, "oldest_pending_age_s");
	double failed = jv_num(bs, "failed", 0);
	char d[32];

	printf("Outbox:                %.0f pending (%.0f due, %.0f "
	    "retrying), %.0f sent, ", jv_num(bs, "pending", 0),
	    jv_num(ob, "due", 0), jv_num(ob, "retrying", 0),
	    jv_num(bs, "sent", 0));
	if (cli->c_color && failed > 0)
		printf("\033[%sm%.0f failed\033[0m", CLR_RED, failed);
	else
		printf("%.0f failed", failed);
	if (age != NULL && age->j_type == JV_NUMBER) {
		duration(age->j_num, d, sizeof(d));
		printf("; oldest pending %s", d);
	}
	printf("\n");
}

/* stats for people, from the JSON of store_stats_json. */
static void
stats_human(struct cli *cli, const struct jv *s)
{
	const struct jv *med = jv_get(s, "median_first_response_s");
	double over = jv_num(s, "overdue", 0);
	char d[32];

	stats_table(cli, "STATUS", "TICKETS", jv_get(s, "by_status"));
	printf("\n");
	stats_table(cli, "PRIORITY", "UNRESOLVED",
	    jv_get(s, "open_by_priority"));
	printf("\nTickets:               %.0f\n", jv_num(s, "tickets", 0));
	if (cli->c_color && over > 0)
		printf("Overdue:               \033[%sm%.0f\033[0m\n", CLR_RED,
		    over);
	else
		printf("Overdue:               %.0f\n", over);
	if (med == NULL || med->j_type != JV_NUMBER)
		printf("Median first response: -\n");
	else {
		duration(med->j_num, d, sizeof(d));
		printf("Median first response: %s (%.0f tickets)\n", d,
		    jv_num(s, "first_responses", 0));
	}
	printf("Redactions:            ");
	stats_counts(jv_get(s, "redactions"));
	stats_outbox(cli, jv_get(s, "outbox"));
}

/* postdeskctl stats [--json] */
int
cmd_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf b = BUF_INIT;
	enum store_status st;
	struct jv *s;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "jh", opts, NULL)) != -1)
		switch (ch) {
		case 'j': json = 1; break;
		case 'h': return cli_help("stats");
		default: return cli_usage("stats");
		}
	if (optind != argc)
		return cli_usage("stats");
	if ((rc = cli_store(cli)) != 0)
		return rc;
	if ((st = store_stats_json(cli->c_store, &b)) != STORE_ONE) {
		buf_free(&b);
		return cli_store_fail(cli, st == STORE_NONE ? STORE_HARD : st,
		    0);
	}
	if (json)
		printf("%s\n", b.b_data);
	else if ((s = jv_parse(b.b_data)) == NULL) {
		fprintf(stderr, "postdeskctl: cannot read the stats JSON\n");
		rc = EX_SOFTWARE;
	} else {
		stats_human(cli, s);
		jv_free(s);
	}
	buf_free(&b);
	return rc;
}

/* One outbox row as a table row. */
static void
outbox_row(struct cli *cli, struct table *t, const struct jv *o)
{
	const char *cells[8], *colors[8] = { NULL };
	const char *state = jv_str(o, "state"), *err = jv_str(o, "last_error");
	char id[24], tk[24], tries[16], next[32];
	time_t at = cli_time(jv_get(o, "next_attempt_at"));

	snprintf(id, sizeof(id), "%.0f", jv_num(o, "id", 0));
	if (jv_num(o, "ticket", 0) > 0)
		snprintf(tk, sizeof(tk), "%.0f", jv_num(o, "ticket", 0));
	else
		snprintf(tk, sizeof(tk), "-");
	snprintf(tries, sizeof(tries), "%.0f", jv_num(o, "attempts", 0));
	if (state != NULL && strcmp(state, "pending") == 0 &&
	    at != (time_t)-1)
		reltime(at, cli->c_now, next, sizeof(next));
	else
		snprintf(next, sizeof(next), "-");
	cells[0] = id;
	cells[1] = tk;
	cells[2] = jv_str(o, "kind") ? jv_str(o, "kind") : "";
	cells[3] = jv_str(o, "rcpt") ? jv_str(o, "rcpt") : "";
	cells[4] = state != NULL ? state : "";
	cells[5] = tries;
	cells[6] = next;
	cells[7] = err != NULL ? err : "";
	if (state != NULL && strcmp(state, "failed") == 0)
		colors[4] = CLR_RED;
	else if (state != NULL && strcmp(state, "sent") == 0)
		colors[4] = CLR_GREEN;
	table_row(t, cells, colors);
}

/* The outbox as a table or as JSON. */
static int
outbox_list(struct cli *cli, int all, int json)
{
	static const char *const heads[] = { "ID", "TICKET", "KIND", "RCPT",
	    "STATE", "TRIES", "NEXT", "LAST ERROR" };
	struct buf b = BUF_INIT;
	enum store_status st;
	struct table *t;
	struct jv *a;
	size_t i;

	if ((st = store_outbox_list_json(cli->c_store, all, &b)) !=
	    STORE_ONE) {
		buf_free(&b);
		return cli_store_fail(cli, st == STORE_NONE ? STORE_HARD : st,
		    0);
	}
	if (json) {
		printf("%s\n", b.b_data);
		buf_free(&b);
		return 0;
	}
	a = jv_parse(b.b_data);
	buf_free(&b);
	if (a == NULL || a->j_type != JV_ARRAY) {
		jv_free(a);
		fprintf(stderr, "postdeskctl: cannot read the outbox JSON\n");
		return EX_SOFTWARE;
	}
	if (a->j_n == 0)
		printf(all ? "the outbox is empty\n" : "nothing waiting in "
		    "the outbox\n");
	else {
		t = table_new(8, heads);
		table_right(t, 0);
		table_right(t, 1);
		table_right(t, 5);
		table_flex(t, 3);
		table_flex(t, 7);
		for (i = 0; i < a->j_n; i++)
			outbox_row(cli, t, a->j_v[i]);
		table_print(t, stdout, term_width(), cli->c_color);
		table_free(t);
	}
	jv_free(a);
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
		printf("{\"id\":%ld,\"%s\":true}\n", id,
		    retry > 0 ? "retried" : "dropped");
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
		printf("{\"sent\":%d}\n", sent);
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
