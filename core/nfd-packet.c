/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdPacket: the L3/L4 pre-parse of a queued packet and the read-only accessors plugins use.
 *
 * Parsing follows the dhcpleased idiom: an NfdReader cursor, every length checked before it is
 * used.  IPv4 (RFC 791): version, IHL >= 5, total length within the buffer (trailing padding is
 * cut off), no fragments.  IPv6 (RFC 8200): payload length within the buffer, up to
 * NFD_PACKET_IP6_MAX_EXT_HEADERS hop-by-hop, routing and destination-options headers skipped
 * (§4).  Any other extension header in front of the upper layer (a fragment header, even an
 * atomic one, AH, ESP, Mobility, HIP, Shim6, the experimental 253/254), or more of them than
 * that, is NFD_PACKET_PARSE_EXT_HEADERS: the kernel's match (ipv6_find_hdr) skips fragment and
 * AH headers, so such a packet can sit on an ICMPv6 or UDP queue, and RFC 6980 §5 forbids
 * answering fragmented Neighbor Discovery.  UDP (RFC 768): length >= 8 and within the IP
 * payload.  ICMPv6 (RFC 4443): at least the 4-byte header.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "nfd-packet-private.h"
#include "nfd-proto.h"

/* hop-by-hop, routing and destination options together: 8 is already far above anything a
 * guest's DHCPv6, RS or NS carries (normally none) */
#define NFD_PACKET_IP6_MAX_EXT_HEADERS 8

void
nfd_packet_init(NfdPacket *self)
{
	memset(self, 0, sizeof(*self));
	self->icmp6_type = -1;
}

static NfdPacketParseResult
parse_l4(NfdPacket *self, NfdReader *r)
{
	self->l4 = r->p;
	self->l4_len = r->rem;
	if (self->l4_proto == IPPROTO_UDP) {
		guint16 sport, dport, ulen, csum;
		if (!nfd_reader_u16(r, &sport) || !nfd_reader_u16(r, &dport) ||
		    !nfd_reader_u16(r, &ulen) || !nfd_reader_u16(r, &csum))
			return NFD_PACKET_PARSE_MALFORMED;
		if (ulen < 8 || ulen > self->l4_len)
			return NFD_PACKET_PARSE_MALFORMED;
		self->l4_len = ulen;
		self->src_port = sport;
		self->dst_port = dport;
		self->payload = self->l4 + 8;
		self->payload_len = ulen - 8;
		return NFD_PACKET_PARSE_OK;
	}
	if (self->l4_proto == IPPROTO_ICMPV6 && self->family == AF_INET6) {
		guint8 type;
		if (self->l4_len < 4 || !nfd_reader_u8(r, &type))
			return NFD_PACKET_PARSE_MALFORMED;
		self->icmp6_type = type;
		self->payload = self->l4 + 4;
		self->payload_len = self->l4_len - 4;
		return NFD_PACKET_PARSE_OK;
	}
	return NFD_PACKET_PARSE_UNSUPPORTED;
}

static NfdPacketParseResult
parse_ip4(NfdPacket *self, NfdReader *r)
{
	const guint8 *hdr = r->p;
	guint ihl = (hdr[0] & 0x0f) * 4u;
	guint16 total, frag;

	if (r->rem < 20 || ihl < 20 || ihl > r->rem)
		return NFD_PACKET_PARSE_MALFORMED;
	total = (guint16)(hdr[2] << 8 | hdr[3]);
	if (total < ihl || total > r->rem)
		return NFD_PACKET_PARSE_MALFORMED;
	frag = (guint16)(hdr[6] << 8 | hdr[7]);
	/* MF set or a fragment offset: not a whole datagram */
	if ((frag & 0x3fff) != 0)
		return NFD_PACKET_PARSE_UNSUPPORTED;
	self->family = AF_INET;
	self->l3_len = total;
	self->hop_limit = hdr[8];
	self->l4_proto = hdr[9];
	memcpy(&self->ip4_src, hdr + 12, 4);
	memcpy(&self->ip4_dst, hdr + 16, 4);
	r->rem = total;
	if (!nfd_reader_skip(r, ihl))
		return NFD_PACKET_PARSE_MALFORMED;
	return parse_l4(self, r);
}

/* RFC 8200 §4.3, §4.4, §4.6: headers whose length field lets us step over them */
static gboolean
ip6_skippable(guint8 next)
{
	return next == 0 || next == 43 || next == 60;
}

/* the other extension headers of RFC 8200 §4 and IANA's ipv6-exthdr registry: Fragment (44),
 * ESP (50), AH (51), Mobility (135), HIP (139), Shim6 (140), experiments (253, 254) */
static gboolean
ip6_opaque(guint8 next)
{
	switch (next) {
	case 44:
	case 50:
	case 51:
	case 135:
	case 139:
	case 140:
	case 253:
	case 254:
		return TRUE;
	default:
		return FALSE;
	}
}

