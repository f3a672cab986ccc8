/* pat: pattern files: search path, parser, rule set, --check, --list-rules. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pat.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_data.h"
#include "et_file.h"
#include "et_rec.h"
#include "et_schema.h"
#include "et_utf8.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *ct_severity_name(int sev)
{
	return et_severity_names[sev >= 0 && sev < ET_SEV_N ? sev : ET_SEV_MEDIUM];
}

/* ---- search path ---- */

static void path_add(ct_pathent **v, int *n, const char *p, int required, int bundled)
{
	*v = et_xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
	(*v)[*n].path = et_xstrdup(p);
	(*v)[*n].required = required;
	(*v)[*n].bundled = bundled;
	(*n)++;
}

ct_pathent *ct_search_path(char **given, int ngiven, int only_given, int *n)
{
	ct_pathent *v = NULL;
	const char *env, *xdg, *home;
	char *data;
	*n = 0;
	for (int i = 0; i < ngiven; i++)
		path_add(&v, n, given[i], 1, 0);
	if (only_given)
		return v;
	env = getenv("ERRCAT_PATH");
	if (env && *env) {
		char *copy = et_xstrdup(env), *save = NULL;
		for (char *t = strtok_r(copy, ":", &save); t; t = strtok_r(NULL, ":", &save))
			path_add(&v, n, t, 0, 0);
		free(copy);
	}
	xdg = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (xdg && *xdg == '/') {
		et_buf b = ET_BUF_INIT;
		et_buf_addf(&b, "%s/errtools/patterns", xdg);
		path_add(&v, n, b.buf, 0, 0);
		et_buf_release(&b);
	} else if (home && *home) {
		et_buf b = ET_BUF_INIT;
		et_buf_addf(&b, "%s/.config/errtools/patterns", home);
		path_add(&v, n, b.buf, 0, 0);
		et_buf_release(&b);
	}
	data = et_data_dir("patterns");
	path_add(&v, n, data, 0, 1);
	free(data);
	return v;
}

void ct_search_path_free(ct_pathent *p, int n)
{
	for (int i = 0; i < n; i++)
		free(p[i].path);
	free(p);
}

/* ---- problems ---- */

static void report(ct_ruleset *rs, int how, const char *file, size_t line, size_t col,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void report(ct_ruleset *rs, int how, const char *file, size_t line, size_t col,
		   const char *fmt, ...)
{
	FILE *f = how == CT_REPORT_CHECK ? stdout : stderr;
	et_buf msg = ET_BUF_INIT;
	va_list ap;
	if (how != CT_REPORT_CHECK)
		fprintf(f, "%s: ", et_prog);
	fprintf(f, "%s", file);
	if (line)
		fprintf(f, ":%zu", line);
	if (line && col)
		fprintf(f, ":%zu", col);
	fputs(": ", f);
	va_start(ap, fmt);
	et_vformat_safe(&msg, fmt, ap);
	va_end(ap);
	fputs(msg.buf, f);
	fputc('\n', f);
	et_buf_release(&msg);
	rs->errors++;
}

/* ---- parsing ---- */

static int is_ws(int c) { return c == ' ' || c == '\t'; }

static int is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int valid_category(const char *s, size_t n)
{
	if (!n || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int valid_tag(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_word((unsigned char)s[i]) && !strchr(".:/+=-", s[i]))
			return 0;
	return 1;
}

static int valid_field(const char *s, size_t n)
{
	int start = 1;
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' || s[i] == '|') {
			if (start)
				return 0;
			start = 1;
		} else if (is_word((unsigned char)s[i]) || (s[i] == '-' && !start)) {
			start = 0;
		} else {
			return 0;
		}
	}
	return !start;
}

/* The next whitespace-separated token of the line at *p; its length. */
static size_t token(const char **p, const char **tok)
{
	const char *s = *p;
	while (is_ws((unsigned char)*s))
		s++;
	*tok = s;
	while (*s && !is_ws((unsigned char)*s))
		s++;
	*p = s;
	return (size_t)(s - *tok);
}

