#!/bin/sh
# Runs every fuzz target built into DIR for FUZZ_S seconds each (libFuzzer,
# coverage-guided; FUZZ_SEED fixes its random seed), seeded from
# tests/fixtures (and ../shared/corpus when present), after replaying the
# inputs that once failed (tests/fuzz/regress/TARGET/). Prints one line per
# target and a last line
#   fuzz: T targets, N executions, C crashes
# and exits 1 on any crash (reproducers are saved under DIR/crashes/).
#   run.sh DIR [TARGET...]
set -u
cd "$(dirname "$0")/../.." || exit 2
dir=$1; shift
secs=${FUZZ_S:-60}
shared=${ERRTOOLS_SHARED:-../shared}
targets=${*:-$(cd "$dir" && ls | grep -E '^fuzz_[a-z0-9_]+$')}
mkdir -p "$dir/crashes" "$dir/corpus" "$dir/seeds"

# seeds TARGET DEST: the fixture files that are inputs of that kind
seeds() {
	case $1 in
	fuzz_errcap_text)
		find tests/fixtures/errcap -type f \( -name '*.log' -o -name '*.txt' -o -name '*.out' \) -size -64k
		[ -d "$shared/corpus/diagnostics" ] &&
			find "$shared/corpus/diagnostics" -type f -size -64k | head -400 ;;
	fuzz_errhash_records | fuzz_lib_jparse) find tests/fixtures -name '*.jsonl' -size -256k ;;
	fuzz_errcat_patterns) ls patterns/*.pat ;;
	fuzz_errcap_formats) ls share/errtools/formats/*.fmt ;;
	fuzz_errhash_rules) ls tests/fuzz/seeds/errhash_rules/* ;;
	fuzz_errstat_failif) ls tests/fuzz/seeds/errstat_failif/* ;;
	fuzz_errtodo_todo) find tests/fixtures/errtodo tests/fuzz/seeds/errtodo_todo -name '*.md' ;;
	*) ls tests/fuzz/seeds/"${1#fuzz_}"/* 2>/dev/null ;;
	esac
}

total=0 crashes=0 ntargets=0
for t in $targets; do
	bin=$dir/$t
	[ -x "$bin" ] || { echo "fuzz: $t: not built" >&2; crashes=$((crashes + 1)); continue; }
	ntargets=$((ntargets + 1))
	sd=$dir/seeds/$t cd_=$dir/corpus/$t
	rm -rf "$sd"; mkdir -p "$sd" "$cd_"
	seeds "$t" | while read -r f; do [ -f "$f" ] && cp "$f" "$sd/$(printf '%s' "$f" | tr '/' '_')"; done
	dict=tests/fuzz/dict/${t#fuzz_}.dict
	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-close_fd_mask=2 -artifact_prefix="$dir/crashes/$t-" -print_final_stats=1
	[ -f "$dict" ] && set -- "$@" -dict="$dict"
	[ -n "${FUZZ_SEED:-}" ] && set -- "$@" -seed="$FUZZ_SEED"
	log=$dir/$t.log
	# first the inputs that once failed (tests/fuzz/regress/TARGET/), each once
	rc=0
	if [ -d "tests/fuzz/regress/$t" ]; then
		"$bin" -close_fd_mask=2 tests/fuzz/regress/"$t"/* >"$log" 2>&1 || rc=$?
	fi
	[ "$rc" -eq 0 ] && { "$bin" "$@" "$cd_" "$sd" >"$log" 2>&1 || rc=$?; }
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	cov0=$(grep -E 'INITED|INIT' "$log" | grep -o 'cov: [0-9]*' | head -1 | cut -d' ' -f2)
	: "${execs:=0}" "${cov:=0}" "${cov0:=$cov}"
	total=$((total + execs))
	if [ "$rc" -ne 0 ]; then
		crashes=$((crashes + 1))
		art=$(ls -t "$dir/crashes/$t-"* 2>/dev/null | head -1)
		echo "$t: CRASH after $execs executions (exit $rc); reproducer: ${art:-none}; log: $log"
		grep -E 'ERROR: |SUMMARY: |runtime error' "$log" | head -3 | sed 's/^/    /'
	else
		echo "$t: $execs executions, coverage $cov (+$((cov - cov0)) new), no crash"
	fi
done
echo "fuzz: $ntargets targets, $total executions, $crashes crashes"
[ "$crashes" -eq 0 ]
