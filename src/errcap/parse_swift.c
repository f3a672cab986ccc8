/*
 * parse_swift.c: Swift programs trapping at run time.
 *
 *   main.swift:3: Fatal error: Unexpectedly found nil while unwrapping an Optional value
 *   Swift/ContiguousArrayBuffer.swift:600: Fatal error: Index out of range
 *   Fatal error: Index out of range: file Swift/ContiguousArrayBuffer.swift, line 444  (Swift <= 5.3)
 *   x.swift:9: Precondition failed: MESSAGE / Assertion failed: MESSAGE
 * then, when printed, "Current stack trace:" and its numbered frames, Swift
 * 5.9's "💣 Program crashed: ..." backtrace, and the shell's report of the
 * job's death ("Trace/breakpoint trap (core dumped)"), which give `command`.
 * type: "Fatal error", "Precondition failed", "Assertion failed",
 * "Unexpectedly found nil" where the message says so; level "fatal". A
 * location in the standard library (Swift/...) is not the program's: file
 * is then null.
 */
#include "parser.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *const sw_triggers[] = {
	"Fatal error", "Precondition failed", "Assertion failed", NULL
};

static const char *const sw_kinds[] = { "Fatal error", "Precondition failed", "Assertion failed", NULL };

typedef struct {
	const char *kind, *msg, *file;
	size_t kl, ml, fl;
	long line;
} sw_head;

static int sw_parse(const ec_line *l, sw_head *h)
{
	const char *s = l->s, *e = s + l->len;
	memset(h, 0, sizeof *h);
	for (const char *const *k = sw_kinds; *k; k++) {
		size_t kn = strlen(*k);
		const char *p = ec_find(l, *k);
		if (!p || (p + kn < e && p[kn] != ':'))
			continue;
		h->kind = p;
		h->kl = kn;
		h->msg = p + kn < e ? p + kn + 1 : e;
		while (h->msg < e && *h->msg == ' ')
			h->msg++;
		h->ml = (size_t)(e - h->msg);
		if (p == s) {
			/* old: "MSG: file FILE, line N" */
			const char *f = ec_memfind(h->msg, h->ml, ": file ");
			const char *ln = f ? ec_memfind(f, (size_t)(e - f), ", line ") : NULL;
			if (ln) {
				const char *q = ln + 7;
				h->line = ec_num(&q, e);
				h->file = f + 7;
				h->fl = (size_t)(ln - f - 7);
				h->ml = (size_t)(f - h->msg);
				return 1;
			}
			return 0;
		}
		/* "FILE:N: Fatal error: ..." */
		if (p - s < 4 || p[-1] != ' ' || p[-2] != ':')
			return 0;
		long col;
		size_t fl = ec_split_location(s, (size_t)(p - 2 - s), &h->line, &col);
		if (h->line <= 0 || !ec_mem_ends(s, fl, ".swift"))
			return 0;
		h->file = s;
		h->fl = fl;
		return 1;
	}
	return 0;
}

typedef struct {
	int trace;
} sw_state;


static enum ec_verdict sw_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	sw_head h;
	((sw_state *)st)->trace = 0;
	return sw_parse(l, &h) ? EC_START : EC_NO;
}

static enum ec_verdict sw_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	sw_state *ss = st;
	const char *cmd;
	size_t cl;
	if (ec_shell_signal_line(l, &cmd, &cl))
		return EC_DONE;
	if (ec_starts(l, "Current stack trace:") || ec_starts(l, "\xf0\x9f\x92\xa3 Program crashed") ||
	    ec_starts(l, "Stack dump:")) {
		ss->trace = 1;
		return EC_MORE;
	}
	if (ss->trace && l->len && (ec_is_digit(l->s[0]) || l->s[0] == ' ' || l->s[0] == '\t' ||
				     ec_starts(l, "Thread ") || ec_starts(l, "Backtrace took") ||
				     ec_starts(l, "Platform:") || ec_starts(l, "Registers:")))
		return EC_MORE;
	if (ss->trace && ec_blank(l))
		return EC_MORE;
	return EC_NO;
}

static void sw_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	sw_head h;
	const char *cmd = NULL;
	size_t cl = 0;
	((sw_state *)st)->trace = 0;
	if (!n || !sw_parse(&lines[0], &h))
		return;
	while (n > 1 && ec_blank(&lines[n - 1]))
		n--;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "fatal");
	if (ec_mem_starts(h.msg, h.ml, "Unexpectedly found nil"))
		et_json_set_str(rec, "type", "Unexpectedly found nil");
	else
		ec_set_strn(rec, "type", h.kind, h.kl);
	ec_set_strn(rec, "message", h.ml ? h.msg : h.kind, h.ml ? h.ml : h.kl);
	if (h.file && !ec_mem_starts(h.file, h.fl, "Swift/"))
		ec_set_location(ctx, rec, h.file, h.fl, h.line, 0);
	if (n > 1 && ec_shell_signal_line(&lines[n - 1], &cmd, &cl)) {
		if (cl)
			ec_set_strn(rec, "command", cmd, cl);
		et_json_set_str(rec, "signal", ec_shell_signal_line(&lines[n - 1], &cmd, &cl));
	}
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_swift = { .name = "swift", .triggers = sw_triggers,
	.state_size = sizeof(sw_state), .start = sw_start, .more = sw_more, .finish = sw_finish };
