/* core_scan.c: errcap's single-pass literal prefilter (see core_scan.h). */
#include "core_scan.h"
#include "et_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CORE_HAVE_AVX2 1
#endif

#define WIN 4                   /* anchor window: up to 4 bytes */
_Static_assert(WIN == 4, "a window is one 32-bit word");
#define NGROUPS 8               /* groups of 8 buckets: bucket b is bit b & 7 of group b >> 3 */
#define NBUCKETS (8 * NGROUPS)

typedef struct {
	char *s;
	size_t len;
	size_t anchor;          /* offset of the anchor window in s */
	size_t wlen;            /* its length: min(len, WIN) */
	uint32_t win, wmask;    /* the window's bytes, little-endian, and their mask */
	unsigned owner;
	unsigned *more;         /* the other owners of the same literal */
	size_t nmore;
} lit;

struct core_scan {
	lit *lits;
	size_t nlits, cap;
	core_mask always;
	int any_always;
	/* literals of each bucket: indexes into lits */
	int *bucket[NBUCKETS];
	size_t nbucket[NBUCKETS];
	/*
	 * Teddy-style nibble tables: for window position j, lo[b >> 3][j][x]
	 * has bit b & 7 when a literal of bucket b may have low nibble x there
	 * (every nibble when its window is shorter than j + 1), hi likewise.
	 */
	unsigned char lo[NGROUPS][WIN][16], hi[NGROUPS][WIN][16];
	/* the same tables twice over, for both lanes of a 32-byte register */
	unsigned char lo2[NGROUPS][WIN][32], hi2[NGROUPS][WIN][32];
	/* the exact form (AVX-512 VBMI looks up whole bytes): ex[b >> 3][j][c] */
	unsigned char ex[NGROUPS][WIN][256];
	/* exact, all buckets at once: bit b of bx[j][c] = ex[b >> 3][j][c] bit b & 7 */
	uint64_t bx[WIN][256];
	/*
	 * Exact second check: a bit per hashed window, one table per window
	 * length in use (wlens: bit k = windows of k + 1 bytes exist).
	 */
	uint64_t seen[WIN][1024];
	unsigned wlens;
	/* the same, for window_seen: the lengths in use (longest first) as masks */
	unsigned nwl, wlk[WIN];
	uint32_t wlm[WIN];
	/* first check: a bit per pair of first two window bytes (exact) */
	uint64_t pair[65536 / 64];
	/* the literals by their text (open addressing, indexes + 1; 0 is empty) */
	unsigned *byname;
	size_t byname_cap;
	int use_avx2;
	int use_vbmi;           /* AVX-512 VBMI: exact byte tables */
};

static inline unsigned whash(uint32_t w)
{
	return (unsigned)((w * 2654435761u) >> 16);     /* 16 bits */
}

/*
 * How common bytes and byte pairs are in real logs (core_freq.h, made by
 * tests/bench/freqtab.py from the loghub and diagnostics corpora), as
 * rarity weights: -log2 of the frequency.
 */
#include "core_freq.h"

static unsigned char pair_w[65536];

static void pair_init(void)
{
	if (pair_w[0])
		return;
	memset(pair_w, 20, sizeof pair_w);
	for (size_t i = 0; i + 2 < sizeof core_freq_pairs; i += 3)
		pair_w[core_freq_pairs[i] | core_freq_pairs[i + 1] << 8] = core_freq_pairs[i + 2];
}

/* An estimate of how often byte c occurs in logs (computed once). */
static double freq_tab[256];

static void freq_init(void)
{
	if (freq_tab[0] > 0)
		return;
	for (unsigned c = 0; c < 256; c++)
		freq_tab[c] = ldexp(1.0, -(int)core_freq_byte[c]);
}

/*
 * How rare the window w[0..n) is: -log2 of its estimated frequency, from
 * its first pair and each next byte given the one before it. Higher is
 * rarer.
 */
