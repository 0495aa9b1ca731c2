/* cmd_ingest.c - postdeskctl ingest: mail through the intake pipeline.
 *
 * One message from stdin (binary-safe, one intake call, which keeps it in
 * memory or spills it to a temp file as it does for the milter), or every
 * message of an mbox file or a maildir through an intake_batch: parsed on
 * worker threads, stored in order, in groups (each one transaction), with
 * the meaning each has on its own: stopping half-way loses nothing and a
 * re-run skips what is stored already (duplicates by Message-ID or
 * content).  A JSON line per message goes to stdout once it is stored;
 * on a terminal a progress bar (count, rate, ETA) and at the end a
 * summary go to stderr.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/addr.h"
#include "common/msgbuf.h"
#include "common/xalloc.h"
#include "intake/intake.h"
#include "parser/parser.h"

struct ingest {
	struct cli		*in_cli;
	struct intake		*in_intake;
	struct intake_batch	*in_ib;		/* an import's mails */
	struct store_pool	*in_pool;
	const char		*in_sender;	/* --sender, or NULL */
	const char		**in_rcpts;
	size_t			 in_nrcpts;
	const char		*in_queue_id;
	int			 in_quiet;
	int			 in_retries;	/* for a SOFT result */
};

#define INGEST_HEAD_MAX		(64u << 10)
#define INGEST_READ_CHUNK	(64u << 10)

/* Tallies of a batch import. */
struct tally {
	size_t		 t_n[IA_REJECTED + 1];
	size_t		 t_done;
	size_t		 t_total;
	double		 t_start;
	double		 t_last_bar;
	int		 t_bar;		/* stderr is a TTY */
	struct reason {
		char	 r_text[300];
		size_t	 r_n;
	}		 t_reasons[32];
	size_t		 t_nreasons;
	size_t		 t_other_reasons;
};

/* Seconds since the epoch, with fractions. */
static double
now_s(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* The envelope sender of a message without one: Return-Path, else From,
 * from the header block (the body is not parsed for it). */
static char *
guess_sender(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *eol;
	struct mail *m;
	char *s;

	while (p < end && *p != '\n' && *p != '\r') {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - p) > 12 && strncasecmp(p, "Return-Path:",
		    12) == 0) {
			char *v = xstrndup(p + 12, (size_t)(eol - p - 12));

			s = addr_from_envelope(v);
			free(v);
			if (s != NULL)
				return s;
		}
		p = eol < end ? eol + 1 : end;
	}
	m = mail_parse_mem(data, (size_t)(p - data));
	s = xstrdup(m != NULL && m->m_from.a_addr != NULL ?
	    m->m_from.a_addr : "");
	mail_free(m);
	return s;
}

/* The same for a message in a file: its first bytes hold the headers. */
static char *
guess_sender_fd(int fd)
{
	char *head = xmalloc(INGEST_HEAD_MAX), *s;
	ssize_t n;

	while ((n = pread(fd, head, INGEST_HEAD_MAX, 0)) < 0 && errno == EINTR)
		;
	s = guess_sender(head, n > 0 ? (size_t)n : 0);
	free(head);
	return s;
}

/* The envelope of a message: --sender, else the sender given, else one
 * guessed from the message (*guessed, free it). */
static void
ingest_env(struct ingest *in, const char *sender, const char *data,
    size_t len, struct intake_env *env, char **guessed)
{
	memset(env, 0, sizeof(*env));
	*guessed = NULL;
	env->ie_queue_id = in->in_queue_id;
	env->ie_sender = in->in_sender != NULL ? in->in_sender : sender;
	if (env->ie_sender == NULL)
		env->ie_sender = *guessed = guess_sender(data, len);
	env->ie_rcpts = in->in_rcpts;
	env->ie_nrcpts = in->in_nrcpts;
}

/* Prints the JSON line of a result. */
static void
print_result(const struct intake_result *res)
{
	cli_json_print(cli_result_json(res));
}

/* Reads stdin into mb (intake_buf_add: past max_message_size the rest
 * is read and dropped, and intake refuses the message by its size).  0,
 * or an exit status. */
