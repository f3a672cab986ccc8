/*
 * parse_erlang.c: Erlang/OTP's uncaught exceptions at run time.
 *
 * escript (and the erl shell's "N> ** exception ..." lines):
 *   escript: exception error: no match of right hand side value {error,3}
 *     in function  calc:lookup/2 (calc.erl, line 11)      frames, innermost first
 *        called as calc:lookup(b,#{a => 1})               the call (the frame's code)
 *        *** argument 1: not a list                       a BIF's explanation
 *     in call from erl_eval:local_func/8 (erl_eval.erl, line 644)
 *     in call from init:start_em/1                        a frame without a location
 *   A long value runs over lines indented under the message. The class is
 *   error, exit or throw.
 *
 * erl -s M F, erl -eval: the boot process's exit reason, one line each on
 * stdout and stderr (OTP 25; OTP 26+ only the second, as "Runtime
 * terminating during boot (...)"), then the crash dump's line:
 *   {"init terminating in do_boot",{{badmatch,error},[{calc,lookup,2,[{file,"calc.erl"},{line,11}]},...]}}
 *   init terminating in do_boot ({{badmatch,error},[{calc,lookup,2,[{_},{_}]},...]})
 *
 *   Crash dump is being written to: erl_crash.dump...done
 * are one record.
 *
 * type: the exit reason's atom, as erl_error names it: from the message's
 * phrase ("no match of right hand side value" badmatch, "bad argument"
 * badarg, "undefined function" undef, ...) or the reason term itself
 * ({function_clause,...} gives function_clause, exit(shutdown) shutdown);
 * an uncaught throw is nocatch (Erlang's reason for it). In the boot
 * form the message is the reason told in erl_error's words where it has
 * them ({badmatch,error}: "no match of right hand side value error").
 * file and line: the innermost frame of the program's own code: BIFs and
 * operators (no module) and OTP's modules (erl_eval, escript, init,
 * lists, gen_server, ...) are not, nor what et_frame_in_app says is not.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_frame.h"
#include "et_rec.h"

#include <string.h>

static const char *const erl_triggers[] = {
	"escript: exception ", "** exception ", "terminating in do_boot", "terminating during boot", NULL
};

enum {
	ERL_CONT_MAX = 400,     /* indented lines under one exception at the most */
	ERL_MSG_MAX = 4000      /* bytes of a message joined from its lines */
};

typedef struct {
	int kind;       /* 1: an exception (escript, shell), 2: the boot process's exit */
	int full, brief, blank, dump;   /* boot: which of its lines were taken */
	size_t cont;
} erl_state;

static int is_atom_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '@';
}

/* the end of the quoted atom or string at s */
static const char *quote_end(const char *s, const char *e)
{
	char q = *s++;
	while (s < e && *s != q)
		s += *s == '\\' && s + 1 < e ? 2 : 1;
	return s < e ? s + 1 : e;
}

/* The end of the term at s: a ',' or closing bracket outside its brackets, or e */
static const char *term_end(const char *s, const char *e)
{
	int depth = 0;
	while (s < e) {
		char c = *s;
		if (c == '"' || c == '\'') {
			s = quote_end(s, e);
			continue;
		}
		if (c == '<' && s + 1 < e && s[1] == '<') {
			depth++;
			s += 2;
			continue;
		}
		if (c == '>' && s + 1 < e && s[1] == '>' && depth > 0) {
			depth--;
			s += 2;
			continue;
		}
		if (c == '{' || c == '[' || c == '(')
			depth++;
		else if (c == '}' || c == ']' || c == ')' || (c == ',' && !depth)) {
			if (!depth)
				return s;
			depth--;
		}
		s++;
	}
	return e;
}

/*
 * The elements of the tuple or list s[0..n) (its brackets included) into
 * el (at most max); returns their count, or -1 when s is not one.
 */
