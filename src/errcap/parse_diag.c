/*
 * parse_diag.c: the location finder (format "diagnostic"), offered lines
 * after every specific parser: the errors of tools nobody described.
 *
 * A diagnostic is a level token and a location token next to each other,
 * in one line or in the lines around it. One grammar of locations:
 *
 *   PATH:L[:C]  PATH:L.C  PATH:L.C-L.C  PATH:L.C-C  PATH:L-L  PATH:L:C-C
 *   PATH(L)  PATH(L,C)  PATH(L, C)  PATH[L, C]  the position after the path
 *   [PATH:L:C]                                at the start of a line
 *   "PATH", line N[, characters A-B | , column C]   (also File "PATH", ...)
 *   PATH line N  PATH, line N  PATH: line N, col C  "PATH":L[:C]
 *   on line L[:C] of PATH
 *   PATH L:                    only with a level token after it (bc)
 *
 * where PATH must look like a path (a directory part or an extension; not
 * a URL, a clock time, a version, an address or a host name). One grammar
 * of levels: error, warning, fatal, critical, warn, err and E/W/F (the
 * last three only as `X:` at the start), suggestion (a warning), any case,
 * optionally after `%` or inside [] or (), pylint's letters in brackets
 * ([W] [E] [C] [R] [F]; [I] a note), with a code: %Warning-CODE,
 * error[CODE], Error 36, error CS0103:, Warning 26 [name]:. note/info/
 * remark/hint lines are recognised and give no record.
 *
 * Shapes (a tool prefix `tool:`, `tool[pid]:` or `tool ` may stand first
 * and becomes the record's `tool`):
 *   LOC: [qualifier words] LEVEL[ CODE][:] message     t.v:3: syntax error
 *   LEVEL[ CODE][:] [in] LOC[:] message          %Warning-WIDTH: t.v:3:5: m
 *   LEVEL[ CODE]: message                      no file (class 5 of issue 19)
 *   "PATH", line N: message                    a location in words, no level:
 *                                              a warning
 *   PATH:L:C: message                          no level, a column, PATH a
 *                                              source file (SOURCE_EXTS):
 *                                              GNU's form of an error
 * Multi-line: a level line with no location takes the location-only line
 * (`t.f90:3:3:`, `File "t.ml", line 1, characters 4-5:`) up to six
 * ordinary lines before it (the source and caret lines between join the
 * block), or a location in words on the indented lines after it (`on line
 * 1:12 of t.scss`); indented lines after a bare `Error:` continue its
 * message. Source and caret lines after a diagnostic join its block. A Guile
 * `In procedure` report is one record, at the innermost user location.
 *
 * Not taken: grep -n output (the level must stand next to the location),
 * command lines (`cc -Werror`: a level word must be a whole word),
 * summaries (`0 errors`, `2 error(s) during elaboration`, `errors: 0`),
 * file names holding "error" (`logs/errors.log`), a location inside a
 * message (`... at main.c(1394)`: that is the tool's own source).
 */
#include "parser.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"
#include "et_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCAN_MAX 4096           /* bytes of a line the grammar looks at */
#define BACK_LOC 6              /* ordinary lines looked back for a location */
#define MORE_MAX 12             /* source/caret/continuation lines after one */

/* ---------------------------------------------------------------- tokens */

typedef struct {
	const char *file;
	size_t flen;
	long line, col;
	int hascol;             /* a column was given (it may be 0) */
	size_t b, e;            /* the location's bytes in the line */
	int words;              /* a location in words ("PATH", line N) */
	int spaced;             /* "PATH L:" (bc): a location only before a level token */
} loc;

typedef struct {
	const char *level;      /* "error", "warning", "fatal"; NULL: a note */
	const char *code;
	size_t codelen;
	size_t b, e;            /* the level token with its code */
} lvl;

enum shape { S_NONE, S_FULL, S_LEVEL, S_LOCONLY, S_WORDLOC };

typedef struct {
	enum shape shape;
	loc where;
	int has_loc;
	lvl lv;
	const char *tool, *msg, *func;
	size_t toollen, msglen, funclen;
	const char *why;        /* for --explain-line */
	int guessed;            /* the level is GNU's default, not a word of the line */
} diag;

static int sp(int c) { return c == ' ' || c == '\t'; }

static size_t skip_sp(const char *s, size_t n, size_t i)
{
	while (i < n && sp(s[i]))
		i++;
	return i;
}

static int lit_at(const char *s, size_t n, size_t i, const char *lit)
{
	return i <= n && ec_mem_starts(s + i, n - i, lit);
}

static int ilit_at(const char *s, size_t n, size_t i, const char *lit)
{
	size_t k = strlen(lit);
	return i + k <= n && !et_strncasecmp(s + i, lit, k);
}

/* a decimal number of 1-9 digits at s[*i] */
static long num_at(const char *s, size_t n, size_t *i)
{
	size_t j = *i;
	long v = 0;
	while (j < n && et_isdigit(s[j]) && j - *i < 9)
		v = v * 10 + (s[j++] - '0');
	if (j == *i || (j < n && et_isdigit(s[j])))
		return -1;
	*i = j;
	return v;
}

/* ------------------------------------------------------------ path-like */

static int is_ext_char(int c) { return et_isalnum(c) || c == '_' || c == '+' || c == '-'; }

/*
 * Does p[0..n) look like a file's path: a directory part or an extension
 * (a letter, then up to nine letters/digits), not a URL, an option, an
 * address, a version, a clock time, a host name?
 */
static int path_like(const char *p, size_t n)
{
	static const char *const hosts[] = { "com", "org", "net", "io", "edu", "gov", "local",
					     "localdomain", "internal", "lan", "arpa", NULL };
	static const char *const bare[] = { "makefile", "gnumakefile", "dockerfile", "build",
					    "workspace", "containerfile", NULL };
	size_t base = 0, dot = 0, letters = 0;
	int dir = 0;
	if (!n || n > 1024 || p[0] == '-' || p[0] == '$' || p[0] == '#')
		return 0;
	if (ec_memfind(p, n, "://") || ec_mem_starts(p, n, "www.") || memchr(p, '@', n) ||
	    memchr(p, '=', n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '/' || p[i] == '\\') {
			dir = 1;
			base = i + 1;
			dot = 0;
		} else if (p[i] == '.') {
			dot = i + 1;
		} else if (et_isalpha(p[i])) {
			letters++;
		}
	}
	if (!letters)
		return 0;               /* 10.0.0.1, 1.2.3, 12/05 */
	if (dot > base + 1 || (dot == base + 1 && dot < n)) {
		size_t el = n - dot;
		int ok = el >= 1 && el <= 10 && et_isalpha(p[dot]);
		for (size_t i = dot; ok && i < n; i++)
			ok = is_ext_char(p[i]);
		if (ok && !dir)
			for (size_t h = 0; hosts[h]; h++)
				if (strlen(hosts[h]) == el && !et_strncasecmp(p + dot, hosts[h], el))
					return 0;
		if (ok)
			return 1;
	}
	if (dir)
		return n - base > 0 || n > 1;
	for (size_t b = 0; bare[b]; b++)
		if (strlen(bare[b]) == n && !et_strncasecmp(p, bare[b], n))
			return 1;
	return 0;
}

