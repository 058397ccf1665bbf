#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The packaged unit under a real systemd: a clean Debian 12 root (minroot.sh) gets systemd,
# nfdhcpd and nfdhcpd-plugin-dhcp4 from dist/, and is booted with systemd-nspawn (its own
# network namespace, no machined: --register=no --keep-unit).  Then, inside:
#  - nfdhcpd.service is active (Type=notify: systemd waited for READY=1), its STATUS= says it
#    serves, its main process runs as nfdhcpd with exactly CAP_NET_ADMIN and CAP_NET_RAW;
#  - /run/nfdhcpd (RuntimeDirectory=) is nfdhcpd:nfdhcpd 0750, the control socket in it
#    nfdhcpd:nfdhcpd 0660, and nfdhcpctl status answers, the kernel's queue counters n/a with
#    the reason;
#  - systemctl reload (ExecReload=nfdhcpctl reload) fails on a bad configuration, the reason in
#    the journal, the service still active; and succeeds on a good one;
#  - metrics-listen without the metrics drop-in: the restart fails and the journal names the
#    drop-in; with /usr/share/nfdhcpd/systemd/metrics.conf installed, GET /metrics answers;
#  - systemctl stop stops it cleanly.
# The host needs systemd-nspawn (systemd-container); where it cannot boot a container (no
# cgroup access, inside test-minroot's chroot: NFD_IN_MINROOT) the test says so and skips.
# Prints TAP.
# usage: test-systemd-unit.sh DIST CACHE
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=minroot.sh
. "$here/minroot.sh"

n=0
ok() { echo "ok $((n += 1)) - $1"; }
fail() {
	echo "not ok $((n += 1)) - $1"
	if [ -n "${LEADER:-}" ]; then
		echo "# journal of nfdhcpd.service:"
		in_ct journalctl -u nfdhcpd --no-pager -n 30 2>&1 | sed 's/^/#   /' || true
	fi
	echo "1..$n"
	exit 1
}
skip() {
	echo "1..0 # SKIP $1"
	exit 0
}
# a command in the booted container (all its namespaces)
in_ct() { nsenter -t "$LEADER" -a "$@"; }
# systemd-analyze security of the loaded unit (with its drop-ins), printed
exposure() {
	local score
	score=$(in_ct systemd-analyze security nfdhcpd.service 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p') || true
	echo "# systemd-analyze security nfdhcpd.service in the container, $1: ${score:-not rated}"
}

[ "$(id -u)" = 0 ] || skip "needs root"
for t in systemd-nspawn nsenter debootstrap; do
	command -v "$t" >/dev/null || skip "$t is missing (systemd-container, util-linux, debootstrap)"
done
# (test-minroot.sh runs ./run.sh test in a chroot, where nspawn installs the root but its boot
# never reaches a running manager)
[ -n "${NFD_IN_MINROOT:-}" ] && skip "inside test-minroot's chroot, systemd-nspawn cannot boot a container"
[ -d /run/systemd/system ] && skip "the host runs systemd: this test is for hosts without (it would boot a second one)"
dist=$(readlink -f "$1")
cache=$(mkdir -p "$2" && readlink -f "$2")
compgen -G "$dist/nfdhcpd_*.deb" >/dev/null || fail "no packages in $dist"

work=$(mktemp -d "$cache/test-systemd-unit.XXXXXX")
root=$work/root
NSPAWN_PID=
LEADER=
cleanup() {
	if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
		kill -TERM "$NSPAWN_PID" 2>/dev/null
		for _ in $(seq 100); do
			kill -0 "$NSPAWN_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$NSPAWN_PID" 2>/dev/null || true
	fi
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
nspawn() {
	systemd-nspawn --quiet --register=no --keep-unit -D "$root" "$@"
}

minroot_extract "$cache" "$root" || fail "a minimal Debian 12 root (debootstrap)"
mkdir -p "$cache/apt-archives/partial" "$cache/apt-lists/partial"
if ! timeout 600 systemd-nspawn --quiet --register=no --keep-unit -D "$root" \
	--bind="$cache/apt-archives:/var/cache/apt/archives" \
	--bind="$cache/apt-lists:/var/lib/apt/lists" --bind-ro="$dist:/tmp/debs" \
	/bin/sh -c 'export DEBIAN_FRONTEND=noninteractive
		apt-get -q -o APT::Sandbox::User=root update &&
		apt-get -q -y -o APT::Sandbox::User=root --no-install-recommends install \
			systemd /tmp/debs/nfdhcpd_*_amd64.deb /tmp/debs/nfdhcpd-plugin-dhcp4_*.deb' \
	>"$work/install.log" 2>&1; then
	if grep -qiE "cgroup|Failed to (create|mount|allocate)|not supported" "$work/install.log"; then
		skip "systemd-nspawn cannot run a container here: $(grep -iE 'cgroup|Failed|not supported' "$work/install.log" | head -n1)"
	fi
	sed 's/^/# /' "$work/install.log" | tail -n 20
	fail "systemd, nfdhcpd and nfdhcpd-plugin-dhcp4 install into the root (systemd-nspawn)"
fi
ok "systemd, nfdhcpd and nfdhcpd-plugin-dhcp4 installed into a clean Debian 12 root"
printf '[dhcp4]\nserver-ip = 198.51.100.1\n' >"$root/etc/nfdhcpd/nfdhcpd.conf.d/60-site.conf"
cp "$root/etc/nfdhcpd/nfdhcpd.conf.d/60-site.conf" "$work/good.conf"

# boot; the container's PID 1 is nspawn's child
timeout 900 systemd-nspawn --quiet --register=no --keep-unit --private-network -b -D "$root" \
	</dev/null >"$work/boot.log" 2>&1 &
NSPAWN_PID=$!
# (the child of timeout is systemd-nspawn, whose child is the container's PID 1)
child_of() { ps -o pid= --ppid "$1" 2>/dev/null | head -n1 | tr -d ' '; }
for _ in $(seq 300); do
	LEADER=
	nspawn_pid=$(child_of "$NSPAWN_PID") || true
	[ -n "$nspawn_pid" ] && LEADER=$(child_of "$nspawn_pid") || true
	if [ -n "$LEADER" ] && [ "$(ps -o comm= -p "$LEADER")" = systemd ]; then
		state=$(in_ct systemctl is-system-running 2>/dev/null) || true
		case $state in running | degraded) break ;; esac
	fi
	kill -0 "$NSPAWN_PID" 2>/dev/null || break
	sleep 0.2
done
if ! kill -0 "$NSPAWN_PID" 2>/dev/null || [ -z "$LEADER" ]; then
	LEADER=
	skip "systemd-nspawn -b cannot boot a container here: $(tail -n 3 "$work/boot.log" | tr '\n' ' ')"
fi
state=$(in_ct systemctl is-system-running 2>/dev/null) || true
case $state in
running | degraded) ok "the root boots under systemd-nspawn (system state: $state)" ;;
*) fail "the container did not finish booting within 60 s (state: $state)" ;;
esac

