# ticket/ - pure decisions, no I/O.
noinst_LIBRARIES += ticket/libticket.a
ticket_libticket_a_SOURCES = ticket/ticket.h ticket/ticket_int.h \
	ticket/names.c ticket/util.c ticket/tag.c ticket/status.c \
	ticket/priority.c ticket/autoclass.c ticket/msgid.c ticket/agent.c \
	ticket/command.c ticket/extract.c ticket/subject.c \
	ticket/issue.c ticket/details.c ticket/lang.c \
	ticket/detail.c ticket/merge.c ticket/chat.h ticket/chat.c

check_PROGRAMS += tests/unit/check_ticket
tests_unit_check_ticket_SOURCES = tests/unit/check_ticket.c
tests_unit_check_ticket_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ticket_LDADD = ticket/libticket.a common/libcommon.a \
	$(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_ticket

check_PROGRAMS += tests/unit/check_ticket_mail
tests_unit_check_ticket_mail_SOURCES = tests/unit/check_ticket_mail.c
tests_unit_check_ticket_mail_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ticket_mail_LDADD = ticket/libticket.a common/libcommon.a \
	$(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_ticket_mail

check_PROGRAMS += tests/unit/check_ticket_text
tests_unit_check_ticket_text_SOURCES = tests/unit/check_ticket_text.c
tests_unit_check_ticket_text_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ticket_text_LDADD = ticket/libticket.a common/libcommon.a \
	$(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_ticket_text

TESTS += ticket/noio.test
EXTRA_DIST += ticket/noio.test

check_PROGRAMS += tests/unit/check_ticket_detail
tests_unit_check_ticket_detail_SOURCES = tests/unit/check_ticket_detail.c
tests_unit_check_ticket_detail_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ticket_detail_LDADD = ticket/libticket.a \
	common/libcommon.a $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_ticket_detail
check_PROGRAMS += tests/unit/check_ticket_customer
tests_unit_check_ticket_customer_SOURCES = tests/unit/check_ticket_customer.c
tests_unit_check_ticket_customer_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ticket_customer_LDADD = ticket/libticket.a \
	common/libcommon.a $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_ticket_customer

check_PROGRAMS += tests/unit/check_ticket_chat
tests_unit_check_ticket_chat_SOURCES = tests/unit/check_ticket_chat.c
tests_unit_check_ticket_chat_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ticket_chat_LDADD = ticket/libticket.a \
	common/libcommon.a $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_ticket_chat

check_PROGRAMS += tests/unit/check_ticket_scan
tests_unit_check_ticket_scan_SOURCES = tests/unit/check_ticket_scan.c
tests_unit_check_ticket_scan_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ticket_scan_LDADD = ticket/libticket.a \
	common/libcommon.a $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/check_ticket_scan
