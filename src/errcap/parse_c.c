/*
 * parse_c.c: gcc/clang diagnostics (parser "gcc") and linker errors
 * (parser "ld").
 *
 * gcc/clang. A block is a run of compiler output: diagnostics
 * ("file:L:C: error: msg [-Wflag]"), notes, context lines ("In file
 * included from", "f.c: In function 'main':", "f.c:9:5:   required from
 * here"), source + caret + fix-it lines in gcc's gutter style ("  12 | x")
 * or clang's plain style, and the summaries "N errors generated." and
 * "compilation terminated.". The block begins at an error, warning or
 * fatal error line; the context lines printed just before it are claimed
 * back. finish cuts the block into one record per error/warning: context
 * lines before a diagnostic belong to it, notes and source lines after it
 * too (an include chain before a note belongs to the note's parent).
 * Summaries are in no record.
 *
 * format: the record's own lines vote (clang: "[-Werror,-Wx]", a
 * "clang:" prefix, "'x' file not found"; gcc: the "  N | " gutter, context
 * lines, "[-Werror=x]", U+2018 quotes, "cc1:"), then its block's ("N
 * errors generated." for clang, "compilation terminated." for gcc), then
 * the command line just before the block ("clang ...", "+ gcc ...");
 * "gcc" when nothing tells. type: the flag in the final brackets ("-Wx"
 * for "-Werror=x" and "-Werror,-Wx"; "-fpermissive"; clang-tidy's check
 * name), null without one; the brackets are removed from message.
 * function: from the last "In function ..." (or member function,
 * instantiation ...) line of the block for that file. A diagnostic right
 * under a note ending in ':' ("conversion of argument 1 would be
 * ill-formed:") is that note's reason, in the parent record. frames: the
 * instantiation chain (gcc's "required from" lines, clang's "in
 * instantiation of ... requested here" notes), or for a diagnostic in a
 * library's file the include chain through the program's own; the record
 * is placed at the innermost frame of the program's own code.
 *
 * ld. A block is a run of linker output: "/usr/bin/ld: x.o: in function
 * `f':" (the function of the lines of its code below it, ld_in_function),
 * "x.c:(.text+0x9): undefined reference to `foo'", "multiple
 * definition of", "cannot find -lfoo", lld's "ld.lld: error: ..." with its
 * ">>> " lines, ld warnings, and the summaries "collect2: error: ld
 * returned 1 exit status" / "clang: error: linker command failed ...",
 * which end the block and join the text of its last record. A summary
 * with no linker error before it is one record of its own, type null
 * (unless it follows a linker block with records by at most one line).
 * "collect2: fatal error: ld terminated with signal 9" is a fatal record. type: "undefined reference" (also lld's "undefined
 * symbol"), "multiple definition" (also "duplicate symbol"), "cannot find
 * library", else null. file/line: the source location when the linker
 * gives one (object files are not source: file stays null).
 */
#include "parser.h"
#include "et_buf.h"
#include "et_ctype.h"
#include "et_frame.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* small scanning helpers                                               */

/* Number of leading spaces. */
static size_t indent(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/*
 * A location "file:L:C", "file:L" or "file" in s[0..n): sets file length,
 * line and column (0 when absent). Returns 1 when s is one; file must be
 * non-empty and hold no space, unless it is a path (ec_spaced_path).
 */
static int parse_loc(const char *s, size_t n, size_t *flen, long *line, long *col)
{
	size_t e = ec_split_location(s, n, line, col);
	if (e == 0 || memchr(s, '\t', e) || (memchr(s, ' ', e) && !ec_spaced_path(s, e)))
		return 0;
	*flen = e;
	return 1;
}

/* Is this word (no location) the name of a compiler driver or pass? */
static int tool_name(const char *s, size_t n)
{
	const char *b = s;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			b = s + i + 1;
	n -= (size_t)(b - s);
	s = b;
	if (!n || n > 64 || memchr(s, ':', n))
		return 0;
	if (ec_mem_starts(s, n, "collect2"))
		return 0;
	return ec_memfind(s, n, "gcc") || ec_memfind(s, n, "g++") || ec_memfind(s, n, "clang") ||
	       ec_mem_starts(s, n, "cc1") || ec_mem_starts(s, n, "lto") ||
	       (n == 2 && !memcmp(s, "cc", 2)) || (n == 3 && !memcmp(s, "c++", 3)) ||
	       (n == 14 && !memcmp(s, "<command-line>", 14)) ||
	       (n == 10 && !memcmp(s, "<built-in>", 10));
}

/* ------------------------------------------------------------------ */
/* gcc/clang line classes                                               */

enum cls {
	C_OTHER = 0,
	C_DIAG,         /* error, warning, fatal error, ICE */
	C_NOTE,         /* note:, remark: */
	C_CTX,          /* In file included from, from, In function, required from */
	C_GUTTER,       /* gcc's "  12 | code", "     | ^~~" */
	C_CARET,        /* plain "   ^~~~" */
	C_SUMMARY,      /* N errors generated., compilation terminated. */
};

enum lvl { L_NONE, L_ERROR, L_WARNING, L_FATAL, L_NOTE };

typedef struct {
	enum lvl lvl;
	const char *loc;        /* the location before ": level: " */
	size_t loclen;
	size_t flen;            /* the file's length in loc (0: a tool name) */
	long line, col;
	const char *msg;        /* after "level: " */
	size_t msglen;
} diag;

static const struct {
	const char *word;
	enum lvl lvl;
} levels[] = {
	{ ": error: ", L_ERROR },
	{ ": warning: ", L_WARNING },
	{ ": fatal error: ", L_FATAL },
	{ ": internal compiler error: ", L_FATAL },
	{ ": sorry, unimplemented: ", L_ERROR },
	{ ": note: ", L_NOTE },
	{ ": remark: ", L_NOTE },
};

/* The linker's summaries: not diagnostics of the compiler. */
static int linker_summary(const char *s, size_t n)
{
	return ec_memfind(s, n, "ld returned ") || ec_memfind(s, n, "linker command failed");
}

/* Parses a diagnostic line; returns 1 when it is one. */
static int parse_diag(const char *s, size_t n, diag *d)
{
	const char *best = NULL;
	size_t bestw = 0;
	enum lvl bl = L_NONE;
	/* the first ": level: " in the line */
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		const char *p = ec_memfind(s, n, levels[i].word);
		if (p && (!best || p < best)) {
			best = p;
			bestw = strlen(levels[i].word);
			bl = levels[i].lvl;
		}
	}
	if (!best || best == s)
		return 0;
	d->lvl = bl;
	d->loc = s;
	d->loclen = (size_t)(best - s);
	d->msg = best + bestw;
	d->msglen = n - (size_t)(d->msg - s);
	if (!parse_loc(s, d->loclen, &d->flen, &d->line, &d->col))
		return 0;
	/* GHC's layout puts the flag first ("warning: [-Wunused-imports]") and
	   the message on indented lines below: the ghc format's, not ours */
	if (ec_mem_starts(d->msg, d->msglen, "[-W") || ec_mem_starts(d->msg, d->msglen, "[GHC-") ||
	    ec_mem_ends(s, d->flen, ".hs") || ec_mem_ends(s, d->flen, ".lhs"))
		return 0;
	if (d->line <= 0 && d->flen < d->loclen) {
		/* line 0: the file as a whole (cpplint's "x.cc:0: warning: No copyright
		   message found"); the record's line is null */
		if (d->flen > 2 && !memcmp(s + d->flen - 2, ".o", 2))
			return 0;
	} else if (d->line <= 0) {
		/* no line number: only a compiler's own name ("cc1: error:") */
		if (!tool_name(s, d->loclen) || linker_summary(s, n))
			return 0;
		d->flen = 0;
	} else if (s[0] == '(' || (d->flen > 2 && !memcmp(s + d->flen - 2, ".o", 2))) {
		return 0;
	}
	return 1;
}

