/*
 * match: finding the first rule of a rule set that a record satisfies.
 *
 * Rules are tried in order; the first whose conditions all hold wins. To
 * stay fast, conditions on the top-level `format` field are decided once
 * per distinct format value (the candidates for "python" are computed the
 * first time a python record arrives), a condition whose pattern needs one
 * of a few fixed strings (lit.h) runs only when one of them occurs in the
 * field, and the other conditions of a rule are tried cheapest field first.
 * None of this changes which rule wins; ct_explain, which uses none of it,
 * is the reference.
 */
#ifndef CT_MATCH_H
#define CT_MATCH_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "pat.h"

typedef struct ct_matcher ct_matcher;

ct_matcher *ct_matcher_new(ct_ruleset *rs);

/*
 * The first rule that rec satisfies, or NULL. recno (1-based) is used in
 * the message "errcat: FILE:LINE: match limit hit on record N", printed
 * once per rule when a pattern hits PCRE2's match or depth limit; the
 * condition is then taken as not holding, so the rule does not match.
 */
const ct_rule *ct_match(ct_matcher *m, const cJSON *rec, unsigned long long recno);

/*
 * As ct_match, but tries every rule in order without shortcuts and prints
 * to out, for each rule before the winner, the first condition (in file
 * order) that failed and why.
 */
const ct_rule *ct_explain(ct_matcher *m, const cJSON *rec, unsigned long long recno, FILE *out);

/*
 * The hint of rule r (which rec satisfies) with every {NAME} replaced by
 * what the named group NAME of the rule's conditions captured in rec (the
 * first value that matches); a group that captured nothing leaves "".
 */
#include "et_buf.h"
void ct_hint_fill(ct_matcher *m, const ct_rule *r, const cJSON *rec, et_buf *out);

void ct_matcher_free(ct_matcher *m);

#endif
