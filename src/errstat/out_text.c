/* errstat text output: aligned columns, bar charts, colour on a terminal. */
#include "es.h"
#include "et_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOLD "\033[1m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static void color_on(et_buf *b, const es_out *o, const char *c)
{
	if (o->color)
		et_buf_addstr(b, c);
}

static void color_off(et_buf *b, const es_out *o)
{
	if (o->color)
		et_buf_addstr(b, RESET);
}

static const char *value_color(const char *col, const char *v)
{
	static const char *const by_tone[] = { BOLD RED, RED, YELLOW, DIM };
	int t = es_tone(col, v);
	return t >= 0 ? by_tone[t] : NULL;
}

/* The cell's text for the terminal: cleaned, and cut to max columns. */
static void cell_text(et_buf *b, const es_cell *c, size_t max, int ascii)
{
	et_buf_reset(b);
	es_add_cell(b, c, es_add_clean, "-");
	if (max && es_text_width(b->buf) > max) {
		size_t w = 0, i = 0, keep = max > 1 ? max - 1 : 1;
		for (; i < b->len; i++) {
			if (((unsigned char)b->buf[i] & 0xc0) != 0x80) {
				if (w == keep)
					break;
				w++;
			}
		}
		et_buf_setlen(b, i);
		et_buf_addstr(b, ascii ? "~" : "\u2026");
	}
}

static void pad(et_buf *b, size_t n)
{
	while (n--)
		et_buf_addch(b, ' ');
}

static void bar(et_buf *b, double v, double max, size_t width, int ascii)
{
	static const char *const part[] = { "", "\u258f", "\u258e", "\u258d", "\u258c",
					    "\u258b", "\u258a", "\u2589" };
	double cells = max > 0 ? v / max * (double)width : 0;
	size_t full = (size_t)cells;
	int eighths = (int)((cells - (double)full) * 8);
	if (v > 0 && full == 0 && eighths == 0)
		eighths = 1;            /* something, however small, shows */
	for (size_t i = 0; i < full; i++)
		et_buf_addstr(b, ascii ? "#" : "\u2588");
	if (eighths)
		et_buf_addstr(b, ascii ? (eighths >= 4 ? "#" : ".") : part[eighths]);
}

