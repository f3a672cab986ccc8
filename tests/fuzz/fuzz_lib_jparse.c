/*
 * fuzz_lib_jparse: the fast JSON reader against cJSON's own parser, on the
 * same bytes: both take or both refuse the text, end at the same byte, and
 * build the same tree (types, keys, values, order, first child's prev the
 * last), the reader's keys being shared.
 */
#include "fuzz.h"
#include "et_jparse.h"

#include <string.h>

static int same(const cJSON *a, const cJSON *b)
{
	for (; a || b; a = a->next, b = b->next) {
		if (!a || !b || (a->type & 0xff) != (b->type & 0xff))
			return 0;
		if ((a->string == NULL) != (b->string == NULL) || (a->string && strcmp(a->string, b->string)))
			return 0;
		if ((a->valuestring == NULL) != (b->valuestring == NULL) ||
		    (a->valuestring && strcmp(a->valuestring, b->valuestring)))
			return 0;
		if (a->valueint != b->valueint || memcmp(&a->valuedouble, &b->valuedouble, sizeof(double)))
			return 0;
		if (!same(a->child, b->child))
			return 0;
		if (a->child) {
			const cJSON *last = a->child;
			while (last->next)
				last = last->next;
			if (a->child->prev != last)
				return 0;
		}
	}
	return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet("errhash");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *e1 = NULL, *e2 = NULL;
	cJSON *a = et_jparse(s, size, &e1), *b = cJSON_ParseWithLengthOpts(s, size, &e2, 0);
	FUZZ_CHECK((a == NULL) == (b == NULL), "both parsers take the text, or both refuse it");
	FUZZ_CHECK(e1 == e2, "both end at the same byte");
	FUZZ_CHECK(!a || same(a, b), "both build the same tree");
	cJSON_Delete(a);
	cJSON_Delete(b);
	return 0;
}
