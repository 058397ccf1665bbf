/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fills a core NfdReply with the Router Advertisement for one binding: the pure builder
 * writes the ICMPv6 message, this file addresses the frame (kept out of the pure library
 * because it calls the core's nfd_reply_*()).  Also the answer to a Router Solicitation and
 * the explain hooks (SDK 1.1), which use the same frame builder.
 */
#include "nfd-proto.h"
#include "nfd-ra-reply.h"

gboolean
nfd_ra_reply_fill(NfdReply *reply,
		  const NfdRaConfig *cfg,
		  const NfdBinding *binding,
		  const NfdRaTap *tap,
		  NfdRaFarewell farewell,
		  const struct in6_addr *dst,
		  const guint8 *dst_mac)
{
	NfdRaParams p;
	struct in6_addr rll;
	gsize cap = 0;
	guint8 *buf = nfd_reply_get_payload_buffer(reply, &cap);
	gssize len;

	nfd_ra_params_from_binding(&p, cfg, binding, farewell);
	if (tap != NULL && nfd_ra_tap_old_prefix_active(tap, g_get_monotonic_time())) {
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

void
nfd_ra_reply_send(NfdPlugin *plugin,
		  const NfdRaConfig *cfg,
		  const NfdBinding *binding,
		  const NfdRaTap *tap,
		  NfdRaFarewell farewell)
{
	NfdReply *reply = nfd_plugin_begin_unsolicited(plugin, binding);
	struct in6_addr dst;
	guint8 dst_mac[6];
	g_autoptr(GError) error = NULL;

	if (reply == NULL)
		return;
	nfd_ra_multicast_dest(&dst, dst_mac);
	if (!nfd_ra_reply_fill(reply, cfg, binding, tap, farewell, &dst, dst_mac))
		return;
	/* SDK 1.1: counted as an RA sent on the tap */
	nfd_plugin_note_reply(plugin, NFD_RA_TYPE_RA);
	if (!nfd_plugin_send_unsolicited(plugin, reply, &error))
		nfd_plugin_log(plugin, G_LOG_LEVEL_DEBUG, binding, "RA: %s", error->message);
}

void
nfd_ra_reply_periodic(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      const NfdBinding *binding,
		      NfdRaTap *tap)
{
	gboolean final = !tap->has_cur_prefix;

	/* SUBNET6 removed: only the final RAs are left (RFC 4861 §6.2.5) */
	if (final && tap->finals_left == 0)
		return;
	nfd_ra_reply_send(plugin,
			  cfg,
			  binding,
			  tap,
			  final ? NFD_RA_FAREWELL_REMOVED : NFD_RA_FAREWELL_NONE);
	nfd_ra_sched_sent_unsolicited(&tap->sched,
				      cfg->min_interval,
				      cfg->max_interval,
				      g_random_int(),
				      g_get_monotonic_time());
	if (final && --tap->finals_left == 0)
		return;
	nfd_ra_tap_rearm(tap);
}

void
nfd_ra_reply_stop_all(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      NfdTapTable *taps,
		      NfdRaTimer *timer,
		      gboolean farewell)
{
	GHashTableIter iter;
	NfdRaTap *tap;

	nfd_tap_table_iter_init(&iter, taps);
	while (farewell && nfd_tap_table_iter_next(&iter, (gpointer *)&tap)) {
		const NfdBinding *binding = nfd_plugin_lookup_binding(plugin, tap->name);
		/* a tap that lost SUBNET6 has had its final RAs already */
		if (binding != NULL && tap->has_cur_prefix)
			nfd_ra_reply_send(plugin, cfg, binding, tap, NFD_RA_FAREWELL_STOP);
	}
	/* a reload stops every tap's timer at once (issue 16: 100,000 taps) */
	nfd_ra_timer_clear(timer);
}

gboolean
nfd_ra_reply_stop_tap(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      const NfdBinding *binding,
		      NfdRaTap *tap,
		      gboolean removed)
{
	if (removed) {
		/* the binding is gone (and the tap may be): one RA with every lifetime 0 */
		if (tap->has_cur_prefix)
			nfd_ra_reply_send(plugin, cfg, binding, tap, NFD_RA_FAREWELL_REMOVED);
		return TRUE;
	}
	/* SUBNET6 removed, the binding stays: MAX_FINAL_RTR_ADVERTISEMENTS RAs from the tap's
	 * timer, the first at once, each with the lost prefix at lifetimes 0 (nfd-ra-tap.h) */
	if (tap->has_cur_prefix) {
		nfd_ra_tap_withdraw(tap, cfg->valid_lifetime, g_get_monotonic_time());
		nfd_ra_tap_attach(tap);
	}
	return FALSE;
}

void
nfd_ra_reply_check_binding(NfdPlugin *plugin, const NfdRaConfig *cfg, const NfdBinding *binding)
{
	NfdRaBindingProblem problems = nfd_ra_binding_check(cfg, binding);

	if (problems & NFD_RA_BINDING_MTU_TOO_SMALL)
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_WARNING,
			       binding,
			       "MTU %u is below the IPv6 minimum of 1280 (RFC 8200 §5): RAs "
			       "carry no MTU option",
			       nfd_binding_get_mtu(binding));
	if (problems & NFD_RA_BINDING_BAD_PREF64)
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_WARNING,
			       binding,
			       "PREF64 '%s' is not a NAT64 PREFIX/LEN (RFC 8781 §4): ignored",
			       nfd_binding_get_value(binding, "PREF64"));
	if (problems & NFD_RA_BINDING_BAD_CAPTIVE_PORTAL)
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_WARNING,
			       binding,
			       "CAPTIVE_PORTAL '%s' is not a URI of at most %u octets: ignored",
			       nfd_binding_get_value(binding, "CAPTIVE_PORTAL"),
			       (guint)NFD_RA_CAPTIVE_PORTAL_MAX);
	if (problems & NFD_RA_BINDING_PORTAL_DOES_NOT_FIT)
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_WARNING,
			       binding,
			       "the captive-portal URI does not fit in the RA with the other "
			       "options (RFC 6980 §5): RAs are sent without it");
}

