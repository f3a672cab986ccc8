/*
 * parse_go.c: Go panics, fatal errors and compile/vet errors ("go"), and
 * go test failures ("gotest").
 *
 * Decisions (docs/errcap-jvm-go.md says them for users):
 *  - panic: type "panic", message the value printed; "panic: runtime
 *    error: X" gives type "runtime error", message X; "fatal error: X"
 *    gives level "fatal", type "fatal error". " [recovered]" is dropped;
 *    nested panics ("\tpanic: ...") follow in causes with relation
 *    "context". Frames come from the panicking goroutine (the first one
 *    "[running"), else the first goroutine; the others are ignored.
 *  - frame function = the name Go prints without its arguments
 *    ("main.(*T).run"); file/line = the innermost frame that is not Go's
 *    own (runtime., testing., GOROOT paths, a standard package) nor a
 *    module-cache dependency (/pkg/mod/), else the innermost.
 *  - race reports ("WARNING: DATA RACE" between "====" rules): level
 *    warning, type "data race", message the first access, frames its
 *    stack (the other stacks stay in text).
 *  - compile errors "./x.go:L:C: msg" are level error; after a "# [pkg]"
 *    header (go vet) level warning.
 *  - go test: one record per failing test that logged something or has
 *    no failing subtest; message = its first log line, file/line = that
 *    line's location, function = the test's name ("TestX/sub"), test =
 *    that name too. A panic under a failing test goes into that test's
 *    record; when no log line placed it, file/line/function are the
 *    panic's as for a plain panic (the innermost frame of the program's
 *    own code, often a function the test calls). "FAIL pkg",
 *    "FAIL", "ok pkg" and "--- PASS" lines are no record.
 */
#include "parser.h"
#include "et_frame.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_rec.h"
#include "et_ctype.h"

#include <stdlib.h>
#include <string.h>

static int is_sp(int c) { return c == ' ' || c == '\t'; }
/* --------------------------------------------------------------- frames */

/* "main.(*T).run(0xc000, {0x1, 0x2})" or "main.f(...)": the name */
static int go_func_line(const char *s, size_t n, ec_span *name)
{
	if (!n || is_sp(s[0]) || s[n - 1] != ')')
		return 0;
	/* "created by" lines are handled apart */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			return 0;
		if (s[i] == '(' && !(i + 1 < n && s[i + 1] == '*' && i > 0 && s[i - 1] == '.')) {
			if (!i)
				return 0;
			name->s = s;
			name->n = i;
			return 1;
		}
	}
	return 0;
}

/* "\t/path/main.go:12 +0x1d" (any indentation, or none): file and line */
static int go_file_line(const char *s, size_t n, ec_span *file, long *line)
{
	size_t i = 0;
	while (i < n && is_sp(s[i]))
		i++;
	size_t j = i;
	while (j < n && s[j] != ' ')
		j++;
	/* a path with spaces ("/home/me/my proj/main.go:12 +0x1d"): the
	   location ends before " +0x" or " fp=", or at the end of the line */
	if (j < n && s[j] == ' ') {
		const char *e = ec_memfind(s + j, n - j, " +0x");
		const char *fp = ec_memfind(s + j, n - j, " fp=");
		size_t k = e ? (size_t)(e - s) : fp ? (size_t)(fp - s) : n;
		long ln, col;
		size_t fl = ec_split_location(s + i, k - i, &ln, &col);
		if (k > j && ln > 0 && fl < k - i && ec_spaced_path(s + i, fl))
			j = k;
	}
	/* the token ends in ":N" after ".go" / ".s" / ".c" */
	size_t c = j;
	while (c > i && ec_is_digit(s[c - 1]))
		c--;
	if (c == j || c <= i + 1 || s[c - 1] != ':')
		return 0;
	ec_span f = { s + i, c - 1 - i };
	if (!(f.n > 3 && (!memcmp(f.s + f.n - 3, ".go", 3) || !memcmp(f.s + f.n - 2, ".s", 2) ||
			  !memcmp(f.s + f.n - 2, ".c", 2))))
		return 0;
	if (j < n && !(j + 2 < n && s[j + 1] == '+' && s[j + 2] == '0') && !ec_mem_starts(s + j, n - j, " fp="))
		return 0;
	const char *q = s + c;
	*line = ec_num(&q, s + j);
	*file = f;
	return *line > 0;
}

typedef struct {
	ec_span func, file;
	long line;
} gframe;

