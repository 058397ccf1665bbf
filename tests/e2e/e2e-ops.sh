#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of issue 12 (operations) in the namespace lab, with real clients:
# - the control socket: mode 0660, group of the daemon's user, made before the privilege drop;
#   an operator in that group is served, a user outside it gets EACCES (private copies of
#   /etc/passwd and /etc/group, bind-mounted in the lab's mount namespace, hold the users);
# - a udhcpc exchange, rdisc6 and a DHCPv6 exchange (dhclient -6) on tap1 appear in
#   `nfdhcpctl stats tap1`, `events tap1` and the metrics with the right counts: every packet
#   the kernel queued from tap1 is one the daemon counted, per message type as the clients sent
#   them; an unbound tap's request shows up as "no binding", under no tap label;
# - `nfdhcpctl explain` for dhcp4, ra, ndp and dhcp6 matches, field by field, what the real
#   clients then receive (udhcpc's lease, rdisc6's RA, ndisc6's NA, dhclient's DHCPv6 lease),
#   and sends nothing (the tap's TX counter does not move) and counts nothing;
# - GET /metrics (when built with -Dmetrics) and `nfdhcpctl metrics` parse with the reference
#   parser (prometheus_client.parser.text_string_to_metric_families), names and types checked;
# - `nfdhcpctl reload`: a bad configuration is refused with its problem (exit 1), a good one
#   applied (exit 0), both in status and the metrics;
# - bad clients: garbage, silence, a disconnect mid-request, an oversized line and a flood of
#   connections that never read, while a guest does DHCP: the DHCP completes, the daemon keeps
#   serving and its memory stays bounded;
# - an SDK 1.0 plugin (examples/hello with api_minor 0) loads, answers, is counted;
# - every thread of the daemon has only CAP_NET_ADMIN and CAP_NET_RAW (libsoup started none
#   before the drop); SIGUSR1 prints the same tables; SIGTERM exits 0.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require udhcpc dhclient rdisc6 ndisc6 setpriv
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null ||
	lab_skip "no python3-prometheus-client"
[ -x "${NFDHCPCTL:-}" ] || lab_skip "NFDHCPCTL is not set to the built nfdhcpctl"
[ -f "${NFD_HELLO_SDK10_DIR:-}/libnfd-plugin-hello.so" ] || lab_skip "no SDK 1.0 test plugin"
lab_init "$@"

