#!/usr/bin/env bats
# What one TODO item is: make's "*** [target] Error N" after the recipe's own
# errors is their context (level info), not an item; the same warning in two
# functions is two items; items a complete run no longer shows say so, and
# --close-missing closes them. Real make and gcc where they are installed.

load helper

setup() {
	T=$BATS_TEST_TMPDIR && cd "$T"
	export ERRTOOLS_NOW=2026-11-22T08:00:00Z
}

# levels FILE: "type level" of each record of errcap's output, one a line
levels() { jq -r '"\(.type) \(.level)"' "$1"; }

@test "make's failure line after the recipe's errors is info, and no TODO item" {
	need_cmd make
	need_cmd gcc
	printf 'int main(void) { return undefined_thing; }\n' > a.c
	printf 'all: a.o\na.o: a.c\n\tgcc -c a.c -o a.o\n' > Makefile
	make 2>&1 | errcap > recs.jsonl || true
	run levels recs.jsonl
	assert_line 'null error'
	assert_line 'make error info'
	errhash recs.jsonl | errcat | errtodo > todo.md
	[ "$(grep -c '^- \[ \]' todo.md)" -eq 1 ]
	grep -q 'undefined\\_thing' todo.md
	! grep -q 'Error 1' todo.md
	# errcap's run record counts it as neither error nor warning
	errcap -- make > run.jsonl || true
	[ "$(jq -s '[.[] | select(.kind == "run")][0].errors' run.jsonl)" -eq 1 ]
}

@test "a recipe that fails without a message errcap knows stays an error item" {
	need_cmd make
	printf 'all:\n\t@false\n' > Makefile
	make 2>&1 | errcap > recs.jsonl || true
	run levels recs.jsonl
	assert_output 'make error error'
	errtodo recs.jsonl | grep -q 'Error 1'
}

@test "recursive make: the outer failure lines are context of the inner one" {
	need_cmd make
	mkdir sub
	printf 'all:\n\t@false\n' > sub/Makefile
	printf 'all:\n\t$(MAKE) -C sub\n' > Makefile
	make 2>&1 | errcap > recs.jsonl || true
	run levels recs.jsonl
	assert_output 'make error error
make error info'
	[ "$(jq -r 'select(.level == "error") | .message' recs.jsonl)" = '[Makefile:2: all] Error 1' ]
	# with gcc's error inside, every make line is its context
	need_cmd gcc
	printf 'int main(void) { return undefined_thing; }\n' > sub/a.c
	printf 'all: a.o\na.o: a.c\n\tgcc -c a.c -o a.o\n' > sub/Makefile
	make 2>&1 | errcap > recs.jsonl || true
	run levels recs.jsonl
	assert_output 'null error
make error info
make error info'
	# another input starts afresh: a lone failure there is an error again
	make > sub.log 2>&1 || true
	printf 'all:\n\t@false\n' > Makefile2
	make -f Makefile2 > lone.log 2>&1 || true
	errcap sub.log lone.log > two.jsonl
	[ "$(jq -r 'select(.input.name == "lone.log") | .level' two.jsonl)" = error ]
}

@test "the same warning in two functions is two items; in one function at two lines, one" {
	need_cmd gcc
	printf 'int f(int x) { if (x) return 1; }\nint g(int x) { if (x) return 2; }\n' > a.c
	gcc -Wall -c a.c -o /dev/null 2> gcc.log || true
	errcap gcc.log | errhash > h.jsonl
	[ "$(jq -r .fingerprint h.jsonl | sort -u | wc -l)" -eq 2 ]
	[ "$(errtodo h.jsonl | grep -c '^- \[ \].*Wreturn-type')" -eq 2 ]
	# the same function moved down by new lines above it: the same fingerprint
	printf '\n\n\nint f(int x) { if (x) return 1; }\n' > b.c
	printf 'int f(int x) { if (x) return 1; }\n' > c.c
	gcc -Wall -c b.c -o /dev/null 2> b.log || true
	gcc -Wall -c c.c -o /dev/null 2> c.log || true
	sed 's/b\.c/c.c/g' b.log > b2.log
	[ "$(errcap b2.log | errhash | jq -r .fingerprint)" = "$(errcap c.log | errhash | jq -r .fingerprint)" ]
}

