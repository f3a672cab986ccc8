/*
 * parse_rust.c: rustc/cargo diagnostics ("rustc") and Rust panics with
 * their backtraces and cargo test failure sections ("rust"). Decisions are
 * documented in docs/errcap-python-rust.md.
 */
#include "parser.h"
#include "et_ctype.h"
#include "et_frame.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/* "FILE:LINE:COL" or "FILE:LINE" in s[0..n): sets the parts, returns 1. */
static int parse_loc(const char *s, size_t n, size_t *flen, long *line, long *col)
{
	*flen = ec_split_location(s, n, line, col);
	return *flen > 0 && *line > 0;
}

/* ================= rustc ================= */

typedef struct {
	size_t seen;    /* the line rustc or cargo last showed itself on (0: none) */
	int summary;    /* the block is a summary line: no record */
	int cargo;      /* codeless error without " --> ": cargo's, "Caused by:" may follow */
	int blank;      /* a blank line was taken tentatively */
	/*
	 * The head is codeless and no line after it shows rustc's layout yet
	 * (only box-drawing gutter lines, which rustc's default output does
	 * not draw): the block may be another tool's "warning: MSG".
	 */
	int bare;
	int foreign;    /* the block is another tool's: finish gives it back */
} rcstate;

static const char *rs_panic_head(const ec_line *l, const char **name, size_t *nlen);
static int rs_old_close(const ec_line *l, const char **loc, size_t *loclen);

/* "error: aborting due to ...", "warning: 2 warnings emitted" and the like */
static int rc_is_summary(const ec_line *l)
{
	static const char *const sum[] = {
		"error: aborting due to ", "error: could not compile `",
		"error: test failed, to rerun", "error: build failed",
		"error: process didn't exit successfully: ", NULL
	};
	for (const char *const *p = sum; *p; p++)
		if (ec_starts(l, *p))
			return 1;
	if (ec_starts(l, "error: ")) {
		const char *p = l->s + 7, *end = l->s + l->len;
		if (ec_num(&p, end) >= 0 && end - p >= 6 && !memcmp(p, " error", 6))
			return 1;       /* error: 0 errors */
	}
	if (ec_starts(l, "warning: ")) {
		const char *p = l->s + 9, *end = l->s + l->len;
		if (ec_num(&p, end) >= 0 && end - p >= 8 && !memcmp(p, " warning", 8))
			return 1;       /* warning: 2 warnings emitted */
		if (*p == '`' && ec_memfind(p, (size_t)(end - p), ") generated "))
			return 1;       /* warning: `calc` (lib) generated 1 warning */
	}
	return 0;
}

/* "error[E0425]: ..." / "warning[...]: ..." / "error: ..." / "warning: ..." */
static int rc_head(const ec_line *l, int *coded)
{
	size_t k;
	if (ec_starts(l, "error"))
		k = 5;
	else if (ec_starts(l, "warning"))
		k = 7;
	else
		return 0;
	if (k < l->len && l->s[k] == '[') {
		const char *close = memchr(l->s + k, ']', l->len - k);
		*coded = 1;
		return close && close + 2 < l->s + l->len && close[1] == ':' && close[2] == ' ';
	}
	*coded = 0;
	return k + 1 < l->len && l->s[k] == ':' && l->s[k + 1] == ' ';
}

static int is_arrow(const ec_line *l)
{
	size_t i = 0;
	while (i < l->len && l->s[i] == ' ')
		i++;
	return i > 0 && l->len - i > 4 && !memcmp(l->s + i, "--> ", 4);
}

static int rc_cargo_status(const ec_line *l);

/* Did cargo print a status line ("   Compiling app v0.1.0") just before? */
static int rc_cargo_near(ec_ctx *ctx)
{
	const ec_line *b;
	for (size_t k = 1; k <= 16 && (b = ec_back(ctx, k)); k++)
		if (rc_cargo_status(b))
			return 1;
	return 0;
}

/*
 * Does the line name a package as cargo does ("`app v0.1.0 (/path)`",
 * "`serde v1.0.2`": a backquoted name, " v", a version)? A codeless error
 * line that does is cargo's though no status line came before (cargo -q).
 */
static int rc_cargo_pkgid(const ec_line *l)
{
	const char *p = l->s, *end = l->s + l->len;
	while ((p = memchr(p, '`', (size_t)(end - p)))) {
		const char *q = ++p;
		while (q < end && (et_isalnum((unsigned char)*q) || *q == '_' || *q == '-'))
			q++;
		if (q > p && end - q >= 3 && q[0] == ' ' && q[1] == 'v' && ec_is_digit((unsigned char)q[2]))
			return 1;
	}
	return 0;
}

