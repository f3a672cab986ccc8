/* todo.c: errtodo's items: from records, from TODO.md, to markdown. */
#include "todo.h"
#include "ci.h"
#include "et_cli.h"
#include "et_hash.h"
#include "et_rec.h"
#include "et_swar.h"
#include "et_utf8.h"

#include "et_ctype.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const todo_sev_heading[ET_SEV_N] = {
	"CRITICAL", "HIGH PRIORITY", "MEDIUM PRIORITY", "LOW PRIORITY",
};

static void item_free(todo_item *it)
{
	free(it->title);
	free(it->meta_tail);
	free(it->category);
	free(it->last_seen);
	free(it->first_seen);
	free(it->status);
	free(it->details);
	free(it->hint);
	free(it->hint_line);
	free(it->notes);
	free(it->notes_after);
	for (size_t i = 0; i < it->nlocs; i++)
		free(it->locs[i]);
	free(it->locs);
	free(it->type);
	free(it->message);
	free(it->location);
	free(it->text);
	free(it->context);
	free(it->severity_name);
	free(it->format);
	free(it);
}

void todo_list_free(todo_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_free(l->v[i]);
	free(l->v);
	free(l->idx);
	free(l->head_notes);
	memset(l, 0, sizeof *l);
}

/* ---- the index by fingerprint: slots hold an item, NULL or TOMB (removed) ---- */

static todo_item idx_tomb;
#define TOMB (&idx_tomb)

static size_t idx_hash(const char *fp)
{
	return (size_t)et_hash64(fp, strlen(fp));
}

/* the slot of fp, or the free slot where it would go */
static size_t idx_slot(const todo_list *l, const char *fp)
{
	size_t m = l->idx_cap - 1, i = idx_hash(fp) & m, free_at = (size_t)-1;
	for (; l->idx[i]; i = (i + 1) & m) {
		if (l->idx[i] == TOMB) {
			if (free_at == (size_t)-1)
				free_at = i;
		} else if (!strcmp(l->idx[i]->fp, fp)) {
			return i;
		}
	}
	return free_at != (size_t)-1 ? free_at : i;
}

/* room for one more item (tombstones count as used) */
static void idx_grow(todo_list *l)
{
	todo_item **old = l->idx;
	size_t oldcap = l->idx_cap;
	if ((l->idx_used + 1) * 2 <= l->idx_cap)
		return;
	/* rebuilt without tombstones, a quarter full */
	for (l->idx_cap = 64; l->idx_cap < (l->n + 1) * 4; l->idx_cap *= 2)
		;
	l->idx = et_xcalloc(l->idx_cap, sizeof *l->idx);
	l->idx_used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i] && old[i] != TOMB) {
			l->idx[idx_slot(l, old[i]->fp)] = old[i];
			l->idx_used++;
		}
	free(old);
}

todo_item *todo_find(todo_list *l, const char *fp)
{
	todo_item *it;
	if (!l->idx_cap)
		return NULL;
	it = l->idx[idx_slot(l, fp)];
	return it && it != TOMB ? it : NULL;
}

todo_item *todo_find_prefix(todo_list *l, const char *prefix, int *ambiguous)
{
	todo_item *found = NULL;
	size_t n = strlen(prefix);
	*ambiguous = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (et_strncasecmp(l->v[i]->fp, prefix, n))
			continue;
		if (found) {
			*ambiguous = 1;
			return NULL;
		}
		found = l->v[i];
	}
	return found;
}

todo_item *todo_add(todo_list *l, const char *fp)
{
	todo_item *it = et_xcalloc(1, sizeof *it);
	snprintf(it->fp, sizeof it->fp, "%s", fp);
	it->order = l->next_order++;
	it->sev = ET_SEV_MEDIUM;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = et_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = it;
	idx_grow(l);
	size_t slot = idx_slot(l, it->fp);
	if (!l->idx[slot])
		l->idx_used++;
	if (!l->idx[slot] || l->idx[slot] == TOMB)
		l->idx[slot] = it;      /* the first item of a fingerprint is the one found */
	return it;
}

void todo_remove(todo_list *l, todo_item *it)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i] != it)
			continue;
		memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof *l->v);
		l->n--;
		if (l->idx_cap) {
			size_t slot = idx_slot(l, it->fp);
			if (l->idx[slot] == it) {
				l->idx[slot] = TOMB;
				/* another item of the same fingerprint (not usual) takes its place */
				for (size_t j = 0; j < l->n; j++)
					if (!strcmp(l->v[j]->fp, it->fp)) {
						l->idx[slot] = l->v[j];
						break;
					}
			}
		}
		item_free(it);
		return;
	}
}

static void set(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? et_xstrdup(s) : NULL;
}

static int sev_of(const cJSON *rec)
{
	const char *s = et_json_str(rec, "severity");
	int k = s ? et_schema_rank("severity", s) : -1;
	/* no severity: by level, as errcat does for uncategorized records */
	return k >= 0 ? k : et_severity_of_level(et_json_str(rec, "level"));
}

/* A fingerprint for records that did not go through errhash. */
static void fallback_fp(const cJSON *rec, char out[17])
{
	static const char *const keys[] = { "format", "type", "message", "file", "line" };
	et_hasher *h = et_hasher_new();
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const cJSON *v = et_json_get(rec, keys[i]);
		char num[32];
		if (cJSON_IsString(v))
			et_hasher_field(h, v->valuestring);
		else if (cJSON_IsNumber(v)) {
			snprintf(num, sizeof num, "%.0f", v->valuedouble);
			et_hasher_field(h, num);
		} else
			et_hasher_field(h, NULL);
	}
	et_hash_hex(et_hasher_digest(h), out);
	et_hasher_free(h);
}

