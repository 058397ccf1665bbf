/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An out-of-tree nfdhcpd plugin, built against the installed SDK (pkg-config nfdhcpd-plugin):
 * the smallest useful responder.  It answers UDP datagrams to port 9999 on a bound tap with
 * "hello <hostname>\n" from the address they were sent to.  Config group [hello]: queue.
 *
 *   cc -shared -fPIC -fvisibility=hidden $(pkg-config --cflags nfdhcpd-plugin) \
 *      -o libnfd-plugin-hello.so nfd-hello-plugin.c
 *   install -m 0644 libnfd-plugin-hello.so $(pkg-config --variable=pluginsdir nfdhcpd-plugin)
 */
#include <netinet/in.h>
#include <stdio.h>

#include <nfdhcpd/nfdhcpd.h>

static NfdVerdict
hello_handle(NfdPlugin *plugin,
	     const NfdPacket *packet,
	     const NfdBinding *binding,
	     NfdReply *reply,
	     gpointer user_data)
{
	struct in_addr src, dst;
	gsize cap = 0;
	guint8 *out = nfd_reply_get_payload_buffer(reply, &cap);
	const gchar *name = nfd_binding_get_hostname(binding);
	gint n;

	if (!nfd_packet_get_ip4_src(packet, &src) || !nfd_packet_get_ip4_dst(packet, &dst))
		return NFD_VERDICT_DROP;
	n = g_snprintf((gchar *)out, cap, "hello %s\n", name != NULL ? name : "stranger");
	nfd_reply_set_payload_length(reply, (gsize)MIN(n, (gint)cap));
	nfd_reply_set_ip4(reply, &dst, &src, 64);
	nfd_reply_set_udp(reply, nfd_packet_get_dst_port(packet), nfd_packet_get_src_port(packet));
	return NFD_VERDICT_REPLY;
}

static gboolean
hello_init(NfdPlugin *plugin, const NfdConfigSection *config, GError **error)
{
	guint64 queue = 60;
	NfdQueueClaim claim = {
	    .family = AF_INET,
	    .l4_proto = IPPROTO_UDP,
	    .dst_port = 9999,
	    .handle = hello_handle,
	};

	if (!nfd_config_section_get_uint(config, "queue", 0, 65535, 60, &queue, error))
		return FALSE;
	claim.queue_num = (guint16)queue;
	return nfd_plugin_register_queue(plugin, &claim, error);
}

static const gchar *const hello_keys[] = {"queue", NULL};

NFD_PLUGIN_DEFINE(hello,
		  .description = "example out-of-tree plugin: says hello on UDP 9999",
		  .version = "1.0",
		  .origin = "nfdhcpd examples",
		  .flags = NFD_PLUGIN_FLAG_NEEDS_BINDING,
		  .config_keys = hello_keys,
		  .init = hello_init);
