/*
 * parse_crt.c: C and C++ programs dying at run time, as the C library and
 * the C++ runtime report it (format "crt"; level "fatal": the process is
 * gone).
 *
 *   terminate called after throwing an instance of 'std::runtime_error'
 *     what():  config missing                     type = the exception's class
 *   terminate called without an active exception  type = std::terminate
 *   libc++abi: terminating due to uncaught exception of type T: MSG (libc++)
 *   PROG: FILE:N: FUNC: Assertion `EXPR' failed.  type = assertion (glibc),
 *   Assertion failed: EXPR (FILE: FUNC: N)        (musl)
 *   Assertion failed: (EXPR), function F, file FILE, line N.   (macOS)
 *   Assertion failed: EXPR, file FILE, line N     (MSVC, mingw)
 *   free(): invalid pointer, double free or corruption (out), malloc():
 *   corrupted top size, ... (glibc's heap checks; old glibc's "*** Error in
 *   `PROG': MSG: 0xADDR ***" with its Backtrace and Memory map lines)
 *   *** stack smashing detected ***: terminated   type = stack-smashing
 *   *** buffer overflow detected ***: terminated  type = buffer-overflow
 *   Fatal glibc error: FILE:N (FUNC): assertion failed: EXPR
 *
 * The shell's report of the job's death that follows ("Aborted (core
 * dumped)", "bash: line 3: 4242 Aborted  ./prog") joins the record: its
 * command goes into `command`, its signal into `signal`. A job's death
 * reported alone is the shell parser's. So does gdb's report of it, after a
 * blank line ("Program received signal SIGABRT, Aborted." and the backtrace,
 * parse_gdb.c): its signal goes into `signal`, its frames into `frames`, and
 * the innermost frame of the program's own code gives file, line, function.
 */
#include "parser.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *const crt_triggers[] = {
	"terminate called ", "libc++abi", "Assertion ", "Assertion failed", "(): ", "double free",
	"corrupted ", "*** Error in `", " detected ***", "Fatal glibc error: ", "pure virtual method called",
	NULL
};

enum { K_NONE, K_TERMINATE, K_LIBCXX, K_ASSERT, K_HEAP, K_OLDHEAP, K_FORTIFY, K_GLIBC, K_PURE };

/* glibc's malloc_printerr messages: "free(): invalid pointer", "double free or corruption (!prev)" */
static const char *heap_kind(const ec_line *l)
{
	static const char *const fns[] = {
		"free(): ", "malloc(): ", "realloc(): ", "calloc(): ", "munmap_chunk(): ",
		"malloc_consolidate(): ", "_int_free(): ", "_int_malloc(): ", "_int_realloc(): ",
		"tcache_thread_shutdown(): ", "memalign(): ", "posix_memalign(): ", NULL
	};
	if (l->len > 120)
		return NULL;
	if (ec_starts(l, "double free or corruption"))
		return "double-free";
	if (ec_starts(l, "corrupted size vs. prev_size") || ec_starts(l, "corrupted double-linked list"))
		return "heap-corruption";
	for (const char *const *f = fns; *f; f++)
		if (ec_starts(l, *f)) {
			const char *m = l->s + strlen(*f);
			size_t n = l->len - strlen(*f);
			if (!n || memchr(m, ':', n) || memchr(m, '(', n) || memchr(m, '=', n))
				return NULL;
			if (ec_memfind(m, n, "double free"))
				return "double-free";
			if (ec_memfind(m, n, "invalid pointer"))
				return "bad-free";
			return "heap-corruption";
		}
	return NULL;
}

/* "PROG: FILE:N: FUNC: Assertion `EXPR' failed." (glibc; quotes ` or ') */
static int glibc_assert(const ec_line *l, const char **file, size_t *fl, long *line,
			const char **fn, size_t *fnl, const char **msg, size_t *ml)
{
	const char *a = ec_find(l, ": Assertion ");
	const char *s = l->s, *e = s + l->len;
	if (!a || !ec_mem_ends(s, l->len, " failed.") || (a[12] != '`' && a[12] != '\'' && a[12] != '"'))
		return 0;
	*msg = a + 2;
	*ml = (size_t)(e - a - 2);
	/* FUNC: back to the ": " before a; FILE:N before that */
	const char *p = a;
	while (p > s && !(p[-1] == ' ' && p - 1 > s && p[-2] == ':'))
		p--;
	if (p <= s + 2)
		return 0;
	*fn = p;
	*fnl = (size_t)(a - p);
	const char *loc_end = p - 2, *q = loc_end;
	while (q > s && !(q[-1] == ' ' && q - 1 > s && q[-2] == ':'))
		q--;
	size_t k = ec_split_location(q, (size_t)(loc_end - q), line, &(long){ 0 });
	if (*line <= 0)
		return 0;
	*file = q;
	*fl = k;
	return 1;
}

