/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the NS parser, the decision and the NA builder.  Input: octet 0 = IPv6 hop
 * limit, octet 1 bit 0 = checksum valid, bit 1 = source is ::, bit 2 = destination is the
 * solicited-node address of the target (else ff02::1), bit 3 = proxy; the rest = ICMPv6.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-ndp-proto.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const guint8 mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
	struct in6_addr src = {.s6_addr = {0xfe, 0x80, [15] = 1}};
	struct in6_addr dst = {.s6_addr = {0xff, 0x02, [15] = 1}};
	NfdNdpContext ctx = {.binding_mac = mac, .has_subnet6 = TRUE, .prefix_len = 64};
	NfdNdpSnoop snoop = {0};
	NfdNdpNs ns;
	guint8 buf[64];

	if (size < 2)
		return 0;
	if (data[1] & 0x02)
		memset(&src, 0, sizeof(src));
	if ((data[1] & 0x04) && size >= 2 + 24) {
		dst.s6_addr[11] = 0x01;
		dst.s6_addr[12] = 0xff;
		dst.s6_addr[13] = data[2 + 8 + 13];
		dst.s6_addr[14] = data[2 + 8 + 14];
		dst.s6_addr[15] = data[2 + 8 + 15];
	}
	if (nfd_ndp_ns_parse(data + 2, size - 2, data[0], data[1] & 0x01, &src, &dst, &ns) !=
	    NFD_NDP_NS_OK)
		return 0;
	if (ns.dad)
		nfd_ndp_snoop_record(&snoop, &ns.target);
	ctx.snoop = &snoop;
	ctx.proxy = (data[1] & 0x08) != 0;
	memcpy(ctx.subnet6.s6_addr, ns.target.s6_addr, 8);
	nfd_ndp_decide(&ns, mac, &ctx);
	g_assert(nfd_ndp_build_na(&ns.target, mac, TRUE, TRUE, TRUE, buf, sizeof(buf)) == 32);
	return 0;
}
