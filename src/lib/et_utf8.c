/* et_utf8: UTF-8 validation and repair. */
#include "et_utf8.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid sequence at p (at most n bytes), or 0 if invalid. */
static size_t seq_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	if (c >= 0x01 && c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		return (n >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;       /* overlong */
		if (c == 0xED && p[1] >= 0xA0)
			return 0;       /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

static int ascii8(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	/* no high bit set and no zero byte */
	return !(w & 0x8080808080808080ULL) &&
	       !((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL);
}

int et_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n && ascii8(p + i)) {
			i += 8;
			continue;
		}
		size_t l = seq_len(p + i, n - i);
		if (!l)
			return 0;
		i += l;
	}
	return 1;
}

void et_utf8_sanitize(et_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	et_buf_grow(out, n);
	while (i < n) {
		if (i + 8 <= n && ascii8(p + i)) {
			i += 8;
			continue;
		}
		size_t l = seq_len(p + i, n - i);
		if (l) {
			i += l;
			continue;
		}
		et_buf_add(out, s + run, i - run);
		et_buf_add(out, "\xEF\xBF\xBD", 3);
		i++;
		run = i;
	}
	et_buf_add(out, s + run, n - run);
}

size_t et_utf8_cut(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t m = max;
	if (len <= max)
		return len;
	while (m > 0 && max - m < 3 && (p[m] & 0xC0) == 0x80)
		m--;
	return m;
}

size_t et_utf8_strip_escapes(char *p, size_t n)
{
	size_t r = 0, w = 0, line_start = 0;
	if (!memchr(p, 0x1b, n) && !memchr(p, '\r', n))
		return n;
	while (r < n) {
		unsigned char c = (unsigned char)p[r];
		if (c == 0x1b && r + 1 < n) {
			unsigned char k = (unsigned char)p[r + 1];
			if (k == '[') {                 /* CSI: params, intermediates, final */
				r += 2;
				while (r < n && (unsigned char)p[r] >= 0x20 && (unsigned char)p[r] <= 0x3f)
					r++;
				while (r < n && (unsigned char)p[r] >= 0x20 && (unsigned char)p[r] <= 0x2f)
					r++;
				if (r < n)
					r++;
				continue;
			}
			if (k == ']') {                 /* OSC: up to BEL or ST */
				r += 2;
				while (r < n && p[r] != 0x07 &&
				       !(p[r] == 0x1b && r + 1 < n && p[r + 1] == '\\'))
					r++;
				if (r < n)
					r += p[r] == 0x07 ? 1 : 2;
				continue;
			}
			r += 2;                         /* ESC x */
			continue;
		}
		if (c == 0x1b) {
			r++;
			continue;
		}
		if (c == '\r') {
			/* a redraw: what follows replaces the line so far */
			r++;
			if (r < n)
				w = line_start;
			continue;
		}
		p[w++] = p[r++];
	}
	return w;
}

/* code point of the valid sequence p[0..l) */
static uint32_t decode(const unsigned char *p, size_t l)
{
	static const unsigned char mask[] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	uint32_t cp = p[0] & mask[l];
	for (size_t i = 1; i < l; i++)
		cp = cp << 6 | (p[i] & 0x3F);
	return cp;
}

static int bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x061C;
}

void et_utf8_excerpt(et_buf *out, const char *s, size_t n, size_t max)
{
	static const char named[] = "abtnvfr";
	const unsigned char *p = (const unsigned char *)s;
	size_t end = et_utf8_cut(s, n, max), i = 0;
	while (i < end) {
		size_t l = seq_len(p + i, end - i);
		uint32_t cp;
		if (!l) {
			et_buf_add(out, "\xEF\xBF\xBD", 3);
			i++;
			continue;
		}
		cp = decode(p + i, l);
		if (cp >= 0x07 && cp <= 0x0D)
			et_buf_addf(out, "\\%c", named[cp - 0x07]);
		else if (cp < 0x20 || cp == 0x7F)
			et_buf_addf(out, "\\%03o", (unsigned)cp);
		else if ((cp >= 0x80 && cp <= 0x9F) || bidi_control(cp))
			et_buf_addf(out, "\\u%04x", (unsigned)cp);
		else
			et_buf_add(out, s + i, l);
		i += l;
	}
	if (end < n)
		et_buf_addstr(out, "...");
}
