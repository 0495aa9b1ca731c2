/* redact-measure.c - recall and false positives of the redactor on a
 * corpus of whole mails (tests/data/redact-corpus/gen.py writes one).
 *
 * Each mail goes the way the intake takes it: mail_parse_mem(),
 * mail_rewrite() with redact_text() over the subject, the text and HTML
 * parts and text attachments, then mail_write() (the stored raw copy and
 * the delivered body).  The written copy is parsed again.  A secret of
 * the manifest is missed when one of its fragments is left, between
 * non-alphanumerics, in the written bytes or in the subject, text, HTML
 * or a text attachment of either parse; a look-alike is touched when it
 * is no longer in them.
 *
 * Usage: redact-measure [-c] [-v] [-w OUT] DIR | redact-measure -t
 *   -c  exit 1 when a target is missed: recall >= 99.5 % overall and
 *       100 % for secrets with a password/code word; look-alikes touched
 *       <= 1 %; order IDs, links and statuses kept >= 99 %
 *   -v  list every missed secret and touched look-alike
 *   -w  write each redacted mail to OUT/NAME (for a second opinion:
 *       tests/lib/leakcheck.py decodes them with another MIME library)
 *   -t  redact standard input as one text and print it (to try a rule)
 * Prints tables per class, language and layout.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "parser/parser.h"
#include "redact/redact.h"

#define RM_MAXF		32		/* fields of a manifest line */
#define RM_MAXROW	64		/* rows of a table */

struct row {
	char		 rw_name[32];
	unsigned	 rw_n;
	unsigned	 rw_bad;
};

struct table {
	struct row	 tb_v[RM_MAXROW];
	size_t		 tb_n;
};

/* Everything counted, secrets (s_) and look-alikes (k_). */
struct tally {
	struct table	 s_class, s_lang, s_layout, k_class, k_lang;
	unsigned	 s_n, s_bad, s_lab_n, s_lab_bad, k_n, k_bad;
	unsigned	 mails;
	double		 secs;
};

/* The texts one mail left behind, whitespace made single blanks. */
struct hay {
	struct buf	 h_all;		/* subject, text, HTML, attachments */
	struct buf	 h_raw;		/* the written bytes */
};

static int	 verbose;
static const char *outdir;		/* -w */

/* Adds one case to row NAME of t. */
static void
count(struct table *t, const char *name, int bad)
{
	size_t	 i;

	for (i = 0; i < t->tb_n; i++)
		if (strcmp(t->tb_v[i].rw_name, name) == 0)
			break;
	if (i == t->tb_n) {
		if (t->tb_n == RM_MAXROW)
			return;
		snprintf(t->tb_v[i].rw_name, sizeof(t->tb_v[i].rw_name),
		    "%s", name);
		t->tb_n++;
	}
	t->tb_v[i].rw_n++;
	t->tb_v[i].rw_bad += bad != 0;
}

/* Appends s[0..n) with each run of white space made one blank. */
static void
add_norm(struct buf *b, const char *s, size_t n)
{
	size_t	 i;
	int	 sp = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			sp = 1;
			continue;
		}
		if (sp)
			buf_addc(b, ' ');
		sp = 0;
		buf_addc(b, (char)c);
	}
	buf_adds(b, "\n");
}

/* Appends the readable parts of m to the hay. */
static void
add_mail(struct buf *b, const struct mail *m)
{
	size_t	 i;

	add_norm(b, m->m_subject, strlen(m->m_subject));
	add_norm(b, m->m_text, strlen(m->m_text));
	if (m->m_html != NULL)
		add_norm(b, m->m_html, strlen(m->m_html));
	for (i = 0; i < m->m_natt; i++)
		if (m->m_att[i].at_data != NULL &&
		    strncmp(m->m_att[i].at_content_type, "text/", 5) == 0)
			add_norm(b, (const char *)m->m_att[i].at_data,
			    m->m_att[i].at_size);
}

/* Is c an ASCII letter or digit? */
static int
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
	    (c | 0x20) <= 'z');
}

/* Is f in h with no letter or digit right before or after it? */
static int
bounded(const struct buf *h, const char *f)
{
	const char	*p = h->b_data, *end = h->b_data + h->b_len;
	size_t		 n = strlen(f);

	if (n == 0 || p == NULL)
		return 0;
	while ((p = memmem(p, (size_t)(end - p), f, n)) != NULL) {
		if ((p == h->b_data || !alnum((unsigned char)p[-1])) &&
		    (p + n == end || !alnum((unsigned char)p[n])))
			return 1;
		p++;
	}
	return 0;
}

/* What the rewrite callback needs. */
struct rw {
	const struct redactor	*rw_rd;
	const struct mail	*rw_mail;
};

/* mail_rewrite() callback: the redactor, as the intake calls it. */
static char *
redact_cb(const char *text, size_t len, void *arg)
{
	const struct rw *w = arg;

	return redact_text_subj(w->rw_rd, text, len, w->rw_mail->m_subject,
	    NULL);
}

/* Reads a whole file into b; -1 when it cannot. */
static int
slurp(const char *path, struct buf *b)
{
	char	 chunk[8192];
	size_t	 n;
	FILE	*f;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	return 0;
}

