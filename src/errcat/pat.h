/*
 * pat: errcat's pattern files (docs/patterns.md): the search path, the
 * parser, the compiled rule set and the linter behind --check.
 *
 * A rule set is built once at start-up and is read-only afterwards, except
 * for the per-rule "limit reported" flag that match.c sets.
 */
#ifndef CT_PAT_H
#define CT_PAT_H

#include <stddef.h>
#include "et_re.h"

/* One field a condition looks at: "message", "causes.type". */
typedef struct {
	int slot;               /* the top-level name's index in ct_ruleset.names */
	char **path;            /* the components after the first ("type" in causes.type) */
	int npath;
	int pf_table;           /* the literal prefilter scanning this field (match.c) */
} ct_fref;

/* One condition: [!]FIELD[|FIELD...] PATTERN. */
typedef struct {
	char *field;            /* as written: "message", "message|causes.message" */
	ct_fref *refs;          /* the fields; the condition looks at all their values */
	int nrefs;
	int neg;                /* holds when no value of the field matches */
	char *pattern;          /* the pattern's source text */
	et_re *re;
	size_t line;            /* line in the pattern file */
	int cost;               /* evaluation order within a rule: cheap first */
	int indexed;            /* decided by the format index (match.c), skipped there */
	int pf_id;              /* its number in the literal prefilters (match.c), or -1 */
} ct_cond;

typedef struct {
	char *category;
	int severity;           /* ET_SEV_* (et_schema.h) */
	char **tags;
	int ntags;
	ct_cond *conds;         /* sorted by cost (evaluation order) */
	ct_cond **src_order;    /* the same conditions in file order (for --explain, --check) */
	int nconds;
	int file;               /* index into ct_ruleset.files */
	size_t line;
	char *id;               /* "patterns/python.pat:12" */
	char *suffix;           /* the JSON text appended to a record: ,"category":...,"rule":"..." */
	size_t suffix_len;
	char *hint;             /* `hint TEXT`: what to do next, {NAME} filled from the
				   named group NAME of a condition; NULL for none */
	size_t hint_line, hint_col;     /* where its text starts (col 0-based) */
	int hint_fills;         /* the hint has {NAME} places (else it is in suffix) */
	int disabled;           /* switched off by a `disable` in an earlier file */
	int limit_reported;
} ct_rule;

typedef struct {
	char *path;             /* the path opened */
	char *name;             /* the name shown in messages and rule ids */
	int skipped;            /* overridden by an earlier file of the same name */
	char *overridden_by;    /* that file's name */
} ct_file;

typedef struct {
	char *category;
	int file;
	size_t line;
	int used;
} ct_disable;

typedef struct {
	ct_rule *rules;
	int nrules;
	ct_file *files;
	int nfiles;
	ct_disable *disables;
	int ndisables;
	char **names;           /* distinct top-level field names the conditions use */
	int nnames;
	int format_slot;        /* slot of "format", -1 when no condition uses it */
	int errors;             /* problems found while loading (each reported) */
} ct_ruleset;

/* How problems found while loading are reported. */
enum {
	CT_REPORT_ERRCAT,       /* "errcat: FILE:LINE:COL: message" on stderr */
	CT_REPORT_CHECK,        /* "FILE:LINE:COL: message" on stdout (--check) */
};

/*
 * The search path, in order: each --patterns operand, the entries of
 * $ERRCAT_PATH, the user's directory ($XDG_CONFIG_HOME or ~/.config, then
 * errtools/patterns), then the bundled directory (et_data_dir("patterns"):
 * the source tree's, the installed one beside the program, or the one fixed
 * at build time). With only_given, just the --patterns operands.
 */
typedef struct {
	char *path;
	int required;          /* given with --patterns: must exist */
	int bundled;            /* names shown as "patterns/FILE" */
} ct_pathent;

ct_pathent *ct_search_path(char **given, int ngiven, int only_given, int *n);
void ct_search_path_free(ct_pathent *p, int n);

/*
 * Loads every pattern file along the path into a new rule set. Problems
 * are reported as `how` says and counted in ->errors; a missing --patterns
 * operand is one of them.
 */
ct_ruleset *ct_load(const ct_pathent *path, int npath, int how);

/*
 * Lints a loaded rule set: prints warnings for duplicate and shadowed
 * rules and for `disable` lines that switch nothing off, on stdout as
 * "FILE:LINE: warning: ...". Returns the number of warnings.
 */
int ct_lint(const ct_ruleset *rs);

/* Prints the files and rules in effect (--list-rules) on stdout. */
void ct_list(const ct_ruleset *rs);

/* The name of severity sev (ET_SEV_*); medium's for any other number. */
const char *ct_severity_name(int sev);

/*
 * Finds the next {NAME} place of a hint at or after s[*i]: returns 1 with
 * s[*b..*e) the NAME (the braces at *b - 1 and *e), or 0 when there is none.
 */
int ct_hint_place(const char *s, size_t *i, size_t *b, size_t *e);

void ct_ruleset_free(ct_ruleset *rs);

#endif
