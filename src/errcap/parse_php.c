/*
 * parse_php.c: PHP's error messages and PHPUnit's failure sections.
 *
 * php: "[PHP ]LEVEL:  MESSAGE in FILE on line N" with LEVEL one of Fatal
 *   error, Parse error, Warning, Notice, Deprecated, Strict Standards,
 *   Recoverable fatal error, Catchable fatal error, Core/Compile/User
 *   variants; the "PHP " form is the error log's (stderr under the CLI),
 *   the bare one display_errors'. "LEVEL: Uncaught Class: MESSAGE in
 *   FILE:N" opens an uncaught exception: "Stack trace:", "#0 FILE(N):
 *   func()" ... "#K {main}", blank + "Next Class: MESSAGE in FILE:N" for
 *   each wrapping exception (the one printed first is the innermost,
 *   which becomes a cause), "  thrown in FILE on line N" ends it.
 *   level: Warning/Notice/Deprecated/Strict are "warning", Fatal error
 *   "fatal" (an uncaught exception "error"), Parse error "error"; type is
 *   the exception class, else the level as PHP names it ("Warning").
 * phpunit: "There was 1 error:" / "There were N failures:" / "... warnings:"
 *   sections, one record per "N) Class::method" item: the message lines,
 *   then "FILE:N" frame lines (innermost first) after a blank line.
 *   Risky, skipped, incomplete and deprecation sections give no record.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *level;
} php_levels[] = {
	{ "Fatal error", "fatal" }, { "Parse error", "error" }, { "Warning", "warning" },
	{ "Notice", "warning" }, { "Deprecated", "warning" }, { "Strict Standards", "warning" },
	{ "Recoverable fatal error", "error" }, { "Catchable fatal error", "error" },
	{ "Core error", "fatal" }, { "Core warning", "warning" }, { "Compile error", "fatal" },
	{ "Compile warning", "warning" }, { "User error", "error" }, { "User warning", "warning" },
	{ "User notice", "warning" }, { "User deprecated", "warning" },
};

static const char *const php_triggers[] = {
	" on line ", "Uncaught ", "There was 1 ", "There were ", NULL
};

typedef struct {
	const char *level, *lname, *msg;
	size_t lnl, ml;
} php_head;

/* "[PHP ]LEVEL:  MESSAGE" (a log's "[date] " before "PHP " is skipped) */
static int php_head_parse(const ec_line *l, php_head *h)
{
	const char *s = l->s, *e = s + l->len;
	if (s < e && *s == '[') {
		const char *c = memchr(s, ']', (size_t)(e - s));
		if (c && e - c > 6 && !memcmp(c + 1, " PHP ", 5))
			s = c + 2;
	}
	if (e - s > 4 && !memcmp(s, "PHP ", 4))
		s += 4;
	for (size_t i = 0; i < sizeof php_levels / sizeof *php_levels; i++) {
		size_t k = strlen(php_levels[i].name);
		if ((size_t)(e - s) > k + 2 && !memcmp(s, php_levels[i].name, k) && s[k] == ':' &&
		    s[k + 1] == ' ') {
			const char *m = s + k + 1;
			while (m < e && *m == ' ')
				m++;
			h->level = php_levels[i].level;
			h->lname = s;
			h->lnl = k;
			h->msg = m;
			h->ml = (size_t)(e - m);
			return 1;
		}
	}
	return 0;
}

/* " in FILE on line N" at the end of s[0..n): sets file and line, returns where " in " starts */
static const char *php_on_line(const char *s, size_t n, const char **file, size_t *fl, long *line)
{
	const char *e = s + n, *p = e;
	while (p > s && ec_is_digit(p[-1]))
		p--;
	if (p == e || p - s < 13 || memcmp(p - 9, " on line ", 9))
		return NULL;
	const char *q = p;
	*line = ec_num(&q, e);
	const char *fe = p - 9;
	/* the last " in " before it: file names rarely hold " in " */
	for (const char *f = fe - 4; f >= s; f--)
		if (!memcmp(f, " in ", 4)) {
			*file = f + 4;
			*fl = (size_t)(fe - f - 4);
			return *fl ? f : NULL;
		}
	return NULL;
}

