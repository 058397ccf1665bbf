/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Neighbor Solicitation parsing, the answer decision and Neighbor Advertisement building for
 * the ndp plugin (see nfd-ndp-proto.h).  Untrusted bytes are read only through NfdReader.
 */
#include <string.h>

#include "nfd-ndp-proto.h"
#include "nfd-binding.h"
#include "nfd-proto.h"

#define ICMP6_NS 135
#define ICMP6_NA 136
#define OPT_SLLA 1
#define OPT_TLLA 2
#define OPT_NONCE 14

NfdNdpNsStatus
nfd_ndp_ns_parse(const guint8 *icmp,
		 gsize len,
		 guint8 hop_limit,
		 gboolean checksum_ok,
		 const struct in6_addr *src,
		 const struct in6_addr *dst,
		 NfdNdpNs *out)
{
	/* RFC 4291 §2.7.1: solicited-node multicast ff02::1:ffXX:XXXX */
	static const guint8 sn_prefix[13] = {0xff, 0x02, [11] = 0x01, [12] = 0xff};
	NfdReader r;
	guint8 type = 0;
	guint8 code = 0;
	const guint8 *target = NULL;

	memset(out, 0, sizeof(*out));
	/* RFC 4861 §7.1.1: the IP Hop Limit field has a value of 255 */
	if (hop_limit != 255)
		return NFD_NDP_NS_BAD_HOP_LIMIT;
	/* RFC 4861 §7.1.1: ICMP Checksum is valid */
	if (!checksum_ok)
		return NFD_NDP_NS_BAD_CHECKSUM;
	if (src->s6_addr[0] == 0xff)
		return NFD_NDP_NS_BAD_SOURCE;
	out->dad = IN6_IS_ADDR_UNSPECIFIED(src);
	nfd_reader_init(&r, icmp, len);
	if (!nfd_reader_u8(&r, &type) || type != ICMP6_NS)
		return NFD_NDP_NS_BAD_TYPE;
	if (!nfd_reader_u8(&r, &code))
		return NFD_NDP_NS_TOO_SHORT;
	/* RFC 4861 §7.1.1: ICMP Code is 0 */
	if (code != 0)
		return NFD_NDP_NS_BAD_CODE;
	/* RFC 4861 §7.1.1: ICMP length is 24 or more octets: §4.3 checksum, reserved, target */
	if (!nfd_reader_skip(&r, 6) || !nfd_reader_bytes(&r, &target, 16))
		return NFD_NDP_NS_TOO_SHORT;
	memcpy(out->target.s6_addr, target, 16);
	/* RFC 4861 §7.1.1: Target Address is not a multicast address */
	if (out->target.s6_addr[0] == 0xff)
		return NFD_NDP_NS_MULTICAST_TARGET;
	while (r.rem > 0) {
		const guint8 *opt = NULL;
		gsize opt_len = 0;

		/* RFC 4861 §7.1.1: all included options have a length greater than zero */
		if (!nfd_reader_nd_option(&r, &opt, &opt_len))
			return NFD_NDP_NS_BAD_OPTION;
		/* RFC 4861 §4.6.1 with RFC 2464 §6: the first 6 octets on Ethernet (an option has
		 * 8 or more) */
		if (opt[0] == OPT_SLLA && !out->has_slla) {
			memcpy(out->slla, opt + 2, 6);
			out->has_slla = TRUE;
		} else if (opt[0] == OPT_NONCE) {
			out->has_nonce = TRUE;
		}
	}
	if (out->dad) {
		/* RFC 4861 §7.1.1: from :: the destination is a solicited-node multicast address */
		if (memcmp(dst->s6_addr, sn_prefix, sizeof(sn_prefix)) != 0)
			return NFD_NDP_NS_DAD_NOT_SOLICITED_NODE;
		/* RFC 4861 §7.1.1: and there is no source link-layer address option */
		if (out->has_slla)
			return NFD_NDP_NS_SLLA_FROM_UNSPECIFIED;
	}
	return NFD_NDP_NS_OK;
}

