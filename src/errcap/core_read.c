/* core_read.c: errcap's input loop (see core_read.h). */
#include "core_read.h"
#include "core_run.h"
#include "et_cli.h"
#include "et_utf8.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1 << 18)

static void tee_out(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;         /* the copy is a courtesy; reading goes on */
		}
		p += w;
		n -= (size_t)w;
	}
}

/* No data is waiting: flush; complete an open block unless more comes soon. */
static void idle(ec_ctx *ctx, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int r;
	if (poll(&pfd, 1, 0) != 0)
		return;
	et_out_flush();
	if (!ec_block_open(ctx))
		return;
	do
		r = poll(&pfd, 1, CORE_PAUSE_MS);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		ec_flush(ctx);
		et_out_flush();
	}
}

int core_read(ec_ctx *ctx, int fd, int tee)
{
	struct stat sb;
	size_t cap = CHUNK * 2, start = 0, end = 0, lineno = 0;
	char *buf = et_xmalloc(cap + 2);
	int may_block = fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode);
	int skipping = 0, rc = 0;

	for (;;) {
		ssize_t n;
		if (start > 0 && (start == end || cap - end < CHUNK)) {
			memmove(buf, buf + start, end - start);
			end -= start;
			start = 0;
		}
		if (cap - end < CHUNK) {
			cap *= 2;
			buf = et_xrealloc(buf, cap + 2);
		}
		if (may_block)
			idle(ctx, fd);
		do
			n = read(fd, buf + end, cap - end);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		if (tee >= 0)
			tee_out(tee, buf + end, (size_t)n);
		end += (size_t)n;
		if (skipping) {         /* the rest of an over-long line */
			char *nl = memchr(buf + start, '\n', end - start);
			if (!nl) {
				start = end;
				continue;
			}
			start = (size_t)(nl - buf) + 1;
			skipping = 0;
		}
		char *last = memrchr(buf + start, '\n', end - start);
		if (last) {
			size_t upto = (size_t)(last - buf) + 1;
			ec_feed_buf(ctx, buf + start, upto - start, &lineno, CORE_MAX_LINE);
			start = upto;
		} else if (end - start > CORE_MAX_LINE) {
			/* an over-long line: its head is a line, the rest is skipped */
			size_t cut = et_utf8_cut(buf + start, end - start, CORE_MAX_LINE);
			buf[start + cut] = '\n';
			ec_feed_buf(ctx, buf + start, cut + 1, &lineno, CORE_MAX_LINE);
			start = end;
			skipping = 1;
		}
	}
	if (end > start && !skipping) {         /* a last line without '\n' */
		buf[end] = '\n';
		ec_feed_buf(ctx, buf + start, end - start + 1, &lineno, CORE_MAX_LINE);
	}
	free(buf);
	return rc;
}
