#!/usr/bin/env bats
# errcap: parsers checked against fixtures of real output (tests/fixtures/errcap/FORMAT/,
# see check.py there), then behaviour.

load helper
bats_require_minimum_version 1.5.0

@test "fixtures: ubsan" { fixtures ubsan; }
@test "fixtures: asan" { fixtures asan; }
@test "fixtures: valgrind" { fixtures valgrind; }
@test "fixtures: pytest" { fixtures pytest; }
@test "fixtures: unittest" { fixtures unittest; }
@test "fixtures: python" { fixtures python; }
@test "fixtures: java" { fixtures java; }
@test "fixtures: javac" { fixtures javac; }
@test "fixtures: maven" { fixtures maven; }
@test "fixtures: gradle" { fixtures gradle; }
@test "fixtures: go" { fixtures go; }
@test "fixtures: gotest" { fixtures gotest; }
@test "fixtures: rustc" { fixtures rustc; }
@test "fixtures: rust" { fixtures rust; }
@test "fixtures: node" { fixtures node; }
@test "fixtures: tsc" { fixtures tsc; }
@test "fixtures: eslint" { fixtures eslint; }
@test "fixtures: jest" { fixtures jest; }
@test "fixtures: mocha" { fixtures mocha; }
@test "fixtures: gcc" { fixtures gcc; }
@test "fixtures: ld" { fixtures ld; }
@test "fixtures: make" { fixtures make; }
@test "fixtures: ninja" { fixtures ninja; }
@test "fixtures: cmake" { fixtures cmake; }
@test "fixtures: shell" { fixtures shell; }
@test "fixtures: perl" { fixtures perl; }
@test "fixtures: log" { fixtures log; }

@test "fixtures: ordinary output yields no record" { fixtures negative; }
@test "fixtures: behaviour inputs (make directories, CI prefixes)" { fixtures behaviour; }

@test "corpus: recall on reviewdog-errorformat and clusterfuzz-stack-analyzer" {
	need_corpus diagnostics
	run python3 "$FIXTURES/errcap/corpus_recall.py"
	echo "$output"
	echo "$output" | grep -E '^(recall|  total|[a-z-]+ ?\()' | sed 's/^/# /' >&3
	[ "$status" -ne 77 ] || skip "corpus absent"
	assert_success
}

# ---------------------------------------------------------------- behaviour

B="$FIXTURES/errcap/behaviour"

# jqr FILTER FILE: one jq result, compact
jqr() { jq -c "$1" "$2"; }

setup() {
	TMP="$BATS_TEST_TMPDIR"
}

@test "options: --help and --version go to stdout and exit 0" {
	run errcap --help
	assert_success
	assert_output --partial "Usage: errcap"
	assert_output --partial -- "--session"
	run errcap --version
	assert_success
	assert_output --partial "errcap (errtools)"
}

@test "options: usage errors exit 2 with a message" {
	run errcap --no-such-option
	assert_failure 2
	run errcap -B x /dev/null
	assert_failure 2
	assert_output --partial "invalid context length"
	run errcap --format nosuch /dev/null
	assert_failure 2
	assert_output --partial "unknown format 'nosuch'"
	run errcap --
	assert_failure 2
	assert_output --partial "no command"
}

@test "options: --help, man page and completion list the same options" {
	run check_doc_drift errcap
	echo "$output"
	assert_success
}

@test "exit status: 0 with records, 1 without" {
	printf 'src/a.c:3:5: error: bad\n' >"$TMP/e.log"
	printf 'all good\n' >"$TMP/ok.log"
	run errcap "$TMP/e.log"
	assert_success
	run errcap "$TMP/ok.log"
	assert_failure 1
	assert_output ""
	run errcap </dev/null
	assert_failure 1
}

@test "operands: a bad operand warns, the others are read, exit 2" {
	printf 'src/a.c:3:5: error: bad\n' >"$TMP/e.log"
	run --separate-stderr errcap "$TMP/missing.log" "$TMP/e.log"
	assert_failure 2
	[[ $stderr == *"errcap: $TMP/missing.log: No such file or directory"* ]]
	[ "$(echo "$output" | jq -r .message)" = bad ]
	[ "$(echo "$output" | jq -r .input.name)" = "$TMP/e.log" ]
}

@test "operands: - is stdin; line numbers restart per input" {
	printf 'x\nsrc/a.c:3:5: error: one\n' >"$TMP/a.log"
	printf 'src/b.c:1:1: error: two\n' | errcap "$TMP/a.log" - >"$TMP/out"
	run jq -c '[.input.name, .input.line, .message]' "$TMP/out"
	assert_line --index 0 "[\"$TMP/a.log\",2,\"one\"]"
	assert_line --index 1 '["-",1,"two"]'
}

