#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test: two VMs in one SUBNET6 reach each other (issue 10 item 1), with the guests'
# own kernels doing SLAAC, neighbour resolution, ping and UDP:
# - GRNET routed mode (each VM on its own tap, all taps with the one router MAC, INDEV = the
#   tap, host forwarding on, a /128 route per VM): the ndp plugin answers the guests' NS for
#   each other's address with the router MAC and R=0 (the peer is not a router, RFC 4389
#   §4.1.3), so the traffic goes through the host, which routes it; ping and UDP both ways;
# - the same with `[ndp] proxy = no` and kernel proxy_ndp entries on the taps: the plugin
#   ACCEPTs the NS it does not answer, so the host kernel answers it;
# - two VMs on one bridge (bridged taps, INDEV = the bridge): the plugin ACCEPTs their NS for
#   each other, so they resolve each other's own MAC directly; ping and UDP both ways;
# - every queued NS and RS got a verdict, and the daemon exits 0 on SIGTERM.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require busybox python3
lab_init "$@"

ROUTER_MAC=02:00:5e:00:00:01 # every routed tap's MAC, as gnt-networking sets it
NET=2001:db8:5
BNET=2001:db8:6
A1=$NET::5054:ff:fe00:501 # SLAAC addresses: SUBNET6 + modified EUI-64 of the MAC
A2=$NET::5054:ff:fe00:502
B3=$BNET::5054:ff:fe00:603
B4=$BNET::5054:ff:fe00:604
check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}
norm6() { python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' "$1"; }

# wait until guest $1 has the non-tentative global address $2
wait_addr() {
	local want a i
	want=$(norm6 "$2")
	for i in $(seq 150); do
		for a in $(ip -n "$1" -6 -o addr show dev eth0 scope global | grep -v tentative |
			awk '{print $4}'); do
			[ "$(norm6 "${a%/*}")" = "$want" ] && return 0
		done
		sleep 0.1
	done
	fail "$1 did not configure $2 by SLAAC: $(ip -n "$1" -6 addr show dev eth0)"
}

# ping from guest $1 to address $2
ping_ok() {
	local out
	out=$(lab_guest "$1" 15 busybox ping -6 -c 2 -w 8 "$2" 2>&1) || fail "ping $1 -> $2: $out"
}

# one UDP datagram from guest $1 to guest $2 at address $3, received by a real socket
udp_ok() {
	local from=$1 to=$2 addr=$3 log=$LAB_DIR/udp.$1.$2.log sid
	lab_spawn "$to" 20 "$log" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::", 5555))
s.settimeout(15)
print("ready", flush=True)
data, peer = s.recvfrom(100)
print("got", data.decode(), "from", peer[0], flush=True)'
	sid=$LAB_SID
	lab_wait_log "^ready" 5 "$log" || fail "UDP receiver in $to did not start"
	lab_guest "$from" 10 python3 -c '
import socket, sys
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(sys.argv[1].encode(), (sys.argv[2], 5555))' \
		"hello-from-$from" "$addr" || fail "UDP send $from -> $addr"
	lab_wait_log "^got hello-from-$from from " 10 "$log" ||
		fail "UDP $from -> $to ($addr) not received: $(cat "$log")"
	wait "$sid" 2>/dev/null || true
}

# guest $1's neighbour entry for $2: prints "lladdr MAC [router]"
neigh_of() {
	ip -n "$1" -6 neigh show "$2" dev eth0 | awk '{ for (i = 1; i <= NF; i++)
		if ($i == "lladdr") printf "%s %s", $i, $(i + 1); else if ($i == "router") printf " router" }'
}

lab_add_guest vm1 tap1 52:54:00:00:05:01 veth on
lab_add_guest vm2 tap2 52:54:00:00:05:02 veth on
lab_add_guest vm3 tap3 52:54:00:00:06:03 bridge on
lab_add_guest vm4 tap4 52:54:00:00:06:04 bridge on
# GRNET routed mode: one MAC for all routed taps, forwarding, a host route per VM address
ip link set tap1 address $ROUTER_MAC
ip link set tap2 address $ROUTER_MAC
sysctl -qw net.ipv6.conf.all.forwarding=1
ip -6 route add "$A1/128" dev tap1
ip -6 route add "$A2/128" dev tap2
lab_rules - 43 44 -
for i in 1 2; do
	lab_write_binding "tap$i" "INDEV=tap$i" "MAC=52:54:00:00:05:0$i" "HOSTNAME=vm$i" \
		"SUBNET6=$NET::/64" "GATEWAY6=$NET::1"
done
for i in 3 4; do
	lab_write_binding "tap$i" "INDEV=br0" "MAC=52:54:00:00:06:0$i" "HOSTNAME=vm$i" \
		"SUBNET6=$BNET::/64" "GATEWAY6=$BNET::1"
done
BR_MAC=$(cat /sys/class/net/br0/address)
conf() { printf '[ra]\nqueue = 43\n\n[ndp]\nqueue = 44\n%s\n' "${1:-}"; }
LAB_PLUGINS=ra,ndp lab_start_daemon "$(conf)"
for g in vm1:$A1 vm2:$A2 vm3:$B3 vm4:$B4; do
	wait_addr "${g%%:*}" "${g#*:}"
done
check "the four guests configured their SLAAC addresses from the RAs"

# ---- routed: the plugin answers for the peer, the host routes ----
ping_ok vm1 "$A2"
ping_ok vm2 "$A1"
check "routed taps: vm1 and vm2 ping each other through the host"
udp_ok vm1 vm2 "$A2"
udp_ok vm2 vm1 "$A1"
check "routed taps: UDP both ways between vm1 and vm2"
n=$(neigh_of vm1 "$A2")
[ "$n" = "lladdr $ROUTER_MAC" ] || fail "vm1's neighbour entry for vm2: '$n'"
n=$(neigh_of vm2 "$A1")
[ "$n" = "lladdr $ROUTER_MAC" ] || fail "vm2's neighbour entry for vm1: '$n'"
check "routed taps: each guest resolved its peer to the router MAC, without the router flag (R=0)"

# ---- bridged: the plugin ACCEPTs, the guests resolve each other directly ----
ping_ok vm3 "$B4"
ping_ok vm4 "$B3"
check "bridged taps: vm3 and vm4 ping each other"
udp_ok vm3 vm4 "$B4"
udp_ok vm4 vm3 "$B3"
check "bridged taps: UDP both ways between vm3 and vm4"
n=$(neigh_of vm3 "$B4")
[ "$n" = "lladdr 52:54:00:00:06:04" ] || fail "vm3's neighbour entry for vm4: '$n'"
check "bridged taps: vm3 resolved vm4 to vm4's own MAC (the NS was ACCEPTed, not answered)"
lab_guest vm3 8 busybox ping -6 -c 1 -w 5 "$BNET::1" >/dev/null 2>&1 || true
n=$(neigh_of vm3 "$BNET::1")
[ "$n" = "lladdr $BR_MAC router" ] || fail "vm3's neighbour entry for GATEWAY6: '$n'"
check "bridged taps: GATEWAY6 is still answered, with the router MAC $BR_MAC and R=1"
lab_assert_queue_clean 44 || fail "NS queue"
lab_assert_queue_clean 43 || fail "RS queue"
check "every queued NS and RS got a verdict"
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"

# ---- routed with [ndp] proxy = no: the host kernel's proxy_ndp answers ----
for g in vm1 vm2; do
	ip -n "$g" -6 neigh flush dev eth0
done
sysctl -qw net.ipv6.conf.tap1.proxy_ndp=1 net.ipv6.conf.tap2.proxy_ndp=1
ip -6 neigh add proxy "$A2" dev tap1
ip -6 neigh add proxy "$A1" dev tap2
LAB_PLUGINS=ra,ndp lab_start_daemon "$(conf "proxy = no")"
ping_ok vm1 "$A2"
ping_ok vm2 "$A1"
udp_ok vm1 vm2 "$A2"
udp_ok vm2 vm1 "$A1"
n=$(neigh_of vm1 "$A2")
[ "$n" = "lladdr $ROUTER_MAC" ] || fail "vm1's neighbour entry for vm2 (kernel proxy): '$n'"
check "proxy = no: the kernel's proxy_ndp entries answer the NS the plugin ACCEPTs; ping and UDP both ways"
lab_assert_queue_clean 44 || fail "NS queue (proxy = no)"
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"
check "SIGTERM exits 0"
echo "e2e-ndp-peers: all checks passed"
