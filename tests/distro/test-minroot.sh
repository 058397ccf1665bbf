#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's first two commands as a new user meets them on a fresh minimal host: a Debian 12
# root from debootstrap --variant=minbase (no systemd, no dpkg-dev, no /etc/machine-id) gets a
# copy of the source tree in /src, and `./run.sh demo` then `./run.sh test` run there as root,
# each with a time limit.  The root is bound onto itself with /dev, /proc and /sys inside it, in
# a private mount namespace whose end removes every mount (so unshare --mount, which the lab
# needs, works in the chroot); it uses the host's network only for apt.  CACHE (the debootstrap
# tarball and apt's lists and downloads) is shared with test-packages.sh and bound into the
# root's build/distro, so the package test inside does not debootstrap again.
# Prints "ok"/"not ok" lines, the inner test's output prefixed with "minroot: ", and as its
# last line "N passed, N failed, N skipped": the inner ./run.sh test's counts plus its own.
# usage: test-minroot.sh WORKDIR CACHE SRCDIR
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=minroot.sh
. "$here/minroot.sh"
DEMO_TIMEOUT=${DEMO_TIMEOUT:-1200}
TEST_TIMEOUT=${TEST_TIMEOUT:-3600}

# ---- inside the private mount namespace ----
if [ "${1:-}" = --inner ]; then
	root=$2 cache=$3
	minroot_mount "$root" || { echo "not ok - mounts in the minimal root"; exit 1; }
	mkdir -p "$root/src/build/distro"
	mount --bind "$cache" "$root/src/build/distro"
	in_root() {
		local secs=$1
		shift
		timeout -s KILL "$secs" chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root TERM=dumb LANG=C.UTF-8 /bin/bash -c "$*"
	}
	n_ok=0 n_fail=0
	ok() { echo "ok - $1"; n_ok=$((n_ok + 1)); }
	ko() { echo "not ok - $1"; n_fail=$((n_fail + 1)); }
	if in_root 60 '! command -v systemctl && ! command -v dpkg-architecture &&
		[ ! -e /etc/machine-id ]' >/dev/null; then
		ok "the root is minimal: no systemd, no dpkg-dev, no /etc/machine-id"
	else
		ko "the root is not minimal (systemd, dpkg-dev or /etc/machine-id is there)"
	fi
	rc=0
	in_root "$DEMO_TIMEOUT" 'cd /src && ./run.sh demo' >"$root/demo.log" 2>&1 || rc=$?
	sed 's/^/minroot demo: /' "$root/demo.log"
	if [ $rc != 0 ]; then
		ko "./run.sh demo exits 0 on a minimal root (exit $rc)"
	elif ! grep -Eq '^ +\| ip +198\.51\.100\.10$' "$root/demo.log"; then
		ko "./run.sh demo: the guest got no DHCPv4 lease"
	elif ! grep -Eq '^ +\| dhcp6_name_servers +2001:db8:53::1$' "$root/demo.log"; then
		ko "./run.sh demo: the guest got no DHCPv6 answer (the dhcp6 plugin without a machine-id)"
	else
		ok "./run.sh demo on a minimal root: DHCPv4 lease and DHCPv6 answer"
	fi
	# the packages run.sh installs may bring systemd and with it /etc/machine-id (libsoup-3.0
	# -> glib-networking -> ... -> libpam-systemd): the DUID comes from it then, else it is
	# random; either way it is kept (test-packages.sh proves the no-machine-id case on its own)
	src=random
	[ -e "$root/etc/machine-id" ] && src=/etc/machine-id
	if grep -Eq "server DUID [0-9a-f]+ \\(from $src, kept in " "$root/demo.log"; then
		ok "./run.sh demo on a minimal root: the DHCPv6 DUID is made from $src and kept"
	else
		ko "./run.sh demo on a minimal root: no DHCPv6 DUID 'from $src, kept in' the state dir"
	fi
	rc=0
	in_root "$TEST_TIMEOUT" 'cd /src && ./run.sh test' >"$root/test.log" 2>&1 || rc=$?
	sed 's/^/minroot: /' "$root/test.log"
	summary=$(tail -n 1 "$root/test.log")
	if ! [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
		ko "./run.sh test on a minimal root ends with its summary (exit $rc)"
		echo "$n_ok passed, $n_fail failed, 0 skipped"
		exit 1
	fi
	if [ $rc = 0 ]; then ok "./run.sh test on a minimal root exits 0"; else ko "./run.sh test on a minimal root exits $rc"; fi
	echo "$((n_ok + BASH_REMATCH[1])) passed, $((n_fail + BASH_REMATCH[2])) failed, ${BASH_REMATCH[3]} skipped"
	[ $((n_fail + BASH_REMATCH[2])) = 0 ]
	exit
fi

work=$1 cache=$2 src=$3
[ "$(id -u)" = 0 ] || { echo "not ok - the minimal-root lane needs root"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
mkdir -p "$work" "$cache"
work=$(readlink -f "$work") cache=$(readlink -f "$cache")
root=$work/root
# a root left by an interrupted run: its mounts died with their namespace, only files remain
if grep -q " ${root}[ /]" /proc/mounts; then
	echo "not ok - $root still has mounts (another run is using it?)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
rm -rf --one-file-system "$root"
trap 'rm -rf --one-file-system "$root"' EXIT
minroot_extract "$cache" "$root" || {
	echo "not ok - a minimal Debian 12 root (debootstrap --variant=minbase)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}
# the source as a clone has it: what git tracks (and new files not ignored), no build dirs
mkdir -p "$root/src"
git -C "$src" ls-files -z --cached --others --exclude-standard |
	(cd "$src" && while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) |
	(cd "$src" && tar --null -T - -cf -) | tar -xf - -C "$root/src"
unshare --mount --propagation private -- "$BASH" "$0" --inner "$root" "$cache"