/*
 * The extensions of source and configuration files: a location with a
 * column in such a file needs no level word (GNU's "FILE:L:C: message" is
 * an error). The scanner's trigger literals are these with a ':' after.
 */
#define SOURCE_EXTS(X) PY_EXTS(X) OTHER_EXTS(X)
/* Python's: their trigger literals have the line's first digit, as pytest's
 * "file.py::test" lines (a run prints one per test) hold ".py:" */
#define PY_EXTS(X) X("py") X("pyi")
#define OTHER_EXTS(X) \
	X("c") X("h") X("cc") X("cpp") X("cxx") X("hh") X("hpp") X("hxx") X("m") X("mm") \
	X("js") X("jsx") X("mjs") X("cjs") X("ts") X("tsx") X("vue") X("svelte") \
	X("rb") X("erb") X("haml") X("slim") X("rake") X("php") X("pl") X("pm") \
	X("lua") X("go") X("rs") X("java") X("kt") X("kts") X("scala") X("groovy") X("gradle") \
	X("swift") X("cs") X("fs") X("vb") X("dart") X("ex") X("exs") X("erl") X("hs") X("ml") \
	X("mli") X("clj") X("cljs") X("elm") X("jl") X("r") X("R") X("nim") X("zig") X("d") \
	X("f90") X("f") X("sh") X("bash") X("zsh") X("fish") X("ps1") X("sql") X("proto") \
	X("css") X("scss") X("sass") X("less") X("html") X("htm") X("xml") X("xsl") \
	X("md") X("rst") X("tex") X("adoc") X("txt") X("json") X("jsonc") X("yaml") X("yml") \
	X("toml") X("ini") X("cfg") X("conf") X("env") X("tf") X("hcl") X("nix") X("bzl") \
	X("cmake") X("mk") X("graphql") X("gql") X("sol") X("v") X("sv") X("vhd") X("asm") \
	X("s") X("S") X("glsl") X("wgsl") X("tcl") X("coffee") X("purs") X("re") X("cr") \
	X("pyx") X("pxd") X("vala") X("po")

static int source_ext(const char *p, size_t n)
{
#define EXT_STR(e) e,
	static const char *const exts[] = { SOURCE_EXTS(EXT_STR) NULL };
#undef EXT_STR
	const char *dot = NULL;
	for (size_t i = 0; i < n; i++)
		if (p[i] == '.')
			dot = p + i + 1;
		else if (p[i] == '/' || p[i] == '\\')
			dot = NULL;
	if (!dot)
		return 0;
	size_t el = (size_t)(p + n - dot);
	for (size_t k = 0; exts[k]; k++)
		if (strlen(exts[k]) == el && !memcmp(dot, exts[k], el))
			return 1;
	return 0;
}

/* ---------------------------------------------------------- locations */

/* bytes that end a bare path */
static int path_stop(int c)
{
	return !c || sp(c) || strchr(":\"'`()[]{}<>,;|=", c) != NULL;
}

/* "L", "L.C", "L:C", "L.C-L.C", "L.C-C", "L-L", "L:C-C" after a ':' at s[i] */
static int position(const char *s, size_t n, size_t *i, long *line, long *col, int *hascol)
{
	size_t j = *i;
	long l = num_at(s, n, &j), c = 0;
	int hc = 0;
	if (l < 0)
		return 0;
	if (j + 1 < n && (s[j] == ':' || s[j] == '.') && et_isdigit(s[j + 1])) {
		size_t k = j + 1;
		c = num_at(s, n, &k);
		if (c < 0)
			return 0;
		j = k;
		hc = 1;
	}
	if (j + 1 < n && s[j] == '-' && et_isdigit(s[j + 1])) {        /* a range */
		size_t k = j + 1;
		if (num_at(s, n, &k) >= 0) {
			j = k;
			if (j + 1 < n && (s[j] == '.' || s[j] == ':') && et_isdigit(s[j + 1])) {
				k = j + 1;
				if (num_at(s, n, &k) >= 0)
					j = k;
			}
		}
	}
	/* what may follow a position: a separator, the end */
	if (j < n && !(s[j] == ':' || sp(s[j]) || s[j] == ')' || s[j] == ']' || s[j] == ','))
		return 0;
	*i = j;
	*line = l;
	*col = c;
	*hascol = hc;
	return 1;
}

/* ", line N" / " line N" / ": line N" [", characters A-B" | ", column C" | ", col C" | ":C"] at s[*i] */
static int line_words(const char *s, size_t n, size_t *i, long *line, long *col)
{
	size_t j = *i;
	if (j < n && (s[j] == ',' || s[j] == ':'))
		j++;    /* "PATH, line N", "PATH: line N, col C" (ESLint compact) */
	j = skip_sp(s, n, j);
	if (j == *i || !ilit_at(s, n, j, "line "))
		return 0;
	j += 5;
	if ((*line = num_at(s, n, &j)) < 0)
		return 0;
	*col = 0;
	if (j + 1 < n && s[j] == ':' && et_isdigit(s[j + 1])) {
		size_t k = j + 1;
		*col = num_at(s, n, &k);
		j = k;
	} else if (lit_at(s, n, j, ", characters ") || lit_at(s, n, j, ", column ") ||
		   lit_at(s, n, j, ", col ")) {
		size_t k = (size_t)((const char *)memchr(s + j + 2, ' ', n - j - 2) - s) + 1;
		long c = num_at(s, n, &k);
		if (c >= 0) {
			/* characters are 0-based offsets */
			*col = s[j + 2] == 'c' && s[j + 3] == 'h' ? c + 1 : c;
			j = k;
			if (j + 1 < n && s[j] == '-' && et_isdigit(s[j + 1])) {
				j++;
				num_at(s, n, &j);
			}
		}
	}
	*i = j;
	return 1;
}

/*
 * A location starting at s[i] (*o is all zero when there is none). nolines: "PATH:" with no position is
 * accepted too (when a level stands before it).
 */
static int loc_at1(const char *s, size_t n, size_t i, int nolines, loc *o);

static int loc_at(const char *s, size_t n, size_t i, int nolines, loc *o)
{
	if (loc_at1(s, n, i, nolines, o))
		return 1;
	memset(o, 0, sizeof *o);
	return 0;
}

