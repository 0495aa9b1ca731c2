/* api.c - the Telegram Bot API client over libcurl.
 *
 * Offers tg_api_new(), tg_api_call(), tg_api_upload(), tg_api_download()
 * and tg_api_free().  Every answer of the Bot API is a JSON object with
 * "ok", and either "result" or "error_code", "description" and maybe
 * "parameters" (retry_after for 429).  The HTTP status and that object
 * together decide TG_OK, TG_RETRY or TG_REFUSED.  This file is the only
 * one of telegram/ that knows libcurl.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "notifier/notifier.h"
#include "telegram/api.h"

#define TG_CONNECT_TIMEOUT	10L	/* s */
#define TG_CALL_TIMEOUT		60L	/* s, a call without long polling */
#define TG_POLL_MARGIN		15L	/* s, beyond getUpdates' own timeout */
#define TG_MAX_ANSWER		(16L * 1024 * 1024)	/* bytes of JSON */
#define TG_RETRY_MAX		3600	/* s, the longest retry_after taken */

struct tg_api {
	CURL		*ta_curl;
	char		*ta_base;		/* without a trailing '/' */
	char		*ta_token;
	char		 ta_errbuf[CURL_ERROR_SIZE];
	struct buf	 ta_body;		/* the answer being read */
	size_t		 ta_max;		/* its limit */
	int		 ta_over;		/* the limit was passed */
	volatile int	*ta_cancel;		/* set: give up, or NULL */
};

/* Initialises libcurl once for the program (the notifier's once, which
 * serves every user of libcurl in the process). */
int
tg_api_global_init(void)
{
	return notifier_global_init();
}

/* Collects the answer, up to ta_max bytes. */
static size_t
tg_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct tg_api *a = arg;
	size_t n = size * nmemb;

	if (a->ta_body.b_len + n > a->ta_max) {
		a->ta_over = 1;
		return 0;			/* aborts the transfer */
	}
	buf_add(&a->ta_body, ptr, n);
	return n;
}

/* A client for base_url and token. */
struct tg_api *
tg_api_new(const char *base_url, const char *token, char *err,
    size_t errlen)
{
	struct tg_api *a;
	size_t n;

	if (base_url == NULL || *base_url == '\0' || token == NULL ||
	    *token == '\0' || strpbrk(token, "/?#% \t\r\n") != NULL) {
		snprintf(err, errlen, "Telegram API URL or token missing or "
		    "malformed");
		return NULL;
	}
	if (tg_api_global_init() < 0) {
		snprintf(err, errlen, "libcurl initialisation failed");
		return NULL;
	}
	a = xcalloc(1, sizeof(*a));
	if ((a->ta_curl = curl_easy_init()) == NULL) {
		free(a);
		snprintf(err, errlen, "libcurl: no easy handle");
		return NULL;
	}
	a->ta_base = xstrdup(base_url);
	n = strlen(a->ta_base);
	while (n > 0 && a->ta_base[n - 1] == '/')
		a->ta_base[--n] = '\0';
	a->ta_token = xstrdup(token);
	return a;
}

/* Where the client looks to give up a call. */
void
tg_api_set_cancel(struct tg_api *a, volatile int *flag)
{
	a->ta_cancel = flag;
}

/* Gives up a transfer once the cancel flag is set. */
static int
tg_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct tg_api *a = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return a->ta_cancel != NULL && *a->ta_cancel;
}

/* Frees the client and closes its connections. */
void
tg_api_free(struct tg_api *a)
{
	if (a == NULL)
		return;
	curl_easy_cleanup(a->ta_curl);
	buf_free(&a->ta_body);
	free(a->ta_base);
	free(a->ta_token);
	free(a);
}

/* Copies msg into err with the token (should libcurl quote the URL)
 * masked. */
static void
tg_set_err(const struct tg_api *a, char *err, size_t errlen,
    const char *msg)
{
	char *p;
	size_t tl = strlen(a->ta_token);

	snprintf(err, errlen, "%s", msg);
	while ((p = strstr(err, a->ta_token)) != NULL)
		memset(p, '*', tl);
}

/* Options common to every transfer: timeouts, certificate checks, the
 * protocols allowed, the answer collected. */
