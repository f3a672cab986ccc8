#!/bin/sh
# demo.sh: run the errtools chain on the bundled sample build/test log and
# print what each stage makes of it: the records, the TODO list, the stats.
# Run from the source tree (make demo) or with the programs on PATH.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -x "$root/bin/errcap" ] && PATH="$root/bin:$PATH"
sample=${1:-$here/sample/build.log}
work=$(mktemp -d "${TMPDIR:-/tmp}/errtools-demo.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
has() { command -v "$1" >/dev/null 2>&1; }
rule() { printf '\n==== %s ====\n\n' "$*"; }

rule "input: $sample ($(wc -l < "$sample") lines)"
has errcap || { echo "errcap is not built" >&2; exit 2; }
errcap "$sample" > "$work/records.jsonl"
status=$?
[ $status -le 1 ] || exit $status
rule "errcap: $(wc -l < "$work/records.jsonl") records (level, format, type, location, message)"
if has jq; then
	jq -r '[.level, .format, (.type // "-"), ((.file // "-") + ":" + ((.line // 0) | tostring)), .message] | @tsv' \
		"$work/records.jsonl" | cut -c1-150
else
	cut -c1-150 "$work/records.jsonl"
fi

stage=$work/records.jsonl
if has errhash; then
	errhash "$stage" > "$work/hashed.jsonl" && stage=$work/hashed.jsonl
fi
if has errcat; then
	errcat "$stage" > "$work/cat.jsonl" && stage=$work/cat.jsonl
fi
if has errtodo; then
	rule "errtodo: the TODO list (what errtodo --update TODO.md would keep in your repository)"
	errtodo "$stage"
fi
if has errstat; then
	rule "errstat: the numbers"
	errstat "$stage"
fi
rule "done; try: make check"
