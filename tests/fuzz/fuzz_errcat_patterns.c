/*
 * fuzz_errcat_patterns: a pattern file through errcat's loader and linter;
 * when it loads, sample records through the fast matcher and the reference
 * (ct_explain), which must pick the same rule.
 */
#include "fuzz.h"
#include "match.h"
#include "pat.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const samples[] = {
	"{\"level\":\"error\",\"type\":\"ModuleNotFoundError\",\"message\":\"No module named 'x'\",\"format\":\"python\",\"frames\":[{\"file\":\"a.py\",\"line\":3,\"function\":\"f\"}]}",
	"{\"level\":\"warning\",\"type\":\"-Wunused-variable\",\"message\":\"unused variable 'x'\",\"file\":\"a.c\",\"line\":3,\"format\":\"gcc\",\"tags\":[\"t\"]}",
	"{\"level\":\"fatal\",\"message\":\"connection refused\",\"format\":\"log\",\"causes\":[{\"type\":\"IOError\",\"message\":\"disk full\"}],\"count\":3}",
	"{\"message\":null,\"format\":7,\"text\":\"a\\nb\\u0000c\"}",
};

static cJSON *recs[sizeof samples / sizeof samples[0]];
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errcat");
	if (!(devnull = fopen("/dev/null", "w")))
		abort();
	fuzz_records(samples, recs, sizeof samples / sizeof samples[0]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_pathent pe = { .path = fuzz_file(data, size), .required = 1 };
	ct_ruleset *rs = ct_load(&pe, 1, CT_REPORT_CHECK);
	if (rs && !rs->errors) {
		ct_lint(rs);
		ct_matcher *m = ct_matcher_new(rs);
		for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
			const ct_rule *fast = ct_match(m, recs[i], i + 1);
			const ct_rule *ref = ct_explain(m, recs[i], i + 1, devnull);
			FUZZ_CHECK(fast == ref, "the fast matcher and ct_explain pick the same rule");
		}
		ct_matcher_free(m);
	}
	ct_ruleset_free(rs);
	return 0;
}