const gchar *
nfd_ndp_ns_status_to_string(NfdNdpNsStatus status)
{
	switch (status) {
	case NFD_NDP_NS_OK:
		return "ok";
	case NFD_NDP_NS_BAD_HOP_LIMIT:
		return "hop limit is not 255";
	case NFD_NDP_NS_BAD_CHECKSUM:
		return "bad ICMPv6 checksum";
	case NFD_NDP_NS_BAD_TYPE:
		return "not a neighbor solicitation";
	case NFD_NDP_NS_BAD_CODE:
		return "ICMPv6 code is not 0";
	case NFD_NDP_NS_TOO_SHORT:
		return "shorter than 24 octets";
	case NFD_NDP_NS_MULTICAST_TARGET:
		return "multicast target";
	case NFD_NDP_NS_BAD_OPTION:
		return "option of length 0 or past the end";
	case NFD_NDP_NS_BAD_SOURCE:
		return "multicast source address";
	case NFD_NDP_NS_DAD_NOT_SOLICITED_NODE:
		return "DAD probe not sent to a solicited-node address";
	case NFD_NDP_NS_SLLA_FROM_UNSPECIFIED:
		return "source link-layer option from the unspecified address";
	}
	return "unknown";
}

const gchar *
nfd_ndp_action_to_string(NfdNdpAction action)
{
	switch (action) {
	case NFD_NDP_ACCEPT_DAD:
		return "accept (DAD probe)";
	case NFD_NDP_ACCEPT_OWN:
		return "accept (the VM's own address)";
	case NFD_NDP_DROP_SPOOFED:
		return "drop (link-layer address is not the binding's)";
	case NFD_NDP_ACCEPT_NO_SUBNET6:
		return "accept (no SUBNET6)";
	case NFD_NDP_ACCEPT_NOT_OURS:
		return "accept (target not answered)";
	case NFD_NDP_ANSWER_ROUTER:
		return "answer (router)";
	case NFD_NDP_ANSWER_PROXY:
		return "answer (proxy)";
	case NFD_NDP_ANSWER_DAD:
		return "answer (DAD for the router's address)";
	}
	return "unknown";
}

gboolean
nfd_ndp_action_is_answer(NfdNdpAction action)
{
	return action == NFD_NDP_ANSWER_ROUTER || action == NFD_NDP_ANSWER_PROXY ||
	       action == NFD_NDP_ANSWER_DAD;
}

