/* net.c - socket options libmilter offers no hook for. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "common/net.h"

/* Sets TCP_NODELAY on every listening TCP socket of the process. */
int
net_nodelay_listeners(void)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct dirent *de;
	DIR *d;
	int fd, on = 1, listening, n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (fd = atoi(de->d_name)) == dirfd(d))
			continue;
		sl = sizeof(listening);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
		    &sl) < 0 || !listening)
			continue;
		sl = sizeof(ss);
		if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0 ||
		    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
			continue;
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on,
		    sizeof(on)) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* The path of a unix socket spec, or NULL. */
const char *
net_unix_path(const char *spec)
{
	if (strncmp(spec, "unix:", 5) == 0)
		return spec + 5;
	if (strncmp(spec, "local:", 6) == 0)
		return spec + 6;
	return spec[0] == '/' ? spec : NULL;
}
