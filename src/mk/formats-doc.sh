#!/bin/sh
# formats-doc.sh ERRCAP [--check]: writes the list of formats that
# `ERRCAP --list-formats` prints (the built-in ones from src/lib/et_schema.c,
# the bundled format files' from share/errtools/formats) into docs/schema.md
# and share/man/man1/errcap.1, between their "formats:" marker lines, and
# a table per bundled format file into docs/formats-list.md.
# With --check, changes nothing and exits 1 when either file is out of date.
# Run from the top of the tree (make formats-doc).
set -eu

errcap=$1
check=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# the bundled formats only: no user's format files
mkdir "$tmp/xdg"
XDG_CONFIG_HOME="$tmp/xdg" HOME="$tmp" "$errcap" --list-formats >"$tmp/list"
run_errcap() { XDG_CONFIG_HOME="$tmp/xdg" HOME="$tmp" "$errcap" --now=2026-01-01T00:00:00Z "$@"; }

# NAME FROM DESC, tab-separated: FROM is "built-in" or the format file's name
awk '{
	name = $1; from = $2; desc = $0
	sub(/^[^ ]+ +[^ ]+ +/, "", desc)
	if (from != "built-in") { sub(/:[0-9]+$/, "", from); sub(/.*\//, "", from) }
	printf "%s\t%s\t%s\n", name, from, desc
}' "$tmp/list" >"$tmp/tsv"

# Markdown: one item per format, punctuation that Markdown reads escaped
awk -F'\t' '{
	d = $3; gsub(/[\\`*_\[\]<>|]/, "\\\\&", d)
	printf "- `%s` (%s): %s\n", $1, $2 == "built-in" ? "built-in" : "format file " $2, d
}' "$tmp/tsv" >"$tmp/md"

# mdoc: a tag list; text lines never start a request, backslashes are \e
awk -F'\t' 'BEGIN { print ".Bl -tag -width dotnettest -compact" }
{
	d = $3; gsub(/\\/, "\\e", d)
	printf ".It Sy %s\n\\&%s%s\n", $1, $2 == "built-in" ? "" : "(" $2 ") ", d
}
END { print ".El" }' "$tmp/tsv" |
	# characters beyond ASCII as troff's \[uXXXX] (stylelint's symbols)
	perl -CS -pe 's/([^\x00-\x7f])/sprintf("\\[u%04X]", ord $1)/ge' >"$tmp/man"

# docs/formats-list.md: a table per bundled format file, a row per format:
# its description and the line of its first example that begins a record
mkdir "$tmp/ex"
for f in share/errtools/formats/*.fmt; do
	# the first sample (consecutive example lines) of each format, one file each
	awk -v dir="$tmp/ex" '
		/^format[ \t]/ { name = $2; inex = 0; next }
		$1 == "example" && !done[name] {
			t = $0; sub(/^[ \t]*example/, "", t); t = substr(t, 2)
			print t > (dir "/" name); inex = 1; next
		}
		inex { done[name] = 1; inex = 0; close(dir "/" name) }
	' "$f"
done
awk -F'\t' '$2 != "built-in"' "$tmp/tsv" | while IFS='	' read -r name from desc; do
	ex=
	if [ -f "$tmp/ex/$name" ]; then
		n=$(run_errcap -f "$name" "$tmp/ex/$name" 2>/dev/null | head -n 1 |
			sed -n 's/.*"input":{"name":"[^"]*","line":\([0-9]*\).*/\1/p')
		ex=$(sed -n "${n:-1}p" "$tmp/ex/$name")
	fi
	printf '%s\t%s\t%s\t%s\n' "$from" "$name" "$desc" "$ex"
done | awk -F'\t' '
	function cell(s) { gsub(/[\\|]/, "\\\\&", s); return s }
	function code(s) {
		if (length(s) > 100) s = substr(s, 1, 97) "..."
		gsub(/\|/, "\\|", s)
		return s ~ /`/ ? "`` " s " ``" : "`" s "`"
	}
	$1 != file {
		if (file != "") print ""
		file = $1
		print "### " file; print ""
		print "| format | what it reads | example line |"; print "|---|---|---|"
	}
	{ printf "| `%s` | %s | %s |\n", $2, cell($3), $4 == "" ? "" : code($4) }
' >"$tmp/files"

# replace what stands between the line beginning with $2 and the line beginning with $3 in file $1
splice() {
	BEGIN_MARK=$2 END_MARK=$3 BODY=$4 awk '
		BEGIN { begin = ENVIRON["BEGIN_MARK"]; end = ENVIRON["END_MARK"]; body = ENVIRON["BODY"] }
		index($0, end) == 1 && inside { while ((getline l < body) > 0) print l; inside = 0; seen++ }
		!inside { print }
		index($0, begin) == 1 { inside = 1 }
		END { if (!seen || inside) { print FILENAME ": no formats markers" > "/dev/stderr"; exit 2 } }
	' "$1" >"$tmp/out"
	if [ "$check" = --check ]; then
		cmp -s "$1" "$tmp/out" || { echo "$1: the list of formats is out of date (make formats-doc)" >&2; return 1; }
	elif ! cmp -s "$1" "$tmp/out"; then
		cat "$tmp/out" >"$1"
		echo "formats-doc: wrote $1"
	fi
}

rc=0
splice docs/schema.md '<!-- formats: ' '<!-- end of formats -->' "$tmp/md" || rc=1
splice share/man/man1/errcap.1 '.\" formats: ' '.\" end of formats' "$tmp/man" || rc=1
splice docs/formats-list.md '<!-- format files: ' '<!-- end of format files -->' "$tmp/files" || rc=1
exit $rc
