/* et_jparse: a fast reader of JSON text into cJSON trees (see et_jparse.h). */
#include "et_jparse.h"
#include "et_cli.h"
#include "et_swar.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* nesting the fast reader takes on; deeper text goes to cJSON (its limit is 1000) */
#define JP_DEPTH 64
/* the keys it shares: at most this many, of at most this many bytes */
#define JP_KEYS 4096
#define JP_KEYLEN 64

typedef struct {
	const unsigned char *p, *e;
	int depth;
	char tmp[JP_KEYLEN];            /* a key with escapes, decoded */
} jp;

/* ---- shared keys: an open-addressed set over one arena, filled once, never freed ---- */

static struct {
	uint32_t hash, len;
	char *s;
} keys[2 * JP_KEYS];
static size_t nkeys;
char et_jparse_arena[ET_JPARSE_ARENA];
#define arena et_jparse_arena
#if ET_JPARSE_ARENA < JP_KEYS * (JP_KEYLEN + 1)
#error "the arena holds every shared key"
#endif
static size_t arena_used;

/* a hash of k[0..n), eight bytes a step; *nul set when k holds a NUL byte */
static inline uint32_t key_hash(const char *k, size_t n, int *nul)
{
	uint64_t h = n * 0x9E3779B97F4A7C15u, z = 0, v;
	size_t i = 0;
	for (;; i += 8) {
		v = ~(uint64_t)0;       /* bytes past the end: 0xff, no NUL */
		memcpy(&v, k + i, n - i < 8 ? n - i : 8);
		z |= et_swar_zero(v);
		h = (h ^ v) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
		if (n - i <= 8)
			break;
	}
	*nul = z != 0;
	return (uint32_t)h;
}

/* the slot of k[0..n): where it is, or the empty one where it would go */
static inline size_t key_slot(const char *k, size_t n, uint32_t h)
{
	size_t i;
	for (i = h & (2 * JP_KEYS - 1); keys[i].s; i = (i + 1) & (2 * JP_KEYS - 1))
		if (keys[i].hash == h && keys[i].len == n && !memcmp(keys[i].s, k, n))
			break;
	return i;
}

/*
 * The shared copy of k[0..n), made if need be; NULL when it cannot be
 * shared (too long, the set full, or a NUL in it: lookups stop there).
 */
static char *key_shared(const char *k, size_t n)
{
	uint32_t h;
	size_t i;
	int nul;
	if (n > JP_KEYLEN)
		return NULL;
	h = key_hash(k, n, &nul);
	if (nul)
		return NULL;
	i = key_slot(k, n, h);
	if (keys[i].s)
		return keys[i].s;
	if (nkeys == JP_KEYS)
		return NULL;
	keys[i].s = arena + arena_used;
	memcpy(keys[i].s, k, n);
	keys[i].s[n] = '\0';
	arena_used += n + 1;
	keys[i].hash = h;
	keys[i].len = (uint32_t)n;
	nkeys++;
	return keys[i].s;
}

const char *et_jparse_key(const char *key)
{
	/* callers ask for the same few keys, mostly string constants: the last answer for each address */
	static struct { const char *key, *shared; } memo[64];
	size_t n, i, m = ((uintptr_t)key >> 3) & 63;
	int nul;
	if (memo[m].key == key && !strcmp(memo[m].shared, key))
		return memo[m].shared;
	n = strlen(key);
	if (n > JP_KEYLEN)
		return NULL;
	i = key_slot(key, n, key_hash(key, n, &nul));
	if (keys[i].s) {
		memo[m].key = key;
		memo[m].shared = keys[i].s;
	}
	return keys[i].s;
}


/* ---- the reader: each function returns 0 to hand the text to cJSON ---- */

static int value(jp *j, cJSON *it);

static void ws(jp *j)
{
	while (j->p < j->e && *j->p <= 32)
		j->p++;
}

static cJSON *node(void)
{
	cJSON *c = malloc(sizeof *c);   /* cJSON_Delete frees with free() (default hooks) */
	if (!c)
		et_die("out of memory");
	memset(c, 0, sizeof *c);
	return c;
}

