#!/usr/bin/env bats
# errcat: the bundled pattern library against its examples, the pattern-file
# language, the search path, --check, --explain, and the record stream.

load helper

bats_require_minimum_version 1.5.0

F="$FIXTURES/errcat"
EXAMPLES="$F/examples.jsonl"

setup() {
	TMP="$BATS_TEST_TMPDIR"
	# no user patterns unless a test puts some there
	export XDG_CONFIG_HOME="$TMP/xdg"
	export HOME="$TMP/home"
	export ERRCAT_PATH=
	mkdir -p "$HOME"
}

# pat FILE: writes stdin to a pattern file under $TMP
pat() { cat > "$TMP/$1"; }

# only PATFILE [ARG...]: errcat with just this pattern file (or directory)
only() {
	local p=$1
	shift
	errcat --no-default-patterns --patterns "$p" "$@"
}

# field FILE N KEY: the value of KEY in the Nth record of FILE, as JSON
field() {
	python3 -c 'import json,sys
recs=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(json.dumps(recs[int(sys.argv[2])-1].get(sys.argv[3], "<absent>")))' "$1" "$2" "$3"
}

# ---------------------------------------------------------------- the bundled library

@test "library: the bundled pattern files pass --check without errors or warnings" {
	run errcat --check
	assert_success
	assert_output ""
}

@test "library: every example gets the category it expects" {
	errcat "$EXAMPLES" > "$TMP/out.jsonl"
	run python3 - "$TMP/out.jsonl" <<'PY'
import json, sys
bad = 0
for i, line in enumerate(open(sys.argv[1]), 1):
    r = json.loads(line)
    if r["category"] != r["expect"]:
        bad += 1
        print(f"example {i}: expected {r['expect']}, got {r['category']} from {r['rule']}: "
              f"{r['format']} {r['type']} {r['message'][:80]!r}")
print(f"{bad} wrong")
sys.exit(1 if bad else 0)
PY
	echo "$output"
	assert_success
	[ "$(wc -l < "$TMP/out.jsonl")" -eq "$(wc -l < "$EXAMPLES")" ]
}

@test "library: every rule matches at least one example (none is dead or shadowed)" {
	errcat --list-rules | awk '$1 == "rule" && $NF != "(disabled)" { print $2 }' | sort > "$TMP/rules"
	[ "$(wc -l < "$TMP/rules")" -gt 150 ]
	errcat "$EXAMPLES" | python3 -c 'import json,sys
for l in sys.stdin:
    r = json.loads(l)["rule"]
    if r: print(r)' | sort -u > "$TMP/used"
	run comm -23 "$TMP/rules" "$TMP/used"
	echo "rules without an example: $output"
	assert_output ""
}

@test "library: the examples cover the required kinds of error" {
	errcat "$EXAMPLES" | python3 -c 'import json,sys
print("\n".join(sorted({json.loads(l)["category"] for l in sys.stdin})))' > "$TMP/cats"
	for c in import_error missing_dependency syntax_error type_error undefined_name attribute_error \
		null_reference index_error key_error assertion_failure test_failure file_not_found io_error \
		permission_denied network_error dns_error timeout out_of_memory resource_limit disk_full \
		config_error link_error missing_header memory_safety memory_leak undefined_behavior panic \
		crash deadlock data_race build_failure deprecation unused_code compiler_warning lint_warning; do
		grep -qx "$c" "$TMP/cats" || { echo "no example of $c"; return 1; }
	done
}

@test "library: each category in the library is documented in docs/patterns.md" {
	errcat --list-rules | awk '$1 == "rule" { print $3 }' | sort -u > "$TMP/cats"
	while read -r c; do
		grep -q "\`$c\`" "$ROOT/docs/patterns.md" || { echo "undocumented: $c"; return 1; }
	done < "$TMP/cats"
}

