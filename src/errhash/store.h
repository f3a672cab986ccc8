/*
 * store: the history store of --db (docs/store.md, store version 1), an
 * SQLite database in WAL mode shared with errtodo and errstat. Every write
 * is one transaction (BEGIN IMMEDIATE) so that concurrent writers lose no
 * counts and a killed writer leaves the store as it was.
 */
#ifndef EH_STORE_H
#define EH_STORE_H

#include <stdint.h>
#include "groups.h"

typedef struct eh_store eh_store;

/* Opens (creating) PATH. Dies with "errhash: PATH: why" on failure. */
eh_store *eh_store_open(const char *path);
void eh_store_close(eh_store *st);

/*
 * What status fp would get now, without writing: "new", "recurring" or
 * "regressed" (for --stream and --all, which print before the end).
 */
const char *eh_store_peek(eh_store *st, uint64_t fp);

/*
 * Adds this run's groups in one transaction: upserts errors and daily,
 * inserts the runs row, sets each group's status. started is when the run
 * began, records how many occurrences it read. Returns 0, or -1 after
 * reporting why (the store is then unchanged).
 */
int eh_store_commit(eh_store *st, eh_groups *g, double started, uint64_t records);

/* Deletes errors and daily rows last seen more than days days ago. */
int eh_store_prune(eh_store *st, double days);

#endif
