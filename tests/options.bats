#!/usr/bin/env bats
# Options in one place (docs/options.md, after curl's docs/cmdline-opts):
# every program's --help and man page list the options of the table, with
# the same short letters, and a short letter means the same in every program.

bats_require_minimum_version 1.5.0
load helper

PROGS="errcap errhash errcat errtodo errstat"

setup() {
	TMP=$BATS_TEST_TMPDIR
}

# "X --long" (X is - without a short option) for PROG, from the table
table_opts() {
	awk -F'|' -v p="$1" '/^## /{ exit } $2 ~ "^ *" p " *$" && $4 ~ /--/ {
		s = $3; l = $4; gsub(/[ `]/, "", s); gsub(/[ `]/, "", l)
		sub(/^-/, "", s); print (s == "" ? "-" : s) " " l }' "$ROOT/docs/options.md" | sort
}

help_opts() {
	"$1" --help | sed -nE 's/^ {2,}(-([A-Za-z]), )? *(--[a-z][a-z0-9-]*).*/\2 \3/p' |
		awk '{ print ($2 == "" ? "- " $1 : $0) }' | sort
}

man_opts() {
	sed -nE 's/^\.It Fl (([A-Za-z])( Ar [^,]*)? , Fl )?\\-([a-z][a-z0-9-]*).*/\2 --\4/p' \
		"$ROOT/share/man/man1/$1.1" | awk '{ print ($2 == "" ? "- " $1 : $0) }' | sort
}

@test "docs/options.md lists every program's options, as --help does" {
	for p in $PROGS; do
		t=$(table_opts $p); h=$(help_opts $p)
		[ -n "$t" ] && [ -n "$h" ]
		diff <(echo "$t") <(echo "$h") | sed "s/^/$p: table vs --help: /" >> "$TMP/d"
	done
	[ ! -s "$TMP/d" ] || { cat "$TMP/d"; echo "(add the option to docs/options.md, --help and the man page)"; false; }
}

@test "docs/options.md and the man pages agree" {
	for p in $PROGS; do
		diff <(table_opts $p) <(man_opts $p) | sed "s/^/$p: table vs man: /" >> "$TMP/d"
	done
	[ ! -s "$TMP/d" ] || { cat "$TMP/d"; false; }
}

@test "a short option means the same long option in every program" {
	for p in $PROGS; do table_opts $p; done | awk '$1 != "-"' | sort -u > "$TMP/pairs"
	run bash -c "cut -d' ' -f1 '$TMP/pairs' | uniq -d"
	[ -z "$output" ] || { echo "letters with two meanings:"; grep -E "^($(echo $output | tr ' ' '|')) " "$TMP/pairs"; false; }
	# the clashes this table was made to end
	grep -qx 's --session' "$TMP/pairs"
	grep -qx 'S --stream' "$TMP/pairs"
	grep -qx 'm --message' "$TMP/pairs"
	grep -qx 'o --output' "$TMP/pairs"
}

@test "every short option in the table is one the program accepts" {
	for p in $PROGS; do
		while read -r s l; do
			[ "$s" = - ] || [ "$s" = h ] || [ "$s" = V ] && continue
			row=$(awk -F'|' -v p="$p" -v l="$l" '/^## /{ exit } $2 ~ "^ *" p " *$" && $4 ~ "`" l "`"' "$ROOT/docs/options.md")
			arg=$(echo "$row" | cut -d'|' -f5 | tr -d ' ')
			# a subcommand's option: "`fix`: ..." in the last column
			sub=$(echo "$row" | cut -d'|' -f6 | sed -nE 's/^ *`([a-z]+)`:.*/\1/p')
			if [ -n "$arg" ]; then
				# getopt wants the argument: the letter is known and takes one
				run "$p" $sub "-$s" < /dev/null
				[ "$status" -eq 2 ] && [[ "$output" == *"requires an argument"* ]] ||
					{ echo "$p -$s: $status $output"; false; }
			else
				run "$p" $sub "-$s" --help < /dev/null
				[ "$status" -eq 0 ] || { echo "$p -$s --help: $status $output"; false; }
			fi
		done < <(table_opts $p)
	done
}

@test "the old spellings still work: errhash -s and -m warn, errtodo --out" {
	printf '%s\n' '{"level":"error","message":"m","file":"a.c"}' '{"level":"error","message":"m","file":"a.c"}' > "$TMP/r.jsonl"
	run --separate-stderr errhash -s "$TMP/r.jsonl"
	assert_success
	[[ "$stderr" == *"errhash: warning: -s is deprecated: use -S or --stream (-s is --session in errtools)"* ]]
	[ "$(echo "$output" | wc -l)" -eq 1 ]
	diff <(echo "$output" | jq -c 'del(.first_seen, .last_seen)') <(errhash -S "$TMP/r.jsonl" | jq -c 'del(.first_seen, .last_seen)')
	errhash "$TMP/r.jsonl" > "$TMP/h.jsonl"
	run --separate-stderr errhash -m "$TMP/h.jsonl" "$TMP/h.jsonl"
	assert_success
	[[ "$stderr" == *"-m is deprecated: use -M or --merge"* ]]
	[ "$(echo "$output" | jq .count)" -eq 4 ]
	run errhash -M "$TMP/h.jsonl" "$TMP/h.jsonl"
	[ "$(echo "$output" | jq .count)" -eq 4 ]
	errhash "$TMP/r.jsonl" | errcat > "$TMP/c.jsonl"
	run errtodo --format issue --out "$TMP/issues" "$TMP/c.jsonl"
	assert_success
	run errtodo --format issue -o "$TMP/issues2" "$TMP/c.jsonl"
	assert_success
	diff -r "$TMP/issues" "$TMP/issues2"
}

@test "the bash completion offers every long option of the table" {
	for p in $PROGS; do
		comp="$ROOT/share/bash-completion/completions/$p"
		grep -o -- '--[a-z][a-z0-9-]*' "$comp" | sort -u > "$TMP/c"
		table_opts $p | cut -d' ' -f2 | sort -u | comm -23 - "$TMP/c" | sed "s/^/$p: not in the completion: /" >> "$TMP/d"
	done
	[ ! -s "$TMP/d" ] || { cat "$TMP/d"; false; }
}
