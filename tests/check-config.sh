#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nfdhcpd --check-config on real files: GRNET's sample nfdhcpd.conf as is, the shipped sample,
# and files with many problems at once: each must be printed, with file and line, and group and
# key as the user wrote them (a legacy key names itself and what it maps to), and exit 1.
# Checks that need a plugin or backend this build lacks (meson options) are skipped, saying so.
# And --print-claims, what nfdhcpd-rules reads: exactly the claims on stdout, nothing else.
# usage: check-config.sh NFDHCPD MODULE_DIR SRCDIR
set -u
d=$1 mods=$2 src=$3
n=0 rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
ko() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out"; rc=1; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2 not built"; }
run() { "$d" --plugin-dir "$mods" --backend-dir "$mods" --check-config -c "$1" >"$tmp/out" 2>&1; }
# the plugins and backends of this build (modules or builtins)
"$d" --list-plugins --plugin-dir "$mods" --backend-dir "$mods" >"$tmp/modules" 2>&1
missing=
# needs MODULE...: whether this build has them all; the first one missing goes to $missing
needs() {
	local m
	for m; do
		grep -q "^$m " "$tmp/modules" || { missing=$m; return 1; }
	done
}
# expect [MODULE...] -- DESCRIPTION PATTERN: the last run printed a line matching PATTERN (ERE)
expect() {
	local mods_needed=()
	while [ "$1" != -- ]; do mods_needed+=("$1"); shift; done
	shift
	if [ ${#mods_needed[@]} -gt 0 ] && ! needs "${mods_needed[@]}"; then
		skip "$1" "$missing"
	elif grep -qE -- "$2" "$tmp/out"; then
		ok "$1"
	else
		ko "$1 (no line matching: $2)"
	fi
}
# refused FILE DESCRIPTION: --check-config exits 1 on FILE
refused() { if run "$1"; then ko "$2"; else ok "$2"; fi; }

# ---- good files ----
if needs dhcp4 ra ndp dhcp6 directory; then
	if run "$src/tests/data/grnet-nfdhcpd.conf"; then ok "GRNET sample config passes as is"; else ko "GRNET sample config passes as is"; fi
	for q in "queue 42: dhcp4" "queue 43: ra" "queue 44: ndp" "queue 45: dhcp6"; do
		expect -- "GRNET sample maps to '$q'" "$q"
	done
	# the GRNET keys each module declares (descriptor legacy_keys) land in its own group
	for kv in "lease-time = 604800" "rdnss = 2001:db8:100::1, 2001:db8:200::2" "path = /var/lib/nfdhcpd"; do
		if grep -qxF "$kv" "$tmp/out"; then ok "GRNET key mapped by its module: '$kv'"; else ko "GRNET key mapped by its module: '$kv'"; fi
	done
	expect -- "deprecated key warned with file and line" \
		"grnet-nfdhcpd.conf:5: \[general\] datapath is deprecated"
	# the sample with the plugins' drop-ins as installed; its default user is nfdhcpd, which the
	# package creates: on a host without it, a drop-in names one that exists, as an admin would
	mkdir -p "$tmp/sample/nfdhcpd.conf.d"
	cp "$src/conf/nfdhcpd.conf" "$tmp/sample/"
	cp "$src/conf/nfdhcpd.conf.d/"*.conf "$tmp/sample/nfdhcpd.conf.d/"
	id -u nfdhcpd >/dev/null 2>&1 ||
		printf '[general]\nuser = nobody\n' >"$tmp/sample/nfdhcpd.conf.d/99-user.conf"
	if run "$tmp/sample/nfdhcpd.conf"; then ok "shipped sample config passes"; else ko "shipped sample config passes"; fi
	for q in "queue 42: dhcp4" "queue 43: ra" "queue 44: ndp" "queue 45: dhcp6"; do
		expect -- "shipped sample with the plugins' drop-ins: '$q'" "$q"
	done
else
	for t in "GRNET sample config passes as is" "GRNET sample maps its queues" \
		"GRNET keys mapped by their modules" \
		"deprecated key warned with file and line" "shipped sample config passes"; do
		skip "$t" "$missing"
	done
fi

# ---- one file, every kind of problem: all of them are listed ----
long=$(printf 'x%.0s' $(seq 1 200))
cat >"$tmp/bad.conf" <<CONF
[general]
plugins = dhcp4, nosuchplugin
user = no-such-user-nfd
log = syslog
logdir = /proc/version/log
pidfile = run/nfdhcpd.pid
router-mac = ff:ff:ff:ff:ff:ff
binding-backend = directory
[binding-backend:directory]
path = var/lib/nfdhcpd
[dhcp4]
queue = 99999
server-ip = 127.0.0.1
boot-file = /boot/$long
lease-time = 3600
CONF
refused "$tmp/bad.conf" "a bad config exits 1"
expect dhcp4 -- "bad value named with file:line" "bad.conf:12: \[dhcp4\] queue: '99999'"
expect -- "missing plugin named too" "plugin 'nosuchplugin' not found"
expect -- "[general] user must exist" "bad.conf:3: \[general\] user: 'no-such-user-nfd' is not a user"
expect -- "[general] log must be a known target" "bad.conf:4: \[general\] log: 'syslog' is not one of"
expect -- "[general] logdir must be creatable" \
	"bad.conf:5: \[general\] logdir: .*/proc/version is not a directory"
expect -- "[general] pidfile must be absolute" \
	"bad.conf:6: \[general\] pidfile: 'run/nfdhcpd.pid' is not an absolute path"
expect -- "[general] router-mac must be unicast" \
	"bad.conf:7: \[general\] router-mac: 'ff:ff:ff:ff:ff:ff' is the broadcast MAC"
expect directory -- "the binding path must be absolute (backend check)" \
	"bad.conf:10: \[binding-backend:directory\] path: 'var/lib/nfdhcpd' is not an absolute path"
expect dhcp4 -- "[dhcp4] server-ip must be usable (plugin init)" \
	"bad.conf:13: \[dhcp4\] server-ip: '127.0.0.1' is a loopback address"
expect dhcp4 -- "a boot-file that BOOTP would truncate is refused" \
	"bad.conf:14: \[dhcp4\] boot-file: is longer than 127 octets"
expect dhcp4 directory -- "the problems are counted" "^nfdhcpd: 10 problems$"

# ---- legacy keys: errors name the key as written, and what it maps to ----
cat >"$tmp/legacy.conf" <<'CONF'
[general]
datapath = relative/dir
[dhcp]
dhcp_queue = 70000
server_ip = 224.0.0.1
CONF
refused "$tmp/legacy.conf" "a bad legacy config exits 1"
expect dhcp4 -- "a legacy [dhcp] dhcp_queue error says dhcp_queue" \
	"legacy.conf:4: \[dhcp\] dhcp_queue \(mapped to \[dhcp4\] queue\): '70000'"
expect dhcp4 -- "a legacy [dhcp] server_ip error says server_ip" \
	"legacy.conf:5: \[dhcp\] server_ip \(mapped to \[dhcp4\] server-ip\): '224.0.0.1' is a multicast"
expect directory -- "a legacy [general] datapath error says datapath" \
	"legacy.conf:2: \[general\] datapath \(mapped to \[binding-backend:directory\] path\)"

# ---- syntax errors: every one, in the main file and the drop-ins ----
mkdir "$tmp/syntax.conf.d"
printf '[general\nuser = nobody\n[dhcp4]\nthis is not a key value\n' >"$tmp/syntax.conf"
printf '[dhcp4]\n= novalue\n' >"$tmp/syntax.conf.d/10-x.conf"
refused "$tmp/syntax.conf" "a config with syntax errors exits 1"
expect -- "a bad group header is reported" "syntax.conf:1: group header without '\]'"
expect -- "a line after it is reported too" "syntax.conf:4: expected 'key = value'"
expect -- "a drop-in's syntax error is reported too" "10-x.conf:2: empty key"

# ---- the static backend's groups are checked, a tap name longer than IFNAMSIZ - 1 too ----
cat >"$tmp/static.conf" <<'CONF'
[general]
plugins =
binding-backend = static
[binding:tap-name-too-long-for-linux]
mac = 52:54:00:00:00:01
ip = 198.51.100.10
CONF
refused "$tmp/static.conf" "a static binding with a bad tap name exits 1"
expect static -- "the static backend names the group" \
	"binding backend static: \[binding:tap-name-too-long-for-linux\]: .*not an interface name"

# ---- [general] state-dir: a relative path is refused like the pidfile's ----
printf '[general]\nplugins =\nuser = %s\nstate-dir = var/lib/nfdhcpd/state\n' \
	"$(id -un)" >"$tmp/state.conf"
refused "$tmp/state.conf" "a relative state-dir exits 1"
expect -- "the state-dir problem names file, line and key" \
	"state.conf:4: \[general\] state-dir: 'var/lib/nfdhcpd/state' is not an absolute path"

# ---- the etcd backend checks its group without connecting ----
cat >"$tmp/etcd.conf" <<'CONF'
[general]
plugins =
binding-backend = etcd
[binding-backend:etcd]
endpoints = etcd1:2379
CONF
refused "$tmp/etcd.conf" "an etcd endpoint without a scheme exits 1"
expect etcd -- "the etcd backend names file, line and key" \
	"etcd.conf:5: \[binding-backend:etcd\] endpoints: 'etcd1:2379' is not http"

# ---- --print-claims: one line per claim on stdout (warnings and the log on stderr) ----
claims() { "$d" --plugin-dir "$mods" --backend-dir "$mods" --print-claims -c "$1" >"$tmp/out" 2>"$tmp/err"; }
if needs dhcp4 ra ndp dhcp6 directory; then
	if claims "$src/tests/data/grnet-nfdhcpd.conf" &&
		[ "$(cat "$tmp/out")" = "$(printf 'dhcp4 42 ipv4 udp 67\nra 43 ipv6 icmpv6 133\nndp 44 ipv6 icmpv6 135\ndhcp6 45 ipv6 udp 547')" ]; then
		ok "--print-claims: the GRNET sample's four claims, nothing else on stdout"
	else ko "--print-claims: the GRNET sample's four claims, nothing else on stdout"; fi
	if grep -q "datapath is deprecated" "$tmp/err"; then ok "--print-claims: warnings on stderr"; else ko "--print-claims: warnings on stderr"; fi
else
	skip "--print-claims: the GRNET sample's four claims, nothing else on stdout" "$missing"
	skip "--print-claims: warnings on stderr" "$missing"
fi
if needs dhcp4 ndp directory; then
	printf '[general]\nplugins = dhcp4, ndp\nuser = nobody\n[dhcp4]\nqueue = 7\nserver-ip = 192.0.2.1\n[ndp]\nqueue = 0\n[binding-backend:directory]\npath = %s\n' "$tmp" >"$tmp/two.conf"
	if claims "$tmp/two.conf" && [ "$(cat "$tmp/out")" = "$(printf 'ndp 0 ipv6 icmpv6 135\ndhcp4 7 ipv4 udp 67')" ]; then
		ok "--print-claims: only the enabled plugins, their queues (0 too), ascending"
	else ko "--print-claims: only the enabled plugins, their queues (0 too), ascending"; fi
else
	skip "--print-claims: only the enabled plugins, their queues (0 too), ascending" "$missing"
fi
printf '[general]\nplugins = nosuchplugin\n' >"$tmp/bad-claims.conf"
if claims "$tmp/bad-claims.conf"; then ko "--print-claims: a bad config exits 1"; else ok "--print-claims: a bad config exits 1"; fi
if [ ! -s "$tmp/out" ]; then ok "--print-claims: a bad config prints no claims"; else ko "--print-claims: a bad config prints no claims"; fi
echo "1..$n"
exit $rc
