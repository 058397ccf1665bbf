/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NfdReply: builds the Ethernet frame of a reply around the payload a plugin wrote.
 *
 * IPv4 header per RFC 791 (no options, DF clear, TTL from the plugin, header checksum), IPv6
 * per RFC 8200, UDP per RFC 768 with the checksum always computed (also over IPv4, because
 * some clients drop zero-checksum replies), ICMPv6 checksum per RFC 4443 §2.3.  Nothing here
 * allocates.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "nfd-proto.h"
#include "nfd-reply-private.h"

#define NFD_REPLY_DEFAULT_TTL 64 /* IPv4 TTL / IPv6 hop limit unless the plugin sets one */

void
nfd_reply_reset(NfdReply *self, guint ifindex, const guint8 *eth_dst, const guint8 *eth_src)
{
	self->ifindex = ifindex;
	if (eth_dst != NULL)
		memcpy(self->eth_dst, eth_dst, 6);
	else
		memset(self->eth_dst, 0xff, 6);
	if (eth_src != NULL)
		memcpy(self->eth_src, eth_src, 6);
	else
		memset(self->eth_src, 0, 6);
	self->family = 0;
	self->l4_proto = 0;
	self->payload_len = 0;
	self->src_port = 0;
	self->dst_port = 0;
	self->ttl = NFD_REPLY_DEFAULT_TTL;
	self->traffic_class = 0;
}

void
nfd_reply_set_ifindex(NfdReply *self, guint ifindex)
{
	self->ifindex = ifindex;
}

guint
nfd_reply_get_ifindex(const NfdReply *self)
{
	return self->ifindex;
}

void
nfd_reply_set_eth(NfdReply *self, const guint8 *dst_mac, const guint8 *src_mac)
{
	if (dst_mac != NULL)
		memcpy(self->eth_dst, dst_mac, 6);
	if (src_mac != NULL)
		memcpy(self->eth_src, src_mac, 6);
}

void
nfd_reply_set_ip4(NfdReply *self, const struct in_addr *src, const struct in_addr *dst, guint8 ttl)
{
	self->family = AF_INET;
	self->ip4_src = *src;
	self->ip4_dst = *dst;
	self->ttl = ttl;
}

void
nfd_reply_set_ip6(NfdReply *self,
		  const struct in6_addr *src,
		  const struct in6_addr *dst,
		  guint8 hop_limit,
		  guint8 traffic_class)
{
	self->family = AF_INET6;
	self->ip6_src = *src;
	self->ip6_dst = *dst;
	self->ttl = hop_limit;
	self->traffic_class = traffic_class;
}

void
nfd_reply_set_udp(NfdReply *self, guint16 src_port, guint16 dst_port)
{
	self->l4_proto = IPPROTO_UDP;
	self->src_port = src_port;
	self->dst_port = dst_port;
}

void
nfd_reply_set_icmp6(NfdReply *self)
{
	self->l4_proto = IPPROTO_ICMPV6;
}

guint8 *
nfd_reply_get_payload_buffer(NfdReply *self, gsize *capacity)
{
	if (capacity != NULL)
		*capacity = NFD_REPLY_PAYLOAD_MAX;
	return self->frame + NFD_REPLY_HEADROOM;
}

void
nfd_reply_set_payload_length(NfdReply *self, gsize len)
{
	self->payload_len = MIN(len, (gsize)NFD_REPLY_PAYLOAD_MAX);
}

static void
put16(guint8 *p, guint16 v)
{
	p[0] = (guint8)(v >> 8);
	p[1] = (guint8)v;
}

/* what a plugin must have set before a reply can be finished; NULL when all is there */
static const gchar *
missing_part(const NfdReply *self)
{
	if (self->family != AF_INET && self->family != AF_INET6)
		return "no IP addressing set";
	if (self->l4_proto != IPPROTO_UDP &&
	    !(self->l4_proto == IPPROTO_ICMPV6 && self->family == AF_INET6))
		return "no UDP or ICMPv6 transport set";
	if (self->payload_len == 0)
		return "empty payload";
	if (self->ifindex == 0)
		return "no interface to send on";
	return NULL;
}

