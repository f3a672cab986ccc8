/* et_rec: records over cJSON, JSON Lines in and out. */
#include "et_rec.h"
#include "et_cli.h"
#include "et_line.h"
#include "et_utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct et_rec_reader {
	et_lines *lr;
	char *line;
	size_t len;
	size_t bad;
};

et_rec_reader *et_rec_open(const char *name)
{
	et_lines *lr = et_lines_open(name);
	et_rec_reader *rr;
	if (!lr) {
		et_warn_at(name, 0, "%s", strerror(errno));
		return NULL;
	}
	et_lines_set_max(lr, ET_REC_MAX_LINE);
	rr = et_xcalloc(1, sizeof *rr);
	rr->lr = lr;
	return rr;
}

static int blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void et_rec_reject(et_rec_reader *rr, const char *why)
{
	et_buf ex = ET_BUF_INIT;
	size_t n = et_utf8_cut(rr->line, rr->len, 60);
	et_utf8_sanitize(&ex, rr->line, n);
	et_warn_at(et_lines_name(rr->lr), et_lines_lineno(rr->lr), "%s: %s%s",
		   why, ex.buf, n < rr->len ? "..." : "");
	et_buf_release(&ex);
	rr->bad++;
}

int et_rec_next_line(et_rec_reader *rr, char **line, size_t *len)
{
	for (;;) {
		int r = et_lines_next(rr->lr, &rr->line, &rr->len);
		if (r < 0) {
			et_warn_at(et_lines_name(rr->lr), 0, "read error: %s", strerror(errno));
			return 0;
		}
		if (r == 0)
			return 0;
		while (rr->len && blank((unsigned char)rr->line[rr->len - 1]))
			rr->len--;
		while (rr->len && blank((unsigned char)*rr->line)) {
			rr->line++;
			rr->len--;
		}
		if (!rr->len)
			continue;
		if (et_lines_truncated(rr->lr)) {
			et_rec_reject(rr, "record too long");
			continue;
		}
		if (memchr(rr->line, '\0', rr->len)) {
			et_rec_reject(rr, "not a JSON object (NUL byte)");
			continue;
		}
		*line = rr->line;
		*len = rr->len;
		return 1;
	}
}

cJSON *et_rec_next(et_rec_reader *rr)
{
	char *line;
	size_t len;
	while (et_rec_next_line(rr, &line, &len)) {
		const char *end = NULL;
		cJSON *rec = cJSON_ParseWithLengthOpts(line, len, &end, 0);
		if (!rec || !cJSON_IsObject(rec) || end != line + len) {
			cJSON_Delete(rec);
			et_rec_reject(rr, "not a JSON object");
			continue;
		}
		return rec;
	}
	return NULL;
}

const char *et_rec_name(const et_rec_reader *rr) { return et_lines_name(rr->lr); }
size_t et_rec_lineno(const et_rec_reader *rr) { return et_lines_lineno(rr->lr); }
size_t et_rec_bad_lines(const et_rec_reader *rr) { return rr->bad; }

const char *et_rec_line(const et_rec_reader *rr, size_t *len)
{
	if (len)
		*len = rr->len;
	return rr->line;
}

void et_rec_close(et_rec_reader *rr)
{
	if (!rr)
		return;
	et_lines_close(rr->lr);
	free(rr);
}

void et_rec_print(et_buf *out, const cJSON *rec)
{
	static et_buf fix = ET_BUF_INIT;
	et_buf_reset(out);
	if (out->cap < 1024)
		et_buf_grow(out, 1024);
	union { const cJSON *c; cJSON *m; } u = { rec };   /* cJSON's API is not const-correct */
	while (!cJSON_PrintPreallocated(u.m, out->buf, (int)out->cap, 0)) {
		if (out->cap > (size_t)1 << 30)
			et_die("record too large to print");
		et_buf_grow(out, out->cap * 2);
	}
	out->len = strlen(out->buf);
	if (!et_utf8_valid(out->buf, out->len)) {
		/* escapes are ASCII, so bad bytes can only be inside strings */
		et_buf_reset(&fix);
		et_utf8_sanitize(&fix, out->buf, out->len);
		et_buf_reset(out);
		et_buf_add(out, fix.buf, fix.len);
	}
}

void et_rec_write(const cJSON *rec)
{
	static et_buf out = ET_BUF_INIT;
	et_rec_print(&out, rec);
	et_buf_addch(&out, '\n');
	et_out_write(out.buf, out.len);
	et_out_end_record();
}

const cJSON *et_json_get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *et_json_str(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(it) ? it->valuestring : NULL;
}

double et_json_num(const cJSON *obj, const char *key, double dflt)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(it) ? it->valuedouble : dflt;
}

cJSON *et_json_strn(const char *s, size_t n)
{
	cJSON *it = cJSON_CreateNull();
	char *copy;
	if (!it)
		et_die("out of memory");
	if (et_utf8_valid(s, n)) {
		copy = et_xstrndup(s, n);
	} else {
		et_buf b = ET_BUF_INIT;
		et_utf8_sanitize(&b, s, n);
		copy = et_buf_detach(&b, NULL);
	}
	/* cJSON frees valuestring with free() (default hooks) */
	it->type = cJSON_String;
	it->valuestring = copy;
	return it;
}

void et_json_set(cJSON *obj, const char *key, cJSON *item)
{
	if (!item)
		et_die("out of memory");
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		cJSON_AddItemToObject(obj, key, item);
}

void et_json_set_str(cJSON *obj, const char *key, const char *s)
{
	et_json_set(obj, key, s ? et_json_strn(s, strlen(s)) : cJSON_CreateNull());
}

void et_json_set_strn(cJSON *obj, const char *key, const char *s, size_t n)
{
	et_json_set(obj, key, s ? et_json_strn(s, n) : cJSON_CreateNull());
}

void et_json_set_num(cJSON *obj, const char *key, double v)
{
	et_json_set(obj, key, cJSON_CreateNumber(v));
}

void et_json_set_null(cJSON *obj, const char *key)
{
	et_json_set(obj, key, cJSON_CreateNull());
}