static int loc_at1(const char *s, size_t n, size_t i, int nolines, loc *o)
{
	size_t j = i, pb, pe;
	int quoted = 0;
	memset(o, 0, sizeof *o);
	o->b = i;
	if (lit_at(s, n, j, "File \"") || lit_at(s, n, j, "file \""))
		j += 5;
	if (lit_at(s, n, j, "on line ") || lit_at(s, n, j, "line ")) {
		/* on line L[:C] of PATH */
		size_t k = j + (s[j] == 'o' ? 8 : 5);
		long l = num_at(s, n, &k), c = 0;
		if (l < 0)
			return 0;
		if (k + 1 < n && s[k] == ':' && et_isdigit(s[k + 1])) {
			k++;
			c = num_at(s, n, &k);
		}
		if (!lit_at(s, n, k, " of ") && !lit_at(s, n, k, " in "))
			return 0;
		k += 4;
		pb = k;
		while (k < n && !path_stop(s[k]))
			k++;
		if (!path_like(s + pb, k - pb))
			return 0;
		o->file = s + pb;
		o->flen = k - pb;
		o->line = l;
		o->col = c;
		o->e = k;
		o->words = 1;
		return 1;
	}
	if (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == '`')) {
		const char *q = memchr(s + j + 1, s[j] == '`' ? '\'' : s[j], n - j - 1);
		if (!q)
			return 0;
		pb = j + 1;
		pe = (size_t)(q - s);
		j = pe + 1;
		quoted = 1;
	} else {
		pb = j;
		if (j + 2 < n && et_isalpha(s[j]) && s[j + 1] == ':' && (s[j + 2] == '\\' || s[j + 2] == '/'))
			j += 2;         /* C:\ */
		while (j < n && !path_stop(s[j]))
			j++;
		/* at the start of a line a path may hold spaces ("/home/me/My
		   Projects/a.f90:3:5:"): up to the ':' before a line number */
		if (i == 0 && j < n && s[j] == ' ') {
			size_t k = j;
			while (k < n && (s[k] == ' ' || !path_stop(s[k])))
				k++;
			if (k + 1 < n && s[k] == ':' && et_isdigit(s[k + 1]) && ec_spaced_path(s + pb, k - pb))
				j = k;
		}
		pe = j;
	}
	if (pe == pb || !path_like(s + pb, pe - pb))
		return 0;
	o->file = s + pb;
	o->flen = pe - pb;
	if (j < n && s[j] == ':' && j + 1 < n && et_isdigit(s[j + 1])) {
		size_t k = j + 1;
		if (!position(s, n, &k, &o->line, &o->col, &o->hascol))
			return 0;
		o->e = k;
		return 1;
	}
	if (j < n && (s[j] == '(' || s[j] == '[') && j + 1 < n && et_isdigit(s[j + 1])) {
		/* PATH(L,C) (MSBuild), PATH[L, C] (TSLint) */
		char close = s[j] == '(' ? ')' : ']';
		size_t k = j + 1;
		long l = num_at(s, n, &k), c = 0;
		if (l < 0)
			return 0;
		if (k < n && s[k] == ',') {
			k = skip_sp(s, n, k + 1);
			if ((c = num_at(s, n, &k)) < 0)
				return 0;
			o->hascol = 1;
		}
		if (k + 1 < n && s[k] == '-' && et_isdigit(s[k + 1])) {
			k++;
			num_at(s, n, &k);
		}
		if (k >= n || s[k] != close)
			return 0;
		o->line = l;
		o->col = c;
		o->e = k + 1;
		return 1;
	}
	if (!quoted && j + 1 < n && s[j] == ' ' && et_isdigit(s[j + 1])) {
		/* "PATH L: LEVEL message" (bc's "t.bc 3: syntax error") */
		size_t k = j + 1;
		long l = num_at(s, n, &k);
		if (l > 0 && k + 1 < n && s[k] == ':' && s[k + 1] == ' ') {
			o->line = l;
			o->e = k;
			o->spaced = 1;
			return 1;
		}
	}
	{
		size_t k = j;
		if (line_words(s, n, &k, &o->line, &o->col)) {
			o->e = k;
			o->words = 1;
			o->hascol = o->col > 0;
			return 1;
		}
	}
	if (nolines && (quoted || (j < n && s[j] == ':' && (j + 1 == n || sp(s[j + 1]))))) {
		o->e = j;
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------- levels */

/* is c a byte a level word may follow? */
static int lv_before(int c) { return !c || sp(c) || strchr("[(%*<:\"'", c) != NULL; }

/* the word of letters at s[i] when it is a level word of free text (et_schema's), else NULL */
static const et_level_word *level_word(const char *s, size_t n, size_t i, size_t *end)
{
	size_t j = i;
	while (j < n && et_isalpha(s[j]))
		j++;
	const et_level_word *w = et_level_word_find(s + i, j - i);
	if (!w || !w->in_text)
		return NULL;
	*end = j;
	return w;
}

/* the level a word stands for, NULL for a note */
static const char *word_level(const et_level_word *w)
{
	return w->level >= 0 && w->level < ET_LEVEL_INFO ? et_level_names[w->level] : NULL;
}

/* a code: letters, digits, '_', '-', '.', at least one of them alnum */
static size_t code_len(const char *s, size_t n, size_t i, int dash)
{
	size_t j = i;
	while (j < n && (et_isalnum(s[j]) || s[j] == '_' || (dash && (s[j] == '-' || s[j] == '.'))))
		j++;
	return j - i;
}

static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (et_isdigit(s[i]))
			return 1;
	return 0;
}

/*
 * A level token at s[i] (with its code); returns 0 when there is none, else
 * fills *o and returns 1 for a word, 2 for "E:"/"W:"/"F:", 3 for a letter
 * in brackets ("[W]"). Counts ("0 errors", "error(s)", "no errors") are not
 * levels.
 */
static int level_at(const char *s, size_t n, size_t i, lvl *o)
{
	size_t j, e;
	const et_level_word *w;
	int pct = 0, bracket = 0;
	memset(o, 0, sizeof *o);
	o->b = i;
	if (i < n && s[i] == '%')
		i++, pct = 1;
	if (i < n && s[i] == '[')
		i++, bracket = 1;
	w = level_word(s, n, i, &e);
	if (!w && bracket && i + 1 < n && s[i + 1] == ']' && s[i] && strchr("EWFCRI", s[i]) &&
	    (i + 2 == n || sp(s[i + 2]))) {
		/* [W] [E] (HAML-Lint, Slim-Lint): pylint's letters, I a note */
		o->level = s[i] == 'E' ? "error" : s[i] == 'F' ? "fatal" : s[i] == 'I' ? NULL : "warning";
		o->e = i + 2;
		return 3;       /* never a count: "file:33 [W]" */
	}
	if (!w) {
		/* E: W: F: */
		if (i + 1 < n && s[i] && strchr("EWF", s[i]) && s[i + 1] == ':' && (i + 2 == n || sp(s[i + 2]))) {
			o->level = s[i] == 'E' ? "error" : s[i] == 'W' ? "warning" : "fatal";
			o->e = i + 2;
			return 2;
		}
		return 0;
	}
	/* "err" and "warn" only as ERR/WARN or before ':' */
	if (e - i <= 4 && !(e < n && s[e] == ':') && !et_isupper(s[i + 1]))
		return 0;
	o->level = word_level(w);
	j = e;
	if (j < n && s[j] == 's')
		return 0;       /* errors, warnings */
	if (lit_at(s, n, j, "(s)"))
		return 0;
	if (j < n && s[j] == '.' && j + 1 < n && et_isalnum(s[j + 1]))
		return 0;       /* error.log */
	if (j < n && (et_isdigit(s[j]) || s[j] == '_'))
		return 0;
	/* codes */
	if (j + 1 < n && s[j] == '-' && et_isalnum(s[j + 1])) {
		size_t cl = code_len(s, n, j + 1, 0);
		int upper = 1;
		for (size_t q = j + 1; q < j + 1 + cl; q++)
			if (et_islower(s[q]))
				upper = 0;
		if (!pct && !upper)
			return 0;       /* error-prone, warning-free */
		o->code = s + j + 1;
		o->codelen = cl;
		j += 1 + cl;
	} else if (j < n && (s[j] == '[' || s[j] == '(') && j + 1 < n && et_isalnum(s[j + 1])) {
		size_t cl = code_len(s, n, j + 1, 1);
		if (j + 1 + cl < n && s[j + 1 + cl] == (s[j] == '[' ? ']' : ')')) {
			o->code = s + j + 1;
			o->codelen = cl;
			j += cl + 2;
		}
	} else if (j + 1 < n && s[j] == ' ' && et_isalnum(s[j + 1])) {
		/* Error 36 / error CS0103: / Warning 26 [name]: */
		size_t cl = code_len(s, n, j + 1, 0);
		size_t after = j + 1 + cl;
		int digits = has_digit(s + j + 1, cl);
		int all_digits = 1;
		for (size_t q = j + 1; q < after; q++)
			if (!et_isdigit(s[q]))
				all_digits = 0;
		if (digits && cl <= 16 && (all_digits || (after < n && s[after] == ':')) &&
		    (after == n || s[after] == ':' || sp(s[after]))) {
			o->code = s + j + 1;
			o->codelen = cl;
			j = after;
		}
	}
	if (j + 2 < n && s[j] == ' ' && s[j + 1] == '[' && o->code) {
		/* Warning 26 [unused-var]: */
		size_t cl = code_len(s, n, j + 2, 1);
		if (j + 2 + cl < n && s[j + 2 + cl] == ']')
			j += cl + 3;
	}
	if (j < n && s[j] == ']')
		j++;
	if (j < n && !(s[j] == ':' || sp(s[j]) || s[j] == ',' || s[j] == '!' || s[j] == ')'))
		return 0;
	o->e = j;
	return 1;
}

