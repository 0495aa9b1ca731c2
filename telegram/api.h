/* api.h - the Telegram Bot API over HTTPS: one client per thread.
 *
 * A client owns one libcurl easy handle (connections are kept between
 * calls).  Methods are called with a JSON object of parameters, POSTed to
 * <base>/bot<token>/<method>; the answer's "result" comes back as a jansson
 * value.  Certificates are checked; every call has a connect timeout and
 * an overall timeout (a long-polling getUpdates gets its own "timeout"
 * parameter plus a margin).  The token never appears in err.
 */
#ifndef PD_TG_API_H
#define PD_TG_API_H

#include <stddef.h>

#include <jansson.h>

struct tg_api;		/* one per thread: owns a curl easy handle */

/* The outcome of a call.  TG_RETRY: network error, 5xx, 429 (then
 * *retry_after > 0 seconds); TG_REFUSED: other 4xx or "ok": false
 * (permanent; err has Telegram's description). */
enum tg_status { TG_OK, TG_RETRY, TG_REFUSED };

/* Initialises libcurl once for the program (main calls it before any
 * thread starts; tg_api_new() calls it too).  -1 on failure. */
int		 tg_api_global_init(void);

/* A client for base_url ("https://api.telegram.org") and token; NULL and
 * err filled on failure.  Free with tg_api_free(). */
struct tg_api	*tg_api_new(const char *base_url, const char *token,
		    char *err, size_t errlen);
void		 tg_api_free(struct tg_api *);	/* NULL is fine */
/* A call in progress gives up (TG_RETRY) once *flag is non-zero (a
 * long poll need not run out at shutdown); NULL: never. */
void		 tg_api_set_cancel(struct tg_api *, volatile int *flag);

/* POSTs params (a JSON object, may be NULL) to method; on TG_OK *result
 * (result may be NULL) gets the "result" member (caller json_decref()s). */
enum tg_status	 tg_api_call(struct tg_api *, const char *method,
		    json_t *params, json_t **result, int *retry_after,
		    char *err, size_t errlen);

/* multipart/form-data upload (sendDocument, sendPhoto): the members of
 * params as form fields (objects and arrays JSON-encoded), plus the file
 * under field. */
enum tg_status	 tg_api_upload(struct tg_api *, const char *method,
		    json_t *params, const char *field, const char *filename,
		    const char *content_type, const void *data, size_t len,
		    json_t **result, int *retry_after, char *err,
		    size_t errlen);

/* GETs <base>/file/bot<token>/<file_path>, at most max bytes (more is
 * TG_REFUSED); *data (malloc'd, caller frees) and *len on TG_OK. */
enum tg_status	 tg_api_download(struct tg_api *, const char *file_path,
		    size_t max, char **data, size_t *len, char *err,
		    size_t errlen);

#endif
