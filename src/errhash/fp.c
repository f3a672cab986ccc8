/* fp: fingerprints, version 6 (docs/fingerprint.md). */
#include "fp.h"
#include "et_cli.h"
#include "et_hash.h"
#include "et_rec.h"
#include "et_schema.h"

#include "et_ctype.h"
#include "et_frame.h"
#include "et_path.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VAR '\x01'          /* a masked variable while a template is built */

enum { T_SPACE, T_DELIM, T_WORD, T_VAR };

typedef struct {
	const char *p;
	size_t n;
	int kind;
} tok;

struct eh_fp {
	et_hasher *h;
	et_buf s1, tmp, tmp2, why;
	tok *in, *out;
	size_t cap;
	int explain;
};

eh_fp *eh_fp_new(void)
{
	eh_fp *fp = et_xcalloc(1, sizeof *fp);
	fp->h = et_hasher_new();
	et_buf_init(&fp->s1, 256);
	et_buf_init(&fp->tmp, 256);
	et_buf_init(&fp->tmp2, 256);
	et_buf_init(&fp->why, 256);
	return fp;
}

void eh_fp_free(eh_fp *fp)
{
	if (!fp)
		return;
	et_hasher_free(fp->h);
	et_buf_release(&fp->s1);
	et_buf_release(&fp->tmp);
	et_buf_release(&fp->tmp2);
	et_buf_release(&fp->why);
	free(fp->in);
	free(fp->out);
	free(fp);
}

/* ------------------------------------------------------------------ */
/* character classes (ASCII; bytes >= 0x80 are word characters)       */

