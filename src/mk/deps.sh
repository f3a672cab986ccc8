#!/bin/sh
# deps.sh: make sure the Debian packages errtools needs are installed.
#
#   deps.sh [--install] GROUP...     GROUP: build, test, bench, fuzz
#
# Without --install, prints one line naming the missing packages and the
# exact apt-get command, and exits 1. With --install, installs them when
# run as root (apt-get install -y), else behaves as without it.
set -u

install=0
if [ "${1:-}" = "--install" ]; then install=1; shift; fi

missing=""
need() { missing="$missing $1"; }

has_pc() { pkg-config --exists "$1" 2>/dev/null; }
has_hdr() { [ -e "/usr/include/$1" ] || [ -e "/usr/local/include/$1" ]; }

for group in "$@"; do
	case $group in
	build)
		command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || need gcc
		command -v make >/dev/null 2>&1 || need make
		if command -v pkg-config >/dev/null 2>&1; then
			has_pc libpcre2-8 || need libpcre2-dev
			has_pc libcjson || need libcjson-dev
			has_pc sqlite3 || need libsqlite3-dev
			has_pc libxxhash || need libxxhash-dev
			has_pc libxml-2.0 || need libxml2-dev
			has_pc libpq || need libpq-dev
		else
			need pkg-config
			has_hdr pcre2.h || need libpcre2-dev
			has_hdr cjson/cJSON.h || need libcjson-dev
			has_hdr sqlite3.h || need libsqlite3-dev
			has_hdr xxhash.h || need libxxhash-dev
			has_hdr libxml2/libxml/xmlreader.h || need libxml2-dev
			has_hdr postgresql/libpq-fe.h || need libpq-dev
		fi
		has_hdr csv.h || need libcsv-dev
		;;
	test)
		command -v bats >/dev/null 2>&1 || need bats
		[ -d /usr/lib/bats/bats-support ] || [ -d /usr/lib/bats-support ] || need bats-support
		[ -d /usr/lib/bats/bats-assert ] || [ -d /usr/lib/bats-assert ] || need bats-assert
		command -v jq >/dev/null 2>&1 || need jq
		command -v python3 >/dev/null 2>&1 || need python3
		command -v sqlite3 >/dev/null 2>&1 || need sqlite3
		;;
	fuzz)
		command -v clang >/dev/null 2>&1 || need clang
		;;
	bench)
		command -v jq >/dev/null 2>&1 || need jq
		command -v python3 >/dev/null 2>&1 || need python3
		;;
	*) echo "deps.sh: unknown group: $group" >&2; exit 2 ;;
	esac
done

# unique, in order
pkgs=$(printf '%s\n' $missing | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/ $//')
[ -z "$pkgs" ] && exit 0

if [ "$install" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "errtools: installing missing Debian packages: $pkgs" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y $pkgs >&2 || {
		apt-get update >&2 && apt-get install -y $pkgs >&2
	} || { echo "errtools: apt-get install -y $pkgs failed" >&2; exit 1; }
	exit 0
fi
echo "errtools: missing Debian packages: $pkgs; run: sudo apt-get install -y $pkgs" >&2
exit 1
