/*
 * parse_pkg.c: tools whose errors are blocks that a line format cannot take
 * as one record: npm's "npm error" / "npm ERR!" blocks ("npm") and
 * Terraform's diagnostics ("terraform").
 *
 * npm. A block is a run of lines that begin "npm error" (npm >= 10) or
 * "npm ERR!" (older). One record, level error: type = the value of the
 * "code X" line (E404, ELIFECYCLE, EJSONPARSE, ...), message = the first
 * line that says what went wrong (not code, errno, syscall, path, a blank
 * body, nor "A complete log of this run ..."), file = the "path X" line's
 * path. The block ends after "A complete log of this run can be found in:
 * ..." (each run's last line). "npm warn", "npm WARN" and "npm notice" lines
 * are ordinary output.
 *
 * terraform. A diagnostic begins "Error: Title" or "Warning: Title", in
 * -no-color output at the start of a line with a blank line after it, in
 * colour output inside a box ("│ Error: Title", the box closed by "╵").
 * The block runs to the box's end, the next diagnostic, two blank lines
 * in a row, or 80 lines. One record: level from the word, message = the
 * title, file and line from "on main.tf line 6, in resource "x" "y":",
 * function = what follows ", in " there. An unboxed diagnostic is taken
 * on the line after the blank line that follows its title, which it claims
 * back: that line is "on F line N", or the title is a plain phrase (no
 * quotes, paths, colons or digits, which other programs' "Error: ..." lines
 * have) with a blank line before it. A title is never taken on its own
 * line, so a program's "Error: ..." and its stack stay whole for others.
 */
#include "parser.h"
#include "et_cli.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/* The body of an npm error line (after "npm error " / "npm ERR! "), or NULL. */
static const char *npm_body(const char *s, size_t n, size_t *bn)
{
	static const char *const pre[] = { "npm error", "npm ERR!" };
	for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
		size_t k = strlen(pre[i]);
		if (n >= k && !memcmp(s, pre[i], k) && (n == k || s[k] == ' ')) {
			const char *b;
			ec_trim(s + k, n - k, &b, bn);
			return b;
		}
	}
	return NULL;
}

static const char *const npm_triggers[] = { "npm error", "npm ERR!", NULL };

static enum ec_verdict npm_start(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	size_t bn;
	return npm_body(l->s, l->len, &bn) ? EC_START : EC_NO;
}

/*
 * npm's last line of a run's error block: the pointer to its debug log
 * (npm 6 puts the log's path on a line of its own after it).
 */
static int npm_last(const char *b, size_t n)
{
	if (ec_mem_starts(b, n, "A complete log of this run") ||
	    ec_mem_starts(b, n, "Log files were not written"))
		return b[n - 1] != ':';
	return ec_mem_ends(b, n, "-debug.log") ||
	       (ec_mem_ends(b, n, ".log") && ec_memfind(b, n, "-debug-") && ec_memfind(b, n, "_logs"));
}

static enum ec_verdict npm_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	size_t bn;
	const char *b = npm_body(l->s, l->len, &bn);
	if (!b)
		return EC_NO;
	return npm_last(b, bn) ? EC_DONE : EC_MORE;
}

/* Does body b[0..n) start with the word w followed by a space? */
static int npm_key(const char *b, size_t n, const char *w, const char **val, size_t *vn)
{
	size_t k = strlen(w);
	if (n <= k || memcmp(b, w, k) || b[k] != ' ')
		return 0;
	ec_trim(b + k + 1, n - k - 1, val, vn);
	return 1;
}

