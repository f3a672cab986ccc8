#!/usr/bin/env bats
# errstat: every number checked against counts computed here with jq, python3
# or sqlite3 over the same input; every format read back with a real parser.

load helper

F="$FIXTURES/errstat"

setup() {
	TMP=$BATS_TEST_TMPDIR
}

# jq over records: occurrences (count, 1 when absent) of diagnostics
JQ_DIAG='select(.kind == null)'

# ---- command line ----

@test "--help and --version go to stdout and exit 0" {
	run errstat --help
	assert_success
	assert_output --partial "Usage: errstat"
	assert_output --partial "count = occurrences"
	run errstat --version
	assert_success
	assert_output --regexp '^errstat \(errtools\) [0-9]'
}

@test "--help, man page and completion list the same options" {
	run check_doc_drift errstat
	echo "$output"
	assert_success
}

@test "usage errors exit 2 with a message" {
	run errstat --no-such-option
	assert_failure 2
	run errstat --top abc "$F/day1.jsonl"
	assert_failure 2
	assert_output --partial "errstat: --top: invalid number 'abc'"
	run errstat --since yesterday-ish "$F/day1.jsonl"
	assert_failure 2
	assert_output --partial "errstat: --since: invalid time"
	run errstat --color=sometimes "$F/day1.jsonl"
	assert_failure 2
	run errstat --db x.db "$F/day1.jsonl"
	assert_failure 2
}

@test "an unreadable operand is reported, the others are still counted, exit 2" {
	run errstat --json "$TMP/missing.jsonl" "$F/day1.jsonl"
	assert_failure 2
	assert_output --partial "errstat: $TMP/missing.jsonl:"
	want=$(jq -s "[.[] | $JQ_DIAG | .count // 1] | add" "$F/day1.jsonl")
	run bash -c "errstat --json '$TMP/missing.jsonl' '$F/day1.jsonl' 2>/dev/null | jq .summary.count"
	assert_output "$want"
}

@test "a line that is not JSON is reported and skipped, the records around it count, exit 2" {
	run errstat --json "$F/tricky.jsonl"
	assert_failure 2
	assert_output --partial "errstat: $F/tricky.jsonl:3: not a JSON object: this is not json"
	errstat --json "$F/tricky.jsonl" 2>/dev/null > "$TMP/out.json" || true
	want=$(grep -v '^this is not json' "$F/tricky.jsonl" | jq -s '[.[] | .count // 1] | add')
	run jq .summary.count "$TMP/out.json"
	assert_output "$want"
	run jq .summary.records "$TMP/out.json"
	assert_output 3
}

# ---- counts ----

@test "count is occurrences (sum of errhash's count), distinct is fingerprints" {
	errstat --json "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.json"
	count=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -s '[.[] | .count] | add')
	distinct=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -s '[.[] | .fingerprint] | unique | length')
	records=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | wc -l)
	run jq -c '[.summary.count, .summary.distinct, .summary.records]' "$TMP/out.json"
	assert_output "[$count,$distinct,$records]"
}

@test "the terminal report's numbers match jq" {
	run errstat --color=never --top 0 "$F/day1.jsonl" "$F/day2.jsonl"
	assert_success
	count=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -s 'map(.count) | add')
	distinct=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -s 'map(.fingerprint) | unique | length')
	assert_line --regexp "^  occurrences \(count\): +$count\$"
	assert_line --regexp "^  distinct errors \(fingerprints\): +$distinct\$"
	# every category line: name, count, distinct
	while IFS=' ' read -r cat c d; do
		assert_line --regexp "^  $cat +$c +$d  "
	done < <(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -rs 'group_by(.category)[] | "\(.[0].category) \(map(.count) | add) \(map(.fingerprint) | unique | length)"')
}

@test "default report: totals by level, severity, category and files match jq" {
	errstat --json --top 0 "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.json"
	for f in level severity category; do
		want=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -sc "group_by(.$f) | map({\"$f\": .[0].$f, count: (map(.count) | add), distinct: (map(.fingerprint) | unique | length)}) | sort_by(.$f)")
		got=$(jq -c ".by_$f | sort_by(.$f)" "$TMP/out.json")
		[ "$got" = "$want" ] || { echo "$f: got $got want $want"; false; }
	done
	# files by their last component, as fingerprints name them (tests/errstat-files.bats)
	want=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -sc 'map(select(.file != null) | .file |= (split("/") | last)) | group_by(.file) | map({file: .[0].file, count: (map(.count) | add), distinct: (map(.fingerprint) | unique | length)}) | sort_by(-.count, .file)')
	run jq -c '.top_files' "$TMP/out.json"
	assert_output "$want"
}

@test "severity rows come in severity order, categories by count" {
	errstat --json "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.json"
	run jq -c '[.by_severity[].severity]' "$TMP/out.json"
	assert_output '["critical","high","medium","low"]'
	run jq -c '[.by_category[].count] | . == (sort | reverse)' "$TMP/out.json"
	assert_output true
}

