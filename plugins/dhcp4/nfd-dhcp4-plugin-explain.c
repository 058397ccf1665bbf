/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dhcp4 plugin's explain hooks (SDK 1.1, `nfdhcpctl explain TAP dhcp4`): the DISCOVER the
 * tap's guest would send, addressed as RFC 2131 §4.1 says (0.0.0.0:68 to
 * 255.255.255.255:67), and the decoder of DHCP messages.  Glue between the SDK and the pure
 * code of nfd-dhcp4-explain.c.
 */
#include <arpa/inet.h>

#include "nfd-dhcp4-proto.h"
#include "nfd-plugin.h"

gboolean
nfd_dhcp4_plugin_explain_request(NfdPlugin *plugin,
				 const NfdBinding *binding,
				 const guint8 *mac,
				 const guint8 *request_list,
				 gsize request_list_len,
				 NfdReply *request,
				 GError **error)
{
	struct in_addr any = {.s_addr = htonl(INADDR_ANY)};
	struct in_addr all = {.s_addr = htonl(INADDR_BROADCAST)};
	gsize cap = 0;
	guint8 *buf = nfd_reply_get_payload_buffer(request, &cap);
	gsize len = nfd_dhcp4_explain_discover(buf,
					       cap,
					       mac,
					       request_list,
					       request_list_len,
					       g_random_int());

	if (len == 0) {
		g_set_error(error, NFD_ERROR, NFD_ERROR_FAILED, "the DISCOVER does not fit");
		return FALSE;
	}
	nfd_reply_set_ip4(request, &any, &all, 64);
	nfd_reply_set_udp(request, NFD_DHCP4_CLIENT_PORT, NFD_DHCP4_SERVER_PORT);
	nfd_reply_set_payload_length(request, len);
	return TRUE;
}

void
nfd_dhcp4_plugin_explain_decode(NfdPlugin *plugin, const NfdPacket *packet, NfdFields *out)
{
	gsize len = 0;
	const guint8 *msg = nfd_packet_get_l4_payload(packet, &len);

	nfd_dhcp4_explain_decode(msg, len, out);
}