/* Redacts one mail as the intake does and fills the hay; -1 on error. */
static int
run_mail(const char *dir, const char *file, const struct redactor *rd,
    struct hay *h, struct tally *t)
{
	struct buf	 raw = BUF_INIT, out = BUF_INIT;
	struct mail	*m, *again;
	struct timespec	 a, z;
	struct rw	 w;
	char		 path[4096];

	buf_reset(&h->h_all);
	buf_reset(&h->h_raw);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (slurp(path, &raw) < 0) {
		fprintf(stderr, "redact-measure: cannot read %s\n", path);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	m = mail_parse_mem(raw.b_data, raw.b_len);
	w.rw_rd = rd;
	w.rw_mail = m;
	mail_rewrite(m, redact_cb, &w);
	mail_write(m, &out);
	clock_gettime(CLOCK_MONOTONIC, &z);
	t->secs += (double)(z.tv_sec - a.tv_sec) +
	    (double)(z.tv_nsec - a.tv_nsec) / 1e9;
	t->mails++;
	if (outdir != NULL) {
		FILE	*f;

		snprintf(path, sizeof(path), "%s/%s", outdir, file);
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(out.b_data, 1, out.b_len, f) != out.b_len) {
			fprintf(stderr, "redact-measure: cannot write %s\n",
			    path);
			if (f != NULL)
				fclose(f);
			return -1;
		}
		fclose(f);
	}
	again = mail_parse_mem(out.b_data, out.b_len);
	add_mail(&h->h_all, m);
	add_mail(&h->h_all, again);
	add_norm(&h->h_raw, out.b_data, out.b_len);
	mail_free(again);
	mail_free(m);
	buf_free(&out);
	buf_free(&raw);
	return 0;
}

/* Shows a missed secret or a touched look-alike: the text around the
 * fragment left, or the start of the mail's text. */
static void
show(const char *what, char **f, int nf, const struct hay *h)
{
	const char	*p = NULL, *s, *e, *end = h->h_all.b_data +
			    h->h_all.b_len;
	int		 i;

	printf("%s %s %s %s %s:", what, f[0], f[2], f[3], f[5]);
	for (i = 6; i < nf; i++) {
		printf(" [%s]", f[i]);
		if (p == NULL && what[0] == 'm')
			p = memmem(h->h_all.b_data, h->h_all.b_len, f[i],
			    strlen(f[i]));
	}
	s = p != NULL ? p : h->h_all.b_data;
	e = s;
	for (i = 0; i < 80 && s > h->h_all.b_data && s[-1] != '\n'; i++)
		s--;
	for (i = 0; i < 160 && e < end && *e != '\n'; i++)
		e++;
	printf("\n    %.*s\n", (int)(e - s), s);
}

/* Counts one manifest line against the hay of its mail. */
static void
judge(char **f, int nf, const struct hay *h, struct tally *t)
{
	int	 i, bad = 0;

	if (f[1][0] == 'S') {
		for (i = 6; i < nf && !bad; i++)
			bad = bounded(&h->h_all, f[i]) ||
			    bounded(&h->h_raw, f[i]);
		count(&t->s_class, f[2], bad);
		count(&t->s_lang, f[3], bad);
		count(&t->s_layout, f[5], bad);
		t->s_n++;
		t->s_bad += bad;
		if (f[4][0] == '1') {
			t->s_lab_n++;
			t->s_lab_bad += bad;
		}
		if (bad && verbose)
			show("missed", f, nf, h);
		return;
	}
	bad = memmem(h->h_all.b_data, h->h_all.b_len, f[6],
	    strlen(f[6])) == NULL;
	count(&t->k_class, f[2], bad);
	count(&t->k_lang, f[3], bad);
	t->k_n++;
	t->k_bad += bad;
	if (bad && verbose)
		show("touched", f, nf, h);
}

