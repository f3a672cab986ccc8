/*
 * parse_sanitizer.c: runtime checkers: UBSan (parser "ubsan"), the
 * ASan/LSan/TSan/MSan report (parser "asan") and valgrind (parser
 * "valgrind").
 *
 * ubsan: "file:L:C: runtime error: msg", then the optional stack
 * ("    #0 0x... in main x.c:7:4", UBSAN_OPTIONS=print_stacktrace=1), notes
 * ("0x...: note: pointer points here" + dump + caret) and "SUMMARY:
 * UndefinedBehaviorSanitizer: ...". level "error" (the program goes on
 * after a runtime error unless built with -fno-sanitize-recover); type =
 * the name of the -fsanitize= check the message belongs to
 * ("signed-integer-overflow", "shift-exponent", "bounds", ...), else
 * "runtime error".
 *
 * asan: "==PID==ERROR: AddressSanitizer: KIND ..." (also LeakSanitizer,
 * MemorySanitizer, UndefinedBehaviorSanitizer deadly signals) and
 * "WARNING: ThreadSanitizer: KIND (pid=N)": one record per report, from
 * the separator line before it to "==PID==ABORTING", the closing
 * "==================" of TSan, or the last line that can belong to the
 * report (shadow bytes and legend included). type: the bug type of the
 * SUMMARY line when it names one ("heap-use-after-free", "double-free",
 * "data race"), else the header's words before " on "/" at "/" ("
 * ("detected memory leaks"). level "fatal", but "warning" for TSan's
 * WARNING reports (the program goes on). LeakSanitizer's report gives a
 * record per direct leak (per indirect leak when there is no direct one),
 * with that leak's allocation stack as frames. frames: the first stack only,
 * outermost first; file/line/function: its innermost frame in the
 * program's own code (not libc, the sanitizer runtime, /usr, /lib).
 *
 * valgrind: "==PID== Invalid read of size 4" + "==PID==    at 0x...: f
 * (x.c:7)" + "by" lines + indented sections, up to the "==PID== " blank.
 * Preamble, HEAP/LEAK/ERROR SUMMARY lines make no record. type: the kind
 * valgrind's XML output uses ("InvalidRead", "InvalidWrite",
 * "InvalidFree", "MismatchedFree", "UninitCondition", "UninitValue",
 * "SyscallParam", "Overlap", "FishyValue", "InvalidJump",
 * "Leak_DefinitelyLost", "Leak_PossiblyLost", ...), the signal name for
 * "Process terminating with default action of signal 11 (SIGSEGV)"
 * (level "fatal"), else null; level "error" (valgrind's "Warning:"
 * lines: "warning").
 */
#include "parser.h"
#include "et_cli.h"
#include "et_frame.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/* Is this file, or this function, outside the program's own code (et_frame_in_app)? */
static int foreign(const char *f, size_t n, int func)
{
	char *c = et_xstrndup(f, n);
	int lib = func ? !et_frame_in_app(NULL, c) : !et_frame_in_app(c, NULL);
	free(c);
	return lib;
}

static int foreign_file(const char *f, size_t n)
{
	return foreign(f, n, 0);
}

static int foreign_func(const char *f, size_t n)
{
	return foreign(f, n, 1);
}

/* ------------------------------------------------------------------ */
/* stack frames in the sanitizers' "#N ..." form                        */

typedef struct {
	const char *file;
	size_t flen;
	long line, col;
	const char *func;
	size_t funclen;
	int own;
} frame;

