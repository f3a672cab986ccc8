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

enum { EH_DEFAULT, EH_STREAM, EH_ALL, EH_MERGE };

typedef struct {
	int mode;
	eh_rules *rules;        /* or NULL */
	eh_store *store;        /* or NULL */
	int explain;            /* add fingerprint_parts to each record */
} eh_opts;

typedef struct eh_run eh_run;

eh_run *eh_run_new(const eh_opts *opt);

/* Reads the records of one operand ("-" is stdin). */
void eh_run_input(eh_run *r, const char *name);

/* End of input: prints what waited for it and writes the store. */
void eh_run_finish(eh_run *r);

void eh_run_free(eh_run *r);

#endif
