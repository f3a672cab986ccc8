/* driver.c: errcap's engine: lines in, parsers in between, records out. */
#include "driver.h"
#include "core_prefix.h"
#include "core_scan.h"
#include "et_buf.h"
#include "et_frame.h"
#include "et_cli.h"
#include "et_ctype.h"
#include "et_rec.h"
#include "et_schema.h"
#include "et_time.h"
#include "et_utf8.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define RING_MIN 16             /* ordinary lines kept for lookback */
#define BLOCK_MAX_LINES 4000    /* lines stored of one block: head + tail */
#define BLOCK_MAX_BYTES (4u << 20)
#define DIR_DEPTH 32
#define MAX_JOBS 32             /* jobs with their own parser state */
#define MAX_SHARED 8            /* ec_shared blocks of one run */
#define HUNK_SIDES 8            /* files of a combined diff's hunk (@@@ ... @@@: 3) */

/* A stored line: its text lives in its own et_buf (or, for a while, in the caller's buffer: ref). */
typedef struct {
	et_buf text;
	size_t no;
	/*
	 * A ring line may instead still stand in the caller's buffer during
	 * ec_feed_buf: ref[0..reflen), raw when its prefix is not yet removed.
	 * It is copied into text before anyone looks (ring_at) and before
	 * ec_feed_buf returns.
	 */
	const char *ref;
	size_t reflen;
	int raw;
	ec_line view;           /* what ec_back hands out for this line */
} sline;

struct ec_ctx {
	ec_options opt;
	const char *name;
	void **state;                   /* per parser */
	int open;                       /* index of the parser with an open block, or -1 */
	int finishing;                  /* index of the parser in finish, or -1 */
	size_t rec_end;                 /* in finish: the last input line of its records so far */
	int give_back;                  /* in finish: ec_give_back was called */
	size_t fallback;                /* index of EC_PARSER_LAST, or (size_t)-1 */
	/* ordinary lines: a ring of the last ring_cap */
	sline *ring;
	size_t ring_cap, ring_len, ring_head;   /* ring_head: index of the oldest */
	size_t claim;                   /* ec_claim_back during a start call */
	/* the open block */
	sline *block;
	size_t block_len, block_cap;
	size_t block_bytes, block_dropped;
	/* context captured when the block began */
	sline *ctxl;
	size_t ctx_len;
	/* make's directory stack */
	char *dirs[DIR_DEPTH];
	size_t ndirs;
	/*
	 * A unified diff's hunk is being quoted (diff_hunk): its lines are no
	 * parser's. hunk_left[i]: lines still to come of side i (the old
	 * files, then the new one); hunk_sides: how many sides.
	 * DIFF_AFTER: a hunk has just ended; the next line may be a further
	 * hunk of the same diff or its "\ No newline at end of file".
	 */
	enum { DIFF_NONE, DIFF_HUNK, DIFF_AFTER } diff;
	unsigned long hunk_left[HUNK_SIDES];
	unsigned hunk_sides;
	size_t hdr_no[2];       /* the last fed "--- " and "+++ " lines (diff_hdr_at) */
	ec_counts counts;
	et_buf tmp;
	core_scan *scan;                /* every enabled parser's triggers */
	/*
	 * The location finder (EC_PARSER_LAST, the fallback, at index
	 * fallback wherever the table puts it) took the line before this one: its block waits one line, in case a
	 * parser claims that line back (a rustc " --> ", a node "    at "),
	 * and up to WAIT_MAX lines more while it wants none of them.
	 * wait: its verdict (0: none), wait_claim: its claim then,
	 * wait_skip: ordinary lines since its line.
	 */
	int wait;
	size_t wait_claim, wait_skip;
	unsigned dir_owner;             /* the scanner's owner id for make's directories */
	unsigned diff_owner;            /* and for a unified diff's hunk header ("@@ -") */
	/*
	 * Parsers with a reach (parser.h): their indexes, and for each parser
	 * how many more lines start is offered since its last trigger line;
	 * reach_pending: one of those counts is not 0.
	 */
	unsigned *reachers;
	size_t nreach;
	size_t *reach_left;
	int reach_pending;
	/*
	 * This input holds `go test -json` events (test2json): their Output is
	 * fed as the lines go test -v prints, so no line is quiet (ec_feed_buf's
	 * fast path would keep the raw events for context and lookback).
	 */
	int t2j;
	et_buf t2j_line;                /* an Output line being fed */
	int lazy;                       /* in ec_feed_buf: ring lines may stay in the buffer */
	/*
	 * Parallel jobs: lines with a job prefix ("[build] ", "web-1  | ") go
	 * to that job's own context (own blocks, context lines and make
	 * directories), so that interleaved jobs do not cut each other's
	 * blocks. Children share the parent's scanner and counts.
	 */
	ec_ctx *parent;
	void (*sink)(void *, cJSON *);  /* ec_set_sink */
	void *sink_arg;
	unsigned long long input_errors;        /* error and fatal records of this input (job) */
	unsigned long input_serial;             /* inputs begun */
	struct job { char *name; size_t len; ec_ctx *ctx; } jobs[MAX_JOBS];
	size_t njobs;
	/*
	 * Ordinary lines not yet copied into the ring, oldest first (during
	 * ec_feed_buf): single lines, or whole runs of quiet lines (regions),
	 * still in the caller's buffer. Copied by pend_flush when someone
	 * looks at the ring, and before ec_feed_buf returns.
	 */
	struct pitem {
		const char *p;          /* a line, or a region ending in '\n' */
		size_t len, no;         /* no: the number of its (last) line */
		size_t nlines;          /* 0: a single line */
		int raw;                /* prefixes not yet removed */
	} *pend;
	size_t npend, pend_max;
	/*
	 * -A N: records emitted since the last ordinary lines, waiting for
	 * theirs (after: their context_after array, owned by rec)
	 */
	struct held { cJSON *rec, *after; } *held;
	size_t nheld, held_cap, held_lines;
	/* ec_shared: blocks the parsers of this run share (root context only) */
	struct shared { const void *key; void *p; } shared[MAX_SHARED];
	size_t nshared;
};

static void sline_set(sline *s, const char *p, size_t n, size_t no)
{
	et_buf_reset(&s->text);
	et_buf_add(&s->text, p, n);
	s->no = no;
	s->ref = NULL;
}

/* keep context lines short: they are context, not data */
#define RING_LINE_MAX 4096

static void sline_materialize(const ec_ctx *ctx, sline *s)
{
	const char *p = s->ref;
	size_t n = s->reflen;
	if (!p)
		return;
	if (s->raw && !ctx->opt.no_prefixes)
		n = core_strip_prefix(p, n, &p);
	et_buf_reset(&s->text);
	et_buf_add(&s->text, p, et_utf8_cut(p, n, RING_LINE_MAX));
	s->ref = NULL;
}