/* Is this a "    #N ..." frame line? Sets *rest after "#N ". */
static int san_frame_line(const char *s, size_t n, const char **rest)
{
	size_t i = 0;
	size_t ind;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	ind = i;
	if (i >= n || s[i] != '#')
		return 0;
	i++;
	if (i >= n || !ec_is_digit(s[i]))
		return 0;
	while (i < n && ec_is_digit(s[i]))
		i++;
	if (i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	/* not indented: only "#0 0x4f2ae7 in ..." (some tools strip the indent) */
	if (ind == 0 && !ec_mem_starts(s + i, n - i, "0x"))
		return 0;
	*rest = s + i;
	return 1;
}

/* Does the last word of a frame look like a source location? */
static int san_location(const char *q, size_t n)
{
	long ln, col;
	size_t fl = ec_split_location(q, n, &ln, &col);
	if (ln > 0 && fl > 0)
		return 1;
	if (ec_mem_starts(q, n, "??"))
		return 1;
	return (q[0] == '/' || ec_mem_starts(q, n, "./") || ec_mem_starts(q, n, "../")) && !memchr(q, '(', n);
}

/* Drops the spaces that end p..*end and returns where its last word starts. */
static const char *last_word(const char *p, const char **end)
{
	const char *q;
	while (*end > p && (*end)[-1] == ' ')
		(*end)--;
	for (q = *end; q > p && q[-1] != ' '; q--)
		;
	return q;
}

static void san_parse_frame(const char *p, const char *end, frame *f)
{
	const char *q;
	memset(f, 0, sizeof *f);
	if (end - p > 2 && p[0] == '0' && p[1] == 'x') {
		while (p < end && *p != ' ')
			p++;
		while (p < end && *p == ' ')
			p++;
	}
	if (end - p > 3 && !memcmp(p, "in ", 3))
		p += 3;
	/* drop " (BuildId: ...)" */
	q = ec_memfind(p, (size_t)(end - p), " (BuildId: ");
	if (q)
		end = q;
	q = last_word(p, &end);
	if (q < end && *q == '(' && end[-1] == ')') {
		/* (module+0xoff): TSan puts it after the source location */
		const char *plus = ec_memfind(q, (size_t)(end - q), "+0x");
		const char *mend = plus ? plus : end - 1;
		f->file = q + 1;
		f->flen = (size_t)(mend - q - 1);
		end = q;
		q = last_word(p, &end);
		if (q > p && q < end) {
			long ln, col;
			size_t fl = ec_split_location(q, (size_t)(end - q), &ln, &col);
			if (ln > 0 || (end - q == 6 && !memcmp(q, "<null>", 6))) {
				if (ln > 0) {
					f->file = q;
					f->flen = fl;
					f->line = ln;
					f->col = col;
				}
				end = q;
			}
		}
	} else if (q > p && q < end && san_location(q, (size_t)(end - q))) {
		f->flen = ec_split_location(q, (size_t)(end - q), &f->line, &f->col);
		/* "in main /home/me/my proj/a.c:20": the path's words before q */
		const char *b = ec_spaced_path_back(p, q, q + f->flen);
		f->flen += (size_t)(q - b);
		q = b;
		f->file = q;
		if (f->flen == 2 && !memcmp(q, "??", 2))
			f->file = NULL;         /* "??:?" or "??:0": unknown */
		end = q;
	}
	while (end > p && end[-1] == ' ')
		end--;
	if (end > p) {
		f->func = p;
		f->funclen = (size_t)(end - p);
	}
	f->own = f->file && f->line > 0 && !foreign_file(f->file, f->flen) &&
		 !(f->func && foreign_func(f->func, f->funclen));
}

/*
 * Fills frames (outermost first), file, line, column, function from the
 * frames fr[0..n) given innermost first.
 */
static void set_frames(ec_ctx *ctx, cJSON *rec, const frame *fr, size_t n)
{
	cJSON *arr;
	size_t prim = 0;
	if (!n)
		return;
	arr = cJSON_CreateArray();
	for (size_t i = n; i-- > 0;)
		cJSON_AddItemToArray(arr, ec_frame(fr[i].file, fr[i].flen, fr[i].line, fr[i].col,
						   fr[i].func, fr[i].funclen, NULL, 0));
	et_json_set(rec, "frames", arr);
	/* the innermost frame of the program's own code with a line; else one
	   at least outside the system and the runtimes; else the innermost */
	for (size_t i = 0; i < n; i++)
		if (fr[i].own) {
			prim = i;
			goto found;
		}
	for (size_t i = 0; i < n; i++)
		if (fr[i].file && !foreign_file(fr[i].file, fr[i].flen) &&
		    !(fr[i].func && foreign_func(fr[i].func, fr[i].funclen))) {
			prim = i;
			break;
		}
found:
	if (fr[prim].file)
		ec_set_location(ctx, rec, fr[prim].file, fr[prim].flen, fr[prim].line, fr[prim].col);
	if (fr[prim].func)
		ec_set_strn(rec, "function", fr[prim].func, fr[prim].funclen);
}

/* The frames of the first stack in lines[from..n): innermost first. */
static size_t first_stack(const ec_line *lines, size_t from, size_t n, frame **out)
{
	frame *fr = NULL;
	size_t nf = 0, cap = 0;
	int in = 0;
	for (size_t i = from; i < n; i++) {
		const char *rest;
		if (san_frame_line(lines[i].s, lines[i].len, &rest)) {
			in = 1;
			if (nf == cap) {
				cap = cap ? cap * 2 : 16;
				fr = realloc(fr, cap * sizeof *fr);
				if (!fr)
					abort();
			}
			san_parse_frame(rest, lines[i].s + lines[i].len, &fr[nf++]);
		} else if (in) {
			break;
		}
	}
	*out = fr;
	return nf;
}

/* ------------------------------------------------------------------ */
/* ubsan                                                                */

static const char *const ubsan_triggers[] = { "runtime error: ", NULL };

typedef struct {
	int frames, note;
} ub_state;


/* "LOC: runtime error: " with a line number; sets the location's length. */
static const char *ub_header(const char *s, size_t n, size_t *loclen)
{
	const char *p = ec_memfind(s, n, ": runtime error: ");
	long ln, col;
	size_t fl;
	if (!p || p == s)
		return NULL;
	fl = ec_split_location(s, (size_t)(p - s), &ln, &col);
	if (ln <= 0 || fl == 0 || (memchr(s, ' ', fl) && !ec_spaced_path(s, fl)))
		return NULL;
	*loclen = (size_t)(p - s);
	return p + 17;
}

static enum ec_verdict ub_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ub_state *u = st;
	size_t ll;
	if (!ub_header(l->s, l->len, &ll))
		return EC_NO;
	u->frames = u->note = 0;
	return EC_START;
}

