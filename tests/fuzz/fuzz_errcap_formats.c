/*
 * fuzz_errcap_formats: any bytes as a format file: loading must either
 * accept it or report it, and an accepted file's examples must run
 * (through the driver, as --check-formats does) without a crash.
 */
#include "fuzz.h"
#include "fmt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errcap");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_fmtset *fs = ec_fmtset_new();
	if (ec_fmtset_load(fs, fuzz_file(data, size), 1) == 0)
		ec_fmtset_check(fs);
	ec_fmtset_free(fs);
	return 0;
}
