# milter/ - postdesk, the milter daemon (libmilter).
sbin_PROGRAMS += postdesk
postdesk_SOURCES = milter/milter.h milter/main.c milter/milter.c \
	milter/daemon.c milter/snap.c milter/text.c \
	milter/sigwait.c
postdesk_CPPFLAGS = $(AM_CPPFLAGS) $(MILTER_CFLAGS)
postdesk_LDADD = $(PD_LDADD) $(MILTER_LIBS)

# Protocol-level tests: miltertest(8) scripts driving the real daemon.
TESTS += tests/integration/miltertest.test
EXTRA_DIST += tests/integration/miltertest.test \
	tests/milter/pass.lua tests/milter/size.lua tests/milter/tempfail.lua \
	tests/milter/ticket.lua

# The pure parts (no libmilter, no database): text.c, the gate.
check_PROGRAMS += tests/unit/check_milter
tests_unit_check_milter_SOURCES = tests/unit/check_milter.c \
	milter/text.c milter/snap.c
tests_unit_check_milter_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_milter_LDADD = $(PD_LDADD) $(CHECK_LIBS)
TESTS += tests/unit/check_milter

# Faults through a real Postfix (kill -9, SIGSTOP, SIGHUP under load);
# long, so it runs only with POSTDESK_LONG_TESTS=1.
LONG_TESTS += tests/integration/milter-faults.test
EXTRA_DIST += tests/integration/milter-faults.test tests/milter/load.py
# Mails ending together are committed together; a failing one alone.
TESTS += tests/integration/group-commit.test
EXTRA_DIST += tests/integration/group-commit.test tests/milter/burst.py
