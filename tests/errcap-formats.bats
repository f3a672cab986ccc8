#!/usr/bin/env bats
# errcap's formats as data: the bundled format files against their examples,
# the format-file language on real tool output (run here when installed),
# GitHub problem matchers, the search path, overriding, broken files, limits.

load helper

bats_require_minimum_version 1.5.0

BUNDLED="$ROOT/share/errtools/formats"

setup() {
	TMP="$BATS_TEST_TMPDIR"
	# no user formats unless a test puts some there
	export XDG_CONFIG_HOME="$TMP/xdg"
	export HOME="$TMP/home"
	mkdir -p "$HOME"
}

# every record line is one JSON object (jq fails otherwise)
valid_jsonl() {
	jq -c . "$1" >/dev/null
}

@test "bundled formats: every example gives what it expects, and every format has a rare trigger" {
	run errcap --check-formats "$BUNDLED"/*.fmt
	echo "$output"
	assert_success
	assert_output --partial ", 0 failed"
	refute_output --partial "no trigger literal"
	refute_output --partial "is common in build logs"
	# the same without operands: every format read (the bundled ones here)
	run errcap --check-formats
	assert_success
}

@test "--list-formats: built-in parsers, then file formats with their file and line" {
	run errcap --list-formats
	assert_success
	assert_line --regexp '^gcc +built-in '
	assert_line --regexp "^eslint +$BUNDLED/[0-9a-z-]+\.fmt:[0-9]+ "
	# file formats come after every built-in parser
	# (the location finder and the document formats junit, sarif, checkstyle and findings come last)
	last_builtin=$(errcap --list-formats | grep -n ' built-in ' | grep -vE '^[0-9]*:(diagnostic|junit|sarif|checkstyle|findings) ' | tail -1 | cut -d: -f1)
	first_file=$(errcap --list-formats | grep -vn ' built-in ' | head -1 | cut -d: -f1)
	[ "$first_file" -gt "$last_builtin" ]
}

@test "format file: yamllint's parsable output, run for real" {
	need_cmd yamllint
	printf 'key: value\nkey: other\nlist:\n- a\n' >"$TMP/bad.yaml"
	(cd "$TMP" && yamllint -f parsable bad.yaml) >"$TMP/yl.out" 2>&1 || true
	cat >"$TMP/yamllint.fmt" <<'EOF'
format yamllint
    desc yamllint -f parsable: FILE:L:C: [LEVEL] message (rule)
    match ^(?<file>[^\s:][^:]*):(?<line>\d+):(?<column>\d+): \[(?<level>error|warning)\] (?<message>.*?)(?: \((?<code>[a-z0-9-]+)\))?$
    example a.yaml:2:1: [error] duplication of key "key" in mapping (key-duplicates)
    expect level=error type=key-duplicates file=a.yaml line=2 column=1 message="duplication of key \"key\" in mapping"
EOF
	run errcap --check-formats "$TMP/yamllint.fmt"
	assert_success
	errcap --formats "$TMP/yamllint.fmt" "$TMP/yl.out" >"$TMP/out"
	valid_jsonl "$TMP/out"
	run jq -c '[.format, .level, .type, .file, .line, .column]' "$TMP/out"
	assert_line '["yamllint","warning","document-start","bad.yaml",1,1]'
	assert_line '["yamllint","error","key-duplicates","bad.yaml",2,1]'
	assert_line '["yamllint","error","indentation","bad.yaml",4,1]'
	[ "$(jq -r 'select(.type == "key-duplicates") | .message' "$TMP/out")" = 'duplication of key "key" in mapping' ]
}

@test "format file: a three-line chain (xmllint's error, source line, caret), run for real" {
	need_cmd xmllint
	printf '<a>\n  <b>text</c>\n</a>\n' >"$TMP/bad.xml"
	(cd "$TMP" && xmllint --noout bad.xml) >"$TMP/xl.out" 2>&1 || true
	printf 'before\n' >"$TMP/in"
	cat "$TMP/xl.out" >>"$TMP/in"
	printf 'after\n' >>"$TMP/in"
	cat >"$TMP/xmllint.fmt" <<'EOF'
format xmllint
    start ^(?<file>[^\s:][^:]*):(?<line>\d+): (?:parser|namespace|validity) (?<level>error|warning) : (?<message>.*)$
    next ^.*$
    next ^ *\^$
EOF
	errcap --formats "$TMP/xmllint.fmt" "$TMP/in" >"$TMP/out"
	run jq -c '[.format, .level, .file, .line, .input.line, .input.end, .context]' "$TMP/out"
	assert_output '["xmllint","error","bad.xml",2,2,4,["before"]]'
	run jq -r .message "$TMP/out"
	assert_output --regexp '^Opening and ending tag mismatch: b line [0-9]+ and c$'
	run jq -r .text "$TMP/out"
	assert_line --index 1 '  <b>text</c>'
}

@test "format file: a chain that does not complete takes no line from the formats after it" {
	cat >"$TMP/two.fmt" <<'EOF'
format first
    start ^BEGIN (?<message>.*)$
    loop ^  item (?<code>\d+)$
format second
    match ^BEGIN (?<message>.*) now$
EOF
	printf 'BEGIN the job now\nunrelated\n' | errcap --formats "$TMP/two.fmt" >"$TMP/out"
	run jq -c '[.format, .message]' "$TMP/out"
	assert_output '["second","the job"]'
	printf 'BEGIN list\n  item 1\n  item 2\nend\n' | errcap --formats "$TMP/two.fmt" >"$TMP/out"
	run jq -c '[.format, .message, .type, .input.line]' "$TMP/out"
	assert_line --index 0 '["first","list","1",2]'
	assert_line --index 1 '["first","list","2",3]'
}

@test "format file: level mapping, set, more lines, notes and the tool field" {
	cat >"$TMP/m.fmt" <<'EOF'
format mylint
    trigger MYLINT
    match ^MYLINT (?<file>\S+):(?<line>\d+): (?<code>[A-Z]\d+) (?<message>.*)$
    more ^    (?<message>\S.*)$
    more ^  note: (?<note>.*)$
    match ^MYLINT (?<file>\S+): fatal (?<message>.*)$
    with level=fatal
    with type=crash
    level W*=warning I*=skip E*=error
    set tool=mylint-2
    set type=lint
    example MYLINT a.c:3: W100 first line
    example     second line
    example   note: a hint
    example MYLINT a.c:4: I200 just information
    example MYLINT a.c:5: E300 broken
    example MYLINT b.c: fatal it crashed
    expect level=warning type=W100 tool=mylint-2
    expect level=error type=E300 line=5
    expect level=fatal type=crash file=b.c line=null message="it crashed" tool=mylint-2
EOF
	run errcap --check-formats "$TMP/m.fmt"
	echo "$output"
	assert_success
	printf 'MYLINT a.c:3: W100 first line\n    second line\n  note: a hint\n' | errcap --formats "$TMP/m.fmt" >"$TMP/out"
	run jq -c '[.message, .notes, .tool, .input.end]' "$TMP/out"
	assert_output '["first line\nsecond line",["a hint"],"mylint-2",3]'
}

@test "--check-formats: a wrong expectation is reported with its line, exit 1" {
	cat >"$TMP/w.fmt" <<'EOF'
format wrong
    match ^(?<file>\S+\.c):(?<line>\d+): oops (?<message>.*)$
    example a.c:1: oops bad
    expect line=2 message=bad
    example a.c:1: oops two
    expect none
EOF
	run errcap --check-formats "$TMP/w.fmt"
	assert_failure 1
	assert_line "$TMP/w.fmt:4: wrong: line: expected \"2\", got \"1\""
	assert_line "$TMP/w.fmt:5: wrong: the example gives 1 record, expected 0"
}

@test "broken files stop errcap before it reads input: exit 2, FILE:LINE: what is wrong" {
	printf 'format a\n    match ^(?<file>x\n' >"$TMP/re.fmt"
	printf 'format a\n    match ^(?<path>x)\n' >"$TMP/grp.fmt"
	printf 'format a\n    start ^x\n    loop .*\n' >"$TMP/loop.fmt"
	printf 'format a\n    start ^x\n    loop ^y\n    next ^z\n' >"$TMP/after.fmt"
	printf 'format a\n    matchx ^x\n' >"$TMP/kw.fmt"
	printf 'format Bad\n    match x\n' >"$TMP/name.fmt"
	printf 'format a\n    desc no pattern\n' >"$TMP/none.fmt"
	printf 'format a\n    match ^x\n    example x\n' >"$TMP/noexp.fmt"
	for f in re:2 grp:2 loop:3 after:4 kw:2 name:1 none:1 noexp:3; do
		run errcap --formats "$TMP/${f%%:*}.fmt" /dev/null
		assert_failure 2
		assert_output --regexp "^errcap: $TMP/${f%%:*}.fmt:${f#*:}: "
	done
	run errcap --formats "$TMP/grp.fmt" /dev/null
	assert_output --partial "unknown group 'path'"
	run errcap --formats "$TMP/loop.fmt" /dev/null
	assert_output --partial "can never end"
	run errcap --formats "$TMP/missing.fmt" /dev/null
	assert_failure 2
	# the broken file is found before any input is read: a FIFO nobody writes does not block
	mkfifo "$TMP/fifo"
	run timeout 10 errcap --formats "$TMP/re.fmt" "$TMP/fifo"
	assert_failure 2
	run errcap --check-formats "$TMP/re.fmt"
	assert_failure 2
}

@test "problem matchers: a one-line matcher, read unchanged, on yamllint run for real" {
	need_cmd yamllint
	printf 'key: value\nkey: other\n' >"$TMP/bad.yaml"
	(cd "$TMP" && yamllint -f parsable bad.yaml) >"$TMP/yl.out" 2>&1 || true
	cat >"$TMP/yamllint.json" <<'EOF'
{
  "problemMatcher": [
    {
      "owner": "yamllint",
      "pattern": [
        {
          "regexp": "^(.*\\.ya?ml):(\\d+):(\\d+): \\[(error|warning)\\] (.*?)(?: \\((.*)\\))?$",
          "file": 1,
          "line": 2,
          "column": 3,
          "severity": 4,
          "message": 5,
          "code": 6
        }
      ]
    }
  ]
}
EOF
	errcap --matchers "$TMP/yamllint.json" "$TMP/yl.out" >"$TMP/out"
	run jq -c '[.format, .level, .type, .file, .line, .column]' "$TMP/out"
	assert_line '["yamllint","warning","document-start","bad.yaml",1,1]'
	assert_line '["yamllint","error","key-duplicates","bad.yaml",2,1]'
	run errcap --matchers "$TMP/yamllint.json" --list-formats
	assert_line --regexp "^yamllint +$TMP/yamllint.json:7 "
}

@test "problem matchers: a looping matcher (file line, then one record per problem line)" {
	need_cmd yamllint
	printf 'key: value\nkey: other\n' >"$TMP/a.yaml"
	printf 'x: [1,2]\n' >"$TMP/b.yaml"
	(cd "$TMP" && yamllint -f standard a.yaml b.yaml) >"$TMP/yl.out" 2>&1 || true
	cat >"$TMP/loop.json" <<'EOF'
{"problemMatcher": [{"owner": "yamllint-std", "severity": "warning", "pattern": [
  {"regexp": "^(\\S.*\\.ya?ml)$", "file": 1},
  {"regexp": "^\\s+(\\d+):(\\d+)\\s+(error|warning)\\s+(.*?)\\s+\\((.+)\\)$",
   "line": 1, "column": 2, "severity": 3, "message": 4, "code": 5, "loop": true}
]}]}
EOF
	errcap --matchers "$TMP/loop.json" --format yamllint-std "$TMP/yl.out" >"$TMP/out"
	run jq -c '[.file, .line, .type]' "$TMP/out"
	assert_line '["a.yaml",1,"document-start"]'
	assert_line '["a.yaml",2,"key-duplicates"]'
	assert_line '["b.yaml",1,"document-start"]'
	assert_line '["b.yaml",1,"commas"]'
}

@test "problem matchers: without a usable literal the matcher sees every line; errcapTriggers gives triggers" {
	printf 'x.c(3): oops one\nplain line\n' >"$TMP/in"
	cat >"$TMP/nolit.json" <<'EOF'
{"problemMatcher": [{"owner": "nolit", "pattern": [{"regexp": "^([^(]+)\\((\\d+)\\)\\W+(.*)$", "file": 1, "line": 2, "message": 3}]}]}
EOF
	run errcap --check-formats "$TMP/nolit.json"
	assert_output --partial "nolit: no trigger literal"
	errcap --matchers "$TMP/nolit.json" "$TMP/in" >"$TMP/out"
	[ "$(jq -r '[.format, .file, .line, .message] | @tsv' "$TMP/out")" = "$(printf 'nolit\tx.c\t3\toops one')" ]
	cat >"$TMP/lit.json" <<'EOF'
{"problemMatcher": [{"owner": "lit", "errcapTriggers": ["): oops"], "pattern": [{"regexp": "^([^(]+)\\((\\d+)\\)\\W+(.*)$", "file": 1, "line": 2, "message": 3}]}]}
EOF
	run errcap --check-formats "$TMP/lit.json"
	refute_output --partial "no trigger literal"
	errcap --matchers "$TMP/lit.json" "$TMP/in" >"$TMP/out"
	[ "$(jq -r .format "$TMP/out")" = lit ]
	printf '{"problemMatcher": [{"owner": "bad", "errcapTriggers": "x", "pattern": [{"regexp": "^a"}]}]}\n' >"$TMP/bad.json"
	run errcap --matchers "$TMP/bad.json" /dev/null
	assert_failure 2
	assert_output --partial "errcapTriggers"
}

# bad_matcher NAME JSON WHAT: errcap refuses the problem matcher JSON (a printf
# format) before reading input, with "errcap: FILE:WHAT" (a regex)
bad_matcher() {
	printf "$2" >"$TMP/$1.json"
	run errcap --matchers "$TMP/$1.json" /dev/null
	assert_failure 2
	assert_output --regexp "^errcap: $TMP/$1.json:$3"
}

@test "problem matchers: bad JSON, an unknown group and a misplaced loop give FILE:LINE" {
	bad_matcher bad '{"problemMatcher": [\n  {"owner": "x",\n   "pattern": [ {"regexp": "a" ,, } ]}]}\n' "3: bad JSON"
	bad_matcher grp '{"problemMatcher": [{"owner": "x", "pattern": [\n {"regexp": "^(a)(b)$", "file": 3}]}]}\n' "2: .*unknown group 3"
	bad_matcher loop '{"problemMatcher": [{"owner": "x", "pattern": [\n {"regexp": "^a", "loop": true},\n {"regexp": "^b"}]}]}\n' "2: .*loop"
	bad_matcher re '{"problemMatcher": [{"owner": "x", "pattern": [\n {"regexp": "^(a"}]}]}\n' "2: bad regex"
}

@test "problem matchers: ECMAScript escapes (\\u0041, [^]) and fromPath" {
	cat >"$TMP/js.json" <<'EOF'
{"problemMatcher": [{"owner": "jsre", "pattern": [
  {"regexp": "^\\u0041BC ([^]*?):(\\d+) in (\\S+): (.*)$", "file": 1, "line": 2, "fromPath": 3, "message": 4}
]}]}
EOF
	printf 'ABC src/x.c:3 in lib/foo/Makefile: broken\nABC /abs/y.c:4 in lib/foo/Makefile: abs\n' | errcap --matchers "$TMP/js.json" >"$TMP/out"
	run jq -c '[.file, .line, .message]' "$TMP/out"
	assert_line --index 0 '["lib/foo/src/x.c",3,"broken"]'
	assert_line --index 1 '["/abs/y.c",4,"abs"]'
}

@test "search path: bundled, then the user's directory, then --formats; later names replace, disable switches off" {
	mkdir -p "$XDG_CONFIG_HOME/errtools/formats"
	cat >"$XDG_CONFIG_HOME/errtools/formats/eslint.fmt" <<'EOF'
format eslint
    desc my own eslint
    match ^ESL (?<message>.*)$
EOF
	run errcap --list-formats
	assert_line --regexp "^eslint +$XDG_CONFIG_HOME/errtools/formats/eslint.fmt:1 +my own eslint$"
	[ "$(errcap --list-formats | grep -c '^eslint ')" -eq 1 ]
	printf 'ESL hello\n' | errcap >"$TMP/out"
	[ "$(jq -r .format "$TMP/out")" = eslint ]
	# a --formats file disables the user's eslint and the built-in gcc parser
	printf 'disable eslint gcc\n' >"$TMP/off.fmt"
	run errcap --formats "$TMP/off.fmt" --list-formats
	refute_line --regexp '^eslint '
	refute_line --regexp '^gcc '
	# with gcc off, the line is the location finder's, not gcc's
	run errcap --formats "$TMP/off.fmt" <<<'src/a.c:1:2: error: bad'
	assert_success
	[ "$(echo "$output" | jq -r .format)" = diagnostic ]
	# a directory: its *.fmt files in name order
	mkdir "$TMP/d"
	printf 'format zz\n    desc one\n    match ^ZZ1\n' >"$TMP/d/b.fmt"
	printf 'format zz\n    desc two\n    match ^ZZ2\n' >"$TMP/d/a.fmt"
	printf 'not a format file\n' >"$TMP/d/README"
	run errcap --formats "$TMP/d" --list-formats
	assert_line --regexp "^zz +$TMP/d/b.fmt:1 +one$"
}

@test "limits: a pattern that hits PCRE2's match limit is reported once; other records stay, output stays JSON" {
	cat >"$TMP/slow.fmt" <<'EOF'
format slow
    trigger SLOW
    match ^SLOW (a+)+$
    match ^SLOW (?<message>b.*)$
EOF
	long=$(printf 'a%.0s' $(seq 1 40))
	{
		printf 'SLOW %sX\n' "$long"
		printf 'SLOW %sY\n' "$long"
		printf 'SLOW bee\n'
		printf 'src/a.c:1:2: error: real one\n'
	} >"$TMP/in"
	run --separate-stderr errcap --formats "$TMP/slow.fmt" "$TMP/in"
	assert_success
	[ "$(grep -c 'PCRE2 limit' <<<"$stderr")" -eq 1 ]
	[[ $stderr == *"slow.fmt:3: "* ]]
	echo "$output" >"$TMP/out"
	valid_jsonl "$TMP/out"
	run jq -c '[.format, .message]' "$TMP/out"
	assert_line '["slow","bee"]'
	assert_line '["gcc","real one"]'
}

@test "a user format cannot produce invalid output: NUL bytes and invalid UTF-8" {
	printf 'format raw\n    trigger RAW\n    match ^RAW (?<file>\\S+) (?<message>.*)$\n' >"$TMP/raw.fmt"
	# invalid UTF-8 is never matched by a pattern item (PCRE2_MATCH_INVALID_UTF)
	printf 'RAW f.c m\000x\nRAW g\377.c z\nRAW h.c ok\376\n' | errcap --formats "$TMP/raw.fmt" >"$TMP/out"
	valid_jsonl "$TMP/out"
	iconv -f UTF-8 -t UTF-8 "$TMP/out" >/dev/null
	run jq -c '[.file, .message]' "$TMP/out"
	assert_output '["f.c","m�x"]'
}
