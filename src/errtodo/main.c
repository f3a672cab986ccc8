/* errtodo: keep a markdown TODO list of errors, and the record of their fixes. */
#include "ci.h"
#include "fixdb.h"
#include "todo.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_file.h"
#include "et_rec.h"
#include "et_time.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIXED_NAME "FIXED_ERRORS.md"

static void usage(void)
{
	printf("Usage: errtodo [OPTION]... [FILE]...\n"
	       "       errtodo --update TODO.md [OPTION]... [FILE]...\n"
	       "       errtodo --format issue --output DIR [FILE]...\n"
	       "       errtodo fix FINGERPRINT [-m TEXT] [--todo FILE] [--fixed FILE] [--db FILE]\n"
	       "Turn error records (errhash output, usually through errcat) into a markdown\n"
	       "TODO list: sections by severity, one checklist item per fingerprint. With no\n"
	       "FILE, or when FILE is -, read standard input.\n"
	       "\n"
	       "  -u, --update=FILE    rewrite only errtodo's block in FILE (created if missing);\n"
	       "                       items ticked there (- [x]) move to the fixed file;\n"
	       "                       items the input lacks say \"not seen since DATE\"\n"
	       "      --close-missing  with --update: move items the input lacks to the\n"
	       "                       fixed file instead (the input is a complete run)\n"
	       "      --fixed=FILE     the record of fixes (default: " FIXED_NAME " in the TODO\n"
	       "                       file's directory)\n"
	       "      --db=FILE        also mark fixed items fixed in errhash's store\n"
	       "  -f, --format=FORMAT  todo (default) or issue: one file per error for a tracker;\n"
	       "                       for CI: github (workflow commands), sarif (SARIF 2.1.0),\n"
	       "                       codequality (GitLab Code Quality), junit (JUnit XML)\n"
	       "  -o, --output=DIR     where --format issue writes its files (--out also works)\n"
	       "      --root=DIR       CI formats: paths relative to DIR (default: the git\n"
	       "                       top level, else the current directory)\n"
	       "      --summary=FILE   --format github: append a markdown job summary to FILE\n"
	       "                       (e.g. \"$GITHUB_STEP_SUMMARY\")\n"
	       "      --now=TIME       take TIME (RFC 3339) as the current time\n"
	       "  -h, --help           show this help and exit\n"
	       "  -V, --version        show the version and exit\n"
	       "\n"
	       "errtodo fix FINGERPRINT (a unique prefix will do) removes the item from the\n"
	       "TODO file and appends it to the fixed file with today's date:\n"
	       "  -m, --message=TEXT   what fixed it\n"
	       "      --todo=FILE      the TODO file (default TODO.md)\n"
	       "\n"
	       "Exit status: 0 on success, 1 when fix finds no such item, 2 on trouble.\n");
}

/* The fixed file's default: FIXED_ERRORS.md beside the TODO file (to free). */
static char *fixed_beside(const char *todo)
{
	const char *slash = strrchr(todo, '/');
	et_buf b = ET_BUF_INIT;
	if (slash)
		et_buf_add(&b, todo, (size_t)(slash - todo) + 1);
	et_buf_addstr(&b, FIXED_NAME);
	return et_buf_detach(&b, NULL);
}

/*
 * The fix time of each fingerprint in the fixed file (the latest entry
 * wins), as parallel arrays. An occurrence seen after that time is a
 * regression; one seen before it is history and does not reopen the item.
 */
typedef struct {
	char (*fp)[17];
	double *when;
	size_t n;
} fixed_set;

/* Adds fp (its first 16 bytes) fixed at time t. */
static void fixed_add(fixed_set *fs, const char *fp, double t)
{
	fs->fp = et_xrealloc(fs->fp, (fs->n + 1) * sizeof *fs->fp);
	fs->when = et_xrealloc(fs->when, (fs->n + 1) * sizeof *fs->when);
	memcpy(fs->fp[fs->n], fp, 16);
	fs->fp[fs->n][16] = '\0';
	fs->when[fs->n++] = t;
}

static void load_fixed(const char *path, fixed_set *fs)
{
	et_buf doc = ET_BUF_INIT;
	const char *p;
	if (et_file_read(path, &doc) < 0)
		return;
	p = doc.buf;
	while ((p = strstr(p, "- Fingerprint: `"))) {
		const char *f = p + 16, *w;
		double t;
		p = f;
		if (strspn(f, "0123456789abcdef") < 16 || f[16] != '`')
			continue;
		w = strstr(f, "- Fixed: ");
		if (!w || et_time_parse(w + 9, &t, NULL) < 0)
			continue;
		fixed_add(fs, f, t);
	}
	et_buf_release(&doc);
}

