#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The daemon as the systemd unit runs it: started directly as an unprivileged user with the
# ambient capabilities CAP_NET_ADMIN and CAP_NET_RAW and a bounding set of those two (setpriv
# does what User=, AmbientCapabilities= and CapabilityBoundingSet= do), and $NOTIFY_SOCKET
# pointing at a datagram socket of the test.  Checks the sd_notify(3) messages (READY=1 with
# STATUS= counts once serving, RELOADING=1 then READY=1 around good and refused reloads,
# STOPPING=1), that a guest gets a lease, that the daemon says it had nothing to drop and keeps
# exactly the two capabilities, and that extra capabilities it is given are dropped.
# Skips (77) when the daemon was built without libsystemd (NFD_HAVE_LIBSYSTEMD=0).
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require setpriv udhcpc /usr/bin/python3
[ "${NFD_HAVE_LIBSYSTEMD:-1}" = 1 ] || lab_skip "the daemon is built without libsystemd"
lab_init "$@"

USER_NAME=nobody
NOTIFY_LOG=$LAB_DIR/notify.log
REAL_NFDHCPD=$NFDHCPD
n=0
check() { echo "ok $((n += 1)) - $1"; }
fail() {
	echo "not ok $((n += 1)) - $1"
	if [ -f "$NOTIFY_LOG" ]; then
		echo "# notifications received:"
		sed 's/^/#   /' "$NOTIFY_LOG"
	fi
	echo "# daemon log:"
	sed 's/^/#   /' "$LAB_DAEMON_LOG" 2>/dev/null || true
	exit 1
}

# a notification listener like the service manager's: one line per datagram, '|' for newlines
start_listener() {
	rm -f "$LAB_DIR/notify.sock" "$NOTIFY_LOG"
	: >"$NOTIFY_LOG"
	lab_spawn - 120 "$LAB_DIR/listener.log" /usr/bin/python3 -c '
import os, socket, sys
path, log = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o777)
with open(log, "a") as out:
    while True:
        msg = s.recv(4096).decode()
        out.write(msg.replace("\n", "|") + "\n")
        out.flush()
' "$LAB_DIR/notify.sock" "$NOTIFY_LOG"
	for _ in $(seq 100); do
		[ -S "$LAB_DIR/notify.sock" ] && return 0
		sleep 0.05
	done
	fail "the notification listener did not create its socket"
}

# the Nth (1-based) notification line matching REGEX, waiting up to 10 s
wait_notify() {
	local re=$1 nth=${2:-1}
	for _ in $(seq 200); do
		[ "$(grep -Ec -- "$re" "$NOTIFY_LOG")" -ge "$nth" ] && return 0
		sleep 0.05
	done
	fail "no notification #$nth matching '$re' within 10 s"
}

# the unit's SystemCallFilter= lines as the list of calls systemd allows (groups expanded with
# systemd-analyze, "~" lines removed; the unit says SystemCallErrorNumber=EPERM) in $1; fails
# when the unit or systemd-analyze is missing
unit_syscalls() {
	[ -f "${NFD_UNIT:-}" ] && command -v systemd-analyze >/dev/null || return 1
	/usr/bin/python3 - "$NFD_UNIT" >"$1" <<'PY'
import subprocess, sys
groups = {}
def expand(item, seen=()):
    if not item.startswith("@"):
        return {item}
    if item not in groups:
        out = subprocess.run(["systemd-analyze", "syscall-filter", item], check=True,
                             capture_output=True, text=True).stdout.splitlines()
        groups[item] = [l.strip() for l in out[1:] if l.strip() and not l.strip().startswith("#")]
    names = set()
    for sub in groups[item]:
        if sub not in seen:
            names |= expand(sub, seen + (item,))
    return names
allow, deny = set(), set()
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("SystemCallFilter="):
        value = line.split("=", 1)[1]
        target = deny if value.startswith("~") else allow
        for item in value.lstrip("~").split():
            target |= expand(item)
if not allow:
    sys.exit("no SystemCallFilter= allow-list in " + sys.argv[1])
print("\n".join(sorted(allow - deny)))
PY
}

