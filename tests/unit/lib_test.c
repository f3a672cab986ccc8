/* Unit tests for src/lib. Usage: lib_test [NAME]; prints TAP-like lines. */
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_file.h"
#include "et_hash.h"
#include "et_jw.h"
#include "et_line.h"
#include "et_re.h"
#include "et_rec.h"
#include "et_schema.h"
#include "et_time.h"
#include "et_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	failures++; } } while (0)

static void test_buf(void)
{
	et_buf b = ET_BUF_INIT;
	CHECK(b.buf[0] == '\0' && b.len == 0);
	et_buf_addstr(&b, "abc");
	et_buf_addf(&b, "%d-%s", 42, "x");
	CHECK(!strcmp(b.buf, "abc42-x"));
	for (int i = 0; i < 10000; i++)
		et_buf_addch(&b, 'y');
	CHECK(b.len == 7 + 10000 && b.buf[b.len] == '\0');
	et_buf_reset(&b);
	CHECK(b.len == 0 && b.buf[0] == '\0');
	et_buf_release(&b);
	CHECK(b.buf == et_buf_empty);
}

static void test_utf8(void)
{
	et_buf b = ET_BUF_INIT;
	CHECK(et_utf8_valid("hello, world", 12));
	CHECK(et_utf8_valid("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", 15));
	CHECK(!et_utf8_valid("a\xff" "b", 3));
	CHECK(!et_utf8_valid("a\0b", 3));
	CHECK(!et_utf8_valid("\xc0\xaf", 2));            /* overlong */
	CHECK(!et_utf8_valid("\xed\xa0\x80", 3));        /* surrogate */
	CHECK(!et_utf8_valid("\xe2\x82", 2));            /* cut short */
	et_utf8_sanitize(&b, "a\xff" "b\0c", 5);
	CHECK(!strcmp(b.buf, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c"));
	CHECK(et_utf8_cut("\xe2\x82\xac\xe2\x82\xac", 6, 4) == 3);
	CHECK(et_utf8_cut("abc", 3, 10) == 3);
	char s1[] = "\x1b[1;31merror\x1b[0m: x";
	size_t n = et_utf8_strip_escapes(s1, strlen(s1));
	CHECK(n == 8 && !memcmp(s1, "error: x", 8));
	char s2[] = "10%\r50%\r100% done";
	n = et_utf8_strip_escapes(s2, strlen(s2));
	CHECK(n == 9 && !memcmp(s2, "100% done", 9));
	char s3[] = "\x1b]8;;http://x\x07link\x1b]8;;\x07 ok";
	n = et_utf8_strip_escapes(s3, strlen(s3));
	CHECK(n == 7 && !memcmp(s3, "link ok", 7));
	et_buf_release(&b);
}

static et_lines *lines_of(const char *data, size_t n, char *path)
{
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, data, n) == (ssize_t)n);
	close(fd);
	return et_lines_open(path);
}

static void test_lines(void)
{
	char path[] = "/tmp/et_lines_XXXXXX";
	char *l;
	size_t n;
	et_lines *lr = lines_of("one\r\ntwo\n\nth\0ree\nlast", 21, path);
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 3 && !strcmp(l, "one"));
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 3 && !strcmp(l, "two"));
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 0);
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 6 && !memcmp(l, "th\0ree", 6));
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 4 && !strcmp(l, "last"));
	CHECK(et_lines_lineno(lr) == 5);
	CHECK(et_lines_next(lr, &l, &n) == 0);
	et_lines_close(lr);
	unlink(path);

	/* a 3 MB line between two short ones, with a 1000-byte limit */
	size_t big = 3u << 20;
	char *data = malloc(big + 20);
	memcpy(data, "a\n", 2);
	memset(data + 2, 'x', big);
	memcpy(data + 2 + big, "\nb\n", 3);
	char path2[] = "/tmp/et_lines_XXXXXX";
	lr = lines_of(data, big + 5, path2);
	et_lines_set_max(lr, 1000);
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 1 && !et_lines_truncated(lr));
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 1000 && et_lines_truncated(lr) && l[999] == 'x');
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == 1 && l[0] == 'b' && !et_lines_truncated(lr));
	CHECK(et_lines_next(lr, &l, &n) == 0);
	et_lines_close(lr);
	/* without a limit the whole line arrives */
	lr = et_lines_open(path2);
	CHECK(et_lines_next(lr, &l, &n) == 1);
	CHECK(et_lines_next(lr, &l, &n) == 1 && n == big);
	et_lines_close(lr);
	unlink(path2);
	free(data);
}

