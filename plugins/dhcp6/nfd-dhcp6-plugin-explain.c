/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the dhcp6 plugin tells the operator, on the SDK: the notes for the tap's statistics
 * and events, the SIGUSR1 dump of its configuration, and the explain hooks (SDK 1.1): the
 * Solicit the tap's guest sends (from its link-local address to All_DHCP_Relay_Agents_and_
 * Servers, RFC 8415 §7.1, §18.2.1) and the decoder of DHCPv6 messages.
 */
#include <arpa/inet.h>

#include "nfd-dhcp6-explain.h"
#include "nfd-dhcp6-plugin.h"
#include "nfd-proto.h"

void
nfd_dhcp6_plugin_note(NfdPlugin *plugin, NfdVerdict verdict, const NfdDhcp6Result *res)
{
	nfd_plugin_note_message(plugin,
				res->msg_type,
				verdict == NFD_VERDICT_ACCEPT ? NFD_DHCP6_REASON_NO_IPV6
							      : (guint)res->drop + 1u);
	if (verdict != NFD_VERDICT_REPLY)
		return;
	nfd_plugin_note_reply(plugin, res->reply_type);
	if (res->addr_assigned)
		nfd_plugin_note_address(plugin, AF_INET6, &res->addr);
	else if (res->prefix_assigned)
		nfd_plugin_note_address(plugin, AF_INET6, &res->prefix);
}

void
nfd_dhcp6_plugin_dump(NfdPlugin *plugin, GString *out)
{
	const NfdDhcp6Config *cfg = nfd_plugin_get_data(plugin);

	if (cfg == NULL)
		return;
	g_string_append(out, "server DUID: ");
	for (gsize i = 0; i < cfg->duid_len; i++)
		g_string_append_printf(out, "%s%02x", i > 0 ? ":" : "", cfg->duid[i]);
	g_string_append_printf(out,
			       "\nlifetimes: preferred %u valid %u t1 %u t2 %u, rapid commit %s, "
			       "preference %u, captive portal %s\n",
			       cfg->preferred_lifetime,
			       cfg->valid_lifetime,
			       cfg->t1,
			       cfg->t2,
			       cfg->rapid_commit ? "on" : "off",
			       cfg->preference,
			       cfg->captive_portal_len > 0 ? cfg->captive_portal : "none");
}

gboolean
nfd_dhcp6_plugin_explain_request(NfdPlugin *plugin,
				 const NfdBinding *binding,
				 const guint8 *mac,
				 const guint8 *request_list,
				 gsize request_list_len,
				 NfdReply *request,
				 GError **error)
{
	static const guint8 servers_mac[6] = {0x33, 0x33, 0, 1, 0, 2};
	struct in6_addr src, servers = {.s6_addr = {0xff, 0x02, [13] = 1, [15] = 2}};
	gsize cap = 0;
	guint8 *buf = nfd_reply_get_payload_buffer(request, &cap);
	gsize len = nfd_dhcp6_explain_solicit(buf,
					      cap,
					      mac,
					      request_list,
					      request_list_len,
					      g_random_int());

	if (len == 0) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "the Solicit does not fit");
		return FALSE;
	}
	nfd_proto_mac_to_link_local(mac, &src);
	nfd_reply_set_payload_length(request, len);
	nfd_reply_set_ip6(request, &src, &servers, 1, 0);
	nfd_reply_set_udp(request, NFD_DHCP6_CLIENT_PORT, NFD_DHCP6_SERVER_PORT);
	nfd_reply_set_eth(request, servers_mac, NULL);
	return TRUE;
}

void
nfd_dhcp6_plugin_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out)
{
	gsize len = 0;
	const guint8 *msg = nfd_packet_get_l4_payload(packet, &len);

	nfd_dhcp6_explain_decode(msg, len, out);
}
