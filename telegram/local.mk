# telegram/ - the Telegram door: the Bot API client (libcurl in api.c
# only, JSON with jansson), updates and the conversation's state machine
# (pure), and the daemon postdesk-telegram.
noinst_LIBRARIES += telegram/libtelegram.a
telegram_libtelegram_a_SOURCES = telegram/api.h telegram/api.c \
	telegram/update.h telegram/update.c telegram/flow.h telegram/flow.c \
	telegram/text.h telegram/text.c
telegram_libtelegram_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) \
	$(JANSSON_CFLAGS)

sbin_PROGRAMS += postdesk-telegram
postdesk_telegram_SOURCES = telegram/main.c telegram/bot.h telegram/bot.c \
	telegram/poll.c telegram/gather.c telegram/menu.c telegram/door.c \
	telegram/say.c telegram/outq.c
postdesk_telegram_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(GLIB_CFLAGS)
postdesk_telegram_LDADD = telegram/libtelegram.a $(PD_LDADD) $(XML_LIBS)

# Pure tests: updates read, the conversation's moves, the texts.
check_PROGRAMS += tests/unit/check_telegram
tests_unit_check_telegram_SOURCES = tests/unit/check_telegram.c
tests_unit_check_telegram_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	$(JANSSON_CFLAGS)
tests_unit_check_telegram_LDADD = telegram/libtelegram.a \
	notifier/libnotifier.a common/libcommon.a \
	$(CURL_LIBS) $(JANSSON_LIBS) $(GLIB_LIBS) $(CHECK_LIBS) \
	$(PTHREAD_LIBS)
TESTS += tests/unit/check_telegram

# The Bot API client against the fake Bot API (run by
# tests/integration/telegram-api.test, see tests/local.mk).
check_PROGRAMS += tests/unit/check_telegram_api
tests_unit_check_telegram_api_SOURCES = tests/unit/check_telegram_api.c
tests_unit_check_telegram_api_CPPFLAGS = $(tests_unit_check_telegram_CPPFLAGS)
tests_unit_check_telegram_api_LDADD = $(tests_unit_check_telegram_LDADD)

# The sending side: outbox rows of channel telegram into the chats
# (libxml2's HTML parser in format.c only).
telegram_libtelegram_a_SOURCES += telegram/format.h telegram/format.c \
	telegram/send.h telegram/send.c
telegram_libtelegram_a_CPPFLAGS += $(XML_CFLAGS)

check_PROGRAMS += tests/unit/check_tg_format
tests_unit_check_tg_format_SOURCES = tests/unit/check_tg_format.c
tests_unit_check_tg_format_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_tg_format_LDADD = telegram/libtelegram.a \
	common/libcommon.a $(XML_LIBS) $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_tg_format
