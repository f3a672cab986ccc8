#!/usr/bin/env bats
# errcap: parsers for programs at run time and their test runners (Ruby,
# RSpec, Minitest, PHP, PHPUnit, Lua, Tcl, OCaml, C/C++ runtime, .NET, Elixir,
# Erlang, TAP, node --test), checked against fixtures of real output
# (tests/fixtures/errcap/FORMAT/, see check.py there; live_*.sh run the
# real interpreters and skip when they are absent).

load helper
bats_require_minimum_version 1.5.0

@test "fixtures: ruby" { fixtures ruby; }
@test "fixtures: rspec" { fixtures rspec; }
@test "fixtures: minitest" { fixtures minitest; }
@test "fixtures: php" { fixtures php; }
@test "fixtures: phpunit" { fixtures phpunit; }
@test "fixtures: lua" { fixtures lua; }
@test "fixtures: tcl" { fixtures tcl; }
@test "fixtures: ocaml" { fixtures ocaml; }
@test "fixtures: crt" { fixtures crt; }
@test "fixtures: gdb (a signal and its backtrace; after a runtime message, joined to crt's record)" { fixtures gdb; }
@test "fixtures: dotnet" { fixtures dotnet; }
@test "fixtures: dotnettest" { fixtures dotnettest; }
@test "fixtures: elixir" { fixtures elixir; }
@test "fixtures: exunit" { fixtures exunit; }
@test "fixtures: erlang" { fixtures erlang; }
@test "fixtures: swift" { fixtures swift; }
@test "fixtures: tap" { fixtures tap; }
@test "fixtures: nodetest" { fixtures nodetest; }

@test "runtimes: every new format is listed and categorised by a bundled rule" {
	run "$ERRTOOLS_BIN/errcap" --list-formats
	assert_success
	for f in ruby rspec minitest php phpunit lua tcl ocaml crt dotnet dotnettest elixir exunit erlang swift tap nodetest; do
		assert_output --partial "$f"
		grep -q "format .*\b$f\b" "$ROOT/patterns/55-runtimes.pat"
	done
}

@test "runtimes: errcat gives the saved fixtures' records their categories" {
	run sh -c "'$ERRTOOLS_BIN/errcap' '$FIXTURES/errcap/crt/saved_crt.log' | '$ERRTOOLS_BIN/errcat' | jq -r '[.type, .category] | @tsv'"
	assert_success
	assert_line --partial $'double-free\tmemory_safety'
	assert_line --partial $'assertion\tassertion_failure'
	run sh -c "'$ERRTOOLS_BIN/errcap' '$FIXTURES/errcap/php/saved_php.log' | '$ERRTOOLS_BIN/errcat' | jq -r '[.type, .category] | @tsv'"
	assert_line $'Parse error\tsyntax_error'
	assert_line $'Fatal error\tout_of_memory'
}

@test "runtimes: errhash leaves the runtimes' library frames out of fingerprints" {
	# the same PHP error through two vendor/ paths and two Lua [C] frames: one group
	printf '%s\n' \
		'{"level":"error","type":"E","message":"m","format":"php","frames":[{"file":"vendor/a/x.php","line":3,"function":"f"},{"file":"src/app.php","line":9,"function":"g"}]}' \
		'{"level":"error","type":"E","message":"m","format":"php","frames":[{"file":"vendor/a/x.php","line":7,"function":"f2"},{"file":"src/app.php","line":9,"function":"g"}]}' \
		'{"level":"error","type":"E","message":"m","format":"dotnet","frames":[{"file":null,"line":null,"function":"System.Linq.Enumerable.First"},{"file":"P.cs","line":9,"function":"App.Main"}]}' \
		'{"level":"error","type":"E","message":"m","format":"dotnet","frames":[{"file":null,"line":null,"function":"System.Linq.Enumerable.Single"},{"file":"P.cs","line":9,"function":"App.Main"}]}' \
		> "$BATS_TEST_TMPDIR/recs.jsonl"
	run sh -c "'$ERRTOOLS_BIN/errhash' --all $BATS_TEST_TMPDIR/recs.jsonl | jq -r .fingerprint | uniq | wc -l"
	assert_success
	assert_output 2
}

@test "python: an exception printed above its traceback (Atheris), log lines after the frames are not the exception" {
	need_corpus diagnostics/clusterfuzz-stack-analyzer
	run sh -c "errcap '$CORPUS/diagnostics/clusterfuzz-stack-analyzer/inputs/python_exception_with_fuzz_target_exited.txt' |
		jq -r 'select(.format == \"python\") | [.type, .message, (.frames | length)] | map(tostring) | join(\"|\")'"
	assert_output 'ValueError|not enough values to unpack (expected 2, got 1)|5'
}

@test "chromium-signal: Chromium's crash handler is one fatal record, its stack joined, in category crash" {
	need_corpus diagnostics/clusterfuzz-stack-analyzer
	run sh -c "errcap '$CORPUS/diagnostics/clusterfuzz-stack-analyzer/inputs/generic_segv.txt' | errcat |
		jq -r 'select(.format == \"chromium-signal\") | [.level, .type, .message, .category, (.text | split(\"\n\") | length)] | map(tostring) | join(\"|\")'"
	assert_output 'fatal|SEGV_MAPERR|signal 11 SEGV_MAPERR|crash|7'
}