static int kind_of(const ec_line *l)
{
	if (ec_starts(l, "terminate called "))
		return K_TERMINATE;
	if (ec_starts(l, "libc++abi") && ec_find(l, "terminating"))
		return K_LIBCXX;
	if (ec_starts(l, "pure virtual method called"))
		return K_PURE;
	if (ec_starts(l, "Assertion failed: "))
		return K_ASSERT;
	{
		const char *f, *fn, *m;
		size_t fl, fnl, ml;
		long line;
		if (glibc_assert(l, &f, &fl, &line, &fn, &fnl, &m, &ml))
			return K_ASSERT;
	}
	if (ec_starts(l, "*** Error in `") && ec_find(l, " ***"))
		return K_OLDHEAP;
	if (ec_starts(l, "*** ") && ec_find(l, " detected ***"))
		return K_FORTIFY;
	if (ec_starts(l, "Fatal glibc error: "))
		return K_GLIBC;
	return heap_kind(l) ? K_HEAP : K_NONE;
}

typedef struct {
	int kind;
	int what;       /* the terminate block has had its what() */
	int oldheap;    /* in an old glibc's backtrace / memory map */
	int blank;      /* a blank line has followed the runtime's lines */
	int gdb;        /* in gdb's report of the death, which joins the record */
	ec_gdb_scan g;
} crt_state;


static enum ec_verdict crt_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	crt_state *cs = st;
	memset(cs, 0, sizeof *cs);
	cs->kind = kind_of(l);
	return cs->kind ? EC_START : EC_NO;
}

/* old glibc: "======= Backtrace: =========", "./prog[0x400b1d]", "00400000-00401000 r-xp ..." */
static int oldheap_line(const ec_line *l)
{
	if (ec_starts(l, "======="))
		return 1;
	if (ec_find(l, "[0x") && l->len && l->s[l->len - 1] == ']')
		return 1;
	const char *p = l->s, *e = p + l->len;
	while (p < e && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
		p++;
	return p > l->s && p < e && *p == '-';
}

static enum ec_verdict crt_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	crt_state *cs = st;
	const char *cmd;
	size_t cl;
	ec_span sig, msg;
	long thread;
	if (cs->gdb)
		return ec_gdb_more(&cs->g, l) ? EC_MORE : EC_NO;
	if (ec_gdb_signal_line(l, &sig, &msg, &thread)) {
		cs->gdb = 1;
		return EC_MORE;
	}
	/* gdb prints a blank line before its "Program received signal" (a trailing one
	   leaves the block) */
	if (ec_blank(l))
		return cs->blank++ ? EC_NO : EC_MORE;
	if (cs->blank)
		return EC_NO;
	if (ec_shell_signal_line(l, &cmd, &cl))
		return EC_DONE;
	if (cs->kind == K_PURE && ec_starts(l, "terminate called ")) {
		cs->kind = K_TERMINATE;
		return EC_MORE;
	}
	if (cs->kind == K_TERMINATE && !cs->what && ec_starts(l, "  what():")) {
		cs->what = 1;
		return EC_MORE;
	}
	if (cs->kind == K_OLDHEAP && oldheap_line(l))
		return EC_MORE;
	return EC_NO;
}

/* "x (FILE: FUNC: N)" (musl) / "x, function F, file FILE, line N." (macOS) / "x, file FILE, line N" */
static void other_assert(ec_ctx *ctx, cJSON *rec, const char *m, size_t n)
{
	const char *e = m + n, *f = ec_memfind(m, n, ", file ");
	if (f) {
		const char *fs = f + 7, *le = ec_memfind(fs, (size_t)(e - fs), ", line ");
		if (le) {
			const char *q = le + 7;
			long line = ec_num(&q, e);
			ec_set_location(ctx, rec, fs, (size_t)(le - fs), line, 0);
		}
		const char *fn = ec_memfind(m, (size_t)(f - m), ", function ");
		if (fn)
			ec_set_strn(rec, "function", fn + 11, (size_t)(f - fn - 11));
		return;
	}
	if (n > 2 && e[-1] == ')') {
		const char *o = e - 1;
		while (o > m && o[-1] != '(')
			o--;
		const char *c1 = ec_memfind(o, (size_t)(e - o), ": ");
		const char *c2 = c1 ? ec_memfind(c1 + 2, (size_t)(e - c1 - 2), ": ") : NULL;
		if (c2) {
			const char *q = c2 + 2;
			long line = ec_num(&q, e);
			ec_set_location(ctx, rec, o, (size_t)(c1 - o), line, 0);
			ec_set_strn(rec, "function", c1 + 2, (size_t)(c2 - c1 - 2));
		}
	}
}

