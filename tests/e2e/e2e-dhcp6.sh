#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the dhcp6 plugin (issue 6) with real clients in the namespace lab:
# - dhclient -6 -S: the DNS servers and search list reach its script (RFC 8415 §18.2.6);
# - dhclient -6: the EUI64 key's address, and the IP6 key's (which wins over EUI64, through a
#   real TAP), in its lease and on eth0; Confirm after a restart with its lease; Release;
# - dhclient -6 -P: the PREFIX6 key's prefix (Solicit path, then Rebind from INIT-REBOOT);
# - dhcpcd -6 started by the ra plugin's Managed RA (RA_MODE=dhcpv6) on a bridge port, with and
#   without Rapid Commit: it installs the address itself;
# - a binding without IPv6: no reply, and the Solicit reaches the host stack (ACCEPT); a binding
#   with PREFIX6 only: Advertise with NoAddrsAvail; a guest with a foreign MAC: nothing;
# issue 10 (what real guests need):
# - item 5: a binding with SUBNET6 only gives SUBNET6 + EUI-64 of the MAC, to dhclient and to
#   dhcpcd in RA_MODE=dhcpv6;
# - item 9: with the default preference 0 the Advertise has no Preference option and dhclient
#   collects Advertises for its first retransmission time (RFC 8415 §18.2.1); a configured
#   preference is sent; the address dhcpcd names in its Rapid Commit Solicit comes back with
#   lifetimes 0 beside the binding's (§18.3.1, §18.3.2); dhcpcd's Rebind with an IA_PD and no
#   PREFIX6 gets NoPrefixAvail and no Request follows (§18.3.5); a Request sent to the server's
#   unicast address gets UseMulticast and a unicast Solicit nothing (§16, §18.4);
# - item 13: dhcpcd asking for option 103 gets [dhcp6] captive-portal, or the binding's
#   CAPTIVE_PORTAL (RFC 8910);
# - the server DUID is identical across a daemon restart (DUID-UUID by default, DUID-LL with
#   duid-mac), and the restarted daemon answers a Renew at T1; a renumbered binding moves the
#   client at its next Renew, and an address withdrawn from the binding is dropped at once;
# - queues 43, 44, 45 clean (every packet got a verdict), and exit status 0 on SIGTERM.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require dhclient dhcpcd python3 tcpdump
/usr/bin/python3 -c 'import scapy' 2>/dev/null || lab_skip "no python3-scapy"
lab_init "$@"
E2E_DIR=$(dirname "$(readlink -f "$0")")

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
VM4_ADDR=2001:db8:6:0:5054:ff:fe00:604 # SUBNET6 + EUI-64 of its MAC (no EUI64 key)
VM3_ADDR=2001:db8:6:0:5054:ff:fe00:603 # the same for vm3
HINT=2001:db8:99::5                    # an off-link address dhcpcd asks for
PORTAL=https://portal.example.org/capport
VM4_PORTAL=https://portal.example.net/vm4

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
captive-portal = $PORTAL
$(printf '%s\n' "$@")
EOF
}

