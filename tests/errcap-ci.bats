#!/usr/bin/env bats
# errcap's document inputs: JUnit XML test reports and SARIF 2.1.0 logs,
# from the real producers installed here where there are some.

load helper
bats_require_minimum_version 1.5.0

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
	F="$FIXTURES/errcap-ci"
}

# Debian's pytest (the python3 on PATH may be another one)
need_pytest() {
	PYTEST=$(command -v pytest-3 || true)
	[ -n "$PYTEST" ] || skip "pytest-3 (python3-pytest) not installed"
}

@test "pytest --junitxml: one record per failed test, with test id, type, frames; passes and skips give none" {
	need_pytest
	mkdir -p tests
	cat > tests/test_app.py <<'PY'
import json

def lookup(d):
    return d["user_id"]

def test_passes():
    assert True

def test_sum():
    assert 1 + 1 == 3

def test_lookup():
    lookup({})

class TestParse:
    def test_bad_json(self):
        json.loads("{bad")

def test_skipped():
    import pytest
    pytest.skip("not today")
PY
	"$PYTEST" -p no:cacheprovider --junitxml=report.xml tests > /dev/null 2>&1 || true
	run errcap report.xml
	assert_success
	valid_jsonl <(echo "$output")
	run sh -c "errcap report.xml | jq -c '[.test, .level, .type, .message, .file, .line, .function, .format, (.frames | length)]'"
	assert_output "[\"tests.test_app.test_sum\",\"error\",\"AssertionError\",\"assert (1 + 1) == 3\",\"tests/test_app.py\",10,\"test_sum\",\"pytest\",1]
[\"tests.test_app.test_lookup\",\"error\",\"KeyError\",\"'user_id'\",\"tests/test_app.py\",4,\"lookup\",\"pytest\",2]
[\"tests.test_app.TestParse.test_bad_json\",\"error\",\"json.decoder.JSONDecodeError\",\"Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\",\"tests/test_app.py\",17,\"test_bad_json\",\"pytest\",4]"
	# the record's text is the failure text; input points into the report
	run sh -c "errcap report.xml | jq -r 'select(.type == \"KeyError\") | .text, .input.name'"
	assert_line --index 0 'def test_lookup():'
	assert_line 'E       KeyError: '"'user_id'"
	assert_line 'report.xml'
}

@test "ctest --output-junit: a failed test's output (system-out) goes through the parsers" {
	need_cmd ctest
	need_cmd cmake
	need_cmd gcc
	mkdir src && cd src
	cat > CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.21)
project(t C)
enable_testing()
add_executable(widget widget.c)
add_test(NAME passes COMMAND widget ok)
add_test(NAME breaks COMMAND widget)
CM
	printf '#include <stdio.h>\nint main(int c, char **v) { (void)v; if (c > 1) return 0;\n fprintf(stderr, "widget.c:2: error: the widget is broken\\n"); return 3; }\n' > widget.c
	cmake -S . -B b > /dev/null 2>&1 || skip "cmake cannot configure here"
	cmake --build b > /dev/null 2>&1
	(cd b && ctest --output-junit ctest.xml > /dev/null 2>&1) || true
	[ -s b/ctest.xml ] || skip "this ctest writes no JUnit"
	run sh -c "errcap b/ctest.xml | jq -c '[.test, .level, .message, .file, .line, .format, .text]'"
	assert_output '["breaks","error","the widget is broken","widget.c",2,"gcc","widget.c:2: error: the widget is broken"]'
}

@test "node --test-reporter=junit: failures with the test's file and line from the stack" {
	need_cmd node
	cat > a.test.js <<'JS'
const test = require('node:test');
const assert = require('node:assert');
test('adds', () => { assert.strictEqual(1 + 1, 3); });
test('passes', () => { assert.ok(true); });
JS
	node --test --test-reporter=junit a.test.js > report.xml 2> /dev/null || true
	grep -q '<testcase' report.xml || skip "this node has no junit reporter"
	run sh -c "errcap report.xml | jq -c '[.test, .level, .file, .line]'"
	assert_output "[\"test.adds\",\"error\",\"$T/a.test.js\",3]"
}

@test "gotestsum --junitfile: go test failures and panics with the package as class" {
	need_cmd go
	need_cmd gotestsum
	mkdir calc && cd calc
	printf 'module example.com/calc\n\ngo 1.19\n' > go.mod
	printf 'package calc\n\nfunc Add(a, b int) int { return a - b }\n\nfunc Div(a, b int) int { return a / b }\n' > calc.go
	cat > calc_test.go <<'GO'
package calc

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(1, 2); got != 3 {
		t.Errorf("Add(1, 2) = %d, want 3", got)
	}
}

func TestDiv(t *testing.T) {
	Div(1, 0)
}

func TestOK(t *testing.T) {}
GO
	HOME="$T" GOCACHE="$T/.cache" GOPATH="$T/gopath" GOFLAGS=-mod=mod GOPROXY=off \
		gotestsum --junitfile report.xml ./... > /dev/null 2>&1 || true
	grep -q '<testcase' report.xml || skip "go test did not run here"
	run sh -c "errcap report.xml | jq -c '[.test, .type, .message, .file, .line, .format, (.frames | length > 0)]'"
	assert_output '["example.com/calc.TestAdd",null,"Add(1, 2) = -1, want 3","calc_test.go",7,"gotest",false]
["example.com/calc.TestDiv","runtime error","integer divide by zero","'"$T"'/calc/calc.go",5,"gotest",true]'
}

