/*
 * et_swar: tests on eight bytes at once in a 64-bit word (SIMD within a
 * register), for scanners that look for a few kinds of byte in long text.
 *
 * Each test gives a word whose byte has its high bit set where the
 * condition may hold; the word is non-zero exactly when some byte of v
 * meets it (bits above the first such byte can be wrong: find which byte
 * by a plain loop). Byte order does not matter.
 */
#ifndef ET_SWAR_H
#define ET_SWAR_H

#include <stdint.h>
#include <string.h>

#define ET_SWAR_ONES 0x0101010101010101u
#define ET_SWAR_HIGHS 0x8080808080808080u

/* the eight bytes at p */
static inline uint64_t et_swar_load(const void *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* bytes of v that are 0 */
static inline uint64_t et_swar_zero(uint64_t v)
{
	return (v - ET_SWAR_ONES) & ~v & ET_SWAR_HIGHS;
}

/* bytes of v equal to c */
static inline uint64_t et_swar_eq(uint64_t v, unsigned char c)
{
	return et_swar_zero(v ^ (ET_SWAR_ONES * c));
}

/* bytes of v below n (n <= 128) */
static inline uint64_t et_swar_below(uint64_t v, unsigned char n)
{
	return (v - ET_SWAR_ONES * n) & ~v & ET_SWAR_HIGHS;
}

/* bytes of v at or above 0x80 */
static inline uint64_t et_swar_high(uint64_t v)
{
	return v & ET_SWAR_HIGHS;
}

#endif