/* Is this frame Go's own or a dependency's (et_frame_in_app)? */
static int go_lib(const gframe *f)
{
	char *fn = et_xstrndup(f->func.s, f->func.n), *fl = et_xstrndup(f->file.s, f->file.n);
	int lib = !et_frame_in_app(*fl ? fl : NULL, fn);
	free(fn);
	free(fl);
	return lib;
}

/*
 * fr[0..n) (innermost first, n > 0) as rec's frames, outermost first; rec's
 * place and function those of the innermost program frame with a file (the
 * innermost frame when there is none).
 */
static void put_frames(ec_ctx *ctx, cJSON *rec, const gframe *fr, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t p;
	for (size_t k = n; k-- > 0;)
		cJSON_AddItemToArray(a, ec_frame(fr[k].file.n ? fr[k].file.s : NULL, fr[k].file.n,
						 fr[k].line, 0, fr[k].func.s, fr[k].func.n, NULL, 0));
	et_json_set(rec, "frames", a);
	for (p = 0; p < n && (go_lib(&fr[p]) || !fr[p].file.n); p++)
		;
	if (p == n)
		p = 0;
	if (fr[p].file.n)
		ec_set_location(ctx, rec, fr[p].file.s, fr[p].file.n, fr[p].line, 0);
	ec_set_strn(rec, "function", fr[p].func.s, fr[p].func.n);
}

/* --------------------------------------------------------------- panics */

typedef struct {
	int phase;              /* 1 head, 2 goroutine dump */
	int blank;              /* a blank line in the head */
	int nhead;
} panic_st;

static int go_panic_head(const ec_line *l)
{
	return ec_starts(l, "panic: ") || ec_starts(l, "fatal error: ");
}

/* Does l continue a panic block? */
static enum ec_verdict panic_more(panic_st *ps, const ec_line *l)
{
	ec_span name, file;
	long line;
	if (ec_blank(l)) {
		ps->blank = 1;
		return EC_MORE;
	}
	if (ec_starts(l, "goroutine ") && l->len > 10 && ec_is_digit(l->s[10])) {
		ps->phase = 2;
		return EC_MORE;
	}
	if (ec_starts(l, "exit status "))
		return EC_DONE;
	if (ps->phase == 1) {
		if (ec_starts(l, "[signal ") || ec_starts(l, "\tpanic: ") || go_panic_head(l) ||
		    ec_starts(l, "runtime stack:") || ec_starts(l, "[recovered"))
			return EC_MORE;
		if (ps->blank && (go_func_line(l->s, l->len, &name) || go_file_line(l->s, l->len, &file, &line)))
			return EC_MORE;         /* "runtime stack:" frames */
		if (!ps->blank && ps->nhead++ < 10)
			return EC_MORE;         /* a message of several lines */
		return EC_NO;
	}
	if (go_func_line(l->s, l->len, &name) || go_file_line(l->s, l->len, &file, &line) ||
	    ec_starts(l, "created by ") || ec_starts(l, "...additional frames elided...") ||
	    ec_starts(l, "runtime stack:") || ec_starts(l, "\t...") || ec_starts(l, "..."))
		return EC_MORE;
	return EC_NO;
}

/* The frames of the goroutine whose header is lines[g], innermost first. */
static void go_frames(const ec_line *lines, size_t g, size_t n, gframe **frp, size_t *nfrp, size_t *cfrp)
{
	gframe *fr = *frp;
	size_t nfr = *nfrp, cfr = *cfrp, i;
	int created = 0;
	for (i = g + 1; i < n; i++) {
		const ec_line *l = &lines[i];
		ec_span name, file;
		long line;
		if (ec_blank(l) || ec_starts(l, "goroutine "))
			break;
		if (ec_starts(l, "created by ")) {
			created = 1;
			continue;
		}
		if (go_func_line(l->s, l->len, &name)) {
			created = 0;
			if (nfr == cfr) {
				cfr = cfr ? cfr * 2 : 16;
				fr = et_xrealloc(fr, cfr * sizeof *fr);
			}
			fr[nfr].func = name;
			fr[nfr].file.s = NULL;
			fr[nfr].file.n = 0;
			fr[nfr].line = 0;
			nfr++;
			continue;
		}
		if (!created && nfr && !fr[nfr - 1].file.n && go_file_line(l->s, l->len, &file, &line)) {
			fr[nfr - 1].file = file;
			fr[nfr - 1].line = line;
		}
	}
	*frp = fr;
	*nfrp = nfr;
	*cfrp = cfr;
}

