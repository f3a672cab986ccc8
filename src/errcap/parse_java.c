/*
 * parse_java.c: JVM stack traces ("java"), javac diagnostics ("javac"), the
 * Eclipse compiler's reports ("ecj"), Maven ("maven") and Gradle ("gradle")
 * output, and ec_java_fill for the log parser.
 *
 * Decisions (docs/errcap-jvm-go.md says them for users):
 *  - A trace's record is its OUTERMOST exception (the one thrown, printed
 *    first); "Caused by:" and "Suppressed:" exceptions follow in `causes`
 *    in printed order with relation "cause" / "suppressed". Frames a cause
 *    omits ("... N more") are taken from the trace that encloses it.
 *  - frame file = the package path + the file name printed
 *    ("com/example/App.java"); function = class + method
 *    ("com.example.App.run"); module prefixes ("java.base/", "app//") are
 *    dropped.
 *  - file/line/function = the innermost frame that is not a library frame
 *    (a JDK module, or what et_frame_in_app says: the JVM's standard
 *    packages, test runners and build tools, and the user's --in-app and
 *    --not-in-app), else the innermost frame.
 *  - Maven prints each compile error twice and each test failure twice:
 *    one record each (the first, richer print); the "Failed to execute goal"
 *    record is left out when it only says "Compilation failure" or "There are
 *    test failures" and those failures have records. Gradle likewise for
 *    its "* What went wrong:" section; "> Task :x FAILED" is no record.
 */
#include "parser.h"
#include "et_frame.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/* Counters shared by javac, maven and gradle: records of single failures
 * since the last build summary, so the summary can be left out. */
typedef struct {
	size_t compile_recs, test_recs;
} jcounts;

extern const ec_parser ec_parser_javac;

/* This run's counters (kept by the driver under javac's parser as key). */
static jcounts *jshared(ec_ctx *ctx)
{
	return ec_shared(ctx, &ec_parser_javac, sizeof(jcounts));
}

/*
 * Emits rec as a compiler diagnostic (an error unless warn) at FILE:LINE:COL,
 * counted for the build summary when it is an error.
 */
static void emit_compiler(ec_ctx *ctx, cJSON *rec, int warn, ec_span file, long line, long col)
{
	ec_set_level(rec, warn ? "warning" : "error");
	ec_set_location(ctx, rec, file.s, file.n, line, col);
	ec_emit(ctx, rec);
	if (!warn)
		jshared(ctx)->compile_recs++;
}

/* ---------------------------------------------------------------- helpers */

static int is_sp(int c) { return c == ' ' || c == '\t'; }
static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }

static int jid(int c)
{
	return (c >= 'a' && c <= 'z') || is_upper(c) || ec_is_digit(c) || c == '_' ||
	       c == '$' || (unsigned char)c >= 0x80;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && is_sp(s[i]))
		i++;
	return i;
}

/* ----------------------------------------------------- exception headers */

enum { REL_MAIN, REL_CAUSE, REL_SUPP };

typedef struct {
	ec_span type, msg;
	int rel;
	size_t units;           /* indentation: tabs + spaces / 4 */
} jhead;

/*
 * A Java class name at s[i..): dotted identifiers. Returns its end, or i
 * when there is none. *dots = number of dots; *upper = the last segment
 * begins with a capital; *exc = the last segment names an exception.
 */
static size_t jclass(const char *s, size_t n, size_t i, int *dots, int *upper, int *exc)
{
	size_t j = i, seg = i;
	*dots = 0;
	if (i >= n || !jid(s[i]) || ec_is_digit(s[i]))
		return i;
	while (j < n && (jid(s[j]) || s[j] == '.')) {
		if (s[j] == '.') {
			if (j + 1 >= n || !jid(s[j + 1]) || j == seg)
				break;
			(*dots)++;
			seg = j + 1;
		}
		j++;
	}
	*upper = is_upper(s[seg]);
	ec_span last = { s + seg, j - seg };
	*exc = 0;
	for (size_t k = 0; k + 5 <= last.n; k++)
		if (!memcmp(last.s + k, "Error", 5) ||
		    (k + 9 <= last.n && !memcmp(last.s + k, "Exception", 9)) ||
		    (k + 9 <= last.n && !memcmp(last.s + k, "Throwable", 9))) {
			*exc = 1;
			break;
		}
	return j;
}

/* After the class name at [i, j): end of line, or ":" + message. */
static int head_tail(const char *s, size_t n, size_t j, jhead *h)
{
	size_t k = j;
	while (k < n && is_sp(s[k]))
		k++;
	if (k == n) {
		h->msg.s = s + n;
		h->msg.n = 0;
		return 1;
	}
	if (s[j] != ':' || (j + 1 < n && s[j + 1] != ' ' && s[j + 1] != '\t'))
		return 0;
	h->msg = ec_span_trim(s + j + 1, n - j - 1);
	return 1;
}

static int head_at(const char *s, size_t n, size_t i, jhead *h, int need_exc)
{
	int dots, upper, exc;
	size_t j = jclass(s, n, i, &dots, &upper, &exc);
	if (j == i)
		return 0;
	if (need_exc == 1 && !(exc || (dots && upper)))
		return 0;
	if (need_exc == 2 && !(exc && dots))
		return 0;
	h->type.s = s + i;
	h->type.n = j - i;
	return head_tail(s, n, j, h);
}

/* The length of s[0..n)'s indentation; *units: its depth, a tab or four spaces a step. */
static size_t indent(const char *s, size_t n, size_t *units)
{
	size_t i = 0, tabs = 0;
	for (; i < n && is_sp(s[i]); i++)
		tabs += s[i] == '\t';
	*units = tabs + (i - tabs) / 4;
	return i;
}

/*
 * Is s[0..n) an exception header? mode 0: at the start of the line only
 * (after indentation when indent_ok); mode 1: also after a log prefix.
 */
static int parse_head(const char *s, size_t n, int indent_ok, int loose, jhead *h)
{
	size_t i = indent(s, n, &h->units);
	const char *p, *r = s + i;
	size_t rn = n - i;
	h->rel = REL_MAIN;
	if (ec_mem_skip(&r, &rn, "Caused by: ")) {
		h->rel = REL_CAUSE;
		return head_at(s, n, (size_t)(r - s), h, 0);
	}
	if (ec_mem_skip(&r, &rn, "Suppressed: ")) {
		h->rel = REL_SUPP;
		return head_at(s, n, (size_t)(r - s), h, 0);
	}
	if (ec_mem_skip(&r, &rn, "== Java Exception: "))
		return head_at(s, n, (size_t)(r - s), h, 0);
	if (n >= 21 && (p = memmem(s, n, "Exception in thread \"", 21))) {
		const char *q = memchr(p + 21, '"', (size_t)(s + n - p - 21));
		if (!q)
			return 0;
		size_t k = (size_t)(q + 1 - s);
		k = skip_ws(s, n, k);
		h->units = 0;
		return head_at(s, n, k, h, 0);
	}
	if ((i == 0 || indent_ok) && head_at(s, n, i, h, 1))
		return 1;
	if (!loose)
		return 0;
	/* a log prefix: "12:00:01 ERROR [main] App - java.io.IOException: x" */
	for (size_t k = 1; k < n; k++)
		if (s[k - 1] == ' ' && jid(s[k]) && !ec_is_digit(s[k]) && head_at(s, n, k, h, 2)) {
			h->units = 0;
			return 1;
		}
	return 0;
}

/* ---------------------------------------------------------------- frames */

typedef struct {
	ec_span cls, meth, file;
	long line;
	int lib;
	size_t units;
} jframe;


