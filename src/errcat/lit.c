/* lit: provable literal strings of a PCRE2 pattern, for prefiltering. */
#include "lit.h"
#include "et_cli.h"

#include <stdlib.h>
#include <string.h>

#define RUN_MAX 64

static int is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static void lits_add(ct_lits *l, const char *s, size_t n)
{
	l->s = et_xrealloc(l->s, (size_t)(l->n + 1) * sizeof *l->s);
	l->len = et_xrealloc(l->len, (size_t)(l->n + 1) * sizeof *l->len);
	l->s[l->n] = et_xstrndup(s, n);
	l->len[l->n] = n;
	l->n++;
}

void ct_lits_free(ct_lits *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	free(l->len);
	memset(l, 0, sizeof *l);
}

/* Index just past the character class starting at p[i] == '['; 0 on error. */
static size_t class_end(const char *p, size_t n, size_t i)
{
	i++;
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	while (i < n) {
		if (p[i] == '\\') {
			i += 2;
		} else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
			const char *e = NULL;
			for (size_t k = i + 2; k + 1 < n; k++)
				if (p[k] == ':' && p[k + 1] == ']') {
					e = p + k;
					break;
				}
			if (!e)
				return 0;
			i = (size_t)(e - p) + 2;
		} else if (p[i] == ']') {
			return i + 1;
		} else {
			i++;
		}
	}
	return 0;
}

/* Index of the ')' closing the group opened at p[i]; 0 on error. */
static size_t group_end(const char *p, size_t n, size_t i)
{
	int depth = 0;
	while (i < n) {
		if (p[i] == '\\') {
			if (i + 1 < n && p[i + 1] == 'Q')
				return 0;
			i += 2;
		} else if (p[i] == '[') {
			i = class_end(p, n, i);
			if (!i)
				return 0;
		} else if (p[i] == '(') {
			depth++;
			i++;
		} else if (p[i] == ')') {
			if (--depth == 0)
				return i;
			i++;
		} else {
			i++;
		}
	}
	return 0;
}

/* Skips a quantifier at p[i]; sets *optional when it allows zero repeats. */
static size_t skip_quant(const char *p, size_t n, size_t i, int *optional)
{
	*optional = 0;
	if (i >= n)
		return i;
	if (p[i] == '?' || p[i] == '*') {
		*optional = 1;
		i++;
	} else if (p[i] == '+') {
		i++;
	} else if (p[i] == '{') {
		size_t k = i + 1;
		while (k < n && p[k] == ' ')
			k++;
		*optional = k >= n || p[k] == '0' || p[k] == ',';
		while (i < n && p[i] != '}')
			i++;
		if (i < n)
			i++;
	} else {
		return i;
	}
	if (i < n && (p[i] == '?' || p[i] == '+'))
		i++;
	return i;
}

typedef struct {
	char run[RUN_MAX];
	size_t rl;
	char best[RUN_MAX];
	size_t bl;
} runs;

static void end_run(runs *r)
{
	if (r->rl > r->bl) {
		memcpy(r->best, r->run, r->rl);
		r->bl = r->rl;
	}
	r->rl = 0;
}

/* Appends a copy of every string of from to out. */
static void lits_append(ct_lits *out, const ct_lits *from)
{
	for (int k = 0; k < from->n; k++)
		lits_add(out, from->s[k], from->len[k]);
}

/* Index just past a backslash-letter or -digit escape at p[i] (\d, \x{41}, \k<n>); 0 for \Q, \E. */
static size_t escape_end(const char *p, size_t n, size_t i)
{
	unsigned char d = (unsigned char)p[i + 1];
	if (d == 'Q' || d == 'E')
		return 0;
	i += 2;
	if (strchr("pPxogkN", d) && i < n && p[i] == '{') {
		while (i < n && p[i] != '}')
			i++;
		i++;
	} else if ((d == 'g' || d == 'k') && i < n && (p[i] == '<' || p[i] == '\'')) {
		char close = p[i] == '<' ? '>' : '\'';
		i++;
		while (i < n && p[i] != close)
			i++;
		i++;
	} else if (d == 'c') {
		i++;
	} else if (d == 'x') {
		for (int k = 0; k < 2 && i < n && strchr("0123456789abcdefABCDEF", p[i]); k++)
			i++;
	} else if (d >= '0' && d <= '9') {
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++;
	}
	return i;
}

