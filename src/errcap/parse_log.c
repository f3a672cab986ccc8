/*
 * parse_log.c: application log lines at level ERROR/FATAL/CRITICAL/SEVERE
 * (error; FATAL, CRITICAL, EMERG, ALERT, PANIC: fatal) or WARN/WARNING
 * (warning), with the continuation lines after them (indented lines, JVM and
 * Python stack traces).
 *
 * Layouts recognised (the level must stand where the layout puts it; a
 * level word elsewhere in a line never makes a record):
 *   ISO 8601 / RFC 3339 time first, level among the next few fields:
 *     2026-11-21 20:48:44,123 ERROR [main] c.e.App - msg        (log4j, logback)
 *     2026-11-21T20:48:44.123Z ERROR 4242 --- [main] c.e.App : msg (Spring Boot)
 *     2026-11-21 20:48:44,123 - name - ERROR - msg              (Python logging)
 *     2026-11-21T20:48:44.123Z\tERROR\tpkg/file.go:12\tmsg      (zap)
 *     [2026-11-21 20:48:44,123] ERROR in app: msg              (bracketed time)
 *     2026/11/21 20:48:44 [error] 123#0: *1 msg                 (nginx)
 *   time of day first: 20:48:44.123 [main] ERROR c.e.App - msg  (logback default)
 *   [Sat Nov 21 20:48:44.123456 2026] [core:error] [pid 1] msg  (Apache)
 *   Nov 21 20:48:44 host prog[123]: error: msg                  (syslog: the level
 *     is the message's first word; the year is the current one)
 *   ERROR:root:msg                                              (Python basicConfig)
 *   ERRO[0001] msg                                              (logrus)
 *   [2026-11-21T20:48:44Z ERROR app::db] msg                    (Rust env_logger)
 *   {"level":"error","msg":...} with level, severity, lvl, levelname,
 *     log.level (strings, or pino/bunyan numbers 40/50/60) or error_severity
 *     (PostgreSQL's jsonlog, its state_code the type)         (JSON lines)
 *   time=... level=error msg="..."                              (logfmt)
 * Lines after the record's line that repeat its text up to the level and
 * put an upper-case label there instead (PostgreSQL's DETAIL:, HINT:,
 * CONTEXT:, STATEMENT:) are further fields of the same event: they join the
 * record as its notes.
 * `time` is taken from the line (UTC when it has no zone); `message` is the
 * text after the level and logger fields; when the continuation lines hold
 * a JVM or Python trace, type, frames, causes, file, line and function come
 * from it (ec_java_fill, ec_python_fill) and message stays the log line's.
 */
#include "parser.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_rec.h"
#include "et_time.h"