static int parse_frame(const char *s, size_t n, jframe *f)
{
	size_t i = indent(s, n, &f->units);
	if (i == 0 || !ec_mem_starts(s + i, n - i, "at "))
		return 0;
	i += 3;
	const char *open = memchr(s + i, '(', n - i);
	if (!open)
		return 0;
	size_t o = (size_t)(open - s);
	const char *close = memchr(open, ')', n - o);
	if (!close)
		return 0;
	/* the name: no spaces; an optional module prefix "mod@ver/" or "app//" */
	ec_span name = { s + i, o - i };
	ec_span mod = { NULL, 0 };
	ec_span loc = { open + 1, (size_t)(close - open - 1) };
	/* Maven -e prints "at pkg.Class.method (File.java:12)": one space,
	 * and then a location of the JVM's own kind (not Node's "file.js:1:2") */
	if (name.n && name.s[name.n - 1] == ' ') {
		name.n--;
		if (!(ec_memfind(loc.s, loc.n, ".java") || ec_memfind(loc.s, loc.n, ".kt") ||
		      ec_memfind(loc.s, loc.n, ".scala") || ec_memfind(loc.s, loc.n, ".groovy") ||
		      (loc.n == 13 && !memcmp(loc.s, "Native Method", 13)) ||
		      (loc.n == 14 && !memcmp(loc.s, "Unknown Source", 14))))
			return 0;
		const char *c1 = memchr(loc.s, ':', loc.n);
		if (c1 && memchr(c1 + 1, ':', (size_t)(loc.s + loc.n - c1 - 1)))
			return 0;
	}
	for (size_t k = 0; k < name.n; k++)
		if (is_sp(name.s[k]))
			return 0;
	const char *slash = memchr(name.s, '/', name.n);
	if (slash && !memchr(name.s, '$', (size_t)(slash - name.s))) {
		mod.s = name.s;
		mod.n = (size_t)(slash - name.s);
		while (slash < name.s + name.n && *slash == '/')
			slash++;
		name.n -= (size_t)(slash - name.s);
		name.s = slash;
	}
	const char *dot = name.n ? memrchr(name.s, '.', name.n) : NULL;
	if (!dot || dot == name.s)
		return 0;
	f->cls.s = name.s;
	f->cls.n = (size_t)(dot - name.s);
	f->meth.s = dot + 1;
	f->meth.n = name.n - f->cls.n - 1;
	/* the location: "File.java:12", "File.java", "Native Method", "Unknown Source" */
	f->file.s = NULL;
	f->file.n = 0;
	f->line = 0;
	const char *colon = loc.n ? memrchr(loc.s, ':', loc.n) : NULL;
	if (colon) {
		const char *q = colon + 1;
		long v = ec_num(&q, loc.s + loc.n);
		if (v > 0 && q == loc.s + loc.n)
			f->line = v;
		loc.n = (size_t)(colon - loc.s);
	}
	if (loc.n && memchr(loc.s, '.', loc.n) && !memchr(loc.s, ' ', loc.n))
		f->file = loc;
	f->lib = 0;
	if (mod.n && (ec_mem_starts(mod.s, mod.n, "java.") || ec_mem_starts(mod.s, mod.n, "jdk.")))
		f->lib = 1;
	if (!f->lib && f->cls.n) {
		char *c = et_xstrndup(f->cls.s, f->cls.n);
		f->lib = !et_frame_in_app(NULL, c);
		free(c);
	}
	return 1;
}

/* "... 3 more", "... 12 common frames omitted": the count, or -1 */
static long parse_more(const char *s, size_t n)
{
	size_t i = skip_ws(s, n, 0), left = n - i;
	const char *q = s + i;
	if (!ec_mem_skip(&q, &left, "... "))
		return -1;
	long v = ec_num(&q, s + n);
	if (v < 0)
		return -1;
	size_t rest = (size_t)(s + n - q);
	if (ec_mem_starts(q, rest, " more") || ec_mem_starts(q, rest, " common frames omitted"))
		return v;
	return -1;
}

/* The package path + file: "com/example/App.java". */
static void frame_file(et_buf *b, const jframe *f)
{
	const char *dot = f->cls.n ? memrchr(f->cls.s, '.', f->cls.n) : NULL;
	et_buf_reset(b);
	if (dot) {
		for (const char *p = f->cls.s; p < dot; p++)
			et_buf_addch(b, *p == '.' ? '/' : *p);
		et_buf_addch(b, '/');
	}
	et_buf_add(b, f->file.s, f->file.n);
}

/* "com.example.App.run" from "com.example.App" + "run" */
static void frame_func(et_buf *b, const jframe *f)
{
	et_buf_reset(b);
	et_buf_add(b, f->cls.s, f->cls.n);
	et_buf_addch(b, '.');
	et_buf_add(b, f->meth.s, f->meth.n);
}

/* "App.run": the class without its package */
static void frame_simple(et_buf *b, const jframe *f)
{
	size_t k = f->cls.n;
	while (k > 0 && f->cls.s[k - 1] != '.')
		k--;
	et_buf_reset(b);
	et_buf_add(b, f->cls.s + k, f->cls.n - k);
	et_buf_addch(b, '.');
	et_buf_add(b, f->meth.s, f->meth.n);
}

static cJSON *frame_json(const jframe *f)
{
	et_buf fb, fn;
	cJSON *o;
	et_buf_init(&fb, 64);
	et_buf_init(&fn, 64);
	if (f->file.n)
		frame_file(&fb, f);
	frame_func(&fn, f);
	o = ec_frame(f->file.n ? fb.buf : NULL, fb.len, f->line, 0, fn.buf, fn.len, NULL, 0);
	et_buf_release(&fb);
	et_buf_release(&fn);
	return o;
}

/* ----------------------------------------------------------------- traces */

typedef struct {
	jhead h;
	size_t depth;
	size_t first, nframes;  /* into trace.frames, innermost first */
	long more;
	size_t line;            /* index of the header line */
} jexc;

typedef struct {
	jexc *exc;
	size_t nexc, cexc;
	jframe *frames;
	size_t nframes, cframes;
} jtrace;

static void trace_free(jtrace *t)
{
	free(t->exc);
	free(t->frames);
	memset(t, 0, sizeof *t);
}

/*
 * Parses lines[from..n) into t. The first exception header may be on
 * lines[from] after a log prefix (loose). Returns the number of exceptions.
 */
static size_t trace_parse(jtrace *t, const ec_line *lines, size_t from, size_t n, int loose)
{
	size_t base = 0;
	int pending = REL_MAIN;
	memset(t, 0, sizeof *t);
	for (size_t i = from; i < n; i++) {
		const ec_line *l = &lines[i];
		jhead h;
		jframe f;
		long more;
		ec_span tl = ec_span_trim(l->s, l->len);
		/* Gradle's full format: "Caused by:" alone, the exception below */
		if (t->nexc && tl.n == 10 && !memcmp(tl.s, "Caused by:", 10)) {
			pending = REL_CAUSE;
			continue;
		}
		if (parse_frame(l->s, l->len, &f)) {
			if (!t->nexc)
				continue;
			if (t->nframes == t->cframes) {
				t->cframes = t->cframes ? t->cframes * 2 : 32;
				t->frames = et_xrealloc(t->frames, t->cframes * sizeof *t->frames);
			}
			t->frames[t->nframes++] = f;
			t->exc[t->nexc - 1].nframes++;
			continue;
		}
		if ((more = parse_more(l->s, l->len)) >= 0) {
			if (t->nexc)
				t->exc[t->nexc - 1].more = more;
			continue;
		}
		if (!parse_head(l->s, l->len, t->nexc > 0 || i == from, loose && !t->nexc, &h))
			continue;
		if (pending != REL_MAIN && h.rel == REL_MAIN)
			h.rel = pending;
		pending = REL_MAIN;
		if (!t->nexc && h.rel != REL_MAIN)
			h.rel = REL_MAIN;       /* the first one we see is the record's */
		else if (t->nexc && h.rel == REL_MAIN) {
			/* another exception: ours ends, unless its frames have not begun */
			if (t->exc[t->nexc - 1].nframes)
				break;
			continue;
		}
		if (t->nexc == t->cexc) {
			t->cexc = t->cexc ? t->cexc * 2 : 8;
			t->exc = et_xrealloc(t->exc, t->cexc * sizeof *t->exc);
		}
		if (!t->nexc)
			base = h.units;
		jexc *e = &t->exc[t->nexc++];
		e->h = h;
		e->depth = h.units > base ? h.units - base : 0;
		e->first = t->nframes;
		e->nframes = 0;
		e->more = 0;
		e->line = i;
	}
	return t->nexc;
}

/* The trace that encloses exception i (for "... N more"), or -1. */
static long trace_encl(const jtrace *t, size_t i)
{
	size_t want = t->exc[i].depth;
	if (t->exc[i].h.rel == REL_SUPP) {
		if (!want)
			return -1;
		want--;
	}
	for (size_t j = i; j-- > 0;)
		if (t->exc[j].depth == want)
			return (long)j;
	return i ? 0 : -1;
}

