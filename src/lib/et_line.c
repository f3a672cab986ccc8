/* et_line: fast line reading. */
#include "et_line.h"
#include "et_cli.h"
#include "et_utf8.h"
#include "et_buf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1 << 18)

struct et_lines {
	int fd;
	int own_fd;
	int tee_fd;
	int eof;
	int truncated;
	int skip_rest;          /* et_lines_next_run: dropping the tail of a cut line */
	int may_block;          /* not a regular file: poll before read */
	char *name;
	char *buf;              /* buf[start..end) holds unread bytes */
	size_t start, end, cap;
	size_t scan;            /* bytes of buf[start..) known to hold no '\n' */
	size_t max;
	size_t lineno;
	unsigned long long bytes;
	void (*idle)(void *);
	void *idle_arg;
	et_buf head;            /* the kept head of an over-long line */
};

static void flush_stdout(void *arg)
{
	(void)arg;
	et_out_flush();
}

et_lines *et_lines_fdopen(int fd, const char *name)
{
	et_lines *lr = et_xcalloc(1, sizeof *lr);
	lr->fd = fd;
	lr->tee_fd = -1;
	lr->name = et_xstrdup(strcmp(name, "-") ? name : "(standard input)");
	lr->cap = CHUNK * 2;
	lr->buf = et_xmalloc(lr->cap + 1);
	lr->idle = flush_stdout;
	et_buf_init(&lr->head, 0);
	struct stat sb;
	lr->may_block = fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode);
	return lr;
}

et_lines *et_lines_open(const char *name)
{
	int fd;
	et_lines *lr;
	if (!strcmp(name, "-")) {
		fd = STDIN_FILENO;
	} else {
		fd = open(name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return NULL;
	}
	lr = et_lines_fdopen(fd, name);
	lr->own_fd = fd != STDIN_FILENO;
	return lr;
}

void et_lines_set_max(et_lines *lr, size_t max) { lr->max = max; }
void et_lines_set_tee(et_lines *lr, int fd) { lr->tee_fd = fd; }

void et_lines_set_idle(et_lines *lr, void (*fn)(void *), void *arg)
{
	lr->idle = fn;
	lr->idle_arg = arg;
}

size_t et_lines_lineno(const et_lines *lr) { return lr->lineno; }
int et_lines_truncated(const et_lines *lr) { return lr->truncated; }
unsigned long long et_lines_bytes(const et_lines *lr) { return lr->bytes; }
const char *et_lines_name(const et_lines *lr) { return lr->name; }

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

/* Reads more bytes after end; returns bytes read, 0 at EOF, -1 on error. */
static ssize_t fill(et_lines *lr)
{
	ssize_t n;
	if (lr->start > 0 && (lr->start == lr->end || lr->cap - lr->end < CHUNK)) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	if (lr->cap - lr->end < CHUNK) {
		lr->cap = lr->cap * 2;
		lr->buf = et_xrealloc(lr->buf, lr->cap + 1);
	}
	if (lr->may_block && lr->idle) {
		struct pollfd pfd = { .fd = lr->fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) == 0)
			lr->idle(lr->idle_arg);
	}
	do
		n = read(lr->fd, lr->buf + lr->end, lr->cap - lr->end);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		if (lr->tee_fd >= 0)
			tee_out(lr->tee_fd, lr->buf + lr->end, (size_t)n);
		lr->end += (size_t)n;
		lr->bytes += (unsigned long long)n;
	}
	return n;
}

int et_lines_next(et_lines *lr, char **line, size_t *len)
{
	int skipping = 0;       /* discarding the tail of an over-long line */
	for (;;) {
		char *base = lr->buf + lr->start;
		size_t avail = lr->end - lr->start;
		char *nl = memchr(base + lr->scan, '\n', avail - lr->scan);
		if (nl || (lr->eof && (avail || skipping))) {
			size_t l = nl ? (size_t)(nl - base) : avail;
			lr->start += nl ? l + 1 : l;
			lr->scan = 0;
			lr->lineno++;
			if (skipping) {
				lr->truncated = 1;
				*line = lr->head.buf;
				*len = lr->head.len;
				return 1;
			}
			if (l && base[l - 1] == '\r')
				l--;
			lr->truncated = 0;
			if (lr->max && l > lr->max) {
				l = et_utf8_cut(base, l, lr->max);
				lr->truncated = 1;
			}
			base[l] = '\0';
			*line = base;
			*len = l;
			return 1;
		}
		if (lr->eof)
			return 0;
		lr->scan = avail;
		if (skipping) {
			lr->start = lr->end;
			lr->scan = 0;
		} else if (lr->max && avail > lr->max + 1) {
			et_buf_reset(&lr->head);
			et_buf_add(&lr->head, base, et_utf8_cut(base, avail, lr->max));
			skipping = 1;
			lr->start = lr->end;
			lr->scan = 0;
		}
		ssize_t n = fill(lr);
		if (n < 0)
			return -1;
		if (n == 0)
			lr->eof = 1;
	}
}

int et_lines_next_run(et_lines *lr, char **run, size_t *len)
{
	for (;;) {
		char *base = lr->buf + lr->start, *last;
		size_t avail = lr->end - lr->start;
		if (lr->skip_rest && avail) {
			char *nl = memchr(base, '\n', avail);
			lr->start = nl ? (size_t)(nl - lr->buf) + 1 : lr->end;
			lr->skip_rest = !nl;
			continue;
		}
		last = avail ? memrchr(base, '\n', avail) : NULL;
		if (last) {
			*len = (size_t)(last - base) + 1;
			lr->start += *len;
			*run = base;
			return 1;
		}
		if (lr->max && avail > lr->max) {
			/* an over-long line: its head is a line, the rest is skipped */
			size_t cut = et_utf8_cut(base, avail, lr->max);
			base[cut] = '\n';
			lr->start = lr->end;
			lr->skip_rest = 1;
			*run = base;
			*len = cut + 1;
			return 1;
		}
		if (lr->eof) {
			if (!avail || lr->skip_rest)
				return 0;
			base[avail] = '\n';   /* a last line without one; buf has room */
			lr->start = lr->end;
			*run = base;
			*len = avail + 1;
			return 1;
		}
		ssize_t n = fill(lr);
		if (n < 0)
			return -1;
		if (n == 0)
			lr->eof = 1;
	}
}

int et_lines_peek(et_lines *lr, size_t want, const char **p, size_t *n)
{
	while (!lr->eof && lr->end - lr->start < want) {
		ssize_t r = fill(lr);
		if (r < 0)
			return -1;
		if (r == 0)
			lr->eof = 1;
	}
	*p = lr->buf + lr->start;
	*n = lr->end - lr->start;
	return 0;
}

long et_lines_read(et_lines *lr, char *dst, size_t n)
{
	size_t avail = lr->end - lr->start;
	if (!avail && !lr->eof) {
		ssize_t r = fill(lr);
		if (r < 0)
			return -1;
		if (r == 0)
			lr->eof = 1;
		avail = lr->end - lr->start;
	}
	if (n > avail)
		n = avail;
	memcpy(dst, lr->buf + lr->start, n);
	lr->start += n;
	lr->scan = 0;
	return (long)n;
}

int et_lines_fd(const et_lines *lr) { return lr->fd; }

int et_lines_close(et_lines *lr)
{
	int rc = 0;
	if (!lr)
		return 0;
	if (lr->own_fd && close(lr->fd) < 0)
		rc = -1;
	free(lr->name);
	free(lr->buf);
	et_buf_release(&lr->head);
	free(lr);
	return rc;
}
