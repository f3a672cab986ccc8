/* errcap: find errors and warnings in build, test and program output. */
#include "core_chunk.h"
#include "core_read.h"
#include "core_run.h"
#include "doc.h"
#include "driver.h"
#include "et_cli.h"
#include "et_frame.h"
#include "et_schema.h"
#include "fmt.h"
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
	       "  -B, --before-context=N  keep N ordinary lines before each block, in\n"
	       "                        context (default 3)\n"
	       "  -A, --after-context=N   keep N ordinary lines after each block, in\n"
	       "                        context_after (default 0: none)\n"
	       "  -C, --context=N       both: N lines before and N after\n"
	       "      --chunk=K/N       read only the K-th of N equal byte ranges of FILE (a\n"
	       "                        regular file): the records of blocks that begin in\n"
	       "                        it, numbered as in the whole file; the N outputs in\n"
	       "                        order are the records of one run over FILE\n"
	       "  -f, --format=LIST     use only these formats (comma-separated names); junit,\n"
	       "                        sarif, checkstyle and findings read JUnit XML, SARIF,\n"
	       "                        Checkstyle XML and linters' JSON findings reports,\n"
	       "                        which are otherwise recognised by their first bytes\n"
	       "      --formats=DIR|FILE  also read these format files (repeatable; after\n"
	       "                        the bundled ones and ~/.config/errtools/formats)\n"
	       "      --matchers=FILE   also read this GitHub problem-matcher JSON (repeatable)\n"
	       "      --list-formats    list the formats, where each comes from, and exit\n"
	       "      --check-formats [FILE]...  run the examples of the format files given\n"
	       "                        (default: of every format read) and exit\n"
	       "      --explain-line=TEXT  say which format takes the line TEXT and why,\n"
	       "                        or why none does, then write its records\n"
	       "      --in-app=PREFIX   frames whose function or file begins with PREFIX, or\n"
	       "                        whose file has it as a path part, are the program's\n"
	       "                        own code (repeatable; docs/schema.md, in_app)\n"
	       "      --not-in-app=PREFIX  such frames are a library's (repeatable; the\n"
	       "                        longest matching prefix decides)\n"
	       "      --tee             copy the input, unchanged, to standard error\n"
	       "      --line-buffered   flush output after every record\n"
	       "  -s, --session=ID      stamp records with this session id\n"
	       "                        (default: $ERRTOOLS_SESSION)\n"
	       "      --exit-zero       exit 0 whether or not anything was found (and, with\n"
	       "                        -- COMMAND, whatever its status); 2 still on trouble\n"
	       "      --keep-prefixes   do not remove CI timestamps and [job] prefixes\n"
	       "      --now=TIME        take TIME (RFC 3339) as the current time\n"
	       "  -h, --help            show this help and exit\n"
	       "  -V, --version         show the version and exit\n"
	       "\n"
	       "Exit status: 0 if a record was written, 1 if none, 2 on trouble;\n"
	       "with -- COMMAND, the command's status (128+N when signal N ended it);\n"
	       "with --exit-zero, 0 unless there was trouble.\n");
}

/* The parsers of tab[0..n) in list; the document formats in it go to *docs. */
static unsigned char *parse_formats(const char *list, const ec_parser *const *tab, size_t n,
				    unsigned *docs)
{
	unsigned char *on = et_xcalloc(n ? n : 1, 1);
	char *copy = et_xstrdup(list), *save = NULL;
	*docs = 0;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		size_t i;
		if (ec_doc_format(t)) {
			*docs |= ec_doc_format(t);
			continue;
		}
		/* a name a parser writes instead of its own (clang) selects that parser */
		const et_format *f = et_schema_format(t);
		const char *want = f && f->kind == ET_FMT_ALSO ? f->by : t;
		for (i = 0; i < n; i++)
			if (!strcmp(tab[i]->name, want))
				break;
		if (i == n)
			et_usage_error("unknown format '%s' (see --list-formats)", t);
		on[i] = 1;
	}
	free(copy);
	return on;
}

