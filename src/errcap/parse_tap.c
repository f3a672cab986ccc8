/*
 * parse_tap.c: TAP (Test Anything Protocol) failures, and node's built-in
 * test runner's spec reporter.
 *
 * tap: "not ok N - NAME" with what its producer writes under it:
 *   - bats:      "# (in test file t.bats, line 3)" / "#   `cmd' failed", and bats'
 *                pretty " ✗ NAME" + "(in test file ..., line N)" form (the
 *                cross after a blank: a "✗ " at column 0 is not bats');
 *   - Test::More (prove): "#   Failed test 'NAME'" / "#   at t/x.t line 3." — also
 *                alone, since prove shows the test's stderr but not its TAP;
 *   - node --test (TAP reporter), node-tap: a YAML block "  ---" ... "  ..." with
 *                location: 'FILE:L:C', error:, name: (the class), stack:, at: {file, line, column}.
 *   (the YAML keys at the indent of the block's first line: node writes
 *   them under "---", AVA further in; AVA's error is its message:).
 *   "# TODO" failures, and a parent whose failure is only its subtests'
 *   (failureType: 'subtestsFailed', or a "not ok" after deeper failures whose
 *   YAML, if any, tells no failure of its own: node-tap's at:/source: or its
 *   command's stdio:/exitCode:), give no record; a "not ok" already reported
 *   by its Test::More diagnostics neither.
 * nodetest: node --test's spec reporter: "✖ NAME (1.2ms)" and the error
 *   indented under it (Class [CODE]: message, "at ..." frames); the
 *   "✖ failing tests:" summary repeats them: only ones not yet seen count;
 *   the dot reporter's suite with only "'N subtests failed'" under it gives none.
 *
 * type: the error's class where the runner names it, else null; test: the
 * test's name; file and line: the innermost frame of the test's own code,
 * else the location the runner gives.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *const tap_triggers[] = { "not ok", "Failed test", "\xe2\x9c\x97 ", NULL };
static const char *const nt_triggers[] = { "\xe2\x9c\x96 ", NULL };

#define CROSS "\xe2\x9c\x97"    /* ✗ (bats) */
#define HEAVY "\xe2\x9c\x96"    /* ✖ (node) */

typedef struct {
	int kind;               /* 1 not ok, 2 Test::More diagnostics, 3 bats pretty, 4 node spec */
	size_t indent;
	int yaml;               /* 1: in the YAML block */
	int summary;            /* nodetest: after "✖ failing tests:" */
	size_t last_indent;     /* of the last record's "not ok" */
	int have_last;
	char **seen;            /* names already reported */
	size_t nseen, cap;
	size_t unnamed;         /* Test::More diagnostics without a name, not yet matched */
} tap_state;


static void tap_destroy(void *st)
{
	tap_state *ts = st;
	for (size_t i = 0; i < ts->nseen; i++)
		free(ts->seen[i]);
	free(ts->seen);
	free(ts);
}

static int seen_name(tap_state *ts, const char *s, size_t n)
{
	for (size_t i = 0; i < ts->nseen; i++)
		if (strlen(ts->seen[i]) == n && !memcmp(ts->seen[i], s, n))
			return 1;
	return 0;
}

static void add_seen(tap_state *ts, const char *s, size_t n)
{
	if (seen_name(ts, s, n) || ts->nseen >= 4096)
		return;
	if (ts->nseen == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 16;
		ts->seen = et_xrealloc(ts->seen, ts->cap * sizeof *ts->seen);
	}
	ts->seen[ts->nseen++] = et_xstrndup(s, n);
}

static size_t indent_of(const ec_line *l)
{
	size_t i = 0;
	while (i < l->len && l->s[i] == ' ')
		i++;
	return i;
}

/* "not ok N - name # directive": name and whether it is a TODO/SKIP */
static int not_ok(const ec_line *l, size_t *ind, const char **name, size_t *nl, int *todo)
{
	size_t i = indent_of(l);
	const char *p = l->s + i, *e = l->s + l->len;
	if (e - p < 6 || memcmp(p, "not ok", 6) || (e - p > 6 && p[6] != ' '))
		return 0;
	p += 6;
	while (p < e && *p == ' ')
		p++;
	ec_num(&p, e);
	while (p < e && *p == ' ')
		p++;
	if (e - p >= 2 && p[0] == '-' && p[1] == ' ')
		p += 2;
	const char *hash = NULL;
	for (const char *q = p; q + 1 < e; q++)
		if (q[0] == '#' && (q == p || q[-1] == ' ')) {
			hash = q;
			break;
		}
	*todo = 0;
	if (hash) {
		const char *d = hash + 1;
		while (d < e && *d == ' ')
			d++;
		*todo = (e - d >= 4 && (!memcmp(d, "TODO", 4) || !memcmp(d, "todo", 4) ||
					!memcmp(d, "SKIP", 4) || !memcmp(d, "skip", 4)));
		e = hash;
		while (e > p && e[-1] == ' ')
			e--;
	}
	*ind = i;
	*name = p;
	*nl = (size_t)(e - p);
	return 1;
}

