/*
 * parse_lua.c: Lua errors (lua, lua5.x, luajit, luac and any host that
 * prints Lua's traceback).
 *
 *   lua5.4: FILE:N: MESSAGE            the standalone interpreter's header
 *   \tno file '...'                     (a module search's lines)
 *   stack traceback:
 *   \t[C]: in function 'error'
 *   \tFILE:N: in function 'name'        innermost first; "in main chunk",
 *   \t(...tail calls...)                "in function <FILE:N>", "in ?"
 *
 * A "stack traceback:" line after any other line (a host's own "Error:
 * FILE:N: MESSAGE", debug.traceback's message) takes that line as the
 * header. A header without traceback is a syntax or load error. file and
 * line: the innermost frame of the program's own code ([C] functions and
 * the Lua installation's modules are a library's), else the header's
 * location. type: the kind of error Lua names ("attempt to index a nil
 * value", "bad argument", "module not found", "syntax error"), else null.
 */
#include "parser.h"
#include "et_cli.h"
#include "et_frame.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *const lua_triggers[] = {
	"stack traceback:", "lua: ", "luajit: ", "luac: ", "lua5.1: ", "lua5.2: ", "lua5.3: ",
	"lua5.4: ", "lua5.5: ", "luac5.1: ", "luac5.2: ", "luac5.3: ", "luac5.4: ", NULL
};

/* "lua: ", "lua5.4: ", "luajit: ", "luac5.3: ", "/usr/bin/lua5.1: ": the prefix's length */
static size_t lua_prog(const char *s, size_t n)
{
	size_t i = 0, b = 0;
	while (i < n && s[i] != ':' && s[i] != ' ') {
		if (s[i] == '/')
			b = i + 1;
		i++;
	}
	if (i + 2 > n || s[i] != ':' || s[i + 1] != ' ')
		return 0;
	const char *p = s + b;
	size_t k = i - b;
	if (k >= 3 && !memcmp(p, "lua", 3)) {
		size_t j = 3;
		if (k >= 6 && !memcmp(p + 3, "jit", 3))
			j = 6;
		else if (k >= 4 && p[3] == 'c')
			j = 4;
		while (j < k && (ec_is_digit(p[j]) || p[j] == '.'))
			j++;
		if (j == k)
			return i + 2;
	}
	return 0;
}

typedef struct {
	int phase;      /* 0: after the header, 1: in the traceback */
	int extra;
} lua_state;


static int is_tb(const ec_line *l)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	return bl == 16 && !memcmp(b, "stack traceback:", 16);
}

static enum ec_verdict lua_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	lua_state *ls = st;
	memset(ls, 0, sizeof *ls);
	if (is_tb(l)) {
		const ec_line *h = ec_back(ctx, 1);
		if (h && !ec_blank(h))
			ec_claim_back(ctx, 1);
		ls->phase = 1;
		return EC_START;
	}
	return lua_prog(l->s, l->len) ? EC_START : EC_NO;
}

static enum ec_verdict lua_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	lua_state *ls = st;
	if (is_tb(l) && !ls->phase) {
		ls->phase = 1;
		return EC_MORE;
	}
	if (l->len > 1 && l->s[0] == '\t')
		return ++ls->extra <= 400 ? EC_MORE : EC_NO;
	return EC_NO;
}

/* "\tFILE:N: in WHAT" / "\t[C]: in function 'error'" / "\t(...tail calls...)" */
static cJSON *lua_frame(const ec_line *l)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	const char *in = ec_memfind(b, bl, ": in ");
	if (!in)
		return NULL;
	long line, col;
	size_t fl = ec_split_location(b, (size_t)(in - b), &line, &col);
	const char *w = in + 5, *e = b + bl, *fn = NULL;
	size_t fnl = 0;
	if (ec_mem_starts(w, (size_t)(e - w), "function '") ||
	    ec_mem_starts(w, (size_t)(e - w), "method '") ||
	    ec_mem_starts(w, (size_t)(e - w), "local '") ||
	    ec_mem_starts(w, (size_t)(e - w), "upvalue '") ||
	    ec_mem_starts(w, (size_t)(e - w), "field '")) {
		fn = (const char *)memchr(w, '\'', (size_t)(e - w)) + 1;
		const char *q = memchr(fn, '\'', (size_t)(e - fn));
		fnl = (size_t)((q ? q : e) - fn);
	} else if (ec_mem_starts(w, (size_t)(e - w), "main chunk")) {
		fn = "main chunk";
		fnl = 10;
	} else if (ec_mem_starts(w, (size_t)(e - w), "function <")) {
		fn = w + 9;
		fnl = (size_t)(e - fn);
	}
	return ec_frame(b, fl, line, 0, fn, fnl, NULL, 0);
}