static int window_rarity(const unsigned char *w, size_t n)
{
	int r;
	if (n == 1)
		return core_freq_byte[w[0]];
	/* words that build logs (more than app logs) are full of */
	static const char common[] = "err rro ror war arn fai ail ing lin ine at  " "Err ld: "
				     "CMa Mak ";        /* CMakeFiles, Makefile */
	r = pair_w[w[0] | w[1] << 8];
	for (size_t i = 2; i < n; i++) {
		int cond = pair_w[w[i - 1] | w[i] << 8] - core_freq_byte[w[i - 1]];
		r += cond > 0 ? cond : 0;
		for (const char *c = common; *c; c += 4)
			if (!memcmp(c, w + i - 2, 3))
				r -= 8;
	}
	if (w[0] == ' ' && w[1] != ' ')         /* a space then a letter starts every word */
		r -= 4;
	if (n == WIN) {         /* the inside of a word: common in any text, whatever the corpus says */
		size_t k = 0;
		while (k < n && w[k] >= 'a' && w[k] <= 'z')
			k++;
		if (k == n)
			r -= 8; /*pen*/
	}
	return r;
}

int core_scan_rarity(const char *s, size_t n)
{
	pair_init();
	return n ? window_rarity((const unsigned char *)s, n) : 0;
}

/* The share of log bytes whose low nibble is in lo and high nibble in hi. */
static double set_freq(uint16_t lo, uint16_t hi)
{
	double sum = 0;
	if (lo == 0xffff && hi == 0xffff)
		return 1;
	for (unsigned h = hi; h; h &= h - 1)
		for (unsigned l = lo, y = (unsigned)__builtin_ctz(h); l; l &= l - 1)
			sum += freq_tab[y << 4 | (unsigned)__builtin_ctz(l)];
	return sum;
}

/*
 * set_freq(lo | the low nibble of c, hi | its high nibble), from cur =
 * set_freq(lo, hi): only the row and the column that join are summed.
 */
static double set_freq_add(uint16_t lo, uint16_t hi, double cur, unsigned c)
{
	unsigned l = c & 15, h = c >> 4;
	unsigned lo2 = lo | 1u << l;
	if (lo == 0xffff && hi == 0xffff)
		return cur;
	if (!((lo >> l) & 1))
		for (unsigned m = hi; m; m &= m - 1)
			cur += freq_tab[(unsigned)__builtin_ctz(m) << 4 | l];
	if (!((hi >> h) & 1))
		for (unsigned m = lo2; m; m &= m - 1)
			cur += freq_tab[h << 4 | (unsigned)__builtin_ctz(m)];
	return cur;
}

/* The share of log bytes in the set (32 bytes of bits). */
static double bytes_freq(const unsigned char set[32])
{
	double sum = 0;
	for (unsigned i = 0; i < 32; i++)
		for (unsigned m = set[i]; m; m &= m - 1)
			sum += freq_tab[i << 3 | (unsigned)__builtin_ctz(m)];
	return sum;
}

core_scan *core_scan_new(void)
{
	core_scan *cs = et_xcalloc(1, sizeof *cs);
	pair_init();
	freq_init();
#ifdef CORE_HAVE_AVX2
	__builtin_cpu_init();
	cs->use_avx2 = __builtin_cpu_supports("avx2") && !getenv("ERRCAP_NO_SIMD");
	cs->use_vbmi = cs->use_avx2 && __builtin_cpu_supports("avx512f") &&
		       __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi") &&
		       !getenv("ERRCAP_NO_AVX512");
#endif
	return cs;
}

/* the slot of literal text s in byname: where it is, or the empty one it would take */
static size_t byname_slot(const core_scan *cs, const char *s)
{
	size_t h = 5381;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = h * 33 + *p;
	for (h &= cs->byname_cap - 1;; h = (h + 1) & (cs->byname_cap - 1))
		if (!cs->byname[h] || !strcmp(cs->lits[cs->byname[h] - 1].s, s))
			return h;
}

