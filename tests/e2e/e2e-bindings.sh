#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the binding backends with the dhcp4 plugin and busybox udhcpc as the VM.
# Directory backend: a binding file written while the daemon runs (atomic write-temp-then-rename
# with a hidden temporary, the "tap7.tmp -> tap7" writer pattern, a rename from outside the
# directory, and plain `cat >` as the Ganeti hooks do) serves its VM on the very next DHCP
# request; a deleted file stops service; a file written before its tap exists serves as soon as
# the tap appears; a tap deleted and recreated with a new ifindex (VM restart) keeps being served;
# an invalid rewrite keeps the previous binding serving and is logged with file and line; other
# VMs are never affected.  Static backend ([binding:tapN] groups in a drop-in): serves, and
# follows SIGHUP (change, add, remove; a bad group keeps the running set).  `nfdhcpd
# --check-bindings` passes good files (exit 0) and names file and line of a bad one (exit 1).
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require udhcpc
lab_init "$@"

check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}
# a failed fact that later facts do not depend on: report it, go on, fail at the end
failed=0
soft_fail() {
	echo "not ok - $1" >&2
	failed=1
}

CONF4=$(printf '[dhcp4]\nqueue = 42\nserver-ip = 198.51.100.1\nlease-time = 600\n')

# gnt-networking's setup_nfdhcpd() heredoc (bindings-backends/directory/tests/data/
# make-fixtures.sh), routed shape: INDEV is the tap itself
gnt_binding() { # TAP MAC IP
	cat <<EOF

INDEV=$1
IP=$3
MAC=$2
HOSTNAME=snf-${1#tap}.vm.example.org
TAGS="nfdhcpd"
GATEWAY=198.51.100.1
SUBNET=198.51.100.0/24
GATEWAY6=
SUBNET6=
EUI64=
EOF
}

# the writers: each leaves $LAB_BINDINGS/TAP with the new content
write_cat() { # Ganeti hooks: cat > file (open, truncate, write, close)
	gnt_binding "$@" >"$LAB_BINDINGS/$1"
}
write_hidden_rename() { # mktemp beside the file, then rename(2) over it
	local tmp
	tmp=$(mktemp "$LAB_BINDINGS/.$1.XXXXXX")
	gnt_binding "$@" >"$tmp"
	chmod 0644 "$tmp" # mktemp makes 0600 and the daemon runs as nobody
	mv -f "$tmp" "$LAB_BINDINGS/$1"
}
write_tmp_rename() { # "write tap7.tmp, rename to tap7"
	gnt_binding "$@" >"$LAB_BINDINGS/$1.tmp"
	mv -f "$LAB_BINDINGS/$1.tmp" "$LAB_BINDINGS/$1"
}
write_outside_rename() { # written elsewhere on the same file system, moved in
	gnt_binding "$@" >"$LAB_DIR/staging.$1"
	mv -f "$LAB_DIR/staging.$1" "$LAB_BINDINGS/$1"
}

# one udhcpc run in guest NAME; prints the leased address (empty if none)
lease() {
	lab_udhcpc "$@" >/dev/null 2>&1 || true
	lab_client_var "$1" udhcpc ip || true
}
# a run that must fail: one try, one second
no_lease() {
	[ -z "$(lease "$1" -t 1 -T 1)" ]
}
# how many DISCOVERs the last udhcpc run of guest NAME needed
discovers() {
	grep -c 'broadcasting discover' "$LAB_DIR/$1.udhcpc.log" || true
}
# NAME EXPECTED-IP WHAT: the very first DISCOVER of a fresh run is answered with EXPECTED-IP
served_at_once() {
	local got n
	got=$(lease "$1")
	n=$(discovers "$1")
	[ "$got" = "$2" ] || fail "$3: $1 leased '${got}', expected $2"
	[ "$n" = 1 ] || fail "$3: $1 needed $n DISCOVERs (the first was not answered)"
	check "$3"
}
ifindex() {
	cat "/sys/class/net/$1/ifindex"
}
# VM restart: the tap and the guest's NIC go away, a new pair comes with a new ifindex
recreate_veth() { # NAME TAP MAC
	ip link del "$2"
	ip link add "$2" type veth peer name eth0 netns "$1"
	ip link set "$2" up
	ip -n "$1" link set eth0 address "$3"
	lab_guest_ipv6 "$1" off
	ip -n "$1" link set eth0 up
}

lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:01:02 veth off
lab_rules 42 - - -
write_cat tap2 52:54:00:00:01:02 198.51.100.12

# ---- directory backend ----
LAB_PLUGINS=dhcp4 lab_start_daemon "$CONF4"

served_at_once vm2 198.51.100.12 "a binding present at start-up serves its VM"
no_lease vm1 || fail "vm1 without a binding got a lease"
check "a VM without a binding gets no answer"

write_hidden_rename tap1 52:54:00:00:01:01 198.51.100.11
served_at_once vm1 198.51.100.11 "a binding renamed in from a hidden temporary serves on the next request"
write_cat tap1 52:54:00:00:01:01 198.51.100.21
served_at_once vm1 198.51.100.21 "a binding rewritten with cat > serves its new address on the next request"
write_tmp_rename tap1 52:54:00:00:01:01 198.51.100.31
served_at_once vm1 198.51.100.31 "a binding written as tap1.tmp and renamed serves on the next request"
write_outside_rename tap1 52:54:00:00:01:01 198.51.100.41
served_at_once vm1 198.51.100.41 "a binding moved in from outside the directory serves on the next request"
! grep -Eq 'binding.*tap1\.tmp|for \.tap1' "$LAB_DAEMON_LOG" ||
	fail "a temporary file became a binding"
check "the writers' temporary files never became bindings"

# an invalid rewrite: the old binding stays, the problem is logged with file and line
{
	gnt_binding tap1 52:54:00:00:01:01 198.51.100.41
	echo "MTU=jumbo"
} >"$LAB_BINDINGS/tap1"
lab_wait_log "bad binding for tap1: $LAB_BINDINGS/tap1: line 12: MTU: not a number .*keeping the previous binding" 3 ||
	fail "the bad rewrite was not logged naming file, line and key"
! lab_daemon_log | grep -q jumbo || fail "the log quotes the bad value (file content)"
check "an invalid rewrite is logged naming file, line and key, quoting nothing of the file"
served_at_once vm1 198.51.100.41 "after an invalid rewrite the previous binding keeps serving"
served_at_once vm2 198.51.100.12 "an invalid file does not affect other VMs"
# the same bad content written again is not reported again
{
	gnt_binding tap1 52:54:00:00:01:01 198.51.100.41
	echo "MTU=jumbo"
} >"$LAB_BINDINGS/tap1"
served_at_once vm1 198.51.100.41 "the same bad content written again still keeps the previous binding"
write_cat tap1 52:54:00:00:01:01 198.51.100.51
served_at_once vm1 198.51.100.51 "a fixed rewrite after a bad one is applied"
[ "$(grep -c 'bad binding for tap1' "$LAB_DAEMON_LOG")" = 1 ] ||
	fail "the same bad content was reported $(grep -c 'bad binding for tap1' "$LAB_DAEMON_LOG") times"
check "the same bad content is reported once"

rm -f "$LAB_BINDINGS/tap1"
no_lease vm1 || fail "vm1 still leased after its binding was deleted"
lab_wait_log "removed binding for tap1" 1
check "a deleted binding stops service at once"
write_cat tap1 52:54:00:00:01:01 198.51.100.61
mv "$LAB_BINDINGS/tap1" "$LAB_DIR/tap1.parked"
no_lease vm1 || fail "vm1 still leased after its binding was moved out"
check "a binding moved out of the directory stops service"

# a binding written before its tap exists
write_cat tap3 52:54:00:00:01:03 198.51.100.13
lab_wait_log "added binding: .*tap tap3.*\(tap not present yet\)" 3
check "a binding for a missing tap is accepted"
lab_add_guest vm3 tap3 52:54:00:00:01:03 veth off
served_at_once vm3 198.51.100.13 "a binding written before its tap serves as soon as the tap appears"
lab_wait_log "tap3 appeared \(ifindex 0 -> $(ifindex tap3)\)" 1
check "the tap's appearance is logged with its ifindex"

# VM restart: tap2 deleted and recreated with a new ifindex
old=$(ifindex tap2)
recreate_veth vm2 tap2 52:54:00:00:01:02
new=$(ifindex tap2)
[ "$old" != "$new" ] || fail "the recreated tap2 kept ifindex $old"
served_at_once vm2 198.51.100.12 "a tap recreated with a new ifindex ($old -> $new) keeps being served"
# the same, with the binding rewritten while the tap is away
n=$(grep -c "tap2 went away" "$LAB_DAEMON_LOG" || true)
ip link del tap2
lab_wait_log "tap2 went away" 2
for _ in $(seq 40); do
	[ "$(grep -c "tap2 went away" "$LAB_DAEMON_LOG")" -gt "$n" ] && break
	sleep 0.05
done
write_cat tap2 52:54:00:00:01:02 198.51.100.22
ip link add tap2 type veth peer name eth0 netns vm2
ip link set tap2 up
ip -n vm2 link set eth0 address 52:54:00:00:01:02
lab_guest_ipv6 vm2 off
ip -n vm2 link set eth0 up
served_at_once vm2 198.51.100.22 "a binding rewritten while its tap is away serves the recreated tap"

lab_daemon_signal USR1
lab_wait_log "tap2 +$(ifindex tap2) +52:54:00:00:01:02 +198.51.100.22" 3
lab_wait_log "tap3 +$(ifindex tap3) +52:54:00:00:01:03 +198.51.100.13" 1
! grep -Eq '(^| )tap1 +[0-9]+ +52:54:00:00:01:01' "$LAB_DAEMON_LOG" ||
	fail "tap1 is still in the binding table"
check "SIGUSR1's table matches the directory and the current ifindexes"

lab_assert_queue_clean 42
check "every queued DHCP packet got a verdict"
lab_stop_daemon
check "the daemon exits 0 on SIGTERM"

# ---- nfdhcpd --check-bindings ----
mkdir "$LAB_DIR/check"
cp "$LAB_BINDINGS/tap2" "$LAB_BINDINGS/tap3" "$LAB_DIR/check/"
gnt_binding tap4 52:54:00:00:01:04 198.51.100.14 >"$LAB_DIR/check/tap4.tmp" # ignored name
mkdir -m 0750 "$LAB_DIR/check/state" # the state directory lives inside the binding directory
rc=0
out=$("$NFDHCPD" --check-bindings "$LAB_DIR/check" 2>&1) || rc=$?
[ "$rc" = 0 ] || fail "--check-bindings of good files exited $rc: $out"
[[ $out == *"2 binding files valid, 0 invalid"* ]] || fail "--check-bindings said: $out"
check "--check-bindings DIR passes good files with exit 0"
sed 's/^IP=.*/IP=198.51.100.300/' "$LAB_BINDINGS/tap2" >"$LAB_DIR/check/tap5"
rc=0
out=$("$NFDHCPD" --check-bindings "$LAB_DIR/check" 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "--check-bindings with a bad file exited $rc: $out"
[[ $out == *"$LAB_DIR/check/tap5: line 3: IP: not an IPv4 address"* ]] ||
	fail "--check-bindings did not name file, line and key: $out"
[[ $out != *"198.51.100.300"* ]] || fail "--check-bindings quoted the bad value: $out"
[[ $out == *"2 binding files valid, 1 invalid"* ]] || fail "--check-bindings said: $out"
check "--check-bindings DIR reports a bad file by file, line and key, with exit 1"
rc=0
out=$("$NFDHCPD" --check-bindings "$LAB_DIR/check/tap2" "$LAB_DIR/check/tap3" 2>&1) || rc=$?
[ "$rc" = 0 ] || fail "--check-bindings FILE FILE exited $rc: $out"
rc=0
out=$("$NFDHCPD" --check-bindings "$LAB_DIR/check/tap2" "$LAB_DIR/check/tap5" 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "--check-bindings GOOD BAD exited $rc: $out"
check "--check-bindings FILE... checks the named files"

# ---- static backend: [binding:tapN] groups in a drop-in, followed on SIGHUP ----
mkdir -m 0755 "$LAB_CONF.d"
static_conf() { # TAP=IP ...: a drop-in selecting the static backend with these bindings
	local kv tap
	echo "[general]"
	echo "binding-backend = static"
	for kv in "$@"; do
		tap=${kv%%=*}
		printf '\n[binding:%s]\nmac = 52:54:00:00:01:0%s\nhostname = vm%s\n' \
			"$tap" "${tap#tap}" "${tap#tap}"
		printf 'ip = %s\nsubnet = 198.51.100.0/24\ngateway = 198.51.100.1\n' "${kv#*=}"
	done
}
static_conf tap1=198.51.100.71 >"$LAB_CONF.d/50-static.conf"
LAB_PLUGINS=dhcp4 lab_start_daemon "$CONF4"
grep -q "binding backend static: 1 bindings" "$LAB_DAEMON_LOG" ||
	fail "the static backend was not the one opened"
served_at_once vm1 198.51.100.71 "the static backend serves a [binding:tap1] group"
no_lease vm2 || fail "vm2 was served from the directory with the static backend"
check "with the static backend, the binding directory is not used"

static_conf tap1=198.51.100.72 tap2=198.51.100.82 >"$LAB_CONF.d/50-static.conf"
lab_daemon_signal HUP
lab_wait_log "reloaded: 1 plugins, 1 queues, 2 bindings" 3
grep -q "changed binding: .*tap tap1" "$LAB_DAEMON_LOG" || fail "no change event for tap1"
grep -q "added binding: .*tap tap2" "$LAB_DAEMON_LOG" || fail "no add event for tap2"
served_at_once vm1 198.51.100.72 "SIGHUP applies a changed static binding"
served_at_once vm2 198.51.100.82 "SIGHUP applies an added static binding"

static_conf tap2=198.51.100.82 >"$LAB_CONF.d/50-static.conf"
lab_daemon_signal HUP
lab_wait_log "reloaded: 1 plugins, 1 queues, 1 bindings" 3
lab_wait_log "removed binding for tap1" 1
no_lease vm1 || fail "vm1 still leased after its static group was removed"
check "SIGHUP applies a removed static binding"

{
	static_conf tap2=198.51.100.82 tap1=198.51.100.73
	echo "mtu = banana"
	printf '\n[dhcp4]\nlease-time = 900\n'
} >"$LAB_CONF.d/50-static.conf"
lab_daemon_signal HUP
lab_wait_log "reload refused: .*50-static.conf:[0-9]+.*(mtu|MTU).*; still running the previous configuration" 3
check "a bad static group on SIGHUP is refused, naming file, line and key"
served_at_once vm2 198.51.100.82 "after a refused reload the running static bindings keep serving"
no_lease vm1 || fail "vm1 was served from a refused configuration"
check "no binding of a refused static configuration is applied"
# the same refused file also changed [dhcp4] lease-time: the running 600 s must stay
lease vm2 >/dev/null
t=$(lab_client_var vm2 udhcpc lease)
if [ "$t" = 600 ]; then
	check "no plugin setting of a refused configuration is applied"
else
	soft_fail "a refused reload still changed the dhcp4 lease time (600 -> $t)"
fi

static_conf tap2=198.51.100.82 tap1=198.51.100.73 >"$LAB_CONF.d/50-static.conf"
lab_daemon_signal HUP
lab_wait_log "reloaded: 1 plugins, 1 queues, 2 bindings" 3
served_at_once vm1 198.51.100.73 "a good SIGHUP after a refused one applies the static bindings"

lab_assert_queue_clean 42
check "every queued DHCP packet got a verdict (static backend)"
lab_stop_daemon
check "the daemon exits 0 on SIGTERM (static backend)"
[ "$failed" = 0 ] || {
	echo "e2e-bindings: some checks failed" >&2
	exit 1
}
echo "e2e-bindings: all checks passed"