/* UBSan's memory dump under "note: pointer points here": hex pairs, or the caret */
static int hex_dump(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(ec_is_digit(s[i]) || (s[i] >= 'a' && s[i] <= 'f') || s[i] == ' ' || s[i] == '^'))
			return 0;
	return n > 0;
}

static enum ec_verdict ub_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ub_state *u = st;
	const char *rest;
	if (san_frame_line(l->s, l->len, &rest)) {
		u->frames = 1;
		return EC_MORE;
	}
	if (ec_mem_starts(l->s, l->len, "SUMMARY: UndefinedBehaviorSanitizer"))
		return EC_DONE;
	if (l->len == 0)
		return u->frames ? EC_MORE : EC_NO;
	if (ec_memfind(l->s, l->len, ": note: ")) {
		u->note = 1;
		return EC_MORE;
	}
	if (u->note && (l->s[0] == ' ' || hex_dump(l->s, l->len)))
		return EC_MORE;
	return EC_NO;
}

static const ec_prefix_name ub_checks[] = {
	{ "signed integer overflow", "signed-integer-overflow" },
	{ "negation of ", "signed-integer-overflow" },
	{ "unsigned integer overflow", "unsigned-integer-overflow" },
	{ "division by zero", "integer-divide-by-zero" },
	{ "division of ", "signed-integer-overflow" },
	{ "shift exponent", "shift-exponent" },
	{ "left shift of", "shift-base" },
	{ "index ", "bounds" },
	{ "load of misaligned address", "alignment" }, { "store to misaligned address", "alignment" },
	{ "member access within misaligned address", "alignment" },
	{ "member call on misaligned address", "alignment" },
	{ "load of null pointer", "null" }, { "store to null pointer", "null" },
	{ "member access within null pointer", "null" }, { "member call on null pointer", "null" },
	{ "reference binding to null pointer", "null" },
	{ "load of address", "object-size" }, { "store to address", "object-size" },
	{ "member access within address", "object-size" },
	{ "applying non-zero offset", "pointer-overflow" },
	{ "applying zero offset to null pointer", "pointer-overflow" },
	{ "addition of unsigned offset", "pointer-overflow" },
	{ "subtraction of unsigned offset", "pointer-overflow" },
	{ "pointer index expression", "pointer-overflow" },
	{ "execution reached an unreachable program point", "unreachable" },
	{ "execution reached the end of a value-returning function", "return" },
	{ "variable length array bound", "vla-bound" },
	{ "null pointer passed as argument", "nonnull-attribute" },
	{ "null pointer returned from function", "returns-nonnull-attribute" },
	{ "call to function", "function" },
	{ "passing zero to", "builtin" },
	{ "implicit conversion", "implicit-conversion" },
	{ "assumption of", "alignment" },
	{ NULL, NULL },
};

