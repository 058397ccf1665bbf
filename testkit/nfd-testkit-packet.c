/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test kit's packet builders and frame reader (see nfd-testkit.h): IPv4 (RFC 791), IPv6
 * (RFC 8200), UDP (RFC 768) and ICMPv6 (RFC 4443) with lengths and checksums computed by the
 * core's own checksum code, and the payload of an Ethernet frame the core built.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "nfd-proto-private.h"
#include "nfd-testkit.h"

#define NFD_TESTKIT_TTL 64

static void
put16(guint8 *p, guint16 v)
{
	p[0] = (guint8)(v >> 8);
	p[1] = (guint8)v;
}

GBytes *
nfd_testkit_udp4_packet(const gchar *src,
			const gchar *dst,
			guint16 src_port,
			guint16 dst_port,
			const guint8 *payload,
			gsize len)
{
	struct in_addr s, d;
	gsize total = 20 + 8 + len;
	guint8 *pkt = g_malloc0(total);
	guint8 *udp = pkt + 20;
	guint16 csum;

	g_return_val_if_fail(inet_pton(AF_INET, src, &s) == 1, NULL);
	g_return_val_if_fail(inet_pton(AF_INET, dst, &d) == 1, NULL);
	pkt[0] = 0x45;
	put16(pkt + 2, (guint16)total);
	pkt[8] = NFD_TESTKIT_TTL;
	pkt[9] = IPPROTO_UDP;
	memcpy(pkt + 12, &s, 4);
	memcpy(pkt + 16, &d, 4);
	put16(pkt + 10, nfd_proto_checksum_fold(nfd_proto_checksum_add(0, pkt, 20)));
	put16(udp, src_port);
	put16(udp + 2, dst_port);
	put16(udp + 4, (guint16)(8 + len));
	if (len > 0)
		memcpy(udp + 8, payload, len);
	csum = nfd_proto_ip4_l4_checksum(&s, &d, IPPROTO_UDP, udp, 8 + len);
	put16(udp + 6, csum == 0 ? 0xffff : csum);
	return g_bytes_new_take(pkt, total);
}

/* the IPv6 header and @l4 (whose checksum field at @csum_off is then filled in) */
static GBytes *
ip6_packet(const gchar *src,
	   const gchar *dst,
	   guint8 proto,
	   guint8 hop_limit,
	   const guint8 *l4,
	   gsize len,
	   gsize csum_off)
{
	struct in6_addr s, d;
	gsize total = 40 + len;
	guint8 *pkt = g_malloc0(total);
	guint16 csum;

	g_return_val_if_fail(inet_pton(AF_INET6, src, &s) == 1, NULL);
	g_return_val_if_fail(inet_pton(AF_INET6, dst, &d) == 1, NULL);
	pkt[0] = 0x60;
	put16(pkt + 4, (guint16)len);
	pkt[6] = proto;
	pkt[7] = hop_limit;
	memcpy(pkt + 8, &s, 16);
	memcpy(pkt + 24, &d, 16);
	memcpy(pkt + 40, l4, len);
	put16(pkt + 40 + csum_off, 0);
	csum = nfd_proto_ip6_l4_checksum(&s, &d, proto, pkt + 40, len);
	if (proto == IPPROTO_UDP && csum == 0)
		csum = 0xffff;
	put16(pkt + 40 + csum_off, csum);
	return g_bytes_new_take(pkt, total);
}

GBytes *
nfd_testkit_udp6_packet(const gchar *src,
			const gchar *dst,
			guint16 src_port,
			guint16 dst_port,
			const guint8 *payload,
			gsize len)
{
	g_autofree guint8 *udp = g_malloc0(8 + len);

	put16(udp, src_port);
	put16(udp + 2, dst_port);
	put16(udp + 4, (guint16)(8 + len));
	if (len > 0)
		memcpy(udp + 8, payload, len);
	return ip6_packet(src, dst, IPPROTO_UDP, NFD_TESTKIT_TTL, udp, 8 + len, 6);
}

GBytes *
nfd_testkit_icmp6_packet(const gchar *src,
			 const gchar *dst,
			 guint8 hop_limit,
			 const guint8 *message,
			 gsize len)
{
	g_return_val_if_fail(len >= 4, NULL);
	return ip6_packet(src, dst, IPPROTO_ICMPV6, hop_limit, message, len, 2);
}

const guint8 *
nfd_testkit_frame_payload(GBytes *frame, gsize *len)
{
	gsize n = 0;
	const guint8 *p = g_bytes_get_data(frame, &n);
	guint16 type;
	guint ihl;

	*len = 0;
	if (n < 14)
		return NULL;
	type = (guint16)(p[12] << 8 | p[13]);
	p += 14;
	n -= 14;
	if (type == 0x0800 && n >= 20 && p[9] == IPPROTO_UDP) {
		ihl = (p[0] & 0x0f) * 4u;
		if (n < ihl + 8)
			return NULL;
		*len = MIN((gsize)(p[ihl + 4] << 8 | p[ihl + 5]), n - ihl) - 8;
		return p + ihl + 8;
	}
	if (type == 0x86dd && n >= 40) {
		gsize plen = MIN((gsize)(p[4] << 8 | p[5]), n - 40);
		if (p[6] == IPPROTO_ICMPV6) {
			*len = plen;
			return p + 40;
		}
		if (p[6] == IPPROTO_UDP && plen >= 8) {
			*len = plen - 8;
			return p + 48;
		}
	}
	return NULL;
}
