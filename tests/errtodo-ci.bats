#!/usr/bin/env bats
# errtodo's CI formats: github (+ --summary), sarif, codequality, junit; --root.

load helper

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
	R="$FIXTURES/errtodo-ci/ci.jsonl"
	ROOTDIR=/home/runner/work/app/app
	SCHEMA="$ERRTOOLS_SHARED/schemas/sarif-schema-2.1.0.json"
}

# sarif_valid FILE: FILE validates against the SARIF 2.1.0 schema
sarif_valid() {
	python3 - "$SCHEMA" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2], encoding='utf-8'))
v = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
errs = list(v.iter_errors(doc))
for e in errs[:10]:
    print("sarif:", e.message, "at", "/".join(map(str, e.absolute_path)))
sys.exit(1 if errs else 0)
PY
}

need_sarif_schema() {
	[ -f "$SCHEMA" ] || skip "SARIF schema not present"
	python3 -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema not installed"
}

@test "github: one workflow command per error, by level, escaped as GitHub specifies" {
	run errtodo --format github --root "$ROOTDIR" "$R"
	assert_success
	assert_equal "${#lines[@]}" 4
	# fatal and error are ::error, warnings ::warning; worst first (TODO order)
	assert_line --index 0 --regexp '^::error file=/usr/include/stdio\.h,line=7,title=heap-use-after-free::'
	assert_line --index 1 --regexp '^::error file=src/models\.py,line=42,col=7,title=KeyError::'"'user_id'"'%0A%0ATraceback'
	# no file: no file property
	assert_line --index 2 --regexp '^::error title=connection_refused::connection refused%0A'
	# properties: ':' and ',' escaped; message: '%' escaped, ',' and ':' kept
	assert_line --index 3 --regexp "^::warning file=lib/a%2Cb%3Ac\\.c,line=3,col=7,title=-Wunused-variable::unused variable 'x' 100%25 <b>, a:b%0A"
	# CR and LF escaped, no raw control characters, fingerprint and count shown
	assert_line --index 0 --partial 'heap-use-after-free%0D%0A]]> & <'
	assert_line --index 0 --partial 'errtools 11112222 · memory_safety · seen 2 times'
	# the record's hint, when it has one
	assert_line --index 1 --partial '%0A%0AHint: Check that the key exists before reading it.%0A%0Aerrtools 3b1f0c9d · key_error · seen 3 times'
	refute_line --index 0 --partial 'Hint:'
	run sh -c "errtodo -f github '$R' | LC_ALL=C grep -c '[[:cntrl:]]'"
	assert_output 0
}

@test "github --summary appends a markdown table to the file; --summary needs github" {
	errtodo -f github --root "$ROOTDIR" --summary sum.md "$R" >/dev/null
	echo '{"level":"warning","message":"w","fingerprint":"0000000000000009"}' |
		errtodo -f github --summary sum.md >/dev/null
	run grep -c '^### errtools: ' sum.md
	assert_output 2
	run cat sum.md
	assert_line '### errtools: 3 errors, 1 warning'
	assert_line '| high | **KeyError**: '"'user\\_id'"' | src/models.py:42 | 3 | key\_error | `3b1f0c9d` |'
	assert_line '### errtools: 0 errors, 1 warning'
	run errtodo --summary sum.md "$R"
	assert_failure 2
	assert_output --partial 'errtodo: --summary goes with --format github'
}

@test "sarif: validates against the SARIF 2.1.0 schema, also when empty" {
	need_sarif_schema
	errtodo -f sarif --root "$ROOTDIR" "$R" > out.sarif
	run sarif_valid out.sarif
	assert_success
	errtodo -f sarif < /dev/null > empty.sarif
	run sarif_valid empty.sarif
	assert_success
	run jq -c '.runs[0].results' empty.sarif
	assert_output '[]'
}

@test "sarif: rules from categories with hints as help; results with location, fingerprint, properties" {
	errtodo -f sarif --root "$ROOTDIR" "$R" > out.sarif
	run jq -c '.version, [.runs[0].tool.driver.rules[] | [.id, .shortDescription.text, .help.text]]' out.sarif
	assert_line --index 0 '"2.1.0"'
	assert_line --index 1 '[["memory_safety","Memory safety",null],["key_error","Key error","Check that the key exists before reading it."],["connection_refused","Connection refused",null],["uncategorized","Uncategorized",null]]'
	run jq -c '.runs[0].results[1] | [.ruleId, .ruleIndex, .level, .message.text,
		.locations[0].physicalLocation.artifactLocation.uri,
		.locations[0].physicalLocation.region.startLine,
		.locations[0].physicalLocation.region.startColumn,
		.partialFingerprints["errhash/v1"], .properties.count,
		.properties.first_seen, .properties.last_seen]' out.sarif
	assert_output '["key_error",1,"error","'"'user_id'"'","src/models.py",42,7,"3b1f0c9d8e7a6b52",3,"2026-11-20T10:00:00Z","2026-11-21T20:52:10Z"]'
	# a path outside the root stays absolute (a file: URI); odd characters are %-encoded
	run jq -r '.runs[0].results[] | .locations[0].physicalLocation.artifactLocation.uri // "none"' out.sarif
	assert_output 'file:///usr/include/stdio.h
src/models.py
none
lib/a,b%3Ac.c'
	run jq -r '.runs[0].results[] | .level' out.sarif
	assert_output 'error
error
error
warning'
	run jq -r '.runs[0].originalUriBaseIds["%SRCROOT%"].uri' out.sarif
	assert_output 'file:///home/runner/work/app/app/'
}

