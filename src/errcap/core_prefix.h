/*
 * core_prefix: recognises the prefixes that CI systems and parallel runners
 * put before every line of a job's output, so that parsers see the tool's
 * own line:
 *
 *   2026-11-21T10:00:00.1234567Z  GitHub Actions / docker --timestamps
 *                                 (a 'T' time with 7 to 9 fraction digits and 'Z')
 *   2026-11-21T10:00:00.123456Z 00O  GitLab runner (stream flag after the time)
 *   [job] / [step] / [0]          concurrently, act, Jenkins (a bracketed name
 *                                 without spaces that is not a log level nor a
 *                                 file's location, protolint's [x.proto:3:5])
 *   [CI/build]   |                act
 *   [Build on CentOS 7]           Jenkins parallel branch (words joined by
 *                                 single spaces, no ':' nor '/')
 *       [javac]                   Ant's task label (right-aligned in 12
 *                                 columns; it names no job)
 *   web-1  |                      docker compose
 *
 * Up to four prefixes are removed, outermost first.
 */
#ifndef CORE_PREFIX_H
#define CORE_PREFIX_H

#include <stddef.h>

/*
 * Points *out at the first byte of s[0..n) after the recognised prefixes
 * and returns the length left (n and s itself when there is none).
 */
size_t core_strip_prefix(const char *s, size_t n, const char **out);

/*
 * The same, and *job / *joblen name the job of the outermost bracketed or
 * compose prefix ("build" for "[build] ", "web-1" for "web-1  | "); *job
 * is NULL when the line has none (ninja's "[3/10] " progress is no job).
 */
size_t core_strip_prefix_job(const char *s, size_t n, const char **out,
			     const char **job, size_t *joblen);

#endif
