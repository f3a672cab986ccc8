/* core_prefix.c: CI and parallel-job line prefixes (see core_prefix.h). */
#include "et_ctype.h"
#include "core_prefix.h"

#include <string.h>
#include <strings.h>

static int digit(char c) { return c >= '0' && c <= '9'; }

static int digits(const char *p, const char *pat)
{
	for (; *pat; p++, pat++)
		if (*pat == 'd' ? !digit(*p) : *p != *pat)
			return 0;
	return 1;
}

/* "2026-11-21T10:00:00.1234567Z " (7-9 fraction digits), GitLab's "00O " after it */
static size_t timestamp(const char *s, size_t n)
{
	size_t i = 19, f;
	if (n < 29 || !digits(s, "dddd-dd-ddTdd:dd:dd") || s[19] != '.')
		return 0;
	for (i = 20; i < n && digit(s[i]); i++)
		;
	f = i - 20;
	if (i + 1 >= n || s[i] != 'Z' || s[i + 1] != ' ')
		return 0;
	i += 2;
	/* GitLab: "00O " / "01E+ ": two hex digits, O or E, optional '+' */
	if (i + 4 <= n && strchr("0123456789abcdef", s[i]) && s[i] && strchr("0123456789abcdef", s[i + 1]) &&
	    s[i + 1] && (s[i + 2] == 'O' || s[i + 2] == 'E')) {
		size_t j = i + 3;
		if (j < n && s[j] == '+')
			j++;
		if (j < n && s[j] == ' ')
			return j + 1;
		if (j == n)
			return j;
	}
	if (f >= 7 && f <= 9)
		return i;
	return 0;
}

static const char *const levels[] = {  /* not job names */
	"error", "err", "errors", "warn", "warning", "warnings", "info", "debug", "trace",
	"fatal", "critical", "crit", "notice", "severe", "alert", "emerg", "emergency",
	"fine", "finer", "finest", "config", "verbose", "log", "success", "fail",
	"failed", "failure", "pass", "passed", "ok", "skip", "skipped", "note", "hint",
	"todo", "deprecated", "deprecation", "exception", NULL,
};

/* 1: a job-name byte; 2: also a compose service-name byte */
static const unsigned char namech_tab[256] = {
	['a' ... 'z'] = 3, ['A' ... 'Z'] = 3, ['0' ... '9'] = 3,
	['_'] = 3, ['-'] = 3, ['.'] = 3, ['/'] = 1, [':'] = 1, ['@'] = 1,
};

static int namech(char c)
{
	return namech_tab[(unsigned char)c] & 1;
}

/*
 * "[job] ", "[CI/build]   | ", and Jenkins' parallel branch "[Build on
 * CentOS 7] ": words of letters, digits, '_', '-' and '.' joined by single
 * spaces, the first beginning with a letter (no ':' nor '/': apache's
 * "[Mon Jan 01 10:00:00 2024] " is its own line's date).
 */
