#!/usr/bin/env bats
# The foundation: dependency check, install layout, the demo, the README's quick start.

load helper

setup() { T=$(mktemp -d); }
teardown() { rm -rf "$T"; }

@test "a missing dependency stops with one line naming the Debian packages" {
	mkdir "$T/fakebin"
	printf '#!/bin/sh\nexit 1\n' > "$T/fakebin/pkg-config"
	chmod +x "$T/fakebin/pkg-config"
	run env PATH="$T/fakebin:$PATH" sh "$ROOT/src/mk/deps.sh" build
	assert_failure 1
	assert_output "errtools: missing Debian packages: libpcre2-dev libcjson-dev libsqlite3-dev libxxhash-dev libxml2-dev libpq-dev; run: sudo apt-get install -y libpcre2-dev libcjson-dev libsqlite3-dev libxxhash-dev libxml2-dev libpq-dev"
	[ "${#lines[@]}" -eq 1 ]
}

@test "with every dependency present the check is silent" {
	run sh "$ROOT/src/mk/deps.sh" build test
	assert_success
	assert_output ""
}

@test "make install DESTDIR lays out programs, man pages and patterns" {
	run make -s -C "$ROOT" install DESTDIR="$T/root" PREFIX=/usr
	assert_success
	for p in errcap errhash errcat errtodo errstat; do
		[ -x "$T/root/usr/bin/$p" ] || { echo "no $p"; false; }
		[ -f "$T/root/usr/share/man/man1/$p.1" ] || { echo "no $p.1"; false; }
	done
	[ -f "$T/root/usr/share/man/man7/errtools.7" ]
	ls "$T/root/usr/share/errtools/patterns/"*.pat
	run make -s -C "$ROOT" install DESTDIR="$T/r2" PREFIX=/opt/et bindir=/opt/et/b mandir=/opt/et/m
	assert_success
	[ -x "$T/r2/opt/et/b/errcap" ]
	[ -f "$T/r2/opt/et/m/man1/errcap.1" ]
	[ -d "$T/r2/opt/et/share/errtools/patterns" ]
}

@test "the demo runs the chain on the bundled sample log" {
	run sh "$ROOT/share/errtools/demo.sh"
	assert_success
	assert_output --partial "errcap:"
	assert_output --partial "<!-- errtodo:begin"
	assert_output --partial "KeyError"
}

@test "the README's quick start is exactly two commands: make demo and make check" {
	run sh -c "sed -n '/^## Quick start/,/^## /p' '$ROOT/README.md' | sed -n '/^\`\`\`/,/^\`\`\`/p' | grep -v '^\`\`\`' | sed 's/ *#.*//'"
	assert_output "make demo
make check"
}

@test "every man page renders without warnings" {
	need_cmd groff
	for m in "$ROOT"/share/man/man1/*.1 "$ROOT"/share/man/man7/*.7; do
		out=$(groff -mandoc -Tutf8 -ww -z "$m" 2>&1)
		[ -z "$out" ] || { echo "$m: $out"; false; }
	done
}