static void byname_grow(core_scan *cs)
{
	free(cs->byname);
	cs->byname_cap = cs->byname_cap ? 2 * cs->byname_cap : 256;
	cs->byname = et_xcalloc(cs->byname_cap, sizeof *cs->byname);
	for (size_t i = 0; i < cs->nlits; i++)
		cs->byname[byname_slot(cs, cs->lits[i].s)] = (unsigned)i + 1;
}

void core_scan_add(core_scan *cs, const char *s, unsigned owner)
{
	if (owner >= CORE_SCAN_MAX_OWNERS)
		et_die("too many parsers for the prefilter");
	if (!*s)
		return;
	if (2 * (cs->nlits + 1) > cs->byname_cap)
		byname_grow(cs);
	size_t h = byname_slot(cs, s);
	if (cs->byname[h]) {
		/* the same literal is one, with every owner that gave it */
		lit *o = &cs->lits[cs->byname[h] - 1];
		if (o->owner == owner)
			return;
		for (size_t k = 0; k < o->nmore; k++)
			if (o->more[k] == owner)
				return;
		o->more = et_xrealloc(o->more, (o->nmore + 1) * sizeof *o->more);
		o->more[o->nmore++] = owner;
		return;
	}
	cs->byname[h] = (unsigned)cs->nlits + 1;
	if (cs->nlits == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 64;
		cs->lits = et_xrealloc(cs->lits, cs->cap * sizeof *cs->lits);
	}
	lit *l = &cs->lits[cs->nlits++];
	l->s = et_xstrdup(s);
	l->len = strlen(s);
	l->owner = owner;
	l->more = NULL;
	l->nmore = 0;
	l->wlen = l->len < WIN ? l->len : WIN;
	l->anchor = 0;
}

void core_scan_always(core_scan *cs, unsigned owner)
{
	if (owner >= CORE_SCAN_MAX_OWNERS)
		et_die("too many parsers for the prefilter");
	core_mask_set(&cs->always, owner);
	cs->any_always = 1;
}

static int cmp_window(const void *a, const void *b, void *arg)
{
	const lit *L = arg;
	const lit *x = &L[*(const int *)a], *y = &L[*(const int *)b];
	size_t n = x->wlen < y->wlen ? x->wlen : y->wlen;
	int c;
	if (x->wlen != y->wlen)         /* short windows filter least: apart */
		return (int)y->wlen - (int)x->wlen;
	c = memcmp(x->s + x->anchor, y->s + y->anchor, n);
	return c;
}

