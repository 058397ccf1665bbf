#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-dhcp4.sh BUILD_DIR [quick]: the DHCPv4 benchmark of issues 4 and 16 (`./run.sh bench
# dhcp4 [quick]`), with the method of shared/docs/bench-notes.md, in the namespace lab
# (tests/lab/lab.sh), addresses 198.51.100.0/24 only. Two labs, generator pinned to CPU0,
# servers pinned to CPU1 in the lab namespace:
#  - tap (the headline, what a VM has in production): tap2 is a real TUN/TAP device
#    (persistent, IFF_TAP | IFF_NO_PI, as libvirt creates a VM's tap; txqueuelen left at the
#    kernel's default, which QEMU keeps), and dhcp4-loadgen --tun tap2 plays the VM's QEMU: it
#    attaches to the tun fd, writes the requests into it (they enter at tap2's ingress, where
#    iptables -i tap+ queues them as a VM's) and reads the replies from it. A reply sent into
#    the TAP costs the sender tun_net_xmit(): the frame queued on the tun's ring and the reader
#    woken; the guest's receive runs on the reader's thread (QEMU, vhost), not the sender's.
#  - veth: one guest (vm1, eth0 198.51.100.2) behind a veth tap1 (198.51.100.1), the loadgen
#    in it on AF_PACKET. On a veth the kernel runs the guest's whole receive (IP stack, the
#    generator's packet socket, waking it) in softirq inside the sender's sendmmsg() and
#    charges it to the sender: the figures of earlier runs, kept beside the TAP's.
#  1. Per packet against the floor: tests/bench/nfq-floor.c (an NFQUEUE consumer that only gives
#     batched verdicts), nfdhcpd, and the floor answering a trivial reply (-e: the load
#     generator's own latency floor), interleaved step by step, in both labs, under
#     tests/bench/dhcp4-loadgen.c (DISCOVER/REQUEST from 200 MACs) at fixed 5k..100k
#     requests/s and flat out: CPU per packet (schedstat), p50/p99 latency, fail-open (iptables
#     counter vs the queue's id_sequence), the loadgen's own CPU per request, replies the TAP
#     dropped (its tx_dropped); medians of BENCH_ROUNDS rounds.
#  2. perfdhcp DORA (200 returning clients, relay mode: giaddr 198.51.100.2) against nfdhcpd
#     through NFQUEUE, dnsmasq (lease file on tmpfs, --no-ping), Kea single- and multi-threaded
#     (raw sockets, memfile persist false): the highest rate with <= 2.5 % drops (ladder and
#     bisect), latency min/avg/max, and server CPU per exchange at 1k, 5k and 10k/s (veth lab).
#  3. Allocation per packet: the daemon under valgrind for N and 3N requests (malloc counts).
#  4. Where the time goes: perf record -g (cpu-clock) of the daemon and of the floor at 50k/s in
#     each lab, split into receive, verdicts, poll, reply (sendmmsg; within it delivery: the
#     veth guest's receive run in softirq, and tunxmit: tun_net_xmit on the TAP) and
#     userspace, in us per request from the ladder's medians; and of the loadgen, to show where
#     the write path's cost lands. What one reply costs the sender by injector design
#     (tests/bench/inject-cost.c: sendmmsg as nfdhcpd does, with PACKET_QDISC_BYPASS, a socket
#     bound to the tap, PACKET_TX_RING), into a veth with and without a reader in the guest and
#     into a real TAP with nothing attached, a reader on its tun fd, and the fd held unread;
#     and paced as at 50k/s, where every batch wakes the sleeping reader.
#  5. One table: CPU per request of floor, nfdhcpd, Kea and dnsmasq, as ratios to the floor.
# 'quick' (or BENCH_QUICK=1): only part 1, 2 rounds of 2 s at 10k, 50k/s and flat out.
# Env: BENCH_PERIOD (perfdhcp seconds per step, 4), BENCH_ROUNDS (3), BENCH_LADDER_SECS (4),
# BENCH_RATES (loadgen rates, 0 = flat out), BENCH_LABS (tap veth), BENCH_TAP_QLEN (tap2's
# txqueuelen; unset: the kernel's default), BENCH_RT (1: the ladder's fixed-rate steps run
# server and loadgen SCHED_FIFO, shielded from a shared machine's other load; 0: off),
# BENCH_SKIP (space list of: ladder inject perfdhcp kea dnsmasq valgrind perf peers).
set -eu
HERE=$(dirname "$(readlink -f "$0")")
BUILD=$(readlink -f "${1:-$HERE/../../build}")
export NFDHCPD=${NFDHCPD:-$BUILD/core/daemon/nfdhcpd}
export LAB_PLUGIN_DIR=${LAB_PLUGIN_DIR:-$BUILD} LAB_BACKEND_DIR=${LAB_BACKEND_DIR:-$BUILD}
[ -x "$BUILD/tests/lab/lab-flood" ] && export LAB_FLOOD=$BUILD/tests/lab/lab-flood
# shellcheck source=../lab/lab.sh
. "$HERE/../lab/lab.sh"
lab_require perfdhcp gcc taskset
lab_init "$@"

PERIOD=${BENCH_PERIOD:-4}
SKIP=" ${BENCH_SKIP:-} "
LADDER_ROUNDS=${BENCH_ROUNDS:-3}
LADDER_SECS=${BENCH_LADDER_SECS:-4}
LADDER_RATES=${BENCH_RATES:-5000 10000 20000 50000 100000 0}
LADDER_WHO="floor nfdhcpd floor-echo"
LADDER_LABS=${BENCH_LABS:-tap veth}
LADDER_RT=${BENCH_RT:-1}
if [ "${2:-}" = quick ] || [ -n "${BENCH_QUICK:-}" ]; then
	LADDER_ROUNDS=${BENCH_ROUNDS:-2}
	LADDER_SECS=${BENCH_LADDER_SECS:-2}
	LADDER_RATES=${BENCH_RATES:-10000 50000 0}
	SKIP="$SKIP inject perfdhcp valgrind perf peers "
