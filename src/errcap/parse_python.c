/*
 * parse_python.c: Python tracebacks (plain, chained, exception groups,
 * SyntaxError without a header), pytest failure sections and short test
 * summary lines, unittest FAIL/ERROR blocks, and ec_python_fill for the
 * log parser. Decisions are documented in docs/errcap-python-rust.md.
 *
 * The record's main exception is the LAST one Python prints (the one that
 * escaped, as Sentry groups it); the earlier ones of a chain and the
 * members of exception groups go into `causes`, in the order printed.
 */
#include "parser.h"
#include "et_frame.h"
#include "et_buf.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/* ---- small text helpers ---- */

typedef struct {
	const char *s;
	size_t len;
} sv;

static int sv_starts(sv v, const char *lit)
{
	size_t n = strlen(lit);
	return v.len >= n && !memcmp(v.s, lit, n);
}

static int sv_blank(sv v)
{
	for (size_t i = 0; i < v.len; i++)
		if (v.s[i] != ' ' && v.s[i] != '\t')
			return 0;
	return 1;
}

static sv sv_trim(sv v)
{
	sv r;
	ec_trim(v.s, v.len, &r.s, &r.len);
	return r;
}

static sv sv_line(const ec_line *l)
{
	sv v = { l->s, l->len };
	return v;
}

static int is_ident_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static int is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/*
 * "Type: message", "Type" alone, or something else. Sets *type (len 0 when
 * none) and *msg (the first line's message).
 */
static void split_exc(sv c, sv *type, sv *msg)
{
	size_t j = 0;
	type->s = c.s;
	type->len = 0;
	*msg = c;
	if (!c.len || !is_ident_start((unsigned char)c.s[0]))
		return;
	/* "<locals>" may stand in a qualified name */
	while (j < c.len && (is_ident_char((unsigned char)c.s[j]) ||
			     (c.s[j] == '<' && c.s[j - 1] == '.') ||
			     (c.s[j] == '>' && j + 1 < c.len && c.s[j + 1] == '.')))
		j++;
	if (c.s[j - 1] == '.')
		return;
	if (j == c.len) {
		type->len = j;
		msg->s = c.s + j;
		msg->len = 0;
	} else if (c.s[j] == ':' && (j + 1 == c.len || c.s[j + 1] == ' ')) {
		type->len = j;
		msg->s = c.s + j + 1;
		msg->len = c.len - j - 1;
		*msg = sv_trim(*msg);
	}
}

/* Is this file the program's own code (et_frame_in_app)? */
static int own_file(const char *f)
{
	return f && *f && et_frame_in_app(f, NULL);
}

static int is_syntax_type(sv t)
{
	static const char *const st[] = { "SyntaxError", "IndentationError", "TabError", NULL };
	for (const char *const *p = st; *p; p++) {
		size_t n = strlen(*p);
		if (t.len >= n && !memcmp(t.s + t.len - n, *p, n) &&
		    (t.len == n || t.s[t.len - n - 1] == '.'))
			return 1;
	}
	return 0;
}

/* ---- frames ---- */

/* `  File "path", line N, in func` (", in func" absent for SyntaxError) */
static cJSON *parse_file_line(sv c)
{
	const char *p = c.s, *end = c.s + c.len, *q, *fs;
	long line;
	sv t = sv_trim(c);
	if (!sv_starts(t, "File \""))
		return NULL;
	fs = t.s + 6;
	q = memmem(fs, (size_t)(end - fs), "\", line ", 8);
	if (!q)
		return NULL;
	p = q + 8;
	line = ec_num(&p, end);
	if (line < 0)
		return NULL;
	if (end - p >= 5 && !memcmp(p, ", in ", 5))
		return ec_frame(fs, (size_t)(q - fs), line, 0, p + 5, (size_t)(end - p - 5), NULL, 0);
	return ec_frame(fs, (size_t)(q - fs), line, 0, NULL, 0, NULL, 0);
}

/* 3.11+ position markers (`~~~^^^`) and SyntaxError carets: not code */
static int is_marker(sv c)
{
	int any = 0;
	for (size_t i = 0; i < c.len; i++) {
		if (c.s[i] == '^' || c.s[i] == '~')
			any = 1;
		else if (c.s[i] != ' ')
			return 0;
	}
	return any;
}

static void frame_set_code(cJSON *f, sv code)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(f, "code");
	if (c && !cJSON_IsNull(c))
		return;
	code = sv_trim(code);
	et_json_set_strn(f, "code", code.s, code.len);
}

/* ---- exception-group boxes ---- */

enum { IT_TEXT, IT_HDR, IT_FIRST, IT_SEP };

typedef struct {
	int kind;
	int depth;
	sv c;           /* content without the box prefix */
} item;

