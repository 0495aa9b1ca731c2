# cli/ - postdeskctl, the console for agents and admins.
bin_PROGRAMS += postdeskctl
postdeskctl_SOURCES = cli/cli.h cli/main.c cli/emit.c cli/table.c \
	cli/cmd_admin.c cli/cmd_ingest.c cli/cmd_show.c cli/cmd_ticket.c \
	cli/cmd_reply.c cli/cmd_stats.c cli/cmd_agents.c
postdeskctl_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(GLIB_CFLAGS)
postdeskctl_LDADD = $(PD_LDADD)
TESTS += tests/integration/cli.test tests/integration/cli-import.test
EXTRA_DIST += tests/integration/cli.test tests/integration/cli-import.test

# postdeskctl's JSON, from rows made by hand.
check_PROGRAMS += tests/unit/check_cli
tests_unit_check_cli_SOURCES = tests/unit/check_cli.c cli/emit.c
tests_unit_check_cli_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	$(JANSSON_CFLAGS)
tests_unit_check_cli_LDADD = $(PD_LDADD) $(CHECK_LIBS)
TESTS += tests/unit/check_cli
