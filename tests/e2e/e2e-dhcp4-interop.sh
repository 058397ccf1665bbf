#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of what real guests need from the dhcp4 plugin beyond the basics (issue 10,
# items 2, 8, 10, 11, 13), each with real clients in the namespace lab:
#  - a /32 binding and a binding whose GATEWAY is outside its /25 SUBNET end with "default via
#    GATEWAY" with ISC dhclient running Debian's own /sbin/dhclient-script and its hooks (in a
#    private mount and UTS namespace whose /etc is an overlay and whose resolv.conf is a scratch
#    file: the host's /etc, resolv.conf and hostname are checked unchanged), with udhcpc running
#    Debian's default script (/32) and an RFC 3442 script (both), and with dhcpcd (RFC 3442 §3:
#    the on-link host route to GATEWAY comes first in option 121, the default route last);
#  - option 3 is left out when the client asked for 121 and sent when it did not; option 82 is
#    echoed without a relay (RFC 3046 §2.2); options 61 and 82 survive when a full 576-octet
#    reply must leave options out (option 121 goes, option 3 comes back);
#  - option 81 (RFC 4702) answers dhclient (wire and ASCII), udhcpc -F and dhcpcd with N=1,
#    S=0, O=1 and the binding's HOSTNAME;
#  - option 108 (RFC 8925) makes dhcpcd and dhclient leave IPv4 alone, reaches udhcpc -O 108,
#    and comes from the binding's IPV6_ONLY_PREFERRED over the config;
#  - option 114 (RFC 8910) reaches udhcpc -O 114, dhclient and dhcpcd (custom request lists),
#    from [dhcp4] captive-portal or the binding's CAPTIVE_PORTAL.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require udhcpc dhclient dhclient-script dhcpcd unshare mount
lab_init "$@"

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
has() {
	[[ $1 == *"$2"* ]] || {
		echo "  '$1' does not contain '$2'" >&2
		return 1
	}
}
hasnt() {
	[[ $1 != *"$2"* ]] || {
		echo "  '$1' contains '$2'" >&2
		return 1
	}
}
hex() { printf %s "$1" | od -An -v -tx1 | tr -d ' \n'; }

GW=198.51.100.1
PORTAL=https://portal.example.org/api
VM3_PORTAL=https://vm3.example.org/capport

# vm1: a /32 host binding; vm2: GATEWAY outside its /25; vm3: on-link, with its own
# IPV6_ONLY_PREFERRED and CAPTIVE_PORTAL (no IPv6 at all in the guests: v4 only)
lab_add_guest vm1 tap1 52:54:00:00:0a:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:0a:02 veth off
lab_add_guest vm3 tap3 52:54:00:00:0a:03 veth off
lab_rules 42 - - -
vm3_binding=(MAC=52:54:00:00:0a:03 HOSTNAME=vm3 IP=198.51.100.30 SUBNET=198.51.100.0/24
	"GATEWAY=$GW" IPV6_ONLY_PREFERRED=600 "CAPTIVE_PORTAL=$VM3_PORTAL")
lab_write_binding tap1 MAC=52:54:00:00:0a:01 HOSTNAME=vm1.example.org IP=198.51.100.10 \
	SUBNET=198.51.100.10/32 GATEWAY=$GW
lab_write_binding tap2 MAC=52:54:00:00:0a:02 HOSTNAME=vm2.example.org IP=198.51.100.130 \
	SUBNET=198.51.100.128/25 GATEWAY=$GW
lab_write_binding tap3 "${vm3_binding[@]}"

conf() {
	cat <<EOF
[dhcp4]
queue = 42
server-ip = $GW
nameservers = 198.51.100.53
domain = example.org
ipv6-only-preferred = 1800
captive-portal = $PORTAL
EOF
}
LAB_PLUGINS=dhcp4 LAB_DAEMON_ARGS=-d lab_start_daemon "$(conf)
routes = 203.0.113.0/25 via $GW"

# ---- helpers ----

