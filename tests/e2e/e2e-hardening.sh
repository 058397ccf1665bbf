#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of issue 13's packet handling with hostile guests (tests/e2e/hostile_guest.py
# sends the frames with scapy from inside the guests):
# - an NS for the gateway inside an atomic fragment header (RFC 6980) from a bridged guest is
#   DROPped on the NS queue: no NA, not flooded to the other bridge port, a warning, counted as
#   dropped; an ICMPv6 echo in the same kind of fragment (not queued) does reach the other port,
#   so the capture could have seen it;
# - with mac-fallback, an unbound guest using a bound guest's MAC is answered on its own tap and
#   nothing is sent into the bound guest's tap (tcpdump on that tap);
# - DHCPv4 and DHCPv6 RELEASE/DECLINE: counted in the SIGUSR1 dump, one debug line each, and
#   warned about through the tap's own limiter: a guest sending 200 of them gets 10 warnings and
#   cannot hide another tap's one DECLINE warning (the budget is the tap's, shared by the
#   plugins and the dispatch, so each flood comes from a tap that had no warning yet);
# - every queued packet got a verdict, and SIGTERM exits 0.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require tcpdump udhcpc /usr/bin/python3
/usr/bin/python3 -c 'import scapy.all' 2>/dev/null || lab_skip "python3-scapy is not installed"
lab_init "$@"

HOSTILE=$LAB_SRCDIR/../e2e/hostile_guest.py
ROUTER_MAC=02:00:5e:00:00:01
SERVER=198.51.100.1
BURST=10 # NFD_RATELIMIT_BURST
check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}

# capture NAME IF FILE FILTER: tcpdump in guest NAME (or '-' for the lab namespace); sets
# CAPTURE_SID
capture() {
	local name=$1 ifname=$2 file=$3 filter=$4
	lab_spawn "$name" 60 "$file.log" tcpdump -i "$ifname" -n -U -w "$file" "$filter"
	CAPTURE_SID=$LAB_SID
	lab_wait_log "listening on" 5 "$file.log" || fail "tcpdump on $name $ifname did not start"
}
# captured SID FILE FILTER: wait (up to 20 s) until the capture has the "nfd-marker" echo sent
# after the frames under test (it sees packets in order, so then it has seen them all), stop
# it, and print the packets matching FILTER, one per line
captured() {
	local sid=$1 file=$2 filter=$3 i
	for i in $(seq 200); do
		tcpdump -r "$file" -n -A 2>/dev/null | grep -q nfd-marker && break
		sleep 0.1
	done
	tcpdump -r "$file" -n -A 2>/dev/null | grep -q nfd-marker ||
		fail "the capture $file never saw the marker"
	lab_reap "$sid"
	wait "$sid" 2>/dev/null || true
	tcpdump -r "$file" -n -e "$filter" 2>/dev/null || true
}
hostile() {
	local name=$1
	shift
	lab_guest "$name" 30 /usr/bin/python3 "$HOSTILE" "$@" >/dev/null ||
		fail "$name could not send: $*"
}
# number of log lines matching REGEX
log_count() { grep -Ec -- "$1" "$LAB_DAEMON_LOG" || true; }
# the daemon's SIGUSR1 dump, once the line matching REGEX is in it
dump() {
	lab_daemon_signal USR1
	lab_wait_log "$1" 3 ||
		fail "SIGUSR1 dump without '$1': $(grep -A40 'binding table' "$LAB_DAEMON_LOG" | tail -40)"
}

lab_add_guest vm1 tap1 52:54:00:00:0d:01 bridge noautoconf,nodad
lab_add_guest vm2 tap2 52:54:00:00:0d:02 bridge noautoconf,nodad
lab_add_guest vm3 tap3 52:54:00:00:0d:03 veth noautoconf,nodad
# vm4's tap has no binding and vm4 uses vm3's MAC
lab_add_guest vm4 tap4 52:54:00:00:0d:03 veth noautoconf,nodad
# the noisy one for DHCPv4 (a tap whose warning budget nothing else has touched)
lab_add_guest vm5 tap5 52:54:00:00:0d:05 veth noautoconf,nodad
# flood multicast to every port whatever the guests joined: what the bridge forwards then
# depends only on the verdicts
ip link set br0 type bridge mcast_snooping 0
lab_rules 42 43 44 45
for i in 1 2 3 5; do
	lab_write_binding "tap$i" "MAC=52:54:00:00:0d:0$i" "HOSTNAME=vm$i" "IP=198.51.100.2$i" \
		SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 "SUBNET6=2001:db8:d$i::/64" \
		"GATEWAY6=2001:db8:d$i::1" "EUI64=2001:db8:d$i::5054:ff:fe00:d0$i"
