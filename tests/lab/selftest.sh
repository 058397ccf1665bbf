#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# selftest.sh: end-to-end test of the lab harness itself (tests/lab/lab.sh); it needs no nfdhcpd.
# The outer run starts two labs and, after each has exited, checks from outside that nothing
# of it survives: no process in any of its network namespaces, no work directory, nothing new
# in the real /run/netns. The "full" lab builds the four ingress shapes (veth, real TAP through
# taprelay, bridge port veth, bridge port TAP), serves them from one dnsmasq on the lab side
# WITHOUT NFQUEUE rules and gets a udhcpc lease through each; then installs the NFQUEUE rules
# with no listener (--queue-bypass lets the leases through) and checks the iptables counters
# per shape; drives a fake daemon through start/ready/HUP/USR1/stop and the two failure paths;
# runs dhclient, dhcpcd, rdisc6, ndisc6 and dhclient -6 -S against dnsmasq; and counts a
# lab-flood burst. The "fail" lab starts long-lived processes and then fails, to prove the
# teardown also runs on failure. Exit 77 when not root or when a tool is missing.
#
# Usage: selftest.sh  (as root; LAB_TAPRELAY / LAB_FLOOD may point at the meson-built tools)

set -eu
LAB_SELF=$(readlink -f "$0")
# shellcheck source=tests/lab/lab.sh
. "$(dirname "$LAB_SELF")/lab.sh"

n_ok=0
n_fail=0
ok()
{
	n_ok=$((n_ok + 1))
	echo "ok $n_ok - $*"
}
not_ok()
{
	n_fail=$((n_fail + 1))
	echo "not ok - $*"
}
check()
{
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}
finish()
{
	echo "# $n_ok passed, $n_fail failed"
	[ "$n_fail" = 0 ]
}

# ---------------------------------------------------------------- the lab with everything

