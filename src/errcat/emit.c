/* emit: the record loop and textual output of errcat. */
#include "emit.h"
#include "et_cli.h"
#include "et_swar.h"
#include "et_rec.h"
#include "et_schema.h"
#include "et_utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>


/*
 * One pass over the record's members: 1 when it has a `kind`, and in
 * *added whether it has any of the fields errcat adds.
 */
static int scan_keys(const cJSON *rec, int *added)
{
	int kind = 0;
	*added = 0;
	for (const cJSON *it = rec->child; it; it = it->next) {
		const char *k = it->string;
		if (!k)
			continue;
		switch (k[0]) {
		case 'k':
			kind |= !strcmp(k, "kind");
			break;
		case 'c':
			*added |= !strcmp(k, "category");
			break;
		case 's':
			*added |= !strcmp(k, "severity");
			break;
		case 't':
			*added |= !strcmp(k, "tags");
			break;
		case 'r':
			*added |= !strcmp(k, "rule");
			break;
		case 'h':
			*added |= !strcmp(k, "hint");
			break;
		}
	}
	return kind;
}

void ct_emitter_init(ct_emitter *em, ct_matcher *m, int explain)
{
	memset(em, 0, sizeof *em);
	em->m = m;
	em->explain = explain;
	et_buf_init(&em->out, 4096);
	et_buf_init(&em->fix, 0);
	et_buf_init(&em->hint, 0);
}

void ct_emitter_release(ct_emitter *em)
{
	et_buf_release(&em->out);
	et_buf_release(&em->fix);
	et_buf_release(&em->hint);
}

/* The severity of a record no rule matched: from its level. */
static int level_severity(const cJSON *rec)
{
	return et_severity_of_level(et_json_str(rec, "level"));
}

/* Writes text (an object's JSON, '}' last) with suffix inserted before the '}'. */
static void write_spliced(const char *text, size_t len, int empty, const char *suffix, size_t slen)
{
	et_out_write(text, len - 1);
	if (empty)
		et_out_write(suffix + 1, slen - 1);     /* no leading comma */
	else
		et_out_write(suffix, slen);
	et_out_write("}\n", 2);
	et_out_end_record();
}

static void write_rebuilt(ct_emitter *em, cJSON *rec, const ct_rule *r)
{
	int sev = r ? r->severity : level_severity(rec);
	cJSON *tags = cJSON_CreateArray();
	if (!tags)
		et_die("out of memory");
	et_json_set_str(rec, "category", r ? r->category : "uncategorized");
	et_json_set_str(rec, "severity", ct_severity_name(sev));
	for (int i = 0; r && i < r->ntags; i++)
		cJSON_AddItemToArray(tags, et_json_strn(r->tags[i], strlen(r->tags[i])));
	et_json_set(rec, "tags", tags);
	et_json_set_str(rec, "rule", r ? r->id : NULL);
	if (r && r->hint && r->hint_fills) {
		ct_hint_fill(em->m, r, rec, &em->hint);
		et_json_set_strn(rec, "hint", em->hint.buf, em->hint.len);
	} else if (r && r->hint) {
		et_json_set_str(rec, "hint", r->hint);
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "hint");
	}
	et_rec_write(rec);
}

static void explain_header(ct_emitter *em, const cJSON *rec, const char *name, size_t lineno)
{
	static const char *const show[] = { "format", "level", "type", "message" };
	et_buf b = ET_BUF_INIT, clean = ET_BUF_INIT;
	et_buf_addf(&b, "record %llu (%s:%zu):", em->recno, name, lineno);
	for (size_t i = 0; i < sizeof show / sizeof show[0]; i++) {
		const char *s = et_json_str(rec, show[i]);
		if (!s)
			continue;
		size_t n = strlen(s), cut = et_utf8_cut(s, n, 80);
		et_buf_addf(&b, " %s=", show[i]);
		for (size_t k = 0; k < cut; k++)
			et_buf_addch(&b, s[k] == '\n' ? ' ' : s[k]);
		if (cut < n)
			et_buf_addstr(&b, "...");
	}
	et_buf_addch(&b, '\n');
	et_utf8_sanitize(&clean, b.buf, b.len);
	et_out_write(clean.buf, clean.len);
	et_buf_release(&b);
	et_buf_release(&clean);
}

