/*
 * out_github.c: GitHub Actions workflow commands (one ::error, ::warning
 * or ::notice line per error) and the markdown job summary.
 *
 * Escaping follows GitHub's workflow-command rules: in the message '%',
 * CR and LF become %25, %0D, %0A; in property values ':' and ',' become
 * %3A and %2C as well.
 */
#include "ci.h"
#include "et_rec.h"
#include "et_utf8.h"

#include <string.h>

/* the most of a record's text shown under the message */
#define TEXT_MAX 4096

static void esc(et_buf *out, const char *s, size_t n, int property)
{
	et_buf clean = ET_BUF_INIT;
	et_utf8_sanitize(&clean, s, n);
	for (size_t i = 0; i < clean.len; i++) {
		char c = clean.buf[i];
		if (c == '%')
			et_buf_addstr(out, "%25");
		else if (c == '\r')
			et_buf_addstr(out, "%0D");
		else if (c == '\n')
			et_buf_addstr(out, "%0A");
		else if (property && c == ':')
			et_buf_addstr(out, "%3A");
		else if (property && c == ',')
			et_buf_addstr(out, "%2C");
		else if ((unsigned char)c < 0x20 && c != '\t')
			et_buf_addch(out, ' ');   /* no control characters on the log */
		else
			et_buf_addch(out, c);
	}
	et_buf_release(&clean);
}

static const char *const command[] = { [CI_ERROR] = "error", [CI_WARNING] = "warning",
				       [CI_NOTE] = "notice" };

void ci_out_github(et_buf *out, const ci_list *l)
{
	et_buf msg = ET_BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		const ci_err *e = &l->v[i];
		const char *m = et_json_str(e->rec, "message"), *text = et_json_str(e->rec, "text");
		const char *title = ci_title(e);
		char sep = ' ';
		et_buf_addf(out, "::%s", command[ci_level(e)]);
		if (e->path) {
			et_buf_addstr(out, " file=");
			esc(out, e->path, strlen(e->path), 1);
			sep = ',';
		}
		if (e->path && e->line) {
			et_buf_addf(out, ",line=%ld", e->line);
			if (e->column)
				et_buf_addf(out, ",col=%ld", e->column);
			if (e->end_line)
				et_buf_addf(out, ",endLine=%ld", e->end_line);
			if (e->end_column)
				et_buf_addf(out, ",endColumn=%ld", e->end_column);
		}
		et_buf_addf(out, "%ctitle=", sep);
		esc(out, title, strlen(title), 1);
		et_buf_addstr(out, "::");

		et_buf_reset(&msg);
		et_buf_addstr(&msg, m && *m ? m : title);
		if (text && strchr(text, '\n')) {
			et_buf_addstr(&msg, "\n\n");
			et_buf_add(&msg, text, et_utf8_cut(text, strlen(text), TEXT_MAX));
		}
		et_buf_addstr(&msg, "\n\nHint: ");
		size_t before = msg.len;
		ci_hint(&msg, e->rec);
		if (msg.len == before)
			et_buf_setlen(&msg, before - 8);
		et_buf_addf(&msg, "\n\nerrtools %.8s", e->it->fp);
		if (e->it->category)
			et_buf_addf(&msg, " \xc2\xb7 %s", e->it->category);
		if (e->it->count > 1)
			et_buf_addf(&msg, " \xc2\xb7 seen %lld times", e->it->count);
		esc(out, msg.buf, msg.len, 0);
		et_buf_addch(out, '\n');
	}
	et_buf_release(&msg);
}

void ci_out_github_summary(et_buf *out, const ci_list *l)
{
	size_t errors = 0, warnings = 0, other = 0;
	for (size_t i = 0; i < l->n; i++) {
		enum ci_level lv = ci_level(&l->v[i]);
		errors += lv == CI_ERROR;
		warnings += lv == CI_WARNING;
		other += lv == CI_NOTE;
	}
	et_buf_addf(out, "### errtools: %zu error%s, %zu warning%s", errors, errors == 1 ? "" : "s",
		    warnings, warnings == 1 ? "" : "s");
	if (other)
		et_buf_addf(out, ", %zu notice%s", other, other == 1 ? "" : "s");
	et_buf_addstr(out, "\n\n");
	if (!l->n) {
		et_buf_addstr(out, "No errors found.\n\n");
		return;
	}
	et_buf_addstr(out, "| Severity | Error | Where | Count | Category | Fingerprint |\n"
			   "|---|---|---|---:|---|---|\n");
	for (size_t i = 0; i < l->n; i++) {
		const ci_err *e = &l->v[i];
		const char *m = et_json_str(e->rec, "message");
		et_buf_addf(out, "| %s | **", et_severity_names[e->it->sev]);
		md_inline(out, ci_title(e));
		et_buf_addstr(out, "**");
		if (m && *m) {
			et_buf_addstr(out, ": ");
			md_inline(out, m);
		}
		et_buf_addstr(out, " | ");
		if (e->path) {
			md_inline(out, e->path);
			if (e->line)
				et_buf_addf(out, ":%ld", e->line);
		}
		et_buf_addf(out, " | %lld | ", e->it->count);
		if (e->it->category)
			md_inline(out, e->it->category);
		et_buf_addf(out, " | `%.8s` |\n", e->it->fp);
	}
	et_buf_addch(out, '\n');
}
