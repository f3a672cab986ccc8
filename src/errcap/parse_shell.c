/*
 * parse_shell.c: POSIX shells (sh, dash, bash) and Perl's "at FILE line N.".
 *
 * shell (level "error"); the line must have the shape the shells print:
 *   dash:  NAME: N: MESSAGE          sh: 1: foo: not found
 *   bash:  NAME: line N: MESSAGE     ./x.sh: line 5: /etc/x: Permission denied
 *          NAME: -c: line N: MESSAGE (and the "`code'" line after a syntax error)
 *          bash: WHAT: No such file or directory   (NAME a shell's name)
 *   a line that is only "Segmentation fault", "Aborted", "Killed", "Terminated", "Bus error",
 *   "Illegal instruction", "Floating point exception", "Trace/breakpoint trap",
 *   "File size limit exceeded" or "CPU time limit exceeded", each with an
 *   optional " (core dumped)": the shell reporting a child killed by a signal.
 * NAME is a word without spaces. When NAME is the shell itself (sh, bash,
 * dash, ...) there is no script file: file is null, line is the line of the
 * -c string; so also for a script read from a descriptor (/dev/fd/N,
 * /proc/self/fd/N, /dev/stdin). type: "command not found", "permission
 * denied", "no such file", "syntax error", "unbound variable", or the signal
 * ("SIGSEGV", ...), else null. message: the text after the location ("foo: not found"), runs of
 * spaces made one and bash's job PID dropped.
 * dash's "NAME: N: MESSAGE" takes any MESSAGE when NAME ends in "sh" (a
 * shell's name, "x.sh", "./build.bash", "install-sh"); other NAMEs
 * ("./configure") need one of dash's own messages in its exact shape ("WORD:
 * not found", "Syntax error: ...", "WORD: parameter not set", ...).
 * Lines such as "0 files not found", "Compiled: 0 files not found" (NAME: N:
 * needs the colon right after the number), "config: 12: value not found" or
 * grep -n's "file.c:12:text" do not have the shape: no record.
 *
 * perl: a line with " at FILE line N" followed by "." or "," (", <FH> line
 * 5.", ", near ..."), FILE a word that looks like a path (has '.' or '/',
 * or is "-e" / "-"), so prose that merely says "line" does not fire.
 * message: the text before " at FILE line N", with a syntax error's
 * ", near "TEXT"" after it kept (`syntax error, near "print"`).
 * "Died at", "Can't locate Foo.pm in @INC", "Global symbol ...", syntax
 * errors are "error"; Perl's own warnings (Use of uninitialized value,
 * ... isn't numeric, used only once, Useless use, redefined, Deep
 * recursion, Odd number of elements, "Warning: something's wrong") are
 * "warning". A user's warn "x" prints exactly like die "x": it counts as an
 * error. "BEGIN failed--compilation aborted" and "Execution of X aborted
 * due to compilation errors." join the block before them; Carp's
 * "\tFUNC called at FILE line N" lines become frames.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_rec.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- shell */

static const char *const shell_triggers[] = {
	": line ", "not found", "Permission denied", "No such file or directory",
	"Segmentation fault", "Aborted", "Bus error", "Illegal instruction",
	"Floating point exception", "Killed", "Terminated", "Syntax error", "can't cd", "cannot open",
	"File size limit exceeded", "CPU time limit exceeded",
	"Bad substitution", "parameter not set", "Illegal number", "cannot create",
	"zsh: ", "Trace/breakpoint trap", "bad substitution",
	/* a shell's or a shell script's name before dash's "N: MESSAGE" */
	"sh: ", NULL
};