@test "--update: an item the run no longer shows says 'not seen since DATE'; seen again, it does not" {
	printf '%s\n' '{"level":"error","type":"A","message":"a","fingerprint":"00000000000000a1","last_seen":"2026-11-20T10:00:00Z"}' \
		'{"level":"error","type":"B","message":"b","fingerprint":"00000000000000b2"}' > both.jsonl
	head -1 both.jsonl > a.jsonl
	errtodo -u TODO.md both.jsonl
	! grep -q 'not seen since' TODO.md
	errtodo -u TODO.md a.jsonl
	grep 'fp:00000000000000b2' TODO.md | grep -q ' · not seen since 2026-11-22 '
	! grep 'fp:00000000000000a1' TODO.md | grep -q 'not seen'
	cp TODO.md one
	ERRTOOLS_NOW=2026-11-25T08:00:00Z errtodo -u TODO.md a.jsonl
	cmp one TODO.md
	: > none.jsonl
	errtodo -u TODO.md none.jsonl
	grep 'fp:00000000000000a1' TODO.md | grep -q ' · not seen since 2026-11-20 '
	errtodo -u TODO.md both.jsonl
	! grep -q 'not seen since' TODO.md
}

@test "--close-missing moves the items the run lacks to the fixed file" {
	printf '%s\n' '{"level":"error","type":"A","message":"a","fingerprint":"00000000000000a1"}' \
		'{"level":"error","type":"B","message":"b","fingerprint":"00000000000000b2"}' > both.jsonl
	head -1 both.jsonl > a.jsonl
	errtodo -u TODO.md both.jsonl
	sed -i '/fp:00000000000000b2/a\  why: see CI log' TODO.md
	errtodo -u TODO.md --close-missing a.jsonl
	! grep -q 'fp:00000000000000b2' TODO.md
	grep -q 'fp:00000000000000a1' TODO.md
	grep -q 'Fingerprint: `00000000000000b2`' FIXED_ERRORS.md
	grep -q 'How: not in the run' FIXED_ERRORS.md
	grep -qx '  why: see CI log' FIXED_ERRORS.md
	# it comes back as a regression when seen after that
	printf '%s\n' '{"level":"error","type":"B","message":"b","fingerprint":"00000000000000b2","time":"2026-11-23T00:00:00Z"}' > later.jsonl
	errtodo -u TODO.md later.jsonl
	grep 'fp:00000000000000b2' TODO.md | grep -q regressed
	run errtodo --close-missing a.jsonl
	assert_failure 2
	assert_output --partial '--close-missing goes with --update'
}

@test "an item lists its locations: a few, then a count (errhash's locations, through --merge too)" {
	need_cmd gcc
	{ echo 'int f(int x) {'; for i in 1 2 3 4 5 6 7; do echo " x == $i;"; done; echo ' return x;'; echo '}'; } > v.c
	gcc -Wall -c v.c -o /dev/null 2> v.log || true
	errcap v.log | errhash > h.jsonl
	[ "$(wc -l < h.jsonl)" -eq 1 ]
	[ "$(jq -c .locations h.jsonl)" = '["v.c:2","v.c:3","v.c:4","v.c:5","v.c:6"]' ]
	[ "$(jq .location_count h.jsonl)" -eq 7 ]
	run errtodo h.jsonl
	assert_output --partial ' · 7 locations: v.c:2, v.c:3, v.c:4 and 4 more '
	# the same from every record (errhash --all), and in the issue file
	[ "$(errcap v.log | errhash --all | errtodo | grep -c '7 locations: v.c:2, v.c:3, v.c:4 and 4 more')" -eq 1 ]
	errtodo --format issue --out issues h.jsonl
	grep -q '^| Locations | 7 locations: ' issues/*.md
	# --merge: associative and commutative, never fewer than a shard has
	sed -n '1,7p' v.log > a.log; sed -n '1p;8,$p' v.log > b.log    # 2 and 5 of the warnings
	errcap a.log | errhash > a.jsonl; errcap b.log | errhash > b.jsonl
	m1=$(errhash --merge a.jsonl b.jsonl | jq -c '[.locations, .location_count]')
	m2=$(errhash --merge b.jsonl a.jsonl | jq -c '[.locations, .location_count]')
	[ "$m1" = "$m2" ]
	[ "$(errhash --merge a.jsonl b.jsonl | jq .location_count)" -ge "$(jq .location_count b.jsonl)" ]
	# one location: nothing more said
	printf '%s\n' '{"level":"error","type":"E","message":"m","file":"x.c","line":3}' | errhash | errtodo | { ! grep -q 'locations:'; }
}
