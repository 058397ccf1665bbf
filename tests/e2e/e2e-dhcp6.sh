#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the dhcp6 plugin (issue 6) with real clients in the namespace lab:
# - dhclient -6 -S: the DNS servers and search list reach its script (RFC 8415 §18.2.6);
# - dhclient -6: the EUI64 key's address, and the IP6 key's (which wins over EUI64, through a
#   real TAP), in its lease and on eth0; Confirm after a restart with its lease; Release;
# - dhclient -6 -P: the PREFIX6 key's prefix (Solicit path, then Rebind from INIT-REBOOT);
# - dhcpcd -6 started by the ra plugin's Managed RA on a bridge port, with and without Rapid
#   Commit: it installs the address itself;
# - a binding without IPv6: no reply, and the Solicit reaches the host stack (ACCEPT); a binding
#   with SUBNET6 only: Advertise with NoAddrsAvail; a guest with a foreign MAC: nothing;
# - the server DUID is identical across a daemon restart (DUID-UUID by default, DUID-LL with
#   duid-mac), and the restarted daemon answers a Renew at T1; a renumbered binding moves the
#   client at its next Renew, and an address withdrawn from the binding is dropped at once;
# - queues 43, 44, 45 clean (every packet got a verdict), and exit status 0 on SIGTERM.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require dhclient dhcpcd python3
lab_init "$@"