static const struct {
	const char *text, *type;
} signals[] = {
	{ "Segmentation fault", "SIGSEGV" },
	{ "Aborted", "SIGABRT" },
	{ "Bus error", "SIGBUS" },
	{ "Illegal instruction", "SIGILL" },
	{ "Floating point exception", "SIGFPE" },
	{ "Killed", "SIGKILL" },
	{ "Terminated", "SIGTERM" },
	{ "Trace/breakpoint trap", "SIGTRAP" },
	{ "File size limit exceeded", "SIGXFSZ" },
	{ "CPU time limit exceeded", "SIGXCPU" },
	/* zsh's words: "zsh: segmentation fault (core dumped)  ./a.out" */
	{ "segmentation fault", "SIGSEGV" },
	{ "abort", "SIGABRT" },
	{ "bus error", "SIGBUS" },
	{ "illegal hardware instruction", "SIGILL" },
	{ "floating point exception", "SIGFPE" },
	{ "killed", "SIGKILL" },
	{ "terminated", "SIGTERM" },
	{ "trace trap", "SIGTRAP" },
};

/*
 * bash pads a job's signal description to this many columns and writes what
 * follows right after it: a description as long ("Floating point exception",
 * "File size limit exceeded") runs into the "(core dumped)" or the command.
 */
#define BASH_SIGNAL_COLUMNS 24

/*
 * A job's end as a shell reports it: "[PID ]SIGNAL[ (core dumped)][  COMMAND]";
 * SIGNAL is followed by a space, the end, or (bash's padded column) directly
 * by the rest.
 */
typedef struct {
	const char *type, *sig, *cmd;
	size_t sl, cl;
	int core;
} sh_job;

static int job_signal(const char *m, const char *e, sh_job *j)
{
	const char *p = m;
	memset(j, 0, sizeof *j);
	while (p < e && *p == ' ')
		p++;
	if (p < e && ec_is_digit(*p)) {
		const char *q = p;
		while (q < e && ec_is_digit(*q))
			q++;
		if (q < e && *q == ' ')
			p = q;
		while (p < e && *p == ' ')
			p++;
	}
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
		size_t k = strlen(signals[i].text);
		if ((size_t)(e - p) < k || memcmp(p, signals[i].text, k) ||
		    (p + k < e && p[k] != ' ' && k < BASH_SIGNAL_COLUMNS))
			continue;
		j->type = signals[i].type;
		j->sig = p;
		j->sl = k;
		p += k;
		while (p < e && *p == ' ')
			p++;
		if (e - p >= 13 && !memcmp(p, "(core dumped)", 13)) {
			j->core = 1;
			p += 13;
			while (p < e && *p == ' ')
				p++;
		}
		j->cmd = p;
		j->cl = (size_t)(e - p);
		return 1;
	}
	return 0;
}

/* A line that is only "Segmentation fault[ (core dumped)]" etc: its type. */
static const char *bare_signal(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof signals / sizeof *signals && signals[i].text[0] <= 'Z'; i++) {
		size_t k = strlen(signals[i].text);
		if (n >= k && !memcmp(s, signals[i].text, k) &&
		    (n == k || (n == k + 14 && !memcmp(s + k, " (core dumped)", 14))))
			return signals[i].type;
	}
	return NULL;
}

static int is_shell_name(const char *s, size_t n)
{
	static const char *const names[] = { "sh", "bash", "dash", "ash", "ksh", "zsh",
					     "mksh", "busybox", NULL };
	const char *b = s;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			b = s + i + 1;
	n -= (size_t)(b - s);
	if (n && *b == '-') {
		b++;
		n--;
	}
	for (const char *const *p = names; *p; p++)
		if (strlen(*p) == n && !memcmp(*p, b, n))
			return 1;
	return 0;
}

/*
 * NAME a shell's own or a shell script's: ends in "sh" (sh, bash, x.sh,
 * ./build.bash, install-sh), as the trigger "sh: " finds it.
 */
static int script_name(const char *s, size_t n)
{
	return n >= 2 && s[n - 2] == 's' && s[n - 1] == 'h';
}

/*
 * A script read from a descriptor ("bash <(...)", "bash /dev/stdin"): no
 * file to point at.
 */
static int fd_name(const char *s, size_t n)
{
	return ec_mem_starts(s, n, "/dev/fd/") || ec_mem_starts(s, n, "/proc/self/fd/") ||
	       (n == 10 && !memcmp(s, "/dev/stdin", 10));
}

