/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ndp plugin's answers (see nfd-ndp-reply.h): the pure code decides (nfd-ndp-proto.c), this
 * file writes the NA into the core's NfdReply, and builds explain's synthetic NS with it.
 */
#include <netinet/icmp6.h>
#include <string.h>

#include "nfd-ndp-reply.h"
#include "nfd-proto.h"

/* the NA for @target into @reply, addressed as @na says (RFC 4861 §7.2.4) */
static gboolean
write_na(NfdReply *reply,
	 const struct in6_addr *target,
	 const guint8 *router_mac,
	 const NfdNdpNaAddressing *na)
{
	gsize cap = 0;
	guint8 *buf = nfd_reply_get_payload_buffer(reply, &cap);
	gssize n =
	    nfd_ndp_build_na(target, router_mac, na->router, na->solicited, na->override, buf, cap);

	if (n < 0)
		return FALSE;
	nfd_reply_set_payload_length(reply, (gsize)n);
	nfd_reply_set_icmp6(reply);
	/* RFC 4861 §7.2.4: hop limit 255 */
	nfd_reply_set_ip6(reply, &na->src, &na->dst, 255, 0);
	nfd_reply_set_eth(reply, na->dst_mac, router_mac);
	return TRUE;
}

NfdVerdict
nfd_ndp_reply_answer(NfdPlugin *plugin,
		     NfdNdpProxyMode proxy,
		     NfdNdpSnoop *snoop,
		     const NfdPacket *packet,
		     const NfdBinding *binding,
		     NfdReply *reply,
		     guint *reason,
		     struct in6_addr *target)
{
	gsize len = 0;
	const guint8 *l4 = nfd_packet_get_l4(packet, &len);
	const guint8 *mac = nfd_packet_get_src_mac(packet);
	const guint8 *router_mac = nfd_binding_get_router_mac(binding);
	struct in6_addr src, dst;
	NfdNdpNaAddressing na;
	NfdNdpNs ns;
	NfdNdpNsStatus st;
	NfdNdpContext ctx;
	NfdNdpAction action;

	*reason = NFD_NDP_REASON_MALFORMED;
	if (!nfd_packet_get_ip6_src(packet, &src) || !nfd_packet_get_ip6_dst(packet, &dst))
		return NFD_VERDICT_DROP;
	st = nfd_ndp_ns_parse(l4,
			      len,
			      nfd_packet_get_hop_limit(packet),
			      nfd_packet_get_l4_checksum_ok(packet),
			      &src,
			      &dst,
			      &ns);
	if (st != NFD_NDP_NS_OK) {
		*reason = st;
		/* the kernel would discard it too (RFC 4861 §7.1.1) */
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "NS: %s",
					    nfd_ndp_ns_status_to_string(st));
		return NFD_VERDICT_DROP;
	}
	*target = ns.target;
	/* an NS that came through a bridge port carries the port as physindev: guests on one
	 * bridge share a link and resolve each other, a routed tap is a link of its own */
	nfd_ndp_context_from_binding(
	    &ctx,
	    binding,
	    snoop,
	    nfd_ndp_proxy_enabled(proxy, nfd_packet_get_physindev(packet) != 0));
	action = nfd_ndp_decide(&ns, mac, &ctx);
	*reason = NFD_NDP_REASON_ACTION + action;
	/* RFC 4862 §5.4.2: a DAD probe names an address the VM is about to use */
	if (action == NFD_NDP_ACCEPT_DAD && snoop != NULL && !nfd_packet_is_synthetic(packet))
		nfd_ndp_snoop_record(snoop, &ns.target);
	if (action == NFD_NDP_DROP_SPOOFED) {
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "NS: %s",
					    nfd_ndp_action_to_string(action));
		return NFD_VERDICT_DROP;
	}
	if (action == NFD_NDP_ANSWER_DAD)
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "NS: the VM probes a router address by DAD; defended");
	if (!nfd_ndp_action_is_answer(action))
		return NFD_VERDICT_ACCEPT;
	nfd_ndp_na_addressing(action, &ns, &src, mac, &ctx, &na);
	if (!write_na(reply, &ns.target, router_mac, &na)) {
		*reason = NFD_NDP_REASON_UNUSABLE;
		return NFD_VERDICT_DROP;
	}
	return NFD_VERDICT_REPLY;
}

gboolean
nfd_ndp_reply_explain_request(NfdPlugin *plugin,
			      const NfdBinding *binding,
			      const guint8 *mac,
			      const guint8 *request_list,
			      gsize request_list_len,
			      NfdReply *request,
			      GError **error)
{
	struct in6_addr target, src, group = {.s6_addr = {0xff, 0x02, [11] = 1, [12] = 0xff}};
	guint8 group_mac[6] = {0x33, 0x33, 0xff};
	gsize cap = 0;
	guint8 *buf = nfd_reply_get_payload_buffer(request, &cap);

	if (!nfd_binding_get_subnet6(binding, NULL, NULL)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_NOT_SUPPORTED,
			    "the binding has no SUBNET6: the ndp plugin does not serve this tap");
		return FALSE;
	}
	/* the gateway the guest resolves: GATEWAY6, else the router's link-local (RFC 4861 §6.3.4:
	 * the RA's source) */
	if (!nfd_binding_get_gateway6(binding, &target))
		nfd_proto_mac_to_link_local(nfd_binding_get_router_mac(binding), &target);
	/* RFC 4291 §2.7.1: the target's solicited-node group, and its MAC (RFC 2464 §7) */
	memcpy(group.s6_addr + 13, target.s6_addr + 13, 3);
	memcpy(group_mac + 3, target.s6_addr + 13, 3);
	nfd_proto_mac_to_link_local(mac, &src);
	nfd_reply_set_payload_length(request, nfd_ndp_explain_ns(buf, cap, &target, mac));
	nfd_reply_set_icmp6(request);
	nfd_reply_set_ip6(request, &src, &group, 255, 0);
	nfd_reply_set_eth(request, group_mac, NULL);
	return TRUE;
}

void
nfd_ndp_reply_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out)
{
	gsize len = 0;
	const guint8 *icmp = nfd_packet_get_l4(packet, &len);

	nfd_ndp_explain_decode(icmp, len, out);
}
