/* tmpl.c - the small template language of the mail postdesk sends.
 *
 * Offers tmpl_render(), tmpl_render_file(), tmpl_render_mail(),
 * tmpl_split_subject() and a cache of template files (tmpl_cache_new(),
 * tmpl_cache_render_mail(), tmpl_cache_has(), tmpl_cache_free()): one
 * per configuration snapshot, so each file is read once, not per mail.
 * "{{name}}" inserts a value verbatim; "{{#if name}}...{{/if}}" and
 * "{{#unless name}}...{{/unless}}" keep or drop their text and nest.  A name
 * the caller did not pass, an unknown tag or an unbalanced block is an
 * error, even inside a dropped block, so a typo never goes unnoticed.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "notifier/notifier.h"

#define TMPL_MAX_DEPTH	32
#define TMPL_MAX_FILE	(256 * 1024)

const char *const tmpl_names[] = { "confirmation", "reply", "resolved",
    "closed", "tickets", "tickets-row", "merged", NULL };

enum tmpl_block { TB_IF, TB_UNLESS };

struct tmpl_state {
	enum tmpl_block	 ts_kind[TMPL_MAX_DEPTH];
	int		 ts_keep[TMPL_MAX_DEPTH];
	int		 ts_depth;
};

/* Finds a variable by name (len bytes); NULL when unknown. */
static const struct tmpl_var *
tmpl_lookup(const struct tmpl_var *vars, size_t nvars, const char *name,
    size_t len)
{
	size_t i;

	for (i = 0; i < nvars; i++)
		if (strlen(vars[i].tv_name) == len &&
		    memcmp(vars[i].tv_name, name, len) == 0)
			return &vars[i];
	return NULL;
}

/* Whether the current position keeps its text. */
static int
tmpl_keeping(const struct tmpl_state *st)
{
	return st->ts_depth == 0 || st->ts_keep[st->ts_depth - 1];
}

/* Trims blanks from both ends of [*p, *p + *len). */
static void
tmpl_trim(const char **p, size_t *len)
{
	while (*len > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t'))
		(*len)--;
}

/* Handles one tag (its inside, trimmed); -1 and err on error. */
static int
tmpl_tag(struct tmpl_state *st, const char *tag, size_t len,
    const struct tmpl_var *vars, size_t nvars, struct buf *out,
    char *err, size_t errlen)
{
	const struct tmpl_var *v;
	enum tmpl_block kind;
	size_t skip;
	int truth;

	if (len > 0 && tag[0] == '/') {
		if (len == 3 && memcmp(tag, "/if", 3) == 0)
			kind = TB_IF;
		else if (len == 7 && memcmp(tag, "/unless", 7) == 0)
			kind = TB_UNLESS;
		else {
			snprintf(err, errlen, "unknown closing tag {{%.*s}}",
			    (int)(len > 40 ? 40 : len), tag);
			return -1;
		}
		if (st->ts_depth == 0 ||
		    st->ts_kind[st->ts_depth - 1] != kind) {
			snprintf(err, errlen, "unbalanced {{%.*s}}", (int)len,
			    tag);
			return -1;
		}
		st->ts_depth--;
		return 0;
	}
	if (len > 0 && tag[0] == '#') {
		if (len > 4 && memcmp(tag, "#if ", 4) == 0) {
			kind = TB_IF;
			skip = 4;
		} else if (len > 8 && memcmp(tag, "#unless ", 8) == 0) {
			kind = TB_UNLESS;
			skip = 8;
		} else {
			snprintf(err, errlen, "unknown block {{%.*s}}",
			    (int)(len > 40 ? 40 : len), tag);
			return -1;
		}
		tag += skip;
		len -= skip;
		tmpl_trim(&tag, &len);
		if ((v = tmpl_lookup(vars, nvars, tag, len)) == NULL) {
			snprintf(err, errlen, "unknown name \"%.*s\"",
			    (int)(len > 40 ? 40 : len), tag);
			return -1;
		}
		if (st->ts_depth == TMPL_MAX_DEPTH) {
			snprintf(err, errlen, "blocks nested too deeply");
			return -1;
		}
		truth = v->tv_value != NULL && v->tv_value[0] != '\0';
		if (kind == TB_UNLESS)
			truth = !truth;
		st->ts_keep[st->ts_depth] = tmpl_keeping(st) && truth;
		st->ts_kind[st->ts_depth] = kind;
		st->ts_depth++;
		return 0;
	}
	if ((v = tmpl_lookup(vars, nvars, tag, len)) == NULL) {
		snprintf(err, errlen, "unknown name \"%.*s\"",
		    (int)(len > 40 ? 40 : len), tag);
		return -1;
	}
	if (tmpl_keeping(st) && v->tv_value != NULL)
		buf_adds(out, v->tv_value);
	return 0;
}

/* When the tag [open, close) stands alone on its line, returns where that
 * line starts (>= from) and sets *next past its line end; else NULL. */
static const char *
tmpl_standalone(const char *tmpl, const char *from, const char *end,
    const char *open, const char *close, const char **next)
{
	const char *ls = open, *q = close + 2;

	while (ls > tmpl && ls[-1] != '\n')
		ls--;
	if (ls < from || strspn(ls, " \t") < (size_t)(open - ls))
		return NULL;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < end && *q == '\r' && q + 1 < end && q[1] == '\n')
		q += 2;
	else if (q < end && *q == '\n')
		q++;
	else if (q < end)
		return NULL;
	*next = q;
	return ls;
}

