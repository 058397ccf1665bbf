#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfdhcpd's one entry point for humans and CI, on a fresh Debian 12 machine (as root):
#   ./run.sh demo          install packages, build, show the daemon serving real clients in a
#                          private network namespace, tear down
#   ./run.sh test          install packages, build, run every test, again under ASan+UBSan, the
#                          unit tests in a builtin-plugins build and in a build without the ra,
#                          dhcp6 and directory modules and the metrics endpoint, and the lanes
#                          (a -Werror build at warning_level 3, clang-format, shellcheck, the
#                          Debian packages: built, lintian, installed into clean Debian 12
#                          roots, the unit booted under systemd-nspawn); the last line is
#                          "N passed, N failed, N skipped"
#   ./run.sh bench [WHAT] [quick]  benchmarks (tests/bench/bench-WHAT.sh), side by side with
#                          peers; "dhcp4 quick" only its floor/nfdhcpd ladder
#   ./run.sh build         install packages and build only
#   ./run.sh fuzz [SECONDS [TARGET...]]  every libFuzzer target for SECONDS (default 60) each,
#                          in a clang build with everything instrumented (build-fuzz/)
#   ./run.sh package       build the Debian packages (dpkg-buildpackage -us -uc -b) into dist/
#   ./run.sh test-minroot  ./run.sh demo and ./run.sh test inside a fresh debootstrap minbase
#                          Debian 12 root (no systemd, no dpkg-dev, no machine-id); CI runs it
#                          after ./run.sh test; the last line is "N passed, N failed, N skipped"
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$PWD
BUILD=${BUILD:-$ROOT/build}
ASAN_BUILD=${ASAN_BUILD:-$ROOT/build-asan}
BUILTIN_BUILD=${BUILTIN_BUILD:-$ROOT/build-builtin}
WERROR_BUILD=${WERROR_BUILD:-$ROOT/build-werror}
MIN_BUILD=${MIN_BUILD:-$ROOT/build-min}
# the build without optional modules: every meson option must give a working daemon and suite
MIN_OPTIONS=(-Dplugin_ra=disabled -Dplugin_dhcp6=disabled -Dbinding_directory=disabled
	-Dmetrics=disabled -Dseccomp=disabled)
# the Debian packages: built from a copy of the tree in $DEB_BUILD, the .debs copied to $DIST
DEB_BUILD=${DEB_BUILD:-$ROOT/build-deb}
DIST=${DIST:-$ROOT/dist}

# what the build, the tests and the demo use
PACKAGES=(
	meson ninja-build pkg-config gcc libc6-dev
	libglib2.0-dev libnetfilter-queue-dev libmnl-dev libnfnetlink-dev libcap-ng-dev libseccomp-dev
	iproute2 iptables util-linux procps coreutils ethtool tcpdump python3
	busybox udhcpc isc-dhcp-client dhcpcd-base ndisc6 dnsmasq-base python3-scapy
	python3-prometheus-client
	libsoup-3.0-dev libjson-glib-dev glib-networking etcd-server etcd-client openssl
	clang-format shellcheck abigail-tools
	qemu-system-x86 cpio
	libsystemd-dev scdoc
	nftables radvd
)
# and what only ./run.sh test adds: man -l for the man pages, systemd-analyze for the unit's
# score, systemd-nspawn to boot the packaged unit under a real systemd (not for the demo:
# installing systemd writes /etc/machine-id, which the demo on a minimal root must do without)
TEST_PACKAGES=(man-db groff-base systemd systemd-container)
# what building and testing the Debian packages needs (./run.sh package, and ./run.sh test)
# before apt-get build-dep reads debian/control
PACKAGE_PACKAGES=(dpkg-dev debhelper fakeroot git lintian debootstrap)
# and what only the benchmarks use: the peers, perfdhcp (kea-admin), the profilers
BENCH_PACKAGES=(kea-admin kea-dhcp4-server valgrind linux-perf)
# and what only ./run.sh fuzz uses: clang and its libFuzzer + sanitizer runtimes
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
FUZZ_BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}

