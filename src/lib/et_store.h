/*
 * et_store: errtools' history store (docs/store.md): which fingerprints
 * were seen, when, how often, in how many runs, which are fixed. One
 * interface over an SQLite file or a PostgreSQL database (et_db), with the
 * same schema, the same statements and the same answers on both.
 *
 * Every write is one transaction that excludes other writers, so writers at
 * once lose nothing and a writer killed mid-way leaves the store as it was;
 * a transaction the server aborts (serialization failure, deadlock) is run
 * again. Messages are "prog: NAME: reason", one line, NAME without password.
 */
#ifndef ET_STORE_H
#define ET_STORE_H

#include <stddef.h>
#include "et_db.h"

#define ET_STORE_VERSION 2      /* the schema version this build writes */

/* et_store_open flags */
#define ET_STORE_READONLY 1     /* write nothing; a missing store is an empty one */
#define ET_STORE_EXISTING 2     /* an SQLite file must exist already */

/* Statuses of a fingerprint. */
enum { ET_STORE_NEW, ET_STORE_RECURRING, ET_STORE_REGRESSED };
/* "new", "recurring", "regressed" */
const char *et_store_status_name(int status);

typedef struct et_store et_store;

/*
 * Opens NAME (a file, or a PostgreSQL URI / key=value string; see
 * et_db_kind_of). A writer creates the schema or migrates an older one to
 * ET_STORE_VERSION. Returns NULL after reporting why (a store of a newer
 * version included).
 */
et_store *et_store_open(const char *name, int flags);
void et_store_close(et_store *st);

/* The connection, for reading queries (errstat). */
et_db *et_store_db(et_store *st);
/* NAME as messages show it. */
const char *et_store_name(const et_store *st);
/* The schema version; 0 for an empty store opened read-only. */
int et_store_version(const et_store *st);

/* The status fp (16 hex digits) would get now. Returns it, or -1 after reporting why. */
int et_store_status(et_store *st, const char *fp);

/* One fingerprint as a run saw it. */
typedef struct {
	char fingerprint[17];
	char first_seen[32], last_seen[32];     /* RFC 3339, of this run */
	unsigned long long count;
	const char *record;     /* the representative record, a JSON object */
	size_t recordlen;
	int status;             /* out: what the store made of it */
} et_store_entry;

/* Occurrences of one fingerprint on one UTC day ("2026-11-21"). */
typedef struct {
	const char *fingerprint;
	char day[16];
	unsigned long long count;
} et_store_day;

/*
 * Records one run: adds the entries (upserting errors; a fixed one comes
 * back regressed, at its first_seen of this run), their days and a runs
 * row (started, records, distinct). The record's level, type, message,
 * file, line, format, category and severity are kept; a later run's
 * category and severity replace older ones. Sets each entry's status.
 * Returns 0, or -1 after reporting why (the store is then unchanged).
 */
int et_store_commit(et_store *st, et_store_entry *e, size_t n, const et_store_day *d, size_t nd,
		    const char *started, unsigned long long records);

/* Marks fp fixed at `when` with note, adding the row when the store does not know fp. */
int et_store_mark_fixed(et_store *st, const char *fp, const char *when, const char *note);

/*
 * The fingerprint starting with prefix: writes it into out and returns 1
 * when exactly one matches, 0 when none, 2 when several, -1 on error.
 */
int et_store_resolve(et_store *st, const char *prefix, char out[17]);

/* Deletes errors last seen before cut (RFC 3339) and daily rows before cutday. */
int et_store_prune(et_store *st, const char *cut, const char *cutday);

#endif
