#!/usr/bin/env bats
# errcap: parsers checked against fixtures of real output (tests/fixtures/errcap/FORMAT/,
# see check.py there), then behaviour.

load helper

fixtures() {
	run python3 "$FIXTURES/errcap/check.py" "$@"
	echo "$output"
	assert_success
}

@test "fixtures: ubsan" { fixtures ubsan; }
@test "fixtures: asan" { fixtures asan; }
@test "fixtures: valgrind" { fixtures valgrind; }
@test "fixtures: pytest" { fixtures pytest; }
@test "fixtures: unittest" { fixtures unittest; }
@test "fixtures: python" { fixtures python; }
@test "fixtures: java" { fixtures java; }
@test "fixtures: javac" { fixtures javac; }
@test "fixtures: maven" { fixtures maven; }
@test "fixtures: gradle" { fixtures gradle; }
@test "fixtures: go" { fixtures go; }
@test "fixtures: gotest" { fixtures gotest; }
@test "fixtures: rustc" { fixtures rustc; }
@test "fixtures: rust" { fixtures rust; }
@test "fixtures: node" { fixtures node; }
@test "fixtures: tsc" { fixtures tsc; }
@test "fixtures: eslint" { fixtures eslint; }
@test "fixtures: jest" { fixtures jest; }
@test "fixtures: mocha" { fixtures mocha; }
@test "fixtures: gcc" { fixtures gcc; }
@test "fixtures: ld" { fixtures ld; }
@test "fixtures: make" { fixtures make; }
@test "fixtures: ninja" { fixtures ninja; }
@test "fixtures: cmake" { fixtures cmake; }
@test "fixtures: shell" { fixtures shell; }
@test "fixtures: perl" { fixtures perl; }
@test "fixtures: log" { fixtures log; }

@test "fixtures: ordinary output yields no record" { fixtures negative; }