@test "input: CRLF lines parse like LF lines" {
	printf 'first\r\nsrc/a.c:3:5: error: bad thing\r\nlast\r\n' >"$TMP/crlf.log"
	errcap "$TMP/crlf.log" >"$TMP/out"
	run jqr '[.file, .line, .column, .message, .text, .context]' "$TMP/out"
	assert_output '["src/a.c",3,5,"bad thing","src/a.c:3:5: error: bad thing",["first"]]'
}

@test "input: escape codes and \\r progress redraws are removed before matching" {
	printf '\033[1m\033[31msrc/a.c:3:5: \033[1;31merror: \033[0mcolour\033[K\n' >"$TMP/esc.log"
	printf 'Building  10%%\rBuilding 100%%\rsrc/b.c:1:2: error: after redraw\n' >>"$TMP/esc.log"
	printf '\033]0;title\007src/c.c:4:4: warning: osc\n' >>"$TMP/esc.log"
	errcap "$TMP/esc.log" >"$TMP/out"
	run jq -c '[.file, .message, .text]' "$TMP/out"
	assert_line --index 0 '["src/a.c","colour","src/a.c:3:5: error: colour"]'
	assert_line --index 1 '["src/b.c","after redraw","src/b.c:1:2: error: after redraw"]'
	assert_line --index 2 '["src/c.c","osc","src/c.c:4:4: warning: osc"]'
	run grep -c $'\033' "$TMP/out"
	assert_output 0
}

@test "input: NUL bytes and invalid UTF-8 never break the output" {
	printf 'ctx \377\376 line\nsrc/a.c:3:5: error: bad \377 byte \000 and nul\n\300\200 overlong\nsrc/b.c:1:1: error: \355\240\200 surrogate\n' >"$TMP/bin.log"
	run errcap "$TMP/bin.log"
	assert_success
	echo "$output" >"$TMP/out"
	valid_jsonl "$TMP/out"
	[ "$(wc -l <"$TMP/out")" -eq 2 ]
	run jq -r '.message' "$TMP/out"
	assert_line --index 0 $'bad \uFFFD byte \uFFFD and nul'
	run jq -r '.context[0]' "$TMP/out"
	assert_line --index 0 $'ctx \uFFFD\uFFFD line'
}

@test "input: a 50 MB line is cut, not fatal; the lines after it are read" {
	{ printf 'src/big.c:1:1: error: huge '; head -c 50000000 /dev/zero | tr '\0' 'x'; printf '\nsrc/a.c:3:5: error: after\n'; } >"$TMP/long.log"
	run errcap "$TMP/long.log"
	assert_success
	echo "$output" >"$TMP/out"
	valid_jsonl "$TMP/out"
	run jq -c '[.file, .input.line, (.text | length < 1100000)]' "$TMP/out"
	assert_line --index 0 '["src/big.c",1,true]'
	assert_line --index 1 '["src/a.c",2,true]'
	# the same from a pipe, and a long line without a newline at the end
	{ head -c 3000000 /dev/zero | tr '\0' 'y'; printf '\nsrc/z.c:9:9: error: z'; } | errcap >"$TMP/out2"
	run jqr '[.file, .line, .input.line]' "$TMP/out2"
	assert_output '["src/z.c",9,2]'
}

@test "context: -B N keeps N ordinary lines before a block" {
	printf 'one\ntwo\nthree\nfour\nsrc/a.c:3:5: error: bad\n' >"$TMP/c.log"
	errcap -B 2 "$TMP/c.log" >"$TMP/out"
	run jqr '.context' "$TMP/out"
	assert_output '["three","four"]'
	errcap --context=0 "$TMP/c.log" >"$TMP/out"
	run jqr '.context' "$TMP/out"
	assert_output '[]'
	errcap "$TMP/c.log" >"$TMP/out"
	run jqr '.context' "$TMP/out"
	assert_output '["two","three","four"]'
}

@test "context: lines of one block are not the context of the next" {
	printf 'pre\n2026-11-21 10:00:00,000 ERROR [main] c.e.App - one\nmid\nsrc/b.c:4:1: error: two\n' >"$TMP/c.log"
	errcap "$TMP/c.log" >"$TMP/out"
	run jq -c '.context' "$TMP/out"
	assert_line --index 0 '["pre"]'
	assert_line --index 1 '["mid"]'
}

