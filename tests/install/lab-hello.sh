#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The last step of the installation test: the INSTALLED daemon ($NFDHCPD, no --plugin-dir or
# --backend-dir: it finds the modules where the pc file says) loads the third-party example
# plugin that test-install.sh built out of tree and installed, and a guest in the namespace
# lab gets its answer.  Prints "ok - FACT" per check; exit 77 when the lab cannot run here.
# usage: NFDHCPD=PREFIX/sbin/nfdhcpd LAB_SH=.../tests/lab/lab.sh lab-hello.sh
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

# UDP to port 9999 of the gateway address, from the guest; prints the answer, if any
hello_probe() {
	lab_guest "$1" 5 /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect(("198.51.100.1", 9999))
s.send(b"hi")
try:
    print(s.recv(2048).decode(), end="")
except socket.timeout:
    pass
' || true
}

lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:01:02 veth off
for g in vm1 vm2; do
	tap=tap${g#vm}
	ip link set "$tap" address "$TAPMAC"
	ip -n "$g" addr add "198.51.100.1${g#vm}/24" dev eth0
	ip -n "$g" neigh replace 198.51.100.1 lladdr "$TAPMAC" dev eth0
done
iptables -w -t mangle -A PREROUTING -i tap+ -p udp --dport 9999 -j NFQUEUE --queue-num 61 \
	--queue-bypass
echo 61 >>"$LAB_DIR/queues"
lab_write_binding tap1 MAC=52:54:00:00:01:01 HOSTNAME=vm1 IP=198.51.100.11 SUBNET=198.51.100.0/24

unset LAB_PLUGIN_DIR LAB_BACKEND_DIR
LAB_PLUGINS=hello lab_start_daemon "$(printf '[hello]\nqueue = 61\n')"
grep -q "Ready to serve requests (1 plugins, 1 queues" "$LAB_DAEMON_LOG" ||
	fail "the installed daemon is not serving the example plugin's queue"
check "the installed daemon loads the third-party plugin from its plugins directory"

answer=$(hello_probe vm1)
[ "$answer" = "hello vm1" ] || fail "the guest on a bound tap got '$answer', not 'hello vm1'"
check "a guest on a bound tap gets the plugin's answer: '$answer'"
answer=$(hello_probe vm2)
[ -z "$answer" ] || fail "the guest on a tap without binding got '$answer'"
check "a guest on a tap without binding gets nothing"
lab_assert_queue_clean 61
check "every queued packet got a verdict"

lab_daemon_signal USR1
lab_wait_log "hello: greeted: 1" 3 || fail "SIGUSR1 shows no 'hello: greeted: 1'"
check "the plugin's counter is in the SIGUSR1 dump"
lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
check "the daemon stops cleanly"
