/* errstat's default report and --by groups, built from an aggregate. */
#include "es.h"
#include "et_cli.h"
#include "et_schema.h"
#include "et_time.h"

#include "et_ctype.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const es_dim *sort_dim;
static const es_agg *sort_agg;

static int cmp_group_count(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const es_dim *d = sort_dim;
	size_t lx = d->keys.lens[x], ly = d->keys.lens[y];
	int c;
	if (d->count[x] != d->count[y])
		return d->count[x] > d->count[y] ? -1 : 1;
	c = memcmp(d->keys.keys[x], d->keys.keys[y], lx < ly ? lx : ly);
	return c ? c : (lx > ly) - (lx < ly);
}

static int cmp_group_key(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return strcmp(sort_dim->keys.keys[x], sort_dim->keys.keys[y]);
}

/* et_schema's order; values that are not a severity after the severities */
static int severity_rank(const char *k)
{
	int i = et_schema_rank("severity", k);
	return i < 0 ? ET_SEV_N : i;
}

static int cmp_group_severity(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int rx = severity_rank(sort_dim->keys.keys[x]), ry = severity_rank(sort_dim->keys.keys[y]);
	if (rx != ry)
		return rx - ry;
	return cmp_group_count(a, b);
}

static size_t *sorted_groups(const es_dim *d, int (*cmp)(const void *, const void *))
{
	size_t *o = et_xmalloc((d->keys.n + 1) * sizeof *o);
	for (size_t i = 0; i < d->keys.n; i++)
		o[i] = i;
	sort_dim = d;
	qsort(o, d->keys.n, sizeof *o, cmp);
	return o;
}

/* A table of d's groups: its fields, count, distinct. */
static es_table *group_table(es_report *r, const es_dim *d, const char *key, const char *title,
			     int (*cmp)(const void *, const void *), long top, int skip_null)
{
	es_table *t = es_table_add(r, key, title);
	size_t *o = sorted_groups(d, cmp), shown = 0;
	for (int i = 0; i < d->nf; i++)
		es_col_add(t, d->fields[i], d->fields[i], ES_COL_LONG);
	es_col_add(t, "count", "count", 0);
	es_col_add(t, "distinct", "distinct", 0);
	t->chart_col = d->nf;
	for (size_t k = 0; k < d->keys.n; k++) {
		size_t g = o[k];
		char **v = es_dim_values(d, g);
		if (skip_null && d->nf == 1 && !v[0]) {
			free(v);
			continue;
		}
		t->total_rows++;
		if (!top || (long)shown < top) {
			es_row(t);
			for (int i = 0; i < d->nf; i++)
				es_put_str(t, v[i]);
			es_put_int(t, (double)d->count[g]);
			es_put_int(t, (double)d->distinct[g]);
			shown++;
		}
		es_strv_free(v, (size_t)d->nf);
	}
	free(o);
	return t;
}

/* a day ("2026-11-21") or hour ("2026-11-21T08") key as seconds, or -1 */
static int key_time(const char *k, double *t)
{
	char day[11];
	size_t n = strlen(k);
	if (n != 10 && !(n == 13 && k[10] == 'T' && et_isdigit((unsigned char)k[11]) &&
			 et_isdigit((unsigned char)k[12])))
		return -1;
	memcpy(day, k, 10);
	day[10] = '\0';
	if (et_time_parse(day, t, NULL))
		return -1;
	if (n == 13)
		*t += ((k[11] - '0') * 10 + (k[12] - '0')) * 3600.0;
	return 0;
}

/*
 * A time series of d's groups (keys are days or hours) in time order, the
 * days or hours in between filled with zeros (up to 100,000 rows); the group
 * of records without a time first when with_null.
 */
