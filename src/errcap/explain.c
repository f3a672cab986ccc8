/* explain.c: errcap --explain-line: which parser takes a line, and why. */
#include "explain.h"
#include "et_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the first of p's trigger literals in s[0..n), or NULL */
static const char *trigger_in(const ec_parser *p, const char *s, size_t n)
{
	if (!p->triggers)
		return "";
	for (const char *const *t = p->triggers; *t; t++)
		if (ec_memfind(s, n, *t))
			return *t;
	return NULL;
}

/* Feeds s[0..n) to parser i alone: 1 when it takes the line; *nrec: its records. */
static int try_one(const ec_options *base, size_t i, const char *s, size_t n,
		   unsigned long long *nrec)
{
	ec_options o = *base;
	ec_ctx *ctx;
	char *copy = et_xmalloc(n + 1);
	int took;
	o.enabled = et_xcalloc(o.nparsers ? o.nparsers : 1, 1);
	o.enabled[i] = 1;
	o.dry = 1;
	memcpy(copy, s, n);
	copy[n] = '\0';
	ctx = ec_ctx_new(&o);
	ec_begin_input(ctx, "-");
	ec_feed(ctx, copy, n, 1);
	took = ec_block_open(ctx) || ec_get_counts(ctx)->records > 0;
	ec_flush(ctx);
	*nrec = ec_get_counts(ctx)->records;
	ec_ctx_free(ctx);
	free(o.enabled);
	free(copy);
	return took;
}

int ec_explain_line(const char *text, const ec_options *opt)
{
	size_t n = strlen(text);
	const char *owner = NULL;
	ec_ctx *ctx;
	char *copy;

	printf("line: %s\n", text);
	printf("no trigger literal in the line:");
	for (size_t i = 0; i < opt->nparsers; i++)
		if (!(opt->enabled && !opt->enabled[i]) && !trigger_in(opt->parsers[i], text, n))
			printf(" %s", opt->parsers[i]->name);
	putchar('\n');
	for (size_t i = 0; i < opt->nparsers; i++) {
		const ec_parser *p = opt->parsers[i];
		const char *t = trigger_in(p, text, n), *why = NULL;
		unsigned long long nrec = 0;
		int took = 0, diag_took = 0;
		if (opt->enabled && !opt->enabled[i]) {
			printf("%-10s  not enabled (--format)\n", p->name);
			continue;
		}
		if (!strcmp(p->name, "diagnostic"))
			why = ec_diag_explain(text, n, &diag_took);
		if (!t) {
			if (why)
				printf("%-10s  no trigger literal; its grammar would say: %s\n", p->name, why);
			continue;
		}
		took = try_one(opt, i, text, n, &nrec);
		printf("%-10s  trigger \"%s\": %s", p->name, t,
		       !took ? "declines the line" : nrec ? "takes the line" : "takes the line, no record yet");
		if (took && nrec)
			printf(" (%llu record%s)", nrec, nrec == 1 ? "" : "s");
		if (why)
			printf(": %s", why);
		if (!took && !why)
			printf(" (a block of its own may need the lines around it)");
		putchar('\n');
		if (took && !owner)
			owner = p->name;
	}
	if (owner)
		printf("=> %s takes the line (parsers are offered lines in the order above; the first wins)\n",
		       owner);
	else
		printf("=> no parser takes the line: it is ordinary output\n");
	fflush(stdout);
	/* the records errcap writes for the line on its own */
	copy = et_xstrdup(text);
	ctx = ec_ctx_new(opt);
	ec_begin_input(ctx, "-");
	ec_feed(ctx, copy, n, 1);
	ec_flush(ctx);
	ec_ctx_free(ctx);
	free(copy);
	return owner ? 0 : 1;
}
