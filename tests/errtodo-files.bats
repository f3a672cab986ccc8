#!/usr/bin/env bats
# errtodo: text outside its block is never touched (damaged markers stop it),
# notes are kept and go with fixed items, and every file it writes is written
# where its name points (symbolic links, FIFOs, devices, `-`).

load helper

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
	R="$FIXTURES/errtodo/records.jsonl"
	export ERRTOOLS_NOW=2026-11-22T08:00:00Z
}

# damaged DESCRIPTION LINE: errtodo -u on TODO.md exits 2 naming TODO.md:LINE,
# and neither TODO.md nor a fixed file is written
damaged() {
	cp TODO.md before
	run errtodo -u TODO.md "$R"
	assert_failure 2
	assert_output --partial "errtodo: TODO.md:$2: $1"
	cmp before TODO.md
	[ ! -e FIXED_ERRORS.md ]
	ls -A | grep -vx -e TODO.md -e before -e block -e '.*\.jsonl' | { ! grep .; }
}

@test "a missing end marker stops errtodo before it touches the user's text" {
	printf '# Project\n\n' > TODO.md
	errtodo -u TODO.md "$R"
	printf '\n## Meeting notes\n\nDecided: ship on Friday.\n' >> TODO.md
	sed -i '/errtodo:end/d' TODO.md
	damaged 'errtodo begin marker without an end marker' 4
	# the second run is refused the same way: nothing is ever swallowed
	damaged 'errtodo begin marker without an end marker' 4
	grep -qx 'Decided: ship on Friday.' TODO.md
}

@test "an end marker without a begin, two blocks, a marker in a code fence: exit 2, nothing written" {
	printf '# Project\n\n<!-- errtodo:end -->\n' > TODO.md
	damaged 'errtodo end marker without a begin marker' 3
	errtodo "$R" | sed 1,2d > block
	{ echo '# P'; cat block; echo; echo 'mine'; cat block; } > TODO.md
	line=$(grep -n 'errtodo:begin' TODO.md | tail -1 | cut -d: -f1)
	damaged 'a second errtodo block' "$line"
	{ echo '# P'; cat block | grep -v 'errtodo:end'; echo; cat block; } > TODO.md
	line=$(grep -n 'errtodo:begin' TODO.md | tail -1 | cut -d: -f1)
	damaged 'a second errtodo begin marker' "$line"
	{ echo '# How to use errtodo'; echo; echo '```markdown'; echo '<!-- errtodo:begin -->'; echo '<!-- errtodo:end -->'; echo '```'; } > TODO.md
	damaged 'errtodo begin marker inside a code fence (opened at line 3)' 4
	# a tilde fence too, and errtodo fix refuses the same way
	printf '~~~~\n<!-- errtodo:end -->\n~~~~\n' > TODO.md
	damaged 'errtodo end marker inside a code fence' 2
	run errtodo fix 3b1f0c9d
	assert_failure 2
	assert_output --partial 'TODO.md:2:'
}

@test "markers in record text (fenced and indented by errtodo) are not markers" {
	printf '%s\n' '{"level":"error","type":"E","message":"m","fingerprint":"00000000000000cc","text":"<!-- errtodo:end -->\n```\n<!-- errtodo:begin -->"}' > in.jsonl
	errtodo -u TODO.md in.jsonl
	cp TODO.md one
	errtodo -u TODO.md in.jsonl
	cmp one TODO.md
	[ "$(grep -c '^<!-- errtodo:' TODO.md)" -eq 2 ]
}

