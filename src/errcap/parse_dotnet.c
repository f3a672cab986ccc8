/*
 * parse_dotnet.c: .NET exceptions (.NET Core / .NET 5+, .NET Framework,
 * Mono) as the runtime prints an unhandled one, or as a program or a log
 * prints Exception.ToString().
 *
 *   Unhandled exception. System.ApplicationException: load failed       (.NET 5+)
 *    ---> System.InvalidOperationException: no user 7                   an inner exception
 *      at App.Repo.Find(Int32 id) in /src/Program.cs:line 3             its frames, innermost first
 *      --- End of inner exception stack trace ---
 *      at App.Program.Main(String[] args) in /src/Program.cs:line 8      the outer one's
 *
 *   Unhandled Exception:                                                 (Mono, .NET Framework)
 *   System.ApplicationException: load failed ---> System.InvalidOperationException: no user 7
 *     at App.Repo.Find (System.Int32 id) [0x00011] in /src/a.cs:3
 *   [ERROR] FATAL UNHANDLED EXCEPTION: ...                               (Mono repeats it: same record)
 *
 * A line "Ns.SomethingException: message" right before an "   at X.Y(...)"
 * line is a header too (an exception logged with ToString()).
 * type: the outermost exception's class, message its message, causes the
 * inner exceptions (relation "cause", outermost first); file and line the
 * innermost frame of the program's own code in the outer exception's
 * frames (System.*, Microsoft.* frames are the framework's), else in the
 * innermost exception's.
 *
 * dotnettest: `dotnet test`'s console logger (VSTest): "  Failed NAME [21 ms]"
 * (older: "Failed   NAME"), "  Error Message:" and its lines, "  Stack Trace:"
 * and its "at" frames, "  Standard Output Messages:"; one record per failed
 * test: test NAME, message the error message's first line, type the
 * exception's class when the message starts with one ("System.X : msg").
 */
#include "parser.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

static const char *const dn_triggers[] = {
	"Unhandled exception.", "Unhandled Exception:", "UNHANDLED EXCEPTION:", "   at ", NULL
};

static int is_id(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || ec_is_digit(c) || c == '_' ||
	       c == '.' || c == '`' || c == '+';
}

/* "Ns.Type: message" or "Ns.Type" at s[0..n): the type's length (0 when not one) */
static size_t dn_type(const char *s, size_t n)
{
	size_t i = 0;
	int dot = 0;
	while (i < n && is_id((unsigned char)s[i])) {
		dot |= s[i] == '.';
		i++;
	}
	if (!i || !dot || s[i - 1] == '.' || !((s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	if (i == n || (i + 1 < n && s[i] == ':' && s[i + 1] == ' ') || (i + 1 == n && s[i] == ':'))
		return i;
	return 0;
}

/* after the runtime's words: where the first exception's header starts */
static const char *dn_head(const ec_line *l)
{
	static const char *const pre[] = {
		"Unhandled exception. ", "Unhandled Exception: ", "[ERROR] FATAL UNHANDLED EXCEPTION: ", NULL
	};
	for (const char *const *p = pre; *p; p++)
		if (ec_starts(l, *p))
			return l->s + strlen(*p);
	/* Mono, .NET Framework: "Unhandled Exception:" alone, the exception on the next line */
	if (l->len == 20 && !memcmp(l->s, "Unhandled Exception:", 20))
		return l->s + l->len;
	return NULL;
}

static int dn_frame_line(const ec_line *l)
{
	size_t i = 0;
	while (i < l->len && l->s[i] == ' ')
		i++;
	return i >= 2 && l->len - i > 3 && !memcmp(l->s + i, "at ", 3);
}

static int dn_marker(const ec_line *l)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	return ec_mem_starts(b, bl, "--- End of ") && ec_mem_ends(b, bl, " ---");
}

static int dn_inner(const ec_line *l)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	return ec_mem_starts(b, bl, "---> ");
}

typedef struct {
	int frames;     /* frame lines seen */
	int extra;      /* message lines before the first frame */
} dn_state;


static enum ec_verdict dn_start(void *st, ec_ctx *ctx, const ec_line *l)
{
	dn_state *ds = st;
	const char *h;
	memset(ds, 0, sizeof *ds);
	if ((h = dn_head(l)) != NULL) {
		size_t n = l->len - (size_t)(h - l->s);
		return n == 0 || dn_type(h, n) ? EC_START : EC_NO;
	}
	/* "   at X.Y(...)" under a "Ns.TypeException: message" line */
	if (dn_frame_line(l) && ec_find(l, "(")) {
		const ec_line *b = ec_back(ctx, 1);
		if (b && b->len && b->s[0] != ' ' && dn_type(b->s, b->len)) {
			size_t t = dn_type(b->s, b->len);
			if (ec_mem_ends(b->s, t, "Exception") || ec_mem_ends(b->s, t, "Error")) {
				ec_claim_back(ctx, 1);
				ds->frames = 1;
				return EC_START;
			}
		}
	}
	return EC_NO;
}

static enum ec_verdict dn_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	dn_state *ds = st;
	if (dn_frame_line(l)) {
		ds->frames++;
		return EC_MORE;
	}
	if (dn_marker(l) || dn_inner(l))
		return EC_MORE;
	if (!ds->frames) {
		/* Mono's "Unhandled Exception:" then the header; a message's further lines */
		if (ec_blank(l) || ++ds->extra > 10)
			return EC_NO;
		return EC_MORE;
	}
	/* Mono prints it all again after "[ERROR] FATAL UNHANDLED EXCEPTION: " */
	if (ec_starts(l, "[ERROR] FATAL UNHANDLED EXCEPTION: ") || (ec_blank(l) && ds->frames))
		return ec_blank(l) ? EC_NO : EC_MORE;
	return EC_NO;
}

