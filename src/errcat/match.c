/* match: first-match evaluation of rules on records: format index, literal prefilter. */
#include "match.h"
#include "lit.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 512         /* power of two; at most half are filled */
#define PF_BITS (1u << 14)      /* buckets of a prefilter's 3-byte hash */

/* A literal of a prefilter: found in a value means its owner may match. */
typedef struct {
	char *s;
	size_t len;
	int owner;
	int next;               /* next literal in the same bucket, -1 at the end */
} pf_lit;

/*
 * The literal prefilter of one field (such as message, or causes.message):
 * the literals of every condition that looks at the field; its values are
 * scanned once per record.
 */
typedef struct {
	const ct_fref *ref;     /* the field */
	unsigned char bits[PF_BITS / 8];
	int *head;              /* PF_BITS buckets of literal indexes */
	pf_lit *lits;
	int nlits;
	unsigned scanned;       /* the record generation scanned */
	unsigned all;           /* the generation in which every condition may match */
} pf_table;

typedef struct {
	char *key;              /* the format value; NULL = empty slot */
	int *cands;             /* rule indexes, in order */
	int ncands;
} fmt_entry;

struct ct_matcher {
	ct_ruleset *rs;
	const cJSON **vals;     /* per slot: the record's value (NULL: absent) */
	unsigned *gen;          /* per slot: the record generation vals[] is for */
	unsigned cur;
	fmt_entry cache[CACHE_SLOTS];
	int cached;
	fmt_entry absent;       /* candidates when format is absent or null */
	int absent_done;
	pf_table *pf;
	int npf;
	unsigned *found;        /* per prefiltered condition: the generation a literal was seen in */
	int nfound;
	et_buf num;
};

static unsigned char lc[256];

static unsigned pf_hash(const unsigned char *p)
{
	return ((unsigned)lc[p[0]] * 961u + (unsigned)lc[p[1]] * 31u + lc[p[2]]) & (PF_BITS - 1);
}

static int same_field(const ct_fref *a, const ct_fref *b)
{
	if (a->slot != b->slot || a->npath != b->npath)
		return 0;
	for (int i = 0; i < a->npath; i++)
		if (strcmp(a->path[i], b->path[i]))
			return 0;
	return 1;
}

/* Puts condition c into the prefilters of its fields when it has literals. */
static void pf_add(ct_matcher *m, ct_cond *c)
{
	ct_lits l = { 0 };
	c->pf_id = -1;
	if (c->indexed || ct_lit_extract(c->pattern, strlen(c->pattern), &l) < 0)
		return;
	c->pf_id = m->nfound++;
	for (int r = 0; r < c->nrefs; r++) {
		ct_fref *f = &c->refs[r];
		pf_table *t;
		f->pf_table = -1;
		for (int i = 0; i < m->npf; i++)
			if (same_field(m->pf[i].ref, f))
				f->pf_table = i;
		if (f->pf_table < 0) {
			m->pf = et_xrealloc(m->pf, (size_t)(m->npf + 1) * sizeof *m->pf);
			t = &m->pf[m->npf];
			memset(t, 0, sizeof *t);
			t->ref = f;
			t->head = et_xmalloc(PF_BITS * sizeof *t->head);
			memset(t->head, 0xff, PF_BITS * sizeof *t->head);
			f->pf_table = m->npf++;
		}
		t = &m->pf[f->pf_table];
		for (int i = 0; i < l.n; i++) {
			unsigned h = pf_hash((const unsigned char *)l.s[i]);
			t->lits = et_xrealloc(t->lits, (size_t)(t->nlits + 1) * sizeof *t->lits);
			t->lits[t->nlits].s = et_xstrdup(l.s[i]);
			t->lits[t->nlits].len = l.len[i];
			t->lits[t->nlits].owner = c->pf_id;
			t->lits[t->nlits].next = t->head[h];
			t->head[h] = t->nlits++;
			t->bits[h >> 3] |= (unsigned char)(1u << (h & 7));
		}
	}
	ct_lits_free(&l);
}

