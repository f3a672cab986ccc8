#!/usr/bin/env bats
# The README's store recipes, run as written (paths changed): the store
# must learn categories and severities, so that its gates can fail.

load helper

setup() {
	T=$(mktemp -d)
}

teardown() {
	rm -rf "$T"
}

@test "the README's cron line feeds the store its categories: the critical gate fails" {
	line=$(grep -E '^30 2 \* \* \*  ' "$ROOT/README.md" | sed -E 's/^30 2 \* \* \*  //')
	[ -n "$line" ]
	# cron's \% is a plain %; the paths go to the test's directory
	cmd=$(printf '%s\n' "$line" | sed -e 's/\\%/%/g' -e "s#/srv/app#$T/app#g" \
		-e "s#/var/log/app#$T/log#g" -e "s#/var/lib/errtools#$T/lib#g")
	mkdir -p "$T/app" "$T/log" "$T/lib"
	printf '%s\n' 'Traceback (most recent call last):' '  File "/srv/app/worker.py", line 12, in <module>' \
		'    data = load()' 'MemoryError' > "$T/log/worker.log"
	run bash -c "$cmd"
	assert_success
	day=$(date -u +%F)
	[ -s "$T/lib/$day.jsonl" ] && [ -s "$T/lib/$day.md" ]
	[ "$(jq -r .category "$T/lib/$day.jsonl")" = out_of_memory ]
	run errstat --db "$T/lib/app.db" --fail-if 'severity=critical>0'
	assert_failure 1
	run errstat --db "$T/lib/app.db" --fail-if 'category=out_of_memory>0'
	assert_failure 1
	run errstat --db "$T/lib/app.db" --fail-if 'severity=low>0'
	assert_success
}

@test "a store fed before errcat learns the category when errcat's output comes by" {
	printf '%s\n' 'Traceback (most recent call last):' '  File "w.py", line 1, in <module>' 'MemoryError' > "$T/w.log"
	errcap "$T/w.log" | errhash --db "$T/s.db" > /dev/null || true
	run errstat --db "$T/s.db" --fail-if 'severity=critical>0'
	assert_success
	errcap "$T/w.log" | errcat | errhash --db "$T/s.db" > /dev/null || true
	run errstat --db "$T/s.db" --fail-if 'severity=critical>0'
	assert_failure 1
}

@test "--now and ERRTOOLS_NOW: one clock for every program" {
	printf '%s\n' 'x.c:1:1: error: boom' > "$T/b.log"
	a=$(ERRTOOLS_NOW=2026-11-21T08:00:00Z errcap "$T/b.log" | jq -r .time)
	b=$(errcap --now 2026-11-21T08:00:00Z "$T/b.log" | jq -r .time)
	[ "$a" = 2026-11-21T08:00:00Z ] && [ "$b" = "$a" ]
	errcap --now 2026-11-20T08:00:00Z "$T/b.log" | errcat --now 2026-11-20T08:00:00Z |
		errhash --now 2026-11-20T09:00:00Z --db "$T/s.db" > /dev/null || true
	run errstat --now 2026-11-20T12:00:00Z --db "$T/s.db" --days 1 --json
	assert_success
	[ "$(echo "$output" | jq -r '"\(.summary.until) \(.summary.count) \(.summary.errhash_runs)"')" = "2026-11-20 1 1" ]
	run env ERRTOOLS_NOW=2026-11-27T12:00:00Z errstat --db "$T/s.db" --days 1 --json
	[ "$(echo "$output" | jq -r '"\(.summary.until) \(.summary.count)"')" = "2026-11-27 0" ]
	for p in errcap errhash errcat errtodo errstat; do
		run "$p" --now yesterday /dev/null
		assert_failure 2
		assert_output --partial "$p: --now: invalid time 'yesterday'"
		run env ERRTOOLS_NOW=soon "$p" /dev/null
		assert_failure 2
		assert_output --partial "$p: ERRTOOLS_NOW: invalid time 'soon'"
	done
}

@test "history uses the records' time: a regression on the day it happened, the run on its records' day" {
	printf '%s\n' '{"level":"error","type":"E","message":"boom","time":"2026-11-20T10:00:00Z"}' > "$T/d1.jsonl"
	printf '%s\n' '{"level":"error","type":"E","message":"boom","time":"2026-11-22T23:50:00Z"}' > "$T/d3.jsonl"
	errhash --now 2026-11-21T02:30:00Z --db "$T/s.db" "$T/d1.jsonl" > "$T/h1.jsonl"
	fp=$(jq -r .fingerprint "$T/h1.jsonl")
	errtodo fix --now 2026-11-21T09:00:00Z "$fp" --todo "$T/TODO.md" --fixed "$T/F.md" --db "$T/s.db" -m x > /dev/null
	# the 02:30 job the next night reports on yesterday
	errhash --now 2026-11-23T02:30:00Z --db "$T/s.db" "$T/d3.jsonl" > /dev/null
	run errstat --now 2026-11-23T02:31:00Z --db "$T/s.db" --until 2026-11-22 --days 1 --json
	[ "$(echo "$output" | jq -r '"\(.summary.regressed) \(.summary.errhash_runs) \(.summary.count)"')" = "1 1 1" ]
	[ "$(sqlite3 "$T/s.db" "SELECT regressed_at FROM errors")" = 2026-11-22T23:50:00Z ]
	[ "$(sqlite3 "$T/s.db" "SELECT group_concat(started, ' ') FROM runs")" = "2026-11-20T10:00:00Z 2026-11-22T23:50:00Z" ]
}
