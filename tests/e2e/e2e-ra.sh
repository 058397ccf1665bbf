#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the ra plugin in the namespace lab with real clients: rdisc6 receives the
# RA with prefix, MTU (from the binding), RDNSS and DNSSL; the kernel's SLAAC configures an
# address from SUBNET6 and a default route via the router link-local; an RS from an RFC 7217
# (non-EUI-64) link-local is answered; RS->RA through a bridged tap (physdev rule) and a real
# TAP; periodic RAs arrive with jitter inside [min-interval, max-interval]; a removed binding
# sends a router-lifetime-0 RA (and the SLAAC guest drops its default route); SUBNET6 removed
# from a binding that stays: the final RAs carry the old prefix with valid and preferred
# lifetime 0 and the SLAAC guest stops preferring its address within seconds (RFC 4861
# §6.2.5, RFC 9096); every queued RS gets a verdict; SIGTERM sends a farewell RA with router
# lifetime 0 and the daemon exits 0.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require rdisc6 tcpdump python3
lab_init "$@"

ROUTER_MAC=02:00:5e:00:00:01
ROUTER_LL=fe80::5eff:fe00:1 # fe80:: + modified EUI-64 of ROUTER_MAC
MIN_INT=3
MAX_INT=6
check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	exit 1
}
norm() { python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' "$1"; }

# start tcpdump for RAs in guest $1 into $LAB_DIR/$1.ra.log and wait until it listens
ra_capture() {
	lab_spawn "$1" 120 "$LAB_DIR/$1.ra.log" \
		tcpdump -tt -l -n -vv -i eth0 'icmp6 and ip6[40] == 134'
	lab_wait_log "listening on" 5 "$LAB_DIR/$1.ra.log"
}

# RAs of a tcpdump -tt -vv log, one line each: time router-lifetime prefix-valid-times...
ra_summary() {
	python3 - "$1" <<'EOF'
import re, sys
ras = []
for line in open(sys.argv[1]):
    m = re.match(r'^(\d+\.\d+) ', line)
    if m and 'router advertisement' in line:
        ras.append([m.group(1), None, []])
    elif ras:
        lt = re.search(r'router lifetime (\d+)s', line)
        if lt:
            ras[-1][1] = lt.group(1)
        for v in re.findall(r'valid time (\d+)s', line):
            ras[-1][2].append(v)
for t, lt, valid in ras:
    print(t, lt, ' '.join(valid))
EOF
}

lab_add_guest vm1 tap1 52:54:00:00:02:01 veth noautoconf,nodad # rdisc6: RA content
lab_add_guest vm2 tap2 52:54:00:00:02:02 veth on               # kernel SLAAC
lab_add_guest vm3 tap3 52:54:00:00:02:03 veth noautoconf,nodad # RFC 7217 link-local
lab_add_guest vm4 tap4 52:54:00:00:02:04 bridge noautoconf,nodad
lab_add_guest vm5 tap5 52:54:00:00:02:05 tap noautoconf,nodad
lab_add_guest vm6 tap6 52:54:00:00:02:06 veth noautoconf,nodad # periodic RAs, farewell
lab_add_guest vm7 tap7 52:54:00:00:02:07 veth on               # SUBNET6 withdrawn
# RFC 7217 stable privacy link-local (addr_gen_mode 2), applied while eth0 is down
ip -n vm3 link set eth0 down
lab_guest vm3 5 sysctl -qw net.ipv6.conf.eth0.stable_secret=2001:db8:ffff::7217
lab_guest vm3 5 sysctl -qw net.ipv6.conf.eth0.addr_gen_mode=2
ip -n vm3 link set eth0 up
lab_rules - 43 - -
for i in 1 2 3 4 5 6 7; do
	extra=()
	[ "$i" -le 2 ] && extra=(MTU=1400)
	lab_write_binding "tap$i" "MAC=52:54:00:00:02:0$i" "HOSTNAME=vm$i" \
		"SUBNET6=2001:db8:$i::/64" "GATEWAY6=2001:db8:$i::1" "${extra[@]}"
done
ra_capture vm6

LAB_PLUGINS=ra lab_start_daemon "$(
	cat <<EOF
[general]
router-mac = $ROUTER_MAC

[ra]
queue = 43
min-interval = $MIN_INT
max-interval = $MAX_INT
router-lifetime = 1800
rdnss = 2001:db8:53::1, 2001:db8:53::2
dnssl = example.org, lab.example
EOF
)"
t_start=$(date +%s)