/* "#   Failed test 'NAME'" / "#   Failed test at FILE line N." / "#   Failed test 'NAME'" */
static int failed_test(const ec_line *l)
{
	const char *p = l->s, *e = p + l->len;
	if (p == e || *p != '#')
		return 0;
	p++;
	while (p < e && *p == ' ')
		p++;
	return e - p >= 11 && !memcmp(p, "Failed test", 11);
}

/* the last "✗ " of the line, when a blank comes before it (bats' pretty
 * formatter prints " ✗ NAME"; a "✗ " at column 0 is another tool's, as
 * vite's "✗ Build failed in 145ms") and a name follows it */
static const char *bats_cross(const ec_line *l)
{
	const char *x = NULL, *p = l->s, *e = l->s + l->len;
	while ((p = ec_memfind(p, (size_t)(e - p), CROSS " ")) != NULL) {
		x = p;
		p += 4;
	}
	return x && x > l->s && x[-1] == ' ' && e - x > 4 ? x : NULL;
}

static enum ec_verdict tap_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tap_state *ts = st;
	size_t ind, nl;
	const char *name;
	int todo;
	ts->kind = 0;
	ts->yaml = 0;
	if (not_ok(l, &ind, &name, &nl, &todo)) {
		ts->kind = 1;
		ts->indent = ind;
		return EC_START;
	}
	if (failed_test(l)) {
		ts->kind = 2;
		return EC_START;
	}
	/* bats' pretty " ✗ name" (a terminal's redraw may leave "   name1/3" before it) */
	const char *x = bats_cross(l);
	if (x) {
		ind = indent_of(l);
		ts->kind = 3;
		ts->indent = x == l->s + ind ? ind : 1;
		return EC_START;
	}
	return EC_NO;
}

static enum ec_verdict tap_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tap_state *ts = st;
	size_t ind = indent_of(l);
	if (ts->kind == 1) {
		const char *b = l->s + ind;
		size_t bl = l->len - ind;
		if (!ts->yaml && ind == ts->indent + 2 && bl == 3 && !memcmp(b, "---", 3)) {
			ts->yaml = 1;
			return EC_MORE;
		}
		if (ts->yaml) {
			if (ind == ts->indent + 2 && bl == 3 && !memcmp(b, "...", 3))
				return EC_DONE;
			return ind > ts->indent || ec_blank(l) ? EC_MORE : EC_NO;
		}
		if (bl && *b == '#' && !ec_mem_starts(b, bl, "# Subtest:") &&
		    !ec_mem_starts(b, bl, "# Looks like you"))
			return EC_MORE;
		return EC_NO;
	}
	if (ts->kind == 2)
		return l->len && l->s[0] == '#' && !failed_test(l) && !ec_starts(l, "# Looks like you") ?
		       EC_MORE : EC_NO;
	if (ts->kind == 3)      /* up to the next test's "✓ name" / "✗ name" */
		return ind > ts->indent && !ec_blank(l) && !bats_cross(l) && !ec_find(l, "\xe2\x9c\x93 ") ?
		       EC_MORE : EC_NO;
	return EC_NO;
}

/* ---- locations in the lines under a failure ---- */

/* a V8 frame: "at FUNC (FILE:L:C)", "at FILE:L:C", or the same without "at " (YAML stack:) */
static cJSON *v8_frame(const char *s, size_t n)
{
	const char *b;
	size_t bl;
	ec_trim(s, n, &b, &bl);
	if (ec_mem_starts(b, bl, "at ")) {
		b += 3;
		bl -= 3;
	}
	if (ec_mem_starts(b, bl, "async ")) {
		b += 6;
		bl -= 6;
	}
	const char *e = b + bl, *loc = b, *fn = NULL;
	size_t locl = bl, fnl = 0;
	if (bl > 2 && e[-1] == ')') {
		const char *o = e - 1;
		while (o > b && o[-1] != '(')
			o--;
		if (o == b || o - 1 == b || o[-2] != ' ')
			return NULL;
		fn = b;
		fnl = (size_t)(o - 2 - b);
		loc = o;
		locl = (size_t)(e - 1 - o);
	}
	long line, col;
	size_t fl = ec_split_location(loc, locl, &line, &col);
	if (line <= 0 || !fl || memchr(loc, ' ', fl))
		return fn && locl ? NULL : NULL;
	/* ES modules: file:///path -> /path */
	if (fl > 8 && !memcmp(loc, "file:///", 8)) {
		loc += 7;
		fl -= 7;
	}
	return ec_frame(loc, fl, line, col, fn, fnl, NULL, 0);
}

