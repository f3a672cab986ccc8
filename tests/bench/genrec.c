/*
 * genrec.c: writes N synthetic errcap records (JSON Lines) drawn from D
 * distinct errors, deterministically: the memory check of errhash (memory
 * must grow with distinct errors, not with input size).
 *
 *   genrec N D
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	unsigned d = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000, x = 12345;
	static char buf[1 << 20];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	for (unsigned long long i = 0; i < n; i++) {
		unsigned e, line;
		x = x * 1103515245u + 12345u;
		e = (x >> 8) % d;
		line = 10 + e % 490;
		printf("{\"level\":\"error\",\"type\":\"E%u\",\"message\":\"value %llu of item_%u is out of range\","
		       "\"file\":\"src/mod%u/file%u.c\",\"line\":%u,\"column\":%u,\"function\":\"fn_%u\","
		       "\"frames\":null,\"causes\":null,\"format\":\"gcc\",\"text\":\"src/mod%u/file%u.c:%u:%u: error: "
		       "value out of range\",\"context\":[\"make[1]: building\"],\"input\":{\"name\":\"b.log\","
		       "\"line\":%llu,\"end\":%llu},\"time\":\"2026-11-21T%02u:%02u:%02uZ\"}\n",
		       e % 97, i, e, e % 13, e, line, 1 + e % 40, e, e % 13, e, line, 1 + e % 40, i + 1, i + 1,
		       (unsigned)(i / 3600000) % 24, (unsigned)(i / 60000) % 60, (unsigned)(i / 1000) % 60);
	}
	return 0;
}
