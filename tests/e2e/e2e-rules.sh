#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of nfdhcpd-rules (issue 13) in the namespace lab, on the iptables backend
# LAB_IPT names (nft by default, legacy too):
# - install is idempotent, check sees a deleted rule and a changed configuration, remove leaves
#   nothing behind (no chain, no hook, no nft table);
# - rogue servers, bridged and routed: first with the lab's plain NFQUEUE rules (no guards) the
#   victim does receive the rogue's DHCPOFFER, DHCPv6 Advertise, RA and Redirect (so the
#   captures can see them), then with nfdhcpd-rules' rules it receives none; on the bridge, real
#   servers too (busybox udhcpd and radvd in the rogue guest), while the daemon is down (the
#   queues bypassed) and up: no rogue lease, no rogue SLAAC address; the victim's own DHCP and
#   RS still reach the daemon;
# - a DISCOVER flood from one guest is cut in the kernel by the per-tap limit (nft counter),
#   the queue takes at most burst + rate x time from that tap and never fails open (every
#   packet iptables queued was enqueued, none dropped), and another guest still gets its lease.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require tcpdump udhcpc busybox rdisc6 radvd nft /usr/bin/python3
busybox udhcpd --help >/dev/null 2>&1 || lab_skip "busybox has no udhcpd"
/usr/bin/python3 -c 'import scapy.all' 2>/dev/null || lab_skip "python3-scapy is not installed"
lab_init "$@"

if [ -n "${NFDHCPD_RULES:-}" ]; then
	RULES=$NFDHCPD_RULES
	[ -f "$RULES" ] || { echo "not ok - NFDHCPD_RULES=$RULES does not exist" >&2; exit 1; }
else
	RULES=$LAB_SRCDIR/../../build/tools/nfdhcpd-rules
	[ -f "$RULES" ] || lab_skip "nfdhcpd-rules not built (set NFDHCPD_RULES)"
fi
HOSTILE=$LAB_SRCDIR/../e2e/hostile_guest.py
ROUTER_MAC=02:00:5e:00:00:01
ROUTER_LL=fe80::5eff:fe00:1
TAPMAC=02:00:00:00:00:fe
RATE=20
BURST=100
FLOOD_SECS=3
BACKEND=nft
[ "${LAB_IPT:-nft}" = legacy ] && BACKEND=legacy
IPT4=$(_lab_ipt 4)
IPT6=$(_lab_ipt 6)
check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}

# nfdhcpd-rules with the lab's config, daemon and modules
rules() {
	local -a args=(-c "$LAB_CONF" --iptables "$BACKEND" --rate "$RATE" --burst "$BURST")
	local dirs="${LAB_PLUGIN_DIR:+--plugin-dir $LAB_PLUGIN_DIR}"
	dirs+=" ${LAB_BACKEND_DIR:+--backend-dir $LAB_BACKEND_DIR}"
	NFDHCPD=$NFDHCPD NFDHCPD_ARGS=$dirs "$BASH" "$RULES" "${args[@]}" "$@"
}
# the whole mangle table of both families and the nft ruleset, for before/after comparisons
# (nft lists tables in the order they were created: list them one by one, sorted; -t leaves
# out the elements guests add to the limit sets meanwhile)
netfilter_state() {
	local t
	$IPT4 -w -t mangle -S
	$IPT6 -w -t mangle -S
	nft list tables | LC_ALL=C sort | while read -r _ t; do
		# shellcheck disable=SC2086 # "FAMILY NAME"
		nft -s -t list table $t 2>/dev/null
	done
}
hostile() {
	local name=$1
	shift
	lab_guest "$name" 30 /usr/bin/python3 "$HOSTILE" "$@" >/dev/null ||
		fail "$name could not send: $*"
}
# capture NAME FILE: tcpdump on NAME's eth0; sets CAPTURE_SID
capture() {
	lab_spawn "$1" 60 "$2.log" tcpdump -i eth0 -n -U -w "$2" "ip or ip6"
	CAPTURE_SID=$LAB_SID
	lab_wait_log "listening on" 5 "$2.log" || fail "tcpdump in $1 did not start"
}
# captured SID FILE MAC: wait (up to 20 s) until the capture has the "nfd-marker" echo sent after
# the frames under test (it sees packets in order, so then it has seen them all), stop it, and
# print, verbosely, what came from MAC
captured() {
	local sid=$1 file=$2 i
	for i in $(seq 200); do
		tcpdump -r "$file" -n -A 2>/dev/null | grep -q nfd-marker && break
		sleep 0.1
	done
	tcpdump -r "$file" -n -A 2>/dev/null | grep -q nfd-marker ||
		fail "the capture $file never saw the marker"
	lab_reap "$sid"
	wait "$sid" 2>/dev/null || true
	tcpdump -r "$file" -n -v -e "ether src $3" 2>/dev/null || true
}
# the packets the nft limit of CLAIM ("dhcp4 queue 42") dropped in FAMILY (inet or bridge)
limit_drops() {
	nft list table "$1" nfdhcpd |
		sed -n "s/.*counter packets \([0-9]*\) bytes [0-9]* drop comment \"$2\".*/\1/p"
}
# the packets the nfdhcpd-taps guard named GUARD dropped (both families)
guard_drops() {
	local v total=0 n
	for v in 4 6; do
		n=$($(_lab_ipt $v) -w -t mangle -L nfdhcpd-taps -v -n -x |
			awk -v g="$1" 'index($0, "/* " g " */") && $3 == "DROP" { s += $1 } END { print s + 0 }')
		total=$((total + n))
	done
	echo "$total"
}
queue_enqueued() {
	local st
	st=$(lab_queue_stats "$1") || return 1
	echo "${st##* }"
}

