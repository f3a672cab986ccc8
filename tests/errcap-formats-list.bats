#!/usr/bin/env bats
# errcap's list of formats (issue 11): how many, each documented with an example in
# docs/formats-list.md; the per-tool figures on the shared corpus of real output.

load helper

bats_require_minimum_version 1.5.0

setup() {
	export XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/xdg"
}

@test "formats-list: --list-formats shows at least 70 formats" {
	run errcap --list-formats
	assert_success
	n=$(printf '%s\n' "$output" | grep -c .)
	echo "$n formats"
	[ "$n" -ge 70 ]
}

@test "formats-list: docs/formats-list.md names every format errcap lists" {
	run errcap --list-formats
	assert_success
	missing=""
	for name in $(printf '%s\n' "$output" | awk '{ print $1 }'); do
		grep -qF "\`$name\`" "$ROOT/docs/formats-list.md" || missing="$missing $name"
	done
	echo "not in docs/formats-list.md:$missing"
	[ -z "$missing" ]
}

@test "formats-list: corpus_measure.py reports per-tool figures on the shared corpus" {
	run python3 "$FIXTURES/errcap/corpus_measure.py" flake8 rubocop yamllint
	[ "$status" -eq 77 ] && skip "the shared corpus is absent"
	assert_success
	echo "$output"
	# flake8's 31 entries: every one found, at its file and line, with its code
	printf '%s\n' "$output" | grep -Eq '^flake8 +31/31 +31/31 +31/31 +0$'
	printf '%s\n' "$output" | grep -q '^overall: found '
}
