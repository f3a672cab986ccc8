/*
 * errstat --db FILE: history and trends from errhash's store
 * (docs/store.md), opened read-only. The period is the last --days days
 * ending today (or on --until's day), or from --since.
 */
#include "es.h"
#include "et_cli.h"
#include "et_store.h"
#include "et_time.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char day[16];
	double count, distinct, nnew, fixed, regressed;
} dayrow;

/* the per-day columns that fill adds into */
enum { COL_COUNT, COL_NEW, COL_FIXED, COL_REGRESSED };

static double *col(dayrow *r, int which)
{
	switch (which) {
	case COL_COUNT: return &r->count;
	case COL_NEW: return &r->nnew;
	case COL_FIXED: return &r->fixed;
	default: return &r->regressed;
	}
}

static int db_fail(et_db *db, const char *what)
{
	et_warn("%s: %s: %s", et_db_name(db), what, et_db_error(db));
	return -1;
}

static et_stmt *prep(et_db *db, const char *sql, const char *lo, const char *hi)
{
	et_stmt *st = et_db_prepare(db, sql);
	if (!st) {
		db_fail(db, "not an errhash store (docs/store.md)");
		return NULL;
	}
	et_stmt_text(st, 1, lo, -1);
	et_stmt_text(st, 2, hi, -1);
	return st;
}

/* adds per-day values of a two-column query (day, number) into column which of rows[] */
static int fill(et_db *db, const char *sql, const char *lo, const char *hi,
		dayrow *rows, size_t n, int which)
{
	et_stmt *st = prep(db, sql, lo, hi);
	int rc;
	if (!st)
		return -1;
	while ((rc = et_stmt_step(st)) > 0) {
		const char *d = et_stmt_col_text(st, 0);
		for (size_t i = 0; d && i < n; i++)
			if (!strcmp(rows[i].day, d)) {
				*col(&rows[i], which) += et_stmt_col_double(st, 1);
				if (which == COL_COUNT)
					rows[i].distinct += et_stmt_col_double(st, 2);
				break;
			}
	}
	et_stmt_free(st);
	return rc == 0 ? 0 : db_fail(db, "query failed");
}

static double scalar(et_db *db, const char *sql, const char *lo, const char *hi,
		     const char *arg, int *err)
{
	et_stmt *st = prep(db, sql, lo, hi);
	double v = 0;
	if (!st) {
		*err = 1;
		return 0;
	}
	if (arg)
		et_stmt_text(st, 3, arg, -1);
	if (et_stmt_step(st) > 0)
		v = et_stmt_col_double(st, 0);
	else
		*err = 1, db_fail(db, "query failed");
	et_stmt_free(st);
	return v;
}

static void put_text(es_table *t, et_stmt *st, int col)
{
	es_put_str(t, et_stmt_col_text(st, col));
}

