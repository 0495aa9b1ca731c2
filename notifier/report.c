/* report.c - the reports postdesk mails to agents, each as plain text and
 * as HTML: the queue report (+queue).  Pure: rows in, text out.
 *
 * The HTML is one self-contained page with inline styles only (mail
 * clients drop style sheets), every value escaped.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/html.h"
#include "notifier/notifier.h"

/* "3d 4h", "5h 12m" or "12m" for secs (negative counts as 0). */
void
notifier_report_age(long secs, char *out, size_t len)
{
	if (secs < 0)
		secs = 0;
	if (secs >= 86400)
		snprintf(out, len, "%ldd %ldh", secs / 86400, secs % 86400 /
		    3600);
	else if (secs >= 3600)
		snprintf(out, len, "%ldh %ldm", secs / 3600, secs % 3600 / 60);
	else
		snprintf(out, len, "%ldm", secs / 60);
}

/* "2026-12-04 21:00" for t, "-" for 0. */
void
notifier_report_time(time_t t, char *out, size_t len)
{
	struct tm tm;

	if (t == 0) {
		snprintf(out, len, "-");
		return;
	}
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

/* The HTML page's start with its title and heading. */
void
notifier_report_head(struct buf *h, const char *title)
{
	buf_adds(h, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>");
	html_escape(h, title);
	buf_adds(h, "</title></head>\n<body style=\"font-family:Arial,"
	    "Helvetica,sans-serif;font-size:14px;color:#222;margin:16px\">\n"
	    "<h2 style=\"font-size:18px;margin:0 0 12px\">");
	html_escape(h, title);
	buf_adds(h, "</h2>\n");
}

/* One cell of a queue row. */
static void
cell(struct buf *h, const char *v, const char *style)
{
	buf_addf(h, "<td style=\"padding:4px 8px;border-bottom:1px solid "
	    "#ddd;%s\">", style != NULL ? style : "");
	html_escape(h, v != NULL && *v != '\0' ? v : "-");
	buf_adds(h, "</td>");
}

/* One ticket as a text line and a table row. */
static void
queue_row(const struct store_ticket_row *t, time_t now, const char *prefix,
    struct buf *text, struct buf *h)
{
	char num[64], age[32], due[32];

	snprintf(num, sizeof(num), "[%s#%ld]", prefix, t->tr_number);
	notifier_report_age((long)(now - t->tr_created_at), age, sizeof(age));
	notifier_report_time(t->tr_due_at, due, sizeof(due));
	buf_addf(text, "%s %s%s\n    %s | %s | %s | age %s | due %s%s | "
	    "assignee %s\n", num, t->tr_overdue ? "OVERDUE " : "",
	    t->tr_subject, t->tr_requester, t->tr_status, t->tr_priority, age,
	    due, t->tr_overdue ? " (overdue)" : "",
	    t->tr_assignee != NULL && *t->tr_assignee != '\0' ?
	    t->tr_assignee : "-");
	buf_addf(h, "<tr%s>", t->tr_overdue ?
	    " style=\"background:#fde8e8\"" : "");
	cell(h, num, "white-space:nowrap;font-weight:bold");
	cell(h, t->tr_subject, NULL);
	cell(h, t->tr_requester, NULL);
	cell(h, t->tr_status, NULL);
	cell(h, t->tr_priority, !strcmp(t->tr_priority, "urgent") ||
	    !strcmp(t->tr_priority, "high") ? "font-weight:bold" : NULL);
	cell(h, age, "white-space:nowrap");
	if (t->tr_overdue)
		strncat(due, " overdue", sizeof(due) - strlen(due) - 1);
	cell(h, due, t->tr_overdue ?
	    "white-space:nowrap;color:#b00;font-weight:bold" :
	    "white-space:nowrap");
	cell(h, t->tr_assignee, NULL);
	buf_adds(h, "</tr>\n");
}

/* The queue report of rows (in the order given) at now. */
void
notifier_queue_report(const struct store_ticket_row *rows, size_t n,
    time_t now, const char *title, const char *tag_prefix, struct buf *text,
    struct buf *html)
{
	static const char *const heads[] = { "Ticket", "Subject", "Requester",
	    "Status", "Priority", "Age", "Due (UTC)", "Assignee" };
	size_t i, over = 0;

	for (i = 0; i < n; i++)
		over += rows[i].tr_overdue != 0;
	buf_addf(text, "%s\n\n%zu open ticket(s), %zu overdue.\n\n", title, n,
	    over);
	notifier_report_head(html, title);
	buf_addf(html, "<p>%zu open ticket(s), <b>%zu overdue</b>.</p>\n", n,
	    over);
	buf_adds(html, "<table style=\"border-collapse:collapse\">\n<tr>");
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		buf_addf(html, "<th style=\"text-align:left;padding:4px 8px;"
		    "border-bottom:2px solid #444\">%s</th>", heads[i]);
	buf_adds(html, "</tr>\n");
	for (i = 0; i < n; i++)
		queue_row(&rows[i], now, tag_prefix, text, html);
	buf_adds(html, "</table>\n</body></html>\n");
}
