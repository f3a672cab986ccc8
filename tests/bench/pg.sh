#!/bin/bash
# tests/bench/pg.sh: how fast errhash records runs into a PostgreSQL store
# (docs/store.md; goal: at least 50k records/s into a local server). A
# benchmark, not a test: it prints figures and asserts nothing.
#
#   tests/bench/pg.sh [N] [D]    N records (default 1000000) of D distinct errors
#                                (default 1000), then N/5 records of N/5 distinct ones
#
# It starts a throw-away server as tests/pg.bash does (temporary directory,
# Unix socket, an unprivileged user), times `errhash --db` into it, into an
# SQLite file and without a store, and stops the server.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${ERRTOOLS_BIN:-bin}
OUT=build/bench
N=${1:-1000000}
D=${2:-1000}
mkdir -p "$OUT" || exit 2
[ -x "$BIN/errhash" ] || { echo "pg.sh: $BIN/errhash not built (make)"; exit 2; }
if [ ! -x "$OUT/genrec" ] || [ tests/bench/genrec.c -nt "$OUT/genrec" ]; then
	${CC:-cc} -O2 -o "$OUT/genrec" tests/bench/genrec.c || exit 2
fi
skip() { echo "pg.sh: $*"; exit 0; }
# shellcheck source=../pg.bash
. tests/pg.bash
pg_start || exit 2
trap pg_stop EXIT

# run NAME FILE RECORDS [--db STORE]: one timed errhash run
run() {
	local name=$1 file=$2 n=$3 t0 t1 sec
	shift 3
	t0=$(date +%s.%N)
	"$BIN/errhash" "$@" "$file" > /dev/null || { echo "pg.sh: $name: errhash failed"; return 1; }
	t1=$(date +%s.%N)
	sec=$(echo "$t1 - $t0" | bc -l)
	printf '%-34s %9d records %8.3f s %10.0f records/s\n' "$name" "$n" "$sec" "$(echo "$n / $sec" | bc -l)"
}

bench() {
	local n=$1 d=$2 file=$OUT/pg-$1-$2.jsonl uri
	[ -s "$file" ] || "$OUT/genrec" "$n" "$d" > "$file"
	uri=$(pg_newdb "bench_${n}_$d")
	rm -f "$OUT/pg-bench.db"
	echo "-- $n records of $d distinct errors"
	run "errhash (no store)" "$file" "$n"
	run "errhash --db FILE (sqlite, new)" "$file" "$n" --db "$OUT/pg-bench.db"
	run "errhash --db FILE (sqlite, again)" "$file" "$n" --db "$OUT/pg-bench.db"
	run "errhash --db postgresql (new)" "$file" "$n" --db "$uri"
	run "errhash --db postgresql (again)" "$file" "$n" --db "$uri"
	rm -f "$OUT/pg-bench.db" "$OUT/pg-bench.db-wal" "$OUT/pg-bench.db-shm"
}

bench "$N" "$D"
bench $((N / 5)) $((N / 5))
