/*
 * et_jw: a direct, streaming JSON writer: values are appended to an et_buf
 * as they are given, without building a tree.
 *
 * Promises:
 * - The text is compact JSON (no spaces), with the commas and colons put
 *   in by the writer: call et_jw_key before each value inside an object,
 *   never inside an array.
 * - Strings (keys too) come out valid UTF-8 whatever bytes they hold:
 *   invalid sequences and NUL bytes become U+FFFD (as et_utf8_sanitize
 *   does); `"` and `\` are escaped, control bytes as \b \f \n \r \t or
 *   \u00XX, nothing else.
 * - Numbers are written as cJSON 1.7's printer writes them (%1.15g, or
 *   %1.17g when that does not read back as the same value; NaN and
 *   infinities as null), so a record written with et_jw is byte for byte
 *   the text cJSON_PrintUnformatted would print, made valid UTF-8.
 * - Nesting deeper than ET_JW_MAX_DEPTH is a programming error (et_die).
 */
#ifndef ET_JW_H
#define ET_JW_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "et_buf.h"

#define ET_JW_MAX_DEPTH 64

typedef struct {
	et_buf *out;
	unsigned depth;
	uint64_t more;          /* bit d: the container at depth d has a member */
	int after_key;          /* a key was written: the value needs no comma */
} et_jw;

/* Starts writing at the end of out (its contents are kept). */
void et_jw_start(et_jw *w, et_buf *out);

void et_jw_object(et_jw *w);
void et_jw_object_end(et_jw *w);
void et_jw_array(et_jw *w);
void et_jw_array_end(et_jw *w);

/* The key of the next member of the object being written. */
void et_jw_key(et_jw *w, const char *key);

void et_jw_strn(et_jw *w, const char *s, size_t n);
/* A NUL-terminated string; NULL writes null. */
void et_jw_str(et_jw *w, const char *s);
void et_jw_int(et_jw *w, long long v);
void et_jw_num(et_jw *w, double v);
void et_jw_bool(et_jw *w, int v);
void et_jw_null(et_jw *w);
/* Text that is already one JSON value, written as it is. */
void et_jw_raw(et_jw *w, const char *json, size_t n);

/* The value item (and everything under it), as cJSON would print it. */
void et_jw_cjson(et_jw *w, const cJSON *item);

/*
 * Appends s[0..n) as a JSON string literal, quotes included, with the same
 * escapes and UTF-8 repair as the writer's strings.
 */
void et_jw_quote(et_buf *out, const char *s, size_t n);

#endif
