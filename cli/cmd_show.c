/* cmd_show.c - postdeskctl show and list: tickets for people and scripts.
 *
 * --json passes store/'s JSON through untouched (one line, newline added).
 * The human forms read that JSON back: show prints a header block and the
 * message thread, list an aligned table that fits the terminal.  A ticket
 * whose first-response due time has passed while it still waits for us is
 * marked overdue (red on a colour terminal).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "common/xalloc.h"

/* 1 when the ticket waits for a first response past its due time. */
int
cli_overdue(const struct jv *t, time_t now)
{
	const struct jv *o = jv_get(t, "overdue");
	const char *st = jv_str(t, "status");
	const struct jv *fr = jv_get(t, "first_response_at");
	time_t due = cli_time(jv_get(t, "due_at"));

	if (o != NULL && o->j_type == JV_BOOL)
		return o->j_num != 0;
	if (st == NULL || (strcmp(st, "open") != 0 &&
	    strcmp(st, "in_progress") != 0))
		return 0;
	if (fr != NULL && fr->j_type != JV_NULL)
		return 0;
	return due != (time_t)-1 && due < now;
}

/* Joins the strings of an array with ", ". */
static void
join_array(const struct jv *a, struct buf *out)
{
	size_t i;

	if (a == NULL || a->j_type != JV_ARRAY)
		return;
	for (i = 0; i < a->j_n; i++) {
		const char *s = jv_str(a->j_v[i], NULL);

		if (s == NULL) {
			const char *addr = jv_str(a->j_v[i], "address");

			s = addr != NULL ? addr : jv_str(a->j_v[i], "addr");
		}
		if (s == NULL)
			continue;
		if (out->b_len > 0)
			buf_adds(out, ", ");
		buf_adds(out, s);
	}
}

/* One "Label:  value" line, skipped when value is empty. */
static void
field(const char *label, const char *value, const char *color, int use)
{
	if (value == NULL || *value == '\0')
		return;
	printf("%-11s ", label);
	if (use && color != NULL)
		printf("\033[%sm%s\033[0m\n", color, value);
	else
		printf("%s\n", value);
}

/* A time as "2026-01-31 14:05 (3h ago)". */
static void
field_time(struct cli *cli, const char *label, const struct jv *v,
    const char *color)
{
	char abs[64], rel[32], line[128];
	time_t t = cli_time(v);

	if (t == (time_t)-1)
		return;
	abstime(t, abs, sizeof(abs));
	reltime(t, cli->c_now, rel, sizeof(rel));
	snprintf(line, sizeof(line), "%s (%s)", abs, rel);
	field(label, line, color, cli->c_color);
}

/* Prints one message of the thread. */
static void
show_message(struct cli *cli, const struct jv *m, size_t i)
{
	const char *dir = jv_str(m, "direction");
	const char *text = jv_str(m, "text");
	const struct jv *att = jv_get(m, "attachments");
	const struct jv *at = jv_get(m, "created_at");
	char abs[64] = "", rel[32] = "";
	size_t k;

	if (at == NULL)
		at = jv_get(m, "date");
	if (cli_time(at) != (time_t)-1) {
		abstime(cli_time(at), abs, sizeof(abs));
		reltime(cli_time(at), cli->c_now, rel, sizeof(rel));
	}
	if (cli->c_color)
		printf("\033[%sm", dir != NULL && strcmp(dir, "note") == 0 ?
		    CLR_YELLOW : CLR_BLUE);
	printf("--- #%zu %s from %s", i + 1, dir != NULL ? dir : "?",
	    jv_str(m, "from") != NULL ? jv_str(m, "from") : "?");
	if (abs[0] != '\0')
		printf(", %s (%s)", abs, rel);
	printf(" ---");
	printf("%s\n", cli->c_color ? "\033[0m" : "");
	if (jv_str(m, "subject") != NULL)
		printf("Subject: %s\n", jv_str(m, "subject"));
	printf("\n%s", text != NULL ? text : "");
	if (text == NULL || text[0] == '\0' || text[strlen(text) - 1] != '\n')
		printf("\n");
	for (k = 0; att != NULL && att->j_type == JV_ARRAY && k < att->j_n;
	    k++)
		printf("  [attachment] %s (%s, %.0f bytes)\n",
		    jv_str(att->j_v[k], "filename") ?
		    jv_str(att->j_v[k], "filename") : "(unnamed)",
		    jv_str(att->j_v[k], "content_type") ?
		    jv_str(att->j_v[k], "content_type") : "?",
		    jv_num(att->j_v[k], "size", 0));
	printf("\n");
}