static int elements(const char *s, size_t n, char open, ec_span *el, int max)
{
	const char *p, *e = s + n;
	int k = 0;
	if (n < 2 || s[0] != open || e[-1] != (open == '{' ? '}' : ']'))
		return -1;
	p = s + 1;
	if (p == e - 1)
		return 0;
	while (p < e - 1) {
		const char *q = term_end(p, e - 1);
		if (k < max)
			el[k] = ec_span_trim(p, (size_t)(q - p));
		k++;
		if (q >= e - 1 || *q != ',')
			break;
		p = q + 1;
	}
	return k;
}

/* The atom at the start of s[0..n) (quoted or not), or 0 */
static size_t atom_len(const char *s, size_t n)
{
	size_t i = 0;
	if (n && s[0] == '\'')
		return (size_t)(quote_end(s, s + n) - s);
	if (!n || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	while (i < n && is_atom_char((unsigned char)s[i]))
		i++;
	return i;
}

/* A reason's atom: the term if it is one, else a tuple's first element if that is one */
static int reason_atom(const char *s, size_t n, ec_span *a)
{
	ec_span el[1];
	size_t k = atom_len(s, n);
	if (k && k == n) {
		a->s = s;
		a->n = n;
		return 1;
	}
	if (elements(s, n, '{', el, 1) >= 1 && (k = atom_len(el[0].s, el[0].n)) == el[0].n && k) {
		*a = el[0];
		return 1;
	}
	return 0;
}

/*
 * erl_error's words for the reasons it explains (stdlib's erl_error.erl,
 * explain_reason): value 1, the phrase is followed by the reason's value
 * ({badmatch,V}); 2, by a function (undef, function_clause).
 */
static const struct {
	const char *phrase, *reason;
	int value;
} erl_phrases[] = {
	{ "bad argument: ", "badarg", 1 },
	{ "bad argument", "badarg", 0 },
	{ "an error occurred when evaluating an arithmetic expression", "badarith", 0 },
	{ "bad function ", "badfun", 1 },
	{ "no match of right hand side value ", "badmatch", 1 },
	{ "no case clause matching ", "case_clause", 1 },
	{ "no function clause matching ", "function_clause", 2 },
	{ "no true branch found when evaluating an if expression", "if_clause", 0 },
	{ "no such process or port", "noproc", 0 },
	{ "the node cannot be part of a distributed system", "notalive", 0 },
	{ "a system limit has been reached", "system_limit", 0 },
	{ "bad receive timeout value", "timeout_value", 0 },
	{ "no try clause matching ", "try_clause", 1 },
	{ "undefined function ", "undef", 2 },
	{ "undefined shell command ", "shell_undef", 2 },
	{ "limit of number of arguments to interpreted function exceeded", "argument_limit", 0 },
	{ "bad filter ", "bad_filter", 1 },
	{ "bad generator ", "bad_generator", 1 },
	/* the maps module's error_info (OTP 24+) */
	{ "bad key: ", "badkey", 1 },
	{ "bad map: ", "badmap", 1 },
	{ NULL, NULL, 0 }
};

/* type from an exception's message as erl_error words it (class: error, exit or throw) */
static void exc_type(cJSON *rec, const char *cls, size_t cl, const char *m, size_t n)
{
	ec_span a;
	if (cl == 5 && !memcmp(cls, "throw", 5)) {
		et_json_set_str(rec, "type", "nocatch");
		return;
	}
	if (cl == 5 && !memcmp(cls, "error", 5)) {
		for (size_t i = 0; erl_phrases[i].phrase; i++) {
			const char *p = erl_phrases[i].phrase;
			size_t pl = strlen(p);
			if (erl_phrases[i].value ? n > pl && !memcmp(m, p, pl) : n == pl && !memcmp(m, p, pl)) {
				et_json_set_str(rec, "type", erl_phrases[i].reason);
				return;
			}
		}
		/* "#Fun<erl_eval.6.1> called with one argument", erl_eval's "interpreted
		   function with arity 1 called with two arguments", "variable 'X' is unbound" */
		if ((ec_mem_starts(m, n, "#Fun<") || ec_mem_starts(m, n, "fun ") ||
		     ec_mem_starts(m, n, "interpreted function with arity ")) &&
		    ec_memfind(m, n, " called with ")) {
			et_json_set_str(rec, "type", "badarity");
			return;
		}
		if (ec_mem_starts(m, n, "variable ") && ec_mem_ends(m, n, " is unbound")) {
			et_json_set_str(rec, "type", "unbound");
			return;
		}
	}
	if (reason_atom(m, n, &a))
		ec_set_strn(rec, "type", a.s, a.n);
}

/* OTP's own modules (and its test frameworks'), whose frames are not the program's */
static int otp_module(const char *m, size_t n)
{
	static const char *const mods[] = {
		"erl_eval", "escript", "init", "erlang", "lists", "maps", "proplists", "dict", "orddict",
		"sets", "ordsets", "gb_trees", "gb_sets", "queue", "array", "string", "binary", "unicode",
		"io", "io_lib", "io_lib_format", "io_lib_pretty", "file", "filename", "filelib", "code",
		"code_server", "application", "application_master", "application_controller",
		"supervisor", "supervisor_bridge", "gen", "gen_server", "gen_statem", "gen_event",
		"gen_fsm", "proc_lib", "timer", "ets", "dets", "rpc", "erpc", "global", "net_kernel",
		"shell", "c", "error_handler", "error_logger", "logger", "calendar", "re", "math", "rand",
		"os", "zlib", "json", "eunit", "test_server", "rebar3", "rebar_core", NULL
	};
	static const char *const pre[] = { "erl_", "erts_", "prim_", "eunit_", "ct_", "rebar_", NULL };
	for (const char *const *p = mods; *p; p++)
		if (strlen(*p) == n && !memcmp(*p, m, n))
			return 1;
	for (const char *const *p = pre; *p; p++)
		if (ec_mem_starts(m, n, *p))
			return 1;
	return 0;
}

/* Marks f in_app: OTP's modules and BIFs (no module) are not, unless the user's rules say */
static int mark(cJSON *f)
{
	const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
	const char *colon = fn ? strchr(fn, ':') : NULL;
	int app;
	if (et_frame_ruled(file, fn))
		app = et_frame_in_app(file, fn);
	else
		app = colon && !otp_module(fn, (size_t)(colon - fn)) && et_frame_in_app(file, fn);
	cJSON_AddItemToObject(f, "in_app", cJSON_CreateBool(app));
	return app;
}

/* frames (outermost first): the record's location is the innermost in-app one with a file */
static void set_frames(ec_ctx *ctx, cJSON *rec, cJSON *frames)
{
	int n = cJSON_GetArraySize(frames);
	if (!n) {
		cJSON_Delete(frames);
		return;
	}
	for (int i = n - 1; i >= 0; i--) {
		cJSON *f = cJSON_GetArrayItem(frames, i);
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "in_app")) && file &&
		    cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "file"))) {
			ec_set_location(ctx, rec, file, strlen(file), (long)et_json_num(f, "line", 0), 0);
			if (fn)
				et_json_set_str(rec, "function", fn);
		}
	}
	et_json_set(rec, "frames", frames);
}