static ec_ctx *ctx_new(const ec_options *opt, ec_ctx *parent)
{
	ec_ctx *ctx = et_xcalloc(1, sizeof *ctx);
	ctx->opt = *opt;
	ctx->open = -1;
	ctx->finishing = -1;
	ctx->ring_cap = opt->context > RING_MIN ? opt->context : RING_MIN;
	ctx->ring = et_xcalloc(ctx->ring_cap, sizeof *ctx->ring);
	ctx->pend_max = ctx->ring_cap + 16;
	ctx->pend = et_xcalloc(ctx->pend_max, sizeof *ctx->pend);
	ctx->ctxl = et_xcalloc(ctx->ring_cap, sizeof *ctx->ctxl);
	for (size_t i = 0; i < ctx->ring_cap; i++) {
		et_buf_init(&ctx->ring[i].text, 0);
		et_buf_init(&ctx->ctxl[i].text, 0);
	}
	if (!ctx->opt.parsers) {
		ctx->opt.parsers = ec_parsers;
		ctx->opt.nparsers = ec_nparsers;
	}
	ctx->state = et_xcalloc(ctx->opt.nparsers ? ctx->opt.nparsers : 1, sizeof *ctx->state);
	for (size_t i = 0; i < ctx->opt.nparsers; i++) {
		const ec_parser *p = ctx->opt.parsers[i];
		if (ctx->opt.create_for && (ctx->state[i] = ctx->opt.create_for(p)))
			continue;
		if (p->create)
			ctx->state[i] = p->create();
		else if (p->state_size)
			ctx->state[i] = et_xcalloc(1, p->state_size);
	}
	ctx->fallback = (size_t)-1;
	for (size_t i = 0; i < ctx->opt.nparsers; i++)
		if (!strcmp(ctx->opt.parsers[i]->name, EC_PARSER_LAST))
			ctx->fallback = i;
	ctx->reach_left = et_xcalloc(ctx->opt.nparsers ? ctx->opt.nparsers : 1, sizeof *ctx->reach_left);
	ctx->reachers = et_xcalloc(ctx->opt.nparsers ? ctx->opt.nparsers : 1, sizeof *ctx->reachers);
	for (size_t i = 0; i < ctx->opt.nparsers; i++)
		if (ctx->opt.parsers[i]->reach && ctx->opt.parsers[i]->triggers)
			ctx->reachers[ctx->nreach++] = (unsigned)i;
	et_buf_init(&ctx->tmp, 0);
	et_buf_init(&ctx->t2j_line, 0);
	ctx->name = parent ? parent->name : "-";
	ctx->parent = parent;
	if (parent) {
		ctx->scan = parent->scan;
		ctx->dir_owner = parent->dir_owner;
		ctx->diff_owner = parent->diff_owner;
		return ctx;
	}
	/* one prefilter for all parsers: owner i = parser i */
	ctx->scan = core_scan_new();
	for (size_t i = 0; i < ctx->opt.nparsers; i++) {
		const ec_parser *p = ctx->opt.parsers[i];
		if (opt->enabled && !opt->enabled[i])
			continue;
		if (!p->triggers)
			core_scan_always(ctx->scan, (unsigned)i);
		else
			for (const char *const *t = p->triggers; *t; t++)
				core_scan_add(ctx->scan, *t, (unsigned)i);
	}
	ctx->dir_owner = (unsigned)ctx->opt.nparsers;
	core_scan_add(ctx->scan, "ing directory ", ctx->dir_owner);
	ctx->diff_owner = ctx->dir_owner + 1;
	core_scan_add(ctx->scan, "@@ -", ctx->diff_owner);
	core_scan_build(ctx->scan);
	return ctx;
}

/* writes the records waiting for their lines after */
static void held_flush(ec_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nheld; i++) {
		et_rec_write(ctx->held[i].rec);
		cJSON_Delete(ctx->held[i].rec);
	}
	ctx->nheld = ctx->held_lines = 0;
}

/* an ordinary line: context after the waiting records, written once they have -A lines */
static void held_line(ec_ctx *ctx, const char *s, size_t n)
{
	if (!ctx->nheld)
		return;
	n = et_utf8_cut(s, n, RING_LINE_MAX);
	for (size_t i = 0; i < ctx->nheld; i++)
		cJSON_AddItemToArray(ctx->held[i].after, et_json_strn(s, n));
	if (++ctx->held_lines >= ctx->opt.after)
		held_flush(ctx);
}

ec_ctx *ec_ctx_new(const ec_options *opt)
{
	return ctx_new(opt, NULL);
}

static void jobs_free(ec_ctx *ctx)
{
	for (size_t i = 0; i < ctx->njobs; i++) {
		free(ctx->jobs[i].name);
		ec_ctx_free(ctx->jobs[i].ctx);
	}
	ctx->njobs = 0;
}

/* The context of job name[0..n), made on first use; the parent when full. */
static ec_ctx *job_ctx(ec_ctx *ctx, const char *name, size_t n)
{
	for (size_t i = 0; i < ctx->njobs; i++)
		if (ctx->jobs[i].len == n && !memcmp(ctx->jobs[i].name, name, n))
			return ctx->jobs[i].ctx;
	if (ctx->njobs == MAX_JOBS)
		return ctx;
	ctx->jobs[ctx->njobs].name = et_xstrndup(name, n);
	ctx->jobs[ctx->njobs].len = n;
	ctx->jobs[ctx->njobs].ctx = ctx_new(&ctx->opt, ctx);
	return ctx->jobs[ctx->njobs++].ctx;
}

void ec_ctx_free(ec_ctx *ctx)
{
	if (!ctx)
		return;
	held_flush(ctx);        /* ec_flush has written them, unless the input was cut short */
	free(ctx->held);
	jobs_free(ctx);
	for (size_t i = 0; i < ctx->opt.nparsers; i++)
		if (ctx->opt.parsers[i]->destroy)
			ctx->opt.parsers[i]->destroy(ctx->state[i]);
		else
			free(ctx->state[i]);
	free(ctx->state);
	free(ctx->reachers);
	free(ctx->reach_left);
	for (size_t i = 0; i < ctx->ring_cap; i++) {
		et_buf_release(&ctx->ring[i].text);
		et_buf_release(&ctx->ctxl[i].text);
	}
	for (size_t i = 0; i < ctx->block_cap; i++)
		et_buf_release(&ctx->block[i].text);
	for (size_t i = 0; i < ctx->ndirs; i++)
		free(ctx->dirs[i]);
	free(ctx->ring);
	free(ctx->pend);
	free(ctx->ctxl);
	free(ctx->block);
	et_buf_release(&ctx->tmp);
	et_buf_release(&ctx->t2j_line);
	if (!ctx->parent)
		core_scan_free(ctx->scan);
	for (size_t i = 0; i < ctx->nshared; i++)
		free(ctx->shared[i].p);
	free(ctx);
}

const ec_counts *ec_get_counts(const ec_ctx *ctx) { return &ctx->counts; }

unsigned long long ec_input_errors(const ec_ctx *ctx) { return ctx->input_errors; }

