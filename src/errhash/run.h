/*
 * run: reading records and the four modes (default, --stream, --all,
 * --merge), with the optional store. Records go out as their input text
 * with errhash's fields patched in at the end; every other field is passed
 * through unchanged and in place.
 */
#ifndef EH_RUN_H
#define EH_RUN_H

#include "rules.h"
#include "store.h"
#include "et_rec.h"

enum { EH_DEFAULT, EH_STREAM, EH_ALL, EH_MERGE };

typedef struct {
	int mode;
	eh_rules *rules;        /* or NULL */
	eh_store *store;        /* or NULL */
	int explain;            /* add fingerprint_parts to each record */
} eh_opts;

typedef struct eh_run eh_run;

eh_run *eh_run_new(const eh_opts *opt);

/* Takes one record (an et_rec_fn for et_rec_each, arg the eh_run). */
void eh_run_record(cJSON *rec, et_rec_reader *rr, void *arg);

/* End of input: prints what waited for it and writes the store. */
void eh_run_finish(eh_run *r);

void eh_run_free(eh_run *r);

#endif