/* Is cargo or rustc at work near l (within EC_STATE_LINES lines before it)? */
static int rc_seen(const rcstate *st, const ec_line *l)
{
	return st->seen && st->seen <= l->no && l->no - st->seen <= EC_STATE_LINES;
}

static enum ec_verdict rc_start(void *vst, ec_ctx *ctx, const ec_line *l)
{
	rcstate *st = vst;
	const ec_line *b;
	int coded;
	st->summary = 0;
	if (l->s[0] == ' ') {
		/* cargo is building Rust: codeless error:/warning: lines are its */
		const char *t;
		size_t n;
		ec_trim(l->s, l->len, &t, &n);
		if (n > 10 && !memcmp(t, "Compiling ", 10)) {
			st->seen = l->no;
			return EC_NO;
		}
	}
	if (l->s[0] == 'e' || l->s[0] == 'w') {
		if (rc_is_summary(l)) {
			st->summary = 1;
			return EC_DONE;
		}
		if (!rc_head(l, &coded))
			return EC_NO;
		if (coded || rc_seen(st, l) || rc_cargo_near(ctx) || rc_cargo_pkgid(l) ||
		    ec_starts(l, "error: internal compiler error")) {
			st->seen = l->no;
			st->cargo = st->bare = !coded;
			st->blank = st->foreign = 0;
			return EC_START;
		}
		return EC_NO;
	}
	/* a codeless "error: msg" seen only now, by its " --> file:L:C" line */
	if (is_arrow(l) && (b = ec_back(ctx, 1)) && rc_head(b, &coded)) {
		ec_claim_back(ctx, 1);
		st->seen = l->no;
		st->cargo = st->blank = st->bare = st->foreign = 0;
		return EC_START;
	}
	return EC_NO;
}

/*
 * cargo's right-aligned status lines: "   Compiling app v0.1.0 (...)".
 * Every verb is shorter than the 12 columns cargo right-aligns it in, so
 * the line is indented: an unindented "Compiling 1 file (.ex)" (mix),
 * "Checking bad.c ..." (cppcheck) or "Running Sphinx" is another tool's.
 */
static int rc_cargo_status(const ec_line *l)
{
	static const char *const verbs[] = {
		"Compiling ", "Checking ", "Finished ", "Running ", "Doc-tests ", "Downloaded ",
		"Downloading ", "Updating ", "Fresh ", "Building ", "Blocking ", "Locking ",
		"Adding ", "Fetching ", "Documenting ", "Installing ", "Packaging ", "Verifying ",
		"Executable ", "Removed ", "Dirty ", "Scraping ", "Unpacking ", NULL
	};
	size_t i = 0;
	while (i < l->len && l->s[i] == ' ')
		i++;
	if (!i)
		return 0;
	for (const char *const *v = verbs; *v; v++) {
		size_t n = strlen(*v);
		if (l->len - i >= n && !memcmp(l->s + i, *v, n))
			return 1;
	}
	return 0;
}

/* "│": a gutter drawn with box-drawing characters ("    │", "  3 │ code") */
static int rc_box_gutter(const ec_line *l)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	while (bl && ec_is_digit((unsigned char)*b))
		b++, bl--;
	while (bl && *b == ' ')
		b++, bl--;
	return ec_mem_starts(b, bl, "\xe2\x94\x82");
}

/*
 * An indented location of no arrow: "  FILE:N", "  FILE:N: TEXT", "└─ FILE:N:C: TEXT"
 * (FILE without spaces). rustc writes its locations after " --> " and
 * " ::: " only, so such a line under a codeless head is another tool's
 * layout: Elixir's compiler warnings ("warning: MSG" then "  lib/a.ex:3:
 * Mod.fun/1" up to 1.14, "    └─ lib/a.ex:3:5: Mod.fun/1" under its
 * "│" snippet from 1.15 on, as Elixir's changelog shows it).
 */
static int rc_foreign_loc(const ec_line *l)
{
	const char *b, *c;
	size_t bl, fl;
	long line, col;
	if (!l->len || l->s[0] != ' ')
		return 0;
	ec_trim(l->s, l->len, &b, &bl);
	ec_mem_skip(&b, &bl, "\xe2\x94\x94\xe2\x94\x80 ");      /* "└─ " */
	c = ec_memfind(b, bl, ": ");
	fl = ec_split_location(b, c ? (size_t)(c - b) : bl, &line, &col);
	return fl && line > 0 && !memchr(b, ' ', fl);
}

