#!/usr/bin/env bats
# errhash: fingerprints on real tracebacks and diagnostics made at test time
# in two directories, labelled cases, the modes, the store, the rules, and
# the grouping accuracy on the Loghub samples.

load helper

FX="$FIXTURES/errhash"

setup() {
	T="$BATS_TEST_TMPDIR"
}

# fields FILE: "fingerprint count first_seen last_seen" per record
fields() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    print(o.get("fingerprint"), o.get("count"), o.get("first_seen"), o.get("last_seen"), o.get("status"))
' "$1"
}

# records LOG OUT: records for the Python tracebacks in LOG, from errcap when it
# gives records with frames, else from the stand-in parser (tb2rec.py)
py_records() {
	if command -v errcap >/dev/null && errcap "$1" 2>/dev/null | grep -q '"frames":\[{'; then
		errcap "$1" | grep '"frames":\[{' > "$2"
	else
		python3 "$FX/tb2rec.py" < "$1" > "$2"
	fi
}

@test "help, version, and docs in step with --help" {
	run errhash --help
	assert_success
	assert_output --partial "--merge"
	run errhash --version
	assert_success
	assert_output --regexp '^errhash \(errtools\) [0-9]'
	run check_doc_drift errhash
	assert_success
}

@test "fingerprints are 16 hex digits and stable across versions of the code (docs/fingerprint.md)" {
	# the documented example; it may change only together with the algorithm version
	run sh -c "echo '{\"format\":\"log\",\"message\":\"connection to 10.0.3.7:5432 timed out after 30s\"}' | errhash --all | jq -r .fingerprint"
	assert_output 2375d589ba43b621
	grep -q 2375d589ba43b621 "$ROOT/docs/fingerprint.md"
}

@test "usage errors exit 2" {
	run errhash --all --merge /dev/null
	assert_failure 2
	run errhash --prune 3
	assert_failure 2
	assert_output --partial "--prune needs --db"
	run errhash --bogus
	assert_failure 2
}

@test "labelled cases: the same bug shares a fingerprint, different bugs do not" {
	run python3 "$FX/check_cases.py" "$FX/cases.jsonl" errhash
	echo "$output"
	assert_success
}

@test "python tracebacks from two checkouts with other values: same bug, same fingerprint" {
	need_cmd python3
	for d in a/proj b/work/x/x; do
		mkdir -p "$T/$d/app"
		cat > "$T/$d/app/models.py" <<-'EOF'
		import json
		def load_user(row):
		    return row['user_id']
		def parse(s):
		    return json.loads(s)
		def walk(n):
		    return walk(n + 1)
		EOF
		cat > "$T/$d/app/main.py" <<-'EOF'
		import sys
		from models import load_user, parse, walk
		def main():
		    if sys.argv[1] == 'key':
		        load_user({'name': sys.argv[2]})
		    elif sys.argv[1] == 'json':
		        parse(sys.argv[2])
		    else:
		        walk(int(sys.argv[2]))
		main()
		EOF
	done
	# a: run from inside app/, relative paths; b: absolute paths, other values
	(cd "$T/a/proj/app" && python3 main.py key 12; python3 main.py json '{bad'; python3 main.py rec 1) > "$T/a.log" 2>&1 || true
	(cd "$T/b/work/x/x" && python3 "$PWD/app/main.py" key 99; python3 "$PWD/app/main.py" json '[1,'; python3 "$PWD/app/main.py" rec 7) > "$T/b.log" 2>&1 || true
	py_records "$T/a.log" "$T/a.jsonl"
	py_records "$T/b.log" "$T/b.jsonl"
	[ "$(wc -l < "$T/a.jsonl")" -eq 3 ]
	[ "$(wc -l < "$T/b.jsonl")" -eq 3 ]
	errhash --all "$T/a.jsonl" | jq -r .fingerprint > "$T/a.fp"
	errhash --all "$T/b.jsonl" | jq -r .fingerprint > "$T/b.fp"
	cat "$T/a.fp" "$T/b.fp"
	# the same three bugs in the same order...
	run diff "$T/a.fp" "$T/b.fp"
	assert_success
	# ...and three different bugs
	[ "$(sort -u "$T/a.fp" | wc -l)" -eq 3 ]
	# in default mode: one record per bug, counted twice
	cat "$T/a.jsonl" "$T/b.jsonl" | errhash > "$T/d.jsonl"
	[ "$(wc -l < "$T/d.jsonl")" -eq 3 ]
	[ "$(jq -s 'map(.count) | add' "$T/d.jsonl")" -eq 6 ]
}

