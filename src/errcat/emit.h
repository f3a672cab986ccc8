/*
 * emit: errcat's record loop: reads JSON Lines, asks the matcher for the
 * winning rule and writes each record with category, severity, tags and
 * rule added (or, with --explain, the explanation instead).
 *
 * A record is written as its own input text with the four fields inserted
 * before the closing brace, so unknown fields, their order and their
 * number formats pass through byte for byte. Only when the text cannot be
 * reused that way (the record already has one of the four fields, holds
 * raw control characters, or has text after the object) is it printed
 * again through cJSON, with the fields replaced in place.
 */
#ifndef CT_EMIT_H
#define CT_EMIT_H

#include "et_buf.h"
#include "match.h"
#include "et_rec.h"

typedef struct {
	ct_matcher *m;
	int explain;
	unsigned long long recno;       /* records read so far, over all inputs */
	et_buf out;
	et_buf fix;
	et_buf hint;                    /* a rule's hint, filled from a record */
} ct_emitter;

void ct_emitter_init(ct_emitter *em, ct_matcher *m, int explain);
void ct_emitter_release(ct_emitter *em);

/*
 * Categorizes and writes one record (an et_rec_fn, arg the ct_emitter);
 * takes rec.
 */
void ct_run_record(cJSON *rec, et_rec_reader *rr, void *arg);

#endif