/*
 * Fills type, message, frames, causes, file, line, function from the panic
 * at lines[from..n). Returns the level ("error"/"fatal"), or NULL.
 */
static const char *panic_fill(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t from, size_t n)
{
	const char *level = NULL;
	cJSON *causes = NULL;
	size_t i, g = n, grun = n;
	for (i = from; i < n; i++) {
		const ec_line *l = &lines[i];
		ec_span t = ec_span_trim(l->s, l->len);
		int nested = is_sp(l->s[0]);
		int fatal = ec_mem_starts(t.s, t.n, "fatal error: ");
		if (!fatal && !ec_mem_starts(t.s, t.n, "panic: "))
			continue;
		if (nested && !level)
			continue;
		ec_span m = fatal ? ec_span_trim(t.s + 13, t.n - 13) : ec_span_trim(t.s + 7, t.n - 7);
		const char *type = fatal ? "fatal error" : "panic";
		/* " [recovered]", " [recovered, repanicked]" */
		if (m.n && m.s[m.n - 1] == ']') {
			const char *b = memrchr(m.s, '[', m.n);
			if (b && ec_mem_starts(b, (size_t)(m.s + m.n - b), "[recovered"))
				m = ec_span_trim(m.s, (size_t)(b - m.s));
		}
		if (!fatal && ec_mem_starts(m.s, m.n, "runtime error: ")) {
			type = "runtime error";
			m = ec_span_trim(m.s + 15, m.n - 15);
		}
		if (!level) {
			level = fatal ? "fatal" : "error";
			et_json_set_str(rec, "type", type);
			ec_set_strn(rec, "message", m.s, m.n);
		} else if (!(!strcmp(type, et_json_str(rec, "type")) && et_json_str(rec, "message") &&
			     strlen(et_json_str(rec, "message")) == m.n &&
			     !memcmp(et_json_str(rec, "message"), m.s, m.n))) {
			/* a second panic (not the same one printed again by go test) */
			cJSON *c = cJSON_CreateObject();
			cJSON_AddStringToObject(c, "type", type);
			cJSON_AddItemToObject(c, "message", et_json_strn(m.s, m.n));
			cJSON_AddNullToObject(c, "frames");
			cJSON_AddStringToObject(c, "relation", "context");
			if (!causes)
				causes = cJSON_CreateArray();
			cJSON_AddItemToArray(causes, c);
		}
		if (fatal)
			break;
	}
	if (!level)
		return NULL;
	if (causes)
		et_json_set(rec, "causes", causes);
	/* the goroutine: the first one running, else the first */
	for (i = from; i < n; i++)
		if (ec_starts(&lines[i], "goroutine ") && lines[i].len > 10 && ec_is_digit(lines[i].s[10])) {
			if (g == n)
				g = i;
			if (ec_find(&lines[i], "[running")) {
				grun = i;
				break;
			}
		}
	if (grun < n)
		g = grun;
	if (g == n) {
		/* no goroutine: "runtime stack:" then */
		for (i = from; i < n; i++)
			if (ec_starts(&lines[i], "runtime stack:"))
				g = i;
	}
	if (g == n)
		return level;
	gframe *fr = NULL;
	size_t nfr = 0, cfr = 0;
	go_frames(lines, g, n, &fr, &nfr, &cfr);
	/* a panicking goroutine of Go's own only (a test timeout): the first
	 * goroutine with a frame of the program's */
	size_t k0;
	for (k0 = 0; k0 < nfr && (go_lib(&fr[k0]) || !fr[k0].file.n); k0++)
		;
	if (k0 == nfr) {
		for (i = from; i < n; i++) {
			if (i == g || !ec_starts(&lines[i], "goroutine ") || lines[i].len <= 10 ||
			    !ec_is_digit(lines[i].s[10]))
				continue;
			gframe *f2 = NULL;
			size_t n2 = 0, c2 = 0, k;
			go_frames(lines, i, n, &f2, &n2, &c2);
			for (k = 0; k < n2 && (go_lib(&f2[k]) || !f2[k].file.n); k++)
				;
			if (k < n2) {
				free(fr);
				fr = f2;
				nfr = n2;
				break;
			}
			free(f2);
		}
	}
	if (nfr)
		put_frames(ctx, rec, fr, nfr);
	free(fr);
	return level;
}

/* ---------------------------------------------------------- compile errors */

