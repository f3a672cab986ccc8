/*
 * parse_beam.c: Elixir (and the Erlang VM under it) at run time, ExUnit.
 *
 * elixir:
 *   ** (ArgumentError) value too large: 7        type ArgumentError
 *       a.exs:2: Calc.check/1                    frames, innermost first, 4 spaces in
 *       (elixir 1.14.0) lib/code.ex:1245: Code.require_file/2
 *       (stdlib 4.2) :maps.get(:a, %{})          a frame without a location
 *   "** (CompileError) nofile:1: msg" and "** (TokenMissingError) f.exs:4:1: msg" give the
 *   location in the message. Compiler warnings: "warning: MSG" then "  FILE:N[: Mod.fun/1]"
 *   (Elixir <= 1.14) or, under a "│" snippet, "└─ FILE:N:C: Mod.fun/1" (1.15+): the
 *   function after the location is the record's.
 * exunit: "  1) test adds (CalcTest)" items: the test's "FILE:N" line, the
 *   message ("Assertion with == failed", or "** (KeyError) ..."), code/left/right,
 *   "stacktrace:" and its frames.
 *
 * file and line: the innermost frame of the program's own code: frames of
 * OTP and Elixir's own applications ("(elixir 1.14.0)", "(stdlib 4.2)",
 * kernel, ex_unit, mix, iex, logger, eex, compiler) and those et_frame_in_app
 * says are not in app (its library rule, the user's --in-app and
 * --not-in-app) are not.
 */
#include "parser.h"
#include "et_frame.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *const ex_triggers[] = { "** (", ".ex:", ".exs:", ".erl:", "nofile:", NULL };
static const char *const exu_triggers[] = { ") test ", NULL };

static int is_beam_file(const char *f, size_t n)
{
	return ec_mem_ends(f, n, ".ex") || ec_mem_ends(f, n, ".exs") || ec_mem_ends(f, n, ".erl") ||
	       ec_mem_ends(f, n, ".eex") || ec_mem_ends(f, n, ".heex") || ec_mem_ends(f, n, ".hrl") ||
	       (n == 6 && !memcmp(f, "nofile", 6));
}

static int core_app(const char *a, size_t n)
{
	static const char *const apps[] = {
		"elixir", "stdlib", "kernel", "ex_unit", "mix", "iex", "logger", "eex", "compiler",
		"erts", "crypto", "ssl", "inets", NULL
	};
	for (const char *const *p = apps; *p; p++)
		if (strlen(*p) == n && !memcmp(*p, a, n))
			return 1;
	return 0;
}

/*
 * "[(app vsn) ]FILE:N: FUNC" / "[(app vsn) ]FUNC": a frame, or NULL. *lib: the
 * app is OTP's or Elixir's.
 */
static cJSON *ex_frame(const char *s, size_t n, int *lib)
{
	const char *b, *e;
	size_t bl;
	ec_trim(s, n, &b, &bl);
	e = b + bl;
	*lib = 0;
	if (!bl)
		return NULL;
	if (*b == '(') {
		const char *c = memchr(b, ')', bl), *sp = memchr(b, ' ', bl);
		if (!c || !sp || sp > c || c + 2 > e || c[1] != ' ')
			return NULL;
		*lib = core_app(b + 1, (size_t)(sp - b - 1));
		b = c + 2;
	}
	const char *colon = ec_memfind(b, (size_t)(e - b), ": ");
	if (colon) {
		long line, col;
		size_t fl = ec_split_location(b, (size_t)(colon - b), &line, &col);
		if (line > 0 && is_beam_file(b, fl))
			return ec_frame(b, fl, line, 0, colon + 2, (size_t)(e - colon - 2), NULL, 0);
	}
	/* a function alone: "Mod.fun/2", ":maps.get(:a, %{})", "anonymous fn/0 in ..." */
	if (*lib || *b == ':' || (b[0] >= 'A' && b[0] <= 'Z'))
		return ec_frame(NULL, 0, 0, 0, b, (size_t)(e - b), NULL, 0);
	return NULL;
}