fi
skip() { [[ $SKIP == *" $1 "* ]]; }
RESULTS=$LAB_DIR/results
: >"$RESULTS"
say() { echo "$*"; }

LOADGEN=$LAB_DIR/dhcp4-loadgen
gcc -std=c11 -D_GNU_SOURCE -O2 -pthread -o "$LOADGEN" "$HERE/dhcp4-loadgen.c"
FLOOR=$LAB_DIR/nfq-floor
gcc -std=c11 -D_GNU_SOURCE -O2 -o "$FLOOR" "$HERE/nfq-floor.c" -lmnl -lnetfilter_queue

lab_add_guest vm1 tap1 52:54:00:00:01:01 veth off
ip -n vm1 addr add 198.51.100.2/24 dev eth0
ip addr add 198.51.100.1/24 dev tap1
# kernel-socket peers on a veth need this (lab.md §3); it does not change our path
lab_tx_off tap1
# the real TAP lab: tap2 is a TUN/TAP device, persistent as libvirt (and e2e-vm's
# `ip tuntap add`) creates a VM's tap, IFF_TAP | IFF_NO_PI; the loadgen attaches to it for each
# step as QEMU does (--tun tap2) and is the VM: it writes the requests into the tun fd and
# reads the replies from it. Between steps nothing is attached: no carrier, as for a stopped VM.
# txqueuelen (the size of the tun's ring of frames waiting for the reader, and the limit of
# its pfifo_fast qdisc) stays at the kernel's default for a new tun, 1000 frames, which QEMU and
# libvirt keep (BENCH_TAP_QLEN to try others): at 100,000/s the loadgen reads a burst of 20
# replies per wake-up, and flat out nfdhcpd sends at most 512 per wake-up, below the ring.
# No IPv6 on it: the host's own ND/MLD frames would only be noise in the guest's reads.
ip tuntap add dev tap2 mode tap
ip link set tap2 address fe:54:00:00:02:01
[ -z "${BENCH_TAP_QLEN:-}" ] || ip link set tap2 txqueuelen "$BENCH_TAP_QLEN"
sysctl -qw net.ipv6.conf.tap2.disable_ipv6=1
ip link set tap2 up
TAP_QLEN=$(cat /sys/class/net/tap2/tx_queue_len)
mkdir -p "$LAB_DIR/tmpfs"
mount -t tmpfs -o mode=0777 nfd-bench "$LAB_DIR/tmpfs"

# on-CPU and run-queue-wait ns of all of a process's threads (/proc/PID/task/*/schedstat)
sched_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{c += $1; w += $2} END {printf "%.0f %.0f\n", c, w}'; }

# perf_step PID RATE SECS -> "pass|fail|gen rate_achieved discovers acks drop% min avg max cpu_us"
perf_step()
{
	local pid=$1 rate=$2 secs=$3 out c0 c1 disc acks dmin davg dmax achieved verdict cpu
	# not SCHED_FIFO: perfdhcp's sender spins between sends and would starve its own receiving
	# thread on the generator's CPU
	read -r c0 _ < <(sched_ns "$pid")
	out=$(lab_guest vm1 $((secs + 20)) taskset -c 0 perfdhcp -4 -l eth0 -r "$rate" \
		-p "$secs" -R 200 -W 200000 2>&1) || true
	read -r c1 _ < <(sched_ns "$pid")
	echo "$out" >>"$LAB_DIR/perfdhcp.log"
	achieved=$(echo "$out" | awk '/^Rate:/ {printf "%.0f", $2}')
	# first "sent packets" is DISCOVER-OFFER, second "received packets" is REQUEST-ACK
	disc=$(echo "$out" | awk '/^sent packets:/ {print $3; exit}')
	acks=$(echo "$out" | awk '/^received packets:/ {n++; if (n == 2) print $3}')
	dmin=$(echo "$out" | awk '/^min delay:/ {n++; if (n == 2) print $3}')
	davg=$(echo "$out" | awk '/^avg delay:/ {n++; if (n == 2) print $3}')
	dmax=$(echo "$out" | awk '/^max delay:/ {n++; if (n == 2) print $3}')
	: "${disc:=0}" "${acks:=0}" "${achieved:=0}"
	cpu=$(awk -v t=$((c1 - c0)) -v a="$acks" 'BEGIN { printf "%.1f", (a > 0 ? t / 1000 / a : 0) }')
	verdict=$(awk -v d="$disc" -v a="$acks" -v r="$rate" -v s="$secs" 'BEGIN {
		if (d < 0.975 * r * s) print "gen"; else if (d == 0 || 1 - a / d > 0.025) print "fail";
		else print "pass" }')
	echo "$verdict $achieved $disc $acks $(awk -v d="$disc" -v a="$acks" \
		'BEGIN { printf "%.2f", (d > 0 ? 100 * (1 - a / d) : 100) }') ${dmin:-?} ${davg:-?} ${dmax:-?} $cpu"
}

# ladder + bisect (ISC's method): highest rate passing with <= 2.5 % drops
rate_search()
{
	local name=$1 pid=$2 r res v good=0 bad=0 gen=0 mid
	for r in 1000 2000 4000 6000 8000 12000 16000 24000 32000; do
		res=$(perf_step "$pid" "$r" "$PERIOD")
		v=${res%% *}
		say "  $name ladder $r/s: $res"
		sleep 1.5
		case $v in
		pass) good=$r ;;
		gen) gen=$r; break ;;
		*) bad=$r; break ;;
		esac
	done
	if [ "$bad" -gt 0 ]; then
		for _ in 1 2 3; do
			mid=$(((good + bad) / 2))
			res=$(perf_step "$pid" "$mid" "$PERIOD")
			say "  $name bisect $mid/s: $res"
			sleep 1.5
			case ${res%% *} in
			pass) good=$mid ;;
			gen) gen=$mid; break ;;
			*) bad=$mid ;;
			esac
		done
	fi
	if [ "$gen" -gt 0 ]; then
		echo "$name max $good generator-bound-at-$gen" >>"$RESULTS"
	else
		echo "$name max $good server-bound" >>"$RESULTS"
	fi
}