/* messages bash prints after "NAME: line N: " */
static int bash_message(const char *m, size_t n)
{
	static const char *const msgs[] = {
		"command not found", "No such file or directory", "Permission denied",
		"syntax error", "unbound variable", "division by 0", "bad substitution",
		"ambiguous redirect", "too many arguments", "integer expression expected",
		"unary operator expected", "binary operator expected", "readonly variable",
		"not a valid identifier", "cannot execute", "invalid option", "Segmentation fault",
		"Aborted", "Killed", "Terminated", "Bus error", "Illegal instruction", "Floating point exception",
		"File size limit exceeded", "CPU time limit exceeded", "bad array subscript", "Is a directory",
		"event not found", NULL
	};
	for (const char *const *p = msgs; *p; p++)
		if (memmem(m, n, *p, strlen(*p)))
			return 1;
	return 0;
}

/* "WORD: what" exactly (WORD without spaces) */
static int word_then(const char *m, const char *e, const char *what)
{
	const char *c = m;
	while (c < e && *c != ' ' && *c != ':')
		c++;
	if (c == m || e - c < 2 || c[0] != ':' || c[1] != ' ')
		return 0;
	c += 2;
	return (size_t)(e - c) == strlen(what) && !memcmp(c, what, (size_t)(e - c));
}

/* messages dash prints after "NAME: N: " */
static int dash_message(const char *m, const char *e)
{
	return word_then(m, e, "not found") || word_then(m, e, "Permission denied") ||
	       ec_mem_starts(m, (size_t)(e - m), "Syntax error: ") || ec_mem_starts(m, (size_t)(e - m), "cd: can't cd to ") ||
	       ec_mem_starts(m, (size_t)(e - m), "cannot open ") || ec_mem_starts(m, (size_t)(e - m), "cannot create ") ||
	       ec_mem_starts(m, (size_t)(e - m), "Illegal number: ") || word_then(m, e, "Bad substitution") ||
	       (e - m == 16 && !memcmp(m, "Bad substitution", 16)) ||
	       word_then(m, e, "parameter not set");
}

typedef struct {
	const char *name, *msg, *type;
	size_t nl, ml;
	long line;
	int syntax_code;        /* bash's "`code'" line after a syntax error */
} sh_info;

static const char *sh_type(const char *m, size_t n)
{
	if (memmem(m, n, "not found", 9))
		return "command not found";
	if (memmem(m, n, "Permission denied", 17))
		return "permission denied";
	if (memmem(m, n, "No such file", 12) || memmem(m, n, "cannot open", 11) ||
	    memmem(m, n, "can't cd", 8))
		return "no such file";
	if (memmem(m, n, "syntax error", 12) || memmem(m, n, "Syntax error", 12))
		return "syntax error";
	/* set -u, and ${x?} / ${x:?} without a word: "parameter not set", dash's
	   "parameter not set or null", bash's "parameter null or not set" */
	if (memmem(m, n, "unbound variable", 16) || memmem(m, n, "parameter not set", 17) ||
	    memmem(m, n, "parameter null or not set", 25))
		return "unbound variable";
	if (memmem(m, n, "bad substitution", 16) || memmem(m, n, "Bad substitution", 16))
		return "bad substitution";
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
		if (memmem(m, n, signals[i].text, strlen(signals[i].text)))
			return signals[i].type;
	return NULL;
}

