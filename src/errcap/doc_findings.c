/*
 * doc_findings.c: JSON findings reports of linters (ESLint -f json,
 * shellcheck -f json and json1, pylint -f json, rubocop -f json, hadolint
 * -f json, stylelint --formatter json, markdownlint --json, and any report
 * of the same shape), read by one walk over the parsed document.
 *
 * A finding is an object that is an element of an array and has a
 * message (the first string of message, text, description,
 * ruleDescription) and a line (the first positive number of line,
 * lineNumber, line_number, startLine, start_line, its own or of an object
 * it holds: rubocop's location). One record per finding: file from its
 * own path key (filePath, path, file, filename, fileName), else from the
 * nearest object around it that has one (there also source: stylelint);
 * type the first of ruleId, rule, rule_id, ruleName, ruleNames[0],
 * check_name, checkName, cop_name, symbol, code, and type when that is not
 * a severity word; level from severity, else level, else type (a number:
 * 2 or more error, 1 warning, 0 no record; a word as ec_doc_level says;
 * none: warning); column, end_line, end_column from the same objects as
 * the line; message without a trailing " (TYPE)". A finding is not looked
 * into for more findings. Members whose key begins with "suppress"
 * (ESLint's suppressedMessages) are not problems and are skipped.
 *
 * The document is parsed whole (cJSON); a malformed one is reported with
 * the line where parsing stopped.
 */
#include "doc.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

#define FMT "findings"
#define MAX_DEPTH 64

static const char *const msg_keys[] = { "message", "text", "description", "ruleDescription", NULL };
static const char *const line_keys[] = { "line", "lineNumber", "line_number", "startLine",
					 "start_line", NULL };
static const char *const col_keys[] = { "column", "col", "columnNumber", "startColumn",
					"start_column", NULL };
static const char *const end_line_keys[] = { "endLine", "end_line", "last_line", NULL };
static const char *const end_col_keys[] = { "endColumn", "end_column", "last_column", NULL };
static const char *const path_keys[] = { "filePath", "path", "file", "filename", "fileName", NULL };
static const char *const type_keys[] = { "ruleId", "rule", "rule_id", "ruleName", "ruleNames",
					 "check_name", "checkName", "cop_name", "symbol", "code",
					 NULL };

/* the first key of keys in o whose value is a non-empty string */
static const char *first_str(const cJSON *o, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *s = et_json_str(o, *keys);
		if (s && *s)
			return s;
	}
	return NULL;
}

/* the first key of keys in o whose value is a number from 1 on, else 0 */
static long first_num(const cJSON *o, const char *const *keys)
{
	for (; *keys; keys++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *keys);
		if (cJSON_IsNumber(v) && v->valuedouble >= 1 && v->valuedouble < 1e9)
			return (long)v->valuedouble;
	}
	return 0;
}

/* The object holding the finding's line: o itself or an object member of it. */
static const cJSON *line_holder(const cJSON *o)
{
	const cJSON *m;
	if (first_num(o, line_keys))
		return o;
	cJSON_ArrayForEach(m, o)
		if (cJSON_IsObject(m) && first_num(m, line_keys))
			return m;
	return NULL;
}

static int is_level_word(const char *s)
{
	static const char *const words[] = { "fatal", "error", "warning", "warn", "info", "style",
					     "convention", "refactor", "note", "hint", "ignore",
					     NULL };
	for (const char *const *w = words; *w; w++)
		if (!et_strcasecmp(s, *w))
			return 1;
	return 0;
}

/* The record's level, or NULL when the finding is not a problem. */
static const char *level_of(const cJSON *o)
{
	static const char *const keys[] = { "severity", "level", "type", NULL };
	for (const char *const *k = keys; *k; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *k);
		if (cJSON_IsNumber(v))
			return v->valuedouble >= 2 ? "error" : v->valuedouble >= 1 ? "warning" : NULL;
		if (cJSON_IsString(v) && (strcmp(*k, "type") || is_level_word(v->valuestring)))
			return ec_doc_level(v->valuestring);
	}
	return "warning";
}

