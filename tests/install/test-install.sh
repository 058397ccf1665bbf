#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installation test, the SDK's "done when": install nfdhcpd into a temporary prefix, then, from
# the INSTALLED SDK only (headers, pc files, test kit, guide), in a directory of its own:
#  - build the example plugin (examples/hello) with nothing but `cc $(pkg-config --cflags
#    nfdhcpd-plugin)`, strict warnings and no -fvisibility=hidden: it exports only its descriptor;
#  - unit-test it with the installed test kit (`pkg-config --cflags --libs nfdhcpd-testkit`);
#  - build, test and install it as its own meson project, where the pc file says;
#  - compile it against a staged install (DESTDIR) through --define-variable=prefix;
#  - have the installed daemon list it, accept a config enabling it (--check-config), and load
#    it in the namespace lab, where a guest gets its answer (lab-hello.sh; needs root).
# Also checks the installed layout, found where meson's own introspection says it installed each
# file (libdir is lib/<triplet>, lib64 or lib, depending on the host).  Every step that fails
# says which, with its log.
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
# the library directory, as meson chose it
libpath=${pcfile%/pkgconfig/*}
check "sbin/nfdhcpd installed" test -x "$daemon" -a "$daemon" = "$prefix/sbin/nfdhcpd"
rules=$(installed nfdhcpd-rules)
check "sbin/nfdhcpd-rules installed" test -x "$rules" -a "$rules" = "$prefix/sbin/nfdhcpd-rules"
ctl=$(installed nfdhcpctl)
check "sbin/nfdhcpctl installed" test -x "$ctl" -a "$ctl" = "$prefix/sbin/nfdhcpctl"
check "nfdhcpctl --help names its commands" \
	sh -c "'$ctl' --help | grep -q 'explain TAP PROTO'"
check "the unit offers nfdhcpd-rules (commented out)" \
	grep -qx "#ExecStartPre=+$prefix/sbin/nfdhcpd-rules install" "$(installed nfdhcpd.service)"
check "sample config installed" test -f "$(installed conf/nfdhcpd.conf)"
check "each plugin's drop-in installed" test -f "$(installed nfdhcpd.conf.d/50-dhcp4.conf)"
check "systemd unit installed" test -f "$(installed nfdhcpd.service)"
check "man pages installed" test -f "$(installed doc/man/nfdhcpd.8)"
check "SDK headers installed" test -f "$prefix/include/nfdhcpd-1/nfdhcpd/nfdhcpd.h"
check "test kit header installed" test -f "$prefix/include/nfdhcpd-1/nfdhcpd/nfd-testkit.h"
check "test kit library installed" test -f "$libpath/libnfdhcpd-testkit.a"
pluginsdir_inst=$(dirname "$plugin")
check "plugins in plugins-1/ ($pluginsdir_inst)" test "${pluginsdir_inst##*/}" = plugins-1
check "backends in bindings-1/" has_files "$(dirname "$backend")/libnfd-binding-*.so"
export PKG_CONFIG_PATH=${pcfile%/*}
pluginsdir=$(pkg-config --variable=pluginsdir nfdhcpd-plugin)
check "pc pluginsdir variable ($pluginsdir) is where the plugins are" \
	test "$pluginsdir" = "$pluginsdir_inst"
check "pc api_major variable" test "$(pkg-config --variable=api_major nfdhcpd-plugin)" = 1
docdir=$(pkg-config --variable=docdir nfdhcpd-plugin)
check "the plugin writer's guide is where the pc file says" test -f "$docdir/plugin-guide.md"
check "the guide's example is installed with it" \
	test -f "$docdir/examples/hello/nfd-hello-plugin.c" -a -f "$docdir/examples/hello/test-hello.c"
# the example, from the installed documentation, in a directory of its own
mkdir "$work/own"
cp "$docdir/examples/hello/"* "$work/own/"
cflags=$(pkg-config --cflags nfdhcpd-plugin)
# shellcheck disable=SC2086 # word splitting of the pkg-config flags is wanted
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -Wno-unused-parameter -shared -fPIC $cflags \
	-o "$work/own/libnfd-plugin-hello.so" "$work/own/nfd-hello-plugin.c" >"$work/cc.log" 2>&1 ||
	{ sed 's/^/# /' "$work/cc.log"; fail "the example builds with only pkg-config --cflags nfdhcpd-plugin"; }
ok "the example builds with only pkg-config --cflags nfdhcpd-plugin, -Wpedantic -Werror"
exports=$(nm -D --defined-only "$work/own/libnfd-plugin-hello.so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' |
	grep -v '^_' | tr '\n' ' ')
check "built without -fvisibility=hidden it exports only its descriptor ($exports)" \
	test "$exports" = "nfd_plugin_descriptor "
# shellcheck disable=SC2046 # word splitting of the pkg-config flags is wanted
cc -std=c11 -o "$work/own/test-hello" "$work/own/test-hello.c" "$work/own/nfd-hello-plugin.c" \
	$(pkg-config --cflags --libs nfdhcpd-testkit) >"$work/cc-test.log" 2>&1 ||
	{ sed 's/^/# /' "$work/cc-test.log"; fail "the example's unit test builds with the installed test kit"; }
ok "the example's unit test builds with the installed test kit"
"$work/own/test-hello" >"$work/test-hello.log" 2>&1 ||
	{ sed 's/^/# /' "$work/test-hello.log"; fail "the example's unit test passes"; }
check "the example's unit test passes ($(grep -c '^ok' "$work/test-hello.log") checks)" \
	grep -q '^ok 3 ' "$work/test-hello.log"
# a staged install: every path follows --define-variable=prefix
stage=$work/stage
DESTDIR=$stage meson install -C "$work/build" >"$work/stage.log" 2>&1 ||
	{ sed 's/^/# /' "$work/stage.log"; fail "staged install"; }
staged_cflags=$(PKG_CONFIG_PATH=$stage${pcfile%/*} \
	pkg-config --define-variable=prefix="$stage$prefix" --cflags nfdhcpd-plugin)
case $staged_cflags in
*"-I$stage$prefix/include/nfdhcpd-1"*) ok "a staged install's pc file points into the stage" ;;
*) fail "a staged install's cflags do not point into the stage: $staged_cflags" ;;
esac
# (--define-variable moves glib's prefix too, so glib's flags come from the system)
# shellcheck disable=SC2086 # one flag a line
own_flags=$(printf '%s\n' $staged_cflags | grep nfdhcpd | tr '\n' ' ')
# shellcheck disable=SC2086,SC2046 # word splitting of the pkg-config flags is wanted
cc -std=c11 -shared -fPIC $own_flags $(pkg-config --cflags glib-2.0) -o "$work/staged.so" \
	"$work/own/nfd-hello-plugin.c" >"$work/cc-staged.log" 2>&1 ||
	{ sed 's/^/# /' "$work/cc-staged.log"; fail "builds against the stage"; }
ok "the example builds against the staged headers"
# the example is its own meson project: it sees only the installed SDK and test kit
cp -r "$docdir/examples/hello" "$work/hello"
meson setup "$work/hello/build" "$work/hello" >"$work/hello.log" 2>&1 ||
	{ sed 's/^/# /' "$work/hello.log"; fail "the example configures against the installed SDK"; }
if ! ninja -C "$work/hello/build" >>"$work/hello.log" 2>&1 ||
	! meson test -C "$work/hello/build" >>"$work/hello.log" 2>&1 ||
	! meson install -C "$work/hello/build" >>"$work/hello.log" 2>&1; then
	sed 's/^/# /' "$work/hello.log"
	fail "example plugin builds, passes its test and installs against the installed SDK"
fi
check "its meson project ran the test kit test" grep -q "Ok: *1" "$work/hello/build/meson-logs/testlog.txt"
check "example plugin built against the installed SDK" test -f "$pluginsdir/libnfd-plugin-hello.so"
out=$("$daemon" --list-plugins) || fail "the installed daemon runs --list-plugins"
mapfile -t lines <<<"$out"
for p in hello dhcp4 dhcp6 ndp ra directory static; do
	grep -q "^$p " <<<"$out" || { printf '# %s\n' "${lines[@]}"; fail "$p not listed"; }
done
ok "installed daemon lists every plugin, backend and the example with no flags"
# the shipped sample config, with the example added, passes --check-config as installed
conf=$work/nfdhcpd.conf
# ([general] plugins is unset: every installed plugin runs, the example too; the default user,
# nfdhcpd, is the package's: a host without it names another, as an admin would)
sed 's|^path = .*|path = '"$work"'|; s|^\[general\]$|[general]\nuser = nobody|' \
	"$(installed conf/nfdhcpd.conf)" >"$conf"
printf '\n[hello]\nqueue = 61\n' >>"$conf"
"$daemon" -c "$conf" --check-config >"$work/check.out" 2>&1 ||
	{ sed 's/^/# /' "$work/check.out"; fail "the installed daemon passes --check-config"; }
check "installed daemon loads the third-party plugin" grep -q "queue 61: hello" "$work/check.out"
# nfdhcpd-rules finds the installed daemon by itself and queues the third-party plugin too
"$rules" -c "$conf" show >"$work/rules.out" 2>&1 ||
	{ sed 's/^/# /' "$work/rules.out"; fail "the installed nfdhcpd-rules shows the rules"; }
check "installed nfdhcpd-rules queues the third-party plugin's claim" \
	grep -q -- '--comment "hello" -j NFQUEUE --queue-num 61 --queue-bypass' "$work/rules.out"
nm -D --defined-only "$pluginsdir/libnfd-plugin-hello.so" | grep -q ' T nfd_plugin_descriptor' ||
	fail "example plugin exports its descriptor"
ok "example plugin exports its descriptor"
# and in the lab: the installed daemon loads it, a guest gets its answer
rc=0
NFDHCPD=$daemon LAB_SH=$src/tests/lab/lab.sh \
	"$src/tests/install/lab-hello.sh" >"$work/lab.log" 2>&1 || rc=$?
if [ $rc = 77 ]; then
	echo "ok $((n += 1)) # SKIP the lab cannot run here: $(tail -n 1 "$work/lab.log")"
else
	sed 's/^/# /' "$work/lab.log"
	[ $rc = 0 ] || fail "the installed daemon answers a lab guest through the installed plugin"
	ok "the installed daemon answers a lab guest through the installed plugin"
fi
echo "1..$n"