# private.sh DIR CMD...: CMD in a private mount and UTS namespace where /etc is an overlay whose
# writes land in a tmpfs, /etc/resolv.conf is DIR/resolv.conf and /run/systemd is empty, so a
# client's real script (dhclient-script and its hooks, udhcpc's default.script) configures the
# guest without touching the host's files or hostname
PRIVATE=$LAB_DIR/private.sh
cat >"$PRIVATE" <<'EOF'
#!/bin/sh
exec unshare --mount --uts --propagation private -- /bin/sh -ec '
d=$1
shift
mount -t tmpfs nfd-lab "$d/tmp"
mkdir "$d/tmp/upper" "$d/tmp/work"
mount -t overlay nfd-lab -o "lowerdir=/etc,upperdir=$d/tmp/upper,workdir=$d/tmp/work" /etc
mount --bind "$d/resolv.conf" /etc/resolv.conf
[ /etc/resolv.conf -ef "$d/resolv.conf" ] || { echo "private.sh: no scratch resolv.conf" >&2; exit 97; }
if [ -d /run/systemd ]; then mount -t tmpfs nfd-lab /run/systemd; fi
exec "$@"' sh "$@"
EOF
chmod 0755 "$PRIVATE"
host_resolv=$(sha256sum </etc/resolv.conf)
host_name=$(hostname)
RUN=0
new_private_dir() {
	RUN=$((RUN + 1))
	PDIR=$LAB_DIR/private.$RUN
	mkdir -p "$PDIR/tmp"
	: >"$PDIR/resolv.conf"
}

# forget what the last client configured in guest $1
guest_reset() {
	ip -n "$1" -4 addr flush dev eth0
	ip -n "$1" -4 route flush dev eth0 2>/dev/null || true
}

# wait until guest $1's routes contain $2
wait_route() {
	local i
	for i in $(seq 100); do
		[[ $(ip -n "$1" -4 route show) == *"$2"* ]] && return 0
		sleep 0.05
	done
	return 0
}

# dhclient with /sbin/dhclient-script in guest $1, privately; sets PDIR; waits for "bound to"
dhclient_real() {
	local g=$1 sid
	shift
	new_private_dir
	lab_spawn "$g" 20 "$PDIR/log" "$PRIVATE" "$PDIR" dhclient -4 -d -1 -v \
		-sf /sbin/dhclient-script -lf "$PDIR/leases" -pf "$PDIR/pid" "$@" eth0
	sid=$LAB_SID
	lab_wait_log "bound to" 15 "$PDIR/log" || true
	wait_route "$g" default
	ROUTES=$(ip -n "$g" -4 route show)
	lab_reap "$sid"
	wait "$sid" 2>/dev/null || true
}

# udhcpc in guest $1 with script $2, run to its end; extra udhcpc arguments follow
udhcpc_with() {
	local g=$1 script=$2 sid
	shift 2
	new_private_dir
	lab_spawn "$g" 20 "$PDIR/log" "$PRIVATE" "$PDIR" udhcpc -i eth0 -f -q -n -t 3 -T 1 \
		-s "$script" "$@"
	sid=$LAB_SID
	wait "$sid" || true
	lab_reap "$sid"
	ROUTES=$(ip -n "$g" -4 route show)
}

