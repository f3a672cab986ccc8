#!/usr/bin/env bats
# errtodo: rendering, --update of TODO.md, the fix flow, tracker issues.

load helper

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
	R="$FIXTURES/errtodo/records.jsonl"
	export ERRTOOLS_NOW=2026-11-22T08:00:00Z
}

@test "renders the TODO document exactly as the golden file" {
	run errtodo "$R"
	assert_success
	diff -u "$FIXTURES/errtodo/records.todo.md" <(errtodo "$R")
}

@test "sections by severity, then count; no severity goes by level" {
	cat > in.jsonl <<'X'
{"level":"warning","type":"W1","message":"low one","fingerprint":"0000000000000001","count":5}
{"level":"error","type":"E1","message":"few","fingerprint":"0000000000000002","count":2,"severity":"high"}
{"level":"error","type":"E2","message":"many","fingerprint":"0000000000000003","count":9,"severity":"high"}
{"level":"fatal","type":"F1","message":"crash","fingerprint":"0000000000000004","severity":"critical"}
{"level":"error","type":"E3","message":"plain error without severity","fingerprint":"0000000000000005"}
X
	run errtodo in.jsonl
	assert_success
	# order of headings and items
	run sh -c "errtodo in.jsonl | grep -E '^(###|- \\[)' | sed -E 's/ \\(×.*//'"
	assert_output "### CRITICAL
- [ ] **F1**: crash
### HIGH PRIORITY
- [ ] **E2**: many
- [ ] **E1**: few
### MEDIUM PRIORITY
- [ ] **E3**: plain error without severity
### LOW PRIORITY
- [ ] **W1**: low one"
	# the short fingerprint is always shown
	errtodo in.jsonl | grep -F '`00000000`'
}

@test "message text cannot break the markdown or inject HTML" {
	printf '%s\n' '{"level":"error","type":"X<img src=x onerror=alert(1)>","message":"<script>alert(1)</script> **bold** [link](http://e.vil) `code` | pipe\u0007","fingerprint":"00000000000000aa","text":"</details>\n```\n<b>raw</b>"}' > in.jsonl
	run errtodo in.jsonl
	assert_success
	item=$(errtodo in.jsonl | grep -F 'fp:00000000000000aa')
	[[ "$item" != *"<script>"* ]]
	[[ "$item" != *"<img"* ]]
	[[ "$item" == *'&lt;script&gt;'* ]]
	[[ "$item" == *'\*\*bold\*\*'* ]]
	[[ "$item" == *'\[link\]\(http://e.vil\)'* ]]
	# the verbatim text sits in a fence longer than any backtick run inside it
	errtodo in.jsonl | grep -qx '  ````text'
	# and the block still parses back: --update twice is stable
	errtodo --update TODO.md in.jsonl
	cp TODO.md first
	errtodo --update TODO.md in.jsonl
	cmp first TODO.md
	[ "$(grep -c 'fp:00000000000000aa' TODO.md)" -eq 1 ]
}

@test "the same fingerprint twice in the input is one item with summed counts" {
	printf '%s\n' '{"level":"error","type":"E","message":"m","fingerprint":"00000000000000bb","time":"2026-11-20T10:00:00Z"}' \
		'{"level":"error","type":"E","message":"m","fingerprint":"00000000000000bb","time":"2026-11-21T10:00:00Z","count":4}' > in.jsonl
	run errtodo in.jsonl
	assert_success
	assert_output --partial '(×5, last seen 2026-11-21 10:00 UTC)'
	[ "$(errtodo in.jsonl | grep -c '^- \[ \]')" -eq 1 ]
}

@test "records without a fingerprint get a stable one; run records are skipped" {
	printf '%s\n' '{"level":"error","type":"E","message":"m","file":"a.c","line":3}' \
		'{"kind":"run","command":"make","exit_status":2}' > in.jsonl
	run errtodo in.jsonl
	assert_success
	[ "$(errtodo in.jsonl | grep -c '^- \[ \]')" -eq 1 ]
	[ "$(errtodo in.jsonl)" = "$(errtodo in.jsonl)" ]
}

