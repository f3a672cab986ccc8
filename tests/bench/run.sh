#!/bin/sh
# make bench: errtools' benchmark. See tests/bench/README.
#   BENCH_MB (200)   size of the generated logs (the sparse one and the warning-heavy one)
#   BENCH_RUNS (3)   runs per command; the median is shown
#   ERRTOOLS_BIN     where the programs are (default: bin)
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${ERRTOOLS_BIN:-bin}
OUT=build/bench
MB=${BENCH_MB:-200}
RUNS=${BENCH_RUNS:-3}
CC=${CC:-cc}
mkdir -p "$OUT" || exit 2

for t in gen measure genrec; do
	if [ ! -x "$OUT/$t" ] || [ "tests/bench/$t.c" -nt "$OUT/$t" ]; then
		$CC -O2 -o "$OUT/$t" "tests/bench/$t.c" || exit 2
	fi
done

log=$OUT/bench.log
stamp=$OUT/bench.log.mb
if [ ! -s "$log" ] || [ "$OUT/gen" -nt "$log" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$MB" ]; then
	echo "generating $log ($MB MB)..."
	"$OUT/gen" "$MB" >"$log" || exit 2
	echo "$MB" >"$stamp"
fi
wlog=$OUT/warn.log
wstamp=$OUT/warn.log.mb
if [ ! -s "$wlog" ] || [ "$OUT/gen" -nt "$wlog" ] || [ "$(cat "$wstamp" 2>/dev/null)" != "$MB" ]; then
	echo "generating $wlog ($MB MB, warning-heavy)..."
	"$OUT/gen" "$MB" warn >"$wlog" || exit 2
	echo "$MB" >"$wstamp"
fi
bytes=$(wc -c <"$log" | tr -d ' ')
lines=$(wc -l <"$log" | tr -d ' ')
cat "$log" >/dev/null    # into the page cache
cat "$log" >/dev/null

# measure NAME IN CMD...: sets SEC (median wall time), RSS (KiB), CPU (median user+sys
# seconds); output in $OUT/out.$NAME. Ratios compare CPU time (the machine may be
# shared), but the chunked run's, which is about wall time.
measure() {
	name=$1 in=$2
	shift 2
	set -- $("$OUT/measure" "$RUNS" "$in" "$OUT/out.$name" "$@") || return 1
	SEC=$1 RSS=$2 CPU=$3
}

# summary LABEL VALUE GOAL: one line of the table of ratios printed at the end
SUMMARY=$OUT/summary
: >"$SUMMARY"
summary() { printf '%-44s %8s   goal %s\n' "$1" "$2" "$3" >>"$SUMMARY"; }

rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

printf '\nlog: %s, %s bytes, %s lines; median of %s runs, page cache warm\n\n' "$log" "$bytes" "$lines" "$RUNS"
printf '%-26s %9s %9s %10s %12s %10s\n' command seconds cpu-s MB/s records/s peak-RSS
row() {     # NAME SECONDS BYTES RECORDS RSS (and $CPU, from the last measure)
	printf '%-26s %9.3f %9.3f %10s %12s %7.1f MB\n' "$1" "$2" "$CPU" "$(rate "$3" "$(awk -v s="$2" 'BEGIN{print s*1048576}')")" \
		"$4" "$(awk -v k="$5" 'BEGIN{print k/1024}')"
}

measure cat "-" cat "$log" || exit 2
row "cat f" "$SEC" "$bytes" - "$RSS"
measure grep "-" env LC_ALL=C grep -c error "$log" || exit 2
GREP=$CPU
row "LC_ALL=C grep -c error f" "$SEC" "$bytes" - "$RSS"

status=0
if [ -x "$BIN/errcap" ] && measure errcap "-" "$BIN/errcap" "$log"; then
	ERRCAP=$CPU ERRCAP_RSS=$RSS
	nrec=$(wc -l <"$OUT/out.errcap" | tr -d ' ')
	row "errcap f" "$SEC" "$bytes" "$(rate "$nrec" "$SEC")" "$RSS"
	printf '  %s records; errcap/grep time ratio %s (goal <= 0.90), peak RSS %s KiB (goal < 16384)\n' \
		"$nrec" "$(ratio "$ERRCAP" "$GREP")" "$ERRCAP_RSS"
	summary "errcap / grep, bench log" "$(ratio "$ERRCAP" "$GREP")" "<= 0.90"
	cp "$OUT/out.errcap" "$OUT/records.jsonl"
	# the portable scanner: AVX-512 off (ERRCAP_NO_AVX512, docs/errcap.md)
	if measure errcap_noavx512 "-" env ERRCAP_NO_AVX512=1 "$BIN/errcap" "$log"; then
		row "errcap f (no AVX-512)" "$SEC" "$bytes" "$(rate "$nrec" "$SEC")" "$RSS"
		printf '  errcap/grep time ratio without AVX-512 %s (goal <= 1.20)\n' "$(ratio "$CPU" "$GREP")"
		summary "errcap / grep, bench log, no AVX-512" "$(ratio "$CPU" "$GREP")" "<= 1.20"
	fi
else
	echo "errcap: not built or failed ($BIN/errcap); skipped"
	status=1
fi

# records_bench TITLE RECS: jq -c . and the record programs over RECS, with ratios
records_bench() {
	title=$1 recs=$2 rtag=$3
	rbytes=$(wc -c <"$recs" | tr -d ' ')
	rn=$(wc -l <"$recs" | tr -d ' ')
	printf '\nrecords: %s (%s), %s bytes\n\n' "$rn" "$title" "$rbytes"
	printf '%-26s %9s %9s %10s %12s %10s\n' command seconds cpu-s MB/s records/s peak-RSS
	JQ=
	if command -v jq >/dev/null 2>&1; then
		measure jq "-" jq -c . "$recs" && JQ=$CPU
		row "jq -c . records" "$SEC" "$rbytes" "$(rate "$rn" "$SEC")" "$RSS"
	else
		echo "jq: not installed; ratios against jq skipped"
	fi
	for p in errhash:8 errcat:6 errstat:15 errtodo:5; do
		prog=${p%%:*} goal=${p#*:}
		if [ ! -x "$BIN/$prog" ]; then
			echo "$prog: not built ($BIN/$prog); skipped"
			continue
		fi
		if ! measure "$prog" "-" "$BIN/$prog" "$recs"; then
			echo "$prog: failed"
			continue
		fi
		row "$prog records" "$SEC" "$rbytes" "$(rate "$rn" "$SEC")" "$RSS"
		if [ -n "$JQ" ]; then
			printf '  %s is %sx as fast as jq (goal >= %sx)\n' "$prog" "$(ratio "$JQ" "$CPU")" "$goal"
			summary "$prog vs jq -c ., $rtag" "$(ratio "$JQ" "$CPU")x" ">= ${goal}x"
		fi
	done
}

# repeat SRC DST MIN: DST is SRC repeated to at least MIN lines; sets REP (the factor)
repeat() {
	n=$(wc -l <"$1" | tr -d ' ')
	REP=$(( (${3} + n - 1) / (n > 0 ? n : 1) ))
	: >"$2"
	i=0
	while [ $i -lt "$REP" ]; do cat "$1" >>"$2"; i=$((i + 1)); done
}

# the record programs, on errcap's records repeated to about 100k records
if [ -s "$OUT/records.jsonl" ]; then
	repeat "$OUT/records.jsonl" "$OUT/records-big.jsonl" 100000
	records_bench "$REP x errcap output of $log" "$OUT/records-big.jsonl" "bench records"
fi

# the warning-heavy log: errcap against grep, then its records (many distinct errors)
if [ -x "$BIN/errcap" ]; then
	wbytes=$(wc -c <"$wlog" | tr -d ' ')
	cat "$wlog" >/dev/null
	printf '\nlog: %s, %s bytes, %s lines (warning-heavy)\n\n' "$wlog" "$wbytes" "$(wc -l <"$wlog" | tr -d ' ')"
	printf '%-26s %9s %9s %10s %12s %10s\n' command seconds cpu-s MB/s records/s peak-RSS
	measure wgrep "-" env LC_ALL=C grep -c error "$wlog" || exit 2
	WGREP=$CPU
	row "LC_ALL=C grep -c error f" "$SEC" "$wbytes" - "$RSS"
	if measure werrcap "-" "$BIN/errcap" "$wlog"; then
		WERRCAP=$CPU WERRCAP_WALL=$SEC
		wn=$(wc -l <"$OUT/out.werrcap" | tr -d ' ')
		row "errcap f" "$SEC" "$wbytes" "$(rate "$wn" "$SEC")" "$RSS"
		printf '  %s records; errcap/grep time ratio %s (goal <= 1.50)\n' "$wn" "$(ratio "$WERRCAP" "$WGREP")"
		summary "errcap / grep, warning-heavy log" "$(ratio "$WERRCAP" "$WGREP")" "<= 1.50"
		if measure werrcap_noavx512 "-" env ERRCAP_NO_AVX512=1 "$BIN/errcap" "$wlog"; then
			row "errcap f (no AVX-512)" "$SEC" "$wbytes" "$(rate "$wn" "$SEC")" "$RSS"
			printf '  errcap/grep time ratio without AVX-512 %s\n' "$(ratio "$CPU" "$WGREP")"
			summary "errcap / grep, warning-heavy log, no AVX-512" "$(ratio "$CPU" "$WGREP")" "(none)"
		fi
		# errcap --chunk on two cores (GNU parallel), against the single run
		if command -v parallel >/dev/null 2>&1; then
			if measure wchunk "-" parallel -k -j 2 "$BIN/errcap" --chunk '{}/8' "$wlog" ::: 1 2 3 4 5 6 7 8; then
				row "parallel -j2 errcap --chunk" "$SEC" "$wbytes" "$(rate "$wn" "$SEC")" "$RSS"
				same="not checked (no jq)"
				if command -v jq >/dev/null 2>&1; then
					jq -c 'del(.time)' "$OUT/out.werrcap" >"$OUT/cmp.single"
					jq -c 'del(.time)' "$OUT/out.wchunk" >"$OUT/cmp.chunk"
					cmp -s "$OUT/cmp.single" "$OUT/cmp.chunk" && same=yes || { same=NO; status=1; }
				fi
				printf '  2 jobs / single run wall time %s (goal <= 0.62); the same records: %s\n' \
					"$(ratio "$SEC" "$WERRCAP_WALL")" "$same"
				summary "chunked 2 jobs / single run (wall)" "$(ratio "$SEC" "$WERRCAP_WALL")" "<= 0.62"
			fi
		else
			echo "parallel: not installed; errcap --chunk on 2 cores skipped"
		fi
		repeat "$OUT/out.werrcap" "$OUT/warn-records.jsonl" 350000
		records_bench "$REP x errcap output of $wlog: many distinct errors" "$OUT/warn-records.jsonl" \
			"many distinct"
	else
		echo "errcap: failed on $wlog"
		status=1
	fi
fi

# memory: errhash over 10 million records of 1,000 distinct errors
if [ -x "$BIN/errhash" ]; then
	N=${BENCH_HASH_RECORDS:-10000000}
	printf '\nmemory: errhash over %s records of 1000 distinct errors (goal < 64 MB)\n' "$N"
	fifo=$OUT/genrec.fifo
	rm -f "$fifo"
	mkfifo "$fifo" || exit 2
	"$OUT/genrec" "$N" 1000 >"$fifo" &
	gpid=$!
	if set -- $("$OUT/measure" 1 "$fifo" "$OUT/out.hashmem" "$BIN/errhash"); then
		printf '  %.1f s, peak RSS %.1f MB, %s fingerprints\n' "$1" "$(awk -v k="$2" 'BEGIN{print k/1024}')" \
			"$(wc -l <"$OUT/out.hashmem" | tr -d ' ')"
	fi
	wait "$gpid"
	rm -f "$fifo"
else
	echo "errhash: not built; memory check skipped"
fi
printf '\nratios (median CPU time, user+sys, of %s runs; the chunked run: wall time; load average: %s)\n\n' "$RUNS" \
	"$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
cat "$SUMMARY"
exit $status