static int valid_fp(const char *s)
{
	if (!s || strlen(s) != 16)
		return 0;
	for (const char *p = s; *p; p++)
		if (!et_isxdigit((unsigned char)*p) || et_isupper((unsigned char)*p))
			return 0;
	return 1;
}

static char *fmt_time(const char *t)
{
	/* "2026-11-21T20:52:10.123Z" -> "2026-11-21 20:52 UTC" */
	et_buf b = ET_BUF_INIT;
	if (!t)
		return NULL;
	if (strlen(t) >= 16 && t[10] == 'T') {
		et_buf_add(&b, t, 10);
		et_buf_addch(&b, ' ');
		et_buf_add(&b, t + 11, 5);
		et_buf_addstr(&b, " UTC");
	} else {
		md_inline(&b, t);
	}
	return et_buf_detach(&b, NULL);
}

/* the length of the run at p (n bytes) without control bytes other than tab */
static size_t plain_run(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (n - i >= 8 && !et_swar_below(et_swar_load(p + i), 0x20)) {
			i += 8;
			continue;
		}
		if ((unsigned char)p[i] < 0x20 && p[i] != '\t')
			break;
		i++;
	}
	return i;
}

static void fence(et_buf *out, const char *text, const char *indent)
{
	size_t len = strlen(text), best = 0, n;
	const char *e = text + len;
	/* a fence longer than any run of backticks inside */
	for (const char *p = memchr(text, '`', len); p;) {
		size_t run = 0;
		while (p + run < e && p[run] == '`')
			run++;
		if (run > best)
			best = run;
		p = memchr(p + run, '`', (size_t)(e - p - run));
	}
	n = best >= 3 ? best + 1 : 3;
	et_buf_addstr(out, indent);
	for (size_t i = 0; i < n; i++)
		et_buf_addch(out, '`');
	et_buf_addstr(out, "text\n");
	/* each line indented; no control characters in the file */
	for (const char *p = text; p < e;) {
		et_buf_addstr(out, indent);
		for (;;) {
			size_t k = plain_run(p, (size_t)(e - p));
			et_buf_add(out, p, k);
			p += k;
			if (p == e || *p == '\n')
				break;
			et_buf_addstr(out, "\xef\xbf\xbd");
			p++;
		}
		et_buf_addch(out, '\n');
		if (p < e)
			p++;            /* the newline */
	}
	et_buf_addstr(out, indent);
	for (size_t i = 0; i < n; i++)
		et_buf_addch(out, '`');
	et_buf_addch(out, '\n');
}

/*
 * text without a sanitizer's shadow-byte dump: from "Shadow bytes around
 * the buggy address:" up to the next "==PID==" line (or the end), which
 * is memory layout, not what went wrong; one line says it was left out.
 */
static void without_shadow_dump(et_buf *out, const char *text)
{
	static const char start[] = "Shadow bytes around the buggy address:";
	const char *p = text;
	int skipping = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (!skipping && !strncmp(p, start, sizeof start - 1)) {
			skipping = 1;
			et_buf_addstr(out, "(shadow bytes left out)\n");
		} else if (skipping && p[0] == '=' && p[1] == '=') {
			skipping = 0;
		}
		if (!skipping)
			et_buf_add(out, p, len);
		p += len;
	}
	if (out->len && out->buf[out->len - 1] == '\n')
		et_buf_setlen(out, out->len - 1);
}

/*
 * The message as a title: without the volatile words of crash reports
 * (addresses 0x... of 4 or more hex digits with the labels before them,
 * "address", "pc", "bp", "sp", "on", "at"; "(pid=N)"-like groups), so that
 * "heap-use-after-free on address 0x6020... at pc 0x55... bp ... sp ..."
 * reads "heap-use-after-free". Sets *cut when something was removed.
 */