void core_scan_build(core_scan *cs)
{
	int *order = et_xmalloc((cs->nlits ? cs->nlits : 1) * sizeof *order);
	for (size_t i = 0; i < cs->nlits; i++) {
		lit *l = &cs->lits[i];
		const unsigned char *p = (const unsigned char *)l->s;
		int best = -1;
		for (size_t k = 0; k + l->wlen <= l->len; k++) {
			int r = window_rarity(p + k, l->wlen);
			if (r > best) {
				best = r;
				l->anchor = k;
			}
		}
		order[i] = (int)i;
		l->win = l->wmask = 0;
		for (size_t j = 0; j < l->wlen; j++) {
			l->win |= (uint32_t)p[l->anchor + j] << (8 * j);
			l->wmask |= (uint32_t)0xff << (8 * j);
		}
		if (l->wlen >= 2) {
			unsigned pi = p[l->anchor] | (unsigned)p[l->anchor + 1] << 8;
			cs->pair[pi >> 6] |= (uint64_t)1 << (pi & 63);
		} else {
			for (unsigned c = 0; c < 256; c++) {
				unsigned pi = p[l->anchor] | c << 8;
				cs->pair[pi >> 6] |= (uint64_t)1 << (pi & 63);
			}
		}
		unsigned h = whash(l->win);
		cs->seen[l->wlen - 1][h >> 6] |= (uint64_t)1 << (h & 63);
		cs->wlens |= 1u << (l->wlen - 1);
	}
	for (unsigned k = WIN; k-- > 0;)
		if ((cs->wlens >> k) & 1) {
			cs->wlk[cs->nwl] = k;
			cs->wlm[cs->nwl++] = k == 3 ? 0xffffffffu : ((uint32_t)1 << (8 * (k + 1))) - 1;
		}
	/*
	 * Buckets, greedily: a bucket accepts at window position j every byte
	 * whose low nibble and high nibble both occur there among its windows,
	 * so its windows' bytes cross-multiply. Each literal (those with the
	 * widest windows first) goes to the bucket whose estimated rate of
	 * false candidates, the product over positions of the accepted bytes'
	 * frequency in logs, grows least.
	 */
	qsort_r(order, cs->nlits, sizeof *order, cmp_window, cs->lits);
	uint16_t blo[NBUCKETS][WIN], bhi[NBUCKETS][WIN];
	unsigned char bex[NBUCKETS][WIN][32];
	double bf[NBUCKETS][WIN];       /* the frequency of bucket b's bytes at j */
	double fb[256];                 /* freq_tab, at hand */
	unsigned char all[32];
	memset(blo, 0, sizeof blo);
	memset(bhi, 0, sizeof bhi);
	memset(bex, 0, sizeof bex);
	memset(all, 0xff, sizeof all);
	for (unsigned c = 0; c < 256; c++)
		fb[c] = freq_tab[c];
	for (unsigned b = 0; b < NBUCKETS; b++)
		for (size_t j = 0; j < WIN; j++)
			bf[b][j] = 0;
	const double any = cs->use_vbmi ? bytes_freq(all) : set_freq(0xffff, 0xffff);
	for (size_t x = 0; x < cs->nlits; x++) {
		const lit *l = &cs->lits[order[x]];
		const unsigned char *a = (const unsigned char *)l->s + l->anchor;
		double best = 1e30;
		unsigned bb = 0;
		for (unsigned b = 0; b < NBUCKETS; b++) {
			double before = 1, after = 1;
			int empty = !cs->nbucket[b];
			for (size_t j = 0; j < WIN; j++) {
				double f = bf[b][j];
				before *= empty ? 0 : f;
				if (j >= l->wlen)
					after *= any;
				else if (cs->use_vbmi)
					after *= (bex[b][j][a[j] >> 3] >> (a[j] & 7)) & 1 ? f : f + fb[a[j]];
				else if (((blo[b][j] >> (a[j] & 15)) & 1) && ((bhi[b][j] >> (a[j] >> 4)) & 1))
					after *= f;
				else
					after *= set_freq_add(blo[b][j], bhi[b][j], f, a[j]);
			}
			if (after - before < best) {
				best = after - before;
				bb = b;
			}
		}
		for (size_t j = 0; j < WIN; j++) {
			if (j < l->wlen) {
				uint16_t lo = blo[bb][j], hi = bhi[bb][j];
				int had = (bex[bb][j][a[j] >> 3] >> (a[j] & 7)) & 1;
				double grown = set_freq_add(lo, hi, bf[bb][j], a[j]);
				blo[bb][j] |= (uint16_t)(1u << (a[j] & 15));
				bhi[bb][j] |= (uint16_t)(1u << (a[j] >> 4));
				bex[bb][j][a[j] >> 3] |= (unsigned char)(1u << (a[j] & 7));
				if (cs->use_vbmi)
					bf[bb][j] += had ? 0 : fb[a[j]];
				else
					bf[bb][j] = grown;
			} else {
				blo[bb][j] = bhi[bb][j] = 0xffff;
				memset(bex[bb][j], 0xff, 32);
				bf[bb][j] = any;
			}
		}
		cs->bucket[bb] = et_xrealloc(cs->bucket[bb], (cs->nbucket[bb] + 1) * sizeof(int));
		cs->bucket[bb][cs->nbucket[bb]++] = order[x];
	}
	for (unsigned b = 0; b < NBUCKETS; b++)
		for (size_t j = 0; j < WIN; j++)
			for (unsigned c = 0; c < 256; c++)
				if ((bex[b][j][c >> 3] >> (c & 7)) & 1) {
					cs->ex[b >> 3][j][c] |= (unsigned char)(1u << (b & 7));
					cs->bx[j][c] |= (uint64_t)1 << b;
				}
	for (unsigned b = 0; b < NBUCKETS; b++)
		for (size_t j = 0; j < WIN; j++)
			for (int v = 0; v < 16; v++) {
				if ((blo[b][j] >> v) & 1)
					cs->lo[b >> 3][j][v] |= (unsigned char)(1u << (b & 7));
				if ((bhi[b][j] >> v) & 1)
					cs->hi[b >> 3][j][v] |= (unsigned char)(1u << (b & 7));
			}
	for (unsigned g = 0; g < NGROUPS; g++)
		for (size_t j = 0; j < WIN; j++) {
			memcpy(cs->lo2[g][j], cs->lo[g][j], 16);
			memcpy(cs->lo2[g][j] + 16, cs->lo[g][j], 16);
			memcpy(cs->hi2[g][j], cs->hi[g][j], 16);
			memcpy(cs->hi2[g][j] + 16, cs->hi[g][j], 16);
		}
	if (getenv("ERRCAP_SCAN_DEBUG"))        /* which anchors were chosen */
		for (unsigned b = 0; b < NBUCKETS; b++)
			for (size_t x = 0; x < cs->nbucket[b]; x++) {
				const lit *l = &cs->lits[cs->bucket[b][x]];
				fprintf(stderr, "errcap: scan: bucket %u owner %u anchor \"%.*s\" in \"%s\"\n",
					b, l->owner, (int)l->wlen, l->s + l->anchor, l->s);
			}
	free(order);
}