/* "./x.go:12:5: msg" at the start of the line */
static int go_compile(const ec_line *l, ec_span *file, long *line, long *col, ec_span *msg)
{
	const char *s = l->s, *end = s + l->len, *p = ec_find(l, ".go:"), *q;
	if (!p || p == s || is_sp(s[0]))
		return 0;
	for (const char *c = s; c < p; c++)
		if (*c == ' ' || *c == '\t')
			return 0;
	q = p + 4;
	*line = ec_num(&q, end);
	*col = 0;
	if (*line <= 0)
		return 0;
	if (q < end && *q == ':' && q + 1 < end && ec_is_digit(q[1])) {
		q++;
		*col = ec_num(&q, end);
	}
	if (!ec_mem_starts(q, (size_t)(end - q), ": "))
		return 0;
	file->s = s;
	file->n = (size_t)(p + 3 - s);
	*msg = ec_span_trim(q + 2, (size_t)(end - q - 2));
	return msg->n > 0;
}

/*
 * A linter's name or check code in the message's final parentheses, as
 * staticcheck ("empty branch (SA9003)") and golangci-lint ("... is not
 * checked (errcheck)") print them: one word, taken off the message. The
 * compiler's own parentheses hold phrases ("(variable of type int)").
 */
static ec_span lint_code(ec_span *msg)
{
	ec_span c = { NULL, 0 };
	const char *m = msg->s;
	size_t n = msg->n, o;
	if (n < 5 || m[n - 1] != ')')
		return c;
	for (o = n - 1; o > 0 && m[o - 1] != '('; o--)
		;
	if (o < 3 || m[o - 2] != ' ' || o == n - 1 || n - 1 - o > 40 || !et_isalpha((unsigned char)m[o]))
		return c;
	for (size_t i = o; i < n - 1; i++)
		if (!et_isalnum((unsigned char)m[i]) && m[i] != '-' && m[i] != '_')
			return c;
	c.s = m + o;
	c.n = n - 1 - o;
	msg->n = o - 2;
	return c;
}

static int go_pkg_header(const ec_line *l)
{
	return ec_starts(l, "# ") && l->len > 2 && !is_sp(l->s[2]);
}

/* ====================================================================== go */

enum { GO_NONE, GO_PANIC, GO_COMPILE, GO_RACE };

typedef struct {
	int kind;
	panic_st ps;
	int vet;
	size_t nlines;          /* GO_RACE: lines so far */
} go_st;


static const char *const go_triggers[] = { "panic: ", "fatal error: ", ".go:", "WARNING: DATA RACE", NULL };

/* ---------------------------------------------------------- race reports */

/* The race detector's "==================" rule around each report */
static int race_rule(const ec_line *l)
{
	if (l->len < 10)
		return 0;
	for (size_t i = 0; i < l->len; i++)
		if (l->s[i] != '=')
			return 0;
	return 1;
}

/*
 * A report goes on with its stacks (indented), blank lines and section
 * heads at column 0 ending in ':' ("Previous write at 0x... by goroutine
 * 7:", "Goroutine 8 (running) created at:"), up to its closing rule.
 */
static enum ec_verdict race_more(go_st *st, const ec_line *l)
{
	if (race_rule(l))
		return EC_DONE;
	if (++st->nlines > 2000)
		return EC_NO;
	if (ec_blank(l) || is_sp(l->s[0]) || l->s[l->len - 1] == ':')
		return EC_MORE;
	return EC_NO;
}

/*
 * The record of a Go race report: level warning (the program goes on),
 * type "data race" (as ThreadSanitizer's C reports), message the first
 * access ("Read at 0x... by goroutine 8"), frames its stack, file/line/
 * function its innermost frame of the program's own code.
 */
static void race_finish(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	size_t i = 0, k;
	while (i < n && !ec_starts(&lines[i], "WARNING: DATA RACE"))
		i++;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "warning");
	et_json_set_str(rec, "type", "data race");
	for (i++; i < n && (ec_blank(&lines[i]) || is_sp(lines[i].s[0])); i++)
		;
	if (i < n && !race_rule(&lines[i])) {
		ec_set_strn(rec, "message", lines[i].s, lines[i].len - 1);
		/* its stack, indented: as go_frames reads a goroutine's, without the indentation */
		ec_line *cp = et_xmalloc((n - i) * sizeof *cp);
		for (k = 0; i + k < n; k++) {
			cp[k] = lines[i + k];
			while (cp[k].len && is_sp(cp[k].s[0]))
				cp[k].s++, cp[k].len--;
		}
		gframe *fr = NULL;
		size_t nfr = 0, cfr = 0;
		go_frames(cp, 0, k, &fr, &nfr, &cfr);
		if (nfr)
			put_frames(ctx, rec, fr, nfr);
		free(fr);
		free(cp);
	} else {
		et_json_set_str(rec, "message", "data race");
	}
	ec_emit(ctx, rec);
}

