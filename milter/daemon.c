/* daemon.c - what makes postdesk a daemon: socket, detach, pid file, user.
 *
 * The listening socket is opened by libmilter (a stale unix socket is
 * removed first).  On TCP, TCP_NODELAY is set on the listening socket so
 * every accepted connection inherits it: libmilter writes a header edit
 * and the final reply in two writes, and without it the second waits for
 * Nagle.  A unix socket is created 0600 and then given the configured
 * owner, group and mode.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "common/net.h"
#include "milter/milter.h"

/* Gives a unix socket its owner, group and mode. */
static int
unix_socket_perms(const struct conf *cf, const char *path, char *err,
    size_t errlen)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	struct passwd *pw;
	struct group *gr;

	if (cf->cf_socket_owner != NULL) {
		if ((pw = getpwnam(cf->cf_socket_owner)) == NULL) {
			snprintf(err, errlen, "socket_owner: no user %s",
			    cf->cf_socket_owner);
			return -1;
		}
		uid = pw->pw_uid;
	} else if (cf->cf_user != NULL && geteuid() == 0 &&
	    (pw = getpwnam(cf->cf_user)) != NULL)
		uid = pw->pw_uid;
	if (cf->cf_socket_group != NULL) {
		if ((gr = getgrnam(cf->cf_socket_group)) == NULL) {
			snprintf(err, errlen, "socket_group: no group %s",
			    cf->cf_socket_group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    chown(path, uid, gid) < 0) {
		snprintf(err, errlen, "chown %s: %s", path, strerror(errno));
		return -1;
	}
	if (chmod(path, (mode_t)cf->cf_socket_mode) < 0) {
		snprintf(err, errlen, "chmod %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Opens the listening socket and sets it up. */
int
daemon_open_socket(const struct conf *cf, const char *spec, char *err,
    size_t errlen)
{
	const char *path = net_unix_path(spec);
	mode_t old = umask(077);
	int rc;

	rc = smfi_opensocket(true);
	umask(old);
	if (rc != MI_SUCCESS) {
		snprintf(err, errlen, "cannot listen on %s (in use, or "
		    "not permitted?)", spec);
		return -1;
	}
	if (path != NULL)
		return unix_socket_perms(cf, path, err, errlen);
	if (net_nodelay_listeners() <= 0) {
		snprintf(err, errlen, "cannot set TCP_NODELAY on %s", spec);
		return -1;
	}
	return 0;
}

/* Removes a unix socket we made. */
void
daemon_remove_socket(const char *spec)
{
	const char *path = net_unix_path(spec);
	struct stat st;

	if (path != NULL && lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
}

/* Connects to a unix socket spec and hangs up. */
static void
poke_unix(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path) ||
	    (fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	(void)connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
}

/* Connects to our own socket and hangs up, so that libmilter's listener
 * wakes from its poll and sees it has been stopped. */
void
daemon_poke_socket(const char *spec)
{
	struct addrinfo hints, *res, *ai;
	const char *path = net_unix_path(spec), *at;
	char port[16], host[256];
	size_t n;
	int fd;

	if (path != NULL) {
		poke_unix(path);
		return;
	}
	if ((at = strchr(spec, '@')) == NULL || strchr(spec, ':') == NULL)
		return;
	spec = strchr(spec, ':') + 1;
	if ((n = (size_t)(at - spec)) >= sizeof(port))
		return;
	memcpy(port, spec, n);
	port[n] = '\0';
	snprintf(host, sizeof(host), "%s", at + 1);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, SOCK_STREAM, 0)) < 0)
			continue;
		(void)connect(fd, ai->ai_addr, ai->ai_addrlen);
		close(fd);
	}
	freeaddrinfo(res);
}

/* Goes to the background; stderr stays when it is where logs go. */
int
daemon_detach(int keep_stderr, char *err, size_t errlen)
{
	pid_t pid;
	int fd;

	if ((pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid > 0)
		_exit(0);
	if (setsid() < 0) {
		snprintf(err, errlen, "setsid: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid > 0)
		_exit(0);
	if (chdir("/") < 0) {
		snprintf(err, errlen, "chdir /: %s", strerror(errno));
		return -1;
	}
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (!keep_stderr)
			dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

/* Writes our pid, replacing whatever a dead instance left. */
int
daemon_write_pidfile(const char *path, char *err, size_t errlen)
{
	FILE *f;

	if ((f = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, "pidfile %s: %s", path,
		    strerror(errno));
		return -1;
	}
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0) {
		snprintf(err, errlen, "pidfile %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Becomes the configured user for good. */
int
daemon_drop_privileges(const char *user, char *err, size_t errlen)
{
	struct passwd *pw;

	if (user == NULL || geteuid() != 0)
		return 0;
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "user: no user %s", user);
		return -1;
	}
	if (setgid(pw->pw_gid) < 0 || initgroups(pw->pw_name,
	    pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
		snprintf(err, errlen, "cannot become %s: %s", user,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		snprintf(err, errlen, "could regain root after becoming %s",
		    user);
		return -1;
	}
	return 0;
}
