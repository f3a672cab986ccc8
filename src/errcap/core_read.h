/*
 * core_read: errcap's input loop for a file or stdin: big reads, whole
 * lines handed to ec_feed_buf, the rest kept for the next read.
 *
 * Lines longer than CORE_MAX_LINE are cut (their head is parsed, the rest
 * skipped). When the input is a pipe or terminal and no data is waiting,
 * stdout is flushed; if a block is open, errcap waits CORE_PAUSE_MS for
 * more and otherwise completes the block, so `tail -f log | errcap` is live.
 */
#ifndef CORE_READ_H
#define CORE_READ_H

#include "driver.h"

/*
 * Reads fd to its end, feeding ctx (input NAME already begun). With tee >= 0,
 * every byte read is also written to that descriptor. Returns 0, or -1 on a
 * read error (errno set).
 */
int core_read(ec_ctx *ctx, int fd, int tee);

#endif