# an udhcpc script that records its environment in $LAB_DIR/<guest>.u3442.env and configures
# the guest as RFC 3442 clients (OpenWrt's, Alpine's scripts) do: $staticroutes in order, each
# with "ip route add", failures skipped; else $router as busybox's example script does
U3442=$LAB_DIR/udhcpc-3442.sh
cat >"$U3442" <<'EOF'
#!/bin/sh
{ echo "=== LAB-EVENT $1"; env | LC_ALL=C sort; } >>"$U3442_ENV"
case $1 in
bound | renew)
	ip -4 addr flush dev "$interface"
	ip -4 addr add "$ip/$mask" dev "$interface"
	if [ -n "$staticroutes" ]; then
		set -- $staticroutes
		while [ $# -ge 2 ]; do
			if [ "$2" = 0.0.0.0 ]; then
				ip -4 route add "$1" dev "$interface"
			else
				ip -4 route add "$1" via "$2" dev "$interface"
			fi
			shift 2
		done
	else
		for r in $router; do
			[ "$subnet" = 255.255.255.255 ] && ip -4 route add "$r" dev "$interface"
			ip -4 route add default via "$r" dev "$interface"
		done
	fi
	;;
esac
exit 0
EOF
chmod 0755 "$U3442"
u3442() {
	local g=$1
	shift
	export U3442_ENV=$LAB_DIR/$g.u3442.env
	: >"$U3442_ENV"
	udhcpc_with "$g" "$U3442" "$@"
}
uvar() { lab_client_var "$1" u3442 "$2"; }

# dhcpcd in guest $1 with the config file $2 (dhcpcd shares /run/dhcpcd in the lab: one at a time)
dhcpcd_with() {
	local g=$1 cf=$2 rc=0
	shift 2
	rm -rf /var/lib/dhcpcd/* /run/dhcpcd/*
	DHCPCD_OUT=$(lab_dhcpcd "$g" 15 -f "$cf" -4 -A "$@" 2>&1) || rc=$?
	ROUTES=$(ip -n "$g" -4 route show)
	return "$rc"
}
dvar() { lab_client_var "$1" dhcpcd "$2"; }

# ---- item 2: a gateway outside SUBNET, RFC 3442 §3 route order ----

for g in vm1 vm2; do
	case $g in vm1) shape="/32 binding" ;; *) shape="gateway outside the /25" ;; esac
	guest_reset "$g"
	dhclient_real "$g"
	expect "dhclient + dhclient-script/$shape: bound" has "$(cat "$PDIR/log")" "bound to"
	expect "dhclient + dhclient-script/$shape: default via GATEWAY" has "$ROUTES" "default via $GW dev eth0"
	expect "dhclient + dhclient-script/$shape: on-link route to GATEWAY" has "$ROUTES" "$GW dev eth0 scope link"
	expect "dhclient + dhclient-script/$shape: config route through GATEWAY" has "$ROUTES" \
		"203.0.113.0/25 via $GW dev eth0"
	expect "dhclient + dhclient-script/$shape: its resolv.conf went to the scratch file" \
		has "$(cat "$PDIR/resolv.conf")" "nameserver 198.51.100.53"
	guest_reset "$g"
	u3442 "$g" -O staticroutes
	expect "udhcpc + RFC 3442 script/$shape: option 121 = host route, config route, default" \
		eq "$(uvar "$g" staticroutes)" "$GW/32 0.0.0.0 203.0.113.0/25 $GW 0.0.0.0/0 $GW"
	expect "udhcpc + RFC 3442 script/$shape: default via GATEWAY" has "$ROUTES" "default via $GW dev eth0"
	guest_reset "$g"
	cat >"$LAB_DIR/dhcpcd-121.conf" <<'EOF'
option classless_static_routes
EOF
	dhcpcd_with "$g" "$LAB_DIR/dhcpcd-121.conf" || true
	expect "dhcpcd/$shape: leased" has "$DHCPCD_OUT" "leased"
	expect "dhcpcd/$shape: default via GATEWAY" has "$ROUTES" "default via $GW dev eth0"
	expect "dhcpcd/$shape: config route through GATEWAY" has "$ROUTES" "203.0.113.0/25 via $GW dev eth0"
	guest_reset "$g"
done
# Debian's udhcpc default.script applies only $router (with "onlink" for a /32 mask), not
# $staticroutes: it works for the /32 binding when 121 was not asked for, so option 3 comes too
guest_reset vm1
udhcpc_with vm1 /etc/udhcpc/default.script
expect "udhcpc + Debian default.script//32 binding: default via GATEWAY" has "$ROUTES" "default via $GW dev eth0"
expect "udhcpc + Debian default.script//32 binding: its resolv.conf went to the scratch file" \
	has "$(cat "$PDIR/resolv.conf")" "nameserver 198.51.100.53"
guest_reset vm1
expect "the host's /etc/resolv.conf is unchanged" eq "$(sha256sum </etc/resolv.conf)" "$host_resolv"
expect "the host's hostname is unchanged" eq "$(hostname)" "$host_name"

# ---- item 8: option 3 beside 121, option 82 without a relay ----

u3442 vm3
expect "udhcpc without -O staticroutes: option 3 sent" eq "$(uvar vm3 router)" "$GW"
expect "udhcpc without -O staticroutes: option 121 sent all the same" \
	eq "$(uvar vm3 staticroutes)" "203.0.113.0/25 $GW 0.0.0.0/0 $GW"
guest_reset vm3
u3442 vm3 -O staticroutes -x 0x52:0103616263
expect "udhcpc -O staticroutes: no option 3 beside 121 (RFC 3442 §3)" eq "$(uvar vm3 router)" ""
expect "udhcpc -O staticroutes: the default route is in 121" \
	eq "$(uvar vm3 staticroutes)" "203.0.113.0/25 $GW 0.0.0.0/0 $GW"
expect "udhcpc -O staticroutes: default via GATEWAY all the same" has "$ROUTES" "default via $GW dev eth0"
expect "option 82 from a client without relay is echoed (RFC 3046 §2.2)" \
	eq "$(uvar vm3 opt82)" 0103616263
expect "option 61 is echoed (RFC 6842)" eq "$(uvar vm3 opt61)" 01525400000a03
guest_reset vm3

# ---- item 10: option 81 (RFC 4702) ----

cat >"$LAB_DIR/dhclient-fqdn.conf" <<'EOF'
send fqdn.fqdn "vm1.";
send fqdn.encoded on;
send fqdn.server-update on;
request subnet-mask, routers, domain-name-servers;
EOF
cat >"$LAB_DIR/dhclient-fqdn-ascii.conf" <<'EOF'
send fqdn.fqdn "vm1";
send fqdn.server-update on;
request subnet-mask, routers, domain-name-servers;
EOF
fqdn_checks() {
	local what=$1 encoded=$2
	v() { lab_client_var vm1 dhclient "$1"; }
	expect "dhclient $what: option 81 answered with the binding's HOSTNAME" eq "$(v new_fqdn_fqdn)" \
		vm1.example.org
	expect "dhclient $what: the server will not update DNS (S=0)" eq "$(v new_fqdn_server_update)" false
	expect "dhclient $what: the client is told so (N, O)" eq "$(v new_fqdn_no_client_update)" true
	expect "dhclient $what: the client's encoding (E)" eq "$(v new_fqdn_encoded)" "$encoded"
	expect "dhclient $what: RCODEs 255 (RFC 4702 §2.2)" eq "$(v new_fqdn_rcode1) $(v new_fqdn_rcode2)" \
		"255 255"
}
lab_dhclient vm1 -4 15 -cf "$LAB_DIR/dhclient-fqdn.conf" >/dev/null 2>&1 || true
fqdn_checks "(wire form)" true
expect "dhclient (wire form): option 81 bytes: N|E|O, 255, 255, vm1.example.org." \
	eq "$(lab_client_var vm1 dhclient new_fqdn)" "e:ff:ff:3:76:6d:31:7:65:78:61:6d:70:6c:65:3:6f:72:67:0"
lab_dhclient vm1 -4 15 -cf "$LAB_DIR/dhclient-fqdn-ascii.conf" >/dev/null 2>&1 || true
fqdn_checks "(ASCII)" false
guest_reset vm1
u3442 vm1 -F vm1
expect "udhcpc -F: option 81 = N|O, 255, 255, vm1.example.org (its ASCII form)" \
	eq "$(uvar vm1 opt81)" "0affff$(hex vm1.example.org)"
guest_reset vm1

# ---- items 11 and 13: options 108 (RFC 8925) and 114 (RFC 8910) ----

u3442 vm2 -O 108 -O 114
expect "udhcpc -O 108: V6ONLY_WAIT from [dhcp4] ipv6-only-preferred" eq "$(uvar vm2 opt108)" 00000708
expect "udhcpc -O 114: the URI from [dhcp4] captive-portal" eq "$(uvar vm2 opt114)" "$(hex "$PORTAL")"
guest_reset vm2
u3442 vm3 -O 108 -O 114
expect "udhcpc -O 108: the binding's IPV6_ONLY_PREFERRED wins" eq "$(uvar vm3 opt108)" 00000258
expect "udhcpc -O 114: the binding's CAPTIVE_PORTAL wins" eq "$(uvar vm3 opt114)" "$(hex "$VM3_PORTAL")"
guest_reset vm3
u3442 vm2
expect "udhcpc without -O 108: no option 108 (RFC 8925 §3.3)" eq "$(uvar vm2 opt108)" ""
expect "udhcpc without -O 114: no option 114" eq "$(uvar vm2 opt114)" ""
guest_reset vm2

cat >"$LAB_DIR/dhclient-108.conf" <<'EOF'
request subnet-mask, routers, v6-only-preferred;
EOF
# dhclient waits V6ONLY_WAIT once told: stop it when it says so, or after 10 s
env108=$LAB_DIR/vm2.dhclient108.env
: >"$env108"
lab_spawn vm2 20 "$LAB_DIR/vm2.dhclient108.log" dhclient -4 -d -1 -v -cf "$LAB_DIR/dhclient-108.conf" \
	-sf "$(_lab_env_script "$env108")" -lf "$LAB_DIR/vm2.dhclient108.leases" \
	-pf "$LAB_DIR/vm2.dhclient108.pid" eth0
sid=$LAB_SID
lab_wait_log "v6 only preferred|bound to" 10 "$LAB_DIR/vm2.dhclient108.log" || true
lab_reap "$sid"
wait "$sid" 2>/dev/null || true
expect "dhclient asking for 108: waits V6ONLY_WAIT" has "$(cat "$LAB_DIR/vm2.dhclient108.log")" \
	"v6 only preferred for 1800"
expect "dhclient asking for 108: script reason V6ONLY" grep -q '^reason=V6ONLY$' "$env108"
expect "dhclient asking for 108: never BOUND" hasnt "$(cat "$env108")" "reason=BOUND"

cat >"$LAB_DIR/dhclient-114.conf" <<'EOF'
option capport code 114 = text;
request subnet-mask, routers, capport;
EOF
lab_dhclient vm2 -4 10 -cf "$LAB_DIR/dhclient-114.conf" >/dev/null 2>&1 || true
expect "dhclient asking for 114: the captive-portal URI" eq "$(lab_client_var vm2 dhclient new_capport)" \
	"$PORTAL"
guest_reset vm2

cat >"$LAB_DIR/dhcpcd-108.conf" <<'EOF'
option ipv6_only_preferred
EOF
dhcpcd_with vm2 "$LAB_DIR/dhcpcd-108.conf" || true
expect "dhcpcd asking for 108: IPv6-Only Preferred received" has "$DHCPCD_OUT" \
	"IPv6-Only Preferred received (1800 seconds)"
expect "dhcpcd asking for 108: no IPv4 lease" hasnt "$DHCPCD_OUT" "leased"
expect "dhcpcd asking for 108: no IPv4 address" eq "$(ip -n vm2 -4 -o addr show dev eth0)" ""
guest_reset vm2

cat >"$LAB_DIR/dhcpcd-81-114.conf" <<'EOF'
define 114 string captive_portal
option captive_portal
fqdn both
hostname vm3
EOF
dhcpcd_with vm3 "$LAB_DIR/dhcpcd-81-114.conf" || true
expect "dhcpcd: leased" has "$DHCPCD_OUT" "leased 198.51.100.30"
expect "dhcpcd asking for 114: the binding's CAPTIVE_PORTAL" eq "$(dvar vm3 new_captive_portal)" "$VM3_PORTAL"
expect "dhcpcd fqdn both: option 81 flags N, E, O" eq "$(dvar vm3 new_fqdn_flags)" NEO
expect "dhcpcd fqdn both: HOSTNAME.domain for a dot-less HOSTNAME" eq "$(dvar vm3 new_fqdn)" \
	vm3.example.org
guest_reset vm3

# ---- item 8: a reply that must leave options out keeps 61 and 82 (RFC 6842, RFC 3046) ----

expect "every queued packet got a verdict (queue 42 clean)" lab_assert_queue_clean 42 5
lab_stop_daemon
expect "SIGTERM exits 0 (first daemon)" eq "$LAB_DAEMON_RC" 0
# 32 config routes and 16 binding routes (/32 each: 437 octets of option 121) and a 200-octet
# relay agent option from udhcpc, whose maximum message size is 576: 121 must go
routes=$(for i in $(seq 0 31); do printf '10.0.0.%u/32 via %s, ' "$i" "$GW"; done)
broutes=$(for i in $(seq 0 15); do printf '10.1.0.%u/32 via %s,' "$i" "$GW"; done)
lab_write_binding tap3 "${vm3_binding[@]}" "ROUTES=${broutes%,}"
LAB_PLUGINS=dhcp4 LAB_DAEMON_ARGS=-d lab_start_daemon "$(conf)
routes = ${routes%, }"
agent=01c6$(printf 'c%.0s' $(seq 198) | od -An -v -tx1 | tr -d ' \n')
u3442 vm3 -O staticroutes -x "0x52:$agent"
expect "crowded reply: udhcpc still leases" eq "$(uvar vm3 ip)" 198.51.100.30
expect "crowded reply: option 82 (200 octets) still echoed" eq "$(uvar vm3 opt82)" "$agent"
expect "crowded reply: option 61 still echoed" eq "$(uvar vm3 opt61)" 01525400000a03
expect "crowded reply: option 121 left out" eq "$(uvar vm3 staticroutes)" ""
expect "crowded reply: so option 3 is back" eq "$(uvar vm3 router)" "$GW"
expect "crowded reply: the daemon says it trimmed" lab_wait_log "options trimmed to fit" 5
expect "every queued packet got a verdict (queue 42 clean)" lab_assert_queue_clean 42 5
lab_stop_daemon
expect "SIGTERM exits 0" eq "$LAB_DAEMON_RC" 0
[ "$FAILED" = 0 ] || {
	echo "e2e-dhcp4-interop: $FAILED checks failed"
	exit 1
}
echo "e2e-dhcp4-interop: all checks passed"
