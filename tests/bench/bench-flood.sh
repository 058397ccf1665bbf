#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-flood.sh BUILD_DIR: fairness under floods (issue 13, `./run.sh bench flood`), in the
# namespace lab (tests/lab/lab.sh), addresses 198.51.100.0/24 and 2001:db8::/32 only.
# vm1 (tap1) floods DHCPDISCOVERs with lab-flood at the highest rate it reaches (AF_PACKET,
# sendmmsg, one CPU) while vm2 (tap2) times its own exchanges one at a time with flood-probe
# (tests/bench/flood-probe.c): DHCPv4 DISCOVER -> OFFER and DHCPv6 Solicit -> Advertise, 10 of
# each a second, and RS -> RA every 4 s (the ra plugin answers one RS per 3 s and tap, RFC 4861
# §6.2.6), a reply later than 1 s (RS: 3.5 s) counted as lost. Four columns, each with a fresh
# daemon:
#   quiet      no flood (the reference), the defaults and nfdhcpd-rules' kernel limit;
#   none       no protection: every plugin's rate-limit = 0, nfdhcpd-rules --rate 0;
#   bucket     the daemon's per-tap bucket alone (defaults 50/s, burst 200), --rate 0;
#   both       the bucket and the kernel limit (nfdhcpd-rules' defaults, 20/s, burst 100).
# Per column: the flood's rate, how much of it reached the queue and how much failed open
# (iptables' NFQUEUE counter against the queue's id_sequence, once the queue drained), the
# daemon's CPU (utime + stime over the probe, % of one core), its rate_limited drops, and vm2's
# p50/p99/max and losses per protocol. The flood is pinned to CPU0, the daemon and the probe to
# CPU1: a veth transmits through the sending CPU's backlog (netif_rx), so a probe on the
# flooding CPU would measure that queue of the lab's kernel, not the daemon (on real hosts each
# guest's tap is fed by its own vhost thread). With BENCH_RT=1 (the default) the daemon runs
# SCHED_FIFO 10 and the probe SCHED_FIFO 20, so the shared machine's other load does not stand
# between them (the flood, which never blocks, stays SCHED_OTHER).
# Env: BENCH_SECS (probe seconds per column, 20), BENCH_RT (1), BENCH_COLUMNS ("quiet none
# bucket both").
set -eu
HERE=$(dirname "$(readlink -f "$0")")
BUILD=$(readlink -f "${1:-$HERE/../../build}")
export NFDHCPD=${NFDHCPD:-$BUILD/core/daemon/nfdhcpd}
export LAB_PLUGIN_DIR=${LAB_PLUGIN_DIR:-$BUILD} LAB_BACKEND_DIR=${LAB_BACKEND_DIR:-$BUILD}
[ -x "$BUILD/tests/lab/lab-flood" ] && export LAB_FLOOD=$BUILD/tests/lab/lab-flood
RULES=${NFDHCPD_RULES:-$BUILD/tools/nfdhcpd-rules}
NFDHCPCTL=${NFDHCPCTL:-$BUILD/tools/nfdhcpctl}
# shellcheck source=../lab/lab.sh
. "$HERE/../lab/lab.sh"
lab_require gcc taskset chrt nft
[ -f "$RULES" ] || lab_skip "nfdhcpd-rules not built ($RULES)"
[ -x "$NFDHCPCTL" ] || lab_skip "nfdhcpctl not built ($NFDHCPCTL)"
lab_init "$@"

SECS=${BENCH_SECS:-20}
RT=${BENCH_RT:-1}
COLUMNS=${BENCH_COLUMNS:-quiet none bucket both}
HZ=$(getconf CLK_TCK)
FLOOD=${LAB_FLOOD:-$LAB_DIR/lab-flood}
[ -x "$FLOOD" ] || gcc -std=c11 -D_GNU_SOURCE -O2 -o "$FLOOD" "$HERE/../lab/lab-flood.c"
PROBE=$LAB_DIR/flood-probe
gcc -std=c11 -D_GNU_SOURCE -O2 -o "$PROBE" "$HERE/flood-probe.c"

lab_add_guest vm1 tap1 52:54:00:00:f1:01 veth off
lab_add_guest vm2 tap2 52:54:00:00:f1:02 veth nodad,noautoconf
echo 42 43 44 45 | tr ' ' '\n' >"$LAB_DIR/queues"
lab_write_binding tap1 MAC=52:54:00:00:f1:01 HOSTNAME=vm1 IP=198.51.100.10 \
	SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1
lab_write_binding tap2 MAC=52:54:00:00:f1:02 HOSTNAME=vm2 IP=198.51.100.11 \
	SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 SUBNET6=2001:db8:f1::/64 \
	GATEWAY6=2001:db8:f1::1

