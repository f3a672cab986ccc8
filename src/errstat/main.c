/* errstat: metrics, trends and alerts from errtools records. */
#include "es.h"
#include "et_cli.h"
#include "et_file.h"
#include "et_time.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

enum { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_MD, FMT_HTML };

enum {
	OPT_SINCE = 256, OPT_UNTIL, OPT_JSON, OPT_CSV, OPT_MD, OPT_HTML, OPT_COMPARE, OPT_FAIL_IF,
	OPT_DAYS, OPT_COLOR, OPT_ASCII,
};

static void usage(void)
{
	printf("Usage: errstat [OPTION]... [FILE]...\n"
	       "       errstat --compare OLD [OPTION]... [NEW]...\n"
	       "       errstat --db STORE [--days N] [OPTION]...\n"
	       "Report metrics, trends and alerts from errtools records (errcap, errhash,\n"
	       "errcat output). With no FILE, or when FILE is -, read standard input.\n"
	       "count = occurrences (sum of errhash's count, 1 per raw record);\n"
	       "distinct = number of fingerprints.\n"
	       "\n"
	       "  -b, --by=FIELD[,FIELD]  group by record fields (category, severity, file,\n"
	       "                          type, format, fingerprint, ...) or by day / hour\n"
	       "  -n, --top=N             show N rows per list in text, markdown and HTML\n"
	       "                          (default 10; 0: all); JSON and CSV have every row\n"
	       "      --since=TIME        only records at or after TIME (RFC 3339 date or\n"
	       "                          date-time, or 30m, 24h, 7d, 2w ago)\n"
	       "      --until=TIME        only records before TIME (a date: to its end)\n"
	       "      --json              write one JSON document\n"
	       "      --csv               write the main table as CSV (RFC 4180)\n"
	       "      --markdown          write markdown (daily analysis files)\n"
	       "      --html              write one self-contained HTML page with charts\n"
	       "  -o, --output=FILE       write the report to FILE (a link's target, replaced\n"
	       "                          atomically; a FIFO or device written; - stdout)\n"
	       "      --compare=OLD       compare OLD records with FILEs: appeared, gone,\n"
	       "                          increased, decreased fingerprints\n"
	       "  -d, --db=STORE          history from errhash's store (read-only)\n"
	       "      --days=N            with --db: the last N days (default 7)\n"
	       "      --fail-if=EXPR      exit 1 when EXPR holds, e.g. 'severity=critical>0',\n"
	       "                          'new>0', 'count>100 || distinct>=5' (see errstat(1))\n"
	       "  -q, --quiet             write no report: the exit status alone\n"
	       "      --color[=WHEN]      colour: auto (default), always, never; never\n"
	       "                          when NO_COLOR is set\n"
	       "      --ascii             charts in plain ASCII\n"
	       "      --now=TIME          take TIME (RFC 3339) as the current time\n"
	       "  -h, --help              show this help and exit\n"
	       "  -V, --version           show the version and exit\n"
	       "\n"
	       "Exit status: 0 on success (with --fail-if: the condition does not hold),\n"
	       "1 when the --fail-if condition holds, 2 on trouble.\n");
}

static long parse_count(const char *opt, const char *s, long max)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 0 || v > max)
		et_usage_error("%s: invalid number '%s'", opt, s);
	return v;
}

/* TIME as seconds; until: the exclusive end (a date means its whole day) */
static double parse_when(const char *opt, const char *s, double now, int until)
{
	const char *end;
	char *e;
	double t, n;
	n = strtod(s, &e);
	if (e != s && *s >= '0' && *s <= '9' && e[0] && !e[1] && strchr("smhdw", e[0]) && n >= 0) {
		static const double unit[] = { 1, 60, 3600, 86400, 604800 };
		return now - n * unit[strchr("smhdw", e[0]) - "smhdw"];
	}
	if (et_time_parse(s, &t, &end) || *end)
		et_usage_error("%s: invalid time '%s' (RFC 3339, e.g. 2026-11-21 or "
			       "2026-11-21T08:00:00Z, or 7d)", opt, s);
	if (until)
		t += strlen(s) == 10 ? 86400 : 0.001;
	return t;
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	if (c && atoi(c) > 20)
		return atoi(c);
	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 20)
		return ws.ws_col;
	return 100;
}

