/*
 * et_file: whole files: reading one into memory, and replacing one
 * atomically (a reader or a crash sees the old file or the new one, never
 * a mix or a truncated file).
 */
#ifndef ET_FILE_H
#define ET_FILE_H

#include <stddef.h>
#include "et_buf.h"

/*
 * Appends the whole of PATH to out. Returns 0, or -1 with errno set
 * (ENOENT when the file does not exist).
 */
int et_file_read(const char *path, et_buf *out);

/*
 * Replaces PATH with data[0..n): writes a temporary file in the same
 * directory, fsyncs it, renames it over PATH and fsyncs the directory.
 * Keeps PATH's permission bits when it exists. Returns 0, or -1 with errno
 * set and PATH untouched.
 *
 * If the environment variable ERRTOOLS_TEST_PAUSE_BEFORE_RENAME is set to a
 * number of seconds, sleeps that long between the fsync and the rename (for
 * tests that kill a writer at the worst moment).
 */
int et_file_replace(const char *path, const void *data, size_t n);

/*
 * Takes an exclusive advisory lock (flock) on PATH.lock, creating it;
 * waits for another holder. Returns a descriptor for et_file_unlock, or -1.
 */
int et_file_lock(const char *path);
void et_file_unlock(int fd);

#endif