install_packages() {
	local missing=()
	for p in "${PACKAGES[@]}" "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "run.sh: missing packages (run as root to install): ${missing[*]}" >&2
		return 1
	fi
	echo "run.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# packages that ship a service (etcd-server, kea-dhcp4-server) must not start it on this
	# machine: the tests start their own in private namespaces (invoke-rc.d's policy hook)
	local policy=/usr/sbin/policy-rc.d created=0 rc=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 0755 "$policy" && created=1
	fi
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
		rc=$?
	[ "$created" = 0 ] || rm -f "$policy"
	return "$rc"
}

# quiet when all is well, the whole output when something fails
quiet() {
	local out
	out=$("$@" 2>&1) || { echo "$out" >&2; echo "run.sh: failed: $*" >&2; return 1; }
}

build() {
	if [ ! -f "$BUILD/build.ninja" ]; then
		quiet meson setup "$BUILD" -Dtests=true
	fi
	quiet ninja -C "$BUILD"
}

# a lane: one check that passes or fails as a whole, counted as one test in the summary (its
# output only when it fails); the result goes to $LANES in meson's summary format
lane() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "lane $name: ok"
		echo "Ok: 1" >>"$LANES"
	else
		[ -z "$out" ] || echo "$out" | tail -n 60 | sed "s/^/lane $name: /"
		echo "lane $name: FAILED: $*"
		echo "Fail: 1" >>"$LANES"
		return 1
	fi
}

# the C sources against the repository's .clang-format (Debian 12: clang-format 14)
check_format() {
	find core plugins bindings-backends testkit tests examples tools -name '*.[ch]' -print0 |
		xargs -0 clang-format --dry-run --Werror
}

# every shell script of the tree (*.sh, or a shell #! line), with the repository's .shellcheckrc
check_shell() {
	local f scripts=()
	while IFS= read -r -d '' f; do
		if [[ $f == *.sh ]] || head -n 1 "$f" | grep -qE '^#! *(/usr)?/bin/(env +)?(ba)?sh'; then
			scripts+=("$f")
		fi
	done < <(find . \( -name '.git' -o -name 'build*' -o -name '_inst*' \) -prune -o -type f \
		-print0)
	echo "shellcheck: ${#scripts[@]} scripts"
	shellcheck -x "${scripts[@]}"
}

# warning_level 3 (-Wextra -Wpedantic) with -Werror, compiled only
build_werror() {
	if [ ! -f "$WERROR_BUILD/build.ninja" ]; then
		meson setup "$WERROR_BUILD" -Dwarning_level=3 -Dwerror=true
	fi
	ninja -C "$WERROR_BUILD"
}

build_min() {
	if [ ! -f "$MIN_BUILD/build.ninja" ]; then
		meson setup "$MIN_BUILD" "${MIN_OPTIONS[@]}"
	fi
	ninja -C "$MIN_BUILD"
}

# meson's own summary (and the lanes') -> "N passed, N failed, N skipped"
summarize() {
	awk '/^Ok:/{ok+=$2} /^Expected Fail:/{ok+=$3} /^Fail:/{f+=$2} /^Unexpected Pass:/{f+=$3}
	     /^Timeout:/{f+=$2} /^Skipped:/{s+=$2}
	     END {printf "%d passed, %d failed, %d skipped\n", ok, f, s}' "$@"
}

# a TAP-printing check outside meson: its output shown prefixed, its "ok" and "not ok" lines
# counted into $EXTRA_LOG in meson's summary format (a check that fails without saying so
# counts as one failure)
tap_lane() {
	local name=$1 log rc=0
	shift
	log=$(mktemp)
	"$@" >"$log" 2>&1 || rc=1
	sed "s/^/$name: /" "$log"
	awk -v rc=$rc '/^ok/ { ok++ } /^not ok/ { f++ } /^1\.\.0 # SKIP/ { s++ }
		END { if (rc && !f) f = 1; printf "Ok: %d\nFail: %d\nSkipped: %d\n", ok, f, s }' \
		"$log" >>"$EXTRA_LOG"
	rm -f "$log"
	return $rc
}

# stdin as TAP comments
comment() { sed 's/^/# /'; }