#include "et_ctype.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/*
 * Few, rare literals (the prefilter's speed depends on it): upper-case level
 * words cover their short forms (ERRO covers ERROR and logrus's ERRO[),
 * "error]" covers nginx's [error] and Apache's [core:error].
 */
static const char *const log_triggers[] = {
	"ERRO", "FATA", "CRIT", "SEVERE", "WARN", "EMERG", "ALERT", "PANI",
	"error]", "crit]", "alert]", "emerg]", "warn]",
	"\"error\"", "\"fatal\"", "\"critical\"", "\"crit\"", "\"warn", "\"err\"",
	"\":40", "\":50", "\":60",
	"level=", "lvl=",
	"]: error", "]: warn", "]: fatal", "]: crit", "]: Error", "]: Warn",
	">1 ", ">Jan ", ">Feb ", ">Mar ", ">Apr ", ">May ", ">Jun ", ">Jul ", ">Aug ", ">Sep ",
	">Oct ", ">Nov ", ">Dec ",                             /* syslog's <PRI> */
	NULL,
};

typedef struct {
	char level[8];          /* "error", "fatal", "warning" */
	const char *msg;        /* message in the line start is looking at */
	size_t msglen;
	size_t moff;            /* the message's offset in its line */
	size_t mline;           /* that line's index in the block (1: JUL) */
	double time;            /* 0: none in the line */
	char *jmsg;             /* message from a JSON line (owned) */
	char *jerr;             /* a one-line error detail field: err=, "error" (owned) */
	char *jstack;           /* a stack trace held in a field (owned) */
	char *jtype;            /* an error object's type or name (owned) */
	char *jcaller;          /* the logging call's place: "file:line" (owned) */
	char *jfunc;            /* and its function (owned) */
	int json;               /* single-line formats: no continuation */
	int py, py_final;       /* inside a Python traceback; its last line seen */
	int java;               /* a JVM trace is running */
	size_t cont;            /* continuation lines taken */
	const char *lvat;       /* where the level token starts in the line start is looking at */
	char pre[96];           /* the head line up to its level token (time, pid...) */
	size_t npre;            /* its length; 0: no field lines join */
	ec_ctx *ctx;            /* during start */
} log_st;


/* Frees and clears what the structured fields gave. */
static void log_fields_clear(log_st *st)
{
	char **f[] = { &st->jmsg, &st->jerr, &st->jstack, &st->jtype, &st->jcaller, &st->jfunc };
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

static void set_owned(char **dst, const char *s, size_t n)
{
	free(*dst);
	*dst = et_xstrndup(s, n);
}

static void log_destroy(void *p)
{
	log_st *st = p;
	if (st)
		log_fields_clear(st);
	free(st);
}

/* ---- levels ---- */

/* The level a word names, or NULL. upper: only upper-case forms. */
static const char *level_of(const char *w, size_t n, int upper_only)
{
	static const struct { const char *w; const char *lv; } L[] = {
		{ "ERROR", "error" }, { "ERR", "error" }, { "SEVERE", "error" }, { "ERRO", "error" },
		{ "EROR", "error" },
		{ "FATAL", "fatal" }, { "FATA", "fatal" }, { "CRITICAL", "fatal" }, { "CRIT", "fatal" },
		{ "EMERG", "fatal" }, { "EMERGENCY", "fatal" }, { "ALERT", "fatal" }, { "PANIC", "fatal" },
		{ "PANI", "fatal" },
		{ "WARN", "warning" }, { "WARNING", "warning" },
	};
	for (size_t i = 0; i < sizeof L / sizeof *L; i++) {
		if (strlen(L[i].w) != n)
			continue;
		if (upper_only ? !memcmp(w, L[i].w, n) : !et_strncasecmp(w, L[i].w, n))
			return L[i].lv;
	}
	return NULL;
}

/* Is the word a level of no interest (INFO, DEBUG...)? */
static int other_level(const char *w, size_t n)
{
	static const char *const O[] = { "INFO", "DEBUG", "TRACE", "NOTICE", "FINE", "FINER",
		"FINEST", "CONFIG", "VERBOSE", "DBUG", "TRAC", "NOTE", "LOG", NULL };
	for (const char *const *o = O; *o; o++)
		if (strlen(*o) == n && !et_strncasecmp(w, *o, n))
			return 1;
	return 0;
}

static void set_level(log_st *st, const char *lv)
{
	strcpy(st->level, lv);
}

/* ---- time ---- */

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int month_of(const char *p)
{
	for (int i = 0; i < 12; i++)
		if (!memcmp(p, months[i], 3))
			return i;
	return -1;
}

/*
 * An ISO 8601 date-time at p (also with '/' between date parts, as nginx
 * writes it). Returns its end or NULL; sets *t.
 */
static const char *iso_time(const char *p, const char *end, double *t)
{
	char buf[48];
	const char *e;
	size_t n = (size_t)(end - p) < sizeof buf - 1 ? (size_t)(end - p) : sizeof buf - 1;
	if (n < 10 || !et_isdigit((unsigned char)p[0]) || !et_isdigit((unsigned char)p[3]))
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (buf[4] == '/' && buf[7] == '/')
		buf[4] = buf[7] = '-';
	if (buf[4] != '-' || et_time_parse(buf, t, &e) < 0 || e - buf < 16)
		return NULL;     /* a date alone is not a log time */
	return p + (e - buf);
}

/* "Nov 21 20:48:44" (syslog; the year is the current one) */
static const char *syslog_time(const char *p, const char *end, double *t)
{
	struct tm tm;
	time_t now = time(NULL);
	int mon, day, h, m, s;
	if (end - p < 15 || (mon = month_of(p)) < 0 || p[3] != ' ')
		return NULL;
	if (!(p[4] == ' ' || et_isdigit((unsigned char)p[4])) || !et_isdigit((unsigned char)p[5]) || p[6] != ' ')
		return NULL;
	day = (p[4] == ' ' ? 0 : p[4] - '0') * 10 + (p[5] - '0');
	if (!et_isdigit((unsigned char)p[7]) || !et_isdigit((unsigned char)p[8]) || p[9] != ':' ||
	    !et_isdigit((unsigned char)p[10]) || !et_isdigit((unsigned char)p[11]) || p[12] != ':' ||
	    !et_isdigit((unsigned char)p[13]) || !et_isdigit((unsigned char)p[14]))
		return NULL;
	h = (p[7] - '0') * 10 + p[8] - '0';
	m = (p[10] - '0') * 10 + p[11] - '0';
	s = (p[13] - '0') * 10 + p[14] - '0';
	gmtime_r(&now, &tm);
	tm.tm_mon = mon;
	tm.tm_mday = day;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = s;
	*t = (double)timegm(&tm);
	return p + 15;
}

/* "Sat Nov 21 20:48:44.123456 2026" (Apache) */
static const char *apache_time(const char *p, const char *end, double *t)
{
	double t0;
	const char *q;
	if (end - p < 24 || p[3] != ' ')
		return NULL;
	if (!(q = syslog_time(p + 4, end, &t0)))
		return NULL;
	double frac = 0;
	if (*q == '.') {
		double sc = 0.1;
		for (q++; q < end && et_isdigit((unsigned char)*q); q++, sc /= 10)
			frac += (*q - '0') * sc;
	}
	if (q + 5 > end || *q != ' ')
		return q;
	q++;
	const char *y = q;
	long year = ec_num(&q, end);
	if (year < 1970 || q - y != 4)
		return q;
	struct tm tm;
	time_t tt = (time_t)t0;
	gmtime_r(&tt, &tm);
	tm.tm_year = (int)year - 1900;
	*t = (double)timegm(&tm) + frac;
	return q;
}

/* "20:48:44[.,]123" */
static const char *clock_time(const char *p, const char *end)
{
	if (end - p < 8 || !et_isdigit((unsigned char)p[0]) || !et_isdigit((unsigned char)p[1]) ||
	    p[2] != ':' || !et_isdigit((unsigned char)p[3]) || !et_isdigit((unsigned char)p[4]) ||
	    p[5] != ':' || !et_isdigit((unsigned char)p[6]) || !et_isdigit((unsigned char)p[7]))
		return NULL;
	p += 8;
	if (p < end && (*p == '.' || *p == ',')) {
		p++;
		while (p < end && et_isdigit((unsigned char)*p))
			p++;
	}
	return p;
}

/* ---- fields ---- */

static const char *skip_sp(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static int word_char(char c)
{
	return et_isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$' || c == '-' ||
	       c == '/' || c == ':' || c == '#' || c == '@' || c == '*';
}

/*
 * After the level: skip the logger and thread fields and their separator
 * ("[main] c.e.App - ", "4242 --- [main] c.e.App : ", "name - ", "in app: ",
 * nginx's "123#0: *1 "). Returns where the message begins.
 */
static const char *after_logger(const char *p, const char *end)
{
	const char *q, *start, *orig = p;
	p = skip_sp(p, end);
	while (p < end && (*p == ':' || *p == '-' || *p == '|' || *p == ']' || *p == '>'))
		p++;
	p = skip_sp(p, end);
	start = p;
	/* nginx: "123#0: *1 " */
	q = p;
	if (ec_num(&q, end) >= 0 && q < end && *q == '#') {
		q++;
		if (ec_num(&q, end) >= 0 && q + 1 < end && q[0] == ':' && q[1] == ' ') {
			q = skip_sp(q + 1, end);
			if (q < end && *q == '*') {
				const char *r = q + 1;
				if (ec_num(&r, end) >= 0)
					q = skip_sp(r, end);
			}
			return q;
		}
	}
	/*
	 * A separator right after the level: the message follows it
	 * ("- name - ERROR - msg" has its logger before the level).
	 */
	if (start > orig && start[-1] != ' ' && start[-1] != '\t')
		return start;
	if (start > orig + 1 && (start[-2] == '-' || start[-2] == ':' || start[-2] == '|'))
		return start;
	/*
	 * Else up to 5 logger/thread fields, then " - ", " : ", ": " or a tab.
	 * Fields count as a logger's when bracketed, dotted, a path, a pid,
	 * "---", or after "in" (Flask); plain words are the message itself.
	 */
	q = p;
	for (int f = 0, lg = 0, in = 0; f < 5 && q < end; f++) {
		if (*q == '[' || *q == '(' || *q == '<') {
			char close = *q == '[' ? ']' : *q == '(' ? ')' : '>';
			const char *c = memchr(q, close, (size_t)(end - q));
			if (!c)
				break;
			q = c + 1;
			lg = 1;
		} else if (word_char(*q)) {
			const char *w = q;
			int dotted = 0, digits = 1;
			while (q < end && word_char(*q) && !(*q == ':' && (q + 1 == end || q[1] == ' '))) {
				dotted |= *q == '.' || *q == '/';
				digits &= et_isdigit((unsigned char)*q) != 0;
				q++;
			}
			int field_lg = dotted || digits || (q - w == 3 && !memcmp(w, "---", 3));
			/*
			 * A plain word after logger fields begins the message:
			 * "[mailer] send failed: to=x" keeps "send failed:".
			 */
			if (lg && !field_lg && !in)
				return w;
			lg |= field_lg;
			if (q < end && *q == ':' && (q + 1 == end || q[1] == ' ') && (lg || in))
				return skip_sp(q + 1, end);             /* "in app: msg", "c.e.App: msg" */
			in = q - w == 2 && !memcmp(w, "in", 2);
			if (!lg && !in)
				break;
		} else {
			break;
		}
		if (q < end && *q == '\t' && lg)
			return skip_sp(q, end);                         /* zap: caller TAB msg */
		if (q < end && *q != ' ' && *q != '\t')
			break;
		q = skip_sp(q, end);
		if (q + 1 < end && (*q == '-' || *q == ':') && (q[1] == ' ' || q[1] == '\t') && (lg || in))
			return skip_sp(q + 1, end);
	}
	return start;
}

/* A level token at p: "ERROR", "[ERROR]", "<ERROR>", "ERROR:", "[error]", "[core:error]". */
static const char *level_token(const char *p, const char *end, const char **lv, const char **tokend)
{
	const char *q = p, *w, *we;
	int bracket = 0;
	if (q < end && (*q == '[' || *q == '<' || *q == '(')) {
		bracket = 1;
		q++;
	}
	w = q;
	while (q < end && (et_isalpha((unsigned char)*q) || *q == ':' || *q == '_'))
		q++;
	we = q;
	/* [module:level]: the level is after the last ':' */
	if (bracket)
		for (const char *c = we; c > w; c--)
			if (c[-1] == ':') {
				w = c;
				break;
			}
	if (we == w)
		return NULL;
	if (!bracket && we > w && we[-1] == ':')
		we--;
	if (bracket) {
		if (q >= end || !(*q == ']' || *q == '>' || *q == ')'))
			return NULL;
		q++;
	} else if (q < end && *q == ':') {
		q++;
	}
	if (q < end && *q != ' ' && *q != '\t')
		return NULL;
	*lv = level_of(w, (size_t)(we - w), !bracket);
	if (!*lv && other_level(w, (size_t)(we - w)))
		*lv = "";
	*tokend = q;
	return *lv ? q : NULL;
}

/*
 * The fields after a time: look at up to 6 fields for a level token.
 * Returns 1 with st->level and message set, 0 when no error/warning level.
 */
static int level_in_fields(log_st *st, const char *p, const char *end)
{
	for (int f = 0; f < 6 && p < end; f++) {
		const char *lv, *te;
		p = skip_sp(p, end);
		while (p < end && (*p == '-' || *p == '|') && p + 1 < end && (p[1] == ' ' || p[1] == '\t'))
			p = skip_sp(p + 1, end);
		if (level_token(p, end, &lv, &te)) {
			if (!*lv)
				return 0;       /* INFO and the like */
			set_level(st, lv);
			st->lvat = p;
			st->msg = after_logger(te, end);
			st->msglen = (size_t)(end - st->msg);
			return 1;
		}
		/* skip one field: bracketed or a word */
		if (p < end && *p == '[') {
			const char *c = memchr(p, ']', (size_t)(end - p));
			if (!c)
				return 0;
			p = c + 1;
		} else {
			while (p < end && *p != ' ' && *p != '\t')
				p++;
		}
	}
	return 0;
}

/* ---- JSON and logfmt ---- */

static const char *jstr(const cJSON *o, const char *const *keys)
{
	for (; *keys; keys++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *keys);
		if (cJSON_IsString(v) && v->valuestring)
			return v->valuestring;
	}
	return NULL;
}

/*
 * An error held in its own field (zap, slog, logrus, pino, bunyan, winston,
 * ECS): "err", "error" or "exception" as a string (one line: a detail for
 * the message; several: a stack trace) or as an object with a type or name,
 * a message and a stack; "stack", "stack_trace", "stacktrace" as strings.
 */
static void json_error_fields(log_st *st, const cJSON *o)
{
	static const char *const errk[] = { "err", "error", "exception", "exc_info", NULL };
	static const char *const stackk[] = { "stack", "stack_trace", "stacktrace", "exc_text", NULL };
	static const char *const typek[] = { "type", "name", "class", "kind", NULL };
	static const char *const emsgk[] = { "message", "msg", NULL };
	const char *s;
	for (const char *const *k = errk; *k; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *k);
		if (cJSON_IsString(v) && v->valuestring && v->valuestring[0]) {
			s = v->valuestring;
			if (strchr(s, '\n'))
				set_owned(&st->jstack, s, strlen(s));
			else if (!st->jerr)
				set_owned(&st->jerr, s, strlen(s));
		} else if (cJSON_IsObject(v)) {
			if (!st->jtype && (s = jstr(v, typek)))
				set_owned(&st->jtype, s, strlen(s));
			if (!st->jerr && (s = jstr(v, emsgk)) && !strchr(s, '\n'))
				set_owned(&st->jerr, s, strlen(s));
			if (!st->jstack && (s = jstr(v, stackk)) && strchr(s, '\n'))
				set_owned(&st->jstack, s, strlen(s));
		}
	}
	if (!st->jstack && (s = jstr(o, stackk)) && strchr(s, '\n'))
		set_owned(&st->jstack, s, strlen(s));
}

/*
 * The logging call's place: "caller", "source", "src" or "file" as
 * "FILE:LINE" (zap, slog's text, logrus) or as an object with file and
 * line (slog's JSON, bunyan's src); the function beside it.
 */
static void json_caller(log_st *st, const cJSON *o)
{
	static const char *const ck[] = { "caller", "source", "src", "file", NULL };
	static const char *const fk[] = { "file", "filename", "path", NULL };
	static const char *const lk[] = { "line", "lineno", NULL };
	static const char *const fnk[] = { "function", "func", "funcName", "method", NULL };
	for (const char *const *k = ck; *k && !st->jcaller; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *k), *where = o;
		const char *s;
		long line, col;
		if (cJSON_IsString(v) && v->valuestring) {
			size_t n = strlen(v->valuestring);
			if (ec_split_location(v->valuestring, n, &line, &col) < n && line > 0)
				set_owned(&st->jcaller, v->valuestring, n);
		} else if (cJSON_IsObject(v) && (s = jstr(v, fk))) {
			for (const char *const *lkk = lk; *lkk; lkk++) {
				const cJSON *ln = cJSON_GetObjectItemCaseSensitive(v, *lkk);
				if (cJSON_IsNumber(ln) && ln->valueint > 0) {
					char buf[32];
					size_t fl = strlen(s);
					int bl = snprintf(buf, sizeof buf, ":%d", ln->valueint);
					char *c = et_xmalloc(fl + (size_t)bl + 1);
					memcpy(c, s, fl);
					memcpy(c + fl, buf, (size_t)bl + 1);
					free(st->jcaller);
					st->jcaller = c;
					where = v;
					break;
				}
			}
		}
		if (st->jcaller && !st->jfunc && (s = jstr(where, fnk)))
			set_owned(&st->jfunc, s, strlen(s));
	}
}

static int json_line(log_st *st, const ec_line *l)
{
	static const char *const lvk[] = { "level", "severity", "lvl", "levelname", "log.level",
		"loglevel", "Level", "Severity", "error_severity", NULL };
	/* a code the event carries: PostgreSQL jsonlog's SQLSTATE */
	static const char *const codek[] = { "state_code", NULL };
	static const char *const msgk[] = { "msg", "message", "Message", "error", "err", NULL };
	static const char *const timek[] = { "time", "timestamp", "ts", "@timestamp", "Timestamp",
		"datetime", NULL };
	const char *lv = NULL, *s;
	cJSON *o = cJSON_ParseWithLength(l->s, l->len);
	int ok = 0;
	if (!cJSON_IsObject(o))
		goto out;
	for (const char *const *k = lvk; *k && !lv; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *k);
		if (cJSON_IsString(v) && v->valuestring) {
			lv = level_of(v->valuestring, strlen(v->valuestring), 0);
			if (!lv && !et_strcasecmp(v->valuestring, "err"))
				lv = "error";
			if (!lv)
				goto out;
		} else if (cJSON_IsNumber(v)) {         /* pino, bunyan */
			int n = v->valueint;
			lv = n >= 60 ? "fatal" : n >= 50 ? "error" : n >= 40 ? "warning" : NULL;
			if (!lv)
				goto out;
		}
	}
	if (!lv)
		goto out;
	set_level(st, lv);
	if ((s = jstr(o, msgk))) {
		free(st->jmsg);
		st->jmsg = et_xstrdup(s);
	} else {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "err");
		const cJSON *m = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "message") : NULL;
		if (cJSON_IsString(m)) {
			free(st->jmsg);
			st->jmsg = et_xstrdup(m->valuestring);
		}
	}
	json_error_fields(st, o);
	if (!st->jtype && (s = jstr(o, codek)))
		set_owned(&st->jtype, s, strlen(s));
	json_caller(st, o);
	for (const char *const *k = timek; *k; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *k);
		double t;
		if (cJSON_IsString(v) && v->valuestring && iso_time(v->valuestring,
				v->valuestring + strlen(v->valuestring), &t)) {
			st->time = t;
			break;
		}
		if (cJSON_IsNumber(v) && v->valuedouble > 1e9) {       /* epoch s or ms */
			st->time = v->valuedouble > 1e12 ? v->valuedouble / 1000 : v->valuedouble;
			break;
		}
	}
	st->json = 1;
	ok = 1;