static int is_w(int c) { return et_isalnum(c) || c == '_' || c >= 0x80; }
static int is_hex(int c) { return et_isxdigit(c); }
static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int is_delim(int c)
{
	switch (c) {
	case '=': case ',': case ';': case '(': case ')': case '[': case ']': case '{': case '}':
	case '<': case '>': case '"': case '\'': case '|': case ':':
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* stage 1: variables found by their shape in the raw text             */

/*
 * IPv6 and MAC addresses, clock times, hex byte strings: groups of 1-4 hex
 * digits joined by two or more colons, holding a decimal digit somewhere.
 */
static size_t m_colon_hex(const char *s, size_t n, size_t i, int prev)
{
	size_t j = i, colons = 0;
	int digit = 0;
	if (is_w(prev) || prev == ':')
		return 0;
	while (j < n && is_hex((unsigned char)s[j]))
		digit |= et_isdigit((unsigned char)s[j++]) != 0;
	if (j == i || j - i > 4)
		return 0;
	while (j < n && s[j] == ':') {
		size_t k = j + 1;
		colons++;
		while (k < n && is_hex((unsigned char)s[k]))
			digit |= et_isdigit((unsigned char)s[k++]) != 0;
		if (k - j - 1 > 4)
			return 0;
		j = k;
	}
	if (colons < 2 || !digit)
		return 0;
	if (j < n && (is_w((unsigned char)s[j]) || s[j] == ':'))
		return 0;
	return j - i;
}

static size_t trim_tail(const char *s, size_t i, size_t j)
{
	while (j > i + 1 && strchr(":.,;", s[j - 1]))
		j--;
	return j - i;
}

/* URLs, absolute and relative paths, Windows paths */
static size_t m_path(const char *s, size_t n, size_t i, int prev)
{
	size_t j = i;
	if (prev && !strchr(" \t([{\"'=:,<", prev))
		return 0;
	/* scheme:// */
	if (et_isalpha((unsigned char)s[j])) {
		size_t k = j + 1;
		while (k < n && (et_isalnum((unsigned char)s[k]) || strchr("+.-", s[k])))
			k++;
		if (k + 2 < n && s[k] == ':' && s[k + 1] == '/' && s[k + 2] == '/') {
			k += 3;
			while (k < n && !is_space((unsigned char)s[k]) && !strchr("\"'<>", s[k]))
				k++;
			return trim_tail(s, i, k);
		}
		if (k == j + 1 && k + 1 < n && s[k] == ':' && s[k + 1] == '\\') {
			k += 2;
			while (k < n && !is_space((unsigned char)s[k]) && !strchr("\"'<>", s[k]))
				k++;
			return trim_tail(s, i, k);
		}
	}
	if (s[j] == '~')
		j++;
	if (j < n && s[j] == '.') {
		j++;
		if (j < n && s[j] == '.')
			j++;
	}
	if (j >= n || s[j] != '/')
		return 0;
	while (j < n && !is_space((unsigned char)s[j]) && !strchr("\"'()[]{}<>,;", s[j]))
		j++;
	return trim_tail(s, i, j);
}

static int email_local(int c) { return is_w(c) || c == '.' || c == '+' || c == '-'; }
static int label_c(int c) { return is_w(c) || c == '-'; }

/* *miss: no e-mail address starts before it (so a long word is scanned once) */
static size_t m_email(const char *s, size_t n, size_t i, size_t *miss)
{
	size_t j = i, k, groups = 0;
	if (i < *miss)
		return 0;
	while (j < n && email_local((unsigned char)s[j]))
		j++;
	/* every start in [i, j) meets the same '@' and domain: one verdict for all */
	*miss = j;
	if (j == i || j >= n || s[j] != '@')
		return 0;
	k = ++j;
	while (k < n && label_c((unsigned char)s[k]))
		k++;
	if (k == j)
		return 0;
	for (;;) {
		size_t m;
		if (k >= n || s[k] != '.')
			break;
		m = k + 1;
		while (m < n && label_c((unsigned char)s[m]))
			m++;
		if (m == k + 1)
			break;
		k = m;
		groups++;
	}
	return groups ? k - i : 0;
}

/* host:port, a lower-case host name at the start of a word */
static size_t m_hostport(const char *s, size_t n, size_t i, int prev)
{
	size_t j = i, d;
	if (prev && !is_space(prev) && !strchr("([\"'@", prev))
		return 0;
	if (!et_islower((unsigned char)s[j]))
		return 0;
	while (j < n && (et_islower((unsigned char)s[j]) || et_isdigit((unsigned char)s[j]) || s[j] == '.' || s[j] == '-'))
		j++;
	if (j >= n || s[j] != ':')
		return 0;
	d = ++j;
	while (j < n && et_isdigit((unsigned char)s[j]))
		j++;
	if (j == d || j - d > 5)
		return 0;
	if (j < n && (is_w((unsigned char)s[j]) || s[j] == '.' || s[j] == ':'))
		return 0;
	return j - i;
}

/* host names: labels joined by dots, ending in a 2-4 letter lower-case TLD */
static size_t m_host(const char *s, size_t n, size_t i, int prev)
{
	size_t j = i, last = i, labels = 0;
	if (is_w(prev) || prev == '.' || prev == '-')
		return 0;
	while (j < n && (et_isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '.'))
		j++;
	if (j < n && (is_w((unsigned char)s[j])))
		return 0;
	/* every label non-empty; the last one [a-z]{2,4} */
	for (size_t k = i; k <= j; k++) {
		if (k == j || s[k] == '.') {
			if (k == last)
				return 0;
			labels++;
			if (k == j) {
				size_t len = k - last;
				if (len < 2 || len > 4)
					return 0;
				for (size_t m = last; m < k; m++)
					if (!et_islower((unsigned char)s[m]))
						return 0;
			}
			last = k + 1;
		}
	}
	return labels >= 2 ? j - i : 0;
}

/* key="quoted value" or key='quoted value' */
static size_t m_quoted_value(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;
	char q;
	if (s[i] != '=')
		return 0;
	while (j < n && is_space((unsigned char)s[j]))
		j++;
	if (j >= n || (s[j] != '"' && s[j] != '\''))
		return 0;
	q = s[j];
	for (size_t k = j + 1; k < n; k++)
		if (s[k] == q)
			return k + 1 - i;
	return 0;
}

static void stage1(const char *s, size_t n, et_buf *out)
{
	int has_at = memchr(s, '@', n) != NULL;
	size_t miss = 0;
	et_buf_reset(out);
	for (size_t i = 0; i < n;) {
		int prev = out->len ? (unsigned char)out->buf[out->len - 1] : 0;
		size_t m;
		if ((m = m_colon_hex(s, n, i, prev))) {
			et_buf_addch(out, VAR);
		} else if ((m = m_quoted_value(s, n, i))) {
			et_buf_addch(out, '=');
			et_buf_addch(out, VAR);
		} else if ((m = m_path(s, n, i, prev))) {
			et_buf_addch(out, VAR);
		} else if (has_at && (m = m_email(s, n, i, &miss))) {
			et_buf_addch(out, VAR);
		} else if ((m = m_hostport(s, n, i, prev))) {
			et_buf_addch(out, VAR);
		} else if ((m = m_host(s, n, i, prev))) {
			et_buf_addch(out, VAR);
		} else {
			/* copy the rest of a word at once: no match starts inside it */
			size_t j = i + 1;
			if (is_w((unsigned char)s[i]) && s[i] != '_') {
				/* a word char: only emails start mid-word */
				while (j < n && et_isalnum((unsigned char)s[j]) && !has_at)
					j++;
			}
			et_buf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		i += m;
	}
}

/* ------------------------------------------------------------------ */
/* stage 2: words                                                     */

static const char *const names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
	"January", "February", "March", "April", "June", "July", "August", "September",
	"October", "November", "December",
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday", "Sunday",
	"UTC", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET", "CEST",
	"BST", "IST", "JST", "AM", "PM", NULL
};

static const char *const units[] = {
	"B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "b", "kb", "mb", "gb", "k", "K",
	"M", "G", "bytes", "ms", "us", "ns", "s", "sec", "secs", "second", "seconds", "min",
	"mins", "minutes", "h", "hr", "hrs", "hours", NULL
};

/*
 * Is p[0..n) one of list's words? The lists are fixed: each gets, at its
 * first use, the set of its words' first bytes and lengths, which turns
 * most words away before any comparison.
 */
static int in_list(const char *const *list, const char *p, size_t n)
{
	static struct {
		const char *const *list;
		uint64_t first[4], lens;        /* lens: bit k = a word of k bytes (k < 63), bit 63 = longer */
	} seen[4];
	size_t k;
	for (k = 0; k < 4 && seen[k].list && seen[k].list != list; k++)
		;
	if (k == 4)
		et_die("in_list: too many lists");
	if (!seen[k].list) {
		seen[k].list = list;
		for (const char *const *w = list; *w; w++) {
			size_t l = strlen(*w);
			unsigned char c = (unsigned char)(*w)[0];
			seen[k].first[c >> 6] |= (uint64_t)1 << (c & 63);
			seen[k].lens |= (uint64_t)1 << (l < 63 ? l : 63);
		}
	}
	if (!n || !((seen[k].lens >> (n < 63 ? n : 63)) & 1) ||
	    !((seen[k].first[(unsigned char)p[0] >> 6] >> ((unsigned char)p[0] & 63)) & 1))
		return 0;
	for (; *list; list++)
		if ((*list)[0] == p[0] && strlen(*list) == n && !memcmp(*list, p, n))
			return 1;
	return 0;
}

/* reverse-DNS names: com.example.app, org.apache.hadoop.X */
static int rdns(const char *p, size_t n)
{
	static const char *const tld[] = { "com.", "org.", "net.", "io.", "edu.", "gov.", NULL };
	size_t dots = 0, seg = 0;
	int ok = 0;
	for (const char *const *t = tld; *t; t++)
		if (n > strlen(*t) && !memcmp(p, *t, strlen(*t)))
			ok = 1;
	if (!ok)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.') {
			if (!seg)
				return 0;
			dots++;
			seg = 0;
		} else if (et_isalnum((unsigned char)p[i]) || p[i] == '_' || p[i] == '$' || p[i] == '-') {
			seg++;
		} else {
			return 0;
		}
	}
	return dots >= 2 && seg;
}

