/* fixdb.h: marking fingerprints fixed in errhash's store (docs/store.md). */
#ifndef FIXDB_H
#define FIXDB_H

/*
 * Marks fp fixed at time `when` with note `how` in the store at path, in one
 * transaction; adds the row when the store does not know fp. Returns 0, or
 * -1 after reporting why ("errtodo: PATH: ...").
 */
int fixdb_mark(const char *path, const char *fp, const char *when, const char *how);

/*
 * Resolves a fingerprint prefix against the store: writes the full
 * fingerprint into out and returns 1 when exactly one matches, 0 when none,
 * 2 when several do, -1 on error (reported).
 */
int fixdb_resolve(const char *path, const char *prefix, char out[17]);

#endif