static item classify(sv l)
{
	item it = { IT_TEXT, 0, l };
	size_t k = 0;
	while (k < l.len && l.s[k] == ' ')
		k++;
	if (k < 2 || k % 2 || k >= l.len)
		return it;
	const char *p = l.s + k;
	size_t r = l.len - k;
	if (p[0] == '|' && (r == 1 || p[1] == ' ')) {
		it.depth = (int)(k / 2);
		it.c.s = p + (r > 1 ? 2 : 1);
		it.c.len = r > 1 ? r - 2 : 0;
	} else if (r >= 4 && !memcmp(p, "+-+-", 4)) {
		it.kind = IT_FIRST;
		it.depth = (int)(k / 2);
	} else if (r >= 3 && !memcmp(p, "+--", 3)) {
		it.kind = IT_SEP;
		it.depth = (int)(k / 2);
	} else if (r > 2 && !memcmp(p, "+ ", 2)) {
		it.kind = IT_HDR;
		it.depth = (int)(k / 2);
		it.c.s = p + 2;
		it.c.len = r - 2;
	}
	return it;
}

/* ---- the traceback parser ---- */

typedef struct {
	cJSON *causes;          /* array, in the order printed */
	cJSON *frames;          /* the main exception's */
	sv type, msg;
	int found;
} pyres;

static const char CAUSE_MSG[] = "The above exception was the direct cause";
static const char CONTEXT_MSG[] = "During handling of the above exception";

static void parse_chain(const item *it, size_t a, size_t b, int D, pyres *r, const char *rel);

/* "FuzzError: Traceback (most recent call last):" (atheris): a header after a "Name: " prefix */
static int ends_tb_header(sv v)
{
	static const char h[] = "Traceback (most recent call last):";
	size_t n = sizeof h - 1;
	v = sv_trim(v);
	return v.len > n + 2 && !memcmp(v.s + v.len - n, h, n) && v.s[v.len - n - 1] == ' ' &&
	       v.s[v.len - n - 2] == ':';
}

/* One exception of a chain: items [s,e) at depth sd. */
static void parse_segment(const item *it, size_t s, size_t e, int D, pyres *r, const char *rel)
{
	int sd = D, have_exc = 0;
	size_t i, members = e;
	cJSON *frames = cJSON_CreateArray(), *cur = NULL;
	sv type = { "", 0 }, msg = { "", 0 };

	for (i = s; i < e; i++)
		if ((it[i].kind == IT_TEXT || it[i].kind == IT_HDR) && !sv_blank(it[i].c)) {
			if (it[i].depth == D || (D == 0 && it[i].depth == 1))
				sd = it[i].depth;
			break;
		}
	for (i = s; i < e; i++) {
		sv c = it[i].c;
		cJSON *f;
		if (it[i].kind == IT_FIRST && it[i].depth == sd) {
			members = i;
			break;
		}
		if (it[i].depth != sd || it[i].kind == IT_SEP || it[i].kind == IT_FIRST)
			continue;
		if (sv_blank(c) || have_exc)
			continue;       /* continuation lines of the message: text only */
		if (sv_starts(c, "Traceback (most recent call last)") || ends_tb_header(c) ||
		    sv_starts(c, "Exception Group Traceback") ||
		    sv_starts(c, "...") || sv_starts(c, "and "))
			continue;
		if (c.s[0] == ' ' || c.s[0] == '\t') {
			if ((f = parse_file_line(c))) {
				cJSON_AddItemToArray(frames, f);
				cur = f;
			} else if (cur && c.len > 4 && !memcmp(c.s, "    ", 4) &&
				   !is_marker(c) && !sv_starts(sv_trim(c), "[Previous line repeated")) {
				frame_set_code(cur, c);
			}
			continue;
		}
		split_exc(c, &type, &msg);
		have_exc = 1;
	}
	if (!have_exc && !cJSON_GetArraySize(frames)) {
		cJSON_Delete(frames);
		frames = NULL;
	} else if (rel) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "type", type.len ? et_json_strn(type.s, type.len) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "message", et_json_strn(msg.s, msg.len));
		if (cJSON_GetArraySize(frames))
			cJSON_AddItemToObject(o, "frames", frames);
		else {
			cJSON_Delete(frames);
			cJSON_AddItemToObject(o, "frames", cJSON_CreateNull());
		}
		cJSON_AddItemToObject(o, "relation", cJSON_CreateString(rel));
		if (!r->causes)
			r->causes = cJSON_CreateArray();
		cJSON_AddItemToArray(r->causes, o);
	} else {
		if (r->frames)
			cJSON_Delete(r->frames);
		r->frames = frames;
		r->type = type;
		r->msg = msg;
		r->found = 1;
	}
	/* members of a group: split at the separators one level in */
	if (members < e) {
		size_t ms = members + 1;
		for (i = ms; i <= e; i++) {
			int stop = i < e && it[i].depth <= sd && it[i].kind != IT_SEP;
			if (i == e || stop || (it[i].kind == IT_SEP && it[i].depth == sd + 1)) {
				if (i > ms)
					parse_chain(it, ms, i, sd + 1, r, "group");
				ms = i + 1;
				if (stop)
					break;
			}
		}
	}
}