static enum ec_verdict go_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	go_st *st = vst;
	ec_span file, msg;
	long line, col;
	memset(&st->ps, 0, sizeof st->ps);
	st->kind = GO_NONE;
	if (go_panic_head(l)) {
		st->kind = GO_PANIC;
		st->ps.phase = 1;
		/* "runtime: goroutine stack exceeds ..." before "fatal error:" */
		const ec_line *b = ec_back(ctx, 1);
		if (b && ec_starts(b, "runtime: "))
			ec_claim_back(ctx, 1);
		return EC_START;
	}
	if (l->len == 18 && ec_starts(l, "WARNING: DATA RACE")) {
		const ec_line *b = ec_back(ctx, 1);
		st->kind = GO_RACE;
		st->nlines = 0;
		if (b && race_rule(b))
			ec_claim_back(ctx, 1);
		return EC_START;
	}
	if (go_compile(l, &file, &line, &col, &msg)) {
		st->kind = GO_COMPILE;
		st->vet = 0;
		/* the "# pkg" (and "# [pkg]" of go vet) headers */
		size_t k = 0;
		for (size_t j = 1; j <= 2; j++) {
			const ec_line *b = ec_back(ctx, j);
			if (!b || !go_pkg_header(b))
				break;
			if (ec_starts(b, "# ["))
				st->vet = 1;
			k = j;
		}
		if (k)
			ec_claim_back(ctx, k);
		return EC_START;
	}
	return EC_NO;
}

static enum ec_verdict go_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	go_st *st = vst;
	ec_span file, msg;
	long line, col;
	if (st->kind == GO_PANIC)
		return panic_more(&st->ps, l);
	if (st->kind == GO_RACE)
		return race_more(st, l);
	if (st->kind == GO_COMPILE) {
		if (go_compile(l, &file, &line, &col, &msg) || ec_starts(l, "\t") ||
		    ec_starts(l, "too many errors"))
			return EC_MORE;
		if (go_pkg_header(l)) {
			if (ec_starts(l, "# ["))
				st->vet = 1;
			return EC_MORE;
		}
	}
	return EC_NO;
}

static void go_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	go_st *st = vst;
	int kind = st->kind, vet = st->vet;
	st->kind = GO_NONE;
	if (kind == GO_PANIC) {
		size_t from = 0;
		while (from < n && !go_panic_head(&lines[from]))
			from++;
		cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
		const char *lv = panic_fill(ctx, rec, lines, from, n);
		if (!lv) {
			cJSON_Delete(rec);
			return;
		}
		ec_set_level(rec, lv);
		ec_emit(ctx, rec);
		return;
	}
	if (kind == GO_RACE) {
		race_finish(ctx, lines, n);
		return;
	}
	if (kind != GO_COMPILE)
		return;
	for (size_t i = 0; i < n; i++) {
		ec_span file, msg;
		long line, col;
		if (go_pkg_header(&lines[i])) {
			vet = ec_starts(&lines[i], "# [");
			continue;
		}
		if (!go_compile(&lines[i], &file, &line, &col, &msg))
			continue;
		size_t j = i;
		while (j + 1 < n && ec_starts(&lines[j + 1], "\t"))
			j++;
		cJSON *rec = ec_rec_new(ctx, lines, i, j);
		ec_span code = lint_code(&msg);
		ec_set_level(rec, vet ? "warning" : "error");
		if (code.n)
			ec_set_strn(rec, "type", code.s, code.n);
		ec_set_strn(rec, "message", msg.s, msg.n);
		ec_set_location(ctx, rec, file.s, file.n, line, col);
		ec_emit(ctx, rec);
		i = j;
	}
}

const ec_parser ec_parser_go = { .name = "go", .triggers = go_triggers,
	.state_size = sizeof(go_st), .start = go_start, .more = go_more, .finish = go_finish };

/* ================================================================== gotest */

