/*
 * parse_js.c: JavaScript and TypeScript: Node errors, tsc, jest, vitest and
 * mocha failure blocks. (ESLint's stylish output is a format file:
 * share/errtools/formats/10-eslint.fmt.)
 *
 * node: an uncaught error as Node prints it:
 *     /path/app.js:10                  header: the throw site ("file:N"),
 *       return user.profile.name;      its source line and a caret line,
 *                           ^          then a blank line (all optional)
 *
 *     TypeError: Cannot read ...       "Type: message", "Type [CODE]: message"
 *         at fn (/path/app.js:10:15)   frames, innermost first
 *         at node:internal/... {       optional properties block "{ ... }"
 *       code: 'ERR_X',                 with "[cause]: Type: msg" and its own
 *       [cause]: Error: ...            frames (-> causes, relation "cause")
 *     }
 *
 *     Node.js v20.11.0                 trailer
 *   The block starts at its first frame line and takes the message and
 *   header lines before it (ec_claim_back), so a line that merely reads
 *   "Error: x" without frames is left to other parsers. Also recognised:
 *   Node < 20's "[UnhandledPromiseRejection: ...]" (no frames) and a thrown
 *   non-Error value (header + value + "(Use `node --trace-uncaught ...`").
 *   type = the class name; for a plain "Error [CODE]" the code (e.g.
 *   "ERR_MODULE_NOT_FOUND"); null for a thrown non-Error value. frames are
 *   written outermost first; the primary location is the innermost frame
 *   outside node:internal, node_modules and <anonymous>, else the header
 *   when it is the program's, else none (an unresolved import's "imported
 *   from FILE" gives FILE): never Node's or a library's file. The header's source line becomes the code of
 *   the frame at the same place. level "error".
 * tsc: "file.ts(L,C): error TS2322: msg" (+ indented elaboration lines) and
 *   the pretty "file.ts:L:C - error TS2322: msg" (+ source, squiggle and
 *   related-information lines); "error TS5023: msg" without a file. type =
 *   "TS2322". "Found N errors" is a summary: no record.
 * jest: "FAIL path" then "  ● Suite › test" sections: one record per failed
 *   test (and per "Test suite failed to run"); message = the first line of
 *   the error; type = the matcher for expect() failures ("toBe", "not.toEqual")
 *   or the error's class; frames from the section's "at" lines; location the
 *   innermost frame outside node_modules, else the FAIL file. "● Console"
 *   sections are console output, not failures. A test file Babel cannot
 *   parse ("SyntaxError: FILE: msg (L:C)" in its section) is a SyntaxError
 *   at FILE:L, not at Babel's frames. jest's "Summary of all
 *   failing tests" repeats the failures already reported: no record.
 * vitest: " FAIL  FILE > SUITE > TEST" (or " FAIL  FILE [ FILE ]" for a file
 *   that did not load), the error's "Type: message" line, a diff or code
 *   frame and " ❯ FUNC FILE:L:C" frames, up to the "⎯⎯⎯[1/5]⎯" rule: one
 *   record; test = the title path; location = the innermost frame outside
 *   node_modules, else the FAIL file.
 * mocha: after "  N failing", each "  N) Suite / test:" section: one record;
 *   type = the error's class ("AssertionError"), message = its first line.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static int is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || ec_is_digit(c) ||
	       c == '_' || c == '$' || c == '.';
}

/* ---------------------------------------------------------------- frames */

typedef struct {
	const char *func, *file;
	size_t funcl, filel;
	long line, col;
	size_t indent;
} js_frame;

/*
 * "<spaces>at FUNC (FILE:L:C)" or "<spaces>at FILE:L:C"; also frames
 * without a file: "at FUNC (native)", "(<anonymous>)", "(index 0)". A
 * trailing " {" or "," (Node's inspect) is ignored. Returns 1 when the line
 * is a frame.
 */
static int js_frame_parse(const char *s, size_t len, js_frame *f)
{
	const char *e = s + len, *p = s, *loc, *le;
	memset(f, 0, sizeof *f);
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	f->indent = (size_t)(p - s);
	if (e - p < 4 || memcmp(p, "at ", 3))
		return 0;
	p += 3;
	while (e > p && (e[-1] == ' ' || e[-1] == '{' || e[-1] == ','))
		e--;
	if (e > p && e[-1] == ')') {
		/* FUNC (LOC): the '(' that opens the last group */
		const char *op = NULL;
		int depth = 0;
		for (const char *q = e - 1; q >= p; q--) {
			if (*q == ')')
				depth++;
			else if (*q == '(' && --depth == 0) {
				op = q;
				break;
			}
		}
		if (!op || op == p || op[-1] != ' ')
			return 0;
		f->func = p;
		f->funcl = (size_t)(op - 1 - p);
		if (f->funcl > 6 && !memcmp(p, "async ", 6)) {
			f->func += 6;
			f->funcl -= 6;
		}
		loc = op + 1;
		le = e - 1;
	} else {
		loc = p;
		le = e;
	}
	if (le <= loc)
		return 0;
	/* LOC: FILE:L:C, FILE:L, native, <anonymous> */
	{
		const char *q = le, *c2, *c1;
		while (q > loc && ec_is_digit(q[-1]))
			q--;
		if (q < le && q > loc && q[-1] == ':') {
			c2 = q - 1;
			const char *r = c2;
			while (r > loc && ec_is_digit(r[-1]))
				r--;
			if (r < c2 && r > loc && r[-1] == ':') {
				c1 = r - 1;
				const char *a = r, *b = q;
				f->line = ec_num(&a, c2);
				f->col = ec_num(&b, le);
				f->file = loc;
				f->filel = (size_t)(c1 - loc);
			} else {
				const char *a = q;
				f->line = ec_num(&a, le);
				f->file = loc;
				f->filel = (size_t)(c2 - loc);
			}
			/* ES modules: file:///path -> /path */
			if (f->filel > 8 && !memcmp(f->file, "file:///", 8)) {
				f->file += 7;
				f->filel -= 7;
			}
			return f->filel > 0;
		}
		/* "at fn (native)", "(<anonymous>)", "(index 0)" of Promise.all,
		   "(eval at ...)": a frame without a file */
		if (f->func)
			return 1;
	}
	return 0;
}

static int js_frame_internal(const js_frame *f)
{
	if (!f->file)
		return 1;
	if (f->filel >= 5 && !memcmp(f->file, "node:", 5))
		return 1;
	if (f->filel >= 9 && !memcmp(f->file, "internal/", 9))
		return 1;
	if (memmem(f->file, f->filel, "node_modules/", 13))
		return 1;
	if (f->file[0] == '<' || f->file[0] == '[')
		return 1;       /* <anonymous>, [eval] */
	return 0;
}

