/*
 * errstat internals: the aggregation engine (agg.c, runs.c), the report
 * model every output format renders (report.c), the report builders
 * (stats.c, compare.c, db.c), the --fail-if language (expr.c) and the
 * renderers (out_*.c).
 *
 * Words: "count" is always occurrences (the sum of errhash's `count`, 1 per
 * raw record); "distinct" is the number of fingerprints. A record without a
 * fingerprint is identified by its (type, message, file) triple.
 */
#ifndef ES_H
#define ES_H

#include <stddef.h>
#include <stdint.h>
#include "et_buf.h"

/* ---- maps (map.c) ---- */

/* Byte-string keys to dense ids 0..n-1. Keys are copied. */
typedef struct {
	uint32_t *slots;        /* id + 1; 0 = empty */
	size_t cap;             /* power of two */
	char **keys;
	size_t *lens;
	uint64_t *hashes;
	size_t n, kcap;
} es_map;

#define ES_NONE ((size_t)-1)

/* The id of key, adding it when absent (*added = 1 then, when added != NULL). */
size_t es_map_get(es_map *m, const char *k, size_t len, int *added);
/* The id of key, or ES_NONE. */
size_t es_map_find(const es_map *m, const char *k, size_t len);
void es_map_free(es_map *m);
/* Frees the n strings of v and v (NULL entries and v == NULL allowed). */
void es_strv_free(char **v, size_t n);

/* A set of 64-bit values. */
typedef struct {
	uint64_t *slots;        /* value + 1; 0 = empty */
	size_t cap, n;
} es_set;

/* Adds v; returns 1 when it was not there. v must not be UINT64_MAX. */
int es_set_add(es_set *s, uint64_t v);
void es_set_free(es_set *s);

/* ---- records (rec.c): a flat view of one JSON Lines record ---- */

enum { ES_J_STR, ES_J_NUM, ES_J_TRUE, ES_J_FALSE, ES_J_NULL, ES_J_ARR, ES_J_OBJ };

/* A top-level member: its key and value as they stand in the line. */
typedef struct {
	const char *k, *v;      /* key without quotes; value (a string without quotes) */
	size_t klen, vlen;
	int type;               /* ES_J_* */
	int esc, kesc;          /* value / key holds backslash escapes */
} es_kv;

typedef struct {
	es_kv *kv;
	size_t n, cap;
	uint64_t keys;          /* bit es_key_bit(k, klen) of each unescaped key: absent keys are told fast */
	int have_time;          /* 0 unknown, 1 known, -1 none (es_rec_time's cache) */
	double t;
} es_rec;

/*
 * Checks that line[0..len) is one JSON object (RFC 8259, nesting up to
 * 1000) with nothing but white space after it, and records where its
 * top-level members stand. Returns 0, or -1 when it is not one. The line
 * must stay unchanged while r is used.
 */
int es_rec_parse(es_rec *r, const char *line, size_t len);
/* The first member named key, or NULL. */
const es_kv *es_rec_get(const es_rec *r, const char *key);
/* Appends a string member's value, unescaped and made valid UTF-8. */
void es_kv_str(const es_kv *kv, et_buf *out);
/* Appends an array or object member as compact JSON. */
void es_kv_raw(const es_kv *kv, et_buf *out);
double es_kv_num(const es_kv *kv);
/*
 * Reads records from NAME ("-" is stdin) and calls fn(arg, rec) for each.
 * Blank lines are skipped; a line that is not a JSON object is reported as
 * "errstat: NAME:LINE: not a JSON object: EXCERPT" (et_trouble set) and
 * skipped; an unreadable NAME is reported and skipped.
 */
void es_read(const char *name, void (*fn)(void *, es_rec *), void *arg);

/* ---- field values ---- */

/*
 * The text of rec's FIELD as errstat groups and compares it: a string as it
 * is (made valid UTF-8), a number in shortest form ("42", "0.5"), true /
 * false, an array or object as compact JSON. The pseudo-fields "day" and
 * "hour" are the UTC day / hour of the record's time (es_rec_time). Returns
 * 0 when the field is absent or null (out is then empty).
 */
int es_field(es_rec *rec, const char *field, et_buf *out);

/*
 * The record's time, in this order: `last_seen`, `time`, `started`. Returns
 * 0 and sets *t, or -1 when it has none that parses.
 */
int es_rec_time(es_rec *rec, double *t);

/* The time in rec's string member key: 0 and *t, or -1 when absent or not a time. */
int es_rec_time_of(const es_rec *rec, const char *key, double *t);

/* ---- field names given on the command line (fields.c) ---- */

/*
 * Checks a field name from --by or --fail-if: 0 when docs/schema.md
 * documents it (or it is day or hour); -1 with a message in err when it is
 * a misspelling of one; 1 when it is some other name, which is then good
 * only if a record carries it (es_unseen_field says otherwise).
 */
int es_check_field(const char *field, char *err, size_t errsz);
/* Checks a value of a closed field (level, severity, status): 0, or -1 with a message. */
int es_check_value(const char *field, const char *value, char *err, size_t errsz);
/* Reports "errstat: OPT: unknown field 'F': ..." and sets et_trouble. */
void es_unseen_field(const char *opt, const char *field);
/* Reports that no record has the documented field F (naming its writer); sets et_trouble. */
void es_missing_field(const char *field);