/*
 * In `go test -v` output a test's log lines come before its "--- FAIL"
 * line; without -v after it. Log lines seen before the verdict are kept
 * here (bounded) until "--- FAIL" or "--- PASS" decides.
 */
#define PEND_MAX 64
#define PEND_TEXT 8192

typedef struct {
	char *name;
	et_buf text;            /* its log lines */
	size_t first_no, last_no;
	char *file, *msg;
	long line;
} pend;

typedef struct {
	int kind;               /* 0, 1 log lines (-v), 2 a FAIL block */
	int panic;              /* a panic inside the block */
	panic_st ps;
	char *cur;              /* the test named by the last "=== RUN/CONT/NAME" */
	pend pend[PEND_MAX];
	size_t npend;
	size_t last_no;         /* a smaller line number: a new input */
} gotest_st;


static void pend_free(pend *p)
{
	free(p->name);
	free(p->file);
	free(p->msg);
	et_buf_release(&p->text);
	memset(p, 0, sizeof *p);
}

static void gotest_destroy(void *vst)
{
	gotest_st *st = vst;
	for (size_t i = 0; i < st->npend; i++)
		pend_free(&st->pend[i]);
	free(st->cur);
	free(st);
}

static pend *pend_find(gotest_st *st, const char *name, size_t n, int make)
{
	for (size_t i = 0; i < st->npend; i++)
		if (strlen(st->pend[i].name) == n && !memcmp(st->pend[i].name, name, n))
			return &st->pend[i];
	if (!make)
		return NULL;
	if (st->npend == PEND_MAX) {
		pend_free(&st->pend[0]);
		memmove(&st->pend[0], &st->pend[1], (PEND_MAX - 1) * sizeof *st->pend);
		st->npend--;
	}
	pend *p = &st->pend[st->npend++];
	memset(p, 0, sizeof *p);
	p->name = et_xstrndup(name, n);
	et_buf_init(&p->text, 256);
	return p;
}

static void pend_drop(gotest_st *st, pend *p)
{
	size_t i = (size_t)(p - st->pend);
	pend_free(p);
	memmove(&st->pend[i], &st->pend[i + 1], (st->npend - i - 1) * sizeof *st->pend);
	st->npend--;
}

/* "=== RUN   TestX", "=== CONT  TestX", "=== NAME  TestX": the name */
static int go_run_line(const ec_line *l, ec_span *name)
{
	if (!(ec_starts(l, "=== RUN ") || ec_starts(l, "=== CONT ") || ec_starts(l, "=== NAME")))
		return 0;
	const char *p = l->s + 8;
	*name = ec_span_trim(p, l->len - 8);
	return name->n > 0;
}

/* "--- FAIL: TestX (0.00s)" at any indentation: verdict, name, indent */
static int go_verdict(const ec_line *l, ec_span *name, size_t *ind)
{
	size_t i = 0;
	while (i < l->len && l->s[i] == ' ')
		i++;
	if (!ec_mem_starts(l->s + i, l->len - i, "--- "))
		return 0;
	int v;
	if (ec_mem_starts(l->s + i + 4, l->len - i - 4, "FAIL: "))
		v = 1;
	else if (ec_mem_starts(l->s + i + 4, l->len - i - 4, "PASS: "))
		v = 2;
	else if (ec_mem_starts(l->s + i + 4, l->len - i - 4, "SKIP: "))
		v = 3;
	else
		return 0;
	const char *p = l->s + i + 10, *end = l->s + l->len, *e = p;
	while (e < end && *e != ' ')
		e++;
	name->s = p;
	name->n = (size_t)(e - p);
	*ind = i;
	return name->n ? v : 0;
}

/* "    x_test.go:12: msg": file, line, message, indent */
static int go_log_line(const ec_line *l, ec_span *file, long *line, ec_span *msg, size_t *ind)
{
	size_t i = 0;
	while (i < l->len && is_sp(l->s[i]))
		i++;
	if (!i)
		return 0;
	const char *s = l->s + i, *end = l->s + l->len;
	const char *p = memmem(s, (size_t)(end - s), ".go:", 4);
	if (!p)
		return 0;
	for (const char *c = s; c < p; c++)
		if (*c == ' ')
			return 0;
	const char *q = p + 4;
	*line = ec_num(&q, end);
	if (*line <= 0 || !ec_mem_starts(q, (size_t)(end - q), ": ") ) {
		if (!(*line > 0 && q + 1 == end && *q == ':'))
			return 0;
	}
	file->s = s;
	file->n = (size_t)(p + 3 - s);
	*msg = q + 1 < end ? ec_span_trim(q + 1, (size_t)(end - q - 1)) : (ec_span){ end, 0 };
	*ind = i;
	return 1;
}