done
CONF_EXTRA=$(printf '[general]\nrouter-mac = %s\nmac-fallback = yes\n\n%s\n' "$ROUTER_MAC" \
	"$(lab_default_conf)")
LAB_DAEMON_ARGS=-d lab_start_daemon "$CONF_EXTRA"

# the dispatch counters "ACCEPTED DROPPED" of a fresh SIGUSR1 dump
dispatch_counts() {
	local n i
	n=$(log_count "dispatch: [0-9]+ packets")
	lab_daemon_signal USR1
	for i in $(seq 60); do
		[ "$(log_count "dispatch: [0-9]+ packets")" -gt "$n" ] && break
		sleep 0.05
	done
	grep -E "dispatch: [0-9]+ packets" "$LAB_DAEMON_LOG" | tail -n 1 |
		sed -E 's/.* ([0-9]+) accepted, ([0-9]+) dropped.*/\1 \2/'
}

# ---- an NS in an atomic fragment (RFC 6980) ----
read -r acc0 drop0 <<<"$(dispatch_counts)"
capture vm2 eth0 "$LAB_DIR/vm2.pcap" ip6
vm2_sid=$CAPTURE_SID
capture vm1 eth0 "$LAB_DIR/vm1.pcap" icmp6
vm1_sid=$CAPTURE_SID
hostile vm1 ns-frag 2001:db8:d1::1
lab_wait_log "IPv6 upper layer behind a fragment header.*dropped" 3 ||
	fail "no warning about the fragmented NS: $(tail -5 "$LAB_DAEMON_LOG")"
check "the daemon warns about the NS in an atomic fragment"
read -r acc1 drop1 <<<"$(dispatch_counts)"
[ "$((drop1 - drop0)) $((acc1 - acc0))" = "1 0" ] ||
	fail "dispatch counters: dropped +$((drop1 - drop0)), accepted +$((acc1 - acc0)), not +1, +0"
check "the dump counts it as dropped (+1), not accepted (+0)"
# (vm2 answers this one, and the NS for vm1's address it sends first is queued too: after the
# counters above)
hostile vm1 echo-frag
hostile vm1 echo ff02::1
seen=$(captured "$vm2_sid" "$LAB_DIR/vm2.pcap" "ether src 52:54:00:00:0d:01")
grep -q "frag.*echo request" <<<"$seen" || fail "vm2 did not see vm1's fragmented echo request: '$seen'"
check "a fragmented ICMPv6 echo (not queued) crosses the bridge to vm2 (the capture works)"
grep -q "neighbor sol" <<<"$seen" && fail "vm2 saw vm1's fragmented NS: $seen"
check "the NS in an atomic fragment is dropped on the NS queue, never flooded to vm2"
# the marker for vm1's capture comes from the host, out of tap1
/usr/bin/python3 "$HOSTILE" --iface tap1 --src fe80::1 echo ff02::1 >/dev/null ||
	fail "no marker out of tap1"
na=$(captured "$vm1_sid" "$LAB_DIR/vm1.pcap" "ether src $ROUTER_MAC and icmp6")
grep -q "neighbor adv" <<<"$na" && fail "the fragmented NS was answered: $na"
check "no NA for the fragmented NS"

# ---- mac-fallback: the reply leaves on the ingress tap ----
capture - tap3 "$LAB_DIR/tap3.pcap" "udp port 67 or udp port 68 or icmp"
out=$(lab_udhcpc vm4) || fail "vm4 (unbound, vm3's MAC) got no lease through mac-fallback: $out"
[ "$(lab_client_var vm4 udhcpc ip)" = 198.51.100.23 ] ||
	fail "vm4 lease: $(lab_client_var vm4 udhcpc ip)"
