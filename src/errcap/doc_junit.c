/*
 * doc_junit.c: JUnit XML test reports, read as a stream with libxml2's
 * SAX2 push parser: no tree is built, the input goes in 64 KiB chunks, so
 * memory holds one test case, not the report; events arrive in document
 * order up to the point of a well-formedness error, so every test case
 * before it is written.
 *
 * One record per <testcase> holding a <failure> or <error> (the first of
 * them): test from classname and name, type and message from the
 * element's attributes, file and line from the test case's. The failure's
 * text (or, when it has none, as ctest writes it, the test case's
 * system-out and system-err) is parsed by the line parsers in a context of
 * its own; what they find (type, message, location, frames, causes, and
 * the format) wins over the attributes. pytest's failure text is the body
 * of its failure section, so it is parsed under that section's header.
 */
#include "doc.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_rec.h"
#include "et_utf8.h"

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <errno.h>
#include <string.h>

/* the most of a test case's system-out/err, and of a failure's text, kept */
#define OUT_MAX (1u << 20)
#define FAIL_MAX (4u << 20)
#define CHUNK (64u << 10)
#define SUITE_DEPTH 64

typedef struct {
	ec_ctx *ctx, *sub;
	xmlParserCtxtPtr px;
	int depth;
	const char *name;
	int failed;             /* reported a parse error */
	int seen_root, stop;
	/* enclosing suites' names */
	char *suite[SUITE_DEPTH];
	int nsuite;
	/* the open test case */
	int in_case, case_failed;
	char *c_name, *c_class, *c_file, *c_line;
	char *f_type, *f_msg;
	size_t f_lineno, out_lineno;
	int collect;            /* 0 none, 1 failure text, 2 system-out/err */
	int collect_depth;
	et_buf f_text, out_text;
	/* records of the sub context */
	cJSON *best;
} junit;

/* SAX2 attributes: (localname, prefix, URI, value, end) for each */
static char *attr(const xmlChar **attrs, int n, const char *name)
{
	for (int i = 0; i < n; i++, attrs += 5)
		if (!strcmp((const char *)attrs[0], name))
			return et_xstrndup((const char *)attrs[3], (size_t)(attrs[4] - attrs[3]));
	return NULL;
}

static size_t line_now(const junit *j)
{
	int l = xmlSAX2GetLineNumber(j->px);
	return l > 0 ? (size_t)l : 1;
}

static void case_reset(junit *j)
{
	free(j->c_name);
	free(j->c_class);
	free(j->c_file);
	free(j->c_line);
	free(j->f_type);
	free(j->f_msg);
	j->c_name = j->c_class = j->c_file = j->c_line = j->f_type = j->f_msg = NULL;
	et_buf_reset(&j->f_text);
	et_buf_reset(&j->out_text);
	j->in_case = j->case_failed = 0;
	j->collect = 0;
}

/* the sub context's records: keep the first, or the first with frames */
static void sink(void *arg, cJSON *rec)
{
	junit *j = arg;
	const char *fmt = et_json_str(rec, "format");
	if (fmt && !strcmp(fmt, "diagnostic")) {
		/* the location finder's guess says no more than the report's own message */
		cJSON_Delete(rec);
		return;
	}
	if (!j->best || (!cJSON_IsArray(et_json_get(j->best, "frames")) &&
			 cJSON_IsArray(et_json_get(rec, "frames")))) {
		cJSON_Delete(j->best);
		j->best = rec;
		return;
	}
	cJSON_Delete(rec);
}

/* Runs text through the line parsers; j->best is what they found, or NULL. */
static void analyse(junit *j, const char *text, size_t len, size_t lineno, int pytest)
{
	et_buf b = ET_BUF_INIT;
	size_t no = lineno > 1 ? lineno - 1 : 0;
	cJSON_Delete(j->best);
	j->best = NULL;
	if (pytest) {
		et_buf_addf(&b, "____ %s ____\n", j->c_name ? j->c_name : "test");
		if (no)
			no--;
	}
	et_buf_add(&b, text, len);
	et_buf_addch(&b, '\n');
	et_utf8_strip_escapes(b.buf, b.len);
	b.len = strlen(b.buf);
	ec_begin_input(j->sub, j->name);
	ec_feed_buf(j->sub, b.buf, b.len, &no, 0);
	ec_flush(j->sub);
	et_buf_release(&b);
}