@test "library: infrastructure failures are tagged action:retry, code failures are not" {
	errcat "$EXAMPLES" > "$TMP/out.jsonl"
	run python3 - "$TMP/out.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["category"] in ("network_error", "dns_error", "timeout", "service_unavailable", "rate_limited"):
        assert "action:retry" in r["tags"], r
    if r["category"] in ("syntax_error", "type_error", "undefined_name", "null_reference"):
        assert "action:retry" not in r["tags"], r
print("ok")
PY
	assert_success
}

@test "library: the format index and literal prefilter never change the winner (--explain agrees)" {
	# --explain tries every rule in full, without index or prefilter
	cat "$EXAMPLES" > "$TMP/in.jsonl"
	# caseless matches that fold non-ASCII letters, upper case, odd shapes
	cat >> "$TMP/in.jsonl" <<'EOF'
{"format":"log","level":"error","message":"CONNECTION REFUSED by upstream"}
{"format":"log","level":"error","message":"Diſk quota exceeded"}
{"format":"log","level":"error","message":"no space left on device"}
{"format":["log"],"level":"error","message":"Connection reset by peer"}
{"format":7,"level":"warning","message":"x"}
{"level":"error","type":"TimeoutError","causes":[{"type":"a","message":"b"},{"message":"ENOSPC"}]}
EOF
	errcat "$TMP/in.jsonl" | python3 -c 'import json,sys
for l in sys.stdin: print(json.loads(l)["rule"] or "none")' > "$TMP/fast"
	errcat --explain "$TMP/in.jsonl" | awk '/^  => /{ print ($2 == "no") ? "none" : $2 }' > "$TMP/slow"
	[ "$(wc -l < "$TMP/fast")" -eq "$(wc -l < "$TMP/in.jsonl")" ]
	run diff "$TMP/fast" "$TMP/slow"
	assert_success
}

@test "prefilter: generated patterns give the same verdicts as --explain" {
	# one rule per file, so that every pattern is judged on every record
	python3 - "$TMP" <<'PY'
import json, random, sys
random.seed(7)
atoms = ["a", "b", "c", "ab", "abc", "bca", "x", "\\.", "\\d", "\\w", "[ab]", "[^c]", ".",
         "\\bab", "(?i)AB", "A", "B", "\\x41", "s", "k"]
def rx(d=0):
    k = random.random()
    if d > 2 or k < 0.4:
        s = random.choice(atoms)
    elif k < 0.6:
        s = "(" + rx(d + 1) + "|" + rx(d + 1) + ")"
    elif k < 0.75:
        s = "(?:" + rx(d + 1) + ")" + random.choice(["", "?", "*", "+", "{2}", "{0,2}", "{1,}"])
    else:
        s = rx(d + 1) + rx(d + 1)
    if random.random() < 0.2 and not s.endswith(("?", "*", "+", "}")):
        s += random.choice(["?", "*", "+", "{0,1}", "{2,3}"])
    return s
for i in range(40):
    p = rx()
    if random.random() < 0.4: p = "(?i)" + p
    if random.random() < 0.2: p = "^" + p
    if random.random() < 0.2: p = p + "$"
    open(f"{sys.argv[1]}/r{i}.pat", "w").write(f"rule r{i} low\n    message {p}\n")
with open(f"{sys.argv[1]}/in.jsonl", "w") as f:
    for i in range(400):
        m = "".join(random.choice("abcABCx.1 \u017f\u212aSK") for _ in range(random.randint(0, 12)))
        f.write(json.dumps({"message": m}, ensure_ascii=False) + "\n")
PY
	for f in "$TMP"/r*.pat; do
		a=$(only "$f" "$TMP/in.jsonl" | grep -c '"category":"r' || true)
		b=$(only "$f" --explain "$TMP/in.jsonl" | grep -c "^  => $TMP/r" || true)
		[ "$a" = "$b" ] || { echo "$f: $a matches, --explain says $b"; cat "$f"; return 1; }
	done
}