void core_scan_free(core_scan *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->nlits; i++) {
		free(cs->lits[i].s);
		free(cs->lits[i].more);
	}
	for (int b = 0; b < NBUCKETS; b++)
		free(cs->bucket[b]);
	free(cs->lits);
	free(cs->byname);
	free(cs);
}

/* the 4 bytes at s[i] as a little-endian word, 0 past the end */
static inline uint32_t window_at(const unsigned char *s, size_t n, size_t i)
{
	uint32_t w = 0;
	if (i + 4 <= n) {
		memcpy(&w, s + i, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap32(w);
#endif
	} else {
		for (size_t j = 0; i + j < n; j++)
			w |= (uint32_t)s[i + j] << (8 * j);
	}
	return w;
}

/*
 * The exact checks before the buckets' literals, cheap enough to make in
 * the scanning loop: may a literal's window start at s[i]? (its first two
 * bytes, then its whole window, hashed)
 */
static inline int window_seen(const core_scan *cs, uint32_t w)
{
	unsigned pi = w & 0xffff;
	if (!((cs->pair[pi >> 6] >> (pi & 63)) & 1))
		return 0;
	for (unsigned x = 0; x < cs->nwl; x++) {
		unsigned k = cs->wlk[x], h = whash(w & cs->wlm[x]);
		if ((cs->seen[k][h >> 6] >> (h & 63)) & 1)
			return 1;
	}
	return 0;
}

/*
 * A candidate window w = window_at(s, n, i) with bucket bits b that
 * window_seen let through: confirm the literals of those buckets anchored
 * there. With out, sets their owners and returns 0; without, returns 1 at
 * the first that occurs.
 */
static int confirm(const core_scan *cs, const unsigned char *s, size_t n, size_t i,
		   uint32_t w, uint64_t b, core_mask *out)
{
	while (b) {
		unsigned k = (unsigned)__builtin_ctzll(b);
		b &= b - 1;
		for (size_t j = 0; j < cs->nbucket[k]; j++) {
			const lit *l = &cs->lits[cs->bucket[k][j]];
			if ((w & l->wmask) != l->win)
				continue;       /* literal bytes are never 0: no false match */
			if (l->len != l->wlen &&
			    (i < l->anchor || i - l->anchor + l->len > n ||
			     memcmp(s + i - l->anchor, l->s, l->len)))
				continue;
			if (!out)
				return 1;
			core_mask_set(out, l->owner);
			for (size_t m = 0; m < l->nmore; m++)
				core_mask_set(out, l->more[m]);
		}
	}
	return 0;
}

/*
 * The buckets whose literals' windows may be the window w, from the exact
 * byte tables (bytes at n and beyond count as 0, which no literal holds).
 */
static inline uint64_t bits_at(const core_scan *cs, uint32_t w)
{
	return cs->bx[0][w & 0xff] & cs->bx[1][(w >> 8) & 0xff] & cs->bx[2][(w >> 16) & 0xff] &
	       cs->bx[3][w >> 24];
}

static size_t scan_scalar(const core_scan *cs, const unsigned char *s, size_t n, size_t from,
			  core_mask *out, int stop_special)
{
	for (size_t i = from; i < n; i++) {
		uint64_t b;
		if (stop_special && (s[i] == 0x1b || s[i] == '\r'))
			return i;
		/* the exact pair and window checks first: cheaper than the nibble tables here */
		uint32_t w = window_at(s, n, i);
		if (window_seen(cs, w) && (b = bits_at(cs, w)) && confirm(cs, s, n, i, w, b, out) && !out)
			return i;
	}
	return n;
}

#ifdef CORE_HAVE_AVX2
#define LOADV(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))

/*
 * Scans s[from..n): with out, sets the owners of every literal found and
 * returns n; without, returns the first position where a literal starts
 * its anchor or (stop_special) an ESC or '\r' stands. 32 positions a
 * step: a position is a candidate when some group's nibble tables accept
 * all its window's bytes; the exact checks follow for candidates only.
 */
__attribute__((target("avx2")))
static size_t scan_avx2(const core_scan *cs, const unsigned char *s, size_t n, size_t from,
			core_mask *out, int stop_special)
{
	const __m256i lo15 = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
	const __m256i esc = _mm256_set1_epi8(0x1b), cr = _mm256_set1_epi8('\r');
	unsigned char pad[32 + WIN];
	size_t i = from;

	while (i < n) {
		const unsigned char *p = s + i;
		size_t valid = 32;
		if (i + 32 + WIN - 1 > n) {     /* the end: work on a zero-padded copy */
			memset(pad, 0, sizeof pad);
			memcpy(pad, s + i, n - i);
			p = pad;
			valid = n - i < 32 ? n - i : 32;
		}
		/* written out: the compiler keeps the nibbles in registers then */
		const __m256i v0 = LOADV(p), v1 = LOADV(p + 1), v2 = LOADV(p + 2), v3 = LOADV(p + 3);
		const __m256i l0 = _mm256_and_si256(v0, lo15), h0 = _mm256_and_si256(_mm256_srli_epi16(v0, 4), lo15);
		const __m256i l1 = _mm256_and_si256(v1, lo15), h1 = _mm256_and_si256(_mm256_srli_epi16(v1, 4), lo15);
		const __m256i l2 = _mm256_and_si256(v2, lo15), h2 = _mm256_and_si256(_mm256_srli_epi16(v2, 4), lo15);
		const __m256i l3 = _mm256_and_si256(v3, lo15), h3 = _mm256_and_si256(_mm256_srli_epi16(v3, 4), lo15);
#define NIB(g, j, l, h) _mm256_and_si256(_mm256_shuffle_epi8(LOADV(cs->lo2[g][j]), l), \
					 _mm256_shuffle_epi8(LOADV(cs->hi2[g][j]), h))
#define GROUP(g) _mm256_and_si256(_mm256_and_si256(NIB(g, 0, l0, h0), NIB(g, 1, l1, h1)), \
				  _mm256_and_si256(NIB(g, 2, l2, h2), NIB(g, 3, l3, h3)))
		/* one group at a time: all at once, their terms would not fit in registers */
		__m256i any = GROUP(0);
		for (int g = 1; g < NGROUPS; g++) {
			__asm__("" : "+x"(any));
			any = _mm256_or_si256(any, GROUP(g));
		}
#undef GROUP
#undef NIB
		uint32_t cand = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(any, zero));
		uint32_t spec = stop_special ? (uint32_t)_mm256_movemask_epi8(
			_mm256_or_si256(_mm256_cmpeq_epi8(v0, esc), _mm256_cmpeq_epi8(v0, cr))) : 0;
		uint32_t all = cand | spec;
		if (valid < 32)
			all &= ((uint32_t)1 << valid) - 1;
		while (all) {
			unsigned k = (unsigned)__builtin_ctz(all);
			uint64_t b;
			all &= all - 1;
			if ((spec >> k) & 1)
				return i + k;
			uint32_t w;
			memcpy(&w, p + k, 4);   /* x86: little-endian; p holds 32 + WIN bytes */
			if (window_seen(cs, w) && (b = bits_at(cs, w)) && confirm(cs, s, n, i + k, w, b, out) && !out)
				return i + k;
		}
		i += valid;
	}
	return n;
}
#endif