inner_full()
{
	local g out ip before after sent n log
	lab_require udhcpc dnsmasq ethtool dhclient dhcpcd rdisc6 ndisc6 gcc
	lab_init --inner-full "$@"

	# four ingress shapes, IPv4 only; vm5 is an IPv6 guest without DAD delays
	lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
	lab_add_guest vm2 tap2 52:54:00:00:01:02 tap off
	lab_add_guest vm3 tap3 52:54:00:00:01:03 bridge off
	lab_add_guest vm4 tap4 52:54:00:00:01:04 bridge-tap off
	lab_add_guest vm5 tap5 52:54:00:00:01:05 veth nodad
	check "guest netns exist" test -e /run/netns/vm1 -a -e /run/netns/vm4
	check "real TAP is a tun device" test -e /sys/class/net/tap2/tun_flags
	check "veth tap is not a tun device" test ! -e /sys/class/net/tap1/tun_flags
	check "bridge ports are in br0" test "$(cat /sys/class/net/tap3/master/ifindex)" = \
		"$(cat /sys/class/net/br0/ifindex)" -a -e /sys/class/net/tap4/brport
	check "guest MAC is set" test "$(ip netns exec vm2 cat /sys/class/net/eth0/address)" = \
		52:54:00:00:01:02
	check "v4-only guest has no IPv6" test \
		"$(ip netns exec vm1 sysctl -n net.ipv6.conf.eth0.disable_ipv6)" = 1

	ip addr add 198.51.100.1/26 dev tap1
	ip addr add 198.51.100.65/26 dev tap2
	ip addr add 198.51.100.129/26 dev br0
	lab_guest_ipv6 - nodad tap5
	ip addr add 2001:db8:5::1/64 dev tap5
	ip addr add 198.51.100.193/26 dev tap5
	# dnsmasq sends through kernel sockets: a veth hands its CHECKSUM_PARTIAL UDP checksum to
	# udhcpc's raw socket, which rejects it (lab.md §3)
	for g in tap1 tap5 br0; do lab_tx_off "$g"; done
	lab_guest_wait_dad - 5 tap5
	lab_spawn - 120 "$LAB_DIR/dnsmasq.log" dnsmasq --no-daemon --conf-file=/dev/null --port=0 \
		--log-facility=- --log-dhcp --bind-interfaces --no-ping \
		--interface=tap1 --interface=tap2 --interface=br0 --interface=tap5 \
		--dhcp-range=198.51.100.10,198.51.100.20,1h \
		--dhcp-range=198.51.100.70,198.51.100.80,1h \
		--dhcp-range=198.51.100.140,198.51.100.150,1h \
		--dhcp-range=198.51.100.200,198.51.100.210,1h \
		--enable-ra --dhcp-range=2001:db8:5::,ra-stateless,64 \
		'--dhcp-option=option6:dns-server,[2001:db8:5::53]' \
		--dhcp-leasefile="$LAB_DIR/dnsmasq.leases" --pid-file="$LAB_DIR/dnsmasq.pid"
	check "dnsmasq is up" lab_wait_log 'started|DHCP, IP range' 5 "$LAB_DIR/dnsmasq.log"

	# one lease per ingress shape, no NFQUEUE rules yet
	for g in 1:10 2:70 3:140 4:140; do
		out=$(lab_udhcpc "vm${g%%:*}" 2>&1) || true
		ip=$(lab_client_var "vm${g%%:*}" udhcpc ip)
		check "udhcpc lease through $(awk -v n="vm${g%%:*}" '$1 == n { print $3 }' \
			"$LAB_DIR/guests") guest vm${g%%:*} ($ip)" \
			test -n "$ip" -a "${ip%.*}" = 198.51.100 -a "${ip##*.}" -ge "${g##*:}" \
			-a "${ip##*.}" -le $((${g##*:} + 10))
		[[ $out == *"lease of $ip obtained"* ]] || not_ok "udhcpc said: $out"
	done

	# NFQUEUE rules with nobody bound: --queue-bypass accepts, the counters see every shape
	lab_rules 42 43 44 45
	check "queue 42 is not bound" bash -c '! grep -q "^ *42 " /proc/net/netfilter/nfnetlink_queue'
	for g in 1 2 3 4; do
		before=$(lab_ipt_packets 42)
		lab_udhcpc "vm$g" >/dev/null 2>&1 || true
		after=$(lab_ipt_packets 42)
		check "rule counts the DHCP packets of vm$g ($((after - before)))" \
			test $((after - before)) -ge 2
		check "lease through the bypassed queue for vm$g" \
			test -n "$(lab_client_var "vm$g" udhcpc ip)"
	done

	# other clients against dnsmasq
	out=$(lab_dhclient vm1 -4 15 2>&1) || not_ok "dhclient -4: $out"
	ip=$(lab_client_var vm1 dhclient new_ip_address)
	check "dhclient -4 bound ($ip)" test "${ip%.*}" = 198.51.100
	log=$(lab_dhcpcd vm2 15 -4 2>&1) || true
	check "dhcpcd leased" grep -Eq "leased 198\.51\.100\.(7[0-9]|80) " <<<"$log"
	out=$(ip netns pids vm2 | while read -r n; do cat "/proc/$n/comm"; done | sort -u | xargs)
	check "no dhcpcd helpers survive lab_dhcpcd (vm2 runs: $out)" test "$out" = taprelay

	before=$(lab_ipt_packets 43)
	out=$(lab_rdisc6 vm5 2>&1) || true
	check "rdisc6 gets dnsmasq's RA" grep -q "2001:db8:5::/64" <<<"$out"
	check "the RS went through queue 43's rule" test "$(lab_ipt_packets 43)" -gt "$before"
	before=$(lab_ipt_packets 44)
	out=$(lab_ndisc6 vm5 2001:db8:5::1 2>&1) || true
	check "ndisc6 resolves the lab side" grep -qi "target link-layer" <<<"$out"
	check "the NS went through queue 44's rule" test "$(lab_ipt_packets 44)" -gt "$before"
	before=$(lab_ipt_packets 45)
	out=$(lab_dhclient vm5 -6S 15 2>&1) || not_ok "dhclient -6 -S: $out"
	check "dhclient -6 -S got the name server" test \
		"$(lab_client_var vm5 dhclient new_dhcp6_name_servers)" = 2001:db8:5::53
	check "the Information-request went through queue 45's rule" \
		test "$(lab_ipt_packets 45)" -gt "$before"

	# lab-flood: every garbage frame reaches the rule
	before=$(lab_ipt_packets 42)
	out=$(lab_flood vm1 5 -m garbage4 -n 1000 -r 20000 2>&1) || not_ok "flood: $out"
	sent=$(sed -n 's/^flood: sent \([0-9]*\) .*/\1/p' <<<"$out")
	after=$(lab_ipt_packets 42)
	check "lab-flood sent 1000 frames ($sent)" test "$sent" = 1000
	check "rule 42 counted the 1000 garbage frames ($((after - before)))" \
		test $((after - before)) = 1000

	# the daemon life cycle, with a stand-in daemon
	cat >"$LAB_DIR/fake-nfdhcpd" <<'EOF'
#!/bin/bash
conf=
while [ $# -gt 0 ]; do case "$1" in -c) conf=$2; shift 2 ;; *) shift ;; esac; done
grep -q '^\[general\]' "$conf" || exit 3
dir=$(sed -n 's/^path = //p' "$conf")
case "${FAKE:-}" in
never) while :; do sleep 0.1; done ;;
stubborn) trap '' TERM ;;
*) trap 'echo "terminating"; exit 0' TERM ;;
esac
trap 'echo "reloaded"' HUP
trap 'echo "bindings: $(ls "$dir" | xargs)"' USR1
echo "nfdhcpd: Ready to serve requests" >&2
while :; do sleep 0.1; done
EOF
	chmod 0755 "$LAB_DIR/fake-nfdhcpd"
	NFDHCPD=$LAB_DIR/fake-nfdhcpd
	check "lab_start_daemon sees the Ready line" lab_start_daemon
	check "the config names the bindings dir" grep -qx "path = $LAB_BINDINGS" "$LAB_CONF"
	check "the default plugin sections are in the config" grep -qx "queue = 45" "$LAB_CONF"
	lab_write_binding tap1 MAC=52:54:00:00:01:01 IP=198.51.100.10 SUBNET=198.51.100.0/24
	check "binding file is KEY=VALUE lines" test "$(cat "$LAB_BINDINGS/tap1")" = \
		"$(printf 'MAC=52:54:00:00:01:01\nIP=198.51.100.10\nSUBNET=198.51.100.0/24')"
	# shellcheck disable=SC2016 # $0 and $? are the inner shell's
	check "lab_write_binding refuses a non KEY=VALUE" \
		bash -c '. "$0"; lab_write_binding tap9 "junk" 2>/dev/null; test $? != 0' \
		"$LAB_SRCDIR/lab.sh"
	lab_daemon_signal HUP
	check "SIGHUP reaches the daemon" lab_wait_log reloaded 3
	lab_daemon_signal USR1
	check "SIGUSR1 reaches the daemon" lab_wait_log "bindings: tap1" 3
	check "the daemon exits 0 on SIGTERM" lab_stop_daemon
	check "lab_stop_daemon reports the exit status" test "$LAB_DAEMON_RC" = 0
	check "no daemon process remains" test -z "$(lab_daemon_pid 2>/dev/null)"

	export FAKE=never
	if LAB_READY_TIMEOUT=1 lab_start_daemon 2>"$LAB_DIR/never.err"; then
		not_ok "lab_start_daemon returned 0 without a Ready line"
	else
		ok "lab_start_daemon fails when Ready never comes"
	fi
	check "the failure shows the daemon config" grep -q "the daemon did not become ready" \
		"$LAB_DIR/never.err"
	check "a daemon that never got ready is gone" test -z "$(_lab_session_pids "$LAB_SID")"
	export FAKE=stubborn
	lab_start_daemon
	if lab_stop_daemon 1 2>/dev/null; then
		not_ok "lab_stop_daemon returned 0 for a daemon that ignores SIGTERM"
	else
		ok "a daemon ignoring SIGTERM is killed (status $LAB_DAEMON_RC)"
	fi
	unset FAKE

	lab_spawn vm3 100 "$LAB_DIR/sleeper.log" sleep 99
	for n in $(seq 20); do
		[ -n "$(ip netns pids vm3)" ] && break
		sleep 0.1
	done
	check "lab_spawn runs in the guest" test -n "$(ip netns pids vm3)"
	finish
}

# ---------------------------------------------------------------- a lab that fails midway

inner_fail()
{
	lab_init --inner-fail "$@"
	lab_add_guest vm1 tap1 52:54:00:00:02:01 tap off
	lab_add_guest vm2 tap2 52:54:00:00:02:02 veth off
	lab_spawn vm2 100 "$LAB_DIR/sleeper.log" sleep 99
	lab_spawn - 100 "$LAB_DIR/sleeper2.log" sleep 98
	# an escapee: a grandchild in its own session that lab_spawn never recorded
	ip netns exec vm1 setsid -f sleep 97 </dev/null >/dev/null 2>&1
	lab_rules 42 - - -
	false
}

# ---------------------------------------------------------------- outer: check the teardown

# every process whose network namespace is one of those in report $1
survivors()
{
	local want p
	want=$(sed -n 's/^net //p' "$1")
	for p in /proc/[0-9]*; do
		grep -qxF "$(readlink "$p/ns/net" 2>/dev/null)" <<<"$want" && echo "${p#/proc/}"
	done
	return 0
}

# the named network namespaces of the real /run/netns, on one line
netns_names()
{
	local n names=()
	for n in /run/netns/*; do
		[ -e "$n" ] && names+=("${n##*/}")
	done
	echo "${names[*]}"
}

