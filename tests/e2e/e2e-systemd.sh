#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The daemon as the systemd unit runs it: started directly as an unprivileged user with the
# ambient capabilities CAP_NET_ADMIN and CAP_NET_RAW and a bounding set of those two (setpriv
# does what User=, AmbientCapabilities= and CapabilityBoundingSet= do), and $NOTIFY_SOCKET
# pointing at a datagram socket of the test.  Checks the sd_notify(3) messages (READY=1 with
# STATUS= counts once serving, RELOADING=1 then READY=1 around good and refused reloads,
# STOPPING=1), that a guest gets a lease, that the daemon says it had nothing to drop and keeps
# exactly the two capabilities, and that extra capabilities it is given are dropped.
# The daemon runs under nfd-unit-sandbox, the parts of the unit's seccomp filter its code meets
# (RestrictAddressFamilies=AF_NETLINK AF_PACKET AF_UNIX; chown() and friends fail with EPERM),
# with the control socket's directory made as RuntimeDirectory= makes it (the user's, the
# unit's RuntimeDirectoryMode=): the socket is the daemon's own, mode 0660, and nfdhcpctl works
# there; status shows the kernel's queue counters, which only root may read, as n/a with the
# reason; the unit's own ExecReload= command fails on a refused reload with the reason and
# succeeds on a good one.  With the metrics endpoint built: metrics-listen without the unit's
# metrics drop-in stops the daemon with a message naming the drop-in; with the address
# families the drop-in adds, it serves.  No systemd runs here (the build hosts have no PID 1
# systemd), so `systemctl reload` itself is not run here (test-systemd-unit.sh runs it): the
# unit's ExecReload= line is.
# Skips (77) when the daemon was built without libsystemd (NFD_HAVE_LIBSYSTEMD=0).
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require setpriv udhcpc /usr/bin/python3
[ "${NFD_HAVE_LIBSYSTEMD:-1}" = 1 ] || lab_skip "the daemon is built without libsystemd"
for v in NFDHCPCTL NFD_UNIT_SANDBOX NFD_UNIT; do
	[ -n "${!v:-}" ] || lab_skip "$v is not set (run it with meson test)"
done
lab_init "$@"

USER_NAME=nobody
USER_GROUP=$(id -gn "$USER_NAME")
NOTIFY_LOG=$LAB_DIR/notify.log
REAL_NFDHCPD=$NFDHCPD
SOCK=$LAB_DIR/run/control.sock
METRICS_DROPIN=$(dirname "$(readlink -f "$0")")/../../conf/nfdhcpd.service.d/metrics.conf.example
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

# "the unit": setpriv with the user, the ambient caps and the bounding set of $1, then the
# unit's address-family and chown filters (nfd-unit-sandbox; $2 is --allow-ip for the metrics
# drop-in's families) and, when $unit_filter is set (the file of unit_syscalls), the unit's
# SystemCallFilter= too (what systemd applies after setting the credentials, before the exec)
write_unit_wrapper() {
	local filter=
	[ -n "$unit_filter" ] && filter="'$LAB_SYSCALL_FILTER' '$unit_filter'"
	cat >"$LAB_DIR/as-unit" <<EOF
#!/bin/sh
export NOTIFY_SOCKET='$LAB_DIR/notify.sock'
exec setpriv --reuid=$USER_NAME --regid=$(id -g "$USER_NAME") --clear-groups \\
	--inh-caps=-all,$1 --ambient-caps=-all,$1 --bounding-set=-all,$1 \\
	'$NFD_UNIT_SANDBOX' ${2:-} $filter '$REAL_NFDHCPD' "\$@"
EOF
	chmod 0755 "$LAB_DIR/as-unit"
	NFDHCPD=$LAB_DIR/as-unit
}

# the socket's and the state's directories, as RuntimeDirectory= and StateDirectory= with
# the unit's modes make them: the user's
make_unit_dirs() {
	local mode smode
	mode=$(sed -n 's/^RuntimeDirectoryMode=//p' "$NFD_UNIT")
	smode=$(sed -n 's/^StateDirectoryMode=//p' "$NFD_UNIT")
	[ -n "$mode" ] && [ -n "$smode" ] || fail "the unit has no RuntimeDirectoryMode= or StateDirectoryMode="
	rm -rf "$LAB_DIR/run" "$LAB_DIR/state"
	install -d -m "$mode" -o "$USER_NAME" -g "$USER_GROUP" "$LAB_DIR/run"
	install -d -m "$smode" -o "$USER_NAME" -g "$USER_GROUP" "$LAB_DIR/state"
}

