/*
 * fuzz_errcap_text: raw text through errcap's driver, every built-in
 * parser and the bundled format files, once line by line (ec_feed) and
 * once in bulk (ec_feed_buf, the prefiltered path); both must survive any
 * bytes.
 */
#include "errcap_fuzz.h"
#include "et_cli.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ec_options opt = fuzz_errcap_options();
	char *buf = et_xmalloc(size + 2);

	/* bulk: whole lines, each ending in '\n' */
	memcpy(buf, data, size);
	size_t n = size;
	if (!n || buf[n - 1] != '\n')
		buf[n++] = '\n';
	buf[n] = '\0';
	ec_ctx *ctx = ec_ctx_new(&opt);
	size_t lineno = 0;
	ec_begin_input(ctx, "fuzz");
	ec_feed_buf(ctx, buf, n, &lineno, 4096);
	ec_flush(ctx);
	ec_ctx_free(ctx);

	/* line by line, no prefix stripping */
	memcpy(buf, data, size);
	buf[size] = '\0';
	opt.no_prefixes = 1;
	ctx = ec_ctx_new(&opt);
	ec_begin_input(ctx, "fuzz");
	size_t start = 0, no = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i == size || buf[i] == '\n') {
			char save = buf[i];
			buf[i] = '\0';
			ec_feed(ctx, buf + start, i - start, ++no);
			buf[i] = save;
			start = i + 1;
		}
	}
	ec_flush(ctx);
	ec_ctx_free(ctx);
	free(buf);
	return 0;
}