rules() {
	local dirs="--plugin-dir $LAB_PLUGIN_DIR --backend-dir $LAB_BACKEND_DIR"
	NFDHCPD=$NFDHCPD NFDHCPD_ARGS=$dirs "$BASH" "$RULES" -c "$LAB_CONF" --iptables nft "$@" \
		>/dev/null
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
wait_drained() {
	local pend
	for _ in $(seq 300); do
		read -r pend _ <<<"$(lab_queue_stats "$1")"
		[ "$pend" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}
metric() {
	"$NFDHCPCTL" -s "$LAB_DIR/run/control.sock" metrics |
		awk -v m="$1" '$1 == m { print $2; f = 1 } END { if (!f) print 0 }'
}

# column NAME: one fresh daemon, one flood (unless quiet), one probe run; a line to $LAB_DIR/res
column() {
	local name=$1 conf rate_opt=() pid sid=- c0 c1 t0 t1 a0 a1 e0 e1 out flood_pps=- rl
	conf=$(lab_default_conf)
	case $name in
	none) conf=$(lab_default_conf | sed 's/^queue = .*/&\nrate-limit = 0/') ;&
	bucket) rate_opt=(--rate 0) ;;
	esac
	lab_start_daemon "$conf"
	rules "${rate_opt[@]}" install
	pid=$(lab_daemon_pid)
	taskset -a -cp 1 "$pid" >/dev/null
	[ "$RT" = 1 ] && chrt -a -f -p 10 "$pid"
	local -a rt=()
	[ "$RT" = 1 ] && rt=(chrt -f 20)
	# the daemon's first RA for each tap goes out at start: an RS within 3 s of it would wait
	# for the coalesced one (the probe sees and avoids the later initial RAs itself)
	sleep 3.5
	a0=$(lab_ipt_packets 42)
	read -r _ _ _ e0 <<<"$(lab_queue_stats 42)"
	if [ "$name" != quiet ]; then
		lab_spawn vm1 $((SECS + 60)) "$LAB_DIR/flood-$name.log" \
			taskset -c 0 "$FLOOD" -m discover -t $((SECS + 2))
		sid=$LAB_SID
		sleep 1
	fi
	c0=$(cpu_ticks "$pid")
	t0=$(date +%s.%N)
	out=$(lab_guest vm2 $((SECS + 30)) "${rt[@]}" taskset -c 1 "$PROBE" -i eth0 -s "$SECS")
	t1=$(date +%s.%N)
	c1=$(cpu_ticks "$pid")
	if [ "$sid" != - ]; then
		wait "$sid" || true
		flood_pps=$(sed -n 's/^flood: sent [0-9]* = \([0-9]*\) pps$/\1/p' "$LAB_DIR/flood-$name.log")
	fi
	wait_drained 42 || echo "bench-flood: $name: queue 42 still busy 30 s after the flood" >&2
	a1=$(lab_ipt_packets 42)
	read -r _ _ _ e1 <<<"$(lab_queue_stats 42)"
	rl=$(metric nfdhcpd_packets_rate_limited_total)
	awk -v n="$name" '{ print "  " n ": " $0 }' <<<"$out"
	awk -v name="$name" -v pps="${flood_pps:--}" -v q=$((e1 - e0)) -v fo=$((a1 - a0 - e1 + e0)) \
		-v cpu=$((c1 - c0)) -v hz="$HZ" -v t0="$t0" -v t1="$t1" -v rl="$rl" -v out="$out" '
		BEGIN {
			n = split(out, lines, "\n")
			printf "%s pps=%s queued=%d failedopen=%d cpu=%.0f rl=%d", name, pps, q, fo,
				100 * cpu / hz / (t1 - t0), rl
			for (i = 1; i <= n; i++) {
				split(lines[i], f, " ")
				printf " %s=%s/%s/%s/%s/%s", f[1], f[9], f[11], f[13], f[7], f[3]
			}
			printf "\n"
		}' >>"$LAB_DIR/res"
	rules "${rate_opt[@]}" remove
	lab_stop_daemon || echo "bench-flood: $name: nfdhcpd exit status $LAB_DAEMON_RC" >&2
}

echo "== bench flood: ${SECS}s per column; flood on CPU0, daemon and probe on CPU1;" \
	"SCHED_FIFO: $([ "$RT" = 1 ] && echo "daemon 10, probe 20" || echo off)"
echo "   load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs, shared)"
: >"$LAB_DIR/res"
for c in $COLUMNS; do
	column "$c"
done
echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# the table: one column per run, vm2's rows as p50 / p99 / max ms (lost of sent)
awk '
	function title(c) {
		if (c == "quiet") return "no flood"
		if (c == "none") return "no protection"
		if (c == "bucket") return "daemon bucket only"
		return "bucket + kernel limit"
	}
	{
		cols[++n] = $1
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[n, kv[1]] = kv[2] }
	}
	function cell(j, k,    a) {
		split(v[j, k], a, "/")
		return sprintf("%s / %s / %s (%d of %d lost)", a[1], a[2], a[3], a[4], a[5])
	}
	END {
		printf "| |"; for (j = 1; j <= n; j++) printf " %s |", title(cols[j]); printf "\n|---|"
		for (j = 1; j <= n; j++) printf "---|"; printf "\n"
		printf "| flood from vm1 (DISCOVER/s) |"
		for (j = 1; j <= n; j++) printf " %s |", v[j, "pps"] == "-" ? "none" : v[j, "pps"]
		printf "\n| reached queue 42 / failed open past it |"
		for (j = 1; j <= n; j++) printf " %s / %s |", v[j, "queued"], v[j, "failedopen"]
		printf "\n| dropped as rate_limited by the daemon |"
		for (j = 1; j <= n; j++) printf " %s |", v[j, "rl"]
		printf "\n| daemon CPU (%% of one core) |"
		for (j = 1; j <= n; j++) printf " %s |", v[j, "cpu"]
		printf "\n| vm2 DHCPv4 DISCOVER -> OFFER, p50 / p99 / max ms |"
		for (j = 1; j <= n; j++) printf " %s |", cell(j, "dhcp4")
		printf "\n| vm2 DHCPv6 Solicit -> Advertise, p50 / p99 / max ms |"
		for (j = 1; j <= n; j++) printf " %s |", cell(j, "dhcp6")
		printf "\n| vm2 RS -> RA, p50 / p99 / max ms |"
		for (j = 1; j <= n; j++) printf " %s |", cell(j, "rs")
		printf "\n"
	}' "$LAB_DIR/res"
