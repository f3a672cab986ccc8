/* errstat runs: errcap's {"kind":"run"} records: success rate, durations, fix journeys. */
#include "es.h"
#include "et_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t cmd, session;    /* ids; session ES_NONE when absent */
	int ok;
	double dur;             /* NAN when unknown */
	char *started;          /* for ordering within a session; may be NULL */
	size_t seq;
} run;

struct es_runs {
	run *v;
	size_t n, cap;
	es_map cmds, sessions;
	size_t failed;
};

es_runs *es_runs_new(void)
{
	return et_xcalloc(1, sizeof(es_runs));
}

void es_runs_free(es_runs *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].started);
	free(r->v);
	es_map_free(&r->cmds);
	es_map_free(&r->sessions);
	free(r);
}

size_t es_runs_total(const es_runs *r) { return r->n; }
size_t es_runs_failed(const es_runs *r) { return r->failed; }

void es_runs_add(es_runs *r, es_rec *rec)
{
	static et_buf tmp = ET_BUF_INIT;
	const es_kv *st = es_rec_get(rec, "exit_status"), *sig = es_rec_get(rec, "signal");
	const es_kv *d = es_rec_get(rec, "duration_ms");
	run *x;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->v = et_xrealloc(r->v, r->cap * sizeof *r->v);
	}
	x = &r->v[r->n];
	x->seq = r->n++;
	if (!es_field(rec, "command", &tmp))
		et_buf_addstr(&tmp, "(unknown)");
	x->cmd = es_map_get(&r->cmds, tmp.buf, tmp.len, NULL);
	x->session = es_field(rec, "session", &tmp) ? es_map_get(&r->sessions, tmp.buf, tmp.len, NULL)
						    : ES_NONE;
	x->ok = st && st->type == ES_J_NUM && es_kv_num(st) == 0 && !(sig && sig->type != ES_J_NULL);
	x->dur = d && d->type == ES_J_NUM ? es_kv_num(d) : NAN;
	x->started = es_field(rec, "started", &tmp) ? et_xstrdup(tmp.buf) : NULL;
	if (!x->ok)
		r->failed++;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* mean and p95 (nearest rank) of the known durations in v[0..n) (sorted in place) */
static int stats(double *v, size_t n, double *mean, double *p95)
{
	double sum = 0;
	size_t rank;
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / (double)n;
	rank = (size_t)ceil(0.95 * (double)n);
	*p95 = v[rank ? rank - 1 : 0];
	return 1;
}

static const es_runs *sort_ctx;