static NfdPacketParseResult
parse_ip6(NfdPacket *self, NfdReader *r)
{
	const guint8 *hdr = r->p;
	guint16 plen;
	guint8 next;

	if (r->rem < 40)
		return NFD_PACKET_PARSE_MALFORMED;
	plen = (guint16)(hdr[4] << 8 | hdr[5]);
	if (plen > r->rem - 40)
		return NFD_PACKET_PARSE_MALFORMED;
	self->family = AF_INET6;
	self->l3_len = 40u + plen;
	self->hop_limit = hdr[7];
	memcpy(&self->ip6_src, hdr + 8, 16);
	memcpy(&self->ip6_dst, hdr + 24, 16);
	next = hdr[6];
	r->rem = 40u + plen;
	nfd_reader_skip(r, 40);
	/* RFC 8200 §4: walk the extension headers we can skip; a bounded number of them */
	for (guint i = 0; i < NFD_PACKET_IP6_MAX_EXT_HEADERS && ip6_skippable(next); i++) {
		guint8 nh, hlen;
		if (r->rem < 8 || !nfd_reader_u8(r, &nh) || !nfd_reader_u8(r, &hlen))
			return NFD_PACKET_PARSE_MALFORMED;
		if (!nfd_reader_skip(r, (hlen + 1u) * 8u - 2u))
			return NFD_PACKET_PARSE_MALFORMED;
		next = nh;
	}
	if (ip6_skippable(next) || ip6_opaque(next))
		return NFD_PACKET_PARSE_EXT_HEADERS;
	self->l4_proto = next;
	return parse_l4(self, r);
}

NfdPacketParseResult
nfd_packet_parse_l3(NfdPacket *self, const guint8 *data, gsize len)
{
	NfdReader r;

	nfd_reader_init(&r, data, len);
	self->l3 = data;
	self->l3_len = len;
	if (len < 1 || data == NULL)
		return NFD_PACKET_PARSE_MALFORMED;
	switch (data[0] >> 4) {
	case 4:
		return parse_ip4(self, &r);
	case 6:
		return parse_ip6(self, &r);
	default:
		return NFD_PACKET_PARSE_MALFORMED;
	}
}

guint16
nfd_packet_get_queue(const NfdPacket *self)
{
	return self->queue;
}

guint32
nfd_packet_get_id(const NfdPacket *self)
{
	return self->id;
}

gint
nfd_packet_get_family(const NfdPacket *self)
{
	return self->family;
}

guint
nfd_packet_get_indev(const NfdPacket *self)
{
	return self->indev;
}

guint
nfd_packet_get_physindev(const NfdPacket *self)
{
	return self->physindev;
}

guint
nfd_packet_get_ifindex(const NfdPacket *self)
{
	/* a bridge port (the VM's tap) wins over the bridge itself (GRNET f54e48a) */
	return self->physindev != 0 ? self->physindev : self->indev;
}

const guint8 *
nfd_packet_get_src_mac(const NfdPacket *self)
{
	return self->has_src_mac ? self->src_mac : NULL;
}

const guint8 *
nfd_packet_get_l3(const NfdPacket *self, gsize *len)
{
	if (len != NULL)
		*len = self->l3_len;
	return self->l3;
}

guint8
nfd_packet_get_l4_proto(const NfdPacket *self)
{
	return self->l4_proto;
}

guint8
nfd_packet_get_hop_limit(const NfdPacket *self)
{
	return self->hop_limit;
}

const guint8 *
nfd_packet_get_l4(const NfdPacket *self, gsize *len)
{
	if (len != NULL)
		*len = self->l4_len;
	return self->l4;
}

const guint8 *
nfd_packet_get_l4_payload(const NfdPacket *self, gsize *len)
{
	if (len != NULL)
		*len = self->payload_len;
	return self->payload;
}

guint16
nfd_packet_get_src_port(const NfdPacket *self)
{
	return self->src_port;
}

guint16
nfd_packet_get_dst_port(const NfdPacket *self)
{
	return self->dst_port;
}

gint
nfd_packet_get_icmp6_type(const NfdPacket *self)
{
	return self->icmp6_type;
}

gboolean
nfd_packet_get_ip4_src(const NfdPacket *self, struct in_addr *addr)
{
	if (self->family != AF_INET)
		return FALSE;
	*addr = self->ip4_src;
	return TRUE;
}

gboolean
nfd_packet_get_ip4_dst(const NfdPacket *self, struct in_addr *addr)
{
	if (self->family != AF_INET)
		return FALSE;
	*addr = self->ip4_dst;
	return TRUE;
}

gboolean
nfd_packet_get_ip6_src(const NfdPacket *self, struct in6_addr *addr)
{
	if (self->family != AF_INET6)
		return FALSE;
	*addr = self->ip6_src;
	return TRUE;
}

gboolean
nfd_packet_get_ip6_dst(const NfdPacket *self, struct in6_addr *addr)
{
	if (self->family != AF_INET6)
		return FALSE;
	*addr = self->ip6_dst;
	return TRUE;
}

gboolean
nfd_packet_verify_l4_checksum(NfdPacket *self)
{
	self->l4_checksum_ok = nfd_packet_get_l4_checksum_ok(self);
	self->l4_checksum_known = TRUE;
	return self->l4_checksum_ok;
}

gboolean
nfd_packet_get_l4_checksum_ok(const NfdPacket *self)
{
	if (self->l4_checksum_known)
		return self->l4_checksum_ok;
	if (self->l4 == NULL)
		return FALSE;
	if (self->family == AF_INET) {
		/* RFC 768: a zero UDP checksum over IPv4 means "not computed" */
		if (self->l4_proto == IPPROTO_UDP && self->l4_len >= 8 && self->l4[6] == 0 &&
		    self->l4[7] == 0)
			return TRUE;
		return nfd_proto_ip4_l4_checksum(&self->ip4_src,
						 &self->ip4_dst,
						 self->l4_proto,
						 self->l4,
						 self->l4_len) == 0;
	}
	return nfd_proto_ip6_l4_checksum(&self->ip6_src,
					 &self->ip6_dst,
					 self->l4_proto,
					 self->l4,
					 self->l4_len) == 0;
}

gboolean
nfd_packet_is_synthetic(const NfdPacket *self)
{
	return self->synthetic;
}