/* Is the level token at b a count (a number or "no" just before it)? */
static int counted(const char *s, size_t b)
{
	size_t i = b;
	while (i > 0 && sp(s[i - 1]))
		i--;
	if (i == b)
		return 0;
	if (i > 0 && et_isdigit(s[i - 1]))
		return 1;
	return (i >= 2 && !et_strncasecmp(s + i - 2, "no", 2) && (i == 2 || !et_isalpha(s[i - 3])));
}

/*
 * Is msg a summary or count ("2 compilation errors", "0 errors, 0
 * warnings", "errors: 0", "No errors")?
 */
static int summary(const char *m, size_t n)
{
	static const char *const none[] = { "none", "no ", "0 ", "nothing", NULL };
	for (size_t w = 0; none[w]; w++)
		if (n >= strlen(none[w]) && !et_strncasecmp(m, none[w], strlen(none[w])) &&
		    (n == strlen(none[w]) || !et_isalpha(m[strlen(none[w])])))
			return 1;
	static const char *const words[] = { "error", "warning", "failure", "problem", "issue", NULL };
	for (size_t i = 0; i < n; i++) {
		for (size_t w = 0; words[w]; w++) {
			size_t wl = strlen(words[w]);
			if (i + wl > n || et_strncasecmp(m + i, words[w], wl) || (i && et_isalpha(m[i - 1])))
				continue;
			size_t e = i + wl;
			int plural = e < n && (m[e] == 's' || lit_at(m, n, e, "(s)"));
			/* "N [word] errors" */
			size_t b = i;
			while (b > 0 && sp(m[b - 1]))
				b--;
			size_t wb = b;
			while (wb > 0 && et_isalpha(m[wb - 1]))
				wb--;
			size_t nb = wb;
			while (nb > 0 && sp(m[nb - 1]))
				nb--;
			if (b < i && b > 0 && et_isdigit(m[b - 1]) && (plural || (b >= 1 && m[b - 1] == '1')))
				return 1;
			if (wb < b && nb < wb && nb > 0 && et_isdigit(m[nb - 1]) && plural)
				return 1;
			if (b >= 2 && !et_strncasecmp(m + b - 2, "no", 2) && b < i)
				return 1;
			/* "errors: 0" */
			if (plural) {
				size_t k = e + (m[e] == 's' ? 1 : 3);
				if (k < n && m[k] == ':')
					k++;
				k = skip_sp(m, n, k);
				if (k < n && et_isdigit(m[k]))
					return 1;
			}
		}
	}
	return 0;
}

/*
 * Is msg one word and a colon ("Exception:", as in pip's "ERROR: Exception:"
 * above a traceback)? It names what follows and says nothing itself.
 */
static int heading(const char *m, size_t n)
{
	while (n && sp(m[n - 1]))
		n--;
	if (n < 2 || m[n - 1] != ':')
		return 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (!et_isalnum(m[i]) && m[i] != '_' && m[i] != '.')
			return 0;
	return 1;
}

/* words that may stand before a level word as part of the message */
static int qualifier(const char *w, size_t n)
{
	static const char *const q[] = {
		"syntax", "parse", "parser", "internal", "fatal", "semantic", "type", "runtime",
		"compile", "compilation", "compiler", "link", "linker", "lexical", "validity",
		"namespace", "schema", "schemas", "assembler", "preprocessor", "user", "general",
		"system", "elaboration", "analysis", "reference", "name", "value", "io",
		"include", "macro", "scanner", "lexer", "unrecoverable", "severe", "serious",
		"unknown", "generic", "processing", "encoding", "input", "format", NULL,
	};
	for (size_t i = 0; q[i]; i++)
		if (strlen(q[i]) == n && !et_strncasecmp(w, q[i], n))
			return 1;
	return 0;
}

/* ------------------------------------------------------------ analysis */

/* a caret or gutter line: "    ^~~~", "   |   ^", "  3 | code" */
static int source_line(const char *s, size_t n)
{
	size_t i = skip_sp(s, n, 0), j;
	int caret = 0;
	if (i == n)
		return 0;
	for (j = i; j < n; j++) {
		if (s[j] == '^')
			caret = 1;
		else if (!strchr(" \t~-+|", s[j]))
			break;
	}
	if (j == n && caret)
		return 1;
	j = i;
	while (j < n && et_isdigit(s[j]))
		j++;
	j = skip_sp(s, n, j);
	return j < n && s[j] == '|' && (j + 1 == n || s[j + 1] == ' ');
}

/* the message at s[i..n), without separators before and spaces after */
static void set_msg(diag *d, const char *s, size_t n, size_t i)
{
	while (i < n && (sp(s[i]) || s[i] == ':'))
		i++;
	while (n > i && sp(s[n - 1]))
		n--;
	d->msg = s + i;
	d->msglen = n - i;
}