@test "JUnit shapes: Surefire classname.method, jest-junit names that hold the class, errors, nested suites, CDATA" {
	cat > r.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!-- shapes as the JUnit XML schema (Ant/Surefire) describes them -->
<testsuites>
  <testsuite name="outer">
    <testsuite name="com.example.CartTest" tests="3" failures="1" errors="1">
      <testcase name="addsItem" classname="com.example.CartTest" time="0.01"/>
      <testcase name="totals" classname="com.example.CartTest" time="0.02">
        <failure message="expected:&lt;3&gt; but was:&lt;2&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <3> but was: <2>
	at org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)
	at com.example.CartTest.totals(CartTest.java:21)
]]></failure>
        <system-out>not used: the failure has text</system-out>
      </testcase>
      <testcase name="checkout" classname="com.example.CartTest">
        <error message="boom" type="java.lang.IllegalStateException"/>
      </testcase>
    </testsuite>
  </testsuite>
  <testsuite name="jest tests">
    <testcase classname="Cart totals" name="Cart totals sums prices" file="src/cart.test.js">
      <failure>Error: no stack here</failure>
    </testcase>
  </testsuite>
</testsuites>
XML
	run errcap r.xml
	assert_success
	run sh -c "errcap r.xml | jq -c '[.test, .type, .message, .file, .line, .format]'"
	assert_output '["com.example.CartTest.totals","org.opentest4j.AssertionFailedError","expected: <3> but was: <2>","com/example/CartTest.java",21,"java"]
["com.example.CartTest.checkout","java.lang.IllegalStateException","boom",null,null,"junit"]
["Cart totals sums prices",null,"Error: no stack here","src/cart.test.js",null,"junit"]'
}

@test "malformed XML: FILE:LINE on stderr, the records before it kept, exit 2" {
	{
		echo '<?xml version="1.0"?>'
		echo '<testsuite name="s">'
		echo '  <testcase classname="a" name="one"><failure message="first">x</failure></testcase>'
		echo '  <testcase classname="a" name="two"><failure message="second">y</failure></testcase>'
		echo '  <testcase classname="a" name="three"><failure message="bad">z</fail></testcase>'
		echo '  <testcase classname="a" name="four"><failure message="never">w</failure></testcase>'
		echo '</testsuite>'
	} > bad.xml
	run --separate-stderr errcap bad.xml
	assert_failure 2
	run sh -c "errcap bad.xml 2>/dev/null | jq -r .test"
	assert_output 'a.one
a.two'
	run sh -c 'errcap bad.xml 2>&1 >/dev/null'
	assert_output --regexp '^errcap: bad\.xml:5: not well-formed JUnit XML: .+'
	# a report cut short (a killed runner) keeps what was complete
	head -c 200 bad.xml > cut.xml
	run -2 --separate-stderr errcap cut.xml
	assert_output --partial '"test":"a.one"'
	[[ $stderr == "errcap: cut.xml:"[0-9]*": not well-formed JUnit XML: "* ]]
}

