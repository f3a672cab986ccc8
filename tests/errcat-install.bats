#!/usr/bin/env bats
# make install PREFIX=DIR (with and without DESTDIR): the installed programs
# find the installed data; errcat with no rules says so, and --check fails.

load helper

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
	# no user or environment pattern directories: only what is installed
	export HOME="$T/home" ERRCAT_PATH=
	unset XDG_CONFIG_HOME
	REC='{"level":"error","type":"KeyError","message":"'"'"'user_id'"'"'","format":"python","file":"app.py","line":3}'
}

# install_to ARGS...: make install of this tree's programs (the variant under test)
install_to() {
	make -s -C "$ROOT" install BINDIR="$ERRTOOLS_BIN" BUILD="$ERRTOOLS_BUILD" \
		$( [ "${ERRTOOLS_BUILD#"$ROOT"/}" = build/asan ] && echo SAN=1 ) "$@" >/dev/null
}

@test "make install PREFIX=DIR: the installed errcat categorises with the installed patterns" {
	install_to PREFIX="$T/inst"
	[ -x "$T/inst/bin/errcat" ]
	ls "$T/inst/share/errtools/patterns/"*.pat >/dev/null
	[ -f "$T/inst/share/man/man1/errtodo.1" ]
	run "$T/inst/bin/errcat" --check
	assert_success
	cat="$(echo "$REC" | "$T/inst/bin/errcat" | jq -r .category)"
	[ "$cat" != uncategorized ] && [ "$cat" != null ]
	# the programs may be moved with their share/ (a relocatable tree)
	mv "$T/inst" "$T/moved"
	[ "$(echo "$REC" | "$T/moved/bin/errcat" | jq -r .category)" = "$cat" ]
}

@test "make install DESTDIR=D PREFIX=P: the staged tree works where it is staged" {
	install_to DESTDIR="$T/stage" PREFIX=/opt/errtools
	[ -x "$T/stage/opt/errtools/bin/errcat" ]
	run "$T/stage/opt/errtools/bin/errcat" --list-rules
	assert_success
	assert_output --partial 'patterns/'
	# data directories under share/errtools (format files and the like) go along
	for d in "$ROOT"/share/errtools/*/; do
		n=$(basename "$d")
		for f in "$d"*; do
			[ -f "$f" ] || continue
			cmp "$f" "$T/stage/opt/errtools/share/errtools/$n/$(basename "$f")"
		done
	done
}

@test "errcat with no rules loaded says so on stderr; --check exits 2" {
	mkdir -p "$T/lone/bin"
	cp "$ERRTOOLS_BIN/errcat" "$T/lone/bin/"
	[ ! -d /usr/local/share/errtools/patterns ] || skip "patterns installed system-wide"
	run "$T/lone/bin/errcat" --check
	assert_failure 2
	assert_output --partial 'no rules loaded'
	run sh -c "echo '$REC' | '$T/lone/bin/errcat' 2>err >out"
	assert_success
	grep -q 'errcat: no rules loaded (searched ' err
	[ "$(jq -r .category out)" = uncategorized ]
	# an empty pattern file given on purpose is no rule either
	: > "$T/empty.pat"
	run errcat --no-default-patterns --patterns "$T/empty.pat" --check
	assert_failure 2
	assert_output --partial 'no rules loaded'
}
