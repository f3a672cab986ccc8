/*
 * errstat's record reader: a validating one-pass scan of each JSON Lines
 * record that keeps only where each top-level member stands (no tree, no
 * allocation per record). Values are decoded when asked for.
 */
#include "es.h"
#include "et_cli.h"
#include "et_rec.h"
#include "et_time.h"
#include "et_utf8.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 1000

typedef struct {
	const char *p, *end;
} scan;

static void ws(scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* at '"': moves past the closing quote; *esc is set when there is a backslash */
static int string(scan *s, int *esc)
{
	const char *p = s->p + 1, *end = s->end, *quote = NULL, *q;
	*esc = 0;
	for (;;) {
		/*
		 * memchr is vectorised: find the next quote (again only once an
		 * escape has gone past it), then a backslash before it.
		 */
		if (!quote || quote < p) {
			quote = memchr(p, '"', (size_t)(end - p));
			if (!quote)
				return -1;
		}
		q = memchr(p, '\\', (size_t)(quote - p));
		if (!q) {
			s->p = quote + 1;
			return 0;
		}
		*esc = 1;
		if (q + 1 >= end)
			return -1;
		switch (q[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			p = q + 2;
			break;
		case 'u':
			if (end - q < 6 || !hex(q[2]) || !hex(q[3]) || !hex(q[4]) || !hex(q[5]))
				return -1;
			p = q + 6;
			break;
		default:
			return -1;
		}
	}
}

static int digits(scan *s)
{
	const char *start = s->p;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > start ? 0 : -1;
}

static int number(scan *s)
{
	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (digits(s))
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (digits(s))
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (digits(s))
			return -1;
	}
	return 0;
}

static int literal(scan *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return -1;
	s->p += n;
	return 0;
}

static int value(scan *s, int depth, int *type);

static int container(scan *s, int depth, char close)
{
	int t, esc;
	if (depth > MAX_DEPTH)
		return -1;
	s->p++;
	ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return 0;
	}
	for (;;) {
		ws(s);
		if (close == '}') {
			if (s->p >= s->end || *s->p != '"' || string(s, &esc))
				return -1;
			ws(s);
			if (s->p >= s->end || *s->p != ':')
				return -1;
			s->p++;
			ws(s);
		}
		if (value(s, depth + 1, &t))
			return -1;
		ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == ',') {
			s->p++;
			continue;
		}
		if (*s->p == close) {
			s->p++;
			return 0;
		}
		return -1;
	}
}

static int value(scan *s, int depth, int *type)
{
	int esc;
	if (s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '"':
		*type = ES_J_STR;
		return string(s, &esc);
	case '{':
		*type = ES_J_OBJ;
		return container(s, depth, '}');
	case '[':
		*type = ES_J_ARR;
		return container(s, depth, ']');
	case 't':
		*type = ES_J_TRUE;
		return literal(s, "true", 4);
	case 'f':
		*type = ES_J_FALSE;
		return literal(s, "false", 5);
	case 'n':
		*type = ES_J_NULL;
		return literal(s, "null", 4);
	default:
		*type = ES_J_NUM;
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			return number(s);
		return -1;
	}
}

/* a key's bit in es_rec.keys: from its length and its first and last bytes */
static inline uint64_t key_bit(const char *k, size_t n)
{
	unsigned x = n ? (unsigned char)k[0] * 31u + (unsigned char)k[n - 1] * 7u + (unsigned)n : 0;
	return (uint64_t)1 << (x & 63);
}

