/* et_frame.c: the library-frame list (see et_frame.h). */
#include "et_frame.h"

#include <string.h>

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

int et_frame_library(const char *file, const char *function)
{
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
		"<internal:", "[C]", "=[C]", "[internal function]", NULL
	};
	static const char *const func_pre[] = {
		"java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.", "scala.",
		"android.", "dalvik.", "org.junit.", "junit.", "org.opentest4j.", "org.testng.",
		"org.gradle.", "org.apache.maven.",
		"std::", "core::", "alloc::", "<std::", "<core::", "<alloc::", "__rust",
		"rust_begin_unwind", "rust_panic", "test::", "<F as core::", "<alloc::",
		"runtime.", "testing.", "reflect.", "runtime/",
		"__libc_start", "__GI_", "__interceptor_", "__asan", "__ubsan", "__sanitizer",
		"__cxa_throw", "__pthread", "start_thread", "__clone",
		/* .NET and Mono */
		"System.", "Microsoft.", "Mono.", "Xunit.", "NUnit.", "(wrapper ",
		/* Erlang/OTP and Elixir's own modules, as Elixir and Erlang print them */
		":erl_eval.", ":elixir", ":gen_server.", ":gen.", ":proc_lib.", ":erlang.",
		":timer.", ":maps.", ":lists.", "erl_eval:", "elixir_", "gen_server:", "proc_lib:",
		"Code.", "Kernel.", "ExUnit.", "Mix.", "IEx.",
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
	}
	return 0;
}
