/* errhash: fingerprint, deduplicate and remember errors. */
#include "run.h"
#include "et_cli.h"
#include "et_frame.h"
#include "et_time.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	printf("Usage: errhash [OPTION]... [FILE]...\n"
	       "Give each error record (JSON Lines, docs/schema.md) a fingerprint that is the\n"
	       "same for the same bug wherever it happened, and merge records by it. With no\n"
	       "FILE, or when FILE is -, read standard input.\n"
	       "\n"
	       "Modes (default: one record per fingerprint at end of input, in order of\n"
	       "first appearance, with count, first_seen and last_seen):\n"
	       "  -S, --stream          print a fingerprint's first record at once, count the rest\n"
	       "  -a, --all             print every record with its fingerprint; merge nothing\n"
	       "  -M, --merge           inputs are errhash outputs: add counts, widen times\n"
	       "\n"
	       "  -r, --rules=FILE      fingerprint rules (default: $ERRHASH_RULES when set)\n"
	       "  -d, --db=STORE        keep a history store (an SQLite FILE, or a PostgreSQL\n"
	       "                        postgresql://... URI or key=value string); records\n"
	       "                        gain status (new, recurring, regressed)\n"
	       "      --read-only       with --db: give statuses, record nothing\n"
	       "  -x, --explain         add fingerprint_parts: what each fingerprint was made of\n"
	       "      --prune=DAYS      with --db: delete entries last seen more than DAYS\n"
	       "                        days ago, then exit without reading input\n"
	       "      --in-app=PREFIX   frames whose function or file begins with PREFIX, or\n"
	       "                        whose file has it as a path part, are the program's\n"
	       "                        own code (repeatable; docs/schema.md, in_app)\n"
	       "      --not-in-app=PREFIX  such frames are a library's (repeatable; the\n"
	       "                        longest matching prefix decides)\n"
	       "      --line-buffered   flush output after every record\n"
	       "      --now=TIME        take TIME (RFC 3339) as the current time\n"
	       "                        (default: $ERRTOOLS_NOW, else the clock)\n"
	       "  -h, --help            show this help and exit\n"
	       "  -V, --version         show the version and exit\n"
	       "\n"
	       "Records with a kind field (such as errcap's run record) pass through unchanged.\n"
	       "-s and -m still mean --stream and --merge, with a warning: elsewhere in\n"
	       "errtools they stand for other options (docs/options.md).\n"
	       "Exit status: 0 on success, 2 on trouble (a bad rule, operand or input line).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "stream", no_argument, NULL, 'S' },
		{ "all", no_argument, NULL, 'a' },
		{ "merge", no_argument, NULL, 'M' },
		{ "rules", required_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'd' },
		{ "prune", required_argument, NULL, 'P' },
		{ "read-only", no_argument, NULL, 'R' },
		{ "now", required_argument, NULL, 'N' },
		{ "in-app", required_argument, NULL, 'I' },
		{ "not-in-app", required_argument, NULL, 'E' },
		{ "explain", no_argument, NULL, 'x' },
		{ "line-buffered", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	eh_opts opt = { .mode = EH_DEFAULT };
	const char *rules = getenv("ERRHASH_RULES"), *db = NULL;
	double prune = -1;
	int c, rc = 0, modes = 0, read_only = 0;
	eh_run *run = NULL;

	et_cli_init("errhash");
	if (rules && !*rules)
		rules = NULL;
	while ((c = getopt_long(argc, argv, "SsaMmr:d:xhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'm':
			et_warn("warning: -%c is deprecated: use -%c or --%s (-%c is --%s in errtools)",
				c, c == 's' ? 'S' : 'M', c == 's' ? "stream" : "merge", c,
				c == 's' ? "session" : "message");
			opt.mode = c == 's' ? EH_STREAM : EH_MERGE;
			modes++;
			break;
		case 'S': opt.mode = EH_STREAM; modes++; break;
		case 'a': opt.mode = EH_ALL; modes++; break;
		case 'M': opt.mode = EH_MERGE; modes++; break;
		case 'r': rules = optarg; break;
		case 'd': db = optarg; break;
		case 'P': {
			char *end;
			prune = strtod(optarg, &end);
			if (end == optarg || *end || !(prune >= 0) || prune > 1e6)
				et_usage_error("invalid number of days '%s'", optarg);
			break;
		}
		case 'l': et_out_line_buffered(1); break;
		case 'R': read_only = 1; break;
		case 'N': et_cli_set_now(optarg); break;
		case 'I': et_frame_rule(optarg, 1); break;
		case 'E': et_frame_rule(optarg, 0); break;
		case 'x': opt.explain = 1; break;
		default:
			return et_cli_common(c, usage);
		}
	}
	if (modes > 1)
		et_usage_error("--stream, --all and --merge exclude one another");
	if (prune >= 0 && !db)
		et_usage_error("--prune needs --db");
	if (read_only && !db)
		et_usage_error("--read-only needs --db");
	if (read_only && prune >= 0)
		et_usage_error("--read-only and --prune exclude one another");
	if (rules && !(opt.rules = eh_rules_load(rules)))
		return ET_EXIT_TROUBLE;
	if (db)
		opt.store = eh_store_open(db, read_only);
	if (prune >= 0) {
		rc = eh_store_prune(opt.store, et_time_now(), prune) ? ET_EXIT_TROUBLE : 0;
		goto out;
	}
	run = eh_run_new(&opt);
	et_rec_each(argc - optind, argv + optind, eh_run_record, run);
	eh_run_finish(run);
out:
	eh_run_free(run);
	eh_rules_free(opt.rules);
	eh_store_close(opt.store);
	if (et_out_close() || et_trouble)
		rc = ET_EXIT_TROUBLE;
	return rc;
}
