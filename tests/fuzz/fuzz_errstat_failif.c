/*
 * fuzz_errstat_failif: an errstat --fail-if expression through the parser
 * and, when it parses, evaluated against a small report.
 */
#include "fuzz.h"
#include "es.h"
#include "et_cli.h"

#include <stdlib.h>
#include <string.h>

static es_report *rep;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errstat");
	rep = es_report_new("fuzz");
	es_sum_int(rep, "count", "records", 12);
	es_sum_int(rep, "distinct", "distinct", 3);
	es_sum_int(rep, "new", "new", 1);
	es_sum_num(rep, "rate", "rate", 0.5);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = et_xmalloc(size + 1), err[256];
	memcpy(s, data, size);
	s[size] = '\0';
	es_expr *e = es_expr_parse(s, err, sizeof err);
	if (e) {
		size_t n;
		es_expr_selectors(e, &n);
		es_expr_eval(e, rep, err, sizeof err);
		es_expr_free(e);
	}
	free(s);
	return 0;
}
