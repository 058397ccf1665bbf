/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdPacket: one queued packet as plugins see it (read-only, zero copy).
 *
 * What a plugin gets for free: the core parsed the NFQUEUE attributes and the IPv4/IPv6 +
 * UDP/ICMPv6 headers once, with a bounds check before every read, and calls a handler only
 * for a packet whose L3 header is complete, whose L4 header is complete, whose L4 length is
 * what the IP (and UDP) header says, and which matches the handler's claim (family, protocol,
 * port, ICMPv6 type).  Fragments and malformed packets never reach a plugin.
 *
 * Checksums (the core's policy): ICMPv6 checksums (RFC 4443 §2.3) are verified by the core
 * before any ICMPv6 handler runs, and a packet with a wrong one is dropped, as the kernel
 * would (RFC 4861 §6.1.1, §7.1.1); UDP checksums are not verified, because guests with
 * checksum offload hand the host UDP packets whose checksum is still partial.  A UDP plugin
 * that wants them checked calls nfd_packet_get_l4_checksum_ok().  Replies need no checksum
 * work: the core computes all of them.
 *
 * A packet lives only for the duration of the classify or handle call it is passed to; the
 * pointers it returns too.  All functions are pure reads and never fail on a packet the core
 * handed out.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

/**
 * nfd_packet_get_ifindex:
 * @self: a packet
 *
 * The interface the packet came from, as the binding lookup uses it: the bridge port
 * (NFQA_IFINDEX_PHYSINDEV) when the tap is enslaved to a bridge (iptables -m physdev), else
 * the input interface (NFQA_IFINDEX_INDEV).  So for a bridged tap this is the tap, never the
 * bridge (GRNET commit f54e48a).
 *
 * Returns: the ifindex, or 0 when the kernel gave none
 *
 * Since: 1.0
 */
guint
nfd_packet_get_ifindex(const NfdPacket *self);

/**
 * nfd_packet_get_physindev:
 * @self: a packet
 *
 * The bridge port the packet entered through (NFQA_IFINDEX_PHYSINDEV), which tells a bridged
 * tap from a routed one: guests on one bridge share a link (the ndp plugin answers for their
 * neighbours only on routed taps).  nfd_packet_get_ifindex() already is this port when there
 * is one.
 *
 * Returns: the ifindex of the bridge port, or 0 when the tap is not enslaved to a bridge
 *
 * Since: 1.0
 */
guint
nfd_packet_get_physindev(const NfdPacket *self);

/**
 * nfd_packet_get_src_mac:
 * @self: a packet
 *
 * The Ethernet source address of the packet (NFQA_HWADDR), which the VM chose; compare it
 * with nfd_binding_get_mac() unless nfd_binding_get_macspoof().  The core already made it the
 * default Ethernet destination of the reply.
 *
 * Returns: (transfer none) (nullable) (array fixed-size=6): 6 bytes, or NULL when the kernel
 *   gave no hardware address
 *
 * Since: 1.0
 */
const guint8 *
nfd_packet_get_src_mac(const NfdPacket *self);

/**
 * nfd_packet_get_hop_limit:
 * @self: a packet
 *
 * The IPv4 TTL or IPv6 hop limit as received; Neighbor Discovery checks it is 255
 * (RFC 4861 §6.1.1, §7.1.1).
 *
 * Returns: the TTL or hop limit
 *
 * Since: 1.0
 */
guint8
nfd_packet_get_hop_limit(const NfdPacket *self);

/**
 * nfd_packet_get_l4:
 * @self: a packet
 * @len: (out) (optional): the length of the L4 message, header included
 *
 * The whole L4 message: for UDP the 8-byte header and the payload (exactly the UDP length),
 * for ICMPv6 the whole message from the type octet (what ICMPv6 parsers want, since the
 * message header is type, code, checksum and then message-specific octets).
 *
 * Returns: (transfer none) (array length=len): the first byte of the L4 header
 *
 * Since: 1.0
 */
const guint8 *
nfd_packet_get_l4(const NfdPacket *self, gsize *len);

/**
 * nfd_packet_get_l4_payload:
 * @self: a packet
 * @len: (out) (optional): the payload length, 0 or more
 *
 * What follows the L4 header: for UDP the datagram (a DHCP message, say), for ICMPv6 what
 * follows the 4-byte type, code and checksum.  The same bytes as nfd_packet_get_l4() minus
 * the 8 (UDP) or 4 (ICMPv6) header bytes.
 *
 * Returns: (transfer none) (array length=len): the first payload byte
 *
 * Since: 1.0
 */
const guint8 *
nfd_packet_get_l4_payload(const NfdPacket *self, gsize *len);

/**
 * nfd_packet_get_src_port:
 * @self: a packet
 *
 * Returns: the UDP source port in host byte order, 0 for ICMPv6
 *
 * Since: 1.0
 */
guint16
nfd_packet_get_src_port(const NfdPacket *self);

/**
 * nfd_packet_get_dst_port:
 * @self: a packet
 *
 * Returns: the UDP destination port in host byte order, 0 for ICMPv6
 *
 * Since: 1.0
 */
guint16
nfd_packet_get_dst_port(const NfdPacket *self);

/**
 * nfd_packet_get_ip4_src:
 * @self: a packet
 * @addr: (out): where to store the IPv4 source address
 *
 * Returns: TRUE for an IPv4 packet, FALSE for IPv6 (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_packet_get_ip4_src(const NfdPacket *self, struct in_addr *addr);

/**
 * nfd_packet_get_ip4_dst:
 * @self: a packet
 * @addr: (out): where to store the IPv4 destination address
 *
 * Returns: TRUE for an IPv4 packet, FALSE for IPv6 (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_packet_get_ip4_dst(const NfdPacket *self, struct in_addr *addr);

/**
 * nfd_packet_get_ip6_src:
 * @self: a packet
 * @addr: (out): where to store the IPv6 source address
 *
 * Returns: TRUE for an IPv6 packet, FALSE for IPv4 (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_packet_get_ip6_src(const NfdPacket *self, struct in6_addr *addr);

/**
 * nfd_packet_get_ip6_dst:
 * @self: a packet
 * @addr: (out): where to store the IPv6 destination address
 *
 * Returns: TRUE for an IPv6 packet, FALSE for IPv4 (@addr untouched)
 *
 * Since: 1.0
 */
gboolean
nfd_packet_get_ip6_dst(const NfdPacket *self, struct in6_addr *addr);

/**
 * nfd_packet_get_l4_checksum_ok:
 * @self: a packet
 *
 * Verifies the L4 checksum over the pseudo header (RFC 768, RFC 8200 §8.1).  For ICMPv6
 * handlers always TRUE, since the core already dropped packets with a bad one (see the top
 * of this header); UDP plugins that want checksums checked call it, knowing that guests with
 * checksum offload may send partial checksums.  A zero UDP checksum over IPv4 means "not
 * computed" (RFC 768) and counts as correct.
 *
 * Returns: TRUE when the checksum is correct
 *
 * Since: 1.0
 */
gboolean
nfd_packet_get_l4_checksum_ok(const NfdPacket *self);

/**
 * nfd_packet_is_synthetic:
 * @self: a packet
 *
 * Whether the packet was built by the core for `nfdhcpctl explain` (from the plugin's
 * explain_request()) rather than queued by the kernel.  The handler treats it as any other;
 * the core sends nothing and records nothing for it.  A plugin with per-tap state that a
 * request changes (the ra plugin's rate limit) leaves that state alone for a synthetic one.
 *
 * Returns: TRUE for a synthetic packet
 *
 * Since: 1.1
 */
gboolean
nfd_packet_is_synthetic(const NfdPacket *self);

G_END_DECLS