ct_matcher *ct_matcher_new(ct_ruleset *rs)
{
	ct_matcher *m = et_xcalloc(1, sizeof *m);
	m->rs = rs;
	m->vals = et_xcalloc((size_t)rs->nnames + 1, sizeof *m->vals);
	m->gen = et_xcalloc((size_t)rs->nnames + 1, sizeof *m->gen);
	et_buf_init(&m->num, 64);
	for (int i = 0; i < 256; i++)
		lc[i] = (unsigned char)(i >= 'A' && i <= 'Z' ? i + 32 : i);
	for (int i = 0; i < rs->nrules; i++)
		for (int j = 0; j < rs->rules[i].nconds; j++) {
			ct_cond *c = &rs->rules[i].conds[j];
			c->indexed = c->nrefs == 1 && c->refs[0].slot == rs->format_slot &&
				     c->refs[0].npath == 0;
			pf_add(m, c);
		}
	m->found = et_xcalloc((size_t)m->nfound + 1, sizeof *m->found);
	return m;
}

void ct_matcher_free(ct_matcher *m)
{
	if (!m)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		free(m->cache[i].key);
		free(m->cache[i].cands);
	}
	free(m->absent.cands);
	for (int i = 0; i < m->npf; i++) {
		for (int k = 0; k < m->pf[i].nlits; k++)
			free(m->pf[i].lits[k].s);
		free(m->pf[i].lits);
		free(m->pf[i].head);
	}
	free(m->pf);
	free(m->found);
	free(m->vals);
	free(m->gen);
	et_buf_release(&m->num);
	free(m);
}

static const cJSON *slot_value(ct_matcher *m, const cJSON *rec, int slot)
{
	if (m->gen[slot] != m->cur) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, m->rs->names[slot]);
		m->vals[slot] = cJSON_IsNull(v) ? NULL : v;
		m->gen[slot] = m->cur;
	}
	return m->vals[slot];
}

/* A scalar's text for matching; NULL for null, objects and arrays. */
static const char *scalar_text(ct_matcher *m, const cJSON *v, size_t *len)
{
	if (cJSON_IsString(v)) {
		*len = strlen(v->valuestring);
		return v->valuestring;
	}
	if (cJSON_IsBool(v)) {
		*len = cJSON_IsTrue(v) ? 4 : 5;
		return cJSON_IsTrue(v) ? "true" : "false";
	}
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		et_buf_reset(&m->num);
		if (d == floor(d) && fabs(d) < 1e15) {
			et_buf_addf(&m->num, "%.0f", d);
		} else {
			/* the shortest form that reads back as the same number */
			for (int prec = 15; prec <= 17; prec++) {
				et_buf_reset(&m->num);
				et_buf_addf(&m->num, "%.*g", prec, d);
				if (strtod(m->num.buf, NULL) == d)
					break;
			}
		}
		*len = m->num.len;
		return m->num.buf;
	}
	return NULL;
}

/*
 * Whether any value at path under v matches re: 1, 0, or -1 when none
 * matched and a limit was hit. Arrays: any element.
 */
static int any_match(ct_matcher *m, const cJSON *v, char **path, int npath, et_re *re)
{
	const char *s;
	size_t len;
	if (!v)
		return 0;
	if (cJSON_IsArray(v)) {
		int lim = 0;
		for (const cJSON *e = v->child; e; e = e->next) {
			int r = any_match(m, e, path, npath, re);
			if (r > 0)
				return 1;
			if (r < 0)
				lim = 1;
		}
		return lim ? -1 : 0;
	}
	if (cJSON_IsObject(v)) {
		if (!npath)
			return 0;
		return any_match(m, cJSON_GetObjectItemCaseSensitive(v, path[0]), path + 1, npath - 1, re);
	}
	if (npath)
		return 0;
	s = scalar_text(m, v, &len);
	if (!s)
		return 0;
	return et_re_match(re, s, len, NULL, 0);
}

/*
 * The text of group g in the first value at path under v that re matches:
 * 1 with *out set (replaced), else 0.
 */
