#!/usr/bin/env bats
# The history store on both backends: every scenario runs on an SQLite file
# and on a PostgreSQL database of a server this file starts (tests/pg.bash),
# with the same commands and the same expected answers.

load helper
load pg
bats_require_minimum_version 1.5.0

setup_file() {
	if pg_bindir >/dev/null && command -v psql >/dev/null 2>&1; then
		pg_start
		export PGDIR PGBIN
	fi
}

teardown_file() {
	pg_stop
}

setup() {
	T=$(mktemp -d)
	export ERRTOOLS_NOW=2026-11-22T08:00:00Z
}

teardown() {
	rm -rf "$T"
}

# use BACKEND: S becomes a fresh store of that backend
use() {
	BACKEND=$1
	if [ "$1" = pg ]; then
		[ -n "${PGDIR:-}" ] || skip "PostgreSQL server binaries not installed (Debian package postgresql)"
		S=$(pg_newdb "t$BATS_TEST_NUMBER")
	else
		S="$T/store.db"
	fi
}

# q SQL: rows of a query on the store, as a|b|c
q() {
	if [ "$BACKEND" = pg ]; then pg_sql "$S" "$1"; else sqlite3 "$S" "$1"; fi
}

# one record per line: message, time
recs() {
	local m
	while [ $# -ge 2 ]; do
		printf '{"level":"error","type":"E","message":"%s","time":"%s"}\n' "$1" "$2"
		shift 2
	done
}

statuses() {
	recs "disk full" 2026-11-20T01:00:00Z "timeout after 3s" 2026-11-21T01:00:00Z > "$T/in.jsonl"
	run sh -c "errhash --db '$S' '$T/in.jsonl' | jq -r .status"
	assert_success
	assert_output "$(printf 'new\nnew')"
	run sh -c "errhash --db '$S' '$T/in.jsonl' | jq -r .status"
	assert_output "$(printf 'recurring\nrecurring')"
	fp=$(errhash "$T/in.jsonl" | jq -r 'select(.message=="disk full") | .fingerprint')
	ERRTOOLS_NOW=2026-11-20T12:00:00Z errtodo fix "${fp:0:8}" --todo "$T/TODO.md" --fixed "$T/F.md" --db "$S" -m x
	recs "disk full" 2026-11-21T05:00:00Z "timeout after 3s" 2026-11-19T01:00:00Z > "$T/in2.jsonl"
	run sh -c "errhash --all --db '$S' '$T/in2.jsonl' | jq -r .status"
	assert_output "$(printf 'regressed\nrecurring')"
	run q "SELECT count, runs, first_seen, last_seen, COALESCE(fixed_at, 'open'), regressed_at, fix_note, type, level FROM errors WHERE fingerprint='$fp'"
	assert_output "3|3|2026-11-20T01:00:00Z|2026-11-21T05:00:00Z|open|2026-11-21T05:00:00Z|x|E|error"
	run q "SELECT first_seen, last_seen FROM errors WHERE fingerprint<>'$fp'"
	assert_output "2026-11-19T01:00:00Z|2026-11-21T01:00:00Z"
	run q "SELECT count(*), sum(records), min(started) FROM runs"
	assert_output "3|6|2026-11-19T01:00:00Z"
	run q "SELECT day, count FROM daily WHERE fingerprint='$fp' ORDER BY day"
	assert_output "$(printf '2026-11-20|2\n2026-11-21|1')"
}

@test "sqlite: new, recurring, regressed; counts, first/last seen, runs, daily" {
	use sqlite
	statuses
}

@test "postgresql: new, recurring, regressed; counts, first/last seen, runs, daily" {
	use pg
	statuses
}


four_writers() {
	for i in $(seq 1 49); do
		printf '{"level":"error","type":"E%d","message":"failure number %d in module m%d","time":"2026-11-21T0%d:00:00Z"}\n' \
			"$i" "$i" "$i" $((i % 10))
	done > "$T/in.jsonl"
	errhash --db "$S" < /dev/null > /dev/null    # the schema exists before the race
	for w in 1 2 3 4; do
		errhash --db "$S" "$T/in.jsonl" > "$T/out$w" & pids="${pids:-} $!"
	done
	for p in $pids; do wait "$p"; done
	# every fingerprint was new to exactly one writer
	[ "$(cat "$T"/out[1-4] | jq -r 'select(.status=="new") | .fingerprint' | sort -u | wc -l)" -eq 49 ]
	[ "$(cat "$T"/out[1-4] | jq -r 'select(.status=="new")' | jq -s length)" -eq 49 ]
	fp=$(jq -r 'select(.type=="E7") | .fingerprint' "$T/out1")
	ERRTOOLS_NOW=2026-11-21T10:00:00Z errtodo fix "$fp" --todo "$T/TODO.md" --fixed "$T/F.md" --db "$S" -m "fixed E7"
	run sh -c "errhash --db '$S' '$T/in.jsonl' | jq -r 'select(.type==\"E7\") | .status'"
	assert_output regressed
	errstat --json --top 0 --db "$S" --until 2026-11-21 --days 1 > "$T/stat.json"
	run jq -r '"\(.summary.count) \(.summary.distinct) \(.summary.errhash_runs) \(.summary.regressed)"' "$T/stat.json"
	assert_output "245 49 5 1"   # the empty run was on 2026-11-22
	run jq -r --arg fp "$fp" '.top_errors[] | select(.fingerprint == $fp) | "\(.count) \(.status)"' "$T/stat.json"
	assert_output "5 regressed"
	run q "SELECT sum(count), sum(runs), count(*) FROM errors"
	assert_output "245|245|49"
}

@test "sqlite: 4 writers at once, a fix, one more run: 5 x 49 and the fixed error regressed" {
	use sqlite
	four_writers
}

@test "postgresql: 4 writers at once, a fix, one more run: 5 x 49 and the fixed error regressed" {
	use pg
	four_writers
}

# waits until a paused writer is inside its transaction
wait_writer() {
	for _ in $(seq 200); do
		if [ "$BACKEND" = pg ]; then
			[ "$(q "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" -gt 0 ] && return 0
		else
			sqlite3 "$S" "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null || return 0
		fi
		sleep 0.1
	done
	return 1
}

killed_writer() {
	recs "disk full" 2026-11-21T01:00:00Z > "$T/in.jsonl"
	errhash --db "$S" "$T/in.jsonl" > /dev/null
	ERRTOOLS_TEST_PAUSE_BEFORE_COMMIT=60 errhash --db "$S" "$T/in.jsonl" > /dev/null &
	pid=$!
	wait_writer
	kill -9 "$pid"
	wait "$pid" || true
	run q "SELECT count, runs FROM errors; SELECT count(*) FROM runs; SELECT sum(count) FROM daily"
	assert_output "$(printf '1|1\n1\n1')"
	errhash --db "$S" "$T/in.jsonl" > /dev/null
	run q "SELECT count, runs FROM errors"
	assert_output "2|2"
}

@test "sqlite: a writer killed inside its transaction leaves the store as it was" {
	use sqlite
	killed_writer
}

@test "postgresql: a writer killed inside its transaction leaves the store as it was" {
	use pg
	killed_writer
}

read_only() {
	recs "disk full" 2026-11-21T01:00:00Z > "$T/a.jsonl"
	recs "disk full" 2026-11-21T02:00:00Z "no route to host" 2026-11-21T02:00:00Z > "$T/b.jsonl"
	errhash --db "$S" "$T/a.jsonl" > /dev/null
	before=$(q "SELECT fingerprint, count, runs, last_seen FROM errors; SELECT count(*) FROM runs; SELECT * FROM daily")
	for _ in 1 2; do
		run sh -c "errhash --db '$S' --read-only '$T/b.jsonl' | jq -r .status"
		assert_success
		assert_output "$(printf 'recurring\nnew')"
		run sh -c "errhash --stream --db '$S' --read-only '$T/b.jsonl' | jq -r .status"
		assert_output "$(printf 'recurring\nnew')"
	done
	[ "$(q "SELECT fingerprint, count, runs, last_seen FROM errors; SELECT count(*) FROM runs; SELECT * FROM daily")" = "$before" ]
	# the documented gate: fails on the new error, again and again
	run sh -c "errhash --db '$S' --read-only '$T/b.jsonl' | jq -e 'select(.status==\"new\")' > /dev/null"
	assert_success
}

@test "sqlite: --read-only gives statuses and records nothing" {
	use sqlite
	read_only
	# a store that does not exist is empty, and stays absent
	run sh -c "errhash --db '$T/none.db' --read-only '$T/b.jsonl' | jq -r .status"
	assert_output "$(printf 'new\nnew')"
	[ ! -e "$T/none.db" ]
}

@test "postgresql: --read-only gives statuses and records nothing" {
	use pg
	read_only
}

prune() {
	recs "old one" 2001-01-01T00:00:00Z "new one" 2026-11-21T00:00:00Z > "$T/in.jsonl"
	errhash --db "$S" "$T/in.jsonl" > /dev/null
	run errhash --db "$S" --prune 30
	assert_success
	assert_output ""
	run q "SELECT message FROM errors; SELECT count(*) FROM daily"
	assert_output "$(printf 'new one\n1')"
}

@test "sqlite: --prune" {
	use sqlite
	prune
}

@test "postgresql: --prune" {
	use pg
	prune
}

# a history over three days, with a fix and categories learnt on the way
history() {
	printf '%s\n' \
		'{"level":"error","type":"KeyError","message":"user_id","file":"app/models.py","line":42,"time":"2026-11-19T10:00:00Z"}' \
		'{"level":"error","type":"MemoryError","message":"out of memory","time":"2026-11-19T11:00:00Z","category":"out_of_memory","severity":"critical"}' \
		> "$T/d1.jsonl"
	printf '%s\n' \
		'{"level":"error","type":"KeyError","message":"user_id","file":"app/models.py","line":42,"time":"2026-11-20T10:00:00Z","category":"key_error","severity":"high"}' \
		'{"level":"warning","type":"W","message":"deprecated call","time":"2026-11-20T12:00:00Z"}' \
		> "$T/d2.jsonl"
	errhash --db "$S" "$T/d1.jsonl" > "$T/h1.jsonl"
	errhash --db "$S" "$T/d2.jsonl" > /dev/null
	fp=$(jq -r 'select(.type=="MemoryError") | .fingerprint' "$T/h1.jsonl")
	ERRTOOLS_NOW=2026-11-20T15:00:00Z errtodo fix "$fp" --todo "$T/TODO.md" --fixed "$T/F.md" --db "$S" -m oom > /dev/null
	sed 's/2026-11-19/2026-11-21/' "$T/d1.jsonl" | errhash --db "$S" > /dev/null
	errstat --json --db "$S" --until 2026-11-21 --days 3 | jq -S 'del(.summary.store)'
}

@test "errstat --db: the same report from both backends" {
	[ -n "${PGDIR:-}" ] || skip "PostgreSQL server binaries not installed (Debian package postgresql)"
	use sqlite
	history > "$T/sqlite.json"
	run jq -r '"\(.summary.count) \(.summary.distinct) \(.summary.recent // .summary.new) \(.summary.regressed) \(.summary.open) \(.summary.errhash_runs)"' "$T/sqlite.json"
	assert_output "6 3 3 1 3 3"
	run jq -r '[.by_category[] | "\(.category):\(.count)"] | join(" ")' "$T/sqlite.json"
	assert_output "key_error:3 out_of_memory:2 null:1"
	use pg
	history > "$T/pg.json"
	run diff "$T/sqlite.json" "$T/pg.json"
	assert_success
	# the gate on the store's categories
	run errstat --db "$S" --until 2026-11-21 --days 1 --fail-if 'severity=critical>0'
	assert_failure 1
}

views() {
	history > /dev/null
	run q "SELECT category, sum(occurrences) FROM occurrences_by_category GROUP BY category ORDER BY category"
	assert_output "$(printf 'key_error|3\nout_of_memory|2\nuncategorized|1')"
	run q "SELECT count(*), sum(occurrences) FROM occurrences_by_fingerprint"
	assert_output "6|6"
	run q "SELECT state, errors FROM error_states ORDER BY state"
	assert_output "$(printf 'open|2\nregressed|1')"
}

@test "sqlite: the views for dashboards" {
	use sqlite
	views
}

@test "postgresql: the views for dashboards" {
	use pg
	views
}

@test "postgresql: unreachable server, wrong password, newer schema: one line, exit 2, nothing written" {
	[ -n "${PGDIR:-}" ] || skip "PostgreSQL server binaries not installed (Debian package postgresql)"
	recs "disk full" 2026-11-21T01:00:00Z > "$T/in.jsonl"
	run --separate-stderr errhash --db postgresql://127.0.0.1:1/errors "$T/in.jsonl"
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "errhash: postgresql://127.0.0.1:1/errors: connection refused" ]
	use pg
	uri="postgresql://pwuser:wrong-pw@/t$BATS_TEST_NUMBER?host=$PGDIR"
	run --separate-stderr errhash --db "$uri" "$T/in.jsonl"
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "errhash: postgresql://pwuser@/t$BATS_TEST_NUMBER?host=$PGDIR: password authentication failed for user \"pwuser\"" ]
	run --separate-stderr errstat --db "host=$PGDIR dbname=t$BATS_TEST_NUMBER user=pwuser password='wrong pw'"
	assert_failure 2
	[ "$stderr" = "errstat: host=$PGDIR dbname=t$BATS_TEST_NUMBER user=pwuser: password authentication failed for user \"pwuser\"" ]
	# the right password works, and a key=value string names the same store
	errhash --db "postgresql://pwuser:s3cret@/t$BATS_TEST_NUMBER?host=$PGDIR" "$T/in.jsonl" > /dev/null
	run errhash --db "host=$PGDIR dbname=t$BATS_TEST_NUMBER user=pwuser password=s3cret" --read-only "$T/in.jsonl"
	assert_success
	[ "$(echo "$output" | jq -r .status)" = recurring ]
	q "UPDATE errtools_schema SET version = 99"
	run --separate-stderr errhash --db "$S" "$T/in.jsonl"
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "errhash: $S: store version 99 is newer than this program knows (2)" ]
	[ "$(q "SELECT count FROM errors")" = 1 ]
	run errstat --db "$S"
	assert_failure 2
	run errtodo fix 0123abcd --todo "$T/TODO.md" --db "$S"
	assert_failure 2
}