/* Collects the full frames of exception i, innermost first. */
static void trace_full(const jtrace *t, size_t i, const jframe ***out, size_t *nout, size_t *cap,
		       size_t depth)
{
	const jexc *e = &t->exc[i];
	for (size_t k = 0; k < e->nframes; k++) {
		if (*nout == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*out = et_xrealloc(*out, *cap * sizeof **out);
		}
		(*out)[(*nout)++] = &t->frames[e->first + k];
	}
	if (e->more > 0 && depth < 16) {
		long j = trace_encl(t, i);
		if (j >= 0) {
			const jframe **tmp = NULL;
			size_t nt = 0, ct = 0;
			trace_full(t, (size_t)j, &tmp, &nt, &ct, depth + 1);
			size_t take = (size_t)e->more < nt ? (size_t)e->more : nt;
			for (size_t k = nt - take; k < nt; k++) {
				if (*nout == *cap) {
					*cap = *cap ? *cap * 2 : 32;
					*out = et_xrealloc(*out, *cap * sizeof **out);
				}
				(*out)[(*nout)++] = tmp[k];
			}
			free(tmp);
		}
	}
}

static cJSON *frames_json(const jframe *const *fr, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t k = n; k-- > 0;)
		cJSON_AddItemToArray(a, frame_json(fr[k]));
	return a;
}

static void set_span(cJSON *rec, const char *key, ec_span v)
{
	if (v.n)
		ec_set_strn(rec, key, v.s, v.n);
}

/* The primary frame: the innermost non-library one, else the innermost. */
static const jframe *primary(const jframe *const *fr, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!fr[k]->lib && fr[k]->file.n)
			return fr[k];
	for (size_t k = 0; k < n; k++)
		if (!fr[k]->lib)
			return fr[k];
	return n ? fr[0] : NULL;
}

static void set_primary(ec_ctx *ctx, cJSON *rec, const jframe *f)
{
	et_buf b;
	if (!f)
		return;
	et_buf_init(&b, 64);
	if (f->file.n) {
		frame_file(&b, f);
		ec_set_location(ctx, rec, b.buf, b.len, f->line, 0);
	}
	frame_func(&b, f);
	ec_set_strn(rec, "function", b.buf, b.len);
	et_buf_release(&b);
}

/* Fills type, message, frames, causes, file, line, function from t. */
static void trace_fill(ec_ctx *ctx, cJSON *rec, const jtrace *t)
{
	const jframe **fr = NULL;
	size_t nfr = 0, cfr = 0;
	cJSON *causes = NULL;
	if (!t->nexc)
		return;
	/* the launcher's "Error: Could not find or load main class X" names
	 * no class: its cause does */
	if (t->exc[0].h.type.n == 5 && !memcmp(t->exc[0].h.type.s, "Error", 5) && t->nexc > 1)
		set_span(rec, "type", t->exc[1].h.type);
	else
		set_span(rec, "type", t->exc[0].h.type);
	set_span(rec, "message", t->exc[0].h.msg);
	trace_full(t, 0, &fr, &nfr, &cfr, 0);
	if (nfr)
		et_json_set(rec, "frames", frames_json(fr, nfr));
	const jframe *p = primary(fr, nfr);
	for (size_t i = 1; !p && i < t->nexc; i++) {
		/* no frame of its own: the first cause that has one */
		nfr = 0;
		trace_full(t, i, &fr, &nfr, &cfr, 0);
		p = primary(fr, nfr);
	}
	set_primary(ctx, rec, p);
	if (t->nexc > 1)
		causes = cJSON_CreateArray();
	for (size_t i = 1; i < t->nexc; i++) {
		cJSON *c = cJSON_CreateObject();
		const jexc *e = &t->exc[i];
		cJSON_AddItemToObject(c, "type", et_json_strn(e->h.type.s, e->h.type.n));
		cJSON_AddItemToObject(c, "message", e->h.msg.n ? et_json_strn(e->h.msg.s, e->h.msg.n)
							       : cJSON_CreateNull());
		nfr = 0;
		trace_full(t, i, &fr, &nfr, &cfr, 0);
		cJSON_AddItemToObject(c, "frames", frames_json(fr, nfr));
		cJSON_AddStringToObject(c, "relation", e->h.rel == REL_SUPP ? "suppressed" : "cause");
		cJSON_AddItemToArray(causes, c);
	}
	if (causes)
		et_json_set(rec, "causes", causes);
	free(fr);
}

int ec_java_fill(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t n)
{
	jtrace t;
	size_t from = 0;
	int ok = 0;
	if (!n)
		return 0;
	/* the header may be on the log line itself when a frame follows it */
	if (!(n > 1 && (parse_frame(lines[1].s, lines[1].len, &(jframe){ 0 }) ||
			parse_more(lines[1].s, lines[1].len) >= 0)))
		from = 1;
	for (; from < n; from++) {
		jhead h;
		if (parse_head(lines[from].s, lines[from].len, 0, from == 0, &h) && h.rel == REL_MAIN)
			break;
	}
	if (from >= n)
		return 0;
	if (trace_parse(&t, lines, from, n, from == 0)) {
		trace_fill(ctx, rec, &t);
		ok = 1;
	}
	trace_free(&t);
	return ok;
}

/* =============================================================== java */

typedef struct {
	int since_head;         /* frames since the last header */
	int cont;               /* message lines since the last header */
} java_st;


static const char *const java_triggers[] = {
	"Exception in thread \"", "== Java Exception: ", "\tat ", "    at ", "Caused by: ", NULL,
};

static enum ec_verdict java_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	java_st *st = vst;
	jhead h;
	jframe f;
	st->since_head = st->cont = 0;
	if (l->len >= 21 && (ec_find(l, "Exception in thread \"") || ec_starts(l, "== Java Exception: "))) {
		if (!parse_head(l->s, l->len, 0, 0, &h))
			return EC_NO;
		return EC_START;
	}
	/* a frame or "Caused by:" whose header came just before: claim it */
	int frame = parse_frame(l->s, l->len, &f);
	if (!frame && !(ec_starts(l, "Caused by: ") && parse_head(l->s, l->len, 0, 0, &h)))
		return EC_NO;
	for (size_t k = 1; k <= 8; k++) {
		const ec_line *b = ec_back(ctx, k);
		if (!b || ec_blank(b))
			break;
		if (parse_frame(b->s, b->len, &f))
			break;
		if (parse_head(b->s, b->len, 0, 1, &h) && h.rel == REL_MAIN) {
			ec_claim_back(ctx, k);
			st->since_head = frame;
			return EC_START;
		}
	}
	return EC_NO;
}

static enum ec_verdict java_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	java_st *st = vst;
	jhead h;
	jframe f;
	if (parse_frame(l->s, l->len, &f)) {
		st->since_head++;
		return EC_MORE;
	}
	if (parse_more(l->s, l->len) >= 0)
		return EC_MORE;
	if (ec_blank(l))
		return EC_NO;
	if (parse_head(l->s, l->len, 1, 0, &h) && h.rel != REL_MAIN) {
		st->since_head = st->cont = 0;
		return EC_MORE;
	}
	if (ec_find(l, "Exception in thread \""))
		return EC_NO;
	if (!st->since_head && st->cont < 5) {
		st->cont++;             /* a message of several lines */
		return EC_MORE;
	}
	return EC_NO;
}

static void java_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	java_st *st = vst;
	jtrace t;
	st->since_head = st->cont = 0;
	if (!trace_parse(&t, lines, 0, n, 1)) {
		trace_free(&t);
		return;
	}
	/* no frame at all: only a header that looked like one */
	if (!t.nframes && t.nexc == 1 && !ec_find(&lines[0], "Exception in thread \"") &&
	    !ec_starts(&lines[0], "== Java Exception: ")) {
		trace_free(&t);
		return;
	}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	trace_fill(ctx, rec, &t);
	ec_emit(ctx, rec);
	trace_free(&t);
}

const ec_parser ec_parser_java = { .name = "java", .triggers = java_triggers,
	.state_size = sizeof(java_st), .start = java_start, .more = java_more, .finish = java_finish };

/* ============================================================== javac */

typedef struct {
	int phase;              /* 1: source line next, 2: caret next, 3: notes */
} javac_st;


/*
 * Where javac's own text begins on l: after Ant's "    [javac] " or a Maven
 * plugin's "[WARNING] " / "[ERROR] " (maven-javadoc-plugin passes javadoc's
 * lines on so); 0 when there is neither, -1 when the line is indented
 * without them.
 */
static long javac_body(const ec_line *l)
{
	size_t b = skip_ws(l->s, l->len, 0);
	if (ec_mem_starts(l->s + b, l->len - b, "[javac] "))
		return (long)b + 8;
	if (b)
		return -1;
	if (ec_mem_starts(l->s, l->len, "[WARNING] "))
		return 10;
	if (ec_mem_starts(l->s, l->len, "[ERROR] "))
		return 8;
	return 0;
}

