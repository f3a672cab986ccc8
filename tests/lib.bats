#!/usr/bin/env bats
# The shared library (src/lib): C unit tests, one bats test per module.

load helper

# unit NAME: the unit test NAME passes (it may warn on stderr about the bad input it is given)
unit() {
	run "$ERRTOOLS_BUILD/tests/lib_test" "$1"
	assert_success
	assert_line "ok $1"
}

@test "et_buf: growable buffers keep their invariant" { unit buf; }
@test "et_utf8: validation, repair, escape stripping" { unit utf8; }
@test "et_line: CRLF, NUL bytes, long lines, last line without newline" { unit lines; }
@test "et_line runs: whole lines in bulk, long lines cut, last line completed" { unit runs; }
@test "et_rec: records print as valid UTF-8, fields replace in place" { unit rec; }
@test "et_rec reader: blank lines, trimmed raw line, text after an object and non-objects rejected" { unit reader; }
@test "et_time: RFC 3339 parse and format" { unit time; }
@test "et_hash: XXH3-64, incremental equals one-shot" { unit hash; }
@test "et_re: PCRE2 JIT, invalid UTF-8 subjects, match limits" { unit re; }
@test "et_file: atomic replace" { unit file; }
@test "et_ctype: byte classes are ASCII-only" { unit ctype; }

# The same input gives the same bytes in every locale (C, C.UTF-8 and a
# Latin-1 locale built into a temporary LOCPATH, where bytes >= 0x80 are
# letters to <ctype.h>). Clock-derived fields are blanked before comparing.
@test "errcap, errhash and errcat give identical records under C, C.UTF-8 and de_DE.ISO-8859-1" {
	need_cmd localedef
	[ -e /usr/share/i18n/charmaps/ISO-8859-1.gz ] || [ -e /usr/share/i18n/charmaps/ISO-8859-1 ] ||
		skip "ISO-8859-1 charmap not installed"
	T=$(mktemp -d)
	localedef -i de_DE -f ISO-8859-1 "$T/de_DE.ISO-8859-1" 2>/dev/null ||
		{ rm -rf "$T"; skip "localedef could not build de_DE.ISO-8859-1"; }
	in="$FIXTURES/lib/locale-mixed.log"
	printf '{"level":"error","message":"d\xe9j\xe05 vu 43","format":"log"}\n' > "$T/rec.jsonl"
	for loc in C C.UTF-8 de_DE.ISO-8859-1; do
		# the Latin-1 locale really is in effect: printf's %%ls would fail otherwise
		LOCPATH="$T" LC_ALL=$loc errcap "$in" > "$T/cap.$loc" || true
		LOCPATH="$T" LC_ALL=$loc errhash "$T/cap.$loc" > "$T/hash.$loc"
		LOCPATH="$T" LC_ALL=$loc errcat "$T/hash.$loc" > "$T/cat.$loc"
		LOCPATH="$T" LC_ALL=$loc errhash "$T/rec.jsonl" > "$T/one.$loc"
		for f in cap hash cat one; do
			sed -E 's/"(time|first_seen|last_seen)":"[^"]*"/"\1":"T"/g' "$T/$f.$loc" > "$T/$f.$loc.n"
		done
	done
	[ -s "$T/cat.C.n" ]
	for f in cap hash cat one; do
		cmp "$T/$f.C.n" "$T/$f.C.UTF-8.n"
		cmp "$T/$f.C.n" "$T/$f.de_DE.ISO-8859-1.n"
	done
	rm -rf "$T"
}
