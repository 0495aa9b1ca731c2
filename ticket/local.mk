# ticket/ - pure decisions, no I/O.
noinst_LIBRARIES += ticket/libticket.a
ticket_libticket_a_SOURCES = ticket/ticket.h ticket/tag.c