static int sh_parse(const ec_line *l, sh_info *si)
{
	const char *s = l->s, *e = s + l->len, *p, *q;
	memset(si, 0, sizeof *si);
	if ((si->type = bare_signal(s, l->len))) {
		si->msg = s;
		si->ml = l->len;
		return 1;
	}
	/* NAME: a word without spaces, then ": " */
	for (p = s; p < e && *p != ':' && *p != ' ' && *p != '\t'; p++)
		;
	if (p == s || p + 2 >= e || p[0] != ':' || p[1] != ' ')
		return 0;
	si->name = s;
	si->nl = (size_t)(p - s);
	q = p + 2;
	if (e - q > 4 && !memcmp(q, "-c: ", 4))
		q += 4;
	if (e - q > 5 && !memcmp(q, "line ", 5)) {
		q += 5;
		si->line = ec_num(&q, e);
		if (si->line < 0 || e - q < 3 || q[0] != ':' || q[1] != ' ')
			return 0;
		q += 2;
		/* "usage: line 3: ..." is prose: NAME must be a shell or a script path,
		   or the message one of bash's; "mawk: line 3: syntax error" is awk's
		   (format awk, 85-cli-tools.fmt) */
		if (ec_mem_ends(s, si->nl, "awk") ||
		    (!is_shell_name(s, si->nl) && !memchr(s, '/', si->nl) && !memchr(s, '.', si->nl) &&
		     !bash_message(q, (size_t)(e - q))))
			return 0;
	} else if (is_shell_name(s, si->nl) && job_signal(q, e, &(sh_job){ 0 }) &&
		   (*q == ' ' || (q[0] >= 'a' && q[0] <= 'z'))) {
		/* bash: "bash:  7313 Aborted   ./t"; zsh: "zsh: abort      ./t" */
		si->line = 0;
	} else if (ec_is_digit(*q)) {
		si->line = ec_num(&q, e);
		if (e - q < 3 || q[0] != ':' || q[1] != ' ')
			return 0;
		q += 2;
		/* dash prints every error as "ARG0: N: message": any message when
		   NAME is a shell's or a shell script's, else only dash's own
		   messages in their exact shapes */
		if ((q >= e || *q == ' ' || !script_name(s, si->nl)) && !dash_message(q, e))
			return 0;
	} else if (is_shell_name(s, si->nl) &&
		   (ec_mem_starts(q, (size_t)(e - q), "command not found: ") ||
		    ec_mem_ends(q, (size_t)(e - q), ": No such file or directory") ||
		    ec_mem_ends(q, (size_t)(e - q), ": Permission denied"))) {
		si->line = 0;
	} else {
		return 0;
	}
	if (q >= e)
		return 0;
	if (*q == '`' && si->line > 0) {
		si->syntax_code = 1;
	}
	si->msg = q;
	si->ml = (size_t)(e - q);
	si->type = sh_type(q, si->ml);
	sh_job j;
	if (job_signal(q, e, &j))
		si->type = j.type;
	return 1;
}

typedef struct {
	int syntax;             /* a bash syntax error: its "`code'" line may follow */
	char name[256];
	size_t nl;
} sh_state;


static enum ec_verdict sh_start(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	sh_state *ss = st;
	sh_info si;
	if (!sh_parse(l, &si) || si.syntax_code)
		return EC_NO;
	if (si.type && !strcmp(si.type, "syntax error") && si.name && si.nl < sizeof ss->name &&
	    memmem(l->s, l->len, ": line ", 7)) {
		ss->syntax = 1;
		memcpy(ss->name, si.name, si.nl);
		ss->nl = si.nl;
		return EC_START;
	}
	return EC_DONE;
}

static enum ec_verdict sh_more(void *st, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	sh_state *ss = st;
	sh_info si;
	if (!ss->syntax)
		return EC_NO;
	ss->syntax = 0;
	if (sh_parse(l, &si) && si.syntax_code && si.nl == ss->nl &&
	    !memcmp(si.name, ss->name, si.nl))
		return EC_DONE;
	return EC_NO;
}

static void sh_finish(void *st, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	sh_state *ss = st;
	sh_info si;
	ss->syntax = 0;
	if (!n || !sh_parse(&lines[0], &si))
		return;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	char msg[1024];
	size_t ml = 0;
	const char *m = si.msg, *me = si.msg + si.ml;
	sh_job j;
	/* bash: "14126 Segmentation fault      (core dumped) ./seg": the signal, and the command apart */
	if (si.type && si.type[0] == 'S' && si.type[1] == 'I' && job_signal(m, me, &j)) {
		m = j.sig;
		me = j.sig + j.sl;
		if (j.cl)
			ec_set_strn(rec, "command", j.cmd, j.cl);
	}
	for (const char *q = m; q < me && ml < sizeof msg - 1; q++) {
		if ((*q == ' ' || *q == '\t') && ml && (msg[ml - 1] == ' '))
			continue;
		msg[ml++] = *q == '\t' ? ' ' : *q;
	}
	while (ml && msg[ml - 1] == ' ')
		ml--;
	ec_set_level(rec, "error");
	et_json_set_str(rec, "type", si.type);
	ec_set_strn(rec, "message", msg, ml);
	if (si.name && !is_shell_name(si.name, si.nl) && !fd_name(si.name, si.nl))
		ec_set_location(ctx, rec, si.name, si.nl, si.line, 0);
	else if (si.line > 0)
		et_json_set_num(rec, "line", (double)si.line);
	ec_emit(ctx, rec);
}

