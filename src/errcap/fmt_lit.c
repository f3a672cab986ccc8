/*
 * fmt_lit.c: the literal text every match of a PCRE2 regex must contain,
 * for the prefilter (core_scan.h) of a format that names no trigger.
 *
 * The regex is read as a tree of alternations, sequences, groups and
 * atoms. A sequence must contain each of its literal runs (characters that
 * are not optional) and what each of its non-optional groups must contain;
 * an alternation must contain what one of its branches must: the union of
 * the branches' sets, or nothing when one branch has none. Of a sequence's
 * candidates the one whose weakest literal is strongest is kept. Anything
 * not understood (a class, an escape for a class, a back reference, a
 * caseless or extended option) ends a run, so the result is always safe.
 */
#include "fmt_int.h"
#include "core_scan.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"

#include <stdlib.h>
#include <string.h>

#define LIT_MIN_LEN 3           /* shorter literals match too many lines */
#define LIT_MAX_SET 16          /* more alternatives than this: not worth it */

typedef struct {
	char **v;
	size_t n;
	int none;               /* no usable literal */
} litset;

typedef struct {
	const char *p, *e;
	int bad;                /* an option that changes what a literal means */
} rd;

void fmt_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static void set_free(litset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* How good a trigger the literal is: its rarity in logs; 0: unusable. */
static int lit_score(const char *s)
{
	size_t n = strlen(s);
	int r;
	if (n < LIT_MIN_LEN || strchr(s, '\n'))
		return 0;
	r = core_scan_rarity(s, n) + 40;
	return r > 1 ? r : 1;
}

/* A set is as good as its weakest literal, less for being many. */
static int set_score(const litset *s)
{
	int m = 1 << 30, sc;
	if (s->none || !s->n || s->n > LIT_MAX_SET)
		return 0;
	for (size_t i = 0; i < s->n; i++) {
		sc = lit_score(s->v[i]);
		if (sc < m)
			m = sc;
	}
	if (!m)
		return 0;
	for (size_t k = s->n; k > 1; k >>= 1)
		m--;
	return m > 1 ? m : 1;
}

/* Keeps cand in *best when it scores higher (cand is consumed). */
static void keep_best(litset *best, litset *cand)
{
	int a = set_score(best), b = set_score(cand);
	if (b > a || (b == a && b > 0 && cand->n < best->n)) {
		set_free(best);
		*best = *cand;
	} else {
		set_free(cand);
	}
	memset(cand, 0, sizeof *cand);
}

/* Skips to after the ')' closing a group whose body starts at r->p. */
static void skip_group(rd *r)
{
	int depth = 1;
	while (r->p < r->e && depth) {
		char c = *r->p++;
		if (c == '\\' && r->p < r->e)
			r->p++;
		else if (c == '[') {
			if (r->p < r->e && *r->p == '^')
				r->p++;
			if (r->p < r->e && *r->p == ']')
				r->p++;
			while (r->p < r->e && *r->p != ']') {
				if (*r->p == '\\' && r->p + 1 < r->e)
					r->p++;
				else if (*r->p == '[' && r->p + 1 < r->e && r->p[1] == ':') {
					const char *q = strstr(r->p + 2, ":]");
					if (q && q < r->e)
						r->p = q + 1;
				}
				r->p++;
			}
			if (r->p < r->e)
				r->p++;
		} else if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
	}
}

/*
 * A quantifier at r->p: returns 0 when there is none, 1 when the atom
 * before it stays required (+, {n,} with n >= 1), 2 when it becomes
 * optional (?, *, {0,...}); skips it and a lazy/possessive suffix.
 */
static int quantifier(rd *r)
{
	int q = 0;
	if (r->p >= r->e)
		return 0;
	if (*r->p == '?' || *r->p == '*') {
		q = 2;
		r->p++;
	} else if (*r->p == '+') {
		q = 1;
		r->p++;
	} else if (*r->p == '{') {
		const char *s = r->p + 1;
		long min = 0;
		int digits = 0;
		while (s < r->e && et_isdigit((unsigned char)*s)) {
			if (min < 100000)
				min = min * 10 + (*s - '0');
			s++;
			digits++;
		}
		if (!digits)
			return 0;       /* a literal '{' */
		while (s < r->e && (*s == ',' || et_isdigit((unsigned char)*s) || *s == ' '))
			s++;
		if (s >= r->e || *s != '}')
			return 0;
		r->p = s + 1;
		q = min >= 1 ? 1 : 2;
	} else {
		return 0;
	}
	if (r->p < r->e && (*r->p == '?' || *r->p == '+'))
		r->p++;
	return q;
}

typedef struct {
	litset req;             /* what every match must contain */
	litset exact;           /* the strings it matches, when finite and small */
	int is_exact;
} res;

static res parse_alt(rd *r);

static litset set_copy(const litset *s)
{
	litset c = { NULL, s->n, s->none };
	c.v = et_xmalloc((s->n ? s->n : 1) * sizeof *c.v);
	for (size_t i = 0; i < s->n; i++)
		c.v[i] = et_xstrdup(s->v[i]);
	return c;
}

static void set_one(litset *s, const char *p, size_t n)
{
	set_free(s);
	s->v = et_xmalloc(sizeof *s->v);
	s->v[0] = et_xstrndup(p, n);
	s->n = 1;
	s->none = 0;
}

/* The run (the strings the atoms since the last break match) is a candidate. */
static void run_flush(litset *run, litset *best)
{
	int empty = 0;
	for (size_t i = 0; i < run->n; i++)
		empty |= !run->v[i][0];
	if (!empty && run->n) {
		litset c = set_copy(run);
		keep_best(best, &c);
	}
	set_one(run, "", 0);
}

/* run = run x alts (each string followed by each alternative). */
static void run_product(litset *run, const litset *alts, litset *best)
{
	litset out = { NULL, 0, 0 };
	if (run->n * alts->n > LIT_MAX_SET) {
		run_flush(run, best);
		set_free(run);
		*run = set_copy(alts);
		return;
	}
	out.v = et_xmalloc((run->n * alts->n + 1) * sizeof *out.v);
	for (size_t i = 0; i < run->n; i++)
		for (size_t j = 0; j < alts->n; j++) {
			et_buf b = ET_BUF_INIT;
			et_buf_addstr(&b, run->v[i]);
			et_buf_addstr(&b, alts->v[j]);
			out.v[out.n++] = et_buf_detach(&b, NULL);
		}
	set_free(run);
	*run = out;
}

/*
 * A class [...] at r->p (after '['): its characters when it is a short
 * list of single ASCII characters (no ranges, no negation), else none.
 */
static litset parse_class(rd *r)
{
	litset s = { NULL, 0, 0 };
	int neg = 0, simple = 1;
	char chars[LIT_MAX_SET + 1];
	size_t n = 0;
	if (r->p < r->e && *r->p == '^') {
		neg = 1;
		r->p++;
	}
	if (r->p < r->e && *r->p == ']') {
		if (n < LIT_MAX_SET)
			chars[n] = ']';
		n++;
		r->p++;
	}
	while (r->p < r->e && *r->p != ']') {
		char c = *r->p;
		if (c == '\\' && r->p + 1 < r->e) {
			char d = r->p[1];
			r->p++;
			if (et_isalnum((unsigned char)d) || (unsigned char)d >= 0x80)
				simple = 0;
			c = d;
		} else if (c == '[' && r->p + 1 < r->e && r->p[1] == ':') {
			const char *q = r->p + 2;
			while (q + 1 < r->e && !(q[0] == ':' && q[1] == ']'))
				q++;
			if (q + 1 < r->e)
				r->p = q + 1;
			simple = 0;
		} else if ((c == '-' && n && r->p + 1 < r->e && r->p[1] != ']') || (unsigned char)c >= 0x80) {
			simple = 0;
		}
		if (n < LIT_MAX_SET)
			chars[n] = c;
		n++;
		r->p++;
	}
	if (r->p < r->e)
		r->p++;
	if (neg || !simple || !n || n > LIT_MAX_SET) {
		s.none = 1;
		return s;
	}
	s.v = et_xmalloc(n * sizeof *s.v);
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < s.n; j++)
			dup |= s.v[j][0] == chars[i];
		if (!dup)
			s.v[s.n++] = et_xstrndup(&chars[i], 1);
	}
	return s;
}

