/*
 * fmt_int.h: what the parts of src/errcap/fmt*.c share: a compiled format
 * (fmt_load.c reads files and matchers into it, fmt_run.c runs it as a
 * parser, fmt_check.c runs its examples).
 */
#ifndef EC_FMT_INT_H
#define EC_FMT_INT_H

#include <stddef.h>
#include "et_re.h"
#include "fmt.h"

/* The fields a named group (or a problem matcher's group number) can fill. */
enum fmt_field {
	FF_FILE, FF_LINE, FF_COLUMN, FF_END_LINE, FF_END_COLUMN, FF_LEVEL,
	FF_TYPE, FF_MESSAGE, FF_FUNCTION, FF_TOOL, FF_NOTE, FF_FROMPATH, FF_TEST,
	FF_SOURCE, FF_CARET,    /* where an echoed source text and a caret under it start */
	FF_N
};
/* The record field each fills ("line" ...); FF_LEVEL: "level". */
extern const char *const fmt_field_key[FF_N];

/* Our levels, in the order fmt_level_name lists them. */
enum fmt_level { FL_NONE = -1, FL_FATAL, FL_ERROR, FL_WARNING, FL_NOTE, FL_SKIP };
extern const char *const fmt_level_name[];
/* The level fmt_level_name calls name, or FL_NONE. */
enum fmt_level fmt_level_find(const char *name);

typedef struct {
	et_re *re;
	int g[FF_N];            /* group number per field; 0: none */
	int ngroups;            /* capture groups + 1 */
	char *where;            /* "FILE:LINE" of the pattern, for messages */
	size_t line;            /* LINE of that */
	int limit_said;         /* a limit hit was reported */
} fmt_pat;

/* match: one pattern; start/next/loop: several, the last may loop. */
typedef struct {
	fmt_pat *p;
	size_t n;
	int loop;
	int single;             /* a `match` line */
	char *src;              /* the last pattern's regex text */
	char *set[FF_N];        /* its own constants (with FIELD=VALUE) */
	int colbase;            /* with column-base=N: N + 1; 0: the format's */
} fmt_chain;

typedef struct {
	char *text;             /* without '*' */
	size_t len;
	int prefix;             /* ended in '*' */
	enum fmt_level level;
} fmt_lvmap;

typedef struct {
	char **lines;
	size_t n;
	char **expect;          /* "none" or FIELD=VALUE ... lines */
	size_t *expect_line;
	size_t nexpect;
	size_t line;            /* the first example line */
} fmt_sample;

typedef struct fmt {
	ec_parser parser;       /* the driver's view; name, desc, triggers */
	char *name, *desc;
	char *file;             /* the file it was read from */
	char *where;            /* FILE:LINE of its `format` line */
	size_t line;            /* LINE of that */
	fmt_chain *ch;
	size_t nch;
	fmt_pat *more;
	size_t nmore;
	fmt_lvmap *lv;
	size_t nlv;
	char *set[FF_N];        /* constant values (set FIELD=VALUE) */
	char **trig;            /* NULL-terminated; NULL: every line */
	int trig_given;
	fmt_sample *ex;
	size_t nex;
	int column0;            /* column-base 0: the tool counts columns from 0 */
	int off;                /* replaced by a later format, or disabled */
	int json;               /* a problem matcher */
} fmt;

struct ec_fmtset {
	fmt **f;
	size_t n;
	/* built-in parsers switched off by name (disable, or a format of theirs) */
	unsigned char *builtin_off;
	/* the table made by ec_fmtset_table */
	const ec_parser **tab;
	char **where;
	size_t ntab;
};

/* The format's parser callbacks (fmt_run.c). */
void fmt_destroy(void *st);
enum ec_verdict fmt_start(void *st, ec_ctx *ctx, const ec_line *l);
enum ec_verdict fmt_more(void *st, ec_ctx *ctx, const ec_line *l);
void fmt_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n);

/*
 * Maps a tool's level text s[0..n) through the format's mapping, then the
 * common words; FL_NONE when nothing maps it.
 */
enum fmt_level fmt_map_level(const fmt *f, const char *s, size_t n);

/*
 * Literals (case-sensitive) of which every match of the regex contains at
 * least one, chosen to be rare; NULL when the regex has none usable.
 * NULL-terminated, malloc'ed (free with fmt_strv_free).
 */
char **fmt_required_literals(const char *re);
void fmt_strv_free(char **v);

#endif