static int intern_name(ct_ruleset *rs, const char *name, size_t n)
{
	for (int i = 0; i < rs->nnames; i++)
		if (strlen(rs->names[i]) == n && !memcmp(rs->names[i], name, n))
			return i;
	rs->names = et_xrealloc(rs->names, (size_t)(rs->nnames + 1) * sizeof *rs->names);
	rs->names[rs->nnames] = et_xstrndup(name, n);
	return rs->nnames++;
}

static int field_cost(const char *field, size_t n, int npath)
{
	static const struct { const char *name; int cost; } costs[] = {
		{ "format", 0 }, { "level", 1 }, { "type", 2 }, { "kind", 2 },
		{ "file", 3 }, { "function", 3 }, { "message", 4 },
		{ "context", 7 }, { "text", 8 },
	};
	if (npath)
		return 6;
	for (size_t i = 0; i < sizeof costs / sizeof costs[0]; i++)
		if (strlen(costs[i].name) == n && !memcmp(costs[i].name, field, n))
			return costs[i].cost;
	return 5;
}

static void cond_free(ct_cond *c)
{
	free(c->field);
	for (int r = 0; r < c->nrefs; r++) {
		for (int i = 0; i < c->refs[r].npath; i++)
			free(c->refs[r].path[i]);
		free(c->refs[r].path);
	}
	free(c->refs);
	free(c->pattern);
	et_re_free(c->re);
}

static void rule_free(ct_rule *r)
{
	free(r->category);
	for (int i = 0; i < r->ntags; i++)
		free(r->tags[i]);
	free(r->tags);
	for (int i = 0; i < r->nconds; i++)
		cond_free(&r->conds[i]);
	free(r->conds);
	free(r->src_order);
	free(r->id);
	free(r->suffix);
	free(r->hint);
}

/* Appends s as a JSON string. */
static void json_str(et_buf *b, const char *s)
{
	et_json_quote(b, s, strlen(s));
}

