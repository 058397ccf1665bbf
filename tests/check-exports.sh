#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The exported surface, checked both ways (NetworkManager's check-exports idea):
#  - the daemon exports exactly the functions listed in core/nfdhcpd.ver,
#  - that list is exactly the functions declared in the SDK headers,
#  - every plugin and backend module exports only its descriptor getter.
# usage: check-exports.sh DAEMON SRCDIR MODULE...
set -eu
daemon=$1; src=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$daemon" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' | grep '^nfd_' | sort -u > "$tmp/exported"
grep -oE '^\s+nfd_[a-z0-9_]+;' "$src/core/nfdhcpd.ver" | tr -d ' \t;' | sort -u > "$tmp/listed"
# functions declared at the start of a line, except static inline ones (the return type line
# above them says so): those cost no symbol
awk 'match($0, /^nfd_[a-z0-9_]+\(/) && prev !~ /static inline/ { print substr($0, 1, RLENGTH - 1) } { prev = $0 }' \
	"$src"/core/include/nfdhcpd/*.h | sort -u > "$tmp/declared"
rc=0
if ! diff -u "$tmp/listed" "$tmp/exported" > "$tmp/d1"; then echo "not ok 1 - daemon exports differ from nfdhcpd.ver"; sed 's/^/# /' "$tmp/d1"; rc=1; else echo "ok 1 - daemon exports == nfdhcpd.ver"; fi
if ! diff -u "$tmp/declared" "$tmp/listed" > "$tmp/d2"; then echo "not ok 2 - nfdhcpd.ver differs from SDK headers"; sed 's/^/# /' "$tmp/d2"; rc=1; else echo "ok 2 - nfdhcpd.ver == SDK headers"; fi
n=2
for m in "$@"; do
  n=$((n+1))
  case "$m" in *libnfd-plugin-*) want=nfd_plugin_descriptor ;; *) want=nfd_binding_backend_descriptor ;; esac
  got=$(nm -D --defined-only "$m" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' | grep -v '^_' | sort -u | tr '\n' ' ')
  if [ "$got" = "$want " ]; then echo "ok $n - $(basename "$m") exports only $want"; else echo "not ok $n - $(basename "$m") exports: $got"; rc=1; fi
done
echo "1..$n"
exit $rc