/* A chain printed at depth D: segments split by the chain messages. */
static void parse_chain(const item *it, size_t a, size_t b, int D, pyres *r, const char *rel)
{
	size_t s = a;
	if (D > 32)
		return;
	for (;;) {
		const char *next = NULL;
		size_t e;
		for (e = s; e < b; e++) {
			if (it[e].depth != D || it[e].kind != IT_TEXT)
				continue;
			if (sv_starts(it[e].c, CAUSE_MSG)) {
				next = "cause";
				break;
			}
			if (sv_starts(it[e].c, CONTEXT_MSG)) {
				next = "context";
				break;
			}
		}
		parse_segment(it, s, e, D, r, next ? next : rel);
		if (!next)
			break;
		s = e + 1;
	}
}

/* Fill rec from the traceback in lines[a..b). Returns 1 when an exception was found. */
static int fill_traceback(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t a, size_t b)
{
	pyres r = { NULL, NULL, { "", 0 }, { "", 0 }, 0 };
	item *it;
	size_t n = b > a ? b - a : 0;
	int nf, pick = -1;

	if (!n)
		return 0;
	it = malloc(n * sizeof *it);
	if (!it)
		return 0;
	for (size_t i = 0; i < n; i++)
		it[i] = classify(sv_line(&lines[a + i]));
	parse_chain(it, 0, n, 0, &r, NULL);
	free(it);
	if (!r.found) {
		cJSON_Delete(r.causes);
		cJSON_Delete(r.frames);
		return 0;
	}
	et_json_set_strn(rec, "type", r.type.len ? r.type.s : NULL, r.type.len);
	et_json_set_strn(rec, "message", r.msg.s, r.msg.len);
	nf = r.frames ? cJSON_GetArraySize(r.frames) : 0;
	if (nf) {
		cJSON *last = cJSON_GetArrayItem(r.frames, nf - 1);
		if (is_syntax_type(r.type) && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(last, "function")))
			pick = nf - 1;
		for (int i = nf - 1; pick < 0 && i >= 0; i--)
			if (own_file(et_json_str(cJSON_GetArrayItem(r.frames, i), "file")))
				pick = i;
		if (pick < 0)
			pick = nf - 1;
		cJSON *f = cJSON_GetArrayItem(r.frames, pick);
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		ec_set_location(ctx, rec, file, file ? strlen(file) : 0,
				(long)et_json_num(f, "line", 0), 0);
		if (fn)
			et_json_set_str(rec, "function", fn);
		et_json_set(rec, "frames", r.frames);
	} else if (r.frames) {
		cJSON_Delete(r.frames);
	}
	if (r.causes)
		et_json_set(rec, "causes", r.causes);
	return 1;
}

static int is_tb_header(sv v)
{
	v = sv_trim(v);
	return (v.len == 34 && !memcmp(v.s, "Traceback (most recent call last):", 34)) ||
	       sv_starts(v, "+ Exception Group Traceback (most recent call last):");
}

/*
 * For tracebacks indented as a whole (under a log line): the lines from
 * the header on, with the header's indentation removed.
 */
int ec_python_fill(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const ec_line *h = &lines[i];
		size_t ind = 0, m = n - i;
		ec_line *cp;
		int r;
		if (!is_tb_header(sv_line(h)))
			continue;
		while (ind < h->len && h->s[ind] == ' ')
			ind++;
		if (h->s[ind] == '+')
			ind = ind >= 2 ? ind - 2 : 0;
		if (!ind)
			return fill_traceback(ctx, rec, lines, i, n);
		cp = malloc(m * sizeof *cp);
		if (!cp)
			return 0;
		for (size_t j = 0; j < m; j++) {
			size_t k = 0;
			cp[j] = lines[i + j];
			while (k < ind && k < cp[j].len && cp[j].s[k] == ' ')
				k++;
			cp[j].s += k;
			cp[j].len -= k;
		}
		r = fill_traceback(ctx, rec, cp, 0, m);
		free(cp);
		return r;
	}
	return 0;
}

/* ---- the python parser ---- */

enum { P_TB, P_EXC, P_BLANK, P_CHAIN, P_WARN };

typedef struct {
	int phase;
	int group;      /* inside exception-group boxes */
	int cont;       /* continuation lines taken after the exception line */
	int blanks;
} pystate;

static void *py_create(void)
{
	return calloc(1, sizeof(pystate));
}

