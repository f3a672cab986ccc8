/*
 * parse_build.c: build tools: GNU make, ninja, CMake.
 *
 * make (one line each, level "error"):
 *   make: *** [Makefile:3: all] Error 2        type "make error", file/line from
 *   make[1]: *** [sub.mk:7: x.o] Error 1       the bracket (resolved against
 *                                              make's "Entering directory"),
 *                                              message = the text after "*** "
 *   make: *** No rule to make target 'x', needed by 'y'.  Stop.
 *                                              type "no rule to make target"
 *   Makefile:5: *** missing separator.  Stop.  type "makefile error"
 *   The trailing "  Stop." is dropped from messages. "*** Waiting for
 *   unfinished jobs" and "Target 'x' not remade" are consequences: no record.
 *   A recipe's failure line ("*** [target] Error N", BSD's "*** Error code
 *   N") is level "info" when it only reports errors already recorded: error
 *   records came since the previous failure line of this input (or its
 *   start), or that previous line was a sub-make's (make[2] before make[1],
 *   make[1] before make), or make's own errors (no rule, makefile error)
 *   came from a deeper make than this line's. make's own errors at this
 *   line's depth or above do not count: make prints a recipe's failure only
 *   when the recipe's command failed, never for its own complaints (with -k
 *   they stand beside the recipe failures). A makefile error has no make[N]
 *   prefix; it counts as deeper than any (it stops its make, whose parent
 *   then reports the failed recipe). Alone (a recipe that failed without a
 *   message errcap knows) it stays an "error".
 *   make: *** No rule to make target 'x.mk'.  right after make's
 *   "Makefile:7: x.mk: No such file or directory" (an include it could not
 *   find nor make): one record, file/line from that line.
 *
 * ninja:
 *   FAILED: obj/x.o            one record (type "FAILED", message = the
 *   <the command line>         outputs); the block takes the command line
 *                              that ninja prints next and nothing more, so
 *                              the compiler's own diagnostics after it are
 *                              offered to the other parsers (gcc, ...).
 *   ninja: error: msg          type "ninja error"
 *   "ninja: build stopped: ..." only repeats what FAILED said: no record.
 *
 * CMake:
 *   CMake Error at CMakeLists.txt:5 (find_package):   heading = type
 *     indented message lines                          ("CMake Error",
 *   Call Stack (most recent call first):              "CMake Warning (dev)",
 *     CMakeLists.txt:9 (include)                      ...), function = the
 *                                                     command in parentheses,
 *   message = the first paragraph joined into one line, frames = the
 *   location and the call stack, outermost first; the primary location
 *   is the innermost frame outside CMake's own modules (/usr/share/cmake*).
 *   Errors are "error", warnings (dev, deprecation, author) "warning".
 *
 * GitHub Actions' runner (format "gha"):
 *   Error: Process completed with exit code N.     (as the web log shows it)
 *   ##[error]Process completed with exit code N.   (the raw log)
 *   The runner's summary of a step whose command failed: level "info" when
 *   error records came before it in this input (it only reports them, as
 *   make's recipe failure line does), else "error" (a step that failed
 *   without a message errcap knows). message: the text after the marker.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/*
 * Parses "FILE:N" at [p, e) where FILE has no space; sets *fl (file length)
 * and returns N, or -1.
 */
static long file_colon_num(const char *p, const char *e, size_t *fl)
{
	const char *c = e;
	while (c > p && ec_is_digit(c[-1]))
		c--;
	if (c == e || c - 1 <= p || c[-1] != ':')
		return -1;
	for (const char *q = p; q < c - 1; q++)
		if (*q == ' ' || *q == '\t')
			return -1;
	*fl = (size_t)(c - 1 - p);
	const char *q = c;
	return ec_num(&q, e);
}

/* ---------------------------------------------------------------- make */

static const char *const make_triggers[] = { "*** ", NULL };

/* Is [s, e) a make program name: [path/]...make[N]? */
static int is_make_prog(const char *s, const char *e)
{
	if (e > s && e[-1] == ']') {
		const char *b = e - 1;
		while (b > s && ec_is_digit(b[-1]))
			b--;
		if (b == e - 1 || b == s || b[-1] != '[')
			return 0;
		e = b - 1;
	}
	if (ec_mem_ends(s, (size_t)(e - s), ".exe"))
		e -= 4;
	if (!ec_mem_ends(s, (size_t)(e - s), "make"))
		return 0;
	for (const char *q = s; q < e; q++)
		if (*q == ' ' || *q == '\t')
			return 0;
	return 1;
}

