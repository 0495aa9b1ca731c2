# parser/ - GMime: raw bytes into struct mail.
noinst_LIBRARIES += parser/libparser.a
parser_libparser_a_SOURCES = parser/parser.h parser/priv.h parser/parser.c \
	parser/fields.c parser/walk.c parser/html.c parser/quote.c \
	parser/guard.c parser/rewrite.c parser/fdstream.c parser/compose.c
parser_libparser_a_CPPFLAGS = $(AM_CPPFLAGS) $(GMIME_CFLAGS)

check_PROGRAMS += tests/unit/check_parser
tests_unit_check_parser_SOURCES = tests/unit/check_parser.c
tests_unit_check_parser_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_parser_LDADD = parser/libparser.a common/libcommon.a \
	$(GMIME_LIBS) $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_parser
EXTRA_DIST += tests/data/parser

check_PROGRAMS += tests/unit/check_compose
tests_unit_check_compose_SOURCES = tests/unit/check_compose.c
tests_unit_check_compose_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	-DDATA_DIR='"$(abs_top_srcdir)/tests/data/parser"'
tests_unit_check_compose_LDADD = parser/libparser.a common/libcommon.a \
	$(GMIME_LIBS) $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_compose
