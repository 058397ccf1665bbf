#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the etcd binding backend against a real etcd (Debian's etcd-server 3.4) and
# real clients: etcdctl writes the bindings, busybox udhcpc in the guests is the VM.  etcd runs
# in the lab namespace on 127.0.0.1 only, its data in $LAB_DIR, under a timeout, killed by pid.
#  - the daemon started while etcd is down serves nothing and says so, and loads 2,501 bindings
#    (2,500 written with etcdctl txn, plus one VM's; two pages read at one revision) once etcd
#    is started;
#  - etcdctl put serves the VM; a changed value is the next lease's address; etcdctl del
#    unbinds the tap; a bad value is reported naming the key and the previous binding stays,
#    also through a full read (SIGHUP);
#  - etcd stopped: the daemon keeps answering; etcd restarted and a binding changed before the
#    daemon can reconnect (its traffic to etcd rejected by an owner match): applied after the
#    reconnect, by resuming the watch, not by a full read;
#  - a compaction past the daemon's revision while it is cut off: one full read, a changed,
#    an added and a removed key all applied, nothing else lost;
#  - SIGHUP with a dead endpoint first: the backend reopens and fails over to the live one;
#  - two daemons with different host prefixes on one etcd each see only their own taps;
#  - keys that are not tap names are reported and ignored; deleting every key in one revision
#    (a watch response etcd sends in fragments) removes every tap;
#  - https with a client certificate (a lab CA made with openssl) and etcd's authentication:
#    load, watch, and an expired token renewed.
# No timing assertions: every wait is for a log line, with generous timeouts.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require udhcpc etcd etcdctl
[ -z "${LAB_BACKEND_DIR:-}" ] || [ -e "$LAB_BACKEND_DIR/libnfd-binding-etcd.so" ] ||
	lab_skip "the etcd backend is not built (-Dbinding_etcd)"
lab_init "$@"

check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}

ETCD=http://127.0.0.1:2379
P1=/nfdhcpd/bindings/host1/
P2=/nfdhcpd/bindings/host2/
CONF4=$(printf '[dhcp4]\nqueue = 42\nserver-ip = 198.51.100.1\nlease-time = 600\n')
ETCD_SID=