/* "   at NS.Type.Method(args) in FILE:line N" / Mono "at NS.Type.Method (args) [0x0] in FILE:N" */
static cJSON *dn_frame(const ec_line *l)
{
	const char *b;
	size_t bl;
	ec_trim(l->s, l->len, &b, &bl);
	b += 3;
	bl -= 3;
	const char *e = b + bl, *in = NULL, *p;
	for (p = b; (p = ec_memfind(p, (size_t)(e - p), " in ")) != NULL; p += 4)
		in = p;
	const char *fe = in ? in : e;
	const char *par = memchr(b, '(', (size_t)(fe - b));
	const char *fn_end = par ? par : fe;
	while (fn_end > b && fn_end[-1] == ' ')
		fn_end--;
	const char *file = NULL;
	size_t fl = 0;
	long line = 0;
	if (in) {
		const char *f = in + 4, *q = ec_memfind(f, (size_t)(e - f), ":line ");
		if (q) {
			const char *np = q + 6;
			line = ec_num(&np, e);
			fl = (size_t)(q - f);
		} else {
			long col;
			fl = ec_split_location(f, (size_t)(e - f), &line, &col);
		}
		/* Mono without debug symbols: "<2ec0595f...>:0" */
		if (fl && f[0] != '<')
			file = f;
		if (!file)
			line = 0;
	}
	return ec_frame(file, fl, line, 0, b, (size_t)(fn_end - b), NULL, 0);
}

typedef struct {
	const char *type, *msg;
	size_t tl, ml;
} dn_exc;

/* "Type: msg ---> Type2: msg2" on one line (Mono, .NET Framework): splits into exs */
static size_t dn_split(const char *s, size_t n, dn_exc *ex, size_t cap)
{
	size_t k = 0;
	const char *e = s + n;
	while (k < cap && s < e) {
		const char *arrow = ec_memfind(s, (size_t)(e - s), " ---> ");
		const char *end = arrow ? arrow : e;
		size_t t = dn_type(s, (size_t)(end - s));
		ex[k].type = t ? s : NULL;
		ex[k].tl = t;
		ex[k].msg = t ? (t + 2 <= (size_t)(end - s) ? s + t + 2 : end) : s;
		ex[k].ml = (size_t)(end - ex[k].msg);
		k++;
		if (!arrow)
			break;
		s = arrow + 6;
	}
	return k;
}