/* The rule: a string, the first string of an array, or an integer code. */
static void type_of(et_buf *out, const cJSON *o)
{
	const char *t;
	for (const char *const *k = type_keys; *k; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *k);
		if (cJSON_IsArray(v))
			v = cJSON_GetArrayItem(v, 0);
		if (cJSON_IsString(v) && *v->valuestring) {
			et_buf_addstr(out, v->valuestring);
			return;
		}
		if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e9) {
			et_buf_addf(out, "%ld", (long)v->valuedouble);
			return;
		}
	}
	t = et_json_str(o, "type");
	if (t && *t && !is_level_word(t))
		et_buf_addstr(out, t);
}

static void finding(ec_ctx *ctx, const cJSON *o, const char *file)
{
	const char *level = level_of(o), *own = first_str(o, path_keys);
	const char *msg = first_str(o, msg_keys);
	const cJSON *at = line_holder(o);
	et_buf b = ET_BUF_INIT, type = ET_BUF_INIT;
	long line = first_num(at, line_keys), end;
	cJSON *rec;
	if (!level)
		return;
	et_rec_print(&b, o);
	rec = ec_doc_rec(ctx, b.buf, b.len, 1, FMT);
	ec_set_level(rec, level);
	type_of(&type, o);
	et_json_set_str(rec, "type", type.len ? type.buf : NULL);
	et_json_set_strn(rec, "message", msg, ec_doc_msg_len(msg, type.len ? type.buf : NULL));
	if (own)
		file = own;
	if (file) {
		ec_set_location(ctx, rec, file, strlen(file), line, first_num(at, col_keys));
		end = first_num(at, end_line_keys);
		if (end >= line) {
			et_json_set_num(rec, "end_line", (double)end);
			if (first_num(at, end_col_keys))
				et_json_set_num(rec, "end_column", (double)first_num(at, end_col_keys));
		}
	}
	ec_emit(ctx, rec);
	et_buf_release(&b);
	et_buf_release(&type);
}

static int is_finding(const cJSON *o)
{
	return first_str(o, msg_keys) && line_holder(o);
}

/* node and what it holds; in_array: node is an element of an array */
static void walk(ec_ctx *ctx, const cJSON *node, const char *file, int in_array, int depth)
{
	const cJSON *m;
	if (depth > MAX_DEPTH)
		return;
	if (cJSON_IsObject(node)) {
		const char *own = first_str(node, path_keys);
		if (in_array && is_finding(node)) {
			finding(ctx, node, file);
			return;
		}
		if (!own) {
			const char *src = et_json_str(node, "source");
			if (src && *src && !strchr(src, '\n'))
				own = src;
		}
		if (own)
			file = own;
		cJSON_ArrayForEach(m, node) {
			if (m->string && !strncmp(m->string, "suppress", 8))
				continue;
			walk(ctx, m, file, 0, depth + 1);
		}
	} else if (cJSON_IsArray(node)) {
		cJSON_ArrayForEach(m, node)
			walk(ctx, m, file, 1, depth + 1);
	}
}

void ec_findings_read(ec_ctx *ctx, et_lines *lr, const char *name)
{
	et_buf doc = ET_BUF_INIT;
	const char *end = NULL;
	cJSON *root;
	if (ec_doc_slurp(lr, name, &doc) < 0)
		goto out;
	root = cJSON_ParseWithLengthOpts(doc.buf, doc.len, &end, 0);
	if (!root) {
		size_t line = 1;
		const char *stop = end ? end : cJSON_GetErrorPtr();
		for (const char *p = doc.buf; stop && p < stop && p < doc.buf + doc.len; p++)
			line += *p == '\n';
		et_warn_at(name, line, "not valid JSON");
		goto out;
	}
	walk(ctx, root, NULL, 0, 0);
	cJSON_Delete(root);
out:
	et_buf_release(&doc);
}
