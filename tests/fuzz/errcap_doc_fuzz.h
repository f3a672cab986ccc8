/*
 * errcap_doc_fuzz.h: the body of a fuzz target for one document reader of
 * errcap: define FUZZ_DOC (an enum ec_doc) and include this. The input is
 * read as that document (forced, as with `errcap -f junit`), the text
 * inside it through every parser; any bytes must give records or a clean
 * error, never a crash, a leak or undefined behaviour.
 */
#include "errcap_fuzz.h"
#include "doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_options opt = fuzz_errcap_options();
	et_lines *lr = et_lines_open(fuzz_file(data, size));
	ec_ctx *ctx;
	if (!lr)
		abort();
	ctx = ec_ctx_new(&opt);
	ec_begin_input(ctx, "fuzz");
	ec_doc_read(ctx, &opt, lr, "fuzz", ec_doc_detect(lr, FUZZ_DOC, 1));
	ec_flush(ctx);
	ec_ctx_free(ctx);
	et_lines_close(lr);
	return 0;
}
