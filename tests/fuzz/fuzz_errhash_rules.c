/*
 * fuzz_errhash_rules: an errhash rules file (--rules) through its loader;
 * when it loads, sample records through every rule.
 */
#include "fuzz.h"
#include "et_buf.h"
#include "fp.h"
#include "rules.h"

#include <stdlib.h>

static const char *const samples[] = {
	"{\"level\":\"error\",\"type\":\"KeyError\",\"message\":\"'user_42'\",\"format\":\"python\",\"file\":\"/srv/app/x.py\",\"frames\":[{\"file\":\"/srv/app/x.py\",\"line\":3,\"function\":\"f\"},{\"file\":\"/usr/lib/python3/y.py\",\"line\":9,\"function\":\"g\"}]}",
	"{\"level\":\"warning\",\"type\":\"-Wunused\",\"message\":\"unused variable 'x' at 0x7ffd1234\",\"file\":\"src/a.c\",\"line\":3,\"format\":\"gcc\"}",
	"{\"message\":[1,{\"a\":null}],\"format\":null,\"frames\":{\"file\":1}}",
};
static cJSON *recs[sizeof samples / sizeof samples[0]];
static eh_fp *fp;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errhash");
	fp = eh_fp_new();
	fuzz_records(samples, recs, sizeof samples / sizeof samples[0]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	eh_rules *r = eh_rules_load(fuzz_file(data, size));
	et_buf why = ET_BUF_INIT;
	uint64_t a, b;
	if (!r)
		return 0;
	for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
		int ma = eh_rules_apply(r, fp, recs[i], &a, NULL);
		int mb = eh_rules_apply(r, fp, recs[i], &b, &why);
		FUZZ_CHECK(ma == mb && (!ma || a == b), "a rule gives the same key with and without why");
	}
	eh_rules_free(r);
	et_buf_release(&why);
	return 0;
}
