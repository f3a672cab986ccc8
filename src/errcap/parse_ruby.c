/*
 * parse_ruby.c: Ruby at run time and its test runners.
 *
 * ruby: an uncaught exception
 *     FILE:N:in `METH': MESSAGE (Class)          (Ruby <= 3.3)
 *     FILE:N:in 'Klass#meth': MESSAGE (Class)    (Ruby 3.4)
 *     [message lines, error_highlight's snippet and carets, Did you mean?]
 *     \tfrom FILE:N:in `METH'                     (outward; "... N levels..." skipped)
 *     FILE:N:in `METH': MESSAGE (Class)          the exception's cause, printed after it
 *   A message's further lines are printed after the header and nothing
 *   ends them but what Ruby prints next: the record takes them only up to
 *   a frame, error_highlight's caret or Did you mean? after them (or the
 *   same exception printed again, below); with none of these the lines
 *   after the header may be any program's output, and the record is the
 *   header alone. A thread's exception is printed twice, after
 *   "#<Thread:...> terminated with exception": its report, ended by the
 *   same header again, and the copy that join raises, which takes as many
 *   lines as the report had when they are the same lines.
 *   "rake aborted!" / "Class: message" / bare "FILE:N:in `METH'" lines;
 *   syntax errors "FILE:N: syntax error, ..." (with the snippet and caret
 *   that follow) and Ruby 3.4's "FILE:N: syntax errors found (SyntaxError)"
 *   with its "> N | code" / "| ^ message" lines; warnings "FILE.rb:N: warning: MESSAGE".
 * rspec: the "Failures:" section, one record per "  N) description" item, and
 *   "An error occurred while loading FILE." blocks.
 * minitest: "  N) Failure:" and "  N) Error:" items.
 *
 * type is the exception class (RSpec expectation failures:
 * RSpec::Expectations::ExpectationNotMetError; Minitest failures:
 * Minitest::Assertion; syntax errors SyntaxError), file and line the
 * innermost frame of the program's own code (not gems, vendor/bundle,
 * the Ruby installation, <internal:...>), frames outermost first.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_ctype.h"
#include "et_hash.h"
#include "et_rec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- pieces of Ruby's lines ---- */

static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_word(int c)
{
	return (c >= 'a' && c <= 'z') || is_upper(c) || ec_is_digit(c) || c == '_';
}

