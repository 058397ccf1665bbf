/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core-only view of NfdPacket: the struct lives on the stack of the queue's receive path and
 * points into the receive buffer (zero copy).  nfd_packet_parse_l3() is the one pre-parse of
 * the L3/L4 headers, pure and bounds checked, also used by tests and fuzzers.
 */
#pragma once

#include "nfd-packet.h"
#include "nfd-proto-private.h"

struct _NfdPacket {
	guint16 queue;
	guint32 id;
	guint16 hw_protocol;
	guint indev;
	guint physindev;
	guint8 src_mac[6];
	gboolean has_src_mac;
	gint family;
	const guint8 *l3;
	gsize l3_len;
	guint8 l4_proto;
	guint8 hop_limit;
	const guint8 *l4;
	gsize l4_len;
	const guint8 *payload;
	gsize payload_len;
	guint16 src_port;
	guint16 dst_port;
	gint icmp6_type;
	struct in_addr ip4_src;
	struct in_addr ip4_dst;
	struct in6_addr ip6_src;
	struct in6_addr ip6_dst;
	/* the L4 checksum, once the dispatcher verified it (ICMPv6) */
	gboolean l4_checksum_known;
	gboolean l4_checksum_ok;
	/* built for `nfdhcpctl explain`, not queued (nfd-explain.c) */
	gboolean synthetic;
};

typedef enum {
	NFD_PACKET_PARSE_OK,
	NFD_PACKET_PARSE_MALFORMED,
	NFD_PACKET_PARSE_UNSUPPORTED, /* IPv4 fragments, other protocols: not for any plugin */
	/* IPv6 whose upper layer hides behind a fragment header, AH, ESP, ... or too many
	 * extension headers: dropped on a claimed queue (nfd-packet.c) */
	NFD_PACKET_PARSE_EXT_HEADERS,
} NfdPacketParseResult;

void
nfd_packet_init(NfdPacket *self);
/* what the SDK does not offer plugins: the claim already fixed family, protocol and type */
guint16
nfd_packet_get_queue(const NfdPacket *self);
guint32
nfd_packet_get_id(const NfdPacket *self);
gint
nfd_packet_get_family(const NfdPacket *self);
guint
nfd_packet_get_indev(const NfdPacket *self);
const guint8 *
nfd_packet_get_l3(const NfdPacket *self, gsize *len);
guint8
nfd_packet_get_l4_proto(const NfdPacket *self);
gint
nfd_packet_get_icmp6_type(const NfdPacket *self);
/* verifies the L4 checksum once and remembers the result for nfd_packet_get_l4_checksum_ok() */
gboolean
nfd_packet_verify_l4_checksum(NfdPacket *self);
NfdPacketParseResult
nfd_packet_parse_l3(NfdPacket *self, const guint8 *data, gsize len);
