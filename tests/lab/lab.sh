# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# lab.sh: the network-namespace test lab of nfdhcpd, a bash library sourced by the end-to-end
# test scripts. As root it re-executes the calling script inside a private network + mount
# namespace (the "host" of the VMs), creates guests in named network namespaces behind taps
# (veth, real TAP through taprelay, or bridge ports), installs the iptables NFQUEUE rules, writes
# binding files, starts the daemon given by $NFDHCPD with a generated config, runs real clients
# in the guests with timeouts, checks the NFQUEUE and iptables counters, and tears everything
# down on exit, even on failure. Nothing touches the root namespace. Proven recipes and pitfalls:
# shared/docs/lab.md. Full API with examples: tests/lab/README.md.
#
# API (every function returns non-zero on failure; scripts normally run with `set -eu`):
#   lab_init "$@"                   root + tool checks (exit 77), re-exec under unshare, tmpfs
#                                   mounts, lo up, work dir $LAB_DIR, teardown trap
#   lab_require TOOL...             exit 77 naming the missing tools
#   lab_skip MESSAGE                print "SKIP: MESSAGE", exit 77
#   lab_add_guest NAME TAP MAC [veth|tap|bridge|bridge-tap] [IPV6]
#                                   netns NAME with eth0 (MAC) behind host-side TAP; IPV6 is a
#                                   comma list of on, off, noautoconf, nodad (applied before up)
#   lab_guest_ipv6 NAME MODE[,MODE] [IF]  change IPv6 sysctls of a guest's eth0 (or of IF in the
#                                   lab namespace when NAME is '-')
#   lab_guest_wait_dad NAME [SECS] [IF]  wait until IF (eth0) has a non-tentative link-local
#                                   address; NAME '-' is the lab namespace
#   lab_tx_off TAP                  ethtool -K TAP tx off (kernel-socket servers on veth)
#   lab_rules Q4 QRS QNS Q6         mangle PREROUTING NFQUEUE --queue-bypass rules for -i tap+
#                                   and -m physdev --physdev-in tap+ ('-' skips one protocol)
#   lab_write_binding TAP KEY=VALUE...   / lab_remove_binding TAP
#   lab_default_conf                print the default plugin sections (queues 42..45)
#   lab_start_daemon [CONF-EXTRA]   write $LAB_DIR/nfdhcpd.conf, start $NFDHCPD -f -c, wait for
#                                   "Ready to serve requests"; call it from the main shell
#   lab_daemon_pid / lab_daemon_signal SIG / lab_daemon_log / lab_wait_log REGEX [SECS] [FILE]
#   lab_stop_daemon [SECS]          SIGTERM, wait, then KILL; returns (and sets LAB_DAEMON_RC to)
#                                   the daemon's exit status
#   lab_guest NAME SECS CMD...      run CMD in guest NAME, killed after SECS
#   lab_spawn NAME SECS LOG CMD...  the same in the background in its own session (NAME '-' is
#                                   the lab namespace); sets LAB_SID (= its pid); reaped at
#                                   teardown; call it from the shell that will `wait` for it
#   lab_reap SID                    TERM then KILL every process of session SID
#   lab_udhcpc NAME [ARGS...]       busybox udhcpc one-shot on eth0
#   lab_dhclient NAME -4|-6|-6S|-6P [SECS] [ARGS...]
#   lab_dhcpcd NAME [SECS] [ARGS...]
#   lab_rdisc6 NAME [ARGS...]       / lab_ndisc6 NAME TARGET [ARGS...]
#   lab_client_var NAME CLIENT VAR  last value of VAR handed to the client's script
#   lab_flood NAME SECS [ARGS...]   AF_PACKET frame flooder (lab-flood) in guest NAME
#   lab_queue_stats Q               "pending queue_dropped user_dropped id_sequence"
#   lab_ipt_packets Q               iptables+ip6tables packets sent to queue Q (any mangle chain)
#   lab_queue_mark Q                baseline for lab_assert_queue_clean (done by lab_start_daemon)
#   lab_assert_queue_clean Q [SECS] every packet queued since the mark got a verdict: nothing
#                                   pending, no drops, iptables count == enqueued count
#   lab_teardown                    what the EXIT trap runs
#
# Environment: NFDHCPD (daemon binary), LAB_PLUGIN_DIR (--plugin-dir), LAB_BACKEND_DIR
# (--backend-dir), LAB_DAEMON_ARGS (extra
# daemon arguments, e.g. -d), LAB_PLUGINS (default dhcp4,ra,ndp,dhcp6), LAB_DAEMON_USER (default
# nobody), LAB_READY_TIMEOUT (10), LAB_DAEMON_TIMEOUT (300), LAB_IPT (nft|legacy, default nft),
# LAB_CONTROL_SOCKET (the daemon's control socket, default $LAB_DIR/run/control.sock),
# LAB_TAPRELAY / LAB_FLOOD (built tools; compiled into $LAB_DIR with gcc when unset), LAB_KEEP=1
# (keep $LAB_DIR), LAB_REPORT (file: teardown writes the namespace ids and sessions it reaped),
# NFD_HAVE_SECCOMP=1 (lab_start_daemon fails unless every thread of the daemon runs under its
# system call filter, NoNewPrivs 1 and Seccomp 2, when the configuration leaves seccomp on).
# Set for the caller: LAB_DIR, LAB_BINDINGS, LAB_CONF, LAB_DAEMON_LOG, LAB_SRCDIR.