/*
 * Inside a block also clang's diagnostics without a location ("fatal
 * error: too many errors emitted, stopping now [-ferror-limit=]"). Not
 * at the start of a block: "error: " at the start of a line is too
 * common in other tools' output.
 */
static int parse_diag_in_block(const char *s, size_t n, diag *d)
{
	static const struct {
		const char *word;
		enum lvl lvl;
	} bare[] = {
		{ "fatal error: ", L_FATAL }, { "error: ", L_ERROR }, { "warning: ", L_WARNING },
	};
	if (parse_diag(s, n, d))
		return 1;
	for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++)
		if (ec_mem_starts(s, n, bare[i].word)) {
			d->lvl = bare[i].lvl;
			d->loc = s;
			d->loclen = d->flen = 0;
			d->line = d->col = 0;
			d->msg = s + strlen(bare[i].word);
			d->msglen = n - strlen(bare[i].word);
			return 1;
		}
	return 0;
}

/*
 * The name between the first opening quote (U+2018 or ') in [b, e) and
 * the last closing one (U+2019 or '); *fn stays NULL when there is none.
 */
static void quoted_name(const char *b, const char *e, const char **fn, size_t *fnlen)
{
	const char *q = memchr(b, '\'', (size_t)(e - b));
	const char *u = ec_memfind(b, (size_t)(e - b), "\xe2\x80\x98");   /* U+2018 */
	if (u && (!q || u < q)) {
		const char *r = e;
		/* r: the end of the closing U+2019, at least 3 bytes after the opening one */
		while (r >= u + 6 && memcmp(r - 3, "\xe2\x80\x99", 3))
			r--;
		if (r >= u + 6) {
			*fn = u + 3;
			*fnlen = (size_t)(r - 3 - (u + 3));
		}
	} else if (q) {
		const char *r = e;
		while (r > q + 1 && r[-1] != '\'')
			r--;
		if (r > q + 1) {
			*fn = q + 1;
			*fnlen = (size_t)(r - 1 - (q + 1));
		}
	}
}

/*
 * "file:L:C:   required from here" and friends: location, ':' and >= 2
 * spaces. Returns 2 for a line with a location of the chain (file
 * length, line, column, and the quoted name of "required from 'F'",
 * "recursively required from 'F'" and "instantiated from 'F'": the
 * function holding that location), 1 for "[ skipping N instantiation
 * contexts ... ]", 0 for no such line.
 */
static int gcc_chain_line(const char *s, size_t n, size_t *flen, long *line, long *col,
			  const char **fn, size_t *fnlen)
{
	const char *p = ec_memfind(s, n, ":  ");
	*fn = NULL;
	*fnlen = 0;
	if (!p || p == s)
		return 0;
	if (!parse_loc(s, (size_t)(p - s), flen, line, col) || *line <= 0)
		return 0;
	p += 3;
	while (p < s + n && *p == ' ')
		p++;
	n -= (size_t)(p - s);
	if (ec_mem_starts(p, n, "[ skipping"))
		return 1;
	if (ec_mem_starts(p, n, "required from ") || ec_mem_starts(p, n, "recursively required from ") ||
	    ec_mem_starts(p, n, "instantiated from ")) {
		if (!ec_mem_starts(p, n, "required from here"))
			quoted_name(p, p + n, fn, fnlen);
		return 2;
	}
	return ec_mem_starts(p, n, "required ") || ec_mem_starts(p, n, "recursively required") ||
	       ec_mem_starts(p, n, "in ") ? 2 : 0;
}

static int gcc_required_from(const char *s, size_t n)
{
	size_t flen, fnlen;
	long line, col;
	const char *fn;
	return gcc_chain_line(s, n, &flen, &line, &col, &fn, &fnlen) != 0;
}

/* "f.c: In function 'main':", "f.c: At top level:"; sets the quoted name. */
static int gcc_in_function(const char *s, size_t n, const char **fn, size_t *fnlen,
			   size_t *flen)
{
	const char *p = ec_memfind(s, n, ": In ");
	if (!p)
		p = ec_memfind(s, n, ": At ");
	if (!p || p == s || s[n - 1] != ':' ||
	    (memchr(s, ' ', (size_t)(p - s)) && !ec_spaced_path(s, (size_t)(p - s))))
		return 0;
	*flen = (size_t)(p - s);
	*fn = NULL;
	*fnlen = 0;
	if (p[2] == 'A')
		return ec_mem_ends(s, n, "top level:") || ec_mem_ends(s, n, "global scope:") ? 1 : 0;
	quoted_name(p + 5, s + n - 1, fn, fnlen);
	return 1;
}

/* "N errors generated.", "compilation terminated.", "cc1: all warnings being treated as errors" */
static int gcc_summary(const char *s, size_t n)
{
	const char *c;
	if (ec_mem_ends(s, n, " generated.") && n > 11 && ec_is_digit(s[0]) &&
	    (ec_memfind(s, n, " error") || ec_memfind(s, n, " warning")))
		return 1;
	/* "compilation terminated." and "... due to -fmax-errors=1." */
	if (ec_mem_starts(s, n, "compilation terminated") && s[n - 1] == '.')
		return 1;
	if (!ec_mem_ends(s, n, " warnings being treated as errors"))
		return 0;
	c = memchr(s, ':', n);
	return c && tool_name(s, (size_t)(c - s));
}

/* gcc >= 9 source lines: "   12 | code", "      | ^~~", "  +++ |+#include" */
static int gcc_gutter(const char *s, size_t n)
{
	size_t i = indent(s, n), j;
	j = i;
	while (j < n && (ec_is_digit(s[j]) || s[j] == '+' || s[j] == '.'))
		j++;
	if (j == i && i == 0)
		return 0;
	if (j < n && s[j] == ' ')
		j++;
	return j < n && s[j] == '|';
}

/*
 * -fanalyzer's path rails, drawn in ASCII or (gcc >= 14, UTF-8 locale) in
 * box-drawing characters: "    |", "    │   12 | x", "    +--> 'f': events 3-7",
 * "    └──> 'f'", "    <------+", "    <──────┘". Returns 1 for an indented line
 * starting with a rail '|' or "│", a call arrow "+-->" or "└──>", or a return
 * arrow "<--" / "<──".
 */
static int analyzer_rail(const char *s, size_t n)
{
	size_t i = indent(s, n);
	const char *t = s + i;
	size_t m = n - i;
	if (i < 2 || !m)
		return 0;
	if (t[0] == '|' || ec_mem_starts(t, m, "\xe2\x94\x82") || ec_mem_starts(t, m, "+--") ||
	    ec_mem_starts(t, m, "\xe2\x94\x94\xe2\x94\x80") || ec_mem_starts(t, m, "<--") ||
	    ec_mem_starts(t, m, "<\xe2\x94\x80"))
		return 1;
	return 0;
}

/* A plain caret line: spaces, '^' and '~' only, at least one '^' or '~'. */
static int plain_caret(const char *s, size_t n)
{
	int mark = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '^' || s[i] == '~')
			mark = 1;
		else if (s[i] != ' ' && s[i] != '\t')
			return 0;
	}
	return mark;
}

static int include_line(const char *s, size_t n)
{
	if (ec_mem_starts(s, n, "In file included from "))
		return 1;
	/* gcc's continuation: "                 from b.c:1:" */
	size_t i = indent(s, n);
	return i >= 8 && ec_mem_starts(s + i, n - i, "from ") && (s[n - 1] == ':' || s[n - 1] == ',');
}

