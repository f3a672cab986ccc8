/* et_db over SQLite: a file in WAL mode; writers wait for one another. */
#include "et_db_impl.h"
#include "et_buf.h"
#include "et_cli.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BUSY_MS 120000          /* how long a writer waits for another */

static sqlite3 *conn(et_db *db) { return db->conn; }

static int fail(et_db *db)
{
	et_db_set_error(db, 0, sqlite3_errmsg(conn(db)));
	return -1;
}

static void *sq_open(const char *name, int flags, char *err, size_t errsz)
{
	sqlite3 *s = NULL;
	struct stat sb;
	int ro = flags & ET_DB_READONLY;
	if (ro && stat(name, &sb) != 0) {
		snprintf(err, errsz, "no such store");
		return NULL;
	}
	if (sqlite3_open_v2(name, &s, ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		snprintf(err, errsz, "%s", s ? sqlite3_errmsg(s) : "cannot open");
		sqlite3_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s, BUSY_MS);
	if (!ro && (sqlite3_exec(s, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK)) {
		snprintf(err, errsz, "%s", sqlite3_errmsg(s));
		sqlite3_close(s);
		return NULL;
	}
	return s;
}

static void sq_close(void *c) { sqlite3_close(c); }

static int sq_exec(et_db *db, const char *sql)
{
	char *e = NULL;
	if (sqlite3_exec(conn(db), sql, NULL, NULL, &e) != SQLITE_OK) {
		et_db_set_error(db, 0, e ? e : sqlite3_errmsg(conn(db)));
		sqlite3_free(e);
		return -1;
	}
	return 0;
}

static int sq_begin(et_db *db, int write)
{
	return sq_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int sq_has_table(et_db *db, const char *name)
{
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(conn(db), "SELECT 1 FROM sqlite_master WHERE name = ?1", -1, &s, NULL) !=
	    SQLITE_OK)
		return fail(db);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(db);
	return rc == SQLITE_ROW;
}

static int sq_temp_table(et_db *db, const char *name, const char *cols)
{
	et_buf b = ET_BUF_INIT;
	int rc;
	et_buf_addf(&b, "CREATE TEMP TABLE IF NOT EXISTS %s (%s); DELETE FROM temp.%s;", name, cols, name);
	rc = sq_exec(db, b.buf);
	et_buf_release(&b);
	return rc;
}

static int sq_load_begin(et_db *db, const char *table, int ncols)
{
	et_buf b = ET_BUF_INIT;
	sqlite3_stmt *s = NULL;
	et_buf_addf(&b, "INSERT INTO %s VALUES (", table);
	for (int i = 1; i <= ncols; i++)
		et_buf_addf(&b, "%s?%d", i > 1 ? ", " : "", i);
	et_buf_addch(&b, ')');
	if (sqlite3_prepare_v2(conn(db), b.buf, -1, &s, NULL) != SQLITE_OK) {
		et_buf_release(&b);
		return fail(db);
	}
	et_buf_release(&b);
	db->load = s;
	db->loading = ncols;
	return 0;
}

static int sq_load_row(et_db *db, const char *const *vals, const size_t *lens)
{
	sqlite3_stmt *s = db->load;
	int rc;
	for (int i = 0; i < db->loading; i++) {
		if (!vals[i])
			sqlite3_bind_null(s, i + 1);
		else
			sqlite3_bind_text(s, i + 1, vals[i], lens ? (int)lens[i] : -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : fail(db);
}

static int sq_load_end(et_db *db)
{
	sqlite3_finalize(db->load);
	db->load = NULL;
	db->loading = 0;
	return 0;
}

static void *sq_prepare(et_db *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(conn(db), sql, -1, &s, NULL) != SQLITE_OK) {
		fail(db);
		return NULL;
	}
	return s;
}

static void sq_free(void *st) { sqlite3_finalize(st); }

static void sq_text(void *st, int i, const char *s, size_t len)
{
	sqlite3_bind_text(st, i, s, (int)len, SQLITE_TRANSIENT);
}

static void sq_integer(void *st, int i, long long v) { sqlite3_bind_int64(st, i, v); }
static void sq_null(void *st, int i) { sqlite3_bind_null(st, i); }

static int sq_step(et_db *db, void *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(db);
}

static long long sq_changes(et_db *db, void *st)
{
	(void)st;
	return sqlite3_changes(conn(db));
}

static void sq_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int sq_isnull(void *st, int col) { return sqlite3_column_type(st, col) == SQLITE_NULL; }

static const char *sq_col_text(void *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, col);
}

static long long sq_col_int(void *st, int col) { return sqlite3_column_int64(st, col); }
static double sq_col_double(void *st, int col) { return sqlite3_column_double(st, col); }

const et_db_ops et_db_sqlite_ops = {
	sq_open, sq_close, sq_exec, sq_begin, sq_has_table, sq_temp_table, sq_load_begin, sq_load_row,
	sq_load_end, sq_prepare, sq_free, sq_text, sq_integer, sq_null, sq_step, sq_changes, sq_reset,
	sq_isnull, sq_col_text, sq_col_int, sq_col_double,
};
