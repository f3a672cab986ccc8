/* errcap: find errors and warnings in build, test and program output. */
#include "core_chunk.h"
#include "core_read.h"
#include "core_run.h"
#include "doc.h"
#include "driver.h"
#include "et_cli.h"
#include "explain.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(void)
{
	printf("Usage: errcap [OPTION]... [FILE]...\n"
	       "       errcap [OPTION]... -- COMMAND [ARG]...\n"
	       "Find errors and warnings in build, test and program output and write one\n"
	       "JSON record per error (docs/schema.md). With no FILE, or when FILE is -,\n"
	       "read standard input. After --, run COMMAND, pass its output through to\n"
	       "standard error, write its records and a run record, and exit with its status.\n"
	       "\n"
	       "  -B, --context=N       keep N lines of context before each block (default 3)\n"
	       "      --chunk=K/N       read only the K-th of N equal byte ranges of FILE (a\n"
	       "                        regular file): the records of blocks that begin in\n"
	       "                        it, numbered as in the whole file; the N outputs in\n"
	       "                        order are the records of one run over FILE\n"
	       "  -f, --format=LIST     use only these parsers (comma-separated names); junit\n"
	       "                        and sarif read JUnit XML and SARIF reports, which\n"
	       "                        are otherwise recognised by their first bytes\n"
	       "      --list-formats    list the parsers and exit\n"
	       "      --explain-line=TEXT  say which parser takes the line TEXT and why,\n"
	       "                        or why none does, then write its records\n"
	       "      --tee             copy the input, unchanged, to standard error\n"
	       "      --line-buffered   flush output after every record\n"
	       "  -s, --session=ID      stamp records with this session id\n"
	       "                        (default: $ERRTOOLS_SESSION)\n"
	       "      --exit-zero       exit 0 whether or not anything was found (and, with\n"
	       "                        -- COMMAND, whatever its status); 2 still on trouble\n"
	       "      --keep-prefixes   do not remove CI timestamps and [job] prefixes\n"
	       "  -h, --help            show this help and exit\n"
	       "  -V, --version         show the version and exit\n"
	       "\n"
	       "Exit status: 0 if a record was written, 1 if none, 2 on trouble;\n"
	       "with -- COMMAND, the command's status (128+N when signal N ended it);\n"
	       "with --exit-zero, 0 unless there was trouble.\n");
}

/* The parsers in list; the document formats in it go to *docs. */
static unsigned char *parse_formats(const char *list, unsigned *docs)
{
	unsigned char *on = et_xcalloc(ec_nparsers, 1);
	char *copy = et_xstrdup(list), *save = NULL;
	*docs = 0;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		size_t i;
		if (ec_doc_format(t)) {
			*docs |= ec_doc_format(t);
			continue;
		}
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

/* 1 when name is a program on PATH (no slash in it) */
static int on_path(const char *name)
{
	const char *path = getenv("PATH");
	et_buf b = ET_BUF_INIT;
	int found = 0;
	if (strchr(name, '/') || !path)
		return 0;
	for (const char *p = path; !found; p++) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		et_buf_reset(&b);
		et_buf_add(&b, n ? p : ".", n ? n : 1);
		et_buf_addch(&b, '/');
		et_buf_addstr(&b, name);
		found = !access(b.buf, X_OK);
		if (!e)
			break;
		p = e;
	}
	et_buf_release(&b);
	return found;
}

/* records written by --chunk runs (they are not in the context's counts) */
static unsigned long long chunk_records;

/* docs: the document formats to recognise (doc.h); force: read as the one in docs;
 * chunk_n > 0: only range chunk_k of chunk_n (a document is read whole by range 1) */
static void run_input(ec_ctx *ctx, const ec_options *opt, const char *name, int tee,
		      unsigned docs, int force, unsigned long chunk_k, unsigned long chunk_n)
{
	et_lines *lr = et_lines_open(name);
	enum ec_doc doc;
	struct stat sb;
	if (!lr) {
		int err = errno;
		if (err == ENOENT && on_path(name))
			et_warn_at(name, 0, "%s; did you mean errcap -- %s?", strerror(err), name);
		else
			et_warn_at(name, 0, "%s", strerror(err));
		return;
	}
	if (chunk_n && (fstat(et_lines_fd(lr), &sb) < 0 || !S_ISREG(sb.st_mode))) {
		et_warn_at(name, 0, "--chunk needs a regular file");
		et_lines_close(lr);
		return;
	}
	if (tee)
		et_lines_set_tee(lr, STDERR_FILENO);
	ec_begin_input(ctx, name);
	doc = ec_doc_detect(lr, docs, force);
	if (doc) {
		if (chunk_k <= 1)
			ec_doc_read(ctx, opt, lr, et_lines_name(lr), doc);
	} else if (chunk_n) {
		long w = core_chunk_read(ctx, name, chunk_k, chunk_n);
		if (w > 0)
			chunk_records += (unsigned long long)w;
	} else if (core_read(ctx, lr) < 0)
		et_warn_at(et_lines_name(lr), 0, "read error: %s", strerror(errno));
	ec_flush(ctx);
	et_lines_close(lr);
}