static int cmp_cost(const void *a, const void *b)
{
	const ct_cond *x = a, *y = b;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A rule block is complete: keep it when it is sound. */
static int check_hint(ct_ruleset *rs, ct_rule *r, const char *path, int how);

static void finish_rule(ct_ruleset *rs, ct_rule *r, int bad, const char *path, int how)
{
	et_buf b = ET_BUF_INIT, name = ET_BUF_INIT;
	if (!r->category)
		return;
	if (!bad && r->nconds == 0) {
		report(rs, how, path, r->line, 1, "rule '%s' has no conditions", r->category);
		bad = 1;
	}
	if (!bad && check_hint(rs, r, path, how) < 0)
		bad = 1;
	if (bad) {
		rule_free(r);
		memset(r, 0, sizeof *r);
		return;
	}
	qsort(r->conds, (size_t)r->nconds, sizeof *r->conds, cmp_cost);
	r->src_order = et_xcalloc((size_t)r->nconds, sizeof *r->src_order);
	for (int i = 0; i < r->nconds; i++) {
		int k = 0;
		for (int j = 0; j < r->nconds; j++)
			if (r->conds[j].line < r->conds[i].line)
				k++;
		r->src_order[k] = &r->conds[i];
	}
	et_utf8_sanitize(&name, rs->files[r->file].name, strlen(rs->files[r->file].name));
	et_buf_addf(&name, ":%zu", r->line);
	r->id = et_buf_detach(&name, NULL);
	et_buf_addstr(&b, ",\"category\":");
	json_str(&b, r->category);
	et_buf_addstr(&b, ",\"severity\":");
	json_str(&b, ct_severity_name(r->severity));
	et_buf_addstr(&b, ",\"tags\":[");
	for (int i = 0; i < r->ntags; i++) {
		if (i)
			et_buf_addch(&b, ',');
		json_str(&b, r->tags[i]);
	}
	et_buf_addstr(&b, "],\"rule\":");
	json_str(&b, r->id);
	if (r->hint && !r->hint_fills) {
		et_buf_addstr(&b, ",\"hint\":");
		json_str(&b, r->hint);
	}
	r->suffix = et_buf_detach(&b, &r->suffix_len);
	rs->rules = et_xrealloc(rs->rules, (size_t)(rs->nrules + 1) * sizeof *rs->rules);
	rs->rules[rs->nrules++] = *r;
	memset(r, 0, sizeof *r);
}

static int parse_rule_line(ct_ruleset *rs, ct_rule *r, const char *line, size_t lineno,
			   const char *path, int how)
{
	const char *p = line + 4, *tok;
	size_t n;
	memset(r, 0, sizeof *r);
	r->file = rs->nfiles - 1;
	r->line = lineno;
	n = token(&p, &tok);
	if (!n) {
		report(rs, how, path, lineno, (size_t)(tok - line) + 1, "rule without a category");
		return -1;
	}
	if (!valid_category(tok, n)) {
		report(rs, how, path, lineno, (size_t)(tok - line) + 1,
		       "bad category id '%.*s' (want [a-z][a-z0-9_]*)", (int)n, tok);
		return -1;
	}
	r->category = et_xstrndup(tok, n);
	n = token(&p, &tok);
	r->severity = -1;
	for (int i = 0; i < ET_SEV_N; i++)
		if (n == strlen(et_severity_names[i]) && !memcmp(tok, et_severity_names[i], n))
			r->severity = i;
	if (r->severity < 0) {
		et_buf want = ET_BUF_INIT;
		et_schema_join(&want, et_severity_names);
		if (n)
			report(rs, how, path, lineno, (size_t)(tok - line) + 1,
			       "bad severity '%.*s' (want one of %s)", (int)n, tok, want.buf);
		else
			report(rs, how, path, lineno, (size_t)(tok - line) + 1,
			       "missing severity (want one of %s)", want.buf);
		et_buf_release(&want);
		return -1;
	}
	while ((n = token(&p, &tok)) > 0) {
		if (!valid_tag(tok, n)) {
			report(rs, how, path, lineno, (size_t)(tok - line) + 1,
			       "bad tag '%.*s'", (int)n, tok);
			return -1;
		}
		r->tags = et_xrealloc(r->tags, (size_t)(r->ntags + 1) * sizeof *r->tags);
		r->tags[r->ntags++] = et_xstrndup(tok, n);
	}
	return 0;
}

static int parse_cond_line(ct_ruleset *rs, ct_rule *r, const char *line, size_t len,
			   size_t lineno, const char *path, int how)
{
	const char *p = line, *f, *pat;
	size_t n, plen, erroff;
	char err[256];
	ct_cond c;
	memset(&c, 0, sizeof c);
	while (is_ws((unsigned char)*p))
		p++;
	if (*p == '!') {
		c.neg = 1;
		p++;
	}
	f = p;
	while (*p && !is_ws((unsigned char)*p))
		p++;
	n = (size_t)(p - f);
	if (!valid_field(f, n)) {
		report(rs, how, path, lineno, (size_t)(f - line) + 1,
		       "bad field name '%.*s'", (int)n, f);
		return -1;
	}
	while (is_ws((unsigned char)*p))
		p++;
	pat = p;
	plen = len - (size_t)(p - line);
	while (plen && is_ws((unsigned char)pat[plen - 1]))
		plen--;
	if (!plen) {
		report(rs, how, path, lineno, (size_t)(pat - line) + 1,
		       "condition on '%.*s' without a pattern", (int)n, f);
		return -1;
	}
	c.re = et_re_compile(pat, plen, 0, err, sizeof err, &erroff);
	if (!c.re) {
		report(rs, how, path, lineno, (size_t)(pat - line) + erroff + 1, "%s", err);
		return -1;
	}
	c.field = et_xstrndup(f, n);
	c.pattern = et_xstrndup(pat, plen);
	c.line = lineno;
	{
		char *save = NULL, *copy = et_xstrdup(c.field);
		for (char *alt = strtok_r(copy, "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
			ct_fref *fr;
			size_t k = strcspn(alt, "."), start;
			int cost;
			c.refs = et_xrealloc(c.refs, (size_t)(c.nrefs + 1) * sizeof *c.refs);
			fr = &c.refs[c.nrefs++];
			memset(fr, 0, sizeof *fr);
			fr->slot = intern_name(rs, alt, k);
			for (start = k; alt[start] == '.'; ) {
				size_t e = strcspn(alt + start + 1, ".");
				fr->path = et_xrealloc(fr->path, (size_t)(fr->npath + 1) * sizeof *fr->path);
				fr->path[fr->npath++] = et_xstrndup(alt + start + 1, e);
				start += 1 + e;
			}
			cost = field_cost(alt, k, fr->npath);
			if (cost > c.cost)
				c.cost = cost;
		}
		free(copy);
	}
	r->conds = et_xrealloc(r->conds, (size_t)(r->nconds + 1) * sizeof *r->conds);
	r->conds[r->nconds++] = c;
	return 0;
}

/*
 * `hint TEXT` under a rule. TEXT runs to the end of the line; {NAME} is a
 * place for the text of the named group NAME. The groups are checked when
 * the rule is complete (check_hint), as conditions may follow.
 */
static int parse_hint_line(ct_ruleset *rs, ct_rule *r, const char *line, const char *p,
			   size_t lineno, const char *path, int how)
{
	et_buf clean = ET_BUF_INIT;
	size_t n;
	while (is_ws((unsigned char)*p))
		p++;
	n = strlen(p);
	while (n && is_ws((unsigned char)p[n - 1]))
		n--;
	if (r->hint) {
		report(rs, how, path, lineno, 1, "a second hint for rule %s (one a rule)", r->category);
		return -1;
	}
	if (!n) {
		report(rs, how, path, lineno, 1, "hint without text");
		return -1;
	}
	et_utf8_sanitize(&clean, p, n);
	r->hint = et_buf_detach(&clean, NULL);
	r->hint_line = lineno;
	r->hint_col = (size_t)(p - line);
	return 0;
}

/* The next {NAME} place in s at or after *i: sets [*b, *e) to NAME. */
int ct_hint_place(const char *s, size_t *i, size_t *b, size_t *e)
{
	for (; s[*i]; (*i)++) {
		size_t j = *i + 1;
		if (s[*i] != '{' || !(et_isalpha(s[j]) || s[j] == '_'))
			continue;
		while (et_isalnum(s[j]) || s[j] == '_')
			j++;
		if (s[j] == '}') {
			*b = *i + 1;
			*e = j;
			return 1;
		}
	}
	return 0;
}

/* Every {NAME} of the hint is a named group of a condition that must hold. */
static int check_hint(ct_ruleset *rs, ct_rule *r, const char *path, int how)
{
	size_t i = 0, b, e;
	int ok = 1;
	if (!r->hint)
		return 0;
	while (ct_hint_place(r->hint, &i, &b, &e)) {
		char *name = et_xstrndup(r->hint + b, e - b);
		int found = 0;
		for (int k = 0; k < r->nconds && !found; k++)
			found = !r->conds[k].neg && et_re_group_number(r->conds[k].re, name) > 0;
		if (!found) {
			report(rs, how, path, r->hint_line, r->hint_col + b + 1,
			       "hint names {%s}, but no condition of the rule has a group (?<%s>...)",
			       name, name);
			ok = 0;
		}
		r->hint_fills = 1;
		free(name);
		i = e + 1;
	}
	return ok ? 0 : -1;
}

static void parse_file(ct_ruleset *rs, const char *path, char *text, size_t size, int how)
{
	ct_rule cur;
	int bad = 0;
	size_t lineno = 0;
	char *p = text, *end = text + size;
	memset(&cur, 0, sizeof cur);
	if (size >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;         /* a byte order mark some editors write */
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line = p;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p = nl ? nl + 1 : end;
		lineno++;
		if (len && line[len - 1] == '\r')
			len--;
		line[len] = '\0';
		if (memchr(line, '\0', len)) {
			report(rs, how, path, lineno, 1, "NUL byte in pattern file");
			continue;
		}
		const char *q = line;
		while (is_ws((unsigned char)*q))
			q++;
		if (!*q || *q == '#')
			continue;
		if (q == line) {
			const char *tok, *s = line;
			size_t n = token(&s, &tok);
			if (n == 4 && !memcmp(tok, "rule", 4)) {
				finish_rule(rs, &cur, bad, path, how);
				bad = parse_rule_line(rs, &cur, line, lineno, path, how) < 0;
				if (bad && !cur.category)
					cur.category = et_xstrdup("?");
			} else if (n == 7 && !memcmp(tok, "disable", 7)) {
				finish_rule(rs, &cur, bad, path, how);
				bad = 0;
				if (!token(&s, &tok))
					report(rs, how, path, lineno, (size_t)(tok - line) + 1,
					       "disable without a category id");
				s = line + 7;
				while ((n = token(&s, &tok)) > 0) {
					if (!valid_category(tok, n)) {
						report(rs, how, path, lineno, (size_t)(tok - line) + 1,
						       "bad category id '%.*s'", (int)n, tok);
						continue;
					}
					rs->disables = et_xrealloc(rs->disables,
						(size_t)(rs->ndisables + 1) * sizeof *rs->disables);
					rs->disables[rs->ndisables].category = et_xstrndup(tok, n);
					rs->disables[rs->ndisables].file = rs->nfiles - 1;
					rs->disables[rs->ndisables].line = lineno;
					rs->disables[rs->ndisables].used = 0;
					rs->ndisables++;
				}
			} else {
				report(rs, how, path, lineno, 1,
				       "unknown directive '%.*s' (want rule or disable; conditions are indented)",
				       (int)n, tok);
			}
			continue;
		}
		if (!cur.category) {
			report(rs, how, path, lineno, (size_t)(q - line) + 1, "condition outside a rule");
			continue;
		}
		if (!strncmp(q, "hint", 4) && is_ws((unsigned char)q[4])) {
			if (parse_hint_line(rs, &cur, line, q + 4, lineno, path, how) < 0)
				bad = 1;
			continue;
		}
		if (parse_cond_line(rs, &cur, line, len, lineno, path, how) < 0)
			bad = 1;
	}
	finish_rule(rs, &cur, bad, path, how);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void load_file(ct_ruleset *rs, const char *path, const char *name, int how)
{
	et_buf text = ET_BUF_INIT;
	ct_file *f;
	rs->files = et_xrealloc(rs->files, (size_t)(rs->nfiles + 1) * sizeof *rs->files);
	f = &rs->files[rs->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = et_xstrdup(path);
	f->name = et_xstrdup(name);
	for (int i = 0; i < rs->nfiles - 1; i++) {
		if (!rs->files[i].skipped &&
		    !strcmp(base_name(rs->files[i].path), base_name(path))) {
			f->skipped = 1;
			f->overridden_by = et_xstrdup(rs->files[i].path);
			return;
		}
	}
	if (et_file_read(path, &text) < 0) {
		report(rs, how, path, 0, 0, "%s", strerror(errno));
		return;
	}
	parse_file(rs, path, text.buf, text.len, how);
	et_buf_release(&text);
}

static int pat_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 4 && !strcmp(d->d_name + n - 4, ".pat");
}

static int byte_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void load_dir(ct_ruleset *rs, const ct_pathent *pe, int how)
{
	struct dirent **ents;
	int n = scandir(pe->path, &ents, pat_filter, byte_order);
	size_t dl = strlen(pe->path);
	while (dl > 1 && pe->path[dl - 1] == '/')
		dl--;
	if (n < 0) {
		report(rs, how, pe->path, 0, 0, "%s", strerror(errno));
		return;
	}
	for (int i = 0; i < n; i++) {
		et_buf path = ET_BUF_INIT, name = ET_BUF_INIT;
		struct stat st;
		et_buf_add(&path, pe->path, dl);
		et_buf_addf(&path, "/%s", ents[i]->d_name);
		if (pe->bundled)
			et_buf_addf(&name, "patterns/%s", ents[i]->d_name);
		else
			et_buf_addstr(&name, path.buf);
		if (stat(path.buf, &st) == 0 && S_ISREG(st.st_mode))
			load_file(rs, path.buf, name.buf, how);
		et_buf_release(&path);
		et_buf_release(&name);
		free(ents[i]);
	}
	free(ents);
}

ct_ruleset *ct_load(const ct_pathent *path, int npath, int how)
{
	ct_ruleset *rs = et_xcalloc(1, sizeof *rs);
	rs->format_slot = -1;
	for (int i = 0; i < npath; i++) {
		struct stat st;
		if (stat(path[i].path, &st) != 0) {
			if (path[i].required)
				report(rs, how, path[i].path, 0, 0, "%s", strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode))
			load_dir(rs, &path[i], how);
		else
			load_file(rs, path[i].path, path[i].path, how);
	}
	for (int d = 0; d < rs->ndisables; d++)
		for (int i = 0; i < rs->nrules; i++)
			if (rs->rules[i].file > rs->disables[d].file &&
			    !strcmp(rs->rules[i].category, rs->disables[d].category)) {
				rs->rules[i].disabled = 1;
				rs->disables[d].used = 1;
			}
	for (int i = 0; i < rs->nnames; i++)
		if (!strcmp(rs->names[i], "format"))
			rs->format_slot = i;
	return rs;
}

void ct_ruleset_free(ct_ruleset *rs)
{
	if (!rs)
		return;
	for (int i = 0; i < rs->nrules; i++)
		rule_free(&rs->rules[i]);
	free(rs->rules);
	for (int i = 0; i < rs->nfiles; i++) {
		free(rs->files[i].path);
		free(rs->files[i].name);
		free(rs->files[i].overridden_by);
	}
	free(rs->files);
	for (int i = 0; i < rs->ndisables; i++)
		free(rs->disables[i].category);
	free(rs->disables);
	for (int i = 0; i < rs->nnames; i++)
		free(rs->names[i]);
	free(rs->names);
	free(rs);
}

/* ---- lint ---- */

/*
 * The literal strings a pattern of the form ^LIT$ or ^(LIT|LIT...)$ (or
 * with (?:) matches, as a '\n'-separated list; NULL for other patterns.
 */
static char *literal_set(const char *p)
{
	size_t n = strlen(p);
	et_buf out = ET_BUF_INIT;
	int group = 0;
	if (n < 2 || p[0] != '^' || p[n - 1] != '$')
		return NULL;
	p++;
	n -= 2;
	if (n >= 2 && p[0] == '(' && p[n - 1] == ')') {
		group = 1;
		p++;
		n -= 2;
		if (n >= 2 && p[0] == '?' && p[1] == ':') {
			p += 2;
			n -= 2;
		}
	}
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '\\' && i + 1 < n && strchr(".-/+*?()[]{}|^$\\ :_", p[i + 1])) {
			et_buf_addch(&out, p[++i]);
		} else if (c == '|' && group) {
			et_buf_addch(&out, '\n');
		} else if (strchr(".[](){}*+?|^$\\", c)) {
			et_buf_release(&out);
			return NULL;
		} else {
			et_buf_addch(&out, c);
		}
	}
	et_buf_addch(&out, '\n');
	return et_buf_detach(&out, NULL);
}

/* Every literal of a (each line) is a literal of b. */
static int lits_subset(const char *a, const char *b)
{
	while (*a) {
		const char *nl = strchr(a, '\n');
		size_t n = (size_t)(nl - a);
		const char *s = b;
		int found = 0;
		while (*s) {
			const char *e = strchr(s, '\n');
			if ((size_t)(e - s) == n && !memcmp(s, a, n)) {
				found = 1;
				break;
			}
			s = e + 1;
		}
		if (!found)
			return 0;
		a = nl + 1;
	}
	return 1;
}

/* Whenever condition b holds, condition a holds too. */
static int implies(const ct_cond *b, const ct_cond *a)
{
	char *la, *lb;
	int r;
	if (a->neg != b->neg || strcmp(a->field, b->field))
		return 0;
	if (!strcmp(a->pattern, b->pattern))
		return 1;
	la = literal_set(a->pattern);
	lb = literal_set(b->pattern);
	r = la && lb && (a->neg ? lits_subset(la, lb) : lits_subset(lb, la));
	free(la);
	free(lb);
	return r;
}

/* Whenever rule b matches, rule a matches too (a's conditions are implied). */
static int covers(const ct_rule *a, const ct_rule *b)
{
	for (int i = 0; i < a->nconds; i++) {
		int ok = 0;
		for (int j = 0; j < b->nconds && !ok; j++)
			ok = implies(&b->conds[j], &a->conds[i]);
		if (!ok)
			return 0;
	}
	return 1;
}

/* Whether a pattern has an empty alternative ("a||b", "(|x)", "x|"), which matches anything. */
static int empty_alternative(const char *p)
{
	size_t n = strlen(p);
	int in_class = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\') {
			i++;
			continue;
		}
		if (in_class) {
			in_class = p[i] != ']';
			continue;
		}
		if (p[i] == '[') {
			in_class = 1;
			if (i + 1 < n && p[i + 1] == ']')
				i++;
			continue;
		}
		if (p[i] == '|' && (i == 0 || p[i - 1] == '|' || p[i - 1] == '(' || i + 1 == n ||
				    p[i + 1] == ')'))
			return 1;
	}
	return 0;
}

