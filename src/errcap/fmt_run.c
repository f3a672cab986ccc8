/*
 * fmt_run.c: a compiled format as an ec_parser.
 *
 * A record is found on the line that completes it: the line matching a
 * `match` pattern, or a chain's last pattern, with the lines before it
 * (ec_back) matching the chain's earlier patterns. The block is claimed
 * only then, so a chain that does not complete takes no line from anyone.
 * A looping last pattern keeps the block open, one record per matching
 * line; `more` lines join the record before them.
 */
#include "fmt_int.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"
#include "et_schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { PH_LOOP = 1, PH_MORE };

/*
 * Captured fields. v[k] is the trimmed capture; for FF_SOURCE and FF_CARET
 * it is the whole line and at[k] the byte offset of the group in it.
 */
typedef struct {
	ec_span v[FF_N];
	size_t at[FF_N];
} fcap;

typedef struct {
	fmt *f;
	size_t chain;           /* the chain of the open block */
	int phase;
	size_t *ov;
	int nov;
	fcap h;                 /* captures of a chain's lines before the last */
	fcap c;                 /* the record's captures */
	et_buf msg;
	int has_msg;
	cJSON *notes;
} fst;

void *ec_fmt_create(const ec_parser *self)
{
	/* the parser is the first member of its format, which this state may
	 * mark (a limit hit is reported once) */
	fmt *f = (fmt *)(uintptr_t)self;
	fst *st;
	int max = 1;
	if (self->start != fmt_start)
		return NULL;
	st = et_xcalloc(1, sizeof *st);
	st->f = f;
	for (size_t i = 0; i < f->nch; i++)
		for (size_t j = 0; j < f->ch[i].n; j++)
			if (f->ch[i].p[j].ngroups > max)
				max = f->ch[i].p[j].ngroups;
	for (size_t i = 0; i < f->nmore; i++)
		if (f->more[i].ngroups > max)
			max = f->more[i].ngroups;
	st->nov = max;
	st->ov = et_xcalloc((size_t)max * 2, sizeof *st->ov);
	et_buf_init(&st->msg, 0);
	return st;
}

void fmt_destroy(void *p)
{
	fst *st = p;
	if (!st)
		return;
	free(st->ov);
	et_buf_release(&st->msg);
	cJSON_Delete(st->notes);
	free(st);
}

/* 1: the line matches (captures in st->ov); 0: it does not, or a limit was hit. */
static int pmatch(fst *st, fmt_pat *p, const ec_line *l)
{
	int r = et_re_match(p->re, l->s, l->len, st->ov, p->ngroups);
	if (r < 0) {
		if (!p->limit_said) {
			p->limit_said = 1;
			et_warn("%s: pattern of format %s hit a PCRE2 limit on input line %zu; "
				"line skipped by it (reported once)", p->where, st->f->name, l->no);
		}
		return 0;
	}
	return r;
}

/* Copies the groups of the last match of p on l into cap (set ones only). */
static void capture(fst *st, const fmt_pat *p, const ec_line *l, fcap *cap)
{
	ec_span *v = cap->v;
	for (int k = 0; k < FF_N; k++) {
		int g = p->g[k];
		size_t b, e;
		if (!g)
			continue;
		b = st->ov[2 * g];
		e = st->ov[2 * g + 1];
		if (k == FF_SOURCE || k == FF_CARET) {
			/* a position: the source text may be empty (a blank line) */
			if (b != (size_t)-1 && b <= l->len) {
				v[k] = ec_line_span(l);
				cap->at[k] = b;
			}
			continue;
		}
		if (b == (size_t)-1 || e <= b || e > l->len)
			continue;
		ec_trim(l->s + b, e - b, &v[k].s, &v[k].n);
		if (!v[k].n)
			v[k].s = NULL;
	}
}

enum ec_verdict fmt_start(void *p, ec_ctx *ctx, const ec_line *l)
{
	fst *st = p;
	fmt *f = st->f;
	for (size_t i = 0; i < f->nch; i++) {
		fmt_chain *c = &f->ch[i];
		size_t m = c->n - 1, k;
		if (!pmatch(st, &c->p[m], l))
			continue;
		for (k = 1; k <= m; k++) {
			const ec_line *b = ec_back(ctx, k);
			if (!b || !pmatch(st, &c->p[m - k], b))
				break;
		}
		if (k <= m)
			continue;
		if (m)
			ec_claim_back(ctx, m);
		st->chain = i;
		if (c->loop) {
			st->phase = PH_LOOP;
			return EC_START;
		}
		if (f->nmore) {
			st->phase = PH_MORE;
			return EC_START;
		}
		return EC_DONE;
	}
	return EC_NO;
}

/* The index of the first `more` pattern matching l, or -1. */
static int more_match(fst *st, const ec_line *l)
{
	for (size_t i = 0; i < st->f->nmore; i++)
		if (pmatch(st, &st->f->more[i], l))
			return (int)i;
	return -1;
}