static void dn_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	dn_state *ds = st;
	dn_exc ex[16];
	size_t nx = 0, i = 0;
	memset(ds, 0, sizeof *ds);
	if (!n)
		return;
	/* Mono's repetition ends what we read */
	size_t end = n;
	for (size_t k = 1; k < n; k++)
		if (ec_starts(&lines[k], "[ERROR] FATAL UNHANDLED EXCEPTION: ")) {
			end = k;
			break;
		}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	ec_set_level(rec, "error");
	/* headers: the first line (after the runtime's words), " ---> " lines, message lines */
	const char *h = dn_head(&lines[0]);
	if (!h)
		h = lines[0].s;
	size_t hl = lines[0].len - (size_t)(h - lines[0].s);
	i = 1;
	if (!hl && end > 1) {   /* "Unhandled Exception:" alone, the header under it */
		h = lines[1].s;
		hl = lines[1].len;
		i = 2;
	}
	nx = dn_split(h, hl, ex, 16);
	for (; i < end && !dn_frame_line(&lines[i]); i++) {
		const char *b;
		size_t bl;
		ec_trim(lines[i].s, lines[i].len, &b, &bl);
		if (ec_mem_starts(b, bl, "---> ")) {
			nx += dn_split(b + 5, bl - 5, ex + nx, 16 - nx);
		} else if (nx && nx < 16) {
			/* a message's further line: kept in text only */
		}
	}
	/* frame groups, split by "--- End of inner exception stack trace ---": innermost exception first */
	cJSON *groups[16] = { 0 };
	size_t ng = 0;
	for (; i < end && ng < 16; i++) {
		if (dn_marker(&lines[i])) {
			const char *b;
			size_t bl;
			ec_trim(lines[i].s, lines[i].len, &b, &bl);
			if (ec_memfind(b, bl, "inner exception") && groups[ng])
				ng++;
			continue;
		}
		if (!dn_frame_line(&lines[i]))
			continue;
		if (!groups[ng])
			groups[ng] = cJSON_CreateArray();
		cJSON_InsertItemInArray(groups[ng], 0, dn_frame(&lines[i]));
	}
	if (ng < 16 && groups[ng])
		ng++;
	/* group g belongs to exception nx-1-g (the deepest inner exception prints its frames first) */
	cJSON *causes = NULL;
	for (size_t k = 0; k < nx; k++) {
		size_t g = nx - 1 - k;
		cJSON *fr = g < ng ? groups[g] : NULL;
		if (g < ng)
			groups[g] = NULL;
		if (k == 0) {
			ec_set_strn(rec, "type", ex[0].type, ex[0].tl);
			ec_set_strn(rec, "message", ex[0].msg, ex[0].ml);
			if (fr)
				ec_set_frames(ctx, rec, fr);
		} else {
			ec_add_cause(&causes, ex[k].type, ex[k].tl, ex[k].msg, ex[k].ml, fr, "cause");
		}
	}
	for (size_t g = 0; g < 16; g++)
		cJSON_Delete(groups[g]);
	if (causes) {
		/* no frame of the outer exception is the program's own: the innermost exception's is */
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "file"))) {
			cJSON *last = cJSON_GetArrayItem(causes, cJSON_GetArraySize(causes) - 1);
			cJSON *fr = cJSON_GetObjectItemCaseSensitive(last, "frames");
			if (cJSON_IsArray(fr) && cJSON_GetArraySize(fr)) {
				cJSON *tmp = cJSON_CreateObject();
				ec_set_frames(ctx, tmp, cJSON_Duplicate(fr, 1));
				const char *f = et_json_str(tmp, "file");
				if (f)
					ec_set_location(ctx, rec, f, strlen(f), (long)et_json_num(tmp, "line", 0), 0);
				cJSON_Delete(tmp);
			}
		}
		et_json_set(rec, "causes", causes);
	}
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_dotnet = { .name = "dotnet", .triggers = dn_triggers,
	.state_size = sizeof(dn_state), .start = dn_start, .more = dn_more, .finish = dn_finish };

/* ---- dotnet test (VSTest console logger) ---- */

static const char *const dt_triggers[] = { "Failed ", NULL };