check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}
# jq-less JSON: py 'EXPR' evaluates EXPR with the JSON of stdin as j, prints the result
py() { /usr/bin/python3 -c "import json, sys; j = json.load(sys.stdin); print($1)"; }
# an IPv6 address in one spelling (dhclient never compresses a single zero group)
norm6() { /usr/bin/python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' "$1"; }

# the lab's control socket (lab_start_daemon): a directory the daemon makes
SOCK=$LAB_DIR/run/control.sock
ctl() { "$NFDHCPCTL" -s "$SOCK" "$@"; }
GW6=2001:db8:12::1
METRICS_PORT=9100

# ---- users: the daemon's, an operator in its group, an outsider (private copies) ----
cp /etc/passwd "$LAB_DIR/passwd"
cp /etc/group "$LAB_DIR/group"
cat >>"$LAB_DIR/passwd" <<'EOF'
nfdtest:x:4242:4242:nfdhcpd test daemon:/nonexistent:/usr/sbin/nologin
nfdop:x:4243:4243:nfdhcpd operator:/nonexistent:/usr/sbin/nologin
nfdout:x:4244:4244:outsider:/nonexistent:/usr/sbin/nologin
EOF
cat >>"$LAB_DIR/group" <<'EOF'
nfdtest:x:4242:nfdop
nfdop:x:4243:
nfdout:x:4244:
EOF
mount --bind "$LAB_DIR/passwd" /etc/passwd
mount --bind "$LAB_DIR/group" /etc/group
getent passwd nfdtest >/dev/null || fail "the private passwd copy is not in effect"
check "test users exist in the lab's mount namespace only"

# ---- the lab ----
lab_add_guest vm1 tap1 52:54:00:00:12:01 veth nodad,noautoconf
lab_add_guest vm2 tap2 52:54:00:00:12:02 veth off
lab_rules 42 43 44 45
iptables -w -t mangle -A PREROUTING -i tap+ -p udp --dport 9999 -j NFQUEUE --queue-num 61 \
	--queue-bypass
echo 61 >>"$LAB_DIR/queues"
lab_write_binding tap1 MAC=52:54:00:00:12:01 HOSTNAME=vm1 IP=198.51.100.12 \
	SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 SUBNET6=2001:db8:12::/64 GATEWAY6=$GW6
metrics_conf=
[ "${NFD_HAVE_METRICS:-no}" = yes ] && metrics_conf="metrics-listen = 127.0.0.1:$METRICS_PORT"
conf() { # the default plugin groups, the hello plugin, the metrics endpoint
	lab_default_conf
	cat <<EOF

[dhcp6]
nameservers = 2001:db8:53::53

[hello]
queue = 61

[general]
$metrics_conf
EOF
}
LAB_DAEMON_USER=nfdtest LAB_PLUGINS=dhcp4,ra,ndp,dhcp6,hello \
	LAB_DAEMON_ARGS="--plugin-dir $NFD_HELLO_SDK10_DIR" lab_start_daemon "$(conf)"
pid=$(lab_daemon_pid)

# ---- the socket and who may use it ----
[ "$(stat -c '%a %U %G %F' "$SOCK")" = "660 root nfdtest socket" ] ||
	fail "control socket is $(stat -c '%a %U %G %F' "$SOCK"), not 660 root:nfdtest socket"
[ "$(stat -c '%a %U %G' "${SOCK%/*}")" = "750 root nfdtest" ] ||
	fail "the socket's directory is $(stat -c '%a %U %G' "${SOCK%/*}"), not 750 root:nfdtest"
check "the control socket is 0660 root:nfdtest (the daemon user's group), in a 0750 directory of root's"
ctl status >"$LAB_DIR/status.txt" || fail "root cannot use the control socket"
grep -q "^nfdhcpd .*plugin API 1.1" "$LAB_DIR/status.txt" || fail "status has no version line"
check "root is served: status says version and plugin API"
setpriv --reuid=nfdop --regid=nfdop --init-groups "$NFDHCPCTL" -s "$SOCK" status >/dev/null ||
	fail "an operator in the daemon's group is not served"
check "a member of the daemon's group is served"
rc=0
out=$(setpriv --reuid=nfdout --regid=nfdout --clear-groups "$NFDHCPCTL" -s "$SOCK" status 2>&1) ||
	rc=$?
[ "$rc" = 3 ] && [[ $out == *"Permission denied"* ]] ||
	fail "an outsider got exit $rc: $out"
errno=$(setpriv --reuid=nfdout --regid=nfdout --clear-groups /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
    print(0)
except OSError as e:
    print(e.errno)
' "$SOCK")
[ "$errno" = 13 ] || fail "an outsider's connect() gave errno $errno, not EACCES"
check "a user outside the group gets EACCES (nfdhcpctl exits 3)"

# ---- real clients on tap1, an unbound guest on tap2 ----
lab_udhcpc vm1 >/dev/null || fail "udhcpc got no lease on tap1"
ctl --json events tap1 >"$LAB_DIR/events4.json"
lab_rdisc6 vm1 >"$LAB_DIR/rdisc6.out" || fail "rdisc6 got no RA on tap1"
lab_dhclient vm1 -6 20 >/dev/null || fail "dhclient -6 got no lease on tap1"
lab_ndisc6 vm1 "$GW6" >"$LAB_DIR/ndisc6.out" || fail "ndisc6 got no NA for $GW6"
if lab_udhcpc vm2 -t 2 -T 1 >/dev/null; then fail "the unbound guest on tap2 got a lease"; fi
check "udhcpc, rdisc6, dhclient -6 and ndisc6 served on tap1; nothing on unbound tap2"
for q in 42 43 44 45; do
	lab_assert_queue_clean "$q" 2>/dev/null || fail "queue $q is not clean"
done

# ---- bindings ----
ctl bindings tap1 >"$LAB_DIR/bindings.txt" || fail "bindings tap1 failed"
grep -qE "^tap1 +[0-9]+ +52:54:00:00:12:01 +198.51.100.12 +2001:db8:12::/64 .* $LAB_BINDINGS/tap1$" \
	"$LAB_DIR/bindings.txt" || fail "bindings tap1: $(cat "$LAB_DIR/bindings.txt")"
[ "$(ctl --json bindings | py "j['result']['count']")" = 1 ] || fail "bindings --json count"
rc=0
ctl bindings tap2 >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "bindings of an unbound tap exited $rc, not 1"
check "bindings: tap, ifindex, MAC, IPv4, SUBNET6 and the binding's file; an unbound tap refused"

# ---- stats: the right counts ----
ctl --json stats tap1 >"$LAB_DIR/stats.json" || fail "stats tap1 failed"
count() { # PLUGIN TYPE FIELD
	py "sum(m['$3'] for m in j['result']['messages'] if m['plugin'] == '$1' and m['type'] == '$2')" \
		<"$LAB_DIR/stats.json"
}
total() { # PLUGIN: every message of the plugin from tap1
	py "sum(m['received'] for m in j['result']['messages'] if m['plugin'] == '$1')" \
		<"$LAB_DIR/stats.json"
}
for want in "dhcp4 DISCOVER received 1" "dhcp4 DISCOVER answered 1" "dhcp4 OFFER sent 1" \
	"dhcp4 REQUEST received 1" "dhcp4 REQUEST answered 1" "dhcp4 ACK sent 1"; do
	read -r plugin type field n <<<"$want"
	got=$(count "$plugin" "$type" "$field")
	[ "$got" = "$n" ] || fail "stats tap1: $plugin $type $field is $got, not $n"
done
check "stats tap1: udhcpc's DISCOVER and REQUEST received and answered, OFFER and ACK sent"
# every packet the kernel queued from tap1 is one the daemon counted (tap2 only sent to 42):
# the iptables counts read before and after the daemon's, equal (a guest kernel's late NS)
unbound=$(ctl --json stats tap2 | py "j['result']['recent_packets']")
[ "$unbound" -ge 1 ] || fail "the unbound tap's requests were not seen"
for pq in dhcp4:42 ra:43 ndp:44 dhcp6:45; do
	for try in $(seq 20); do
		before=$(lab_ipt_packets "${pq#*:}")
		ctl --json stats tap1 >"$LAB_DIR/stats.json"
		after=$(lab_ipt_packets "${pq#*:}")
		got=$(total "${pq%:*}")
		[ "${pq%:*}" = dhcp4 ] && got=$((got + unbound))
		[ "$before" = "$after" ] && [ "$got" = "$after" ] && break
		sleep 0.2
	done
	[ "$got" = "$after" ] ||
		fail "stats tap1: ${pq%:*} counted $got, the kernel queued $after (try $try)"
done
check "stats tap1: per plugin, as many messages as the kernel queued from tap1"
# rdisc6's RA: the answer to its RS, or the multicast RA its RS was coalesced into
[ "$(count ra RS received)" -ge 1 ] && [ "$(count ra RA sent)" -ge 1 ] &&
	[ "$(count dhcp6 SOLICIT received)" -ge 1 ] &&
	[ "$(count dhcp6 REQUEST answered)" -ge 1 ] && [ "$(count dhcp6 REPLY sent)" -ge 1 ] &&
	[ "$(count ndp NS answered)" -ge 1 ] ||
	fail "stats tap1 lacks the RS/RA, the DHCPv6 exchange or the answered NS"
check "stats tap1: rdisc6's RS and RA, dhclient's SOLICIT/REQUEST/REPLY and ndisc6's NS counted"
fp=$(py "','.join(map(str, j['result']['fingerprint']['request_list'])) + ' ' + j['result']['fingerprint']['vendor_class']" <"$LAB_DIR/stats.json")
[[ $fp == 1,3,6,12,15,28,42*" udhcp "* ]] || fail "fingerprint is '$fp'"
check "stats tap1: the DHCPv4 fingerprint is udhcpc's option 55 list and vendor class ($fp)"
ctl stats tap1 | grep -qE "^  dhcp4 +DISCOVER +1 +1 +-$" || fail "the stats table has no DISCOVER row"
check "stats tap1 as a table: a row per plugin and message type"

# ---- events ----
events() { # FILE: the events as "PLUGIN TYPE REPLY VERDICT ADDRESS|..."
	py "'|'.join('%s %s %s %s %s' % (e['plugin'], e['type'], e['reply'], e['verdict'], e['address']) for e in j['result']['events'])" \
		<"$1"
}
ev=$(events "$LAB_DIR/events4.json")
[[ $ev == *"dhcp4 DISCOVER OFFER reply 198.51.100.12|dhcp4 REQUEST ACK reply 198.51.100.12"* ]] ||
	fail "events tap1 after udhcpc: $ev"
ctl --json events tap1 >"$LAB_DIR/events.json"
ev=$(events "$LAB_DIR/events.json")
[[ $ev == *"dhcp6 "*" reply 2001:db8:12:0:5054:ff:fe00:1201"* ]] ||
	fail "events tap1 has no DHCPv6 reply with the address: $ev"
[[ $ev == *"ndp NS NA reply $GW6"* ]] || fail "events tap1 has no NA for $GW6: $ev"
check "events tap1: the exchanges in order, with verdict and the address given"
ctl events tap2 >"$LAB_DIR/events2.txt"
grep -q "tap2 has no binding" "$LAB_DIR/events2.txt" &&
	grep -qE "dhcp4 +- +accept +no binding" "$LAB_DIR/events2.txt" ||
	fail "events tap2 does not say 'no binding': $(cat "$LAB_DIR/events2.txt")"
check "events tap2 (no binding): its DISCOVERs, accepted, 'no binding'"

# ---- metrics ----
check_metrics() { # FILE WHAT
	/usr/bin/python3 - "$1" <<'PY' || fail "$2 does not parse or lacks what it must have"
import sys
from prometheus_client.parser import text_string_to_metric_families
fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[1]).read())}
want = {"nfdhcpd_build_info": "gauge", "nfdhcpd_bindings": "gauge",
        "nfdhcpd_messages_received": "counter", "nfdhcpd_messages_answered": "counter",
        "nfdhcpd_replies_sent": "counter", "nfdhcpd_drops": "counter",
        "nfdhcpd_unbound_packets": "counter", "nfdhcpd_queue_kernel_dropped": "counter",
        "nfdhcpd_queue_user_dropped": "counter", "nfdhcpd_reloads": "counter",
        "nfdhcpd_binding_errors": "counter", "nfdhcpd_tap_last_seen_timestamp_seconds": "gauge"}
for name, typ in want.items():
    assert name in fams, "no family " + name
    assert fams[name].type == typ, name + " is " + fams[name].type
def value(fam, **labels):
    for s in fams[fam].samples:
        if all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    return None
assert value("nfdhcpd_messages_received", plugin="dhcp4", tap="tap1", type="DISCOVER") == 1
assert value("nfdhcpd_messages_answered", plugin="dhcp4", tap="tap1", type="REQUEST") == 1
assert value("nfdhcpd_replies_sent", plugin="dhcp4", tap="tap1", type="ACK") == 1
assert value("nfdhcpd_unbound_packets", plugin="dhcp4") >= 1
assert value("nfdhcpd_bindings") == 1
# bounded cardinality: only taps with a binding carry a tap label
taps = {s.labels["tap"] for f in fams.values() for s in f.samples if "tap" in s.labels}
assert taps == {"tap1"}, taps
PY
}
ctl metrics >"$LAB_DIR/metrics-ctl.txt" || fail "nfdhcpctl metrics failed"
check_metrics "$LAB_DIR/metrics-ctl.txt" "nfdhcpctl metrics"
check "nfdhcpctl metrics parses (prometheus_client), with names, types and the right counts"
if [ "${NFD_HAVE_METRICS:-no}" = yes ]; then
	/usr/bin/python3 -c '
import sys, urllib.request
r = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=10)
assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
open(sys.argv[2], "wb").write(r.read())
' "$METRICS_PORT" "$LAB_DIR/metrics-http.txt" || fail "GET /metrics failed"
	check_metrics "$LAB_DIR/metrics-http.txt" "GET /metrics"
	check "GET /metrics parses the same way (text/plain; version=0.0.4)"
else
	echo "ok - GET /metrics # SKIP built without -Dmetrics"
fi

# ---- explain, against what the real clients got ----
tx_before=$(cat /sys/class/net/tap1/statistics/tx_packets)
events_before=$(ctl --json events tap1)
field() { # FILE NAME: a reply field of an explain answer
	py "dict(j['result']['reply']).get('$2', '')" <"$1"
}
ctl --json explain tap1 dhcp4 >"$LAB_DIR/x4.json" || fail "explain tap1 dhcp4 failed"
for pair in "yiaddr:ip" "option 1 subnet-mask:subnet" "option 3 router:router" \
	"option 54 server-identifier:serverid" "option 51 lease-time:lease" \
	"option 12 host-name:hostname"; do
	got=$(field "$LAB_DIR/x4.json" "${pair%%:*}")
	want=$(lab_client_var vm1 udhcpc "${pair#*:}")
	[ "$got" = "$want" ] || fail "explain dhcp4 ${pair%%:*} '$got' but udhcpc got '$want'"
done
got=$(field "$LAB_DIR/x4.json" "option 6 domain-name-servers" | tr -d ',')
[ "$got" = "$(lab_client_var vm1 udhcpc dns)" ] || fail "explain dhcp4 DNS '$got'"
check "explain tap1 dhcp4: yiaddr, mask, router, server id, lease, hostname, DNS as udhcpc got"
ctl --json explain tap1 ra >"$LAB_DIR/xra.json" || fail "explain tap1 ra failed"
rd() { sed -n "s/^ *$1 *: *//p" "$LAB_DIR/rdisc6.out" | head -n 1 | awk '{print $1}'; }
for pair in "prefix:Prefix" "prefix valid lifetime:Valid time" \
	"prefix preferred lifetime:Pref. time" "router lifetime:Router lifetime" \
	"source link-layer address:Source link-layer address"; do
	got=$(field "$LAB_DIR/xra.json" "${pair%%:*}")
	want=$(rd "${pair#*:}")
	[ "${got,,}" = "${want,,}" ] || fail "explain ra ${pair%%:*} '$got' but rdisc6 saw '$want'"
done
check "explain tap1 ra: prefix, lifetimes, router lifetime, source MAC as rdisc6 received"
ctl --json explain tap1 ndp >"$LAB_DIR/xnd.json" || fail "explain tap1 ndp failed"
got=$(field "$LAB_DIR/xnd.json" "target link-layer address")
want=$(sed -n 's/^Target link-layer address: *//p' "$LAB_DIR/ndisc6.out" | head -n 1)
[ -n "$got" ] && [ "${got,,}" = "${want,,}" ] || fail "explain ndp TLLA '$got', ndisc6 '$want'"
[ "$(field "$LAB_DIR/xnd.json" target)" = "$GW6" ] || fail "explain ndp target is not $GW6"
check "explain tap1 ndp: the NA for GATEWAY6 carries the MAC ndisc6 received ($got)"
ctl --json explain tap1 dhcp6 >"$LAB_DIR/x6.json" || fail "explain tap1 dhcp6 failed"
addr=$(field "$LAB_DIR/x6.json" "ia_na address")
[ "$(norm6 "${addr%% *}")" = "$(norm6 "$(lab_client_var vm1 dhclient new_ip6_address)")" ] ||
	fail "explain dhcp6 address '$addr', dhclient got $(lab_client_var vm1 dhclient new_ip6_address)"
[[ $addr == *" preferred $(lab_client_var vm1 dhclient new_preferred_life) valid $(lab_client_var vm1 dhclient new_max_life)" ]] ||
	fail "explain dhcp6 lifetimes '$addr' differ from dhclient's"
[ "$(field "$LAB_DIR/x6.json" dns-servers)" = "$(lab_client_var vm1 dhclient new_dhcp6_name_servers)" ] ||
	fail "explain dhcp6 DNS differs from dhclient's"
check "explain tap1 dhcp6: the IA address, its lifetimes and DNS as dhclient -6 got"
[ "$(cat /sys/class/net/tap1/statistics/tx_packets)" = "$tx_before" ] ||
	fail "explain sent something on tap1"
[ "$(ctl --json events tap1)" = "$events_before" ] || fail "explain changed tap1's events"
check "explain sent nothing on tap1 and recorded nothing"
ctl explain tap1 dhcp4 --mac 52:54:00:00:99:99 >"$LAB_DIR/xspoof.txt" || fail "explain --mac"
grep -q "^decision: drop (spoofed)" "$LAB_DIR/xspoof.txt" ||
	fail "explain with another MAC: $(grep decision "$LAB_DIR/xspoof.txt")"
check "explain --mac with another MAC: dropped, 'spoofed', as a real client would be"
rc=0
ctl explain tap2 dhcp4 >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "explain on an unbound tap exited $rc, not 1"
check "explain on an unbound tap: refused (exit 1)"

# ---- an SDK 1.0 plugin ----
# the lab's client scripts record leases without applying them: give vm1 its address, and
# the gateway's MAC (the host has no address on the tap)
ip -n vm1 addr add 198.51.100.12/24 dev eth0
ip -n vm1 neigh replace 198.51.100.1 lladdr "$(cat /sys/class/net/tap1/address)" dev eth0
answer=$(lab_guest vm1 5 /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect(("198.51.100.1", 9999))
s.send(b"hi")
print(s.recv(100).decode(), end="")
') || true
[ "$answer" = "hello vm1" ] || fail "the SDK 1.0 plugin answered '$answer'"
minor=$(ctl --json status | py "[p['api_minor'] for p in j['result']['plugins'] if p['name'] == 'hello'][0]")
[ "$minor" = 0 ] || fail "hello is not the API 1.0 build (api_minor $minor)"
ctl --json stats tap1 >"$LAB_DIR/stats.json"
[ "$(count hello message answered)" = 1 ] || fail "the SDK 1.0 plugin's packet is not counted"
check "an SDK 1.0 plugin (api_minor 0) loads, answers, and is counted as type 'message'"

# ---- reload ----
cp "$LAB_CONF" "$LAB_DIR/good.conf"
sed -i 's/^lease-time = 3600$/lease-time = soon/' "$LAB_CONF"
grep -q "^lease-time = soon$" "$LAB_CONF" || fail "the test could not break the configuration"
rc=0
out=$(ctl reload 2>&1) || rc=$?
[ "$rc" = 1 ] && [[ $out == *"lease-time"* ]] || fail "a bad reload: exit $rc, '$out'"
ctl --json status | py "j['result']['reload']['last']['result']" | grep -qx refused ||
	fail "status does not say the reload was refused"
cp "$LAB_DIR/good.conf" "$LAB_CONF"
ctl reload | grep -q "^reload applied" || fail "a good reload was not applied"
ctl metrics | grep -qx 'nfdhcpd_reloads_total{result="refused"} 1' ||
	fail "the refused reload is not in the metrics"
check "nfdhcpctl reload: refused with the problem (exit 1), then applied (exit 0)"

# ---- bad clients, while a guest does DHCP ----
rss_before=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status")
lab_spawn - 60 "$LAB_DIR/badclients.log" /usr/bin/python3 - "$SOCK" <<'PY'
import socket, sys, time
path = sys.argv[1]
def conn():
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    return s
# garbage gets an error and the connection goes on
s = conn()
s.sendall(b"\x00\xff{{ garbage\n")
reply = s.makefile("rb").readline()
assert b'"code":"bad-request"' in reply, reply
s.sendall(b'{"command":"status","format":"json"}\n')
assert b'"ok":true' in s.makefile("rb").readline()
# a line longer than 4 KiB gets an error and the connection is closed (reset, as the daemon
# closes with our last bytes unread)
big = conn()
big.sendall(b"x" * 5000)
got = b""
try:
    while True:
        chunk = big.recv(4096)
        if not chunk:
            break
        got += chunk
except ConnectionResetError:
    pass
assert b"longer than 4096" in got, got
# a disconnect mid-request, and a silent client kept open
conn().sendall(b'{"command":"sta')
silent = conn()
# a flood: 40 connections that send requests and never read
flood = []
for i in range(40):
    try:
        c = conn()
        c.setblocking(False)
        flood.append(c)
    except OSError:
        pass
end = time.time() + 8
req = b'{"command":"bindings","format":"json"}\n' * 64
while time.time() < end:
    for c in flood:
        try:
            c.send(req)
        except OSError:
            pass
    time.sleep(0.01)
print("flood done")
PY
flood_sid=$LAB_SID
sleep 1
lab_udhcpc vm1 >/dev/null || fail "udhcpc got no lease during the control socket flood"
ctl status >/dev/null || fail "status failed during the flood"
check "during a flood of control connections a guest's DHCP completes and status answers"
wait "$flood_sid" || fail "the bad clients did not get what they should: $(cat "$LAB_DIR/badclients.log")"
check "garbage gets an error and the connection goes on; an oversized line is refused and closed"
rss_after=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status")
[ $((rss_after - rss_before)) -lt 16384 ] ||
	fail "the daemon grew from $rss_before to $rss_after KiB during the flood"
check "the daemon's memory stayed bounded ($rss_before -> $rss_after KiB)"

# ---- privileges of every thread, SIGUSR1, exit ----
for task in /proc/"$pid"/task/*; do
	capeff=$(awk '/^CapEff/{print $2}' "$task/status")
	[ "$((16#$capeff))" = "$(((1 << 12) | (1 << 13)))" ] ||
		fail "thread ${task##*/} has capabilities $capeff"
done
check "every thread of the daemon has only CAP_NET_ADMIN and CAP_NET_RAW"
lab_daemon_signal USR1
# (the reload made new plugin instances: their counters start again)
lab_wait_log "^hello: greeted: [0-9]+$" 5 || fail "SIGUSR1 shows no 'hello: greeted: N'"
grep -qE "^tap1 +[0-9]+ +52:54:00:00:12:01 +198.51.100.12" "$LAB_DAEMON_LOG" ||
	fail "SIGUSR1 shows no binding table"
grep -qE "^  dhcp4 +DISCOVER" "$LAB_DAEMON_LOG" || fail "SIGUSR1 shows no statistics"
check "SIGUSR1 prints status, bindings, statistics and the plugins' counters"
lab_remove_binding tap1
lab_wait_log "removed binding for tap1" 10 || fail "the daemon did not see tap1's binding go"
ctl metrics >"$LAB_DIR/metrics-gone.txt"
! grep -q 'tap="' "$LAB_DIR/metrics-gone.txt" || fail "a tap label is left after its binding went"
check "a tap whose binding goes leaves the metrics"
lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
# the unprivileged daemon cannot remove it from root's directory: it is left, refusing
if ctl status >/dev/null 2>&1; then
	fail "the control socket still answers after the daemon stopped"
fi
check "SIGTERM: exit 0, the control socket answers no more"