/* frames from lines[a..b) (innermost first) into an outermost-first array; picks the location */
static void ex_frames(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t a, size_t b)
{
	cJSON *frames = cJSON_CreateArray(), *pick = NULL, *any = NULL;
	for (size_t i = a; i < b; i++) {
		int lib;
		cJSON *f = ex_frame(lines[i].s, lines[i].len, &lib);
		if (!f)
			continue;
		const char *file = et_json_str(f, "file");
		if (file && !any)
			any = f;
		if (file && !pick && !lib && et_frame_in_app(file, et_json_str(f, "function")))
			pick = f;
		cJSON_InsertItemInArray(frames, 0, f);
	}
	if (!pick)
		pick = any;
	if (pick && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "file"))) {
		const char *file = et_json_str(pick, "file"), *fn = et_json_str(pick, "function");
		ec_set_location(ctx, rec, file, strlen(file), (long)et_json_num(pick, "line", 0), 0);
		if (fn)
			et_json_set_str(rec, "function", fn);
	}
	if (cJSON_GetArraySize(frames))
		et_json_set(rec, "frames", frames);
	else
		cJSON_Delete(frames);
}

/* "** (Type) message": sets type and message; a "FILE:N[:C]: " at the message's start is the location */
static int ex_header(ec_ctx *ctx, cJSON *rec, const char *s, size_t n)
{
	const char *b, *e;
	size_t bl;
	ec_trim(s, n, &b, &bl);
	e = b + bl;
	if (!ec_mem_starts(b, bl, "** ("))
		return 0;
	const char *c = memchr(b + 4, ')', bl - 4);
	if (!c || c == b + 4)
		return 0;
	if (!rec)
		return 1;
	ec_set_strn(rec, "type", b + 4, (size_t)(c - b - 4));
	const char *m = c + 1;
	while (m < e && *m == ' ')
		m++;
	/* FunctionClauseError pads its line with spaces */
	while (e > m && e[-1] == ' ')
		e--;
	ec_set_strn(rec, "message", m, (size_t)(e - m));
	const char *colon = ec_memfind(m, (size_t)(e - m), ": ");
	if (colon) {
		long line, col;
		size_t fl = ec_split_location(m, (size_t)(colon - m), &line, &col);
		if (line > 0 && is_beam_file(m, fl) && !memchr(m, ' ', fl)) {
			ec_set_location(ctx, rec, m, fl, line, col);
			ec_set_strn(rec, "message", colon + 2, (size_t)(e - colon - 2));
		}
	}
	return 1;
}

/*
 * The location line of a compiler warning: "  FILE:N", "  FILE:N: Mod.f/1"
 * (Elixir <= 1.14) or "└─ FILE:N:C: Mod.f/1" (1.15+, as its changelog
 * shows it: no Elixir of that age made this file's fixtures). fn: the
 * function after the location (NULL when none).
 */
static int warn_loc(const ec_line *l, const char **f, size_t *fl, long *line, long *col,
		    ec_span *fn)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	if (ec_mem_starts(b, bl, "\xe2\x94\x94\xe2\x94\x80 ")) {     /* "└─ " */
		b += 7;
		bl -= 7;
	}
	const char *c = ec_memfind(b, bl, ": ");
	size_t k = ec_split_location(b, c ? (size_t)(c - b) : bl, line, col);
	if (*line <= 0 || !is_beam_file(b, k) || memchr(b, ' ', k))
		return 0;
	*f = b;
	*fl = k;
	if (fn) {
		fn->s = NULL;
		fn->n = 0;
		if (c)
			*fn = ec_span_trim(c + 2, (size_t)(b + bl - c - 2));
	}
	return 1;
}

typedef struct {
	int kind;       /* 1: exception, 2: warning, 3: ExUnit item */
} ex_state;


static enum ec_verdict ex_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	ex_state *es = st;
	memset(es, 0, sizeof *es);
	if (ec_starts(l, "** (") && ex_header(NULL, NULL, l->s, l->len)) {
		es->kind = 1;
		return EC_START;
	}
	/* a compiler warning: its location line, with "warning: MSG" just above (1.15+: "│" lines between) */
	const char *f;
	size_t fl;
	long line, col;
	if (l->len && l->s[0] == ' ' && warn_loc(l, &f, &fl, &line, &col, NULL)) {
		for (size_t k = 1; k <= 12; k++) {
			const ec_line *b = ec_back(ctx, k);
			if (!b)
				break;
			if (ec_starts(b, "warning: ")) {
				ec_claim_back(ctx, k);
				es->kind = 2;
				return EC_DONE;
			}
			if (!(b->len > 2 && b->s[0] == ' ' && ec_find(b, "\xe2\x94\x82")))
				break;
		}
	}
	return EC_NO;
}

