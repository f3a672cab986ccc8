/*
 * et_db_impl: what the two backends of et_db (et_db_sqlite.c, et_db_pg.c)
 * provide; only et_db.c calls them.
 */
#ifndef ET_DB_IMPL_H
#define ET_DB_IMPL_H

#include "et_db.h"

typedef struct {
	void *(*open)(const char *name, int flags, char *err, size_t errsz);
	void (*close)(void *conn);
	int (*exec)(et_db *db, const char *sql);
	int (*begin)(et_db *db, int write);
	int (*has_table)(et_db *db, const char *name);
	int (*temp_table)(et_db *db, const char *name, const char *cols);
	int (*load_begin)(et_db *db, const char *table, int ncols);
	int (*load_row)(et_db *db, const char *const *vals, const size_t *lens);
	int (*load_end)(et_db *db);
	void *(*prepare)(et_db *db, const char *sql);
	void (*free)(void *st);
	void (*text)(void *st, int i, const char *s, size_t len);
	void (*integer)(void *st, int i, long long v);
	void (*null)(void *st, int i);
	int (*step)(et_db *db, void *st);
	long long (*changes)(et_db *db, void *st);
	void (*reset)(void *st);
	int (*isnull)(void *st, int col);
	const char *(*col_text)(void *st, int col);
	long long (*col_int)(void *st, int col);
	double (*col_double)(void *st, int col);
} et_db_ops;

struct et_db {
	const et_db_ops *ops;
	int kind, flags;
	void *conn;
	char *name;             /* as messages show it */
	char err[512];
	int retryable;
	int loading;            /* columns of the bulk load under way */
	void *load;             /* the backend's state of it */
};

/* Sets the error message (one line: newlines become spaces, trailing ones dropped). */
void et_db_set_error(et_db *db, int retryable, const char *msg);

extern const et_db_ops et_db_sqlite_ops, et_db_pg_ops;

#endif
