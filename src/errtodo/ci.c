/* ci.c: the errors behind errtodo's CI formats (see ci.h). */
#include "ci.h"
#include "et_cli.h"
#include "et_file.h"
#include "et_rec.h"
#include "et_utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the CI formats: the name --format takes, and what renders it */
static const struct {
	const char *name;
	void (*render)(et_buf *, const ci_list *);
} formats[] = {
	{ "github", ci_out_github },
	{ "sarif", ci_out_sarif },
	{ "codequality", ci_out_codequality },
	{ "junit", ci_out_junit },
};
#define NFORMATS (sizeof formats / sizeof *formats)

int ci_format(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (!strcmp(name, formats[i].name))
			return (int)i;
	return -1;
}

const char *ci_format_names(void)
{
	static char names[128];
	if (!names[0])
		for (size_t i = 0; i < NFORMATS; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
				 i ? ", " : "", formats[i].name);
	return names;
}

/* ---- paths ---- */

/* Resolves "." and ".." of an absolute path in place ("/" stays "/"). */
static void normalize(char *p)
{
	char *out = p, *in = p;
	while (*in) {
		char *seg;
		size_t n;
		while (*in == '/')
			in++;
		seg = in;
		while (*in && *in != '/')
			in++;
		n = (size_t)(in - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, seg, n);
		out += n;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

static char *absolute(const char *cwd, const char *path)
{
	et_buf b = ET_BUF_INIT;
	if (path[0] != '/') {
		et_buf_addstr(&b, cwd);
		et_buf_addch(&b, '/');
	}
	et_buf_addstr(&b, path);
	normalize(b.buf);
	b.len = strlen(b.buf);
	return et_buf_detach(&b, NULL);
}

char *ci_relpath(const char *root, const char *cwd, const char *path)
{
	char *abs, *r;
	size_t rn = strlen(root);
	const char *rest = NULL;
	/* URIs and Windows paths are not ours to rewrite */
	if (!*path || strstr(path, "://") || (path[0] && path[1] == ':') || strchr(path, '\\'))
		return et_xstrdup(path);
	abs = absolute(cwd, path);
	if (!strcmp(root, "/"))
		rest = abs[1] ? abs + 1 : ".";
	else if (!strncmp(abs, root, rn) && abs[rn] == '/')
		rest = abs + rn + 1;
	else if (!strcmp(abs, root))
		rest = ".";
	r = et_xstrdup(rest ? rest : path);
	free(abs);
	return r;
}

/* The git top level around dir (a ".git" directory or file), or NULL. */
static char *git_top(const char *dir)
{
	char *d = et_xstrdup(dir);
	et_buf b = ET_BUF_INIT;
	struct stat st;
	for (;;) {
		et_buf_reset(&b);
		et_buf_addf(&b, "%s/.git", strcmp(d, "/") ? d : "");
		if (lstat(b.buf, &st) == 0) {
			et_buf_release(&b);
			return d;
		}
		char *slash = strrchr(d, '/');
		if (!slash || !strcmp(d, "/"))
			break;
		if (slash == d)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(d);
	et_buf_release(&b);
	return NULL;
}

/* ---- records ---- */

/* The first record of each fingerprint, by fingerprint (open addressing). */
typedef struct {
	char (*fp)[17];
	cJSON **rec;
	size_t n, cap;
} rec_map;

static size_t slot_of(const rec_map *m, const char *fp)
{
	size_t h = (size_t)strtoull((char[9]){ fp[0], fp[1], fp[2], fp[3], fp[4], fp[5], fp[6], fp[7], 0 },
				    NULL, 16);
	size_t i = h & (m->cap - 1);
	while (m->rec[i] && strcmp(m->fp[i], fp))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void map_put(rec_map *m, const char *fp, cJSON *rec);

static void map_grow(rec_map *m)
{
	rec_map old = *m;
	m->cap = m->cap ? m->cap * 2 : 64;
	m->n = 0;
	m->fp = et_xcalloc(m->cap, sizeof *m->fp);
	m->rec = et_xcalloc(m->cap, sizeof *m->rec);
	for (size_t i = 0; i < old.cap; i++)
		if (old.rec[i])
			map_put(m, old.fp[i], old.rec[i]);
	free(old.fp);
	free(old.rec);
}

/* Keeps rec (taking it) unless fp has one already; then rec is freed. */
static void map_put(rec_map *m, const char *fp, cJSON *rec)
{
	size_t i;
	if ((m->n + 1) * 2 > m->cap)
		map_grow(m);
	i = slot_of(m, fp);
	if (m->rec[i]) {
		cJSON_Delete(rec);
		return;
	}
	memcpy(m->fp[i], fp, 17);
	m->rec[i] = rec;
	m->n++;
}

static void map_free(rec_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		cJSON_Delete(m->rec[i]);
	free(m->fp);
	free(m->rec);
}

typedef struct {
	todo_list *l;
	rec_map *m;
} reading;

static void take_record(cJSON *rec, et_rec_reader *rr, void *arg)
{
	(void)rr;
	reading *rd = arg;
	todo_item *it = todo_add_record(rd->l, rec);
	if (it)
		map_put(rd->m, it->fp, rec);
	else
		cJSON_Delete(rec);
}

static void read_all(todo_list *l, rec_map *m, int argc, char **argv)
{
	reading rd = { l, m };
	et_rec_each(argc, argv, take_record, &rd);
}

static long num_field(const cJSON *rec, const char *key)
{
	double v = et_json_num(rec, key, 0);
	return v >= 1 && v < 1e9 ? (long)v : 0;
}

static int write_summary(const char *path, const ci_list *l)
{
	et_buf b = ET_BUF_INIT;
	FILE *f;
	int rc = 0;
	ci_out_github_summary(&b, l);
	f = fopen(path, "a");
	if (!f || fwrite(b.buf, 1, b.len, f) != b.len || fflush(f) || ferror(f)) {
		et_warn("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (f && fclose(f) && !rc) {
		et_warn("%s: %s", path, strerror(errno));
		rc = -1;
	}
	et_buf_release(&b);
	return rc;
}

int ci_run(int fmt, const char *root, const char *summary, int argc, char **argv)
{
	todo_list tl = { 0 };
	rec_map m = { 0 };
	ci_list l = { 0 };
	et_buf out = ET_BUF_INIT;
	char *cwd = getcwd(NULL, 0), *top = NULL;
	int rc = 0;

	if (!cwd) {
		et_warn("cannot get the current directory: %s", strerror(errno));
		return ET_EXIT_TROUBLE;
	}
	if (root)
		top = absolute(cwd, root);
	else if (!(top = git_top(cwd)))
		top = et_xstrdup(cwd);
	l.root = top;
	read_all(&tl, &m, argc, argv);
	todo_sort(&tl);
	l.v = et_xcalloc(tl.n + 1, sizeof *l.v);
	for (size_t i = 0; i < tl.n; i++) {
		ci_err *e = &l.v[l.n++];
		const char *file, *level;
		e->it = tl.v[i];
		e->rec = m.rec[slot_of(&m, e->it->fp)];
		file = et_json_str(e->rec, "file");
		e->path = file ? ci_relpath(top, cwd, file) : NULL;
		e->line = num_field(e->rec, "line");
		e->column = e->line ? num_field(e->rec, "column") : 0;
		e->end_line = e->line ? num_field(e->rec, "end_line") : 0;
		if (e->end_line < e->line)
			e->end_line = 0;
		e->end_column = e->end_line ? num_field(e->rec, "end_column") : 0;
		level = et_json_str(e->rec, "level");
		e->level = level && *level ? level : "error";
	}
	formats[fmt].render(&out, &l);
	et_out_write(out.buf, out.len);
	if (summary && write_summary(summary, &l) < 0)
		rc = ET_EXIT_TROUBLE;
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].path);
	free(l.v);
	et_buf_release(&out);
	todo_list_free(&tl);
	map_free(&m);
	free(top);
	free(cwd);
	return rc;
}

/* ---- helpers for the formats ---- */

enum ci_level ci_level(const ci_err *e)
{
	if (!strcmp(e->level, "error") || !strcmp(e->level, "fatal"))
		return CI_ERROR;
	return strcmp(e->level, "warning") ? CI_NOTE : CI_WARNING;
}

void ci_add_json(et_buf *out, cJSON *item)
{
	char *printed = cJSON_Print(item);
	if (!printed)
		et_die("out of memory");
	et_buf_addstr(out, printed);
	et_buf_addch(out, '\n');
	cJSON_free(printed);
	cJSON_Delete(item);
}

void ci_rule_text(et_buf *out, const char *category)
{
	size_t start = out->len;
	ci_add_text(out, category);
	for (size_t i = start; i < out->len; i++)
		if (out->buf[i] == '_' || out->buf[i] == '-')
			out->buf[i] = ' ';
	if (out->len > start && out->buf[start] >= 'a' && out->buf[start] <= 'z')
		out->buf[start] = (char)(out->buf[start] - 'a' + 'A');
}

const char *ci_title(const ci_err *e)
{
	const char *t = et_json_str(e->rec, "type");
	if (t && *t)
		return t;
	if (e->it->category && *e->it->category && strcmp(e->it->category, "uncategorized"))
		return e->it->category;
	if (!strcmp(e->level, "warning"))
		return "Warning";
	if (!strcmp(e->level, "fatal"))
		return "Fatal error";
	return "Error";
}

void ci_hint(et_buf *out, const cJSON *rec)
{
	const cJSON *h = et_json_get(rec, "hint"), *x;
	size_t start = out->len;
	if (cJSON_IsString(h)) {
		et_buf_addstr(out, h->valuestring);
		return;
	}
	cJSON_ArrayForEach(x, h) {
		if (!cJSON_IsString(x))
			continue;
		if (out->len > start)
			et_buf_addch(out, '\n');
		et_buf_addstr(out, x->valuestring);
	}
}

void ci_add_text(et_buf *out, const char *s)
{
	if (s)
		et_utf8_sanitize(out, s, strlen(s));
}

void ci_xml_escape(et_buf *out, const char *s, int attr)
{
	/* in attributes line ends and tabs are references, which XML keeps */
	static const char *const text[128] = {
		['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", ['\''] = "&apos;",
		['\n'] = "\n", ['\r'] = "&#13;", ['\t'] = "\t",
	};
	static const char *const attrs[128] = {
		['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", ['\''] = "&apos;",
		['\n'] = "&#10;", ['\r'] = "&#13;", ['\t'] = "&#9;",
	};
	if (s)
		todo_escape(out, s, attr ? attrs : text, "\xef\xbf\xbd");
}