/* Frames of lines[a..b) at exactly indent ind (0 = any): pushes onto fr. */
static size_t js_collect(const ec_line *lines, size_t a, size_t b, size_t ind,
			 js_frame *fr, size_t max)
{
	size_t n = 0;
	for (size_t i = a; i < b && n < max; i++) {
		js_frame f;
		if (js_frame_parse(lines[i].s, lines[i].len, &f) && (!ind || f.indent == ind))
			fr[n++] = f;
	}
	return n;
}

/* frames (innermost first as printed) -> array outermost first */
static cJSON *js_frames_json(const js_frame *fr, size_t n, const char *hfile, size_t hfl,
			     long hline, const char *code, size_t codel)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t k = n; k-- > 0;) {
		const js_frame *f = &fr[k];
		const char *c = NULL;
		size_t cl = 0;
		if (code && f->file && f->filel == hfl && f->line == hline &&
		    !memcmp(f->file, hfile, hfl)) {
			c = code;
			cl = codel;
		}
		cJSON_AddItemToArray(a, ec_frame(f->file, f->filel, f->line, f->col,
						 f->func, f->funcl, c, cl));
	}
	return a;
}

/* The primary frame: innermost outside internals, else innermost; -1 if none. */
static long js_primary(const js_frame *fr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!js_frame_internal(&fr[i]))
			return (long)i;
	for (size_t i = 0; i < n; i++)
		if (fr[i].file)
			return (long)i;
	return -1;
}

/*
 * "Name: msg", "Name [CODE]: msg", "Name" alone, at column 0: sets type
 * and message. strong: the name ends with Error/Exception/Rejection/
 * Warning or carries a [CODE].
 */
typedef struct {
	const char *type, *msg;
	size_t typel, msgl;
	int strong;
} js_head;

static int js_head_parse(const char *s, size_t len, js_head *h)
{
	const char *e = s + len, *p = s, *ne;
	memset(h, 0, sizeof *h);
	if (p < e && *p == '[')
		p++;        /* [UnhandledPromiseRejection: ...] */
	if (p >= e || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_' || *p == '$'))
		return 0;
	while (p < e && is_ident(*p))
		p++;
	ne = p;
	h->type = s[0] == '[' ? s + 1 : s;
	h->typel = (size_t)(ne - h->type);
	if (e - p > 3 && p[0] == ' ' && p[1] == '[') {
		/* [CODE] */
		const char *c = p + 2, *ce = memchr(c, ']', (size_t)(e - c));
		if (!ce || ce == c)
			return 0;
		for (const char *q = c; q < ce; q++)
			if (!((*q >= 'A' && *q <= 'Z') || ec_is_digit(*q) || *q == '_'))
				return 0;
		if (h->typel == 5 && !memcmp(h->type, "Error", 5)) {
			h->type = c;
			h->typel = (size_t)(ce - c);
		}
		h->strong = 1;
		p = ce + 1;
	}
	if (p == e) {
		h->msg = p;
		h->msgl = 0;
	} else if (e - p >= 2 && p[0] == ':' && p[1] == ' ') {
		h->msg = p + 2;
		h->msgl = (size_t)(e - p - 2);
		if (s[0] == '[' && h->msgl && h->msg[h->msgl - 1] == '{')
			h->msgl--;
		while (h->msgl && h->msg[h->msgl - 1] == ' ')
			h->msgl--;
		if (s[0] == '[' && h->msgl && h->msg[h->msgl - 1] == ']')
			h->msgl--;
	} else if (e - p == 1 && *p == ':') {
		h->msg = p + 1;
		h->msgl = 0;
	} else {
		return 0;
	}
	{
		static const char *const sfx[] = { "Error", "Exception", "Rejection", "Warning", NULL };
		for (const char *const *x = sfx; *x; x++) {
			size_t k = strlen(*x);
			if (ne - s >= (long)k && !memcmp(ne - k, *x, k))
				h->strong = 1;
		}
	}
	return 1;
}

/* "FILE:N" with no spaces (Node's header line) */
static long js_header_line(const ec_line *l)
{
	const char *e = l->s + l->len, *q = e;
	if (!l->len || l->s[0] == ' ')
		return 0;
	while (q > l->s && ec_is_digit(q[-1]))
		q--;
	if (q == e || q - 1 <= l->s || q[-1] != ':')
		return 0;
	for (const char *p = l->s; p < q; p++)
		if (*p == ' ' || *p == '\t')
			return 0;
	const char *a = q;
	return ec_num(&a, e);
}

static int js_caret_line(const ec_line *l)
{
	int caret = 0;
	for (size_t i = 0; i < l->len; i++) {
		if (l->s[i] == '^')
			caret = 1;
		else if (l->s[i] != ' ' && l->s[i] != '\t')
			return 0;
	}
	return caret;
}

/* ---------------------------------------------------------------- node */

static const char *const node_triggers[] = {
	"    at ", "[UnhandledPromiseRejection: ", "node --trace-uncaught",
	"triggerUncaughtException(", "(node:", NULL
};

enum {
	N_FRAMES,               /* frames of the top-level error */
	N_PROPS,                /* the properties block "{ ... }" */
	N_AFTER,                /* blank lines, then the "Node.js v" trailer */
	N_CARET,                /* header seen: the caret line comes next */
	N_BLANK,                /* caret seen: a blank line, then the message */
	N_MESSAGE,              /* message lines until the first frame */
	N_WARNING,              /* "(node:PID) [CODE] XWarning: msg", its frames, "(Use `node --trace-" */
};

/* "(node:1234) [DEP0005] DeprecationWarning: msg": 1, with code (may be empty) and head */
static int node_warning(const ec_line *l, const char **code, size_t *codel, js_head *h)
{
	const char *p = l->s + 6, *e = l->s + l->len;
	if (!ec_starts(l, "(node:") || ec_num(&p, e) < 0 || e - p < 3 || p[0] != ')' || p[1] != ' ')
		return 0;
	p += 2;
	*code = NULL;
	*codel = 0;
	if (*p == '[') {
		const char *ce = memchr(p, ']', (size_t)(e - p));
		if (!ce || e - ce < 3 || ce[1] != ' ')
			return 0;
		*code = p + 1;
		*codel = (size_t)(ce - p - 1);
		p = ce + 2;
	}
	if (!js_head_parse(p, (size_t)(e - p), h) || h->typel < 7 ||
	    memcmp(h->type + h->typel - 7, "Warning", 7))
		return 0;
	return 1;
}

typedef struct {
	int mode;
	size_t blanks, count;
} node_state;


/*
 * The header (file:N, source, caret, blank) ending at ec_back(k): its number
 * of lines, 0 when there is none. The blank line is missing when the error
 * is an ES module link error (the message follows the caret line); the
 * caret line is blank when the source line is (ESM SyntaxError).
 */
static size_t node_header_above(ec_ctx *ctx, size_t k)
{
	const ec_line *b;
	if ((b = ec_back(ctx, k)) && js_caret_line(b) && ec_back(ctx, k + 1) &&
	    (b = ec_back(ctx, k + 2)) && js_header_line(b) > 0)
		return 3;
	if (!(b = ec_back(ctx, k)) || !ec_blank(b))
		return 0;
	if (!(b = ec_back(ctx, k + 1)) || !(js_caret_line(b) || ec_blank(b)))
		return 0;
	if (!ec_back(ctx, k + 2))
		return 0;
	if (!(b = ec_back(ctx, k + 3)) || js_header_line(b) <= 0)
		return 0;
	return 4;
}

static int ends_brace(const ec_line *l)
{
	return l->len && l->s[l->len - 1] == '{';
}

static enum ec_verdict node_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	node_state *ns = st;
	js_frame f;
	js_head h;
	const ec_line *b;
	memset(ns, 0, sizeof *ns);
	if (l->len >= 28 && !memcmp(l->s, "[UnhandledPromiseRejection: ", 28)) {
		ec_claim_back(ctx, node_header_above(ctx, 1));
		ns->mode = ends_brace(l) ? N_PROPS : N_AFTER;
		return EC_START;
	}
	if (ec_starts(l, "(node:")) {
		const char *code;
		size_t codel;
		if (!node_warning(l, &code, &codel, &h))
			return EC_NO;
		ns->mode = N_WARNING;
		return EC_START;
	}
	if (ec_find(l, "triggerUncaughtException(")) {
		/* the source line of Node's own header (rejections) */
		if (!(b = ec_back(ctx, 1)) || js_header_line(b) <= 0)
			return EC_NO;
		ec_claim_back(ctx, 1);
		ns->mode = N_CARET;
		return EC_START;
	}
	if (ec_starts(l, "(Use `node --trace-uncaught")) {
		/* a thrown value that is not an Error: value, header above it */
		if (!(b = ec_back(ctx, 1)) || ec_blank(b))
			return EC_NO;
		if (!(b = ec_back(ctx, 2)) || !js_caret_line(b) || !ec_back(ctx, 3) ||
		    !(b = ec_back(ctx, 4)) || js_header_line(b) <= 0)
			return EC_NO;
		ec_claim_back(ctx, 4);
		ns->mode = N_AFTER;
		return EC_START;
	}
	if (!js_frame_parse(l->s, l->len, &f) || f.indent != 4 || !f.file)
		return EC_NO;
	/* the message line above: the nearest strong one, else the nearest */
	size_t weak = 0, strong = 0;
	for (size_t k = 1; k <= 16; k++) {
		js_frame g;
		if (!(b = ec_back(ctx, k)))
			break;
		if (js_frame_parse(b->s, b->len, &g))
			break;
		if (b->len && b->s[0] != ' ' && js_head_parse(b->s, b->len, &h)) {
			if (h.strong) {
				strong = k;
				break;
			}
			if (!weak)
				weak = k;
		}
	}
	size_t k = strong ? strong : weak;
	if (!k)
		return EC_NO;
	/* console.trace() prints "Trace: msg" and a stack: not an error */
	b = ec_back(ctx, k);
	if (b->len >= 5 && !memcmp(b->s, "Trace", 5) && (b->len == 5 || b->s[5] == ':'))
		return EC_NO;
	ec_claim_back(ctx, k + node_header_above(ctx, k + 1));
	ns->mode = ends_brace(l) ? N_PROPS : N_FRAMES;
	return EC_START;
}

