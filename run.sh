#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfdhcpd's one entry point for humans and CI, on a fresh Debian 12 machine (as root):
#   ./run.sh demo          install packages, build, show the daemon serving real clients in a
#                          private network namespace, tear down
#   ./run.sh test          install packages, build, run every test, again under ASan+UBSan, the
#                          unit tests in a builtin-plugins build and in a build without the ra,
#                          dhcp6 and directory modules and the metrics endpoint, and the lanes (a -Werror build at
#                          warning_level 3, clang-format, shellcheck); the last line is
#                          "N passed, N failed, N skipped"
#   ./run.sh bench [WHAT] [quick]  benchmarks (tests/bench/bench-WHAT.sh), side by side with
#                          peers; "dhcp4 quick" only its floor/nfdhcpd ladder
#   ./run.sh build         install packages and build only
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
	-Dmetrics=disabled)

# what the build, the tests and the demo use
PACKAGES=(
	meson ninja-build pkg-config gcc libc6-dev
	libglib2.0-dev libnetfilter-queue-dev libmnl-dev libnfnetlink-dev libcap-ng-dev
	iproute2 iptables util-linux procps coreutils ethtool tcpdump python3
	busybox udhcpc isc-dhcp-client dhcpcd-base ndisc6 dnsmasq-base python3-scapy
	python3-prometheus-client
	libsoup-3.0-dev libjson-glib-dev glib-networking etcd-server etcd-client openssl
	clang-format shellcheck abigail-tools
	qemu-system-x86 cpio
	nftables radvd
)
# and what only the benchmarks use: the peers, perfdhcp (kea-admin), the profilers
BENCH_PACKAGES=(kea-admin kea-dhcp4-server valgrind linux-perf)

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

cmd_test() {
	install_packages
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
	echo
	summarize "$log1" "$log2.plain" "$log3.plain" "$log4.plain" "$LANES"
	return $rc
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

case "${1:-}" in
demo) shift; cmd_demo "$@" ;;
test) shift; cmd_test "$@" ;;
bench) shift; cmd_bench "$@" ;;
build) install_packages; build ;;
*) sed -n '3,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
