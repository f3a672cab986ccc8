#!/usr/bin/env bats
# errcap | errcat | errhash on the shared diagnostics corpus (real tool
# outputs the rules were not written from): how many records get a category,
# whether crashes get a sensible one, and ClusterFuzz's signatures as groups
# (tests/fixtures/errcat/corpus_quality.py prints the figures and the list
# of uncategorised records).

load helper

@test "corpus: categorised records, sensible crash categories and crash grouping stay above their floors" {
	need_corpus diagnostics
	run python3 "$FIXTURES/errcat/corpus_quality.py" "$CORPUS/diagnostics" "$ERRTOOLS_BIN"
	assert_success
	# measured 2026-12-03 (second session): 762/766 (0.995) categorised, 45/47 crashes
	# sensible, GA 1.0000; floors a little under them so that a regression fails
	all=$(awk '$1 == "all" { print $5 }' <<< "$output")
	[ "$all" -ge 740 ]
	sens=$(sed -n 's/^crash records in a sensible category: \([0-9]*\)\/.*/\1/p' <<< "$output")
	[ "$sens" -ge 44 ]
	assert_line --regexp '^crash grouping: GA 1\.0000 '
	assert_line 'errhash counts equal --all records: yes'
}
