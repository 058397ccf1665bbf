#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfdhcpd --check-config on real files: GRNET's sample nfdhcpd.conf as is, the shipped sample,
# and a file with several problems (each must be printed with file and line; exit 1); and
# --print-claims, what nfdhcpd-rules reads: exactly the claims on stdout, nothing else.
# usage: check-config.sh NFDHCPD MODULE_DIR SRCDIR
set -u
d=$1 mods=$2 src=$3
n=0 rc=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
ko() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out"; rc=1; }
run() { "$d" --plugin-dir "$mods" --backend-dir "$mods" --check-config -c "$1" >"$tmp/out" 2>&1; }

if run "$src/tests/data/grnet-nfdhcpd.conf"; then ok "GRNET sample config passes as is"; else ko "GRNET sample config passes as is"; fi
for q in "queue 42: dhcp4" "queue 43: ra" "queue 44: ndp" "queue 45: dhcp6"; do
	if grep -q "$q" "$tmp/out"; then ok "GRNET sample maps to '$q'"; else ko "GRNET sample maps to '$q'"; fi
done
if grep -q "grnet-nfdhcpd.conf:5: \[general\] datapath is deprecated" "$tmp/out"; then
	ok "deprecated key warned with file and line"; else ko "deprecated key warned with file and line"; fi
if run "$src/conf/nfdhcpd.conf"; then ok "shipped sample config passes"; else ko "shipped sample config passes"; fi

cat >"$tmp/bad.conf" <<'CONF'
[general]
plugins = dhcp4, nosuchplugin
[dhcp4]
queue = 99999
lease-time = 3600
CONF
if run "$tmp/bad.conf"; then ko "a bad config exits 1"; else ok "a bad config exits 1"; fi
if grep -q "bad.conf:4: \[dhcp4\] queue: '99999'" "$tmp/out"; then ok "bad value named with file:line"; else ko "bad value named with file:line"; fi
if grep -q "plugin 'nosuchplugin' not found" "$tmp/out"; then ok "missing plugin named too"; else ko "missing plugin named too"; fi

# --print-claims: one line per claim on stdout (warnings and the log on stderr)
claims() { "$d" --plugin-dir "$mods" --backend-dir "$mods" --print-claims -c "$1" >"$tmp/out" 2>"$tmp/err"; }
if claims "$src/tests/data/grnet-nfdhcpd.conf" &&
	[ "$(cat "$tmp/out")" = "$(printf 'dhcp4 42 ipv4 udp 67\nra 43 ipv6 icmpv6 133\nndp 44 ipv6 icmpv6 135\ndhcp6 45 ipv6 udp 547')" ]; then
	ok "--print-claims: the GRNET sample's four claims, nothing else on stdout"
else ko "--print-claims: the GRNET sample's four claims, nothing else on stdout"; fi
if grep -q "datapath is deprecated" "$tmp/err"; then ok "--print-claims: warnings on stderr"; else ko "--print-claims: warnings on stderr"; fi
printf '[general]\nplugins = dhcp4, ndp\n[dhcp4]\nqueue = 7\n[ndp]\nqueue = 0\n' >"$tmp/two.conf"
if claims "$tmp/two.conf" && [ "$(cat "$tmp/out")" = "$(printf 'ndp 0 ipv6 icmpv6 135\ndhcp4 7 ipv4 udp 67')" ]; then
	ok "--print-claims: only the enabled plugins, their queues (0 too), ascending"
else ko "--print-claims: only the enabled plugins, their queues (0 too), ascending"; fi
if claims "$tmp/bad.conf"; then ko "--print-claims: a bad config exits 1"; else ok "--print-claims: a bad config exits 1"; fi
if [ ! -s "$tmp/out" ]; then ok "--print-claims: a bad config prints no claims"; else ko "--print-claims: a bad config prints no claims"; fi
echo "1..$n"
exit $rc
