/*
 * core_read: errcap's input loop: runs of whole lines from et_line handed to
 * ec_feed_buf, so that the prefilter scans many lines at once.
 *
 * Lines longer than CORE_MAX_LINE are cut (their head is parsed, the rest
 * skipped). When the input is a pipe or terminal and no data is waiting,
 * stdout is flushed; if a block is open or records wait for their lines
 * after (-A), errcap waits CORE_PAUSE_MS (core_run.h) for more and otherwise
 * completes the block and writes the records, so `tail -f log | errcap` is
 * live.
 */
#ifndef CORE_READ_H
#define CORE_READ_H

#include "driver.h"
#include "et_line.h"

/*
 * Reads lr to its end, feeding ctx (input already begun). Returns 0, or -1
 * on a read error (errno set).
 */
int core_read(ec_ctx *ctx, et_lines *lr);

#endif
