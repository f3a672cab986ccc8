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

static int branch(const char *p, size_t n, ct_lits *out);

/* One top-level branch: adds its requirement to out, or returns -1. */
static int branch(const char *p, size_t n, ct_lits *out)
{
	runs r = { .rl = 0, .bl = 0 };
	ct_lits g = { 0 };
	int have_g = 0, opt;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		unsigned char ch;
		size_t adv;
		if (c == '\\') {
			unsigned char d;
			if (i + 1 >= n)
				goto fail;
			d = (unsigned char)p[i + 1];
			if (is_alnum(d)) {
				end_run(&r);
				if (d == 'Q' || d == 'E')
					goto fail;
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
				continue;
			}
			if (d >= 0x80)
				goto fail;
			ch = d;
			adv = 2;
		} else if (c == '[') {
			end_run(&r);
			i = class_end(p, n, i);
			if (!i)
				goto fail;
			continue;
		} else if (c == '(') {
			size_t e, inner = 0;
			int opaque = 0;
			if (i + 1 < n && p[i + 1] == '*')
				goto fail;
			e = group_end(p, n, i);
			if (!e)
				goto fail;
			end_run(&r);
			if (p[i + 1] != '?') {
				inner = i + 1;
			} else if (i + 2 < n) {
				char q = p[i + 2];
				if (q == ':') {
					inner = i + 3;
				} else if (q == '=' || q == '!' || q == '#' ||
					   (q == '<' && i + 3 < n && (p[i + 3] == '=' || p[i + 3] == '!'))) {
					opaque = 1;
				} else if (q == '<' || q == 'P' || q == '\'') {
					size_t k = i + 3;
					while (k < e && p[k] != '>' && p[k] != '\'')
						k++;
					if (q == 'P' && (i + 3 >= n || p[i + 3] != '<'))
						opaque = 1;
					else
						inner = k + 1;
				} else {
					size_t k = i + 2;
					while (k < e && (is_alnum((unsigned char)p[k]) || p[k] == '-' || p[k] == '^')) {
						if (p[k] == 'x')
							goto fail;
						k++;
					}
					if (k == e) {           /* (?i): a flag setting, not a group */
						i = e + 1;
						continue;
					}
					if (p[k] == ':')
						inner = k + 1;
					else
						opaque = 1;
				}
			} else {
				goto fail;
			}
			i = skip_quant(p, n, e + 1, &opt);
			if (!opaque && inner && !opt && !have_g && inner <= e) {
				if (ct_lit_extract(p + inner, e - inner, &g) == 0)
					have_g = 1;
			}
			continue;
		} else if (c == '.' || c == '^' || c == '$') {
			end_run(&r);
			i++;
			continue;
		} else if (c == '?' || c == '*' || c == '+' || c == '{') {
			/* a quantifier of what came before (a class, '.', an escape) */
			end_run(&r);
			i = skip_quant(p, n, i, &opt);
			continue;
		} else if (c == ')' || c == '|') {
			end_run(&r);
			i++;
			continue;
		} else if (c >= 0x80) {
			end_run(&r);
			i++;
			while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
				i++;
			continue;
		} else {
			ch = c;
			adv = 1;
		}
		/* a literal character at p[i], adv bytes */
		{
			size_t j = i + adv;
			char q = j < n ? p[j] : 0;
			if (q == '?' || q == '*' || q == '{') {
				end_run(&r);
				i = j;
				continue;
			}
			if (r.rl == RUN_MAX)
				end_run(&r);
			r.run[r.rl++] = (char)lower(ch);
			if (q == '+')
				end_run(&r);
			i = j;
		}
	}
	end_run(&r);
	if (r.bl >= CT_LIT_MIN) {
		lits_add(out, r.best, r.bl);
		ct_lits_free(&g);
		return 0;
	}
	if (have_g) {
		for (int k = 0; k < g.n; k++)
			lits_add(out, g.s[k], g.len[k]);
		ct_lits_free(&g);
		return 0;
	}
fail:
	ct_lits_free(&g);
	return -1;
}

int ct_lit_extract(const char *p, size_t n, ct_lits *out)
{
	size_t start = 0, i = 0;
	int depth = 0;
	ct_lits l = { 0 };
	while (i <= n) {
		if (i == n || (p[i] == '|' && depth == 0)) {
			if (branch(p + start, i - start, &l) < 0)
				goto fail;
			start = i + 1;
			i++;
		} else if (p[i] == '\\') {
			i += 2;
			if (i > n)
				goto fail;
		} else if (p[i] == '[') {
			i = class_end(p, n, i);
			if (!i)
				goto fail;
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
	for (int k = 0; k < l.n; k++)
		lits_add(out, l.s[k], l.len[k]);
	ct_lits_free(&l);
	return 0;
fail:
	ct_lits_free(&l);
	return -1;
}