/* After the location: "[qualifiers] LEVEL[...]" ? Returns 1 and sets the level, msg. */
static int level_after_loc(const char *s, size_t n, size_t i, diag *d)
{
	size_t words = 0, qb, j;
	i = skip_sp(s, n, i);
	if (i < n && (s[i] == ':' || s[i] == ',' ||
		      (s[i] == '-' && i > 0 && sp(s[i - 1]) && i + 1 < n && sp(s[i + 1]))))
		i = skip_sp(s, n, i + 1);       /* "LOC: ", "LOC, ", "LOC - " (pyright, tsc) */
	/* a caret run (gawk: "t.awk:1:   ^ syntax error") */
	j = i;
	while (j < n && (s[j] == '^' || sp(s[j])))
		j++;
	if (j > i && s[i] == '^')
		i = j;
	qb = i;
	for (;;) {
		int r = level_at(s, n, i, &d->lv);
		if (r && (i == 0 || lv_before(s[i - 1])) && (r == 3 || !counted(s, i))) {
			size_t e = d->lv.e;
			if (e < n && s[e] == ':')
				e++;
			set_msg(d, s, n, e);
			if (lit_at(s, n, skip_sp(s, n, e), ": ") || lit_at(s, n, skip_sp(s, n, e), "- "))
				/* "parser error : m", "Error - m" (ESLint compact, Psalm) */
				set_msg(d, s, n, skip_sp(s, n, e) + 1);
			if (words && d->msglen && !(skip_sp(s, n, d->lv.e) < n && s[skip_sp(s, n, d->lv.e)] == ':')) {
				/* "parse error near `x'": the level word is part of the sentence */
				size_t end = n;
				while (end > qb && sp(s[end - 1]))
					end--;
				d->msg = s + qb;
				d->msglen = end - qb;
			}
			if (!d->msglen || words) {
				/* "syntax error", "fatal parse error": the phrase is the message */
				size_t end = n;
				while (end > qb && sp(s[end - 1]))
					end--;
				if (!d->msglen) {
					d->msg = s + qb;
					d->msglen = end - qb;
				}
			}
			return 1;
		}
		if (words == 2)
			return 0;
		j = i;
		while (j < n && et_isalpha(s[j]))
			j++;
		if (j == i || j >= n || s[j] != ' ' || !qualifier(s + i, j - i))
			return 0;
		words++;
		i = j + 1;
	}
}

/*
 * After a location with a column in a source file (s[e] is the byte after
 * it): ": message", bracketed "] message", or after a location in words
 * with a column ", message" (JSHint), where the message has two words or
 * more, one with a letter. GNU's coding standards make that form
 * an error: sets the level and msg. grep -n has no column; grep --column
 * and rg --vimgrep output would pass (their text is arbitrary).
 */
static int col_message(const char *s, size_t n, diag *d, size_t e, int bracketed)
{
	size_t m, words = 0;
	int letter = 0;
	if (!d->where.hascol || !source_ext(d->where.file, d->where.flen))
		return 0;
	/* "FILE:L:C: m", "[FILE:L:C] m", and in words "FILE: line L, col C, m" (JSHint) */
	if (bracketed ? !(e < n && sp(s[e])) :
	    !(e < n && (s[e] == ':' || (d->where.words && s[e] == ','))))
		return 0;
	m = skip_sp(s, n, e + (bracketed ? 0 : 1));
	if (m == n || s[m] == ':' || et_isdigit(s[m]))
		return 0;
	for (size_t i = m; i < n; i++) {
		letter |= et_isalpha(s[i]) != 0;
		if (!sp(s[i]) && (i == m || sp(s[i - 1])))
			words++;
	}
	if (words < 2 || !letter)
		return 0;
	memset(&d->lv, 0, sizeof d->lv);
	d->lv.level = "error";
	d->guessed = 1;
	set_msg(d, s, n, m);
	return 1;
}

/* Is the line a command line ("cc -Werror -c x.c")? */
static int command_line(const char *s, size_t n)
{
	size_t opts = 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (sp(s[i - 1]) && s[i] == '-' && et_isalpha(s[i + 1]) && ++opts >= 2)
			return 1;
	return 0;
}

/* the trailing code of a message: "[-Wunused]", "[E501]", "(code 23)" */
static void trailing_code(diag *d)
{
	const char *m = d->msg;
	size_t n = d->msglen;
	if (d->lv.code || n < 3)
		return;
	if (m[n - 1] == ']') {
		size_t b = n - 1;
		while (b > 0 && m[b - 1] != '[' && !sp(m[b - 1]))
			b--;
		/* "variables: [B]": a list after a colon is a value, not a code */
		if (b > 1 && m[b - 1] == '[' && sp(m[b - 2]) && n - 1 - b <= 48 && n - 1 > b &&
		    !(b > 2 && m[b - 3] == ':')) {
			int alpha = 0, other = 0;
			for (size_t i = b; i < n - 1; i++) {
				alpha |= et_isalpha(m[i]) != 0;
				other |= !et_isalnum(m[i]) && !strchr("-_.+:/", m[i]);
			}
			if (alpha && !other) {
				d->lv.code = m + b;
				d->lv.codelen = n - 1 - b;
				/* "[Error/no-unused-vars]" (ESLint unix): the level, then the rule */
				size_t e;
				const et_level_word *w = level_word(m, n, b, &e);
				if (w && e < n - 1 && m[e] == '/' && d->guessed && word_level(w)) {
					d->lv.level = word_level(w);
					d->lv.code = m + e + 1;
					d->lv.codelen = n - 2 - e;
				}
			}
		}
	} else if (m[n - 1] == ')') {
		const char *c = NULL;
		for (size_t i = n; i-- > 0;)
			if (m[i] == '(') {
				c = m + i + 1;
				break;
			}
		if (c && ec_mem_starts(c, (size_t)(m + n - c), "code ")) {
			size_t k = (size_t)(c - m) + 5;
			size_t b = k;
			if (num_at(m, n, &k) >= 0 && k == n - 1) {
				d->lv.code = m + b;
				d->lv.codelen = k - b;
			}
		} else if (c && c - m >= 2 && sp(c[-2])) {
			/* " (no-unused-vars)", " (@scope/rule)": a rule id has a '-' or '/' */
			size_t b = (size_t)(c - m), cl = n - 1 - b;
			int alpha = 0, mark = 0, other = 0;
			for (size_t i = b; i < n - 1; i++) {
				alpha |= et_isalpha(m[i]) != 0;
				mark |= m[i] == '-' || m[i] == '/';
				other |= !et_isalnum(m[i]) && !strchr("-_./@", m[i]);
			}
			if (alpha && mark && !other && cl <= 64 && m[b] != '-') {
				d->lv.code = m + b;
				d->lv.codelen = cl;
			}
		}
	}
}

/* "... line N ..." in a message: the line when the location had none (dot) */
static long line_in_msg(const char *m, size_t n)
{
	for (size_t i = 0; i + 6 < n; i++)
		if ((i == 0 || sp(m[i - 1])) && lit_at(m, n, i, "line ") && et_isdigit(m[i + 5])) {
			size_t k = i + 5;
			long l = num_at(m, n, &k);
			if (l > 0 && (k == n || !et_isalnum(m[k])))
				return l;
		}
	return 0;
}

/*
 * The grammar on one line. Sets d->shape (S_NONE when the line is not a
 * diagnostic; d->why says why).
 */