static void test_runs(void)
{
	char path[] = "/tmp/et_runs_XXXXXX";
	char *r;
	size_t n, big = 3u << 20;      /* larger than the reader's buffer */
	et_buf all = ET_BUF_INIT;
	char *data = malloc(big + 32);
	memcpy(data, "a\r\nb\n", 5);
	memset(data + 5, 'x', big);
	memcpy(data + 5 + big, "\nc\nlast", 8);
	et_lines *lr = lines_of(data, big + 12, path);
	et_lines_set_max(lr, 100);
	while (et_lines_next_run(lr, &r, &n) == 1) {
		CHECK(n > 0 && r[n - 1] == '\n');
		et_buf_add(&all, r, n);
	}
	/* CRLF left alone, the long line cut (to 100 bytes here), a newline added at the end */
	CHECK(all.len == 5 + 101 + 2 + 5);
	CHECK(!memcmp(all.buf, "a\r\nb\nxxx", 8));
	CHECK(!memcmp(all.buf + 5 + 100, "\nc\nlast\n", 8));
	et_lines_close(lr);
	unlink(path);
	free(data);
	et_buf_release(&all);
}

static void test_rec(void)
{
	et_buf out = ET_BUF_INIT;
	cJSON *o = cJSON_CreateObject();
	et_json_set_str(o, "message", "bad \xff byte");
	et_json_set_num(o, "line", 12);
	et_json_set_str(o, "message", "replaced");
	et_json_set_strn(o, "text", "a\0b", 3);
	et_rec_print(&out, o);
	CHECK(!strcmp(out.buf, "{\"message\":\"replaced\",\"line\":12,\"text\":\"a\xef\xbf\xbd" "b\"}"));
	CHECK(!strcmp(et_json_str(o, "text"), "a\xef\xbf\xbd" "b"));
	CHECK(et_json_num(o, "line", 0) == 12);
	CHECK(et_json_str(o, "nope") == NULL);
	cJSON_Delete(o);
	/* a record read with invalid bytes prints as valid UTF-8 */
	o = cJSON_Parse("{\"m\":\"x\xfe y\"}");
	CHECK(o != NULL);
	et_rec_print(&out, o);
	CHECK(et_utf8_valid(out.buf, out.len));
	cJSON_Delete(o);
	et_buf_release(&out);
}