@test "formats: --list-formats names every parser, --format restricts them" {
	run errcap --list-formats
	assert_success
	for f in log gcc python java go rustc node tsc make shell; do
		assert_line --regexp "^$f +"
	done
	printf '2026-11-21 10:00:00,000 ERROR [main] c.e.App - boom\nsrc/a.c:3:5: error: bad\n' >"$TMP/m.log"
	errcap --format gcc "$TMP/m.log" >"$TMP/out"
	run jq -r .format "$TMP/out"
	assert_output gcc
	errcap -f log,gcc "$TMP/m.log" >"$TMP/out"
	run jq -r .format "$TMP/out"
	assert_line --index 0 log
	assert_line --index 1 gcc
}

@test "--tee copies the input, byte for byte, to stderr" {
	printf 'a\r\n\033[31mcolour\033[0m\nsrc/a.c:3:5: error: bad\n\377\000tail-without-newline' >"$TMP/t.log"
	errcap --tee "$TMP/t.log" >"$TMP/out" 2>"$TMP/err"
	cmp "$TMP/t.log" "$TMP/err"
	[ "$(jq -r .message "$TMP/out")" = bad ]
	errcap --tee <"$TMP/t.log" >/dev/null 2>"$TMP/err2"
	cmp "$TMP/t.log" "$TMP/err2"
}

@test "--session and ERRTOOLS_SESSION stamp every record" {
	printf 'src/a.c:3:5: error: bad\n' >"$TMP/e.log"
	run errcap --session ci-4812 "$TMP/e.log"
	[ "$(echo "$output" | jq -r .session)" = ci-4812 ]
	ERRTOOLS_SESSION=nightly-7 errcap "$TMP/e.log" >"$TMP/out"
	[ "$(jq -r .session "$TMP/out")" = nightly-7 ]
	ERRTOOLS_SESSION=nightly-7 errcap -s explicit "$TMP/e.log" >"$TMP/out"
	[ "$(jq -r .session "$TMP/out")" = explicit ]
	errcap "$TMP/e.log" >"$TMP/out"
	[ "$(jq -r 'has("session")' "$TMP/out")" = false ]
}

@test "make: relative paths resolve against Entering directory" {
	errcap "$B/make_dirs.log" >"$TMP/out"
	run jq -r '.file' "$TMP/out"
	assert_line --index 0 /home/ci/proj/lib/util.c
	assert_line --index 1 /home/ci/proj/lib/sub/deep.c
	assert_line --index 2 /home/ci/proj/lib/other.c
	assert_line --index 3 main.c
}

@test "prefixes: CI timestamps, [job] and compose prefixes are removed" {
	errcap "$B/ci_prefixes.log" >"$TMP/out"
	# (each job's block ends at that job's next line: order records by input line)
	run jq -s -c 'sort_by(.input.line)[] | [.format, .file, .line, .message, .text]' "$TMP/out"
	assert_line --index 0 '["gcc","src/a.c",3,"stray token","src/a.c:3:5: error: stray token"]'
	assert_line --index 1 '["gcc","src/b.c",4,"unused parameter","src/b.c:4:1: warning: unused parameter [-Wunused-parameter]"]'
	assert_line --index 2 '["log",null,null,"upstream down","2026-11-21 10:00:02,000 ERROR [main] c.e.App - upstream down"]'
	assert_line --index 3 '["gcc","src/c.c",9,"bad cast","src/c.c:9:9: error: bad cast"]'
	# --keep-prefixes leaves lines as they are
	errcap --keep-prefixes --format log "$B/ci_prefixes.log" >"$TMP/out" || true
	run jq -r '.text' "$TMP/out"
	refute_output --partial "upstream down"
}

@test "prefixes: interleaved jobs keep their own blocks" {
	errcap "$B/jobs.log" >"$TMP/out"
	run jq -c '[.format, .type, .file, .line, .input.line, .input.end, .text]' "$TMP/out"
	assert_line --index 0 '["gcc",null,"src/a.c",3,2,2,"src/a.c:3:5: error: bad"]'
	assert_line --index 1 '["python","KeyError","/srv/api/app.py",7,1,6,"Traceback (most recent call last):\n  File \"/srv/api/app.py\", line 7, in <module>\n    main()\nKeyError: '"'uid'"'"]'
	# ninja's [N/M] progress is not a job
	printf '[1/3] Building C object a.o\n[2/3] Building C object b.o\nFAILED: b.o\n' | errcap -f ninja >"$TMP/out"
	[ "$(jq -r .format "$TMP/out")" = ninja ]
}