@test "gcc diagnostics from two directories, other lines and values: same fingerprints" {
	need_cmd gcc
	mkdir -p "$T/a/src" "$T/b/deep/proj/src"
	printf '#include <stdio.h>\nint f(int n) {\n  int unused = 1;\n  return n + undeclared_var;\n}\n' > "$T/a/src/calc.c"
	printf '\n\n\n#include <stdio.h>\nint f(int n) {\n  int unused = 42;\n  return n + undeclared_var;\n}\n' > "$T/b/deep/proj/src/calc.c"
	(cd "$T/a" && gcc -Wall -c src/calc.c -o /dev/null) > "$T/a.log" 2>&1 || true
	(cd "$T/b/deep/proj" && gcc -Wall -c "$PWD/src/calc.c" -o /dev/null) > "$T/b.log" 2>&1 || true
	for x in a b; do
		if errcap "$T/$x.log" > "$T/$x.jsonl" 2>/dev/null && [ -s "$T/$x.jsonl" ]; then :; else
			# no errcap: records as docs/schema.md has them, from gcc's own lines
			sed -nE "s/^(.*\\.c):([0-9]+):([0-9]+): (error|warning): (.*)$/{\"level\":\"\\4\",\"file\":\"\\1\",\"line\":\\2,\"column\":\\3,\"message\":\"\\5\",\"format\":\"gcc\"}/p" \
				"$T/$x.log" | tr -d '\342\200\230\342\200\231' > "$T/$x.jsonl"
		fi
	done
	errhash --all "$T/a.jsonl" | jq -r .fingerprint > "$T/a.fp"
	errhash --all "$T/b.jsonl" | jq -r .fingerprint > "$T/b.fp"
	[ "$(wc -l < "$T/a.fp")" -ge 2 ]
	run diff "$T/a.fp" "$T/b.fp"
	assert_success
	[ "$(sort -u "$T/a.fp" | wc -l)" -eq "$(wc -l < "$T/a.fp")" ]
}

# errcap_frames LOG OUT: errcap's records with frames for LOG, or skip the test
errcap_frames() {
	command -v errcap >/dev/null || skip "errcap not built"
	errcap "$1" 2>/dev/null | grep '"frames":\[{' > "$2" || true
	[ -s "$2" ] || skip "errcap gives no frames for $(basename "$1" .log) yet"
}

# same_bug_apart: $T/a.log and $T/b.log (one bug, two checkouts) get one
# fingerprint, $T/c.log (another bug in the same code) another
same_bug_apart() {
	local a b c
	for x in a b c; do
		errcap_frames "$T/$x.log" "$T/$x.jsonl"
	done
	a=$(errhash --all "$T/a.jsonl" | jq -r .fingerprint)
	b=$(errhash --all "$T/b.jsonl" | jq -r .fingerprint)
	c=$(errhash --all "$T/c.jsonl" | jq -r .fingerprint)
	[ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != "$c" ]
}

@test "node stack traces from two checkouts with other values: same bug, same fingerprint" {
	need_cmd node
	for d in a b/deep/x; do
		mkdir -p "$T/$d/src"
		cat > "$T/$d/src/handler.js" <<-'EOF'
		function handle(req) { return req.user.id; }
		function other(req) { return req.missing(); }
		function main() { (process.argv[2] === 'h' ? handle : other)({ n: process.argv[3] }); }
		main();
		EOF
	done
	(cd "$T/a" && node src/handler.js h 1) > "$T/a.log" 2>&1 || true
	(cd "$T/b/deep/x" && node "$PWD/src/handler.js" h 77) > "$T/b.log" 2>&1 || true
	(cd "$T/a" && node src/handler.js o 1) > "$T/c.log" 2>&1 || true
	same_bug_apart
}

