# telegram/ - the Telegram door: the Bot API client (libcurl in api.c
# only, JSON with jansson), the daemon postdesk-telegram.
noinst_LIBRARIES += telegram/libtelegram.a
telegram_libtelegram_a_SOURCES = telegram/api.h telegram/api.c
telegram_libtelegram_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) \
	$(JANSSON_CFLAGS)
