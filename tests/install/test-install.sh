#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installation test: install nfdhcpd into a temporary prefix, build examples/hello against the
# INSTALLED SDK with pkg-config (its own meson project), install it where the pc file says, and
# check the installed daemon finds every plugin and backend with no extra flags and accepts a
# config enabling the third-party plugin.  Also checks the installed layout.
set -euo pipefail
src=$1
work=$(mktemp -d /tmp/nfd-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
n=0
ok() { echo "ok $((n += 1)) - $1"; }
fail() {
	echo "not ok $((n += 1)) - $1"
	echo "1..$n"
	exit 1
}
# check FACT COMMAND...: the command must succeed, else the fact is "not ok" and the test stops
check() {
	local what=$1
	shift
	"$@" || fail "$what"
	ok "$what"
}
# at least one file matches the glob PATTERN
has_files() { compgen -G "$1" >/dev/null; }
meson setup "$work/build" "$src" --prefix="$prefix" -Dtests=false >"$work/setup.log" 2>&1 ||
	{ cat "$work/setup.log"; exit 1; }
ninja -C "$work/build" >"$work/ninja.log" 2>&1 || { cat "$work/ninja.log"; exit 1; }
meson install -C "$work/build" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
# the library directory: the first one under lib/ that is not systemd's (lib/<multiarch>)
libdir=
for d in "$prefix"/lib/*; do
	[ "${d##*/}" = systemd ] && continue
	libdir=lib/${d##*/}
	break
done
check "a library directory under lib/" test -n "$libdir"
check "sbin/nfdhcpd installed" test -x "$prefix/sbin/nfdhcpd"
check "sbin/nfdhcpd-rules installed" test -x "$prefix/sbin/nfdhcpd-rules"
check "the unit offers nfdhcpd-rules (commented out)" \
	grep -qx "#ExecStartPre=+$prefix/sbin/nfdhcpd-rules install" \
	"$prefix/lib/systemd/system/nfdhcpd.service"
check "sample config installed" test -f "$prefix/etc/nfdhcpd/nfdhcpd.conf"
check "systemd unit installed" test -f "$prefix/lib/systemd/system/nfdhcpd.service"
check "SDK headers installed" test -f "$prefix/include/nfdhcpd-1/nfdhcpd/nfdhcpd.h"
check "plugins in plugins-1/" has_files "$prefix/$libdir/nfdhcpd/plugins-1/libnfd-plugin-*.so"
check "backends in bindings-1/" has_files "$prefix/$libdir/nfdhcpd/bindings-1/libnfd-binding-*.so"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
pluginsdir=$(pkg-config --variable=pluginsdir nfdhcpd-plugin)
check "pc pluginsdir variable" test "$pluginsdir" = "$prefix/$libdir/nfdhcpd/plugins-1"
check "pc api_major variable" test "$(pkg-config --variable=api_major nfdhcpd-plugin)" = 1
# the example is its own project: it sees only the installed SDK
cp -r "$src/examples/hello" "$work/hello"
meson setup "$work/hello/build" "$work/hello" >"$work/hello.log" 2>&1 || { cat "$work/hello.log"; exit 1; }
if ! ninja -C "$work/hello/build" >>"$work/hello.log" 2>&1 ||
	! meson install -C "$work/hello/build" >>"$work/hello.log" 2>&1; then
	cat "$work/hello.log"
	fail "example plugin builds and installs against the installed SDK"
fi
check "example plugin built against the installed SDK" test -f "$pluginsdir/libnfd-plugin-hello.so"
out=$("$prefix/sbin/nfdhcpd" --list-plugins)
mapfile -t lines <<<"$out"
for p in hello dhcp4 dhcp6 ndp ra directory static; do
	grep -q "^$p " <<<"$out" || { printf '# %s\n' "${lines[@]}"; fail "$p not listed"; }
done
ok "installed daemon lists every plugin, backend and the example with no flags"
# the shipped sample config, with the example added, passes --check-config as installed
conf=$work/nfdhcpd.conf
sed 's/^plugins = .*/plugins = dhcp4,ra,ndp,dhcp6,hello/; s|^path = .*|path = '"$work"'|' \
	"$prefix/etc/nfdhcpd/nfdhcpd.conf" >"$conf"
printf '\n[hello]\nqueue = 61\n' >>"$conf"
"$prefix/sbin/nfdhcpd" -c "$conf" --check-config >"$work/check.out" 2>&1 || { cat "$work/check.out"; exit 1; }
check "installed daemon loads the third-party plugin" grep -q "queue 61: hello" "$work/check.out"
# nfdhcpd-rules finds the installed daemon by itself and queues the third-party plugin too
"$prefix/sbin/nfdhcpd-rules" -c "$conf" show >"$work/rules.out" 2>&1 || { cat "$work/rules.out"; exit 1; }
check "installed nfdhcpd-rules queues the third-party plugin's claim" \
	grep -q -- '--comment "hello" -j NFQUEUE --queue-num 61 --queue-bypass' "$work/rules.out"
nm -D --defined-only "$pluginsdir/libnfd-plugin-hello.so" | grep -q ' T nfd_plugin_descriptor' ||
	fail "example plugin exports its descriptor"
ok "example plugin exports its descriptor"
echo "1..$n"