/*
 * The names of the formats in errcap's bundled format files (their
 * `format NAME` lines), one per line; "" when there are none.
 */
static char *format_file_names(void)
{
	char *dir = et_data_dir("formats");
	et_buf names = ET_BUF_INIT, path = ET_BUF_INIT;
	DIR *d = opendir(dir);
	struct dirent *e;
	et_buf_addstr(&names, "");
	while (d && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		FILE *f;
		char line[512];
		if (n < 5 || strcmp(e->d_name + n - 4, ".fmt"))
			continue;
		et_buf_reset(&path);
		et_buf_addf(&path, "%s/%s", dir, e->d_name);
		if (!(f = fopen(path.buf, "r")))
			continue;
		while (fgets(line, sizeof line, f))
			if (!strncmp(line, "format ", 7)) {
				size_t k = strcspn(line + 7, " \t\r\n#");
				et_buf_add(&names, line + 7, k);
				et_buf_addch(&names, '\n');
			}
		fclose(f);
	}
	if (d)
		closedir(d);
	free(dir);
	et_buf_release(&path);
	return et_buf_detach(&names, NULL);
}

/* Is s[0..n) a line of the list (one name per line)? */
static int in_lines(const char *list, const char *s, size_t n)
{
	for (const char *p = list; *p; ) {
		const char *nl = strchr(p, '\n');
		if ((size_t)(nl - p) == n && !memcmp(p, s, n))
			return 1;
		p = nl + 1;
	}
	return 0;
}