static enum ec_verdict node_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	node_state *ns = st;
	js_frame f;
	if (++ns->count > 5000)
		return EC_NO;
	switch (ns->mode) {
	case N_CARET:
		if (!js_caret_line(l))
			return EC_NO;
		ns->mode = N_BLANK;
		return EC_MORE;
	case N_BLANK:
		if (ec_blank(l))
			return EC_MORE;
		ns->mode = ends_brace(l) ? N_PROPS : N_MESSAGE;
		return EC_MORE;
	case N_MESSAGE:
		if (js_frame_parse(l->s, l->len, &f) && f.indent == 4) {
			ns->mode = ends_brace(l) ? N_PROPS : N_FRAMES;
			return EC_MORE;
		}
		if (ec_starts(l, "Node.js v"))
			return EC_DONE;
		if (ec_blank(l)) {
			ns->mode = N_AFTER;
			ns->blanks = 1;
			return EC_MORE;
		}
		if (ns->count > 60)
			return EC_NO;
		if (ends_brace(l))
			ns->mode = N_PROPS;
		return EC_MORE;
	case N_WARNING:
		if (ec_starts(l, "(Use `node --trace-"))
			return EC_DONE;
		if (js_frame_parse(l->s, l->len, &f) && f.indent == 4)
			return EC_MORE;
		return EC_NO;
	case N_PROPS:
		if (l->len == 1 && l->s[0] == '}') {
			ns->mode = N_AFTER;
			return EC_MORE;
		}
		if (ec_blank(l) || l->s[0] == ' ')
			return EC_MORE;
		return EC_NO;
	default:
		break;
	}
	if (ec_starts(l, "Node.js v"))
		return EC_DONE;
	if (ec_blank(l)) {
		if (++ns->blanks > 2)
			return EC_NO;
		ns->mode = N_AFTER;
		return EC_MORE;
	}
	if (ns->mode == N_FRAMES) {
		if (js_frame_parse(l->s, l->len, &f) && f.indent == 4) {
			if (ends_brace(l))
				ns->mode = N_PROPS;
			return EC_MORE;
		}
		if (ec_starts(l, "    ... ") || ec_starts(l, "    [... lines matching"))
			return EC_MORE;
		/* an EventEmitter's unhandled 'error': where it was emitted */
		if (ec_starts(l, "Emitted 'error' event"))
			return EC_MORE;
	}
	return EC_NO;
}

/* one entry of causes: the error at s[0..len) of lines[j], frames below at indent ind */
static void node_cause(cJSON **causes, const ec_line *lines, size_t n, size_t j,
		       const char *s, size_t len, size_t ind, const char *relation)
{
	js_head ch;
	js_frame cf[128];
	size_t m = 0;
	cJSON *o = cJSON_CreateObject();
	while (len && (s[len - 1] == ',' || s[len - 1] == ' '))
		len--;
	if (js_head_parse(s, len, &ch)) {
		cJSON_AddItemToObject(o, "type", et_json_strn(ch.type, ch.typel));
		cJSON_AddItemToObject(o, "message", et_json_strn(ch.msg, ch.msgl));
	} else {
		cJSON_AddItemToObject(o, "type", cJSON_CreateNull());
		cJSON_AddItemToObject(o, "message", et_json_strn(s, len));
	}
	for (size_t q = j + 1; q < n && m < 128; q++) {
		js_frame g;
		if (!js_frame_parse(lines[q].s, lines[q].len, &g) || g.indent != ind)
			break;
		cf[m++] = g;
	}
	cJSON_AddItemToObject(o, "frames", m ? js_frames_json(cf, m, NULL, 0, 0, NULL, 0)
					     : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "relation", cJSON_CreateString(relation));
	if (!*causes)
		*causes = cJSON_CreateArray();
	cJSON_AddItemToArray(*causes, o);
}