/* A sequence up to '|', ')' or the end. */
static res parse_seq(rd *r)
{
	res out = { { NULL, 0, 1 }, { NULL, 0, 0 }, 1 };
	litset run = { NULL, 0, 0 };
	set_one(&run, "", 0);
	while (r->p < r->e && *r->p != '|' && *r->p != ')') {
		char c = *r->p;
		litset atom = { NULL, 0, 1 };  /* the strings the atom matches; none: not literal */
		litset req = { NULL, 0, 1 };   /* a group's required literals */
		int q;
		if (c == '\\') {
			char d = r->p + 1 < r->e ? r->p[1] : '\0';
			r->p += 2;
			if (d == 'Q') {         /* \Q...\E: literal text */
				const char *e = r->p;
				while (e + 1 < r->e && !(e[0] == '\\' && e[1] == 'E'))
					e++;
				if (e + 1 >= r->e)
					e = r->e;
				set_one(&atom, r->p, (size_t)(e - r->p));
				r->p = e < r->e ? e + 2 : r->e;
			} else if (d && !et_isalnum((unsigned char)d) && (unsigned char)d < 0x80) {
				set_one(&atom, &d, 1);
			} else if (d == 't' || d == 'e' || d == 'a' || d == 'f') {
				char b = d == 't' ? '\t' : d == 'e' ? 033 : d == 'a' ? 7 : '\f';
				set_one(&atom, &b, 1);
			} else if (d == 'b' || d == 'B' || d == 'A' || d == 'z' || d == 'Z' || d == 'G' || d == 'K') {
				run_flush(&run, &out.req);
				out.is_exact = 0;
				continue;       /* assertions */
			} else if (r->p < r->e && (*r->p == '{' || *r->p == '<' || *r->p == '\'')) {
				/* \x{..}, \p{..}, \g{..}, \k<..> ... */
				char close = *r->p == '{' ? '}' : *r->p == '<' ? '>' : '\'';
				const char *e = memchr(r->p + 1, close, (size_t)(r->e - r->p - 1));
				r->p = e ? e + 1 : r->e;
			} else {
				/* the argument of \xHH, \uHHHH (ECMAScript), \cX, \NNN */
				int max = d == 'x' ? 2 : d == 'u' ? 4 : d == 'c' ? 1 : et_isdigit((unsigned char)d) ? 3 : 0;
				for (int k = 0; k < max && r->p < r->e; k++, r->p++)
					if (d != 'c' && !(d == 'x' || d == 'u' ? et_isxdigit((unsigned char)*r->p)
								     : et_isdigit((unsigned char)*r->p)))
						break;
			}
		} else if (c == '[') {
			r->p++;
			atom = parse_class(r);
		} else if (c == '.') {
			r->p++;
		} else if (c == '^' || c == '$') {
			r->p++;
			continue;
		} else if (c == '(') {
			r->p++;
			if (r->p < r->e && *r->p == '*') {      /* (*VERB) */
				skip_group(r);
				continue;
			}
			if (r->p < r->e && *r->p == '?') {
				const char *o = r->p + 1;
				if (o < r->e && (*o == '#' || *o == '=' || *o == '!' ||
						 (*o == '<' && o + 1 < r->e && (o[1] == '=' || o[1] == '!')))) {
					r->p = o;
					skip_group(r);  /* comments and lookarounds */
					if (*o != '#')
						out.is_exact = 0;
					quantifier(r);
					continue;
				}
				if (o < r->e && (*o == '<' || *o == '\'' || *o == 'P')) {
					char close = *o == '\'' ? '\'' : '>';
					const char *e = memchr(o + 1, close, (size_t)(r->e - o - 1));
					r->p = e ? e + 1 : r->e;
				} else if (o < r->e && (*o == ':' || *o == '|' || *o == '>')) {
					r->p = o + 1;
				} else {
					/* option letters: (?i) (?x:...) (?-i) ... */
					const char *e = o;
					int off = 0, group;
					while (e < r->e && *e != ')' && *e != ':') {
						if (*e == '-' || *e == '^')
							off = 1;
						else if (!off && (*e == 'i' || *e == 'x'))
							r->bad = 1;
						e++;
					}
					group = e < r->e && *e == ':';
					r->p = e < r->e ? e + 1 : r->e;
					if (!group)
						continue;
				}
			}
			{
				res g = parse_alt(r);
				if (r->p < r->e && *r->p == ')')
					r->p++;
				req = g.req;
				if (g.is_exact) {
					atom = g.exact;
				} else {
					set_free(&g.exact);
				}
			}
		} else {
			/* a literal character (all bytes of a UTF-8 sequence) */
			const char *b = r->p++;
			while (r->p < r->e && ((unsigned char)*r->p & 0xC0) == 0x80)
				r->p++;
			set_one(&atom, b, (size_t)(r->p - b));
		}
		q = quantifier(r);
		if (q || atom.none)
			out.is_exact = 0;
		if (!atom.none && q != 2) {
			run_product(&run, &atom, &out.req);
			if (q == 1)
				run_flush(&run, &out.req);
		} else {
			run_flush(&run, &out.req);
			if (q != 2 && !req.none)
				keep_best(&out.req, &req);
		}
		set_free(&atom);
		set_free(&req);
	}
	if (out.is_exact)
		out.exact = set_copy(&run);
	run_flush(&run, &out.req);
	set_free(&run);
	out.req.none = set_score(&out.req) == 0;
	return out;
}