fixed_rates()
{
	local name=$1 pid=$2 r res
	for r in 1000 5000 10000; do
		res=$(perf_step "$pid" "$r" "$PERIOD")
		say "  $name fixed $r/s: $res"
		echo "$name fixed $r $res" >>"$RESULTS"
		sleep 1
	done
}

bench_server()
{
	local name=$1 pid=$2
	taskset -a -cp 1 "$pid" >/dev/null
	say "== $name (pid $pid, CPU1); columns: verdict achieved/s DISCOVERs ACKs drop% min avg max(ms) CPU-us/exchange"
	perf_step "$pid" 500 2 >/dev/null # warm-up: the 200 clients get their leases
	rate_search "$name" "$pid"
	fixed_rates "$name" "$pid"
}

# ---- the floor and nfdhcpd under the same loadgen, interleaved ----
# Both stay bound (nfdhcpd queue 42, nfq-floor queue 43, both on CPU1); before each step the
# DHCP rules are pointed at one of them, so floor and nfdhcpd alternate step by step and a
# drift of the shared machine hits both. CPU is each process's own on-CPU time
# (/proc/PID/task/*/schedstat, in ns; the same time utime+stime count in ticks), and the run
# queue wait in the same file guards against foreign load: a step whose process waited for a
# CPU more than a tenth of the step is run again once, and the calmer of the two kept.
# loadgen batch = rate / 5000 (a send burst every 200 us; 1 at 5k/s: a wake-up per packet).
# Each step runs in one of two labs: "tap", the loadgen as the VM's QEMU on the real TAP tap2
# (writes and reads the tun fd), or "veth", the loadgen in the guest vm1 behind the veth tap1
# (AF_PACKET on eth0); the step's name is WHO@LAB.
# loadgen LAB SECS ARGS...: the generator of that lab, in the foreground
loadgen()
{
	local lab=$1 secs=$2
	shift 2
	if [ "$lab" = tap ]; then
		timeout -s KILL "$secs" "$@" --tun tap2 -M 52:54:00:00:02:01 -a 198.51.100.20
	else
		lab_guest vm1 "$secs" "$@"
	fi
}
route_queue()
{
	iptables -w -t mangle -F PREROUTING
	lab_rules "$1" - - -
}
ladder_step_once()
{
	local name=$1 pid=$2 q=$3 rate=$4 secs=$5 lab=${1#*@} b=32 out s0 s1 ipt c0 w0 c1 w1 enq
	local sent replies td0 td1
	[ "$rate" -gt 0 ] && b=$((rate / 5000))
	[ "$b" -ge 1 ] || b=1
	[ "$b" -le 32 ] || b=32
	local -a rt=()
	route_queue "$q"
	# at fixed rates both sides block between packets: SCHED_FIFO shields them from the
	# other load of a shared machine (never flat out, where both would spin for seconds)
	if [ "$LADDER_RT" = 1 ] && [ "$rate" -gt 0 ]; then
		rt=(chrt -f 10)
		chrt -a -f -p 10 "$pid"
	fi
	s0=$(lab_queue_stats "$q")
	td0=$(cat /sys/class/net/tap2/statistics/tx_dropped)
	read -r c0 w0 < <(sched_ns "$pid")
	out=$(loadgen "$lab" $((secs + 20)) "${rt[@]}" taskset -c 0 "$LOADGEN" -t "$secs" -r "$rate" -b "$b")
	read -r c1 w1 < <(sched_ns "$pid")
	td1=$(cat /sys/class/net/tap2/statistics/tx_dropped)
	[ "$lab" = tap ] || td1=$td0
	chrt -a -o -p 0 "$pid"
	s1=$(lab_queue_stats "$q")
	ipt=$(lab_ipt_packets "$q")
	enq=$((${s1##* } - ${s0##* }))
	sent=$(echo "$out" | sed -n 's/.*sent \([0-9]*\) =.*/\1/p')
	replies=$(echo "$out" | sed -n 's/.*replies \([0-9]*\) =.*/\1/p')
	echo "$name $out" >>"$LAB_DIR/ladder.log"
	# per packet: the floor answers a packet with its verdict, nfdhcpd with its reply
	awk -v name="$name" -v rate="$rate" -v sent="${sent:-0}" -v rep="${replies:-0}" \
		-v enq="$enq" -v ipt="$ipt" -v c=$((c1 - c0)) -v w=$((w1 - w0)) -v out="$out" \
		-v td=$((td1 - td0)) 'BEGIN {
		n = (name ~ /^floor@/) ? enq : rep
		split(out, f, " ")
		for (i = 1; i in f; i++) {
			if (f[i] == "p50") p50 = f[i + 1]; if (f[i] == "p99") p99 = f[i + 1]
			if (f[i] == "max") mx = f[i + 1]; if (f[i] == "us/sent") g = f[i + 1]
		}
		sub(",", "", mx)
		sub(",", "", g)
		printf "step %s %d %d %d %d %d %d %.3f %.3f %s %s %s %.0f %.0f %s %d\n", name, rate, sent,
			rep, enq, ipt, ipt - enq, (n > 0 ? c / 1000 / n : 0), w / 1e6, p50, p99, mx, c, w,
			g, td }'
}
# columns: step NAME@LAB RATE sent replies enqueued iptables failed-open us/packet wait-ms p50
# p99 max cpu-ns wait-ns loadgen-us/sent tap-tx-dropped
ladder_step()
{
	local res best="" f bw=-1
	for _ in 1 2; do
		res=$(ladder_step_once "$@")
		read -ra f <<<"$res"
		if [ "$bw" -lt 0 ] || [ "${f[14]}" -lt "$bw" ]; then
			best=$res
			bw=${f[14]}
		fi
		# waited for a CPU less than a tenth of the step: calm enough
		[ $((f[14] / 100000000)) -lt "$5" ] && break
		sleep 0.5
	done
	echo "$best"
}
ladder()
{
	local round r name pid q res lab
	say "== floor (tests/bench/nfq-floor.c: verdicts only) vs nfdhcpd, dhcp4-loadgen, ${LADDER_SECS}s" \
		"steps, $LADDER_ROUNDS rounds interleaved, labs: $LADDER_LABS (tap: real TAP tap2," \
		"txqueuelen $TAP_QLEN; veth: tap1); columns: step name@lab rate sent replies enqueued" \
		"iptables failed-open us/packet run-queue-wait-ms p50 p99 max(us) cpu-ns wait-ns" \
		"loadgen-us/sent tap-tx-dropped"
	[ "$LADDER_RT" = 1 ] && say "   (fixed rates: server and loadgen SCHED_FIFO 10, BENCH_RT=0 to turn off)"
	for round in $(seq "$LADDER_ROUNDS"); do
		for r in $LADDER_RATES; do
			for lab in $LADDER_LABS; do
				for name in $LADDER_WHO; do
					case $name in
					floor) pid=$FLOORPID q=43 ;;
					floor-echo) pid=$ECHOPID q=44 ;;
					*) pid=$OURPID q=42 ;;
					esac
					res=$(ladder_step "$name@$lab" "$pid" "$q" "$r" "$LADDER_SECS")
					say "  round $round: $res"
					echo "$res" >>"$RESULTS"
					sleep 0.5
				done
			done
		done
	done
}
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "?"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# median of column $3 of the steps of name $1 at rate $2
ladder_median() { awk -v n="$1" -v r="$2" -v c="$3" '$1 == "step" && $2 == n && $3 == r {print $c}' "$RESULTS" | median; }
ladder_table()
{
	local r f e o lab
	for lab in $LADDER_LABS; do
		say
		if [ "$lab" = tap ]; then
			say "== per packet against the floor, real TAP (tap2, the loadgen as the VM's QEMU on the tun fd)"
		else
			say "== per packet against the floor, veth (tap1, the loadgen in the guest: its receive runs in the sender's softirq)"
		fi
		say "   medians of $LADDER_ROUNDS interleaved rounds; CPU1 server, CPU0 loadgen; floor: verdicts only;"
		say "   +reply: the floor also sending a trivial reply (the generator's floor); gen: the loadgen's CPU per request sent"
		printf '%-7s %-9s %-9s %-9s %-7s %-9s %-15s %-15s %-8s %s\n' rate "floor us" "+reply" \
			"nfd us" "x floor" "x +reply" "nfd p50/p99" "+reply p50/p99" "gen us" "failed open (nfd)"
		for r in $LADDER_RATES; do
			f=$(ladder_median "floor@$lab" "$r" 9)
			e=$(ladder_median "floor-echo@$lab" "$r" 9)
			o=$(ladder_median "nfdhcpd@$lab" "$r" 9)
			printf '%-7s %-9s %-9s %-9s %-7s %-9s %-15s %-15s %-8s %s\n' "${r/#0/max}" "$f" "$e" "$o" \
				"$(awk -v a="$o" -v b="$f" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')" \
				"$(awk -v a="$o" -v b="$e" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }')" \
				"$(ladder_median "nfdhcpd@$lab" "$r" 11)/$(ladder_median "nfdhcpd@$lab" "$r" 12)" \
				"$(ladder_median "floor-echo@$lab" "$r" 11)/$(ladder_median "floor-echo@$lab" "$r" 12)" \
				"$(ladder_median "nfdhcpd@$lab" "$r" 16)" \
				"$(awk -v n="nfdhcpd@$lab" -v r="$r" '$1 == "step" && $2 == n && $3 == r {s += $8; d += $17}
					END {printf "%d%s", s, (d > 0 ? sprintf(" (tap dropped %d replies)", d) : "")}' "$RESULTS")"
		done
		if [[ " $LADDER_RATES " == *" 0 "* ]]; then
			say "  flat out (loadgen -b 32, the single-queue ceiling): nfdhcpd answered" \
				"$(ladder_median "nfdhcpd@$lab" 0 5 | awk -v s="$LADDER_SECS" '{printf "%.0f", $1 / s}')/s," \
				"the floor gave $(ladder_median "floor@$lab" 0 6 | awk -v s="$LADDER_SECS" '{printf "%.0f", $1 / s}') verdicts/s," \
				"the loadgen sent $(ladder_median "nfdhcpd@$lab" 0 4 | awk -v s="$LADDER_SECS" '{printf "%.0f", $1 / s}')/s;" \
				"the rest failed open (counted above)"
		fi
	done
}