@test "--update creates the file, and leaves every byte outside its block alone" {
	errtodo --update new.md "$R"
	head -1 new.md | grep -qx '# TODO'
	grep -q '<!-- errtodo:end -->' new.md
	printf '# Project\n\nBefore \xff text, CRLF\r\nline.\n' > TODO.md
	cp TODO.md before
	errtodo --update TODO.md "$R"
	# the old bytes are a prefix of the new file
	cmp -n "$(stat -c %s before)" before TODO.md
	printf '\nAfter the block, by hand.\n' >> TODO.md
	cp TODO.md with_after
	errtodo --update TODO.md "$R"
	cmp with_after TODO.md
	tail -1 TODO.md | grep -qx 'After the block, by hand.'
}

@test "--update is idempotent" {
	errtodo --update TODO.md "$R"
	cp TODO.md one
	errtodo --update TODO.md "$R"
	cmp one TODO.md
	errtodo --update TODO.md "$R" "$R"
	# counts refresh (twice the input, twice the count) but nothing else moves
	grep -F '(×6,' TODO.md
}

@test "user edits to titles and notes survive; counts and last seen refresh" {
	errtodo --update TODO.md "$R"
	sed -i 's/\*\*KeyError\*\*: .user\\_id. — app\/models.py:42/Loader crashes on legacy rows (Ann)/' TODO.md
	sed -i '/fp:3b1f0c9d8e7a6b52/a\  Ann: see PR 12' TODO.md
	sed 's/"count":3,"first_seen"/"count":7,"first_seen"/; s/2026-11-21T20:52:10Z/2026-11-22T01:00:00Z/' "$R" > newer.jsonl
	errtodo --update TODO.md newer.jsonl
	run grep -F 'fp:3b1f0c9d8e7a6b52' TODO.md
	assert_output '- [ ] Loader crashes on legacy rows (Ann) (×7, last seen 2026-11-22 01:00 UTC) · `3b1f0c9d` · key\_error <!-- fp:3b1f0c9d8e7a6b52 -->'
	grep -A1 'fp:3b1f0c9d8e7a6b52' TODO.md | tail -1 | grep -qx '  Ann: see PR 12'
	cp TODO.md one
	errtodo --update TODO.md newer.jsonl
	cmp one TODO.md
}

@test "items that are no longer in the input stay open, saying since when they were not seen" {
	errtodo --update TODO.md "$R"
	grep -F 'fp:1111222233334444' TODO.md | sed 's/ <!--/ · not seen since 2026-11-22 <!--/' > line
	head -1 "$R" > only-first.jsonl
	errtodo --update TODO.md only-first.jsonl
	grep -F 'fp:1111222233334444' TODO.md | cmp - line
}

@test "a ticked item moves to FIXED_ERRORS.md and returns only when seen after the fix" {
	errtodo --update TODO.md "$R"
	sed -i 's/^- \[ \] \(.*fp:aaaabbbbccccdddd\)/- [x] \1/' TODO.md
	errtodo --update TODO.md "$R"
	lacks 'fp:aaaabbbbccccdddd' TODO.md
	grep -q 'Fingerprint: `aaaabbbbccccdddd`' FIXED_ERRORS.md
	grep -q 'Fixed: 2026-11-22T08:00:00Z' FIXED_ERRORS.md
	# an old occurrence (before the fix) does not reopen it
	errtodo --update TODO.md "$R"
	lacks 'fp:aaaabbbbccccdddd' TODO.md
	# one after the fix does, marked regressed
	sed 's/2026-11-21T20:00:00Z/2026-11-23T00:00:00Z/' "$R" > later.jsonl
	errtodo --update TODO.md later.jsonl
	grep 'fp:aaaabbbbccccdddd' TODO.md | grep -q 'regressed'
}