enum ec_verdict fmt_more(void *p, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	fst *st = p;
	fmt_chain *c = &st->f->ch[st->chain];
	if (st->phase == PH_LOOP && pmatch(st, &c->p[c->n - 1], l))
		return EC_MORE;
	return more_match(st, l) >= 0 ? EC_MORE : EC_NO;
}

/* The format's own mapping of s[0..n), or FL_NONE. */
static enum fmt_level fmt_map_custom(const fmt *f, const char *s, size_t n)
{
	for (size_t i = 0; f && i < f->nlv; i++) {
		const fmt_lvmap *m = &f->lv[i];
		if ((m->prefix ? n >= m->len : n == m->len) && !et_strncasecmp(s, m->text, m->len))
			return m->level;
	}
	return FL_NONE;
}

enum fmt_level fmt_map_level(const fmt *f, const char *s, size_t n)
{
	enum fmt_level lv;
	/* "(error)", "[warning]", "error:" are the words inside ("✖" is a word) */
	while (n && !et_isalnum((unsigned char)*s) && (unsigned char)*s < 0x80) {
		s++;
		n--;
	}
	while (n && !et_isalnum((unsigned char)s[n - 1]) && (unsigned char)s[n - 1] < 0x80)
		n--;
	if (!n)
		return FL_NONE;
	lv = fmt_map_custom(f, s, n);
	if (lv != FL_NONE)
		return lv;
	/* the common words (et_schema's); note, info and the like give no record */
	const et_level_word *w = et_level_word_find(s, n);
	if (!w)
		return FL_NONE;
	switch (w->level) {
	case ET_LEVEL_FATAL: return FL_FATAL;
	case ET_LEVEL_ERROR: return FL_ERROR;
	case ET_LEVEL_WARNING: return FL_WARNING;
	case ET_LEVEL_INFO: return FL_NOTE;
	default: return FL_SKIP;
	}
}

static enum fmt_level level_of(const char *name)
{
	enum fmt_level lv = fmt_level_find(name);
	return lv == FL_NONE ? FL_ERROR : lv;
}

static long num_of(const ec_span *v)
{
	const char *p = v->s;
	long n;
	if (!p)
		return 0;
	n = ec_num(&p, v->s + v->n);
	return n > 0 && p == v->s + v->n ? n : 0;
}

/*
 * A captured column (or end column), 1-based as records have them: where
 * the chain's or else the format's column base is 0, the tool's 0 is
 * column 1. 0 for no number.
 */
static long column_of(const fst *st, int k)
{
	const ec_span *v = &st->c.v[k];
	const char *p = v->s;
	int cb = st->f->ch[st->chain].colbase;
	long n;
	if (!p)
		return 0;
	n = ec_num(&p, v->s + v->n);
	if (n < 0 || p != v->s + v->n)
		return 0;
	return (cb ? cb == 1 : st->f->column0) ? n + 1 : n;
}

/*
 * The column a `caret` group points at in the text after a `source` group
 * (ec_caret_column), when the record has both; else 0.
 */
static long caret_column(const fst *st)
{
	const ec_span *src = &st->c.v[FF_SOURCE], *car = &st->c.v[FF_CARET];
	if (!src->s || !car->s)
		return 0;
	return ec_caret_column(src->s, src->n, st->c.at[FF_SOURCE], car->s, st->c.at[FF_CARET]);
}

/* The constant of field k: the chain's (with), else the format's (set). */
static const char *constant(const fst *st, int k)
{
	const char *c = st->f->ch[st->chain].set[k];
	return c ? c : st->f->set[k];
}

/* The value of field k: captured, else the constant. */
static ec_span field(const fst *st, int k)
{
	ec_span s = st->c.v[k];
	if (!s.s && constant(st, k)) {
		s.s = constant(st, k);
		s.n = strlen(s.s);
	}
	return s;
}

static void set_span(cJSON *rec, const char *key, ec_span s)
{
	if (s.s)
		ec_set_strn(rec, key, s.s, s.n);
}