@test "top errors: the most frequent first, with type, message and location (JSON has every row)" {
	errstat --json --top 3 "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.json"
	want=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -sc 'group_by(.fingerprint) | map({fingerprint: .[0].fingerprint, count: (map(.count) | add), type: .[0].type, message: .[0].message, file: .[0].file, line: .[0].line}) | sort_by(-.count, .fingerprint)')
	run jq -c '[.top_errors[] | {fingerprint, count, type, message, file, line}]' "$TMP/out.json"
	assert_output "$want"
	run errstat --top 3 --color=never "$F/day1.jsonl" "$F/day2.jsonl"
	assert_output --partial "src/util.c:12"
	assert_output --partial "more (--top 0 shows all)"
}

@test "raw errcap records: 1 per record, distinct by (type, message, file), run records apart" {
	errstat --json --top 0 "$F/raw.jsonl" > "$TMP/out.json"
	want_c=$(jq -s "[.[] | $JQ_DIAG] | length" "$F/raw.jsonl")
	want_d=$(jq -s "[.[] | $JQ_DIAG | [.type, .message, .file]] | unique | length" "$F/raw.jsonl")
	want_r=$(jq -s '[.[] | select(.kind == "run")] | length' "$F/raw.jsonl")
	run jq -c '[.summary.count, .summary.distinct, .summary.runs, (.top_errors | length)]' "$TMP/out.json"
	assert_output "[$want_c,$want_d,$want_r,$want_d]"
	run jq -c '[.top_errors[].fingerprint] | unique' "$TMP/out.json"
	assert_output '[null]'
}

@test "per-day series: occurrences by the day of last_seen / time, gaps filled with 0" {
	errstat --json "$F/raw.jsonl" "$F/day2.jsonl" > "$TMP/out.json"
	want=$(cat "$F/raw.jsonl" "$F/day2.jsonl" | jq -sc "map($JQ_DIAG) | group_by((.last_seen // .time)[:10]) | map({day: (.[0].last_seen // .[0].time)[:10], count: (map(.count // 1) | add)})")
	run jq -c '[.per_day[] | select(.count > 0) | {day, count}]' "$TMP/out.json"
	assert_output "$want"
	run jq -c '[.per_day[].day]' "$TMP/out.json"
	assert_output '["2026-11-19","2026-11-20","2026-11-21"]'
}

# ---- --by, --top, --since, --until ----

@test "--by FIELD,FIELD groups match jq" {
	errstat --json --top 0 --by category,severity "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.json"
	want=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -sc 'group_by([.category, .severity]) | map({category: .[0].category, severity: .[0].severity, count: (map(.count) | add), distinct: (map(.fingerprint) | unique | length)}) | sort_by(.category, .severity)')
	run jq -c '.groups | sort_by(.category, .severity)' "$TMP/out.json"
	assert_output "$want"
}

@test "--by any field: format, type (null kept), fingerprint" {
	for f in format type fingerprint; do
		errstat --json --top 0 --by "$f" "$F/day1.jsonl" > "$TMP/out.json"
		want=$(jq -sc "group_by(.$f) | map({\"$f\": .[0].$f, count: (map(.count) | add)}) | sort_by(.$f)" "$F/day1.jsonl")
		got=$(jq -c "[.groups[] | {$f, count}] | sort_by(.$f)" "$TMP/out.json")
		[ "$got" = "$want" ] || { echo "$f: got $got want $want"; false; }
	done
}

@test "--by day and --by hour use the record's time, in time order" {
	errstat --json --by hour "$F/raw.jsonl" > "$TMP/out.json"
	want=$(jq -sc "map($JQ_DIAG) | group_by(.time[:13]) | map({hour: .[0].time[:13], count: length})" "$F/raw.jsonl")
	run jq -c '[.groups[] | select(.count > 0) | {hour, count}]' "$TMP/out.json"
	assert_output "$want"
	# the hours in between are there, with 0
	first=$(jq -rs "map($JQ_DIAG | .time) | min | .[:13]" "$F/raw.jsonl")
	last=$(jq -rs "map($JQ_DIAG | .time) | max | .[:13]" "$F/raw.jsonl")
	hours=$(( ($(date -ud "${first/T/ }:00" +%s) - $(date -ud "${last/T/ }:00" +%s)) / -3600 + 1 ))
	run jq -c '[.groups | length, (map(.count) | add), .[0].hour, .[-1].hour]' "$TMP/out.json"
	assert_output "[$hours,$(jq -s "map($JQ_DIAG) | length" "$F/raw.jsonl"),\"$first\",\"$last\"]"
	run errstat --by day --color=never "$F/day1.jsonl" "$F/day2.jsonl"
	assert_output --partial "2026-11-20"
	assert_output --partial "█"
}