static int capture(ct_matcher *m, const cJSON *v, char **path, int npath, et_re *re, int g,
		   et_buf *out)
{
	const char *s;
	size_t len, ov[2 * 32];
	if (!v)
		return 0;
	if (cJSON_IsArray(v)) {
		for (const cJSON *e = v->child; e; e = e->next)
			if (capture(m, e, path, npath, re, g, out))
				return 1;
		return 0;
	}
	if (cJSON_IsObject(v))
		return npath && capture(m, cJSON_GetObjectItemCaseSensitive(v, path[0]), path + 1,
					npath - 1, re, g, out);
	if (npath || !(s = scalar_text(m, v, &len)) || g >= 32 ||
	    et_re_match(re, s, len, ov, 32) != 1 || ov[2 * g] == (size_t)-1)
		return 0;
	et_buf_reset(out);
	et_buf_add(out, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	return 1;
}

static void next_record(ct_matcher *m);

void ct_hint_fill(ct_matcher *m, const ct_rule *r, const cJSON *rec, et_buf *out)
{
	const char *h = r->hint;
	size_t i = 0, from = 0, b, e;
	et_buf val = ET_BUF_INIT;
	et_buf_reset(out);
	next_record(m);         /* slot values of this record, fresh */
	while (ct_hint_place(h, &i, &b, &e)) {
		char name[64];
		int done = 0;
		snprintf(name, sizeof name, "%.*s", (int)(e - b), h + b);
		et_buf_add(out, h + from, b - 1 - from);
		for (int k = 0; k < r->nconds && !done; k++) {
			const ct_cond *c = &r->conds[k];
			int g = c->neg ? -1 : et_re_group_number(c->re, name);
			for (int f = 0; g > 0 && f < c->nrefs && !done; f++)
				done = capture(m, slot_value(m, rec, c->refs[f].slot), c->refs[f].path,
					       c->refs[f].npath, c->re, g, &val);
		}
		if (done)
			et_buf_add(out, val.buf, val.len);
		from = i = e + 1;
	}
	et_buf_addstr(out, h + from);
	et_buf_release(&val);
}

static void limit_hit(ct_matcher *m, ct_rule *r, const ct_cond *c, unsigned long long recno)
{
	if (r->limit_reported)
		return;
	r->limit_reported = 1;
	et_warn("%s:%zu: match limit hit on record %llu", m->rs->files[r->file].path, c->line, recno);
}

/* Whether any value of any of c's fields matches: 1, 0, -1 (limit, no match). */
static int cond_match(ct_matcher *m, const ct_cond *c, const cJSON *rec)
{
	int lim = 0;
	for (int i = 0; i < c->nrefs; i++) {
		const ct_fref *f = &c->refs[i];
		int x = any_match(m, slot_value(m, rec, f->slot), f->path, f->npath, c->re);
		if (x > 0)
			return 1;
		if (x < 0)
			lim = 1;
	}
	return lim ? -1 : 0;
}

/* 1 when condition c holds for rec (a limit hit: it does not). */
static int cond_holds(ct_matcher *m, ct_rule *r, const ct_cond *c, const cJSON *rec,
		      unsigned long long recno)
{
	int x = cond_match(m, c, rec);
	if (x < 0) {
		limit_hit(m, r, c, recno);
		return 0;
	}
	return c->neg ? !x : x;
}

static void pf_scan_text(ct_matcher *m, pf_table *t, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++)
		if (p[i] >= 0x80) {
			t->all = m->cur;        /* caseless matching may fold non-ASCII */
			return;
		}
	for (size_t i = 0; i + CT_LIT_MIN <= n; i++) {
		unsigned h = pf_hash(p + i);
		if (!(t->bits[h >> 3] & (1u << (h & 7))))
			continue;
		for (int k = t->head[h]; k >= 0; k = t->lits[k].next) {
			const pf_lit *l = &t->lits[k];
			size_t j;
			if (m->found[l->owner] == m->cur || l->len > n - i)
				continue;
			for (j = 0; j < l->len && lc[p[i + j]] == (unsigned char)l->s[j]; j++)
				;
			if (j == l->len)
				m->found[l->owner] = m->cur;
		}
	}
}

