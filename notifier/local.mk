# notifier/ - templates, composing, SMTP over libcurl, the outbox worker.
noinst_LIBRARIES += notifier/libnotifier.a
notifier_libnotifier_a_SOURCES = notifier/notifier.h notifier/tmpl.c \
	notifier/compose.c notifier/smtp.c notifier/worker.c \
	notifier/report.c
notifier_libnotifier_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)

dist_templates_DATA += etc/templates/confirmation.txt \
	etc/templates/reply.txt etc/templates/resolved.txt \
	etc/templates/closed.txt etc/templates/merged.txt

# Pure tests: templates and composing.
check_PROGRAMS += tests/unit/check_notifier
tests_unit_check_notifier_SOURCES = tests/unit/check_notifier.c
tests_unit_check_notifier_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	-DTEMPLATE_DIR='"$(abs_top_srcdir)/etc/templates"'
tests_unit_check_notifier_LDADD = notifier/libnotifier.a common/libcommon.a \
	$(CURL_LIBS) $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_notifier

# SMTP against a real sink, run by tests/integration/notifier.test.
check_PROGRAMS += tests/unit/check_notifier_smtp
tests_unit_check_notifier_smtp_SOURCES = tests/unit/check_notifier_smtp.c
tests_unit_check_notifier_smtp_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_notifier_smtp_LDADD = notifier/libnotifier.a \
	common/libcommon.a $(CURL_LIBS) $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/integration/notifier.test
EXTRA_DIST += tests/integration/notifier.test tests/data/notifier/sink.py \
	tests/data/notifier/verify.py

# The outbox worker against PostgreSQL and the sink, run by the same test.
check_PROGRAMS += tests/unit/check_notifier_worker
tests_unit_check_notifier_worker_SOURCES = tests/unit/check_notifier_worker.c
tests_unit_check_notifier_worker_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_notifier_worker_LDADD = notifier/libnotifier.a \
	store/libstore.a ticket/libticket.a common/libcommon.a $(CURL_LIBS) \
	$(PQ_LIBS) \
	$(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS)
