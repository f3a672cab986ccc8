#!/usr/bin/env bats
# errcap's context options, as grep's: -B N lines before a block (context),
# -A N ordinary lines after it (context_after), -C N both.

bats_require_minimum_version 1.5.0
load helper

setup() {
	TMP=$BATS_TEST_TMPDIR
	printf '%s\n' 'one' 'two' 'src/a.c:3:5: error: bad' 'after 1' 'after 2' 'after 3' \
		'src/b.c:4:1: error: worse' 'tail 1' >"$TMP/c.log"
}

@test "-A N keeps up to N ordinary lines after each block, up to the next block" {
	errcap -A 2 "$TMP/c.log" >"$TMP/out"
	run jq -c '.context_after' "$TMP/out"
	assert_line --index 0 '["after 1","after 2"]'
	assert_line --index 1 '["tail 1"]'
	errcap --after-context=5 "$TMP/c.log" >"$TMP/out"
	run jq -c '.context_after' "$TMP/out"
	# the next block's line is not the first block's context after
	assert_line --index 0 '["after 1","after 2","after 3"]'
	assert_line --index 1 '["tail 1"]'
}

@test "without -A or -C records have no context_after, and -B still works" {
	errcap -B 1 "$TMP/c.log" >"$TMP/out"
	run jq -c '[.context, has("context_after")]' "$TMP/out"
	assert_line --index 0 '[["two"],false]'
	assert_line --index 1 '[["after 3"],false]'
	errcap --before-context=0 "$TMP/c.log" >"$TMP/out"
	run jq -c '.context' "$TMP/out"
	assert_line --index 0 '[]'
}

@test "-C N is N lines before and N after; --context is -C" {
	errcap --now 2026-01-01T00:00:00Z -C 1 "$TMP/c.log" >"$TMP/out"
	run jq -c '[.context, .context_after]' "$TMP/out"
	assert_line --index 0 '[["two"],["after 1"]]'
	assert_line --index 1 '[["after 3"],["tail 1"]]'
	errcap --now 2026-01-01T00:00:00Z --context=1 "$TMP/c.log" >"$TMP/out2"
	cmp "$TMP/out" "$TMP/out2"
	# a later -B overrides the before part only
	errcap -C 1 -B 0 "$TMP/c.log" >"$TMP/out"
	run jq -c '[.context, .context_after]' "$TMP/out"
	assert_line --index 0 '[[],["after 1"]]'
}

@test "-A keeps the records in input order, every one written once" {
	errcap "$TMP/c.log" | jq -c '[.file, .line]' >"$TMP/plain"
	errcap -A 3 "$TMP/c.log" | jq -c '[.file, .line]' >"$TMP/after"
	cmp "$TMP/plain" "$TMP/after"
	# the same from a pipe and with a wrapped command
	errcap -A 3 <"$TMP/c.log" | jq -c '[.file, .line]' >"$TMP/pipe"
	cmp "$TMP/plain" "$TMP/pipe"
	errcap -A 3 -- cat "$TMP/c.log" 2>/dev/null | jq -c 'select(.kind != "run") | [.file, .line]' >"$TMP/wrap"
	cmp "$TMP/plain" "$TMP/wrap"
}

@test "a record waiting for its lines after leaves when the input pauses" {
	command -v timeout >/dev/null || skip "no timeout"
	# the writer stays open: the record must arrive before the writer ends
	mkfifo "$TMP/fifo"
	{ printf 'src/a.c:3:5: error: bad\nnext line\n'; sleep 3; } >"$TMP/fifo" &
	timeout 2 errcap -A 5 <"$TMP/fifo" >"$TMP/out" || true
	wait
	run jq -c '.context_after' "$TMP/out"
	assert_output '["next line"]'
}

@test "bad context lengths are usage errors" {
	for o in '-A x' '-C -1' '-A 1001' '--after-context='; do
		# shellcheck disable=SC2086
		run errcap $o /dev/null
		assert_failure 2
		assert_output --partial 'invalid context length'
	done
}
