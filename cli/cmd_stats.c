/* cmd_stats.c - postdeskctl close-stale, stats and outbox.
 *
 * These work from what store/ offers to every caller: the ticket list and
 * the tickets as JSON, status changes one transaction per ticket, and one
 * outbox pass through the notifier.  close-stale measures staleness from
 * a ticket's updated_at (its last message or change).
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

/* Reads the ticket list (status may be NULL); NULL after saying why. */
static struct jv *
list_tickets(struct cli *cli, const char *status, int *rc)
{
	struct buf b = BUF_INIT;
	enum store_status st;
	struct jv *a;

	if ((*rc = cli_store(cli)) != 0)
		return NULL;
	st = store_list_json(cli->c_store, status, cli->c_conf->cf_tag_prefix,
	    &b);
	if (st != STORE_ONE) {
		*rc = cli_store_fail(cli, st, 0);
		buf_free(&b);
		return NULL;
	}
	if ((a = jv_parse(b.b_data != NULL ? b.b_data : "[]")) == NULL ||
	    a->j_type != JV_ARRAY) {
		fprintf(stderr, "postdeskctl: cannot read the list JSON\n");
		jv_free(a);
		a = NULL;
		*rc = EX_SOFTWARE;
	}
	buf_free(&b);
	return a;
}

/* Moves ticket n from one status to another if it still has it. */
static enum store_status
move(struct cli *cli, long n, enum ticket_status from, enum ticket_status to)
{
	struct store_ticket t;
	enum store_status st;

	if ((st = store_begin(cli->c_store)) != STORE_ONE)
		return st;
	st = store_ticket_get(cli->c_store, n, &t);
	if (st == STORE_ONE && t.t_status != from)
		st = STORE_NONE;
	if (st == STORE_ONE)
		st = store_ticket_set_status(cli->c_store, n, to,
		    "close-stale");
	if (st == STORE_ONE)
		st = store_commit(cli->c_store);
	if (st != STORE_ONE)
		store_rollback(cli->c_store);
	return st;
}

/* Moves every ticket of list a older than days; counts in *moved. */
static int
move_stale(struct cli *cli, const struct jv *a, long days,
    enum ticket_status from, enum ticket_status to, int dry, long *moved)
{
	enum store_status st;
	time_t u, limit = cli->c_now - (time_t)days * 86400;
	size_t i;
	long n;

	for (i = 0; i < a->j_n; i++) {
		u = cli_time(jv_get(a->j_v[i], "updated_at"));
		n = (long)jv_num(a->j_v[i], "number", 0);
		if (u == (time_t)-1 || u > limit || n <= 0)
			continue;
		if (!dry && (st = move(cli, n, from, to)) != STORE_ONE) {
			if (st == STORE_NONE)
				continue;	/* changed meanwhile */
			return cli_store_fail(cli, st, n);
		}
		if (!dry)
			fprintf(stderr, "ticket %ld: %s -> %s\n", n,
			    ticket_status_name(from), ticket_status_name(to));
		(*moved)++;
	}
	return 0;
}

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
	struct jv *waiting = NULL, *resolved = NULL;
	long nres = 0, nclo = 0;
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
	/* Both lists first: a ticket resolved now is not closed in the
	 * same run. */
	if ((waiting = list_tickets(cli, "waiting", &rc)) == NULL ||
	    (resolved = list_tickets(cli, "resolved", &rc)) == NULL)
		goto out;
	if ((rc = move_stale(cli, resolved, cf->cf_stale_resolved_days,
	    TS_RESOLVED, TS_CLOSED, dry, &nclo)) != 0)
		goto out;
	if ((rc = move_stale(cli, waiting, cf->cf_stale_waiting_days,
	    TS_WAITING, TS_RESOLVED, dry, &nres)) != 0)
		goto out;
	if (json)
		printf("{\"resolved\":%ld,\"closed\":%ld,\"dry_run\":%s}\n",
		    nres, nclo, dry ? "true" : "false");
	else
		printf("%s%ld waiting ticket(s) resolved (older than %ld "
		    "days), %ld resolved ticket(s) closed (older than %ld "
		    "days)\n", dry ? "dry run: " : "", nres,
		    cf->cf_stale_waiting_days, nclo, cf->cf_stale_resolved_days);
out:
	jv_free(waiting);
	jv_free(resolved);
	return rc;
}