@test "java stack traces from two directories (JDK frames between ours): same bug, same fingerprint" {
	need_cmd javac
	need_cmd java
	for d in a b/w/y; do
		mkdir -p "$T/$d/com/acme"
		cat > "$T/$d/com/acme/App.java" <<-'EOF'
		package com.acme;
		import java.util.*;
		public class App {
		    static int len(String s) { return s.length(); }
		    static int first(List<String> l) { return l.get(5).length(); }
		    public static void main(String[] a) {
		        List<String> l = new ArrayList<>();
		        l.add(a.length > 5 ? "x" : null);
		        if (a.length > 0 && a[0].equals("idx")) first(l);
		        l.forEach(s -> len(s));
		    }
		}
		EOF
		(cd "$T/$d" && javac com/acme/App.java)
	done
	(cd "$T/a" && java com.acme.App) > "$T/a.log" 2>&1 || true
	(cd "$T/b/w/y" && java -cp "$PWD" com.acme.App 1 2) > "$T/b.log" 2>&1 || true
	(cd "$T/a" && java com.acme.App idx) > "$T/c.log" 2>&1 || true
	same_bug_apart
	# the JDK's frames are not ours
	errhash --all --explain "$T/a.jsonl" | jq -r '.fingerprint_parts[]' > "$T/parts"
	run grep -c ArrayList "$T/parts"
	assert_output 0
}

@test "library frames, line numbers and recursion do not change a traceback's fingerprint" {
	base='{"type":"KeyError","message":"a","format":"python","frames":[{"file":"app/m.py","line":1,"function":"f"},{"file":"app/n.py","line":2,"function":"g"}]}'
	lib='{"type":"KeyError","message":"b","format":"python","frames":[{"file":"/x/app/m.py","line":9,"function":"f"},{"file":"/usr/lib/python3.11/json/decoder.py","line":3,"function":"decode"},{"file":"/x/app/n.py","line":7,"function":"g"},{"file":"/x/app/n.py","line":7,"function":"g"},{"file":"/v/lib/python3.11/site-packages/r/api.py","line":5,"function":"get"}]}'
	other='{"type":"KeyError","message":"a","format":"python","frames":[{"file":"app/m.py","line":1,"function":"f"},{"file":"app/n.py","line":2,"function":"h"}]}'
	run sh -c "printf '%s\n%s\n%s\n' '$base' '$lib' '$other' | errhash --all | jq -r .fingerprint | uniq | wc -l"
	assert_output 2
}

@test "a frameless message counts; with frames it does not" {
	run sh -c "printf '%s\n' '{\"type\":\"E\",\"message\":\"disk full\"}' '{\"type\":\"E\",\"message\":\"disk on fire\"}' | errhash --all | jq -r .fingerprint | sort -u | wc -l"
	assert_output 2
}

@test "default mode: one record per fingerprint in order of first appearance, fields kept" {
	cat > "$T/in.jsonl" <<-'EOF'
	{"level":"error","format":"log","message":"timeout after 5s","time":"2026-11-21T10:00:00Z","host":"a","x":[1,{"y":2}]}
	{"level":"error","format":"log","message":"disk full","time":"2026-11-21T09:00:00Z"}
	{"kind":"run","command":"make","exit_status":2}
	{"level":"error","format":"log","message":"timeout after 7s","time":"2026-11-21T08:00:00Z","host":"b"}
	{"level":"error","format":"log","message":"timeout after 9s","time":"2026-11-21T12:30:00.250Z","host":"c"}
	EOF
	run errhash "$T/in.jsonl"
	assert_success
	echo "$output" > "$T/out.jsonl"
	valid_jsonl "$T/out.jsonl"
	[ "$(jq -c 'select(.kind)' "$T/out.jsonl")" = '{"kind":"run","command":"make","exit_status":2}' ]
	run jq -c 'select(.kind == null) | [.message, .host, .x, .count, .first_seen, .last_seen]' "$T/out.jsonl"
	assert_output '["timeout after 5s","a",[1,{"y":2}],3,"2026-11-21T08:00:00Z","2026-11-21T12:30:00.250Z"]
["disk full",null,null,1,"2026-11-21T09:00:00Z","2026-11-21T09:00:00Z"]'
	# errhash's fields come last, after the record's own
	run jq -r 'select(.kind == null) | keys_unsorted | .[-4:] | join(",")' "$T/out.jsonl"
	assert_line --index 0 "fingerprint,count,first_seen,last_seen"
}

