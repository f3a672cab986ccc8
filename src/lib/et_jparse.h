/*
 * et_jparse: JSON text into cJSON trees, faster than cJSON's own parser on
 * the records errtools reads.
 *
 * Promise: et_jparse(s, n, &end) returns the tree, NULL and end that
 * cJSON_ParseWithLengthOpts(s, n, &end, 0) returns, with one difference:
 * object keys are shared, never-freed copies (cJSON_StringIsConst), so a
 * record costs no allocation per key. Text that the fast reader does not
 * take on (\u escapes, fractions and exponents, deep nesting, anything
 * malformed) is handed to cJSON whole.
 */
#ifndef ET_JPARSE_H
#define ET_JPARSE_H

#include <cjson/cJSON.h>
#include <stddef.h>

cJSON *et_jparse(const char *s, size_t n, const char **end);

#endif
