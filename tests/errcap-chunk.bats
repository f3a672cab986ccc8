#!/usr/bin/env bats
# errcap --chunk K/N: N runs over the byte ranges of one file, concatenated
# in order, write the records of one run over the whole file (docs/scale.md).

bats_require_minimum_version 1.5.0
load helper

setup() {
	TMP=$BATS_TEST_TMPDIR
	# every fixture log (tracebacks, sanitizer reports, make, javac...) but
	# the two whose lines carry parallel-job prefixes and node --test output,
	# whose records wait for the end of the run (tested as sets, below),
	# four times over, so that late chunks begin well past the window that
	# errcap reads before a chunk
	# maven's parser drops a warning already reported earlier in the run (Maven
	# repeats them in its summary): a chunk has no earlier run to remember, so
	# logs with the same Maven warning far apart are a documented limit of --chunk
	find "$FIXTURES/errcap" -name '*.log' ! -name jobs.log ! -name ci_prefixes.log ! -path '*/nodetest/*' \
		! -path '*/maven/*' ! -name 'maven-*' | LC_ALL=C sort >"$TMP/list"
	for i in 1 2 3 4; do xargs cat <"$TMP/list"; done >"$TMP/big.log"
}

# strip the fields that differ between runs: the time of capture
norec() { jq -c 'del(.time)'; }

@test "chunks 1..N of N, concatenated, are exactly the single run's records, for N = 1..8" {
	errcap "$TMP/big.log" | norec >"$TMP/single"
	[ "$(wc -l <"$TMP/single")" -gt 1000 ]
	for n in 1 2 3 4 5 6 7 8; do
		: >"$TMP/chunks"
		for k in $(seq 1 "$n"); do
			errcap --chunk "$k/$n" "$TMP/big.log" | norec >>"$TMP/chunks"
		done
		run diff "$TMP/single" "$TMP/chunks"
		assert_success
	done
}

@test "a chunk writes only records whose first line is in its byte range, numbered as in the whole file" {
	size=$(wc -c <"$TMP/big.log")
	errcap --chunk 3/4 "$TMP/big.log" | jq -r '.input.line' >"$TMP/lines"
	[ -s "$TMP/lines" ]
	# the line numbers of the lines that begin in bytes [size/2, 3*size/4)
	lo=$(head -c $((size * 2 / 4)) "$TMP/big.log" | wc -l)
	hi=$(head -c $((size * 3 / 4)) "$TMP/big.log" | wc -l)
	while read -r l; do
		[ "$l" -gt "$lo" ] || [ "$l" -eq "$lo" ]
		[ "$l" -le $((hi + 1)) ]
	done <"$TMP/lines"
	# and each is the line the single run gives for the same record
	errcap "$TMP/big.log" | jq -r '.input.line' >"$TMP/all"
	run bash -c "grep -Fxf '$TMP/lines' '$TMP/all' | wc -l"
	assert_output "$(wc -l <"$TMP/lines")"
}

@test "logs with parallel-job prefixes: the chunks hold the single run's records, each once" {
	# (once each: a job's context lines, from its own earlier lines, reach
	# back further than a chunk's window; see docs/scale.md)
	cat "$TMP/big.log" "$FIXTURES/errcap/behaviour/jobs.log" "$FIXTURES/errcap/nodetest/saved_node.log" "$TMP/big.log" \
		"$FIXTURES/errcap/behaviour/ci_prefixes.log" "$TMP/big.log" >"$TMP/mixed.log"
	errcap "$TMP/mixed.log" | norec | LC_ALL=C sort >"$TMP/single"
	[ -s "$TMP/single" ]
	for n in 2 5 8; do
		for k in $(seq 1 "$n"); do
			errcap --chunk "$k/$n" "$TMP/mixed.log" | norec
		done | LC_ALL=C sort >"$TMP/chunks"
		run diff "$TMP/single" "$TMP/chunks"
		assert_success
	done
}

@test "errhash --merge over the chunks' errhash outputs is the single run's errhash output" {
	# one record per fingerprint, with the same counts; times and the
	# example occurrence kept (which differ between runs) are left out
	strip='{fingerprint, count, level, type, message, file, line, format}'
	errcap "$TMP/big.log" | errhash | jq -c "$strip" | LC_ALL=C sort >"$TMP/single"
	[ "$(wc -l <"$TMP/single")" -gt 100 ]
	for k in 1 2 3 4 5; do
		errcap --chunk "$k/5" "$TMP/big.log" | errhash >"$TMP/part$k"
	done
	errhash --merge "$TMP"/part? | jq -c "$strip" | LC_ALL=C sort >"$TMP/merged"
	run diff "$TMP/single" "$TMP/merged"
	assert_success
}

@test "GNU parallel -k -j 2 over --chunk {}/8 writes the single run's records in order" {
	need_cmd parallel
	errcap "$TMP/big.log" | norec >"$TMP/single"
	parallel -k -j 2 errcap --chunk {}/8 "$TMP/big.log" ::: 1 2 3 4 5 6 7 8 | norec >"$TMP/chunks"
	run diff "$TMP/single" "$TMP/chunks"
	assert_success
}