static enum ec_verdict ex_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ex_state *es = st;
	if (es->kind == 1)
		return l->len >= 4 && !memcmp(l->s, "    ", 4) ? EC_MORE : EC_NO;
	if (es->kind == 3)
		return l->len > 5 && !memcmp(l->s, "     ", 5) ? EC_MORE : EC_NO;
	return EC_NO;
}

static void ex_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ex_state *es = st;
	int kind = es->kind;
	memset(es, 0, sizeof *es);
	if (!n)
		return;
	if (kind == 2) {
		const char *f;
		size_t fl;
		long line, col;
		ec_span fn;
		if (!warn_loc(&lines[n - 1], &f, &fl, &line, &col, &fn))
			return;
		cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
		ec_set_level(rec, "warning");
		ec_set_strn(rec, "message", lines[0].s + 9, lines[0].len - 9);
		ec_set_location(ctx, rec, f, fl, line, col);
		if (fn.n)
			ec_set_strn(rec, "function", fn.s, fn.n);
		ec_emit(ctx, rec);
		return;
	}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	if (kind == 1) {
		ex_header(ctx, rec, lines[0].s, lines[0].len);
		ex_frames(ctx, rec, lines, 1, n);
		ec_emit(ctx, rec);
		return;
	}
	/* ExUnit: "  1) test adds (CalcTest)" */
	const char *t = (const char *)memchr(lines[0].s, ')', lines[0].len) + 2;
	ec_set_strn(rec, "test", t, lines[0].len - (size_t)(t - lines[0].s));
	size_t i = 1, st_at = n;
	const char *tf = NULL;
	size_t tfl = 0;
	long tline = 0, col;
	if (n > 1) {
		const char *b;
		size_t bl;
		ec_trim(lines[1].s, lines[1].len, &b, &bl);
		size_t k = ec_split_location(b, bl, &tline, &col);
		if (tline > 0 && k && is_beam_file(b, k)) {
			tf = b;
			tfl = k;
			i = 2;
		}
	}
	int msg = 0;
	for (; i < n; i++) {
		const char *b;
		size_t bl;
		ec_trim(lines[i].s, lines[i].len, &b, &bl);
		if (bl == 11 && !memcmp(b, "stacktrace:", 11)) {
			st_at = i + 1;
			break;
		}
		if (msg || !bl)
			continue;
		msg = 1;
		if (!ex_header(ctx, rec, b, bl)) {
			et_json_set_str(rec, "type", "ExUnit.AssertionError");
			ec_set_strn(rec, "message", b, bl);
		}
	}
	ex_frames(ctx, rec, lines, st_at, n);
	if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "file")) && tf)
		ec_set_location(ctx, rec, tf, tfl, tline, 0);
	ec_emit(ctx, rec);
}

/* "  1) test adds (CalcTest)" / "  1) doctest ..." */
static enum ec_verdict exu_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ex_state *es = st;
	const char *p = l->s, *e = p + l->len;
	memset(es, 0, sizeof *es);
	while (p < e && *p == ' ')
		p++;
	if (p - l->s < 2 || ec_num(&p, e) < 0 || e - p < 8 || memcmp(p, ") test ", 7) || e[-1] != ')')
		return EC_NO;
	es->kind = 3;
	return EC_START;
}

const ec_parser ec_parser_elixir = { .name = "elixir", .triggers = ex_triggers,
	.state_size = sizeof(ex_state), .start = ex_start, .more = ex_more, .finish = ex_finish };

const ec_parser ec_parser_exunit = { .name = "exunit", .triggers = exu_triggers,
	.state_size = sizeof(ex_state), .start = exu_start, .more = ex_more, .finish = ex_finish };
