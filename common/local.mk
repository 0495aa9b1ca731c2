# common/ - config table, logging, allocation, buffers, addresses, digests,
# spill buffers.
noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_SOURCES = \
	common/xalloc.c common/xalloc.h \
	common/log.c common/log.h \
	common/buf.c common/buf.h \
	common/conf.c common/conf.h \
	common/addr.c common/addr.h \
	common/digest.c common/digest.h \
	common/msgbuf.c common/msgbuf.h \
	common/net.c common/net.h \
	common/html.c common/html.h \
	common/sig.c common/sig.h
common_libcommon_a_CPPFLAGS = $(AM_CPPFLAGS) $(GLIB_CFLAGS)

check_PROGRAMS += tests/unit/check_common
tests_unit_check_common_SOURCES = tests/unit/check_common.c
tests_unit_check_common_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_common_LDADD = common/libcommon.a $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_common