/* Group p[i..e]: 1 with *inner where its pattern starts (0: opaque), 0 for (?i), -1 on error. */
static int group_kind(const char *p, size_t n, size_t i, size_t e, size_t *inner)
{
	char q;
	size_t k;
	*inner = 0;
	if (p[i + 1] != '?') {
		*inner = i + 1;
		return 1;
	}
	if (i + 2 >= n)
		return -1;
	q = p[i + 2];
	if (q == ':') {
		*inner = i + 3;
	} else if (q == '=' || q == '!' || q == '#' ||
		   (q == '<' && i + 3 < n && (p[i + 3] == '=' || p[i + 3] == '!'))) {
		return 1;               /* a lookaround or a comment: opaque */
	} else if (q == '<' || q == 'P' || q == '\'') {
		k = i + 3;
		while (k < e && p[k] != '>' && p[k] != '\'')
			k++;
		if (q == 'P' && (i + 3 >= n || p[i + 3] != '<'))
			return 1;       /* (?P=name), (?P>name): opaque */
		*inner = k + 1;
	} else {
		k = i + 2;
		while (k < e && (is_alnum((unsigned char)p[k]) || p[k] == '-' || p[k] == '^')) {
			if (p[k] == 'x')
				return -1;
			k++;
		}
		if (k == e)             /* (?i): a flag setting, not a group */
			return 0;
		if (p[k] == ':')
			*inner = k + 1;
	}
	return 1;
}

/* Index past the group at p[i] and its quantifier, its literals into g if it must match; 0 on error. */
static size_t group(const char *p, size_t n, size_t i, ct_lits *g, int *have_g)
{
	size_t e, inner;
	int kind, opt;
	if (i + 1 < n && p[i + 1] == '*')
		return 0;
	e = group_end(p, n, i);
	if (!e)
		return 0;
	kind = group_kind(p, n, i, e, &inner);
	if (kind < 0)
		return 0;
	if (kind == 0)
		return e + 1;
	i = skip_quant(p, n, e + 1, &opt);
	if (inner && !opt && !*have_g && inner <= e && ct_lit_extract(p + inner, e - inner, g) == 0)
		*have_g = 1;
	return i;
}

/* Adds the literal ch ending before p[j] to the run unless a quantifier follows; returns j. */
static size_t literal(runs *r, const char *p, size_t n, size_t j, unsigned char ch)
{
	char q = j < n ? p[j] : 0;
	if (q == '?' || q == '*' || q == '{') {
		end_run(r);
		return j;
	}
	if (r->rl == RUN_MAX)
		end_run(r);
	r->run[r->rl++] = (char)lower(ch);
	if (q == '+')
		end_run(r);
	return j;
}

/* One top-level branch: adds its requirement to out, or returns -1. */
static int branch(const char *p, size_t n, ct_lits *out)
{
	runs r = { .rl = 0, .bl = 0 };
	ct_lits g = { 0 };
	int have_g = 0, opt, rc = -1;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\\') {
			unsigned char d;
			if (i + 1 >= n)
				goto out;
			d = (unsigned char)p[i + 1];
			if (d >= 0x80)
				goto out;
			if (is_alnum(d)) {
				end_run(&r);
				if (!(i = escape_end(p, n, i)))
					goto out;
			} else {
				i = literal(&r, p, n, i + 2, d);
			}
		} else if (c == '[') {
			end_run(&r);
			if (!(i = class_end(p, n, i)))
				goto out;
		} else if (c == '(') {
			end_run(&r);
			if (!(i = group(p, n, i, &g, &have_g)))
				goto out;
		} else if (c == '?' || c == '*' || c == '+' || c == '{') {
			/* a quantifier of what came before (a class, '.', an escape) */
			end_run(&r);
			i = skip_quant(p, n, i, &opt);
		} else if (c == '.' || c == '^' || c == '$' || c == ')' || c == '|') {
			end_run(&r);
			i++;
		} else if (c >= 0x80) {
			end_run(&r);
			i++;
			while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
				i++;
		} else {
			i = literal(&r, p, n, i + 1, c);
		}
	}
	end_run(&r);
	if (r.bl >= CT_LIT_MIN) {
		lits_add(out, r.best, r.bl);
		rc = 0;
	} else if (have_g) {
		lits_append(out, &g);
		rc = 0;
	}
out:
	ct_lits_free(&g);
	return rc;
}

int ct_lit_extract(const char *p, size_t n, ct_lits *out)
{
	size_t start = 0, i = 0;
	int depth = 0, rc = -1;
	ct_lits l = { 0 };
	while (i <= n) {
		if (i == n || (p[i] == '|' && depth == 0)) {
			if (branch(p + start, i - start, &l) < 0)
				goto out;
			start = i + 1;
			i++;
		} else if (p[i] == '\\') {
			i += 2;
			if (i > n)
				goto out;
		} else if (p[i] == '[') {
			i = class_end(p, n, i);
			if (!i)
				goto out;
		} else if (p[i] == '(') {
			depth++;
			i++;
		} else if (p[i] == ')') {
			depth--;
			i++;
		} else {
			i++;
		}
	}
	lits_append(out, &l);
	rc = 0;
out:
	ct_lits_free(&l);
	return rc;
}