@test "notes under an item are kept, indented or not, and go to the fixed file with it" {
	errtodo -u TODO.md "$R"
	sed -i '/fp:3b1f0c9d8e7a6b52/a\
Plain note, not indented.\
\
  indented note\
```\
code in a note\
```\
- [ ] a checklist line of my own' TODO.md
	sed -i '/^## Open errors/{n;n;a\
Text of mine above the items.\

}' TODO.md
	errtodo -u TODO.md "$R"
	cp TODO.md one
	errtodo -u TODO.md "$R"
	cmp one TODO.md
	for l in 'Plain note, not indented.' '  indented note' 'code in a note' '- [ ] a checklist line of my own' 'Text of mine above the items.'; do
		grep -qxF -- "$l" TODO.md
	done
	# the notes sit under their item
	grep -A1 'fp:3b1f0c9d8e7a6b52' TODO.md | tail -1 | grep -qx 'Plain note, not indented.'
	sed -i 's/^- \[ \] \(.*fp:3b1f0c9d8e7a6b52\)/- [x] \1/' TODO.md
	errtodo -u TODO.md "$R"
	lacks 'Plain note, not indented.' TODO.md
	grep -qx 'Text of mine above the items.' TODO.md
	grep -qx -- '- Notes:' FIXED_ERRORS.md
	grep -qx '  Plain note, not indented.' FIXED_ERRORS.md
	grep -qx '    indented note' FIXED_ERRORS.md
	grep -qx '  - \[ \] a checklist line of my own' FIXED_ERRORS.md
	# errtodo fix takes the notes along too
	sed -i '/fp:aaaabbbbccccdddd/a\  Bob: flaky on CI only' TODO.md
	errtodo fix aaaabbbb -m done
	grep -qx '  Bob: flaky on CI only' FIXED_ERRORS.md
}

@test "the fixed file defaults to the TODO file's directory; no lock file is left" {
	mkdir -p docs
	errtodo -u docs/TODO.md "$R"
	sed -i 's/^- \[ \] \(.*fp:aaaabbbbccccdddd\)/- [x] \1/' docs/TODO.md
	errtodo -u docs/TODO.md "$R"
	grep -q 'aaaabbbbccccdddd' docs/FIXED_ERRORS.md
	[ ! -e FIXED_ERRORS.md ]
	errtodo fix 3b1f --todo docs/TODO.md -m x
	grep -q '3b1f0c9d8e7a6b52' docs/FIXED_ERRORS.md
	[ ! -e FIXED_ERRORS.md ]
	[ -z "$(find . -name '*.lock' -o -name '*.tmp.*')" ]
	errtodo --help | grep -q "FIXED_ERRORS.md in the TODO"
}

@test "--update and the fixed file write through a symbolic link, keeping it a link" {
	mkdir real
	errtodo -u real/TODO.md "$R"
	chmod 640 real/TODO.md
	ln -s real/TODO.md TODO.md
	ln -s ../real/FIXED.md real/fixed-link.md
	sed -i 's/^- \[ \] \(.*fp:aaaabbbbccccdddd\)/- [x] \1/' real/TODO.md
	errtodo -u TODO.md --fixed real/fixed-link.md "$R"
	[ -L TODO.md ] && [ -L real/fixed-link.md ]
	lacks 'fp:aaaabbbbccccdddd' real/TODO.md
	grep -q 'aaaabbbbccccdddd' real/FIXED.md
	[ "$(stat -c %a real/TODO.md)" = 640 ]
	# the temporary file was made beside the target: nothing left anywhere
	[ -z "$(find . -name '*.tmp.*')" ]
	# a dangling link names the file to create
	ln -s made.md dangling.md
	errtodo -u dangling.md "$R"
	[ -L dangling.md ] && grep -q 'errtodo:end' made.md
}

@test "--format issue files, and a link loop is an error, not a hang" {
	mkdir issues
	ln -s elsewhere.md issues/3b1f0c9d8e7a6b52.md
	errtodo --format issue --out issues "$R"
	[ -L issues/3b1f0c9d8e7a6b52.md ] && grep -q 'fingerprint: 3b1f0c9d8e7a6b52' issues/elsewhere.md
	ln -s loop.md loop.md
	run errtodo -u loop.md "$R"
	assert_failure 2
	assert_output --partial 'loop.md'
}