/* The record's place and function: frame f's. */
static void set_frame_place(ec_ctx *ctx, cJSON *rec, const js_frame *f)
{
	ec_set_location(ctx, rec, f->file, f->filel, f->line, f->col);
	if (f->func)
		ec_set_strn(rec, "function", f->func, f->funcl);
}

/* A process warning ("(node:PID) [CODE] Warning: ..." and its frames): 1 when it was one. */
static int node_warning_emit(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	js_frame fr[256];
	js_head h;
	const char *code;
	size_t codel, nfr;
	if (!node_warning(&lines[0], &code, &codel, &h))
		return 0;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "warning");
	if (codel)
		ec_set_strn(rec, "type", code, codel);
	else
		ec_set_strn(rec, "type", h.type, h.typel);
	ec_set_strn(rec, "message", h.msg, h.msgl);
	nfr = js_collect(lines, 1, n, 4, fr, 256);
	long wp = js_primary(fr, nfr);
	if (wp >= 0 && !js_frame_internal(&fr[wp]))
		set_frame_place(ctx, rec, &fr[wp]);
	if (nfr)
		et_json_set(rec, "frames", js_frames_json(fr, nfr, NULL, 0, 0, NULL, 0));
	ec_emit(ctx, rec);
	return 1;
}

/* Where an uncaught error was thrown: "FILE:LINE", the source line, a caret line. */
typedef struct {
	const char *file, *code;
	size_t filel, codel;
	long line, col;         /* col: the caret's, 0 without one */
} node_header;

/* Reads the header when the block starts with one; returns the index of the error's line. */
static size_t node_header_read(const ec_line *lines, size_t n, node_header *hd)
{
	size_t i;
	memset(hd, 0, sizeof *hd);
	if (n < 4 || js_header_line(&lines[0]) <= 0 ||
	    !(js_caret_line(&lines[2]) || (ec_blank(&lines[2]) && ec_blank(&lines[3]))))
		return 0;
	const char *q = memrchr(lines[0].s, ':', lines[0].len);
	hd->file = lines[0].s;
	hd->filel = (size_t)(q - lines[0].s);
	if (hd->filel > 8 && !memcmp(hd->file, "file:///", 8)) {
		hd->file += 7;
		hd->filel -= 7;
	}
	hd->line = js_header_line(&lines[0]);
	ec_trim(lines[1].s, lines[1].len, &hd->code, &hd->codel);
	const char *c = memchr(lines[2].s, '^', lines[2].len);
	if (c && (size_t)(c - lines[2].s) < lines[1].len)
		hd->col = (long)(c - lines[2].s) + 1;
	for (i = 3; i < n && ec_blank(&lines[i]); i++)
		;
	return i;
}

static size_t lead_spaces(const ec_line *l)
{
	size_t k = 0;
	while (k < l->len && l->s[k] == ' ')
		k++;
	return k;
}

/* "[cause]: ..." and the members of "[errors]: [" in lines[i..n), or NULL. */
static cJSON *node_causes(const ec_line *lines, size_t i, size_t n)
{
	cJSON *causes = NULL;
	for (size_t j = i; j < n; j++) {
		const char *c = memmem(lines[j].s, lines[j].len, "[cause]: ", 9);
		if (c) {
			size_t off = (size_t)(c + 9 - lines[j].s);
			node_cause(&causes, lines, n, j, c + 9, lines[j].len - off,
				   (size_t)(c - lines[j].s) + 4, "cause");
			continue;
		}
		if (lines[j].len > 12 && ec_find(&lines[j], "[errors]: [") &&
		    lines[j].s[lines[j].len - 1] == '[') {
			size_t ind = lead_spaces(&lines[j]) + 2;
			for (size_t q = j + 1; q < n; q++) {
				size_t k = lead_spaces(&lines[q]);
				if (k < ind)
					break;
				if (k == ind)
					node_cause(&causes, lines, n, q, lines[q].s + k, lines[q].len - k,
						   ind + 4, "group");
			}
		}
	}
	return causes;
}

/*
 * A record whose place is not the program's own yet (AggregateError) takes
 * the first frame of the program's own in lines[i..n).
 */
static void node_own_place(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t i, size_t n)
{
	const char *rf = et_json_str(rec, "file");
	js_frame rff;
	memset(&rff, 0, sizeof rff);
	rff.file = rf;
	rff.filel = rf ? strlen(rf) : 0;
	if (!js_frame_internal(&rff))
		return;
	for (size_t j = i; j < n; j++) {
		js_frame g;
		if (js_frame_parse(lines[j].s, lines[j].len, &g) && !js_frame_internal(&g)) {
			set_frame_place(ctx, rec, &g);
			return;
		}
	}
	/* Every frame is Node's or a library's (an unhandled rejection, a tool
	 * failing on its input): the place is none of them. A module that
	 * cannot be resolved names the program's file that imports it. */
	if (rf) {
		static const char *const k[] = { "file", "line", "column", "function" };
		for (size_t j = 0; j < sizeof k / sizeof *k; j++)
			et_json_set(rec, k[j], cJSON_CreateNull());
	}
	const char *m = et_json_str(rec, "message"), *q;
	if (m && (q = strstr(m, " imported from ")) != NULL) {
		q += 15;
		size_t ql = strlen(q);
		if (ec_mem_starts(q, ql, "file://"))
			q += 7, ql -= 7;
		js_frame imp;
		memset(&imp, 0, sizeof imp);
		imp.file = q;
		imp.filel = ql;
		if (ql && !memchr(q, ' ', ql) && (q[0] == '/' || q[0] == '.') && !js_frame_internal(&imp))
			ec_set_location(ctx, rec, q, ql, 0, 0);
	}
}

/* A system error ("Error: ENOENT: ..." with "  code: 'ENOENT'" below): the code is the type. */
static void node_system_code(cJSON *rec, const ec_line *lines, size_t i, size_t n)
{
	const char *ty = et_json_str(rec, "type");
	if (!ty || strcmp(ty, "Error"))
		return;
	for (size_t j = i; j < n; j++) {
		const ec_line *l = &lines[j];
		if (!ec_starts(l, "  code: '"))
			continue;
		if (l->len > 10 && l->s[l->len - 1] == ',' && l->s[l->len - 2] == '\'') {
			ec_set_strn(rec, "type", l->s + 9, l->len - 11);
			return;
		}
		if (l->len >= 10 && l->s[l->len - 1] == '\'') {
			ec_set_strn(rec, "type", l->s + 9, l->len - 10);
			return;
		}
	}
}

