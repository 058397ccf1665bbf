/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdPacket: one queued packet as plugins see it (read-only, zero copy).
 *
 * The core parses the NFQUEUE attributes and the IPv4/IPv6 + UDP/ICMPv6 headers once, with a
 * bounds check before every read, and only then calls a plugin.  So a plugin can rely on: the
 * L3 header is complete, the L4 header is complete and the L4 payload length is what the IP
 * header says.  Checksums are not verified by the core; nfd_packet_get_l4_checksum_ok() does.
 *
 * A packet lives only for the duration of the classify/handle call.
 */
#pragma once

#include <netinet/in.h>

#include "nfd-common.h"

G_BEGIN_DECLS

guint16
nfd_packet_get_queue(const NfdPacket *self);
guint32
nfd_packet_get_id(const NfdPacket *self);
gint
nfd_packet_get_family(const NfdPacket *self);
guint
nfd_packet_get_indev(const NfdPacket *self);
guint
nfd_packet_get_physindev(const NfdPacket *self);
guint
nfd_packet_get_ifindex(const NfdPacket *self);
const guint8 *
nfd_packet_get_src_mac(const NfdPacket *self);
const guint8 *
nfd_packet_get_l3(const NfdPacket *self, gsize *len);
guint8
nfd_packet_get_l4_proto(const NfdPacket *self);
guint8
nfd_packet_get_hop_limit(const NfdPacket *self);
const guint8 *
nfd_packet_get_l4(const NfdPacket *self, gsize *len);
const guint8 *
nfd_packet_get_l4_payload(const NfdPacket *self, gsize *len);
guint16
nfd_packet_get_src_port(const NfdPacket *self);
guint16
nfd_packet_get_dst_port(const NfdPacket *self);
gint
nfd_packet_get_icmp6_type(const NfdPacket *self);
gboolean
nfd_packet_get_ip4_src(const NfdPacket *self, struct in_addr *addr);
gboolean
nfd_packet_get_ip4_dst(const NfdPacket *self, struct in_addr *addr);
gboolean
nfd_packet_get_ip6_src(const NfdPacket *self, struct in6_addr *addr);
gboolean
nfd_packet_get_ip6_dst(const NfdPacket *self, struct in6_addr *addr);
gboolean
nfd_packet_get_l4_checksum_ok(const NfdPacket *self);

G_END_DECLS
