/* et_hash: XXH3-64 through libxxhash. */
#include "et_hash.h"
#include "et_cli.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct et_hasher {
	XXH3_state_t *st;
};

uint64_t et_hash64(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

void et_hash_hex(uint64_t h, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--) {
		out[i] = hex[h & 15];
		h >>= 4;
	}
	out[16] = '\0';
}

et_hasher *et_hasher_new(void)
{
	et_hasher *h = et_xmalloc(sizeof *h);
	h->st = XXH3_createState();
	if (!h->st)
		et_die("out of memory");
	XXH3_64bits_reset(h->st);
	return h;
}

void et_hasher_reset(et_hasher *h) { XXH3_64bits_reset(h->st); }

void et_hasher_add(et_hasher *h, const void *p, size_t n)
{
	XXH3_64bits_update(h->st, p, n);
}

void et_hasher_field(et_hasher *h, const char *s)
{
	if (s)
		XXH3_64bits_update(h->st, s, strlen(s));
	XXH3_64bits_update(h->st, "\x1f", 1);
}

uint64_t et_hasher_digest(const et_hasher *h) { return XXH3_64bits_digest(h->st); }

void et_hasher_free(et_hasher *h)
{
	if (!h)
		return;
	XXH3_freeState(h->st);
	free(h);
}
