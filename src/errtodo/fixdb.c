/* fixdb.c: errtodo's writes to errhash's SQLite store. */
#include "fixdb.h"
#include "et_cli.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static sqlite3 *open_store(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		et_warn("%s: cannot open store: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 30000);
	return db;
}

int fixdb_mark(const char *path, const char *fp, const char *when, const char *how)
{
	sqlite3 *db = open_store(path);
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (!db)
		return -1;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, "UPDATE errors SET fixed_at = ?1, fix_note = ?2 "
			       "WHERE fingerprint = ?3", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, when, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, how, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fp, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_changes(db) == 0) {
		if (sqlite3_prepare_v2(db, "INSERT INTO errors (fingerprint, first_seen, last_seen, "
				       "count, runs, fixed_at, fix_note) VALUES (?1, ?2, ?2, 0, 0, ?2, ?3)",
				       -1, &st, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, when, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, how, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_finalize(st);
		st = NULL;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	rc = 0;
	goto out;
fail:
	et_warn("%s: %s", path, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	st = NULL;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

int fixdb_resolve(const char *path, const char *prefix, char out[17])
{
	sqlite3 *db = open_store(path);
	sqlite3_stmt *st = NULL;
	int found = 0;
	char pat[40];
	if (!db)
		return -1;
	snprintf(pat, sizeof pat, "%.16s%%", prefix);
	if (sqlite3_prepare_v2(db, "SELECT fingerprint FROM errors WHERE fingerprint LIKE ?1 LIMIT 2",
			       -1, &st, NULL) != SQLITE_OK) {
		et_warn("%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_bind_text(st, 1, pat, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		if (found++ == 0 && t)
			snprintf(out, 17, "%s", (const char *)t);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return found > 1 ? 2 : found;
}
