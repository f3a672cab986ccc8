/*
 * parse_gdb.c: a program's death as gdb reports it (format "gdb"; level
 * "fatal"), as CI jobs print it with `gdb -batch -ex run -ex bt PROG` or
 * `gdb -batch -ex bt PROG CORE`:
 *
 *   Program received signal SIGSEGV, Segmentation fault.   type = the signal,
 *   Thread 2 "name" received signal SIGABRT, Aborted.      message = its text
 *   Program terminated with signal SIGSEGV, Segmentation fault.  (a core file)
 *   [Switching to Thread 0x7ffff7a1d6c0 (LWP 24341)]
 *   get (r=0x7fffffffe650, x=2) at t.c:8                   where it stopped
 *   8\t\treturn *r->val + x;                                its source line
 *   #0  get (r=0x7fffffffe650, x=2) at t.c:8               the backtrace,
 *   #1  0x0000555555555188 in walk (r=..., n=1) at t.c:13   innermost first
 *   #2  0x00007ffff7ca8e85 in std::terminate() () from /lib/.../libstdc++.so.6
 *
 * and `thread apply all bt`'s "Thread N (Thread 0x... (LWP N) "name"):"
 * headers, each followed by that thread's backtrace. frames: the backtrace
 * of the thread that received the signal (the first one printed when no
 * header names it; of several "#0" runs in it, the last), else the stop
 * location alone; a frame's function is
 * its name without the argument list, its file the source file ("at") or
 * the shared library ("from"). file, line, function: the innermost frame
 * of the program's own code (ec_set_frames).
 *
 * The C runtime's own report just before (an assertion, an uncaught C++
 * exception) is one problem with gdb's: crt's record takes gdb's lines and
 * frames (ec_gdb_* below), so this parser sees only a signal gdb reports
 * alone.
 */
#include "parser.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *const gdb_triggers[] = { " received signal SIG", " terminated with signal SIG", NULL };

/* "N" as in "Thread N": the number after "Thread ", 0 when none */
static long thread_no(const char *s, size_t n)
{
	const char *p = s, *e = s + n;
	if (!ec_mem_skip(&p, &n, "Thread "))
		return 0;
	long v = ec_num(&p, e);
	return v > 0 ? v : 0;
}

int ec_gdb_signal_line(const ec_line *l, ec_span *sig, ec_span *msg, long *thread)
{
	const char *s = l->s, *e = s + l->len, *p;
	*thread = 0;
	if (ec_starts(l, "Program received signal ")) {
		p = s + EC_LEN("Program received signal ");
	} else if (ec_starts(l, "Program terminated with signal ")) {
		p = s + EC_LEN("Program terminated with signal ");
	} else if (ec_starts(l, "Thread ") && (p = ec_find(l, " received signal ")) != NULL) {
		*thread = thread_no(s, l->len);
		if (!*thread)
			return 0;
		p += EC_LEN(" received signal ");
	} else {
		return 0;
	}
	/* "SIGSEGV, Segmentation fault." */
	const char *q = p;
	if (!ec_mem_starts(q, (size_t)(e - q), "SIG"))
		return 0;
	q += 3;
	while (q < e && ((*q >= 'A' && *q <= 'Z') || ec_is_digit(*q)))
		q++;
	if (q == p + 3 || e - q < 3 || q[0] != ',' || q[1] != ' ' || e[-1] != '.')
		return 0;
	sig->s = p;
	sig->n = (size_t)(q - p);
	msg->s = q + 2;
	msg->n = (size_t)(e - 1 - msg->s);
	return 1;
}

/* "#12 0x... in f (...) at x.c:3": the position after "#N" and its blanks, or NULL */
static const char *frame_body(const char *s, size_t n)
{
	size_t i = 1;
	if (n < 3 || s[0] != '#' || !ec_is_digit(s[1]))
		return NULL;
	while (i < n && ec_is_digit(s[i]))
		i++;
	if (i >= n || s[i] != ' ')
		return NULL;
	while (i < n && s[i] == ' ')
		i++;
	return i < n ? s + i : NULL;
}