static int word_is_var(const char *p, size_t n)
{
	size_t letters = 0, i;
	if (in_list(names, p, n) || rdns(p, n))
		return 1;
	/* interface-like names (en0, eth1, wl0, ssh2) are kept */
	for (i = 0; i < n && et_isalpha((unsigned char)p[i]); i++)
		letters++;
	if (letters >= 1 && letters <= 4 && i + 1 == n && et_isdigit((unsigned char)p[i]))
		return 0;
	for (i = 0; i < n; i++)
		if (et_isdigit((unsigned char)p[i]))
			return 1;
	/* 8 or more hex letters of one case (ffffffff, deadbeef): a hex value, no word */
	if (n >= 8) {
		int lower = 0, upper = 0;
		for (i = 0; i < n; i++) {
			if (!is_hex((unsigned char)p[i]))
				return 0;
			if (et_islower((unsigned char)p[i]))
				lower = 1;
			else
				upper = 1;
		}
		return !(lower && upper);
	}
	return 0;
}

static void tokcap(eh_fp *fp, size_t n)
{
	if (n <= fp->cap)
		return;
	fp->cap = n + n / 2 + 16;
	fp->in = et_xrealloc(fp->in, fp->cap * sizeof *fp->in);
	fp->out = et_xrealloc(fp->out, fp->cap * sizeof *fp->out);
}

