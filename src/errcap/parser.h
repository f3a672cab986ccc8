/*
 * parser.h: the contract between errcap's driver and its format parsers.
 *
 * The driver reads lines, removes escape codes and '\r' redraws, and offers
 * each line to the parsers. At most one block is open at a time. A line
 * goes first to the parser whose block is open (ec_parser.more); when no
 * block is open, or the open block has just ended without the line, the
 * line is offered to each parser's start, in table order (formats.c), but
 * only to parsers that have one of their trigger literals in the line. The
 * first parser whose start returns EC_START or EC_DONE owns it.
 *
 * When a block is complete the driver calls finish with every line of the
 * block, and finish emits zero or more records through ec_rec_new and
 * ec_emit. Lines no parser claims are ordinary output: they become the
 * context of the next block.
 *
 * Adding a format: when it is a regular line format (one line, or a fixed
 * chain of lines, per record), a format file (docs/formats.md); when it
 * needs a state machine, one parser file defining `const ec_parser
 * ec_parser_X`, one entry in formats.c, its name and description in
 * src/lib/et_schema.c's et_formats, fixtures under tests/fixtures/errcap/
 * (docs/architecture.md).
 * The driver's table (ec_fmtset_table) is this table with the format files'
 * parsers after it.
 */
#ifndef EC_PARSER_H
#define EC_PARSER_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* Marks a parameter a parser function takes for the interface and does not use. */
#define EC_UNUSED __attribute__((unused))

/*
 * How far back, in lines, what a parser remembers may decide how it reads
 * a line (rustc's "cargo is building Rust here"): state older than this is
 * forgotten, so that errcap --chunk, which reads at least this many lines
 * before its range, writes what one run over the whole file writes.
 */
#define EC_STATE_LINES 1000

/* A line as parsers see it: escape codes removed, no '\n', no final '\r'. */
typedef struct {
	const char *s;          /* NUL-terminated (may hold other NULs before len) */
	size_t len;
	size_t no;              /* 1-based line number in its input */
} ec_line;

/* What start and more answer. */
enum ec_verdict {
	EC_NO = 0,      /* start: not the beginning of a block of mine.
			   more: the block ended before this line (the line
			   is then offered to every parser's start) */
	EC_START,       /* start: this line begins a block; more lines may follow */
	EC_MORE,        /* more: this line belongs to the open block */
	EC_DONE,        /* start or more: this line belongs to the block and
			   completes it (finish is called at once) */
};

typedef struct ec_ctx ec_ctx;

typedef struct ec_parser {
	/*
	 * The format name written in records, e.g. "python": a built-in
	 * parser's is one of et_schema's et_formats, which describes it.
	 */
	const char *name;
	const char *desc;       /* a format file's one line for --list-formats; NULL for built-ins */
	/*
	 * Literals (case-sensitive), NULL-terminated. Promise: start returns
	 * EC_NO for every line that contains none of them. NULL means start
	 * is offered every line (avoid: it costs speed).
	 */
	const char *const *triggers;
	/*
	 * Per-run state, handed to start, more and finish as st: state_size
	 * zeroed bytes, or what create makes when the parser has a create.
	 * destroy frees it with what it owns; without a destroy the driver
	 * frees st itself. All three may be 0/NULL for a parser with no state.
	 */
	size_t state_size;
	void *(*create)(void);
	void (*destroy)(void *st);
	/*
	 * May this line begin a block? A parser whose block begins on lines
	 * before this one (a Node error's "file:N" and caret lines, Python's
	 * SyntaxError "File" lines) calls ec_claim_back before returning
	 * EC_START or EC_DONE.
	 */
	enum ec_verdict (*start)(void *st, ec_ctx *ctx, const ec_line *l);
	/* The block is open: does this line continue it? (EC_MORE, EC_DONE, EC_NO) */
	enum ec_verdict (*more)(void *st, ec_ctx *ctx, const ec_line *l);
	/*
	 * The block is complete: lines[0..n) are all its lines (trailing blank
	 * lines removed). Emit records with ec_rec_new + ec_emit, then reset
	 * per-block state. Called also at end of input and when input pauses.
	 */
	void (*finish)(void *st, ec_ctx *ctx, const ec_line *lines, size_t n);
	/*
	 * For a parser that recognises its block a few lines after the line
	 * holding its trigger (and takes those lines back with ec_claim_back):
	 * start is also offered the reach lines that follow a line with one of
	 * its triggers. 0 for most parsers.
	 */
	size_t reach;
} ec_parser;

/*
 * The built-in parser of this name (the generic location finder) is
 * offered lines after every format file; the others before them.
 */
#define EC_PARSER_LAST "diagnostic"

/* ---- services the driver offers to parsers ---- */

/*
 * The k-th ordinary line before the current one (k = 1 is the line just
 * before), or NULL when there is none that no block has taken. The line
 * belongs to ctx and stays as it is until the next line is fed.
 */
const ec_line *ec_back(ec_ctx *ctx, size_t k);

/*
 * Called from start: the block begins k ordinary lines before the current
 * line (those lines, as ec_back shows them, move into the block).
 */
