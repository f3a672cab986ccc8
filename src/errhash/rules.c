/* rules: user fingerprint rules, parsed once, tried in order. */
#include "rules.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_file.h"
#include "et_hash.h"
#include "et_re.h"
#include "et_rec.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum { F_TYPE, F_MESSAGE, F_FILE, F_FUNCTION, F_FORMAT, F_LEVEL, F_NFIELDS };
static const char *const field_names[] = { "type", "message", "file", "function", "format", "level" };

typedef struct {
	int field;
	int negate;
	char *glob;             /* or NULL when re is set */
	et_re *re;
} matcher;

typedef struct {
	matcher *m;
	size_t nm;
	char *key;              /* the text after "->", placeholders unexpanded */
	size_t line;
} rule;

struct eh_rules {
	rule *r;
	size_t n;
	char *path;
	et_buf key;
};

static int field_of(const char *p, size_t n)
{
	for (int i = 0; i < F_NFIELDS; i++)
		if (strlen(field_names[i]) == n && !memcmp(field_names[i], p, n))
			return i;
	return -1;
}

/*
 * glob: * (not across / in file names), ** (across), ?, \x. Like a regular
 * expression, a glob has a step limit (GLOB_STEPS): past it, no match.
 */
#define GLOB_STEPS 1000000L

static int glob_rec(const char *g, const char *s, int slash, long *steps)
{
	while (*g) {
		if (--*steps < 0)
			return 0;
		if (g[0] == '*') {
			int cross = g[1] == '*' || !slash;
			while (*g == '*')
				g++;
			if (!*g)
				return cross || !strchr(s, '/');
			for (;; s++) {
				if (glob_rec(g, s, slash, steps))
					return 1;
				if (!*s || (!cross && *s == '/') || *steps < 0)
					return 0;
			}
		}
		if (!*s)
			return 0;
		if (*g == '?') {
			if (slash && *s == '/')
				return 0;
		} else {
			if (*g == '\\' && g[1])
				g++;
			if (*g != *s)
				return 0;
		}
		g++;
		s++;
	}
	return !*s;
}

static int glob_match(const char *g, const char *s, int slash)
{
	long steps = GLOB_STEPS;
	return glob_rec(g, s, slash, &steps);
}

static int value_matches(const matcher *m, const char *v)
{
	if (!v)
		return 0;
	if (m->re)
		return et_re_match(m->re, v, strlen(v), NULL, 0) == 1;
	return glob_match(m->glob, v, m->field == F_FILE);
}

static int frames_match(const matcher *m, const cJSON *rec, const char *key)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, et_json_get(rec, "frames"))
		if (value_matches(m, et_json_str(f, key)))
			return 1;
	return 0;
}

static int matches(const matcher *m, const cJSON *rec)
{
	const char *key = field_names[m->field];
	int hit = value_matches(m, et_json_str(rec, key));
	if (!hit && (m->field == F_FILE || m->field == F_FUNCTION))
		hit = frames_match(m, rec, key);
	return hit != m->negate;
}

/* ---- parsing ---- */

static void free_rule(rule *r)
{
	for (size_t i = 0; i < r->nm; i++) {
		free(r->m[i].glob);
		et_re_free(r->m[i].re);
	}
	free(r->m);
	free(r->key);
}

static int check_key(const char *key, const char **why)
{
	const char *p = key;
	while ((p = strstr(p, "{{"))) {
		const char *e = strstr(p, "}}");
		size_t a, b;
		if (!e) {
			*why = "unclosed '{{' in the key";
			return -1;
		}
		a = (size_t)(p + 2 - key);
		while (key[a] == ' ')
			a++;
		b = (size_t)(e - key);
		while (b > a && key[b - 1] == ' ')
			b--;
		if (!(b - a == 7 && !memcmp(key + a, "default", 7)) && field_of(key + a, b - a) < 0) {
			*why = "unknown placeholder in the key (use default, type, message, file, "
			       "function, format or level)";
			return -1;
		}
		p = e + 2;
	}
	return 0;
}

