#!/usr/bin/env bats
# errcat's hints where people read errors: a "**Hint:**" paragraph under a
# TODO.md item (errtodo's own line, refreshed from records, never a note), a
# "## Hint" section in issue files, a "Hint:" line under the row in errstat's
# HTML report; all escaped for markdown or HTML.

load helper

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
	export ERRTOOLS_NOW=2026-11-22T08:00:00Z
	# a user's rule whose hint holds markdown and HTML punctuation
	cat > esc.pat <<'PAT'
rule flaky_widget medium
    message ^widget (?<name>\S+) broke
    hint Restart <b>{name}</b> & see *docs* [here](http://x) `now` | _ok_
PAT
}

# missing_module: real python3 output of an import of a module that is absent
missing_module() {
	need_cmd python3
	printf 'import errtools_no_such_module_%s\n' "$1" > "app_$1.py"
	python3 "app_$1.py" > "py_$1.txt" 2>&1 || true
	grep -q "No module named 'errtools_no_such_module_$1'" "py_$1.txt"
}

@test "a TODO item shows its hint as a paragraph of its own, under the item line" {
	missing_module alpha
	errcap py_alpha.txt | errhash | errcat > r.jsonl
	[ "$(jq -r .category r.jsonl)" = import_error ]
	errtodo r.jsonl > todo.md
	# the line after the item is blank, then the hint, naming the module (escaped: _ is markup)
	grep -A2 '^- \[ \] \*\*ModuleNotFoundError\*\*' todo.md > near
	[ -z "$(sed -n 2p near)" ]
	run sed -n 3p near
	assert_output --regexp '^  \*\*Hint:\*\* Module errtools\\_no\\_such\\_module\\_alpha is not installed'
	# and the details follow it
	grep -A1 '^  \*\*Hint:\*\*' todo.md | tail -1 | grep -q '^  <details><summary>traceback</summary>'
}

@test "a hint is escaped for markdown: no markup or HTML of the hint survives" {
	echo '{"level":"error","message":"widget <i>w1</i> broke","fingerprint":"00000000000000c3"}' |
		errcat -p esc.pat > r.jsonl
	[ "$(jq -r .hint r.jsonl)" = 'Restart <b><i>w1</i></b> & see *docs* [here](http://x) `now` | _ok_' ]
	errtodo r.jsonl > todo.md
	run grep '^  \*\*Hint:\*\*' todo.md
	assert_output '  **Hint:** Restart &lt;b&gt;&lt;i&gt;w1&lt;/i&gt;&lt;/b&gt; &amp; see \*docs\* \[here\]\(http://x\) \`now\` \| \_ok\_'
	# a hint with a line break stays one line
	printf '%s\n' '{"level":"error","message":"m","hint":"one\ntwo","fingerprint":"00000000000000c4"}' | errtodo > t2.md
	grep -qx '  \*\*Hint:\*\* one two' t2.md
}

@test "errtodo -u: the hint is errtodo's line, notes around it are kept, the same input gives the same file" {
	missing_module beta
	errcap py_beta.txt | errhash | errcat > r.jsonl
	errtodo -u TODO.md r.jsonl
	[ "$(grep -c '^  \*\*Hint:\*\*' TODO.md)" -eq 1 ]
	# the user writes a note under the item line and one after the hint
	sed -i -e '/fp:/a\  my note: pin it in requirements.txt' -e '/^  \*\*Hint:\*\*/a\  after the hint' TODO.md
	cp TODO.md edited
	errtodo -u TODO.md r.jsonl
	[ "$(grep -c '^  \*\*Hint:\*\*' TODO.md)" -eq 1 ]
	grep -qx '  my note: pin it in requirements.txt' TODO.md
	grep -qx '  after the hint' TODO.md
	# each note stays on its side of the hint line
	[ "$(grep -A1 '^  \*\*Hint:\*\*' TODO.md | tail -1)" = '  after the hint' ]
	cp TODO.md once
	errtodo -u TODO.md r.jsonl
	cmp once TODO.md
	# an item this run does not hold keeps its hint line as it was
	: > none.jsonl
	errtodo -u TODO.md none.jsonl
	[ "$(grep -c '^  \*\*Hint:\*\*' TODO.md)" -eq 1 ]
	grep '^  \*\*Hint:\*\*' once | cmp - <(grep '^  \*\*Hint:\*\*' TODO.md)
	# records without a hint: the line goes, the notes stay
	jq -c 'del(.hint)' r.jsonl > nohint.jsonl
	errtodo -u TODO.md nohint.jsonl
	! grep -q 'Hint:' TODO.md
	grep -qx '  my note: pin it in requirements.txt' TODO.md
	grep -qx '  after the hint' TODO.md
}

