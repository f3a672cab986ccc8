/* core_chunk.c: errcap --chunk K/N (see core_chunk.h). */
#include "core_chunk.h"
#include "core_run.h"
#include "core_scan.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_line.h"
#include "et_rec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT_BUF (1u << 20)

int core_chunk_parse(const char *spec, unsigned long *k, unsigned long *n)
{
	char *end;
	if (!et_isdigit((unsigned char)*spec))
		return -1;
	errno = 0;
	*k = strtoul(spec, &end, 10);
	if (*end != '/' || !et_isdigit((unsigned char)end[1]) || errno)
		return -1;
	*n = strtoul(end + 1, &end, 10);
	if (*end || errno || *k < 1 || *k > *n)
		return -1;
	return 0;
}

/* a forward cursor counting newlines in the file from byte 0 */
struct counter {
	int fd;
	char *buf;
	off_t pos;
	size_t nl;
};

/* Newlines in bytes [0, to) of the file (to <= its size); -1 on error. */
static int count_to(struct counter *c, off_t to, size_t *nl)
{
	if (to < c->pos)
		c->pos = 0, c->nl = 0;
	while (c->pos < to) {
		size_t want = (size_t)(to - c->pos) < COUNT_BUF ? (size_t)(to - c->pos) : COUNT_BUF;
		ssize_t r = pread(c->fd, c->buf, want, c->pos);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!r)
				errno = EIO;    /* the file shrank */
			return -1;
		}
		c->nl += core_count_nl(c->buf, (size_t)r);
		c->pos += r;
	}
	*nl = c->nl;
	return 0;
}

/*
 * Like count_to(c, to) from byte 0 (to: a line start), and every line in
 * it that changes make's directory stack goes to ec_feed_state.
 */
static int prime(ec_ctx *ctx, struct counter *c, off_t to, size_t *nl)
{
	static const char key[] = "ing directory ";
	c->pos = 0, c->nl = 0;
	while (c->pos < to) {
		size_t want = (size_t)(to - c->pos) < COUNT_BUF ? (size_t)(to - c->pos) : COUNT_BUF, n;
		ssize_t r = pread(c->fd, c->buf, want, c->pos);
		char *p, *end, *e;
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!r)
				errno = EIO;
			return -1;
		}
		n = (size_t)r;
		/* whole lines only; the rest is read again next time */
		if (c->pos + r < to && (e = memrchr(c->buf, '\n', n)))
			n = (size_t)(e - c->buf) + 1;
		c->nl += core_count_nl(c->buf, n);
		end = c->buf + n;
		/* found by its "y " (a vector loop, faster than memmem) */
		for (const char *y = c->buf; (y = core_find_pair(y, (size_t)(end - y), 'y', ' ')); y = e) {
			size_t at = (size_t)(y - c->buf);
			char *ls;
			if (at < sizeof key - 3 || memcmp(y - (sizeof key - 3), key, sizeof key - 3)) {
				e = c->buf + at + 1;
				continue;
			}
			p = c->buf + at - (sizeof key - 3);
			ls = memrchr(c->buf, '\n', (size_t)(p - c->buf));
			ls = ls ? ls + 1 : c->buf;
			if (!(e = memchr(p, '\n', (size_t)(end - p))))
				e = end;
			ec_feed_state(ctx, ls, (size_t)(e - ls));
		}
		c->pos += (off_t)n;
	}
	*nl = c->nl;
	return 0;
}

/* The first line start at or after off (the file's size when none). */
static int line_start_at(struct counter *c, off_t off, off_t size, off_t *at)
{
	if (off <= 0) {
		*at = 0;
		return 0;
	}
	for (off_t p = off - 1; p < size;) {
		ssize_t r = pread(c->fd, c->buf, COUNT_BUF, p);
		const char *nl;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (!r)
			break;
		if ((nl = memchr(c->buf, '\n', (size_t)r))) {
			*at = p + (nl - c->buf) + 1;
			return 0;
		}
		p += r;
	}
	*at = size;
	return 0;
}

/*
 * The start of the line nlines lines before the one at byte off (a line
 * start), or 0 when the file has fewer before it.
 */
