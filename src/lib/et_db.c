/* et_db: the backend-neutral half (names, messages, dispatch). */
#include "et_db_impl.h"
#include "et_buf.h"
#include "et_cli.h"
#include "et_ctype.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct et_stmt {
	et_db *db;
	void *impl;
};

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* s starts with a conninfo keyword and '=' ("host=", "dbname = ") */
static int is_conninfo(const char *s)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!et_isalpha((unsigned char)*p))
		return 0;
	while (et_isalnum((unsigned char)*p) || *p == '_')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '=';
}

int et_db_kind_of(const char *name)
{
	if (starts(name, "postgresql://") || starts(name, "postgres://") || is_conninfo(name))
		return ET_DB_PG;
	return ET_DB_SQLITE;
}

/* the URI without the password of its user info and without a password= parameter */
static void display_uri(et_buf *b, const char *s)
{
	const char *auth = strstr(s, "://") + 3, *end = auth + strcspn(auth, "/?#"), *at = NULL;
	const char *q;
	int kept = 0;
	for (const char *p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	et_buf_add(b, s, (size_t)(auth - s));
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		et_buf_add(b, auth, (size_t)((colon ? colon : at) - auth));
		auth = at;
	}
	q = strchr(end, '?');
	if (!q) {
		et_buf_addstr(b, auth);
		return;
	}
	et_buf_add(b, auth, (size_t)(q - auth));
	for (const char *p = q + 1; *p && *p != '#';) {
		size_t n = strcspn(p, "&#");
		if (n && strncmp(p, "password=", 9)) {
			et_buf_addch(b, kept++ ? '&' : '?');
			et_buf_add(b, p, n);
		}
		p += n;
		if (*p == '&')
			p++;
	}
	if (strchr(q, '#'))
		et_buf_addstr(b, strchr(q, '#'));
}

/* key=value pairs but password=... */
static void display_conninfo(et_buf *b, const char *s)
{
	const char *p = s;
	while (*p) {
		const char *k, *v, *e;
		size_t klen;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		k = p;
		while (*p && *p != '=' && *p != ' ' && *p != '\t')
			p++;
		klen = (size_t)(p - k);
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '=')
			p++;
		while (*p == ' ' || *p == '\t')
			p++;
		v = p;
		if (*p == '\'') {
			for (p++; *p && *p != '\''; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != '\n')
				p++;
		}
		e = p;
		if (klen == 8 && !strncmp(k, "password", 8))
			continue;
		if (b->len)
			et_buf_addch(b, ' ');
		et_buf_add(b, k, klen);
		et_buf_addch(b, '=');
		et_buf_add(b, v, (size_t)(e - v));
	}
}

char *et_db_display(const char *name)
{
	et_buf b = ET_BUF_INIT;
	if (starts(name, "postgresql://") || starts(name, "postgres://"))
		display_uri(&b, name);
	else if (is_conninfo(name))
		display_conninfo(&b, name);
	else
		et_buf_addstr(&b, name);
	return et_buf_detach(&b, NULL);
}

void et_db_set_error(et_db *db, int retryable, const char *msg)
{
	size_t n = 0;
	for (const char *p = msg ? msg : "unknown error"; *p && n + 1 < sizeof db->err; p++) {
		char c = *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p;
		if (c == ' ' && (n == 0 || db->err[n - 1] == ' '))
			continue;
		db->err[n++] = c;
	}
	while (n && db->err[n - 1] == ' ')
		n--;
	db->err[n] = '\0';
	db->retryable = retryable;
}

et_db *et_db_open(const char *name, int flags, char *err, size_t errsz)
{
	int kind = et_db_kind_of(name);
	const et_db_ops *ops = kind == ET_DB_PG ? &et_db_pg_ops : &et_db_sqlite_ops;
	void *conn = ops->open(name, flags, err, errsz);
	et_db *db;
	if (!conn)
		return NULL;
	db = et_xcalloc(1, sizeof *db);
	db->ops = ops;
	db->kind = kind;
	db->flags = flags;
	db->conn = conn;
	db->name = et_db_display(name);
	return db;
}

void et_db_close(et_db *db)
{
	if (!db)
		return;
	db->ops->close(db->conn);
	free(db->name);
	free(db);
}

int et_db_kind(const et_db *db) { return db->kind; }
const char *et_db_name(const et_db *db) { return db->name; }
const char *et_db_error(const et_db *db) { return db->err[0] ? db->err : "unknown error"; }
int et_db_retryable(const et_db *db) { return db->retryable; }

int et_db_exec(et_db *db, const char *sql) { return db->ops->exec(db, sql); }
int et_db_begin(et_db *db, int write) { return db->ops->begin(db, write); }
int et_db_commit(et_db *db) { return db->ops->exec(db, "COMMIT"); }

void et_db_rollback(et_db *db)
{
	char keep[sizeof db->err];
	int r = db->retryable;
	memcpy(keep, db->err, sizeof keep);
	db->ops->exec(db, "ROLLBACK");
	memcpy(db->err, keep, sizeof keep);
	db->retryable = r;
}

int et_db_has_table(et_db *db, const char *name) { return db->ops->has_table(db, name); }

int et_db_temp_table(et_db *db, const char *name, const char *cols)
{
	return db->ops->temp_table(db, name, cols);
}

int et_db_load_begin(et_db *db, const char *table, int ncols)
{
	return db->ops->load_begin(db, table, ncols);
}

int et_db_load_row(et_db *db, const char *const *vals, const size_t *lens)
{
	return db->ops->load_row(db, vals, lens);
}

int et_db_load_end(et_db *db) { return db->ops->load_end(db); }

et_stmt *et_db_prepare(et_db *db, const char *sql)
{
	void *impl = db->ops->prepare(db, sql);
	et_stmt *st;
	if (!impl)
		return NULL;
	st = et_xmalloc(sizeof *st);
	st->db = db;
	st->impl = impl;
	return st;
}

void et_stmt_free(et_stmt *st)
{
	if (!st)
		return;
	st->db->ops->free(st->impl);
	free(st);
}

void et_stmt_text(et_stmt *st, int i, const char *s, long len)
{
	if (!s)
		st->db->ops->null(st->impl, i);
	else
		st->db->ops->text(st->impl, i, s, len < 0 ? strlen(s) : (size_t)len);
}

void et_stmt_int(et_stmt *st, int i, long long v) { st->db->ops->integer(st->impl, i, v); }
void et_stmt_null(et_stmt *st, int i) { st->db->ops->null(st->impl, i); }
int et_stmt_step(et_stmt *st) { return st->db->ops->step(st->db, st->impl); }
long long et_stmt_changes(et_stmt *st) { return st->db->ops->changes(st->db, st->impl); }
void et_stmt_reset(et_stmt *st) { st->db->ops->reset(st->impl); }
int et_stmt_isnull(et_stmt *st, int col) { return st->db->ops->isnull(st->impl, col); }
const char *et_stmt_col_text(et_stmt *st, int col) { return st->db->ops->col_text(st->impl, col); }
long long et_stmt_col_int(et_stmt *st, int col) { return st->db->ops->col_int(st->impl, col); }
double et_stmt_col_double(et_stmt *st, int col) { return st->db->ops->col_double(st->impl, col); }
