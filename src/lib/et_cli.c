/* et_cli: program name, messages, allocation, stdout discipline. */
#include "et_cli.h"
#include "et_utf8.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "et_time.h"

const char *et_prog = "errtools";
int et_trouble;

static int out_line_buffered;
static char out_buffer[1 << 16];

/* the clock stops at s (et_time_set_now); a bad time is a usage error */
static void set_now(const char *what, const char *s)
{
	const char *end;
	double t;
	if (et_time_parse(s, &t, &end) || *end)
		et_usage_error("%s: invalid time '%s' (RFC 3339, e.g. 2026-11-21T08:00:00Z)", what, s);
	et_time_set_now(t);
}

void et_cli_init(const char *prog)
{
	et_prog = prog;
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (isatty(STDOUT_FILENO))
		out_line_buffered = 1;
	else
		setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
	if (getenv("ERRTOOLS_NOW") && *getenv("ERRTOOLS_NOW"))
		set_now("ERRTOOLS_NOW", getenv("ERRTOOLS_NOW"));
}

void et_cli_set_now(const char *s)
{
	set_now("--now", s);
}

void et_vformat_safe(et_buf *out, const char *fmt, va_list ap)
{
	char tmp[1024];
	va_list aq;
	int n;
	va_copy(aq, ap);
	n = vsnprintf(tmp, sizeof tmp, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		et_utf8_excerpt(out, tmp, (size_t)n, (size_t)n);
	} else {
		char *big = et_xmalloc((size_t)n + 1);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		et_utf8_excerpt(out, big, (size_t)n, (size_t)n);
		free(big);
	}
}

/* "prog: " [where] MESSAGE "\n", escaped, in one write */
static void vwarn_at(const char *file, size_t line, const char *fmt, va_list ap)
{
	et_buf b = ET_BUF_INIT;
	et_buf_addf(&b, "%s: ", et_prog);
	if (file) {
		et_utf8_excerpt(&b, file, strlen(file), strlen(file));
		if (line)
			et_buf_addf(&b, ":%zu", line);
		et_buf_addstr(&b, ": ");
	}
	et_vformat_safe(&b, fmt, ap);
	et_buf_addch(&b, '\n');
	fwrite(b.buf, 1, b.len, stderr);
	et_buf_release(&b);
}

static void vwarn(const char *fmt, va_list ap)
{
	vwarn_at(NULL, 0, fmt, ap);
}

void et_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void et_warn_at(const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn_at(file, line, fmt, ap);
	va_end(ap);
	et_trouble = 1;
}

void et_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(ET_EXIT_TROUBLE);
}

void et_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(et_cli_try_help());
}

int et_cli_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", et_prog);
	return ET_EXIT_TROUBLE;
}

void et_print_version(void)
{
	printf("%s (errtools) %s\n", et_prog, ET_VERSION);
}

int et_cli_common(int c, void (*usage)(void))
{
	if (c == 'h')
		usage();
	else if (c == 'V')
		et_print_version();
	else
		return et_cli_try_help();
	return et_out_close();
}

static void *nomem(void)
{
	/* not through et_die: its message needs memory */
	fprintf(stderr, "%s: out of memory\n", et_prog);
	exit(ET_EXIT_TROUBLE);
}

void *et_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	return p ? p : nomem();
}

void *et_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	return p ? p : nomem();
}

void *et_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	return q ? q : nomem();
}

char *et_xstrdup(const char *s)
{
	return et_xstrndup(s, strlen(s));
}

char *et_xstrndup(const char *s, size_t n)
{
	char *p = et_xmalloc(n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void et_check_pipe(int err)
{
	if (err == EPIPE) {
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		_exit(141);
	}
}

void et_out_line_buffered(int on)
{
	out_line_buffered = on;
}

int et_out_is_line_buffered(void)
{
	return out_line_buffered;
}

static void out_failed(void)
{
	int err = errno;
	et_check_pipe(err);
	et_die("write error: %s", strerror(err));
}

void et_out_write(const void *p, size_t n)
{
	if (fwrite(p, 1, n, stdout) != n)
		out_failed();
}

void et_out_end_record(void)
{
	if (out_line_buffered)
		et_out_flush();
}

void et_out_flush(void)
{
	if (fflush(stdout) == EOF)
		out_failed();
}

int et_out_close(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		et_check_pipe(errno);
		et_warn("write error: %s", strerror(errno));
		return ET_EXIT_TROUBLE;
	}
	if (fclose(stdout) == EOF) {
		et_check_pipe(errno);
		et_warn("write error: %s", strerror(errno));
		return ET_EXIT_TROUBLE;
	}
	return 0;
}

void et_format_safe(et_buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	et_vformat_safe(out, fmt, ap);
	va_end(ap);
}
