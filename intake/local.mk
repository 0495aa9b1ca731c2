# intake/ - the pipeline shared by the milter and postdeskctl ingest.
noinst_LIBRARIES += intake/libintake.a
intake_libintake_a_SOURCES = intake/intake.h intake/intake_int.h \
	intake/intake.c intake/intake_tx.c intake/intake_notify.c \
	intake/intake_batch.c intake/intake_list.c intake/intake_merge.c \
	intake/intake_agents.c intake/intake_chat.c intake/intake_group.c
intake_libintake_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)

# Everything a front door links, innermost last.
PD_LIBS = confcheck/libconfcheck.a intake/libintake.a \
	notifier/libnotifier.a store/libstore.a \
	ticket/libticket.a redact/libredact.a parser/libparser.a \
	common/libcommon.a
PD_LDADD = $(PD_LIBS) $(GMIME_LIBS) $(GLIB_LIBS) $(PQ_LIBS) \
	$(PCRE2_LIBS) $(CURL_LIBS) $(JANSSON_LIBS) $(PTHREAD_LIBS)

TESTS += tests/integration/intake.test tests/integration/intake-words.test
EXTRA_DIST += tests/integration/intake.test \
	tests/integration/intake-words.test
TESTS += tests/integration/e2e-notify.test
EXTRA_DIST += tests/integration/e2e-notify.test
LONG_TESTS += tests/integration/e2e-sinkdown.test
EXTRA_DIST += tests/integration/e2e-sinkdown.test
TESTS += tests/integration/corpus.test
EXTRA_DIST += tests/integration/corpus.test
