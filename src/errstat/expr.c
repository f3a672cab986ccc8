/*
 * errstat --fail-if: a small expression language.
 *
 *   expr  := and { "||" and }
 *   and   := unary { "&&" unary }
 *   unary := "!" unary | "(" expr ")" | cmp
 *   cmp   := term [ op NUMBER ]          (no op: "> 0")
 *   term  := NAME | FIELD "=" VALUE       (VALUE bare or quoted '...' / "...")
 *   op    := ">" | ">=" | "<" | "<=" | "==" | "!="
 *
 * NAME is a summary number of the report (count, distinct, records, new,
 * appeared, gone, recent, fixed, regressed, runs, success_rate, ...: the
 * table `known` below); FIELD=VALUE is the occurrences whose FIELD is
 * VALUE. Unknown names, misspelt fields and values outside a closed set
 * (es_check_field, es_check_value) are parse errors.
 */
#include "es.h"
#include "et_cli.h"

#include "et_ctype.h"
#include "et_schema.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N_OR, N_AND, N_NOT, N_CMP };
enum { OP_GT, OP_GE, OP_LT, OP_LE, OP_EQ, OP_NE };

typedef struct node {
	int kind;
	struct node *a, *b;
	char *name;             /* N_CMP: a summary name, or NULL for a selector */
	size_t sel;             /* N_CMP with name NULL */
	int op;
	double num;
} node;

struct es_expr {
	node *root;
	es_selector *sels;
	size_t nsels;
};

/* Limits that keep parsing, evaluating and freeing off deep recursion. */
enum { EXPR_DEPTH_MAX = 64, EXPR_TERMS_MAX = 1000 };

typedef struct {
	const char *s, *p;
	char *err;
	size_t errsz;
	int failed;
	es_expr *e;
	unsigned depth, terms;  /* open '(' and '!' here; && and || so far */
} parser;

static void fail(parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(parser *ps, const char *fmt, ...)
{
	va_list ap;
	size_t n;
	if (ps->failed)
		return;
	ps->failed = 1;
	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errsz, fmt, ap);
	va_end(ap);
	n = strlen(ps->err);
	if (*ps->p)
		snprintf(ps->err + n, ps->errsz - n, " at '%.20s' (column %zu)", ps->p,
			 (size_t)(ps->p - ps->s) + 1);
	else
		snprintf(ps->err + n, ps->errsz - n, " at the end");
}

static void skip_ws(parser *ps)
{
	while (et_isspace((unsigned char)*ps->p))
		ps->p++;
}

static node *new_node(int kind)
{
	node *n = et_xcalloc(1, sizeof *n);
	n->kind = kind;
	return n;
}

static void free_node(node *n)
{
	if (!n)
		return;
	free_node(n->a);
	free_node(n->b);
	free(n->name);
	free(n);
}

static node *parse_or(parser *ps);

/*
 * The summary numbers a report may have, and what a report lacking one
 * needs: absent 0 = counts as 0, 1 = no value (the comparison is false),
 * 2 = an error naming what it needs.
 */
static const struct { const char *name; int absent; const char *needs; } known[] = {
	{ "records", 0, NULL }, { "count", 0, NULL }, { "distinct", 0, NULL },
	{ "runs", 0, NULL }, { "failed_runs", 0, NULL }, { "sessions", 0, NULL },
	{ "sessions_succeeded", 0, NULL }, { "success_rate", 1, NULL },
	{ "duration_mean_ms", 1, NULL }, { "duration_p95_ms", 1, NULL },
	{ "attempts_mean", 1, NULL }, { "attempts_max", 1, NULL },
	{ "new", 2, "records with a status, from errhash --db (new: first seen by the store in that "
		    "run); with --compare, 'appeared' counts fingerprints absent from OLD; with --db, "
		    "'recent' counts those first seen in the period" },
	{ "appeared", 2, "--compare" }, { "gone", 2, "--compare" },
	{ "increased", 2, "--compare" }, { "decreased", 2, "--compare" },
	{ "unchanged", 2, "--compare" }, { "old_records", 2, "--compare" },
	{ "old_count", 2, "--compare" }, { "old_distinct", 2, "--compare" },
	{ "recent", 2, "--db" }, { "fixed", 2, "--db" }, { "regressed", 2, "--db" },
	{ "open", 2, "--db" }, { "known", 2, "--db" }, { "errhash_runs", 2, "--db" },
	{ "days", 2, "--db" },
};
#define NKNOWN (sizeof known / sizeof *known)

