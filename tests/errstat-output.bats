#!/usr/bin/env bats
# errstat -o FILE writes where FILE points: a symbolic link's target (the
# link stays), a FIFO or character device directly (never renamed over),
# `-` to standard output; a regular file keeps its mode.

load helper

# a directory of mktemp's, not bats': a test runs errstat as an unprivileged user in it
setup() {
	T=$(mktemp -d) && cd "$T"
	D="$FIXTURES/errstat/day1.jsonl"
}

teardown() {
	cd /
	rm -rf "$T"
}

@test "-o - is standard output, not a file named -" {
	run errstat -o - "$D"
	assert_success
	[ "$output" = "$(errstat "$D")" ]
	[ ! -e ./- ]
}

@test "-o on a symbolic link writes its target and keeps the link" {
	mkdir reports
	echo old > reports/today.md
	ln -s reports/today.md report.md
	errstat --markdown -o report.md "$D"
	[ -L report.md ]
	[ "$(readlink report.md)" = reports/today.md ]
	errstat --markdown "$D" | cmp - reports/today.md
	# a chain of links, one relative to its own directory
	ln -s ../report.md reports/again.md
	echo stale > reports/today.md
	errstat --markdown -o reports/again.md "$D"
	[ -L reports/again.md ] && [ -L report.md ]
	errstat --markdown "$D" | cmp - reports/today.md
	[ -z "$(find . -name '*.tmp.*')" ]
}

@test "-o keeps the file's mode" {
	echo old > r.txt
	chmod 604 r.txt
	errstat -o r.txt "$D"
	[ "$(stat -c %a r.txt)" = 604 ]
	errstat "$D" | cmp - r.txt
}

@test "-o on a FIFO writes into it; the FIFO stays a FIFO" {
	mkfifo pipe
	cat pipe > got &
	reader=$!
	errstat -o pipe "$D"
	# replaced instead of written: the reader would wait for ever
	if [ ! -p pipe ]; then kill "$reader"; false; fi
	wait "$reader"
	errstat "$D" | cmp - got
}

# unprivileged CMD...: runs CMD as a user who cannot create or rename files in
# /dev, so that even a broken writer cannot replace /dev/null
unprivileged() {
	if [ "$(id -u)" -ne 0 ]; then
		"$@"
	elif command -v setpriv >/dev/null 2>&1; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		skip "root without setpriv: no safe way to write to /dev/null"
	fi
}

@test "-o on a character device writes to it and leaves the device node alone" {
	[ -c /dev/null ] || skip "no /dev/null"
	before=$(stat -c '%t:%T:%i' /dev/null)
	run unprivileged errstat -o /dev/null "$D"
	[ -c /dev/null ]
	[ "$(stat -c '%t:%T:%i' /dev/null)" = "$before" ]
	assert_success
	[ -z "$output" ]
	# a link to the device too
	ln -s /dev/null sink
	chmod 755 "$T"
	run unprivileged errstat -o "$T/sink" "$D"
	[ -L sink ] && [ -c /dev/null ]
	assert_success
	[ -z "$(ls /dev | grep -F '.tmp.')" ]
}

@test "-o on a directory is an error naming it" {
	mkdir d
	run errstat -o d "$D"
	assert_failure 2
	assert_output --partial 'errstat: d: Is a directory'
}
