/*
 * et_cli: what every errtools program does the same way: its name in
 * messages, warnings and fatal errors, allocation that never returns NULL,
 * --version, and the exit status convention (0 found, 1 none, 2 trouble).
 */
#ifndef ET_CLI_H
#define ET_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include "et_buf.h"

#ifndef ET_VERSION
#define ET_VERSION "0.0.0"
#endif

/* The program's name as messages show it; set by et_cli_init. */
extern const char *et_prog;

/*
 * Set when something went wrong that the program reported and went on
 * from (a bad operand, a bad input line); programs exit 2 at the end when
 * it is set. Any module may set it; nothing clears it.
 */
extern int et_trouble;

/* Exit statuses shared by all programs, as grep's. */
enum { ET_EXIT_FOUND = 0, ET_EXIT_NONE = 1, ET_EXIT_TROUBLE = 2 };

/*
 * Starts a program: names it for messages, sets the locale for character
 * classes (numbers always print with '.'), and makes stdout fully buffered
 * unless it is a terminal.
 */
void et_cli_init(const char *prog);

/*
 * --now TIME: the programs take TIME (RFC 3339) as the current time
 * (et_time_now). et_cli_init does the same with $ERRTOOLS_NOW when set. A
 * time that does not parse is a usage error.
 */
void et_cli_set_now(const char *s);
/* The getopt_long value of --now in every program. */
enum { ET_OPT_NOW = 0x4e4f };

/*
 * Every message below reaches the terminal with its control characters
 * escaped (et_utf8_excerpt), so text quoted from input cannot drive the
 * terminal.
 */

/* Appends the formatted text to out, escaped as the messages are. */
void et_vformat_safe(et_buf *out, const char *fmt, va_list ap);
void et_format_safe(et_buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "prog: MESSAGE" on stderr. Does not set et_trouble. */
void et_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints "prog: FILE:LINE: MESSAGE" on stderr (": LINE" left out when
 * line is 0) and sets et_trouble.
 */
void et_warn_at(const char *file, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints "prog: MESSAGE" on stderr and exits 2. */
_Noreturn void et_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints "prog: MESSAGE" and "Try 'prog --help' for more information." on
 * stderr and exits 2.
 */
_Noreturn void et_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints "Try 'prog --help' for more information." on stderr (after
 * getopt's own message for a bad option) and returns ET_EXIT_TROUBLE.
 */
int et_cli_try_help(void);

/* Prints "prog (errtools) VERSION" on stdout. */
void et_print_version(void);

/*
 * The end of every program's option switch, for a getopt_long result c
 * that the program does not handle itself: for 'h' runs usage, for 'V'
 * prints the version, and then returns et_out_close(); for anything else
 * (a bad option) does what et_cli_try_help does and returns its status.
 */
int et_cli_common(int c, void (*usage)(void));

/*
 * Allocation that dies with "prog: out of memory" instead of returning
 * NULL. et_xrealloc(NULL, n) allocates; sizes of 0 are allowed.
 * et_xstrndup copies the first n bytes of s (s may be NULL when n is 0)
 * and ends them with a NUL; et_xstrdup needs a string.
 */
void *et_xmalloc(size_t n);
void *et_xcalloc(size_t nmemb, size_t size);
void *et_xrealloc(void *p, size_t n);
char *et_xstrdup(const char *s);
char *et_xstrndup(const char *s, size_t n);

/*
 * Stdout handling. Records go out through et_out_* so that a closed pipe
 * (`| head -1`) ends the program quietly, as if killed by SIGPIPE, and so
 * that output is flushed per record on a terminal or when asked.
 */
void et_out_line_buffered(int on);     /* flush after every et_out_end_record */
int et_out_is_line_buffered(void);
void et_out_write(const void *p, size_t n);
void et_out_end_record(void);           /* a record is complete: flush if line-buffered */
void et_out_flush(void);                /* flush now (input is about to block) */

/*
 * Flushes and closes stdout. On EPIPE ends quietly; on any other write
 * error reports it and returns 2. Returns 0 when all output reached its
 * destination.
 */
int et_out_close(void);

/* If errno is EPIPE, exits the way a SIGPIPE would; otherwise returns. */
void et_check_pipe(int err);

#endif
