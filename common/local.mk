# common/ - config table, logging, allocation, buffers, addresses, digests.
noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_SOURCES = \
	common/xalloc.c common/xalloc.h \
	common/log.c common/log.h \
	common/buf.c common/buf.h \
	common/conf.c common/conf.h \
	common/addr.c common/addr.h \
	common/digest.c common/digest.h \
	common/mime.c common/mime.h
common_libcommon_a_CPPFLAGS = $(AM_CPPFLAGS) $(GLIB_CFLAGS)
