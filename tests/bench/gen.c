/*
 * gen.c: writes errtools' benchmark log to stdout: a realistic build/test
 * log of at least MB megabytes (argument; default 200) in which about one
 * line in a thousand begins an error block, of every format errcap knows,
 * amid ordinary lines (compiler command lines, progress, passing tests, INFO
 * logs, lines that mention "error" harmlessly). Deterministic: the same
 * arguments give the same bytes on every machine.
 *
 * With a second argument "warn": the warning-heavy log instead: about 3% of
 * the lines are WARN log lines (many styles, varied words, identifiers and
 * values, so most are distinct errors), with an error block in 50,000 lines.
 *
 *   cc -O2 -o gen tests/bench/gen.c && ./gen 200 > build/bench/bench.log
 *   ./gen 200 warn > build/bench/warn.log
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rs = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)         /* 0..n-1, xorshift64* */
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return (unsigned)(((rs * 2685821657736338717ull) >> 33) % n);
}

static const char *const words[] = {
	"parser", "config", "network", "storage", "cache", "auth", "session", "index",
	"render", "schema", "worker", "queue", "billing", "report", "upload", "search",
};
static const char *const exts[] = { "c", "cc", "cpp" };

#define W words[rnd(16)]

static unsigned long long lines, bytes;

/* every write counts its bytes (stdout may be a pipe: no ftell) */
#define out(...) (bytes += (unsigned long long)fprintf(stdout, __VA_ARGS__))

static void ordinary(void)
{
	unsigned k = rnd(26), a = rnd(1000), b = rnd(100), c = rnd(60);
	lines++;
	switch (k) {
	case 0: case 1: case 2:
		out("gcc -Wall -Wextra -Werror -O2 -g -Iinclude -Isrc/%s -DNDEBUG -c src/%s/%s_%u.%s -o build/obj/%s_%u.o\n",
		       W, W, W, a, exts[rnd(3)], W, a);
		break;
	case 3: case 4:
		out("[%3u%%] Building CXX object src/%s/CMakeFiles/%s.dir/%s_%u.cpp.o\n", b, W, W, W, a);
		break;
	case 5:
		out("tests/test_%s.py::test_%s_%u PASSED                                 [%3u%%]\n", W, W, a, b);
		break;
	case 6:
		out("test_error_paths_%u ... ok\n", a);
		break;
	case 7:
		out("2026-11-21 10:%02u:%02u,%03u INFO  [main] com.example.%s.Service - processed %u items (0 errors)\n",
		       c, rnd(60), a, W, a * 7);
		break;
	case 8:
		out("2026-11-21T10:%02u:%02u.%03uZ DEBUG %s: request id=%08x took %ums\n", c, rnd(60), a, W,
		       rnd(0x7fffffff), b);
		break;
	case 9:
		if (rnd(16)) {  /* directory changes: about one line in 200 */
			out("  CXX      src/%s/%s_%u.o\n", W, W, a);
			break;
		}
		out("make[2]: Entering directory '/home/ci/build/src/%s'\n", W);
		break;
	case 10:
		if (rnd(16)) {
			out("  CXXLD    lib%s.la\n", W);
			break;
		}
		out("make[2]: Leaving directory '/home/ci/build/src/%s'\n", W);
		break;
	case 11:
		out("ok  \texample.com/project/internal/%s\t0.%03us\n", W, a);
		break;
	case 12:
		out("   Compiling %s-%s v0.%u.%u\n", W, W, b, c);
		break;
	case 13:
		out("Compiled %u files, 0 errors, 0 warnings\n", a);
		break;
	case 14:
		out("./configure --prefix=/usr --max-errors=5 --enable-error-reporting --with-%s\n", W);
		break;
	case 15:
		out("cc -c error_handler.c -o error_handler.o -fdiagnostics-color=never\n");
		break;
	case 16:
		out("PASS: tests/%s_%u_test\n", W, a);
		break;
	case 17:
		out("[INFO] Building jar: /home/ci/build/%s/target/%s-1.%u.jar\n", W, W, b);
		break;
	case 18:
		out("Downloading https://repo.example.com/maven2/org/%s/%s/1.%u/%s-1.%u.pom (%u kB)\n",
		       W, W, b, W, b, a);
		break;
	case 19:
		out("  CC       lib/%s/%s_%u.lo\n", W, W, a);
		break;
	case 20:
		out("ok %u - %s handles empty input\n", a, W);
		break;
	case 21:
		out("  \xe2\x9c\x93 %s renders without errors (%ums)\n", W, b);
		break;
	case 22:
		out("2026-11-21 10:%02u:%02u,%03u - %s - INFO - retrying after error budget check: ok\n",
		       c, rnd(60), a, W);
		break;
	case 23:
		out("Collecting %s-%s==1.%u.%u\n", W, W, b, c);
		break;
	case 24:
		out("[%u/%u] Linking CXX executable bin/%s_%u\n", a, 1000, W, b);
		break;
	default:
		out("    %s_%u.o: %u bytes, checksum %08x\n", W, a, a * 313, rnd(0x7fffffff));
		break;
	}
}