static enum cls classify(const char *s, size_t n, diag *d)
{
	const char *fn;
	size_t fnlen, flen;
	if (!n)
		return C_OTHER;
	if (s[0] == ' ') {
		if (include_line(s, n))
			return C_CTX;
		if (gcc_gutter(s, n))
			return C_GUTTER;
		/* -fanalyzer's path: "  'f': events 1-5", "  'f': event 1", its rails */
		if ((indent(s, n) >= 2 && ec_memfind(s, n, ": event")) || analyzer_rail(s, n))
			return C_GUTTER;
		if (plain_caret(s, n))
			return C_CARET;
		return C_OTHER;
	}
	if (s[0] == 'I' && include_line(s, n))
		return C_CTX;
	if (parse_diag_in_block(s, n, d))
		/* gcc 4 printed its notes as "warning:   in call to ..." */
		return d->lvl == L_NOTE || ec_mem_starts(d->msg, d->msglen, "  ") ? C_NOTE : C_DIAG;
	if (gcc_in_function(s, n, &fn, &fnlen, &flen) || gcc_required_from(s, n))
		return C_CTX;
	if (gcc_summary(s, n))
		return C_SUMMARY;
	if (plain_caret(s, n))
		return C_CARET;
	return C_OTHER;
}

/* ------------------------------------------------------------------ */
/* gcc parser                                                           */

enum expect { X_NONE, X_SOURCE, X_CARET, X_FIXIT };

typedef struct {
	size_t nlines;
	enum expect ex;         /* clang's plain source/caret/fix-it after a diagnostic */
	int gutter;             /* the block uses gcc's gutter style */
	long col;               /* column of the last diagnostic */
	int hint;               /* +1 clang, -1 gcc: the command line just before */
	int wrap;               /* unindented lines taken since the diagnostic, no caret yet */
} gcc_state;

/* A compiler's command line ("clang -c x.c", "+ gcc ...", "$ g++ ..."): +1 clang, -1 gcc, 0. */
static int command_hint(const char *s, size_t n)
{
	const char *e, *b;
	if (ec_mem_starts(s, n, "+ ") || ec_mem_starts(s, n, "$ ")) {
		s += 2;
		n -= 2;
	}
	e = memchr(s, ' ', n);
	if (!e)
		return 0;
	b = s;
	for (const char *p = s; p < e; p++)
		if (*p == '/')
			b = p + 1;
	n = (size_t)(e - b);
	if (ec_mem_starts(b, n, "clang"))
		return 1;
	if (ec_memfind(b, n, "gcc") || ec_memfind(b, n, "g++"))
		return -1;
	return 0;
}


static const char *const gcc_triggers[] = { "error: ", "warning: ", NULL };

/*
 * Does s start with a location that has a line ("f.c:4:", "f.c:4:15:")
 * and then a space: a message about a place, as tools print them, never
 * a line of C source?
 */
static int located_message(const char *s, size_t n)
{
	const char *c = ec_memfind(s, n, ": ");
	size_t flen;
	long line, col;
	return c && parse_loc(s, (size_t)(c - s), &flen, &line, &col) && line > 0 &&
	       flen < (size_t)(c - s);
}

/*
 * Could this line be the source line clang shows after a diagnostic at
 * column col? It is as long as the column (tabs count 8), and it is not
 * a line of some tool's own output (a command line, make/ninja/cmake
 * progress, test results, a time stamp). finish keeps it in the record
 * only when a caret line follows it.
 */
static int maybe_source(const char *s, size_t n, long col)
{
	static const char *const tool[] = {
		"make", "ninja", "FAILED", "collect2", "/usr/bin/", "[", "gcc ", "g++ ", "cc ",
		"c++ ", "clang ", "clang++ ", "ld ", "ar ", "as ", "cmake", "CMake", "-- ", "PASS",
		"FAIL", "ok ", "not ok", "ERROR", "WARN", "INFO", "DEBUG", "Downloading",
		"Compil", "Building", "Linking", "Scanning", "Running", "Finished", "CC ", "CXX ",
		"LD ", "AR ", "CCLD", "CXXLD", "GEN ", "INSTALL", "Entering", "Leaving", "$ ",
		"+ ", "==", "**", "Traceback", "panic:", "error:", "warning:", "note:",
		"Exception", "npm ", "> ",
	};
	size_t w = 0, i, t;
	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		w = s[i] == '\t' ? (w / 8 + 1) * 8 : w + 1;
	if (col > 1 && w + 1 < (size_t)col)
		return 0;
	for (t = 0; t < n && (s[t] == ' ' || s[t] == '\t'); t++)
		;
	if (t + 4 <= n && ec_is_digit(s[t]) && ec_is_digit(s[t + 1]) && ec_is_digit(s[t + 2]) &&
	    ec_is_digit(s[t + 3]) && t + 4 < n && s[t + 4] == '-')
		return 0;               /* 2026-11-21 ... */
	for (i = 0; i < sizeof tool / sizeof tool[0]; i++)
		if (ec_mem_starts(s + t, n - t, tool[i]))
			return 0;
	if (t == 0 && located_message(s, n))
		return 0;               /* another tool's "x.c:4:15: style: ..." */
	return !ec_memfind(s, n, "Error ") && !ec_memfind(s, n, "ld: ") && !ec_memfind(s, n, ": error: ") &&
	       !ec_memfind(s, n, ": warning: ");
}

static void gcc_after_diag(gcc_state *g, const diag *d)
{
	g->ex = d->line > 0 && !g->gutter ? X_SOURCE : X_NONE;
	g->col = d->col;
	g->wrap = 0;
}

/* Most lines mypy --pretty's wrapped message may take after its diagnostic line. */
#define WRAP_MAX 3

/*
 * Could this line continue a message mypy --pretty wrapped? It is not
 * indented, not a message about a place of its own (located_message), and
 * it ends in the message's "[code]" (alone, or after a blank: letters,
 * digits and '-'), or it is not a tool's line (maybe_source).
 */