static int cmp_session_order(const void *a, const void *b)
{
	const run *x = &sort_ctx->v[*(const size_t *)a], *y = &sort_ctx->v[*(const size_t *)b];
	int c;
	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	if (x->started && y->started && (c = strcmp(x->started, y->started)))
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

typedef struct {
	size_t id, runs, failed;
	double mean, p95;
	int have_dur;
} cmdstat;

static int cmp_cmd(const void *a, const void *b)
{
	const cmdstat *x = a, *y = b;
	if (x->failed != y->failed)
		return x->failed > y->failed ? -1 : 1;
	if (x->runs != y->runs)
		return x->runs > y->runs ? -1 : 1;
	return strcmp(sort_ctx->cmds.keys[x->id], sort_ctx->cmds.keys[y->id]);
}

void es_runs_report(const es_runs *r, es_report *rep, long top)
{
	double *d = et_xmalloc((r->n + 1) * sizeof *d), mean, p95;
	size_t nd = 0, nc = r->cmds.n, ns = r->sessions.n, *order, resolved = 0, amax = 0;
	double asum = 0;
	cmdstat *cs = et_xcalloc(nc + 1, sizeof *cs);
	es_table *t;

	es_sum_int(rep, "runs", "runs", (double)r->n);
	es_sum_int(rep, "failed_runs", "failed runs", (double)r->failed);
	if (r->n)
		es_sum_num(rep, "success_rate", "success rate (%)",
			   100.0 * (double)(r->n - r->failed) / (double)r->n);
	else
		es_sum_null(rep, "success_rate", "success rate (%)");
	for (size_t i = 0; i < r->n; i++)
		if (!isnan(r->v[i].dur))
			d[nd++] = r->v[i].dur;
	if (stats(d, nd, &mean, &p95)) {
		es_sum_num(rep, "duration_mean_ms", "mean duration (ms)", mean);
		es_sum_num(rep, "duration_p95_ms", "p95 duration (ms)", p95);
	} else {
		es_sum_null(rep, "duration_mean_ms", "mean duration (ms)");
		es_sum_null(rep, "duration_p95_ms", "p95 duration (ms)");
	}

	/* per command */
	sort_ctx = r;
	for (size_t c = 0; c < nc; c++) {
		cs[c].id = c;
		nd = 0;
		for (size_t i = 0; i < r->n; i++) {
			if (r->v[i].cmd != c)
				continue;
			cs[c].runs++;
			cs[c].failed += !r->v[i].ok;
			if (!isnan(r->v[i].dur))
				d[nd++] = r->v[i].dur;
		}
		cs[c].have_dur = stats(d, nd, &cs[c].mean, &cs[c].p95);
	}
	qsort(cs, nc, sizeof *cs, cmp_cmd);
	t = es_table_add(rep, "runs_by_command", "Runs by command");
	es_col_add(t, "command", "command", ES_COL_LONG);
	es_col_add(t, "runs", "runs", 0);
	es_col_add(t, "failed", "failed", 0);
	es_col_add(t, "success_rate", "success %", 0);
	es_col_add(t, "duration_mean_ms", "mean ms", 0);
	es_col_add(t, "duration_p95_ms", "p95 ms", 0);
	t->total_rows = nc;
	for (size_t k = 0; k < nc && (!top || (long)k < top); k++) {
		es_row(t);
		es_put_str(t, r->cmds.keys[cs[k].id]);
		es_put_int(t, (double)cs[k].runs);
		es_put_int(t, (double)cs[k].failed);
		es_put_num(t, 100.0 * (double)(cs[k].runs - cs[k].failed) / (double)cs[k].runs);
		if (cs[k].have_dur) {
			es_put_num(t, cs[k].mean);
			es_put_num(t, cs[k].p95);
		} else {
			es_put_null(t);
			es_put_null(t);
		}
	}

	/* per session: attempts until the first successful run */
	order = et_xmalloc((r->n + 1) * sizeof *order);
	nd = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].session != ES_NONE)
			order[nd++] = i;
	qsort(order, nd, sizeof *order, cmp_session_order);
	t = es_table_add(rep, "sessions", "Attempts until success per session");
	es_col_add(t, "session", "session", 0);
	es_col_add(t, "runs", "runs", 0);
	es_col_add(t, "attempts_until_success", "attempts until success", 0);
	es_col_add(t, "succeeded", "succeeded", 0);
	t->total_rows = ns;
	for (size_t i = 0, shown = 0; i < nd;) {
		size_t j = i, att = 0, nr = 0;
		int ok = 0;
		while (j < nd && r->v[order[j]].session == r->v[order[i]].session) {
			nr++;
			if (!ok) {
				att++;
				ok = r->v[order[j]].ok;
			}
			j++;
		}
		if (ok) {
			resolved++;
			asum += (double)att;
			if (att > amax)
				amax = att;
		}
		if (!top || (long)shown < top) {
			es_row(t);
			es_put_str(t, r->sessions.keys[r->v[order[i]].session]);
			es_put_int(t, (double)nr);
			if (ok)
				es_put_int(t, (double)att);
			else
				es_put_null(t);
			es_put_bool(t, ok);
			shown++;
		}
		i = j;
	}
	es_sum_int(rep, "sessions", "sessions", (double)ns);
	es_sum_int(rep, "sessions_succeeded", "sessions that succeeded", (double)resolved);
	if (resolved) {
		es_sum_num(rep, "attempts_mean", "mean attempts until success", asum / (double)resolved);
		es_sum_int(rep, "attempts_max", "most attempts until success", (double)amax);
	} else {
		es_sum_null(rep, "attempts_mean", "mean attempts until success");
		es_sum_null(rep, "attempts_max", "most attempts until success");
	}
	free(order);
	free(cs);
	free(d);
}