static void crt_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	crt_state *cs = st;
	int kind = cs->kind;
	memset(cs, 0, sizeof *cs);
	if (!n || !kind)
		return;
	const ec_line *l = &lines[0];
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	const char *type = NULL, *cmd = NULL, *sig = NULL;
	size_t cl = 0;
	ec_set_level(rec, "fatal");
	if (n > 1)
		sig = ec_shell_signal_line(&lines[n - 1], &cmd, &cl);
	switch (kind) {
	case K_PURE:
	case K_TERMINATE: {
		size_t i = kind == K_PURE && n > 1 && ec_starts(&lines[1], "terminate called ") ? 1 : 0;
		const char *q = ec_find(&lines[i], "instance of '");
		ec_set_strn(rec, "message", lines[0].s, lines[0].len);
		if (q) {
			q += 13;
			const char *e = lines[i].s + lines[i].len;
			if (e > q && e[-1] == '\'')
				e--;
			ec_set_strn(rec, "type", q, (size_t)(e - q));
		} else {
			type = kind == K_PURE ? "pure virtual call" : "std::terminate";
		}
		for (size_t k = 1; k < n; k++)
			if (ec_starts(&lines[k], "  what():")) {
				const char *b;
				size_t bl;
				ec_trim(lines[k].s + 9, lines[k].len - 9, &b, &bl);
				ec_set_strn(rec, "message", b, bl);
			}
		break;
	}
	case K_LIBCXX: {
		/* "libc++abi: terminating due to uncaught exception of type std::runtime_error: msg" */
		const char *q = ec_find(l, " of type "), *e = l->s + l->len;
		if (q) {
			q += 9;
			const char *c = ec_memfind(q, (size_t)(e - q), ": ");
			ec_set_strn(rec, "type", q, (size_t)((c ? c : e) - q));
			if (c)
				ec_set_strn(rec, "message", c + 2, (size_t)(e - c - 2));
			else
				ec_set_strn(rec, "message", l->s, l->len);
		} else {
			type = "std::terminate";
			ec_set_strn(rec, "message", l->s, l->len);
		}
		break;
	}
	case K_ASSERT: {
		const char *f, *fn, *m;
		size_t fl, fnl, ml;
		long line;
		type = "assertion";
		if (glibc_assert(l, &f, &fl, &line, &fn, &fnl, &m, &ml)) {
			ec_set_strn(rec, "message", m, ml);
			ec_set_location(ctx, rec, f, fl, line, 0);
			ec_set_strn(rec, "function", fn, fnl);
		} else {
			ec_set_strn(rec, "message", l->s, l->len);
			other_assert(ctx, rec, l->s + 18, l->len - 18);
		}
		break;
	}
	case K_OLDHEAP: {
		/* "*** Error in `./prog': double free or corruption (fasttop): 0x0000000001b2c010 ***" */
		const char *q = ec_find(l, "': "), *e = l->s + l->len;
		const char *m = q ? q + 3 : l->s, *me = e;
		if (ec_mem_ends(m, (size_t)(me - m), " ***"))
			me -= 4;
		const char *c = me;
		while (c > m && c[-1] != ' ')
			c--;
		if (c > m + 2 && c[0] == '0' && c[1] == 'x' && c[-2] == ':')
			me = c - 2;
		ec_set_strn(rec, "message", m, (size_t)(me - m));
		ec_line t = { m, (size_t)(me - m), l->no };
		type = heap_kind(&t);
		if (!type)
			type = "heap-corruption";
		if (!cmd && q) {
			cmd = l->s + 14;
			cl = (size_t)(q - cmd);
		}
		break;
	}
	case K_FORTIFY:
		type = ec_find(l, "stack smashing") ? "stack-smashing" :
		       ec_find(l, "buffer overflow") ? "buffer-overflow" : "fortify";
		{
			const char *e = ec_find(l, " ***");
			ec_set_strn(rec, "message", l->s + 4, e ? (size_t)(e - l->s - 4) : l->len - 4);
		}
		break;
	case K_GLIBC:
		type = "glibc";
		ec_set_strn(rec, "message", l->s + 19, l->len - 19);
		break;
	case K_HEAP:
		type = heap_kind(l);
		ec_set_strn(rec, "message", l->s, l->len);
		break;
	}
	/* gdb's report: its signal, and its backtrace's frames and location */
	for (size_t k = 1; k < n; k++) {
		ec_span gs, gm;
		long thread;
		if (ec_gdb_signal_line(&lines[k], &gs, &gm, &thread)) {
			if (!sig)
				ec_set_strn(rec, "signal", gs.s, gs.n);
			ec_set_frames(ctx, rec, ec_gdb_frames(lines + k, n - k, thread));
			break;
		}
	}
	if (type)
		et_json_set_str(rec, "type", type);
	if (cl)
		ec_set_strn(rec, "command", cmd, cl);
	if (sig)
		et_json_set_str(rec, "signal", sig);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_crt = { .name = "crt", .triggers = crt_triggers,
	.state_size = sizeof(crt_state), .start = crt_start, .more = crt_more, .finish = crt_finish };
