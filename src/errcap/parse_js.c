/* parse_js.c: placeholder until the real parsers land; every start says EC_NO. */
#include "parser.h"

static enum ec_verdict never(void *st, ec_ctx *ctx, const ec_line *l)
{
	(void)st; (void)ctx; (void)l;
	return EC_NO;
}

static void nothing(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	(void)st; (void)ctx; (void)lines; (void)n;
}

static const char *const none[] = { NULL };

const ec_parser ec_parser_node = { "node", "(not yet)", none, NULL, NULL, never, never, nothing };

const ec_parser ec_parser_tsc = { "tsc", "(not yet)", none, NULL, NULL, never, never, nothing };

const ec_parser ec_parser_eslint = { "eslint", "(not yet)", none, NULL, NULL, never, never, nothing };

const ec_parser ec_parser_jest = { "jest", "(not yet)", none, NULL, NULL, never, never, nothing };

const ec_parser ec_parser_mocha = { "mocha", "(not yet)", none, NULL, NULL, never, never, nothing };
