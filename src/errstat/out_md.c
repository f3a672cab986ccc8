/* errstat --markdown: a daily analysis file: summary list and GitHub-style tables. */
#include "es.h"
#include "et_cli.h"

#include <stdlib.h>
#include <string.h>

/* Text in a table cell or list item: markdown's special characters escaped. */
static void md_text(et_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			et_buf_addch(b, ' ');
		else if (strchr("\\`*_[]<>|#~&", c))
			et_buf_addch(b, '\\'), et_buf_addch(b, (char)c);
		else
			et_buf_addch(b, (char)c);
	}
}

static void md_cell(et_buf *b, const es_cell *c)
{
	char num[64];
	if (c->kind == ES_STR) {
		md_text(b, c->s);
	} else if (c->kind == ES_NULL) {
		et_buf_addch(b, '-');
	} else {
		es_fmt_num(c, num);
		et_buf_addstr(b, num);
	}
}

void es_out_md(const es_report *r, et_buf *b)
{
	et_buf_addstr(b, "# ");
	md_text(b, r->title);
	et_buf_addstr(b, "\n\n");
	for (size_t i = 0; i < r->nsum; i++) {
		et_buf_addstr(b, "- **");
		md_text(b, r->sum[i].label);
		et_buf_addstr(b, "**: ");
		md_cell(b, &r->sum[i].c);
		et_buf_addch(b, '\n');
	}
	for (size_t i = 0; i < r->ntab; i++) {
		const es_table *t = r->tabs[i];
		et_buf_addstr(b, "\n## ");
		md_text(b, t->title);
		et_buf_addstr(b, "\n\n");
		if (!t->nrows) {
			et_buf_addstr(b, "(none)\n");
			continue;
		}
		if (t->chart == ES_CHART_TIME && t->nrows > 1) {
			double *v = et_xmalloc(t->nrows * sizeof *v);
			for (size_t k = 0; k < t->nrows; k++)
				v[k] = es_at(t, k, t->chart_col)->v;
			et_buf_addstr(b, "Trend: `");
			es_sparkline(b, v, t->nrows, 0);
			et_buf_addstr(b, "`\n\n");
			free(v);
		}
		for (int c = 0; c < t->ncols; c++) {
			if (t->cols[c].flags & ES_COL_DATA)
				continue;
			et_buf_addstr(b, "| ");
			md_text(b, t->cols[c].head);
			et_buf_addch(b, ' ');
		}
		et_buf_addstr(b, "|\n");
		for (int c = 0; c < t->ncols; c++) {
			const es_cell *x = es_at(t, 0, c);
			if (t->cols[c].flags & ES_COL_DATA)
				continue;
			et_buf_addstr(b, x->kind == ES_INT || x->kind == ES_NUM ? "|---:" : "|---");
		}
		et_buf_addstr(b, "|\n");
		for (size_t k = 0; k < t->nrows; k++) {
			for (int c = 0; c < t->ncols; c++) {
				if (t->cols[c].flags & ES_COL_DATA)
					continue;
				et_buf_addstr(b, "| ");
				md_cell(b, es_at(t, k, c));
				et_buf_addch(b, ' ');
			}
			et_buf_addstr(b, "|\n");
		}
		if (t->total_rows > t->nrows)
			et_buf_addf(b, "\n%zu more not shown.\n", t->total_rows - t->nrows);
	}
	(void)et_prog;
}