/* Renders tmpl into out (appending); 0, or -1 and err.  A block tag alone
 * on its line takes the whole line with it. */
int
tmpl_render(const char *tmpl, size_t len, const struct tmpl_var *vars,
    size_t nvars, struct buf *out, char *err, size_t errlen)
{
	struct tmpl_state st;
	const char *p = tmpl, *end = tmpl + len, *open, *close, *tag;
	const char *lit_end, *next;
	size_t start = out->b_len, taglen;

	st.ts_depth = 0;
	buf_add(out, "", 0);
	while (p < end) {
		open = memmem(p, (size_t)(end - p), "{{", 2);
		if (open == NULL) {
			if (tmpl_keeping(&st))
				buf_add(out, p, (size_t)(end - p));
			break;
		}
		close = memmem(open + 2, (size_t)(end - open - 2), "}}", 2);
		if (close == NULL) {
			snprintf(err, errlen, "unterminated {{ at offset %zu",
			    (size_t)(open - tmpl));
			goto fail;
		}
		tag = open + 2;
		taglen = (size_t)(close - tag);
		tmpl_trim(&tag, &taglen);
		lit_end = NULL;
		if (taglen > 0 && (tag[0] == '#' || tag[0] == '/'))
			lit_end = tmpl_standalone(tmpl, p, end, open, close,
			    &next);
		if (lit_end == NULL) {
			lit_end = open;
			next = close + 2;
		}
		if (tmpl_keeping(&st))
			buf_add(out, p, (size_t)(lit_end - p));
		if (tmpl_tag(&st, tag, taglen, vars, nvars, out, err,
		    errlen) < 0)
			goto fail;
		p = next;
	}
	if (st.ts_depth != 0) {
		snprintf(err, errlen, "unclosed {{#%s}} block",
		    st.ts_kind[st.ts_depth - 1] == TB_IF ? "if" : "unless");
		goto fail;
	}
	return 0;
fail:
	out->b_len = start;
	out->b_data[start] = '\0';
	return -1;
}

