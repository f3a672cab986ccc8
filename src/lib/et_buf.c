/* et_buf: growable byte buffers. */
#include "et_buf.h"
#include "et_cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char et_buf_empty[1];

void et_buf_init(et_buf *b, size_t hint)
{
	b->buf = et_buf_empty;
	b->len = b->cap = 0;
	if (hint)
		et_buf_grow(b, hint);
}

void et_buf_release(et_buf *b)
{
	if (b->cap)
		free(b->buf);
	et_buf_init(b, 0);
}

void et_buf_grow(et_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		et_die("out of memory");
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap < ((size_t)-1) / 2 ? cap * 2 : need;
	if (b->cap) {
		b->buf = et_xrealloc(b->buf, cap);
	} else {
		b->buf = et_xmalloc(cap);
		b->buf[0] = '\0';
	}
	b->cap = cap;
}

void et_buf_setlen(et_buf *b, size_t len)
{
	if (!b->cap && len == 0)
		return;
	if (len >= b->cap)
		et_die("et_buf_setlen beyond allocation");
	b->len = len;
	b->buf[len] = '\0';
}

void et_buf_add(et_buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	et_buf_grow(b, n);
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void et_buf_addstr(et_buf *b, const char *s)
{
	et_buf_add(b, s, strlen(s));
}

void et_buf_addf(et_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	et_buf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		et_die("et_buf_addf: bad format");
	if ((size_t)n >= b->cap - b->len) {
		et_buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *et_buf_detach(et_buf *b, size_t *len)
{
	char *p;
	if (!b->cap)
		et_buf_grow(b, 0);
	p = b->buf;
	if (len)
		*len = b->len;
	et_buf_init(b, 0);
	return p;
}
