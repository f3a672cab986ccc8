/* et_schema: the record's vocabulary (docs/schema.md): fields, closed values, formats. */
#include "et_schema.h"
#include "et_ctype.h"

#include <string.h>

/*
 * the documented fields, in docs/schema.md's order, with the program that
 * writes each; R: every errcap record holds it, in this order
 */
#define R(name) { name, "errcap", 1 }
#define F(name, writer) { name, writer, 0 }
static const struct { const char *name, *writer; int rec; } fields[] = {
	R("level"), R("type"), R("message"), R("file"), R("line"), R("column"), R("function"),
	R("frames"), R("causes"), R("format"), R("text"), R("context"),
	F("context_after", "errcap -A"), R("input"), R("time"), F("session", "errcap --session"),
	F("test", "errcap"), F("end_line", "errcap (SARIF input, format files)"),
	F("end_column", "errcap (SARIF input, format files)"),
	F("tool", "errcap (SARIF input, format files, diagnostic)"),
	F("notes", "errcap format files"), F("kind", "errcap -- CMD"), F("command", "errcap -- CMD"),
	F("exit_status", "errcap -- CMD"), F("signal", "errcap -- CMD"),
	F("duration_ms", "errcap -- CMD"), F("started", "errcap -- CMD"), F("lines", "errcap -- CMD"),
	F("errors", "errcap -- CMD"), F("warnings", "errcap -- CMD"), F("fingerprint", "errhash"),
	F("count", "errhash"), F("first_seen", "errhash"), F("last_seen", "errhash"),
	F("locations", "errhash"), F("location_count", "errhash"), F("status", "errhash --db"),
	F("fingerprint_parts", "errhash --explain"), F("category", "errcat"), F("severity", "errcat"),
	F("tags", "errcat"), F("rule", "errcat"), F("hint", "errcat"),
};
#undef R
#undef F
#define NFIELDS (sizeof fields / sizeof *fields)

const char *const *et_schema_fields(void)
{
	static const char *names[NFIELDS + 1];
	if (!names[0])
		for (size_t i = 0; i < NFIELDS; i++)
			names[i] = fields[i].name;
	return names;
}

const char *const *et_schema_record_fields(void)
{
	static const char *names[NFIELDS + 1];
	if (!names[0])
		for (size_t i = 0, n = 0; i < NFIELDS; i++)
			if (fields[i].rec)
				names[n++] = fields[i].name;
	return names;
}

const char *const et_severity_names[ET_SEV_N + 1] = { "critical", "high", "medium", "low", NULL };
const char *const et_level_names[ET_LEVEL_N + 1] = { "fatal", "error", "warning", "info", NULL };
static const char *const statuses[] = { "new", "recurring", "regressed", NULL };

static const et_level_word level_words[] = {
	{ "fatal", ET_LEVEL_FATAL, 1 }, { "critical", ET_LEVEL_FATAL, 1 }, { "crit", ET_LEVEL_FATAL, 0 },
	{ "panic", ET_LEVEL_FATAL, 0 }, { "emerg", ET_LEVEL_FATAL, 0 }, { "alert", ET_LEVEL_FATAL, 0 },
	{ "f", ET_LEVEL_FATAL, 0 },
	{ "error", ET_LEVEL_ERROR, 1 }, { "err", ET_LEVEL_ERROR, 1 }, { "e", ET_LEVEL_ERROR, 0 },
	{ "severe", ET_LEVEL_ERROR, 0 }, { "failure", ET_LEVEL_ERROR, 0 }, { "fail", ET_LEVEL_ERROR, 0 },
	{ "failed", ET_LEVEL_ERROR, 0 },
	{ "warning", ET_LEVEL_WARNING, 1 }, { "warn", ET_LEVEL_WARNING, 1 }, { "w", ET_LEVEL_WARNING, 0 },
	{ "caution", ET_LEVEL_WARNING, 0 }, { "suggestion", ET_LEVEL_WARNING, 1 },
	{ "note", ET_LEVEL_INFO, 1 }, { "info", ET_LEVEL_INFO, 1 }, { "remark", ET_LEVEL_INFO, 1 },
	{ "hint", ET_LEVEL_INFO, 1 }, { "notice", ET_LEVEL_INFO, 0 }, { "information", ET_LEVEL_INFO, 0 },
	{ "help", ET_LEVEL_INFO, 0 }, { "debug", ET_LEVEL_INFO, 0 }, { "i", ET_LEVEL_INFO, 0 },
	{ "n", ET_LEVEL_INFO, 0 },
	{ "ok", -1, 0 },
};