static const char *lua_type(const char *m, size_t n, int traceback)
{
	static const char *const kinds[] = {
		"attempt to index a nil value", "attempt to index a ", "attempt to call a nil value",
		"attempt to call a ", "attempt to perform arithmetic on a nil value",
		"attempt to perform arithmetic on ", "attempt to concatenate a nil value",
		"attempt to concatenate ", "attempt to compare ", "attempt to get length of ",
		"stack overflow", "table index is nil", "table index is NaN", NULL
	};
	if (ec_memfind(m, n, "bad argument #"))
		return "bad argument";
	if (ec_memfind(m, n, "module '") && ec_memfind(m, n, "' not found"))
		return "module not found";
	for (const char *const *k = kinds; *k; k++)
		if (ec_memfind(m, n, *k)) {
			size_t kl = strlen(*k);
			return (*k)[kl - 1] == ' ' ? NULL : *k;
		}
	if (!traceback && (ec_memfind(m, n, " near '") || ec_memfind(m, n, " near <eof>") ||
			   ec_memfind(m, n, "unexpected symbol") || ec_memfind(m, n, "expected near")))
		return "syntax error";
	return NULL;
}

/* The "attempt to index a " family: the phrase up to the parenthesis */
static void lua_set_type(cJSON *rec, const char *m, size_t n, int traceback)
{
	const char *t = lua_type(m, n, traceback);
	if (t) {
		et_json_set_str(rec, "type", t);
		return;
	}
	const char *a = ec_memfind(m, n, "attempt to ");
	if (!a)
		return;
	const char *e = m + n, *p = ec_memfind(a, (size_t)(e - a), " (");
	ec_set_strn(rec, "type", a, (size_t)((p ? p : e) - a));
}

static void lua_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	lua_state *ls = st;
	size_t tb = n, i;
	memset(ls, 0, sizeof *ls);
	if (!n)
		return;
	for (i = 0; i < n; i++)
		if (is_tb(&lines[i])) {
			tb = i;
			break;
		}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	const char *m = lines[0].s;
	size_t ml = tb == 0 ? 0 : lines[0].len;
	size_t k = lua_prog(m, ml);
	m += k;
	ml -= k;
	/* a host's "Error: " / "PANIC: " before Lua's message */
	const char *c = ec_memfind(m, ml, ": ");
	long line = 0, col;
	size_t fl = 0;
	const char *file = m;
	/* "FILE:N: MESSAGE" */
	for (const char *p = m; (p = ec_memfind(p, ml - (size_t)(p - m), ": ")) != NULL; p += 2) {
		size_t f = ec_split_location(m, (size_t)(p - m), &line, &col);
		if (line > 0) {
			fl = f;
			c = p;
			break;
		}
	}
	if (fl) {
		/* a prefix such as "Error: " stays out of the file name */
		const char *sp = NULL;
		for (const char *q = m; q + 1 < m + fl; q++)
			if (q[0] == ':' && q[1] == ' ')
				sp = q;
		if (sp) {
			file = sp + 2;
			fl = (size_t)(m + fl - file);
		}
		ec_set_strn(rec, "message", c + 2, ml - (size_t)(c + 2 - m));
	} else {
		ec_set_strn(rec, "message", m, ml);
	}
	ec_set_level(rec, "error");
	lua_set_type(rec, m, ml, tb < n);
	cJSON *frames = cJSON_CreateArray();
	for (i = tb + 1; i < n; i++) {
		cJSON *f = lua_frame(&lines[i]);
		if (f)
			cJSON_InsertItemInArray(frames, 0, f);
	}
	if (fl)
		ec_set_location(ctx, rec, file, fl, line, 0);
	/* the traceback's own frame replaces the header's location only when the header has none
	   or points into a library ([C], the installation's modules) */
	if (cJSON_GetArraySize(frames)) {
		char *hf = fl ? et_xstrndup(file, fl) : NULL;
		if (hf && et_frame_in_app(hf, NULL)) {
			const cJSON *f;
			cJSON_ArrayForEach(f, frames) {
				const char *ff = et_json_str(f, "file"), *fn = et_json_str(f, "function");
				if (ff && fn && !strcmp(ff, hf) && (long)et_json_num(f, "line", 0) == line)
					et_json_set_str(rec, "function", fn);
			}
			et_json_set(rec, "frames", frames);
		} else
			ec_set_frames(ctx, rec, frames);
		free(hf);
	} else {
		cJSON_Delete(frames);
	}
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_lua = { .name = "lua", .triggers = lua_triggers,
	.state_size = sizeof(lua_state), .start = lua_start, .more = lua_more, .finish = lua_finish };
