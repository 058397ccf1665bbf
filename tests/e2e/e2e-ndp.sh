#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the ndp plugin in the namespace lab with real clients: ndisc6 resolves
# GATEWAY6 and the router link-local to the router MAC (through a veth, a bridged tap and a real
# TAP); the guest kernel's own neighbour resolution of GATEWAY6 gets the router MAC; DAD of the
# guest's addresses is never answered (no dadfailed) and shows in the SIGUSR1 dump; a DAD storm
# from 20 guests flapping eth0 plus a flood of garbage ICMPv6 type 133/135 leaves the NS and RS
# queues clean (every packet got a verdict) and a later ndisc6 is still answered.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require ndisc6 python3
lab_init "$@"

ROUTER_MAC=02:00:5e:00:00:01
ROUTER_LL=fe80::5eff:fe00:1
STORM=20
check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	exit 1
}

# ndisc6 in guest $1 for target $2 must print the router MAC
ndisc_router() {
	local out
	out=$(lab_ndisc6 "$1" "$2") || fail "ndisc6 $2 in $1: $out"
	grep -Eiq "^Target link-layer address: $ROUTER_MAC$" <<<"$out" || fail "ndisc6 $2 in $1: $out"
}

lab_add_guest vm1 tap1 52:54:00:00:03:01 veth noautoconf
lab_add_guest vm2 tap2 52:54:00:00:03:02 bridge noautoconf,nodad
lab_add_guest vm3 tap3 52:54:00:00:03:03 tap noautoconf,nodad
for i in $(seq 10 $((9 + STORM))); do
	lab_add_guest "s$i" "tap$i" "52:54:00:00:03:$i" veth noautoconf
done
lab_rules - 43 44 -
for i in 1 2 3 $(seq 10 $((9 + STORM))); do
	lab_write_binding "tap$i" "MAC=52:54:00:00:03:$(printf %02d "$i")" "HOSTNAME=vm$i" \
		"SUBNET6=2001:db8:$i::/64" "GATEWAY6=2001:db8:$i::1"
done
LAB_PLUGINS=ra,ndp lab_start_daemon "$(printf '[general]\nrouter-mac = %s\n\n[ra]\nqueue = 43\n\n[ndp]\nqueue = 44\n' "$ROUTER_MAC")"
# DAD of vm1's link-local again, now that the daemon sees it
ip -n vm1 link set eth0 down
ip -n vm1 link set eth0 up

# ---- ndisc6 ----
ndisc_router vm1 2001:db8:1::1
check "ndisc6 resolves GATEWAY6 2001:db8:1::1 to the router MAC $ROUTER_MAC"
ndisc_router vm1 "$ROUTER_LL"
check "ndisc6 resolves the router link-local $ROUTER_LL to the router MAC"
ndisc_router vm2 2001:db8:2::1
check "ndisc6 through a bridged tap (physdev match)"
ndisc_router vm3 2001:db8:3::1
check "ndisc6 through a real TAP (taprelay)"
out=$(lab_ndisc6 vm1 2001:db8:1::99) && fail "2001:db8:1::99 was answered with proxy off: $out"
check "no answer for another address of SUBNET6 (proxy off by default)"

# ---- DAD of the guest's own addresses: accepted, never answered, snooped ----
ip -n vm1 addr add 2001:db8:1::abcd/64 dev eth0
for _ in $(seq 60); do
	ip -n vm1 -6 addr show dev eth0 | grep -q "2001:db8:1::abcd.*tentative" || break
	sleep 0.1
done
state=$(ip -n vm1 -6 addr show dev eth0 | grep "2001:db8:1::abcd" || true)
[ -n "$state" ] && ! grep -Eq "tentative|dadfailed" <<<"$state" || fail "DAD of 2001:db8:1::abcd: $state"
check "DAD of the guest's 2001:db8:1::abcd completes (probe accepted, not answered)"
# the kernel resolves GATEWAY6 itself from its global address (NS from a global source)
lab_guest vm1 5 python3 -c 'import socket; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", ("2001:db8:1::1", 9))'
neigh=
for _ in $(seq 30); do
	neigh=$(ip -n vm1 -6 neigh show 2001:db8:1::1 dev eth0)
	grep -q lladdr <<<"$neigh" && break
	sleep 0.1
done
grep -qi "lladdr $ROUTER_MAC router" <<<"$neigh" || fail "vm1 kernel neighbour entry: '$neigh'"
check "the guest kernel resolves GATEWAY6 to the router MAC with the router flag"
lab_daemon_signal USR1
lab_wait_log "ndp: tap1 defends: .*2001:db8:1::abcd" 3 || fail "SIGUSR1 dump: $(grep 'ndp:' "$LAB_DAEMON_LOG")"
lab_wait_log "ndp: tap1 defends: .*fe80::5054:ff:fe00:301" 1 || fail "link-local not snooped"
check "SIGUSR1 dump lists the addresses vm1 defended by DAD (link-local and 2001:db8:1::abcd)"

# ---- DAD storm: 20 guests flap eth0 three times, plus garbage ICMPv6 133/135 ----
for _ in 1 2 3; do
	for i in $(seq 10 $((9 + STORM))); do
		ip -n "s$i" link set eth0 down
		ip -n "s$i" link set eth0 up
	done
	sleep 0.3
done
lab_flood s10 5 -m garbage-icmp6 -n 2000 -r 2000 || fail "lab-flood"
for i in $(seq 10 $((9 + STORM))); do
	lab_guest_wait_dad "s$i" 5 || fail "s$i: link-local DAD did not complete"
	! ip -n "s$i" -6 addr show dev eth0 | grep -q dadfailed || fail "s$i: dadfailed"
done
check "DAD storm: $STORM guests x 3 flaps, every link-local passed DAD"
before=$(lab_ipt_packets 44)
[ "$before" -gt $((STORM * 3)) ] || fail "only $before NS reached the queue rules"
lab_assert_queue_clean 44
check "NS queue 44 clean after the storm: every queued NS got a verdict ($before matched the NS rules)"
lab_assert_queue_clean 43
check "RS queue 43 clean after the garbage flood"
ndisc_router s10 2001:db8:10::1
ndisc_router s$((9 + STORM)) 2001:db8:$((9 + STORM))::1
ndisc_router vm1 2001:db8:1::1
check "ndisc6 still answered after the storm"
lab_daemon_signal USR1
lab_wait_log "ndp: tap$((9 + STORM)) defends: .*fe80::5054:ff:fe00:3$((9 + STORM))" 3 ||
	fail "storm guest not snooped"
check "the storm guests' link-locals are in the snooping table"
lab_assert_queue_clean 44
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"
check "SIGTERM exits 0"
echo "e2e-ndp: all checks passed"