static es_table *time_table(es_report *r, const es_dim *d, const char *key, const char *title,
			    int hourly, int with_null)
{
	es_table *t = es_table_add(r, key, title);
	size_t *o = sorted_groups(d, cmp_group_key), first = 0, n;
	double lo = NAN, hi = NAN, step = hourly ? 3600 : 86400, x;
	es_col_add(t, d->fields[0], d->fields[0], 0);
	es_col_add(t, "count", "count", 0);
	es_col_add(t, "distinct", "distinct", 0);
	t->chart = ES_CHART_TIME;
	t->chart_col = 1;
	/* keys that are not times (the null group: "\x1e" sorts first) come first */
	while (first < d->keys.n && key_time(d->keys.keys[o[first]], &x)) {
		if (with_null) {
			char **v = es_dim_values(d, o[first]);
			es_row(t);
			es_put_str(t, v[0]);
			es_put_int(t, (double)d->count[o[first]]);
			es_put_int(t, (double)d->distinct[o[first]]);
			free(v[0]);
			free(v);
		}
		first++;
	}
	n = d->keys.n - first;
	if (n) {
		key_time(d->keys.keys[o[first]], &lo);
		key_time(d->keys.keys[o[d->keys.n - 1]], &hi);
	}
	if (n && (hi - lo) / step <= 100000) {
		size_t k = first;
		for (x = lo; x <= hi + 1; x += step) {
			char buf[16];
			double kt;
			if (hourly)
				et_time_hour(x, buf);
			else
				et_time_day(x, buf);
			es_row(t);
			es_put_str(t, buf);
			while (k < d->keys.n && (key_time(d->keys.keys[o[k]], &kt) || kt < x - 1))
				k++;
			if (k < d->keys.n && !strcmp(d->keys.keys[o[k]], buf)) {
				es_put_int(t, (double)d->count[o[k]]);
				es_put_int(t, (double)d->distinct[o[k]]);
			} else {
				es_put_int(t, 0);
				es_put_int(t, 0);
			}
		}
	} else {
		for (size_t k = first; k < d->keys.n; k++) {
			es_row(t);
			es_put_str(t, d->keys.keys[o[k]]);
			es_put_int(t, (double)d->count[o[k]]);
			es_put_int(t, (double)d->distinct[o[k]]);
		}
	}
	t->total_rows = t->nrows;
	free(o);
	return t;
}