@test "--top N cuts every list of text, markdown and HTML; JSON and CSV have every row" {
	want=$(jq -s '[.[].file] | unique | length' "$F/day1.jsonl")
	[ "$want" -gt 2 ]
	run bash -c "errstat --json --top 2 --by file '$F/day1.jsonl' | jq '.groups | length'"
	assert_output "$want"
	run bash -c "errstat --csv --top 2 --by file '$F/day1.jsonl' | tail -n +2 | wc -l"
	assert_output "$want"
	# table rows of the markdown report and its header
	run bash -c "errstat --markdown --top 2 --by file '$F/day1.jsonl' | grep -c '^| '"
	assert_output 3
	run bash -c "errstat --markdown --top 0 --by file '$F/day1.jsonl' | grep -c '^| '"
	assert_output "$((want + 1))"
}

@test "--since and --until filter on the record's time" {
	cat "$F/raw.jsonl" "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/all.jsonl"
	want=$(jq -s "map($JQ_DIAG | select((.last_seen // .time) >= \"2026-11-20T03:00:00Z\" and (.last_seen // .time) < \"2026-11-21\")) | map(.count // 1) | add" "$TMP/all.jsonl")
	run bash -c "errstat --json --since 2026-11-20T03:00:00Z --until 2026-11-20 '$TMP/all.jsonl' | jq .summary.count"
	assert_output "$want"
	want=$(jq -s "map($JQ_DIAG | select((.last_seen // .time) >= \"2026-11-21\")) | map(.count // 1) | add" "$TMP/all.jsonl")
	run bash -c "errstat --json --since 2026-11-21 '$TMP/all.jsonl' | jq .summary.count"
	assert_output "$want"
	# relative spans: before 100 years ago there is nothing, since then everything
	run bash -c "errstat --json --until 36500d '$TMP/all.jsonl' | jq .summary.count"
	assert_output 0
	want=$(jq -s "map($JQ_DIAG | .count // 1) | add" "$TMP/all.jsonl")
	run bash -c "errstat --json --since 36500d '$TMP/all.jsonl' | jq .summary.count"
	assert_output "$want"
}

# ---- formats ----

@test "--json is one document that jq reads" {
	run bash -c "errstat --json '$F/day1.jsonl' | jq -s length"
	assert_output 1
	errstat --json --by severity "$F/runs.jsonl" "$F/day1.jsonl" > "$TMP/out.json"
	run jq -e '.report and (.summary | type == "object") and (.groups | type == "array")' "$TMP/out.json"
	assert_success
}

@test "--csv: RFC 4180 read back by python's csv module, numbers match" {
	errstat --csv --top 0 --by category "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.csv"
	cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -sc 'group_by(.category) | map([.[0].category, (map(.count) | add | tostring), (map(.fingerprint) | unique | length | tostring)]) | sort' > "$TMP/want"
	run python3 -c '
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["category", "count", "distinct"], rows[0]
print(json.dumps(sorted(rows[1:]), separators=(",", ":")))' "$TMP/out.csv"
	assert_success
	assert_output "$(cat "$TMP/want")"
}

@test "--csv quotes commas, quotes and newlines so fields come back exactly" {
	errstat --csv --top 0 "$F/tricky.jsonl" > "$TMP/out.csv" 2>/dev/null || true
	grep -v '^this is not json' "$F/tricky.jsonl" | jq -sc 'map({fingerprint, count: (.count|tostring), message: (.message | gsub("\u0000"; "\ufffd")), file}) | sort_by(.fingerprint)' > "$TMP/want"
	run python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
print(json.dumps(sorted([{"fingerprint": r["fingerprint"], "count": r["count"], "message": r["message"], "file": r["file"]} for r in rows], key=lambda r: r["fingerprint"]), separators=(",", ":"), ensure_ascii=False))' "$TMP/out.csv"
	assert_success
	assert_output "$(cat "$TMP/want")"
	# RFC 4180 line ends
	run bash -c "head -1 '$TMP/out.csv' | od -c | grep -c '\\\\r'"
	assert_output 1
}

@test "--markdown: tables with a row per group, special characters escaped" {
	errstat --markdown --top 0 "$F/tricky.jsonl" > "$TMP/out.md" 2>/dev/null || true
	run grep -c '^## ' "$TMP/out.md"
	assert_output 6
	# every table row has as many unescaped cell separators as its header
	run python3 -c '
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
n = None
for l in lines:
    if not l.startswith("|"):
        n = None
        continue
    k = len(re.findall(r"(?<!\\)\|", l))
    if n is None:
        n = k
    assert k == n, l
print("ok")' "$TMP/out.md"
	assert_output ok
	# the category table's numbers
	want=$(grep -v '^this' "$F/tricky.jsonl" | jq -rs 'group_by(.category) | sort_by(-(map(.count) | add), .[0].category)[] | "| \(.[0].category | gsub("(?<c>[_|])"; "\\\(.c)")) | \(map(.count) | add) | \(length) |"')
	run bash -c "sed -n '/^## By category/,/^## /p' '$TMP/out.md' | grep '^| [^-]' | tail -n +2"
	assert_output "$want"
	run grep -c 'a\\|b' "$TMP/out.md"
	assert_output 2
	run grep -F '<script>' "$TMP/out.md"
	assert_failure
}