/* The header block and thread of a ticket. */
static void
show_human(struct cli *cli, const struct jv *t)
{
	struct buf b = BUF_INIT;
	const struct jv *msgs = jv_get(t, "messages");
	int over = cli_overdue(t, cli->c_now);
	char num[32];
	size_t i;

	snprintf(num, sizeof(num), "%.0f", jv_num(t, "number", 0));
	if (cli->c_color)
		printf("\033[1mTicket %s\033[0m  %s\n", num,
		    jv_str(t, "tag") ? jv_str(t, "tag") : "");
	else
		printf("Ticket %s  %s\n", num,
		    jv_str(t, "tag") ? jv_str(t, "tag") : "");
	field("Subject:", jv_str(t, "subject"), NULL, 0);
	field("Status:", jv_str(t, "status"), NULL, 0);
	field("Priority:", jv_str(t, "priority"), NULL, 0);
	field("Category:", jv_str(t, "category"), NULL, 0);
	field("Issue type:", jv_str(t, "issue_type"), NULL, 0);
	field("Language:", jv_str(t, "language"), NULL, 0);
	field("Requester:", jv_str(t, "requester"), NULL, 0);
	field("Assignee:", jv_str(t, "assignee"), NULL, 0);
	join_array(jv_get(t, "participants"), &b);
	field("Participants:", b.b_data, NULL, 0);
	buf_reset(&b);
	join_array(jv_get(t, "order_ids"), &b);
	field("Order IDs:", b.b_data, NULL, 0);
	buf_reset(&b);
	join_array(jv_get(t, "links"), &b);
	field("Links:", b.b_data, NULL, 0);
	buf_reset(&b);
	join_array(jv_get(t, "missing"), &b);
	field("Still needed:", b.b_data, NULL, 0);
	buf_free(&b);
	field_time(cli, "Created:", jv_get(t, "created_at"), NULL);
	field_time(cli, "Updated:", jv_get(t, "updated_at"), NULL);
	field_time(cli, over ? "Due:" : "Due:", jv_get(t, "due_at"),
	    over ? CLR_RED : NULL);
	if (over)
		field("", "OVERDUE", CLR_RED, cli->c_color);
	printf("\n");
	for (i = 0; msgs != NULL && msgs->j_type == JV_ARRAY &&
	    i < msgs->j_n; i++)
		show_message(cli, msgs->j_v[i], i);
}

/* postdeskctl show N [--json] */
int
cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf b = BUF_INIT;
	enum store_status st;
	struct jv *t;
	int ch, json = 0, rc;
	long n;

	while ((ch = getopt_long(argc, argv, "jh", opts, NULL)) != -1)
		switch (ch) {
		case 'j': json = 1; break;
		case 'h': return cli_help("show");
		default: return cli_usage("show");
		}
	if (optind + 1 != argc || (n = cli_ticket_arg(argv[optind])) < 0)
		return cli_usage("show");
	if ((rc = cli_store(cli)) != 0)
		return rc;
	st = store_ticket_json(cli->c_store, n, cli->c_conf->cf_tag_prefix,
	    &b);
	if (st != STORE_ONE) {
		buf_free(&b);
		return cli_store_fail(cli, st, n);
	}
	if (json) {
		printf("%s\n", b.b_data);
		buf_free(&b);
		return 0;
	}
	if ((t = jv_parse(b.b_data)) == NULL) {
		fprintf(stderr, "postdeskctl: cannot read the ticket JSON\n");
		buf_free(&b);
		return EX_SOFTWARE;
	}
	show_human(cli, t);
	jv_free(t);
	buf_free(&b);
	return 0;
}

