/* errstat --json: one JSON document: {"report", "summary": {...}, TABLE: [{...}], ...}. */
#include "es.h"
#include "et_cli.h"
#include "et_rec.h"

#include <math.h>
#include <string.h>

static cJSON *cell_json(const es_cell *c)
{
	switch (c->kind) {
	case ES_STR:
		return et_json_strn(c->s, strlen(c->s));
	case ES_INT:
		return cJSON_CreateNumber(c->v);
	case ES_NUM:
		return isfinite(c->v) ? cJSON_CreateNumber(round(c->v * 100) / 100) : cJSON_CreateNull();
	case ES_BOOL:
		return cJSON_CreateBool(c->v != 0);
	default:
		return cJSON_CreateNull();
	}
}

void es_out_json(const es_report *r, et_buf *b)
{
	cJSON *doc = cJSON_CreateObject(), *sum = cJSON_CreateObject();
	et_buf tmp = ET_BUF_INIT;
	if (!doc || !sum)
		et_die("out of memory");
	et_json_set_str(doc, "report", r->title);
	for (size_t i = 0; i < r->nsum; i++)
		et_json_set(sum, r->sum[i].key, cell_json(&r->sum[i].c));
	et_json_set(doc, "summary", sum);
	for (size_t i = 0; i < r->ntab; i++) {
		const es_table *t = r->tabs[i];
		cJSON *arr = cJSON_CreateArray();
		if (!arr)
			et_die("out of memory");
		for (size_t k = 0; k < t->nrows; k++) {
			cJSON *row = cJSON_CreateObject();
			if (!row)
				et_die("out of memory");
			for (int c = 0; c < t->ncols; c++)
				if (!(t->cols[c].flags & ES_COL_VIEW))
					et_json_set(row, t->cols[c].key, cell_json(es_at(t, k, c)));
			cJSON_AddItemToArray(arr, row);
		}
		et_json_set(doc, t->key, arr);
	}
	et_rec_print(&tmp, doc);
	et_buf_add(b, tmp.buf, tmp.len);
	et_buf_addch(b, '\n');
	et_buf_release(&tmp);
	cJSON_Delete(doc);
}
