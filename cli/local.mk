# cli/ - postdeskctl, the console for agents and admins.
bin_PROGRAMS += postdeskctl
postdeskctl_SOURCES = cli/cli.h cli/main.c
postdeskctl_LDADD = $(PD_LDADD)