check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}
# normalise an IPv6 address (dhclient and ip never compress a single zero group, lab.md App. D)
norm6() { python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' "$1"; }
# dhclient's new_dhcp6_server_id is colon hex without leading zeros (0:4:23:...): plain hex
hexid() {
	local b x out=
	IFS=: read -ra b <<<"$1"
	for x in "${b[@]}"; do
		out+=$(printf '%02x' "0x$x")
	done
	echo "$out"
}

DNS1=2001:db8:53::53
DNS2=2001:db8:53::35
SUBNET6=2001:db8:6::/64
VM1_ADDR=2001:db8:6:0:5054:ff:fe00:601 # EUI64 key
VM1_NEW=2001:db8:6::1:1                # IP6 key written while vm1 runs
VM2_ADDR=2001:db8:6::1:2               # IP6 key (wins over EUI64)
VM2_PREFIX=2001:db8:ff02::/56          # PREFIX6 key
VM4_ADDR=2001:db8:6:0:5054:ff:fe00:604

conf() {
	cat <<EOF
[ra]
queue = 43
mode = slaac

[ndp]
queue = 44

[dhcp6]
queue = 45
nameservers = $DNS1, $DNS2
domains = example.org, lab.example.net
preferred-lifetime = 40
valid-lifetime = 80
t1 = 5
t2 = 20
$*
EOF
}

# vm1 ignores RAs: its EUI64 address is also what SLAAC would form from the ra plugin's PIO, so
# only without SLAAC does the address on eth0 prove that it came from DHCPv6
lab_add_guest vm1 tap1 52:54:00:00:06:01 veth nodad,noautoconf
lab_add_guest vm2 tap2 52:54:00:00:06:02 tap nodad
lab_add_guest vm3 tap3 52:54:00:00:06:03 veth nodad
lab_add_guest vm4 tap4 52:54:00:00:06:04 bridge nodad
lab_rules - 43 44 45

lab_write_binding tap1 MAC=52:54:00:00:06:01 HOSTNAME=vm1 SUBNET6=$SUBNET6 EUI64=$VM1_ADDR
lab_write_binding tap2 MAC=52:54:00:00:06:02 HOSTNAME=vm2 SUBNET6=$SUBNET6 \
	EUI64=2001:db8:6:0:5054:ff:fe00:602 IP6=$VM2_ADDR PREFIX6=$VM2_PREFIX
lab_write_binding tap3 MAC=52:54:00:00:06:03 HOSTNAME=vm3 IP=198.51.100.13 \
	SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1
lab_write_binding tap4 MAC=52:54:00:00:06:04 HOSTNAME=vm4 SUBNET6=$SUBNET6 EUI64=$VM4_ADDR \
	RA_MODE=dhcpv6

LAB_PLUGINS=ra,ndp,dhcp6 LAB_DAEMON_ARGS=-d lab_start_daemon "$(conf)"
for g in vm1 vm2 vm3 vm4; do
	lab_guest_wait_dad "$g"
done

# ---- stateless: dhclient -6 -S ----
lab_dhclient vm1 -6S 10 >/dev/null || fail "dhclient -6 -S on vm1 got a Reply"
dns=$(lab_client_var vm1 dhclient new_dhcp6_name_servers)
[ "$dns" = "$DNS1 $DNS2" ] || fail "stateless: name servers '$dns'"
check "dhclient -6 -S hands its script the configured DNS servers ($dns)"
search=$(lab_client_var vm1 dhclient new_dhcp6_domain_search)
[ "$search" = "example.org. lab.example.net." ] || fail "stateless: search list '$search'"
check "dhclient -6 -S hands its script the configured search list ($search)"
sid1=$(hexid "$(lab_client_var vm1 dhclient new_dhcp6_server_id)")
[ -n "$sid1" ] || fail "no server id"
lab_wait_log "DHCPv6: INFORMATION-REQUEST -> REPLY .*TAP=tap1" 2
check "the daemon logged the Information-request it answered"

# ---- stateful: dhclient -6, the address into the lease and onto eth0 ----
# The lab's script only records what dhclient hands it. This one also installs the address as
# Debian's dhclient-script does (which would also rewrite the host's /etc/resolv.conf) and then
# records the event in $LAB_DIR/NAME.CLIENT.env in the lab's format (for lab_client_var).
addr_script() {
	local name=$1 client=$2 script=$LAB_DIR/$1.$2.addr.sh
	cat >"$script" <<EOF
#!/bin/sh
case "\$reason" in
BOUND6|RENEW6|REBIND6|REBOOT6)
	[ -z "\${new_ip6_address:-}" ] ||
		ip -6 addr replace "\$new_ip6_address/\$new_ip6_prefixlen" dev "\$interface" \\
			valid_lft "\$new_max_life" preferred_lft "\$new_preferred_life"
	;;
EXPIRE6|RELEASE6|STOP6)
	[ -z "\${old_ip6_address:-}" ] ||
		ip -6 addr del "\$old_ip6_address/\$old_ip6_prefixlen" dev "\$interface"
	;;
esac
{ echo "=== LAB-EVENT \$1 \${reason:-}"; env | LC_ALL=C sort; } >>'$LAB_DIR/$name.$client.env'
EOF
	chmod 0755 "$script"
	echo "$script"
}
eth0_has() {
	ip -n "$1" -6 -o addr show dev eth0 scope global | awk '{print $4}' | grep -qx "$2"
}

lab_dhclient vm1 -6 10 -sf "$(addr_script vm1 dhclient)" >/dev/null ||
	fail "dhclient -6 on vm1 did not bind"
got=$(lab_client_var vm1 dhclient new_ip6_address)
[ "$(norm6 "$got")" = "$(norm6 $VM1_ADDR)" ] || fail "vm1 got '$got', not the EUI64 key"
grep -q "iaaddr $VM1_ADDR " "$LAB_DIR/vm1.dhclient.leases" ||
	fail "vm1's lease file has no iaaddr $VM1_ADDR"