typedef struct {
	const char *type, *file, *msg;
	size_t fl, ml;
	long line;
	int recipe;             /* a recipe failed: "*** [target] Error N" */
	int depth;              /* N of make[N]:, 0 for make: */
} make_info;

/* What make_finish saw last, to tell a consequence from a cause. */
typedef struct {
	unsigned long serial;           /* the input it belongs to */
	unsigned long long errors;      /* ec_input_errors after the last failure line */
	int depth;                      /* that line's make depth, -1 for none */
	unsigned long long own;         /* make's own error records since then */
	int own_depth;                  /* the deepest of them, -1 for none */
} make_state;

static void *make_create(void)
{
	make_state *st = calloc(1, sizeof *st);
	if (st)
		st->depth = st->own_depth = -1;
	return st;
}


/* The N of "make[N]" in prog[s, e), 0 without brackets. */
static int make_depth(const char *s, const char *e)
{
	int d = 0;
	if (e <= s || e[-1] != ']')
		return 0;
	for (const char *q = memchr(s, '[', (size_t)(e - s)); q && ++q < e && ec_is_digit(*q);)
		d = d * 10 + (*q - '0');
	return d;
}

/* The depth of a makefile error: deeper than any make[N]. */
#define MAKE_DEEPEST 1000000

/*
 * Is l "FILE:N: NAME: REASON" where NAME is [name, name + nl)?  (make's
 * report of an include it could not read; sets *fl to FILE's length and
 * returns N, else -1.)
 */
static long make_include_line(const ec_line *l, const char *name, size_t nl, size_t *fl)
{
	const char *s = l->s, *e = s + l->len;
	for (const char *c = s; c + 2 + nl + 2 <= e; c++) {
		if (c[0] != ':' || c[1] != ' ')
			continue;
		if (memcmp(c + 2, name, nl) || c[2 + nl] != ':' || c[3 + nl] != ' ')
			continue;
		return file_colon_num(s, c, fl);
	}
	return -1;
}

/* The target X of a "No rule to make target 'X'" message [m, m + ml); sets *xl. */
static const char *no_rule_target(const char *m, size_t ml, size_t *xl)
{
	const char *e = m + ml, *q, *c;
	if (ml < 24 || memcmp(m, "No rule to make target ", 23))
		return NULL;
	q = m + 23;
	if (*q == '\'' || *q == '`')
		q++;
	for (c = q; c < e && *c != '\''; c++)
		;
	if (c == e || c == q)
		return NULL;
	*xl = (size_t)(c - q);
	return q;
}

/* Parses a make error line; returns 1 when it is one. */
static int make_parse(const ec_line *l, make_info *mi)
{
	const char *s = l->s, *e = s + l->len, *p = ec_find(l, "*** ");
	const char *rest, *re;
	memset(mi, 0, sizeof *mi);
	/* BSD make: "*** Error code 1" */
	if (p == s && l->len > 15 && !memcmp(s, "*** Error code ", 15)) {
		mi->type = "make error";
		mi->msg = s + 4;
		mi->ml = l->len - 4;
		mi->recipe = 1;
		return 1;
	}
	if (!p || p - s < 3 || p[-1] != ' ' || p[-2] != ':')
		return 0;
	rest = p + 4;
	re = e;
	while (re > rest && (re[-1] == ' ' || re[-1] == '\t'))
		re--;
	if (ec_mem_ends(rest, (size_t)(re - rest), "  Stop."))
		re -= 7;
	if (re <= rest)
		return 0;
	if (is_make_prog(s, p - 2)) {
		mi->depth = make_depth(s, p - 2);
		if (*rest == '[') {
			/* [FILE:N: target] Error N   or  [target] Error N */
			const char *close = NULL;
			for (const char *q = re; q > rest + 1; q--)
				if (q[-1] == ']' && (q == re || *q == ' ')) {
					close = q - 1;
					break;
				}
			if (!close)
				return 0;
			const char *in = rest + 1, *c2 = memmem(in, (size_t)(close - in), ": ", 2);
			if (c2) {
				long k = file_colon_num(in, c2, &mi->fl);
				if (k > 0) {
					mi->file = in;
					mi->line = k;
				}
			}
			mi->type = "make error";
			mi->recipe = memmem(close, (size_t)(re - close), "] Error ", 8) != NULL;
		} else if (re - rest >= 22 && !memcmp(rest, "No rule to make target", 22)) {
			mi->type = "no rule to make target";
		} else if (re - rest >= 12 && !memcmp(rest, "Waiting for ", 12)) {
			return 0;
		} else {
			mi->type = "make error";
		}
	} else {
		long k = file_colon_num(s, p - 2, &mi->fl);
		if (k <= 0)
			return 0;
		mi->file = s;
		mi->line = k;
		mi->type = "makefile error";
		mi->depth = MAKE_DEEPEST;
	}
	mi->msg = rest;
	mi->ml = (size_t)(re - rest);
	return 1;
}

