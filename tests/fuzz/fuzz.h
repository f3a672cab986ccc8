/*
 * fuzz.h: what every libFuzzer target of errtools shares.
 *
 * A target is tests/fuzz/fuzz_PROG_WHAT.c: it is linked with src/lib and
 * every file of src/PROG/ but main.c (PROG "lib" = the library alone), and
 * defines LLVMFuzzerTestOneInput. Records and reports a target makes go to
 * /dev/null; run.sh closes the targets' stderr (libFuzzer's -close_fd_mask),
 * so messages about bad input do not drown what libFuzzer prints.
 */
#ifndef ET_FUZZ_H
#define ET_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Aborts (a finding) with a line on stderr when cond fails. */
#define FUZZ_CHECK(cond, what) do { if (!(cond)) fuzz_fail(__FILE__, __LINE__, what); } while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* Sends stdout to /dev/null and sets et_prog. */
void fuzz_quiet(const char *prog);

/*
 * Writes data[0..size) to a private temporary file (the same one for every
 * call of a process) and returns its path, for loaders that read a path.
 */
char *fuzz_file(const uint8_t *data, size_t size);

/*
 * Parses the n JSON texts of samples into recs[0..n), which live as long
 * as the process; aborts on one that does not parse.
 */
void fuzz_records(const char *const *samples, cJSON **recs, size_t n);

#endif