NfdVerdict
nfd_ra_reply_solicited(NfdPlugin *plugin,
		       const NfdRaConfig *cfg,
		       NfdRaTap *tap,
		       const NfdPacket *packet,
		       const NfdBinding *binding,
		       NfdReply *reply,
		       guint *reason)
{
	gsize len = 0;
	const guint8 *l4 = nfd_packet_get_l4(packet, &len);
	const guint8 *mac = nfd_packet_get_src_mac(packet);
	gboolean synthetic = nfd_packet_is_synthetic(packet);
	struct in6_addr src, dst;
	guint8 dst_mac[6];
	NfdRaRs rs;
	NfdRaRsStatus st;
	gint64 now = g_get_monotonic_time();

	*reason = NFD_RA_REASON_MALFORMED;
	if (!nfd_packet_get_ip6_src(packet, &src))
		return NFD_VERDICT_DROP;
	st = nfd_ra_rs_parse(l4,
			     len,
			     nfd_packet_get_hop_limit(packet),
			     nfd_packet_get_l4_checksum_ok(packet),
			     &src,
			     &rs);
	*reason = (guint)st + 1;
	if (st != NFD_RA_RS_OK) {
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "RS: %s",
					    nfd_ra_rs_status_to_string(st));
		return NFD_VERDICT_DROP;
	}
	/* original.md §6.1: no SUBNET6, no IPv6 service on this tap */
	if (!nfd_binding_get_subnet6(binding, NULL, NULL)) {
		*reason = NFD_RA_REASON_NO_SUBNET6;
		return NFD_VERDICT_DROP;
	}
	if (!nfd_ra_rs_mac_ok(&rs,
			      mac,
			      nfd_binding_get_mac(binding),
			      nfd_binding_get_macspoof(binding))) {
		*reason = NFD_RA_REASON_SPOOFED;
		nfd_plugin_warn_ratelimited(plugin, binding, "RS: source MAC is not the binding's");
		return NFD_VERDICT_DROP;
	}
	if (tap != NULL && !synthetic && !nfd_ra_sched_solicit(&tap->sched, now)) {
		/* coalesced into the multicast RA that the tap's timer sends soon */
		*reason = NFD_RA_REASON_COALESCED;
		nfd_ra_tap_rearm(tap);
		return NFD_VERDICT_DROP;
	}
	nfd_ra_rs_reply_dest(&rs, &src, mac, &dst, dst_mac);
	if (!nfd_ra_reply_fill(reply, cfg, binding, tap, NFD_RA_FAREWELL_NONE, &dst, dst_mac)) {
		*reason = NFD_RA_REASON_UNUSABLE;
		return NFD_VERDICT_DROP;
	}
	if (tap != NULL && !synthetic)
		nfd_ra_sched_sent_solicited(&tap->sched, now);
	*reason = NFD_RA_REASON_REPLY;
	return NFD_VERDICT_REPLY;
}

gboolean
nfd_ra_reply_explain_request(NfdPlugin *plugin,
			     const NfdBinding *binding,
			     const guint8 *mac,
			     const guint8 *request_list,
			     gsize request_list_len,
			     NfdReply *request,
			     GError **error)
{
	static const guint8 all_routers_mac[6] = {0x33, 0x33, 0, 0, 0, 2};
	struct in6_addr src, all_routers = {.s6_addr = {0xff, 0x02, [15] = 2}};
	gsize cap = 0;
	guint8 *buf = nfd_reply_get_payload_buffer(request, &cap);
	gsize len = nfd_ra_explain_rs(buf, cap, mac);

	if (!nfd_binding_get_subnet6(binding, NULL, NULL)) {
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_NOT_SUPPORTED,
			    "the binding has no SUBNET6: the ra plugin does not serve this tap");
		return FALSE;
	}
	nfd_proto_mac_to_link_local(mac, &src);
	nfd_reply_set_payload_length(request, len);
	nfd_reply_set_icmp6(request);
	/* RFC 4861 §4.1: hop limit 255, to all-routers */
	nfd_reply_set_ip6(request, &src, &all_routers, 255, 0);
	nfd_reply_set_eth(request, all_routers_mac, NULL);
	return TRUE;
}

void
nfd_ra_reply_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out)
{
	gsize len = 0;
	const guint8 *icmp = nfd_packet_get_l4(packet, &len);

	nfd_ra_explain_decode(icmp, len, out);
}
