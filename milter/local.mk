# milter/ - postdesk, the milter daemon (libmilter).
sbin_PROGRAMS += postdesk
postdesk_SOURCES = milter/milter.h milter/main.c milter/milter.c
postdesk_CPPFLAGS = $(AM_CPPFLAGS) $(MILTER_CFLAGS)
postdesk_LDADD = $(PD_LDADD) $(MILTER_LIBS)
