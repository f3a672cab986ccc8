/*
 * parse_tcl.c: Tcl's error trace (errorInfo), as tclsh, wish and expect
 * print it when a script fails.
 *
 *   MESSAGE                            the error's message
 *       while executing                then, innermost first, a command
 *   "expr {1 / 0}"                     (quoted; it may run over lines, or
 *       (procedure "f" line 1)          end in "...") and where it stood:
 *       invoked from within            a procedure's body, a method's, a
 *   "f"                                "foreach" body, a namespace eval,
 *       (file "bad.tcl" line 2)         the script file
 *
 * The block starts at the first "while executing" or "invoked from
 * within" line and takes the message line above it. file and line: the
 * innermost "(file ... line N)", the script's; function: the innermost procedure or
 * method. Frames: one per "(...)" context, outermost first. type: the
 * message's phrase before its first value ('invalid command name "y"'
 * gives "invalid command name", 'wrong # args: should be ...' "wrong #
 * args"), or Tcl's phrase when the message is one ("divide by zero").
 */
#include "parser.h"
#include "et_buf.h"
#include "et_rec.h"

#include <string.h>

static const char *const tcl_triggers[] = { "while executing", "invoked from within", NULL };

enum { TCL_QUOTE_MAX = 200 };           /* lines of one quoted command at the most */

typedef struct {
	int want_cmd;   /* the next line is the quoted command */
	int in_cmd;     /* inside a quoted command that runs over lines */
	size_t cmd_lines;
} tcl_state;

/* "    while executing" or "    invoked from within", as Tcl indents them */
static int is_step(const ec_line *l)
{
	const char *b;
	size_t bl;
	if (l->len < 5 || l->s[0] != ' ')
		return 0;
	ec_trim(l->s, l->len, &b, &bl);
	return (bl == 15 && !memcmp(b, "while executing", 15)) ||
	       (bl == 19 && !memcmp(b, "invoked from within", 19));
}

/* "    (procedure "f" line 1)", "    (file "x.tcl" line 2)", "    ("foreach" body line 3)" */
static int is_where(const ec_line *l, const char **b, size_t *bl)
{
	if (l->len < 6 || l->s[0] != ' ')
		return 0;
	ec_trim(l->s, l->len, b, bl);
	return *bl > 2 && (*b)[0] == '(' && (*b)[*bl - 1] == ')' && ec_memfind(*b, *bl, " line ");
}

static int ends_quote(const ec_line *l)
{
	return l->len && l->s[l->len - 1] == '"' && !(l->len >= 2 && l->s[l->len - 2] == '\\');
}

static enum ec_verdict tcl_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	tcl_state *ts = st;
	const ec_line *m = ec_back(ctx, 1);
	memset(ts, 0, sizeof *ts);
	if (!is_step(l) || !m || ec_blank(m) || m->s[0] == ' ' || m->s[0] == '\t')
		return EC_NO;
	ec_claim_back(ctx, 1);
	ts->want_cmd = 1;
	return EC_START;
}

static enum ec_verdict tcl_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	tcl_state *ts = st;
	const char *b;
	size_t bl;
	if (ts->in_cmd) {
		if (ends_quote(l) || ++ts->cmd_lines > TCL_QUOTE_MAX)
			ts->in_cmd = 0;
		return EC_MORE;
	}
	if (ts->want_cmd) {
		ts->want_cmd = 0;
		if (!l->len || l->s[0] != '"')
			return EC_NO;
		ts->in_cmd = l->len == 1 || !ends_quote(l);
		ts->cmd_lines = 0;
		return EC_MORE;
	}
	if (is_step(l)) {
		ts->want_cmd = 1;
		return EC_MORE;
	}
	return is_where(l, &b, &bl) ? EC_MORE : EC_NO;
}

