/*
 * measure.c: runs a command RUNS times and prints the median wall time in
 * seconds, the largest peak RSS in KiB of its runs and the median CPU time
 * (user + system, of the command and the children it waited for) in
 * seconds (from wait4's rusage), as "SECONDS KIB CPUSECONDS". The command's stdout goes to OUT (a regular
 * file: some tools, GNU grep among them, stop early when stdout is
 * /dev/null), its stdin comes from IN ("-" for /dev/null).
 *
 *   measure RUNS IN OUT COMMAND [ARG]...
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs;
	double t[64], c[64];
	long maxrss = 0;
	if (argc < 5 || (runs = atoi(argv[1])) < 1 || runs > 64) {
		fprintf(stderr, "usage: measure RUNS IN OUT COMMAND [ARG]...\n");
		return 2;
	}
	for (int i = 0; i < runs; i++) {
		struct timespec a, b;
		struct rusage ru;
		int st;
		pid_t pid;
		clock_gettime(CLOCK_MONOTONIC, &a);
		pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0) {
			int in = open(argv[2][0] == '-' && !argv[2][1] ? "/dev/null" : argv[2], O_RDONLY);
			int out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0)
				_exit(126);
			execvp(argv[4], argv + 4);
			_exit(127);
		}
		if (wait4(pid, &st, 0, &ru) < 0)
			return 2;
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (WIFEXITED(st) && WEXITSTATUS(st) >= 126) {
			fprintf(stderr, "measure: %s could not run\n", argv[4]);
			return 2;
		}
		t[i] = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		c[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	qsort(t, (size_t)runs, sizeof *t, cmp);
	qsort(c, (size_t)runs, sizeof *c, cmp);
	printf("%.4f %ld %.4f\n", t[runs / 2], maxrss, c[runs / 2]);
	return 0;
}
