/*
 * parse_ocaml.c: an OCaml program's uncaught exception as the runtime
 * prints it (bytecode and native), with the backtrace that
 * OCAMLRUNPARAM=b or Printexc.record_backtrace adds, innermost first:
 *
 *   Fatal error: exception Not_found
 *   Raised at Stdlib__List.assoc in file "list.ml", line 191, characters 10-25
 *   Called from C in file "c.ml", line 12, characters 31-41
 *   Re-raised at ..., Raised by primitive operation at ..., ... at unknown location
 *
 * A thread's: "Thread N killed on uncaught exception X". Older runtimes
 * leave the function out ("Raised at file "list.ml", line 191, ..."), 5.x
 * may add "(inlined)" after the file.
 *
 * type: the exception's constructor with its module path ("C.My_error").
 * message: its argument when that is one string ("hd" of Failure("hd")),
 * else its arguments as printed ('7, "too big"'), else the constructor.
 * file, line and column (characters are counted from 0): the innermost
 * frame of the program's own code (et_frame: Stdlib and the compiler's
 * Camlinternal modules are the library's); without a backtrace, the place
 * Assert_failure and Match_failure carry ("c.ml", 10, 16).
 */
#include "parser.h"
#include "et_ctype.h"
#include "et_rec.h"

#include <string.h>

static const char *const ml_triggers[] = { "Fatal error: exception ", "killed on uncaught exception ",
					   NULL };

/* The exception's text after the head, or NULL when l is no head. */
static const char *ml_head(const ec_line *l, size_t *n)
{
	static const char fatal[] = "Fatal error: exception ", killed[] = " killed on uncaught exception ";
	const char *p = l->s, *k;
	if (ec_starts(l, fatal)) {
		p += (sizeof fatal - 1);
	} else if (ec_starts(l, "Thread ") && (k = ec_find(l, killed)) != NULL) {
		p = k + (sizeof killed - 1);
	} else {
		return NULL;
	}
	*n = (size_t)(l->s + l->len - p);
	return *n ? p : NULL;
}

/* A backtrace line: the text after its lead phrase ("Raised at " ...), or NULL. */
static const char *ml_step(const ec_line *l, size_t *n)
{
	static const char *const leads[] = { "Raised at ", "Called from ", "Re-raised at ",
					     "Raised by primitive operation at ", NULL };
	for (const char *const *p = leads; *p; p++)
		if (ec_starts(l, *p)) {
			size_t k = strlen(*p);
			*n = l->len - k;
			return l->s + k;
		}
	return NULL;
}

static enum ec_verdict ml_start(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	size_t n;
	return ml_head(l, &n) ? EC_START : EC_NO;
}

static enum ec_verdict ml_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	size_t n;
	return ml_step(l, &n) ? EC_MORE : EC_NO;
}

/* A number at *p (moved past it), or -1. */
static long ml_num(const char **p, const char *e)
{
	return *p < e && ec_is_digit(**p) ? ec_num(p, e) : -1;
}

/*
 * 'F in file "X"[ (inlined)], line N, characters A-B' (F and "in " absent
 * in older runtimes; "unknown location"): a frame, or NULL.
 */
static cJSON *ml_frame(const char *s, size_t n)
{
	const char *e = s + n, *f = ec_memfind(s, n, "file \""), *fe, *p;
	const char *fn = NULL;
	size_t fnl = 0;
	long line, col = 0;
	if (!f || !(fe = memchr(f + 6, '"', (size_t)(e - f - 6))))
		return NULL;
	if (f - s > 4 && !memcmp(f - 4, " in ", 4)) {
		fn = s;
		fnl = (size_t)(f - 4 - s);
	}
	p = ec_memfind(fe, (size_t)(e - fe), ", line ");
	if (!p)
		return NULL;
	p += EC_LEN(", line ");
	if ((line = ml_num(&p, e)) < 0)
		return NULL;
	size_t left = (size_t)(e - p);
	if (ec_mem_skip(&p, &left, ", characters ")) {
		col = ml_num(&p, e);
		col = col < 0 ? 0 : col + 1;
	}
	return ec_frame(f + 6, (size_t)(fe - f - 6), line, col, fn, fnl, NULL, 0);
}

/* The text of a string literal s[0..n) ("..." with no other quote), or NULL. */
static const char *ml_string(const char *s, size_t n, size_t *len)
{
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return NULL;
	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return NULL;
	*len = n - 2;
	return s + 1;
}

/* ("file", line, char) of Assert_failure and Match_failure: the place. */
static void ml_carried_place(ec_ctx *ctx, cJSON *rec, const char *a, size_t an)
{
	const char *e = a + an, *q, *p;
	long line, col;
	if (an < 2 || a[0] != '"' || !(q = memchr(a + 1, '"', an - 1)))
		return;
	size_t left = (size_t)(e - q - 1);
	p = q + 1;
	if (!ec_mem_skip(&p, &left, ", ") || (line = ml_num(&p, e)) <= 0)
		return;
	left = (size_t)(e - p);
	if (!ec_mem_skip(&p, &left, ", "))
		return;
	col = ml_num(&p, e);
	ec_set_location(ctx, rec, a + 1, (size_t)(q - a - 1), line, col < 0 ? 0 : col + 1);
}

static void ml_finish(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	size_t hn, cn = 0, an = 0;
	const char *h = n ? ml_head(&lines[0], &hn) : NULL, *args = NULL;
	if (!h)
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1), *frames = cJSON_CreateArray();
	ec_set_level(rec, "error");
	while (cn < hn && (et_isalnum(h[cn]) || h[cn] == '_' || h[cn] == '.' || h[cn] == '\''))
		cn++;
	if (cn < hn && h[cn] == '(' && h[hn - 1] == ')') {
		args = h + cn + 1;
		an = hn - cn - 2;
	} else if (cn < hn) {
		args = h + cn;                  /* a constructor with a record or other printing */
		an = hn - cn;
		while (an && args[0] == ' ')
			args++, an--;
	}
	if (cn)
		ec_set_strn(rec, "type", h, cn);
	size_t sl;
	const char *str = args ? ml_string(args, an, &sl) : NULL;
	if (str)
		ec_set_strn(rec, "message", str, sl);
	else if (an)
		ec_set_strn(rec, "message", args, an);
	else
		ec_set_strn(rec, "message", h, hn);
	for (size_t i = 1; i < n; i++) {
		size_t sn;
		const char *s = ml_step(&lines[i], &sn);
		cJSON *f = s ? ml_frame(s, sn) : NULL;
		if (f)
			cJSON_InsertItemInArray(frames, 0, f);
	}
	if (cJSON_GetArraySize(frames) == 0 && args &&
	    ((cn == 14 && !memcmp(h, "Assert_failure", 14)) || (cn == 13 && !memcmp(h, "Match_failure", 13))))
		ml_carried_place(ctx, rec, args, an);
	ec_set_frames(ctx, rec, frames);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_ocaml = { .name = "ocaml", .triggers = ml_triggers,
	.start = ml_start, .more = ml_more, .finish = ml_finish };