static int is_box(const ec_line *l)
{
	item it = classify(sv_line(l));
	return it.depth > 0 || it.kind != IT_TEXT;
}

/*
 * A line after "Type: message" that may be more of the message: not blank,
 * and nothing that looks like the start of another diagnostic or a prompt.
 */
static int looks_continuation(const ec_line *l)
{
	static const char *const no[] = {
		"rror", "ERROR", "FAIL", "arning", "WARN", "Exception", "panic", "***",
		"Traceback", "atal", "FATAL", "Killed", ": line ", "undefined reference",
		"in function", "bort", "Segmentation", "core dumped", "denied", "not found",
		"No such file", "INFO", "DEBUG", "NOTICE", "TRACE", NULL
	};
	int c = (unsigned char)l->s[0];
	if (c == '$' || c == '#' || c == '[' || c == '=' || c == '>' || c == '+' ||
	    (c >= '0' && c <= '9'))
		return 0;
	for (const char *const *p = no; *p; p++)
		if (ec_find(l, *p))
			return 0;
	/* a location "name:12" belongs to some other tool's diagnostic */
	for (size_t i = 1; i + 1 < l->len; i++)
		if (l->s[i] == ':' && l->s[i + 1] >= '0' && l->s[i + 1] <= '9' && l->s[i - 1] != ' ')
			return 0;
	return 1;
}

/* Is lines' `  File "x", line N` (no ", in") a SyntaxError location k lines back? */
static size_t syntax_lookback(ec_ctx *ctx)
{
	for (size_t k = 1; k <= 3; k++) {
		const ec_line *b = ec_back(ctx, k);
		if (!b || !b->len || b->s[0] != ' ')
			return 0;
		if (ec_starts(b, "  File \"") && ec_find(b, "\", line ") && !ec_find(b, ", in "))
			return k;
	}
	return 0;
}

/*
 * The warnings module: "FILE:LINE: CategoryWarning: message" (the source
 * line follows, indented). Sets the parts; returns 1 when the line is one.
 */
static int py_warning(sv v, sv *file, long *line, sv *type, sv *msg)
{
	const char *w = memmem(v.s, v.len, "Warning: ", 9), *p, *q, *end = v.s + v.len;
	if (!w || v.len < 12 || v.s[0] == ' ')
		return 0;
	/* the category: an identifier (maybe dotted) just before "Warning" */
	p = w;
	while (p > v.s && is_ident_char((unsigned char)p[-1]))
		p--;
	if (p == w || p - v.s < 4 || p[-1] != ' ' || p[-2] != ':')
		return 0;
	/* ":LINE: " before it */
	q = p - 2;
	const char *d = q;
	while (d > v.s && d[-1] >= '0' && d[-1] <= '9')
		d--;
	if (d == q || d - v.s < 2 || d[-1] != ':')
		return 0;
	file->s = v.s;
	file->len = (size_t)(d - 1 - v.s);
	*line = ec_num(&d, q);
	type->s = p;
	type->len = (size_t)(w + 7 - p);
	msg->s = w + 9;
	msg->len = (size_t)(end - msg->s);
	return file->len > 0 && *line > 0;
}

static enum ec_verdict py_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	pystate *st = vst;
	sv v = sv_line(l);
	if (is_tb_header(v) && (v.s[0] == 'T' || ec_starts(l, "  + "))) {
		memset(st, 0, sizeof *st);
		st->group = v.s[0] != 'T';
		st->phase = P_TB;
		return EC_START;
	}
	if (ends_tb_header(v)) {
		memset(st, 0, sizeof *st);
		st->phase = P_TB;
		return EC_START;
	}
	sv type, msg, wf;
	long wl;
	if (py_warning(v, &wf, &wl, &type, &msg)) {
		memset(st, 0, sizeof *st);
		st->phase = P_WARN;
		return EC_START;
	}
	/* SyntaxError & co. of the main script: no header, the File line before */
	split_exc(v, &type, &msg);
	if (type.len && type.len < v.len && is_syntax_type(type)) {
		size_t k = syntax_lookback(ctx);
		if (k) {
			ec_claim_back(ctx, k);
			return EC_DONE;
		}
	}
	return EC_NO;
}

