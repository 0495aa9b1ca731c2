/* check_telegram_api.c - telegram/api.c against the fake Bot API
 * (tests/lib/fakebot.py, started by tests/integration/telegram-api.test,
 * which passes its URL in FAKEBOT_URL, its client in FAKEBOT and a
 * scratch directory in FAKEBOT_DIR): results, refusals with Telegram's
 * description, 5xx and 429 with retry_after, a server that is not there,
 * uploads as multipart/form-data, downloads and their limit, and a token
 * that never shows in an error. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "telegram/api.h"

#define TOKEN	"123456789:TESTtokenTESTtokenTESTtoken"

static const char *url;

/* A client of the fake. */
static struct tg_api *
client(const char *token)
{
	char err[256];
	struct tg_api *a = tg_api_new(url, token, err, sizeof(err));

	ck_assert_msg(a != NULL, "tg_api_new: %s", err);
	return a;
}

/* Runs the fake's client: FAKEBOT what URL args. */
static void
control(const char *what, const char *args)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s %s %s >/dev/null",
	    getenv("FAKEBOT"), what, url, args);
	ck_assert_msg(system(cmd) == 0, "got a failure from %s", cmd);
}

/* getMe: TG_OK and the result object. */
START_TEST(test_call_ok)
{
	struct tg_api *a = client(TOKEN);
	json_t *res = NULL, *p = json_pack("{s:I, s:s}", "chat_id", 7, "text",
	    "héllo");
	char err[256];
	int after = -1;

	ck_assert_int_eq(tg_api_call(a, "getMe", NULL, &res, &after, err,
	    sizeof(err)), TG_OK);
	ck_assert_msg(json_is_true(json_object_get(res, "is_bot")),
	    "got no bot");
	json_decref(res);
	ck_assert_int_eq(tg_api_call(a, "sendMessage", p, &res, &after, err,
	    sizeof(err)), TG_OK);
	ck_assert_msg(strcmp(json_string_value(json_object_get(res, "text")),
	    "héllo") == 0, "got a different text");
	json_decref(res);
	json_decref(p);
	tg_api_free(a);
}
END_TEST

static const struct {
	const char	*token;
	const char	*method;
	const char	*fail;		/* "METHOD COUNT CODE [AFTER]", or
					 * NULL */
	enum tg_status	 want;
	int		 after;		/* retry_after wanted */
	const char	*in_err;	/* in err */
} st_rows[] = {
	{ "1:wrong", "getMe", NULL, TG_REFUSED, 0, "401: Unauthorized" },
	{ TOKEN, "noSuchMethod", NULL, TG_REFUSED, 0, "404" },
	{ TOKEN, "sendMessage", NULL, TG_REFUSED, 0, "message text is empty" },
	{ TOKEN, "getMe", "getMe 1 502", TG_RETRY, 0, "502" },
	{ TOKEN, "getMe", "getMe 1 429 7", TG_RETRY, 7, "Too Many Requests" },
};

/* What each answer of the Bot API comes back as. */
START_TEST(test_status)
{
	struct tg_api *a = client(st_rows[_i].token);
	enum tg_status got;
	char err[256] = "";
	int after = -1;

	if (st_rows[_i].fail != NULL)
		control("fail", st_rows[_i].fail);
	got = tg_api_call(a, st_rows[_i].method, NULL, NULL, &after, err,
	    sizeof(err));
	ck_assert_msg(got == st_rows[_i].want && after == st_rows[_i].after,
	    "row %d: got %d (retry_after %d), want %d (%d): %s", _i, got,
	    after, st_rows[_i].want, st_rows[_i].after, err);
	ck_assert_msg(strstr(err, st_rows[_i].in_err) != NULL,
	    "row %d: got %s, want %s in it", _i, err, st_rows[_i].in_err);
	ck_assert_msg(strstr(err, "TESTtoken") == NULL && strstr(err,
	    "1:wrong") == NULL, "row %d: the token is in %s", _i, err);
	tg_api_free(a);
}
END_TEST

/* Nobody listening: TG_RETRY, without the token in the error. */
START_TEST(test_down)
{
	char err[256];
	struct tg_api *a = tg_api_new("http://127.0.0.1:1", TOKEN, err,
	    sizeof(err));
	int after = -1;

	ck_assert_msg(a != NULL, "tg_api_new: %s", err);
	ck_assert_int_eq(tg_api_call(a, "getMe", NULL, NULL, &after, err,
	    sizeof(err)), TG_RETRY);
	ck_assert_msg(after == 0 && strstr(err, "TESTtoken") == NULL,
	    "got retry_after %d, err %s", after, err);
	tg_api_free(a);
}
END_TEST