@test "gha: the runner's 'Process completed with exit code N.' is info after an error, an error alone" {
	printf 'Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nKeyError: 1\nError: Process completed with exit code 1.\n' | errcap >"$TMP/out"
	run jq -c '[.format, .level]' "$TMP/out"
	assert_line --index 0 '["python","error"]'
	assert_line --index 1 '["gha","info"]'
	printf 'loading\n##[error]Process completed with exit code 2.\n' | errcap >"$TMP/out"
	run jq -c '[.format, .level, .message]' "$TMP/out"
	assert_output '["gha","error","Process completed with exit code 2."]'
	# a warning before it is no error it could report
	printf 'a.c:1:5: warning: w\n  x\n    ^\nError: Process completed with exit code 1.\n' | errcap >"$TMP/out"
	run jq -c '[.format, .level]' "$TMP/out"
	assert_line --index 1 '["gha","error"]'
}

@test "prefixes: a bracketed log level is not a job name" {
	printf '[ERROR] x\n[warning] y\n[1/3] src/a.c:3:5: error: progress prefix\n' | errcap --format gcc >"$TMP/out"
	run jq -r '.text' "$TMP/out"
	assert_output 'src/a.c:3:5: error: progress prefix'
}

@test "wrapper: runs the command, passes its output through, exits with its status" {
	run --separate-stderr errcap -- sh -c 'echo "src/a.c:3:5: error: from stdout"; echo "src/b.c:1:1: warning: from stderr" >&2; echo plain; exit 3'
	assert_failure 3
	[[ $stderr == *"src/a.c:3:5: error: from stdout"* ]]
	[[ $stderr == *"src/b.c:1:1: warning: from stderr"* ]]
	[[ $stderr == *plain* ]]
	echo "$output" >"$TMP/out"
	valid_jsonl "$TMP/out"
	run jq -c 'select(.kind != "run") | [.file, .level]' "$TMP/out"
	assert_line '["src/a.c","error"]'
	assert_line '["src/b.c","warning"]'
	run jq -c 'select(.kind == "run") | [.command, .exit_status, .signal, .lines, .errors, .warnings]' "$TMP/out"
	assert_output "[\"sh -c 'echo \\\"src/a.c:3:5: error: from stdout\\\"; echo \\\"src/b.c:1:1: warning: from stderr\\\" >&2; echo plain; exit 3'\",3,null,3,1,1]"
	# the run record is last and complete
	run jq -r 'select(.kind == "run") | [(.duration_ms|type), (.started|test("^\\d{4}-\\d\\d-\\d\\dT")), (.time|test("Z$"))] | @tsv' "$TMP/out"
	assert_output $'number\ttrue\ttrue'
	[ "$(tail -n 1 "$TMP/out" | jq -r .kind)" = run ]
}

@test "wrapper: status 0, a signal gives 128+N, a missing command 127" {
	run errcap -- true
	assert_success
	[ "$(echo "$output" | jq -r .exit_status)" = 0 ]
	run errcap -- sh -c 'kill -TERM $$'
	assert_failure 143
	[ "$(echo "$output" | jq -c '[.exit_status, .signal]')" = '[null,"SIGTERM"]' ]
	run -127 --separate-stderr errcap -- /nonexistent/cmd arg
	assert_failure 127
	[[ $stderr == *"/nonexistent/cmd: No such file or directory"* ]]
	[ "$(echo "$output" | jq -r .exit_status)" = 127 ]
}

@test "wrapper: the session reaches records, run record and the command" {
	run --separate-stderr errcap --session job-9 -- sh -c 'echo "session=$ERRTOOLS_SESSION" >&2; echo "x.c:1:2: error: e"'
	assert_success
	[[ $stderr == *"session=job-9"* ]]
	run jq -r .session <<<"$output"
	assert_line --index 0 job-9
	assert_line --index 1 job-9
}

@test "wrapper: a line split across writes is one line; blocks span both streams by line" {
	run --separate-stderr errcap -- sh -c 'printf "src/a.c:3:"; sleep 0.3; printf "5: error: split\n"; printf "2026-11-21 10:00:00,000 ERROR [main] c.e.App - failed\n" >&2; printf "\tat c.e.App.main(App.java:7)\n" >&2'
	assert_success
	echo "$output" >"$TMP/out"
	run jq -c 'select(.kind != "run") | [.format, .file, .line, .message]' "$TMP/out"
	assert_line --index 0 '["gcc","src/a.c",3,"split"]'
	assert_line --index 1 '["log",null,null,"failed"]'
}