#ifdef CORE_HAVE_AVX2
/* The same with AVX-512 VBMI: 64 positions a step, exact byte tables. */
__attribute__((target("avx512f,avx512bw,avx512vbmi")))
static size_t scan_vbmi(const core_scan *cs, const unsigned char *s, size_t n, size_t from,
			core_mask *out, int stop_special)
{
	__m512i t[NGROUPS][WIN][2];     /* [group][position][entries 0-63, 64-127] */
	const __m512i esc = _mm512_set1_epi8(0x1b), cr = _mm512_set1_epi8('\r');
	unsigned char pad[64 + WIN], bk[NGROUPS][64];
	size_t i = from;
	for (int g = 0; g < NGROUPS; g++)
		for (int j = 0; j < WIN; j++)
			for (int q = 0; q < 2; q++)
				t[g][j][q] = _mm512_loadu_si512((const void *)(cs->ex[g][j] + 64 * q));
	while (i < n) {
		const unsigned char *p = s + i;
		size_t valid = 64;
		if (i + 64 + WIN - 1 > n) {
			memset(pad, 0, sizeof pad);
			memcpy(pad, s + i, n - i);
			p = pad;
			valid = n - i < 64 ? n - i : 64;
		}
		__m512i v[WIN], r[NGROUPS];
		for (int j = 0; j < WIN; j++)
			v[j] = _mm512_loadu_si512((const void *)(p + j));
		for (int g = 0; g < NGROUPS; g++)
			r[g] = _mm512_set1_epi8(-1);
		if (!(_mm512_movepi8_mask(v[0]) | _mm512_movepi8_mask(v[WIN - 1]))) {
			/* all ASCII (the usual case): the low 128 entries suffice */
			for (int j = 0; j < WIN; j++)
				for (int g = 0; g < NGROUPS; g++)
					r[g] = _mm512_and_si512(r[g], _mm512_permutex2var_epi8(t[g][j][0], v[j], t[g][j][1]));
		} else {
			for (int j = 0; j < WIN; j++) {
				__mmask64 hib = _mm512_movepi8_mask(v[j]);
				/* entries 128-255 from memory: few blocks need them */
				for (int g = 0; g < NGROUPS; g++) {
					__m512i a = _mm512_loadu_si512((const void *)(cs->ex[g][j] + 128));
					__m512i b = _mm512_loadu_si512((const void *)(cs->ex[g][j] + 192));
					r[g] = _mm512_and_si512(r[g], _mm512_mask_blend_epi8(hib,
						_mm512_permutex2var_epi8(t[g][j][0], v[j], t[g][j][1]),
						_mm512_permutex2var_epi8(a, v[j], b)));
				}
			}
		}
		uint64_t all = 0;
		for (int g = 0; g < NGROUPS; g++)
			all |= _mm512_test_epi8_mask(r[g], r[g]);
		uint64_t spec = stop_special ? (_mm512_cmpeq_epi8_mask(v[0], esc) | _mm512_cmpeq_epi8_mask(v[0], cr)) : 0;
		all |= spec;
		if (valid < 64)
			all &= ((uint64_t)1 << valid) - 1;
		if (all) {
			for (int g = 0; g < NGROUPS; g++)
				_mm512_storeu_si512((void *)bk[g], r[g]);
			while (all) {
				unsigned k = (unsigned)__builtin_ctzll(all);
				all &= all - 1;
				if ((spec >> k) & 1)
					return i + k;
				uint64_t b = 0;
				for (int g = 0; g < NGROUPS; g++)
					b |= (uint64_t)bk[g][k] << (8 * g);
				uint32_t w;
				memcpy(&w, p + k, 4);   /* p holds 64 + WIN bytes */
				if (b && window_seen(cs, w) && confirm(cs, s, n, i + k, w, b, out) && !out)
					return i + k;
			}
		}
		i += valid;
	}
	return n;
}
#endif