# ---- rdisc6: the RA's content ----
out=$(lab_rdisc6 vm1) || fail "rdisc6 in vm1 got no RA: $out"
grep -Eq "^ Prefix +: 2001:db8:1::1/64$" <<<"$out" || fail "prefix: $out"
grep -Eq "^ MTU +: +1400 bytes" <<<"$out" || fail "MTU: $out"
grep -Eq "^ Recursive DNS server +: 2001:db8:53::1$" <<<"$out" || fail "RDNSS 1: $out"
grep -Eq "^ Recursive DNS server +: 2001:db8:53::2$" <<<"$out" || fail "RDNSS 2: $out"
grep -Eq "^ DNS search list +: example.org lab.example" <<<"$out" || fail "DNSSL: $out"
grep -Eq "^Router lifetime +: +1800 " <<<"$out" || fail "router lifetime: $out"
grep -Eiq "^ Source link-layer address: $ROUTER_MAC$" <<<"$out" || fail "SLLA: $out"
grep -Eq "^ from $ROUTER_LL$" <<<"$out" || fail "source: $out"
check "rdisc6 gets the RA: prefix, binding MTU 1400, both RDNSS, DNSSL, lifetime, from $ROUTER_LL"

# ---- the kernel's SLAAC ----
want=$(norm 2001:db8:2::5054:ff:fe00:202)
got=
for _ in $(seq 100); do
	for a in $(ip -n vm2 -6 -o addr show dev eth0 scope global | grep -v tentative |
		awk '{print $4}'); do
		[ "$(norm "${a%/*}")" = "$want" ] && got=$a
	done
	[ -n "$got" ] && break
	sleep 0.1
done
if [ -z "$got" ] || [ "$got" != "${got%/*}/64" ]; then
	fail "no SLAAC address $want in vm2: $(ip -n vm2 -6 addr)"
fi
check "kernel SLAAC in vm2 configured $got from SUBNET6"
route=$(ip -n vm2 -6 route show default)
grep -q "via $ROUTER_LL dev eth0 proto ra" <<<"$route" || fail "default route in vm2: '$route'"
check "vm2 has a default route via the router link-local $ROUTER_LL (proto ra)"
[ "$(lab_guest vm2 5 sysctl -n net.ipv6.conf.eth0.mtu)" = 1400 ] || fail "vm2 MTU"
check "vm2 applied the RA's MTU 1400"

# ---- RS from an RFC 7217 link-local ----
ll3=$(ip -n vm3 -6 -o addr show dev eth0 scope link | awk '{print $4}')
if [ -z "$ll3" ] || [ "$(norm "${ll3%/*}")" = "$(norm fe80::5054:ff:fe00:203)" ]; then
	fail "vm3 link-local is EUI-64 or missing: $ll3"
fi
out=$(lab_rdisc6 vm3) || fail "rdisc6 in vm3 (link-local $ll3) got no RA: $out"
grep -Eq "^ Prefix +: 2001:db8:3::1/64$" <<<"$out" || fail "vm3 prefix: $out"
check "RS from the non-EUI-64 (RFC 7217) link-local $ll3 is answered"

# ---- bridged tap (physdev rule) and real TAP ----
out=$(lab_rdisc6 vm4) || fail "rdisc6 behind the bridge got no RA: $out"
grep -Eq "^ Prefix +: 2001:db8:4::1/64$" <<<"$out" || fail "vm4 prefix: $out"
[ "$(lab_ipt_packets 43)" -gt 0 ] || fail "no RS counted by the rules"
check "RS->RA through a bridged tap (physdev match)"
out=$(lab_rdisc6 vm5) || fail "rdisc6 behind a real TAP got no RA: $out"
grep -Eq "^ Prefix +: 2001:db8:5::1/64$" <<<"$out" || fail "vm5 prefix: $out"
check "RS->RA through a real TAP (taprelay)"

# ---- binding removed: router lifetime 0 ----
ra_capture vm1
lab_remove_binding tap1
lab_wait_log "removed binding for tap1" 5
lab_wait_log "router lifetime 0s" 5 "$LAB_DIR/vm1.ra.log" || fail "no lifetime-0 RA in vm1"
last=$(ra_summary "$LAB_DIR/vm1.ra.log" | tail -n 1)
read -r _ lt valid <<<"$last"
if [ "$lt" != 0 ] || [ "$valid" != 0 ]; then
	fail "removal RA: '$last'"
fi
check "binding removed: vm1 sees an RA with router lifetime 0 and prefix valid lifetime 0"
lab_remove_binding tap2
lab_wait_log "removed binding for tap2" 5
for _ in $(seq 50); do
	[ -z "$(ip -n vm2 -6 route show default)" ] && break
	sleep 0.1
done
[ -z "$(ip -n vm2 -6 route show default)" ] || fail "vm2 kept its default route"
check "binding removed: the SLAAC guest vm2 drops its default route"

# ---- SUBNET6 removed, the binding stays: the prefix is withdrawn ----
want=$(norm 2001:db8:7::5054:ff:fe00:207)
# prints guest vm7's line for its SLAAC address (empty once the address is gone)
addr7() {
	local a
	ip -n vm7 -6 -o addr show dev eth0 scope global | while read -r _ _ _ a rest; do
		[ "$(norm "${a%/*}")" = "$want" ] && echo "$a $rest"
	done
	return 0
}
for _ in $(seq 100); do
	line=$(addr7)
	if [ -n "$line" ] && [[ $line != *tentative* ]]; then
		break
	fi
	sleep 0.1
done
if [ -z "$line" ] || [[ $line == *deprecated* ]]; then
	fail "vm7 has no preferred SLAAC address $want: $(ip -n vm7 -6 addr)"
fi
ra_capture vm7
lab_write_binding tap7 MAC=52:54:00:00:02:07 HOSTNAME=vm7
lab_wait_log "changed binding: .*tap tap7" 5 || fail "the daemon did not see tap7 change"
for _ in $(seq 100); do
	line=$(addr7)
	if [ -z "$line" ] || [[ $line == *deprecated* ]]; then
		break
	fi
	sleep 0.1
done
[ -z "$line" ] || [[ $line == *deprecated* ]] || fail "vm7 still prefers $want: '$line'"
check "SUBNET6 removed: vm7 stops preferring its SLAAC address within seconds (${line:-removed})"
lab_wait_log "valid time 0s" 5 "$LAB_DIR/vm7.ra.log" || fail "no PIO with valid time 0 in vm7"
ra_summary "$LAB_DIR/vm7.ra.log" >"$LAB_DIR/vm7.ras"
read -r _ lt valid <<<"$(head -n 1 "$LAB_DIR/vm7.ras")"
if [ "$lt" != 0 ] || [ "$valid" != 0 ]; then
	fail "final RA: '$(cat "$LAB_DIR/vm7.ras")'"
fi
check "SUBNET6 removed: the final RA has router lifetime 0 and the old prefix with valid lifetime 0"

lab_assert_queue_clean 43
check "every RS queued got a verdict (queue 43 clean)"

# ---- periodic RAs with jitter (vm6 sent no RS) ----
while [ $(($(date +%s) - t_start)) -lt 22 ]; do sleep 0.5; done

# ---- SIGHUP: the plugin restarts with the new configuration, guests keep their router ----
t_hup=$(date +%s.%N)
ra_capture vm5
lab_daemon_signal HUP
lab_wait_log "reloaded: 1 plugins" 5
sleep 1.5
ra_summary "$LAB_DIR/vm5.ra.log" >"$LAB_DIR/vm5.ras"
[ -s "$LAB_DIR/vm5.ras" ] || fail "no RA in vm5 after SIGHUP"
! awk '$2 == "0"' "$LAB_DIR/vm5.ras" | grep -q . || fail "SIGHUP sent a lifetime-0 RA: $(cat "$LAB_DIR/vm5.ras")"
check "SIGHUP: RAs continue and none says router lifetime 0"

lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"
check "SIGTERM exits 0"
sleep 0.5
ra_summary "$LAB_DIR/vm6.ra.log" >"$LAB_DIR/vm6.ras"
python3 - "$LAB_DIR/vm6.ras" "$MIN_INT" "$MAX_INT" "$t_hup" <<'EOF' || fail "periodic RAs in vm6"
import sys
rows = [l.split() for l in open(sys.argv[1])]
lo, hi = float(sys.argv[2]), float(sys.argv[3])
# before the SIGHUP: a reload restarts the fast initial RAs (RFC 4861 6.2.4)
periodic = [float(r[0]) for r in rows if r[1] != '0' and float(r[0]) < float(sys.argv[4])]
gaps = [b - a for a, b in zip(periodic, periodic[1:])]
print('# gaps:', ' '.join('%.3f' % g for g in gaps))
assert len(gaps) >= 3, 'too few periodic RAs: %d' % len(periodic)
assert all(lo - 0.2 <= g <= hi + 0.2 for g in gaps), 'gap outside [%g, %g]' % (lo, hi)
assert max(gaps) - min(gaps) > 0.2, 'no jitter'
EOF
check "periodic RAs in vm6: gaps vary and stay in [$MIN_INT, $MAX_INT] s"
last=$(tail -n 1 "$LAB_DIR/vm6.ras")
read -r _ lt valid <<<"$last"
if [ "$lt" != 0 ] || [ -z "$valid" ] || [ "$valid" = 0 ]; then
	fail "farewell RA: '$last'"
fi
check "daemon stop: vm6 sees a farewell RA with router lifetime 0, prefix lifetime kept ($valid s)"
ra_summary "$LAB_DIR/vm7.ra.log" >"$LAB_DIR/vm7.ras"
n=$(wc -l <"$LAB_DIR/vm7.ras")
if [ "$n" -lt 1 ] || [ "$n" -gt 3 ] || awk '$2 != "0" || $3 != "0"' "$LAB_DIR/vm7.ras" | grep -q .; then
	fail "vm7 after SUBNET6 was removed: $(cat "$LAB_DIR/vm7.ras")"
fi
check "SUBNET6 removed: $n final RA(s) (at most 3, RFC 4861 §6.2.5), all with lifetimes 0, none at stop"
echo "e2e-ra: all checks passed"