static const char *ub_check(const char *m, size_t n)
{
	const char *hit = NULL;
	if (ec_memfind(m, n, "which does not point to an object of type") || ec_mem_starts(m, n, "downcast of"))
		return "vptr";
	if (ec_mem_starts(m, n, "control flow integrity check"))
		return "cfi";
	hit = ec_prefix_find(ub_checks, m, n);
	if (!hit && ec_memfind(m, n, "is outside the range of representable values"))
		hit = "float-cast-overflow";
	if (!hit && ec_mem_starts(m, n, "load of value") && ec_memfind(m, n, "valid value for type"))
		hit = ec_memfind(m, n, "'bool'") || ec_memfind(m, n, "'_Bool'") ? "bool" : "enum";
	if (hit && !strcmp(hit, "bounds") && !ec_memfind(m, n, "out of bounds"))
		hit = NULL;
	return hit;
}

static void ub_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ub_state *u = st;
	size_t ll;
	long ln, col;
	const char *m = ub_header(lines[0].s, lines[0].len, &ll), *chk;
	size_t mn, fl;
	frame *fr = NULL;
	size_t nf;
	cJSON *rec;
	u->frames = u->note = 0;
	if (!m)
		return;
	mn = lines[0].len - (size_t)(m - lines[0].s);
	rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	chk = ub_check(m, mn);
	et_json_set_str(rec, "type", chk ? chk : "runtime error");
	ec_set_strn(rec, "message", m, mn);
	fl = ec_split_location(lines[0].s, ll, &ln, &col);
	nf = first_stack(lines, 1, n, &fr);
	if (nf) {
		set_frames(ctx, rec, fr, nf);
		if (fr[0].func)
			ec_set_strn(rec, "function", fr[0].func, fr[0].funclen);
	}
	/* the location of the report itself is the primary one */
	et_json_set_null(rec, "column");
	ec_set_location(ctx, rec, lines[0].s, fl, ln, col);
	free(fr);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_ubsan = { .name = "ubsan", .triggers = ubsan_triggers,
	.state_size = sizeof(ub_state), .start = ub_start, .more = ub_more, .finish = ub_finish };

/* ------------------------------------------------------------------ */
/* asan, lsan, tsan, msan                                               */

static const char *const asan_triggers[] = { "Sanitizer: ", "libFuzzer: ", NULL };

typedef struct {
	int tsan, summary, shadow;
	size_t nlines;
} as_state;


/* Skips a "==PID==" prefix; returns its length (0 when none). */
static size_t pid_prefix(const char *s, size_t n)
{
	size_t i = 2;
	if (n < 5 || s[0] != '=' || s[1] != '=' || !ec_is_digit(s[2]))
		return 0;
	while (i < n && ec_is_digit(s[i]))
		i++;
	if (i + 1 < n && s[i] == '=' && s[i + 1] == '=')
		return i + 2;
	return 0;
}

/*
 * "==PID==ERROR: XSanitizer: rest" or "WARNING: XSanitizer: rest": returns
 * rest, sets the sanitizer's name and whether it was a WARNING.
 */
static const char *as_header(const char *s, size_t n, const char **san, size_t *sanlen, int *warn)
{
	size_t p = pid_prefix(s, n);
	const char *q, *c;
	if (p && p < n && s[p] == ' ')
		p++;            /* "==18306== WARNING: MemorySanitizer:" */
	s += p;
	n -= p;
	if (ec_mem_starts(s, n, "ERROR: ")) {
		*warn = 0;
		q = s + 7;
	} else if (ec_mem_starts(s, n, "WARNING: ")) {
		*warn = 1;
		q = s + 9;
	} else {
		return NULL;
	}
	c = ec_memfind(q, n - (size_t)(q - s), "Sanitizer: ");
	if (c && !memchr(q, ' ', (size_t)(c - q))) {
		*san = q;
		*sanlen = (size_t)(c - q) + 9;
		return c + 11;
	}
	if (ec_mem_starts(q, n - (size_t)(q - s), "libFuzzer: ")) {
		*san = q;
		*sanlen = 9;
		return q + 11;
	}
	return NULL;
}

static int all_eq(const char *s, size_t n)
{
	if (n < 10)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '=')
			return 0;
	return 1;
}

