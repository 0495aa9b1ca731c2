# milter/ - postdesk, the milter daemon (libmilter).
sbin_PROGRAMS += postdesk
postdesk_SOURCES = milter/milter.h milter/main.c milter/milter.c \
	milter/daemon.c milter/snap.c milter/msgbuf.c milter/text.c
postdesk_CPPFLAGS = $(AM_CPPFLAGS) $(MILTER_CFLAGS)
postdesk_LDADD = $(PD_LDADD) $(MILTER_LIBS)

# Protocol-level tests: miltertest(8) scripts driving the real daemon.
TESTS += tests/integration/miltertest.test
EXTRA_DIST += tests/integration/miltertest.test \
	tests/milter/pass.lua tests/milter/size.lua tests/milter/tempfail.lua
