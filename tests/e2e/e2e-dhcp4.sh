#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the dhcp4 plugin in the namespace lab (issue 4, "Tests"): udhcpc, dhclient
# and dhcpcd each lease the binding's address, router, DNS, domain, MTU and option-121 routes
# (config routes plus the binding's ROUTES key) on a routed veth tap, on a bridged tap (physdev
# rule) and on a real TAP, each checked from what the client hands its script and from the
# guest's interface and routes; dhclient renews (RENEWING, unicast) and rebinds (REBINDING,
# broadcast, once unicast is blocked in the guest) against a short lease; a tap without a
# binding gets no reply and its packet continues into the host stack; a guest whose MAC is not
# the binding's gets nothing; a garbage UDP/67 flood does not stop service; every queued packet
# got a verdict; SIGTERM exits 0.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require udhcpc dhclient dhcpcd
lab_init "$@"

FAILED=0
check() { echo "ok - $1"; }
# a fact that failed is printed and fails the script at the end (the other facts still run)
expect() {
	local what=$1
	shift
	if "$@"; then
		echo "ok - $what"
	else
		echo "not ok - $what"
		FAILED=$((FAILED + 1))
	fi
}
eq() {
	[ "$1" = "$2" ] || {
		echo "  expected '$2', got '$1'" >&2
		return 1
	}
}
has() {
	[[ $1 == *"$2"* ]] || {
		echo "  '$1' does not contain '$2'" >&2
		return 1
	}
}

# the guests: three ingress shapes served, one tap without a binding, one spoofing guest
lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:01:02 bridge off
lab_add_guest vm3 tap3 52:54:00:00:01:03 tap off
lab_add_guest vm4 tap4 52:54:00:00:01:04 veth off
lab_add_guest vm5 tap5 52:54:00:00:01:05 veth off
lab_rules 42 - - -
# what the daemon accepts goes on into the host stack: count it (broadcasts reach INPUT)
iptables -w -A INPUT -i tap4 -p udp --dport 67 -m comment --comment e2e-passed-tap4
iptables -w -A INPUT -i tap5 -p udp --dport 67 -m comment --comment e2e-passed-tap5
input_packets() {
	iptables -w -L INPUT -v -n -x | awk -v c="e2e-passed-$1" 'index($0, c) { print $1 }'
}

common=(SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 MTU=1400
	"ROUTES=203.0.113.128/25 via 198.51.100.1")
lab_write_binding tap1 MAC=52:54:00:00:01:01 HOSTNAME=vm1.example.org IP=198.51.100.10 "${common[@]}"
lab_write_binding tap2 MAC=52:54:00:00:01:02 HOSTNAME=vm2.example.org IP=198.51.100.11 "${common[@]}"
lab_write_binding tap3 MAC=52:54:00:00:01:03 HOSTNAME=vm3.example.org IP=198.51.100.12 "${common[@]}"
# vm5's binding names another MAC, and no MACSPOOF
lab_write_binding tap5 MAC=52:54:00:00:09:05 HOSTNAME=vm5.example.org IP=198.51.100.15 "${common[@]}"

# rate-limit = 0: the garbage flood below must reach the plugin's parser (4,000 frames/s from
# one tap, above the default per-tap bucket); the bucket itself is e2e-flood's
LAB_PLUGINS=dhcp4 LAB_DAEMON_ARGS=-d lab_start_daemon "$(
	cat <<'EOF'
[dhcp4]
queue = 42
rate-limit = 0
server-ip = 198.51.100.1
nameservers = 198.51.100.53, 198.51.100.54
lease-time = 60
renewal-time = 3
rebinding-time = 6
routes = 203.0.113.0/25 via 198.51.100.1
EOF
)"

# dump counters: "dhcp4: <reason>: N" lines of the SIGUSR1 dump, the last dump wins
dump_count() {
	local before
	before=$(grep -c 'dhcp4: reply:' "$LAB_DAEMON_LOG" || true)
	lab_daemon_signal USR1
	for _ in $(seq 40); do
		[ "$(grep -c 'dhcp4: reply:' "$LAB_DAEMON_LOG" || true)" -gt "$before" ] && break
		sleep 0.05
	done
	grep -o "dhcp4: $1: [0-9]*" "$LAB_DAEMON_LOG" | tail -n 1 | awk '{print $NF}'
}