/* classname.name, unless name already starts with the class (jest-junit) */
static void set_test(cJSON *rec, const char *cls, const char *name)
{
	et_buf b = ET_BUF_INIT;
	size_t n = cls ? strlen(cls) : 0;
	if (n && (!name || strncmp(name, cls, n) || (name[n] && name[n] != ' ' && name[n] != '.'))) {
		et_buf_addstr(&b, cls);
		if (name)
			et_buf_addch(&b, '.');
	}
	if (name)
		et_buf_addstr(&b, name);
	if (b.len)
		et_json_set_str(rec, "test", b.buf);
	et_buf_release(&b);
}

static void copy_field(cJSON *to, const cJSON *from, const char *key)
{
	const cJSON *v = et_json_get(from, key);
	if (v && !cJSON_IsNull(v))
		et_json_set(to, key, cJSON_Duplicate(v, 1));
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

static void emit_case(junit *j)
{
	int use_fail = !blank(j->f_text.buf, j->f_text.len);
	const et_buf *t = use_fail ? &j->f_text : &j->out_text;
	size_t tline = use_fail ? j->f_lineno : j->out_lineno;
	const char *suite = j->nsuite ? j->suite[j->nsuite - 1] : NULL;
	int pytest = suite && !strcmp(suite, "pytest") && use_fail;
	et_buf first = ET_BUF_INIT;
	cJSON *rec;
	const char *msg = j->f_msg, *p = t->buf, *e = t->buf + t->len;

	/* the text without blank lines around it */
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		if (!nl || !blank(p, (size_t)(nl - p)))
			break;
		p = nl + 1;
		tline++;
	}
	while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e > p)
		analyse(j, p, (size_t)(e - p), tline, pytest);
	if (e > p)
		rec = ec_doc_rec(j->ctx, p, (size_t)(e - p), tline, "junit");
	else
		rec = ec_doc_rec(j->ctx, msg ? msg : "", msg ? strlen(msg) : 0, j->f_lineno, "junit");
	ec_set_level(rec, "error");
	if (!msg || !*msg) {
		/* the text's first line */
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		et_buf_add(&first, p, (size_t)((nl ? nl : e) - p));
		msg = first.buf;
	}
	if (j->best && (et_json_str(j->best, "type") || et_json_str(j->best, "message"))) {
		copy_field(rec, j->best, "type");
		copy_field(rec, j->best, "message");
	} else {
		et_json_set_str(rec, "type", j->f_type && *j->f_type ? j->f_type : NULL);
		et_json_set_str(rec, "message", msg);
	}
	if (j->best && et_json_str(j->best, "file")) {
		static const char *const loc[] = { "file", "line", "column", "function" };
		for (size_t i = 0; i < sizeof loc / sizeof *loc; i++)
			copy_field(rec, j->best, loc[i]);
	} else if (j->c_file) {
		const char *q = j->c_line;
		long line = q ? ec_num(&q, q + strlen(q)) : 0;
		ec_set_location(j->ctx, rec, j->c_file, strlen(j->c_file), line > 0 ? line : 0, 0);
	}
	if (j->best) {
		copy_field(rec, j->best, "frames");
		copy_field(rec, j->best, "causes");
		copy_field(rec, j->best, "format");
	}
	set_test(rec, j->c_class ? j->c_class : suite, j->c_name);
	ec_emit(j->ctx, rec);
	cJSON_Delete(j->best);
	j->best = NULL;
	et_buf_release(&first);
}

static void on_error(void *arg, xmlErrorPtr err)
{
	junit *j = arg;
	size_t n;
	if (!err || err->level < XML_ERR_ERROR || j->failed)
		return;
	n = err->message ? strlen(err->message) : 0;
	while (n && (err->message[n - 1] == '\n' || err->message[n - 1] == ' '))
		n--;
	j->failed = 1;
	et_warn_at(j->name, err->line > 0 ? (size_t)err->line : line_now(j),
		   "not well-formed JUnit XML: %.*s", (int)n, n ? err->message : "error");
}