@test "recognised by content, also on stdin; other XML and text go to the line parsers; --format junit forces" {
	printf '<?xml version="1.0"?>\n<testsuite name="s"><testcase classname="a" name="b"><failure message="m">t</failure></testcase></testsuite>\n' > r.xml
	run sh -c 'errcap < r.xml | jq -r .test'
	assert_output 'a.b'
	# BOM, comments and a doctype before the root
	printf '\xef\xbb\xbf<!-- c -->\n<!DOCTYPE x>\n<testsuites><testsuite name="s"><testcase classname="a" name="c"><error/></testcase></testsuite></testsuites>\n' > bom.xml
	run sh -c 'errcap bom.xml | jq -r .test'
	assert_output 'a.c'
	# a pom.xml is not a report: the line parsers see it (and find nothing)
	printf '<?xml version="1.0"?>\n<project><name>error: not a report</name></project>\n' > pom.xml
	run -1 errcap -f junit,gcc pom.xml
	run -2 errcap -f junit pom.xml
	assert_output --partial 'errcap: pom.xml:'
	# with --format naming only line parsers, a report is text
	run -1 errcap -f gcc r.xml
	run errcap --list-formats
	assert_line --regexp '^junit +built-in +JUnit XML'
	assert_line --regexp '^sarif +built-in +SARIF 2\.1\.0'
}

@test "a large JUnit report is read in flat memory" {
	[[ $ERRTOOLS_BIN == *asan* ]] && skip "memory is measured on the plain build"
	[ -x /usr/bin/time ] || skip "GNU time not installed"
	python3 - <<'PY'
def write(path, n):
    with open(path, 'w') as f:
        f.write('<?xml version="1.0"?>\n<testsuites>\n<testsuite name="big">\n')
        for i in range(n):
            f.write(f'<testcase classname="pkg.T{i % 97}" name="test_{i}"><system-out>{"log line " * 40}</system-out></testcase>\n')
            if i % 1000 == 0:
                f.write(f'<testcase classname="pkg.F" name="fail_{i}"><failure message="m{i}" type="AssertionError">AssertionError: m{i}\n{"  detail " * 50}</failure></testcase>\n')
        f.write('</testsuite>\n</testsuites>\n')
write('small.xml', 2000)
write('large.xml', 200000)
PY
	small=$(/usr/bin/time -f %M errcap small.xml 2>&1 >/dev/null | tail -1)
	large=$(/usr/bin/time -f %M errcap large.xml 2>&1 >/dev/null | tail -1)
	run sh -c 'errcap large.xml | wc -l'
	assert_output 200
	echo "max RSS: small ${small} KiB, large ${large} KiB ($(stat -c %s large.xml) bytes)"
	# 100 times the input, not 100 times the memory: within 8 MiB of the small run
	[ "$large" -lt $((small + 8192)) ]
}

