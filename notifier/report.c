/* report.c - the reports postdesk mails to agents, each as plain text and
 * as HTML: the queue report (+queue) and the daily digest.  Pure: rows
 * in, text out.
 *
 * The HTML is one self-contained page with inline styles only (mail
 * clients drop style sheets), every value escaped; the digest's charts
 * are bars drawn as divs of a width in pixels, which mail clients show.
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
	cell(h, due, t->tr_overdue ?
	    "white-space:nowrap;color:#b00;font-weight:bold" :
	    "white-space:nowrap");
	cell(h, t->tr_assignee, NULL);
	buf_adds(h, "</tr>\n");
}

/* The tickets as text lines and an HTML table (see notifier.h). */
void
notifier_queue_rows(const struct store_ticket_row *rows, size_t n,
    time_t now, const char *tag_prefix, struct buf *text, struct buf *html)
{
	static const char *const heads[] = { "Ticket", "Subject", "Requester",
	    "Status", "Priority", "Age", "Due (UTC)", "Assignee" };
	size_t i;

	buf_adds(html, "<table style=\"border-collapse:collapse\">\n<tr>");
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		buf_addf(html, "<th style=\"text-align:left;padding:4px 8px;"
		    "border-bottom:2px solid #444\">%s</th>", heads[i]);
	buf_adds(html, "</tr>\n");
	for (i = 0; i < n; i++)
		queue_row(&rows[i], now, tag_prefix, text, html);
	buf_adds(html, "</table>\n");
}

/* The queue report of rows (in the order given) at now. */
void
notifier_queue_report(const struct store_ticket_row *rows, size_t n,
    time_t now, const char *title, const char *tag_prefix, struct buf *text,
    struct buf *html)
{
	size_t i, over = 0;

	for (i = 0; i < n; i++)
		over += rows[i].tr_overdue != 0;
	buf_addf(text, "%s\n\n%zu open ticket(s), %zu overdue.\n\n", title, n,
	    over);
	notifier_report_head(html, title);
	buf_addf(html, "<p>%zu open ticket(s), <b>%zu overdue</b>.</p>\n", n,
	    over);
	notifier_queue_rows(rows, n, now, tag_prefix, text, html);
	buf_adds(html, "</body></html>\n");
}

#define BAR_PX		240	/* the longest bar */

/* "45s", "12m 5s", "3h 2m" or "2d 4h" for secs; "-" when negative. */
static void
duration(long secs, char *out, size_t len)
{
	if (secs < 0)
		snprintf(out, len, "-");
	else if (secs < 60)
		snprintf(out, len, "%lds", secs);
	else if (secs < 3600)
		snprintf(out, len, "%ldm %lds", secs / 60, secs % 60);
	else
		notifier_report_age(secs, out, len);
}

/* One bar of value v (of the largest max) in colour, and its number. */
static void
bar(struct buf *h, long v, long max, const char *colour)
{
	long px = max > 0 ? v * BAR_PX / max : 0;

	buf_addf(h, "<td style=\"padding:2px 6px;white-space:nowrap\">"
	    "<div style=\"display:inline-block;vertical-align:middle;"
	    "height:12px;width:%ldpx;background:%s\"></div>"
	    "<span style=\"padding-left:4px\">%ld</span></td>", px > 0 || v ==
	    0 ? px : 1, colour, v);
}