static int wrap_line(const char *s, size_t n)
{
	size_t i;
	if (!n || s[0] == ' ' || s[0] == '\t' || located_message(s, n))
		return 0;
	if (n > 2 && s[n - 1] == ']') {
		for (i = n - 1; i > 0 && (et_isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-'); i--)
			;
		if (i > 0 && i < n - 1 && s[i - 1] == '[' && (i == 1 || s[i - 2] == ' '))
			return 1;
	}
	return maybe_source(s, n, 0);
}

static enum ec_verdict gcc_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	gcc_state *g = st;
	diag d;
	size_t k = 0;
	const ec_line *b;
	if (!parse_diag(l->s, l->len, &d) || d.lvl == L_NOTE)
		return EC_NO;
	/* the context printed before it: include chain, In function, required from */
	while ((b = ec_back(ctx, k + 1)) != NULL) {
		const char *fn;
		size_t fnlen, flen;
		if (include_line(b->s, b->len) || gcc_required_from(b->s, b->len) ||
		    gcc_in_function(b->s, b->len, &fn, &fnlen, &flen))
			k++;
		else
			break;
	}
	g->hint = 0;
	for (size_t j = k + 1; j <= k + 4 && (b = ec_back(ctx, j)) != NULL && !g->hint; j++)
		g->hint = command_hint(b->s, b->len) ? command_hint(b->s, b->len) :
			  /* clang-tidy prints "N warnings generated." first */
			  ec_mem_ends(b->s, b->len, " generated.") && gcc_summary(b->s, b->len) ? 1 : 0;
	if (k)
		ec_claim_back(ctx, k);
	g->nlines = k + 1;
	g->gutter = 0;
	gcc_after_diag(g, &d);
	return EC_START;
}

static enum ec_verdict gcc_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	gcc_state *g = st;
	diag d;
	enum expect ex = g->ex;
	enum cls c = classify(l->s, l->len, &d);
	g->ex = X_NONE;
	switch (c) {
	case C_DIAG:
		/* a very long block is cut at a diagnostic, so no line is lost;
		   and where the lines taken as a wrapped message turned out not to
		   be one (no source and caret under them), so that they stay
		   ordinary lines after the diagnostic before them (-A) */
		if (g->nlines > 1500 || (g->wrap && ex == X_CARET))
			return EC_NO;
		gcc_after_diag(g, &d);
		break;
	case C_NOTE:
		gcc_after_diag(g, &d);
		break;
	case C_CTX:
		break;
	case C_GUTTER:
		g->gutter = 1;
		break;
	case C_SUMMARY:
		return EC_DONE;
	case C_CARET:
		if (ex == X_CARET || ex == X_SOURCE) {
			g->ex = X_FIXIT;
		}
		break;
	case C_OTHER:
		if (ex == X_SOURCE && maybe_source(l->s, l->len, g->col)) {
			g->ex = X_CARET;
			g->wrap = l->s[0] != ' ' && l->s[0] != '\t';
			break;
		}
		/* a wrapped message's last line, shorter than the column: it ends
		   in mypy's "[code]" */
		if (ex == X_SOURCE && wrap_line(l->s, l->len) && l->s[l->len - 1] == ']') {
			g->ex = X_CARET;
			g->wrap = 1;
			break;
		}
		/* mypy --pretty wraps a long message at the terminal's width: its
		   unindented continuation lines come before the source line it
		   indents and the caret (gcc_wrapped) */
		if (ex == X_CARET && g->wrap &&
		    (wrap_line(l->s, l->len) || (l->s[0] == ' ' && maybe_source(l->s, l->len, 0)))) {
			if (l->s[0] == ' ') {
				g->wrap = 0;
			} else if (g->wrap < WRAP_MAX) {
				g->wrap++;
			} else {
				return EC_NO;
			}
			g->ex = X_CARET;
			break;
		}
		/* clang's fix-it line under the caret: "              == " */
		if (ex == X_FIXIT && l->len && l->s[0] == ' ' && indent(l->s, l->len) < l->len)
			break;
		return EC_NO;
	}
	g->nlines++;
	return EC_MORE;
}

/*
 * The flag in the final " [...]" of a message, written to buf as the type
 * ("-Werror=x" and "-Werror,-Wx" give "-Wx"); returns the message's length
 * without it. *clang_mark is set for clang's "[-Werror,-Wx]".
 */
static size_t split_flag(const char *m, size_t n, char *buf, size_t bufsz, size_t *tylen,
			 int *clang_mark)
{
	const char *o = NULL, *f, *e;
	*tylen = 0;
	if (n < 4 || m[n - 1] != ']')
		return n;
	/* a confidence after the code, cpplint's "  [build/namespaces] [5]": left out */
	{
		size_t j = n - 1;
		while (j > 0 && ec_is_digit(m[j - 1]))
			j--;
		if (j < n - 1 && n - 1 - j <= 2 && j >= 4 && m[j - 1] == '[' && m[j - 2] == ' ' &&
		    m[j - 3] == ']')
			n = j - 2;
	}
	for (size_t i = n - 1; i > 0; i--)
		if (m[i - 1] == '[') {
			o = m + i - 1;
			break;
		}
	if (!o || o == m || o[-1] != ' ')
		return n;
	if (o[1] != '-') {
		/*
		 * A checker's own code: clang-tidy's check names
		 * ("[bugprone-use-after-move]"), mypy's ("[attr-defined]",
		 * "[import]"), shellcheck's ("[SC2045]"), cppcheck's ids
		 * ("[nullPointer]"), cpplint's categories ("[build/namespaces]"):
		 * one word of letters, digits and - _ . , /
		 */
		const char *c = o + 1;
		size_t k = (size_t)(m + n - 1 - c), end;
		if (!k || k > 80 || !et_isalpha((unsigned char)*c))
			return n;
		for (size_t i = 0; i < k; i++)
			if (!et_isalnum((unsigned char)c[i]) && c[i] != '-' && c[i] != '_' &&
			    c[i] != '.' && c[i] != ',' && c[i] != '/')
				return n;
		f = memchr(c, ',', k);
		k = f ? (size_t)(f - c) : k;
		if (k > bufsz - 1)
			k = bufsz - 1;
		memcpy(buf, c, k);
		*tylen = k;
		/* mypy puts two spaces before its code */
		end = (size_t)(o - 1 - m);
		while (end && m[end - 1] == ' ')
			end--;
		return end;
	}
	f = o + 1;
	e = m + n - 1;
	if (e - f > 8 && !memcmp(f, "-Werror,", 8)) {
		f += 8;
		*clang_mark = 1;
	}
	{
		const char *c = memchr(f, ',', (size_t)(e - f));
		if (c)
			e = c;
	}
	if (e - f > 8 && !memcmp(f, "-Werror=", 8)) {
		size_t k = (size_t)(e - f) - 8;
		if (k > bufsz - 3)
			k = bufsz - 3;
		memcpy(buf, "-W", 2);
		memcpy(buf + 2, f + 8, k);
		*tylen = k + 2;
	} else {
		size_t k = (size_t)(e - f);
		if (k > bufsz - 1)
			k = bufsz - 1;
		memcpy(buf, f, k);
		*tylen = k;
	}
	return (size_t)(o - 1 - m);
}

/* Evidence of clang (+1) or gcc (-1) in one line. */
static int line_vote(const char *s, size_t n, enum cls c)
{
	if (c == C_SUMMARY)
		return ec_memfind(s, n, " generated.") ? 1 : -1;
	if (c == C_GUTTER)
		return -1;
	if (c == C_CTX)
		return s[0] == 'I' && !ec_memfind(s, n, ",") ? 0 : -1;
	if (ec_memfind(s, n, "\xe2\x80\x98") || ec_memfind(s, n, "[-Werror="))
		return -1;
	if (ec_memfind(s, n, "[-Werror,"))
		return 1;
	if (ec_mem_starts(s, n, "clang"))
		return ec_memfind(s, n, ": error: ") || ec_memfind(s, n, ": warning: ") ? 1 : 0;
	if (ec_mem_starts(s, n, "cc1") || ec_mem_starts(s, n, "gcc:") || ec_mem_starts(s, n, "g++:"))
		return -1;
	if (c == C_DIAG && ec_memfind(s, n, "' file not found"))
		return 1;
	return 0;
}

typedef struct {
	size_t first, diag, last;
	int vote;
	const char *fn;
	size_t fnlen;
} grec;

/* The messages of the note lines after the record's diagnostic (gcc's, clang's, mypy's
   "file:L: note: msg") as the record's "notes", in order (a note with a checker code of
   its own is not one), with the diagnostics nested under them (gcc's reason why a
   candidate is not viable) as printed; none: no field. */
