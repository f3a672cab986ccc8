/*
 * driver.h: errcap's engine: feeds lines of one input to the parsers and
 * writes the records they emit (see parser.h for the parsers' side).
 */
#ifndef EC_DRIVER_H
#define EC_DRIVER_H

#include <stddef.h>
#include "parser.h"

typedef struct {
	size_t context;          /* -B N: ordinary lines kept before a block */
	const char *session;     /* stamped on records, or NULL */
	unsigned char *enabled;  /* ec_nparsers flags; NULL = all */
} ec_options;

/* Counters over the whole run. */
typedef struct {
	unsigned long long lines, records, errors, warnings;
} ec_counts;

ec_ctx *ec_ctx_new(const ec_options *opt);
void ec_ctx_free(ec_ctx *ctx);

/* Starts a new input, shown in records as NAME ("-" for stdin). */
void ec_begin_input(ec_ctx *ctx, const char *name);

/*
 * Feeds one raw line (no '\n'); the driver may modify the bytes (escape
 * removal). line[len] must be a writable NUL.
 */
void ec_feed(ec_ctx *ctx, char *line, size_t len, size_t lineno);

/* Completes any open block (end of input, or input paused). */
void ec_flush(ec_ctx *ctx);

/* Is a block open? */
int ec_block_open(const ec_ctx *ctx);

const ec_counts *ec_get_counts(const ec_ctx *ctx);

#endif
