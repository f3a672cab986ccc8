/*
 * et_time: timestamps as errtools records carry them: RFC 3339 in UTC
 * ("2026-11-21T20:48:44Z", or with milliseconds "…44.123Z").
 */
#ifndef ET_TIME_H
#define ET_TIME_H

#include <stddef.h>

/* Seconds since the epoch, with fractions: the clock, or what et_time_set_now set. */
double et_time_now(void);

/* From now on et_time_now returns t (--now, $ERRTOOLS_NOW: reproducible runs). */
void et_time_set_now(double t);

/*
 * Parses an RFC 3339 / ISO 8601 date-time: "YYYY-MM-DD", then optionally
 * 'T' or ' ' and "hh:mm[:ss[.frac]]", then optionally 'Z' or "±hh[:]mm"
 * (no zone means UTC). Returns 0 and sets *t, or -1 when s is not one.
 * *end, when not NULL, gets the first byte after the time.
 */
int et_time_parse(const char *s, double *t, const char **end);

/* The same for the time that begins s[0..n) (s need not end with a NUL; n < 64). */
int et_time_parsen(const char *s, size_t n, double *t);

/* Formats t as RFC 3339 UTC; milliseconds shown only when t has them; times
 * before year 1 or after year 9999 are clamped to those years. */
void et_time_format(double t, char out[32]);

/* Formats t's UTC day ("2026-11-21") or hour ("2026-11-21T20"). */
void et_time_day(double t, char out[16]);
void et_time_hour(double t, char out[16]);

#endif