static void node_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	node_state *ns = st;
	js_frame fr[256];
	js_head h;
	node_header hd;
	size_t i, nfr;
	memset(ns, 0, sizeof *ns);
	if (!n || node_warning_emit(ctx, lines, n))
		return;
	memset(&h, 0, sizeof h);
	i = node_header_read(lines, n, &hd);
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	int thrown_value = n > i + 1 && ec_starts(&lines[i + 1], "(Use `node --trace-uncaught");
	if (i < n && !thrown_value && js_head_parse(lines[i].s, lines[i].len, &h)) {
		ec_set_strn(rec, "type", h.type, h.typel);
		ec_set_strn(rec, "message", h.msg, h.msgl);
	} else if (i < n) {
		ec_set_strn(rec, "message", lines[i].s, lines[i].len);
	}
	/* top-level frames: indent 4, up to a properties block */
	size_t pe = n;
	for (size_t j = i; j < n; j++)
		if ((lines[j].len == 1 && lines[j].s[0] == '}') ||
		    ec_starts(&lines[j], "Emitted 'error' event")) {
			pe = j;
			break;
		}
	nfr = js_collect(lines, i, pe, 4, fr, 256);
	long p = js_primary(fr, nfr);
	js_frame hf;
	memset(&hf, 0, sizeof hf);
	hf.file = hd.file;
	hf.filel = hd.filel;
	/* The header is where the error was thrown. When it is the program's
	 * and no frame names its file, the frames are those of the code that
	 * loaded that file (a SyntaxError in a required module, an ES module
	 * link error): the header is the place. */
	int hd_unframed = hd.file != NULL;
	for (size_t j = 0; hd_unframed && j < nfr; j++)
		if (fr[j].file && fr[j].filel == hd.filel && !memcmp(fr[j].file, hd.file, hd.filel))
			hd_unframed = 0;
	if (hd.file && (p < 0 || js_frame_internal(&fr[p]) || hd_unframed) && !js_frame_internal(&hf))
		ec_set_location(ctx, rec, hd.file, hd.filel, hd.line, hd.col);
	else if (p >= 0)
		set_frame_place(ctx, rec, &fr[p]);
	else if (hd.file)
		ec_set_location(ctx, rec, hd.file, hd.filel, hd.line, 0);
	if (nfr)
		et_json_set(rec, "frames", js_frames_json(fr, nfr, hd.file, hd.filel, hd.line, hd.code, hd.codel));
	cJSON *causes = node_causes(lines, i, n);
	if (causes)
		et_json_set(rec, "causes", causes);
	node_own_place(ctx, rec, lines, i, n);
	node_system_code(rec, lines, i, n);
	ec_emit(ctx, rec);
}

/* ------------------------------------------------------- ec_js_fill */

/*
 * A JavaScript stack as loggers store it (an error's .stack): "Type: msg"
 * at column 0, its "    at ..." frames, and the causes that serializers
 * such as pino's append ("caused by: Error: ...", each with its frames).
 */
int ec_js_fill(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t n)
{
	js_frame fr[256];
	js_head h;
	size_t i, e, nfr;
	cJSON *causes = NULL;
	for (i = 0; i < n; i++)
		if (js_head_parse(lines[i].s, lines[i].len, &h) && i + 1 < n &&
		    js_frame_parse(lines[i + 1].s, lines[i + 1].len, &(js_frame){ 0 }))
			break;
	if (i >= n)
		return 0;
	for (e = i + 1; e < n && !ec_starts(&lines[e], "caused by: "); e++)
		;
	ec_set_strn(rec, "type", h.type, h.typel);
	ec_set_strn(rec, "message", h.msg, h.msgl);
	nfr = js_collect(lines, i + 1, e, 0, fr, 256);
	if (nfr) {
		long p = js_primary(fr, nfr);
		et_json_set(rec, "frames", js_frames_json(fr, nfr, NULL, 0, 0, NULL, 0));
		if (p >= 0)
			set_frame_place(ctx, rec, &fr[p]);
	}
	while (e < n) {
		size_t c = e;
		for (e = c + 1; e < n && !ec_starts(&lines[e], "caused by: "); e++)
			;
		js_frame g;
		size_t ind = c + 1 < e && js_frame_parse(lines[c + 1].s, lines[c + 1].len, &g) ? g.indent : 4;
		node_cause(&causes, lines, e, c, lines[c].s + 11, lines[c].len - 11, ind, "cause");
	}
	if (causes)
		et_json_set(rec, "causes", causes);
	return 1;
}

/* ---------------------------------------------------------------- tsc */

static const char *const tsc_triggers[] = { "error TS", "warning TS", NULL };

typedef struct {
	int pretty;
} tsc_state;


typedef struct {
	const char *file, *type, *msg, *level;
	size_t fl, tl, ml;
	long line, col;
	int pretty;
} tsc_info;

/* " error TS1234: " at p: fills level/type/msg; returns 1 */
static int tsc_tail(const char *p, const char *e, tsc_info *ti)
{
	if (e - p > 9 && !memcmp(p, "error TS", 8)) {
		ti->level = "error";
		p += 6;
	} else if (e - p > 11 && !memcmp(p, "warning TS", 10)) {
		ti->level = "warning";
		p += 8;
	} else {
		return 0;
	}
	const char *t = p, *q = p + 2;
	if (ec_num(&q, e) < 0 || e - q < 2 || q[0] != ':' || q[1] != ' ')
		return 0;
	ti->type = t;
	ti->tl = (size_t)(q - t);
	ti->msg = q + 2;
	ti->ml = (size_t)(e - q - 2);
	return 1;
}

