# confcheck/ - the configuration check of postdesk -n and postdeskctl
# config-check.
noinst_LIBRARIES += confcheck/libconfcheck.a
confcheck_libconfcheck_a_SOURCES = confcheck/confcheck.h \
	confcheck/confcheck.c confcheck/access.c confcheck/telegram.c

check_PROGRAMS += tests/unit/check_confcheck
tests_unit_check_confcheck_SOURCES = tests/unit/check_confcheck.c
tests_unit_check_confcheck_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_confcheck_LDADD = $(PD_LDADD) $(CHECK_LIBS)
TESTS += tests/unit/check_confcheck
