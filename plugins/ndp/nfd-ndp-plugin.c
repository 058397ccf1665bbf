/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ndp plugin: Neighbor Solicitations from VM taps (NFQUEUE, ICMPv6 type 135).  Answers
 * for the gateway (GATEWAY6, router link-local) and defends them against DAD; on routed taps
 * (by default) also answers for the rest of SUBNET6, so VMs reach each other through the host;
 * gives every other valid NS back to the kernel.  It remembers the addresses each VM defends by
 * DAD and prints them on SIGUSR1.  Protocol code is in nfd-ndp-proto.c.
 */
#include <netinet/icmp6.h>
#include <sys/socket.h>

#include "nfd-ndp-reply.h"
#include "nfd-plugin.h"
#include "nfd-proto.h"
#include "nfd-tap-table.h"

typedef struct {
	NfdNdpProxyMode proxy;
	NfdTapTable *taps; /* tap name -> NfdNdpSnoop, freed in slices (issue 16) */
} NfdNdpPlugin;

static const gchar *const nfd_ndp_config_keys[] = {"proxy", NULL};

/* GRNET's [ipv6] ns_queue (original.md §2.3) is the plugin's queue */
static const NfdConfigAlias nfd_ndp_legacy_keys[] = {
    {"ipv6", "ns_queue", "queue"},
    {NULL, NULL, NULL},
};

static NfdVerdict
nfd_ndp_plugin_handle(NfdPlugin *plugin,
		      const NfdPacket *packet,
		      const NfdBinding *binding,
		      NfdReply *reply,
		      gpointer user_data)
{
	NfdNdpPlugin *self = user_data;
	NfdNdpSnoop *snoop = nfd_tap_table_lookup(self->taps, nfd_binding_get_tap(binding));
	struct in6_addr target;
	guint reason = NFD_NDP_REASON_MALFORMED;
	NfdVerdict verdict = nfd_ndp_reply_answer(plugin,
						  self->proxy,
						  snoop,
						  packet,
						  binding,
						  reply,
						  &reason,
						  &target);

	/* SDK 1.1: the tap's statistics and events */
	nfd_plugin_note_message(plugin, NFD_NDP_TYPE_NS, reason);
	if (verdict == NFD_VERDICT_REPLY) {
		nfd_plugin_note_reply(plugin, NFD_NDP_TYPE_NA);
		nfd_plugin_note_address(plugin, AF_INET6, &target);
	}
	return verdict;
}

static void
nfd_ndp_plugin_binding_changed(NfdPlugin *plugin, const NfdBinding *binding, NfdBindingEvent event)
{
	NfdNdpPlugin *self = nfd_plugin_get_data(plugin);
	const gchar *tap = nfd_binding_get_tap(binding);

	/* the table is allocated here, never per packet; a changed binding keeps it */
	if (event == NFD_BINDING_EVENT_REMOVED)
		nfd_tap_table_remove(self->taps, tap);
	else
		nfd_tap_table_insert(self->taps, tap, NULL);
}

static void
nfd_ndp_plugin_dump(NfdPlugin *plugin, GString *out)
{
	NfdNdpPlugin *self = nfd_plugin_get_data(plugin);
	GHashTableIter iter;
	gpointer snoop;

	nfd_tap_table_iter_init(&iter, self->taps);
	while (nfd_tap_table_iter_next(&iter, &snoop)) {
		g_string_append_printf(out,
				       "ndp: %s defends: ",
				       nfd_tap_table_entry_get_tap(snoop));
		nfd_ndp_snoop_dump(snoop, out);
		g_string_append_c(out, '\n');
	}
}

static void
nfd_ndp_plugin_free(gpointer data)
{
	NfdNdpPlugin *self = data;

	g_clear_pointer(&self->taps, nfd_tap_table_free);
	g_free(self);
}

static gboolean
nfd_ndp_plugin_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	NfdNdpPlugin *self = g_new0(NfdNdpPlugin, 1);
	NfdQueueClaim claim = {.family = AF_INET6,
			       .l4_proto = IPPROTO_ICMPV6,
			       .icmp6_type = ND_NEIGHBOR_SOLICIT,
			       .handle = nfd_ndp_plugin_handle,
			       .user_data = self};
	self->taps = nfd_tap_table_new(sizeof(NfdNdpSnoop));
	nfd_plugin_set_data(plugin, self, nfd_ndp_plugin_free);
	if (!nfd_ndp_proxy_mode_parse(nfd_config_section_get_string(config, "proxy", "auto"),
				      &self->proxy)) {
		g_autofree gchar *where = nfd_config_section_describe_key(config, "proxy");
		g_set_error(error,
			    NFD_ERROR,
			    NFD_ERROR_CONFIG,
			    "%s: expected auto (routed taps only), yes (every tap) or no",
			    where);
		return FALSE;
	}
	claim.queue_num = nfd_plugin_get_queue(plugin);
	return nfd_plugin_register_queue(plugin, &claim, error);
}

NFD_PLUGIN_DEFINE(
    ndp,
    .description = "Neighbor Advertisements for the gateway and proxy NDP (RFC 4861, 4389)",
    .version = NFD_PACKAGE_VERSION,
    .origin = "nfdhcpd",
    .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
    .config_keys = nfd_ndp_config_keys,
    .legacy_keys = nfd_ndp_legacy_keys,
    .default_queue = 44,
    .init = nfd_ndp_plugin_init,
    .binding_changed = nfd_ndp_plugin_binding_changed,
    .dump = nfd_ndp_plugin_dump,
    .message_types = nfd_ndp_message_types,
    .reasons = nfd_ndp_reasons,
    .explain_request = nfd_ndp_reply_explain_request,
    .explain_decode = nfd_ndp_reply_explain_decode);
