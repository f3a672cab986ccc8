/*
 * errstat --db FILE: history and trends from errhash's store
 * (docs/store.md), opened read-only. The period is the last --days days
 * ending today (or on --until's day), or from --since.
 */
#include "es.h"
#include "et_cli.h"
#include "et_time.h"

#include <math.h>
#include <stddef.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char day[16];
	double count, distinct, nnew, fixed, regressed;
} dayrow;

static int db_fail(sqlite3 *db, const char *path, const char *what)
{
	et_warn("%s: %s: %s", path, what, db ? sqlite3_errmsg(db) : "cannot open");
	return -1;
}

static sqlite3_stmt *prep(sqlite3 *db, const char *path, const char *sql, const char *lo, const char *hi)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, path, "not an errhash store (docs/store.md)");
		return NULL;
	}
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	return st;
}

/* adds per-day values of a two-column query (day, number) into rows[] */
static int fill(sqlite3 *db, const char *path, const char *sql, const char *lo, const char *hi,
		dayrow *rows, size_t n, size_t field)
{
	sqlite3_stmt *st = prep(db, path, sql, lo, hi);
	int rc;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		for (size_t i = 0; d && i < n; i++)
			if (!strcmp(rows[i].day, d)) {
				double *f = (double *)((char *)&rows[i] + field);
				*f += sqlite3_column_double(st, 1);
				if (field == offsetof(dayrow, count))
					rows[i].distinct += sqlite3_column_double(st, 2);
				break;
			}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, path, "query failed");
}