# ---- the lab: a bridge (rogue vm1, victim vm2) and routed taps (rogue vm3, victim vm4) ----
lab_add_guest vm1 tap1 52:54:00:00:0e:01 bridge nodad
lab_add_guest vm2 tap2 52:54:00:00:0e:02 bridge nodad
lab_add_guest vm3 tap3 52:54:00:00:0e:03 veth noautoconf,nodad
lab_add_guest vm4 tap4 52:54:00:00:0e:04 veth noautoconf,nodad
ip link set br0 type bridge mcast_snooping 0
# routed: the host routes vm4's addresses to tap4 (as gnt-networking's routed mode does)
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.rp_filter=0 \
	net.ipv4.conf.default.rp_filter=0
for t in tap3 tap4; do
	ip link set "$t" address "$TAPMAC"
	sysctl -qw "net.ipv4.conf.$t.rp_filter=0"
done
ip route add 198.51.100.44/32 dev tap4
ip neigh replace 198.51.100.44 lladdr 52:54:00:00:0e:04 dev tap4 nud permanent
ip -n vm4 addr add 198.51.100.44/24 dev eth0
ip -n vm4 addr add 2001:db8:44::44/64 dev eth0 nodad
ip -6 route add 2001:db8:44::/64 dev tap4
ip -6 neigh replace 2001:db8:44::44 lladdr 52:54:00:00:0e:04 dev tap4 nud permanent
for i in 1 2 3 4; do
	lab_write_binding "tap$i" "MAC=52:54:00:00:0e:0$i" "HOSTNAME=vm$i" "IP=198.51.100.4$i" \
		SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 "SUBNET6=2001:db8:4$i::/64" \
		"GATEWAY6=2001:db8:4$i::1"
done
CONF_EXTRA=$(printf '[general]\nrouter-mac = %s\n\n%s\n' "$ROUTER_MAC" "$(lab_default_conf)")
# lab_start_daemon writes $LAB_CONF; nfdhcpd-rules reads it before the first start too
lab_start_daemon "$CONF_EXTRA"
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"

# ---- install, check, remove ----
# an administrator's own rule, which nfdhcpd-rules must leave alone
$IPT4 -w -t mangle -A PREROUTING -p tcp --dport 9 -m comment --comment admin -j ACCEPT
$IPT6 -w -t mangle -A PREROUTING -p tcp --dport 9 -m comment --comment admin -j ACCEPT
before=$(netfilter_state)
rules install || fail "install"
first=$(netfilter_state)
rules install || fail "install again"
[ "$(netfilter_state)" = "$first" ] || fail "a second install changed the rules"
check "install twice = install once ($BACKEND)"
[ "$($IPT4 -w -t mangle -S PREROUTING | grep -c -- '-j nfdhcpd$')" = 1 ] || fail "IPv4 hook count"
[ "$($IPT6 -w -t mangle -S PREROUTING | grep -c -- '-j nfdhcpd$')" = 1 ] || fail "IPv6 hook count"
check "one hook in PREROUTING per family"
rules check >/dev/null || fail "check after install: $(rules check 2>&1)"
check "check: exit 0 when the rules are installed"
$IPT6 -w -t mangle -D nfdhcpd-taps -p ipv6-icmp -m icmp6 --icmpv6-type 134 \
	-m comment --comment "guard: Router Advertisement" -j DROP
