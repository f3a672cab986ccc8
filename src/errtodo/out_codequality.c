/*
 * out_codequality.c: GitLab's Code Quality report, a JSON array of issues
 * (description, check_name, fingerprint, severity, location.path,
 * location.lines.begin).
 *
 * Severity: ours critical, high, medium, low become GitLab's blocker,
 * critical, major, minor; a level that is neither an error nor a warning
 * (a SARIF note read back by errcap) is info.
 */
#include "ci.h"
#include "et_cli.h"
#include "et_rec.h"

#include <string.h>

static const char *const gl_severity[ET_SEV_N] = { "blocker", "critical", "major", "minor" };

static const char *severity_of(const ci_err *e)
{
	if (ci_level(e) == CI_NOTE)
		return "info";
	return gl_severity[e->it->sev];
}

void ci_out_codequality(et_buf *out, const ci_list *l)
{
	cJSON *arr = cJSON_CreateArray();
	et_buf desc = ET_BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		const ci_err *e = &l->v[i];
		const char *m = et_json_str(e->rec, "message"), *title = ci_title(e);
		const char *path = e->path;
		cJSON *issue = cJSON_CreateObject(), *loc = cJSON_CreateObject();
		cJSON *lines = cJSON_CreateObject();
		et_buf_reset(&desc);
		et_buf_addstr(&desc, title);
		if (m && *m && strcmp(m, title)) {
			et_buf_addstr(&desc, ": ");
			et_buf_addstr(&desc, m);
		}
		et_json_set_str(issue, "description", desc.buf);
		et_json_set_str(issue, "check_name", e->it->category ? e->it->category : "uncategorized");
		et_json_set_str(issue, "fingerprint", e->it->fp);
		et_json_set_str(issue, "severity", severity_of(e));
		/* GitLab requires a path: without a file, the input it came from */
		if (!path) {
			const cJSON *in = et_json_get(e->rec, "input");
			path = et_json_str(in, "name");
		}
		et_json_set_str(loc, "path", path ? path : "-");
		et_json_set_num(lines, "begin", e->line ? (double)e->line : 1);
		et_json_set(loc, "lines", lines);
		et_json_set(issue, "location", loc);
		cJSON_AddItemToArray(arr, issue);
	}
	ci_add_json(out, arr);
	et_buf_release(&desc);
}
