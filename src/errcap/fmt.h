/*
 * fmt: formats as data. Format files (docs/formats.md) and GitHub problem
 * matchers are read into a set of formats, each of which becomes an
 * ec_parser that the driver offers lines like any built-in C parser.
 *
 * A broken file is reported as "errcap: FILE:LINE: what is wrong" on stderr
 * and makes the load functions return -1; nothing of it is kept.
 */
#ifndef EC_FMT_H
#define EC_FMT_H

#include <stddef.h>
#include "parser.h"

typedef struct ec_fmtset ec_fmtset;

ec_fmtset *ec_fmtset_new(void);
void ec_fmtset_free(ec_fmtset *fs);

/*
 * Reads a format file, or every *.fmt file of a directory in byte order of
 * their names. A missing path is an error when required, else ignored.
 * Returns 0, or -1 after reporting what is wrong.
 */
int ec_fmtset_load(ec_fmtset *fs, const char *path, int required);

/*
 * Reads the bundled formats (et_data_dir("formats"): the source tree's
 * share/errtools/formats, or the installed one), then the user's
 * ($XDG_CONFIG_HOME/errtools/formats or ~/.config/errtools/formats).
 */
int ec_fmtset_load_defaults(ec_fmtset *fs);

/* Reads a GitHub Actions problem-matcher JSON file (every problemMatcher). */
int ec_fmtset_load_matchers(ec_fmtset *fs, const char *path);

/*
 * The table of parsers in the order they are offered lines: the built-in C
 * parsers (but those a format replaced or a file disabled), then the
 * formats in load order, then the built-in parsers marked last. Valid until
 * the set is freed. where[i] says where parser i came from ("built-in" or
 * "FILE:LINE").
 */
size_t ec_fmtset_table(ec_fmtset *fs, const ec_parser *const **tab,
		       const char *const **where);

/*
 * The per-run state of a format's parser, for ec_options.create_for; NULL
 * when p is not a format's.
 */
void *ec_fmt_create(const ec_parser *p);

/*
 * Runs the examples of every format of the set (also those a later one
 * replaced), each format alone, and compares the records with the
 * expectations; prints each mismatch and warning (no trigger literal, no
 * example) on stdout, then a summary line. Returns 0 when all hold, 1 on a
 * mismatch.
 */
int ec_fmtset_check(ec_fmtset *fs);

#endif