inject_table()
{
	local mode rd
	grep -q '^inject ' "$RESULTS" || return 0
	say
	say "== one reply frame: the sender's CPU, us (inject-cost, flat out, medians; veth reader: a"
	say "   packet socket on the peer, as the loadgen has, whose wake-ups and copies the kernel charges"
	say "   to the sender; TAP reader: the tun fd read as QEMU does, hold: attached, never read)"
	printf '%-10s %-11s %-11s %-11s %-11s %s\n' injector "veth, none" "veth, rdr" "TAP, none" \
		"TAP, rdr" "TAP, hold"
	for mode in sendmmsg bypass bound ring paced; do
		local -a vals=()
		for rd in no yes tap-no tap-yes tap-hold; do
			vals+=("$(awk -v m="$mode" -v r="$rd" '$1 == "inject" && $2 == m && $3 == r {print $4}' \
				"$RESULTS" | median)")
		done
		printf '%-10s %-11s %-11s %-11s %-11s %s\n' "$mode" "${vals[@]}"
	done
	say "  (paced: sendmmsg, a batch every 200 us as at 50,000/s, the sender's own sleep and wake"
	say "   included; TAP rdr - TAP hold is what waking the sleeping reader costs per frame)"
}
# perf's shares (one profile each at 50,000/s) applied to the ladder's median CPU there
split_table()
{
	local o f part lab
	grep -q '^perfsplit ' "$RESULTS" || return 0
	[[ " $LADDER_RATES " == *" 50000 "* ]] || return 0
	for lab in $LADDER_LABS; do
		o=$(ladder_median "nfdhcpd@$lab" 50000 9)
		f=$(ladder_median "floor@$lab" 50000 9)
		say
		say "== $lab: where the CPU per request goes at 50,000/s: perf's shares x the ladder's median"
		printf '%-10s %-22s %s\n' part "nfdhcpd ($o us)" "floor ($f us)"
		for part in recv verdict poll reply delivery tunxmit user; do
			awk -v p="$part" -v o="$o" -v f="$f" -v n="nfdhcpd@$lab" -v fl="floor@$lab" '
				$1 == "perfsplit" && $3 == p {
				if ($2 == n) a = sprintf("%5.1f %% %5.2f us", $4, $4 * o / 100)
				if ($2 == fl) b = sprintf("%5.1f %% %5.2f us", $4, $4 * f / 100) }
				END { printf "%-10s %-22s %s\n", p, a, b }' "$RESULTS"
		done
		say "  (reply: the sendmmsg() of the replies, delivery and tunxmit included)"
		say "$(awk -v o="$o" -v f="$f" 'BEGIN { if (f > 0) printf "  the goal, 1.5x the floor: %.2f us; nfdhcpd %.2f us = %.2fx", 1.5 * f, o, o / f }')"
	done
}