/* The built-in parser called name, or NULL. */
static const ec_parser *builtin(const char *name)
{
	for (size_t i = 0; i < ec_nparsers; i++)
		if (!strcmp(ec_parsers[i]->name, name))
			return ec_parsers[i];
	return NULL;
}

/*
 * --list-formats: the formats of the table in the order lines are offered
 * to them (a built-in's description, and the names it writes besides its
 * own, from et_schema), then the document formats. Returns 2 when the
 * built-in parsers and et_schema's list of formats disagree.
 */
static int list_formats(const ec_parser *const *tab, const char *const *where, size_t n)
{
	int rc = 0;
	const et_format *f;
	for (size_t i = 0; i < n; i++) {
		const char *desc = tab[i]->desc;
		if (builtin(tab[i]->name) == tab[i]) {
			f = et_schema_format(tab[i]->name);
			if (!f || f->kind != ET_FMT_PARSER) {
				et_warn("built-in parser '%s' is not in et_schema's list of formats",
					tab[i]->name);
				rc = ET_EXIT_TROUBLE;
			}
			desc = f ? f->desc : "";
		}
		printf("%-14s %-10s %s\n", tab[i]->name, where[i], desc ? desc : "");
		for (f = et_formats; f->name; f++)
			if (f->kind == ET_FMT_ALSO && builtin(tab[i]->name) == tab[i] &&
			    !strcmp(f->by, tab[i]->name))
				printf("%-14s %-10s %s\n", f->name, where[i], f->desc);
	}
	for (f = et_formats; f->name; f++) {
		if (f->kind == ET_FMT_DOC && ec_doc_format(f->name))
			printf("%-14s %-10s %s\n", f->name, "built-in", f->desc);
		else if (f->kind == ET_FMT_DOC || !builtin(f->kind == ET_FMT_ALSO ? f->by : f->name)) {
			et_warn("et_schema's format '%s' has no %s in errcap", f->name,
				f->kind == ET_FMT_DOC ? "document reader" : "parser");
			rc = ET_EXIT_TROUBLE;
		}
	}
	return rc;
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

/* N of -A, -B, -C: 0 to 1000 lines */
static size_t parse_context(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 1000)
		et_usage_error("invalid context length '%s'", s);
	return (size_t)v;
}

/* A format source given on the command line, in order. */
typedef struct {
	const char *path;
	int json;
} fmt_src;

static int is_json(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && !strcmp(path + n - 5, ".json");
}

/*
 * The formats: the bundled and the user's (unless only), then the sources
 * given. NULL after a broken file was reported.
 */
