/* smtp.c - sending one message at a time over SMTP with libcurl.
 *
 * Offers smtp_session_new(), smtp_session_free() and smtp_send().  A session
 * is one CURL easy handle kept for its lifetime, so libcurl keeps the SMTP
 * connection open between mails and reuses it.  The outcome is OK, TEMP (a
 * 4xx reply, no connection, a timeout: try again later) or PERM (a 5xx
 * reply: give up), with the server's last reply in err.  main calls
 * notifier_global_init() before any thread starts; notifier_start() and
 * smtp_session_new() call it too (it runs once), as a safety net.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "common/xalloc.h"
#include "notifier/notifier.h"

#define SMTP_CONNECT_TIMEOUT	10L	/* s */
#define SMTP_SEND_TIMEOUT	60L	/* s, the whole transaction */

struct smtp_session {
	CURL		*ss_curl;
	char		*ss_url;
	char		 ss_errbuf[CURL_ERROR_SIZE];
	char		 ss_reply[256];		/* its last 4xx/5xx reply */
	int		 ss_down;		/* last send got no reply */
};

struct smtp_reader {
	const char	*sr_data;	/* in memory, or */
	smtp_read_fn	 sr_fn;		/* ... read in pieces */
	void		*sr_arg;
	size_t		 sr_len;
	size_t		 sr_off;
};

static enum notify_status smtp_send_msg(struct smtp_session *,
		    const char *, const char *, const struct smtp_reader *,
		    char *, size_t);

/* Feeds the message to libcurl. */
static size_t
smtp_read(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct smtp_reader *r = arg;
	size_t n = size * nmemb;
	ssize_t got;

	if (n > r->sr_len - r->sr_off)
		n = r->sr_len - r->sr_off;
	if (r->sr_fn != NULL && n > 0) {
		if ((got = r->sr_fn(r->sr_arg, r->sr_off, ptr, n)) <= 0)
			return CURL_READFUNC_ABORT;	/* short or failed */
		n = (size_t)got;
	} else
		memcpy(ptr, r->sr_data + r->sr_off, n);
	r->sr_off += n;
	return n;
}

/* Whether c may stand in an address. */
static int
addr_char_ok(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("<>()[],;:\\\"", c) == NULL;
}

/* 1 when addr is a plain addr-spec. */
int
notifier_addr_ok(const char *addr)
{
	const char *p, *at;

	if (addr == NULL || *addr == '\0' || strlen(addr) > 254)
		return 0;
	for (p = addr; *p != '\0'; p++)
		if (!addr_char_ok((unsigned char)*p))
			return 0;
	at = strchr(addr, '@');
	return at != NULL && at != addr && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL;
}

/* Keeps the last 4xx or 5xx line the server sent, for error messages. */
static int
smtp_debug(CURL *c, curl_infotype type, char *data, size_t len, void *arg)
{
	struct smtp_session *s = arg;
	size_t i, n = 0;

	(void)c;
	if (type != CURLINFO_HEADER_IN || len == 0 ||
	    (data[0] != '4' && data[0] != '5'))
		return 0;
	for (i = 0; i < len && n + 1 < sizeof(s->ss_reply); i++) {
		if (data[i] == '\r' || data[i] == '\n')
			break;
		if ((unsigned char)data[i] >= 0x20 &&
		    (unsigned char)data[i] < 0x7f)
			s->ss_reply[n++] = data[i];
	}
	if (n > 0)
		s->ss_reply[n] = '\0';
	return 0;
}

static pthread_once_t smtp_once = PTHREAD_ONCE_INIT;
static int smtp_init_rc;

/* Runs curl_global_init() (once). */
static void
smtp_global_init_once(void)
{
	smtp_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ?
	    0 : -1;
}

/* Initialises libcurl once for the program; later calls do nothing. */
int
notifier_global_init(void)
{
	pthread_once(&smtp_once, smtp_global_init_once);
	return smtp_init_rc;
}

/* Releases what notifier_global_init() took. */
void
notifier_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Sets the options every transfer of the session shares, once. */
static void
smtp_session_opts(struct smtp_session *s)
{
	CURL *c = s->ss_curl;

	curl_easy_setopt(c, CURLOPT_URL, s->ss_url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, SMTP_SEND_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->ss_errbuf);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, smtp_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
}

/* A session for url ("smtp://host:port"); NULL when libcurl fails. */
struct smtp_session *
smtp_session_new(const char *url)
{
	struct smtp_session *s;

	if (notifier_global_init() < 0)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	if ((s->ss_curl = curl_easy_init()) == NULL) {
		free(s);
		return NULL;
	}
	s->ss_url = xstrdup(url);
	smtp_session_opts(s);
	return s;
}

