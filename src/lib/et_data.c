/* et_data: the data directory, found from the program's own location. */
#include "et_data.h"
#include "et_buf.h"
#include "et_cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ET_PKGDATADIR
#define ET_PKGDATADIR "/usr/local/share/errtools"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Sets b to DIR/REL/WHAT and says whether that is a directory. */
static int try_dir(et_buf *b, const char *dir, const char *rel, const char *what)
{
	et_buf_reset(b);
	et_buf_addf(b, "%s/%s%s", dir, rel, what);
	return is_dir(b->buf);
}

char *et_data_dir(const char *what)
{
	char exe[PATH_MAX];
	et_buf b = ET_BUF_INIT;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) && slash != exe) {
			*slash = '\0';          /* exe is now the program's directory */
			/* a source tree: bin/, build/X/bin/ */
			char dir[PATH_MAX];
			snprintf(dir, sizeof dir, "%s", exe);
			for (int up = 1; up <= 3; up++) {
				char *s = strrchr(dir, '/');
				struct stat st;
				if (!s || s == dir)
					break;
				*s = '\0';
				et_buf_reset(&b);
				et_buf_addf(&b, "%s/src/lib/et_data.c", dir);
				if (stat(b.buf, &st) != 0)
					continue;
				if (try_dir(&b, dir, "share/errtools/", what) || try_dir(&b, dir, "", what))
					return et_buf_detach(&b, NULL);
				break;
			}
			/* installed: PREFIX/bin/PROG beside PREFIX/share/errtools */
			if (try_dir(&b, exe, "../share/errtools/", what))
				return et_buf_detach(&b, NULL);
		}
	}
	et_buf_reset(&b);
	et_buf_addf(&b, "%s/%s", ET_PKGDATADIR, what);
	return et_buf_detach(&b, NULL);
}