es_report *es_db_report(const char *path, const es_opts *o, es_selector *sels, size_t nsels)
{
	static const char *const selcols[] = { "level", "type", "message", "file", "line", "format",
					       "category", "severity", "fingerprint" };
	et_store *store;
	et_db *db;
	et_stmt *st = NULL;
	es_report *r = NULL;
	es_table *t;
	dayrow *rows = NULL;
	char lo[16], hi[16], sql[512];
	double end, start, tot[5] = { 0 };
	size_t n = 0;
	int err = 0;

	if (!(store = et_store_open(path, ET_STORE_READONLY | ET_STORE_EXISTING)))
		return NULL;
	db = et_store_db(store);

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

	if (fill(db, "SELECT day, SUM(count), COUNT(*) FROM daily WHERE day BETWEEN ?1 AND ?2 "
		 "GROUP BY day", lo, hi, rows, n, COL_COUNT) ||
	    fill(db, "SELECT substr(first_seen,1,10), COUNT(*) FROM errors "
		 "WHERE substr(first_seen,1,10) BETWEEN ?1 AND ?2 GROUP BY 1", lo, hi, rows, n, COL_NEW) ||
	    fill(db, "SELECT substr(fixed_at,1,10), COUNT(*) FROM errors "
		 "WHERE substr(fixed_at,1,10) BETWEEN ?1 AND ?2 GROUP BY 1", lo, hi, rows, n, COL_FIXED) ||
	    fill(db, "SELECT substr(regressed_at,1,10), COUNT(*) FROM errors "
		 "WHERE substr(regressed_at,1,10) BETWEEN ?1 AND ?2 GROUP BY 1", lo, hi, rows, n, COL_REGRESSED))
		goto out;

	r = es_report_new("errstat history");
	for (size_t i = 0; i < n; i++) {
		tot[0] += rows[i].count;
		tot[2] += rows[i].nnew;
		tot[3] += rows[i].fixed;
		tot[4] += rows[i].regressed;
	}
	tot[1] = scalar(db, "SELECT COUNT(DISTINCT fingerprint) FROM daily WHERE day BETWEEN ?1 AND ?2",
			lo, hi, NULL, &err);
	es_sum_str(r, "store", "store", et_db_name(db));
	es_sum_str(r, "since", "from", lo);
	es_sum_str(r, "until", "to", hi);
	es_sum_int(r, "days", "days", (double)n);
	es_sum_int(r, "count", "occurrences (count)", tot[0]);
	es_sum_int(r, "distinct", "distinct errors (fingerprints)", tot[1]);
	es_sum_int(r, "recent", "first seen in the period", tot[2]);
	es_sum_int(r, "fixed", "fixed (and still fixed)", tot[3]);
	es_sum_int(r, "regressed", "regressed", tot[4]);
	es_sum_int(r, "open", "open fingerprints (all time)",
		   scalar(db, "SELECT COUNT(*) FROM errors WHERE fixed_at IS NULL AND ?1 = ?1 AND ?2 = ?2",
			  lo, hi, NULL, &err));
	es_sum_int(r, "known", "fingerprints in the store",
		   scalar(db, "SELECT COUNT(*) FROM errors WHERE ?1 = ?1 AND ?2 = ?2", lo, hi, NULL, &err));
	es_sum_int(r, "errhash_runs", "errhash runs",
		   scalar(db, "SELECT COUNT(*) FROM runs WHERE substr(started,1,10) BETWEEN ?1 AND ?2",
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
		sels[i].count = (long long)scalar(db, sql, lo, hi, sels[i].value, &err);
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
	st = prep(db, "SELECT e.category, SUM(d.count) c, COUNT(DISTINCT d.fingerprint) FROM daily d "
		  "LEFT JOIN errors e USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 "
		  "GROUP BY e.category ORDER BY c DESC, e.category IS NOT NULL, e.category", lo, hi);
	if (!st)
		goto fail;
	while (et_stmt_step(st) > 0) {
		if (!o->top || (long)t->nrows < o->top) {
			es_row(t);
			put_text(t, st, 0);
			es_put_int(t, et_stmt_col_double(st, 1));
			es_put_int(t, et_stmt_col_double(st, 2));
		}
		t->total_rows++;
	}
	et_stmt_free(st);
	st = NULL;

	t = es_table_add(r, "top_errors", "Top errors in the period");
	es_error_columns(t);
	es_col_add(t, "status", "status", 0);
	st = prep(db, "SELECT e.fingerprint, SUM(d.count) c, e.level, e.type, e.message, e.file, e.line, "
		  "e.category, e.severity, e.first_seen, e.last_seen, e.fixed_at, e.regressed_at "
		  "FROM daily d JOIN errors e USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 "
		  "GROUP BY e.fingerprint ORDER BY c DESC, e.fingerprint", lo, hi);
	if (!st)
		goto fail;
	while (et_stmt_step(st) > 0) {
		t->total_rows++;
		if (o->top && (long)t->nrows >= o->top)
			continue;
		es_row(t);
		put_text(t, st, 0);
		es_put_int(t, et_stmt_col_double(st, 1));
		put_text(t, st, 2);
		put_text(t, st, 3);
		put_text(t, st, 4);
		if (et_stmt_isnull(st, 5)) {
			es_put_null(t);
		} else {
			et_buf loc = ET_BUF_INIT;
			et_buf_addstr(&loc, et_stmt_col_text(st, 5));
			if (!et_stmt_isnull(st, 6))
				et_buf_addf(&loc, ":%lld", et_stmt_col_int(st, 6));
			es_put_str(t, loc.buf);
			et_buf_release(&loc);
		}
		put_text(t, st, 5);
		if (et_stmt_isnull(st, 6))
			es_put_null(t);
		else
			es_put_int(t, et_stmt_col_double(st, 6));
		put_text(t, st, 7);
		put_text(t, st, 8);
		put_text(t, st, 9);
		put_text(t, st, 10);
		es_put_str(t, !et_stmt_isnull(st, 11) ? "fixed" :
			      !et_stmt_isnull(st, 12) ? "regressed" : "open");
	}
	et_stmt_free(st);
	st = NULL;
	goto out;
fail:
	es_report_free(r);
	r = NULL;
out:
	free(rows);
	et_stmt_free(st);
	et_store_close(store);
	return r;
}