out:
	cJSON_Delete(o);
	return ok;
}

/* The value of key=VALUE in a logfmt line (quoted or bare). */
static int logfmt_get(const char *s, const char *end, const char *key, const char **v, size_t *n)
{
	size_t kl = strlen(key);
	for (const char *p = s; p + kl + 1 <= end; p++) {
		if ((p == s || p[-1] == ' ') && !memcmp(p, key, kl) && p[kl] == '=') {
			const char *q = p + kl + 1;
			if (q < end && *q == '"') {
				const char *e = ++q;
				while (e < end && *e != '"')
					e += *e == '\\' && e + 1 < end ? 2 : 1;
				*v = q;
				*n = (size_t)((e < end ? e : end) - q);
			} else {
				const char *e = q;
				while (e < end && *e != ' ')
					e++;
				*v = q;
				*n = (size_t)(e - q);
			}
			return 1;
		}
	}
	return 0;
}

static int logfmt_line(log_st *st, const ec_line *l)
{
	const char *end = l->s + l->len, *v, *lv;
	size_t n;
	if (!logfmt_get(l->s, end, "level", &v, &n) && !logfmt_get(l->s, end, "lvl", &v, &n))
		return 0;
	if (!(lv = level_of(v, n, 0)))
		return 0;
	set_level(st, lv);
	if (logfmt_get(l->s, end, "msg", &v, &n) || logfmt_get(l->s, end, "message", &v, &n)) {
		st->msg = v;
		st->msglen = n;
	}
	if (logfmt_get(l->s, end, "err", &v, &n) || logfmt_get(l->s, end, "error", &v, &n))
		set_owned(&st->jerr, v, n);
	if (logfmt_get(l->s, end, "source", &v, &n) || logfmt_get(l->s, end, "caller", &v, &n)) {
		long line, col;
		if (ec_split_location(v, n, &line, &col) < n && line > 0)
			set_owned(&st->jcaller, v, n);
	}
	if (logfmt_get(l->s, end, "time", &v, &n) || logfmt_get(l->s, end, "t", &v, &n) ||
	    logfmt_get(l->s, end, "ts", &v, &n)) {
		double t;
		if (iso_time(v, v + n, &t))
			st->time = t;
	}
	st->json = 1;
	return 1;
}