static res parse_alt(rd *r)
{
	res all = { { NULL, 0, 0 }, { NULL, 0, 0 }, 1 };
	for (;;) {
		res b = parse_seq(r);
		if (b.req.none || all.req.none) {
			set_free(&b.req);
			set_free(&all.req);
			all.req.none = 1;
		} else {
			all.req.v = et_xrealloc(all.req.v, (all.req.n + b.req.n) * sizeof *all.req.v);
			for (size_t i = 0; i < b.req.n; i++)
				all.req.v[all.req.n++] = b.req.v[i];
			free(b.req.v);
		}
		if (b.is_exact && all.is_exact && all.exact.n + b.exact.n <= LIT_MAX_SET) {
			all.exact.v = et_xrealloc(all.exact.v, (all.exact.n + b.exact.n + 1) * sizeof *all.exact.v);
			for (size_t i = 0; i < b.exact.n; i++)
				all.exact.v[all.exact.n++] = b.exact.v[i];
			free(b.exact.v);
		} else {
			set_free(&b.exact);
			set_free(&all.exact);
			all.is_exact = 0;
		}
		if (r->p < r->e && *r->p == '|') {
			r->p++;
			continue;
		}
		break;
	}
	if (!all.req.none && all.req.n > LIT_MAX_SET) {
		set_free(&all.req);
		all.req.none = 1;
	}
	return all;
}

char **fmt_required_literals(const char *re)
{
	rd r = { re, re + strlen(re), 0 };
	res g = parse_alt(&r);
	litset s = g.req;
	char **v;
	set_free(&g.exact);
	if (s.none || r.bad || r.p != r.e || !s.n) {
		set_free(&s);
		return NULL;
	}
	v = et_xmalloc((s.n + 1) * sizeof *v);
	memcpy(v, s.v, s.n * sizeof *v);
	v[s.n] = NULL;
	free(s.v);
	return v;
}