/* " in FILE:N" at the end (uncaught exceptions' headers) */
static const char *php_in_colon(const char *s, size_t n, const char **file, size_t *fl, long *line)
{
	const char *e = s + n, *p = e;
	while (p > s && ec_is_digit(p[-1]))
		p--;
	if (p == e || p == s || p[-1] != ':')
		return NULL;
	const char *q = p;
	*line = ec_num(&q, e);
	for (const char *f = p - 5; f >= s; f--)
		if (!memcmp(f, " in ", 4)) {
			*file = f + 4;
			*fl = (size_t)(p - 1 - f - 4);
			return *fl ? f : NULL;
		}
	return NULL;
}

static int php_is_class(const char *s, size_t n)
{
	if (!n || !(((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') || s[0] == '\\' || s[0] == '_'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || ec_is_digit(c) || c == '_' || c == '\\'))
			return 0;
	}
	return 1;
}

/* "Class: message" */
static int php_class_msg(const char *s, size_t n, const char **type, size_t *tl,
			 const char **msg, size_t *ml)
{
	const char *c = ec_memfind(s, n, ": ");
	if (!c || !php_is_class(s, (size_t)(c - s)))
		return 0;
	*type = s;
	*tl = (size_t)(c - s);
	*msg = c + 2;
	*ml = n - (size_t)(c + 2 - s);
	return 1;
}

/* "#0 FILE(N): call()" / "#1 [internal function]: call()" / "#2 {main}" */
typedef struct {
	const char *file, *call;
	size_t fl, cl;
	long line;
	int main;
} php_fr;

static int php_frame(const ec_line *l, php_fr *f)
{
	const char *s = l->s, *e = s + l->len, *p = s;
	memset(f, 0, sizeof *f);
	while (p < e && *p == ' ')
		p++;
	if (p == e || *p != '#')
		return 0;
	p++;
	if (ec_num(&p, e) < 0 || p == e || *p != ' ')
		return 0;
	p++;
	if (e - p == 6 && !memcmp(p, "{main}", 6)) {
		f->main = 1;
		return 1;
	}
	const char *c = ec_memfind(p, (size_t)(e - p), ": ");
	if (!c)
		return 0;
	if (c > p && c[-1] == ')') {
		const char *o = c - 1;
		while (o > p && o[-1] != '(')
			o--;
		const char *q = o;
		long n = ec_num(&q, c - 1);
		if (o > p && n > 0 && q == c - 1) {
			f->file = p;
			f->fl = (size_t)(o - 1 - p);
			f->line = n;
		}
	}
	f->call = c + 2;
	const char *par = memchr(f->call, '(', (size_t)(e - f->call));
	f->cl = (size_t)((par ? par : e) - f->call);
	return 1;
}

/* ---- php ---- */

typedef struct {
	int phase;      /* 0: header's message lines, 1: in a trace, 2: after a blank line */
	int extra;
} php_state;


static enum ec_verdict php_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	php_state *ps = st;
	php_head h;
	const char *f;
	size_t fl;
	long line;
	memset(ps, 0, sizeof *ps);
	if (!php_head_parse(l, &h))
		return EC_NO;
	if (ec_mem_starts(h.msg, h.ml, "Uncaught "))
		return EC_START;
	return php_on_line(h.msg, h.ml, &f, &fl, &line) ? EC_DONE : EC_NO;
}

static enum ec_verdict php_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	php_state *ps = st;
	php_fr fr;
	if (ec_starts(l, "Stack trace:")) {
		ps->phase = 1;
		return EC_MORE;
	}
	if (ec_starts(l, "  thrown in ") || ec_starts(l, "thrown in "))
		return EC_DONE;
	if (ps->phase == 1 && php_frame(l, &fr))
		return EC_MORE;
	if (ps->phase >= 1 && ec_blank(l)) {
		ps->phase = 2;
		return EC_MORE;
	}
	if (ps->phase == 2 && ec_starts(l, "Next ")) {
		ps->phase = 0;
		ps->extra = 0;
		return EC_MORE;
	}
	/* a multi-line message before its " in FILE:N" */
	if (ps->phase == 0 && ++ps->extra <= 10)
		return EC_MORE;
	return EC_NO;
}

/* one exception: lines[a] its header, up to b; builds frames and type/message/file */
static cJSON *php_exc(const ec_line *lines, size_t a, size_t b, const char *hs, size_t hn,
		      const char **type, size_t *tl, et_buf *msg)
{
	const char *m, *file = NULL, *end = NULL;
	size_t ml, fl = 0, i = a + 1;
	long line = 0;
	*type = NULL;
	*tl = 0;
	if (!php_class_msg(hs, hn, type, tl, &m, &ml)) {
		m = hs;
		ml = hn;
	}
	/* the message runs until a line ending " in FILE:N" */
	et_buf_add(msg, m, ml);
	end = php_in_colon(m, ml, &file, &fl, &line);
	if (end)
		et_buf_setlen(msg, (size_t)(end - m));
	/* a TypeError's "..., called in F on line N and defined in F:N" */
	if (end && msg->len > 12 && !memcmp(msg->buf + msg->len - 12, " and defined", 12))
		et_buf_setlen(msg, msg->len - 12);
	for (; !end && i < b && !ec_starts(&lines[i], "Stack trace:"); i++) {
		et_buf_addch(msg, '\n');
		size_t at = msg->len;
		et_buf_add(msg, lines[i].s, lines[i].len);
		end = php_in_colon(lines[i].s, lines[i].len, &file, &fl, &line);
		if (end)
			et_buf_setlen(msg, at + (size_t)(end - lines[i].s));
	}
	/* frames: the throw site, then each "#k FILE(N): call()" names the call made there */
	cJSON *frames = cJSON_CreateArray();
	const char *lf = file;
	size_t lfl = fl;
	long ll = line;
	int have = end != NULL;
	for (; i < b; i++) {
		php_fr fr;
		if (!php_frame(&lines[i], &fr))
			continue;
		if (have)
			cJSON_InsertItemInArray(frames, 0, ec_frame(lf, lfl, ll, 0,
								     fr.main ? "{main}" : fr.call,
								     fr.main ? 6 : fr.cl, NULL, 0));
		have = !fr.main;
		lf = fr.file;
		lfl = fr.fl;
		ll = fr.line;
	}
	if (!cJSON_GetArraySize(frames) && end)
		cJSON_AddItemToArray(frames, ec_frame(file, fl, line, 0, NULL, 0, NULL, 0));
	return frames;
}

static void php_finish(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	php_head h;
	const char *f;
	size_t fl;
	long line;
	if (!n || !php_head_parse(&lines[0], &h))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	if (!ec_mem_starts(h.msg, h.ml, "Uncaught ")) {
		const char *in = php_on_line(h.msg, h.ml, &f, &fl, &line);
		ec_set_level(rec, h.level);
		ec_set_strn(rec, "type", h.lname, h.lnl);
		ec_set_strn(rec, "message", h.msg, in ? (size_t)(in - h.msg) : h.ml);
		if (in)
			ec_set_location(ctx, rec, f, fl, line, 0);
		ec_emit(ctx, rec);
		return;
	}
	/* the exceptions, innermost first: the header's, then each "Next" */
	size_t starts[16], ns = 0;
	starts[ns++] = 0;
	for (size_t i = 1; i < n && ns < 16; i++)
		if (ec_starts(&lines[i], "Next ") && ec_blank(&lines[i - 1]))
			starts[ns++] = i;
	cJSON *causes = NULL;
	for (size_t k = 0; k < ns; k++) {
		size_t a = starts[k], b = k + 1 < ns ? starts[k + 1] : n;
		const char *hs = k ? lines[a].s + 5 : h.msg + 9, *type;
		size_t hn = k ? lines[a].len - 5 : h.ml - 9, tl;
		et_buf msg = ET_BUF_INIT;
		cJSON *frames = php_exc(lines, a, b, hs, hn, &type, &tl, &msg);
		if (k + 1 == ns) {
			ec_set_level(rec, "error");
			ec_set_strn(rec, "type", type, tl);
			ec_set_strn(rec, "message", msg.buf, msg.len);
			ec_set_frames(ctx, rec, frames);
		} else {
			ec_add_cause(&causes, type, tl, msg.buf, msg.len, frames, "cause");
		}
		et_buf_release(&msg);
	}
	if (causes)
		et_json_set(rec, "causes", causes);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_php = { .name = "php", .triggers = php_triggers,
	.state_size = sizeof(php_state), .start = php_start, .more = php_more, .finish = php_finish };

/* ---- phpunit ---- */

enum { PU_NONE, PU_ERROR, PU_FAILURE, PU_WARNING, PU_SKIP };

/* "There was 1 error:" / "There were 2 failures:" -> the section's kind */
static int pu_section(const ec_line *l)
{
	const char *p = l->s, *e = p + l->len;
	if (ec_starts(l, "There was 1 ")) {
		p += 12;
	} else if (ec_starts(l, "There were ")) {
		p += 11;
		if (ec_num(&p, e) < 0)
			return PU_NONE;
	} else {
		return PU_NONE;
	}
	while (p < e && *p == ' ')
		p++;
	if (e == p || e[-1] != ':')
		return PU_NONE;
	if (ec_mem_starts(p, (size_t)(e - p), "error"))
		return PU_ERROR;
	if (ec_mem_starts(p, (size_t)(e - p), "failure"))
		return PU_FAILURE;
	if (ec_mem_starts(p, (size_t)(e - p), "warning") || ec_mem_starts(p, (size_t)(e - p), "PHPUnit"))
		return PU_WARNING;
	return PU_SKIP;         /* risky, skipped, incomplete, deprecations, notices */
}

typedef struct {
	int kind;
} pu_state;


static enum ec_verdict pu_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	pu_state *ps = st;
	ps->kind = pu_section(l);
	return ps->kind == PU_NONE ? EC_NO : EC_START;
}

static enum ec_verdict pu_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	if (l->len == 2 && !memcmp(l->s, "--", 2))
		return EC_DONE;
	if (pu_section(l) != PU_NONE || ec_starts(l, "FAILURES!") || ec_starts(l, "ERRORS!") ||
	    ec_starts(l, "WARNINGS!") || ec_starts(l, "OK, but") || ec_starts(l, "Tests: "))
		return EC_NO;
	return EC_MORE;
}

