/* sig.c - a daemon's signals (see sig.h). */
#include "config.h"

#include <pthread.h>
#include <signal.h>

#include "common/sig.h"

/* Blocks the daemon's signals; SIGPIPE ignored. */
void
sig_block(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Waits for signals until told to stop. */
void
sig_loop(const sigset_t *set, void (*hup)(void *), void *arg)
{
	int sig;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGHUP)
			hup(arg);
		else if (sig == SIGTERM || sig == SIGINT)
			return;
	}
}
