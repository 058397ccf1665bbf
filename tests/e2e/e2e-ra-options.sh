#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end test of the RA options and limits of issue 10, with real clients in the lab:
# - PREF64 (RFC 8781) and the captive-portal URI (RFC 8910) from [ra] pref64 / captive-portal,
#   and a binding's PREF64 / CAPTIVE_PORTAL overriding them: the guest kernels accept the RAs
#   and hand both options to user space (RTM_NEWNDUSEROPT, read by nd-useropt.py); a removed
#   binding's farewell says PREF64 lifetime 0;
# - a binding MTU below 1280: rdisc6 sees no MTU option (RFC 8200 §5) and the daemon warns
#   once for the binding, not per RA;
# - max-interval 10000 (above the old 9000 cap, RFC 8319): the config loads, the router
#   lifetime defaults to 3 x max-interval = 30000 and rdisc6 sees it; --check-config accepts a
#   router-lifetime of 65535 and names the key of 65536;
# - every queued RS got a verdict, and the daemon exits 0 on SIGTERM.
set -eu
# shellcheck source=../lab/lab.sh
. "${LAB_SH:-$(dirname "$(readlink -f "$0")")/../lab/lab.sh}"
lab_require rdisc6 python3
lab_init "$@"

USEROPT=$(dirname "$(readlink -f "$0")")/nd-useropt.py
check() { echo "ok - $1"; }
fail() {
	echo "not ok - $1" >&2
	exit 1
}
ra_conf() {
	cat <<EOF
[ra]
queue = 43
max-interval = ${1:-10000}
pref64 = 64:ff9b::/96
captive-portal = https://portal.example/api
EOF
}

lab_add_guest vm1 tap1 52:54:00:00:07:01 veth on               # the config's options
lab_add_guest vm2 tap2 52:54:00:00:07:02 veth on               # the binding's options
lab_add_guest vm3 tap3 52:54:00:00:07:03 veth noautoconf,nodad # rdisc6, MTU 1000
lab_rules - 43 - -
lab_write_binding tap1 MAC=52:54:00:00:07:01 HOSTNAME=vm1 SUBNET6=2001:db8:71::/64
lab_write_binding tap2 MAC=52:54:00:00:07:02 HOSTNAME=vm2 SUBNET6=2001:db8:72::/64 \
	PREF64=2001:db8:64::/64 CAPTIVE_PORTAL=https://vm2.example/capport
lab_write_binding tap3 MAC=52:54:00:00:07:03 HOSTNAME=vm3 SUBNET6=2001:db8:73::/64 MTU=1000
for g in vm1 vm2; do
	lab_spawn "$g" 60 "$LAB_DIR/$g.useropt.log" python3 "$USEROPT" 50
	lab_wait_log "^listening" 5 "$LAB_DIR/$g.useropt.log" || fail "nd-useropt.py in $g"
done
LAB_PLUGINS=ra lab_start_daemon "$(ra_conf)" || fail "the daemon did not start with max-interval = 10000"
check "max-interval = 10000 loads (router-lifetime no longer capped at 9000)"

# ---- PREF64 and the captive portal, as the guest kernels hand them on ----
want() {
	lab_wait_log "^$2\$" 20 "$LAB_DIR/$1.useropt.log" ||
		fail "$1's kernel did not pass on '$2': $(cat "$LAB_DIR/$1.useropt.log")"
}
want vm1 "PREF64 64:ff9b::/96 lifetime 30000"
want vm1 "CAPTIVE_PORTAL https://portal.example/api"
check "vm1's kernel takes PREF64 64:ff9b::/96 (lifetime 3 x max-interval) and the captive portal from [ra]"
want vm2 "PREF64 2001:db8:64::/64 lifetime 30000"
want vm2 "CAPTIVE_PORTAL https://vm2.example/capport"
! grep -q "64:ff9b::/96\|portal.example" "$LAB_DIR/vm2.useropt.log" ||
	fail "vm2 got the config's values: $(cat "$LAB_DIR/vm2.useropt.log")"
check "vm2's binding PREF64 and CAPTIVE_PORTAL override the config's"

# ---- rdisc6: no MTU option below 1280, the RFC 8319 router lifetime ----
out=$(lab_rdisc6 vm3) || fail "rdisc6 in vm3 got no RA: $out"
grep -Eq "^ Prefix +: 2001:db8:73::/64$" <<<"$out" || fail "vm3 prefix: $out"
! grep -q "MTU" <<<"$out" || fail "an MTU option below 1280 was sent: $out"
check "binding MTU 1000: the RA carries no MTU option"
grep -Eq "^Router lifetime +: +30000 " <<<"$out" || fail "router lifetime: $out"
check "rdisc6 sees router lifetime 30000 (3 x max-interval 10000, RFC 8319)"
out=$(lab_rdisc6 vm3) || fail "second rdisc6 in vm3: $out"
n=$(grep -c "MTU 1000 is below the IPv6 minimum" "$LAB_DAEMON_LOG" || true)
[ "$n" = 1 ] || fail "the MTU warning was logged $n times: $(grep MTU "$LAB_DAEMON_LOG")"
check "the daemon warned once about vm3's MTU 1000, not per RA"

# ---- a removed binding: PREF64 lifetime 0 ----
lab_remove_binding tap1
want vm1 "PREF64 64:ff9b::/96 lifetime 0"
check "binding removed: vm1's kernel sees PREF64 with lifetime 0"
lab_assert_queue_clean 43 || fail "RS queue"
check "every queued RS got a verdict"
lab_stop_daemon || fail "daemon exit status $LAB_DAEMON_RC"
check "SIGTERM exits 0"

# ---- --check-config: the RFC 8319 bounds ----
check_config() {
	local -a args=(--check-config -c "$LAB_DIR/check.conf")
	[ -n "${LAB_PLUGIN_DIR:-}" ] && args+=(--plugin-dir "$LAB_PLUGIN_DIR")
	[ -n "${LAB_BACKEND_DIR:-}" ] && args+=(--backend-dir "$LAB_BACKEND_DIR")
	# (a user that exists: the default, nfdhcpd, is the package's)
	printf '[general]\nplugins = ra\nbinding-backend = static\nuser = %s\n\n%s\nrouter-lifetime = %s\n' \
		"${LAB_DAEMON_USER:-nobody}" "$(ra_conf 10000)" "$1" >"$LAB_DIR/check.conf"
	"$NFDHCPD" "${args[@]}" >"$LAB_DIR/check.out" 2>&1
}
check_config 65535 || fail "router-lifetime = 65535: $(cat "$LAB_DIR/check.out")"
check "--check-config accepts max-interval 10000 with router-lifetime 65535"
! check_config 65536 || fail "router-lifetime = 65536 was accepted"
grep -q "check.conf:.*router-lifetime" "$LAB_DIR/check.out" ||
	fail "the error does not name the key: $(cat "$LAB_DIR/check.out")"
check "--check-config refuses router-lifetime 65536, naming file and key"
echo "e2e-ra-options: all checks passed"