const char *ec_shell_signal_line(const ec_line *l, const char **cmd, size_t *cl)
{
	sh_info si;
	sh_job j;
	*cmd = NULL;
	*cl = 0;
	if (!sh_parse(l, &si) || !si.type || strncmp(si.type, "SIG", 3))
		return NULL;
	if (job_signal(si.msg, si.msg + si.ml, &j) && j.cl) {
		*cmd = j.cmd;
		*cl = j.cl;
	}
	return si.type;
}

/* ---------------------------------------------------------------- perl */

static const char *const perl_triggers[] = { " line ", NULL };

typedef struct {
	const char *file, *at;  /* at: where " at FILE line N" begins */
	size_t fl;
	long line;
} pl_loc;

static int looks_like_file(const char *f, size_t n)
{
	if (n == 2 && !memcmp(f, "-e", 2))
		return 1;
	if (n == 1 && *f == '-')
		return 1;
	if (n == 0 || n > 1024)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (f[i] == '.' || f[i] == '/')
			return 1;
	return 0;
}

/* Finds " at FILE line N" followed by '.', ',' or the end; 1 when found. */
static int pl_find(const char *s, size_t len, pl_loc *pl)
{
	const char *e = s + len, *p = s;
	while ((p = memmem(p, (size_t)(e - p), " line ", 6))) {
		const char *num = p + 6, *q = num, *f;
		long line = ec_num(&q, e);
		const char *lp = p;
		p += 6;
		if (line < 0 || (q < e && *q != '.' && *q != ','))
			continue;
		/* FILE: back to the previous space, which must end " at " */
		f = lp;
		while (f > s && f[-1] != ' ')
			f--;
		if (f - s < 4 || memcmp(f - 4, " at ", 4))
			continue;
		if (!looks_like_file(f, (size_t)(lp - f)))
			continue;
		pl->file = f;
		pl->fl = (size_t)(lp - f);
		pl->line = line;
		pl->at = f - 4;
		return 1;
	}
	return 0;
}

static int pl_followup(const ec_line *l)
{
	return ec_starts(l, "BEGIN failed--compilation aborted") ||
	       (ec_starts(l, "Execution of ") && ec_find(l, " aborted due to compilation errors")) ||
	       (ec_find(l, " had compilation errors.") != NULL);
}

/* Carp: "\tmain::g() called at -e line 1" */
static int pl_called(const ec_line *l)
{
	return l->len > 1 && l->s[0] == '\t' && ec_find(l, " called at ") != NULL;
}

static enum ec_verdict pl_start(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	pl_loc pl;
	if (!ec_find(l, " at ") || pl_called(l) || pl_followup(l))
		return EC_NO;
	return pl_find(l->s, l->len, &pl) ? EC_START : EC_NO;
}

static enum ec_verdict pl_more(void *st EC_UNUSED, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	if (pl_called(l))
		return EC_MORE;
	if (pl_followup(l))
		return EC_DONE;
	return EC_NO;
}

static const char *const pl_warnings[] = {
	"Use of uninitialized value", "isn't numeric", "used only once", "Useless use of",
	"redefined", "Deep recursion", "Odd number of elements", "Warning: something's wrong",
	"Possible attempt to", "Scalar value ", "masks earlier declaration", "Unquoted string",
	"Reversed ", "Possible precedence", "Found = in conditional", "Unsuccessful stat",
	"print() on closed filehandle", "readline() on closed filehandle", NULL
};

