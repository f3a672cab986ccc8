/* fixdb.c: errtodo's writes to the history store (et_store). */
#include "fixdb.h"
#include "et_store.h"

int fixdb_mark(const char *path, const char *fp, const char *when, const char *how)
{
	et_store *st = et_store_open(path, ET_STORE_EXISTING);
	int rc;
	if (!st)
		return -1;
	rc = et_store_mark_fixed(st, fp, when, how);
	et_store_close(st);
	return rc;
}

int fixdb_resolve(const char *path, const char *prefix, char out[17])
{
	et_store *st = et_store_open(path, ET_STORE_EXISTING);
	int rc;
	if (!st)
		return -1;
	rc = et_store_resolve(st, prefix, out);
	et_store_close(st);
	return rc;
}
