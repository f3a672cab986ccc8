/*
 * fuzz_errtodo_todo: a TODO.md through errtodo's reader. When its block
 * parses, the rendered block must parse again to the same rendering (what
 * errtodo writes, it reads back unchanged).
 */
#include "fuzz.h"
#include "et_buf.h"
#include "todo.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errtodo");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *doc = (const char *)data;
	size_t before, in_start, in_len, after, bad;
	char err[256];
	todo_list l1 = { 0 }, l2 = { 0 };
	et_buf r1 = ET_BUF_INIT, r2 = ET_BUF_INIT;

	if (todo_split(doc, size, &before, &in_start, &in_len, &after, &bad, err, sizeof err) != 1)
		return 0;
	FUZZ_CHECK(before <= size && in_start + in_len <= size && after <= size,
		   "todo_split: offsets inside the document");
	if (todo_parse_block(&l1, doc + in_start, in_len) == 0) {
		todo_render_block(&r1, &l1);
		FUZZ_CHECK(todo_split(r1.buf, r1.len, &before, &in_start, &in_len, &after, &bad, err,
				      sizeof err) == 1 &&
			   todo_parse_block(&l2, r1.buf + in_start, in_len) == 0,
			   "a rendered block reads back");
		todo_render_block(&r2, &l2);
		FUZZ_CHECK(r1.len == r2.len && !memcmp(r1.buf, r2.buf, r1.len),
			   "a rendered block reads back to the same rendering");
	}
	todo_list_free(&l1);
	todo_list_free(&l2);
	et_buf_release(&r1);
	et_buf_release(&r2);
	return 0;
}