/* the first '"' or '\\' in [q, e), or e; eight bytes a step */
static const unsigned char *quote_or_escape(const unsigned char *q, const unsigned char *e)
{
	while (e - q >= 8) {
		uint64_t v = et_swar_load(q);
		if (et_swar_eq(v, '"') | et_swar_eq(v, '\\'))
			break;          /* one of these eight: find it below */
		q += 8;
	}
	while (q < e && *q != '"' && *q != '\\')
		q++;
	return q;
}

/*
 * The string at j->p (at its '"'): its length after escapes in *len and
 * where its closing quote is in *close; 0 when it holds a \u escape or an
 * unknown one, or does not end.
 */
static int string_span(jp *j, size_t *len, const unsigned char **close)
{
	const unsigned char *q = j->p + 1;
	size_t skipped = 0;
	for (;;) {
		const unsigned char *x = quote_or_escape(q, j->e);
		if (x >= j->e)
			return 0;
		if (*x == '"') {
			*len = (size_t)(x - (j->p + 1)) - skipped;
			*close = x;
			return 1;
		}
		if (x + 1 >= j->e || !strchr("bfnrt\"\\/", x[1]) || !x[1])
			return 0;
		skipped++;
		q = x + 2;
	}
}

/* copies the string between j->p + 1 and close, escapes decoded, to out */
static void string_copy(const jp *j, const unsigned char *close, char *out)
{
	const unsigned char *q = j->p + 1;
	while (q < close) {
		const unsigned char *x = memchr(q, '\\', (size_t)(close - q));
		if (!x)
			x = close;
		memcpy(out, q, (size_t)(x - q));
		out += x - q;
		if (x == close)
			break;
		switch (x[1]) {
		case 'b': *out++ = '\b'; break;
		case 'f': *out++ = '\f'; break;
		case 'n': *out++ = '\n'; break;
		case 'r': *out++ = '\r'; break;
		case 't': *out++ = '\t'; break;
		default: *out++ = (char)x[1]; break;
		}
		q = x + 2;
	}
	*out = '\0';
}

static int string_value(jp *j, cJSON *it)
{
	size_t len;
	const unsigned char *close;
	char *s;
	if (!string_span(j, &len, &close))
		return 0;
	s = et_xmalloc(len + 1);
	string_copy(j, close, s);
	it->type = cJSON_String;
	it->valuestring = s;
	j->p = close + 1;
	return 1;
}

/*
 * A string member's node, its text in the same allocation (see et_jparse.h),
 * from the string at j->p; NULL when the string is one to hand to cJSON.
 */
static cJSON *string_node(jp *j)
{
	size_t len;
	const unsigned char *close;
	cJSON *c;
	if (!string_span(j, &len, &close))
		return NULL;
	c = malloc(sizeof *c + len + 1);        /* cJSON_Delete frees with free() */
	if (!c)
		et_die("out of memory");
	memset(c, 0, sizeof *c);
	c->valuestring = (char *)(c + 1);
	string_copy(j, close, c->valuestring);
	c->type = cJSON_String | cJSON_IsReference;
	j->p = close + 1;
	return c;
}

/* the key at j->p: *k and whether it is a shared copy (*shared) */
static int key(jp *j, char **k, int *shared)
{
	size_t len;
	const unsigned char *close;
	*k = NULL;
	*shared = 0;
	if (j->p >= j->e || *j->p != '"' || !string_span(j, &len, &close))
		return 0;
	if (len <= JP_KEYLEN) {
		if (len == (size_t)(close - j->p - 1)) {
			*k = key_shared((const char *)j->p + 1, len);
		} else {
			string_copy(j, close, j->tmp);
			*k = key_shared(j->tmp, len);
		}
	}
	if (*k) {
		*shared = 1;
	} else {
		*k = et_xmalloc(len + 1);
		string_copy(j, close, *k);
	}
	j->p = close + 1;
	return 1;
}