static enum ec_verdict rc_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	rcstate *st = vst;
	size_t i = 0;
	if (st->bare && !ec_blank(l)) {
		if (rc_foreign_loc(l)) {
			st->foreign = 1;
			return EC_NO;
		}
		st->bare = rc_box_gutter(l);
	}
	if (ec_blank(l)) {
		/* cargo's "error: failed to ..." may go on with "Caused by:" */
		st->blank = st->cargo;
		return st->cargo ? EC_MORE : EC_NO;
	}
	if (is_arrow(l))
		st->cargo = 0;
	if (st->blank) {
		st->blank = 0;
		if (ec_starts(l, "Caused by:") ||
		    ((l->s[0] == ' ' || l->s[0] == '\t') && !rc_cargo_status(l)))
			return EC_MORE;
		return EC_NO;
	}
	if (st->cargo && ec_starts(l, "Caused by:"))
		return EC_MORE;
	if (l->s[0] == ' ' || l->s[0] == '\t')
		return rc_cargo_status(l) ? EC_NO : EC_MORE;
	while (i < l->len && ec_is_digit((unsigned char)l->s[i]))
		i++;
	if (i > 0) {
		while (i < l->len && l->s[i] == ' ')
			i++;
		if (i < l->len && (l->s[i] == '|' || l->s[i] == '+' || l->s[i] == '-' || l->s[i] == '~'))
			return EC_MORE;
		return EC_NO;
	}
	if (ec_starts(l, "help: ") || ec_starts(l, "note: ") || ec_starts(l, "= ") ||
	    ec_starts(l, "..."))
		return EC_MORE;
	return EC_NO;
}

/* The lint's name from `#[warn(NAME)]` and friends in the notes. */
static int rc_lint(const ec_line *lines, size_t n, const char **name, size_t *len)
{
	static const char *const at[] = { "#[warn(", "#[deny(", "#[forbid(", "#[allow(", NULL };
	for (const char *const *a = at; *a; a++)
		for (size_t i = 1; i < n; i++) {
			const char *p = ec_memfind(lines[i].s, lines[i].len, *a), *q;
			if (!p)
				continue;
			p += strlen(*a);
			q = memchr(p, ')', (size_t)(lines[i].s + lines[i].len - p));
			if (q && q > p) {
				*name = p;
				*len = (size_t)(q - p);
				return 1;
			}
		}
	return 0;
}

/*
 * A cargo error without a location whose "Caused by:" output holds a panic
 * (a build script's, indented): its location is the record's.
 */
static void rc_panic_location(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		ec_line t = lines[i];
		const char *name, *after, *loc;
		size_t nlen, loclen, flen;
		long line, col;
		ec_trim(lines[i].s, lines[i].len, &t.s, &t.len);
		if (!(after = rs_panic_head(&t, &name, &nlen)))
			continue;
		if (*after == '\'') {
			if (!rs_old_close(&t, &loc, &loclen))
				return;
			loc += 3;
		} else {
			loc = after;
			loclen = (size_t)(t.s + t.len - after);
			if (loclen && loc[loclen - 1] == ':')
				loclen--;
		}
		if (parse_loc(loc, loclen, &flen, &line, &col))
			ec_set_location(ctx, rec, loc, flen, line, col);
		return;
	}
}

static void rc_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	rcstate *st = vst;
	const ec_line *h = &lines[0];
	const char *end = h->s + h->len, *p, *lint;
	size_t k, llen;
	int warn;
	cJSON *rec;

	if (st->summary) {
		st->summary = 0;
		return;
	}
	if (st->foreign) {
		st->cargo = st->blank = st->bare = st->foreign = 0;
		ec_give_back(ctx);
		return;
	}
	warn = h->s[0] == 'w';
	k = warn ? 7 : 5;
	rec = ec_rec_new(ctx, lines, 0, n - 1);
	if (ec_starts(h, "error: internal compiler error"))
		ec_set_level(rec, "fatal");
	else
		ec_set_level(rec, warn ? "warning" : "error");
	p = h->s + k;
	if (*p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));
		ec_set_strn(rec, "type", p + 1, (size_t)(close - p - 1));
		p = close + 1;
	}
	p += 2;         /* ": " */
	if (p > end)
		p = end;
	ec_set_strn(rec, "message", p, (size_t)(end - p));
	if (rc_lint(lines, n, &lint, &llen))
		ec_set_strn(rec, "type", lint, llen);
	for (size_t i = 1; i < n; i++) {
		const char *b;
		size_t len, flen;
		long line, col;
		if (!is_arrow(&lines[i]))
			continue;
		ec_trim(lines[i].s, lines[i].len, &b, &len);
		if (parse_loc(b + 4, len - 4, &flen, &line, &col))
			ec_set_location(ctx, rec, b + 4, flen, line, col);
		break;
	}
	if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "file")))
		rc_panic_location(ctx, rec, lines, n);
	st->cargo = st->blank = st->bare = 0;
	ec_emit(ctx, rec);
}