/* what the command line asks for */
typedef struct {
	es_opts opt;
	es_out out;
	const char *by, *compare, *dbpath, *fail_if, *output, *since, *until;
	int fmt, color, quiet;  /* FMT_*; --color: 1 always, 0 never, -1 auto */
} cmdline;

/* --color's WHEN: 1 always (also when none), 0 never, -1 auto; a usage error for others */
static int parse_color(const char *when)
{
	if (!when || !strcmp(when, "always"))
		return 1;
	if (!strcmp(when, "never"))
		return 0;
	if (!strcmp(when, "auto"))
		return -1;
	et_usage_error("--color: expected always, never or auto, not '%s'", when);
}

/* checks the options (usage errors), settles opt and out, parses --fail-if (-1 when it fails) */
static int settle(cmdline *a, int nfiles, es_expr **expr)
{
	const char *nc;
	char err[1024];
	if (a->dbpath && (a->compare || a->by))
		et_usage_error("--db cannot be combined with %s", a->compare ? "--compare" : "--by");
	if (a->compare && a->by)
		et_usage_error("--by cannot be combined with --compare");
	if (a->quiet && a->output)
		et_usage_error("--quiet writes no report: drop -o or --quiet");
	if (a->dbpath && nfiles)
		et_usage_error("--db reads the store, not FILE operands");
	if (!a->opt.days)
		et_usage_error("--days: must be at least 1");
	/* data for other programs is whole: --top shortens only what people read */
	if (a->fmt == FMT_JSON || a->fmt == FMT_CSV)
		a->opt.top = 0;
	if (a->compare && !strcmp(a->compare, "-") && !nfiles)
		et_usage_error("--compare: OLD and NEW cannot both be standard input");
	a->opt.now = et_time_now();
	if (a->since) {
		a->opt.have_since = 1;
		a->opt.since = parse_when("--since", a->since, a->opt.now, 0);
	}
	if (a->until) {
		a->opt.have_until = 1;
		a->opt.until = parse_when("--until", a->until, a->opt.now, 1);
	}
	if (a->fail_if && !(*expr = es_expr_parse(a->fail_if, err, sizeof err))) {
		et_warn("--fail-if: %s", err);
		return -1;
	}
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		a->color = 0;
	else if (a->color < 0)
		a->color = !a->output && isatty(STDOUT_FILENO);
	a->out.color = a->color && a->fmt == FMT_TEXT;
	a->out.width = terminal_width();
	return 0;
}

/* the --db report, with --fail-if's FIELD=VALUE counts; NULL after a message */
static es_report *db_report(const cmdline *a, es_expr *expr)
{
	size_t nsels = 0;
	es_selector *sels = expr ? es_expr_selectors(expr, &nsels) : NULL;
	return es_db_report(a->dbpath, &a->opt, sels, nsels);
}

/* an empty aggregate for by (may be NULL) over --since..--until, counting expr's FIELD=VALUE */
static es_agg *new_agg(const char *by, const es_opts *opt, es_expr *expr)
{
	es_agg *agg = es_agg_new(by);
	agg->have_since = opt->have_since;
	agg->since = opt->since;
	agg->have_until = opt->have_until;
	agg->until = opt->until;
	if (expr)
		agg->sels = es_expr_selectors(expr, &agg->nsels);
	return agg;
}

/* the report on agg's records (agg must outlive it): --compare's or stats; NULL after a message */
static es_report *agg_report(es_agg *agg, const cmdline *a)
{
	es_report *rep;
	es_agg *old;
	long long k[4];
	if (es_agg_check_seen(agg))
		return NULL;
	if (!a->compare)
		return es_stats_report(agg, &a->opt);
	old = new_agg(NULL, &a->opt, NULL);
	es_agg_read(old, a->compare);
	rep = es_compare_report(old, agg, &a->opt, k);
	es_agg_free(old);
	return rep;
}

