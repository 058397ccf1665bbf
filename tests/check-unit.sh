#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The systemd unit as built: systemd-analyze security --offline rates its exposure at 2.0 or
# less (the score is printed), it starts the daemon as the service user with exactly
# CAP_NET_ADMIN and CAP_NET_RAW, and it is Type=notify when the daemon has sd_notify.
# usage: check-unit.sh UNIT USER HAVE_LIBSYSTEMD(0|1)
set -euo pipefail
unit=$1 user=$2 notify=$3
n=0 rc=0
ok() { echo "ok $((n += 1)) - $1"; }
ko() {
	echo "not ok $((n += 1)) - $1"
	rc=1
}
command -v systemd-analyze >/dev/null || { echo "1..0 # SKIP systemd-analyze is missing"; exit 0; }
out=$(systemd-analyze security --offline=true "$unit" 2>&1) || true
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' <<<"$out")
if [ -z "$score" ]; then
	ko "systemd-analyze security --offline=true rates the unit"
	# shellcheck disable=SC2001
	sed 's/^/# /' <<<"$out"
elif awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
	ok "systemd-analyze security: exposure $score (at most 2.0)"
else
	ko "systemd-analyze security: exposure $score, more than 2.0"
	grep '✗' <<<"$out" | sed 's/^/# /'
fi
echo "# exposure of $(basename "$unit"): $score"
grep -qx "User=$user" "$unit" && ok "User=$user" || ko "the unit does not say User=$user"
grep -qx "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW" "$unit" &&
	grep -qx "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW" "$unit" &&
	ok "ambient capabilities and bounding set: CAP_NET_ADMIN CAP_NET_RAW only" ||
	ko "the unit's capabilities are not exactly CAP_NET_ADMIN and CAP_NET_RAW"
want=simple
[ "$notify" = 1 ] && want=notify
grep -qx "Type=$want" "$unit" && ok "Type=$want" || ko "the unit is not Type=$want"
grep -qx "StateDirectory=nfdhcpd/state" "$unit" &&
	ok "StateDirectory=nfdhcpd/state (the binding directory above it stays root's)" ||
	ko "the unit's StateDirectory= is not nfdhcpd/state"
echo "1..$n"
exit $rc