static enum ec_verdict py_more(void *vst, ec_ctx *ctx, const ec_line *l)
{
	pystate *st = vst;
	int blank = ec_blank(l);
	(void)ctx;
	if (st->group) {
		if (is_box(l))
			return EC_MORE;
		st->group = 0;
		if (blank) {
			st->phase = P_BLANK;
			st->blanks = 1;
			return EC_MORE;
		}
		return EC_NO;
	}
	switch (st->phase) {
	case P_WARN:
		/* the source line shown under a warning */
		return ec_starts(l, "  ") && !blank ? EC_DONE : EC_NO;
	case P_TB:
		if (blank)
			return EC_NO;
		if (l->s[0] == ' ' || l->s[0] == '\t')
			return EC_MORE;
		if (is_tb_header(sv_line(l)))
			return EC_NO;
		st->phase = P_EXC;
		st->cont = 0;
		return EC_MORE;
	case P_EXC:
		if (blank) {
			st->phase = P_BLANK;
			st->blanks = 1;
			return EC_MORE;
		}
		if (st->cont < 20 && looks_continuation(l)) {
			st->cont++;
			return EC_MORE;
		}
		return EC_NO;
	case P_BLANK:
		if (blank)
			return ++st->blanks <= 2 ? EC_MORE : EC_NO;
		if (ec_starts(l, CAUSE_MSG) || ec_starts(l, CONTEXT_MSG)) {
			st->phase = P_CHAIN;
			return EC_MORE;
		}
		return EC_NO;
	case P_CHAIN:
		if (blank)
			return EC_MORE;
		if (is_tb_header(sv_line(l))) {
			st->group = l->s[0] != 'T';
			st->phase = P_TB;
			return EC_MORE;
		}
		return EC_NO;
	}
	return EC_NO;
}

static void py_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	pystate *st = vst;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	sv wf, wt, wm;
	long wl;
	if (st->phase == P_WARN && py_warning(sv_line(&lines[0]), &wf, &wl, &wt, &wm)) {
		ec_set_level(rec, "warning");
		et_json_set_strn(rec, "type", wt.s, wt.len);
		et_json_set_strn(rec, "message", wm.s, wm.len);
		ec_set_location(ctx, rec, wf.s, wf.len, wl, 0);
		if (n > 1) {
			sv code = sv_trim(sv_line(&lines[1]));
			cJSON *fr = cJSON_CreateArray();
			cJSON_AddItemToArray(fr, ec_frame(wf.s, wf.len, wl, 0, NULL, 0, code.s, code.len));
			et_json_set(rec, "frames", fr);
		}
		ec_emit(ctx, rec);
		memset(st, 0, sizeof *st);
		return;
	}
	ec_set_level(rec, "error");
	fill_traceback(ctx, rec, lines, 0, n);
	ec_emit(ctx, rec);
	memset(st, 0, sizeof *st);
}

static const char *const py_triggers[] = { "Traceback (most recent call last):", "Error: ", "Warning: ", NULL };

const ec_parser ec_parser_python = {
	"python", "Python tracebacks (chained, exception groups, SyntaxError) and warnings",
	py_triggers, py_create, free, py_start, py_more, py_finish, 0
};

/* ---- unittest ---- */

typedef struct {
	int dashes;
	int blank;      /* the previous line was blank */
	size_t lines;
} utstate;

static void *ut_create(void)
{
	return calloc(1, sizeof(utstate));
}

static int is_rule(const ec_line *l, char c)
{
	if (l->len < 20)
		return 0;
	for (size_t i = 0; i < l->len; i++)
		if (l->s[i] != c)
			return 0;
	return 1;
}

static enum ec_verdict ut_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	utstate *st = vst;
	const ec_line *b;
	if (!ec_starts(l, "FAIL: ") && !ec_starts(l, "ERROR: "))
		return EC_NO;
	if (!(b = ec_back(ctx, 1)) || !is_rule(b, '='))
		return EC_NO;
	st->dashes = 0;
	st->blank = 0;
	st->lines = 0;
	return EC_START;
}

static enum ec_verdict ut_more(void *vst, ec_ctx *ctx, const ec_line *l)
{
	utstate *st = vst;
	(void)ctx;
	if (is_rule(l, '='))
		return EC_NO;
	if (is_rule(l, '-') && st->dashes++)
		return EC_NO;
	/*
	 * Without the closing "----"/"Ran N tests" (a truncated or interleaved
	 * log), the traceback ends at a blank line followed by a line that
	 * cannot continue it; and no block runs on for ever.
	 */
	int blank = ec_blank(l), was_blank = st->blank;
	st->blank = blank;
	if (++st->lines > 2000)
		return EC_NO;
	if (st->dashes && was_blank && !blank && l->s[0] != ' ' && l->s[0] != '\t' &&
	    !ec_starts(l, "Traceback") && !ec_starts(l, "During handling") &&
	    !ec_starts(l, "The above exception"))
		return EC_NO;
	return EC_MORE;
}