static const char *const gotest_triggers[] = { "--- ", "=== ", "_test.go:", NULL };

static void set_cur(gotest_st *st, ec_span name)
{
	free(st->cur);
	st->cur = et_xstrndup(name.s, name.n);
}

static enum ec_verdict gotest_start(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	gotest_st *st = vst;
	ec_span name, file, msg;
	long line;
	size_t ind;
	st->kind = 0;
	st->panic = 0;
	if (l->no < st->last_no) {
		/* a new input: what the last one kept is no longer wanted */
		while (st->npend)
			pend_drop(st, &st->pend[st->npend - 1]);
		free(st->cur);
		st->cur = NULL;
	}
	st->last_no = l->no;
	if (go_run_line(l, &name)) {
		set_cur(st, name);
		return EC_NO;
	}
	int v = go_verdict(l, &name, &ind);
	if (v == 1 && ind == 0) {
		st->kind = 2;
		return EC_START;
	}
	if (v) {
		/* passed or skipped: its kept log lines go */
		pend *p = pend_find(st, name.s, name.n, 0);
		if (p)
			pend_drop(st, p);
		return EC_NO;
	}
	if (go_log_line(l, &file, &line, &msg, &ind) && st->cur) {
		st->kind = 1;
		return EC_START;
	}
	return EC_NO;
}

static enum ec_verdict gotest_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	gotest_st *st = vst;
	ec_span name;
	size_t ind;
	st->last_no = l->no;
	if (st->panic)
		return panic_more(&st->ps, l);
	if (st->kind == 1) {
		/* log lines of the running test, and their continuations */
		if (l->len > 4 && is_sp(l->s[0]) && !go_verdict(l, &name, &ind))
			return EC_MORE;
		return EC_NO;
	}
	if (go_panic_head(l)) {
		st->panic = 1;
		memset(&st->ps, 0, sizeof st->ps);
		st->ps.phase = 1;
		return EC_MORE;
	}
	if (go_verdict(l, &name, &ind))
		return ind ? EC_MORE : EC_NO;
	if (l->len > 4 && l->s[0] == ' ' && !ec_blank(l))
		return EC_MORE;
	return EC_NO;
}

/* Emits the record of one failing test. */
static void test_rec(ec_ctx *ctx, const ec_line *lines, size_t first, size_t last, ec_span name,
		     pend *p, ec_span file, long line, ec_span msg, size_t panic_from, size_t n)
{
	cJSON *rec = ec_rec_new(ctx, lines, first, last);
	int placed = 0;         /* a panic set file, line and function */
	ec_set_level(rec, "error");
	if (p && p->text.len) {
		/* the log lines came before the verdict (go test -v) */
		et_buf t;
		et_buf_init(&t, p->text.len + 256);
		et_buf_add(&t, p->text.buf, p->text.len);
		for (size_t i = first; i <= last; i++) {
			et_buf_addch(&t, '\n');
			et_buf_add(&t, lines[i].s, lines[i].len);
		}
		et_json_set_strn(rec, "text", t.buf, t.len);
		et_buf_release(&t);
		cJSON *in = cJSON_GetObjectItemCaseSensitive(rec, "input");
		cJSON *ln = in ? cJSON_GetObjectItemCaseSensitive(in, "line") : NULL;
		if (ln)
			cJSON_SetNumberValue(ln, (double)p->first_no);
		if (p->msg)
			ec_set_strn(rec, "message", p->msg, strlen(p->msg));
		if (p->file)
			ec_set_location(ctx, rec, p->file, strlen(p->file), p->line, 0);
	} else if (file.n) {
		ec_set_strn(rec, "message", msg.s, msg.n);
		ec_set_location(ctx, rec, file.s, file.n, line, 0);
	}
	if (panic_from < n) {
		cJSON *tmp = cJSON_CreateObject();
		const char *lv = panic_fill(ctx, tmp, lines, panic_from, n);
		if (lv) {
			static const char *const keys[] = { "type", "frames", "causes", NULL };
			for (const char *const *k = keys; *k; k++) {
				cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(tmp, *k);
				if (v)
					et_json_set(rec, *k, v);
			}
			if (!et_json_str(rec, "message")) {
				const char *m = et_json_str(tmp, "message");
				if (m)
					et_json_set_str(rec, "message", m);
			}
			/*
			 * No log line placed the failure: the panic's place, the
			 * innermost frame of the program's own code as for a plain
			 * panic, and its function; the test stays in test.
			 */
			const char *f = et_json_str(tmp, "file");
			if (f && !et_json_str(rec, "file")) {
				ec_set_location(ctx, rec, f, strlen(f), (long)et_json_num(tmp, "line", 0), 0);
				const char *fn = et_json_str(tmp, "function");
				if (fn) {
					et_json_set_str(rec, "function", fn);
					placed = 1;
				}
			}
		}
		cJSON_Delete(tmp);
	}
	if (!et_json_str(rec, "message"))
		et_json_set_str(rec, "message", "test failed");
	if (!placed)
		ec_set_strn(rec, "function", name.s, name.n);
	ec_set_strn(rec, "test", name.s, name.n);      /* docs/schema.md: the failing test's id */
	ec_emit(ctx, rec);
}

