/*
 * et_schema: the record's field names and the values of its closed fields,
 * as docs/schema.md documents them (a test keeps the two in step). Programs
 * that check a field name or value given on the command line read them
 * from here.
 */
#ifndef ET_SCHEMA_H
#define ET_SCHEMA_H

#include <stddef.h>

/* Every documented field name, NULL-terminated, in docs/schema.md's order. */
const char *const *et_schema_fields(void);

/* 1 when name is a documented field, else 0. */
int et_schema_known(const char *name);

/* The program (and option) that writes a documented field, e.g. "errcat", or NULL. */
const char *et_schema_writer(const char *name);

/* Severities, most severe first (errcat's `severity`). */
enum { ET_SEV_CRITICAL, ET_SEV_HIGH, ET_SEV_MEDIUM, ET_SEV_LOW, ET_SEV_N };
extern const char *const et_severity_names[ET_SEV_N + 1];

/*
 * The values a closed field (level, severity, status) may have,
 * NULL-terminated, or NULL when field takes any value.
 */
const char *const *et_schema_values(const char *field);

/*
 * Appends the names of list (NULL-terminated) to out as "a, b, c", and
 * returns out's string.
 */
#include "et_buf.h"
const char *et_schema_join(et_buf *out, const char *const *list);

/*
 * The documented name closest to name (a misspelling one or two edits
 * away: a letter wrong, missing, extra, or two swapped), among list
 * (NULL-terminated), or NULL.
 */
const char *et_schema_suggest(const char *name, const char *const *list);

#endif