struct stats {
	long		 s_total;
	long		 s_status[TS__MAX];
	long		 s_prio[TP__MAX];	/* of unresolved tickets */
	long		 s_overdue;
	double		*s_fr;			/* first responses, seconds */
	size_t		 s_nfr;
	struct kind {
		char	*k_name;
		long	 k_n;
	}		 s_kinds[32];
	size_t		 s_nkinds;
};

/* Adds a ticket's redaction counts ({"password":2,...}). */
static void
stats_redactions(struct stats *s, const struct jv *r)
{
	size_t i, k;

	for (i = 0; r != NULL && r->j_type == JV_OBJECT && i < r->j_n; i++) {
		for (k = 0; k < s->s_nkinds; k++)
			if (strcmp(s->s_kinds[k].k_name, r->j_v[i]->j_key) == 0)
				break;
		if (k == s->s_nkinds) {
			if (k == sizeof(s->s_kinds) / sizeof(s->s_kinds[0]))
				continue;
			s->s_kinds[s->s_nkinds++].k_name =
			    xstrdup(r->j_v[i]->j_key);
		}
		s->s_kinds[k].k_n += (long)jv_num(r->j_v[i], NULL, 0);
	}
}

/* Reads one ticket in full for its first response and redactions. */
static int
stats_ticket(struct cli *cli, struct stats *s, long n)
{
	struct buf b = BUF_INIT;
	enum store_status st;
	struct jv *t;
	time_t c, f;

	st = store_ticket_json(cli->c_store, n, cli->c_conf->cf_tag_prefix,
	    &b);
	if (st == STORE_NONE) {
		buf_free(&b);
		return 0;
	}
	if (st != STORE_ONE) {
		buf_free(&b);
		return cli_store_fail(cli, st, n);
	}
	if ((t = jv_parse(b.b_data)) != NULL) {
		c = cli_time(jv_get(t, "created_at"));
		f = cli_time(jv_get(t, "first_response_at"));
		if (c != (time_t)-1 && f != (time_t)-1 && f >= c) {
			s->s_fr = xreallocarray(s->s_fr, s->s_nfr + 1,
			    sizeof(*s->s_fr));
			s->s_fr[s->s_nfr++] = (double)(f - c);
		}
		stats_redactions(s, jv_get(t, "redactions"));
		if (cli_overdue(t, cli->c_now))
			s->s_overdue++;
	}
	jv_free(t);
	buf_free(&b);
	return 0;
}

