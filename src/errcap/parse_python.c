/*
 * parse_python.c: Python tracebacks (plain, chained, exception groups,
 * SyntaxError without a header) and warnings, pytest failure sections,
 * --tb=line lines and short test summary lines, unittest FAIL/ERROR
 * blocks, doctest's failed examples, and ec_python_fill for the log parser. Decisions are documented
 * in docs/errcap-python-rust.md.
 *
 * The record's main exception is the LAST one Python prints (the one that
 * escaped, as Sentry groups it); the earlier ones of a chain and the
 * members of exception groups go into `causes`, in the order printed.
 */
#include "parser.h"
#include "et_ctype.h"
#include "et_frame.h"
#include "et_buf.h"
#include "et_rec.h"
#include "et_cli.h"

#include <stdlib.h>
#include <string.h>

/* ---- small text helpers ---- */

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
static void split_exc(ec_span c, ec_span *type, ec_span *msg)
{
	size_t j = 0;
	type->s = c.s;
	type->n = 0;
	*msg = c;
	if (!c.n || !is_ident_start((unsigned char)c.s[0]))
		return;
	/* "<locals>" may stand in a qualified name */
	while (j < c.n && (is_ident_char((unsigned char)c.s[j]) ||
			     (c.s[j] == '<' && c.s[j - 1] == '.') ||
			     (c.s[j] == '>' && j + 1 < c.n && c.s[j + 1] == '.')))
		j++;
	if (c.s[j - 1] == '.')
		return;
	if (j == c.n) {
		type->n = j;
		msg->s = c.s + j;
		msg->n = 0;
	} else if (c.s[j] == ':' && (j + 1 == c.n || c.s[j + 1] == ' ')) {
		type->n = j;
		msg->s = c.s + j + 1;
		msg->n = c.n - j - 1;
		*msg = ec_span_trim((*msg).s, (*msg).n);
	}
}

/* Is this file the program's own code (et_frame_in_app)? */
static int own_file(const char *f)
{
	return f && *f && et_frame_in_app(f, NULL);
}

/*
 * The frame of frames that gives the record's place, as ec_set_frames
 * picks it: the innermost in app, else the innermost that is no
 * library's (python -c's "<string>"), else the innermost.
 */
static int pick_frame(const cJSON *frames)
{
	int n = cJSON_GetArraySize(frames), own = -1;
	for (int k = n - 1; k >= 0; k--) {
		const char *f = et_json_str(cJSON_GetArrayItem(frames, k), "file");
		if (own_file(f))
			return k;
		if (own < 0 && f && *f && !et_frame_library(f, NULL) && !et_frame_ruled(f, NULL))
			own = k;
	}
	return own >= 0 ? own : n - 1;
}

static int is_syntax_type(ec_span t)
{
	static const char *const st[] = { "SyntaxError", "IndentationError", "TabError", NULL };
	for (const char *const *p = st; *p; p++) {
		size_t n = strlen(*p);
		if (t.n >= n && !memcmp(t.s + t.n - n, *p, n) &&
		    (t.n == n || t.s[t.n - n - 1] == '.'))
			return 1;
	}
	return 0;
}

/* ---- frames ---- */

/* `  File "path", line N, in func` (", in func" absent for SyntaxError) */
static cJSON *parse_file_line(ec_span c)
{
	const char *p = c.s, *end = c.s + c.n, *q, *fs;
	long line;
	ec_span t = ec_span_trim(c.s, c.n);
	if (!ec_mem_starts(t.s, t.n, "File \""))
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
static int is_marker(ec_span c)
{
	int any = 0;
	for (size_t i = 0; i < c.n; i++) {
		if (c.s[i] == '^' || c.s[i] == '~')
			any = 1;
		else if (c.s[i] != ' ')
			return 0;
	}
	return any;
}

static void frame_set_code(cJSON *f, ec_span code)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(f, "code");
	if (c && !cJSON_IsNull(c))
		return;
	code = ec_span_trim(code.s, code.n);
	et_json_set_strn(f, "code", code.s, code.n);
}

/* ---- exception-group boxes ---- */

enum { IT_TEXT, IT_HDR, IT_FIRST, IT_SEP };

typedef struct {
	int kind;
	int depth;
	ec_span c;           /* content without the box prefix */
} item;

static item classify(ec_span l)
{
	item it = { IT_TEXT, 0, l };
	size_t k = 0;
	while (k < l.n && l.s[k] == ' ')
		k++;
	if (k < 2 || k % 2 || k >= l.n)
		return it;
	const char *p = l.s + k;
	size_t r = l.n - k;
	if (p[0] == '|' && (r == 1 || p[1] == ' ')) {
		it.depth = (int)(k / 2);
		it.c.s = p + (r > 1 ? 2 : 1);
		it.c.n = r > 1 ? r - 2 : 0;
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
		it.c.n = r - 2;
	}
	return it;
}

/* ---- the traceback parser ---- */

typedef struct {
	cJSON *causes;          /* array, in the order printed */
	cJSON *frames;          /* the main exception's */
	ec_span type, msg;
	int found;
} pyres;

static const char CAUSE_MSG[] = "The above exception was the direct cause";
static const char CONTEXT_MSG[] = "During handling of the above exception";

static void parse_chain(const item *it, size_t a, size_t b, int D, pyres *r, const char *rel);

/* "FuzzError: Traceback (most recent call last):" (atheris): a header after a "Name: " prefix */
static int ends_tb_header(ec_span v)
{
	static const char h[] = "Traceback (most recent call last):";
	size_t n = sizeof h - 1;
	v = ec_span_trim(v.s, v.n);
	return v.n > n + 2 && !memcmp(v.s + v.n - n, h, n) && v.s[v.n - n - 1] == ' ' &&
	       v.s[v.n - n - 2] == ':';
}