check "dhclient -6: the EUI64 key's address is in the lease ($got)"
eth0_has vm1 "$VM1_ADDR/128" || fail "vm1 eth0 lacks $VM1_ADDR"
check "dhclient -6: the EUI64 address is on vm1's eth0"
sid=$(hexid "$(lab_client_var vm1 dhclient new_dhcp6_server_id)")
[ "$sid" = "$sid1" ] || fail "server id $sid of the Reply is not $sid1 of the stateless Reply"
check "the same server DUID in stateless and stateful replies"
# restarted with its lease file (a rebooted VM): INIT-REBOOT sends a Confirm (RFC 8415 §18.2.3)
lab_dhclient vm1 -6 10 -sf "$(addr_script vm1 dhclient)" >/dev/null ||
	fail "dhclient -6 restarted on vm1 did not bind"
cp "$LAB_DIR/vm1.dhclient.log" "$LAB_DIR/vm1.confirm.log"
lab_wait_log "DHCPv6: CONFIRM -> REPLY .*TAP=tap1" 2
got=$(lab_client_var vm1 dhclient new_ip6_address)
[ "$(norm6 "$got")" = "$(norm6 $VM1_ADDR)" ] || fail "vm1 got '$got' after Confirm"
check "dhclient -6 restarted with its lease: Confirm answered, same address"
# dhclient -6 -r: Release, answered with Success (RFC 8415 §18.3.7); unanswered, dhclient would
# retransmit it for REL_MAX_RC = 4 times from REL_TIMEOUT = 1 s on (§7.6) and outlive the 3 s
lab_guest vm1 3 dhclient -6 -r -v -sf "$(addr_script vm1 release)" \
	-lf "$LAB_DIR/vm1.dhclient.leases" -pf "$LAB_DIR/vm1.release.pid" eth0 \
	>"$LAB_DIR/vm1.release.log" 2>&1 || fail "dhclient -6 -r failed"
lab_wait_log "DHCPv6: RELEASE -> REPLY .*TAP=tap1" 2
check "dhclient -6 -r: Release answered"

lab_dhclient vm2 -6 10 -sf "$(addr_script vm2 dhclient)" >/dev/null ||
	fail "dhclient -6 on vm2 did not bind"
got=$(lab_client_var vm2 dhclient new_ip6_address)
[ "$(norm6 "$got")" = "$(norm6 $VM2_ADDR)" ] || fail "vm2 got '$got', not the IP6 key"
grep -q "iaaddr $(norm6 $VM2_ADDR) " "$LAB_DIR/vm2.dhclient.leases" ||
	fail "vm2's lease file has no iaaddr $VM2_ADDR"
check "dhclient -6 through a real TAP: the IP6 key's address (not EUI64) is in the lease"
eth0_has vm2 "$(norm6 $VM2_ADDR)/128" || fail "vm2 eth0 lacks $VM2_ADDR"
check "dhclient -6: the IP6 address is on vm2's eth0"

# ---- prefix delegation: dhclient -6 -P ----
# a fresh lease file: Solicit, Advertise, Request, Reply with the IA_PD
pdlease=$LAB_DIR/vm2.pd.leases
lab_dhclient vm2 -6P 10 -lf "$pdlease" >/dev/null || fail "dhclient -6 -P on vm2 did not bind"
got=$(lab_client_var vm2 dhclient new_ip6_prefix)
[ "$got" = "$VM2_PREFIX" ] || fail "vm2 delegated prefix '$got'"
grep -q "iaprefix $VM2_PREFIX " "$pdlease" || fail "vm2's lease file has no iaprefix $VM2_PREFIX"
lab_wait_log "REQUEST -> REPLY prefix .*TAP=tap2" 2
check "dhclient -6 -P: the PREFIX6 key's prefix is in the lease ($got)"
# the same client again: INIT-REBOOT sends a Rebind for the prefix it holds (RFC 8415 §18.2.5)
lab_dhclient vm2 -6P 10 -lf "$pdlease" >/dev/null || fail "dhclient -6 -P rebooted on vm2"
[ "$(lab_client_var vm2 dhclient new_ip6_prefix)" = "$VM2_PREFIX" ] ||
	fail "vm2 lost its prefix on Rebind"
