#!/usr/bin/env bats
# errcap on the output of linters, compilers, package managers and services
# (issue 11): fixtures of real output under tests/fixtures/errcap/TOOL/ (each
# .log names the tool and version that made it), checked by check.py; the
# live-*.sh cases run the tool itself and skip when it is not installed.

load helper
bats_require_minimum_version 1.5.0

# format files need errcap's format engine (issue 10); skip cleanly without it
need_formats() {
	errcap --help 2>&1 | grep -q -- '--check-formats' || skip "errcap has no format-file engine yet"
}

tool_fixtures() {
	run python3 "$FIXTURES/errcap/check.py" "$@"
	echo "$output"
	echo "$output" | grep '^skip ' | sed 's/^/# /' >&3 || true
	assert_success
}

@test "tools: npm error / npm ERR! blocks (npm 6 and 11)" { tool_fixtures npm; }
@test "tools: terraform diagnostics, boxed and -no-color" { tool_fixtures terraform; }
@test "tools: mypy (gcc shape, codes as type)" { tool_fixtures mypy; }
@test "tools: ant (task labels before gcc and javac lines)" { tool_fixtures ant; }
@test "tools: ecj (Eclipse compiler report blocks, plain and under Ant)" { tool_fixtures ecj; }
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

# ---------------------------------------------------------- format files

@test "tools: the bundled format files pass their own examples" {
	need_formats
	run errcap --check-formats
	echo "$output"
	assert_success
	refute_output --partial 'no trigger literal'
}

@test "tools: --list-formats shows at least 70 formats" {
	need_formats
	run errcap --list-formats
	assert_success
	[ "$(printf '%s\n' "$output" | grep -c .)" -ge 70 ]
}

@test "tools: Python linters (flake8, pycodestyle, pyflakes, pylint, pydocstyle, black)" { need_formats; tool_fixtures flake8 pylint pydocstyle black; }
@test "tools: shellcheck (tty, gcc; checkstyle gives nothing)" { need_formats; tool_fixtures shellcheck; }
@test "tools: RuboCop (progress, emacs, clang, simple) and perlcritic" { need_formats; tool_fixtures rubocop perlcritic; }
@test "tools: cppcheck (default and gcc templates) and clang-cl" { need_formats; tool_fixtures cppcheck clang-cl; }
@test "tools: cpplint (emacs, vs7, eclipse) and flawfinder (default, --singleline)" { need_formats; tool_fixtures cpplint flawfinder; }
@test "tools: meson setup errors (columns from 0) and autoconf configure: error: (its in-DIR line no record)" { need_formats; tool_fixtures meson autoconf; }
@test "tools: erlc and GHC (header and indented body; programs at run time)" { need_formats; tool_fixtures erlc ghc; }
@test "tools: R (Rscript errors, warnings, Calls:) and GNU Octave (46-r.fmt, 47-octave.fmt)" { need_formats; tool_fixtures rscript octave; }
@test "tools: Sphinx, yamllint, markdownlint, ansible-lint, puppet-lint, xmllint" { need_formats; tool_fixtures sphinx yamllint markdownlint ansible-lint puppet-lint xmllint; }
@test "tools: yarn, pnpm, pip, apt, git, docker, ansible" { need_formats; tool_fixtures yarn pnpm pip apt git docker ansible; }
@test "tools: no record from the lines a unified diff's hunks quote (git log -p, diff -ruN)" { need_formats; tool_fixtures udiff; }
@test "tools: stylelint, remark (vfile-reporter), luacheck, Prettier, codespell, HTML Tidy, pyright, isort, bandit, Vitest, JSHint" { need_formats; tool_fixtures stylelint vfile luacheck prettier codespell tidy pyright isort bandit vitest jshint; }
@test "tools: esbuild, webpack 5, vite 8 (rolldown) (16-js-bundlers.fmt)" { need_formats; tool_fixtures esbuild webpack vite; }
@test "tools: Biome, oxlint (miette), xo, standard, lessc (14-js-linters.fmt), Dart Sass" { need_formats; tool_fixtures biome oxlint xo standard lessc sass; }
@test "tools: PostgreSQL, MySQL/MariaDB, nginx, Apache, HAProxy, Redis, systemd" { need_formats; tool_fixtures postgresql mysql nginx apache haproxy redis systemd; }
@test "tools: Ada (GNAT), Fortran (gfortran), Free Pascal (fpc) and Nim programs at run time" { need_formats; tool_fixtures gnat gfortran fpc nim; }
@test "tools: sqlite3 shell, gawk, mawk, sed, jq (85-cli-tools.fmt)" { need_formats; tool_fixtures sqlite3 gawk mawk sed jq; }

@test "tools: ordinary lines around the tools' output give no record" {
	need_formats
	cat > "$BATS_TEST_TMPDIR/ordinary.log" <<'LOG'
Inspecting 12 files
............

12 files inspected, no offenses detected
--------------------------------------------------------------------
Your code has been rated at 10.00/10 (previous run: 9.50/10, +0.50)
npm notice
npm notice New minor version of npm available! 10.2.4 -> 10.9.0
npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported
-- Looking for include file errno.h - found
-- Looking for pthread.h - found
All done! ✨ 🍰 ✨
3 files would be left unchanged.
Success: no issues found in 4 source files
bad.py source OK
Reading package lists...
0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.
Successfully installed requests-2.31.0
Checking src/main.c ...
1/3 files checked 33% done
build succeeded.
Passed with production profile: 0 failure(s), 0 warning(s) on 3 files.
Success! The configuration is valid.
PLAY RECAP *********************************************************************
localhost                  : ok=3    changed=1    unreachable=0    failed=0    skipped=0
2026/12/03 06:46:04 [notice] 16766#16766: start worker processes
2026-12-03 06:45:10.048 UTC [30433] LOG:  database system is ready to accept connections
2026-12-03  6:45:37 0 [Note] InnoDB: Completed initialization of buffer pool
Dec 03 06:00:00 host systemd[1]: Started nginx.service - A high performance web server.
web-7d4b9c-xk2   1/1     Running   0          3m
2m          Normal    Scheduled   pod/web-7d4b9c-xk2   Successfully assigned default/web to node-1
LOG
	run errcap "$BATS_TEST_TMPDIR/ordinary.log"
	echo "$output"
	assert_failure 1
	assert_output ''
}
@test "tools: linters' Checkstyle XML and JSON findings reports (shellcheck, eslint, pylint, rubocop, stylelint, markdownlint)" { tool_fixtures lint-reports; }
