#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build-vm.sh OUTDIR: the guest of the QEMU end-to-end test (tests/e2e/e2e-vm.sh), built from
# Debian packages with no image download. It fetches (apt-get download, once) the kernel package
# that linux-image-cloud-amd64 depends on and busybox-static, takes vmlinuz and the virtio NIC
# modules out of the kernel package with dpkg -x, and packs a small initramfs (cpio newc, gzip):
# the static busybox, tests/vm/init and tests/vm/udhcpc.script, and the modules in load order
# (decompressed, since busybox insmod may not read .ko.xz/.ko.zst). The debs stay in
# OUTDIR/debs; OUTDIR/vmlinuz and OUTDIR/initrd.img are rebuilt only when an input changes
# (the debs, this script, init, udhcpc.script), recorded in OUTDIR/stamp. Prints OUTDIR.
# Needs apt-get, dpkg, cpio, gzip, flock; network only while OUTDIR/debs is empty.
set -eu
SRC=$(dirname "$(readlink -f "$0")")
OUT=${1:?usage: build-vm.sh OUTDIR}
# the NIC drivers the guest needs; their dependencies are found in the modules themselves
WANT_MODULES=(virtio_pci virtio_net)

die() {
	echo "build-vm: $*" >&2
	exit 1
}

mkdir -p "$OUT/debs"
OUT=$(cd "$OUT" && pwd)
exec 9>"$OUT/.lock"
flock 9

# ---- the debs: fetched once, then the cache is the input ----
apt_dl() {
	# APT::Sandbox::User=root: the download directory need not be writable by _apt
	(cd "$OUT/debs" && apt-get download -q -o APT::Sandbox::User=root "$@") >&2
}

kernel_pkg() {
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' | head -n 1
}

fetch_debs() {
	local kpkg
	if ! ls "$OUT"/debs/linux-image-*-cloud-amd64_*.deb >/dev/null 2>&1; then
		kpkg=$(kernel_pkg)
		if [ -z "$kpkg" ]; then
			echo "build-vm: no package lists for linux-image-cloud-amd64: apt-get update" >&2
			apt-get update -qq >&2 || die "apt-get update failed"
			kpkg=$(kernel_pkg)
		fi
		[ -n "$kpkg" ] || die "apt-cache knows no linux-image-*-cloud-amd64 behind linux-image-cloud-amd64"
		apt_dl "$kpkg" || die "apt-get download $kpkg failed"
	fi
	if ! ls "$OUT"/debs/busybox-static_*.deb >/dev/null 2>&1; then
		apt_dl busybox-static || {
			apt-get update -qq >&2 || die "apt-get update failed"
			apt_dl busybox-static || die "apt-get download busybox-static failed"
		}
	fi
}

fetch_debs
debs=("$OUT"/debs/linux-image-*-cloud-amd64_*.deb)
KDEB=${debs[-1]}
debs=("$OUT"/debs/busybox-static_*.deb)
BDEB=${debs[-1]}
key=$(cat "$0" "$SRC/init" "$SRC/udhcpc.script" | sha256sum | cut -d' ' -f1)
key="$key $(basename "$KDEB") $(basename "$BDEB")"
if [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$key" ] &&
	[ -s "$OUT/vmlinuz" ] && [ -s "$OUT/initrd.img" ]; then
	echo "$OUT"
	exit 0
fi

# ---- extract and pack ----
WORK=$(mktemp -d "$OUT/work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
dpkg -x "$KDEB" "$WORK/k" || die "dpkg -x $KDEB failed"
dpkg -x "$BDEB" "$WORK/bb" || die "dpkg -x $BDEB failed"
kvers=("$WORK"/k/lib/modules/*)
if [ ${#kvers[@]} != 1 ] || [ ! -d "${kvers[0]}" ]; then
	die "$KDEB: not one module tree: ${kvers[*]}"
fi
kver=$(basename "${kvers[0]}")
MODDIR=$WORK/k/lib/modules/$kver
[ -f "$WORK/k/boot/vmlinuz-$kver" ] || die "$KDEB has no boot/vmlinuz-$kver"
[ -x "$WORK/bb/bin/busybox" ] || die "$BDEB has no bin/busybox"

R=$WORK/root
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,lib/modules}
cp "$WORK/bb/bin/busybox" "$R/bin/busybox"
install -m 0755 "$SRC/init" "$R/init"
install -m 0755 "$SRC/udhcpc.script" "$R/etc/udhcpc.script"

# module NAME -> its file under MODDIR (names use _ or - interchangeably)
declare -A modfile=()
while IFS= read -r f; do
	n=$(basename "$f")
	n=${n%%.ko*}
	modfile[${n//-/_}]=$f
done < <(find "$MODDIR/kernel" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')

decompress() { # FILE -> plain .ko on stdout
	case "$1" in
	*.ko) cat "$1" ;;
	*.ko.xz) xz -dc "$1" ;;
	*.ko.zst) zstd -qdc "$1" ;;
	*.ko.gz) gzip -dc "$1" ;;
	esac
}

# depth-first over the "depends=" entries of each module's .modinfo: dependencies first
declare -A seen=()
ORDER=()
add_module() {
	local n=${1//-/_} dep deps
	[ -z "${seen[$n]:-}" ] || return 0
	seen[$n]=1
	if [ -z "${modfile[$n]:-}" ]; then
		grep -Eq "/${n//_/[-_]}\.ko" "$MODDIR/modules.builtin" ||
			die "module $n: neither in $KDEB nor built in"
		return 0
	fi
	decompress "${modfile[$n]}" >"$R/lib/modules/$n.ko" || die "cannot decompress ${modfile[$n]}"
	deps=$(tr '\0' '\n' <"$R/lib/modules/$n.ko" | sed -n 's/^depends=//p' | head -n 1)
	for dep in ${deps//,/ }; do
		add_module "$dep"
	done
	ORDER+=("$n")
}
for m in "${WANT_MODULES[@]}"; do
	add_module "$m"
done
printf '%s\n' "${ORDER[@]}" >"$R/lib/modules/load-order"

(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) \
	>"$WORK/initrd.img" || die "cpio failed"
cp "$WORK/k/boot/vmlinuz-$kver" "$WORK/vmlinuz"
mv -f "$WORK/vmlinuz" "$OUT/vmlinuz"
mv -f "$WORK/initrd.img" "$OUT/initrd.img"
echo "$key" >"$OUT/stamp"
echo "build-vm: kernel $kver, modules: ${ORDER[*]:-(all built in)}" >&2
echo "$OUT"
