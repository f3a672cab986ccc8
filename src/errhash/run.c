/* run: records in, groups, records out. */
#include "run.h"
#include "fp.h"
#include "groups.h"
#include "et_cli.h"
#include "et_hash.h"
#include "et_rec.h"
#include "et_jparse.h"
#include "et_time.h"
#include "et_utf8.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/*
 * Fingerprints depend on a few fields only; most inputs repeat the same
 * errors with other times and places, so fingerprints are cached by a hash
 * of those fields (a bounded, direct-mapped cache: 64k entries, 1 MB).
 */
#define CACHE_BITS 16

typedef struct {
	uint64_t key, fp;
} cache_entry;

struct eh_run {
	cache_entry *cache;
	et_hasher *kh;
	eh_opts opt;
	eh_fp *fp;
	eh_groups *groups;
	et_buf fix, out, why, loc;
	double started;
	uint64_t records;
	double last_t;          /* time_text's memory */
	char last_text[32];
};

eh_run *eh_run_new(const eh_opts *opt)
{
	eh_run *r = et_xcalloc(1, sizeof *r);
	r->opt = *opt;
	r->fp = eh_fp_new();
	r->cache = et_xcalloc((size_t)1 << CACHE_BITS, sizeof *r->cache);
	r->kh = et_hasher_new();
	r->groups = eh_groups_new();
	et_buf_init(&r->fix, 1024);
	et_buf_init(&r->loc, 256);
	et_buf_init(&r->out, 4096);
	et_buf_init(&r->why, 256);
	r->started = et_time_now();
	return r;
}

void eh_run_free(eh_run *r)
{
	if (!r)
		return;
	eh_fp_free(r->fp);
	free(r->cache);
	et_hasher_free(r->kh);
	eh_groups_free(r->groups);
	et_buf_release(&r->fix);
	et_buf_release(&r->loc);
	et_buf_release(&r->out);
	et_buf_release(&r->why);
	free(r);
}

/* the fields errhash reads, found in one pass over the record */
typedef struct {
	const cJSON *kind, *time, *type, *message, *file, *function, *format, *level, *text;
	const cJSON *frames, *causes, *fingerprint, *count, *first_seen, *last_seen;
	const cJSON *line, *locations, *location_count;
	int ours;               /* a field errhash writes is present */
} fields;

static void scan(const cJSON *rec, fields *f)
{
	const cJSON *c;
	memset(f, 0, sizeof *f);
	for (c = rec->child; c; c = c->next) {
		const char *k = c->string;
		const cJSON **slot = NULL;
		if (!k)
			continue;
		switch (k[0]) {
		case 'c':
			if (!strcmp(k, "count")) {
				slot = &f->count;
				f->ours = 1;
			} else if (!strcmp(k, "causes")) {
				slot = &f->causes;
			}
			break;
		case 'f':
			if (!strcmp(k, "file")) slot = &f->file;
			else if (!strcmp(k, "frames")) slot = &f->frames;
			else if (!strcmp(k, "format")) slot = &f->format;
			else if (!strcmp(k, "function")) slot = &f->function;
			else if (!strcmp(k, "fingerprint")) { slot = &f->fingerprint; f->ours = 1; }
			else if (!strcmp(k, "first_seen")) { slot = &f->first_seen; f->ours = 1; }
			else if (!strcmp(k, "fingerprint_parts")) f->ours = 1;
			break;
		case 'k': if (!strcmp(k, "kind")) slot = &f->kind; break;
		case 'l':
			if (!strcmp(k, "level")) slot = &f->level;
			else if (!strcmp(k, "last_seen")) { slot = &f->last_seen; f->ours = 1; }
			else if (!strcmp(k, "line")) slot = &f->line;
			else if (!strcmp(k, "locations")) { slot = &f->locations; f->ours = 1; }
			else if (!strcmp(k, "location_count")) { slot = &f->location_count; f->ours = 1; }
			break;
		case 'm': if (!strcmp(k, "message")) slot = &f->message; break;
		case 's': if (!strcmp(k, "status")) f->ours = 1; break;
		case 't':
			if (!strcmp(k, "time")) slot = &f->time;
			else if (!strcmp(k, "type")) slot = &f->type;
			else if (!strcmp(k, "text")) slot = &f->text;
			break;
		default:
			break;
		}
		if (slot && !*slot)
			*slot = c;
	}
}

