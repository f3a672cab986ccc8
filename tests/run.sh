#!/bin/sh
# Runs the bats suite on the normal build and on the ASan+UBSan build, then
# prints one line "N passed, N failed" (skipped tests are counted apart).
#   ERRTOOLS_ONLY=plain|asan   run one variant only
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp) || exit 2
trap 'rm -f "$log"' EXIT
status=0
run_variant() {
	name=$1 bin=$2 build=$3
	[ -x "$bin/errcap" ] || [ -x "$build/tests/lib_test" ] || { echo "# $name: not built" >&2; return; }
	echo "# suite: $name ($bin)"
	ERRTOOLS_BIN=$bin ERRTOOLS_BUILD=$build bats --tap tests/*.bats 2>&1 | sed "s/^\(not ok\|ok\) /\1 [$name] /" | tee -a "$log"
}
case ${ERRTOOLS_ONLY:-all} in
all|plain) run_variant plain "$PWD/bin" "$PWD/build" ;;
esac
case ${ERRTOOLS_ONLY:-all} in
all|asan) run_variant asan "$PWD/build/asan/bin" "$PWD/build/asan" ;;
esac
passed=$(grep -c '^ok ' "$log" | tr -d ' ')
skipped=$(grep -c '^ok .* # skip' "$log" | tr -d ' ')
failed=$(grep -c '^not ok ' "$log" | tr -d ' ')
passed=$((passed - skipped))
echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] || status=1
exit $status
