/* errcap: find errors and warnings in build, test and program output. */
#include "driver.h"
#include "et_cli.h"
#include "et_line.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE (1u << 20)     /* longer lines are cut (their head is parsed) */

static void usage(void)
{
	printf("Usage: errcap [OPTION]... [FILE]...\n"
	       "       errcap [OPTION]... -- COMMAND [ARG]...\n"
	       "Find errors and warnings in build, test and program output and write one\n"
	       "JSON record per error (docs/schema.md). With no FILE, or when FILE is -,\n"
	       "read standard input.\n"
	       "\n"
	       "  -B, --context=N       keep N lines of context before each block (default 3)\n"
	       "  -f, --format=LIST     use only these parsers (comma-separated names)\n"
	       "      --list-formats    list the parsers and exit\n"
	       "      --line-buffered   flush output after every record\n"
	       "  -h, --help            show this help and exit\n"
	       "  -V, --version         show the version and exit\n"
	       "\n"
	       "Exit status: 0 if a record was written, 1 if none, 2 on trouble.\n");
}

static unsigned char *parse_formats(const char *list)
{
	unsigned char *on = et_xcalloc(ec_nparsers, 1);
	char *copy = et_xstrdup(list), *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		size_t i;
		for (i = 0; i < ec_nparsers; i++)
			if (!strcmp(ec_parsers[i]->name, t))
				break;
		if (i == ec_nparsers)
			et_usage_error("unknown format '%s' (see --list-formats)", t);
		on[i] = 1;
	}
	free(copy);
	return on;
}

static void run_input(ec_ctx *ctx, const char *name)
{
	et_lines *lr = et_lines_open(name);
	char *line;
	size_t len;
	int r;
	if (!lr) {
		et_warn_at(name, 0, "%s", strerror(errno));
		return;
	}
	et_lines_set_max(lr, MAX_LINE);
	ec_begin_input(ctx, name);
	while ((r = et_lines_next(lr, &line, &len)) > 0)
		ec_feed(ctx, line, len, et_lines_lineno(lr));
	if (r < 0)
		et_warn_at(et_lines_name(lr), 0, "read error: %s", strerror(errno));
	ec_flush(ctx);
	et_lines_close(lr);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "context", required_argument, NULL, 'B' },
		{ "format", required_argument, NULL, 'f' },
		{ "list-formats", no_argument, NULL, 'L' },
		{ "line-buffered", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	ec_options opt = { .context = 3 };
	ec_ctx *ctx;
	int c, rc;

	et_cli_init("errcap");
	while ((c = getopt_long(argc, argv, "+B:f:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'B': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 1000)
				et_usage_error("invalid context length '%s'", optarg);
			opt.context = (size_t)v;
			break;
		}
		case 'f':
			free(opt.enabled);
			opt.enabled = parse_formats(optarg);
			break;
		case 'L':
			for (size_t i = 0; i < ec_nparsers; i++)
				printf("%-10s %s\n", ec_parsers[i]->name, ec_parsers[i]->desc);
			return et_out_close();
		case 'l':
			et_out_line_buffered(1);
			break;
		case 'h':
			usage();
			return et_out_close();
		case 'V':
			et_print_version();
			return et_out_close();
		default:
			fprintf(stderr, "Try 'errcap --help' for more information.\n");
			return ET_EXIT_TROUBLE;
		}
	}
	ctx = ec_ctx_new(&opt);
	if (optind == argc)
		run_input(ctx, "-");
	for (int i = optind; i < argc; i++)
		run_input(ctx, argv[i]);
	rc = ec_get_counts(ctx)->records ? ET_EXIT_FOUND : ET_EXIT_NONE;
	ec_ctx_free(ctx);
	free(opt.enabled);
	if (et_out_close() || et_trouble)
		rc = ET_EXIT_TROUBLE;
	return rc;
}
