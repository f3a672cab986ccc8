# Common set-up for errtools' bats tests: load with `load helper`.
#
# ERRTOOLS_BIN   where the programs under test are (default: ./bin)
# ERRTOOLS_BUILD the build directory of that variant (default: ./build)
# ERRTOOLS_SHARED the shared corpus (default: ../shared beside the project)

ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
: "${ERRTOOLS_BIN:=$ROOT/bin}"
: "${ERRTOOLS_BUILD:=$ROOT/build}"
: "${ERRTOOLS_SHARED:=$ROOT/../shared}"
case $ERRTOOLS_BIN in /*) ;; *) ERRTOOLS_BIN="$ROOT/$ERRTOOLS_BIN" ;; esac
case $ERRTOOLS_BUILD in /*) ;; *) ERRTOOLS_BUILD="$ROOT/$ERRTOOLS_BUILD" ;; esac
export PATH="$ERRTOOLS_BIN:$PATH"
FIXTURES="$ROOT/tests/fixtures"
CORPUS="$ERRTOOLS_SHARED/corpus"
export ERRCAT_PATH="${ERRCAT_PATH-}"
# make runs deterministic where programs read the clock
export TZ=UTC

for d in /usr/lib/bats /usr/lib /usr/local/lib/bats /usr/local/lib; do
	if [ -f "$d/bats-support/load.bash" ]; then
		load "$d/bats-support/load.bash"
		load "$d/bats-assert/load.bash"
		break
	fi
done

# ASan: fail on leaks too only where the sanitizer supports it
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# lacks PATTERN FILE: FILE has no line matching PATTERN (a plain `! grep` does not fail a bats test)
lacks() { ! grep -q "$@"; }

# fixtures FORMAT...: errcap gives the records of every fixture of these formats
# (tests/fixtures/errcap/check.py, which prints a line per case)
fixtures() {
	run python3 "$FIXTURES/errcap/check.py" "$@"
	echo "$output"
	assert_success
}

# refused EXPR FILE TEXT: errstat --fail-if EXPR on FILE is trouble (exit 2) and says TEXT
refused() {
	run errstat --fail-if "$1" "$2"
	assert_failure 2
	assert_output --partial "$3"
}

# need_corpus DIR: skip the test when the shared corpus is absent
need_corpus() {
	[ -e "$CORPUS/$1" ] || skip "corpus $1 not present"
}

# need_cmd CMD: skip the test when a tool is not installed
need_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 not installed"
}

# valid_jsonl FILE: every line is a JSON object and the file is valid UTF-8
valid_jsonl() {
	python3 - "$1" <<'PY'
import json, sys
data = open(sys.argv[1], 'rb').read()
data.decode('utf-8')        # raises on invalid UTF-8
for i, line in enumerate(data.decode().splitlines(), 1):
    if not line.strip():
        continue
    obj = json.loads(line)
    assert isinstance(obj, dict), f"line {i}: not an object"
PY
}

# check_doc_drift PROG: the long options in `PROG --help`, in its man page
# (share/man/man1/PROG.1, mdoc: `.It Fl \-name` / `Fl -name`) and in its bash
# completion (share/bash-completion/completions/PROG) are the same set.
check_doc_drift() {
	local prog=$1 man="$ROOT/share/man/man1/$1.1" comp="$ROOT/share/bash-completion/completions/$1"
	[ -f "$man" ] || { echo "no man page $man"; return 1; }
	[ -f "$comp" ] || { echo "no completion $comp"; return 1; }
	local h m c
	h=$("$prog" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	m=$(grep -oE 'Fl \\?-[a-z][a-z0-9-]*' "$man" | sed -E 's/^Fl \\?-/--/' | sort -u)
	c=$(grep -oE -- '--[a-z][a-z0-9-]*' "$comp" | sort -u)
	if [ "$h" != "$m" ] || [ "$h" != "$c" ]; then
		echo "options drift for $prog:"
		diff <(echo "$h") <(echo "$m") | sed 's/^/  help vs man: /'
		diff <(echo "$h") <(echo "$c") | sed 's/^/  help vs completion: /'
		return 1
	fi
}
