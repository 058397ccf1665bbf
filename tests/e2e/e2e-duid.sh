#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The dhcp6 server DUID on a host without a machine id (containers, minimal images; issue 14):
# in the lab's private mount namespace an empty file is bind-mounted over /etc/machine-id (the
# host's stays untouched), and the daemon
#  - starts, creates [general] state-dir (0750, owned by its user) and dhcp6-duid in it, a
#    random DUID-UUID (RFC 6355), and logs where the DUID came from;
#  - after a restart reads the same DUID back, and a real client (dhclient -6 -S) sees it;
#  - with duid-mac set uses the DUID-LL instead and keeps the file as it is.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require dhclient mount
lab_init "$@"

check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}
hexid() {
	local b x out=
	IFS=: read -ra b <<<"$1"
	for x in "${b[@]}"; do
		out+=$(printf '%02x' "0x$x")
	done
	echo "$out"
}

: >"$LAB_DIR/no-machine-id"
if [ -e /etc/machine-id ]; then
	mount --bind "$LAB_DIR/no-machine-id" /etc/machine-id ||
		fail "cannot bind-mount an empty file over /etc/machine-id in the lab"
fi
[ ! -s /etc/machine-id ] || fail "/etc/machine-id still has content in the lab"
check "the lab has no usable machine id (the host's is untouched)"

STATE=$LAB_DIR/state
DUID_FILE=$STATE/dhcp6-duid
lab_add_guest vm1 tap1 52:54:00:00:07:01 veth nodad,noautoconf
lab_rules - - - 45
lab_write_binding tap1 MAC=52:54:00:00:07:01 HOSTNAME=vm1 SUBNET6=2001:db8:7::/64
conf=$(printf '[dhcp6]\nqueue = 45\nnameservers = 2001:db8:53::53\n')

LAB_PLUGINS=dhcp6 lab_start_daemon "$conf"
lab_guest_wait_dad vm1
[ -d "$STATE" ] || fail "no state directory $STATE"
[ "$(stat -c '%a %U' "$STATE")" = "750 nobody" ] ||
	fail "state directory is $(stat -c '%a %U' "$STATE"), not 750 nobody"
check "the daemon created its state directory, 0750, owned by its user"
[ -s "$DUID_FILE" ] || fail "no $DUID_FILE"
duid=$(tr -d '\n' <"$DUID_FILE")
[[ $duid =~ ^0004[0-9a-f]{32}$ ]] || fail "the kept DUID $duid is not a DUID-UUID"
check "without a machine id the DUID is a random DUID-UUID, kept in the state directory"
lab_wait_log "server DUID $duid \\(from random, kept in $DUID_FILE\\)" 3
check "the log says where the DUID came from"
lab_dhclient vm1 -6S 10 >/dev/null || fail "dhclient -6 -S got no Reply"
sid=$(hexid "$(lab_client_var vm1 dhclient new_dhcp6_server_id)")
[ "$sid" = "$duid" ] || fail "the client saw server id $sid, not $duid"
check "a client sees that DUID as the server id"

lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
: >"$LAB_DAEMON_LOG"
LAB_PLUGINS=dhcp6 lab_start_daemon "$conf"
lab_wait_log "server DUID $duid \\(from $DUID_FILE\\)" 3
[ "$(tr -d '\n' <"$DUID_FILE")" = "$duid" ] || fail "the DUID file changed across the restart"
rm -f "$LAB_DIR/vm1.dhclient.env"
lab_dhclient vm1 -6S 10 >/dev/null || fail "dhclient -6 -S got no Reply after the restart"
sid=$(hexid "$(lab_client_var vm1 dhclient new_dhcp6_server_id)")
[ "$sid" = "$duid" ] || fail "after the restart the client saw server id $sid, not $duid"
check "after a restart the same DUID is read back and served ($duid)"

lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
: >"$LAB_DAEMON_LOG"
LAB_PLUGINS=dhcp6 lab_start_daemon "$conf
duid-mac = 02:00:00:00:07:ff"
lab_wait_log "server DUID 000300010200000007ff \\(from \\[dhcp6\\] duid-mac\\)" 3
[ "$(tr -d '\n' <"$DUID_FILE")" = "$duid" ] || fail "duid-mac changed the kept DUID file"
check "duid-mac wins over the kept DUID, which stays as it is"
lab_stop_daemon || fail "the daemon exited with status $LAB_DAEMON_RC"
echo "e2e-duid: all checks passed"