/* A Ruby constant path ("NoMethodError", "Foo::Bar::Err") in s[0..n)? */
static int is_class(const char *s, size_t n)
{
	if (!n || !is_upper((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (is_word((unsigned char)s[i]))
			continue;
		if (s[i] == ':' && i + 2 < n && s[i + 1] == ':' && is_upper((unsigned char)s[i + 2])) {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

typedef struct {
	const char *file, *func, *msg, *type;
	size_t fl, fnl, ml, tl;
	long line;
} rb_loc;

/*
 * "FILE:N:in `METH'" or "FILE:N:in 'METH'" at the start of s[0..n); sets
 * file, line, func; returns the length used (0 when not one).
 */
static size_t rb_inloc(const char *s, size_t n, rb_loc *r)
{
	const char *e = s + n, *p = s;
	memset(r, 0, sizeof *r);
	while ((p = ec_memfind(p, (size_t)(e - p), ":in ")) != NULL) {
		const char *d = p;
		while (d > s && ec_is_digit(d[-1]))
			d--;
		if (d < p && d - 1 > s && d[-1] == ':' && p + 5 < e && (p[4] == '`' || p[4] == '\'')) {
			const char *m = p + 5, *q = m;
			while (q < e && *q != '\'')
				q++;
			if (q == e)
				return 0;
			r->file = s;
			r->fl = (size_t)(d - 1 - s);
			const char *lp = d;
			r->line = ec_num(&lp, p);
			r->func = m;
			r->fnl = (size_t)(q - m);
			return (size_t)(q + 1 - s);
		}
		p += 4;
	}
	return 0;
}

/* The header of an uncaught exception: "FILE:N:in `M': MESSAGE (Class)". */
static int rb_header(const char *s, size_t n, rb_loc *r)
{
	size_t k;
	if (!n || s[0] == ' ' || s[0] == '\t')
		return 0;
	k = rb_inloc(s, n, r);
	if (!k || k + 2 > n || s[k] != ':' || s[k + 1] != ' ')
		return 0;
	r->msg = s + k + 2;
	r->ml = n - k - 2;
	/* the class in parentheses at the end of the first line */
	if (r->ml > 3 && r->msg[r->ml - 1] == ')') {
		const char *m = r->msg, *c = m + r->ml - 1;
		while (c > m && c[-1] != '(')
			c--;
		if (c > m + 1 && c[-2] == ' ' && is_class(c, (size_t)(m + r->ml - 1 - c))) {
			r->type = c;
			r->tl = (size_t)(m + r->ml - 1 - c);
			r->ml = (size_t)(c - 2 - m);
			return 1;
		}
		if (c == m + 1 && is_class(c, r->ml - 2)) {      /* "(Class)" alone: empty message */
			r->type = c;
			r->tl = r->ml - 2;
			r->ml = 0;
			return 1;
		}
	}
	return r->ml == 19 && !memcmp(r->msg, "unhandled exception", 19);
}

/*
 * A frame line: "\tfrom LOC", "# ./LOC" (RSpec), or a bare "LOC" / "    LOC"
 * (Minitest, rake) where LOC is "FILE:N:in `M'" (or "FILE:N" after from).
 * bare: whether the bare form is allowed.
 */
static cJSON *rb_frame_line(const char *s, size_t n, int bare)
{
	const char *b;
	size_t bl;
	rb_loc r;
	ec_trim(s, n, &b, &bl);
	if (ec_mem_starts(b, bl, "from ")) {
		b += 5;
		bl -= 5;
	} else if (ec_mem_starts(b, bl, "# ")) {
		b += 2;
		bl -= 2;
	} else if (!bare) {
		return NULL;
	}
	if (bl && rb_inloc(b, bl, &r) == bl)
		return ec_frame(r.file, r.fl, r.line, 0, r.func, r.fnl, NULL, 0);
	if (bare || !bl)
		return NULL;
	long line, col;
	size_t fl = ec_split_location(b, bl, &line, &col);
	if (line <= 0 || fl == 0 || memchr(b, ' ', fl))
		return NULL;
	return ec_frame(b, fl, line, 0, NULL, 0, NULL, 0);
}

static int rb_is_frame(const ec_line *l, int bare)
{
	cJSON *f = rb_frame_line(l->s, l->len, bare);
	cJSON_Delete(f);
	return f != NULL;
}

static int rb_levels(const ec_line *l)   /* "\t ... 10067 levels..." */
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	return ec_mem_starts(b, bl, "... ") && ec_mem_ends(b, bl, " levels...");
}

static int has_alnum(const ec_line *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (et_isalnum(l->s[i]))
			return 1;
	return 0;
}

static int rb_caret(const ec_line *l)
{
	int any = 0;
	for (size_t i = 0; i < l->len; i++) {
		if (l->s[i] == '^' || l->s[i] == '~')
			any = 1;
		else if (l->s[i] != ' ')
			return 0;
	}
	return any;
}

/* "Class: message" (rake, Minitest, RSpec's loading errors) */
static int rb_class_msg(const char *s, size_t n, rb_loc *r)
{
	const char *c = ec_memfind(s, n, ": ");
	memset(r, 0, sizeof *r);
	if (!c && n > 1 && s[n - 1] == ':' && is_class(s, n - 1)) {
		r->type = s;
		r->tl = n - 1;
		r->msg = s + n;
		return 1;
	}
	if (!c || !is_class(s, (size_t)(c - s)))
		return 0;
	r->type = s;
	r->tl = (size_t)(c - s);
	r->msg = c + 2;
	r->ml = n - (size_t)(c + 2 - s);
	return 1;
}

/* A line that is some program's own report, not more of a Ruby message. */
static int rb_foreign(const ec_line *l)
{
	size_t i = 0;
	if (ec_starts(l, "*** ") || ec_starts(l, "rake aborted!") || ec_starts(l, "make"))
		return 1;
	while (i < l->len && (is_word((unsigned char)l->s[i]) || l->s[i] == '.' || l->s[i] == '/' ||
			      l->s[i] == '-'))
		i++;
	return i && i + 1 < l->len && l->s[i] == ':' && (l->s[i + 1] == ' ' || ec_is_digit(l->s[i + 1]));
}

/* ---- syntax errors and warnings: "FILE:N: syntax error, ..." ---- */

/* Is f[0..n) the name of a Ruby file? Not when it holds a '"': that is a line
   of code quoting a location (a linter's echo of `warn "a.rb:4: warning: x"`). */
static int rb_rubyfile(const char *f, size_t n)
{
	if (memchr(f, '"', n))
		return 0;
	return (n == 2 && !memcmp(f, "-e", 2)) || (n == 1 && *f == '-') || ec_mem_ends(f, n, ".rb") ||
	       ec_mem_ends(f, n, ".rake") || ec_mem_ends(f, n, ".gemspec") ||
	       ec_mem_ends(f, n, ".ru") || ec_mem_ends(f, n, "Rakefile") ||
	       ec_mem_ends(f, n, "Gemfile") || ec_mem_ends(f, n, ".erb") ||
	       (n == 6 && !memcmp(f, "(irb)", 5));
}

enum { RS_NONE, RS_SYNTAX, RS_WARNING };

/* "FILE:N: syntax error..." / "FILE:N: warning: ..." ; sets r (msg after "N: ") */
static int rb_diag(const ec_line *l, rb_loc *r)
{
	const char *s = l->s, *e = s + l->len, *p = s;
	memset(r, 0, sizeof *r);
	if (!l->len || s[0] == ' ' || s[0] == '\t')
		return RS_NONE;
	while ((p = ec_memfind(p, (size_t)(e - p), ": ")) != NULL) {
		const char *d = p;
		while (d > s && ec_is_digit(d[-1]))
			d--;
		/* 3.4 (prism): "PROG: FILE:N: syntax errors found (SyntaxError)" */
		const char *f = s;
		for (const char *q = s; q + 1 < d - 1; q++)
			if (q[0] == ':' && q[1] == ' ')
				f = q + 2;
		if (d < p && d - 1 > f && d[-1] == ':' && rb_rubyfile(f, (size_t)(d - 1 - f))) {
			const char *m = p + 2, *lp = d;
			r->file = f;
			r->fl = (size_t)(d - 1 - f);
			r->line = ec_num(&lp, p);
			r->msg = m;
			r->ml = (size_t)(e - m);
			if (ec_mem_starts(m, r->ml, "warning: ")) {
				r->msg += 9;
				r->ml -= 9;
				return RS_WARNING;
			}
			if (ec_mem_starts(m, r->ml, "syntax error"))
				return RS_SYNTAX;
			return RS_NONE;
		}
		p += 2;
	}
	return RS_NONE;
}

/* ---- the parser's state ---- */

enum { K_NONE, K_EXC, K_SYNTAX, K_RAKE, K_RSPEC, K_RSPEC_LOAD, K_MINITEST };

/*
 * Kept from block to block: a thread's report just finished (its header's
 * hash, the hash and number of its lines after the header), whose copy
 * begins on line no (0: none).
 */
typedef struct {
	uint64_t head, body;
	size_t k, no;
} rb_prev;

typedef struct {
	int kind;
	int frames;     /* K_EXC: frame lines seen since the last header */
	int extra;      /* K_EXC: other lines before the first frame */
	int marked;     /* K_EXC: error_highlight's caret line seen: only frames may follow */
	int dym;        /* K_EXC: the last line was Did you mean? or one of its suggestions */
	int snippet;    /* K_SYNTAX: 1 = may take a code line, 2 = may take a caret;
			   K_MINITEST: 1 = after the blank line, 2 = after the code line, 3 = after the caret */
	int error;      /* K_MINITEST: an "N) Error:" item */
	int sawbody;
	int thread;     /* K_EXC: the block follows "#<Thread:...> terminated with exception" */
	size_t copy_no; /* K_EXC: the block ended at its header printed again, on this line (0: not) */
	uint64_t head;  /* K_EXC: the hash of the block's first line */
	rb_prev prev;   /* kept when the state is reset */
} rb_state;

/* The hash of lines[a..a+k), line by line. */
static uint64_t rb_lines_hash(const ec_line *lines, size_t a, size_t k)
{
	uint64_t h = 0;
	for (size_t i = a; i < a + k; i++)
		h = h * 1099511628211u ^ et_hash64(lines[i].s, lines[i].len);
	return h;
}

/* Ruby's line before a thread's exception */
static int rb_thread_line(const ec_line *l)
{
	return l && ec_starts(l, "#<Thread:") &&
	       ec_find(l, " terminated with exception (report_on_exception is true):");
}


static const char *const rb_triggers[] = {
	":in `", ":in '", ": syntax error", ": warning: ", "rake aborted!", NULL
};
static const char *const rspec_triggers[] = { "Failures:", "An error occurred while loading ", NULL };
static const char *const minitest_triggers[] = { ") Failure:", ") Error:", NULL };

static int minitest_item(const ec_line *l)
{
	const char *p = l->s, *e = p + l->len;
	while (p < e && *p == ' ')
		p++;
	if (p == l->s || p == e || !ec_is_digit(*p))
		return 0;
	ec_num(&p, e);
	return (e - p == 10 && !memcmp(p, ") Failure:", 10)) || (e - p == 8 && !memcmp(p, ") Error:", 8));
}

enum { F_RUBY = 1, F_RSPEC = 2, F_MINITEST = 4 };

static enum ec_verdict rb_start(rb_state *rs, ec_ctx *ctx, const ec_line *l, int which)
{
	rb_loc r;
	int d;
	rb_prev prev = rs->prev;
	memset(rs, 0, sizeof *rs);
	rs->prev = prev;
	if (which == F_RSPEC) {
		if (l->len == 9 && !memcmp(l->s, "Failures:", 9)) {
			rs->kind = K_RSPEC;
			return EC_START;
		}
		if (ec_starts(l, "An error occurred while loading ")) {
			rs->kind = K_RSPEC_LOAD;
			return EC_START;
		}
		return EC_NO;
	}
	if (which == F_MINITEST) {
		if (minitest_item(l)) {
			rs->kind = K_MINITEST;
			rs->error = ec_find(l, ") Error:") != NULL;
			return EC_START;
		}
		return EC_NO;
	}
	if (rb_header(l->s, l->len, &r)) {
		rs->kind = K_EXC;
		rs->head = et_hash64(l->s, l->len);
		rs->thread = rb_thread_line(ec_back(ctx, 1));
		return EC_START;
	}
	if ((d = rb_diag(l, &r)) != RS_NONE) {
		if (d == RS_WARNING)
			return EC_DONE;
		rs->kind = K_SYNTAX;
		rs->snippet = ec_memfind(r.msg, r.ml, "unexpected end-of-input") ? 0 : 1;
		return EC_START;
	}
	if (ec_starts(l, "rake aborted!") && l->len == 13) {
		rs->kind = K_RAKE;
		return EC_START;
	}
	return EC_NO;
}

static enum ec_verdict rb_start_ruby(void *st, ec_ctx *ctx, const ec_line *l)
{
	return rb_start(st, ctx, l, F_RUBY);
}

static enum ec_verdict rb_start_rspec(void *st, ec_ctx *ctx, const ec_line *l)
{
	return rb_start(st, ctx, l, F_RSPEC);
}

static enum ec_verdict rb_start_minitest(void *st, ec_ctx *ctx, const ec_line *l)
{
	return rb_start(st, ctx, l, F_MINITEST);
}

static enum ec_verdict rb_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	rb_state *rs = st;
	rb_loc r;
	switch (rs->kind) {
	case K_EXC:
		if (rb_is_frame(l, 0)) {
			rs->frames++;
			return EC_MORE;
		}
		if (rs->frames && rb_levels(l))
			return EC_MORE;
		if (rb_header(l->s, l->len, &r)) {
			/* a thread's report ends where join's copy of it begins */
			if (rs->thread && et_hash64(l->s, l->len) == rs->head) {
				rs->copy_no = l->no;
				return EC_NO;
			}
			if (!rs->frames)
				return EC_NO;
			rs->frames = 0;         /* the cause, printed after the exception */
			rs->extra = 0;
			rs->marked = 0;
			return EC_MORE;
		}
		if (rs->frames)
			return EC_NO;
		/* message lines, error_highlight, did_you_mean: before the first frame */
		if (ec_blank(l))
			return ++rs->extra <= 12 ? EC_MORE : EC_NO;
		if (rb_caret(l)) {
			rs->marked = 1;
			return ++rs->extra <= 12 ? EC_MORE : EC_NO;
		}
		/* did_you_mean: "Did you mean?  name", further names indented under it */
		if (ec_starts(l, "Did you mean?") || (rs->dym && l->s[0] == ' ')) {
			rs->dym = 1;
			return ++rs->extra <= 12 ? EC_MORE : EC_NO;
		}
		rs->dym = 0;
		/* after the caret, and for a line of punctuation only ("===", "---"), the message is over */
		if (rs->marked || !has_alnum(l) || ++rs->extra > 8 || rb_foreign(l))
			return EC_NO;
		return EC_MORE;
	case K_SYNTAX:
		if (rs->snippet == 1 && !ec_blank(l) && rb_diag(l, &r) == RS_NONE && !rb_foreign(l)) {
			rs->snippet = 2;
			return EC_MORE;
		}
		if (rs->snippet == 2 && rb_caret(l))
			return EC_DONE;
		/* Ruby 3.4: "  1 | code", "> 2 | code", "    | ^ message" */
		{
			const char *b;
			size_t bl;
			ec_trim(l->s, l->len, &b, &bl);
			if (bl && (b[0] == '>' || b[0] == '|' || ec_is_digit(b[0])) && ec_memfind(b, bl, "|")) {
				rs->snippet = 3;
				return EC_MORE;
			}
			if (!bl && rs->snippet == 3)
				return EC_MORE;        /* prism puts blank lines between its messages */
		}
		return EC_NO;
	case K_RAKE:
		if (!rs->sawbody && rb_class_msg(l->s, l->len, &r)) {
			rs->sawbody = 1;
			return EC_MORE;
		}
		if (!rs->sawbody)
			return EC_NO;
		if (ec_starts(l, "Tasks: "))
			return EC_MORE;
		if (ec_starts(l, "(See full trace"))
			return EC_DONE;
		if (ec_blank(l) || rb_caret(l) || l->s[0] == ' ')
			return EC_MORE;
		if (rb_is_frame(l, 1))
			return EC_MORE;
		return EC_NO;
	case K_RSPEC:
		/* the section: indented items and blank lines */
		if (ec_blank(l) || l->s[0] == ' ')
			return EC_MORE;
		return EC_NO;
	case K_RSPEC_LOAD:
		if (ec_starts(l, "# ") || ec_starts(l, "Failure/Error:") || ec_blank(l) || l->s[0] == ' ')
			return EC_MORE;
		if (!rs->sawbody && rb_class_msg(l->s, l->len, &r)) {
			rs->sawbody = 1;
			return EC_MORE;
		}
		return EC_NO;
	case K_MINITEST:
		/*
		 * An error's message may hold error_highlight's snippet (Ruby
		 * 3.1+): a blank line, the code line and its caret, then the
		 * backtrace. The blank line is taken tentatively (a block's
		 * trailing blank lines are not its own); the code line only
		 * there; the caret confirms them. A failure's item ends at its
		 * blank line.
		 */
		if (ec_blank(l)) {
			if (!rs->sawbody)
				return EC_MORE;
			if (rs->snippet || !rs->error)
				return EC_NO;
			rs->snippet = 1;
			return EC_MORE;
		}
		if (minitest_item(l) || (ec_is_digit(l->s[0]) && ec_find(l, " runs, ")))
			return EC_NO;
		if (rs->snippet == 1) {
			rs->snippet = 2;
			return EC_MORE;
		}
		if (rs->snippet == 2) {
			if (!rb_caret(l))
				return EC_NO;
			rs->snippet = 3;
			return EC_MORE;
		}
		rs->sawbody = 1;
		return EC_MORE;
	}
	return EC_NO;
}

/* frames of lines[a..b): innermost first as printed -> outermost first */
static cJSON *rb_frames(const ec_line *lines, size_t a, size_t b, int bare, cJSON *first)
{
	cJSON *frames = cJSON_CreateArray();
	if (first)
		cJSON_AddItemToArray(frames, first);
	for (size_t i = a; i < b; i++) {
		cJSON *f = rb_frame_line(lines[i].s, lines[i].len, bare);
		if (f)
			cJSON_InsertItemInArray(frames, 0, f);
	}
	return frames;
}

static void set_type_msg(cJSON *rec, const rb_loc *r)
{
	ec_set_strn(rec, "type", r->type, r->tl);
	ec_set_strn(rec, "message", r->msg, r->ml);
}

/* the outermost frame of the exception whose header is lines[a], up to b */
static void rb_outer(const ec_line *lines, size_t a, size_t b, rb_loc *o)
{
	rb_header(lines[a].s, lines[a].len, o);
	for (size_t i = a + 1; i < b; i++) {
		const char *t;
		size_t tl;
		ec_trim(lines[i].s, lines[i].len, &t, &tl);
		if (ec_mem_starts(t, tl, "from ") && rb_is_frame(&lines[i], 0))
			rb_inloc(t + 5, tl - 5, o);
	}
}

static int rb_same_loc(const rb_loc *x, const rb_loc *y)
{
	return x->fl == y->fl && x->line == y->line && x->fnl == y->fnl &&
	       !memcmp(x->file, y->file, x->fl) && !memcmp(x->func, y->func, x->fnl);
}

/*
 * The last line of the exception text whose header is lines[a], of
 * lines[a..n): the last frame, "levels" line, caret or Did you mean? line
 * (a when there is none).
 */
static size_t rb_exc_end(const ec_line *lines, size_t a, size_t n)
{
	size_t end = a;
	int dym = 0;
	for (size_t i = a + 1; i < n; i++) {
		const ec_line *l = &lines[i];
		dym = ec_starts(l, "Did you mean?") || (dym && l->len && l->s[0] == ' ');
		if (dym || rb_caret(l) || rb_is_frame(l, 0) || rb_levels(l))
			end = i;
	}
	return end;
}

/* the exception at heads[0] and its causes heads[1..nh), lines[heads[0]..last] */
static void emit_exc(ec_ctx *ctx, const ec_line *lines, const size_t *heads, size_t nh, size_t last)
{
	rb_loc r;
	size_t n = last + 1;
	cJSON *rec = ec_rec_new(ctx, lines, heads[0], last), *causes = NULL;
	for (size_t h = 0; h < nh; h++) {
		size_t a = heads[h], b = h + 1 < nh ? heads[h + 1] : n;
		rb_header(lines[a].s, lines[a].len, &r);
		cJSON *frames = rb_frames(lines, a + 1, b, 0,
					  ec_frame(r.file, r.fl, r.line, 0, r.func, r.fnl, NULL, 0));
		if (h == 0) {
			et_buf m = ET_BUF_INIT;
			et_buf_add(&m, r.msg, r.ml);
			/* a message's further lines come before a blank line or a frame */
			for (size_t i = a + 1; i < b; i++) {
				if (ec_blank(&lines[i]) || rb_caret(&lines[i]) || rb_is_frame(&lines[i], 0) ||
				    ec_starts(&lines[i], "Did you mean?"))
					break;
				et_buf_addch(&m, '\n');
				et_buf_add(&m, lines[i].s, lines[i].len);
			}
			ec_set_level(rec, "error");
			ec_set_strn(rec, "type", r.type, r.tl);
			ec_set_strn(rec, "message", m.buf, m.len);
			et_buf_release(&m);
			ec_set_frames(ctx, rec, frames);
		} else {
			ec_add_cause(&causes, r.type, r.tl, r.msg, r.ml, frames, "cause");
		}
	}
	if (causes)
		et_json_set(rec, "causes", causes);
	ec_emit(ctx, rec);
}

/*
 * Uncaught exceptions: a header after another's frames is that one's
 * cause when both end in the same outermost frame (Ruby prints the cause
 * with the whole backtrace); else it is an exception of its own. The
 * last one ends at rb_exc_end, or at the block's end when the block is a
 * thread's report (copy_no set), or after as many lines as the report
 * before it had when the block begins with the report's copy and those
 * lines are the report's (rs->prev); rs->prev is then set for the copy
 * of this block, when it is a report.
 */
static void fin_exc(ec_ctx *ctx, rb_state *rs, const ec_line *lines, size_t n)
{
	size_t heads[16], nh = 0, first = 0;
	rb_loc r, top, o;
	for (size_t i = 0; i < n; i++) {
		if (!(i == 0 || rb_is_frame(&lines[i - 1], 0) || rb_levels(&lines[i - 1])) ||
		    !rb_header(lines[i].s, lines[i].len, &r))
			continue;
		size_t e = i + 1;
		while (e < n && !rb_header(lines[e].s, lines[e].len, &o))
			e++;
		if (nh) {
			rb_outer(lines, i, e, &o);
			if (nh == 16 || !rb_same_loc(&o, &top)) {
				emit_exc(ctx, lines, heads, nh, i - 1);
				nh = 0;
			}
		}
		if (!nh) {
			first = i;
			size_t e0 = e;
			rb_outer(lines, first, e0, &top);
		}
		heads[nh++] = i;
	}
	if (!nh)
		return;
	size_t last = rb_exc_end(lines, heads[nh - 1], n);
	const rb_prev *p = &rs->prev;
	if (rs->copy_no)
		last = n - 1;
	else if (nh == 1 && heads[0] == 0 && p->no == lines[0].no && p->k < n && p->k > last &&
		 p->head == et_hash64(lines[0].s, lines[0].len) && p->body == rb_lines_hash(lines, 1, p->k))
		last = p->k;
	memset(&rs->prev, 0, sizeof rs->prev);
	if (rs->copy_no && nh == 1 && heads[0] == 0) {
		rs->prev.head = rs->head;
		rs->prev.body = rb_lines_hash(lines, 1, n - 1);
		rs->prev.k = n - 1;
		rs->prev.no = rs->copy_no;
	}
	emit_exc(ctx, lines, heads, nh, last);
}

static void fin_syntax(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	rb_loc r;
	int d = rb_diag(&lines[0], &r);
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	const char *m = r.msg;
	size_t ml = r.ml;
	/* 3.4 (prism): "syntax errors found (SyntaxError)", the messages under carets */
	if (ec_mem_ends(m, ml, " (SyntaxError)"))
		ml -= 14;
	for (size_t i = 1; i < n && ec_mem_starts(m, ml, "syntax error") && ec_memfind(m, ml, " found"); i++) {
		const char *b;
		size_t bl;
		ec_trim(lines[i].s, lines[i].len, &b, &bl);
		const char *c = ec_memfind(b, bl, "| ^");
		if (c) {
			c += 2;
			while (c < b + bl && (*c == '^' || *c == '~'))
				c++;
			while (c < b + bl && *c == ' ')
				c++;
			if (c < b + bl) {
				m = c;
				ml = (size_t)(b + bl - c);
			}
			break;
		}
	}
	ec_set_level(rec, d == RS_WARNING ? "warning" : "error");
	et_json_set_str(rec, "type", d == RS_WARNING ? NULL : "SyntaxError");
	ec_set_strn(rec, "message", m, ml);
	ec_set_location(ctx, rec, r.file, r.fl, r.line, 0);
	ec_emit(ctx, rec);
}

/* "Class: message" + frames under it: rake, Minitest errors, RSpec loading errors */
static void fill_class_block(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t a, size_t n)
{
	rb_loc r;
	for (size_t i = a; i < n; i++)
		if (rb_class_msg(lines[i].s, lines[i].len, &r)) {
			if (!r.ml && i + 1 < n) {       /* RSpec: "LoadError:" then the message, indented */
				ec_trim(lines[i + 1].s, lines[i + 1].len, &r.msg, &r.ml);
			}
			set_type_msg(rec, &r);
			ec_set_frames(ctx, rec, rb_frames(lines, i + 1, n, 1, NULL));
			return;
		}
}

static void fin_rake(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	fill_class_block(ctx, rec, lines, 1, n);
	ec_emit(ctx, rec);
}

/* "  1) Calc adds" */
static int rspec_item(const ec_line *l, const char **title, size_t *tl)
{
	const char *p = l->s, *e = p + l->len;
	while (p < e && *p == ' ')
		p++;
	if (p - l->s < 2 || p == e || !ec_is_digit(*p))
		return 0;
	ec_num(&p, e);
	if (e - p < 3 || p[0] != ')' || p[1] != ' ')
		return 0;
	*title = p + 2;
	*tl = (size_t)(e - p - 2);
	return 1;
}

static void fin_rspec_item(ec_ctx *ctx, const ec_line *lines, size_t a, size_t b)
{
	const char *title;
	size_t tl, i;
	rb_loc r;
	cJSON *rec = ec_rec_new(ctx, lines, a, b - 1);
	et_buf m = ET_BUF_INIT;
	const char *type = "RSpec::Expectations::ExpectationNotMetError";
	size_t typel = strlen(type);
	rspec_item(&lines[a], &title, &tl);
	ec_set_level(rec, "error");
	ec_set_strn(rec, "test", title, tl);
	for (i = a + 1; i < b; i++) {
		const char *s;
		size_t sl;
		ec_trim(lines[i].s, lines[i].len, &s, &sl);
		if (!sl || ec_mem_starts(s, sl, "Failure/Error:"))
			continue;
		if (ec_mem_starts(s, sl, "# "))
			break;
		/* "ZeroDivisionError:" then the message, indented further */
		if (s[sl - 1] == ':' && is_class(s, sl - 1)) {
			type = s;
			typel = sl - 1;
			continue;
		}
		if (rb_class_msg(s, sl, &r) && r.ml && m.len == 0 && ec_memfind(r.type, r.tl, "::")) {
			type = r.type;
			typel = r.tl;
			s = r.msg;
			sl = r.ml;
		}
		/* the message: its lines up to the first blank line, joined */
		if (m.len)
			et_buf_addch(&m, ' ');
		et_buf_add(&m, s, sl);
		if (i + 1 < b && ec_blank(&lines[i + 1]))
			break;
	}
	ec_set_strn(rec, "type", type, typel);
	ec_set_strn(rec, "message", m.buf, m.len);
	et_buf_release(&m);
	ec_set_frames(ctx, rec, rb_frames(lines, a + 1, b, 0, NULL));
	ec_emit(ctx, rec);
}

static void fin_rspec(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	const char *t;
	size_t tl, start = 0;
	int in = 0;
	for (size_t i = 1; i <= n; i++) {
		if (i == n || rspec_item(&lines[i], &t, &tl)) {
			if (in)
				fin_rspec_item(ctx, lines, start, i);
			start = i;
			in = 1;
		}
	}
}

static void fin_rspec_load(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	fill_class_block(ctx, rec, lines, 1, n);
	/* "An error occurred while loading ./spec/x_spec.rb." names the file when no frame did */
	if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "file"))) {
		const char *f = lines[0].s + 32;
		size_t fl = lines[0].len - 32;
		if (fl && f[fl - 1] == '.')
			fl--;
		ec_set_location(ctx, rec, f, fl, 0, 0);
	}
	ec_emit(ctx, rec);
}