static int lines_back(struct counter *c, off_t off, size_t nlines, off_t *at)
{
	size_t seen = 0;
	for (off_t p = off - 1; p > 0;) {       /* byte off - 1 ends the line before */
		size_t want = (size_t)p < COUNT_BUF ? (size_t)p : COUNT_BUF;
		ssize_t r = pread(c->fd, c->buf, want, p - (off_t)want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != (ssize_t)want) {
			if (r >= 0)
				errno = EIO;
			return -1;
		}
		for (size_t i = want; i-- > 0;)
			if (c->buf[i] == '\n' && ++seen == nlines) {
				*at = p - (off_t)want + (off_t)i + 1;
				return 0;
			}
		p -= (off_t)want;
	}
	*at = 0;
	return 0;
}

/* Lines that begin before byte off: 1-based number of the last of them. */
static int lines_before(struct counter *c, off_t off, size_t *n)
{
	if (off <= 0) {
		*n = 0;
		return 0;
	}
	if (count_to(c, off - 1, n) < 0)
		return -1;
	++*n;
	return 0;
}

struct keep {
	size_t first, last;     /* the range's lines */
	long written;
};

static void keep_rec(void *arg, cJSON *rec)
{
	struct keep *kp = arg;
	double line = et_json_num(et_json_get(rec, "input"), "line", 0);
	if (line >= (double)kp->first && line <= (double)kp->last) {
		et_rec_write(rec);
		kp->written++;
	}
	cJSON_Delete(rec);
}

long core_chunk_read(ec_ctx *ctx, const char *name, unsigned long k, unsigned long n)
{
	struct counter c = { .fd = -1 };
	struct keep kp = { 0, SIZE_MAX, 0 };
	et_lines *lr = NULL;
	struct stat sb;
	off_t start, end, from, by_lines;
	size_t lineno, margin = ec_lookback(ctx) + 1, len;
	char *run;
	long rc = -1;
	int r, err;

	if ((c.fd = open(name, O_RDONLY)) < 0 || fstat(c.fd, &sb) < 0)
		goto fail;
	if (!S_ISREG(sb.st_mode)) {
		errno = ESPIPE;
		goto fail;
	}
	c.buf = et_xmalloc(COUNT_BUF);
	start = (off_t)((uintmax_t)sb.st_size * (k - 1) / n);
	end = (off_t)((uintmax_t)sb.st_size * k / n);
	if (line_start_at(&c, start > (off_t)CORE_CHUNK_BACK ? start - (off_t)CORE_CHUNK_BACK : 0,
			  sb.st_size, &from) < 0 ||
	    line_start_at(&c, start, sb.st_size, &by_lines) < 0 ||
	    lines_back(&c, by_lines, EC_STATE_LINES, &by_lines) < 0)
		goto fail;
	if (by_lines < from)
		from = by_lines;
	if (prime(ctx, &c, from, &lineno) < 0 ||
	    lines_before(&c, start, &kp.first) < 0 ||
	    (k < n && lines_before(&c, end, &kp.last) < 0))
		goto fail;
	kp.first++;
	if (lseek(c.fd, from, SEEK_SET) < 0)
		goto fail;
	lr = et_lines_fdopen(c.fd, name);
	et_lines_set_max(lr, CORE_MAX_LINE);
	ec_set_sink(ctx, keep_rec, &kp);
	/* past the range, read on until no block is open and no later block
	 * can claim a line of the range */
	while ((r = et_lines_next_run(lr, &run, &len)) > 0) {
		ec_feed_buf(ctx, run, len, &lineno, CORE_MAX_LINE);
		if (kp.last != SIZE_MAX && lineno > kp.last + margin && !ec_block_open(ctx))
			break;
	}
	ec_flush(ctx);
	if (r < 0) {
		et_warn_at(name, 0, "read error: %s", strerror(errno));
		goto out;
	}
	rc = kp.written;
	goto out;
fail:
	err = errno;
	et_warn_at(name, 0, "%s", strerror(err));
	errno = err;
out:
	ec_set_sink(ctx, NULL, NULL);
	if (lr)
		et_lines_close(lr);
	if (c.fd >= 0)
		close(c.fd);
	free(c.buf);
	return rc;
}
