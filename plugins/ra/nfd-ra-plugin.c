/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ra plugin: answers Router Solicitations (NFQUEUE, ICMPv6 type 133) on taps whose binding
 * has SUBNET6 and sends unsolicited Router Advertisements to them (RFC 4861 §6.2).  Protocol
 * code is in nfd-ra-proto.c, timing in nfd-ra-sched.c, the [ra] group in nfd-ra-config.c.
 */
#include <netinet/icmp6.h>
#include <sys/socket.h>

#include "nfd-plugin.h"
#include "nfd-proto.h"
#include "nfd-ra-config.h"
#include "nfd-ra-reply.h"
#include "nfd-ra-tap.h"

typedef struct {
	NfdRaConfig cfg;
	gboolean started;
	GHashTable *taps; /* tap name -> NfdRaTap */
	NfdRaTimer *timer;
	NfdPlugin *plugin;
} NfdRaPlugin;

static void
nfd_ra_plugin_fire(NfdRaTap *tap, gpointer user_data)
{
	NfdRaPlugin *self = user_data;
	const NfdBinding *binding = nfd_plugin_lookup_binding(self->plugin, tap->name);

	if (binding != NULL)
		nfd_ra_reply_periodic(self->plugin, &self->cfg, binding, tap);
}

static NfdVerdict
nfd_ra_plugin_handle(NfdPlugin *plugin,
		     const NfdPacket *packet,
		     const NfdBinding *binding,
		     NfdReply *reply,
		     gpointer user_data)
{
	NfdRaPlugin *self = user_data;
	gsize len = 0;
	const guint8 *l4 = nfd_packet_get_l4(packet, &len);
	const guint8 *mac = nfd_packet_get_src_mac(packet);
	struct in6_addr src, dst;
	guint8 dst_mac[6];
	NfdRaRs rs;
	NfdRaRsStatus st;
	NfdRaTap *tap;
	gint64 now = g_get_monotonic_time();

	if (!nfd_packet_get_ip6_src(packet, &src))
		return NFD_VERDICT_DROP;
	st = nfd_ra_rs_parse(l4,
			     len,
			     nfd_packet_get_hop_limit(packet),
			     nfd_packet_get_l4_checksum_ok(packet),
			     &src,
			     &rs);
	if (st != NFD_RA_RS_OK) {
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "RS: %s",
					    nfd_ra_rs_status_to_string(st));
		return NFD_VERDICT_DROP;
	}
	/* original.md §6.1: no SUBNET6, no IPv6 service on this tap */
	if (!nfd_binding_get_subnet6(binding, NULL, NULL))
		return NFD_VERDICT_DROP;
	if (!nfd_ra_rs_mac_ok(&rs,
			      mac,
			      nfd_binding_get_mac(binding),
			      nfd_binding_get_macspoof(binding))) {
		nfd_plugin_warn_ratelimited(plugin, binding, "RS: source MAC is not the binding's");
		return NFD_VERDICT_DROP;
	}
	tap = g_hash_table_lookup(self->taps, nfd_binding_get_tap(binding));
	if (tap != NULL && self->started && !nfd_ra_sched_solicit(&tap->sched, now)) {
		/* coalesced into the multicast RA that the tap's timer sends soon */
		nfd_ra_tap_rearm(tap);
		return NFD_VERDICT_DROP;
	}
	nfd_ra_rs_reply_dest(&rs, &src, mac, &dst, dst_mac);
	if (!nfd_ra_reply_fill(reply,
			       &self->cfg,
			       binding,
			       tap,
			       NFD_RA_FAREWELL_NONE,
			       &dst,
			       dst_mac))
		return NFD_VERDICT_DROP;
	if (tap != NULL)
		nfd_ra_sched_sent_solicited(&tap->sched, now);
	return NFD_VERDICT_REPLY;
}

