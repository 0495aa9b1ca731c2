/* log.c - syslog or stderr, printf-checked, thread-safe line by line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "common/log.h"

static const char	*log_ident = "postdesk";
static int		 log_syslog;
static enum log_level	 log_max = LOG_L_INFO;

/* Chooses where lines go; may be called again (after a reload). */
void
log_init(const char *ident, int to_syslog)
{
	log_ident = ident;
	if (log_syslog)
		closelog();
	log_syslog = to_syslog;
	if (to_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

/* Lines above this level are dropped. */
void
log_set_level(enum log_level l)
{
	log_max = l;
}

/* Tells whether a line of this level would be written. */
int
log_level_enabled(enum log_level l)
{
	return l <= log_max;
}

/* Writes one line; a single fprintf keeps lines whole across threads. */
static void
log_vwrite(enum log_level l, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	static const char *const tag[] = { "error: ", "warning: ", "", "debug: " };
	char line[2048];

	if (!log_level_enabled(l))
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	if (log_syslog)
		syslog(prio[l], "%s%s", tag[l], line);
	else
		fprintf(stderr, "%s: %s%s\n", log_ident, tag[l], line);
}

#define LOG_FN(name, level)			\
void						\
name(const char *fmt, ...)			\
{						\
	va_list ap;				\
	va_start(ap, fmt);			\
	log_vwrite(level, fmt, ap);		\
	va_end(ap);				\
}

LOG_FN(log_err, LOG_L_ERR)
LOG_FN(log_warn, LOG_L_WARN)
LOG_FN(log_info, LOG_L_INFO)
LOG_FN(log_debug, LOG_L_DEBUG)

/* Out of a resource: say so and exit with EX_OSERR. */
void
log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_L_ERR, fmt, ap);
	va_end(ap);
	exit(71);
}

/* A broken interface: say so and abort for a core. */
void
log_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_L_ERR, fmt, ap);
	va_end(ap);
	abort();
}
