# store/ - libpq: tickets, messages, outbox.
noinst_LIBRARIES += store/libstore.a
store_libstore_a_SOURCES = store/store.h store/store_int.h \
	store/conn.c store/pool.c store/sql.c store/schema.c \
	store/ticket.c store/message.c store/outbox.c store/read.c \
	store/contact.c store/report.c store/lob.c store/arr.c store/group.c \
	store/defer.c store/row.c store/telegram.c
store_libstore_a_CPPFLAGS = $(AM_CPPFLAGS) $(PQ_CFLAGS)

check_PROGRAMS += tests/unit/check_store tests/unit/check_store_group
tests_unit_check_store_SOURCES = tests/unit/check_store.c \
	tests/unit/store_db.c tests/unit/store_db.h
tests_unit_check_store_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	$(PQ_CFLAGS)
tests_unit_check_store_LDADD = store/libstore.a ticket/libticket.a \
	common/libcommon.a \
	$(PQ_LIBS) $(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS)
tests_unit_check_store_group_SOURCES = tests/unit/check_store_group.c \
	tests/unit/store_db.c tests/unit/store_db.h
tests_unit_check_store_group_CPPFLAGS = $(tests_unit_check_store_CPPFLAGS)
tests_unit_check_store_group_LDADD = $(tests_unit_check_store_LDADD)
check_PROGRAMS += tests/unit/check_store_outbox
tests_unit_check_store_outbox_SOURCES = tests/unit/check_store_outbox.c \
	tests/unit/store_db.c tests/unit/store_db.h
tests_unit_check_store_outbox_CPPFLAGS = $(tests_unit_check_store_CPPFLAGS)
tests_unit_check_store_outbox_LDADD = $(tests_unit_check_store_LDADD)
TESTS += tests/integration/store.test
EXTRA_DIST += tests/integration/store.test

# Several processes and threads on one database (needs intake/).
check_PROGRAMS += tests/integration/store_stress
tests_integration_store_stress_SOURCES = tests/integration/store_stress.c
tests_integration_store_stress_LDADD = $(PD_LDADD)
TESTS += tests/integration/store-concurrency.test
EXTRA_DIST += tests/integration/store-concurrency.test

# A hot standby refusing writes, and promoted: reconnection (needs a
# primary and its standby).
check_PROGRAMS += tests/unit/check_store_failover
tests_unit_check_store_failover_SOURCES = tests/unit/check_store_failover.c \
	tests/unit/store_db.c tests/unit/store_db.h
tests_unit_check_store_failover_CPPFLAGS = $(tests_unit_check_store_CPPFLAGS)
tests_unit_check_store_failover_LDADD = $(tests_unit_check_store_LDADD)
TESTS += tests/integration/store-failover.test
EXTRA_DIST += tests/integration/store-failover.test