# ---- nfdhcpd through NFQUEUE ----
start_ours()
{
	lab_write_binding tap1 MAC=52:54:00:00:01:01 HOSTNAME=vm1 IP=198.51.100.10 \
		SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 MACSPOOF=1
	lab_write_binding tap2 MAC=52:54:00:00:02:01 HOSTNAME=vm2 IP=198.51.100.20 \
		SUBNET=198.51.100.0/24 GATEWAY=198.51.100.1 MACSPOOF=1
	LAB_DAEMON_TIMEOUT=7200 LAB_PLUGINS=dhcp4 lab_start_daemon \
		"$(printf '[dhcp4]\nqueue = 42\nserver-ip = 198.51.100.1\nlease-time = 3600\nrate-limit = 0\n')"
}
iptables -w -t mangle -F PREROUTING
lab_rules 42 - - -
start_ours
OURPID=$(lab_daemon_pid)
say "nfdhcpd: the bindings of tap1 and tap2 have MACSPOOF=1 (the loadgen's and perfdhcp's 200 client MACs"
say "arrive on one tap), and [dhcp4] rate-limit = 0 (one tap stands for 200 clients, far above"
say "the default per-tap budget); perfdhcp runs as a relay (-l eth0: giaddr 198.51.100.2, replies to giaddr:67)"
taskset -a -cp 1 "$OURPID" >/dev/null
lab_spawn - 7200 "$LAB_DIR/floor.log" taskset -c 1 "$FLOOR" -q 43
FLOORSID=$LAB_SID
lab_spawn - 7200 "$LAB_DIR/floor-echo.log" taskset -c 1 "$FLOOR" -q 44 -e
ECHOSID=$LAB_SID
lab_wait_log "queue 43 bound" 10 "$LAB_DIR/floor.log"
lab_wait_log "queue 44 bound" 10 "$LAB_DIR/floor-echo.log"
FLOORPID=$(pgrep -s "$FLOORSID" -x nfq-floor | head -n 1)
ECHOPID=$(pgrep -s "$ECHOSID" -x nfq-floor | head -n 1)
if ! skip ladder; then
	route_queue 42
	for lab in $LADDER_LABS; do
		loadgen "$lab" 20 "$LOADGEN" -t 1 -r 1000 -b 1 >/dev/null # warm-up
	done
	ladder
	route_queue 42
fi
# ---- what one reply costs the sender, by injector design ----
# tests/bench/inject-cost.c sends the replies of a wake-up (batches of 10 broadcast DHCP
# frames) into a veth whose peer has an address, as the guest's eth0 does, with and without a
# packet-socket reader on the peer (the loadgen's), and into a real TAP with nothing attached,
# with a reader on its tun fd (QEMU) and with the fd held but not read; modes alternate,
# medians of 3.
if ! skip inject; then
	INJECT=$LAB_DIR/inject-cost
	gcc -std=c11 -D_GNU_SOURCE -O2 -o "$INJECT" "$HERE/inject-cost.c"
	ip link add name icost0 type veth peer name icost1
	ip link set icost0 up
	ip link set icost1 up
	ip addr add 203.0.113.2/24 dev icost1
	# and a real TAP, the reader attached to its tun fd as QEMU is (hold: attached, never reads)
	ip tuntap add dev icost2 mode tap
	ip link set icost2 up
	say "== one reply frame, CPU of the sender by injector design (inject-cost, batches of 10, CPU1)"
	for round in 1 2 3; do
		for mode in sendmmsg bypass bound ring; do
			for rd in no yes tap-no tap-yes tap-hold; do
				case $rd in
				no) args=(-i icost0) ;;
				yes) args=(-i icost0 -r icost1) ;;
				tap-no) args=(-i icost2) ;;
				tap-yes) args=(-i icost2 -t) ;;
				tap-hold) args=(-i icost2 -H) ;;
				esac
				res=$(chrt -f 10 taskset -c 1 "$INJECT" "${args[@]}" -m "$mode" -n 200000 -b 10 -c 0)
				say "  round $round: $res"
				echo "inject $mode $rd $(echo "$res" | sed -n 's/.*: \([0-9.]*\) us\/frame.*/\1/p')" >>"$RESULTS"
				[ "$mode" = sendmmsg ] || continue
				# paced as at 50,000/s: a batch every 200 us, the reader asleep in between
				res=$(chrt -f 10 taskset -c 1 "$INJECT" "${args[@]}" -m "$mode" -n 50000 -b 10 -c 0 -p 200)
				say "  round $round: $res"
				echo "inject paced $rd $(echo "$res" | sed -n 's/.*: \([0-9.]*\) us\/frame.*/\1/p')" >>"$RESULTS"
			done
		done
	done
	ip link del icost0
	ip link del icost2