@test "--stream prints each fingerprint's first record at once; --all prints every record" {
	printf '%s\n' '{"message":"a 1"}' '{"message":"a 2"}' '{"message":"b"}' '{"message":"a 3"}' > "$T/in.jsonl"
	run sh -c "errhash --stream '$T/in.jsonl' | jq -r '[.message,.count]|@tsv'"
	assert_output "$(printf 'a 1\t1\nb\t1')"
	run sh -c "errhash --all '$T/in.jsonl' | jq -r '[.message,.count]|@tsv'"
	assert_output "$(printf 'a 1\t1\na 2\t1\nb\t1\na 3\t1')"
	# --stream really streams: the first record is out before input ends
	mkfifo "$T/fifo"
	errhash --stream < "$T/fifo" > "$T/s.out" &
	pid=$!
	exec 7> "$T/fifo"
	echo '{"message":"first"}' >&7
	for _ in $(seq 100); do [ -s "$T/s.out" ] && break; sleep 0.1; done
	run jq -r .message "$T/s.out"
	exec 7>&-
	wait "$pid"
	assert_output first
}

@test "a fingerprint already in a record is recomputed outside --merge" {
	run sh -c "echo '{\"message\":\"disk full\",\"fingerprint\":\"0000000000000000\",\"count\":9}' | errhash | jq -r '[.fingerprint,.count]|@tsv'"
	refute_output --partial 0000000000000000
	assert_output --regexp $'^[0-9a-f]{16}\t1$'
}

@test "--merge: counts add, times widen, shards combine in any order and grouping" {
	python3 - "$T" <<-'EOF'
	import json, random, sys
	random.seed(7)
	msgs = ["timeout after %ds", "disk %d full", "user %d not found", "bad header at byte %d", "oom"]
	for shard in "abc":
	    with open(f"{sys.argv[1]}/{shard}.jsonl", "w") as f:
	        for i in range(200):
	            m = random.choice(msgs)
	            t = "2026-11-%02dT%02d:%02d:00Z" % (random.randint(1, 28), random.randint(0, 23), random.randint(0, 59))
	            f.write(json.dumps({"level": "error", "format": "log", "message": m.replace("%d", str(random.randint(1, 999))) if "%d" in m else m, "time": t, "shard": shard}) + "\n")
	EOF
	for s in a b c; do errhash "$T/$s.jsonl" > "$T/$s.out"; done
	errhash --merge "$T/a.out" "$T/b.out" "$T/c.out" > "$T/m1"
	errhash --merge "$T/c.out" "$T/a.out" "$T/b.out" > "$T/m2"
	errhash --merge "$T/b.out" "$T/c.out" | errhash --merge - "$T/a.out" > "$T/m3"
	errhash --merge "$T/a.out" "$T/b.out" | errhash --merge "$T/c.out" - > "$T/m4"
	run cmp "$T/m1" "$T/m2"
	assert_success
	run cmp "$T/m1" "$T/m3"
	assert_success
	run cmp "$T/m1" "$T/m4"
	assert_success
	# and it equals one errhash over everything (counts and times)
	cat "$T/a.jsonl" "$T/b.jsonl" "$T/c.jsonl" | errhash > "$T/whole"
	fields "$T/m1" | sort > "$T/f1"
	fields "$T/whole" | sort > "$T/f2"
	run diff "$T/f1" "$T/f2"
	assert_success
	[ "$(jq -s 'map(.count) | add' "$T/m1")" -eq 600 ]
}

@test "--db: statuses new, recurring, regressed; runs and daily kept" {
	need_cmd sqlite3
	db="$T/store.db"
	printf '%s\n' '{"message":"disk full","time":"2026-11-20T01:00:00Z","type":"OSError","level":"error"}' \
		'{"message":"timeout after 3s","time":"2026-11-21T01:00:00Z"}' > "$T/in.jsonl"
	run sh -c "errhash --db '$db' '$T/in.jsonl' | jq -r .status"
	assert_output "$(printf 'new\nnew')"
	run sh -c "errhash --db '$db' '$T/in.jsonl' | jq -r .status"
	assert_output "$(printf 'recurring\nrecurring')"
	fp=$(errhash "$T/in.jsonl" | jq -r 'select(.message=="disk full") | .fingerprint')
	sqlite3 "$db" "UPDATE errors SET fixed_at='2026-11-21T00:00:00Z', fix_note='x' WHERE fingerprint='$fp'"
	run sh -c "errhash --all --db '$db' '$T/in.jsonl' | jq -r .status"
	assert_output "$(printf 'regressed\nrecurring')"
	run sqlite3 "$db" "SELECT count, runs, fixed_at IS NULL, regressed_at IS NOT NULL, type, level FROM errors WHERE fingerprint='$fp'"
	assert_output "3|3|1|1|OSError|error"
	run sqlite3 "$db" "SELECT count(*), sum(records) FROM runs; SELECT day, count FROM daily WHERE fingerprint='$fp'; PRAGMA user_version;"
	assert_output "$(printf '3|6\n2026-11-20|3\n2')"
}