/* One row of the list table. */
static void
list_row(struct cli *cli, struct table *tb, const struct jv *t)
{
	const char *cells[8], *colors[8] = { NULL };
	char num[32], upd[32], due[40], *subj = NULL;
	const struct jv *u = jv_get(t, "updated_at");
	const struct jv *miss = jv_get(t, "missing");
	int over = cli_overdue(t, cli->c_now);
	const char *pri = jv_str(t, "priority");

	if (u == NULL)
		u = jv_get(t, "created_at");
	snprintf(num, sizeof(num), "%.0f", jv_num(t, "number", 0));
	reltime(cli_time(u), cli->c_now, upd, sizeof(upd));
	reltime(cli_time(jv_get(t, "due_at")), cli->c_now, due,
	    sizeof(due));
	if (over)
		strncat(due, " OVERDUE", sizeof(due) - strlen(due) - 1);
	cells[0] = num;
	cells[1] = jv_str(t, "status");
	cells[2] = pri;
	cells[3] = jv_str(t, "subject");
	cells[4] = jv_str(t, "requester");
	cells[5] = jv_str(t, "assignee") ? jv_str(t, "assignee") : "-";
	cells[6] = upd;
	cells[7] = due;
	if (over)
		colors[7] = CLR_RED;
	/* a ticket still short of what its type needs says so first */
	if (miss != NULL && miss->j_type == JV_ARRAY && miss->j_n > 0) {
		subj = xasprintf("[needs %s context] %s",
		    jv_str(t, "issue_type") ? jv_str(t, "issue_type") :
		    "other", cells[3] != NULL ? cells[3] : "");
		cells[3] = subj;
		colors[3] = CLR_YELLOW;
	}
	if (pri != NULL && strcmp(pri, "urgent") == 0)
		colors[2] = CLR_RED;
	else if (pri != NULL && strcmp(pri, "high") == 0)
		colors[2] = CLR_YELLOW;
	table_row(tb, cells, colors);
	free(subj);
}

/* The --status and --type of list in their stored spelling; -1 (and a
 * word on stderr) when one is unknown. */
static int
list_filters(const char **status, const char **type)
{
	enum ticket_status ts;
	enum issue_type it;

	if (*status != NULL) {
		if (ticket_status_parse(*status, &ts) < 0) {
			fprintf(stderr, "postdeskctl: unknown status '%s'\n",
			    *status);
			return -1;
		}
		*status = ticket_status_name(ts);
	}
	if (*type != NULL) {
		if (ticket_issue_parse(*type, &it) < 0) {
			fprintf(stderr, "postdeskctl: unknown issue type "
			    "'%s'\n", *type);
			return -1;
		}
		*type = ticket_issue_name(it);
	}
	return 0;
}

/* postdeskctl list [--status S] [--type T] [--json] */
int
cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "status", required_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const heads[] = { "#", "STATUS", "PRIORITY",
	    "SUBJECT", "REQUESTER", "ASSIGNEE", "UPDATED", "DUE" };
	struct buf b = BUF_INIT;
	enum store_status st;
	const char *status = NULL, *type = NULL;
	struct table *tb;
	struct jv *a;
	int ch, json = 0, rc;
	size_t i;

	while ((ch = getopt_long(argc, argv, "js:t:h", opts, NULL)) != -1)
		switch (ch) {
		case 'j': json = 1; break;
		case 's': status = optarg; break;
		case 't': type = optarg; break;
		case 'h': return cli_help("list");
		default: return cli_usage("list");
		}
	if (optind != argc)
		return cli_usage("list");
	if (list_filters(&status, &type) < 0)
		return cli_usage("list");
	if ((rc = cli_store(cli)) != 0)
		return rc;
	st = store_list_json(cli->c_store, status, type,
	    cli->c_conf->cf_tag_prefix, &b);
	if (st != STORE_ONE && st != STORE_NONE) {
		buf_free(&b);
		return cli_store_fail(cli, st, 0);
	}
	if (json) {
		printf("%s\n", b.b_len > 0 ? b.b_data : "[]");
		buf_free(&b);
		return 0;
	}
	if ((a = jv_parse(b.b_len > 0 ? b.b_data : "[]")) == NULL ||
	    a->j_type != JV_ARRAY) {
		fprintf(stderr, "postdeskctl: cannot read the list JSON\n");
		jv_free(a);
		buf_free(&b);
		return EX_SOFTWARE;
	}
	if (a->j_n == 0)
		printf("no tickets\n");
	else {
		tb = table_new(8, heads);
		table_right(tb, 0);
		table_flex(tb, 3);
		for (i = 0; i < a->j_n; i++)
			list_row(cli, tb, a->j_v[i]);
		table_print(tb, stdout, term_width(), cli->c_color);
		table_free(tb);
	}
	jv_free(a);
	buf_free(&b);
	return 0;
}
