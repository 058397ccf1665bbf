#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The [general] keys of issue 12 under --check-config: control-socket (an absolute path that
# fits a UNIX socket address, or empty for none) and metrics-listen (ADDRESS:PORT with an IPv4
# literal or an IPv6 literal in [], refused with a message that says why when the daemon was
# built without the metrics endpoint, -Dmetrics=disabled).
# usage: check-ops-config.sh NFDHCPD MODULE_DIR HAVE_METRICS(yes|no)   (prints TAP)
set -u
d=$1 mods=$2 metrics=$3
n=0 rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
ko() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out"; rc=1; }
# a backend this build has: the static one, else the directory one (on an empty directory)
backend=static
"$d" --list-plugins --backend-dir "$mods" 2>/dev/null | grep -q '^static ' || backend=directory
mkdir "$tmp/bindings"
# conf GENERAL-LINES...: a configuration without plugins, with these [general] lines
conf() {
	{
		# the default user (nfdhcpd) exists only where the package made it
		printf '[general]\nplugins =\nbinding-backend = %s\nuser = nobody\n' "$backend"
		printf '%s\n' "$@"
		printf '[binding-backend:directory]\npath = %s\n' "$tmp/bindings"
	} >"$tmp/conf"
	"$d" --plugin-dir "$mods" --backend-dir "$mods" --check-config -c "$tmp/conf" >"$tmp/out" 2>&1
}
accepted() {
	local what=$1
	shift
	if conf "$@"; then ok "$what"; else ko "$what"; fi
}
# refused DESCRIPTION PATTERN LINES...
refused() {
	local what=$1 pattern=$2
	shift 2
	if conf "$@"; then
		ko "$what (accepted)"
	elif grep -qE -- "$pattern" "$tmp/out"; then
		ok "$what"
	else
		ko "$what (no line matching: $pattern)"
	fi
}

accepted "control-socket: an absolute path" "control-socket = $tmp/run/control.sock"
accepted "control-socket: empty, no socket" "control-socket ="
refused "control-socket: a relative path" \
	"conf:[0-9]+: \[general\] control-socket: 'run/c.sock' is not an absolute path" \
	"control-socket = run/c.sock"
refused "control-socket: longer than a UNIX socket address" "is longer than 107 characters" \
	"control-socket = /$(printf 'x%.0s' $(seq 120))"
if [ "$metrics" = yes ]; then
	accepted "metrics-listen: IPv4 literal and port" "metrics-listen = 127.0.0.1:9100"
	accepted "metrics-listen: IPv6 literal in brackets" "metrics-listen = [::1]:9100"
	for bad in "localhost:9100" "127.0.0.1" "127.0.0.1:0" "127.0.0.1:65536" "::1:9100" \
		"[::1]" "[127.0.0.1]:9100"; do
		refused "metrics-listen: '$bad' is refused" "metrics-listen: '.*' is not ADDRESS:PORT" \
			"metrics-listen = $bad"
	done
else
	refused "metrics-listen without the metrics endpoint says how to get it" \
		"metrics-listen: this nfdhcpd was built without the metrics endpoint \(meson -Dmetrics=enabled" \
		"metrics-listen = 127.0.0.1:9100"
fi
accepted "metrics-listen: empty, off" "metrics-listen ="
echo "1..$n"
exit $rc