static void gcc_notes(cJSON *rec, const ec_line *lines, const grec *r)
{
	cJSON *notes = NULL;
	for (size_t i = r->diag + 1; i <= r->last; i++) {
		diag d;
		char ty[256];
		size_t tylen;
		int mark;
		enum cls c = classify(lines[i].s, lines[i].len, &d);
		/* a diagnostic inside a record is one nested under a note (gcc_finish) */
		if (c != C_DIAG && (c != C_NOTE || d.lvl != L_NOTE))
			continue;
		split_flag(d.msg, d.msglen, ty, sizeof ty, &tylen, &mark);
		if (c == C_NOTE && tylen)      /* a checker's note-level finding of its own ([SC2086]) */
			continue;
		size_t a = 0, b = d.msglen;     /* mypy indents a note's parts: kept */
		while (b > a && (d.msg[b - 1] == ' ' || d.msg[b - 1] == '\t'))
			b--;
		if (a == b)
			continue;
		if (!notes && !(notes = cJSON_CreateArray()))
			abort();
		cJSON *one = cJSON_CreateObject();
		if (!one)
			abort();
		ec_set_strn(one, "n", d.msg + a, b - a);
		cJSON *v = cJSON_DetachItemFromObject(one, "n");
		cJSON_Delete(one);
		if (!v || !cJSON_IsString(v)) {
			cJSON_Delete(v);
			continue;
		}
		cJSON_AddItemToArray(notes, v);
	}
	if (notes)
		et_json_set(rec, "notes", notes);
}

/*
 * The source line shown under the diagnostic or note lines[i] (at line
 * `line` of its file), trimmed: gcc's gutter line "  N | code" of that
 * line number, or clang's plain source line when a caret line follows it.
 * Sets *code NULL when none is shown within lines[..last].
 */
