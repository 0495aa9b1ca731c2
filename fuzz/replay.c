/* replay.c - a main() for the fuzz harnesses without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on each file named on the command line
 * (a directory stands for the files in it), so make check can replay the
 * seeds and the inputs that once crashed with the ordinary compiler.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"

int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Runs the harness on one file; -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)(b.b_data != NULL ?
	    b.b_data : ""), b.b_len);
	buf_free(&b);
	return 0;
}

/* Runs the harness on a file or on every file in a directory; returns
 * how many inputs it ran, or -1. */
static int
replay_path(const char *path)
{
	char sub[4096];
	struct dirent *de;
	struct stat st;
	int n = 0;
	DIR *d;

	if (stat(path, &st) == -1) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) == 0 ? 1 : -1;
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (replay_file(sub) == -1) {
			closedir(d);
			return -1;
		}
		n++;
	}
	closedir(d);
	return n;
}

/* Replays each argument; exit 1 when one cannot be read. */
int
main(int argc, char **argv)
{
	int i, n, total = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if ((n = replay_path(argv[i])) < 0)
			return 1;
		total += n;
	}
	printf("%d inputs replayed\n", total);
	return 0;
}
