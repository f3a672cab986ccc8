/*
 * et_line: fast line reading from a file or stdin.
 *
 * Lines may be of any length and hold NUL bytes or invalid UTF-8; a line
 * is delivered without its '\n' and without one '\r' before it (CRLF input
 * reads like LF input). A last line without '\n' is still a line.
 */
#ifndef ET_LINE_H
#define ET_LINE_H

#include <stddef.h>

typedef struct et_lines et_lines;

/*
 * Opens NAME for reading ("-" is stdin). Returns NULL with errno set when
 * it cannot be opened.
 */
et_lines *et_lines_open(const char *name);

/* Reads from an open descriptor, shown in messages as NAME. */
et_lines *et_lines_fdopen(int fd, const char *name);

/*
 * Lines longer than max bytes are cut to their first max bytes (at a UTF-8
 * character boundary when the text is UTF-8) and the rest is skipped; the
 * line is then flagged (et_lines_truncated). 0, the default, means no limit.
 */
void et_lines_set_max(et_lines *lr, size_t max);

/*
 * fn(arg) is called each time the reader is about to wait for input that
 * has not arrived yet (a pipe or terminal that pauses), so that a filter
 * can flush what it holds. By default stdout is flushed.
 */
void et_lines_set_idle(et_lines *lr, void (*fn)(void *), void *arg);

/* Every byte read is also written, unchanged, to fd (-1: off). */
void et_lines_set_tee(et_lines *lr, int fd);

/*
 * Reads the next line. Returns 1 and points *line at it (NUL-terminated,
 * *len bytes, valid until the next call; the caller may modify those bytes),
 * 0 at end of input, -1 on a read error (errno set).
 */
int et_lines_next(et_lines *lr, char **line, size_t *len);

/*
 * Reads the next run of whole lines, as read and unchanged: *run points at
 * one or more lines, each ending in '\n' (a last line without one gets it),
 * *len bytes, writable and valid until the next call. Memory stays bounded:
 * a line longer than the et_lines_set_max limit arrives whole when it fits
 * in the buffer, else cut to the limit with the rest skipped (so the caller
 * still applies the limit itself).
 * '\r' and line numbers are the caller's business. Returns 1, 0 at end of
 * input, -1 on a read error (errno set). For readers that scan many lines at
 * once; do not mix with et_lines_next on one reader.
 */
int et_lines_next_run(et_lines *lr, char **run, size_t *len);

/*
 * Looks at the input ahead without consuming it: reads until at least want
 * bytes are buffered or the input ends, then points *p at the unread bytes
 * (*n of them, possibly fewer or more than want), valid until the next
 * call. Returns 0, or -1 on a read error (errno set). A reader may then go
 * on with lines or with et_lines_read as if nothing had been looked at.
 */
int et_lines_peek(et_lines *lr, size_t want, const char **p, size_t *n);

/*
 * Reads raw bytes (no line splitting, no '\r' handling) into dst[0..n):
 * returns how many (at least 1 unless at end of input), 0 at end of input,
 * -1 on a read error (errno set). For readers that hand the input to a
 * document parser; do not mix with the line functions after the first call.
 */
long et_lines_read(et_lines *lr, char *dst, size_t n);

/* The descriptor read from (to wait on it in an idle hook). */
int et_lines_fd(const et_lines *lr);

/* The 1-based number of the line last returned (0 before the first). */
size_t et_lines_lineno(const et_lines *lr);

/* Whether the line last returned was cut by et_lines_set_max. */
int et_lines_truncated(const et_lines *lr);

/* Total bytes read so far. */
unsigned long long et_lines_bytes(const et_lines *lr);

/* The name given at open ("-" shows as "(standard input)"). */
const char *et_lines_name(const et_lines *lr);

/* Closes (stdin is left open) and frees. Returns 0, or -1 on close error. */
int et_lines_close(et_lines *lr);

#endif