/*
 * java.util.logging's SimpleFormatter header line, the line before
 * "SEVERE: msg": "Nov 21, 2026 9:07:27 PM com.example.App main".
 */
static int jul_header(const ec_line *l, double *t)
{
	const char *p = l->s, *end = l->s + l->len, *q;
	struct tm tm;
	long day, year, h, m, sec;
	int mon;
	if (l->len < 20 || (mon = month_of(p)) < 0 || p[3] != ' ')
		return 0;
	q = p + 4;
	if ((day = ec_num(&q, end)) < 1 || q + 2 > end || q[0] != ',' || q[1] != ' ')
		return 0;
	q += 2;
	if ((year = ec_num(&q, end)) < 1970 || q >= end || *q++ != ' ')
		return 0;
	if ((h = ec_num(&q, end)) < 0 || q >= end || *q++ != ':' || (m = ec_num(&q, end)) < 0 ||
	    q >= end || *q++ != ':' || (sec = ec_num(&q, end)) < 0 || q + 3 > end || *q++ != ' ')
		return 0;
	if ((q[0] != 'A' && q[0] != 'P') || q[1] != 'M')
		return 0;
	if (h == 12)
		h = 0;
	if (q[0] == 'P')
		h += 12;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)year - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = (int)day;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)m;
	tm.tm_sec = (int)sec;
	*t = (double)timegm(&tm);
	return 1;
}