static int tsc_parse(const ec_line *l, tsc_info *ti)
{
	const char *s = l->s, *e = s + l->len, *p;
	memset(ti, 0, sizeof *ti);
	if (!l->len || s[0] == ' ')
		return 0;
	if (tsc_tail(s, e, ti))
		return 1;
	/* FILE(L,C): error TS */
	if ((p = memmem(s, l->len, "): ", 3))) {
		const char *op = p;
		while (op > s && op[-1] != '(')
			op--;
		if (op > s + 1) {
			const char *q = op;
			long ln = ec_num(&q, p), col = 0;
			if (ln > 0 && q < p && *q == ',') {
				q++;
				col = ec_num(&q, p);
			}
			if (ln > 0 && q == p && tsc_tail(p + 3, e, ti)) {
				ti->file = s;
				ti->fl = (size_t)(op - 1 - s);
				ti->line = ln;
				ti->col = col > 0 ? col : 0;
				return 1;
			}
		}
	}
	/* FILE:L:C - error TS */
	if ((p = memmem(s, l->len, " - ", 3))) {
		const char *q = p;
		while (q > s && ec_is_digit(q[-1]))
			q--;
		if (q == p || q - 1 <= s || q[-1] != ':')
			return 0;
		const char *c2 = q - 1, *r = c2;
		while (r > s && ec_is_digit(r[-1]))
			r--;
		if (r == c2 || r - 1 <= s || r[-1] != ':')
			return 0;
		if (!tsc_tail(p + 3, e, ti))
			return 0;
		const char *a = r, *b = q;
		ti->line = ec_num(&a, c2);
		ti->col = ec_num(&b, p);
		ti->file = s;
		ti->fl = (size_t)(r - 1 - s);
		ti->pretty = 1;
		return 1;
	}
	return 0;
}

static enum ec_verdict tsc_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tsc_state *ts = st;
	tsc_info ti;
	if (!tsc_parse(l, &ti))
		return EC_NO;
	if (!ti.file)
		return EC_DONE;
	ts->pretty = ti.pretty;
	return EC_START;
}

static enum ec_verdict tsc_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tsc_state *ts = st;
	if (l->len && l->s[0] == ' ')
		return EC_MORE;         /* elaboration, squiggles, related information */
	if (!ts->pretty)
		return EC_NO;
	if (ec_blank(l))
		return EC_MORE;
	/* pretty source lines: "12 code" */
	if (ec_is_digit(l->s[0])) {
		size_t i = 0;
		while (i < l->len && ec_is_digit(l->s[i]))
			i++;
		if (i == l->len || l->s[i] == ' ')
			return EC_MORE;
	}
	return EC_NO;
}

static void tsc_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	tsc_state *ts = st;
	tsc_info ti;
	ts->pretty = 0;
	if (!n || !tsc_parse(&lines[0], &ti))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, ti.level);
	ec_set_strn(rec, "type", ti.type, ti.tl);
	ec_set_strn(rec, "message", ti.msg, ti.ml);
	if (ti.file)
		ec_set_location(ctx, rec, ti.file, ti.fl, ti.line, ti.col);
	ec_emit(ctx, rec);
}

/* ------------------------------------------------- jest and mocha shared */

/* type and message of an error's first line into rec */
static void js_error_line(cJSON *rec, const char *s, size_t len)
{
	js_head h;
	const char *b;
	size_t bn;
	ec_trim(s, len, &b, &bn);
	if (bn > 16 && !memcmp(b, "expect(", 7)) {
		/* expect(received).toBe(expected) / .not.toEqual / .resolves.toBe,
		   expect(jest.fn()).toHaveBeenCalledWith(...expected) */
		const char *p = NULL, *e = b + bn;
		int depth = 0;
		for (const char *q = b + 6; q < e; q++) {
			if (*q == '(')
				depth++;
			else if (*q == ')' && --depth == 0) {
				p = q;
				break;
			}
		}
		if (p && p + 1 < e && p[1] == '.') {
			const char *m = p + 2, *me = memchr(m, '(', (size_t)(e - m));
			if (me) {
				const char *t = m;
				if (me - t > 9 && !memcmp(t, "resolves.", 9))
					t += 9;
				else if (me - t > 8 && !memcmp(t, "rejects.", 8))
					t += 8;
				ec_set_strn(rec, "type", t, (size_t)(me - t));
			}
		}
		ec_set_strn(rec, "message", b, bn);
		return;
	}
	/* "TypeError: x", "Error [CODE]: x", "MyFailure: x"; not jest's "thrown: "x"" */
	if (js_head_parse(b, bn, &h) && (h.strong || (h.msgl && h.type[0] >= 'A' && h.type[0] <= 'Z'))) {
		ec_set_strn(rec, "type", h.type, h.typel);
		ec_set_strn(rec, "message", h.msg, h.msgl);
		return;
	}
	/* jest's thrown non-Error value, pretty-printed: "thrown: "text"" (a
	   string, whose closing quote may be lines below): the value */
	if (bn > 9 && !memcmp(b, "thrown: \"", 9)) {
		b += 9;
		bn -= 9;
		if (bn && b[bn - 1] == '"')
			bn--;
	}
	ec_set_strn(rec, "message", b, bn);
}

/* location and frames of lines[a..b) into rec; 1 when a location was set */
static int js_section_frames(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t a, size_t b)
{
	js_frame fr[128];
	size_t n = js_collect(lines, a, b, 0, fr, 128);
	long p = js_primary(fr, n);
	if (n)
		et_json_set(rec, "frames", js_frames_json(fr, n, NULL, 0, 0, NULL, 0));
	if (p < 0 || js_frame_internal(&fr[p]))
		return 0;       /* only Node's and libraries' frames: not the test's place */
	ec_set_location(ctx, rec, fr[p].file, fr[p].filel, fr[p].line, fr[p].col);
	if (fr[p].func)
		ec_set_strn(rec, "function", fr[p].func, fr[p].funcl);
	return 1;
}

/* ---------------------------------------------------------------- jest */

static const char *const jest_triggers[] = { "FAIL ", "\xe2\x97\x8f ", "Summary of all failing tests", NULL };

typedef struct {
	int summary;
} jest_state;


/* "FAIL path" (possibly " FAIL " from the coloured badge): the path */
static int jest_fail_line(const ec_line *l, const char **path, size_t *pl)
{
	const char *s = l->s, *e = s + l->len;
	if (s < e && *s == ' ')
		s++;
	if (e - s < 6 || memcmp(s, "FAIL ", 5))
		return 0;
	s += 5;
	while (s < e && *s == ' ')
		s++;
	const char *p = s;
	while (p < e && *p != ' ')
		p++;
	if (p == s)
		return 0;
	/* after the path: nothing, or " (1.2 s)" */
	if (p < e && p[1] != '(')
		return 0;
	*path = s;
	*pl = (size_t)(p - s);
	return 1;
}

/* "  ● title": 1, with the title; "● Console" sections are not failures */
static int jest_section(const ec_line *l, const char **t, size_t *tl)
{
	if (l->len < 7 || memcmp(l->s, "  \xe2\x97\x8f ", 6))
		return 0;
	*t = l->s + 6;
	*tl = l->len - 6;
	return 1;
}

static enum ec_verdict jest_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	jest_state *js = st;
	const char *p;
	size_t pl;
	js->summary = 0;
	if (ec_starts(l, "Summary of all failing tests")) {
		js->summary = 1;
		return EC_START;
	}
	if (jest_fail_line(l, &p, &pl))
		return EC_START;
	if (jest_section(l, &p, &pl) && !(pl == 7 && !memcmp(p, "Console", 7)))
		return EC_START;
	return EC_NO;
}

