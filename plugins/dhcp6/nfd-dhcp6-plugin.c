/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp6 plugin: stateless and stateful DHCPv6 (RFC 8415) for VM taps, from the binding.
 *
 * init() reads [dhcp6] into an NfdDhcp6Config and claims UDP port 547 on the DHCPv6 queue
 * (the core reads `queue`, default 45, or GRNET's [ipv6] dhcpv6_queue); start() makes or reads
 * the server DUID in the state directory (nfd-dhcp6-duid.c); the handler hands the UDP payload
 * to the pure code in nfd-dhcp6-proto.c and addresses the reply: from the router link-local (fe80::
 * + modified EUI-64 of the router MAC) to the request's own source address (original.md §9.1 item
 * 5), UDP 547 -> 546, Ethernet from the router MAC to the request's source MAC.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "nfd-dhcp6-explain.h"
#include "nfd-dhcp6-plugin.h"
#include "nfd-proto.h"

#define NFD_DHCP6_MACHINE_ID_PATH "/etc/machine-id"
/* RFC 8415 does not fix one; 64 as the original (original.md §6.3) */
#define NFD_DHCP6_HOP_LIMIT 64

static void
nfd_dhcp6_plugin_log_result(NfdPlugin *plugin, const NfdBinding *binding, const NfdDhcp6Result *res)
{
	gchar addr[INET6_ADDRSTRLEN];

	if (res->bad_ip6 || res->bad_prefix6 || res->bad_captive_portal)
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "DHCPv6: ignoring unparsable %s",
					    res->bad_ip6       ? "IP6"
					    : res->bad_prefix6 ? "PREFIX6"
							       : "CAPTIVE_PORTAL");
	if (res->drop != NFD_DHCP6_DROP_NONE) {
		nfd_plugin_log(plugin,
			       G_LOG_LEVEL_DEBUG,
			       binding,
			       "DHCPv6: %s dropped: %s",
			       nfd_dhcp6_msg_type_to_string(res->msg_type),
			       nfd_dhcp6_drop_to_string(res->drop));
		return;
	}
	/* §18.3.7, §18.3.8: counted, and warned about through the tap's own warning budget */
	if (res->msg_type == NFD_DHCP6_MSG_RELEASE) {
		nfd_plugin_count(plugin, NFD_DHCP6_COUNTER_RELEASE);
		nfd_plugin_warn_ratelimited(plugin,
					    binding,
					    "DHCPv6: RELEASE of the guest's leases");
	} else if (res->msg_type == NFD_DHCP6_MSG_DECLINE) {
		nfd_plugin_count(plugin, NFD_DHCP6_COUNTER_DECLINE);
		nfd_plugin_warn_ratelimited(
		    plugin,
		    binding,
		    "DHCPv6: DECLINE: the guest says %s is in use on its link",
		    res->declined ? inet_ntop(AF_INET6, &res->declined_addr, addr, sizeof(addr))
				  : "an address");
	}
	/* debug: a line per exchange would flood the log (and allocate) under load */
	nfd_plugin_log(plugin,
		       G_LOG_LEVEL_DEBUG,
		       binding,
		       "DHCPv6: %s -> %s%s%s",
		       nfd_dhcp6_msg_type_to_string(res->msg_type),
		       nfd_dhcp6_msg_type_to_string(res->reply_type),
		       res->addr_assigned ? " address" : "",
		       res->prefix_assigned ? " prefix" : "");
}