@test "--db: two processes writing one store at once lose no counts" {
	need_cmd sqlite3
	db="$T/store.db"
	python3 -c '
import json
for i in range(3000):
    print(json.dumps({"message": "error %d in module m%d" % (i, i % 10), "time": "2026-11-21T00:00:00Z"}))
' > "$T/in.jsonl"
	errhash --db "$db" < /dev/null > /dev/null
	errhash --db "$db" "$T/in.jsonl" > /dev/null & p1=$!
	errhash --db "$db" "$T/in.jsonl" > /dev/null & p2=$!
	errhash --db "$db" --all "$T/in.jsonl" > /dev/null & p3=$!
	wait $p1
	wait $p2
	wait $p3
	run sqlite3 "$db" "SELECT sum(count) FROM errors; SELECT count(*) FROM runs; SELECT sum(count) FROM daily;"
	assert_output "$(printf '9000\n4\n9000')"
}

@test "--db: a writer killed inside its transaction leaves the store as it was" {
	need_cmd sqlite3
	db="$T/store.db"
	printf '%s\n' '{"message":"disk full"}' > "$T/in.jsonl"
	errhash --db "$db" "$T/in.jsonl" > /dev/null
	ERRTOOLS_TEST_PAUSE_BEFORE_COMMIT=30 errhash --db "$db" "$T/in.jsonl" > /dev/null &
	pid=$!
	# wait until it holds the write lock (its transaction has begun)
	for _ in $(seq 100); do
		sqlite3 "$db" "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid"
	wait "$pid" || true
	run sqlite3 "$db" "PRAGMA integrity_check; SELECT count, runs FROM errors; SELECT count(*) FROM runs;"
	assert_output "$(printf 'ok\n1|1\n1')"
	# and the store still takes writes
	errhash --db "$db" "$T/in.jsonl" > /dev/null
	run sqlite3 "$db" "SELECT count, runs FROM errors"
	assert_output "2|2"
}

@test "--prune DAYS deletes entries last seen long ago" {
	need_cmd sqlite3
	db="$T/store.db"
	now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	printf '%s\n' '{"message":"old one","time":"2001-01-01T00:00:00Z"}' "{\"message\":\"new one\",\"time\":\"$now\"}" > "$T/in.jsonl"
	errhash --db "$db" "$T/in.jsonl" > /dev/null
	run errhash --db "$db" --prune 30
	assert_success
	assert_output ""
	run sqlite3 "$db" "SELECT message FROM errors; SELECT count(*) FROM daily;"
	assert_output "$(printf 'new one\n1')"
}

