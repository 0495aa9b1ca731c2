/* cmd_admin.c - postdeskctl migrate and config-check.
 *
 * migrate creates or upgrades the schema (idempotent) and prints the
 * version; config-check loads the config as the milter would (postdesk
 * -n), compiles the redaction rules and prints "configuration OK".
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "redact/redact.h"

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

/* postdeskctl config-check (the config itself was loaded by main) */
int
cmd_config_check(struct cli *cli, int argc, char **argv)
{
	struct redactor *r;
	char err[512];
	int rc;

	if ((rc = no_args("config-check", argc, argv)) >= 0)
		return rc;
	r = redactor_new((const char *const *)cli->c_conf->cf_redact_rules.sl_v,
	    cli->c_conf->cf_redact_rules.sl_n, err, sizeof(err));
	if (r == NULL) {
		fprintf(stderr, "postdeskctl: %s: %s\n", cli->c_conf_path != NULL ?
		    cli->c_conf_path : "(defaults)", err);
		return EX_CONFIG;
	}
	redactor_free(r);
	if (cli->c_conf->cf_support_addresses.sl_n == 0)
		fprintf(stderr, "postdeskctl: warning: support_addresses is "
		    "empty: every mail passes untouched\n");
	printf("configuration OK\n");
	return 0;
}
