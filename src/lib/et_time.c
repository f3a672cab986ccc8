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
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	double frac = 0;
	long off = 0;
	memset(&tm, 0, sizeof tm);
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
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*t = (double)timegm(&tm) - (double)off + frac;
	if (end)
		*end = s;
	return 0;
}

void et_time_format(double t, char out[32])
{
	double whole = floor(t);
	time_t s = (time_t)whole;
	int ms = (int)((t - whole) * 1000 + 0.5);
	struct tm tm;
	char tail[8];
	if (ms >= 1000) {
		s++;
		ms = 0;
	}
	gmtime_r(&s, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(tail, sizeof tail, ms ? ".%03dZ" : "Z", ms % 1000);
	strncat(out, tail, 31 - strlen(out));
}

void et_time_day(double t, char out[16])
{
	time_t s = (time_t)floor(t);
	struct tm tm;
	gmtime_r(&s, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

void et_time_hour(double t, char out[16])
{
	time_t s = (time_t)floor(t);
	struct tm tm;
	gmtime_r(&s, &tm);
	strftime(out, 16, "%Y-%m-%dT%H", &tm);
}
