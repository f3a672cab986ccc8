/*
 * errstat --csv: the report's main table as RFC 4180 CSV (libcsv quotes the
 * fields that need it): a header row of column names, then one row per
 * group, CRLF line ends. A null is an empty field.
 */
#include "es.h"
#include "et_cli.h"

#include <csv.h>
#include <string.h>

static void field(et_buf *b, const char *s, size_t n)
{
	size_t need;
	if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
		et_buf_add(b, s, n);
		return;
	}
	need = csv_write(NULL, 0, s, n);
	et_buf_grow(b, need);
	csv_write(b->buf + b->len, need, s, n);
	et_buf_setlen(b, b->len + need);
}

void es_out_csv(const es_report *r, et_buf *b)
{
	const es_table *t;
	int first = 1;
	char num[64];
	if (!r->ntab)
		return;
	t = r->tabs[r->primary >= 0 ? r->primary : 0];
	for (int c = 0; c < t->ncols; c++) {
		if (t->cols[c].flags & ES_COL_VIEW)
			continue;
		if (!first)
			et_buf_addch(b, ',');
		first = 0;
		field(b, t->cols[c].key, strlen(t->cols[c].key));
	}
	et_buf_addstr(b, "\r\n");
	for (size_t k = 0; k < t->nrows; k++) {
		first = 1;
		for (int c = 0; c < t->ncols; c++) {
			const es_cell *x = es_at(t, k, c);
			if (t->cols[c].flags & ES_COL_VIEW)
				continue;
			if (!first)
				et_buf_addch(b, ',');
			first = 0;
			if (x->kind == ES_STR) {
				field(b, x->s, strlen(x->s));
			} else if (x->kind != ES_NULL) {
				es_fmt_num(x, num);
				et_buf_addstr(b, num);
			}
		}
		et_buf_addstr(b, "\r\n");
	}
}