/* "test_x (mod.Class.test_x)" (3.11) or "test_x (mod.Class)" (older) -> the test id */
static void set_unittest_id(cJSON *rec, sv h)
{
	const char *sp = memchr(h.s, ' ', h.len), *close;
	et_buf b = ET_BUF_INIT;
	if (!sp || (size_t)(sp - h.s) + 2 >= h.len || sp[1] != '(' ||
	    !(close = memchr(sp, ')', h.len - (size_t)(sp - h.s)))) {
		et_json_set_strn(rec, "test", h.s, h.len);
		return;
	}
	sv name = { h.s, (size_t)(sp - h.s) }, in = { sp + 2, (size_t)(close - sp - 2) };
	et_buf_add(&b, in.s, in.len);
	if (!(in.len > name.len && in.s[in.len - name.len - 1] == '.' &&
	      !memcmp(in.s + in.len - name.len, name.s, name.len))) {
		et_buf_addch(&b, '.');
		et_buf_add(&b, name.s, name.len);
	}
	et_json_set_strn(rec, "test", b.buf, b.len);
	et_buf_release(&b);
}

static void ut_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	utstate *st = vst;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	sv h = sv_line(&lines[0]);
	size_t skip = ec_starts(&lines[0], "FAIL: ") ? 6 : 7;
	h.s += skip;
	h.len -= skip;
	ec_set_level(rec, "error");
	if (!ec_python_fill(ctx, rec, lines + 1, n - 1))
		et_json_set_strn(rec, "message", h.s, h.len);
	set_unittest_id(rec, h);
	ec_emit(ctx, rec);
	st->dashes = 0;
}

static const char *const ut_triggers[] = { "FAIL: ", "ERROR: ", NULL };

const ec_parser ec_parser_unittest = {
	"unittest", "Python unittest FAIL/ERROR blocks",
	ut_triggers, ut_create, free, ut_start, ut_more, ut_finish, 0
};

/* ---- pytest ---- */

#define PT_SEEN_MAX 4096

typedef struct {
	char **seen;    /* keys of failure sections not yet matched by a summary line */
	size_t nseen;
	int summary;    /* the block is one summary line */
} ptstate;

static void *pt_create(void)
{
	ptstate *st = calloc(1, sizeof *st);
	if (st)
		st->seen = calloc(PT_SEEN_MAX, sizeof *st->seen);
	return st;
}

static void pt_destroy(void *vst)
{
	ptstate *st = vst;
	if (!st)
		return;
	for (size_t i = 0; i < st->nseen; i++)
		free(st->seen[i]);
	free(st->seen);
	free(st);
}

/* "_____ title _____": sets *title; not the "_ _ _ _" separator */
static int pt_header(const ec_line *l, sv *title)
{
	size_t i = 0, e = l->len;
	if (l->len < 5 || l->s[0] != '_' || l->s[l->len - 1] != '_')
		return 0;
	while (i < e && l->s[i] == '_')
		i++;
	while (e > i && l->s[e - 1] == '_')
		e--;
	if (i >= e || l->s[i] != ' ' || l->s[e - 1] != ' ')
		return 0;
	sv t = sv_trim((sv){ l->s + i, e - i });
	int other = 0;
	for (size_t k = 0; k < t.len; k++)
		if (t.s[k] != '_' && t.s[k] != ' ')
			other = 1;
	if (!other)
		return 0;
	*title = t;
	return 1;
}

/* "F:name" / "E:name" keys, as a section title or a summary node id names the test */
static char *pt_key(int error, sv name)
{
	char *k = malloc(name.len + 3);
	if (!k)
		return NULL;
	k[0] = error ? 'E' : 'F';
	k[1] = ':';
	memcpy(k + 2, name.s, name.len);
	k[name.len + 2] = '\0';
	return k;
}

static void pt_remember(ptstate *st, char *key)
{
	if (!key)
		return;
	if (st->nseen == PT_SEEN_MAX) {
		free(st->seen[0]);
		memmove(st->seen, st->seen + 1, (PT_SEEN_MAX - 1) * sizeof *st->seen);
		st->nseen--;
	}
	st->seen[st->nseen++] = key;
}

static int pt_forget(ptstate *st, const char *key)
{
	for (size_t i = st->nseen; i-- > 0;)
		if (!strcmp(st->seen[i], key)) {
			free(st->seen[i]);
			memmove(st->seen + i, st->seen + i + 1, (st->nseen - i - 1) * sizeof *st->seen);
			st->nseen--;
			return 1;
		}
	return 0;
}

