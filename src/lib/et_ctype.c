/* et_ctype: the ASCII byte-class table and case-insensitive comparisons. */
#include "et_ctype.h"

#define S ET_CT_SPACE
#define D ET_CT_DIGIT
#define U ET_CT_UPPER
#define L ET_CT_LOWER
#define X ET_CT_XALPHA
#define P ET_CT_PUNCT

const unsigned char et_ctype_table[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, S, S, S, S, S, 0, 0,         /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,         /* 0x10 */
	S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,         /* 0x20 */
	D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,         /* 0x30 */
	P, U|X, U|X, U|X, U|X, U|X, U|X, U, U, U, U, U, U, U, U, U, /* 0x40 */
	U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,         /* 0x50 */
	P, L|X, L|X, L|X, L|X, L|X, L|X, L, L, L, L, L, L, L, L, L, /* 0x60 */
	L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, 0,         /* 0x70 */
	/* 0x80-0xff: no class in any locale */
};

int et_strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		int ca = et_tolower((unsigned char)*a), cb = et_tolower((unsigned char)*b);
		if (ca != cb)
			return ca - cb;
		if (!ca)
			break;
	}
	return 0;
}

int et_strcasecmp(const char *a, const char *b)
{
	return et_strncasecmp(a, b, (size_t)-1);
}