@test "codequality: GitLab's fields, severities mapped from ours, a path for every issue" {
	errtodo -f codequality --root "$ROOTDIR" "$R" > cq.json
	run jq -c -a '.[] | [.check_name, .severity, .fingerprint, .location.path, .location.lines.begin, .description]' cq.json
	assert_output '["memory_safety","blocker","1111222233334444","/usr/include/stdio.h",7,"heap-use-after-free: heap-use-after-free on address 0x602 \u0001 \ufffe"]
["key_error","critical","3b1f0c9d8e7a6b52","src/models.py",42,"KeyError: '"'user_id'"'"]
["connection_refused","major","5555666677778888","app.log",1,"connection_refused: connection refused"]
["uncategorized","minor","aaaabbbbccccdddd","lib/a,b:c.c",3,"-Wunused-variable: unused variable '"'x'"' 100% <b>, a:b"]'
	run jq -c 'map(.fingerprint) | unique | length' cq.json
	assert_output 4
	run sh -c 'errtodo -f codequality < /dev/null | jq -c .'
	assert_output '[]'
}

@test "junit: well-formed XML a real parser reads, a suite per category, a failure per error" {
	errtodo -f junit --root "$ROOTDIR" "$R" > out.xml
	run python3 - out.xml <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'testsuites', root.tag
print(root.get('tests'), root.get('failures'))
for s in root.findall('testsuite'):
    cases = s.findall('testcase')
    assert int(s.get('tests')) == len(cases)
    for c in cases:
        f = c.find('failure')
        print(s.get('name'), '|', c.get('classname'), '|', c.get('name'), '|', c.get('file'), c.get('line'), '|', f.get('type'), '|', f.get('message'))
        assert 'fingerprint: ' in f.text
PY
	assert_success
	assert_line --index 0 '4 4'
	assert_line --index 2 "key_error | errtools.key_error | KeyError: 'user_id' (src/models.py:42) | src/models.py 42 | KeyError | 'user_id'"
	assert_line --index 4 "gcc | errtools.gcc | -Wunused-variable: unused variable 'x' 100% <b>, a:b (lib/a,b:c.c:3) | lib/a,b:c.c 3 | -Wunused-variable | unused variable 'x' 100% <b>, a:b"
	# characters XML cannot hold became U+FFFD; the text keeps its lines
	assert_line --index 1 --partial "heap-use-after-free on address 0x602 � �"
	run python3 -c 'import sys, xml.etree.ElementTree as ET; t = ET.parse(sys.argv[1]).getroot().find("testsuite/testcase/failure").text; print(t.splitlines()[1])' out.xml
	assert_output ']]> & <'
	run sh -c 'errtodo -f junit < /dev/null | python3 -c "import sys, xml.etree.ElementTree as ET; print(ET.parse(sys.stdin).getroot().get(\"tests\"))"'
	assert_output 0
}

@test "--root defaults to the git top level: relative and absolute paths become repository-relative" {
	need_cmd git
	mkdir -p repo/sub/deep && git -C repo init -q
	top=$(cd repo && pwd -P)
	cd repo/sub
	printf '%s\n' \
		'{"level":"error","message":"a","file":"a.c","line":1,"fingerprint":"0000000000000001"}' \
		'{"level":"error","message":"b","file":"'"$top"'/sub/deep/b.c","line":2,"fingerprint":"0000000000000002"}' \
		'{"level":"error","message":"c","file":"../../outside.c","line":3,"fingerprint":"0000000000000003"}' \
		'{"level":"error","message":"d","file":"/elsewhere/d.c","line":4,"fingerprint":"0000000000000004"}' \
		'{"level":"error","message":"e","file":"./deep/../e.c","line":5,"fingerprint":"0000000000000005"}' > in.jsonl
	run sh -c "errtodo -f github in.jsonl | sed -E 's/^::error (file=[^,]*).*/\\1/'"
	assert_output 'file=sub/a.c
file=sub/deep/b.c
file=../../outside.c
file=/elsewhere/d.c
file=sub/e.c'
	# outside a repository: the current directory; --root overrides both
	cd "$T" && mkdir plain && cd plain
	run sh -c "errtodo -f github --root '$top/sub' '$top/sub/in.jsonl' | sed -n 2p | sed -E 's/^::error (file=[^,]*).*/\\1/'"
	assert_output 'file=deep/b.c'
}

@test "end to end: real gcc output through errcap, errhash and errcat to annotations and SARIF" {
	need_cmd gcc
	mkdir -p src
	printf 'int main(void)\n{\n\tint unused;\n\treturn undefined_thing;\n}\n' > src/bad.c
	gcc -Wall -c "$T/src/bad.c" -o /dev/null > gcc.log 2>&1 || true
	errcap gcc.log | errhash | errcat > recs.jsonl
	run errtodo -f github --root "$T" recs.jsonl
	assert_success
	assert_line --regexp '^::error file=src/bad\.c,line=4,col=[0-9]+,title=[^:]*::.*undefined_thing'
	assert_line --regexp '^::warning file=src/bad\.c,line=3,col=[0-9]+,title=-Wunused-variable::'
	if [ -f "$SCHEMA" ] && python3 -c 'import jsonschema' 2>/dev/null; then
		errtodo -f sarif --root "$T" recs.jsonl > out.sarif
		sarif_valid out.sarif
	fi
}

@test "CI formats: unknown format and --update are usage errors" {
	run errtodo -f nope "$R"
	assert_failure 2
	assert_output --partial "unknown format 'nope' (todo, issue, github, sarif, codequality, junit)"
	run errtodo -f sarif -u TODO.md "$R"
	assert_failure 2
}
