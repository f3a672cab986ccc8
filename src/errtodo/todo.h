/*
 * todo.h: errtodo's model: the open items of a TODO list, read from
 * records and from the block errtodo owns in a TODO.md, rendered back as
 * markdown.
 *
 * An item is one fingerprint. Its line is
 *   - [ ] TITLE (×COUNT, last seen TIME) · `SHORTFP` · CATEGORY · LOCATIONS
 *         [· regressed] [· not seen since DATE] <!-- fp:FINGERPRINT -->
 * (one line). TITLE is the user's to edit (errtodo writes
 * `**Type**: message — file:line` the first time); everything after it on
 * the line is refreshed from records, and kept as it was while the input
 * lacks the item. Under it come the user's notes, errtodo's `**Hint:**`
 * line, the notes the user wrote after that, and a <details> block of the
 * error's text.
 */
#ifndef TODO_H
#define TODO_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "et_buf.h"
#include "et_schema.h"

typedef struct {
	char fp[17];            /* full fingerprint, 16 hex digits */
	int sev;                /* ET_SEV_* (et_schema.h) */
	int checked;            /* "- [x]" in the file */
	int in_input;           /* seen in this run's records */
	int in_file;            /* found in the TODO block */
	size_t order;           /* first appearance: input order, then file order */
	long long count;
	char *title;            /* user-editable text, markdown (escaped) */
	char *meta_tail;        /* from the file: the text after TITLE, kept when not in input */
	char *category;
	char *last_seen, *first_seen;
	char *status;           /* errhash --db: new | recurring | regressed */
	char *details;          /* rendered <details> block (indented), may be "" */
	char *hint;             /* errcat's hint, as the record has it; NULL when none */
	char *hint_line;        /* its rendered line (TODO_HINT...), or the file's; NULL when none */
	char *notes;            /* user lines under the item, kept verbatim */
	char *notes_after;      /* those after the file's hint line, kept after it */
	char **locs;            /* distinct locations "file:line" of its records (some) */
	size_t nlocs;
	long long loc_count;    /* how many distinct locations (errhash's location_count) */
	/* for issue files and FIXED_ERRORS.md */
	char *type, *message, *location, *text, *context, *severity_name, *format;
} todo_item;

typedef struct {
	todo_item **v;
	size_t n, cap;
	/* the items by fingerprint (open addressing; todo.c keeps it) */
	todo_item **idx;
	size_t idx_cap, idx_used;
	size_t next_order;
	char *head_notes;       /* user lines in the block before its first item */
} todo_list;

void todo_list_free(todo_list *l);
todo_item *todo_find(todo_list *l, const char *fp);
/* Finds the unique item whose fingerprint starts with prefix; sets *ambiguous. */
todo_item *todo_find_prefix(todo_list *l, const char *prefix, int *ambiguous);
todo_item *todo_add(todo_list *l, const char *fp);
void todo_remove(todo_list *l, todo_item *it);

/*
 * The record's fingerprint into out: its own when it has a valid one, else
 * one made from its format, type, message, file and line.
 */
void todo_record_fp(const cJSON *rec, char out[17]);

/*
 * Merges one record into the list (count sums, first/last seen widen) and
 * returns its item; records with a `kind` are not errors: NULL.
 */
todo_item *todo_add_record(todo_list *l, const cJSON *rec);

/* Sorts by severity, then count (descending), then first appearance. */
void todo_sort(todo_list *l);

/*
 * Appends s made valid UTF-8, each ASCII byte c with an entry tab[c] as
 * that entry, other control bytes as ctl, and U+FFFE and U+FFFF as U+FFFD.
 */
void todo_escape(et_buf *out, const char *s, const char *const tab[128], const char *ctl);

/* Escapes s for inline markdown: no markup or HTML survives, one line. */
void md_inline(et_buf *out, const char *s);

/* Renders the managed block (markers included) into out. */
void todo_render_block(et_buf *out, const todo_list *l);

/* Section headings, as rendered ("CRITICAL", "HIGH PRIORITY", ...). */
extern const char *const todo_sev_heading[ET_SEV_N];

#define TODO_BEGIN "<!-- errtodo:begin"
/* How an item's hint line starts: it is errtodo's, not a note. */
#define TODO_HINT "  **Hint:** "
#define TODO_END "<!-- errtodo:end -->"

/*
 * Splits doc[0..n) into the bytes before the managed block, the block's
 * inside, and the bytes after it. A marker is a line that starts (in its
 * first column) with TODO_BEGIN or "<!-- errtodo:end"; a document may hold
 * one begin marker followed by one end marker, both outside code fences.
 * Returns 1 when a block was found, 0 when there is no marker at all (then
 * *before_len = n and the rest is empty), and -1 when the markers are
 * damaged (an end without a begin, a begin without an end, two blocks, a
 * marker inside a fenced code block) or the document holds a NUL byte
 * (its text could not be kept as it is): then *bad_line is the 1-based line
 * to blame and err holds what is wrong.
 */
int todo_split(const char *doc, size_t n, size_t *before_len, size_t *inner_start,
	       size_t *inner_len, size_t *after_start, size_t *bad_line, char *err,
	       size_t errlen);

/*
 * Reads the items of a managed block's inside into l (in_file set, order
 * after those already present). Every line of the block that errtodo does
 * not write (its headings, the summary line, item lines with a
 * fingerprint, an item's hint line, the first line under it that starts
 * with TODO_HINT, and its indented <details> block) is a note: it belongs to
 * the item above it, indented or not, blank lines between notes included,
 * and is written back verbatim under that item, on the same side of its
 * hint line; lines before the first item are kept under the block's
 * summary. What todo_render_block writes, this reads back to the same
 * items. Returns 0.
 */
int todo_parse_block(todo_list *l, const char *inner, size_t n);

/* One markdown file for a tracker (errtodo --format issue). */
void todo_render_issue(et_buf *out, const todo_item *it);

/*
 * An item of the file that this run's records do not hold: its line says
 * so, " · not seen since DATE" after its other facts, DATE being the date
 * it was last seen (from "last seen" on its line) or, when its line has no
 * time, the date of this run (now, RFC 3339). Once said it is kept until
 * the item is seen again (then its line is written anew from the record).
 */
void todo_mark_missing(todo_item *it, const char *now);

/* One FIXED_ERRORS.md entry; the item's notes go with it. */
void todo_render_fixed(et_buf *out, const todo_item *it, const char *when, const char *how);

#endif