out=$(rules check 2>&1) && fail "check missed a deleted guard: $out"
grep -q -- '-icmpv6-type 134' <<<"$out" || fail "check does not show the deleted guard: $out"
check "check: exit 1 and the difference when a guard was deleted"
rules install || fail "install to repair"
rules check >/dev/null || fail "check after the repair"
sed -i 's/^queue = 45$/queue = 46/' "$LAB_CONF"
out=$(rules check 2>&1) && fail "check missed the configuration's new DHCPv6 queue: $out"
grep -q -- '--queue-num 46' <<<"$out" || fail "check does not name queue 46: $out"
check "check: exit 1 when the configuration changed (a queue number)"
sed -i 's/^queue = 46$/queue = 45/' "$LAB_CONF"
out=$(rules --rate 10 check 2>&1) && fail "check missed another --rate: $out"
check "check: exit 1 when the options changed (--rate)"
rules -n remove >"$LAB_DIR/dry-remove" || fail "remove --dry-run"
[ "$(netfilter_state)" = "$first" ] ||
	fail "remove --dry-run changed the rules: $(diff <(echo "$first") <(netfilter_state))"
grep -q -- "-X nfdhcpd-taps" "$LAB_DIR/dry-remove" || fail "remove --dry-run: $(cat "$LAB_DIR/dry-remove")"
check "remove --dry-run prints the commands and changes nothing"
rules remove || fail "remove"
[ "$(netfilter_state)" = "$before" ] || fail "remove left something: $(netfilter_state)"
check "remove leaves nothing behind (mangle of both families and every nft table as before, the admin's rule kept)"
out=$(rules check 2>&1) && fail "check passed with nothing installed: $out"
check "check: exit 1 when nothing is installed"

# ---- rogue frames, without and with the guards ----
# send_rogue PHASE: vm1 (bridged) broadcasts and multicasts, vm3 (routed) sends to vm4's
# addresses through the host; vm2 and vm4 capture
send_rogue() {
	local sid2 sid4
	capture vm2 "$LAB_DIR/vm2.$1.pcap"
	sid2=$CAPTURE_SID
	capture vm4 "$LAB_DIR/vm4.$1.pcap"
	sid4=$CAPTURE_SID
	hostile vm1 rogue-dhcp4
	hostile vm1 rogue-dhcp6
	hostile vm1 rogue-ra
	hostile vm1 rogue-redirect fe80::5054:ff:fe00:e02
	hostile vm1 echo ff02::1
	hostile vm3 --dst-mac "$TAPMAC" rogue-dhcp4 198.51.100.44
	hostile vm3 --dst-mac "$TAPMAC" --src 2001:db8:43::66 rogue-dhcp6 2001:db8:44::44
	hostile vm3 --dst-mac "$TAPMAC" --src 2001:db8:43::66 rogue-ra 2001:db8:44::44
	hostile vm3 --dst-mac "$TAPMAC" --src 2001:db8:43::66 rogue-redirect 2001:db8:44::44
	hostile vm3 --dst-mac "$TAPMAC" --src 2001:db8:43::66 echo 2001:db8:44::44
	captured "$sid2" "$LAB_DIR/vm2.$1.pcap" 52:54:00:00:0e:01 >"$LAB_DIR/vm2.$1.txt"
	# routed: the host forwards with its tap's MAC
	captured "$sid4" "$LAB_DIR/vm4.$1.pcap" "$TAPMAC" >"$LAB_DIR/vm4.$1.txt"
}
# rogue_kinds FILE: how many of the 4 rogue message kinds FILE shows
rogue_kinds() {
	local f=$1 k n=0
	for k in "DHCP-Message.*Offer|BOOTP/DHCP, Reply" "dhcp6 advertise" "router advertisement" \
		"redirect"; do
		grep -Eqi "$k" "$f" && n=$((n + 1))
	done
	echo "$n"
}
$IPT4 -w -t mangle -F PREROUTING
$IPT6 -w -t mangle -F PREROUTING
lab_rules 42 43 44 45
send_rogue open
[ "$(rogue_kinds "$LAB_DIR/vm2.open.txt")" = 4 ] ||
	fail "without guards vm2 should see 4 rogue kinds: $(cat "$LAB_DIR/vm2.open.txt")"