static double scalar(sqlite3 *db, const char *path, const char *sql, const char *lo, const char *hi,
		     const char *arg, int *err)
{
	sqlite3_stmt *st = prep(db, path, sql, lo, hi);
	double v = 0;
	if (!st) {
		*err = 1;
		return 0;
	}
	if (arg)
		sqlite3_bind_text(st, 3, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	else
		*err = 1, db_fail(db, path, "query failed");
	sqlite3_finalize(st);
	return v;
}

static void put_text(es_table *t, sqlite3_stmt *st, int col)
{
	es_put_str(t, sqlite3_column_type(st, col) == SQLITE_NULL ? NULL
								 : (const char *)sqlite3_column_text(st, col));
}

es_report *es_db_report(const char *path, const es_opts *o, es_selector *sels, size_t nsels)
{
	static const char *const selcols[] = { "level", "type", "message", "file", "line", "format",
					       "category", "severity", "fingerprint" };
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	es_report *r = NULL;
	es_table *t;
	dayrow *rows = NULL;
	char lo[16], hi[16], sql[512];
	double end, start, tot[5] = { 0 };
	size_t n = 0;
	int err = 0, ver = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		db_fail(db, path, "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ver = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (ver != 1) {
		if (ver < 0)
			db_fail(db, path, "cannot read");
		else
			et_warn("%s: not an errhash store of version 1 (user_version %d)", path, ver);
		goto out;
	}

	end = o->have_until ? o->until - 0.001 : o->now;
	et_time_day(end, hi);
	et_time_parse(hi, &end, NULL);
	if (o->have_since) {
		et_time_day(o->since, lo);
		et_time_parse(lo, &start, NULL);
	} else {
		start = end - 86400.0 * (o->days - 1);
		et_time_day(start, lo);
	}
	if (start > end) {
		et_warn("--since is after --until");
		goto out;
	}
	n = (size_t)llround((end - start) / 86400) + 1;
	if (n > 3660) {
		et_warn("--db: period longer than ten years");
		goto out;
	}
	rows = et_xcalloc(n, sizeof *rows);
	for (size_t i = 0; i < n; i++)
		et_time_day(start + 86400.0 * (double)i, rows[i].day);

	if (fill(db, path, "SELECT day, SUM(count), COUNT(*) FROM daily WHERE day BETWEEN ?1 AND ?2 "
		 "GROUP BY day", lo, hi, rows, n, offsetof(dayrow, count)) ||
	    fill(db, path, "SELECT substr(first_seen,1,10) d, COUNT(*) FROM errors "
		 "WHERE d BETWEEN ?1 AND ?2 GROUP BY d", lo, hi, rows, n, offsetof(dayrow, nnew)) ||
	    fill(db, path, "SELECT substr(fixed_at,1,10) d, COUNT(*) FROM errors "
		 "WHERE d BETWEEN ?1 AND ?2 GROUP BY d", lo, hi, rows, n, offsetof(dayrow, fixed)) ||
	    fill(db, path, "SELECT substr(regressed_at,1,10) d, COUNT(*) FROM errors "
		 "WHERE d BETWEEN ?1 AND ?2 GROUP BY d", lo, hi, rows, n, offsetof(dayrow, regressed)))
		goto out;

	r = es_report_new("errstat history");
	for (size_t i = 0; i < n; i++) {
		tot[0] += rows[i].count;
		tot[2] += rows[i].nnew;
		tot[3] += rows[i].fixed;
		tot[4] += rows[i].regressed;
	}
	tot[1] = scalar(db, path, "SELECT COUNT(DISTINCT fingerprint) FROM daily WHERE day BETWEEN ?1 AND ?2",
			lo, hi, NULL, &err);
	es_sum_str(r, "store", "store", path);
	es_sum_str(r, "since", "from", lo);
	es_sum_str(r, "until", "to", hi);
	es_sum_int(r, "days", "days", (double)n);
	es_sum_int(r, "count", "occurrences (count)", tot[0]);
	es_sum_int(r, "distinct", "distinct errors (fingerprints)", tot[1]);
	es_sum_int(r, "recent", "first seen in the period", tot[2]);
	es_sum_int(r, "fixed", "fixed (and still fixed)", tot[3]);
	es_sum_int(r, "regressed", "regressed", tot[4]);
	es_sum_int(r, "open", "open fingerprints (all time)",
		   scalar(db, path, "SELECT COUNT(*) FROM errors WHERE fixed_at IS NULL AND ?1 = ?1 AND ?2 = ?2",
			  lo, hi, NULL, &err));
	es_sum_int(r, "known", "fingerprints in the store",
		   scalar(db, path, "SELECT COUNT(*) FROM errors WHERE ?1 = ?1 AND ?2 = ?2", lo, hi, NULL, &err));
	es_sum_int(r, "errhash_runs", "errhash runs",
		   scalar(db, path, "SELECT COUNT(*) FROM runs WHERE substr(started,1,10) BETWEEN ?1 AND ?2",
			  lo, hi, NULL, &err));
	for (size_t i = 0; i < nsels && !err; i++) {
		size_t k;
		for (k = 0; k < sizeof selcols / sizeof *selcols; k++)
			if (!strcmp(selcols[k], sels[i].field))
				break;
		if (k == sizeof selcols / sizeof *selcols) {
			et_warn("--fail-if: with --db, FIELD=VALUE works on level, type, message, file, line, "
				"format, category, severity and fingerprint, not '%s'", sels[i].field);
			err = 1;
			break;
		}
		snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(d.count),0) FROM daily d JOIN errors e "
			 "USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 AND CAST(e.%s AS TEXT) = ?3",
			 selcols[k]);
		sels[i].count = (long long)scalar(db, path, sql, lo, hi, sels[i].value, &err);
	}
	if (err)
		goto fail;

	t = es_table_add(r, "per_day", "History per day");
	es_col_add(t, "day", "day", 0);
	es_col_add(t, "count", "count", 0);
	es_col_add(t, "distinct", "distinct", 0);
	es_col_add(t, "recent", "first seen", 0);
	es_col_add(t, "fixed", "fixed", 0);
	es_col_add(t, "regressed", "regressed", 0);
	t->chart = ES_CHART_TIME;
	t->chart_col = 1;
	for (size_t i = 0; i < n; i++) {
		es_row(t);
		es_put_str(t, rows[i].day);
		es_put_int(t, rows[i].count);
		es_put_int(t, rows[i].distinct);
		es_put_int(t, rows[i].nnew);
		es_put_int(t, rows[i].fixed);
		es_put_int(t, rows[i].regressed);
	}
	t->total_rows = n;
	r->primary = 0;

	t = es_table_add(r, "by_category", "By category");
	es_col_add(t, "category", "category", ES_COL_LONG);
	es_col_add(t, "count", "count", 0);
	es_col_add(t, "distinct", "distinct", 0);
	t->chart = ES_CHART_BARS;
	t->chart_col = 1;
	st = prep(db, path, "SELECT e.category, SUM(d.count) c, COUNT(DISTINCT d.fingerprint) FROM daily d "
		  "LEFT JOIN errors e USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 "
		  "GROUP BY e.category ORDER BY c DESC, e.category", lo, hi);
	if (!st)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!o->top || (long)t->nrows < o->top) {
			es_row(t);
			put_text(t, st, 0);
			es_put_int(t, sqlite3_column_double(st, 1));
			es_put_int(t, sqlite3_column_double(st, 2));
		}
		t->total_rows++;
	}
	sqlite3_finalize(st);

	t = es_table_add(r, "top_errors", "Top errors in the period");
	es_error_columns(t);
	es_col_add(t, "status", "status", 0);
	st = prep(db, path, "SELECT e.fingerprint, SUM(d.count) c, e.level, e.type, e.message, e.file, e.line, "
		  "e.category, e.severity, e.first_seen, e.last_seen, e.fixed_at, e.regressed_at "
		  "FROM daily d JOIN errors e USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 "
		  "GROUP BY e.fingerprint ORDER BY c DESC, e.fingerprint", lo, hi);
	if (!st)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		t->total_rows++;
		if (o->top && (long)t->nrows >= o->top)
			continue;
		es_row(t);
		put_text(t, st, 0);
		es_put_int(t, sqlite3_column_double(st, 1));
		put_text(t, st, 2);
		put_text(t, st, 3);
		put_text(t, st, 4);
		if (sqlite3_column_type(st, 5) == SQLITE_NULL) {
			es_put_null(t);
		} else {
			et_buf loc = ET_BUF_INIT;
			et_buf_addstr(&loc, (const char *)sqlite3_column_text(st, 5));
			if (sqlite3_column_type(st, 6) != SQLITE_NULL)
				et_buf_addf(&loc, ":%lld", (long long)sqlite3_column_int64(st, 6));
			es_put_str(t, loc.buf);
			et_buf_release(&loc);
		}
		put_text(t, st, 5);
		if (sqlite3_column_type(st, 6) == SQLITE_NULL)
			es_put_null(t);
		else
			es_put_int(t, sqlite3_column_double(st, 6));
		put_text(t, st, 7);
		put_text(t, st, 8);
		put_text(t, st, 9);
		put_text(t, st, 10);
		es_put_str(t, sqlite3_column_type(st, 11) != SQLITE_NULL ? "fixed" :
			      sqlite3_column_type(st, 12) != SQLITE_NULL ? "regressed" : "open");
	}
	sqlite3_finalize(st);
	goto out;
fail:
	es_report_free(r);
	r = NULL;
out:
	free(rows);
	sqlite3_close(db);
	return r;
}