static void pf_scan_value(ct_matcher *m, pf_table *t, const cJSON *v, char **path, int npath)
{
	const char *s;
	size_t len;
	if (!v || t->all == m->cur)
		return;
	if (cJSON_IsArray(v)) {
		for (const cJSON *e = v->child; e; e = e->next)
			pf_scan_value(m, t, e, path, npath);
		return;
	}
	if (cJSON_IsObject(v)) {
		if (npath)
			pf_scan_value(m, t, cJSON_GetObjectItemCaseSensitive(v, path[0]), path + 1, npath - 1);
		return;
	}
	if (npath)
		return;
	s = scalar_text(m, v, &len);
	if (s)
		pf_scan_text(m, t, s, len);
}

/* 0 when c's prefilters prove that no value of its fields can match. */
static int pf_maybe(ct_matcher *m, const ct_cond *c, const cJSON *rec)
{
	for (int i = 0; i < c->nrefs; i++) {
		const ct_fref *f = &c->refs[i];
		pf_table *t = &m->pf[f->pf_table];
		if (t->scanned != m->cur) {
			t->scanned = m->cur;
			pf_scan_value(m, t, slot_value(m, rec, f->slot), f->path, f->npath);
		}
		if (t->all == m->cur)
			return 1;
	}
	return m->found[c->pf_id] == m->cur;
}

static int rule_holds(ct_matcher *m, ct_rule *r, const cJSON *rec, unsigned long long recno,
		      int skip_indexed)
{
	for (int i = 0; i < r->nconds; i++) {
		const ct_cond *c = &r->conds[i];
		if (skip_indexed && c->indexed)
			continue;
		if (c->pf_id >= 0 && !pf_maybe(m, c, rec)) {
			if (c->neg)
				continue;
			return 0;
		}
		if (!cond_holds(m, r, c, rec, recno))
			return 0;
	}
	return 1;
}

static void build_cands(ct_matcher *m, fmt_entry *e, const cJSON *fmt, unsigned long long recno)
{
	ct_ruleset *rs = m->rs;
	e->cands = et_xcalloc((size_t)rs->nrules + 1, sizeof *e->cands);
	for (int i = 0; i < rs->nrules; i++) {
		ct_rule *r = &rs->rules[i];
		int ok = !r->disabled;
		for (int j = 0; j < r->nconds && ok; j++) {
			const ct_cond *c = &r->conds[j];
			if (!c->indexed)
				continue;
			int x = any_match(m, fmt, NULL, 0, c->re);
			if (x < 0) {
				limit_hit(m, r, c, recno);
				ok = 0;
			} else {
				ok = c->neg ? !x : x;
			}
		}
		if (ok)
			e->cands[e->ncands++] = i;
	}
}

static unsigned long hash_str(const char *s, size_t n)
{
	unsigned long h = 1469598103934665603ul;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ul;
	return h;
}

/* The candidate rules for this record's format; NULL: try every rule in full. */
static const fmt_entry *candidates(ct_matcher *m, const cJSON *rec, unsigned long long recno)
{
	const cJSON *fmt;
	size_t n;
	unsigned long h;
	if (m->rs->format_slot < 0)
		fmt = NULL;
	else
		fmt = slot_value(m, rec, m->rs->format_slot);
	if (!fmt) {
		if (!m->absent_done) {
			build_cands(m, &m->absent, NULL, recno);
			m->absent_done = 1;
		}
		return &m->absent;
	}
	if (!cJSON_IsString(fmt))
		return NULL;
	n = strlen(fmt->valuestring);
	h = hash_str(fmt->valuestring, n);
	for (unsigned long i = h & (CACHE_SLOTS - 1);; i = (i + 1) & (CACHE_SLOTS - 1)) {
		fmt_entry *e = &m->cache[i];
		if (!e->key) {
			if (m->cached >= CACHE_SLOTS / 2)
				return NULL;
			e->key = et_xstrndup(fmt->valuestring, n);
			build_cands(m, e, fmt, recno);
			m->cached++;
			return e;
		}
		if (!strcmp(e->key, fmt->valuestring))
			return e;
	}
}

