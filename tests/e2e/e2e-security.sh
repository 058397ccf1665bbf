#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 13, the daemon's own protection, with the real daemon started as root and real clients:
#  - binding files: a symlink named like a tap, pointing at a root-only file whose first line is
#    a secret, is refused and nothing of the file reaches the log (at start-up and when renamed
#    in later); a FIFO named like a tap does not block the daemon; the external review's 64 KiB
#    file with 9,283 keys, written over and over, is refused each time, its tap keeps its
#    previous binding, and another tap's udhcpc exchange completes meanwhile; a binding only
#    root can read is not read (bindings are read after the privilege drop);
#  - the binding directory: world-writable or a symlink, the daemon refuses to start; made
#    world-writable while running, a SIGHUP is refused and the daemon keeps serving;
#  - privileges: every thread of the daemon has no_new_privs, the seccomp filter, the daemon's
#    uid and only CAP_NET_ADMIN and CAP_NET_RAW, with an empty bounding set; logging to the
#    journal works under the filter; started as that user with two ambient capabilities (as a
#    systemd unit starts it), no_new_privs and the filter are there too;
#  - a plugin file owned by the daemon's own user is refused on SIGHUP;
#  - the log file is never followed through a symlink, and a pidfile directory of the
#    daemon's user is refused: the daemonizing start fails and says why, the target intact;
#  - daemonized, with the pidfile next to the control socket in root's directory: under the
#    filter, SIGHUP reopens the log after logrotate's create and after copytruncate, and
#    SIGTERM empties the pidfile the daemon may no longer remove.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require udhcpc python3 setpriv
lab_init "$@"

check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	# a daemonized daemon is not the lab's: it goes by its pid
	[ -z "${daemonized:-}" ] || kill -KILL "$daemonized" 2>/dev/null || true
	exit 1
}

user=${LAB_DAEMON_USER:-nobody}
uid=$(id -u "$user") || fail "no user $user"
CONF4=$(printf '[dhcp4]\nqueue = 42\nserver-ip = 198.51.100.1\nlease-time = 600\n')
export LAB_PLUGINS=dhcp4

lease() {
	lab_udhcpc "$@" >/dev/null 2>&1 || true
	lab_client_var "$1" udhcpc ip || true
}

# the daemon run by hand (not through the lab), for the starts that must fail: exit status and
# output in $rc and $out
run_daemon() {
	rc=0
	out=$(timeout -s KILL 30 "$NFDHCPD" "$@" -c "$LAB_CONF" --plugin-dir "$LAB_PLUGIN_DIR" \
		--backend-dir "$LAB_BACKEND_DIR" 2>&1) || rc=$?
}

lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:01:02 veth off
lab_rules 42 - - -
binding() { # TAP MAC IP
	printf 'INDEV=%s\nMAC=%s\nIP=%s\nSUBNET=198.51.100.0/24\nGATEWAY=198.51.100.1\n' "$1" "$2" "$3"
}
binding tap1 52:54:00:00:01:01 198.51.100.11 >"$LAB_BINDINGS/tap1"
binding tap2 52:54:00:00:01:02 198.51.100.12 >"$LAB_BINDINGS/tap2"

# ---- binding files that are not binding files ----
secret="nfd-secret-$RANDOM$RANDOM-hash"
printf '%s\n' "$secret" "$(binding tap3 52:54:00:00:01:03 198.51.100.13)" >"$LAB_DIR/secret"
chmod 0600 "$LAB_DIR/secret"
ln -s "$LAB_DIR/secret" "$LAB_BINDINGS/tap3"
mkfifo "$LAB_BINDINGS/tap4"
# only root can read it: the daemon, reading bindings after the privilege drop, cannot
binding tap6 52:54:00:00:01:06 198.51.100.16 >"$LAB_BINDINGS/tap6"
chmod 0600 "$LAB_BINDINGS/tap6"
lab_start_daemon "$CONF4"
lab_wait_log "bad binding for tap3: .*/tap3: a symbolic link, not a regular file" 5 ||
	fail "the symlink named like a tap was not refused as one"