# the unit's ExecReload= command with the lab's socket: the program must be nfdhcpctl, and the
# unit's arguments are passed as they are
exec_reload() {
	local line prog args
	line=$(sed -n 's/^ExecReload=//p' "$NFD_UNIT")
	read -r prog args <<<"$line"
	[ "$(basename "$prog")" = nfdhcpctl ] || fail "the unit's ExecReload= is not nfdhcpctl: $line"
	# shellcheck disable=SC2086
	"$NFDHCPCTL" -s "$SOCK" $args
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
write_unit_wrapper +net_admin,+net_raw
make_unit_dirs
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
	# three filters: the unit's families and chown (nfd-unit-sandbox), the unit's
	# SystemCallFilter= (lab-syscall-filter), then the daemon's own on top
	[ "$(awk '$1 == "Seccomp_filters:" { print $2 }' "/proc/$pid/status")" = 3 ] ||
		fail "the daemon does not run under the unit's filter and its own: $(grep -E '^Seccomp' "/proc/$pid/status")"
	check "under the unit's SystemCallFilter= ($(wc -l <"$unit_filter") calls) the daemon loads its own filter too"
fi
lab_udhcpc vm1 >/dev/null || fail "udhcpc got no lease"
[ "$(lab_client_var vm1 udhcpc ip)" = 198.51.100.10 ] || fail "the lease is not the binding's IP"
check "a guest gets its lease from the daemon started as the unit starts it"

# ---- the control socket, as the unit runs the daemon ----
[ "$(stat -c '%U:%G %a' "$SOCK" 2>&1)" = "$USER_NAME:$USER_GROUP 660" ] ||
	fail "the control socket is $(stat -c '%U:%G %a' "$SOCK" 2>&1), not $USER_NAME:$USER_GROUP 660"
if grep -Eq "control socket.*cannot|WARNING|CRITICAL" "$LAB_DAEMON_LOG"; then
	fail "the daemon warned while making its control socket"
fi
check "the control socket is the daemon's own ($USER_NAME:$USER_GROUP, 0660) in the RuntimeDirectory=, chown() filtered out"
"$NFDHCPCTL" -s "$SOCK" status >"$LAB_DIR/status.txt" 2>&1 ||
	fail "nfdhcpctl status (as root) against the daemon started as the unit: $(cat "$LAB_DIR/status.txt")"
grep -q "running as $USER_NAME" "$LAB_DIR/status.txt" || fail "status does not say who the daemon runs as"
check "nfdhcpctl status answers from the daemon started as the unit starts it"
setpriv --reuid=daemon --regid="$USER_GROUP" --clear-groups "$NFDHCPCTL" -s "$SOCK" status \
	>/dev/null 2>&1 || fail "a member of the group $USER_GROUP cannot use nfdhcpctl"
rc=0
setpriv --reuid=daemon --regid=daemon --clear-groups "$NFDHCPCTL" -s "$SOCK" status \
	>"$LAB_DIR/denied.txt" 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "a user outside the group $USER_GROUP: exit $rc, not 3 ($(cat "$LAB_DIR/denied.txt"))"
check "the group $USER_GROUP may use nfdhcpctl, another user may not (exit 3)"

# ---- the kernel's queue counters: root only, so n/a with the reason ----
row=$(awk '$1 == "42" && $2 == "dhcp4"' "$LAB_DIR/status.txt")
read -r _ _ _ _ pending kdropped udropped enqueued failedopen <<<"$row"
[ "$pending $kdropped $udropped $enqueued $failedopen" = "n/a n/a n/a n/a n/a" ] ||
	fail "queue 42's kernel counters are not n/a: '$row'"
grep -q "^(the kernel's counters are n/a: /proc/net/netfilter/nfnetlink_queue is readable only by root, and the daemon was started as uid $(id -u "$USER_NAME")" \
	"$LAB_DIR/status.txt" || fail "status does not say why the kernel's counters are n/a"
check "status: the queue's kernel counters are n/a with the reason (root only), not zeros"
"$NFDHCPCTL" -s "$SOCK" --json status >"$LAB_DIR/status.json" || fail "nfdhcpctl --json status"
/usr/bin/python3 - "$LAB_DIR/status.json" <<'PY' || fail "status --json: the kernel counters are not null with a reason"
import json, sys
r = json.load(open(sys.argv[1]))["result"]
assert all(q["kernel"] is None for q in r["queues"]), r["queues"]
assert "readable only by root" in r["kernel_counters_unavailable"], r
PY
check "status --json: each queue's kernel is null, kernel_counters_unavailable says why"

lab_daemon_signal HUP
wait_notify '^READY=1' 2
sed -n 2p "$NOTIFY_LOG" | grep -Eq '^RELOADING=1\|STATUS=Reloading the configuration\|MONOTONIC_USEC=[0-9]+$' ||
	fail "RELOADING=1 with MONOTONIC_USEC= did not come before READY=1"
sed -n 3p "$NOTIFY_LOG" | grep -q '^READY=1|STATUS=Serving: 1 plugins, 1 queues, 1 bindings$' ||
	fail "READY=1 with the counts did not follow the reload"
check "SIGHUP: RELOADING=1 (with MONOTONIC_USEC=), then READY=1 with the counts"

cp "$LAB_CONF" "$LAB_DIR/good.conf"
printf '[general]\nplugins = dhcp4\nbinding-backend = directory\nuser = %s\n[dhcp4]\nqueue = 99999\n' \
	"$USER_NAME" >"$LAB_CONF"
lab_daemon_signal HUP
wait_notify '^READY=1' 3
sed -n 4p "$NOTIFY_LOG" | grep -q '^RELOADING=1' || fail "no RELOADING=1 before the refused reload"
sed -n 5p "$NOTIFY_LOG" | grep -q '^READY=1|STATUS=Serving: 1 plugins, 1 queues, 1 bindings; last reload failed: .*queue' ||
	fail "READY=1 after a refused reload does not say it failed"
check "a refused reload: READY=1 again, STATUS= says the reload failed and why"

# ---- the unit's ExecReload= (nfdhcpctl reload): fails with the reason when refused ----
rc=0
out=$(exec_reload 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "the unit's ExecReload= on a bad configuration exits $rc, not 1: $out"
grep -q "queue" <<<"$out" || fail "the unit's ExecReload= does not give the reason: $out"
wait_notify '^READY=1' 4
check "the unit's ExecReload= on a bad configuration exits 1 with the reason: $(head -n1 <<<"$out")"
cp "$LAB_DIR/good.conf" "$LAB_CONF"
out=$(exec_reload 2>&1) || fail "the unit's ExecReload= on a good configuration failed: $out"
grep -q "^reload applied" <<<"$out" || fail "the unit's ExecReload= did not say it applied: $out"
wait_notify '^READY=1' 5
sed -n 9p "$NOTIFY_LOG" | grep -q '^READY=1|STATUS=Serving: 1 plugins, 1 queues, 1 bindings$' ||
	fail "READY=1 after the reload by ExecReload= still reports a failure"
check "the unit's ExecReload= on a good configuration exits 0: $out"

lab_stop_daemon || fail "the daemon exited $LAB_DAEMON_RC on SIGTERM"
wait_notify '^STOPPING=1'
check "SIGTERM: STOPPING=1, exit 0"

# given more than it needs (CAP_NET_BIND_SERVICE, and CAP_SETPCAP that lets it shrink the bounding
# set too), it keeps only the two; and a configuration naming another user (GRNET's says
# "user = nobody" where the unit says User=nfdhcpd): the daemon stays who it was started as,
# and so does its control socket
# (not under the unit's SystemCallFilter=: its ~@privileged forbids capset(), and its
# CapabilityBoundingSet= never gives the daemon more than the two; this is a start by hand)
start_listener
saved_filter=$unit_filter
unit_filter=
write_unit_wrapper +net_admin,+net_raw,+net_bind_service,+setpcap
unit_filter=$saved_filter
make_unit_dirs
LAB_DAEMON_USER=daemon LAB_PLUGINS=dhcp4 lab_start_daemon "$conf" ||
	fail "the daemon started with an extra capability"
[ "$(stat -c '%U:%G %a' "$SOCK" 2>&1)" = "$USER_NAME:$USER_GROUP 660" ] ||
	fail "with user = daemon, the control socket is $(stat -c '%U:%G %a' "$SOCK" 2>&1), not $USER_NAME:$USER_GROUP 660"
if grep -Eq "control socket.*cannot|WARNING|CRITICAL" "$LAB_DAEMON_LOG"; then
	fail "with user = daemon, the daemon warned while making its control socket"
fi
"$NFDHCPCTL" -s "$SOCK" status >"$LAB_DIR/status.txt" 2>&1 || fail "nfdhcpctl status with user = daemon"
grep -q "running as $USER_NAME (started as that user: \[general\] user daemon does not apply)" \
	"$LAB_DIR/status.txt" || fail "with user = daemon, status does not say the daemon runs as $USER_NAME"
check "[general] user names another user: the control socket is still the daemon's own, no warning, and status says who it runs as"
lab_wait_log "dropped every capability but CAP_NET_ADMIN and CAP_NET_RAW" 2 ||
	fail "the daemon did not say it dropped the extra capability"
check "an extra capability: the daemon says it drops it"
check_caps "started with an extra capability"
lab_udhcpc vm1 >/dev/null || fail "udhcpc got no lease after the extra capability was dropped"
check "a guest still gets its lease"
lab_stop_daemon || fail "the daemon exited $LAB_DAEMON_RC on SIGTERM"
check "SIGTERM: exit 0"

# ---- metrics-listen under the unit: closed to IP unless the drop-in is installed ----
if [ "${NFD_HAVE_METRICS:-no}" = yes ]; then
	families=$(sed -n 's/^RestrictAddressFamilies=//p' "$METRICS_DROPIN")
	[ "$families" = "AF_INET AF_INET6" ] ||
		fail "the metrics drop-in does not add AF_INET AF_INET6 ('$families')"
	grep -qx 'IPAddressDeny=' "$METRICS_DROPIN" || fail "the metrics drop-in keeps IPAddressDeny=any"
	mconf=$(printf '[general]\nmetrics-listen = 127.0.0.1:9464\n%s' "$conf")
	start_listener
	write_unit_wrapper +net_admin,+net_raw
	make_unit_dirs
	if LAB_DAEMON_USER=$USER_NAME LAB_PLUGINS=dhcp4 LAB_READY_TIMEOUT=5 \
		lab_start_daemon "$mconf" >/dev/null 2>&1; then
		fail "the daemon started with metrics-listen in the unit's sandbox"
	fi
	grep -q "metrics-listen: cannot listen on 127.0.0.1 port 9464: .*EAFNOSUPPORT.*install the drop-in .*/nfdhcpd/systemd/metrics.conf as /etc/systemd/system/nfdhcpd.service.d/metrics.conf" \
		"$LAB_DAEMON_LOG" || fail "the daemon does not say which drop-in metrics-listen needs"
	check "metrics-listen without the drop-in: the daemon stops, naming it ($(grep -o 'install the drop-in [^ ]*' "$LAB_DAEMON_LOG"))"
	start_listener
	write_unit_wrapper +net_admin,+net_raw --allow-ip
	make_unit_dirs
	LAB_DAEMON_USER=$USER_NAME LAB_PLUGINS=dhcp4 lab_start_daemon "$mconf" ||
		fail "the daemon with metrics-listen and the drop-in's address families"
	/usr/bin/python3 -c '
import urllib.request
r = urllib.request.urlopen("http://127.0.0.1:9464/metrics", timeout=10)
assert b"nfdhcpd_build_info" in r.read()
' || fail "GET /metrics from the daemon with the drop-in's address families"
	check "with the drop-in's address families (AF_INET AF_INET6) the daemon serves /metrics"
	lab_stop_daemon || fail "the daemon exited $LAB_DAEMON_RC on SIGTERM"
fi
echo "1..$n"
