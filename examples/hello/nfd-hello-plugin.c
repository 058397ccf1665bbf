/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An out-of-tree nfdhcpd plugin, written against the installed SDK alone (the headers and
 * share/doc/nfdhcpd/plugin-guide.md): the smallest useful responder.  A guest that sends a UDP
 * datagram to port 9999 of any address through its tap gets "hello <hostname>\n" back from the
 * address it wrote to.  Taps without a binding are not ours.  Config group [hello]: queue
 * (default 60), greeting (default "hello").
 *
 *   cc -shared -fPIC $(pkg-config --cflags nfdhcpd-plugin) -o libnfd-plugin-hello.so \
 *      nfd-hello-plugin.c
 *   install -m 0644 libnfd-plugin-hello.so $(pkg-config --variable=pluginsdir nfdhcpd-plugin)
 */
#include <netinet/in.h>
#include <sys/socket.h>

#include <nfdhcpd/nfdhcpd.h>

#define HELLO_PORT 9999

/* the plugin's counters, by index (nfd_plugin_count()) */
enum { HELLO_GREETED, HELLO_TOO_SHORT };
static const gchar *const hello_counters[] = {"greeted", "too_short", NULL};

static const gchar *const hello_keys[] = {"greeting", NULL};

static NfdVerdict
hello_handle(NfdPlugin *plugin,
	     const NfdPacket *packet,
	     const NfdBinding *binding,
	     NfdReply *reply,
	     gpointer user_data)
{
	const gchar *greeting = user_data;
	const gchar *name = nfd_binding_get_hostname(binding);
	struct in_addr src, dst;
	gsize cap = 0;
	guint8 *out = nfd_reply_get_payload_buffer(reply, &cap);
	gint n;

	/* the claim says IPv4 and UDP: these cannot fail, but a handler checks what it reads */
	if (!nfd_packet_get_ip4_src(packet, &src) || !nfd_packet_get_ip4_dst(packet, &dst)) {
		nfd_plugin_count(plugin, HELLO_TOO_SHORT);
		return NFD_VERDICT_DROP;
	}
	n = g_snprintf((gchar *)out, cap, "%s %s\n", greeting, name != NULL ? name : "stranger");
	nfd_reply_set_payload_length(reply, MIN((gsize)n, cap));
	/* the reply already goes to the guest's MAC from the router MAC, on its tap */
	nfd_reply_set_ip4(reply, &dst, &src, 64);
	nfd_reply_set_udp(reply, nfd_packet_get_dst_port(packet), nfd_packet_get_src_port(packet));
	nfd_plugin_count(plugin, HELLO_GREETED);
	return NFD_VERDICT_REPLY;
}

static gboolean
hello_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	NfdQueueClaim claim = {
	    .queue_num = nfd_plugin_get_queue(plugin),
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = HELLO_PORT,
	    .handle = hello_handle,
	};
	gchar *greeting = g_strdup(nfd_config_section_get_string(config, "greeting", "hello"));

	/* the greeting goes with the plugin instance; the claim borrows it */
	nfd_plugin_set_data(plugin, greeting, g_free);
	claim.user_data = greeting;
	return nfd_plugin_register_queue(plugin, &claim, error);
}

NFD_PLUGIN_DEFINE(hello,
		  .description = "example out-of-tree plugin: says hello on UDP 9999",
		  .version = "1.0",
		  .origin = "nfdhcpd examples",
		  .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
		  .config_keys = hello_keys,
		  .default_queue = 60,
		  .counters = hello_counters,
		  .init = hello_init);