@test "--html: well-formed, self-contained, text escaped, one bar per day and category" {
	errstat --html --top 0 "$F/day1.jsonl" "$F/day2.jsonl" "$F/tricky.jsonl" > "$TMP/out.html" 2>/dev/null || true
	days=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -rs 'map(.last_seen[:10]) | unique | length')
	cats=$(cat "$F/day1.jsonl" "$F/day2.jsonl" "$F/tricky.jsonl" 2>/dev/null | grep -v '^this' | jq -rs 'map(.category) | unique | length')
	run python3 - "$TMP/out.html" "$days" "$cats" <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "hr", "input", "link", "line", "rect", "path", "circle"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.svgs, self.rects, self.ext, self.text = [], 0, [], [], []
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("src", "href", "xlink:href", "action") or (v and ("http:" in v or "https:" in v or "url(" in v)):
                self.ext.append((tag, k, v))
        if tag == "script":
            self.ext.append((tag, "script", ""))
        if tag == "svg":
            self.svgs += 1
            self.rects.append(0)
        if tag == "rect":
            self.rects[-1] += 1
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        if tag == "rect":
            self.rects[-1] += 1
    def handle_endtag(self, tag):
        if tag in VOID and (not self.stack or self.stack[-1] != tag):
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
    def handle_data(self, d):
        self.text.append(d)
data = open(sys.argv[1], encoding="utf-8").read()
assert data.startswith("<!DOCTYPE html>")
p = P(); p.feed(data); p.close()
assert not p.stack, p.stack
assert not p.ext, p.ext
assert "@import" not in data
text = "".join(p.text)
assert "Err<script>alert(1)</script>" in text      # shown as text, not markup
assert p.svgs == 2, p.svgs
print(p.rects[0], p.rects[1])
PY
	assert_success
	assert_output "$days $cats"
}

@test "--html page renders in headless Chromium (screenshot not blank)" {
	need_cmd chromium
	errstat --html "$F/day1.jsonl" "$F/day2.jsonl" "$F/runs.jsonl" > "$TMP/report.html"
	mkdir "$TMP/profile"
	run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$TMP/profile" \
		--screenshot="$TMP/shot.png" --window-size=1200,1600 "file://$TMP/report.html"
	[ -s "$TMP/shot.png" ]
	# decode the PNG: it must show more than a blank page (several colours, lots of non-white)
	run python3 - "$TMP/shot.png" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h = 8, b"", 0, 0
while pos < len(d):
    n, t = struct.unpack(">I4s", d[pos:pos + 8])
    body = d[pos + 8:pos + 8 + n]
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif t == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
colours = len(set(raw[i:i + 3] for i in range(0, min(len(raw), 4_000_000), 997)))
assert w == 1200 and h == 1600, (w, h)
assert colours > 20, colours
print("ok")
PY
	assert_output ok
}

@test "terminal charts: Unicode blocks by default, plain ASCII with --ascii" {
	run errstat --color=never "$F/day1.jsonl" "$F/day2.jsonl"
	assert_output --partial "█"
	assert_output --partial "trend:"
	run bash -c "errstat --ascii --color=never '$F/day1.jsonl' '$F/day2.jsonl' | LC_ALL=C grep -c -P '[^\\x00-\\x7f]'"
	assert_output 0
	run errstat --ascii --color=never "$F/day1.jsonl" "$F/day2.jsonl"
	assert_output --partial "####"
}

@test "colour only when asked or on a terminal, never with NO_COLOR" {
	run bash -c "errstat '$F/day1.jsonl' | grep -c $'\\033'"
	assert_output 0
	run bash -c "errstat --color=always '$F/day1.jsonl' | grep -c $'\\033'"
	[ "$output" -gt 0 ]
	run bash -c "NO_COLOR=1 errstat --color=always '$F/day1.jsonl' | grep -c $'\\033'"
	assert_output 0

	# on a terminal (script(1) gives one): colour, unless NO_COLOR
	need_cmd script
	script -qec true /dev/null >/dev/null 2>&1 || skip "script(1) cannot open a pseudo-terminal here"
	run bash -c "script -qec \"errstat '$F/day1.jsonl'\" /dev/null | grep -c $'\\033'"
	[ "$output" -gt 0 ]
	run bash -c "NO_COLOR=1 script -qec \"errstat '$F/day1.jsonl'\" /dev/null | grep -c $'\\033'"
	assert_output 0
}

@test "invalid UTF-8 in a record comes out as valid UTF-8 in every format" {
	printf '{"level":"error","type":"X","message":"bad \xff\xfe bytes","file":"f\xc3.c","line":1}\n' > "$TMP/bad.jsonl"
	for fmt in "" --json --csv --markdown --html; do
		errstat $fmt --color=never "$TMP/bad.jsonl" > "$TMP/out"
		python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$TMP/out"
	done
	run bash -c "errstat --json '$TMP/bad.jsonl' | jq -r '.top_errors[0].message'"
	assert_output "bad �� bytes"
}

