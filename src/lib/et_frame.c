/* et_frame.c: the library-frame list (see et_frame.h). */
#include "et_frame.h"

#include "et_cli.h"
#include "et_ctype.h"

#include <string.h>

/* the user's rules, set at start-up by the command line */
static struct rule { const char *prefix; size_t len; int in_app; } *rules;
static size_t nrules;

void et_frame_rule(const char *prefix, int in_app)
{
	rules = et_xrealloc(rules, (nrules + 1) * sizeof *rules);
	rules[nrules++] = (struct rule){ prefix, strlen(prefix), in_app };
}

/* Does prefix p (n bytes) begin s, or a path part of s when path is set? */
static int rule_matches(const char *s, const char *p, size_t n, int path)
{
	if (!s || !n)
		return 0;
	if (!strncmp(s, p, n))
		return 1;
	for (const char *q = s; path && (q = strpbrk(q, "/\\")); q++)
		if (!strncmp(q + 1, p, n))
			return 1;
	return 0;
}

/* The verdict of the user's longest matching prefix, or -1. */
static int ruled(const char *file, const char *function)
{
	size_t best = 0;
	int verdict = -1;
	for (size_t i = 0; i < nrules; i++) {
		const struct rule *r = &rules[i];
		if (r->len < best || (r->len == best && verdict == 1))
			continue;
		if (rule_matches(file, r->prefix, r->len, 1) ||
		    rule_matches(function, r->prefix, r->len, 0)) {
			best = r->len;
			verdict = r->in_app;
		}
	}
	return verdict;
}

int et_frame_ruled(const char *file, const char *function)
{
	return ruled(file, function) >= 0;
}

/*
 * A runtime's name for code that is in no file ("<string>", "<stdin>",
 * "<frozen importlib._bootstrap>", "<anonymous>"): "<" ... ">".
 */
static int pseudo_file(const char *file)
{
	size_t n = file ? strlen(file) : 0;
	return n >= 2 && file[0] == '<' && file[n - 1] == '>';
}

int et_frame_in_app(const char *file, const char *function)
{
	if (pseudo_file(file))
		return 0;
	int v = ruled(file, function);
	return v >= 0 ? v : !et_frame_library(file, function);
}

static int has_prefix(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strncmp(s, *list, strlen(*list)))
			return 1;
	return 0;
}

static int has_sub(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strstr(s, *list))
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && !strcmp(s + n - k, suf);
}

/*
 * A Go frame of the standard library: its package path's first element
 * has no dot and it is not main, and its file, when absolute, is under a
 * GOROOT (a dotless module path elsewhere is the program's).
 */
static int go_std(const char *file, const char *fn)
{
	size_t slash = 0, n;
	const char *dot, *first_end;
	if (!fn || !*fn)
		return 0;
	n = strcspn(fn, "(");
	for (size_t k = 0; k < n; k++)
		if (fn[k] == '/')
			slash = k + 1;
	dot = memchr(fn + slash, '.', strlen(fn) - slash);
	size_t pkg = dot ? (size_t)(dot - fn) : strlen(fn);
	first_end = memchr(fn, '/', pkg);
	size_t first = first_end ? (size_t)(first_end - fn) : pkg;
	if (memchr(fn, '.', first) || (pkg == 4 && !memcmp(fn, "main", 4)))
		return 0;
	return !file || file[0] != '/' || strstr(file, "/go/src/") || strstr(file, "/usr/local/go/") ||
	       strstr(file, "/usr/lib/go");
}

/*
 * A bare C identifier that begins with "__" and does not end with "__": a
 * name C reserves for the implementation (C11 7.1.3), so the C library's or
 * the compiler runtime's own functions as a debugger names them with debug
 * info ("__assert_fail_base", "__futex_abstimed_wait_common64"). Python's
 * and JavaScript's "__init__", "__call__" end with "__" and stay the
 * program's; names holding "::", "." or "->" are no bare identifiers.
 */
static int c_reserved(const char *fn)
{
	size_t n = strlen(fn);
	if (n < 3 || fn[0] != '_' || fn[1] != '_' || (fn[n - 1] == '_' && fn[n - 2] == '_'))
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!et_isalnum((unsigned char)fn[i]) && fn[i] != '_')
			return 0;
	return 1;
}