! grep -qF -- "${secret:0:8}" "$LAB_DAEMON_LOG" || fail "the log has the secret's first bytes"
check "a symlink to a root-only file is refused at start-up, nothing of the file in the log"
lab_wait_log "bad binding for tap4: .*/tap4: a FIFO, not a regular file" 5 ||
	fail "the FIFO named like a tap was not reported"
[ "$(lease vm1)" = 198.51.100.11 ] || fail "vm1 is not served next to the FIFO"
check "a FIFO named like a tap does not block the daemon"
lab_wait_log "bad binding for tap6: .*tap6: Permission denied" 5 ||
	fail "a binding only root can read was read: bindings are read as root"
check "bindings are read after the privilege drop: one only root can read is not"
ln -s "$LAB_DIR/secret" "$LAB_BINDINGS/tap5.tmp"
mv "$LAB_BINDINGS/tap5.tmp" "$LAB_BINDINGS/tap5"
lab_wait_log "bad binding for tap5: .*/tap5: a symbolic link, not a regular file" 5 ||
	fail "a symlink renamed into place was not refused"
! grep -qF -- "${secret:0:8}" "$LAB_DAEMON_LOG" || fail "the log has the secret's first bytes"
check "a symlink renamed into place later is refused too"
rm -f "$LAB_BINDINGS/tap3" "$LAB_BINDINGS/tap4" "$LAB_BINDINGS/tap5" "$LAB_BINDINGS/tap6"

# ---- what the daemon runs as: every task ----
pid=$(lab_daemon_pid)
tasks=0
for st in /proc/"$pid"/task/*/status; do
	tasks=$((tasks + 1))
	want="Uid:	$uid	$uid	$uid	$uid
CapInh:	0000000000000000
CapPrm:	0000000000003000
CapEff:	0000000000003000
CapBnd:	0000000000000000
CapAmb:	0000000000000000
NoNewPrivs:	1
Seccomp:	2"
	got=$(grep -E '^(Uid|Cap[A-Za-z]+|NoNewPrivs|Seccomp):' "$st") ||
		fail "cannot read $st"
	[ "$got" = "$want" ] || fail "$st says:
$got
instead of:
$want"
done
[ "$tasks" -ge 2 ] || fail "only $tasks task: GLib's signal thread is missing, nothing to compare"
check "all $tasks tasks: uid $user, CAP_NET_ADMIN+CAP_NET_RAW only, an empty bounding set, no_new_privs, seccomp filter"

# ---- the external review's hostile file, written over and over ----
# 65,536 bytes, 9,283 KEY=VALUE lines, a valid binding with another address: before the caps it
# took 1.3 s to parse, and was accepted
/usr/bin/python3 - "$LAB_DIR/hostile" <<'EOF'
import itertools, string, sys
head = ("INDEV=tap1\nMAC=52:54:00:00:01:01\nIP=198.51.100.99\nSUBNET=198.51.100.0/24\n"
        "GATEWAY=198.51.100.1\n")
n = 9283 - 5
keys = ["K" + "".join(p) for p in itertools.product(string.ascii_uppercase, repeat=3)][:n]
spread = 65536 - len(head) - sum(len(k) + 2 for k in keys)
lines = ["%s=%s\n" % (k, "v" * (spread // n + (i < spread % n))) for i, k in enumerate(keys)]
open(sys.argv[1], "w").write(head + "".join(lines))
EOF
[ "$(stat -c %s "$LAB_DIR/hostile")" = 65536 ] && [ "$(grep -c = "$LAB_DIR/hostile")" = 9283 ] ||
	fail "the hostile file is not 64 KiB with 9,283 keys"
lab_spawn - 120 "$LAB_DIR/storm.log" bash -c \
	"while :; do cat '$LAB_DIR/hostile' >'$LAB_BINDINGS/tap1'; sleep 0.02; done"
storm=$LAB_SID
lab_wait_log "bad binding for tap1: .*/tap1: 65536 bytes, more than the 16384 a binding file may have \(keeping the previous binding\)" 10 ||
	fail "the 64 KiB file was not refused by its size"
