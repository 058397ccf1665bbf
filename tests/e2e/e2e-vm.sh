#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test with real guest kernels (issue 10, "A real VM in the test suite"): two QEMU
# guests (TCG; Debian's cloud kernel, a busybox initramfs, built by tests/vm/build-vm.sh and
# cached) each with a virtio NIC on a real TAP of the lab, routed the way GRNET's routed mode
# does it: host forwarding, a /32 and a /128 route per tap, proxy ARP on the taps, one constant
# MAC on every tap (the router MAC), the gateway addresses on the host. From inside the main
# guest (tests/vm/init prints what it got on the serial console): the DHCPv4 lease carries the
# binding's address, DNS, domain, hostname, MTU and option-121 routes (default last), and the guest
# kernel has applied them; a SLAAC address from the RA's prefix and an IPv6 default route via
# the router link-local; GATEWAY6 resolved by NDP to the router MAC with the router flag and
# answering ping; the gateway answering IPv4 ping; the second guest answering ping over IPv4
# and over IPv6 (a guest's NS for another address of SUBNET6 is answered with the router MAC,
# so the host routes between the guests). The second guest's own lease and SLAAC address are
# checked from its console too. Every queued packet got a verdict; SIGTERM exits 0.
set -eu
# shellcheck source=tests/lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"

# skipped only where it cannot work; a missing tool is a failure (run.sh installs them all).
# The guest (kernel + initramfs) is built here, outside the lab's network namespace, since
# apt-get download needs the network the first time. NFD_VM_CACHE overrides NFD_VM_BUILD_DIR.
if [ -z "${NFD_LAB_INNER:-}" ]; then
	[ "$(id -u)" = 0 ] || lab_skip "the lab needs root"
	[ -c /dev/net/tun ] || lab_skip "no /dev/net/tun: QEMU cannot attach a guest to a TAP"
	for t in qemu-system-x86_64 cpio gzip dpkg apt-get apt-cache flock; do
		command -v "$t" >/dev/null || {
			echo "not ok - $t is missing (packages qemu-system-x86, cpio: ./run.sh installs them)"
			exit 1
		}
	done
	NFD_VM_DIR=${NFD_VM_CACHE:-${NFD_VM_BUILD_DIR:-${TMPDIR:-/tmp}/nfd-vm}}
	t0=$SECONDS
	NFD_VM_DIR=$(timeout 600 "$(dirname "$(readlink -f "$0")")/../vm/build-vm.sh" "$NFD_VM_DIR") || {
		echo "not ok - cannot build the guest kernel and initramfs (tests/vm/build-vm.sh)"
		exit 1
	}
	echo "# guest kernel and initramfs in $NFD_VM_DIR ($((SECONDS - t0)) s)"
	export NFD_VM_DIR
fi
lab_init "$@"

TAP_MAC=02:00:5e:00:53:01 # every routed tap's MAC (as gnt-networking does): the router MAC
ROUTER_LL=fe80::5eff:fe00:5301
GW4=198.51.100.1
GW6=2001:db8:a::1
SUBNET6=2001:db8:a::/64
MAC1=52:54:00:0a:00:01
MAC2=52:54:00:0a:00:02
IP1=198.51.100.10
IP2=198.51.100.20
EUI1=2001:db8:a:0:5054:ff:fe0a:1 # RFC 5952 form, as the guest prints it
EUI2=2001:db8:a:0:5054:ff:fe0a:2
VM_SECS=${NFD_VM_TIMEOUT:-150} # QEMU's lifetime; a boot takes a few seconds under TCG

FAILED=0
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
has() { # TEXT REGEX: some line of TEXT matches
	grep -Eq -- "$2" <<<"$1" || {
		echo "  no line matches '$2' in:" >&2
		awk '{ print "  | " $0 }' <<<"$1" >&2
		return 1
	}
}
console() { tr -d '\r' <"$LAB_DIR/$1.console.log" 2>/dev/null | sed -n 's/^.*NFD-VM: //p'; }
# VM KEY: the values of the guest's "NFD-VM: KEY VALUE" lines
fact() { console "$1" | sed -n "s/^$2 //p"; }
fail() {
	echo "not ok - $1"
	for v in vm1 vm2; do
		[ -f "$LAB_DIR/$v.console.log" ] || continue
		echo "---- $v serial console (last 60 lines)"
		tr -d '\r' <"$LAB_DIR/$v.console.log" | tail -n 60
	done
	exit 1
}

