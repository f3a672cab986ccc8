/*
 * doc.h: whole-document inputs of errcap (JUnit XML test reports, SARIF
 * 2.1.0 logs, Checkstyle XML and JSON findings reports of linters). They are recognised from the first bytes of an input,
 * before the line driver sees it, and read by their own readers, which
 * write one record per failed test case or result (docs/ci.md).
 */
#ifndef EC_DOC_H
#define EC_DOC_H

#include "driver.h"
#include "et_buf.h"
#include "et_line.h"

enum ec_doc {
	EC_DOC_NONE = 0, EC_DOC_JUNIT = 1, EC_DOC_SARIF = 2, EC_DOC_CHECKSTYLE = 4,
	EC_DOC_FINDINGS = 8
};
#define EC_DOC_ALL (EC_DOC_JUNIT | EC_DOC_SARIF | EC_DOC_CHECKSTYLE | EC_DOC_FINDINGS)

/* The document format called name ("junit", "sarif", "checkstyle",
 * "findings"), or EC_DOC_NONE. */
enum ec_doc ec_doc_format(const char *name);

/*
 * Which of the formats in mask (EC_DOC_* bits) the input is, judged from
 * its first bytes (which stay unread), or EC_DOC_NONE. With force, the one
 * format in mask is taken whatever the bytes are.
 */
enum ec_doc ec_doc_detect(et_lines *lr, unsigned mask, int force);

/*
 * Reads the whole input lr (shown as name) as a document of format fmt and
 * emits its records through ctx; text inside the document (a failure's
 * trace) is parsed with a context made from opt. A malformed document is
 * reported as "errcap: NAME:LINE: what", with the records before it kept,
 * and sets et_trouble.
 */
void ec_doc_read(ec_ctx *ctx, const ec_options *opt, et_lines *lr, const char *name,
		 enum ec_doc fmt);

/*
 * Appends the rest of the input lr (shown as name) to doc, for the readers
 * that parse a whole document at once. Returns 0, or -1 after reporting a
 * read error.
 */
int ec_doc_slurp(et_lines *lr, const char *name, et_buf *doc);

/* The readers, one per file (doc_junit.c, doc_sarif.c, doc_checkstyle.c,
 * doc_findings.c). */
void ec_junit_read(ec_ctx *ctx, const ec_options *opt, et_lines *lr, const char *name);
void ec_sarif_read(ec_ctx *ctx, et_lines *lr, const char *name);
void ec_checkstyle_read(ec_ctx *ctx, et_lines *lr, const char *name);
void ec_findings_read(ec_ctx *ctx, et_lines *lr, const char *name);

/*
 * The record level for a linter's severity word (ASCII case ignored):
 * "fatal"; "error" for error, err, failure, blocker, critical; NULL (no
 * record) for ignore, off, none, hidden, suppressed; else "warning" (warning,
 * info, style, convention, refactor, note, hint, ..., as errcap's text
 * formats file shellcheck's and hadolint's info and style).
 */
const char *ec_doc_level(const char *word);

/*
 * A linter's message without a trailing " (TYPE)" that repeats the rule
 * (ESLint's checkstyle formatter and stylelint append it): the length of
 * msg to keep.
 */
size_t ec_doc_msg_len(const char *msg, const char *type);

/*
 * A record for a document's entry: ec_rec_new over text (its lines, joined
 * by '\n', are the record's text; the first is line `line` of the input),
 * with format set to fmt.
 */
cJSON *ec_doc_rec(ec_ctx *ctx, const char *text, size_t len, size_t line, const char *fmt);

#endif
