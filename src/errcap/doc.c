/* doc.c: recognising errcap's document inputs (see doc.h). */
#include "doc.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* how far into an input its kind is judged */
#define HEAD 4096

/* their names and descriptions: et_schema's et_formats (ET_FMT_DOC) */
static const struct {
	const char *name;
	enum ec_doc fmt;
} docs[] = {
	{ "junit", EC_DOC_JUNIT },
	{ "sarif", EC_DOC_SARIF },
	{ "checkstyle", EC_DOC_CHECKSTYLE },
	{ "findings", EC_DOC_FINDINGS },
};

enum ec_doc ec_doc_format(const char *name)
{
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		if (!strcmp(name, docs[i].name))
			return docs[i].fmt;
	return EC_DOC_NONE;
}

static const char *skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

static int at(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(e - p) >= n && !memcmp(p, lit, n);
}

/* Verdicts on a head that may still grow. */
enum { NO = 0, YES = 1, MORE = -1 };

static int is_prefix(const char *p, const char *e, const char *lit)
{
	size_t n = (size_t)(e - p);
	return n < strlen(lit) && !memcmp(p, lit, n);
}

/*
 * Is the first element of an XML head one of names (NULL-ended)? A name
 * that is a prefix of a later one goes after it.
 */
static int xml_root(const char *p, const char *e, const char *const *names)
{
	for (;;) {
		const char *end;
		p = skip_ws(p, e);
		if (p == e || is_prefix(p, e, "<!--"))
			return MORE;
		if (at(p, e, "<?"))
			end = "?>";
		else if (at(p, e, "<!--"))
			end = "-->";
		else if (at(p, e, "<!"))
			end = ">";
		else
			break;
		p = memmem(p, (size_t)(e - p), end, strlen(end));
		if (!p)
			return MORE;
		p += strlen(end);
	}
	for (; *names; names++) {
		size_t n = strlen(*names);
		const char *q;
		if (is_prefix(p, e, *names))
			return MORE;
		if (!at(p, e, *names))
			continue;
		q = p + n;
		if (q == e)
			return MORE;
		if (*q == '>' || *q == '/' || *q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			return YES;
	}
	return NO;
}

/* After `"key"`, ws, ':', ws: is the value lit? */
static int key_is(const char *p, const char *e, const char *key, const char *lit)
{
	const char *k;
	size_t kn = strlen(key);
	while ((k = memmem(p, (size_t)(e - p), key, kn))) {
		const char *v = skip_ws(k + kn, e);
		p = k + kn;
		if (v < e && *v == ':') {
			v = skip_ws(v + 1, e);
			if (at(v, e, lit))
				return 1;
		}
	}
	return 0;
}

/*
 * A JSON object that says it is SARIF 2.1.0 in its version or $schema; a
 * first line that is a whole JSON object (JSON Lines, a JSON log) is not.
 */
static int is_sarif(const char *p, const char *e)
{
	const char *s, *nl;
	if (key_is(p, e, "\"version\"", "\"2.1.0\""))
		return YES;
	s = memmem(p, (size_t)(e - p), "\"$schema\"", 9);
	if (s) {
		const char *q = memchr(s + 9, ',', (size_t)(e - s - 9));
		if (memmem(s, (size_t)((q ? q : e) - s), "sarif", 5))
			return YES;
	}
	nl = memchr(p, '\n', (size_t)(e - p));
	if (nl) {
		const char *end = NULL;
		cJSON *o = cJSON_ParseWithLengthOpts(p, (size_t)(nl - p), &end, 0);
		int whole = o && cJSON_IsObject(o) && skip_ws(end, nl) == nl;
		cJSON_Delete(o);
		if (whole)
			return NO;
	}
	return MORE;
}

/* Key classes of a JSON findings report (doc_findings.c reads the same keys). */
enum { K_OTHER, K_MSG, K_LINE, K_PATH };

static int key_class(const char *k, size_t n)
{
	static const char *const msg[] = { "message", "text", "description", "ruleDescription", NULL };
	static const char *const line[] = { "line", "lineNumber", "line_number", "startLine",
					    "start_line", NULL };
	static const char *const path[] = { "filePath", "path", "file", "filename", "fileName",
					     "source", NULL };
	static const char *const *const cls[] = { msg, line, path };
	for (int c = 0; c < 3; c++)
		for (const char *const *w = cls[c]; *w; w++)
			if (strlen(*w) == n && !memcmp(k, *w, n))
				return c + 1;
	return K_OTHER;
}

#define JDEPTH 32
enum { F_MSG = 1, F_LINE = 2, F_PATH = 4 };

/*
 * A JSON findings report (ESLint -f json, shellcheck -f json/json1, pylint
 * -f json, rubocop -f json, hadolint -f json, stylelint, markdownlint
 * --json): the head is the start of one JSON value in which an object that
 * is an element of an array has a string message key and a numeric line
 * key (its own or an inner object's), and it or an object around it a
 * string path key. A first line that is a whole JSON value with more after
 * it (JSON Lines, a JSON log) is not one, nor is a value that ends in the
 * head without such an object.
 */
static int is_findings(const char *p, const char *e)
{
	struct { char kind; unsigned char flags; } st[JDEPTH];
	int depth = 0, want_key = 0, key = K_OTHER, paths = 0;
	const char *nl = memchr(p, '\n', (size_t)(e - p));
	if (nl) {
		const char *end = NULL;
		cJSON *o = cJSON_ParseWithLengthOpts(p, (size_t)(nl - p), &end, 0);
		int whole = o && skip_ws(end, nl) == nl;
		cJSON_Delete(o);
		if (whole && skip_ws(nl, e) < e)
			return NO;
	}
	for (const char *q = p; q < e; q++) {
		char c = *q;
		int obj = depth && st[depth - 1].kind == '{';
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':')
			continue;
		if (c == '"') {
			const char *s = ++q;
			while (q < e && *q != '"')
				q += *q == '\\' ? 2 : 1;
			if (q >= e)
				return MORE;
			if (obj && want_key) {
				key = key_class(s, (size_t)(q - s));
				want_key = 0;
				continue;
			}
			if (obj && key == K_MSG && q > s)
				st[depth - 1].flags |= F_MSG;
			if (obj && key == K_PATH && q > s && !(st[depth - 1].flags & F_PATH)) {
				st[depth - 1].flags |= F_PATH;
				paths++;
			}
		} else if (c == ',') {
			want_key = obj;
		} else if (c == '{' || c == '[') {
			if (depth == JDEPTH)
				return NO;
			st[depth].kind = c;
			st[depth++].flags = 0;
			want_key = c == '{';
		} else if (c == '}' || c == ']') {
			int line;
			if (!depth || (c == '}') != obj)
				return NO;
			line = obj && (st[depth - 1].flags & F_LINE);
			if (st[depth - 1].flags & F_PATH)
				paths--;
			if (--depth == 0)
				return NO;
			if (line && st[depth - 1].kind == '{')
				st[depth - 1].flags |= F_LINE;
			want_key = 0;
		} else if (c == '-' || et_isdigit((unsigned char)c)) {
			const char *s = q;
			while (q + 1 < e && (et_isdigit((unsigned char)q[1]) || q[1] == '.' ||
					     q[1] == 'e' || q[1] == 'E' || q[1] == '+' || q[1] == '-'))
				q++;
			if (q + 1 == e)
				return MORE;
			if (obj && key == K_LINE && *s != '-' && *s != '0')
				st[depth - 1].flags |= F_LINE;
		} else if (et_isalpha((unsigned char)c)) {
			while (q + 1 < e && et_isalpha((unsigned char)q[1]))
				q++;
		} else {
			return NO;
		}
		key = K_OTHER;
		if (depth >= 2 && st[depth - 1].kind == '{' && st[depth - 2].kind == '[' && paths &&
		    (st[depth - 1].flags & (F_MSG | F_LINE)) == (F_MSG | F_LINE))
			return YES;
	}
	return MORE;
}

