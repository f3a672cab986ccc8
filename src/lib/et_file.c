/* et_file: whole-file read, writing where a name points, atomic replace, locks. */
#include "et_file.h"
#include "et_cli.h"

#include <errno.h>
#include <fcntl.h>
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

/* The directory part of path ("." when it has none), to free. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return et_xstrdup(".");
	if (slash == path)
		return et_xstrdup("/");
	return et_xstrndup(path, (size_t)(slash - path));
}

char *et_file_target(const char *path)
{
	char *cur = et_xstrdup(path);
	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		et_buf link = ET_BUF_INIT;
		ssize_t n;
		if (lstat(cur, &st) < 0 || !S_ISLNK(st.st_mode))
			return cur;
		for (size_t cap = 256;; cap *= 2) {
			et_buf_grow(&link, cap);
			n = readlink(cur, link.buf, link.cap - 1);
			if (n < 0 || (size_t)n < link.cap - 1)
				break;
		}
		if (n < 0) {
			et_buf_release(&link);
			return cur;     /* vanished meanwhile: name it as it was */
		}
		link.len = (size_t)n;
		link.buf[n] = '\0';
		if (link.buf[0] != '/' && strchr(cur, '/')) {
			char *dir = dir_of(cur);
			et_buf next = ET_BUF_INIT;
			et_buf_addf(&next, "%s/%s", dir, link.buf);
			free(dir);
			et_buf_release(&link);
			link = next;
		}
		free(cur);
		cur = et_buf_detach(&link, NULL);
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}

/* Replaces the regular file (or nothing) at target, which is no link. */
static int replace_at(const char *target, const void *data, size_t n)
{
	char *tmp, *dir;
	struct stat st;
	int fd, e, dfd;
	size_t plen = strlen(target);
	const char *pause = getenv("ERRTOOLS_TEST_PAUSE_BEFORE_RENAME");

	tmp = et_xmalloc(plen + 32);
	snprintf(tmp, plen + 32, "%s.tmp.XXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	if (stat(target, &st) == 0)
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
	if (rename(tmp, target) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		goto fail;
	}
	dir = dir_of(target);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	free(tmp);
	return 0;
fail:
	free(tmp);
	return -1;
}

int et_file_replace(const char *path, const void *data, size_t n)
{
	char *target = et_file_target(path);
	int rc;
	if (!target)
		return -1;
	rc = replace_at(target, data, n);
	free(target);
	return rc;
}

int et_file_write(const char *path, const void *data, size_t n)
{
	char *target;
	struct stat st;
	int rc = -1, fd, e;

	if (!strcmp(path, "-")) {
		et_out_write(data, n);
		et_out_flush();
		return 0;
	}
	if (!(target = et_file_target(path)))
		return -1;
	if (stat(target, &st) < 0 || S_ISREG(st.st_mode)) {
		rc = replace_at(target, data, n);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto out;
	}
	/* a FIFO, a device, a socket: it is written, never replaced */
	fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		goto out;
	if (write_all(fd, data, n) < 0) {
		e = errno;
		close(fd);
		errno = e;
		goto out;
	}
	rc = close(fd);
out:
	free(target);
	return rc;
}

/* The directory locks this process holds, by directory identity. */
static struct {
	dev_t dev;
	ino_t ino;
	int fd, refs;
} locks[16];

int et_file_lock(const char *path)
{
	char *target = et_file_target(path), *dir;
	struct stat st;
	int fd, e;
	size_t i, free_slot = sizeof locks / sizeof *locks;

	if (!target)
		return -1;
	dir = dir_of(target);
	free(target);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	for (i = 0; i < sizeof locks / sizeof *locks; i++) {
		if (locks[i].refs && locks[i].dev == st.st_dev && locks[i].ino == st.st_ino) {
			close(fd);
			locks[i].refs++;
			return locks[i].fd;
		}
		if (!locks[i].refs && free_slot == sizeof locks / sizeof *locks)
			free_slot = i;
	}
	if (free_slot == sizeof locks / sizeof *locks) {
		errno = EMFILE;
		goto fail;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR)
			goto fail;
	}
	locks[free_slot].dev = st.st_dev;
	locks[free_slot].ino = st.st_ino;
	locks[free_slot].fd = fd;
	locks[free_slot].refs = 1;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

void et_file_unlock(int fd)
{
	if (fd < 0)
		return;
	for (size_t i = 0; i < sizeof locks / sizeof *locks; i++) {
		if (locks[i].refs && locks[i].fd == fd) {
			if (--locks[i].refs == 0)
				close(fd);
			return;
		}
	}
}