/* "FAILED nodeid - msg" / "ERROR nodeid - msg": sets the parts */
static int pt_summary(const ec_line *l, int *error, sv *node, sv *msg)
{
	size_t skip;
	if (ec_starts(l, "FAILED "))
		skip = 7, *error = 0;
	else if (ec_starts(l, "ERROR "))
		skip = 6, *error = 1;
	else
		return 0;
	sv rest = { l->s + skip, l->len - skip };
	const char *dash = memmem(rest.s, rest.len, " - ", 3);
	node->s = rest.s;
	node->len = dash ? (size_t)(dash - rest.s) : rest.len;
	*node = sv_trim(*node);
	msg->s = dash ? dash + 3 : rest.s + rest.len;
	msg->len = dash ? (size_t)(rest.s + rest.len - dash - 3) : 0;
	if (!node->len || (memchr(node->s, ' ', node->len) && !memchr(node->s, '[', node->len)))
		return 0;
	/* a node id: path::name, or a path ending in .py for collection errors */
	if (!memmem(node->s, node->len, "::", 2) &&
	    !(node->len > 3 && !memcmp(node->s + node->len - 3, ".py", 3)))
		return 0;
	return 1;
}

static enum ec_verdict pt_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	ptstate *st = vst;
	sv t, a, b;
	int e;
	(void)ctx;
	if (pt_header(l, &t)) {
		st->summary = 0;
		return EC_START;
	}
	if (pt_summary(l, &e, &a, &b)) {
		st->summary = 1;
		return EC_DONE;
	}
	return EC_NO;
}

static enum ec_verdict pt_more(void *vst, ec_ctx *ctx, const ec_line *l)
{
	sv t;
	(void)vst;
	(void)ctx;
	if (pt_header(l, &t) || ec_starts(l, "===") || ec_starts(l, "!!!!"))
		return EC_NO;
	return EC_MORE;
}

/* Type and message from an `E   ...` line and the final `path:N: Type`. */
static void pt_type_msg(cJSON *rec, sv eline, sv final)
{
	sv type, msg;
	split_exc(eline, &type, &msg);
	if (type.len && (!final.len || (type.len >= final.len &&
	    !memcmp(type.s + type.len - final.len, final.s, final.len) &&
	    (type.len == final.len || type.s[type.len - final.len - 1] == '.')))) {
		et_json_set_strn(rec, "type", type.s, type.len);
		et_json_set_strn(rec, "message", msg.s, msg.len);
		return;
	}
	if (final.len)
		et_json_set_strn(rec, "type", final.s, final.len);
	else if (sv_starts(eline, "assert ") || !eline.len)
		et_json_set_str(rec, "type", eline.len ? "AssertionError" : NULL);
	et_json_set_strn(rec, "message", eline.s, eline.len);
}

/* `path:N: ...` at column 0: file, line and the rest after ": " */
static int pt_location(sv v, sv *file, long *line, sv *rest)
{
	const char *end = v.s + v.len, *p;
	for (p = v.s; p < end && *p != ' ' && *p != '\t'; p++) {
		if (*p != ':' || p == v.s)
			continue;
		const char *q = p + 1;
		long n = ec_num(&q, end);
		if (n <= 0 || q >= end || *q != ':' || (q + 1 < end && q[1] != ' '))
			continue;
		file->s = v.s;
		file->len = (size_t)(p - v.s);
		*line = n;
		rest->s = q + 1 < end ? q + 2 : end;
		rest->len = (size_t)(end - rest->s);
		return 1;
	}
	return 0;
}

