/*
 * fmt_check.c: errcap --check-formats: every format's examples are run
 * through the driver with that format alone, and the records compared
 * with the `expect` lines after them.
 */
#include "fmt_int.h"
#include "core_scan.h"
#include "driver.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A trigger most build logs are full of: shorter than four bytes, a bare
 * level word (compiler flags like -Werror, file names, test names and
 * summaries hold them everywhere), or common by the byte-pair table.
 */
static int common_trigger(const char *t)
{
	static const char *const words[] = {
		"error", "errors", "err", "warning", "warnings", "warn", "fail", "failed",
		"failure", "fatal", "info", "note", "debug", NULL,
	};
	size_t n = strlen(t), b = 0, e = n;
	if (n < 4 || core_scan_rarity(t, n) < -2)
		return 1;
	while (b < e && t[b] == ' ')
		b++;
	while (e > b && t[e - 1] == ' ')
		e--;
	if (b > 1 && n - e > 1)
		return 0;       /* "  error  ": a column of a table */
	for (size_t i = b; i < e; i++)
		if (!et_isalpha((unsigned char)t[i]))
			return 0;
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == e - b && !et_strncasecmp(t + b, *w, e - b))
			return 1;
	return 0;
}

static void collect(void *arg, cJSON *rec)
{
	cJSON_AddItemToArray((cJSON *)arg, rec);
}

/* The records the sample's lines give with format f alone. */
static cJSON *run_sample(fmt *f, const fmt_sample *s)
{
	const ec_parser *one[1] = { &f->parser };
	cJSON *out = cJSON_CreateArray();
	ec_options opt = { .context = 3, .parsers = one, .nparsers = 1, .sink = collect, .sink_arg = out,
			    .create_for = ec_fmt_create };
	ec_ctx *ctx = ec_ctx_new(&opt);
	et_buf b = ET_BUF_INIT;
	ec_begin_input(ctx, "example");
	for (size_t i = 0; i < s->n; i++) {
		et_buf_reset(&b);
		et_buf_addstr(&b, s->lines[i]);
		ec_feed(ctx, b.buf, b.len, i + 1);
	}
	ec_flush(ctx);
	ec_ctx_free(ctx);
	et_buf_release(&b);
	return out;
}

/* The record's field as text: strings as they are, numbers in %g, else null. */
static void value_text(const cJSON *v, et_buf *out)
{
	et_buf_reset(out);
	if (cJSON_IsString(v))
		et_buf_addstr(out, v->valuestring);
	else if (cJSON_IsNumber(v))
		et_buf_addf(out, "%.17g", v->valuedouble);
	else if (cJSON_IsBool(v))
		et_buf_addstr(out, cJSON_IsTrue(v) ? "true" : "false");
	else if (v && !cJSON_IsNull(v)) {
		char *j = cJSON_PrintUnformatted(v);
		et_buf_addstr(out, j ? j : "?");
		free(j);
	} else
		et_buf_addstr(out, "null");
}

/*
 * Compares one record with one expect line; prints each difference.
 * Returns the number of differences.
 */
static int compare(const fmt *f, size_t line, const char *exp, const cJSON *rec)
{
	et_buf key = ET_BUF_INIT, want = ET_BUF_INIT, got = ET_BUF_INIT;
	const char *s = exp;
	int bad = 0;
	while (*s) {
		const char *k = s;
		while (*s && *s != '=')
			s++;
		et_buf_reset(&key);
		et_buf_add(&key, k, (size_t)(s - k));
		if (*s)
			s++;
		et_buf_reset(&want);
		if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\')) {
					s++;
					et_buf_addch(&want, *s);
				} else {
					et_buf_addch(&want, *s);
				}
			}
			if (*s)
				s++;
		} else {
			const char *v = s;
			while (*s && *s != ' ' && *s != '\t')
				s++;
			et_buf_add(&want, v, (size_t)(s - v));
		}
		while (*s == ' ' || *s == '\t')
			s++;
		value_text(cJSON_GetObjectItemCaseSensitive(rec, key.buf), &got);
		if (strcmp(want.buf, got.buf)) {
			printf("%s:%zu: %s: %s: expected \"%s\", got \"%s\"\n", f->file, line, f->name,
			       key.buf, want.buf, got.buf);
			bad++;
		}
	}
	et_buf_release(&key);
	et_buf_release(&want);
	et_buf_release(&got);
	return bad;
}

static int check_format(fmt *f, size_t *nsamples)
{
	int bad = 0;
	if (!f->trig)
		printf("%s: warning: %s: no trigger literal (none given, none derived): every line is "
		       "offered to it, which is slow; add a `trigger` line\n", f->where, f->name);
	for (char **t = f->trig; t && *t; t++)
		if (common_trigger(*t))
			printf("%s: warning: %s: %s trigger \"%s\" is common in build logs: the format "
			       "is offered many lines it does not match, which is slow; give a rarer one\n",
			       f->where, f->name, f->trig_given ? "the" : "the derived", *t);
	if (!f->nex && !f->json)
		printf("%s: warning: %s: no example\n", f->where, f->name);
	for (size_t i = 0; i < f->nex; i++) {
		const fmt_sample *s = &f->ex[i];
		cJSON *recs = run_sample(f, s);
		size_t nrec = (size_t)cJSON_GetArraySize(recs);
		size_t want = s->nexpect == 1 && !strcmp(s->expect[0], "none") ? 0 : s->nexpect;
		(*nsamples)++;
		if (nrec != want) {
			printf("%s:%zu: %s: the example gives %zu record%s, expected %zu\n", f->file, s->line,
			       f->name, nrec, nrec == 1 ? "" : "s", want);
			bad++;
		} else {
			for (size_t k = 0; k < want; k++)
				if (compare(f, s->expect_line[k], s->expect[k], cJSON_GetArrayItem(recs, (int)k)))
					bad++;
		}
		cJSON_Delete(recs);
	}
	return bad;
}

int ec_fmtset_check(ec_fmtset *fs)
{
	size_t nfmt = 0, nsamples = 0;
	int bad = 0;
	for (size_t i = 0; i < fs->n; i++) {
		fmt *f = fs->f[i];
		nfmt++;
		bad += check_format(f, &nsamples);
	}
	printf("%zu format%s, %zu example%s, %d failed\n", nfmt, nfmt == 1 ? "" : "s", nsamples,
	       nsamples == 1 ? "" : "s", bad);
	return bad ? 1 : 0;
}
