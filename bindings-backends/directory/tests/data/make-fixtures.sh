#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regenerates the gnt-networking-* / snf-network-* fixtures by running the exact binding file
# writer of grnet/gnt-networking (common.sh.in, setup_nfdhcpd(), HEAD of the master branch;
# snf-network is the same script before its rename) with documentation addresses.  The
# heredoc below is copied verbatim from that function; only the variables are ours.
set -eu
cd "$(dirname "$0")"

write() { # $1 = output file; the rest of the environment as setup_nfdhcpd() sees it
	local out=$1
	cat > "$out" <<EOF
$NFDHCPD_STATE_EXTRA
INDEV=$INDEV
IP=$IP
MAC=$MAC
HOSTNAME=$INSTANCE
TAGS="$TAGS"
GATEWAY=$NETWORK_GATEWAY
SUBNET=$NETWORK_SUBNET
GATEWAY6=$NETWORK_GATEWAY6
SUBNET6=$NETWORK_SUBNET6
EUI64=$EUI64
EOF
}

# routed, dual stack, no extra lines (the usual Synnefo public network)
NFDHCPD_STATE_EXTRA='' INDEV=tap7 IP=203.0.113.7 MAC=aa:00:00:5e:00:07 \
	INSTANCE=snf-7.vm.example.org TAGS="nfdhcpd ip-less-routed" \
	NETWORK_GATEWAY=203.0.113.1 NETWORK_SUBNET=203.0.113.0/24 \
	NETWORK_GATEWAY6=2001:db8:7::1 NETWORK_SUBNET6=2001:db8:7::/64 \
	EUI64=2001:db8:7:0:a800:ff:fe5e:7 write gnt-networking-routed

# bridged private network: INDEV is the bridge, no tags, no IPv6 (DISABLE_IPV6=1 empties
# SUBNET6 and EUI64 but not GATEWAY6, which the network then does not have either)
NFDHCPD_STATE_EXTRA='' INDEV=prv0 IP=198.51.100.20 MAC=aa:00:01:5e:00:14 \
	INSTANCE=snf-20.vm.example.org TAGS='' \
	NETWORK_GATEWAY='' NETWORK_SUBNET=198.51.100.0/24 \
	NETWORK_GATEWAY6='' NETWORK_SUBNET6='' EUI64='' write gnt-networking-bridged-private

# IPv6-only network: IP and the IPv4 network are empty
NFDHCPD_STATE_EXTRA='' INDEV=tap9 IP='' MAC=aa:00:00:5e:00:09 \
	INSTANCE=snf-9.vm.example.org TAGS="nfdhcpd" \
	NETWORK_GATEWAY='' NETWORK_SUBNET='' \
	NETWORK_GATEWAY6=2001:db8:9::1 NETWORK_SUBNET6=2001:db8:9::/64 \
	EUI64=2001:db8:9:0:a800:ff:fe5e:9 write gnt-networking-ipv6-only

# NFDHCPD_STATE_EXTRA from /etc/default/nfdhcpd (how MTU, PRIVATE, MACSPOOF are set), several
# lines, one of them overridden later by a standard key (INDEV)
NFDHCPD_STATE_EXTRA=$'MTU=1450\nPRIVATE=1\nMACSPOOF=1\nINDEV=eth9' INDEV=vif3.0 \
	IP=203.0.113.30 MAC=aa:00:00:5e:00:1e INSTANCE=snf-30.vm.example.org \
	TAGS="nfdhcpd vima:nfdhcpd_mac_spoof_ifce:0" \
	NETWORK_GATEWAY=203.0.113.1 NETWORK_SUBNET=203.0.113.0/24 \
	NETWORK_GATEWAY6=2001:db8:7::1 NETWORK_SUBNET6=2001:db8:7::/64 \
	EUI64=2001:db8:7:0:a800:ff:fe5e:1e write gnt-networking-extra

# the nfdhcpd README's own sample: an empty MTU='' (rejected by the Python original, bug 3)
NFDHCPD_STATE_EXTRA=MTU= INDEV=tap11 IP=203.0.113.11 MAC=aa:00:00:5e:00:0b \
	INSTANCE=snf-11.vm.example.org TAGS='' \
	NETWORK_GATEWAY=203.0.113.1 NETWORK_SUBNET=203.0.113.0/24 \
	NETWORK_GATEWAY6='' NETWORK_SUBNET6='' EUI64='' write gnt-networking-empty-mtu
