#!/usr/bin/env bats
# The README's recipes that keep a TODO list run as written: every code block
# of README.md that runs errtodo is extracted and run in a small C project
# with real errors (shell blocks with sh or their #! shell, make blocks as
# the project's Makefile rules), and so is the "Fixing" line.

load helper

setup() {
	need_cmd make
	need_cmd gcc
	T=$BATS_TEST_TMPDIR && cd "$T"
	export ERRTOOLS_NOW=2026-11-22T08:00:00Z
	printf 'int f(int x) { if (x) return 1; }\nint main(void) { return f(1) + undefined_thing; }\n' > a.c
	printf 'all: a.o\n\na.o: a.c\n\tgcc -Wall -c a.c -o a.o\n\n' > Makefile
	# the scripts the CI recipe names: a lint that finds a warning, tests that crash
	printf '#!/bin/sh\ngcc -Wall -fsyntax-only a.c\nexit 0\n' > run-lint.sh
	printf '#!/bin/sh\nexec python3 -c "import json; json.loads(\\"{\\")"\n' > run-tests.sh
	chmod +x run-lint.sh run-tests.sh
	# README.md's fenced blocks: one file per block, named N.LANG
	mkdir blocks
	awk -v dir=blocks '
		/^```/ { if (!inb) { inb = 1; n++; lang = substr($0, 4); if (lang == "") lang = "txt"; f = dir "/" n "." lang; printf "" > f; next }
			 inb = 0; close(f); next }
		inb { print >> f }' "$ROOT/README.md"
}

# runs_errtodo FILE: the block runs errtodo
runs_errtodo() { grep -q 'errtodo' "$1"; }

# todo_ok: TODO.md holds one errtodo block with the gcc error in it
todo_ok() {
	[ "$(grep -c '^<!-- errtodo:begin' TODO.md)" -eq 1 ]
	[ "$(grep -c '^<!-- errtodo:end -->' TODO.md)" -eq 1 ]
	grep -q 'undefined\\_thing' TODO.md
	grep -q 'Wreturn-type' TODO.md
	! grep -q '^- \[ \].*Error [0-9]' TODO.md      # make's failure line is context
	[ -z "$(ls -A | grep -E '\.lock$|\.tmp\.')" ]
}

@test "the README's shell recipes that run errtodo work as written" {
	n=0
	for b in blocks/*.txt blocks/*.sh; do
		[ -f "$b" ] && runs_errtodo "$b" || continue
		rm -rf TODO.md FIXED_ERRORS.md issues .errtools.db ci-errors.db a.o
		shell=sh
		head -1 "$b" | grep -q '^#!' && shell=$(head -1 "$b" | sed 's/^#! *//; s/ .*//')
		run "$shell" "$b"
		# the CI script exits with the tests' status; the pipelines with errtodo's
		if grep -q -- '--update' "$b"; then
			assert_success
			todo_ok
		fi
		if grep -q -- '--format issue' "$b"; then
			[ "$status" -ne 2 ] || { echo "$output"; false; }
			ls issues/*.md >/dev/null
			grep -l 'JSONDecodeError' issues/*.md
		fi
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]
}

@test "the README's Makefile rules that run errtodo work as written" {
	n=0
	for b in blocks/*.make; do
		[ -f "$b" ] && runs_errtodo "$b" || continue
		cat "$b" >> Makefile
		for target in $(grep -oE '^[a-z][a-z0-9-]*:' "$b" | tr -d :); do
			run make -s "$target"
			# no usage error of any program in the recipe
			refute_output --partial 'Try '
			refute_output --partial 'unrecognized option'
		done
		todo_ok
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
}

@test "the README's fixing line works as written, with a fingerprint of this run" {
	line=$(grep -oE '`errtodo fix [^`]*`' "$ROOT/README.md" | head -1 | tr -d '`')
	[ -n "$line" ]
	errcap -- make -k | errhash --db .errtools.db | errcat | errtodo --update TODO.md || true
	fp=$(grep -o 'fp:[0-9a-f]*' TODO.md | grep -v "$(grep 'Wreturn' TODO.md | grep -o 'fp:[0-9a-f]*')" | head -1 | cut -c4-11)
	run eval "$(echo "$line" | sed "s/ [0-9a-f]\{8\} / $fp /")"
	assert_success
	grep -q "Fingerprint: \`$fp" FIXED_ERRORS.md
	! grep -q "fp:$fp" TODO.md
	[ -n "$(sqlite3 .errtools.db "SELECT fixed_at FROM errors WHERE fingerprint LIKE '$fp%'")" ]
}