/* ---- aggregation (agg.c) ---- */

typedef struct {
	long long count;        /* occurrences */
	long long records;      /* input records */
	int synthetic;          /* no fingerprint: key is (type, message, file) */
	char *fingerprint;      /* NULL when synthetic */
	char *level, *type, *message, *file, *category, *severity, *format;
	char *hint;             /* errcat's hint of its first record, NULL when none */
	long long line;         /* -1 when unknown */
	double first, last;     /* NAN when unknown */
	int is_new;             /* a record of it had status "new" */
} es_err;

/* One grouping: the values of some fields → count, distinct, records. */
typedef struct {
	char *name;             /* "category" or "category,severity" */
	int nf;
	char **fields;
	es_map keys;            /* values joined by 0x1f, a null as 0x1e */
	long long *count, *distinct, *records;
	size_t cap;
	es_set pairs;           /* (group << 32 | error) seen */
	char *custom, *seen;    /* per field: not in the schema (es_check_field); in a record */
	int stable_path;        /* values are file names, grouped by et_path_stable */
	et_buf norm;
} es_dim;

typedef struct es_selector {
	char *field, *value;
	long long count;
	int custom, seen;       /* field not in the schema (es_check_field); in a record */
} es_selector;

typedef struct es_runs es_runs;

typedef struct {
	/* filter */
	int have_since, have_until;
	double since, until;
	/* the errors, by fingerprint */
	es_map keys;
	es_err *errs;
	size_t nerrs, errcap;
	/* totals */
	long long count, records, skipped_other, skipped_time;
	int have_status;        /* a record had a status (errhash --db) */
	long long nnew;         /* errors with status "new" */
	double first, last;     /* NAN when unknown */
	/* groupings */
	es_dim **dims;
	size_t ndims;
	/* --fail-if FIELD=VALUE counters */
	es_selector *sels;
	size_t nsels;
	/* run records */
	es_runs *runs;
} es_agg;

enum { ES_DIM_LEVEL, ES_DIM_SEVERITY, ES_DIM_CATEGORY, ES_DIM_FILE, ES_DIM_DAY, ES_DIM_BY };

/* A new aggregate; by (may be NULL) is the --by field list. */
es_agg *es_agg_new(const char *by);
void es_agg_free(es_agg *a);
/*
 * After reading: reports every --by or --fail-if field that is neither in
 * the schema nor in any record read (es_unseen_field), and every --fail-if
 * field that records were read without (es_missing_field); returns how
 * many.
 */
int es_agg_check_seen(const es_agg *a);
/* Reads records from NAME ("-" = stdin) into a (see es_read). */
void es_agg_read(es_agg *a, const char *name);
/* Feeds one record. */
void es_agg_add(es_agg *a, es_rec *rec);
/* The --by dimension, or NULL. */
es_dim *es_agg_by(const es_agg *a);
/* The values of group g of d, split (array of d->nf strings or NULL); free with es_strv_free. */
char **es_dim_values(const es_dim *d, size_t g);

/* ---- runs (runs.c) ---- */

es_runs *es_runs_new(void);
void es_runs_free(es_runs *r);
void es_runs_add(es_runs *r, es_rec *rec);
size_t es_runs_total(const es_runs *r);
size_t es_runs_failed(const es_runs *r);

/* ---- the report model (report.c) ---- */

enum { ES_NULL, ES_STR, ES_INT, ES_NUM, ES_BOOL };

typedef struct {
	int kind;
	char *s;                /* ES_STR */
	double v;               /* ES_INT, ES_NUM, ES_BOOL */
} es_cell;

#define ES_COL_DATA 1           /* only in --json and --csv */
#define ES_COL_VIEW 2           /* only in text, markdown, html */
#define ES_COL_LONG 4           /* long text: cut in the terminal */
/* a note on its row: in html a line under the row, in --json and --csv a column */
#define ES_COL_UNDER (8 | ES_COL_DATA)

typedef struct {
	const char *key, *head;
	int flags;
} es_col;

enum { ES_CHART_NONE, ES_CHART_TIME, ES_CHART_BARS };

typedef struct {
	const char *key, *title;
	int ncols;
	es_col cols[20];
	size_t nrows, cap;
	es_cell *cells;         /* nrows * ncols */
	size_t cur;             /* cells filled in the last row */
	int chart, chart_col;   /* label is column 0 */
	size_t total_rows;      /* rows before --top cut them */
} es_table;

typedef struct {
	const char *key, *label;
	es_cell c;
} es_sum;

typedef struct {
	char *title;
	es_sum sum[40];
	size_t nsum;
	es_table *tabs[16];
	size_t ntab;
	int primary;            /* the table --csv writes */
} es_report;

es_report *es_report_new(const char *title);
void es_report_free(es_report *r);
void es_sum_int(es_report *r, const char *key, const char *label, double v);
void es_sum_num(es_report *r, const char *key, const char *label, double v);
void es_sum_str(es_report *r, const char *key, const char *label, const char *s);
void es_sum_null(es_report *r, const char *key, const char *label);
/* The value of a summary item, or NULL. */
const es_cell *es_sum_get(const es_report *r, const char *key);