static void stable_message(et_buf *out, const char *msg, int *cut)
{
	static const char *const labels[] = { "address", "pc", "bp", "sp", "on", "at", NULL };
	const char *p = msg;
	*cut = 0;
	while (*p) {
		const char *w = p, *e;
		while (*p && *p != ' ')
			p++;
		e = p;
		while (*p == ' ')
			p++;
		size_t n = (size_t)(e - w), hex = 0;
		if (n > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X'))
			while (2 + hex < n && et_isxdigit(w[2 + hex]))
				hex++;
		int addr = hex >= 4 && 2 + hex >= n - (e[-1] == ',' || e[-1] == ':');
		int group = w[0] == '(' && e[-1] == ')' && memchr(w, '=', n) &&
			    et_isdigit(e[-2]);
		if (addr || group) {
			/* drop the labels before it too */
			for (;;) {
				size_t end = out->len;
				while (end && out->buf[end - 1] == ' ')
					end--;
				size_t st = end;
				while (st && out->buf[st - 1] != ' ')
					st--;
				int label = 0;
				for (int i = 0; addr && labels[i]; i++)
					label |= end - st == strlen(labels[i]) &&
						 !memcmp(out->buf + st, labels[i], end - st);
				et_buf_setlen(out, label ? st : end);
				if (!label)
					break;
			}
			*cut = 1;
			continue;
		}
		if (out->len && out->buf[out->len - 1] != ' ')
			et_buf_addch(out, ' ');
		et_buf_add(out, w, n);
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		et_buf_setlen(out, out->len - 1);
}

static char *render_details(const cJSON *rec, et_buf *ctxtext)
{
	et_buf b = ET_BUF_INIT;
	const char *text = et_json_str(rec, "text");
	const cJSON *frames = et_json_get(rec, "frames");
	const char *what = cJSON_IsArray(frames) && cJSON_GetArraySize(frames) > 0
			   ? "traceback" : "details";
	if (!text && !ctxtext->len)
		return et_xstrdup("");
	et_buf_addf(&b, "  <details><summary>%s</summary>\n\n", what);
	if (text) {
		et_buf kept = ET_BUF_INIT;
		without_shadow_dump(&kept, text);
		fence(&b, kept.buf, "  ");
		et_buf_release(&kept);
	}
	if (ctxtext->len) {
		et_buf_addstr(&b, "\n  Lines before it:\n\n");
		fence(&b, ctxtext->buf, "  ");
	}
	et_buf_addstr(&b, "\n  </details>\n");
	return et_buf_detach(&b, NULL);
}

/* The record's hint (errcat's advice) into it, and its TODO_HINT line. */
static void set_hint(todo_item *it, const cJSON *rec)
{
	et_buf h = ET_BUF_INIT;
	ci_hint(&h, rec);
	free(it->hint);
	free(it->hint_line);
	it->hint = it->hint_line = NULL;
	if (h.len) {
		et_buf line = ET_BUF_INIT;
		it->hint = et_xstrdup(h.buf);
		et_buf_addstr(&line, TODO_HINT);
		md_inline(&line, h.buf);
		it->hint_line = et_buf_detach(&line, NULL);
	}
	et_buf_release(&h);
}

static void title_of(et_buf *b, const cJSON *rec, et_buf *loc)
{
	const char *type = et_json_str(rec, "type"), *msg = et_json_str(rec, "message");
	const char *level = et_json_str(rec, "level");
	et_buf_addstr(b, "**");
	if (type)
		md_inline(b, type);
	else if (level && !strcmp(level, "warning"))
		et_buf_addstr(b, "Warning");
	else if (level && !strcmp(level, "fatal"))
		et_buf_addstr(b, "Fatal");
	else
		et_buf_addstr(b, "Error");
	et_buf_addstr(b, "**");
	if (msg && *msg) {
		et_buf stable = ET_BUF_INIT;
		int cut;
		const char *fn = et_json_str(rec, "function");
		stable_message(&stable, msg, &cut);
		/* a crash's title says where it happened instead of its addresses */
		if (stable.len && !(type && !et_strcasecmp(stable.buf, type))) {
			et_buf_addstr(b, ": ");
			md_inline(b, stable.buf);
		}
		if (cut && fn && *fn) {
			et_buf_addstr(b, " in ");
			md_inline(b, fn);
		}
		et_buf_release(&stable);
	}
	if (loc->len) {
		et_buf_addstr(b, " \xe2\x80\x94 ");     /* em dash */
		md_inline(b, loc->buf);
	}
}

void todo_record_fp(const cJSON *rec, char out[17])
{
	const char *fp = et_json_str(rec, "fingerprint");
	if (valid_fp(fp))
		memcpy(out, fp, 17);
	else
		fallback_fp(rec, out);
}

/* at most this many distinct locations are kept per item; more are counted */
#define LOCS_KEPT 64
/* and this many are shown on its line, before "and N more" */
#define LOCS_SHOWN 3

static void add_location(todo_item *it, const char *loc)
{
	for (size_t i = 0; i < it->nlocs; i++)
		if (!strcmp(it->locs[i], loc))
			return;
	if (it->nlocs == LOCS_KEPT) {
		it->loc_count++;
		return;
	}
	it->locs = et_xrealloc(it->locs, (it->nlocs + 1) * sizeof *it->locs);
	it->locs[it->nlocs++] = et_xstrdup(loc);
	if ((long long)it->nlocs > it->loc_count)
		it->loc_count = (long long)it->nlocs;
}

/* The record's locations (errhash's `locations`, or its own file:line) into it. */
static void add_locations(todo_item *it, const cJSON *rec, const char *own)
{
	const cJSON *locs = et_json_get(rec, "locations"), *c;
	double n = et_json_num(rec, "location_count", 0);
	if (cJSON_IsArray(locs) && cJSON_GetArraySize(locs) > 0) {
		cJSON_ArrayForEach(c, locs)
			if (cJSON_IsString(c) && *c->valuestring)
				add_location(it, c->valuestring);
	} else if (own && *own) {
		add_location(it, own);
	}
	if (n > (double)it->loc_count && n < 9e18)
		it->loc_count = (long long)n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* LEAD "N locations: a, b, c and K more" when the item has more than one. */
static void render_locations(et_buf *out, const todo_item *it, const char *lead)
{
	size_t shown;
	char **v;
	if (it->loc_count < 2 || !it->nlocs)
		return;
	v = et_xmalloc(it->nlocs * sizeof *v);
	memcpy(v, it->locs, it->nlocs * sizeof *v);
	qsort(v, it->nlocs, sizeof *v, cmp_str);
	shown = it->nlocs < LOCS_SHOWN ? it->nlocs : LOCS_SHOWN;
	et_buf_addf(out, "%s%lld locations: ", lead, it->loc_count);
	for (size_t i = 0; i < shown; i++) {
		if (i)
			et_buf_addstr(out, ", ");
		md_inline(out, v[i]);
	}
	if (it->loc_count > (long long)shown)
		et_buf_addf(out, " and %lld more", it->loc_count - (long long)shown);
	free(v);
}

todo_item *todo_add_record(todo_list *l, const cJSON *rec)
{
	char fp[17];
	todo_item *it;
	long long count;
	const char *first, *last, *lv;
	et_buf loc = ET_BUF_INIT, b = ET_BUF_INIT, ctxt = ET_BUF_INIT;

	if (et_json_str(rec, "kind"))
		return NULL;            /* run records and the like are not errors */
	if ((lv = et_json_str(rec, "level")) && !strcmp(lv, "info"))
		return NULL;            /* the consequence of errors recorded apart */
	todo_record_fp(rec, fp);
	count = (long long)et_json_num(rec, "count", 1);
	if (count < 1)
		count = 1;
	first = et_json_str(rec, "first_seen");
	last = et_json_str(rec, "last_seen");
	if (!first)
		first = et_json_str(rec, "time");
	if (!last)
		last = et_json_str(rec, "time");

	it = todo_find(l, fp);
	if (it && it->in_input) {
		/* the same fingerprint again (errhash --all, or several inputs) */
		it->count += count;
		if (last && (!it->last_seen || strcmp(last, it->last_seen) > 0))
			set(&it->last_seen, last);
		if (first && (!it->first_seen || strcmp(first, it->first_seen) < 0))
			set(&it->first_seen, first);
		goto locations;
	}
	if (!it)
		it = todo_add(l, fp);
	it->in_input = 1;
	it->count = count;
	it->sev = sev_of(rec);
	set(&it->category, et_json_str(rec, "category"));
	set(&it->severity_name, et_severity_names[it->sev]);
	set(&it->first_seen, first);
	set(&it->last_seen, last);
	set(&it->status, et_json_str(rec, "status"));
	set(&it->type, et_json_str(rec, "type"));
	set(&it->message, et_json_str(rec, "message"));
	set(&it->text, et_json_str(rec, "text"));
	set(&it->format, et_json_str(rec, "format"));

	const char *file = et_json_str(rec, "file");
	double line = et_json_num(rec, "line", 0);
	if (file) {
		et_buf_addstr(&loc, file);
		if (line > 0)
			et_buf_addf(&loc, ":%.0f", line);
	}
	set(&it->location, loc.len ? loc.buf : NULL);

	const cJSON *ctx = et_json_get(rec, "context"), *c;
	cJSON_ArrayForEach(c, ctx) {
		if (cJSON_IsString(c)) {
			et_buf_addstr(&ctxt, c->valuestring);
			et_buf_addch(&ctxt, '\n');
		}
	}
	if (ctxt.len)
		et_buf_setlen(&ctxt, ctxt.len - 1);
	set(&it->context, ctxt.len ? ctxt.buf : NULL);
	free(it->details);
	it->details = render_details(rec, &ctxt);
	set_hint(it, rec);

	if (!it->title) {
		title_of(&b, rec, &loc);
		it->title = et_buf_detach(&b, NULL);
	}
locations:
	et_buf_reset(&loc);
	if (et_json_str(rec, "file")) {
		et_buf_addstr(&loc, et_json_str(rec, "file"));
		if (et_json_num(rec, "line", 0) > 0)
			et_buf_addf(&loc, ":%.0f", et_json_num(rec, "line", 0));
	}
	add_locations(it, rec, loc.buf);
	et_buf_release(&loc);
	et_buf_release(&b);
	et_buf_release(&ctxt);
	return it;
}

static int cmp_items(const void *a, const void *b)
{
	const todo_item *x = *(todo_item *const *)a, *y = *(todo_item *const *)b;
	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void todo_sort(todo_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_items);
}

void todo_escape(et_buf *out, const char *s, const char *const tab[128], const char *ctl)
{
	et_buf clean = ET_BUF_INIT;
	et_utf8_sanitize(&clean, s, strlen(s));
	for (const char *p = clean.buf; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x80 && tab[c]) {
			et_buf_addstr(out, tab[c]);
		} else if (c < 0x20) {
			et_buf_addstr(out, ctl);
		} else if (c == 0xef && (unsigned char)p[1] == 0xbf && (unsigned char)p[2] >= 0xbe) {
			et_buf_addstr(out, "\xef\xbf\xbd");  /* U+FFFE, U+FFFF: not characters */
			p += 2;
		} else {
			et_buf_addch(out, c);
		}
	}
	et_buf_release(&clean);
}

void md_inline(et_buf *out, const char *s)
{
	static const char *const md[128] = {
		['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;",
		['\\'] = "\\\\", ['`'] = "\\`", ['*'] = "\\*", ['_'] = "\\_", ['['] = "\\[", [']'] = "\\]",
		['#'] = "\\#", ['|'] = "\\|", ['~'] = "\\~", ['!'] = "\\!", ['('] = "\\(", [')'] = "\\)",
		['{'] = "\\{", ['}'] = "\\}", [0x7f] = " ",
	};
	todo_escape(out, s, md, " ");
}

static void render_meta(et_buf *out, const todo_item *it)
{
	if (!it->in_input && it->meta_tail) {
		et_buf_addstr(out, it->meta_tail);
		return;
	}
	et_buf_addf(out, " (\xc3\x97%lld", it->count);
	if (it->last_seen) {
		char *t = fmt_time(it->last_seen);
		et_buf_addf(out, ", last seen %s", t);
		free(t);
	}
	et_buf_addf(out, ") \xc2\xb7 `%.8s`", it->fp);
	if (it->category) {
		et_buf_addstr(out, " \xc2\xb7 ");
		md_inline(out, it->category);
	}
	render_locations(out, it, " \xc2\xb7 ");
	if (it->status && !strcmp(it->status, "regressed"))
		et_buf_addstr(out, " \xc2\xb7 regressed");
}

void todo_render_block(et_buf *out, const todo_list *l)
{
	size_t per[ET_SEV_N] = { 0 }, open = 0;
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i]->checked) {
			per[l->v[i]->sev]++;
			open++;
		}
	et_buf_addstr(out, TODO_BEGIN " (written by errtodo: edit item titles, notes and "
		      "checkboxes freely; the rest of this block is rewritten) -->\n");
	et_buf_addstr(out, "## Open errors\n\n");
	if (!open) {
		et_buf_addstr(out, "No open errors.\n\n");
	} else {
		et_buf_addf(out, "%zu open: %zu critical, %zu high, %zu medium, %zu low.\n\n",
			    open, per[0], per[1], per[2], per[3]);
	}
	if (l->head_notes) {
		et_buf_addstr(out, l->head_notes);
		et_buf_addstr(out, "\n\n");
	}
	for (int s = 0; s < ET_SEV_N; s++) {
		if (!per[s])
			continue;
		et_buf_addf(out, "### %s\n\n", todo_sev_heading[s]);
		for (size_t i = 0; i < l->n; i++) {
			const todo_item *it = l->v[i];
			if (it->sev != s || it->checked)
				continue;
			et_buf_addstr(out, "- [ ] ");
			et_buf_addstr(out, it->title ? it->title : "");
			render_meta(out, it);
			et_buf_addf(out, " <!-- fp:%s -->\n", it->fp);
			if (it->notes && *it->notes) {
				et_buf_addstr(out, it->notes);
				et_buf_addch(out, '\n');
			}
			/* a paragraph of its own under the item's line and notes,
			 * then the notes the user wrote after it */
			if (it->hint_line) {
				et_buf_addch(out, '\n');
				et_buf_addstr(out, it->hint_line);
				et_buf_addch(out, '\n');
			}
			if (it->notes_after && *it->notes_after) {
				et_buf_addstr(out, it->notes_after);
				et_buf_addch(out, '\n');
			}
			if (it->details && *it->details)
				et_buf_addstr(out, it->details);
			et_buf_addch(out, '\n');
		}
	}
	et_buf_addstr(out, TODO_END "\n");
}

/* ---- reading a block back ---- */

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static int starts(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(e - p) >= n && !memcmp(p, lit, n);
}

/*
 * Fenced code blocks (CommonMark): an opening line of at least three
 * backticks or tildes, indented by up to three spaces, closed by a line
 * of at least as many of the same character and nothing else but blanks.
 * Returns the fence length when line [p, e) opens one (*ch set), else 0.
 */
static size_t fence_open(const char *p, const char *e, char *ch)
{
	const char *t = p;
	size_t k = 0;
	while (t < e && *t == ' ' && t - p < 3)
		t++;
	if (t == e || (*t != '`' && *t != '~'))
		return 0;
	while (t + k < e && t[k] == *t)
		k++;
	if (k < 3)
		return 0;
	if (*t == '`' && memchr(t + k, '`', (size_t)(e - t - (ptrdiff_t)k)))
		return 0;       /* `` ```a`b `` is inline code, not a fence */
	*ch = *t;
	return k;
}

static int fence_closes(const char *p, const char *e, char ch, size_t len)
{
	const char *t = p;
	size_t k = 0;
	while (t < e && *t == ' ' && t - p < 3)
		t++;
	while (t + k < e && t[k] == ch)
		k++;
	if (k < len)
		return 0;
	for (t += k; t < e; t++)
		if (*t != ' ' && *t != '\t' && *t != '\r')
			return 0;
	return 1;
}

#define TODO_END_PREFIX "<!-- errtodo:end"

int todo_split(const char *doc, size_t n, size_t *before_len, size_t *inner_start,
	       size_t *inner_len, size_t *after_start, size_t *bad_line, char *err,
	       size_t errlen)
{
	const char *end = doc + n, *p = doc;
	size_t line = 0, begin_line = 0, end_line = 0, fence_line = 0, fence_len = 0;
	char fence_ch = 0;

	*before_len = n;
	*inner_start = *inner_len = 0;
	*after_start = n;
	while (p < end) {
		const char *e = line_end(p, end);
		int is_begin = starts(p, e, TODO_BEGIN), is_end = starts(p, e, TODO_END_PREFIX);
		line++;
		if (memchr(p, '\0', (size_t)(e - p))) {
			/* notes are text: a NUL would cut one short when it is kept */
			*bad_line = line;
			snprintf(err, errlen, "NUL byte: not a text file");
			return -1;
		}
		if ((is_begin || is_end) && fence_ch) {
			*bad_line = line;
			snprintf(err, errlen, "errtodo %s marker inside a code fence (opened at line %zu); "
				 "move the marker out of the fence", is_begin ? "begin" : "end", fence_line);
			return -1;
		}
		if (is_begin) {
			*bad_line = line;
			if (end_line) {
				snprintf(err, errlen, "a second errtodo block (the first is at lines %zu-%zu); "
					 "keep one", begin_line, end_line);
				return -1;
			}
			if (begin_line) {
				snprintf(err, errlen, "a second errtodo begin marker, and the block begun at "
					 "line %zu has no end marker", begin_line);
				return -1;
			}
			begin_line = line;
			*before_len = (size_t)(p - doc);
			*inner_start = (size_t)(e - doc) + (e < end);
		} else if (is_end) {
			*bad_line = line;
			if (end_line) {
				snprintf(err, errlen, "a second errtodo end marker (the block is at lines "
					 "%zu-%zu)", begin_line, end_line);
				return -1;
			}
			if (!begin_line) {
				snprintf(err, errlen, "errtodo end marker without a begin marker before it");
				return -1;
			}
			end_line = line;
			*inner_len = (size_t)(p - doc) - *inner_start;
			*after_start = (size_t)(e - doc) + (e < end);
		} else if (fence_ch) {
			if (fence_closes(p, e, fence_ch, fence_len))
				fence_ch = 0;
		} else if ((fence_len = fence_open(p, e, &fence_ch))) {
			fence_line = line;
		}
		p = e + (e < end);
	}
	if (begin_line && !end_line) {
		*bad_line = begin_line;
		snprintf(err, errlen, "errtodo begin marker without an end marker (" TODO_END
			 ") after it");
		*before_len = n;
		*inner_start = *inner_len = 0;
		*after_start = n;
		return -1;
	}
	return begin_line ? 1 : 0;
}

static int item_line(const char *p, const char *e, int *checked)
{
	if (starts(p, e, "- [ ] ")) {
		*checked = 0;
		return 1;
	}
	if (starts(p, e, "- [x] ") || starts(p, e, "- [X] ")) {
		*checked = 1;
		return 1;
	}
	return 0;
}

static const char *rfind(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	const char *found = NULL;
	for (const char *q = p; q + n <= e; q++)
		if (!memcmp(q, lit, n))
			found = q;
	return found;
}

/* The lines errtodo writes at the top of its block: not notes. */
static int own_line(const char *p, const char *e)
{
	size_t len = (size_t)(e - p);
	const char *q = p;
	if ((len == 14 && starts(p, e, "## Open errors")) || (len == 15 && starts(p, e, "No open errors.")))
		return 1;
	while (q < e && et_isdigit((unsigned char)*q))
		q++;
	return q > p && starts(q, e, " open: ") && len >= 5 && !memcmp(e - 5, " low.", 5);
}

/* The severity whose section heading line [p, e) is, or -1. */
static int sev_heading(const char *p, const char *e)
{
	size_t len = (size_t)(e - p);
	if (!starts(p, e, "### "))
		return -1;
	for (int s = 0; s < ET_SEV_N; s++)
		if (len - 4 == strlen(todo_sev_heading[s]) && !memcmp(p + 4, todo_sev_heading[s], len - 4))
			return s;
	return -1;
}

/* Appends line [p, e) to notes after the blank lines in pending. */
static void add_note(et_buf *notes, et_buf *pending, const char *p, const char *e)
{
	if (notes->len)
		et_buf_addch(notes, '\n');
	et_buf_add(notes, pending->buf, pending->len);
	et_buf_reset(pending);
	et_buf_add(notes, p, (size_t)(e - p));
}

/* what todo_mark_missing adds to an item's line */
#define NOT_SEEN " \xc2\xb7 not seen since "

/* Is [p, e) an item line errtodo wrote: a checkbox and a fingerprint? */
static int fp_item_line(const char *p, const char *e)
{
	int checked;
	const char *t;
	return item_line(p, e, &checked) && (t = rfind(p, e, "<!-- fp:")) && t + 8 + 16 <= e &&
	       strspn(t + 8, "0123456789abcdef") >= 16;
}

int todo_parse_block(todo_list *l, const char *inner, size_t n)
{
	const char *end = inner + n, *p = inner;
	int sev = ET_SEV_MEDIUM;
	todo_item *cur = NULL;
	et_buf notes = ET_BUF_INIT, details = ET_BUF_INIT, pending = ET_BUF_INIT;
	et_buf head = ET_BUF_INIT, after = ET_BUF_INIT;
	int in_details = 0, k;
	char fence_ch = 0, note_fence_ch = 0;
	size_t fence_len = 0, note_fence_len = 0;

	/*
	 * A <details> block never closed runs to the item's end: its trailing
	 * blank lines are the separator errtodo writes, not its content.
	 */
#define CLOSE_ITEM() do { if (cur) { \
		while (details.len > 1 && details.buf[details.len - 1] == '\n' && \
		       details.buf[details.len - 2] == '\n') \
			et_buf_setlen(&details, details.len - 1); \
		free(cur->notes); cur->notes = notes.len ? et_xstrdup(notes.buf) : NULL; \
		free(cur->notes_after); \
		cur->notes_after = after.len ? et_xstrdup(after.buf) : NULL; \
		free(cur->details); cur->details = et_xstrdup(details.buf); } \
		et_buf_reset(&notes); et_buf_reset(&after); et_buf_reset(&details); \
		et_buf_reset(&pending); \
		cur = NULL; in_details = 0; fence_ch = 0; } while (0)

	/* where a note goes: before or after the item's hint line, or the head */