/* cargo's "Compiling" lines are not triggers (they are frequent): a codeless
 * error: line looks back for them instead (rc_cargo_near) */
static const char *const rc_triggers[] = { "error[", "error: ", "warning: ", "warning[", " --> ",
					    NULL };

const ec_parser ec_parser_rustc = { .name = "rustc", .triggers = rc_triggers,
	.state_size = sizeof(rcstate), .start = rc_start, .more = rc_more, .finish = rc_finish };

/* ================= panics and cargo test ================= */

enum { R_MSG, R_OLDMSG, R_AFTER, R_BT, R_SECTION };

typedef struct {
	int phase;
	int msglines;
} rsstate;

/* "---- tests::x stdout ----": sets the test name */
static int rs_section(const ec_line *l, const char **name, size_t *len)
{
	if (!ec_starts(l, "---- ") || l->len < 18 ||
	    memcmp(l->s + l->len - 12, " stdout ----", 12))
		return 0;
	*name = l->s + 5;
	*len = l->len - 17;
	return 1;
}

/* "thread 'NAME' [(ID) ]panicked at ": returns the text after it */
static const char *rs_panic_head(const ec_line *l, const char **name, size_t *nlen)
{
	const char *end = l->s + l->len, *q, *p;
	if (!ec_starts(l, "thread '"))
		return NULL;
	q = memchr(l->s + 8, '\'', l->len - 8);
	if (!q)
		return NULL;
	*name = l->s + 8;
	*nlen = (size_t)(q - l->s - 8);
	p = ec_memfind(q, (size_t)(end - q), " panicked at ");
	if (!p)
		return NULL;
	return p + 13;
}

/* Old form ends its message with "', FILE:L:C" */
static int rs_old_close(const ec_line *l, const char **loc, size_t *loclen)
{
	const char *end = l->s + l->len, *p = NULL, *q = l->s;
	size_t flen;
	long line, col;
	while ((q = ec_memfind(q, (size_t)(end - q), "', ")))
		p = q++;
	if (!p || !parse_loc(p + 3, (size_t)(end - p - 3), &flen, &line, &col))
		return 0;
	*loc = p;
	*loclen = (size_t)(end - p - 3);
	return 1;
}

static enum ec_verdict rs_start(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	rsstate *st = vst;
	const char *name, *after, *loc;
	size_t nlen, loclen;
	st->msglines = 0;
	if (rs_section(l, &name, &nlen)) {
		st->phase = R_SECTION;
		return EC_START;
	}
	if (!(after = rs_panic_head(l, &name, &nlen)))
		return EC_NO;
	if (*after == '\'')
		st->phase = rs_old_close(l, &loc, &loclen) ? R_AFTER : R_OLDMSG;
	else
		st->phase = R_MSG;
	return EC_START;
}

static int rs_bt_line(const ec_line *l)
{
	size_t i = 0;
	while (i < l->len && l->s[i] == ' ')
		i++;
	if (i == 0 || i == l->len)
		return 0;
	if (l->len - i > 3 && !memcmp(l->s + i, "at ", 3))
		return 1;
	size_t j = i;
	while (j < l->len && ec_is_digit((unsigned char)l->s[j]))
		j++;
	return j > i && j < l->len && l->s[j] == ':';
}

