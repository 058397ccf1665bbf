#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installation test: install nfdhcpd into a temporary prefix, build examples/hello against the
# INSTALLED SDK with pkg-config (its own meson project), install it where the pc file says, and
# check the installed daemon finds every plugin and backend with no extra flags and accepts a
# config enabling the third-party plugin.  Also checks the installed layout, found where
# meson's own introspection says it installed each file (libdir is lib/<triplet> or lib64 or
# lib, depending on the host).
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
# run a step; its log is shown and the fact is "not ok" when it fails
step() {
	local what=$1 log=$work/step.log
	shift
	"$@" >"$log" 2>&1 || {
		sed 's/^/# /' "$log"
		fail "$what"
	}
	ok "$what"
}
# at least one file matches the glob PATTERN
has_files() { compgen -G "$1" >/dev/null; }
# where meson installed the build or source file whose path ends in /NAME (one such file)
installed() {
	python3 - "$work/installed.json" "$1" <<'PY'
import json, sys
hits = [dst for srcpath, dst in json.load(open(sys.argv[1])).items()
        if srcpath.endswith("/" + sys.argv[2])]
print(hits[0] if len(hits) == 1 else "")
PY
}
step "meson setup --prefix=$prefix" meson setup "$work/build" "$src" --prefix="$prefix" -Dtests=false
step "ninja" ninja -C "$work/build"
step "meson install" meson install -C "$work/build"
meson introspect --installed "$work/build" >"$work/installed.json" ||
	fail "meson introspect --installed lists the installed files"
daemon=$(installed core/daemon/nfdhcpd)
plugin=$(installed libnfd-plugin-dhcp4.so)
backend=$(installed libnfd-binding-directory.so)
pcfile=$(installed nfdhcpd-plugin.pc)
check "meson says where the daemon, a plugin, a backend and the pc file are installed" \
	test -n "$daemon" -a -n "$plugin" -a -n "$backend" -a -n "$pcfile"
check "sbin/nfdhcpd installed" test -x "$daemon" -a "$daemon" = "$prefix/sbin/nfdhcpd"
check "sample config installed" test -f "$(installed conf/nfdhcpd.conf)"
check "each plugin's drop-in installed" test -f "$(installed nfdhcpd.conf.d/50-dhcp4.conf)"
check "systemd unit installed" test -f "$(installed nfdhcpd.service)"
check "man pages installed" test -f "$(installed doc/man/nfdhcpd.8)"
check "SDK headers installed" test -f "$prefix/include/nfdhcpd-1/nfdhcpd/nfdhcpd.h"
pluginsdir_inst=$(dirname "$plugin")
check "plugins in plugins-1/ ($pluginsdir_inst)" test "${pluginsdir_inst##*/}" = plugins-1
check "backends in bindings-1/" has_files "$(dirname "$backend")/libnfd-binding-*.so"
export PKG_CONFIG_PATH=${pcfile%/*}
pluginsdir=$(pkg-config --variable=pluginsdir nfdhcpd-plugin)
check "pc pluginsdir variable ($pluginsdir) is where the plugins are" \
	test "$pluginsdir" = "$pluginsdir_inst"
check "pc api_major variable" test "$(pkg-config --variable=api_major nfdhcpd-plugin)" = 1
# the example is its own project: it sees only the installed SDK
cp -r "$src/examples/hello" "$work/hello"
meson setup "$work/hello/build" "$work/hello" >"$work/hello.log" 2>&1 ||
	{ sed 's/^/# /' "$work/hello.log"; fail "the example configures against the installed SDK"; }
if ! ninja -C "$work/hello/build" >>"$work/hello.log" 2>&1 ||
	! meson install -C "$work/hello/build" >>"$work/hello.log" 2>&1; then
	sed 's/^/# /' "$work/hello.log"
	fail "example plugin builds and installs against the installed SDK"
fi
check "example plugin built against the installed SDK" test -f "$pluginsdir/libnfd-plugin-hello.so"
out=$("$daemon" --list-plugins) || fail "the installed daemon runs --list-plugins"
mapfile -t lines <<<"$out"
for p in hello dhcp4 dhcp6 ndp ra directory static; do
	grep -q "^$p " <<<"$out" || { printf '# %s\n' "${lines[@]}"; fail "$p not listed"; }
done
ok "installed daemon lists every plugin, backend and the example with no flags"
# the shipped sample config, with the example added, passes --check-config as installed
conf=$work/nfdhcpd.conf
# (the default user, nfdhcpd, is the package's: a host without it names another, as an admin would)
sed 's|^path = .*|path = '"$work"'|; s|^\[general\]$|[general]\nuser = nobody|' \
	"$(installed conf/nfdhcpd.conf)" >"$conf"
printf '\n[hello]\nqueue = 61\n' >>"$conf"
"$daemon" -c "$conf" --check-config >"$work/check.out" 2>&1 ||
	{ sed 's/^/# /' "$work/check.out"; fail "the installed daemon passes --check-config"; }
check "installed daemon loads the third-party plugin" grep -q "queue 61: hello" "$work/check.out"
nm -D --defined-only "$pluginsdir/libnfd-plugin-hello.so" | grep -q ' T nfd_plugin_descriptor' ||
	fail "example plugin exports its descriptor"
ok "example plugin exports its descriptor"
echo "1..$n"
