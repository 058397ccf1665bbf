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
check() { echo "ok $((n += 1)) - $1"; }
n=0
meson setup "$work/build" "$src" --prefix="$prefix" -Dtests=false >"$work/setup.log" 2>&1 ||
	{ cat "$work/setup.log"; exit 1; }
ninja -C "$work/build" >"$work/ninja.log" 2>&1 || { cat "$work/ninja.log"; exit 1; }
meson install -C "$work/build" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
libdir=$(cd "$prefix" && ls -d lib/* | grep -v systemd | head -1)
[ -x "$prefix/sbin/nfdhcpd" ]; check "sbin/nfdhcpd installed"
[ -f "$prefix/etc/nfdhcpd/nfdhcpd.conf" ]; check "sample config installed"
[ -f "$prefix/lib/systemd/system/nfdhcpd.service" ]; check "systemd unit installed"
[ -f "$prefix/include/nfdhcpd-1/nfdhcpd/nfdhcpd.h" ]; check "SDK headers installed"
ls "$prefix/$libdir"/nfdhcpd/plugins-1/libnfd-plugin-*.so >/dev/null; check "plugins in plugins-1/"
ls "$prefix/$libdir"/nfdhcpd/bindings-1/libnfd-binding-*.so >/dev/null; check "backends in bindings-1/"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
pluginsdir=$(pkg-config --variable=pluginsdir nfdhcpd-plugin)
[ "$pluginsdir" = "$prefix/$libdir/nfdhcpd/plugins-1" ]; check "pc pluginsdir variable"
[ "$(pkg-config --variable=api_major nfdhcpd-plugin)" = 1 ]; check "pc api_major variable"
# the example is its own project: it sees only the installed SDK
cp -r "$src/examples/hello" "$work/hello"
meson setup "$work/hello/build" "$work/hello" >"$work/hello.log" 2>&1 || { cat "$work/hello.log"; exit 1; }
ninja -C "$work/hello/build" >>"$work/hello.log" 2>&1 && meson install -C "$work/hello/build" >>"$work/hello.log" 2>&1 ||
	{ cat "$work/hello.log"; exit 1; }
[ -f "$pluginsdir/libnfd-plugin-hello.so" ]; check "example plugin built against the installed SDK"
out=$("$prefix/sbin/nfdhcpd" --list-plugins)
for p in hello dhcp4 dhcp6 ndp ra directory static; do
	grep -q "^$p " <<<"$out" || { echo "$out"; echo "not ok - $p not listed"; exit 1; }
done
check "installed daemon lists every plugin, backend and the example with no flags"
# the shipped sample config, with the example added, passes --check-config as installed
conf=$work/nfdhcpd.conf
sed 's/^plugins = .*/plugins = dhcp4,ra,ndp,dhcp6,hello/; s|^path = .*|path = '"$work"'|' \
	"$prefix/etc/nfdhcpd/nfdhcpd.conf" >"$conf"
printf '\n[hello]\nqueue = 61\n' >>"$conf"
"$prefix/sbin/nfdhcpd" -c "$conf" --check-config >"$work/check.out" 2>&1 || { cat "$work/check.out"; exit 1; }
grep -q "queue 61: hello" "$work/check.out"; check "installed daemon loads the third-party plugin"
nm -D --defined-only "$pluginsdir/libnfd-plugin-hello.so" | grep -q ' T nfd_plugin_descriptor'
check "example plugin exports its descriptor"
echo "1..$n"