@test "-o FILE writes the same report as stdout" {
	errstat --markdown "$F/day1.jsonl" > "$TMP/a.md"
	run errstat --markdown -o "$TMP/b.md" "$F/day1.jsonl"
	assert_success
	assert_output ""
	cmp "$TMP/a.md" "$TMP/b.md"
}

@test "empty input: a report of zeros, exit 0" {
	run bash -c "errstat --json < /dev/null | jq -c '[.summary.count, .summary.distinct, (.top_errors | length)]'"
	assert_success
	assert_output "[0,0,0]"
}

@test "| head -1 ends quietly" {
	for i in $(seq 200); do sed "s/\"fingerprint\": \"/\"fingerprint\": \"$i/" "$F/day1.jsonl"; done > "$TMP/many.jsonl"
	run bash -c "set -o pipefail; errstat --top 0 '$TMP/many.jsonl' | head -1; echo \"status \${PIPESTATUS[0]}\""
	assert_output --partial "errstat report"
	refute_output --partial "Broken pipe"
	refute_output --partial "write error"
}

# ---- runs ----

@test "runs: success rate, failures by command, mean and p95 duration, attempts per session" {
	errstat --json --top 0 "$F/runs.jsonl" > "$TMP/out.json"
	python3 - "$F/runs.jsonl" > "$TMP/want" <<'PY'
import json, math, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
ok = lambda r: r.get("exit_status") == 0 and not r.get("signal")
num = lambda x: int(x) if x == int(x) else x
d = sorted(r["duration_ms"] for r in runs if "duration_ms" in r)
p95 = d[math.ceil(0.95 * len(d)) - 1]
cmds = {}
for r in runs:
    c = cmds.setdefault(r["command"], [0, 0])
    c[0] += 1; c[1] += not ok(r)
sess = {}
for r in sorted((r for r in runs if r.get("session")), key=lambda r: r["started"]):
    sess.setdefault(r["session"], []).append(ok(r))
att = {s: (v.index(True) + 1 if True in v else None) for s, v in sess.items()}
print(json.dumps({
  "runs": len(runs), "failed": sum(not ok(r) for r in runs),
  "rate": num(round(100 * sum(ok(r) for r in runs) / len(runs), 2)),
  "mean": num(round(sum(d) / len(d), 2)), "p95": p95,
  "cmds": sorted([k, v[0], v[1]] for k, v in cmds.items()),
  "att": sorted([k, v] for k, v in att.items()),
}, separators=(",", ":")))
PY
	run jq -c '{runs: .summary.runs, failed: .summary.failed_runs, rate: .summary.success_rate, mean: .summary.duration_mean_ms, p95: .summary.duration_p95_ms, cmds: ([.runs_by_command[] | [.command, .runs, .failed]] | sort), att: ([.sessions[] | [.session, .attempts_until_success]] | sort)}' "$TMP/out.json"
	assert_output "$(cat "$TMP/want")"
}

# ---- --compare ----

@test "--compare OLD NEW: appeared, gone, increased, decreased match a set computation" {
	errstat --json --top 0 --compare "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.json"
	python3 - "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/want" <<'PY'
import json, sys
def load(p):
    m = {}
    for l in open(p):
        r = json.loads(l)
        m[r["fingerprint"]] = m.get(r["fingerprint"], 0) + r["count"]
    return m
o, n = load(sys.argv[1]), load(sys.argv[2])
ch = {"appeared": sorted(set(n) - set(o)), "gone": sorted(set(o) - set(n)),
      "increased": sorted(k for k in n if k in o and n[k] > o[k]),
      "decreased": sorted(k for k in n if k in o and n[k] < o[k])}
print(json.dumps({k: [len(ch[k]), ch[k]] for k in ("appeared", "gone", "increased", "decreased")}, separators=(",", ":")))
PY
	run jq -c '. as $d | {appeared: [.summary.appeared, ([.changes[] | select(.change == "appeared") | .fingerprint] | sort)], gone: [.summary.gone, ([.changes[] | select(.change == "gone") | .fingerprint] | sort)], increased: [.summary.increased, ([.changes[] | select(.change == "increased") | .fingerprint] | sort)], decreased: [.summary.decreased, ([.changes[] | select(.change == "decreased") | .fingerprint] | sort)]}' "$TMP/out.json"
	assert_output "$(cat "$TMP/want")"
	# the counts on both sides
	run jq -c '[.changes[] | select(.fingerprint == "1111222233334444") | .old_count, .new_count, .delta]' "$TMP/out.json"
	assert_output "[12,4,-8]"
}