static size_t bracket(const char *s, size_t n)
{
	size_t i = 1, j;
	int spaced = 0;
	if (n < 4 || s[0] != '[')
		return 0;
	while (i < n && i <= 64 && (namech(s[i]) || (s[i] == ' ' && i > 1 && s[i - 1] != ' ')))
		spaced |= s[i++] == ' ';
	if (spaced) {
		if (i >= n || s[i] != ']' || s[i - 1] == ' ' || !et_isalpha(s[1]))
			return 0;
		for (j = 1; j < i; j++)
			if (!(namech_tab[(unsigned char)s[j]] & 2) && s[j] != ' ')
				return 0;
		/* "[Warning C4996] ", "[ERROR Code] ": a level word first is no job */
		for (const char *const *l = levels; *l; l++) {
			size_t k = strlen(*l);
			if (!et_strncasecmp(s + 1, *l, k) && s[1 + k] == ' ')
				return 0;
		}
	}
	if (i == 1 || i >= n - 1 || s[i] != ']' || s[i + 1] != ' ')
		return 0;
	if (i - 1 <= 11)
		for (const char *const *l = levels; *l; l++)
			if (!et_strncasecmp(s + 1, *l, i - 1) && !(*l)[i - 1])
				return 0;
	/* "[PARSE_ERROR] ", "[UNRESOLVED_IMPORT] ": capitals joined by "_" are an
	 * error code (rolldown's), not a job */
	for (j = 1; j < i && (et_isupper(s[j]) || et_isdigit(s[j]) || s[j] == '_'); j++)
		;
	if (j == i && memchr(s + 1, '_', i - 1) && et_isupper(s[1]))
		return 0;
	/* "[InputOutput::ProhibitTwoArgOpen] ": a name qualified with "::" (a
	 * perlcritic policy, a C++ or Rust path) is a tool's code, not a job */
	for (j = 2; j + 1 < i; j++)
		if (s[j] == ':' && s[j + 1] == ':' && et_isalnum(s[j - 1]) && et_isalpha(s[j + 2]))
			return 0;
	/* "[x.proto:11:5] " is a file's location (protolint), not a job */
	for (j = i; j > 1 && (et_isdigit(s[j - 1]) || s[j - 1] == ':'); j--)
		;
	if (j < i && s[j] == ':' && j + 1 < i && memchr(s + 1, '.', j - 1))
		return 0;
	j = i + 1;
	while (j < n && s[j] == ' ')
		j++;
	if (j + 1 < n && s[j] == '|' && s[j + 1] == ' ')
		return j + 2;
	if (j < n && s[j] == '|' && j + 1 == n)
		return j + 1;
	return i + 2;
}

/* docker compose: "web-1  | " (a name with a letter: "482 | " is rustc's source line) */
static size_t compose(const char *s, size_t n)
{
	size_t i = 0, sp;
	int letter = 0;
	while (i < n && i < 64 && (namech_tab[(unsigned char)s[i]] & 2)) {
		letter |= (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
		i++;
	}
	if (i == 0 || i >= n || !letter)
		return 0;
	sp = i;
	while (i < n && s[i] == ' ')
		i++;
	if (i == sp || i >= n || s[i] != '|')
		return 0;
	if (i + 1 == n)
		return i + 1;
	return s[i + 1] == ' ' ? i + 2 : 0;
}

/*
 * Ant's task label: the "[javac] " of "    [javac] ", right-aligned by
 * spaces in a 12-column field (DefaultLogger); names of 10 letters or
 * more have no spaces and are bracket()'s. The task is no job.
 */
static size_t ant_task(const char *s, size_t n)
{
	size_t k = 0, i;
	while (k < n && k < 9 && s[k] == ' ')
		k++;
	if (!k || k >= n || s[k] != '[')
		return 0;
	for (i = k + 1; i < n && (et_islower(s[i]) || et_isdigit(s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.'); i++)
		;
	if (i == k + 1 || i + 1 >= n || s[i] != ']' || s[i + 1] != ' ' || k + (i - k - 1) != 9)
		return 0;
	return i + 2;
}

size_t core_strip_prefix_job(const char *s, size_t n, const char **out,
			     const char **job, size_t *joblen)
{
	if (job)
		*job = NULL;
	for (int round = 0; round < 4 && n; round++) {
		size_t k = 0, nl = 0;
		const char *name = NULL;
		char c = s[0];
		if (digit(c))
			k = timestamp(s, n);
		else if (c == '[') {
			k = bracket(s, n);
			name = s + 1;
			nl = k ? (size_t)((const char *)memchr(s, ']', k) - name) : 0;
		}
		else if (c == ' ' && round == 0)
			k = ant_task(s, n);
		if (!k && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || digit(c))) {
			k = compose(s, n);
			name = s;
			nl = 0;
			while (nl < k && s[nl] != ' ')
				nl++;
		}
		if (!k)
			break;
		/* "[3/10] " is ninja's progress, not a job */
		if (name && nl && strspn(name, "0123456789/") >= nl && memchr(name, '/', nl))
			name = NULL;
		if (job && name && !*job) {
			*job = name;
			*joblen = nl;
		}
		s += k;
		n -= k;
	}
	*out = s;
	return n;
}

size_t core_strip_prefix(const char *s, size_t n, const char **out)
{
	return core_strip_prefix_job(s, n, out, NULL, NULL);
}