@test "more chunks than lines: each record once, empty chunks exit 1" {
	printf 'src/a.c:1:2: error: one\nsrc/b.c:3:4: warning: two\n' >"$TMP/small.log"
	: >"$TMP/out"
	for k in $(seq 1 40); do
		errcap --chunk "$k/40" "$TMP/small.log" >>"$TMP/out" || [ $? -eq 1 ]
	done
	run jq -r '"\(.input.line) \(.message)"' "$TMP/out"
	assert_output $'1 one\n2 two'
	run errcap --chunk 40/40 "$TMP/small.log"
	assert_failure 1
	assert_output ''
}

@test "an empty file and a file without a final newline" {
	: >"$TMP/empty"
	run errcap --chunk 1/2 "$TMP/empty"
	assert_failure 1
	printf 'x\nsrc/a.c:1:2: error: last' >"$TMP/nonl"
	run bash -c "errcap --chunk 1/2 '$TMP/nonl'; errcap --chunk 2/2 '$TMP/nonl'"
	[ "$(printf '%s\n' "$output" | jq -s 'length')" -eq 1 ]
	[ "$(printf '%s\n' "$output" | jq '.input.line')" -eq 2 ]
}

@test "a document (SARIF) is read whole by chunk 1, and by no other chunk" {
	f="$FIXTURES/errcap-ci/spec-features.sarif"
	[ -f "$f" ] || skip "no SARIF fixture"
	errcap "$f" | norec >"$TMP/single"
	[ -s "$TMP/single" ]
	errcap --chunk 1/3 "$f" | norec >"$TMP/c1"
	run diff "$TMP/single" "$TMP/c1"
	assert_success
	run errcap --chunk 2/3 "$f"
	assert_failure 1
	assert_output ''
}

@test "--chunk: bad K/N, standard input, several files, a command, a FIFO are usage errors or warnings" {
	for bad in 0/3 4/3 3 /3 3/ x/y 1/0 -1/2 '1/2 '; do
		run errcap --chunk "$bad" "$TMP/big.log"
		assert_failure 2
		assert_output --partial 'invalid chunk'
	done
	run errcap --chunk 1/2 - <"$TMP/big.log"
	assert_failure 2
	run errcap --chunk 1/2
	assert_failure 2
	run errcap --chunk 1/2 "$TMP/big.log" "$TMP/big.log"
	assert_failure 2
	run errcap --chunk 1/2 -- true
	assert_failure 2
	run errcap --chunk 1/2 "$TMP/missing"
	assert_failure 2
	assert_output --partial 'missing'
	mkfifo "$TMP/fifo"
	(printf 'src/a.c:1:2: error: x\n' >"$TMP/fifo" &)
	run -2 errcap --chunk 1/2 "$TMP/fifo"
	assert_failure 2
}

@test "--help and the man page describe --chunk" {
	run errcap --help
	assert_output --partial '--chunk=K/N'
	grep -q 'chunk' "$ROOT/share/man/man1/errcap.1"
}

@test "make's directory stack from before a chunk's window still resolves its paths" {
	{
		echo "make[1]: Entering directory '/home/ci/proj/lib'"
		for i in $(seq 1 9000); do echo "cc -O2 -c -o obj/file_$i.o file_$i.c   # some padding to make lines long"; done
		echo "util.c:12:5: error: 'count' undeclared (first use in this function)"
		echo "make[1]: Leaving directory '/home/ci/proj/lib'"
		echo "main.c:3:1: error: expected ';'"
	} >"$TMP/make.log"
	[ "$(wc -c <"$TMP/make.log")" -gt $((2 * 256 * 1024)) ]
	errcap "$TMP/make.log" | norec >"$TMP/single"
	run jq -r .file "$TMP/single"
	assert_output $'/home/ci/proj/lib/util.c\nmain.c'
	for k in 1 2 3; do errcap --exit-zero --chunk "$k/3" "$TMP/make.log"; done | norec >"$TMP/chunks"
	run diff "$TMP/single" "$TMP/chunks"
	assert_success
}

@test "state a parser keeps (rustc is at work) holds for EC_STATE_LINES lines, in a chunk as in one run" {
	pad=$(printf '%0300d' 0)
	{
		echo "error[E0425]: cannot find value \`x\` in this scope"
		echo " --> src/main.rs:2:5"
		for i in $(seq 1 990); do echo "note $i $pad"; done
		echo "error: linking with \`cc\` failed: exit status: 1"
		for i in $(seq 1 1100); do echo "note $i"; done
		echo "error: metadata-generation-failed"
	} >"$TMP/cargo.log"
	# the 1000 lines before the first error are more than the 256 KiB window
	[ "$(head -n 992 "$TMP/cargo.log" | wc -c)" -gt $((256 * 1024)) ]
	errcap "$TMP/cargo.log" | norec >"$TMP/single"
	run jq -r '"\(.format) \(.message)"' "$TMP/single"
	assert_output $'rustc cannot find value `x` in this scope\nrustc linking with `cc` failed: exit status: 1\npip error: metadata-generation-failed'
	# 7/8 begins between 256 KiB and 1000 lines before the linking error
	for n in 2 3 4 5 6 7 8; do
		for k in $(seq 1 "$n"); do errcap --exit-zero --chunk "$k/$n" "$TMP/cargo.log"; done | norec >"$TMP/chunks"
		run diff "$TMP/single" "$TMP/chunks"
		assert_success
	done
}
