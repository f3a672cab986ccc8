#!/usr/bin/env bats
# errcap's location finder (format "diagnostic"): tools no format names.

load helper

DIAG="$FIXTURES/errcap/diag"

# rec TEXT: errcap's records for the lines of TEXT, as level|type|file|line|column|tool|message
rec() {
	printf '%s\n' "$1" | errcap | jq -r 'select(.format == "diagnostic") |
		[.level, .type, .file, .line, .column, .tool, .message] | map(. // "-" | tostring) | join("|")'
}

# the same, whichever format takes the line (a shape a named format now owns)
rec_any() {
	printf '%s\n' "$1" | errcap | jq -r '[.level, .type, .file, .line, .column, .tool, .message] |
		map(. // "-" | tostring) | join("|")'
}

@test "diag: real tools run live reach the goals (found, location, type, grouped, ordinary)" {
	need_cmd python3
	run python3 "$DIAG/measure.py" --bin "$ERRTOOLS_BIN" --check --min-cases 8
	echo "$output"
	[ "$status" -ne 77 ] || skip "fewer than 8 of the tools installed"
	[ "$status" -eq 0 ]
}

@test "diag: the saved outputs of the tools reach the goals" {
	need_cmd python3
	run python3 "$DIAG/measure.py" --bin "$ERRTOOLS_BIN" --saved --check --min-cases 20
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "diag: the saved outputs name the tool and version that made them" {
	for f in "$DIAG"/outputs/*.txt; do
		head -1 "$f" | grep -q '^# made by: .* (.* .*), run by measure.py$' || { echo "$f"; false; }
	done
}

@test "diag: the five shape classes" {
	run rec 'ERROR: src/top.v:12:5: Unknown signal'
	assert_output 'error|-|src/top.v|12|5|-|Unknown signal'
	run rec '%Warning-WIDTH: rtl/alu.v:40:13: Operator ASSIGN expects 8 bits'
	assert_output 'warning|WIDTH|rtl/alu.v|40|13|-|Operator ASSIGN expects 8 bits'
	run rec 'verilator: rtl/alu.v:3: error: bad thing'
	assert_output 'error|-|rtl/alu.v|3|-|verilator|bad thing'
	run rec 'gram.y:3.10-14: error: syntax error, unexpected identifier'
	assert_output 'error|-|gram.y|3|10|-|syntax error, unexpected identifier'
	run rec 'unit.pas(10,3) Error: Identifier not found "x"'
	assert_output 'error|-|unit.pas|10|3|-|Identifier not found "x"'
	# the MSVC/MSBuild shape is the msvc format's since it exists; the record is the same
	run rec_any 'Lib.cs(7): error CS0103: The name x does not exist'
	assert_output 'error|CS0103|Lib.cs|7|-|-|The name x does not exist'
	run rec '"doc.tex", line 3: possible unwanted space'
	assert_output 'warning|-|doc.tex|3|-|-|possible unwanted space'
	run rec 'Warning 36 in doc.tex line 9: You should put a space in front of parenthesis.'
	assert_output 'warning|36|doc.tex|9|-|-|You should put a space in front of parenthesis.'
	run rec 'rsync error: some files could not be transferred (code 23) at main.c(1394) [sender=3.2.7]'
	assert_output 'error|-|-|-|-|rsync|some files could not be transferred (code 23) at main.c(1394) [sender=3.2.7]'
	run rec 'Error: cannot open the configuration (code 23)'
	assert_output 'error|23|-|-|-|-|cannot open the configuration (code 23)'
}

@test "diag: a location line, source and caret lines, then the level line are one record" {
	run rec "$(printf 'File "lib/a.ml", line 4, characters 8-11:\n4 | let x = 1 + "a"\n            ^^^\nError: This expression has type string\n         but int was expected\n')"
	assert_output 'error|-|lib/a.ml|4|9|-|This expression has type string but int was expected'
	run rec "$(printf 'src/m.f90:3:3:\n\n    3 |   x = 1\n      |   1\nError: Symbol x has no IMPLICIT type\n')"
	assert_output 'error|-|src/m.f90|3|3|-|Symbol x has no IMPLICIT type'
}

@test "diag: a Tcl trace is one record at its file location (format tcl now owns it)" {
	run rec_any "$(cat "$DIAG/outputs/tcl.a.txt" | tail -n +2)"
	assert_output "error|can't read|t.tcl|4|-|-|can't read \"undefined\": no such variable"
}

@test "diag: ordinary lines are not taken" {
	run rec "$(cat <<'L'
src/parse.c:120:	if (error) return error;
src/parse.c:121:	fprintf(stderr, "error: %s\n", msg);
docs/notes.md:3:Error: handling is described below
see http://example.com:8080/error: nothing
10:32:11 error: budget check ok
version 1.2.3:4 warning: none
0x7ffd:12: error: x
cc -Wall -Werror -c error_handler.c -o error_handler.o
Compiled 12 files, 0 errors, 0 warnings
errors: 0
No errors printed
2 error(s) during elaboration.
logs/errors.log: rotated
writing logs/error.log
Warning: none
    Error: not really (nested output)
L
)"
	assert_output ''
}

@test "diag: the same bug in two checkouts with other values has one fingerprint" {
	a='/home/ci/a/src/core/alu.v:40:13: warning: Operator ASSIGN expects 8 bits but got 16'
	b='/builds/x/checkout/src/core/alu.v:52:13: warning: Operator ASSIGN expects 4 bits but got 32'
	run sh -c "printf '%s\n%s\n' '$a' '$b' | errcap | errhash | jq -s length"
	assert_output 1
}

@test "diag: the specific parsers win over the finder" {
	printf 'error[E0425]: cannot find value `x`\n --> src/main.rs:2:5\n' >"$BATS_TEST_TMPDIR/r.log"
	run sh -c "errcap '$BATS_TEST_TMPDIR/r.log' | jq -r .format"
	assert_output rustc
}

@test "diag: --explain-line names the parser that takes a line and why, or why none does" {
	run errcap --explain-line 'rtl/alu.v:40:13: %Warning-WIDTH: x'
	assert_success
	assert_line --partial 'diagnostic  trigger "Warning": takes the line (1 record): a level token right after a location'
	assert_line --partial '=> diagnostic takes the line'
	assert_line --partial '"type":"WIDTH"'
	run errcap --explain-line 'src/x.c:12:	if (error) return;'
	assert_failure 1
	assert_line --partial 'grep -n output'
	assert_line '=> no parser takes the line: it is ordinary output'
	run errcap --explain-line 'src/a.c:3:5: error: x undeclared'
	assert_success
	assert_line --partial '=> gcc takes the line'
	run errcap --explain-line 'Compiled 3 files, 0 errors, 0 warnings'
	assert_failure 1
}

@test "diag: FILE:L:C: message in a source file is GNU's form of an error; grep -n is still not taken" {
	# perlcritic --verbose 1 prints no severity (real output)
	run sh -c "errcap '$FIXTURES/errcap/perlcritic/verbose1.log' | jq -r '[.format, .level, .file, .line, .column] | map(tostring) | join(\"|\")' | sort -u"
	assert_output "$(printf '%s\n' 'diagnostic|error|bad.pl|2|1' 'diagnostic|error|bad.pl|4|11')"
	# grep -n on a source file: no column, no record
	printf 'int main(void)\n{\n\treturn error(1, "bad thing here");\n}\n' > "$BATS_TEST_TMPDIR/m.c"
	(cd "$BATS_TEST_TMPDIR" && grep -n -H error m.c) > "$BATS_TEST_TMPDIR/grep.txt"
	grep -q '^m.c:3:' "$BATS_TEST_TMPDIR/grep.txt"
	run errcap "$BATS_TEST_TMPDIR/grep.txt"
	assert_failure 1
	# a file that is no source file, a location without a message: no record
	run rec "$(printf '%s\n' 'build.log:12:5: started the job again' 'x.py:10:5:' 'a.c:3:4: 42')"
	assert_output ''
}

@test "diag: the linters of the reviewdog corpus that no format names are found" {
	need_cmd python3
	run python3 "$FIXTURES/errcap/corpus_measure.py" --min-found 0.90
	[ "$status" -eq 77 ] && skip "the shared corpus is absent"
	echo "$output"
	assert_success
	# shapes without a level word: luacheck, buf, protolint, standardjs, TSLint, ESLint compact
	for t in luacheck buf protolint standardjs tslint eslint-compact haml-lint slim-lint; do
		printf '%s\n' "$output" | grep -Eq "^$t +([0-9]+)/\\1 " || { echo "not all found: $t"; false; }
	done
}
