/*
 * errstat's field names on the command line (--by, --fail-if FIELD=VALUE):
 * a misspelt field or a value outside a closed set is an error, so that a
 * check that can never hold is not silently accepted.
 */
#include "es.h"
#include "et_cli.h"
#include "et_schema.h"

#include <stdio.h>
#include <string.h>

/* errstat's pseudo-fields (es_field) */
static const char *const pseudo[] = { "day", "hour", NULL };

static int in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

static void known_fields(et_buf *b)
{
	et_schema_join(b, et_schema_fields());
	et_buf_addstr(b, ", ");
	et_schema_join(b, pseudo);
}

int es_check_field(const char *field, char *err, size_t errsz)
{
	et_buf b = ET_BUF_INIT;
	const char *near;
	if (et_schema_known(field) || in_list(field, pseudo))
		return 0;
	near = et_schema_suggest(field, et_schema_fields());
	if (!near)
		near = et_schema_suggest(field, pseudo);
	if (!near)
		return 1;
	known_fields(&b);
	snprintf(err, errsz, "unknown field '%s' (did you mean '%s'?); the record's fields are %s, "
		 "or one that the records carry", field, near, b.buf);
	et_buf_release(&b);
	return -1;
}

int es_check_value(const char *field, const char *value, char *err, size_t errsz)
{
	const char *const *set = et_schema_values(field);
	const char *near;
	et_buf b = ET_BUF_INIT;
	if (!set || in_list(value, set))
		return 0;
	near = et_schema_suggest(value, set);
	et_schema_join(&b, set);
	if (near)
		snprintf(err, errsz, "'%s' is not a %s (did you mean '%s'?): %s is one of %s", value,
			 field, near, field, b.buf);
	else
		snprintf(err, errsz, "'%s' is not a %s: %s is one of %s", value, field, field, b.buf);
	et_buf_release(&b);
	return -1;
}

void es_missing_field(const char *field)
{
	et_warn("--fail-if: no record has the field '%s' (%s writes it), so '%s=...' would always "
		"count 0", field, et_schema_writer(field), field);
	et_trouble = 1;
}

void es_unseen_field(const char *opt, const char *field)
{
	et_buf b = ET_BUF_INIT;
	known_fields(&b);
	et_warn("%s: unknown field '%s': no record carries it and it is not one of the record's "
		"fields (%s)", opt, field, b.buf);
	et_buf_release(&b);
	et_trouble = 1;
}
