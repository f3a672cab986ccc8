/*
 * et_path: the name of a file that does not depend on where the project was
 * checked out or built. Fingerprints (errhash) use it for a file and a
 * frame's file, and errstat groups its top files by it, so that one file
 * built in two directories is one file.
 */
#ifndef ET_PATH_H
#define ET_PATH_H

#include "et_buf.h"

/*
 * Replaces out's contents with path's stable name (docs/fingerprint.md,
 * "File name"): its last component, '/' and '\' both separating
 * (`/home/runner/work/x/x/app/models.py` and `C:\work\app\models.py` give
 * `models.py`), without a bundler's `?query`, a temporary name (`tmp` and
 * 4 or more letters, digits or `_`) as `tmp*` with its extension. NULL
 * gives "".
 */
void et_path_stable(const char *path, et_buf *out);

#endif