/* Closes the connection and frees the session. */
void
smtp_session_free(struct smtp_session *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->ss_curl);
	free(s->ss_url);
	free(s);
}

/* Sets the options of one transfer (the session's are set already). */
static void
smtp_setopts(struct smtp_session *s, const char *from,
    struct curl_slist *rcpts, struct smtp_reader *r, size_t len)
{
	CURL *c = s->ss_curl;

	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_READDATA, r);
}

/* One transfer; the SMTP reply code goes to *code.  *retry is set when
 * it failed on a kept connection before any byte of the message went out
 * (the server closed it while idle, perhaps with a 421): then trying
 * again at once on a new connection is safe. */
static CURLcode
smtp_perform(struct smtp_session *s, const char *from, const char *to,
    const struct smtp_reader *msg, long *code, int *retry)
{
	struct smtp_reader r = *msg;
	struct curl_slist *rcpts;
	size_t len = r.sr_len;
	long nconn = 0;
	CURLcode rc;

	*code = 0;
	*retry = 0;
	if ((rcpts = curl_slist_append(NULL, to)) == NULL)
		return CURLE_OUT_OF_MEMORY;
	s->ss_errbuf[0] = '\0';
	s->ss_reply[0] = '\0';
	smtp_setopts(s, from, rcpts, &r, len);
	rc = curl_easy_perform(s->ss_curl);
	curl_easy_getinfo(s->ss_curl, CURLINFO_RESPONSE_CODE, code);
	curl_easy_getinfo(s->ss_curl, CURLINFO_NUM_CONNECTS, &nconn);
	curl_easy_setopt(s->ss_curl, CURLOPT_MAIL_RCPT, NULL);
	curl_easy_setopt(s->ss_curl, CURLOPT_READDATA, NULL);
	curl_slist_free_all(rcpts);
	*retry = rc != CURLE_OK && (*code < 400 || *code == 421) &&
	    nconn == 0 && r.sr_off == 0;
	return rc;
}

/* Sends one message in memory to rcpt; mail_from "" is the null sender. */
enum notify_status
smtp_send(struct smtp_session *s, const char *mail_from, const char *rcpt,
    const char *data, size_t len, char *err, size_t errlen)
{
	struct smtp_reader r = { data, NULL, NULL, len, 0 };

	return smtp_send_msg(s, mail_from, rcpt, &r, err, errlen);
}

/* The same with the message read in pieces from fn. */
enum notify_status
smtp_send_reader(struct smtp_session *s, const char *mail_from,
    const char *rcpt, size_t len, smtp_read_fn fn, void *arg, char *err,
    size_t errlen)
{
	struct smtp_reader r = { NULL, fn, arg, len, 0 };

	return smtp_send_msg(s, mail_from, rcpt, &r, err, errlen);
}

/* Sends one message to rcpt. */
static enum notify_status
smtp_send_msg(struct smtp_session *s, const char *mail_from,
    const char *rcpt, const struct smtp_reader *msg, char *err,
    size_t errlen)
{
	char from[300], to[300];
	long code = 0;
	CURLcode rc;
	int retry;

	s->ss_down = 0;
	if (mail_from == NULL)
		mail_from = "";
	if ((*mail_from != '\0' && !notifier_addr_ok(mail_from)) ||
	    !notifier_addr_ok(rcpt)) {
		snprintf(err, errlen, "bad envelope address");
		return NOTIFY_PERM;
	}
	snprintf(from, sizeof(from), "<%s>", mail_from);
	snprintf(to, sizeof(to), "<%s>", rcpt);
	rc = smtp_perform(s, from, to, msg, &code, &retry);
	if (retry)
		rc = smtp_perform(s, from, to, msg, &code, &retry);
	if (rc == CURLE_OK)
		return NOTIFY_OK;
	s->ss_down = code < 400;
	if (code >= 400 && s->ss_reply[0] != '\0')
		snprintf(err, errlen, "%s", s->ss_reply);
	else if (code >= 400)
		snprintf(err, errlen, "%ld: %s", code, s->ss_errbuf[0] != '\0' ?
		    s->ss_errbuf : curl_easy_strerror(rc));
	else
		snprintf(err, errlen, "%s", s->ss_errbuf[0] != '\0' ?
		    s->ss_errbuf : curl_easy_strerror(rc));
	return code >= 500 && code < 600 ? NOTIFY_PERM : NOTIFY_TEMP;
}

/* 1 when the last smtp_send() failed without any SMTP reply. */
int
smtp_session_down(const struct smtp_session *s)
{
	return s->ss_down;
}
