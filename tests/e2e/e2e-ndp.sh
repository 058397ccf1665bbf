#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the ndp plugin in the namespace lab with real clients: ndisc6 resolves
# GATEWAY6 and the router link-local to the router MAC (through a veth, a bridged tap and a real
# TAP); on a routed tap another address of SUBNET6 resolves to the router MAC too (the proxy),
# on a bridged tap it is not answered; the guest kernel's own neighbour resolution of GATEWAY6
# gets the router MAC; DAD of the guest's addresses is never answered (no dadfailed) and shows
# in the SIGUSR1 dump; a guest kernel that configures GATEWAY6 or the router link-local for
# itself (routed or bridged) sees its DAD fail (the daemon defends them); a DAD storm
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
lab_add_guest vm4 tap4 52:54:00:00:03:04 veth noautoconf   # DAD for the router's addresses
lab_add_guest vm5 tap5 52:54:00:00:03:05 bridge noautoconf # the same behind the bridge
for i in $(seq 10 $((9 + STORM))); do
	lab_add_guest "s$i" "tap$i" "52:54:00:00:03:$i" veth noautoconf
done
lab_rules - 43 44 -
for i in 1 2 3 4 5 $(seq 10 $((9 + STORM))); do
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
# ---- DAD for the router's own addresses: defended (RFC 4861 §7.2.4) ----
# wait until guest $1's address $2 leaves the tentative state; prints its line
dad_result() {
	local line
	for _ in $(seq 100); do
		line=$(ip -n "$1" -6 addr show dev eth0 | grep -F "inet6 $2/" || true)
		if [[ $line != *tentative* ]] || [[ $line == *dadfailed* ]]; then
			break
		fi
		sleep 0.1
	done
	echo "$line"
}
for g in vm4:2001:db8:4::1 vm4:$ROUTER_LL vm5:2001:db8:5::1 vm5:$ROUTER_LL; do
	ip -n "${g%%:*}" addr add "${g#*:}/64" dev eth0
	state=$(dad_result "${g%%:*}" "${g#*:}")
	[[ $state == *dadfailed* ]] || fail "${g%%:*} kept ${g#*:}: '$state'"
done
check "a guest that configures GATEWAY6 or the router link-local sees dadfailed (routed and bridged)"
lab_daemon_signal USR1
lab_wait_log "ndp: tap4 defends: " 3 || fail "no dump line for tap4"
! grep -E "ndp: tap4 defends: .*(2001:db8:4::1( |$)|$ROUTER_LL)" "$LAB_DAEMON_LOG" ||
	fail "a defended router address was snooped as the VM's: $(grep 'ndp: tap4' "$LAB_DAEMON_LOG")"
check "the router's addresses are not recorded as addresses the VM defends"

# ---- DAD of the guest's own addresses: accepted, never answered, snooped ----
ip -n vm1 addr add 2001:db8:1::abcd/64 dev eth0
for _ in $(seq 60); do
	ip -n vm1 -6 addr show dev eth0 | grep -q "2001:db8:1::abcd.*tentative" || break
	sleep 0.1
done
state=$(ip -n vm1 -6 addr show dev eth0 | grep "2001:db8:1::abcd" || true)
if [ -z "$state" ] || grep -Eq "tentative|dadfailed" <<<"$state"; then
	fail "DAD of 2001:db8:1::abcd: $state"
fi
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

# ---- another address of SUBNET6: answered as a proxy on a routed tap, not on a bridge ----
# (ndisc6 cannot tell: it ignores an NA that does not come from the target itself, and a proxy's
# never does; the guest kernel takes it, as it takes the kernel's own proxy_ndp answers)
# guest $1 sends a datagram to $2 from its global address; prints its neighbour entry for $2
resolve_peer() {
	local n=
	lab_guest "$1" 5 python3 -c 'import socket, sys; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", (sys.argv[1], 9))' "$2"
	for _ in $(seq 20); do
		n=$(ip -n "$1" -6 neigh show "$2" dev eth0)
		grep -q lladdr <<<"$n" && break
		sleep 0.1
	done
	echo "$n"
}
neigh=$(resolve_peer vm1 2001:db8:1::99)
if ! grep -qi "lladdr $ROUTER_MAC" <<<"$neigh" || grep -q router <<<"$neigh"; then
	fail "vm1's neighbour entry for 2001:db8:1::99: '$neigh'"
fi
check "routed tap: another address of SUBNET6 resolves to the router MAC, R=0 (proxy = auto)"
ip -n vm2 addr add 2001:db8:2::abcd/64 dev eth0
neigh=$(resolve_peer vm2 2001:db8:2::99)
! grep -q lladdr <<<"$neigh" || fail "bridged: 2001:db8:2::99 was answered: '$neigh'"
check "bridged tap: another address of SUBNET6 is not answered (the NS goes to the bridge)"
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