check "mac-fallback: the unbound vm4 with vm3's MAC is answered on its own tap (tap4)"
# the marker: out of tap3 after the exchange, from the host
/usr/bin/python3 "$HOSTILE" --iface tap3 --dst-mac 52:54:00:00:0d:03 echo 198.51.100.23 \
	>/dev/null || fail "no marker out of tap3"
leak=$(captured "$CAPTURE_SID" "$LAB_DIR/tap3.pcap" "udp")
[ -z "$leak" ] || fail "the daemon sent into vm3's tap for vm4's request: $leak"
check "mac-fallback: nothing is sent into the bound guest's tap (tap3)"

# ---- RELEASE and DECLINE: counted, debug, warned per tap ----
# (one burst: the 200 fall into one 5 s window of the limiter)
hostile vm5 -n 100 dhcp4 both 198.51.100.25 "$SERVER"
hostile vm2 dhcp4 decline 198.51.100.22 "$SERVER"
lab_wait_log "DECLINE: the guest reports its address in use.*TAP=tap2" 3 ||
	fail "vm2's DECLINE was not warned about: $(grep -c 'WARNING' "$LAB_DAEMON_LOG") warnings"
check "DHCPv4: vm2's one DECLINE is warned about after vm5's 200 RELEASE/DECLINE"
n=$(log_count "WARNING .*(RELEASE: the guest gave up|DECLINE: the guest reports).*TAP=tap5")
[ "$n" = "$BURST" ] || fail "vm5's 200 RELEASE/DECLINE gave $n warnings, not $BURST"
check "DHCPv4: vm5's 200 RELEASE/DECLINE give $BURST warnings (its own tap's budget)"
n=$(log_count "INFO .*RELEASE")
[ "$n" = 0 ] || fail "$n RELEASE lines above debug level"
n=$(log_count "DEBUG .*RELEASE xid 0x00005eed \\(ignored.*TAP=tap5")
[ "$n" = 100 ] || fail "$n debug lines for vm5's 100 RELEASEs"
check "DHCPv4: one debug line per RELEASE, none at info"
dump "dhcp4: decline: 101"
lab_wait_log "dhcp4: release: 100" 1 || fail "the dump does not count 100 RELEASEs"
check "DHCPv4: the SIGUSR1 dump counts 100 RELEASEs and 101 DECLINEs"

duid=$(sed -n 's/.*server DUID: \([0-9a-f:]*\).*/\1/p' "$LAB_DAEMON_LOG" | tail -n 1 | tr -d :)
[ -n "$duid" ] || fail "no server DUID in the dump"
# vm3 is the noisy one here (vm5's budget of this window went to DHCPv4 above)
hostile vm3 -n 100 dhcp6 both 2001:db8:d3::5054:ff:fe00:d03 "$duid"
hostile vm2 dhcp6 decline 2001:db8:d2::5054:ff:fe00:d02 "$duid"
lab_wait_log "DHCPv6: DECLINE: the guest says 2001:db8:d2:0:5054:ff:fe00:d02 is in use.*TAP=tap2" 3 ||
	fail "vm2's DHCPv6 Decline was not warned about"
check "DHCPv6: vm2's one Decline is warned about after vm3's 200 Release/Decline"
n=$(log_count "WARNING .*DHCPv6: (RELEASE|DECLINE).*TAP=tap3")
[ "$n" = "$BURST" ] || fail "vm3's 200 DHCPv6 Release/Decline gave $n warnings, not $BURST"
check "DHCPv6: vm3's 200 Release/Decline give $BURST warnings (its own tap's budget)"
n=$(log_count "DEBUG .*DHCPv6: RELEASE -> REPLY.*TAP=tap3")
[ "$n" = 100 ] || fail "$n debug lines for vm3's 100 DHCPv6 Releases"
check "DHCPv6: one debug line per Release"
dump "dhcp6: decline: 101"
lab_wait_log "dhcp6: release: 100" 1 || fail "the dump does not count 100 DHCPv6 Releases"
check "DHCPv6: the SIGUSR1 dump counts 100 Releases and 101 Declines"

for q in 42 43 44 45; do
	lab_assert_queue_clean "$q" || fail "queue $q"
done
check "every queued packet got exactly one verdict"
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"
check "SIGTERM: exit status 0"
