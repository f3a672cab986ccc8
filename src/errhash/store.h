/*
 * store: errhash's side of the history store of --db (et_store.h,
 * docs/store.md): statuses for this run's groups, and the run recorded.
 */
#ifndef EH_STORE_H
#define EH_STORE_H

#include <stdint.h>
#include "groups.h"

typedef struct eh_store eh_store;

/*
 * Opens (creating) NAME, an SQLite file or a PostgreSQL connection string.
 * read_only: statuses only, nothing recorded. Dies with "errhash: NAME: why"
 * (exit 2) on failure.
 */
eh_store *eh_store_open(const char *name, int read_only);
void eh_store_close(eh_store *st);

/*
 * What status fp would get now, without writing: "new", "recurring" or
 * "regressed" (for --stream and --all, which print before the end).
 */
const char *eh_store_peek(eh_store *st, uint64_t fp);

/*
 * Adds this run's groups in one transaction (read-only: gives them their
 * statuses only): upserts errors and daily, inserts the runs row, sets each
 * group's status. The run is stamped with its records' earliest time, or
 * `now` when it has none. records is how many occurrences it read. Returns
 * 0, or -1 after reporting why (the store is then unchanged).
 */
int eh_store_commit(eh_store *st, eh_groups *g, double now, uint64_t records);

/* Deletes errors and daily rows last seen more than days days before now. */
int eh_store_prune(eh_store *st, double now, double days);

#endif