/* A template name is letters, digits, '-' and '_' only. */
static int
tmpl_name_ok(const char *name)
{
	const char *p;

	if (name == NULL || *name == '\0' || strlen(name) > 64)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

/* Reads dir/NAME.txt into text; 0, or -1 and err. */
static int
tmpl_read(const char *dir, const char *name, struct buf *text, char *path,
    size_t pathlen, char *err, size_t errlen)
{
	char chunk[4096];
	size_t n;
	FILE *fp;
	int bad;

	if (!tmpl_name_ok(name)) {
		snprintf(err, errlen, "bad template name");
		return -1;
	}
	if ((size_t)snprintf(path, pathlen, "%s/%s.txt", dir, name) >=
	    pathlen) {
		snprintf(err, errlen, "template path too long");
		return -1;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (text->b_len <= TMPL_MAX_FILE &&
	    (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(text, chunk, n);
	bad = ferror(fp) || text->b_len > TMPL_MAX_FILE;
	fclose(fp);
	if (bad) {
		snprintf(err, errlen, "%s: %s", path,
		    text->b_len > TMPL_MAX_FILE ? "too large" : "read error");
		return -1;
	}
	buf_add(text, "", 0);
	return 0;
}

/* Appends " in PATH" to an error message. */
static void
tmpl_err_where(char *err, size_t errlen, const char *path)
{
	size_t used = strlen(err);

	if (used + 1 < errlen)
		snprintf(err + used, errlen - used, " in %s", path);
}

/* Reads dir/NAME.txt and renders it into out. */
int
tmpl_render_file(const char *dir, const char *name,
    const struct tmpl_var *vars, size_t nvars, struct buf *out,
    char *err, size_t errlen)
{
	struct buf text = BUF_INIT;
	char path[4096];
	int rc;

	if (tmpl_read(dir, name, &text, path, sizeof(path), err, errlen) < 0) {
		buf_free(&text);
		return -1;
	}
	rc = tmpl_render(text.b_data, text.b_len, vars, nvars, out, err,
	    errlen);
	if (rc < 0)
		tmpl_err_where(err, errlen, path);
	buf_free(&text);
	return rc;
}

/* Renders the text of a template file (read from path) as a mail: its
 * Subject line and its body separately. */
static int
tmpl_mail_text(const char *path, const struct buf *text,
    const struct tmpl_var *vars, size_t nvars, struct buf *subject,
    struct buf *body, char *err, size_t errlen)
{
	const char *s, *eol, *rest;

	if (strncasecmp(text->b_data, "Subject:", 8) != 0) {
		snprintf(err, errlen, "%s: first line is not \"Subject: ...\"",
		    path);
		return -1;
	}
	s = text->b_data + 8;
	s += strspn(s, " \t");
	eol = s + strcspn(s, "\r\n");
	rest = eol + (eol[0] == '\r' && eol[1] == '\n' ? 2 :
	    eol[0] != '\0');
	if (rest[0] == '\r' && rest[1] == '\n')
		rest += 2;
	else if (rest[0] == '\n')
		rest++;
	while (eol > s && (eol[-1] == ' ' || eol[-1] == '\t'))
		eol--;
	if (tmpl_render(s, (size_t)(eol - s), vars, nvars, subject, err,
	    errlen) < 0 ||
	    tmpl_render(rest, text->b_len - (size_t)(rest - text->b_data), vars,
	    nvars, body, err, errlen) < 0) {
		tmpl_err_where(err, errlen, path);
		return -1;
	}
	return 0;
}

/* Reads dir/NAME.txt, renders its Subject line and its body separately. */
int
tmpl_render_mail(const char *dir, const char *name,
    const struct tmpl_var *vars, size_t nvars, struct buf *subject,
    struct buf *body, char *err, size_t errlen)
{
	struct buf text = BUF_INIT;
	char path[4096];
	int rc = -1;

	if (tmpl_read(dir, name, &text, path, sizeof(path), err, errlen) == 0)
		rc = tmpl_mail_text(path, &text, vars, nvars, subject, body,
		    err, errlen);
	buf_free(&text);
	return rc;
}

/* A template file read once and rendered well: kept until the cache
 * goes (its text never changes). */
struct tmpl_entry {
	char			*te_path;
	struct buf		 te_text;
	struct tmpl_entry	*te_next;
};

struct tmpl_cache {
	pthread_mutex_t		 tc_lock;
	struct tmpl_entry	*tc_list;
};

/* An empty cache. */
struct tmpl_cache *
tmpl_cache_new(void)
{
	struct tmpl_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->tc_lock, NULL);
	return c;
}

/* Frees the cache and its texts; NULL is fine. */
void
tmpl_cache_free(struct tmpl_cache *c)
{
	struct tmpl_entry *e, *next;

	if (c == NULL)
		return;
	for (e = c->tc_list; e != NULL; e = next) {
		next = e->te_next;
		free(e->te_path);
		buf_free(&e->te_text);
		free(e);
	}
	pthread_mutex_destroy(&c->tc_lock);
	free(c);
}

/* The entry of path, or NULL. */
static const struct tmpl_entry *
tmpl_cache_find(struct tmpl_cache *c, const char *path)
{
	const struct tmpl_entry *e;

	pthread_mutex_lock(&c->tc_lock);
	for (e = c->tc_list; e != NULL; e = e->te_next)
		if (strcmp(e->te_path, path) == 0)
			break;
	pthread_mutex_unlock(&c->tc_lock);
	return e;
}

/* 1 when path is a template the cache holds. */
int
tmpl_cache_has(struct tmpl_cache *c, const char *path)
{
	return c != NULL && tmpl_cache_find(c, path) != NULL;
}

/* Keeps the text of path (taking it) unless it is kept already. */
static void
tmpl_cache_keep(struct tmpl_cache *c, const char *path, struct buf *text)
{
	struct tmpl_entry *e;

	pthread_mutex_lock(&c->tc_lock);
	for (e = c->tc_list; e != NULL; e = e->te_next)
		if (strcmp(e->te_path, path) == 0)
			break;
	if (e == NULL) {
		e = xcalloc(1, sizeof(*e));
		e->te_path = xstrdup(path);
		e->te_text = *text;
		memset(text, 0, sizeof(*text));
		e->te_next = c->tc_list;
		c->tc_list = e;
	}
	pthread_mutex_unlock(&c->tc_lock);
}

/* tmpl_render_mail() through the cache (NULL: none): a file is read
 * once, and kept once it rendered well, so a missing or broken one is
 * read again each time until it is mended. */
int
tmpl_cache_render_mail(struct tmpl_cache *c, const char *dir,
    const char *name, const struct tmpl_var *vars, size_t nvars,
    struct buf *subject, struct buf *body, char *err, size_t errlen)
{
	const struct tmpl_entry *e;
	struct buf text = BUF_INIT;
	char path[4096];
	int rc = -1;

	if (c == NULL || !tmpl_name_ok(name) || (size_t)snprintf(path,
	    sizeof(path), "%s/%s.txt", dir, name) >= sizeof(path))
		return tmpl_render_mail(dir, name, vars, nvars, subject, body,
		    err, errlen);
	if ((e = tmpl_cache_find(c, path)) != NULL)
		return tmpl_mail_text(e->te_path, &e->te_text, vars, nvars,
		    subject, body, err, errlen);
	if (tmpl_read(dir, name, &text, path, sizeof(path), err, errlen) == 0 &&
	    (rc = tmpl_mail_text(path, &text, vars, nvars, subject, body, err,
	    errlen)) == 0)
		tmpl_cache_keep(c, path, &text);
	buf_free(&text);
	return rc;
}

/* Splits a rendered template file into its subject line and its body. */
int
tmpl_split_subject(const char *rendered, char **subject, const char **body)
{
	const char *p, *eol;
	size_t len;

	*subject = NULL;
	*body = NULL;
	if (strncasecmp(rendered, "Subject:", 8) != 0)
		return -1;
	p = rendered + 8;
	while (*p == ' ' || *p == '\t')
		p++;
	eol = p + strcspn(p, "\r\n");
	len = (size_t)(eol - p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	*subject = xstrndup(p, len);
	if (eol[0] == '\r' && eol[1] == '\n')
		eol += 2;
	else if (eol[0] != '\0')
		eol++;
	/* one blank line separates the subject from the body */
	if (eol[0] == '\r' && eol[1] == '\n')
		eol += 2;
	else if (eol[0] == '\n')
		eol++;
	*body = eol;
	return 0;
}