static void
tg_setopts(struct tg_api *a, const char *url, long timeout, size_t max)
{
	CURL *c = a->ta_curl;

	curl_easy_reset(c);
	buf_reset(&a->ta_body);
	a->ta_max = max;
	a->ta_over = 0;
	a->ta_errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, TG_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, tg_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, a->ta_errbuf);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, tg_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, a);
	curl_easy_setopt(c, CURLOPT_USERAGENT, PACKAGE_NAME "/"
	    PACKAGE_VERSION);
}

/* The URL of a method. */
static char *
tg_method_url(const struct tg_api *a, const char *method)
{
	return xasprintf("%s/bot%s/%s", a->ta_base, a->ta_token, method);
}

/* Performs the transfer; on a network failure fills err and returns -1,
 * else the HTTP status. */
static long
tg_perform(struct tg_api *a, char *err, size_t errlen)
{
	CURLcode rc;
	long code = 0;

	rc = curl_easy_perform(a->ta_curl);
	curl_easy_getinfo(a->ta_curl, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK)
		return code;
	if (a->ta_over && code > 0)
		return code;
	tg_set_err(a, err, errlen, a->ta_errbuf[0] != '\0' ? a->ta_errbuf :
	    curl_easy_strerror(rc));
	return -1;
}

/* Reads the Bot API's answer for HTTP status code. */
static enum tg_status
tg_answer(struct tg_api *a, long code, json_t **result, int *retry_after,
    char *err, size_t errlen)
{
	json_t *root, *ok, *ra;
	json_error_t jerr;
	const char *desc;
	enum tg_status st;

	root = json_loadb(a->ta_body.b_data != NULL ? a->ta_body.b_data : "",
	    a->ta_body.b_len, 0, &jerr);
	ok = json_object_get(root, "ok");
	if (code == 200 && json_is_true(ok)) {
		if (result != NULL) {
			*result = json_incref(json_object_get(root,
			    "result"));
			if (*result == NULL)
				*result = json_null();
		}
		json_decref(root);
		return TG_OK;
	}
	desc = json_string_value(json_object_get(root, "description"));
	if (code == 429 || json_integer_value(json_object_get(root,
	    "error_code")) == 429) {
		ra = json_object_get(json_object_get(root, "parameters"),
		    "retry_after");
		*retry_after = !json_is_integer(ra) ||
		    json_integer_value(ra) < 1 ? 1 :
		    json_integer_value(ra) > TG_RETRY_MAX ? TG_RETRY_MAX :
		    (int)json_integer_value(ra);
		st = TG_RETRY;
	} else
		st = code >= 500 || (code == 200 && root == NULL) ?
		    TG_RETRY : TG_REFUSED;
	if (desc != NULL)
		snprintf(err, errlen, "%ld: %s", code, desc);
	else
		snprintf(err, errlen, "HTTP %ld%s", code, root == NULL ?
		    ", no JSON answer" : "");
	json_decref(root);
	return st;
}

/* The outcome of a method's transfer. */
static enum tg_status
tg_finish(struct tg_api *a, json_t **result, int *retry_after, char *err,
    size_t errlen)
{
	long code;

	if ((code = tg_perform(a, err, errlen)) < 0)
		return TG_RETRY;
	if (a->ta_over) {
		snprintf(err, errlen, "HTTP %ld, answer too large", code);
		return TG_REFUSED;
	}
	return tg_answer(a, code, result, retry_after, err, errlen);
}

/* The overall timeout of a call with params: a getUpdates "timeout" is
 * added to the margin. */
static long
tg_timeout(json_t *params)
{
	json_t *t = json_object_get(params, "timeout");

	if (json_is_integer(t) && json_integer_value(t) > 0 &&
	    json_integer_value(t) < 3600)
		return (long)json_integer_value(t) + TG_POLL_MARGIN;
	return TG_CALL_TIMEOUT;
}