/* "Thread 2 (Thread 0x7ffff7a1d6c0 (LWP 24356) "th"):" / "Thread 1 (process 42):" */
static long thread_header(const ec_line *l)
{
	if (!ec_starts(l, "Thread ") || l->len < 12 || l->s[l->len - 1] != ':' || l->s[l->len - 2] != ')')
		return 0;
	long v = thread_no(l->s, l->len);
	const char *p = l->s + 7;
	while (p < l->s + l->len && ec_is_digit(*p))
		p++;
	return v && ec_mem_starts(p, (size_t)(l->s + l->len - p), " (") ? v : 0;
}

/* gdb's lines between and around the frames */
static int gdb_aside(const ec_line *l)
{
	static const char *const pre[] = {
		"[Switching to ", "[Current thread is ", "[New Thread ", "[Thread ", "[Inferior ",
		"Backtrace stopped: ", "(More stack frames follow...)", NULL
	};
	for (const char *const *p = pre; *p; p++)
		if (ec_starts(l, *p))
			return 1;
	return thread_header(l) != 0;
}

/* the stopped frame's source line: "8\t\treturn x;", "44\t./nptl/pthread_kill.c: No such file or directory." */
static int source_line(const ec_line *l)
{
	size_t i = 0;
	while (i < l->len && ec_is_digit(l->s[i]))
		i++;
	return i > 0 && i < l->len && l->s[i] == '\t';
}

int ec_gdb_more(ec_gdb_scan *g, const ec_line *l)
{
	if (++g->lines > 2000)
		return 0;
	if (ec_blank(l)) {
		/* one blank line between threads' backtraces; a trailing one leaves the block */
		return ++g->blank <= 1;
	}
	g->blank = 0;
	if (frame_body(l->s, l->len)) {
		g->phase = 2;
		return 1;
	}
	if (gdb_aside(l))
		return 1;
	/* "    at file.c:12" / "    from /lib/libc.so.6": a frame's wrapped tail */
	if (g->phase == 2 && l->len > 4 && l->s[0] == ' ') {
		const char *b;
		size_t bl;
		ec_trim(l->s, l->len, &b, &bl);
		return ec_mem_starts(b, bl, "at ") || ec_mem_starts(b, bl, "from ");
	}
	/* the source line gdb prints under the frame it stops in (a core's "#0 ...") */
	if (g->phase != 3 && source_line(l)) {
		g->phase = g->phase == 2 ? 2 : 3;
		return 1;
	}
	if (g->phase == 2)
		return 0;
	/* after the signal: where it stopped, then its source line */
	if (g->phase == 0 && (ec_find(l, " at ") || ec_find(l, " from ") || ec_find(l, " in ")) &&
	    l->s[l->len - 1] != '.') {
		g->phase = 1;
		return 1;
	}
	return 0;
}

/*
 * One frame from "0x... in FUNC (ARGS) at FILE:N", "FUNC (ARGS) at FILE:N",
 * "0x... in FUNC () from LIB", "0x... in ?? ()": NULL when the text is none.
 */
static cJSON *gdb_frame(const char *s, size_t n)
{
	const char *e = s + n, *head_e = e, *file = NULL, *fn;
	size_t fl = 0;
	long line = 0, col = 0;
	/* the tail " at FILE:N" or " from LIB", after the argument list's ")" */
	for (const char *p = e; p > s; p--) {
		if (p[-1] != ')')
			continue;
		size_t rest = (size_t)(e - p);
		if (ec_mem_starts(p, rest, " at ")) {
			file = p + 4;
			fl = ec_split_location(file, (size_t)(e - file), &line, &col);
			head_e = p;
			break;
		}
		if (ec_mem_starts(p, rest, " from ")) {
			file = p + 6;
			fl = (size_t)(e - file);
			head_e = p;
			break;
		}
		if (!rest)
			break;
	}
	if (ec_mem_starts(s, n, "0x")) {
		const char *in = ec_memfind(s, (size_t)(head_e - s), " in ");
		if (!in)
			return NULL;
		s = in + 4;
	}
	/* the argument list: the last balanced "(...)" of the head */
	if (head_e <= s || head_e[-1] != ')')
		return NULL;
	int depth = 0;
	const char *o = head_e;
	while (o > s) {
		o--;
		if (*o == ')')
			depth++;
		else if (*o == '(' && --depth == 0)
			break;
	}
	if (depth || o <= s || o[-1] != ' ')
		return NULL;
	fn = s;
	size_t fnl = (size_t)(o - 1 - s);
	if (fnl == 2 && !memcmp(fn, "??", 2))
		fn = NULL, fnl = 0;
	return ec_frame(file, fl, line, 0, fn, fnl, NULL, 0);
}

