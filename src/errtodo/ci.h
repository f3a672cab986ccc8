/*
 * ci.h: errtodo's CI formats (--format github, sarif, codequality, junit):
 * the errors of the input, one per fingerprint, in TODO order, each with
 * the first record seen of it, and paths made relative to the repository.
 *
 * Each output format lives in its own file (out_FORMAT.c) and renders a
 * whole ci_list into an et_buf.
 */
#ifndef CI_H
#define CI_H

#include <cjson/cJSON.h>
#include "et_buf.h"
#include "todo.h"

typedef struct {
	const todo_item *it;    /* fp, count, sev, category, first/last seen (merged) */
	const cJSON *rec;       /* the first record of this fingerprint */
	char *path;             /* file relative to the root, or as written; NULL if none */
	long line, column;      /* 0 when unknown */
	long end_line, end_column;
	const char *level;      /* "fatal", "error", "warning", or another word; never NULL */
} ci_err;

typedef struct {
	ci_err *v;
	size_t n;
	const char *root;       /* absolute, no trailing '/' (except "/") */
} ci_list;

/*
 * Renders l into out. Each promises a complete document of its format
 * (valid UTF-8, escaped as the format requires), also for an empty list.
 */
void ci_out_github(et_buf *out, const ci_list *l);
void ci_out_github_summary(et_buf *out, const ci_list *l);
void ci_out_sarif(et_buf *out, const ci_list *l);
void ci_out_codequality(et_buf *out, const ci_list *l);
void ci_out_junit(et_buf *out, const ci_list *l);

/* The format named name, or -1 when it is not a CI format. */
int ci_format(const char *name);
/* "github, sarif, codequality, junit": the names ci_format knows, for messages. */
const char *ci_format_names(void);

/*
 * errtodo --format NAME: reads the records of the operands (none: stdin),
 * renders format fmt (from ci_format) to stdout; with summary, also
 * appends a markdown job summary to that file. root NULL: the git top
 * level around the current directory, else the current directory.
 * Returns an exit status.
 */
int ci_run(int fmt, const char *root, const char *summary, int argc, char **argv);

/*
 * path made relative to root: an absolute path (or a relative one, taken
 * from the current directory cwd) under root loses the root and its '/';
 * anything else is returned as written. Lexical: "." and ".." components
 * are resolved, symlinks are not. Returns a new string.
 */
char *ci_relpath(const char *root, const char *cwd, const char *path);

/* ---- helpers shared by the formats ---- */

/* What a CI system makes of a level: fatal and error, warning, anything else. */
enum ci_level { CI_ERROR, CI_WARNING, CI_NOTE };
enum ci_level ci_level(const ci_err *e);
/* Appends item printed as JSON (indented) and a newline; frees item. */
void ci_add_json(et_buf *out, cJSON *item);
/* The rule's words for a category id: "key_error" -> "Key error". */
void ci_rule_text(et_buf *out, const char *category);
/* The error's one-line title: its type, else its category, else its level. */
const char *ci_title(const ci_err *e);
/* Appends the record's hint (a string, or strings joined by newlines), if any. */
void ci_hint(et_buf *out, const cJSON *rec);
/* s made valid UTF-8 for text outputs; s NULL gives "". */
void ci_add_text(et_buf *out, const char *s);
/*
 * s escaped for XML 1.0 element text (attr 0) or an attribute value in
 * double quotes (attr 1: line ends and tabs as character references);
 * characters XML does not allow become U+FFFD.
 */
void ci_xml_escape(et_buf *out, const char *s, int attr);

#endif