/* Calls method with params as a JSON body. */
enum tg_status
tg_api_call(struct tg_api *a, const char *method, json_t *params,
    json_t **result, int *retry_after, char *err, size_t errlen)
{
	struct curl_slist *hdrs;
	enum tg_status st;
	char *url, *body;

	*retry_after = 0;
	if (result != NULL)
		*result = NULL;
	body = params != NULL ? json_dumps(params, JSON_COMPACT) :
	    xstrdup("{}");
	if (body == NULL) {
		snprintf(err, errlen, "parameters of %s not encodable",
		    method);
		return TG_REFUSED;
	}
	url = tg_method_url(a, method);
	tg_setopts(a, url, tg_timeout(params), TG_MAX_ANSWER);
	hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(a->ta_curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(a->ta_curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(a->ta_curl, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(body));
	st = tg_finish(a, result, retry_after, err, errlen);
	curl_easy_setopt(a->ta_curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdrs);
	free(body);
	free(url);
	return st;
}

/* Adds the members of params to the form: strings as they are, other
 * values JSON-encoded (numbers, booleans, reply_markup). */
static int
tg_form_fields(curl_mime *mime, json_t *params)
{
	const char *key;
	json_t *v;
	curl_mimepart *part;
	char *s;

	json_object_foreach(params, key, v) {
		part = curl_mime_addpart(mime);
		curl_mime_name(part, key);
		if (json_is_string(v)) {
			curl_mime_data(part, json_string_value(v),
			    json_string_length(v));
			continue;
		}
		if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) ==
		    NULL)
			return -1;
		curl_mime_data(part, s, CURL_ZERO_TERMINATED);
		free(s);
	}
	return 0;
}

/* Uploads one file with method (multipart/form-data). */
enum tg_status
tg_api_upload(struct tg_api *a, const char *method, json_t *params,
    const char *field, const char *filename, const char *content_type,
    const void *data, size_t len, json_t **result, int *retry_after,
    char *err, size_t errlen)
{
	curl_mime *mime;
	curl_mimepart *part;
	enum tg_status st;
	char *url;

	*retry_after = 0;
	if (result != NULL)
		*result = NULL;
	url = tg_method_url(a, method);
	tg_setopts(a, url, TG_CALL_TIMEOUT * 5, TG_MAX_ANSWER);
	mime = curl_mime_init(a->ta_curl);
	if (tg_form_fields(mime, params) < 0) {
		curl_mime_free(mime);
		free(url);
		snprintf(err, errlen, "parameters of %s not encodable",
		    method);
		return TG_REFUSED;
	}
	part = curl_mime_addpart(mime);
	curl_mime_name(part, field);
	curl_mime_data(part, data, len);
	curl_mime_filename(part, filename != NULL && *filename != '\0' ?
	    filename : "file");
	curl_mime_type(part, content_type != NULL && *content_type != '\0' ?
	    content_type : "application/octet-stream");
	curl_easy_setopt(a->ta_curl, CURLOPT_MIMEPOST, mime);
	st = tg_finish(a, result, retry_after, err, errlen);
	curl_easy_setopt(a->ta_curl, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(mime);
	free(url);
	return st;
}

/* Downloads a file named by getFile's file_path. */
enum tg_status
tg_api_download(struct tg_api *a, const char *file_path, size_t max,
    char **data, size_t *len, char *err, size_t errlen)
{
	char *url;
	long code;

	*data = NULL;
	*len = 0;
	if (file_path == NULL || *file_path == '\0' ||
	    strstr(file_path, "..") != NULL) {
		snprintf(err, errlen, "bad file path");
		return TG_REFUSED;
	}
	url = xasprintf("%s/file/bot%s/%s", a->ta_base, a->ta_token,
	    file_path);
	tg_setopts(a, url, TG_CALL_TIMEOUT * 5, max);
	code = tg_perform(a, err, errlen);
	free(url);
	if (code < 0)
		return TG_RETRY;
	if (a->ta_over) {
		snprintf(err, errlen, "file larger than %zu bytes", max);
		return TG_REFUSED;
	}
	if (code != 200) {
		snprintf(err, errlen, "file download: HTTP %ld", code);
		return code >= 500 || code == 429 ? TG_RETRY : TG_REFUSED;
	}
	*len = a->ta_body.b_len;
	*data = buf_steal(&a->ta_body);
	return TG_OK;
}