static enum ec_verdict as_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	as_state *a = st;
	const char *san;
	size_t sanlen, k = 0;
	int warn;
	const ec_line *b;
	if (!as_header(l->s, l->len, &san, &sanlen, &warn))
		return EC_NO;
	a->tsan = ec_mem_starts(san, sanlen, "ThreadSanitizer");
	a->summary = a->shadow = 0;
	a->nlines = 1;
	/* the separator line and "AddressSanitizer:DEADLYSIGNAL" before it */
	while ((b = ec_back(ctx, k + 1)) != NULL && k < 8) {
		if (all_eq(b->s, b->len) || ec_memfind(b->s, b->len, "DEADLYSIGNAL"))
			k++;
		else
			break;
	}
	if (k)
		ec_claim_back(ctx, k);
	return EC_START;
}

static int as_known(const char *s, size_t n)
{
	static const char *const words[] = {
		"READ of size", "WRITE of size", "ACCESS of size", "freed by thread",
		"previously allocated by", "allocated by thread", "Direct leak of",
		"Indirect leak of", "Thread T", "Address 0x", "AddressSanitizer",
		"HINT:", "Hint:", "This frame has", "SUMMARY:", "Shadow byte", "=>",
		"0x", "Uninitialized value", "Memory was", "Objects leaked above",
		"Previous ", "Location is", "Mutex ", "Atomic ", "Read of size",
		"Write of size", "previously freed by", "Exiting", "Compressed ", "SCARINESS:",
		"-----", "Suppressions used", "MS: ", "Base64:", "artifact_prefix",
		"Test unit written", "DEDUP_TOKEN:",
		"    ", "  ", "\t",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (ec_mem_starts(s, n, words[i]))
			return 1;
	return ec_memfind(s, n, " thread T") || ec_memfind(s, n, "Sanitizer") || ec_memfind(s, n, " is located ");
}

static enum ec_verdict as_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	as_state *a = st;
	const char *san;
	size_t sanlen, p;
	int warn;
	if (a->nlines > 3000)
		return EC_NO;
	if (all_eq(l->s, l->len))
		return a->tsan ? EC_DONE : EC_NO;
	if (as_header(l->s, l->len, &san, &sanlen, &warn))
		return EC_NO;
	p = pid_prefix(l->s, l->len);
	if (p && ec_mem_ends(l->s, l->len, "ABORTING"))
		return EC_DONE;
	a->nlines++;
	if (l->len == 0 || p)
		return EC_MORE;
	if (ec_mem_starts(l->s, l->len, "SUMMARY: ")) {
		a->summary = 1;
		return EC_MORE;
	}
	{
		const char *rest;
		if (!a->summary && san_frame_line(l->s, l->len, &rest))
			return EC_MORE;
	}
	if (a->summary) {
		/* after SUMMARY: only ASan's shadow bytes and their legend */
		if (ec_mem_starts(l->s, l->len, "Shadow byte")) {
			a->shadow = 1;
			return EC_MORE;
		}
		if (a->shadow && (ec_mem_starts(l->s, l->len, "  ") || ec_mem_starts(l->s, l->len, "=>")))
			return EC_MORE;
		if (l->len == 7 && !memcmp(l->s, "Exiting", 7))
			return EC_DONE;
		return EC_NO;
	}
	return as_known(l->s, l->len) ? EC_MORE : EC_NO;
}

