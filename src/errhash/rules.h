/*
 * rules: user fingerprint rules (docs/errhash.md, "Rules"), in the spirit
 * of Sentry's fingerprint rules:
 *
 *     # comment
 *     type:TimeoutError message:"*upstream*"      -> upstream-timeout
 *     file:"net*.c" function:re:^retry_            -> {{ default }} net-retry
 *
 * Each line is one or more matchers (FIELD:VALUE, all must match; a leading
 * '!' negates one) then "->" and the grouping key. The first rule that
 * matches a record sets its fingerprint to XXH3-64 of the key, where
 * {{ default }} stands for the default fingerprint and {{ FIELD }} for a
 * field's value.
 */
#ifndef EH_RULES_H
#define EH_RULES_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include "et_buf.h"
#include "fp.h"

typedef struct eh_rules eh_rules;

/*
 * Reads the rules in path. Each bad line is reported as
 * "errhash: PATH:LINE: why"; then, or when the file cannot be read,
 * returns NULL.
 */
eh_rules *eh_rules_load(const char *path);
void eh_rules_free(eh_rules *r);

/*
 * 1 and *out set when a rule matched rec; 0 when none did. When why is not
 * NULL and a rule matched, it receives "rule: FILE:LINE" and "key: KEY"
 * lines (the key expanded).
 */
int eh_rules_apply(eh_rules *r, eh_fp *fp, const cJSON *rec, uint64_t *out, et_buf *why);

#endif
