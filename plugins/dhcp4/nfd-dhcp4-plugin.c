/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp4 plugin entry: reads [dhcp4], claims UDP port 67 on its NFQUEUE (the core reads
 * `queue`, default 42, or GRNET's [dhcp] dhcp_queue), and glues the pure protocol code
 * (nfd-dhcp4-proto.c) to the core: the request payload goes in, the reply payload and its
 * RFC 2131 §4.1 addressing go out through NfdReply.  Counts each outcome in the core's
 * counters (nfd_dhcp4_counter_names).
 */
#include <string.h>

#include "nfd-dhcp4-proto.h"
#include "nfd-plugin.h"

typedef struct {
	NfdDhcp4Config cfg;
} NfdDhcp4Plugin;

static void
nfd_dhcp4_plugin_free(NfdDhcp4Plugin *self)
{
	nfd_dhcp4_config_clear(&self->cfg);
	g_free(self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NfdDhcp4Plugin, nfd_dhcp4_plugin_free)

static NfdVerdict
nfd_dhcp4_plugin_handle(NfdPlugin *plugin,
			const NfdPacket *packet,
			const NfdBinding *binding,
			NfdReply *reply,
			gpointer user_data)
{
	NfdDhcp4Plugin *self = user_data;
	NfdDhcp4Reply out = {0};
	const guint8 *payload;
	gsize len = 0;
	NfdVerdict verdict;

	payload = nfd_packet_get_l4_payload(packet, &len);
	out.buf = nfd_reply_get_payload_buffer(reply, &out.cap);
	verdict = nfd_dhcp4_handle(&self->cfg,
				   binding,
				   nfd_packet_get_src_mac(packet),
				   payload,
				   len,
				   &out);
	nfd_plugin_count(plugin, out.reason);
	/* SDK 1.1: for the tap's statistics and events (`nfdhcpctl stats`, `events`) */
	nfd_plugin_note_message(plugin, out.request_type, out.reason + 1u);
	if (out.prl_len > 0 || out.vendor_len > 0)
		nfd_plugin_note_client(plugin,
				       out.prl,
				       out.prl_len,
				       (const gchar *)out.vendor,
				       out.vendor_len);
	if (out.bad_binding_keys & NFD_DHCP4_BAD_ROUTES)
		nfd_plugin_warn_ratelimited(plugin, binding, "ROUTES: an entry is not usable");
	if (out.bad_binding_keys & NFD_DHCP4_BAD_IPV6_ONLY_PREFERRED)
		nfd_plugin_warn_ratelimited(plugin, binding, "IPV6_ONLY_PREFERRED: not seconds");
	if (out.bad_binding_keys & NFD_DHCP4_BAD_CAPTIVE_PORTAL)
		nfd_plugin_warn_ratelimited(plugin, binding, "CAPTIVE_PORTAL: not a usable URI");
	switch (out.reason) {
	case NFD_DHCP4_REASON_REPLY:
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_DEBUG,
			       binding,
			       "%s xid 0x%08x -> %s%s",
			       nfd_dhcp4_message_type_to_string(out.request_type),
			       out.xid,
			       nfd_dhcp4_message_type_to_string(out.reply_type),
			       out.n_trimmed > 0 ? " (options trimmed to fit)" : "");
		break;
	case NFD_DHCP4_REASON_RELEASE:
	case NFD_DHCP4_REASON_DECLINE:
		/* RFC 2131 §4.3.4, §4.3.5: no answer, and a fixed binding has nothing to free.
		 * Counted above, a debug line per message, and a warning through the tap's own
		 * limiter: a DECLINE is an address conflict (RFC 5227), an IPAM error, and a
		 * guest that floods either cannot hide the other taps' warnings */
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_DEBUG,
			       binding,
			       "%s xid 0x%08x (ignored: fixed binding)",
			       nfd_dhcp4_message_type_to_string(out.request_type),
			       out.xid);
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    out.reason == NFD_DHCP4_REASON_DECLINE
						? "DECLINE: the guest reports its address in use"
						: "RELEASE: the guest gave up its address");
		break;
	case NFD_DHCP4_REASON_FOREIGN_SERVER:
	case NFD_DHCP4_REASON_UNSUPPORTED:
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_DEBUG,
			       binding,
			       "%s ignored: %s",
			       nfd_dhcp4_message_type_to_string(out.request_type),
			       nfd_dhcp4_reason_to_string(out.reason));
		break;
	default:
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "request dropped: %s",
					    nfd_dhcp4_reason_to_string(out.reason));
		break;
	}
	if (verdict != NFD_VERDICT_REPLY)
		return verdict;
	nfd_plugin_note_reply(plugin, out.reply_type);
	nfd_plugin_note_address(plugin,
				AF_INET,
				out.reply_type == NFD_DHCP4_NAK ? &out.requested : &out.yiaddr);
	nfd_reply_set_eth(reply, out.dst_mac, nfd_binding_get_router_mac(binding));
	nfd_reply_set_ip4(reply, &out.src_ip, &out.dst_ip, 64);
	nfd_reply_set_udp(reply, NFD_DHCP4_SERVER_PORT, out.dst_port);
	nfd_reply_set_payload_length(reply, out.len);
	return NFD_VERDICT_REPLY;
}

static gboolean
nfd_dhcp4_plugin_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	g_autoptr(NfdDhcp4Plugin) self = g_new0(NfdDhcp4Plugin, 1);
	NfdDhcp4Config *cfg = &self->cfg;
	NfdQueueClaim claim = {0};
	NfdDhcp4Plugin *data;

	if (!nfd_dhcp4_config_load(cfg, config, error))
		return FALSE;
	if (!cfg->has_server_ip && !cfg->server_on_link)
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_WARNING,
			       NULL,
			       "neither server-ip nor server-on-link is set: no DHCPv4 replies");

	data = self;
	nfd_plugin_set_data(plugin, g_steal_pointer(&self), (GDestroyNotify)nfd_dhcp4_plugin_free);
	claim.queue_num = nfd_plugin_get_queue(plugin);
	claim.family = AF_INET;
	claim.l4_proto = IPPROTO_UDP;
	claim.dst_port = NFD_DHCP4_SERVER_PORT;
	claim.handle = nfd_dhcp4_plugin_handle;
	claim.user_data = data;
	return nfd_plugin_register_queue(plugin, &claim, error);
}

NFD_PLUGIN_DEFINE(dhcp4,
		  .description = "DHCPv4 responder (RFC 2131) for the taps' bindings",
		  .version = NFD_PACKAGE_VERSION,
		  .origin = "nfdhcpd",
		  .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
		  .config_keys = nfd_dhcp4_config_keys,
		  .legacy_keys = nfd_dhcp4_legacy_keys,
		  .default_queue = 42,
		  .counters = nfd_dhcp4_counter_names,
		  .init = nfd_dhcp4_plugin_init,
		  .message_types = nfd_dhcp4_message_types,
		  .reasons = nfd_dhcp4_counter_names,
		  .explain_request = nfd_dhcp4_plugin_explain_request,
		  .explain_decode = nfd_dhcp4_plugin_explain_decode);
