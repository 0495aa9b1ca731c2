/* confcheck.h - what would make mail fail, found before it does.
 *
 * The one configuration check behind "postdesk -n" and "postdeskctl
 * config-check": the file itself, the templates (in every language
 * directory), the HMAC secret, the addresses, agent_trust, tmpdir, the
 * milter's user and a unix socket Postfix must reach, and (with
 * CONFCHECK_CONNECT) the database and its schema version.  Every problem
 * is one item with its key, what is wrong and how to fix it.  Files are
 * judged as the milter's user will see them: "user" when set, else the
 * user running the check; a unix socket as the user "postfix" will.
 */
#ifndef PD_CONFCHECK_H
#define PD_CONFCHECK_H

#include <stddef.h>
#include <stdio.h>

#include "common/conf.h"

enum confcheck_level { CC_WARN, CC_ERROR };

struct confcheck_item {
	enum confcheck_level	 ci_level;
	char			*ci_key;	/* the key, or the file */
	char			*ci_text;	/* what is wrong */
	char			*ci_fix;	/* what to do */
};

struct confcheck {
	struct confcheck_item	*cc_items;
	size_t			 cc_n;
	int			 cc_errors;
	int			 cc_warnings;
	const char		*cc_postfix;	/* the Postfix user, "postfix" */
};

#define CONFCHECK_CONNECT	0x1	/* also the database */
#define CONFCHECK_TELEGRAM	0x2	/* also the Telegram door's keys */

/* Exit statuses: nothing found or warnings only (a check in front of a
 * service start must let warnings pass), and errors (EX_CONFIG). */
#define CONFCHECK_EXIT_OK	0
#define CONFCHECK_EXIT_ERROR	78

/* Zeroes cc (cc_postfix "postfix"). */
void		 confcheck_init(struct confcheck *);
/* Loads path (NULL: built-in defaults) and checks it into cc. */
void		 confcheck_file(struct confcheck *, const char *path,
		    int flags);
/* Checks a loaded snapshot (conf_load_lax's or conf_load's). */
void		 confcheck_conf(struct confcheck *, const struct conf *,
		    int flags);
/* Prints every item, one line each ("PROG: error: KEY: TEXT; fix:
 * FIX"), on f; then "configuration OK" on ok when there is no error. */
void		 confcheck_print(const struct confcheck *, const char *prog,
		    FILE *f, FILE *ok);
/* CONFCHECK_EXIT_ERROR when an error was found, else CONFCHECK_EXIT_OK. */
int		 confcheck_status(const struct confcheck *);
void		 confcheck_free(struct confcheck *);

/* A daemon's -n: checks path with flags, prints the report as prog and
 * exits with confcheck_status(). */
void		 confcheck_exit(const char *path, int flags, const char *prog)
		    __attribute__((noreturn));
/* A daemon's configuration at start: loaded, or "prog: why" on stderr
 * and exit EX_CONFIG. */
struct conf	*confcheck_load(const char *path, const char *prog);

/* Adds an item (access.c and the tests use it too). */
void		 confcheck_add(struct confcheck *, enum confcheck_level,
		    const char *key, const char *fix, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

/* --- access.c: permissions as another user will see them ------------- */

struct cc_user {
	char		 cu_name[64];
	unsigned	 cu_uid;
	unsigned	 cu_gid;
	unsigned	 cu_groups[64];
	int		 cu_ngroups;
};

/* The user called name (0), or -1 when there is none. */
int		 cc_user_named(struct cc_user *, const char *name);
/* The id of the group called name (0), or -1 when there is none. */
int		 cc_group_id(const char *name, unsigned *gid);
/* The user running this process. */
void		 cc_user_self(struct cc_user *);
/* 0 when u may reach path (search every directory above it) and do
 * want (R_OK, W_OK, X_OK, or'ed) on it; else -1 with why filled. */
int		 cc_user_can(const struct cc_user *, const char *path,
		    int want, char *why, size_t whylen);
/* 0 when u may do want on a file of this owner, group and mode. */
int		 cc_mode_allows(const struct cc_user *, unsigned uid,
		    unsigned gid, unsigned mode, int want);

/* --- telegram.c: the keys of postdesk-telegram ----------------------- */

/* The token file (readable by run, a token on its first line), the API
 * URL, the departments, an address to file tickets to. */
void		 confcheck_telegram(struct confcheck *, const struct conf *,
		    const struct cc_user *run);

#endif
