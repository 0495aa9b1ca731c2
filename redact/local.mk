# redact/ - PCRE2: secrets out of text.
noinst_LIBRARIES += redact/libredact.a
redact_libredact_a_SOURCES = redact/redact.h redact/redact.c \
	redact/rules.h redact/rules.c redact/labels.h \
	redact/stems.h redact/stems.c
redact_libredact_a_CPPFLAGS = $(AM_CPPFLAGS) $(PCRE2_CFLAGS)

check_PROGRAMS += tests/unit/check_redact
tests_unit_check_redact_SOURCES = tests/unit/check_redact.c
tests_unit_check_redact_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_redact_LDADD = redact/libredact.a common/libcommon.a \
	$(PCRE2_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS)
TESTS += tests/unit/check_redact

check_PROGRAMS += tests/unit/check_redact_mail
tests_unit_check_redact_mail_SOURCES = tests/unit/check_redact_mail.c
tests_unit_check_redact_mail_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_redact_mail_LDADD = parser/libparser.a redact/libredact.a \
	common/libcommon.a $(GMIME_LIBS) $(GLIB_LIBS) $(PCRE2_LIBS) \
	$(CHECK_LIBS) $(PTHREAD_LIBS)
TESTS += tests/unit/check_redact_mail
EXTRA_DIST += tests/data/redact

# The redactor on a generated corpus of whole mails, against its targets
# (bench/redact-quality, built from bench/redact-measure.c).
TESTS += tests/unit/redact-quality.test
EXTRA_DIST += tests/unit/redact-quality.test