static const char *sval(const cJSON *c)
{
	return cJSON_IsString(c) ? c->valuestring : NULL;
}

static const char *const ours[] = { "fingerprint", "count", "first_seen", "last_seen", "status",
				     "locations", "location_count", "fingerprint_parts", NULL };

/*
 * --explain: the parts the fingerprint of raw was made from, as a JSON
 * array of strings ("kind: traceback", "frame function: load_user", ...).
 */
static char *explain(eh_run *r, const char *raw, size_t n)
{
	cJSON *rec = et_jparse(raw, n, NULL), *arr;
	const char *p;
	char *s;
	uint64_t h;
	if (!rec)
		return et_xstrdup("null");
	et_buf_reset(&r->why);
	if (!r->opt.rules || !eh_rules_apply(r->opt.rules, r->fp, rec, &h, &r->why))
		eh_fp_record_explain(r->fp, rec, &r->why);
	arr = cJSON_CreateArray();
	for (p = r->why.buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		cJSON_AddItemToArray(arr, et_json_strn(p, len));
		p += len + (nl != NULL);
	}
	s = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	cJSON_Delete(rec);
	if (!s)
		et_die("out of memory");
	return s;
}

/* et_time_format, remembering the last time formatted (records come in runs) */
static void time_text(eh_run *r, double t, char out[32])
{
	if (t != r->last_t || !r->last_text[0]) {
		et_time_format(t, r->last_text);
		r->last_t = t;
	}
	memcpy(out, r->last_text, 32);
}

/* The group's locations as a JSON array (to free), or NULL when it has none. */
static char *locations_json(const eh_group *g)
{
	cJSON *arr;
	char *s;
	if (!g || !g->nlocs)
		return NULL;
	arr = cJSON_CreateArray();
	for (size_t i = 0; i < g->nlocs; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(g->locs[i]));
	s = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	if (!s)
		et_die("out of memory");
	return s;
}

/*
 * Writes raw (a JSON object) with errhash's fields set; with a group g,
 * also its locations.
 */
static void emit(eh_run *r, const char *raw, size_t n, int patch_in_place, uint64_t fp,
		 uint64_t count, double first, double last, const char *status, const eh_group *g)
{
	char hex[17], f[32], l[32];
	char *parts = NULL, *locs = locations_json(g);
	size_t end;
	if (r->opt.explain)
		parts = explain(r, raw, n);
	et_hash_hex(fp, hex);
	time_text(r, first, f);
	if (last == first)
		memcpy(l, f, sizeof l);
	else
		time_text(r, last, l);
	if (patch_in_place) {
		cJSON *o = et_jparse(raw, n, NULL);
		if (!o)
			et_die("internal error: stored record does not parse");
		et_json_set_str(o, "fingerprint", hex);
		et_json_set_num(o, "count", (double)count);
		et_json_set_str(o, "first_seen", f);
		et_json_set_str(o, "last_seen", l);
		if (status)
			et_json_set_str(o, "status", status);
		if (locs) {
			et_json_set(o, "locations", cJSON_CreateRaw(locs));
			et_json_set_num(o, "location_count", (double)g->loc_count);
		}
		if (parts)
			et_json_set(o, "fingerprint_parts", cJSON_CreateRaw(parts));
		et_rec_write(o);
		cJSON_Delete(o);
		free(parts);
		free(locs);
		return;
	}
	/* raw ends with '}': append our fields before it */
	end = n - 1;
	et_buf_reset(&r->out);
	et_buf_add(&r->out, raw, end);
	while (end > 0 && strchr(" \t\r\n", raw[end - 1]))
		end--;
	if (raw[end - 1] != '{')
		et_buf_addch(&r->out, ',');
	et_buf_addstr(&r->out, "\"fingerprint\":\"");
	et_buf_add(&r->out, hex, 16);
	if (count == 1) {
		et_buf_addstr(&r->out, "\",\"count\":1");
	} else {
		et_buf_addf(&r->out, "\",\"count\":%" PRIu64, count);
	}
	et_buf_addstr(&r->out, ",\"first_seen\":\"");
	et_buf_addstr(&r->out, f);
	et_buf_addstr(&r->out, "\",\"last_seen\":\"");
	et_buf_addstr(&r->out, l);
	et_buf_addch(&r->out, '"');
	if (status)
		et_buf_addf(&r->out, ",\"status\":\"%s\"", status);
	if (locs) {
		et_buf_addf(&r->out, ",\"locations\":%s,\"location_count\":%" PRIu64, locs, g->loc_count);
		free(locs);
	}
	if (parts) {
		et_buf_addstr(&r->out, ",\"fingerprint_parts\":");
		et_buf_addstr(&r->out, parts);
		free(parts);
	}
	et_buf_add(&r->out, "}\n", 2);
	et_out_write(r->out.buf, r->out.len);
	et_out_end_record();
}

