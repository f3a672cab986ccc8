/*
 * et_buf: growable byte buffers.
 *
 * Invariant: buf is never NULL and buf[len] is always '\0', so a buffer is
 * always a usable C string (which may hold NUL bytes before len).
 */
#ifndef ET_BUF_H
#define ET_BUF_H

#include <stddef.h>

typedef struct {
	char *buf;
	size_t len;
	size_t cap;     /* bytes allocated, 0 while buf points at a shared empty string */
} et_buf;

extern char et_buf_empty[];
#define ET_BUF_INIT { et_buf_empty, 0, 0 }

void et_buf_init(et_buf *b, size_t hint);
/* Frees the memory; b is then as after ET_BUF_INIT. */
void et_buf_release(et_buf *b);
/* Makes room for extra more bytes (plus the '\0') without moving len. */
void et_buf_grow(et_buf *b, size_t extra);
/* Empties b, keeping its memory. */
static inline void et_buf_reset(et_buf *b) { b->len = 0; b->buf[0] = '\0'; }
void et_buf_setlen(et_buf *b, size_t len);   /* len <= current allocation */
void et_buf_add(et_buf *b, const void *p, size_t n);
void et_buf_addstr(et_buf *b, const char *s);
static inline void et_buf_addch(et_buf *b, int c)
{
	if (b->len + 1 >= b->cap)
		et_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}
void et_buf_addf(et_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the memory to the caller (free() it); b is then empty. */
char *et_buf_detach(et_buf *b, size_t *len);

#endif
