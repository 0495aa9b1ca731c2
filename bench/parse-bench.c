/* parse-bench.c - parse+redact throughput, and peak RSS for a big mail.
 *
 * Generates a mail in memory, then repeats what the intake does with it
 * (mail_parse_mem, mail_rewrite with redact_text, mail_write) for at
 * least a second and prints msg/s and MB/s of raw mail.  Kinds:
 *   4k        a 4 KB text/plain mail with a few secrets in it
 *   4k-classify  the same, and what the intake decides from its text
 *             (ticket/: order IDs, links, commands, the details given,
 *             the issue type, the language)
 *   10m-text  a 10 MB text/plain mail (a pasted log) with secrets
 *   10m-att   a short text and a 10 MB base64 attachment
 * "parse-bench fd SIZE_MB" writes a mail with a SIZE_MB MB attachment to a
 * temp file, parses it with mail_parse_fd, redacts it and writes it once
 * into another temp file with mail_write_fd (as intake does with a big
 * mail), and prints the process's peak RSS before, after parse and
 * redaction (parsed_kb), and at the end.
 *
 * Output: one line per kind, "KIND msgs MSGS secs SECS msg/s X MB/s Y".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "parser/parser.h"
#include "redact/redact.h"
#include "ticket/ticket.h"

static const char bench_head[] =
    "From: Alice Example <alice@example.test>\r\n"
    "To: support@support.example.test\r\n"
    "Subject: cannot log in to my account\r\n"
    "Date: Sat, 21 Nov 2026 10:00:00 +0000\r\n"
    "Message-ID: <bench-%d@example.test>\r\n"
    "MIME-Version: 1.0\r\n";

/* One line in 32 carries a secret; the others are ordinary text. */
static const char bench_secret[] =
    "I reset it, my password: hunter2secret, and code 483920 failed.\r\n";
static const char bench_line[] =
    "The log says: GET /api/items?id=42 200 OK after 17 ms, retrying.\r\n";

/* Seconds on the monotonic clock. */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Appends text lines to b until the body part reaches size bytes. */
static void
bench_text(struct buf *b, size_t size)
{
	size_t start = b->b_len;
	unsigned i = 0;

	while (b->b_len - start < size) {
		if (i++ % 32 == 0)
			buf_add(b, bench_secret, sizeof(bench_secret) - 1);
		else
			buf_add(b, bench_line, sizeof(bench_line) - 1);
	}
}

/* Appends size bytes of base64 (76-char lines) of pseudo-random data;
 * when fd >= 0, writes and empties b every megabyte. */
static void
bench_base64(struct buf *b, size_t size, int fd)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
	    "wxyz0123456789+/";
	char line[80];
	unsigned x = 12345;
	size_t done = 0;
	int i;

	while (done < size) {
		for (i = 0; i < 76; i++) {
			x = x * 1103515245u + 12345u;
			line[i] = a[(x >> 16) & 63];
		}
		line[76] = '\r';
		line[77] = '\n';
		buf_add(b, line, 78);
		done += 78;
		if (fd >= 0 && b->b_len >= (1u << 20)) {
			if (write(fd, b->b_data, b->b_len) != (ssize_t)b->b_len)
				return;
			b->b_len = 0;
		}
	}
}

/* Builds the mail of the given kind into b (the attachment kind written
 * through to fd when fd >= 0); returns -1 for a bad kind. */