#define NOTES() (!cur ? &head : cur->hint_line ? &after : &notes)

	while (p < end) {
		const char *e = line_end(p, end), *t;
		int checked;
		size_t len = (size_t)(e - p);
		if (len && e[-1] == '\r')
			len--;
		/*
		 * A <details> never closed ends at the next heading or item of
		 * errtodo's, so that it cannot swallow the rest of the block.
		 */
		if (in_details && !fence_ch && (sev_heading(p, p + len) >= 0 || fp_item_line(p, e)))
			in_details = 0;
		if (note_fence_ch) {
			/* a fence a note opened: all of it is that note's, whatever it holds */
			if (len == 0)
				et_buf_addch(&pending, '\n');
			else
				add_note(NOTES(), &pending, p, e);
			if (fence_closes(p, e, note_fence_ch, note_fence_len))
				note_fence_ch = 0;
		} else if (in_details) {
			et_buf_add(&details, p, (size_t)(e - p));
			et_buf_addch(&details, '\n');
			/* fences inside details: skip their content */
			if (fence_ch) {
				if (fence_closes(p, e, fence_ch, fence_len))
					fence_ch = 0;
			} else if (!(fence_len = fence_open(p, e, &fence_ch))) {
				t = p;
				while (t < e && *t == ' ')
					t++;
				if (starts(t, e, "</details>"))
					in_details = 0;
			}
		} else if ((k = sev_heading(p, p + len)) >= 0) {
			/* the item above keeps what follows until the next item */
			sev = k;
		} else if (item_line(p, e, &checked) && (t = rfind(p, e, "<!-- fp:")) &&
			   t + 8 + 16 <= e && strspn(t + 8, "0123456789abcdef") >= 16) {
			const char *c = t;
			char fp[17];
			memcpy(fp, c + 8, 16);
			fp[16] = '\0';
			if (todo_find(l, fp)) {
				/*
				 * A duplicate line: the first wins; this one is a note,
				 * its marker renamed so that it stays one wherever the
				 * next run writes it ("<!-- duplicate of fp:..."): every
				 * marker on the line, or an earlier one would make it an
				 * item when read again.
				 */
				et_buf dup = ET_BUF_INIT;
				const char *q = p, *m;
				while ((m = memmem(q, (size_t)(e - q), "<!-- fp:", 8))) {
					et_buf_add(&dup, q, (size_t)(m - q));
					et_buf_addstr(&dup, "<!-- duplicate of fp:");
					q = m + 8;
				}
				et_buf_add(&dup, q, (size_t)(e - q));
				add_note(NOTES(), &pending, dup.buf, dup.buf + dup.len);
				et_buf_release(&dup);
				p = e + (e < end);
				continue;
			}
			CLOSE_ITEM();
			cur = todo_add(l, fp);
			cur->in_file = 1;
			cur->checked = checked;
			cur->sev = sev;
			const char *body = p + 6, *tend = c;
			while (tend > body && tend[-1] == ' ')
				tend--;
			const char *meta = rfind(body, tend, " (\xc3\x97");
			if (!meta)      /* an item without counts may still have been marked missing */
				meta = rfind(body, tend, NOT_SEEN);
			if (meta) {
				const char *q = meta + 4;
				long long cnt = 0;
				while (q < tend && et_isdigit((unsigned char)*q)) {
					int d = *q++ - '0';    /* a count too big to hold stays at the most */
					cnt = cnt > (LLONG_MAX - d) / 10 ? LLONG_MAX : cnt * 10 + d;
				}
				cur->count = cnt;
				cur->meta_tail = et_xstrndup(meta, (size_t)(tend - meta));
				cur->title = et_xstrndup(body, (size_t)(meta - body));
			} else {
				cur->title = et_xstrndup(body, (size_t)(tend - body));
				cur->meta_tail = et_xstrdup("");
			}
		} else if (cur && !cur->hint_line && starts(p, e, TODO_HINT)) {
			/* errtodo's hint line: kept as it is unless records bring the item
			 * (it is errtodo's own, written with a bare LF: its CRs go) */
			size_t hl = len;
			while (hl && p[hl - 1] == '\r')
				hl--;
			et_buf_reset(&pending);
			cur->hint_line = et_xstrndup(p, hl);
		} else if (!cur && own_line(p, p + len)) {
			et_buf_reset(&pending);
		} else if (len == 0) {
			if (cur || notes.len || head.len)
				et_buf_addch(&pending, '\n');
		} else if (cur && p[0] == ' ' && (t = p + strspn(p, " ")) < e && starts(t, e, "<details")) {
			in_details = 1;
			et_buf_reset(&pending);
			et_buf_add(&details, p, (size_t)(e - p));
			et_buf_addch(&details, '\n');
			if (rfind(t, e, "</details>"))
				in_details = 0;
		} else {
			/* not errtodo's: a note, under the item above or the block's head */
			add_note(NOTES(), &pending, p, e);
			note_fence_len = fence_open(p, e, &note_fence_ch);
		}
		p = e + (e < end);
	}
	CLOSE_ITEM();
	free(l->head_notes);
	l->head_notes = head.len ? et_xstrdup(head.buf) : NULL;
	et_buf_release(&notes);
	et_buf_release(&after);
	et_buf_release(&details);
	et_buf_release(&pending);
	et_buf_release(&head);
	return 0;
