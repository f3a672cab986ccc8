#!/usr/bin/env bats
# errstat: checks that can fail. A misspelt field, name or value in a CI gate
# is an error (exit 2) instead of a gate that never fails; "new" has one
# meaning (the store's status); -q gives the exit status alone.

load helper

F="$FIXTURES/errstat"

setup() {
	TMP=$BATS_TEST_TMPDIR
}

@test "--fail-if: a misspelt field is exit 2 naming the known fields" {
	refused 'serverity=high>0' "$F/day2.jsonl" "errstat: --fail-if: unknown field 'serverity' (did you mean 'severity'?)"
	assert_output --partial "level, type, message, file"
	run errstat -q --fail-if 'categroy=key_error>0 || count>0' "$F/day2.jsonl"
	assert_failure 2
	assert_output --partial "did you mean 'category'?"
}

@test "--fail-if: a value outside level, severity or status is exit 2" {
	refused 'severity=High>0' "$F/day2.jsonl" "'High' is not a severity (did you mean 'high'?): severity is one of critical, high, medium, low"
	refused 'level=err>0' "$F/day2.jsonl" "level is one of fatal, error, warning"
	refused 'status=neww>0' "$F/day2.jsonl" "status is one of new, recurring, regressed"
	# the right spelling works, and an open field takes any value
	run errstat -q --fail-if 'severity=high>0' "$F/day2.jsonl"
	assert_failure 1
	run errstat -q --fail-if 'category=no_such_category>0' "$F/day2.jsonl"
	assert_success
}

@test "--fail-if: an unknown name is exit 2 with the names and a suggestion" {
	refused 'cout>100' "$F/day1.jsonl" "unknown name 'cout' (did you mean 'count'?)"
	assert_output --partial "records, count, distinct"
	refused 'zzz>0' "$F/day1.jsonl" "unknown name 'zzz': a number of the report"
}

@test "--fail-if: a field that no record carries cannot hold, so it is exit 2" {
	# a field outside the schema is good when the records carry it
	jq -c '. + {host: "web1"}' "$F/day1.jsonl" > "$TMP/hosts.jsonl"
	run errstat -q --fail-if 'host=web1>0' "$TMP/hosts.jsonl"
	assert_failure 1
	run errstat -q --fail-if 'host=web1>0' "$F/day1.jsonl"
	assert_failure 2
	assert_output --partial "unknown field 'host': no record carries it"
	# a documented field that the records lack: the program that adds it is named
	jq -c 'del(.severity, .category)' "$F/day1.jsonl" > "$TMP/nocat.jsonl"
	run errstat -q --fail-if 'severity=critical>0' "$TMP/nocat.jsonl"
	assert_failure 2
	assert_output --partial "no record has the field 'severity' (errcat writes it)"
	# no records at all (a clean build): nothing to check, the gate passes
	run errstat -q --fail-if 'severity=critical>0' /dev/null
	assert_success
}

@test "--by: a misspelt or absent field is exit 2; fields the records carry are fine" {
	run errstat --by categroy "$F/day1.jsonl"
	assert_failure 2
	assert_output --partial "errstat: --by: unknown field 'categroy' (did you mean 'category'?)"
	run errstat --by category,serverity "$F/day1.jsonl"
	assert_failure 2
	run errstat --by nosuchfield "$F/day1.jsonl"
	assert_failure 2
	assert_output --partial "errstat: --by: unknown field 'nosuchfield': no record carries it"
	jq -c '. + {host: "web1"}' "$F/day1.jsonl" > "$TMP/hosts.jsonl"
	run errstat --csv --by host "$TMP/hosts.jsonl"
	assert_success
	assert_line --partial "web1,"
	run errstat --csv --by category,day "$F/day1.jsonl"
	assert_success
}

@test "the field names errstat knows are the fields docs/schema.md documents" {
	want=$(grep -oE '^\| `[a-z_]+`' "$ROOT/docs/schema.md" | tr -d '|` ' | awk '!seen[$0]++')
	run errstat --by categroy /dev/null
	assert_failure 2
	got=$(echo "$output" | sed -n "s/.*the record's fields are \(.*\), day, hour, or one.*/\1/p" | tr -d ' ' | tr , '\n')
	[ -n "$got" ]
	diff <(echo "$want") <(echo "$got")
}

@test "-q: the exit status alone, no report; problems still on stderr" {
	run errstat -q "$F/day1.jsonl"
	assert_success
	assert_output ""
	run errstat --quiet --fail-if 'count>0' "$F/day1.jsonl"
	assert_failure 1
	assert_output ""
	run errstat -q --json --fail-if 'count>1000000' "$F/day1.jsonl"
	assert_success
	assert_output ""
	printf 'not json\n' > "$TMP/bad.jsonl"
	run errstat -q "$TMP/bad.jsonl"
	assert_failure 2
	assert_output --partial "not a JSON object"
	run errstat -q -o "$TMP/r.txt" "$F/day1.jsonl"
	assert_failure 2
	[ ! -e "$TMP/r.txt" ]
}

# ---- one meaning of new ----

# real gcc diagnostics of a file with $1 errors
gcc_errors() {
	: > "$TMP/m.c"
	for i in $(seq 1 "$1"); do echo "int f$i(void) { return undeclared_$i; }" >> "$TMP/m.c"; done
	(cd "$TMP" && gcc -c m.c -o m.o 2>&1) || true
}

@test "new is the store's status: an error errhash --db has never seen" {
	need_cmd gcc
	gcc_errors 1 | errcap | errhash --db "$TMP/s.db" > "$TMP/day1.jsonl"
	run jq -r .status "$TMP/day1.jsonl"
	assert_output "new"
	run errstat -q --fail-if 'new>0' "$TMP/day1.jsonl"
	assert_failure 1
	# the same error again: recurring, not new
	gcc_errors 1 | errcap | errhash --db "$TMP/s.db" > "$TMP/day2.jsonl"
	run errstat -q --fail-if 'new>0' "$TMP/day2.jsonl"
	assert_success
	run jq -r .status "$TMP/day2.jsonl"
	assert_output "recurring"
	# a second error: new is 1, the number of fingerprints with status new
	gcc_errors 2 | errcap | errhash --db "$TMP/s.db" > "$TMP/day3.jsonl"
	run bash -c "errstat --json '$TMP/day3.jsonl' | jq .summary.new"
	assert_output 1
	run errstat -q --fail-if 'new==1 && status=new==1' "$TMP/day3.jsonl"
	assert_failure 1
}

@test "new needs records with a status; appeared and recent are the other two questions" {
	refused 'new>0' "$F/day1.jsonl" "'new' needs records with a status, from errhash --db"
	assert_output --partial "with --compare, 'appeared' counts fingerprints absent from OLD"
	# --compare: appeared, in the summary and in the changes table
	run bash -c "errstat --json --compare '$F/day1.jsonl' '$F/day2.jsonl' | jq -c '[.summary.appeared, ([.changes[] | select(.change == \"appeared\")] | length), .summary.new]'"
	want=$(jq -rs --slurpfile o "$F/day1.jsonl" '[.[].fingerprint] - [$o[].fingerprint] | unique | length' "$F/day2.jsonl")
	assert_output "[$want,$want,null]"
	run errstat -q --compare "$F/day1.jsonl" --fail-if 'appeared>0' "$F/day2.jsonl"
	assert_failure 1
	# no records: nothing is new
	run errstat -q --fail-if 'new>0' /dev/null
	assert_success
}