static void analyze(const char *s, size_t n, diag *d)
{
	size_t i, p, t;
	memset(d, 0, sizeof *d);
	if (n > SCAN_MAX)
		n = SCAN_MAX;
	i = skip_sp(s, n, 0);
	/* ";;; ", "** ", "# " comment leaders */
	t = i;
	while (t < n && strchr(";#*!>", s[t]))
		t++;
	if (t > i && t < n && sp(s[t]) && t - i <= 3)
		i = skip_sp(s, n, t);
	d->why = "no location and no level token at the start of the line";
	for (int pass = 0; pass < 2; pass++) {
		p = i;
		if (pass == 1) {
			/* a tool prefix: NAME: / NAME[pid]: / NAME (space) */
			size_t j = i;
			while (j < n && (et_isalnum(s[j]) || strchr("_.+-/", s[j])))
				j++;
			/* a tool names itself at the start of its line; an indented
			 * "word LOC: ..." is text quoted in other output (a diff's
			 * context line, a test's data) */
			if (j == i || j - i > 40 || !et_isalpha(s[i]) || i > 0)
				break;
			d->tool = s + i;
			d->toollen = j - i;
			if (j < n && s[j] == '[') {
				size_t k = j + 1;
				if (num_at(s, n, &k) < 0 || k >= n || s[k] != ']')
					break;
				j = k + 1;
			}
			if (j < n && s[j] == ':')
				j++;
			else if (!(j < n && s[j] == ' '))
				break;
			if (qualifier(d->tool, d->toollen) || level_word(d->tool, d->toollen, 0, &t))
				break;
			p = skip_sp(s, n, j);
			if (p == j && s[j - 1] == ' ')
				break;
		}
		/* [PATH:L:C] message (protolint) */
		int bracketed = p < n && s[p] == '[' && loc_at(s, n, p + 1, 0, &d->where) &&
				d->where.hascol && d->where.e < n && s[d->where.e] == ']';
		if (bracketed || loc_at(s, n, p, 0, &d->where)) {   /* parsed once either way */
			size_t e = d->where.e + (size_t)bracketed;
			d->has_loc = 1;
			if (!pass && !d->where.col && !d->where.words && e + 1 < n && s[e] == ':' &&
			    !(s[e + 1] == ' ' && e + 2 < n && !sp(s[e + 2]))) {
				/* grep -n: "file:12:text", "file:12:\tcode"; tools write "file:12: text" */
				d->has_loc = 0;
				d->why = "grep -n output (no space after file:line:)";
				memset(&d->where, 0, sizeof d->where);
				continue;
			}
			if (level_after_loc(s, n, e, d)) {
				if (!d->lv.level) {
					d->shape = S_NONE;
					d->why = "a note, not an error or warning";
					return;
				}
				d->shape = S_FULL;
				d->why = "a level token right after a location";
				goto found;
			}
			if (d->where.spaced) {
				d->has_loc = 0;
				d->why = "\"PATH L:\" without a level token after it";
				memset(&d->where, 0, sizeof d->where);
				continue;
			}
			/* location-only: "t.f90:3:3:", "File \"x\", line 1, characters 1-2:" */
			{
				size_t r = skip_sp(s, n, d->where.e);
				if (r < n && s[r] == ':')
					r = skip_sp(s, n, r + 1);
				if (r == n) {
					d->shape = S_LOCONLY;
					d->why = "a location with nothing after it";
					return;
				}
				if (lit_at(s, n, r, "In procedure ")) {
					size_t fb = r + 13, fe = fb;
					while (fe < n && s[fe] != ':' )
						fe++;
					d->func = s + fb;
					d->funclen = fe - fb;
					set_msg(d, s, n, fe);
					d->shape = S_LOCONLY;
					d->why = "a location and an In procedure frame";
					return;
				}
				if (d->where.words && !pass && d->where.b == i && s[d->where.b] == '"' &&
				    skip_sp(s, n, d->where.e) < n && s[skip_sp(s, n, d->where.e)] == ':') {
					set_msg(d, s, n, r);
					d->shape = S_WORDLOC;
					d->why = "a quoted path with a line in words";
					d->lv.level = "warning";
					goto found;
				}
				if (col_message(s, n, d, e, bracketed)) {
					d->shape = S_FULL;
					d->why = "a location with a column in a source file, then a message "
						 "(GNU's form of an error)";
					goto found;
				}
			}
			d->has_loc = 0;
			d->why = "a location without a level token next to it";
			continue;
		}
		/* "PATH: LEVEL: message" about a whole file (desktop-file-validate):
		 * one blank after the path's colon, as tools write it (grep -r puts
		 * none before the line's text), and a ':' right after the level */
		{
			loc w;
			lvl lv;
			if (loc_at(s, n, p, 1, &w) && !w.line && s[w.b] != '"' && w.e + 2 < n &&
			    s[w.e] == ':' && s[w.e + 1] == ' ' && level_at(s, n, w.e + 2, &lv) == 1 &&
			    lv.e < n && s[lv.e] == ':' && !counted(s, w.e + 2)) {
				if (!lv.level) {
					d->shape = S_NONE;
					d->why = "a note, not an error or warning";
					return;
				}
				d->where = w;
				d->lv = lv;
				d->has_loc = 1;
				set_msg(d, s, n, lv.e + 1);
				if (d->msglen >= 4) {
					d->shape = S_FULL;
					d->why = "a file, then a level token and ':'";
					goto found;
				}
				memset(&d->where, 0, sizeof d->where);
				d->has_loc = 0;
			}
		}
		/* [qualifier words] LEVEL ... */
		{
			size_t q = p, words = 0;
			int r;
			memset(&d->lv, 0, sizeof d->lv);
			for (;;) {
				r = level_at(s, n, q, &d->lv);
				if (r && words < 2 && d->lv.e + 1 < n && s[d->lv.e] == ' ' && d->lv.level &&
				    !strcmp(d->lv.level, "fatal")) {
					/* "Fatal Error: m" (gfortran): one level of two words */
					lvl two;
					size_t f = d->lv.e + 1;
					if (level_at(s, n, f, &two) && two.level && two.e < n && s[two.e] == ':') {
						two.b = d->lv.b;
						two.level = "fatal";
						d->lv = two;
					}
				}
				if (r)
					break;
				size_t j = q;
				while (j < n && et_isalpha(s[j]))
					j++;
				if (words == 2 || j == q || j >= n || s[j] != ' ' || !qualifier(s + q, j - q))
					break;
				words++;
				q = j + 1;
			}
			if (!r || counted(s, q))
				continue;
			if (!d->lv.level) {
				d->shape = S_NONE;
				d->why = "a note, not an error or warning";
				return;
			}
			size_t e = d->lv.e, k;
			int colon = e < n && s[e] == ':';
			if (colon)
				e++;
			k = skip_sp(s, n, e);
			if (lit_at(s, n, k, "in ") || lit_at(s, n, k, "at "))
				k += 3;
			if (loc_at(s, n, k, 1, &d->where) && !colon && !d->where.line)
				/* "warning package.json: m" (yarn): a bare level word and a
				 * file without a line say too little */
				memset(&d->where, 0, sizeof d->where);
			else if (d->where.file) {
				d->has_loc = 1;
				set_msg(d, s, n, d->where.e);
				if (!d->where.line)
					d->where.line = line_in_msg(d->msg, d->msglen);
				d->shape = S_FULL;
				d->why = "a location right after a level token";
				goto found;
			}
			if (!colon && !(r == 1 && d->lv.code && lit_at(s, n, e, ":"))) {
				d->why = "a level word not followed by ':' or a location";
				continue;
			}
			/* "ERROR: 0:2: msg" (a source string number, then the line) */
			{
				size_t z = k;
				long sn = num_at(s, n, &z), ln;
				if (sn >= 0 && z < n && s[z] == ':') {
					z++;
					if ((ln = num_at(s, n, &z)) > 0 && z < n && s[z] == ':') {
						d->where.line = ln;
						k = z;
					}
				}
			}
			set_msg(d, s, n, k);
			if (d->msglen < 4) {
				d->why = "a level token with no message";
				continue;
			}
			if (i > 0 && !d->where.line) {
				d->why = "an indented level line without a location (output nested in other output)";
				continue;
			}
			d->shape = S_LEVEL;
			d->why = "a level token at the start of the line";
			goto found;
		}
	}
	d->tool = NULL;
	d->toollen = 0;
	return;
found:
	if (!d->tool) {
		d->toollen = 0;
	} else if ((d->has_loc && d->where.b == (size_t)(d->tool - s)) || d->lv.b == (size_t)(d->tool - s)) {
		d->tool = NULL;
		d->toollen = 0;
	}
	if (summary(d->msg, d->msglen)) {
		d->shape = S_NONE;
		d->why = "a summary or count, not a diagnostic";
		return;
	}
	if (command_line(s, n) && !d->has_loc) {
		d->shape = S_NONE;
		d->why = "a command line";
		return;
	}
	if (!d->has_loc && heading(d->msg, d->msglen)) {
		d->shape = S_NONE;
		d->why = "a heading of the lines that follow";
		return;
	}
	trailing_code(d);
}

