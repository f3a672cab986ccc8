/*
 * out_sarif.c: one SARIF 2.1.0 log: a run of tool "errtools" whose rules
 * are errcat's categories and whose results are the errors.
 *
 * Field choices (docs/ci.md): ruleId is the category ("uncategorized"
 * when errcat did not run), the errhash fingerprint is
 * partialFingerprints["errhash/v1"], and count, first/last seen, type,
 * format, severity and test go into the result's properties.
 */
#include "ci.h"
#include "et_cli.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FP_KEY "errhash/v1"
#define NO_CATEGORY "uncategorized"

/* path as a URI reference: RFC 3986 path characters kept, the rest %XX */
static char *uri_of(const char *path)
{
	et_buf b = ET_BUF_INIT;
	static const char keep[] = "-._~!$&'()*+,;=@/";
	if (path[0] == '/')
		et_buf_addstr(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p))
			et_buf_addch(&b, *p);
		else
			et_buf_addf(&b, "%%%02X", *p);
	}
	return et_buf_detach(&b, NULL);
}

static cJSON *text_obj(const char *s)
{
	cJSON *o = cJSON_CreateObject();
	et_json_set_str(o, "text", s);
	return o;
}

static const char *category_of(const ci_err *e)
{
	const char *c = e->it->category;
	return c && *c ? c : NO_CATEGORY;
}

static cJSON *rule_new(const ci_err *e)
{
	cJSON *r = cJSON_CreateObject();
	const cJSON *tags = et_json_get(e->rec, "tags");
	et_buf b = ET_BUF_INIT;
	et_json_set_str(r, "id", category_of(e));
	ci_rule_text(&b, category_of(e));
	et_json_set(r, "shortDescription", text_obj(b.buf));
	if (cJSON_IsArray(tags)) {
		cJSON *props = cJSON_CreateObject();
		et_json_set(props, "tags", cJSON_Duplicate(tags, 1));
		et_json_set(r, "properties", props);
	}
	et_buf_release(&b);
	return r;
}

/* The rule's help, from the first record of its category that has a hint. */
static void rule_help(cJSON *rule, const cJSON *rec)
{
	et_buf b = ET_BUF_INIT;
	if (et_json_get(rule, "help"))
		return;
	ci_hint(&b, rec);
	if (b.len)
		et_json_set(rule, "help", text_obj(b.buf));
	et_buf_release(&b);
}

static const char *const sarif_level[] = { [CI_ERROR] = "error", [CI_WARNING] = "warning",
					   [CI_NOTE] = "note" };

static cJSON *location_of(const ci_err *e)
{
	cJSON *locs = cJSON_CreateArray(), *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_CreateObject(), *art = cJSON_CreateObject();
	char *uri = uri_of(e->path);
	et_json_set_str(art, "uri", uri);
	if (e->path[0] != '/')
		et_json_set_str(art, "uriBaseId", "%SRCROOT%");
	et_json_set(phys, "artifactLocation", art);
	if (e->line) {
		cJSON *reg = cJSON_CreateObject();
		et_json_set_num(reg, "startLine", (double)e->line);
		if (e->column)
			et_json_set_num(reg, "startColumn", (double)e->column);
		if (e->end_line)
			et_json_set_num(reg, "endLine", (double)e->end_line);
		if (e->end_column)
			et_json_set_num(reg, "endColumn", (double)e->end_column);
		et_json_set(phys, "region", reg);
	}
	et_json_set(loc, "physicalLocation", phys);
	cJSON_AddItemToArray(locs, loc);
	free(uri);
	return locs;
}

static cJSON *result_new(const ci_err *e, int rule_index)
{
	static const char *const props_from_rec[] = { "type", "format", "severity", "test", "status" };
	cJSON *r = cJSON_CreateObject(), *fps = cJSON_CreateObject(), *props = cJSON_CreateObject();
	const char *m = et_json_str(e->rec, "message");
	et_json_set_str(r, "ruleId", category_of(e));
	et_json_set_num(r, "ruleIndex", rule_index);
	et_json_set_str(r, "level", sarif_level[ci_level(e)]);
	et_json_set(r, "message", text_obj(m && *m ? m : ci_title(e)));
	if (e->path)
		et_json_set(r, "locations", location_of(e));
	et_json_set_str(fps, FP_KEY, e->it->fp);
	et_json_set(r, "partialFingerprints", fps);
	et_json_set_num(props, "count", (double)e->it->count);
	if (e->it->first_seen)
		et_json_set_str(props, "first_seen", e->it->first_seen);
	if (e->it->last_seen)
		et_json_set_str(props, "last_seen", e->it->last_seen);
	for (size_t i = 0; i < sizeof props_from_rec / sizeof *props_from_rec; i++) {
		const char *v = et_json_str(e->rec, props_from_rec[i]);
		if (v)
			et_json_set_str(props, props_from_rec[i], v);
	}
	/* errcap's level word, where SARIF's has no room for "fatal" */
	et_json_set_str(props, "errtools_level", e->level);
	et_json_set(r, "properties", props);
	return r;
}

void ci_out_sarif(et_buf *out, const ci_list *l)
{
	cJSON *log = cJSON_CreateObject(), *runs = cJSON_CreateArray(), *run = cJSON_CreateObject();
	cJSON *tool = cJSON_CreateObject(), *driver = cJSON_CreateObject();
	cJSON *rules = cJSON_CreateArray(), *results = cJSON_CreateArray(), *base, *root;
	char *uri;
	et_buf b = ET_BUF_INIT;

	et_json_set_str(log, "$schema", SARIF_SCHEMA);
	et_json_set_str(log, "version", "2.1.0");
	et_json_set_str(driver, "name", "errtools");
	et_json_set_str(driver, "version", ET_VERSION);
	for (size_t i = 0; i < l->n; i++) {
		const ci_err *e = &l->v[i];
		int k = 0, nr = cJSON_GetArraySize(rules);
		cJSON *rule = NULL;
		for (k = 0; k < nr; k++) {
			rule = cJSON_GetArrayItem(rules, k);
			if (!strcmp(et_json_str(rule, "id"), category_of(e)))
				break;
		}
		if (k == nr) {
			rule = rule_new(e);
			cJSON_AddItemToArray(rules, rule);
		}
		rule_help(rule, e->rec);
		cJSON_AddItemToArray(results, result_new(e, k));
	}
	et_json_set(driver, "rules", rules);
	et_json_set(tool, "driver", driver);
	et_json_set(run, "tool", tool);
	/* %SRCROOT%: the root relative locations are relative to */
	et_buf_addstr(&b, l->root);
	if (b.buf[b.len - 1] != '/')
		et_buf_addch(&b, '/');
	uri = uri_of(b.buf);
	base = cJSON_CreateObject();
	root = cJSON_CreateObject();
	et_json_set_str(root, "uri", uri);
	et_json_set(base, "%SRCROOT%", root);
	et_json_set(run, "originalUriBaseIds", base);
	et_json_set(run, "results", results);
	cJSON_AddItemToArray(runs, run);
	et_json_set(log, "runs", runs);
	ci_add_json(out, log);
	free(uri);
	et_buf_release(&b);
}
