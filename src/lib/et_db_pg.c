/*
 * et_db over PostgreSQL (libpq): text parameters and results, COPY for bulk
 * loads, writers kept apart by a transaction-wide advisory lock.
 */
#include "et_db_impl.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXPARAMS 32
#define WRITER_LOCK "7305414937210591313"   /* pg_advisory_xact_lock key of the store's writers */
#define TEXTOID 25u
#define INT8OID 20u

typedef struct {
	char *sql;              /* with $N placeholders */
	int nparams;
	char *vals[MAXPARAMS];
	int lens[MAXPARAMS];
	unsigned types[MAXPARAMS];
	PGresult *res;
	int row, nrows;
	long long changes;
} pg_stmt;

static PGconn *conn(et_db *db) { return db->conn; }

/*
 * libpq's message, made one short line: the reason after "connection to
 * server ... failed: ", without "FATAL:  ", in lower case as other tools' reasons.
 */
static void shorten(const char *msg, char *out, size_t outsz)
{
	const char *p = msg ? msg : "", *f;
	size_t n;
	while ((f = strstr(p, "failed: ")) && f < p + strcspn(p, "\n"))
		p = f + 8;
	for (const char *const *pre = (const char *const[]){ "FATAL:  ", "ERROR:  ", NULL }; *pre; pre++)
		if (!strncmp(p, *pre, strlen(*pre)))
			p += strlen(*pre);
	n = strcspn(p, "\n");
	if (!n) {
		snprintf(out, outsz, "cannot connect");
		return;
	}
	snprintf(out, outsz, "%.*s", (int)n, p);
	if (et_isupper((unsigned char)out[0]) && et_islower((unsigned char)out[1]))
		out[0] = (char)(out[0] - 'A' + 'a');
}

static int fail_msg(et_db *db, const char *msg, const char *state)
{
	char s[400];
	shorten(msg, s, sizeof s);
	et_db_set_error(db, state && (!strcmp(state, "40001") || !strcmp(state, "40P01")), s);
	return -1;
}