/* ---- escript and the shell ---- */

/*
 * "escript: exception CLASS: MSG" or "[N> ]** exception CLASS: MSG": the
 * class and the message's first line.
 */
static int exc_header(const char *s, size_t n, ec_span *cls, ec_span *msg)
{
	const char *p = s, *e = s + n, *c;
	if (ec_mem_starts(s, n, "escript: exception "))
		p += 19;
	else {
		while (p < e && ec_is_digit((unsigned char)*p))
			p++;
		if (p > s && e - p >= 2 && p[0] == '>' && p[1] == ' ')
			p += 2;
		if (!ec_mem_starts(p, (size_t)(e - p), "** exception "))
			return 0;
		p += 13;
	}
	if (!(c = ec_memfind(p, (size_t)(e - p), ": ")) && !ec_mem_ends(p, (size_t)(e - p), ":"))
		return 0;
	if (!c)
		c = e - 1;
	cls->s = p;
	cls->n = (size_t)(c - p);
	if (!((cls->n == 5 && (!memcmp(p, "error", 5) || !memcmp(p, "throw", 5))) ||
	      (cls->n == 4 && !memcmp(p, "exit", 4))))
		return 0;
	*msg = ec_span_trim(c + 1, (size_t)(e - c - 1));
	return 1;
}

