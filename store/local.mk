# store/ - libpq: tickets, messages, outbox.
noinst_LIBRARIES += store/libstore.a
store_libstore_a_SOURCES = store/store.h store/store.c
store_libstore_a_CPPFLAGS = $(AM_CPPFLAGS) $(PQ_CFLAGS)
