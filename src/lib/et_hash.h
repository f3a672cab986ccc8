/*
 * et_hash: 64-bit hashing (XXH3-64 with seed 0). The same bytes give the
 * same hash on every machine and in every run.
 */
#ifndef ET_HASH_H
#define ET_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t et_hash64(const void *p, size_t n);

/* Writes h as 16 lowercase hex digits and a NUL into out. */
void et_hash_hex(uint64_t h, char out[17]);

/* Incremental hashing: the hash of the concatenation of all parts added. */
typedef struct et_hasher et_hasher;
et_hasher *et_hasher_new(void);
void et_hasher_reset(et_hasher *h);
void et_hasher_add(et_hasher *h, const void *p, size_t n);
/* Adds s and a 0x1f separator, so ("ab","c") and ("a","bc") differ. */
void et_hasher_field(et_hasher *h, const char *s);
uint64_t et_hasher_digest(const et_hasher *h);
void et_hasher_free(et_hasher *h);

#endif
