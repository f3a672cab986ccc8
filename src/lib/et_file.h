/*
 * et_file: whole files: reading one into memory, writing one where its
 * name points (the one way every program writes -o FILE, --update FILE and
 * the like), replacing one atomically (a reader or a crash sees the old
 * file or the new one, never a mix or a truncated file), and locking.
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
 * Replaces PATH's target (et_file_target: a symbolic link stays a link and
 * its target gets the new content) with data[0..n): writes a temporary
 * file in the target's directory, fsyncs it, renames it over the target
 * and fsyncs the directory. Keeps the target's permission bits when it
 * exists. For files a program owns; what a user names goes through
 * et_file_write. Returns 0, or -1 with errno
 * set and PATH untouched.
 *
 * If the environment variable ERRTOOLS_TEST_PAUSE_BEFORE_RENAME is set to a
 * number of seconds, sleeps that long between the fsync and the rename (for
 * tests that kill a writer at the worst moment).
 */
int et_file_replace(const char *path, const void *data, size_t n);

/*
 * The file PATH finally names: PATH itself, or, when it is a symbolic link,
 * the link's target (followed to the end of a chain; a relative target is
 * taken from the link's directory). The result need not exist (a dangling
 * link names the file it would create). Returns a string to free, or NULL
 * with errno ELOOP for a loop.
 */
char *et_file_target(const char *path);

/*
 * Writes data[0..n) to what PATH names, as a user who wrote `-o PATH`
 * means it:
 *   "-"                      standard output (through et_out_write);
 *   a symbolic link          its target, by these same rules;
 *   a FIFO, character device or socket: opened and written directly,
 *                            never renamed over or removed;
 *   a regular file, or none: replaced atomically in the target's own
 *                            directory, keeping its permission bits
 *                            (et_file_replace).
 * Returns 0, or -1 with errno set (a regular file is then untouched).
 */
int et_file_write(const char *path, const void *data, size_t n);

/*
 * Takes an exclusive advisory lock for writing PATH: a flock on the
 * directory of PATH's target, so that no lock file is created or left
 * behind. Waits for another holder. Locking a second path in the same
 * directory from the same process shares the first lock (counted), so a
 * program may lock a TODO file and its fixed file in either order. Returns
 * a handle for et_file_unlock, or -1 with errno set.
 */
int et_file_lock(const char *path);
void et_file_unlock(int fd);

#endif