/* The bug type on the SUMMARY line, when it starts with one. */
static size_t summary_type(const char *s, size_t n, const char **ty)
{
	const char *c = ec_memfind(s, n, "Sanitizer: "), *p, *e;
	if (!c)
		return 0;
	p = c + 11;
	e = s + n;
	if (p >= e || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	/* words up to the location: a word with '/' or ':', '(' first, or "in" */
	const char *w = p, *last = p;
	while (w < e) {
		const char *we = memchr(w, ' ', (size_t)(e - w));
		if (!we)
			we = e;
		if (memchr(w, '/', (size_t)(we - w)) || memchr(w, ':', (size_t)(we - w)) ||
		    *w == '(' || (we - w == 2 && !memcmp(w, "in", 2)))
			break;
		last = we;
		w = we < e ? we + 1 : e;
	}
	*ty = p;
	return (size_t)(last - p);
}

static void as_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	as_state *a = st;
	size_t h = 0, sanlen;
	const char *rest = NULL, *san;
	int warn = 0;
	cJSON *rec;
	a->summary = a->shadow = 0;
	a->nlines = 0;
	for (h = 0; h < n; h++)
		if ((rest = as_header(lines[h].s, lines[h].len, &san, &sanlen, &warn)) != NULL)
			break;
	if (!rest)
		return;
	const char *end = lines[h].s + lines[h].len, *ty = rest, *te;
	size_t tylen;
	/* header words up to " on ", " at ", " (", ": " */
	te = end;
	{
		const char *cands[] = { " on ", " at ", " (", ": ", " in thread", " after " };
		for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
			const char *x = ec_memfind(rest, (size_t)(end - rest), cands[i]);
			if (x && x < te)
				te = x;
		}
	}
	tylen = (size_t)(te - rest);
	if (tylen > 64) {
		/* no bug type shape: the first word */
		const char *sp = memchr(rest, ' ', tylen);
		tylen = sp ? (size_t)(sp - rest) : 64;
		if (tylen > 64)
			tylen = 64;
	}
	for (size_t i = h + 1; i < n; i++)
		if (ec_mem_starts(lines[i].s, lines[i].len, "SUMMARY: ")) {
			const char *st2;
			size_t k = summary_type(lines[i].s, lines[i].len, &st2);
			if (k) {
				ty = st2;
				tylen = k;
			}
			break;
		}
	/*
	 * LeakSanitizer: one record per direct leak (each is its own bug, with
	 * its own allocation stack), indirect leaks only when there is no
	 * direct one; the first record takes the header, the last the summary.
	 */
	size_t *leaks = NULL, nleaks = 0;
	for (int direct = 1; direct >= 0 && !nleaks; direct--)
		for (size_t i = h + 1; i < n; i++)
			if (ec_mem_starts(lines[i].s, lines[i].len, direct ? "Direct leak of " : "Indirect leak of ")) {
				leaks = et_xrealloc(leaks, (nleaks + 1) * sizeof *leaks);
				leaks[nleaks++] = i;
			}
	for (size_t k = 0; k < (nleaks ? nleaks : 1); k++) {
		size_t first = k ? leaks[k] : 0, last = k + 1 < nleaks ? leaks[k + 1] - 1 : n - 1;
		frame *fr;
		size_t nf;
		rec = ec_rec_new(ctx, lines, first, last);
		ec_set_level(rec, warn && ec_mem_starts(san, sanlen, "ThreadSanitizer") ? "warning" : "fatal");
		ec_set_strn(rec, "type", ty, tylen);
		ec_set_strn(rec, "message", rest, (size_t)(end - rest));
		nf = first_stack(lines, nleaks ? leaks[k] + 1 : h + 1, nleaks ? last + 1 : n, &fr);
		set_frames(ctx, rec, fr, nf);
		free(fr);
		ec_emit(ctx, rec);
	}
	free(leaks);
}

const ec_parser ec_parser_asan = { .name = "asan", .triggers = asan_triggers,
	.state_size = sizeof(as_state), .start = as_start, .more = as_more, .finish = as_finish };

/* ------------------------------------------------------------------ */
/* valgrind                                                             */

static const char *const valgrind_triggers[] = { "== ", NULL };

typedef struct {
	char pid[24];
	size_t pidlen;
	size_t nlines;
	int multi;      /* Helgrind/DRD: the error goes on over "==PID== " blanks */
} vg_state;

/* Helgrind's and DRD's error headers (their reports span blank lines). */
static int vg_multi_header(const char *m, size_t mn)
{
	return ec_mem_starts(m, mn, "Possible data race") || ec_mem_starts(m, mn, "Lock at ") ||
	       ec_mem_starts(m, mn, "Thread #") || ec_mem_starts(m, mn, "Conflicting ") ||
	       ec_mem_starts(m, mn, "Lock order");
}

/* Helgrind's thread announcements: not errors. */
static int vg_announcement(const char *m, size_t mn)
{
	return ec_mem_starts(m, mn, "Thread #") &&
	       (ec_mem_ends(m, mn, " was created") || ec_mem_ends(m, mn, "root thread"));
}


/* "==PID== ": returns the prefix's length (with the space) or 0. */
static size_t vg_prefix(const char *s, size_t n)
{
	size_t p = pid_prefix(s, n);
	if (!p || p >= n || s[p] != ' ')
		return 0;
	return p + 1;
}