/* Warnings of --check, gathered so that they print in file and line order. */
typedef struct {
	int file;
	size_t line;
	int seq;
	char *text;
} lint_msg;

typedef struct {
	const ct_ruleset *rs;
	lint_msg *v;
	int n;
} lint_list;

static void lint_warn(lint_list *l, int file, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void lint_warn(lint_list *l, int file, size_t line, const char *fmt, ...)
{
	et_buf b = ET_BUF_INIT;
	va_list ap;
	et_buf_addf(&b, "%s:%zu: warning: ", l->rs->files[file].path, line);
	va_start(ap, fmt);
	et_vformat_safe(&b, fmt, ap);
	va_end(ap);
	l->v = et_xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n].file = file;
	l->v[l->n].line = line;
	l->v[l->n].seq = l->n;
	l->v[l->n].text = et_buf_detach(&b, NULL);
	l->n++;
}

static int cmp_msg(const void *a, const void *b)
{
	const lint_msg *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Format names in a `format ^(a|b)$` condition that errcap never writes:
 * neither a built-in parser's nor a bundled format file's (file_names).
 */
static void lint_formats(lint_list *l, const ct_rule *r, const ct_cond *c, const char *file_names)
{
	char *lits, *p;
	if (strcmp(c->field, "format") || !(lits = literal_set(c->pattern)))
		return;
	for (p = lits; *p; ) {
		char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p);
		*nl = '\0';
		if (!et_schema_format(p) && !in_lines(file_names, p, n))
			lint_warn(l, r->file, c->line, "format '%s' is not one errcap writes", p);
		p = nl + 1;
	}
	free(lits);
}