static void
nfd_ra_plugin_binding_changed(NfdPlugin *plugin, const NfdBinding *binding, NfdBindingEvent event)
{
	NfdRaPlugin *self = nfd_plugin_get_data(plugin);
	const gchar *name = nfd_binding_get_tap(binding);
	NfdRaTap *tap = g_hash_table_lookup(self->taps, name);
	struct in6_addr prefix;
	guint prefix_len = 0;
	gboolean has6 = nfd_binding_get_subnet6(binding, &prefix, &prefix_len);

	if (event != NFD_BINDING_EVENT_REMOVED)
		nfd_ra_reply_check_binding(plugin, &self->cfg, binding);
	if (event == NFD_BINDING_EVENT_REMOVED || !has6) {
		/* RFC 4861 §6.2.5: the tap stops advertising: final RA(s) with lifetimes 0 */
		if (tap != NULL && nfd_ra_reply_stop_tap(plugin,
							 &self->cfg,
							 binding,
							 tap,
							 event == NFD_BINDING_EVENT_REMOVED))
			g_hash_table_remove(self->taps, name);
		return;
	}
	if (tap == NULL) {
		tap = nfd_ra_tap_new(name, self->timer);
		g_hash_table_insert(self->taps, tap->name, tap);
	}
	nfd_ra_tap_advertise(tap, &prefix, prefix_len, &self->cfg, g_get_monotonic_time());
	nfd_ra_tap_attach(tap);
}

static gboolean
nfd_ra_plugin_start(NfdPlugin *plugin, GError **error)
{
	NfdRaPlugin *self = nfd_plugin_get_data(plugin);

	/* the core announces every existing binding (ADDED) right after this */
	self->started = TRUE;
	return TRUE;
}

static void
nfd_ra_plugin_stop(NfdPlugin *plugin)
{
	NfdRaPlugin *self = nfd_plugin_get_data(plugin);

	/* RFC 4861 §6.2.5: the farewell only on shutdown, not on SIGHUP (the next instance
	 * keeps advertising and the guests must keep their default route) */
	nfd_ra_reply_stop_all(plugin,
			      &self->cfg,
			      self->taps,
			      self->timer,
			      self->started &&
				  nfd_plugin_get_stop_reason(plugin) == NFD_STOP_REASON_SHUTDOWN);
	self->started = FALSE;
}

static void
nfd_ra_plugin_free(gpointer data)
{
	NfdRaPlugin *self = data;

	g_clear_pointer(&self->taps, g_hash_table_unref);
	g_clear_pointer(&self->timer, nfd_ra_timer_free);
	g_free(self);
}

static gboolean
nfd_ra_plugin_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	NfdRaPlugin *self = g_new0(NfdRaPlugin, 1);
	NfdQueueClaim claim = {.family = AF_INET6,
			       .l4_proto = IPPROTO_ICMPV6,
			       .icmp6_type = ND_ROUTER_SOLICIT,
			       .handle = nfd_ra_plugin_handle};

	self->plugin = plugin;
	self->timer = nfd_ra_timer_new(nfd_ra_plugin_fire, self);
	self->taps =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)nfd_ra_tap_free);
	nfd_plugin_set_data(plugin, self, nfd_ra_plugin_free);
	if (!nfd_ra_config_load(&self->cfg, config, error))
		return FALSE;
	claim.queue_num = nfd_plugin_get_queue(plugin);
	claim.user_data = self;
	return nfd_plugin_register_queue(plugin, &claim, error);
}

NFD_PLUGIN_DEFINE(ra,
		  .description = "Router Advertisements (RFC 4861, 4191, 8106, 7772, 8781, 8910)",
		  .version = NFD_PACKAGE_VERSION,
		  .origin = "nfdhcpd",
		  .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
		  .config_keys = nfd_ra_config_keys,
		  .legacy_keys = nfd_ra_legacy_keys,
		  .default_queue = 43,
		  .init = nfd_ra_plugin_init,
		  .start = nfd_ra_plugin_start,
		  .binding_changed = nfd_ra_plugin_binding_changed,
		  .stop = nfd_ra_plugin_stop);