static const char *const vg_not_errors[] = {
	"Memcheck,", "Helgrind,", "DRD,", "Cachegrind,", "Callgrind,", "Massif,",
	"Copyright", "Using Valgrind", "Using LibVEX", "Command:", "Parent PID:",
	"HEAP SUMMARY:", "LEAK SUMMARY:", "ERROR SUMMARY:", "For lists", "For counts",
	"For a detailed", "All heap blocks", "Rerun with", "Reachable blocks",
	"To see them", "Use --track-origins", "Searching for pointers", "Checked ",
	"FILE DESCRIPTORS:", "Open file descriptor", "Open AF_", "Exit program",
	"I   refs:", "Events ", "Collected", "Estimated", "Use --",
	"No malloc'd blocks", "Total ", "Note: ", "WARNING: Serious error",
	"---Thread-Announcement", "----------------",
};

static enum ec_verdict vg_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	vg_state *v = st;
	size_t p = vg_prefix(l->s, l->len);
	const char *m;
	size_t mn;
	if (!p || p >= l->len || l->s[p] == ' ')
		return EC_NO;
	m = l->s + p;
	mn = l->len - p;
	for (size_t i = 0; i < sizeof vg_not_errors / sizeof vg_not_errors[0]; i++)
		if (ec_mem_starts(m, mn, vg_not_errors[i]))
			return EC_NO;
	if (p - 1 > sizeof v->pid || vg_announcement(m, mn) || ec_mem_starts(m, mn, "---"))
		return EC_NO;
	v->multi = vg_multi_header(m, mn);
	memcpy(v->pid, l->s, p - 1);
	v->pidlen = p - 1;
	v->nlines = 1;
	return EC_START;
}

static enum ec_verdict vg_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	vg_state *v = st;
	if (v->nlines > 2000 || l->len < v->pidlen || memcmp(l->s, v->pid, v->pidlen) ||
	    (l->len > v->pidlen && l->s[v->pidlen] != ' '))
		return EC_NO;
	if (l->len < v->pidlen + 3) {
		/* "==PID== " (or "==PID==" where trailing spaces were stripped) */
		if (l->len == v->pidlen + 2 && l->s[v->pidlen + 1] != ' ')
			return EC_NO;
		/* "==PID== ": the end of an error, but inside Helgrind's */
		if (!v->multi)
			return EC_NO;
		v->nlines++;
		return EC_MORE;
	}
	/* indented: "==PID==    at 0x...", "==PID==  Address ..." */
	if (l->s[v->pidlen + 1] != ' ') {
		const char *m = l->s + v->pidlen + 1;
		size_t mn = l->len - v->pidlen - 1;
		if (!v->multi || ec_mem_starts(m, mn, "---") || vg_multi_header(m, mn))
			return EC_NO;
		for (size_t i = 0; i < sizeof vg_not_errors / sizeof vg_not_errors[0]; i++)
			if (ec_mem_starts(m, mn, vg_not_errors[i]))
				return EC_NO;
		if (ec_mem_starts(m, mn, "Use --history-level"))
			return EC_NO;
	}
	v->nlines++;
	return EC_MORE;
}

/* "at 0x109198: sum (vg.c:8)" or "by 0x...: malloc (in /usr/lib/x.so)" */
static int vg_frame(const char *s, size_t n, frame *f)
{
	const char *p = s, *end = s + n, *c, *o;
	memset(f, 0, sizeof *f);
	while (p < end && *p == ' ')
		p++;
	if (!(ec_mem_starts(p, (size_t)(end - p), "at 0x") || ec_mem_starts(p, (size_t)(end - p), "by 0x")))
		return 0;
	c = ec_memfind(p, (size_t)(end - p), ": ");
	if (!c)
		return 1;
	p = c + 2;
	if (end > p && end[-1] == ')') {
		/* the last " (" group: "(vg.c:8)" or "(in /path/lib.so)" */
		o = NULL;
		for (const char *q = end - 1; q > p; q--)
			if (q[-1] == ' ' && *q == '(') {
				o = q;
				break;
			}
		if (o) {
			const char *ls = o + 1, *le = end - 1;
			if (ec_mem_starts(ls, (size_t)(le - ls), "in ")) {
				f->file = ls + 3;
				f->flen = (size_t)(le - ls - 3);
			} else {
				f->flen = ec_split_location(ls, (size_t)(le - ls), &f->line, &f->col);
				f->file = ls;
			}
			end = o - 1;
		}
	}
	if (end > p && !(end - p == 3 && !memcmp(p, "???", 3))) {
		f->func = p;
		f->funclen = (size_t)(end - p);
	}
	f->own = f->file && f->line > 0 && !foreign_file(f->file, f->flen) &&
		 !(f->func && foreign_func(f->func, f->funclen)) &&
		 !ec_mem_starts(f->file, f->flen, "libc_start_call_main.h") &&
		 !ec_mem_starts(f->file, f->flen, "libc-start.c") && !ec_mem_starts(f->file, f->flen, "clone") &&
		 !ec_mem_starts(f->file, f->flen, "pthread_create.c");
	return 1;
}