int ct_lint(const ct_ruleset *rs)
{
	lint_list l = { rs, NULL, 0 };
	char *file_names = format_file_names();
	int n;
	for (int j = 0; j < rs->nrules; j++)
		for (int i = 0; i < rs->rules[j].nconds; i++) {
			const ct_cond *c = rs->rules[j].src_order[i];
			lint_formats(&l, &rs->rules[j], c, file_names);
			if (empty_alternative(c->pattern))
				lint_warn(&l, rs->rules[j].file, c->line,
					  "pattern for '%s' has an empty alternative, which matches any value",
					  c->field);
		}
	for (int j = 0; j < rs->nrules; j++) {
		const ct_rule *b = &rs->rules[j];
		if (b->disabled)
			continue;
		for (int i = 0; i < j; i++) {
			const ct_rule *a = &rs->rules[i];
			if (a->disabled || !covers(a, b))
				continue;
			if (covers(b, a))
				lint_warn(&l, b->file, b->line,
					  "%s rule '%s' has the same conditions as %s ('%s'), which wins",
					  strcmp(a->category, b->category) ? "shadowed:" : "duplicate:",
					  b->category, a->id, a->category);
			else
				lint_warn(&l, b->file, b->line,
					  "shadowed: rule '%s' never matches: %s ('%s') comes first and matches every record it would",
					  b->category, a->id, a->category);
			break;
		}
	}
	for (int d = 0; d < rs->ndisables; d++)
		if (!rs->disables[d].used)
			lint_warn(&l, rs->disables[d].file, rs->disables[d].line,
				  "disable %s: no rule in a later file has this category",
				  rs->disables[d].category);
	if (l.n)
		qsort(l.v, (size_t)l.n, sizeof *l.v, cmp_msg);
	for (int i = 0; i < l.n; i++) {
		puts(l.v[i].text);
		free(l.v[i].text);
	}
	free(l.v);
	free(file_names);
	n = l.n;
	return n;
}

void ct_list(const ct_ruleset *rs)
{
	for (int f = 0; f < rs->nfiles; f++) {
		const ct_file *fi = &rs->files[f];
		printf("file %s %s", fi->name, fi->path);
		if (fi->skipped)
			printf(" (overridden by %s)", fi->overridden_by);
		putchar('\n');
		for (int i = 0; i < rs->nrules; i++) {
			const ct_rule *r = &rs->rules[i];
			if (r->file != f)
				continue;
			printf("rule %s %s %s", r->id, r->category, ct_severity_name(r->severity));
			for (int t = 0; t < r->ntags; t++)
				printf("%c%s", t ? ',' : ' ', r->tags[t]);
			if (r->disabled)
				printf(" (disabled)");
			putchar('\n');
		}
	}
}
