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

/* the period asked for: the days lo..hi (YYYY-MM-DD), n of them from start */
typedef struct {
	char lo[16], hi[16];
	double start;
	size_t n;
} period;

/* sql prepared with the period's first and last day as ?1 and ?2; NULL after a message */
static et_stmt *prep(et_db *db, const char *sql, const period *pd)
{
	et_stmt *st = et_db_prepare(db, sql);
	if (!st) {
		db_fail(db, "not an errhash store (docs/store.md)");
		return NULL;
	}
	et_stmt_text(st, 1, pd->lo, -1);
	et_stmt_text(st, 2, pd->hi, -1);
	return st;
}

/* adds per-day values of a two-column query (day, number) into column which of rows[] */
static int fill(et_db *db, const char *sql, const period *pd, dayrow *rows, int which)
{
	et_stmt *st = prep(db, sql, pd);
	int rc;
	if (!st)
		return -1;
	while ((rc = et_stmt_step(st)) > 0) {
		const char *d = et_stmt_col_text(st, 0);
		for (size_t i = 0; d && i < pd->n; i++)
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

/* the number a one-row query gives (arg, unless NULL, as ?3); 0 and *err = 1 after a message */
static double scalar(et_db *db, const char *sql, const period *pd, const char *arg, int *err)
{
	et_stmt *st = prep(db, sql, pd);
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

/* the period from --days, --since and --until; -1 after a message when empty or too long */
static int get_period(const es_opts *o, period *pd)
{
	double end = o->have_until ? o->until - 0.001 : o->now;
	et_time_day(end, pd->hi);
	et_time_parse(pd->hi, &end, NULL);
	if (o->have_since) {
		et_time_day(o->since, pd->lo);
		et_time_parse(pd->lo, &pd->start, NULL);
	} else {
		pd->start = end - 86400.0 * (o->days - 1);
		et_time_day(pd->start, pd->lo);
	}
	if (pd->start > end) {
		et_warn("--since is after --until");
		return -1;
	}
	pd->n = (size_t)llround((end - pd->start) / 86400) + 1;
	if (pd->n > 3660) {
		et_warn("--db: period longer than ten years");
		return -1;
	}
	return 0;
}

/* a row for each day of the period with the store's numbers for it; NULL after a message */
static dayrow *day_rows(et_db *db, const period *pd)
{
	dayrow *rows = et_xcalloc(pd->n, sizeof *rows);
	for (size_t i = 0; i < pd->n; i++)
		et_time_day(pd->start + 86400.0 * (double)i, rows[i].day);
	if (fill(db, "SELECT day, SUM(count), COUNT(*) FROM daily WHERE day BETWEEN ?1 AND ?2 "
		 "GROUP BY day", pd, rows, COL_COUNT) ||
	    fill(db, "SELECT substr(first_seen,1,10), COUNT(*) FROM errors "
		 "WHERE substr(first_seen,1,10) BETWEEN ?1 AND ?2 GROUP BY 1", pd, rows, COL_NEW) ||
	    fill(db, "SELECT substr(fixed_at,1,10), COUNT(*) FROM errors "
		 "WHERE substr(fixed_at,1,10) BETWEEN ?1 AND ?2 GROUP BY 1", pd, rows, COL_FIXED) ||
	    fill(db, "SELECT substr(regressed_at,1,10), COUNT(*) FROM errors "
		 "WHERE substr(regressed_at,1,10) BETWEEN ?1 AND ?2 GROUP BY 1", pd, rows, COL_REGRESSED)) {
		free(rows);
		return NULL;
	}
	return rows;
}

/* the summary items: the period, its totals and the store's; 1 after a message */
static int db_summary(es_report *r, et_db *db, const period *pd, const dayrow *rows)
{
	double tot[5] = { 0 };
	int err = 0;
	for (size_t i = 0; i < pd->n; i++) {
		tot[0] += rows[i].count;
		tot[2] += rows[i].nnew;
		tot[3] += rows[i].fixed;
		tot[4] += rows[i].regressed;
	}
	tot[1] = scalar(db, "SELECT COUNT(DISTINCT fingerprint) FROM daily WHERE day BETWEEN ?1 AND ?2",
			pd, NULL, &err);
	es_sum_str(r, "store", "store", et_db_name(db));
	es_sum_str(r, "since", "from", pd->lo);
	es_sum_str(r, "until", "to", pd->hi);
	es_sum_int(r, "days", "days", (double)pd->n);
	es_sum_int(r, "count", "occurrences (count)", tot[0]);
	es_sum_int(r, "distinct", "distinct errors (fingerprints)", tot[1]);
	es_sum_int(r, "recent", "first seen in the period", tot[2]);
	es_sum_int(r, "fixed", "fixed (and still fixed)", tot[3]);
	es_sum_int(r, "regressed", "regressed", tot[4]);
	es_sum_int(r, "open", "open fingerprints (all time)",
		   scalar(db, "SELECT COUNT(*) FROM errors WHERE fixed_at IS NULL AND ?1 = ?1 AND ?2 = ?2",
			  pd, NULL, &err));
	es_sum_int(r, "known", "fingerprints in the store",
		   scalar(db, "SELECT COUNT(*) FROM errors WHERE ?1 = ?1 AND ?2 = ?2", pd, NULL, &err));
	es_sum_int(r, "errhash_runs", "errhash runs",
		   scalar(db, "SELECT COUNT(*) FROM runs WHERE substr(started,1,10) BETWEEN ?1 AND ?2",
			  pd, NULL, &err));
	return err;
}

/* counts each --fail-if FIELD=VALUE's occurrences in the period; 1 after a message */
static int db_selectors(et_db *db, const period *pd, es_selector *sels, size_t nsels)
{
	static const char *const selcols[] = { "level", "type", "message", "file", "line", "format",
					       "category", "severity", "fingerprint" };
	char sql[512];
	int err = 0;
	for (size_t i = 0; i < nsels && !err; i++) {
		size_t k;
		for (k = 0; k < sizeof selcols / sizeof *selcols; k++)
			if (!strcmp(selcols[k], sels[i].field))
				break;
		if (k == sizeof selcols / sizeof *selcols) {
			et_warn("--fail-if: with --db, FIELD=VALUE works on level, type, message, file, line, "
				"format, category, severity and fingerprint, not '%s'", sels[i].field);
			return 1;
		}
		snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(d.count),0) FROM daily d JOIN errors e "
			 "USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 AND CAST(e.%s AS TEXT) = ?3",
			 selcols[k]);
		sels[i].count = (long long)scalar(db, sql, pd, sels[i].value, &err);
	}
	return err;
}

/* the per_day table, the report's primary one: a row for each day of the period */
static void per_day_table(es_report *r, const dayrow *rows, size_t n)
{
	static const es_col cols[] = {
		{ "day", "day", 0 }, { "count", "count", 0 }, { "distinct", "distinct", 0 },
		{ "recent", "first seen", 0 }, { "fixed", "fixed", 0 }, { "regressed", "regressed", 0 },
	};
	es_table *t = es_table_add(r, "per_day", "History per day");
	es_cols_add(t, cols, sizeof cols / sizeof *cols);
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
}

/* the by_category table: occurrences and fingerprints per category; -1 after a message */
static int category_table(es_report *r, et_db *db, const period *pd, long top)
{
	static const es_col cols[] = {
		{ "category", "category", ES_COL_LONG }, { "count", "count", 0 }, { "distinct", "distinct", 0 },
	};
	es_table *t = es_table_add(r, "by_category", "By category");
	et_stmt *st;
	es_cols_add(t, cols, sizeof cols / sizeof *cols);
	t->chart = ES_CHART_BARS;
	t->chart_col = 1;
	st = prep(db, "SELECT e.category, SUM(d.count) c, COUNT(DISTINCT d.fingerprint) FROM daily d "
		  "LEFT JOIN errors e USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 "
		  "GROUP BY e.category ORDER BY c DESC, e.category IS NOT NULL, e.category", pd);
	if (!st)
		return -1;
	while (et_stmt_step(st) > 0) {
		if (!top || (long)t->nrows < top) {
			es_row(t);
			put_text(t, st, 0);
			es_put_int(t, et_stmt_col_double(st, 1));
			es_put_int(t, et_stmt_col_double(st, 2));
		}
		t->total_rows++;
	}
	et_stmt_free(st);
	return 0;
}

/* a top_errors row from the columns of top_errors_table's query */
static void put_error(es_table *t, et_stmt *st)
{
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

/* the top_errors table: the period's errors, most first, with their status; -1 after a message */
static int top_errors_table(es_report *r, et_db *db, const period *pd, long top)
{
	es_table *t = es_table_add(r, "top_errors", "Top errors in the period");
	et_stmt *st;
	es_error_columns(t);
	es_col_add(t, "status", "status", 0);
	st = prep(db, "SELECT e.fingerprint, SUM(d.count) c, e.level, e.type, e.message, e.file, e.line, "
		  "e.category, e.severity, e.first_seen, e.last_seen, e.fixed_at, e.regressed_at "
		  "FROM daily d JOIN errors e USING (fingerprint) WHERE d.day BETWEEN ?1 AND ?2 "
		  "GROUP BY e.fingerprint ORDER BY c DESC, e.fingerprint", pd);
	if (!st)
		return -1;
	while (et_stmt_step(st) > 0) {
		t->total_rows++;
		if (!top || (long)t->nrows < top)
			put_error(t, st);
	}
	et_stmt_free(st);
	return 0;
}

es_report *es_db_report(const char *path, const es_opts *o, es_selector *sels, size_t nsels)
{
	et_store *store;
	et_db *db;
	es_report *r = NULL;
	dayrow *rows = NULL;
	period pd;

	if (!(store = et_store_open(path, ET_STORE_READONLY | ET_STORE_EXISTING)))
		return NULL;
	db = et_store_db(store);
	if (get_period(o, &pd) || !(rows = day_rows(db, &pd)))
		goto out;
	r = es_report_new("errstat history");
	if (db_summary(r, db, &pd, rows) || db_selectors(db, &pd, sels, nsels))
		goto fail;
	per_day_table(r, rows, pd.n);
	if (category_table(r, db, &pd, o->top) || top_errors_table(r, db, &pd, o->top))
		goto fail;
	goto out;
fail:
	es_report_free(r);
	r = NULL;
out:
	free(rows);
	et_store_close(store);
	return r;
}