static void shown_code(const ec_line *lines, size_t i, size_t last, long line, const char **code,
		       size_t *codelen)
{
	const char *s, *e;
	size_t n, k;
	diag d;
	*code = NULL;
	*codelen = 0;
	if (i + 1 > last || line <= 0)
		return;
	s = lines[i + 1].s;
	n = lines[i + 1].len;
	if (gcc_gutter(s, n)) {
		long v = 0;
		for (k = indent(s, n); k < n && ec_is_digit(s[k]) && v < 100000000; k++)
			v = v * 10 + (s[k] - '0');
		if (v != line || k >= n || s[k] != ' ')
			return;
		e = memchr(s, '|', n);
		s = e + 1;
		n -= (size_t)(s - lines[i + 1].s);
	} else if (i + 2 > last || classify(s, n, &d) != C_OTHER ||
		   classify(lines[i + 2].s, lines[i + 2].len, &d) != C_CARET) {
		return;
	}
	while (n && (s[0] == ' ' || s[0] == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n) {
		*code = s;
		*codelen = n;
	}
}

/* The location of an include line: "In file included from a.h:3,", "    from b.c:1:". */
static int include_loc(const char *s, size_t n, const char **f, size_t *flen, long *line,
		       long *col)
{
	size_t i = ec_mem_starts(s, n, "In file included from ") ? 22 : indent(s, n) + 5;
	if (i >= n)
		return 0;
	s += i;
	n -= i;
	if (n && (s[n - 1] == ':' || s[n - 1] == ','))
		n--;
	*f = s;
	return parse_loc(s, n, flen, line, col) && *line > 0;
}

/*
 * The record's location chain as frames, outermost first, its diagnostic's
 * own location last; NULL when it has none. The chain is the template
 * instantiation that led to the diagnostic: gcc's "required from" lines
 * before it (printed innermost first, "required from here" last), clang's
 * "note: in instantiation of ... requested here" after it (innermost
 * first). Without one, the include chain before it, when the diagnostic
 * is in a library's file (et_frame_in_app) and the chain passes through
 * the program's own: gcc's "In file included from" + "from" lines
 * (innermost first), clang's "In file included from" lines (outermost
 * first).
 */
static cJSON *gcc_frames(const ec_line *lines, const grec *r, const diag *d)
{
	cJSON *frames = cJSON_CreateArray(), *own;
	const char *f, *fn, *code;
	size_t flen, fnlen, codelen;
	long line, col;
	int app = 0;
	if (!frames)
		abort();
	for (size_t i = r->diag; i-- > r->first;)
		if (gcc_chain_line(lines[i].s, lines[i].len, &flen, &line, &col, &fn, &fnlen) == 2)
			cJSON_AddItemToArray(frames, ec_frame(lines[i].s, flen, line, col, fn, fnlen,
							      NULL, 0));
	for (size_t i = r->last + 1; i-- > r->diag + 1;) {
		diag nd;
		if (classify(lines[i].s, lines[i].len, &nd) != C_NOTE || nd.lvl != L_NOTE ||
		    !nd.flen || nd.line <= 0 || !ec_mem_starts(nd.msg, nd.msglen, "in instantiation of ") ||
		    !ec_mem_ends(nd.msg, nd.msglen, " requested here"))
			continue;
		shown_code(lines, i, r->last, nd.line, &code, &codelen);
		cJSON_AddItemToArray(frames, ec_frame(nd.loc, nd.flen, nd.line, nd.col, NULL, 0,
						      code, codelen));
	}
	shown_code(lines, r->diag, r->last, d->line, &code, &codelen);
	own = ec_frame(d->loc, d->flen, d->line, d->col, r->fn, r->fnlen, code, codelen);
	if (cJSON_GetArraySize(frames) == 0 &&
	    !et_frame_in_app(et_json_str(own, "file"), et_json_str(own, "function"))) {
		/* the include chain: each "In file included from" begins a run printed innermost first */
		size_t run = 0;
		for (size_t i = r->first; i < r->diag; i++) {
			if (!include_line(lines[i].s, lines[i].len) ||
			    !include_loc(lines[i].s, lines[i].len, &f, &flen, &line, &col))
				continue;
			if (lines[i].s[0] == 'I')
				run = (size_t)cJSON_GetArraySize(frames);
			cJSON *one = ec_frame(f, flen, line, col, NULL, 0, NULL, 0);
			app |= et_frame_in_app(et_json_str(one, "file"), NULL);
			if (run == (size_t)cJSON_GetArraySize(frames))
				cJSON_AddItemToArray(frames, one);
			else
				cJSON_InsertItemInArray(frames, (int)run, one);
		}
		if (!app) {
			cJSON_Delete(frames);
			cJSON_Delete(own);
			return NULL;
		}
	}
	if (cJSON_GetArraySize(frames) == 0) {
		cJSON_Delete(frames);
		cJSON_Delete(own);
		return NULL;
	}
	cJSON_AddItemToArray(frames, own);
	return frames;
}

/*
 * The column the caret shows for a diagnostic printed without one (scalac 2's
 * "A.scala:4: error: msg", mypy --pretty's "t.py:3: error: msg  [code]"): the
 * source line lines[first] (right under the diagnostic, or under the lines
 * of its wrapped message) and the caret line under it (ec_caret_column); the
 * source text starts at the line's first byte, or after the 4 blanks mypy
 * puts before it (its message ends in its "  [code]", or was wrapped); 0 when
 * those two lines are not a source line and a caret line.
 */
static long caret_col(const ec_line *lines, const grec *r, size_t first, const char *msg,
		      size_t msglen, int wrapped)
{
	const ec_line *src, *car;
	diag d;
	const char *at, *o;
	size_t off = 0;
	if (first + 1 > r->last)
		return 0;
	src = &lines[first];
	car = &lines[first + 1];
	if (classify(src->s, src->len, &d) != C_OTHER || classify(car->s, car->len, &d) != C_CARET)
		return 0;
	at = memchr(car->s, '^', car->len);
	if (!at)
		at = memchr(car->s, '~', car->len);
	if (!at)
		return 0;
	o = NULL;
	if (msglen && msg[msglen - 1] == ']')
		for (size_t i = msglen - 1; i > 0 && !o; i--)
			if (msg[i - 1] == '[')
				o = msg + i - 1;
	if (wrapped || (o && o - msg >= 2 && o[-1] == ' ' && o[-2] == ' ')) {
		if (src->len < 4 || memcmp(src->s, "    ", 4))
			return 0;
		off = 4;
	}
	return ec_caret_column(src->s, src->len, off, car->s, (size_t)(at - car->s));
}

/*
 * mypy --pretty's message wrapped at the terminal's width: the record's
 * unindented lines right after its diagnostic line (at most WRAP_MAX),
 * followed by the source line it indents and a caret line. Returns how many
 * there are (0: the message is not wrapped); the message is the diagnostic's
 * and theirs joined by single spaces, in buf.
 */
static size_t gcc_wrapped(const ec_line *lines, const grec *r, const diag *d, et_buf *buf)
{
	size_t j = r->diag + 1, k;
	diag d2;
	while (j <= r->last && j - r->diag <= WRAP_MAX && lines[j].len && lines[j].s[0] != ' ' &&
	       lines[j].s[0] != '\t' && classify(lines[j].s, lines[j].len, &d2) == C_OTHER)
		j++;
	k = j - r->diag - 1;
	if (!k || j + 1 > r->last || !lines[j].len || lines[j].s[0] != ' ' ||
	    classify(lines[j].s, lines[j].len, &d2) != C_OTHER ||
	    classify(lines[j + 1].s, lines[j + 1].len, &d2) != C_CARET)
		return 0;
	et_buf_add(buf, d->msg, d->msglen);
	for (size_t i = r->diag + 1; i < j; i++) {
		const char *b;
		size_t n;
		while (buf->len && buf->buf[buf->len - 1] == ' ')
			et_buf_setlen(buf, buf->len - 1);
		ec_trim(lines[i].s, lines[i].len, &b, &n);
		et_buf_addch(buf, ' ');
		et_buf_add(buf, b, n);
	}
	return k;
}

static void gcc_emit(ec_ctx *ctx, const ec_line *lines, const grec *r, int block_vote, int hint)
{
	diag d;
	const ec_line *l = &lines[r->diag];
	char ty[256];
	size_t tylen, wrapped;
	int clang_mark = 0;
	cJSON *rec;
	et_buf joined = ET_BUF_INIT;
	if (!parse_diag_in_block(l->s, l->len, &d))
		return;
	wrapped = gcc_wrapped(lines, r, &d, &joined);
	if (wrapped) {
		d.msg = joined.buf;
		d.msglen = joined.len;
	}
	size_t mlen = split_flag(d.msg, d.msglen, ty, sizeof ty, &tylen, &clang_mark);
	int vote = r->vote + clang_mark;
	if (!vote)
		vote = block_vote;
	if (!vote)
		vote = hint;
	rec = ec_rec_new(ctx, lines, r->first, r->last);
	ec_set_level(rec, d.lvl == L_FATAL ? "fatal" : d.lvl == L_WARNING ? "warning" : "error");
	if (tylen)
		ec_set_strn(rec, "type", ty, tylen);
	ec_set_strn(rec, "message", d.msg, mlen);
	if (d.flen)
		ec_set_location(ctx, rec, d.loc, d.flen, d.line,
				d.col ? d.col : caret_col(lines, r, r->diag + 1 + wrapped, d.msg, d.msglen,
								  wrapped > 0));
	if (r->fn && r->fnlen)
		ec_set_strn(rec, "function", r->fn, r->fnlen);
	if (d.flen) {
		/* with a location chain, the innermost location of the program's own
		   code is the record's, and the function printed for it (none for
		   "required from here") */
		cJSON *frames = gcc_frames(lines, r, &d);
		if (frames) {
			ec_set_strn(rec, "function", NULL, 0);
			ec_set_frames(ctx, rec, frames);
		}
	}
	gcc_notes(rec, lines, r);
	et_json_set_str(rec, "format", vote > 0 ? "clang" : "gcc");
	ec_emit(ctx, rec);
	et_buf_release(&joined);
}

/* Does a note's message end in ':', announcing the diagnostic gcc prints under it? */
static int note_announces(const char *m, size_t n)
{
	while (n && (m[n - 1] == ' ' || m[n - 1] == '\t'))
		n--;
	return n && m[n - 1] == ':';
}

static void gcc_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	gcc_state *g = st;
	grec *recs = NULL;
	size_t nrec = 0, cap = 0;
	size_t pending = (size_t)-1;     /* first context line not yet owned */
	/* the function of each file's last "In function" line (make -j interleaves files) */
	struct {
		const char *file, *fn;
		size_t flen, fnlen;
	} fns[8];
	size_t nfns = 0, nextfn = 0;
	int block_vote = 0;
	int colon_note = 0;     /* the last note (source lines after it aside) ends in ':' */
	g->ex = X_NONE;
	g->nlines = 0;
	g->gutter = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = lines[i].s;
		size_t len = lines[i].len;
		diag d;
		enum cls c = classify(s, len, &d);
		int v = line_vote(s, len, c);
		block_vote += v;
		if (c == C_DIAG && colon_note && nrec) {
			/* gcc's reason for a note such as "  conversion of argument 1
			   would be ill-formed:", printed as a diagnostic of its own
			   right under it: the parent record's, as a note is */
			c = C_NOTE;
		}
		if (c == C_NOTE)
			colon_note = d.lvl == L_NOTE && note_announces(d.msg, d.msglen);
		else if (c == C_DIAG || (c == C_CTX && !include_line(s, len)))
			colon_note = 0;
		switch (c) {
		case C_DIAG:
			if (nrec == cap) {
				cap = cap ? cap * 2 : 8;
				recs = realloc(recs, cap * sizeof *recs);
				if (!recs)
					abort();
			}
			if (nrec && recs[nrec - 1].last >= i)
				recs[nrec - 1].last = i - 1;
			if (pending != (size_t)-1 && nrec && recs[nrec - 1].last >= pending)
				recs[nrec - 1].last = pending - 1;
			recs[nrec].first = pending != (size_t)-1 ? pending : i;
			recs[nrec].diag = recs[nrec].last = i;
			recs[nrec].vote = 0;
			for (size_t j = recs[nrec].first; j < i; j++)
				recs[nrec].vote += line_vote(lines[j].s, lines[j].len,
							     classify(lines[j].s, lines[j].len, &d));
			recs[nrec].vote += v;
			recs[nrec].fn = NULL;
			recs[nrec].fnlen = 0;
			parse_diag_in_block(s, len, &d);
			for (size_t k = 0; k < nfns; k++)
				if (fns[k].flen == d.flen && !memcmp(fns[k].file, d.loc, d.flen)) {
					recs[nrec].fn = fns[k].fn;
					recs[nrec].fnlen = fns[k].fnlen;
				}
			nrec++;
			pending = (size_t)-1;
			break;
		case C_CTX: {
			const char *f;
			size_t flen2, fl;
			if (gcc_in_function(s, len, &f, &flen2, &fl)) {
				size_t k;
				for (k = 0; k < nfns; k++)
					if (fns[k].flen == fl && !memcmp(fns[k].file, s, fl))
						break;
				if (k == nfns) {
					if (nfns < sizeof fns / sizeof fns[0])
						nfns++;
					else
						k = nextfn++ % nfns;     /* the oldest goes */
				}
				fns[k].file = s;
				fns[k].flen = fl;
				fns[k].fn = f;
				fns[k].fnlen = flen2;
			}
			if (pending == (size_t)-1)
				pending = i;
			if (nrec)
				recs[nrec - 1].last = i;
			break;
		}
		case C_SUMMARY:
			break;
		default: {
			/* notes, source, caret: the current record's; context before a note
			   too. A line of no class: clang's source line when a caret line
			   follows, its fix-it when one precedes; else not the record's */
			diag d2;
			if (c == C_OTHER &&
			    !(i > 0 && classify(lines[i - 1].s, lines[i - 1].len, &d2) == C_CARET) &&
			    !(i + 1 < n && classify(lines[i + 1].s, lines[i + 1].len, &d2) == C_CARET))
				break;
			pending = (size_t)-1;
			if (nrec) {
				recs[nrec - 1].last = i;
				recs[nrec - 1].vote += v;
			}
			break;
		}
		}
	}
	/* trailing context with no diagnostic after it stays with the last record */
	for (size_t i = 0; i < nrec; i++)
		gcc_emit(ctx, lines, &recs[i], block_vote, g->hint);
	g->hint = 0;
	free(recs);
}

