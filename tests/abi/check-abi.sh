#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The SDK's ABI against the committed baseline (libabigail's abidw/abidiff): the functions the
# daemon exports to plugins with every type they take or return (nfdhcpd.abi), and the
# descriptor layouts a plugin and a backend module export (plugin.abi, backend.abi, from the
# minimal modules of tests/plugins/nfd-test-pedantic.c).  Any difference fails: an
# incompatible one must not happen within API 1, and a compatible one (a function or a
# descriptor field added in a new minor) is deliberate, so the baseline is renewed with it:
#   tests/abi/check-abi.sh --update SRCDIR DAEMON PLUGIN BACKEND
# The baseline is for x86_64 (other architectures skip); types come from the SDK headers only.
# usage: check-abi.sh [--update] SRCDIR DAEMON PLUGIN_MODULE BACKEND_MODULE   (prints TAP)
set -u
update=no
if [ "${1:-}" = --update ]; then
	update=yes
	shift
fi
src=$1
daemon=$2
plugin=$3
backend=$4
dir=$src/tests/abi
if ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then
	echo "1..0 # SKIP abidw/abidiff not installed (abigail-tools)"
	exit 77
fi
if [ "$(uname -m)" != x86_64 ]; then
	echo "1..0 # SKIP the baseline is for x86_64"
	exit 77
fi
# the types come from the debug information (a build without -g only has symbols)
for bin in "$daemon" "$plugin" "$backend"; do
	if ! readelf -S "$bin" 2>/dev/null | grep -q '\.debug_info'; then
		echo "1..0 # SKIP $bin has no debug information (build with -g)"
		exit 77
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
rc=0
for pair in "nfdhcpd:$daemon" "plugin:$plugin" "backend:$backend"; do
	name=${pair%%:*}
	bin=${pair#*:}
	n=$((n + 1))
	if ! abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
		--headers-dir "$src/core/include/nfdhcpd" --drop-private-types \
		"$bin" >"$tmp/$name.abi" 2>"$tmp/$name.err"; then
		echo "not ok $n - abidw $bin"
		sed 's/^/# /' "$tmp/$name.err"
		rc=1
		continue
	fi
	if [ $update = yes ]; then
		cp "$tmp/$name.abi" "$dir/$name.abi"
		echo "ok $n - $name.abi renewed from $bin"
		continue
	fi
	if abidiff "$dir/$name.abi" "$tmp/$name.abi" >"$tmp/$name.diff" 2>&1; then
		echo "ok $n - $name: ABI as in tests/abi/$name.abi"
	else
		echo "not ok $n - $name: ABI differs from tests/abi/$name.abi (abidiff status $?)"
		sed 's/^/# /' "$tmp/$name.diff"
		rc=1
	fi
done
echo "1..$n"
exit $rc
