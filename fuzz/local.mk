# fuzz/ - libFuzzer harnesses, their regression inputs and the hostile-input
# tests.
#
#   make fuzz                   builds fuzz/fuzz_{mail,tag,conf,tmpl} with
#                               clang -fsanitize=fuzzer,address,undefined,
#                               whatever CC was configured
#   make fuzz-run FUZZ_SECONDS=N   runs each for N seconds (default 60) on a
#                               corpus seeded from tests/data and etc/; fails
#                               on a crash, a leak, a timeout or an OOM
#   make fuzz-smoke             the same for 20 seconds each (CI)
#
# make check replays every seed and every input under fuzz/regress/ through
# the same harnesses built with the ordinary compiler (fuzz/regress.test).

FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS = 60
FUZZ_JOBS = 2
FUZZ_TARGETS = fuzz/fuzz_mail fuzz/fuzz_tag fuzz/fuzz_conf fuzz/fuzz_tmpl

fuzz_common_c = $(filter %.c,$(common_libcommon_a_SOURCES))
fuzz_mail_c = fuzz/fuzz_mail.c $(filter %.c,$(parser_libparser_a_SOURCES) \
	$(redact_libredact_a_SOURCES)) $(fuzz_common_c)
fuzz_tag_c = fuzz/fuzz_tag.c $(filter %.c,$(ticket_libticket_a_SOURCES)) \
	$(fuzz_common_c)
fuzz_conf_c = fuzz/fuzz_conf.c $(fuzz_common_c)
fuzz_tmpl_c = fuzz/fuzz_tmpl.c notifier/tmpl.c \
	$(filter %.c,$(parser_libparser_a_SOURCES)) $(fuzz_common_c)
FUZZ_CPP = $(DEFS) -I$(top_srcdir) -I$(top_builddir) $(GLIB_CFLAGS) \
	-DSYSCONFDIR='"$(sysconfdir)"' -DPKGDATADIR='"$(pkgdatadir)"'
FUZZ_BUILD = $(MKDIR_P) fuzz && $(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_CPP)

fuzz/fuzz_mail: $(fuzz_mail_c)
	$(FUZZ_BUILD) $(GMIME_CFLAGS) $(PCRE2_CFLAGS) -o $@ \
	    $(addprefix $(srcdir)/,$(fuzz_mail_c)) \
	    $(GMIME_LIBS) $(PCRE2_LIBS) $(GLIB_LIBS) $(PTHREAD_LIBS)
fuzz/fuzz_tag: $(fuzz_tag_c)
	$(FUZZ_BUILD) -o $@ $(addprefix $(srcdir)/,$(fuzz_tag_c)) \
	    $(GLIB_LIBS) $(PTHREAD_LIBS)
fuzz/fuzz_conf: $(fuzz_conf_c)
	$(FUZZ_BUILD) -o $@ $(addprefix $(srcdir)/,$(fuzz_conf_c)) \
	    $(GLIB_LIBS) $(PTHREAD_LIBS)
fuzz/fuzz_tmpl: $(fuzz_tmpl_c)
	$(FUZZ_BUILD) $(CURL_CFLAGS) $(GMIME_CFLAGS) -o $@ \
	    $(addprefix $(srcdir)/,$(fuzz_tmpl_c)) $(GMIME_LIBS) $(GLIB_LIBS) \
	    $(PTHREAD_LIBS)

fuzz: $(FUZZ_TARGETS)
fuzz-run: fuzz
	srcdir='$(abs_top_srcdir)' $(SHELL) $(srcdir)/fuzz/run \
	    -s $(FUZZ_SECONDS) -j $(FUZZ_JOBS) fuzz
fuzz-smoke: fuzz
	srcdir='$(abs_top_srcdir)' $(SHELL) $(srcdir)/fuzz/run \
	    -s 20 -j $(FUZZ_JOBS) fuzz
fuzz-clean:
	rm -rf $(FUZZ_TARGETS) fuzz/corpus fuzz/work fuzz/crashes
.PHONY: fuzz fuzz-run fuzz-smoke fuzz-clean
clean-local: fuzz-clean

# The harnesses again, with the ordinary compiler and a main() that replays
# files: the seeds and every input that once crashed (fuzz/regress/NAME/).
check_PROGRAMS += fuzz/replay_mail fuzz/replay_tag fuzz/replay_conf \
	fuzz/replay_tmpl
fuzz_replay_mail_SOURCES = fuzz/fuzz_mail.c fuzz/replay.c
fuzz_replay_mail_LDADD = parser/libparser.a redact/libredact.a \
	common/libcommon.a $(GMIME_LIBS) $(PCRE2_LIBS) $(GLIB_LIBS) \
	$(PTHREAD_LIBS)
fuzz_replay_tag_SOURCES = fuzz/fuzz_tag.c fuzz/replay.c
fuzz_replay_tag_LDADD = ticket/libticket.a common/libcommon.a $(GLIB_LIBS)
fuzz_replay_conf_SOURCES = fuzz/fuzz_conf.c fuzz/replay.c
fuzz_replay_conf_LDADD = common/libcommon.a $(GLIB_LIBS)
fuzz_replay_tmpl_SOURCES = fuzz/fuzz_tmpl.c fuzz/replay.c
fuzz_replay_tmpl_LDADD = notifier/libnotifier.a parser/libparser.a \
	common/libcommon.a $(CURL_LIBS) $(GMIME_LIBS) $(GLIB_LIBS)
TESTS += fuzz/regress.test
EXTRA_DIST += fuzz/run fuzz/seeds fuzz/regress.test fuzz/regress

# Hostile input through the in-process pipeline, bounded in time and memory.
check_PROGRAMS += tests/unit/check_hostile
tests_unit_check_hostile_SOURCES = tests/unit/check_hostile.c
tests_unit_check_hostile_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_hostile_LDADD = ticket/libticket.a \
	parser/libparser.a redact/libredact.a common/libcommon.a \
	$(GMIME_LIBS) $(PCRE2_LIBS) $(CURL_LIBS) $(GLIB_LIBS) $(CHECK_LIBS) \
	$(PTHREAD_LIBS)
TESTS += tests/unit/check_hostile

# Hostile and malicious mail through postdeskctl ingest and PostgreSQL.
TESTS += tests/integration/hostile.test
EXTRA_DIST += tests/integration/hostile.test tests/data/hostile/gen.py