# tcpdump of the DHCPv6 messages on a host-side tap, in the background: capture_start TAP NAME,
# then capture_stop; capture_lines then prints them as tests/e2e/dhcp6_pcap.py does
capture_start() {
	CAPTURE_FILE=$LAB_DIR/$2.pcap
	lab_spawn - 60 "$LAB_DIR/$2.tcpdump.log" tcpdump -i "$1" -n -U --immediate-mode \
		-w "$CAPTURE_FILE" udp port 546 or udp port 547
	CAPTURE_SID=$LAB_SID
	lab_wait_log "listening on" 5 "$LAB_DIR/$2.tcpdump.log"
}
capture_stop() {
	# --immediate-mode -U: each packet is written as it comes; the last reply left just before the
	# client exited
	sleep 0.5
	lab_reap "$CAPTURE_SID"
}
capture_lines() {
	/usr/bin/python3 "$E2E_DIR/dhcp6_pcap.py" "$CAPTURE_FILE"
}
# lab_write_binding, then wait until the daemon has read it (one more "changed binding" line)
rewrite_binding() {
	local tap=$1 n i
	n=$(grep -c "changed binding: .*tap $tap," "$LAB_DAEMON_LOG" || true)
	lab_write_binding "$@"
	for i in $(seq 100); do
		[ "$(grep -c "changed binding: .*tap $tap," "$LAB_DAEMON_LOG" || true)" -gt "$n" ] &&
			return 0
		sleep 0.1
	done
	fail "the daemon did not read the new binding of $tap (try $i)"
}
# a dhcpcd configuration that asks for the captive-portal URI, which dhcpcd 9.4.1 does not know
# by name (RFC 8910 §2.2, option 103), plus the lines given
dhcpcd_conf() {
	local conf=$LAB_DIR/$1.dhcpcd.conf
	shift
	printf '%s\n' "define6 103 string captive_portal_uri" "option dhcp6_captive_portal_uri" \
		"$@" >"$conf"
	echo "$conf"
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
lab_write_binding tap4 MAC=52:54:00:00:06:04 HOSTNAME=vm4 SUBNET6=$SUBNET6 RA_MODE=dhcpv6

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

capture_start tap1 vm1-stateful
lab_dhclient vm1 -6 10 -sf "$(addr_script vm1 dhclient)" >/dev/null ||
	fail "dhclient -6 on vm1 did not bind"
capture_stop
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
# RFC 8415 §18.3.9: the preference defaults to 0, which §21.8 lets the server leave out; then
# dhclient waits for its first retransmission time (IRT 1 s plus 0 to 10 %, §15, §18.2.1)
# collecting Advertises before it sends the Request (with 255 it would send it at once)
adv=$(capture_lines | grep " ADVERTISE ") || fail "no Advertise captured: $(capture_lines)"
[[ $adv != *PREF=* && ,${adv##*OPTS=}, != *,7,* ]] ||
	fail "the Advertise carries a Preference option: $adv"
check "default preference 0: the Advertise has no Preference option"
sol_t=$(capture_lines | awk '$2 == "SOLICIT" {print $1; exit}')
req_t=$(capture_lines | awk '$2 == "REQUEST" {print $1; exit}')
{ [ -n "$sol_t" ] && [ -n "$req_t" ]; } || fail "no Solicit or Request captured: $(capture_lines)"
wait_s=$(awk -v s="$sol_t" -v r="$req_t" 'BEGIN {printf "%.3f", r - s}')
awk -v w="$wait_s" 'BEGIN {exit !(w >= 0.9)}' ||
	fail "dhclient sent its Request $wait_s s after its first Solicit: it did not collect Advertises"
check "dhclient collected Advertises for its first RT before Requesting ($wait_s s)"

# RFC 8415 §16, §18.4: this server never sends a Server Unicast option, so a Request sent to its
# unicast address gets UseMulticast and only the identifiers, a unicast Solicit nothing. No
# client here does that unasked: dhcp6_unicast.py plays the guest, after a control Request to
# ff02::1:2
unicast=$(lab_guest vm1 30 /usr/bin/python3 "$E2E_DIR/dhcp6_unicast.py" eth0 \
	"$(cat /sys/class/net/tap1/address)" "$sid1") || fail "dhcp6_unicast.py failed: $unicast"
grep -q "^MULTICAST-REQUEST .* REPLY .*IA_NA=1,$VM1_ADDR," <<<"$unicast" ||
	fail "the control Request to ff02::1:2 got no address: $unicast"
grep -Eq "^UNICAST-REQUEST [0-9.]+ REPLY 6a0002 STATUS=5 OPTS=1,2,13$" <<<"$unicast" ||
	fail "a Request to the unicast address did not get UseMulticast alone: $unicast"
check "a Request sent to the server's unicast address gets UseMulticast (RFC 8415 §18.4)"
grep -q "^UNICAST-SOLICIT NONE$" <<<"$unicast" || fail "a unicast Solicit was answered: $unicast"
lab_wait_log "SOLICIT dropped: .*unicast address PLUGIN=dhcp6 TAP=tap1" 2
check "a Solicit sent to the unicast address is discarded (RFC 8415 §16)"
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

# ---- issue 10 item 5: SUBNET6 only, the address is SUBNET6 + EUI-64 of the MAC ----
lab_write_binding tap3 MAC=52:54:00:00:06:03 HOSTNAME=vm3 SUBNET6=$SUBNET6
lab_wait_log "changed binding: .*tap tap3" 3
lab_dhclient vm3 -6 10 >/dev/null || fail "dhclient -6 on vm3 (SUBNET6 only) did not bind"
got=$(lab_client_var vm3 dhclient new_ip6_address)
[ "$(norm6 "$got")" = "$(norm6 $VM3_ADDR)" ] || fail "vm3 got '$got', not SUBNET6 + EUI-64"
grep -q "iaaddr $VM3_ADDR " "$LAB_DIR/vm3.dhclient.leases" ||
	fail "vm3's lease file has no iaaddr $VM3_ADDR"
check "SUBNET6 only: dhclient -6 gets SUBNET6 + EUI-64 of the MAC ($got)"

# ---- a binding with a prefix but no address: NoAddrsAvail in the IA (RFC 8415 §18.3.1) ----
rewrite_binding tap3 MAC=52:54:00:00:06:03 HOSTNAME=vm3 PREFIX6=2001:db8:ff03::/56
rm -f "$LAB_DIR/vm3.dhclient.leases"
if lab_dhclient vm3 -6 4 >/dev/null 2>&1; then
	fail "vm3 (PREFIX6 only) bound an address"
fi
lab_wait_log "DHCPv6: SOLICIT -> ADVERTISE PLUGIN=dhcp6 TAP=tap3" 1
grep -q "Status code of no addrs, IA_NA discarded" "$LAB_DIR/vm3.dhclient.log" ||
	fail "dhclient did not see NoAddrsAvail"
check "a binding without an address: Advertise with NoAddrsAvail, which dhclient ignores (§18.2.9)"

# ---- dhcpcd -6, started by the Managed flag of the ra plugin's RA (RA_MODE=dhcpv6) ----
# vm4's binding has SUBNET6 and no EUI64 or IP6 (issue 10 item 5), and an RA in dhcpv6 mode has
# no autonomous flag: the /128 on eth0 can only come from DHCPv6
rm -f /var/lib/dhcpcd/eth0.lease6
lab_dhcpcd vm4 15 -6 -p -f "$(dhcpcd_conf vm4)" >/dev/null || fail "dhcpcd -6 on vm4 failed"
lab_wait_log "REPLY address .*TAP=tap4" 2
eth0_has vm4 "$VM4_ADDR/128" ||
	fail "vm4 eth0 lacks $VM4_ADDR/128: $(ip -n vm4 -6 -o addr show dev eth0)"
check "dhcpcd -6 in RA_MODE=dhcpv6 installed SUBNET6 + EUI-64 of the MAC on vm4's eth0"
got=$(lab_client_var vm4 dhcpcd new_dhcp6_captive_portal_uri)
[ "$got" = "$PORTAL" ] || fail "dhcpcd got captive portal '$got', not $PORTAL"
check "dhcpcd asking for option 103 gets [dhcp6] captive-portal (RFC 8910)"

# again with Rapid Commit: Solicit -> Reply (RFC 8415 §18.3.1); a fresh lease, or dhcpcd
# would confirm the one it holds. dhcpcd names an off-link address in its IA_NA ("ia_na 1/ADDR")
# and the Reply, committed as for a Request (§18.3.2), returns it with lifetimes 0 beside the
# binding's. The binding's CAPTIVE_PORTAL now overrides the config.
rewrite_binding tap4 MAC=52:54:00:00:06:04 HOSTNAME=vm4 SUBNET6=$SUBNET6 RA_MODE=dhcpv6 \
	CAPTIVE_PORTAL=$VM4_PORTAL
rm -f /var/lib/dhcpcd/eth0.lease6
ip -n vm4 -6 addr flush dev eth0 scope global
capture_start tap4 vm4-rapid
lab_dhcpcd vm4 15 -6 -p -f "$(dhcpcd_conf vm4-rapid "option dhcp6_rapid_commit" \
	"interface eth0" "ia_na 1/$HINT")" >/dev/null || fail "dhcpcd -6 with Rapid Commit failed"
capture_stop
lab_wait_log "SOLICIT -> REPLY address .*TAP=tap4" 2
eth0_has vm4 "$VM4_ADDR/128" || fail "vm4 eth0 lacks $VM4_ADDR after Rapid Commit"
check "dhcpcd -6 with Rapid Commit: Solicit answered by a Reply, address installed"
capture_lines | grep " SOLICIT " | grep -Eq "IA_NA=1,$HINT,0,0 .*OPTS=([0-9]+,)*14(,|$)" ||
	fail "dhcpcd's Rapid Commit Solicit does not name $HINT: $(capture_lines)"
reply=$(capture_lines | grep " REPLY ") || fail "no Reply captured: $(capture_lines)"
[[ $reply == *" IA_NA=1,$(norm6 $VM4_ADDR),40,80 IA_NA=1,$HINT,0,0 "* ]] ||
	fail "the Reply does not return $HINT with lifetimes 0 beside the binding's: $reply"
check "the off-link address dhcpcd asked for comes back with lifetimes 0 beside the binding's"
! eth0_has vm4 "$HINT/128" || fail "vm4 eth0 has $HINT"
check "dhcpcd installs the binding's address only"
got=$(lab_client_var vm4 dhcpcd new_dhcp6_captive_portal_uri)
[ "$got" = "$VM4_PORTAL" ] || fail "dhcpcd got captive portal '$got', not the binding's"
check "the binding's CAPTIVE_PORTAL overrides [dhcp6] captive-portal"

# ---- a Rebind with nothing bound to one of its IAs (RFC 8415 §18.3.5) ----
# dhcpcd with an IA_NA and an IA_PD, and no PREFIX6 in the binding; restarted with its lease it
# rebinds both (RFC 8415 §18.2.5, "rebinding prior DHCPv6 lease"). This server creates bindings
# from Rebind messages, so an IA it has nothing for gets NoPrefixAvail and dhcpcd keeps its
# address; NoBinding would send it to Request (§18.2.10.1)
rm -f /var/lib/dhcpcd/eth0.lease6
lab_dhcpcd vm4 15 -6 -p --ia_na=1 --ia_pd=2 >/dev/null || fail "dhcpcd --ia_na --ia_pd failed"
capture_start tap4 vm4-rebind
lab_dhcpcd vm4 15 -6 -p --ia_na=1 --ia_pd=2 >/dev/null ||
	fail "dhcpcd --ia_na --ia_pd restarted failed"
capture_stop
grep -q "rebinding prior DHCPv6 lease" "$LAB_DIR/vm4.dhcpcd.log" || fail "dhcpcd did not Rebind"
xid=$(capture_lines | awk '$2 == "REBIND" {print $3; exit}')
[ -n "$xid" ] || fail "no Rebind captured: $(capture_lines)"
capture_lines | grep " REPLY $xid " |
	grep -q "IA_NA=1,$(norm6 $VM4_ADDR),40,80 IA_PD=2,STATUS=6 " ||
	fail "the Reply to the Rebind has no NoPrefixAvail IA_PD: $(capture_lines)"
check "Rebind with an IA_PD and no PREFIX6: the IA_PD says NoPrefixAvail (RFC 8415 §18.3.5)"
! grep -q "REQUEST6" "$LAB_DIR/vm4.dhcpcd.log" ||
	fail "dhcpcd sent a Request after its Rebind: $(grep -E "REPLY|REQ" "$LAB_DIR/vm4.dhcpcd.log")"
[ "$(lab_client_var vm4 dhcpcd reason)" = REBIND6 ] ||
	fail "dhcpcd's last event is $(lab_client_var vm4 dhcpcd reason), not REBIND6"
check "dhcpcd keeps its address from the Rebind and sends no Request"

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
# client drops it at once (RFC 8415 §18.3.4, §18.2.10.1), instead of keeping it to valid-lifetime.
# (SUBNET6 alone would now give SUBNET6 + EUI-64 of the MAC: a prefix keeps IPv6 in the binding)
lab_write_binding tap1 MAC=52:54:00:00:06:01 HOSTNAME=vm1 PREFIX6=2001:db8:ff01::/56
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
rewrite_binding tap1 MAC=52:54:00:00:06:01 HOSTNAME=vm1 SUBNET6=$SUBNET6 EUI64=$VM1_ADDR

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
LAB_PLUGINS=ra,ndp,dhcp6 LAB_DAEMON_ARGS=-d lab_start_daemon \
	"$(conf "duid-mac = 02:00:00:00:06:ff" "preference = 200")"
lab_dhclient vm1 -6S 10 >/dev/null || fail "dhclient -6 -S with duid-mac"
sid3=$(hexid "$(lab_client_var vm1 dhclient new_dhcp6_server_id)")
[ "$sid3" = 000300010200000006ff ] ||
	fail "server DUID $sid3 is not the DUID-LL of 02:00:00:00:06:ff"
check "duid-mac gives the DUID-LL 00:03:00:01:02:00:00:00:06:ff"
capture_start tap1 vm1-preference
lab_dhclient vm1 -6 10 -lf "$LAB_DIR/vm1.preference.leases" >/dev/null ||
	fail "dhclient -6 with preference = 200 did not bind"
capture_stop
capture_lines | grep " ADVERTISE " | grep -q " PREF=200 " ||
	fail "no Preference 200 in the Advertise: $(capture_lines)"
check "a configured preference is sent in the Advertise (RFC 8415 §21.8)"

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