/* et_jw prints what cJSON prints (made valid UTF-8), and streams the same */
static void test_jw(void)
{
	static const char *const docs[] = {
		"{\"a\":\"x\\n\\t\\u0001\\\"\\\\/\",\"b\":1.5e300,\"c\":-0.0,\"d\":3000000000,"
		"\"e\":0.1,\"f\":[],\"g\":{},\"h\":true,\"i\":false,\"j\":null,\"k\":-7,"
		"\"l\":[1,[2,{\"m\":\"\\u00e9\\u20ac\"}]],\"n\":123456789012345678,\"o\":1e-7}",
		"[]", "{}", "\"\"", "2147483647", "-2147483648", "2147483648", "3.141592653589793", "999999999999999", "1e15", "-1e16", "[-0.0,0,1e21,2.5e-5]",
	};
	et_buf out = ET_BUF_INIT;
	et_jw w;
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		cJSON *o = cJSON_Parse(docs[i]);
		char *ref = cJSON_PrintUnformatted(o);
		CHECK(o && ref);
		et_buf_reset(&out);
		et_jw_start(&w, &out);
		et_jw_cjson(&w, o);
		CHECK(!strcmp(out.buf, ref));
		if (strcmp(out.buf, ref))
			fprintf(stderr, "  et_jw: %s\n  cJSON: %s\n", out.buf, ref);
		free(ref);
		cJSON_Delete(o);
	}
	/* invalid bytes and NUL become U+FFFD, in keys too */
	et_buf_reset(&out);
	et_jw_start(&w, &out);
	et_jw_object(&w);
	et_jw_key(&w, "k\xff");
	et_jw_strn(&w, "a\0b\xc3", 4);
	et_jw_key(&w, "n");
	et_jw_array(&w);
	et_jw_int(&w, -12);
	et_jw_num(&w, 2.5);
	et_jw_num(&w, 40);
	et_jw_str(&w, NULL);
	et_jw_bool(&w, 1);
	et_jw_raw(&w, "{\"r\":1}", 7);
	et_jw_array_end(&w);
	et_jw_key(&w, "e");
	et_jw_object(&w);
	et_jw_object_end(&w);
	et_jw_object_end(&w);
	CHECK(!strcmp(out.buf, "{\"k\xef\xbf\xbd\":\"a\xef\xbf\xbd" "b\xef\xbf\xbd\","
			       "\"n\":[-12,2.5,40,null,true,{\"r\":1}],\"e\":{}}"));
	CHECK(et_utf8_valid(out.buf, out.len));
	et_buf_release(&out);
}

static void test_reader(void)
{
	char path[] = "/tmp/et_rec_XXXXXX";
	const char data[] = "{\"a\":1}\r\n\n  {\"b\":2}  \n{\"c\":3} junk\n[1]\n{\"d\":4}";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, data, sizeof data - 1) == (ssize_t)(sizeof data - 1));
	close(fd);
	et_rec_reader *rr = et_rec_open(path);
	cJSON *r;
	size_t n, got = 0;
	const char *want[] = { "a", "b", "d" };
	fprintf(stderr, "(two lines are rejected on purpose:)\n");
	while ((r = et_rec_next(rr))) {
		CHECK(got < 3 && cJSON_GetObjectItem(r, want[got]) != NULL);
		if (got == 1)
			CHECK(!memcmp(et_rec_line(rr, &n), "{\"b\":2}", 7) && n == 7);
		got++;
		cJSON_Delete(r);
	}
	CHECK(got == 3);
	CHECK(et_rec_bad_lines(rr) == 2);       /* text after an object, an array */
	et_rec_close(rr);
	unlink(path);
	et_trouble = 0;
}

static void test_time(void)
{
	double t;
	char out[32];
	CHECK(et_time_parse("2026-11-21T20:48:44Z", &t, NULL) == 0 && t == 1795294124.0);
	CHECK(et_time_parse("2026-11-21 22:48:44+02:00", &t, NULL) == 0 && t == 1795294124.0);
	CHECK(et_time_parse("2026-11-21T20:48:44.250Z", &t, NULL) == 0);
	et_time_format(t, out);
	CHECK(!strcmp(out, "2026-11-21T20:48:44.250Z"));
	et_time_format(1795294124.0, out);
	CHECK(!strcmp(out, "2026-11-21T20:48:44Z"));
	CHECK(et_time_parse("yesterday", &t, NULL) == -1);
	CHECK(et_time_parse("2026-13-01", &t, NULL) == -1);
	/* the calendar arithmetic agrees with the C library's on the edges */
	static const char *const edges[] = {
		"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2000-02-29T12:00:00Z",
		"2024-02-29T23:59:59Z", "2100-03-01T00:00:00Z", "1900-01-01T00:00:00Z",
	};
	for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
		struct tm tm;
		char day[16], hour[16], want[16];
		CHECK(et_time_parse(edges[i], &t, NULL) == 0);
		et_time_format(t, out);
		CHECK(!strcmp(out, edges[i]));
		time_t s = (time_t)t;
		gmtime_r(&s, &tm);
		et_time_day(t, day);
		strftime(want, sizeof want, "%Y-%m-%d", &tm);
		CHECK(!strcmp(day, want));
		et_time_hour(t, hour);
		strftime(want, sizeof want, "%Y-%m-%dT%H", &tm);
		CHECK(!strcmp(hour, want));
	}
	/* a time inside a longer text, by length */
	CHECK(et_time_parsen("2026-11-21T20:48:44Zjunk", 20, &t) == 0 && t == 1795294124.0);
	CHECK(et_time_parsen("2026-11", 7, &t) == -1);
}