int es_rec_parse(es_rec *r, const char *line, size_t len)
{
	scan s = { line, line + len };
	r->n = 0;
	r->keys = 0;
	r->have_time = 0;
	ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return -1;
	s.p++;
	ws(&s);
	if (s.p < s.end && *s.p == '}') {
		s.p++;
		goto tail;
	}
	for (;;) {
		es_kv *kv;
		int esc;
		const char *k, *v;
		ws(&s);
		if (s.p >= s.end || *s.p != '"')
			return -1;
		k = s.p + 1;
		if (string(&s, &esc))
			return -1;
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 32;
			r->kv = et_xrealloc(r->kv, r->cap * sizeof *r->kv);
		}
		kv = &r->kv[r->n];
		kv->k = k;
		kv->klen = (size_t)(s.p - 1 - k);
		kv->kesc = esc;
		if (!esc)
			r->keys |= key_bit(k, kv->klen);
		ws(&s);
		if (s.p >= s.end || *s.p != ':')
			return -1;
		s.p++;
		ws(&s);
		v = s.p;
		if (value(&s, 1, &kv->type))
			return -1;
		kv->v = v;
		kv->vlen = (size_t)(s.p - v);
		kv->esc = 0;
		if (kv->type == ES_J_STR) {
			kv->v = v + 1;
			kv->vlen -= 2;
			kv->esc = memchr(kv->v, '\\', kv->vlen) != NULL;
		}
		r->n++;
		ws(&s);
		if (s.p >= s.end)
			return -1;
		if (*s.p == ',') {
			s.p++;
			continue;
		}
		if (*s.p == '}') {
			s.p++;
			break;
		}
		return -1;
	}
tail:
	ws(&s);
	return s.p == s.end ? 0 : -1;
}

const es_kv *es_rec_get(const es_rec *r, const char *key)
{
	/* where each key was found last (records mostly share an order): a hint */
	static size_t hint[64];
	size_t n = strlen(key), *h = &hint[((uintptr_t)key >> 3) & 63];
	const es_kv *kv;
	if (!n || !(r->keys & key_bit(key, n)))
		return NULL;
	if (*h < r->n) {
		kv = &r->kv[*h];
		if (kv->klen == n && !memcmp(kv->k, key, n) && !kv->kesc)
			return kv;
	}
	for (size_t i = 0; i < r->n; i++) {
		kv = &r->kv[i];
		if (kv->klen == n && kv->k[0] == key[0] && !memcmp(kv->k, key, n) && !kv->kesc) {
			*h = i;
			return kv;
		}
	}
	return NULL;
}