/* writes rep as asked (-o FILE, stdout, none with -q), then --fail-if; returns the exit status */
static int emit(const es_report *rep, const cmdline *a, const es_expr *expr)
{
	et_buf text = ET_BUF_INIT;
	char err[1024];
	int rc = ET_EXIT_FOUND, holds;
	switch (a->quiet ? -1 : a->fmt) {
	case -1: break;
	case FMT_JSON: es_out_json(rep, &text); break;
	case FMT_CSV: es_out_csv(rep, &text); break;
	case FMT_MD: es_out_md(rep, &text); break;
	case FMT_HTML: es_out_html(rep, &text); break;
	default: es_out_text(rep, &a->out, &text); break;
	}
	if (a->output) {
		if (et_file_write(a->output, text.buf, text.len)) {
			et_warn("%s: %s", a->output, strerror(errno));
			rc = ET_EXIT_TROUBLE;
		}
	} else if (!a->quiet) {
		et_out_write(text.buf, text.len);
	}
	et_buf_release(&text);
	if (expr) {
		holds = es_expr_eval(expr, rep, err, sizeof err);
		if (holds < 0) {
			et_warn("--fail-if: %s", err);
			rc = ET_EXIT_TROUBLE;
		} else if (holds && rc == ET_EXIT_FOUND) {
			rc = ET_EXIT_NONE;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "top", required_argument, NULL, 'n' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "markdown", no_argument, NULL, OPT_MD },
		{ "html", no_argument, NULL, OPT_HTML },
		{ "output", required_argument, NULL, 'o' },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "db", required_argument, NULL, 'd' },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "fail-if", required_argument, NULL, OPT_FAIL_IF },
		{ "quiet", no_argument, NULL, 'q' },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "ascii", no_argument, NULL, OPT_ASCII },
		{ "now", required_argument, NULL, ET_OPT_NOW },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	cmdline a = { .opt = { .top = 10, .days = 7 }, .fmt = FMT_TEXT, .color = -1 };
	es_expr *expr = NULL;
	es_agg *agg = NULL;
	es_report *rep = NULL;
	int c, rc = ET_EXIT_TROUBLE;

	et_cli_init("errstat");
	while ((c = getopt_long(argc, argv, "b:n:o:d:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': a.by = optarg; break;
		case 'n': a.opt.top = parse_count("--top", optarg, 1000000000L); break;
		case OPT_SINCE: a.since = optarg; break;
		case OPT_UNTIL: a.until = optarg; break;
		case OPT_JSON: a.fmt = FMT_JSON; break;
		case OPT_CSV: a.fmt = FMT_CSV; break;
		case OPT_MD: a.fmt = FMT_MD; break;
		case OPT_HTML: a.fmt = FMT_HTML; break;
		case 'o': a.output = strcmp(optarg, "-") ? optarg : NULL; break;
		case OPT_COMPARE: a.compare = optarg; break;
		case 'd': a.dbpath = optarg; break;
		case OPT_DAYS: a.opt.days = (int)parse_count("--days", optarg, 3660); break;
		case OPT_FAIL_IF: a.fail_if = optarg; break;
		case 'q': a.quiet = 1; break;
		case OPT_COLOR: a.color = parse_color(optarg); break;
		case OPT_ASCII: a.out.ascii = 1; break;
		case ET_OPT_NOW: et_cli_set_now(optarg); break;
		default:
			return et_cli_common(c, usage);
		}
	}
	if (settle(&a, argc - optind, &expr))
		return ET_EXIT_TROUBLE;
	if (a.dbpath) {
		rep = db_report(&a, expr);
	} else {
		agg = new_agg(a.by, &a.opt, expr);
		if (optind == argc)
			es_agg_read(agg, "-");
		for (int i = optind; i < argc; i++)
			es_agg_read(agg, argv[i]);
		rep = agg_report(agg, &a);
	}
	if (!rep)
		goto out;
	rc = emit(rep, &a, expr);
out:
	es_report_free(rep);
	es_agg_free(agg);
	es_expr_free(expr);
	if (et_out_close() || et_trouble)
		rc = ET_EXIT_TROUBLE;
	return rc;
}