static enum ec_verdict make_start(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *l)
{
	make_info mi;
	const ec_line *b;
	const char *x;
	size_t xl, fl;
	if (!make_parse(l, &mi))
		return EC_NO;
	if ((x = no_rule_target(mi.msg, mi.ml, &xl)) != NULL && (b = ec_back(ctx, 1)) != NULL &&
	    make_include_line(b, x, xl, &fl) > 0)
		ec_claim_back(ctx, 1);
	return EC_DONE;
}

static void make_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	make_info mi;
	make_state *ms = st;
	int consequence = 0;
	const char *x;
	size_t xl, fl;
	long k;
	if (!n || !make_parse(&lines[n - 1], &mi))
		return;
	if (ms->serial != ec_input_serial(ctx)) {
		ms->serial = ec_input_serial(ctx);
		ms->errors = ms->own = 0;
		ms->depth = ms->own_depth = -1;
	}
	if (mi.recipe)
		consequence = ec_input_errors(ctx) - ms->errors > ms->own ||
			      ms->own_depth > mi.depth || ms->depth > mi.depth;
	if (n >= 2 && !mi.file && (x = no_rule_target(mi.msg, mi.ml, &xl)) != NULL &&
	    (k = make_include_line(&lines[0], x, xl, &fl)) > 0) {
		mi.file = lines[0].s;
		mi.fl = fl;
		mi.line = k;
	}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, consequence ? "info" : "error");
	et_json_set_str(rec, "type", mi.type);
	ec_set_strn(rec, "message", mi.msg, mi.ml);
	if (mi.file)
		ec_set_location(ctx, rec, mi.file, mi.fl, mi.line, 0);
	ec_emit(ctx, rec);
	if (mi.recipe) {
		ms->errors = ec_input_errors(ctx);
		ms->depth = mi.depth;
		ms->own = 0;
		ms->own_depth = -1;
	} else {
		ms->own++;
		if (mi.depth > ms->own_depth)
			ms->own_depth = mi.depth;
	}
}

static enum ec_verdict make_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED,
				 const ec_line *l EC_UNUSED)
{
	return EC_NO;
}

/* ---------------------------------------------------------------- ninja */

static const char *const ninja_triggers[] = { "FAILED: ", "ninja: error: ", NULL };

typedef struct {
	int want_cmd;
} ninja_state;


static enum ec_verdict ninja_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ninja_state *ns = st;
	if (ec_starts(l, "FAILED: ") && l->len > 8) {
		ns->want_cmd = 1;
		return EC_START;
	}
	if (ec_starts(l, "ninja: error: ") && l->len > 14)
		return EC_DONE;
	return EC_NO;
}

static enum ec_verdict ninja_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ninja_state *ns = st;
	if (!ns->want_cmd)
		return EC_NO;
	ns->want_cmd = 0;
	/* the command line ninja echoes; never a diagnostic of its own */
	if (ec_blank(l) || ec_starts(l, "FAILED: ") || ec_starts(l, "ninja: ") ||
	    ec_find(l, ": error") || ec_find(l, ": warning") || ec_find(l, ": fatal error"))
		return EC_NO;
	return EC_DONE;
}

static void ninja_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ninja_state *ns = st;
	ns->want_cmd = 0;
	if (!n)
		return;
	const ec_line *l = &lines[0];
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	const char *b;
	size_t bn;
	ec_set_level(rec, "error");
	if (ec_starts(l, "FAILED: ")) {
		ec_trim(l->s + 8, l->len - 8, &b, &bn);
		et_json_set_str(rec, "type", "FAILED");
	} else {
		ec_trim(l->s + 14, l->len - 14, &b, &bn);
		et_json_set_str(rec, "type", "ninja error");
	}
	ec_set_strn(rec, "message", b, bn);
	ec_emit(ctx, rec);
}

/* ---------------------------------------------------------------- cmake */

static const char *const cmake_triggers[] = { "CMake ", NULL };

static enum ec_verdict cmake_start(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	if (!ec_starts(l, "CMake "))
		return EC_NO;
	if (ec_starts(l, "CMake Error") || ec_starts(l, "CMake Warning") ||
	    ec_starts(l, "CMake Deprecation Warning") || ec_starts(l, "CMake Internal Error"))
		return EC_START;
	return EC_NO;
}