static void test_hash(void)
{
	char hex[17];
	et_hash_hex(et_hash64("abc", 3), hex);
	CHECK(strlen(hex) == 16);
	CHECK(et_hash64("abc", 3) == 0x78af5f94892f3950ULL);   /* XXH3-64 of "abc" */
	et_hasher *h = et_hasher_new();
	et_hasher_add(h, "ab", 2);
	et_hasher_add(h, "c", 1);
	CHECK(et_hasher_digest(h) == et_hash64("abc", 3));
	et_hasher_free(h);
}

static void test_re(void)
{
	char err[128];
	size_t off, ov[4];
	et_re *re = et_re_compile("err(or)?", 8, 0, err, sizeof err, &off);
	CHECK(re != NULL);
	CHECK(et_re_match(re, "an error here", 13, ov, 2) == 1 && ov[0] == 3 && ov[1] == 8);
	CHECK(et_re_match(re, "\xff\xfe err", 7, NULL, 0) == 1);   /* invalid UTF-8 subject */
	CHECK(et_re_match(re, "nothing", 7, NULL, 0) == 0);
	et_re_free(re);
	re = et_re_compile("(a+)+$", 6, 0, err, sizeof err, &off);
	char subj[64];
	memset(subj, 'a', 40);
	subj[40] = 'b';
	CHECK(et_re_match(re, subj, 41, NULL, 0) == -1);        /* limit hit, no hang */
	et_re_free(re);
	CHECK(et_re_compile("(unclosed", 9, 0, err, sizeof err, &off) == NULL && off == 9);
}

static void test_file(void)
{
	char dir[] = "/tmp/et_file_XXXXXX";
	char path[64];
	et_buf b = ET_BUF_INIT;
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/f.md", dir);
	CHECK(et_file_replace(path, "one\n", 4) == 0);
	CHECK(et_file_replace(path, "two\n", 4) == 0);
	CHECK(et_file_read(path, &b) == 0 && !strcmp(b.buf, "two\n"));
	/* a relative link is taken from its own directory; the link stays */
	char link[80], *t;
	snprintf(link, sizeof link, "%s/l.md", dir);
	CHECK(symlink("f.md", link) == 0);
	t = et_file_target(link);
	CHECK(t && !strcmp(t, path));
	free(t);
	CHECK(et_file_write(link, "three\n", 6) == 0);
	et_buf_reset(&b);
	CHECK(et_file_read(path, &b) == 0 && !strcmp(b.buf, "three\n"));
	t = et_file_target("no/such/file");
	CHECK(t && !strcmp(t, "no/such/file"));
	free(t);
	/* locks in one directory from one process share one flock */
	int l1 = et_file_lock(path), l2 = et_file_lock(link);
	CHECK(l1 >= 0 && l2 == l1);
	et_file_unlock(l2);
	et_file_unlock(l1);
	unlink(link);
	unlink(path);
	rmdir(dir);
	et_buf_release(&b);
}