@test "library: errcap's real output is categorised (errcap | errcat)" {
	command -v errcap >/dev/null || skip "errcap not built"
	for f in "$FIXTURES"/errcap/*/*.log; do errcap "$f" 2>/dev/null || true; done > "$TMP/recs.jsonl"
	[ -s "$TMP/recs.jsonl" ] || skip "errcap found nothing"
	errcat "$TMP/recs.jsonl" > "$TMP/out.jsonl"
	valid_jsonl "$TMP/out.jsonl"
	run python3 - "$TMP/recs.jsonl" "$TMP/out.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
outs = [json.loads(l) for l in open(sys.argv[2])]
assert len(recs) == len(outs)
diag = [o for o in outs if "kind" not in o]
unc = [o for o in diag if o["category"] == "uncategorized"]
for r, o in zip(recs, outs):
    for k, v in r.items():
        assert o[k] == v, (k, v, o[k])
print(f"{len(diag)} diagnostics, {len(unc)} uncategorized")
# the library recognises nearly all of what errcap finds in real tool output
assert len(unc) * 5 < len(diag), [(u["format"], u["message"]) for u in unc]
PY
	echo "$output"
	assert_success
}

# ---------------------------------------------------------------- output

@test "output: the rule's fields appended, the rest of the line byte for byte" {
	printf '%s\n' '{"level":"error","format":"python","type":"KeyError","message":"'"'"'id'"'"'","n":1.50,"big":12345678901234567890,"u":"\u00e9\ud83d\ude00","nested":{"a":[1,{"b":null}]}}' > "$TMP/in.jsonl"
	n=$(grep -n '^rule key_error' "$ROOT/patterns/10-python.pat" | cut -d: -f1)
	hint=$(sed -n "$n,/^\$/s/^    hint //p" "$ROOT/patterns/10-python.pat")
	run errcat "$TMP/in.jsonl"
	assert_success
	assert_output '{"level":"error","format":"python","type":"KeyError","message":"'"'"'id'"'"'","n":1.50,"big":12345678901234567890,"u":"\u00e9\ud83d\ude00","nested":{"a":[1,{"b":null}]},"category":"key_error","severity":"high","tags":["lang:python","area:code","action:fix-code"],"rule":"patterns/10-python.pat:'"$n"'","hint":"'"$hint"'"}'
}

@test "output: no rule matches: uncategorized, severity from level, tags [], rule null" {
	printf '%s\n' '{"level":"fatal","message":"zzz"}' '{"level":"error","message":"zzz"}' \
		'{"level":"warning","message":"zzz"}' '{"message":"zzz"}' '{}' > "$TMP/in.jsonl"
	run only "$F/none.pat" "$TMP/in.jsonl"
	assert_success
	assert_line --index 0 '{"level":"fatal","message":"zzz","category":"uncategorized","severity":"high","tags":[],"rule":null}'
	assert_line --index 1 '{"level":"error","message":"zzz","category":"uncategorized","severity":"medium","tags":[],"rule":null}'
	assert_line --index 2 '{"level":"warning","message":"zzz","category":"uncategorized","severity":"low","tags":[],"rule":null}'
	assert_line --index 3 '{"message":"zzz","category":"uncategorized","severity":"medium","tags":[],"rule":null}'
	assert_line --index 4 '{"category":"uncategorized","severity":"medium","tags":[],"rule":null}'
}

@test "output: records with kind pass through untouched" {
	line='{"kind":"run","command":"make","exit_status":2,"message":"Connection refused"}'
	run errcat <<< "$line"
	assert_success
	assert_output "$line"
}

@test "output: fields already present are replaced in place, order kept" {
	printf '%s\n' '{"category":"old","message":"x","tags":["t"],"level":"error","rule":"r","severity":"low"}' > "$TMP/in.jsonl"
	run only "$F/none.pat" "$TMP/in.jsonl"
	assert_success
	assert_output '{"category":"uncategorized","message":"x","tags":[],"level":"error","rule":null,"severity":"medium"}'
}

@test "output: invalid UTF-8, raw control characters, CRLF; text after the object is reported" {
	printf '{"message":"bad \xff\xfe byte","level":"error"}\r\n' > "$TMP/in.jsonl"
	printf '{"message":"tab\there","level":"error"}\n' >> "$TMP/in.jsonl"
	printf '{"message":"a","level":"error"}  \n' >> "$TMP/in.jsonl"
	printf '{"message":"b","level":"error"} trailing\n' >> "$TMP/in.jsonl"
	run errcat "$TMP/in.jsonl"
	# text after the object is not dropped silently: the line is reported, exit 2
	[ "$status" -eq 2 ]
	errcat "$TMP/in.jsonl" > "$TMP/out.jsonl" 2> "$TMP/err" || true
	grep -q "in.jsonl:4: not a JSON object: " "$TMP/err"
	valid_jsonl "$TMP/out.jsonl"
	[ "$(wc -l < "$TMP/out.jsonl")" -eq 3 ]
	[ "$(field "$TMP/out.jsonl" 1 message)" = '"bad \ufffd\ufffd byte"' ]
	[ "$(field "$TMP/out.jsonl" 2 message)" = '"tab\there"' ]
	[ "$(field "$TMP/out.jsonl" 3 message)" = '"a"' ]
	[ "$(field "$TMP/out.jsonl" 3 category)" = '"uncategorized"' ]
}

@test "output: a line that is not a JSON object is reported and skipped, exit 2" {
	printf '%s\n' '{"message":"one"}' 'not json' '[1,2]' '' '{"message":"two"}' > "$TMP/in.jsonl"
	run --separate-stderr errcat "$TMP/in.jsonl"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --partial '"message":"one"'
	assert_line --index 1 --partial '"message":"two"'
	[[ "$stderr" == *"errcat: $TMP/in.jsonl:2: not a JSON object: not json"* ]]
	[[ "$stderr" == *"errcat: $TMP/in.jsonl:3: not a JSON object: [1,2]"* ]]
}

@test "output: operands in order, - is stdin, an unreadable one is reported and skipped" {
	echo '{"message":"a"}' > "$TMP/a.jsonl"
	echo '{"message":"c"}' > "$TMP/c.jsonl"
	run --separate-stderr errcat "$TMP/a.jsonl" "$TMP/missing.jsonl" - "$TMP/c.jsonl" <<< '{"message":"b"}'
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 0 --partial '"message":"a"'
	assert_line --index 1 --partial '"message":"b"'
	assert_line --index 2 --partial '"message":"c"'
	[[ "$stderr" == *"errcat: $TMP/missing.jsonl: No such file or directory"* ]]
}

@test "output: | head -1 ends quietly" {
	for i in $(seq 1 20000); do echo '{"message":"Connection refused","level":"error"}'; done > "$TMP/in.jsonl"
	run bash -c "set -o pipefail; errcat '$TMP/in.jsonl' 2>'$TMP/err' | head -1"
	assert_output --partial '"category":"network_error"'
	[ ! -s "$TMP/err" ]
}

@test "output: --line-buffered writes each record before the next is read" {
	mkfifo "$TMP/fifo"
	coproc ERRCAT { errcat --line-buffered < "$TMP/fifo"; }
	exec {w}> "$TMP/fifo"
	echo '{"message":"Connection refused","level":"error"}' >&"$w"
	read -r -t 10 got <&"${ERRCAT[0]}"
	exec {w}>&-
	wait "$ERRCAT_PID" || true
	[[ "$got" == *'"category":"network_error"'* ]]
}

# ---------------------------------------------------------------- the pattern language

@test "rules: first match wins, files in name order, rules in file order" {
	mkdir "$TMP/d"
	printf 'rule second low\n    message x\n' > "$TMP/d/b.pat"
	printf 'rule first low\n    message x\nrule also_first low\n    message x\n' > "$TMP/d/a.pat"
	printf 'rule ignored low\n    message x\n' > "$TMP/d/c.txt"
	run only "$TMP/d" <<< '{"message":"x"}'
	assert_success
	assert_output --partial '"category":"first"'
	assert_output --partial "\"rule\":\"$TMP/d/a.pat:1\""
}

@test "rules: conditions all hold; negation; absent fields; arrays; nested paths; field lists" {
	pat t.pat <<'EOF'
# comments and blank lines are ignored

rule neg_absent low t:1
    !missing .
    message ^only$
rule both medium t:2
    type ^KeyError$
    message user
rule not_test low
    message boom
    !file (^|/)tests?/
rule any_tag low
    tags ^flaky$
rule cause high
    causes.type ^java\.net\.ConnectException$
rule frame low
    frames.function ^handler$
rule number low
    line ^42$
rule boolean low
    retried ^true$
rule fraction low
    ratio ^0\.1$
rule either low
    message|context disk
EOF
	cat > "$TMP/in.jsonl" <<'EOF'
{"message":"only"}
{"type":"KeyError","message":"user_id"}
{"type":"KeyError","message":"other"}
{"message":"boom","file":"src/a.py"}
{"message":"boom","file":"tests/test_a.py"}
{"tags":["x","flaky"]}
{"causes":[{"type":"a"},{"type":"java.net.ConnectException"}]}
{"frames":[{"function":"main"},{"function":"handler"}]}
{"line":42}
{"retried":true}
{"message":"m","context":["$ make","disk check"]}
{"ratio":0.1}
EOF
	run only "$TMP/t.pat" "$TMP/in.jsonl"
	assert_success
	assert_line --index 0 --partial '"category":"neg_absent","severity":"low","tags":["t:1"]'
	assert_line --index 1 --partial '"category":"both","severity":"medium","tags":["t:2"]'
	assert_line --index 2 --partial '"category":"uncategorized"'
	assert_line --index 3 --partial '"category":"not_test"'
	assert_line --index 4 --partial '"category":"uncategorized"'
	assert_line --index 5 --partial '"category":"any_tag"'
	assert_line --index 6 --partial '"category":"cause","severity":"high"'
	assert_line --index 7 --partial '"category":"frame"'
	assert_line --index 8 --partial '"category":"number"'
	assert_line --index 9 --partial '"category":"boolean"'
	assert_line --index 10 --partial '"category":"either"'
	assert_line --index 11 '{"ratio":0.1,"category":"fraction","severity":"low","tags":[],"rule":"'"$TMP/t.pat"':22"}'
}

@test "rules: pattern files with CRLF line ends and a byte order mark" {
	printf '\xef\xbb\xbf# from a Windows editor\r\nrule crlf low a:b\r\n\tmessage ^x$\r\n' > "$TMP/w.pat"
	run only "$TMP/w.pat" <<< '{"message":"x"}'
	assert_success
	assert_output "{\"message\":\"x\",\"category\":\"crlf\",\"severity\":\"low\",\"tags\":[\"a:b\"],\"rule\":\"$TMP/w.pat:2\"}"
}

@test "rules: a pattern that hits the match limit is reported once per rule and does not match" {
	pat lim.pat <<'EOF'
rule catastrophic critical
    message ^(a+)+$
rule fallback low
    message a
EOF
	python3 -c 'print(("{\"message\":\"" + "a" * 40 + "b\"}\n") * 3, end="")' > "$TMP/in.jsonl"
	run --separate-stderr only "$TMP/lim.pat" "$TMP/in.jsonl"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 2 --partial '"category":"fallback"'
	[ "$stderr" = "errcat: $TMP/lim.pat:2: match limit hit on record 1" ]
}

@test "rules: rule ids name bundled files patterns/NAME, others as found" {
	run errcat <<< '{"format":"python","type":"KeyError","message":"x"}'
	assert_output --partial '"rule":"patterns/10-python.pat:'
	printf 'rule mine low\n    message x\n' > "$TMP/m.pat"
	run errcat --patterns "$TMP/m.pat" <<< '{"message":"x"}'
	assert_output --partial "\"rule\":\"$TMP/m.pat:1\""
	mkdir "$TMP/dir"
	cp "$TMP/m.pat" "$TMP/dir/"
	run errcat --patterns "$TMP/dir/" <<< '{"message":"x"}'
	assert_output --partial "\"rule\":\"$TMP/dir/m.pat:1\""
}

# ---------------------------------------------------------------- search path and overrides

@test "path: --patterns, then ERRCAT_PATH, then the user directory, then the bundled library" {
	mkdir -p "$TMP/p1" "$TMP/e1" "$TMP/e2" "$XDG_CONFIG_HOME/errtools/patterns"
	for d in p1 e1 e2; do printf 'rule from_%s low\n    message ^x$\n' "$d" > "$TMP/$d/$d.pat"; done
	printf 'rule from_user low\n    message ^x$\n' > "$XDG_CONFIG_HOME/errtools/patterns/user.pat"
	ERRCAT_PATH="$TMP/e1::$TMP/e2" run errcat --patterns "$TMP/p1" --list-rules
	assert_success
	# the order of the rules is the order of the search path
	run bash -c "ERRCAT_PATH='$TMP/e1::$TMP/e2' errcat --patterns '$TMP/p1' --list-rules | awk '\$1 == \"rule\" { print \$3 }' | head -4"
	assert_output "$(printf 'from_p1\nfrom_e1\nfrom_e2\nfrom_user')"
	ERRCAT_PATH="$TMP/e1:$TMP/e2" run errcat <<< '{"message":"x"}'
	assert_output --partial '"category":"from_e1"'
	run errcat <<< '{"message":"x"}'
	assert_output --partial '"category":"from_user"'
	run errcat --list-rules
	assert_output --partial 'file patterns/10-python.pat '
}

@test "path: without XDG_CONFIG_HOME the user directory is ~/.config/errtools/patterns" {
	unset XDG_CONFIG_HOME
	mkdir -p "$HOME/.config/errtools/patterns"
	printf 'rule home_rule low\n    message ^x$\n' > "$HOME/.config/errtools/patterns/h.pat"
	run errcat <<< '{"message":"x"}'
	assert_output --partial '"category":"home_rule"'
}

@test "path: --no-default-patterns uses only the files given" {
	run errcat --no-default-patterns --list-rules
	assert_success
	assert_output ""
	run errcat --no-default-patterns <<< '{"format":"python","type":"KeyError","message":"x"}'
	assert_output --partial '"category":"uncategorized"'
}

@test "path: a missing --patterns operand is an error; missing default directories are not" {
	run --separate-stderr errcat --patterns "$TMP/nope.pat" <<< '{}'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"errcat: $TMP/nope.pat: No such file or directory"* ]]
	ERRCAT_PATH="$TMP/nope" run errcat <<< '{}'
	assert_success
}

@test "override: a user file with a bundled file's name replaces it" {
	mkdir -p "$XDG_CONFIG_HOME/errtools/patterns"
	printf 'rule my_key low\n    type ^KeyError$\n' > "$XDG_CONFIG_HOME/errtools/patterns/10-python.pat"
	run errcat <<< '{"format":"python","type":"KeyError","message":"x"}'
	assert_output --partial '"category":"my_key"'
	run errcat --list-rules
	assert_output --partial "(overridden by $XDG_CONFIG_HOME/errtools/patterns/10-python.pat)"
	run errcat <<< '{"format":"python","type":"NameError","message":"x"}'
	assert_output --partial '"category":"uncategorized"'
}

@test "override: disable switches off a category in later files, not in its own" {
	mkdir -p "$XDG_CONFIG_HOME/errtools/patterns"
	pat u.pat <<'EOF'
disable timeout network_error
rule timeout low mine
    message (?i)timed out.*build
EOF
	cp "$TMP/u.pat" "$XDG_CONFIG_HOME/errtools/patterns/"
	run errcat <<< '{"format":"log","message":"read timed out"}'
	assert_output --partial '"category":"uncategorized"'
	run errcat <<< '{"format":"log","message":"timed out waiting for build"}'
	assert_output --partial '"tags":["mine"]'
	run errcat <<< '{"format":"log","message":"Connection refused"}'
	refute_output --partial '"category":"network_error"'
	run errcat --list-rules
	assert_output --regexp 'rule patterns/85-system.pat:[0-9]+ timeout medium area:network,action:retry \(disabled\)'
}

# ---------------------------------------------------------------- --check

@test "check: a bad pattern is FILE:LINE:COL: PCRE2's message, exit 2" {
	pat bad.pat <<'EOF'
rule ok low
    message fine
rule broken high
    message   ab(c
EOF
	run only "$TMP/bad.pat" --check
	[ "$status" -eq 2 ]
	assert_output "$TMP/bad.pat:4:19: missing closing parenthesis"
	# without --check: the same on stderr, and no record is read
	run --separate-stderr only "$TMP/bad.pat" <<< '{"message":"fine"}'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "errcat: $TMP/bad.pat:4:19: missing closing parenthesis"* ]]
}

@test "check: syntax errors of the file format are located" {
	pat syn.pat <<'EOF'
    message orphan
rule Bad_Id low
    message x
rule sev urgent
    message x
rule empty low
rule fields low
    mess*age x
    message
frobnicate
disable
EOF
	run only "$TMP/syn.pat" --check
	[ "$status" -eq 2 ]
	assert_line "$TMP/syn.pat:1:5: condition outside a rule"
	assert_line --partial "$TMP/syn.pat:2:6: bad category id 'Bad_Id'"
	assert_line --partial "$TMP/syn.pat:4:10: bad severity 'urgent'"
	assert_line "$TMP/syn.pat:6:1: rule 'empty' has no conditions"
	assert_line "$TMP/syn.pat:8:5: bad field name 'mess*age'"
	assert_line "$TMP/syn.pat:9:12: condition on 'message' without a pattern"
	assert_line --partial "$TMP/syn.pat:10:1: unknown directive 'frobnicate'"
	assert_line "$TMP/syn.pat:11:8: disable without a category id"
}

@test "check: duplicate and shadowed rules, unused disables, unknown formats are warned about, exit 1" {
	pat w.pat <<'EOF'
rule a low
    format ^(python|pytest)$
    type ^KeyError$
rule a low
    type ^KeyError$
    format ^(python|pytest)$
rule b low
    type ^KeyError$
    format ^pytest$
    message user
rule c low
    type ^KeyError$
rule d low
    message x||y
rule e low
    type ^KeyError$
    format ^(pytest|unittest)$
disable nothing_later
rule f low
    format ^(python|pyhton)$
EOF
	run only "$TMP/w.pat" --check
	[ "$status" -eq 1 ]
	assert_line "$TMP/w.pat:4: warning: duplicate: rule 'a' has the same conditions as $TMP/w.pat:1 ('a'), which wins"
	assert_line "$TMP/w.pat:7: warning: shadowed: rule 'b' never matches: $TMP/w.pat:1 ('a') comes first and matches every record it would"
	assert_line --partial "$TMP/w.pat:14: warning: pattern for 'message' has an empty alternative"
	assert_line "$TMP/w.pat:15: warning: shadowed: rule 'e' never matches: $TMP/w.pat:11 ('c') comes first and matches every record it would"
	assert_line "$TMP/w.pat:18: warning: disable nothing_later: no rule in a later file has this category"
	assert_line "$TMP/w.pat:20: warning: format 'pyhton' is not one errcap writes"
	refute_output --partial "w.pat:11: warning"
}

# ---------------------------------------------------------------- --explain, --list-rules

@test "explain: which rule matched and which condition failed in each earlier rule" {
	pat x.pat <<'EOF'
rule imp high
    format ^python$
    type ^ModuleNotFoundError$
rule key high lang:python
    format ^python$
    !message ^'skip'$
    type ^KeyError$
EOF
	printf '%s\n' '{"format":"python","type":"KeyError","message":"'"'"'id'"'"'"}' '{"kind":"run"}' '{"format":"go","message":"m"}' > "$TMP/in.jsonl"
	run only "$TMP/x.pat" --explain "$TMP/in.jsonl"
	assert_success
	assert_line --index 0 "record 1 ($TMP/in.jsonl:1): format=python type=KeyError message='id'"
	assert_line --index 1 "  $TMP/x.pat:1 imp: type ^ModuleNotFoundError$: no match in \"KeyError\""
	assert_line --index 2 "  => $TMP/x.pat:4 key high lang:python"
	assert_line --index 3 "record 2 ($TMP/in.jsonl:2):"
	assert_line --index 4 "  has a kind field: passed through unchanged"
	assert_line --index 6 "  $TMP/x.pat:1 imp: format ^python$: no match in \"go\""
	assert_line --index 8 "  => no rule matched: uncategorized medium (from level)"
}

@test "options: --help, --version, usage errors, doc drift" {
	run errcat --help
	assert_success
	assert_output --partial "Usage: errcat"
	run errcat --version
	assert_success
	assert_output --partial "errcat (errtools)"
	run errcat --bogus
	[ "$status" -eq 2 ]
	run errcat --check somefile
	[ "$status" -eq 2 ]
	run errcat --check --explain
	[ "$status" -eq 2 ]
	check_doc_drift errcat
}

# ---------------------------------------------------------------- hints

@test "hints: a rule's hint is added as hint, {NAME} filled from the condition's named group" {
	cat > "$TMP/h.pat" <<-'EOF'
	rule import_error high lang:python
	    type ModuleNotFoundError
	    message No module named '(?<module>[^'.]+)
	    hint Install {module} where this runs (pip install {module}).
	rule oops low
	    message oops
	    hint Static "quoted" hint
	EOF
	printf '%s\n' '{"type":"ModuleNotFoundError","message":"No module named '"'"'numpy.linalg'"'"'"}' \
		'{"message":"oops","hint":"stale"}' '{"message":"other"}' > "$TMP/in.jsonl"
	run errcat --patterns "$TMP/h.pat" "$TMP/in.jsonl"
	assert_success
	[ "$(echo "${lines[0]}" | jq -r .hint)" = "Install numpy where this runs (pip install numpy)." ]
	[ "$(echo "${lines[1]}" | jq -r .hint)" = 'Static "quoted" hint' ]
	[ "$(echo "${lines[1]}" | jq -c 'keys_unsorted')" = '["message","hint","category","severity","tags","rule"]' ]
	[ "$(echo "${lines[2]}" | jq -r 'has("hint")')" = false ]
	run errcat --patterns "$TMP/h.pat" --explain "$TMP/in.jsonl"
	assert_line --partial "hint ($TMP/h.pat:4): Install numpy where this runs (pip install numpy)."
}

@test "hints: a place no condition captures, a second hint, an empty hint are errors of the file" {
	printf 'rule x low\n    message a\n    hint see {nope}\n' > "$TMP/a.pat"
	run errcat --patterns "$TMP/a.pat" --check
	assert_failure 2
	assert_output --partial "a.pat:3:15: hint names {nope}, but no condition of the rule has a group (?<nope>...)"
	printf 'rule x low\n    message a\n    hint one\n    hint two\n' > "$TMP/b.pat"
	run errcat --patterns "$TMP/b.pat" --check
	assert_failure 2
	assert_output --partial "b.pat:4:1: a second hint for rule x"
	printf 'rule x low\n    !message (?<m>a)\n    hint {m}\n' > "$TMP/c.pat"
	run errcat --patterns "$TMP/c.pat" --check
	assert_failure 2
}

@test "hints: the bundled library gives at least 80 rules a hint, and fills the ones with places" {
	run sh -c "grep -h '^    hint ' '$ROOT'/patterns/*.pat | wc -l"
	[ "$output" -ge 80 ]
	printf 'src/a.c:1:10: fatal error: openssl/ssl.h: No such file or directory\n' > "$TMP/b.log"
	errcap "$TMP/b.log" | errcat > "$TMP/out.jsonl"
	jq -r .hint "$TMP/out.jsonl" | grep -F 'openssl/ssl.h is not on the include path'
}
