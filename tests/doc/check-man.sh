#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages: each renders with man -l and groff reports no warning, and nfdhcpd.conf(5)
# documents exactly the keys the core reads in [general] and the plugins and binding backends
# declare (their descriptors' config_keys, printed by nfd-list-keys, plus the queue key the
# core reads for every plugin),
# so that the page and the code cannot drift apart.  Every page the unit names exists.
# usage: check-man.sh NFD_LIST_KEYS MODULE_DIR SRCDIR UNIT PAGE...
set -euo pipefail
list_keys=$1 mods=$2 src=$3 unit=$4
shift 4
n=0 rc=0
ok() { echo "ok $((n += 1)) - $1"; }
ko() {
	echo "not ok $((n += 1)) - $1"
	rc=1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v man >/dev/null || { echo "1..0 # SKIP man (man-db) is not installed"; exit 0; }

for page in "$@"; do
	name=${page##*/}
	if ! LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$page" >"$tmp/out" 2>"$tmp/err"; then
		ko "$name: man -l failed"
		sed 's/^/# /' "$tmp/err"
	elif [ -s "$tmp/err" ]; then
		ko "$name: man -l --warnings printed warnings"
		sed 's/^/# /' "$tmp/err"
	elif ! grep -q '^NAME' "$tmp/out" || [ "$(wc -l <"$tmp/out")" -lt 10 ]; then
		ko "$name: the rendered page has no NAME section or is nearly empty"
	else
		ok "$name renders with man -l, no warnings ($(wc -l <"$tmp/out") lines)"
	fi
done

# the keys the code declares: "[group] key", plus [plugin] queue, rate-limit and rate-burst (the
# core's) for every plugin
# (the plugins' groups are the ones that are not [general] or a backend's)
"$list_keys" "$mods" "$mods" >"$tmp/keys.raw" 2>"$tmp/err" || {
	sed 's/^/# /' "$tmp/err"
	ko "nfd-list-keys lists the modules' keys"
	echo "1..$n"
	exit 1
}
{
	cat "$tmp/keys.raw"
	grep -v '^\[general\] ' "$tmp/keys.raw" |
		sed -n 's/^\[\([a-z0-9_]*\)\] .*/[\1] queue\n[\1] rate-limit\n[\1] rate-burst/p'
} | sort -u >"$tmp/code"
[ -s "$tmp/code" ] || ko "nfd-list-keys printed no key"
# the keys nfdhcpd.conf(5) documents: "*key* = ..." lines (several per line with ", *k* =")
# under "## [group]" headings
awk '
	/^## \[/ { group = $2; next }
	/^#/ { group = ""; next }
	group != "" && /^\*[a-z0-9-]+\* =/ {
		line = $0
		while (match(line, /\*[a-z0-9-]+\* =/)) {
			print group " " substr(line, RSTART + 1, RLENGTH - 4)
			line = substr(line, RSTART + RLENGTH)
		}
	}' "$src/doc/man/nfdhcpd.conf.5.scd" | sort -u >"$tmp/man.all"
# a build without some modules (meson options) compares the groups it has; the full build, all
sed 's/ .*//' "$tmp/code" | sort -u >"$tmp/groups"
awk 'NR == FNR { have[$1] = 1; next } have[$1]' "$tmp/groups" "$tmp/man.all" >"$tmp/man"
if diff -u "$tmp/code" "$tmp/man" >"$tmp/diff"; then
	ok "nfdhcpd.conf(5) documents exactly the $(wc -l <"$tmp/code") keys of [general] and the $(($(wc -l <"$tmp/groups") - 1)) module groups built"
else
	ko "nfdhcpd.conf(5) and the keys the code reads differ (- code only, + man page only)"
	sed 's/^/# /' "$tmp/diff"
fi
# a module is documented by its heading even if it has no key but queue
while read -r group; do
	grep -qxF "## $group" "$src/doc/man/nfdhcpd.conf.5.scd" ||
		ko "nfdhcpd.conf(5) has no '## $group' section"
done < <(sed 's/ .*//' "$tmp/code" | sort -u)

# Documentation= of the unit names pages that are built
read -ra refs < <(sed -n 's/^Documentation=//p' "$unit")
for ref in "${refs[@]}"; do
	ref=${ref#man:}
	file="${ref%(*}.${ref#*(}"
	file=${file%)}
	found=no
	for page in "$@"; do
		[ "${page##*/}" = "$file" ] && found=yes
	done
	if [ $found = yes ]; then ok "the unit's Documentation=man:$ref is built"; else ko "the unit names man:$ref, which is not built"; fi
done
echo "1..$n"
exit $rc
