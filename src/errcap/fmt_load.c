/*
 * fmt_load.c: reading format files (docs/formats.md) and GitHub problem
 * matchers into compiled formats; the search path; the parser table.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fmt_int.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_data.h"
#include "et_file.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHAIN_MAX 12            /* patterns of one chain (the driver looks back 16 lines) */

const char *const fmt_field_key[FF_N] = {
	"file", "line", "column", "end_line", "end_column", "level",
	"type", "message", "function", "tool", "note", "fromPath", "test",
	"source", "caret",
};

const char *const fmt_level_name[] = { "fatal", "error", "warning", "note", "skip", NULL };

enum fmt_level fmt_level_find(const char *name)
{
	for (int i = 0; fmt_level_name[i]; i++)
		if (!strcmp(fmt_level_name[i], name))
			return (enum fmt_level)i;
	return FL_NONE;
}

/* The group names a format file's regex may use, and what they fill. */
static const struct { const char *name; enum fmt_field f; } group_names[] = {
	{ "file", FF_FILE }, { "line", FF_LINE }, { "column", FF_COLUMN },
	{ "end_line", FF_END_LINE }, { "end_column", FF_END_COLUMN },
	{ "level", FF_LEVEL }, { "severity", FF_LEVEL }, { "code", FF_TYPE },
	{ "type", FF_TYPE }, { "message", FF_MESSAGE }, { "function", FF_FUNCTION },
	{ "tool", FF_TOOL }, { "note", FF_NOTE }, { "test", FF_TEST },
	{ "source", FF_SOURCE }, { "caret", FF_CARET },
};
#define NGROUP_NAMES (sizeof group_names / sizeof group_names[0])

/* The fields `set` may give a constant value. */
static int settable(enum fmt_field f)
{
	return f == FF_LEVEL || f == FF_TYPE || f == FF_MESSAGE || f == FF_FILE ||
	       f == FF_FUNCTION || f == FF_TOOL || f == FF_TEST;
}

/* ---- formats ---- */

static void pat_free(fmt_pat *p)
{
	et_re_free(p->re);
	free(p->where);
}

static void fmt_free(fmt *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nch; i++) {
		for (size_t j = 0; j < f->ch[i].n; j++)
			pat_free(&f->ch[i].p[j]);
		free(f->ch[i].p);
		free(f->ch[i].src);
		for (int k = 0; k < FF_N; k++)
			free(f->ch[i].set[k]);
	}
	free(f->ch);
	for (size_t i = 0; i < f->nmore; i++)
		pat_free(&f->more[i]);
	free(f->more);
	for (size_t i = 0; i < f->nlv; i++)
		free(f->lv[i].text);
	free(f->lv);
	for (int i = 0; i < FF_N; i++)
		free(f->set[i]);
	fmt_strv_free(f->trig);
	for (size_t i = 0; i < f->nex; i++) {
		for (size_t j = 0; j < f->ex[i].n; j++)
			free(f->ex[i].lines[j]);
		free(f->ex[i].lines);
		for (size_t j = 0; j < f->ex[i].nexpect; j++)
			free(f->ex[i].expect[j]);
		free(f->ex[i].expect);
		free(f->ex[i].expect_line);
	}
	free(f->ex);
	free(f->name);
	free(f->desc);
	free(f->file);
	free(f->where);
	free(f);
}

ec_fmtset *ec_fmtset_new(void)
{
	ec_fmtset *fs = et_xcalloc(1, sizeof *fs);
	fs->builtin_off = et_xcalloc(ec_nparsers ? ec_nparsers : 1, 1);
	return fs;
}

void ec_fmtset_free(ec_fmtset *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++)
		fmt_free(fs->f[i]);
	free(fs->f);
	free(fs->builtin_off);
	free(fs->tab);
	for (size_t i = 0; i < fs->ntab; i++)
		free(fs->where[i]);
	free(fs->where);
	free(fs);
}

static char *where_str(const char *file, size_t line)
{
	et_buf b = ET_BUF_INIT;
	et_buf_addf(&b, "%s:%zu", file, line);
	return et_buf_detach(&b, NULL);
}

