#!/usr/bin/env bats
# errcap's exit status under `set -o pipefail`: 1 when nothing is found is
# kept (grep's convention); --exit-zero makes a clean build no failure.

bats_require_minimum_version 1.5.0
load helper

setup() {
	TMP=$BATS_TEST_TMPDIR
}

@test "without --exit-zero a clean input is 1, which fails a pipefail pipeline" {
	run bash -c 'set -o pipefail; echo "all good" | errcap | errhash > /dev/null'
	assert_failure 1
}

@test "--exit-zero: 0 found or not, 2 still on trouble" {
	run bash -c 'set -o pipefail; echo "all good" | errcap --exit-zero | errhash > /dev/null'
	assert_success
	need_cmd gcc
	echo 'int main(void) { return nope; }' > "$TMP/m.c"
	run bash -c "set -o pipefail; cd '$TMP' && { gcc -c m.c 2>&1; true; } | errcap --exit-zero | jq -r .format"
	assert_success
	assert_output "gcc"
	run errcap --exit-zero "$TMP/missing.log"
	assert_failure 2
}

@test "--exit-zero with -- COMMAND: 0 whatever the command's status, which the run record keeps" {
	run bash -c "errcap --exit-zero -- sh -c 'echo \"x.c:1:1: error: boom\" >&2; exit 3' 2>/dev/null | jq -c 'select(.kind == \"run\") | .exit_status'"
	assert_success
	assert_output 3
	run errcap -- sh -c 'exit 3'
	assert_failure 3
	# a command that cannot be run is trouble
	run errcap --exit-zero -- no-such-command-errtools
	assert_failure 2
	run -127 errcap -- no-such-command-errtools
}

@test "the README's Makefile recipe: check-new-errors fails only on new errors" {
	need_cmd gcc
	need_cmd make
	errhash --help | grep -q -- --read-only || skip "errhash --read-only not built"
	# the recipe as the README writes it, with the build made a gcc run here
	sed -n '/^```make$/,/^```$/p' "$ROOT/README.md" | sed '1d;$d' > "$TMP/recipe.mk"
	grep -q '^check-new-errors:' "$TMP/recipe.mk"
	cd "$TMP"
	{
		cat recipe.mk
		printf 'all:\n\tgcc -c m.c -o m.o\n'
		printf 'record-errors:\n\terrhash --db .errtools.db build.jsonl > /dev/null\n'
	} > Makefile
	echo 'int f(void) { return nope; }' > m.c
	run make -s check-new-errors
	assert_failure
	make -s record-errors
	run make -s check-new-errors
	assert_success
	# and again: asking changed nothing, the old error is still not new
	run make -s check-new-errors
	assert_success
	echo 'int g(void) { return other_nope; }' >> m.c
	run make -s check-new-errors
	assert_failure
}
