/* store: the --db history store over SQLite (docs/store.md). */
#include "store.h"
#include "et_cli.h"
#include "et_hash.h"
#include "et_rec.h"
#include "et_time.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STORE_VERSION 1
#define BUSY_MS 120000          /* how long a writer waits for another */

struct eh_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *peek;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS errors (\n"
	"  fingerprint TEXT PRIMARY KEY,\n"
	"  first_seen  TEXT NOT NULL,\n"
	"  last_seen   TEXT NOT NULL,\n"
	"  count       INTEGER NOT NULL,\n"
	"  runs        INTEGER NOT NULL,\n"
	"  fixed_at    TEXT,\n"
	"  fix_note    TEXT,\n"
	"  regressed_at TEXT,\n"
	"  level TEXT, type TEXT, message TEXT, file TEXT, line INTEGER, format TEXT,\n"
	"  category TEXT, severity TEXT,\n"
	"  record      TEXT\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS runs (\n"
	"  id       INTEGER PRIMARY KEY,\n"
	"  started  TEXT NOT NULL,\n"
	"  records  INTEGER NOT NULL,\n"
	"  distinct_fingerprints INTEGER NOT NULL\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS daily (\n"
	"  fingerprint TEXT NOT NULL,\n"
	"  day         TEXT NOT NULL,\n"
	"  count       INTEGER NOT NULL,\n"
	"  PRIMARY KEY (fingerprint, day)\n"
	");\n";

/* for tests that kill a writer inside its transaction */
static void sleep_for(double sec)
{
	struct timespec ts;
	if (!(sec > 0))
		return;
	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = (long)((sec - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static int fail(eh_store *st, const char *what)
{
	et_warn("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

static int exec(eh_store *st, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		et_warn("%s: %s", st->path, err ? err : "error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int user_version(eh_store *st)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

eh_store *eh_store_open(const char *path)
{
	eh_store *st = et_xcalloc(1, sizeof *st);
	int v;
	st->path = et_xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		et_die("%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
	sqlite3_busy_timeout(st->db, BUSY_MS);
	if (exec(st, "PRAGMA journal_mode=WAL") || exec(st, "PRAGMA synchronous=NORMAL"))
		et_die("%s: cannot use as a store", path);
	v = user_version(st);
	if (v < 0)
		et_die("%s: not an SQLite database", path);
	if (v > STORE_VERSION)
		et_die("%s: store version %d is newer than this errhash knows (%d)", path, v, STORE_VERSION);
	if (v < STORE_VERSION) {
		if (exec(st, "BEGIN IMMEDIATE"))
			et_die("%s: cannot create the store", path);
		if (exec(st, schema) || exec(st, "PRAGMA user_version = 1") || exec(st, "COMMIT"))
			et_die("%s: cannot create the store", path);
	}
	return st;
}

void eh_store_close(eh_store *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->peek);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *eh_store_peek(eh_store *st, uint64_t fp)
{
	char hex[17];
	const char *status = "new";
	et_hash_hex(fp, hex);
	if (!st->peek && sqlite3_prepare_v2(st->db,
			"SELECT fixed_at IS NOT NULL FROM errors WHERE fingerprint = ?1",
			-1, &st->peek, NULL) != SQLITE_OK) {
		fail(st, "read");
		return NULL;
	}
	sqlite3_bind_text(st->peek, 1, hex, 16, SQLITE_TRANSIENT);
	if (sqlite3_step(st->peek) == SQLITE_ROW)
		status = sqlite3_column_int(st->peek, 0) ? "regressed" : "recurring";
	sqlite3_reset(st->peek);
	return status;
}

/* text of a string field of the raw record, or SQL NULL */
static void bind_field(sqlite3_stmt *s, int i, const cJSON *rec, const char *key)
{
	const char *v = et_json_str(rec, key);
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static int commit_group(eh_store *st, sqlite3_stmt *sel, sqlite3_stmt *ins, sqlite3_stmt *upd,
			sqlite3_stmt *day, eh_group *g, const char *now)
{
	char hex[17], first[32], last[32];
	int rc, fixed = -1;
	et_hash_hex(g->fp, hex);
	et_time_format(g->first, first);
	et_time_format(g->last, last);

	sqlite3_bind_text(sel, 1, hex, 16, SQLITE_TRANSIENT);
	rc = sqlite3_step(sel);
	if (rc == SQLITE_ROW)
		fixed = sqlite3_column_int(sel, 0);
	sqlite3_reset(sel);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(st, "read");
	if (fixed < 0) {
		cJSON *rec = cJSON_ParseWithLength(g->raw, g->rawlen);
		const cJSON *line = et_json_get(rec, "line");
		g->status = "new";
		sqlite3_bind_text(ins, 1, hex, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, first, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, last, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 4, (sqlite3_int64)g->count);
		bind_field(ins, 5, rec, "level");
		bind_field(ins, 6, rec, "type");
		bind_field(ins, 7, rec, "message");
		bind_field(ins, 8, rec, "file");
		if (cJSON_IsNumber(line))
			sqlite3_bind_int64(ins, 9, (sqlite3_int64)line->valuedouble);
		else
			sqlite3_bind_null(ins, 9);
		bind_field(ins, 10, rec, "format");
		bind_field(ins, 11, rec, "category");
		bind_field(ins, 12, rec, "severity");
		sqlite3_bind_text(ins, 13, g->raw, (int)g->rawlen, SQLITE_TRANSIENT);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		cJSON_Delete(rec);
		if (rc != SQLITE_DONE)
			return fail(st, "write");
	} else {
		g->status = fixed ? "regressed" : "recurring";
		sqlite3_bind_text(upd, 1, hex, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(upd, 2, first, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(upd, 3, last, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(upd, 4, (sqlite3_int64)g->count);
		sqlite3_bind_text(upd, 5, now, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(upd);
		sqlite3_reset(upd);
		if (rc != SQLITE_DONE)
			return fail(st, "write");
	}
	for (size_t i = 0; i < g->ndays; i++) {
		char d[16];
		et_time_day((double)g->days[i].day * 86400.0, d);
		sqlite3_bind_text(day, 1, hex, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(day, 2, d, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(day, 3, (sqlite3_int64)g->days[i].n);
		rc = sqlite3_step(day);
		sqlite3_reset(day);
		if (rc != SQLITE_DONE)
			return fail(st, "write");
	}
	return 0;
}

int eh_store_commit(eh_store *st, eh_groups *g, double started, uint64_t records)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *upd = NULL, *day = NULL, *run = NULL;
	char now[32], start[32];
	int ret = -1;
	size_t n = eh_groups_count(g);

	et_time_format(et_time_now(), now);
	et_time_format(started, start);
	if (exec(st, "BEGIN IMMEDIATE"))
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT fixed_at IS NOT NULL FROM errors WHERE fingerprint = ?1",
			       -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "INSERT INTO errors (fingerprint, first_seen, last_seen, count, runs, "
			       "level, type, message, file, line, format, category, severity, record) "
			       "VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
			       -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "UPDATE errors SET "
			       "first_seen = CASE WHEN julianday(?2) < julianday(first_seen) THEN ?2 ELSE first_seen END, "
			       "last_seen = CASE WHEN julianday(?3) > julianday(last_seen) THEN ?3 ELSE last_seen END, "
			       "count = count + ?4, runs = runs + 1, "
			       "regressed_at = CASE WHEN fixed_at IS NOT NULL THEN ?5 ELSE regressed_at END, "
			       "fixed_at = NULL "
			       "WHERE fingerprint = ?1",
			       -1, &upd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "INSERT INTO daily (fingerprint, day, count) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT (fingerprint, day) DO UPDATE SET count = count + excluded.count",
			       -1, &day, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "INSERT INTO runs (started, records, distinct_fingerprints) VALUES (?1, ?2, ?3)",
			       -1, &run, NULL) != SQLITE_OK) {
		fail(st, "prepare");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (commit_group(st, sel, ins, upd, day, eh_groups_at(g, i), now))
			goto out;
	sqlite3_bind_text(run, 1, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(run, 2, (sqlite3_int64)records);
	sqlite3_bind_int64(run, 3, (sqlite3_int64)n);
	if (sqlite3_step(run) != SQLITE_DONE) {
		fail(st, "write");
		goto out;
	}
	if (getenv("ERRHASH_TEST_PAUSE_BEFORE_COMMIT"))
		sleep_for(atof(getenv("ERRHASH_TEST_PAUSE_BEFORE_COMMIT")));
	if (exec(st, "COMMIT"))
		goto out;
	ret = 0;
out:
	if (ret)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(day);
	sqlite3_finalize(run);
	return ret;
}

int eh_store_prune(eh_store *st, double days)
{
	char cut[32], cutday[16];
	double t = et_time_now() - days * 86400.0;
	sqlite3_stmt *a = NULL, *b = NULL;
	int ret = -1;
	et_time_format(t, cut);
	et_time_day(t, cutday);
	if (exec(st, "BEGIN IMMEDIATE"))
		return -1;
	if (sqlite3_prepare_v2(st->db, "DELETE FROM errors WHERE julianday(last_seen) < julianday(?1)",
			       -1, &a, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "DELETE FROM daily WHERE day < ?1", -1, &b, NULL) != SQLITE_OK) {
		fail(st, "prepare");
		goto out;
	}
	sqlite3_bind_text(a, 1, cut, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(b, 1, cutday, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(a) != SQLITE_DONE || sqlite3_step(b) != SQLITE_DONE) {
		fail(st, "write");
		goto out;
	}
	if (exec(st, "COMMIT"))
		goto out;
	ret = 0;
out:
	if (ret)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	return ret;
}
