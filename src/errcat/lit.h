/*
 * lit: literal prefilters for errcat's conditions.
 *
 * Most patterns in pattern files are alternations of phrases
 * ("(?i)connection refused|\bECONNREFUSED\b|no route to host"). Every match
 * of such a pattern contains one of a few fixed strings. ct_lit_extract
 * finds such strings when it can prove it; the matcher then scans each
 * field value once for all the strings of all conditions on that field
 * (3-byte hash, then a case-insensitive compare) and runs the regular
 * expression only for conditions one of whose strings occurs. The answer
 * is never changed, only reached sooner: a condition without a provable
 * set of strings is always tried, and so is every condition when a value
 * holds non-ASCII bytes (caseless matching may fold them).
 */
#ifndef CT_LIT_H
#define CT_LIT_H

#include <stddef.h>

typedef struct {
	char **s;               /* lowercase ASCII strings, each at least CT_LIT_MIN bytes */
	size_t *len;
	int n;
} ct_lits;

#define CT_LIT_MIN 3

/*
 * Fills out with strings such that any subject the pattern matches
 * contains at least one of them, compared ASCII-case-insensitively.
 * Returns 0 on success, -1 when no such set could be found (out is then
 * empty).
 */
int ct_lit_extract(const char *pattern, size_t len, ct_lits *out);

void ct_lits_free(ct_lits *l);

#endif