static void add_utf8(et_buf *b, unsigned long c)
{
	if (c < 0x80) {
		et_buf_addch(b, (int)c);
	} else if (c < 0x800) {
		et_buf_addch(b, (int)(0xc0 | c >> 6));
		et_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		et_buf_addch(b, (int)(0xe0 | c >> 12));
		et_buf_addch(b, (int)(0x80 | (c >> 6 & 0x3f)));
		et_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else {
		et_buf_addch(b, (int)(0xf0 | c >> 18));
		et_buf_addch(b, (int)(0x80 | (c >> 12 & 0x3f)));
		et_buf_addch(b, (int)(0x80 | (c >> 6 & 0x3f)));
		et_buf_addch(b, (int)(0x80 | (c & 0x3f)));
	}
}

static unsigned long hex4(const char *p)
{
	return strtoul((char[5]){ p[0], p[1], p[2], p[3], 0 }, NULL, 16);
}

void es_kv_str(const es_kv *kv, et_buf *out)
{
	static et_buf raw = ET_BUF_INIT;
	const char *p = kv->v, *end = kv->v + kv->vlen;
	if (!kv->esc) {
		if (et_utf8_valid(p, kv->vlen))
			et_buf_add(out, p, kv->vlen);
		else
			et_utf8_sanitize(out, p, kv->vlen);
		return;
	}
	et_buf_reset(&raw);
	while (p < end) {
		const char *q = memchr(p, '\\', (size_t)(end - p));
		if (!q)
			q = end;
		et_buf_add(&raw, p, (size_t)(q - p));
		if (q >= end)
			break;
		switch (q[1]) {
		case 'b': et_buf_addch(&raw, '\b'); p = q + 2; break;
		case 'f': et_buf_addch(&raw, '\f'); p = q + 2; break;
		case 'n': et_buf_addch(&raw, '\n'); p = q + 2; break;
		case 'r': et_buf_addch(&raw, '\r'); p = q + 2; break;
		case 't': et_buf_addch(&raw, '\t'); p = q + 2; break;
		case 'u': {
			unsigned long c = hex4(q + 2);
			p = q + 6;
			if (c >= 0xd800 && c < 0xdc00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
				unsigned long lo = hex4(p + 2);
				if (lo >= 0xdc00 && lo < 0xe000) {
					c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
					p += 6;
				}
			}
			if (c == 0 || (c >= 0xd800 && c < 0xe000))
				c = 0xfffd;     /* NUL and lone surrogates */
			add_utf8(&raw, c);
			break;
		}
		default: et_buf_addch(&raw, q[1]); p = q + 2; break;
		}
	}
	et_utf8_sanitize(out, raw.buf, raw.len);
}

/* compact JSON text of an array or object: whitespace outside strings dropped */
void es_kv_raw(const es_kv *kv, et_buf *out)
{
	static et_buf tmp = ET_BUF_INIT;
	int in = 0;
	et_buf_reset(&tmp);
	for (size_t i = 0; i < kv->vlen; i++) {
		char c = kv->v[i];
		if (in) {
			et_buf_addch(&tmp, c);
			if (c == '\\' && i + 1 < kv->vlen)
				et_buf_addch(&tmp, kv->v[++i]);
			else if (c == '"')
				in = 0;
		} else if (c == '"') {
			in = 1;
			et_buf_addch(&tmp, c);
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			et_buf_addch(&tmp, c);
		}
	}
	et_utf8_sanitize(out, tmp.buf, tmp.len);
}

double es_kv_num(const es_kv *kv)
{
	char tmp[64];
	size_t n = kv->vlen < sizeof tmp - 1 ? kv->vlen : sizeof tmp - 1;
	memcpy(tmp, kv->v, n);
	tmp[n] = '\0';
	return strtod(tmp, NULL);
}

/* ---- reading ---- */

void es_read(const char *name, void (*fn)(void *, es_rec *), void *arg)
{
	et_rec_reader *rr = et_rec_open(name);
	es_rec rec = { 0 };
	char *line;
	size_t len;
	if (!rr)
		return;
	while (et_rec_next_line(rr, &line, &len)) {
		if (es_rec_parse(&rec, line, len)) {
			et_rec_reject(rr, "not a JSON object");
			continue;
		}
		fn(arg, &rec);
	}
	et_rec_close(rr);
	free(rec.kv);
}

/* ---- fields as text (es.h) ---- */

int es_rec_time_of(const es_rec *rec, const char *key, double *t)
{
	static et_buf tmp = ET_BUF_INIT;
	const es_kv *kv = es_rec_get(rec, key);
	if (!kv || kv->type != ES_J_STR)
		return -1;
	if (!kv->esc)
		return et_time_parsen(kv->v, kv->vlen, t);
	et_buf_reset(&tmp);
	es_kv_str(kv, &tmp);
	return et_time_parsen(tmp.buf, tmp.len, t);
}

int es_rec_time(es_rec *rec, double *t)
{
	static const char *const keys[] = { "last_seen", "time", "started" };
	if (!rec->have_time) {
		rec->have_time = -1;
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			if (!es_rec_time_of(rec, keys[i], &rec->t)) {
				rec->have_time = 1;
				break;
			}
	}
	*t = rec->t;
	return rec->have_time > 0 ? 0 : -1;
}

static void add_number(et_buf *out, double v)
{
	char tmp[64];
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	} else {
		snprintf(tmp, sizeof tmp, "%.15g", v);
		if (strtod(tmp, NULL) != v)
			snprintf(tmp, sizeof tmp, "%.17g", v);
	}
	et_buf_addstr(out, tmp);
}

int es_field(es_rec *rec, const char *field, et_buf *out)
{
	const es_kv *kv;
	et_buf_reset(out);
	if ((field[0] == 'd' && !strcmp(field, "day")) || (field[0] == 'h' && !strcmp(field, "hour"))) {
		double t;
		char when[16];
		if (es_rec_time(rec, &t))
			return 0;
		if (field[0] == 'd')
			et_time_day(t, when);
		else
			et_time_hour(t, when);
		et_buf_addstr(out, when);
		return 1;
	}
	kv = es_rec_get(rec, field);
	if (!kv || kv->type == ES_J_NULL)
		return 0;
	switch (kv->type) {
	case ES_J_STR: es_kv_str(kv, out); break;
	case ES_J_NUM: add_number(out, es_kv_num(kv)); break;
	case ES_J_TRUE: et_buf_addstr(out, "true"); break;
	case ES_J_FALSE: et_buf_addstr(out, "false"); break;
	default: es_kv_raw(kv, out); break;
	}
	return 1;
}
