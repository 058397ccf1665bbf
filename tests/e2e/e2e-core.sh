#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the core with the trivial echo plugin (tests/plugins/nfd-test-echo.c):
# a real UDP datagram from a guest reaches the plugin through NFQUEUE, gets its verdict, and the
# frame the plugin built arrives in the guest.  Also: a tap without a binding is not touched,
# malformed packets get verdicts, the daemon runs as nobody with exactly CAP_NET_ADMIN and
# CAP_NET_RAW, SIGUSR1 dumps the bindings, SIGHUP applies a changed queue number, a bad config
# on SIGHUP keeps the old one, and SIGTERM exits 0.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require python3
lab_init "$@"

TAPMAC=02:00:00:00:00:fe
check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}

# the guest sends one UDP datagram to 198.51.100.1:7 and prints what comes back
udp_probe() {
	lab_guest "$1" 5 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect(("198.51.100.1", 7))
s.send(sys.argv[1].encode())
try:
    print(s.recv(2048).decode())
except socket.timeout:
    pass
' "$2" || true
}

lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:01:02 veth off
for g in vm1 vm2; do
	tap=tap${g#vm}
	ip link set "$tap" address "$TAPMAC"
	ip -n "$g" addr add 198.51.100.1${g#vm}/24 dev eth0
	ip -n "$g" neigh replace 198.51.100.1 lladdr "$TAPMAC" dev eth0
done
iptables -w -t mangle -A PREROUTING -i tap+ -p udp --dport 7 -j NFQUEUE --queue-num 50 --queue-bypass
# junk to another port on the same queue: nobody claims it, it must still get verdicts
iptables -w -t mangle -A PREROUTING -i tap+ -p udp --dport 67 -j NFQUEUE --queue-num 50 --queue-bypass
echo 50 >>"$LAB_DIR/queues"
lab_write_binding tap1 MAC=52:54:00:00:01:01 HOSTNAME=vm1 IP=198.51.100.11 SUBNET=198.51.100.0/24

LAB_PLUGINS='echo' lab_start_daemon "$(printf '[echo]\nqueue = 50\n')"

[ "$(udp_probe vm1 hello-nfd)" = hello-nfd ] || fail "guest on a bound tap got no echo"
check "guest on a bound tap gets the plugin's reply"
lab_wait_log "echoed 9 bytes" 2
check "the plugin logged the packet with its structured fields"

[ -z "$(udp_probe vm2 nobody-home)" ] || fail "guest on a tap without binding got an answer"
check "guest on a tap without binding gets nothing from the daemon"

lab_flood vm1 5 -m garbage4 -n 300 >/dev/null
[ "$(udp_probe vm1 after-flood)" = after-flood ] || fail "no echo after the flood of junk"
check "service continues after a flood of junk"
lab_assert_queue_clean 50
check "every queued packet got a verdict"

pid=$(lab_daemon_pid)
grep -q '^Uid:.*65534' "/proc/$pid/status" || fail "the daemon does not run as nobody"
capeff=$(awk '/^CapEff/{print $2}' "/proc/$pid/status")
capbnd=$(awk '/^CapBnd/{print $2}' "/proc/$pid/status")
[ "$((16#$capeff))" = "$(((1 << 12) | (1 << 13)))" ] ||
	fail "effective capabilities are $capeff, not CAP_NET_ADMIN+CAP_NET_RAW"
[ "$((16#$capbnd))" = 0 ] || fail "the bounding set is $capbnd, not empty"
check "runs as nobody with only CAP_NET_ADMIN+CAP_NET_RAW, bounding set cleared"

lab_daemon_signal USR1
lab_wait_log "tap1 .*52:54:00:00:01:01.*198.51.100.11" 3
check "SIGUSR1 dumps the binding table"

# SIGHUP with a bad config keeps the running one
cp "$LAB_CONF" "$LAB_DIR/good.conf"
sed -i 's/^queue = 50/queue = banana/' "$LAB_CONF"
lab_daemon_signal HUP
lab_wait_log "reload refused: .*; still running the previous configuration" 3
[ "$(udp_probe vm1 still-here)" = still-here ] || fail "no echo after a bad config on SIGHUP"
check "a bad config on SIGHUP keeps the old one"

# SIGHUP with a new queue number moves the plugin
sed -i 's/^queue = banana/queue = 51/' "$LAB_CONF"
iptables -w -t mangle -F PREROUTING
iptables -w -t mangle -A PREROUTING -i tap+ -p udp --dport 7 -j NFQUEUE --queue-num 51 --queue-bypass
lab_daemon_signal HUP
lab_wait_log "reloaded: 1 plugins, 1 queues" 3
[ "$(udp_probe vm1 on-51)" = on-51 ] || fail "no echo on queue 51 after SIGHUP"
grep -Eq '^ *51 ' /proc/net/netfilter/nfnetlink_queue || fail "queue 51 is not bound"
if grep -Eq '^ *50 ' /proc/net/netfilter/nfnetlink_queue; then
	fail "queue 50 is still bound after the reload moved the plugin to 51"
fi
check "SIGHUP applies a new queue number and releases the old queue"

# a binding removed while running stops service; written again, it serves again
lab_remove_binding tap1
lab_wait_log "removed binding for tap1" 3
[ -z "$(udp_probe vm1 gone)" ] || fail "a removed binding still gets an echo"
lab_write_binding tap1 MAC=52:54:00:00:01:01 HOSTNAME=vm1 IP=198.51.100.11 SUBNET=198.51.100.0/24
lab_wait_log "added binding.*tap tap1" 3
[ "$(udp_probe vm1 back)" = back ] || fail "a binding written again gets no echo"
check "bindings follow the directory while running"

lab_stop_daemon
check "SIGTERM exits 0"

# without -f: daemonize, parent exits 0 once ready, pidfile written, and on SIGTERM removed
# or, when the daemon no longer runs as root (it cannot remove it from root's directory), emptied
mkdir -p "$LAB_CONF.d" "$LAB_DIR/logs"
printf '[general]\npidfile = %s/run/nfdhcpd.pid\nlogdir = %s/logs\n' "$LAB_DIR" "$LAB_DIR" \
	>"$LAB_CONF.d/50-daemon.conf"
timeout 20 "$NFDHCPD" -c "$LAB_CONF" --plugin-dir "$LAB_PLUGIN_DIR" --backend-dir "$LAB_BACKEND_DIR" ||
	fail "the daemonizing parent exited $?, not 0"
pid=$(cat "$LAB_DIR/run/nfdhcpd.pid") || fail "no pidfile after the parent exited"
[ "$(readlink "/proc/$pid/exe")" = "$(readlink -f "$NFDHCPD")" ] ||
	fail "the pidfile's pid $pid is not nfdhcpd"
grep -q "Ready to serve requests" "$LAB_DIR/logs/nfdhcpd.log" ||
	fail "the logdir log has no 'Ready to serve requests'"
[ "$(udp_probe vm1 daemonized)" = daemonized ] || fail "the daemonized daemon does not echo"
check "without -f it daemonizes, writes the pidfile and logs to logdir"
kill -TERM "$pid"
# not our child, so no wait: poll until it is gone (the pidfile goes just before the exit)
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$pid" 2>/dev/null; then
	fail "the daemonized daemon is still running 5s after SIGTERM"
fi
[ ! -s "$LAB_DIR/run/nfdhcpd.pid" ] || fail "the pidfile still names pid $pid after SIGTERM"
check "SIGTERM removes or empties the pidfile"
echo "e2e-core: all checks passed"
