/* log.h - one place where postdesk talks to syslog or stderr.
 *
 * Only the front doors (milter/, cli/) log.  Every line about a message
 * starts with the Postfix queue id.  Never log bodies, secrets or whole
 * subjects.  log_fatal() is for exhausted resources and exits; log_panic()
 * is for broken interfaces and aborts.
 */
#ifndef PD_LOG_H
#define PD_LOG_H

#include <stdarg.h>

enum log_level { LOG_L_ERR, LOG_L_WARN, LOG_L_INFO, LOG_L_DEBUG };

/* ident: program name.  to_syslog: 1 syslog (mail facility), 0 stderr. */
void	log_init(const char *ident, int to_syslog);
void	log_set_level(enum log_level);
int	log_level_enabled(enum log_level);

void	log_err(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	log_panic(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
