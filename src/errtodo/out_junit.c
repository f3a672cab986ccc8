/*
 * out_junit.c: JUnit XML, as Jenkins, GitLab and Azure read it: one
 * <testsuite> per category (per format when errcat did not run), one
 * <testcase> per error holding a <failure> with message, type and the
 * record's text.
 */
#include "ci.h"
#include "et_cli.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *suite_of(const ci_err *e)
{
	const char *c = e->it->category, *f = et_json_str(e->rec, "format");
	if (c && *c)
		return c;
	return f && *f ? f : "errors";
}

static void testcase(et_buf *out, const ci_err *e, const char *suite)
{
	const char *m = et_json_str(e->rec, "message"), *text = et_json_str(e->rec, "text");
	const char *title = ci_title(e), *type = et_json_str(e->rec, "type");
	et_buf name = ET_BUF_INIT;
	et_buf_addstr(&name, title);
	if (m && *m && strcmp(m, title)) {
		et_buf_addstr(&name, ": ");
		et_buf_addstr(&name, m);
	}
	if (e->path) {
		et_buf_addf(&name, " (%s", e->path);
		if (e->line)
			et_buf_addf(&name, ":%ld", e->line);
		et_buf_addch(&name, ')');
	}
	et_buf_addstr(out, "    <testcase classname=\"errtools.");
	ci_xml_escape(out, suite, 1);
	et_buf_addstr(out, "\" name=\"");
	ci_xml_escape(out, name.buf, 1);
	et_buf_addch(out, '"');
	if (e->path) {
		et_buf_addstr(out, " file=\"");
		ci_xml_escape(out, e->path, 1);
		et_buf_addch(out, '"');
		if (e->line)
			et_buf_addf(out, " line=\"%ld\"", e->line);
	}
	et_buf_addstr(out, " time=\"0\">\n      <failure message=\"");
	ci_xml_escape(out, m && *m ? m : title, 1);
	et_buf_addstr(out, "\" type=\"");
	ci_xml_escape(out, type && *type ? type : e->level, 1);
	et_buf_addstr(out, "\">");
	ci_xml_escape(out, text ? text : m, 0);
	et_buf_addf(out, "\n\nfingerprint: %s, count: %lld", e->it->fp, e->it->count);
	if (e->it->first_seen)
		et_buf_addf(out, ", first seen: %s", e->it->first_seen);
	if (e->it->last_seen)
		et_buf_addf(out, ", last seen: %s", e->it->last_seen);
	et_buf_addstr(out, "</failure>\n    </testcase>\n");
	et_buf_release(&name);
}

void ci_out_junit(et_buf *out, const ci_list *l)
{
	/* suites in order of first appearance; each lists its errors in list order */
	const char **suites = et_xcalloc(l->n + 1, sizeof *suites);
	size_t ns = 0;
	for (size_t i = 0; i < l->n; i++) {
		const char *s = suite_of(&l->v[i]);
		size_t k;
		for (k = 0; k < ns && strcmp(suites[k], s); k++)
			;
		if (k == ns)
			suites[ns++] = s;
	}
	et_buf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	et_buf_addf(out, "<testsuites name=\"errtools\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		    l->n, l->n);
	for (size_t k = 0; k < ns; k++) {
		size_t n = 0;
		for (size_t i = 0; i < l->n; i++)
			n += !strcmp(suite_of(&l->v[i]), suites[k]);
		et_buf_addstr(out, "  <testsuite name=\"");
		ci_xml_escape(out, suites[k], 1);
		et_buf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
			    n, n);
		for (size_t i = 0; i < l->n; i++)
			if (!strcmp(suite_of(&l->v[i]), suites[k]))
				testcase(out, &l->v[i], suites[k]);
		et_buf_addstr(out, "  </testsuite>\n");
	}
	et_buf_addstr(out, "</testsuites>\n");
	free(suites);
}
