/* parse_c.c: gcc/clang diagnostics and linker errors (first cut). */
#include "parser.h"
#include "et_rec.h"

#include <string.h>

static const char *const gcc_triggers[] = { ": error: ", ": warning: ", ": fatal error: ", NULL };

static enum ec_verdict gcc_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	(void)st; (void)ctx;
	const char *p = l->s, *end = l->s + l->len, *c1 = memchr(p, ':', l->len);
	if (!c1 || c1 == p)
		return EC_NO;
	const char *q = c1 + 1;
	if (ec_num(&q, end) < 0)
		return EC_NO;
	return EC_DONE;
}

static enum ec_verdict gcc_more(void *st, ec_ctx *ctx, const ec_line *l)
{
	(void)st; (void)ctx; (void)l;
	return EC_NO;
}

static void gcc_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	(void)st;
	const ec_line *l = &lines[n - 1];
	const char *end = l->s + l->len, *c1 = memchr(l->s, ':', l->len), *q = c1 + 1;
	long line = ec_num(&q, end), col = 0;
	if (*q == ':' && q[1] >= '0' && q[1] <= '9') {
		q++;
		col = ec_num(&q, end);
	}
	const char *lv = strstr(q, ": ") ? q + 2 : q;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	const char *msg = strstr(lv, ": ");
	ec_set_level(rec, !strncmp(lv, "warning", 7) ? "warning" : !strncmp(lv, "fatal", 5) ? "fatal" : "error");
	if (msg)
		ec_set_strn(rec, "message", msg + 2, (size_t)(end - msg - 2));
	ec_set_location(ctx, rec, l->s, (size_t)(c1 - l->s), line, col);
	ec_emit(ctx, rec);
}

static enum ec_verdict never(void *st, ec_ctx *ctx, const ec_line *l)
{
	(void)st; (void)ctx; (void)l;
	return EC_NO;
}

static void nothing(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	(void)st; (void)ctx; (void)lines; (void)n;
}

static const char *const none[] = { NULL };

const ec_parser ec_parser_gcc = { "gcc", "gcc and clang diagnostics", gcc_triggers, NULL, NULL,
				  gcc_start, gcc_more, gcc_finish };
const ec_parser ec_parser_ld = { "ld", "(not yet)", none, NULL, NULL, never, never, nothing };