/* the YAML value after "key: " at lines[i] (quotes removed) */
static int yaml_key(const ec_line *l, const char *key, const char **v, size_t *vl)
{
	const char *b;
	size_t bl, k = strlen(key);
	ec_trim(l->s, l->len, &b, &bl);
	if (bl < k + 1 || memcmp(b, key, k) || b[k] != ':')
		return 0;
	b += k + 1;
	bl -= k + 1;
	while (bl && *b == ' ') {
		b++;
		bl--;
	}
	if (bl >= 2 && (b[0] == '\'' || b[0] == '"') && b[bl - 1] == b[0]) {
		b++;
		bl -= 2;
	}
	*v = b;
	*vl = bl;
	return 1;
}

static void tap_emit(tap_state *ts, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	size_t ind = 0, nl = 0;
	const char *name = NULL;
	int todo = 0, any_body = 0;
	const char *type = NULL, *msg = NULL, *file = NULL;
	size_t tl = 0, ml = 0, fl = 0, yind = 0;
	long line = 0, col = 0;
	cJSON *frames = cJSON_CreateArray();
	int subtests_failed = 0;
	int own = 0;            /* the YAML block tells a failure of its own (error, stack, diff, ...) */
	char *at_file = NULL;
	long at_line = 0, at_col = 0;

	if (ts->kind == 1)
		not_ok(&lines[0], &ind, &name, &nl, &todo);
	else if (ts->kind == 3) {
		name = bats_cross(&lines[0]) + 4;
		nl = lines[0].len - (size_t)(name - lines[0].s);
	}
	for (size_t i = 1; i < n; i++) {
		const ec_line *l = &lines[i];
		const char *b, *v;
		size_t bl, vl;
		ec_trim(l->s, l->len, &b, &bl);
		if (ec_blank(l))
			continue;
		any_body = 1;
		if (bl == 3 && !memcmp(b, "---", 3)) {
			/* the mapping's keys are at the indent of its first line: node
			 * writes them under the "---", AVA two blanks further in */
			yind = i + 1 < n && !ec_blank(&lines[i + 1]) ? indent_of(&lines[i + 1]) : indent_of(l);
			continue;
		}
		if (yind) {
			size_t li = indent_of(l);
			if (li == yind) {
				own = own || yaml_key(l, "error", &v, &vl) || yaml_key(l, "message", &v, &vl) ||
				      yaml_key(l, "name", &v, &vl) || yaml_key(l, "stack", &v, &vl) ||
				      yaml_key(l, "diff", &v, &vl) || yaml_key(l, "found", &v, &vl);
				if (yaml_key(l, "failureType", &v, &vl) && vl == 14 && !memcmp(v, "subtestsFailed", 14))
					subtests_failed = 1;
				else if (yaml_key(l, "name", &v, &vl) && vl) {
					type = v;
					tl = vl;
				} else if (yaml_key(l, "error", &v, &vl) ||
					   (!msg && yaml_key(l, "message", &v, &vl))) {
					if (vl && !(vl <= 2 && (v[0] == '|' || v[0] == '>'))) {
						msg = v;
						ml = vl;
					} else if (i + 1 < n && indent_of(&lines[i + 1]) > yind) {
						ec_trim(lines[i + 1].s, lines[i + 1].len, &msg, &ml);
					}
				} else if (yaml_key(l, "location", &v, &vl) && !file) {
					fl = ec_split_location(v, vl, &line, &col);
					file = fl ? v : NULL;
				}
				continue;
			}
			/* stack: lines and at: {line, column, file} deeper in */
			if (yaml_key(l, "line", &v, &vl)) {
				const char *q = v;
				at_line = ec_num(&q, v + vl);
			} else if (yaml_key(l, "column", &v, &vl)) {
				const char *q = v;
				at_col = ec_num(&q, v + vl);
			} else if (yaml_key(l, "file", &v, &vl) && !at_file) {
				at_file = et_xstrndup(v, vl);
			} else {
				cJSON *f = v8_frame(l->s, l->len);
				if (f)
					cJSON_InsertItemInArray(frames, 0, f);
			}
			continue;
		}
		/* diagnostics: "# ..." (TAP) or indented lines (bats pretty) */
		if (*b == '#') {
			b++;
			bl--;
			while (bl && *b == ' ') {
				b++;
				bl--;
			}
		}
		const char *q;
		if ((q = ec_memfind(b, bl, "in test file ")) != NULL) {
			/* bats: "(in test file t.bats, line 3)" */
			const char *f = q + 13, *e = b + bl, *c = ec_memfind(f, (size_t)(e - f), ", line ");
			if (c) {
				const char *np = c + 7;
				line = ec_num(&np, e);
				file = f;
				fl = (size_t)(c - f);
			}
		} else if (ec_mem_starts(b, bl, "(from function ")) {
			continue;
		} else if (ec_mem_starts(b, bl, "at ") && ec_mem_ends(b, bl, ".") &&
			   (q = ec_memfind(b, bl, " line ")) != NULL && !file) {
			/* Test::More: "at t/x.t line 3." */
			const char *np = q + 6;
			line = ec_num(&np, b + bl);
			file = b + 3;
			fl = (size_t)(q - b - 3);
		} else if (ec_mem_starts(b, bl, "Failed test")) {
			/* "Failed test 'name'" [+ "at FILE line N." on the same line] */
			const char *a = ec_memfind(b, bl, " at "), *e = b + bl;
			const char *o = memchr(b, '\'', bl);
			if (!name && o) {
				const char *c = memchr(o + 1, '\'', (size_t)(e - o - 1));
				if (c) {
					name = o + 1;
					nl = (size_t)(c - o - 1);
				}
			}
			if (a && (q = ec_memfind(a, (size_t)(e - a), " line ")) != NULL && !file) {
				const char *np = q + 6;
				line = ec_num(&np, e);
				file = a + 4;
				fl = (size_t)(q - a - 4);
			}
			if (!msg) {
				msg = b;
				ml = bl;
			}
		} else if (!msg && bl) {
			msg = b;
			ml = bl;
		}
	}
	if (ts->kind == 2) {
		name = NULL;
		nl = 0;
		/* the name again from the first line */
		const char *o = memchr(lines[0].s, '\'', lines[0].len);
		if (o) {
			const char *c = memchr(o + 1, '\'', lines[0].len - (size_t)(o + 1 - lines[0].s));
			if (c) {
				name = o + 1;
				nl = (size_t)(c - o - 1);
			}
		}
		const ec_line l0 = lines[0];
		const char *b;
		size_t bl;
		ec_trim(l0.s + 1, l0.len - 1, &b, &bl);
		msg = b;
		ml = bl;
		const char *a = ec_memfind(b, bl, " at "), *q;
		if (a && (q = ec_memfind(a, bl - (size_t)(a - b), " line ")) != NULL) {
			const char *np = q + 6;
			line = ec_num(&np, b + bl);
			file = a + 4;
			fl = (size_t)(q - a - 4);
			ml = (size_t)(a - b);
		}
	}
	int skip = todo || subtests_failed;
	if (ts->kind == 1 && !skip) {
		if (!any_body && name && seen_name(ts, name, nl))
			skip = 1;
		else if (!any_body && !nl && ts->unnamed) {
			ts->unnamed--;
			skip = 1;
		} else if (!own && ts->have_last && ind < ts->last_indent)
			skip = 1;       /* a parent failing because of its subtests (node-tap
					   gives it a YAML block of its place, or its command) */
	}
	if (skip) {
		cJSON_Delete(frames);
		free(at_file);
		return;
	}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	if (type)
		ec_set_strn(rec, "type", type, tl);
	if (msg)
		ec_set_strn(rec, "message", msg, ml);
	else
		ec_set_strn(rec, "message", name ? name : "not ok", name ? nl : 6);
	if (name && nl)
		ec_set_strn(rec, "test", name, nl);
	if (file)
		ec_set_location(ctx, rec, file, fl, line, col);
	else if (at_file)
		ec_set_location(ctx, rec, at_file, strlen(at_file), at_line, at_col);
	if (cJSON_GetArraySize(frames))
		ec_set_frames(ctx, rec, frames);
	else
		cJSON_Delete(frames);
	free(at_file);
	if (ts->kind == 2) {
		if (nl)
			add_seen(ts, name, nl);
		else
			ts->unnamed++;
	}
	if (ts->kind == 1) {
		ts->last_indent = ind;
		ts->have_last = 1;
	}
	ec_emit(ctx, rec);
}