/* "in function  MFA[ (FILE, line N)]", "in call from ...", "in operator  div/2" */
static int frame_line(const char *b, size_t bl, ec_span *rest)
{
	static const char *const heads[] = { "in function ", "in call from ", "in operator ", NULL };
	for (const char *const *h = heads; *h; h++)
		if (ec_mem_starts(b, bl, *h)) {
			*rest = ec_span_trim(b + strlen(*h), bl - strlen(*h));
			return rest->n > 0;
		}
	return 0;
}

/* "MFA (FILE, line N)" or "MFA": a frame */
static cJSON *exc_frame(const char *s, size_t n)
{
	const char *e = s + n, *o = ec_memfind(s, n, " (");
	if (o && e[-1] == ')') {
		const char *ln = ec_memfind(o, (size_t)(e - o), ", line ");
		if (ln) {
			const char *p = ln + 7;
			long line = ec_num(&p, e);
			if (line > 0 && p == e - 1)
				return ec_frame(o + 2, (size_t)(ln - o - 2), line, 0, s, (size_t)(o - s), NULL, 0);
		}
	}
	return ec_frame(NULL, 0, 0, 0, s, n, NULL, 0);
}

/* appends a line of the message, the pieces of a term joined as they were before the printer broke them */
static void msg_add(et_buf *m, const char *s, size_t n)
{
	if (m->len >= ERL_MSG_MAX)
		return;
	if (m->len && n) {
		char c = m->buf[m->len - 1];
		if (c != ',' && c != '[' && c != '{' && c != '(' && c != '|')
			et_buf_addch(m, ' ');
	}
	et_buf_add(m, s, n);
	if (m->len > ERL_MSG_MAX) {
		m->len = ERL_MSG_MAX;
		m->buf[m->len] = 0;
		et_buf_addstr(m, "...");
	}
}

/* appends n in decimal */
static void add_num(et_buf *b, long n)
{
	char num[24];
	int k = 0;
	do
		num[k++] = (char)('0' + n % 10);
	while ((n /= 10) && k < 20);
	while (k)
		et_buf_addch(b, num[--k]);
}

/*
 * "no function clause matching calc:area({circle,1}) (calc.erl, line 4)":
 * the clause's function and where it is, a frame innermost of all
 */
static cJSON *clause_frame(const char *m, size_t n)
{
	const char *e = m + n, *f, *o, *ce;
	long argc = 0;
	if (!ec_mem_starts(m, n, "no function clause matching "))
		return NULL;
	f = m + 28;
	if (!(o = memchr(f, '(', (size_t)(e - f))))
		return NULL;
	ce = term_end(o + 1, e);
	if (ce >= e || *ce != ')')
		return NULL;
	for (const char *p = o + 1; p < ce; p = term_end(p, ce) + 1)
		argc++;
	et_buf fn = ET_BUF_INIT;
	et_buf_add(&fn, f, (size_t)(o - f));
	et_buf_addch(&fn, '/');
	add_num(&fn, argc);
	ec_span loc = ec_span_trim(ce + 1, (size_t)(e - ce - 1));
	if (loc.n) {
		et_buf_addch(&fn, ' ');
		et_buf_add(&fn, loc.s, loc.n);
	}
	cJSON *fr = exc_frame(fn.buf, fn.len);
	et_buf_release(&fn);
	return fr;
}

