/* fuzz_common.c: the helpers of fuzz.h. */
#include "fuzz.h"
#include "et_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void fuzz_quiet(const char *prog)
{
	et_cli_init(prog);
	if (!freopen("/dev/null", "w", stdout))
		abort();
}

void fuzz_records(const char *const *samples, cJSON **recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(recs[i] = cJSON_Parse(samples[i])))
			abort();
}

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
	abort();
}

static char tmp_path[64];

static void drop_tmp(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
}

char *fuzz_file(const uint8_t *data, size_t size)
{
	if (!tmp_path[0]) {
		snprintf(tmp_path, sizeof tmp_path, "/tmp/etfuzz-XXXXXX");
		int fd = mkstemp(tmp_path);
		if (fd < 0)
			abort();
		close(fd);
		atexit(drop_tmp);
	}
	FILE *f = fopen(tmp_path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
		abort();
	return tmp_path;
}