#undef CLOSE_ITEM
#undef NOTES
}

void todo_mark_missing(todo_item *it, const char *now)
{
	const char *last, *date = now;
	et_buf b = ET_BUF_INIT;
	if (!it->meta_tail || strstr(it->meta_tail, NOT_SEEN))
		return;
	last = strstr(it->meta_tail, "last seen ");
	if (last && strlen(last + 10) >= 10 && et_isdigit((unsigned char)last[10]))
		date = last + 10;
	et_buf_addstr(&b, it->meta_tail);
	et_buf_addf(&b, NOT_SEEN "%.10s", date);
	free(it->meta_tail);
	it->meta_tail = et_buf_detach(&b, NULL);
}

/* ---- issue files and FIXED_ERRORS.md ---- */

/* Category ids are usually [a-z0-9_:.-]: shown as they are, else escaped. */
static void label(et_buf *out, const char *s)
{
	if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-") == strlen(s))
		et_buf_addstr(out, s);
	else
		md_inline(out, s);
}

static void plain_title(et_buf *out, const todo_item *it)
{
	et_buf_addstr(out, it->type ? it->type : "Error");
	if (it->message && *it->message) {
		et_buf_addstr(out, ": ");
		for (const char *p = it->message; *p; p++)
			et_buf_addch(out, (unsigned char)*p < 0x20 ? ' ' : *p);
	}
}

