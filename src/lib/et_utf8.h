/*
 * et_utf8: UTF-8 validation and repair. Everything errtools writes is valid
 * UTF-8 without NUL bytes; these functions are how it makes sure.
 */
#ifndef ET_UTF8_H
#define ET_UTF8_H

#include <stddef.h>
#include "et_buf.h"

/*
 * Returns 1 when p[0..n) is valid UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF) and holds no NUL byte; 0 otherwise.
 */
int et_utf8_valid(const char *p, size_t n);

/*
 * Appends p[0..n) to out with every invalid byte sequence and every NUL
 * byte replaced by U+FFFD; valid input is appended unchanged.
 */
void et_utf8_sanitize(et_buf *out, const char *p, size_t n);

/*
 * Where to cut the string p[0..len) to at most max bytes without splitting
 * a multi-byte character: returns len when len <= max, else the largest
 * m <= max at a character boundary.
 */
size_t et_utf8_cut(const char *p, size_t len, size_t max);

/*
 * Removes terminal escape sequences (CSI, OSC, two-byte ESC sequences) and
 * carriage-return redraws ("50%\r100%" keeps "100%") from p[0..n) in place;
 * returns the new length. A single '\r' at the end is removed too.
 */
size_t et_utf8_strip_escapes(char *p, size_t n);

/*
 * Appends an excerpt of p[0..n) that is safe to show on a terminal, for
 * messages that quote input: at most max bytes of the input (cut at a
 * character boundary, then "..."), with control characters written as
 * escapes so that none reaches the terminal: \a \b \t \n \v \f \r by name,
 * other C0 bytes and DEL in octal (\033, \177), C1 controls and the
 * bidirectional overrides as \u0085, \u202e; invalid UTF-8 and NUL bytes
 * become U+FFFD. The result is valid UTF-8 without NUL bytes.
 */
void et_utf8_excerpt(et_buf *out, const char *p, size_t n, size_t max);

#endif