unsigned long ec_input_serial(const ec_ctx *ctx)
{
	return ctx->parent ? ctx->parent->input_serial : ctx->input_serial;
}

int ec_block_open(const ec_ctx *ctx)
{
	if (ctx->open >= 0 || ctx->wait || ctx->nheld)
		return 1;
	for (size_t i = 0; i < ctx->njobs; i++)
		if (ctx->jobs[i].ctx->open >= 0 || ctx->jobs[i].ctx->wait || ctx->jobs[i].ctx->nheld)
			return 1;
	return 0;
}

size_t ec_lookback(const ec_ctx *ctx)
{
	return ctx->ring_cap;
}

void ec_begin_input(ec_ctx *ctx, const char *name)
{
	ec_flush(ctx);
	jobs_free(ctx);
	ctx->name = name;
	ctx->input_errors = 0;
	ctx->input_serial++;
	ctx->t2j = 0;
	ctx->ring_len = ctx->ring_head = 0;
	ctx->npend = 0;
	for (size_t i = 0; i < ctx->ndirs; i++)
		free(ctx->dirs[i]);
	ctx->ndirs = 0;
	ctx->diff = DIFF_NONE;
	ctx->hdr_no[0] = ctx->hdr_no[1] = 0;
}

/* ---- the ring of ordinary lines ---- */

static void pend_flush(ec_ctx *ctx);

static sline *ring_at(ec_ctx *ctx, size_t k)   /* k = 1: newest */
{
	sline *s;
	pend_flush(ctx);
	if (k == 0 || k > ctx->ring_len)
		return NULL;
	s = &ctx->ring[(ctx->ring_head + ctx->ring_len - k) % ctx->ring_cap];
	sline_materialize(ctx, s);
	return s;
}

static void ring_materialize(ec_ctx *ctx)
{
	for (size_t k = 1; k <= ctx->ring_len; k++)
		ring_at(ctx, k);
}

static sline *ring_slot(ec_ctx *ctx)
{
	sline *s;
	if (ctx->ring_len == ctx->ring_cap) {
		s = &ctx->ring[ctx->ring_head];
		ctx->ring_head = (ctx->ring_head + 1) % ctx->ring_cap;
	} else {
		s = &ctx->ring[(ctx->ring_head + ctx->ring_len) % ctx->ring_cap];
		ctx->ring_len++;
	}
	return s;
}

static void pend_add(ec_ctx *ctx, const char *p, size_t len, size_t no, size_t nlines, int raw)
{
	if (ctx->npend == ctx->pend_max) {
		/* keep only the newest items that hold ring_cap lines: the older
		 * ones, and the ring itself, would be pushed out anyway */
		size_t have = 0, i = ctx->npend;
		while (i > 0 && have < ctx->ring_cap) {
			i--;
			have += ctx->pend[i].nlines ? ctx->pend[i].nlines : 1;
		}
		if (have >= ctx->ring_cap) {
			memmove(ctx->pend, ctx->pend + i, (ctx->npend - i) * sizeof *ctx->pend);
			ctx->npend -= i;
			ctx->ring_len = ctx->ring_head = 0;
		}
	}
	ctx->pend[ctx->npend++] = (struct pitem){ p, len, no, nlines, raw };
}

static void ring_push(ec_ctx *ctx, const char *p, size_t n, size_t no)
{
	sline *s;
	if (ctx->lazy) {
		pend_add(ctx, p, n, no, 0, 0);
		return;
	}
	s = ring_slot(ctx);
	sline_set(s, p, et_utf8_cut(p, n, RING_LINE_MAX), no);
}

/* Copies the newest ring_cap pending lines into the ring, oldest first. */
static void pend_flush(ec_ctx *ctx)
{
	size_t want = 0, i, n = ctx->npend, skip;
	if (!n)
		return;
	ctx->npend = 0;
	for (i = n; i > 0 && want < ctx->ring_cap; i--)
		want += ctx->pend[i - 1].nlines ? ctx->pend[i - 1].nlines : 1;
	/* items [i, n) hold want lines; the oldest surplus ones are skipped */
	skip = want > ctx->ring_cap ? want - ctx->ring_cap : 0;
	for (; i < n; i++) {
		const struct pitem *it = &ctx->pend[i];
		if (!it->nlines) {
			sline *sl = ring_slot(ctx);
			sl->ref = it->p;
			sl->reflen = it->len;
			sl->raw = it->raw;
			sl->no = it->no;
			sline_materialize(ctx, sl);
		} else {
			const char *q = it->p, *end = it->p + it->len;
			size_t no = it->no - it->nlines;
			for (; skip; skip--, no++)
				q = (const char *)memchr(q, '\n', (size_t)(end - q)) + 1;
			while (q < end) {
				const char *nl = memchr(q, '\n', (size_t)(end - q));
				sline *sl = ring_slot(ctx);
				sl->ref = q;
				sl->reflen = (size_t)(nl - q);
				sl->raw = it->raw;
				sl->no = ++no;
				sline_materialize(ctx, sl);
				q = nl + 1;
			}
		}
		skip = 0;
	}
}

const ec_line *ec_back(ec_ctx *ctx, size_t k)
{
	sline *s = ring_at(ctx, k);
	if (!s)
		return NULL;
	s->view.s = s->text.buf;
	s->view.len = s->text.len;
	s->view.no = s->no;
	return &s->view;
}

void *ec_shared(ec_ctx *ctx, const void *key, size_t size)
{
	while (ctx->parent)
		ctx = ctx->parent;
	for (size_t i = 0; i < ctx->nshared; i++)
		if (ctx->shared[i].key == key)
			return ctx->shared[i].p;
	if (ctx->nshared == MAX_SHARED)
		et_die("ec_shared: more than %d shared blocks", MAX_SHARED);
	ctx->shared[ctx->nshared].key = key;
	return ctx->shared[ctx->nshared++].p = et_xcalloc(1, size);
}

void ec_claim_back(ec_ctx *ctx, size_t k)
{
	pend_flush(ctx);
	ctx->claim = k <= ctx->ring_len ? k : ctx->ring_len;
}

/* ---- the open block ---- */

static void block_add(ec_ctx *ctx, const char *p, size_t n, size_t no)
{
	if (ctx->block_len >= BLOCK_MAX_LINES || ctx->block_bytes + n > BLOCK_MAX_BYTES) {
		/* keep the head; the tail slides over the second half */
		size_t half = BLOCK_MAX_LINES / 2;
		if (ctx->block_len < half + 1) {
			ctx->block_dropped++;
			return;
		}
		sline keep = ctx->block[half];
		memmove(&ctx->block[half], &ctx->block[half + 1],
			(ctx->block_len - half - 1) * sizeof *ctx->block);
		ctx->block[ctx->block_len - 1] = keep;
		ctx->block_bytes -= keep.text.len;
		ctx->block_len--;
		ctx->block_dropped++;
	}
	if (ctx->block_len == ctx->block_cap) {
		size_t cap = ctx->block_cap ? ctx->block_cap * 2 : 64;
		ctx->block = et_xrealloc(ctx->block, cap * sizeof *ctx->block);
		for (size_t i = ctx->block_cap; i < cap; i++)
			et_buf_init(&ctx->block[i].text, 0);
		ctx->block_cap = cap;
	}
	sline_set(&ctx->block[ctx->block_len++], p, n, no);
	ctx->block_bytes += n;
}