static void exc_finish(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ec_span cls, first;
	if (!exc_header(lines[0].s, lines[0].len, &cls, &first))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1), *frames = cJSON_CreateArray(), *last = NULL;
	et_buf msg = ET_BUF_INIT;
	int in_frames = 0, code_open = 0;
	ec_set_level(rec, "error");
	et_buf_add(&msg, first.s, first.n);
	for (size_t i = 1; i < n; i++) {
		const char *b;
		size_t bl;
		ec_span rest;
		ec_trim(lines[i].s, lines[i].len, &b, &bl);
		if (frame_line(b, bl, &rest)) {
			last = exc_frame(rest.s, rest.n);
			cJSON_InsertItemInArray(frames, 0, last);
			in_frames = 1;
			code_open = 0;
		} else if (last && ec_mem_starts(b, bl, "called as ")) {
			et_json_set(last, "code", et_json_strn(b + 10, bl - 10));
			code_open = 1;
		} else if (!in_frames) {
			msg_add(&msg, b, bl);
		} else if (code_open && !ec_mem_starts(b, bl, "*** ")) {
			/* a long call's arguments over lines */
			const char *c = et_json_str(last, "code");
			et_buf cb = ET_BUF_INIT;
			et_buf_addstr(&cb, c ? c : "");
			msg_add(&cb, b, bl);
			et_json_set(last, "code", et_json_strn(cb.buf, cb.len));
			et_buf_release(&cb);
		} else {
			code_open = 0;
		}
	}
	ec_set_strn(rec, "message", msg.buf, msg.len);
	exc_type(rec, cls.s, cls.n, msg.buf, msg.len);
	cJSON *cf = clause_frame(msg.buf, msg.len);
	if (cf)
		cJSON_AddItemToArray(frames, cf);
	cJSON *f;
	cJSON_ArrayForEach(f, frames)
		mark(f);
	set_frames(ctx, rec, frames);
	et_buf_release(&msg);
	ec_emit(ctx, rec);
}

/* ---- the boot process's exit (erl -s, erl -eval, releases) ---- */

/* The exit reason on one of the boot lines: 1 the full term (stdout), 2 the short one (stderr) */
static int boot_line(const char *s, size_t n, ec_span *reason)
{
	static const char *const heads[] = { "init terminating in do_boot (", "Runtime terminating during boot (", NULL };
	const char *e = s + n;
	while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
		e--;
	n = (size_t)(e - s);
	if (ec_mem_starts(s, n, "{\"init terminating in do_boot\",") && e[-1] == '}') {
		reason->s = s + 31;
		reason->n = n - 32;
		return reason->n ? 1 : 0;
	}
	for (const char *const *h = heads; *h; h++) {
		size_t hl = strlen(*h);
		if (ec_mem_starts(s, n, *h) && e[-1] == ')' && n > hl + 1) {
			reason->s = s + hl;
			reason->n = n - hl - 1;
			return 2;
		}
	}
	return 0;
}

/* A stack trace's entry {M,F,Arity|Args,Location}: a frame, or NULL */
static cJSON *boot_frame(ec_span t)
{
	ec_span el[4], loc[8], kv[2];
	int nl, argc;
	if (elements(t.s, t.n, '{', el, 4) != 4 || !atom_len(el[0].s, el[0].n) || !atom_len(el[1].s, el[1].n))
		return NULL;
	if (el[2].n && el[2].s[0] == '[') {
		ec_span dummy[1];
		if ((argc = elements(el[2].s, el[2].n, '[', dummy, 1)) < 0)
			return NULL;
	} else {
		const char *p = el[2].s;
		long a = ec_num(&p, el[2].s + el[2].n);
		if (a < 0 || p != el[2].s + el[2].n)
			return NULL;
		argc = (int)a;
	}
	if ((nl = elements(el[3].s, el[3].n, '[', loc, 8)) < 0)
		return NULL;
	const char *file = NULL;
	size_t fl = 0;
	long line = 0;
	for (int i = 0; i < nl && i < 8; i++) {
		if (elements(loc[i].s, loc[i].n, '{', kv, 2) != 2)
			continue;
		if (kv[0].n == 4 && !memcmp(kv[0].s, "file", 4) && kv[1].n >= 2 && kv[1].s[0] == '"') {
			file = kv[1].s + 1;
			fl = kv[1].n - 2;
		} else if (kv[0].n == 4 && !memcmp(kv[0].s, "line", 4)) {
			const char *p = kv[1].s;
			line = ec_num(&p, kv[1].s + kv[1].n);
		}
	}
	et_buf fn = ET_BUF_INIT;
	et_buf_add(&fn, el[0].s, el[0].n);
	et_buf_addch(&fn, ':');
	et_buf_add(&fn, el[1].s, el[1].n);
	et_buf_addch(&fn, '/');
	add_num(&fn, argc);
	cJSON *f = ec_frame(file, fl, line > 0 ? line : 0, 0, fn.buf, fn.len, NULL, 0);
	et_buf_release(&fn);
	return f;
}