@test "--compare reads NEW from stdin and drives --fail-if appeared>0" {
	run bash -c "errstat --compare '$F/day1.jsonl' --fail-if 'appeared>0' < '$F/day2.jsonl' > /dev/null"
	assert_failure 1
	run bash -c "errstat --compare '$F/day1.jsonl' --fail-if 'appeared>0' < '$F/day1.jsonl' > /dev/null"
	assert_success
	run bash -c "errstat --csv --compare '$F/day1.jsonl' '$F/day2.jsonl' | tr -d '\\r'"
	assert_line --index 0 "change,fingerprint,old_count,new_count,delta,level,type,message,file,line,category,severity"
}

# ---- --fail-if ----

@test "--fail-if: 1 when the condition holds, 0 when not" {
	crit2=$(jq -s '[.[] | select(.severity == "critical") | .count] | add // 0' "$F/day2.jsonl")
	crit1=$(jq -s '[.[] | select(.severity == "critical") | .count] | add // 0' "$F/day1.jsonl")
	[ "$crit2" -gt 0 ] && [ "$crit1" -eq 0 ]
	run errstat --fail-if 'severity=critical>0' "$F/day2.jsonl"
	assert_failure 1
	run errstat --fail-if 'severity=critical>0' "$F/day1.jsonl"
	assert_success
	total=$(jq -s '[.[].count] | add' "$F/day1.jsonl")
	run errstat --fail-if "count>$total" "$F/day1.jsonl"
	assert_success
	run errstat --fail-if "count>=$total" "$F/day1.jsonl"
	assert_failure 1
	run errstat --fail-if "count==$total && distinct>=5" "$F/day1.jsonl"
	assert_failure 1
	run errstat --fail-if "count>1000 || category=network_error>4" "$F/day1.jsonl"
	assert_failure 1
	run errstat --fail-if "!(category=network_error>=5)" "$F/day1.jsonl"
	assert_success
	run errstat --fail-if "file='app/models.py'==3" "$F/day1.jsonl"
	assert_failure 1
	run errstat --fail-if "category=no_such_category" "$F/day1.jsonl"
	assert_success
}

@test "--fail-if on runs: failed_runs and success_rate" {
	run errstat --fail-if 'success_rate<50' "$F/runs.jsonl"
	assert_failure 1
	run errstat --fail-if 'failed_runs>0' "$F/day1.jsonl"
	assert_success
}

@test "--fail-if: a bad expression is exit 2 with a message" {
	for e in 'count>' 'count>>1' '(count>1' '' 'count>1 &&' '>3' 'severity=>1' "msg='open"; do
		run errstat --fail-if "$e" "$F/day1.jsonl"
		[ "$status" -eq 2 ] || { echo "'$e' gave $status"; false; }
		[[ "$output" == "errstat: --fail-if: "* ]] || { echo "'$e': $output"; false; }
	done
	refused 'new>0' "$F/day1.jsonl" "errstat: --fail-if: 'new' needs records with a status, from errhash --db"
	refused 'bogus>0' "$F/day1.jsonl" "unknown name 'bogus'"
}

# ---- --db ----

make_store() {
	sed -n '/^```sql/,/^```/p' "$ROOT/docs/store.md" | sed '1d;$d' | sqlite3 "$TMP/store.db"
	sqlite3 "$TMP/store.db" <<'SQL'
INSERT INTO errors VALUES('aaaa000000000001','2026-11-15T01:00:00Z','2026-11-21T01:00:00Z',10,3,NULL,NULL,NULL,'error','KeyError','''id''','a.py',3,'python','key_error','high','{}');
INSERT INTO errors VALUES('aaaa000000000002','2026-11-20T01:00:00Z','2026-11-20T05:00:00Z',4,1,'2026-11-21T09:00:00Z','fixed it',NULL,'error','E1','boom','b.rs',9,'rustc','build_failure','critical','{}');
INSERT INTO errors VALUES('aaaa000000000003','2026-11-21T03:00:00Z','2026-11-21T03:00:00Z',2,1,NULL,NULL,'2026-11-21T03:00:00Z','warning','W','warn','c.c',1,'gcc','compiler_warning','low','{}');
INSERT INTO errors VALUES('aaaa000000000004','2026-11-10T03:00:00Z','2026-11-10T03:00:00Z',1,1,'2026-11-11T00:00:00Z',NULL,NULL,'error','Old','old','d.c',1,'gcc','build_failure','medium','{}');
INSERT INTO daily VALUES('aaaa000000000001','2026-11-15',5),('aaaa000000000001','2026-11-20',3),('aaaa000000000001','2026-11-21',2),('aaaa000000000002','2026-11-20',4),('aaaa000000000003','2026-11-21',2),('aaaa000000000004','2026-11-10',1);
INSERT INTO runs VALUES(1,'2026-11-20T01:00:00Z',7,2),(2,'2026-11-21T01:00:00Z',4,2);
SQL
}

