/* table.c - aligned tables that fit the terminal, times relative to now.
 *
 * A table collects its rows, then measures them: every column gets the
 * width of its widest cell, and when the sum is wider than the terminal
 * the flexible column (the subject, usually) is cut down with "...".
 * Widths count UTF-8 code points; control characters are shown as '?'.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib.h>

#include "cli/cli.h"
#include "common/xalloc.h"

struct table {
	size_t		  t_ncols;
	char		**t_cells;	/* t_nrows + 1 rows (headings first) */
	const char	**t_colors;
	size_t		  t_nrows;
	size_t		  t_flex;	/* (size_t)-1: none */
	unsigned char	 *t_right;
};

/* Terminal columns, or 0 for no limit. */
int
term_width(void)
{
	struct winsize ws;
	const char *e = getenv("COLUMNS");

	if (e != NULL && atoi(e) > 0)
		return atoi(e);
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return isatty(STDOUT_FILENO) ? 80 : 0;
}

/* "3h ago" / "in 2d" / "now". */
void
reltime(time_t t, time_t now, char *out, size_t outlen)
{
	long d = (long)(now - t), a = d < 0 ? -d : d;
	const char *unit;
	long n;

	if (t == (time_t)-1) {
		snprintf(out, outlen, "-");
		return;
	}
	if (a < 60) {
		snprintf(out, outlen, "now");
		return;
	}
	if (a < 3600) {
		n = a / 60;
		unit = "m";
	} else if (a < 86400) {
		n = a / 3600;
		unit = "h";
	} else if (a < 86400L * 60) {
		n = a / 86400;
		unit = "d";
	} else if (a < 86400L * 730) {
		n = a / (86400L * 30);
		unit = "mo";
	} else {
		n = a / (86400L * 365);
		unit = "y";
	}
	if (d > 0)
		snprintf(out, outlen, "%ld%s ago", n, unit);
	else
		snprintf(out, outlen, "in %ld%s", n, unit);
}

/* "2026-01-31 14:05" in local time. */
void
abstime(time_t t, char *out, size_t outlen)
{
	struct tm tm;

	if (t == (time_t)-1 || localtime_r(&t, &tm) == NULL) {
		snprintf(out, outlen, "-");
		return;
	}
	strftime(out, outlen, "%Y-%m-%d %H:%M", &tm);
}

/* Display width of a cell's text (valid UTF-8): one column per code
 * point. */
static size_t
text_width(const char *s)
{
	return (size_t)g_utf8_strlen(s, -1);
}

/* A copy of s fit for one cell: valid UTF-8 (what is not becomes
 * U+FFFD, as text_width and the cut need), controls and newlines
 * spaces. */
static char *
cell_clean(const char *s)
{
	gchar *v = g_utf8_make_valid(s != NULL ? s : "", -1);
	char *c = xstrdup(v), *p;

	g_free(v);
	for (p = c; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

/* A new table. */
struct table *
table_new(size_t ncols, const char *const *heads)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->t_ncols = ncols;
	t->t_flex = (size_t)-1;
	t->t_right = xcalloc(ncols, 1);
	table_row(t, heads, NULL);
	t->t_nrows = 0;
	return t;
}

/* Frees it. */
void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < (t->t_nrows + 1) * t->t_ncols; i++)
		free(t->t_cells[i]);
	free(t->t_cells);
	free(t->t_colors);
	free(t->t_right);
	free(t);
}

/* Marks the column that gives way when space is short. */
void
table_flex(struct table *t, size_t col)
{
	t->t_flex = col;
}

/* Right-aligns a column (numbers). */
void
table_right(struct table *t, size_t col)
{
	t->t_right[col] = 1;
}

/* Adds a row. */
void
table_row(struct table *t, const char *const *cells,
    const char *const *colors)
{
	size_t base = (t->t_cells == NULL ? 0 : t->t_nrows + 1) * t->t_ncols;
	size_t i;

	t->t_cells = xreallocarray(t->t_cells, base + t->t_ncols,
	    sizeof(*t->t_cells));
	t->t_colors = xreallocarray(t->t_colors, base + t->t_ncols,
	    sizeof(*t->t_colors));
	for (i = 0; i < t->t_ncols; i++) {
		t->t_cells[base + i] = cell_clean(cells[i]);
		t->t_colors[base + i] = colors != NULL ? colors[i] : NULL;
	}
	if (base > 0)
		t->t_nrows++;
}

/* Prints cell s in w columns (cut with "..." when longer). */
static void
cell_print(FILE *f, const char *s, size_t w, int right, const char *color,
    int last)
{
	size_t n = text_width(s), i, keep;
	const char *p;

	if (color != NULL)
		fprintf(f, "\033[%sm", color);
	if (n > w) {
		keep = w > 3 ? w - 3 : 0;
		p = g_utf8_offset_to_pointer(s, (glong)keep);
		fwrite(s, 1, (size_t)(p - s), f);
		fputs(w >= 3 ? "..." : "", f);
		n = keep + (w >= 3 ? 3 : 0);
	} else {
		if (right)
			for (i = n; i < w; i++)
				fputc(' ', f);
		fputs(s, f);
		if (right)
			n = w;
	}
	if (color != NULL)
		fputs("\033[0m", f);
	if (!last)
		for (i = n; i < w; i++)
			fputc(' ', f);
}

/* Narrows columns by over: the flexible one first (down to 8), then the
 * widest left-aligned ones (down to 5), one column at a time. */
static void
shrink(const struct table *t, size_t *w, size_t over)
{
	size_t c, best, cut;

	if (t->t_flex < t->t_ncols && w[t->t_flex] > 8) {
		cut = w[t->t_flex] - 8 < over ? w[t->t_flex] - 8 : over;
		w[t->t_flex] -= cut;
		over -= cut;
	}
	while (over > 0) {
		best = t->t_ncols;
		for (c = 0; c < t->t_ncols; c++)
			if (!t->t_right[c] && w[c] > 5 &&
			    (best == t->t_ncols || w[c] > w[best]))
				best = c;
		if (best == t->t_ncols)
			return;
		w[best]--;
		over--;
	}
}

/* Prints the headings and rows. */
void
table_print(const struct table *t, FILE *f, int width, int color)
{
	size_t *w = xcalloc(t->t_ncols, sizeof(*w)), r, c, total = 0, n;

	for (r = 0; r <= t->t_nrows; r++)
		for (c = 0; c < t->t_ncols; c++) {
			n = text_width(t->t_cells[r * t->t_ncols + c]);
			if (n > w[c])
				w[c] = n;
		}
	for (c = 0; c < t->t_ncols; c++)
		total += w[c] + (c + 1 < t->t_ncols ? 2 : 0);
	if (width > 0 && total > (size_t)width)
		shrink(t, w, total - (size_t)width);
	for (r = 0; r <= t->t_nrows; r++) {
		for (c = 0; c < t->t_ncols; c++) {
			const char *clr = r == 0 ? CLR_BOLD :
			    t->t_colors[r * t->t_ncols + c];

			cell_print(f, t->t_cells[r * t->t_ncols + c], w[c],
			    t->t_right[c], color ? clr : NULL,
			    c + 1 == t->t_ncols);
			if (c + 1 < t->t_ncols)
				fputs("  ", f);
		}
		fputc('\n', f);
	}
	free(w);
}