static void npm_finish(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	static const char *const meta[] = { "errno", "syscall", "signal", "command", "cwd", "dest", NULL };
	const char *code = NULL, *msg = NULL, *path = NULL;
	size_t codelen = 0, msglen = 0, pathlen = 0;
	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t bn, vn;
		const char *v, *b = npm_body(lines[i].s, lines[i].len, &bn);
		int skip = 0;
		if (!b || !bn)
			continue;
		if (npm_key(b, bn, "code", &v, &vn)) {
			if (!code) {
				code = v;
				codelen = vn;
			}
			continue;
		}
		if (npm_key(b, bn, "path", &v, &vn)) {
			if (!path) {
				path = v;
				pathlen = vn;
			}
			continue;
		}
		for (size_t k = 0; meta[k]; k++)
			if (npm_key(b, bn, meta[k], &v, &vn))
				skip = 1;
		if (skip || npm_last(b, bn) || ec_mem_starts(b, bn, "A complete log of this run") ||
		    (bn <= 3 && ec_is_digit(b[0])))
			continue;
		if (!msg) {
			msg = b;
			msglen = bn;
		}
	}
	if (!code && !msg)
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	if (code)
		ec_set_strn(rec, "type", code, codelen);
	ec_set_strn(rec, "message", msg ? msg : code, msg ? msglen : codelen);
	if (path)
		ec_set_location(ctx, rec, path, pathlen, 0, 0);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_npm = { .name = "npm", .triggers = npm_triggers,
	.start = npm_start, .more = npm_more, .finish = npm_finish };

/* ---------------------------------------------------------------- terraform */

#define TF_BAR "\xe2\x94\x82"      /* U+2502 │ */
#define TF_END "\xe2\x95\xb5"      /* U+2575 ╵ */
#define TF_MAX_LINES 80

typedef struct {
	int boxed;      /* colour output: lines inside "│" */
	int confirmed;  /* a box or the blank line after the title was seen */
	int blanks;     /* blank lines in a row */
	size_t nlines;
} tf_st;


/* The line without the box's "│" and the spaces after it; sets *boxed. */
static const char *tf_unbox(const char *s, size_t n, size_t *rn, int *boxed)
{
	*boxed = 0;
	if (n >= 3 && !memcmp(s, TF_BAR, 3)) {
		*boxed = 1;
		s += 3;
		n -= 3;
		while (n && *s == ' ') {
			s++;
			n--;
		}
	}
	*rn = n;
	return s;
}

/*
 * A title's first word, and its level. Every title holds one (tf_title):
 * they are the parser's triggers. An unboxed diagnostic is recognised on
 * the line after the blank line that follows its title (start looks back):
 * two lines after the trigger (reach 2).
 */
static const char *const tf_triggers[] = { "Error: ", "Warning: ", NULL };
static const char *const tf_levels[] = { "error", "warning" };

/* "Error: T" / "Warning: T" (after unboxing): returns the level, sets title. */
static const char *tf_title(const char *s, size_t n, const char **t, size_t *tn)
{
	for (size_t i = 0; tf_triggers[i]; i++) {
		size_t k = strlen(tf_triggers[i]);
		if (n > k && !memcmp(s, tf_triggers[i], k) && s[k] != ' ') {
			ec_trim(s + k, n - k, t, tn);
			return tf_levels[i];
		}
	}
	return NULL;
}

/*
 * Could this unboxed title be Terraform's without a location line to show
 * it? Its titles are plain phrases ("Failed to query available provider
 * packages"); a program's "Error: Cannot find module '/x'" or "Error:
 * connect ECONNREFUSED 127.0.0.1:5432" has quotes, paths, colons or digits.
 */
static int tf_plain_title(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i] == '\'' || t[i] == '"' || t[i] == '/' || t[i] == '\\' || t[i] == ':' ||
		    ec_is_digit(t[i]) || t[i] == '`')
			return 0;
	return n > 0;
}

/* "on main.tf line 6, in ...": the location line of a -no-color diagnostic. */
static int tf_on_line(const char *s, size_t n)
{
	const char *b, *q, *p;
	size_t bn;
	ec_trim(s, n, &b, &bn);
	if (b == s || !ec_mem_starts(b, bn, "on ") || !(q = ec_memfind(b + 3, bn - 3, " line ")))
		return 0;
	p = q + 6;
	return p < b + bn && ec_is_digit(*p) && !ec_memfind(b + 3, (size_t)(q - b - 3), " ");
}