int et_frame_library(const char *file, const char *function)
{
	if (file && ends_with(file, ".go"))
		return ends_with(file, "_testmain.go") || strstr(file, "/pkg/mod/") ||
		       (function && (!strncmp(function, "runtime.", 8) || !strcmp(function, "panic") ||
				     !strncmp(function, "testing.", 8))) ||
		       go_std(file, function);
	/* the system, but not /usr/src and /usr/local/src where programs are built */
	if (file && !strncmp(file, "/usr/", 5) && strncmp(file, "/usr/src/", 9) &&
	    strncmp(file, "/usr/local/src/", 15))
		return 1;
	static const char *const file_sub[] = {
		"/site-packages/", "/dist-packages/", "/lib/python2", "/lib/python3", "/lib64/python",
		"/node_modules/", "/vendor/", "/.cargo/registry/", "/.cargo/git/", "/rustc/",
		"/.rustup/", "/library/std/", "/library/core/", "/library/alloc/", "/pkg/mod/",
		"/usr/lib/", "/usr/lib64/", "/usr/local/lib/", "/usr/include/", "/usr/share/",
		"/usr/local/go/src/", "/usr/local/include/", "/opt/homebrew/", "/gems/",
		"/.m2/repository/", "/.gradle/caches/", "/jdk/", "/libexec/",
		"\\site-packages\\", "\\node_modules\\", "\\vendor\\",
		"libc.so", "libc-", "ld-linux", "libstdc++", "libasan", "libubsan", "libgcc",
		"/sanitizer_common/", "compiler-rt", "/glibc", "sysdeps/",
		/* Ruby, PHP, Lua, Erlang/Elixir, .NET installations and package caches */
		"/rubygems/", "/.rbenv/", "/.rvm/", "/ruby/gems/", "/bundle/ruby/",
		"/lib/ruby/", "/share/php/", "/share/lua/", "/lib/lua/", "/lib/erlang/",
		"/deps/", "/.hex/", "/.mix/", "/.nuget/packages/", "\\.nuget\\packages\\",
		/* Python's test runner and its plugins, pyenv's interpreters, Windows' Lib */
		"/_pytest/", "/pluggy/", "/.pyenv/", "site-packages\\", "dist-packages\\", "\\Lib\\",
		/* Rust's toolchain and registry as backtraces print them */
		"/rust/registry/", "/rustlib/",
		/* the C and C++ runtimes as the sanitizers and valgrind print them */
		"/libsanitizer/", "sanitizer_common", "/csu/", "csu/../", "/libc++/", "/libcxx/",
		"/include/c++/", "/eglibc",
		NULL
	};
	static const char *const file_pre[] = {
		"node:", "<frozen ", "/lib/", "/lib64/", "csu/", "../sysdeps/", "<built-in>",
		/* JVM frames as package paths (errcap: "java/util/ArrayList.java") */
		"java/", "javax/", "jdk/", "sun/", "com/sun/", "kotlin/", "kotlinx/", "scala/",
		"android/", "dalvik/", "org/junit/", "junit/", "org/opentest4j/", "org/testng/",
		"org/gradle/", "org/apache/maven/",
		/* relative vendor trees (Bundler's vendor/bundle, Composer's vendor/), Mix deps */
		"vendor/", "deps/",
		/* Ruby's built-in code, Lua's C functions and chunks, PHP's internal functions */
		"<internal:", "[C]", "=[C]", "[internal function]", "vg_replace_", "../csu/", NULL
	};
	static const char *const func_pre[] = {
		"java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.", "scala.",
		"android.", "dalvik.", "org.junit.", "junit.", "org.opentest4j.", "org.testng.",
		"org.gradle.", "org.apache.maven.",
		"std::", "core::", "alloc::", "<std::", "<core::", "<alloc::", "__rust",
		"rust_begin_unwind", "rust_panic", "test::", "panic_unwind::", "backtrace::",
		"<panic_unwind::", "<backtrace::", "<F as core::", "<alloc::",
		"runtime.", "testing.", "reflect.", "runtime/",
		"__libc_start", "__GI_", "__interceptor_", "__asan", "__ubsan", "__sanitizer",
		"__cxa_throw", "__pthread", "start_thread", "__clone", "__tsan", "__msan", "__lsan",
		"(below main)",
		/* .NET and Mono */
		"System.", "Microsoft.", "Mono.", "Xunit.", "NUnit.", "(wrapper ",
		/* Erlang/OTP and Elixir's own modules, as Elixir and Erlang print them */
		":erl_eval.", ":elixir", ":gen_server.", ":gen.", ":proc_lib.", ":erlang.",
		":timer.", ":maps.", ":lists.", "erl_eval:", "elixir_", "gen_server:", "proc_lib:",
		"Code.", "Kernel.", "ExUnit.", "Mix.", "IEx.",
		/* OCaml's standard library and the compiler's runtime modules */
		"Stdlib.", "Stdlib__", "Camlinternal",
		NULL
	};
	static const char *const func_exact[] = { "_start", "abort", "raise", "clone", "panic", NULL };
	if (file && *file && (has_sub(file, file_sub) || has_prefix(file, file_pre)))
		return 1;
	/* older Node's own modules: internal/modules/cjs/loader.js */
	if (file && !strncmp(file, "internal/", 9)) {
		const char *dot = strrchr(file, '.');
		if (!dot || !strcmp(dot, ".js") || !strcmp(dot, ".mjs"))
			return 1;
	}
	if (function && *function) {
		if (has_prefix(function, func_pre))
			return 1;
		for (const char *const *e = func_exact; *e; e++)
			if (!strcmp(function, *e))
				return 1;
		if (c_reserved(function))
			return 1;
	}
	return 0;
}