const et_level_word *et_level_word_find(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof level_words / sizeof *level_words; i++)
		if (strlen(level_words[i].word) == n && !et_strncasecmp(s, level_words[i].word, n))
			return &level_words[i];
	return NULL;
}

int et_severity_of_level(const char *level)
{
	switch (level ? et_schema_rank("level", level) : -1) {
	case ET_LEVEL_FATAL:
		return ET_SEV_HIGH;
	case ET_LEVEL_WARNING:
		return ET_SEV_LOW;
	default:
		return ET_SEV_MEDIUM;
	}
}

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
		return et_level_names;
	if (!strcmp(field, "severity"))
		return et_severity_names;
	if (!strcmp(field, "status"))
		return statuses;
	return NULL;
}

int et_schema_rank(const char *field, const char *value)
{
	const char *const *v = et_schema_values(field);
	for (int i = 0; v && v[i]; i++)
		if (!strcmp(v[i], value))
			return i;
	return -1;
}

/* in the order errcap offers lines to its parsers (formats.c), documents last */
const et_format et_formats[] = {
	{ "log", "application logs at level ERROR/FATAL/CRITICAL/SEVERE/WARN (many layouts)", ET_FMT_PARSER, NULL },
	{ "ubsan", "UndefinedBehaviorSanitizer runtime errors", ET_FMT_PARSER, NULL },
	{ "asan", "AddressSanitizer, LeakSanitizer, ThreadSanitizer, MemorySanitizer reports", ET_FMT_PARSER, NULL },
	{ "valgrind", "valgrind (Memcheck, Helgrind, DRD) error blocks", ET_FMT_PARSER, NULL },
	{ "crt", "C/C++ at run time: uncaught C++ exceptions, assertion failures, glibc heap and stack checks", ET_FMT_PARSER, NULL },
	{ "gdb", "gdb's report of a program's death: Program received signal SIGX, its backtrace (gdb -batch -ex run -ex bt)", ET_FMT_PARSER, NULL },
	{ "pytest", "pytest failure sections and short test summary lines", ET_FMT_PARSER, NULL },
	{ "unittest", "Python unittest FAIL/ERROR blocks", ET_FMT_PARSER, NULL },
	{ "doctest", "Python doctest failed examples (unexpected output or an exception raised)", ET_FMT_PARSER, NULL },
	{ "python", "Python tracebacks (chained, exception groups, SyntaxError) and warnings", ET_FMT_PARSER, NULL },
	{ "java", "JVM stack traces: uncaught exceptions, Caused by, Suppressed", ET_FMT_PARSER, NULL },
	{ "dotnettest", "dotnet test (VSTest console logger): one record per Failed test, its error message and stack trace", ET_FMT_PARSER, NULL },
	{ "dotnet", ".NET: unhandled exceptions and Exception.ToString() traces (inner exceptions as causes), Mono's too", ET_FMT_PARSER, NULL },
	{ "javac", "javac errors and warnings (file.java:N: error: ...)", ET_FMT_PARSER, NULL },
	{ "ecj", "Eclipse compiler (ecj) reports: N. ERROR in FILE (at line N), source, carets, message", ET_FMT_PARSER, NULL },
	{ "maven", "Maven: [ERROR] compile errors, Surefire test failures, failed goals", ET_FMT_PARSER, NULL },
	{ "gradle", "Gradle: failed tests, Kotlin compile errors, * What went wrong", ET_FMT_PARSER, NULL },
	{ "go", "Go panics, fatal errors, compile and vet errors", ET_FMT_PARSER, NULL },
	{ "gotest", "go test failures (--- FAIL blocks), with their panics", ET_FMT_PARSER, NULL },
	{ "rustc", "rustc and cargo diagnostics (error[E0425], warnings with lint names)", ET_FMT_PARSER, NULL },
	{ "rust", "Rust panics (old and new forms, backtraces) and cargo test failures", ET_FMT_PARSER, NULL },
	{ "node", "Node.js uncaught errors and unhandled rejections (frames, causes)", ET_FMT_PARSER, NULL },
	{ "tsc", "TypeScript compiler: file.ts(L,C): error TS2322 and file.ts:L:C - error TS2322", ET_FMT_PARSER, NULL },
	{ "jest", "jest: FAIL file, one record per failed test", ET_FMT_PARSER, NULL },
	{ "vitest", "Vitest: FAIL FILE > TEST (or [ FILE ]), the error and its frames", ET_FMT_PARSER, NULL },
	{ "mocha", "mocha: one record per failing test after N failing", ET_FMT_PARSER, NULL },
	{ "nodetest", "node --test (spec reporter): one record per failed test, its error and frames", ET_FMT_PARSER, NULL },
	{ "sass", "Dart Sass: Error: / WARNING: / DEPRECATION WARNING [id]: with the source box and the FILE L:C stack", ET_FMT_PARSER, NULL },
	{ "tap", "TAP: not ok N - name with bats, Test::More (prove), node --test and node-tap details", ET_FMT_PARSER, NULL },
	{ "rspec", "RSpec: one record per failed example (Failures: section), errors while loading a spec", ET_FMT_PARSER, NULL },
	{ "minitest", "Minitest: N) Failure: and N) Error: items", ET_FMT_PARSER, NULL },
	{ "ruby", "Ruby: uncaught exceptions with backtraces and causes, syntax errors, warnings, rake aborted!", ET_FMT_PARSER, NULL },
	{ "phpunit", "PHPUnit: one record per item of the errors, failures and warnings sections", ET_FMT_PARSER, NULL },
	{ "php", "PHP: Warning/Notice/Deprecated/Fatal error/Parse error ... on line N, uncaught exceptions with stack traces", ET_FMT_PARSER, NULL },
	{ "lua", "Lua: lua/luajit errors with stack traceback:, syntax and load errors", ET_FMT_PARSER, NULL },
	{ "tcl", "Tcl: the error trace of tclsh, wish and expect (message, \"while executing\", \"invoked from within\", \"(procedure ... line N)\")", ET_FMT_PARSER, NULL },
	{ "ocaml", "OCaml: Fatal error: exception X with the backtrace (Raised at / Called from ... in file \"F\", line N)", ET_FMT_PARSER, NULL },
	{ "erlang", "Erlang/OTP: escript and erl shell exceptions with their stack traces, erl -s/-eval boot crashes (init terminating in do_boot)", ET_FMT_PARSER, NULL },
	{ "exunit", "ExUnit: one record per failed test (N) test NAME (Module))", ET_FMT_PARSER, NULL },
	{ "elixir", "Elixir: ** (Error) exceptions with stack traces, compile errors, compiler warnings", ET_FMT_PARSER, NULL },
	{ "swift", "Swift: Fatal error / Precondition failed / Assertion failed traps, with the crash report after them", ET_FMT_PARSER, NULL },
	{ "gcc", "gcc and clang diagnostics (format gcc or clang)", ET_FMT_PARSER, NULL },
	{ "clang", "clang diagnostics: the gcc parser writes this name when the output is clang's", ET_FMT_ALSO, "gcc" },
	{ "ld", "linker errors: GNU ld, gold, lld; collect2 and clang summaries", ET_FMT_PARSER, NULL },
	{ "make", "GNU make: *** [file:N: target] Error N, No rule to make target, makefile errors", ET_FMT_PARSER, NULL },
	{ "gha", "GitHub Actions runner: Error: Process completed with exit code N (info after errors already recorded)", ET_FMT_PARSER, NULL },
	{ "ninja", "ninja: FAILED: edges (the compiler output after them goes to the other parsers), ninja: error:", ET_FMT_PARSER, NULL },
	{ "cmake", "CMake Error/Warning at FILE:N (command): with message and call stack", ET_FMT_PARSER, NULL },
	{ "shell", "sh/dash/bash: not found, command not found, Permission denied, syntax errors, signals", ET_FMT_PARSER, NULL },
	{ "perl", "Perl: MESSAGE at FILE line N. (die, warnings, Carp call stacks)", ET_FMT_PARSER, NULL },
	{ "npm", "npm error / npm ERR! blocks: one record, type = the npm error code", ET_FMT_PARSER, NULL },
	{ "terraform", "Terraform Error:/Warning: diagnostics (boxed or -no-color), file and line from \"on F line N\"", ET_FMT_PARSER, NULL },
	{ "diagnostic", "the location finder: LEVEL and LOCATION of any tool (offered lines last)", ET_FMT_PARSER, NULL },
	{ "junit", "JUnit XML test reports (pytest, Surefire, Gradle, go-junit-report, jest, ctest)", ET_FMT_DOC, NULL },
	{ "sarif", "SARIF 2.1.0 logs (CodeQL, Semgrep, ESLint, gcc, errtodo)", ET_FMT_DOC, NULL },
	{ "checkstyle", "Checkstyle XML reports (eslint, shellcheck, hadolint, phpcs, stylelint, ktlint, detekt)", ET_FMT_DOC, NULL },
	{ "findings", "JSON findings reports of linters (eslint, shellcheck, pylint, rubocop, hadolint, stylelint, markdownlint)", ET_FMT_DOC, NULL },
	{ NULL, NULL, ET_FMT_PARSER, NULL },
};

const et_format *et_schema_format(const char *name)
{
	for (const et_format *f = et_formats; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
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