void ec_claim_back(ec_ctx *ctx, size_t k);

/*
 * A new record for lines[first..last] of the block handed to finish: sets
 * format, text (those lines joined by '\n'), context (ordinary lines before
 * the block), input {name, line, end}, time (now) and session, and holds
 * the fields of et_schema_record_fields in their order (level, type,
 * message, file, ..., time), null until set. Set fields with et_json_set_* (src/lib/et_rec.h),
 * then hand it to ec_emit.
 */
cJSON *ec_rec_new(ec_ctx *ctx, const ec_line *lines, size_t first, size_t last);

/* Writes the record and frees it. */
void ec_emit(ec_ctx *ctx, cJSON *rec);

/*
 * Called from finish instead of emitting records: the block turned out
 * not to be this parser's (its lines are another tool's layout). Its
 * lines become ordinary lines again, after the context lines the block
 * had taken: the context of the next block, and lines that the parser
 * whose start takes the next line may claim back with ec_claim_back.
 */
void ec_give_back(ec_ctx *ctx);

/*
 * For parsers whose verdict depends on what came before: the records of
 * level error or fatal emitted so far in this input (in this parallel job
 * of it, when the input has job prefixes), by any parser; and a number
 * that changes whenever a new input begins.
 */
unsigned long long ec_input_errors(const ec_ctx *ctx);
unsigned long ec_input_serial(const ec_ctx *ctx);

/*
 * State that several parsers share (javac, maven and gradle count the
 * records a build summary would repeat): a zeroed block of size bytes,
 * made on first use, the same for every call with this key (the address
 * of an object of the caller's) in this run, its jobs included, and freed
 * with the run. A parser keeps no state of its own outside st and this.
 */
void *ec_shared(ec_ctx *ctx, const void *key, size_t size);

/* ---- helpers for filling records ---- */

/*
 * level: "fatal", "error" or "warning"; "info" for a line that only
 * reports the consequence of errors already recorded
 */
void ec_set_level(cJSON *rec, const char *level);
/* Sets a string field from s[0..n); NULL s sets null. */
void ec_set_strn(cJSON *rec, const char *key, const char *s, size_t n);
/*
 * Sets file (resolved against make's "Entering directory" when relative
 * and known), line and column (0 = unknown = null).
 */
void ec_set_location(ec_ctx *ctx, cJSON *rec, const char *file, size_t flen,
		     long line, long column);
/*
 * A frame object {file, line, column, function, code}; any of the strings
 * may be NULL (null), numbers 0 mean unknown. Lengths are the strings'.
 */
cJSON *ec_frame(const char *file, size_t flen, long line, long column,
		const char *func, size_t funclen, const char *code, size_t codelen);
/*
 * Takes frames (an array of ec_frame objects, outermost first) into the
 * record and sets file, line, column and function from the innermost
 * frame of the program's own code (the last that et_frame_in_app calls
 * in app), else from the innermost that is no library's either (a pseudo-
 * file such as python -c's "<string>", never in app), else from the
 * innermost frame. An empty array is freed and the record left alone.
 */
void ec_set_frames(ec_ctx *ctx, cJSON *rec, cJSON *frames);
/*
 * Appends {type, message, frames, relation} to the array *causes (made
 * when NULL). type may be NULL (null); frames is taken over (NULL: null).
 */
void ec_add_cause(cJSON **causes, const char *type, size_t tl, const char *msg, size_t ml,
		  cJSON *frames, const char *relation);
/* Overrides time with the time found in the log line (RFC 3339 UTC text). */
void ec_set_time(cJSON *rec, double t);

/*
 * ---- small scanning helpers (no regexes on hot paths) ----
 * The one set of text helpers of errcap (text.c): the engine and every
 * parser use these rather than copies of their own.
 */

/* A byte range s[0..n) (not NUL-terminated): a part of a line. */
typedef struct {
	const char *s;
	size_t n;
} ec_span;

/* The whole line as a span. */
static inline ec_span ec_line_span(const ec_line *l)
{
	ec_span v = { l->s, l->len };
	return v;
}

/* The length of a string literal: EC_LEN("at ") is 3. */
#define EC_LEN(lit) (sizeof(lit "") - 1)

/* memmem over a line */
const char *ec_find(const ec_line *l, const char *lit);
/* Does the line start with lit? */
int ec_starts(const ec_line *l, const char *lit);
/* Parses a decimal number at *p (advancing it); returns -1 when none. */
long ec_num(const char **p, const char *end);
/* The line without leading/trailing spaces and tabs: sets *b and *n. */
void ec_trim(const char *s, size_t len, const char **b, size_t *n);
/* Is the line empty or only white space? */
int ec_blank(const ec_line *l);

