/* core_read.c: errcap's input loop (see core_read.h). */
#include "core_read.h"
#include "core_run.h"
#include "et_cli.h"

#include <errno.h>
#include <poll.h>

struct pause {
	ec_ctx *ctx;
	int fd;
};

/* No data is waiting: flush; complete an open block unless more comes soon. */
static void idle(void *arg)
{
	struct pause *pa = arg;
	struct pollfd pfd = { .fd = pa->fd, .events = POLLIN };
	int r;
	et_out_flush();
	if (!ec_block_open(pa->ctx))
		return;
	do
		r = poll(&pfd, 1, CORE_PAUSE_MS);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		ec_flush(pa->ctx);
		et_out_flush();
	}
}

int core_read(ec_ctx *ctx, et_lines *lr)
{
	struct pause pa = { ctx, et_lines_fd(lr) };
	size_t lineno = 0, len;
	char *run;
	int r;
	et_lines_set_max(lr, CORE_MAX_LINE);
	et_lines_set_idle(lr, idle, &pa);
	while ((r = et_lines_next_run(lr, &run, &len)) > 0)
		ec_feed_buf(ctx, run, len, &lineno, CORE_MAX_LINE);
	return r;
}
