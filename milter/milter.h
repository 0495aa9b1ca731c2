/* milter.h - the postdesk daemon: its parts and how they meet.
 *
 * main.c      options, start-up order, the signal loop (SIGHUP, SIGTERM)
 * daemon.c    listening socket (TCP_NODELAY, unix socket owner/mode),
 *             daemon mode, pid file, privilege drop
 * milter.c    the libmilter callbacks (the only file that sees mfapi.h
 *             besides daemon.c and main.c)
 * snap.c      the current config + intake snapshot (swapped on SIGHUP,
 *             reference counted) and the cap on mails in intake at once
 * text.c      pure helpers: SMTP reply text, SIZE=, header lines
 */
#ifndef PD_MILTER_H
#define PD_MILTER_H

#include <stddef.h>

#include "common/buf.h"
#include "common/conf.h"

struct intake;
struct store_pool;

/* --- text.c ------------------------------------------------------------ */

/* Copies s into out for smfi_setreply: '%' doubled, CR/LF and other
 * control characters turned into blanks, cut to fit; never empty. */
void	 milter_reply_text(const char *s, char *out, size_t outlen);
/* Finds "SIZE=n" among ESMTP arguments; -1 when absent or malformed. */
long	 milter_esmtp_size(char *const *args);
/* Appends "Name:value\r\n" to b; lone LF in value become CRLF.  With
 * leadspc 0 (the MTA stripped the blank after the colon) one is put back. */
void	 milter_header_line(struct buf *, const char *name,
	    const char *value, int leadspc);
/* A header value for smfi_addheader/chgheader: no CR, leading blank
 * when leadspc.  Caller frees. */
char	*milter_header_value(const char *value, int leadspc);

/* --- snap.c ------------------------------------------------------------ */

/* One config snapshot with everything built from it. */
struct snap {
	struct conf		*sn_conf;
	struct store_pool	*sn_pool;
	struct intake		*sn_intake;
	int			 sn_refs;
};

/* Builds a snapshot from conf (takes a reference); NULL and err.  With
 * notify set in conf, wake() wakes the process's own outbox worker after
 * a commit that queued mail. */
struct snap	*snap_new(struct conf *, void (*wake)(void), char *err,
		    size_t errlen);
/* Installs s as the current one (the old one goes when its last mail
 * does). */
void		 snap_install(struct snap *);
/* The current snapshot with a reference held; release with snap_put. */
struct snap	*snap_get(void);
void		 snap_put(struct snap *);		/* NULL is fine */

/* The cap on mails in intake: waits at most wait_ms for a seat.
 * 0 got one (give it back with gate_leave), -1 too busy. */
int		 gate_enter(long max, long wait_ms);
void		 gate_leave(void);
/* Mails being processed at end of message right now. */
int		 gate_busy(void);
/* Waits until no mail is in intake, at most wait_ms; 0 when drained. */
int		 gate_drain(long wait_ms);

/* --- milter.c ---------------------------------------------------------- */

/* Registers the callbacks with libmilter and sets the socket; -1 on
 * failure with err filled. */
int		 milter_setup(const char *socket, char *err, size_t errlen);
/* sigwait.c: the calling thread takes SIGHUP, SIGTERM and SIGINT; no
 * other thread (libmilter's signal thread included) ever sees them. */
void		 milter_own_signals(void);
/* From now on new messages are refused with 421 (shutting down). */
void		 milter_stopping(void);
/* Messages between MAIL FROM and their end, on all connections. */
int		 milter_active(void);

/* --- daemon.c ---------------------------------------------------------- */

/* Opens the listening socket (stale unix socket removed), sets
 * TCP_NODELAY on a TCP one, owner/group/mode on a unix one. */
int		 daemon_open_socket(const struct conf *, const char *socket,
		    char *err, size_t errlen);
/* Connects to our own socket once, to wake libmilter's listener. */
void		 daemon_poke_socket(const char *socket);
/* Removes a unix socket at exit (best effort). */
void		 daemon_remove_socket(const char *socket);
/* fork + setsid, stdio to /dev/null (but stderr when keep_stderr);
 * returns in the child only. */
int		 daemon_detach(int keep_stderr, char *err, size_t errlen);
int		 daemon_write_pidfile(const char *path, char *err,
		    size_t errlen);
/* setgid/initgroups/setuid to user; no-op when NULL or not root. */
int		 daemon_drop_privileges(const char *user, char *err,
		    size_t errlen);

#endif