/* Writes the record of lines[first..last] (its own line: lines[own]). */
static void emit(fst *st, ec_ctx *ctx, const ec_line *lines, size_t first, size_t last, size_t own)
{
	fmt *f = st->f;
	ec_span lvs = st->c.v[FF_LEVEL], file = field(st, FF_FILE), from = st->c.v[FF_FROMPATH];
	enum fmt_level lv = lvs.s ? fmt_map_level(f, lvs.s, lvs.n) : FL_NONE;
	et_buf tmp = ET_BUF_INIT;
	cJSON *rec;
	if (!lvs.s && f->nlv && st->c.v[FF_TYPE].s) {
		/* no level group: the mapping reads the code (E501, W0611) */
		lv = fmt_map_custom(f, st->c.v[FF_TYPE].s, st->c.v[FF_TYPE].n);
	}
	if (lv == FL_NONE)
		lv = constant(st, FF_LEVEL) ? level_of(constant(st, FF_LEVEL)) : FL_ERROR;
	if (lv == FL_NOTE || lv == FL_SKIP)
		goto out;
	rec = ec_rec_new(ctx, lines, first, last);
	ec_set_level(rec, fmt_level_name[lv]);
	set_span(rec, "type", field(st, FF_TYPE));
	if (st->has_msg) {
		et_json_set_strn(rec, "message", st->msg.buf, st->msg.len);
	} else {
		ec_span m = field(st, FF_MESSAGE);
		if (!m.s)
			ec_trim(lines[own].s, lines[own].len, &m.s, &m.n);
		et_json_set_strn(rec, "message", m.s, m.n);
	}
	/* a problem matcher's fromPath: the file the relative path is in */
	if (file.s && file.s[0] != '/' && from.s) {
		size_t d = from.n;
		while (d && from.s[d - 1] != '/')
			d--;
		if (d) {
			et_buf_add(&tmp, from.s, d);
			et_buf_add(&tmp, file.s, file.n);
			file.s = tmp.buf;
			file.n = tmp.len;
		}
	}
	ec_set_location(ctx, rec, file.s, file.s ? file.n : 0, num_of(&st->c.v[FF_LINE]),
			column_of(st, FF_COLUMN) ? column_of(st, FF_COLUMN) : caret_column(st));
	set_span(rec, "function", field(st, FF_FUNCTION));
	set_span(rec, "tool", field(st, FF_TOOL));
	set_span(rec, "test", field(st, FF_TEST));
	if (num_of(&st->c.v[FF_END_LINE]))
		et_json_set_num(rec, "end_line", (double)num_of(&st->c.v[FF_END_LINE]));
	if (column_of(st, FF_END_COLUMN))
		et_json_set_num(rec, "end_column", (double)column_of(st, FF_END_COLUMN));
	if (st->notes) {
		et_json_set(rec, "notes", st->notes);
		st->notes = NULL;
	}
	ec_emit(ctx, rec);
out:
	cJSON_Delete(st->notes);
	st->notes = NULL;
	et_buf_release(&tmp);
}

/* A new record from the captures of the header and of its own line. */
static void record_begin(fst *st, const fmt_pat *p, const ec_line *l)
{
	st->c = st->h;
	capture(st, p, l, &st->c);
	st->has_msg = 0;
	et_buf_reset(&st->msg);
}

/* A `more` line (matched by p) joins the record. */
static void record_more(fst *st, const fmt_pat *p, const ec_line *l)
{
	fcap a;
	ec_span *add = a.v;
	memset(&a, 0, sizeof a);
	capture(st, p, l, &a);
	if (add[FF_MESSAGE].s) {
		if (!st->has_msg) {
			ec_span m = st->c.v[FF_MESSAGE];
			if (m.s)
				et_buf_add(&st->msg, m.s, m.n);
			st->has_msg = 1;
		}
		if (st->msg.len)
			et_buf_addch(&st->msg, '\n');
		et_buf_add(&st->msg, add[FF_MESSAGE].s, add[FF_MESSAGE].n);
	}
	if (add[FF_NOTE].s) {
		if (!st->notes)
			st->notes = cJSON_CreateArray();
		cJSON_AddItemToArray(st->notes, et_json_strn(add[FF_NOTE].s, add[FF_NOTE].n));
	}
	/* other fields a `more` line gives fill what is still unknown */
	for (int k = 0; k < FF_N; k++)
		if (k != FF_MESSAGE && k != FF_NOTE && add[k].s && !st->c.v[k].s) {
			st->c.v[k] = add[k];
			st->c.at[k] = a.at[k];
		}
}

void fmt_finish(void *p, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	fst *st = p;
	fmt_chain *c = &st->f->ch[st->chain];
	size_t m = c->n - 1, first, own, last;
	if (n < c->n)
		goto out;       /* cannot happen: the block holds the whole chain */
	memset(&st->h, 0, sizeof st->h);
	for (size_t i = 0; i < m; i++)
		if (pmatch(st, &c->p[i], &lines[i]))
			capture(st, &c->p[i], &lines[i], &st->h);
	pmatch(st, &c->p[m], &lines[m]);
	record_begin(st, &c->p[m], &lines[m]);
	/* a chain's record is the whole chain; a looping one's records are
	 * their own lines (the lines before give them fields) */
	first = c->loop ? m : 0;
	own = last = m;
	for (size_t i = m + 1; i < n; i++) {
		int k;
		if (c->loop && pmatch(st, &c->p[m], &lines[i])) {
			emit(st, ctx, lines, first, last, own);
			record_begin(st, &c->p[m], &lines[i]);
			first = own = last = i;
		} else if ((k = more_match(st, &lines[i])) >= 0) {
			record_more(st, &st->f->more[k], &lines[i]);
			last = i;
		} else {
			last = i;
		}
	}
	emit(st, ctx, lines, first, last, own);
out:
	st->phase = 0;
}
