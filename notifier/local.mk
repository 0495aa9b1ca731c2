# notifier/ - templates, composing, SMTP over libcurl, the outbox worker.
noinst_LIBRARIES += notifier/libnotifier.a
notifier_libnotifier_a_SOURCES = notifier/notifier.h notifier/tmpl.c
notifier_libnotifier_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)