/* ---- the layouts ---- */

/*
 * A syslog line after its time: "[host] prog[pid]: [level:] msg". sev: the
 * severity its <PRI> gave (0-7), or -1: then the level is the message's
 * first word ("error: ...", "ERROR ..."). A level word the PRI made
 * redundant is taken off the message.
 */
static int syslog_tail(log_st *st, const char *q, const char *end, double t, int sev)
{
	const char *m, *lv = NULL, *te, *w;
	q = skip_sp(q, end);
	for (w = q; w < end && *w != ' '; w++)
		;
	if (!(w > q && w[-1] == ':'))           /* "prog:" without a host */
		q = skip_sp(w, end);            /* host */
	while (q < end && *q != ' ' && !(*q == ':' && (q + 1 == end || q[1] == ' ')))
		q++;                            /* prog[pid] */
	if (q >= end || *q != ':')
		return 0;
	m = skip_sp(q + 1, end);
	if (!level_token(m, end, &lv, &te)) {
		/* "error: ..." in lower case too */
		for (w = m; w < end && et_isalpha((unsigned char)*w); w++)
			;
		if (w < end && *w == ':' && (lv = level_of(m, (size_t)(w - m), 0)))
			te = w + 1;
		else
			lv = NULL;
	}
	if (sev >= 0) {
		static const char *const by_sev[] = { "fatal", "fatal", "fatal", "error", "warning" };
		if (sev > 4)
			return 0;
		set_level(st, by_sev[sev]);
		st->msg = lv && *lv ? skip_sp(te, end) : m;
	} else {
		if (!lv || !*lv)
			return 0;
		set_level(st, lv);
		st->msg = skip_sp(te, end);
	}
	st->msglen = (size_t)(end - st->msg);
	st->time = t;
	return 1;
}