static void tap_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	tap_state *ts = st;
	if (n && ts->kind)
		tap_emit(ts, ctx, lines, n);
	ts->kind = 0;
	ts->yaml = 0;
}

const ec_parser ec_parser_tap = { .name = "tap", .triggers = tap_triggers,
	.state_size = sizeof(tap_state), .destroy = tap_destroy,
	.start = tap_start, .more = tap_more, .finish = tap_finish };

/* ---- node --test, spec reporter ---- */

static enum ec_verdict nt_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tap_state *ts = st;
	size_t ind = indent_of(l);
	ts->kind = 0;
	if (l->len - ind >= 4 && !memcmp(l->s + ind, HEAVY " ", 4)) {
		if (ec_find(l, HEAVY " failing tests:")) {
			ts->summary = 1;
			return EC_DONE;
		}
		/* a test's line ends with its duration, "(6.9ms)" (ESLint's "✖ 5 problems (...)" does not) */
		const char *e = l->s + l->len, *o = e;
		while (o > l->s && o[-1] != '(')
			o--;
		if (e - o < 4 || !ec_is_digit(*o) || memcmp(e - 3, "ms)", 3))
			return EC_NO;
		ts->kind = 4;
		ts->indent = ind;
		return EC_START;
	}
	return EC_NO;
}