/* The verdict on the head p[0..n) for the formats in mask, or MORE. */
static int classify(const char *p, size_t n, unsigned mask, enum ec_doc *fmt)
{
	static const char *const junit[] = { "<testsuites", "<testsuite", NULL };
	static const char *const checkstyle[] = { "<checkstyle", NULL };
	const char *e = p + n;
	int v = NO;
	if (is_prefix(p, e, "\xef\xbb\xbf"))
		return MORE;
	if (at(p, e, "\xef\xbb\xbf"))
		p += 3;
	p = skip_ws(p, e);
	if (p == e)
		return MORE;
	if (*p == '<') {
		int more = 0;
		if (mask & EC_DOC_JUNIT) {
			*fmt = EC_DOC_JUNIT;
			if ((v = xml_root(p, e, junit)) == YES)
				return YES;
			more |= v == MORE;
		}
		if (mask & EC_DOC_CHECKSTYLE) {
			*fmt = EC_DOC_CHECKSTYLE;
			if ((v = xml_root(p, e, checkstyle)) == YES)
				return YES;
			more |= v == MORE;
		}
		return more ? MORE : NO;
	}
	if (*p == '{' || *p == '[') {
		int more = 0;
		if (*p == '{' && (mask & EC_DOC_SARIF)) {
			*fmt = EC_DOC_SARIF;
			if ((v = is_sarif(p, e)) == YES)
				return YES;
			more |= v == MORE;
		}
		if (mask & EC_DOC_FINDINGS) {
			*fmt = EC_DOC_FINDINGS;
			if ((v = is_findings(p, e)) == YES)
				return YES;
			more |= v == MORE;
		}
		return more ? MORE : NO;
	}
	return NO;
}

