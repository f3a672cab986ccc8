/*
 * core_scan: errcap's single-pass literal prefilter.
 *
 * Every parser's trigger literals (parser.h) go into one scanner, each
 * tagged with its owner (a small integer, e.g. the parser's index; a
 * literal several owners give is kept once, with all of them). One pass
 * over a line then tells which owners have at least one of their literals
 * in it, so the driver offers the line only to those parsers' start.
 *
 * How (after Hyperscan's "Teddy"): each literal is anchored at its rarest
 * window of up to four bytes (rarity from a fixed table of byte and trigram
 * frequencies in build logs); the windows are grouped into 64 buckets. A
 * SIMD pass (AVX-512 VBMI or AVX2 when the CPU has it, else a table-driven
 * scalar loop) looks up each byte in per-position tables and keeps the
 * positions where all four window bytes agree on a bucket; only those are
 * checked against exact tables of the windows and confirmed with memcmp
 * against that bucket's literals.
 *
 * Promise: core_scan_line sets exactly the owners that have a literal
 * occurring in the line (no false positives, no misses), plus the owners
 * added with core_scan_always.
 */
#ifndef CORE_SCAN_H
#define CORE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#define CORE_SCAN_MAX_OWNERS 512

typedef struct {
	uint64_t w[CORE_SCAN_MAX_OWNERS / 64];
} core_mask;

static inline int core_mask_has(const core_mask *m, unsigned i)
{
	return (int)((m->w[i >> 6] >> (i & 63)) & 1);
}

static inline void core_mask_set(core_mask *m, unsigned i)
{
	m->w[i >> 6] |= (uint64_t)1 << (i & 63);
}

typedef struct core_scan core_scan;

core_scan *core_scan_new(void);
/* Adds a literal (copied) for owner (< CORE_SCAN_MAX_OWNERS). */
void core_scan_add(core_scan *cs, const char *lit, unsigned owner);
/* owner is reported for every line. */
void core_scan_always(core_scan *cs, unsigned owner);
/* Call once after the last add, before scanning. */
void core_scan_build(core_scan *cs);
/* Sets *out to the owners whose literals occur in s[0..n). */
void core_scan_line(const core_scan *cs, const char *s, size_t n, core_mask *out);
void core_scan_free(core_scan *cs);

/*
 * The offset in s[0..n) of the first place that needs a closer look: the
 * anchor of a literal that occurs there, or an ESC or '\r' byte (escape
 * codes can hide literals); n when there is none. With an owner added by
 * core_scan_always, every place needs a look: returns 0. Literals may not
 * hold '\n', so s may hold many lines.
 */
size_t core_scan_find(const core_scan *cs, const char *s, size_t n);

/*
 * How rare the literal s[0..n) is in build logs, from the same byte and
 * pair frequencies the scanner uses: about -log2 of its frequency (higher:
 * rarer; "error" is common, "error[E" rare).
 */
int core_scan_rarity(const char *s, size_t n);

/* The number of '\n' bytes in s[0..n). */
size_t core_count_nl(const char *s, size_t n);

/* The first place in s[0..n) where byte a is followed by byte b, or NULL. */
const char *core_find_pair(const char *s, size_t n, char a, char b);

#endif
