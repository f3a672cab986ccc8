/* et_rec: records over cJSON, JSON Lines in and out. */
#include "et_rec.h"
#include "et_jparse.h"
#include "et_jw.h"
#include "et_cli.h"
#include "et_line.h"
#include "et_utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* bad lines reported one by one; the rest of an input's are listed as ranges */
#define SHOW_BAD 5
#define MAX_RANGES 12

struct et_rec_reader {
	et_lines *lr;
	char *line;
	size_t len;
	size_t bad;
	int hinted, summed, is_stdin;
	/* the bad lines not reported one by one: ranges of line numbers */
	size_t range[MAX_RANGES][2], nranges;
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
	rr->is_stdin = !strcmp(name, "-");
	return rr;
}

static int blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void et_rec_reject(et_rec_reader *rr, const char *why)
{
	const char *name = et_lines_name(rr->lr);
	et_buf ex = ET_BUF_INIT;
	size_t line = et_lines_lineno(rr->lr);
	rr->bad++;
	if (rr->bad <= SHOW_BAD) {
		et_utf8_excerpt(&ex, rr->line, rr->len, 60);
		et_warn_at(name, line, "%s: %s", why, ex.buf);
		et_buf_release(&ex);
	} else if (rr->nranges && rr->range[rr->nranges - 1][1] + 1 == line) {
		rr->range[rr->nranges - 1][1] = line;
	} else if (rr->nranges < MAX_RANGES) {
		rr->range[rr->nranges][0] = rr->range[rr->nranges][1] = line;
		rr->nranges++;
	}
	if (!rr->hinted && rr->len && *rr->line != '{' && *rr->line != '[') {
		rr->hinted = 1;
		if (!rr->is_stdin)
			et_warn("%s: looks like raw text: run it through errcap first (errcap %s | %s)",
				name, name, et_prog);
		else
			et_warn("%s: looks like raw text: run it through errcap first (... | errcap | %s)",
				name, et_prog);
	}
}

/* after SHOW_BAD lines: how many more there were, and where */
static void sum_bad(et_rec_reader *rr)
{
	et_buf b = ET_BUF_INIT;
	size_t listed = 0;
	if (rr->summed || rr->bad <= SHOW_BAD)
		return;
	rr->summed = 1;
	for (size_t i = 0; i < rr->nranges; i++) {
		et_buf_addstr(&b, i ? ", " : "");
		if (rr->range[i][0] == rr->range[i][1])
			et_buf_addf(&b, "%zu", rr->range[i][0]);
		else
			et_buf_addf(&b, "%zu-%zu", rr->range[i][0], rr->range[i][1]);
		listed += rr->range[i][1] - rr->range[i][0] + 1;
	}
	if (listed < rr->bad - SHOW_BAD)
		et_buf_addf(&b, " and %zu more", rr->bad - SHOW_BAD - listed);
	et_warn_at(et_lines_name(rr->lr), 0, "%zu more bad lines not shown one by one (%zu in all): "
		   "line%s %s", rr->bad - SHOW_BAD, rr->bad, rr->bad - SHOW_BAD > 1 ? "s" : "", b.buf);
	et_buf_release(&b);
}

int et_rec_next_line(et_rec_reader *rr, char **line, size_t *len)
{
	for (;;) {
		int r = et_lines_next(rr->lr, &rr->line, &rr->len);
		if (r < 0) {
			et_warn_at(et_lines_name(rr->lr), 0, "read error: %s", strerror(errno));
			return 0;
		}
		if (r == 0) {
			sum_bad(rr);
			return 0;
		}
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
		cJSON *rec = et_jparse(line, len, &end);
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
	sum_bad(rr);
	et_lines_close(rr->lr);
	free(rr);
}

void et_rec_each(int argc, char **argv, et_rec_fn *fn, void *arg)
{
	for (int i = 0; i < (argc ? argc : 1); i++) {
		et_rec_reader *rr = et_rec_open(argc ? argv[i] : "-");
		cJSON *rec;
		if (!rr)
			continue;
		while ((rec = et_rec_next(rr)))
			fn(rec, rr, arg);
		et_rec_close(rr);
	}
}

void et_rec_print(et_buf *out, const cJSON *rec)
{
	et_jw w;
	et_buf_reset(out);
	et_jw_start(&w, out);
	et_jw_cjson(&w, rec);
}

void et_rec_write(const cJSON *rec)
{
	static et_buf out = ET_BUF_INIT;
	et_rec_print(&out, rec);
	et_buf_addch(&out, '\n');
	et_out_write(out.buf, out.len);
	et_out_end_record();
}

/*
 * cJSON_GetObjectItemCaseSensitive, but a shared key (et_jparse) is told
 * from the one sought by its address: records' members need no strcmp.
 */
const cJSON *et_json_get(const cJSON *obj, const char *key)
{
	const char *shared;
	if (!obj || !key)
		return NULL;
	shared = et_jparse_key(key);
	for (const cJSON *it = obj->child; it; it = it->next) {
		if (!it->string)
			return NULL;    /* where cJSON's lookup stops */
		if (it->string == shared)
			return it;
		if (!et_jparse_is_key(it->string) && !strcmp(it->string, key))
			return it;
	}
	return NULL;
}

const char *et_json_str(const cJSON *obj, const char *key)
{
	const cJSON *it = et_json_get(obj, key);
	return cJSON_IsString(it) ? it->valuestring : NULL;
}

double et_json_num(const cJSON *obj, const char *key, double dflt)
{
	const cJSON *it = et_json_get(obj, key);
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
	cJSON *old;
	if (!item)
		et_die("out of memory");
	for (old = obj->child; old; old = old->next)
		if (old->string && (old->string == key ||
				    (old->string[0] == key[0] && !strcmp(old->string, key))))
			break;
	if (!old) {
		cJSON_AddItemToObject(obj, key, item);
		return;
	}
	/* in place, one walk: the new item takes over the old one's key */
	if (!(item->type & cJSON_StringIsConst))
		free(item->string);
	item->string = old->string;
	item->type = (item->type & ~cJSON_StringIsConst) | (old->type & cJSON_StringIsConst);
	old->string = NULL;
	cJSON_ReplaceItemViaPointer(obj, old, item);
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

void et_json_quote(et_buf *out, const char *s, size_t n)
{
	et_buf clean = ET_BUF_INIT;
	if (!et_utf8_valid(s, n) || memchr(s, '\0', n)) {
		et_utf8_sanitize(&clean, s, n);
		s = clean.buf;
		n = clean.len;
	}
	et_buf_addch(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			et_buf_addch(out, '\\');
			et_buf_addch(out, (char)c);
		} else if (c < 0x20) {
			et_buf_addf(out, "\\u%04x", c);
		} else {
			et_buf_addch(out, (char)c);
		}
	}
	et_buf_addch(out, '"');
	et_buf_release(&clean);
}