/* a WARN log line in one of several styles; its identifier makes most distinct */
static void warn_line(void)
{
	unsigned a = rnd(1000), b = rnd(60), c = rnd(60);
	char id[8];
	for (int i = 0; i < 5; i++)
		id[i] = (char)('a' + rnd(26));
	id[5] = '\0';
	lines++;
	switch (rnd(5)) {
	case 0:
		out("2026-11-21 10:%02u:%02u,%03u WARN  [%s-worker-%u] com.example.%s.Service - slow %s query %s_%s: %u ms\n",
		    b, c, a, W, rnd(16), W, W, W, id, a * 3);
		break;
	case 1:
		out("2026-11-21T10:%02u:%02u.%03uZ WARN %s: cache key %s.%s evicted after %u hits\n", b, c, a, W, W, id, a);
		break;
	case 2:
		out("time=2026-11-21T10:%02u:%02uZ level=warn msg=\"%s pool %s_%s near limit\" used=%u\n", b, c, W, W, id, a);
		break;
	case 3:
		out("[2026-11-21 10:%02u:%02u] WARN %s.%s: deprecated option --%s-%s, use --%s\n", b, c, W, W, W, id, W);
		break;
	default:
		out("2026-11-21 10:%02u:%02u WARNING %s - retry %u of %s request %s to %s.example.com\n", b, c, W, a % 7, W, id, W);
		break;
	}
}

