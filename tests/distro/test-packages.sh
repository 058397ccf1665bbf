#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian packages of dist/ in clean Debian 12 roots (debootstrap --variant=minbase, cached):
#  - split install: nfdhcpd and nfdhcpd-plugin-dhcp4 only (apt, no recommends): the user, the
#    configuration, the drop-in and the directories are there, --list-plugins shows dhcp4 as
#    the only plugin, and a lab guest gets a lease from the installed daemon with the packaged
#    configuration and one site drop-in;
#  - upgrade from GRNET's nfdhcpd: a stand-in of its 0.16 package (its conffiles, binding and
#    log directories) is installed, its nfdhcpd.conf edited as an admin would and a binding
#    written; then ours replaces it with apt.  The edited nfdhcpd.conf, /etc/default/nfdhcpd
#    and the binding are kept byte for byte, and a lab guest gets the lease that old
#    configuration and binding describe from the upgraded daemon.
# The roots are unpacked under CACHE and removed at the end; their mounts live in private mount
# namespaces and die with them.  The lab part runs in the namespace lab (tests/lab/lab.sh).
# Prints "ok - FACT" / "not ok - FACT" lines, then 1..N.
# usage: test-packages.sh DIST CACHE
# the sh -c scripts below run in the roots: their $ expand there, not here
# shellcheck disable=SC2016
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
src=$(cd "$here/../.." && pwd)
# shellcheck source=minroot.sh
. "$here/minroot.sh"

ok() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	exit 1
}
# check FACT COMMAND...: the command must succeed, else the fact is "not ok" and the test stops
check() {
	local what=$1
	shift
	"$@" || fail "$what"
	ok "$what"
}
# run a command in ROOT; its output goes to $OUT, and is shown when it fails
in_root() {
	local root=$1
	shift
	chroot "$root" "$@" >"$OUT" 2>&1 || {
		sed 's/^/# /' "$OUT"
		return 1
	}
}

# a stand-in for GRNET's nfdhcpd 0.16 Debian package: its files, conffiles and directories
make_grnet_deb() {
	local pkg=$1/grnet
	mkdir -p "$pkg/DEBIAN" "$pkg/usr/sbin" "$pkg/etc/nfdhcpd" "$pkg/etc/default" \
		"$pkg/etc/init.d" "$pkg/etc/logrotate.d" "$pkg/var/lib/nfdhcpd" "$pkg/var/log/nfdhcpd"
	cat >"$pkg/DEBIAN/control" <<'EOF'
Package: nfdhcpd
Version: 0.16-1~jessie
Architecture: all
Maintainer: stand-in for the test <nobody@example.org>
Description: stand-in for GRNET's Python nfdhcpd 0.16 package
 Only its files and layout, for the upgrade test.
EOF
	printf '%s\n' /etc/nfdhcpd/nfdhcpd.conf /etc/default/nfdhcpd /etc/init.d/nfdhcpd \
		/etc/logrotate.d/nfdhcpd >"$pkg/DEBIAN/conffiles"
	cp "$src/tests/data/grnet-nfdhcpd.conf" "$pkg/etc/nfdhcpd/nfdhcpd.conf"
	printf 'RUN="yes"\nDAEMON_OPTS=""\nNFDHCPD_STATE_DIR=/var/lib/nfdhcpd\n' \
		>"$pkg/etc/default/nfdhcpd"
	printf '#!/bin/sh\necho "nfdhcpd 0.16 (stand-in)"\n' >"$pkg/usr/sbin/nfdhcpd"
	printf '#!/bin/sh\n# stand-in for GRNET'"'"'s init script\nexit 0\n' >"$pkg/etc/init.d/nfdhcpd"
	printf '/var/log/nfdhcpd/nfdhcpd.log {\n\tdaily\n\tmissingok\n}\n' \
		>"$pkg/etc/logrotate.d/nfdhcpd"
	chmod 0755 "$pkg/usr/sbin/nfdhcpd" "$pkg/etc/init.d/nfdhcpd"
	dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$1/nfdhcpd_0.16-1_all.deb" >/dev/null
}

# the binding both roots serve (the lab's tap1 and guest vm1)
write_binding() {
	printf '%s\n' INDEV=tap1 MAC=52:54:00:00:01:01 HOSTNAME=vm1.example.org IP=198.51.100.10 \
		SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 >"$1/var/lib/nfdhcpd/tap1"
}

