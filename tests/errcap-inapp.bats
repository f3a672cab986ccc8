#!/usr/bin/env bats
# in_app: every frame says whether it is the program's own code (one rule,
# src/lib/et_frame), and --in-app / --not-in-app extend that rule in errcap
# and errhash, moving the primary location and the fingerprint.

bats_require_minimum_version 1.5.0
load helper

setup() {
	TMP=$BATS_TEST_TMPDIR
	command -v python3 >/dev/null || skip "python3 not installed"
	# a real traceback: the program's code calls a package it vendored
	mkdir -p "$TMP/app" "$TMP/vendor/acme"
	printf 'def parse(s):\n    return int(s)\n' >"$TMP/vendor/acme/lib.py"
	printf 'import sys\nsys.path.insert(0, sys.argv[1])\nfrom acme.lib import parse\n\ndef handle(v):\n    return parse(v)\n\nhandle("x")\n' >"$TMP/app/main.py"
	python3 "$TMP/app/main.py" "$TMP/vendor" 2>"$TMP/tb.txt" || true
	grep -q '^ValueError' "$TMP/tb.txt" || skip "python3 gave no traceback"
}

@test "every frame carries in_app; the primary location is the innermost in-app frame" {
	errcap "$TMP/tb.txt" >"$TMP/out"
	run jq -c '[.frames[] | .in_app]' "$TMP/out"
	# vendor/ is a library's by default
	assert_output '[true,true,false]'
	run jq -r '"\(.file | sub(".*/"; "")):\(.line) \(.function)"' "$TMP/out"
	assert_output 'main.py:6 handle'
}

@test "errcap --in-app moves the primary location, and the fingerprint with it" {
	errcap "$TMP/tb.txt" | errhash >"$TMP/plain"
	errcap --in-app vendor/acme "$TMP/tb.txt" >"$TMP/rec"
	run jq -c '[.frames[] | .in_app]' "$TMP/rec"
	assert_output '[true,true,true]'
	run jq -r '"\(.file | sub(".*/"; "")):\(.line) \(.function)"' "$TMP/rec"
	assert_output 'lib.py:2 parse'
	errhash <"$TMP/rec" >"$TMP/moved"
	[ "$(jq -r .fingerprint "$TMP/plain")" != "$(jq -r .fingerprint "$TMP/moved")" ]
	# errhash's own --in-app decides for records errcap marked without it
	errcap "$TMP/tb.txt" | errhash --in-app vendor/acme >"$TMP/moved2"
	[ "$(jq -r .fingerprint "$TMP/moved")" = "$(jq -r .fingerprint "$TMP/moved2")" ]
}

@test "--not-in-app takes a package prefix or a path part; the longest prefix decides" {
	errcap --not-in-app app/ "$TMP/tb.txt" >"$TMP/rec"
	run jq -c '[.frames[] | .in_app]' "$TMP/rec"
	assert_output '[false,false,false]'
	errcap --not-in-app app/ --in-app app/main.py "$TMP/tb.txt" >"$TMP/rec"
	run jq -c '[.frames[] | .in_app]' "$TMP/rec"
	assert_output '[true,true,false]'
	# a function prefix: Java-style package names
	printf 'Exception in thread "main" java.lang.IllegalStateException: boom\n\tat com.acme.util.Check.fail(Check.java:10)\n\tat com.example.App.main(App.java:5)\n' >"$TMP/j.txt"
	errcap "$TMP/j.txt" >"$TMP/rec"
	run jq -r '.file' "$TMP/rec"
	assert_output --partial 'Check.java'
	errcap --not-in-app com.acme. "$TMP/j.txt" >"$TMP/rec"
	run jq -r '.file' "$TMP/rec"
	assert_output --partial 'App.java'
}

@test "records errcap did not mark get the same rule in errhash" {
	errcap "$TMP/tb.txt" | errhash | jq -r .fingerprint >"$TMP/a"
	errcap "$TMP/tb.txt" | jq -c 'del(.frames[].in_app)' | errhash | jq -r .fingerprint >"$TMP/b"
	cmp "$TMP/a" "$TMP/b"
}