/*
 * "<PRI>" first, as syslog writes its messages on the wire and logger -s
 * prints them: RFC 5424's "<11>1 TIME HOST APP PROCID MSGID [SD] MSG" or
 * RFC 3164's "<11>Nov 21 20:48:44 [host] prog[pid]: MSG". The level is the
 * PRI's severity (0-2 fatal, 3 error, 4 warning; others make no record).
 */
static int syslog_pri(log_st *st, const char *p, const char *end)
{
	const char *q = p + 1, *f;
	double t = 0;
	long pri = ec_num(&q, end);
	if (pri < 0 || pri > 191 || q - p > 4 || q >= end || *q != '>')
		return 0;
	q++;
	if (end - q > 2 && q[0] == '1' && q[1] == ' ') {
		int sev = (int)(pri & 7);
		q += 2;
		if (!(f = iso_time(q, end, &t)) && !(*q == '-' && q + 1 < end && q[1] == ' '))
			return 0;
		q = f ? f : q + 1;
		for (int i = 0; i < 4; i++) {   /* HOST APP PROCID MSGID */
			q = skip_sp(q, end);
			while (q < end && *q != ' ')
				q++;
		}
		q = skip_sp(q, end);
		if (q < end && *q == '-') {
			q++;
		} else {
			while (q < end && *q == '[') {  /* structured data */
				for (q++; q < end && *q != ']'; q++) {
					if (*q == '"')
						for (q++; q < end && *q != '"'; q++)
							q += *q == '\\' && q + 1 < end;
				}
				if (q < end)
					q++;
			}
		}
		q = skip_sp(q, end);
		if (sev > 4)
			return 0;
		static const char *const by_sev[] = { "fatal", "fatal", "fatal", "error", "warning" };
		const char *lv, *te, *w;
		set_level(st, by_sev[sev]);
		for (w = q; w < end && et_isalpha((unsigned char)*w); w++)
			;
		if (level_token(q, end, &lv, &te) && *lv)
			q = skip_sp(te, end);
		else if (w < end && *w == ':' && level_of(q, (size_t)(w - q), 0))
			q = skip_sp(w + 1, end);
		st->msg = q;
		st->msglen = (size_t)(end - q);
		st->time = t;
		return 1;
	}
	if (!(f = syslog_time(q, end, &t)))
		return 0;
	return syslog_tail(st, f, end, t, (int)(pri & 7));
}

static int parse_head(log_st *st, const ec_line *l)
{
	const char *p = l->s, *end = l->s + l->len, *q, *lv, *te;
	double t = 0;
	log_fields_clear(st);
	st->msg = NULL;
	st->msglen = 0;
	st->time = 0;
	st->json = st->py = st->py_final = st->java = 0;
	st->cont = 0;
	st->mline = 0;
	st->lvat = NULL;
	st->npre = 0;
	if (p < end && *p == '{')
		return json_line(st, l);
	if (p < end && *p == '<')
		return syslog_pri(st, p, end);
	/* ISO time, possibly bracketed */
	q = p + (p < end && *p == '[');
	if ((q = iso_time(q, end, &t))) {
		int open = *p == '[' && !(q < end && *q == ']');
		if (q < end && *q == ']')
			q++;
		if (!level_in_fields(st, q, end))
			return syslog_tail(st, q, end, t, -1);  /* rsyslog's RFC 3339 times */
		/* env_logger: "[TIME LEVEL target] msg": the bracket closes after the target */
		if (open && st->msg) {
			const char *c = st->msg;
			while (c < end && *c != ' ' && *c != ']')
				c++;
			if (c < end && *c == ']') {
				st->msg = skip_sp(c + 1, end);
				st->msglen = (size_t)(end - st->msg);
			}
		}
		st->time = t;
		return 1;
	}
	/* Apache: [Sat Nov 21 20:48:44.123456 2026] [core:error] ... */
	if (p < end && *p == '[' && (q = apache_time(p + 1, end, &t)) && q < end && *q == ']') {
		q = skip_sp(q + 1, end);
		if (!level_token(q, end, &lv, &te) || !*lv)
			return 0;
		set_level(st, lv);
		/* the message follows the remaining bracketed fields */
		q = skip_sp(te, end);
		while (q < end && *q == '[') {
			const char *c = memchr(q, ']', (size_t)(end - q));
			if (!c)
				break;
			q = skip_sp(c + 1, end);
		}
		st->msg = q;
		st->msglen = (size_t)(end - q);
		st->time = t;
		return 1;
	}
	/* syslog: Nov 21 20:48:44 host prog[123]: level: msg */
	if ((q = syslog_time(p, end, &t)))
		return syslog_tail(st, q, end, t, -1);
	/* time of day: 20:48:44.123 [main] ERROR c.e.App - msg */
	if ((q = clock_time(p, end)))
		return level_in_fields(st, q, end);
	/* Python basicConfig: LEVEL:logger:msg; java.util.logging: LEVEL: msg */
	q = p;
	while (q < end && et_isupper((unsigned char)*q))
		q++;
	if (q + 1 < end && q[0] == ':' && q[1] == ' ' && (lv = level_of(p, (size_t)(q - p), 1))) {
		const ec_line *h = ec_back(st->ctx, 1);
		if (h && jul_header(h, &t)) {
			set_level(st, lv);
			st->msg = skip_sp(q + 1, end);
			st->msglen = (size_t)(end - st->msg);
			st->time = t;
			st->mline = 1;
			ec_claim_back(st->ctx, 1);
			return 1;
		}
		return 0;
	}
	if (q < end && *q == ':' && q > p && (lv = level_of(p, (size_t)(q - p), 1))) {
		const char *c = memchr(q + 1, ':', (size_t)(end - q - 1));
		const char *sp = memchr(q + 1, ' ', (size_t)(end - q - 1));
		if (c && (!sp || c < sp) && c > q + 1) {
			set_level(st, lv);
			st->msg = c + 1;
			st->msglen = (size_t)(end - st->msg);
			return 1;
		}
		return 0;
	}
	/* logrus: ERRO[0001] msg */
	if (q - p == 4 && q < end && *q == '[' && (lv = level_of(p, 4, 1))) {
		const char *c = memchr(q, ']', (size_t)(end - q));
		if (c && c - q <= 12) {
			set_level(st, lv);
			st->msg = skip_sp(c + 1, end);
			st->msglen = (size_t)(end - st->msg);
			return 1;
		}
	}
	/* logfmt */
	if (memchr(p, '=', l->len))
		return logfmt_line(st, l);
	return 0;
}

