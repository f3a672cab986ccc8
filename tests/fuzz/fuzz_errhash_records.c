/*
 * fuzz_errhash_records: JSON Lines through the record reader every record
 * tool uses (et_rec), each record fingerprinted (the explained and the
 * plain fingerprint must agree) and printed back: the output must be valid
 * UTF-8 and parse again as one object.
 */
#include "fuzz.h"
#include "et_buf.h"
#include "et_rec.h"
#include "et_utf8.h"
#include "fp.h"

#include <stdlib.h>

static eh_fp *fp;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errhash");
	fp = eh_fp_new();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	et_rec_reader *rr = et_rec_open(fuzz_file(data, size));
	et_buf out = ET_BUF_INIT, why = ET_BUF_INIT;
	cJSON *rec;
	if (!rr)
		abort();
	while ((rec = et_rec_next(rr))) {
		FUZZ_CHECK(eh_fp_record(fp, rec) == eh_fp_record_explain(fp, rec, &why),
			   "--explain gives the same fingerprint");
		et_rec_print(&out, rec);
		FUZZ_CHECK(et_utf8_valid(out.buf, out.len), "records print as valid UTF-8");
		cJSON *again = cJSON_ParseWithLength(out.buf, out.len);
		FUZZ_CHECK(again && cJSON_IsObject(again), "a printed record parses as one object");
		cJSON_Delete(again);
		cJSON_Delete(rec);
	}
	et_rec_close(rr);
	et_buf_release(&out);
	et_buf_release(&why);
	return 0;
}
