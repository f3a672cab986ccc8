/* text.c: the scanning helpers the engine and the parsers share (parser.h). */
#include "parser.h"

#include <string.h>

const char *ec_find(const ec_line *l, const char *lit)
{
	return ec_memfind(l->s, l->len, lit);
}

const char *ec_memfind(const char *s, size_t n, const char *lit)
{
	return memmem(s, n, lit, strlen(lit));
}

int ec_mem_starts(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n >= k && !memcmp(s, lit, k);
}

const char *ec_prefix_find(const ec_prefix_name *tab, const char *s, size_t n)
{
	for (; tab->prefix; tab++)
		if (ec_mem_starts(s, n, tab->prefix))
			return tab->name;
	return NULL;
}

int ec_mem_ends(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n >= k && !memcmp(s + n - k, lit, k);
}

size_t ec_split_location(const char *s, size_t n, long *line, long *col)
{
	size_t e = n;
	long nums[2];
	int k = 0;
	*line = *col = 0;
	while (k < 2 && e > 0 && ec_is_digit(s[e - 1])) {
		size_t b = e;
		while (b > 0 && ec_is_digit(s[b - 1]))
			b--;
		if (b == 0 || s[b - 1] != ':' || e - b > 9)
			break;
		const char *p = s + b;
		nums[k++] = ec_num(&p, s + e);
		e = b - 1;
	}
	if (k == 2) {
		*line = nums[1];
		*col = nums[0];
	} else if (k == 1) {
		*line = nums[0];
	}
	return e;
}

int ec_spaced_path(const char *s, size_t n)
{
	size_t i, sp = n, last = 0;
	int sep = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t' || (c == ':' && i != 1) || (c == ' ' && i + 1 < n && s[i + 1] == ' '))
			return 0;
		if (c == ' ' && sp == n)
			sp = i;
		if (c == '/' || c == '\\') {
			sep |= sp == n;
			last = i + 1;
		}
	}
	if (!sep || sp == 0 || sp == n || last >= n)
		return 0;
	/* the last part: "name.ext", the extension one or more letters or digits */
	const char *dot = NULL;
	for (i = last; i < n; i++)
		if (s[i] == '.')
			dot = s + i;
	return dot && dot > s + last && dot + 1 < s + n && dot[1] != ' ' && s[n - 1] != ' ' &&
	       !memchr(dot, ' ', (size_t)(s + n - dot));
}

const char *ec_spaced_path_back(const char *p, const char *q, const char *fe)
{
	const char *best = q, *w = q;
	/* at most 8 words back, one space between each */
	for (int k = 0; k < 8 && w - p >= 2 && w[-1] == ' ' && w[-2] != ' '; k++) {
		w--;
		while (w > p && w[-1] != ' ')
			w--;
		if (ec_spaced_path(w, (size_t)(fe - w)))
			best = w;
	}
	return best;
}

int ec_starts(const ec_line *l, const char *lit)
{
	return ec_mem_starts(l->s, l->len, lit);
}

long ec_num(const char **pp, const char *end)
{
	const char *p = *pp;
	long v = 0;
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	while (p < end && *p >= '0' && *p <= '9') {
		if (v < 100000000L)
			v = v * 10 + (*p - '0');
		p++;
	}
	*pp = p;
	return v;
}

void ec_trim(const char *s, size_t len, const char **b, size_t *n)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*b = s;
	*n = len;
}

int ec_blank(const ec_line *l)
{
	return ec_mem_blank(l->s, l->len);
}

int ec_mem_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

ec_span ec_span_trim(const char *s, size_t n)
{
	ec_span r;
	ec_trim(s, n, &r.s, &r.n);
	return r;
}

int ec_mem_skip(const char **s, size_t *n, const char *lit)
{
	size_t k = strlen(lit);
	if (*n < k || memcmp(*s, lit, k))
		return 0;
	*s += k;
	*n -= k;
	return 1;
}

/* The display column after s[0..n) printed from display column d. */
static size_t display_advance(const char *s, size_t n, size_t d)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t')
			d = (d / 8 + 1) * 8;
		else if ((c & 0xc0) != 0x80)
			d++;
	}
	return d;
}

long ec_caret_column(const char *src_line, size_t src_len, size_t src_off,
		     const char *car_line, size_t car_off)
{
	size_t want = display_advance(car_line, car_off, 0);
	size_t d = display_advance(src_line, src_off, 0);
	long col = 1;
	if (src_off > src_len || want < d)
		return 0;
	for (size_t i = src_off; i < src_len; i++) {
		unsigned char c = (unsigned char)src_line[i];
		size_t next;
		if ((c & 0xc0) == 0x80)
			continue;       /* a character's continuation byte */
		next = display_advance(src_line + i, 1, d);
		if (next > want)
			return col;     /* the caret is under this character */
		d = next;
		col++;
	}
	return col + (long)(want - d);
}
