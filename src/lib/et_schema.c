/* et_schema: field names and closed values of the record (docs/schema.md). */
#include "et_schema.h"

#include <string.h>

/* the documented fields, in docs/schema.md's order, with the program that writes each */
static const struct { const char *name, *writer; } fields[] = {
	{ "level", "errcap" }, { "type", "errcap" }, { "message", "errcap" }, { "file", "errcap" },
	{ "line", "errcap" }, { "column", "errcap" }, { "function", "errcap" },
	{ "frames", "errcap" }, { "causes", "errcap" }, { "format", "errcap" },
	{ "text", "errcap" }, { "context", "errcap" }, { "context_after", "errcap -A" },
	{ "input", "errcap" }, { "time", "errcap" },
	{ "session", "errcap --session" }, { "test", "errcap" },
	{ "end_line", "errcap (SARIF input, format files)" },
	{ "end_column", "errcap (SARIF input, format files)" },
	{ "tool", "errcap (SARIF input, format files, diagnostic)" }, { "notes", "errcap format files" },
	{ "kind", "errcap -- CMD" }, { "command", "errcap -- CMD" },
	{ "exit_status", "errcap -- CMD" }, { "signal", "errcap -- CMD" },
	{ "duration_ms", "errcap -- CMD" }, { "started", "errcap -- CMD" },
	{ "lines", "errcap -- CMD" }, { "errors", "errcap -- CMD" },
	{ "warnings", "errcap -- CMD" },
	{ "fingerprint", "errhash" }, { "count", "errhash" }, { "first_seen", "errhash" },
	{ "last_seen", "errhash" }, { "locations", "errhash" }, { "location_count", "errhash" },
	{ "status", "errhash --db" },
	{ "fingerprint_parts", "errhash --explain" },
	{ "category", "errcat" }, { "severity", "errcat" }, { "tags", "errcat" }, { "rule", "errcat" }, { "hint", "errcat" },
};
#define NFIELDS (sizeof fields / sizeof *fields)

const char *const *et_schema_fields(void)
{
	static const char *names[NFIELDS + 1];
	if (!names[0])
		for (size_t i = 0; i < NFIELDS; i++)
			names[i] = fields[i].name;
	return names;
}

const char *const et_severity_names[ET_SEV_N + 1] = { "critical", "high", "medium", "low", NULL };

static const char *const levels[] = { "fatal", "error", "warning", "info", NULL };
static const char *const statuses[] = { "new", "recurring", "regressed", NULL };

int et_schema_known(const char *name)
{
	return et_schema_writer(name) != NULL;
}

const char *et_schema_writer(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].name, name))
			return fields[i].writer;
	return NULL;
}

const char *const *et_schema_values(const char *field)
{
	if (!strcmp(field, "level"))
		return levels;
	if (!strcmp(field, "severity"))
		return et_severity_names;
	if (!strcmp(field, "status"))
		return statuses;
	return NULL;
}

const char *et_schema_join(et_buf *out, const char *const *list)
{
	for (size_t i = 0; list[i]; i++) {
		if (i)
			et_buf_addstr(out, ", ");
		et_buf_addstr(out, list[i]);
	}
	return out->buf;
}

/* optimal string alignment distance, capped: returns 3 for anything above 2 */
static int distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	int d[3][65];
	if (n > 64 || m > 64 || (n > m ? n - m : m - n) > 2)
		return 3;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= n; i++) {
		int *cur = d[i % 3], *prev = d[(i - 1) % 3], *prev2 = d[(i + 1) % 3];
		cur[0] = (int)i;
		for (size_t j = 1; j <= m; j++) {
			int cost = a[i - 1] != b[j - 1], v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[n % 3][m] > 2 ? 3 : d[n % 3][m];
}

const char *et_schema_suggest(const char *name, const char *const *list)
{
	const char *best = NULL;
	int bd = 3;
	for (size_t i = 0; list[i]; i++) {
		int d = distance(name, list[i]);
		/* short names: one edit only, or everything is near everything */
		if (d < bd && (d == 1 || strlen(list[i]) > 4)) {
			bd = d;
			best = list[i];
		}
	}
	return best;
}
