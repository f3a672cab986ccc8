/*
 * errcap_fuzz.h: what errcap's fuzz targets share: every built-in parser
 * and the bundled format files, loaded once per process.
 */
#ifndef ERRCAP_FUZZ_H
#define ERRCAP_FUZZ_H

#include "fuzz.h"
#include "driver.h"
#include "fmt.h"

#include <stdlib.h>

static ec_fmtset *formats;
static const ec_parser *const *table;
static size_t ntable;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errcap");
	formats = ec_fmtset_new();
	if (ec_fmtset_load_defaults(formats) < 0)
		abort();
	ntable = ec_fmtset_table(formats, &table, NULL);
	return 0;
}

/* The options of a plain errcap run over the parsers loaded. */
static ec_options fuzz_errcap_options(void)
{
	return (ec_options){ .context = 3, .parsers = table, .nparsers = ntable,
			     .create_for = ec_fmt_create };
}

#endif