/* "  Failed NAME [21 ms]" / "Failed   NAME": the name */
static int dt_head(const ec_line *l, const char **name, size_t *nl)
{
	const char *p = l->s, *e = p + l->len;
	while (p < e && *p == ' ')
		p++;
	if (e - p < 8 || memcmp(p, "Failed ", 7))
		return 0;
	p += 7;
	const char *w = p;
	while (p < e && *p == ' ')
		p++;
	if (p == e || *p == '!' || *p == '-')
		return 0;       /* "Failed!  - Failed: 1, Passed: 2 ..." is the summary */
	/* "Failed NAME [21 ms]" (now) or "Failed   NAME" (older, aligned with "Passed   ") */
	const char *q = e;
	int dur = 0;
	if (q > p && q[-1] == ']') {
		const char *o = q - 1;
		while (o > p && o[-1] != '[')
			o--;
		if (o > p + 1 && o[-2] == ' ' && ec_memfind(o, (size_t)(q - o), "s]")) {
			q = o - 2;
			dur = 1;
		}
	}
	if (!dur && p - w < 3)
		return 0;
	/* a test name has no spaces outside its argument list */
	const char *par = memchr(p, '(', (size_t)(q - p));
	if (memchr(p, ' ', (size_t)((par ? par : q) - p)))
		return 0;
	*name = p;
	*nl = (size_t)(q - p);
	return 1;
}

static enum ec_verdict dt_start(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	const char *n;
	size_t nl;
	return dt_head(l, &n, &nl) ? EC_START : EC_NO;
}

static enum ec_verdict dt_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	const char *n;
	size_t nl;
	if (dt_head(l, &n, &nl))
		return EC_NO;
	if (ec_blank(l) || l->s[0] == ' ')
		return EC_MORE;
	/* xUnit's message lines start at column 1 ("Expected: 4") inside Error Message: */
	return EC_NO;
}

static void dt_finish(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	const char *name;
	size_t nl;
	while (n > 1 && ec_blank(&lines[n - 1]))
		n--;
	if (!n || !dt_head(&lines[0], &name, &nl))
		return;
	for (size_t i = 1; i < n; i++) {        /* ends before the next test's "Passed"/"Skipped" line */
		const char *b;
		size_t bl;
		ec_trim(lines[i].s, lines[i].len, &b, &bl);
		if (ec_mem_starts(b, bl, "Passed ") || ec_mem_starts(b, bl, "Skipped ")) {
			n = i;
			break;
		}
	}
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1), *frames = cJSON_CreateArray();
	ec_set_level(rec, "error");
	ec_set_strn(rec, "test", name, nl);
	int in_msg = 0, in_stack = 0, have_msg = 0;
	for (size_t i = 1; i < n; i++) {
		const char *b;
		size_t bl;
		ec_trim(lines[i].s, lines[i].len, &b, &bl);
		if (bl && b[bl - 1] == ':' && (ec_mem_starts(b, bl, "Error Message:") ||
					       ec_mem_starts(b, bl, "Stack Trace:") ||
					       ec_mem_starts(b, bl, "Standard Output Messages:") ||
					       ec_mem_starts(b, bl, "Standard Error Messages:"))) {
			in_msg = b[0] == 'E';
			in_stack = b[0] == 'S' && b[1] == 't' && b[2] == 'a' && b[3] == 'c';
			continue;
		}
		if (in_msg && bl && !have_msg) {
			have_msg = 1;
			/* "System.InvalidOperationException : msg" (xUnit) or "Type: msg" */
			const char *c = ec_memfind(b, bl, " : ");
			size_t k = c ? (size_t)(c - b) : 0;
			if (c && dn_type(b, k) == k) {
				ec_set_strn(rec, "type", b, k);
				ec_set_strn(rec, "message", c + 3, bl - k - 3);
			} else if ((k = dn_type(b, bl)) != 0 && k + 2 <= bl &&
				   (ec_mem_ends(b, k, "Exception") || ec_mem_ends(b, k, "Error"))) {
				ec_set_strn(rec, "type", b, k);
				ec_set_strn(rec, "message", b + k + 2, bl - k - 2);
			} else {
				ec_set_strn(rec, "message", b, bl);
			}
		}
		if (in_stack && dn_frame_line(&lines[i]))
			cJSON_InsertItemInArray(frames, 0, dn_frame(&lines[i]));
	}
	if (!have_msg)
		ec_set_strn(rec, "message", name, nl);
	ec_set_frames(ctx, rec, frames);
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_dotnettest = { .name = "dotnettest", .triggers = dt_triggers,
	.start = dt_start, .more = dt_more, .finish = dt_finish };