lab_wait_log "REBIND -> REPLY prefix .*TAP=tap2" 2
check "dhclient -6 -P restarted: its Rebind gets the same prefix"

# ---- a binding without IPv6: no reply, the packet passes on ----
# a listener on the host side of tap3 plays the host stack behind the queue: it sees the
# Solicit only if the daemon gave it ACCEPT
lab_spawn - 20 "$LAB_DIR/listen3.log" python3 -u -c '
import socket, struct, sys
ifname = sys.argv[1]
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
s.bind(("::", 547))
mreq = socket.inet_pton(socket.AF_INET6, "ff02::1:2") + struct.pack("@I", socket.if_nametoindex(ifname))
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
print("listening", flush=True)
while True:
    d, a = s.recvfrom(4096)
    print("got type %d from %s" % (d[0], a[0]), flush=True)
' tap3
listen_sid=$LAB_SID
lab_wait_log "^listening" 5 "$LAB_DIR/listen3.log"
ipt0=$(lab_ipt_packets 45)
# (stderr: bash reports the client killed by its timeout, which is expected here)
if lab_dhclient vm3 -6 5 >/dev/null 2>&1; then
	fail "vm3 (no IPv6 in its binding) bound an address"
fi
[ -z "$(lab_client_var vm3 dhclient new_dhcp6_server_id)" ] || fail "vm3 heard a server"
check "a guest whose binding has no IPv6 gets no DHCPv6 reply"
ipt1=$(lab_ipt_packets 45)
[ $((ipt1 - ipt0)) -ge 2 ] || fail "only $((ipt1 - ipt0)) Solicits from vm3 were queued"
grep -q "^got type 1 from fe80::" "$LAB_DIR/listen3.log" ||
	fail "the host stack did not receive vm3's Solicit: $(cat "$LAB_DIR/listen3.log")"
lab_reap "$listen_sid"
! grep -q "DHCPv6.*TAP=tap3" "$LAB_DAEMON_LOG" || fail "the daemon logged a DHCPv6 answer to tap3"
check "its $((ipt1 - ipt0)) queued Solicits passed on to the host stack (ACCEPT)"

# ---- a binding with SUBNET6 but no address: NoAddrsAvail in the IA (RFC 8415 §18.3.1) ----
lab_write_binding tap3 MAC=52:54:00:00:06:03 HOSTNAME=vm3 SUBNET6=$SUBNET6
lab_wait_log "changed binding: .*tap tap3" 3
if lab_dhclient vm3 -6 4 >/dev/null 2>&1; then
	fail "vm3 (SUBNET6 only) bound an address"
fi
lab_wait_log "DHCPv6: SOLICIT -> ADVERTISE PLUGIN=dhcp6 TAP=tap3" 1
grep -q "Status code of no addrs, IA_NA discarded" "$LAB_DIR/vm3.dhclient.log" ||
	fail "dhclient did not see NoAddrsAvail"
check "a binding without an address: Advertise with NoAddrsAvail, which dhclient ignores (§18.2.9)"

# ---- dhcpcd -6, started by the Managed flag of the ra plugin's RA (RA_MODE=dhcpv6) ----
lab_dhcpcd vm4 15 -6 -p >/dev/null || fail "dhcpcd -6 on vm4 failed"
lab_wait_log "REPLY address .*TAP=tap4" 2
eth0_has vm4 "$VM4_ADDR/128" || eth0_has vm4 "$VM4_ADDR/64" ||
	fail "vm4 eth0 lacks $VM4_ADDR: $(ip -n vm4 -6 -o addr show dev eth0)"
check "dhcpcd -6 installed the binding's address on vm4's eth0"