if [ ! -s "$NFD_VM_DIR/vmlinuz" ] || [ ! -s "$NFD_VM_DIR/initrd.img" ]; then
	fail "no guest kernel and initramfs in $NFD_VM_DIR"
fi

# ---- the host: routed taps, GRNET style ----
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip addr add "$GW4/32" dev lo
ip addr add "$GW6/128" dev lo
for n in 1 2; do
	ip tuntap add dev "tap$n" mode tap || fail "ip tuntap add tap$n"
	ip link set "tap$n" address "$TAP_MAC" up
	sysctl -qw "net.ipv4.conf.tap$n.proxy_arp=1" "net.ipv4.neigh.tap$n.proxy_delay=0"
done
ip route add "$IP1/32" dev tap1
ip route add "$IP2/32" dev tap2
ip -6 route add "$EUI1/128" dev tap1
ip -6 route add "$EUI2/128" dev tap2
lab_rules 42 43 44 45
common=(SUBNET=198.51.100.0/24 "GATEWAY=$GW4" "SUBNET6=$SUBNET6" "GATEWAY6=$GW6" MTU=1400
	"ROUTES=203.0.113.0/24 via $GW4")
lab_write_binding tap1 "MAC=$MAC1" HOSTNAME=vm1.example.org "IP=$IP1" "EUI64=$EUI1" "${common[@]}"
lab_write_binding tap2 "MAC=$MAC2" HOSTNAME=vm2.example.org "IP=$IP2" "EUI64=$EUI2" "${common[@]}"
lab_start_daemon "$(lab_default_conf)"

# ---- the guests: QEMU opens the pre-created taps by name ----
vm_start() { # NAME TAP MAC KERNEL-ARGS
	lab_spawn - "$VM_SECS" "$LAB_DIR/$1.qemu.log" qemu-system-x86_64 \
		-machine pc -accel tcg -cpu max -smp 1 -m 256 \
		-nodefaults -no-user-config -display none -no-reboot \
		-serial "file:$LAB_DIR/$1.console.log" \
		-kernel "$NFD_VM_DIR/vmlinuz" -initrd "$NFD_VM_DIR/initrd.img" \
		-append "console=ttyS0 quiet panic=-1 $4" \
		-netdev "tap,id=n0,ifname=$2,script=no,downscript=no" \
		-device "virtio-net-pci,netdev=n0,mac=$3,romfile="
}
t0=$SECONDS
vm_start vm2 tap2 "$MAC2" "nfd.role=peer nfd.wait=30 nfd.linger=$((VM_SECS - 10))"
VM2=$LAB_SID
vm_start vm1 tap1 "$MAC1" "nfd.role=main nfd.wait=30 nfd.gw4=$GW4 nfd.gw6=$GW6 nfd.peer4=$IP2 nfd.peer6=$EUI2"
VM1=$LAB_SID
rc=0
wait "$VM1" || rc=$?
echo "# main guest: QEMU exited with $rc after $((SECONDS - t0)) s; guest uptime: booted" \
	"$(fact vm1 boot | sed -n 's/.*uptime=//p') s, SLAAC $(fact vm1 slaac | sed 's/uptime=//') s," \
	"end $(fact vm1 end | sed 's/uptime=//') s"
[ "$rc" = 0 ] || fail "the main guest's QEMU exited with $rc (137: killed after $VM_SECS s)"
[ -n "$(fact vm1 end)" ] || fail "the main guest did not reach its end"
lab_wait_log "NFD-VM: ready" 30 "$LAB_DIR/vm2.console.log" || fail "the second guest is not ready"
lab_reap "$VM2"
wait "$VM2" 2>/dev/null || true

# ---- the main guest: real kernel, virtio NIC, real TAP ----
[ -e /sys/class/net/tap1/tun_flags ] || fail "tap1 is not a TUN/TAP device"
expect "the main guest reported no errors (insmod, eth0, udhcpc, routes)" eq "$(fact vm1 error)" ""
expect "the guest kernel drives a virtio NIC ($MAC1) on the real TAP tap1" \
	eq "$(fact vm1 nic)" "driver=virtio_net mac=$MAC1"

