/* cmd_admin.c - postdeskctl migrate and config-check.
 *
 * migrate creates or upgrades the schema (idempotent) and prints the
 * version; config-check runs the check of postdesk -n (confcheck/), with
 * --connect the database too.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "confcheck/confcheck.h"

/* Accepts only --help; returns -1 to go on, else an exit status. */
static int
no_args(const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return ch == 'h' ? cli_help(cmd) : cli_usage(cmd);
	if (optind != argc)
		return cli_usage(cmd);
	return -1;
}

/* postdeskctl migrate */
int
cmd_migrate(struct cli *cli, int argc, char **argv)
{
	enum store_status st;
	int rc, version = 0;

	if ((rc = no_args("migrate", argc, argv)) >= 0)
		return rc;
	if ((rc = cli_store(cli)) != 0)
		return rc;
	if ((st = store_migrate(cli->c_store, &version)) != STORE_ONE)
		return cli_store_fail(cli, st, 0);
	printf("schema at version %d\n", version);
	return 0;
}

/* postdeskctl config-check [--connect] (the config is loaded here, so
 * that every problem of it is reported, not the first) */
int
cmd_config_check(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "connect", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct confcheck cc;
	int ch, flags = 0, rc;

	while ((ch = getopt_long(argc, argv, "Ch", opts, NULL)) != -1)
		switch (ch) {
		case 'C': flags |= CONFCHECK_CONNECT; break;
		case 'h': return cli_help("config-check");
		default: return cli_usage("config-check");
		}
	if (optind != argc)
		return cli_usage("config-check");
	confcheck_init(&cc);
	confcheck_file(&cc, cli->c_conf_path, flags);
	confcheck_print(&cc, "postdeskctl", stderr, stdout);
	rc = confcheck_status(&cc);
	confcheck_free(&cc);
	return rc;
}