static int cmp_err(const void *a, const void *b)
{
	const es_err *x = &sort_agg->errs[*(const size_t *)a], *y = &sort_agg->errs[*(const size_t *)b];
	size_t ix = *(const size_t *)a, iy = *(const size_t *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(sort_agg->keys.keys[ix], sort_agg->keys.keys[iy]);
}

static void put_time(es_table *t, double v)
{
	char buf[32];
	if (isnan(v)) {
		es_put_null(t);
		return;
	}
	et_time_format(v, buf);
	es_put_str(t, buf);
}

void es_error_columns(es_table *t)
{
	es_col_add(t, "fingerprint", "fingerprint", 0);
	es_col_add(t, "count", "count", 0);
	es_error_desc_columns(t);
	es_col_add(t, "first_seen", "first seen", ES_COL_DATA);
	es_col_add(t, "last_seen", "last seen", ES_COL_DATA);
}

void es_error_desc_columns(es_table *t)
{
	es_col_add(t, "level", "level", 0);
	es_col_add(t, "type", "type", ES_COL_LONG);
	es_col_add(t, "message", "message", ES_COL_LONG);
	es_col_add(t, "location", "location", ES_COL_VIEW | ES_COL_LONG);
	es_col_add(t, "file", "file", ES_COL_DATA);
	es_col_add(t, "line", "line", ES_COL_DATA);
	es_col_add(t, "category", "category", 0);
	es_col_add(t, "severity", "severity", 0);
}

void es_error_desc_cells(es_table *t, const es_err *e)
{
	es_put_str(t, e->level);
	es_put_str(t, e->type);
	es_put_str(t, e->message);
	if (e->file) {
		et_buf loc = ET_BUF_INIT;
		et_buf_addstr(&loc, e->file);
		if (e->line >= 0)
			et_buf_addf(&loc, ":%lld", e->line);
		es_put_str(t, loc.buf);
		et_buf_release(&loc);
	} else {
		es_put_null(t);
	}
	es_put_str(t, e->file);
	if (e->line >= 0)
		es_put_int(t, (double)e->line);
	else
		es_put_null(t);
	es_put_str(t, e->category);
	es_put_str(t, e->severity);
}

static void error_table(es_report *r, const es_agg *a, long top)
{
	es_table *t = es_table_add(r, "top_errors", "Top errors");
	size_t *o = et_xmalloc((a->nerrs + 1) * sizeof *o);
	es_error_columns(t);
	es_col_add(t, "hint", "Hint", ES_COL_UNDER);
	for (size_t i = 0; i < a->nerrs; i++)
		o[i] = i;
	sort_agg = a;
	qsort(o, a->nerrs, sizeof *o, cmp_err);
	t->total_rows = a->nerrs;
	for (size_t k = 0; k < a->nerrs && (!top || (long)k < top); k++) {
		const es_err *e = &a->errs[o[k]];
		es_row(t);
		es_put_str(t, e->fingerprint);
		es_put_int(t, (double)e->count);
		es_error_desc_cells(t, e);
		put_time(t, e->first);
		put_time(t, e->last);
		es_put_str(t, e->hint);
	}
	free(o);
}

static void sum_time(es_report *r, const char *key, const char *label, double t)
{
	char buf[32];
	if (isnan(t)) {
		es_sum_null(r, key, label);
		return;
	}
	et_time_format(t, buf);
	es_sum_str(r, key, label, buf);
}

void es_stats_summary(es_report *r, const es_agg *a, const es_opts *o)
{
	es_sum_int(r, "records", "records", (double)a->records);
	es_sum_int(r, "count", "occurrences (count)", (double)a->count);
	es_sum_int(r, "distinct", "distinct errors (fingerprints)", (double)a->nerrs);
	/* without records nothing is new; records without a status cannot say */
	if (a->have_status || !a->records)
		es_sum_int(r, "new", "new (first seen by the store)", (double)a->nnew);
	sum_time(r, "first", "first seen", a->first);
	sum_time(r, "last", "last seen", a->last);
	if (o->have_since)
		sum_time(r, "since", "since", o->since);
	if (o->have_until)
		sum_time(r, "until", "until (exclusive)", o->until);
}

es_report *es_stats_report(es_agg *a, const es_opts *o)
{
	es_report *r = es_report_new("errstat report");
	es_dim *by = es_agg_by(a);
	es_stats_summary(r, a, o);
	if (by) {
		int timed = !strcmp(by->fields[0], "day") || !strcmp(by->fields[0], "hour");
		static char title[160];
		es_table *t;
		snprintf(title, sizeof title, "By %s", by->name);
		if (timed && by->nf == 1) {
			t = time_table(r, by, "groups", title, by->fields[0][0] == 'h', 1);
		} else {
			t = group_table(r, by, "groups", title, timed ? cmp_group_key : cmp_group_count,
					timed ? 0 : o->top, 0);
			if (by->nf == 1)
				t->chart = ES_CHART_BARS;
		}
		r->primary = 0;
	} else {
		time_table(r, a->dims[ES_DIM_DAY], "per_day", "Occurrences per day", 0, 0);
		group_table(r, a->dims[ES_DIM_LEVEL], "by_level", "By level", cmp_group_count, 0, 0);
		group_table(r, a->dims[ES_DIM_SEVERITY], "by_severity", "By severity",
			    cmp_group_severity, 0, 0);
		group_table(r, a->dims[ES_DIM_CATEGORY], "by_category", "By category", cmp_group_count,
			    o->top, 0)->chart = ES_CHART_BARS;
		group_table(r, a->dims[ES_DIM_FILE], "top_files", "Top files", cmp_group_count, o->top, 1);
		error_table(r, a, o->top);
		r->primary = (int)r->ntab - 1;
	}
	if (es_runs_total(a->runs))
		es_runs_report(a->runs, r, o->top);
	return r;
}