cJSON *ec_gdb_frames(const ec_line *lines, size_t n, long thread)
{
	cJSON *frames = cJSON_CreateArray(), *stop = NULL;
	size_t i = 0, from = n;
	/* the signalled thread's backtrace when a header names it, else the first */
	if (thread)
		for (i = 0; i < n; i++)
			if (thread_header(&lines[i]) == thread) {
				from = i + 1;
				break;
			}
	for (i = 0; i < n && from == n; i++)
		if (frame_body(lines[i].s, lines[i].len))
			from = i;
	int seen0 = 0;
	for (i = from; i < n; i++) {
		const ec_line *l = &lines[i];
		const char *b = frame_body(l->s, l->len);
		if (!b) {
			if (thread_header(l))
				break;
			continue;
		}
		/* a core's stop location "#0 ..." comes before the backtrace: the last "#0" run counts */
		if (l->s[1] == '0' && l->s[2] == ' ' && seen0++) {
			cJSON_Delete(frames);
			frames = cJSON_CreateArray();
		}
		/* a wrapped tail ("    at FILE:N") joins its frame line */
		size_t bl = (size_t)(l->s + l->len - b);
		char *joined = NULL;
		if (i + 1 < n && lines[i + 1].len && lines[i + 1].s[0] == ' ') {
			const char *t;
			size_t tl;
			ec_trim(lines[i + 1].s, lines[i + 1].len, &t, &tl);
			if (ec_mem_starts(t, tl, "at ") || ec_mem_starts(t, tl, "from ")) {
				joined = malloc(bl + tl + 2);
				if (joined) {
					memcpy(joined, b, bl);
					joined[bl] = ' ';
					memcpy(joined + bl + 1, t, tl);
					b = joined;
					bl += tl + 1;
				}
			}
		}
		cJSON *f = gdb_frame(b, bl);
		free(joined);
		if (f)
			cJSON_InsertItemInArray(frames, 0, f);
	}
	if (!cJSON_GetArraySize(frames)) {
		/* no backtrace: the line after the signal, where it stopped */
		ec_span sig, msg;
		long t;
		for (i = 0; i + 1 < n; i++)
			if (ec_gdb_signal_line(&lines[i], &sig, &msg, &t)) {
				size_t k = i + 1;
				while (k < n && gdb_aside(&lines[k]))
					k++;
				if (k < n && (stop = gdb_frame(lines[k].s, lines[k].len)) != NULL)
					cJSON_AddItemToArray(frames, stop);
				break;
			}
	}
	return frames;
}

static enum ec_verdict gdb_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ec_gdb_scan *g = st;
	ec_span sig, msg;
	long t;
	memset(g, 0, sizeof *g);
	return ec_gdb_signal_line(l, &sig, &msg, &t) ? EC_START : EC_NO;
}

static enum ec_verdict gdb_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	return ec_gdb_more(st, l) ? EC_MORE : EC_NO;
}

static void gdb_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ec_span sig, msg;
	long thread;
	memset(st, 0, sizeof(ec_gdb_scan));
	if (!n || !ec_gdb_signal_line(&lines[0], &sig, &msg, &thread))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "fatal");
	ec_set_strn(rec, "type", sig.s, sig.n);
	ec_set_strn(rec, "message", msg.s, msg.n);
	ec_set_strn(rec, "signal", sig.s, sig.n);
	ec_set_frames(ctx, rec, ec_gdb_frames(lines, n, thread));
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_gdb = { .name = "gdb", .triggers = gdb_triggers,
	.state_size = sizeof(ec_gdb_scan), .start = gdb_start, .more = gdb_more, .finish = gdb_finish };
