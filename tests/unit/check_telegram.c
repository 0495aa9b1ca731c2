/* check_telegram.c - unit tests of the Telegram door's pure parts:
 * updates read from Bot API JSON (telegram/update.c), what they mean and
 * the conversation's moves (telegram/flow.c), the texts by language
 * (telegram/text.c). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "telegram/flow.h"
#include "telegram/text.h"
#include "telegram/update.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*json;
	enum tg_kind	 kind;
	long long	 user, chat;
	int		 private_chat;
	const char	*text;		/* NULL: none */
	const char	*command;
	enum tg_file_kind file;
	const char	*file_id;
	const char	*lang;
	const char	*data;
} upd_rows[] = {
	{ "{\"update_id\":1,\"message\":{\"message_id\":5,\"from\":{\"id\":42,"
	  "\"first_name\":\"Ann\",\"language_code\":\"ru-RU\"},\"chat\":{\"id\":"
	  "42,\"type\":\"private\"},\"text\":\"/start\"}}",
	  TU_MESSAGE, 42, 42, 1, "/start", "/start", TF_NONE, "", "ru", "" },
	{ "{\"update_id\":2,\"message\":{\"message_id\":6,\"from\":{\"id\":42},"
	  "\"chat\":{\"id\":-100,\"type\":\"group\"},\"text\":"
	  "\"/createticket@postdesk_bot now\"}}",
	  TU_MESSAGE, 42, -100, 0, "/createticket@postdesk_bot now",
	  "/createticket", TF_NONE, "", "", "" },
	{ "{\"update_id\":3,\"message\":{\"message_id\":7,\"from\":{\"id\":9},"
	  "\"chat\":{\"id\":9,\"type\":\"private\"},\"caption\":\"see\","
	  "\"photo\":[{\"file_id\":\"small\",\"file_size\":10},{\"file_id\":"
	  "\"big\",\"file_size\":9000}]}}",
	  TU_MESSAGE, 9, 9, 1, "see", "", TF_PHOTO, "big", "", "" },
	{ "{\"update_id\":4,\"message\":{\"message_id\":8,\"from\":{\"id\":9},"
	  "\"chat\":{\"id\":9,\"type\":\"private\"},\"document\":{\"file_id\":"
	  "\"D1\",\"file_name\":\"log.txt\",\"mime_type\":\"text/plain\"}}}",
	  TU_MESSAGE, 9, 9, 1, NULL, "", TF_DOCUMENT, "D1", "", "" },
	{ "{\"update_id\":5,\"callback_query\":{\"id\":\"cq1\",\"from\":{\"id\":"
	  "9},\"message\":{\"message_id\":77,\"chat\":{\"id\":9,\"type\":"
	  "\"private\"}},\"data\":\"t:10042\"}}",
	  TU_CALLBACK, 9, 9, 1, NULL, "", TF_NONE, "", "", "t:10042" },
	{ "{\"update_id\":6,\"edited_message\":{\"message_id\":1}}",
	  TU_OTHER, 0, 0, 0, NULL, "", TF_NONE, "", "", "" },
	{ "{\"update_id\":7,\"message\":{\"message_id\":9,\"from\":{\"id\":3},"
	  "\"chat\":{\"id\":3,\"type\":\"private\"},\"sticker\":{}}}",
	  TU_MESSAGE, 3, 3, 1, NULL, "", TF_NONE, "", "", "" },
};