static int
ingest_read_stdin(struct ingest *in, struct msgbuf *mb)
{
	const struct conf *c = in->in_cli->c_conf;
	char *chunk = xmalloc(INGEST_READ_CHUNK);
	ssize_t n;
	int rc = 0;

	while ((n = read(STDIN_FILENO, chunk, INGEST_READ_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "postdeskctl: reading stdin: %s\n",
			    strerror(errno));
			rc = EX_IOERR;
			break;
		}
		if (intake_buf_add(in->in_intake, mb, chunk, (size_t)n) < 0) {
			fprintf(stderr, "postdeskctl: ingest: cannot keep the "
			    "message in %s: %s\n", c->cf_tmpdir,
			    strerror(errno));
			rc = EX_TEMPFAIL;
			break;
		}
	}
	free(chunk);
	if (rc == 0 && mb->mb_len == 0) {
		fprintf(stderr, "postdeskctl: ingest: no message on stdin\n");
		rc = EX_DATAERR;
	}
	return rc;
}

/* postdeskctl ingest (one message on stdin). */
static int
ingest_stdin(struct ingest *in)
{
	struct intake_env env;
	struct intake_result res;
	enum intake_status st;
	struct msgbuf mb;
	char *guessed = NULL, *head_sender = NULL;
	int rc;

	intake_buf_init(in->in_intake, &mb);
	if ((rc = ingest_read_stdin(in, &mb)) != 0) {
		msgbuf_free(&mb);
		return rc;
	}
	if (msgbuf_spilled(&mb)) {
		if (in->in_sender == NULL)
			head_sender = guess_sender_fd(mb.mb_fd);
		ingest_env(in, head_sender, NULL, 0, &env, &guessed);
	} else
		ingest_env(in, NULL, mb.mb_mem.b_data, mb.mb_mem.b_len, &env,
		    &guessed);
	st = intake_message(in->in_intake, &env, &mb, &res);
	free(guessed);
	free(head_sender);
	print_result(&res);
	if (st == INTAKE_SOFT)
		rc = res.ir_config ? EX_CONFIG : EX_TEMPFAIL;
	else if (st == INTAKE_HARD || res.ir_action == IA_REJECTED)
		rc = EX_DATAERR;
	else
		rc = 0;
	intake_result_free(&res);
	msgbuf_free(&mb);
	return rc;
}

