/* fuzz_conf.c - libFuzzer target: the config parser.
 *
 * The input is a whole postdesk.conf.  A snapshot that loads is dumped
 * again and the dump must load too (what conf_dump() writes is a config
 * file); a failure must say why.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The environment must not override what the input says. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	unsetenv("POSTDESK_DATABASE");
	return 0;
}

/* Loads the input; a loaded snapshot is dumped and loaded again. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *s, *dump = NULL;
	size_t dumplen = 0;
	struct conf *c, *c2;
	FILE *f;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	/* hmac_secret_file is opened: keep it away from devices */
	if (strstr(s, "/dev") != NULL || strstr(s, "/proc") != NULL ||
	    strstr(s, "/sys") != NULL) {
		free(s);
		return 0;
	}
	err[0] = '\0';
	c = conf_load_string(s, "fuzz", err, sizeof(err));
	free(s);
	if (c == NULL) {
		if (err[0] == '\0')
			abort();
		return 0;
	}
	f = open_memstream(&dump, &dumplen);
	if (f == NULL)
		abort();
	conf_dump(c, f);
	fclose(f);
	c2 = conf_load_string(dump, "dump", err, sizeof(err));
	if (c2 == NULL) {
		fprintf(stderr, "dump does not load: %s\n%s", err, dump);
		abort();
	}
	conf_unref(c2);
	conf_unref(c);
	free(dump);
	return 0;
}
