/*
 * et_re: PCRE2 regular expressions as errtools uses them: compiled once,
 * JIT-compiled (where the platform has it) once a pattern is in use, UTF
 * mode that tolerates invalid UTF-8 in subjects, and match and depth limits
 * so that no pattern can hang a pipeline.
 */
#ifndef ET_RE_H
#define ET_RE_H

#include <stddef.h>
#include <stdint.h>

typedef struct et_re et_re;

/* Limits applied to every match (PCRE2 match_limit and depth_limit). */
#define ET_RE_MATCH_LIMIT 1000000u
#define ET_RE_DEPTH_LIMIT 10000u

/*
 * Compiles pattern[0..len) with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF and the
 * extra options given (PCRE2_CASELESS, ...). On failure returns NULL, writes
 * PCRE2's message into err and the 0-based offset of the error into *erroff.
 */
et_re *et_re_compile(const char *pattern, size_t len, uint32_t options,
		     char *err, size_t errsz, size_t *erroff);

/* The same with PCRE2 extra options (PCRE2_EXTRA_ALT_BSUX, ...). */
et_re *et_re_compile_x(const char *pattern, size_t len, uint32_t options, uint32_t extra,
		       char *err, size_t errsz, size_t *erroff);

/*
 * Matches subject[0..len). Returns 1 on a match, 0 on none, -1 when a limit
 * was hit or PCRE2 reported an error (treat as no match, and say so). When
 * ovec is not NULL it receives up to nvec (start, end) pairs: ovec[2i] and
 * ovec[2i+1] for group i (group 0 is the whole match); unset groups are
 * (size_t)-1.
 */
int et_re_match(et_re *re, const char *subject, size_t len,
		size_t *ovec, int nvec);

/* The number of capture groups in the pattern. */
int et_re_groups(const et_re *re);

/* Looks up a named group's number; -1 when there is none. */
int et_re_group_number(const et_re *re, const char *name);

/*
 * The k-th (from 0) named group: its name, and its number in *num; NULL
 * after the last.
 */
const char *et_re_group_name(const et_re *re, int k, int *num);

void et_re_free(et_re *re);

#endif
