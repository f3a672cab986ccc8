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
	size_t after;            /* -A N: ordinary lines kept after a block (context_after) */
	const char *session;     /* stamped on records, or NULL */
	/* the parsers, in the order lines are offered; NULL: ec_parsers */
	const ec_parser *const *parsers;
	size_t nparsers;
	unsigned char *enabled;  /* nparsers flags; NULL = all */
	/* when set: the state of parsers made at run time (NULL for others) */
	void *(*create_for)(const ec_parser *p);
	/* when set, records go here (the sink owns them) instead of stdout */
	void (*sink)(void *arg, cJSON *rec);
	void *sink_arg;
	int no_prefixes;         /* keep CI/job line prefixes (core_prefix.h) */
	int dry;                 /* count records, write none (--explain-line) */
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
 * removal). line[len] must be a writable NUL. Escape codes and '\r'
 * redraws are removed, then CI/job prefixes (core_prefix.h) unless
 * no_prefixes; parsers, `text` and `context` see the line without them.
 */
void ec_feed(ec_ctx *ctx, char *line, size_t len, size_t lineno);

/*
 * Feeds buf[0..n): whole lines, each ending in '\n' (a '\r' before it is
 * dropped), numbered from *lineno + 1 (*lineno is advanced). Lines longer
 * than max bytes (0: no limit) are cut. Same result as ec_feed per line,
 * but lines no parser has a trigger in are skipped over in bulk while no
 * block is open (core_scan_find). The bytes may be modified.
 */
void ec_feed_buf(ec_ctx *ctx, char *buf, size_t n, size_t *lineno, size_t max);

/*
 * Takes a raw line (no '\n'; its bytes may be modified) that is not fed,
 * for the state that outlives blocks only (make's directory stack of the
 * main context), as if it had been fed: for a reader that skips input.
 */
void ec_feed_state(ec_ctx *ctx, char *line, size_t len);

/* Completes any open block (end of input, or input paused). */
void ec_flush(ec_ctx *ctx);

/*
 * Is a block open, or do records wait for their lines after (-A)? Then
 * ec_flush on a pause of the input sends them out.
 */
int ec_block_open(const ec_ctx *ctx);

/*
 * How many lines before a block's first trigger line a parser can still
 * take into it (ec_claim_back) or show as its context.
 */
size_t ec_lookback(const ec_ctx *ctx);

const ec_counts *ec_get_counts(const ec_ctx *ctx);

/*
 * From now on ctx's records go to fn(arg, rec), which owns rec, instead of
 * standard output, and are not counted (for parsing text found inside a
 * document, as errcap's JUnit reader does).
 */
void ec_set_sink(ec_ctx *ctx, void (*fn)(void *arg, cJSON *rec), void *arg);

#endif
