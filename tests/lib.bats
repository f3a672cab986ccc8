#!/usr/bin/env bats
# The shared library (src/lib): C unit tests, one bats test per module.

load helper

unit() {
	run "$ERRTOOLS_BUILD/tests/lib_test" "$1"
	assert_success
	assert_output "ok $1"
}

@test "et_buf: growable buffers keep their invariant" { unit buf; }
@test "et_utf8: validation, repair, escape stripping" { unit utf8; }
@test "et_line: CRLF, NUL bytes, long lines, last line without newline" { unit lines; }
@test "et_line runs: whole lines in bulk, long lines cut, last line completed" { unit runs; }
@test "et_rec: records print as valid UTF-8, fields replace in place" { unit rec; }
@test "et_rec reader: blank lines, trimmed raw line, text after an object and non-objects rejected" {
	run "$ERRTOOLS_BUILD/tests/lib_test" reader
	assert_success
	assert_line "ok reader"
}
@test "et_time: RFC 3339 parse and format" { unit time; }
@test "et_hash: XXH3-64, incremental equals one-shot" { unit hash; }
@test "et_re: PCRE2 JIT, invalid UTF-8 subjects, match limits" { unit re; }
@test "et_file: atomic replace" { unit file; }