LAB_SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}
export PATH

lab_skip()
{
	echo "SKIP: $*"
	exit 77
}

lab_require()
{
	local t missing=()
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || missing+=("$t")
	done
	[ ${#missing[@]} -eq 0 ] || lab_skip "missing tools: ${missing[*]}"
}

_lab_ipt()
{
	case "$1:${LAB_IPT:-nft}" in
	4:legacy) echo iptables-legacy ;;
	6:legacy) echo ip6tables-legacy ;;
	4:*) echo iptables ;;
	6:*) echo ip6tables ;;
	esac
}

_lab_die()
{
	echo "lab: $*" >&2
	return 1
}

lab_init()
{
	local d script
	if [ -z "${NFD_LAB_INNER:-}" ]; then
		[ "$(id -u)" = 0 ] || lab_skip "the lab needs root"
		lab_require unshare ip timeout setsid mount sysctl "$(_lab_ipt 4)" "$(_lab_ipt 6)"
		unshare --net --mount --propagation private true 2>/dev/null ||
			lab_skip "unshare --net --mount is not permitted here"
		script=$(readlink -f "${BASH_SOURCE[${#BASH_SOURCE[@]} - 1]}")
		exec env NFD_LAB_INNER=1 unshare --net --mount --propagation private -- \
			"$BASH" "$script" "$@"
	fi
	# private copies of the state directories clients and ip-netns write (lab.md §5, hazard 2, 3)
	for d in /run/netns /var/lib/dhcpcd /var/lib/dhcpv6 /var/lib/dhcp /run/dhcpcd; do
		mkdir -p "$d"
		mount -t tmpfs -o mode=0755 nfd-lab "$d" || _lab_die "cannot mount tmpfs on $d" || exit 1
	done
	# sysfs shows the devices of the namespace that mounted it: remount it, as ip netns exec does,
	# so /sys/class/net/<tap> (the daemon reads ifindex there) is the lab's and not the host's
	umount -l /sys && mount -t sysfs nfd-lab /sys || _lab_die "cannot remount /sys" || exit 1
	ip link set lo up
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nfd-lab.XXXXXX")
	# the daemon drops to an unprivileged user and must still read its config and bindings
	chmod 0755 "$LAB_DIR"
	LAB_BINDINGS=$LAB_DIR/bindings
	LAB_CONF=$LAB_DIR/nfdhcpd.conf
	LAB_DAEMON_LOG=$LAB_DIR/nfdhcpd.log
	mkdir -m 0755 "$LAB_BINDINGS"
	: >"$LAB_DIR/sessions"
	: >"$LAB_DIR/guests"
	: >"$LAB_DIR/queues"
	export LAB_DIR LAB_BINDINGS LAB_CONF LAB_DAEMON_LOG LAB_SRCDIR
	trap lab_teardown EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# ---- processes: everything runs in its own session under timeout and is reaped by pid ----

# is pid $1 ours: a process of the lab namespace or of a guest namespace (ip netns exec gives
# its command a mount namespace of its own, so the network namespace is what identifies them)
_lab_is_ours()
{
	local ns
	[ "$1" != "$$" ] && [ "$1" != "$BASHPID" ] || return 1
	[ "/proc/$1/ns/net" -ef "/proc/$$/ns/net" ] 2>/dev/null && return 0
	for ns in /run/netns/*; do
		[ "/proc/$1/ns/net" -ef "$ns" ] 2>/dev/null && return 0
	done
	return 1
}

# pids of our processes in session $1
_lab_session_pids()
{
	local p line f
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		read -r line 2>/dev/null <"/proc/$p/stat" || continue
		read -ra f <<<"${line##*) }"
		[ "${f[3]}" = "$1" ] && _lab_is_ours "$p" && echo "$p"
	done
	return 0
}

# every process of the lab and guest namespaces except this shell: all of them are ours
_lab_ns_pids()
{
	local p
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		_lab_is_ours "$p" && echo "$p"
	done
	return 0
}

# child pid of $1 (the daemon under its timeout)
_lab_child_pid()
{
	local p line f
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		read -r line 2>/dev/null <"/proc/$p/stat" || continue
		read -ra f <<<"${line##*) }"
		if [ "${f[1]}" = "$1" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

lab_reap()
{
	local sid=$1 pids
	pids=$(_lab_session_pids "$sid")
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086
	kill -TERM $pids 2>/dev/null
	for _ in $(seq 20); do
		pids=$(_lab_session_pids "$sid")
		[ -n "$pids" ] || return 0
		sleep 0.1
	done
	echo "lab: session $sid survived SIGTERM, killing $pids" >&2
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null
	return 0
}

lab_spawn()
{
	local name=$1 secs=$2 log=$3 pid
	shift 3
	if [ "$name" = - ]; then
		setsid timeout -s KILL "$secs" "$@" >"$log" 2>&1 </dev/null &
	else
		ip netns exec "$name" setsid timeout -s KILL "$secs" "$@" >"$log" 2>&1 </dev/null &
	fi
	# ip netns exec and setsid exec, and a script has no job control, so $! is the session id
	LAB_SID=$!
	echo "$LAB_SID $name $1" >>"$LAB_DIR/sessions"
}

lab_guest()
{
	local name=$1 secs=$2
	shift 2
	ip netns exec "$name" timeout -s KILL "$secs" "$@"
}

# run a client in the foreground in its own session, then reap whatever it left behind
_lab_run_client()
{
	local name=$1 secs=$2 log=$3 sid rc=0
	shift 3
	lab_spawn "$name" "$secs" "$log" "$@"
	sid=$LAB_SID
	wait "$sid" || rc=$?
	lab_reap "$sid"
	cat "$log"
	return "$rc"
}

# a script for DHCP clients that appends its arguments and environment to $1
_lab_env_script()
{
	local out=$1 script=$1.sh
	cat >"$script" <<EOF
#!/bin/sh
{ echo "=== LAB-EVENT \$1 \${reason:-}"; env | LC_ALL=C sort; } >>'$out'
exit 0
EOF
	chmod 0755 "$script"
	echo "$script"
}

lab_client_var()
{
	local file=$LAB_DIR/$1.$2.env
	[ -f "$file" ] || return 1
	sed -n "s/^$3=//p" "$file" | tail -n 1 | sed "s/^'\\(.*\\)'\$/\\1/"
}

lab_udhcpc()
{
	local name=$1 env
	shift
	env=$LAB_DIR/$name.udhcpc.env
	: >"$env"
	_lab_run_client "$name" 20 "$LAB_DIR/$name.udhcpc.log" \
		udhcpc -i eth0 -f -q -n -t 3 -T 1 -s "$(_lab_env_script "$env")" "$@"
}

# dhclient -d stays running once bound (lab.md §3): wait for a final reason, then stop it
lab_dhclient()
{
	local name=$1 mode=$2 secs=20 env log sid rc=1 args=() done_re
	shift 2
	if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
		secs=$1
		shift
	fi
	case "$mode" in
	-4) args=(-4) done_re='^reason=(BOUND|REBOOT|RENEW|REBIND)$' ;;
	-6) args=(-6) done_re='^reason=(BOUND6|REBOOT6|RENEW6|REBIND6)$' ;;
	-6S) args=(-6 -S) done_re='^reason=(BOUND6|RENEW6)$' ;;
	-6P) args=(-6 -P) done_re='^reason=(BOUND6|REBOOT6|RENEW6|REBIND6)$' ;;
	*) _lab_die "lab_dhclient: unknown mode $mode" || return 1 ;;
	esac
	env=$LAB_DIR/$name.dhclient.env
	log=$LAB_DIR/$name.dhclient.log
	: >"$env"
	lab_spawn "$name" "$secs" "$log" dhclient "${args[@]}" -d -1 -v \
		-sf "$(_lab_env_script "$env")" -lf "$LAB_DIR/$name.dhclient.leases" \
		-pf "$LAB_DIR/$name.dhclient.pid" "$@" eth0
	sid=$LAB_SID
	for _ in $(seq $((secs * 10))); do
		if grep -Eq "$done_re" "$env"; then
			rc=0
			break
		fi
		# $sid is timeout(1) itself (ip netns exec and setsid exec it): alive while dhclient
		# runs, and alive from the start, unlike the session's member list
		kill -0 "$sid" 2>/dev/null || break
		sleep 0.1
	done
	grep -Eq "$done_re" "$env" && rc=0
	lab_reap "$sid"
	wait "$sid" 2>/dev/null || true
	cat "$log"
	return "$rc"
}

# dhcpcd forks privilege-separation helpers running as user dhcpcd that survive timeout
# (lab.md §5 hazard 1): they stay in the session lab_spawn created, so lab_reap finds them
lab_dhcpcd()
{
	local name=$1 secs=15 env
	shift
	if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
		secs=$1
		shift
	fi
	env=$LAB_DIR/$name.dhcpcd.env
	: >"$env"
	_lab_run_client "$name" "$secs" "$LAB_DIR/$name.dhcpcd.log" \
		dhcpcd -f /dev/null -B -d -1 -t $((secs > 3 ? secs - 3 : 1)) \
		-c "$(_lab_env_script "$env")" "${@:--4}" eth0
}

lab_rdisc6()
{
	local name=$1
	shift
	lab_guest_wait_dad "$name" || return 1
	# a router may delay a reply up to MIN_DELAY_BETWEEN_RAS (3 s) after its last multicast RA
	# plus MAX_RA_DELAY_TIME (RFC 4861 §6.2.6): listen for 4.5 s
	_lab_run_client "$name" 10 "$LAB_DIR/$name.rdisc6.log" rdisc6 -1 -r 3 -w 1500 "$@" eth0
}

lab_ndisc6()
{
	local name=$1 target=$2
	shift 2
	lab_guest_wait_dad "$name" || return 1
	_lab_run_client "$name" 10 "$LAB_DIR/$name.ndisc6.log" \
		ndisc6 -1 -r 2 -w 1000 "$@" "$target" eth0
}

_lab_tool()
{
	local var=$1 src=$2 bin
	bin=${!var:-}
	if [ -n "$bin" ]; then
		[ -x "$bin" ] || _lab_die "$var=$bin is not executable" || return 1
		echo "$bin"
		return 0
	fi
	bin=$LAB_DIR/$(basename "$src" .c)
	if [ ! -x "$bin" ]; then
		command -v gcc >/dev/null || lab_skip "gcc is needed to build $src (or set $var)"
		gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -o "$bin" "$LAB_SRCDIR/$src" ||
			_lab_die "cannot build $src" || return 1
	fi
	echo "$bin"
}

lab_flood()
{
	local name=$1 secs=$2 bin
	shift 2
	bin=$(_lab_tool LAB_FLOOD lab-flood.c) || return 1
	_lab_run_client "$name" $((secs + 10)) "$LAB_DIR/$name.flood.log" "$bin" -t "$secs" "$@"
}

# ---- guests ----

lab_guest_ipv6()
{
	local name=$1 mode ifname=${3:-eth0} k
	local -a nsx=(ip netns exec "$name")
	[ "$name" = - ] && nsx=()
	local -a set=()
	IFS=, read -ra mode <<<"$2"
	for k in "${mode[@]}"; do
		case "$k" in
		on) set+=(disable_ipv6=0) ;;
		off) set+=(disable_ipv6=1) ;;
		noautoconf) set+=(accept_ra=0 autoconf=0 router_solicitations=0) ;;
		nodad) set+=(accept_dad=0 dad_transmits=0) ;;
		*) _lab_die "unknown IPv6 mode $k" || return 1 ;;
		esac
	done
	for k in "${set[@]}"; do
		"${nsx[@]}" sysctl -qw "net.ipv6.conf.$ifname.$k" || return 1
	done
}

# rdisc6 and dhclient -6 fail while the link-local address is tentative (lab.md Appendix D)
lab_guest_wait_dad()
{
	local name=$1 secs=${2:-5} ifname=${3:-eth0} out
	local -a ipn=(ip -n "$name")
	[ "$name" = - ] && ipn=(ip)
	for _ in $(seq $((secs * 20))); do
		out=$("${ipn[@]}" -6 addr show dev "$ifname" scope link 2>/dev/null)
		if [[ $out == *inet6* ]] && [[ $out != *tentative* ]]; then
			return 0
		fi
		sleep 0.05
	done
	_lab_die "$name $ifname: no usable IPv6 link-local address after ${secs}s"
}

lab_tx_off()
{
	ethtool -K "$1" tx off >/dev/null
}

_lab_bridge()
{
	if ! ip link show br0 >/dev/null 2>&1; then
		ip link add br0 type bridge || return 1
		ip link set br0 up
		# both default to 1 in a new namespace (lab.md §2 (C)); say so explicitly
		sysctl -qw net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
	fi
}

lab_add_guest()
{
	local name=$1 tap=$2 mac=$3 kind=${4:-veth} ipv6=${5:-on} relay
	case "$kind" in
	veth | bridge)
		ip netns add "$name" || return 1
		ip -n "$name" link set lo up
		ip link add "$tap" type veth peer name eth0 netns "$name" || return 1
		ip link set "$tap" up
		;;
	tap | bridge-tap)
		relay=$(_lab_tool LAB_TAPRELAY taprelay.c) || return 1
		ip netns add "$name" || return 1
		ip -n "$name" link set lo up
		ip tuntap add "$tap" mode tap || return 1
		ip link set "$tap" up
		lab_spawn - "${LAB_DAEMON_TIMEOUT:-300}" "$LAB_DIR/$name.taprelay.log" \
			"$relay" "$tap" "/run/netns/$name" eth0
		for _ in $(seq 100); do
			ip -n "$name" link show eth0 >/dev/null 2>&1 && break
			sleep 0.05
		done
		ip -n "$name" link show eth0 >/dev/null 2>&1 ||
			_lab_die "taprelay did not create eth0 in $name: $(cat "$LAB_DIR/$name.taprelay.log")" ||
			return 1
		;;
	*)
		_lab_die "lab_add_guest: unknown kind $kind" || return 1
		;;
	esac
	if [[ $kind == bridge* ]]; then
		_lab_bridge || return 1
		ip link set "$tap" master br0 || return 1
	fi
	ip -n "$name" link set eth0 address "$mac" || return 1
	lab_guest_ipv6 "$name" "$ipv6" || return 1
	ip -n "$name" link set eth0 up || return 1
	echo "$name $tap $kind" >>"$LAB_DIR/guests"
}

# ---- rules and counters ----

lab_rules()
{
	local q4=${1:--} qrs=${2:--} qns=${3:--} q6=${4:--} m
	local -a match=("-i tap+" "-m physdev --physdev-in tap+")
	local ipt4 ipt6
	ipt4=$(_lab_ipt 4)
	ipt6=$(_lab_ipt 6)
	for m in "${match[@]}"; do
		# shellcheck disable=SC2086
		{
			[ "$q4" = - ] || $ipt4 -w -t mangle -A PREROUTING $m -p udp --dport 67 \
				-m comment --comment nfd-lab -j NFQUEUE --queue-num "$q4" --queue-bypass
			[ "$qrs" = - ] || $ipt6 -w -t mangle -A PREROUTING $m -p icmpv6 \
				--icmpv6-type 133 -m comment --comment nfd-lab \
				-j NFQUEUE --queue-num "$qrs" --queue-bypass
			[ "$qns" = - ] || $ipt6 -w -t mangle -A PREROUTING $m -p icmpv6 \
				--icmpv6-type 135 -m comment --comment nfd-lab \
				-j NFQUEUE --queue-num "$qns" --queue-bypass
			[ "$q6" = - ] || $ipt6 -w -t mangle -A PREROUTING $m -p udp --dport 547 \
				-m comment --comment nfd-lab -j NFQUEUE --queue-num "$q6" --queue-bypass
		} || return 1
	done
	for m in "$q4" "$qrs" "$qns" "$q6"; do
		[ "$m" = - ] || grep -qx "$m" "$LAB_DIR/queues" || echo "$m" >>"$LAB_DIR/queues"
	done
}

lab_ipt_packets()
{
	local q=$1 v n total=0
	for v in 4 6; do
		# every chain of mangle: nfdhcpd-rules queues from its own chains
		n=$($(_lab_ipt $v) -w -t mangle -L -v -n -x | awk -v q="$q" '
			$3 == "NFQUEUE" { for (i = 4; i < NF; i++) if ($i == "num" && $(i + 1) == q) s += $1 }
			END { print s + 0 }') || return 1
		total=$((total + n))
	done
	echo "$total"
}

# fields of /proc/net/netfilter/nfnetlink_queue: 1 queue, 3 pending (waiting for a verdict),
# 6 queue_dropped, 7 user_dropped, 8 id_sequence (packets enqueued since the queue was bound)
lab_queue_stats()
{
	local out
	out=$(awk -v q="$1" '$1 == q { print $3, $6, $7, $8 }' /proc/net/netfilter/nfnetlink_queue)
	[ -n "$out" ] || _lab_die "queue $1 is not bound" || return 1
	echo "$out"
}

lab_queue_mark()
{
	local q=$1 a b ipt st
	for _ in 1 2 3 4 5; do
		st=$(lab_queue_stats "$q") || return 1
		a=${st##* }
		ipt=$(lab_ipt_packets "$q") || return 1
		st=$(lab_queue_stats "$q") || return 1
		b=${st##* }
		[ "$a" = "$b" ] && break
	done
	echo "$ipt $b" >"$LAB_DIR/mark.$q"
}

lab_assert_queue_clean()
{
	local q=$1 secs=${2:-2} st pend qd ud id ipt base_ipt=0 base_id=0
	[ -f "$LAB_DIR/mark.$q" ] && read -r base_ipt base_id <"$LAB_DIR/mark.$q"
	for _ in $(seq $((secs * 10))); do
		st=$(lab_queue_stats "$q") || return 1
		read -r pend qd ud id <<<"$st"
		ipt=$(lab_ipt_packets "$q") || return 1
		[ "$pend" = 0 ] && [ $((ipt - base_ipt)) = $((id - base_id)) ] && break
		sleep 0.1
	done
	echo "lab: queue $q: enqueued=$((id - base_id)) iptables=$((ipt - base_ipt))" \
		"pending=$pend queue_dropped=$qd user_dropped=$ud" >&2
	[ "$pend" = 0 ] || _lab_die "queue $q: $pend packets still wait for a verdict" || return 1
	[ "$qd" = 0 ] && [ "$ud" = 0 ] || _lab_die "queue $q dropped packets" || return 1
	[ $((ipt - base_ipt)) = $((id - base_id)) ] ||
		_lab_die "queue $q: iptables matched $((ipt - base_ipt)) but only" \
			"$((id - base_id)) were enqueued (bypassed while unbound or failed open)" ||
		return 1
}

# ---- bindings and daemon ----

lab_write_binding()
{
	local tap=$1 kv
	shift
	for kv in "$@"; do
		[[ $kv == [A-Z]*=* ]] || _lab_die "lab_write_binding: not KEY=VALUE: $kv" || return 1
	done
	# one open-write-close, like the Ganeti hooks' cat > file (original.md §3.1)
	printf '%s\n' "$@" >"$LAB_BINDINGS/$tap"
}

lab_remove_binding()
{
	rm -f "$LAB_BINDINGS/$1"
}

lab_default_conf()
{
	cat <<'EOF'
[dhcp4]
queue = 42
server-ip = 198.51.100.1
nameservers = 198.51.100.53
lease-time = 3600

[ra]
queue = 43

[ndp]
queue = 44

[dhcp6]
queue = 45
EOF
}

lab_daemon_pid()
{
	local sid
	[ -f "$LAB_DIR/daemon.sid" ] || return 1
	read -r sid <"$LAB_DIR/daemon.sid"
	_lab_child_pid "$sid"
}

lab_daemon_signal()
{
	local pid
	pid=$(lab_daemon_pid) || _lab_die "the daemon is not running" || return 1
	kill -s "$1" "$pid"
}

lab_daemon_log()
{
	cat "$LAB_DAEMON_LOG"
}

lab_wait_log()
{
	local re=$1 secs=${2:-5} file=${3:-$LAB_DAEMON_LOG}
	for _ in $(seq $((secs * 20))); do
		grep -Eq -- "$re" "$file" 2>/dev/null && return 0
		sleep 0.05
	done
	_lab_die "no line matching '$re' in $file after ${secs}s"
}

lab_start_daemon()
{
	local extra=${1-$(lab_default_conf)} sid q
	local -a args=(-f -c "$LAB_CONF")
	[ -n "${NFDHCPD:-}" ] && [ -x "$NFDHCPD" ] || _lab_die "NFDHCPD is not set to a program" ||
		return 1
	{
		echo "[general]"
		echo "plugins = ${LAB_PLUGINS:-dhcp4,ra,ndp,dhcp6}"
		echo "binding-backend = directory"
		echo "user = ${LAB_DAEMON_USER:-nobody}"
		echo "state-dir = ${LAB_STATE_DIR:-$LAB_DIR/state}"
		# the lab's /run is the host's: the control socket goes to the work dir
		echo "control-socket = ${LAB_CONTROL_SOCKET:-$LAB_DIR/run/control.sock}"
		echo
		echo "[binding-backend:directory]"
		echo "path = $LAB_BINDINGS"
		echo
		printf '%s\n' "$extra"
	} >"$LAB_CONF"
	[ -n "${LAB_PLUGIN_DIR:-}" ] && args+=(--plugin-dir "$LAB_PLUGIN_DIR")
	[ -n "${LAB_BACKEND_DIR:-}" ] && args+=(--backend-dir "$LAB_BACKEND_DIR")
	# shellcheck disable=SC2206
	args+=(${LAB_DAEMON_ARGS:-})
	# emptied now: lab_spawn's redirection runs in the background, and a "Ready" left by the
	# previous daemon must not be taken for this one's
	: >"$LAB_DAEMON_LOG"
	lab_spawn - "${LAB_DAEMON_TIMEOUT:-300}" "$LAB_DAEMON_LOG" "$NFDHCPD" "${args[@]}"
	sid=$LAB_SID
	echo "$sid" >"$LAB_DIR/daemon.sid"
	for _ in $(seq $((${LAB_READY_TIMEOUT:-10} * 20))); do
		if grep -q "Ready to serve requests" "$LAB_DAEMON_LOG"; then
			while read -r q; do
				lab_queue_mark "$q" 2>/dev/null || true
			done <"$LAB_DIR/queues"
			_lab_check_confined && return 0
			lab_stop_daemon 2 >/dev/null 2>&1 || true
			return 1
		fi
		kill -0 "$sid" 2>/dev/null || break
		sleep 0.05
	done
	echo "lab: the daemon did not become ready; config:" >&2
	sed 's/^/  | /' "$LAB_CONF" >&2
	echo "lab: daemon log:" >&2
	sed 's/^/  | /' "$LAB_DAEMON_LOG" >&2
	lab_stop_daemon 2 >/dev/null 2>&1 || true
	return 1
}

# with NFD_HAVE_SECCOMP=1 (a build with libseccomp) every e2e test runs the daemon under its
# system call filter: each of its threads must say NoNewPrivs 1 and Seccomp 2, unless the test's
# configuration turns the filter off
_lab_check_confined()
{
	local pid st
	[ "${NFD_HAVE_SECCOMP:-0}" = 1 ] || return 0
	grep -Eqi '^[[:space:]]*seccomp[[:space:]]*=[[:space:]]*(no|false|off|0)[[:space:]]*$' \
		"$LAB_CONF" "$LAB_CONF.d"/*.conf 2>/dev/null && return 0
	pid=$(lab_daemon_pid) || { echo "lab: no daemon pid to check its confinement" >&2; return 1; }
	for st in "/proc/$pid/task"/*/status; do
		grep -qx 'NoNewPrivs:[[:space:]]*1' "$st" && grep -qx 'Seccomp:[[:space:]]*2' "$st" &&
			continue
		echo "lab: a thread of the daemon runs without its system call filter:" >&2
		grep -E '^(Name|NoNewPrivs|Seccomp):' "$st" | sed 's/^/  | /' >&2
		return 1
	done
}

lab_stop_daemon()
{
	local secs=${1:-5} sid pid
	LAB_DAEMON_RC=
	[ -f "$LAB_DIR/daemon.sid" ] || _lab_die "no daemon was started" || return 1
	read -r sid <"$LAB_DIR/daemon.sid"
	rm -f "$LAB_DIR/daemon.sid"
	if pid=$(_lab_child_pid "$sid"); then
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq $((secs * 20))); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "lab: the daemon ignored SIGTERM for ${secs}s, killing it" >&2
			kill -KILL "$pid" 2>/dev/null
		fi
	fi
	LAB_DAEMON_RC=0
	wait "$sid" 2>/dev/null || LAB_DAEMON_RC=$?
	lab_reap "$sid"
	return "$LAB_DAEMON_RC"
}