enum ec_doc ec_doc_detect(et_lines *lr, unsigned mask, int force)
{
	const char *p;
	size_t n, want = 1;
	enum ec_doc fmt = EC_DOC_NONE;
	if (force && mask && !(mask & (mask - 1)))
		return (enum ec_doc)mask;
	if (!mask)
		return EC_DOC_NONE;
	/*
	 * Wait for more bytes only while they can change the verdict, so
	 * that a live stream of text lines is not held up.
	 */
	for (;;) {
		int v;
		if (et_lines_peek(lr, want, &p, &n) < 0)
			return EC_DOC_NONE;     /* the read error shows when the lines are read */
		v = classify(p, n, mask, &fmt);
		if (v != MORE)
			return v == YES ? fmt : EC_DOC_NONE;
		if (n < want || n >= HEAD)
			return EC_DOC_NONE;
		want = n + 1;
	}
}

int ec_doc_slurp(et_lines *lr, const char *name, et_buf *doc)
{
	long n;
	do {
		et_buf_grow(doc, 1 << 16);
		n = et_lines_read(lr, doc->buf + doc->len, doc->cap - doc->len - 1);
		if (n > 0)
			et_buf_setlen(doc, doc->len + (size_t)n);
	} while (n > 0);
	if (n < 0) {
		et_warn_at(name, 0, "read error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void ec_doc_read(ec_ctx *ctx, const ec_options *opt, et_lines *lr, const char *name,
		 enum ec_doc fmt)
{
	if (fmt == EC_DOC_JUNIT)
		ec_junit_read(ctx, opt, lr, name);
	else if (fmt == EC_DOC_SARIF)
		ec_sarif_read(ctx, lr, name);
	else if (fmt == EC_DOC_CHECKSTYLE)
		ec_checkstyle_read(ctx, lr, name);
	else if (fmt == EC_DOC_FINDINGS)
		ec_findings_read(ctx, lr, name);
}

const char *ec_doc_level(const char *word)
{
	static const char *const err[] = { "error", "err", "failure", "blocker", "critical", NULL };
	static const char *const off[] = { "ignore", "off", "none", "hidden", "suppressed", NULL };
	if (!et_strcasecmp(word, "fatal"))
		return "fatal";
	for (const char *const *w = err; *w; w++)
		if (!et_strcasecmp(word, *w))
			return "error";
	for (const char *const *w = off; *w; w++)
		if (!et_strcasecmp(word, *w))
			return NULL;
	return "warning";
}

size_t ec_doc_msg_len(const char *msg, const char *type)
{
	size_t n = strlen(msg), t = type ? strlen(type) : 0;
	if (t && n > t + 3 && msg[n - 1] == ')' && !memcmp(msg + n - 1 - t, type, t) &&
	    msg[n - 2 - t] == '(' && msg[n - 3 - t] == ' ')
		return n - 3 - t;
	return n;
}

cJSON *ec_doc_rec(ec_ctx *ctx, const char *text, size_t len, size_t line, const char *fmt)
{
	size_t n = 1, k = 0;
	ec_line *lines;
	char *copy = et_xstrndup(text, len), *p = copy;
	cJSON *rec;
	for (size_t i = 0; i < len; i++)
		n += copy[i] == '\n';
	lines = et_xcalloc(n, sizeof *lines);
	for (;;) {
		char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l && p[l - 1] == '\r')
			l--;
		p[l] = '\0';
		lines[k].s = p;
		lines[k].len = l;
		lines[k].no = line + k;
		k++;
		if (!nl)
			break;
		p = nl + 1;
	}
	rec = ec_rec_new(ctx, lines, 0, k - 1);
	et_json_set_str(rec, "format", fmt);
	free(lines);
	free(copy);
	return rec;
}