static enum ec_verdict jest_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	jest_state *js = st;
	if (js->summary)
		return ec_starts(l, "Test Suites:") ? EC_NO : EC_MORE;
	if (!l->len || l->s[0] == ' ' || l->s[0] == '\t')
		return EC_MORE;
	return EC_NO;
}

/*
 * The record of a failed test's section lines[i..end): an error whose
 * message is the first non-blank line from *j on (*j is moved to it),
 * its text without the trailing blank lines, which are not the test's.
 */
static cJSON *test_rec(ec_ctx *ctx, const ec_line *lines, size_t i, size_t *j, size_t end)
{
	while (*j < end && ec_blank(&lines[*j]))
		++*j;
	size_t last = end;
	while (last > i + 1 && ec_blank(&lines[last - 1]))
		last--;
	cJSON *rec = ec_rec_new(ctx, lines, i, last - 1);
	ec_set_level(rec, "error");
	if (*j < end)
		js_error_line(rec, lines[*j].s, lines[*j].len);
	return rec;
}

/*
 * A test file Babel could not parse: "SyntaxError: FILE: message (L:C)"
 * among the section's lines (Babel counts columns from 0). It is the error,
 * at its place, whatever the (Babel's own) frames say.
 */
static void jest_babel_error(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		const char *s, *e, *p, *q, *c;
		size_t n;
		ec_trim(lines[i].s, lines[i].len, &s, &n);
		e = s + n;
		if (n < 20 || memcmp(s, "SyntaxError: ", 13) || e[-1] != ')')
			continue;
		p = s + 13;
		q = memmem(p, (size_t)(e - p), ": ", 2);
		if (!q || q == p)
			continue;
		/* " (L:C)" at the end */
		c = e - 1;
		while (c > q && c[-1] != '(')
			c--;
		if (c - q < 4 || c[-2] != ' ')
			continue;
		const char *d = c;
		long line = ec_num(&d, e - 1), col;
		if (line <= 0 || d >= e - 1 || *d != ':')
			continue;
		d++;
		col = ec_num(&d, e - 1);
		if (col < 0 || d != e - 1)
			continue;
		ec_set_strn(rec, "type", "SyntaxError", 11);
		ec_set_strn(rec, "message", q + 2, (size_t)(c - 2 - (q + 2)));
		ec_set_location(ctx, rec, p, (size_t)(q - p), line, col + 1);
		et_json_set_null(rec, "function");
		return;
	}
}

static void jest_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	jest_state *js = st;
	const char *ff = NULL;
	size_t ffl = 0;
	if (js->summary) {
		js->summary = 0;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *t;
		size_t tl;
		if (i == 0 && jest_fail_line(&lines[0], &ff, &ffl))
			continue;
		if (!jest_section(&lines[i], &t, &tl) || (tl == 7 && !memcmp(t, "Console", 7)))
			continue;
		size_t j = i + 1, end;
		for (end = j; end < n; end++) {
			const char *t2;
			size_t tl2;
			if (jest_section(&lines[end], &t2, &tl2))
				break;
		}
		cJSON *rec = test_rec(ctx, lines, i, &j, end);
		if (!js_section_frames(ctx, rec, lines, j, end) && ff)
			ec_set_location(ctx, rec, ff, ffl, 0, 0);
		jest_babel_error(ctx, rec, lines, j, end);
		ec_emit(ctx, rec);
		i = end - 1;
	}
}

/* ---------------------------------------------------------------- vitest */

static const char *const vitest_triggers[] = { " FAIL  ", NULL };

typedef struct {
	int error;              /* the error's line has been seen */
	size_t lines;
} vitest_state;

/*
 * " FAIL  FILE > SUITE > TEST" or " FAIL  FILE [ FILE ]" (a file that did
 * not load): the file and the test (tl 0 for the second form)
 */
static int vitest_fail_line(const ec_line *l, const char **f, size_t *fl,
			    const char **t, size_t *tl)
{
	const char *s = l->s, *e = s + l->len, *p;
	if (l->len < 8 || memcmp(s, " FAIL  ", 7))
		return 0;
	s += 7;
	for (p = s; p < e && *p != ' '; p++)
		;
	if (p == s)
		return 0;
	*f = s;
	*fl = (size_t)(p - s);
	*t = NULL;
	*tl = 0;
	if (e - p > 3 && !memcmp(p, " > ", 3)) {
		*t = p + 3;
		*tl = (size_t)(e - p - 3);
		return 1;
	}
	return e - p > 4 && !memcmp(p, " [ ", 3) && e[-1] == ']';
}

/*
 * A frame as Vitest prints it: " ❯ FUNC FILE:L:C" or " ❯ FILE:L:C" (the
 * function may hold blanks: "new Foo"). 1 when the line is one.
 */
static int vitest_frame(const ec_line *l, js_frame *f)
{
	const char *s = l->s, *e = s + l->len, *q, *loc;
	memset(f, 0, sizeof *f);
	while (s < e && *s == ' ')
		s++;
	if (e - s < 5 || memcmp(s, "\xe2\x9d\xaf ", 4))
		return 0;
	s += 4;
	while (e > s && e[-1] == ' ')
		e--;
	for (loc = e; loc > s && loc[-1] != ' '; loc--)
		;
	/* FILE:L:C */
	q = e;
	while (q > loc && ec_is_digit(q[-1]))
		q--;
	if (q == e || q - loc < 2 || q[-1] != ':')
		return 0;
	const char *c = q;
	f->col = ec_num(&c, e);
	q--;
	const char *le = q;
	while (q > loc && ec_is_digit(q[-1]))
		q--;
	if (q == le || q - loc < 2 || q[-1] != ':')
		return 0;
	c = q;
	f->line = ec_num(&c, le);
	f->file = loc;
	f->filel = (size_t)(q - 1 - loc);
	if (loc > s) {
		const char *fe = loc;
		while (fe > s && fe[-1] == ' ')
			fe--;
		f->func = s;
		f->funcl = (size_t)(fe - s);
	}
	return 1;
}

static int vitest_is_fail(const ec_line *l)
{
	const char *f, *t;
	size_t fl, tl;
	return vitest_fail_line(l, &f, &fl, &t, &tl);
}

static enum ec_verdict vitest_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	vitest_state *vs = st;
	if (!vitest_is_fail(l))
		return EC_NO;
	vs->error = 0;
	vs->lines = 0;
	return EC_START;
}

/* the block runs to Vitest's "⎯⎯⎯[1/5]⎯" rule, the next FAIL line or a summary */
static enum ec_verdict vitest_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	vitest_state *vs = st;
	if (ec_starts(l, "\xe2\x8e\xaf") || ++vs->lines > 400)
		return EC_NO;
	if (vitest_is_fail(l))
		return vs->error ? EC_NO : EC_MORE;
	if (ec_starts(l, " Test Files ") || ec_starts(l, "  Snapshots "))
		return EC_NO;
	if (!ec_blank(l))
		vs->error = 1;
	return EC_MORE;
}