static void fin_minitest(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	int failure = ec_find(&lines[0], ") Failure:") != NULL;
	ec_set_level(rec, "error");
	if (n < 2) {
		ec_emit(ctx, rec);
		return;
	}
	/* "CalcTest#test_add [test_calc.rb:5]:" or "test_add(CalcTest) [file:5]:" or "CalcTest#test_div:" */
	const char *s = lines[1].s, *e = s + lines[1].len;
	if (e > s && e[-1] == ':')
		e--;
	const char *br = ec_memfind(s, (size_t)(e - s), " [");
	ec_set_strn(rec, "test", s, (size_t)((br ? br : e) - s));
	if (failure) {
		et_buf m = ET_BUF_INIT;
		for (size_t i = 2; i < n; i++) {
			const char *b;
			size_t bl;
			ec_trim(lines[i].s, lines[i].len, &b, &bl);
			if (m.len)
				et_buf_addch(&m, ' ');
			et_buf_add(&m, b, bl);
		}
		et_json_set_str(rec, "type", "Minitest::Assertion");
		ec_set_strn(rec, "message", m.buf, m.len);
		et_buf_release(&m);
		if (br && e[-1] == ']') {
			long line, col;
			size_t fl = ec_split_location(br + 2, (size_t)(e - 1 - br - 2), &line, &col);
			ec_set_location(ctx, rec, br + 2, fl, line, 0);
		}
	} else {
		fill_class_block(ctx, rec, lines, 2, n);
	}
	ec_emit(ctx, rec);
}