static enum ec_verdict rs_more(void *vst, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	rsstate *st = vst;
	const char *a;
	size_t b;
	switch (st->phase) {
	case R_SECTION:
		if (rs_section(l, &a, &b) || ec_starts(l, "failures:") ||
		    ec_starts(l, "successes:") || ec_starts(l, "test result: "))
			return EC_NO;
		return EC_MORE;
	case R_OLDMSG:
		if (rs_old_close(l, &a, &b))
			st->phase = R_AFTER;
		else if (++st->msglines > 50)
			return EC_NO;
		return EC_MORE;
	case R_MSG:
		if (ec_blank(l))
			return EC_NO;
		if (ec_starts(l, "note: run with `RUST_BACKTRACE")) {
			st->phase = R_AFTER;
			return EC_DONE;
		}
		if (ec_starts(l, "stack backtrace:")) {
			st->phase = R_BT;
			return EC_MORE;
		}
		if (ec_starts(l, "thread '") || ++st->msglines > 50)
			return EC_NO;
		return EC_MORE;
	case R_AFTER:
		if (ec_starts(l, "note: run with `RUST_BACKTRACE"))
			return EC_DONE;
		if (ec_starts(l, "stack backtrace:")) {
			st->phase = R_BT;
			return EC_MORE;
		}
		return EC_NO;
	case R_BT:
		if (rs_bt_line(l))
			return EC_MORE;
		if (ec_starts(l, "note: Some details are omitted"))
			return EC_DONE;
		return EC_NO;
	}
	return EC_NO;
}

/* Is the file f (n bytes) the program's own code (et_frame_in_app)? */
static int rs_own_file(const char *f, size_t n)
{
	char *c;
	int own;
	if (!n)
		return 0;
	c = et_xstrndup(f, n);
	own = et_frame_in_app(c, NULL);
	free(c);
	return own;
}