/*
 * An Elixir exception as a term (a release's config provider, a mix task
 * at boot): #{message=><<"...">>,'__struct__'=>'Elixir.RuntimeError',
 * '__exception__'=>true} gives type RuntimeError and the message's text.
 */
static void elixir_exception(cJSON *rec, et_buf *m, ec_span r)
{
	const char *e = r.s + r.n, *t, *q, *v;
	if (!ec_mem_starts(r.s, r.n, "#{") || !ec_memfind(r.s, r.n, "'__exception__'=>true"))
		return;
	if ((t = ec_memfind(r.s, r.n, "'__struct__'=>'Elixir.")) != NULL) {
		t += 22;
		if ((q = memchr(t, '\'', (size_t)(e - t))) != NULL && q > t)
			ec_set_strn(rec, "type", t, (size_t)(q - t));
	}
	if ((v = ec_memfind(r.s, r.n, "message=><<\"")) != NULL) {
		v += 12;
		q = quote_end(v - 1, e);
		if (q - v >= 1 && q[-1] == '"')
			et_buf_add(m, v, (size_t)(q - v - 1));
	}
}

static void boot_finish(ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ec_span r = { NULL, 0 }, el[2], a = { NULL, 0 };
	size_t last = 0;
	int got = 0;
	for (size_t i = 0; i < n; i++) {
		ec_span t;
		int k = boot_line(lines[i].s, lines[i].len, &t);
		if (k && (!got || k < got)) {
			r = t;
			got = k;
		}
		if (!ec_blank(&lines[i]))
			last = i;
	}
	if (!got)
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, last), *frames = cJSON_CreateArray();
	ec_span reason = r, stack = { NULL, 0 };
	ec_set_level(rec, "error");
	/* {Reason, Stacktrace}: an error's; any other term is exit(Reason)'s */
	if (elements(r.s, r.n, '{', el, 2) == 2 && el[1].n && el[1].s[0] == '[') {
		ec_span st[1];
		int k = elements(el[1].s, el[1].n, '[', st, 1);
		cJSON *f0 = k > 0 ? boot_frame(st[0]) : NULL;
		if (k == 0 || f0) {
			reason = el[0];
			stack = el[1];
		}
		cJSON_Delete(f0);
	}
	if (stack.n) {
		const char *p = stack.s + 1, *e = stack.s + stack.n - 1;
		while (p < e) {
			const char *q = term_end(p, e);
			cJSON *f = boot_frame(ec_span_trim(p, (size_t)(q - p)));
			if (f)
				cJSON_InsertItemInArray(frames, 0, f);
			p = q + 1;
		}
	}
	int has_atom = reason_atom(reason.s, reason.n, &a);
	if (has_atom)
		ec_set_strn(rec, "type", a.s, a.n);
	/* the message in erl_error's words where it has them */
	et_buf m = ET_BUF_INIT;
	elixir_exception(rec, &m, reason);
	ec_span v[2];
	int tuple = elements(reason.s, reason.n, '{', v, 2);
	const char *inner = cJSON_GetArraySize(frames) ?
		et_json_str(cJSON_GetArrayItem(frames, cJSON_GetArraySize(frames) - 1), "function") : NULL;
	for (size_t i = 0; has_atom && erl_phrases[i].phrase; i++) {
		const char *ph = erl_phrases[i].phrase;
		if (strlen(erl_phrases[i].reason) != a.n || memcmp(erl_phrases[i].reason, a.s, a.n))
			continue;
		if (erl_phrases[i].value == 1 && tuple == 2) {
			et_buf_addstr(&m, ph);
			et_buf_add(&m, v[1].s, v[1].n);
		} else if (erl_phrases[i].value == 0 && tuple < 0) {
			et_buf_addstr(&m, ph);
		} else if (erl_phrases[i].value == 2 && tuple < 0 && inner) {
			et_buf_addstr(&m, ph);
			et_buf_addstr(&m, inner);
		} else
			continue;
		break;
	}
	if (!m.len && has_atom && tuple == 2 && a.n == 7 && !memcmp(a.s, "nocatch", 7))
		et_buf_add(&m, v[1].s, v[1].n);
	if (!m.len)
		et_buf_add(&m, reason.s, reason.n);
	if (m.len > ERL_MSG_MAX) {
		m.len = ERL_MSG_MAX;
		m.buf[m.len] = 0;
		et_buf_addstr(&m, "...");
	}
	ec_set_strn(rec, "message", m.buf, m.len);
	et_buf_release(&m);
	cJSON *f;
	cJSON_ArrayForEach(f, frames)
		mark(f);
	set_frames(ctx, rec, frames);
	ec_emit(ctx, rec);
}