static int check_name(parser *ps, const char *name)
{
	const char *list[NKNOWN + 1], *near;
	et_buf b = ET_BUF_INIT;
	for (size_t i = 0; i < NKNOWN; i++) {
		if (!strcmp(known[i].name, name))
			return 0;
		list[i] = known[i].name;
	}
	list[NKNOWN] = NULL;
	near = et_schema_suggest(name, list);
	et_schema_join(&b, list);
	ps->p -= strlen(name);
	if (near)
		fail(ps, "unknown name '%s' (did you mean '%s'?): a number of the report (%s) or "
		     "FIELD=VALUE", name, near, b.buf);
	else
		fail(ps, "unknown name '%s': a number of the report (%s) or FIELD=VALUE", name, b.buf);
	et_buf_release(&b);
	return -1;
}

static int value_char(int c)
{
	return c && !et_isspace(c) && !strchr("<>=!()&|", c);
}

static node *parse_cmp(parser *ps)
{
	node *n = new_node(N_CMP);
	const char *start = ps->p;
	char *end;
	if (!(et_isalpha((unsigned char)*ps->p) || *ps->p == '_')) {
		fail(ps, "expected a name");
		return n;
	}
	while (et_isalnum((unsigned char)*ps->p) || *ps->p == '_' || *ps->p == '.')
		ps->p++;
	if (ps->p[0] == '=' && ps->p[1] != '=') {
		es_selector *sel;
		char *field = et_xstrndup(start, (size_t)(ps->p - start)), *value;
		const char *v;
		ps->p++;
		if (*ps->p == '"' || *ps->p == '\'') {
			char q = *ps->p++;
			v = ps->p;
			while (*ps->p && *ps->p != q)
				ps->p++;
			if (!*ps->p) {
				free(field);
				fail(ps, "unterminated quoted value");
				return n;
			}
			value = et_xstrndup(v, (size_t)(ps->p - v));
			ps->p++;
		} else {
			v = ps->p;
			while (value_char((unsigned char)*ps->p))
				ps->p++;
			if (ps->p == v) {
				fail(ps, "expected a value after '%s='", field);
				free(field);
				return n;
			}
			value = et_xstrndup(v, (size_t)(ps->p - v));
		}
		ps->e->sels = et_xrealloc(ps->e->sels, (ps->e->nsels + 1) * sizeof *ps->e->sels);
		sel = &ps->e->sels[ps->e->nsels];
		sel->field = field;
		sel->value = value;
		sel->count = 0;
		sel->seen = 0;
		n->sel = ps->e->nsels++;
		if ((sel->custom = es_check_field(field, ps->err, ps->errsz)) < 0 ||
		    es_check_value(field, value, ps->err, ps->errsz) < 0) {
			ps->failed = 1;
			return n;
		}
	} else {
		n->name = et_xstrndup(start, (size_t)(ps->p - start));
		if (check_name(ps, n->name))
			return n;
	}
	skip_ws(ps);
	n->op = OP_GT;
	n->num = 0;
	if (ps->p[0] == '>' && ps->p[1] == '=')
		n->op = OP_GE, ps->p += 2;
	else if (ps->p[0] == '<' && ps->p[1] == '=')
		n->op = OP_LE, ps->p += 2;
	else if (ps->p[0] == '=' && ps->p[1] == '=')
		n->op = OP_EQ, ps->p += 2;
	else if (ps->p[0] == '!' && ps->p[1] == '=')
		n->op = OP_NE, ps->p += 2;
	else if (ps->p[0] == '>')
		n->op = OP_GT, ps->p++;
	else if (ps->p[0] == '<')
		n->op = OP_LT, ps->p++;
	else
		return n;       /* a bare term: "> 0" */
	skip_ws(ps);
	n->num = strtod(ps->p, &end);
	if (end == ps->p || !(et_isdigit((unsigned char)*ps->p) || *ps->p == '-' || *ps->p == '+' || *ps->p == '.')) {
		fail(ps, "expected a number");
		return n;
	}
	ps->p = end;
	return n;
}

static node *parse_unary(parser *ps)
{
	node *n;
	skip_ws(ps);
	if ((*ps->p == '!' && ps->p[1] != '=') || *ps->p == '(') {
		if (ps->depth >= EXPR_DEPTH_MAX) {
			fail(ps, "'(' and '!' nested more than %d deep", EXPR_DEPTH_MAX);
			return NULL;
		}
		ps->depth++;
		if (*ps->p++ == '!') {
			n = new_node(N_NOT);
			n->a = parse_unary(ps);
		} else {
			n = parse_or(ps);
			skip_ws(ps);
			if (*ps->p != ')')
				fail(ps, "expected ')'");
			else
				ps->p++;
		}
		ps->depth--;
		return n;
	}
	return parse_cmp(ps);
}

