/*
 * doc_sarif.c: SARIF 2.1.0 logs: one record per result of every run.
 *
 * level from the result (else its rule's default, else SARIF's default
 * "warning"; note and none read as warning), type the ruleId, message the
 * text (or the rule's message string with its {N} arguments), file, line,
 * column, end_line, end_column from the first location, function from the
 * first logical location, fingerprint from partialFingerprints
 * "errhash/v1", tool from tool.driver.name, text the result as JSON.
 * Results of kind pass or notApplicable and suppressed results are not
 * problems and give no record. A log errtodo wrote (tool "errtools") gives
 * back the records it was made from: level, type and format come from the
 * result's properties.
 *
 * The log is parsed whole (cJSON); a malformed one is reported with the
 * line where parsing stopped.
 */
#include "doc.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

#define FP_KEY "errhash/v1"
#define OUR_TOOL "errtools"

static const cJSON *path_get(const cJSON *o, const char *const *keys)
{
	for (; *keys && o; keys++)
		o = cJSON_GetObjectItemCaseSensitive(o, *keys);
	return o;
}

#define GET(o, ...) path_get((o), (const char *const[]){ __VA_ARGS__, NULL })

static long num(const cJSON *o, const char *key)
{
	double v = et_json_num(o, key, 0);
	return v >= 1 && v < 1e9 ? (long)v : 0;
}

/* A URI reference back to a path: file:// dropped, %XX decoded. */
static char *path_of_uri(const char *uri)
{
	et_buf b = ET_BUF_INIT;
	const char *p = uri;
	if (!strncmp(p, "file://", 7))
		p += 7;
	else if (!strncmp(p, "file:", 5))
		p += 5;
	for (; *p; p++) {
		if (*p == '%' && et_isxdigit((unsigned char)p[1]) && et_isxdigit((unsigned char)p[2])) {
			char hex[3] = { p[1], p[2], 0 };
			et_buf_addch(&b, (int)strtol(hex, NULL, 16));
			p += 2;
		} else {
			et_buf_addch(&b, *p);
		}
	}
	return et_buf_detach(&b, NULL);
}

static const cJSON *rule_of(const cJSON *run, const cJSON *res)
{
	const cJSON *rules = GET(run, "tool", "driver", "rules"), *r;
	const char *id = et_json_str(res, "ruleId");
	double idx = et_json_num(res, "ruleIndex", -1);
	if (idx < 0)
		idx = et_json_num(et_json_get(res, "rule"), "index", -1);
	if (idx >= 0 && idx < cJSON_GetArraySize(rules))
		return cJSON_GetArrayItem(rules, (int)idx);
	cJSON_ArrayForEach(r, rules) {
		const char *rid = et_json_str(r, "id");
		if (id && rid && !strcmp(id, rid))
			return r;
	}
	return NULL;
}

/* message.text, else the rule's message string with {N} replaced */
static void message_of(et_buf *out, const cJSON *res, const cJSON *rule)
{
	const cJSON *m = et_json_get(res, "message"), *args = et_json_get(m, "arguments");
	const char *t = et_json_str(m, "text"), *id = et_json_str(m, "id");
	if (!t && id)
		t = et_json_str(GET(rule, "messageStrings", id), "text");
	if (!t)
		return;
	for (const char *p = t; *p; p++) {
		if (*p == '{' && et_isdigit((unsigned char)p[1])) {
			char *end;
			long k = strtol(p + 1, &end, 10);
			const cJSON *a = cJSON_GetArrayItem(args, (int)k);
			if (*end == '}' && cJSON_IsString(a)) {
				et_buf_addstr(out, a->valuestring);
				p = end;
				continue;
			}
		}
		et_buf_addch(out, *p);
	}
}

static const char *level_of(const cJSON *res, const cJSON *rule, int ours)
{
	const char *lv = et_json_str(res, "level");
	if (ours) {
		const char *o = et_json_str(et_json_get(res, "properties"), "errtools_level");
		if (o && (!strcmp(o, "fatal") || !strcmp(o, "error") || !strcmp(o, "warning")))
			return o;
	}
	if (!lv)
		lv = et_json_str(GET(rule, "defaultConfiguration"), "level");
	return lv && !strcmp(lv, "error") ? "error" : "warning";
}

static int not_a_problem(const cJSON *res)
{
	const char *kind = et_json_str(res, "kind");
	const cJSON *sup = et_json_get(res, "suppressions"), *s;
	if (kind && (!strcmp(kind, "pass") || !strcmp(kind, "notApplicable")))
		return 1;
	cJSON_ArrayForEach(s, sup) {
		const char *st = et_json_str(s, "status");
		if (!st || !strcmp(st, "accepted"))
			return 1;
	}
	return 0;
}