@test "SARIF from the clang static analyzer: one record per result, rule id as type, location and region" {
	need_cmd clang
	printf '#include <stdlib.h>\nint f(int *p) { if (!p) { return *p; } return 0; }\nvoid g(void) { int *q = malloc(4); free(q); free(q); }\n' > an.c
	clang --analyze --analyzer-output sarif -o an.sarif an.c 2> /dev/null || true
	[ -s an.sarif ] || skip "this clang writes no SARIF"
	run sh -c "errcap an.sarif | jq -c '[.level, .type, .message, .file, .line, .column, .format, .tool]'"
	assert_output "[\"warning\",\"core.NullDereference\",\"Dereference of null pointer (loaded from variable 'p')\",\"$T/an.c\",2,34,\"sarif\",\"clang\"]
[\"warning\",\"unix.Malloc\",\"Attempt to free released memory\",\"$T/an.c\",3,45,\"sarif\",\"clang\"]"
}

@test "SARIF features: message strings, artifact index, default level, kinds, suppressions, %-decoding" {
	run sh -c "errcap '$F/spec-features.sarif' | jq -c '[.level, .type, .message, .file, .line, .column, .end_line, .end_column, .function, .tool]'"
	assert_output "[\"error\",\"SL1001\",\"Variable 'count' is used before 'init()' sets it.\",\"src/app core/main.c\",12,5,null,null,\"main\",\"SpecLint\"]
[\"warning\",\"SL1002\",\"Consider a const here.\",\"/work/x.c\",3,null,5,2,null,\"SpecLint\"]
[\"error\",\"SL1001\",\"Suppression was rejected.\",null,null,null,null,null,null,\"SpecLint\"]"
}

@test "SARIF round trip: errtodo --format sarif read back gives the same file, line, level, message, fingerprint" {
	cat > in.jsonl <<'J'
{"level":"error","type":"KeyError","message":"'user_id' — ünïcode","file":"src/models.py","line":42,"column":7,"format":"python","fingerprint":"3b1f0c9d8e7a6b52","count":3,"category":"key_error","severity":"high"}
{"level":"fatal","type":"heap-use-after-free","message":"heap-use-after-free on address 0x602","file":"src/a b%c.c","line":7,"format":"asan","fingerprint":"1111222233334444","category":"memory_safety","severity":"critical"}
{"level":"warning","type":"-Wunused-variable","message":"unused variable 'x'","file":"lib/x.c","line":3,"format":"gcc","fingerprint":"aaaabbbbccccdddd"}
{"level":"error","message":"connection refused","format":"log","fingerprint":"5555666677778888"}
J
	errtodo -f sarif --root "$T" in.jsonl > out.sarif
	keys='[.file, .line, .level, .message, .fingerprint, .type, .format]'
	run sh -c "errcap out.sarif | jq -c '$keys' | sort"
	assert_success
	expected=$(jq -c "$keys" in.jsonl | sort)
	assert_output "$expected"
	# and again: the results errtodo writes from those records are the same results
	errcap out.sarif | errtodo -f sarif --root "$T" > again.sarif
	pick='[.runs[0].results[] | [.level, .message, .locations, .partialFingerprints]]'
	run diff <(jq -S "$pick" out.sarif) <(jq -S "$pick" again.sarif)
	assert_success
}

@test "malformed SARIF: FILE:LINE where parsing stopped, exit 2" {
	printf '{\n  "version": "2.1.0",\n  "runs": [\n    { "results": [ }\n  ]\n}\n' > bad.sarif
	run -2 errcap bad.sarif
	assert_output --regexp '^errcap: bad\.sarif:4: not valid JSON'
	# --format sarif reads any input as SARIF
	echo 'plain text' > notes.txt
	run -2 errcap -f sarif notes.txt
	assert_output --partial 'errcap: notes.txt:1:'
}

@test "live: recognising documents does not hold up a stream of JSON log lines" {
	mkfifo fifo
	errcap --line-buffered < fifo > out &
	pid=$!
	exec 7> fifo
	# one JSON log line and a pause: not SARIF, so the log parser has it at once
	printf '{"time":"2026-11-21T10:00:00Z","level":"error","msg":"first"}\n' >&7
	for i in $(seq 1 100); do [ -s out ] && break; sleep 0.1; done
	before_end=$(cat out)
	exec 7>&-
	wait "$pid" || true
	run jq -r .message <<<"$before_end"
	assert_output first
}