@test "two items, two hints: each hint stays under its own item through -u" {
	missing_module gamma
	missing_module delta
	cat py_gamma.txt py_delta.txt | errcap | errhash | errcat > r.jsonl
	[ "$(jq -r .fingerprint r.jsonl | sort -u | wc -l)" -eq 2 ]
	errtodo -u TODO.md r.jsonl
	errtodo -u TODO.md r.jsonl
	for m in gamma delta; do
		fp=$(jq -r "select(.message | test(\"$m\")) | .fingerprint" r.jsonl)
		grep -A2 "fp:$fp" TODO.md | grep -q "^  \*\*Hint:\*\* Module errtools\\\\_no\\\\_such\\\\_module\\\\_$m "
	done
	[ "$(grep -c '^  \*\*Hint:\*\*' TODO.md)" -eq 2 ]
}

@test "an issue file has a Hint section before the error, escaped" {
	missing_module eps
	errcap py_eps.txt | errhash | errcat > r.jsonl
	errtodo --format issue --output issues r.jsonl
	f=$(ls issues/*.md)
	run sed -n '/^## Hint$/,/^## Error$/p' "$f"
	assert_line --index 0 '## Hint'
	assert_line --index 1 --regexp '^Module errtools\\_no\\_such\\_module\\_eps is not installed'
	assert_line --index 2 '## Error'
	[ "${#lines[@]}" -eq 3 ]
	echo '{"level":"error","message":"widget w<2> broke","fingerprint":"00000000000000c5"}' |
		errcat -p esc.pat | errtodo --format issue --output iss2
	grep -qx 'Restart &lt;b&gt;w&lt;2&gt;&lt;/b&gt; &amp; see \\\*docs\\\* \\\[here\\\]\\(http://x\\) \\`now\\` \\| \\_ok\\_' iss2/00000000000000c5.md
	# no hint, no section
	echo '{"level":"error","message":"plain","fingerprint":"00000000000000c6"}' | errtodo --format issue --output iss3
	! grep -q '^## Hint' iss3/00000000000000c6.md
}

@test "errstat --html: a Hint line under the error's row, escaped; --csv and --json carry it as a column" {
	missing_module zeta
	errcap py_zeta.txt | errhash | errcat > r.jsonl
	echo '{"level":"error","message":"widget \"w&1\" broke","fingerprint":"00000000000000c7"}' |
		errcat -p esc.pat >> r.jsonl
	errstat --html r.jsonl > r.html
	grep -q '<tr class="under"><td colspan="[0-9]*"><strong>Hint:</strong> Module errtools_no_such_module_zeta is not installed' r.html
	grep -qF '<strong>Hint:</strong> Restart &lt;b&gt;&quot;w&amp;1&quot;&lt;/b&gt; &amp; see *docs* [here](http://x) `now` | _ok_</td></tr>' r.html
	# the line follows the row of its error
	grep -B1 'Module errtools_no_such_module_zeta is not' r.html | head -1 | grep -q 'ModuleNotFoundError'
	# each row once, and nothing of the hint outside its escaped text
	[ "$(grep -c '<tr class="under">' r.html)" -eq 2 ]
	! grep -q '<b>' r.html
	run jq -r '.top_errors[] | select(.fingerprint == "00000000000000c7") | .hint' <(errstat --json r.jsonl)
	assert_output 'Restart <b>"w&1"</b> & see *docs* [here](http://x) `now` | _ok_'
	errstat --csv r.jsonl | head -1 | tr -d '\r' | grep -q ',hint$'
	# text and markdown tables stay as they were
	! errstat r.jsonl | grep -q 'Hint'
	! errstat --markdown r.jsonl | grep -q 'Hint'
}