static void table(et_buf *out, const es_table *t, const es_out *o)
{
	size_t w[20] = { 0 };
	int vis[20], numeric[20];
	et_buf cell = ET_BUF_INIT;
	double max = 0;
	size_t used = 2;
	int chart = t->chart != ES_CHART_NONE && t->chart_col >= 0;

	color_on(out, o, BOLD CYAN);
	et_buf_addstr(out, t->title);
	color_off(out, o);
	et_buf_addch(out, '\n');
	if (!t->nrows) {
		et_buf_addstr(out, "  (none)\n\n");
		return;
	}
	for (int c = 0; c < t->ncols; c++) {
		size_t cap = !(t->cols[c].flags & ES_COL_LONG) ? 0 :
			     !strcmp(t->cols[c].key, "message") ? 50 : 36;
		int has_num = 0, has_str = 0;
		vis[c] = !(t->cols[c].flags & ES_COL_DATA);
		w[c] = es_text_width(t->cols[c].head);
		for (size_t r = 0; r < t->nrows; r++) {
			const es_cell *x = es_at(t, r, c);
			cell_text(&cell, x, cap, o->ascii);
			if (es_text_width(cell.buf) > w[c])
				w[c] = es_text_width(cell.buf);
			has_str |= x->kind == ES_STR;
			has_num |= x->kind == ES_INT || x->kind == ES_NUM;
			if (c == t->chart_col && x->v > max)
				max = x->v;
		}
		numeric[c] = has_num && !has_str;
		if (vis[c])
			used += w[c] + 2;
	}
	/* header */
	et_buf_addstr(out, "  ");
	color_on(out, o, BOLD);
	for (int c = 0; c < t->ncols; c++) {
		size_t hw = es_text_width(t->cols[c].head);
		if (!vis[c])
			continue;
		if (numeric[c])
			pad(out, w[c] - hw);
		et_buf_addstr(out, t->cols[c].head);
		if (!numeric[c] && (c + 1 < t->ncols || chart))
			pad(out, w[c] - hw);
		et_buf_addstr(out, "  ");
	}
	color_off(out, o);
	while (out->len && out->buf[out->len - 1] == ' ')
		out->len--;
	et_buf_addch(out, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		size_t start = out->len;
		et_buf_addstr(out, "  ");
		for (int c = 0; c < t->ncols; c++) {
			const es_cell *x = es_at(t, r, c);
			size_t cap = !(t->cols[c].flags & ES_COL_LONG) ? 0 :
				     !strcmp(t->cols[c].key, "message") ? 50 : 36;
			const char *col = NULL;
			size_t cw;
			if (!vis[c])
				continue;
			cell_text(&cell, x, cap, o->ascii);
			cw = es_text_width(cell.buf);
			if (x->kind == ES_STR)
				col = value_color(t->cols[c].key, x->s);
			if (numeric[c])
				pad(out, w[c] - cw);
			if (col)
				color_on(out, o, col);
			et_buf_add(out, cell.buf, cell.len);
			if (col)
				color_off(out, o);
			if (!numeric[c])
				pad(out, w[c] - cw);
			et_buf_addstr(out, "  ");
		}
		if (chart) {
			size_t bw = o->width > (int)used + 10 ? (size_t)o->width - used - 1 : 10;
			if (bw > 50)
				bw = 50;
			color_on(out, o, CYAN);
			bar(out, es_at(t, r, t->chart_col)->v, max, bw, o->ascii);
			color_off(out, o);
		}
		while (out->len > start && out->buf[out->len - 1] == ' ')
			out->len--;
		et_buf_addch(out, '\n');
	}
	if (t->total_rows > t->nrows)
		et_buf_addf(out, "  ... %zu more (--top 0 shows all)\n", t->total_rows - t->nrows);
	et_buf_addch(out, '\n');
	et_buf_release(&cell);
}

void es_out_text(const es_report *r, const es_out *o, et_buf *out)
{
	size_t lw = 0;
	color_on(out, o, BOLD);
	et_buf_addstr(out, r->title);
	color_off(out, o);
	et_buf_addch(out, '\n');
	for (size_t i = 0; i < r->nsum; i++)
		if (es_text_width(r->sum[i].label) > lw)
			lw = es_text_width(r->sum[i].label);
	for (size_t i = 0; i < r->nsum; i++) {
		et_buf_addstr(out, "  ");
		et_buf_addstr(out, r->sum[i].label);
		et_buf_addch(out, ':');
		pad(out, lw - es_text_width(r->sum[i].label) + 1);
		es_add_cell(out, &r->sum[i].c, es_add_clean, "-");
		et_buf_addch(out, '\n');
	}
	/* a sparkline of the time series, when there is one */
	for (size_t i = 0; i < r->ntab; i++) {
		const es_table *t = r->tabs[i];
		if (t->chart == ES_CHART_TIME && t->nrows > 1) {
			double *v = et_xmalloc(t->nrows * sizeof *v);
			for (size_t k = 0; k < t->nrows; k++)
				v[k] = es_at(t, k, t->chart_col)->v;
			et_buf_addstr(out, "  trend: ");
			es_add_clean(out, es_at(t, 0, 0)->s ? es_at(t, 0, 0)->s : "");
			et_buf_addch(out, ' ');
			color_on(out, o, CYAN);
			es_sparkline(out, v, t->nrows, o->ascii);
			color_off(out, o);
			et_buf_addch(out, ' ');
			es_add_clean(out, es_at(t, t->nrows - 1, 0)->s ? es_at(t, t->nrows - 1, 0)->s : "");
			et_buf_addch(out, '\n');
			free(v);
			break;
		}
	}
	et_buf_addch(out, '\n');
	for (size_t i = 0; i < r->ntab; i++)
		table(out, r->tabs[i], o);
}
