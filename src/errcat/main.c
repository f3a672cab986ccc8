/* errcat: give every error record a category, a severity and tags. */
#include "emit.h"
#include "match.h"
#include "pat.h"
#include "et_buf.h"
#include "et_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	printf("Usage: errcat [OPTION]... [FILE]...\n"
	       "Give every record (JSON Lines, docs/schema.md) a category, a severity, tags\n"
	       "and the rule that chose them, from pattern files (docs/patterns.md). With no\n"
	       "FILE, or when FILE is -, read standard input.\n"
	       "\n"
	       "  -p, --patterns=DIR|FILE  load pattern files from DIR (every *.pat) or FILE,\n"
	       "                           before the search path; may be repeated\n"
	       "      --no-default-patterns  load only the --patterns given (no $ERRCAT_PATH,\n"
	       "                           user directory or bundled library)\n"
	       "      --check              lint the pattern files and exit (no input is read)\n"
	       "  -x, --explain            print, for each record, why each rule did or did\n"
	       "                           not match, instead of the records\n"
	       "      --list-rules         list the pattern files and rules in effect and exit\n"
	       "      --line-buffered      flush output after every record\n"
	       "      --now=TIME           take TIME (RFC 3339) as the current time\n"
	       "  -h, --help               show this help and exit\n"
	       "  -V, --version            show the version and exit\n"
	       "\n"
	       "Search path: --patterns, then $ERRCAT_PATH (colon-separated), then\n"
	       "$XDG_CONFIG_HOME/errtools/patterns (default ~/.config/errtools/patterns), then\n"
	       "the bundled library. The first rule that matches wins.\n"
	       "\n"
	       "Exit status: 0 on success, 2 on trouble (a bad pattern file, an unreadable\n"
	       "FILE, a line that is not a JSON object). --check: 0 clean, 1 warnings only,\n"
	       "2 errors.\n");
}

int main(int argc, char **argv)
{
	enum { OPT_NODEF = 256, OPT_CHECK, OPT_LIST, OPT_LINEBUF };
	static const struct option longopts[] = {
		{ "patterns", required_argument, NULL, 'p' },
		{ "no-default-patterns", no_argument, NULL, OPT_NODEF },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "explain", no_argument, NULL, 'x' },
		{ "list-rules", no_argument, NULL, OPT_LIST },
		{ "line-buffered", no_argument, NULL, OPT_LINEBUF },
		{ "now", required_argument, NULL, ET_OPT_NOW },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char **given = NULL;
	int ngiven = 0, only_given = 0, check = 0, explain = 0, list = 0, c, rc = 0;
	int npath;
	ct_pathent *path = NULL;
	ct_ruleset *rs = NULL;
	ct_matcher *m = NULL;
	ct_emitter em;

	et_cli_init("errcat");
	while ((c = getopt_long(argc, argv, "p:xhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			given = et_xrealloc(given, (size_t)(ngiven + 1) * sizeof *given);
			given[ngiven++] = optarg;
			break;
		case OPT_NODEF:
			only_given = 1;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case 'x':
			explain = 1;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_LINEBUF:
			et_out_line_buffered(1);
			break;
		case ET_OPT_NOW: et_cli_set_now(optarg); break;
		default:
			free(given);
			return et_cli_common(c, usage);
		}
	}
	if (check + explain + list > 1) {
		free(given);
		et_usage_error("--check, --explain and --list-rules exclude one another");
	}
	if ((check || list) && optind < argc) {
		free(given);
		et_usage_error("--check and --list-rules take no FILE operands");
	}

	path = ct_search_path(given, ngiven, only_given, &npath);
	rs = ct_load(path, npath, check ? CT_REPORT_CHECK : CT_REPORT_ERRCAT);
	if (!rs->errors && !rs->nrules && !list) {
		/* every record would come out uncategorized: say so, and why */
		et_buf where = ET_BUF_INIT;
		for (int i = 0; i < npath; i++)
			et_buf_addf(&where, "%s%s", i ? ", " : "", path[i].path);
		et_warn("no rules loaded (searched %s); every record is uncategorized",
			where.len ? where.buf : "nothing");
		et_buf_release(&where);
		if (check) {
			rc = ET_EXIT_TROUBLE;
			goto out;
		}
	}
	if (check) {
		int w = ct_lint(rs);
		rc = rs->errors ? ET_EXIT_TROUBLE : w ? 1 : 0;
		goto out;
	}
	if (rs->errors) {
		et_warn("%d problem%s in pattern files; nothing done", rs->errors,
			rs->errors == 1 ? "" : "s");
		rc = ET_EXIT_TROUBLE;
		goto out;
	}
	if (list) {
		ct_list(rs);
		goto out;
	}
	m = ct_matcher_new(rs);
	ct_emitter_init(&em, m, explain);
	et_rec_each(argc - optind, argv + optind, ct_run_record, &em);
	ct_emitter_release(&em);
out:
	ct_matcher_free(m);
	ct_ruleset_free(rs);
	ct_search_path_free(path, npath);
	free(given);
	if (et_out_close() || et_trouble)
		rc = ET_EXIT_TROUBLE;
	return rc;
}