/* Parses one line into r; returns 0, 1 for a blank line, -1 with *why set. */
static int parse_line(char *s, rule *r, const char **why, char *errbuf, size_t errsz)
{
	char *arrow, *p, *key;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '#')
		return 1;
	memset(r, 0, sizeof *r);
	p = s;
	arrow = NULL;
	while (*p) {
		matcher m = { 0 };
		char *f = p, *colon;
		et_buf v = ET_BUF_INIT;
		int is_re = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (p[0] == '-' && p[1] == '>') {
			arrow = p;
			break;
		}
		if (*p == '!') {
			m.negate = 1;
			p++;
		}
		f = p;
		colon = p;
		while (*colon && *colon != ':' && *colon != ' ' && *colon != '\t')
			colon++;
		if (*colon != ':') {
			*why = "expected FIELD:VALUE or '->'";
			return -1;
		}
		m.field = field_of(f, (size_t)(colon - f));
		if (m.field < 0) {
			*why = "unknown field (use type, message, file, function, format or level)";
			return -1;
		}
		p = colon + 1;
		if (!strncmp(p, "re:", 3)) {
			is_re = 1;
			p += 3;
		}
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				et_buf_addch(&v, *p++);
			}
			if (*p != '"') {
				et_buf_release(&v);
				*why = "unterminated quoted value";
				return -1;
			}
			p++;
		} else {
			while (*p && *p != ' ' && *p != '\t')
				et_buf_addch(&v, *p++);
			if (!v.len) {
				*why = "empty value (quote it: FIELD:\"\")";
				return -1;
			}
		}
		if (is_re) {
			size_t off = 0;
			char err[200];
			m.re = et_re_compile(v.buf, v.len, 0, err, sizeof err, &off);
			if (!m.re) {
				snprintf(errbuf, errsz, "bad regular expression at offset %zu: %s", off, err);
				*why = errbuf;
				et_buf_release(&v);
				return -1;
			}
			et_buf_release(&v);
		} else {
			m.glob = v.len ? et_buf_detach(&v, NULL) : et_xstrdup("");
		}
		r->m = et_xrealloc(r->m, (r->nm + 1) * sizeof *r->m);
		r->m[r->nm++] = m;
	}
	if (!arrow) {
		*why = "missing '-> KEY'";
		return -1;
	}
	if (!r->nm) {
		*why = "no matcher before '->'";
		return -1;
	}
	key = arrow + 2;
	while (*key == ' ' || *key == '\t')
		key++;
	p = key + strlen(key);
	while (p > key && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	*p = '\0';
	if (!*key) {
		*why = "empty key after '->'";
		return -1;
	}
	if (check_key(key, why))
		return -1;
	r->key = et_xstrdup(key);
	return 0;
}

eh_rules *eh_rules_load(const char *path)
{
	et_buf text = ET_BUF_INIT;
	eh_rules *rs;
	char *p, *nl;
	size_t lineno = 0;
	int bad = 0;
	if (et_file_read(path, &text)) {
		et_warn_at(path, 0, "%s", strerror(errno));
		return NULL;
	}
	rs = et_xcalloc(1, sizeof *rs);
	rs->path = et_xstrdup(path);
	et_buf_init(&rs->key, 256);
	for (p = text.buf; p && p < text.buf + text.len; p = nl ? nl + 1 : NULL) {
		rule r;
		const char *why = NULL;
		char errbuf[300];
		int rc;
		nl = memchr(p, '\n', text.len - (size_t)(p - text.buf));
		lineno++;
		if (memchr(p, '\0', (size_t)((nl ? nl : text.buf + text.len) - p))) {
			et_warn_at(path, lineno, "NUL byte in the rule");
			bad = 1;
			continue;
		}
		if (nl) {
			*nl = '\0';
			if (nl > p && nl[-1] == '\r')
				nl[-1] = '\0';
		}
		rc = parse_line(p, &r, &why, errbuf, sizeof errbuf);
		if (rc < 0) {
			et_warn_at(path, lineno, "%s", why);
			free_rule(&r);
			bad = 1;
			continue;
		}
		if (rc > 0)
			continue;
		r.line = lineno;
		rs->r = et_xrealloc(rs->r, (rs->n + 1) * sizeof *rs->r);
		rs->r[rs->n++] = r;
	}
	et_buf_release(&text);
	if (bad) {
		eh_rules_free(rs);
		return NULL;
	}
	return rs;
}

void eh_rules_free(eh_rules *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		free_rule(&rs->r[i]);
	free(rs->r);
	free(rs->path);
	et_buf_release(&rs->key);
	free(rs);
}

static void expand(eh_rules *rs, eh_fp *fp, const cJSON *rec, const char *key)
{
	const char *p = key;
	et_buf_reset(&rs->key);
	et_buf_addstr(&rs->key, "errhash-rule/1\x1f");
	for (;;) {
		const char *o = strstr(p, "{{"), *e;
		size_t a, b;
		if (!o) {
			et_buf_addstr(&rs->key, p);
			break;
		}
		et_buf_add(&rs->key, p, (size_t)(o - p));
		e = strstr(o, "}}");
		a = 2;
		while (o[a] == ' ')
			a++;
		b = (size_t)(e - o);
		while (b > a && o[b - 1] == ' ')
			b--;
		if (b - a == 7 && !memcmp(o + a, "default", 7)) {
			char hex[17];
			et_hash_hex(eh_fp_record(fp, rec), hex);
			et_buf_addstr(&rs->key, hex);
		} else {
			const char *v = et_json_str(rec, field_names[field_of(o + a, b - a)]);
			et_buf_addstr(&rs->key, v ? v : "");
		}
		et_buf_addch(&rs->key, '\x1f');
		p = e + 2;
	}
}

int eh_rules_apply(eh_rules *rs, eh_fp *fp, const cJSON *rec, uint64_t *out, et_buf *why)
{
	for (size_t i = 0; i < rs->n; i++) {
		rule *r = &rs->r[i];
		size_t k;
		for (k = 0; k < r->nm; k++)
			if (!matches(&r->m[k], rec))
				break;
		if (k < r->nm)
			continue;
		expand(rs, fp, rec, r->key);
		*out = et_hash64(rs->key.buf, rs->key.len);
		if (why) {
			et_buf_reset(why);
			et_buf_addf(why, "rule: %s:%zu\nkey: ", rs->path, r->line);
			for (size_t j = 15; j < rs->key.len; j++)   /* after "errhash-rule/1\x1f" */
				et_buf_addch(why, rs->key.buf[j] == 0x1f ? (char)32 : rs->key.buf[j]);
			et_buf_addch(why, '\n');
		}
		return 1;
	}
	return 0;
}