es_table *es_table_add(es_report *r, const char *key, const char *title);
void es_col_add(es_table *t, const char *key, const char *head, int flags);
/* es_col_add for each of cols[0..n), in order. */
void es_cols_add(es_table *t, const es_col *cols, size_t n);
void es_row(es_table *t);
void es_put_str(es_table *t, const char *s);   /* NULL: null */
void es_put_int(es_table *t, double v);
void es_put_num(es_table *t, double v);
void es_put_bool(es_table *t, int v);
void es_put_null(es_table *t);
const es_cell *es_at(const es_table *t, size_t row, int col);
int es_col_index(const es_table *t, const char *key);
/* Whether column c holds numbers, judged by the first row (t has rows): markup aligns it right. */
int es_col_numeric(const es_table *t, int c);

/* A number as errstat prints it: integers without a point, else %.4g-ish. */
void es_fmt_num(const es_cell *c, char out[64]);

/* ---- report builders ---- */

typedef struct {
	long top;               /* rows per list; 0 = all */
	int days;               /* --days */
	int have_since, have_until;
	double since, until;
	double now;
} es_opts;

es_report *es_stats_report(es_agg *a, const es_opts *o);
es_report *es_compare_report(es_agg *old, es_agg *cur, const es_opts *o,
			     long long out[4]);
/* The summary items of an aggregate (records, count, distinct, first, last). */
void es_stats_summary(es_report *r, const es_agg *a, const es_opts *o);
/* The columns of a top-errors table (stats.c, db.c). */
void es_error_columns(es_table *t);
/*
 * The columns that describe an error (level, type, message, location, file,
 * line, category, severity), and a row's cells for them from e.
 */
void es_error_desc_columns(es_table *t);
void es_error_desc_cells(es_table *t, const es_err *e);
/* --db: returns NULL after reporting an error. */
es_report *es_db_report(const char *path, const es_opts *o, es_selector *sels,
			size_t nsels);

/* ---- --fail-if (expr.c) ---- */

typedef struct es_expr es_expr;

/* Parses EXPR; on error writes a message into err and returns NULL. */
es_expr *es_expr_parse(const char *s, char *err, size_t errsz);
/* The FIELD=VALUE selectors the expression uses (for es_agg / db). */
es_selector *es_expr_selectors(es_expr *e, size_t *n);
/*
 * Evaluates against the report's summary values (count, distinct, new, ...)
 * and the selectors' counts. Returns 1 / 0, or -1 with a message in err
 * (a name the report does not have).
 */
int es_expr_eval(const es_expr *e, const es_report *r, char *err, size_t errsz);
void es_expr_free(es_expr *e);

/* Adds the runs' summary items and tables to rep (runs.c). */
void es_runs_report(const es_runs *r, es_report *rep, long top);

/* ---- output (out_*.c) ---- */

typedef struct {
	int color;              /* ANSI colours */
	int ascii;              /* no Unicode blocks */
	int width;              /* terminal columns */
} es_out;

void es_out_text(const es_report *r, const es_out *o, et_buf *b);
void es_out_json(const es_report *r, et_buf *b);
void es_out_csv(const es_report *r, et_buf *b);
void es_out_md(const es_report *r, et_buf *b);
void es_out_html(const es_report *r, et_buf *b);

/* Helpers shared by the renderers (report.c). */
size_t es_text_width(const char *s);           /* display columns (code points) */
/*
 * How alarming a cell's value is, for its colour: 0 (the worst) to 3 (the
 * mildest) for a severity or level (et_schema's order) and for a change
 * of --compare (es_change_tone), -1 for other values and columns.
 */
int es_tone(const char *col, const char *value);
/* appeared 0, increased 1, decreased and gone 3; -1 for other values (compare.c). */
int es_change_tone(const char *value);
/* Copies s into b with control characters as spaces. */
void es_add_clean(et_buf *b, const char *s);
/* The sparkline of values (Unicode blocks, or ASCII " .:-=+*#%@"). */
void es_sparkline(et_buf *b, const double *v, size_t n, int ascii);
/* Appends c: a string through text (the format's escaping), a null as null, else es_fmt_num's. */
void es_add_cell(et_buf *b, const es_cell *c, void (*text)(et_buf *, const char *), const char *null);

/* What a markup format (markdown, HTML) writes around the parts every report has. */
typedef struct {
	void (*text)(et_buf *b, const char *s);  /* appends s escaped */
	const char *null;                       /* a null value */
	const char *item[3];                    /* a summary item: before its label, its value, after */
	const char *title[2];                   /* a table's title: before, after */
	const char *none;                       /* after the title of a table without rows */
} es_markup;

/* Appends every summary item of r as m says. */
void es_markup_summary(et_buf *b, const es_report *r, const es_markup *m);
/* Appends t's title as m says; then 0 after m->none when t has no rows, else 1. */
int es_markup_title(et_buf *b, const es_table *t, const es_markup *m);

#endif
