/* sigwait.c - keeps SIGHUP (and SIGTERM, SIGINT) away from libmilter.
 *
 * libmilter starts a thread of its own that sigwait()s for SIGHUP, SIGTERM
 * and SIGINT and stops the filter on any of them, but postdesk reloads on
 * SIGHUP and drains its mail on SIGTERM, in its main thread.  Linux hands a
 * signal sent to the process to any thread waiting for it, so a SIGHUP that
 * comes while the main thread is busy (a reload under load) could reach
 * libmilter's thread and stop the milter.
 *
 * postdesk therefore defines sigwait() itself: the dynamic linker binds
 * libmilter's call to this one, which leaves those three signals out of
 * the set of every thread but the one that called milter_own_signals().
 * They stay blocked in every thread, so a signal that comes while the main
 * thread is busy waits, pending, until it asks for the next one.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>

#include "milter/milter.h"

static __thread int	owns_signals;

/* The calling thread is the one that takes SIGHUP, SIGTERM and SIGINT. */
void
milter_own_signals(void)
{
	owns_signals = 1;
}

/* sigwait(3), but for the signals postdesk keeps to its main thread. */
int
sigwait(const sigset_t *set, int *sig)
{
	sigset_t s = *set;
	int n;

	if (!owns_signals) {
		sigdelset(&s, SIGHUP);
		sigdelset(&s, SIGTERM);
		sigdelset(&s, SIGINT);
	}
	do
		n = sigwaitinfo(&s, NULL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno;
	*sig = n;
	return 0;
}