const ec_parser ec_parser_gcc = { .name = "gcc", .triggers = gcc_triggers,
	.state_size = sizeof(gcc_state), .start = gcc_start, .more = gcc_more, .finish = gcc_finish };

/* ------------------------------------------------------------------ */
/* ld                                                                   */

/*
 * The linker's prefix: "/usr/bin/ld: ", "ld: ", "ld.lld: ", "ld.gold: ",
 * "x86_64-linux-gnu-ld: ", "lld: ", "mold: ". Returns its length or 0.
 */
static size_t ld_prefix(const char *s, size_t n)
{
	const char *c = ec_memfind(s, n, ": ");
	const char *b = s;
	size_t w;
	if (!c || memchr(s, ' ', (size_t)(c - s)))
		return 0;
	for (const char *p = s; p < c; p++)
		if (*p == '/')
			b = p + 1;
	w = (size_t)(c - b);
	if ((w == 2 && !memcmp(b, "ld", 2)) || (w > 3 && !memcmp(c - 3, "-ld", 3)) ||
	    (w > 3 && ec_mem_starts(b, w, "ld.")) || (w == 3 && !memcmp(b, "lld", 3)) ||
	    (w == 4 && !memcmp(b, "mold", 4)) || (w == 4 && !memcmp(b, "gold", 4)) ||
	    ec_mem_starts(b, w, "ld64."))
		return (size_t)(c - s) + 2;
	return 0;
}

enum ld_cls {
	D_OTHER = 0,
	D_INFUNC,       /* x.o: in function `main': */
	D_ERROR,
	D_WARNING,
	D_MORE,         /* ">>> ", "NOTE:", note: */
	D_SUMMARY,      /* collect2 / linker command failed */
};

static int ld_error_words(const char *s, size_t n)
{
	return ec_memfind(s, n, ": undefined reference to ") || ec_memfind(s, n, ": multiple definition of ") ||
	       ec_memfind(s, n, ": relocation truncated to fit") ||
	       ec_memfind(s, n, ": undefined reference to `") || ec_memfind(s, n, "): first defined here");
}

static enum ld_cls ld_classify(const char *s, size_t n)
{
	size_t p;
	if (!n)
		return D_OTHER;
	if (ec_mem_starts(s, n, ">>> "))
		return D_MORE;
	if (linker_summary(s, n) &&
	    (ec_mem_starts(s, n, "collect2") || ec_memfind(s, n, ": error: linker command failed")))
		return D_SUMMARY;
	/* "collect2: fatal error: ld terminated with signal 9 [Killed]" */
	if (ec_mem_starts(s, n, "collect2: "))
		return ec_memfind(s, n, "error: ") ? D_ERROR : D_OTHER;
	p = ld_prefix(s, n);
	if (p) {
		s += p;
		n -= p;
		if (ec_mem_ends(s, n, "':") && (ec_memfind(s, n, ": in function `") || ec_memfind(s, n, ": in function '")))
			return D_INFUNC;
		if (ec_mem_starts(s, n, "warning: ") || ec_memfind(s, n, ": warning: "))
			return D_WARNING;
		if (ec_mem_starts(s, n, "NOTE: ") || ec_mem_starts(s, n, "note: ") ||
		    ec_mem_starts(s, n, "use the --help option"))
			return D_MORE;
		return D_ERROR;
	}
	if (ld_error_words(s, n))
		return D_ERROR;
	/* "w.c:(.text+0x15): warning: ..." under an "in function" line */
	if (ec_memfind(s, n, ":(.") && ec_memfind(s, n, "): warning: "))
		return D_WARNING;
	return D_OTHER;
}

typedef struct {
	size_t last_end;        /* input line where the last block with records ended */
	int had_records, had_summary;
	size_t nlines;
} ld_state;


static const char *const ld_triggers[] = {
	"ld: ", "ld.lld: ", "lld: ", "undefined reference", "multiple definition",
	"ld returned", "linker command failed", "collect2: ", NULL,
};

static enum ec_verdict ld_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ld_state *s = st;
	enum ld_cls c = ld_classify(l->s, l->len);
	switch (c) {
	case D_SUMMARY:
		/* just after a linker block whose records it summarises (one other
		   line between, from a parallel job) */
		if (s->had_records && !s->had_summary && l->no > s->last_end &&
		    l->no - s->last_end <= 2)
			return EC_NO;
		s->nlines = 1;
		return EC_DONE;
	case D_INFUNC:
	case D_ERROR:
	case D_WARNING:
		s->nlines = 1;
		return EC_START;
	default:
		return EC_NO;
	}
}

static enum ec_verdict ld_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	ld_state *s = st;
	if (s->nlines > 1500)
		return EC_NO;
	switch (ld_classify(l->s, l->len)) {
	case D_SUMMARY:
		return EC_DONE;
	case D_OTHER:
		/* lld separates its errors with blank lines */
		return l->len == 0 ? EC_MORE : EC_NO;
	default:
		s->nlines++;
		return EC_MORE;
	}
}

/* "file:L" or "file:(.sec+0x..)" before ": what": sets file/line when the file is a source */
static void ld_location(const char *s, size_t n, const char **f, size_t *flen, long *line)
{
	const char *sec = ec_memfind(s, n, ":(");
	size_t fl;
	long ln, col;
	*f = NULL;
	*flen = 0;
	*line = 0;
	if (sec) {
		n = (size_t)(sec - s);
	} else if (!parse_loc(s, n, &fl, &ln, &col) || ln <= 0) {
		return;
	} else {
		*line = ln;
		n = fl;
	}
	/* "/tmp/x.o:main.c" (an object, then its source) */
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == ':' || s[i - 1] == ')') {
			s += i;
			n -= i;
			break;
		}
	if (!n || ec_mem_ends(s, n, ".o") || ec_mem_ends(s, n, ".a") || ec_mem_ends(s, n, ".so") ||
	    ec_mem_ends(s, n, ".obj") || memchr(s, '(', n))
		return;
	*f = s;
	*flen = n;
}

typedef struct {
	size_t first, main, last;
} lrec;