# ---- the service as systemd runs it ----
[ "$(in_ct systemctl is-active nfdhcpd)" = active ] || fail "nfdhcpd.service is active after boot"
status=$(in_ct systemctl show -p StatusText --value nfdhcpd)
[[ $status == "Serving: 1 plugins, 1 queues, 0 bindings" ]] ||
	fail "STATUS= of the service is '$status'"
ok "nfdhcpd.service is active (Type=notify), STATUS=$status"
pid=$(in_ct systemctl show -p MainPID --value nfdhcpd)
in_ct cat "/proc/$pid/status" >"$work/proc-status" || fail "the main process's /proc status"
[ "$(in_ct stat -c %U "/proc/$pid")" = nfdhcpd ] || fail "the main process does not run as nfdhcpd"
for field in CapEff CapPrm CapBnd CapAmb; do
	grep -q "^$field:[[:space:]]*0000000000003000\$" "$work/proc-status" ||
		fail "the main process's $field is not CAP_NET_ADMIN + CAP_NET_RAW: $(grep "^$field" "$work/proc-status")"
done
ok "the main process runs as nfdhcpd with exactly CAP_NET_ADMIN and CAP_NET_RAW"
[ "$(in_ct stat -c '%U:%G %a' /run/nfdhcpd)" = "nfdhcpd:nfdhcpd 750" ] ||
	fail "/run/nfdhcpd is $(in_ct stat -c '%U:%G %a' /run/nfdhcpd), not nfdhcpd:nfdhcpd 750"
[ "$(in_ct stat -c '%U:%G %a' /run/nfdhcpd/control.sock)" = "nfdhcpd:nfdhcpd 660" ] ||
	fail "the control socket is $(in_ct stat -c '%U:%G %a' /run/nfdhcpd/control.sock), not nfdhcpd:nfdhcpd 660"
ok "RuntimeDirectory= /run/nfdhcpd is nfdhcpd:nfdhcpd 0750, the control socket nfdhcpd:nfdhcpd 0660"
in_ct nfdhcpctl status >"$work/status" 2>&1 ||
	{ sed 's/^/# /' "$work/status"; fail "nfdhcpctl status against the service"; }
