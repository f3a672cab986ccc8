/*
 * et_jparse: JSON text into cJSON trees, faster than cJSON's own parser on
 * the records errtools reads.
 *
 * Promise: et_jparse(s, n, &end) returns the tree, NULL and end that
 * cJSON_ParseWithLengthOpts(s, n, &end, 0) returns, with two differences:
 * object keys are shared, never-freed copies (cJSON_StringIsConst), so a
 * record costs no allocation per key; and a string member's text lives in
 * its node's own allocation (the node is marked cJSON_IsReference, so that
 * cJSON_Delete frees the two at once): such a valuestring is never freed or
 * reassigned on its own; replace the node (et_json_set) instead. Text that the fast reader does not
 * take on (\u escapes, fractions and exponents, deep nesting, anything
 * malformed) is handed to cJSON whole.
 */
#ifndef ET_JPARSE_H
#define ET_JPARSE_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

cJSON *et_jparse(const char *s, size_t n, const char **end);

/*
 * The shared copy of key, or NULL when no text read so far had it: a key of
 * a parsed tree equals key exactly when it is this pointer, or is not a
 * shared copy (et_jparse_is_key false) and compares equal.
 */
const char *et_jparse_key(const char *key);
/* Is p one of the shared keys? (they live in this arena) */
#define ET_JPARSE_ARENA (4096 * 65)
extern char et_jparse_arena[ET_JPARSE_ARENA];
static inline int et_jparse_is_key(const char *p)
{
	uintptr_t a = (uintptr_t)et_jparse_arena, x = (uintptr_t)p;
	return x >= a && x < a + ET_JPARSE_ARENA;
}

#endif