/* "Foo.java:12: error: msg": file [*fb, *fend), line, level, message. */
static int javac_head(const ec_line *l, size_t *fb, size_t *fend, long *line, int *warn, ec_span *msg)
{
	const char *p = ec_find(l, ".java:"), *end = l->s + l->len;
	long bl;
	size_t b;
	if (!p || (bl = javac_body(l)) < 0)
		return 0;
	b = (size_t)bl;
	const char *q = p + 6;
	long v = ec_num(&q, end);
	if (v < 0 || !ec_mem_starts(q, (size_t)(end - q), ": "))
		return 0;
	q += 2;
	if (ec_mem_starts(q, (size_t)(end - q), "error: ")) {
		*warn = 0;
		q += 7;
	} else if (ec_mem_starts(q, (size_t)(end - q), "warning: ")) {
		*warn = 1;
		q += 9;
	} else
		return 0;
	/* spaces: escaped, or in a path (a CI job's workspace "/var/lib/jenkins/workspace/My Job/") */
	if (!ec_spaced_path(l->s + b, (size_t)(p + 5 - l->s) - b))
		for (const char *c = l->s + b; c < p; c++)
			if (*c == ' ' && !(c > l->s + b && c[-1] == '\\'))
				return 0;
	*fb = b;
	*fend = (size_t)(p + 5 - l->s);
	*line = v;
	msg->s = q;
	msg->n = (size_t)(end - q);
	return 1;
}

static const char *const javac_triggers[] = { ".java:", NULL };

/* Does a javac diagnostic begin on l? */
static int is_javac_head(const ec_line *l)
{
	size_t fb, fe;
	long line;
	int warn;
	ec_span msg;
	return javac_head(l, &fb, &fe, &line, &warn, &msg);
}

static enum ec_verdict javac_start(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	javac_st *st = vst;
	if (!is_javac_head(l))
		return EC_NO;
	st->phase = 1;
	return EC_START;
}

/* l without the Ant or Maven tag javac_body finds (l itself when none) */
static ec_line javac_view(const ec_line *l)
{
	ec_line v = *l;
	long b = javac_body(l);
	if (b > 0) {
		v.s += b;
		v.len -= (size_t)b;
	}
	return v;
}

static int is_caret(const ec_line *l)
{
	size_t i = skip_ws(l->s, l->len, 0);
	return i < l->len && l->s[i] == '^' && skip_ws(l->s, l->len, i + 1) == l->len;
}

static int javac_summary(const ec_line *l)
{
	const char *q = l->s;
	if (ec_num(&q, l->s + l->len) < 0)
		return 0;
	size_t r = (size_t)(l->s + l->len - q);
	return ec_mem_starts(q, r, " error") || ec_mem_starts(q, r, " warning");
}

static enum ec_verdict javac_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *lraw)
{
	javac_st *st = vst;
	ec_line lv = javac_view(lraw);
	const ec_line *l = &lv;
	if (is_javac_head(lraw) || javac_summary(l))
		return EC_NO;
	if (st->phase == 1) {
		if (ec_blank(l))
			return EC_NO;
		st->phase = is_caret(l) ? 3 : 2;
		return EC_MORE;
	}
	if (st->phase == 2) {
		if (!is_caret(l))
			return EC_NO;
		st->phase = 3;
		return EC_MORE;
	}
	if (l->len > 2 && l->s[0] == ' ' && l->s[1] == ' ' && !ec_blank(l))
		return EC_MORE;
	return EC_NO;
}

/* "[rawtypes] found raw type": the bracketed key goes to type */
static void set_msg_key(cJSON *rec, ec_span msg)
{
	if (msg.n > 2 && msg.s[0] == '[') {
		const char *c = memchr(msg.s, ']', msg.n);
		if (c && c + 1 < msg.s + msg.n && c[1] == ' ' && !memchr(msg.s, ' ', (size_t)(c - msg.s))) {
			ec_set_strn(rec, "type", msg.s + 1, (size_t)(c - msg.s - 1));
			msg.n -= (size_t)(c + 2 - msg.s);
			msg.s = c + 2;
		}
	}
	msg = ec_span_trim(msg.s, msg.n);
	ec_set_strn(rec, "message", msg.s, msg.n);
}

static void javac_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	javac_st *st = vst;
	size_t fb, fe;
	long line, col = 0;
	int warn;
	ec_span msg;
	st->phase = 0;
	if (!javac_head(&lines[0], &fb, &fe, &line, &warn, &msg))
		return;
	/* Maven trims the source line and the caret line apart: no column */
	for (size_t i = 1; i < n && i <= 2 && lines[0].s[0] != '['; i++) {
		ec_line v = javac_view(&lines[i]);
		if (is_caret(&v)) {
			const char *c = memchr(v.s, '^', v.len);
			col = (long)(c - v.s) + 1;
			break;
		}
	}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	set_msg_key(rec, msg);
	emit_compiler(ctx, rec, warn, (ec_span){ lines[0].s + fb, fe - fb }, line, col);
}

const ec_parser ec_parser_javac = { .name = "javac", .triggers = javac_triggers,
	.state_size = sizeof(javac_st),
	.start = javac_start, .more = javac_more, .finish = javac_finish };

/* ============================================================== ecj */

/*
 * The Eclipse compiler's (ecj, JDT's batch compiler, run by Ant, Maven,
 * Tycho or PDE) default report, one block per problem between "----------"
 * lines:
 *
 *   1. WARNING in /src/a/Main.java (at line 9)
 *   	List raw = new ArrayList();
 *   	^^^^
 *   List is a raw type. References to generic type List<E> should be parameterized
 *
 * The echoed source may run over several lines (a statement's); the caret
 * line ends it; the message follows. ERROR is an error; WARNING and INFO
 * (a problem the project set to "Info") are warnings. No column: ecj echoes
 * the source without its indentation. A problem without a line ("N. ERROR
 * in FILE" without "(at line N)") may have no source and caret lines. The
 * lines may carry Ant's "[javac] " and Maven's "[INFO] " before them
 * (ecj_body); "-Xemacs" output is javac's layout (the javac parser).
 */

#define ECJ_MAX_LINES 40        /* a block longer than this is no ecj block */

typedef struct {
	size_t lines;           /* lines in the open block */
	int caret;              /* the caret line was seen: the message follows */
} ecj_st;

/*
 * Where ecj's own text begins on l: after a Maven level tag ("[INFO] ")
 * and its blanks, then an Ant task's tag ("[javac] ") and one blank.
 */
static size_t ecj_body(const ec_line *l)
{
	const char *s = l->s;
	size_t n = l->len, i = 0, j;
	if (n && s[0] == '[') {
		for (j = 1; j < n && is_upper(s[j]); j++)
			;
		if (j > 1 && j + 1 < n && s[j] == ']' && s[j + 1] == ' ')
			i = skip_ws(s, n, j + 1);
	}
	j = skip_ws(s, n, i);
	if (j < n && s[j] == '[') {
		size_t k = j + 1;
		while (k < n && (jid(s[k]) || s[k] == '-' || s[k] == ':' || s[k] == '.'))
			k++;
		if (k > j + 1 && k + 1 < n && s[k] == ']' && s[k + 1] == ' ')
			return k + 2;
	}
	return i;
}

/* "N. LEVEL in FILE (at line L)": level (2 error, 1 warning), file, line (0 when absent). */
static int ecj_head(const ec_line *l, int *level, ec_span *file, long *line)
{
	size_t b = ecj_body(l);
	const char *p = l->s + b, *e = l->s + l->len;
	if (ec_num(&p, e) < 0 || p >= e || *p != '.')
		return 0;
	size_t r = (size_t)(e - p);
	if (ec_mem_skip(&p, &r, ". ERROR in "))
		*level = 2;
	else if (ec_mem_skip(&p, &r, ". WARNING in ") || ec_mem_skip(&p, &r, ". INFO in "))
		*level = 1;
	else
		return 0;
	*line = 0;
	const char *at = NULL;
	for (const char *q = p; (q = ec_memfind(q, (size_t)(e - q), " (at line ")); q++)
		at = q;
	if (at) {
		const char *q = at + EC_LEN(" (at line ");
		long v = ec_num(&q, e);
		if (v < 0 || q + 1 != e || *q != ')')
			return 0;
		*line = v;
		e = at;
	}
	*file = ec_span_trim(p, (size_t)(e - p));
	return file->n > 0;
}

/* ecj's "----------" between problems, and its "N problems (...)" summary */
static int ecj_end(const ec_line *l)
{
	size_t b = ecj_body(l);
	ec_span v = ec_span_trim(l->s + b, l->len - b);
	if (ec_mem_starts(v.s, v.n, "----------"))
		return 1;
	const char *p = v.s;
	if (ec_num(&p, v.s + v.n) < 0)
		return 0;
	size_t r = (size_t)(v.s + v.n - p);
	return ec_mem_starts(p, r, " problem (") || ec_mem_starts(p, r, " problems (");
}