static void on_start(void *arg, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	junit *j = arg;
	const char *el = (const char *)local;
	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
	j->depth++;
	if (j->stop)
		return;
	if (!j->seen_root) {
		j->seen_root = 1;
		if (strcmp(el, "testsuites") && strcmp(el, "testsuite")) {
			et_warn_at(j->name, line_now(j), "not a JUnit report: the root element is <%s>", el);
			j->stop = 1;
			xmlStopParser(j->px);
			return;
		}
	}
	if (!strcmp(el, "testsuite") || !strcmp(el, "testsuites")) {
		if (j->nsuite < SUITE_DEPTH)
			j->suite[j->nsuite] = attr(attrs, nattrs, "name");
		j->nsuite++;
		return;
	}
	if (!strcmp(el, "testcase")) {
		case_reset(j);
		j->in_case = 1;
		j->c_name = attr(attrs, nattrs, "name");
		j->c_class = attr(attrs, nattrs, "classname");
		j->c_file = attr(attrs, nattrs, "file");
		j->c_line = attr(attrs, nattrs, "line");
		return;
	}
	if (!j->in_case || j->collect)
		return;
	if ((!strcmp(el, "failure") || !strcmp(el, "error")) && !j->case_failed) {
		j->case_failed = 1;
		j->f_type = attr(attrs, nattrs, "type");
		j->f_msg = attr(attrs, nattrs, "message");
		j->f_lineno = line_now(j);
		j->collect = 1;
		j->collect_depth = j->depth;
		return;
	}
	if (!strcmp(el, "system-out") || !strcmp(el, "system-err")) {
		if (!j->out_text.len)
			j->out_lineno = line_now(j);
		else
			et_buf_addch(&j->out_text, '\n');
		j->collect = 2;
		j->collect_depth = j->depth;
	}
}

static void on_end(void *arg, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	junit *j = arg;
	const char *el = (const char *)local;
	int depth = j->depth--;
	(void)prefix, (void)uri;
	if (j->stop)
		return;
	if (j->collect && depth == j->collect_depth) {
		j->collect = 0;
		return;
	}
	if (!strcmp(el, "testsuite") || !strcmp(el, "testsuites")) {
		if (j->nsuite > 0 && j->nsuite <= SUITE_DEPTH)
			free(j->suite[j->nsuite - 1]);
		if (j->nsuite > 0)
			j->nsuite--;
		return;
	}
	if (!strcmp(el, "testcase") && j->in_case) {
		if (j->case_failed)
			emit_case(j);
		case_reset(j);
	}
}

static void on_text(void *arg, const xmlChar *ch, int len)
{
	junit *j = arg;
	et_buf *b = j->collect == 1 ? &j->f_text : &j->out_text;
	size_t max = j->collect == 1 ? FAIL_MAX : OUT_MAX, n = (size_t)len;
	if (!j->collect || j->stop)
		return;
	if (b->len + n > max)
		n = b->len < max ? et_utf8_cut((const char *)ch, n, max - b->len) : 0;
	et_buf_add(b, ch, n);
}

void ec_junit_read(ec_ctx *ctx, const ec_options *opt, et_lines *lr, const char *name)
{
	junit j = { .ctx = ctx, .name = name };
	ec_options so = *opt;
	xmlSAXHandler sax;
	char *buf = et_xmalloc(CHUNK);
	long n;

	so.context = 0;
	j.sub = ec_ctx_new(&so);
	ec_set_sink(j.sub, sink, &j);
	et_buf_init(&j.f_text, 0);
	et_buf_init(&j.out_text, 0);
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.ignorableWhitespace = on_text;
	sax.serror = on_error;
	j.px = xmlCreatePushParserCtxt(&sax, &j, NULL, 0, name);
	if (!j.px)
		et_die("cannot start the XML parser");
	/*
	 * No network, no external DTD, no entity expansion (the handler has
	 * no entity callbacks: only the predefined ones and character
	 * references are read); text nodes of any size.
	 */
	xmlCtxtUseOptions(j.px, XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_BIG_LINES);
	while ((n = et_lines_read(lr, buf, CHUNK)) > 0 && !j.failed && !j.stop)
		xmlParseChunk(j.px, buf, (int)n, 0);
	if (n < 0)
		et_warn_at(name, 0, "read error: %s", strerror(errno));
	else if (!j.failed && !j.stop)
		xmlParseChunk(j.px, NULL, 0, 1);
	if (!j.px->wellFormed && !j.failed && !j.stop)
		et_warn_at(name, line_now(&j), "not well-formed JUnit XML");
	if (!j.seen_root && !j.failed && !j.stop)
		et_warn_at(name, line_now(&j), "not a JUnit report: no root element");
	xmlFreeParserCtxt(j.px);
	free(buf);
	case_reset(&j);
	for (int i = 0; i < j.nsuite && i < SUITE_DEPTH; i++)
		free(j.suite[i]);
	et_buf_release(&j.f_text);
	et_buf_release(&j.out_text);
	cJSON_Delete(j.best);
	ec_ctx_free(j.sub);
}
