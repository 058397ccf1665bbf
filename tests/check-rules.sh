#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfdhcpd-rules without root: show builds the rules from what the daemon's parser says
# (nfdhcpd --print-claims), the shipped conf/iptables/nfdhcpd.rules is that output for the
# shipped sample, the options change what they should, and bad input exits 2 with a reason.
# (install, remove and check need a network namespace: tests/e2e/e2e-rules.sh.)
# usage: check-rules.sh NFDHCPD MODULE_DIR SRCDIR NFDHCPD_RULES
set -u
d=$1 mods=$2 src=$3 rules=$4
n=0 rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
ko() {
	n=$((n + 1))
	echo "not ok $n - $1"
	sed 's/^/# /' "$tmp/out" "$tmp/err"
	rc=1
}
# run ARGS...: nfdhcpd-rules with the built daemon and modules; stdout in out, stderr in err
run() {
	NFDHCPD=$d NFDHCPD_ARGS="--plugin-dir $mods --backend-dir $mods" \
		bash "$rules" "$@" >"$tmp/out" 2>"$tmp/err"
}
# expect FACT COMMAND...: the fact holds when the command succeeds
expect() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else ko "$what"; fi
}
# (called through expect and eval)
# shellcheck disable=SC2317
has() { grep -qF -- "$1" "$tmp/out"; }
# shellcheck disable=SC2317
lacks() { ! grep -qF -- "$1" "$tmp/out"; }

run --help
expect "--help exits 0 and names the commands" has "install|remove|show|check"

# the shipped sample with the plugins' drop-ins as installed; its default user is nfdhcpd, which
# the package creates: on a host without it, a drop-in names one that exists, as an admin would
mkdir -p "$tmp/conf/nfdhcpd.conf.d"
cp "$src/conf/nfdhcpd.conf" "$tmp/conf/"
cp "$src/conf/nfdhcpd.conf.d/"*.conf "$tmp/conf/nfdhcpd.conf.d/"
id -u nfdhcpd >/dev/null 2>&1 ||
	printf '[general]\nuser = nobody\n' >"$tmp/conf/nfdhcpd.conf.d/99-user.conf"

run -c "$tmp/conf/nfdhcpd.conf" show
grep -v '^##' "$src/conf/iptables/nfdhcpd.rules" >"$tmp/shipped"
expect "conf/iptables/nfdhcpd.rules is what show prints for the shipped sample" \
	diff -u "$tmp/shipped" "$tmp/out"
expect "show: a queue rule per claim, with --queue-bypass" \
	has '-m comment --comment "dhcp6" -j NFQUEUE --queue-num 45 --queue-bypass'
expect "show: the four guards" eval 'has "--sport 67 --dport 68" && has "--sport 547" &&
	has "--icmpv6-type 134 -m comment --comment \"guard: Router Advertisement\" -j DROP" &&
	has "--icmpv6-type 137"'
expect "show: routed and bridged taps by default" \
	eval 'has "-A nfdhcpd -i tap+ " && has "--physdev-in tap+ " && has "table bridge nfdhcpd {" &&
	has "table inet nfdhcpd {"'
expect "show: a per-tap limit per claim (20/s, bursts of 100)" \
	has 'iifname "tap*" ether type ip udp dport 67 update @limit1 { iif limit rate over 20/second burst 100 packets } counter drop comment "dhcp4 queue 42"'

run -c "$src/tests/data/grnet-nfdhcpd.conf" show
grep -v '^# nfdhcpd-rules show' "$tmp/out" >"$tmp/grnet"
run -c "$tmp/conf/nfdhcpd.conf" show
grep -v '^# nfdhcpd-rules show' "$tmp/out" >"$tmp/sample"
expect "show: GRNET's legacy file gives the same rules as the sample (queues 42-45)" \
	diff -u "$tmp/sample" "$tmp/grnet"

printf '[general]\nplugins = dhcp4\nuser = nobody\n[dhcp4]\nqueue = 7\n' >"$tmp/one.conf"
run -c "$tmp/one.conf" --routed --taps vnet+,tap0 --rate 50 --burst 5 show
expect "show: only the enabled plugin's queue" eval 'has "--queue-num 7 " && lacks "--queue-num 4"'
expect "show --routed: no physdev, no bridge table" \
	eval 'lacks physdev && lacks "table bridge nfdhcpd {"'
expect "show --taps: every pattern, iptables and nft spelling" \
	eval 'has "-i vnet+ " && has "-i tap0 " && has "iifname \"vnet*\"" && has "iifname \"tap0\""'
expect "show --rate --burst" has "limit rate over 50/second burst 5 packets"
run -c "$tmp/one.conf" --bridged --rate 0 show
expect "show --bridged --rate 0: physdev only, no nft part" \
	eval 'has physdev && lacks "-i tap+" && lacks "nft -f"'

run -c "$tmp/one.conf" --taps 'tap;x' show
expect "a bad --taps exits 2" test $? = 2
expect "... naming it" grep -q "'tap;x' is not an interface name" "$tmp/err"
run -c "$tmp/one.conf" --rate fast show
expect "a bad --rate exits 2" test $? = 2
run -c "$tmp/one.conf" --iptables nftables show
expect "a bad --iptables exits 2" test $? = 2
run -c "$tmp/one.conf" --frobnicate show
expect "an unknown option exits 2" test $? = 2
run -c "$tmp/one.conf"
expect "no command exits 2" test $? = 2
printf '[general]\nplugins = dhcp4\nuser = nobody\n[dhcp4]\nqueue = 99999\n' >"$tmp/bad.conf"
run -c "$tmp/bad.conf" show
expect "a bad configuration exits 2" test $? = 2
expect "... with the daemon's reason" grep -q "bad.conf:5: \[dhcp4\] queue" "$tmp/err"
expect "... and no rules" test ! -s "$tmp/out"
echo "1..$n"
exit $rc