static int
bench_mail(struct buf *b, const char *kind, size_t att_mb, int fd)
{
	char head[512];

	snprintf(head, sizeof(head), bench_head, 1);
	buf_add(b, head, strlen(head));
	if (strcmp(kind, "4k") == 0 || strcmp(kind, "10m-text") == 0) {
		buf_adds(b, "Content-Type: text/plain; charset=utf-8\r\n\r\n");
		bench_text(b, kind[0] == '4' ? 4096 - b->b_len :
		    (10u << 20));
		return 0;
	}
	if (strcmp(kind, "10m-att") != 0 && att_mb == 0)
		return -1;
	if (att_mb == 0)
		att_mb = 10;
	buf_adds(b, "Content-Type: multipart/mixed; boundary=\"=b=\"\r\n\r\n"
	    "--=b=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
	bench_text(b, 2048);
	buf_adds(b, "\r\n--=b=\r\nContent-Type: application/pdf\r\n"
	    "Content-Disposition: attachment; filename=\"dump.pdf\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	bench_base64(b, att_mb << 20, fd);
	buf_adds(b, "\r\n--=b=--\r\n");
	return 0;
}

/* mail_rewrite callback: the redactor. */
static char *
bench_redact(const char *text, size_t len, void *arg)
{
	return redact_text(arg, text, len, NULL);
}

/* Writes a parsed message into memory and frees it. */
static void
bench_write(struct mail *m)
{
	struct buf out = BUF_INIT;

	mail_write(m, &out);
	buf_free(&out);
	mail_free(m);
}

/* What the intake decides from a mail's text before it is stored. */
static void
bench_classify(const struct mail *m)
{
	const char *text = m->m_text != NULL ? m->m_text : "";
	char **orders = ticket_order_ids(text), **links = ticket_links(text);
	struct ticket_cmd cmds[8];
	size_t off;

	ticket_commands(text, cmds, 8, &off);
	ticket_customer_close(text);
	ticket_details_found(text, (const char *const *)orders,
	    (const char *const *)links);
	ticket_issue_of(m->m_subject, text, NULL, 0, NULL);
	ticket_language(text, m->m_content_language, NULL, 0, NULL);
	strv_free(orders);
	strv_free(links);
}

/* Parses, redacts (and classifies) and writes one message; returns 0
 * when it went well. */
static int
bench_once(struct mail *m, struct redactor *r, int classify)
{
	if (m == NULL)
		return -1;
	mail_rewrite(m, bench_redact, r);
	if (classify)
		bench_classify(m);
	bench_write(m);
	return 0;
}

/* Runs one kind for at least a second and prints its figures. */
static int
bench_kind(const char *kind, struct redactor *r)
{
	int classify = strcmp(kind, "4k-classify") == 0;
	struct buf b;
	double t0, t;
	long n = 0;

	b = (struct buf)BUF_INIT;
	if (bench_mail(&b, classify ? "4k" : kind, 0, -1) < 0) {
		fprintf(stderr, "parse-bench: unknown kind %s\n", kind);
		return 1;
	}
	t0 = bench_now();
	do {
		if (bench_once(mail_parse_mem(b.b_data, b.b_len), r,
		    classify) < 0)
			return 1;
		n++;
		t = bench_now() - t0;
	} while (t < 1.0 || n < 3);
	printf("%s bytes %zu msgs %ld secs %.3f msg/s %.1f MB/s %.1f\n",
	    kind, b.b_len, n, t, (double)n / t,
	    (double)b.b_len * (double)n / t / 1048576.0);
	buf_free(&b);
	return 0;
}

/* Parses one mail with a big attachment from a file and writes it into
 * another; prints peak RSS. */
static int
bench_fd(size_t mb, struct redactor *r)
{
	char path[] = "/tmp/parse-bench.XXXXXX";
	char out[] = "/tmp/parse-bench.XXXXXX";
	char sha[65];
	struct rusage ru;
	struct buf b;
	struct mail *m;
	int fd, ofd;
	long before, parsed;

	b = (struct buf)BUF_INIT;
	if ((fd = mkstemp(path)) < 0) {
		perror("parse-bench: temp file");
		return 1;
	}
	bench_mail(&b, "att", mb, fd);
	if (write(fd, b.b_data, b.b_len) != (ssize_t)b.b_len) {
		perror("parse-bench: temp file");
		return 1;
	}
	unlink(path);
	buf_free(&b);
	getrusage(RUSAGE_SELF, &ru);
	before = ru.ru_maxrss;
	lseek(fd, 0, SEEK_SET);
	if ((m = mail_parse_fd(fd)) == NULL)
		return 1;
	mail_rewrite(m, bench_redact, r);
	getrusage(RUSAGE_SELF, &ru);
	parsed = ru.ru_maxrss;
	if ((ofd = mkstemp(out)) < 0) {
		perror("parse-bench: temp file");
		return 1;
	}
	unlink(out);
	if (mail_write_fd(m, ofd, sha) < 0) {
		perror("parse-bench: mail_write_fd");
		return 1;
	}
	mail_free(m);
	close(ofd);
	close(fd);
	getrusage(RUSAGE_SELF, &ru);
	printf("fd-%zum peak_rss_kb %ld before_kb %ld parsed_kb %ld\n", mb,
	    ru.ru_maxrss, before, parsed);
	return 0;
}

/* parse-bench [KIND...] | parse-bench fd SIZE_MB */
int
main(int argc, char **argv)
{
	static const char *const kinds[] = { "4k", "4k-classify", "10m-text",
	    "10m-att" };
	struct redactor *r;
	char err[256];
	int i, rc = 0;

	parser_init();
	if ((r = redactor_new(NULL, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "parse-bench: %s\n", err);
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "fd") == 0)
		rc = bench_fd((size_t)atol(argv[2]), r);
	else if (argc > 1)
		for (i = 1; i < argc && rc == 0; i++)
			rc = bench_kind(argv[i], r);
	else
		for (i = 0; i < 4 && rc == 0; i++)
			rc = bench_kind(kinds[i], r);
	redactor_free(r);
	parser_shutdown();
	return rc;
}