static enum ec_verdict cmake_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	if (l->len == 0 || l->s[0] == ' ' || l->s[0] == '\t' || ec_blank(l))
		return EC_MORE;
	if (ec_starts(l, "Call Stack (most recent call first):") ||
	    ec_starts(l, "This warning is for project developers.") ||
	    ec_starts(l, "This error is for project developers."))
		return EC_MORE;
	return EC_NO;
}

/* "FILE:N (cmd)" in [p, e): a frame, or NULL */
static cJSON *cmake_frame(const char *p, const char *e, const char **file, size_t *fl,
			  long *line, const char **cmd, size_t *cl)
{
	const char *sp = NULL;
	for (const char *q = e; q > p; q--)
		if (q[-1] == ' ' && q < e && *q == '(') {
			sp = q - 1;
			break;
		}
	*cmd = NULL;
	*cl = 0;
	if (sp) {
		const char *c = sp + 2, *ce = e;
		while (ce > c && (ce[-1] == ':' || ce[-1] == ' '))
			ce--;
		if (ce > c && ce[-1] == ')')
			ce--;
		*cmd = c;
		*cl = (size_t)(ce - c);
		e = sp;
	} else {
		while (e > p && (e[-1] == ':' || e[-1] == ' '))
			e--;
	}
	*line = file_colon_num(p, e, fl);
	if (*line <= 0) {
		*line = 0;
		return NULL;
	}
	*file = p;
	return ec_frame(p, *fl, *line, 0, *cmd, *cl, NULL, 0);
}

static int cmake_internal(const char *f, size_t n)
{
	return (n > 16 && !memcmp(f, "/usr/share/cmake", 16)) ||
	       (n > 22 && !memcmp(f, "/usr/local/share/cmake", 22)) ||
	       memmem(f, n, "/share/cmake-", 13) != NULL;
}

static void cmake_finish(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	if (!n)
		return;
	const ec_line *h = &lines[0];
	const char *s = h->s, *e = s + h->len, *k = s + 6, *ke, *loc = NULL, *msg1 = NULL;
	et_buf m;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	cJSON *frames = cJSON_CreateArray();
	/* the heading ends at " at ", " in " or ":" */
	const char *at = memmem(s, h->len, " at ", 4), *in = memmem(s, h->len, " in ", 4);
	if (at && (!in || at < in)) {
		ke = at;
		loc = at + 4;
	} else if (in) {
		ke = in;
		loc = in + 4;
	} else {
		const char *c = memchr(s, ':', h->len);
		ke = c ? c : e;
		if (c && c + 1 < e)
			msg1 = c + 1;
	}
	(void)k;
	ec_set_level(rec, memmem(s, (size_t)(ke - s), "Error", 5) ? "error" : "warning");
	ec_set_strn(rec, "type", s, (size_t)(ke - s));

	/* innermost first while reading; reversed at the end */
	const char *pf = NULL, *fn = NULL;
	size_t pfl = 0, fnl = 0;
	long pline = 0;
	int have_primary = 0;
	if (loc) {
		const char *file, *cmd;
		size_t fl, cl;
		long line;
		cJSON *f = cmake_frame(loc, e, &file, &fl, &line, &cmd, &cl);
		if (f) {
			cJSON_AddItemToArray(frames, f);
			pf = file; pfl = fl; pline = line; fn = cmd; fnl = cl;
			have_primary = !cmake_internal(file, fl);
		} else {
			/* "CMake Error in CMakeLists.txt:", "at x.cmake:357 words:" */
			const char *fe = e, *sp = memchr(loc, ' ', (size_t)(e - loc));
			if (sp && (line = file_colon_num(loc, sp, &fl)) > 0) {
				pf = loc; pfl = fl; pline = line;
			} else {
				while (fe > loc && (fe[-1] == ':' || fe[-1] == ' '))
					fe--;
				pf = loc; pfl = (size_t)(fe - loc);
			}
		}
	}
	et_buf_init(&m, 0);
	if (msg1) {
		const char *b;
		size_t bn;
		ec_trim(msg1, (size_t)(e - msg1), &b, &bn);
		et_buf_add(&m, b, bn);
	}
	/*
	 * A first paragraph that ends in ':' introduces one thing in the next
	 * paragraph ("Cannot find source file:", blank, "    missing.c"): a
	 * next paragraph of one line joins the message; a longer one (a list)
	 * does not.
	 */
	int in_stack = 0, para_done = m.len > 0, colon = 0;
	size_t colon_len = 0;
	for (size_t i = 1; i < n; i++) {
		const ec_line *l = &lines[i];
		const char *b;
		size_t bn;
		ec_trim(l->s, l->len, &b, &bn);
		if (ec_starts(l, "Call Stack (most recent call first):")) {
			in_stack = 1;
			para_done = 1;
			continue;
		}
		if (in_stack) {
			const char *file, *cmd;
			size_t fl, cl;
			long line;
			if (!bn) {
				in_stack = 0;
				continue;
			}
			cJSON *f = cmake_frame(b, b + bn, &file, &fl, &line, &cmd, &cl);
			if (f) {
				cJSON_AddItemToArray(frames, f);
				if (!have_primary && !cmake_internal(file, fl)) {
					pf = file; pfl = fl; pline = line; fn = cmd; fnl = cl;
					have_primary = 1;
				}
			}
			continue;
		}
		if (!bn) {
			if (colon == 2)
				colon = 3;
			else if (!colon && m.len && !para_done && m.buf[m.len - 1] == ':') {
				colon = 1;
				colon_len = m.len;
			} else if (m.len) {
				para_done = 1;
			}
			continue;
		}
		if (colon == 1 || colon == 2) {
			if (colon == 2 || (l->s[0] != ' ' && l->s[0] != '\t')) {
				et_buf_setlen(&m, colon_len);  /* a list, or not indented: not joined */
				colon = 3;
			} else {
				et_buf_addch(&m, ' ');
				et_buf_add(&m, b, bn);
				colon = 2;
			}
			para_done = 1;
			continue;
		}
		if (!para_done && (l->s[0] == ' ' || l->s[0] == '\t')) {
			if (m.len)
				et_buf_addch(&m, ' ');
			et_buf_add(&m, b, bn);
		}
	}
	if (m.len)
		ec_set_strn(rec, "message", m.buf, m.len);
	else
		ec_set_strn(rec, "message", s, h->len);
	if (pf)
		ec_set_location(ctx, rec, pf, pfl, pline, 0);
	if (fn)
		ec_set_strn(rec, "function", fn, fnl);
	int nf = cJSON_GetArraySize(frames);
	if (nf > 0) {
		cJSON *rev = cJSON_CreateArray();
		for (int i = nf - 1; i >= 0; i--)
			cJSON_AddItemToArray(rev, cJSON_DetachItemFromArray(frames, i));
		cJSON_Delete(frames);
		et_json_set(rec, "frames", rev);
	} else {
		cJSON_Delete(frames);
	}
	et_buf_release(&m);
	ec_emit(ctx, rec);
}

