/* et_file: whole-file read, atomic replace, lock files. */
#include "et_file.h"
#include "et_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int et_file_read(const char *path, et_buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n;
		et_buf_grow(out, 65536);
		n = read(fd, out->buf + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int et_file_replace(const char *path, const void *data, size_t n)
{
	char *tmp, *dcopy, *dir;
	struct stat st;
	int fd, e, dfd;
	size_t plen = strlen(path);
	const char *pause = getenv("ERRTOOLS_TEST_PAUSE_BEFORE_RENAME");

	tmp = et_xmalloc(plen + 32);
	snprintf(tmp, plen + 32, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	if (stat(path, &st) == 0)
		fchmod(fd, st.st_mode & 07777);
	else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if (write_all(fd, data, n) < 0 || fsync(fd) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		goto fail;
	}
	if (close(fd) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		goto fail;
	}
	if (pause && *pause)
		sleep((unsigned)atoi(pause));
	if (rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		goto fail;
	}
	dcopy = et_xstrdup(path);
	dir = dirname(dcopy);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dcopy);
	free(tmp);
	return 0;
fail:
	free(tmp);
	return -1;
}

int et_file_lock(const char *path)
{
	size_t n = strlen(path) + 6;
	char *lp = et_xmalloc(n);
	int fd;
	snprintf(lp, n, "%s.lock", path);
	fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	free(lp);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

void et_file_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