# ---- in a private mount namespace, with the host's network: install the packages ----
prepare() {
	local dist=$1 cache=$2 work=$3 split=$3/split up=$3/upgrade
	OUT=$work/out
	minroot_extract "$cache" "$split" || fail "a minimal Debian 12 root (debootstrap)"
	minroot_extract "$cache" "$up" || fail "a second minimal Debian 12 root"
	ok "two clean Debian 12 minbase roots"
	mkdir -p "$split/tmp/debs" "$up/tmp/debs"
	cp "$dist"/nfdhcpd_*.deb "$dist"/nfdhcpd-plugin-*.deb "$split/tmp/debs/"
	cp "$dist"/nfdhcpd_*.deb "$dist"/nfdhcpd-plugin-*.deb "$work/nfdhcpd_0.16-1_all.deb" \
		"$up/tmp/debs/"

	# split install: the daemon and the dhcp4 plugin, nothing recommended
	minroot_mount "$split" "$cache" || fail "mounts in the split root"
	check "apt-get update in the split root" in_root "$split" sh -c \
		'DEBIAN_FRONTEND=noninteractive apt-get -q -o APT::Sandbox::User=root update'
	check "apt installs nfdhcpd and nfdhcpd-plugin-dhcp4 (no recommends) into a clean root" \
		in_root "$split" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get -q -y \
			-o APT::Sandbox::User=root --no-install-recommends install \
			/tmp/debs/nfdhcpd_*.deb /tmp/debs/nfdhcpd-plugin-dhcp4_*.deb'
	check "only those two of ours are installed" in_root "$split" sh -c \
		'[ "$(dpkg-query -W -f="\${Status} \${Package}\n" "nfdhcpd*" |
			sed -n "s/^install ok installed //p" | sort | tr "\n" " ")" = \
			"nfdhcpd nfdhcpd-plugin-dhcp4 " ]'
	check "the postinst created the nfdhcpd system user" in_root "$split" sh -c \
		'id -u nfdhcpd && [ "$(id -u nfdhcpd)" -lt 1000 ]'
	check "the postinst wrote /etc/nfdhcpd/nfdhcpd.conf from the sample" \
		cmp "$split/etc/nfdhcpd/nfdhcpd.conf" "$split/usr/share/nfdhcpd/nfdhcpd.conf"
	check "the plugin package shipped nfdhcpd.conf.d/50-dhcp4.conf (a conffile)" \
		in_root "$split" sh -c \
		'dpkg-query -W -f="\${Conffiles}" nfdhcpd-plugin-dhcp4 | grep -q 50-dhcp4.conf'
	check "the binding directory /var/lib/nfdhcpd is root's" in_root "$split" sh -c \
		'[ "$(stat -c "%U" /var/lib/nfdhcpd)" = root ]'
	in_root "$split" nfdhcpd --list-plugins || fail "nfdhcpd --list-plugins in the split root"
	sed 's/^/# /' "$OUT"
	grep -E '^[a-z0-9_]+ +[^ ]+ +plugin ' "$OUT" | awk '{print $1}' >"$work/plugins"
	[ "$(cat "$work/plugins")" = dhcp4 ] || fail "nfdhcpd --list-plugins shows only dhcp4"
	ok "nfdhcpd --list-plugins shows only dhcp4"
	grep -qE '^directory +[^ ]+ +backend ' "$OUT" && grep -qE '^static +[^ ]+ +backend ' "$OUT" ||
		fail "both binding backends are in the daemon package"
	ok "both binding backends are in the daemon package"
	check "the man pages are installed" test -f "$split/usr/share/man/man8/nfdhcpd.8.gz" \
		-a -f "$split/usr/share/man/man5/nfdhcpd.conf.5.gz" \
		-a -f "$split/usr/share/man/man5/nfdhcpd-bindings.5.gz"
	# the site's settings, as an admin adds them
	printf '[dhcp4]\nserver-ip = 198.51.100.1\nnameservers = 198.51.100.53\n' \
		>"$split/etc/nfdhcpd/nfdhcpd.conf.d/60-site.conf"
	write_binding "$split"
	check "--check-config passes on the packaged configuration" in_root "$split" \
		nfdhcpd --check-config

	# upgrade from GRNET's package: its files, an admin's edit, a binding
	minroot_mount "$up" "$cache" || fail "mounts in the upgrade root"
	check "the stand-in of GRNET's nfdhcpd 0.16 package installs" in_root "$up" \
		dpkg -i /tmp/debs/nfdhcpd_0.16-1_all.deb
	sed -i 's/^server_ip = .*/server_ip = 198.51.100.1/;
		s/^nameservers = 192.*/nameservers = 198.51.100.53, 198.51.100.54/' \
		"$up/etc/nfdhcpd/nfdhcpd.conf"
	write_binding "$up"
	sha256sum "$up/etc/nfdhcpd/nfdhcpd.conf" "$up/etc/default/nfdhcpd" \
		"$up/var/lib/nfdhcpd/tap1" >"$work/before.sha256"
	check "apt-get update in the upgrade root" in_root "$up" sh -c \
		'DEBIAN_FRONTEND=noninteractive apt-get -q -o APT::Sandbox::User=root update'
	check "apt upgrades GRNET's nfdhcpd to ours with every plugin, without a prompt" \
		in_root "$up" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get -q -y \
			-o APT::Sandbox::User=root install </dev/null \
			/tmp/debs/nfdhcpd_*_amd64.deb /tmp/debs/nfdhcpd-plugin-*.deb'
	check "the upgraded package is ours (1:0.1.0 over 0.16-1~jessie)" in_root "$up" sh -c \
		'dpkg --compare-versions "$(dpkg-query -W -f="\${Version}" nfdhcpd)" gt 0.16-1~jessie &&
		 nfdhcpd --version | grep -q "plugin API"'
	sha256sum -c --quiet "$work/before.sha256" >"$OUT" 2>&1 ||
		{ sed 's/^/# /' "$OUT"; fail "the edited nfdhcpd.conf, /etc/default/nfdhcpd and the binding are kept"; }
	ok "the edited nfdhcpd.conf, /etc/default/nfdhcpd and the binding are kept byte for byte"
	check "GRNET's nfdhcpd.conf stays on disk as an obsolete conffile of the package" \
		in_root "$up" sh -c 'dpkg-query -W -f="\${Conffiles}\n" nfdhcpd |
			grep -q "^ /etc/nfdhcpd/nfdhcpd.conf [0-9a-f]* obsolete$"'
	check "--check-config reads GRNET's nfdhcpd.conf as is" in_root "$up" \
		nfdhcpd --check-config
	grep -q "queue 42: dhcp4" "$OUT" || fail "GRNET's nfdhcpd.conf maps to the dhcp4 plugin on 42"
	ok "GRNET's nfdhcpd.conf maps to the dhcp4 plugin on queue 42"
}

