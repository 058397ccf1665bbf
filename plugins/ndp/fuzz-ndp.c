/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for the NS parser, the decision, the NA addressing and the NA builder.  Input:
 * octet 0 = IPv6 hop limit, octet 1 bit 0 = checksum valid, bit 1 = source is ::, bit 2 =
 * destination is the solicited-node address of the target (else ff02::1), bit 3 = proxy,
 * bit 4 = the target is GATEWAY6 (the router answer and the DAD defence), bit 5 = no SUBNET6,
 * bit 6 = the router link-local is the target (else fe80::ff:fe00:1, from the router MAC
 * 02:00:00:00:00:01 as the plugin derives it; it is defended against DAD like GATEWAY6); the
 * rest = ICMPv6.
 */
#include <stdint.h>
#include <string.h>

#include "nfd-fields-private.h"
#include "nfd-ndp-explain.h"
#include "nfd-ndp-proto.h"
#include "nfd-proto.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const guint8 mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};
	static const guint8 router_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
	struct in6_addr src = {.s6_addr = {0xfe, 0x80, [15] = 1}};
	struct in6_addr dst = {.s6_addr = {0xff, 0x02, [15] = 1}};
	NfdNdpContext ctx = {.binding_mac = mac, .has_subnet6 = TRUE, .prefix_len = 64};
	NfdNdpSnoop snoop = {0};
	NfdNdpNaAddressing na;
	NfdNdpAction action;
	NfdNdpNs ns;
	gboolean router_addr;
	guint8 buf[64];
	g_autoptr(NfdFields) in = nfd_fields_new();
	g_autoptr(NfdFields) out = nfd_fields_new();

	if (size < 2)
		return 0;
	/* the explain decoder reads anything */
	nfd_ndp_explain_decode(data + 2, size - 2, in);
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
	ctx.snoop = &snoop;
	ctx.proxy = (data[1] & 0x08) != 0;
	ctx.has_gateway6 = (data[1] & 0x10) != 0;
	ctx.gateway6 = ns.target;
	ctx.has_subnet6 = (data[1] & 0x20) == 0;
	memcpy(ctx.subnet6.s6_addr, ns.target.s6_addr, 8);
	/* a router link-local as the plugin has it, never :: (which a probe may target) */
	nfd_proto_mac_to_link_local(router_mac, &ctx.router_ll);
	if (data[1] & 0x40)
		ctx.router_ll = ns.target;
	router_addr = (ctx.has_gateway6 && memcmp(&ns.target, &ctx.gateway6, 16) == 0) ||
		      memcmp(&ns.target, &ctx.router_ll, 16) == 0;
	action = nfd_ndp_decide(&ns, mac, &ctx);
	if (action == NFD_NDP_ACCEPT_DAD)
		nfd_ndp_snoop_record(&snoop, &ns.target);
	/* only the router's own addresses are ever defended against DAD */
	g_assert(action != NFD_NDP_ANSWER_DAD || (ns.dad && ctx.has_subnet6 && router_addr));
	if (nfd_ndp_action_is_answer(action)) {
		nfd_ndp_na_addressing(action, &ns, &src, mac, &ctx, &na);
		g_assert(!na.router || action != NFD_NDP_ANSWER_PROXY);
		g_assert(na.solicited == (action != NFD_NDP_ANSWER_DAD));
	}
	g_assert(nfd_ndp_build_na(&ns.target, mac, TRUE, TRUE, TRUE, buf, sizeof(buf)) == 32);
	/* and decodes our NA: a target and its link-layer address */
	nfd_ndp_explain_decode(buf, 32, out);
	g_assert(nfd_fields_lookup(out, "target link-layer address") != NULL);
	return 0;
}