static void block_begin(ec_ctx *ctx, int parser)
{
	pend_flush(ctx);
	size_t k = ctx->claim, keep = ctx->opt.context;
	ctx->open = parser;
	ctx->block_len = ctx->block_bytes = ctx->block_dropped = 0;
	/* the claimed lines move into the block; the ones before are context */
	for (size_t i = k; i >= 1; i--) {
		sline *s = ring_at(ctx, i);
		block_add(ctx, s->text.buf, s->text.len, s->no);
	}
	ctx->ring_len -= k;
	ctx->ctx_len = 0;
	if (keep > ctx->ring_len)
		keep = ctx->ring_len;
	for (size_t i = keep; i >= 1; i--) {
		sline *s = ring_at(ctx, i);
		sline_set(&ctx->ctxl[ctx->ctx_len++], s->text.buf, s->text.len, s->no);
	}
	ctx->ring_len = 0;      /* lines before a block are not context twice */
	ctx->claim = 0;
}

static void block_end(ec_ctx *ctx)
{
	int p = ctx->open;
	size_t n = ctx->block_len;
	ec_line *lines;
	int gave_back;
	if (p < 0)
		return;
	while (n > 1 && ec_blank(&(ec_line){ ctx->block[n - 1].text.buf,
					     ctx->block[n - 1].text.len, 0 }))
		n--;
	lines = et_xmalloc((n ? n : 1) * sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		lines[i].s = ctx->block[i].text.buf;
		lines[i].len = ctx->block[i].text.len;
		lines[i].no = ctx->block[i].no;
	}
	ctx->open = -1;
	ctx->finishing = p;
	ctx->rec_end = 0;
	ctx->give_back = 0;
	ctx->opt.parsers[p]->finish(ctx->state[p], ctx, lines, n);
	ctx->finishing = -1;
	free(lines);
	gave_back = ctx->give_back;
	if (ctx->give_back) {
		/* back into the ring: the context the block took, then its lines */
		ctx->give_back = 0;
		pend_flush(ctx);
		for (size_t i = 0; i < ctx->ctx_len; i++)
			sline_set(ring_slot(ctx), ctx->ctxl[i].text.buf, ctx->ctxl[i].text.len,
				  ctx->ctxl[i].no);
		for (size_t i = 0; i < ctx->block_len; i++)
			sline_set(ring_slot(ctx), ctx->block[i].text.buf,
				  et_utf8_cut(ctx->block[i].text.buf, ctx->block[i].text.len, RING_LINE_MAX),
				  ctx->block[i].no);
	}
	/* the block's lines after its records' last one are ordinary lines after them */
	for (size_t i = 0; ctx->nheld && i < ctx->block_len; i++)
		if (ctx->block[i].no > ctx->rec_end)
			held_line(ctx, ctx->block[i].text.buf, ctx->block[i].text.len);
	/* ... and, when it had records, context before the next block (-B) */
	if (ctx->rec_end && !gave_back) {
		pend_flush(ctx);
		for (size_t i = 0; i < ctx->block_len; i++)
			if (ctx->block[i].no > ctx->rec_end)
				sline_set(ring_slot(ctx), ctx->block[i].text.buf,
					  et_utf8_cut(ctx->block[i].text.buf, ctx->block[i].text.len, RING_LINE_MAX),
					  ctx->block[i].no);
	}
	ctx->block_len = 0;
	ctx->ctx_len = 0;
	/* don't let one huge block keep its memory */
	if (ctx->block_cap > 256) {
		for (size_t i = 0; i < ctx->block_cap; i++)
			et_buf_release(&ctx->block[i].text);
		free(ctx->block);
		ctx->block = NULL;
		ctx->block_cap = 0;
	}
}

void ec_give_back(ec_ctx *ctx)
{
	if (ctx->finishing >= 0)
		ctx->give_back = 1;
}

static void wait_open(ec_ctx *ctx);

void ec_flush(ec_ctx *ctx)
{
	wait_open(ctx);
	block_end(ctx);
	held_flush(ctx);
	for (size_t i = 0; i < ctx->njobs; i++) {
		wait_open(ctx->jobs[i].ctx);
		block_end(ctx->jobs[i].ctx);
		held_flush(ctx->jobs[i].ctx);
	}
}

/* ---- make's Entering/Leaving directory ---- */

static void track_dirs(ec_ctx *ctx, const char *s, size_t n)
{
	const char *p, *q;
	if (!(p = memmem(s, n, "ing directory ", 14)))
		return;
	if (!memmem(s, (size_t)(p - s), "make", 4))
		return;
	int entering = p - s >= 5 && !memcmp(p - 5, "Enter", 5);
	int leaving = p - s >= 4 && !memcmp(p - 4, "Leav", 4);
	p += 14;
	if (*p == '\'' || *p == '`' || *p == '"')
		p++;
	q = s + n;
	while (q > p && (q[-1] == '\'' || q[-1] == '"'))
		q--;
	if (entering && ctx->ndirs < DIR_DEPTH)
		ctx->dirs[ctx->ndirs++] = et_xstrndup(p, (size_t)(q - p));
	else if (leaving && ctx->ndirs > 0)
		free(ctx->dirs[--ctx->ndirs]);
}

void ec_feed_state(ec_ctx *ctx, char *line, size_t len)
{
	const char *s = line, *job = NULL;
	size_t n, joblen = 0;
	len = et_utf8_strip_escapes(line, len);
	n = ctx->opt.no_prefixes ? len : core_strip_prefix_job(line, len, &s, &job, &joblen);
	if (!job)
		track_dirs(ctx, s, n);
}

/* ---- unified diffs: the lines of a hunk are quoted text ---- */

/*
 * Is s[0..n) a hunk header: "@@ -a,b +c,d @@" (",b" and ",d" may be left
 * out: 1 line), or a combined diff's "@@@ -a,b -c,d +e,f @@@" (one '@' and
 * one "-a,b" more for every further old file), then the end of the line or
 * a space? Sets left[0..*sides) to the line counts, old files first.
 */
static int diff_header(const char *s, size_t n, unsigned long *left, unsigned *sides)
{
	const char *p = s, *e = s + n;
	unsigned at = 0;
	while (p < e && *p == '@')
		p++, at++;
	if (at < 2 || at > HUNK_SIDES)
		return 0;
	for (unsigned i = 0; i < at; i++) {
		long count = 1;
		if (e - p < 3 || p[0] != ' ' || p[1] != (i + 1 < at ? '-' : '+'))
			return 0;
		p += 2;
		if (ec_num(&p, e) < 0 || (p < e && *p == ',' && (++p, (count = ec_num(&p, e)) < 0)))
			return 0;
		left[i] = (unsigned long)count;
	}
	if (e - p < (ptrdiff_t)at + 1 || *p++ != ' ')
		return 0;
	for (unsigned i = 0; i < at; i++)
		if (*p++ != '@')
			return 0;
	if (p < e && *p != ' ')
		return 0;
	*sides = at;
	return 1;
}