@test "fix: prefix, message, FIXED_ERRORS.md; unknown and ambiguous prefixes" {
	errtodo --update TODO.md "$R"
	run errtodo fix 3b1f -m "Skip rows without user_id"
	assert_success
	assert_output --partial '3b1f0c9d8e7a6b52 fixed'
	lacks 'fp:3b1f0c9d8e7a6b52' TODO.md
	grep -q 'How: Skip rows without user\\_id' FIXED_ERRORS.md
	grep -q '^## 2026-11-22 — \*\*KeyError\*\*' FIXED_ERRORS.md
	run errtodo fix 3b1f
	assert_failure 1
	assert_output --partial 'no open item'
	printf '%s\n' '{"type":"A","message":"a","fingerprint":"abcd000000000001"}' '{"type":"B","message":"b","fingerprint":"abcd000000000002"}' > two.jsonl
	errtodo --update TODO.md two.jsonl
	run errtodo fix abcd
	assert_failure 2
	assert_output --partial 'ambiguous'
	run errtodo fix zz
	assert_failure 2
	# other files by option
	errtodo --update other.md "$R"
	errtodo fix 1111 --todo other.md --fixed done.md -m "x"
	grep -q '1111222233334444' done.md
	lacks 'fp:1111222233334444' other.md
}

@test "fix --db marks the fingerprint fixed in errhash's store" {
	need_cmd sqlite3
	sed -n '/^```sql/,/^```/p' "$ROOT/docs/store.md" | sed '1d;$d' | sqlite3 store.db
	sqlite3 store.db "INSERT INTO errors (fingerprint, first_seen, last_seen, count, runs) VALUES ('3b1f0c9d8e7a6b52', '2026-11-20T10:00:00Z', '2026-11-21T20:52:10Z', 3, 2)"
	errtodo --update TODO.md "$R"
	errtodo fix 3b1f0c9d --db store.db -m "done"
	run sqlite3 store.db "SELECT fixed_at, fix_note FROM errors WHERE fingerprint = '3b1f0c9d8e7a6b52'"
	assert_output '2026-11-22T08:00:00Z|done'
	# a fingerprint only the store knows
	sqlite3 store.db "INSERT INTO errors (fingerprint, first_seen, last_seen, count, runs) VALUES ('feedfeedfeedfeed', '2026-11-20T10:00:00Z', '2026-11-21T20:52:10Z', 1, 1)"
	errtodo fix feedfeed --db store.db -m "gone"
	[ "$(sqlite3 store.db "SELECT fix_note FROM errors WHERE fingerprint = 'feedfeedfeedfeed'")" = gone ]
}

@test "a kill between write and rename leaves the old file whole" {
	errtodo --update TODO.md "$R"
	cp TODO.md old
	sed 's/"count":3,/"count":99,/' "$R" > more.jsonl
	ERRTOOLS_TEST_PAUSE_BEFORE_RENAME=30 errtodo --update TODO.md more.jsonl &
	pid=$!
	# wait until the new content is fully written to the temporary file
	for _ in $(seq 100); do
		ls TODO.md.tmp.* >/dev/null 2>&1 && grep -q 'errtodo:end' TODO.md.tmp.* && break
		sleep 0.1
	done
	kill -9 $pid
	wait $pid || true
	cmp old TODO.md
	# and a run that is not killed completes
	rm -f TODO.md.tmp.*
	errtodo --update TODO.md more.jsonl
	grep -q '×99,' TODO.md
}

@test "concurrent --update runs do not interleave" {
	for i in $(seq 1 8); do
		printf '{"type":"E%s","message":"m","fingerprint":"%016x"}\n' "$i" "$i" > "r$i.jsonl"
	done
	for i in $(seq 1 8); do errtodo --update TODO.md "r$i.jsonl" & done
	wait
	[ "$(grep -c '^- \[ \]' TODO.md)" -eq 8 ]
	[ "$(grep -c 'errtodo:begin' TODO.md)" -eq 1 ]
}