/* tg_update_parse() on each row. */
START_TEST(test_update)
{
	json_error_t je;
	json_t *j = json_loads(upd_rows[_i].json, 0, &je);
	struct tg_update u;

	ck_assert_msg(j != NULL, "row %d: %s", _i, je.text);
	ck_assert_int_eq(tg_update_parse(j, &u), 0);
	ck_assert_msg(u.u_kind == upd_rows[_i].kind, "row %d: got kind %d, "
	    "want %d", _i, u.u_kind, upd_rows[_i].kind);
	ck_assert_msg(u.u_user == upd_rows[_i].user && u.u_chat ==
	    upd_rows[_i].chat, "row %d: got user %lld chat %lld, want %lld "
	    "%lld", _i, u.u_user, u.u_chat, upd_rows[_i].user,
	    upd_rows[_i].chat);
	ck_assert_msg(u.u_private == upd_rows[_i].private_chat,
	    "row %d: got private %d", _i, u.u_private);
	ck_assert_msg((u.u_text == NULL) == (upd_rows[_i].text == NULL) &&
	    (u.u_text == NULL || strcmp(u.u_text, upd_rows[_i].text) == 0),
	    "row %d: got text %s, want %s", _i, u.u_text != NULL ? u.u_text :
	    "(null)", upd_rows[_i].text != NULL ? upd_rows[_i].text :
	    "(null)");
	ck_assert_msg(strcmp(u.u_command, upd_rows[_i].command) == 0,
	    "row %d: got command %s, want %s", _i, u.u_command,
	    upd_rows[_i].command);
	ck_assert_msg(u.u_file == upd_rows[_i].file && strcmp(u.u_file_id,
	    upd_rows[_i].file_id) == 0, "row %d: got file %d %s, want %d %s",
	    _i, u.u_file, u.u_file_id, upd_rows[_i].file,
	    upd_rows[_i].file_id);
	ck_assert_msg(strcmp(u.u_lang, upd_rows[_i].lang) == 0 &&
	    strcmp(u.u_data, upd_rows[_i].data) == 0, "row %d: got lang %s "
	    "data %s, want %s %s", _i, u.u_lang, u.u_data, upd_rows[_i].lang,
	    upd_rows[_i].data);
	json_decref(j);
}
END_TEST

/* An update without update_id is refused. */
START_TEST(test_update_no_id)
{
	json_t *j = json_loads("{\"message\":{}}", 0, NULL);
	struct tg_update u;

	ck_assert_int_eq(tg_update_parse(j, &u), -1);
	json_decref(j);
}
END_TEST

static const struct {
	const char	*command;	/* a message's, or NULL */
	const char	*data;		/* a button's, or NULL */
	int		 file;
	enum flow_event	 want;
	long		 arg;
} ev_rows[] = {
	{ "/start", NULL, 0, FE_START, 0 },
	{ "/createticket", NULL, 0, FE_CREATE, 0 },
	{ "/cancel", NULL, 0, FE_CANCEL, 0 },
	{ "/help", NULL, 0, FE_COMMAND, 0 },
	{ "", NULL, 0, FE_TEXT, 0 },
	{ "", NULL, 1, FE_FILE, 0 },
	{ NULL, "dept:2", 0, FE_DEPT, 2 },
	{ NULL, "skip", 0, FE_SKIP, 0 },
	{ NULL, "complete", 0, FE_COMPLETE, 0 },
	{ NULL, "t:10042", 0, FE_VIEW, 10042 },
	{ NULL, "reply:10042", 0, FE_ADD_REPLY, 10042 },
	{ NULL, "close:7", 0, FE_CLOSE, 7 },
	{ NULL, "close:", 0, FE_BAD_BUTTON, 0 },
	{ NULL, "t:12x", 0, FE_BAD_BUTTON, 0 },
	{ NULL, "whatever", 0, FE_BAD_BUTTON, 0 },
};

/* flow_event_of() on each row. */
START_TEST(test_event)
{
	struct tg_update u;
	enum flow_event got;
	long arg = -1;

	memset(&u, 0, sizeof(u));
	if (ev_rows[_i].data != NULL) {
		u.u_kind = TU_CALLBACK;
		strcpy(u.u_data, ev_rows[_i].data);
	} else {
		u.u_kind = TU_MESSAGE;
		u.u_text = "some text";
		strcpy(u.u_command, ev_rows[_i].command);
		u.u_file = ev_rows[_i].file ? TF_PHOTO : TF_NONE;
	}
	got = flow_event_of(&u, &arg);
	ck_assert_msg(got == ev_rows[_i].want && arg == ev_rows[_i].arg,
	    "row %d: got %d (%ld), want %d (%ld)", _i, got, arg,
	    ev_rows[_i].want, ev_rows[_i].arg);
}
END_TEST