/* Begins the hunk whose sides have left[0..sides) lines. */
static void diff_hunk(ec_ctx *ctx, const unsigned long *left, unsigned sides)
{
	int any = 0;
	for (unsigned i = 0; i < sides; i++)
		any |= (ctx->hunk_left[i] = left[i]) != 0;
	ctx->hunk_sides = sides;
	ctx->diff = any ? DIFF_HUNK : DIFF_AFTER;
}

/*
 * Is line no of the input a diff's "--- old" (side 0) or "+++ new" (side
 * 1) line? Such lines that went through feed_line are remembered
 * (hdr_no), whatever a parser made of them; the quiet ones the fast path
 * skipped are in the ring.
 */
static int diff_hdr_at(ec_ctx *ctx, size_t no, int side)
{
	if (ctx->hdr_no[side] == no)
		return 1;
	for (size_t k = 1; k <= 2; k++) {
		const ec_line *l = ec_back(ctx, k);
		if (l && l->no == no)
			return l->len >= 4 && !memcmp(l->s, side ? "+++ " : "--- ", 4);
	}
	return 0;
}

/*
 * A diff begins at l: it is a hunk header right after the "--- old" and
 * "+++ new" lines of a file's diff (diff -u, git diff, black --diff).
 */
static int diff_begins(ec_ctx *ctx, const ec_line *l)
{
	unsigned long left[HUNK_SIDES];
	unsigned sides;
	if (!l->len || l->s[0] != '@' || l->no < 3 || !diff_header(l->s, l->len, left, &sides) ||
	    !diff_hdr_at(ctx, l->no - 1, 1) || !diff_hdr_at(ctx, l->no - 2, 0))
		return 0;
	diff_hunk(ctx, left, sides);
	return 1;
}

/*
 * Is s[0..n) quoted text of the diff being read? A line of the hunk (its
 * first hunk_sides - 1 bytes from ' ', '-' and '+'; an empty line is a
 * context line whose space was stripped) counts for the sides that hold
 * it; "\ No newline at end of file" counts for none. Once every side's
 * lines have come, a hunk header right after begins the next hunk. Any
 * other line ends the diff (returns 0).
 */
static int diff_quoted(ec_ctx *ctx, const char *s, size_t n)
{
	unsigned cols = ctx->hunk_sides - 1, plus = 0, i;
	int minus = 0;
	unsigned long left[HUNK_SIDES];
	unsigned sides;
	if (n && s[0] == '\\')
		return 1;
	if (ctx->diff == DIFF_AFTER) {
		if (n && s[0] == '@' && diff_header(s, n, left, &sides)) {
			diff_hunk(ctx, left, sides);
			return 1;
		}
		ctx->diff = DIFF_NONE;
		return 0;
	}
	for (i = 0; i < cols; i++) {
		char c = i < n ? s[i] : ' ';
		if (c == '+')
			plus |= 1u << i;
		else if (c == '-')
			minus = 1;
		else if (c != ' ')
			break;
	}
	/* the sides holding the line: old file i unless '+' in its column,
	 * the new file unless a '-' anywhere */
	for (unsigned j = 0; i == cols && j < cols; j++)
		if (!(plus >> j & 1) && !ctx->hunk_left[j])
			i = cols + 1;
	if (i == cols && !minus && !ctx->hunk_left[cols])
		i = cols + 1;
	if (i != cols) {
		ctx->diff = DIFF_NONE;  /* not a line of this hunk */
		return 0;
	}
	int any = 0;
	for (unsigned j = 0; j < cols; j++) {
		if (!(plus >> j & 1))
			ctx->hunk_left[j]--;
		any |= ctx->hunk_left[j] != 0;
	}
	if (!minus)
		ctx->hunk_left[cols]--;
	any |= ctx->hunk_left[cols] != 0;
	if (!any)
		ctx->diff = DIFF_AFTER;
	return 1;
}

/* ---- feeding lines ---- */

/* the location finder's index in this run's table (none: (size_t)-1) */
#define FALLBACK (ctx->fallback)
#define WAIT_MAX 4

/*
 * The fallback's waiting block opens: its line and the ones it claimed;
 * the wait_skip lines after its line stay ordinary. The block stays open
 * only when it may go on (no line after it yet, and start said EC_START).
 */
static void wait_open(ec_ctx *ctx)
{
	int v = ctx->wait;
	size_t skip = ctx->wait_skip, k;
	struct { char *s; size_t n, no; } *keep = NULL;
	if (!v)
		return;
	ctx->wait = 0;
	ctx->wait_skip = 0;
	pend_flush(ctx);
	held_flush(ctx);        /* their context after ends where this block begins */
	if (skip >= ctx->ring_len)
		skip = ctx->ring_len ? ctx->ring_len - 1 : 0;
	if (skip) {
		keep = et_xmalloc(skip * sizeof *keep);
		for (size_t i = 0; i < skip; i++) {
			sline *s = ring_at(ctx, skip - i);
			keep[i].s = et_xmalloc(s->text.len + 1);
			memcpy(keep[i].s, s->text.buf, s->text.len);
			keep[i].n = s->text.len;
			keep[i].no = s->no;
		}
		ctx->ring_len -= skip;
	}
	k = ctx->wait_claim + 1;
	ctx->claim = k <= ctx->ring_len ? k : ctx->ring_len;
	block_begin(ctx, (int)FALLBACK);
	if (v == EC_DONE || skip)
		block_end(ctx);
	for (size_t i = 0; i < skip; i++) {
		sline_set(ring_slot(ctx), keep[i].s, keep[i].n, keep[i].no);
		free(keep[i].s);
	}
	free(keep);
}

/*
 * Offers the line to the parsers' start from parser first on; the first
 * that takes it begins its block (the fallback waits a line instead).
 * Returns 1 when one took it.
 */
static int try_start_from(ec_ctx *ctx, const ec_line *l, const core_mask *cand, size_t first)
{
	for (size_t i = first; i < ctx->opt.nparsers; i++) {
		const ec_parser *p = ctx->opt.parsers[i];
		enum ec_verdict v;
		if (!core_mask_has(cand, (unsigned)i))
			continue;       /* disabled, or none of its triggers in the line */
		if (i == FALLBACK && ctx->wait)
			return 0;       /* its waiting line first */
		ctx->claim = 0;
		v = p->start(ctx->state[i], ctx, l);
		if ((v == EC_START || v == EC_DONE) && i == FALLBACK) {
			ctx->wait = v;
			ctx->wait_claim = ctx->claim;
			ctx->claim = 0;
			ring_push(ctx, l->s, l->len, l->no);
			return 1;
		}
		if (v == EC_START || v == EC_DONE) {
			if (ctx->wait) {
				size_t claim = ctx->claim;
				if (claim > ctx->wait_skip) {
					ctx->wait = 0;  /* it took the waiting line back */
					ctx->wait_skip = 0;
				} else {
					wait_open(ctx);
					block_end(ctx);
				}
				ctx->claim = claim;
			}
			held_flush(ctx);        /* their context after ends where a block begins */
			block_begin(ctx, (int)i);
			block_add(ctx, l->s, l->len, l->no);
			if (v == EC_DONE)
				block_end(ctx);
			return 1;
		}
	}
	ctx->claim = 0;
	return 0;
}

