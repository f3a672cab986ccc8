/* errstat aggregation: one pass over the records, memory by distinct groups. */
#include "es.h"
#include "et_cli.h"
#include "et_path.h"
#include "et_utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEP '\x1f'
#define NUL_MARK '\x1e'

static int check_by_field(const char *field)
{
	char err[1024];
	int r = es_check_field(field, err, sizeof err);
	if (r < 0)
		et_usage_error("--by: %s", err);
	return r;
}

static es_dim *dim_new(const char *name)
{
	es_dim *d = et_xcalloc(1, sizeof *d);
	char *copy = et_xstrdup(name), *save = NULL;
	d->name = et_xstrdup(name);
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n && t[n - 1] == ' ')
			t[--n] = '\0';
		if (!n)
			continue;
		d->fields = et_xrealloc(d->fields, (size_t)(d->nf + 1) * sizeof *d->fields);
		d->custom = et_xrealloc(d->custom, (size_t)(d->nf + 1));
		d->seen = et_xrealloc(d->seen, (size_t)(d->nf + 1));
		d->custom[d->nf] = (char)check_by_field(t);
		d->seen[d->nf] = 0;
		d->fields[d->nf++] = et_xstrdup(t);
	}
	free(copy);
	if (!d->nf)
		et_usage_error("--by: no field named in '%s'", name);
	return d;
}

static void dim_free(es_dim *d)
{
	es_strv_free(d->fields, (size_t)d->nf);
	free(d->custom);
	free(d->seen);
	free(d->name);
	es_map_free(&d->keys);
	es_set_free(&d->pairs);
	et_buf_release(&d->norm);
	free(d->count);
	free(d->distinct);
	free(d->records);
	free(d);
}

es_agg *es_agg_new(const char *by)
{
	static const char *const fixed[] = { "level", "severity", "category", "file", "day" };
	es_agg *a = et_xcalloc(1, sizeof *a);
	a->first = a->last = NAN;
	a->ndims = 5 + (by != NULL);
	a->dims = et_xcalloc(a->ndims, sizeof *a->dims);
	for (size_t i = 0; i < 5; i++)
		a->dims[i] = dim_new(fixed[i]);
	/* top files: one file built in two checkouts is one row */
	a->dims[ES_DIM_FILE]->stable_path = 1;
	et_buf_init(&a->dims[ES_DIM_FILE]->norm, 0);
	if (by)
		a->dims[ES_DIM_BY] = dim_new(by);
	a->runs = es_runs_new();
	return a;
}

es_dim *es_agg_by(const es_agg *a)
{
	return a->ndims > ES_DIM_BY ? a->dims[ES_DIM_BY] : NULL;
}

static void free_err(es_err *e)
{
	free(e->fingerprint);
	free(e->level);
	free(e->type);
	free(e->message);
	free(e->file);
	free(e->category);
	free(e->severity);
	free(e->format);
	free(e->hint);
}

void es_agg_free(es_agg *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nerrs; i++)
		free_err(&a->errs[i]);
	free(a->errs);
	es_map_free(&a->keys);
	for (size_t i = 0; i < a->ndims; i++)
		dim_free(a->dims[i]);
	free(a->dims);
	es_runs_free(a->runs);
	free(a);
}

char **es_dim_values(const es_dim *d, size_t g)
{
	char **v = et_xcalloc((size_t)d->nf, sizeof *v);
	const char *k = d->keys.keys[g], *end = k + d->keys.lens[g];
	for (int i = 0; i < d->nf && k <= end; i++) {
		const char *e = memchr(k, SEP, (size_t)(end - k));
		if (!e)
			e = end;
		if (!(e - k == 1 && *k == NUL_MARK))
			v[i] = et_xstrndup(k, (size_t)(e - k));
		k = e + 1;
	}
	return v;
}

static char *dup_field(es_rec *rec, const char *field, et_buf *tmp)
{
	return es_field(rec, field, tmp) ? et_xstrndup(tmp->buf, tmp->len) : NULL;
}

static void dim_add(es_dim *d, es_rec *rec, size_t eid, long long n, et_buf *key, et_buf *tmp)
{
	size_t g;
	int added;
	et_buf_reset(key);
	for (int i = 0; i < d->nf; i++) {
		if (i)
			et_buf_addch(key, SEP);
		if (es_field(rec, d->fields[i], tmp)) {
			if (d->stable_path) {
				et_path_stable(tmp->buf, &d->norm);
				et_buf_reset(tmp);
				et_buf_add(tmp, d->norm.buf, d->norm.len);
			}
			/* a value holding the separators cannot be told apart: replace them */
			for (size_t j = 0; j < tmp->len; j++)
				if (tmp->buf[j] == SEP || tmp->buf[j] == NUL_MARK)
					tmp->buf[j] = ' ';
			et_buf_add(key, tmp->buf, tmp->len);
		} else {
			et_buf_addch(key, NUL_MARK);
		}
	}
	g = es_map_get(&d->keys, key->buf, key->len, &added);
	if (added && g >= d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;
		d->count = et_xrealloc(d->count, ncap * sizeof *d->count);
		d->distinct = et_xrealloc(d->distinct, ncap * sizeof *d->distinct);
		d->records = et_xrealloc(d->records, ncap * sizeof *d->records);
		d->cap = ncap;
	}
	if (added)
		d->count[g] = d->distinct[g] = d->records[g] = 0;
	d->count[g] += n;
	d->records[g]++;
	if (es_set_add(&d->pairs, (uint64_t)g << 32 | (uint64_t)eid))
		d->distinct[g]++;
}