static void block(unsigned k)
{
	unsigned a = rnd(500) + 1, b = rnd(80) + 1;
	const char *w = W;
	switch (k) {
	case 0:
		out("src/%s/%s.c: In function '%s_init':\n", w, w, w);
		out("src/%s/%s.c:%u:%u: error: '%s_count' undeclared (first use in this function)\n", w, w, a, b, w);
		out("  %u |     return %s_count + 1;\n", a, w);
		out("      |            ^~~~~~~~~~~\n");
		lines += 4;
		break;
	case 1:
		out("src/%s/%s.cpp:%u:%u: warning: unused variable 'tmp%u' [-Wunused-variable]\n", w, w, a, b, a);
		lines++;
		break;
	case 2:
		out("Traceback (most recent call last):\n");
		out("  File \"/home/ci/app/%s/main.py\", line %u, in <module>\n    main()\n", w, a);
		out("  File \"/home/ci/app/%s/models.py\", line %u, in load_%s\n    return row['%s_id']\n", w, b, w, w);
		out("KeyError: '%s_id'\n", w);
		lines += 6;
		break;
	case 3:
		out("FAILED tests/test_%s.py::test_%s_%u - AssertionError: assert %u == %u\n", w, w, a, a, b);
		lines++;
		break;
	case 4:
		out("Exception in thread \"main\" java.lang.IllegalStateException: %s not ready\n", w);
		out("\tat com.example.%s.Service.start(Service.java:%u)\n", w, a);
		out("\tat com.example.App.main(App.java:%u)\n", b);
		out("Caused by: java.io.IOException: connection reset\n");
		out("\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:%u)\n\t... 2 more\n", a);
		lines += 6;
		break;
	case 5:
		out("panic: runtime error: index out of range [%u] with length %u\n\n", a, b);
		out("goroutine 1 [running]:\nmain.%s(...)\n\t/home/ci/go/src/example.com/%s/%s.go:%u\n", w, w, w, a);
		out("main.main()\n\t/home/ci/go/src/example.com/%s/main.go:%u +0x1d\nexit status 2\n", w, b);
		lines += 8;
		break;
	case 6:
		out("error[E0425]: cannot find value `%s_total` in this scope\n", w);
		out("  --> src/%s.rs:%u:%u\n   |\n%u |     let x = %s_total;\n   |             ^^^^^^^^ not found in this scope\n\n",
		       w, a, b, a, w);
		lines += 6;
		break;
	case 7:
		out("thread 'main' panicked at src/%s.rs:%u:%u:\ncalled `Option::unwrap()` on a `None` value\n", w, a, b);
		out("note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n");
		lines += 3;
		break;
	case 8:
		out("/home/ci/app/src/%s.js:%u\n    throw new TypeError('%s is not a function');\n    ^\n\n", w, a, w);
		out("TypeError: %s is not a function\n    at Object.<anonymous> (/home/ci/app/src/%s.js:%u:%u)\n", w, w, a, b);
		out("    at Module._compile (node:internal/modules/cjs/loader:1256:14)\n");
		lines += 7;
		break;
	case 9:
		out("src/%s.ts(%u,%u): error TS2322: Type 'string' is not assignable to type 'number'.\n", w, a, b);
		lines++;
		break;
	case 10:
		out("make[1]: *** [Makefile:%u: build/%s.o] Error 1\n", a, w);
		lines++;
		break;
	case 11:
		out("=================================================================\n");
		out("==%u==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000%03u at pc 0x55d0 bp 0x7ffc sp 0x7ffc\n", a, b);
		out("READ of size 4 at 0x602000000%03u thread T0\n", b);
		out("    #0 0x55d0 in %s_get /home/ci/src/%s.c:%u:%u\n    #1 0x55d1 in main /home/ci/src/main.c:%u:3\n", w, w, a, b, b);
		out("SUMMARY: AddressSanitizer: heap-use-after-free /home/ci/src/%s.c:%u:%u in %s_get\n", w, a, b, w);
		lines += 6;
		break;
	case 12:
		out("2026-11-21 10:%02u:%02u,%03u ERROR [pool-%u-thread-1] com.example.%s.Worker - job %u failed: timeout\n",
		       rnd(60), rnd(60), a, b, w, a);
		lines++;
		break;
	case 13:
		out("/usr/bin/ld: build/obj/%s.o: in function `main':\n%s.c:(.text+0x%x): undefined reference to `%s_open'\n",
		       w, w, a, w);
		out("collect2: error: ld returned 1 exit status\n");
		lines += 3;
		break;
	case 14:
		out("FAILED: src/CMakeFiles/%s.dir/%s.cpp.o\n", w, w);
		lines++;
		break;
	case 15:
		out("./scripts/deploy.sh: line %u: %sctl: command not found\n", a, w);
		lines++;
		break;
	case 16:
		out("src/main/java/com/example/%s.java:%u: error: cannot find symbol\n", w, a);
		out("        %s.run();\n        ^\n  symbol:   variable %s\n", w, w);
		lines += 4;
		break;
	case 17:
		out("--- FAIL: Test%s%u (0.00s)\n    %s_test.go:%u: expected %u, got %u\n", w, a, w, b, a, b);
		lines += 2;
		break;
	case 18:
		out("{\"time\":\"2026-11-21T10:%02u:%02uZ\",\"level\":\"error\",\"msg\":\"%s request failed\",\"status\":%u}\n",
		       rnd(60), rnd(60), w, 500 + rnd(4));
		lines++;
		break;
	case 19:
		out("Use of uninitialized value $%s in concatenation (.) or string at scripts/%s.pl line %u.\n", w, w, a);
		lines++;
		break;
	case 20:
		out("src/%s.c:%u:%u: runtime error: signed integer overflow: 2147483647 + %u cannot be represented in type 'int'\n",
		    w, a, b, b);
		lines++;
		break;
	case 21:
		out("==%u== Invalid read of size 4\n==%u==    at 0x1091A6: %s_get (%s.c:%u)\n==%u==    by 0x1091F0: main (main.c:%u)\n",
		    a, a, w, w, a, a, b);
		out("==%u==  Address 0x4a8d048 is 0 bytes after a block of size 8 alloc'd\n==%u== \n", a, a);
		lines += 5;
		break;
	case 22:
		out("[ERROR] /home/ci/app/src/main/java/com/example/%s/Service.java:[%u,%u] cannot find symbol\n", w, a, b);
		out("[ERROR]   symbol:   variable %sCount\n[ERROR]   location: class com.example.%s.Service\n", w, w);
		lines += 3;
		break;
	case 23:
		out("CMake Error at src/%s/CMakeLists.txt:%u (find_package):\n  Could not find a package configuration file provided by \"%s\"\n\n", w, a, w);
		lines += 3;
		break;
	case 24:
		out("/home/ci/app/src/%s.js\n  %u:%u  error  '%sId' is defined but never used  no-unused-vars\n\n", w, a, b, w);
		lines += 3;
		break;
	case 25:
		out(" FAIL  src/%s.test.js\n  \xe2\x97\x8f %s \xe2\x80\xba renders\n\n    expect(received).toBe(expected)\n\n", w, w);
		out("    Expected: %u\n    Received: %u\n\n      at Object.<anonymous> (src/%s.test.js:%u:%u)\n\n", a, b, w, a, b);
		lines += 10;
		break;
	case 26:
		out("======================================================================\nFAIL: test_%s (tests.test_%s.%sTest.test_%s)\n", w, w, w, w);
		out("----------------------------------------------------------------------\nTraceback (most recent call last):\n");
		out("  File \"/home/ci/app/tests/test_%s.py\", line %u, in test_%s\n    self.assertEqual(%u, %u)\nAssertionError: %u != %u\n\n",
		    w, a, w, a, b, a, b);
		out("----------------------------------------------------------------------\nRan %u tests in 0.0%02us\n\nFAILED (failures=1)\n",
		    b + 1, b);
		lines += 12;
		break;
	default:
		out("e: file:///home/ci/app/src/main/kotlin/%s/App.kt:%u:%u Unresolved reference: %sClient\n", w, a, b, w);
		lines++;
		break;
	}
}

int main(int argc, char **argv)
{
	unsigned long long target = (unsigned long long)(argc > 1 ? atol(argv[1]) : 200) << 20;
	unsigned k = 0;
	static char buf[1 << 20];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	if (argc > 2 && !strcmp(argv[2], "warn")) {
		while (bytes < target) {
			for (int i = 0; i < 50000; i++)
				if (rnd(100) < 3)
					warn_line();
				else
					ordinary();
			block(k++ % 28);
		}
		fprintf(stderr, "gen: %llu lines, %u error blocks\n", lines, k);
		return 0;
	}
	while (bytes < target) {
		for (int i = 0; i < 1000; i++)
			ordinary();
		block(k++ % 28);
	}
	fprintf(stderr, "gen: %llu lines, %u error blocks\n", lines, k);
	return 0;
}