@test "--db: occurrences, recent, fixed and regressed per day match sqlite3" {
	need_cmd sqlite3
	make_store
	errstat --json --db "$TMP/store.db" --until 2026-11-21 --days 7 > "$TMP/out.json"
	want=$(for d in 15 16 17 18 19 20 21; do
		day=2026-11-$d
		sqlite3 -separator , "$TMP/store.db" "SELECT '$day', (SELECT COALESCE(SUM(count),0) FROM daily WHERE day='$day'), (SELECT COUNT(*) FROM daily WHERE day='$day'), (SELECT COUNT(*) FROM errors WHERE substr(first_seen,1,10)='$day'), (SELECT COUNT(*) FROM errors WHERE substr(fixed_at,1,10)='$day'), (SELECT COUNT(*) FROM errors WHERE substr(regressed_at,1,10)='$day')"
	done)
	run jq -r '.per_day[] | [.day, .count, .distinct, .recent, .fixed, .regressed] | join(",")' "$TMP/out.json"
	assert_output "$want"
	want=$(sqlite3 "$TMP/store.db" "SELECT SUM(count) || ',' || COUNT(DISTINCT fingerprint) FROM daily WHERE day BETWEEN '2026-11-15' AND '2026-11-21'")
	run jq -r '"\(.summary.count),\(.summary.distinct)"' "$TMP/out.json"
	assert_output "$want"
	run jq -r '[.top_errors[] | "\(.fingerprint):\(.count):\(.status)"] | join(" ")' "$TMP/out.json"
	assert_output "aaaa000000000001:10:open aaaa000000000002:4:fixed aaaa000000000003:2:regressed"
}

@test "--db: --days, --csv, --fail-if, and the store is left untouched" {
	need_cmd sqlite3
	make_store
	before=$(sha256sum "$TMP/store.db")
	run bash -c "errstat --csv --db '$TMP/store.db' --until 2026-11-21 --days 2 | tr -d '\\r'"
	assert_success
	assert_line --index 0 "day,count,distinct,recent,fixed,regressed"
	assert_line --index 1 "2026-11-20,7,2,1,0,0"
	assert_line --index 2 "2026-11-21,4,2,1,1,1"
	run errstat --db "$TMP/store.db" --until 2026-11-21 --days 1 --fail-if 'recent>0'
	assert_failure 1
	run errstat --db "$TMP/store.db" --until 2026-11-19 --days 3 --fail-if 'recent>0 || regressed>0'
	assert_success
	run errstat --db "$TMP/store.db" --until 2026-11-21 --days 1 --fail-if 'new>0'
	assert_failure 2
	assert_output --partial "with --db, 'recent' counts those first seen in the period"
	run errstat --db "$TMP/store.db" --until 2026-11-21 --days 2 --fail-if 'severity=critical>=4'
	assert_failure 1
	run errstat --db "$TMP/store.db" --until 2026-11-21 --days 2 --fail-if 'severity=critical>4'
	assert_success
	run errstat --db "$TMP/store.db" --fail-if 'rule=x>0'
	assert_failure 2
	assert_output --partial "errstat: --fail-if: with --db, FIELD=VALUE works on level"
	run errstat --db "$TMP/store.db" --fail-if 'gone>0'
	assert_failure 2
	assert_output --partial "'gone' needs --compare"
	[ "$(sha256sum "$TMP/store.db")" = "$before" ]
	run errstat --db "$TMP/nothing.db"
	assert_failure 2
	echo "not a database" > "$TMP/junk.db"
	run errstat --db "$TMP/junk.db"
	assert_failure 2
}

@test "--db: html and markdown render the history" {
	need_cmd sqlite3
	make_store
	errstat --html --db "$TMP/store.db" --until 2026-11-21 --days 7 > "$TMP/h.html"
	run grep -c '<rect class="bar"' "$TMP/h.html"
	assert_output 10     # 7 days + 3 categories
	errstat --markdown --db "$TMP/store.db" --until 2026-11-21 --days 7 > "$TMP/h.md"
	run grep -c '^| 2026-11-' "$TMP/h.md"
	assert_output 7
}

# ---- the reader ----

