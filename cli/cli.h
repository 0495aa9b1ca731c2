/* cli.h - postdeskctl, the console for agents and admins.
 *
 * main.c parses the global options, loads the config and dispatches to one
 * function per command (cmd_*.c).  Commands return an exit status from
 * sysexits(3).  table.c draws aligned tables that fit the terminal, times
 * relative to now and colour (only on a TTY, never with NO_COLOR); emit.c
 * makes the JSON (jansson) of the rows store/ hands over.
 */
#ifndef PD_CLI_H
#define PD_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "common/buf.h"
#include "common/conf.h"
#include "intake/intake.h"
#include "store/store.h"

/* --- the run ------------------------------------------------------------ */

struct cli {
	struct conf	*c_conf;	/* NULL for a command that loads
					 * c_conf_path itself */
	const char	*c_conf_path;	/* NULL: defaults only */
	struct store	*c_store;	/* opened by cli_store() */
	struct intake	*c_intake;	/* made by cli_set_status() */
	int		 c_color;	/* stdout is a TTY and NO_COLOR unset */
	time_t		 c_now;
};

struct cli_cmd {
	const char	*cc_name;
	int		(*cc_run)(struct cli *, int argc, char **argv);
	const char	*cc_summary;	/* its line in --help */
	const char	*cc_synopsis;	/* after "postdeskctl NAME" */
	const char	*cc_help;	/* what it does, options */
	int		 cc_ownconf;	/* loads c_conf_path itself */
};

/* Opens the database once; returns 0 or an exit status (after saying why
 * on stderr). */
int		 cli_store(struct cli *);
/* In the open transaction, through intake_set_status(): with set, sets
 * ticket n's status (by: who) and, with notify, queues the notice telling
 * the requester that it is now resolved or closed (nothing for other
 * statuses); without set, only that notice, for a status changed
 * already.  ONE, or a failure after saying why on stderr. */
enum store_status cli_set_status(struct cli *, long n, enum ticket_status,
		    const char *by, int set, int notify);
/* The intake pipeline (made on first use, freed at exit); NULL after
 * saying why on stderr. */
struct intake	*cli_intake(struct cli *);
/* An exit status for a store result other than ONE (and says why). */
int		 cli_store_fail(struct cli *, enum store_status, long ticket);
/* Prints "usage: ..." for cmd on stderr and returns EX_USAGE. */
int		 cli_usage(const char *cmd);
/* Prints the help of cmd on stdout and returns 0. */
int		 cli_help(const char *cmd);
/* Parses a ticket number; -1 when it is not one. */
long		 cli_ticket_arg(const char *);
/* Who is acting: --agent, else $USER, else "postdeskctl". */
const char	*cli_actor(void);
/* Reads all of fd into b; -1 on error. */
int		 cli_read_fd(int fd, struct buf *b);

/* Commands. */
int		 cmd_migrate(struct cli *, int, char **);
int		 cmd_config_check(struct cli *, int, char **);
int		 cmd_ingest(struct cli *, int, char **);
int		 cmd_show(struct cli *, int, char **);
int		 cmd_list(struct cli *, int, char **);
int		 cmd_status(struct cli *, int, char **);
int		 cmd_priority(struct cli *, int, char **);
int		 cmd_assign(struct cli *, int, char **);
int		 cmd_merge(struct cli *, int, char **);
int		 cmd_escalate(struct cli *, int, char **);
int		 cmd_digest(struct cli *, int, char **);
/* The daily digest at now as text and an HTML page (cmd_agents.c), with
 * its title; 0 or an exit status after saying why. */
int		 cli_digest(struct cli *, time_t now, struct buf *text,
		    struct buf *html, char *title, size_t tlen);
int		 cmd_reply(struct cli *, int, char **);
int		 cmd_note(struct cli *, int, char **);
int		 cmd_close_stale(struct cli *, int, char **);
int		 cmd_stats(struct cli *, int, char **);
int		 cmd_outbox(struct cli *, int, char **);

/* --- JSON (emit.c) ------------------------------------------------------ */

/* New references, to be printed with cli_json_print() (which frees them). */
json_t		*cli_ticket_json(const struct store_ticket_row *,
		    const char *tag_prefix, int full);
json_t		*cli_outbox_json(const struct store_outbox_row *, size_t n);
json_t		*cli_stats_json(const struct store_stats *);
json_t		*cli_result_json(const struct intake_result *);
/* Appends j as one compact line to b / prints it on stdout; frees j. */
void		 cli_json_line(json_t *, struct buf *);
void		 cli_json_print(json_t *);

/* --- output (table.c) ----------------------------------------------------- */

/* Terminal width: TIOCGWINSZ on stdout, else $COLUMNS, else 80 (0 when
 * stdout is not a TTY and COLUMNS is unset: no limit). */
int		 term_width(void);
/* "3h ago", "in 2d", "now" into out. */
void		 reltime(time_t t, time_t now, char *out, size_t outlen);
/* "2026-01-31 14:05" (local time) into out. */
void		 abstime(time_t t, char *out, size_t outlen);

/* ANSI SGR colours, only used when c_color. */
#define CLR_RED		"31"
#define CLR_GREEN	"32"
#define CLR_YELLOW	"33"
#define CLR_BLUE	"34"
#define CLR_BOLD	"1"
#define CLR_DIM		"2"

struct table;

/* A table with ncols columns and these headings. */
struct table	*table_new(size_t ncols, const char *const *heads);
void		 table_free(struct table *);		/* NULL is fine */
/* Column col may be shortened (with "...") to fit the width. */
void		 table_flex(struct table *, size_t col);
void		 table_right(struct table *, size_t col);
/* Adds a row: ncols strings (copied) and a colour per cell (NULL ok). */
void		 table_row(struct table *, const char *const *cells,
		    const char *const *colors);
/* Prints it to f within width (0: no limit), colour if color. */
void		 table_print(const struct table *, FILE *, int width,
		    int color);

#endif