static enum ec_verdict log_start(void *p, ec_ctx *ctx, const ec_line *l)
{
	log_st *st = p;
	int ok;
	st->ctx = ctx;
	ok = parse_head(st, l);
	st->ctx = NULL;
	if (!ok)
		return EC_NO;
	/* finish sees a copy of the line: keep where the message is */
	st->moff = st->msg ? (size_t)(st->msg - l->s) : 0;
	if (st->lvat && st->mline == 0 && (size_t)(st->lvat - l->s) < sizeof st->pre) {
		st->npre = (size_t)(st->lvat - l->s);
		memcpy(st->pre, l->s, st->npre);
	}
	return st->json ? EC_DONE : EC_START;
}

/* "java.lang.IllegalStateException: msg", "com.x.MyError" */
static int java_head(const ec_line *l)
{
	const char *p = l->s, *end = l->s + l->len;
	int dots = 0;
	if (p >= end || !(et_isalpha((unsigned char)*p) || *p == '_'))
		return 0;
	while (p < end && (et_isalnum((unsigned char)*p) || *p == '_' || *p == '$' || *p == '.'))
		dots += *p++ == '.';
	return dots && (p == end || (*p == ':' && (p + 1 == end || p[1] == ' ')));
}

/* "KeyError: 'x'", "ValueError", "pkg.mod.Error: x" (Python's last line) */
static int py_final(const ec_line *l)
{
	const char *p = l->s, *end = l->s + l->len;
	if (p >= end || !(et_isalpha((unsigned char)*p) || *p == '_'))
		return 0;
	while (p < end && (et_isalnum((unsigned char)*p) || *p == '_' || *p == '.'))
		p++;
	return p == end || (*p == ':' && (p + 1 == end || p[1] == ' '));
}

/*
 * Is the line a further field of the head line's event: the head's text up
 * to its level (the same time and process), then, where the level stood, an
 * upper-case label that is no level, a colon and a blank? PostgreSQL writes
 * an error's DETAIL:, HINT:, CONTEXT:, STATEMENT: so. Returns the offset of
 * the label, or 0.
 */
static size_t field_line(const log_st *st, const char *s, size_t n)
{
	const char *p, *end = s + n, *w;
	if (!st->npre || n <= st->npre || memcmp(s, st->pre, st->npre))
		return 0;
	p = w = s + st->npre;
	while (p < end && et_isupper((unsigned char)*p))
		p++;
	if (p - w < 3 || p + 1 >= end || p[0] != ':' || p[1] != ' ')
		return 0;
	if (level_of(w, (size_t)(p - w), 1) || other_level(w, (size_t)(p - w)))
		return 0;
	return st->npre;
}

static enum ec_verdict log_more(void *p, ec_ctx *ctx EC_UNUSED, const ec_line *l)
{
	log_st *st = p;
	if (st->json)
		return EC_NO;
	if (st->cont >= 2000)
		return EC_NO;
	if (ec_starts(l, "Traceback (most recent call last):")) {
		st->py = 1;
		st->py_final = 0;
		st->cont++;
		return EC_MORE;
	}
	if (st->py && (ec_starts(l, "The above exception was the direct cause") ||
		       ec_starts(l, "During handling of the above exception"))) {
		st->cont++;
		return EC_MORE;
	}
	if (ec_blank(l)) {
		/* Python separates chained tracebacks with blank lines */
		if (st->py && st->py_final) {
			st->cont++;
			return EC_MORE;
		}
		return EC_NO;
	}
	if (l->s[0] == ' ' || l->s[0] == '\t' || field_line(st, l->s, l->len)) {
		st->cont++;
		return EC_MORE;
	}
	if (ec_starts(l, "Caused by: ") || ec_starts(l, "Suppressed: ")) {
		st->java = 1;
		st->cont++;
		return EC_MORE;
	}
	if (st->py && !st->py_final && py_final(l)) {
		st->py_final = 1;
		st->cont++;
		return EC_MORE;
	}
	if (!st->py && !st->java && st->cont == 0 && java_head(l)) {
		st->java = 1;           /* logback prints the exception on the next line */
		st->cont++;
		return EC_MORE;
	}
	return EC_NO;
}

/*
 * A message that starts with a source location, as build tools that log
 * print them ("src/A.java:[86,76] text", "a.c:12:5: text"): sets file, line
 * and column, and moves *b past the location. Returns 1 when it did.
 */
static int lead_location(ec_ctx *ctx, cJSON *rec, const char **b, size_t *bn)
{
	const char *s = *b, *sp = memchr(s, ' ', *bn), *br;
	size_t tn = sp ? (size_t)(sp - s) : *bn, fl;
	long line = 0, col = 0;
	if (tn < 4)
		return 0;
	if (s[tn - 1] == ']' && (br = memmem(s, tn, ":[", 2))) {       /* maven's :[L,C] */
		const char *q = br + 2, *e = s + tn - 1;
		line = ec_num(&q, e);
		if (q < e && *q == ',') {
			q++;
			col = ec_num(&q, e);
		}
		if (q != e)
			return 0;
		fl = (size_t)(br - s);
	} else if (s[tn - 1] == ':') {                                  /* file:L[:C]: */
		fl = ec_split_location(s, tn - 1, &line, &col);
	} else {
		return 0;
	}
	if (line <= 0 || !fl || (!memchr(s, '/', fl) && !memchr(s, '.', fl)))
		return 0;
	ec_set_location(ctx, rec, s, fl, line, col > 0 ? col : 0);
	ec_trim(s + tn, *bn - tn, b, bn);
	return 1;
}