# ---- DHCPv4: what udhcpc got, and what the guest kernel then has ----
v() { fact vm1 "dhcp4 $1"; }
expect "DHCPv4 in the guest: bound" eq "$(v event)" bound
expect "DHCPv4 in the guest: the binding's address $IP1/24" eq "$(v ip) $(v mask)" "$IP1 24"
# the guest lists 121 in its request list, so option 3 is withheld (RFC 3442 §3: such a client
# ignores it) and the default route travels, last, in option 121
expect "DHCPv4 in the guest: no option 3 beside a requested option 121" eq "$(v router)" ""
expect "DHCPv4 in the guest: DNS 198.51.100.53 (config nameservers)" eq "$(v dns)" 198.51.100.53
expect "DHCPv4 in the guest: domain from HOSTNAME" eq "$(v domain)" example.org
expect "DHCPv4 in the guest: hostname" eq "$(v hostname)" vm1.example.org
expect "DHCPv4 in the guest: MTU 1400 from the binding" eq "$(v mtu)" 1400
expect "DHCPv4 in the guest: option 121 = the binding's ROUTES, then the default route" \
	eq "$(v staticroutes)" "203.0.113.0/24 $GW4 0.0.0.0/0 $GW4"
expect "guest kernel: eth0 has $IP1/24" eq "$(fact vm1 addr4)" "$IP1/24"
expect "guest kernel: eth0 MTU is 1400" eq "$(fact vm1 mtu)" 1400
expect "guest kernel: default route via $GW4" has "$(fact vm1 route4)" "^default via $GW4 dev eth0"
expect "guest kernel: route 203.0.113.0/24 via $GW4 (option 121)" \
	has "$(fact vm1 route4)" "^203\.0\.113\.0/24 via $GW4 dev eth0"
expect "guest resolv.conf: nameserver and search domain" \
	eq "$(fact vm1 resolv | tr '\n' ' ')" "search example.org nameserver 198.51.100.53 "

# ---- IPv6: SLAAC from the RA, default route, gateway resolved by NDP ----
expect "guest kernel: SLAAC address $EUI1/64 from the RA's prefix (DAD passed)" \
	has "$(fact vm1 addr6)" "^$EUI1/64 global$"
expect "guest kernel: IPv6 default route via the router link-local $ROUTER_LL" \
	has "$(fact vm1 route6)" "^default via $ROUTER_LL dev eth0"
expect "guest kernel: on-link route for $SUBNET6 (PIO L=1)" has "$(fact vm1 route6)" "^$SUBNET6 dev eth0"
expect "guest: ping $GW4 (the gateway) answered" eq "$(fact vm1 ping4-gateway)" "$GW4 ok"
expect "guest: ping6 $GW6 (the gateway) answered" eq "$(fact vm1 ping6-gateway)" "$GW6 ok"
expect "guest kernel: GATEWAY6 $GW6 resolved by NDP to the router MAC, router flag" \
	has "$(fact vm1 neigh6)" "^$GW6 lladdr $TAP_MAC router"

# ---- the second guest, and the pings between the guests ----
v() { fact vm2 "dhcp4 $1"; }
expect "the second guest reported no errors" eq "$(fact vm2 error)" ""
expect "second guest: DHCPv4 lease of $IP2/24, MTU 1400" eq "$(v ip) $(v mask) $(v mtu)" "$IP2 24 1400"
expect "second guest: SLAAC address $EUI2/64" has "$(fact vm2 addr6)" "^$EUI2/64 global$"
expect "guest: ping the second guest $IP2 over IPv4 (routed: /32 routes, proxy ARP)" \
	eq "$(fact vm1 ping4-peer)" "$IP2 ok"
expect "guest: ping the second guest $EUI2 over IPv6 (NS for another SUBNET6 address answered)" \
	eq "$(fact vm1 ping6-peer)" "$EUI2 ok"
expect "guest kernel: the second guest's address resolved to the router MAC" \
	has "$(fact vm1 neigh6)" "^$EUI2 lladdr $TAP_MAC"

# ---- the daemon: every queued packet got a verdict, clean exit ----
for q in 42 43 44; do
	[ "$(lab_ipt_packets "$q")" -gt 0 ] || fail "the guests sent nothing to queue $q"
	lab_assert_queue_clean "$q" || fail "queue $q is not clean"
done
echo "ok - DHCP, RS and NS queues clean: every packet from the guests got a verdict"
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"
echo "ok - SIGTERM exits 0"
if [ "$FAILED" != 0 ]; then
	fail "$FAILED checks failed"
fi
echo "e2e-vm: all checks passed"
