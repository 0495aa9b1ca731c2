# telegram/ - the Telegram door: the Bot API client (libcurl in api.c
# only, JSON with jansson), the daemon postdesk-telegram.
noinst_LIBRARIES += telegram/libtelegram.a
telegram_libtelegram_a_SOURCES = telegram/api.h telegram/api.c
telegram_libtelegram_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) \
	$(JANSSON_CFLAGS)

# The sending side: outbox rows of channel telegram into the chats
# (libxml2's HTML parser in format.c only).
telegram_libtelegram_a_SOURCES += telegram/format.h telegram/format.c
telegram_libtelegram_a_CPPFLAGS += $(XML_CFLAGS)

check_PROGRAMS += tests/unit/check_tg_format
tests_unit_check_tg_format_SOURCES = tests/unit/check_tg_format.c
tests_unit_check_tg_format_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_tg_format_LDADD = telegram/libtelegram.a \
	common/libcommon.a $(XML_LIBS) $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_tg_format
