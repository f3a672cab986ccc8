/*
 * et_db: one SQL connection, to an SQLite file or a PostgreSQL server, with
 * one statement interface for both. SQL is written once: placeholders are
 * ?1, ?2, ... on both backends; a text parameter is text and an integer
 * parameter an integer on both. Messages are one line and never show a
 * password.
 */
#ifndef ET_DB_H
#define ET_DB_H

#include <stddef.h>

typedef struct et_db et_db;
typedef struct et_stmt et_stmt;

enum { ET_DB_SQLITE, ET_DB_PG };

/* et_db_open flags */
#define ET_DB_READONLY 1        /* never write; an SQLite file is not created */

/*
 * The backend NAME means: ET_DB_PG for a libpq connection URI
 * (postgresql://..., postgres://...) or key=value string ("host=... dbname=..."),
 * else ET_DB_SQLITE (a file name).
 */
int et_db_kind_of(const char *name);

/* NAME as messages show it: a connection string without its password (malloc'd). */
char *et_db_display(const char *name);

/*
 * Opens NAME. Returns NULL with a one-line reason ("connection refused",
 * "password authentication failed for user \"x\"") in err.
 */
et_db *et_db_open(const char *name, int flags, char *err, size_t errsz);
void et_db_close(et_db *db);

int et_db_kind(const et_db *db);
/* The name as messages show it (et_db_display's). */
const char *et_db_name(const et_db *db);
/* The last error, one line. */
const char *et_db_error(const et_db *db);
/* Whether the last error is worth retrying the transaction for (serialization failure, deadlock). */
int et_db_retryable(const et_db *db);

/* Runs one or more statements without parameters. Returns 0, or -1 (et_db_error). */
int et_db_exec(et_db *db, const char *sql);

/*
 * Transactions. A write transaction excludes every other writer of the
 * same database until it ends (SQLite: BEGIN IMMEDIATE, waiting for the
 * lock; PostgreSQL: a transaction-wide advisory lock); readers go on.
 */
int et_db_begin(et_db *db, int write);
int et_db_commit(et_db *db);
void et_db_rollback(et_db *db);

/* Whether a table (or view) of that name exists. Returns 1, 0, or -1 on error. */
int et_db_has_table(et_db *db, const char *name);

/*
 * A temporary table for this transaction (cols: "a TEXT, b BIGINT"), empty;
 * it is gone after the transaction on PostgreSQL, emptied on next use on SQLite.
 */
int et_db_temp_table(et_db *db, const char *name, const char *cols);

/*
 * Bulk loading into table: begin, then rows of ncols values (NULL is SQL
 * NULL; lens[i] or, when lens is NULL, strlen), then end. Fast on both
 * backends (PostgreSQL: COPY). Return 0, or -1 (et_db_error).
 */
int et_db_load_begin(et_db *db, const char *table, int ncols);
int et_db_load_row(et_db *db, const char *const *vals, const size_t *lens);
int et_db_load_end(et_db *db);

/* Statements: NULL on error (et_db_error). */
et_stmt *et_db_prepare(et_db *db, const char *sql);
void et_stmt_free(et_stmt *st);
/* Parameters, numbered from 1; len -1 means strlen. */
void et_stmt_text(et_stmt *st, int i, const char *s, long len);
void et_stmt_int(et_stmt *st, int i, long long v);
void et_stmt_null(et_stmt *st, int i);
/* Runs the statement or moves to its next row: 1 a row, 0 done, -1 error. */
int et_stmt_step(et_stmt *st);
/* Rows the last completed INSERT, UPDATE or DELETE changed. */
long long et_stmt_changes(et_stmt *st);
/* Ready to run again with new parameters (the old ones are cleared). */
void et_stmt_reset(et_stmt *st);
/* Columns of the current row, numbered from 0. */
int et_stmt_isnull(et_stmt *st, int col);
const char *et_stmt_col_text(et_stmt *st, int col);     /* NULL when null */
long long et_stmt_col_int(et_stmt *st, int col);
double et_stmt_col_double(et_stmt *st, int col);

#endif
