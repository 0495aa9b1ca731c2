# redact/ - PCRE2: secrets out of text.
noinst_LIBRARIES += redact/libredact.a
redact_libredact_a_SOURCES = redact/redact.h redact/redact.c
redact_libredact_a_CPPFLAGS = $(AM_CPPFLAGS) $(PCRE2_CFLAGS)