# ---- in the namespace lab: the installed daemons serve a guest ----
lab_part() {
	local work=$1 root
	# shellcheck source=../lab/lab.sh
	. "$src/tests/lab/lab.sh"
	lab_require udhcpc chroot
	lab_init --lab "$work"
	unset LAB_PLUGIN_DIR LAB_BACKEND_DIR
	lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
	lab_rules 42 - - -
	for root in split upgrade; do
		root=$work/$root
		mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" &&
			mount --rbind /sys "$root/sys" || fail "mounts in $root inside the lab"
		# the installed daemon with its installed configuration: the lab's -c is ignored
		printf '#!/bin/sh\nexec chroot %s /usr/sbin/nfdhcpd --foreground\n' "$root" \
			>"$LAB_DIR/nfdhcpd-$(basename "$root")"
		chmod 0755 "$LAB_DIR/nfdhcpd-$(basename "$root")"
	done

	NFDHCPD=$LAB_DIR/nfdhcpd-split lab_start_daemon "" ||
		fail "the daemon installed in the split root starts"
	lab_wait_log "running as nfdhcpd" 2 || fail "the split root's daemon runs as nfdhcpd"
	ok "the daemon installed by the packages starts and runs as nfdhcpd"
	lab_udhcpc vm1 >/dev/null || fail "a guest gets a lease from the split root's daemon"
	[ "$(lab_client_var vm1 udhcpc ip)" = 198.51.100.10 ] &&
		[ "$(lab_client_var vm1 udhcpc dns)" = 198.51.100.53 ] ||
		fail "the lease is the binding's address with the site's DNS"
	ok "a lab guest gets its lease from the daemon installed with nfdhcpd + nfdhcpd-plugin-dhcp4"
	lab_stop_daemon || fail "the split root's daemon exits 0 on SIGTERM"
	# (the root's stat: the user names are the root's)
	[ "$(chroot "$work/split" stat -c "%a %U" /var/lib/nfdhcpd/state)" = "750 nfdhcpd" ] &&
		[ "$(chroot "$work/split" stat -c %U /var/lib/nfdhcpd)" = root ] ||
		fail "the daemon made /var/lib/nfdhcpd/state 0750 for nfdhcpd, its parent stays root's"
	ok "the daemon made /var/lib/nfdhcpd/state 0750 for nfdhcpd, its parent stays root's"

	# every plugin and backend-etcd bring glib-networking, and with it dbus, whose postinst
	# writes /etc/machine-id: set aside, so that the DUID below is made without one
	if [ -e "$work/upgrade/etc/machine-id" ]; then
		mv "$work/upgrade/etc/machine-id" "$work/upgrade/etc/machine-id.set-aside" ||
			fail "cannot set the upgrade root's /etc/machine-id aside"
	fi
	NFDHCPD=$LAB_DIR/nfdhcpd-upgrade lab_start_daemon "" ||
		fail "the upgraded daemon starts with GRNET's configuration"
	lab_udhcpc vm1 >/dev/null || fail "a guest gets a lease from the upgraded daemon"
	[ "$(lab_client_var vm1 udhcpc ip)" = 198.51.100.10 ] &&
		[ "$(lab_client_var vm1 udhcpc serverid)" = 198.51.100.1 ] &&
		[ "$(lab_client_var vm1 udhcpc dns)" = "198.51.100.53 198.51.100.54" ] ||
		fail "the lease follows GRNET's edited nfdhcpd.conf and the kept binding"
	ok "after the upgrade a guest gets the lease GRNET's nfdhcpd.conf and binding describe"
	# without /etc/machine-id the dhcp6 plugin makes a DUID and keeps it
	lab_wait_log "server DUID [0-9a-f]+ \(from random, kept in /var/lib/nfdhcpd/state/" 1 ||
		fail "without a machine-id the DHCPv6 server DUID is made and kept in the state directory"
	ok "without a machine-id the DHCPv6 server DUID is made and kept in the state directory"
	lab_stop_daemon || fail "the upgraded daemon exits 0 on SIGTERM"
	NFDHCPD=$LAB_DIR/nfdhcpd-upgrade lab_start_daemon "" || fail "the upgraded daemon restarts"
	lab_wait_log "server DUID [0-9a-f]+ \(from /var/lib/nfdhcpd/state/dhcp6-duid\)" 1 ||
		fail "after a restart the DHCPv6 server DUID comes from the state directory"
	ok "after a restart the DHCPv6 server DUID comes from the state directory"
	lab_stop_daemon || fail "the upgraded daemon exits 0 on SIGTERM"
}

case "${1:-}" in
--prepare)
	shift
	prepare "$@"
	exit 0
	;;
--lab)
	shift
	lab_part "$@"
	exit 0
	;;
esac

dist=$(readlink -f "$1")
cache=$(mkdir -p "$2" && readlink -f "$2")
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root"; exit 0; }
for t in debootstrap dpkg-deb unshare chroot; do
	command -v "$t" >/dev/null || { echo "1..0 # SKIP $t is missing"; exit 0; }
done
compgen -G "$dist/nfdhcpd_*.deb" >/dev/null || { echo "not ok - no packages in $dist"; echo "1..1"; exit 1; }
work=$(mktemp -d "$cache/test-packages.XXXXXX")
# the roots' mounts are gone with their namespaces; only then can the files go
trap 'rm -rf --one-file-system "$work"' EXIT
make_grnet_deb "$work"
rc=0
{
	unshare --mount --propagation private -- "$BASH" "$0" --prepare "$dist" "$cache" "$work" &&
		"$BASH" "$0" --lab "$work"
} | tee "$work/tap" || rc=1
grep -q '^not ok' "$work/tap" && rc=1
echo "1..$(grep -cE '^(not )?ok' "$work/tap")"
exit $rc