/* Counts one && or ||: false (and a message) past the most an expression may have. */
static int more_terms(parser *ps)
{
	if (++ps->terms <= EXPR_TERMS_MAX)
		return 1;
	fail(ps, "more than %d && and || in one expression", EXPR_TERMS_MAX);
	return 0;
}

/* A left-to-right chain of operands joined by kind's operator (&& for N_AND, || for N_OR). */
static node *parse_chain(parser *ps, int kind, node *(*operand)(parser *))
{
	char op = kind == N_AND ? '&' : '|';
	node *n = operand(ps);
	for (;;) {
		skip_ws(ps);
		if (ps->failed || !(ps->p[0] == op && ps->p[1] == op) || !more_terms(ps))
			return n;
		ps->p += 2;
		node *m = new_node(kind);
		m->a = n;
		m->b = operand(ps);
		n = m;
	}
}

static node *parse_and(parser *ps)
{
	return parse_chain(ps, N_AND, parse_unary);
}

static node *parse_or(parser *ps)
{
	return parse_chain(ps, N_OR, parse_and);
}

es_expr *es_expr_parse(const char *s, char *err, size_t errsz)
{
	es_expr *e = et_xcalloc(1, sizeof *e);
	parser ps = { s, s, err, errsz, 0, e, 0, 0 };
	skip_ws(&ps);
	if (!*ps.p) {
		snprintf(err, errsz, "empty expression");
		es_expr_free(e);
		return NULL;
	}
	e->root = parse_or(&ps);
	skip_ws(&ps);
	if (!ps.failed && *ps.p)
		fail(&ps, "unexpected text");
	if (ps.failed) {
		es_expr_free(e);
		return NULL;
	}
	return e;
}

es_selector *es_expr_selectors(es_expr *e, size_t *n)
{
	*n = e->nsels;
	return e->sels;
}

void es_expr_free(es_expr *e)
{
	if (!e)
		return;
	free_node(e->root);
	for (size_t i = 0; i < e->nsels; i++) {
		free(e->sels[i].field);
		free(e->sels[i].value);
	}
	free(e->sels);
	free(e);
}


/* 1 / 0, or -1 when the comparison has no value (it is then false) and -2 on error */
static int eval(const es_expr *e, const node *n, const es_report *r, char *err, size_t errsz)
{
	int x;
	double v;
	switch (n->kind) {
	case N_OR:
		x = eval(e, n->a, r, err, errsz);
		if (x == -2 || x == 1)
			return x;
		x = eval(e, n->b, r, err, errsz);
		return x == -2 ? x : x == 1;
	case N_AND:
		x = eval(e, n->a, r, err, errsz);
		if (x == -2 || x != 1)
			return x == -2 ? x : 0;
		x = eval(e, n->b, r, err, errsz);
		return x == -2 ? x : x == 1;
	case N_NOT:
		x = eval(e, n->a, r, err, errsz);
		return x == -2 ? x : x != 1;
	default:
		break;
	}
	if (n->name) {
		const es_cell *c = es_sum_get(r, n->name);
		if (!c || (c->kind != ES_INT && c->kind != ES_NUM && c->kind != ES_NULL)) {
			size_t i;
			for (i = 0; i < NKNOWN; i++)
				if (!strcmp(known[i].name, n->name))
					break;
			if (i == NKNOWN || (c && c->kind == ES_STR)) {
				snprintf(err, errsz, "'%s' is not a number of this report", n->name);
				return -2;
			}
			if (known[i].absent == 2) {
				snprintf(err, errsz, "'%s' needs %s", n->name, known[i].needs);
				return -2;
			}
			if (known[i].absent == 1)
				return -1;
			v = 0;
		} else if (c->kind == ES_NULL) {
			return -1;
		} else {
			v = c->v;
		}
	} else {
		v = (double)e->sels[n->sel].count;
	}
	switch (n->op) {
	case OP_GT: return v > n->num;
	case OP_GE: return v >= n->num;
	case OP_LT: return v < n->num;
	case OP_LE: return v <= n->num;
	case OP_EQ: return v == n->num;
	default: return v != n->num;
	}
}

int es_expr_eval(const es_expr *e, const es_report *r, char *err, size_t errsz)
{
	int x = eval(e, e->root, r, err, errsz);
	return x == -2 ? -1 : x == 1;
}