/* Redraws the progress bar (at most ten times a second). */
static void
progress(struct tally *t, int final)
{
	double now = now_s(), el = now - t->t_start, rate;
	char eta[32] = "";
	int i, w = 30, fill;

	if (!t->t_bar || (!final && now - t->t_last_bar < 0.1))
		return;
	t->t_last_bar = now;
	rate = el > 0 ? (double)t->t_done / el : 0;
	fill = t->t_total > 0 ? (int)((double)w * (double)t->t_done /
	    (double)t->t_total) : w;
	if (rate > 0 && t->t_total > t->t_done)
		snprintf(eta, sizeof(eta), "  ETA %.0fs",
		    (double)(t->t_total - t->t_done) / rate);
	fputs("\r[", stderr);
	for (i = 0; i < w; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %zu/%zu  %.0f/s%s\033[K", t->t_done, t->t_total,
	    rate, eta);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Counts a rejection reason. */
static void
tally_reason(struct tally *t, const char *reason)
{
	size_t i;

	for (i = 0; i < t->t_nreasons; i++)
		if (strcmp(t->t_reasons[i].r_text, reason) == 0) {
			t->t_reasons[i].r_n++;
			return;
		}
	if (t->t_nreasons == sizeof(t->t_reasons) / sizeof(t->t_reasons[0])) {
		t->t_other_reasons++;
		return;
	}
	snprintf(t->t_reasons[t->t_nreasons].r_text,
	    sizeof(t->t_reasons[0].r_text), "%s", reason);
	t->t_reasons[t->t_nreasons++].r_n = 1;
}

/* Counts and prints the verdict on one message of an import; -1 to stop
 * (temporary failure). */
static int
batch_result(struct ingest *in, struct tally *t, enum intake_status st,
    struct intake_result *res)
{
	if (st == INTAKE_SOFT) {
		if (t->t_bar)
			fputc('\n', stderr);
		fprintf(stderr, "postdeskctl: message %zu: temporary "
		    "failure: %s\n", t->t_done + 1, res->ir_reason);
		return -1;
	}
	if (!in->in_quiet)
		print_result(res);
	if (st == INTAKE_HARD)
		res->ir_action = IA_REJECTED;
	t->t_n[res->ir_action]++;
	if (res->ir_action == IA_REJECTED)
		tally_reason(t, res->ir_reason[0] != '\0' ? res->ir_reason :
		    "(no reason given)");
	t->t_done++;
	progress(t, 0);
	return 0;
}

/* The summary on stderr; the exit status of the import. */
static int
summary(struct tally *t, int stopped)
{
	double el = now_s() - t->t_start;
	size_t i;

	progress(t, 1);
	fprintf(stderr, "%s %zu of %zu messages in %.1fs (%.0f/s): "
	    "%zu created, %zu appended, %zu duplicates, %zu ignored, "
	    "%zu rejected\n", stopped ? "stopped after" : "processed",
	    t->t_done, t->t_total, el, el > 0 ? (double)t->t_done / el : 0,
	    t->t_n[IA_CREATED], t->t_n[IA_APPENDED], t->t_n[IA_DUPLICATE],
	    t->t_n[IA_IGNORED], t->t_n[IA_REJECTED]);
	for (i = 0; i < t->t_nreasons; i++)
		fprintf(stderr, "  rejected %zu: %s\n", t->t_reasons[i].r_n,
		    t->t_reasons[i].r_text);
	if (t->t_other_reasons > 0)
		fprintf(stderr, "  rejected %zu: (other reasons)\n",
		    t->t_other_reasons);
	if (stopped) {
		fprintf(stderr, "postdeskctl: stopped; run the same command "
		    "again to continue (stored mail is skipped)\n");
		return EX_TEMPFAIL;
	}
	return t->t_n[IA_REJECTED] > 0 ? EX_DATAERR : 0;
}

/* Removes one '>' from every ">From " / ">>From " line (mboxrd). */
static size_t
mbox_unquote(char *s, size_t len)
{
	size_t i = 0, o = 0, j;
	int bol = 1;

	while (i < len) {
		if (bol && s[i] == '>') {
			for (j = i; j < len && s[j] == '>'; j++)
				;
			if (len - j >= 5 && memcmp(s + j, "From ", 5) == 0)
				i++;
		}
		bol = s[i] == '\n';
		s[o++] = s[i++];
	}
	return o;
}

/* The envelope sender of a "From sender date" line. */
static char *
mbox_sender(const char *line, const char *eol)
{
	const char *p = line + 5, *e;

	while (p < eol && *p == ' ')
		p++;
	for (e = p; e < eol && *e != ' ' && *e != '\r'; e++)
		;
	if (e - p == 13 && strncasecmp(p, "MAILER-DAEMON", 13) == 0)
		return xstrdup("");
	return e > p ? xstrndup(p, (size_t)(e - p)) : NULL;
}

/* Offsets of the "From " lines of an mbox. */
static size_t *
mbox_index(const char *d, size_t len, size_t *n)
{
	const char *nl;
	size_t *v = NULL, i = 0;

	*n = 0;
	while (i < len) {
		if (len - i >= 5 && memcmp(d + i, "From ", 5) == 0) {
			v = xreallocarray(v, *n + 1, sizeof(*v));
			v[(*n)++] = i;
		}
		if ((nl = memchr(d + i, '\n', len - i)) == NULL)
			break;
		i = (size_t)(nl - d) + 1;
	}
	return v;
}

/* Where the mails of an import come from: an mbox in memory (its "From "
 * lines at so_idx) or the files of a maildir. */
struct source {
	size_t		 so_n;
	const char	*so_map;
	size_t		 so_size;
	const size_t	*so_idx;
	char		**so_files;
};

/* Mail i of an mbox, unquoted, and the sender of its "From " line. */
static void
mbox_load(const struct source *so, size_t i, struct buf *b, char **sender)
{
	const char *d = so->so_map, *eol;
	size_t start, end;

	eol = memchr(d + so->so_idx[i], '\n', so->so_size - so->so_idx[i]);
	if (eol == NULL)
		eol = d + so->so_size;
	start = (size_t)(eol - d) + (eol < d + so->so_size);
	end = i + 1 < so->so_n ? so->so_idx[i + 1] : so->so_size;
	if (end > start + 1 && d[end - 1] == '\n' && d[end - 2] == '\n')
		end--;
	*sender = mbox_sender(d + so->so_idx[i], eol);
	buf_add(b, d + start, end - start);
	b->b_len = mbox_unquote(b->b_data, b->b_len);
	b->b_data[b->b_len] = '\0';
}

/* Queues mail i of an import; 0, or the errno of a file that could not be
 * read. */
static int
ingest_push(struct ingest *in, const struct source *so, size_t i)
{
	struct intake_env env;
	struct buf b = BUF_INIT;
	char *sender = NULL, *guessed;
	int fd, e;

	if (so->so_files == NULL)
		mbox_load(so, i, &b, &sender);
	else if ((fd = open(so->so_files[i], O_RDONLY)) < 0 ||
	    cli_read_fd(fd, &b) < 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		buf_free(&b);
		return e != 0 ? e : EIO;
	} else
		close(fd);
	if (b.b_data == NULL)
		buf_adds(&b, "");
	ingest_env(in, sender, b.b_data, b.b_len, &env, &guessed);
	intake_batch_push(in->in_ib, &env, b.b_data, b.b_len);
	free(sender);
	free(guessed);
	return 0;
}

/* Threads that parse an import: one per processor (the database and
 * this thread share them), at most 8. */
static int
ingest_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

/* Imports every mail of a source, in groups; the exit status. */
static int
ingest_import(struct ingest *in, const struct source *so)
{
	struct tally t;
	struct intake_result res;
	enum intake_status st;
	size_t n = so->so_n, i, next = 0;
	int *unread, stopped = 0, rc;

	memset(&t, 0, sizeof(t));
	t.t_total = n;
	t.t_start = now_s();
	t.t_bar = isatty(STDERR_FILENO);
	if ((in->in_ib = intake_batch_new(in->in_intake, ingest_threads(),
	    in->in_retries)) == NULL) {
		fprintf(stderr, "postdeskctl: cannot start threads: %s\n",
		    strerror(errno));
		return EX_OSERR;
	}
	unread = xcalloc(n + 1, sizeof(*unread));
	for (i = 0; i < n && !stopped; i++) {
		for (; next < n && intake_batch_room(in->in_ib); next++)
			unread[next] = ingest_push(in, so, next);
		if (unread[i] != 0) {
			fprintf(stderr, "postdeskctl: %s: %s\n",
			    so->so_files[i], strerror(unread[i]));
			t.t_n[IA_REJECTED]++;
			tally_reason(&t, "unreadable file");
			t.t_done++;
		} else if (intake_batch_pop(in->in_ib, &st, &res)) {
			stopped = batch_result(in, &t, st, &res) < 0;
			intake_result_free(&res);
		}
	}
	rc = summary(&t, stopped);
	intake_batch_free(in->in_ib);
	in->in_ib = NULL;
	free(unread);
	return rc;
}

/* postdeskctl ingest --mbox FILE */
static int
ingest_mbox(struct ingest *in, const char *path)
{
	struct source so;
	struct stat sb;
	const char *d = "";
	size_t *idx, n = 0;
	int fd, rc;

	memset(&so, 0, sizeof(so));
	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) < 0) {
		fprintf(stderr, "postdeskctl: %s: %s\n", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return EX_NOINPUT;
	}
	if (sb.st_size > 0 && (d = mmap(NULL, (size_t)sb.st_size, PROT_READ,
	    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		fprintf(stderr, "postdeskctl: %s: %s\n", path,
		    strerror(errno));
		close(fd);
		return EX_IOERR;
	}
	idx = mbox_index(d, (size_t)sb.st_size, &n);
	if (sb.st_size > 0 && (n == 0 || idx[0] != 0)) {
		fprintf(stderr, "postdeskctl: %s: not an mbox file (no "
		    "\"From \" line at the start)\n", path);
		rc = EX_DATAERR;
		goto out;
	}
	so.so_n = n;
	so.so_map = d;
	so.so_size = (size_t)sb.st_size;
	so.so_idx = idx;
	rc = ingest_import(in, &so);
out:
	free(idx);
	if (sb.st_size > 0)
		munmap((void *)d, (size_t)sb.st_size);
	close(fd);
	return rc;
}

/* Sorts file names. */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files of dir (not dot files) to a list. */
static void
maildir_scan(const char *dir, char ***v, size_t *n)
{
	struct dirent *de;
	struct stat sb;
	DIR *dp;
	char *p;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode)) {
			*v = xreallocarray(*v, *n + 1, sizeof(**v));
			(*v)[(*n)++] = p;
		} else
			free(p);
	}
	closedir(dp);
}