/* ---- the parser ---- */

static enum ec_verdict erl_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	erl_state *es = st;
	ec_span a, b;
	int k;
	memset(es, 0, sizeof *es);
	if (exc_header(l->s, l->len, &a, &b)) {
		es->kind = 1;
		return EC_START;
	}
	if ((k = boot_line(l->s, l->len, &a)) != 0) {
		es->kind = 2;
		es->full = k == 1;
		es->brief = k == 2;
		return EC_START;
	}
	return EC_NO;
}

/* An exception's lines: frames two spaces in (the shell's five), the call and its explanation, a long value's lines */
static enum ec_verdict exc_more(erl_state *es, const ec_line *l)
{
	const char *b;
	size_t bl, ind;
	ec_span rest;
	if (l->len < 3 || l->s[0] != ' ' || l->s[1] != ' ' || ec_blank(l) || ++es->cont > ERL_CONT_MAX)
		return EC_NO;
	ec_trim(l->s, l->len, &b, &bl);
	ind = (size_t)(b - l->s);
	return ind >= 3 || frame_line(b, bl, &rest) ? EC_MORE : EC_NO;
}

/* A boot crash's lines: its other form, a blank line, the crash dump's line */
static enum ec_verdict boot_more(erl_state *es, const ec_line *l)
{
	ec_span r;
	int k;
	if (es->dump)
		return EC_NO;
	if (!es->blank && (k = boot_line(l->s, l->len, &r)) != 0 && !(k == 1 ? es->full : es->brief)) {
		es->full |= k == 1;
		es->brief |= k == 2;
		return EC_MORE;
	}
	if (ec_blank(l) && !es->blank) {
		es->blank = 1;
		return EC_MORE;
	}
	if (ec_starts(l, "Crash dump is being written to: ")) {
		es->dump = 1;
		return EC_MORE;
	}
	return EC_NO;
}

static enum ec_verdict erl_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	erl_state *es = st;
	return es->kind == 1 ? exc_more(es, l) : boot_more(es, l);
}

static void erl_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	erl_state *es = st;
	void (*fin)(ec_ctx *, const ec_line *, size_t) =
		es->kind == 1 ? exc_finish : es->kind == 2 ? boot_finish : NULL;
	memset(es, 0, sizeof *es);
	if (fin && n)
		fin(ctx, lines, n);
}

const ec_parser ec_parser_erlang = { .name = "erlang", .triggers = erl_triggers,
	.state_size = sizeof(erl_state), .start = erl_start, .more = erl_more, .finish = erl_finish };