static void explain_record(ct_emitter *em, cJSON *rec, const char *name, size_t lineno)
{
	const ct_rule *r;
	explain_header(em, rec, name, lineno);
	if (cJSON_GetObjectItemCaseSensitive(rec, "kind")) {
		fputs("  has a kind field: passed through unchanged\n", stdout);
		et_out_end_record();
		return;
	}
	r = ct_explain(em->m, rec, em->recno, stdout);
	if (r) {
		printf("  => %s %s %s", r->id, r->category, ct_severity_name(r->severity));
		for (int i = 0; i < r->ntags; i++)
			printf(" %s", r->tags[i]);
		putchar('\n');
		if (r->hint) {
			et_buf b = ET_BUF_INIT;
			const char *colon = strrchr(r->id, ':');
			int flen = colon ? (int)(colon - r->id) : (int)strlen(r->id);
			if (r->hint_fills)
				ct_hint_fill(em->m, r, rec, &em->hint);
			et_format_safe(&b, "  hint (%.*s:%zu): %s", flen, r->id, r->hint_line,
				       r->hint_fills ? em->hint.buf : r->hint);
			et_buf_addch(&b, '\n');
			fputs(b.buf, stdout);
			et_buf_release(&b);
		}
	} else {
		printf("  => no rule matched: uncategorized %s (from level)\n",
		       ct_severity_name(level_severity(rec)));
	}
	et_out_end_record();
}

/*
 * Whether s[0..n) holds a control byte (< 0x20: the line needs rebuilding)
 * and a byte >= 0x80 (it needs a UTF-8 check); eight bytes a step.
 */
static void bytes_seen(const char *s, size_t n, int *ctl, int *hi)
{
	uint64_t c = 0, h = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v = et_swar_load(s + i);
		h |= et_swar_high(v);
		c |= et_swar_below(v, 0x20);
	}
	for (; i < n; i++) {
		h |= (unsigned char)s[i] >= 0x80;
		c |= (unsigned char)s[i] < 0x20;
	}
	*ctl = c != 0;
	*hi = h != 0;
}

static void process(ct_emitter *em, cJSON *rec, const char *line, size_t len,
		    const char *name, size_t lineno)
{
	static char unc[ET_SEV_N][96];
	static size_t unc_len[ET_SEV_N];
	const ct_rule *r;
	const char *text = line;
	int ctl = 0, hi = 0, rebuild = 0, kind, added;
	const char *suffix;
	size_t slen;

	if (em->explain) {
		explain_record(em, rec, name, lineno);
		return;
	}
	bytes_seen(line, len, &ctl, &hi);
	if (hi && !et_utf8_valid(line, len)) {
		et_buf_reset(&em->fix);
		et_utf8_sanitize(&em->fix, line, len);
		text = em->fix.buf;
		len = em->fix.len;
	}
	kind = scan_keys(rec, &added);
	if (kind) {
		if (ctl) {
			et_rec_write(rec);
			return;
		}
		while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
			len--;
		et_out_write(text, len);
		et_out_write("\n", 1);
		et_out_end_record();
		return;
	}
	r = ct_match(em->m, rec, em->recno);
	rebuild = ctl || added;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (!len || text[len - 1] != '}')
		rebuild = 1;
	if (rebuild) {
		write_rebuilt(em, rec, r);
		return;
	}
	if (r && r->hint_fills) {
		/* the rule's fields, then the hint filled from this record */
		et_buf_reset(&em->fix);
		et_buf_add(&em->fix, r->suffix, r->suffix_len);
		ct_hint_fill(em->m, r, rec, &em->hint);
		et_buf_addstr(&em->fix, ",\"hint\":");
		et_json_quote(&em->fix, em->hint.buf, em->hint.len);
		suffix = em->fix.buf;
		slen = em->fix.len;
	} else if (r) {
		suffix = r->suffix;
		slen = r->suffix_len;
	} else {
		int sev = level_severity(rec);
		if (!unc_len[sev])
			unc_len[sev] = (size_t)snprintf(unc[sev], sizeof unc[sev],
				",\"category\":\"uncategorized\",\"severity\":\"%s\",\"tags\":[],\"rule\":null",
				ct_severity_name(sev));
		suffix = unc[sev];
		slen = unc_len[sev];
	}
	write_spliced(text, len, rec->child == NULL, suffix, slen);
}

void ct_run_record(cJSON *rec, et_rec_reader *rr, void *arg)
{
	ct_emitter *em = arg;
	size_t len;
	const char *line = et_rec_line(rr, &len);
	em->recno++;
	process(em, rec, line, len, et_rec_name(rr), et_rec_lineno(rr));
	cJSON_Delete(rec);
}