static void test_ctype(void)
{
	int letters = 0, digits = 0, spaces = 0;
	for (int c = 0; c < 256; c++) {
		letters += !!et_isalpha(c);
		digits += !!et_isdigit(c);
		spaces += !!et_isspace(c);
		if (c >= 0x80)
			CHECK(!et_isalnum(c) && !et_isspace(c) && !et_ispunct(c) &&
			      et_tolower(c) == c && et_toupper(c) == c);
	}
	CHECK(letters == 52 && digits == 10 && spaces == 6);
	CHECK(et_isxdigit('f') && et_isxdigit('F') && !et_isxdigit('g'));
	CHECK(et_isalpha((char)'z') && !et_isalpha((char)0xe9) && !et_isalpha(-1));
	CHECK(et_tolower('Q') == 'q' && et_toupper('q') == 'Q');
	CHECK(et_strcasecmp("Error", "eRROR") == 0 && et_strcasecmp("a", "b") < 0);
	CHECK(et_strncasecmp("WARNING: x", "warning: y", 9) == 0);
	CHECK(et_strcasecmp("\xc9", "\xe9") != 0);       /* É and é differ: not ASCII */
}

/* ---- messages that quote input (et_utf8_excerpt, et_vformat_safe); the schema ---- */

static int excerpt_is(const char *in, size_t n, size_t max, const char *want)
{
	et_buf b = ET_BUF_INIT;
	int ok;
	et_utf8_excerpt(&b, in, n, max);
	ok = !strcmp(b.buf, want) && et_utf8_valid(b.buf, b.len);
	if (!ok)
		fprintf(stderr, "excerpt: got '%s', want '%s'\n", b.buf, want);
	et_buf_release(&b);
	return ok;
}

static void test_excerpt(void)
{
	CHECK(excerpt_is("plain text", 10, 60, "plain text"));
	/* an OSC title sequence ending in BEL, and a CSI colour */
	CHECK(excerpt_is("a\033]0;pwned\007b", 12, 60, "a\\033]0;pwned\\ab"));
	CHECK(excerpt_is("\033[31mred\033[0m", 12, 60, "\\033[31mred\\033[0m"));
	CHECK(excerpt_is("t\tn\nr\rv\vf\fb\b", 12, 60, "t\\tn\\nr\\rv\\vf\\fb\\b"));
	CHECK(excerpt_is("del\177 \001", 6, 60, "del\\177 \\001"));
	/* C1 CSI (U+009B) and a right-to-left override (U+202E) */
	CHECK(excerpt_is("x\xc2\x9by", 4, 60, "x\\u009by"));
	CHECK(excerpt_is("\xe2\x80\xae" "evil", 7, 60, "\\u202eevil"));
	/* invalid UTF-8 and NUL become U+FFFD; other text is kept */
	CHECK(excerpt_is("a\xff" "b", 3, 60, "a\xef\xbf\xbd" "b"));
	CHECK(excerpt_is("a\0b", 3, 60, "a\xef\xbf\xbd" "b"));
	CHECK(excerpt_is("caf\xc3\xa9 \xe2\x82\xac", 9, 60, "caf\xc3\xa9 \xe2\x82\xac"));
	/* cut at max bytes, never inside a character */
	CHECK(excerpt_is("abcdef", 6, 3, "abc..."));
	CHECK(excerpt_is("\xe2\x82\xac\xe2\x82\xac", 6, 4, "\xe2\x82\xac..."));
}