/* Switches off the formats (earlier ones) and built-in parsers named name. */
static void switch_off(ec_fmtset *fs, const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i]->name, name))
			fs->f[i]->off = 1;
	for (size_t i = 0; i < ec_nparsers; i++)
		if (!strcmp(ec_parsers[i]->name, name))
			fs->builtin_off[i] = 1;
}

static int valid_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || et_isdigit((unsigned char)*s) || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/*
 * Compiles a pattern. Format files name their groups; for a problem matcher
 * (js) the groups are numbered and set by the caller. Returns 0, or -1 with
 * the problem in err.
 */
static int pat_compile(fmt_pat *p, const char *text, size_t len, const char *file, size_t line,
		       int js, char *err, size_t errsz)
{
	char msg[256];
	size_t off = 0;
	uint32_t opts = js ? PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_MATCH_UNSET_BACKREF : 0;
	memset(p, 0, sizeof *p);
	p->re = et_re_compile_x(text, len, opts, js ? PCRE2_EXTRA_ALT_BSUX : 0, msg, sizeof msg, &off);
	if (!p->re) {
		snprintf(err, errsz, "bad regex at offset %zu: %s", off, msg);
		return -1;
	}
	p->where = where_str(file, line);
	p->line = line;
	p->ngroups = et_re_groups(p->re) + 1;
	if (js)
		return 0;
	for (int k = 0;; k++) {
		int num;
		const char *name = et_re_group_name(p->re, k, &num);
		size_t i;
		if (!name)
			break;
		for (i = 0; i < NGROUP_NAMES; i++)
			if (!strcmp(group_names[i].name, name))
				break;
		if (i == NGROUP_NAMES) {
			int w = snprintf(err, errsz, "unknown group '%s' (groups:", name);
			for (i = 0; i < NGROUP_NAMES && w > 0 && (size_t)w < errsz; i++)
				w += snprintf(err + w, errsz - (size_t)w, " %s", group_names[i].name);
			if (w > 0 && (size_t)w < errsz)
				snprintf(err + w, errsz - (size_t)w, ")");
			pat_free(p);
			memset(p, 0, sizeof *p);
			return -1;
		}
		p->g[group_names[i].f] = num;
	}
	return 0;
}

static void derive_triggers(fmt *f);

/*
 * Does the pattern match every line? (A loop or more pattern that does
 * would never end its block.) Tried on a few lines nothing should take
 * all of.
 */
static int matches_all(fmt_pat *p)
{
	static const char *const probe[] = { "", "x", "0", "  ", "\t", "a b", "-- Z", "Error: x", "}" };
	for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++)
		if (et_re_match(p->re, probe[i], strlen(probe[i]), NULL, 0) != 1)
			return 0;
	return 1;
}

/*
 * The format is complete: check it, derive its triggers and make its
 * parser. Returns 0, or -1 with err set and *errline the line to blame.
 */
static int fmt_finalize(fmt *f, char *err, size_t errsz, size_t *errline)
{
	*errline = f->line;
	if (!f->nch) {
		snprintf(err, errsz, "format %s has no match or start pattern", f->name);
		return -1;
	}
	for (size_t i = 0; i < f->nch; i++) {
		fmt_chain *c = &f->ch[i];
		if (c->loop && matches_all(&c->p[c->n - 1])) {
			*errline = c->p[c->n - 1].line;
			snprintf(err, errsz, "loop pattern matches every line: the chain can never end");
			return -1;
		}
	}
	for (size_t i = 0; i < f->nmore; i++)
		if (matches_all(&f->more[i])) {
			*errline = f->more[i].line;
			snprintf(err, errsz, "more pattern matches every line: the record can never end");
			return -1;
		}
	for (size_t i = 0; i < f->nex; i++)
		if (!f->ex[i].nexpect) {
			*errline = f->ex[i].line;
			snprintf(err, errsz, "example without an expect line after it");
			return -1;
		}
	if (!f->trig_given)
		derive_triggers(f);
	f->parser.name = f->name;
	f->parser.desc = f->desc ? f->desc : "";
	f->parser.triggers = (const char *const *)f->trig;
	f->parser.destroy = fmt_destroy;
	f->parser.start = fmt_start;
	f->parser.more = fmt_more;
	f->parser.finish = fmt_finish;
	return 0;
}

