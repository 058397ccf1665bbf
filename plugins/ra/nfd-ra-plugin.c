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
#include "nfd-tap-table.h"

typedef struct {
	NfdRaConfig cfg;
	gboolean started;
	NfdTapTable *taps; /* tap name -> NfdRaTap, freed in slices (issue 16) */
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
	NfdRaTap *tap = nfd_tap_table_lookup(self->taps, nfd_binding_get_tap(binding));
	struct in6_addr prefix;
	guint reason = NFD_RA_REASON_MALFORMED;
	NfdVerdict verdict = nfd_ra_reply_solicited(plugin,
						    &self->cfg,
						    self->started ? tap : NULL,
						    packet,
						    binding,
						    reply,
						    &reason);

	/* SDK 1.1: the tap's statistics and events */
	nfd_plugin_note_message(plugin, NFD_RA_TYPE_RS, reason);
	if (verdict == NFD_VERDICT_REPLY) {
		nfd_plugin_note_reply(plugin, NFD_RA_TYPE_RA);
		if (nfd_binding_get_subnet6(binding, &prefix, NULL))
			nfd_plugin_note_address(plugin, AF_INET6, &prefix);
	}
	return verdict;
}

static void
nfd_ra_plugin_binding_changed(NfdPlugin *plugin, const NfdBinding *binding, NfdBindingEvent event)
{
	NfdRaPlugin *self = nfd_plugin_get_data(plugin);
	const gchar *name = nfd_binding_get_tap(binding);
	NfdRaTap *tap = nfd_tap_table_lookup(self->taps, name);
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
							 event == NFD_BINDING_EVENT_REMOVED)) {
			nfd_ra_tap_clear(tap);
			nfd_tap_table_remove(self->taps, name);
		}
		return;
	}
	if (tap == NULL) {
		tap = nfd_tap_table_insert(self->taps, name, NULL);
		nfd_ra_tap_init(tap, name, self->timer);
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

	/* the taps are off the timer (stop() cleared it): neither walks them */
	g_clear_pointer(&self->timer, nfd_ra_timer_free);
	g_clear_pointer(&self->taps, nfd_tap_table_free);
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
	self->taps = nfd_tap_table_new(sizeof(NfdRaTap));
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
		  .stop = nfd_ra_plugin_stop,
		  .message_types = nfd_ra_message_types,
		  .reasons = nfd_ra_reasons,
		  .explain_request = nfd_ra_reply_explain_request,
		  .explain_decode = nfd_ra_reply_explain_decode);