@test "a line is a record exactly when python's json module reads it as an object" {
	python3 - "$F/day1.jsonl" "$F/runs.jsonl" "$TMP/fuzz.jsonl" "$TMP/want" <<'PY'
import json, random, sys
random.seed(11)
base = [l.rstrip("\n") for f in sys.argv[1:3] for l in open(f)]
alphabet = list('{}[]",:\\ u0123456789abcdeftrnl-+.eE') + ['\\u12', '\\ud800', 'true', 'null', '\t']
out = []
for i in range(3000):
    s = random.choice(base)
    for _ in range(random.randint(1, 3)):
        pos = random.randrange(len(s) + 1)
        op = random.random()
        c = random.choice(alphabet)
        s = s[:pos] + c + s[pos:] if op < 0.4 else s[:pos] + s[pos + 1:] if op < 0.8 else s[:pos] + c + s[pos + 1:]
    out.append(s.replace("\n", "").replace("\r", ""))
# inputs of five lines: an input's first five bad lines are reported one by one
for k in range(0, len(out), 5):
    open(f"{sys.argv[3]}.{k // 5:04d}", "w").write("\n".join(out[k:k + 5]) + "\n")
def bad(l):
    if not l.strip(" \t"):
        return False
    try:
        v = json.loads(l, strict=False, parse_constant=lambda c: 1 / 0)
    except Exception:
        return True
    return not isinstance(v, dict)
open(sys.argv[4], "w").write("".join(f"{i}\n" for i, l in enumerate(out, 1) if bad(l)))
PY
	run bash -c "errstat --json '$TMP'/fuzz.jsonl.* 2>&1 >/dev/null | grep -o 'fuzz.jsonl[.][0-9]*:[0-9][0-9]*' | awk -F'[.:]' '{ print (\$(NF-1) + 0) * 5 + \$NF }'"
	[ "$output" = "$(cat "$TMP/want")" ]
	[ "$(wc -l < "$TMP/want")" -gt 100 ]
}

# ---- docs/cron.md ----

@test "docs/cron.md's nightly script writes the dated files and alerts on a new error" {
	for c in errcap errhash errcat errtodo zcat; do need_cmd $c; done
	awk '/^<!-- errtools-nightly/{f=1;next} f&&/^```bash/{g=1;next} g&&/^```/{exit} g' "$ROOT/docs/cron.md" > "$TMP/nightly"
	chmod +x "$TMP/nightly"
	mkdir "$TMP/logs"
	printf '%s\n' 'Traceback (most recent call last):' '  File "app/models.py", line 42, in load_user' \
		"    return row['user_id']" "KeyError: 'user_id'" > "$TMP/logs/app.log-20261120"
	cp "$TMP/logs/app.log-20261120" "$TMP/logs/app.log-20261121"
	echo "src/buf.c:88:5: error: 'len' undeclared (first use in this function)" >> "$TMP/logs/app.log-20261121"
	export ERRTOOLS_BASE="$TMP/base" LOGDIR="$TMP/logs"
	run env DAY=2026-11-20 "$TMP/nightly"
	assert_success
	assert_output ""
	run env DAY=2026-11-21 "$TMP/nightly"
	assert_success
	assert_output --partial "errtools: 2026-11-21: new>0"
	for f in errors.jsonl analysis.md errors.csv by-category.csv report.html compare.md compare.csv trend.md trend.html; do
		[ -s "$TMP/base/reports/2026-11-21/$f" ] || { echo "missing $f"; false; }
	done
	run jq -r '.message' "$TMP/base/reports/2026-11-21/errors.jsonl"
	assert_output --partial "undeclared"
	run grep -c '^| appeared ' "$TMP/base/reports/2026-11-21/compare.md"
	assert_output 1
	[ -s "$TMP/base/TODO.md" ]
}

@test "--html: the chart bars carry the numbers jq computes" {
	errstat --html "$F/day1.jsonl" "$F/day2.jsonl" > "$TMP/out.html"
	want=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -rs 'group_by(.last_seen[:10])[] | "\(.[0].last_seen[:10]): \(map(.count) | add)"')
	run bash -c "grep -o '<title>2026-[0-9-]*: [0-9]*</title>' '$TMP/out.html' | sed 's/<[^>]*>//g'"
	assert_output "$want"
	want=$(cat "$F/day1.jsonl" "$F/day2.jsonl" | jq -rs 'group_by(.category) | sort_by(-(map(.count) | add), .[0].category)[:10][] | "\(.[0].category): \(map(.count) | add)"')
	run bash -c "grep -o '<title>[a-z_]*: [0-9]*</title>' '$TMP/out.html' | sed 's/<[^>]*>//g'"
	assert_output "$want"
}

# ---- with the other programs ----

@test "errhash output and errhash --merge output count the same occurrences as the raw records" {
	need_cmd errhash
	jq -c 'select(.kind == null)' "$F/raw.jsonl" > "$TMP/raw.jsonl"
	head -5 "$TMP/raw.jsonl" | errhash > "$TMP/a.jsonl"
	tail -n +6 "$TMP/raw.jsonl" | errhash > "$TMP/b.jsonl"
	errhash --merge "$TMP/a.jsonl" "$TMP/b.jsonl" > "$TMP/m.jsonl"
	n=$(wc -l < "$TMP/raw.jsonl")
	fps=$(cat "$TMP/a.jsonl" "$TMP/b.jsonl" | jq -rs 'map(.fingerprint) | unique | length')
	for f in "$TMP/m.jsonl" "$TMP/a.jsonl $TMP/b.jsonl"; do
		run bash -c "errstat --json $f | jq -c '[.summary.count, .summary.distinct]'"
		assert_output "[$n,$fps]"
	done
	run bash -c "errstat --json '$TMP/raw.jsonl' | jq .summary.count"
	assert_output "$n"
}