# ./run.sh package, then lintian on what it built
package_checks() {
	local out
	if ! out=$(cmd_package 2>&1); then
		comment <<<"$out"
		echo "not ok - ./run.sh package"
		return 1
	fi
	echo "ok - ./run.sh package: $(find "$DIST" -name '*.deb' | wc -l) packages in $DIST"
	if out=$(lintian --allow-root --fail-on error "$DIST"/*.changes 2>&1); then
		echo "ok - lintian reports no errors"
		[ -z "$out" ] || comment <<<"$out"
	else
		comment <<<"$out"
		echo "not ok - lintian reports errors"
		return 1
	fi
}

cmd_test() {
	install_packages "${TEST_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}"
	build
	local rc=0 log1=$BUILD/meson-logs/run-test.txt log2=$ASAN_BUILD/run-test.txt
	LANES=$BUILD/meson-logs/lanes.txt
	: >"$LANES"
	# one cached guest kernel + initramfs (tests/vm/build-vm.sh) for both e2e-vm runs
	export NFD_VM_CACHE=${NFD_VM_CACHE:-$BUILD/vm}
	meson test -C "$BUILD" --print-errorlogs --num-processes 2 --timeout-multiplier 2 \
		2>&1 | tee "$log1" || rc=1
	# everything again (but the install test) under AddressSanitizer + UndefinedBehaviorSanitizer:
	# the end-to-end tests then run the sanitized daemon, whose exit status they check
	if [ ! -f "$ASAN_BUILD/build.ninja" ]; then
		quiet meson setup "$ASAN_BUILD" -Db_sanitize=address,undefined -Db_lundef=false \
			-Dbuildtype=debug
	fi
	quiet ninja -C "$ASAN_BUILD"
	mkdir -p "$ASAN_BUILD"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C "$ASAN_BUILD" --no-suite install --print-errorlogs --num-processes 2 \
		--timeout-multiplier 3 2>&1 | sed 's/^/asan: /' | tee "$log2" || rc=1
	sed 's/^asan: //' "$log2" >"$log2.plain"
	# the same sources linked into the daemon (-Dbuiltin_plugins=true): unit tests only
	local log3=$BUILTIN_BUILD/run-test.txt
	if [ ! -f "$BUILTIN_BUILD/build.ninja" ]; then
		quiet meson setup "$BUILTIN_BUILD" -Dbuiltin_plugins=true
	fi
	quiet ninja -C "$BUILTIN_BUILD"
	meson test -C "$BUILTIN_BUILD" --suite unit --print-errorlogs --num-processes 2 \
		2>&1 | sed 's/^/builtin: /' | tee "$log3" || rc=1
	sed 's/^builtin: //' "$log3" >"$log3.plain"
	# the same unit tests without the ra, dhcp6 and directory modules
	local log4=$MIN_BUILD/run-test.txt
	if lane min-build build_min; then
		meson test -C "$MIN_BUILD" --suite unit --print-errorlogs --num-processes 2 \
			2>&1 | sed 's/^/min: /' | tee "$log4" || rc=1
	else
		rc=1
		mkdir -p "$MIN_BUILD"
		: >"$log4"
	fi
	sed 's/^min: //' "$log4" >"$log4.plain"
	lane werror build_werror || rc=1
	lane clang-format check_format || rc=1
	lane shellcheck check_shell || rc=1
	# the Debian packages: built, lintian, installed into clean Debian 12 roots (cached there)
	EXTRA_LOG=$BUILD/meson-logs/distro.txt
	: >"$EXTRA_LOG"
	tap_lane package package_checks || rc=1
	tap_lane packages-installed "$ROOT/tests/distro/test-packages.sh" "$DIST" "$BUILD/distro" ||
		rc=1
	# the packaged unit under a real systemd (systemd-nspawn -b), where the host has none
	tap_lane systemd-unit "$ROOT/tests/distro/test-systemd-unit.sh" "$DIST" "$BUILD/distro" ||
		rc=1
	echo
	summarize "$log1" "$log2.plain" "$log3.plain" "$log4.plain" "$LANES" "$EXTRA_LOG"
	return $rc
}

# the tree as git sees it (tracked and untracked, not ignored files), for packaging; without
# git metadata (an unpacked tarball) every file but the build directories
source_files() {
	if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [ -e "$ROOT/$f" ] && printf '%s\0' "$f"; done
	else
		(cd "$ROOT" && find . \( -name .git -o -path './build*' -o -path ./dist \
			-o -path './_inst*' \) -prune -o \( -type f -o -type l \) -printf '%P\0')
	fi
}

# the Debian packages, rebuilt only when a source file changed since the last build
cmd_package() {
	install_packages "${PACKAGE_PACKAGES[@]}"
	local hash src=$DEB_BUILD/src log=$DEB_BUILD/build.log
	hash=$(cd "$ROOT" && source_files | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
	if [ -f "$DIST/.source-hash" ] && [ "$(cat "$DIST/.source-hash")" = "$hash" ] &&
		compgen -G "$DIST/nfdhcpd_*.deb" >/dev/null; then
		echo "run.sh: the packages in $DIST are up to date"
		return 0
	fi
	rm -rf "$DEB_BUILD"
	mkdir -p "$src"
	(cd "$ROOT" && source_files | tar --null -T - -cf -) | tar -xf - -C "$src"
	echo "run.sh: installing the build dependencies (debian/control)"
	export DEBIAN_FRONTEND=noninteractive
	quiet apt-get build-dep -y -qq "$src" || { quiet apt-get update && quiet apt-get build-dep -y -qq "$src"; }
	echo "run.sh: dpkg-buildpackage -us -uc -b in $src (log: $log)"
	# the unit tests run in ./run.sh test; nocheck also leaves them out of the build
	if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" \
		dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		echo "run.sh: dpkg-buildpackage failed (whole log: $log)" >&2
		return 1
	fi
	mkdir -p "$DIST"
	rm -f "$DIST"/*.deb "$DIST"/*.changes "$DIST"/*.buildinfo "$DIST/.source-hash"
	cp "$DEB_BUILD"/*.deb "$DEB_BUILD"/*.changes "$DEB_BUILD"/*.buildinfo "$DIST/"
	echo "$hash" >"$DIST/.source-hash"
	ls -1 "$DIST"/*.deb
}

# the README's first two commands on a minimal Debian 12 root (tests/distro/test-minroot.sh)
cmd_test_minroot() {
	install_packages debootstrap git
	"$ROOT/tests/distro/test-minroot.sh" "$BUILD/minroot" "$BUILD/distro" "$ROOT"
}

cmd_demo() {
	install_packages
	build
	exec "$ROOT/tests/demo/demo.sh" "$BUILD"
}

cmd_bench() {
	install_packages "${BENCH_PACKAGES[@]}"
	build
	local what=${1:-all}
	shift || true
	if [ "$what" = all ]; then
		for b in "$ROOT"/tests/bench/bench-*.sh; do
			"$b" "$BUILD" "$@"
		done
	else
		[ -x "$ROOT/tests/bench/bench-$what.sh" ] || {
			local have=() b
			for b in "$ROOT"/tests/bench/bench-*.sh; do
				b=${b##*/bench-}
				have+=("${b%.sh}")
			done
			echo "run.sh: no benchmark '$what' (have: ${have[*]})" >&2
			exit 2
		}
		exec "$ROOT/tests/bench/bench-$what.sh" "$BUILD" "$@"
	fi
}

# libFuzzer targets with their seed corpora (tests/fuzz/run-fuzz.sh prints the table); not
# part of ./run.sh test, whose fuzz suite replays the corpora
cmd_fuzz() {
	install_packages "${FUZZ_PACKAGES[@]}"
	if [ ! -f "$FUZZ_BUILD/build.ninja" ]; then
		CC=clang quiet meson setup "$FUZZ_BUILD" -Dfuzzing=true -Db_lundef=false
	fi
	quiet ninja -C "$FUZZ_BUILD"
	# the corpora replay under the instrumented build first: a seed that fails is not fuzzing
	quiet meson test -C "$FUZZ_BUILD" --suite fuzz --print-errorlogs
	exec "$ROOT/tests/fuzz/run-fuzz.sh" "$FUZZ_BUILD" "$ROOT" "$@"
}

case "${1:-}" in
demo) shift; cmd_demo "$@" ;;
test) shift; cmd_test "$@" ;;
bench) shift; cmd_bench "$@" ;;
build) install_packages; build ;;
fuzz) shift; cmd_fuzz "$@" ;;
package) shift; cmd_package "$@" ;;
test-minroot) shift; cmd_test_minroot "$@" ;;
*) sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