/* Orders doubles. */
static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of the first-response times, or -1. */
static double
stats_median(struct stats *s)
{
	if (s->s_nfr == 0)
		return -1;
	qsort(s->s_fr, s->s_nfr, sizeof(*s->s_fr), dbl_cmp);
	if (s->s_nfr % 2)
		return s->s_fr[s->s_nfr / 2];
	return (s->s_fr[s->s_nfr / 2 - 1] + s->s_fr[s->s_nfr / 2]) / 2;
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

/* stats as one JSON object. */
static void
stats_json(struct stats *s, double med)
{
	size_t i;

	printf("{\"tickets\":%ld,\"by_status\":{", s->s_total);
	for (i = 0; i < TS__MAX; i++)
		printf("%s\"%s\":%ld", i ? "," : "",
		    ticket_status_name((enum ticket_status)i), s->s_status[i]);
	printf("},\"open_by_priority\":{");
	for (i = 0; i < TP__MAX; i++)
		printf("%s\"%s\":%ld", i ? "," : "",
		    ticket_priority_name((enum ticket_priority)i),
		    s->s_prio[i]);
	printf("},\"overdue\":%ld,\"first_responses\":%zu,"
	    "\"median_first_response_s\":", s->s_overdue, s->s_nfr);
	if (med < 0)
		printf("null");
	else
		printf("%.0f", med);
	printf(",\"redactions\":{");
	for (i = 0; i < s->s_nkinds; i++) {
		struct buf b = BUF_INIT;

		buf_add_json(&b, s->s_kinds[i].k_name);
		printf("%s%s:%ld", i ? "," : "", b.b_data, s->s_kinds[i].k_n);
		buf_free(&b);
	}
	printf("},\"outbox\":null}\n");
}

/* stats for people. */
static void
stats_human(struct cli *cli, struct stats *s, double med)
{
	static const char *const h1[] = { "STATUS", "TICKETS" };
	static const char *const h2[] = { "PRIORITY", "UNRESOLVED" };
	const char *cells[2];
	char num[32], d[32];
	struct table *t;
	size_t i;

	t = table_new(2, h1);
	table_right(t, 1);
	for (i = 0; i < TS__MAX; i++) {
		snprintf(num, sizeof(num), "%ld", s->s_status[i]);
		cells[0] = ticket_status_name((enum ticket_status)i);
		cells[1] = num;
		table_row(t, cells, NULL);
	}
	table_print(t, stdout, term_width(), cli->c_color);
	table_free(t);
	printf("\n");
	t = table_new(2, h2);
	table_right(t, 1);
	for (i = 0; i < TP__MAX; i++) {
		snprintf(num, sizeof(num), "%ld", s->s_prio[i]);
		cells[0] = ticket_priority_name((enum ticket_priority)i);
		cells[1] = num;
		table_row(t, cells, NULL);
	}
	table_print(t, stdout, term_width(), cli->c_color);
	table_free(t);
	printf("\nTickets:               %ld\n", s->s_total);
	if (cli->c_color && s->s_overdue > 0)
		printf("Overdue:               \033[%sm%ld\033[0m\n", CLR_RED,
		    s->s_overdue);
	else
		printf("Overdue:               %ld\n", s->s_overdue);
	if (med < 0)
		printf("Median first response: -\n");
	else {
		duration(med, d, sizeof(d));
		printf("Median first response: %s (%zu tickets)\n", d,
		    s->s_nfr);
	}
	printf("Redactions:            ");
	for (i = 0; i < s->s_nkinds; i++)
		printf("%s%s %ld", i ? ", " : "", s->s_kinds[i].k_name,
		    s->s_kinds[i].k_n);
	printf("%s\n", s->s_nkinds == 0 ? "none" : "");
	printf("Outbox:                not reported (no store support)\n");
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
	struct stats s;
	enum ticket_status ts;
	enum ticket_priority tp;
	struct jv *a;
	double med;
	size_t i;
	int ch, json = 0, rc = 0;

	while ((ch = getopt_long(argc, argv, "jh", opts, NULL)) != -1)
		switch (ch) {
		case 'j': json = 1; break;
		case 'h': return cli_help("stats");
		default: return cli_usage("stats");
		}
	if (optind != argc)
		return cli_usage("stats");
	if ((a = list_tickets(cli, NULL, &rc)) == NULL)
		return rc;
	memset(&s, 0, sizeof(s));
	for (i = 0; i < a->j_n && rc == 0; i++) {
		const struct jv *t = a->j_v[i];

		s.s_total++;
		if (jv_str(t, "status") != NULL &&
		    ticket_status_parse(jv_str(t, "status"), &ts) == 0)
			s.s_status[ts]++;
		else
			continue;
		if (ts != TS_RESOLVED && ts != TS_CLOSED &&
		    jv_str(t, "priority") != NULL &&
		    ticket_priority_parse(jv_str(t, "priority"), &tp) == 0)
			s.s_prio[tp]++;
		rc = stats_ticket(cli, &s, (long)jv_num(t, "number", 0));
	}
	jv_free(a);
	if (rc == 0) {
		med = stats_median(&s);
		if (json)
			stats_json(&s, med);
		else
			stats_human(cli, &s, med);
	}
	for (i = 0; i < s.s_nkinds; i++)
		free(s.s_kinds[i].k_name);
	free(s.s_fr);
	return rc;
}

/* postdeskctl outbox [--flush] [--json] [--retry ID] [--drop ID] */
int
cmd_outbox(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "flush", no_argument, NULL, 'f' },
		{ "retry", required_argument, NULL, 'r' },
		{ "drop", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct smtp_session *ss;
	int ch, flush = 0, rc, sent;

	while ((ch = getopt_long(argc, argv, "jfr:d:h", opts, NULL)) != -1)
		switch (ch) {
		case 'j': break;
		case 'f': flush = 1; break;
		case 'r':
		case 'd':
			if (cli_ticket_arg(optarg) < 0)
				return cli_usage("outbox");
			break;
		case 'h': return cli_help("outbox");
		default: return cli_usage("outbox");
		}
	if (optind != argc)
		return cli_usage("outbox");
	if (!flush) {
		fprintf(stderr, "postdeskctl: outbox: listing, --retry and "
		    "--drop are not available in this build\n");
		return EX_UNAVAILABLE;
	}
	if ((rc = cli_store(cli)) != 0)
		return rc;
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
	printf("sent %d\n", sent);
	return 0;
}
