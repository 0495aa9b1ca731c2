/* xalloc.h - allocation wrappers that abort on exhaustion.
 *
 * Every pointer returned here is released with free(); free(NULL) is fine.
 * Running out of memory is fatal (as in GLib, which GMime uses): callers
 * never test for NULL.
 */
#ifndef PD_XALLOC_H
#define PD_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* Grows an array of n elements of size sz to at least want elements. */
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* NULL in, NULL out. */
char	*xstrdup_null(const char *);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Frees a NULL-terminated vector and its strings; NULL is fine. */
void	 strv_free(char **);

#endif