static const struct {
	enum flow_step	 cur;
	enum flow_event	 ev;
	int		 depts;
	enum flow_action want;
	enum flow_step	 next;
} move_rows[] = {
	{ FS_NONE, FE_CREATE, 1, FA_ASK_DEPARTMENT, FS_DEPARTMENT },
	{ FS_NONE, FE_CREATE, 0, FA_ASK_SUBJECT, FS_SUBJECT },
	{ FS_MESSAGE, FE_CREATE, 1, FA_ASK_DEPARTMENT, FS_DEPARTMENT },
	{ FS_DEPARTMENT, FE_DEPT, 1, FA_TAKE_DEPARTMENT, FS_SUBJECT },
	{ FS_DEPARTMENT, FE_TEXT, 1, FA_REPEAT, FS_DEPARTMENT },
	{ FS_SUBJECT, FE_TEXT, 1, FA_TAKE_SUBJECT, FS_ORDER },
	{ FS_SUBJECT, FE_FILE, 1, FA_REPEAT, FS_SUBJECT },
	{ FS_SUBJECT, FE_DEPT, 1, FA_STALE, FS_SUBJECT },
	{ FS_ORDER, FE_TEXT, 1, FA_TAKE_ORDER, FS_MESSAGE },
	{ FS_ORDER, FE_SKIP, 1, FA_SKIP_ORDER, FS_MESSAGE },
	{ FS_MESSAGE, FE_SKIP, 1, FA_STALE, FS_MESSAGE },
	{ FS_MESSAGE, FE_TEXT, 1, FA_GATHER, FS_MESSAGE },
	{ FS_MESSAGE, FE_FILE, 1, FA_GATHER, FS_MESSAGE },
	{ FS_MESSAGE, FE_COMPLETE, 1, FA_SUBMIT, FS_NONE },
	{ FS_REPLY, FE_TEXT, 1, FA_GATHER, FS_REPLY },
	{ FS_REPLY, FE_COMPLETE, 1, FA_SUBMIT, FS_NONE },
	{ FS_NONE, FE_COMPLETE, 1, FA_STALE, FS_NONE },
	{ FS_ORDER, FE_COMPLETE, 1, FA_STALE, FS_ORDER },
	{ FS_NONE, FE_TEXT, 1, FA_HELP, FS_NONE },
	{ FS_NONE, FE_FILE, 1, FA_HELP, FS_NONE },
	{ FS_SUBJECT, FE_CANCEL, 1, FA_CANCEL, FS_NONE },
	{ FS_NONE, FE_CANCEL, 1, FA_CANCEL, FS_NONE },
	{ FS_ORDER, FE_COMMAND, 1, FA_HELP, FS_ORDER },
	{ FS_MESSAGE, FE_START, 1, FA_LIST, FS_MESSAGE },
	{ FS_NONE, FE_VIEW, 1, FA_SHOW, FS_NONE },
	{ FS_NONE, FE_ADD_REPLY, 1, FA_ASK_REPLY, FS_REPLY },
	{ FS_NONE, FE_CLOSE, 1, FA_CLOSE, FS_NONE },
	{ FS_MESSAGE, FE_UNSUPPORTED, 1, FA_UNSUPPORTED, FS_MESSAGE },
	{ FS_NONE, FE_BAD_BUTTON, 1, FA_STALE, FS_NONE },
};

/* flow_next() on each row. */
START_TEST(test_move)
{
	struct flow_move m = flow_next(move_rows[_i].cur, move_rows[_i].ev,
	    move_rows[_i].depts);

	ck_assert_msg(m.fm_action == move_rows[_i].want &&
	    m.fm_next == move_rows[_i].next, "row %d: got %d -> %s, want %d "
	    "-> %s", _i, m.fm_action, flow_step_name(m.fm_next),
	    move_rows[_i].want, flow_step_name(move_rows[_i].next));
}
END_TEST

/* Step names go there and back. */
START_TEST(test_step_names)
{
	enum flow_step s;

	for (s = FS_NONE; s <= FS_REPLY; s++)
		ck_assert_msg(flow_step_of(flow_step_name(s)) == s,
		    "got %s, want step %d", flow_step_name(s), s);
	ck_assert_int_eq(flow_step_of("bogus"), FS_NONE);
	ck_assert_int_eq(flow_step_of(NULL), FS_NONE);
}
END_TEST

static const char *const lang_rows[] = { "en", "ru", "uk", "es", "pt",
    "de", "tr" };