/* The same tests on a byte range s[0..n) (not NUL-terminated). */
static inline int ec_is_digit(int c) { return c >= '0' && c <= '9'; }
const char *ec_memfind(const char *s, size_t n, const char *lit);
int ec_mem_starts(const char *s, size_t n, const char *lit);
int ec_mem_ends(const char *s, size_t n, const char *lit);
/* A table from a text's first bytes to a name, ended by { NULL, NULL }. */
typedef struct {
	const char *prefix, *name;
} ec_prefix_name;
/* The name of tab's first entry whose prefix s[0..n) starts with, or NULL. */
const char *ec_prefix_find(const ec_prefix_name *tab, const char *s, size_t n);
/* Is s[0..n) empty or only spaces and tabs? */
int ec_mem_blank(const char *s, size_t n);
/* s[0..n) without leading/trailing spaces and tabs. */
ec_span ec_span_trim(const char *s, size_t n);
/*
 * When *s (of *n bytes) starts with lit: moves *s past it, shortens *n and
 * returns 1; else returns 0 and leaves both alone.
 */
int ec_mem_skip(const char **s, size_t *n, const char *lit);

/*
 * Splits "file:L:C", "file:L" or "file" in s[0..n) from the end (so a file
 * may hold colons, as C:\ does): returns the file's length and sets line
 * and column (0 when absent; numbers of more than 9 digits are not ones).
 */
size_t ec_split_location(const char *s, size_t n, long *line, long *col);

/*
 * Is s[0..n), a location's file that holds spaces, still a path (a build
 * under "/home/me/My Projects/")? Its first word has a directory separator
 * ("/tmp/my", "src/a"), it has no ':' but a drive's, no tab and no two
 * spaces in a row, and its last part has an extension ("main.c").
 */
int ec_spaced_path(const char *s, size_t n);

/*
 * The file fe..., whose last word starts at q, in the text p..fe: where it
 * begins when words before q make it a path with spaces (ec_spaced_path:
 * "in main /home/me/My Projects/a.c" gives the "/home"), else q.
 */
const char *ec_spaced_path_back(const char *p, const char *q, const char *fe);

/*
 * The column a caret points at. Tools that echo the source line and put a
 * caret ('^') under it (shellcheck, psql's "LINE 1: ...") give the column
 * only through the caret's place. src_line[0..src_len) is the echoed line,
 * whose source text starts at byte src_off (after any prefix the tool
 * echoed, such as "LINE 1: "); car_line[car_off] is the caret. Both lines
 * are laid out as a terminal shows them: a tab moves to the next multiple
 * of 8, any other character (UTF-8 sequence) is one column. Returns the
 * 1-based column, in characters of the source text, of the character under
 * the caret (past the text's end: one more per column beyond it), or 0 when
 * the caret is left of the source text.
 */
long ec_caret_column(const char *src_line, size_t src_len, size_t src_off,
		     const char *car_line, size_t car_off);

/*
 * Helpers that other parsers (notably the log parser, for stack traces
 * under a log line) may call: fill type, message, frames, causes, file,
 * line, function of rec from lines[0..n) when they hold a JVM / Python
 * trace (a JavaScript stack for ec_js_fill); return 1 when they did, 0 when the lines are not one.
 */
int ec_java_fill(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t n);
int ec_python_fill(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t n);
int ec_js_fill(ec_ctx *ctx, cJSON *rec, const ec_line *lines, size_t n);

/*
 * gdb's report of a program's death (parse_gdb.c), for the gdb parser and
 * for crt, whose record takes the gdb lines after a runtime's message.
 * ec_gdb_signal_line: is the line "Program received signal SIGX, Text.",
 * "Program terminated with signal SIGX, Text." or "Thread N "name" received
 * signal SIGX, Text."? Sets the signal, the text (without the final '.')
 * and the thread's number (0 when none).
 * ec_gdb_more: does the line continue the report whose signal line came
 * before (the stop location, its source line, the backtraces)? g starts
 * zeroed at the signal line.
 * ec_gdb_frames: the frames of the report in lines[0..n), outermost first
 * (an ec_set_frames array, maybe empty): the backtrace of thread (0: the
 * first printed), else the stop location.
 */
typedef struct {
	int phase, blank;
	size_t lines;
} ec_gdb_scan;
int ec_gdb_signal_line(const ec_line *l, ec_span *sig, ec_span *msg, long *thread);
int ec_gdb_more(ec_gdb_scan *g, const ec_line *l);
cJSON *ec_gdb_frames(const ec_line *lines, size_t n, long thread);

/*
 * The location finder (format "diagnostic"): would it take the line
 * s[0..n) when offered it (sets *taken), and why or why not (a phrase).
 */
const char *ec_diag_explain(const char *s, size_t n, int *taken);

/*
 * Is the line a shell's report that a job died of a signal ("Segmentation
 * fault (core dumped)", "bash: line 3: 4242 Aborted   ./t", "zsh: abort
 * ./t")? Returns the signal's name ("SIGSEGV") and sets *cmd and *cl to the
 * command the shell names (NULL/0 when none); NULL when not one.
 */
const char *ec_shell_signal_line(const ec_line *l, const char **cmd, size_t *cl);

/* The table of parsers, in the order they are offered lines (formats.c). */
extern const ec_parser *const ec_parsers[];
extern const size_t ec_nparsers;

#endif