/* "1) CalcTest::testDiv" (PHPUnit 9, 10, 11) */
static int pu_item(const ec_line *l)
{
	const char *p = l->s, *e = p + l->len;
	if (ec_num(&p, e) < 0)
		return 0;
	return e - p > 2 && p[0] == ')' && p[1] == ' ';
}

/* a frame line: "/path/file.php:N" */
static cJSON *pu_frame(const ec_line *l)
{
	long line, col;
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	size_t fl = ec_split_location(b, bl, &line, &col);
	if (!bl || line <= 0 || col || fl == 0 || memchr(b, ' ', fl))
		return NULL;
	return ec_frame(b, fl, line, 0, NULL, 0, NULL, 0);
}

static void pu_emit(ec_ctx *ctx, int kind, const ec_line *lines, size_t a, size_t b)
{
	cJSON *rec = ec_rec_new(ctx, lines, a, b - 1), *frames = cJSON_CreateArray();
	const char *t = lines[a].s, *te = t + lines[a].len;
	const char *type = NULL, *m = NULL;
	size_t tl = 0, ml = 0;
	while (t < te && *t != ')')
		t++;
	t += 2;
	ec_set_level(rec, kind == PU_WARNING ? "warning" : "error");
	ec_set_strn(rec, "test", t, (size_t)(te - t));
	if (a + 1 < b) {
		m = lines[a + 1].s;
		ml = lines[a + 1].len;
		if (kind == PU_ERROR && !php_class_msg(m, ml, &type, &tl, &m, &ml))
			type = NULL;
	}
	if (kind == PU_FAILURE && !type) {
		type = "PHPUnit\\Framework\\ExpectationFailedException";
		tl = strlen(type);
	}
	/* frames: the last run of "FILE:N" lines, innermost first */
	for (size_t i = a + 2; i < b; i++) {
		cJSON *f = pu_frame(&lines[i]);
		if (f)
			cJSON_InsertItemInArray(frames, 0, f);
	}
	ec_set_strn(rec, "type", type, tl);
	ec_set_strn(rec, "message", m ? m : "", ml);
	ec_set_frames(ctx, rec, frames);
	ec_emit(ctx, rec);
}

static void pu_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	pu_state *ps = st;
	int kind = ps->kind;
	size_t a = 0;
	ps->kind = PU_NONE;
	if (kind == PU_SKIP)
		return;
	for (size_t i = 1; i <= n; i++) {
		if (i == n || pu_item(&lines[i]) || (lines[i].len == 2 && !memcmp(lines[i].s, "--", 2))) {
			if (a) {
				size_t b = i;
				while (b > a && ec_blank(&lines[b - 1]))
					b--;
				pu_emit(ctx, kind, lines, a, b);
			}
			a = i < n && pu_item(&lines[i]) ? i : 0;
		}
	}
}

const ec_parser ec_parser_phpunit = { .name = "phpunit", .triggers = php_triggers + 2,
	.state_size = sizeof(pu_state), .start = pu_start, .more = pu_more, .finish = pu_finish };