static enum ec_verdict nt_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tap_state *ts = st;
	if (!l->len)
		return EC_NO;
	return indent_of(l) > ts->indent || ec_blank(l) ? EC_MORE : EC_NO;
}

static void nt_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	tap_state *ts = st;
	int kind = ts->kind;
	ts->kind = 0;
	if (kind != 4 || n < 2)
		return;         /* a suite's line, or the summary's heading */
	/* "✖ adds (6.9ms)" */
	const char *name = lines[0].s + ts->indent + 4, *e = lines[0].s + lines[0].len;
	if (e > name && e[-1] == ')') {
		const char *o = e - 1;
		while (o > name && o[-1] != '(')
			o--;
		if (o > name + 1 && o[-2] == ' ')
			e = o - 2;
	}
	size_t nl = (size_t)(e - name);
	if (seen_name(ts, name, nl))
		return;
	/* a suite failing because of its tests: the dot reporter writes
	 * "✖ math (9ms)" + "'2 subtests failed'" (their failures have records) */
	{
		const char *b, *q;
		size_t bl;
		ec_trim(lines[1].s, lines[1].len, &b, &bl);
		q = b + 1;
		if (n == 2 && bl > 2 && b[0] == '\'' && b[bl - 1] == '\'' && ec_num(&q, b + bl) > 0 &&
		    (ec_mem_starts(q, (size_t)(b + bl - q), " subtest failed'") ||
		     ec_mem_starts(q, (size_t)(b + bl - q), " subtests failed'")))
			return;
	}
	add_seen(ts, name, nl);
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1), *frames = cJSON_CreateArray();
	ec_set_level(rec, "error");
	ec_set_strn(rec, "test", name, nl);
	const char *b;
	size_t bl;
	ec_trim(lines[1].s, lines[1].len, &b, &bl);
	/* "AssertionError [ERR_ASSERTION]: message" / "Error: message" / "RangeError [Error]: ..." */
	const char *c = ec_memfind(b, bl, ": ");
	size_t tl = 0;
	while (tl < bl && b[tl] != ' ' && b[tl] != ':' && b[tl] != '[')
		tl++;
	if (c && tl && b[0] >= 'A' && b[0] <= 'Z') {
		ec_set_strn(rec, "type", b, tl);
		ec_set_strn(rec, "message", c + 2, bl - (size_t)(c + 2 - b));
	} else if (bl > 2 && b[0] == '\'' && b[bl - 1] == '\'') {
		/* a string, as util.inspect quotes it ('test timed out after 30ms') */
		ec_set_strn(rec, "message", b + 1, bl - 2);
	} else {
		ec_set_strn(rec, "message", b, bl);
	}
	for (size_t i = 2; i < n; i++) {
		const char *t;
		size_t tn;
		ec_trim(lines[i].s, lines[i].len, &t, &tn);
		if (!ec_mem_starts(t, tn, "at "))
			continue;
		cJSON *f = v8_frame(t, tn);
		if (f)
			cJSON_InsertItemInArray(frames, 0, f);
	}
	if (cJSON_GetArraySize(frames))
		ec_set_frames(ctx, rec, frames);
	else
		cJSON_Delete(frames);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_nodetest = { .name = "nodetest", .triggers = nt_triggers,
	.state_size = sizeof(tap_state), .destroy = tap_destroy,
	.start = nt_start, .more = nt_more, .finish = nt_finish };