/*
 * A stack trace held in a field (one string with newlines): its type,
 * frames, causes and place, as from a Python, JVM or JavaScript trace.
 */
static void stack_fill(ec_ctx *ctx, cJSON *rec, const char *stack)
{
	char *buf = et_xstrdup(stack);
	size_t n = 1, k = 0;
	for (const char *c = buf; *c; c++)
		n += *c == '\n';
	ec_line *ls = et_xmalloc(n * sizeof *ls);
	for (char *p = buf; p; k++) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		ls[k].s = p;
		ls[k].len = strlen(p);
		if (ls[k].len && p[ls[k].len - 1] == '\r')
			p[--ls[k].len] = '\0';
		ls[k].no = 0;
		p = nl ? nl + 1 : NULL;
	}
	if (!ec_python_fill(ctx, rec, ls, k) && !ec_java_fill(ctx, rec, ls, k))
		ec_js_fill(ctx, rec, ls, k);
	free(ls);
	free(buf);
}

/*
 * The message: the log's text, then ": DETAIL" when an error field holds
 * one the text does not already contain ("config load failed: open x: no
 * such file or directory"); the detail alone when it contains the text.
 */
static void set_message(cJSON *rec, const char *s, size_t n, const char *detail)
{
	size_t dn = detail ? strlen(detail) : 0;
	if (!dn || (n >= dn && memmem(s, n, detail, dn))) {
		ec_set_strn(rec, "message", s, n);
		return;
	}
	if (dn > n && memmem(detail, dn, s, n)) {       /* the detail holds the text */
		et_json_set_str(rec, "message", detail);
		return;
	}
	char *m = et_xmalloc(n + dn + 3);
	memcpy(m, s, n);
	memcpy(m + n, ": ", 2);
	memcpy(m + n + 2, detail, dn + 1);
	et_json_set_str(rec, "message", m);
	free(m);
}

static void log_finish(void *p, ec_ctx *ctx, const ec_line *lines, size_t n)
{
	log_st *st = p;
	cJSON *rec = ec_rec_new(ctx, lines, 0, n - 1);
	const char *m = NULL;
	size_t mn = 0;
	if (st->msg && st->mline < n && st->moff <= lines[st->mline].len) {
		const ec_line *ml = &lines[st->mline];
		m = ml->s + st->moff;
		mn = st->msglen <= ml->len - st->moff ? st->msglen : ml->len - st->moff;
	}
	ec_set_level(rec, st->level[0] ? st->level : "error");
	if (n > 1 && (ec_python_fill(ctx, rec, lines, n) || ec_java_fill(ctx, rec, lines, n))) {
		/* type, frames, causes, location from the trace; message: the log's */
	}
	if (st->jstack)
		stack_fill(ctx, rec, st->jstack);
	if (st->jtype && !cJSON_IsString(et_json_get(rec, "type")))
		et_json_set_str(rec, "type", st->jtype);
	if (st->jmsg) {
		set_message(rec, st->jmsg, strlen(st->jmsg), st->jerr);
	} else if (m) {
		const char *b;
		size_t bn;
		ec_trim(m, mn, &b, &bn);
		if (!cJSON_IsString(et_json_get(rec, "file")))
			lead_location(ctx, rec, &b, &bn);
		if (bn)
			set_message(rec, b, bn, st->jerr);
	} else if (st->jerr) {
		et_json_set_str(rec, "message", st->jerr);
	}
	if (st->jcaller && !cJSON_IsString(et_json_get(rec, "file"))) {
		long line, col;
		size_t fl = ec_split_location(st->jcaller, strlen(st->jcaller), &line, &col);
		ec_set_location(ctx, rec, st->jcaller, fl, line, col > 0 ? col : 0);
		if (st->jfunc)
			et_json_set_str(rec, "function", st->jfunc);
	}
	if (st->time > 0)
		ec_set_time(rec, st->time);
	/* the event's further fields ("DETAIL:  ...", "STATEMENT:  ..." with the
	 * tab-indented lines of a statement of several lines): notes */
	{
		cJSON *notes = NULL;
		et_buf note = ET_BUF_INIT;
		int open = 0;
		for (size_t i = 1; i <= n; i++) {
			size_t at = i < n ? field_line(st, lines[i].s, lines[i].len) : 0;
			const char *b;
			size_t bn;
			if (open && i < n && !at && lines[i].len && lines[i].s[0] == '\t') {
				et_buf_addch(&note, '\n');
				et_buf_add(&note, lines[i].s + 1, lines[i].len - 1);
				continue;
			}
			if (open) {
				if (!notes)
					notes = cJSON_CreateArray();
				cJSON_AddItemToArray(notes, et_json_strn(note.buf, note.len));
				open = 0;
			}
			if (!at)
				continue;
			ec_trim(lines[i].s + at, lines[i].len - at, &b, &bn);
			et_buf_reset(&note);
			et_buf_add(&note, b, bn);
			open = 1;
		}
		if (notes)
			et_json_set(rec, "notes", notes);
		et_buf_release(&note);
	}
	ec_emit(ctx, rec);
	log_fields_clear(st);
	st->msg = NULL;
}

const ec_parser ec_parser_log = { .name = "log", .triggers = log_triggers,
	.state_size = sizeof(log_st), .destroy = log_destroy,
	.start = log_start, .more = log_more, .finish = log_finish };