static size_t tokenize(eh_fp *fp, const char *s, size_t n)
{
	size_t nt = 0;
	tokcap(fp, n + 1);
	for (size_t i = 0; i < n;) {
		tok *t = &fp->in[nt++];
		size_t j = i + 1;
		t->p = s + i;
		if (is_space((unsigned char)s[i])) {
			while (j < n && is_space((unsigned char)s[j]))
				j++;
			t->kind = T_SPACE;
		} else if (is_delim((unsigned char)s[i])) {
			t->kind = T_DELIM;
		} else if (s[i] == '.' && j < n && s[j] == '.') {
			/* dot leaders ("prefetch depth......0", "Loading...") lay text out */
			while (j < n && s[j] == '.')
				j++;
			t->kind = T_DELIM;
		} else {
			int var = s[i] == VAR;
			while (j < n && !is_space((unsigned char)s[j]) && !is_delim((unsigned char)s[j]) &&
			       !(s[j] == '.' && j + 1 < n && s[j + 1] == '.')) {
				if (s[j] == VAR)
					var = 1;
				j++;
			}
			/* a word that is partly a variable (host/path) is one */
			t->kind = var ? T_VAR : T_WORD;
		}
		t->n = j - i;
		i = j;
	}
	return nt;
}

static int tok_ch(const tok *t, const char *set)
{
	return t->kind != T_VAR && t->kind != T_SPACE && t->n == 1 && strchr(set, t->p[0]);
}

/* a separator that may stand between two variables that become one */
static int tok_sep(const tok *t)
{
	return t->kind == T_SPACE || tok_ch(t, ",:.-_/#@;");
}

static int tok_alnum(const tok *t)
{
	return t->kind != T_VAR && t->kind != T_SPACE && et_isalnum((unsigned char)t->p[0]);
}

static const tok var_tok = { "", 0, T_VAR };

