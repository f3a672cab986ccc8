/*
 * et_schema: the record's vocabulary, as docs/schema.md documents it (tests
 * keep the two in step): the field names, the order errcap writes them in,
 * the values of the closed fields (level, severity, status) and their
 * order, and the formats errcap's own code writes (format files name their
 * own). Every program that writes, checks, sorts or colours by one of
 * these reads it from here.
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

/*
 * The fields every errcap record holds, in the order errcap writes them
 * (null until set), NULL-terminated; the fields a record gets besides
 * these follow them in the order they are set.
 */
const char *const *et_schema_record_fields(void);

/* Severities, most severe first (errcat's `severity`), NULL-terminated. */
enum { ET_SEV_CRITICAL, ET_SEV_HIGH, ET_SEV_MEDIUM, ET_SEV_LOW, ET_SEV_N };
extern const char *const et_severity_names[ET_SEV_N + 1];

/* Levels, most severe first (errcap's `level`), NULL-terminated. */
enum { ET_LEVEL_FATAL, ET_LEVEL_ERROR, ET_LEVEL_WARNING, ET_LEVEL_INFO, ET_LEVEL_N };
extern const char *const et_level_names[ET_LEVEL_N + 1];

/*
 * A word that tools print for a level ("error", "warn", "E", "Severe",
 * "note"), read case-insensitively: the level it stands for (ET_LEVEL_*;
 * ET_LEVEL_INFO for a note, hint or the like, which is no problem of its
 * own; -1 for "ok"), and whether it may be taken for a level where it
 * stands in free text (the location finder's "error", not "e" or "fail").
 */
typedef struct {
	const char *word;
	int level;
	int in_text;
} et_level_word;

/* The level word that s[0..n) is, or NULL. */
const et_level_word *et_level_word_find(const char *s, size_t n);

/*
 * The severity (ET_SEV_*) of a record that no rule categorised, from its
 * level (NULL: none): high for fatal, low for warning, else medium.
 */
int et_severity_of_level(const char *level);

/*
 * The values a closed field (level, severity, status) may have,
 * NULL-terminated, or NULL when field takes any value.
 */
const char *const *et_schema_values(const char *field);

/*
 * The place of value among the closed field's values (0 = the first,
 * the most severe for level and severity), or -1 when value is not one
 * of them or field is not closed.
 */
int et_schema_rank(const char *field, const char *value);

/* How errcap's own code writes a built-in format. */
enum et_format_kind {
	ET_FMT_PARSER,  /* a C parser of that name (errcap's parser table) */
	ET_FMT_ALSO,    /* the parser named `by` writes it instead of its own name */
	ET_FMT_DOC,     /* a whole-document reader (JUnit XML, SARIF) */
};

typedef struct {
	const char *name;       /* as records' `format` holds it */
	const char *desc;       /* one line, for errcap --list-formats and the docs */
	enum et_format_kind kind;
	const char *by;         /* ET_FMT_ALSO: the parser that writes it */
} et_format;

/*
 * errcap's built-in formats (format files under share/errtools/formats
 * name and describe their own), ended by an entry whose name is NULL.
 */
extern const et_format et_formats[];

/* The built-in format called name, or NULL. */
const et_format *et_schema_format(const char *name);

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
