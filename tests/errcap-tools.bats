#!/usr/bin/env bats
# errcap on the output of linters, compilers, package managers and services
# (issue 11): fixtures of real output under tests/fixtures/errcap/TOOL/ (each
# .log names the tool and version that made it), checked by check.py; the
# live-*.sh cases run the tool itself and skip when it is not installed.

load helper
bats_require_minimum_version 1.5.0

tool_fixtures() {
	run python3 "$FIXTURES/errcap/check.py" "$@"
	echo "$output"
	echo "$output" | grep '^skip ' | sed 's/^/# /' >&3 || true
	assert_success
}

@test "tools: npm error / npm ERR! blocks (npm 6 and 11)" { tool_fixtures npm; }
@test "tools: terraform diagnostics, boxed and -no-color" { tool_fixtures terraform; }
@test "tools: mypy (gcc shape, codes as type)" { tool_fixtures mypy; }
@test "tools: staticcheck and go vet (check codes as type)" { tool_fixtures staticcheck; }
@test "tools: clang-tidy check names" { tool_fixtures clang-tidy; }
@test "tools: kotlinc 1.3, scalac 2.11 (gcc shape)" { tool_fixtures kotlinc scalac; }
@test "tools: doxygen warnings" { tool_fixtures doxygen; }

@test "tools: a program's own 'Error: x' line is not a Terraform diagnostic" {
	printf '\nError: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect (node:net:1495:16)\n' > "$BATS_TEST_TMPDIR/n.log"
	run errcap "$BATS_TEST_TMPDIR/n.log"
	refute_output --partial '"format": "terraform"'
	run errcap -f terraform "$BATS_TEST_TMPDIR/n.log"
	assert_failure 1
}

@test "tools: npm warn and notice lines give no record" {
	printf 'npm warn deprecated inflight@1.0.6: This module is not supported\nnpm notice New major version of npm available!\nnpm WARN old style\n' > "$BATS_TEST_TMPDIR/w.log"
	run errcap "$BATS_TEST_TMPDIR/w.log"
	assert_failure 1
	assert_output ''
}
