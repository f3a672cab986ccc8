/*
 * core_run: errcap's wrapper mode, `errcap [OPTION]... -- COMMAND [ARG]...`.
 *
 * Runs COMMAND (fork + execvp, no shell) with its stdout and stderr on two
 * pipes, copies every byte of both, as it arrives, to errcap's stderr,
 * feeds each stream's complete lines to the driver (one context: blocks
 * form from the two streams' lines in the order they arrive), and at the
 * end writes the run record (docs/schema.md). While the command runs,
 * errcap ignores SIGINT and SIGQUIT (the command gets them from the
 * terminal and errcap reports how it ended).
 */
#ifndef CORE_RUN_H
#define CORE_RUN_H

#include "driver.h"

/* Milliseconds of silence after which an open block is completed. */
#define CORE_PAUSE_MS 200
/* Longer lines are cut (their head is parsed). */
#define CORE_MAX_LINE (1u << 20)

/*
 * Runs argv[0] with argv; returns the exit status errcap should give: the
 * command's own, 128+N when signal N ended it, 127 when it could not be
 * found, 126 when it could not be run.
 */
int core_run(ec_ctx *ctx, char **argv, const char *session);

#endif
