/* cmd_show.c - postdeskctl show and list: tickets for people and scripts.
 *
 * store/ hands the rows over; --json prints them as one line of JSON, the
 * human forms as a header block and the message thread (show) or an
 * aligned table that fits the terminal (list).  A ticket
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
#include "ticket/chat.h"

/* Joins the strings of a NULL-terminated list with ", ". */
static void
join_list(char *const *v, struct buf *out)
{
	for (; v != NULL && *v != NULL; v++) {
		if (out->b_len > 0)
			buf_adds(out, ", ");
		buf_adds(out, *v);
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
field_time(struct cli *cli, const char *label, time_t t, const char *color)
{
	char abs[64], rel[32], line[128];

	if (t == STORE_NO_TIME)
		return;
	abstime(t, abs, sizeof(abs));
	reltime(t, cli->c_now, rel, sizeof(rel));
	snprintf(line, sizeof(line), "%s (%s)", abs, rel);
	field(label, line, color, cli->c_color);
}

/* Prints one message of the thread. */
static void
show_message(struct cli *cli, const struct store_msg_row *m, size_t i)
{
	const char *dir = m->mr_direction, *text = m->mr_text;
	char abs[64] = "", rel[32] = "";
	size_t k;

	if (m->mr_created_at != STORE_NO_TIME) {
		abstime(m->mr_created_at, abs, sizeof(abs));
		reltime(m->mr_created_at, cli->c_now, rel, sizeof(rel));
	}
	if (cli->c_color)
		printf("\033[%sm", dir != NULL && strcmp(dir, "note") == 0 ?
		    CLR_YELLOW : CLR_BLUE);
	printf("--- #%zu %s from %s", i + 1, dir != NULL ? dir : "?",
	    m->mr_from != NULL ? m->mr_from : "?");
	if (abs[0] != '\0')
		printf(", %s (%s)", abs, rel);
	printf(" ---");
	printf("%s\n", cli->c_color ? "\033[0m" : "");
	if (m->mr_subject != NULL)
		printf("Subject: %s\n", m->mr_subject);
	printf("\n%s", text != NULL ? text : "");
	if (text == NULL || text[0] == '\0' || text[strlen(text) - 1] != '\n')
		printf("\n");
	for (k = 0; k < m->mr_natt; k++)
		printf("  [attachment] %s (%s, %ld bytes)\n",
		    m->mr_att[k].ar_filename != NULL ?
		    m->mr_att[k].ar_filename : "(unnamed)",
		    m->mr_att[k].ar_content_type != NULL ?
		    m->mr_att[k].ar_content_type : "?", m->mr_att[k].ar_size);
	printf("\n");
}

/* The header block and thread of a ticket. */
static void
show_human(struct cli *cli, const struct store_ticket_row *t)
{
	struct buf b = BUF_INIT;
	int over = t->tr_overdue;
	char tag[96];
	size_t i;

	snprintf(tag, sizeof(tag), "[%s#%ld]", cli->c_conf->cf_tag_prefix,
	    t->tr_number);
	if (cli->c_color)
		printf("\033[1mTicket %ld\033[0m  %s\n", t->tr_number, tag);
	else
		printf("Ticket %ld  %s\n", t->tr_number, tag);
	field("Subject:", t->tr_subject, NULL, 0);
	field("Status:", t->tr_status, NULL, 0);
	if (t->tr_merged_into > 0) {
		char into[32];

		snprintf(into, sizeof(into), "%ld", t->tr_merged_into);
		field("Merged into:", into, NULL, 0);
	}
	field("Priority:", t->tr_priority, NULL, 0);
	field("Category:", t->tr_category, NULL, 0);
	field("Issue type:", t->tr_issue_type, NULL, 0);
	field("Language:", t->tr_language, NULL, 0);
	field("Requester:", t->tr_requester, NULL, 0);
	field("Assignee:", t->tr_assignee, NULL, 0);
	join_list(t->tr_participants, &b);
	field("Participants:", b.b_data, NULL, 0);
	buf_reset(&b);
	join_list(t->tr_order_ids, &b);
	field("Order IDs:", b.b_data, NULL, 0);
	buf_reset(&b);
	join_list(t->tr_links, &b);
	field("Links:", b.b_data, NULL, 0);
	buf_reset(&b);
	join_list(t->tr_missing, &b);
	field("Still needed:", b.b_data, NULL, 0);
	buf_free(&b);
	field_time(cli, "Created:", t->tr_created_at, NULL);
	field_time(cli, "Updated:", t->tr_updated_at, NULL);
	field_time(cli, "Due:", t->tr_due_at, over ? CLR_RED : NULL);
	if (over)
		field("", "OVERDUE", CLR_RED, cli->c_color);
	printf("\n");
	for (i = 0; i < t->tr_nmsgs; i++)
		show_message(cli, &t->tr_msgs[i], i);
}

/* show --json: the ticket, with the channel it came by ("mail",
 * "telegram") and, for a Telegram customer, the user id. */
static int
show_json(struct cli *cli, const struct store_ticket_row *t)
{
	json_t *j = cli_ticket_json(t, cli->c_conf->cf_tag_prefix, 1);
	enum store_status st;
	char *channel;
	long long chat, user;

	st = store_tg_ticket_channel(cli->c_store, t->tr_number, &channel,
	    &chat);
	if (st != STORE_ONE) {
		json_decref(j);
		return cli_store_fail(cli, st, t->tr_number);
	}
	json_object_set_new(j, "channel", json_string(channel));
	if (chat_addr_user(t->tr_requester, &user))
		json_object_set_new(j, "telegram_user", json_integer(user));
	if (chat != 0)
		json_object_set_new(j, "telegram_chat", json_integer(chat));
	free(channel);
	cli_json_print(j);
	return 0;
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
	struct store_ticket_row t;
	enum store_status st;
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
	if ((st = store_ticket_read(cli->c_store, n, &t)) != STORE_ONE)
		return cli_store_fail(cli, st, n);
	if (json)
		rc = show_json(cli, &t);
	else
		show_human(cli, &t);
	store_ticket_rows_free(&t, 1, 0);
	return rc;
}

/* One row of the list table. */
static void
list_row(struct cli *cli, struct table *tb, const struct store_ticket_row *t)
{
	const char *cells[8], *colors[8] = { NULL };
	const char *pri = t->tr_priority;
	char num[32], upd[32], due[40], *subj = NULL;

	snprintf(num, sizeof(num), "%ld", t->tr_number);
	reltime(t->tr_updated_at != STORE_NO_TIME ? t->tr_updated_at :
	    t->tr_created_at, cli->c_now, upd, sizeof(upd));
	reltime(t->tr_due_at, cli->c_now, due, sizeof(due));
	if (t->tr_overdue)
		strncat(due, " OVERDUE", sizeof(due) - strlen(due) - 1);
	cells[0] = num;
	cells[1] = t->tr_status;
	cells[2] = pri;
	cells[3] = t->tr_subject;
	cells[4] = t->tr_requester;
	cells[5] = t->tr_assignee != NULL ? t->tr_assignee : "-";
	cells[6] = upd;
	cells[7] = due;
	if (t->tr_overdue)
		colors[7] = CLR_RED;
	/* a ticket still short of what its type needs says so first */
	if (t->tr_missing != NULL && t->tr_missing[0] != NULL) {
		subj = xasprintf("[needs %s context] %s",
		    t->tr_issue_type != NULL ? t->tr_issue_type : "other",
		    cells[3] != NULL ? cells[3] : "");
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

/* The list as one JSON array. */
static void
list_json(struct cli *cli, const struct store_ticket_row *rows, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, cli_ticket_json(&rows[i],
		    cli->c_conf->cf_tag_prefix, 0));
	cli_json_print(a);
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
	struct store_ticket_row *rows;
	enum store_status st;
	const char *status = NULL, *type = NULL;
	struct table *tb;
	int ch, json = 0, rc;
	size_t i, n;

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
	if ((st = store_ticket_list(cli->c_store, status, type, &rows,
	    &n)) != STORE_ONE)
		return cli_store_fail(cli, st == STORE_NONE ? STORE_HARD : st,
		    0);
	if (json)
		list_json(cli, rows, n);
	else if (n == 0)
		printf("no tickets\n");
	else {
		tb = table_new(8, heads);
		table_right(tb, 0);
		table_flex(tb, 3);
		for (i = 0; i < n; i++)
			list_row(cli, tb, &rows[i]);
		table_print(tb, stdout, term_width(), cli->c_color);
		table_free(tb);
	}
	store_ticket_rows_free(rows, n, 1);
	return 0;
}