static enum ec_verdict tf_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	tf_st *st = vst;
	const char *t, *s;
	size_t tn, n;
	int boxed;
	const ec_line *b1, *b2, *b3;
	if (!l->len)
		return EC_NO;
	s = tf_unbox(l->s, l->len, &n, &boxed);
	if (boxed) {
		if (!tf_title(s, n, &t, &tn))
			return EC_NO;
		st->boxed = 1;
		st->confirmed = 1;
		st->blanks = 0;
		st->nlines = 1;
		return EC_START;
	}
	/* -no-color: "Error: Title", a blank line, then this line */
	if (!(b1 = ec_back(ctx, 1)) || !ec_blank(b1) || !(b2 = ec_back(ctx, 2)) || ec_blank(l))
		return EC_NO;
	s = tf_unbox(b2->s, b2->len, &n, &boxed);
	if (boxed || !tf_title(s, n, &t, &tn))
		return EC_NO;
	/* without a location line, only a plain title that stands alone */
	if (!tf_on_line(l->s, l->len) &&
	    (!tf_plain_title(t, tn) || ((b3 = ec_back(ctx, 3)) != NULL && !ec_blank(b3))))
		return EC_NO;
	ec_claim_back(ctx, 2);
	st->boxed = 0;
	st->confirmed = 1;
	st->blanks = 0;
	st->nlines = 3;
	return EC_START;
}

static enum ec_verdict tf_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tf_st *st = vst;
	const char *t, *s;
	size_t tn, n;
	int boxed;
	if (st->nlines >= TF_MAX_LINES)
		return EC_NO;
	if (st->boxed && ec_starts(l, TF_END)) {
		st->nlines++;
		return EC_DONE;
	}
	s = tf_unbox(l->s, l->len, &n, &boxed);
	if (st->boxed && !boxed)
		return EC_NO;
	if (tf_title(s, n, &t, &tn))
		return EC_NO;
	if (!n || ec_blank(l) || (boxed && !n)) {
		if (st->nlines == 1)
			st->confirmed = 1;
		if (++st->blanks >= 2 && !st->boxed)
			return EC_NO;
	} else {
		if (!st->confirmed)
			return EC_NO;
		st->blanks = 0;
	}
	st->nlines++;
	return EC_MORE;
}

static void tf_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	tf_st *st = vst;
	const char *t, *s, *level;
	size_t tn, sn;
	int boxed, confirmed = st->confirmed;
	st->confirmed = 0;
	st->nlines = 0;
	if (!n)
		return;
	s = tf_unbox(lines[0].s, lines[0].len, &sn, &boxed);
	level = tf_title(s, sn, &t, &tn);
	if (!level || (!confirmed && n < 2))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, level);
	ec_set_strn(rec, "message", t, tn);
	for (size_t i = 1; i < n; i++) {
		const char *b, *e, *q, *p, *in;
		size_t bn;
		long line;
		b = tf_unbox(lines[i].s, lines[i].len, &bn, &boxed);
		ec_trim(b, bn, &b, &bn);
		e = b + bn;
		/* "on main.tf line 6, in output "greeting":" */
		if (!ec_mem_starts(b, bn, "on ") || !(q = ec_memfind(b + 3, bn - 3, " line ")) || q == b + 3)
			continue;
		p = q + 6;
		line = ec_num(&p, e);
		if (line <= 0)
			continue;
		ec_set_location(ctx, rec, b + 3, (size_t)(q - b - 3), line, 0);
		if (ec_mem_starts(p, (size_t)(e - p), ", in ") && e - p > 6) {
			in = p + 5;
			ec_set_strn(rec, "function", in, (size_t)(e - in) - (e[-1] == ':'));
		}
		break;
	}
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_terraform = { .name = "terraform", .triggers = tf_triggers,
	.state_size = sizeof(tf_st),
	.start = tf_start, .more = tf_more, .finish = tf_finish, .reach = 2 };
