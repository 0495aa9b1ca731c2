/* access.c - file permissions as another user will see them.
 *
 * The configuration check runs as root or as an admin, while the milter
 * reads its templates as its own user and Postfix connects to the socket
 * as "postfix": access(2) would answer for the wrong user.  This reads
 * owner, group and mode bits along the path instead (POSIX ACLs are not
 * looked at).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confcheck/confcheck.h"

/* The user called name. */
int
cc_user_named(struct cc_user *u, const char *name)
{
	struct passwd *pw;
	gid_t groups[64];
	int i, n = 64;

	memset(u, 0, sizeof(*u));
	if ((pw = getpwnam(name)) == NULL)
		return -1;
	snprintf(u->cu_name, sizeof(u->cu_name), "%s", name);
	u->cu_uid = pw->pw_uid;
	u->cu_gid = pw->pw_gid;
	if (getgrouplist(name, pw->pw_gid, groups, &n) < 0)
		n = 64;
	for (i = 0; i < n && i < 64; i++)
		u->cu_groups[i] = groups[i];
	u->cu_ngroups = i;
	return 0;
}

/* The id of the group called name (0), or -1 when there is none. */
int
cc_group_id(const char *name, unsigned *gid)
{
	struct group *gr;

	if ((gr = getgrnam(name)) == NULL)
		return -1;
	*gid = gr->gr_gid;
	return 0;
}

/* The user running this process. */
void
cc_user_self(struct cc_user *u)
{
	struct passwd *pw = getpwuid(geteuid());
	gid_t groups[64];
	int i, n;

	memset(u, 0, sizeof(*u));
	snprintf(u->cu_name, sizeof(u->cu_name), "%s", pw != NULL ?
	    pw->pw_name : "(this user)");
	u->cu_uid = geteuid();
	u->cu_gid = getegid();
	n = getgroups(64, groups);
	for (i = 0; i < n; i++)
		u->cu_groups[i] = groups[i];
	u->cu_ngroups = n > 0 ? n : 0;
}

/* 1 when u is in group gid. */
static int
in_group(const struct cc_user *u, unsigned gid)
{
	int i;

	if (u->cu_gid == gid)
		return 1;
	for (i = 0; i < u->cu_ngroups; i++)
		if (u->cu_groups[i] == gid)
			return 1;
	return 0;
}

/* The owner's, the group's or the others' bits, as the kernel picks. */
int
cc_mode_allows(const struct cc_user *u, unsigned uid, unsigned gid,
    unsigned mode, int want)
{
	unsigned bits;

	if (u->cu_uid == 0)	/* root: anything but running a non-program */
		return (want & X_OK) && !(mode & 0111) ? -1 : 0;
	if (u->cu_uid == uid)
		bits = (mode >> 6) & 7;
	else if (in_group(u, gid))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	if (((want & R_OK) && !(bits & 4)) || ((want & W_OK) &&
	    !(bits & 2)) || ((want & X_OK) && !(bits & 1)))
		return -1;
	return 0;
}

/* "read", "write", "read and write", ... for a want. */
static const char *
want_words(int want)
{
	switch (want) {
	case R_OK: return "read";
	case W_OK: return "write";
	case R_OK | W_OK: return "read and write";
	case W_OK | X_OK: return "create files in";
	case X_OK: return "search";
	default: return "use";
	}
}

/* Reach and use path as u. */
int
cc_user_can(const struct cc_user *u, const char *path, int want, char *why,
    size_t whylen)
{
	char dir[4096];
	struct stat st;
	size_t i;

	if (path[0] != '/' || strlen(path) >= sizeof(dir)) {
		snprintf(why, whylen, "not an absolute path");
		return -1;
	}
	for (i = 1; path[i] != '\0'; i++) {
		if (path[i] != '/')
			continue;
		memcpy(dir, path, i);
		dir[i] = '\0';
		if (stat(dir, &st) < 0) {
			snprintf(why, whylen, "%s: %s", dir, strerror(errno));
			return -1;
		}
		if (cc_mode_allows(u, st.st_uid, st.st_gid, st.st_mode,
		    X_OK) < 0) {
			snprintf(why, whylen, "user %s cannot search %s "
			    "(mode %04o)", u->cu_name, dir,
			    (unsigned)st.st_mode & 07777);
			return -1;
		}
	}
	if (stat(path, &st) < 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (cc_mode_allows(u, st.st_uid, st.st_gid, st.st_mode, want) < 0) {
		snprintf(why, whylen, "user %s cannot %s %s (mode %04o)",
		    u->cu_name, want_words(want), path,
		    (unsigned)st.st_mode & 07777);
		return -1;
	}
	return 0;
}
