#!/usr/bin/env bats
# One record vocabulary (issue 20): the formats errcap lists are the ones
# src/lib/et_schema.c and the format files name, and docs/schema.md and
# errcap(1) list exactly those (make formats-doc writes the lists).

bats_require_minimum_version 1.5.0
load helper

setup() {
	TMP=$BATS_TEST_TMPDIR
	export XDG_CONFIG_HOME="$TMP/xdg" HOME="$TMP"
}

# the names --list-formats prints, in order
listed() {
	errcap --list-formats | awk '{ print $1 }'
}

@test "vocab: --list-formats succeeds (every built-in parser is in et_schema's list and back)" {
	run errcap --list-formats
	assert_success
	refute_output --partial "et_schema"
	# a built-in's description comes from et_schema, a format file's from its file
	assert_line --regexp '^python +built-in +Python tracebacks'
	assert_line --regexp '^flake8 +/.*/20-python-lint\.fmt:[0-9]+ flake8'
	# the name the gcc parser writes for clang's output, and the document readers
	assert_line --regexp '^clang +built-in '
	assert_line --regexp '^junit +built-in '
	assert_line --regexp '^sarif +built-in '
	[ "$(listed | sort | uniq -d)" = "" ]
}

@test "vocab: docs/schema.md and errcap(1) list exactly the formats errcap lists" {
	cd "$ROOT"
	run sh src/mk/formats-doc.sh "$(command -v errcap)" --check
	[ "$status" -eq 0 ] || { echo "$output"; echo "(run make formats-doc)"; false; }
	listed > "$TMP/want"
	sed -n '/^<!-- formats: /,/^<!-- end of formats/s/^- `\([^`]*\)`.*/\1/p' docs/schema.md > "$TMP/md"
	sed -n '/^\.\\" formats: /,/^\.\\" end of formats/s/^\.It Sy //p' share/man/man1/errcap.1 > "$TMP/man"
	[ -s "$TMP/want" ]
	diff "$TMP/want" "$TMP/md"
	diff "$TMP/want" "$TMP/man"
}

@test "vocab: the man page's FORMATS section describes only formats errcap lists" {
	listed > "$TMP/want"
	sed -n '/^\.Sh FORMATS/,/^\.Ss List of formats/s/^\.It \(Sy\|Cm\) //p' "$ROOT/share/man/man1/errcap.1" |
		tr ',' '\n' | tr -d ' ' | grep . > "$TMP/named"
	[ -s "$TMP/named" ]
	run grep -vxFf "$TMP/want" "$TMP/named"
	[ "$status" -eq 1 ] || { echo "not formats errcap lists: $output"; false; }
}

@test "vocab: -f clang selects the parser that writes clang, errcat --check knows it" {
	printf 'a.c:1:2: error: use of undeclared identifier '\''x'\''\n1 error generated.\n' > "$TMP/c.log"
	run errcap -f clang "$TMP/c.log"
	assert_success
	[ "$(echo "$output" | jq -r .format)" = clang ]
	mkdir "$TMP/pat"
	printf 'rule c_err high\n    format ^(clang|flake8|junit)$\nrule d_err low\n    format ^(clnag)$\n' > "$TMP/pat/x.pat"
	run errcat --patterns "$TMP/pat/x.pat" --no-default-patterns --check
	assert_output --partial "format 'clnag' is not one errcap writes"
	refute_output --partial "format 'clang'"
	refute_output --partial "format 'flake8'"
	refute_output --partial "format 'junit'"
}

@test "vocab: a severity errcat does not know is refused with et_schema's list" {
	printf 'rule c_err urgent\n    type ^X$\n' > "$TMP/x.pat"
	run errcat --patterns "$TMP/x.pat" --no-default-patterns --check
	assert_failure
	assert_output --partial "bad severity 'urgent' (want one of critical, high, medium, low)"
}