/* ---------------------------------------------------------------- parser */

enum mode { M_AFTER, M_CONT, M_NEEDLOC, M_GUILE, M_LVCONT };

typedef struct {
	enum mode mode;
	size_t start;           /* index in the block of the line start took */
	size_t loc_line;        /* index of the location-only line, or (size_t)-1 */
	size_t nmore;
	size_t file_back;       /* a header line with the file, k lines back: its text */
	char *header;
	char *last_header;      /* the header of the record just before */
	size_t last_end;        /* the input line that record ended on */
	int guile_msg;
	char lvtok[24];         /* M_LVCONT: "Warning:", the prefix of the message lines */
} dstate;

static const char *const diag_triggers[] = {
	"error:", "error :", "error[", "error(", "error,", ": error ", ") error", "Error", "ERROR",
	"syntax error", "warning:", "Warning", "WARNING", "fatal", "Fatal", "FATAL", "critical:",
	"Critical", "CRITICAL", "err:", "warn:", "\", line ", "In procedure",
	"Suggestion:", "[W] ", "[E] ", "[F] ", "[C] ", "[R] ", ".ts[", ".tsx[",
#define EXT_TRIGGER(e) "." e ":",
#define EXT_DIGIT_TRIGGERS(e) "." e ":1", "." e ":2", "." e ":3", "." e ":4", "." e ":5", \
	"." e ":6", "." e ":7", "." e ":8", "." e ":9",
	OTHER_EXTS(EXT_TRIGGER)
	EXT_DIGIT_TRIGGERS("py")
#undef EXT_TRIGGER
#undef EXT_DIGIT_TRIGGERS
	NULL,
};


static void diag_destroy(void *p)
{
	dstate *st = p;
	if (st) {
		free(st->header);
		free(st->last_header);
	}
	free(st);
}

/* a line of only a path: the file of diagnostics below it (glslang) */
static int header_path(const ec_line *b);

/*
 * The header line just before l, or the one of the record just before
 * when no ordinary line stands between them.
 */
static void find_header(dstate *st, ec_ctx *ctx, const ec_line *l)
{
	for (size_t k = 1; k <= 8; k++) {
		const ec_line *b = ec_back(ctx, k);
		if (!b)
			break;
		if (header_path(b)) {
			st->header = et_xstrndup(b->s, b->len);
			return;
		}
	}
	if (st->last_header && !ec_back(ctx, 1) && l->no == st->last_end + 1)
		st->header = et_xstrdup(st->last_header);
}

static int header_path(const ec_line *b)
{
	size_t k;
	for (k = 0; k < b->len; k++)
		if (sp(b->s[k]) || b->s[k] == ':')
			return 0;
	return b->len && path_like(b->s, b->len) && memchr(b->s, '.', b->len);
}

static enum ec_verdict diag_start(void *p, ec_ctx *ctx, const ec_line *l)
{
	dstate *st = p;
	diag d;
	free(st->header);
	st->header = NULL;
	st->loc_line = (size_t)-1;
	st->start = 0;
	st->nmore = 0;
	st->guile_msg = 0;
	analyze(l->s, l->len, &d);
	switch (d.shape) {
	case S_FULL:
	case S_WORDLOC:
		st->mode = M_AFTER;
		if (!d.msglen && d.lv.level && d.lv.b < d.where.b && d.lv.e - d.lv.b + 2 < sizeof st->lvtok &&
		    d.lv.e < l->len && l->s[d.lv.e] == ':') {
			/* "Warning: t.pl:2:" then "Warning:    message" lines (SWI-Prolog) */
			memcpy(st->lvtok, l->s + d.lv.b, d.lv.e - d.lv.b + 1);
			st->lvtok[d.lv.e - d.lv.b + 1] = '\0';
			st->mode = M_LVCONT;
		}
		if (!d.where.file && d.where.line)
			find_header(st, ctx, l);
		return EC_START;
	case S_LEVEL:
		st->mode = M_NEEDLOC;
		if (d.where.line) {
			find_header(st, ctx, l);
			return EC_START;
		}
		for (size_t k = 1; k <= BACK_LOC; k++) {
			const ec_line *b = ec_back(ctx, k);
			diag bd;
			if (!b)
				break;
			if (ec_blank(b) || source_line(b->s, b->len))
				continue;
			analyze(b->s, b->len, &bd);
			if (bd.shape == S_LOCONLY && !bd.func) {
				ec_claim_back(ctx, k);
				st->start = k;
				st->loc_line = 0;
				st->mode = M_CONT;
				break;
			}
			if (k >= 3)
				break;          /* a source line, at most two of them */
		}
		return EC_START;
	case S_LOCONLY:
		if (!d.func)
			return EC_NO;
		/* Guile: "PATH:L:C: In procedure f:" then the message line */
		st->mode = M_GUILE;
		st->guile_msg = d.msglen == 0;
		for (size_t k = 1; k <= 14; k++) {
			const ec_line *b = ec_back(ctx, k);
			if (!b)
				break;
			if (ec_starts(b, "Backtrace:")) {
				ec_claim_back(ctx, k);
				st->start = k;
				break;
			}
		}
		return st->guile_msg ? EC_START : EC_DONE;
	default:
		return EC_NO;
	}
}