fi
if ! skip perfdhcp; then
	# the rule was last (re)added after the ladder, so its counter starts there; the queue's
	# id_sequence counts from the daemon's start: take its difference
	st0=$(lab_queue_stats 42)
	ipt0=$(lab_ipt_packets 42)
	bench_server nfdhcpd "$OURPID"
	ipt=$(($(lab_ipt_packets 42) - ipt0))
	st=$(lab_queue_stats 42)
	say "  nfdhcpd queue 42 under perfdhcp: iptables matched $ipt, enqueued" \
		"$((${st##* } - ${st0##* })) (difference = failed open)"
	# the floor under the same generator: perfdhcp at twice the exchange rate sends that many
	# DISCOVERs (the floor answers none), the packet rate nfdhcpd saw at the exchange rate
	route_queue 43
	for r in 5000 10000; do
		read -r c0 _ < <(sched_ns "$FLOORPID")
		s0=$(lab_queue_stats 43)
		lab_guest vm1 $((PERIOD + 20)) taskset -c 0 perfdhcp -4 -l eth0 -r $((2 * r)) \
			-p "$PERIOD" -R 200 -W 200000 >/dev/null 2>&1 || true
		read -r c1 _ < <(sched_ns "$FLOORPID")
		s1=$(lab_queue_stats 43)
		res=$(awk -v c=$((c1 - c0)) -v n=$((${s1##* } - ${s0##* })) \
			'BEGIN { printf "%.2f %d", (n > 0 ? c / 1000 / n : 0), n }')
		say "  floor under perfdhcp at $((2 * r)) DISCOVERs/s: us/packet, packets: $res"
		echo "floor-pd $r $res" >>"$RESULTS"
		sleep 1
	done
	route_queue 42
fi
# ---- where the time goes ----
# perf_profile NAME@LAB PID QUEUE: perf record -g of one consumer at 50k requests/s (the
# ladder's batch of 10) in that lab, its top objects and symbols, and its samples split by what
# they were part of (inclusive of callees) into "perfsplit NAME@LAB PART PERCENT" lines of the
# results
perf_pct() { awk -v f="$2" '$NF == f {sub("%", "", $1); p = $1; exit} END {print p + 0}' "$1"; }
perf_profile()
{
	local name=$1 pid=$2 q=$3 lab=${1#*@} sid kern data=$LAB_DIR/perf-$1.data
	route_queue "$q"
	say "== perf record -g (cpu-clock) of $name, 4 s at 50k requests/s"
	if [ "$lab" = tap ]; then
		setsid timeout -s KILL 20 taskset -c 0 "$LOADGEN" -t 5 -r 50000 -b 10 --tun tap2 \
			-M 52:54:00:00:02:01 -a 198.51.100.20 >"$LAB_DIR/perf-load.log" 2>&1 </dev/null &
		sid=$!
	else
		lab_spawn vm1 20 "$LAB_DIR/perf-load.log" taskset -c 0 "$LOADGEN" -t 5 -r 50000 -b 10
		sid=$LAB_SID
	fi
	sleep 0.5
	timeout -s KILL 20 perf record -q -e cpu-clock -g -p "$pid" -o "$data" \
		-- sleep 4 >/dev/null 2>&1 || true
	wait "$sid" || true
	perf report -i "$data" --stdio --no-children --sort dso 2>/dev/null |
		grep -E '^ +[0-9]' | head -8 | sed 's/^/  /'
	perf report -i "$data" --stdio --no-children --sort sym -g none 2>/dev/null |
		grep -E '^ +[0-9]' | head -25 | sed 's/^/  /'
	perf report -i "$data" --stdio --children --sort sym -g none 2>/dev/null |
		grep -E '^ +[0-9]' >"$data.children" || true
	kern=$(perf report -i "$data" --stdio --no-children --sort dso 2>/dev/null |
		awk '/\[kernel\.kallsyms\]/ {sub("%", "", $1); print $1; exit}')
	{
		echo "perfsplit $name recv $(perf_pct "$data.children" __x64_sys_recvmmsg)"
		echo "perfsplit $name reply $(perf_pct "$data.children" __x64_sys_sendmmsg)"
		echo "perfsplit $name delivery $(perf_pct "$data.children" net_rx_action)"
		echo "perfsplit $name tunxmit $(perf_pct "$data.children" tun_net_xmit)"
		echo "perfsplit $name verdict $(perf_pct "$data.children" __x64_sys_sendto)"
		echo "perfsplit $name poll $(awk -v a="$(perf_pct "$data.children" __x64_sys_poll)" \
			-v b="$(perf_pct "$data.children" __x64_sys_ppoll)" 'BEGIN {print a + b}')"
		echo "perfsplit $name user $(awk -v k="${kern:-0}" 'BEGIN {printf "%.2f", 100 - k}')"
	} >>"$RESULTS"
	say "  where a request's CPU goes (% of samples, inclusive):" \
		"$(awk -v n="$name" '$1 == "perfsplit" && $2 == n {printf "%s %s%%  ", $3, $4}' "$RESULTS")"
}
# gen_profile LAB: perf record -g of the loadgen itself at 50k/s towards nfdhcpd: on the TAP
# its write() runs the host's receive up to the NFQUEUE (tun_get_user), as a VM's QEMU or vhost
# thread does; on the veth its sendmmsg() does the same, and nfdhcpd's replies are received in
# the server's softirq instead of here
gen_profile()
{
	local lab=$1 data=$LAB_DIR/perf-gen-$1.data f
	route_queue 42
	loadgen "$lab" 30 perf record -q -e cpu-clock -g -o "$data" -- taskset -c 0 "$LOADGEN" \
		-t 4 -r 50000 -b 10 >"$LAB_DIR/perf-gen-$lab.log" 2>&1 || true
	perf report -i "$data" --stdio --children --sort sym -g none 2>/dev/null |
		grep -E '^ +[0-9]' >"$data.children" || true
	say "  the loadgen ($lab) at 50k/s, % of its samples (inclusive):" \
		"$(for f in tun_chr_write_iter tun_get_user __x64_sys_sendmmsg nfqnl_enqueue_packet \
			tun_chr_read_iter __x64_sys_recvmmsg net_rx_action; do
			printf '%s %s%%  ' "$f" "$(perf_pct "$data.children" "$f")"
		done)"
	say "    $(grep -o 'cpu us/sent [0-9.]*' "$LAB_DIR/perf-gen-$lab.log" || true)"
}
if ! skip perf && command -v perf >/dev/null; then
	for lab in $LADDER_LABS; do
		perf_profile "nfdhcpd@$lab" "$OURPID" 42
		perf_profile "floor@$lab" "$FLOORPID" 43
		gen_profile "$lab"
	done
	say "  (delivery: net_rx_action, on the veth the guest's receive run in softirq inside the"
	say "   reply's sendmmsg(); tunxmit: tun_net_xmit, on the TAP the whole of a reply's delivery:"
	say "   the frame queued on the tun's ring and the reader woken)"
	route_queue 42
fi
lab_reap "$FLOORSID"
lab_reap "$ECHOSID"
lab_stop_daemon || say "nfdhcpd exit status $LAB_DAEMON_RC"

# ---- allocation per packet: malloc counts under valgrind for N and 3N requests ----
if ! skip valgrind && command -v valgrind >/dev/null; then
	say "== allocations per request (valgrind, total heap allocs at exit)"
	wrap=$LAB_DIR/vg-nfdhcpd
	# --xtree-memory attributes every allocation to its call stack, so the per-packet path
	# (nfd_queue_process and everything below it) can be told apart from the main loop's
	printf '#!/bin/sh\nexec valgrind --log-file=%s/vg.$$.log --xtree-memory=full --xtree-memory-file=%s/xt.$$.kcg --trace-children=no %s "$@"\n' \
		"$LAB_DIR" "$LAB_DIR/xtree" "$NFDHCPD" >"$wrap"
	# written at exit, after the daemon dropped to its unprivileged user
	mkdir -p "$LAB_DIR/xtree"
	chmod 0777 "$LAB_DIR/xtree"
	chmod 0755 "$wrap"
	declare -A allocs
	# valgrind does not emulate seccomp(2): the daemon refuses to run unfiltered unless told
	# (a drop-in, so the lab's confinement check knows too); removed after this part
	mkdir -p "$LAB_CONF.d"
	printf '[general]\nseccomp = no\n' >"$LAB_CONF.d/90-valgrind.conf"
	for n in 1 3; do
		rm -f "$LAB_DIR"/vg.*.log "$LAB_DIR"/xtree/xt.*.kcg
		NFDHCPD=$wrap LAB_READY_TIMEOUT=60 LAB_PLUGINS=dhcp4 lab_start_daemon \
			"$(printf '[dhcp4]\nqueue = 42\nserver-ip = 198.51.100.1\nrate-limit = 0\n')"
		out=$(lab_guest vm1 30 "$LOADGEN" -t "$n" -r 1000 -b 1)
		say "  ${n}x: $out"
		lab_stop_daemon 20 || true
		allocs[$n]=$(grep -ho 'total heap usage: [0-9,]* allocs' "$LAB_DIR"/vg.*.log | tr -d , |
			awk '{print $4}' | tail -n 1)
		echo "$out" | sed -n 's/.*replies \([0-9]*\) =.*/\1/p' >"$LAB_DIR/vg.replies.$n"
	done
	rm -f "$LAB_CONF.d/90-valgrind.conf"
	r1=$(cat "$LAB_DIR/vg.replies.1") r3=$(cat "$LAB_DIR/vg.replies.3")
	say "  heap allocs: ${allocs[1]:-?} after $r1 replies, ${allocs[3]:-?} after $r3 replies:" \
		"$(awk -v a="${allocs[1]:-0}" -v b="${allocs[3]:-0}" -v x="$r1" -v y="$r3" \
			'BEGIN { if (y > x) printf "%.4f allocs per request", (b - a) / (y - x); else print "n/a" }')"
	echo "allocs ${allocs[1]:-?} $r1 ${allocs[3]:-?} $r3" >>"$RESULTS"
	kcgs=()
	mapfile -t kcgs < <(compgen -G "$LAB_DIR/xtree/xt.*.kcg" | sort)
	if command -v callgrind_annotate >/dev/null && [ ${#kcgs[@]} -gt 0 ]; then
		xt=${kcgs[-1]}
		ann=$(callgrind_annotate --inclusive=yes --show=totBk "$xt" 2>/dev/null)
		blocks() { awk -v f="$1" '$0 ~ (":" f "$") {gsub(",", "", $1); print $1; exit}' <<<"$ann"; }
		pp=$(blocks nfd_queue_process || true)
		pd=$(blocks nfd_dispatch_packet || true)
		say "  where they are ($r3 replies; blocks allocated, inclusive of callees, from valgrind's xtree):"
		say "    nfdhcpd's per-packet path (nfd_queue_process, nfd_dispatch_packet and below):" \
			"${pp:-0} / ${pd:-0}${pp:+}${pp:-  (no allocation stack passes through it)}"
		say "    the rest is GLib's main loop: g_main_context_dispatch takes one g_slice per"
		say "    dispatched source (a 6-line program with one g_unix_fd_add() source does the"
		say "    same); at 1000/s with -b 1 every request is its own wake-up, under load one"
		say "    wake-up serves up to 64 datagrams. (Under valgrind GLib's slices are plain mallocs.)"
	fi
fi

# ---- peers: the same clients through the kernel (no NFQUEUE rule) ----
iptables -w -t mangle -F PREROUTING
if ! skip peers && ! skip dnsmasq; then
	if command -v dnsmasq >/dev/null; then
		lab_spawn - 300 "$LAB_DIR/dnsmasq.log" taskset -c 1 dnsmasq --no-daemon \
			--conf-file=/dev/null --port=0 --interface=tap1 --bind-interfaces --no-ping \
			--dhcp-range=198.51.100.10,198.51.100.250,1h --dhcp-leasefile="$LAB_DIR/tmpfs/leases" \
			--pid-file= --user=root
		dsid=$LAB_SID
		sleep 1
		dpid=$(pgrep -s "$dsid" -x dnsmasq | head -n 1)
		say "dnsmasq 2.90: lease file on tmpfs, --no-ping, range .10-.250"
		bench_server dnsmasq "$dpid"
		lab_reap "$dsid"
	else
		say "dnsmasq: not installed (package dnsmasq-base), skipped"
	fi
fi
kea_run()
{
	local name=$1 mt=$2 ksid kpid
	cat >"$LAB_DIR/kea4.json" <<EOF
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "tap1" ], "dhcp-socket-type": "raw" },
  "lease-database": { "type": "memfile", "persist": false },
  "multi-threading": { "enable-multi-threading": $mt, "thread-pool-size": 2, "packet-queue-size": 64 },
  "valid-lifetime": 3600,
  "subnet4": [ { "subnet": "198.51.100.0/24", "pools": [ { "pool": "198.51.100.10 - 198.51.100.250" } ] } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "WARN",
                 "output_options": [ { "output": "$LAB_DIR/kea.out" } ] } ]
} }
EOF
	mkdir -p "$LAB_DIR/kea"
	KEA_PIDFILE_DIR=$LAB_DIR/kea KEA_LOCKFILE_DIR=$LAB_DIR/kea lab_spawn - 300 \
		"$LAB_DIR/$name.log" taskset -c 1 kea-dhcp4 -c "$LAB_DIR/kea4.json"
	ksid=$LAB_SID
	sleep 2
	kpid=$(pgrep -s "$ksid" -x kea-dhcp4 | head -n 1)
	if [ -z "$kpid" ]; then
		say "$name: did not start: $(tail -n 3 "$LAB_DIR/$name.log")"
		return 0
	fi
	bench_server "$name" "$kpid"
	lab_reap "$ksid"
}
if ! skip peers && ! skip kea; then
	if command -v kea-dhcp4 >/dev/null; then
		say "Kea 2.2: raw sockets, memfile persist false, pool .10-.250"
		kea_run kea-st false
		kea_run kea-mt true
	else
		say "kea: not installed (package kea-dhcp4-server), skipped"
	fi