[ "$(lease vm2)" = 198.51.100.12 ] || fail "vm2's DHCP exchange did not complete during the storm"
check "another tap's udhcpc exchange completes while the hostile file is rewritten"
[ "$(lease vm1)" = 198.51.100.11 ] || fail "vm1 did not keep its previous binding"
check "the hostile file's tap keeps its previous binding"
lab_reap "$storm"
binding tap1 52:54:00:00:01:01 198.51.100.11 >"$LAB_BINDINGS/tap1"

# ---- the binding directory made unsafe while running ----
chmod 0777 "$LAB_BINDINGS"
lab_daemon_signal HUP
lab_wait_log "reload refused: binding directory $LAB_BINDINGS: writable by others \(owner 0, group 0, mode 0777\).*still running the previous configuration" 10 ||
	fail "a SIGHUP with a world-writable binding directory was not refused"
[ "$(lease vm2)" = 198.51.100.12 ] || fail "vm2 is not served after the refused reload"
check "SIGHUP with a world-writable binding directory is refused; the daemon keeps serving"
chmod 0755 "$LAB_BINDINGS"
lab_assert_queue_clean 42
lab_stop_daemon || fail "the daemon exited $LAB_DAEMON_RC"

# ---- the journal, under the filter: a datagram socket in the lab's own /run/systemd ----
mount -t tmpfs tmpfs /run/systemd || fail "cannot mount a tmpfs over /run/systemd in the lab"
mkdir /run/systemd/journal
lab_spawn - 60 "$LAB_DIR/journal.log" /usr/bin/python3 -u -c '
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/run/systemd/journal/socket")
while True:
    msg = s.recv(1 << 20).decode(errors="replace")
    for field in msg.split("\n"):
        if field.startswith("MESSAGE="):
            print(field, flush=True)
'
journal=$LAB_SID
for _ in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
[ -S /run/systemd/journal/socket ] || fail "the journal stand-in did not start"
# as journald's: anyone may send to it (the daemon is no longer root)
chmod 0666 /run/systemd/journal/socket
mkdir -p "$LAB_CONF.d"
printf '[general]\nlog = journal\n' >"$LAB_CONF.d/50-journal.conf"
lab_spawn - 60 "$LAB_DIR/journal-daemon.log" "$NFDHCPD" -f -c "$LAB_CONF" \
	--plugin-dir "$LAB_PLUGIN_DIR" --backend-dir "$LAB_BACKEND_DIR"
echo "$LAB_SID" >"$LAB_DIR/daemon.sid"
lab_wait_log "MESSAGE=Ready to serve requests" 10 "$LAB_DIR/journal.log" ||
	fail "no 'Ready to serve requests' in the journal: $(cat "$LAB_DIR/journal-daemon.log")"
lab_daemon_signal HUP
lab_wait_log "MESSAGE=reloaded: " 10 "$LAB_DIR/journal.log" ||
	fail "no 'reloaded' in the journal after SIGHUP"
lab_stop_daemon || fail "the daemon logging to the journal exited $LAB_DAEMON_RC (159: SIGSYS)"
check "logging to the journal (sendmsg on AF_UNIX) works under the filter, through a reload"
rm "$LAB_CONF.d/50-journal.conf"
lab_reap "$journal"
umount /run/systemd

# ---- started as its own user with two ambient capabilities, as a systemd unit starts it ----
real=$NFDHCPD
cat >"$LAB_DIR/as-unit" <<EOF
#!/bin/sh
exec setpriv --reuid=$uid --regid=$(id -g "$user") --clear-groups \\
	--inh-caps=-all,+net_admin,+net_raw --ambient-caps=-all,+net_admin,+net_raw \\
	--bounding-set=-all,+net_admin,+net_raw '$real' "\$@"
EOF
chmod 0755 "$LAB_DIR/as-unit"
# the unit's RuntimeDirectory=, the user's: root's own run/ (the starts above) is not
install -d -o "$user" -g "$(id -g "$user")" -m 0755 "$LAB_DIR/runtime"
LAB_CONTROL_SOCKET=$LAB_DIR/runtime/control.sock NFDHCPD=$LAB_DIR/as-unit \
	lab_start_daemon "$CONF4"