# again with Rapid Commit: Solicit -> Reply (RFC 8415 §18.3.1); a fresh lease, or dhcpcd
# would confirm the one it holds
rm -f /var/lib/dhcpcd/eth0.lease6
ip -n vm4 -6 addr flush dev eth0 scope global
lab_dhcpcd vm4 15 -6 -p -o rapid_commit >/dev/null || fail "dhcpcd -6 -o rapid_commit failed"
lab_wait_log "SOLICIT -> REPLY address .*TAP=tap4" 2
eth0_has vm4 "$VM4_ADDR/128" || fail "vm4 eth0 lacks $VM4_ADDR after Rapid Commit"
check "dhcpcd -6 with Rapid Commit: Solicit answered by a Reply, address installed"

# ---- the server DUID survives a restart, and the restarted daemon answers a Renew ----
# dhclient -6 binds (T1 = 5 s), the daemon restarts, and at T1 the client renews with the
# server id it recorded: a new DUID would make the Renew "for another server" (RFC 8415 §16.6)
# and the client would only get a Reply by Rebind at T2
lab_guest vm1 5 ip -6 addr flush dev eth0 scope global
: >"$LAB_DIR/vm1.renew.env"
lab_spawn vm1 40 "$LAB_DIR/vm1.renew.log" dhclient -6 -d -v -sf "$(addr_script vm1 renew)" \
	-lf "$LAB_DIR/vm1.renew.leases" -pf "$LAB_DIR/vm1.renew.pid" eth0
renew_sid=$LAB_SID
lab_wait_log "^reason=BOUND6$" 10 "$LAB_DIR/vm1.renew.env"
bound_sid=$(hexid "$(lab_client_var vm1 renew new_dhcp6_server_id)")
for q in 43 44 45; do
	lab_assert_queue_clean $q
done
check "queues 43, 44, 45: every packet got a verdict (first daemon)"
lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
check "the daemon stops with status 0"
LAB_PLUGINS=ra,ndp,dhcp6 LAB_DAEMON_ARGS=-d lab_start_daemon "$(conf)"
lab_wait_log "^reason=RENEW6$" 15 "$LAB_DIR/vm1.renew.env"
! grep -q "^reason=REBIND6$" "$LAB_DIR/vm1.renew.env" || fail "dhclient had to Rebind"
lab_wait_log "DHCPv6: RENEW -> REPLY address .*TAP=tap1" 2
renew_sid_now=$(hexid "$(lab_client_var vm1 renew new_dhcp6_server_id)")
[ "$renew_sid_now" = "$bound_sid" ] || fail "server id $bound_sid before, $renew_sid_now after"
[ "$(norm6 "$(lab_client_var vm1 renew new_ip6_address)")" = "$(norm6 $VM1_ADDR)" ] ||
	fail "the Renew changed the address"
check "a Renew at T1 is answered by the restarted daemon with the same DUID and address"

# the binding is the lease: renumbered while the client runs, the next Renew moves it to the new
# address and returns the old one with lifetimes 0 (RFC 8415 §18.3.4)
lab_write_binding tap1 MAC=52:54:00:00:06:01 HOSTNAME=vm1 SUBNET6=$SUBNET6 EUI64=$VM1_ADDR \
	IP6=$VM1_NEW
lab_wait_log "changed binding: .*tap tap1" 3
# dhclient runs its script once per address: RENEW6 for the new one, then EXPIRE6 for the old
lab_wait_log "^reason=EXPIRE6$" 15 "$LAB_DIR/vm1.renew.env"
grep -qx "new_ip6_address=$VM1_NEW" "$LAB_DIR/vm1.renew.env" ||
	fail "after renumbering, no Renew gave $VM1_NEW"
[ "$(lab_client_var vm1 renew old_ip6_address)" = "$VM1_ADDR" ] ||
	fail "dhclient expired $(lab_client_var vm1 renew old_ip6_address), not $VM1_ADDR"
eth0_has vm1 "$(norm6 $VM1_NEW)/128" || fail "vm1 eth0 lacks $VM1_NEW"
! eth0_has vm1 "$VM1_ADDR/128" || fail "vm1 eth0 still has $VM1_ADDR"
check "renumbered binding: the next Renew moves the client to the new IP6 address"