# "the unit": setpriv with the user, the ambient caps and the bounding set of $1; with $2, the
# file of unit_syscalls, the unit's SystemCallFilter= too (what systemd applies after setting
# the credentials, before the exec)
write_unit_wrapper() {
	local filter=
	[ -n "${2:-}" ] && filter="'$LAB_SYSCALL_FILTER' '$2'"
	cat >"$LAB_DIR/as-unit" <<EOF
#!/bin/sh
export NOTIFY_SOCKET='$LAB_DIR/notify.sock'
exec setpriv --reuid=$USER_NAME --regid=$(id -g "$USER_NAME") --clear-groups \\
	--inh-caps=-all,$1 --ambient-caps=-all,$1 --bounding-set=-all,$1 \\
	$filter '$REAL_NFDHCPD' "\$@"
EOF
	chmod 0755 "$LAB_DIR/as-unit"
	NFDHCPD=$LAB_DIR/as-unit
}

# CapEff, CapPrm and CapBnd of the daemon: exactly CAP_NET_ADMIN (12) and CAP_NET_RAW (13)
check_caps() {
	local pid field want=0000000000003000
	pid=$(lab_daemon_pid) || fail "no daemon pid"
	for field in CapEff CapPrm CapBnd CapAmb; do
		grep -q "^$field:[[:space:]]*$want\$" "/proc/$pid/status" ||
			fail "$1: $field is $(sed -n "s/^$field:[[:space:]]*//p" "/proc/$pid/status"), not $want"
	done
	[ "$(stat -c %U "/proc/$pid")" = "$USER_NAME" ] || fail "$1: the daemon does not run as $USER_NAME"
	check "$1: runs as $USER_NAME with exactly CAP_NET_ADMIN and CAP_NET_RAW"
}

lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
lab_rules 42 - - -
lab_write_binding tap1 MAC=52:54:00:00:01:01 HOSTNAME=vm1 IP=198.51.100.10 \
	SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1
conf=$(printf '[dhcp4]\nqueue = 42\nserver-ip = 198.51.100.1\nlease-time = 3600\n')

# the unit's own system call filter around the daemon, when it can be emulated (a build with
# libseccomp builds lab-syscall-filter; ./run.sh test installs systemd-analyze)
unit_filter=
if [ -x "${LAB_SYSCALL_FILTER:-}" ] && unit_syscalls "$LAB_DIR/unit-syscalls"; then
	unit_filter=$LAB_DIR/unit-syscalls
	# a sanitizer build's leak checker stops the threads with ptrace() at exit: not the
	# daemon's doing, and not in the unit's list
	if ldd "$REAL_NFDHCPD" | grep -q libasan; then
		printf '%s\n' ptrace wait4 waitid sigaltstack >>"$unit_filter"
		echo "# AddressSanitizer build: its leak checker's calls added to the unit's filter"
	fi
else
	echo "# the unit's SystemCallFilter= is not applied: no lab-syscall-filter, systemd-analyze or unit"
fi
start_listener
write_unit_wrapper +net_admin,+net_raw "$unit_filter"
# the unit's RuntimeDirectory=: made by the service manager, owned by the daemon's user
install -d -o "$USER_NAME" -g "$(id -g "$USER_NAME")" -m 0755 "$LAB_DIR/runtime"
export LAB_CONTROL_SOCKET=$LAB_DIR/runtime/control.sock
LAB_DAEMON_USER=$USER_NAME LAB_PLUGINS=dhcp4 lab_start_daemon "$conf" ||
	fail "the daemon started as $USER_NAME with two ambient capabilities"