int main(int argc, char **argv)
{
	enum { OPT_LIST = 256, OPT_LINEBUF, OPT_TEE, OPT_KEEP, OPT_EXIT_ZERO, OPT_EXPLAIN, OPT_CHUNK };
	static const struct option longopts[] = {
		{ "context", required_argument, NULL, 'B' },
		{ "chunk", required_argument, NULL, OPT_CHUNK },
		{ "format", required_argument, NULL, 'f' },
		{ "list-formats", no_argument, NULL, OPT_LIST },
		{ "explain-line", required_argument, NULL, OPT_EXPLAIN },
		{ "tee", no_argument, NULL, OPT_TEE },
		{ "line-buffered", no_argument, NULL, OPT_LINEBUF },
		{ "session", required_argument, NULL, 's' },
		{ "keep-prefixes", no_argument, NULL, OPT_KEEP },
		{ "exit-zero", no_argument, NULL, OPT_EXIT_ZERO },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	ec_options opt = { .context = 3 };
	ec_ctx *ctx = NULL;
	int c, rc, tee = 0, wrap, exit_zero = 0, force = 0;
	unsigned docs = EC_DOC_ALL;
	const char *explain = NULL;
	unsigned long chunk_k = 0, chunk_n = 0;

	et_cli_init("errcap");
	while ((c = getopt_long(argc, argv, "+B:f:s:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'B': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 0 || v > 1000)
				et_usage_error("invalid context length '%s'", optarg);
			opt.context = (size_t)v;
			break;
		}
		case 'f':
			free(opt.enabled);
			opt.enabled = parse_formats(optarg, &docs);
			/* only document formats: every input is read as one */
			force = docs && !memchr(opt.enabled, 1, ec_nparsers);
			break;
		case OPT_LIST:
			for (size_t i = 0; i < ec_nparsers; i++)
				printf("%-10s %s\n", ec_parsers[i]->name, ec_parsers[i]->desc);
			ec_doc_list();
			free(opt.enabled);
			return et_out_close();
		case OPT_EXPLAIN:
			explain = optarg;
			break;
		case OPT_CHUNK:
			if (core_chunk_parse(optarg, &chunk_k, &chunk_n) < 0)
				et_usage_error("invalid chunk '%s' (K/N, 1 <= K <= N)", optarg);
			break;
		case OPT_TEE:
			tee = 1;
			break;
		case OPT_LINEBUF:
			et_out_line_buffered(1);
			break;
		case 's':
			opt.session = optarg;
			break;
		case OPT_KEEP:
			opt.no_prefixes = 1;
			break;
		case OPT_EXIT_ZERO:
			exit_zero = 1;
			break;
		case 'h':
			usage();
			free(opt.enabled);
			return et_out_close();
		case 'V':
			et_print_version();
			free(opt.enabled);
			return et_out_close();
		default:
			et_cli_try_help();
			free(opt.enabled);
			return ET_EXIT_TROUBLE;
		}
	}
	if (!opt.session) {
		const char *env = getenv("ERRTOOLS_SESSION");
		if (env && *env)
			opt.session = env;
	}
	if (explain) {
		rc = ec_explain_line(explain, &opt);
		free(opt.enabled);
		return et_out_close() ? ET_EXIT_TROUBLE : rc;
	}
	/* operands after a "--" are a command to run */
	wrap = optind > 1 && !strcmp(argv[optind - 1], "--");
	if (wrap && optind == argc)
		et_usage_error("no command after --");
	if (chunk_n && (wrap || argc - optind != 1 || !strcmp(argv[optind], "-")))
		et_usage_error("--chunk reads one FILE (not standard input or a command)");
	if (chunk_n && tee)
		et_usage_error("--chunk and --tee cannot be used together");
	ctx = ec_ctx_new(&opt);
	if (wrap) {
		rc = core_run(ctx, argv + optind, opt.session);
	} else {
		if (optind == argc)
			run_input(ctx, &opt, "-", tee, docs, force, 0, 0);
		for (int i = optind; i < argc; i++)
			run_input(ctx, &opt, argv[i], tee, docs, force, chunk_k, chunk_n);
		rc = ec_get_counts(ctx)->records || chunk_records ? ET_EXIT_FOUND : ET_EXIT_NONE;
	}
	ec_ctx_free(ctx);
	free(opt.enabled);
	if (exit_zero && rc != ET_EXIT_TROUBLE)
		rc = ET_EXIT_FOUND;
	if (et_out_close() || et_trouble)
		if (!wrap || exit_zero)
			rc = ET_EXIT_TROUBLE;
	return rc;
}