CTL_ARGS=()
# a small request limit makes etcd split large watch responses sooner (its threshold for
# fragments is this plus 512 KiB); a 100-put transaction still fits
ETCD_ARGS=(--max-request-bytes 65536)
ctl() {
	timeout -s KILL 30 etcdctl --endpoints="$ETCD" --dial-timeout=5s "${CTL_ARGS[@]}" "$@"
}
etcd_start() {
	local i
	lab_spawn - 600 "$LAB_DIR/etcd.log" etcd --name lab --data-dir "$LAB_DIR/etcd" \
		--listen-client-urls "$ETCD" --advertise-client-urls "$ETCD" \
		--listen-peer-urls http://127.0.0.1:2380 \
		--initial-advertise-peer-urls http://127.0.0.1:2380 \
		--initial-cluster lab=http://127.0.0.1:2380 "${ETCD_ARGS[@]}"
	ETCD_SID=$LAB_SID
	for i in $(seq 100); do
		ctl endpoint health >/dev/null 2>&1 && return 0
		kill -0 "$ETCD_SID" 2>/dev/null || break
		sleep 0.2
	done
	tail -n 20 "$LAB_DIR/etcd.log" >&2
	fail "etcd did not become healthy"
}
etcd_stop() {
	lab_reap "$ETCD_SID"
	wait "$ETCD_SID" 2>/dev/null || true
	ETCD_SID=
}
# the binding of a guest: TAP MAC IP
binding() {
	printf 'INDEV=%s\nIP=%s\nMAC=%s\nHOSTNAME=%s.example.org\nSUBNET=198.51.100.0/24\nGATEWAY=198.51.100.1\n' \
		"$1" "$3" "$2" "$1"
}
put() { # PREFIX TAP MAC IP
	ctl put "$1$2" "$(binding "$2" "$3" "$4")" >/dev/null || fail "etcdctl put $1$2 failed"
}
# N bindings bulk0..bulkN-1 under PREFIX, 100 per transaction (etcd's --max-txn-ops is 128)
put_bulk() { # PREFIX N
	local from i
	for ((from = 0; from < $2; from += 100)); do
		{
			echo
			for ((i = from; i < from + 100 && i < $2; i++)); do
				printf 'put %sbulk%d "INDEV=bulk%d\\nIP=203.0.113.%d\\nMAC=52:54:01:00:%02x:%02x\\nSUBNET=203.0.113.0/24\\nHOSTNAME=bulk%d\\n"\n' \
					"$1" "$i" "$i" $((i % 250 + 2)) $((i >> 8)) $((i & 255)) "$i"
			done
			printf '\n\n\n'
		} | ctl txn >/dev/null || fail "etcdctl txn of bulk$from.. failed"
	done
}
revision() {
	ctl get / --prefix --limit=1 -w json | sed -n 's/.*"revision":\([0-9]*\).*/\1/p'
}
# cut the daemon (user nobody) off etcd, or let it reach etcd again
cut_off() {
	iptables -w -I OUTPUT -o lo -p tcp --dport 2379 -m owner --uid-owner nobody \
		-j REJECT --reject-with tcp-reset
}
reconnect() {
	iptables -w -D OUTPUT -o lo -p tcp --dport 2379 -m owner --uid-owner nobody \
		-j REJECT --reject-with tcp-reset
}
count_log() { # REGEX [FILE]
	grep -cE -- "$1" "${2:-$LAB_DAEMON_LOG}" || true
}
# wait for the COUNT-th line matching REGEX
wait_log_n() { # REGEX COUNT SECS [FILE]
	local i
	for i in $(seq $(($3 * 20))); do
		[ "$(count_log "$1" "${4:-}")" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
lease() {
	lab_udhcpc "$@" >/dev/null 2>&1 || true
	lab_client_var "$1" udhcpc ip || true
}
no_lease() {
	[ -z "$(lease "$1" -t 1 -T 1)" ]
}
served() { # NAME IP WHAT
	local got
	got=$(lease "$1")
	[ "$got" = "$2" ] || fail "$3: $1 leased '${got}', expected $2"
	check "$3"
}
dump() { # DAEMON-LOG: the SIGUSR1 output once it is complete (the etcd state and the table)
	local n
	n=$(count_log "^  state: +(starting|loading|connecting|watching|waiting)" "$1")
	kill -USR1 "$2"
	wait_log_n "^  state: +(starting|loading|connecting|watching|waiting)" \
		$((n + 1)) 20 "$1" || fail "no etcd state line after SIGUSR1"
	lab_wait_log "dispatch: " 20 "$1" || fail "no dump after SIGUSR1"
}

lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:01:02 veth off
lab_add_guest vm6 tap6 52:54:00:00:01:06 veth off
lab_rules 42 - - -
mkdir -m 0755 "$LAB_CONF.d"
etcd_conf() { # ENDPOINTS PREFIX
	printf '[general]\nbinding-backend = etcd\n\n[binding-backend:etcd]\n'
	printf 'endpoints = %s\nprefix = %s\ndial-timeout = 2s\n' "$1" "$2"
}
etcd_conf "$ETCD" "$P1" >"$LAB_CONF.d/50-etcd.conf"

# ---- start-up: etcd down, then 2,501 bindings ----
etcd_start
put_bulk "$P1" 2500
put "$P1" tap2 52:54:00:00:01:02 198.51.100.12
# another host's binding is not ours
put "$P2" tap1 52:54:00:00:01:01 198.51.100.99
etcd_stop
LAB_PLUGINS=dhcp4 lab_start_daemon "$CONF4"
lab_wait_log "no bindings read from etcd yet; retrying in [0-9]+ ms" 20 ||
	fail "the daemon did not say that it has no bindings while etcd is down"
check "etcd down at start: the daemon starts and says it has no bindings yet"
no_lease vm2 || fail "vm2 got a lease with etcd down at start"
check "etcd down at start: nothing is served"
etcd_start
lab_wait_log "2501 bindings under $P1 at revision [0-9]+ from $ETCD" 60 ||
	fail "the 2,501 bindings were not loaded once etcd came up"
check "etcd up: 2,501 bindings (2,500 from etcdctl txn) are loaded, in pages at one revision"
lab_wait_log "watching $P1 from revision [0-9]+ on $ETCD" 20 || fail "no watch after the load"
check "the watch starts after the load"
served vm2 198.51.100.12 "a binding put before start serves its VM"
no_lease vm1 || fail "vm1 was served from another host's prefix"
check "a binding under another host's prefix is not served"
dump "$LAB_DAEMON_LOG" "$(lab_daemon_pid)"
grep -q "^2501 bindings$" "$LAB_DAEMON_LOG" || fail "the binding table does not hold 2501 bindings"
grep -qE "bulk2499 +0 +52:54:01:00:09:c3 +203.0.113.251" "$LAB_DAEMON_LOG" ||
	fail "bulk2499 (on the second page) is not in the binding table as written"
check "SIGUSR1: the table has all 2,501 bindings and the etcd state line"

# ---- put, change, delete, bad value ----
put "$P1" tap1 52:54:00:00:01:01 198.51.100.11
lab_wait_log "added binding: .*tap tap1" 20 || fail "etcdctl put of tap1 was not applied"
served vm1 198.51.100.11 "etcdctl put: udhcpc gets that address"
put "$P1" tap1 52:54:00:00:01:01 198.51.100.21
lab_wait_log "changed binding: .*tap tap1" 20 || fail "the changed tap1 was not applied"
served vm1 198.51.100.21 "a changed value: the next lease has the new address"
ctl del "${P1}tap1" >/dev/null
lab_wait_log "removed binding for tap1" 20 || fail "etcdctl del of tap1 was not applied"
no_lease vm1 || fail "vm1 still leased after etcdctl del"
check "etcdctl del: the tap is unbound"
ctl put "${P1}tap2" "$(binding tap2 52:54:00:00:01:02 198.51.100.32)
MTU=jumbo" >/dev/null
lab_wait_log "bad binding for tap2: etcd key ${P1}tap2 \(revision [0-9]+\): line 7: MTU: not a number.*keeping the previous binding" 20 ||
	fail "the bad value was not reported naming the key, line and binding key"
! lab_daemon_log | grep -q jumbo || fail "the report quotes the bad value"
check "a bad value is reported naming the etcd key"
served vm2 198.51.100.12 "after a bad value the previous binding keeps serving"
# a full read (SIGHUP, the configuration unchanged) while the bad value is still in etcd: the
# whole prefix goes to the store as one listing, in which the bad key keeps its binding
n=$(count_log "bindings under $P1 at revision")
w=$(count_log "watching $P1 from revision")
bad=$(count_log "bad binding for tap2: ")
lab_daemon_signal HUP
wait_log_n "bindings under $P1 at revision" $((n + 1)) 30 || fail "no full read after SIGHUP"
wait_log_n "watching $P1 from revision" $((w + 1)) 30 || fail "no watch after the full read"
if grep -q "removed binding for tap2" "$LAB_DAEMON_LOG"; then
	fail "the full read removed tap2, whose value is bad, instead of keeping its binding"
fi
[ "$(count_log "bad binding for tap2: ")" = "$bad" ] ||
	fail "the full read reported the bad value of tap2 again"
check "a full read keeps the previous binding of a key whose value is bad, and says so once"
served vm2 198.51.100.12 "after the full read the bad key's previous binding serves"

# ---- etcd stopped; restarted with a change the daemon cannot see yet ----
etcd_stop
lab_wait_log "watch: .*keeping the bindings in force; retrying in" 20 ||
	fail "the daemon did not notice that etcd went away"
check "etcd stopped: the loss is logged and the bindings stay in force"
served vm2 198.51.100.12 "etcd stopped: the daemon keeps answering from what it has"
cut_off
etcd_start
put "$P1" tap2 52:54:00:00:01:02 198.51.100.42
loads=$(count_log "bindings under $P1 at revision")
served vm2 198.51.100.12 "etcd back but unreachable to the daemon: the old binding serves"
reconnect
lab_wait_log "changed binding: .*tap tap2.*198.51.100.42" 30 ||
	fail "the change made while the daemon was cut off was not applied after the reconnect"
grep -qE "watching $P1 from revision [0-9]+ on $ETCD \(reconnected\)" "$LAB_DAEMON_LOG" ||
	fail "no reconnection logged"
[ "$(count_log "bindings under $P1 at revision")" = "$loads" ] ||
	fail "the reconnect read everything again instead of resuming the watch"
check "etcd restarted: the change made meanwhile is applied by the resumed watch"
served vm2 198.51.100.42 "after the reconnect the VM gets the changed address"

# ---- compaction past the daemon's revision ----
cut_off
# a failed attempt or two (connection reset) while etcd runs
n=$(count_log "retrying in")
kill -HUP "$(lab_daemon_pid)" # reads everything again: the cut-off makes that fail
wait_log_n "retrying in" $((n + 1)) 30 || fail "the cut-off daemon did not retry"
put "$P1" tap2 52:54:00:00:01:02 198.51.100.52
put "$P1" tap6 52:54:00:00:01:06 198.51.100.16
ctl del "${P1}bulk7" >/dev/null
ctl compact "$(revision)" >/dev/null || fail "etcdctl compact failed"
reconnect
lab_wait_log "revision [0-9]+ is compacted \(etcd keeps [0-9]+ on\): reading every binding again" 40 ||
	fail "the compaction was not noticed"
wait_log_n "bindings under $P1 at revision" $((loads + 1)) 30 || fail "no full read after the compaction"
lab_wait_log "removed binding for bulk7" 5 || fail "a key deleted before the compaction was not removed"
lab_wait_log "added binding: .*tap tap6" 5 || fail "a key added before the compaction was not added"
lab_wait_log "changed binding: .*tap tap2.*198.51.100.52" 5 ||
	fail "a key changed before the compaction was not changed"
grep -q "2501 bindings under $P1 at revision" <(tail -n 200 "$LAB_DAEMON_LOG") ||
	fail "the full read after the compaction did not hold 2501 bindings"
check "a compaction past the watch revision: one full read, additions, changes and removals applied"
served vm2 198.51.100.52 "after the full read the changed binding serves"

# ---- SIGHUP with a dead endpoint first: failover ----
etcd_conf "http://127.0.0.1:2399, $ETCD" "$P1" >"$LAB_CONF.d/50-etcd.conf"
lab_daemon_signal HUP
lab_wait_log "http://127.0.0.1:2399.*retrying in [0-9]+ ms on the next endpoint" 30 ||
	fail "the dead endpoint was not reported"
n=$(count_log "bindings under $P1 at revision [0-9]+ from $ETCD")
wait_log_n "bindings under $P1 at revision [0-9]+ from $ETCD" $((n + 1)) 30 ||
	fail "no load from the second endpoint"
check "SIGHUP with a dead endpoint first: the backend fails over to the live one"
served vm6 198.51.100.16 "after the failover the bindings serve"

# ---- a second daemon, another host's prefix, on one etcd ----
put "$P2" tap6 52:54:00:00:01:06 198.51.100.66
conf2=$LAB_DIR/host2.conf
{
	printf '[general]\nplugins = dhcp4\nuser = nobody\nbinding-backend = etcd\n'
	printf 'control-socket = %s\n\n' "$LAB_DIR/host2.sock"
	printf '[dhcp4]\nqueue = 46\nserver-ip = 198.51.100.1\nlease-time = 600\n\n'
	printf '[binding-backend:etcd]\nendpoints = %s\nprefix = %s\n' "$ETCD" "$P2"
} >"$conf2"
args2=(-f -c "$conf2")
[ -n "${LAB_PLUGIN_DIR:-}" ] && args2+=(--plugin-dir "$LAB_PLUGIN_DIR")
[ -n "${LAB_BACKEND_DIR:-}" ] && args2+=(--backend-dir "$LAB_BACKEND_DIR")
lab_spawn - 300 "$LAB_DIR/host2.log" "$NFDHCPD" "${args2[@]}"
host2_sid=$LAB_SID
lab_wait_log "Ready to serve requests" 20 "$LAB_DIR/host2.log" || fail "the second daemon did not start"
lab_wait_log "2 bindings under $P2 at revision" 30 "$LAB_DIR/host2.log" ||
	fail "the second daemon did not load its own prefix"
# host2 serves tap6 on its own queue
iptables -w -t mangle -I PREROUTING -i tap6 -p udp --dport 67 -j NFQUEUE --queue-num 46 --queue-bypass
served vm6 198.51.100.66 "the second daemon serves its host's binding of tap6"
host2_pid=$(_lab_child_pid "$host2_sid")
dump "$LAB_DIR/host2.log" "$host2_pid"
grep -q "^2 bindings$" "$LAB_DIR/host2.log" || fail "the second daemon's table is not its 2 bindings"
! grep -qE "^(tap2|bulk[0-9]+) " "$LAB_DIR/host2.log" || fail "the second daemon holds host1's taps"
dump "$LAB_DAEMON_LOG" "$(lab_daemon_pid)"
! grep -qE "tap6 .*198.51.100.66" "$LAB_DAEMON_LOG" || fail "the first daemon holds host2's tap6"
check "two daemons with different prefixes each hold only their own taps"
kill -TERM "$host2_pid"
rc=0
wait "$host2_sid" || rc=$?
[ "$rc" = 0 ] || fail "the second daemon exited $rc"
lab_reap "$host2_sid"
iptables -w -t mangle -D PREROUTING -i tap6 -p udp --dport 67 -j NFQUEUE --queue-num 46 --queue-bypass

# ---- keys that are not taps, and one revision too large for one watch response ----
long=$(printf 'x%.0s' $(seq 2400))
for ((c = 0; c < 13; c++)); do
	{
		echo
		for ((i = c * 20; i < c * 20 + 20; i++)); do
			echo "put ${P1}junk/$long/$i \"\""
		done
		printf '\n\n\n'
	} | ctl txn >/dev/null || fail "etcdctl txn of long keys failed"
done
lab_wait_log "bad binding: etcd key ${P1}junk/x+\.\.\.: not a tap name \(longer than 15 bytes\)" 20 ||
	fail "keys that are not tap names were not reported"
check "keys below the prefix that are not tap names are reported and ignored"
# 2,501 taps and 260 long keys deleted in one revision: about 700 KB of events, which etcd
# sends as fragments of one watch response
removed=$(count_log "removed binding for ")
retries=$(count_log "retrying in")
ctl del --prefix "$P1" >/dev/null || fail "etcdctl del --prefix failed"
wait_log_n "removed binding for " $((removed + 2501)) 60 ||
	fail "not every tap was removed by the fragmented deletion ($(($(count_log "removed binding for ") - removed)) of 2501)"
[ "$(count_log "retrying in")" = "$retries" ] || fail "the fragmented response broke the watch"
dump "$LAB_DAEMON_LOG" "$(lab_daemon_pid)"
[ "$(grep -c "^0 bindings$" "$LAB_DAEMON_LOG")" -ge 1 ] || fail "the binding table is not empty"
check "a deletion of 2,501 taps in one revision, in fragments, removes every one"
put "$P1" tap2 52:54:00:00:01:02 198.51.100.52

lab_assert_queue_clean 42
check "every queued DHCP packet got a verdict"
lab_stop_daemon
check "the daemon exits 0 on SIGTERM"
etcd_stop

# ---- TLS with a client certificate, and etcd's user authentication ----
tls=$LAB_DIR/tls
mkdir -m 0700 "$tls"
certify() { # NAME SUBJECT EXTENSIONS: a key and a certificate signed by the lab's CA
	printf '%s\n' "$3" >"$tls/$1.ext"
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$2" \
		-keyout "$tls/$1.key" -out "$tls/$1.csr" 2>/dev/null ||
		fail "openssl could not make the $1 key"
	openssl x509 -req -in "$tls/$1.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
		-CAcreateserial -days 2 -extfile "$tls/$1.ext" -out "$tls/$1.pem" 2>/dev/null ||
		fail "openssl could not make the $1 certificate"
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
	-subj /CN=nfd-lab-ca -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null ||
	fail "openssl could not make the CA"
# clientAuth too: etcd's gateway connects to etcd itself with the server's certificate
certify server /CN=etcd "subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth,clientAuth"
# no CommonName: with authentication on, etcd's gateway refuses client certificates that have
# one (it cannot map the name to a user the way gRPC clients get it)
certify client /O=nfd-lab "extendedKeyUsage=clientAuth"
ETCD=https://127.0.0.1:2379
# simple tokens expire after 2 s unused, so that the daemon's expires during the test
ETCD_ARGS+=(--cert-file "$tls/server.pem" --key-file "$tls/server.key" --client-cert-auth
	--trusted-ca-file "$tls/ca.pem" --auth-token-ttl 2)
CTL_ARGS=(--cacert "$tls/ca.pem" --cert "$tls/client.pem" --key "$tls/client.key")
etcd_start
{
	ctl user add root:rootpw && ctl user grant-role root root &&
		ctl user add host1:secret && ctl role add host1 &&
		ctl role grant-permission host1 --prefix=true read "$P1" &&
		ctl user grant-role host1 host1 && ctl auth enable
} >/dev/null || fail "etcdctl could not enable authentication"
CTL_ARGS+=(--user root:rootpw)
{
	etcd_conf "$ETCD" "$P1"
	printf 'ca-file = %s\ncert-file = %s\nkey-file = %s\n' "$tls/ca.pem" "$tls/client.pem" \
		"$tls/client.key"
	printf 'username = host1\npassword = secret\n'
} >"$LAB_CONF.d/50-etcd.conf"
# the daemon reads the client's files after dropping root: they are its group's (README)
grp=$(id -gn "${LAB_DAEMON_USER:-nobody}") || fail "no group for the daemon's user"
chgrp "$grp" "$tls" "$tls/ca.pem" "$tls/client.pem" "$tls/client.key" &&
	chmod 0750 "$tls" && chmod 0640 "$tls/ca.pem" "$tls/client.pem" "$tls/client.key" ||
	fail "cannot give the daemon's group the client's TLS files"
# Under AddressSanitizer (./run.sh test): glib-networking does TLS handshakes in a GLib pool
# thread, and the dynamic TLS of the gnutls it loads crashes LeakSanitizer's thread scan at exit
# ("Tracer caught signal 11", GCC 12's libasan on glibc 2.36).  Without __tls_get_addr
# tracking LeakSanitizer runs and still checks every allocation; binaries without ASan ignore it
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}intercept_tls_get_addr=0
LAB_PLUGINS=dhcp4 lab_start_daemon "$CONF4"
lab_wait_log "1 bindings under $P1 at revision [0-9]+ from $ETCD" 30 ||
	fail "no load over TLS with authentication"
# GLib's TLS handshakes and resolver run in pool threads: each is as confined as the main one
# (capabilities, the bounding set and seccomp are per thread; none may predate the drop)
pid=$(lab_daemon_pid)
for st in /proc/"$pid"/task/*/status; do
	grep -qx 'CapBnd:	0000000000000000' "$st" && grep -qx 'NoNewPrivs:	1' "$st" &&
		grep -qx 'Seccomp:	2' "$st" && grep -q "^Uid:	$(id -u "${LAB_DAEMON_USER:-nobody}")	" "$st" ||
		fail "a thread of the daemon is less confined than the rest: $(grep -E '^(Name|Uid|Cap|NoNew|Seccomp)' "$st")"
done
check "each of the daemon's $(find /proc/"$pid"/task -mindepth 1 -maxdepth 1 | wc -l) threads: its user, no bounding set, no_new_privs, the filter"
check "https with a client certificate and a user's token: the bindings load"
served vm2 198.51.100.52 "over TLS the bindings serve"
put "$P1" tap2 52:54:00:00:01:02 198.51.100.62
lab_wait_log "changed binding: .*tap tap2.*198.51.100.62" 20 || fail "no change through the TLS watch"
served vm2 198.51.100.62 "a change arrives through the watch over TLS"
# let the token expire, then read everything again (SIGHUP): refused once, authenticated again
sleep 3
n=$(count_log "bindings under $P1 at revision")
lab_daemon_signal HUP
wait_log_n "bindings under $P1 at revision" $((n + 1)) 30 || fail "no full read after SIGHUP"
lab_wait_log "the token of host1 was refused .*invalid auth token.*: authenticating again" 5 ||
	fail "the expired token was not renewed"
! grep -q "reading the bindings again: .*retrying" "$LAB_DAEMON_LOG" ||
	fail "the expired token made the read fail"
check "an expired token is renewed without a failure"
! grep -q secret "$LAB_DAEMON_LOG" || fail "the password is in the log"
check "the password never appears in the log"
lab_stop_daemon
check "the daemon exits 0 on SIGTERM (TLS)"
etcd_stop
echo "e2e-etcd: all checks passed"