# the address withdrawn from the binding: the next Renew returns it with lifetimes 0 and the
# client drops it at once (RFC 8415 §18.3.4, §18.2.10.1), instead of keeping it to valid-lifetime
lab_write_binding tap1 MAC=52:54:00:00:06:01 HOSTNAME=vm1 SUBNET6=$SUBNET6
lab_wait_log "changed binding: .*tap tap1" 3
n=$(grep -c "^reason=EXPIRE6$" "$LAB_DIR/vm1.renew.env")
for _ in $(seq 150); do
	[ "$(grep -c "^reason=EXPIRE6$" "$LAB_DIR/vm1.renew.env")" -gt "$n" ] && break
	sleep 0.1
done
lab_reap "$renew_sid"
[ "$(grep -c "^reason=EXPIRE6$" "$LAB_DIR/vm1.renew.env")" -gt "$n" ] ||
	fail "dhclient kept $VM1_NEW after it left the binding"
[ "$(lab_client_var vm1 renew old_ip6_address)" = "$VM1_NEW" ] ||
	fail "dhclient expired $(lab_client_var vm1 renew old_ip6_address), not $VM1_NEW"
! eth0_has vm1 "$(norm6 $VM1_NEW)/128" || fail "vm1 eth0 still has $VM1_NEW"
check "address withdrawn from the binding: the next Renew makes the client drop it"

lab_dhclient vm1 -6S 10 >/dev/null || fail "dhclient -6 -S after the restart"
sid2=$(hexid "$(lab_client_var vm1 dhclient new_dhcp6_server_id)")
[ "$sid2" = "$sid1" ] || fail "server id $sid1 before the restart, $sid2 after"
check "the server DUID dhclient records is identical across a restart ($sid1)"
# duid-type auto without duid-mac: DUID-UUID (RFC 6355), type 4 and 16 octets
[[ $sid1 =~ ^0004[0-9a-f]{32}$ ]] || fail "server DUID $sid1 is not a DUID-UUID"
[[ $sid1 != *"$(tr -d '\n' </etc/machine-id)"* ]] || fail "the DUID discloses the machine id"
check "the default server DUID is a DUID-UUID that does not disclose the machine id"

# duid-mac: a DUID-LL (RFC 8415 §11.4) that every host of a cluster can share
lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
# -d: the MAC check below is seen in the debug log
LAB_PLUGINS=ra,ndp,dhcp6 LAB_DAEMON_ARGS=-d lab_start_daemon "$(conf "duid-mac = 02:00:00:00:06:ff")"
lab_dhclient vm1 -6S 10 >/dev/null || fail "dhclient -6 -S with duid-mac"
sid3=$(hexid "$(lab_client_var vm1 dhclient new_dhcp6_server_id)")
[ "$sid3" = 000300010200000006ff ] ||
	fail "server DUID $sid3 is not the DUID-LL of 02:00:00:00:06:ff"
check "duid-mac gives the DUID-LL 00:03:00:01:02:00:00:00:06:ff"

# ---- the MAC check: a guest that changed its MAC gets nothing (original.md §9.2) ----
lab_guest vm2 5 ip link set eth0 address 52:54:00:00:06:99
lab_guest_wait_dad vm2
if lab_dhclient vm2 -6S 4 >/dev/null 2>&1; then
	fail "vm2 with a foreign MAC got a Reply"
fi
lab_wait_log "dropped: client MAC does not match the binding PLUGIN=dhcp6 TAP=tap2" 1
check "a guest whose MAC is not the binding's gets no reply"

for q in 43 44 45; do
	lab_assert_queue_clean $q
done
check "queues 43, 44, 45: every packet got a verdict, nothing dropped or bypassed"
lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
check "SIGTERM exits 0"
echo "e2e-dhcp6: all checks passed"