static void pl_finish(void *st EC_UNUSED, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	pl_loc pl;
	if (!n || !pl_find(lines[0].s, lines[0].len, &pl))
		return;
	const ec_line *l = &lines[0];
	const char *type = NULL, *level = "error";
	size_t ml = (size_t)(pl.at - l->s);
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	for (const char *const *w = pl_warnings; *w; w++)
		if (memmem(l->s, ml, *w, strlen(*w))) {
			level = "warning";
			break;
		}
	if (ec_starts(l, "Died"))
		type = "die";
	else if (ec_starts(l, "Can't locate ") && memmem(l->s, ml, " in @INC", 8))
		type = "module not found";
	else if (ec_starts(l, "Global symbol "))
		type = "strict vars";
	else if (ec_starts(l, "syntax error"))
		type = "syntax error";
	else if (ec_starts(l, "Use of uninitialized value"))
		type = "uninitialized";
	ec_set_level(rec, level);
	et_json_set_str(rec, "type", type);
	/* the @INC list is the machine's, not the error's */
	const char *inc = memmem(l->s, ml, " (@INC contains:", 16);
	if (inc)
		ml = (size_t)(inc - l->s);
	/* a syntax error's ", near "TEXT"" after the location says where: kept */
	const char *ln = pl.file + pl.fl + EC_LEN(" line "), *le = l->s + l->len;
	(void)ec_num(&ln, le);
	if (!inc && ec_mem_starts(ln, (size_t)(le - ln), ", near ")) {
		et_buf m = ET_BUF_INIT;
		const char *b;
		size_t bn;
		ec_trim(ln, (size_t)(le - ln), &b, &bn);
		et_buf_add(&m, l->s, ml);
		et_buf_add(&m, b, bn);
		ec_set_strn(rec, "message", m.buf, m.len);
		et_buf_release(&m);
	} else {
		ec_set_strn(rec, "message", l->s, ml);
	}
	ec_set_location(ctx, rec, pl.file, pl.fl, pl.line, 0);
	/* Carp's frames: innermost first as printed */
	size_t ncalled = 0;
	for (size_t i = 1; i < n; i++)
		if (pl_called(&lines[i]))
			ncalled++;
	if (ncalled) {
		cJSON *frames = cJSON_CreateArray();
		/* frame k (innermost = 0): location k, function named by call line k+1 */
		const ec_line *calls[64];
		size_t nc = 0;
		for (size_t i = 1; i < n && nc < 64; i++)
			if (pl_called(&lines[i]))
				calls[nc++] = &lines[i];
		for (size_t k = nc + 1; k-- > 0;) {
			pl_loc fl;
			const char *fn = NULL;
			size_t fnl = 0;
			int ok;
			if (k == 0)
				ok = 1, fl = pl;
			else
				ok = pl_find(calls[k - 1]->s, calls[k - 1]->len, &fl);
			if (!ok)
				continue;
			if (k < nc) {
				const char *c = calls[k]->s + 1, *ce = (const char *)memmem(c, calls[k]->len - 1, " called at ", 11);
				const char *par = memchr(c, '(', (size_t)(ce - c));
				fn = c;
				fnl = (size_t)((par ? par : ce) - c);
			}
			cJSON_AddItemToArray(frames, ec_frame(fl.file, fl.fl, fl.line, 0, fn, fnl, NULL, 0));
		}
		et_json_set(rec, "frames", frames);
		if (nc)
		{
			const char *c = calls[0]->s + 1, *ce = (const char *)memmem(c, calls[0]->len - 1, " called at ", 11);
			const char *par = memchr(c, '(', (size_t)(ce - c));
			ec_set_strn(rec, "function", c, (size_t)((par ? par : ce) - c));
		}
	}
	ec_emit(ctx, rec);
}

const ec_parser ec_parser_shell = { .name = "shell", .triggers = shell_triggers,
	.state_size = sizeof(sh_state), .start = sh_start, .more = sh_more, .finish = sh_finish };

const ec_parser ec_parser_perl = { .name = "perl", .triggers = perl_triggers,
	.start = pl_start, .more = pl_more, .finish = pl_finish };