void todo_render_issue(et_buf *out, const todo_item *it)
{
	et_buf t = ET_BUF_INIT;
	char *last = fmt_time(it->last_seen), *first = fmt_time(it->first_seen);
	et_buf_addstr(out, "[errtools] ");
	plain_title(&t, it);
	/* a title line is one line of at most ~200 bytes */
	et_buf_add(out, t.buf, et_utf8_cut(t.buf, t.len, 200));
	et_buf_addstr(out, "\n\n");
	et_buf_addstr(out, "| | |\n|---|---|\n");
	et_buf_addstr(out, "| Location | ");
	md_inline(out, it->location ? it->location : "unknown");
	et_buf_addstr(out, " |\n");
	if (it->loc_count > 1) {
		et_buf_addstr(out, "| Locations |");
		render_locations(out, it, " ");
		et_buf_addstr(out, " |\n");
	}
	et_buf_addf(out, "| Occurrences | %lld |\n", it->count);
	et_buf_addf(out, "| First seen | %s |\n", first ? first : "unknown");
	et_buf_addf(out, "| Last seen | %s |\n", last ? last : "unknown");
	et_buf_addstr(out, "| Category | ");
	label(out, it->category ? it->category : "uncategorized");
	et_buf_addf(out, " |\n| Severity | %s |\n", et_severity_names[it->sev]);
	et_buf_addf(out, "| Fingerprint | `%s` |\n\n", it->fp);
	et_buf_addstr(out, "Labels: ");
	et_buf_addstr(out, "errtools, severity:");
	et_buf_addstr(out, et_severity_names[it->sev]);
	if (it->category) {
		et_buf_addstr(out, ", category:");
		label(out, it->category);
	}
	et_buf_addstr(out, "\n\n");
	if (it->hint) {
		et_buf_addstr(out, "## Hint\n\n");
		md_inline(out, it->hint);
		et_buf_addstr(out, "\n\n");
	}
	if (it->text) {
		et_buf_addstr(out, "## Error\n\n");
		fence(out, it->text, "");
		et_buf_addch(out, '\n');
	}
	if (it->context) {
		et_buf_addstr(out, "## Log lines before it\n\n");
		fence(out, it->context, "");
		et_buf_addch(out, '\n');
	}
	et_buf_addf(out, "<!-- errtools fingerprint: %s -->\n", it->fp);
	free(last);
	free(first);
	et_buf_release(&t);
}

