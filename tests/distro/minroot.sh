# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# minroot.sh: minimal Debian 12 roots for the package and minimal-root tests, a bash library.
#   minroot_tarball CACHE       print CACHE/bookworm-minbase.tar.gz, made once with
#                               debootstrap --variant=minbase (about 40 s and 90 MB)
#   minroot_extract CACHE ROOT  a fresh root from it, with the host's resolv.conf
#   minroot_mount ROOT [CACHE]  ROOT bound onto itself (so that unshare --mount works in a chroot
#                               there), /dev, /proc and /sys inside it, and with CACHE apt's
#                               lists and downloads from CACHE/apt-*, kept across runs; call it
#                               in a private mount namespace (unshare --mount), whose end
#                               removes them all, or undo it with minroot_umount
#   minroot_umount ROOT         umount -R ROOT
#   minroot_apt ROOT ARGS...    apt-get ARGS in ROOT, non-interactive
# Nothing here touches the host's network configuration; apt in the root uses the host's
# network and mirror (deb.debian.org, the one debootstrap uses).

MINROOT_SUITE=${MINROOT_SUITE:-bookworm}
MINROOT_MIRROR=${MINROOT_MIRROR:-http://deb.debian.org/debian}

minroot_tarball()
{
	local cache=$1 tarball=$1/$MINROOT_SUITE-minbase.tar.gz tmp
	if [ ! -s "$tarball" ]; then
		mkdir -p "$cache"
		tmp=$(mktemp -d "$cache/debootstrap.XXXXXX")
		if ! debootstrap --variant=minbase "$MINROOT_SUITE" "$tmp/root" "$MINROOT_MIRROR" \
			>"$tmp/log" 2>&1; then
			tail -n 20 "$tmp/log" >&2
			echo "minroot: debootstrap --variant=minbase $MINROOT_SUITE failed" >&2
			rm -rf "$tmp"
			return 1
		fi
		# the suites the host's packages come from too, so the root sees the same versions
		cat >"$tmp/root/etc/apt/sources.list" <<EOF
deb $MINROOT_MIRROR $MINROOT_SUITE main
deb $MINROOT_MIRROR $MINROOT_SUITE-updates main
deb http://deb.debian.org/debian-security $MINROOT_SUITE-security main
EOF
		rm -rf "$tmp/root/var/cache/apt/archives/"*.deb
		tar -C "$tmp/root" -czf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
		rm -rf "$tmp"
	fi
	echo "$tarball"
}

minroot_extract()
{
	local cache=$1 root=$2 tarball
	tarball=$(minroot_tarball "$cache") || return 1
	mkdir -p "$root"
	tar -C "$root" -xzf "$tarball" || return 1
	cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

minroot_mount()
{
	local root=$1 cache=${2:-}
	mount --rbind "$root" "$root" &&
		mount --rbind /dev "$root/dev" &&
		mount -t proc proc "$root/proc" &&
		mount --rbind /sys "$root/sys" || return 1
	[ -n "$cache" ] || return 0
	mkdir -p "$cache/apt-archives/partial" "$cache/apt-lists/partial"
	mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives" &&
		mount --bind "$cache/apt-lists" "$root/var/lib/apt/lists"
}

minroot_umount()
{
	umount -R "$1" 2>/dev/null || umount -R -l "$1" 2>/dev/null || true
}

minroot_apt()
{
	local root=$1
	shift
	DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get -q -o APT::Sandbox::User=root \
		-o Acquire::Retries=3 "$@"
}
