#!/usr/bin/env bats
# Bad input, said clearly and safely: messages that quote input escape its
# control bytes; raw text fed to a record tool gets one hint and, after a few
# bad lines, a count; `errcap make` hints at `errcap -- make`.

load helper

setup() {
	TMP=$BATS_TEST_TMPDIR
}

@test "lib_test: excerpts and messages escape control bytes; the schema's names" {
	for t in excerpt format schema; do
		run "$ERRTOOLS_BUILD/tests/lib_test" $t
		assert_success
		assert_output "ok $t"
	done
}

@test "a terminal escape in a bad line reaches no terminal through any record tool" {
	# OSC 0 (set the window title) ended by BEL, and a CSI colour
	printf '\033]0;owned\007 \033[31mred\n{"level":"error","message":"m"}\n' > "$TMP/in.jsonl"
	for p in errhash errcat errstat errtodo; do
		run bash -c "$p '$TMP/in.jsonl' 2>&1 >/dev/null"
		[ "$status" -eq 2 ] || { echo "$p: status $status"; false; }
		[[ "$output" != *$'\033'* && "$output" != *$'\a'* ]] || { echo "$p: raw control bytes: $output"; false; }
		assert_output --partial 'in.jsonl:1: not a JSON object: \033]0;owned\a \033[31mred'
	done
}

@test "a control byte in a file name or in a pattern file is escaped too" {
	printf 'x\n' > "$TMP/a"$'\033'"b.jsonl"
	run bash -c "errhash '$TMP/a'\$'\\033''b.jsonl' 2>&1 >/dev/null"
	assert_failure 2
	[[ "$output" != *$'\033'* ]]
	assert_output --partial 'a\033b.jsonl:1: not a JSON object: x'
	mkdir "$TMP/p"
	printf 'rule bad\033cat high\n  message: x\n' > "$TMP/p/10-x.pat"
	run bash -c "errcat --no-default-patterns -p '$TMP/p' /dev/null 2>&1"
	[[ "$output" != *$'\033'* ]]
	assert_output --partial "bad category id 'bad\\033cat'"
}

@test "raw text fed to a record tool: one hint, five lines, then a count with the line numbers" {
	need_cmd gcc
	printf 'int main(void) { return nope; }\nint g(void) { return also_nope; }\n' > "$TMP/m.c"
	(cd "$TMP" && gcc -c m.c -o m.o > build.log 2>&1) || true
	[ "$(wc -l < "$TMP/build.log")" -gt 5 ]
	n=$(grep -c . "$TMP/build.log")
	for p in errhash errcat errstat errtodo; do
		run bash -c "$p '$TMP/build.log' 2>&1 >/dev/null"
		[ "$status" -eq 2 ] || { echo "$p: status $status"; false; }
		run bash -c "$p '$TMP/build.log' 2>&1 >/dev/null | grep -c 'looks like raw text: run it through errcap first (errcap $TMP/build.log | $p)'"
		assert_output 1
		run bash -c "$p '$TMP/build.log' 2>&1 >/dev/null | grep -c ': not a JSON object: '"
		assert_output 5
		run bash -c "$p '$TMP/build.log' 2>&1 >/dev/null | tail -1"
		assert_output --regexp "^$p: $TMP/build.log: $((n - 5)) more bad lines not shown one by one \($n in all\): lines? [0-9]"
	done
	# through errcap, the same log is good input
	run bash -c "errcap '$TMP/build.log' | errhash | errstat -q --fail-if 'count>=2'"
	assert_failure 1
}

@test "bad lines among records: the ranges give every bad line's number" {
	{
		for i in $(seq 1 20); do
			case $i in 3|4|5|6|7|8|9|12|13|17) echo "oops $i" ;; *) echo "{\"level\":\"error\",\"message\":\"m$i\"}" ;; esac
		done
	} > "$TMP/mixed.jsonl"
	run bash -c "errhash '$TMP/mixed.jsonl' 2>&1 >/dev/null"
	assert_failure 2
	assert_line --partial "mixed.jsonl:7: not a JSON object: oops 7"
	refute_line --partial "mixed.jsonl:8: not a JSON object"
	assert_line --partial "mixed.jsonl: 5 more bad lines not shown one by one (10 in all): lines 8-9, 12-13, 17"
	# the good records all come through
	run bash -c "errhash --all '$TMP/mixed.jsonl' 2>/dev/null | jq -s length"
	assert_output 10
}

@test "errcap make: not a file, but a program on PATH: did you mean errcap -- make?" {
	need_cmd make
	cd "$TMP"
	run errcap make
	assert_failure 2
	assert_output "errcap: make: No such file or directory; did you mean errcap -- make?"
	run errcap no-such-program-here
	assert_failure 2
	assert_output "errcap: no-such-program-here: No such file or directory"
	# a file of that name is read, as always
	echo "gcc: fatal error: no input files" > make
	run errcap make
	assert_success
}