void todo_render_fixed(et_buf *out, const todo_item *it, const char *when, const char *how)
{
	et_buf_addf(out, "## %.10s \xe2\x80\x94 ", when);
	et_buf_addstr(out, it->title && *it->title ? it->title : "(untitled)");
	et_buf_addstr(out, "\n\n");
	et_buf_addf(out, "- Fingerprint: `%s`\n", it->fp);
	et_buf_addf(out, "- Fixed: %s\n", when);
	et_buf_addstr(out, "- How: ");
	md_inline(out, how && *how ? how : "(no description)");
	et_buf_addch(out, '\n');
	if (it->meta_tail && !it->in_input) {
		et_buf_addstr(out, "- Last state:");
		et_buf_addstr(out, it->meta_tail);
		et_buf_addch(out, '\n');
	} else {
		et_buf_addf(out, "- Occurrences: %lld\n", it->count);
		if (it->last_seen)
			et_buf_addf(out, "- Last seen: %s\n", it->last_seen);
	}
	et_buf all = ET_BUF_INIT;
	if (it->notes && *it->notes)
		et_buf_addstr(&all, it->notes);
	if (it->notes_after && *it->notes_after) {
		if (all.len)
			et_buf_addch(&all, '\n');
		et_buf_addstr(&all, it->notes_after);
	}
	if (all.len) {
		/* the notes, verbatim but for their common indentation, under the entry */
		size_t common = (size_t)-1;
		const char *p = all.buf;
		while (*p) {
			size_t len = strcspn(p, "\n"), sp = strspn(p, " ");
			if (sp < len && sp < common)
				common = sp;
			p += len + (p[len] == '\n');
		}
		et_buf_addstr(out, "- Notes:\n\n");
		for (p = all.buf + strspn(all.buf, "\n"); *p;) {
			size_t len = strcspn(p, "\n");
			if (len > common) {
				et_buf_addstr(out, "  ");
				et_buf_add(out, p + common, len - common);
			}
			et_buf_addch(out, '\n');
			p += len + (p[len] == '\n');
		}
		while (out->len >= 2 && out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n')
			et_buf_setlen(out, out->len - 1);
	}
	et_buf_release(&all);
	et_buf_addch(out, '\n');
}