/* a line of carets alone (ecj underlines the problem's extent) */
static int ecj_caret(const ec_line *l)
{
	size_t b = ecj_body(l), i = skip_ws(l->s, l->len, b);
	if (i >= l->len || l->s[i] != '^')
		return 0;
	while (i < l->len && l->s[i] == '^')
		i++;
	return skip_ws(l->s, l->len, i) == l->len;
}

static const char *const ecj_triggers[] = { ". ERROR in ", ". WARNING in ", ". INFO in ", NULL };

static enum ec_verdict ecj_start(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ecj_st *st = vst;
	int level;
	ec_span file;
	long line;
	if (!ecj_head(l, &level, &file, &line))
		return EC_NO;
	st->lines = 1;
	st->caret = 0;
	return EC_START;
}

static enum ec_verdict ecj_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ecj_st *st = vst;
	int level;
	ec_span file;
	long line;
	if (ecj_end(l) || ecj_head(l, &level, &file, &line) || ++st->lines > ECJ_MAX_LINES)
		return EC_NO;
	if (ecj_caret(l))
		st->caret = 1;
	else if (st->caret && ec_blank(l))
		return EC_NO;
	return EC_MORE;
}

static void ecj_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ecj_st *st = vst;
	int level;
	ec_span file;
	long line;
	size_t k = 0, first;
	st->lines = 0;
	st->caret = 0;
	if (!n || !ecj_head(&lines[0], &level, &file, &line))
		return;
	for (size_t i = 1; i < n; i++)
		if (ecj_caret(&lines[i]))
			k = i;
	/* the message: after the carets; without them, all of it when no source was echoed */
	first = k ? k + 1 : (line ? n - 1 : 1);
	if (first >= n || first == 0) {
		ec_give_back(ctx);
		return;
	}
	et_buf msg = ET_BUF_INIT;
	for (size_t i = first; i < n; i++) {
		size_t b = ecj_body(&lines[i]);
		ec_span v = ec_span_trim(lines[i].s + b, lines[i].len - b);
		if (!v.n)
			continue;
		if (msg.len)
			et_buf_addch(&msg, '\n');
		et_buf_add(&msg, v.s, v.n);
	}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_strn(rec, "message", msg.len ? msg.buf : NULL, msg.len);
	et_buf_release(&msg);
	emit_compiler(ctx, rec, level == 1, file, line, 0);
}

const ec_parser ec_parser_ecj = { .name = "ecj", .triggers = ecj_triggers,
	.state_size = sizeof(ecj_st),
	.start = ecj_start, .more = ecj_more, .finish = ecj_finish };

/* ============================================================== maven */

enum { MV_NONE, MV_COMPILE, MV_GOAL, MV_SUMMARY, MV_TEST, MV_GENERIC };

typedef struct {
	int kind;
	int in_trace;           /* MV_TEST: the trace has begun */
	char **seen;            /* compile errors and tests already reported */
	size_t nseen, cseen;
	size_t last_no;         /* a smaller line number: a new input */
} maven_st;


static void maven_reset_seen(maven_st *st)
{
	for (size_t i = 0; i < st->nseen; i++)
		free(st->seen[i]);
	st->nseen = 0;
}

static void maven_destroy(void *vst)
{
	maven_st *st = vst;
	maven_reset_seen(st);
	free(st->seen);
	free(st);
}

/* Was key seen? If not, remember it. */
static int maven_seen(maven_st *st, const char *k, size_t n)
{
	for (size_t i = 0; i < st->nseen; i++)
		if (strlen(st->seen[i]) == n && !memcmp(st->seen[i], k, n))
			return 1;
	if (st->nseen == st->cseen) {
		st->cseen = st->cseen ? st->cseen * 2 : 16;
		st->seen = et_xrealloc(st->seen, st->cseen * sizeof *st->seen);
	}
	st->seen[st->nseen++] = et_xstrndup(k, n);
	return 0;
}

/*
 * "[ERROR] ..." / "[WARNING] ...": the level (2 error, 1 warning) and the
 * text after the tag, or 0. A prefix before the tag ("08:52:34 ",
 * "[ParallelStep] ") is allowed when allow_prefix.
 */
static int mvn_tag(const char *s, size_t n, int allow_prefix, ec_span *rest)
{
	static const struct { const char *tag; int lv; } tags[] = {
		{ "[ERROR]", 2 }, { "[WARNING]", 1 }, { "[INFO]", -1 }, { NULL, 0 },
	};
	rest->s = s + n;        /* untagged: nothing after a tag */
	rest->n = 0;
	for (int t = 0; tags[t].tag; t++) {
		size_t k = strlen(tags[t].tag);
		const char *p = n >= k ? memmem(s, n, tags[t].tag, k) : NULL;
		if (!p || (p != s && (!allow_prefix || p[-1] != ' ')))
			continue;
		p += k;
		if (p < s + n && *p == ' ')
			p++;
		else if (p != s + n)
			continue;
		rest->s = p;
		rest->n = (size_t)(s + n - p);
		return tags[t].lv;
	}
	return 0;
}

/* "/path/Foo.java:[12,5] msg": file, line, column, message */
static int mvn_compile(ec_span r, ec_span *file, long *line, long *col, ec_span *msg)
{
	const char *p = r.n > 3 ? memmem(r.s, r.n, ":[", 2) : NULL, *end = r.s + r.n;
	if (!p || p == r.s)
		return 0;
	const char *q = p + 2;
	*line = ec_num(&q, end);
	*col = 0;
	if (*line < 0)
		return 0;
	if (q < end && *q == ',') {
		q++;
		*col = ec_num(&q, end);
	}
	if (q >= end || *q != ']')
		return 0;
	q++;
	file->s = r.s;
	file->n = (size_t)(p - r.s);
	*msg = ec_span_trim(q, (size_t)(end - q));
	return 1;
}

static int mvn_boilerplate(ec_span r)
{
	static const char *const bp[] = {
		"-> [Help", "To see the full stack trace", "Re-run Maven", "For more information about",
		"[Help ", "After correcting the problems", "mvn <args>", "COMPILATION ERROR", "Tests run:",
		"Crashed tests:", "Flakes:", NULL,
	};
	ec_span t = ec_span_trim(r.s, r.n);
	if (!t.n)
		return 1;
	for (const char *const *p = bp; *p; p++)
		if (ec_mem_starts(t.s, t.n, *p))
			return 1;
	return 0;
}

static const char *const maven_triggers[] = {
	"[ERROR]", "[WARNING] ", "<<< FAILURE!", "<<< ERROR!", "Scanning for projects", NULL,
};

static int mvn_test_head(const ec_line *l)
{
	return (ec_find(l, "<<< FAILURE!") || ec_find(l, "<<< ERROR!")) && ec_find(l, "Time elapsed") &&
	       !ec_find(l, "Tests run:");
}

static enum ec_verdict maven_start(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	maven_st *st = vst;
	ec_span r, file, msg;
	long line, col;
	st->kind = MV_NONE;
	st->in_trace = 0;
	if (l->no < st->last_no) {
		maven_reset_seen(st);
		jshared(ctx)->compile_recs = jshared(ctx)->test_recs = 0;
	}
	st->last_no = l->no;
	if (ec_find(l, "Scanning for projects")) {
		maven_reset_seen(st);
		jshared(ctx)->compile_recs = jshared(ctx)->test_recs = 0;
		return EC_NO;
	}
	if (mvn_test_head(l)) {
		st->kind = MV_TEST;
		return EC_START;
	}
	int lv = mvn_tag(l->s, l->len, 1, &r);
	if (lv <= 0)
		return EC_NO;
	if (mvn_compile(r, &file, &line, &col, &msg) && memchr(file.s, '.', file.n)) {
		st->kind = MV_COMPILE;
		return EC_START;
	}
	if (lv != 2 || r.s != l->s + 8)
		return EC_NO;           /* the rest only at the start of the line */
	if (ec_mem_starts(r.s, r.n, "Failed to execute goal")) {
		st->kind = MV_GOAL;
		return EC_START;
	}
	if (ec_mem_starts(r.s, r.n, "Failures:") || ec_mem_starts(r.s, r.n, "Errors:")) {
		st->kind = MV_SUMMARY;
		return EC_START;
	}
	if (mvn_boilerplate(r) || ec_mem_starts(r.s, r.n, "  "))
		return EC_NO;
	st->kind = MV_GENERIC;
	return EC_START;
}