@test "rules: merge groups, split them with {{ default }}, regexes, negation, first match wins" {
	cat > "$T/rules" <<-'EOF'
	# all upstream timeouts are one group, whatever the message says
	type:TimeoutError message:"*upstream*"           -> upstream-timeout
	# split KeyErrors by function, on top of the default grouping
	type:KeyError function:re:^load_                 -> {{ default }} {{ function }}
	!level:fatal file:**/vendor/**                   -> vendored
	type:TimeoutError                                -> never-reached-for-upstream
	EOF
	cat > "$T/in.jsonl" <<-'EOF'
	{"type":"TimeoutError","message":"upstream a timed out","level":"error"}
	{"type":"TimeoutError","message":"upstream b is slow","level":"error"}
	{"type":"TimeoutError","message":"local wait","level":"error"}
	{"type":"KeyError","message":"k","function":"load_user","level":"error"}
	{"type":"KeyError","message":"k","function":"load_item","level":"error"}
	{"type":"KeyError","message":"k","function":"save","level":"error"}
	{"type":"E","message":"m","file":"x/vendor/lib/a.c","level":"error"}
	{"type":"E","message":"n","file":"y/vendor/z.c","level":"error"}
	{"type":"E","message":"n","file":"y/vendor/z.c","level":"fatal"}
	EOF
	errhash --all --rules "$T/rules" "$T/in.jsonl" | jq -r .fingerprint > "$T/fp"
	run sed -n '1p;2p' "$T/fp"
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "$(sed -n 3p "$T/fp")" != "$(sed -n 1p "$T/fp")" ]
	[ "$(sed -n 4p "$T/fp")" != "$(sed -n 5p "$T/fp")" ]
	[ "$(sed -n 7p "$T/fp")" = "$(sed -n 8p "$T/fp")" ]
	[ "$(sed -n 8p "$T/fp")" != "$(sed -n 9p "$T/fp")" ]
	# without rules, KeyError in save is what the default gives
	[ "$(sed -n 6p "$T/fp")" = "$(sed -n 6p "$T/in.jsonl" | errhash --all | jq -r .fingerprint)" ]
	# $ERRHASH_RULES is read when --rules is not given
	run sh -c "ERRHASH_RULES='$T/rules' errhash --all '$T/in.jsonl' | jq -r .fingerprint"
	assert_output "$(cat "$T/fp")"
}

@test "rules: bad rules are reported as FILE:LINE: why, exit 2" {
	printf '%s\n' '# ok' 'type:X -> a' 'colour:red -> b' 'type:X' 'message:re:(unclosed -> c' 'type:Y ->' 'type:"open -> d' '-> e' 'type:Z -> {{ nonsense }}' > "$T/bad"
	run errhash --rules "$T/bad" /dev/null
	assert_failure 2
	assert_line --partial "errhash: $T/bad:3: unknown field"
	assert_line --partial "errhash: $T/bad:4: missing '-> KEY'"
	assert_line --partial "errhash: $T/bad:5: bad regular expression"
	assert_line --partial "errhash: $T/bad:6: empty key"
	assert_line --partial "errhash: $T/bad:7: unterminated quoted value"
	assert_line --partial "errhash: $T/bad:8: no matcher"
	assert_line --partial "errhash: $T/bad:9: unknown placeholder"
	refute_line --partial "bad:2:"
	run errhash --rules "$T/missing" /dev/null
	assert_failure 2
	assert_output --partial "errhash: $T/missing: No such file or directory"
}

@test "bad input lines are reported and skipped; invalid UTF-8 comes out valid" {
	printf '%s\n' '{"message":"a"}' 'not json' '[1,2]' '{"message":"b"} trailing' > "$T/in.jsonl"
	printf '{"message":"caf\xe9 \xff"}\n' >> "$T/in.jsonl"
	run errhash --all "$T/in.jsonl"
	assert_failure 2
	assert_line --partial "errhash: $T/in.jsonl:2: not a JSON object: not json"
	assert_line --partial "errhash: $T/in.jsonl:3: not a JSON object"
	assert_line --partial "errhash: $T/in.jsonl:4: not a JSON object"
	errhash --all "$T/in.jsonl" > "$T/out.jsonl" 2>/dev/null || true
	[ "$(wc -l < "$T/out.jsonl")" -eq 2 ]
	valid_jsonl "$T/out.jsonl"
	run errhash "$T/nonexistent" "$T/in.jsonl"
	assert_failure 2
	assert_line --partial "nonexistent: No such file or directory"
}

@test "random and hostile messages: no crash, valid output, deterministic" {
	python3 - "$T/in.jsonl" <<-'EOF'
	import json, random, sys
	random.seed(11)
	alphabet = list("abcXYZ019 \t:./\\=,;()[]{}<>\"'|@#_-+~*?$%") + ["\u00e9", "\u4e2d", "\U0001f600", "\x00", "@BAD@"]
	with open(sys.argv[1], "wb") as f:
	    for i in range(3000):
	        n = random.choice([0, 1, 2, 5, 20, 100, 2000])
	        msg = "".join(random.choice(alphabet) for _ in range(n))
	        rec = {"format": random.choice(["log", "gcc", "python", None]), "message": msg}
	        if i % 3 == 0:
	            rec["file"] = msg[:50]
	        if i % 5 == 0:
	            rec["frames"] = [{"file": msg[:30], "function": msg[-20:]}, {"file": None, "function": None}, "junk"]
	            rec["causes"] = [{"type": msg[:5], "frames": [{"file": msg, "function": "f"}]}, 7]
	        if i % 7 == 0:
	            rec["frames"] = msg
	        line = json.dumps(rec, ensure_ascii=(i % 2 == 0)).encode()
	        f.write(line.replace(b"@BAD@", b"\xff\xc3") + b"\n")
	EOF
	errhash --all --explain "$T/in.jsonl" > "$T/out1"
	valid_jsonl "$T/out1"
	[ "$(wc -l < "$T/out1")" -eq 3000 ]
	errhash --all --explain "$T/in.jsonl" > "$T/out2"
	cmp <(jq -r .fingerprint "$T/out1") <(jq -r .fingerprint "$T/out2")
	# grouping them works too
	errhash "$T/in.jsonl" > "$T/out3"
	valid_jsonl "$T/out3"
	[ "$(jq -s 'map(.count) | add' "$T/out3")" -eq 3000 ]
}

@test "| head -1 ends quietly" {
	run bash -c "yes '{\"message\":\"x 1\"}' | head -100000 | errhash --all | head -1 | jq -r .message"
	assert_line --index 0 "x 1"
	refute_output --partial "errhash:"
}

@test "memory grows with distinct fingerprints, not with input" {
	case $ERRTOOLS_BUILD in *asan*) skip "memory is not measured under ASan" ;; esac
	python3 -c '
import json
for i in range(100000):
    k = i % 100
    print(json.dumps({"level":"error","format":"log","message":"failure in stage_%s%s on worker %d" % (chr(97 + k // 10), chr(97 + k % 10), i),"time":"2026-11-21T00:00:%02dZ" % (i % 60)}))
' > "$T/big.jsonl"
	python3 - "$T/big.jsonl" <<-'EOF'
	import resource, subprocess, sys
	p = subprocess.run(["errhash", sys.argv[1]], stdout=subprocess.PIPE)
	assert p.returncode == 0
	n = len(p.stdout.splitlines())
	kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
	print(n, kb)
	assert n == 100, n
	assert kb < 64 * 1024, kb
	EOF
}

@test "Loghub 2k: mean grouping accuracy of --all is at least 0.966" {
	need_corpus loghub
	run python3 "$FX/loghub_ga.py" "$CORPUS/loghub" errhash
	echo "$output"
	echo "$output" | sed 's/^/# /' >&3      # the figures go into the test log
	[ "$status" -ne 77 ] || skip "loghub corpus not present"
	assert_success
	mean=$(echo "$output" | sed -n 's/^mean GA //p')
	python3 -c "import sys; sys.exit(0 if float('$mean') >= 0.966 else 1)"
}

@test "dot leaders are layout: the words before them stay, the value after them is masked" {
	fp() { printf '{"format":"log","message":"%s"}\n' "$1" | errhash --all | jq -r .fingerprint; }
	[ "$(fp 'cache prefetch depth.........0')" = "$(fp 'cache prefetch depth.........7')" ]
	[ "$(fp 'cache prefetch depth.........0')" != "$(fp 'cache prefetch limit.........0')" ]
	# an ellipsis is kept as it is: "Loading..." and "Loading... done" stay two messages
	[ "$(fp 'Loading...')" != "$(fp 'Loading... done')" ]
	[ "$(fp 'retry...3')" = "$(fp 'retry...4')" ]
}

@test "source line of the innermost program frame: other imports and keys split, other values do not" {
	need_cmd python3
	mkdir -p "$T/a" "$T/b/deep/dir"
	for d in a b/deep/dir; do
		cat > "$T/$d/site.py" <<-'EOF'
		import sys
		def handle(n, row):
		    return row[sys.argv[2]] if n < 0 else sys.exit(handle(n - 1, row) if 0 else row['user_id'])
		if sys.argv[1] == 'requests':
		    import requests_not_installed_here
		elif sys.argv[1] == 'numpy':
		    import numpy_not_installed_here
		elif sys.argv[1] == 'key1':
		    handle(38000, {})
		else:
		    handle(12, {'name': 1})
		EOF
	done
	(cd "$T/a" && for w in requests numpy key1 key2; do python3 site.py $w x; done) > "$T/a.log" 2>&1 || true
	(cd "$T/b" && for w in requests numpy key1 key2; do python3 "$PWD/deep/dir/site.py" $w y; done) > "$T/b.log" 2>&1 || true
	py_records "$T/a.log" "$T/a.jsonl"
	py_records "$T/b.log" "$T/b.jsonl"
	[ "$(wc -l < "$T/a.jsonl")" -eq 4 ]
	errhash --all "$T/a.jsonl" | jq -r .fingerprint > "$T/a.fp"
	errhash --all "$T/b.jsonl" | jq -r .fingerprint > "$T/b.fp"
	run diff "$T/a.fp" "$T/b.fp"        # the same bugs in two checkouts
	assert_success
	# the two imports are two bugs; handle(38000) and handle(12) one
	[ "$(sed -n 1p "$T/a.fp")" != "$(sed -n 2p "$T/a.fp")" ]
	[ "$(sed -n 3p "$T/a.fp")" = "$(sed -n 4p "$T/a.fp")" ]
	errhash --all --explain "$T/a.jsonl" | jq -r '.fingerprint_parts[]' | grep -q '^source line: import requests_not_installed_here$'
}

@test "diagnostics: a double-quoted name is identity, a double-quoted value is not" {
	printf '%s\n' \
	  '{"level":"error","message":"By not providing \"FindFoo.cmake\" in CMAKE_MODULE_PATH this project has asked CMake to find a package configuration file provided by \"Foo\", but CMake did not find one.","file":"CMakeLists.txt","line":3,"format":"cmake"}' \
	  '{"level":"error","message":"By not providing \"FindBar.cmake\" in CMAKE_MODULE_PATH this project has asked CMake to find a package configuration file provided by \"Bar\", but CMake did not find one.","file":"CMakeLists.txt","line":3,"format":"cmake"}' \
	  '{"level":"error","message":"Could not find a configuration file for package \"Foo\" that is compatible with requested version \"1.2.3\".","file":"/a/CMakeLists.txt","line":3,"format":"cmake"}' \
	  '{"level":"error","message":"Could not find a configuration file for package \"Foo\" that is compatible with requested version \"4.5\".","file":"/b/CMakeLists.txt","line":9,"format":"cmake"}' \
	  > "$T/in.jsonl"
	errhash --all "$T/in.jsonl" | jq -r .fingerprint > "$T/fp"
	[ "$(sed -n 1p "$T/fp")" != "$(sed -n 2p "$T/fp")" ]
	[ "$(sed -n 3p "$T/fp")" = "$(sed -n 4p "$T/fp")" ]
}

@test "saved real output of one bug in two checkouts (uuids, times, durations, mktemp paths, ids in file names): one fingerprint per bug, the bugs apart" {
	# checkouts/TOOL-a.log and TOOL-b.log: the same program run in /tmp/u-ugroup/a/proj and
	# /tmp/u-ugroup/b/other-name/proj, its code moved down 4 lines, with other values
	for t in gotest perl php bash; do
		for v in a b; do
			errcap "$FX/checkouts/$t-$v.log" | errhash --all | jq -r .fingerprint > "$T/$t-$v.fp"
		done
		[ "$(wc -l < "$T/$t-a.fp")" -ge 2 ]
		diff "$T/$t-a.fp" "$T/$t-b.fp"
		[ "$(sort -u "$T/$t-a.fp" | wc -l)" -eq "$(wc -l < "$T/$t-a.fp")" ]
	done
	# the masked parts: what stays is the words
	errcap "$FX/checkouts/gotest-a.log" | errhash --all --explain | jq -r '.fingerprint_parts[]' > "$T/parts"
	grep -qx 'message: job <\*> timed out at <\*> after <\*>' "$T/parts"
	grep -qx 'message: cannot write out_<\*>.json: disk quota of <\*> bytes exceeded' "$T/parts"
	errcap "$FX/checkouts/bash-a.log" | errhash --all --explain | jq -r '.fingerprint_parts[]' | grep -qx 'message: source: tmp\*: is a directory'
}
