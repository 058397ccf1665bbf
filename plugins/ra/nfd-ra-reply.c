/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fills a core NfdReply with the Router Advertisement for one binding: the pure builder
 * writes the ICMPv6 message, this file addresses the frame (kept out of the pure library
 * because it calls the core's nfd_reply_*()).
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
		      GHashTable *taps,
		      NfdRaTimer *timer,
		      gboolean farewell)
{
	GHashTableIter iter;
	NfdRaTap *tap;

	g_hash_table_iter_init(&iter, taps);
	while (farewell && g_hash_table_iter_next(&iter, NULL, (gpointer *)&tap)) {
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