static void set_location(ec_ctx *ctx, cJSON *rec, const cJSON *run, const cJSON *res)
{
	const cJSON *loc = cJSON_GetArrayItem(et_json_get(res, "locations"), 0);
	const cJSON *phys = et_json_get(loc, "physicalLocation");
	const cJSON *art = et_json_get(phys, "artifactLocation"), *reg = et_json_get(phys, "region");
	const cJSON *lg = cJSON_GetArrayItem(et_json_get(loc, "logicalLocations"), 0);
	const char *uri = et_json_str(art, "uri");
	const char *fn = et_json_str(lg, "fullyQualifiedName");
	double idx = et_json_num(art, "index", -1);
	if (!uri && idx >= 0)
		uri = et_json_str(GET(cJSON_GetArrayItem(et_json_get(run, "artifacts"), (int)idx),
				      "location"), "uri");
	if (uri) {
		char *path = path_of_uri(uri);
		long line = num(reg, "startLine");
		ec_set_location(ctx, rec, path, strlen(path), line, line ? num(reg, "startColumn") : 0);
		if (line && num(reg, "endLine") >= line) {
			et_json_set_num(rec, "end_line", (double)num(reg, "endLine"));
			if (num(reg, "endColumn"))
				et_json_set_num(rec, "end_column", (double)num(reg, "endColumn"));
		}
		free(path);
	}
	if (!fn)
		fn = et_json_str(lg, "name");
	if (fn)
		et_json_set_str(rec, "function", fn);
}

static void result(ec_ctx *ctx, const cJSON *run, const cJSON *res, const char *tool, int ours)
{
	const cJSON *rule = rule_of(run, res), *props = et_json_get(res, "properties");
	const char *id = et_json_str(res, "ruleId"), *fp = et_json_str(GET(res, "partialFingerprints"), FP_KEY);
	et_buf b = ET_BUF_INIT;
	cJSON *rec;
	if (not_a_problem(res))
		return;
	et_rec_print(&b, res);
	rec = ec_doc_rec(ctx, b.buf, b.len, 1, "sarif");
	if (!id)
		id = et_json_str(rule, "id");
	ec_set_level(rec, level_of(res, rule, ours));
	et_json_set_str(rec, "type", ours ? et_json_str(props, "type") : id);
	et_buf_reset(&b);
	message_of(&b, res, rule);
	et_json_set_str(rec, "message", b.buf);
	set_location(ctx, rec, run, res);
	if (ours && et_json_str(props, "format"))
		et_json_set_str(rec, "format", et_json_str(props, "format"));
	if (tool)
		et_json_set_str(rec, "tool", tool);
	if (fp && strlen(fp) == 16 && strspn(fp, "0123456789abcdef") == 16)
		et_json_set_str(rec, "fingerprint", fp);
	ec_emit(ctx, rec);
	et_buf_release(&b);
}

void ec_sarif_read(ec_ctx *ctx, et_lines *lr, const char *name)
{
	et_buf doc = ET_BUF_INIT;
	const char *end = NULL;
	const cJSON *run, *res;
	cJSON *log;
	if (ec_doc_slurp(lr, name, &doc) < 0)
		goto out;
	log = cJSON_ParseWithLengthOpts(doc.buf, doc.len, &end, 0);
	if (!log || !cJSON_IsObject(log)) {
		size_t line = 1;
		const char *stop = log ? doc.buf : end ? end : cJSON_GetErrorPtr();
		for (const char *p = doc.buf; stop && p < stop && p < doc.buf + doc.len; p++)
			line += *p == '\n';
		et_warn_at(name, line, "%s", log ? "not a SARIF log (not a JSON object)" : "not valid JSON");
		cJSON_Delete(log);
		goto out;
	}
	cJSON_ArrayForEach(run, et_json_get(log, "runs")) {
		const char *tool = et_json_str(GET(run, "tool", "driver"), "name");
		int ours = tool && !strcmp(tool, OUR_TOOL);
		cJSON_ArrayForEach(res, et_json_get(run, "results"))
			result(ctx, run, res, tool, ours);
	}
	if (!cJSON_IsArray(et_json_get(log, "runs")))
		et_warn_at(name, 1, "not a SARIF log: no \"runs\" array");
	cJSON_Delete(log);
out:
	et_buf_release(&doc);
}
