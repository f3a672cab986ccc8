#!/usr/bin/env bats
# errstat's top files name a file as fingerprints do (et_path_stable: its
# last component, temporary names masked), so that one file built in two
# checkouts or build directories is one row.

load helper

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
}

@test "one file compiled in two checkouts (absolute paths, real gcc) is one top-files row" {
	need_cmd gcc
	for d in ci/runner/work/proj/proj home/dev/src/proj; do
		mkdir -p "$d/src"
		printf 'int f(void) { int unused_here; return 0; }\n' > "$d/src/util.c"
		gcc -Wall -c "$T/$d/src/util.c" -o /dev/null 2>> build.log
	done
	errcap build.log > recs.jsonl
	# two records, two directories
	[ "$(jq -r .file recs.jsonl | sort -u | wc -l)" -eq 2 ]
	errhash --all recs.jsonl > fp.jsonl
	[ "$(jq -r .fingerprint fp.jsonl | sort -u | wc -l)" -eq 1 ]
	run jq -c '.top_files' <(errstat --json fp.jsonl)
	assert_output '[{"file":"util.c","count":2,"distinct":1}]'
	# the text report's table says the same
	errstat fp.jsonl | sed -n '/^Top files/,/^Top errors/p' > top.txt
	grep -Eq '^ +util\.c +2 +1$' top.txt
	! grep -q 'proj/src' top.txt
	# the errors themselves keep where they were
	[ "$(jq -r '.top_errors[0].file' <(errstat --json recs.jsonl))" != util.c ]
}

@test "top files: Windows and relative paths, bundler queries and temporary names group as in fingerprints" {
	printf '%s\n' \
		'{"level":"error","message":"a","file":"C:\\work\\app\\models.py"}' \
		'{"level":"error","message":"a","file":"/builds/g/p/app/models.py"}' \
		'{"level":"error","message":"a","file":"app/models.py"}' \
		'{"level":"error","message":"b","file":"webpack:///src/App.js?v=123"}' \
		'{"level":"error","message":"b","file":"dist/App.js"}' \
		'{"level":"error","message":"c","file":"/tmp/tmpab12cd.py"}' \
		'{"level":"error","message":"c","file":"/var/tmp/tmpzz9_x1.py"}' \
		'{"level":"error","message":"d"}' > r.jsonl
	run jq -c '[.top_files[] | [.file, .count]]' <(errstat --json r.jsonl)
	assert_output '[["models.py",3],["App.js",2],["tmp*.py",2]]'
}