static void fmt(et_buf *b, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void fmt(et_buf *b, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	et_vformat_safe(b, f, ap);
	va_end(ap);
}

static void test_format(void)
{
	et_buf b = ET_BUF_INIT;
	char big[3000];
	fmt(&b, "%s: bad '%s'", "in.log", "\033]2;x\007");
	CHECK(!strcmp(b.buf, "in.log: bad '\\033]2;x\\a'"));
	/* longer than the first buffer */
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[1500] = '\033';
	et_buf_reset(&b);
	fmt(&b, "<%s>", big);
	CHECK(b.len == sizeof big - 1 + 2 + 3 && !strstr(b.buf, "\033"));
	et_buf_release(&b);
}

static void test_schema(void)
{
	const char *const *f = et_schema_fields();
	size_t n = 0;
	while (f[n])
		n++;
	CHECK(n > 30 && !strcmp(f[0], "level"));
	CHECK(et_schema_known("severity") && et_schema_known("fingerprint") && !et_schema_known("serverity"));
	CHECK(!strcmp(et_schema_writer("category"), "errcat"));
	CHECK(!strcmp(et_schema_writer("status"), "errhash --db"));
	CHECK(et_schema_values("message") == NULL);
	CHECK(!strcmp(et_schema_values("severity")[0], "critical"));
	CHECK(!strcmp(et_schema_values("level")[2], "warning") && !strcmp(et_schema_values("level")[3], "info") &&
	      !et_schema_values("level")[4]);
	/* a letter wrong, missing, extra, two swapped; case; nothing near */
	CHECK(!strcmp(et_schema_suggest("serverity", f), "severity"));
	CHECK(!strcmp(et_schema_suggest("categroy", f), "category"));
	CHECK(!strcmp(et_schema_suggest("fingerprnt", f), "fingerprint"));
	CHECK(!strcmp(et_schema_suggest("High", et_schema_values("severity")), "high"));
	CHECK(et_schema_suggest("host", f) == NULL);
	CHECK(et_schema_suggest("x", f) == NULL);
	/* errcap's record: the fields it always holds, in their order, a subset of the documented */
	const char *const *r = et_schema_record_fields();
	CHECK(!strcmp(r[0], "level") && !strcmp(r[9], "format") && !strcmp(r[13], "time") && !r[14]);
	for (size_t i = 0; r[i]; i++)
		CHECK(et_schema_known(r[i]));
	/* closed values in their order; the level a record without a severity is ranked by */
	CHECK(et_schema_rank("severity", "critical") == ET_SEV_CRITICAL);
	CHECK(et_schema_rank("severity", "low") == ET_SEV_LOW && et_schema_rank("severity", "urgent") == -1);
	CHECK(et_schema_rank("level", "warning") == ET_LEVEL_WARNING && et_schema_rank("message", "x") == -1);
	CHECK(et_severity_of_level("fatal") == ET_SEV_HIGH && et_severity_of_level("warning") == ET_SEV_LOW);
	CHECK(et_severity_of_level("error") == ET_SEV_MEDIUM && et_severity_of_level(NULL) == ET_SEV_MEDIUM);
	/* built-in formats: each named once, described, an alias naming its parser */
	size_t nf = 0;
	for (const et_format *a = et_formats; a->name; a++, nf++) {
		CHECK(a->desc && *a->desc && et_schema_format(a->name) == a);
		CHECK(a->kind != ET_FMT_ALSO || (et_schema_format(a->by) && et_schema_format(a->by)->kind == ET_FMT_PARSER));
	}
	CHECK(nf > 40 && et_schema_format("clang")->kind == ET_FMT_ALSO && et_schema_format("junit")->kind == ET_FMT_DOC);
	CHECK(et_schema_format("flake8") == NULL);      /* a format file's, not built in */
}

static const struct { const char *name; void (*fn)(void); } tests[] = {
	{ "buf", test_buf }, { "utf8", test_utf8 }, { "lines", test_lines }, { "runs", test_runs },
	{ "rec", test_rec }, { "jw", test_jw }, { "reader", test_reader }, { "time", test_time }, { "hash", test_hash },
	{ "re", test_re }, { "file", test_file }, { "ctype", test_ctype }, { "excerpt", test_excerpt },
	{ "format", test_format }, { "schema", test_schema },
};

int main(int argc, char **argv)
{
	int ran = 0;
	et_cli_init("lib_test");
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (argc > 1 && strcmp(argv[1], tests[i].name))
			continue;
		int before = failures;
		tests[i].fn();
		printf("%s %s\n", failures == before ? "ok" : "FAIL", tests[i].name);
		ran++;
	}
	if (!ran) {
		fprintf(stderr, "lib_test: no test named %s\n", argc > 1 ? argv[1] : "");
		return 2;
	}
	return failures ? 1 : 0;
}