static void try_start(ec_ctx *ctx, const ec_line *l, const core_mask *cand)
{
	if (try_start_from(ctx, l, cand, 0))
		return;
	if (ctx->wait) {
		/* no parser took the line: does the fallback's block want it? */
		int p = (int)FALLBACK;
		if (ctx->wait == EC_START && !ctx->wait_skip) {
			enum ec_verdict v = ctx->opt.parsers[p]->more(ctx->state[p], ctx, l);
			if (v == EC_MORE || v == EC_DONE || v == EC_START) {
				wait_open(ctx);
				block_add(ctx, l->s, l->len, l->no);
				if (v == EC_DONE)
					block_end(ctx);
				return;
			}
		}
		/* not its line: wait on while a parser may still claim the line back */
		if (ctx->wait_skip < WAIT_MAX && !core_mask_has(cand, (unsigned)p)) {
			ctx->wait_skip++;
			ring_push(ctx, l->s, l->len, l->no);
			return;
		}
		wait_open(ctx);
		block_end(ctx);
		if (try_start_from(ctx, l, cand, FALLBACK))
			return;
	}
	ring_push(ctx, l->s, l->len, l->no);
	held_line(ctx, l->s, l->len);
}

static void feed_line(ec_ctx *ctx, const ec_line *lp);

/* Does s[0..n) begin as a test2json event does ({"Time":"... or {"Action":"...)? */
static int t2j_like(const char *s, size_t n)
{
	return (n >= 10 && !memcmp(s, "{\"Time\":\"", 9)) ||
	       (n >= 12 && !memcmp(s, "{\"Action\":\"", 11));
}

/*
 * A test2json event (`go test -json`): its Output's lines are fed, each
 * as line lineno, as go test -v prints them; other events (run, pass,
 * fail) hold no text. Returns 0 when the line is not an event.
 */
static int t2j_feed(ec_ctx *ctx, const char *s, size_t n, size_t lineno)
{
	cJSON *ev, *act, *out;
	if (!t2j_like(s, n) || s[n - 1] != '}' || !(ev = cJSON_ParseWithLength(s, n)))
		return 0;
	act = cJSON_GetObjectItemCaseSensitive(ev, "Action");
	out = cJSON_GetObjectItemCaseSensitive(ev, "Output");
	if (!cJSON_IsString(act) || (out && !cJSON_IsString(out)) ||
	    (!cJSON_GetObjectItemCaseSensitive(ev, "Package") && !cJSON_GetObjectItemCaseSensitive(ev, "Test"))) {
		cJSON_Delete(ev);
		return 0;
	}
	ctx->t2j = 1;
	ctx->counts.lines++;
	for (const char *p = out ? out->valuestring : "", *e; *p; p = *e ? e + 1 : e) {
		ec_line l;
		size_t len;
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		et_buf_reset(&ctx->t2j_line);
		et_buf_add(&ctx->t2j_line, p, (size_t)(e - p));
		len = ctx->t2j_line.len;
		if (len && ctx->t2j_line.buf[len - 1] == '\r')
			len--;
		len = et_utf8_strip_escapes(ctx->t2j_line.buf, len);
		ctx->t2j_line.buf[len] = '\0';
		l.s = ctx->t2j_line.buf;
		l.len = len;
		l.no = lineno;
		feed_line(ctx, &l);
	}
	cJSON_Delete(ev);
	return 1;
}

void ec_feed(ec_ctx *ctx, char *line, size_t len, size_t lineno)
{
	ec_line l;
	const char *job = NULL;
	size_t joblen = 0;
	len = et_utf8_strip_escapes(line, len);
	line[len] = '\0';
	if (ctx->opt.no_prefixes)
		l.s = line, l.len = len;
	else
		l.len = core_strip_prefix_job(line, len, &l.s, &job, &joblen);
	l.no = lineno;
	if (!job && t2j_feed(ctx, l.s, l.len, lineno))
		return;
	ctx->counts.lines++;
	feed_line(job && !ctx->parent ? job_ctx(ctx, job, joblen) : ctx, &l);
}

/*
 * Adds to cand the parsers with a reach whose last trigger line is at most
 * their reach lines before this one.
 */
static void reach_apply(ec_ctx *ctx, core_mask *cand)
{
	ctx->reach_pending = 0;
	for (size_t k = 0; k < ctx->nreach; k++) {
		unsigned i = ctx->reachers[k];
		if (core_mask_has(cand, i))
			ctx->reach_left[i] = ctx->opt.parsers[i]->reach;
		else if (ctx->reach_left[i]) {
			core_mask_set(cand, i);
			ctx->reach_left[i]--;
		}
		if (ctx->reach_left[i])
			ctx->reach_pending = 1;
	}
}

/* A clean line, to the context of its job. */
static void feed_line(ec_ctx *ctx, const ec_line *lp)
{
	ec_line l = *lp;
	size_t lineno = l.no;
	core_mask cand;
	if (ctx->diff && diff_quoted(ctx, l.s, l.len)) {
		ring_push(ctx, l.s, l.len, lineno);
		held_line(ctx, l.s, l.len);
		return;
	}
	if (l.len >= 4 && (l.s[0] == '-' || l.s[0] == '+') && l.s[1] == l.s[0] && l.s[2] == l.s[0] &&
	    l.s[3] == ' ')
		ctx->hdr_no[l.s[0] == '+'] = lineno;
	core_scan_line(ctx->scan, l.s, l.len, &cand);
	if (core_mask_has(&cand, ctx->diff_owner) && diff_begins(ctx, &l)) {
		/* a record in progress ends before the quoted text */
		wait_open(ctx);
		block_end(ctx);
		ring_push(ctx, l.s, l.len, lineno);
		held_line(ctx, l.s, l.len);
		return;
	}
	if (ctx->nreach)
		reach_apply(ctx, &cand);
	if (ctx->open >= 0) {
		int p = ctx->open;
		enum ec_verdict v = ctx->opt.parsers[p]->more(ctx->state[p], ctx, &l);
		if (v == EC_MORE || v == EC_DONE || v == EC_START) {
			block_add(ctx, l.s, l.len, lineno);
			if (v == EC_DONE)
				block_end(ctx);
			if (core_mask_has(&cand, ctx->dir_owner))
				track_dirs(ctx, l.s, l.len);
			return;
		}
		block_end(ctx);
	}
	/* after the block before it is finished: its paths are resolved in the
	 * directory it was written in */
	if (core_mask_has(&cand, ctx->dir_owner))
		track_dirs(ctx, l.s, l.len);
	try_start(ctx, &l, &cand);
}