/* postdeskctl ingest --maildir DIR (cur/ and new/, else DIR itself) */
static int
ingest_maildir(struct ingest *in, const char *dir)
{
	struct source so;
	char **files = NULL, *sub;
	size_t n = 0, i;
	int rc;
	struct stat sb;

	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "postdeskctl: %s: not a directory\n", dir);
		return EX_NOINPUT;
	}
	sub = xasprintf("%s/cur", dir);
	maildir_scan(sub, &files, &n);
	free(sub);
	sub = xasprintf("%s/new", dir);
	maildir_scan(sub, &files, &n);
	free(sub);
	if (n == 0)
		maildir_scan(dir, &files, &n);
	if (n > 0)
		qsort(files, n, sizeof(*files), name_cmp);
	memset(&so, 0, sizeof(so));
	so.so_n = n;
	so.so_files = files;
	rc = ingest_import(in, &so);
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}

/* The first support address that is an address (not @domain). */
static const char *
default_rcpt(const struct conf *c)
{
	size_t i;

	for (i = 0; i < c->cf_support_addresses.sl_n; i++)
		if (c->cf_support_addresses.sl_v[i][0] != '@')
			return c->cf_support_addresses.sl_v[i];
	return c->cf_from_address;
}

/* Sets up the pipeline and runs the chosen source. */
static int
ingest_run(struct ingest *in, const char *mbox, const char *maildir)
{
	const struct conf *c = in->in_cli->c_conf;
	char err[512];
	int rc;

	if (c->cf_database == NULL || c->cf_database[0] == '\0') {
		fprintf(stderr, "postdeskctl: no database configured\n");
		return EX_CONFIG;
	}
	in->in_pool = store_pool_new(c->cf_database, 1,
	    (int)c->cf_db_pool_wait);
	if ((in->in_intake = intake_new(in->in_cli->c_conf, in->in_pool,
	    err, sizeof(err))) == NULL) {
		fprintf(stderr, "postdeskctl: %s\n", err);
		store_pool_free(in->in_pool);
		return EX_CONFIG;
	}
	in->in_retries = mbox != NULL || maildir != NULL ? 2 : 0;
	if (mbox != NULL)
		rc = ingest_mbox(in, mbox);
	else if (maildir != NULL)
		rc = ingest_maildir(in, maildir);
	else
		rc = ingest_stdin(in);
	fflush(stdout);
	intake_free(in->in_intake);
	store_pool_free(in->in_pool);
	return rc;
}