static NfdVerdict
nfd_dhcp6_plugin_handle(NfdPlugin *plugin,
			const NfdPacket *packet,
			const NfdBinding *binding,
			NfdReply *reply,
			gpointer user_data)
{
	const NfdDhcp6Config *cfg = user_data;
	NfdDhcp6Result res;
	NfdVerdict verdict;
	struct in6_addr src, dst, router_ll;
	const guint8 *payload;
	guint8 *out;
	gsize len = 0, cap = 0, out_len = 0;

	payload = nfd_packet_get_l4_payload(packet, &len);
	if (payload == NULL || !nfd_packet_get_ip6_src(packet, &src) ||
	    !nfd_packet_get_ip6_dst(packet, &dst))
		return NFD_VERDICT_DROP;
	out = nfd_reply_get_payload_buffer(reply, &cap);
	/* RFC 8415 §16, §18.4: clients send to ff02::1:2 unless given a Server Unicast option */
	verdict = nfd_dhcp6_handle_message(cfg,
					   binding,
					   nfd_packet_get_src_mac(packet),
					   !IN6_IS_ADDR_MULTICAST(&dst),
					   payload,
					   len,
					   out,
					   cap,
					   &out_len,
					   &res);
	if (verdict == NFD_VERDICT_ACCEPT) {
		nfd_dhcp6_plugin_note(plugin, verdict, &res);
		return verdict;
	}
	/* RFC 8415 §13.1: clients send from a link-local address; never answer :: or multicast */
	if (verdict == NFD_VERDICT_REPLY &&
	    (IN6_IS_ADDR_UNSPECIFIED(&src) || IN6_IS_ADDR_MULTICAST(&src))) {
		res.drop = NFD_DHCP6_DROP_MALFORMED;
		verdict = NFD_VERDICT_DROP;
	}
	nfd_dhcp6_plugin_log_result(plugin, binding, &res);
	nfd_dhcp6_plugin_note(plugin, verdict, &res);
	if (verdict != NFD_VERDICT_REPLY)
		return verdict;

	nfd_proto_mac_to_link_local(nfd_binding_get_router_mac(binding), &router_ll);
	nfd_reply_set_payload_length(reply, out_len);
	nfd_reply_set_eth(reply,
			  nfd_packet_get_src_mac(packet),
			  nfd_binding_get_router_mac(binding));
	nfd_reply_set_ip6(reply, &router_ll, &src, NFD_DHCP6_HOP_LIMIT, 0);
	nfd_reply_set_udp(reply, NFD_DHCP6_SERVER_PORT, NFD_DHCP6_CLIENT_PORT);
	return NFD_VERDICT_REPLY;
}

static gboolean
nfd_dhcp6_plugin_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	g_autofree NfdDhcp6Config *cfg = g_new0(NfdDhcp6Config, 1);
	NfdQueueClaim claim = {0};

	if (!nfd_dhcp6_config_load(cfg, config, error))
		return FALSE;

	claim.queue_num = nfd_plugin_get_queue(plugin);
	claim.family = AF_INET6;
	claim.l4_proto = IPPROTO_UDP;
	claim.dst_port = NFD_DHCP6_SERVER_PORT;
	claim.handle = nfd_dhcp6_plugin_handle;
	claim.user_data = cfg;
	if (!nfd_plugin_register_queue(plugin, &claim, error))
		return FALSE;
	nfd_plugin_set_data(plugin, g_steal_pointer(&cfg), g_free);
	return TRUE;
}

/* the server DUID: [dhcp6] duid-mac, else the one kept in the state directory, else made now
 * and kept there (nfd-dhcp6-duid.c) */
static gboolean
nfd_dhcp6_plugin_start(NfdPlugin *plugin, GError **error)
{
	NfdDhcp6Config *cfg = nfd_plugin_get_data(plugin);
	gboolean saved = FALSE;
	g_autofree gchar *source = nfd_dhcp6_duid_load(cfg,
						       nfd_plugin_get_state_dir(plugin),
						       NFD_DHCP6_MACHINE_ID_PATH,
						       &saved);
	g_autofree gchar *hex = nfd_dhcp6_duid_format(cfg->duid, cfg->duid_len);

	nfd_plugin_log(plugin,
		       saved || g_str_has_prefix(source, "[dhcp6]") ? G_LOG_LEVEL_INFO
								    : G_LOG_LEVEL_WARNING,
		       NULL,
		       "server DUID %s (from %s)",
		       hex,
		       source);
	return TRUE;
}

NFD_PLUGIN_DEFINE(dhcp6,
		  .description = "stateless and stateful DHCPv6 server (RFC 8415) from the binding",
		  .version = NFD_PACKAGE_VERSION,
		  .origin = "nfdhcpd",
		  .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
		  .config_keys = nfd_dhcp6_config_keys,
		  .legacy_keys = nfd_dhcp6_legacy_keys,
		  .default_queue = 45,
		  .counters = nfd_dhcp6_counter_names,
		  .init = nfd_dhcp6_plugin_init,
		  .start = nfd_dhcp6_plugin_start,
		  .dump = nfd_dhcp6_plugin_dump,
		  .message_types = nfd_dhcp6_message_types,
		  .reasons = nfd_dhcp6_reasons,
		  .explain_request = nfd_dhcp6_plugin_explain_request,
		  .explain_decode = nfd_dhcp6_plugin_explain_decode);