static int fail_res(et_db *db, PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return fail_msg(db, m ? m : PQerrorMessage(conn(db)), st);
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void *pg_open(const char *name, int flags, char *err, size_t errsz)
{
	const char *keys[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
	const char *vals[] = { "10", et_prog, name, NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	PGresult *r;
	if (!c) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		shorten(PQerrorMessage(c), err, errsz);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	r = PQexec(c, flags & ET_DB_READONLY ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
					     : "SET client_min_messages = warning");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		shorten(PQerrorMessage(c), err, errsz);
		PQclear(r);
		PQfinish(c);
		return NULL;
	}
	PQclear(r);
	return c;
}

static void pg_close(void *c) { PQfinish(c); }

static int pg_exec(et_db *db, const char *sql)
{
	PGresult *r = PQexec(conn(db), sql);
	int st = PQresultStatus(r), rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = fail_res(db, r);
	PQclear(r);
	return rc;
}

static int pg_begin(et_db *db, int write)
{
	if (pg_exec(db, "BEGIN"))
		return -1;
	if (write && pg_exec(db, "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")")) {
		pg_exec(db, "ROLLBACK");
		return -1;
	}
	return 0;
}

static int pg_has_table(et_db *db, const char *name)
{
	const char *v[1] = { name };
	PGresult *r = PQexecParams(conn(db), "SELECT to_regclass($1) IS NOT NULL", 1, NULL, v, NULL, NULL, 0);
	int rc;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		rc = fail_res(db, r);
	else
		rc = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return rc;
}

static int pg_temp_table(et_db *db, const char *name, const char *cols)
{
	et_buf b = ET_BUF_INIT;
	int rc;
	et_buf_addf(&b, "CREATE TEMP TABLE %s (%s) ON COMMIT DROP", name, cols);
	rc = pg_exec(db, b.buf);
	et_buf_release(&b);
	return rc;
}

static int pg_load_begin(et_db *db, const char *table, int ncols)
{
	et_buf sql = ET_BUF_INIT;
	PGresult *r;
	et_buf_addf(&sql, "COPY %s FROM STDIN", table);
	r = PQexec(conn(db), sql.buf);
	et_buf_release(&sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		fail_res(db, r);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	db->load = et_xcalloc(1, sizeof(et_buf));
	et_buf_init(db->load, 1 << 16);
	db->loading = ncols;
	return 0;
}

static int flush_copy(et_db *db)
{
	et_buf *b = db->load;
	if (b->len && PQputCopyData(conn(db), b->buf, (int)b->len) != 1)
		return fail_msg(db, PQerrorMessage(conn(db)), NULL);
	et_buf_reset(b);
	return 0;
}

static int pg_load_row(et_db *db, const char *const *vals, const size_t *lens)
{
	et_buf *b = db->load;
	for (int i = 0; i < db->loading; i++) {
		const char *v = vals[i];
		size_t n;
		if (i)
			et_buf_addch(b, '\t');
		if (!v) {
			et_buf_add(b, "\\N", 2);
			continue;
		}
		n = lens ? lens[i] : strlen(v);
		for (size_t k = 0; k < n; k++) {
			unsigned char c = (unsigned char)v[k];
			switch (c) {
			case '\\': et_buf_add(b, "\\\\", 2); break;
			case '\t': et_buf_add(b, "\\t", 2); break;
			case '\n': et_buf_add(b, "\\n", 2); break;
			case '\r': et_buf_add(b, "\\r", 2); break;
			default: et_buf_addch(b, c); break;
			}
		}
	}
	et_buf_addch(b, '\n');
	return b->len >= (1 << 16) ? flush_copy(db) : 0;
}

static int pg_load_end(et_db *db)
{
	PGresult *r;
	int rc = flush_copy(db);
	if (PQputCopyEnd(conn(db), rc ? "aborted" : NULL) != 1 && !rc)
		rc = fail_msg(db, PQerrorMessage(conn(db)), NULL);
	while ((r = PQgetResult(conn(db)))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc)
			rc = fail_res(db, r);
		PQclear(r);
	}
	et_buf_release(db->load);
	free(db->load);
	db->load = NULL;
	db->loading = 0;
	return rc;
}

/* ?N placeholders to $N; nothing else changes (our SQL has no '?' in literals) */
static void *pg_prepare(et_db *db, const char *sql)
{
	pg_stmt *s = et_xcalloc(1, sizeof *s);
	et_buf b = ET_BUF_INIT;
	(void)db;
	for (const char *p = sql; *p; p++) {
		if (*p == '?' && et_isdigit((unsigned char)p[1])) {
			int n = 0;
			et_buf_addch(&b, '$');
			while (et_isdigit((unsigned char)p[1])) {
				n = n * 10 + (p[1] - '0');
				et_buf_addch(&b, *++p);
			}
			if (n > s->nparams)
				s->nparams = n;
		} else {
			et_buf_addch(&b, *p);
		}
	}
	if (s->nparams > MAXPARAMS)
		et_die("internal error: more than %d parameters", MAXPARAMS);
	s->sql = et_buf_detach(&b, NULL);
	return s;
}

static void pg_reset(void *st)
{
	pg_stmt *s = st;
	PQclear(s->res);
	s->res = NULL;
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->types[i] = 0;
	}
}

static void pg_free(void *st)
{
	pg_stmt *s = st;
	pg_reset(s);
	free(s->sql);
	free(s);
}

static void set_param(pg_stmt *s, int i, char *v, unsigned type)
{
	if (i < 1 || i > s->nparams) {
		free(v);
		return;
	}
	free(s->vals[i - 1]);
	s->vals[i - 1] = v;
	s->lens[i - 1] = v ? (int)strlen(v) : 0;
	s->types[i - 1] = type;
}

static void pg_text(void *st, int i, const char *v, size_t len)
{
	/* text parameters end at a NUL: the records are valid UTF-8 JSON, without one */
	set_param(st, i, et_xstrndup(v, len), TEXTOID);
}

static void pg_integer(void *st, int i, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	set_param(st, i, et_xstrdup(buf), INT8OID);
}

static void pg_null(void *st, int i) { set_param(st, i, NULL, 0); }

static int pg_step(et_db *db, void *st)
{
	pg_stmt *s = st;
	if (!s->res) {
		int status;
		s->res = PQexecParams(conn(db), s->sql, s->nparams, s->types, (const char *const *)s->vals,
				      s->lens, NULL, 0);
		status = PQresultStatus(s->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			fail_res(db, s->res);
			PQclear(s->res);
			s->res = NULL;
			return -1;
		}
		s->nrows = status == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
		s->changes = atoll(PQcmdTuples(s->res));
		s->row = -1;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		return 1;
	}
	return 0;
}

static long long pg_changes(et_db *db, void *st)
{
	(void)db;
	return ((pg_stmt *)st)->changes;
}

static int pg_isnull(void *st, int col)
{
	pg_stmt *s = st;
	return !s->res || s->row < 0 || PQgetisnull(s->res, s->row, col);
}

static const char *pg_col_text(void *st, int col)
{
	pg_stmt *s = st;
	return pg_isnull(s, col) ? NULL : PQgetvalue(s->res, s->row, col);
}

static long long pg_col_int(void *st, int col)
{
	const char *v = pg_col_text(st, col);
	if (!v)
		return 0;
	if (!strcmp(v, "t"))
		return 1;
	return (long long)strtod(v, NULL);
}

static double pg_col_double(void *st, int col)
{
	const char *v = pg_col_text(st, col);
	if (!v)
		return 0;
	if (!strcmp(v, "t"))
		return 1;
	return strtod(v, NULL);
}

const et_db_ops et_db_pg_ops = {
	pg_open, pg_close, pg_exec, pg_begin, pg_has_table, pg_temp_table, pg_load_begin, pg_load_row,
	pg_load_end, pg_prepare, pg_free, pg_text, pg_integer, pg_null, pg_step, pg_changes, pg_reset,
	pg_isnull, pg_col_text, pg_col_int, pg_col_double,
};
