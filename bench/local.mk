# bench/ - benchmarks against a baseline measured in the same run
# (bench/run).  The programs are built by "make" but not installed.
noinst_PROGRAMS += bench/milter-empty bench/parse-bench
bench_milter_empty_SOURCES = bench/milter-empty.c
bench_milter_empty_CPPFLAGS = $(AM_CPPFLAGS) $(MILTER_CFLAGS) $(PQ_CFLAGS)
bench_milter_empty_LDADD = notifier/libnotifier.a common/libcommon.a \
	$(MILTER_LIBS) $(CURL_LIBS) $(PQ_LIBS) $(PTHREAD_LIBS)

bench_parse_bench_SOURCES = bench/parse-bench.c
bench_parse_bench_LDADD = parser/libparser.a redact/libredact.a \
	ticket/libticket.a common/libcommon.a $(GMIME_LIBS) $(GLIB_LIBS) \
	$(PCRE2_LIBS) $(PTHREAD_LIBS)

EXTRA_DIST += bench/run bench/latency.py bench/hold.py bench/mkmbox.py \
	bench/relay-mem

# The redaction quality on a generated corpus (bench/redact-quality).
noinst_PROGRAMS += bench/redact-measure
bench_redact_measure_SOURCES = bench/redact-measure.c
bench_redact_measure_LDADD = parser/libparser.a redact/libredact.a \
	common/libcommon.a $(GMIME_LIBS) $(GLIB_LIBS) $(PCRE2_LIBS) \
	$(PTHREAD_LIBS)
EXTRA_DIST += bench/redact-quality tests/data/redact-corpus

# What the outbox writes to the WAL per mail (bench/outbox-wal).
noinst_PROGRAMS += bench/outbox-cycle
bench_outbox_cycle_SOURCES = bench/outbox-cycle.c
bench_outbox_cycle_LDADD = store/libstore.a ticket/libticket.a \
	common/libcommon.a $(PQ_LIBS) $(GLIB_LIBS) $(PTHREAD_LIBS)
EXTRA_DIST += bench/outbox-wal

# What making one confirmation costs (bench/confirm-cost, for callgrind).
noinst_PROGRAMS += bench/confirm-cost
bench_confirm_cost_SOURCES = bench/confirm-cost.c
bench_confirm_cost_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
bench_confirm_cost_LDADD = $(PD_LDADD)
