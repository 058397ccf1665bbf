#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ./run.sh demo: nfdhcpd serving a real guest in a private network namespace.
# The daemon runs with the shipped sample config (conf/nfdhcpd.conf) plus one drop-in that
# points it at this demo's binding directory and sets the site's addresses; the guest is a veth peer behind "tap1" with
# iptables NFQUEUE rules like a VM host's.  Real clients in the guest show what a VM receives:
# udhcpc (DHCPv4), rdisc6 (Router Advertisement), ndisc6 (Neighbor Advertisement for the
# gateway) and dhclient -6 -S (stateless DHCPv6); nfdhcpctl then shows the daemon's view of
# tap1.  Everything is torn down at the end.
set -eu
BUILD=${1:?usage: demo.sh BUILD_DIR}
BUILD=$(readlink -f "$BUILD")
export NFDHCPD=$BUILD/core/daemon/nfdhcpd LAB_PLUGIN_DIR=$BUILD LAB_BACKEND_DIR=$BUILD
export LAB_TAPRELAY=$BUILD/tests/lab/taprelay LAB_FLOOD=$BUILD/tests/lab/lab-flood
SRC=$(dirname "$(readlink -f "$0")")/../..
. "$SRC/tests/lab/lab.sh"
lab_require udhcpc rdisc6 ndisc6 dhclient
lab_init "$BUILD"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { sed 's/^/   | /'; }

say "a VM host in a private namespace, one guest 'vm1' behind tap1"
lab_add_guest vm1 tap1 52:54:00:12:34:56 veth on
lab_rules 42 43 44 45
iptables -t mangle -S PREROUTING | show

say "the VM manager writes the guest's binding file ($LAB_BINDINGS/tap1)"
lab_write_binding tap1 INDEV=tap1 MAC=52:54:00:12:34:56 HOSTNAME=vm1.demo.example \
	IP=198.51.100.10 SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 \
	SUBNET6=2001:db8:1::/64 GATEWAY6=2001:db8:1::1 EUI64=2001:db8:1:0:5054:ff:fe12:3456 \
	MTU=1450 'TAGS=""' PRIVATE=
show <"$LAB_BINDINGS/tap1"

say "nfdhcpd with the shipped conf/nfdhcpd.conf and a drop-in for the demo's site"
mkdir -p "$LAB_CONF.d"
cat >"$LAB_CONF.d/90-demo.conf" <<CONF
[binding-backend:directory]
path = $LAB_BINDINGS
[dhcp4]
server-ip = 198.51.100.1
nameservers = 198.51.100.53
[ra]
mode = slaac+dhcpv6
rdnss = 2001:db8:53::1
[dhcp6]
nameservers = 2001:db8:53::1
CONF
show <"$LAB_CONF.d/90-demo.conf"
lab_start_daemon "$(grep -v '^pidfile' "$SRC/conf/nfdhcpd.conf")"
grep -E "listening|binding|DUID|Ready" "$LAB_DAEMON_LOG" | show

say "DHCPv4: udhcpc in the guest"
lab_udhcpc vm1 -O mtu -O staticroutes -O search >/dev/null 2>&1 || true
for v in ip mask router dns domain mtu staticroutes lease serverid; do
	printf '%-13s %s\n' "$v" "$(lab_client_var vm1 udhcpc "$v" 2>/dev/null || echo -)"
done | show

say "IPv6 Router Advertisement: rdisc6 in the guest"
lab_guest_wait_dad vm1 5 || true
lab_rdisc6 vm1 2>&1 | show || true

say "Neighbor Discovery: ndisc6 asks for the gateway 2001:db8:1::1"
lab_ndisc6 vm1 2001:db8:1::1 2>&1 | show || true

say "stateless DHCPv6: dhclient -6 -S in the guest"
lab_dhclient vm1 -6S 10 >/dev/null 2>&1 || true
for v in dhcp6_name_servers dhcp6_domain_search; do
	printf '%-20s %s\n' "$v" "$(lab_client_var vm1 dhclient "new_$v" 2>/dev/null || echo -)"
done | show

say "the guest's addresses and routes now"
ip -n vm1 -br addr show dev eth0 | show
ip -n vm1 route | show
ip -n vm1 -6 route | grep -v '^fe80::/64\|^multicast' | show || true

CTL=("$BUILD/tools/nfdhcpctl" -s "$LAB_DIR/run/control.sock")
say "nfdhcpctl stats tap1: what arrived on tap1 and what was answered"
"${CTL[@]}" stats tap1 2>&1 | show || true

say "nfdhcpctl events tap1: the daemon's last decisions for tap1"
"${CTL[@]}" events tap1 2>&1 | tail -12 | show || true

say "nfdhcpctl explain tap1 dhcp4: the reply a DISCOVER would get, not sent"
"${CTL[@]}" explain tap1 dhcp4 2>&1 | show || true

say "SIGUSR1: the daemon's binding table and counters"
lab_daemon_signal USR1
sleep 0.5
sed -n '/binding table and counters/,$p' "$LAB_DAEMON_LOG" | head -30 | show

say "SIGTERM: clean stop (RA plugin says goodbye with router lifetime 0)"
lab_stop_daemon && echo "daemon exited 0" | show
say "done: everything was created in a private namespace and is being torn down"
