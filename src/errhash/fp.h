/*
 * fp: errhash's fingerprints (docs/fingerprint.md, algorithm version 1).
 *
 * A fingerprint is XXH3-64 over a few normalised parts of a record, chosen
 * by what the record is: a traceback (type and the program's own frames), a
 * diagnostic (tool, file name, code, message with numbers masked) or a
 * message (its template: variable tokens masked). Nothing in it depends on
 * other records, on the order of input or on the machine: the same record
 * always gives the same fingerprint.
 */
#ifndef EH_FP_H
#define EH_FP_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "et_buf.h"

#define EH_FP_VERSION 6

typedef struct eh_fp eh_fp;

eh_fp *eh_fp_new(void);
void eh_fp_free(eh_fp *fp);

/* The version-1 fingerprint of rec (a diagnostic record, see docs/schema.md). */
uint64_t eh_fp_record(eh_fp *fp, const cJSON *rec);

/*
 * The same, and a readable account of the parts hashed (one per line, for
 * --explain) into why, replacing its contents.
 */
uint64_t eh_fp_record_explain(eh_fp *fp, const cJSON *rec, et_buf *why);

/*
 * The template of the message msg[0..n) into out (replacing its contents):
 * every variable token is shown as "<*>", whitespace runs are one space.
 */
void eh_fp_template(eh_fp *fp, const char *msg, size_t n, et_buf *out);

/*
 * A diagnostic's message normalised into out: numbers, hex ids and quoted
 * strings in double quotes masked, paths cut to their file name, identifiers
 * (also in single quotes) kept.
 */
void eh_fp_diag_message(const char *msg, size_t n, et_buf *out);

/* A frame's function with addresses, hashes and generated numbers masked. */
void eh_fp_function(const char *fn, et_buf *out);

/*
 * Whether a frame (an object of a record's frames) belongs to a library
 * rather than to the program: as errhash's --in-app or --not-in-app says
 * where one matches it, else its in_app mark where it has one, else the
 * rule errcap also uses (et_frame_in_app, src/lib/et_frame.h).
 */
int eh_fp_library_frame(const cJSON *frame);

#endif