@test "sqlite: a newer schema is refused; a version 1 store is migrated" {
	use sqlite
	recs "disk full" 2026-11-21T01:00:00Z > "$T/in.jsonl"
	errhash --db "$S" "$T/in.jsonl" > /dev/null
	sqlite3 "$S" "PRAGMA user_version = 99"
	run --separate-stderr errhash --db "$S" "$T/in.jsonl"
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "errhash: $S: store version 99 is newer than this program knows (2)" ]
	[ "$(q "SELECT count FROM errors")" = 1 ]
	# version 1 had no views
	sqlite3 "$S" "PRAGMA user_version = 1; DROP VIEW occurrences_by_category; DROP VIEW occurrences_by_fingerprint; DROP VIEW error_states"
	errstat --db "$S" --until 2026-11-21 > /dev/null
	[ "$(q "PRAGMA user_version")" = 1 ]
	errhash --db "$S" "$T/in.jsonl" > /dev/null
	[ "$(q "PRAGMA user_version")" = 2 ]
	[ "$(q "SELECT sum(occurrences) FROM occurrences_by_category")" = 2 ]
}

@test "the store's name is shown without its password" {
	run --separate-stderr errhash --db 'postgresql://me:hunter2@127.0.0.1:1/db?sslmode=disable&password=hunter2&connect_timeout=3' /dev/null
	assert_failure 2
	[ "$stderr" = "errhash: postgresql://me@127.0.0.1:1/db?sslmode=disable&connect_timeout=3: connection refused" ]
	run --separate-stderr errhash --db "host=127.0.0.1 port=1 password='hun ter2' dbname=x" /dev/null
	assert_failure 2
	[ "$stderr" = "errhash: host=127.0.0.1 port=1 dbname=x: connection refused" ]
}