check "without guards (plain NFQUEUE rules) the bridged victim receives the rogue's OFFER, Advertise, RA, Redirect"
[ "$(rogue_kinds "$LAB_DIR/vm4.open.txt")" = 4 ] ||
	fail "without guards vm4 should see 4 rogue kinds: $(cat "$LAB_DIR/vm4.open.txt")"
check "without guards the routed victim receives the rogue's unicast OFFER, Advertise, RA, Redirect"
$IPT4 -w -t mangle -F PREROUTING
$IPT6 -w -t mangle -F PREROUTING
rules install || fail "install"
send_rogue guarded
[ "$(rogue_kinds "$LAB_DIR/vm2.guarded.txt")" = 0 ] ||
	fail "with guards vm2 still sees: $(cat "$LAB_DIR/vm2.guarded.txt")"
check "with nfdhcpd-rules the bridged victim receives none of them"
[ "$(rogue_kinds "$LAB_DIR/vm4.guarded.txt")" = 0 ] ||
	fail "with guards vm4 still sees: $(cat "$LAB_DIR/vm4.guarded.txt")"
check "with nfdhcpd-rules the routed victim receives none of them"
for g in "guard: DHCPv4 server" "guard: DHCPv6 server" "guard: Router Advertisement" "guard: Redirect"; do
	[ "$(guard_drops "$g")" -ge 2 ] || fail "'$g' counted $(guard_drops "$g") drops, not 2 (bridged and routed)"
done
check "each guard counted its drops, bridged and routed"

# ---- real rogue servers on the bridge: busybox udhcpd and radvd in vm1 ----
ip -n vm1 addr add 203.0.113.66/24 dev eth0
lab_guest vm1 5 sysctl -qw net.ipv6.conf.all.forwarding=1
cat >"$LAB_DIR/udhcpd.conf" <<EOF
start 203.0.113.100
end 203.0.113.200
interface eth0
lease_file $LAB_DIR/udhcpd.leases
pidfile $LAB_DIR/udhcpd.pid
opt router 203.0.113.66
opt subnet 255.255.255.0
EOF
: >"$LAB_DIR/udhcpd.leases"
cat >"$LAB_DIR/radvd.conf" <<'EOF'
interface eth0 {
	AdvSendAdvert on;
	MinRtrAdvInterval 3;
	MaxRtrAdvInterval 4;
	prefix 2001:db8:bad::/64 { AdvOnLink on; AdvAutonomous on; };
};
EOF
# from_rogue FILE FILTER: the packets from vm1 matching FILTER in the tap1 capture FILE
from_rogue() {
	tcpdump -r "$1" -n -v "ether src 52:54:00:00:0e:01 and ($2)" 2>/dev/null | grep -c "$3" || true
}
# rogue_round PHASE: vm2 asks for a lease and solicits routers while the rogue servers run; a
# capture on tap1 (the frames as vm1 sent them, before any rule) shows they did answer
rogue_round() {
	local sid i
	lab_spawn - 60 "$LAB_DIR/tap1.$1.pcap.log" tcpdump -i tap1 -n -U -w "$LAB_DIR/tap1.$1.pcap" \
		"udp port 68 or icmp6"
	sid=$LAB_SID
	lab_wait_log "listening on" 5 "$LAB_DIR/tap1.$1.pcap.log" || fail "tcpdump on tap1"
	ip -n vm2 addr flush dev eth0 scope global
	ip -n vm2 link set eth0 down
	ip -n vm2 link set eth0 up
	lab_guest_wait_dad vm2 || fail "vm2 link-local"
	lab_udhcpc vm2 >"$LAB_DIR/vm2.udhcpc.$1" 2>&1 || true
	# radvd answers the RS of the link-up, then advertises every 3-4 s: until two RAs of
	# vm1 passed tap1 (and, without the guards, vm2 has the rogue prefix)
	for i in $(seq 200); do
		ip -n vm2 -6 addr show dev eth0 >"$LAB_DIR/vm2.addr.$1"
		if [ "$(from_rogue "$LAB_DIR/tap1.$1.pcap" icmp6 "router advertisement")" -ge 2 ] &&
			{ [ "$1" != open ] || grep -q "2001:db8:bad:" "$LAB_DIR/vm2.addr.$1"; }; then
			break
		fi
		sleep 0.1
	done
	lab_reap "$sid"
	wait "$sid" 2>/dev/null || true
	ROGUE_RAS=$(from_rogue "$LAB_DIR/tap1.$1.pcap" icmp6 "router advertisement")
	ROGUE_OFFERS=$(from_rogue "$LAB_DIR/tap1.$1.pcap" "udp src port 67" "DHCP-Message.*Offer")
}
lab_spawn vm1 120 "$LAB_DIR/udhcpd.log" busybox udhcpd -f "$LAB_DIR/udhcpd.conf"
udhcpd_sid=$LAB_SID
lab_spawn vm1 120 "$LAB_DIR/radvd.log" radvd -n -C "$LAB_DIR/radvd.conf" -p "$LAB_DIR/radvd.pid" \
	-m stderr
