# parser/ - GMime: raw bytes into struct mail.
noinst_LIBRARIES += parser/libparser.a
parser_libparser_a_SOURCES = parser/parser.h parser/parser.c
parser_libparser_a_CPPFLAGS = $(AM_CPPFLAGS) $(GMIME_CFLAGS)