static int parse_fp(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!s || strlen(s) != 16)
		return 0;
	for (int i = 0; i < 16; i++) {
		int c = (unsigned char)s[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return 0;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 1;
}

static double time_of(const cJSON *c, double dflt)
{
	const char *s = sval(c);
	double t;
	if (s && et_time_parse(s, &t, NULL) == 0)
		return t;
	return dflt;
}

static void key_frames(et_hasher *h, const cJSON *frames)
{
	const cJSON *f;
	et_hasher_field(h, cJSON_IsArray(frames) ? "[" : "-");
	cJSON_ArrayForEach(f, frames) {
		et_hasher_field(h, et_json_str(f, "file"));
		et_hasher_field(h, et_json_str(f, "function"));
	}
}

/* a hash of everything a fingerprint (default or by rule) is made from */
static uint64_t cache_key(et_hasher *h, const fields *f)
{
	const char *m = sval(f->message);
	const cJSON *c;
	uint64_t k;
	et_hasher_reset(h);
	et_hasher_field(h, sval(f->type));
	et_hasher_field(h, m);
	et_hasher_field(h, sval(f->file));
	et_hasher_field(h, sval(f->function));
	et_hasher_field(h, sval(f->format));
	et_hasher_field(h, sval(f->level));
	if (!m || !*m)
		et_hasher_field(h, sval(f->text));
	key_frames(h, f->frames);
	cJSON_ArrayForEach(c, f->causes) {
		et_hasher_field(h, et_json_str(c, "type"));
		key_frames(h, et_json_get(c, "frames"));
	}
	k = et_hasher_digest(h);
	return k ? k : 1;
}

static uint64_t fingerprint(eh_run *r, const cJSON *rec, const fields *f)
{
	uint64_t h, key = cache_key(r->kh, f);
	cache_entry *e = &r->cache[key & (((uint64_t)1 << CACHE_BITS) - 1)];
	if (e->key == key)
		return e->fp;
	if (!r->opt.rules || !eh_rules_apply(r->opt.rules, r->fp, rec, &h, NULL))
		h = eh_fp_record(r->fp, rec);
	e->key = key;
	e->fp = h;
	return h;
}

/* raw without errhash's own fields, printed by cJSON: shards' copies of one record agree */
static char *canonical(const char *raw, size_t n)
{
	cJSON *o = et_jparse(raw, n, NULL);
	char *s;
	if (!o)
		return et_xstrndup(raw, n);
	for (const char *const *k = ours; *k; k++)
		cJSON_DeleteItemFromObjectCaseSensitive(o, *k);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s ? s : et_xstrndup(raw, n);
}

/* Whether the record raw[0..n) at time first should represent gr instead. */
static int better(const eh_group *gr, double first, const char *raw, size_t n)
{
	char *a, *b;
	int c;
	if (first != gr->first)
		return first < gr->first;
	a = canonical(raw, n);
	b = canonical(gr->raw, gr->rawlen);
	c = strcmp(a, b);
	free(a);
	free(b);
	return c < 0;
}

static void record(eh_run *r, const cJSON *rec, const char *raw, size_t n)
{
	fields f;
	double t, first, last;
	uint64_t fp, count = 1;
	eh_group *gr;
	int created, mine;

	scan(rec, &f);
	if (f.kind && !cJSON_IsNull(f.kind)) {
		/* not a diagnostic (errcap's run record): passed through as it is */
		et_out_write(raw, n);
		et_out_write("\n", 1);
		et_out_end_record();
		return;
	}
	t = time_of(f.time, -1);
	if (t == -1)
		t = et_time_now();
	first = last = t;
	if (r->opt.mode == EH_MERGE) {
		const cJSON *c = f.count;
		if (!parse_fp(sval(f.fingerprint), &fp))
			fp = fingerprint(r, rec, &f);
		if (cJSON_IsNumber(c) && c->valuedouble >= 1 && c->valuedouble < 1.8e19)
			count = (uint64_t)c->valuedouble;
		first = time_of(f.first_seen, t);
		last = time_of(f.last_seen, first);
		if (last < first)
			last = first;
	} else {
		fp = fingerprint(r, rec, &f);
	}
	r->records += count;
	gr = eh_groups_get(r->groups, fp, &created);
	mine = f.ours;
	if (created) {
		gr->count = count;
		gr->first = first;
		gr->last = last;
		eh_group_set_raw(gr, raw, n, mine);
		if (r->opt.store && r->opt.mode != EH_DEFAULT && r->opt.mode != EH_MERGE)
			gr->status = eh_store_peek(r->opt.store, fp);
	} else {
		gr->count += count;
		if (r->opt.mode == EH_MERGE && better(gr, first, raw, n))
			eh_group_set_raw(gr, raw, n, mine);
		if (first < gr->first)
			gr->first = first;
		if (last > gr->last)
			gr->last = last;
	}
	if (r->opt.mode == EH_MERGE && (f.locations || f.location_count)) {
		eh_group_merge_locations(gr, f.locations, f.location_count);
	} else if (cJSON_IsString(f.file) && *f.file->valuestring) {
		et_buf_reset(&r->loc);
		/* the record may hold bytes that are not UTF-8: output is UTF-8 always */
		et_utf8_sanitize(&r->loc, f.file->valuestring, strlen(f.file->valuestring));
		if (cJSON_IsNumber(f.line) && f.line->valuedouble >= 1)
			et_buf_addf(&r->loc, ":%.0f", f.line->valuedouble);
		eh_group_add_location(gr, r->loc.buf, r->loc.len);
	}
	if (r->opt.store)
		eh_group_add_day(gr, last, count);
	if (r->opt.mode == EH_ALL)
		emit(r, raw, n, mine, fp, 1, t, t, gr->status, NULL);
	else if (r->opt.mode == EH_STREAM && created)
		emit(r, raw, n, mine, fp, 1, t, t, gr->status, NULL);
}

void eh_run_record(cJSON *rec, et_rec_reader *rr, void *arg)
{
	eh_run *r = arg;
	size_t len;
	const char *line = et_rec_line(rr, &len);
	if (et_utf8_valid(line, len)) {
		record(r, rec, line, len);
	} else {
		et_buf_reset(&r->fix);
		et_utf8_sanitize(&r->fix, line, len);
		record(r, rec, r->fix.buf, r->fix.len);
	}
	cJSON_Delete(rec);
}

static int by_first(const void *a, const void *b)
{
	const eh_group *x = *(eh_group *const *)a, *y = *(eh_group *const *)b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->fp < y->fp ? -1 : x->fp > y->fp;
}

void eh_run_finish(eh_run *r)
{
	size_t n = eh_groups_count(r->groups);
	eh_group **order;
	if (r->opt.store && eh_store_commit(r->opt.store, r->groups, r->started, r->records))
		et_trouble = 1;
	if (r->opt.mode != EH_DEFAULT && r->opt.mode != EH_MERGE)
		return;
	order = et_xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = eh_groups_at(r->groups, i);
	/* merged output must not depend on the order of the shards */
	if (r->opt.mode == EH_MERGE)
		qsort(order, n, sizeof *order, by_first);
	for (size_t i = 0; i < n; i++) {
		eh_group *g = order[i];
		emit(r, g->raw, g->rawlen, g->raw_has_ours, g->fp, g->count, g->first, g->last,
		     g->status, g);
	}
	free(order);
}