/* The per-day chart and lines. */
static void
digest_days(const struct store_digest *sd, struct buf *text, struct buf *h)
{
	static const char *const colour[] = { "#2563eb", "#16a34a",
	    "#9ca3af" };
	static const char *const heads[] = { "Opened", "Resolved",
	    "Still open" };
	long max = 0;
	char day[32];
	struct tm tm;
	int i;

	for (i = 0; i < STORE_DIGEST_DAYS; i++) {
		const struct store_digest_day *d = &sd->sd_days[i];

		max = d->dd_opened > max ? d->dd_opened : max;
		max = d->dd_resolved > max ? d->dd_resolved : max;
		max = d->dd_open > max ? d->dd_open : max;
	}
	buf_addf(text, "Day          Opened  Resolved  Still open\n");
	buf_adds(h, "<h3 style=\"font-size:15px\">Tickets per day (UTC)</h3>"
	    "\n<table style=\"border-collapse:collapse\">\n<tr><th style=\""
	    "text-align:left;padding:2px 6px\">Day</th>");
	for (i = 0; i < 3; i++)
		buf_addf(h, "<th style=\"text-align:left;padding:2px 6px;"
		    "color:%s\">%s</th>", colour[i], heads[i]);
	buf_adds(h, "</tr>\n");
	for (i = 0; i < STORE_DIGEST_DAYS; i++) {
		const struct store_digest_day *d = &sd->sd_days[i];

		gmtime_r(&d->dd_day, &tm);
		strftime(day, sizeof(day), "%a %m-%d", &tm);
		buf_addf(text, "%-10s %8ld %9ld %11ld\n", day, d->dd_opened,
		    d->dd_resolved, d->dd_open);
		buf_addf(h, "<tr class=\"day\"><td style=\"padding:2px 6px;"
		    "white-space:nowrap\">%s</td>", day);
		bar(h, d->dd_opened, max, colour[0]);
		bar(h, d->dd_resolved, max, colour[1]);
		bar(h, d->dd_open, max, colour[2]);
		buf_adds(h, "</tr>\n");
	}
	buf_adds(h, "</table>\n");
}

/* The largest redaction count. */
static long
max_count(const struct store_digest *sd)
{
	long m = 0;
	size_t i;

	for (i = 0; i < sd->sd_nredactions; i++)
		m = sd->sd_redactions[i].sc_n > m ? sd->sd_redactions[i].sc_n :
		    m;
	return m;
}

/* The first responses, overdue tickets and redactions. */
static void
digest_figures(const struct store_digest *sd, struct buf *text,
    struct buf *h)
{
	char med[32], p90[32];
	size_t i;

	duration(sd->sd_median_s, med, sizeof(med));
	duration(sd->sd_p90_s, p90, sizeof(p90));
	buf_addf(text, "\nFirst responses (tickets of these 14 days): %ld, "
	    "median %s, p90 %s\nOverdue now: %ld\n", sd->sd_first_responses,
	    med, p90, sd->sd_overdue);
	buf_addf(h, "<h3 style=\"font-size:15px\">First response</h3>\n<p>"
	    "<span id=\"first-responses\">%ld</span> first responses, median "
	    "<b id=\"median\">%s</b>, p90 <b id=\"p90\">%s</b>.</p>\n"
	    "<h3 style=\"font-size:15px\">Overdue now: <span id=\"overdue\" "
	    "style=\"color:#b00\">%ld</span></h3>\n", sd->sd_first_responses,
	    med, p90, sd->sd_overdue);
	buf_adds(text, "Redactions by kind:");
	buf_adds(h, "<h3 style=\"font-size:15px\">Redactions by kind</h3>\n"
	    "<table style=\"border-collapse:collapse\">\n");
	for (i = 0; i < sd->sd_nredactions; i++) {
		buf_addf(text, " %s %ld", sd->sd_redactions[i].sc_name,
		    sd->sd_redactions[i].sc_n);
		buf_adds(h, "<tr class=\"redaction\"><td style=\"padding:2px "
		    "6px\">");
		html_escape(h, sd->sd_redactions[i].sc_name);
		buf_adds(h, "</td>");
		bar(h, sd->sd_redactions[i].sc_n, max_count(sd), "#d97706");
		buf_adds(h, "</tr>\n");
	}
	if (sd->sd_nredactions == 0) {
		buf_adds(text, " none");
		buf_adds(h, "<tr><td style=\"padding:2px 6px\">none</td></tr>");
	}
	buf_adds(text, "\n");
	buf_adds(h, "</table>\n");
}

/* The daily digest (see notifier.h). */
void
notifier_digest_report(const struct store_digest *sd,
    const struct store_ticket_row *overdue, size_t n, time_t now,
    const char *title, const char *tag_prefix, struct buf *text,
    struct buf *html)
{
	buf_addf(text, "%s\n\n", title);
	notifier_report_head(html, title);
	digest_days(sd, text, html);
	digest_figures(sd, text, html);
	if (n > 0) {
		buf_adds(text, "\nOverdue tickets:\n\n");
		buf_adds(html, "<h3 style=\"font-size:15px\">Overdue tickets"
		    "</h3>\n");
		notifier_queue_rows(overdue, n, now, tag_prefix, text, html);
	}
	buf_adds(html, "</body></html>\n");
}
