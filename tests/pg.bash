# A throw-away PostgreSQL server for tests (load after helper): Debian's
# server binaries, a temporary directory, a Unix socket only, run as an
# unprivileged user (`nobody` when the tests run as root).
#
#   pg_start           start it (in setup_file); skips when the binaries are absent
#   pg_stop            stop it and remove its directory (in teardown_file)
#   pg_newdb NAME      create database NAME; prints its connection URI
#   pg_sql URI SQL     run SQL, print rows as a|b|c
#
# The superuser is `errtools` (trust); the user `pwuser` (password `s3cret`)
# must give its password.

pg_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	return 1
}

# as the server's user
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	local bin
	bin=$(pg_bindir) || skip "PostgreSQL server binaries not installed (Debian package postgresql)"
	command -v psql >/dev/null 2>&1 || skip "psql not installed"
	PGDIR=$(mktemp -d /tmp/errtools-pg.XXXXXX)
	export PGDIR PGBIN=$bin
	[ "$(id -u)" = 0 ] && chown nobody:nogroup "$PGDIR"
	pg_as "$bin/initdb" -D "$PGDIR/data" -U errtools -A trust --no-sync -E UTF8 --locale=C.UTF-8 \
		>"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log"; return 1; }
	printf '%s\n' 'local all errtools trust' 'local all all scram-sha-256' > "$PGDIR/data/pg_hba.conf"
	pg_as "$bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
		-o "-k $PGDIR -c listen_addresses= -c fsync=off -c full_page_writes=off" start >/dev/null ||
		{ cat "$PGDIR/server.log"; return 1; }
	psql -X -q -h "$PGDIR" -U errtools -d postgres \
		-c "CREATE ROLE pwuser LOGIN PASSWORD 's3cret' CREATEDB" >/dev/null
}

pg_stop() {
	[ -n "${PGDIR:-}" ] || return 0
	pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$PGDIR"
}

pg_newdb() {
	psql -X -q -h "$PGDIR" -U errtools -d postgres -c "CREATE DATABASE $1 OWNER pwuser" >/dev/null &&
		echo "postgresql://errtools@/$1?host=$PGDIR"
}

pg_sql() {
	psql -X -q -A -t -F '|' -d "$1" -c "$2"
}