static void ld_emit(ec_ctx *ctx, const ec_line *lines, const lrec *r, const char *fn, size_t fnlen)
{
	const ec_line *l = &lines[r->main];
	const char *s = l->s, *m, *f = NULL;
	size_t n = l->len, p = ld_prefix(s, n), mn, flen = 0;
	long line = 0;
	enum ld_cls c = ld_classify(s, n);
	cJSON *rec = ec_rec_new(ctx, lines, r->first, r->last);
	const char *ty = NULL;
	s += p;
	n -= p;
	ec_set_level(rec, c == D_WARNING ? "warning" : ec_memfind(s, n, "fatal error: ") ? "fatal" : "error");
	if (c == D_SUMMARY) {
		const char *e = ec_memfind(s, n, "error: ");
		m = e ? e + 7 : s;
		mn = n - (size_t)(m - s);
	} else if (ec_mem_starts(s, n, "error: ") || ec_mem_starts(s, n, "warning: ")) {
		/* lld: "error: undefined symbol: foo" + ">>> referenced by main.c:3 (...)" */
		int refby = 0;
		m = s + (s[0] == 'e' ? 7 : 9);
		mn = n - (size_t)(m - s);
		for (size_t i = r->main + 1; i <= r->last; i++) {
			const char *t = lines[i].s;
			size_t tn = lines[i].len;
			const char *a = ec_memfind(t, tn, ">>> referenced by ");
			const char *b = ec_memfind(t, tn, ">>> defined at ");
			const char *q = a ? a + 18 : b ? b + 15 : NULL;
			if (q && !f) {
				const char *e = memchr(q, ' ', tn - (size_t)(q - t));
				size_t qn = e ? (size_t)(e - q) : tn - (size_t)(q - t);
				size_t fl;
				long ln, col;
				if (parse_loc(q, qn, &fl, &ln, &col) && !ec_mem_ends(q, fl, ".o")) {
					f = q;
					flen = fl;
					line = ln;
				}
			}
			if (a)
				refby = 1;
			else if (b)
				refby = 0;
			if (!fn && refby && ec_mem_starts(t, tn, ">>> ") && tn > 2 && t[tn - 1] == ')') {
				const char *o = ec_memfind(t, tn, ":(");
				if (o && !ec_memfind(o, tn - (size_t)(o - t), "+0x")) {
					fn = o + 2;
					fnlen = tn - 1 - (size_t)(o + 2 - t);
				}
			}
		}
	} else {
		/* GNU ld: "LOC: undefined reference to `foo'" or "cannot find -lx" */
		const char *w = ec_memfind(s, n, ": undefined reference to ");
		if (!w) w = ec_memfind(s, n, ": multiple definition of ");
		if (!w) w = ec_memfind(s, n, ": relocation truncated");
		if (!w) w = ec_memfind(s, n, ": warning: ");
		if (w) {
			ld_location(s, (size_t)(w - s), &f, &flen, &line);
			m = w + 2;
			if (ec_mem_starts(m, n - (size_t)(m - s), "warning: "))
				m += 9;
		} else {
			const char *e = ec_memfind(s, n, ": error: ");
			const char *fe = ec_memfind(s, n, "fatal error: ");
			m = e ? e + 9 : fe ? fe + 13 : s;
		}
		mn = n - (size_t)(m - s);
		const char *semi = ec_memfind(m, mn, "; ");
		if (semi && ec_memfind(m, mn, "first defined here"))
			mn = (size_t)(semi - m);
	}
	if (ec_mem_starts(m, mn, "undefined reference") || ec_mem_starts(m, mn, "undefined symbol"))
		ty = "undefined reference";
	else if (ec_mem_starts(m, mn, "multiple definition") || ec_mem_starts(m, mn, "duplicate symbol"))
		ty = "multiple definition";
	else if ((ec_mem_starts(m, mn, "cannot find -l") || ec_mem_starts(m, mn, "unable to find library")))
		ty = "cannot find library";
	if (ty)
		et_json_set_str(rec, "type", ty);
	ec_set_strn(rec, "message", m, mn);
	if (f)
		ec_set_location(ctx, rec, f, flen, line, 0);
	if (fn && fnlen)
		ec_set_strn(rec, "function", fn, fnlen);
	ec_emit(ctx, rec);
}

/* The name in "x.o: in function `main':" */
static void ld_infunc(const char *s, size_t n, const char **fn, size_t *fnlen)
{
	const char *p = ec_memfind(s, n, ": in function ");
	*fn = NULL;
	*fnlen = 0;
	if (!p)
		return;
	p += 14;
	if (p < s + n && (*p == '`' || *p == '\''))
		p++;
	if (s + n - p >= 2) {
		*fn = p;
		*fnlen = (size_t)(s + n - 2 - p);
	}
}

/*
 * Is the line's location (after the linker's prefix) one that GNU ld
 * prints under an "OBJ: in function `f':" line for code of that function:
 * a source file with a line ("m.c:3") or a section ("m.c:(.text+0xb)"), or
 * a section alone ("(.text+0x6)")? An object file ("x.o:", "x.o:(.data+0)",
 * "x.o:m.c:1", "libx.a(y.o):") or no location ("warning: creating
 * DT_TEXTREL") is not: such a line is about something else.
 */
static int ld_in_function(const char *s, size_t n)
{
	size_t p = ld_prefix(s, n), fl;
	const char *w, *f;
	long line, col;
	s += p;
	n -= p;
	w = ec_memfind(s, n, ": ");
	if (!w || w == s || memchr(s, ' ', (size_t)(w - s)))
		return 0;
	n = (size_t)(w - s);
	if (s[0] == '(')
		return ec_mem_starts(s, n, "(.") && s[n - 1] == ')';
	f = ec_memfind(s, n, ":(");
	if (f)
		fl = (size_t)(f - s);
	else if (!parse_loc(s, n, &fl, &line, &col) || line <= 0)
		return 0;
	/* one file, no "object:" before it (a drive letter's "C:/" aside) */
	if (fl > 2 && s[1] == ':' && (s[2] == '/' || s[2] == '\\'))
		f = memchr(s + 2, ':', fl - 2);
	else
		f = memchr(s, ':', fl);
	return !f && !memchr(s, '(', fl) && !ec_mem_ends(s, fl, ".o") && !ec_mem_ends(s, fl, ".obj") &&
	       !ec_mem_ends(s, fl, ".a") && !ec_mem_ends(s, fl, ".so");
}

static void ld_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	ld_state *s = st;
	lrec cur = { 0, 0, 0 };
	int have = 0, emitted = 0;
	size_t pending = (size_t)-1;
	const char *fn = NULL, *cfn = NULL;
	size_t fnlen = 0, cfnlen = 0;
	for (size_t i = 0; i < n; i++) {
		enum ld_cls c = ld_classify(lines[i].s, lines[i].len);
		switch (c) {
		case D_INFUNC:
			if (pending == (size_t)-1)
				pending = i;
			ld_infunc(lines[i].s, lines[i].len, &fn, &fnlen);
			break;
		case D_ERROR:
		case D_WARNING:
			if (have) {
				ld_emit(ctx, lines, &cur, cfn, cfnlen);
				emitted++;
			}
			cur.first = pending != (size_t)-1 ? pending : i;
			cur.main = cur.last = i;
			/* the function of the last "in function" line, for the lines of
			   its code below it: another line ends its reach */
			if (!ld_in_function(lines[i].s, lines[i].len)) {
				fn = NULL;
				fnlen = 0;
			}
			cfn = fn;
			cfnlen = fnlen;
			have = 1;
			pending = (size_t)-1;
			break;
		case D_SUMMARY:
			if (have) {
				cur.last = i;
			} else {
				cur.first = pending != (size_t)-1 ? pending : i;
				cur.main = cur.last = i;
				cfn = NULL;
				cfnlen = 0;
				have = 1;
			}
			break;
		default:
			if (have && lines[i].len)
				cur.last = i;
			break;
		}
	}
	if (have) {
		ld_emit(ctx, lines, &cur, cfn, cfnlen);
		emitted++;
	}
	s->had_records = emitted > 0;
	s->had_summary = n && ld_classify(lines[n - 1].s, lines[n - 1].len) == D_SUMMARY;
	s->last_end = n ? lines[n - 1].no : 0;
	s->nlines = 0;
}

const ec_parser ec_parser_ld = { .name = "ld", .triggers = ld_triggers,
	.state_size = sizeof(ld_state), .start = ld_start, .more = ld_more, .finish = ld_finish };