static enum ec_verdict diag_more(void *p, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	dstate *st = p;
	st->nmore++;
	switch (st->mode) {
	case M_GUILE:
		if (ec_blank(l) || st->nmore > 2)
			return EC_NO;
		return EC_DONE;
	case M_AFTER:
		if (st->nmore > MORE_MAX)
			return EC_NO;
		return source_line(l->s, l->len) ? EC_MORE : EC_NO;
	case M_LVCONT: {
		/* the level token again, then an indented message */
		size_t k = strlen(st->lvtok);
		if (st->nmore > MORE_MAX || !ec_starts(l, st->lvtok) || l->len < k + 3 ||
		    !sp(l->s[k]) || !sp(l->s[k + 1]))
			return EC_NO;
		return EC_MORE;
	}
	case M_CONT:
		if (st->nmore > MORE_MAX || ec_blank(l))
			return EC_NO;
		if (source_line(l->s, l->len))
			return EC_MORE;
		return sp(l->s[0]) ? EC_MORE : EC_NO;
	case M_NEEDLOC: {
		diag d;
		if (st->nmore > MORE_MAX)
			return EC_NO;
		if (ec_blank(l))
			return EC_NO;
		if (source_line(l->s, l->len) || ec_starts(l, ">>"))
			return EC_MORE;
		if (!sp(l->s[0]))
			return EC_NO;
		analyze(l->s, l->len, &d);
		if (d.shape == S_FULL || d.shape == S_LEVEL)
			return EC_NO;   /* a diagnostic of its own */
		return EC_MORE;
	}
	}
	return EC_NO;
}

/* a location in words or a location-only line among lines[from..n) */
static int find_loc(const ec_line *lines, size_t from, size_t n, loc *o)
{
	for (size_t i = from; i < n; i++) {
		const char *s = lines[i].s;
		size_t len = lines[i].len, b = skip_sp(s, len, 0);
		if (lit_at(s, len, b, "--> "))
			b += 4;
		else if (lit_at(s, len, b, "at "))
			b += 3;
		if (loc_at(s, len, b, 0, o))
			return 1;
	}
	return 0;
}

static int guile_library(const char *f, size_t n)
{
	return !n || ec_mem_starts(f, n, "ice-9/") || ec_mem_starts(f, n, "srfi/") ||
	       ec_memfind(f, n, "/share/guile/") || ec_mem_starts(f, n, "system/") ||
	       ec_mem_starts(f, n, "language/") || ec_mem_starts(f, n, "unknown file");
}

/* Guile backtrace: the innermost frame in a user file */
static int guile_user_frame(const ec_line *lines, size_t n, loc *o)
{
	const char *file = NULL;
	size_t flen = 0;
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = lines[i].s;
		size_t len = lines[i].len, j;
		long ln, col;
		if (ec_mem_starts(s, len, "In ") && len > 4 && s[len - 1] == ':') {
			file = s + 3;
			flen = len - 4;
			continue;
		}
		j = skip_sp(s, len, 0);
		if (!j || !file || guile_library(file, flen) || !path_like(file, flen))
			continue;
		if ((ln = num_at(s, len, &j)) <= 0 || j >= len || s[j] != ':')
			continue;
		j++;
		if ((col = num_at(s, len, &j)) < 0 || j >= len || !sp(s[j]))
			continue;
		o->file = file;
		o->flen = flen;
		o->line = ln;
		o->col = col;
		found = 1;
	}
	return found;
}

static void diag_finish(void *p, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	dstate *st = p;
	size_t at = st->start < n ? st->start : 0;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	diag d;
	loc w;
	et_buf msg = ET_BUF_INIT;

	analyze(lines[at].s, lines[at].len, &d);
	if (st->mode == M_GUILE) {
		ec_set_level(rec, "error");
		if (d.func)
			ec_set_strn(rec, "function", d.func, d.funclen);
		if (at + 1 < n && !d.msglen) {
			const char *m = lines[at + 1].s;
			size_t ml = lines[at + 1].len;
			if (ec_mem_starts(m, ml, "In procedure ")) {
				const char *c = ec_memfind(m, ml, ": ");
				if (c) {
					ml -= (size_t)(c + 2 - m);
					m = c + 2;
				}
			}
			ec_set_strn(rec, "message", m, ml);
		} else {
			ec_set_strn(rec, "message", d.msg, d.msglen);
		}
		w = d.where;
		if (guile_library(w.file, w.flen))
			guile_user_frame(lines, at, &w);
		ec_set_location(ctx, rec, w.file, w.flen, w.line, w.col);
		goto out;
	}
	if (d.shape == S_NONE) {
		/* cannot happen: start saw the same line */
		ec_set_level(rec, "error");
		goto out;
	}
	ec_set_level(rec, d.lv.level);
	if (d.lv.code)
		ec_set_strn(rec, "type", d.lv.code, d.lv.codelen);
	et_buf_add(&msg, d.msg, d.msglen);
	w = d.where;
	if (st->mode == M_CONT) {
		diag ld;
		analyze(lines[st->loc_line].s, lines[st->loc_line].len, &ld);
		w = ld.where;
		for (size_t i = at + 1; i < n; i++)
			if (!source_line(lines[i].s, lines[i].len)) {
				const char *b;
				size_t bl;
				ec_trim(lines[i].s, lines[i].len, &b, &bl);
				et_buf_addch(&msg, ' ');
				et_buf_add(&msg, b, bl);
			}
	} else if (st->mode == M_LVCONT) {
		size_t k = strlen(st->lvtok);
		for (size_t i = at + 1; i < n; i++) {
			const char *b;
			size_t bl;
			if (lines[i].len <= k)
				continue;
			ec_trim(lines[i].s + k, lines[i].len - k, &b, &bl);
			if (msg.len)
				et_buf_addch(&msg, ' ');
			et_buf_add(&msg, b, bl);
		}
	} else if (st->mode == M_NEEDLOC && !w.file && at + 1 < n) {
		loc f;
		if (find_loc(lines, at + 1, n, &f))
			w = f;
	}
	if (!w.file && st->header) {
		w.file = st->header;
		w.flen = strlen(st->header);
	}
	ec_set_strn(rec, "message", msg.buf, msg.len);
	ec_set_location(ctx, rec, w.file, w.flen, w.line, w.col);
	if (d.tool)
		ec_set_strn(rec, "tool", d.tool, d.toollen);
out:
	et_buf_release(&msg);
	ec_emit(ctx, rec);
	free(st->last_header);
	st->last_header = st->header;
	st->last_end = lines[n - 1].no;
	st->header = NULL;
}

/* See parser.h: why the finder takes or leaves the line s[0..n). */
const char *ec_diag_explain(const char *s, size_t n, int *taken)
{
	diag d;
	analyze(s, n, &d);
	*taken = d.shape == S_FULL || d.shape == S_LEVEL || d.shape == S_WORDLOC ||
		 (d.shape == S_LOCONLY && d.func);
	if (d.shape == S_LOCONLY && !d.func)
		return "a location-only line: it joins a level line that follows it";
	return d.why;
}

const ec_parser ec_parser_diag = { .name = "diagnostic", .triggers = diag_triggers,
	.state_size = sizeof(dstate), .destroy = diag_destroy,
	.start = diag_start, .more = diag_more, .finish = diag_finish };
