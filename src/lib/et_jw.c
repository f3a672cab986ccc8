/* et_jw: a direct, streaming JSON writer (see et_jw.h). */
#include "et_jw.h"
#include "et_cli.h"
#include "et_swar.h"
#include "et_utf8.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* bytes that a JSON string holds as they are: not '"', '\\', control or >= 0x80 */
static unsigned char plain[256];

static void plain_init(void)
{
	if (plain['a'])
		return;
	for (unsigned c = 0x20; c < 0x80; c++)
		plain[c] = c != '"' && c != '\\';
}

/* the first byte at or after s[i] that a JSON string must escape ('"', '\\', < 0x20), or n */
static size_t plain_run(const char *s, size_t i, size_t n)
{
	for (; i + 8 <= n; i += 8) {
		uint64_t v = et_swar_load(s + i);
		if (et_swar_below(v, 0x20) | et_swar_eq(v, '"') | et_swar_eq(v, '\\'))
			break;
	}
	while (i < n && (plain[(unsigned char)s[i]] || (unsigned char)s[i] >= 0x80))
		i++;
	return i;
}

/* s[0..n) is valid UTF-8 without NUL: appends it escaped, quotes included */
static void quote_valid(et_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *d;
	et_buf_grow(out, 6 * n + 2);
	d = out->buf + out->len;
	*d++ = '"';
	for (size_t i = 0; i < n;) {
		size_t j = plain_run(s, i, n);
		unsigned char c;
		memcpy(d, s + i, j - i);
		d += j - i;
		if (j == n)
			break;
		c = (unsigned char)s[j];
		*d++ = '\\';
		switch (c) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		case '\n': *d++ = 'n'; break;
		case '\r': *d++ = 'r'; break;
		case '\t': *d++ = 't'; break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
		i = j + 1;
	}
	*d++ = '"';
	out->len = (size_t)(d - out->buf);
	out->buf[out->len] = '\0';
}

void et_jw_quote(et_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	plain_init();
	for (; i + 8 <= n; i += 8) {    /* ASCII without NUL, eight bytes a step */
		uint64_t v = et_swar_load(s + i);
		if (et_swar_high(v) | et_swar_zero(v))
			break;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || !c) {
			/* the bytes before are ASCII: the rest decides */
			if (!et_utf8_valid(s + i, n - i)) {
				et_buf fix = ET_BUF_INIT;
				et_utf8_sanitize(&fix, s, n);
				quote_valid(out, fix.buf, fix.len);
				et_buf_release(&fix);
				return;
			}
			break;
		}
	}
	quote_valid(out, s, n);
}

void et_jw_start(et_jw *w, et_buf *out)
{
	plain_init();
	w->out = out;
	w->depth = 0;
	w->more = 0;
	w->after_key = 0;
}

/* before a value or a key: the comma after the container's previous member */
static void sep(et_jw *w)
{
	uint64_t bit = (uint64_t)1 << w->depth;
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->more & bit)
		et_buf_addch(w->out, ',');
	w->more |= bit;
}

static void open_c(et_jw *w, int c)
{
	sep(w);
	if (w->depth + 1 >= ET_JW_MAX_DEPTH)
		et_die("et_jw: JSON nested too deep");
	et_buf_addch(w->out, c);
	w->depth++;
	w->more &= ~((uint64_t)1 << w->depth);
}

static void close_c(et_jw *w, int c)
{
	if (!w->depth)
		et_die("et_jw: no open container to close");
	w->depth--;
	et_buf_addch(w->out, c);
}

void et_jw_object(et_jw *w) { open_c(w, '{'); }
void et_jw_object_end(et_jw *w) { close_c(w, '}'); }
void et_jw_array(et_jw *w) { open_c(w, '['); }
void et_jw_array_end(et_jw *w) { close_c(w, ']'); }

void et_jw_key(et_jw *w, const char *key)
{
	sep(w);
	et_jw_quote(w->out, key ? key : "", key ? strlen(key) : 0);
	et_buf_addch(w->out, ':');
	w->after_key = 1;
}

void et_jw_strn(et_jw *w, const char *s, size_t n)
{
	sep(w);
	et_jw_quote(w->out, s, n);
}

void et_jw_str(et_jw *w, const char *s)
{
	if (!s)
		et_jw_null(w);
	else
		et_jw_strn(w, s, strlen(s));
}

static void put_int(et_buf *out, long long v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	et_buf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

void et_jw_int(et_jw *w, long long v)
{
	sep(w);
	put_int(w->out, v);
}

/*
 * As cJSON 1.7 prints a number: %1.15g, or %1.17g when that does not read
 * back as the same double; NaN and infinities as null. Integers below 1e15
 * (the usual numbers: lines, columns, counts) print the same by hand.
 */
static void put_num(et_buf *out, double d)
{
	char tmp[32];
	double back;
	int len;
	if (d * 0 != 0) {
		et_buf_add(out, "null", 4);
		return;
	}
	if (fabs(d) < 1e15 && d == (double)(long long)d && !(d == 0 && signbit(d))) {
		put_int(out, (long long)d);
		return;
	}
	len = snprintf(tmp, sizeof tmp, "%1.15g", d);
	if (sscanf(tmp, "%lg", &back) != 1 || back != d)
		len = snprintf(tmp, sizeof tmp, "%1.17g", d);
	et_buf_add(out, tmp, (size_t)len);
}

void et_jw_num(et_jw *w, double v)
{
	sep(w);
	put_num(w->out, v);
}

void et_jw_bool(et_jw *w, int v)
{
	sep(w);
	if (v)
		et_buf_add(w->out, "true", 4);
	else
		et_buf_add(w->out, "false", 5);
}

void et_jw_null(et_jw *w)
{
	sep(w);
	et_buf_add(w->out, "null", 4);
}

void et_jw_raw(et_jw *w, const char *json, size_t n)
{
	sep(w);
	et_buf_add(w->out, json, n);
}

void et_jw_cjson(et_jw *w, const cJSON *it)
{
	const cJSON *c;
	switch (it ? it->type & 0xff : cJSON_NULL) {
	case cJSON_False:
		et_jw_bool(w, 0);
		break;
	case cJSON_True:
		et_jw_bool(w, 1);
		break;
	case cJSON_Number:
		sep(w);
		put_num(w->out, it->valuedouble);
		break;
	case cJSON_String:
		et_jw_str(w, it->valuestring ? it->valuestring : "");
		break;
	case cJSON_Raw:
		if (it->valuestring)
			et_jw_raw(w, it->valuestring, strlen(it->valuestring));
		else
			et_jw_null(w);
		break;
	case cJSON_Array:
		et_jw_array(w);
		for (c = it->child; c; c = c->next)
			et_jw_cjson(w, c);
		et_jw_array_end(w);
		break;
	case cJSON_Object:
		et_jw_object(w);
		for (c = it->child; c; c = c->next) {
			et_jw_key(w, c->string);
			et_jw_cjson(w, c);
		}
		et_jw_object_end(w);
		break;
	default:
		et_jw_null(w);
	}
}