/* a number cJSON's strtod reads exactly: -?[0-9]{1,15} not followed by [.eE+-] */
static int number(jp *j, cJSON *it)
{
	const unsigned char *q = j->p;
	int neg = *q == '-';
	uint64_t v = 0;
	double d;
	size_t nd = 0;
	q += neg;
	while (q < j->e && *q >= '0' && *q <= '9' && nd <= 15) {
		v = v * 10 + (uint64_t)(*q - '0');
		q++;
		nd++;
	}
	if (!nd || nd > 15 ||
	    (q < j->e && (*q == '.' || *q == 'e' || *q == 'E' || *q == '+' || *q == '-' ||
			  (*q >= '0' && *q <= '9'))))
		return 0;
	d = (double)v;
	if (neg)
		d = -d;
	it->type = cJSON_Number;
	it->valuedouble = d;
	it->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
	j->p = q;
	return 1;
}

/* the members of an array or object after its opening bracket */
static int members(jp *j, cJSON *it, int obj)
{
	cJSON *head = NULL, *last = NULL;
	const unsigned char close = obj ? '}' : ']';
	if (++j->depth > JP_DEPTH)
		return 0;
	j->p++;
	ws(j);
	if (j->p >= j->e)
		return 0;
	if (*j->p != close) {
		for (;;) {
			cJSON *c = NULL;
			char *k = NULL;
			int shared = 0, ok = 1;
			if (obj) {
				if (!key(j, &k, &shared))
					goto punt;
				ws(j);
				ok = j->p < j->e && *j->p == ':';
				if (ok) {
					j->p++;
					ws(j);
				}
			}
			if (ok && j->p < j->e && *j->p == '"')
				ok = (c = string_node(j)) != NULL;
			if (!c)
				c = node();
			if (!head)
				head = c;
			else {
				last->next = c;
				c->prev = last;
			}
			last = c;
			c->string = k;
			if (!ok || (!c->type && !value(j, c))) {
				c->type |= shared ? cJSON_StringIsConst : 0;
				goto punt;
			}
			c->type |= shared ? cJSON_StringIsConst : 0;
			ws(j);
			if (j->p >= j->e)
				goto punt;
			if (*j->p == close)
				break;
			if (*j->p != ',')
				goto punt;
			j->p++;
			ws(j);
		}
		head->prev = last;
	}
	it->type = obj ? cJSON_Object : cJSON_Array;
	it->child = head;
	j->p++;
	j->depth--;
	return 1;
punt:
	cJSON_Delete(head);
	return 0;
}

static int value(jp *j, cJSON *it)
{
	size_t left = (size_t)(j->e - j->p);
	if (!left)
		return 0;
	switch (*j->p) {
	case 'n':
		if (left < 4 || memcmp(j->p, "null", 4))
			return 0;
		it->type = cJSON_NULL;
		j->p += 4;
		return 1;
	case 'f':
		if (left < 5 || memcmp(j->p, "false", 5))
			return 0;
		it->type = cJSON_False;
		j->p += 5;
		return 1;
	case 't':
		if (left < 4 || memcmp(j->p, "true", 4))
			return 0;
		it->type = cJSON_True;
		it->valueint = 1;
		j->p += 4;
		return 1;
	case '"':
		return string_value(j, it);
	case '[':
		return members(j, it, 0);
	case '{':
		return members(j, it, 1);
	default:
		return *j->p == '-' || (*j->p >= '0' && *j->p <= '9') ? number(j, it) : 0;
	}
}

cJSON *et_jparse(const char *s, size_t n, const char **end)
{
	jp j;
	cJSON *root;
	j.p = (const unsigned char *)s;
	j.e = j.p + n;
	j.depth = 0;
	ws(&j);
	/* a byte order mark, or nothing but blanks: cJSON's own ways */
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		goto punt;
	if (j.p >= j.e)
		goto punt;
	root = node();
	if (!value(&j, root)) {
		cJSON_Delete(root);
		goto punt;
	}
	if (end)
		*end = (const char *)j.p;
	return root;
punt:
	return cJSON_ParseWithLengthOpts(s, n, end, 0);
}
