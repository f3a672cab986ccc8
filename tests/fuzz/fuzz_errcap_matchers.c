/*
 * fuzz_errcap_matchers: any bytes as a GitHub problem-matcher JSON file:
 * loading must either accept it or report it, and the matchers of an
 * accepted file must run over sample lines (their own patterns' shapes,
 * loops included) through the driver without a crash.
 */
#include "fuzz.h"
#include "driver.h"
#include "fmt.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errcap");
	return 0;
}

static const char *const sample[] = {
	"a.yaml", "  1:1  warning  missing document start \"---\"  (document-start)",
	"src/a.c:3:5: error: bad thing [-Wx]", "x.c(3): oops one", "Error: x", "plain line", "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_fmtset *fs = ec_fmtset_new();
	const ec_parser *const *table;
	if (ec_fmtset_load_matchers(fs, fuzz_file(data, size)) == 0) {
		ec_options opt = { .context = 3, .create_for = ec_fmt_create };
		opt.nparsers = ec_fmtset_table(fs, &table, NULL);
		opt.parsers = table;
		ec_ctx *ctx = ec_ctx_new(&opt);
		char line[256];
		ec_begin_input(ctx, "fuzz");
		for (size_t i = 0; i < sizeof sample / sizeof *sample; i++) {
			size_t n = strlen(sample[i]);
			memcpy(line, sample[i], n + 1);
			ec_feed(ctx, line, n, i + 1);
		}
		ec_flush(ctx);
		ec_ctx_free(ctx);
	}
	ec_fmtset_free(fs);
	return 0;
}