/* The first "..." in s[0..n): its text, or NULL */
static const char *quoted(const char *s, size_t n, size_t *len)
{
	const char *q = memchr(s, '"', n), *e;
	if (!q || !(e = memchr(q + 1, '"', (size_t)(s + n - q - 1))))
		return NULL;
	*len = (size_t)(e - q - 1);
	return q + 1;
}

/* A "(...)" context line as a frame: a procedure's or method's name, a file, the line */
static cJSON *tcl_frame(const char *b, size_t bl, int *is_proc)
{
	const char *ln = ec_memfind(b, bl, " line "), *p = ln + 6, *kind = b + 1, *name, *m;
	long line = ec_num(&p, b + bl);
	size_t kl = (size_t)(ln - kind), nl = 0;
	cJSON *f;
	if (line < 0)
		line = 0;
	name = quoted(kind, kl, &nl);
	*is_proc = 0;
	if (ec_mem_starts(kind, kl, "file \"") && name)
		return ec_frame(name, nl, line, 0, NULL, 0, NULL, 0);
	if (ec_mem_starts(kind, kl, "procedure \"") && name) {
		*is_proc = 1;
		return ec_frame(NULL, 0, line, 0, name, nl, NULL, 0);
	}
	/* (class "::Account" method "withdraw" line 2), (object ... method ...): "::Account withdraw" */
	if ((m = ec_memfind(kind, kl, "method \"")) != NULL) {
		size_t ml;
		const char *mn = quoted(m, (size_t)(ln - m), &ml);
		et_buf fn = ET_BUF_INIT;
		if (name && name < m) {
			et_buf_add(&fn, name, nl);
			et_buf_addstr(&fn, " ");
		}
		if (mn)
			et_buf_add(&fn, mn, ml);
		*is_proc = fn.len > 0;
		f = ec_frame(NULL, 0, line, 0, fn.buf, fn.len, NULL, 0);
		et_buf_release(&fn);
		return f;
	}
	return ec_frame(NULL, 0, line, 0, NULL, 0, NULL, 0);
}

/* The message's phrase before its first value (a quoted word or ": ..."), or the
   whole message when it is a phrase of Tcl's own ("divide by zero") */
static void tcl_type(cJSON *rec, const char *m, size_t n)
{
	const char *q = ec_memfind(m, n, " \""), *c = ec_memfind(m, n, ": ");
	if (c && (!q || c < q))
		q = c;
	if (q && q > m) {
		ec_set_strn(rec, "type", m, (size_t)(q - m));
		return;
	}
	/* a script's message of its own has values */
	for (size_t i = 0; i < n; i++)
		if (!((m[i] >= 'a' && m[i] <= 'z') || m[i] == ' '))
			return;
	if (n <= 40)
		ec_set_strn(rec, "type", m, n);
}

static void tcl_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	tcl_state *ts = st;
	const char *b, *fn = NULL;
	size_t bl;
	int placed = 0;
	memset(ts, 0, sizeof *ts);
	if (n < 2)
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1), *frames = cJSON_CreateArray();
	ec_set_level(rec, "error");
	ec_set_strn(rec, "message", lines[0].s, lines[0].len);
	tcl_type(rec, lines[0].s, lines[0].len);
	for (size_t i = 1; i < n; i++) {
		int proc;
		if (!is_where(&lines[i], &b, &bl))
			continue;
		cJSON *f = tcl_frame(b, bl, &proc);
		const char *ff = et_json_str(f, "file");
		if (proc && !fn)
			fn = et_json_str(f, "function");
		if (ff && !placed++)
			ec_set_location(ctx, rec, ff, strlen(ff), (long)et_json_num(f, "line", 0), 0);
		cJSON_InsertItemInArray(frames, 0, f);
	}
	if (fn)
		et_json_set_str(rec, "function", fn);
	et_json_set(rec, "frames", frames);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_tcl = { .name = "tcl", .triggers = tcl_triggers,
	.state_size = sizeof(tcl_state), .start = tcl_start, .more = tcl_more, .finish = tcl_finish };