void core_scan_line(const core_scan *cs, const char *str, size_t n, core_mask *out)
{
	const unsigned char *s = (const unsigned char *)str;
	*out = cs->always;
	if (!cs->nlits)
		return;
#ifdef CORE_HAVE_AVX2
	if (cs->use_vbmi && n >= 64) {
		scan_vbmi(cs, s, n, 0, out, 0);
		return;
	}
	if (cs->use_avx2) {
		scan_avx2(cs, s, n, 0, out, 0);
		return;
	}
#endif
	scan_scalar(cs, s, n, 0, out, 0);
}

size_t core_scan_find(const core_scan *cs, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	if (cs->any_always)
		return 0;
#ifdef CORE_HAVE_AVX2
	if (cs->use_vbmi)
		return scan_vbmi(cs, s, n, 0, NULL, 1);
	if (cs->use_avx2)
		return scan_avx2(cs, s, n, 0, NULL, 1);
#endif
	return scan_scalar(cs, s, n, 0, NULL, 1);
}

#ifdef CORE_HAVE_AVX2
__attribute__((target("avx2,popcnt")))
static size_t count_nl_avx2(const char *s, size_t n)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	size_t c = 0, i = 0;
	for (; i + 32 <= n; i += 32) {
		__m256i v = LOADV(s + i);
		c += (size_t)__builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl)));
	}
	for (; i < n; i++)
		c += s[i] == '\n';
	return c;
}
#endif