# ---- the three clients on the three ingress shapes, the guests in parallel ----
RT_DEFAULT="0.0.0.0/0 198.51.100.1"
RT_CONF="203.0.113.0/25 198.51.100.1"
RT_BIND="203.0.113.128/25 198.51.100.1"

# udhcpc and dhclient keep their state in $LAB_DIR, so the guests run them in parallel; dhcpcd
# shares its control socket (/run/dhcpcd) and lease file (/var/lib/dhcpcd/eth0.lease) between
# the guests of the lab, so its runs take turns, each with an empty state directory
run_clients() {
	local g=$1
	{
		lab_udhcpc "$g" -O mtu -O staticroutes -O search -O domain || echo "udhcpc rc=$?"
		lab_dhclient "$g" -4 15 || echo "dhclient rc=$?"
	} >"$LAB_DIR/$g.clients.out" 2>&1
}
t0=$SECONDS
pids=()
for g in vm1 vm2 vm3; do
	run_clients "$g" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
for g in vm1 vm2 vm3; do
	rm -rf /var/lib/dhcpcd/* /run/dhcpcd/*
	# -A: no ARP probe of the offered address (saves 2-5 s; the lab has no conflicts)
	lab_dhcpcd "$g" 15 -4 -A >>"$LAB_DIR/$g.clients.out" 2>&1 || echo "dhcpcd rc=$?" >>"$LAB_DIR/$g.clients.out"
done
echo "# clients on 3 guests took $((SECONDS - t0)) s"

for g in vm1 vm2 vm3; do
	n=${g#vm}
	ip=198.51.100.1$((n - 1))
	case $g in vm1) shape="routed veth tap" ;; vm2) shape="bridged tap" ;; *) shape="real TAP" ;; esac
	out=$(cat "$LAB_DIR/$g.clients.out")
	# udhcpc: the variables its script gets
	v() { lab_client_var "$g" udhcpc "$1"; }
	expect "udhcpc/$shape: address $ip /24" eq "$(v ip) $(v mask)" "$ip 24"
	# RFC 3442 §3: udhcpc asked for 121 (-O staticroutes), which has the default route: no 3
	expect "udhcpc/$shape: no router option beside 121" eq "$(v router)" ""
	expect "udhcpc/$shape: DNS (both servers, one option)" eq "$(v dns)" "198.51.100.53 198.51.100.54"
	expect "udhcpc/$shape: domain from HOSTNAME" eq "$(v domain)" example.org
	expect "udhcpc/$shape: hostname" eq "$(v hostname)" "$g.example.org"
	expect "udhcpc/$shape: MTU from the binding" eq "$(v mtu)" 1400
	expect "udhcpc/$shape: lease time" eq "$(v lease)" 60
	expect "udhcpc/$shape: server id" eq "$(v serverid)" 198.51.100.1
	expect "udhcpc/$shape: option 121 = config route, binding ROUTES, default" \
		eq "$(v staticroutes)" "$RT_CONF $RT_BIND $RT_DEFAULT"
	# dhclient: the variables its script gets and its lease file
	v() { lab_client_var "$g" dhclient "$1"; }
	expect "dhclient/$shape: bound to $ip" eq "$(v reason) $(v new_ip_address)" "BOUND $ip"
	expect "dhclient/$shape: mask, broadcast" eq "$(v new_subnet_mask) $(v new_broadcast_address)" \
		"255.255.255.0 198.51.100.255"
	expect "dhclient/$shape: no router option beside the 121 it asked for" eq "$(v new_routers)" ""
	expect "dhclient/$shape: DNS" eq "$(v new_domain_name_servers)" "198.51.100.53 198.51.100.54"
	expect "dhclient/$shape: domain" eq "$(v new_domain_name)" example.org
	expect "dhclient/$shape: MTU" eq "$(v new_interface_mtu)" 1400
	expect "dhclient/$shape: T1/T2/lease" eq \
		"$(v new_dhcp_renewal_time) $(v new_dhcp_rebinding_time) $(v new_dhcp_lease_time)" "3 6 60"
	expect "dhclient/$shape: option 121 bytes" eq "$(v new_rfc3442_classless_static_routes)" \
		"25 203 0 113 0 198 51 100 1 25 203 0 113 128 198 51 100 1 0 198 51 100 1"
	expect "dhclient/$shape: lease file" has "$(cat "$LAB_DIR/$g.dhclient.leases" 2>/dev/null)" \
		"fixed-address $ip;"
	# dhcpcd configures the guest: read its interface, routes and MTU
	v() { lab_client_var "$g" dhcpcd "$1"; }
	expect "dhcpcd/$shape: leased $ip" has "$out" "leased $ip for 60 seconds"
	expect "dhcpcd/$shape: script: address, router, DNS, domain, MTU" eq \
		"$(v new_ip_address) $(v new_routers) $(v new_domain_name_servers) $(v new_domain_name) $(v new_interface_mtu)" \
		"$ip 198.51.100.1 198.51.100.53 198.51.100.54 example.org 1400"
	expect "dhcpcd/$shape: script: classless routes" eq "$(v new_classless_static_routes)" \
		"203.0.113.0/25 198.51.100.1 203.0.113.128/25 198.51.100.1 0.0.0.0/0 198.51.100.1"
	addr=$(ip -n "$g" -4 -o addr show dev eth0)
	expect "dhcpcd/$shape: guest eth0 has $ip/24" has "$addr" "inet $ip/24"
	routes=$(ip -n "$g" -4 route show)
	expect "dhcpcd/$shape: guest default route via the gateway" has "$routes" "default via 198.51.100.1"
	expect "dhcpcd/$shape: guest route from [dhcp4] routes" has "$routes" "203.0.113.0/25 via 198.51.100.1"
	expect "dhcpcd/$shape: guest route from the binding's ROUTES" has "$routes" \
		"203.0.113.128/25 via 198.51.100.1"
done

# ---- renew and rebind: dhclient on the routed tap, in the background ----
# (busybox udhcpc ignores T1 and renews at lease/2 = 30 s, too slow for this test)
# dhcpcd left the address configured in vm1; the unicast RENEWING request needs the server's
# MAC, which no ARP responder in the lab gives: the tap's MAC is the router's
ip -n vm1 neigh replace 198.51.100.1 lladdr "$(cat /sys/class/net/tap1/address)" dev eth0
lab_spawn - 40 "$LAB_DIR/renew.tcpdump.log" tcpdump -i tap1 -n -U -w "$LAB_DIR/renew.pcap" \
	udp port 67 or udp port 68
tcpdump_sid=$LAB_SID
lab_wait_log 'listening on' 3 "$LAB_DIR/renew.tcpdump.log" || true
renv=$LAB_DIR/vm1.renew.env
: >"$renv"
lab_spawn vm1 40 "$LAB_DIR/vm1.renew.log" dhclient -4 -d -1 -v -sf "$(_lab_env_script "$renv")" \
	-lf "$LAB_DIR/vm1.dhclient.leases" -pf "$LAB_DIR/vm1.renew.pid" eth0
dhclient_sid=$LAB_SID
# the lease file holds the lease: INIT-REBOOT (option 50, no server id), then RENEWING at T1
lab_wait_log '^reason=RENEW$' 12 "$renv" || true
expect "dhclient: INIT-REBOOT of the stored lease is ACKed" grep -q '^reason=REBOOT$' "$renv"
expect "dhclient: RENEWING (unicast at T1 = 3 s) is ACKed" grep -q '^reason=RENEW$' "$renv"
expect "dhclient: RENEWING was unicast to the server" \
	grep -q 'DHCPREQUEST for 198.51.100.10 on eth0 to 198.51.100.1 port 67' "$LAB_DIR/vm1.renew.log"
# unicast now fails in the guest: past T2 the client broadcasts its REQUEST with ciaddr
# (REBINDING, RFC 2131 4.3.2); dhclient still calls that ACK "RENEW" in its script
ip netns exec vm1 iptables -w -A OUTPUT -p udp -d 198.51.100.1 --dport 67 -j DROP
# a renewal in flight may still complete: look only at what dhclient logs after the block
from=$(wc -l <"$LAB_DIR/vm1.renew.log")
rebound() {
	tail -n +"$((from + 1))" "$LAB_DIR/vm1.renew.log" | awk '
		/DHCPREQUEST for 198.51.100.10 on eth0 to 255.255.255.255 port 67/ { bc = 1 }
		bc && /DHCPACK of 198.51.100.10 from 198.51.100.1/ { ok = 1 }
		END { exit !ok }'
}
for _ in $(seq 150); do
	rebound && break
	sleep 0.1
done
expect "dhclient: REBINDING (broadcast with ciaddr past T2 = 6 s) is ACKed" rebound
expect "dhclient: the renewed address is still the binding's" \
	eq "$(lab_client_var vm1 renew new_ip_address)" 198.51.100.10
lab_reap "$dhclient_sid"
pc() { tcpdump -n -r "$LAB_DIR/renew.pcap" "$@" 2>/dev/null | wc -l; }
# on a loaded machine tcpdump may still be writing what it saw: give it time before stopping it
for _ in $(seq 50); do
	[ "$(pc 'dst host 255.255.255.255 and udp dst port 67 and udp[20:4] = 0xc633640a')" -ge 1 ] &&
		break
	sleep 0.1
done
lab_reap "$tcpdump_sid"
wait "$dhclient_sid" "$tcpdump_sid" 2>/dev/null || true
# ciaddr is at offset 12 of BOOTP, 20 of the UDP datagram; 0xc633640a = 198.51.100.10
n_uni=$(pc 'dst host 198.51.100.1 and udp dst port 67 and udp[20:4] = 0xc633640a')
n_bc_ciaddr=$(pc 'dst host 255.255.255.255 and udp dst port 67 and udp[20:4] = 0xc633640a')
n_ack=$(pc 'src host 198.51.100.1 and dst host 198.51.100.10 and udp dst port 68')
echo "# tap1 capture: $n_uni unicast requests with ciaddr, $n_bc_ciaddr broadcast requests with ciaddr, $n_ack replies unicast to ciaddr"
expect "capture: a RENEWING request (unicast, ciaddr) reached the tap" test "$n_uni" -ge 1
expect "capture: a REBINDING request (broadcast, ciaddr) reached the tap" test "$n_bc_ciaddr" -ge 1
expect "capture: both were answered unicast to ciaddr (RFC 2131 4.1)" test "$n_ack" -ge 2

# ---- a tap without a binding: no reply, the packet goes on into the host stack ----
before=$(dump_count reply)
in4=$(input_packets tap4)
rc=0
lab_udhcpc vm4 >/dev/null 2>&1 || rc=$?
expect "tap without a binding: udhcpc gets no lease" test "$rc" != 0
expect "tap without a binding: the DISCOVERs continued into the host (INPUT saw them)" \
	test "$(input_packets tap4)" -gt "$in4"
expect "tap without a binding: the plugin answered nothing" eq "$(dump_count reply)" "$before"

# ---- a guest whose MAC is not the binding's (no MACSPOOF): nothing ----
spoofed=$(dump_count spoofed)
rc=0
lab_udhcpc vm5 >/dev/null 2>&1 || rc=$?
expect "spoofed chaddr: udhcpc gets no lease" test "$rc" != 0
expect "spoofed chaddr: counted as spoofed" test "$(dump_count spoofed)" -gt "${spoofed:-0}"
expect "spoofed chaddr: dropped, not passed on" eq "$(input_packets tap5)" 0
expect "spoofed chaddr: no reply" eq "$(dump_count reply)" "$before"

# ---- a garbage UDP/67 flood from a bound guest does not stop service ----
malformed=$(dump_count malformed)
lab_spawn vm1 20 "$LAB_DIR/flood.log" "${LAB_FLOOD:-$(_lab_tool LAB_FLOOD lab-flood.c)}" -t 10 \
	-m garbage4 -n 8000 -r 4000
flood_sid=$LAB_SID
sleep 0.5
out=$(lab_udhcpc vm2 2>&1) || true
expect "flood: a good client (vm2) leases during the flood" has "$out" "lease of 198.51.100.11 obtained"
wait "$flood_sid" || true
lab_reap "$flood_sid"
flood=$(cat "$LAB_DIR/flood.log")
echo "# $flood"
expect "flood: all 8000 garbage frames were sent" has "$flood" "sent 8000"
out=$(lab_udhcpc vm1 2>&1) || true
expect "flood: the flooding guest itself leases after the flood" has "$out" "lease of 198.51.100.10 obtained"
n=$(dump_count malformed)
echo "# malformed requests counted: $((n - malformed))"
expect "flood: the garbage reached the plugin and was counted as malformed" \
	test "$((n - malformed))" -ge 4000
expect "every queued packet got a verdict (queue 42 clean)" lab_assert_queue_clean 42 5

lab_stop_daemon
check "SIGTERM exits 0"
[ "$FAILED" = 0 ] || {
	echo "e2e-dhcp4: $FAILED checks failed"
	exit 1
}
echo "e2e-dhcp4: all checks passed"