/* ---- feeding a buffer of lines: the fast path ---- */

static void feed_one(ec_ctx *ctx, char *p, char *nl, size_t *lineno, size_t max)
{
	size_t len = (size_t)(nl - p);
	if (len && p[len - 1] == '\r')
		len--;
	if (max && len > max)
		len = et_utf8_cut(p, len, max);
	p[len] = '\0';
	ec_feed(ctx, p, len, ++*lineno);
}

/*
 * p[0..e) are whole lines in which no parser is interested while no block
 * is open: they are only counted, and kept (as one region) for context.
 */
static void feed_quiet(ec_ctx *ctx, const char *p, const char *e, size_t *lineno)
{
	size_t c = core_count_nl(p, (size_t)(e - p));
	if (!c)
		return;
	*lineno += c;
	ctx->counts.lines += c;
	pend_add(ctx, p, (size_t)(e - p), *lineno, c, 1);
}

/*
 * Does buf[0..n) hold a test2json event: {"Time":" anywhere (after a CI
 * prefix), or a line that starts {"Action":"? (found by their "{\"", which
 * build logs seldom hold: a vector search, not memmem's)
 */
static int has_t2j(const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;
	if (t2j_like(buf, n))
		return 1;
	while ((p = core_find_pair(p, (size_t)(end - p), '{', '"'))) {
		size_t left = (size_t)(end - p);
		if ((left >= 9 && !memcmp(p, "{\"Time\":\"", 9)) ||
		    (left >= 11 && p > buf && p[-1] == '\n' && !memcmp(p, "{\"Action\":\"", 11)))
			return 1;
		p++;
	}
	return 0;
}

void ec_feed_buf(ec_ctx *ctx, char *buf, size_t n, size_t *lineno, size_t max)
{
	char *p = buf, *end = buf + n;
	ctx->lazy = 1;
	/* test2json events (maybe after a CI prefix): every line goes to ec_feed */
	if (!ctx->t2j && has_t2j(buf, n))
		ctx->t2j = 1;
	while (p < end) {
		char *nl;
		if (!ctx->t2j && !ctx->njobs && ctx->open < 0 && !ctx->wait && !ctx->nheld && !ctx->reach_pending &&
		    !ctx->diff) {
			char *q = p + core_scan_find(ctx->scan, p, (size_t)(end - p)), *ls;
			if (q >= end) {
				feed_quiet(ctx, p, end, lineno);
				break;
			}
			ls = q > p ? memrchr(p, '\n', (size_t)(q - p)) : NULL;
			ls = ls ? ls + 1 : p;
			feed_quiet(ctx, p, ls, lineno);
			p = ls;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		feed_one(ctx, p, nl, lineno, max);
		p = nl + 1;
	}
	pend_flush(ctx);
	ring_materialize(ctx);
	ctx->lazy = 0;
}

/* ---- records ---- */

cJSON *ec_rec_new(ec_ctx *ctx, const ec_line *lines, size_t first, size_t last)
{
	cJSON *rec = cJSON_CreateObject(), *ctxa, *in;
	char ts[32];
	if (!rec)
		et_die("out of memory");
	for (const char *const *k = et_schema_record_fields(); *k; k++)    /* static keys */
		cJSON_AddItemToObjectCS(rec, *k, cJSON_CreateNull());
	if (ctx->finishing >= 0)
		et_json_set_str(rec, "format", ctx->opt.parsers[ctx->finishing]->name);
	et_buf_reset(&ctx->tmp);
	for (size_t i = first; i <= last; i++) {
		if (i > first)
			et_buf_addch(&ctx->tmp, '\n');
		et_buf_add(&ctx->tmp, lines[i].s, lines[i].len);
	}
	if (ctx->block_dropped && last - first + 1 >= BLOCK_MAX_LINES / 2)
		et_buf_addf(&ctx->tmp, "\n[errcap: %zu more lines not kept]", ctx->block_dropped);
	et_json_set_strn(rec, "text", ctx->tmp.buf, ctx->tmp.len);
	ctxa = cJSON_CreateArray();
	for (size_t i = 0; i < ctx->ctx_len; i++)
		cJSON_AddItemToArray(ctxa, et_json_strn(ctx->ctxl[i].text.buf, ctx->ctxl[i].text.len));
	et_json_set(rec, "context", ctxa);
	in = cJSON_CreateObject();
	cJSON_AddItemToObject(in, "name", et_json_strn(ctx->name, strlen(ctx->name)));
	cJSON_AddNumberToObject(in, "line", (double)lines[first].no);
	cJSON_AddNumberToObject(in, "end", (double)lines[last].no);
	if (lines[last].no > ctx->rec_end)
		ctx->rec_end = lines[last].no;
	et_json_set(rec, "input", in);
	et_time_format(et_time_now(), ts);
	et_json_set_str(rec, "time", ts);
	if (ctx->opt.session)
		et_json_set_str(rec, "session", ctx->opt.session);
	return rec;
}

void ec_set_sink(ec_ctx *ctx, void (*fn)(void *arg, cJSON *rec), void *arg)
{
	ctx->sink = fn;
	ctx->sink_arg = arg;
}

/*
 * Marks every frame of frames in_app (et_frame_in_app) unless its parser
 * did; returns the innermost in-app one, or -1, and sets *ruled when one of
 * the user's --in-app or --not-in-app prefixes decided a frame.
 */
static int mark_frames(cJSON *frames, int *ruled)
{
	int n = cJSON_IsArray(frames) ? cJSON_GetArraySize(frames) : 0, app = -1;
	for (int i = 0; i < n; i++) {
		cJSON *f = cJSON_GetArrayItem(frames, i), *m = cJSON_GetObjectItemCaseSensitive(f, "in_app");
		if (!cJSON_IsObject(f))
			continue;
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		if (!cJSON_IsBool(m)) {
			m = cJSON_CreateBool(et_frame_in_app(file, fn));
			cJSON_AddItemToObject(f, "in_app", m);
		}
		*ruled |= et_frame_ruled(file, fn);
		if (cJSON_IsTrue(m))
			app = i;
	}
	return app;
}

/*
 * The frames of rec and of its causes say whether they are the program's
 * own code (the one rule of et_frame, with the user's --in-app and
 * --not-in-app). A record placed at one of its frames that is not the
 * program's own moves to the innermost frame that is; where a user's
 * prefix decided a frame, to the innermost in-app frame in any case
 * (Sentry's rule), so that the prefixes move the primary location.
 */
static void finish_frames(ec_ctx *ctx, cJSON *rec)
{
	cJSON *frames = cJSON_GetObjectItemCaseSensitive(rec, "frames"), *c;
	cJSON *causes = cJSON_GetObjectItemCaseSensitive(rec, "causes");
	const char *file = et_json_str(rec, "file");
	long line = (long)et_json_num(rec, "line", 0);
	int ruled = 0, app = mark_frames(frames, &ruled), at = -1, dummy = 0;
	cJSON_ArrayForEach(c, causes)
		mark_frames(cJSON_GetObjectItemCaseSensitive(c, "frames"), &dummy);
	if (app < 0 || !file)
		return;
	for (int i = cJSON_GetArraySize(frames) - 1; at < 0 && i >= 0; i--) {
		cJSON *f = cJSON_GetArrayItem(frames, i);
		const char *ff = et_json_str(f, "file");
		if (ff && !strcmp(ff, file) && (long)et_json_num(f, "line", 0) == line)
			at = i;
	}
	if (at < 0 || at == app ||
	    (!ruled && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(frames, at), "in_app"))))
		return;
	cJSON *f = cJSON_GetArrayItem(frames, app);
	const char *ff = et_json_str(f, "file"), *fn = et_json_str(f, "function");
	long fl = (long)et_json_num(f, "line", 0), fc = (long)et_json_num(f, "column", 0);
	if (!ff || fl <= 0)
		return;
	ec_set_location(ctx, rec, ff, strlen(ff), fl, fc);
	if (fc <= 0)
		et_json_set(rec, "column", cJSON_CreateNull());
	if (fn)
		et_json_set_str(rec, "function", fn);
	else
		et_json_set(rec, "function", cJSON_CreateNull());
}

