/*
 * et_ctype: byte classes that are the same in every locale.
 *
 * Parsing and hashing classify bytes with these, never with <ctype.h>:
 * under setlocale(LC_ALL, "") the libc classes follow the user's locale
 * (in ISO-8859-1, 0xE9 is a letter), and the same input must give the
 * same records and fingerprints on every machine. Only ASCII bytes belong
 * to a class; every byte >= 0x80 belongs to none. Each function takes any
 * int (a char, signed or not, or EOF) and never reads out of bounds.
 * The model is git's sane-ctype (git-compat-util.h).
 */
#ifndef ET_CTYPE_H
#define ET_CTYPE_H

#include <stddef.h>

enum {
	ET_CT_SPACE = 1,        /* ' ', \t, \n, \v, \f, \r */
	ET_CT_DIGIT = 2,        /* 0-9 */
	ET_CT_UPPER = 4,        /* A-Z */
	ET_CT_LOWER = 8,        /* a-z */
	ET_CT_XALPHA = 16,      /* a-f, A-F */
	ET_CT_PUNCT = 32,       /* printable ASCII that is neither alnum nor space */
};

extern const unsigned char et_ctype_table[256];

static inline int et_ct(int c, int mask)
{
	return et_ctype_table[(unsigned char)c] & mask;
}

static inline int et_isspace(int c) { return et_ct(c, ET_CT_SPACE); }
static inline int et_isdigit(int c) { return et_ct(c, ET_CT_DIGIT); }
static inline int et_isupper(int c) { return et_ct(c, ET_CT_UPPER); }
static inline int et_islower(int c) { return et_ct(c, ET_CT_LOWER); }
static inline int et_isalpha(int c) { return et_ct(c, ET_CT_UPPER | ET_CT_LOWER); }
static inline int et_isalnum(int c) { return et_ct(c, ET_CT_UPPER | ET_CT_LOWER | ET_CT_DIGIT); }
static inline int et_isxdigit(int c) { return et_ct(c, ET_CT_DIGIT | ET_CT_XALPHA); }
static inline int et_ispunct(int c) { return et_ct(c, ET_CT_PUNCT); }
static inline int et_tolower(int c) { return et_isupper(c) ? c + ('a' - 'A') : c; }
static inline int et_toupper(int c) { return et_islower(c) ? c - ('a' - 'A') : c; }

/* ASCII-only case-insensitive comparisons (strcasecmp follows the locale). */
int et_strcasecmp(const char *a, const char *b);
int et_strncasecmp(const char *a, const char *b, size_t n);

#endif