/* The stack trace Maven prints under an error with -e (no [ERROR] tag). */
static int mvn_trace_line(maven_st *st, const ec_line *l)
{
	jframe f;
	jhead h;
	if (parse_frame(l->s, l->len, &f) || parse_more(l->s, l->len) >= 0 ||
	    (parse_head(l->s, l->len, 0, 0, &h) && (st->in_trace || h.rel == REL_MAIN))) {
		st->in_trace = 1;
		return 1;
	}
	return 0;
}

static enum ec_verdict maven_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	maven_st *st = vst;
	ec_span r;
	int lv = mvn_tag(l->s, l->len, st->kind == MV_COMPILE, &r);
	st->last_no = l->no;
	switch (st->kind) {
	case MV_COMPILE:
		if (!lv && l->len > 2 && l->s[0] == ' ' && l->s[1] == ' ' && !ec_blank(l))
			return EC_MORE;
		if (lv > 0 && r.n > 2 && r.s[0] == ' ' && r.s[1] == ' ' && !ec_blank(&(ec_line){ r.s, r.n, 0 }))
			return EC_MORE;
		return EC_NO;
	case MV_GOAL:
		if (lv == 2 && r.s == l->s + 8)
			return EC_MORE;
		return !lv && mvn_trace_line(st, l) ? EC_MORE : EC_NO;
	case MV_SUMMARY:
		if (lv != 2)
			return EC_NO;
		if (ec_mem_starts(r.s, r.n, "  ") && !ec_blank(&(ec_line){ r.s, r.n, 0 }))
			return EC_MORE;
		if (ec_mem_starts(r.s, r.n, "Failures:") || ec_mem_starts(r.s, r.n, "Errors:"))
			return EC_MORE;
		return EC_NO;
	case MV_TEST:
		if (lv || ec_blank(l) || mvn_test_head(l))
			return EC_NO;
		st->in_trace = 1;
		return EC_MORE;
	case MV_GENERIC:
		if (lv == 2 && r.s == l->s + 8 && ec_mem_starts(r.s, r.n, "  ") &&
		    !ec_blank(&(ec_line){ r.s, r.n, 0 }) && !st->in_trace)
			return EC_MORE;
		return !lv && mvn_trace_line(st, l) ? EC_MORE : EC_NO;
	}
	return EC_NO;
}

/* A compile diagnostic at lines[i] (+ continuation lines to j). */
static void maven_compile_rec(maven_st *st, ec_ctx *ctx, const ec_line *lines, size_t i, size_t j)
{
	ec_span r, file, msg;
	long line, col;
	int lv = mvn_tag(lines[i].s, lines[i].len, 1, &r);
	if (lv <= 0 || !mvn_compile(r, &file, &line, &col, &msg))
		return;
	if (maven_seen(st, r.s, r.n))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, i, j);
	set_msg_key(rec, msg);
	emit_compiler(ctx, rec, lv != 2, file, line, col);
}

/*
 * A test's record: function = the test as printed ("com.example.AppTest.testAdd"),
 * file/line = the test method's own frame when the trace has one (key: the
 * simple "AppTest.testAdd").
 */
static void locate_test(ec_ctx *ctx, cJSON *rec, const jtrace *t, const char *disp, size_t dlen,
			const char *key, size_t klen)
{
	et_buf fn;
	et_buf_init(&fn, 64);
	ec_set_strn(rec, "function", disp, dlen);
	for (size_t k = 0; t->nexc && k < t->exc[0].nframes; k++) {
		const jframe *f = &t->frames[t->exc[0].first + k];
		frame_simple(&fn, f);
		if (fn.len == klen && !memcmp(fn.buf, key, klen) && f->file.n) {
			frame_file(&fn, f);
			ec_set_location(ctx, rec, fn.buf, fn.len, f->line, 0);
			break;
		}
	}
	et_buf_release(&fn);
}

/* "AppTest.testAdd:12 expected:<3> but was:<4>" / "AppTest.testBoom:17 » IllegalState boom" */
static void maven_summary_rec(maven_st *st, ec_ctx *ctx, const ec_line *lines, size_t i)
{
	ec_span r;
	mvn_tag(lines[i].s, lines[i].len, 0, &r);
	ec_span t = ec_span_trim(r.s, r.n);
	const char *end = t.s + t.n, *p = t.s;
	while (p < end && !is_sp(*p) && *p != ':')
		p++;
	ec_span name = { t.s, (size_t)(p - t.s) };
	long line = 0;
	if (!name.n || !memchr(name.s, '.', name.n))
		return;
	if (p < end && *p == ':') {
		p++;
		line = ec_num(&p, end);
		while (p < end && !is_sp(*p))   /* "->helper:25" */
			p++;
	}
	/* the test name without "Class>Base." inheritance marks */
	const char *gt = memchr(name.s, '>', name.n);
	ec_span key = name;
	if (gt) {
		key.n -= (size_t)(gt + 1 - name.s);
		key.s = gt + 1;
	}
	if (maven_seen(st, name.s, name.n))
		return;
	ec_span msg = ec_span_trim(p, (size_t)(end - p));
	cJSON *rec = ec_rec_new(ctx, lines, i, i);
	ec_set_level(rec, "error");
	if (ec_mem_starts(msg.s, msg.n, "\xc2\xbb ")) {  /* » Type message */
		ec_span m = ec_span_trim(msg.s + 3, msg.n - 3);
		const char *sp = memchr(m.s, ' ', m.n);
		ec_span ty = { m.s, sp ? (size_t)(sp - m.s) : m.n };
		et_buf b;
		et_buf_init(&b, 64);
		et_buf_add(&b, ty.s, ty.n);
		if (!ec_mem_ends(ty.s, ty.n, "Error") && !ec_mem_ends(ty.s, ty.n, "Exception") &&
		    !ec_mem_ends(ty.s, ty.n, "Throwable"))
			et_buf_addstr(&b, "Exception");
		ec_set_strn(rec, "type", b.buf, b.len);
		et_buf_release(&b);
		msg = sp ? ec_span_trim(sp, (size_t)(m.s + m.n - sp)) : (ec_span){ m.s + m.n, 0 };
	}
	ec_set_strn(rec, "message", msg.s, msg.n);
	/* the file: the class's simple name + .java */
	const char *dot = key.n ? memrchr(key.s, '.', key.n) : NULL;
	if (dot) {
		const char *cb = dot;
		while (cb > key.s && cb[-1] != '.')
			cb--;
		et_buf b;
		et_buf_init(&b, 64);
		et_buf_add(&b, cb, (size_t)(dot - cb));
		et_buf_addstr(&b, ".java");
		if (line > 0)
			ec_set_location(ctx, rec, b.buf, b.len, line, 0);
		et_buf_reset(&b);
		et_buf_add(&b, cb, (size_t)(key.s + key.n - cb));
		ec_set_strn(rec, "function", b.buf, b.len);
		et_buf_release(&b);
	}
	ec_emit(ctx, rec);
	jshared(ctx)->test_recs++;
}

/* "testAdd(com.example.AppTest)  Time elapsed..." or "com.example.AppTest.testAdd  Time..." */
static void maven_test_rec(maven_st *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ec_span r;
	jtrace t;
	et_buf key, disp;
	if (mvn_tag(lines[0].s, lines[0].len, 1, &r) == 0) {
		r.s = lines[0].s;
		r.n = lines[0].len;
	}
	r = ec_span_trim(r.s, r.n);
	const char *end = r.s + r.n, *p = r.s;
	while (p < end && !is_sp(*p))
		p++;
	ec_span name = { r.s, (size_t)(p - r.s) };
	et_buf_init(&key, 64);
	et_buf_init(&disp, 64);
	const char *par = memchr(name.s, '(', name.n);
	if (par && name.s[name.n - 1] == ')') {
		/* testAdd(com.example.AppTest) */
		ec_span cls = { par + 1, (size_t)(name.s + name.n - 1 - par - 1) };
		const char *cb = cls.s + cls.n;
		while (cb > cls.s && cb[-1] != '.')
			cb--;
		et_buf_add(&key, cb, (size_t)(cls.s + cls.n - cb));
		et_buf_addch(&key, '.');
		et_buf_add(&key, name.s, (size_t)(par - name.s));
		et_buf_add(&disp, cls.s, cls.n);
		et_buf_addch(&disp, '.');
		et_buf_add(&disp, name.s, (size_t)(par - name.s));
	} else {
		et_buf_add(&disp, name.s, name.n);
		const char *cb = NULL;
		int dots = 0;
		for (size_t k = name.n; k > 0; k--)
			if (name.s[k - 1] == '.' && ++dots == 2) {
				cb = name.s + k;
				break;
			}
		if (!cb)
			cb = name.s;
		et_buf_add(&key, cb, (size_t)(name.s + name.n - cb));
	}
	maven_seen(st, key.buf, key.len);
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	if (n > 1 && trace_parse(&t, lines, 1, n, 0)) {
		trace_fill(ctx, rec, &t);
	}
	else
		memset(&t, 0, sizeof t);
	locate_test(ctx, rec, &t, disp.buf, disp.len, key.buf, key.len);
	trace_free(&t);
	ec_emit(ctx, rec);
	et_buf_release(&key);
	et_buf_release(&disp);
	jshared(ctx)->test_recs++;
}