/* postdeskctl ingest [--sender A] [--rcpt A]... [--queue-id ID]
 * [--mbox FILE | --maildir DIR] [--quiet] */
int
cmd_ingest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sender", required_argument, NULL, 's' },
		{ "rcpt", required_argument, NULL, 'r' },
		{ "queue-id", required_argument, NULL, 'q' },
		{ "mbox", required_argument, NULL, 'm' },
		{ "maildir", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ingest in;
	const char *mbox = NULL, *maildir = NULL, *def;
	int ch, rc;

	memset(&in, 0, sizeof(in));
	in.in_cli = cli;
	in.in_rcpts = xcalloc((size_t)argc + 1, sizeof(*in.in_rcpts));
	while ((ch = getopt_long(argc, argv, "s:r:q:m:d:Qh", opts, NULL)) !=
	    -1)
		switch (ch) {
		case 's': in.in_sender = optarg; break;
		case 'r': in.in_rcpts[in.in_nrcpts++] = optarg; break;
		case 'q': in.in_queue_id = optarg; break;
		case 'm': mbox = optarg; break;
		case 'd': maildir = optarg; break;
		case 'Q': in.in_quiet = 1; break;
		case 'h':
			free(in.in_rcpts);
			return cli_help("ingest");
		default:
			free(in.in_rcpts);
			return cli_usage("ingest");
		}
	if (optind != argc || (mbox != NULL && maildir != NULL)) {
		free(in.in_rcpts);
		return cli_usage("ingest");
	}
	if (in.in_nrcpts == 0) {
		if ((def = default_rcpt(cli->c_conf)) == NULL) {
			fprintf(stderr, "postdeskctl: ingest: no --rcpt and "
			    "no support address in the config\n");
			free(in.in_rcpts);
			return EX_USAGE;
		}
		in.in_rcpts[in.in_nrcpts++] = def;
	}
	rc = ingest_run(&in, mbox, maildir);
	free(in.in_rcpts);
	return rc;
}