/* The secret warning exists in every language of the templates, and an
 * unknown language falls back to English. */
START_TEST(test_texts)
{
	const char *l = lang_rows[_i], *en = tg_text(TT_SECRET, "en");
	const char *t = tg_text(TT_SECRET, l);
	int k;

	ck_assert_msg(tg_text_lang(l) != NULL, "got no language %s", l);
	ck_assert_msg(*t != '\0', "%s: got an empty warning", l);
	ck_assert_msg(strcmp(l, "en") == 0 || strcmp(t, en) != 0,
	    "%s: got the English warning, want its own", l);
	for (k = TT_SECRET_PASSWORD; k <= TT_SECRET_ACCESS; k++)
		ck_assert_msg(strcmp(l, "en") == 0 ||
		    strcmp(tg_text((enum tg_text)k, l),
		    tg_text((enum tg_text)k, "en")) != 0,
		    "%s: got the English advice %d, want its own", l, k);
	ck_assert_msg(strcmp(tg_text(TT_HELP, l), tg_text(TT_HELP, "xx")) ==
	    0 || strcmp(l, "en") != 0, "got %s", tg_text(TT_HELP, l));
	ck_assert_msg(tg_text_lang("xx") == NULL, "got a language xx");
}
END_TEST

/* The conversions of a format ("%ld", "%s", ...) in order, into out. */
static void
text_convs(const char *fmt, char *out, size_t outlen)
{
	size_t n = 0;
	const char *p;

	for (p = fmt; *p != '\0' && n + 4 < outlen; p++) {
		if (*p != '%')
			continue;
		p++;
		while (*p != '\0' && strchr("0123456789.-+ #l", *p) != NULL &&
		    n + 4 < outlen)
			out[n++] = *p++;
		if (*p == '\0')
			break;
		out[n++] = *p;
		out[n++] = ',';
	}
	out[n] = '\0';
}

/* Every text but the buttons' names has its own wording in every
 * language, with the conversions of the English one, in that order (the
 * texts are formats). */
START_TEST(test_texts_formats)
{
	const char *l = lang_rows[_i], *en, *t;
	char want[64], got[64];
	int i;

	for (i = 0; i < TT__MAX; i++) {
		en = tg_text((enum tg_text)i, "en");
		t = tg_text((enum tg_text)i, l);
		text_convs(en, want, sizeof(want));
		text_convs(t, got, sizeof(got));
		ck_assert_msg(strcmp(got, want) == 0, "%s, text %d: got "
		    "conversions %s, want %s", l, i, got, want);
		if (i == TT_SKIP || i == TT_COMPLETE || i == TT_ADD_REPLY ||
		    i == TT_CLOSE_TICKET || strcmp(l, "en") == 0)
			ck_assert_msg(strcmp(t, en) == 0, "%s, text %d: got "
			    "%s, want the button's name %s", l, i, t, en);
		else
			ck_assert_msg(strcmp(t, en) != 0, "%s, text %d: got "
			    "the English %s, want its own", l, i, t);
	}
}
END_TEST

/* Every text exists in English. */
START_TEST(test_texts_all)
{
	int i;

	for (i = 0; i < TT__MAX; i++)
		ck_assert_msg(*tg_text((enum tg_text)i, NULL) != '\0',
		    "text %d: got nothing, want English", i);
}
END_TEST

/* The suite. */
static Suite *
telegram_suite(void)
{
	Suite *s = suite_create("telegram");
	TCase *tc = tcase_create("update");

	tcase_add_loop_test(tc, test_update, 0, NELEM(upd_rows));
	tcase_add_test(tc, test_update_no_id);
	suite_add_tcase(s, tc);
	tc = tcase_create("flow");
	tcase_add_loop_test(tc, test_event, 0, NELEM(ev_rows));
	tcase_add_loop_test(tc, test_move, 0, NELEM(move_rows));
	tcase_add_test(tc, test_step_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("text");
	tcase_add_loop_test(tc, test_texts, 0, NELEM(lang_rows));
	tcase_add_loop_test(tc, test_texts_formats, 0, NELEM(lang_rows));
	tcase_add_test(tc, test_texts_all);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(telegram_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
