/* errstat report model: a summary and tables, rendered by out_*.c. */
#include "es.h"
#include "et_cli.h"
#include "et_schema.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

es_report *es_report_new(const char *title)
{
	es_report *r = et_xcalloc(1, sizeof *r);
	r->title = et_xstrdup(title);
	r->primary = -1;
	return r;
}

void es_report_free(es_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsum; i++)
		free(r->sum[i].c.s);
	for (size_t i = 0; i < r->ntab; i++) {
		es_table *t = r->tabs[i];
		for (size_t j = 0; j < t->nrows * (size_t)t->ncols; j++)
			free(t->cells[j].s);
		free(t->cells);
		free(t);
	}
	free(r->title);
	free(r);
}

static es_sum *sum_add(es_report *r, const char *key, const char *label)
{
	es_sum *s;
	for (size_t i = 0; i < r->nsum; i++)
		if (!strcmp(r->sum[i].key, key)) {
			free(r->sum[i].c.s);
			r->sum[i].c.s = NULL;
			return &r->sum[i];
		}
	if (r->nsum == sizeof r->sum / sizeof *r->sum)
		et_die("internal error: too many summary items");
	s = &r->sum[r->nsum++];
	s->key = key;
	s->label = label;
	return s;
}

void es_sum_int(es_report *r, const char *key, const char *label, double v)
{
	es_sum *s = sum_add(r, key, label);
	s->c.kind = ES_INT;
	s->c.v = v;
}

void es_sum_num(es_report *r, const char *key, const char *label, double v)
{
	es_sum *s = sum_add(r, key, label);
	s->c.kind = ES_NUM;
	s->c.v = v;
}

void es_sum_str(es_report *r, const char *key, const char *label, const char *str)
{
	es_sum *s = sum_add(r, key, label);
	s->c.kind = str ? ES_STR : ES_NULL;
	s->c.s = str ? et_xstrdup(str) : NULL;
}

void es_sum_null(es_report *r, const char *key, const char *label)
{
	es_sum *s = sum_add(r, key, label);
	s->c.kind = ES_NULL;
}

const es_cell *es_sum_get(const es_report *r, const char *key)
{
	for (size_t i = 0; i < r->nsum; i++)
		if (!strcmp(r->sum[i].key, key))
			return &r->sum[i].c;
	return NULL;
}

es_table *es_table_add(es_report *r, const char *key, const char *title)
{
	es_table *t = et_xcalloc(1, sizeof *t);
	if (r->ntab == sizeof r->tabs / sizeof *r->tabs)
		et_die("internal error: too many tables");
	t->key = key;
	t->title = title;
	t->chart_col = -1;
	r->tabs[r->ntab++] = t;
	return t;
}

void es_col_add(es_table *t, const char *key, const char *head, int flags)
{
	if (t->ncols == (int)(sizeof t->cols / sizeof *t->cols))
		et_die("internal error: too many columns");
	t->cols[t->ncols].key = key;
	t->cols[t->ncols].head = head;
	t->cols[t->ncols].flags = flags;
	t->ncols++;
}

void es_cols_add(es_table *t, const es_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		es_col_add(t, cols[i].key, cols[i].head, cols[i].flags);
}

void es_row(es_table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = et_xrealloc(t->cells, t->cap * (size_t)t->ncols * sizeof *t->cells);
	}
	memset(&t->cells[t->nrows * (size_t)t->ncols], 0, (size_t)t->ncols * sizeof *t->cells);
	t->nrows++;
	t->cur = 0;
}

static es_cell *next_cell(es_table *t)
{
	if (!t->nrows || t->cur >= (size_t)t->ncols)
		et_die("internal error: table %s: too many cells", t->key);
	return &t->cells[(t->nrows - 1) * (size_t)t->ncols + t->cur++];
}

void es_put_str(es_table *t, const char *s)
{
	es_cell *c = next_cell(t);
	c->kind = s ? ES_STR : ES_NULL;
	c->s = s ? et_xstrdup(s) : NULL;
}

void es_put_int(es_table *t, double v) { es_cell *c = next_cell(t); c->kind = ES_INT; c->v = v; }
void es_put_num(es_table *t, double v) { es_cell *c = next_cell(t); c->kind = ES_NUM; c->v = v; }
void es_put_bool(es_table *t, int v) { es_cell *c = next_cell(t); c->kind = ES_BOOL; c->v = v; }
void es_put_null(es_table *t) { next_cell(t)->kind = ES_NULL; }

const es_cell *es_at(const es_table *t, size_t row, int col)
{
	return &t->cells[row * (size_t)t->ncols + (size_t)col];
}

int es_col_index(const es_table *t, const char *key)
{
	for (int i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].key, key))
			return i;
	return -1;
}

int es_col_numeric(const es_table *t, int c)
{
	const es_cell *x = es_at(t, 0, c);
	return x->kind == ES_INT || x->kind == ES_NUM;
}

void es_fmt_num(const es_cell *c, char out[64])
{
	double v = c->v;
	switch (c->kind) {
	case ES_INT:
		snprintf(out, 64, "%.0f", v);
		return;
	case ES_BOOL:
		snprintf(out, 64, "%s", v ? "true" : "false");
		return;
	case ES_NUM:
		if (!isfinite(v))
			snprintf(out, 64, "null");
		else if (v == floor(v) && fabs(v) < 1e15)
			snprintf(out, 64, "%.0f", v);
		else
			snprintf(out, 64, "%.2f", v);
		return;
	default:
		out[0] = '\0';
	}
}

int es_tone(const char *col, const char *value)
{
	if (!strcmp(col, "change"))
		return es_change_tone(value);
	if (!strcmp(col, "severity") || !strcmp(col, "level"))
		return et_schema_rank(col, value);
	return -1;
}

size_t es_text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void es_add_cell(et_buf *b, const es_cell *c, void (*text)(et_buf *, const char *), const char *null)
{
	char num[64];
	if (c->kind == ES_STR) {
		text(b, c->s);
	} else if (c->kind == ES_NULL) {
		et_buf_addstr(b, null);
	} else {
		es_fmt_num(c, num);
		et_buf_addstr(b, num);
	}
}

void es_markup_summary(et_buf *b, const es_report *r, const es_markup *m)
{
	for (size_t i = 0; i < r->nsum; i++) {
		et_buf_addstr(b, m->item[0]);
		m->text(b, r->sum[i].label);
		et_buf_addstr(b, m->item[1]);
		es_add_cell(b, &r->sum[i].c, m->text, m->null);
		et_buf_addstr(b, m->item[2]);
	}
}

int es_markup_title(et_buf *b, const es_table *t, const es_markup *m)
{
	et_buf_addstr(b, m->title[0]);
	m->text(b, t->title);
	et_buf_addstr(b, m->title[1]);
	if (t->nrows)
		return 1;
	et_buf_addstr(b, m->none);
	return 0;
}

void es_add_clean(et_buf *b, const char *s)
{
	for (; *s; s++)
		et_buf_addch(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

void es_sparkline(et_buf *b, const double *v, size_t n, int ascii)
{
	static const char *const blocks[] = { "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char levels[] = "._-=+*#@";
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (size_t i = 0; i < n; i++) {
		int k = max > 0 ? (int)ceil(v[i] / max * 8) - 1 : -1;
		if (k > 7)
			k = 7;
		if (ascii)
			et_buf_addch(b, k < 0 ? ' ' : levels[k]);
		else if (k < 0)
			et_buf_addch(b, ' ');
		else
			et_buf_addstr(b, blocks[k]);
	}
}