static const ec_prefix_name vg_kinds[] = {
	{ "Invalid read", "InvalidRead" },
	{ "Invalid write", "InvalidWrite" },
	{ "Invalid free()", "InvalidFree" },
	{ "Mismatched free()", "MismatchedFree" },
	{ "Conditional jump or move depends on uninitialised", "UninitCondition" },
	{ "Use of uninitialised value", "UninitValue" },
	{ "Syscall param", "SyscallParam" },
	{ "Source and destination overlap", "Overlap" },
	{ "Argument '", "FishyValue" },
	{ "Jump to the invalid address", "InvalidJump" },
	{ "Possible data race", "Race" },
	{ "Conflicting ", "ConflictingAccess" },
	{ "Lock order", "LockOrder" },
	{ "Invalid ", "Invalid" },
	{ NULL, NULL },
};

static void vg_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	vg_state *v = st;
	size_t p = vg_prefix(lines[0].s, lines[0].len);
	const char *m = lines[0].s + p, *kind = NULL, *level = "error";
	size_t mn = lines[0].len - p, nf = 0, cap = 0;
	frame *fr = NULL;
	char sig[16];
	cJSON *rec;
	v->nlines = 0;
	v->multi = 0;
	while (n > 1 && lines[n - 1].len <= p)
		n--;
	kind = ec_prefix_find(vg_kinds, m, mn);
	if (!kind && ec_memfind(m, mn, " in loss record ")) {
		kind = ec_memfind(m, mn, "definitely lost") ? "Leak_DefinitelyLost" :
		       ec_memfind(m, mn, "indirectly lost") ? "Leak_IndirectlyLost" :
		       ec_memfind(m, mn, "possibly lost") ? "Leak_PossiblyLost" : "Leak_StillReachable";
	}
	if (!kind && ec_mem_starts(m, mn, "Process terminating with default action of signal")) {
		const char *o = ec_memfind(m, mn, "(SIG");
		const char *c = o ? memchr(o, ')', mn - (size_t)(o - m)) : NULL;
		level = "fatal";
		if (c && c - o - 1 < (long)sizeof sig) {
			memcpy(sig, o + 1, (size_t)(c - o - 1));
			sig[c - o - 1] = '\0';
			kind = sig;
		}
	}
	if (!kind && ec_mem_starts(m, mn, "Thread #"))
		kind = ec_memfind(m, mn, "unlocked a not-locked lock") ? "UnlockUnlocked" :
		       ec_memfind(m, mn, "lock order") ? "LockOrder" :
		       ec_memfind(m, mn, "call to pthread_") ? "PthAPIerror" : "Misc";
	if (ec_mem_starts(m, mn, "Warning: "))
		level = "warning";
	/* the first stack */
	for (size_t i = 1; i < n; i++) {
		size_t q = vg_prefix(lines[i].s, lines[i].len);
		frame f;
		if (q && vg_frame(lines[i].s + q, lines[i].len - q, &f)) {
			if (nf == cap) {
				cap = cap ? cap * 2 : 16;
				fr = realloc(fr, cap * sizeof *fr);
				if (!fr)
					abort();
			}
			fr[nf++] = f;
		} else if (nf) {
			break;
		}
	}
	if ((!kind && !nf) || (kind && !strcmp(kind, "Leak_StillReachable"))) {
		free(fr);
		return;
	}
	rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, level);
	if (kind)
		et_json_set_str(rec, "type", kind);
	ec_set_strn(rec, "message", m, mn);
	set_frames(ctx, rec, fr, nf);
	free(fr);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_valgrind = { .name = "valgrind", .triggers = valgrind_triggers,
	.state_size = sizeof(vg_state), .start = vg_start, .more = vg_more, .finish = vg_finish };