void eh_fp_template(eh_fp *fp, const char *msg, size_t n, et_buf *out)
{
	size_t nt, no = 0, i;
	tok *in, *o;

	stage1(msg, n, &fp->s1);
	nt = tokenize(fp, fp->s1.buf, fp->s1.len);
	in = fp->in;
	o = fp->out;

	/* words with digits, dates, reverse-DNS names */
	for (i = 0; i < nt; i++)
		if (in[i].kind == T_WORD && word_is_var(in[i].p, in[i].n))
			in[i] = var_tok;
	/* the word after "user" (user root, user=root, user: root) */
	for (i = 0; i + 1 < nt; i++) {
		size_t j = i + 1;
		if (in[i].kind != T_WORD || in[i].n != 4 || et_strncasecmp(in[i].p, "user", 4))
			continue;
		if (in[j].kind == T_SPACE || tok_ch(&in[j], "=:"))
			j++;
		if (j < nt && (in[j].kind == T_WORD || in[j].kind == T_VAR))
			in[j] = var_tok;
	}
	/* units after a number go with it; a sign or comparison before it too */
	for (i = 0; i < nt; i++) {
		tok t = in[i];
		if (t.kind == T_WORD && (in_list(units, t.p, t.n) ||
		    (t.n > 1 && t.p[t.n - 1] == '.' && in_list(units, t.p, t.n - 1))) && no &&
		    (o[no - 1].kind == T_VAR ||
		     (o[no - 1].kind == T_SPACE && no > 1 && o[no - 2].kind == T_VAR))) {
			if (o[no - 1].kind == T_SPACE)
				no--;
			continue;
		}
		if (t.kind == T_VAR && no && tok_ch(&o[no - 1], "<>~-+") &&
		    (no < 2 || !tok_alnum(&o[no - 2])))
			no--;
		o[no++] = t;
	}
	/* runs of variables become one; bracketed variables become one */
	nt = no;
	memcpy(in, o, nt * sizeof *in);
	no = 0;
	for (i = 0; i < nt; i++) {
		tok t = in[i];
		if (t.kind == T_VAR) {
			size_t j = no;
			while (j > 0 && tok_sep(&o[j - 1]))
				j--;
			if (j > 0 && o[j - 1].kind == T_VAR) {
				no = j;
				continue;
			}
		}
		o[no++] = t;
		if (tok_ch(&t, ")]}") && no >= 2) {
			char open = t.p[0] == ')' ? '(' : t.p[0] == ']' ? '[' : '{';
			size_t j = no - 2, vars = 0;
			while (j > 0 && (o[j].kind == T_VAR || o[j].kind == T_SPACE)) {
				vars += o[j].kind == T_VAR;
				j--;
			}
			if (o[j].kind == T_DELIM && o[j].p[0] == open) {
				if (j > 0 && tok_alnum(&o[j - 1])) {
					/* name(<*>) is one variable; name() is kept */
					if (!vars || j - 1 == 0 || tok_alnum(&o[j - 2]))
						continue;
					j--;
				}
				no = j;
				while (j > 0 && tok_sep(&o[j - 1]))
					j--;
				if (j > 0 && o[j - 1].kind == T_VAR)
					no = j;
				else
					o[no++] = var_tok;
			}
		}
	}
	/* print, one space for each run of blanks, none at the ends */
	et_buf_reset(out);
	for (i = 0; i < no; i++) {
		if (o[i].kind == T_SPACE) {
			if (out->len && out->buf[out->len - 1] != ' ')
				et_buf_addch(out, ' ');
		} else if (o[i].kind == T_VAR) {
			et_buf_add(out, "<*>", 3);
		} else {
			et_buf_add(out, o[i].p, o[i].n);
		}
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		out->len--;
	out->buf[out->len] = '\0';
}

/* ------------------------------------------------------------------ */
/* paths, functions, library frames                                   */

void eh_fp_function(const char *fn, et_buf *out)
{
	size_t n;
	et_buf_reset(out);
	if (!fn)
		return;
	while (*fn == ' ')
		fn++;
	n = strlen(fn);
	while (n && fn[n - 1] == ' ')
		n--;
	/* Rust's symbol hash: ::h0123456789abcdef */
	if (n > 19 && !memcmp(fn + n - 19, "::h", 3)) {
		size_t k;
		for (k = n - 16; k < n && is_hex((unsigned char)fn[k]); k++)
			;
		if (k == n)
			n -= 19;
	}
	for (size_t i = 0; i < n;) {
		if (fn[i] == '0' && i + 1 < n && (fn[i + 1] == 'x' || fn[i + 1] == 'X')) {
			size_t j = i + 2;
			while (j < n && is_hex((unsigned char)fn[j]))
				j++;
			et_buf_addstr(out, "0x");
			i = j;
			continue;
		}
		if (et_isdigit((unsigned char)fn[i]) && i > 0 &&
		    (fn[i - 1] == '$' || (i >= 4 && !memcmp(fn + i - 4, "func", 4)))) {
			while (i < n && et_isdigit((unsigned char)fn[i]))
				i++;
			et_buf_addch(out, 'N');
			continue;
		}
		et_buf_addch(out, fn[i]);
		i++;
	}
}

int eh_fp_library_frame(const cJSON *frame)
{
	const cJSON *m = et_json_get(frame, "in_app");
	const char *file = et_json_str(frame, "file"), *fn = et_json_str(frame, "function");
	/* errhash's own --in-app and --not-in-app first, then the mark */
	if (cJSON_IsBool(m) && !et_frame_ruled(file, fn))
		return !cJSON_IsTrue(m);
	return !et_frame_in_app(file, fn);
}

/* ------------------------------------------------------------------ */
/* diagnostics' messages                                              */

/*
 * Is the text between double quotes a name (kept: "FindFoo.cmake", "Boost")
 * rather than a value (masked: "1.2.3", "/tmp/x", "hello world")? A name
 * is non-empty and holds no digit, no path separator and no blank.
 */
static int quoted_name(const char *p, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (et_isdigit(p[i]) || p[i] == '/' || p[i] == '\\' || is_space((unsigned char)p[i]))
			return 0;
	return 1;
}

/*
 * A UUID at s[i]: 8-4-4-4-12 hex digits, not inside a word. Returns its
 * length, or 0.
 */
static size_t uuid_at(const char *s, size_t n, size_t i)
{
	static const size_t groups[] = { 8, 4, 4, 4, 12 };
	size_t j = i;
	for (size_t g = 0; g < 5; g++) {
		size_t k = 0;
		if (g) {
			if (j >= n || s[j] != '-')
				return 0;
			j++;
		}
		while (j < n && is_hex((unsigned char)s[j]) && k < groups[g]) {
			j++;
			k++;
		}
		if (k != groups[g])
			return 0;
	}
	return j < n && is_w((unsigned char)s[j]) ? 0 : j - i;
}

/*
 * The end of a number standing at s[i] (a digit): digits joined by
 * thousands separators ("1,234,567"), decimal points, and the separators of
 * dates and clock times ("2026-12-07T22:45:01.123Z", "22:45:01"), so that
 * one value is one "<*>" whatever its shape; then a unit of the units list
 * ("1234ms", "1.5s", "97%") goes with it. Returns the end, or i when what
 * follows makes the digits part of a word ("3rd", "2D").
 */
static size_t number_end(const char *s, size_t n, size_t i)
{
	size_t j = i, u;
	while (j < n && et_isdigit((unsigned char)s[j]))
		j++;
	for (;;) {
		size_t k = j;
		if (k + 1 < n && strchr(".:-/", s[k]) && et_isdigit((unsigned char)s[k + 1])) {
			k++;
		} else if (k + 3 < n && s[k] == ',' && et_isdigit((unsigned char)s[k + 1]) &&
			   et_isdigit((unsigned char)s[k + 2]) && et_isdigit((unsigned char)s[k + 3]) &&
			   (k + 4 == n || !et_isdigit((unsigned char)s[k + 4]))) {
			k++;
		} else if (k + 1 < n && s[k] == 'T' && et_isdigit((unsigned char)s[k + 1]) &&
			   memchr(s + i, '-', j - i)) {
			k++;             /* a date's "T" before its clock time */
		} else {
			break;
		}
		while (k < n && et_isdigit((unsigned char)s[k]))
			k++;
		j = k;
	}
	if (j < n && s[j] == 'Z' && (j + 1 == n || !is_w((unsigned char)s[j + 1])))
		return j + 1;
	if (j < n && s[j] == '%')
		return j + 1;
	for (u = j; u < n && et_isalpha((unsigned char)s[u]); u++)
		;
	if (u > j && (u == n || !is_w((unsigned char)s[u])) && in_list(units, s + j, u - j))
		return u;
	if (j < n && (et_isalpha((unsigned char)s[j]) || s[j] == '_'))
		return i;
	return j;
}

/*
 * Appends a file name of a path in a message, its values masked: a
 * temporary name as et_path_stable makes it, and a run of digits (joined by
 * '-', '_' or ':') of 3 or more digits that no letter precedes, the id,
 * counter or date a program puts in the names of the files it writes
 * ("in_1234.txt", "core.4567", "run-2026-12-07.log"); digits after a letter
 * stay ("python3.11", "sha256.c", "lib64").
 */
static void add_file_name(const char *base, size_t n, et_buf *out)
{
	char *tmp = et_xstrndup(base, n);
	et_buf b = ET_BUF_INIT;
	et_path_stable(tmp, &b);
	for (size_t i = 0; i < b.len;) {
		size_t j = i, digits = 0;
		if (!et_isdigit((unsigned char)b.buf[i]) || (i && et_isalpha((unsigned char)b.buf[i - 1]))) {
			et_buf_addch(out, b.buf[i++]);
			continue;
		}
		while (j < b.len && (et_isdigit((unsigned char)b.buf[j]) ||
		       (strchr("-_:", b.buf[j]) && j + 1 < b.len && et_isdigit((unsigned char)b.buf[j + 1])))) {
			digits += et_isdigit((unsigned char)b.buf[j]) != 0;
			j++;
		}
		if (digits >= 3)
			et_buf_addstr(out, "<*>");
		else
			et_buf_add(out, b.buf + i, j - i);
		i = j;
	}
	et_buf_release(&b);
	free(tmp);
}

void eh_fp_diag_message(const char *s, size_t n, et_buf *out)
{
	et_buf_reset(out);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		int prev = i ? (unsigned char)s[i - 1] : 0;
		if (is_space(c)) {
			while (i < n && is_space((unsigned char)s[i]))
				i++;
			if (out->len && out->buf[out->len - 1] != ' ')
				et_buf_addch(out, ' ');
			continue;
		}
		if (c == '"') {
			const char *e = memchr(s + i + 1, '"', n - i - 1);
			/* a name is kept, unless quoted again (tsc's '"abc"': a literal) */
			if (e && (prev == '\'' || prev == '`' ||
				  !quoted_name(s + i + 1, (size_t)(e - s) - i - 1))) {
				et_buf_addstr(out, "\"<*>\"");
				i = (size_t)(e - s) + 1;
				continue;
			}
		}
		/* a path: keep its file name */
		if ((c == '/' || (c == '.' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '.')) ||
		     (c == '~' && i + 1 < n && s[i + 1] == '/')) &&
		    (!prev || is_space(prev) || strchr("(['`\"=:,<", prev))) {
			size_t j = i, base = i;
			while (j < n && !is_space((unsigned char)s[j]) && !strchr("\"'`()[]{}<>,;:", s[j])) {
				if (s[j] == '/')
					base = j + 1;
				j++;
			}
			if (base > i) {
				add_file_name(s + base, j - base, out);
				i = j;
				continue;
			}
		}
		if (!is_w(prev)) {
			size_t u = uuid_at(s, n, i);
			if (u) {
				et_buf_addstr(out, "<*>");
				i += u;
				continue;
			}
		}
		/* hex: 0x..., or 7+ hex digits holding a digit (a short commit id) */
		if (!is_w(prev) && c == '0' && i + 2 < n && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
		    is_hex((unsigned char)s[i + 2])) {
			size_t j = i + 2;
			while (j < n && is_hex((unsigned char)s[j]))
				j++;
			et_buf_addstr(out, "<*>");
			i = j;
			continue;
		}
		if (!is_w(prev) && is_hex(c)) {
			size_t j = i;
			int digit = 0;
			while (j < n && is_hex((unsigned char)s[j])) {
				digit |= et_isdigit((unsigned char)s[j]) != 0;
				j++;
			}
			if (j - i >= 7 && digit && (j == n || !is_w((unsigned char)s[j]))) {
				et_buf_addstr(out, "<*>");
				i = j;
				continue;
			}
		}
		/* numbers standing alone (not inside identifiers like int32_t) */
		if (et_isdigit(c) && !(et_isalpha(prev) || prev == '_')) {
			size_t j = number_end(s, n, i);
			if (j > i) {
				et_buf_addstr(out, "<*>");
				i = j;
				continue;
			}
		}
		if (is_w(c)) {
			size_t j = i;
			while (j < n && is_w((unsigned char)s[j]))
				j++;
			et_buf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		et_buf_addch(out, (char)c);
		i++;
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		out->len--;
	out->buf[out->len] = '\0';
}

/* ------------------------------------------------------------------ */
/* records                                                            */

static const char *str_or_empty(const cJSON *o, const char *k)
{
	const char *s = et_json_str(o, k);
	return s ? s : "";
}

static void part(eh_fp *fp, const char *label, const char *s, size_t n)
{
	et_hasher_add(fp->h, s, n);
	et_hasher_add(fp->h, "\x1f", 1);
	if (fp->explain) {
		et_buf_addf(&fp->why, "%s: ", label);
		et_buf_add(&fp->why, s, n);
		et_buf_addch(&fp->why, '\n');
	}
}

static void part_str(eh_fp *fp, const char *label, const char *s)
{
	part(fp, label, s, strlen(s));
}

/* first line of the message, or of text when there is no message */
static void message_of(const cJSON *rec, const char **p, size_t *n)
{
	const char *m = et_json_str(rec, "message");
	if (!m || !*m)
		m = str_or_empty(rec, "text");
	*p = m;
	*n = strcspn(m, "\n");
}

typedef struct {
	char *file, *func;
} fr;

/*
 * Adds the program's frames of one exception; returns how many. With all
 * set, library frames count too (when a trace has no frame of the program).
 */
static size_t add_frames(eh_fp *fp, const cJSON *frames, int all)
{
	const cJSON *f;
	fr *seen = NULL;
	size_t nseen = 0, cap = 0, added = 0;
	cJSON_ArrayForEach(f, frames) {
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		size_t k;
		if (!cJSON_IsObject(f) || ((!file || !*file) && (!fn || !*fn)))
			continue;
		if (!all && eh_fp_library_frame(f))
			continue;
		et_path_stable(file, &fp->tmp);
		eh_fp_function(fn, &fp->tmp2);
		/* recursion: a frame already in the chain adds nothing */
		for (k = 0; k < nseen; k++)
			if (!strcmp(seen[k].file, fp->tmp.buf) && !strcmp(seen[k].func, fp->tmp2.buf))
				break;
		if (k < nseen)
			continue;
		if (nseen == cap) {
			cap = cap ? cap * 2 : 16;
			seen = et_xrealloc(seen, cap * sizeof *seen);
		}
		seen[nseen].file = et_xstrdup(fp->tmp.buf);
		seen[nseen].func = et_xstrdup(fp->tmp2.buf);
		nseen++;
		part(fp, "frame file", fp->tmp.buf, fp->tmp.len);
		part(fp, "frame function", fp->tmp2.buf, fp->tmp2.len);
		added++;
	}
	for (size_t k = 0; k < nseen; k++) {
		free(seen[k].file);
		free(seen[k].func);
	}
	free(seen);
	return added;
}

/*
 * The source line of the innermost frame of the program (the last one:
 * frames are outermost first), normalised as a diagnostic's message is, so
 * values go and names stay: different imports, keys or calls at one place
 * are different bugs, `handle(38000)` and `handle(12)` one. Nothing is
 * added when that frame shows no source line.
 */
static void add_site(eh_fp *fp, const cJSON *frames, int all)
{
	const cJSON *f, *inner = NULL;
	cJSON_ArrayForEach(f, frames) {
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		if (cJSON_IsObject(f) && ((file && *file) || (fn && *fn)) &&
		    (all || !eh_fp_library_frame(f)))
			inner = f;
	}
	const char *code = inner ? et_json_str(inner, "code") : NULL;
	if (!code)
		return;
	size_t n = strcspn(code, "\n");
	eh_fp_diag_message(code, n, &fp->tmp);
	if (fp->tmp.len)
		part(fp, "source line", fp->tmp.buf, fp->tmp.len);
}

static size_t count_app_frames(const cJSON *frames)
{
	const cJSON *f;
	size_t n = 0;
	cJSON_ArrayForEach(f, frames) {
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		if (cJSON_IsObject(f) && ((file && *file) || (fn && *fn)) &&
		    !eh_fp_library_frame(f))
			n++;
	}
	return n;
}

static size_t count_frames(const cJSON *frames)
{
	const cJSON *f;
	size_t n = 0;
	cJSON_ArrayForEach(f, frames) {
		const char *file = et_json_str(f, "file"), *fn = et_json_str(f, "function");
		if (cJSON_IsObject(f) && ((file && *file) || (fn && *fn)))
			n++;
	}
	return n;
}

static void add_template(eh_fp *fp, const cJSON *rec)
{
	const char *m;
	size_t n;
	message_of(rec, &m, &n);
	eh_fp_template(fp, m, n, &fp->tmp);
	part(fp, "template", fp->tmp.buf, fp->tmp.len);
}

static uint64_t compute(eh_fp *fp, const cJSON *rec)
{
	const cJSON *frames = et_json_get(rec, "frames");
	const char *file = et_json_str(rec, "file");
	const char *format = str_or_empty(rec, "format");
	char v[16];

	et_hasher_reset(fp->h);
	snprintf(v, sizeof v, "errhash/%d", EH_FP_VERSION);
	part_str(fp, "version", v);
	if (cJSON_IsArray(frames) && count_frames(frames)) {
		const cJSON *causes = et_json_get(rec, "causes"), *c;
		int all = count_app_frames(frames) == 0;
		part_str(fp, "kind", all ? "traceback (library frames only)" : "traceback");
		part_str(fp, "type", str_or_empty(rec, "type"));
		add_frames(fp, frames, all);
		add_site(fp, frames, all);
		/*
		 * since version 5: without a type (a compiler's instantiation chain, a
		 * panic that names none) only the message says what went wrong
		 */
		if (!*str_or_empty(rec, "type")) {
			const char *m;
			size_t n;
			message_of(rec, &m, &n);
			eh_fp_diag_message(m, n, &fp->tmp);
			part(fp, "message", fp->tmp.buf, fp->tmp.len);
		}
		/* chained exceptions: their type and their own frames */
		cJSON_ArrayForEach(c, causes) {
			const cJSON *cf = et_json_get(c, "frames");
			if (!cJSON_IsObject(c))
				continue;
			part_str(fp, "cause type", str_or_empty(c, "type"));
			if (cJSON_IsArray(cf) && count_app_frames(cf))
				add_frames(fp, cf, 0);
		}
	} else if (file && *file && strcmp(format, "log")) {
		const char *m;
		size_t n;
		const et_format *ef = et_schema_format(format);
		part_str(fp, "kind", "diagnostic");
		/* the parser's family: gcc names clang's output "clang" only when it shows */
		part_str(fp, "format", ef && ef->kind == ET_FMT_ALSO ? ef->by : format);
		et_path_stable(file, &fp->tmp);
		part(fp, "file", fp->tmp.buf, fp->tmp.len);
		/* version 3: the function the diagnostic is in (the same warning in two functions is two bugs) */
		eh_fp_function(et_json_str(rec, "function"), &fp->tmp);
		part(fp, "function", fp->tmp.buf, fp->tmp.len);
		part_str(fp, "type", str_or_empty(rec, "type"));
		message_of(rec, &m, &n);
		eh_fp_diag_message(m, n, &fp->tmp);
		part(fp, "message", fp->tmp.buf, fp->tmp.len);
	} else {
		part_str(fp, "kind", "message");
		part_str(fp, "format", format);
		part_str(fp, "type", str_or_empty(rec, "type"));
		add_template(fp, rec);
	}
	return et_hasher_digest(fp->h);
}

uint64_t eh_fp_record(eh_fp *fp, const cJSON *rec)
{
	fp->explain = 0;
	return compute(fp, rec);
}

uint64_t eh_fp_record_explain(eh_fp *fp, const cJSON *rec, et_buf *why)
{
	uint64_t h;
	fp->explain = 1;
	et_buf_reset(&fp->why);
	h = compute(fp, rec);
	fp->explain = 0;
	et_buf_reset(why);
	et_buf_add(why, fp->why.buf, fp->why.len);
	return h;
}
