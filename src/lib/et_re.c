/* et_re: PCRE2 with JIT and limits. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "et_re.h"
#include "et_cli.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct et_re {
	pcre2_code *code;
	pcre2_match_data *md;
	unsigned calls;         /* matches before the JIT compile; then ET_RE_JIT_AFTER */
};

/*
 * A pattern is JIT-compiled at its ET_RE_JIT_AFTER-th match, not when it is
 * compiled: most of a tool's patterns meet few lines of a given input, and
 * compiling them all up front cost more than matching them interpreted.
 */
#define ET_RE_JIT_AFTER 32u

static pcre2_match_context *mctx;
static pcre2_jit_stack *jstack;

static void setup(void)
{
	if (mctx)
		return;
	mctx = pcre2_match_context_create(NULL);
	if (!mctx)
		et_die("out of memory");
	pcre2_set_match_limit(mctx, ET_RE_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, ET_RE_DEPTH_LIMIT);
	jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (jstack)
		pcre2_jit_stack_assign(mctx, NULL, jstack);
}

et_re *et_re_compile(const char *pattern, size_t len, uint32_t options,
		     char *err, size_t errsz, size_t *erroff)
{
	return et_re_compile_x(pattern, len, options, 0, err, errsz, erroff);
}

et_re *et_re_compile_x(const char *pattern, size_t len, uint32_t options, uint32_t extra,
		       char *err, size_t errsz, size_t *erroff)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *c;
	pcre2_compile_context *cc = NULL;
	et_re *re;
	setup();
	if (extra) {
		cc = pcre2_compile_context_create(NULL);
		if (!cc)
			et_die("out of memory");
		pcre2_set_compile_extra_options(cc, extra);
	}
	c = pcre2_compile((PCRE2_SPTR)pattern, len,
			  options | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, cc);
	pcre2_compile_context_free(cc);
	if (!c) {
		if (err && errsz) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof msg);
			snprintf(err, errsz, "%s", (char *)msg);
		}
		if (erroff)
			*erroff = off;
		return NULL;
	}
	re = et_xcalloc(1, sizeof *re);
	re->code = c;
	re->md = pcre2_match_data_create_from_pattern(c, NULL);
	if (!re->md)
		et_die("out of memory");
	return re;
}

int et_re_match(et_re *re, const char *subject, size_t len, size_t *ovec, int nvec)
{
	int rc;
	if (re->calls < ET_RE_JIT_AFTER && ++re->calls == ET_RE_JIT_AFTER)
		(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);   /* else interpreted */
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, 0, 0, re->md, mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	if (ovec && nvec > 0) {
		PCRE2_SIZE *v = pcre2_get_ovector_pointer(re->md);
		uint32_t n = pcre2_get_ovector_count(re->md);
		for (int i = 0; i < nvec; i++) {
			if ((uint32_t)i < n && v[2 * i] != PCRE2_UNSET) {
				ovec[2 * i] = v[2 * i];
				ovec[2 * i + 1] = v[2 * i + 1];
			} else {
				ovec[2 * i] = ovec[2 * i + 1] = (size_t)-1;
			}
		}
	}
	return 1;
}

int et_re_groups(const et_re *re)
{
	uint32_t n = 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &n);
	return (int)n;
}

int et_re_group_number(const et_re *re, const char *name)
{
	int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
	return n < 0 ? -1 : n;
}

const char *et_re_group_name(const et_re *re, int k, int *num)
{
	uint32_t count = 0, size = 0;
	PCRE2_SPTR table;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
	if (k < 0 || (uint32_t)k >= count)
		return NULL;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
	table += (size_t)k * size;
	*num = (table[0] << 8) | table[1];
	return (const char *)table + 2;
}

void et_re_free(et_re *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}