static void rb_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	rb_state *rs = st, keep = *rs;
	int kind = rs->kind;
	memset(rs, 0, sizeof *rs);
	rs->prev = keep.prev;
	if (!n)
		return;
	switch (kind) {
	case K_EXC:
		fin_exc(ctx, &keep, lines, n);
		rs->prev = keep.prev;
		break;
	case K_SYNTAX: fin_syntax(ctx, lines, n); break;
	case K_RAKE: fin_rake(ctx, lines, n); break;
	case K_RSPEC: fin_rspec(ctx, lines, n); break;
	case K_RSPEC_LOAD: fin_rspec_load(ctx, lines, n); break;
	case K_MINITEST: fin_minitest(ctx, lines, n); break;
	default:
		/* a warning line (EC_DONE from start) */
		if (rb_diag(&lines[0], &(rb_loc){ 0 }) == RS_WARNING)
			fin_syntax(ctx, lines, n);
	}
}

const ec_parser ec_parser_ruby = { .name = "ruby", .triggers = rb_triggers,
	.state_size = sizeof(rb_state), .start = rb_start_ruby, .more = rb_more, .finish = rb_finish };

const ec_parser ec_parser_rspec = { .name = "rspec", .triggers = rspec_triggers,
	.state_size = sizeof(rb_state), .start = rb_start_rspec, .more = rb_more, .finish = rb_finish };

const ec_parser ec_parser_minitest = { .name = "minitest", .triggers = minitest_triggers,
	.state_size = sizeof(rb_state),
	.start = rb_start_minitest, .more = rb_more, .finish = rb_finish };
