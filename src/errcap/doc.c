/* doc.c: recognising errcap's document inputs (see doc.h). */
#include "doc.h"
#include "et_cli.h"
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

/* Is the first element of an XML head <testsuites> or <testsuite>? */
static int is_junit(const char *p, const char *e)
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
	if (is_prefix(p, e, "<testsuites "))
		return MORE;
	if (at(p, e, "<testsuites"))
		p += 11;
	else if (at(p, e, "<testsuite"))
		p += 10;
	else
		return NO;
	if (p == e)
		return MORE;
	return *p == '>' || *p == '/' || *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n';
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

/* The verdict on the head p[0..n) for the formats in mask, or MORE. */
static int classify(const char *p, size_t n, unsigned mask, enum ec_doc *fmt)
{
	const char *e = p + n;
	if (is_prefix(p, e, "\xef\xbb\xbf"))
		return MORE;
	if (at(p, e, "\xef\xbb\xbf"))
		p += 3;
	p = skip_ws(p, e);
	if (p == e)
		return MORE;
	if (*p == '<' && (mask & EC_DOC_JUNIT)) {
		*fmt = EC_DOC_JUNIT;
		return is_junit(p, e);
	}
	if (*p == '{' && (mask & EC_DOC_SARIF)) {
		*fmt = EC_DOC_SARIF;
		return is_sarif(p, e);
	}
	return NO;
}

enum ec_doc ec_doc_detect(et_lines *lr, unsigned mask, int force)
{
	const char *p;
	size_t n, want = 1;
	enum ec_doc fmt = EC_DOC_NONE;
	if (force && (mask == EC_DOC_JUNIT || mask == EC_DOC_SARIF))
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

void ec_doc_read(ec_ctx *ctx, const ec_options *opt, et_lines *lr, const char *name,
		 enum ec_doc fmt)
{
	if (fmt == EC_DOC_JUNIT)
		ec_junit_read(ctx, opt, lr, name);
	else if (fmt == EC_DOC_SARIF)
		ec_sarif_read(ctx, lr, name);
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