/* When fp was last fixed, or -1. */
static double fixed_when(const fixed_set *fs, const char *fp)
{
	double w = -1;
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->fp[i], fp) && fs->when[i] > w)
			w = fs->when[i];
	return w;
}

typedef struct {
	todo_list *l;
	const fixed_set *fs;
} reading;

static void take_record(cJSON *rec, et_rec_reader *rr, void *arg)
{
	(void)rr;
	const reading *rd = arg;
	char fp[17];
	double fw = -1, seen;
	const char *last;
	if (rd->fs && !et_json_str(rec, "kind")) {
		todo_record_fp(rec, fp);
		fw = fixed_when(rd->fs, fp);
		last = et_json_str(rec, "last_seen");
		if (!last)
			last = et_json_str(rec, "time");
		if (fw >= 0 && (!last || et_time_parse(last, &seen, NULL) < 0 || seen <= fw)) {
			cJSON_Delete(rec);
			return;
		}
	}
	todo_item *it = todo_add_record(rd->l, rec);
	if (it && fw >= 0) {
		free(it->status);
		it->status = et_xstrdup("regressed");
	}
	cJSON_Delete(rec);
}

/*
 * Reads the records of the operands (none: stdin) into l. With fs, an
 * occurrence of a fixed fingerprint counts only when it was seen after the
 * fix (it is a regression, and its item says so); earlier ones are history.
 */
static void read_records(todo_list *l, int argc, char **argv, const fixed_set *fs)
{
	reading rd = { l, fs };
	et_rec_each(argc, argv, take_record, &rd);
}

/* now (--now, $ERRTOOLS_NOW or the clock), to the second */
static void now_str(char out[32])
{
	et_time_format((double)(long long)et_time_now(), out);
}