/*
 * One record per error: file and test from the (first) FAIL line, type and
 * message from the error's first line, frames from the "❯" lines; the
 * location is the innermost frame outside node_modules, else the FAIL file.
 */
static void vitest_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	vitest_state *vs = st;
	const char *f, *t;
	size_t fl, tl, j = 1, last = n;
	js_frame fr[64];
	size_t nf = 0;
	vs->error = 0;
	vs->lines = 0;
	if (!vitest_fail_line(&lines[0], &f, &fl, &t, &tl))
		return;
	while (j < n && (ec_blank(&lines[j]) || vitest_is_fail(&lines[j])))
		j++;
	while (last > 1 && ec_blank(&lines[last - 1]))
		last--;
	cJSON *rec = ec_rec_new(ctx, lines, 0, last - 1);
	ec_set_level(rec, "error");
	if (j < n)
		js_error_line(rec, lines[j].s, lines[j].len);
	for (size_t i = j + 1; i < n && nf < 64; i++)
		if (vitest_frame(&lines[i], &fr[nf]))
			nf++;
	long p = -1;
	for (size_t i = 0; i < nf && p < 0; i++)
		if (!js_frame_internal(&fr[i]))
			p = (long)i;
	if (nf)
		et_json_set(rec, "frames", js_frames_json(fr, nf, NULL, 0, 0, NULL, 0));
	if (p >= 0) {
		ec_set_location(ctx, rec, fr[p].file, fr[p].filel, fr[p].line, fr[p].col);
		if (fr[p].func)
			ec_set_strn(rec, "function", fr[p].func, fr[p].funcl);
	} else {
		ec_set_location(ctx, rec, f, fl, 0, 0);
	}
	if (tl)
		ec_set_strn(rec, "test", t, tl);
	ec_emit(ctx, rec);
}

/* ---------------------------------------------------------------- mocha */

static const char *const mocha_triggers[] = { " failing", NULL };

typedef struct {
	int state;              /* 0 before a failure, 1 title, 2 message, 3 frames */
	size_t msg_lines;
} mocha_state;


/* "  N) title": returns the offset of the title, 0 when not */
static size_t mocha_item(const ec_line *l)
{
	const char *s = l->s, *e = s + l->len, *p = s + 2;
	if (l->len < 5 || s[0] != ' ' || s[1] != ' ' || !ec_is_digit(s[2]))
		return 0;
	if (ec_num(&p, e) < 0 || e - p < 2 || p[0] != ')' || p[1] != ' ')
		return 0;
	return (size_t)(p + 2 - s);
}

static enum ec_verdict mocha_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	mocha_state *ms = st;
	const char *p = l->s + 2, *e = l->s + l->len;
	if (l->len < 11 || l->s[0] != ' ' || l->s[1] != ' ' || ec_num(&p, e) < 0)
		return EC_NO;
	if (e - p != 8 || memcmp(p, " failing", 8))
		return EC_NO;
	ms->state = 0;
	ms->msg_lines = 0;
	return EC_START;
}

static enum ec_verdict mocha_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	mocha_state *ms = st;
	js_frame f;
	size_t t;
	if ((t = mocha_item(l))) {
		ms->state = l->s[l->len - 1] == ':' ? 2 : 1;
		ms->msg_lines = 0;
		return EC_MORE;
	}
	switch (ms->state) {
	case 1:
		if (ec_blank(l))
			return EC_MORE;
		if (l->s[0] != ' ')
			return EC_NO;
		if (l->s[l->len - 1] == ':')
			ms->state = 2;
		return EC_MORE;
	case 2:
		if (js_frame_parse(l->s, l->len, &f) && f.file) {
			ms->state = 3;
			return EC_MORE;
		}
		if (++ms->msg_lines > 400)
			return EC_NO;
		return EC_MORE;
	default:
		if (ec_blank(l) || l->s[0] == ' ')
			return EC_MORE;
		return EC_NO;
	}
}

static void mocha_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	mocha_state *ms = st;
	ms->state = 0;
	for (size_t i = 0; i < n; i++) {
		if (!mocha_item(&lines[i]))
			continue;
		size_t end = i + 1, j = i;
		while (end < n && !mocha_item(&lines[end]))
			end++;
		/* the title ends at the first line ending with ':' */
		while (j < end && !(lines[j].len && lines[j].s[lines[j].len - 1] == ':'))
			j++;
		j++;
		cJSON *rec = test_rec(ctx, lines, i, &j, end);
		int placed = js_section_frames(ctx, rec, lines, j < end ? j : end, end);
		const char *rf = et_json_str(rec, "file");
		/* a timeout's frames are Node's; mocha names the test file at the end */
		if (j < end && (!placed || (rf && !strncmp(rf, "node:", 5))) &&
		    lines[j].len > 3 && lines[j].s[lines[j].len - 1] == ')') {
			const char *e = lines[j].s + lines[j].len - 1, *op = e;
			while (op > lines[j].s && op[-1] != '(')
				op--;
			if (op > lines[j].s + 1 && op[-2] == ' ' && memchr(op, '/', (size_t)(e - op)) &&
			    !memchr(op, ' ', (size_t)(e - op))) {
				ec_set_location(ctx, rec, op, (size_t)(e - op), 0, 0);
				et_json_set_null(rec, "line");
				et_json_set_null(rec, "column");
				et_json_set_null(rec, "function");
			}
		}
		ec_emit(ctx, rec);
		i = end - 1;
	}
}

/* ---------------------------------------------------------------- table */

const ec_parser ec_parser_node = { .name = "node", .triggers = node_triggers,
	.state_size = sizeof(node_state),
	.start = node_start, .more = node_more, .finish = node_finish };

const ec_parser ec_parser_tsc = { .name = "tsc", .triggers = tsc_triggers,
	.state_size = sizeof(tsc_state), .start = tsc_start, .more = tsc_more, .finish = tsc_finish };

const ec_parser ec_parser_jest = { .name = "jest", .triggers = jest_triggers,
	.state_size = sizeof(jest_state),
	.start = jest_start, .more = jest_more, .finish = jest_finish };

const ec_parser ec_parser_vitest = { .name = "vitest", .triggers = vitest_triggers,
	.state_size = sizeof(vitest_state),
	.start = vitest_start, .more = vitest_more, .finish = vitest_finish };

const ec_parser ec_parser_mocha = { .name = "mocha", .triggers = mocha_triggers,
	.state_size = sizeof(mocha_state),
	.start = mocha_start, .more = mocha_more, .finish = mocha_finish };