static void minmax(double *lo, double *hi, double t)
{
	if (isnan(*lo) || t < *lo)
		*lo = t;
	if (isnan(*hi) || t > *hi)
		*hi = t;
}

/* marks the fields outside the schema that rec carries */
static void note_seen(es_agg *a, es_rec *rec)
{
	es_dim *by = es_agg_by(a);
	for (int i = 0; by && i < by->nf; i++)
		if (by->custom[i] && !by->seen[i] && es_rec_get(rec, by->fields[i]))
			by->seen[i] = 1;
	for (size_t i = 0; i < a->nsels; i++)
		if (!a->sels[i].seen && es_rec_get(rec, a->sels[i].field))
			a->sels[i].seen = 1;
}

int es_agg_check_seen(const es_agg *a)
{
	es_dim *by = es_agg_by(a);
	int n = 0;
	for (int i = 0; by && i < by->nf; i++)
		if (by->custom[i] && !by->seen[i])
			es_unseen_field("--by", by->fields[i]), n++;
	for (size_t i = 0; i < a->nsels; i++) {
		const es_selector *s = &a->sels[i];
		if (s->seen || (!s->custom && !a->records && !a->skipped_time))
			continue;
		if (s->custom)
			es_unseen_field("--fail-if", s->field);
		else if (strcmp(s->field, "day") && strcmp(s->field, "hour"))
			es_missing_field(s->field);
		else
			continue;
		n++;
	}
	return n;
}

void es_agg_add(es_agg *a, es_rec *rec)
{
	static et_buf key = ET_BUF_INIT, tmp = ET_BUF_INIT;
	const es_kv *kind = es_rec_get(rec, "kind"), *cnt, *fp;
	long long n = 1;
	double t, t0;
	size_t eid;
	int added, have_t, synthetic;

	note_seen(a, rec);
	have_t = !es_rec_time(rec, &t);
	if (a->have_since || a->have_until) {
		if (!have_t || (a->have_since && t < a->since) || (a->have_until && t >= a->until)) {
			a->skipped_time++;
			return;
		}
	}
	if (kind && kind->type != ES_J_NULL) {
		if (kind->type == ES_J_STR && kind->vlen == 3 && !memcmp(kind->v, "run", 3))
			es_runs_add(a->runs, rec);
		else
			a->skipped_other++;
		return;
	}
	cnt = es_rec_get(rec, "count");
	if (cnt && cnt->type == ES_J_NUM) {
		double v = es_kv_num(cnt);
		if (v >= 0 && v < 9e15)
			n = (long long)v;
	}

	fp = es_rec_get(rec, "fingerprint");
	synthetic = !(fp && fp->type == ES_J_STR && fp->vlen);
	et_buf_reset(&key);
	if (!synthetic) {
		es_kv_str(fp, &key);
	} else {
		static const char *const idf[] = { "type", "message", "file" };
		et_buf_addch(&key, NUL_MARK);
		for (int i = 0; i < 3; i++) {
			et_buf_addch(&key, SEP);
			if (es_field(rec, idf[i], &tmp))
				et_buf_add(&key, tmp.buf, tmp.len);
			else
				et_buf_addch(&key, NUL_MARK);
		}
	}
	eid = es_map_get(&a->keys, key.buf, key.len, &added);
	if (added) {
		es_err *e;
		const es_kv *ln = es_rec_get(rec, "line");
		if (a->nerrs == a->errcap) {
			a->errcap = a->errcap ? a->errcap * 2 : 64;
			a->errs = et_xrealloc(a->errs, a->errcap * sizeof *a->errs);
		}
		e = &a->errs[a->nerrs++];
		memset(e, 0, sizeof *e);
		e->synthetic = synthetic;
		e->fingerprint = synthetic ? NULL : et_xstrndup(key.buf, key.len);
		e->level = dup_field(rec, "level", &tmp);
		e->type = dup_field(rec, "type", &tmp);
		e->message = dup_field(rec, "message", &tmp);
		e->file = dup_field(rec, "file", &tmp);
		e->category = dup_field(rec, "category", &tmp);
		e->severity = dup_field(rec, "severity", &tmp);
		e->format = dup_field(rec, "format", &tmp);
		e->hint = dup_field(rec, "hint", &tmp);
		e->line = ln && ln->type == ES_J_NUM ? (long long)es_kv_num(ln) : -1;
		e->first = e->last = NAN;
	}
	{
		es_err *e = &a->errs[eid];
		const es_kv *st = es_rec_get(rec, "status");
		if (st && st->type == ES_J_STR) {
			a->have_status = 1;
			if (!e->is_new && st->vlen == 3 && !memcmp(st->v, "new", 3))
				e->is_new = 1, a->nnew++;
		}
		e->count += n;
		e->records++;
		if (es_rec_time_of(rec, "first_seen", &t0) && es_rec_time_of(rec, "time", &t0))
			t0 = NAN;
		if (!isnan(t0))
			minmax(&e->first, &e->last, t0), minmax(&a->first, &a->last, t0);
		if (have_t)
			minmax(&e->first, &e->last, t), minmax(&a->first, &a->last, t);
	}
	a->count += n;
	a->records++;
	for (size_t i = 0; i < a->ndims; i++)
		dim_add(a->dims[i], rec, eid, n, &key, &tmp);
	for (size_t i = 0; i < a->nsels; i++) {
		es_selector *sel = &a->sels[i];
		if (es_field(rec, sel->field, &tmp) && !strcmp(tmp.buf, sel->value))
			sel->count += n;
	}
}

static void add_cb(void *arg, es_rec *rec)
{
	es_agg_add(arg, rec);
}

void es_agg_read(es_agg *a, const char *name)
{
	es_read(name, add_cb, a);
}
