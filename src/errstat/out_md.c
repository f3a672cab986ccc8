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

static const es_markup md = {
	md_text, "-", { "- **", "**: ", "\n" }, { "\n## ", "\n\n" }, "(none)\n",
};

void es_out_md(const es_report *r, et_buf *b)
{
	et_buf_addstr(b, "# ");
	md_text(b, r->title);
	et_buf_addstr(b, "\n\n");
	es_markup_summary(b, r, &md);
	for (size_t i = 0; i < r->ntab; i++) {
		const es_table *t = r->tabs[i];
		if (!es_markup_title(b, t, &md))
			continue;
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
			if (t->cols[c].flags & ES_COL_DATA)
				continue;
			et_buf_addstr(b, es_col_numeric(t, c) ? "|---:" : "|---");
		}
		et_buf_addstr(b, "|\n");
		for (size_t k = 0; k < t->nrows; k++) {
			for (int c = 0; c < t->ncols; c++) {
				if (t->cols[c].flags & ES_COL_DATA)
					continue;
				et_buf_addstr(b, "| ");
				es_add_cell(b, es_at(t, k, c), md_text, md.null);
				et_buf_addch(b, ' ');
			}
			et_buf_addstr(b, "|\n");
		}
		if (t->total_rows > t->nrows)
			et_buf_addf(b, "\n%zu more not shown.\n", t->total_rows - t->nrows);
	}
	(void)et_prog;
}