/* Strips the "::h0123456789abcdef" hash of full backtraces. */
static size_t rs_strip_hash(const char *s, size_t n)
{
	if (n > 19 && !memcmp(s + n - 19, "::h", 3)) {
		for (size_t i = n - 16; i < n; i++)
			if (!ec_is_digit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
				return n;
		return n - 19;
	}
	return n;
}

/* Backtrace frames after "stack backtrace:", outermost first. */
static cJSON *rs_frames(const ec_line *lines, size_t k, size_t n)
{
	cJSON *inner = cJSON_CreateArray(), *out, *cur = NULL;
	size_t i;
	for (i = k; i < n; i++)
		if (ec_starts(&lines[i], "stack backtrace:"))
			break;
	for (i++; i < n; i++) {
		const char *b, *end;
		size_t len;
		ec_trim(lines[i].s, lines[i].len, &b, &len);
		end = b + len;
		if (len > 3 && !memcmp(b, "at ", 3)) {
			size_t flen;
			long line, col;
			if (cur && parse_loc(b + 3, len - 3, &flen, &line, &col)) {
				et_json_set_strn(cur, "file", b + 3, flen);
				et_json_set_num(cur, "line", (double)line);
				if (col > 0)
					et_json_set_num(cur, "column", (double)col);
			}
			continue;
		}
		const char *p = b;
		if (ec_num(&p, end) < 0 || p >= end || *p != ':')
			break;
		p++;
		while (p < end && *p == ' ')
			p++;
		/* RUST_BACKTRACE=full: "0x55d5c0a1b2c3 - symbol" */
		if (end - p > 2 && p[0] == '0' && p[1] == 'x') {
			const char *d = ec_memfind(p, (size_t)(end - p), " - ");
			if (d)
				p = d + 3;
		}
		cur = ec_frame(NULL, 0, 0, 0, p, rs_strip_hash(p, (size_t)(end - p)), NULL, 0);
		cJSON_AddItemToArray(inner, cur);
	}
	int nf = cJSON_GetArraySize(inner);
	if (!nf) {
		cJSON_Delete(inner);
		return NULL;
	}
	out = cJSON_CreateArray();
	for (int j = nf - 1; j >= 0; j--)
		cJSON_AddItemToArray(out, cJSON_DetachItemFromArray(inner, j));
	cJSON_Delete(inner);
	return out;
}

/* Fills rec from the panic starting at lines[k]. */
static void rs_panic(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t k, size_t n)
{
	const ec_line *h = &lines[k];
	const char *name, *after, *end = h->s + h->len, *loc = NULL, *msg = NULL;
	size_t nlen, loclen = 0, msglen = 0, flen = 0;
	long line = 0, col = 0;
	cJSON *frames;

	after = rs_panic_head(h, &name, &nlen);
	et_json_set_str(rec, "type", "panic");
	if (*after == '\'') {
		/* old form: 'message', FILE:L:C (the message may span lines) */
		msg = after + 1;
		for (size_t i = k; i < n; i++) {
			const char *q;
			size_t ql;
			if (rs_old_close(&lines[i], &q, &ql)) {
				loc = q + 3;
				loclen = ql;
				if (i == k)
					msglen = (size_t)(q - msg);
				break;
			}
		}
		if (!msglen)
			msglen = (size_t)(end - msg);
	} else {
		/* new form: FILE:L:C: then the message lines */
		loc = after;
		loclen = (size_t)(end - after);
		if (loclen && loc[loclen - 1] == ':')
			loclen--;
		if (k + 1 < n && !ec_starts(&lines[k + 1], "note: ") &&
		    !ec_starts(&lines[k + 1], "stack backtrace:")) {
			msg = lines[k + 1].s;
			msglen = lines[k + 1].len;
		}
	}
	et_json_set_strn(rec, "message", msg ? msg : "", msglen);
	if (loc && !parse_loc(loc, loclen, &flen, &line, &col))
		flen = 0;
	frames = rs_frames(lines, k, n);
	/* primary: the panic location when it is our code, else our innermost frame */
	const char *pfile = loc, *pfunc = NULL;
	size_t pflen = flen;
	long pline = line, pcol = col;
	if (frames) {
		int nf = cJSON_GetArraySize(frames), own = -1, same = -1;
		for (int j = nf - 1; j >= 0; j--) {
			cJSON *f = cJSON_GetArrayItem(frames, j);
			const char *ff = et_json_str(f, "file"), *fn = et_json_str(f, "function");
			if (same < 0 && ff && flen && (long)et_json_num(f, "line", 0) == line &&
			    strlen(ff) >= flen && !memcmp(ff + strlen(ff) - flen, loc, flen))
				same = j;
			if (own < 0 && ff && *ff && fn && et_frame_in_app(ff, fn))
				own = j;
		}
		if (same >= 0)
			pfunc = et_json_str(cJSON_GetArrayItem(frames, same), "function");
		if ((!flen || !rs_own_file(loc, flen)) && own >= 0) {
			cJSON *f = cJSON_GetArrayItem(frames, own);
			pfile = et_json_str(f, "file");
			pflen = strlen(pfile);
			pline = (long)et_json_num(f, "line", 0);
			pcol = (long)et_json_num(f, "column", 0);
			pfunc = et_json_str(f, "function");
		} else if (!pfunc && own >= 0) {
			pfunc = et_json_str(cJSON_GetArrayItem(frames, own), "function");
		}
	}
	if (pflen)
		ec_set_location(ctx, rec, pfile, pflen, pline, pcol);
	if (pfunc)
		et_json_set_str(rec, "function", pfunc);
	if (frames)
		et_json_set(rec, "frames", frames);
}

static void rs_finish(void *vst, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	rsstate *st = vst;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	const char *name;
	size_t nlen, k;
	ec_set_level(rec, "error");
	if (st->phase == R_SECTION && rs_section(&lines[0], &name, &nlen)) {
		for (k = 1; k < n; k++) {
			const char *a;
			size_t b;
			if (rs_panic_head(&lines[k], &a, &b))
				break;
		}
		if (k < n) {
			rs_panic(ctx, rec, lines, k, n);
		} else {
			/* no panic: a test returning Err prints "Error: ...", should_panic a note */
			for (k = 1; k < n && ec_blank(&lines[k]); k++)
				;
			if (k < n) {
				const char *s = lines[k].s, *at;
				size_t len = lines[k].len, flen;
				long line, col;
				if (ec_starts(&lines[k], "Error: ")) {
					et_json_set_str(rec, "type", "Err");
					s += 7;
					len -= 7;
				} else if (ec_starts(&lines[k], "note: test did not panic as expected")) {
					et_json_set_str(rec, "type", "should_panic");
					s += 6;
					len -= 6;
					if ((at = ec_memfind(s, len, " at ")) &&
					    parse_loc(at + 4, (size_t)(s + len - at - 4), &flen, &line, &col)) {
						ec_set_location(ctx, rec, at + 4, flen, line, col);
						len = (size_t)(at - s);
					}
				}
				et_json_set_strn(rec, "message", s, len);
			} else {
				et_json_set_str(rec, "message", "test failed");
			}
		}
		et_json_set_strn(rec, "test", name, nlen);
	} else {
		rs_panic(ctx, rec, lines, 0, n);
	}
	ec_emit(ctx, rec);
	st->phase = R_MSG;
	st->msglines = 0;
}

static const char *const rs_triggers[] = { "panicked at", " stdout ----", NULL };

const ec_parser ec_parser_rust = { .name = "rust", .triggers = rs_triggers,
	.state_size = sizeof(rsstate), .start = rs_start, .more = rs_more, .finish = rs_finish };
