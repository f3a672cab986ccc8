/*
 * core_chunk: errcap --chunk K/N: one of N byte ranges of a regular file,
 * so that N runs, one per range, together write exactly the records of one
 * run over the whole file, in the same order (GNU parallel -k).
 *
 * A line belongs to the range its first byte is in; a record belongs to the
 * range of its first line (input.line), which is still the line number in
 * the whole file. The reader starts CORE_CHUNK_BACK bytes or EC_STATE_LINES
 * lines before the range (at a line start), whichever is earlier, so that
 * a block that began shortly before is seen whole and then dropped, and
 * the state parsers keep (parser.h) is rebuilt, and reads on past the
 * range until the blocks begun in it are complete. make's directory stack
 * is rebuilt from all the lines before; other parser state older than that
 * window (a parallel job's own context lines and directories) is not
 * carried over.
 */
#ifndef CORE_CHUNK_H
#define CORE_CHUNK_H

#include "driver.h"

#define CORE_CHUNK_BACK (256u << 10)

/* Parses "K/N" (1 <= K <= N). Returns 0, or -1 when spec is not that. */
int core_chunk_parse(const char *spec, unsigned long *k, unsigned long *n);

/*
 * Reads range k of n of the file name (input already begun on ctx) and
 * writes the records that belong to it. Returns how many were written, or
 * -1 on trouble (a warning given; errno set).
 */
long core_chunk_read(ec_ctx *ctx, const char *name, unsigned long k, unsigned long n);

#endif