void ec_emit(ec_ctx *ctx, cJSON *rec)
{
	finish_frames(ctx, rec);
	const char *lv = et_json_str(rec, "level");
	int warning = lv && !strcmp(lv, "warning"), info = lv && !strcmp(lv, "info");
	ec_ctx *run = ctx->parent ? ctx->parent : ctx;  /* a job's records count for the run */
	if (!warning && !info)
		ctx->input_errors++;
	if (run->sink) {
		run->sink(run->sink_arg, rec);
		return;
	}
	if (warning)
		run->counts.warnings++;
	else if (!info)
		run->counts.errors++;
	run->counts.records++;
	if (run->opt.sink) {
		run->opt.sink(run->opt.sink_arg, rec);
		return;
	}
	if (run->opt.dry)
		goto out;
	if (ctx->opt.after) {
		cJSON *a = cJSON_CreateArray();
		if (!a)
			et_die("out of memory");
		et_json_set(rec, "context_after", a);
		if (ctx->nheld == ctx->held_cap) {
			ctx->held_cap = ctx->held_cap ? ctx->held_cap * 2 : 8;
			ctx->held = et_xrealloc(ctx->held, ctx->held_cap * sizeof *ctx->held);
		}
		ctx->held[ctx->nheld++] = (struct held){ rec, a };
		return;
	}
	et_rec_write(rec);
out:
	cJSON_Delete(rec);
}

/* ---- helpers for parsers ---- */

void ec_set_level(cJSON *rec, const char *level)
{
	et_json_set_str(rec, "level", level);
}

void ec_set_strn(cJSON *rec, const char *key, const char *s, size_t n)
{
	et_json_set_strn(rec, key, s, n);
}

void ec_set_location(ec_ctx *ctx, cJSON *rec, const char *file, size_t flen,
		     long line, long column)
{
	if (file && flen) {
		if (file[0] != '/' && ctx->ndirs && !(flen > 1 && file[1] == ':')) {
			const char *d = ctx->dirs[ctx->ndirs - 1];
			et_buf_reset(&ctx->tmp);
			et_buf_addstr(&ctx->tmp, d);
			if (ctx->tmp.len && ctx->tmp.buf[ctx->tmp.len - 1] != '/')
				et_buf_addch(&ctx->tmp, '/');
			if (flen > 2 && file[0] == '.' && file[1] == '/') {
				file += 2;
				flen -= 2;
			}
			et_buf_add(&ctx->tmp, file, flen);
			et_json_set_strn(rec, "file", ctx->tmp.buf, ctx->tmp.len);
		} else {
			et_json_set_strn(rec, "file", file, flen);
		}
	}
	if (line > 0)
		et_json_set_num(rec, "line", (double)line);
	if (column > 0)
		et_json_set_num(rec, "column", (double)column);
}

cJSON *ec_frame(const char *file, size_t flen, long line, long column,
		const char *func, size_t funclen, const char *code, size_t codelen)
{
	cJSON *f = cJSON_CreateObject();
	if (!f)
		et_die("out of memory");
	cJSON_AddItemToObject(f, "file", file ? et_json_strn(file, flen) : cJSON_CreateNull());
	cJSON_AddItemToObject(f, "line", line > 0 ? cJSON_CreateNumber((double)line) : cJSON_CreateNull());
	cJSON_AddItemToObject(f, "column", column > 0 ? cJSON_CreateNumber((double)column) : cJSON_CreateNull());
	cJSON_AddItemToObject(f, "function", func ? et_json_strn(func, funclen) : cJSON_CreateNull());
	cJSON_AddItemToObject(f, "code", code ? et_json_strn(code, codelen) : cJSON_CreateNull());
	return f;
}

void ec_set_frames(ec_ctx *ctx, cJSON *rec, cJSON *frames)
{
	int n = frames ? cJSON_GetArraySize(frames) : 0, pick = n - 1;
	if (!n) {
		cJSON_Delete(frames);
		return;
	}
	int app = -1, own = -1;
	for (int i = n - 1; i >= 0 && app < 0; i--) {
		cJSON *f = cJSON_GetArrayItem(frames, i);
		const char *ff = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		if (et_frame_in_app(ff, fn))
			app = i;
		else if (own < 0 && !et_frame_library(ff, fn) && !et_frame_ruled(ff, fn))
			own = i;
	}
	/* no frame in app: the innermost that is no library's ("<string>" of python -c) */
	if (app >= 0)
		pick = app;
	else if (own >= 0)
		pick = own;
	cJSON *f = cJSON_GetArrayItem(frames, pick);
	const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
	ec_set_location(ctx, rec, file, file ? strlen(file) : 0, (long)et_json_num(f, "line", 0),
			(long)et_json_num(f, "column", 0));
	if (fn)
		et_json_set_str(rec, "function", fn);
	et_json_set(rec, "frames", frames);
}

void ec_add_cause(cJSON **causes, const char *type, size_t tl, const char *msg, size_t ml,
		  cJSON *frames, const char *relation)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "type", type ? et_json_strn(type, tl) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "message", et_json_strn(msg ? msg : "", msg ? ml : 0));
	cJSON_AddItemToObject(o, "frames", frames ? frames : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "relation", cJSON_CreateString(relation));
	if (!*causes)
		*causes = cJSON_CreateArray();
	cJSON_AddItemToArray(*causes, o);
}

void ec_set_time(cJSON *rec, double t)
{
	char ts[32];
	et_time_format(t, ts);
	et_json_set_str(rec, "time", ts);
}
