/* et_path.c: a file's checkout-independent name (see et_path.h). */
#include "et_path.h"
#include "et_ctype.h"

#include <string.h>

/*
 * Python tempfile's names: "tmp" and at least 4 of [A-Za-z0-9_]; mktemp's:
 * "tmp." and 6 or more letters and digits to the end, holding a digit or
 * both cases ("tmp.KXnLY0ws"; not "tmp.config").
 */
static int temp_name(const char *p, size_t n)
{
	size_t i = 3;
	if (n < 7 || strncmp(p, "tmp", 3))
		return 0;
	if (p[3] == '.') {
		int digit = 0, lower = 0, upper = 0;
		for (i = 4; i < n && et_isalnum((unsigned char)p[i]); i++) {
			digit |= et_isdigit((unsigned char)p[i]) != 0;
			lower |= et_islower((unsigned char)p[i]) != 0;
			upper |= et_isupper((unsigned char)p[i]) != 0;
		}
		return i == n && n - 4 >= 6 && (digit || (lower && upper));
	}
	while (i < n && (et_isalnum((unsigned char)p[i]) || p[i] == '_'))
		i++;
	return i - 3 >= 4;
}

void et_path_stable(const char *path, et_buf *out)
{
	const char *b = path, *q;
	size_t n;
	et_buf_reset(out);
	if (!path)
		return;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	n = strlen(b);
	q = memchr(b, '?', n);          /* bundlers' ?v=123 */
	if (q)
		n = (size_t)(q - b);
	if (temp_name(b, n)) {
		const char *dot = b[3] == '.' ? NULL : memchr(b, '.', n);
		et_buf_addstr(out, "tmp*");
		if (dot)
			et_buf_add(out, dot, n - (size_t)(dot - b));
		return;
	}
	et_buf_add(out, b, n);
}
