/*
 * errstat --html: one self-contained page: inline CSS, inline SVG charts
 * (occurrences per day, per category), the summary and every table. No
 * scripts, no external assets; all text escaped.
 */
#include "es.h"
#include "et_cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void esc(et_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': et_buf_addstr(b, "&amp;"); break;
		case '<': et_buf_addstr(b, "&lt;"); break;
		case '>': et_buf_addstr(b, "&gt;"); break;
		case '"': et_buf_addstr(b, "&quot;"); break;
		case '\'': et_buf_addstr(b, "&#39;"); break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				et_buf_addch(b, ' ');
			else
				et_buf_addch(b, *s);
		}
	}
}

/* s cut to max code points, escaped */
static void esc_cut(et_buf *b, const char *s, size_t max)
{
	size_t w = 0, i = 0, n = strlen(s);
	et_buf tmp = ET_BUF_INIT;
	for (; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && w++ == max)
			break;
	et_buf_add(&tmp, s, i);
	if (i < n)
		et_buf_addstr(&tmp, "\u2026");
	esc(b, tmp.buf);
	et_buf_release(&tmp);
}

static const char *label(const es_cell *c)
{
	return c->kind == ES_STR ? c->s : "(none)";
}

/* a round step for about four grid intervals up to max: 1, 2 or 5 times a power of ten */
static double nice_step(double max)
{
	double raw = max / 4, p = 1;
	if (raw <= 1)
		return 1;
	while (p * 10 <= raw)
		p *= 10;
	return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

static void time_chart(et_buf *b, const es_table *t)
{
	double max = 0, step, top_v;
	size_t n = t->nrows, every;
	int W = 960, H = 240, left = 50, right = 10, top = 16, bottom = 40, ngrid;
	double pw = W - left - right, ph = H - top - bottom, bw;
	char num[64];
	for (size_t k = 0; k < n; k++)
		if (es_at(t, k, t->chart_col)->v > max)
			max = es_at(t, k, t->chart_col)->v;
	step = nice_step(max);
	ngrid = max > 0 ? (int)ceil(max / step) : 1;
	top_v = step * ngrid;
	bw = pw / (double)n;
	every = (size_t)ceil(90.0 / bw);
	if (!every)
		every = 1;
	et_buf_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		    "aria-label=\"", W, H, W, H);
	esc(b, t->title);
	et_buf_addstr(b, "\">\n");
	for (int g = 0; g <= ngrid; g++) {
		double y = top + ph - ph * g / ngrid;
		es_cell c = { ES_NUM, NULL, step * g };
		es_fmt_num(&c, num);
		et_buf_addf(b, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
			    "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			    left, y, W - right, y, left - 6, y + 4, num);
	}
	for (size_t k = 0; k < n; k++) {
		const es_cell *v = es_at(t, k, t->chart_col);
		double h = top_v > 0 ? v->v / top_v * ph : 0, x = left + bw * (double)k;
		es_fmt_num(v, num);
		et_buf_addf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
			    "<title>", x + bw * 0.1, top + ph - h, bw * 0.8, h);
		esc(b, label(es_at(t, k, 0)));
		et_buf_addf(b, ": %s</title></rect>\n", num);
		if ((n - 1 - k) % every == 0) {         /* the last label always, then every few */
			et_buf_addf(b, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
				    x + bw / 2, H - bottom + 16);
			esc(b, label(es_at(t, k, 0)));
			et_buf_addstr(b, "</text>\n");
		}
	}
	et_buf_addstr(b, "</svg>\n");
}

static void bars_chart(et_buf *b, const es_table *t)
{
	double max = 0;
	size_t n = t->nrows;
	int W = 960, row = 24, lw = 260, H = (int)n * row + 10;
	char num[64];
	for (size_t k = 0; k < n; k++)
		if (es_at(t, k, t->chart_col)->v > max)
			max = es_at(t, k, t->chart_col)->v;
	et_buf_addf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		    "aria-label=\"", W, H, W, H);
	esc(b, t->title);
	et_buf_addstr(b, "\">\n");
	for (size_t k = 0; k < n; k++) {
		const es_cell *v = es_at(t, k, t->chart_col);
		double w = max > 0 ? v->v / max * (W - lw - 80) : 0;
		int y = (int)k * row + 5;
		es_fmt_num(v, num);
		et_buf_addf(b, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 8, y + 16);
		esc_cut(b, label(es_at(t, k, 0)), 34);
		et_buf_addf(b, "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
			    "<title>", lw, y + 3, w, row - 6);
		esc(b, label(es_at(t, k, 0)));
		et_buf_addf(b, ": %s</title></rect><text class=\"value\" x=\"%.1f\" y=\"%d\">%s</text>\n",
			    num, lw + w + 6, y + 16, num);
	}
	et_buf_addstr(b, "</svg>\n");
}