radvd_sid=$LAB_SID
rules remove || fail "remove"
lab_rules 42 43 44 45
rogue_round open
[[ $(lab_client_var vm2 udhcpc ip) == 203.0.113.* ]] ||
	fail "without guards and with the daemon down vm2 should lease from the rogue: $(cat "$LAB_DIR/vm2.udhcpc.open")"
grep -q "2001:db8:bad:" "$LAB_DIR/vm2.addr.open" ||
	fail "without guards vm2 should autoconfigure from the rogue radvd: $(cat "$LAB_DIR/vm2.addr.open")"
check "without guards (daemon down, queues bypassed) vm2 takes the rogue udhcpd's lease and radvd's prefix"
$IPT4 -w -t mangle -F PREROUTING
$IPT6 -w -t mangle -F PREROUTING
rules install || fail "install"
rogue_round guarded
[ "$ROGUE_OFFERS" -ge 1 ] && [ "$ROGUE_RAS" -ge 2 ] ||
	fail "the rogue sent $ROGUE_OFFERS OFFERs and $ROGUE_RAS RAs: not a test of the guards"
[ "$(lab_client_var vm2 udhcpc ip)" = "" ] || [[ $(lab_client_var vm2 udhcpc ip) != 203.0.113.* ]] ||
	fail "with guards vm2 leased from the rogue: $(cat "$LAB_DIR/vm2.udhcpc.guarded")"
grep -q "2001:db8:bad:" "$LAB_DIR/vm2.addr.guarded" &&
	fail "with guards vm2 still took the rogue prefix: $(cat "$LAB_DIR/vm2.addr.guarded")"
check "with nfdhcpd-rules and the daemon down: the rogue answered ($ROGUE_OFFERS OFFERs," \
	"$ROGUE_RAS RAs on tap1), vm2 got no rogue lease, no rogue prefix"
# (lab_start_daemon marks the queues lab_rules listed: 42-45)
lab_start_daemon "$CONF_EXTRA"
out=$(lab_udhcpc vm2) || fail "vm2 got no lease from the daemon: $out"
[ "$(lab_client_var vm2 udhcpc ip)" = 198.51.100.42 ] ||
	fail "vm2 lease $(lab_client_var vm2 udhcpc ip), not 198.51.100.42"
check "with nfdhcpd-rules the bridged guest's own DHCP reaches the daemon (lease 198.51.100.42)"
out=$(lab_rdisc6 vm2) || fail "rdisc6 in vm2: $out"
grep -Eq "^ from $ROUTER_LL$" <<<"$out" || fail "vm2's RA was not the daemon's: $out"
grep -q "2001:db8:bad::" <<<"$out" && fail "rdisc6 in vm2 saw the rogue prefix: $out"
check "with nfdhcpd-rules the bridged guest's RS reaches the daemon, and only its RA comes back"
out=$(lab_udhcpc vm4) || fail "vm4 got no lease from the daemon: $out"
[ "$(lab_client_var vm4 udhcpc ip)" = 198.51.100.44 ] || fail "vm4 lease $(lab_client_var vm4 udhcpc ip)"
out=$(lab_rdisc6 vm4) || fail "rdisc6 in vm4: $out"
grep -Eq "^ from $ROUTER_LL$" <<<"$out" || fail "vm4's RA was not the daemon's: $out"
check "with nfdhcpd-rules the routed guest's own DHCP and RS reach the daemon"
lab_reap "$udhcpd_sid"
lab_reap "$radvd_sid"