gboolean
nfd_ndp_proxy_mode_parse(const gchar *str, NfdNdpProxyMode *out)
{
	static const gchar *const yes[] = {"yes", "true", "on", "1", NULL};
	static const gchar *const no[] = {"no", "false", "off", "0", NULL};

	if (str == NULL)
		return FALSE;
	if (g_ascii_strcasecmp(str, "auto") == 0) {
		*out = NFD_NDP_PROXY_AUTO;
		return TRUE;
	}
	/* the legacy boolean: true meant "the whole SUBNET6 on every tap", false "never" */
	for (guint i = 0; yes[i] != NULL; i++) {
		if (g_ascii_strcasecmp(str, yes[i]) == 0) {
			*out = NFD_NDP_PROXY_YES;
			return TRUE;
		}
		if (g_ascii_strcasecmp(str, no[i]) == 0) {
			*out = NFD_NDP_PROXY_NO;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean
nfd_ndp_proxy_enabled(NfdNdpProxyMode mode, gboolean bridged)
{
	/* a routed tap is a link of its own between one VM and the host: its peers in SUBNET6
	 * are reachable only through the host, which answers for them (original.md §6.2) and
	 * routes.  Guests on one bridge share a link and resolve each other directly. */
	if (mode == NFD_NDP_PROXY_AUTO)
		return !bridged;
	return mode == NFD_NDP_PROXY_YES;
}

static gboolean
same_addr(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

void
nfd_ndp_context_from_binding(NfdNdpContext *ctx,
			     const NfdBinding *binding,
			     const NfdNdpSnoop *snoop,
			     gboolean proxy)
{
	static const guint8 zero_mac[6] = {0};
	const guint8 *mac = nfd_binding_get_mac(binding);

	memset(ctx, 0, sizeof(*ctx));
	ctx->binding_mac = mac;
	ctx->macspoof = nfd_binding_get_macspoof(binding);
	ctx->has_subnet6 = nfd_binding_get_subnet6(binding, &ctx->subnet6, &ctx->prefix_len);
	ctx->has_gateway6 = nfd_binding_get_gateway6(binding, &ctx->gateway6);
	nfd_proto_mac_to_link_local(nfd_binding_get_router_mac(binding), &ctx->router_ll);
	nfd_proto_mac_to_link_local(mac != NULL ? mac : zero_mac, &ctx->vm_ll);
	/* original.md §6.4: the VM's SLAAC address is SUBNET6 + modified EUI-64 of its MAC */
	ctx->has_eui64 = nfd_binding_get_eui64(binding, &ctx->eui64);
	if (!ctx->has_eui64 && ctx->has_subnet6 && ctx->prefix_len <= 64 && mac != NULL) {
		nfd_proto_mac_to_eui64(mac, &ctx->subnet6, &ctx->eui64);
		ctx->has_eui64 = TRUE;
	}
	ctx->snoop = snoop;
	ctx->proxy = proxy;
}

/* the addresses the router answers for as its own */
static gboolean
is_router_addr(const struct in6_addr *target, const NfdNdpContext *ctx)
{
	return (ctx->has_gateway6 && same_addr(target, &ctx->gateway6)) ||
	       same_addr(target, &ctx->router_ll);
}

NfdNdpAction
nfd_ndp_decide(const NfdNdpNs *ns, const guint8 *packet_mac, const NfdNdpContext *ctx)
{
	const guint8 *claimed = ns->has_slla ? ns->slla : packet_mac;

	/* RFC 4862 §5.4.3: a DAD probe is answered only to defend an address that is ours
	 * (RFC 4861 §7.2.4), here the router's own addresses on a tap we serve: a VM that
	 * claims GATEWAY6 or the router link-local must see its DAD fail.  Any other probe is
	 * never answered, or the VM gives its address up; it always gets a verdict
	 * (original.md §9.1 bug 1). */
	if (ns->dad) {
		if (ctx->has_subnet6 && is_router_addr(&ns->target, ctx))
			return NFD_NDP_ANSWER_DAD;
		return NFD_NDP_ACCEPT_DAD;
	}
	if ((ctx->has_eui64 && same_addr(&ns->target, &ctx->eui64)) ||
	    same_addr(&ns->target, &ctx->vm_ll) ||
	    (ctx->snoop != NULL && nfd_ndp_snoop_contains(ctx->snoop, &ns->target)))
		return NFD_NDP_ACCEPT_OWN;
	if (!ctx->macspoof &&
	    (ctx->binding_mac == NULL || claimed == NULL ||
	     memcmp(claimed, ctx->binding_mac, 6) != 0 ||
	     (packet_mac != NULL && memcmp(packet_mac, ctx->binding_mac, 6) != 0)))
		return NFD_NDP_DROP_SPOOFED;
	/* from here on, what we do not answer goes back to the kernel: a proxy_ndp entry or
	 * one of the host's addresses may answer it, a bridge forwards it to its peers */
	if (!ctx->has_subnet6)
		return NFD_NDP_ACCEPT_NO_SUBNET6;
	if (is_router_addr(&ns->target, ctx))
		return NFD_NDP_ANSWER_ROUTER;
	/* RFC 4389 style proxy for the rest of the prefix (the original's behaviour on routed
	 * taps, nfd_ndp_proxy_enabled()); the VM's own addresses were accepted above */
	if (ctx->proxy && nfd_proto_ip6_in_prefix(&ns->target, &ctx->subnet6, ctx->prefix_len))
		return NFD_NDP_ANSWER_PROXY;
	return NFD_NDP_ACCEPT_NOT_OURS;
}

void
nfd_ndp_na_addressing(NfdNdpAction action,
		      const NfdNdpNs *ns,
		      const struct in6_addr *ns_src,
		      const guint8 *packet_mac,
		      const NfdNdpContext *ctx,
		      NfdNdpNaAddressing *out)
{
	/* RFC 4291 §2.7.1 all-nodes, RFC 2464 §7: 33:33 + its low 32 bits */
	static const guint8 all_nodes[16] = {0xff, 0x02, [15] = 0x01};
	static const guint8 all_nodes_mac[6] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};

	memset(out, 0, sizeof(*out));
	/* RFC 4861 §4.4: R = the sender is a router, and the receiver records it as the
	 * target's IsRouter flag (§7.2.5).  A proxy speaks for a host that is not a router, so
	 * R=0 there (RFC 4389 §4.1.3); GATEWAY6 and the router link-local keep R=1, or the
	 * guest would drop its default router (§7.2.5). */
	out->router = action != NFD_NDP_ANSWER_PROXY;
	/* RFC 4861 §7.2.4: O=1 for our own addresses; §7.2.8: a proxy sets O=0 so the real
	 * owner's NA wins; S=1 for a solicited answer, S=0 to a DAD probe */
	out->override = action != NFD_NDP_ANSWER_PROXY;
	out->solicited = action != NFD_NDP_ANSWER_DAD;
	/* RFC 4861 §7.2.4: the source is an address assigned to the interface the NA is sent
	 * from.  For the router's own addresses (GATEWAY6, the router link-local) that is the
	 * target itself, as Linux does (ndisc_send_na() sends from the solicited address when it
	 * is local); ndisc6 >= 1.0.5 ignores an NA whose source is not the unicast target it
	 * asked about.  A proxied answer (§7.2.8) is not from the target: the router link-local. */
	if (action == NFD_NDP_ANSWER_PROXY)
		out->src = ctx->router_ll;
	else
		out->src = ns->target;
	if (action == NFD_NDP_ANSWER_DAD) {
		/* RFC 4861 §7.2.4: to a probe from ::, multicast to all-nodes */
		memcpy(out->dst.s6_addr, all_nodes, 16);
		memcpy(out->dst_mac, all_nodes_mac, 6);
		return;
	}
	/* RFC 4861 §7.2.4: unicast to the soliciting node and its link-layer address */
	out->dst = *ns_src;
	memcpy(out->dst_mac, ns->has_slla ? ns->slla : packet_mac, 6);
}

gssize
nfd_ndp_build_na(const struct in6_addr *target,
		 const guint8 *tlla,
		 gboolean router,
		 gboolean solicited,
		 gboolean override,
		 guint8 *buf,
		 gsize cap)
{
	NfdWriter w;
	guint32 flags = 0;

	/* RFC 4861 §4.4: R (sender is a router), S (solicited), O (override) */
	if (router)
		flags |= 0x80000000u;
	if (solicited)
		flags |= 0x40000000u;
	if (override)
		flags |= 0x20000000u;
	nfd_writer_init(&w, buf, cap);
	/* type, code 0, checksum (the core fills it), flags + reserved, target */
	nfd_writer_u8(&w, ICMP6_NA);
	nfd_writer_u8(&w, 0);
	nfd_writer_u16(&w, 0);
	nfd_writer_u32(&w, flags);
	nfd_writer_bytes(&w, target->s6_addr, 16);
	/* RFC 4861 §7.2.4: include the Target Link-Layer Address option */
	nfd_writer_u8(&w, OPT_TLLA);
	nfd_writer_u8(&w, 1);
	nfd_writer_bytes(&w, tlla, 6);
	if (w.overflow)
		return -1;
	return (gssize)w.len;
}
