/*
 * doc_checkstyle.c: Checkstyle XML reports, which many linters write
 * (eslint -f checkstyle, shellcheck -f checkstyle, hadolint -f checkstyle,
 * phpcs --report=checkstyle, stylelint, ktlint, detekt, checkstyle itself):
 * <checkstyle><file name=F><error line column severity message source/>.
 * Read as a stream with libxml2's SAX2 push parser, as doc_junit.c reads
 * JUnit XML: every <error> before a well-formedness error is written.
 *
 * One record per <error>: file the enclosing <file>'s name, line and
 * column from its attributes, level from severity (ec_doc_level: ignore
 * gives no record; none given: error, as Checkstyle's default), type from
 * source with a leading "TOOL.rules." or, when the rest has no dot,
 * "TOOL." removed (eslint.rules.no-undef, ShellCheck.SC2034,
 * detekt.MaxLineLength; phpcs' Generic.Files.LineEndings.InvalidEOLChar
 * and Checkstyle's class names stay whole), message the message without a
 * trailing " (TYPE)".
 */
#include "doc.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <errno.h>
#include <string.h>

#define CHUNK (64u << 10)
#define FMT "checkstyle"

typedef struct {
	ec_ctx *ctx;
	xmlParserCtxtPtr px;
	const char *name;
	int failed, seen_root, stop;
	char *file;             /* the open <file>'s name */
} cs;

/* SAX2 attributes: (localname, prefix, URI, value, end) for each */
static char *attr(const xmlChar **attrs, int n, const char *name)
{
	for (int i = 0; i < n; i++, attrs += 5)
		if (!strcmp((const char *)attrs[0], name))
			return et_xstrndup((const char *)attrs[3], (size_t)(attrs[4] - attrs[3]));
	return NULL;
}

static size_t line_now(const cs *c)
{
	int l = xmlSAX2GetLineNumber(c->px);
	return l > 0 ? (size_t)l : 1;
}

static long num(const char *s)
{
	const char *q = s;
	long v = s ? ec_num(&q, q + strlen(q)) : 0;
	return v > 0 ? v : 0;
}

/* source without its tool prefix (see the top of the file) */
static const char *rule_of(const char *src)
{
	const char *dot = src, *p;
	while (et_isalnum((unsigned char)*dot) || *dot == '-' || *dot == '_')
		dot++;
	if (dot == src || *dot != '.')
		return src;
	if (!strncmp(dot, ".rules.", 7) && dot[7])
		return dot + 7;
	for (p = dot + 1; *p; p++)
		if (*p == '.')
			return src;
	return dot[1] ? dot + 1 : src;
}

static void error_el(cs *c, const xmlChar **attrs, int n)
{
	char *line = attr(attrs, n, "line"), *col = attr(attrs, n, "column");
	char *sev = attr(attrs, n, "severity"), *msg = attr(attrs, n, "message");
	char *src = attr(attrs, n, "source");
	const char *level = sev && *sev ? ec_doc_level(sev) : "error";
	const char *type = src && *src ? rule_of(src) : NULL;
	long l = num(line);
	et_buf b = ET_BUF_INIT;
	cJSON *rec;
	if (level) {
		/* the text: the error as a compiler would print it */
		if (c->file)
			et_buf_addf(&b, "%s:", c->file);
		if (l)
			et_buf_addf(&b, "%ld:", l);
		if (l && num(col))
			et_buf_addf(&b, "%ld:", num(col));
		et_buf_addf(&b, "%s%s: %s", b.len ? " " : "", sev && *sev ? sev : "error",
			    msg ? msg : "");
		if (src && *src)
			et_buf_addf(&b, " [%s]", src);
		rec = ec_doc_rec(c->ctx, b.buf, b.len, line_now(c), FMT);
		ec_set_level(rec, level);
		et_json_set_str(rec, "type", type);
		if (msg)
			et_json_set_strn(rec, "message", msg, ec_doc_msg_len(msg, type));
		if (c->file && *c->file)
			ec_set_location(c->ctx, rec, c->file, strlen(c->file), l, l ? num(col) : 0);
		ec_emit(c->ctx, rec);
	}
	et_buf_release(&b);
	free(line);
	free(col);
	free(sev);
	free(msg);
	free(src);
}

static void on_error(void *arg, xmlErrorPtr err)
{
	cs *c = arg;
	size_t n;
	if (!err || err->level < XML_ERR_ERROR || c->failed)
		return;
	n = err->message ? strlen(err->message) : 0;
	while (n && (err->message[n - 1] == '\n' || err->message[n - 1] == ' '))
		n--;
	c->failed = 1;
	et_warn_at(c->name, err->line > 0 ? (size_t)err->line : line_now(c),
		   "not well-formed Checkstyle XML: %.*s", (int)n, n ? err->message : "error");
}

static void on_start(void *arg, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	cs *c = arg;
	const char *el = (const char *)local;
	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
	if (c->stop)
		return;
	if (!c->seen_root) {
		c->seen_root = 1;
		if (strcmp(el, "checkstyle")) {
			et_warn_at(c->name, line_now(c), "not a Checkstyle report: the root element is <%s>",
				   el);
			c->stop = 1;
			xmlStopParser(c->px);
		}
		return;
	}
	if (!strcmp(el, "file")) {
		free(c->file);
		c->file = attr(attrs, nattrs, "name");
	} else if (!strcmp(el, "error")) {
		error_el(c, attrs, nattrs);
	}
}

static void on_end(void *arg, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	cs *c = arg;
	(void)prefix, (void)uri;
	if (!strcmp((const char *)local, "file")) {
		free(c->file);
		c->file = NULL;
	}
}

void ec_checkstyle_read(ec_ctx *ctx, et_lines *lr, const char *name)
{
	cs c = { .ctx = ctx, .name = name };
	xmlSAXHandler sax;
	char *buf = et_xmalloc(CHUNK);
	long n;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.serror = on_error;
	c.px = xmlCreatePushParserCtxt(&sax, &c, NULL, 0, name);
	if (!c.px)
		et_die("cannot start the XML parser");
	/* no network, no external DTD, no entity expansion (as doc_junit.c) */
	xmlCtxtUseOptions(c.px, XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_BIG_LINES);
	while ((n = et_lines_read(lr, buf, CHUNK)) > 0 && !c.failed && !c.stop)
		xmlParseChunk(c.px, buf, (int)n, 0);
	if (n < 0)
		et_warn_at(name, 0, "read error: %s", strerror(errno));
	else if (!c.failed && !c.stop)
		xmlParseChunk(c.px, NULL, 0, 1);
	if (!c.px->wellFormed && !c.failed && !c.stop)
		et_warn_at(name, line_now(&c), "not well-formed Checkstyle XML");
	if (!c.seen_root && !c.failed && !c.stop)
		et_warn_at(name, line_now(&c), "not a Checkstyle report: no root element");
	xmlFreeParserCtxt(c.px);
	free(buf);
	free(c.file);
}
