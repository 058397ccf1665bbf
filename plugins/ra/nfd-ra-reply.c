/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fills a core NfdReply with the Router Advertisement for one binding: the pure builder
 * writes the ICMPv6 message, this file addresses the frame (kept out of the pure library
 * because it calls the core's nfd_reply_*()).
 */
#include "nfd-proto.h"
#include "nfd-ra-reply.h"

gboolean
nfd_ra_reply_fill(NfdReply *reply, const NfdRaConfig *cfg, const NfdBinding *binding,
		  const NfdRaTap *tap, NfdRaFarewell farewell, const struct in6_addr *dst,
		  const guint8 *dst_mac)
{
	NfdRaParams p;
	struct in6_addr rll;
	gsize cap = 0;
	guint8 *buf = nfd_reply_get_payload_buffer(reply, &cap);
	gssize len;

	nfd_ra_params_from_binding(&p, cfg, binding, farewell);
	if (tap != NULL && tap->old_prefix_left > 0) {
		p.has_old_prefix = TRUE;
		p.old_prefix = tap->old_prefix;
		p.old_prefix_len = tap->old_prefix_len;
	}
	len = nfd_ra_build(cfg, &p, buf, cap);
	if (len < 0)
		return FALSE;
	nfd_reply_set_payload_length(reply, (gsize)len);
	nfd_reply_set_icmp6(reply);
	/* RFC 4861 §4.2: from the router's link-local address, hop limit 255 */
	nfd_proto_mac_to_link_local(p.router_mac, &rll);
	nfd_reply_set_ip6(reply, &rll, dst, 255, 0);
	nfd_reply_set_eth(reply, dst_mac, p.router_mac);
	return TRUE;
}
