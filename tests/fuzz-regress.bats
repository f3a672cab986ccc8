#!/usr/bin/env bats
# Inputs the fuzzers found (tests/fuzz/regress/TARGET/), replayed through
# the programs themselves: each was a crash, undefined behaviour or a broken
# property once, and must stay fixed in the plain and the sanitizer builds.

bats_require_minimum_version 1.5.0
load helper

setup() {
	TMP=$BATS_TEST_TMPDIR
	REGRESS=$BATS_TEST_DIRNAME/fuzz/regress
}

@test "TODO.md the fuzzer found: errtodo -u reads each, and a second update changes nothing" {
	n=0
	for f in "$REGRESS"/fuzz_errtodo_todo/*; do
		cp "$f" "$TMP/TODO.md"
		run errtodo --now 2026-12-01T00:00:00Z -u "$TMP/TODO.md" /dev/null
		# a damaged block is refused with a message, never a crash
		[ "$status" -eq 0 ] || { [ "$status" -eq 2 ] && [[ $output == errtodo:* ]]; } ||
			{ echo "$f: exit $status: $output"; false; }
		cp "$TMP/TODO.md" "$TMP/once"
		run errtodo --now 2026-12-01T00:00:00Z -u "$TMP/TODO.md" /dev/null
		cmp "$TMP/once" "$TMP/TODO.md" || { echo "$f: changed on the second update"; false; }
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]
}

@test "a line with two fingerprint markers that repeats an item stays a note" {
	cp "$REGRESS/fuzz_errtodo_todo/duplicate-with-two-markers.md" "$TMP/TODO.md"
	errtodo --now 2026-12-01T00:00:00Z -u "$TMP/TODO.md" /dev/null
	# one item, and the repeated line is kept as the user's text, markers renamed
	run grep -c -- '<!-- fp:' "$TMP/TODO.md"
	assert_output 1
	run grep -F -- '- [ ] y <!-- duplicate of fp:fedcba98765ba987<!-- duplicate of fp:0123456789abcdef -->' "$TMP/TODO.md"
	assert_success
}

@test "an item without counts that is marked missing is marked once" {
	cp "$REGRESS/fuzz_errtodo_todo/duplicate-with-two-markers.md" "$TMP/TODO.md"
	for i in 1 2 3; do errtodo --now 2026-12-01T00:00:00Z -u "$TMP/TODO.md" /dev/null; done
	run grep -c 'not seen since' "$TMP/TODO.md"
	assert_output 1
}

@test "--fail-if expressions the fuzzer found: errstat refuses them with a message, no crash" {
	printf '{"level":"error","message":"x","fingerprint":"0123456789abcdef"}\n' >"$TMP/r.jsonl"
	n=0
	for f in "$REGRESS"/fuzz_errstat_failif/*; do
		run errstat --fail-if "$(tr -d '\n' <"$f")" "$TMP/r.jsonl"
		assert_failure 2
		assert_output --partial 'errstat:'
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
	# nesting and length have limits that are said
	refused "$(printf '(%.0s' $(seq 100))records>0" "$TMP/r.jsonl" 'nested more than 64 deep'
	refused "$(printf 'records>0 || %.0s' $(seq 1001))records>0" "$TMP/r.jsonl" 'more than 1000 && and ||'
	# within them an expression still works
	run errstat -q --fail-if "$(printf '(%.0s' $(seq 60))records>0$(printf ')%.0s' $(seq 60))" "$TMP/r.jsonl"
	assert_failure 1
}

@test "problem matchers the fuzzer found: errcap refuses them with FILE:LINE, no undefined behaviour" {
	n=0
	for f in "$REGRESS"/fuzz_errcap_matchers/*; do
		run errcap --matchers "$f" /dev/null
		assert_failure 2
		assert_output --partial "errcap: $f:"
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
	# a group number past int's range is one more number that is not a group
	run errcap --matchers "$REGRESS/fuzz_errcap_matchers/group-number-past-int.json" /dev/null
	assert_output --partial 'code must be a group number'
}