@test "--format issue writes one tracker-ready file per fingerprint" {
	run errtodo --format issue --out issues "$R"
	assert_success
	[ "$(ls issues | wc -l)" -eq 3 ]
	diff -u "$FIXTURES/errtodo/issue-3b1f0c9d8e7a6b52.md" issues/3b1f0c9d8e7a6b52.md
	head -1 issues/1111222233334444.md | grep -qx '\[errtools\] heap-use-after-free: heap-use-after-free on address 0x602'
	grep -q 'Labels: errtools, severity:critical, category:memory_safety' issues/1111222233334444.md
	run errtodo --format issue "$R"
	assert_failure 2
}

@test "a bad input line is reported with file:line, the good records are kept, exit 2" {
	{ head -1 "$R"; echo 'not json'; sed -n 2p "$R"; } > mixed.jsonl
	run errtodo mixed.jsonl
	assert_failure 2
	assert_output --partial 'errtodo: mixed.jsonl:2: not a JSON object: not json'
	assert_output --partial 'fp:3b1f0c9d8e7a6b52'
	assert_output --partial 'fp:aaaabbbbccccdddd'
	run errtodo missing.jsonl "$R"
	assert_failure 2
	assert_output --partial 'missing.jsonl'
}

@test "reads stdin and -; CRLF input" {
	run sh -c "sed 's/\$/\r/' '$R' | errtodo -"
	assert_success
	assert_output --partial 'fp:1111222233334444'
}

@test "--help, --version, usage errors; options in step with man and completion" {
	run errtodo --help
	assert_success
	assert_output --partial 'Usage: errtodo'
	run errtodo --version
	assert_success
	assert_output --regexp '^errtodo \(errtools\) [0-9]'
	run errtodo --bogus
	assert_failure 2
	run errtodo --format nope
	assert_failure 2
	check_doc_drift errtodo
}

@test "end to end: errhash --db, errtodo fix --db, the error returns as regressed" {
	command -v errhash >/dev/null || skip "errhash not built"
	printf '%s\n' '{"level":"error","type":"KeyError","message":"'"'"'user_id'"'"'","file":"app/models.py","line":42,"format":"python","time":"2026-11-20T10:00:00Z"}' > day1.jsonl
	errhash --db store.db day1.jsonl > h1.jsonl
	[ "$(jq -r .status h1.jsonl)" = new ]
	fp=$(jq -r .fingerprint h1.jsonl)
	errtodo --update TODO.md h1.jsonl
	grep -q "fp:$fp" TODO.md
	errtodo fix "${fp:0:8}" -m "guard legacy rows" --db store.db
	lacks "fp:$fp" TODO.md
	[ -n "$(sqlite3 store.db "SELECT fixed_at FROM errors WHERE fingerprint = '$fp'")" ]
	# the same bug after the fix
	sed 's/2026-11-20T10:00:00Z/2026-11-23T10:00:00Z/' day1.jsonl > day3.jsonl
	errhash --db store.db day3.jsonl > h3.jsonl
	[ "$(jq -r .status h3.jsonl)" = regressed ]
	errtodo --update TODO.md h3.jsonl
	grep "fp:$fp" TODO.md | grep -q regressed
}

@test "crash items: titles say where, not at which addresses; shadow-byte dumps stay out of the details" {
	errcap "$ROOT/tests/fixtures/errcap/asan/clang-uaf.log" | errhash | errcat > "$T/r.jsonl" || true
	cd "$T" && errtodo -u TODO.md r.jsonl
	run grep -E '^- \[ \] ' TODO.md
	assert_output --partial '**heap-use-after-free** in main'
	refute_output --partial '0x'
	run grep -c 'fa fa' TODO.md
	assert_output 0
	grep -q '(shadow bytes left out)' TODO.md
	grep -q 'SUMMARY: AddressSanitizer' TODO.md
}
