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
	nfd_ra_reply_send(plugin, cfg, binding, tap, NFD_RA_FAREWELL_NONE);
	/* a renumbered prefix is announced with lifetime 0 in a few RAs (RFC 9096) */
	if (tap->old_prefix_left > 0)
		tap->old_prefix_left--;
	nfd_ra_sched_sent_unsolicited(&tap->sched,
				      cfg->min_interval,
				      cfg->max_interval,
				      g_random_int(),
				      g_get_monotonic_time());
	nfd_ra_tap_rearm(tap);
}

void
nfd_ra_reply_stop_all(NfdPlugin *plugin,
		      const NfdRaConfig *cfg,
		      GHashTable *taps,
		      gboolean farewell)
{
	GHashTableIter iter;
	NfdRaTap *tap;

	g_hash_table_iter_init(&iter, taps);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&tap)) {
		const NfdBinding *binding = nfd_plugin_lookup_binding(plugin, tap->name);
		if (binding != NULL && farewell)
			nfd_ra_reply_send(plugin, cfg, binding, tap, NFD_RA_FAREWELL_STOP);
		nfd_ra_tap_detach(tap);
	}
}