/* A new record: values and prefilter results of the last one are stale. */
static void next_record(ct_matcher *m)
{
	if (++m->cur != 0)
		return;
	memset(m->gen, 0, ((size_t)m->rs->nnames + 1) * sizeof *m->gen);
	memset(m->found, 0, ((size_t)m->nfound + 1) * sizeof *m->found);
	for (int i = 0; i < m->npf; i++)
		m->pf[i].scanned = m->pf[i].all = 0;
	m->cur = 1;
}

const ct_rule *ct_match(ct_matcher *m, const cJSON *rec, unsigned long long recno)
{
	const fmt_entry *e;
	ct_ruleset *rs = m->rs;
	next_record(m);
	e = candidates(m, rec, recno);
	if (e) {
		for (int i = 0; i < e->ncands; i++) {
			ct_rule *r = &rs->rules[e->cands[i]];
			if (rule_holds(m, r, rec, recno, 1))
				return r;
		}
		return NULL;
	}
	for (int i = 0; i < rs->nrules; i++) {
		ct_rule *r = &rs->rules[i];
		if (!r->disabled && rule_holds(m, r, rec, recno, 0))
			return r;
	}
	return NULL;
}

/* Prints a value excerpt for --explain: the first scalar under the path. */
static void show_value(ct_matcher *m, FILE *out, const cJSON *v, char **path, int npath)
{
	et_buf b = ET_BUF_INIT;
	const char *s = NULL;
	size_t len = 0, cut;
	while (v && (cJSON_IsArray(v) || (cJSON_IsObject(v) && npath))) {
		if (cJSON_IsArray(v)) {
			v = v->child;
		} else {
			v = cJSON_GetObjectItemCaseSensitive(v, path[0]);
			path++;
			npath--;
		}
	}
	if (v && !npath)
		s = scalar_text(m, v, &len);
	if (!s) {
		fputs(v ? "(not a string)" : "(absent)", out);
		return;
	}
	cut = et_utf8_cut(s, len, 60);
	et_buf_addch(&b, '"');
	for (size_t i = 0; i < cut; i++) {
		if (s[i] == '\n')
			et_buf_addstr(&b, "\\n");
		else if (s[i] == '"')
			et_buf_addstr(&b, "\\\"");
		else
			et_buf_addch(&b, s[i]);
	}
	et_buf_addstr(&b, cut < len ? "\"..." : "\"");
	{
		et_buf clean = ET_BUF_INIT;
		et_utf8_sanitize(&clean, b.buf, b.len);
		fputs(clean.buf, out);
		et_buf_release(&clean);
	}
	et_buf_release(&b);
}

const ct_rule *ct_explain(ct_matcher *m, const cJSON *rec, unsigned long long recno, FILE *out)
{
	ct_ruleset *rs = m->rs;
	next_record(m);
	for (int i = 0; i < rs->nrules; i++) {
		ct_rule *r = &rs->rules[i];
		const ct_cond *failed = NULL;
		if (r->disabled) {
			fprintf(out, "  %s %s: disabled\n", r->id, r->category);
			continue;
		}
		for (int j = 0; j < r->nconds && !failed; j++) {
			const ct_cond *c = r->src_order[j];
			int x = cond_match(m, c, rec);
			if (x < 0) {
				limit_hit(m, r, c, recno);
				fprintf(out, "  %s %s: %s%s %s: match limit hit\n", r->id, r->category,
					c->neg ? "!" : "", c->field, c->pattern);
				failed = c;
			} else if (c->neg ? x : !x) {
				fprintf(out, "  %s %s: %s%s %s: %s ", r->id, r->category,
					c->neg ? "!" : "", c->field, c->pattern,
					c->neg ? "matched" : "no match in");
				show_value(m, out, slot_value(m, rec, c->refs[0].slot), c->refs[0].path,
					   c->refs[0].npath);
				fputc('\n', out);
				failed = c;
			}
		}
		if (!failed)
			return r;
	}
	return NULL;
}
