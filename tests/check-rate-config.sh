#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The rate limit keys of issue 13 under --check-config: [general] rate-limit and rate-burst (the
# token bucket each tap gets per plugin; defaults 50/s, burst 200; rate-limit 0 is off), a
# plugin's group overriding either one (the other still [general]'s), the effective limit
# printed per plugin, and bad values refused with file, line, group and key, all at once.
# usage: check-rate-config.sh NFDHCPD TEST_PLUGIN_DIR BACKEND_DIR   (prints TAP)
set -u
d=$1 plugins=$2 backends=$3
n=0 rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
ko() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out"; rc=1; }
# a backend this build has: the static one, else the directory one (on an empty directory)
backend=static
"$d" --list-plugins --backend-dir "$backends" 2>/dev/null | grep -q '^static ' || backend=directory
mkdir "$tmp/bindings" "$tmp/conf.d"
# the default user (nfdhcpd) may not exist here: a user that does, in a drop-in, so the line
# numbers of $tmp/conf below stay the ones the expectations name
printf '[general]\nuser = nobody\n' >"$tmp/conf.d/99-user.conf"
# conf GENERAL-LINES -- ECHO-LINES: the test plugin "echo" (queue 50) and these lines
conf() {
	{
		printf '[general]\nplugins = echo\nbinding-backend = %s\n' "$backend"
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			printf '%s\n' "$1"
			shift
		done
		shift
		printf '[echo]\nqueue = 50\n'
		printf '%s\n' "$@"
		printf '[binding-backend:directory]\npath = %s\n' "$tmp/bindings"
	} >"$tmp/conf"
	"$d" --plugin-dir "$plugins" --backend-dir "$backends" --check-config -c "$tmp/conf" \
		>"$tmp/out" 2>&1
}
# limit DESCRIPTION EXPECTED GENERAL-LINES -- ECHO-LINES: accepted, echo's limit is EXPECTED
limit() {
	local what=$1 expected=$2
	shift 2
	if ! conf "$@"; then
		ko "$what (refused)"
	elif grep -qE -- "^echo .*, $expected\$" "$tmp/out"; then
		ok "$what"
	else
		ko "$what (no 'echo ..., $expected' line)"
	fi
}
# refused DESCRIPTION PATTERN... -- GENERAL-LINES -- ECHO-LINES: refused, a line per PATTERN
refused() {
	local what=$1 p missing=
	local -a patterns=()
	shift
	while [ "$1" != -- ]; do
		patterns+=("$1")
		shift
	done
	shift
	if conf "$@"; then
		ko "$what (accepted)"
		return
	fi
	for p in "${patterns[@]}"; do
		grep -qE -- "$p" "$tmp/out" || missing="$missing '$p'"
	done
	if [ -z "$missing" ]; then ok "$what"; else ko "$what (no line matching:$missing)"; fi
}

limit "default: 50/s per tap and plugin, bursts of 200" "rate limit 50/s per tap, burst 200" --
limit "[general] sets it for every plugin" "rate limit 30/s per tap, burst 60" \
	"rate-limit = 30" "rate-burst = 60" --
limit "a plugin's group overrides [general]" "rate limit 400/s per tap, burst 800" \
	"rate-limit = 30" -- "rate-limit = 400" "rate-burst = 800"
limit "a plugin's rate-burst alone keeps [general]'s rate" "rate limit 30/s per tap, burst 7" \
	"rate-limit = 30" -- "rate-burst = 7"
limit "[general] rate-limit = 0 turns it off" "no rate limit" "rate-limit = 0" --
limit "a plugin's rate-limit = 0 turns it off for that plugin" "no rate limit" -- "rate-limit = 0"
limit "a plugin's own limit applies when [general] is off" "rate limit 10/s per tap, burst 200" \
	"rate-limit = 0" -- "rate-limit = 10"
refused "a rate that is not a number is refused, with file, line and key" \
	"conf:4: \[general\] rate-limit: 'fast' is not a whole number from 0 to 100000" \
	-- "rate-limit = fast" --
refused "a burst of 0 is refused" \
	"conf:4: \[general\] rate-burst: '0' is not a whole number from 1 to 100000" \
	-- "rate-burst = 0" --
refused "a plugin's bad values are refused, all of them at once" \
	"conf:6: \[echo\] rate-limit: '100001' is not a whole number from 0 to 100000" \
	"conf:7: \[echo\] rate-burst: '-5' is not a whole number from 1 to 100000" \
	"problems" \
	-- -- "rate-limit = 100001" "rate-burst = -5"
if conf -- "rate-limit = 20" && ! grep -q "unknown key" "$tmp/out"; then
	ok "rate-limit and rate-burst are known keys of a plugin's group"
else
	ko "rate-limit and rate-burst are known keys of a plugin's group"
fi
echo "1..$n"
exit $rc