grep -q "running as nfdhcpd" "$work/status" && grep -Eq "^42 +dhcp4 .* n/a +n/a +n/a +n/a n/a$" "$work/status" &&
	grep -q "^(the kernel's counters are n/a: .*readable only by root" "$work/status" ||
	{ sed 's/^/# /' "$work/status"; fail "status: running as nfdhcpd, queue 42's kernel counters n/a with the reason"; }
ok "nfdhcpctl status answers; the kernel's queue counters are n/a: $(sed -n "s/^(the kernel's counters are n\/a: \(.*\))$/\1/p" "$work/status")"

# ---- systemctl reload: ExecReload=nfdhcpctl reload ----
printf '[dhcp4]\nlease-time = soon\n' >>"$root/etc/nfdhcpd/nfdhcpd.conf.d/60-site.conf"
if in_ct systemctl reload nfdhcpd >"$work/reload" 2>&1; then
	fail "systemctl reload succeeded on a bad configuration"
fi
in_ct journalctl -u nfdhcpd --no-pager -o cat >"$work/journal" 2>&1 || true
grep -q "^nfdhcpctl: .*lease-time: 'soon'" "$work/journal" ||
	{ sed 's/^/# /' "$work/journal" | tail -n 10; fail "the journal has nfdhcpctl's reason for the refused reload"; }
[ "$(in_ct systemctl is-active nfdhcpd)" = active ] || fail "the service is not active after the refused reload"
ok "systemctl reload fails on a bad configuration; the journal says why: $(grep "^nfdhcpctl: .*lease-time" "$work/journal" | tail -n1)"
cp "$work/good.conf" "$root/etc/nfdhcpd/nfdhcpd.conf.d/60-site.conf"
in_ct systemctl reload nfdhcpd >"$work/reload" 2>&1 ||
	{ sed 's/^/# /' "$work/reload"; fail "systemctl reload on a good configuration"; }
[ "$(in_ct systemctl show -p StatusText --value nfdhcpd)" = "Serving: 1 plugins, 1 queues, 0 bindings" ] ||
	fail "STATUS= after the good reload: $(in_ct systemctl show -p StatusText --value nfdhcpd)"
ok "systemctl reload succeeds on a good configuration"

exposure "as shipped"

# ---- metrics-listen: the drop-in ----
printf '[general]\nmetrics-listen = 127.0.0.1:9464\n' >"$root/etc/nfdhcpd/nfdhcpd.conf.d/70-metrics.conf"
if in_ct systemctl restart nfdhcpd >/dev/null 2>&1; then
	fail "the service started with metrics-listen but without the metrics drop-in"
fi
in_ct journalctl -u nfdhcpd --no-pager -o cat >"$work/journal" 2>&1 || true
grep -q "metrics-listen: .*EAFNOSUPPORT.*install the drop-in /usr/share/nfdhcpd/systemd/metrics.conf" \
	"$work/journal" || { sed 's/^/# /' "$work/journal" | tail -n 10; fail "the journal names the metrics drop-in"; }
ok "metrics-listen without the drop-in: the service fails and the journal names the drop-in"
in_ct install -D -m 0644 /usr/share/nfdhcpd/systemd/metrics.conf \
	/etc/systemd/system/nfdhcpd.service.d/metrics.conf || fail "installing the metrics drop-in"
in_ct systemctl daemon-reload || fail "systemctl daemon-reload"
in_ct systemctl restart nfdhcpd || fail "the service restarts with the metrics drop-in"
# shellcheck disable=SC2016
in_ct bash -c 'exec 3<>/dev/tcp/127.0.0.1/9464 && printf "GET /metrics HTTP/1.0\r\n\r\n" >&3 &&
	timeout 10 cat <&3' >"$work/metrics" 2>&1 || true
grep -q "^nfdhcpd_build_info" "$work/metrics" ||
	{ sed 's/^/# /' "$work/metrics" | head -n 10; fail "GET /metrics from the service with the drop-in"; }
ok "with /usr/share/nfdhcpd/systemd/metrics.conf installed the service serves GET /metrics"
exposure "with the metrics drop-in"

in_ct systemctl stop nfdhcpd || fail "systemctl stop"
result=$(in_ct systemctl show -p Result --value nfdhcpd)
[ "$result" = success ] || fail "the service stopped with result $result"
ok "systemctl stop: the service stops cleanly (result success)"
echo "1..$n"
