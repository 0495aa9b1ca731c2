# notifier/ - templates, composing, SMTP over libcurl, the outbox worker.
noinst_LIBRARIES += notifier/libnotifier.a
notifier_libnotifier_a_SOURCES = notifier/notifier.h notifier/tmpl.c \
	notifier/smtp.c notifier/worker.c notifier/report.c notifier/loop.c
notifier_libnotifier_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)

# The mail postdesk sends, one directory of templates per language
# (templates/LANG/NAME.txt; see postdesk.conf(5), default_language).
templates_endir = $(templatesdir)/en
dist_templates_en_DATA = etc/templates/en/confirmation.txt \
	etc/templates/en/reply.txt etc/templates/en/resolved.txt \
	etc/templates/en/closed.txt etc/templates/en/tickets.txt \
	etc/templates/en/tickets-row.txt etc/templates/en/merged.txt \
	etc/templates/en/redacted.txt
templates_rudir = $(templatesdir)/ru
dist_templates_ru_DATA = etc/templates/ru/confirmation.txt \
	etc/templates/ru/reply.txt etc/templates/ru/resolved.txt \
	etc/templates/ru/closed.txt etc/templates/ru/tickets.txt \
	etc/templates/ru/tickets-row.txt etc/templates/ru/merged.txt \
	etc/templates/ru/redacted.txt
templates_ukdir = $(templatesdir)/uk
dist_templates_uk_DATA = etc/templates/uk/confirmation.txt \
	etc/templates/uk/reply.txt etc/templates/uk/resolved.txt \
	etc/templates/uk/closed.txt etc/templates/uk/tickets.txt \
	etc/templates/uk/tickets-row.txt etc/templates/uk/merged.txt \
	etc/templates/uk/redacted.txt
templates_esdir = $(templatesdir)/es
dist_templates_es_DATA = etc/templates/es/confirmation.txt \
	etc/templates/es/reply.txt etc/templates/es/resolved.txt \
	etc/templates/es/closed.txt etc/templates/es/tickets.txt \
	etc/templates/es/tickets-row.txt etc/templates/es/merged.txt \
	etc/templates/es/redacted.txt
templates_ptdir = $(templatesdir)/pt
dist_templates_pt_DATA = etc/templates/pt/confirmation.txt \
	etc/templates/pt/reply.txt etc/templates/pt/resolved.txt \
	etc/templates/pt/closed.txt etc/templates/pt/tickets.txt \
	etc/templates/pt/tickets-row.txt etc/templates/pt/merged.txt \
	etc/templates/pt/redacted.txt
templates_dedir = $(templatesdir)/de
dist_templates_de_DATA = etc/templates/de/confirmation.txt \
	etc/templates/de/reply.txt etc/templates/de/resolved.txt \
	etc/templates/de/closed.txt etc/templates/de/tickets.txt \
	etc/templates/de/tickets-row.txt etc/templates/de/merged.txt \
	etc/templates/de/redacted.txt
templates_trdir = $(templatesdir)/tr
dist_templates_tr_DATA = etc/templates/tr/confirmation.txt \
	etc/templates/tr/reply.txt etc/templates/tr/resolved.txt \
	etc/templates/tr/closed.txt etc/templates/tr/tickets.txt \
	etc/templates/tr/tickets-row.txt etc/templates/tr/merged.txt \
	etc/templates/tr/redacted.txt

# Pure tests: templates and envelope addresses.
check_PROGRAMS += tests/unit/check_notifier
tests_unit_check_notifier_SOURCES = tests/unit/check_notifier.c
tests_unit_check_notifier_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	-DTEMPLATE_DIR='"$(abs_top_srcdir)/etc/templates/en"' \
	-DTEMPLATE_ROOT='"$(abs_top_srcdir)/etc/templates"'
tests_unit_check_notifier_LDADD = notifier/libnotifier.a common/libcommon.a \
	$(CURL_LIBS) $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_notifier

# SMTP against a real sink, run by tests/integration/notifier.test.
check_PROGRAMS += tests/unit/check_notifier_smtp
tests_unit_check_notifier_smtp_SOURCES = tests/unit/check_notifier_smtp.c
tests_unit_check_notifier_smtp_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_notifier_smtp_LDADD = notifier/libnotifier.a \
	parser/libparser.a common/libcommon.a $(CURL_LIBS) $(GMIME_LIBS) \
	$(GLIB_LIBS) $(CHECK_LIBS)
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
# The confirmation composed, byte for byte (bench/confirm-cost -p).
TESTS += tests/unit/confirm-bytes.test
EXTRA_DIST += tests/unit/confirm-bytes.test tests/data/notifier/confirmation.eml