/* Appends entries to the fixed file (created with a heading when missing). */
static int append_fixed(const char *path, const et_buf *entries)
{
	et_buf doc = ET_BUF_INIT;
	int rc = -1, lk = et_file_lock(path);
	if (lk < 0) {
		et_warn("%s: cannot lock: %s", path, strerror(errno));
		return -1;
	}
	if (et_file_read(path, &doc) < 0) {
		if (errno != ENOENT) {
			et_warn("%s: %s", path, strerror(errno));
			goto out;
		}
		et_buf_addstr(&doc, "# Fixed errors\n\nWritten by errtodo: one entry per fixed "
			      "error, newest last.\n\n");
	}
	if (doc.len && doc.buf[doc.len - 1] != '\n')
		et_buf_addch(&doc, '\n');
	et_buf_add(&doc, entries->buf, entries->len);
	if (et_file_write(path, doc.buf, doc.len) < 0) {
		et_warn("%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	et_file_unlock(lk);
	et_buf_release(&doc);
	return rc;
}

/* Reads path's block into l; keeps the document in doc. Returns 0 or -1. */
static int load_todo(const char *path, et_buf *doc, todo_list *l, size_t *before,
		     size_t *after, int *has_block)
{
	size_t istart, ilen;
	size_t bad_line = 0;
	char err[256];
	if (et_file_read(path, doc) < 0 && errno != ENOENT) {
		et_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	*has_block = todo_split(doc->buf, doc->len, before, &istart, &ilen, after, &bad_line,
				err, sizeof err);
	if (*has_block < 0) {
		et_warn_at(path, bad_line, "%s; nothing written", err);
		return -1;
	}
	if (*has_block)
		todo_parse_block(l, doc->buf + istart, ilen);
	return 0;
}

static void compose(et_buf *out, const et_buf *doc, size_t before, size_t after,
		    int has_block, const todo_list *l)
{
	if (has_block) {
		et_buf_add(out, doc->buf, before);
		todo_render_block(out, l);
		et_buf_add(out, doc->buf + after, doc->len - after);
		return;
	}
	if (doc->len == 0) {
		et_buf_addstr(out, "# TODO\n\n");
	} else {
		et_buf_add(out, doc->buf, doc->len);
		if (doc->buf[doc->len - 1] != '\n')
			et_buf_addch(out, '\n');
		et_buf_addch(out, '\n');
	}
	todo_render_block(out, l);
}

static int write_if_changed(const char *path, const et_buf *old, const et_buf *new_doc)
{
	struct stat st;
	if (old->len == new_doc->len && !memcmp(old->buf, new_doc->buf, old->len) &&
	    stat(path, &st) == 0)
		return 0;
	if (et_file_write(path, new_doc->buf, new_doc->len) < 0) {
		et_warn("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int do_update(const char *path, const char *fixed, const char *db, int close_missing,
		     int argc, char **argv)
{
	todo_list l = { 0 };
	et_buf doc = ET_BUF_INIT, out = ET_BUF_INIT, entries = ET_BUF_INIT;
	size_t before, after;
	int has_block, rc = ET_EXIT_TROUBLE;
	char now[32];
	double tnow;
	fixed_set fs = { 0 };
	int lk = et_file_lock(path);
	if (lk < 0) {
		et_warn("%s: cannot lock: %s", path, strerror(errno));
		return ET_EXIT_TROUBLE;
	}
	if (load_todo(path, &doc, &l, &before, &after, &has_block) < 0)
		goto out;
	/* ticked items leave before this run's records come in; they are fixed now */
	now_str(now);
	if (et_time_parse(now, &tnow, NULL) < 0)
		tnow = et_time_now();
	load_fixed(fixed, &fs);
	for (size_t i = 0; i < l.n;) {
		todo_item *it = l.v[i];
		if (!it->checked) {
			i++;
			continue;
		}
		todo_render_fixed(&entries, it, now, "ticked in the TODO list");
		if (db && fixdb_mark(db, it->fp, now, "ticked in the TODO list") < 0)
			et_trouble = 1;
		fixed_add(&fs, it->fp, tnow);
		todo_remove(&l, it);
	}
	read_records(&l, argc, argv, &fs);
	/* this run is complete: what it did not show is marked, or closed */
	for (size_t i = 0; i < l.n;) {
		todo_item *it = l.v[i];
		if (!it->in_file || it->in_input || it->checked) {
			i++;
			continue;
		}
		if (!close_missing) {
			todo_mark_missing(it, now);
			i++;
			continue;
		}
		todo_render_fixed(&entries, it, now, "not in the run's records (--close-missing)");
		if (db && fixdb_mark(db, it->fp, now, "not in the run's records (--close-missing)") < 0)
			et_trouble = 1;
		todo_remove(&l, it);
	}
	todo_sort(&l);
	compose(&out, &doc, before, after, has_block, &l);
	if (entries.len && append_fixed(fixed, &entries) < 0)
		goto out;
	if (write_if_changed(path, &doc, &out) < 0)
		goto out;
	rc = 0;
out:
	et_file_unlock(lk);
	free(fs.fp);
	free(fs.when);
	todo_list_free(&l);
	et_buf_release(&doc);
	et_buf_release(&out);
	et_buf_release(&entries);
	return rc;
}

static int do_issues(const char *dir, int argc, char **argv)
{
	todo_list l = { 0 };
	et_buf out = ET_BUF_INIT, path = ET_BUF_INIT;
	int rc = 0;
	read_records(&l, argc, argv, NULL);
	todo_sort(&l);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		et_warn("%s: %s", dir, strerror(errno));
		rc = ET_EXIT_TROUBLE;
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		et_buf_reset(&out);
		et_buf_reset(&path);
		todo_render_issue(&out, l.v[i]);
		et_buf_addf(&path, "%s/%s.md", dir, l.v[i]->fp);
		if (et_file_write(path.buf, out.buf, out.len) < 0) {
			et_warn("%s: %s", path.buf, strerror(errno));
			rc = ET_EXIT_TROUBLE;
			continue;
		}
		printf("%s\n", path.buf);
	}
out:
	todo_list_free(&l);
	et_buf_release(&out);
	et_buf_release(&path);
	return rc;
}

static int do_fix(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "todo", required_argument, NULL, 't' },
		{ "fixed", required_argument, NULL, 'x' },
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, ET_OPT_NOW },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *msg = "", *todo = "TODO.md", *fixed = NULL, *db = NULL, *prefix;
	char *fixed_default = NULL;
	todo_list l = { 0 };
	et_buf doc = ET_BUF_INIT, out = ET_BUF_INIT, entry = ET_BUF_INIT;
	size_t before, after;
	int has_block, ambiguous, c, rc = ET_EXIT_TROUBLE, lk = -1;
	char now[32], full[17];
	todo_item *it;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': msg = optarg; break;
		case 't': todo = optarg; break;
		case 'x': fixed = optarg; break;
		case 'd': db = optarg; break;
		case ET_OPT_NOW: et_cli_set_now(optarg); break;
		case 'h': usage(); return 0;
		default:
			return et_cli_try_help();
		}
	}
	if (optind + 1 != argc)
		et_usage_error("fix takes one FINGERPRINT");
	prefix = argv[optind];
	if (!fixed)
		fixed = fixed_default = fixed_beside(todo);
	if (strlen(prefix) < 4 || strlen(prefix) > 16 || strspn(prefix, "0123456789abcdefABCDEF") != strlen(prefix))
		et_usage_error("'%s' is not a fingerprint (4 to 16 hex digits)", prefix);
	now_str(now);
	lk = et_file_lock(todo);
	if (lk < 0) {
		et_warn("%s: cannot lock: %s", todo, strerror(errno));
		goto out;
	}
	if (load_todo(todo, &doc, &l, &before, &after, &has_block) < 0)
		goto out;
	it = todo_find_prefix(&l, prefix, &ambiguous);
	if (ambiguous) {
		et_warn("%s: fingerprint prefix '%s' is ambiguous; give more digits", todo, prefix);
		goto out;
	}
	if (!it) {
		int r = db ? fixdb_resolve(db, prefix, full) : 0;
		if (r == 1) {
			/* not in the TODO list, but known to the store */
			if (fixdb_mark(db, full, now, msg) == 0) {
				printf("%s marked fixed in %s (it was not in %s)\n", full, db, todo);
				rc = 0;
			}
			goto out;
		}
		if (r == 2)
			et_warn("%s: fingerprint prefix '%s' is ambiguous; give more digits", db, prefix);
		else if (r == 0)
			et_warn("%s: no open item with fingerprint %s", todo, prefix);
		rc = r == 0 ? ET_EXIT_NONE : ET_EXIT_TROUBLE;
		goto out;
	}
	snprintf(full, sizeof full, "%s", it->fp);
	todo_render_fixed(&entry, it, now, msg);
	todo_remove(&l, it);
	compose(&out, &doc, before, after, has_block, &l);
	if (append_fixed(fixed, &entry) < 0)
		goto out;
	if (write_if_changed(todo, &doc, &out) < 0)
		goto out;
	if (db && fixdb_mark(db, full, now, msg) < 0)
		goto out;
	printf("%s fixed: moved from %s to %s\n", full, todo, fixed);
	rc = 0;
out:
	et_file_unlock(lk);
	free(fixed_default);
	todo_list_free(&l);
	et_buf_release(&doc);
	et_buf_release(&out);
	et_buf_release(&entry);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "update", required_argument, NULL, 'u' },
		{ "fixed", required_argument, NULL, 'x' },
		{ "db", required_argument, NULL, 'd' },
		{ "close-missing", no_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "out", required_argument, NULL, 'o' },        /* its first name */
		{ "root", required_argument, NULL, 'r' },
		{ "summary", required_argument, NULL, 's' },
		{ "now", required_argument, NULL, ET_OPT_NOW },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *update = NULL, *fixed = NULL, *db = NULL, *outdir = NULL;
	const char *root = NULL, *summary = NULL;
	int issue = 0, ci = -1, close_missing = 0, c, rc;

	et_cli_init("errtodo");
	if (argc > 1 && !strcmp(argv[1], "fix")) {
		rc = do_fix(argc - 1, argv + 1);
		goto done;
	}
	while ((c = getopt_long(argc, argv, "u:f:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'u': update = optarg; break;
		case 'x': fixed = optarg; break;
		case 'd': db = optarg; break;
		case 'C': close_missing = 1; break;
		case 'o': outdir = optarg; break;
		case 'r': root = optarg; break;
		case 's': summary = optarg; break;
		case 'f':
			issue = !strcmp(optarg, "issue");
			ci = ci_format(optarg);
			if (!issue && ci < 0 && strcmp(optarg, "todo"))
				et_usage_error("unknown format '%s' (todo, issue, %s)", optarg,
					       ci_format_names());
			break;
		case ET_OPT_NOW: et_cli_set_now(optarg); break;
		default:
			return et_cli_common(c, usage);
		}
	}
	if (issue && !outdir)
		et_usage_error("--format issue needs --output DIR");
	if (issue && update)
		et_usage_error("--format issue and --update do not go together");
	if (ci >= 0 && update)
		et_usage_error("a CI --format and --update do not go together");
	if (summary && ci != ci_format("github"))
		et_usage_error("--summary goes with --format github");
	if (close_missing && !update)
		et_usage_error("--close-missing goes with --update");
	if (ci >= 0) {
		rc = ci_run(ci, root, summary, argc - optind, argv + optind);
	} else if (issue) {
		rc = do_issues(outdir, argc - optind, argv + optind);
	} else if (update) {
		char *fixed_default = fixed ? NULL : fixed_beside(update);
		rc = do_update(update, fixed ? fixed : fixed_default, db, close_missing,
			       argc - optind, argv + optind);
		free(fixed_default);
	} else {
		todo_list l = { 0 };
		et_buf out = ET_BUF_INIT;
		read_records(&l, argc - optind, argv + optind, NULL);
		todo_sort(&l);
		et_buf_addstr(&out, "# TODO\n\n");
		todo_render_block(&out, &l);
		et_out_write(out.buf, out.len);
		todo_list_free(&l);
		et_buf_release(&out);
		rc = 0;
	}
done:
	if (et_out_close())
		rc = ET_EXIT_TROUBLE;
	if (et_trouble && rc == 0)
		rc = ET_EXIT_TROUBLE;
	return rc;
}