static void gotest_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	gotest_st *st = vst;
	int kind = st->kind;
	size_t panic_from = n;
	st->kind = 0;
	st->panic = 0;
	if (kind == 1) {
		/* keep the log lines until the verdict */
		ec_span file, msg;
		long line;
		size_t ind;
		if (!st->cur)
			return;
		pend *p = pend_find(st, st->cur, strlen(st->cur), 1);
		for (size_t i = 0; i < n; i++) {
			if (p->text.len + lines[i].len + 1 > PEND_TEXT)
				break;
			if (p->text.len)
				et_buf_addch(&p->text, '\n');
			else
				p->first_no = lines[i].no;
			et_buf_add(&p->text, lines[i].s, lines[i].len);
			p->last_no = lines[i].no;
			if (!p->msg && go_log_line(&lines[i], &file, &line, &msg, &ind)) {
				p->msg = et_xstrndup(msg.s, msg.n);
				p->file = et_xstrndup(file.s, file.n);
				p->line = line;
			}
		}
		return;
	}
	/* a FAIL block: "--- FAIL" lines at indentation 4*k, logs under them */
	for (size_t i = 0; i < n; i++)
		if (go_panic_head(&lines[i])) {
			panic_from = i;
			break;
		}
	size_t end = panic_from < n ? panic_from : n;
	for (size_t i = 0; i < end; i++) {
		ec_span name, file, msg, cname;
		size_t ind, cind;
		long line;
		int v = go_verdict(&lines[i], &name, &ind);
		if (!v)
			continue;
		pend *p = pend_find(st, name.s, name.n, 0);
		if (v != 1) {
			if (p)
				pend_drop(st, p);
			continue;
		}
		/* its own lines: up to the next verdict at its level or above */
		size_t j = i + 1, last = i;
		int failed_child = 0;
		file.n = 0;
		line = 0;
		msg.n = 0;
		msg.s = NULL;
		for (; j < end; j++) {
			int cv = go_verdict(&lines[j], &cname, &cind);
			if (cv && cind <= ind)
				break;
			if (cv == 1 && cind > ind)
				failed_child = 1;
			if (cv)
				continue;
			size_t lind;
			ec_span lf, lm;
			long ll;
			if (go_log_line(&lines[j], &lf, &ll, &lm, &lind) && lind == ind + 4) {
				if (!file.n) {
					file = lf;
					line = ll;
					msg = lm;
				}
				last = j;
			} else if (last == j - 1 && is_sp(lines[j].s[0]) && !cv) {
				last = j;       /* a continuation of a log line */
			}
		}
		/* a panic belongs to the last failing test before it */
		size_t pf = n;
		if (panic_from < n) {
			size_t k;
			ec_span nn;
			size_t ni;
			for (k = i + 1; k < end; k++)
				if (go_verdict(&lines[k], &nn, &ni) == 1)
					break;
			if (k == end)
				pf = panic_from;
		}
		int own = file.n || (p && p->text.len) || pf < n;
		if (own || !failed_child)
			test_rec(ctx, lines, i, pf < n ? n - 1 : last, name, p, file, line, msg, pf, n);
		if (p)
			pend_drop(st, p);
	}
}

const ec_parser ec_parser_gotest = { .name = "gotest", .triggers = gotest_triggers,
	.state_size = sizeof(gotest_st), .destroy = gotest_destroy,
	.start = gotest_start, .more = gotest_more, .finish = gotest_finish };