# ---- teardown ----

lab_teardown()
{
	local rc=$? sid rest pids name tap kind f
	trap - EXIT INT TERM
	set +e
	[ -n "${LAB_DIR:-}" ] && [ -d "$LAB_DIR" ] || exit "$rc"
	if [ -n "${LAB_REPORT:-}" ]; then
		{
			echo "mnt $(readlink /proc/$$/ns/mnt)"
			echo "net $(readlink /proc/$$/ns/net)"
			echo "dir $LAB_DIR"
			while read -r name tap kind; do
				echo "net $(stat -L -c 'net:[%i]' "/run/netns/$name")"
			done <"$LAB_DIR/guests"
		} >"$LAB_REPORT"
	fi
	if [ -f "$LAB_DIR/daemon.sid" ]; then
		lab_stop_daemon 3 >/dev/null 2>&1
		[ "${LAB_DAEMON_RC:-0}" = 0 ] || echo "lab: daemon exit status $LAB_DAEMON_RC" >&2
	fi
	while read -r sid rest; do
		[ -n "${LAB_REPORT:-}" ] && echo "session $sid $rest" >>"$LAB_REPORT"
		lab_reap "$sid"
	done <"$LAB_DIR/sessions"
	# anything else left in the private mount namespace (it is all ours): TERM, then KILL
	pids=$(_lab_ns_pids)
	if [ -n "$pids" ]; then
		echo "lab: teardown: stray processes $(tr '\n' ' ' <<<"$pids")" >&2
		# shellcheck disable=SC2086
		kill -TERM $pids 2>/dev/null
		for _ in $(seq 20); do
			pids=$(_lab_ns_pids)
			[ -n "$pids" ] || break
			sleep 0.1
		done
		# shellcheck disable=SC2086
		[ -z "$pids" ] || kill -KILL $pids 2>/dev/null
	fi
	while read -r name tap kind; do
		ip netns del "$name" 2>/dev/null
	done <"$LAB_DIR/guests"
	if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
		for f in "$LAB_DIR"/*.log; do
			[ -s "$f" ] || continue
			echo "---- $f (last 40 lines)" >&2
			tail -n 40 "$f" >&2
		done
	fi
	if [ "${LAB_KEEP:-0}" = 1 ]; then
		echo "lab: kept $LAB_DIR" >&2
	else
		rm -rf "$LAB_DIR"
	fi
	exit "$rc"
}