/*
 * Derived triggers: the literals of each chain's last pattern (the line
 * that completes a record is the one offered to start). Any chain without
 * one: every line.
 */
static void derive_triggers(fmt *f)
{
	char **all = NULL;
	size_t n = 0;
	for (size_t i = 0; i < f->nch; i++) {
		char **v = fmt_required_literals(f->ch[i].src);
		if (!v) {
			for (size_t k = 0; k < n; k++)
				free(all[k]);
			free(all);
			return;
		}
		for (char **q = v; *q; q++) {
			size_t k = 0;
			while (k < n && strcmp(all[k], *q))
				k++;
			if (k < n) {
				free(*q);       /* the same literal twice */
				continue;
			}
			all = et_xrealloc(all, (n + 2) * sizeof *all);
			all[n++] = *q;
		}
		free(v);
	}
	if (all)
		all[n] = NULL;
	f->trig = all;
}

/*
 * Finishes *f and moves it into fs (*f is then NULL), turning off an
 * earlier format of its name; -1 with err and *errline set when *f is not
 * valid (it stays the caller's).
 */
static int fmt_add(ec_fmtset *fs, fmt **f, char *err, size_t errsz, size_t *errline)
{
	if (fmt_finalize(*f, err, errsz, errline) < 0)
		return -1;
	switch_off(fs, (*f)->name);
	fs->f = et_xrealloc(fs->f, (fs->n + 1) * sizeof *fs->f);
	fs->f[fs->n++] = *f;
	*f = NULL;
	return 0;
}

/* ---- format files ---- */

