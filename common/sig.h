/* sig.h - the signals a daemon of postdesk handles in its main thread:
 * SIGHUP (reload), SIGTERM and SIGINT (stop), waited for with sigwait();
 * SIGPIPE ignored.
 */
#ifndef PD_SIG_H
#define PD_SIG_H

#include <signal.h>

/* Blocks SIGHUP, SIGTERM and SIGINT in the calling thread (threads it
 * starts later inherit that), fills set with them, ignores SIGPIPE. */
void	sig_block(sigset_t *set);
/* Waits on set: hup(arg) on each SIGHUP; returns on SIGTERM or SIGINT. */
void	sig_loop(const sigset_t *set, void (*hup)(void *), void *arg);

#endif
