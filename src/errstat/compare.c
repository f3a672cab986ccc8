/* errstat --compare OLD NEW: fingerprints appeared, gone, increased, decreased. */
#include "es.h"
#include "et_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CH_APPEARED, CH_INCREASED, CH_DECREASED, CH_GONE };
static const char *const change_name[] = { "appeared", "increased", "decreased", "gone" };

int es_change_tone(const char *value)
{
	static const int tone[] = { 0, 1, 3, 3 };
	for (size_t i = 0; i < sizeof change_name / sizeof *change_name; i++)
		if (!strcmp(value, change_name[i]))
			return tone[i];
	return -1;
}

typedef struct {
	int change;
	const es_err *e;        /* the NEW side's, or OLD's for gone */
	const char *key;
	long long old, cur;
} change;

static int cmp_change(const void *a, const void *b)
{
	const change *x = a, *y = b;
	long long dx = x->cur - x->old, dy = y->cur - y->old;
	if (x->change != y->change)
		return x->change - y->change;
	if (dx < 0)
		dx = -dx;
	if (dy < 0)
		dy = -dy;
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->key, y->key);
}

es_report *es_compare_report(es_agg *old, es_agg *cur, const es_opts *o, long long out[4])
{
	es_report *r = es_report_new("errstat comparison");
	size_t n = 0, cap = cur->nerrs + old->nerrs + 1;
	change *v = et_xmalloc(cap * sizeof *v);
	long long k[4] = { 0, 0, 0, 0 }, unchanged = 0;
	size_t shown[4] = { 0, 0, 0, 0 };
	es_table *t;

	for (size_t i = 0; i < cur->nerrs; i++) {
		size_t j = es_map_find(&old->keys, cur->keys.keys[i], cur->keys.lens[i]);
		long long oc = j == ES_NONE ? 0 : old->errs[j].count, nc = cur->errs[i].count;
		int ch = j == ES_NONE ? CH_APPEARED : nc > oc ? CH_INCREASED : nc < oc ? CH_DECREASED : -1;
		if (ch < 0) {
			unchanged++;
			continue;
		}
		v[n++] = (change){ ch, &cur->errs[i], cur->keys.keys[i], oc, nc };
	}
	for (size_t j = 0; j < old->nerrs; j++)
		if (es_map_find(&cur->keys, old->keys.keys[j], old->keys.lens[j]) == ES_NONE)
			v[n++] = (change){ CH_GONE, &old->errs[j], old->keys.keys[j], old->errs[j].count, 0 };
	qsort(v, n, sizeof *v, cmp_change);
	for (size_t i = 0; i < n; i++)
		k[v[i].change]++;

	es_sum_int(r, "old_records", "records before", (double)old->records);
	es_sum_int(r, "old_count", "occurrences before", (double)old->count);
	es_sum_int(r, "old_distinct", "distinct errors before", (double)old->nerrs);
	es_stats_summary(r, cur, o);
	es_sum_int(r, "appeared", "appeared (not in OLD)", (double)k[CH_APPEARED]);
	es_sum_int(r, "gone", "gone", (double)k[CH_GONE]);
	es_sum_int(r, "increased", "increased", (double)k[CH_INCREASED]);
	es_sum_int(r, "decreased", "decreased", (double)k[CH_DECREASED]);
	es_sum_int(r, "unchanged", "unchanged", (double)unchanged);

	t = es_table_add(r, "changes", "Changes");
	es_col_add(t, "change", "change", 0);
	es_col_add(t, "fingerprint", "fingerprint", 0);
	es_col_add(t, "old_count", "before", 0);
	es_col_add(t, "new_count", "now", 0);
	es_col_add(t, "delta", "delta", 0);
	es_error_desc_columns(t);
	t->total_rows = n;
	for (size_t i = 0; i < n; i++) {
		const es_err *e = v[i].e;
		if (o->top && (long)shown[v[i].change] >= o->top)
			continue;
		shown[v[i].change]++;
		es_row(t);
		es_put_str(t, change_name[v[i].change]);
		es_put_str(t, e->fingerprint);
		es_put_int(t, (double)v[i].old);
		es_put_int(t, (double)v[i].cur);
		es_put_int(t, (double)(v[i].cur - v[i].old));
		es_error_desc_cells(t, e);
	}
	r->primary = (int)r->ntab - 1;
	memcpy(out, k, sizeof k);
	free(v);
	return r;
}