/* A token that would break the URL is refused at once. */
START_TEST(test_bad_token)
{
	char err[256];

	ck_assert_msg(tg_api_new(url, "12/../x", err, sizeof(err)) == NULL,
	    "got a client for a token with a slash");
	ck_assert_msg(tg_api_new(url, "", err, sizeof(err)) == NULL,
	    "got a client for no token");
}
END_TEST

/* sendDocument as multipart/form-data: the fake sees the file. */
START_TEST(test_upload)
{
	struct tg_api *a = client(TOKEN);
	json_t *res = NULL, *p = json_pack("{s:I, s:s}", "chat_id", 7,
	    "caption", "a log");
	char err[256];
	int after;

	ck_assert_int_eq(tg_api_upload(a, "sendDocument", p, "document",
	    "log.txt", "text/plain", "hello\n", 6, &res, &after, err,
	    sizeof(err)), TG_OK);
	ck_assert_msg(json_integer_value(json_object_get(json_object_get(res,
	    "document"), "file_size")) == 6, "got another size");
	ck_assert_msg(strcmp(json_string_value(json_object_get(
	    json_object_get(res, "document"), "file_name")), "log.txt") == 0,
	    "got another name");
	json_decref(res);
	json_decref(p);
	tg_api_free(a);
}
END_TEST

/* A file registered with the fake, downloaded through getFile's path;
 * over the limit it is refused. */
START_TEST(test_download)
{
	struct tg_api *a = client(TOKEN);
	json_t *res = NULL, *p;
	char err[256], *data = NULL;
	const char *path;
	size_t len = 0;
	int after;

	FILE *f;
	char args[1024];

	snprintf(args, sizeof(args), "%s/h.txt", getenv("FAKEBOT_DIR"));
	ck_assert_msg((f = fopen(args, "w")) != NULL, "cannot write %s",
	    args);
	fputs("hello world", f);
	fclose(f);
	snprintf(args, sizeof(args), "7 %s/h.txt", getenv("FAKEBOT_DIR"));
	control("document", args);
	p = json_pack("{s:s}", "file_id", "FILE0001");
	ck_assert_int_eq(tg_api_call(a, "getFile", p, &res, &after, err,
	    sizeof(err)), TG_OK);
	path = json_string_value(json_object_get(res, "file_path"));
	ck_assert_msg(path != NULL, "got no file_path");
	ck_assert_int_eq(tg_api_download(a, path, 100, &data, &len, err,
	    sizeof(err)), TG_OK);
	ck_assert_msg(len == 11 && memcmp(data, "hello world", 11) == 0,
	    "got %zu bytes", len);
	free(data);
	ck_assert_int_eq(tg_api_download(a, path, 5, &data, &len, err,
	    sizeof(err)), TG_REFUSED);
	ck_assert_msg(data == NULL && strstr(err, "larger") != NULL, "got %s",
	    err);
	ck_assert_int_eq(tg_api_download(a, "documents/none", 100, &data, &len,
	    err, sizeof(err)), TG_REFUSED);
	ck_assert_int_eq(tg_api_download(a, "../x", 100, &data, &len, err,
	    sizeof(err)), TG_REFUSED);
	json_decref(res);
	json_decref(p);
	tg_api_free(a);
}
END_TEST

/* The suite. */
static Suite *
api_suite(void)
{
	Suite *s = suite_create("telegram_api");
	TCase *tc = tcase_create("api");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_call_ok);
	tcase_add_loop_test(tc, test_status, 0,
	    sizeof(st_rows) / sizeof(st_rows[0]));
	tcase_add_test(tc, test_down);
	tcase_add_test(tc, test_bad_token);
	tcase_add_test(tc, test_upload);
	tcase_add_test(tc, test_download);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite against FAKEBOT_URL. */
int
main(void)
{
	SRunner *sr;
	int failed;

	if ((url = getenv("FAKEBOT_URL")) == NULL ||
	    getenv("FAKEBOT") == NULL || getenv("FAKEBOT_DIR") == NULL) {
		fprintf(stderr, "FAKEBOT_URL not set: run telegram-api.test\n");
		return 77;
	}
	sr = srunner_create(api_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