/* ---------------------------------------------------------------- GitHub Actions */

static const char *const gha_triggers[] = { "Process completed with exit code ", NULL };

/* The runner's summary line: its message's offset, or 0. */
static size_t gha_parse(const ec_line *l)
{
	static const char *const marks[] = { "Error: ", "##[error]", NULL };
	for (int i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);
		const char *p;
		if (!ec_starts(l, marks[i]) || !ec_mem_starts(l->s + k, l->len - k,
							      "Process completed with exit code "))
			continue;
		p = l->s + k + EC_LEN("Process completed with exit code ");
		if (ec_num(&p, l->s + l->len) < 0)
			return 0;
		return (p == l->s + l->len || (*p == '.' && p + 1 == l->s + l->len)) ? k : 0;
	}
	return 0;
}

static enum ec_verdict gha_start(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	return gha_parse(l) ? EC_DONE : EC_NO;
}

static enum ec_verdict gha_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l EC_UNUSED)
{
	return EC_NO;
}

static void gha_finish(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	size_t at;
	cJSON *rec;
	if (!n || !(at = gha_parse(&lines[n - 1])))
		return;
	rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, ec_input_errors(ctx) ? "info" : "error");
	ec_set_strn(rec, "message", lines[n - 1].s + at, lines[n - 1].len - at);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_gha = { .name = "gha", .triggers = gha_triggers,
	.start = gha_start, .more = gha_more, .finish = gha_finish };

const ec_parser ec_parser_make = { .name = "make", .triggers = make_triggers,
	.create = make_create, .start = make_start, .more = make_more, .finish = make_finish };

const ec_parser ec_parser_ninja = { .name = "ninja", .triggers = ninja_triggers,
	.state_size = sizeof(ninja_state),
	.start = ninja_start, .more = ninja_more, .finish = ninja_finish };

const ec_parser ec_parser_cmake = { .name = "cmake", .triggers = cmake_triggers,
	.start = cmake_start, .more = cmake_more, .finish = cmake_finish };