/* Row k's notes (ES_COL_UNDER) that it has, each a line across the table. */
static void under(et_buf *b, const es_table *t, size_t k)
{
	int shown = 0;
	for (int c = 0; c < t->ncols; c++)
		shown += !(t->cols[c].flags & ES_COL_DATA);
	for (int c = 0; c < t->ncols; c++) {
		const es_cell *x = es_at(t, k, c);
		if ((t->cols[c].flags & ES_COL_UNDER) != ES_COL_UNDER || x->kind != ES_STR || !*x->s)
			continue;
		et_buf_addf(b, "<tr class=\"under\"><td colspan=\"%d\"><strong>", shown);
		esc(b, t->cols[c].head);
		et_buf_addstr(b, ":</strong> ");
		esc(b, x->s);
		et_buf_addstr(b, "</td></tr>\n");
	}
}

static const char css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1000px;"
	"padding:0 1em;color:#1d232b;background:#fff}"
	"h1{font-size:1.6em;margin:.2em 0 .6em}h2{font-size:1.2em;margin:1.6em 0 .5em;"
	"border-bottom:1px solid #d8dee4;padding-bottom:.2em}"
	".summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:.6em}"
	".card{border:1px solid #d8dee4;border-radius:6px;padding:.5em .8em;background:#f6f8fa}"
	".card .k{color:#57606a;font-size:.85em}.card .v{font-size:1.25em;font-weight:600;"
	"overflow-wrap:anywhere}"
	"table{border-collapse:collapse;width:100%;font-size:.92em}"
	"th,td{border-bottom:1px solid #e4e8ec;padding:.3em .5em;text-align:left;vertical-align:top}"
	"th{background:#f6f8fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"td.long{max-width:420px;overflow-wrap:anywhere}"
	".chart{max-width:100%;height:auto;display:block;margin:.5em 0}"
	".bar{fill:#3b7dd8}.grid{stroke:#e4e8ec}.axis,.label,.value{font-size:12px;fill:#57606a}"
	".tone-0{color:#b3261e;font-weight:600}.tone-1{color:#c4491b}"
	".tone-2{color:#8a6100}.tone-3{color:#57606a}"
	".more,.none{color:#57606a}"
	"tr.under td{border-bottom:1px solid #d8dee4;padding-top:0;color:#1f4f8f;overflow-wrap:anywhere}";

static const es_markup html = {
	esc, "\u2013",
	{ "<div class=\"card\"><div class=\"k\">", "</div><div class=\"v\">", "</div></div>\n" },
	{ "<section>\n<h2>", "</h2>\n" }, "<p class=\"none\">(none)</p>\n</section>\n",
};

void es_out_html(const es_report *r, et_buf *b)
{
	et_buf_addstr(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(b, r->title);
	et_buf_addstr(b, "</title>\n<style>");
	et_buf_addstr(b, css);
	et_buf_addstr(b, "</style>\n</head>\n<body>\n<h1>");
	esc(b, r->title);
	et_buf_addstr(b, "</h1>\n<div class=\"summary\">\n");
	es_markup_summary(b, r, &html);
	et_buf_addstr(b, "</div>\n");
	for (size_t i = 0; i < r->ntab; i++) {
		const es_table *t = r->tabs[i];
		if (!es_markup_title(b, t, &html))
			continue;
		if (t->chart == ES_CHART_TIME)
			time_chart(b, t);
		else if (t->chart == ES_CHART_BARS)
			bars_chart(b, t);
		et_buf_addstr(b, "<table>\n<thead><tr>");
		for (int c = 0; c < t->ncols; c++) {
			if (t->cols[c].flags & ES_COL_DATA)
				continue;
			et_buf_addstr(b, es_col_numeric(t, c) ? "<th class=\"n\">" : "<th>");
			esc(b, t->cols[c].head);
			et_buf_addstr(b, "</th>");
		}
		et_buf_addstr(b, "</tr></thead>\n<tbody>\n");
		for (size_t k = 0; k < t->nrows; k++) {
			et_buf_addstr(b, "<tr>");
			for (int c = 0; c < t->ncols; c++) {
				const es_cell *x = es_at(t, k, c);
				const char *key = t->cols[c].key;
				if (t->cols[c].flags & ES_COL_DATA)
					continue;
				if (x->kind == ES_INT || x->kind == ES_NUM)
					et_buf_addstr(b, "<td class=\"n\">");
				else if (t->cols[c].flags & ES_COL_LONG)
					et_buf_addstr(b, "<td class=\"long\">");
				else if (x->kind == ES_STR && es_tone(key, x->s) >= 0)
					et_buf_addf(b, "<td class=\"tone-%d\">", es_tone(key, x->s));
				else
					et_buf_addstr(b, "<td>");
				es_add_cell(b, x, esc, html.null);
				et_buf_addstr(b, "</td>");
			}
			et_buf_addstr(b, "</tr>\n");
			under(b, t, k);
		}
		et_buf_addstr(b, "</tbody>\n</table>\n");
		if (t->total_rows > t->nrows)
			et_buf_addf(b, "<p class=\"more\">%zu more not shown.</p>\n", t->total_rows - t->nrows);
		et_buf_addstr(b, "</section>\n");
	}
	et_buf_addstr(b, "</body>\n</html>\n");
}