outer()
{
	local rc netns_before dir
	[ "$(id -u)" = 0 ] || lab_skip "the lab needs root"
	report=$(mktemp)
	trap 'rm -f "$report"' EXIT
	netns_before=$(netns_names)

	rc=0
	LAB_REPORT=$report "$BASH" "$LAB_SELF" --inner-full || rc=$?
	[ "$rc" = 77 ] && exit 77
	if [ "$rc" = 0 ]; then ok "full lab passed"; else not_ok "full lab failed ($rc)"; fi
	check "the full lab wrote its teardown report" grep -q '^session ' "$report"
	check "no process of the full lab survives ($(survivors "$report" | xargs))" \
		test -z "$(survivors "$report")"
	dir=$(sed -n 's/^dir //p' "$report")
	check "the full lab's work dir is gone" test -n "$dir" -a ! -e "$dir"

	rc=0
	: >"$report"
	LAB_REPORT=$report "$BASH" "$LAB_SELF" --inner-fail >/dev/null 2>&1 || rc=$?
	check "the failing lab exits with its failure status" test "$rc" = 1
	check "the failing lab still tore down (report written)" grep -q '^session ' "$report"
	check "no process of the failing lab survives ($(survivors "$report" | xargs))" \
		test -z "$(survivors "$report")"
	dir=$(sed -n 's/^dir //p' "$report")
	check "the failing lab's work dir is gone" test -n "$dir" -a ! -e "$dir"
	check "the real /run/netns is unchanged" test "$(netns_names)" = \
		"$netns_before"
	finish
}

case "${1:-}" in
--inner-full)
	shift
	inner_full "$@"
	;;
--inner-fail)
	shift
	inner_fail "$@"
	;;
*) outer ;;
esac
