/* core_run.c: errcap -- COMMAND: run, pass through, parse (see core_run.h). */
#include "core_run.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_rec.h"
#include "et_time.h"
#include "et_utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK (1 << 16)

/* One of the command's output streams. */
typedef struct {
	int fd;
	et_buf pend;            /* bytes of an incomplete line */
	int skipping;           /* discarding the rest of an over-long line */
} stream;

static unsigned long long lineno;

static void pass_through(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDERR_FILENO, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;         /* the copy is a courtesy */
		}
		p += w;
		n -= (size_t)w;
	}
}

static void feed(ec_ctx *ctx, char *line, size_t len)
{
	if (len && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	ec_feed(ctx, line, len, (size_t)++lineno);
}

/* Feeds the complete lines in st->pend, keeps the incomplete rest. */
static void split(ec_ctx *ctx, stream *st, int eof)
{
	char *b = st->pend.buf, *end = b + st->pend.len, *p = b, *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		if (st->skipping)
			st->skipping = 0;
		else
			feed(ctx, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if (!st->skipping && (size_t)(end - p) > CORE_MAX_LINE) {
		size_t cut = et_utf8_cut(p, (size_t)(end - p), CORE_MAX_LINE);
		char keep = p[cut];
		feed(ctx, p, cut);
		p[cut] = keep;
		st->skipping = 1;
		p = end;
	} else if (st->skipping) {
		p = end;
	}
	if (eof && p < end) {
		feed(ctx, p, (size_t)(end - p));
		p = end;
	}
	memmove(b, p, (size_t)(end - p));
	et_buf_setlen(&st->pend, (size_t)(end - p));
}

/* Appends the word to out, single-quoted when the shell would need it. */
static void quote_word(et_buf *out, const char *w)
{
	if (*w && strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789_@%+=:,./-") == strlen(w)) {
		et_buf_addstr(out, w);
		return;
	}
	et_buf_addch(out, '\'');
	for (; *w; w++)
		if (*w == '\'')
			et_buf_addstr(out, "'\\''");
		else
			et_buf_addch(out, *w);
	et_buf_addch(out, '\'');
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void write_run(ec_ctx *ctx, char **argv, const char *session, int status,
		      int exec_failed, double started, double t0)
{
	const ec_counts *c = ec_get_counts(ctx);
	cJSON *rec = cJSON_CreateObject();
	et_buf cmd = ET_BUF_INIT;
	char ts[32];
	if (!rec)
		et_die("out of memory");
	for (char **a = argv; *a; a++) {
		if (a != argv)
			et_buf_addch(&cmd, ' ');
		quote_word(&cmd, *a);
	}
	et_json_set_str(rec, "kind", "run");
	et_json_set_strn(rec, "command", cmd.buf, cmd.len);
	if (!exec_failed && WIFSIGNALED(status)) {
		const char *abbr = sigabbrev_np(WTERMSIG(status));
		char name[32];
		et_json_set_null(rec, "exit_status");
		if (abbr) {
			snprintf(name, sizeof name, "SIG%s", abbr);
			et_json_set_str(rec, "signal", name);
		} else {
			snprintf(name, sizeof name, "%d", WTERMSIG(status));
			et_json_set_str(rec, "signal", name);
		}
	} else {
		et_json_set_num(rec, "exit_status", exec_failed ? exec_failed : WEXITSTATUS(status));
		et_json_set_null(rec, "signal");
	}
	et_json_set_num(rec, "duration_ms", (double)(long long)(mono_ms() - t0 + 0.5));
	et_time_format(started, ts);
	et_json_set_str(rec, "started", ts);
	et_json_set_num(rec, "lines", (double)c->lines);
	et_json_set_num(rec, "errors", (double)c->errors);
	et_json_set_num(rec, "warnings", (double)c->warnings);
	et_json_set_str(rec, "session", session);
	et_time_format(et_time_now(), ts);
	et_json_set_str(rec, "time", ts);
	et_rec_write(rec);
	cJSON_Delete(rec);
	et_buf_release(&cmd);
}

int core_run(ec_ctx *ctx, char **argv, const char *session)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, px[2] = { -1, -1 };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	stream st[2];
	double started = et_time_now(), t0 = mono_ms();
	int status = 0, exec_failed = 0, err = 0, rc;
	ssize_t n;
	pid_t pid;

	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0 || pipe2(px, O_CLOEXEC) < 0)
		et_die("pipe: %s", strerror(errno));
	et_out_flush();
	fflush(stderr);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid < 0)
		et_die("fork: %s", strerror(errno));
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(po[1], STDOUT_FILENO) < 0 || dup2(pe[1], STDERR_FILENO) < 0)
			_exit(126);
		if (session)
			setenv("ERRTOOLS_SESSION", session, 1);
		execvp(argv[0], argv);
		err = errno;
		if (write(px[1], &err, sizeof err) < 0)
			_exit(127);
		_exit(err == ENOENT ? 127 : 126);
	}
	close(po[1]);
	close(pe[1]);
	close(px[1]);
	do
		n = read(px[0], &err, sizeof err);
	while (n < 0 && errno == EINTR);
	close(px[0]);
	if (n == (ssize_t)sizeof err) {
		et_warn("%s: %s", argv[0], strerror(err));
		exec_failed = err == ENOENT ? 127 : 126;
		et_trouble = 1;         /* the status stays 126/127, unless --exit-zero */
	}

	st[0].fd = po[0];
	st[1].fd = pe[0];
	for (int i = 0; i < 2; i++) {
		et_buf_init(&st[i].pend, READ_CHUNK);
		st[i].skipping = 0;
	}
	ec_begin_input(ctx, argv[0]);
	while (st[0].fd >= 0 || st[1].fd >= 0) {
		struct pollfd pf[2];
		int np = 0, timeout = ec_block_open(ctx) ? CORE_PAUSE_MS : -1;
		for (int i = 0; i < 2; i++)
			pf[i] = (struct pollfd){ .fd = st[i].fd, .events = POLLIN };
		np = poll(pf, 2, 0);
		if (np == 0) {
			et_out_flush();         /* about to wait: what we have goes out */
			np = poll(pf, 2, timeout);
		}
		if (np < 0) {
			if (errno == EINTR)
				continue;
			et_die("poll: %s", strerror(errno));
		}
		if (np == 0) {                  /* the command paused: complete the block */
			ec_flush(ctx);
			et_out_flush();
			continue;
		}
		for (int i = 0; i < 2; i++) {
			if (st[i].fd < 0 || !pf[i].revents)
				continue;
			et_buf_grow(&st[i].pend, READ_CHUNK);
			do
				n = read(st[i].fd, st[i].pend.buf + st[i].pend.len, READ_CHUNK);
			while (n < 0 && errno == EINTR);
			if (n > 0) {
				pass_through(st[i].pend.buf + st[i].pend.len, (size_t)n);
				et_buf_setlen(&st[i].pend, st[i].pend.len + (size_t)n);
				split(ctx, &st[i], 0);
			} else {
				split(ctx, &st[i], 1);
				close(st[i].fd);
				st[i].fd = -1;
			}
		}
	}
	while ((rc = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	ec_flush(ctx);
	write_run(ctx, argv, session, status, exec_failed, started, t0);
	for (int i = 0; i < 2; i++)
		et_buf_release(&st[i].pend);
	if (exec_failed)
		return exec_failed;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
