/* milter-empty.c - an empty libmilter filter, the baseline for bench/run.
 *
 * It accepts every message and does nothing else, but it carries the same
 * two TCP fixes as postdesk so the comparison measures postdesk's work and
 * not libmilter's stalls: an xxfi_data callback (without one Postfix sends
 * the DATA macros with nothing after them and the first header waits for
 * a delayed ACK), and TCP_NODELAY on the listening socket (accepted
 * sockets inherit it; libmilter writes its final reply in two writes).
 *
 * Usage: milter-empty -p inet:PORT@127.0.0.1 (or a unix socket path)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "common/net.h"

/* Every stage: carry on. */
static sfsistat
empty_data(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

/* A chunk of body: nothing to keep. */
static sfsistat
empty_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return SMFIS_CONTINUE;
}

/* End of message: accept it unchanged. */
static sfsistat
empty_eom(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_ACCEPT;
}

static struct smfiDesc empty_desc = {
	.xxfi_name = "milter-empty",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = 0,
	.xxfi_body = empty_body,
	.xxfi_eom = empty_eom,
	.xxfi_data = empty_data,
};

/* Opens the socket, sets TCP_NODELAY on it and serves until killed.
 * -u: as libmilter filters are usually written (no xxfi_data callback,
 * no TCP_NODELAY), to show what the two fixes are worth. */
int
main(int argc, char **argv)
{
	const char *sock = NULL;
	int c, usual = 0;

	while ((c = getopt(argc, argv, "p:u")) != -1) {
		if (c == 'p')
			sock = optarg;
		else if (c == 'u')
			usual = 1;
		else
			goto usage;
	}
	if (usual)
		empty_desc.xxfi_data = NULL;
	if (sock == NULL)
		goto usage;
	if (strncmp(sock, "unix:", 5) == 0 || sock[0] == '/')
		unlink(sock[0] == '/' ? sock : sock + 5);
	if (smfi_setconn((char *)sock) == MI_FAILURE ||
	    smfi_register(empty_desc) == MI_FAILURE ||
	    smfi_opensocket(1) == MI_FAILURE) {
		fprintf(stderr, "milter-empty: cannot listen on %s\n", sock);
		return 1;
	}
	if (!usual && strncmp(sock, "inet", 4) == 0 && net_nodelay_listeners() <= 0) {
		fprintf(stderr, "milter-empty: cannot set TCP_NODELAY\n");
		return 1;
	}
	return smfi_main() == MI_SUCCESS ? 0 : 1;
usage:
	fprintf(stderr, "usage: milter-empty [-u] -p SOCKET\n");
	return 2;
}
