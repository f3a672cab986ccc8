/*
 * et_data: where errtools' data files are (pattern files, format files),
 * for the running program, wherever it was installed or built.
 */
#ifndef ET_DATA_H
#define ET_DATA_H

/*
 * The directory holding errtools' data of kind `what` ("patterns",
 * "formats"), the first of these that is a directory:
 *   1. when the program runs from a source tree (bin/PROG,
 *      build/asan/bin/PROG: the nearest directory up to three levels above
 *      the program's that holds src/lib/et_data.c), the tree's
 *      share/errtools/WHAT, then its WHAT;
 *   2. DIR/../share/errtools/WHAT, DIR being the directory of the program
 *      (links resolved): where `make install` puts it for any PREFIX or
 *      DESTDIR, and after the tree is moved;
 *   3. the directory fixed at build time, PKGDATADIR/WHAT.
 * Returns that path (to free); when none is a directory, the last one.
 */
char *et_data_dir(const char *what);

#endif
