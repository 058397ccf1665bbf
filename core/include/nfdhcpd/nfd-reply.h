/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdReply: a core-owned, fixed-size frame buffer a plugin fills with one reply.
 *
 * The plugin writes only the L4 payload (a DHCP message, or a whole ICMPv6 message with its
 * checksum field left zero) into nfd_reply_get_payload_buffer() and says how the frame is
 * addressed; the core writes the Ethernet, IP and UDP headers and every checksum, then
 * injects the frame on the tap (AF_PACKET; plugins never open sockets).  Nothing here
 * allocates, so it can run per packet.
 *
 * What a plugin gets for free: a reply handed to an #NfdHandleFunc arrives with the
 * interface set to the one the request came in on (nfd_packet_get_ifindex(): the bridge port
 * of a bridged tap, else the input interface; not the binding's tap, which with mac-fallback
 * may be another tap), the Ethernet destination set to the packet's source MAC and the
 * Ethernet source set to the binding's router MAC (nfd_binding_get_router_mac();
 * 00:00:00:00:00:00 without a binding), and a TTL/hop limit of 64.  A reply from
 * nfd_plugin_begin_unsolicited() arrives with the binding's tap, MAC and router MAC.  So a
 * plugin only has to set the IP addresses, the transport and the payload.
 *
 * A reply is complete when it has IP addressing (nfd_reply_set_ip4() or nfd_reply_set_ip6()),
 * a transport (nfd_reply_set_udp(), or nfd_reply_set_icmp6() over IPv6), a payload length
 * above 0 and an interface; an incomplete one is not sent and counted as a plugin error.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

/**
 * NFD_REPLY_PAYLOAD_MAX:
 *
 * The largest L4 payload a reply can carry: an Ethernet MTU of 1500 minus the IPv6 and UDP
 * headers (1452 bytes).  nfd_reply_get_payload_buffer() always offers this much.
 *
 * Since: 1.0
 */
#define NFD_REPLY_PAYLOAD_MAX 1452

/**
 * nfd_reply_set_ifindex:
 * @self: a reply
 * @ifindex: the interface to send the frame on
 *
 * Overrides the interface the core chose (see the top of this header: the one the request
 * came in on, or the binding's tap for an unsolicited reply).
 *
 * Since: 1.0
 */
void
nfd_reply_set_ifindex(NfdReply *self, guint ifindex);

/**
 * nfd_reply_set_eth:
 * @self: a reply
 * @dst_mac: (nullable) (array fixed-size=6): the Ethernet destination, or NULL to keep the
 *   one preset (the request's source MAC)
 * @src_mac: (nullable) (array fixed-size=6): the Ethernet source, or NULL to keep the one
 *   preset (the router MAC)
 *
 * Overrides the Ethernet addresses; the bytes are copied.
 *
 * Since: 1.0
 */
void
nfd_reply_set_eth(NfdReply *self, const guint8 *dst_mac, const guint8 *src_mac);

/**
 * nfd_reply_set_ip4:
 * @self: a reply
 * @src: the IPv4 source address
 * @dst: the IPv4 destination address (255.255.255.255 for a broadcast)
 * @ttl: the TTL
 *
 * Makes the reply an IPv4 packet (RFC 791: no options, DF clear); the addresses are copied.
 *
 * Since: 1.0
 */
void
nfd_reply_set_ip4(NfdReply *self, const struct in_addr *src, const struct in_addr *dst, guint8 ttl);

/**
 * nfd_reply_set_ip6:
 * @self: a reply
 * @src: the IPv6 source address (for ND and DHCPv6 the router's link-local, see
 *   nfd_proto_mac_to_link_local())
 * @dst: the IPv6 destination address
 * @hop_limit: the hop limit (255 for Neighbor Discovery, RFC 4861)
 * @traffic_class: the traffic class octet
 *
 * Makes the reply an IPv6 packet (RFC 8200, no extension headers); the addresses are copied.
 *
 * Since: 1.0
 */
void
nfd_reply_set_ip6(NfdReply *self,
		  const struct in6_addr *src,
		  const struct in6_addr *dst,
		  guint8 hop_limit,
		  guint8 traffic_class);

/**
 * nfd_reply_set_udp:
 * @self: a reply
 * @src_port: the UDP source port, host byte order
 * @dst_port: the UDP destination port, host byte order
 *
 * Makes the payload a UDP datagram.  The core writes the UDP header and always computes the
 * checksum, over IPv4 too (some clients drop zero-checksum replies).
 *
 * Since: 1.0
 */
void
nfd_reply_set_udp(NfdReply *self, guint16 src_port, guint16 dst_port);

/**
 * nfd_reply_set_icmp6:
 * @self: a reply
 *
 * Makes the payload a whole ICMPv6 message (IPv6 only): the plugin writes type, code, a zero
 * checksum and the body; the core fills in the checksum (RFC 4443 §2.3).
 *
 * Since: 1.0
 */
void
nfd_reply_set_icmp6(NfdReply *self);

/**
 * nfd_reply_get_payload_buffer:
 * @self: a reply
 * @capacity: (out) (optional): the buffer size, %NFD_REPLY_PAYLOAD_MAX
 *
 * Where the plugin writes the L4 payload.  The buffer belongs to the core, is not cleared
 * between packets, and is valid as long as @self (the handle call, or until
 * nfd_plugin_send_unsolicited()).
 *
 * Returns: (transfer none) (array length=capacity): the payload buffer
 *
 * Since: 1.0
 */
guint8 *
nfd_reply_get_payload_buffer(NfdReply *self, gsize *capacity);

/**
 * nfd_reply_set_payload_length:
 * @self: a reply
 * @len: how many bytes of the payload buffer the reply carries; more than
 *   %NFD_REPLY_PAYLOAD_MAX is cut to it
 *
 * Sets the payload length; 0 (the preset) makes the reply incomplete.
 *
 * Since: 1.0
 */
void
nfd_reply_set_payload_length(NfdReply *self, gsize len);

G_END_DECLS