/* Splits a manifest line at tabs; returns the number of fields. */
static int
split(char *line, char **f)
{
	int	 n = 0;
	char	*p = line;

	line[strcspn(line, "\n")] = '\0';
	while (n < RM_MAXF) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

/* Runs every mail of DIR/manifest.tsv; -1 on error. */
static int
measure(const char *dir, const struct redactor *rd, struct tally *t)
{
	struct hay	 h = { BUF_INIT, BUF_INIT };
	char		 path[4096], *line = NULL, *f[RM_MAXF], cur[256] = "";
	size_t		 cap = 0;
	FILE		*mf;
	int		 nf, rc = 0;

	snprintf(path, sizeof(path), "%s/manifest.tsv", dir);
	if ((mf = fopen(path, "r")) == NULL) {
		fprintf(stderr, "redact-measure: cannot read %s\n", path);
		return -1;
	}
	while (getline(&line, &cap, mf) > 0) {
		if ((nf = split(line, f)) < 7)
			continue;
		if (strcmp(cur, f[0]) != 0) {
			snprintf(cur, sizeof(cur), "%s", f[0]);
			if ((rc = run_mail(dir, cur, rd, &h, t)) < 0)
				break;
		}
		judge(f, nf, &h, t);
	}
	free(line);
	fclose(mf);
	buf_free(&h.h_all);
	buf_free(&h.h_raw);
	return rc;
}

/* Percentage of good (or, with bad, of bad) cases. */
static double
pct(unsigned n, unsigned bad, int ofbad)
{
	if (n == 0)
		return ofbad ? 0.0 : 100.0;
	return 100.0 * (ofbad ? bad : n - bad) / n;
}

/* Prints one table. */
static void
print_table(const char *title, const char *bad, const char *rate,
    const struct table *t, int ofbad)
{
	size_t	 i;

	printf("| %-16s | %6s | %7s | %8s |\n", title, "n", bad, rate);
	printf("|------------------|--------|---------|----------|\n");
	for (i = 0; i < t->tb_n; i++)
		printf("| %-16s | %6u | %7u | %7.2f%% |\n",
		    t->tb_v[i].rw_name, t->tb_v[i].rw_n, t->tb_v[i].rw_bad,
		    pct(t->tb_v[i].rw_n, t->tb_v[i].rw_bad, ofbad));
	printf("\n");
}

/* Kept share of look-alike class name (100 when absent). */
static double
kept(const struct tally *t, const char *name)
{
	size_t	 i;

	for (i = 0; i < t->k_class.tb_n; i++)
		if (strcmp(t->k_class.tb_v[i].rw_name, name) == 0)
			return pct(t->k_class.tb_v[i].rw_n,
			    t->k_class.tb_v[i].rw_bad, 0);
	return 100.0;
}

/* Prints the totals and the targets; returns how many were missed. */
static int
targets(const struct tally *t)
{
	static const char *const ctx[] = { "order_id", "public_link",
	    "status" };
	double	 v;
	size_t	 i;
	int	 missed = 0;

	printf("mails %u, parse+redact+write %.1f ms in all\n", t->mails,
	    t->secs * 1000.0);
	v = pct(t->s_n, t->s_bad, 0);
	printf("recall, all secrets: %.2f%% (%u of %u)  target >= 99.5%%"
	    "  %s\n", v, t->s_n - t->s_bad, t->s_n, v >= 99.5 ? "met" :
	    (missed++, "MISSED"));
	v = pct(t->s_lab_n, t->s_lab_bad, 0);
	printf("recall, with a password/code word: %.2f%% (%u of %u)  "
	    "target 100%%  %s\n", v, t->s_lab_n - t->s_lab_bad, t->s_lab_n,
	    t->s_lab_bad == 0 ? "met" : (missed++, "MISSED"));
	v = pct(t->k_n, t->k_bad, 1);
	printf("look-alikes touched: %.2f%% (%u of %u)  target <= 1%%  %s\n",
	    v, t->k_bad, t->k_n, v <= 1.0 ? "met" : (missed++, "MISSED"));
	for (i = 0; i < sizeof(ctx) / sizeof(ctx[0]); i++) {
		v = kept(t, ctx[i]);
		printf("%s kept: %.2f%%  target >= 99%%  %s\n", ctx[i], v,
		    v >= 99.0 ? "met" : (missed++, "MISSED"));
	}
	return missed;
}

/* Redacts standard input as one text and prints the result. */
static int
try_text(const struct redactor *rd)
{
	struct buf	 in = BUF_INIT;
	char		 chunk[8192], *out;
	size_t		 n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_add(&in, chunk, n);
	out = in.b_len > 0 ? redact_text(rd, in.b_data, in.b_len, NULL) :
	    NULL;
	fputs(out != NULL ? out : in.b_len > 0 ? in.b_data : "", stdout);
	free(out);
	buf_free(&in);
	return 0;
}

int
main(int argc, char **argv)
{
	struct redactor	*rd;
	struct tally	*t;
	char		 err[256];
	int		 check = 0, text = 0, i, rc;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0)
			check = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "-t") == 0)
			text = 1;
		else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
			outdir = argv[++i];
		else
			break;
	}
	if (i != argc - 1 && !text) {
		fprintf(stderr, "usage: redact-measure [-c] [-v] [-w OUT] DIR "
		    "| redact-measure -t\n");
		return 2;
	}
	parser_init();
	if ((rd = redactor_new(NULL, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "redact-measure: %s\n", err);
		return 2;
	}
	if (text) {
		rc = try_text(rd);
		redactor_free(rd);
		parser_shutdown();
		return rc;
	}
	t = xcalloc(1, sizeof(*t));
	rc = measure(argv[i], rd, t);
	if (rc == 0) {
		print_table("secret class", "missed", "recall", &t->s_class, 0);
		print_table("language", "missed", "recall", &t->s_lang, 0);
		print_table("layout", "missed", "recall", &t->s_layout, 0);
		print_table("look-alike", "touched", "FP rate", &t->k_class, 1);
		print_table("language", "touched", "FP rate", &t->k_lang, 1);
		rc = targets(t) > 0 && check ? 1 : 0;
	} else
		rc = 2;
	free(t);
	redactor_free(rd);
	parser_shutdown();
	return rc;
}