# ---- a DISCOVER flood, bridged (vm1 floods, vm2 asks) and routed (vm3 floods, vm4 asks) ----
flood_bin=$(_lab_tool LAB_FLOOD lab-flood.c) || fail "no lab-flood"
# flood_round FLOODER VICTIM FAMILY VICTIM_IP
flood_round() {
	local flooder=$1 victim=$2 family=$3 ip=$4 sid e0 e1 d0 d1 t0 t1 max
	lab_queue_mark 42
	e0=$(queue_enqueued 42)
	d0=$(limit_drops "$family" "dhcp4 queue 42")
	t0=$(date +%s%N)
	lab_spawn "$flooder" 30 "$LAB_DIR/$flooder.flood.log" "$flood_bin" -i eth0 -t "$FLOOD_SECS" \
		-m discover
	sid=$LAB_SID
	sleep 1
	out=$(lab_udhcpc "$victim") || fail "$victim got no lease during $flooder's flood: $out"
	[ "$(lab_client_var "$victim" udhcpc ip)" = "$ip" ] || fail "$victim lease during the flood"
	wait "$sid" || fail "lab-flood in $flooder: $(cat "$LAB_DIR/$flooder.flood.log")"
	t1=$(date +%s%N)
	e1=$(queue_enqueued 42)
	d1=$(limit_drops "$family" "dhcp4 queue 42")
	echo "# $family: $(cat "$LAB_DIR/$flooder.flood.log"); limit dropped $((d1 - d0));" \
		"queue 42 took $((e1 - e0)) in $(((t1 - t0) / 1000000)) ms"
	[ $((d1 - d0)) -gt 0 ] || fail "the $family limit dropped nothing"
	# the flooder's budget for the whole round, plus the victim's few DHCP packets
	max=$((BURST + RATE * ((t1 - t0) / 1000000000 + 1) + 10))
	[ $((e1 - e0)) -le "$max" ] || fail "queue 42 took $((e1 - e0)) packets, more than $max"
	lab_assert_queue_clean 42 5 || fail "queue 42 after the $family flood"
}
# the control: without the limit the same flood fills the queue, which then fails open
# (fail-open is the default) and lets the rest through un-queued
rules --rate 0 install || fail "install --rate 0"
lab_queue_mark 42
e0=$(queue_enqueued 42)
i0=$(lab_ipt_packets 42)
lab_flood vm3 "$FLOOD_SECS" -m discover >"$LAB_DIR/unlimited.log" || fail "lab-flood: $(cat "$LAB_DIR/unlimited.log")"
sleep 1
e1=$(queue_enqueued 42)
i1=$(lab_ipt_packets 42)
echo "# no limit: $(cat "$LAB_DIR/unlimited.log"); queue 42 took $((e1 - e0)), iptables" \
	"queued $((i1 - i0)) ($((i1 - i0 - e1 + e0)) failed open)"
max=$((BURST + RATE * (FLOOD_SECS + 2) + 10))
[ $((e1 - e0)) -gt "$max" ] || fail "without the limit the flood put only $((e1 - e0)) packets into queue 42"
check "without the per-tap limit the same flood puts $((e1 - e0)) packets into queue 42 (the limit allows $max)"
rules install || fail "install"
# a new install starts the rules' counters from 0: new baselines for lab_assert_queue_clean
for q in 42 43 44 45; do
	lab_queue_mark "$q"
done

flood_round vm1 vm2 bridge 198.51.100.42
check "bridged: the flood is cut by the per-tap limit, the queue stays clean, vm2 still leases"
flood_round vm3 vm4 inet 198.51.100.44
check "routed: the flood is cut by the per-tap limit, the queue stays clean, vm4 still leases"

for q in 42 43 44 45; do
	lab_assert_queue_clean "$q" || fail "queue $q"
done
check "every queued packet got exactly one verdict"
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"
check "SIGTERM: exit status 0"
rules remove || fail "remove"