/* One exception of a chain: items [s,e) at depth sd. */
static void parse_segment(const item *it, size_t s, size_t e, int D, pyres *r, const char *rel)
{
	int sd = D, have_exc = 0;
	size_t i, members = e;
	cJSON *frames = cJSON_CreateArray(), *cur = NULL;
	ec_span type = { "", 0 }, msg = { "", 0 };

	for (i = s; i < e; i++)
		if ((it[i].kind == IT_TEXT || it[i].kind == IT_HDR) && !ec_mem_blank(it[i].c.s, it[i].c.n)) {
			if (it[i].depth == D || (D == 0 && it[i].depth == 1))
				sd = it[i].depth;
			break;
		}
	for (i = s; i < e; i++) {
		ec_span c = it[i].c;
		cJSON *f;
		if (it[i].kind == IT_FIRST && it[i].depth == sd) {
			members = i;
			break;
		}
		if (it[i].depth != sd || it[i].kind == IT_SEP || it[i].kind == IT_FIRST)
			continue;
		if (ec_mem_blank(c.s, c.n) || have_exc)
			continue;       /* continuation lines of the message: text only */
		if (ec_mem_starts(c.s, c.n, "Traceback (most recent call last)") || ends_tb_header(c) ||
		    ec_mem_starts(c.s, c.n, "Exception Group Traceback") ||
		    ec_mem_starts(c.s, c.n, "...") || ec_mem_starts(c.s, c.n, "and "))
			continue;
		if (c.s[0] == ' ' || c.s[0] == '\t') {
			if ((f = parse_file_line(c))) {
				cJSON_AddItemToArray(frames, f);
				cur = f;
			} else if (cur && c.n > 4 && !memcmp(c.s, "    ", 4) &&
				   !is_marker(c) && !ec_mem_starts(ec_span_trim(c.s, c.n).s, ec_span_trim(c.s, c.n).n, "[Previous line repeated")) {
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
		cJSON_AddItemToObject(o, "type", type.n ? et_json_strn(type.s, type.n) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "message", et_json_strn(msg.s, msg.n));
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
			if (ec_mem_starts(it[e].c.s, it[e].c.n, CAUSE_MSG)) {
				next = "cause";
				break;
			}
			if (ec_mem_starts(it[e].c.s, it[e].c.n, CONTEXT_MSG)) {
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
		it[i] = classify(ec_line_span(&lines[a + i]));
	parse_chain(it, 0, n, 0, &r, NULL);
	free(it);
	if (!r.found) {
		cJSON_Delete(r.causes);
		cJSON_Delete(r.frames);
		return 0;
	}
	et_json_set_strn(rec, "type", r.type.n ? r.type.s : NULL, r.type.n);
	et_json_set_strn(rec, "message", r.msg.s, r.msg.n);
	nf = r.frames ? cJSON_GetArraySize(r.frames) : 0;
	if (nf) {
		cJSON *last = cJSON_GetArrayItem(r.frames, nf - 1);
		/* a SyntaxError's own place, when it is in the program's code (not eval's "<string>") */
		if (is_syntax_type(r.type) && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(last, "function")) &&
		    own_file(et_json_str(last, "file")))
			pick = nf - 1;
		if (pick < 0)
			pick = pick_frame(r.frames);
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

static int is_tb_header(ec_span v)
{
	v = ec_span_trim(v.s, v.n);
	return (v.n == 34 && !memcmp(v.s, "Traceback (most recent call last):", 34)) ||
	       ec_mem_starts(v.s, v.n, "+ Exception Group Traceback (most recent call last):");
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
		if (!is_tb_header(ec_line_span(h)))
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
	int above;      /* lines[0] is an exception line printed above the header */
	size_t windent; /* P_WARN: the warning line's indentation */
} pystate;

static int is_box(const ec_line *l)
{
	item it = classify(ec_line_span(l));
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
 * line follows, indented two more spaces). The line may be indented (pytest's
 * warnings summary indents it by two) and may follow other text on its line
 * after " ... " (unittest -v's "test_x (m.C.test_x) ... ", which the warning
 * interrupted): FILE is what follows the indentation and the last " ... ".
 * Sets the parts and *indent (the line's leading spaces); returns 1 when the
 * line is one.
 */
static int py_warning(ec_span v, ec_span *file, long *line, ec_span *type, ec_span *msg, size_t *indent)
{
	const char *w = memmem(v.s, v.n, "Warning: ", 9), *p, *q, *end = v.s + v.n, *fs = v.s, *e;
	size_t ind = 0;
	while (ind < v.n && v.s[ind] == ' ')
		ind++;
	fs += ind;
	if (!w || end - fs < 12)
		return 0;
	/* the category: an identifier (maybe dotted) just before "Warning" */
	p = w;
	while (p > fs && is_ident_char((unsigned char)p[-1]))
		p--;
	if (p == w || p - fs < 4 || p[-1] != ' ' || p[-2] != ':')
		return 0;
	/* ":LINE: " before it */
	q = p - 2;
	const char *d = q;
	while (d > fs && d[-1] >= '0' && d[-1] <= '9')
		d--;
	if (d == q || d - fs < 2 || d[-1] != ':')
		return 0;
	while ((e = memmem(fs, (size_t)(d - 1 - fs), " ... ", 5)))
		fs = e + 5;
	file->s = fs;
	file->n = (size_t)(d - 1 - fs);
	*indent = ind;
	if (!file->n || fs[0] == ' ')
		return 0;
	*line = ec_num(&d, q);
	type->s = p;
	type->n = (size_t)(w + 7 - p);
	msg->s = w + 9;
	msg->n = (size_t)(end - msg->s);
	return file->n > 0 && *line > 0;
}

/* Is type a class name as Python writes them (CamelCase: "ValueError",
 * "errors.ParseError"), not a log level ("INFO", "WARNING")? */
static int class_like(ec_span type)
{
	size_t b = type.n;
	int lower = 0;
	while (b > 0 && type.s[b - 1] != '.')
		b--;
	if (b == type.n || !et_isupper((unsigned char)type.s[b]))
		return 0;
	for (size_t i = b; i < type.n; i++)
		lower |= et_islower((unsigned char)type.s[i]) != 0;
	return lower;
}

/* "INFO: ...", "WARNING: ...": a log line, never the exception line of a traceback */
static int log_level_line(const ec_line *l)
{
	size_t i = 0;
	while (i < l->len && et_isupper((unsigned char)l->s[i]))
		i++;
	return i >= 3 && i + 1 < l->len && l->s[i] == ':' && l->s[i + 1] == ' ';
}

static enum ec_verdict py_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	pystate *st = vst;
	ec_span v = ec_line_span(l);
	if (is_tb_header(v) && (v.s[0] == 'T' || ec_starts(l, "  + "))) {
		const ec_line *b = ec_back(ctx, 1);
		ec_span bt, bm;
		memset(st, 0, sizeof *st);
		st->group = v.s[0] != 'T';
		st->phase = P_TB;
		/* the exception line above the header (Atheris prints it there) */
		if (b && !st->group) {
			split_exc(ec_line_span(b), &bt, &bm);
			if (bt.n && bm.n && class_like(bt)) {
				ec_claim_back(ctx, 1);
				st->above = 1;
			}
		}
		return EC_START;
	}
	if (ends_tb_header(v)) {
		memset(st, 0, sizeof *st);
		st->phase = P_TB;
		return EC_START;
	}
	ec_span type, msg, wf;
	long wl;
	size_t wind;
	if (py_warning(v, &wf, &wl, &type, &msg, &wind)) {
		memset(st, 0, sizeof *st);
		st->phase = P_WARN;
		st->windent = wind;
		return EC_START;
	}
	/* SyntaxError & co. of the main script: no header, the File line before */
	split_exc(v, &type, &msg);
	if (type.n && type.n < v.n && is_syntax_type(type)) {
		size_t k = syntax_lookback(ctx);
		if (k) {
			ec_claim_back(ctx, k);
			return EC_DONE;
		}
	}
	return EC_NO;
}

static enum ec_verdict py_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	pystate *st = vst;
	int blank = ec_blank(l);
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
	case P_WARN: {
		/* the source line shown under a warning: two spaces further in */
		size_t k = 0;
		while (k < l->len && l->s[k] == ' ')
			k++;
		return k >= st->windent + 2 && !blank ? EC_DONE : EC_NO;
	}
	case P_TB:
		if (blank)
			return EC_NO;
		if (l->s[0] == ' ' || l->s[0] == '\t')
			return EC_MORE;
		if (is_tb_header(ec_line_span(l)) || log_level_line(l))
			return EC_NO;   /* the traceback ended without its exception line */
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
		if (is_tb_header(ec_line_span(l))) {
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
	ec_span wf, wt, wm;
	long wl;
	size_t wind;
	if (st->phase == P_WARN && py_warning(ec_line_span(&lines[0]), &wf, &wl, &wt, &wm, &wind)) {
		ec_set_level(rec, "warning");
		et_json_set_strn(rec, "type", wt.s, wt.n);
		et_json_set_strn(rec, "message", wm.s, wm.n);
		ec_set_location(ctx, rec, wf.s, wf.n, wl, 0);
		if (n > 1) {
			ec_span code = ec_span_trim(lines[1].s, lines[1].len);
			cJSON *fr = cJSON_CreateArray();
			cJSON_AddItemToArray(fr, ec_frame(wf.s, wf.n, wl, 0, NULL, 0, code.s, code.n));
			et_json_set(rec, "frames", fr);
		}
		ec_emit(ctx, rec);
		memset(st, 0, sizeof *st);
		return;
	}
	ec_set_level(rec, "error");
	if (!fill_traceback(ctx, rec, lines, (size_t)st->above, n) || !et_json_str(rec, "type")) {
		/* no exception line after the frames: the one above the header, if any */
		ec_span t, m;
		if (st->above) {
			split_exc(ec_line_span(&lines[0]), &t, &m);
			et_json_set_strn(rec, "type", t.s, t.n);
			et_json_set_strn(rec, "message", m.s, m.n);
		}
	}
	ec_emit(ctx, rec);
	memset(st, 0, sizeof *st);
}

static const char *const py_triggers[] = { "Traceback (most recent call last):", "Error: ", "Warning: ", NULL };

const ec_parser ec_parser_python = { .name = "python", .triggers = py_triggers,
	.state_size = sizeof(pystate), .start = py_start, .more = py_more, .finish = py_finish };

/* ---- unittest ---- */

typedef struct {
	int dashes;
	int blank;      /* the previous line was blank */
	size_t lines;
} utstate;

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

static enum ec_verdict ut_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	utstate *st = vst;
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
static void set_unittest_id(cJSON *rec, ec_span h)
{
	const char *sp = memchr(h.s, ' ', h.n), *close;
	et_buf b = ET_BUF_INIT;
	if (!sp || (size_t)(sp - h.s) + 2 >= h.n || sp[1] != '(' ||
	    !(close = memchr(sp, ')', h.n - (size_t)(sp - h.s)))) {
		et_json_set_strn(rec, "test", h.s, h.n);
		return;
	}
	ec_span name = { h.s, (size_t)(sp - h.s) }, in = { sp + 2, (size_t)(close - sp - 2) };
	et_buf_add(&b, in.s, in.n);
	if (!(in.n > name.n && in.s[in.n - name.n - 1] == '.' &&
	      !memcmp(in.s + in.n - name.n, name.s, name.n))) {
		et_buf_addch(&b, '.');
		et_buf_add(&b, name.s, name.n);
	}
	et_json_set_strn(rec, "test", b.buf, b.len);
	et_buf_release(&b);
}

static void ut_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	utstate *st = vst;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_span h = ec_line_span(&lines[0]);
	size_t skip = ec_starts(&lines[0], "FAIL: ") ? 6 : 7;
	h.s += skip;
	h.n -= skip;
	ec_set_level(rec, "error");
	if (!ec_python_fill(ctx, rec, lines + 1, n - 1))
		et_json_set_strn(rec, "message", h.s, h.n);
	set_unittest_id(rec, h);
	ec_emit(ctx, rec);
	st->dashes = 0;
}

static const char *const ut_triggers[] = { "FAIL: ", "ERROR: ", NULL };

const ec_parser ec_parser_unittest = { .name = "unittest", .triggers = ut_triggers,
	.state_size = sizeof(utstate), .start = ut_start, .more = ut_more, .finish = ut_finish };

/* ---- doctest ---- */

/*
 * `File "path", line N, in name` (a docstring's example) or `Line N, in
 * name` (a string's, no file): sets the parts (file.n 0 for the second).
 */
static int dt_header(const ec_line *l, ec_span *file, long *line, ec_span *name)
{
	ec_span v = ec_line_span(l);
	const char *p, *end = v.s + v.n;
	file->s = v.s;
	file->n = 0;
	if (ec_starts(l, "File \"")) {
		const char *q = memmem(v.s + 6, v.n - 6, "\", line ", 8);
		if (!q)
			return 0;
		file->s = v.s + 6;
		file->n = (size_t)(q - file->s);
		p = q + 8;
	} else if (ec_starts(l, "Line ")) {
		p = v.s + 5;
	} else {
		return 0;
	}
	*line = ec_num(&p, end);
	if (*line < 0 || end - p < 6 || memcmp(p, ", in ", 5))
		return 0;
	name->s = p + 5;
	name->n = (size_t)(end - name->s);
	return 1;
}

/* "Failed example:" with the failure's header just before it */
static enum ec_verdict dt_start(void *vst EC_UNUSED, ec_ctx *ctx, const ec_line *l)
{
	const ec_line *b;
	ec_span f, nm;
	long ln;
	if (l->len != 15 || !ec_starts(l, "Failed example:") ||
	    !(b = ec_back(ctx, 1)) || !dt_header(b, &f, &ln, &nm))
		return EC_NO;
	ec_claim_back(ctx, 1);
	return EC_START;
}

/*
 * The failure goes on while its lines are indented (the example, the
 * output, the traceback), blank (a blank output line), or one of the
 * labels doctest writes at column 0 ("Expected:", "Got nothing",
 * "Exception raised:", "Differences (...):"); doctest's "****" rule and
 * its summary end it.
 */
static enum ec_verdict dt_more(void *vst EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	if (ec_blank(l) || l->s[0] == ' ' || l->s[0] == '\t')
		return EC_MORE;
	if (ec_starts(l, "Expected") || ec_starts(l, "Got") || ec_starts(l, "Exception raised:") ||
	    (ec_starts(l, "Differences (") && l->s[l->len - 1] == ':'))
		return EC_MORE;
	return EC_NO;
}

/*
 * One record per failed example: an exception it raised is the record's
 * (type, message, frames, the innermost frame of the program's code);
 * output other than expected is a DocTestFailure (pytest's name for it)
 * whose message is the example, at the example's place.
 */
static void dt_finish(void *vst EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_span file, name, example = { "", 0 };
	long line = 0;
	size_t i;
	ec_set_level(rec, "error");
	if (!dt_header(&lines[0], &file, &line, &name)) {
		file.n = name.n = 0;
		name.s = "";
	}
	et_json_set_strn(rec, "test", name.s, name.n);
	for (i = 2; i < n; i++) {
		ec_span v = ec_span_trim(lines[i].s, lines[i].len);
		if (lines[i].s[0] != ' ' || !v.n)
			break;
		if (!example.n)
			example = v;
	}
	for (; i < n; i++)
		if (ec_starts(&lines[i], "Exception raised:") &&
		    ec_python_fill(ctx, rec, lines + i + 1, n - i - 1)) {
			ec_emit(ctx, rec);
			return;
		}
	et_json_set_str(rec, "type", "DocTestFailure");
	et_json_set_strn(rec, "message", example.s, example.n);
	if (file.n) {
		cJSON *fr = cJSON_CreateArray();
		ec_set_location(ctx, rec, file.s, file.n, line, 0);
		cJSON_AddItemToArray(fr, ec_frame(file.s, file.n, line, 0, name.s, name.n, example.s, example.n));
		et_json_set(rec, "frames", fr);
	}
	et_json_set_strn(rec, "function", name.n ? name.s : NULL, name.n);
	ec_emit(ctx, rec);
}

static const char *const dt_triggers[] = { "Failed example:", NULL };

const ec_parser ec_parser_doctest = { .name = "doctest", .triggers = dt_triggers,
	.start = dt_start, .more = dt_more, .finish = dt_finish };

/* ---- pytest ---- */

#define PT_SEEN_MAX 4096
#define PT_HELD_MAX 4096

/*
 * A failure whose record waits for the short-summary line that names it
 * (the summary gives what the failure's own lines lack): a --tb=line line
 * "path:N: Type: msg" (key NULL; the summary gives the test id), or a
 * section without a location line (key: the one its summary line has; the
 * summary gives the file).
 */
typedef struct {
	char *key;
	char *text;             /* its lines, joined by '\n' */
	char *test;             /* sections: the test the title names */
	char *type, *msg;       /* type may be NULL */
	char *crash;            /* --tb=line: what follows "path:N: " */
	char *file;             /* --tb=line: the crash's place; else NULL */
	long line;
} ptheld;

enum { PT_SECTION, PT_SUMMARY, PT_LINES, PT_FINAL };

typedef struct {
	char **seen;    /* keys of failure sections not yet matched by a summary line */
	size_t nseen;
	ptheld *held;   /* in the order printed */
	size_t nheld, held_cap;
	int kind;       /* of the open block */
} ptstate;

static void *pt_create(void)
{
	ptstate *st = calloc(1, sizeof *st);
	if (st)
		st->seen = calloc(PT_SEEN_MAX, sizeof *st->seen);
	return st;
}

/* A new zeroed held failure at the end, or NULL when PT_HELD_MAX are held. */
static ptheld *pt_hold(ptstate *st)
{
	if (st->nheld == PT_HELD_MAX)
		return NULL;
	if (st->nheld == st->held_cap) {
		st->held_cap = st->held_cap ? st->held_cap * 2 : 16;
		st->held = et_xrealloc(st->held, st->held_cap * sizeof *st->held);
	}
	memset(&st->held[st->nheld], 0, sizeof *st->held);
	return &st->held[st->nheld++];
}

static void held_free(ptheld *h)
{
	free(h->key);
	free(h->text);
	free(h->test);
	free(h->type);
	free(h->msg);
	free(h->crash);
	free(h->file);
}

static void pt_destroy(void *vst)
{
	ptstate *st = vst;
	if (!st)
		return;
	for (size_t i = 0; i < st->nseen; i++)
		free(st->seen[i]);
	for (size_t i = 0; i < st->nheld; i++)
		held_free(&st->held[i]);
	free(st->seen);
	free(st->held);
	free(st);
}

static char *dup_str(const char *s)
{
	return s ? et_xstrdup(s) : NULL;
}

/* lines[a..b] joined by '\n', in a new string */
static char *join_lines(const ec_line *lines, size_t a, size_t b)
{
	et_buf t = ET_BUF_INIT;
	char *r;
	for (size_t i = a; i <= b; i++) {
		if (i > a)
			et_buf_addch(&t, '\n');
		et_buf_add(&t, lines[i].s, lines[i].len);
	}
	r = et_xstrndup(t.buf, t.len);
	et_buf_release(&t);
	return r;
}

/* "==== title ====" with this title */
static int pt_rule_is(const ec_line *l, const char *title)
{
	size_t i = 0, e = l->len, n = strlen(title);
	while (i < e && l->s[i] == '=')
		i++;
	while (e > i && l->s[e - 1] == '=')
		e--;
	if (i < 3 || e == l->len)
		return 0;
	ec_span t = ec_span_trim(l->s + i, e - i);
	return t.n == n && !memcmp(t.s, title, n);
}

/*
 * The session's last line: "N failed, N passed, N errors in 1.23s", maybe
 * with " (0:01:02)" after it and inside a "====" rule.
 */
static int pt_final(const ec_line *l)
{
	ec_span v = ec_span_trim(l->s, l->len);
	const char *p, *end;
	while (v.n && v.s[0] == '=')
		v.s++, v.n--;
	while (v.n && v.s[v.n - 1] == '=')
		v.n--;
	v = ec_span_trim(v.s, v.n);
	p = v.s;
	end = v.s + v.n;
	for (;;) {
		if (ec_num(&p, end) < 0 || p >= end || *p != ' ')
			return 0;
		p++;
		if (p >= end || !et_isalpha((unsigned char)*p))
			return 0;
		while (p < end && et_isalpha((unsigned char)*p))
			p++;
		if (end - p >= 2 && p[0] == ',' && p[1] == ' ') {
			p += 2;
			continue;
		}
		break;
	}
	if (end - p < 5 || memcmp(p, " in ", 4))
		return 0;
	p += 4;
	if (ec_num(&p, end) < 0)
		return 0;
	if (p < end && *p == '.') {
		p++;
		if (ec_num(&p, end) < 0)
			return 0;
	}
	if (p >= end || *p != 's')
		return 0;
	p++;
	return p == end || (end - p >= 2 && p[0] == ' ' && p[1] == '(');
}

/* "_____ title _____": sets *title; not the "_ _ _ _" separator */
static int pt_header(const ec_line *l, ec_span *title)
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
	ec_span t = ec_span_trim(l->s + i, e - i);
	int other = 0;
	for (size_t k = 0; k < t.n; k++)
		if (t.s[k] != '_' && t.s[k] != ' ')
			other = 1;
	if (!other)
		return 0;
	*title = t;
	return 1;
}

/* "F:name" / "E:name" keys, as a section title or a summary node id names the test */
static char *pt_key(int error, ec_span name)
{
	char *k = malloc(name.n + 3);
	if (!k)
		return NULL;
	k[0] = error ? 'E' : 'F';
	k[1] = ':';
	memcpy(k + 2, name.s, name.n);
	k[name.n + 2] = '\0';
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
static int pt_summary(const ec_line *l, int *error, ec_span *node, ec_span *msg)
{
	size_t skip;
	if (ec_starts(l, "FAILED "))
		skip = 7, *error = 0;
	else if (ec_starts(l, "ERROR "))
		skip = 6, *error = 1;
	else
		return 0;
	ec_span rest = { l->s + skip, l->len - skip };
	const char *dash = memmem(rest.s, rest.n, " - ", 3);
	node->s = rest.s;
	node->n = dash ? (size_t)(dash - rest.s) : rest.n;
	*node = ec_span_trim((*node).s, (*node).n);
	msg->s = dash ? dash + 3 : rest.s + rest.n;
	msg->n = dash ? (size_t)(rest.s + rest.n - dash - 3) : 0;
	if (!node->n || (memchr(node->s, ' ', node->n) && !memchr(node->s, '[', node->n)))
		return 0;
	/* a node id: path::name, or a path ending in .py for collection errors */
	if (!memmem(node->s, node->n, "::", 2) &&
	    !(node->n > 3 && !memcmp(node->s + node->n - 3, ".py", 3)))
		return 0;
	return 1;
}

static int pt_location(ec_span v, ec_span *file, long *line, ec_span *rest);

/* A --tb=line line: "path:N: message" at column 0 */
static int pt_crash_line(const ec_line *l)
{
	ec_span f, r;
	long n;
	return l->len && l->s[0] != ' ' && l->s[0] != '\t' && pt_location(ec_line_span(l), &f, &n, &r) && r.n;
}

/*
 * pytest's line for a test marked xfail(strict=True) that passed, the whole
 * of its failure: "[XPASS(strict)] " and the mark's reason. Its message,
 * "XPASS(strict)" and the reason, goes to msg; 0 when l is not one.
 */
static int pt_xpass(const ec_line *l, et_buf *msg)
{
	static const char mark[] = "[XPASS(strict)]";
	ec_span r;
	if (!ec_starts(l, mark))
		return 0;
	r = ec_span_trim(l->s + sizeof mark - 1, l->len - (sizeof mark - 1));
	if (msg) {
		et_buf_add(msg, mark + 1, sizeof mark - 3);
		if (r.n) {
			et_buf_addch(msg, ' ');
			et_buf_add(msg, r.s, r.n);
		}
	}
	return 1;
}

static enum ec_verdict pt_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	ptstate *st = vst;
	const ec_line *b;
	ec_span t, x, y;
	int e;
	if (pt_header(l, &t)) {
		st->kind = PT_SECTION;
		return EC_START;
	}
	if (pt_summary(l, &e, &x, &y)) {
		st->kind = PT_SUMMARY;
		return EC_DONE;
	}
	/* --tb=line: a line per failure under the "FAILURES" rule (reach 1) */
	if (pt_crash_line(l) && (b = ec_back(ctx, 1)) && pt_rule_is(b, "FAILURES")) {
		st->kind = PT_LINES;
		return EC_START;
	}
	/* held failures no summary line named: the session ends (or another begins) */
	if (st->nheld && (pt_final(l) || pt_rule_is(l, "test session starts"))) {
		st->kind = PT_FINAL;
		return EC_DONE;
	}
	return EC_NO;
}

static enum ec_verdict pt_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ptstate *st = vst;
	ec_span t;
	if (st->kind == PT_LINES)
		return pt_crash_line(l) || pt_xpass(l, NULL) ? EC_MORE : EC_NO;
	if (pt_header(l, &t) || ec_starts(l, "===") || ec_starts(l, "!!!!"))
		return EC_NO;
	return EC_MORE;
}

/* Type and message from an `E   ...` line and the final `path:N: Type`. */
static void pt_type_msg(cJSON *rec, ec_span eline, ec_span final)
{
	ec_span type, msg;
	split_exc(eline, &type, &msg);
	if (type.n && (!final.n || (type.n >= final.n &&
	    !memcmp(type.s + type.n - final.n, final.s, final.n) &&
	    (type.n == final.n || type.s[type.n - final.n - 1] == '.')))) {
		et_json_set_strn(rec, "type", type.s, type.n);
		et_json_set_strn(rec, "message", msg.s, msg.n);
		return;
	}
	if (final.n)
		et_json_set_strn(rec, "type", final.s, final.n);
	else if (ec_mem_starts(eline.s, eline.n, "assert ") || !eline.n)
		et_json_set_str(rec, "type", eline.n ? "AssertionError" : NULL);
	et_json_set_strn(rec, "message", eline.s, eline.n);
}

/*
 * `path:N: ...` at column 0: file, line and the rest after ": " (empty
 * for a line that is `path:N` alone, as a fixture error's section ends)
 */
static int pt_location(ec_span v, ec_span *file, long *line, ec_span *rest)
{
	const char *end = v.s + v.n, *p;
	for (p = v.s; p < end && *p != ' ' && *p != '\t'; p++) {
		if (*p != ':' || p == v.s)
			continue;
		const char *q = p + 1;
		long n = ec_num(&q, end);
		if (n <= 0 || (q < end && (*q != ':' || (q + 1 < end && q[1] != ' '))))
			continue;
		file->s = v.s;
		file->n = (size_t)(p - v.s);
		*line = n;
		rest->s = q + 1 < end ? q + 2 : end;
		rest->n = (size_t)(end - rest->s);
		return 1;
	}
	return 0;
}

static void pt_section(ptstate *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ec_span title, eline = { "", 0 }, final = { "", 0 }, def = { NULL, 0 }, gt = { NULL, 0 };
	ec_span example = { "", 0 };
	size_t end = n, i;
	cJSON *rec, *frames, *cur = NULL, *syn = NULL;
	int error = 0, have_e = 0, e_here = 0, pick = -1, nf, doctest;
	char *key;

	if (!pt_header(&lines[0], &title))
		return;
	rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	et_json_set_strn(rec, "test", title.s, title.n);
	/* the key a summary line would use */
	{
		static const char *const pre[] = { "ERROR at setup of ", "ERROR at teardown of ",
						   "ERROR collecting ", NULL };
		ec_span k = title;
		for (const char *const *p = pre; *p; p++)
			if (ec_mem_starts(title.s, title.n, *p)) {
				k.s += strlen(*p);
				k.n -= strlen(*p);
				error = 1;
				et_json_set_strn(rec, "test", k.s, k.n);
			}
		/* "[doctest] mod.func": the summary's node id is path::mod.func */
		doctest = ec_mem_starts(k.s, k.n, "[doctest] ");
		if (doctest) {
			k.s += 10;
			k.n -= 10;
			et_json_set_strn(rec, "test", k.s, k.n);
		}
		key = pt_key(error, k);
	}
	for (i = 1; i < n; i++)
		if (ec_starts(&lines[i], "----") && ec_find(&lines[i], " Captured ")) {
			end = i;
			break;
		}
	/* --tb=native: a real traceback */
	for (i = 1; i < end; i++)
		if (is_tb_header(ec_line_span(&lines[i]))) {
			fill_traceback(ctx, rec, lines, i, end);
			pt_remember(st, key);
			ec_emit(ctx, rec);
			return;
		}
	frames = cJSON_CreateArray();
	for (i = 1; i < end; i++) {
		ec_span v = ec_line_span(&lines[i]), file, rest, t = ec_span_trim(v.s, v.n);
		long ln;
		if (ec_mem_starts(v.s, v.n, "_ _ _")) {
			def.s = gt.s = NULL;
			cur = NULL;
			e_here = 0;
			continue;
		}
		/* a doctest's source lines: "003     >>> add(1, 2)" (the last is the failed example) */
		if (doctest && v.n && et_isdigit((unsigned char)v.s[0])) {
			const char *p = v.s, *e = v.s + v.n;
			while (p < e && et_isdigit((unsigned char)*p))
				p++;
			ec_span src = ec_span_trim(p, (size_t)(e - p));
			if (p < e && *p == ' ' && ec_mem_starts(src.s, src.n, ">>> ")) {
				example.s = src.s + 4;
				example.n = src.n - 4;
			}
			continue;
		}
		if (v.n >= 2 && v.s[0] == 'E' && (v.s[1] == ' ' || v.s[1] == '\t')) {
			e_here = 1;
			if (!have_e) {
				ec_span c = ec_span_trim(v.s + 1, v.n - 1);
				/* a SyntaxError shows its File/source/caret lines as E lines first */
				if (ec_mem_starts(c.s, c.n, "File \"")) {
					if (!syn)
						syn = parse_file_line(c);
					if (syn && i + 1 < end && lines[i + 1].len > 1 && lines[i + 1].s[0] == 'E')
						frame_set_code(syn, (ec_span){ lines[i + 1].s + 1, lines[i + 1].len - 1 });
				} else {
					ec_span ty, ms;
					split_exc(c, &ty, &ms);
					if (ty.n || !eline.n) {
						eline = c;
						have_e = ty.n > 0 || ec_mem_starts(c.s, c.n, "assert");
					}
				}
			}
			continue;
		}
		/* '>' marks the source line before the E lines; after them it
		 * continues their message (a fixture error's "available fixtures:") */
		if (v.n && v.s[0] == '>') {
			if (!e_here)
				gt = ec_span_trim(v.s + 1, v.n - 1);
			continue;
		}
		if (ec_mem_starts(t.s, t.n, "def ") || ec_mem_starts(t.s, t.n, "async def ")) {
			const char *p = t.s + (t.s[0] == 'a' ? 10 : 4), *q = p;
			while (q < t.s + t.n && is_ident_char((unsigned char)*q))
				q++;
			def.s = p;
			def.n = (size_t)(q - p);
			continue;
		}
		if (v.n && v.s[0] != ' ' && pt_location(v, &file, &ln, &rest)) {
			if (ec_mem_starts(rest.s, rest.n, "in ")) {
				cur = ec_frame(file.s, file.n, ln, 0, rest.s + 3, rest.n - 3, NULL, 0);
			} else {
				cur = ec_frame(file.s, file.n, ln, 0, def.s, def.n,
					       gt.s, gt.n);
				if (rest.n)
					final = rest;
			}
			cJSON_AddItemToArray(frames, cur);
			if (!ec_mem_starts(rest.s, rest.n, "in "))
				cur = NULL;
			def.s = gt.s = NULL;
			e_here = 0;
			continue;
		}
		if (cur && v.n > 4 && !memcmp(v.s, "    ", 4))
			frame_set_code(cur, v);
	}
	pt_type_msg(rec, eline, final);
	/* a strict xfail that passed: its "[XPASS(strict)]" line is the message */
	if (!eline.n) {
		et_buf xm = ET_BUF_INIT;
		for (i = 1; i < end; i++)
			if (pt_xpass(&lines[i], &xm)) {
				et_json_set_strn(rec, "message", xm.buf, xm.len);
				break;
			}
		et_buf_release(&xm);
	}
	/* a doctest's DocTestFailure has no E line: the failed example is its message */
	if (example.n && !eline.n)
		et_json_set_strn(rec, "message", example.s, example.n);
	if (syn) {
		/* a SyntaxError's own location is the innermost frame, and the place when it is the program's */
		cJSON_AddItemToArray(frames, syn);
		if (own_file(et_json_str(syn, "file")))
			pick = cJSON_GetArraySize(frames) - 1;
	}
	nf = cJSON_GetArraySize(frames);
	if (nf) {
		if (pick < 0)
			pick = pick_frame(frames);
		cJSON *f = cJSON_GetArrayItem(frames, pick);
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		ec_set_location(ctx, rec, file, strlen(file), (long)et_json_num(f, "line", 0), 0);
		if (fn)
			et_json_set_str(rec, "function", fn);
		et_json_set(rec, "frames", frames);
	} else {
		cJSON_Delete(frames);
		/* no place (--tb=line's errors show only the E line): the summary line's file */
		ptheld *h = key ? pt_hold(st) : NULL;
		if (h) {
			h->key = key;
			h->text = join_lines(lines, 0, n - 1);
			h->test = dup_str(et_json_str(rec, "test"));
			h->type = dup_str(et_json_str(rec, "type"));
			h->msg = dup_str(et_json_str(rec, "message"));
			cJSON_Delete(rec);
			return;
		}
	}
	pt_remember(st, key);
	ec_emit(ctx, rec);
}

/* --tb=line: each "path:N: Type: msg" line is held for its summary line (else a record now) */
static void pt_lines(ptstate *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ec_span file, rest;
		long ln;
		et_buf xm = ET_BUF_INIT;
		if (pt_xpass(&lines[i], &xm)) {
			/* no place: its summary line gives the file */
			ptheld *h = pt_hold(st);
			if (h) {
				ec_span c = ec_span_trim(lines[i].s, lines[i].len);
				h->text = join_lines(lines, i, i);
				h->msg = et_xstrndup(xm.buf, xm.len);
				h->crash = et_xstrndup(c.s, c.n);
			}
			et_buf_release(&xm);
			continue;
		}
		if (!pt_location(ec_line_span(&lines[i]), &file, &ln, &rest))
			continue;
		cJSON *rec = ec_rec_new(ctx, lines, i, i);
		ec_set_level(rec, "error");
		pt_type_msg(rec, ec_span_trim(rest.s, rest.n), (ec_span){ "", 0 });
		ptheld *h = pt_hold(st);
		if (!h) {
			ec_set_location(ctx, rec, file.s, file.n, ln, 0);
			ec_emit(ctx, rec);
			continue;
		}
		h->text = join_lines(lines, i, i);
		h->type = dup_str(et_json_str(rec, "type"));
		h->msg = dup_str(et_json_str(rec, "message"));
		h->crash = et_xstrndup(rest.s, rest.n);
		h->file = et_xstrndup(file.s, file.n);
		h->line = ln;
		cJSON_Delete(rec);
	}
}

/*
 * The record of held failure k, made at line l (the summary line that
 * names it, or the line that ends the session): its text is the failure's
 * lines and then l; node (when not NULL) the summary's node id.
 */
static void pt_emit_held(ptstate *st, ec_ctx *ctx, size_t k, const ec_line *l, const ec_span *node)
{
	ptheld *h = &st->held[k];
	cJSON *rec = ec_rec_new(ctx, l, 0, 0);
	et_buf t = ET_BUF_INIT;
	et_buf_addstr(&t, h->text);
	et_buf_addch(&t, '\n');
	et_buf_add(&t, l->s, l->len);
	et_json_set_strn(rec, "text", t.buf, t.len);
	et_buf_release(&t);
	ec_set_level(rec, "error");
	ec_set_strn(rec, "type", h->type, h->type ? strlen(h->type) : 0);
	ec_set_strn(rec, "message", h->msg ? h->msg : "", h->msg ? strlen(h->msg) : 0);
	if (h->file) {
		ec_set_location(ctx, rec, h->file, strlen(h->file), h->line, 0);
	} else if (node) {
		const char *sep = memmem(node->s, node->n, "::", 2);
		ec_set_location(ctx, rec, node->s, sep ? (size_t)(sep - node->s) : node->n, 0, 0);
	}
	if (node)
		et_json_set_strn(rec, "test", node->s, node->n);
	else if (h->test)
		et_json_set_str(rec, "test", h->test);
	held_free(h);
	memmove(st->held + k, st->held + k + 1, (st->nheld - k - 1) * sizeof *st->held);
	st->nheld--;
	ec_emit(ctx, rec);
}

/*
 * Does a summary line's message (first line, maybe cut to the terminal
 * width with "...") agree with a --tb=line crash message? (none: yes)
 */
static int pt_msg_agrees(ec_span msg, const char *crash)
{
	msg = ec_span_trim(msg.s, msg.n);
	if (msg.n >= 3 && !memcmp(msg.s + msg.n - 3, "...", 3))
		msg.n -= 3;
	return !msg.n || (strlen(crash) >= msg.n && !memcmp(crash, msg.s, msg.n));
}

static void pt_summary_rec(ptstate *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	int error;
	ec_span node, msg, name;
	char *key;
	if (!pt_summary(&lines[0], &error, &node, &msg))
		return;
	/* the section title names the test as Class.test, the node id as path::Class::test */
	const char *sep = memmem(node.s, node.n, "::", 2);
	et_buf b = ET_BUF_INIT;
	if (sep) {
		for (const char *p = sep + 2; p < node.s + node.n; p++) {
			if (p[0] == ':' && p + 1 < node.s + node.n && p[1] == ':') {
				et_buf_addch(&b, '.');
				p++;
			} else {
				et_buf_addch(&b, *p);
			}
		}
		name.s = b.buf;
		name.n = b.len;
	} else {
		name = node;
	}
	key = pt_key(error, name);
	et_buf_release(&b);
	/* a held failure this line names: the section of that key, else the first
	 * --tb=line line that agrees (pytest prints them in the same order) */
	for (size_t k = 0; k < st->nheld; k++)
		if (key && st->held[k].key ? !strcmp(st->held[k].key, key)
		    : !error && !st->held[k].key && pt_msg_agrees(msg, st->held[k].crash)) {
			free(key);
			pt_emit_held(st, ctx, k, &lines[0], &node);
			return;
		}
	if (key && pt_forget(st, key)) {
		free(key);
		return;
	}
	free(key);
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	et_json_set_strn(rec, "test", node.s, node.n);
	pt_type_msg(rec, ec_span_trim(msg.s, msg.n), (ec_span){ "", 0 });
	if (!msg.n)
		et_json_set_str(rec, "message", error ? "error" : "failed");
	ec_set_location(ctx, rec, node.s, sep ? (size_t)(sep - node.s) : node.n, 0, 0);
	ec_emit(ctx, rec);
}

static void pt_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ptstate *st = vst;
	switch (st->kind) {
	case PT_SUMMARY:
		pt_summary_rec(st, ctx, lines, n);
		break;
	case PT_LINES:
		pt_lines(st, ctx, lines, n);
		break;
	case PT_FINAL:
		while (st->nheld)
			pt_emit_held(st, ctx, 0, &lines[0], NULL);
		break;
	default:
		pt_section(st, ctx, lines, n);
	}
	st->kind = PT_SECTION;
}

/*
 * " FAILURES " arms the reach for the --tb=line line after the rule; the
 * others after it are the session's last line and the next session's
 * first (which end held failures). pytest counts errors last ("1 failed,
 * 2 passed, 1 error in 0.1s"), so " error in " finds every last line with
 * errors, and "0 errors, 0 warnings" lines of other tools stay quiet.
 */
static const char *const pt_triggers[] = { "____", "FAILED ", "ERROR ", " FAILURES ",
	" failed, ", " failed in ", " error in ", " errors in ", "test session starts", NULL };

const ec_parser ec_parser_pytest = { .name = "pytest", .triggers = pt_triggers,
	.create = pt_create, .destroy = pt_destroy,
	.start = pt_start, .more = pt_more, .finish = pt_finish, .reach = 1 };