/* the IPv4 header before @l4 (UDP only), its checksum and the UDP checksum */
static void
put_ip4(NfdReply *self, guint8 *l3, guint8 *l4, gsize l4_len)
{
	guint16 csum;

	l3[0] = 0x45;
	l3[1] = 0;
	put16(l3 + 2, (guint16)(20 + l4_len));
	put16(l3 + 4, ++self->ip_id);
	put16(l3 + 6, 0);
	l3[8] = self->ttl;
	l3[9] = self->l4_proto;
	put16(l3 + 10, 0);
	memcpy(l3 + 12, &self->ip4_src, 4);
	memcpy(l3 + 16, &self->ip4_dst, 4);
	put16(l3 + 10, nfd_proto_checksum_fold(nfd_proto_checksum_add(0, l3, 20)));
	csum = nfd_proto_ip4_l4_checksum(&self->ip4_src, &self->ip4_dst, IPPROTO_UDP, l4, l4_len);
	/* RFC 768: a computed zero is sent as all ones */
	put16(l4 + 6, csum == 0 ? 0xffff : csum);
}

/* the IPv6 header before @l4 and the UDP or ICMPv6 checksum (RFC 8200 §8.1) */
static void
put_ip6(NfdReply *self, guint8 *l3, guint8 *l4, gsize l4_len, guint8 *payload)
{
	guint16 csum;

	l3[0] = (guint8)(0x60 | (self->traffic_class >> 4));
	l3[1] = (guint8)(self->traffic_class << 4);
	l3[2] = 0;
	l3[3] = 0;
	put16(l3 + 4, (guint16)l4_len);
	l3[6] = self->l4_proto;
	l3[7] = self->ttl;
	memcpy(l3 + 8, &self->ip6_src, 16);
	memcpy(l3 + 24, &self->ip6_dst, 16);
	csum =
	    nfd_proto_ip6_l4_checksum(&self->ip6_src, &self->ip6_dst, self->l4_proto, l4, l4_len);
	if (self->l4_proto == IPPROTO_UDP)
		put16(l4 + 6, csum == 0 ? 0xffff : csum);
	else
		put16(payload + 2, csum);
}

gboolean
nfd_reply_finish(NfdReply *self, const guint8 **frame, gsize *len, const gchar **why)
{
	guint8 *payload = self->frame + NFD_REPLY_HEADROOM;
	gsize l4_hdr = self->l4_proto == IPPROTO_UDP ? 8 : 0;
	gsize l3_hdr = self->family == AF_INET ? 20 : 40;
	gsize l4_len = l4_hdr + self->payload_len;
	guint8 *l4 = payload - l4_hdr;
	guint8 *l3 = l4 - l3_hdr;
	guint8 *eth = l3 - 14;

	*why = missing_part(self);
	if (*why != NULL)
		return FALSE;
	if (l4_hdr > 0) {
		put16(l4, self->src_port);
		put16(l4 + 2, self->dst_port);
		put16(l4 + 4, (guint16)l4_len);
		put16(l4 + 6, 0);
	} else {
		/* ICMPv6: the checksum field is bytes 2-3 of the message the plugin wrote */
		put16(payload + 2, 0);
	}
	if (self->family == AF_INET) {
		put_ip4(self, l3, l4, l4_len);
		put16(eth + 12, 0x0800);
	} else {
		put_ip6(self, l3, l4, l4_len, payload);
		put16(eth + 12, 0x86dd);
	}
	memcpy(eth, self->eth_dst, 6);
	memcpy(eth + 6, self->eth_src, 6);
	*frame = eth;
	*len = 14 + l3_hdr + l4_len;
	return TRUE;
}