static char *skip_ws(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* "TEXT" (with \" and \\) keeps its blanks; other text is taken as it is. */
static char *unquote(const char *s)
{
	size_t n = strlen(s);
	et_buf b = ET_BUF_INIT;
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return et_xstrdup(s);
	for (size_t i = 1; i + 1 < n; i++) {
		if (s[i] == '\\' && i + 2 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
			i++;
		et_buf_addch(&b, s[i]);
	}
	return et_buf_detach(&b, NULL);
}

/* The level named name, or -1 with err set. */
static int level_index(const char *name, char *err, size_t errsz)
{
	enum fmt_level lv = fmt_level_find(name);
	if (lv == FL_NONE)
		snprintf(err, errsz, "unknown level '%s' (fatal, error, warning, note, skip)", name);
	return (int)lv;
}

static int parse_level_map(fmt *f, char *arg, char *err, size_t errsz)
{
	for (char *save = NULL, *t = strtok_r(arg, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		char *eq = strrchr(t, '=');
		fmt_lvmap m = { 0 };
		int lv;
		if (!eq || eq == t) {
			snprintf(err, errsz, "level wants TOOLVALUE=LEVEL, not '%s'", t);
			return -1;
		}
		*eq = '\0';
		if ((lv = level_index(eq + 1, err, errsz)) < 0)
			return -1;
		m.len = strlen(t);
		if (m.len && t[m.len - 1] == '*') {
			m.prefix = 1;
			t[--m.len] = '\0';
		}
		m.text = et_xstrdup(t);
		m.level = (enum fmt_level)lv;
		f->lv = et_xrealloc(f->lv, (f->nlv + 1) * sizeof *f->lv);
		f->lv[f->nlv++] = m;
	}
	return 0;
}

static int parse_set(char **set, char *arg, char *err, size_t errsz)
{
	char *eq = strchr(arg, '=');
	int i;
	if (!eq) {
		snprintf(err, errsz, "set wants FIELD=VALUE");
		return -1;
	}
	*eq = '\0';
	for (i = 0; i < FF_N; i++)
		if (!strcmp(fmt_field_key[i], arg) && settable((enum fmt_field)i))
			break;
	if (i == FF_N) {
		int k = snprintf(err, errsz, "set: unknown field '%s' (", arg);
		for (i = 0; i < FF_N && k > 0 && (size_t)k < errsz; i++)
			if (settable((enum fmt_field)i))
				k += snprintf(err + k, errsz - (size_t)k, "%s%s",
					      err[k - 1] == '(' ? "" : " ", fmt_field_key[i]);
		if (k > 0 && (size_t)k < errsz)
			snprintf(err + k, errsz - (size_t)k, ")");
		return -1;
	}
	if (i == FF_LEVEL && level_index(eq + 1, err, errsz) < 0)
		return -1;
	free(set[i]);
	set[i] = et_xstrdup(eq + 1);
	return 0;
}

/* column-base's value: 0 or 1; -1 (err set) for anything else. */
static int column_base(const char *arg, char *err, size_t errsz)
{
	if (strcmp(arg, "0") && strcmp(arg, "1")) {
		snprintf(err, errsz, "column-base wants 0 or 1, not '%s'", arg);
		return -1;
	}
	return *arg - '0';
}

/* One pattern line of a format: match, start, next, loop or more. */
static int add_pattern(fmt *f, const char *kw, const char *arg, const char *file, size_t line,
		       char *err, size_t errsz)
{
	fmt_pat p;
	fmt_chain *c = f->nch ? &f->ch[f->nch - 1] : NULL;
	int is_more = !strcmp(kw, "more"), is_start = !strcmp(kw, "start") || !strcmp(kw, "match");
	if (!*arg) {
		snprintf(err, errsz, "%s wants a regex", kw);
		return -1;
	}
	if (!is_more && !is_start) {        /* next, loop */
		if (!c || c->loop || c->n == 0 || c->single) {
			snprintf(err, errsz, "%s", !c || c->single ? "next/loop without a start line before it"
				 : "nothing may follow a loop pattern: it ends its chain");
			return -1;
		}
		if (c->n == CHAIN_MAX) {
			snprintf(err, errsz, "a chain may have at most %d patterns", CHAIN_MAX);
			return -1;
		}
	}
	if (pat_compile(&p, arg, strlen(arg), file, line, 0, err, errsz) < 0)
		return -1;
	if (is_more) {
		f->more = et_xrealloc(f->more, (f->nmore + 1) * sizeof *f->more);
		f->more[f->nmore++] = p;
		return 0;
	}
	if (is_start) {
		f->ch = et_xrealloc(f->ch, (f->nch + 1) * sizeof *f->ch);
		c = &f->ch[f->nch++];
		memset(c, 0, sizeof *c);
		c->single = !strcmp(kw, "match");
	}
	c->p = et_xrealloc(c->p, (c->n + 1) * sizeof *c->p);
	c->p[c->n++] = p;
	if (!strcmp(kw, "loop"))
		c->loop = 1;
	free(c->src);
	c->src = et_xstrdup(arg);       /* the last pattern's text */
	return 0;
}

/* Checks an expect line's syntax: none, or FIELD=VALUE with "quoted" values. */
static int expect_ok(const char *s, char *err, size_t errsz)
{
	if (!strcmp(s, "none"))
		return 0;
	while (*s) {
		const char *k = s;
		while (*s && *s != '=' && *s != ' ')
			s++;
		if (*s != '=' || s == k) {
			snprintf(err, errsz, "expect wants FIELD=VALUE ... or none");
			return -1;
		}
		s++;
		if (*s == '"') {
			for (s++; *s && *s != '"'; s++)
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
			if (*s != '"') {
				snprintf(err, errsz, "expect: unterminated quoted value");
				return -1;
			}
			s++;
		} else {
			while (*s && *s != ' ')
				s++;
		}
		while (*s == ' ' || *s == '\t')
			s++;
	}
	return 0;
}

/*
 * A file's reader: adds what text (the file's bytes, NUL-terminated, its
 * own to change) defines to fs and returns 0, or returns -1 with err set
 * and *errline the line it speaks of (0 for the whole file). label: how
 * the file is named in messages.
 */
typedef int file_reader(ec_fmtset *fs, const char *label, et_buf *text, char *err, size_t errsz,
			size_t *errline);

/* Reads path with read, warning "label:line: what" on stderr when it fails. */
static int load_with(ec_fmtset *fs, const char *path, file_reader *read)
{
	et_buf text = ET_BUF_INIT;
	char err[512] = "";
	size_t errline = 0;
	int rc = -1;
	if (et_file_read(path, &text) < 0)
		et_warn_at(path, 0, "%s", strerror(errno));
	else if ((rc = read(fs, path, &text, err, sizeof err, &errline)) < 0)
		et_warn_at(path, errline, "%s", err);
	et_buf_release(&text);
	return rc;
}

/* A format file (file_reader). */
static int read_fmt_file(ec_fmtset *fs, const char *label, et_buf *text, char *err, size_t errsz,
			 size_t *errline)
{
	fmt *f = NULL;
	size_t lineno = 0;
	int rc = -1, in_example = 0;
	char *p, *next;
	for (p = text->buf; p && *p; p = next) {
		char *nl = strchr(p, '\n'), *kw, *arg, *e;
		int indented;
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		lineno++;
		e = p + strlen(p);
		while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		indented = *p == ' ' || *p == '\t';
		kw = skip_ws(p);
		if (!*kw || *kw == '#') {
			in_example = 0;
			continue;
		}
		arg = kw;
		while (*arg && *arg != ' ' && *arg != '\t')
			arg++;
		if (*arg)
			*arg++ = '\0';
		arg = skip_ws(arg);
		*errline = lineno;
		if (!indented) {
			if (f && fmt_add(fs, &f, err, errsz, errline) < 0)
				goto out;
			in_example = 0;
			if (!strcmp(kw, "format")) {
				if (!valid_name(arg)) {
					snprintf(err, errsz, "bad format name '%s' (want [a-z][a-z0-9_-]*)", arg);
					goto out;
				}
				f = et_xcalloc(1, sizeof *f);
				f->name = et_xstrdup(arg);
				f->file = et_xstrdup(label);
				f->where = where_str(label, lineno);
				f->line = lineno;
			} else if (!strcmp(kw, "disable")) {
				if (!*arg) {
					snprintf(err, errsz, "disable wants format names");
					goto out;
				}
				for (char *save = NULL, *t = strtok_r(arg, " \t", &save); t;
				     t = strtok_r(NULL, " \t", &save))
					switch_off(fs, t);
			} else {
				snprintf(err, errsz, "unknown keyword '%s' (format, disable; the rest is indented)", kw);
				goto out;
			}
			continue;
		}
		if (!f) {
			snprintf(err, errsz, "'%s' outside a format", kw);
			goto out;
		}
		if (strcmp(kw, "example"))
			in_example = 0;
		if (!strcmp(kw, "desc")) {
			free(f->desc);
			f->desc = et_xstrdup(arg);
		} else if (!strcmp(kw, "trigger")) {
			size_t n = 0;
			if (!*arg) {
				snprintf(err, errsz, "trigger wants a literal");
				goto out;
			}
			if (!f->trig_given) {
				fmt_strv_free(f->trig);
				f->trig = NULL;
			}
			while (f->trig && f->trig[n])
				n++;
			f->trig = et_xrealloc(f->trig, (n + 2) * sizeof *f->trig);
			f->trig[n] = unquote(arg);
			if (!*f->trig[n]) {
				snprintf(err, errsz, "trigger wants a literal");
				f->trig[n + 1] = NULL;
				goto out;
			}
			f->trig[n + 1] = NULL;
			f->trig_given = 1;
		} else if (!strcmp(kw, "match") || !strcmp(kw, "start") || !strcmp(kw, "next") ||
			   !strcmp(kw, "loop") || !strcmp(kw, "more")) {
			if (add_pattern(f, kw, arg, label, lineno, err, errsz) < 0)
				goto out;
		} else if (!strcmp(kw, "level")) {
			if (parse_level_map(f, arg, err, errsz) < 0)
				goto out;
		} else if (!strcmp(kw, "set")) {
			if (parse_set(f->set, arg, err, errsz) < 0)
				goto out;
		} else if (!strcmp(kw, "column-base")) {
			int b = column_base(arg, err, errsz);
			if (b < 0)
				goto out;
			f->column0 = b == 0;
		} else if (!strcmp(kw, "with")) {
			if (!f->nch) {
				snprintf(err, errsz, "with without a match or chain before it");
				goto out;
			}
			if (!strncmp(arg, "column-base=", 12)) {
				int b = column_base(arg + 12, err, errsz);
				if (b < 0)
					goto out;
				f->ch[f->nch - 1].colbase = b + 1;
			} else if (parse_set(f->ch[f->nch - 1].set, arg, err, errsz) < 0) {
				goto out;
			}
		} else if (!strcmp(kw, "example")) {
			fmt_sample *s;
			/* the example's text starts after one blank following the keyword */
			const char *t = kw + strlen(kw) + 1;
			if (t > e)
				t = e;
			if (!in_example || (f->nex && f->ex[f->nex - 1].nexpect)) {
				f->ex = et_xrealloc(f->ex, (f->nex + 1) * sizeof *f->ex);
				memset(&f->ex[f->nex], 0, sizeof *f->ex);
				f->ex[f->nex++].line = lineno;
			}
			s = &f->ex[f->nex - 1];
			s->lines = et_xrealloc(s->lines, (s->n + 1) * sizeof *s->lines);
			s->lines[s->n++] = et_xstrdup(t);
			in_example = 1;
		} else if (!strcmp(kw, "expect")) {
			fmt_sample *s = f->nex ? &f->ex[f->nex - 1] : NULL;
			if (!s) {
				snprintf(err, errsz, "expect without an example before it");
				goto out;
			}
			if (expect_ok(arg, err, errsz) < 0)
				goto out;
			s->expect = et_xrealloc(s->expect, (s->nexpect + 1) * sizeof *s->expect);
			s->expect_line = et_xrealloc(s->expect_line, (s->nexpect + 1) * sizeof *s->expect_line);
			s->expect_line[s->nexpect] = lineno;
			s->expect[s->nexpect++] = et_xstrdup(arg);
		} else {
			snprintf(err, errsz, "unknown keyword '%s' (desc trigger match start next loop "
				 "more level set with column-base example expect)", kw);
			goto out;
		}
	}
	if (f && fmt_add(fs, &f, err, errsz, errline) < 0)
		goto out;
	rc = 0;
out:
	fmt_free(f);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ec_fmtset_load(ec_fmtset *fs, const char *path, int required)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;
	if (stat(path, &st) != 0) {
		if (!required && errno == ENOENT)
			return 0;
		et_warn_at(path, 0, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_with(fs, path, read_fmt_file);
	if (!(d = opendir(path))) {
		et_warn_at(path, 0, "%s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".fmt"))
			continue;
		names = et_xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = et_xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		et_buf b = ET_BUF_INIT;
		et_buf_addf(&b, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
		if (rc == 0 && load_with(fs, b.buf, read_fmt_file) < 0)
			rc = -1;
		et_buf_release(&b);
		free(names[i]);
	}
	free(names);
	return rc;
}

int ec_fmtset_load_defaults(ec_fmtset *fs)
{
	char *bundled = et_data_dir("formats");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	et_buf b = ET_BUF_INIT;
	int rc = ec_fmtset_load(fs, bundled, 0);
	free(bundled);
	if (xdg && *xdg == '/')
		et_buf_addf(&b, "%s/errtools/formats", xdg);
	else if (home && *home)
		et_buf_addf(&b, "%s/.config/errtools/formats", home);
	if (rc == 0 && b.len)
		rc = ec_fmtset_load(fs, b.buf, 0);
	et_buf_release(&b);
	return rc;
}

/* ---- GitHub problem matchers ---- */

/* The line of text[off]. */
static size_t line_at(const char *text, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off && text[i]; i++)
		line += text[i] == '\n';
	return line;
}

/* The line of the k-th (from 0) "regexp" key in the text; 0 when not found. */
static size_t regexp_line(const char *text, size_t k)
{
	const char *p = text;
	for (;;) {
		p = strstr(p, "\"regexp\"");
		if (!p)
			return 0;
		if (k-- == 0)
			return line_at(text, (size_t)(p - text));
		p += 8;
	}
}

/* The group-number keys of a problem-matcher pattern, and the fields they fill. */
static const struct { const char *key; enum fmt_field f; } gh_keys[] = {
	{ "file", FF_FILE }, { "line", FF_LINE }, { "column", FF_COLUMN },
	{ "endLine", FF_END_LINE }, { "endColumn", FF_END_COLUMN },
	{ "severity", FF_LEVEL }, { "code", FF_TYPE }, { "message", FF_MESSAGE },
	{ "fromPath", FF_FROMPATH },
};

/*
 * errcap's own key in a matcher (GitHub ignores keys it does not know):
 * "errcapTriggers": ["literal", ...], the format's triggers.
 */
static int gh_triggers(fmt *f, const cJSON *t, char *err, size_t errsz)
{
	const cJSON *e;
	size_t n = 0;
	if (!t)
		return 0;
	if (!cJSON_IsArray(t) || !cJSON_GetArraySize(t)) {
		snprintf(err, errsz, "problem matcher %s: errcapTriggers must be a non-empty array of strings",
			 f->name);
		return -1;
	}
	f->trig = et_xcalloc((size_t)cJSON_GetArraySize(t) + 1, sizeof *f->trig);
	cJSON_ArrayForEach(e, t) {
		if (!cJSON_IsString(e) || !*e->valuestring || strchr(e->valuestring, '\n')) {
			snprintf(err, errsz, "problem matcher %s: errcapTriggers: each trigger is a string "
				 "without newlines", f->name);
			return -1;
		}
		f->trig[n++] = et_xstrdup(e->valuestring);
	}
	f->trig_given = 1;
	return 0;
}

static int gh_matcher(ec_fmtset *fs, const char *label, const char *text, const cJSON *m,
		      size_t *nre, char *err, size_t errsz, size_t *errline)
{
	const cJSON *owner = cJSON_GetObjectItemCaseSensitive(m, "owner");
	const cJSON *pats = cJSON_GetObjectItemCaseSensitive(m, "pattern");
	const cJSON *sev = cJSON_GetObjectItemCaseSensitive(m, "severity");
	const cJSON *pj;
	fmt *f;
	fmt_chain *c;
	size_t np, i = 0;
	*errline = regexp_line(text, *nre);
	if (!cJSON_IsString(owner) || !*owner->valuestring || strpbrk(owner->valuestring, " \t\n")) {
		snprintf(err, errsz, "problem matcher without an owner (a name without blanks)");
		return -1;
	}
	if (cJSON_IsObject(pats))
		np = 1;
	else if (cJSON_IsArray(pats) && cJSON_GetArraySize(pats) > 0)
		np = (size_t)cJSON_GetArraySize(pats);
	else {
		snprintf(err, errsz, "problem matcher %s: pattern must be a non-empty array", owner->valuestring);
		return -1;
	}
	if (np > CHAIN_MAX) {
		snprintf(err, errsz, "problem matcher %s: at most %d patterns", owner->valuestring, CHAIN_MAX);
		return -1;
	}
	f = et_xcalloc(1, sizeof *f);
	f->name = et_xstrdup(owner->valuestring);
	f->file = et_xstrdup(label);
	f->line = *errline ? *errline : 1;
	f->where = where_str(label, f->line);
	f->json = 1;
	f->desc = et_xstrdup("GitHub problem matcher");
	f->ch = et_xcalloc(1, sizeof *f->ch);
	f->nch = 1;
	c = &f->ch[0];
	c->p = et_xcalloc(np, sizeof *c->p);
	c->single = np == 1;
	if (cJSON_IsString(sev)) {
		enum fmt_level lv = fmt_map_level(f, sev->valuestring, strlen(sev->valuestring));
		if (lv == FL_NONE) {
			snprintf(err, errsz, "problem matcher %s: unknown severity '%s'", f->name, sev->valuestring);
			goto bad;
		}
		f->set[FF_LEVEL] = et_xstrdup(fmt_level_name[lv]);
	}
	if (gh_triggers(f, cJSON_GetObjectItemCaseSensitive(m, "errcapTriggers"), err, errsz) < 0)
		goto bad;
	for (pj = cJSON_IsObject(pats) ? pats : pats->child; pj && i < np; pj = pj->next, i++) {
		const cJSON *re = cJSON_GetObjectItemCaseSensitive(pj, "regexp");
		const cJSON *loop = cJSON_GetObjectItemCaseSensitive(pj, "loop");
		fmt_pat *p = &c->p[i];
		*errline = regexp_line(text, *nre);
		if (!cJSON_IsString(re)) {
			snprintf(err, errsz, "problem matcher %s: pattern %zu has no regexp string", f->name, i + 1);
			goto bad;
		}
		(*nre)++;
		if (pat_compile(p, re->valuestring, strlen(re->valuestring), label, *errline, 1, err, errsz) < 0)
			goto bad;
		c->n++;
		for (size_t k = 0; k < sizeof gh_keys / sizeof gh_keys[0]; k++) {
			const cJSON *g = cJSON_GetObjectItemCaseSensitive(pj, gh_keys[k].key);
			if (!g)
				continue;
			/* in range before the cast: a double past int's range is undefined there */
			if (!cJSON_IsNumber(g) || !(g->valuedouble >= 1 && g->valuedouble <= 65535) ||
			    g->valuedouble != (double)(int)g->valuedouble) {
				snprintf(err, errsz, "problem matcher %s: %s must be a group number", f->name, gh_keys[k].key);
				goto bad;
			}
			if (g->valueint >= p->ngroups) {
				snprintf(err, errsz, "problem matcher %s: %s: unknown group %d (the regexp has %d)",
					 f->name, gh_keys[k].key, g->valueint, p->ngroups - 1);
				goto bad;
			}
			p->g[gh_keys[k].f] = g->valueint;
		}
		if (loop && !cJSON_IsBool(loop)) {
			snprintf(err, errsz, "problem matcher %s: loop must be true or false", f->name);
			goto bad;
		}
		if (cJSON_IsTrue(loop)) {
			if (i + 1 != np || np == 1) {
				snprintf(err, errsz, "problem matcher %s: only the last of several patterns may loop", f->name);
				goto bad;
			}
			c->loop = 1;
		}
		if (i + 1 == np)
			c->src = et_xstrdup(re->valuestring);
	}
	if (fmt_add(fs, &f, err, errsz, errline) < 0)
		goto bad;
	return 0;
bad:
	fmt_free(f);
	return -1;
}

/* A problem-matcher file (file_reader). */
static int read_matcher_file(ec_fmtset *fs, const char *label, et_buf *text, char *err, size_t errsz,
			     size_t *errline)
{
	cJSON *root = NULL;
	const cJSON *arr, *m;
	const char *end = NULL;
	size_t nre = 0;
	int rc = -1;
	root = cJSON_ParseWithLengthOpts(text->buf, text->len, &end, 0);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		size_t off = at && at >= text->buf && at <= text->buf + text->len ? (size_t)(at - text->buf) : 0;
		*errline = line_at(text->buf, off);
		snprintf(err, errsz, "bad JSON");
		goto out;
	}
	arr = cJSON_GetObjectItemCaseSensitive(root, "problemMatcher");
	if (!cJSON_IsArray(arr)) {
		*errline = 1;
		snprintf(err, errsz, "no \"problemMatcher\" array");
		goto out;
	}
	cJSON_ArrayForEach(m, arr)
		if (gh_matcher(fs, label, text->buf, m, &nre, err, errsz, errline) < 0)
			goto out;
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

int ec_fmtset_load_matchers(ec_fmtset *fs, const char *path)
{
	return load_with(fs, path, read_matcher_file);
}

/* ---- the table ---- */

size_t ec_fmtset_table(ec_fmtset *fs, const ec_parser *const **tab, const char *const **where)
{
	size_t n = 0;
	free(fs->tab);
	for (size_t i = 0; i < fs->ntab; i++)
		free(fs->where[i]);
	free(fs->where);
	fs->tab = et_xcalloc(ec_nparsers + fs->n + 1, sizeof *fs->tab);
	fs->where = et_xcalloc(ec_nparsers + fs->n + 1, sizeof *fs->where);
	for (int last = 0; last < 2; last++) {
		for (size_t i = 0; i < ec_nparsers; i++)
			if (!fs->builtin_off[i] && (strcmp(ec_parsers[i]->name, EC_PARSER_LAST) == 0) == last) {
				fs->tab[n] = ec_parsers[i];
				fs->where[n++] = et_xstrdup("built-in");
			}
		if (last)
			break;
		for (size_t i = 0; i < fs->n; i++)
			if (!fs->f[i]->off) {
				fs->tab[n] = &fs->f[i]->parser;
				fs->where[n++] = et_xstrdup(fs->f[i]->where);
			}
	}
	fs->ntab = n;
	*tab = fs->tab;
	if (where)
		*where = (const char *const *)fs->where;
	return n;
}
