/*
 * parse_sass.c: Dart Sass's errors and warnings.
 *
 *   Error: Undefined variable.                     (or "WARNING: msg",
 *     ╷                                             "DEPRECATION WARNING [id]: msg"
 *   3 │   width: $undefined-var;                    and its paragraphs, up to
 *     │          ^^^^^^^^^^^^^^                     a few lines above the box)
 *     ╵
 *     css/_vars.scss 3:10  @use                     the stack, innermost first:
 *     css/a.scss 1:1       root stylesheet          "FILE L:C  MEMBER"
 *
 * The block starts at the box's "╷" and takes the heading above it back
 * (ec_claim_back), so an "Error: x" line without Sass's box is not Sass's.
 * level: error for "Error:", warning for the warnings; type: the
 * deprecation's id ("global-builtin"), else null; message: the heading's
 * text; file, line, column: the innermost stack line; frames: the stack,
 * outermost first, function = the member ("root stylesheet", "@use", a
 * mixin's name).
 */
#include "parser.h"
#include "et_rec.h"

#include <string.h>

static const char *const sass_triggers[] = { "\xe2\x95\xb7", NULL };

#define BOX_TOP "\xe2\x95\xb7"  /* ╷ */
#define BOX_BAR "\xe2\x94\x82"  /* │ */
#define BOX_END "\xe2\x95\xb5"  /* ╵ */

typedef struct {
	int stack;              /* 1: past the box, in the stack lines */
} sass_state;

/* the heading's text after its level words: "Error: ", "WARNING: ", "DEPRECATION WARNING [id]: " */
static int sass_heading(const ec_line *l, int *warn, const char **code, size_t *codel,
			const char **msg, size_t *msgl)
{
	const char *p = l->s, *e = l->s + l->len;
	*code = NULL;
	*codel = 0;
	if (ec_starts(l, "Error: ")) {
		*warn = 0;
		p += 7;
	} else {
		if (ec_starts(l, "DEPRECATION WARNING") || ec_starts(l, "Deprecation Warning"))
			p += 19;
		else if (ec_starts(l, "WARNING"))
			p += 7;
		else
			return 0;
		*warn = 1;
		if (e - p >= 2 && p[0] == ' ' && p[1] == '[') {
			const char *c = memchr(p, ']', (size_t)(e - p));
			if (!c)
				return 0;
			*code = p + 2;
			*codel = (size_t)(c - p - 2);
			p = c + 1;
		}
		if (e - p < 2 || p[0] != ':' || p[1] != ' ')
			return 0;
		p += 2;
	}
	*msg = p;
	*msgl = (size_t)(e - p);
	return *msgl > 0;
}

/* only blanks and the box character c */
static int box_line(const ec_line *l, const char *c)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	return bl == strlen(c) && !memcmp(b, c, bl);
}

/* "  FILE L:C  MEMBER": file, line, column, member */
static int stack_line(const ec_line *l, const char **f, size_t *fl, long *line, long *col,
		      const char **m, size_t *ml)
{
	const char *p = l->s, *e = l->s + l->len;
	if (l->len < 2 || p[0] != ' ')
		return 0;
	while (p < e && *p == ' ')
		p++;
	const char *fs = p;
	while (p < e && *p != ' ')
		p++;
	if (p == fs || p == e)
		return 0;
	*f = fs;
	*fl = (size_t)(p - fs);
	p++;
	*line = ec_num(&p, e);
	if (*line <= 0 || p == e || *p != ':')
		return 0;
	p++;
	*col = ec_num(&p, e);
	if (*col <= 0 || (p < e && *p != ' '))
		return 0;
	while (p < e && *p == ' ')
		p++;
	*m = p;
	*ml = (size_t)(e - p);
	return 1;
}

static enum ec_verdict sass_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	sass_state *ss = st;
	ss->stack = 0;
	if (!box_line(l, BOX_TOP))
		return EC_NO;
	/* the heading: just above, or above a warning's paragraphs */
	for (size_t k = 1; k <= 12; k++) {
		const ec_line *b = ec_back(ctx, k);
		int warn;
		const char *code, *msg;
		size_t codel, msgl;
		if (!b)
			return EC_NO;
		if (sass_heading(b, &warn, &code, &codel, &msg, &msgl)) {
			if (!warn && k != 1)
				return EC_NO;   /* an error's box follows its line */
			ec_claim_back(ctx, k);
			return EC_START;
		}
	}
	return EC_NO;
}

static enum ec_verdict sass_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	sass_state *ss = st;
	const char *f, *m;
	size_t fl, ml;
	long line, col;
	if (!ss->stack) {
		if (box_line(l, BOX_END)) {
			ss->stack = 1;
			return EC_MORE;
		}
		return ec_find(l, BOX_BAR) ? EC_MORE : EC_NO;
	}
	return stack_line(l, &f, &fl, &line, &col, &m, &ml) ? EC_MORE : EC_NO;
}

static void sass_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	sass_state *ss = st;
	int warn = 0;
	const char *code = NULL, *msg = NULL;
	size_t codel = 0, msgl = 0;
	ss->stack = 0;
	if (!n || !sass_heading(&lines[0], &warn, &code, &codel, &msg, &msgl))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1), *frames = cJSON_CreateArray();
	ec_set_level(rec, warn ? "warning" : "error");
	if (codel)
		ec_set_strn(rec, "type", code, codel);
	ec_set_strn(rec, "message", msg, msgl);
	int placed = 0, past_box = 0;
	for (size_t i = 1; i < n; i++) {
		const char *f, *m;
		size_t fl, ml;
		long line, col;
		if (box_line(&lines[i], BOX_END)) {
			past_box = 1;
			continue;
		}
		if (!past_box || !stack_line(&lines[i], &f, &fl, &line, &col, &m, &ml))
			continue;
		cJSON_InsertItemInArray(frames, 0, ec_frame(f, fl, line, col, m, ml, NULL, 0));
		if (!placed) {
			ec_set_location(ctx, rec, f, fl, line, col);
			ec_set_strn(rec, "function", m, ml);
			placed = 1;
		}
	}
	if (cJSON_GetArraySize(frames))
		ec_set_frames(ctx, rec, frames);
	else
		cJSON_Delete(frames);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_sass = { .name = "sass", .triggers = sass_triggers,
	.state_size = sizeof(sass_state),
	.start = sass_start, .more = sass_more, .finish = sass_finish };
