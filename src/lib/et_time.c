/* et_time: RFC 3339 parsing and formatting. */
#include "et_time.h"

#include "et_ctype.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int fixed;
static double fixed_now;

void et_time_set_now(double t)
{
	fixed = 1;
	fixed_now = t;
}

double et_time_now(void)
{
	struct timespec ts;
	if (fixed)
		return fixed_now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms) */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!et_isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int et_time_parse(const char *s, double *t, const char **end)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	double frac = 0;
	long off = 0;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	s += 10;
	if ((*s == 'T' || *s == 't' || *s == ' ') && et_isdigit((unsigned char)s[1])) {
		if (digits(s + 1, 2, &h) || s[3] != ':' || digits(s + 4, 2, &mi))
			return -1;
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &sec))
				return -1;
			s += 3;
			if ((*s == '.' || *s == ',') && et_isdigit((unsigned char)s[1])) {
				double scale = 0.1;
				s++;
				while (et_isdigit((unsigned char)*s)) {
					frac += (*s - '0') * scale;
					scale /= 10;
					s++;
				}
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if ((*s == '+' || *s == '-') && et_isdigit((unsigned char)s[1])) {
			int oh, om = 0, sign = *s == '-' ? -1 : 1;
			if (digits(s + 1, 2, &oh))
				return -1;
			s += 3;
			if (*s == ':')
				s++;
			if (et_isdigit((unsigned char)*s)) {
				if (digits(s, 2, &om))
					return -1;
				s += 2;
			}
			off = sign * (oh * 3600L + om * 60L);
		}
	}
	*t = (double)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400.0 + h * 3600.0 + mi * 60.0 + sec -
	     (double)off + frac;
	if (end)
		*end = s;
	return 0;
}

int et_time_parsen(const char *s, size_t n, double *t)
{
	char tmp[64];
	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return et_time_parse(tmp, t, NULL);
}

/* n as width decimal digits at p (n < 10^width) */
static char *put_digits(char *p, long n, int width)
{
	for (int i = width - 1; i >= 0; i--, n /= 10)
		p[i] = (char)('0' + n % 10);
	return p + width;
}

void et_time_format(double t, char out[32])
{
	double whole = floor(t);
	long y, days, sec;
	unsigned m, d;
	int ms = (int)((t - whole) * 1000 + 0.5);
	char *p = out;
	if (!(whole >= -62135596800.0 && whole < 253402300800.0))      /* years 1 to 9999 */
		whole = whole < 0 ? -62135596800.0 : 253402300799.0, ms = 0;
	long s = (long)whole;
	if (ms >= 1000) {
		s++;
		ms = 0;
	}
	days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	sec = s - days * 86400;
	civil_from_days(days, &y, &m, &d);
	if (y > 9999)           /* the second rounded up past the last */
		y = 9999, m = 12, d = 31, sec = 86399, ms = 999;
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p++ = 'T';
	p = put_digits(p, sec / 3600, 2);
	*p++ = ':';
	p = put_digits(p, sec / 60 % 60, 2);
	*p++ = ':';
	p = put_digits(p, sec % 60, 2);
	if (ms) {
		*p++ = '.';
		p = put_digits(p, ms, 3);
	}
	*p++ = 'Z';
	*p = '\0';
}

void et_time_day(double t, char out[16])
{
	long y, days = (long)floor(t / 86400);
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, 16, "%04ld-%02u-%02u", y, m, d);
}

void et_time_hour(double t, char out[16])
{
	long y, days = (long)floor(t / 86400);
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, 16, "%04ld-%02u-%02uT%02d", y, m, d, (int)((t - (double)days * 86400) / 3600));
}