size_t core_count_nl(const char *s, size_t n)
{
	size_t c = 0;
	const char *p = s, *end = s + n;
#ifdef CORE_HAVE_AVX2
	if (__builtin_cpu_supports("avx2"))
		return count_nl_avx2(s, n);
#endif
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		c++;
		p++;
	}
	return c;
}

#ifdef CORE_HAVE_AVX2
__attribute__((target("avx2")))
static const char *find_pair_avx2(const char *s, size_t n, char a, char b)
{
	const __m256i va = _mm256_set1_epi8(a), vb = _mm256_set1_epi8(b);
	size_t i = 0;
	for (; i + 33 <= n; i += 32) {
		unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
			_mm256_cmpeq_epi8(LOADV(s + i), va), _mm256_cmpeq_epi8(LOADV(s + i + 1), vb)));
		if (m)
			return s + i + __builtin_ctz(m);
	}
	for (; i + 1 < n; i++)
		if (s[i] == a && s[i + 1] == b)
			return s + i;
	return NULL;
}
#endif

const char *core_find_pair(const char *s, size_t n, char a, char b)
{
	const char *p = s, *end = s + n;
#ifdef CORE_HAVE_AVX2
	if (__builtin_cpu_supports("avx2"))
		return find_pair_avx2(s, n, a, b);
#endif
	while (end - p >= 2 && (p = memchr(p, a, (size_t)(end - p - 1)))) {
		if (p[1] == b)
			return p;
		p++;
	}
	return NULL;
}