static void maven_goal_rec(maven_st *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ec_span r, file, msg;
	long line, col;
	size_t compiles = 0;
	et_buf type;
	/* the compile errors it repeats: only those not reported yet */
	for (size_t i = 1; i < n; i++) {
		mvn_tag(lines[i].s, lines[i].len, 0, &r);
		if (!mvn_compile(r, &file, &line, &col, &msg))
			continue;
		size_t j = i;
		while (j + 1 < n && mvn_tag(lines[j + 1].s, lines[j + 1].len, 0, &r) == 2 &&
		       ec_mem_starts(r.s, r.n, "  ") && !ec_blank(&(ec_line){ r.s, r.n, 0 }))
			j++;
		compiles++;
		maven_compile_rec(st, ctx, lines, i, j);
		i = j;
	}
	et_buf_init(&type, 64);
	mvn_tag(lines[0].s, lines[0].len, 0, &r);
	ec_span text = ec_span_trim(r.s, r.n);
	const char *tend = text.s + text.n;
	const char *on = memmem(text.s, text.n, " on project ", 12);
	const char *colon = on ? memmem(on + 12, (size_t)(tend - on - 12), ": ", 2) : NULL;
	if (colon) {
		msg = ec_span_trim(colon + 2, (size_t)(tend - colon - 2));
		/* the goal "org.apache.maven.plugins:maven-surefire-plugin:2.22.2:test" */
		const char *g = text.s + 22, *ge;
		while (g < on && is_sp(*g))
			g++;
		for (ge = g; ge < on && !is_sp(*ge); ge++)
			;
		const char *c1 = memchr(g, ':', (size_t)(ge - g));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(ge - c1 - 1)) : NULL;
		const char *cl = ge;
		while (cl > g && cl[-1] != ':')
			cl--;
		if (c1 && c2 && cl > c2 + 1) {
			et_buf_add(&type, c1 + 1, (size_t)(c2 - c1 - 1));
			et_buf_addch(&type, ':');
			et_buf_add(&type, cl, (size_t)(ge - cl));
		}
	} else {
		msg = text;
		if (ec_mem_starts(msg.s, msg.n, "Failed to execute goal "))
			msg = ec_span_trim(msg.s + 23, msg.n - 23);
	}
	if (ec_mem_ends(msg.s, msg.n, "-> [Help 1]"))
		msg = ec_span_trim(msg.s, msg.n - 11);
	while (msg.n && (msg.s[msg.n - 1] == ':' || is_sp(msg.s[msg.n - 1])))
		msg.n--;
	/* "Compilation failure: Compilation failure" */
	size_t half = msg.n / 2;
	if (msg.n > 4 && msg.s[half - 1] == ':' && msg.s[half] == ' ' &&
	    !memcmp(msg.s, msg.s + half + 1, half - 1) && msg.n == 2 * half)
		msg.n = half - 1;
	int dup = (ec_mem_starts(msg.s, msg.n, "Compilation failure") && (compiles || jshared(ctx)->compile_recs)) ||
		  (ec_mem_starts(msg.s, msg.n, "There are test failures") && jshared(ctx)->test_recs);
	if (!dup) {
		cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
		ec_set_level(rec, "error");
		if (type.len)
			ec_set_strn(rec, "type", type.buf, type.len);
		ec_set_strn(rec, "message", msg.s, msg.n);
		ec_emit(ctx, rec);
	}
	et_buf_release(&type);
	jshared(ctx)->compile_recs = jshared(ctx)->test_recs = 0;
}

static void maven_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	maven_st *st = vst;
	ec_span r;
	int kind = st->kind;
	st->kind = MV_NONE;
	switch (kind) {
	case MV_COMPILE:
		maven_compile_rec(st, ctx, lines, 0, n - 1);
		break;
	case MV_GOAL:
		maven_goal_rec(st, ctx, lines, n);
		break;
	case MV_SUMMARY:
		for (size_t i = 0; i < n; i++) {
			mvn_tag(lines[i].s, lines[i].len, 0, &r);
			if (ec_mem_starts(r.s, r.n, "  "))
				maven_summary_rec(st, ctx, lines, i);
		}
		break;
	case MV_TEST:
		maven_test_rec(st, ctx, lines, n);
		break;
	case MV_GENERIC: {
		mvn_tag(lines[0].s, lines[0].len, 0, &r);
		for (ec_span inner; mvn_tag(r.s, r.n, 0, &inner) == 2;)
			r = inner;      /* "[ERROR] [ERROR] ..." */
		ec_span m = ec_span_trim(r.s, r.n);
		if (ec_mem_ends(m.s, m.n, "-> [Help 1]"))
			m = ec_span_trim(m.s, m.n - 11);
		cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
		ec_set_level(rec, "error");
		ec_set_strn(rec, "message", m.s, m.n);
		/* with -e, the exception's class */
		for (size_t i = 1; i < n; i++) {
			jhead h;
			if (!mvn_tag(lines[i].s, lines[i].len, 0, &r) &&
			    parse_head(lines[i].s, lines[i].len, 0, 0, &h) && h.rel == REL_MAIN) {
				set_span(rec, "type", h.type);
				break;
			}
		}
		ec_emit(ctx, rec);
		break;
	}
	}
}

const ec_parser ec_parser_maven = { .name = "maven", .triggers = maven_triggers,
	.state_size = sizeof(maven_st), .destroy = maven_destroy,
	.start = maven_start, .more = maven_more, .finish = maven_finish };

/* ============================================================= gradle */

enum { GR_NONE, GR_TEST, GR_BUILD, GR_KOTLIN };

typedef struct {
	int kind;
	size_t lines;
} gradle_st;


static const char *const gradle_triggers[] = {
	" FAILED", "FAILURE: ", "e: file:", "e: /", "w: file:", "w: /", NULL,
};

/* Kotlin: "e: file:///p/App.kt:12:5 msg" or "e: /p/App.kt: (12, 5): msg" */
static int kotlin_diag(const ec_line *l, int *warn, ec_span *file, long *line, long *col, ec_span *msg)
{
	const char *s = l->s, *end = l->s + l->len, *p, *q;
	if (l->len < 6 || (s[0] != 'e' && s[0] != 'w') || s[1] != ':' || s[2] != ' ')
		return 0;
	*warn = s[0] == 'w';
	p = s + 3;
	if (ec_mem_starts(p, (size_t)(end - p), "file://"))
		p += 7;
	/* the file ends at ".kt:" / ".kts:" / ".java:" */
	q = NULL;
	for (const char *c = p; c + 3 < end; c++)
		if (*c == ':' && (ec_mem_ends(p, (size_t)(c - p), ".kt") || ec_mem_ends(p, (size_t)(c - p), ".kts") ||
				  ec_mem_ends(p, (size_t)(c - p), ".java"))) {
			q = c;
			break;
		}
	if (!q)
		return 0;
	file->s = p;
	file->n = (size_t)(q - p);
	q++;
	*col = 0;
	if (ec_mem_starts(q, (size_t)(end - q), " (")) {
		q += 2;
		*line = ec_num(&q, end);
		if (ec_mem_starts(q, (size_t)(end - q), ", ")) {
			q += 2;
			*col = ec_num(&q, end);
		}
		if (!ec_mem_starts(q, (size_t)(end - q), "): "))
			return 0;
		q += 3;
	} else {
		*line = ec_num(&q, end);
		if (q < end && *q == ':') {
			q++;
			*col = ec_num(&q, end);
		}
		if (q < end && *q == ':')
			q++;
		if (q >= end || *q != ' ')
			return 0;
	}
	if (*line <= 0)
		return 0;
	*msg = ec_span_trim(q, (size_t)(end - q));
	return 1;
}