@test "live: records leave when the input pauses, before it ends" {
	mkfifo "$TMP/fifo"
	errcap --line-buffered <"$TMP/fifo" >"$TMP/out" &
	pid=$!
	exec 7>"$TMP/fifo"
	# a block that may go on (a log line, continuation lines may follow)
	printf '2026-11-21 10:00:00,000 ERROR [main] c.e.App - first\n' >&7
	for i in $(seq 1 100); do [ -s "$TMP/out" ] && break; sleep 0.1; done
	[ "$(jq -r .message "$TMP/out")" = first ]
	# a single-line diagnostic
	printf 'src/a.c:3:5: error: second\n' >&7
	for i in $(seq 1 100); do [ "$(wc -l <"$TMP/out")" -ge 2 ] && break; sleep 0.1; done
	[ "$(tail -n 1 "$TMP/out" | jq -r .message)" = second ]
	exec 7>&-
	wait "$pid"
}

@test "live: a continuation line that arrives in time joins its block" {
	mkfifo "$TMP/fifo"
	errcap <"$TMP/fifo" >"$TMP/out" &
	pid=$!
	{ printf '2026-11-21 10:00:00,000 ERROR [main] c.e.App - failed\njava.lang.IllegalStateException: boom\n'; printf '\tat c.e.App.main(App.java:7)\n'; } >"$TMP/fifo"
	wait "$pid"
	run jq -c '[.message, .type, .input.end]' "$TMP/out"
	assert_output '["failed","java.lang.IllegalStateException",3]'
}

@test "output: | head -1 ends quietly" {
	for i in $(seq 1 20000); do echo "src/a$i.c:$i:1: error: e$i"; done >"$TMP/many.log"
	run --separate-stderr bash -c 'errcap "$1" | head -n 1' _ "$TMP/many.log"
	assert_success
	[ -z "$stderr" ]
	[ "$(echo "$output" | jq -r .message)" = e1 ]
}

@test "output: records are valid JSON Lines in the documented field order" {
	printf 'src/a.c:3:5: error: bad\n' | errcap >"$TMP/out"
	valid_jsonl "$TMP/out"
	run jq -r 'keys_unsorted | join(",")' "$TMP/out"
	assert_output "level,type,message,file,line,column,function,frames,causes,format,text,context,input,time"
}

@test "prefilter: AVX-512, AVX2 and scalar paths find the same records" {
	# every fixture log, one after another, plus lines with triggers cut by escapes
	find "$FIXTURES/errcap" -name '*.log' | sort | xargs cat >"$TMP/all.log"
	printf 'src/a.c:1:2: \033[31merr\033[0mor: split by colour\n' >>"$TMP/all.log"
	errcap "$TMP/all.log" | jq -c 'del(.time)' >"$TMP/default" || true
	ERRCAP_NO_AVX512=1 errcap "$TMP/all.log" | jq -c 'del(.time)' >"$TMP/avx2" || true
	ERRCAP_NO_SIMD=1 errcap "$TMP/all.log" | jq -c 'del(.time)' >"$TMP/scalar" || true
	[ "$(wc -l <"$TMP/default")" -gt 100 ]
	cmp "$TMP/default" "$TMP/avx2"
	cmp "$TMP/default" "$TMP/scalar"
	# the same through the line-by-line path of wrapper mode
	errcap -- cat "$TMP/all.log" 2>/dev/null | jq -c 'select(.kind != "run") | del(.time) | del(.input.name)' >"$TMP/wrap" || true
	jq -c 'del(.input.name)' "$TMP/default" >"$TMP/default2"
	cmp "$TMP/default2" "$TMP/wrap"
}

@test "wrapper: errcap outlives an interrupt meant for the command; a last line without newline counts" {
	run --separate-stderr errcap -- sh -c 'kill -INT $PPID; sleep 0.2; printf "x.c:1:2: error: last"'
	assert_success
	echo "$output" >"$TMP/out"
	run jq -c '[.kind, .message, .exit_status]' "$TMP/out"
	assert_line --index 0 '[null,"last",null]'
	assert_line --index 1 '["run",null,0]'
}

@test "log lines: a leading phrase before ':' is the message's unless it is a logger" {
	printf '%s\n' '2026-03-01T10:00:00Z ERROR [mailer] send failed: to=ops@example.com code=421' \
		'2026-03-01 10:00:00,123 ERROR [main] com.example.Mailer - send failed: timeout' \
		'2026-03-01T10:00:00Z ERROR com.example.Mailer: connection lost' > "$BATS_TEST_TMPDIR/l.log"
	run sh -c "errcap '$BATS_TEST_TMPDIR/l.log' | jq -r .message"
	assert_success
	assert_output "send failed: to=ops@example.com code=421
send failed: timeout
connection lost"
}