static void pt_section(ptstate *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	sv title, eline = { "", 0 }, final = { "", 0 }, def = { NULL, 0 }, gt = { NULL, 0 };
	size_t end = n, i;
	cJSON *rec, *frames, *cur = NULL, *syn = NULL;
	int error = 0, have_e = 0, pick = -1, nf;

	if (!pt_header(&lines[0], &title))
		return;
	rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	et_json_set_strn(rec, "test", title.s, title.len);
	/* the key a summary line would use */
	{
		static const char *const pre[] = { "ERROR at setup of ", "ERROR at teardown of ",
						   "ERROR collecting ", NULL };
		sv k = title;
		for (const char *const *p = pre; *p; p++)
			if (sv_starts(title, *p)) {
				k.s += strlen(*p);
				k.len -= strlen(*p);
				error = 1;
				et_json_set_strn(rec, "test", k.s, k.len);
			}
		pt_remember(st, pt_key(error, k));
	}
	for (i = 1; i < n; i++)
		if (ec_starts(&lines[i], "----") && ec_find(&lines[i], " Captured ")) {
			end = i;
			break;
		}
	/* --tb=native: a real traceback */
	for (i = 1; i < end; i++)
		if (is_tb_header(sv_line(&lines[i]))) {
			fill_traceback(ctx, rec, lines, i, end);
			ec_emit(ctx, rec);
			return;
		}
	frames = cJSON_CreateArray();
	for (i = 1; i < end; i++) {
		sv v = sv_line(&lines[i]), file, rest, t = sv_trim(v);
		long ln;
		if (sv_starts(v, "_ _ _")) {
			def.s = gt.s = NULL;
			cur = NULL;
			continue;
		}
		if (v.len >= 2 && v.s[0] == 'E' && (v.s[1] == ' ' || v.s[1] == '\t')) {
			if (!have_e) {
				sv c = sv_trim((sv){ v.s + 1, v.len - 1 });
				/* a SyntaxError shows its File/source/caret lines as E lines first */
				if (sv_starts(c, "File \"")) {
					if (!syn)
						syn = parse_file_line(c);
					if (syn && i + 1 < end && lines[i + 1].len > 1 && lines[i + 1].s[0] == 'E')
						frame_set_code(syn, (sv){ lines[i + 1].s + 1, lines[i + 1].len - 1 });
				} else {
					sv ty, ms;
					split_exc(c, &ty, &ms);
					if (ty.len || !eline.len) {
						eline = c;
						have_e = ty.len > 0 || sv_starts(c, "assert");
					}
				}
			}
			continue;
		}
		if (v.len && v.s[0] == '>') {
			gt = sv_trim((sv){ v.s + 1, v.len - 1 });
			continue;
		}
		if (sv_starts(t, "def ") || sv_starts(t, "async def ")) {
			const char *p = t.s + (t.s[0] == 'a' ? 10 : 4), *q = p;
			while (q < t.s + t.len && is_ident_char((unsigned char)*q))
				q++;
			def.s = p;
			def.len = (size_t)(q - p);
			continue;
		}
		if (v.len && v.s[0] != ' ' && pt_location(v, &file, &ln, &rest)) {
			if (sv_starts(rest, "in ")) {
				cur = ec_frame(file.s, file.len, ln, 0, rest.s + 3, rest.len - 3, NULL, 0);
			} else {
				cur = ec_frame(file.s, file.len, ln, 0, def.s, def.len,
					       gt.s, gt.len);
				if (rest.len)
					final = rest;
			}
			cJSON_AddItemToArray(frames, cur);
			if (!sv_starts(rest, "in "))
				cur = NULL;
			def.s = gt.s = NULL;
			continue;
		}
		if (cur && v.len > 4 && !memcmp(v.s, "    ", 4))
			frame_set_code(cur, v);
	}
	pt_type_msg(rec, eline, final);
	if (syn) {
		/* a SyntaxError's own location is the innermost frame and the place */
		cJSON_AddItemToArray(frames, syn);
		pick = cJSON_GetArraySize(frames) - 1;
	}
	nf = cJSON_GetArraySize(frames);
	if (nf) {
		for (int k = nf - 1; pick < 0 && k >= 0; k--)
			if (own_file(et_json_str(cJSON_GetArrayItem(frames, k), "file")))
				pick = k;
		if (pick < 0)
			pick = nf - 1;
		cJSON *f = cJSON_GetArrayItem(frames, pick);
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		ec_set_location(ctx, rec, file, strlen(file), (long)et_json_num(f, "line", 0), 0);
		if (fn)
			et_json_set_str(rec, "function", fn);
		et_json_set(rec, "frames", frames);
	} else {
		cJSON_Delete(frames);
	}
	ec_emit(ctx, rec);
}

static void pt_summary_rec(ptstate *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	int error;
	sv node, msg, name;
	char *key;
	if (!pt_summary(&lines[0], &error, &node, &msg))
		return;
	/* the section title names the test as Class.test, the node id as path::Class::test */
	const char *sep = memmem(node.s, node.len, "::", 2);
	et_buf b = ET_BUF_INIT;
	if (sep) {
		for (const char *p = sep + 2; p < node.s + node.len; p++) {
			if (p[0] == ':' && p + 1 < node.s + node.len && p[1] == ':') {
				et_buf_addch(&b, '.');
				p++;
			} else {
				et_buf_addch(&b, *p);
			}
		}
		name.s = b.buf;
		name.len = b.len;
	} else {
		name = node;
	}
	key = pt_key(error, name);
	et_buf_release(&b);
	if (key && pt_forget(st, key)) {
		free(key);
		return;
	}
	free(key);
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	et_json_set_strn(rec, "test", node.s, node.len);
	pt_type_msg(rec, sv_trim(msg), (sv){ "", 0 });
	if (!msg.len)
		et_json_set_str(rec, "message", error ? "error" : "failed");
	ec_set_location(ctx, rec, node.s, sep ? (size_t)(sep - node.s) : node.len, 0, 0);
	ec_emit(ctx, rec);
}

static void pt_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ptstate *st = vst;
	if (st->summary)
		pt_summary_rec(st, ctx, lines, n);
	else
		pt_section(st, ctx, lines, n);
	st->summary = 0;
}

static const char *const pt_triggers[] = { "____", "FAILED ", "ERROR ", NULL };

const ec_parser ec_parser_pytest = {
	"pytest", "pytest failure sections and short test summary lines",
	pt_triggers, pt_create, pt_destroy, pt_start, pt_more, pt_finish, 0
};