static int gradle_test_head(const ec_line *l)
{
	return l->len > 10 && !is_sp(l->s[0]) && ec_find(l, " > ") &&
	       ec_mem_ends(l->s, l->len, " FAILED") && !ec_starts(l, "> Task ");
}

static enum ec_verdict gradle_start(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	gradle_st *st = vst;
	int warn;
	ec_span file, msg;
	long line, col;
	st->kind = GR_NONE;
	st->lines = 0;
	if (ec_starts(l, "FAILURE: Build ")) {
		st->kind = GR_BUILD;
		return EC_START;
	}
	if (gradle_test_head(l)) {
		st->kind = GR_TEST;
		return EC_START;
	}
	if (kotlin_diag(l, &warn, &file, &line, &col, &msg)) {
		st->kind = GR_KOTLIN;
		return EC_DONE;
	}
	return EC_NO;
}

static enum ec_verdict gradle_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	gradle_st *st = vst;
	st->lines++;
	if (st->kind == GR_TEST) {
		/* indented lines; blank lines between a trace and its "Caused by:" */
		if (ec_blank(l) || (l->len > 1 && is_sp(l->s[0])))
			return EC_MORE;
		return EC_NO;
	}
	if (st->kind == GR_BUILD) {
		if (ec_starts(l, "BUILD FAILED"))
			return EC_DONE;
		if (ec_starts(l, "> Task ") || ec_starts(l, "FAILURE: ") || st->lines > 2000)
			return EC_NO;
		return EC_MORE;
	}
	return EC_NO;
}

static void gradle_test_rec(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	const ec_line *h = &lines[0];
	/* "com.example.AppTest > testAdd() FAILED" / "AppTest > add(int) > [1] 1 FAILED" */
	const char *gt = ec_find(h, " > ");
	ec_span cls = { h->s, (size_t)(gt - h->s) };
	const char *m = gt + 3, *end = h->s + h->len - 7, *me = m;
	while (me < end && *me != '(' && !(me + 3 <= end && !memcmp(me, " > ", 3)))
		me++;
	const char *cb = cls.s + cls.n;
	while (cb > cls.s && cb[-1] != '.')
		cb--;
	et_buf fn, disp;
	et_buf_init(&fn, 64);
	et_buf_add(&fn, cb, (size_t)(cls.s + cls.n - cb));
	et_buf_addch(&fn, '.');
	et_buf_add(&fn, m, (size_t)(me - m));
	et_buf_init(&disp, 64);
	et_buf_add(&disp, cls.s, cls.n);
	et_buf_addch(&disp, '.');
	et_buf_add(&disp, m, (size_t)(me - m));
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	jtrace t;
	memset(&t, 0, sizeof t);
	if (n > 1) {
		/* short form: "    java.lang.AssertionError at AppTest.java:12" */
		ec_span l1 = ec_span_trim(lines[1].s, lines[1].len);
		const char *at = memmem(l1.s, l1.n, " at ", 4);
		jhead hd;
		if (at && !memchr(l1.s, ':', (size_t)(at - l1.s)) &&
		    head_at(l1.s, (size_t)(at - l1.s), 0, &hd, 0)) {
			ec_set_strn(rec, "type", hd.type.s, hd.type.n);
			const char *fl = at + 4, *fe = l1.s + l1.n, *c = fe;
			while (c > fl && c[-1] != ':')
				c--;
			const char *q = c;
			long line = c > fl ? ec_num(&q, fe) : -1;
			if (line > 0 && q == fe)
				ec_set_location(ctx, rec, fl, (size_t)(c - 1 - fl), line, 0);
			cJSON *causes = NULL;
			for (size_t i = 2; i < n; i++) {
				ec_span li = ec_span_trim(lines[i].s, lines[i].len);
				if (!ec_mem_starts(li.s, li.n, "Caused by: "))
					continue;
				const char *a2 = memmem(li.s, li.n, " at ", 4);
				ec_span ty = { li.s + 11, (size_t)((a2 ? a2 : li.s + li.n) - li.s - 11) };
				cJSON *cz = cJSON_CreateObject();
				cJSON_AddItemToObject(cz, "type", et_json_strn(ty.s, ty.n));
				cJSON_AddNullToObject(cz, "message");
				cJSON_AddNullToObject(cz, "frames");
				cJSON_AddStringToObject(cz, "relation", "cause");
				if (!causes)
					causes = cJSON_CreateArray();
				cJSON_AddItemToArray(causes, cz);
			}
			if (causes)
				et_json_set(rec, "causes", causes);
		} else if (trace_parse(&t, lines, 1, n, 0)) {
			trace_fill(ctx, rec, &t);
		}
	}
	locate_test(ctx, rec, &t, disp.buf, disp.len, fn.buf, fn.len);
	trace_free(&t);
	et_buf_release(&fn);
	et_buf_release(&disp);
	ec_emit(ctx, rec);
	jshared(ctx)->test_recs++;
}

/* One record per "* What went wrong:" section. */
static void gradle_build_recs(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ec_span where = { NULL, 0 };
	long where_line = 0;
	for (size_t i = 0; i < n; i++) {
		const ec_line *l = &lines[i];
		if (ec_starts(l, "* Where:") && i + 1 < n) {
			/* "Build file '/p/build.gradle' line: 12" */
			const ec_line *w = &lines[i + 1];
			const char *q1 = memchr(w->s, '\'', w->len), *q2;
			where.n = 0;
			where_line = 0;
			if (q1 && (q2 = memchr(q1 + 1, '\'', (size_t)(w->s + w->len - q1 - 1)))) {
				where.s = q1 + 1;
				where.n = (size_t)(q2 - q1 - 1);
				const char *ln = memmem(q2, (size_t)(w->s + w->len - q2), "line: ", 6);
				if (ln) {
					ln += 6;
					where_line = ec_num(&ln, w->s + w->len);
				}
			}
			continue;
		}
		if (!ec_starts(l, "* What went wrong:") || i + 1 >= n)
			continue;
		size_t j = i + 1, last = i + 1;
		ec_span msg = ec_span_trim(lines[j].s, lines[j].len);
		cJSON *causes = NULL;
		int skip = 0;
		for (j = i + 2; j < n && !ec_blank(&lines[j]); j++) {
			ec_span c = ec_span_trim(lines[j].s, lines[j].len);
			last = j;
			if (!ec_mem_starts(c.s, c.n, "> "))
				continue;
			c = ec_span_trim(c.s + 2, c.n - 2);
			if ((ec_mem_starts(c.s, c.n, "Compilation failed") || ec_mem_starts(c.s, c.n, "Compilation error")) &&
			    jshared(ctx)->compile_recs)
				skip = 1;
			if (ec_mem_starts(c.s, c.n, "There were failing tests") && jshared(ctx)->test_recs)
				skip = 1;
			cJSON *cz = cJSON_CreateObject();
			cJSON_AddNullToObject(cz, "type");
			cJSON_AddItemToObject(cz, "message", et_json_strn(c.s, c.n));
			cJSON_AddNullToObject(cz, "frames");
			cJSON_AddStringToObject(cz, "relation", "cause");
			if (!causes)
				causes = cJSON_CreateArray();
			cJSON_AddItemToArray(causes, cz);
		}
		if (skip || !msg.n) {
			cJSON_Delete(causes);
		} else {
			cJSON *rec = ec_rec_new(ctx, lines, i, last);
			ec_set_level(rec, "error");
			ec_set_strn(rec, "message", msg.s, msg.n);
			if (where.n)
				ec_set_location(ctx, rec, where.s, where.n, where_line, 0);
			if (causes)
				et_json_set(rec, "causes", causes);
			ec_emit(ctx, rec);
		}
		where.n = 0;
		where_line = 0;
		i = last;
	}
	jshared(ctx)->compile_recs = jshared(ctx)->test_recs = 0;
}

static void gradle_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	gradle_st *st = vst;
	int kind = st->kind, warn;
	ec_span file, msg;
	long line, col;
	st->kind = GR_NONE;
	if (kind == GR_TEST) {
		gradle_test_rec(ctx, lines, n);
	} else if (kind == GR_BUILD) {
		gradle_build_recs(ctx, lines, n);
	} else if (kind == GR_KOTLIN && kotlin_diag(&lines[0], &warn, &file, &line, &col, &msg)) {
		cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
		ec_set_strn(rec, "message", msg.s, msg.n);
		emit_compiler(ctx, rec, warn, file, line, col);
	}
}

const ec_parser ec_parser_gradle = { .name = "gradle", .triggers = gradle_triggers,
	.state_size = sizeof(gradle_st),
	.start = gradle_start, .more = gradle_more, .finish = gradle_finish };
