#include "config.h"
#include <stdio.h>
#include <sysexits.h>
#include "cli/cli.h"


int cmd_close_stale(struct cli *c, int a, char **v) { (void)c; (void)a; (void)v; return EX_UNAVAILABLE; }
int cmd_stats(struct cli *c, int a, char **v) { (void)c; (void)a; (void)v; return EX_UNAVAILABLE; }
int cmd_outbox(struct cli *c, int a, char **v) { (void)c; (void)a; (void)v; return EX_UNAVAILABLE; }