pid=$(lab_daemon_pid)
for st in /proc/"$pid"/task/*/status; do
	grep -q "^Uid:	$uid	$uid	$uid	$uid$" "$st" && grep -qx 'CapEff:	0000000000003000' "$st" &&
		grep -qx 'NoNewPrivs:	1' "$st" && grep -qx 'Seccomp:	2' "$st" ||
		fail "started as $user, $st says: $(grep -E '^(Uid|Cap|NoNew|Seccomp)' "$st")"
done
[ "$(lease vm2)" = 198.51.100.12 ] || fail "vm2 is not served by the daemon started as $user"
lab_daemon_signal HUP
lab_wait_log "reloaded: " 10 || fail "no reload under the filter when started as $user"
lab_stop_daemon || fail "the daemon started as $user exited $LAB_DAEMON_RC (159: SIGSYS)"
check "started as $user with ambient capabilities: no_new_privs and the filter on every thread, serving, reloading"

# ---- the binding directory unsafe at start-up ----
chmod 01777 "$LAB_BINDINGS"
run_daemon -f
[ "$rc" = 1 ] || fail "the daemon started ($rc) with a world-writable binding directory: $out"
[[ $out == *"binding directory $LAB_BINDINGS: writable by others (owner 0, group 0, mode 1777)"* ]] ||
	fail "the refusal does not name path, owner and mode: $out"
check "a world-writable (sticky) binding directory: the daemon refuses to start, naming it"
chmod 0755 "$LAB_BINDINGS"
mv "$LAB_BINDINGS" "$LAB_DIR/real-bindings"
ln -s "$LAB_DIR/real-bindings" "$LAB_BINDINGS"
run_daemon -f
[ "$rc" = 1 ] || fail "the daemon started ($rc) with a symlinked binding directory: $out"
[[ $out == *"binding directory $LAB_BINDINGS: a symbolic link, not followed"* ]] ||
	fail "the refusal does not say the directory is a symlink: $out"
check "a symlinked binding directory: the daemon refuses to start"
rm "$LAB_BINDINGS"
mv "$LAB_DIR/real-bindings" "$LAB_BINDINGS"

# ---- a plugin of the daemon's own user, loaded on SIGHUP (after the drop) ----
plugins=$LAB_DIR/plugins
mkdir -m 0755 "$plugins"
cp "$LAB_PLUGIN_DIR/libnfd-plugin-dhcp4.so" "$LAB_PLUGIN_DIR/libnfd-plugin-ndp.so" "$plugins/"
chmod 0644 "$plugins"/*.so
chown "$user" "$plugins/libnfd-plugin-ndp.so"
LAB_PLUGIN_DIR=$plugins lab_start_daemon "$CONF4"
sed -i 's/^plugins = dhcp4$/plugins = dhcp4,ndp/' "$LAB_CONF"
printf '\n[ndp]\nqueue = 44\n' >>"$LAB_CONF"
lab_daemon_signal HUP
lab_wait_log "reload refused: .*$plugins/libnfd-plugin-ndp.so: owned by uid $uid \(the daemon's own user\), not by root" 10 ||
	fail "a plugin owned by the daemon's user was not refused on SIGHUP"
! lab_wait_log "reloaded:" 1 || fail "the reload with that plugin was applied"
check "a plugin file owned by the daemon's own user is refused on SIGHUP"
[ "$(lease vm2)" = 198.51.100.12 ] || fail "vm2 is not served after the refused reload"
lab_stop_daemon || fail "the daemon exited $LAB_DAEMON_RC"

# ---- pidfile and log file, daemonized ----
printf 'precious\n' >"$LAB_DIR/victim"
chmod 0600 "$LAB_DIR/victim"
# run/ is root's already: the control socket's directory (lab_start_daemon), as in the sample
# configuration, which puts the pidfile next to the socket
mkdir -m 0755 "$LAB_DIR/logs"
[ -d "$LAB_DIR/run" ] || mkdir -m 0755 "$LAB_DIR/run"
ln -s "$LAB_DIR/victim" "$LAB_DIR/logs/nfdhcpd.log"
mkdir -p "$LAB_CONF.d"
printf '[general]\npidfile = %s/run/nfdhcpd.pid\nlogdir = %s/logs\n' "$LAB_DIR" "$LAB_DIR" \
	>"$LAB_CONF.d/50-daemon.conf"
run_daemon
[ "$rc" = 1 ] || fail "the daemonizing start exited $rc with the log file a symlink: $out"
[[ $out == *"cannot open log file $LAB_DIR/logs/nfdhcpd.log: a symbolic link, not followed"* ]] ||
	fail "the refusal does not say the log file is a symlink: $out"
[ "$(cat "$LAB_DIR/victim")" = precious ] || fail "the symlink's target was written to"
[ "$(stat -c %u "$LAB_DIR/victim")" = 0 ] || fail "the symlink's target changed owner"
check "a log file that is a symlink: not followed, the start refused, the target intact"
rm "$LAB_DIR/logs/nfdhcpd.log"

# ---- daemonized: the log reopened after logrotate, under the filter ----
log=$LAB_DIR/logs/nfdhcpd.log
run_daemon
[ "$rc" = 0 ] || fail "the daemonizing start exited $rc: $out"
daemonized=$(cat "$LAB_DIR/run/nfdhcpd.pid") || fail "no pidfile next to the control socket"
[ "$(readlink "/proc/$daemonized/exe")" = "$(readlink -f "$NFDHCPD")" ] ||
	fail "the pidfile's pid $daemonized is not nfdhcpd"
[ "$(stat -c '%U %a' "$LAB_DIR/run")" = "root 750" ] ||
	fail "the control socket's and pidfile's directory is $(stat -c '%U %a' "$LAB_DIR/run")"
grep -qx 'Seccomp:	2' "/proc/$daemonized/status" || fail "the daemonized daemon has no filter"
[ "$(stat -c %U "$log")" = "$user" ] || fail "the log file is not given to $user"
check "daemonized: the pidfile next to the control socket in root's directory, the log $user's"
mv "$log" "$log.1"
install -o "$user" -g "$(id -g "$user")" -m 0640 /dev/null "$log"
kill -HUP "$daemonized"
lab_wait_log "reloaded: " 10 "$log" || fail "no 'reloaded:' in the new log file after SIGHUP"
grep -q "reloaded: " "$log.1" && fail "the reload was logged in the rotated file"
check "logrotate's create: after SIGHUP the daemon logs to the new file"
cp "$log" "$log.2"
: >"$log"
kill -HUP "$daemonized"
lab_wait_log "reloaded: " 10 "$log" || fail "no 'reloaded:' in the truncated log file after SIGHUP"
check "logrotate's copytruncate: the daemon goes on logging to the truncated file"
kill -TERM "$daemonized"
for _ in $(seq 100); do kill -0 "$daemonized" 2>/dev/null || break; sleep 0.05; done
kill -0 "$daemonized" 2>/dev/null && fail "the daemonized daemon is still running 5 s after SIGTERM"
grep -q "stopped" "$log" || fail "the daemon did not log that it stopped (killed by its filter?)"
daemonized=
[ -s "$LAB_DIR/run/nfdhcpd.pid" ] && fail "the pidfile still names a pid after SIGTERM"
check "SIGTERM: the daemon stops cleanly and empties the pidfile it may not remove"
rm "$LAB_DIR/run/nfdhcpd.pid"
chown "$user" "$LAB_DIR/run"
run_daemon
[ "$rc" = 1 ] || fail "the daemonizing start exited $rc with a pidfile directory of $user: $out"
grep -q "pidfile directory $LAB_DIR/run: not owned by root (owner $uid," "$LAB_DIR/logs/nfdhcpd.log" ||
	fail "the log does not say why the pidfile directory was refused: $(cat "$LAB_DIR/logs/nfdhcpd.log")"
[ ! -e "$LAB_DIR/run/nfdhcpd.pid" ] || fail "a pidfile was written in the daemon user's directory"
check "a pidfile directory of the daemon's user: the start refused, saying why"
echo "e2e-security: all checks passed"