static ec_fmtset *load_formats(const fmt_src *src, size_t n, int only)
{
	ec_fmtset *fs = ec_fmtset_new();
	int rc = only ? 0 : ec_fmtset_load_defaults(fs);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = src[i].json ? ec_fmtset_load_matchers(fs, src[i].path)
				 : ec_fmtset_load(fs, src[i].path, 1);
	if (rc < 0) {
		ec_fmtset_free(fs);
		return NULL;
	}
	return fs;
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
	enum { OPT_LIST = 256, OPT_LINEBUF, OPT_TEE, OPT_KEEP, OPT_EXIT_ZERO, OPT_FORMATS, OPT_MATCHERS,
	       OPT_CHECK, OPT_EXPLAIN, OPT_CHUNK, OPT_IN_APP, OPT_NOT_IN_APP };
	static const struct option longopts[] = {
		{ "before-context", required_argument, NULL, 'B' },
		{ "after-context", required_argument, NULL, 'A' },
		{ "context", required_argument, NULL, 'C' },
		{ "chunk", required_argument, NULL, OPT_CHUNK },
		{ "format", required_argument, NULL, 'f' },
		{ "formats", required_argument, NULL, OPT_FORMATS },
		{ "matchers", required_argument, NULL, OPT_MATCHERS },
		{ "list-formats", no_argument, NULL, OPT_LIST },
		{ "check-formats", no_argument, NULL, OPT_CHECK },
		{ "explain-line", required_argument, NULL, OPT_EXPLAIN },
		{ "in-app", required_argument, NULL, OPT_IN_APP },
		{ "not-in-app", required_argument, NULL, OPT_NOT_IN_APP },
		{ "tee", no_argument, NULL, OPT_TEE },
		{ "line-buffered", no_argument, NULL, OPT_LINEBUF },
		{ "session", required_argument, NULL, 's' },
		{ "keep-prefixes", no_argument, NULL, OPT_KEEP },
		{ "exit-zero", no_argument, NULL, OPT_EXIT_ZERO },
		{ "now", required_argument, NULL, ET_OPT_NOW },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	ec_options opt = { .context = 3 };
	ec_ctx *ctx = NULL;
	ec_fmtset *fs = NULL;
	fmt_src *src = et_xcalloc((size_t)argc, sizeof *src);
	const ec_parser *const *tab;
	const char *const *where;
	const char *only = NULL;
	size_t nsrc = 0, ntab;
	int c, rc, tee = 0, wrap, exit_zero = 0, force = 0, list = 0, check = 0;
	unsigned docs = EC_DOC_ALL;
	const char *explain = NULL;
	unsigned long chunk_k = 0, chunk_n = 0;

	et_cli_init("errcap");
	while ((c = getopt_long(argc, argv, "+A:B:C:f:s:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'A':
			opt.after = parse_context(optarg);
			break;
		case 'B':
			opt.context = parse_context(optarg);
			break;
		case 'C':
			opt.context = opt.after = parse_context(optarg);
			break;
		case 'f':
			only = optarg;
			break;
		case OPT_FORMATS:
		case OPT_MATCHERS:
			src[nsrc].path = optarg;
			src[nsrc++].json = c == OPT_MATCHERS;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_EXPLAIN:
			explain = optarg;
			break;
		case OPT_CHUNK:
			if (core_chunk_parse(optarg, &chunk_k, &chunk_n) < 0)
				et_usage_error("invalid chunk '%s' (K/N, 1 <= K <= N)", optarg);
			break;
		case OPT_IN_APP:
		case OPT_NOT_IN_APP:
			et_frame_rule(optarg, c == OPT_IN_APP);
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
		case ET_OPT_NOW: et_cli_set_now(optarg); break;
		default:
			free(src);
			return et_cli_common(c, usage);
		}
	}
	if (check) {
		/* operands are format files (or matchers, *.json) to check alone */
		for (int i = optind; i < argc; i++) {
			src[nsrc].path = argv[i];
			src[nsrc++].json = is_json(argv[i]);
		}
		fs = load_formats(src, nsrc, optind < argc);
		free(src);
		if (!fs)
			return ET_EXIT_TROUBLE;
		rc = ec_fmtset_check(fs);
		ec_fmtset_free(fs);
		if (et_out_close())
			rc = ET_EXIT_TROUBLE;
		return rc;
	}
	fs = load_formats(src, nsrc, 0);
	free(src);
	if (!fs)
		return ET_EXIT_TROUBLE;
	ntab = ec_fmtset_table(fs, &tab, &where);
	if (list) {
		rc = list_formats(tab, where, ntab);
		ec_fmtset_free(fs);
		return et_out_close() ? ET_EXIT_TROUBLE : rc;
	}
	opt.parsers = tab;
	opt.nparsers = ntab;
	opt.create_for = ec_fmt_create;
	if (only) {
		opt.enabled = parse_formats(only, tab, ntab, &docs);
		/* only document formats: every input is read as one */
		force = docs && !memchr(opt.enabled, 1, ntab);
	}
	if (!opt.session) {
		const char *env = getenv("ERRTOOLS_SESSION");
		if (env && *env)
			opt.session = env;
	}
	if (explain) {
		rc = ec_explain_line(explain, &opt);
		free(opt.enabled);
		ec_fmtset_free(fs);
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
	ec_fmtset_free(fs);
	/* a wrapped command's status (make's 2 included) is not errcap's trouble: that is et_trouble */
	if (exit_zero && (wrap || rc != ET_EXIT_TROUBLE))
		rc = ET_EXIT_FOUND;
	if (et_out_close() || et_trouble)
		if (!wrap || exit_zero)
			rc = ET_EXIT_TROUBLE;
	return rc;
}
