/*
 * et_rec: errtools records (flat JSON objects, one per line; see
 * docs/schema.md) read from and written to JSON Lines over cJSON.
 *
 * Everything et_rec writes is valid UTF-8, whatever bytes the strings in a
 * record hold: invalid sequences become U+FFFD on output.
 */
#ifndef ET_REC_H
#define ET_REC_H

#include <stddef.h>
#include <cjson/cJSON.h>

typedef struct et_rec_reader et_rec_reader;

/*
 * Opens NAME ("-" is stdin) for reading records. When it cannot be opened,
 * reports "prog: NAME: why", sets et_trouble and returns NULL.
 */
et_rec_reader *et_rec_open(const char *name);

/* A record line longer than this is refused ("record too long"), unread. */
#define ET_REC_MAX_LINE (64u << 20)

/*
 * Returns the next record, which the caller owns (cJSON_Delete), or NULL at
 * end of input. Blank lines are skipped. A line that is not one JSON object
 * (with nothing but blanks after it) is reported as
 * "prog: NAME:LINE: not a JSON object: EXCERPT", sets et_trouble, and is
 * skipped: reading goes on with the next line. A read error is reported and
 * ends the input. How bad lines are reported: see et_rec_reject.
 */
cJSON *et_rec_next(et_rec_reader *rr);

/*
 * For readers that parse records themselves: the next line that may hold a
 * record, without its leading and trailing blanks (writable, valid until the
 * next call). Blank lines are skipped; over-long lines and lines with NUL
 * bytes are reported and skipped as et_rec_next does. Returns 1, or 0 at end
 * of input (a read error is reported). A line the caller finds bad goes to
 * et_rec_reject.
 */
int et_rec_next_line(et_rec_reader *rr, char **line, size_t *len);

/*
 * Reports the line last returned as "prog: NAME:LINE: WHY: EXCERPT" (the
 * excerpt as et_utf8_excerpt makes it: control bytes escaped), sets
 * et_trouble and counts it. Only an input's first five bad lines are
 * reported one by one; at the end of the input (or et_rec_close) one line
 * gives the count and the line numbers of the others, as ranges ("lines
 * 6-40, 52"; past a dozen ranges, "and N more"). The first bad line that does not start like JSON ('{' or '[') also
 * gets, once per input, "prog: NAME: looks like raw text: run it through
 * errcap first (...)".
 */
void et_rec_reject(et_rec_reader *rr, const char *why);

/* Where the record last returned stands: its input's name and line. */
const char *et_rec_name(const et_rec_reader *rr);
size_t et_rec_lineno(const et_rec_reader *rr);

/*
 * The raw text of the line last returned, without leading and trailing
 * blanks (valid until the next call).
 */
const char *et_rec_line(const et_rec_reader *rr, size_t *len);

/* How many lines were rejected as not JSON objects. */
size_t et_rec_bad_lines(const et_rec_reader *rr);

void et_rec_close(et_rec_reader *rr);

/*
 * Hands each record of the operands argv[0..argc) to fn, in order, as
 * et_rec_next returns them (fn owns rec), with the reader it came from for
 * et_rec_line, et_rec_name and et_rec_lineno; no operands means stdin. An
 * operand that cannot be opened is warned about and skipped.
 */
typedef void et_rec_fn(cJSON *rec, et_rec_reader *rr, void *arg);
void et_rec_each(int argc, char **argv, et_rec_fn *fn, void *arg);

/*
 * Writes rec as one line of JSON to stdout (through et_out_*, so a closed
 * pipe ends the program quietly and a line-buffered stdout is flushed).
 */
void et_rec_write(const cJSON *rec);

/*
 * Prints rec as compact JSON into out (replacing its contents, no newline),
 * valid UTF-8 guaranteed.
 */
#include "et_buf.h"
void et_rec_print(et_buf *out, const cJSON *rec);

/* ---- field access: NULL or a default when absent or of another type ---- */

const char *et_json_str(const cJSON *obj, const char *key);
double et_json_num(const cJSON *obj, const char *key, double dflt);
const cJSON *et_json_get(const cJSON *obj, const char *key);

/*
 * A new string item holding s[0..n) made valid: invalid UTF-8 and NUL bytes
 * become U+FFFD.
 */
cJSON *et_json_strn(const char *s, size_t n);

/*
 * Set obj[key], replacing a present value in place (so field order stays
 * stable) or appending the key. A NULL string sets JSON null. Strings are
 * made valid UTF-8 as by et_json_strn.
 */
void et_json_set(cJSON *obj, const char *key, cJSON *item);

/*
 * Appends s[0..n) to out as a JSON string literal (quotes included):
 * valid UTF-8 (invalid sequences and NUL bytes become U+FFFD), `"` and `\`
 * and control bytes escaped.
 */
void et_json_quote(et_buf *out, const char *s, size_t n);
void et_json_set_str(cJSON *obj, const char *key, const char *s);
void et_json_set_strn(cJSON *obj, const char *key, const char *s, size_t n);
void et_json_set_num(cJSON *obj, const char *key, double v);
void et_json_set_null(cJSON *obj, const char *key);

#endif