wait_notify '^READY=1\|STATUS=Serving: 1 plugins, 1 queues, 1 bindings$'
check "READY=1 with STATUS= counts once serving"
[ "$(grep -c . "$NOTIFY_LOG")" = 1 ] || fail "more than READY=1 before anything happened"
check "nothing but READY=1 at start-up"
lab_wait_log "nothing to drop" 2 || fail "the daemon did not say it had nothing to drop"
check "the daemon notices it has nothing to drop"
check_caps "started as the unit starts it"
if [ -n "$unit_filter" ]; then
	pid=$(lab_daemon_pid) || fail "no daemon pid"
	# two filters: the unit's, then the daemon's own on top
	[ "$(awk '$1 == "Seccomp_filters:" { print $2 }' "/proc/$pid/status")" = 2 ] ||
		fail "the daemon does not run under the unit's filter and its own: $(grep -E '^Seccomp' "/proc/$pid/status")"
	check "under the unit's SystemCallFilter= ($(wc -l <"$unit_filter") calls) the daemon loads its own filter too"
fi
lab_udhcpc vm1 >/dev/null || fail "udhcpc got no lease"
[ "$(lab_client_var vm1 udhcpc ip)" = 198.51.100.10 ] || fail "the lease is not the binding's IP"
check "a guest gets its lease from the daemon started as the unit starts it"

lab_daemon_signal HUP
wait_notify '^READY=1' 2
sed -n 2p "$NOTIFY_LOG" | grep -Eq '^RELOADING=1\|STATUS=Reloading the configuration\|MONOTONIC_USEC=[0-9]+$' ||
	fail "RELOADING=1 with MONOTONIC_USEC= did not come before READY=1"
sed -n 3p "$NOTIFY_LOG" | grep -q '^READY=1|STATUS=Serving: 1 plugins, 1 queues, 1 bindings$' ||
	fail "READY=1 with the counts did not follow the reload"
check "SIGHUP: RELOADING=1 (with MONOTONIC_USEC=), then READY=1 with the counts"

printf '[general]\nplugins = dhcp4\nbinding-backend = directory\nuser = %s\n[dhcp4]\nqueue = 99999\n' \
	"$USER_NAME" >"$LAB_CONF"
lab_daemon_signal HUP
wait_notify '^READY=1' 3
sed -n 4p "$NOTIFY_LOG" | grep -q '^RELOADING=1' || fail "no RELOADING=1 before the refused reload"
sed -n 5p "$NOTIFY_LOG" | grep -q '^READY=1|STATUS=Serving: 1 plugins, 1 queues, 1 bindings; last reload failed: .*queue' ||
	fail "READY=1 after a refused reload does not say it failed"
check "a refused reload: READY=1 again, STATUS= says the reload failed and why"

lab_stop_daemon || fail "the daemon exited $LAB_DAEMON_RC on SIGTERM"
wait_notify '^STOPPING=1'
check "SIGTERM: STOPPING=1, exit 0"

# given more than it needs (CAP_NET_BIND_SERVICE, and CAP_SETPCAP that lets it shrink the bounding
# set too), it keeps only the two
start_listener
write_unit_wrapper +net_admin,+net_raw,+net_bind_service,+setpcap
LAB_DAEMON_USER=$USER_NAME LAB_PLUGINS=dhcp4 lab_start_daemon "$conf" ||
	fail "the daemon started with an extra capability"
lab_wait_log "dropped every capability but CAP_NET_ADMIN and CAP_NET_RAW" 2 ||
	fail "the daemon did not say it dropped the extra capability"
check "an extra capability: the daemon says it drops it"
check_caps "started with an extra capability"
lab_udhcpc vm1 >/dev/null || fail "udhcpc got no lease after the extra capability was dropped"
check "a guest still gets its lease"
lab_stop_daemon || fail "the daemon exited $LAB_DAEMON_RC on SIGTERM"
check "SIGTERM: exit 0"
echo "1..$n"