fi

umount "$LAB_DIR/tmpfs" 2>/dev/null || true

# ---- side by side ----
skip ladder || ladder_table
inject_table
split_table
grep -q "^nfdhcpd fixed" "$RESULTS" || exit 0
say
say "== perfdhcp DORA, 200 returning clients, relayed; CPU1 server, CPU0 generator"
printf '%-10s %-34s %-26s %-26s %-26s\n' server "max rate (<=2.5% drops)" \
	"1k/s: avg ms, us/exch" "5k/s: avg ms, us/exch" "10k/s: avg ms, us/exch"
for s in nfdhcpd dnsmasq kea-st kea-mt; do
	grep -q "^$s max" "$RESULTS" || continue
	max=$(awk -v s="$s" '$1 == s && $2 == "max" {print $3 " (" $4 ")"}' "$RESULTS")
	cols=()
	for r in 1000 5000 10000; do
		cols+=("$(awk -v s="$s" -v r="$r" '$1 == s && $2 == "fixed" && $3 == r {
			printf "%s, %s (%s%%)", $10, $12, $8 }' "$RESULTS")")
	done
	printf '%-10s %-34s %-26s %-26s %-26s\n' "$s" "$max" "${cols[@]}"
done
# one table: CPU per request (an exchange is two requests, DISCOVER and REQUEST) against the
# floor's CPU per packet at the same packet rate under the same generator, all from this run
per_req() { awk -v s="$1" -v r="$2" '$1 == s && $2 == "fixed" && $3 == r {printf "%.1f", $12 / 2}' "$RESULTS"; }
say
say "== CPU per DHCP request under perfdhcp, us (ratio to the floor's CPU per packet at the same packet rate)"
printf '%-22s %-8s %-14s %-14s %-14s %-14s\n' "requests/s" floor nfdhcpd kea-st kea-mt dnsmasq
for r in 5000 10000; do
	f=$(awk -v r="$r" '$1 == "floor-pd" && $2 == r {print $3}' "$RESULTS")
	row=()
	for s in nfdhcpd kea-st kea-mt dnsmasq; do
		v=$(per_req "$s" "$r")
		row+=("${v:--}$(awk -v a="${v:-0}" -v b="${f:-0}" 'BEGIN { if (a > 0 && b > 0) printf " (%.1fx)", a / b }')")
	done
	printf '%-22s %-8s %-14s %-14s %-14s %-14s\n' "$((2 * r)) ($r DORA/s)" "${f:--}" "${row[@]}"
done
say "notes: nfdhcpd's binding uses MACSPOOF (200 MACs on one tap); perfdhcp relays (giaddr);"
say "perfdhcp saturates one core near 12-14k DORA/s, so 'generator-bound' means nfdhcpd was not the limit;"
say "the loadgen table above has nfdhcpd's ceiling. The machine is shared and noisy (+-15-30 %)."
